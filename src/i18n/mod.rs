//! The two interface languages: which one is in effect (`--lang`, the settings file, LANG),
//! the `tr!` macro for text written in both, and `localize`, which renders in Chinese the
//! English sentences the lower layers (model, store, io, client, server) produce.
//!
//! The layers below the command line and the screen do not know who is reading, so they
//! write one English sentence, which is also what crosses the server's socket. That sentence
//! is the key of the catalogue (as a gettext msgid is): `localize` finds the template it was
//! made from and fills the Chinese template with the same values, themselves localized when
//! they are sentences of the catalogue too. English output is exactly what the layers wrote.

mod catalogue;

use std::sync::OnceLock;

/// An interface language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Zh,
    En,
}

impl Lang {
    /// --lang (or the settings file) first, then the environment.
    pub fn choose(flag: Option<&str>) -> anyhow::Result<Lang> {
        match flag {
            Some("zh") | Some("zh-CN") => Ok(Lang::Zh),
            Some("en") => Ok(Lang::En),
            Some(other) => {
                anyhow::bail!("the language “{other}” is not known; use --lang zh or --lang en")
            }
            None => Ok(Lang::from_env()),
        }
    }

    /// LC_ALL, else LANG: zh* is Chinese, anything else (C, POSIX, en_US, unset) English.
    pub fn from_env() -> Lang {
        let lang = std::env::var("LC_ALL")
            .ok()
            .filter(|s| !s.is_empty())
            .or_else(|| std::env::var("LANG").ok())
            .unwrap_or_default();
        if lang.starts_with("zh") {
            Lang::Zh
        } else {
            Lang::En
        }
    }

    /// The Chinese or the English of a pair.
    pub fn pick<T>(self, zh: T, en: T) -> T {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }

    /// A date as the locale writes it: 2026年11月25日 or 2026-11-25.
    pub fn date(self, d: chrono::NaiveDate) -> String {
        match self {
            Lang::Zh => d.format("%Y年%-m月%-d日").to_string(),
            Lang::En => d.format("%Y-%m-%d").to_string(),
        }
    }

    /// How a sentence joins the cause it names: `: ` or `：`.
    pub fn colon(self) -> &'static str {
        self.pick("：", ": ")
    }

    /// Names as a sentence lists them: `A`, `A and B`, `A, B and C`; `A`、`A和B`、`A、B和C`.
    pub fn listing(self, names: &[String]) -> String {
        match names.split_last() {
            Some((last, rest)) if !rest.is_empty() => match self {
                Lang::Zh => format!("{}和{last}", rest.join("、")),
                Lang::En => format!("{} and {last}", rest.join(", ")),
            },
            Some((last, _)) => last.clone(),
            None => String::new(),
        }
    }
}

/// A count and its English noun, singular for one: `count(1, "person", "people")` is
/// `1 person`, `count(3, …)` is `3 people`. Chinese needs no such helper.
pub fn count(n: impl std::fmt::Display, one: &str, many: &str) -> String {
    let n = n.to_string();
    let noun = if n == "1" { one } else { many };
    format!("{n} {noun}")
}

/// Text in both languages, formatted with the names it captures: `tr!(lang, "共 {n} 户",
/// "{n} households")`. Both templates capture variables by name, so either may leave one out.
#[macro_export]
macro_rules! tr {
    ($lang:expr, $zh:literal, $en:literal $(,)?) => {
        match $lang {
            $crate::i18n::Lang::Zh => format!($zh),
            $crate::i18n::Lang::En => format!($en),
        }
    };
}

/// A sentence of a lower layer in `lang`: as it is in English, from the catalogue in Chinese
/// (unchanged when the catalogue does not know it, such as an operating system's message).
pub fn localize(sentence: &str, lang: Lang) -> String {
    match lang {
        Lang::En => sentence.to_string(),
        Lang::Zh => to_zh(sentence, 0),
    }
}

/// An error and its causes as one sentence in `lang`: the outermost message, with each cause
/// after a colon when it adds something.
pub fn error_sentence(e: &anyhow::Error, lang: Lang) -> String {
    let outer = e.to_string();
    let mut s = localize(&outer, lang);
    if let Some(cause) = e.chain().nth(1) {
        let c = cause.to_string();
        if !outer.contains(&c) {
            s = format!("{s}{}{}", lang.colon(), localize(&c, lang));
        }
    }
    s
}

/// One piece of a template: literal text, or the value numbered `{n}`.
#[derive(Debug, PartialEq)]
enum Piece<'a> {
    Text(&'a str),
    Value(usize),
}

struct Entry {
    en: Vec<Piece<'static>>,
    zh: &'static str,
    /// How many characters of the English are literal: the longest match wins.
    weight: usize,
}

fn pieces(template: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let close = rest[open..].find('}').map(|c| open + c);
        let n = close.and_then(|c| rest[open + 1..c].parse::<usize>().ok());
        match (close, n) {
            (Some(close), Some(n)) => {
                if open > 0 {
                    out.push(Piece::Text(&rest[..open]));
                }
                out.push(Piece::Value(n));
                rest = &rest[close + 1..];
            }
            _ => {
                // A brace that is not a placeholder is text.
                out.push(Piece::Text(&rest[..open + 1]));
                rest = &rest[open + 1..];
            }
        }
    }
    if !rest.is_empty() {
        out.push(Piece::Text(rest));
    }
    out
}

fn entries() -> &'static [Entry] {
    static ENTRIES: OnceLock<Vec<Entry>> = OnceLock::new();
    ENTRIES.get_or_init(|| {
        catalogue::SENTENCES
            .iter()
            .map(|(en, zh)| {
                let en = pieces(en);
                let weight = en
                    .iter()
                    .map(|p| match p {
                        Piece::Text(t) => t.chars().count(),
                        Piece::Value(_) => 0,
                    })
                    .sum();
                Entry { en, zh, weight }
            })
            .collect()
    })
}

/// The values of `s` if it is `template` filled in, or None.
fn capture<'s>(template: &[Piece<'_>], s: &'s str, values: &mut Vec<(usize, &'s str)>) -> bool {
    match template {
        [] => s.is_empty(),
        [Piece::Text(t), rest @ ..] => s.strip_prefix(t).is_some_and(|s| capture(rest, s, values)),
        [Piece::Value(n)] => {
            values.push((*n, s));
            true
        }
        [Piece::Value(n), Piece::Text(t), rest @ ..] => {
            // Try each place the text after the value occurs, nearest first.
            let mut from = 0;
            while let Some(at) = s[from..].find(t).map(|a| from + a) {
                let mark = values.len();
                values.push((*n, &s[..at]));
                if capture(rest, &s[at + t.len()..], values) {
                    return true;
                }
                values.truncate(mark);
                from = at + s[at..].chars().next().map_or(1, char::len_utf8);
            }
            false
        }
        // Two values side by side cannot be told apart; the catalogue's test forbids it.
        [Piece::Value(_), Piece::Value(_), ..] => false,
    }
}

fn to_zh(sentence: &str, depth: usize) -> String {
    if depth > 4 || sentence.is_empty() {
        return sentence.to_string();
    }
    let mut best: Option<(&Entry, Vec<(usize, &str)>)> = None;
    for e in entries() {
        if best.as_ref().is_some_and(|(b, _)| b.weight >= e.weight) {
            continue;
        }
        let mut values = Vec::new();
        if capture(&e.en, sentence, &mut values) {
            best = Some((e, values));
        }
    }
    let Some((entry, values)) = best else {
        return sentence.to_string();
    };
    let mut out = String::new();
    for p in pieces(entry.zh) {
        match p {
            Piece::Text(t) => out.push_str(t),
            Piece::Value(n) => {
                if let Some((_, v)) = values.iter().find(|(i, _)| *i == n) {
                    out.push_str(&to_zh(v, depth + 1));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_entry_has_the_same_values_in_both_languages_and_none_side_by_side() {
        for (en, zh) in catalogue::SENTENCES {
            let numbers = |t: &'static str| {
                let mut v: Vec<usize> = pieces(t)
                    .into_iter()
                    .filter_map(|p| match p {
                        Piece::Value(n) => Some(n),
                        Piece::Text(_) => None,
                    })
                    .collect();
                v.sort();
                v.dedup();
                v
            };
            assert_eq!(numbers(en), numbers(zh), "{en}");
            let p = pieces(en);
            assert!(
                !p.windows(2)
                    .any(|w| matches!(w, [Piece::Value(_), Piece::Value(_)])),
                "{en}"
            );
            assert!(!p.iter().all(|x| matches!(x, Piece::Value(_))), "{en}");
        }
    }

    #[test]
    fn no_two_entries_share_their_english() {
        let mut seen = std::collections::HashSet::new();
        for (en, _) in catalogue::SENTENCES {
            assert!(seen.insert(*en), "{en} is in the catalogue twice");
        }
    }

    #[test]
    fn a_sentence_is_rendered_with_its_values_and_english_is_untouched() {
        let s = "the phone “12345” is neither an 11-digit mobile nor a landline with its area code";
        assert_eq!(localize(s, Lang::En), s);
        assert_eq!(
            localize(s, Lang::Zh),
            "电话“12345”既不是 11 位手机号，也不是带区号的固定电话"
        );
    }

    #[test]
    fn values_that_are_sentences_are_rendered_too() {
        let s = "the phone “1” is neither an 11-digit mobile nor a landline with its area code; write it as 13812345678 or 0760-88123456";
        assert_eq!(
            localize(s, Lang::Zh),
            "电话“1”既不是 11 位手机号，也不是带区号的固定电话；请写成 13812345678 或 0760-88123456"
        );
    }

    #[test]
    fn an_unknown_sentence_is_left_as_it_is() {
        assert_eq!(
            localize("Permission denied (os error 13)", Lang::Zh),
            "Permission denied (os error 13)"
        );
    }

    #[test]
    fn an_error_chain_joins_with_the_locale_colon() {
        let e = anyhow::anyhow!("Permission denied (os error 13)").context("the connection closed");
        assert_eq!(
            error_sentence(&e, Lang::En),
            "the connection closed: Permission denied (os error 13)"
        );
        assert_eq!(
            error_sentence(&e, Lang::Zh),
            "连接已关闭：Permission denied (os error 13)"
        );
    }

    #[test]
    fn listings_read_as_each_language_writes_them() {
        let names: Vec<String> = ["花苑社区", "东裕社区", "夏洋社区"]
            .into_iter()
            .map(String::from)
            .collect();
        assert_eq!(Lang::En.listing(&names), "花苑社区, 东裕社区 and 夏洋社区");
        assert_eq!(Lang::Zh.listing(&names), "花苑社区、东裕社区和夏洋社区");
        assert_eq!(Lang::Zh.listing(&names[..1]), "花苑社区");
    }
}

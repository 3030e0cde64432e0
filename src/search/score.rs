//! The tiers a match can fall in and the scores that rank them: exact before prefix before
//! contains, the usual reading of a name before its other readings, strict before fuzzy.

use nucleo_matcher::{Config, Matcher, Utf32Str};
use serde::{Deserialize, Serialize};
use std::cell::RefCell;

use super::reading::{initials_of, USUAL};

/// How a hit matched the query.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchKind {
    /// The name in hanzi.
    Name,
    /// The name's pinyin, in full or from its start.
    Pinyin,
    /// The initials of the name's pinyin.
    Initials,
    /// The last digits of a phone.
    Phone,
    /// The last characters of an ID number.
    IdNumber,
    /// The household's address.
    Address,
}

pub const NAME_EXACT: u32 = 1000;
pub const ADDRESS_EXACT: u32 = 990;
pub const NAME_PREFIX: u32 = 960;
/// A building or an entrance: every household in it.
pub const ADDRESS_PART: u32 = 950;
/// Rooms whose number starts with the digits typed (`5-2-3` → 301, 302, ...).
pub const ADDRESS_ROOM_PREFIX: u32 = 940;
pub const NAME_CONTAINS: u32 = 920;
pub const PINYIN_EXACT: u32 = 900;
/// Pinyin by prefix that ends where a syllable ends: `chen` is the whole first syllable of
/// 陈伟 (ChenWei) but only the start of 程一诺's (ChengYiNuo), which ranks below.
pub const PINYIN_SYLLABLES: u32 = 880;
pub const PINYIN_PREFIX: u32 = 860;
pub const INITIALS_EXACT: u32 = 820;
pub const INITIALS_PREFIX: u32 = 780;
pub const PHONE_TAIL: u32 = 760;
pub const ID_TAIL: u32 = 740;
/// The pinyin of a later syllable onwards: `xiaoming` finds 曾小明.
pub const PINYIN_INSIDE: u32 = 700;
/// Fuzzy pinyin scores lie below this.
pub const FUZZY_CEILING: u32 = 600;
/// How much lower a reading ranks when it is not the usual one.
pub const OTHER_READING: u32 = 10;

/// Pinyin queries shorter than this do not look inside names or fuzzily.
pub const MIN_LOOSE: usize = 3;
/// Looking inside a name starts at one of its syllables 2 to 8 (index 1 to 7).
pub const LAST_INSIDE: usize = 7;

/// The score of a strict pinyin tier for a key at a reading level.
#[inline]
pub fn at_level(tier: u32, level: u8) -> u32 {
    if level == USUAL {
        tier
    } else {
        tier - OTHER_READING
    }
}

/// The fuzzy score of a key, from nucleo's score: always below [`FUZZY_CEILING`].
#[inline]
pub fn fuzzy_score(nucleo: u16, level: u8) -> u32 {
    100 + u32::from(nucleo.min(240)) * 2 + u32::from(level == USUAL)
}

thread_local! {
    static MATCHER: RefCell<Matcher> = RefCell::new(Matcher::new({
        let mut c = Config::DEFAULT;
        c.prefer_prefix = true;
        c
    }));
}

/// nucleo's fuzzy score of a CamelCase key for a lowercase query (capitals are syllable
/// boundaries and earn its camel-case bonus).
pub fn nucleo(key: &[u8], query: &[u8]) -> Option<u16> {
    MATCHER.with(|m| {
        m.borrow_mut()
            .fuzzy_match(Utf32Str::Ascii(key), Utf32Str::Ascii(query))
    })
}

/// Whether a lowercase query occurs in a key from a syllable after the first.
pub fn inside(key: &[u8], query: &[u8]) -> bool {
    if query.len() < MIN_LOOSE || key.len() <= query.len() {
        return false;
    }
    (1..=key.len() - query.len())
        .any(|i| key[i].is_ascii_uppercase() && eq_lower(&key[i..i + query.len()], query))
}

/// Compares a key's bytes, lowercased, with a lowercase query.
#[inline]
pub fn eq_lower(key: &[u8], query: &[u8]) -> bool {
    key.len() == query.len() && key.iter().zip(query).all(|(k, q)| k | 0x20 == *q)
}

/// The best strict score of one key for a pinyin query, or with `loose` its fuzzy score:
/// the rules the bulk index answers with sorted lists, spelled out for one key (the
/// recent-writes buffer uses them).
pub fn score_key(
    key: &[u8],
    level: u8,
    query: &[u8],
    loose: bool,
    initials: &mut Vec<u8>,
) -> Option<(u32, MatchKind)> {
    let n = query.len();
    if eq_lower(key, query) {
        return Some((at_level(PINYIN_EXACT, level), MatchKind::Pinyin));
    }
    if key.len() > n && eq_lower(&key[..n], query) {
        let tier = if ends_syllables(key, n) {
            PINYIN_SYLLABLES
        } else {
            PINYIN_PREFIX
        };
        return Some((at_level(tier, level), MatchKind::Pinyin));
    }
    initials_of(key, initials);
    if initials.as_slice() == query {
        return Some((at_level(INITIALS_EXACT, level), MatchKind::Initials));
    }
    if initials.len() > n && &initials[..n] == query {
        return Some((at_level(INITIALS_PREFIX, level), MatchKind::Initials));
    }
    if inside(key, query) {
        return Some((at_level(PINYIN_INSIDE, level), MatchKind::Pinyin));
    }
    if loose && fuzzy_applies(initials, query) {
        if let Some(s) = nucleo(key, query) {
            return Some((fuzzy_score(s, level), MatchKind::Pinyin));
        }
    }
    None
}

/// Whether the first `n` letters of a key are whole syllables: keys mark the start of each
/// syllable with a capital (ZengXiaoMing).
#[inline]
pub fn ends_syllables(key: &[u8], n: usize) -> bool {
    key.get(n).is_none_or(|b| b.is_ascii_uppercase())
}

/// Fuzzy matching is tried on keys of two syllables or more whose first syllable starts with
/// the query's first letter and whose second syllable's initial is typed somewhere after it:
/// every syllable up to the last one matched is typed at least by its initial.
#[inline]
pub fn fuzzy_applies(initials: &[u8], query: &[u8]) -> bool {
    query.len() >= MIN_LOOSE
        && initials.len() >= 2
        && initials[0] == query[0]
        && query[1..].contains(&initials[1])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::reading::OTHER;

    #[test]
    fn tiers_rank_exact_then_prefix_then_initials_then_inside_then_fuzzy() {
        let mut buf = Vec::new();
        let key = b"ZengXiaoMing";
        let s = |q: &str, l, buf: &mut Vec<u8>| score_key(key, l, q.as_bytes(), true, buf);
        assert_eq!(
            s("zengxiaoming", USUAL, &mut buf),
            Some((900, MatchKind::Pinyin))
        );
        assert_eq!(
            s("zengxiaoming", OTHER, &mut buf),
            Some((890, MatchKind::Pinyin))
        );
        assert_eq!(s("zengx", USUAL, &mut buf), Some((860, MatchKind::Pinyin)));
        assert_eq!(s("zeng", USUAL, &mut buf), Some((880, MatchKind::Pinyin)));
        assert_eq!(
            s("zengxiao", OTHER, &mut buf),
            Some((870, MatchKind::Pinyin))
        );
        assert_eq!(s("zxm", USUAL, &mut buf), Some((820, MatchKind::Initials)));
        assert_eq!(s("zx", USUAL, &mut buf), Some((780, MatchKind::Initials)));
        assert_eq!(
            s("xiaoming", USUAL, &mut buf),
            Some((700, MatchKind::Pinyin))
        );
        let fuzzy = s("zengxm", USUAL, &mut buf).unwrap();
        assert!(fuzzy.0 < FUZZY_CEILING, "{fuzzy:?}");
        assert_eq!(s("zhang", USUAL, &mut buf), None);
        assert_eq!(
            s("iaoming", USUAL, &mut buf),
            None,
            "inside starts at a syllable"
        );
    }
}

//! What a typed query asks for: a name in hanzi, pinyin, the end of a phone or ID number, or
//! an address. Each part that applies is searched; the rest stay `None`.

use super::digits::Tail;
use crate::model::address::{fold_width, AddressQuery};

/// Digits needed before a number is read as the end of a phone or ID number.
pub const MIN_TAIL: usize = 4;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    /// Non-ASCII text (hanzi), whitespace removed.
    pub name: Option<String>,
    /// Lowercase ASCII letters, spaces and apostrophes removed.
    pub pinyin: Option<Vec<u8>>,
    pub phone: Option<Tail>,
    pub id: Option<Tail>,
    pub address: Option<AddressQuery>,
}

impl Query {
    /// Reads a query as typed:
    /// - an address with separators or words (`5-2-301`, `5-2`, `5栋2单元301`), or a bare
    ///   number of fewer than 4 digits (a building);
    /// - 4 or more digits (spaces and dashes allowed): the end of a phone or of an ID number;
    ///   digits ending in X: the end of an ID number;
    /// - ASCII letters: pinyin, in full or by initials (`ü` may be typed as `v`);
    /// - anything else non-ASCII: a name in hanzi.
    pub fn parse(text: &str) -> Query {
        let folded = fold_width(&fold_full_width(text.trim())).replace(['ü', 'Ü'], "v");
        let t = folded.trim();
        let mut q = Query::default();
        if t.is_empty() {
            return q;
        }
        let bare_digits = t.bytes().all(|b| b.is_ascii_digit());
        if let Ok(a) = AddressQuery::parse(t) {
            if !bare_digits || t.len() < MIN_TAIL {
                q.address = Some(a);
                return q;
            }
        }
        if !t.is_ascii() {
            let name: String = t
                .chars()
                .filter(|&c| !c.is_whitespace() && !c.is_control() && !is_zero_width(c))
                .collect();
            q.name = (!name.is_empty()).then_some(name);
            return q;
        }
        let compact: Vec<u8> = t
            .strip_prefix("+86")
            .unwrap_or(t)
            .bytes()
            .filter(|b| !matches!(b, b' ' | b'\t' | b'-' | b'\'' | b'(' | b')'))
            .collect();
        if compact.is_empty() {
            return q;
        }
        if compact.iter().all(u8::is_ascii_alphabetic) {
            q.pinyin = Some(compact.to_ascii_lowercase());
        } else if compact.len() >= MIN_TAIL && compact.iter().all(u8::is_ascii_digit) {
            q.phone = Tail::new(&compact);
            q.id = Tail::new(&compact);
        } else if compact.len() >= MIN_TAIL
            && compact[..compact.len() - 1].iter().all(u8::is_ascii_digit)
            && matches!(compact.last(), Some(b'x' | b'X'))
        {
            q.id = Tail::new(&compact);
        }
        q
    }

    pub fn is_empty(&self) -> bool {
        *self == Query::default()
    }
}

/// Full-width ASCII as a Chinese input method types it (`ｚｇｐ`, `５６７８`) read as ASCII.
fn fold_full_width(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
            _ => c,
        })
        .collect()
}

/// Characters that take no room: zero-width spaces and joiners, the byte-order mark.
fn is_zero_width(c: char) -> bool {
    matches!(c, '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_each_kind_of_query() {
        assert!(Query::parse("  ").is_empty());
        assert!(
            Query::parse("\u{2003}\u{200b}").is_empty(),
            "only spaces of other widths"
        );
        assert_eq!(Query::parse("周官萍").name.as_deref(), Some("周官萍"));
        assert_eq!(
            Query::parse("Zhou Guan'ping").pinyin.as_deref(),
            Some(&b"zhouguanping"[..])
        );
        assert_eq!(Query::parse("lü").pinyin.as_deref(), Some(&b"lv"[..]));
        assert_eq!(Query::parse("ｚｇｐ").pinyin.as_deref(), Some(&b"zgp"[..]));
        assert_eq!(Query::parse("５６７８").phone, Tail::new(b"5678"));
        let a = Query::parse("5-2").address.unwrap();
        assert_eq!((a.building, a.entrance, a.room), (5, Some(2), None));
        assert!(Query::parse("5栋2单元301").address.is_some());
        assert!(
            Query::parse("301").address.is_some(),
            "a short number is a building"
        );
        let q = Query::parse("5678");
        assert!(q.address.is_none() && q.phone.is_some() && q.id.is_some());
        let q = Query::parse("138-1234-5678");
        assert_eq!(q.phone, Tail::new(b"13812345678"));
        assert_eq!(
            Query::parse("+86 138 1234 5678").phone,
            Tail::new(b"13812345678")
        );
        let q = Query::parse("124x");
        assert!(q.phone.is_none() && q.id.is_some());
        assert!(Query::parse("12x").is_empty());
        assert!(Query::parse("a1").is_empty());
    }
}

//! Household addresses read the Chinese way: `5-2-301` is building 5, entrance 2, room 301.

use serde::{Deserialize, Serialize};
use std::fmt;

use super::Invalid;

/// A full address: building number, entrance (单元) and room (房号).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Address {
    pub building: u32,
    pub entrance: u8,
    pub room: u16,
}

/// A possibly partial address as typed: `5`, `5-2` or `5-2-301`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddressQuery {
    pub building: u32,
    pub entrance: Option<u8>,
    pub room: Option<u16>,
}

impl Address {
    pub fn new(building: u32, entrance: u8, room: u16) -> Result<Address, Invalid> {
        let a = Address {
            building,
            entrance,
            room,
        };
        a.validate()?;
        Ok(a)
    }

    pub fn validate(&self) -> Result<(), Invalid> {
        if self.building == 0 || self.entrance == 0 || self.room == 0 {
            return Err(Invalid::new(format!(
                "the address {self} has a zero in it; building, entrance and room all start at 1"
            )));
        }
        Ok(())
    }

    /// The floor a room is on: room 301 is on floor 3, room 1203 on floor 12.
    pub fn floor(&self) -> u16 {
        self.room / 100
    }

    /// Parses a full address such as `5-2-301` or `5栋2单元301室`.
    pub fn parse(text: &str) -> Result<Address, Invalid> {
        let q = AddressQuery::parse(text)?;
        match (q.entrance, q.room) {
            (Some(entrance), Some(room)) => Address::new(q.building, entrance, room),
            _ => Err(Invalid::new(format!(
                "“{}” is not a whole address; write building-entrance-room, such as 5-2-301",
                super::shown::quote(text.trim())
            ))),
        }
    }
}

impl fmt::Display for Address {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}-{}", self.building, self.entrance, self.room)
    }
}

/// `5`, `5-2` or `5-2-301`, as typed.
impl fmt::Display for AddressQuery {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.building)?;
        if let Some(e) = self.entrance {
            write!(f, "-{e}")?;
            if let Some(r) = self.room {
                write!(f, "-{r}")?;
            }
        }
        Ok(())
    }
}

/// Folds full-width digits and dashes to ASCII so `５－２－３０１` reads as `5-2-301`.
pub fn fold_width(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            '－' | '—' | '–' | '‐' | '−' => '-',
            '　' => ' ',
            _ => c,
        })
        .collect()
}

/// An address that may begin with its community's name, as the `:` line and the command line
/// take it: `桥岭社区 5-2-301`, `桥岭社区5-2-301`, `桥岭 5-2`. Gives the name, if one was
/// written, and the address text after it.
pub fn split_community(text: &str) -> (Option<String>, String) {
    let folded = fold_width(text.trim());
    match folded.find(|c: char| c.is_ascii_digit()) {
        Some(at) if at > 0 => {
            let name = folded[..at]
                .trim()
                .trim_end_matches([',', '，', ':', '：', '-']);
            let name = name.trim();
            let rest = folded[at..].to_string();
            (Some(name.to_string()).filter(|n| !n.is_empty()), rest)
        }
        _ => (None, folded),
    }
}

impl AddressQuery {
    /// Parses `5`, `5-2`, `5-2-301`, `5栋2单元301`, `5号楼2单元301室`, with full-width digits.
    pub fn parse(text: &str) -> Result<AddressQuery, Invalid> {
        let folded = fold_width(text.trim());
        let bad = || {
            Invalid::new(format!(
                "“{}” is not an address; write building-entrance-room, such as 5-2-301",
                super::shown::quote(text.trim())
            ))
        };
        if folded.is_empty() {
            return Err(bad());
        }
        // Every run of digits is one part; the words between them (栋, 号楼, 单元, 室, -) are separators.
        let mut parts: Vec<&str> = Vec::new();
        let mut rest = folded.as_str();
        let mut seps_ok = true;
        while !rest.is_empty() {
            let start = rest.find(|c: char| c.is_ascii_digit());
            let Some(start) = start else {
                seps_ok &= is_separator(rest, parts.len());
                break;
            };
            seps_ok &= is_separator(&rest[..start], parts.len());
            let tail = &rest[start..];
            let end = tail
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(tail.len());
            parts.push(&tail[..end]);
            rest = &tail[end..];
        }
        if !seps_ok || parts.is_empty() || parts.len() > 3 {
            return Err(bad());
        }
        let building: u32 = parts[0].parse().map_err(|_| bad())?;
        let entrance = match parts.get(1) {
            Some(p) => Some(p.parse::<u8>().map_err(|_| bad())?),
            None => None,
        };
        let room = match parts.get(2) {
            Some(p) => Some(p.parse::<u16>().map_err(|_| bad())?),
            None => None,
        };
        if building == 0 || entrance == Some(0) || room == Some(0) {
            return Err(bad());
        }
        Ok(AddressQuery {
            building,
            entrance,
            room,
        })
    }

    pub fn matches(&self, a: &Address) -> bool {
        a.building == self.building
            && self.entrance.is_none_or(|e| e == a.entrance)
            && self.room.is_none_or(|r| r == a.room)
    }
}

/// The text allowed between the numbers of an address, given how many numbers came before it.
fn is_separator(s: &str, parts_before: usize) -> bool {
    let s = s.trim();
    match parts_before {
        0 => s.is_empty(),
        1 => matches!(s, "-" | "栋" | "幢" | "号楼" | "号" | "栋-" | "号楼-" | " "),
        2 => matches!(s, "-" | "单元" | "单元-" | " "),
        _ => matches!(s, "" | "室" | "号" | "房"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_usual_ways_of_writing_an_address() {
        let want = Address {
            building: 5,
            entrance: 2,
            room: 301,
        };
        for text in [
            "5-2-301",
            " 5-2-301 ",
            "5栋2单元301",
            "5栋2单元301室",
            "5号楼2单元301室",
            "５－２－３０１",
        ] {
            assert_eq!(Address::parse(text), Ok(want), "{text}");
        }
        assert_eq!(want.to_string(), "5-2-301");
        assert_eq!(want.floor(), 3);
    }

    #[test]
    fn an_address_may_begin_with_its_community() {
        let split = |t: &str| split_community(t);
        assert_eq!(
            split("桥岭社区 5-2-301"),
            (Some("桥岭社区".into()), "5-2-301".into())
        );
        assert_eq!(
            split("桥岭５－２－３０１"),
            (Some("桥岭".into()), "5-2-301".into())
        );
        assert_eq!(split("5栋2单元301"), (None, "5栋2单元301".into()));
        assert_eq!(split("帮助"), (None, "帮助".into()));
    }

    #[test]
    fn partial_addresses_name_a_building_or_an_entrance() {
        let q = AddressQuery::parse("5-2").unwrap();
        assert_eq!((q.building, q.entrance, q.room), (5, Some(2), None));
        let q = AddressQuery::parse("12栋").unwrap();
        assert_eq!((q.building, q.entrance, q.room), (12, None, None));
    }

    #[test]
    fn rejects_what_is_not_an_address() {
        for text in [
            "",
            "abc",
            "5-2-301-7",
            "0-1-101",
            "5-0-101",
            "张三",
            "5--2",
            "5-2-99999",
        ] {
            let err = AddressQuery::parse(text).err();
            assert!(err.is_some(), "{text:?} should be refused");
        }
        assert_eq!(
            Address::parse("5-2").unwrap_err().to_string(),
            "“5-2” is not a whole address; write building-entrance-room, such as 5-2-301"
        );
    }
}

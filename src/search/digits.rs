//! Phone and ID numbers packed as fixed-width digit nibbles, so "ends with these digits" is one
//! mask and one compare.
//!
//! A number is stored right-aligned, one hex nibble per character: digits as 0–9, the ID
//! check character X as 0xA, and every unused nibble as 0xF, which no query nibble equals.
//! A phone keeps its last 16 digits in a `u64`; an ID number keeps its last 16 characters in a
//! `u64` and the two before them in a `u8`.

/// Nothing stored: every nibble unused.
pub const EMPTY: u64 = u64::MAX;
pub const EMPTY_HEAD: u8 = u8::MAX;

/// The nibble of one character of a phone or ID number, if it is one.
fn nibble(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'X' | b'x' => Some(0xA),
        _ => None,
    }
}

/// Packs the digits of a phone (other characters are skipped: spaces, dashes, a leading +).
pub fn pack_phone(phone: &str) -> u64 {
    let digits: Vec<u8> = phone.bytes().filter(u8::is_ascii_digit).collect();
    pack(&digits).0
}

/// Packs an ID number: its last 16 characters and the 2 before them.
pub fn pack_id(id: &str) -> (u64, u8) {
    let chars: Vec<u8> = id.trim().bytes().filter(|&c| nibble(c).is_some()).collect();
    let (low, head) = pack(&chars);
    (low, head as u8)
}

/// Packs up to 18 characters right-aligned: (last 16, the 2 before as the low byte of the second).
fn pack(chars: &[u8]) -> (u64, u64) {
    let mut low = EMPTY;
    let mut head = u64::from(EMPTY_HEAD);
    for (i, &c) in chars.iter().rev().take(18).enumerate() {
        let n = u64::from(nibble(c).unwrap_or(0xF));
        if i < 16 {
            let shift = 4 * i;
            low = (low & !(0xF << shift)) | (n << shift);
        } else {
            let shift = 4 * (i - 16);
            head = (head & !(0xF << shift)) | (n << shift);
        }
    }
    (low, head)
}

/// The typed end of a number: what the last `len` characters must be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tail {
    mask: u64,
    value: u64,
    head_mask: u8,
    head_value: u8,
}

impl Tail {
    /// A tail of digits (and X last, for an ID number); `None` if it is longer than 18.
    pub fn new(typed: &[u8]) -> Option<Tail> {
        if typed.is_empty() || typed.len() > 18 || typed.iter().any(|&c| nibble(c).is_none()) {
            return None;
        }
        let (value, head) = pack(typed);
        let low_len = typed.len().min(16);
        let mask = if low_len == 16 {
            u64::MAX
        } else {
            (1u64 << (4 * low_len)) - 1
        };
        let head_len = typed.len().saturating_sub(16);
        let head_mask = ((1u16 << (4 * head_len)) - 1) as u8;
        Some(Tail {
            mask,
            value: value & mask,
            head_mask,
            head_value: head as u8 & head_mask,
        })
    }

    /// Whether a packed phone ends with this tail (phones keep only 16 digits).
    #[inline]
    pub fn ends_phone(&self, phone: u64) -> bool {
        self.head_mask == 0 && phone & self.mask == self.value
    }

    /// Whether the last 16 characters of a packed ID number agree with this tail.
    #[inline]
    pub fn ends_id_low(&self, low: u64) -> bool {
        low & self.mask == self.value
    }

    /// Whether a packed ID number ends with this tail.
    #[inline]
    pub fn ends_id(&self, low: u64, head: u8) -> bool {
        low & self.mask == self.value && head & self.head_mask == self.head_value
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_phone_matches_its_last_digits_only() {
        let p = pack_phone("138 1234-5678");
        assert!(Tail::new(b"5678").unwrap().ends_phone(p));
        assert!(Tail::new(b"13812345678").unwrap().ends_phone(p));
        assert!(!Tail::new(b"013812345678").unwrap().ends_phone(p));
        assert!(!Tail::new(b"1234").unwrap().ends_phone(p));
        assert!(!Tail::new(b"5678").unwrap().ends_phone(EMPTY));
    }

    #[test]
    fn an_id_number_matches_with_x_in_either_case() {
        let (low, head) = pack_id("44200019560305124X");
        assert!(Tail::new(b"124x").unwrap().ends_id(low, head));
        assert!(Tail::new(b"124X").unwrap().ends_id(low, head));
        assert!(Tail::new(b"44200019560305124X").unwrap().ends_id(low, head));
        assert!(!Tail::new(b"54200019560305124X").unwrap().ends_id(low, head));
        assert!(!Tail::new(b"1240").unwrap().ends_id(low, head));
        assert!(Tail::new(b"12a4").is_none());
    }
}

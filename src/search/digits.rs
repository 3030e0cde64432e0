//! Phone and ID numbers packed as fixed-width digit nibbles, so "ends with these digits" is a
//! mask and a compare.
//!
//! A number is packed right-aligned, one hex nibble per character: digits as 0–9, the ID
//! check character X as 0xA, every unused nibble as 0xF (which no typed character packs to).
//! Columns keep the last 8 characters in a `u32` (what most queries need), and the rest in a
//! second column: 4 more digits of a phone (`u16`), 8 + 2 more characters of an ID number
//! (`u32` and `u8`).

/// The packed form of a phone: (last 8 digits, the 4 before).
pub type Phone = (u32, u16);
/// The packed form of an ID number: (last 8, the 8 before, the 2 before those).
pub type IdNumber = (u32, u32, u8);

/// Longest phone kept (a landline with its area code).
const PHONE_DIGITS: usize = 12;
/// Longest ID number.
const ID_CHARS: usize = 18;

fn nibble(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'X' | b'x' => Some(0xA),
        _ => None,
    }
}

/// Packs the last 18 characters right-aligned; characters that are not digits or X pack as
/// unused.
fn pack(chars: impl DoubleEndedIterator<Item = u8>) -> u128 {
    let mut packed = u128::MAX;
    for (i, c) in chars.rev().take(ID_CHARS).enumerate() {
        let n = u128::from(nibble(c).unwrap_or(0xF));
        packed = (packed & !(0xF << (4 * i))) | (n << (4 * i));
    }
    packed
}

/// Packs the digits of a phone; spaces, dashes and the like are skipped.
pub fn pack_phone(phone: &str) -> Phone {
    let p = pack(phone.bytes().filter(u8::is_ascii_digit));
    (p as u32, (p >> 32) as u16)
}

/// Packs an ID number.
pub fn pack_id(id: &str) -> IdNumber {
    let p = pack(id.trim().bytes().filter(|&c| nibble(c).is_some()));
    (p as u32, (p >> 32) as u32, (p >> 64) as u8)
}

/// The typed end of a number: what its last `len` characters must be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tail {
    len: usize,
    mask: u128,
    value: u128,
}

impl Tail {
    /// Digits (X allowed) typed as the end of a number; `None` if empty or longer than 18.
    pub fn new(typed: &[u8]) -> Option<Tail> {
        if typed.is_empty() || typed.len() > ID_CHARS || typed.iter().any(|&c| nibble(c).is_none())
        {
            return None;
        }
        let mask = (1u128 << (4 * typed.len())) - 1;
        Some(Tail {
            len: typed.len(),
            mask,
            value: pack(typed.iter().copied()) & mask,
        })
    }

    /// Mask and value for the last 8 characters, the column every scan reads first.
    #[inline]
    pub fn low(&self) -> (u32, u32) {
        (self.mask as u32, self.value as u32)
    }

    /// Whether a packed phone ends with this tail.
    #[inline]
    pub fn ends_phone(&self, (low, high): Phone) -> bool {
        self.len <= PHONE_DIGITS
            && low & self.mask as u32 == self.value as u32
            && high & (self.mask >> 32) as u16 == (self.value >> 32) as u16
    }

    /// Whether a packed ID number ends with this tail.
    #[inline]
    pub fn ends_id(&self, (low, mid, head): IdNumber) -> bool {
        low & self.mask as u32 == self.value as u32
            && mid & (self.mask >> 32) as u32 == (self.value >> 32) as u32
            && head & (self.mask >> 64) as u8 == (self.value >> 64) as u8
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_phone_matches_its_last_digits_only() {
        let p = pack_phone("138 1234-5678");
        let t = |s: &str| Tail::new(s.as_bytes()).unwrap();
        assert!(t("5678").ends_phone(p));
        assert!(t("345678").ends_phone(p));
        assert!(t("13812345678").ends_phone(p));
        assert!(!t("013812345678").ends_phone(p));
        assert!(!t("1234").ends_phone(p));
        assert!(!t("5678").ends_phone(pack_phone("")));
        assert!(t("076088123456").ends_phone(pack_phone("0760-88123456")));
    }

    #[test]
    fn an_id_number_matches_with_x_in_either_case() {
        let id = pack_id("44200019560305124X");
        let t = |s: &str| Tail::new(s.as_bytes()).unwrap();
        assert!(t("124x").ends_id(id));
        assert!(t("124X").ends_id(id));
        assert!(t("0305124X").ends_id(id));
        assert!(t("560305124X").ends_id(id));
        assert!(t("44200019560305124X").ends_id(id));
        assert!(!t("54200019560305124X").ends_id(id));
        assert!(!t("1240").ends_id(id));
        assert!(!t("124X").ends_id(pack_id("")));
        assert!(Tail::new(b"12a4").is_none());
        assert!(Tail::new(b"1234567890123456789").is_none());
    }
}

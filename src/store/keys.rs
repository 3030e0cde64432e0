//! Typed, order-preserving keys: big-endian ids, sign-flipped times, composed left to right.

use crate::model::time::{Day, Instant};
use crate::model::Id;

/// The 8 big-endian bytes of an id, so byte order is numeric order.
pub fn id(id: Id) -> [u8; 8] {
    id.to_be_bytes()
}

/// Reads an id back from 8 big-endian bytes at `at`.
pub fn read_id(key: &[u8], at: usize) -> Option<Id> {
    let bytes: [u8; 8] = key.get(at..at + 8)?.try_into().ok()?;
    Some(Id::from_be_bytes(bytes))
}

/// The id that ends a composed key.
pub fn last_id(key: &[u8]) -> Option<Id> {
    key.len().checked_sub(8).and_then(|at| read_id(key, at))
}

/// An instant in ascending order.
pub fn instant(at: Instant) -> [u8; 8] {
    ((at as u64) ^ (1 << 63)).to_be_bytes()
}

/// An instant in descending order: newest first.
pub fn instant_desc(at: Instant) -> [u8; 8] {
    (!((at as u64) ^ (1 << 63))).to_be_bytes()
}

/// The ascending instant at `at` in a key (as `instant` wrote it).
pub fn read_instant(key: &[u8], at: usize) -> Option<Instant> {
    let bytes: [u8; 8] = key.get(at..at + 8)?.try_into().ok()?;
    Some((u64::from_be_bytes(bytes) ^ (1 << 63)) as i64)
}

pub fn read_instant_desc(key: &[u8], at: usize) -> Option<Instant> {
    let bytes: [u8; 8] = key.get(at..at + 8)?.try_into().ok()?;
    Some((!u64::from_be_bytes(bytes) ^ (1 << 63)) as i64)
}

/// A calendar day in ascending order.
pub fn day(d: Day) -> [u8; 4] {
    ((d as u32) ^ (1 << 31)).to_be_bytes()
}

pub fn read_day(key: &[u8], at: usize) -> Option<Day> {
    let bytes: [u8; 4] = key.get(at..at + 4)?.try_into().ok()?;
    Some((u32::from_be_bytes(bytes) ^ (1 << 31)) as i32)
}

/// Joins key parts left to right.
pub fn join(parts: &[&[u8]]) -> Vec<u8> {
    let mut out = Vec::with_capacity(parts.iter().map(|p| p.len()).sum());
    for p in parts {
        out.extend_from_slice(p);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_order_follows_value_order() {
        let times = [-5_000_000_000i64, -1, 0, 1, 1_700_000_000, i64::MAX];
        for w in times.windows(2) {
            assert!(instant(w[0]) < instant(w[1]));
            assert!(instant_desc(w[0]) > instant_desc(w[1]));
            assert_eq!(read_instant_desc(&instant_desc(w[0]), 0), Some(w[0]));
            assert_eq!(read_instant(&instant(w[0]), 0), Some(w[0]));
        }
        let days = [-10, 0, 738_000, 739_000];
        for w in days.windows(2) {
            assert!(day(w[0]) < day(w[1]));
            assert_eq!(read_day(&day(w[1]), 0), Some(w[1]));
        }
        assert!(id(255) < id(256));
        let k = join(&[&id(9), &day(5), &id(77)]);
        assert_eq!(
            (read_id(&k, 0), read_day(&k, 8), last_id(&k)),
            (Some(9), Some(5), Some(77))
        );
    }
}

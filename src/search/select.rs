//! Keeps the best `limit` candidates seen so far, each person once with their best score,
//! ordered by score and then by slot (the bulk index's slots are in name order).

use super::score::MatchKind;

/// Scores sort descending, so keys hold the distance below this ceiling.
const CEILING: u32 = u32::MAX;

/// A candidate: its sort key (lower is better) and how it matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pick {
    pub key: u64,
    pub kind: MatchKind,
}

impl Pick {
    #[inline]
    pub fn key(score: u32, slot: u32) -> u64 {
        (u64::from(CEILING - score) << 32) | u64::from(slot)
    }

    pub fn score(&self) -> u32 {
        CEILING - (self.key >> 32) as u32
    }

    pub fn slot(&self) -> u32 {
        self.key as u32
    }
}

/// The best `need` picks, sorted by key, one per slot.
pub struct Selector {
    need: usize,
    picks: Vec<Pick>,
}

impl Selector {
    pub fn new(need: usize) -> Selector {
        Selector {
            need,
            // As asked for, but never more than a screenful ahead: `need` comes from the
            // caller and may be any number.
            picks: Vec::with_capacity(need.min(256) + 1),
        }
    }

    /// Whether a candidate with this key could still get in. Cheap: the caller asks this
    /// first and only then does the costlier checks (removed? in scope?) before [`offer`].
    #[inline]
    pub fn wants(&self, key: u64) -> bool {
        self.picks.len() < self.need || self.picks.last().is_some_and(|p| key < p.key)
    }

    /// Whether anything scoring `score` could still get in.
    #[inline]
    pub fn wants_score(&self, score: u32) -> bool {
        self.wants(Pick::key(score, 0))
    }

    /// Takes a candidate, keeping one pick per slot (the better one).
    pub fn offer(&mut self, key: u64, kind: MatchKind) {
        if !self.wants(key) {
            return;
        }
        let slot = key as u32;
        if let Some(i) = self.picks.iter().position(|p| p.slot() == slot) {
            if self.picks[i].key <= key {
                return;
            }
            self.picks.remove(i);
        }
        let at = self.picks.partition_point(|p| p.key < key);
        self.picks.insert(at, Pick { key, kind });
        self.picks.truncate(self.need);
    }

    pub fn is_empty(&self) -> bool {
        self.picks.is_empty()
    }

    pub fn into_picks(self) -> Vec<Pick> {
        self.picks
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_best_per_slot_in_order() {
        let mut s = Selector::new(2);
        s.offer(Pick::key(800, 7), MatchKind::Initials);
        s.offer(Pick::key(900, 9), MatchKind::Pinyin);
        s.offer(Pick::key(900, 7), MatchKind::Pinyin);
        s.offer(Pick::key(700, 1), MatchKind::Pinyin);
        let picks = s.into_picks();
        let got: Vec<(u32, u32)> = picks.iter().map(|p| (p.score(), p.slot())).collect();
        assert_eq!(got, vec![(900, 7), (900, 9)]);
    }
}

//! Residents written since the last bulk build, matched one by one with the same rules the
//! bulk index answers with sorted ranges. The buffer stays small: the index folds it into a
//! rebuild once it reaches `LIMIT` people, so plain `String`s are fine here.

use super::digits::{self, IdNumber, Phone};
use super::households::{Households, Scope};
use super::query::Query;
use super::reading::keys_of;
use super::score::{self, MatchKind, ID_TAIL, NAME_CONTAINS, NAME_EXACT, NAME_PREFIX, PHONE_TAIL};
use crate::model::{Id, Resident};

/// How many recent writes are kept before they are folded into the bulk index.
pub const LIMIT: usize = 4096;

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Recent {
    pub id: Id,
    pub household: u32,
    pub name: String,
    keys: Vec<(Box<[u8]>, u8)>,
    pub phone: Phone,
    pub id_number: IdNumber,
}

impl Recent {
    pub fn new(r: &Resident, household: u32) -> Recent {
        let name = r.name.trim().to_string();
        let keys = keys_of(&name)
            .into_iter()
            .map(|(k, l)| (k.into_boxed_slice(), l))
            .collect();
        Recent {
            id: r.id,
            household,
            name,
            keys,
            phone: digits::pack_phone(&r.phone),
            id_number: digits::pack_id(&r.id_number),
        }
    }

    /// The best score this person gets for the query, if any; fuzzy pinyin only if `loose`.
    fn score(&self, q: &Query, loose: bool, initials: &mut Vec<u8>) -> Option<(u32, MatchKind)> {
        let mut best: Option<(u32, MatchKind)> = None;
        let mut consider = |m: Option<(u32, MatchKind)>| {
            if let Some(m) = m {
                if best.is_none_or(|b| m.0 > b.0) {
                    best = Some(m);
                }
            }
        };
        if let Some(name) = &q.name {
            consider(if &self.name == name {
                Some((NAME_EXACT, MatchKind::Name))
            } else if self.name.starts_with(name.as_str()) {
                Some((NAME_PREFIX, MatchKind::Name))
            } else if self.name.contains(name.as_str()) {
                Some((NAME_CONTAINS, MatchKind::Name))
            } else {
                None
            });
        }
        if let Some(p) = &q.pinyin {
            for (key, level) in &self.keys {
                consider(score::score_key(key, *level, p, loose, initials));
            }
        }
        if let Some(t) = q.phone {
            consider(
                t.ends_phone(self.phone)
                    .then_some((PHONE_TAIL, MatchKind::Phone)),
            );
        }
        if let Some(t) = q.id {
            consider(
                t.ends_id(self.id_number)
                    .then_some((ID_TAIL, MatchKind::IdNumber)),
            );
        }
        best
    }
}

/// The recent-writes buffer.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct Delta {
    pub people: Vec<Recent>,
}

impl Delta {
    pub fn remove(&mut self, id: Id) -> bool {
        let before = self.people.len();
        self.people.retain(|p| p.id != id);
        self.people.len() != before
    }

    /// Every recent person the query matches and the scope allows: (score, kind, index).
    /// Fuzzy pinyin only if `loose`.
    pub fn search(
        &self,
        q: &Query,
        loose: bool,
        households: &Households,
        scope: &mut Scope<'_>,
    ) -> Vec<(u32, MatchKind, usize)> {
        let mut initials = Vec::new();
        let mut out = Vec::new();
        for (i, p) in self.people.iter().enumerate() {
            if let Some((s, kind)) = p.score(q, loose, &mut initials) {
                if scope.allows(households, p.household) {
                    out.push((s, kind, i));
                }
            }
        }
        out
    }

    pub fn heap_bytes(&self) -> usize {
        self.people.capacity() * std::mem::size_of::<Recent>()
            + self
                .people
                .iter()
                .map(|p| {
                    p.name.capacity()
                        + p.keys.capacity() * std::mem::size_of::<(Box<[u8]>, u8)>()
                        + p.keys.iter().map(|k| k.0.len()).sum::<usize>()
                })
                .sum::<usize>()
    }
}

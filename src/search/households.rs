//! Households in the search index: their address, community and grid, who heads them, and
//! the address lookup (`5-2-301`, `5-2`, `5`) over a door-ordered list.

use std::collections::HashMap;

use super::ids::IdColumn;
use super::score::{ADDRESS_EXACT, ADDRESS_PART, ADDRESS_ROOM_PREFIX};
use crate::model::address::AddressQuery;
use crate::model::{Address, Household, Id};

/// One household: 16 bytes (its id is in the id column), its head's name in the shared
/// `heads` arena.
#[derive(Debug, Clone, Copy, serde::Serialize, serde::Deserialize)]
struct Rec {
    head_start: u32,
    place: u32,
    building: u32,
    room: u16,
    entrance: u8,
    head_len: u8,
}

/// A community and grid pair, what scopes filter on.
#[derive(Debug, Clone, Copy, serde::Serialize, serde::Deserialize)]
struct Place {
    community: Id,
    grid: Id,
    /// Index into `communities`.
    community_at: u32,
}

/// Every household the index knows, addressable by slot (slots never move).
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct Households {
    ids: IdColumn,
    recs: Vec<Rec>,
    /// Slots in id order.
    by_id: Vec<u32>,
    /// Slots in door order: building, entrance, community, room, id.
    by_addr: Vec<u32>,
    /// Heads' names back to back; a renamed head's old name stays until a rebuild.
    heads: String,
    places: Vec<Place>,
    place_at: HashMap<(Id, Id), u32>,
    communities: Vec<(Id, String)>,
    community_at: HashMap<Id, u32>,
}

/// A household found by its address: score, slot and its position in door order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AddressMatch {
    pub score: u32,
    pub slot: u32,
    pub door: u32,
}

impl Households {
    /// Names a community (or renames it); an empty name keeps the one known.
    pub fn community(&mut self, id: Id, name: &str) -> u32 {
        if let Some(&at) = self.community_at.get(&id) {
            if !name.is_empty() && self.communities[at as usize].1 != name {
                self.communities[at as usize].1 = name.to_string();
            }
            return at;
        }
        let at = self.communities.len() as u32;
        self.communities.push((id, name.to_string()));
        self.community_at.insert(id, at);
        at
    }

    fn place(&mut self, community: Id, grid: Id) -> u32 {
        if let Some(&at) = self.place_at.get(&(community, grid)) {
            return at;
        }
        let community_at = self.community(community, "");
        let at = self.places.len() as u32;
        self.places.push(Place {
            community,
            grid,
            community_at,
        });
        self.place_at.insert((community, grid), at);
        at
    }

    fn rec(&mut self, h: &Household, head: &str) -> Rec {
        let (head_start, head_len) = self.store_head(head);
        Rec {
            head_start,
            place: self.place(h.community, h.grid),
            building: h.address.building,
            room: h.address.room,
            entrance: h.address.entrance,
            head_len,
        }
    }

    fn store_head(&mut self, head: &str) -> (u32, u8) {
        let mut end = head.len().min(u8::MAX as usize);
        while !head.is_char_boundary(end) {
            end -= 1;
        }
        let start = self.heads.len() as u32;
        self.heads.push_str(&head[..end]);
        (start, end as u8)
    }

    /// Adds a household while building; call [`Households::finish`] after the last one.
    pub fn push(&mut self, h: &Household) {
        let rec = self.rec(h, "");
        self.recs.push(rec);
        self.ids.push(h.id);
    }

    /// Sorts the id and door orders after the bulk of pushes. Duplicated ids keep the last.
    pub fn finish(&mut self) {
        let mut by_id: Vec<u32> = (0..self.recs.len() as u32).collect();
        by_id.sort_by_key(|&s| (self.id(s), std::cmp::Reverse(s)));
        by_id.dedup_by_key(|s| self.id(*s));
        let mut by_addr = by_id.clone();
        by_addr.sort_unstable_by_key(|&s| self.door_key(s));
        self.by_addr = by_addr;
        self.by_id = by_id;
        self.recs.shrink_to_fit();
        self.ids.shrink_to_fit();
        self.heads.shrink_to_fit();
    }

    /// Door order: building and entrance, then each community's rooms in turn.
    fn door_key(&self, slot: u32) -> (u32, u8, Id, u16, Id) {
        let r = &self.recs[slot as usize];
        let community = self.places[r.place as usize].community;
        (r.building, r.entrance, community, r.room, self.id(slot))
    }

    pub fn slot(&self, id: Id) -> Option<u32> {
        let at = self.by_id.partition_point(|&s| self.id(s) < id);
        let &s = self.by_id.get(at)?;
        (self.id(s) == id).then_some(s)
    }

    /// Every household's (id, slot).
    pub fn slots(&self) -> impl Iterator<Item = (Id, u32)> + '_ {
        self.by_id.iter().map(|&s| (self.id(s), s))
    }

    /// Adds or replaces a household; `head` None keeps the head's name known.
    pub fn upsert(&mut self, h: &Household, head: Option<&str>, community: &str) -> u32 {
        self.community(h.community, community);
        let Some(slot) = self.slot(h.id) else {
            let rec = self.rec(h, head.unwrap_or(""));
            let slot = self.recs.len() as u32;
            self.recs.push(rec);
            self.ids.push(h.id);
            let at = self.by_id.partition_point(|&s| self.id(s) < h.id);
            self.by_id.insert(at, slot);
            let key = self.door_key(slot);
            let at = self.by_addr.partition_point(|&s| self.door_key(s) < key);
            self.by_addr.insert(at, slot);
            return slot;
        };
        let old_key = self.door_key(slot);
        let old = self.recs[slot as usize];
        let mut rec = Rec {
            head_start: old.head_start,
            head_len: old.head_len,
            ..self.rec(h, "")
        };
        if let Some(head) = head {
            if head != self.head(slot) {
                (rec.head_start, rec.head_len) = self.store_head(head);
            }
        }
        self.recs[slot as usize] = rec;
        let new_key = self.door_key(slot);
        if new_key != old_key {
            let at = self
                .by_addr
                .partition_point(|&s| s != slot && self.door_key(s) < old_key);
            if self.by_addr.get(at) == Some(&slot) {
                self.by_addr.remove(at);
            } else if let Some(i) = self.by_addr.iter().position(|&s| s == slot) {
                self.by_addr.remove(i);
            }
            let at = self
                .by_addr
                .partition_point(|&s| self.door_key(s) < new_key);
            self.by_addr.insert(at, slot);
        }
        slot
    }

    /// Sets the name shown for a household's head.
    pub fn set_head(&mut self, slot: u32, name: &str) {
        if self.head(slot) != name {
            let (start, len) = self.store_head(name);
            let r = &mut self.recs[slot as usize];
            r.head_start = start;
            r.head_len = len;
        }
    }

    pub fn len(&self) -> usize {
        self.by_id.len()
    }

    pub fn id(&self, slot: u32) -> Id {
        self.ids.get(slot as usize)
    }

    pub fn head(&self, slot: u32) -> &str {
        let r = &self.recs[slot as usize];
        let start = r.head_start as usize;
        &self.heads[start..start + r.head_len as usize]
    }

    pub fn address(&self, slot: u32) -> Address {
        let r = &self.recs[slot as usize];
        Address {
            building: r.building,
            entrance: r.entrance,
            room: r.room,
        }
    }

    pub fn community_name(&self, slot: u32) -> &str {
        let place = &self.places[self.recs[slot as usize].place as usize];
        &self.communities[place.community_at as usize].1
    }

    /// Households at an address, best first: the room itself, then rooms starting with the
    /// digits typed, or every household of a building or entrance, in door order.
    pub fn find(&self, q: &AddressQuery, limit: usize, scope: &mut Scope<'_>) -> Vec<AddressMatch> {
        let lo = self.by_addr.partition_point(|&s| {
            let r = &self.recs[s as usize];
            (r.building, r.entrance) < (q.building, q.entrance.unwrap_or(0))
        });
        let mut exact = Vec::new();
        let mut rest = Vec::new();
        for (door, &slot) in self.by_addr.iter().enumerate().skip(lo) {
            let r = &self.recs[slot as usize];
            if r.building != q.building || q.entrance.is_some_and(|e| e != r.entrance) {
                break;
            }
            let score = match q.room {
                None => ADDRESS_PART,
                Some(room) if room == r.room => ADDRESS_EXACT,
                Some(room) if starts_with_digits(r.room, room) => ADDRESS_ROOM_PREFIX,
                Some(_) => continue,
            };
            if (score != ADDRESS_EXACT && rest.len() >= limit) || !scope.allows(self, slot) {
                continue;
            }
            let m = AddressMatch {
                score,
                slot,
                door: door as u32,
            };
            if score == ADDRESS_EXACT {
                exact.push(m);
            } else {
                rest.push(m);
                if q.room.is_none() && rest.len() >= limit {
                    break;
                }
            }
        }
        exact.extend(rest);
        exact.truncate(limit);
        exact
    }

    /// Bytes held on the heap.
    pub fn heap_bytes(&self) -> usize {
        use std::mem::size_of;
        self.ids.heap_bytes()
            + self.recs.capacity() * size_of::<Rec>()
            + (self.by_id.capacity() + self.by_addr.capacity()) * 4
            + self.heads.capacity()
            + self.places.capacity() * size_of::<Place>()
            + self.place_at.capacity() * (size_of::<(Id, Id)>() + 4 + 1)
            + self
                .communities
                .iter()
                .map(|c| size_of::<(Id, String)>() + c.1.capacity())
                .sum::<usize>()
            + self.community_at.capacity() * (size_of::<Id>() + 4 + 1)
    }

    /// Rebuilds the heads' arena without the names of renamed heads.
    pub fn compact_heads(&mut self) {
        let mut heads = String::with_capacity(self.heads.len());
        for r in &mut self.recs {
            let start = r.head_start as usize;
            let name = &self.heads[start..start + r.head_len as usize];
            r.head_start = heads.len() as u32;
            heads.push_str(name);
        }
        self.heads = heads;
    }
}

/// Whether room `room` is written starting with the digits of `typed` (301 starts with 3 and 30).
fn starts_with_digits(room: u16, typed: u16) -> bool {
    let mut r = room;
    while r > typed {
        r /= 10;
    }
    r == typed && room != typed
}

/// Which households a search may show: the caller's filter, asked once per community and grid.
pub struct Scope<'a> {
    allow: Option<&'a dyn Fn(Id, Id) -> bool>,
    /// Per place: 0 not asked yet, 1 allowed, 2 refused.
    memo: Vec<u8>,
}

impl<'a> Scope<'a> {
    pub fn new(allow: Option<&'a dyn Fn(Id, Id) -> bool>) -> Scope<'a> {
        Scope {
            allow,
            memo: Vec::new(),
        }
    }

    #[inline]
    pub fn allows(&mut self, hh: &Households, slot: u32) -> bool {
        let Some(allow) = self.allow else {
            return true;
        };
        let place = hh.recs[slot as usize].place as usize;
        if self.memo.len() <= place {
            self.memo.resize(hh.places.len().max(place + 1), 0);
        }
        if self.memo[place] == 0 {
            let p = &hh.places[place];
            self.memo[place] = if allow(p.community, p.grid) { 1 } else { 2 };
        }
        self.memo[place] == 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn room_prefixes_read_as_typed() {
        assert!(starts_with_digits(301, 3));
        assert!(starts_with_digits(301, 30));
        assert!(!starts_with_digits(301, 301));
        assert!(!starts_with_digits(1301, 3));
        assert!(!starts_with_digits(31, 301));
    }
}

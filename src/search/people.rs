//! The bulk of the resident index, built at once and then only marked removed: columns of
//! fixed-width numbers per person, unique names in one arena, and sorted pinyin keys with
//! their postings.
//!
//! People are kept in slots sorted by name and then id, so a slot number is also the
//! person's place in the tie-break order, and everyone with the same name sits in one run
//! of slots. Names and pinyin are stored once per distinct name.

use std::cmp::Ordering;

use super::digits::Tail;
use super::households::{Households, Scope};
use super::reading::{initials_of, Reader, USUAL};
use super::score::{
    self, at_level, MatchKind, FUZZY_CEILING, ID_TAIL, INITIALS_EXACT, INITIALS_PREFIX, MIN_LOOSE,
    NAME_CONTAINS, NAME_EXACT, NAME_PREFIX, PHONE_TAIL, PINYIN_EXACT, PINYIN_INSIDE, PINYIN_PREFIX,
};
use super::select::{Pick, Selector};
use crate::model::Id;

/// People waiting to be indexed: what the bulk build sorts.
#[derive(Debug, Default)]
pub struct Staging {
    names: String,
    recs: Vec<StageRec>,
}

#[derive(Debug, Clone, Copy)]
struct StageRec {
    id: Id,
    /// A household id while loading from the store, a household slot once resolved.
    household: u64,
    name_start: u32,
    name_len: u32,
    phone: u64,
    id_low: u64,
    id_head: u8,
}

/// The searchable facts of one resident, numbers packed (see `digits`).
#[derive(Debug, Clone, Copy)]
pub struct Facts<'a> {
    pub id: Id,
    pub household: u64,
    pub name: &'a str,
    pub phone: u64,
    pub id_low: u64,
    pub id_head: u8,
}

impl Staging {
    pub fn push(&mut self, f: Facts<'_>) {
        let name = f.name.trim();
        self.recs.push(StageRec {
            id: f.id,
            household: f.household,
            name_start: self.names.len() as u32,
            name_len: name.len() as u32,
            phone: f.phone,
            id_low: f.id_low,
            id_head: f.id_head,
        });
        self.names.push_str(name);
    }

    /// Turns household ids into slots; people whose household is unknown are dropped.
    /// Calls `each(slot, id, name)` for every person kept.
    pub fn resolve(
        &mut self,
        mut slot_of: impl FnMut(Id) -> Option<u32>,
        mut each: impl FnMut(u32, Id, &str),
    ) {
        let names = &self.names;
        self.recs.retain_mut(|r| match slot_of(r.household) {
            Some(slot) => {
                r.household = u64::from(slot);
                let start = r.name_start as usize;
                each(slot, r.id, &names[start..start + r.name_len as usize]);
                true
            }
            None => false,
        });
    }

    fn name(&self, i: u32) -> &str {
        let r = &self.recs[i as usize];
        let start = r.name_start as usize;
        &self.names[start..start + r.name_len as usize]
    }
}

/// Keys sorted by their lowercase spelling, each with the names that read so.
#[derive(Debug, Default)]
struct Postings {
    /// Keys back to back (ASCII).
    keys: String,
    /// Key k is `keys[key_start[k]..key_start[k + 1]]`.
    key_start: Vec<u32>,
    /// Key k's postings are `post[post_start[k]..post_start[k + 1]]`.
    post_start: Vec<u32>,
    /// A distinct name's number shifted left once, the low bit set for an unusual reading.
    post: Vec<u32>,
}

/// A key waiting to be sorted into postings.
struct TmpKey {
    /// The first 8 lowercase bytes, big-endian: most comparisons stop here.
    head: u64,
    start: u32,
    len: u32,
    name: u32,
    level: u8,
}

#[derive(Default)]
struct TmpKeys {
    text: Vec<u8>,
    keys: Vec<TmpKey>,
}

impl TmpKeys {
    fn push(&mut self, key: &[u8], name: u32, level: u8) {
        let mut head = [0u8; 8];
        for (h, k) in head.iter_mut().zip(key) {
            *h = k | 0x20;
        }
        self.keys.push(TmpKey {
            head: u64::from_be_bytes(head),
            start: self.text.len() as u32,
            len: key.len() as u32,
            name,
            level,
        });
        self.text.extend_from_slice(key);
    }
}

/// Orders keys by their lowercase bytes.
#[inline]
fn cmp_lower(a: &[u8], b: &[u8]) -> Ordering {
    for (x, y) in a.iter().zip(b) {
        match (x | 0x20).cmp(&(y | 0x20)) {
            Ordering::Equal => {}
            o => return o,
        }
    }
    a.len().cmp(&b.len())
}

impl Postings {
    fn build(mut tmp: TmpKeys) -> Postings {
        let text = std::mem::take(&mut tmp.text);
        let bytes = |k: &TmpKey| &text[k.start as usize..(k.start + k.len) as usize];
        tmp.keys.sort_unstable_by(|a, b| {
            a.head
                .cmp(&b.head)
                .then_with(|| cmp_lower(bytes(a), bytes(b)))
                .then_with(|| bytes(a).cmp(bytes(b)))
                .then(a.name.cmp(&b.name))
                .then(a.level.cmp(&b.level))
        });
        let mut p = Postings::default();
        let mut last: Option<&[u8]> = None;
        let mut last_name = u32::MAX;
        for k in &tmp.keys {
            let key = bytes(k);
            if last != Some(key) {
                p.key_start.push(p.keys.len() as u32);
                p.post_start.push(p.post.len() as u32);
                p.keys.extend(key.iter().map(|&b| b as char));
                last = Some(key);
                last_name = u32::MAX;
            }
            if k.name != last_name {
                p.post.push((k.name << 1) | u32::from(k.level != USUAL));
                last_name = k.name;
            }
        }
        p.key_start.push(p.keys.len() as u32);
        p.post_start.push(p.post.len() as u32);
        p.keys.shrink_to_fit();
        p.post.shrink_to_fit();
        p
    }

    fn len(&self) -> usize {
        self.key_start.len().saturating_sub(1)
    }

    #[inline]
    fn key(&self, k: usize) -> &[u8] {
        &self.keys.as_bytes()[self.key_start[k] as usize..self.key_start[k + 1] as usize]
    }

    /// Keys equal to `q` (lowercase) and keys starting with it: (lo, exact_end, prefix_end).
    fn ranges(&self, q: &[u8]) -> (usize, usize, usize) {
        let n = self.len();
        let lo = partition(n, |k| cmp_lower(self.key(k), q) == Ordering::Less);
        let eq = lo
            + partition(n - lo, |k| {
                cmp_lower(self.key(lo + k), q) == Ordering::Equal
            });
        let hi = eq
            + partition(n - eq, |k| {
                let key = self.key(eq + k);
                key.len() >= q.len() && cmp_lower(&key[..q.len()], q) == Ordering::Equal
            });
        (lo, eq, hi)
    }

    /// The postings of keys lo..hi, as (distinct name, level).
    fn postings(&self, lo: usize, hi: usize) -> impl Iterator<Item = (u32, u8)> + '_ {
        self.post[self.post_start[lo] as usize..self.post_start[hi] as usize]
            .iter()
            .map(|&p| (p >> 1, (p & 1) as u8))
    }

    fn heap_bytes(&self) -> usize {
        self.keys.capacity()
            + (self.key_start.capacity() + self.post_start.capacity() + self.post.capacity()) * 4
    }
}

/// The first index in 0..n for which `pred` is false (`pred` true then false).
fn partition(n: usize, pred: impl Fn(usize) -> bool) -> usize {
    let (mut lo, mut hi) = (0, n);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if pred(mid) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo
}

/// The bulk resident index.
#[derive(Debug, Default)]
pub struct People {
    ids: Vec<Id>,
    household: Vec<u32>,
    phone: Vec<u64>,
    id_low: Vec<u64>,
    id_head: Vec<u8>,
    /// One bit per slot: removed or replaced since the build.
    dead: Vec<u64>,
    dead_count: usize,
    /// Distinct names, sorted, each followed by a NUL so a search cannot run across two.
    names: String,
    /// Name u is `names[name_start[u]..name_start[u + 1] - 1]`.
    name_start: Vec<u32>,
    /// Name u is held by slots `name_slot[u]..name_slot[u + 1]`.
    name_slot: Vec<u32>,
    full: Postings,
    initials: Postings,
}

/// What a search over the bulk index needs besides the query.
pub struct Ctx<'a, 'b> {
    pub households: &'a Households,
    pub scope: &'a mut Scope<'b>,
    pub sel: &'a mut Selector,
}

impl People {
    pub fn build(staging: Staging) -> People {
        let mut order: Vec<(u64, u32)> = (0..staging.recs.len() as u32)
            .map(|i| {
                let mut head = [0u8; 8];
                for (h, b) in head.iter_mut().zip(staging.name(i).as_bytes()) {
                    *h = *b;
                }
                (u64::from_be_bytes(head), i)
            })
            .collect();
        order.sort_unstable_by(|a, b| {
            a.0.cmp(&b.0)
                .then_with(|| staging.name(a.1).cmp(staging.name(b.1)))
                .then_with(|| {
                    staging.recs[a.1 as usize]
                        .id
                        .cmp(&staging.recs[b.1 as usize].id)
                })
        });
        let n = order.len();
        let mut p = People {
            ids: Vec::with_capacity(n),
            household: Vec::with_capacity(n),
            phone: Vec::with_capacity(n),
            id_low: Vec::with_capacity(n),
            id_head: Vec::with_capacity(n),
            dead: vec![0; n.div_ceil(64)],
            ..People::default()
        };
        let mut reader = Reader::default();
        let mut full = TmpKeys::default();
        let mut initials = TmpKeys::default();
        let mut ini = Vec::new();
        let mut last: Option<&str> = None;
        for (slot, &(_, i)) in order.iter().enumerate() {
            let r = &staging.recs[i as usize];
            let name = staging.name(i);
            if last != Some(name) {
                let u = p.name_start.len() as u32;
                p.name_start.push(p.names.len() as u32);
                p.name_slot.push(slot as u32);
                p.names.push_str(name);
                p.names.push('\0');
                reader.for_each_key(name, |key, level| {
                    full.push(key, u, level);
                    initials_of(key, &mut ini);
                    initials.push(&ini, u, level);
                });
                last = Some(name);
            }
            p.ids.push(r.id);
            p.household.push(r.household as u32);
            p.phone.push(r.phone);
            p.id_low.push(r.id_low);
            p.id_head.push(r.id_head);
        }
        p.name_start.push(p.names.len() as u32);
        p.name_slot.push(n as u32);
        p.names.shrink_to_fit();
        p.full = Postings::build(full);
        p.initials = Postings::build(initials);
        p
    }

    /// Live people, for a rebuild that folds in recent writes.
    pub fn stage_live(&self, staging: &mut Staging) {
        for u in 0..self.name_count() {
            let name = self.name(u);
            for slot in self.name_slot[u]..self.name_slot[u + 1] {
                let s = slot as usize;
                if !self.is_dead(slot) {
                    staging.push(Facts {
                        id: self.ids[s],
                        household: u64::from(self.household[s]),
                        name,
                        phone: self.phone[s],
                        id_low: self.id_low[s],
                        id_head: self.id_head[s],
                    });
                }
            }
        }
    }

    fn name_count(&self) -> usize {
        self.name_start.len().saturating_sub(1)
    }

    fn name(&self, u: usize) -> &str {
        &self.names[self.name_start[u] as usize..self.name_start[u + 1] as usize - 1]
    }

    /// The name held by a slot.
    pub fn name_of(&self, slot: u32) -> &str {
        let u = self.name_slot.partition_point(|&s| s <= slot) - 1;
        self.name(u)
    }

    pub fn id(&self, slot: u32) -> Id {
        self.ids[slot as usize]
    }

    pub fn household(&self, slot: u32) -> u32 {
        self.household[slot as usize]
    }

    pub fn live(&self) -> usize {
        self.ids.len() - self.dead_count
    }

    #[inline]
    fn is_dead(&self, slot: u32) -> bool {
        self.dead[(slot / 64) as usize] & (1 << (slot % 64)) != 0
    }

    /// Marks a person removed; false if the id is not (or no longer) here.
    pub fn remove(&mut self, id: Id) -> bool {
        let found = self
            .ids
            .iter()
            .enumerate()
            .find(|&(s, &x)| x == id && !self.is_dead(s as u32));
        let Some((slot, _)) = found else {
            return false;
        };
        self.dead[slot / 64] |= 1 << (slot % 64);
        self.dead_count += 1;
        true
    }

    /// Offers one slot; false when the selector no longer wants anything this good or worse
    /// (scans in slot order stop there).
    #[inline]
    fn offer(&self, ctx: &mut Ctx<'_, '_>, slot: u32, score: u32, kind: MatchKind) -> bool {
        let key = Pick::key(score, slot);
        if !ctx.sel.wants(key) {
            return false;
        }
        if !self.is_dead(slot)
            && ctx
                .scope
                .allows(ctx.households, self.household[slot as usize])
        {
            ctx.sel.offer(key, kind);
        }
        true
    }

    /// Offers everyone with distinct name u; false as [`People::offer`].
    #[inline]
    fn offer_name(&self, ctx: &mut Ctx<'_, '_>, u: u32, score: u32, kind: MatchKind) -> bool {
        let (lo, hi) = (self.name_slot[u as usize], self.name_slot[u as usize + 1]);
        for slot in lo..hi {
            if !self.offer(ctx, slot, score, kind) {
                return false;
            }
        }
        true
    }

    /// Names in hanzi (or any text): exact, then starting with, then containing the query.
    pub fn search_name(&self, q: &str, ctx: &mut Ctx<'_, '_>) {
        let n = self.name_count();
        let lo = partition(n, |u| self.name(u) < q);
        let eq = lo + partition(n - lo, |u| self.name(lo + u) == q);
        let hi = eq + partition(n - eq, |u| self.name(eq + u).starts_with(q));
        let tiers = [(lo, eq, NAME_EXACT), (eq, hi, NAME_PREFIX)];
        for (a, b, score) in tiers {
            for u in a..b {
                if !self.offer_name(ctx, u as u32, score, MatchKind::Name) {
                    break;
                }
            }
        }
        if !ctx.sel.wants_score(NAME_CONTAINS) {
            return;
        }
        for (at, _) in self.names.match_indices(q) {
            let u = self.name_start.partition_point(|&s| s as usize <= at) - 1;
            if !self.offer_name(ctx, u as u32, NAME_CONTAINS, MatchKind::Name) {
                break;
            }
        }
    }

    /// Pinyin (lowercase letters): full keys exact and by prefix, initials exact and by
    /// prefix, from a later syllable, then fuzzily.
    pub fn search_pinyin(&self, q: &[u8], ctx: &mut Ctx<'_, '_>) {
        let (lo, eq, hi) = self.full.ranges(q);
        let (ilo, ieq, ihi) = self.initials.ranges(q);
        let tiers = [
            (&self.full, lo, eq, PINYIN_EXACT, MatchKind::Pinyin),
            (&self.full, eq, hi, PINYIN_PREFIX, MatchKind::Pinyin),
            (
                &self.initials,
                ilo,
                ieq,
                INITIALS_EXACT,
                MatchKind::Initials,
            ),
            (
                &self.initials,
                ieq,
                ihi,
                INITIALS_PREFIX,
                MatchKind::Initials,
            ),
        ];
        for (postings, a, b, tier, kind) in tiers {
            if !ctx.sel.wants_score(tier) {
                return;
            }
            for (u, level) in postings.postings(a, b) {
                self.offer_name(ctx, u, at_level(tier, level), kind);
            }
        }
        if q.len() < MIN_LOOSE || !ctx.sel.wants_score(PINYIN_INSIDE) {
            return;
        }
        self.search_inside(q, ctx);
        if !ctx.sel.wants_score(FUZZY_CEILING) {
            return;
        }
        self.search_fuzzy(q, (lo, hi), ctx);
    }

    /// Keys where the query starts at a later syllable (a capital letter).
    fn search_inside(&self, q: &[u8], ctx: &mut Ctx<'_, '_>) {
        let first = char::from(q[0].to_ascii_uppercase());
        let keys = self.full.keys.as_bytes();
        for (at, _) in self.full.keys.match_indices(first) {
            let end = at + q.len();
            if end > keys.len() || !score::eq_lower(&keys[at + 1..end], &q[1..]) {
                continue;
            }
            let k = self.full.key_start.partition_point(|&s| s as usize <= at) - 1;
            if self.full.key_start[k] as usize == at || (self.full.key_start[k + 1] as usize) < end
            {
                continue; // the start of a key (a prefix match), or running into the next key
            }
            for (u, level) in self.full.postings(k, k + 1) {
                self.offer_name(ctx, u, at_level(PINYIN_INSIDE, level), MatchKind::Pinyin);
            }
        }
    }

    /// nucleo over the keys that start with the query's first letter (prefix matches aside).
    fn search_fuzzy(&self, q: &[u8], prefix: (usize, usize), ctx: &mut Ctx<'_, '_>) {
        let (lo, _, hi) = self.full.ranges(&q[..1]);
        for k in (lo..prefix.0).chain(prefix.1..hi) {
            let Some(s) = score::nucleo(self.full.key(k), q) else {
                continue;
            };
            for (u, level) in self.full.postings(k, k + 1) {
                self.offer_name(ctx, u, score::fuzzy_score(s, level), MatchKind::Pinyin);
            }
        }
    }

    /// Phones and ID numbers ending with what was typed, in slot (name) order.
    pub fn search_tails(&self, phone: Option<Tail>, id: Option<Tail>, ctx: &mut Ctx<'_, '_>) {
        if let Some(t) = phone {
            let mut from = 0;
            while let Some(i) = self.phone[from..].iter().position(|&p| t.ends_phone(p)) {
                let slot = (from + i) as u32;
                if !self.offer(ctx, slot, PHONE_TAIL, MatchKind::Phone) {
                    break;
                }
                from += i + 1;
            }
        }
        if let Some(t) = id {
            let mut from = 0;
            while let Some(i) = self.id_low[from..].iter().position(|&p| t.ends_id_low(p)) {
                let slot = from + i;
                from = slot + 1;
                if !t.ends_id(self.id_low[slot], self.id_head[slot]) {
                    continue;
                }
                if !self.offer(ctx, slot as u32, ID_TAIL, MatchKind::IdNumber) {
                    break;
                }
            }
        }
    }

    /// Bytes held on the heap.
    pub fn heap_bytes(&self) -> usize {
        self.ids.capacity() * 8
            + self.household.capacity() * 4
            + self.phone.capacity() * 8
            + self.id_low.capacity() * 8
            + self.id_head.capacity()
            + self.dead.capacity() * 8
            + self.names.capacity()
            + (self.name_start.capacity() + self.name_slot.capacity()) * 4
            + self.full.heap_bytes()
            + self.initials.heap_bytes()
    }

    /// Sizes for the report: (people, distinct names, full keys, initials keys, postings).
    pub fn shape(&self) -> (usize, usize, usize, usize, usize) {
        (
            self.ids.len(),
            self.name_count(),
            self.full.len(),
            self.initials.len(),
            self.full.post.len(),
        )
    }
}

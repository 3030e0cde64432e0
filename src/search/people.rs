//! The bulk of the resident index, built at once and afterwards only marked removed: columns
//! of fixed-width numbers per person, the distinct names in one arena, and sorted lists of
//! (name, reading) entries for pinyin — by key, by initials and by later syllable.
//!
//! People sit in slots sorted by name and then id, so a slot number is also the person's
//! place in the tie-break order and everyone with one name sits in one run of slots. No
//! pinyin text is stored: a key is spelled again from the hanzi whenever a search compares
//! it, which the pinyin crate's tables make cheap.

use std::cmp::Ordering;

use super::digits::{IdNumber, Phone, Tail};
use super::households::{Households, Scope};
use super::ids::IdColumn;
use super::reading::{initials_of, level_of, Reader, MAX_COMBOS};
use super::score::{
    self, at_level, ends_syllables, MatchKind, FUZZY_CEILING, ID_TAIL, INITIALS_EXACT,
    INITIALS_PREFIX, LAST_INSIDE, MIN_LOOSE, NAME_CONTAINS, NAME_EXACT, NAME_PREFIX, PHONE_TAIL,
    PINYIN_EXACT, PINYIN_INSIDE, PINYIN_PREFIX, PINYIN_SYLLABLES,
};
use super::select::{Pick, Selector};
use crate::model::Id;

/// People waiting to be indexed: what the bulk build sorts.
#[derive(Debug, Default)]
pub struct Staging {
    names: String,
    recs: Vec<StageRec>,
    /// The former residents among them (moved out, died), whose hits are marked so.
    pub former: Vec<Id>,
}

#[derive(Debug, Clone, Copy)]
struct StageRec {
    id: Id,
    /// A household id while loading from the store, a household slot once resolved.
    household: u64,
    name_start: u32,
    name_len: u32,
    phone: Phone,
    id_number: IdNumber,
}

/// The searchable facts of one resident, numbers packed (see `digits`).
#[derive(Debug, Clone, Copy)]
pub struct Facts<'a> {
    pub id: Id,
    pub household: u64,
    pub name: &'a str,
    pub phone: Phone,
    pub id_number: IdNumber,
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
            id_number: f.id_number,
        });
        self.names.push_str(name);
    }

    /// Takes in everyone staged elsewhere (another thread's share of a load).
    pub fn append(&mut self, other: Staging) {
        let shift = self.names.len() as u32;
        self.former.extend(other.former);
        self.names.push_str(&other.names);
        self.recs.extend(other.recs.into_iter().map(|mut r| {
            r.name_start += shift;
            r
        }));
    }

    /// Turns household ids into slots; people whose household is unknown are dropped.
    pub fn resolve(&mut self, slot_of: impl Fn(Id) -> Option<u32>) {
        self.recs.retain_mut(|r| match slot_of(r.household) {
            Some(slot) => {
                r.household = u64::from(slot);
                true
            }
            None => false,
        });
    }

    /// Calls `each(household, id, name)` for every person staged.
    pub fn for_each(&self, mut each: impl FnMut(u64, Id, &str)) {
        for (i, r) in self.recs.iter().enumerate() {
            each(r.household, r.id, self.name(i as u32));
        }
    }

    fn name(&self, i: u32) -> &str {
        let r = &self.recs[i as usize];
        let start = r.name_start as usize;
        &self.names[start..start + r.name_len as usize]
    }
}

/// One person's slot columns.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
struct Columns {
    ids: IdColumn,
    household: Vec<u32>,
    phone_low: Vec<u32>,
    phone_high: Vec<u16>,
    id_low: Vec<u32>,
    id_mid: Vec<u32>,
    id_head: Vec<u8>,
}

/// The bulk resident index.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct People {
    cols: Columns,
    /// One bit per slot: removed or replaced since the build.
    dead: Vec<u64>,
    dead_count: usize,
    /// Distinct names, sorted, each followed by a NUL so a search cannot run across two.
    names: String,
    /// Name u is `names[name_start[u]..name_start[u + 1] - 1]`.
    name_start: Vec<u32>,
    /// Name u is held by slots `name_slot[u]..name_slot[u + 1]`.
    name_slot: Vec<u32>,
    /// (name, reading) entries, `name << 2 | reading`, sorted by key. Entries hold a
    /// distinct name's number in 30 bits (27 in `by_syllable`): far beyond any city.
    by_key: Vec<u32>,
    /// The same entries sorted by the key's initials.
    by_initials: Vec<u32>,
    /// `name << 5 | reading << 3 | syllable`, sorted by the key from that syllable (1 to 7)
    /// on; a suffix that several readings share is listed once, with the best reading.
    by_syllable: Vec<u32>,
}

/// What a search over the bulk index needs besides the query.
pub struct Ctx<'a, 'b> {
    pub households: &'a Households,
    pub scope: &'a mut Scope<'b>,
    pub sel: &'a mut Selector,
}

// Entries pack a reading in 2 bits and a syllable in 3.
const _: () = assert!(MAX_COMBOS <= 4 && LAST_INSIDE < 8);

/// Pieces of pinyin text waiting to be sorted, in a scratch arena.
#[derive(Default)]
struct SortBuf {
    text: Vec<u8>,
    /// Each piece: (its first 8 lowercase bytes, big-endian; its number).
    heads: Vec<(u64, u32)>,
    /// Each piece: (start, length, entry).
    pieces: Vec<(u32, u32, u32)>,
}

impl SortBuf {
    fn push(&mut self, bytes: &[u8], entry: u32) {
        let mut head = [0u8; 8];
        for (h, b) in head.iter_mut().zip(bytes) {
            *h = b | 0x20;
        }
        self.heads
            .push((u64::from_be_bytes(head), self.pieces.len() as u32));
        self.pieces
            .push((self.text.len() as u32, bytes.len() as u32, entry));
        self.text.extend_from_slice(bytes);
    }

    /// The entries in the order of their lowercase text, then entry number.
    fn sorted(mut self) -> Vec<u32> {
        let (text, pieces) = (&self.text, &self.pieces);
        let bytes = |i: u32| {
            let (start, len, _) = pieces[i as usize];
            &text[start as usize..(start + len) as usize]
        };
        sort_by_head(&mut self.heads, |a, b| {
            cmp_lower(bytes(a), bytes(b)).then(pieces[a as usize].2.cmp(&pieces[b as usize].2))
        });
        self.heads
            .iter()
            .map(|&(_, i)| pieces[i as usize].2)
            .collect()
    }
}

/// Sorts (head, index) pairs by head, then each run of equal heads by `tie`, which must
/// agree with the heads (a cheap first pass, then full comparisons only where needed).
fn sort_by_head(pairs: &mut [(u64, u32)], mut tie: impl FnMut(u32, u32) -> Ordering) {
    pairs.sort_unstable();
    let mut i = 0;
    while i < pairs.len() {
        let run = pairs[i..].iter().take_while(|p| p.0 == pairs[i].0).count();
        if run > 1 {
            pairs[i..i + run].sort_unstable_by(|a, b| tie(a.1, b.1));
        }
        i += run;
    }
}

/// Orders pinyin by its lowercase bytes.
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

/// Where a text sorts against a lowercase query: before it, equal, starting with it, after.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    Before,
    Equal,
    Extends,
    After,
}

#[inline]
fn place(text: &[u8], q: &[u8]) -> Place {
    match cmp_lower(text, q) {
        Ordering::Less => Place::Before,
        Ordering::Equal => Place::Equal,
        Ordering::Greater if text.len() > q.len() && cmp_lower(&text[..q.len()], q).is_eq() => {
            Place::Extends
        }
        Ordering::Greater => Place::After,
    }
}

/// The first index in 0..n for which `pred` is false (`pred` true then false).
fn partition(n: usize, mut pred: impl FnMut(usize) -> bool) -> usize {
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

/// Ranges of a sorted list for a query: (start, end of equal, end of starting-with).
fn ranges(n: usize, mut place_of: impl FnMut(usize) -> Place) -> (usize, usize, usize) {
    let lo = partition(n, |i| place_of(i) == Place::Before);
    let eq = lo + partition(n - lo, |i| place_of(lo + i) == Place::Equal);
    let hi = eq + partition(n - eq, |i| place_of(eq + i) == Place::Extends);
    (lo, eq, hi)
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
        sort_by_head(&mut order, |a, b| {
            staging.name(a).cmp(staging.name(b)).then_with(|| {
                staging.recs[a as usize]
                    .id
                    .cmp(&staging.recs[b as usize].id)
            })
        });
        let n = order.len();
        let base = staging.recs.iter().map(|r| r.id).min().unwrap_or(0);
        let mut p = People {
            cols: Columns {
                ids: IdColumn::with_capacity(n, base),
                household: Vec::with_capacity(n),
                phone_low: Vec::with_capacity(n),
                phone_high: Vec::with_capacity(n),
                id_low: Vec::with_capacity(n),
                id_mid: Vec::with_capacity(n),
                id_head: Vec::with_capacity(n),
            },
            dead: vec![0; n.div_ceil(64)],
            ..People::default()
        };
        let mut reader = Reader::default();
        let mut keys = SortBuf::default();
        let mut initials = SortBuf::default();
        let mut syllables = SortBuf::default();
        let mut ini = Vec::new();
        // The suffixes of the current name's keys so far, to list each only once.
        let mut suffixes: Vec<u8> = Vec::new();
        let mut suffix_ends: Vec<usize> = Vec::new();
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
                suffixes.clear();
                suffix_ends.clear();
                let mut combo = 0u32;
                reader.for_each_key_with_starts(name, |key, starts| {
                    let entry = (u << 2) | combo;
                    keys.push(key, entry);
                    initials_of(key, &mut ini);
                    initials.push(&ini, entry);
                    for (s, &start) in starts.iter().enumerate().skip(1).take(LAST_INSIDE) {
                        let suffix = &key[start as usize..];
                        let mut from = 0;
                        let seen = suffix_ends.iter().any(|&end| {
                            let same = &suffixes[from..end] == suffix;
                            from = end;
                            same
                        });
                        if !seen {
                            suffixes.extend_from_slice(suffix);
                            suffix_ends.push(suffixes.len());
                            syllables.push(suffix, (u << 5) | (combo << 3) | s as u32);
                        }
                    }
                    combo += 1;
                });
                last = Some(name);
            }
            let c = &mut p.cols;
            c.ids.push(r.id);
            c.household.push(r.household as u32);
            c.phone_low.push(r.phone.0);
            c.phone_high.push(r.phone.1);
            c.id_low.push(r.id_number.0);
            c.id_mid.push(r.id_number.1);
            c.id_head.push(r.id_number.2);
        }
        p.name_start.push(p.names.len() as u32);
        p.name_slot.push(n as u32);
        p.names.shrink_to_fit();
        p.name_start.shrink_to_fit();
        p.name_slot.shrink_to_fit();
        // The three sorts are independent: two of them on a second thread.
        (p.by_key, (p.by_initials, p.by_syllable)) = std::thread::scope(|s| {
            let others = s.spawn(move || (initials.sorted(), syllables.sorted()));
            let by_key = keys.sorted();
            let others = others
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (by_key, others)
        });
        p
    }

    /// Live people, for a rebuild that folds in recent writes.
    pub fn stage_live(&self, staging: &mut Staging) {
        for u in 0..self.name_count() {
            let name = self.name(u);
            for slot in self.name_slot[u]..self.name_slot[u + 1] {
                if !self.is_dead(slot) {
                    let s = slot as usize;
                    let c = &self.cols;
                    staging.push(Facts {
                        id: c.ids.get(s),
                        household: u64::from(c.household[s]),
                        name,
                        phone: (c.phone_low[s], c.phone_high[s]),
                        id_number: (c.id_low[s], c.id_mid[s], c.id_head[s]),
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
        self.cols.ids.get(slot as usize)
    }

    pub fn household(&self, slot: u32) -> u32 {
        self.cols.household[slot as usize]
    }

    pub fn live(&self) -> usize {
        self.cols.ids.len() - self.dead_count
    }

    #[inline]
    fn is_dead(&self, slot: u32) -> bool {
        self.dead[(slot / 64) as usize] & (1 << (slot % 64)) != 0
    }

    /// Marks a person removed; false if the id is not (or no longer) here.
    pub fn remove(&mut self, id: Id) -> bool {
        let found = self
            .cols
            .ids
            .positions(id)
            .into_iter()
            .find(|&s| !self.is_dead(s as u32));
        let Some(slot) = found else {
            return false;
        };
        self.dead[slot / 64] |= 1 << (slot % 64);
        self.dead_count += 1;
        true
    }

    /// Offers one slot; false when the selector wants nothing this good or worse any more
    /// (scans in slot order stop there).
    #[inline]
    fn offer(&self, ctx: &mut Ctx<'_, '_>, slot: u32, score: u32, kind: MatchKind) -> bool {
        let key = Pick::key(score, slot);
        if !ctx.sel.wants(key) {
            return false;
        }
        let household = self.cols.household[slot as usize];
        if !self.is_dead(slot) && ctx.scope.allows(ctx.households, household) {
            ctx.sel.offer(key, kind);
        }
        true
    }

    /// Offers everyone with distinct name u; false as [`People::offer`].
    #[inline]
    fn offer_name(&self, ctx: &mut Ctx<'_, '_>, u: u32, score: u32, kind: MatchKind) -> bool {
        for slot in self.name_slot[u as usize]..self.name_slot[u as usize + 1] {
            if !self.offer(ctx, slot, score, kind) {
                return false;
            }
        }
        true
    }

    /// Names in hanzi (or any text): exact, then starting with, then containing the query.
    pub fn search_name(&self, q: &str, ctx: &mut Ctx<'_, '_>) {
        let (lo, eq, hi) = ranges(self.name_count(), |u| {
            let name = self.name(u);
            match name.cmp(q) {
                Ordering::Less => Place::Before,
                Ordering::Equal => Place::Equal,
                Ordering::Greater if name.starts_with(q) => Place::Extends,
                Ordering::Greater => Place::After,
            }
        });
        for (a, b, score) in [(lo, eq, NAME_EXACT), (eq, hi, NAME_PREFIX)] {
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

    /// Pinyin (lowercase letters): keys exactly and by prefix, initials exactly and by
    /// prefix, then from a later syllable. Fuzzy matching is [`People::search_fuzzy`].
    pub fn search_pinyin(&self, q: &[u8], ctx: &mut Ctx<'_, '_>) {
        let mut r = Reader::default();
        let mut ini = Vec::new();
        let (lo, eq, hi) = ranges(self.by_key.len(), |i| {
            let e = self.by_key[i];
            place(self.key(&mut r, e).0, q)
        });
        let (ilo, ieq, ihi) = ranges(self.by_initials.len(), |i| {
            let e = self.by_initials[i];
            initials_of(self.key(&mut r, e).0, &mut ini);
            place(&ini, q)
        });
        // Each tier: the score of its entries, and for the pinyin prefixes the higher one of
        // a prefix that ends on a syllable (`chen` finds 陈伟 before 程一诺).
        let tiers = [
            (&self.by_key, lo, eq, PINYIN_EXACT, None, MatchKind::Pinyin),
            (
                &self.by_key,
                eq,
                hi,
                PINYIN_PREFIX,
                Some(PINYIN_SYLLABLES),
                MatchKind::Pinyin,
            ),
            (
                &self.by_initials,
                ilo,
                ieq,
                INITIALS_EXACT,
                None,
                MatchKind::Initials,
            ),
            (
                &self.by_initials,
                ieq,
                ihi,
                INITIALS_PREFIX,
                None,
                MatchKind::Initials,
            ),
        ];
        for (list, a, b, tier, whole, kind) in tiers {
            if !ctx.sel.wants_score(whole.unwrap_or(tier)) {
                return;
            }
            for &e in &list[a..b] {
                let score = match whole {
                    Some(w) if ends_syllables(self.key(&mut r, e).0, q.len()) => w,
                    _ => tier,
                };
                let level = level_of((e & 3) as usize);
                self.offer_name(ctx, e >> 2, at_level(score, level), kind);
            }
        }
        if q.len() < MIN_LOOSE || !ctx.sel.wants_score(PINYIN_INSIDE) {
            return;
        }
        let (slo, _, shi) = ranges(self.by_syllable.len(), |i| {
            let e = self.by_syllable[i];
            let (key, starts) = self.key(&mut r, e >> 3);
            let from = starts
                .get((e & 7) as usize)
                .map_or(key.len(), |&s| s as usize);
            match place(&key[from..], q) {
                Place::Equal => Place::Extends,
                p => p,
            }
        });
        for &e in &self.by_syllable[slo..shi] {
            let level = level_of(((e >> 3) & 3) as usize);
            self.offer_name(
                ctx,
                e >> 5,
                at_level(PINYIN_INSIDE, level),
                MatchKind::Pinyin,
            );
        }
    }

    /// The key of an entry (`name << 2 | reading`) and where its syllables start.
    fn key<'r>(&self, r: &'r mut Reader, e: u32) -> (&'r [u8], &'r [u32]) {
        r.key(self.name((e >> 2) as usize), (e & 3) as usize)
    }

    /// nucleo over the keys whose initials start with the query's first letter and then a
    /// letter typed later in it (see [`score::fuzzy_applies`]).
    pub fn search_fuzzy(&self, q: &[u8], ctx: &mut Ctx<'_, '_>) {
        if q.len() < MIN_LOOSE || !ctx.sel.wants_score(FUZZY_CEILING) {
            return;
        }
        let r = &mut Reader::default();
        let mut ini = Vec::new();
        let mut seconds: Vec<u8> = q[1..].to_vec();
        seconds.sort_unstable();
        seconds.dedup();
        for second in seconds {
            let pair = [q[0], second];
            let (lo, _, hi) = ranges(self.by_initials.len(), |i| {
                initials_of(self.key(r, self.by_initials[i]).0, &mut ini);
                place(&ini, &pair)
            });
            for &e in &self.by_initials[lo..hi] {
                let level = level_of((e & 3) as usize);
                if !ctx.sel.wants_score(score::fuzzy_score(u16::MAX, level)) {
                    continue;
                }
                let (key, _) = self.key(r, e);
                if matches!(place(key, q), Place::Equal | Place::Extends) {
                    continue; // an exact or prefix match, ranked above already
                }
                if let Some(s) = score::nucleo(key, q) {
                    self.offer_name(ctx, e >> 2, score::fuzzy_score(s, level), MatchKind::Pinyin);
                }
            }
        }
    }

    /// Phones and ID numbers ending with what was typed, in slot (name) order.
    pub fn search_tails(&self, phone: Option<Tail>, id: Option<Tail>, ctx: &mut Ctx<'_, '_>) {
        let c = &self.cols;
        if let Some(t) = phone {
            let (mask, value) = t.low();
            let mut from = 0;
            while let Some(i) = c.phone_low[from..].iter().position(|&p| p & mask == value) {
                let slot = from + i;
                from = slot + 1;
                if t.ends_phone((c.phone_low[slot], c.phone_high[slot]))
                    && !self.offer(ctx, slot as u32, PHONE_TAIL, MatchKind::Phone)
                {
                    break;
                }
            }
        }
        if let Some(t) = id {
            let (mask, value) = t.low();
            let mut from = 0;
            while let Some(i) = c.id_low[from..].iter().position(|&p| p & mask == value) {
                let slot = from + i;
                from = slot + 1;
                if t.ends_id((c.id_low[slot], c.id_mid[slot], c.id_head[slot]))
                    && !self.offer(ctx, slot as u32, ID_TAIL, MatchKind::IdNumber)
                {
                    break;
                }
            }
        }
    }

    /// Bytes held on the heap.
    pub fn heap_bytes(&self) -> usize {
        let c = &self.cols;
        c.ids.heap_bytes()
            + (c.household.capacity() + c.phone_low.capacity()) * 4
            + c.phone_high.capacity() * 2
            + (c.id_low.capacity() + c.id_mid.capacity()) * 4
            + c.id_head.capacity()
            + self.dead.capacity() * 8
            + self.names.capacity()
            + (self.name_start.capacity() + self.name_slot.capacity()) * 4
            + (self.by_key.capacity() + self.by_initials.capacity() + self.by_syllable.capacity())
                * 4
    }

    /// Sizes for reports: (distinct names, entries by key, entries by later syllable).
    pub fn shape(&self) -> (usize, usize, usize) {
        (self.name_count(), self.by_key.len(), self.by_syllable.len())
    }
}

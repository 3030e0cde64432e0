//! The in-memory search index: residents by name in hanzi, by pinyin (in full, by prefix and
//! by initials, every reading, surnames read as surnames), by the end of a phone or ID
//! number, and households by address.
//!
//! Ranking, best first (see `score` for the numbers):
//! 1. a name in hanzi exactly, then names starting with it, then names containing it;
//! 2. an address: the room itself, then a building's or entrance's households in door order;
//! 3. pinyin in full exactly, then by prefix ending on a syllable (`chen` is 陈's, not the
//!    start of 程's cheng), then by any prefix, then initials exactly, then by prefix; each
//!    with the usual reading of the name (its first character read as a surname) above its
//!    other readings;
//! 4. the end of a phone, then the end of an ID number;
//! 5. pinyin from a later syllable (`xiaoming` finds 曾小明);
//! 6. only when nothing above matched: fuzzy pinyin (nucleo), for abbreviations such as
//!    `zhougp` and dropped letters.
//!
//! Equal scores are broken by name, then by resident id; address hits keep door order.
//!
//! A household is found by its head's name through the head's resident hit, which carries
//! the household and its address; household hits come from address queries only, named
//! after their head.
//!
//! Writes go to a small buffer of recent residents matched one by one; once it holds
//! `set_recent_limit` people (4096 by default) the bulk index is rebuilt with them.

mod delta;
mod digits;
mod households;
mod ids;
mod people;
mod query;
pub(crate) mod reading;
mod score;
mod select;
pub mod snapshot;

use std::collections::HashMap;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

pub use score::MatchKind;

use crate::model::{Community, Household, Id, Resident};
use crate::store::{codec, keys, Store, StoreError, Stored, TreeId};
use delta::{Delta, Recent};
use households::{Households, Scope};
use people::{Ctx, Facts, People, Staging};
use query::Query;
use select::Selector;

/// What a hit is: a resident, or a household found by its address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum HitKind {
    Resident,
    Household,
    /// A registrant of 双报到 (an in-service member or a co-building unit), found by name.
    Registrant,
}

/// One search result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hit {
    pub kind: HitKind,
    /// The resident's name; for a household, its head's name.
    pub name: String,
    /// The household's address, such as `5-2-301`.
    pub address: String,
    pub community: String,
    pub household: Id,
    pub resident: Option<Id>,
    pub matched: MatchKind,
    pub score: u32,
    /// A former resident (moved out, died): still found, shown as former.
    #[serde(default)]
    pub former: bool,
    /// For a registrant hit, the registrant; `household` is her household, 0 when unknown.
    #[serde(default)]
    pub registrant: Option<Id>,
}

/// The search index over every resident and household of a store.
#[derive(Debug, Serialize, Deserialize)]
pub struct SearchIndex {
    households: Households,
    people: People,
    delta: Delta,
    recent_limit: usize,
    /// Former residents (moved out, died), whose hits are marked so.
    former: std::collections::HashSet<Id>,
}

/// Sizes of the index, for reports and benchmarks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct IndexShape {
    pub residents: usize,
    pub households: usize,
    pub distinct_names: usize,
    /// (name, reading) entries; each is listed by key and by initials.
    pub pinyin_entries: usize,
    /// Entries by a later syllable.
    pub syllable_entries: usize,
    pub recent: usize,
    pub heap_bytes: usize,
}

/// Builds an index from records in any order: communities, households and residents.
#[derive(Debug, Default)]
pub struct Builder {
    households: Households,
    heads: Vec<Option<Id>>,
    staging: Staging,
}

impl Builder {
    pub fn community(&mut self, c: &Community) {
        self.households.community(c.id, &c.name);
    }

    pub fn household(&mut self, h: &Household) {
        self.households.push(h);
        self.heads.push(h.head);
    }

    pub fn resident(&mut self, r: &Resident) {
        stage(&mut self.staging, r);
    }

    /// Sorts and packs everything. Residents of unknown households are left out: a hit
    /// must lead to a door.
    pub fn finish(mut self) -> SearchIndex {
        self.households.finish();
        let slots: HashMap<Id, u32> = self.households.slots().collect();
        self.staging.resolve(|id| slots.get(&id).copied());
        let mut head_names = Vec::new();
        self.staging.for_each(|slot, id, name| {
            if self.heads.get(slot as usize) == Some(&Some(id)) {
                head_names.push((slot as u32, name.to_string()));
            }
        });
        for (slot, name) in head_names {
            self.households.set_head(slot, &name);
        }
        let former = std::mem::take(&mut self.staging.former)
            .into_iter()
            .collect();
        SearchIndex {
            households: self.households,
            people: People::build(self.staging),
            delta: Delta::default(),
            recent_limit: delta::LIMIT,
            former,
        }
    }
}

fn stage(staging: &mut Staging, r: &Resident) {
    if !r.is_current() {
        staging.former.push(r.id);
    }
    staging.push(Facts {
        id: r.id,
        household: r.household,
        name: &r.name,
        phone: digits::pack_phone(&r.phone),
        id_number: digits::pack_id(&r.id_number),
    });
}

/// Stages the residents stored under keys in `range`.
fn stage_stored(
    store: &Store,
    range: impl std::ops::RangeBounds<[u8; 8]>,
    staging: &mut Staging,
) -> Result<(), StoreError> {
    for kv in store.tree(TreeId::Residents).range(range) {
        let (_, bytes) = kv?;
        stage(staging, &codec::decode::<Stored<Resident>>(&bytes)?.value);
    }
    Ok(())
}

/// A hit before it is spelled out: its rank and where its facts are.
struct Ranked<'a> {
    score: u32,
    door: u32,
    name: &'a str,
    id: Id,
    matched: MatchKind,
    source: Source,
}

/// Where a hit's facts are: a bulk slot, a recent write, a household slot.
enum Source {
    Bulk(u32),
    Recent(usize),
    Household(u32),
}

impl SearchIndex {
    /// Builds from the store: every community, household and resident. Decoding the store
    /// is most of the work, so a second thread decodes the upper part of the residents while
    /// this one decodes the households and the rest: the split evens out the two threads.
    pub fn build(store: &Store) -> Result<SearchIndex, StoreError> {
        let tree = store.tree(TreeId::Residents);
        let first = tree.first()?.and_then(|(k, _)| keys::read_id(&k, 0));
        let last = tree.last()?.and_then(|(k, _)| keys::read_id(&k, 0));
        let lower = lower_share(
            store.count(TreeId::Households)?,
            store.count(TreeId::Residents)?,
        );
        let mid = keys::id(match (first, last) {
            (Some(a), Some(b)) => a + ((b - a) as f64 * lower) as Id,
            _ => Id::MAX,
        });
        std::thread::scope(|s| {
            let upper = s.spawn(move || {
                let mut staging = Staging::default();
                stage_stored(store, mid.., &mut staging).map(|()| staging)
            });
            let mut b = Builder::default();
            for c in store.all::<Community>() {
                b.community(&c?);
            }
            for h in store.all::<Household>() {
                b.household(&h?);
            }
            stage_stored(store, ..mid, &mut b.staging)?;
            let upper = upper
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))?;
            b.staging.append(upper);
            Ok(b.finish())
        })
    }

    /// The index of a store an import wrote into when it had no households or residents:
    /// from the records the import wrote and the store's communities, none of it decoded
    /// from the store again. The same index `build` makes of that store.
    pub fn of_fresh_import(
        store: &Store,
        fresh: &crate::store::import::Fresh,
    ) -> Result<SearchIndex, StoreError> {
        let mut b = Builder::default();
        for c in store.all::<Community>() {
            b.community(&c?);
        }
        for h in &fresh.households {
            b.household(h);
        }
        for r in &fresh.residents {
            b.resident(r);
        }
        Ok(b.finish())
    }

    /// Adds or replaces a resident; `household` is their household as now stored and
    /// `community` its community's name. A head's name also becomes their household's.
    pub fn upsert_resident(&mut self, r: &Resident, household: &Household, community: &str) {
        let head = (household.head == Some(r.id)).then_some(r.name.trim());
        let slot = self.households.upsert(household, head, community);
        self.remove_resident(r.id);
        if !r.is_current() {
            self.former.insert(r.id);
        }
        self.delta.people.push(Recent::new(r, slot));
        if self.delta.people.len() >= self.recent_limit {
            self.compact();
        }
    }

    /// Removes a resident; nothing happens if the id is unknown.
    pub fn remove_resident(&mut self, id: Id) {
        self.former.remove(&id);
        if !self.delta.remove(id) {
            self.people.remove(id);
        }
    }

    /// Adds or replaces a household, with its head's name and its community's name.
    pub fn upsert_household(&mut self, h: &Household, head_name: &str, community: &str) {
        self.households.upsert(h, Some(head_name.trim()), community);
    }

    /// Folds recent writes into the bulk index now (it happens by itself every so often).
    pub fn compact(&mut self) {
        let mut staging = Staging::default();
        self.people.stage_live(&mut staging);
        for p in &self.delta.people {
            staging.push(Facts {
                id: p.id,
                household: u64::from(p.household),
                name: &p.name,
                phone: p.phone,
                id_number: p.id_number,
            });
        }
        self.people = People::build(staging);
        self.delta = Delta::default();
        self.households.compact_heads();
    }

    /// How many recent writes are kept before [`SearchIndex::compact`] runs by itself.
    pub fn set_recent_limit(&mut self, limit: usize) {
        self.recent_limit = limit.max(1);
    }

    /// Ranked hits, best first, at most `limit`. `allow(community, grid)` keeps only what a
    /// scope may see (None: everything); it is asked once per community and grid.
    pub fn search(
        &self,
        query: &str,
        limit: usize,
        allow: Option<&dyn Fn(Id, Id) -> bool>,
    ) -> Vec<Hit> {
        let q = Query::parse(query);
        if q.is_empty() || limit == 0 {
            return Vec::new();
        }
        let mut scope = Scope::new(allow);
        let mut sel = Selector::new(limit);
        let mut ctx = Ctx {
            households: &self.households,
            scope: &mut scope,
            sel: &mut sel,
        };
        if let Some(name) = &q.name {
            self.people.search_name(name, &mut ctx);
        }
        if let Some(p) = &q.pinyin {
            self.people.search_pinyin(p, &mut ctx);
        }
        if q.phone.is_some() || q.id.is_some() {
            self.people.search_tails(q.phone, q.id, &mut ctx);
        }
        let mut recent = self.delta.search(&q, false, &self.households, ctx.scope);
        // Fuzzy pinyin is the fallback for when nothing matched strictly.
        if let (Some(p), true, true) = (&q.pinyin, ctx.sel.is_empty(), recent.is_empty()) {
            self.people.search_fuzzy(p, &mut ctx);
            recent = self.delta.search(&q, true, &self.households, ctx.scope);
        }
        let mut ranked: Vec<Ranked<'_>> = sel
            .into_picks()
            .into_iter()
            .map(|p| Ranked {
                score: p.score(),
                door: 0,
                name: self.people.name_of(p.slot()),
                id: self.people.id(p.slot()),
                matched: p.kind,
                source: Source::Bulk(p.slot()),
            })
            .collect();
        let mut recent: Vec<Ranked<'_>> = recent
            .into_iter()
            .map(|(score, matched, i)| Ranked {
                score,
                door: 0,
                name: &self.delta.people[i].name,
                id: self.delta.people[i].id,
                matched,
                source: Source::Recent(i),
            })
            .collect();
        sort(&mut recent);
        recent.truncate(limit);
        ranked.extend(recent);
        if let Some(a) = &q.address {
            for m in self.households.find(a, limit, &mut scope) {
                ranked.push(Ranked {
                    score: m.score,
                    door: m.door,
                    name: self.households.head(m.slot),
                    id: self.households.id(m.slot),
                    matched: MatchKind::Address,
                    source: Source::Household(m.slot),
                });
            }
        }
        sort(&mut ranked);
        ranked.truncate(limit);
        ranked.into_iter().map(|r| self.hit(r)).collect()
    }

    fn hit(&self, r: Ranked<'_>) -> Hit {
        let (kind, household, resident) = match r.source {
            Source::Bulk(slot) => (HitKind::Resident, self.people.household(slot), Some(r.id)),
            Source::Recent(i) => (
                HitKind::Resident,
                self.delta.people[i].household,
                Some(r.id),
            ),
            Source::Household(slot) => (HitKind::Household, slot, None),
        };
        Hit {
            kind,
            name: r.name.to_string(),
            address: self.households.address(household).to_string(),
            community: self.households.community_name(household).to_string(),
            household: self.households.id(household),
            resident,
            matched: r.matched,
            score: r.score,
            former: resident.is_some_and(|id| self.former.contains(&id)),
            registrant: None,
        }
    }

    /// Residents and households in the index.
    pub fn len(&self) -> usize {
        self.people.live() + self.delta.people.len() + self.households.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Bytes the index holds on the heap (capacities of its arenas and columns).
    pub fn heap_bytes(&self) -> usize {
        self.households.heap_bytes() + self.people.heap_bytes() + self.delta.heap_bytes()
    }

    pub fn shape(&self) -> IndexShape {
        let (distinct_names, pinyin_entries, syllable_entries) = self.people.shape();
        IndexShape {
            residents: self.people.live() + self.delta.people.len(),
            households: self.households.len(),
            distinct_names,
            pinyin_entries,
            syllable_entries,
            recent: self.delta.people.len(),
            heap_bytes: self.heap_bytes(),
        }
    }
}

/// Best first: score, then door order (addresses), then name, then id.
fn sort(ranked: &mut [Ranked<'_>]) {
    ranked.sort_by(|a, b| {
        b.score
            .cmp(&a.score)
            .then(a.door.cmp(&b.door))
            .then_with(|| a.name.cmp(b.name))
            .then(a.id.cmp(&b.id))
    });
}

/// Times each query `rounds` times (limit 50, no scope): one duration per search, for the
/// benchmark suite to take percentiles of.
pub fn bench_queries(index: &SearchIndex, queries: &[&str], rounds: usize) -> Vec<Duration> {
    let mut out = Vec::with_capacity(queries.len() * rounds);
    for _ in 0..rounds {
        for q in queries {
            let start = Instant::now();
            let hits = index.search(q, 50, None);
            out.push(start.elapsed());
            std::hint::black_box(hits);
        }
    }
    out
}

/// The share of the residents (by id range) this thread decodes beside the households, so
/// that both threads have as much to do: a household costs about 0.8 of a resident to decode
/// (measured on the small demo: 0.52 µs against 0.64 µs a record).
fn lower_share(households: u64, residents: u64) -> f64 {
    if residents == 0 {
        return 0.5;
    }
    let (h, r) = (households as f64 * 0.8, residents as f64);
    ((r - h) / (2.0 * r)).clamp(0.1, 0.5)
}

/// Runs this thread only when no other wants the processor (SCHED_IDLE): an index build on
/// a busy server never slows the requests of the people waiting on a screen, and on an idle
/// machine it runs at full speed.
fn background_priority() {
    let param = libc::sched_param { sched_priority: 0 };
    // SAFETY: a plain system call on this thread (0 names the caller); a failure leaves the
    // policy as it was.
    unsafe {
        libc::sched_setscheduler(0, libc::SCHED_IDLE, &param);
    }
}

/// The index as a service: built on a thread of its own after start, shared by every
/// connection, waited for by the first searches that come before it is ready.
#[derive(Default)]
pub struct SearchCell {
    index: std::sync::Mutex<Option<Result<SearchIndex, String>>>,
    ready: std::sync::Condvar,
    /// The index came from the file saved at the last build, not from the store.
    loaded: std::sync::atomic::AtomicBool,
}

impl SearchCell {
    /// Starts building the index from the store in the background.
    pub fn start(store: std::sync::Arc<Store>) -> std::sync::Arc<SearchCell> {
        let cell = std::sync::Arc::new(SearchCell::default());
        let c = cell.clone();
        std::thread::spawn(move || {
            // Building yields to the requests of the people waiting on a screen (threads it
            // starts inherit this).
            background_priority();
            let generation = store.people_generation().ok();
            if let Some(index) = generation.and_then(|g| snapshot::load(store.dir(), g)) {
                c.loaded.store(true, std::sync::atomic::Ordering::SeqCst);
                c.publish(Ok(index));
                return;
            }
            c.build(&store, generation);
        });
        cell
    }

    /// Builds the index again from the store and swaps it in (after a laptop forgot its copy).
    pub fn rebuild(&self, store: &Store) {
        self.build(store, store.people_generation().ok());
    }

    /// After an import into a store that had no households or residents: the index from
    /// what it wrote (`SearchIndex::of_fresh_import`), swapped in and saved.
    pub fn rebuild_fresh(&self, store: &Store, fresh: &crate::store::import::Fresh) {
        let built = SearchIndex::of_fresh_import(store, fresh).map_err(|e| e.to_string());
        self.install(store, Some(fresh.generation), built);
    }

    /// Builds from the store, makes the index available, then saves it for the next start,
    /// stamped with the generation read before the build began (a write during the build
    /// leaves the file out of date, so it is not used).
    fn build(&self, store: &Store, generation: Option<u64>) {
        let built = SearchIndex::build(store).map_err(|e| e.to_string());
        self.install(store, generation, built);
    }

    /// Makes a built index available, then saves it stamped with `generation`.
    fn install(&self, store: &Store, generation: Option<u64>, built: Result<SearchIndex, String>) {
        let saved = match (&built, generation) {
            (Ok(index), Some(g)) => snapshot::encode(g, index).ok(),
            _ => None,
        };
        self.publish(built);
        if let Some(bytes) = saved {
            if let Err(e) = snapshot::write(store.dir(), &bytes) {
                crate::log::line(
                    store.dir(),
                    &format!("the search index could not be saved for the next start: {e}"),
                );
            }
        }
    }

    fn publish(&self, index: Result<SearchIndex, String>) {
        *self.index.lock().unwrap_or_else(|p| p.into_inner()) = Some(index);
        self.ready.notify_all();
    }

    /// Whether the index in use was loaded from the file saved at the last build.
    pub fn loaded_from_file(&self) -> bool {
        self.loaded.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// Follows writes made outside the usual forms (a sync, an import): the households and
    /// residents named are read from the store as they are now; the ones gone are dropped.
    pub fn follow(&self, store: &Store, households: &[Id], residents: &[Id]) -> Result<(), String> {
        let community_name = |id: Id| -> String {
            store
                .get_id::<crate::model::Community>(id)
                .ok()
                .flatten()
                .map(|c| c.name)
                .unwrap_or_default()
        };
        let mut people = Vec::new();
        for &id in residents {
            let r = store.get_id::<Resident>(id).map_err(|e| e.to_string())?;
            let h = match &r {
                Some(r) => store
                    .get_id::<Household>(r.household)
                    .map_err(|e| e.to_string())?,
                None => None,
            };
            people.push((id, r.zip(h)));
        }
        let mut homes = Vec::new();
        for &id in households {
            if let Some(h) = store.get_id::<Household>(id).map_err(|e| e.to_string())? {
                let head = match h.head {
                    Some(r) => store
                        .get_id::<Resident>(r)
                        .map_err(|e| e.to_string())?
                        .map(|r| r.name)
                        .unwrap_or_default(),
                    None => String::new(),
                };
                homes.push((h, head));
            }
        }
        self.with(|index| {
            for (h, head) in &homes {
                index.upsert_household(h, head, &community_name(h.community));
            }
            for (id, found) in &people {
                match found {
                    Some((r, h)) => index.upsert_resident(r, h, &community_name(h.community)),
                    None => index.remove_resident(*id),
                }
            }
        })
    }

    /// Runs `f` on the index, waiting for it to be built.
    pub fn with<R>(&self, f: impl FnOnce(&mut SearchIndex) -> R) -> Result<R, String> {
        let mut guard = self.index.lock().unwrap_or_else(|p| p.into_inner());
        while guard.is_none() {
            guard = self.ready.wait(guard).unwrap_or_else(|p| p.into_inner());
        }
        match guard.as_mut() {
            Some(Ok(index)) => Ok(f(index)),
            Some(Err(e)) => Err(format!("the search index could not be built: {e}")),
            None => Err("the search index is not built".into()),
        }
    }
}

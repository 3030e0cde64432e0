//! Grid rollups: per grid, how many households were last visited, last met and last had
//! their roster checked on each day (by building captain and by care-tag set), and how many
//! open follow-ups fall due on each day – so a report over a street or the city adds up
//! counts a grid instead of reading every household – and two indexes over the households in
//! the order the lists show them: visits due by the visit rules (by care-tag set, then the day
//! the clock started) and rosters by the day they were last checked.
//!
//! Like the digests they come from (digest.rs) they are derived and local: written in the
//! transaction of the write that changes a household or its digest, built on open for a
//! store written before, verified and mended by `gridbook check`, never synced. While a
//! household's digest is unknown (a sync's merge took its newest visit away) they are marked
//! stale, and rebuilt, alone, before they are next read.

use std::collections::{BTreeMap, BTreeSet, BinaryHeap};

use super::digest::HouseholdDigest;
use super::{abort, codec, keys, lift, Result, Store, Stored, TreeId, TxResult, Txn};
use crate::model::rules::VisitRules;
use crate::model::scope::Scope;
use crate::model::time::{local_day, Day};
use crate::model::{Address, CareTag, Household, Id};

/// The meta key saying this store's rollups were built.
const BUILT: &[u8] = b"rollups/v1";
/// Present while the rollups cannot be trusted (see the module's note).
const STALE: &[u8] = b"stale";

/// Key spaces of the rollups tree.
const TALLY: u8 = b'T';
const DUE: u8 = b'D';
const ROSTER: u8 = b'R';

/// Tallies: households by the day last visited (per building captain), by the day last met
/// and by the day registered when never met (per care-tag set), by the day the roster was
/// last checked; open follow-ups by due day.
pub(crate) const VISITED: u8 = b'v';
pub(crate) const MET: u8 = b'm';
pub(crate) const NEVER_MET: u8 = b'n';
pub(crate) const ROSTER_CHECKED: u8 = b'r';
pub(crate) const FOLLOWUPS: u8 = b'f';

/// The day a tally counts a household under when it has none (never visited, never checked).
pub const NO_DAY: Day = Day::MIN;

/// One household's part in the rollups.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Share {
    household: Id,
    community: Id,
    grid: Id,
    captain: Option<Id>,
    address: Address,
    care: u16,
    last_visit: Option<Day>,
    met: Option<Day>,
    /// The day the household was last written: a household never met is due from then.
    registered: Day,
    roster: Option<Day>,
    followups: Vec<Day>,
}

/// A set of care tags as bits, in `CareTag::ALL`'s order.
pub fn care_mask(tags: &[CareTag]) -> u16 {
    tags.iter()
        .filter_map(|t| CareTag::ALL.iter().position(|a| a == t))
        .fold(0, |m, i| m | (1 << i))
}

/// The care tags of a mask.
pub fn care_tags(mask: u16) -> Vec<CareTag> {
    CareTag::ALL
        .iter()
        .enumerate()
        .filter(|(i, _)| mask & (1 << i) != 0)
        .map(|(_, t)| *t)
        .collect()
}

fn share(h: &Stored<Household>, d: &HouseholdDigest) -> Share {
    share_of(&h.meta, &h.value, d)
}

fn share_of(meta: &super::Meta, h: &Household, d: &HouseholdDigest) -> Share {
    let day = |s: &Option<super::digest::Seen>| s.as_ref().map(|s| local_day(s.at));
    Share {
        household: h.id,
        community: h.community,
        grid: h.grid,
        captain: h.captain,
        address: h.address,
        care: care_mask(&h.care_tags),
        last_visit: day(&d.last_visit),
        met: day(&d.last_met),
        registered: local_day(meta.at),
        roster: day(&d.roster_checked),
        followups: d.open_followups.iter().map(|(due, _)| *due).collect(),
    }
}

fn tally_key(community: Id, grid: Id, kind: u8, sub: u64) -> Vec<u8> {
    keys::join(&[
        &[TALLY],
        &keys::id(community),
        &keys::id(grid),
        &[kind],
        &sub.to_be_bytes(),
    ])
}

fn due_key(care: u16, met: bool, day: Day, household: Id) -> Vec<u8> {
    keys::join(&[
        &[DUE],
        &care.to_be_bytes(),
        &[u8::from(met)],
        &keys::day(day),
        &keys::id(household),
    ])
}

fn roster_key(day: Option<Day>, community: Id, address: Address, household: Id) -> Vec<u8> {
    keys::join(&[
        &[ROSTER],
        &keys::day(day.unwrap_or(NO_DAY)),
        &keys::id(community),
        &address.building.to_be_bytes(),
        &[address.entrance],
        &address.room.to_be_bytes(),
        &keys::id(household),
    ])
}

impl Share {
    /// (tally key, day) for each count this household adds one to.
    fn tallies(&self) -> Vec<(Vec<u8>, Day)> {
        let (c, g) = (self.community, self.grid);
        let mut out = vec![
            (
                tally_key(c, g, VISITED, self.captain.unwrap_or(0)),
                self.last_visit.unwrap_or(NO_DAY),
            ),
            match self.met {
                Some(d) => (tally_key(c, g, MET, self.care.into()), d),
                None => (
                    tally_key(c, g, NEVER_MET, self.care.into()),
                    self.registered,
                ),
            },
            (
                tally_key(c, g, ROSTER_CHECKED, 0),
                self.roster.unwrap_or(NO_DAY),
            ),
        ];
        for due in &self.followups {
            out.push((tally_key(c, g, FOLLOWUPS, 0), *due));
        }
        out
    }

    /// The household's index entries: its place among the visits due by rule and among the
    /// rosters by the day last checked; each valued with its community and grid.
    fn entries(&self) -> [(Vec<u8>, Vec<u8>); 2] {
        let place = keys::join(&[&keys::id(self.community), &keys::id(self.grid)]);
        let due = match self.met {
            Some(d) => due_key(self.care, true, d, self.household),
            None => due_key(self.care, false, self.registered, self.household),
        };
        [
            (due, place.clone()),
            (
                roster_key(self.roster, self.community, self.address, self.household),
                place,
            ),
        ]
    }
}

/// A tally's counts by day, earliest first.
pub type Days = Vec<(Day, u32)>;

/// Adds `by` to a day's count, dropping days that reach none.
fn bump(days: &mut Days, day: Day, by: i64) {
    match days.binary_search_by_key(&day, |(d, _)| *d) {
        Ok(i) => {
            let n = (i64::from(days[i].1) + by).max(0);
            if n == 0 {
                days.remove(i);
            } else {
                days[i].1 = u32::try_from(n).unwrap_or(u32::MAX);
            }
        }
        Err(i) if by > 0 => days.insert(i, (day, u32::try_from(by).unwrap_or(u32::MAX))),
        Err(_) => {}
    }
}

impl Txn<'_> {
    /// Moves a household's share of the rollups from its old state to its new one.
    fn reshare(&self, before: Option<Share>, after: Option<Share>) -> TxResult<()> {
        if before == after {
            return Ok(());
        }
        let t = self.tree(TreeId::Rollups);
        let mut moves: BTreeMap<Vec<u8>, Vec<(Day, i64)>> = BTreeMap::new();
        if let Some(b) = &before {
            for (k, _) in b.entries() {
                t.remove(k).map_err(lift)?;
            }
            for (k, d) in b.tallies() {
                moves.entry(k).or_default().push((d, -1));
            }
        }
        if let Some(a) = &after {
            for (k, v) in a.entries() {
                t.insert(k, v).map_err(lift)?;
            }
            for (k, d) in a.tallies() {
                moves.entry(k).or_default().push((d, 1));
            }
        }
        for (k, changes) in moves {
            let mut days: Days = match t.get(&k).map_err(lift)? {
                Some(v) => codec::decode(&v).map_err(abort)?,
                None => Vec::new(),
            };
            for (d, by) in changes {
                bump(&mut days, d, by);
            }
            if days.is_empty() {
                t.remove(k).map_err(lift)?;
            } else {
                t.insert(k, codec::encode(&days).map_err(abort)?)
                    .map_err(lift)?;
            }
        }
        Ok(())
    }

    fn stale_rollups(&self) -> TxResult<()> {
        self.tree(TreeId::Rollups)
            .insert(STALE, &[1u8][..])
            .map_err(lift)?;
        Ok(())
    }

    /// After a household's digest changed from `before` to `after` (None: unknown).
    pub(super) fn redigested(
        &self,
        household: Id,
        before: Option<&HouseholdDigest>,
        after: Option<&HouseholdDigest>,
    ) -> TxResult<()> {
        let (Some(before), Some(after)) = (before, after) else {
            return self.stale_rollups();
        };
        let Some(v) = self
            .tree(TreeId::Households)
            .get(keys::id(household))
            .map_err(lift)?
        else {
            return Ok(());
        };
        let h = codec::decode::<Stored<Household>>(&v).map_err(abort)?;
        self.reshare(Some(share(&h, before)), Some(share(&h, after)))
    }

    /// After a record of `tree` was written from `before` to `after` (stored bytes, None:
    /// absent): a household's share moves with it.
    pub(super) fn rehome(
        &self,
        tree: TreeId,
        before: Option<&[u8]>,
        after: Option<&[u8]>,
    ) -> TxResult<()> {
        if tree != TreeId::Households {
            return Ok(());
        }
        let decode = |b: Option<&[u8]>| {
            b.map(codec::decode::<Stored<Household>>)
                .transpose()
                .map_err(abort)
        };
        let (before, after) = (decode(before)?, decode(after)?);
        let Some(id) = after.as_ref().or(before.as_ref()).map(|h| h.value.id) else {
            return Ok(());
        };
        let digest = match self
            .tree(TreeId::HouseholdDigests)
            .get(keys::id(id))
            .map_err(lift)?
        {
            None => HouseholdDigest::default(),
            Some(v) if v.is_empty() => return self.stale_rollups(),
            Some(v) => codec::decode(&v).map_err(abort)?,
        };
        self.reshare(
            before.map(|h| share(&h, &digest)),
            after.map(|h| share(&h, &digest)),
        )
    }
}

/// One tally of one grid, as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tally {
    pub community: Id,
    pub grid: Id,
    pub kind: u8,
    /// The building captain (0: none) for `VISITED`, the care mask for `MET`/`NEVER_MET`.
    pub sub: u64,
    pub days: Days,
}

impl Tally {
    /// How many are counted under days `keep` says yes to.
    pub fn count(&self, keep: impl Fn(Day) -> bool) -> u64 {
        self.days
            .iter()
            .filter(|(d, _)| keep(*d))
            .map(|(_, n)| u64::from(*n))
            .sum()
    }
}

/// One entry of a household index as read: its day, household, community and grid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Entry {
    pub day: Day,
    pub household: Id,
    pub community: Id,
    pub grid: Id,
}

/// A key of the rollups tree and the value it should have (None: it should not be there).
type Mend = (Vec<u8>, Option<Vec<u8>>);

/// Every entry (key, value) the rollups tree should hold, from the households and digests.
fn derive(store: &Store) -> Result<BTreeMap<Vec<u8>, Vec<u8>>> {
    let mut shares = Vec::new();
    store.households_with_digests(|stored, digest| {
        shares.push(share(&stored, &digest));
        Ok(())
    })?;
    gather(shares)
}

/// The entries and counts of these households' shares.
fn gather(shares: impl IntoIterator<Item = Share>) -> Result<BTreeMap<Vec<u8>, Vec<u8>>> {
    let mut tallies: BTreeMap<Vec<u8>, Days> = BTreeMap::new();
    let mut out = BTreeMap::new();
    for s in shares {
        for (k, d) in s.tallies() {
            bump(tallies.entry(k).or_default(), d, 1);
        }
        out.extend(s.entries());
    }
    for (k, days) in tallies {
        out.insert(k, codec::encode(&days)?);
    }
    Ok(out)
}

/// Every entry the rollups tree of a store with no households should hold once these new
/// ones are written with `meta` (none has a visit, follow-up or roster check yet): what a
/// rebuild would write, without reading them back.
pub(crate) fn of_new_households<'a>(
    meta: &super::Meta,
    households: impl IntoIterator<Item = &'a Household>,
) -> Result<BTreeMap<Vec<u8>, Vec<u8>>> {
    let none = HouseholdDigest::default();
    gather(households.into_iter().map(|h| share_of(meta, h, &none)))
}

impl Store {
    /// Writes the rollups afresh (plain writes: the caller writes alone, or nobody else uses
    /// the store yet).
    pub(crate) fn rebuild_rollups(&self) -> Result<()> {
        let all = derive(self)?;
        let tree = self.tree(TreeId::Rollups);
        tree.clear()?;
        let mut batch = sled::Batch::default();
        for (n, (k, v)) in all.into_iter().enumerate() {
            batch.insert(k, v);
            if n % 50_000 == 49_999 {
                tree.apply_batch(std::mem::take(&mut batch))?;
            }
        }
        tree.apply_batch(batch)?;
        self.tree(TreeId::Meta).insert(BUILT, &[1u8][..])?;
        Ok(())
    }

    /// Rebuilds the rollups first when a write left them stale.
    fn fresh_rollups(&self) -> Result<()> {
        if self.tree(TreeId::Rollups).get(STALE)?.is_some() {
            self.alone(|| self.rebuild_rollups())?;
        }
        Ok(())
    }

    /// The tallies of the grids in scope.
    pub fn tallies(&self, scope: &Scope) -> Result<Vec<Tally>> {
        self.fresh_rollups()?;
        let mut out = Vec::new();
        for kv in self.tree(TreeId::Rollups).scan_prefix([TALLY]) {
            let (k, v) = kv?;
            let (Some(community), Some(grid), Some(&kind), Some(sub)) = (
                keys::read_id(&k, 1),
                keys::read_id(&k, 9),
                k.get(17),
                keys::read_id(&k, 18),
            ) else {
                continue;
            };
            if scope.sees(community, grid) {
                out.push(Tally {
                    community,
                    grid,
                    kind,
                    sub,
                    days: codec::decode(&v)?,
                });
            }
        }
        Ok(out)
    }

    /// Households in scope due a visit by the visit rules by `until`, earliest due first
    /// (then by household), at most `limit`: (due day, whether ever met, household). Reads
    /// only the entries it returns (and those of other scopes before them).
    pub fn visits_due_by_rule(
        &self,
        until: Day,
        rules: &VisitRules,
        scope: &Scope,
        limit: usize,
    ) -> Result<Vec<(Entry, bool)>> {
        if limit == 0 {
            return Ok(Vec::new());
        }
        self.fresh_rollups()?;
        let tree = self.tree(TreeId::Rollups);
        // One run a care-tag set and met or not, each in due order: merged.
        let mut masks = BTreeSet::new();
        for kv in self.tree(TreeId::Rollups).scan_prefix([TALLY]).keys() {
            let k = kv?;
            if let (Some(&kind), Some(sub)) = (k.get(17), keys::read_id(&k, 18)) {
                if kind == MET || kind == NEVER_MET {
                    masks.insert(((kind == MET), sub as u16));
                }
            }
        }
        let mut runs = Vec::new();
        for (met, care) in masks {
            let shift = if met {
                Day::from(rules.interval(&care_tags(care)))
            } else {
                0
            };
            let start = keys::join(&[&[DUE], &care.to_be_bytes(), &[u8::from(met)]]);
            let end = due_key(care, met, until.saturating_sub(shift).saturating_add(1), 0);
            runs.push((shift, met, tree.range(start..end)));
        }
        let read = |kv: Option<sled::Result<(sled::IVec, sled::IVec)>>,
                    shift: Day|
         -> Result<Option<Entry>> {
            let Some(kv) = kv else { return Ok(None) };
            let (k, v) = kv?;
            Ok(match (keys::read_day(&k, 4), keys::read_id(&k, 8)) {
                (Some(d), Some(household)) => Some(Entry {
                    day: d.saturating_add(shift),
                    household,
                    community: keys::read_id(&v, 0).unwrap_or(0),
                    grid: keys::read_id(&v, 8).unwrap_or(0),
                }),
                _ => None,
            })
        };
        let mut heads = BinaryHeap::new();
        for (i, (shift, _, run)) in runs.iter_mut().enumerate() {
            if let Some(e) = read(run.next(), *shift)? {
                heads.push(std::cmp::Reverse((e, i)));
            }
        }
        let mut out = Vec::new();
        while out.len() < limit {
            let Some(std::cmp::Reverse((e, i))) = heads.pop() else {
                break;
            };
            let (shift, met, run) = &mut runs[i];
            if scope.sees(e.community, e.grid) {
                out.push((e, *met));
            }
            if let Some(next) = read(run.next(), *shift)? {
                heads.push(std::cmp::Reverse((next, i)));
            }
        }
        Ok(out)
    }

    /// Households in scope whose roster was last checked before `since` (or never), never
    /// first, then by day, community and address, at most `limit`.
    pub fn rosters_checked_before(
        &self,
        since: Day,
        scope: &Scope,
        limit: usize,
    ) -> Result<Vec<Entry>> {
        self.fresh_rollups()?;
        let start = keys::join(&[&[ROSTER], &keys::day(NO_DAY)]);
        let end = keys::join(&[&[ROSTER], &keys::day(since)]);
        let mut out = Vec::new();
        for kv in self.tree(TreeId::Rollups).range(start..end) {
            if out.len() >= limit {
                break;
            }
            let (k, v) = kv?;
            let (Some(day), Some(community), Some(household), Some(grid)) = (
                keys::read_day(&k, 1),
                keys::read_id(&k, 5),
                keys::last_id(&k),
                keys::read_id(&v, 8),
            ) else {
                continue;
            };
            if scope.sees(community, grid) {
                out.push(Entry {
                    day,
                    household,
                    community,
                    grid,
                });
            }
        }
        Ok(out)
    }

    /// Entries of the rollups tree that disagree with the households and digests: how many,
    /// with the right ones (None: there should be none).
    fn wrong_rollups(&self) -> Result<Vec<Mend>> {
        let mut want = derive(self)?;
        let mut wrong = Vec::new();
        for kv in self.tree(TreeId::Rollups).iter() {
            let (k, v) = kv?;
            if k.as_ref() == STALE {
                continue;
            }
            match want.remove(k.as_ref()) {
                Some(w) if w == v.as_ref() => {}
                right => wrong.push((k.to_vec(), right)),
            }
        }
        wrong.extend(want.into_iter().map(|(k, v)| (k, Some(v))));
        Ok(wrong)
    }
}

/// A store written before rollups gets them once, as it opens (nobody else uses it yet).
/// Says so, once, for the log.
pub(super) fn migrate(store: &Store) -> Result<Option<String>> {
    if store.tree(TreeId::Meta).get(BUILT)?.is_some() {
        return Ok(None);
    }
    store.rebuild_rollups()?;
    store.durable()?;
    let households = store.count(TreeId::Households)?;
    Ok((households > 0).then(|| {
        format!(
            "built the grid rollups ({households} households) this gridbook keeps for its reports"
        )
    }))
}

/// After writes that went around the transactions (a bulk load, a sync starting over).
pub(crate) fn after_plain_writes(store: &Store) -> Result<()> {
    store.rebuild_rollups()
}

/// `check`'s part: rollups that disagree with the households and their digests are said (in
/// `mended`), and written again.
pub(super) fn check(store: &Store, mended: &mut Vec<String>) -> Result<()> {
    let Ok(wrong) = store.wrong_rollups() else {
        return Ok(());
    };
    if wrong.is_empty() {
        return Ok(());
    }
    mended.push(format!(
        "grid_rollups: {} counts or entries disagreed with the households and their visits, follow-ups and roster checks; they were written again from the records",
        wrong.len()
    ));
    store.alone(|| {
        let tree = store.tree(TreeId::Rollups);
        for (k, v) in &wrong {
            match v {
                Some(v) => tree.insert(&k[..], &v[..])?,
                None => tree.remove(&k[..])?,
            };
        }
        tree.remove(STALE)?;
        Ok(())
    })
}

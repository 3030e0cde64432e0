//! Campaign tallies kept as counters: per grid its households (应查) and which they are, per
//! campaign and grid the doors checked and their latest results, and per household every
//! attempt at its door, so a campaign's tally reads a few keys a grid instead of walking its
//! households, and the next door of a grid reads that grid's households alone.
//!
//! Like the household digests, the counters are derived: written in the same transaction as
//! the write of a household or a door check that changes them (`Txn::put`, `Txn::remove`, and
//! sync's merges of those records), rebuilt whole after a write that goes around the
//! transactions (a bulk load, a journaled import, a sync that starts the replica over), built
//! on open for a store written by an older gridbook, and verified (and rebuilt) by `gridbook
//! check`. They are never synced: each replica derives its own from the records it holds, so
//! a check that arrives by sync moves them once, in the merge that writes it.
//!
//! What they say, exactly: a grid's count is its households now; a campaign's counters in a
//! grid count the households now in that grid by the latest attempt (by time, then id) at
//! their door in that campaign. A household that goes takes its doors' counts with it; one
//! that moves carries them to its new grid.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{abort, codec, keys, lift, Result, Store, TreeId, TxResult, TxTree, Txn};
use crate::model::time::Instant;
use crate::model::{DoorCheck, Household, Id, Tally};

/// The meta key saying this store's tallies were built.
const BUILT: &[u8] = b"tallies/v2";

/// One attempt at a door, as the tallies remember it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attempt {
    pub campaign: Id,
    pub at: Instant,
    pub id: Id,
    pub result: String,
}

/// Every attempt at one household's door, in every campaign, by campaign and then id.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Door {
    pub attempts: Vec<Attempt>,
}

impl Door {
    /// The latest attempt in a campaign: by time, then by id.
    fn latest(&self, campaign: Id) -> Option<&Attempt> {
        self.attempts
            .iter()
            .filter(|a| a.campaign == campaign)
            .max_by_key(|a| (a.at, a.id))
    }

    /// What the door adds to its campaign's counters in its grid.
    fn counts(&self, campaign: Id) -> Option<Tally> {
        self.latest(campaign).map(|a| Tally::door(&a.result))
    }

    fn campaigns(&self) -> Vec<Id> {
        let mut out: Vec<Id> = self.attempts.iter().map(|a| a.campaign).collect();
        out.dedup();
        out
    }

    fn insert(&mut self, a: Attempt) {
        self.attempts.retain(|x| x.id != a.id);
        self.attempts.push(a);
        self.attempts.sort_by_key(|a| (a.campaign, a.id));
    }
}

/// What one record tells the tallies (`Entity::tally_part`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    Household { id: Id, grid: Id },
    Check { household: Id, attempt: Attempt },
}

impl Part {
    pub(super) fn of_household(h: &Household) -> Part {
        Part::Household {
            id: h.id,
            grid: h.grid,
        }
    }

    pub(super) fn of_check(d: &DoorCheck) -> Part {
        Part::Check {
            household: d.household,
            attempt: Attempt {
                campaign: d.campaign,
                at: d.at,
                id: d.id,
                result: d.result.clone(),
            },
        }
    }
}

/// The trees a write naming `tree` needs besides, to keep the tallies in its transaction:
/// the tallies, and for a door check the households (its door's grid).
pub(super) fn needs(tree: TreeId) -> &'static [TreeId] {
    match tree {
        TreeId::Households => &[TreeId::CampaignTallies],
        TreeId::DoorChecks => &[TreeId::CampaignTallies, TreeId::Households],
        _ => &[],
    }
}

fn grid_key(grid: Id) -> Vec<u8> {
    keys::join(&[b"g", &keys::id(grid)])
}

fn counts_key(campaign: Id, grid: Id) -> Vec<u8> {
    keys::join(&[b"t", &keys::id(campaign), &keys::id(grid)])
}

fn member_key(grid: Id, household: Id) -> Vec<u8> {
    keys::join(&[b"m", &keys::id(grid), &keys::id(household)])
}

fn door_key(household: Id) -> Vec<u8> {
    keys::join(&[b"d", &keys::id(household)])
}

fn count_of(v: &[u8]) -> u64 {
    <[u8; 8]>::try_from(v).map_or(0, u64::from_be_bytes)
}

impl Txn<'_> {
    /// Moves a record's part of the tallies from its old state to its new one.
    pub(super) fn retally(&self, before: Option<Part>, after: Option<Part>) -> TxResult<()> {
        if before == after {
            return Ok(());
        }
        let t = self.tree(TreeId::CampaignTallies);
        for (part, adding) in [(before, false), (after, true)] {
            match part {
                Some(Part::Household { id, grid }) => {
                    let key = grid_key(grid);
                    let n = t.get(&key).map_err(lift)?.map_or(0, |v| count_of(&v));
                    let n = if adding { n + 1 } else { n.saturating_sub(1) };
                    if n == 0 {
                        t.remove(key).map_err(lift)?;
                    } else {
                        t.insert(key, &n.to_be_bytes()[..]).map_err(lift)?;
                    }
                    if adding {
                        t.insert(member_key(grid, id), &[][..]).map_err(lift)?;
                    } else {
                        t.remove(member_key(grid, id)).map_err(lift)?;
                    }
                    let door = read_door(&t, id)?;
                    for c in door.campaigns() {
                        if let Some(counts) = door.counts(c) {
                            shift(&t, c, grid, &counts, adding)?;
                        }
                    }
                }
                Some(Part::Check { household, attempt }) => {
                    let campaign = attempt.campaign;
                    let mut door = read_door(&t, household)?;
                    let was = door.counts(campaign);
                    if adding {
                        door.insert(attempt);
                    } else {
                        door.attempts.retain(|a| a.id != attempt.id);
                    }
                    let now = door.counts(campaign);
                    if door.attempts.is_empty() {
                        t.remove(door_key(household)).map_err(lift)?;
                    } else {
                        t.insert(door_key(household), codec::encode(&door).map_err(abort)?)
                            .map_err(lift)?;
                    }
                    if was == now {
                        continue;
                    }
                    // A door whose household is not (or not yet) here counts nowhere; the
                    // household's arrival counts it.
                    if let Some(h) = self.get::<Household>(&keys::id(household))? {
                        if let Some(was) = was {
                            shift(&t, campaign, h.grid, &was, false)?;
                        }
                        if let Some(now) = now {
                            shift(&t, campaign, h.grid, &now, true)?;
                        }
                    }
                }
                None => {}
            }
        }
        Ok(())
    }
}

fn read_door(t: &TxTree, household: Id) -> TxResult<Door> {
    match t.get(door_key(household)).map_err(lift)? {
        Some(v) => codec::decode(&v).map_err(abort),
        None => Ok(Door::default()),
    }
}

/// Adds a door's counts to (or takes them from) a campaign's counters in a grid.
fn shift(t: &TxTree, campaign: Id, grid: Id, counts: &Tally, adding: bool) -> TxResult<()> {
    let key = counts_key(campaign, grid);
    let mut now: Tally = match t.get(&key).map_err(lift)? {
        Some(v) => codec::decode(&v).map_err(abort)?,
        None => Tally::default(),
    };
    if adding {
        now.add(counts);
    } else {
        now.sub(counts);
    }
    if now == Tally::default() {
        t.remove(key).map_err(lift)?;
    } else {
        t.insert(key, codec::encode(&now).map_err(abort)?)
            .map_err(lift)?;
    }
    Ok(())
}

impl Store {
    /// A campaign's tally in one grid: its households now (应查) and its doors checked.
    pub fn grid_tally(&self, campaign: Id, grid: Id) -> Result<Tally> {
        let tree = self.tree(TreeId::CampaignTallies);
        let mut t: Tally = match tree.get(counts_key(campaign, grid))? {
            Some(v) => codec::decode(&v)?,
            None => Tally::default(),
        };
        t.due = tree.get(grid_key(grid))?.map_or(0, |v| count_of(&v));
        Ok(t)
    }

    /// The latest result at a household's door in a campaign, if it was checked.
    pub fn latest_result(&self, campaign: Id, household: Id) -> Result<Option<String>> {
        let door: Door = match self
            .tree(TreeId::CampaignTallies)
            .get(door_key(household))?
        {
            Some(v) => codec::decode(&v)?,
            None => Door::default(),
        };
        Ok(door.latest(campaign).map(|a| a.result.clone()))
    }

    /// The households in a grid now, by id.
    pub fn grid_households(&self, grid: Id) -> Result<Vec<Id>> {
        let prefix = keys::join(&[b"m", &keys::id(grid)]);
        self.tree(TreeId::CampaignTallies)
            .scan_prefix(prefix)
            .keys()
            .filter_map(|k| match k {
                Ok(k) => keys::last_id(&k).map(Ok),
                Err(e) => Some(Err(e.into())),
            })
            .collect()
    }

    /// Every key and value of the tallies as the households and door checks say, read from
    /// them in one pass each.
    fn derive_tallies(&self) -> Result<BTreeMap<Vec<u8>, Vec<u8>>> {
        let mut grid_of: BTreeMap<Id, Id> = BTreeMap::new();
        let mut grids: BTreeMap<Id, u64> = BTreeMap::new();
        let mut out = BTreeMap::new();
        for h in self.all::<Household>() {
            let h = h?;
            grid_of.insert(h.id, h.grid);
            *grids.entry(h.grid).or_default() += 1;
            out.insert(member_key(h.grid, h.id), Vec::new());
        }
        let mut doors: BTreeMap<Id, Door> = BTreeMap::new();
        for d in self.all::<DoorCheck>() {
            let d = d?;
            if let Part::Check { household, attempt } = Part::of_check(&d) {
                doors.entry(household).or_default().insert(attempt);
            }
        }
        let mut counts: BTreeMap<(Id, Id), Tally> = BTreeMap::new();
        for (h, door) in &doors {
            if let Some(grid) = grid_of.get(h) {
                for c in door.campaigns() {
                    if let Some(t) = door.counts(c) {
                        counts.entry((c, *grid)).or_default().add(&t);
                    }
                }
            }
            out.insert(door_key(*h), codec::encode(door)?);
        }
        for (g, n) in grids {
            out.insert(grid_key(g), n.to_be_bytes().to_vec());
        }
        for ((c, g), t) in counts {
            out.insert(counts_key(c, g), codec::encode(&t)?);
        }
        Ok(out)
    }

    /// Writes the tallies afresh from the records (plain writes: the caller writes alone, or
    /// nobody else uses the store yet). Returns how many doors were checked.
    fn rebuild_tallies(&self) -> Result<usize> {
        let all = self.derive_tallies()?;
        let tree = self.tree(TreeId::CampaignTallies);
        tree.clear()?;
        let mut batch = sled::Batch::default();
        let mut doors = 0;
        for (k, v) in all {
            doors += usize::from(k.first() == Some(&b'd'));
            batch.insert(k, v);
        }
        tree.apply_batch(batch)?;
        self.tree(TreeId::Meta).insert(BUILT, &[1u8][..])?;
        Ok(doors)
    }
}

/// What a key of the tallies is about, in words, for `check`.
fn about(key: &[u8]) -> String {
    match (key.first(), keys::read_id(key, 1), keys::read_id(key, 9)) {
        (Some(b'g'), Some(g), _) => format!("grid {g}"),
        (Some(b't'), Some(c), Some(g)) => format!("campaign {c} in grid {g}"),
        (Some(b'd'), Some(h), _) => format!("household {h}"),
        (Some(b'm'), Some(g), Some(h)) => format!("household {h} in grid {g}"),
        _ => format!("key {key:?}"),
    }
}

/// A store written by an older gridbook has no tallies: they are built once, as it opens
/// (nobody else uses it yet). Says so, once, for the log, when there was anything to count.
pub(super) fn migrate(store: &Store) -> Result<Option<String>> {
    if store.tree(TreeId::Meta).get(BUILT)?.is_some() {
        return Ok(None);
    }
    let doors = store.rebuild_tallies()?;
    store.durable()?;
    Ok((doors > 0).then(|| {
        format!(
            "built the campaign tallies this gridbook keeps for its campaigns ({})",
            crate::i18n::count(doors, "door checked", "doors checked")
        )
    }))
}

/// After a write that went around the transactions (a bulk load, a journaled import, a sync
/// starting over): the tallies again from the records, the caller writing alone.
pub(crate) fn after_plain_writes(store: &Store) -> Result<()> {
    store.rebuild_tallies().map(|_| ())
}

/// `check`'s part: tallies that disagree with the households and door checks are said (in
/// `mended`), and written again.
pub(super) fn check(store: &Store, mended: &mut Vec<String>) -> Result<()> {
    // A record that does not decode is reported by the scan of its tree; the tallies wait
    // until it is mended.
    let Ok(mut want) = store.derive_tallies() else {
        return Ok(());
    };
    let mut wrong: Vec<(Vec<u8>, Option<Vec<u8>>)> = Vec::new();
    for kv in store.tree(TreeId::CampaignTallies).iter() {
        let (k, v) = kv?;
        let right = want.remove(k.as_ref());
        if right.as_deref() != Some(v.as_ref()) {
            wrong.push((k.to_vec(), right));
        }
    }
    wrong.extend(want.into_iter().map(|(k, v)| (k, Some(v))));
    wrong.sort();
    let Some((first, _)) = wrong.first() else {
        return Ok(());
    };
    mended.push(format!(
        "campaign_tallies: {} counts disagreed with the households and door checks (first: {}); they were written again from the records",
        wrong.len(),
        about(first)
    ));
    store.alone(|| {
        let tree = store.tree(TreeId::CampaignTallies);
        for (k, v) in &wrong {
            match v {
                Some(v) => tree.insert(k.as_slice(), v.as_slice())?,
                None => tree.remove(k.as_slice())?,
            };
        }
        Ok(())
    })
}

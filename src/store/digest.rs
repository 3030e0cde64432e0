//! Household digests: per household, what the lists and reports need – when it was last
//! visited and last met and by whom, when its roster was last checked, its open follow-ups and
//! disputes (how many, the earliest due) – so a street- or city-wide list reads one small
//! record a household instead of walking its visits.
//!
//! A digest is derived: it is written in the same transaction as the write of a visit,
//! follow-up or dispute that changes it (`Txn::put`, `Txn::remove`, and sync's merges of
//! those records), rebuilt whole after a write that goes around the transactions (a bulk
//! load, a sync that starts the replica over), rebuilt on open for a store written by an
//! older gridbook, and verified (and rebuilt) by `gridbook check`. It is never synced: each
//! replica derives its own from the records it holds. A household with nothing to say has
//! no digest, and reads as the empty one.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::entity::{outcome_of_byte, roster_checked_of_byte};
use super::{abort, codec, keys, lift, Result, Store, TreeId, TxResult, Txn};
use crate::model::time::{Day, Instant};
use crate::model::{Dispute, FollowUp, Household, Id, Visit, VisitOutcome};

/// The meta key saying this store's digests and visits-by-time index were built.
const BUILT: &[u8] = b"digests/v1";

/// A visit as a digest remembers it: when, and by whom.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Seen {
    pub at: Instant,
    /// The staff member's user name.
    pub staff: String,
    pub visit: Id,
}

/// What the lists and reports need about one household (see the module's note).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HouseholdDigest {
    /// The newest visit, whatever its outcome.
    pub last_visit: Option<Seen>,
    /// The newest visit that met someone.
    pub last_met: Option<Seen>,
    /// The newest visit that checked the roster (人口信息核实).
    pub roster_checked: Option<Seen>,
    /// Open follow-ups: (due, id), earliest first.
    pub open_followups: Vec<(Day, Id)>,
    /// Open disputes: (deadline, id), earliest first.
    pub open_disputes: Vec<(Day, Id)>,
}

/// What one record tells its household's digest (`Entity::digest_part`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    Visit {
        household: Id,
        seen: Seen,
        met: bool,
        checked: bool,
    },
    FollowUp {
        household: Id,
        id: Id,
        due: Day,
        open: bool,
    },
    Dispute {
        household: Id,
        id: Id,
        deadline: Day,
        open: bool,
    },
}

impl Part {
    fn household(&self) -> Id {
        match self {
            Part::Visit { household, .. }
            | Part::FollowUp { household, .. }
            | Part::Dispute { household, .. } => *household,
        }
    }
}

/// Whether `a` comes before `b` in the visits-by-household index (newest first, then by id).
fn newer(a: &Seen, b: &Seen) -> bool {
    (std::cmp::Reverse(a.at), a.visit) < (std::cmp::Reverse(b.at), b.visit)
}

/// Whether a write naming this tree may change a digest.
pub(super) fn feeds(tree: TreeId) -> bool {
    matches!(tree, TreeId::Visits | TreeId::FollowUps | TreeId::Disputes)
}

impl HouseholdDigest {
    /// The visit part from the household's visits-by-household entries, newest first;
    /// `read` gives a visit (for its staff member, or the outcome of an entry written before
    /// entries kept it).
    fn visits<X>(
        &mut self,
        entries: &[(Vec<u8>, Vec<u8>)],
        read: &dyn Fn(Id) -> std::result::Result<Option<Visit>, X>,
    ) -> std::result::Result<(), X> {
        for (k, v) in entries {
            if self.last_visit.is_some() && self.last_met.is_some() && self.roster_checked.is_some()
            {
                break;
            }
            let (Some(at), Some(id)) = (keys::read_instant_desc(k, 8), keys::last_id(k)) else {
                continue;
            };
            let mut visit = None;
            let (outcome, checked) = match (outcome_of_byte(v), roster_checked_of_byte(v)) {
                (Some(o), Some(c)) => (o, c),
                _ => {
                    visit = read(id)?;
                    match &visit {
                        Some(v) => (v.outcome, v.roster_checked),
                        None => continue,
                    }
                }
            };
            let wanted = self.last_visit.is_none()
                || (self.last_met.is_none() && outcome == VisitOutcome::Met)
                || (self.roster_checked.is_none() && checked);
            if !wanted {
                continue;
            }
            if visit.is_none() {
                visit = read(id)?;
            }
            let seen = Seen {
                at,
                staff: visit.map(|v| v.staff).unwrap_or_default(),
                visit: id,
            };
            if self.last_visit.is_none() {
                self.last_visit = Some(seen.clone());
            }
            if self.last_met.is_none() && outcome == VisitOutcome::Met {
                self.last_met = Some(seen.clone());
            }
            if self.roster_checked.is_none() && checked {
                self.roster_checked = Some(seen);
            }
        }
        Ok(())
    }

    fn followup(&mut self, f: &FollowUp) {
        if f.done.is_none() {
            self.open_followups.push((f.due, f.id));
            self.open_followups.sort_unstable();
        }
    }

    fn dispute(&mut self, d: &Dispute) {
        if d.status.is_open() {
            self.open_disputes.push((d.deadline, d.id));
            self.open_disputes.sort_unstable();
        }
    }

    /// The earliest due day of an open follow-up.
    pub fn first_followup_due(&self) -> Option<Day> {
        self.open_followups.first().map(|(d, _)| *d)
    }

    /// The earliest deadline of an open dispute.
    pub fn first_dispute_deadline(&self) -> Option<Day> {
        self.open_disputes.first().map(|(d, _)| *d)
    }

    /// Takes a record's old state out. False when the digest can no longer say without
    /// its household's visits (the visit it named as newest changed or went).
    fn take(&mut self, part: &Part) -> bool {
        match part {
            Part::Visit { seen, .. } => ![&self.last_visit, &self.last_met, &self.roster_checked]
                .into_iter()
                .flatten()
                .any(|s| s.visit == seen.visit),
            Part::FollowUp { id, .. } => {
                self.open_followups.retain(|(_, f)| f != id);
                true
            }
            Part::Dispute { id, .. } => {
                self.open_disputes.retain(|(_, d)| d != id);
                true
            }
        }
    }

    /// Adds a record's new state.
    fn add(&mut self, part: &Part) {
        match part {
            Part::Visit {
                seen, met, checked, ..
            } => {
                for (slot, wanted) in [
                    (&mut self.last_visit, true),
                    (&mut self.last_met, *met),
                    (&mut self.roster_checked, *checked),
                ] {
                    if wanted && slot.as_ref().is_none_or(|s| newer(seen, s)) {
                        *slot = Some(seen.clone());
                    }
                }
            }
            Part::FollowUp { id, due, open, .. } => {
                if *open {
                    self.open_followups.push((*due, *id));
                    self.open_followups.sort_unstable();
                }
            }
            Part::Dispute {
                id, deadline, open, ..
            } => {
                if *open {
                    self.open_disputes.push((*deadline, *id));
                    self.open_disputes.sort_unstable();
                }
            }
        }
    }
}

impl Txn<'_> {
    /// Moves a record's part of its household's digest from its old state to its new one.
    /// A sled transaction cannot scan, so this never reads the household's visits: when the
    /// visit a digest names as newest changes or goes (a sync's merge, a removal), the digest
    /// is written as unknown (an empty value), and read from the records until rebuilt.
    pub(super) fn redigest(&self, before: Option<Part>, after: Option<Part>) -> TxResult<()> {
        if before == after {
            return Ok(());
        }
        let t = self.tree(TreeId::HouseholdDigests);
        // household → its digest before and after, None while unknown.
        let mut touched: Vec<(Id, Option<HouseholdDigest>, Option<HouseholdDigest>)> = Vec::new();
        for (part, adding) in [(before, false), (after, true)] {
            let Some(part) = part else { continue };
            let h = part.household();
            let i = match touched.iter().position(|(x, _, _)| *x == h) {
                Some(i) => i,
                None => {
                    let d = match t.get(keys::id(h)).map_err(lift)? {
                        None => Some(HouseholdDigest::default()),
                        Some(v) if v.is_empty() => None,
                        Some(v) => Some(codec::decode(&v).map_err(abort)?),
                    };
                    touched.push((h, d.clone(), d));
                    touched.len() - 1
                }
            };
            let slot = &mut touched[i].2;
            if let Some(d) = slot {
                if adding {
                    d.add(&part);
                } else if !d.take(&part) {
                    *slot = None;
                }
            }
        }
        for (h, was, d) in touched {
            // (Unknown before and after still tells the rollups they are stale.)
            if was == d && was.is_some() {
                continue;
            }
            match &d {
                None => t.insert(keys::id(h), &[][..]).map_err(lift)?,
                Some(d) if *d == HouseholdDigest::default() => {
                    t.remove(keys::id(h)).map_err(lift)?
                }
                Some(d) => t
                    .insert(keys::id(h), codec::encode(d).map_err(abort)?)
                    .map_err(lift)?,
            };
            self.redigested(h, was.as_ref(), d.as_ref())?;
        }
        Ok(())
    }
}

impl Store {
    /// A household's digest; the empty one when it has none.
    pub fn digest(&self, household: Id) -> Result<HouseholdDigest> {
        Ok(
            match self
                .tree(TreeId::HouseholdDigests)
                .get(keys::id(household))?
            {
                Some(v) if v.is_empty() => self.derive_digest(household)?,
                Some(v) => codec::decode(&v)?,
                None => HouseholdDigest::default(),
            },
        )
    }

    /// Every household (as stored, with its meta) with its digest, in id order: one pass
    /// over the households and one over the digests side by side (both keyed by the
    /// household's id), so a city-wide list makes no lookup a household.
    pub fn households_with_digests(
        &self,
        mut each: impl FnMut(super::Stored<Household>, HouseholdDigest) -> Result<()>,
    ) -> Result<()> {
        let mut digests = self.tree(TreeId::HouseholdDigests).iter().peekable();
        for kv in self.tree(TreeId::Households).iter() {
            let (k, v) = kv?;
            let stored = codec::decode::<super::Stored<Household>>(&v)?;
            // Digests of households that are gone (none should be) are passed over.
            while let Some(Ok((dk, _))) = digests.peek() {
                if dk.as_ref() < k.as_ref() {
                    digests.next();
                } else {
                    break;
                }
            }
            let digest = match digests.peek() {
                Some(Ok((dk, dv))) if dk.as_ref() == k.as_ref() => {
                    let d = if dv.is_empty() {
                        self.derive_digest(stored.value.id)?
                    } else {
                        codec::decode(dv)?
                    };
                    digests.next();
                    d
                }
                Some(Err(_)) => {
                    if let Some(Err(e)) = digests.next() {
                        return Err(e.into());
                    }
                    HouseholdDigest::default()
                }
                _ => HouseholdDigest::default(),
            };
            each(stored, digest)?;
        }
        Ok(())
    }

    /// One household's digest as its records say.
    fn derive_digest(&self, household: Id) -> Result<HouseholdDigest> {
        let prefix = keys::id(household);
        let mut d = HouseholdDigest::default();
        let mut visits = Vec::new();
        for kv in self.tree(TreeId::VisitsByHousehold).scan_prefix(prefix) {
            let (k, v) = kv?;
            visits.push((k.to_vec(), v.to_vec()));
        }
        d.visits(&visits, &|id| self.get_id::<Visit>(id))?;
        for id in self.index_ids(TreeId::FollowUpsByHousehold, &prefix) {
            if let Some(f) = self.get_id::<FollowUp>(id?)? {
                d.followup(&f);
            }
        }
        for id in self.index_ids(TreeId::DisputesByHousehold, &prefix) {
            if let Some(x) = self.get_id::<Dispute>(id?)? {
                d.dispute(&x);
            }
        }
        Ok(d)
    }

    /// Every household's digest as the records say, read from them in one pass each.
    pub fn derive_digests(&self) -> Result<BTreeMap<Id, HouseholdDigest>> {
        let mut out: BTreeMap<Id, HouseholdDigest> = BTreeMap::new();
        let read = |id: Id| self.get_id::<Visit>(id);
        let mut run: Vec<(Vec<u8>, Vec<u8>)> = Vec::new();
        let mut flush = |run: &mut Vec<(Vec<u8>, Vec<u8>)>| -> Result<()> {
            if let Some(h) = run.first().and_then(|(k, _)| keys::read_id(k, 0)) {
                out.entry(h).or_default().visits(run, &read)?;
            }
            run.clear();
            Ok(())
        };
        for kv in self.tree(TreeId::VisitsByHousehold).iter() {
            let (k, v) = kv?;
            if run.first().is_some_and(|(f, _)| f.get(..8) != k.get(..8)) {
                flush(&mut run)?;
            }
            run.push((k.to_vec(), v.to_vec()));
        }
        flush(&mut run)?;
        for f in self.all::<FollowUp>() {
            let f = f?;
            out.entry(f.household).or_default().followup(&f);
        }
        for d in self.all::<Dispute>() {
            let d = d?;
            if let Some(h) = d.household {
                out.entry(h).or_default().dispute(&d);
            }
        }
        out.retain(|_, d| *d != HouseholdDigest::default());
        Ok(out)
    }

    /// Writes every digest afresh from the records (plain writes: the caller writes alone,
    /// or nobody else uses the store yet). Returns how many households have one.
    pub(crate) fn rebuild_digests(&self) -> Result<usize> {
        let all = self.derive_digests()?;
        let tree = self.tree(TreeId::HouseholdDigests);
        tree.clear()?;
        let mut batch = sled::Batch::default();
        for (h, d) in &all {
            batch.insert(&keys::id(*h)[..], codec::encode(d)?);
        }
        tree.apply_batch(batch)?;
        Ok(all.len())
    }

    /// Households whose stored digest is not what their records say, with the right one
    /// (None: they should have none).
    pub(crate) fn wrong_digests(&self) -> Result<Vec<(Id, Option<HouseholdDigest>)>> {
        let mut want = self.derive_digests()?;
        let mut wrong = Vec::new();
        for kv in self.tree(TreeId::HouseholdDigests).iter() {
            let (k, v) = kv?;
            let Some(h) = keys::read_id(&k, 0) else {
                continue;
            };
            let right = want.remove(&h);
            if v.is_empty() {
                // Unknown until rebuilt: read from the records meanwhile, so never wrong.
                continue;
            }
            let stored = codec::decode::<HouseholdDigest>(&v).ok();
            if stored != right {
                wrong.push((h, right));
            }
        }
        wrong.extend(want.into_iter().map(|(h, d)| (h, Some(d))));
        wrong.sort_by_key(|(h, _)| *h);
        Ok(wrong)
    }
}

/// A store written by an older gridbook has no digests and no visits-by-time index: both
/// are built once, as it opens (nobody else uses it yet). Says so, once, for the log.
pub(super) fn migrate(store: &Store) -> Result<Option<String>> {
    let meta = store.tree(TreeId::Meta);
    if meta.get(BUILT)?.is_some() {
        return Ok(None);
    }
    // The visits-by-time entries come from the visits-by-household keys, which hold the
    // time and both ids: no visit is read.
    let by_time = store.tree(TreeId::VisitsByTime);
    let mut visits = 0u64;
    let mut batch = sled::Batch::default();
    for k in store.tree(TreeId::VisitsByHousehold).iter().keys() {
        let k = k?;
        let (Some(h), Some(at), Some(id)) = (
            keys::read_id(&k, 0),
            keys::read_instant_desc(&k, 8),
            keys::last_id(&k),
        ) else {
            continue;
        };
        batch.insert(
            keys::join(&[&keys::instant(at), &keys::id(id)]),
            &keys::id(h)[..],
        );
        visits += 1;
        if visits.is_multiple_of(50_000) {
            by_time.apply_batch(std::mem::take(&mut batch))?;
        }
    }
    by_time.apply_batch(batch)?;
    let households = store.rebuild_digests()?;
    meta.insert(BUILT, &[1u8][..])?;
    store.durable()?;
    Ok((visits > 0 || households > 0).then(|| {
        format!(
            "built the household digests ({households} households) and the visits-by-time index ({visits} visits) this gridbook keeps for its lists"
        )
    }))
}

/// After a write that went around the transactions (a bulk load, a sync starting over):
/// every digest again from the records, the caller writing alone.
pub(crate) fn after_plain_writes(store: &Store) -> Result<()> {
    store.rebuild_digests()?;
    store.tree(TreeId::Meta).insert(BUILT, &[1u8][..])?;
    super::rollup::after_plain_writes(store)
}

/// `check`'s part: digests that disagree with their records are said (in `mended`), and
/// written again.
pub(super) fn check(store: &Store, mended: &mut Vec<String>) -> Result<()> {
    // A record that does not decode is reported by the scan of its tree; the digests wait
    // until it is mended.
    let Ok(wrong) = store.wrong_digests() else {
        return Ok(());
    };
    let Some((first, _)) = wrong.first() else {
        return Ok(());
    };
    mended.push(format!(
        "household_digests: {} digests disagreed with their households' visits, follow-ups and disputes (first: household {first}); they were written again from the records",
        wrong.len()
    ));
    store.alone(|| {
        let tree = store.tree(TreeId::HouseholdDigests);
        for (h, d) in &wrong {
            match d {
                Some(d) => tree.insert(keys::id(*h), codec::encode(d)?)?,
                None => tree.remove(keys::id(*h))?,
            };
        }
        Ok(())
    })
}

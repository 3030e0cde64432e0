//! The visit-lines index: every visit by time (the key of the visits-by-time index) with
//! what its line of the visit ledger (走访台账) shows of it – household, staff member,
//! purpose, outcome, findings, and the visit it corrects – so a month's ledger is one range
//! scan, with no visit record read.
//!
//! Its entries are index entries of the visit (`Entity::index_keys`), so every write of a
//! visit moves them in its own transaction (a save, a sync's merge, a bulk load). A store
//! written by an older gridbook builds them once as it opens (meta key `visit-lines/v1`);
//! `gridbook check` compares them with the visits and writes them again where they differ.
//! Local to each replica, never synced. An empty value (an entry that could not be encoded)
//! reads the visit record instead.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{codec, keys, Result, Store, Stored, TreeId};
use crate::model::time::Instant;
use crate::model::{Id, Visit, VisitOutcome, VisitPurpose};

/// The meta key saying this store's visit lines were built.
const BUILT: &[u8] = b"visit-lines/v1";

/// What a line of the visit ledger shows of one visit (its time is the entry's key).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VisitLine {
    pub id: Id,
    pub household: Id,
    /// The staff member's user name.
    pub staff: String,
    pub purpose: VisitPurpose,
    pub outcome: VisitOutcome,
    pub findings: String,
    /// The visit this one corrects.
    pub amends: Option<Id>,
}

impl VisitLine {
    pub fn of(v: &Visit) -> VisitLine {
        VisitLine {
            id: v.id,
            household: v.household,
            staff: v.staff.clone(),
            purpose: v.purpose,
            outcome: v.outcome,
            findings: v.findings.clone(),
            amends: v.amends,
        }
    }

    /// The index entry's value for a visit.
    pub(super) fn value_of(v: &Visit) -> Vec<u8> {
        codec::encode(&VisitLine::of(v)).unwrap_or_default()
    }
}

/// The key of a visit's entry.
fn key_of(v: &Visit) -> Vec<u8> {
    keys::join(&[&keys::instant(v.at), &keys::id(v.id)])
}

/// The lines of the visits at or after `start` and before `end`, oldest first.
pub fn between(store: &Store, start: Instant, end: Instant) -> Result<Vec<(Instant, VisitLine)>> {
    let mut out = Vec::new();
    for kv in store
        .tree(TreeId::VisitLines)
        .range(keys::instant(start)..keys::instant(end))
    {
        let (k, v) = kv?;
        let Some(at) = keys::read_instant(&k, 0) else {
            continue;
        };
        let line = if v.is_empty() {
            match keys::last_id(&k).map(|id| store.get_id::<Visit>(id)) {
                Some(Ok(Some(visit))) => VisitLine::of(&visit),
                Some(Err(e)) => return Err(e),
                _ => continue,
            }
        } else {
            codec::decode(&v)?
        };
        out.push((at, line));
    }
    Ok(out)
}

/// Every entry as the visits say, in the visits' order.
fn entries(store: &Store) -> impl Iterator<Item = Result<(Vec<u8>, Vec<u8>)>> + '_ {
    store.tree(TreeId::Visits).iter().map(|kv| {
        let (_, v) = kv?;
        let visit = codec::decode::<Stored<Visit>>(&v)?.value;
        Ok((key_of(&visit), VisitLine::value_of(&visit)))
    })
}

/// Every entry as the visits say, by key.
fn derive(store: &Store) -> Result<BTreeMap<Vec<u8>, Vec<u8>>> {
    entries(store).collect()
}

/// A store written by an older gridbook has no visit lines: they are built once, as it opens
/// (nobody else uses it yet). Says so, once, for the log.
pub(super) fn migrate(store: &Store) -> Result<Option<String>> {
    let meta = store.tree(TreeId::Meta);
    if meta.get(BUILT)?.is_some() {
        return Ok(None);
    }
    let tree = store.tree(TreeId::VisitLines);
    tree.clear()?;
    let mut visits = 0u64;
    let mut batch = sled::Batch::default();
    for entry in entries(store) {
        let (k, v) = entry?;
        batch.insert(k, v);
        visits += 1;
        if visits.is_multiple_of(50_000) {
            tree.apply_batch(std::mem::take(&mut batch))?;
        }
    }
    tree.apply_batch(batch)?;
    meta.insert(BUILT, &[1u8][..])?;
    store.durable()?;
    Ok((visits > 0)
        .then(|| format!("built the visit lines the visit ledger reads ({visits} visits)")))
}

/// `check`'s part: entries that disagree with the visits (missing, left over, or holding
/// another line) are said (in `mended`), and written again from the visits.
pub(super) fn check(store: &Store, mended: &mut Vec<String>) -> Result<()> {
    // A visit that does not decode is reported by the scan of its tree; the lines wait
    // until it is mended.
    let Ok(mut want) = derive(store) else {
        return Ok(());
    };
    let mut extra: Vec<Vec<u8>> = Vec::new();
    for kv in store.tree(TreeId::VisitLines).iter() {
        let (k, v) = kv?;
        match want.remove(k.as_ref()) {
            None => extra.push(k.to_vec()),
            Some(right) if right == v.as_ref() || v.is_empty() => {}
            Some(right) => {
                want.insert(k.to_vec(), right);
            }
        }
    }
    // `want` now holds the entries missing or wrong.
    let wrong = want.len() + extra.len();
    if wrong == 0 {
        return Ok(());
    }
    mended.push(format!(
        "idx_visit_lines: {wrong} entries disagreed with the visits; they were written again from the records"
    ));
    store.alone(|| {
        let tree = store.tree(TreeId::VisitLines);
        let mut batch = sled::Batch::default();
        for k in extra {
            batch.remove(k);
        }
        for (k, v) in want {
            batch.insert(k, v);
        }
        tree.apply_batch(batch)?;
        Ok(())
    })
}

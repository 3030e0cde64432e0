//! The audit trail: who wrote what and when, with the values before and after, each entry
//! hash-chained to the one before so that a changed or deleted entry is found.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::{codec, keys, Meta, Result, Store, TreeId, TxResult, Txn};
use crate::model::time::Instant;

const SEQ: &[u8] = b"audit/seq";
const HEAD: &[u8] = b"audit/head";
/// Where the trail kept here begins when its start was handed to the server and dropped
/// (`sync --forget`): the number and hash of the last entry dropped.
pub(super) const BASE: &[u8] = b"audit/base";

/// The heads of the trail others hold (a sealed backup, a sync peer), by who holds them:
/// `audit verify` checks the trail still holds each.
const WITNESS: &[u8] = b"audit/witness/";

/// The trail's head as it was when someone else got a copy of the store's state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Witness {
    seq: u64,
    hash: [u8; 32],
    /// Who holds it, as a sentence reads it: "the backup made 2026-12-06 10:00".
    what: String,
}

/// The number and hash of the entry before the first one kept here.
pub(super) fn read_base(v: Option<sled::IVec>) -> (u64, [u8; 32]) {
    match v {
        Some(b) if b.len() == 40 => (
            u64::from_be_bytes(b[..8].try_into().unwrap_or([0; 8])),
            b[8..].try_into().unwrap_or([0; 32]),
        ),
        _ => (0, [0; 32]),
    }
}

/// One write to one record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub seq: u64,
    pub hlc: u64,
    pub at: Instant,
    pub by: String,
    pub tree: String,
    pub key: Vec<u8>,
    /// The stored bytes before and after (None: created, or removed).
    pub before: Option<Vec<u8>>,
    pub after: Option<Vec<u8>>,
    pub prev: [u8; 32],
    pub hash: [u8; 32],
}

impl AuditEntry {
    /// The hash over everything but the hash itself, the previous entry's hash included.
    pub fn compute_hash(&self) -> [u8; 32] {
        let mut h = Sha256::new();
        h.update(self.prev);
        h.update(self.seq.to_be_bytes());
        h.update(self.hlc.to_be_bytes());
        h.update(self.at.to_be_bytes());
        for part in [self.by.as_bytes(), self.tree.as_bytes(), &self.key] {
            h.update((part.len() as u64).to_be_bytes());
            h.update(part);
        }
        for part in [&self.before, &self.after] {
            match part {
                Some(b) => {
                    h.update([1]);
                    h.update((b.len() as u64).to_be_bytes());
                    h.update(b);
                }
                None => h.update([0]),
            }
        }
        h.finalize().into()
    }
}

fn record_key(tree: &str, key: &[u8]) -> Vec<u8> {
    keys::join(&[tree.as_bytes(), &[0], key])
}

fn read_seq(v: Option<sled::IVec>) -> u64 {
    v.and_then(|v| v.as_ref().try_into().ok().map(u64::from_be_bytes))
        .unwrap_or(0)
}

fn read_head(v: Option<sled::IVec>) -> [u8; 32] {
    v.and_then(|v| v.as_ref().try_into().ok())
        .unwrap_or([0; 32])
}

fn entry(
    meta: &Meta,
    seq: u64,
    prev: [u8; 32],
    tree: &str,
    key: &[u8],
    before: Option<&[u8]>,
    after: Option<&[u8]>,
) -> AuditEntry {
    let mut e = AuditEntry {
        seq,
        hlc: meta.hlc,
        at: meta.at,
        by: meta.by.clone(),
        tree: tree.to_string(),
        key: key.to_vec(),
        before: before.map(<[u8]>::to_vec),
        after: after.map(<[u8]>::to_vec),
        prev,
        hash: [0; 32],
    };
    e.hash = e.compute_hash();
    e
}

impl Txn<'_> {
    /// Appends one entry to the trail, in the same transaction as the write it records.
    pub(super) fn audit(
        &self,
        tree: TreeId,
        key: &[u8],
        before: Option<&[u8]>,
        after: Option<&[u8]>,
    ) -> TxResult<()> {
        let meta = self.tree(TreeId::Meta);
        let lift = |e: sled::transaction::UnabortableTransactionError| -> sled::transaction::ConflictableTransactionError<super::StoreError> { e.into() };
        let seq = read_seq(meta.get(SEQ).map_err(lift)?) + 1;
        let prev = read_head(meta.get(HEAD).map_err(lift)?);
        let e = entry(self.meta(), seq, prev, tree.name(), key, before, after);
        let bytes = codec::encode(&e)
            .map_err(|e| sled::transaction::ConflictableTransactionError::Abort(e.into()))?;
        self.tree(TreeId::Audit)
            .insert(seq.to_be_bytes(), bytes)
            .map_err(lift)?;
        self.tree(TreeId::AuditByRecord)
            .insert(
                keys::join(&[&record_key(tree.name(), key), &seq.to_be_bytes()]),
                &[][..],
            )
            .map_err(lift)?;
        meta.insert(SEQ, &seq.to_be_bytes()[..]).map_err(lift)?;
        meta.insert(HEAD, &e.hash[..]).map_err(lift)?;
        Ok(())
    }
}

/// A record a bulk write replaced: its tree, its key, and its stored bytes before and after.
pub(super) type Replaced = (TreeId, Vec<u8>, Vec<u8>, Vec<u8>);

/// What `audit verify` found.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditReport {
    pub entries: u64,
    pub problems: Vec<String>,
}

impl Store {
    /// Appends one entry outside a transaction (a bulk load's summary).
    pub fn audit_note(&self, by: &str, tree: &str, what: &str) -> Result<()> {
        let meta = self.tree(TreeId::Meta);
        let seq = read_seq(meta.get(SEQ)?) + 1;
        let prev = read_head(meta.get(HEAD)?);
        let e = entry(&self.meta(by), seq, prev, tree, what.as_bytes(), None, None);
        self.tree(TreeId::Audit)
            .insert(seq.to_be_bytes(), codec::encode(&e)?)?;
        meta.insert(SEQ, &seq.to_be_bytes()[..])?;
        meta.insert(HEAD, &e.hash[..])?;
        Ok(())
    }

    /// The commit of a bulk write done alone (a journaled roster import): one entry for each
    /// record it replaced, with the values before and after, then a note of the whole, and the
    /// removal of `commit_key` from the meta tree, in one sled transaction. The write stands
    /// with its entries in the trail, or neither.
    pub(super) fn commit_with_entries(
        &self,
        meta: &Meta,
        replaced: &[Replaced],
        note_tree: &str,
        note: &str,
        commit_key: &[u8],
    ) -> Result<()> {
        let meta_tree = self.tree(TreeId::Meta);
        let mut seq = read_seq(meta_tree.get(SEQ)?);
        let mut prev = read_head(meta_tree.get(HEAD)?);
        let mut writes: Vec<super::journal::Write1> = Vec::with_capacity(2 * replaced.len() + 4);
        let mut append = |tree: &str, key: &[u8], before: Option<&[u8]>, after: Option<&[u8]>| {
            seq += 1;
            let e = entry(meta, seq, prev, tree, key, before, after);
            prev = e.hash;
            writes.push((
                TreeId::Audit as u8,
                seq.to_be_bytes().to_vec(),
                Some(codec::encode(&e)?),
            ));
            Ok::<_, super::StoreError>(seq)
        };
        let mut by_record = Vec::with_capacity(replaced.len());
        for (tree, key, before, after) in replaced {
            let seq = append(tree.name(), key, Some(before), Some(after))?;
            by_record.push(keys::join(&[
                &record_key(tree.name(), key),
                &seq.to_be_bytes(),
            ]));
        }
        // The note is of no one record: no by-record entry.
        append(note_tree, note.as_bytes(), None, None)?;
        writes.extend(
            by_record
                .into_iter()
                .map(|k| (TreeId::AuditByRecord as u8, k, Some(Vec::new()))),
        );
        writes.push((
            TreeId::Meta as u8,
            SEQ.to_vec(),
            Some(seq.to_be_bytes().to_vec()),
        ));
        writes.push((TreeId::Meta as u8, HEAD.to_vec(), Some(prev.to_vec())));
        writes.push((TreeId::Meta as u8, commit_key.to_vec(), None));
        self.apply_atomically(&writes)
    }

    /// Records the trail's head as `what` got it (a sealed backup, a sync peer), replacing
    /// the head the same `holder` got before (the latest holds the whole chain before it):
    /// a plain write, so the caller holds the write gate (`alone`, or the backup's pause).
    pub(super) fn record_head(&self, holder: &str, what: &str) -> Result<()> {
        let meta = self.tree(TreeId::Meta);
        let w = Witness {
            seq: read_seq(meta.get(SEQ)?),
            hash: read_head(meta.get(HEAD)?),
            what: what.to_string(),
        };
        meta.insert(
            keys::join(&[WITNESS, holder.as_bytes()]),
            codec::encode(&w)?,
        )?;
        Ok(())
    }

    /// Walks the whole trail (see `walk_audit`), then checks it against the heads that
    /// sealed backups and sync peers were given: an entry they hold that is gone or changed
    /// means the history was edited, even if its chain was made anew.
    pub fn verify_audit(&self) -> Result<AuditReport> {
        let mut report = self.walk_audit()?;
        let (base, _) = read_base(self.tree(TreeId::Meta).get(BASE)?);
        let last = read_seq(self.tree(TreeId::Meta).get(SEQ)?);
        for kv in self.tree(TreeId::Meta).scan_prefix(WITNESS) {
            let (_, v) = kv?;
            let w: Witness = codec::decode(&v)?;
            if w.seq <= base {
                continue;
            }
            let held = match self.tree(TreeId::Audit).get(w.seq.to_be_bytes())? {
                Some(v) => codec::decode::<AuditEntry>(&v).ok().map(|e| e.hash),
                None => None,
            };
            if w.seq > last || held.is_none() {
                report.problems.push(format!(
                    "the trail ends at entry {last}, but {} holds it up to entry {}: entries were removed",
                    w.what, w.seq
                ));
            } else if held != Some(w.hash) {
                report.problems.push(format!(
                    "audit entry {} is not the one {} holds: the history up to it was changed",
                    w.seq, w.what
                ));
            }
        }
        Ok(report)
    }

    /// Every entry decodes, numbers run without a gap, each hash is right and names the one
    /// before, and the last one is the head the store remembers.
    fn walk_audit(&self) -> Result<AuditReport> {
        let mut report = AuditReport::default();
        let (base, mut prev) = read_base(self.tree(TreeId::Meta).get(BASE)?);
        for (expect, kv) in (base + 1..).zip(self.tree(TreeId::Audit).iter()) {
            let (k, v) = kv?;
            report.entries += 1;
            let seq = keys::read_id(&k, 0).unwrap_or(0);
            let e = match codec::decode::<AuditEntry>(&v) {
                Ok(e) => e,
                Err(err) => {
                    report
                        .problems
                        .push(format!("audit entry {seq} is damaged: {err}"));
                    return Ok(report);
                }
            };
            if e.seq != seq || seq != expect {
                report.problems.push(format!(
                    "audit entry {expect} is missing (the next one is {seq}); the trail has been cut"
                ));
                return Ok(report);
            }
            if e.prev != prev || e.compute_hash() != e.hash {
                report.problems.push(format!(
                    "audit entry {seq} ({} by {}) was changed after it was written",
                    e.tree, e.by
                ));
                return Ok(report);
            }
            prev = e.hash;
        }
        let meta = self.tree(TreeId::Meta);
        let head = read_head(meta.get(HEAD)?);
        let last = read_seq(meta.get(SEQ)?);
        if last != base + report.entries || head != prev {
            report.problems.push(format!(
                "the trail ends at entry {} but the store wrote {last}; entries at the end were removed",
                base + report.entries
            ));
        }
        Ok(report)
    }

    /// The trail of one record, oldest first.
    pub fn history(&self, tree: TreeId, key: &[u8]) -> Result<Vec<AuditEntry>> {
        let mut out = Vec::new();
        for kv in self
            .tree(TreeId::AuditByRecord)
            .scan_prefix(record_key(tree.name(), key))
            .keys()
        {
            let k = kv?;
            let Some(seq) = keys::last_id(&k) else {
                continue;
            };
            if let Some(v) = self.tree(TreeId::Audit).get(seq.to_be_bytes())? {
                out.push(codec::decode::<AuditEntry>(&v)?);
            }
        }
        Ok(out)
    }
}

/// Who wrote a stored household, resident, visit, follow-up or dispute, and when.
fn meta_of(tree: TreeId, bytes: &[u8]) -> Result<Meta> {
    use crate::model::{Dispute, FollowUp, Household, Resident, Visit, Wish};
    fn of<E: super::Entity>(bytes: &[u8]) -> Result<Meta> {
        Ok(codec::decode::<super::Stored<E>>(bytes)?.meta)
    }
    match tree {
        TreeId::Households => of::<Household>(bytes),
        TreeId::Residents => of::<Resident>(bytes),
        TreeId::Visits => of::<Visit>(bytes),
        TreeId::FollowUps => of::<FollowUp>(bytes),
        TreeId::Disputes => of::<Dispute>(bytes),
        TreeId::Wishes => of::<Wish>(bytes),
        TreeId::DoorChecks => of::<crate::model::DoorCheck>(bytes),
        other => Err(super::StoreError::Codec(codec::CodecError::Malformed(
            format!("{} has no history of its own", other.name()),
        ))),
    }
}

/// One line of a household's history: when, who, and what happened to which record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryLine {
    pub at: Instant,
    pub by: String,
    pub tree: String,
    pub change: Change,
    /// What changed, field by field with the values before and after, for households and
    /// residents (`电话 138****5678 → 139****0000`); or "".
    #[serde(default)]
    pub detail: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Change {
    Created,
    Changed,
    Removed,
}

impl Store {
    /// The trail of a household: its own record, its residents, visits, follow-ups and
    /// disputes, newest first. A record a bulk load wrote (the demo, a roster import) has a
    /// line for its creation from the record itself, since the trail holds none.
    pub fn household_history(&self, household: crate::model::Id) -> Result<Vec<HistoryLine>> {
        let prefix = keys::id(household);
        let mut records: Vec<(TreeId, Vec<u8>)> = vec![(TreeId::Households, prefix.to_vec())];
        for (index, tree) in [
            (TreeId::ResidentsByHousehold, TreeId::Residents),
            (TreeId::FormerResidentsByHousehold, TreeId::Residents),
            (TreeId::VisitsByHousehold, TreeId::Visits),
            (TreeId::FollowUpsByHousehold, TreeId::FollowUps),
            (TreeId::DisputesByHousehold, TreeId::Disputes),
            (TreeId::WishesByHousehold, TreeId::Wishes),
        ] {
            for id in self.index_ids(index, &prefix) {
                records.push((tree, keys::id(id?).to_vec()));
            }
        }
        // Once the start of the trail was handed on (`sync --forget`), a record's first entry
        // here is not its creation, and nothing more is said of what came before.
        let whole = self.tree(TreeId::Meta).get(BASE)?.is_none();
        let mut out = Vec::new();
        for (tree, key) in records {
            let trail = self.history(tree, &key)?;
            // A record written by a bulk load (the demo, a roster import) has no entry for its
            // creation: who wrote it and when come from the oldest copy of it we hold.
            let oldest = match trail.first() {
                _ if !whole => None,
                Some(e) if e.before.is_none() => None,
                Some(e) => e.before.clone(),
                None => self.tree(tree).get(&key)?.map(|v| v.to_vec()),
            };
            if let Some(bytes) = oldest {
                let meta = meta_of(tree, &bytes)?;
                let line = HistoryLine {
                    at: meta.at,
                    by: meta.by,
                    tree: tree.name().to_string(),
                    change: Change::Created,
                    detail: String::new(),
                };
                // Before every entry of the trail written in the same second.
                out.push((line, 0));
            }
            for e in trail {
                let change = match (&e.before, &e.after) {
                    (None, _) => Change::Created,
                    (Some(_), Some(_)) => Change::Changed,
                    (Some(_), None) => Change::Removed,
                };
                let detail =
                    super::roster::change_detail(&e.tree, e.before.as_deref(), e.after.as_deref());
                let line = HistoryLine {
                    at: e.at,
                    by: e.by,
                    tree: e.tree,
                    change,
                    detail,
                };
                out.push((line, e.seq));
            }
        }
        out.sort_by_key(|(l, seq)| std::cmp::Reverse((l.at, *seq)));
        Ok(out.into_iter().map(|(l, _)| l).collect())
    }
}

/// One entry of the trail as people read it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditLine {
    pub seq: u64,
    pub at: Instant,
    pub by: String,
    pub tree: String,
    /// The record: its id, or its key as text (`visit_rules`).
    pub record: String,
    pub change: Change,
    /// What changed, for the records whose values say it plainly (the visit rules, households
    /// and residents with their values before and after); or "".
    pub detail: String,
}

impl Store {
    /// The last `limit` entries of the trail, oldest first.
    pub fn audit_lines(&self, limit: usize) -> Result<Vec<AuditLine>> {
        let mut out = Vec::new();
        for kv in self.tree(TreeId::Audit).iter().rev().take(limit) {
            let (_, v) = kv?;
            let e = codec::decode::<AuditEntry>(&v)?;
            let record = match keys::read_id(&e.key, 0) {
                Some(id) if e.key.len() == 8 => id.to_string(),
                _ => String::from_utf8_lossy(&e.key).into_owned(),
            };
            let change = match (&e.before, &e.after) {
                (None, _) => Change::Created,
                (Some(_), Some(_)) => Change::Changed,
                (Some(_), None) => Change::Removed,
            };
            let detail = if e.tree == TreeId::Meta.name() && e.key == super::ops::RULES {
                rules_change(e.before.as_deref(), e.after.as_deref())
            } else {
                super::roster::change_detail(&e.tree, e.before.as_deref(), e.after.as_deref())
            };
            out.push(AuditLine {
                seq: e.seq,
                at: e.at,
                by: e.by,
                tree: e.tree,
                record,
                change,
                detail,
            });
        }
        out.reverse();
        Ok(out)
    }
}

/// The visit intervals that a change of the rules moved: `独居老人 7→3, default 90→60`.
fn rules_change(before: Option<&[u8]>, after: Option<&[u8]>) -> String {
    use crate::model::rules::VisitRules;
    let read = |b: Option<&[u8]>| {
        b.and_then(|b| codec::decode::<VisitRules>(b).ok())
            .unwrap_or_default()
    };
    let (old, new) = (read(before), read(after));
    let mut parts = Vec::new();
    for tag in crate::model::CareTag::ALL {
        let named = |r: &VisitRules| r.per_tag.iter().any(|(t, _)| *t == tag);
        let (a, b) = (old.interval(&[tag]), new.interval(&[tag]));
        if a != b && (named(&old) || named(&new)) {
            parts.push(format!("{} {a}→{b}", crate::io::values::care_tag_zh(tag)));
        }
    }
    if old.default_days != new.default_days {
        parts.push(format!("default {}→{}", old.default_days, new.default_days));
    }
    if old.roster_months != new.roster_months {
        parts.push(format!(
            "roster check months {}→{}",
            old.roster_months, new.roster_months
        ));
    }
    if parts.is_empty() {
        "visit rules unchanged".into()
    } else {
        format!("visit rules: {}", parts.join(", "))
    }
}

/// Who an audit entry names when a sync applied the write: the syncing user, marked.
pub const SYNC_MARK: &str = " (sync)";

/// Entries of a replica's trail as they travel to the server: whole, or for a run of writes
/// the sync itself applied (records the server sent down), only where the run sits in the
/// chain: its first and last numbers, the hash before it and the hash of its last entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum TrailEntry {
    Full(AuditEntry),
    Synced {
        first: u64,
        last: u64,
        prev: [u8; 32],
        hash: [u8; 32],
    },
}

impl TrailEntry {
    /// The number of the first entry this covers.
    pub fn first(&self) -> u64 {
        match self {
            TrailEntry::Full(e) => e.seq,
            TrailEntry::Synced { first, .. } => *first,
        }
    }

    /// The number of the last entry this covers.
    pub fn seq(&self) -> u64 {
        match self {
            TrailEntry::Full(e) => e.seq,
            TrailEntry::Synced { last, .. } => *last,
        }
    }

    pub fn prev(&self) -> [u8; 32] {
        match self {
            TrailEntry::Full(e) => e.prev,
            TrailEntry::Synced { prev, .. } => *prev,
        }
    }

    pub fn hash(&self) -> [u8; 32] {
        match self {
            TrailEntry::Full(e) => e.hash,
            TrailEntry::Synced { hash, .. } => *hash,
        }
    }
}

impl Store {
    /// This replica's own trail after entry `seq`, at most `limit` entries, encoded to
    /// travel: writes a sync applied go as stubs (the server holds those records already).
    pub fn trail_after(&self, seq: u64, limit: usize) -> Result<Vec<Vec<u8>>> {
        let mut out: Vec<TrailEntry> = Vec::new();
        for kv in self.tree(TreeId::Audit).range((seq + 1).to_be_bytes()..) {
            let (_, v) = kv?;
            let e: AuditEntry = codec::decode(&v)?;
            if e.by.ends_with(SYNC_MARK) {
                if let Some(TrailEntry::Synced { last, hash, .. }) = out.last_mut() {
                    (*last, *hash) = (e.seq, e.hash);
                    continue;
                }
                if out.len() >= limit {
                    break;
                }
                out.push(TrailEntry::Synced {
                    first: e.seq,
                    last: e.seq,
                    prev: e.prev,
                    hash: e.hash,
                });
            } else {
                if out.len() >= limit {
                    break;
                }
                out.push(TrailEntry::Full(e));
            }
        }
        out.iter().map(|t| Ok(codec::encode(t)?)).collect()
    }

    /// Drops the trail up to and including entry `upto` (a server holds a checked copy),
    /// remembering where the chain kept here begins so `audit verify` still walks it whole.
    pub(super) fn drop_trail_upto(&self, upto: u64) -> Result<()> {
        let audit = self.tree(TreeId::Audit);
        let Some(last) = audit.get(upto.to_be_bytes())? else {
            return Ok(());
        };
        let last: AuditEntry = codec::decode(&last)?;
        let gone: Vec<sled::IVec> = audit
            .range(..=upto.to_be_bytes())
            .keys()
            .collect::<std::result::Result<_, _>>()?;
        for k in gone {
            audit.remove(k)?;
        }
        let by_record = self.tree(TreeId::AuditByRecord);
        let stale: Vec<sled::IVec> = by_record
            .iter()
            .keys()
            .filter_map(|k| match k {
                Ok(k) => keys::last_id(&k)
                    .is_some_and(|s| s <= upto)
                    .then_some(Ok(k)),
                Err(e) => Some(Err(e)),
            })
            .collect::<std::result::Result<_, _>>()?;
        for k in stale {
            by_record.remove(k)?;
        }
        let base = keys::join(&[&upto.to_be_bytes(), &last.hash]);
        self.tree(TreeId::Meta).insert(BASE, base)?;
        Ok(())
    }
}

//! Sync between replicas: origins and stamps, the change log, field clocks, tombstones,
//! version vectors, batches that carry only what a peer lacks, merging, and conflicts.
//!
//! The model is state-based. Every change to a synced record appends a key to the change
//! log (origin, stamp, tree, record key); a replica's version vector is, per origin, the
//! highest stamp it holds. To bring a peer up to date, a replica sends the log entries the
//! peer lacks and the *current* state of the records they name: each field with its own
//! clock stamp (last writer wins by stamp, and stamps carry their origin, so ties cannot
//! happen), removals as tombstones (a removal wins). Merging states is commutative,
//! associative and idempotent, so replicas that have seen the same changes hold the same
//! records whatever order the syncs ran in, and a sync cut short is simply run again.
//! A field both sides changed without seeing the other's value keeps the later value;
//! the other one is kept in the conflicts list for a person to review.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::{
    abort, codec, keys, lift, Entity, Meta, Result, Store, StoreError, Stored, TreeId, TxResult,
    Txn,
};
use crate::model::time::Instant;
use crate::model::{
    Building, BuildingCaptain, Community, Dispute, FollowUp, Grid, Household, Id, Invalid,
    MediationNote, Resident, Street, Visit, Wish,
};

/// Low bits of every stamp name the replica that handed it out.
pub const ORIGIN_BITS: u32 = 12;
/// The largest origin number (4,095 replicas per community server).
pub const MAX_ORIGIN: u16 = (1 << ORIGIN_BITS) - 1;
/// Ids a replica hands out start at its origin shifted this far, so replicas never clash.
const ID_SHIFT: u32 = 40;

const ORIGIN_KEY: &[u8] = b"sync/origin";
const NEXT_ORIGIN_KEY: &[u8] = b"sync/next_origin";
/// `sync/origin_user/` + a replica number: the member of staff it was handed out to.
const ORIGIN_USER_PREFIX: &[u8] = b"sync/origin_user/";
const BASE_KEY: &[u8] = b"sync/base";
const STATUS_KEY: &[u8] = b"sync/status";
const PEER_KEY: &[u8] = b"sync/peer_vv";
/// Where a first copy that was cut off got to: the moment it began and its cursor.
const COPY_KEY: &[u8] = b"sync/copy";
/// The last entry of this replica's own audit trail that the server holds a copy of.
const TRAIL_SENT: &[u8] = b"sync/trail_sent";
/// The tree byte of a marker entry: "this replica holds everything of that origin up to
/// here", sent at the end of a first copy.
const MARKER: u8 = 0xFF;

/// The trees that replicas exchange. Staff, drafts, indexes and the audit trail stay local.
pub const SYNCED: [TreeId; 24] = [
    TreeId::Streets,
    TreeId::Communities,
    TreeId::Grids,
    TreeId::Buildings,
    TreeId::Households,
    TreeId::Residents,
    TreeId::Captains,
    TreeId::Visits,
    TreeId::Disputes,
    TreeId::Notes,
    TreeId::FollowUps,
    //
    // Party trees.
    TreeId::PartyMembers,
    TreeId::PartyGroups,
    TreeId::CentralHouseholds,
    TreeId::Wishes,
    TreeId::AgendaItems,
    TreeId::Meetings,
    //
    // 双报到 trees, parents first.
    TreeId::Registrants,
    TreeId::Posts,
    TreeId::PostClaims,
    TreeId::ServiceRecords,
    TreeId::Campaigns,
    TreeId::SentDown,
    TreeId::DoorChecks,
];

impl TreeId {
    /// Whether replicas exchange this tree's records.
    pub fn synced(self) -> bool {
        SYNCED.contains(&self)
    }

    fn from_byte(b: u8) -> Option<TreeId> {
        SYNCED.into_iter().find(|t| *t as u8 == b)
    }
}

/// The replica that handed out a stamp.
pub fn origin_of(stamp: u64) -> u16 {
    (stamp & MAX_ORIGIN as u64) as u16
}

/// Per origin, the highest stamp of its changes that a replica holds.
pub type VersionVector = BTreeMap<u16, u64>;

fn change_key(stamp: u64, tree: u8, key: &[u8]) -> Vec<u8> {
    keys::join(&[
        &origin_of(stamp).to_be_bytes(),
        &stamp.to_be_bytes(),
        &[tree],
        key,
    ])
}

/// (stamp, tree byte, record key) of a change-log key.
fn parse_change_key(k: &[u8]) -> Option<(u64, u8, &[u8])> {
    let origin = u16::from_be_bytes(k.get(0..2)?.try_into().ok()?);
    let stamp = u64::from_be_bytes(k.get(2..10)?.try_into().ok()?);
    let tree = *k.get(10)?;
    if origin_of(stamp) != origin || (tree != MARKER && TreeId::from_byte(tree).is_none()) {
        return None;
    }
    Some((stamp, tree, &k[11..]))
}

fn record_key(tree: TreeId, key: &[u8]) -> Vec<u8> {
    keys::join(&[&[tree as u8], key])
}

/// The clock of one field: the stamp of the write that set it, and the stamp of the value
/// that write replaced (how a merge tells a later edit from a concurrent one).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldClock {
    pub field: String,
    pub stamp: u64,
    pub prev: u64,
}

/// One record as a replica holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordState {
    pub tree: u8,
    pub key: Vec<u8>,
    pub body: Body,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Body {
    /// The stored bytes (record and who wrote it last) and the field clocks; no clocks
    /// means every field carries the record's stamp.
    Present {
        stored: Vec<u8>,
        clocks: Vec<FieldClock>,
    },
    Removed {
        stamp: u64,
    },
}

/// Where a pull or push stopped, to go on from there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Cursor {
    /// The last change-log key sent.
    Changes(Vec<u8>),
    /// A first copy: the stage reached and the last key sent in it.
    Copy { stage: u8, key: Vec<u8> },
}

/// What one side asks of the other: everything after `have`, up to `upto`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PullRequest {
    /// The asking replica's version vector when the sync began.
    pub have: VersionVector,
    /// The giving replica's version vector when the sync began (its moment).
    pub upto: VersionVector,
    /// The asking replica holds no copy yet: send every record in scope.
    pub first: bool,
    pub after: Option<Cursor>,
    /// Roughly how many records one batch may carry.
    pub max_records: usize,
}

/// One batch: applied in one transaction on the receiving side.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncBatch {
    /// Change-log keys the receiver lacks.
    pub entries: Vec<Vec<u8>>,
    pub records: Vec<RecordState>,
    /// Where to go on from; None when this was the last batch.
    pub next: Option<Cursor>,
}

/// What applying a batch did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Applied {
    pub entries: u64,
    /// Records created, changed or removed here.
    pub changed: u64,
    pub conflicts: u64,
    pub duplicates: u64,
}

impl Applied {
    pub fn add(&mut self, o: Applied) {
        self.entries += o.entries;
        self.changed += o.changed;
        self.conflicts += o.conflicts;
        self.duplicates += o.duplicates;
    }
}

/// Where a record belongs, for scope checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// Streets, communities and grids: the map everyone needs to find their way.
    Map,
    At {
        community: Id,
        grid: Id,
    },
    /// A community as a whole (an agenda item a unit or staff raised, a meeting): for staff
    /// whose scope covers the community, not for a grid captain.
    Community(Id),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ConflictKind {
    /// Both sides changed one field; `lost` is the value that did not win.
    Field,
    /// The record was removed on one side while changed on the other.
    Removed,
    /// Two records carry one ID number: perhaps one person registered twice.
    DuplicatePerson,
}

/// Something a sync could not settle silently, kept for review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Conflict {
    pub kind: ConflictKind,
    pub tree: String,
    pub key: Vec<u8>,
    /// What the record is, in words: an address, a person's name, a case title.
    pub record: String,
    /// The household it belongs to, to go and look (none for a case without one).
    pub household: Option<Id>,
    pub field: String,
    /// Values as JSON text.
    pub kept: String,
    pub lost: String,
    pub kept_by: String,
    pub lost_by: String,
    pub lost_stamp: u64,
    pub noticed: Instant,
    pub resolved: Option<Resolution>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Resolution {
    pub by: String,
    pub at: Instant,
    /// The lost value was put back (a new change that syncs everywhere).
    pub restored: bool,
}

/// A conflict with the key it is kept under, for listing and resolving.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConflictRow {
    pub id: Vec<u8>,
    pub conflict: Conflict,
}

/// How the last sync went, for the status line and `gridbook sync`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncStatus {
    pub origin: u16,
    pub last_ok: Option<(Instant, String)>,
    pub last_error: Option<(Instant, String)>,
    /// Changes made here that the server has not acknowledged.
    pub waiting: u64,
    pub open_conflicts: u64,
}

/// Answers a `git`-style question: what the giving side says at the start of a sync.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hello {
    pub origin: u16,
    pub upto: VersionVector,
    /// A fresh origin number for a replica that has none yet.
    pub assigned: Option<u16>,
    pub user: String,
}

macro_rules! by_tree {
    ($tree:expr, $f:ident :: <_> ( $($arg:expr),* )) => {
        match $tree {
            TreeId::Streets => $f::<Street>($($arg),*),
            TreeId::Communities => $f::<Community>($($arg),*),
            TreeId::Grids => $f::<Grid>($($arg),*),
            TreeId::Buildings => $f::<Building>($($arg),*),
            TreeId::Households => $f::<Household>($($arg),*),
            TreeId::Residents => $f::<Resident>($($arg),*),
            TreeId::Captains => $f::<BuildingCaptain>($($arg),*),
            TreeId::Visits => $f::<Visit>($($arg),*),
            TreeId::Disputes => $f::<Dispute>($($arg),*),
            TreeId::Notes => $f::<MediationNote>($($arg),*),
            TreeId::FollowUps => $f::<FollowUp>($($arg),*),
            TreeId::PartyMembers => $f::<crate::model::party::PartyMember>($($arg),*),
            TreeId::PartyGroups => $f::<crate::model::party::PartyGroup>($($arg),*),
            TreeId::CentralHouseholds => $f::<crate::model::party::CentralHousehold>($($arg),*),
            TreeId::Wishes => $f::<Wish>($($arg),*),
            TreeId::AgendaItems => $f::<crate::model::AgendaItem>($($arg),*),
            TreeId::Meetings => $f::<crate::model::Meeting>($($arg),*),
            TreeId::Registrants => $f::<crate::model::registrant::Registrant>($($arg),*),
            TreeId::Posts => $f::<crate::model::registrant::Post>($($arg),*),
            TreeId::PostClaims => $f::<crate::model::registrant::PostClaim>($($arg),*),
            TreeId::ServiceRecords => $f::<crate::model::registrant::ServiceRecord>($($arg),*),
            TreeId::Campaigns => $f::<crate::model::Campaign>($($arg),*),
            TreeId::SentDown => $f::<crate::model::SentDown>($($arg),*),
            TreeId::DoorChecks => $f::<crate::model::DoorCheck>($($arg),*),
            other => unreachable!("{} is not synced", other.name()),
        }
    };
}

fn malformed(what: impl Into<String>) -> StoreError {
    StoreError::Codec(codec::CodecError::Malformed(what.into()))
}

fn to_object<E: Serialize>(value: &E) -> Result<Map<String, Value>> {
    match serde_json::to_value(value) {
        Ok(Value::Object(m)) => Ok(m),
        Ok(_) => Err(malformed("a synced record is not a structure")),
        Err(e) => Err(malformed(e.to_string())),
    }
}

/// Every field's clock: the stored ones, or the record's stamp for each field.
fn effective(
    obj: &Map<String, Value>,
    meta: &Meta,
    clocks: &[FieldClock],
) -> BTreeMap<String, (u64, u64)> {
    let mut out: BTreeMap<String, (u64, u64)> =
        obj.keys().map(|f| (f.clone(), (meta.hlc, 0))).collect();
    for c in clocks {
        if let Some(slot) = out.get_mut(&c.field) {
            *slot = (c.stamp, c.prev);
        }
    }
    out
}

/// Clocks to store: none when every field simply carries the record's stamp.
fn normal(clocks: &BTreeMap<String, (u64, u64)>, hlc: u64) -> Vec<FieldClock> {
    if clocks.values().all(|&(s, p)| s == hlc && p == 0) {
        return Vec::new();
    }
    clocks
        .iter()
        .map(|(f, &(stamp, prev))| FieldClock {
            field: f.clone(),
            stamp,
            prev,
        })
        .collect()
}

/// The words for a record in the conflicts list.
fn label_of<E: Entity>(value: &E) -> String {
    let v = serde_json::to_value(value).unwrap_or(Value::Null);
    for field in ["title", "name"] {
        if let Some(Value::String(s)) = v.get(field) {
            return s.clone();
        }
    }
    if let Some(a) = v.get("address") {
        if let Ok(a) = serde_json::from_value::<crate::model::Address>(a.clone()) {
            return a.to_string();
        }
    }
    match v.get("id") {
        Some(id) => format!("#{id}"),
        None => String::new(),
    }
}

/// The household a record belongs to: its own id for a household, else its `household`.
fn household_of<E: Entity>(value: &E) -> Option<Id> {
    let v = serde_json::to_value(value).ok()?;
    let field = if E::TREE == TreeId::Households {
        "id"
    } else {
        "household"
    };
    v.get(field).and_then(Value::as_u64)
}

struct Side<'a> {
    obj: Map<String, Value>,
    meta: &'a Meta,
    clocks: BTreeMap<String, (u64, u64)>,
}

/// One lost value, before it becomes a conflict record.
struct Lost {
    field: String,
    kept: Value,
    lost: Value,
    kept_by: String,
    lost_by: String,
    lost_stamp: u64,
}

/// Merges two states of one record field by field. Returns the merged fields, the meta of
/// the later write, the merged clocks, and the values that lost to a concurrent change.
///
/// The fields in `together` (an entity's life cycle, `Entity::TOGETHER`) are one unit: the side
/// whose latest change among them is later gives all of them, so a merge never joins one
/// side's state to the other side's note.
fn merge_fields<'a>(local: Side<'a>, remote: Side<'a>, together: &[&str]) -> Merged<'a> {
    let mut out = Map::new();
    let mut clocks = BTreeMap::new();
    let mut lost = Vec::new();
    let fields: std::collections::BTreeSet<&String> =
        local.obj.keys().chain(remote.obj.keys()).collect();
    let latest = |side: &Side<'_>| {
        together
            .iter()
            .filter_map(|f| side.clocks.get(*f).copied())
            .max()
    };
    let (lg, rg) = (latest(&local), latest(&remote));
    for f in fields {
        let (lv, lc) = (local.obj.get(f), local.clocks.get(f).copied());
        let (rv, rc) = (remote.obj.get(f), remote.clocks.get(f).copied());
        let (dl, dr) = if together.contains(&f.as_str()) {
            (lg, rg)
        } else {
            (lc, rc)
        };
        let (take_remote, concurrent) = match (dl, dr) {
            (Some((ls, lp)), Some((rs, rp))) => {
                if rs > ls {
                    (true, rp < ls)
                } else {
                    (false, rs > lp && rs != ls)
                }
            }
            (None, Some(_)) => (true, false),
            _ => (false, false),
        };
        let (keep, clock) = if take_remote { (rv, rc) } else { (lv, lc) };
        if let (Some(keep), Some(clock)) = (keep, clock) {
            out.insert(f.clone(), keep.clone());
            clocks.insert(f.clone(), clock);
        }
        if concurrent && lv != rv {
            let (kept, gone, kept_meta, lost_meta, lost_stamp) = if take_remote {
                (rv, lv, remote.meta, local.meta, lc.map(|c| c.0))
            } else {
                (lv, rv, local.meta, remote.meta, rc.map(|c| c.0))
            };
            lost.push(Lost {
                field: f.clone(),
                kept: kept.cloned().unwrap_or(Value::Null),
                lost: gone.cloned().unwrap_or(Value::Null),
                kept_by: kept_meta.by.clone(),
                lost_by: lost_meta.by.clone(),
                lost_stamp: lost_stamp.unwrap_or(0),
            });
        }
    }
    let meta = if remote.meta.hlc > local.meta.hlc {
        remote.meta
    } else {
        local.meta
    };
    Merged {
        obj: out,
        meta,
        clocks,
        lost,
    }
}

/// Two states merged: the fields, the meta of the later write, the clocks, what lost.
struct Merged<'a> {
    obj: Map<String, Value>,
    meta: &'a Meta,
    clocks: BTreeMap<String, (u64, u64)>,
    lost: Vec<Lost>,
}

/// A change that lost to a removal: the whole record as it was, kept for review.
fn removed_conflict<E: Entity>(key: &[u8], lost: &Stored<E>, now: Instant) -> Conflict {
    Conflict {
        kind: ConflictKind::Removed,
        tree: E::TREE.name().into(),
        key: key.to_vec(),
        record: label_of(&lost.value),
        household: household_of(&lost.value),
        field: String::new(),
        kept: String::new(),
        lost: serde_json::to_string(&lost.value).unwrap_or_default(),
        kept_by: String::new(),
        lost_by: lost.meta.by.clone(),
        lost_stamp: lost.meta.hlc,
        noticed: now,
        resolved: None,
    }
}

fn conflict_key(tree: TreeId, key: &[u8], field: &str, stamp: u64) -> Vec<u8> {
    keys::join(&[
        &[tree as u8],
        &(key.len() as u16).to_be_bytes(),
        key,
        field.as_bytes(),
        &[0],
        &stamp.to_be_bytes(),
    ])
}

impl Txn<'_> {
    /// Appends this write to the change log.
    pub(super) fn log_change(&self, tree: TreeId, key: &[u8]) -> TxResult<()> {
        self.tree(TreeId::Changes)
            .insert(change_key(self.meta().hlc, tree as u8, key), &[][..])
            .map_err(lift)?;
        Ok(())
    }

    /// A local change to an existing record: the fields it changed get this write's stamp.
    pub(super) fn touch_fields<E: Entity>(
        &self,
        tree: TreeId,
        key: &[u8],
        before: &[u8],
        value: &E,
    ) -> TxResult<()> {
        let old = codec::decode::<Stored<E>>(before).map_err(abort)?;
        let (old_obj, new_obj) = (
            to_object(&old.value).map_err(abort)?,
            to_object(value).map_err(abort)?,
        );
        let ck = record_key(tree, key);
        let stored: Vec<FieldClock> = match self.tree(TreeId::FieldClocks).get(&ck).map_err(lift)? {
            Some(b) => codec::decode(&b).map_err(abort)?,
            None => Vec::new(),
        };
        let mut clocks = effective(&old_obj, &old.meta, &stored);
        let now = self.meta().hlc;
        for (f, v) in &new_obj {
            if old_obj.get(f) != Some(v) {
                let prev = match clocks.get(f) {
                    // Written twice in one transaction: it still replaced the older value.
                    Some(&(s, p)) if s == now => p,
                    Some(&(s, _)) => s,
                    None => 0,
                };
                clocks.insert(f.clone(), (now, prev));
            }
        }
        clocks.retain(|f, _| new_obj.contains_key(f));
        let clocks = normal(&clocks, now);
        if clocks.is_empty() {
            self.tree(TreeId::FieldClocks).remove(ck).map_err(lift)?;
        } else {
            self.tree(TreeId::FieldClocks)
                .insert(ck, codec::encode(&clocks).map_err(abort)?)
                .map_err(lift)?;
        }
        Ok(())
    }

    /// Remembers that a record was removed, and when.
    pub(super) fn bury(&self, tree: TreeId, key: &[u8], stamp: u64) -> TxResult<()> {
        let ck = record_key(tree, key);
        self.tree(TreeId::FieldClocks)
            .remove(&ck[..])
            .map_err(lift)?;
        self.tree(TreeId::Tombstones)
            .insert(ck, &stamp.to_be_bytes()[..])
            .map_err(lift)?;
        Ok(())
    }

    /// Writes a merged record as it is (its own meta), moving indexes and counting it.
    fn put_state<E: Entity>(
        &self,
        key: &[u8],
        stored: &Stored<E>,
        clocks: &[FieldClock],
    ) -> TxResult<()> {
        let before = self.tree(E::TREE).get(key).map_err(lift)?;
        let mut fed = None;
        let mut tallied = None;
        match &before {
            Some(bytes) => {
                let old = codec::decode::<Stored<E>>(bytes).map_err(abort)?.value;
                for (index, k) in old.index_keys() {
                    self.tree(index).remove(k).map_err(lift)?;
                }
                fed = old.digest_part();
                tallied = old.tally_part();
            }
            None => self.bump(E::TREE, 1)?,
        }
        for (index, k) in stored.value.index_keys() {
            self.tree(index)
                .insert(k, stored.value.index_value(index))
                .map_err(lift)?;
        }
        let bytes = codec::encode(stored).map_err(abort)?;
        self.audit(E::TREE, key, before.as_deref(), Some(&bytes))?;
        self.tree(E::TREE).insert(key, &bytes[..]).map_err(lift)?;
        self.rehome(E::TREE, before.as_deref(), Some(&bytes))?;
        self.redigest(fed, stored.value.digest_part())?;
        self.retally(tallied, stored.value.tally_part())?;
        let ck = record_key(E::TREE, key);
        if clocks.is_empty() {
            self.tree(TreeId::FieldClocks).remove(ck).map_err(lift)?;
        } else {
            self.tree(TreeId::FieldClocks)
                .insert(ck, codec::encode(&clocks).map_err(abort)?)
                .map_err(lift)?;
        }
        Ok(())
    }

    /// Removes a record because another replica removed it (no new change of our own).
    fn remove_state<E: Entity>(&self, key: &[u8], stamp: u64) -> TxResult<()> {
        if let Some(before) = self.tree(E::TREE).get(key).map_err(lift)? {
            let old = codec::decode::<Stored<E>>(&before).map_err(abort)?.value;
            self.audit(E::TREE, key, Some(&before), None)?;
            for (index, k) in old.index_keys() {
                self.tree(index).remove(k).map_err(lift)?;
            }
            self.tree(E::TREE).remove(key).map_err(lift)?;
            self.bump(E::TREE, -1)?;
            self.rehome(E::TREE, Some(&before), None)?;
            self.redigest(old.digest_part(), None)?;
            self.retally(old.tally_part(), None)?;
        }
        self.bury(E::TREE, key, stamp)
    }

    fn note_conflict(&self, tree: TreeId, key: &[u8], c: Conflict) -> TxResult<bool> {
        let ck = conflict_key(tree, key, &c.field, c.lost_stamp);
        let t = self.tree(TreeId::Conflicts);
        if t.get(&ck).map_err(lift)?.is_some() {
            return Ok(false);
        }
        t.insert(ck, codec::encode(&c).map_err(abort)?)
            .map_err(lift)?;
        Ok(true)
    }

    /// Merges one incoming record state into this replica. Counts what changed.
    fn merge_state<E: Entity>(
        &self,
        key: &[u8],
        body: &Body,
        applied: &mut Applied,
    ) -> TxResult<()> {
        let ck = record_key(E::TREE, key);
        let tomb = self
            .tree(TreeId::Tombstones)
            .get(&ck)
            .map_err(lift)?
            .and_then(|v| v.as_ref().try_into().ok().map(u64::from_be_bytes));
        let local = self.tree(E::TREE).get(key).map_err(lift)?;
        let now = self.meta().at;
        match body {
            Body::Removed { stamp } => {
                if let Some(t) = tomb {
                    if *stamp > t {
                        self.bury(E::TREE, key, *stamp)?;
                    }
                    return Ok(());
                }
                if let Some(bytes) = &local {
                    let old = codec::decode::<Stored<E>>(bytes).map_err(abort)?;
                    if old.meta.hlc > *stamp {
                        // Changed here after it was removed there: the removal wins, the
                        // change is kept for review.
                        let c = removed_conflict(key, &old, now);
                        if self.note_conflict(E::TREE, key, c)? {
                            applied.conflicts += 1;
                        }
                    }
                    applied.changed += 1;
                }
                self.remove_state::<E>(key, *stamp)
            }
            Body::Present { stored, clocks } => {
                let remote = codec::decode::<Stored<E>>(stored).map_err(abort)?;
                if remote.value.key() != key {
                    return Err(abort(malformed(format!(
                        "a {} record arrived under a key that is not its own",
                        E::TREE.name()
                    ))));
                }
                if let Some(t) = tomb {
                    if remote.meta.hlc > t {
                        let c = removed_conflict(key, &remote, now);
                        if self.note_conflict(E::TREE, key, c)? {
                            applied.conflicts += 1;
                        }
                    }
                    return Ok(());
                }
                let Some(local_bytes) = local else {
                    applied.changed += 1;
                    return self.put_state(key, &remote, clocks);
                };
                let local_clocks: Vec<FieldClock> =
                    match self.tree(TreeId::FieldClocks).get(&ck).map_err(lift)? {
                        Some(b) => codec::decode(&b).map_err(abort)?,
                        None => Vec::new(),
                    };
                if local_bytes.as_ref() == stored.as_slice() && &local_clocks == clocks {
                    return Ok(());
                }
                let mine = codec::decode::<Stored<E>>(&local_bytes).map_err(abort)?;
                let (lobj, robj) = (
                    to_object(&mine.value).map_err(abort)?,
                    to_object(&remote.value).map_err(abort)?,
                );
                let l = Side {
                    clocks: effective(&lobj, &mine.meta, &local_clocks),
                    obj: lobj,
                    meta: &mine.meta,
                };
                let r = Side {
                    clocks: effective(&robj, &remote.meta, clocks),
                    obj: robj,
                    meta: &remote.meta,
                };
                let Merged {
                    obj,
                    meta,
                    clocks: merged_clocks,
                    lost,
                } = merge_fields(l, r, E::TOGETHER);
                let value: E = serde_json::from_value(Value::Object(obj))
                    .map_err(|e| abort(malformed(e.to_string())))?;
                for x in lost {
                    let c = Conflict {
                        kind: ConflictKind::Field,
                        tree: E::TREE.name().into(),
                        key: key.to_vec(),
                        record: label_of(&value),
                        household: household_of(&value),
                        field: x.field,
                        kept: x.kept.to_string(),
                        lost: x.lost.to_string(),
                        kept_by: x.kept_by,
                        lost_by: x.lost_by,
                        lost_stamp: x.lost_stamp,
                        noticed: now,
                        resolved: None,
                    };
                    if self.note_conflict(E::TREE, key, c)? {
                        applied.conflicts += 1;
                    }
                }
                let merged = Stored {
                    meta: meta.clone(),
                    value,
                };
                let clocks = normal(&merged_clocks, merged.meta.hlc);
                let bytes = codec::encode(&merged).map_err(abort)?;
                if bytes.as_slice() != local_bytes.as_ref() || clocks != local_clocks {
                    applied.changed += 1;
                    self.put_state(key, &merged, &clocks)?;
                }
                Ok(())
            }
        }
    }
}

fn read_u64(v: Option<sled::IVec>) -> Option<u64> {
    v.and_then(|v| v.as_ref().try_into().ok().map(u64::from_be_bytes))
}

/// The stages of a first copy, in the order they are sent (parents before children).
const COPY_STAGES: [TreeId; 24] = SYNCED;

impl Store {
    /// This replica's origin number (0 for a store that was never given one).
    pub fn origin(&self) -> u16 {
        self.origin.load(std::sync::atomic::Ordering::SeqCst) as u16
    }

    /// Loads the origin and moves the clock past every stamp this replica handed out
    /// (called on open).
    pub(super) fn load_sync_state(&self) -> Result<()> {
        let meta = self.tree(TreeId::Meta);
        let origin = read_u64(meta.get(ORIGIN_KEY)?).unwrap_or(0);
        self.origin
            .store(origin, std::sync::atomic::Ordering::SeqCst);
        if let Some(kv) = self
            .tree(TreeId::Changes)
            .scan_prefix((origin as u16).to_be_bytes())
            .next_back()
        {
            let (k, _) = kv?;
            if let Some((stamp, _, _)) = parse_change_key(&k) {
                self.observe(stamp);
            }
        }
        if let Some(floor) = read_u64(meta.get(b"sync/clock")?) {
            self.observe(floor);
        }
        Ok(())
    }

    /// Makes this store a replica with the given origin number. Only an empty store that
    /// has none yet may take one: records made before would carry another replica's ids.
    pub fn adopt_origin(&self, origin: u16) -> Result<()> {
        if origin == 0 || origin > MAX_ORIGIN {
            return Err(Invalid::new(format!(
                "{origin} is not a replica number; it must be between 1 and {MAX_ORIGIN}"
            ))
            .into());
        }
        let meta = self.tree(TreeId::Meta);
        if let Some(have) = read_u64(meta.get(ORIGIN_KEY)?) {
            if have == origin as u64 {
                return Ok(());
            }
            return Err(Invalid::new(format!(
                "this store is already replica {have}; it cannot become replica {origin}"
            ))
            .into());
        }
        for t in SYNCED {
            if !self.tree(t).is_empty() {
                return Err(Invalid::new(
                    "this data directory already holds records that were not synced; sync into an empty one (gridbook --data DIR sync HOST)",
                )
                .into());
            }
        }
        self.alone(|| {
            meta.insert(ORIGIN_KEY, &(origin as u64).to_be_bytes()[..])?;
            self.origin
                .store(origin as u64, std::sync::atomic::Ordering::SeqCst);
            self.raise_id_floor_within((origin as u64) << ID_SHIFT)
        })
    }

    /// Hands out an origin number no replica of this store's family has had.
    pub fn allocate_origin(&self) -> Result<u16> {
        let meta = self.tree(TreeId::Meta);
        let own = self.origin() as u64;
        if own != 0 {
            return Err(Invalid::new(
                "only the community server hands out replica numbers; sync this laptop with the server, not with another laptop",
            )
            .into());
        }
        self.alone(|| {
            let next = meta.update_and_fetch(NEXT_ORIGIN_KEY, |old| {
                let n = read_u64(old.map(sled::IVec::from)).unwrap_or(own) + 1;
                let n = if n == own { n + 1 } else { n };
                Some(n.to_be_bytes().to_vec())
            })?;
            let n = read_u64(next).unwrap_or(1);
            if n > MAX_ORIGIN as u64 {
                return Err(Invalid::new(format!(
                    "this server has handed out all {MAX_ORIGIN} replica numbers; make a new laptop copy from a backup instead"
                ))
                .into());
            }
            Ok(n as u16)
        })
    }

    /// Per origin, the highest stamp held.
    pub fn version_vector(&self) -> Result<VersionVector> {
        let t = self.tree(TreeId::Changes);
        let mut vv = VersionVector::new();
        let mut from: Vec<u8> = Vec::new();
        while let Some(kv) = t.range(from.clone()..).next() {
            let (k, _) = kv?;
            let origin = u16::from_be_bytes([k[0], k.get(1).copied().unwrap_or(0)]);
            if let Some(kv) = t.scan_prefix(origin.to_be_bytes()).next_back() {
                let (last, _) = kv?;
                if let Some((stamp, _, _)) = parse_change_key(&last) {
                    vv.insert(origin, stamp);
                }
            }
            match origin.checked_add(1) {
                Some(o) => from = o.to_be_bytes().to_vec(),
                None => break,
            }
        }
        Ok(vv)
    }

    /// The version vector at one moment: writes wait a moment, so every stamp handed out
    /// before it is in the log (a sync never skips a write still committing).
    pub fn sync_moment(&self) -> Result<VersionVector> {
        let pause = self.gate.write().unwrap_or_else(|p| p.into_inner());
        let vv = self.version_vector();
        drop(pause);
        vv
    }

    /// Whether this store has (or is) a replica, so its changes must be logged for sync.
    pub fn has_replicas(&self) -> Result<bool> {
        Ok(self.origin() != 0 || self.tree(TreeId::Meta).get(NEXT_ORIGIN_KEY)?.is_some())
    }

    /// Whether this replica holds a first copy from a server.
    pub fn has_copy(&self) -> Result<bool> {
        Ok(self.tree(TreeId::Meta).get(BASE_KEY)?.is_some())
    }

    /// Where a record belongs. `pending` holds records of the same batch (a new household
    /// and its residents arrive together).
    pub fn place_of(
        &self,
        tree: TreeId,
        stored: &[u8],
        pending: &HashMap<(u8, Vec<u8>), &[u8]>,
    ) -> Result<Option<Place>> {
        fn at(community: Id, grid: Id) -> Option<Place> {
            Some(Place::At { community, grid })
        }
        let parent = |tree: TreeId, id: Id| -> Result<Option<Place>> {
            let key = keys::id(id).to_vec();
            let bytes = match pending.get(&(tree as u8, key.clone())) {
                Some(b) => Some(b.to_vec()),
                None => self.tree(tree).get(&key)?.map(|v| v.to_vec()),
            };
            match bytes {
                Some(b) => self.place_of(tree, &b, pending),
                None => Ok(None),
            }
        };
        fn dec<E: Entity>(b: &[u8]) -> Result<E> {
            Ok(codec::decode::<Stored<E>>(b)?.value)
        }
        Ok(match tree {
            TreeId::Streets | TreeId::Communities | TreeId::Grids => Some(Place::Map),
            TreeId::Buildings => {
                let b: Building = dec(stored)?;
                at(b.community, b.grid)
            }
            TreeId::Households => {
                let h: Household = dec(stored)?;
                at(h.community, h.grid)
            }
            TreeId::Residents => parent(TreeId::Households, dec::<Resident>(stored)?.household)?,
            TreeId::Visits => parent(TreeId::Households, dec::<Visit>(stored)?.household)?,
            TreeId::FollowUps => parent(TreeId::Households, dec::<FollowUp>(stored)?.household)?,
            TreeId::Wishes => parent(TreeId::Households, dec::<Wish>(stored)?.household)?,
            TreeId::Campaigns => Some(Place::Map),
            TreeId::SentDown => {
                let s: crate::model::SentDown = dec(stored)?;
                at(s.community, s.grid)
            }
            TreeId::DoorChecks => parent(
                TreeId::Households,
                dec::<crate::model::DoorCheck>(stored)?.household,
            )?,
            TreeId::Captains => {
                let c: BuildingCaptain = dec(stored)?;
                at(c.community, c.grid)
            }
            TreeId::Disputes => {
                let d: Dispute = dec(stored)?;
                at(d.community, d.grid)
            }
            TreeId::Notes => parent(TreeId::Disputes, dec::<MediationNote>(stored)?.dispute)?,
            TreeId::PartyMembers => parent(
                TreeId::Residents,
                dec::<crate::model::party::PartyMember>(stored)?.resident,
            )?,
            TreeId::PartyGroups => {
                let g: crate::model::party::PartyGroup = dec(stored)?;
                at(g.community, g.grid)
            }
            TreeId::CentralHouseholds => parent(
                TreeId::Households,
                dec::<crate::model::party::CentralHousehold>(stored)?.household,
            )?,
            TreeId::AgendaItems => {
                let i: crate::model::AgendaItem = dec(stored)?;
                match i.household() {
                    Some(h) => parent(TreeId::Households, h)?,
                    None => Some(Place::Community(i.community)),
                }
            }
            TreeId::Meetings => Some(Place::Community(
                dec::<crate::model::Meeting>(stored)?.community,
            )),
            // A registrant is the community's: written only by staff who see it whole.
            TreeId::Registrants => at(
                dec::<crate::model::registrant::Registrant>(stored)?.community,
                crate::model::registrant::COMMUNITY_LEVEL,
            ),
            TreeId::Posts => {
                let p: crate::model::registrant::Post = dec(stored)?;
                at(p.community, p.grid)
            }
            TreeId::PostClaims => parent(
                TreeId::Posts,
                dec::<crate::model::registrant::PostClaim>(stored)?.post,
            )?,
            // A service on a post lies on the post's grid; one with none, at the community's level.
            TreeId::ServiceRecords => {
                let s: crate::model::registrant::ServiceRecord = dec(stored)?;
                match s.post {
                    Some(p) => parent(TreeId::Posts, p)?,
                    None => at(s.community, crate::model::registrant::COMMUNITY_LEVEL),
                }
            }
            _ => None,
        })
    }

    fn state_of(&self, tree: TreeId, key: &[u8]) -> Result<Option<RecordState>> {
        let ck = record_key(tree, key);
        if let Some(stored) = self.tree(tree).get(key)? {
            let clocks = match self.tree(TreeId::FieldClocks).get(&ck)? {
                Some(b) => codec::decode(&b)?,
                None => Vec::new(),
            };
            return Ok(Some(RecordState {
                tree: tree as u8,
                key: key.to_vec(),
                body: Body::Present {
                    stored: stored.to_vec(),
                    clocks,
                },
            }));
        }
        Ok(
            read_u64(self.tree(TreeId::Tombstones).get(&ck)?).map(|stamp| RecordState {
                tree: tree as u8,
                key: key.to_vec(),
                body: Body::Removed { stamp },
            }),
        )
    }

    /// One batch of what the asking replica lacks, records limited to what `visible` allows.
    /// `visible` None means everything (an admin, or the laptop's own side).
    pub fn sync_pull(
        &self,
        req: &PullRequest,
        visible: Option<&dyn Fn(Place) -> bool>,
    ) -> Result<SyncBatch> {
        let max = req.max_records.clamp(1, 5_000);
        let seen = |tree: TreeId, bytes: &[u8]| -> Result<bool> {
            let Some(visible) = visible else {
                return Ok(true);
            };
            Ok(match self.place_of(tree, bytes, &HashMap::new())? {
                Some(p) => visible(p),
                None => false,
            })
        };
        if req.first && !matches!(req.after, Some(Cursor::Changes(_))) {
            return self.copy_batch(req, max, &seen, visible.is_some());
        }
        let mut batch = SyncBatch::default();
        let mut sent: HashSet<(u8, Vec<u8>)> = HashSet::new();
        let after = match &req.after {
            Some(Cursor::Changes(k)) => Some(k.clone()),
            _ => None,
        };
        let t = self.tree(TreeId::Changes);
        for (&origin, &upto) in &req.upto {
            let have = req.have.get(&origin).copied().unwrap_or(0);
            if upto <= have {
                continue;
            }
            let mut start = keys::join(&[&origin.to_be_bytes(), &(have + 1).to_be_bytes()]);
            if let Some(a) = &after {
                if a.as_slice() >= start.as_slice() {
                    start = keys::join(&[a, &[0]]);
                }
            }
            let end = keys::join(&[&origin.to_be_bytes(), &(upto + 1).to_be_bytes()]);
            if start >= end {
                continue;
            }
            for kv in t.range(start..end) {
                let (k, _) = kv?;
                let Some((_, tree_byte, key)) = parse_change_key(&k) else {
                    continue;
                };
                if let Some(tree) = TreeId::from_byte(tree_byte) {
                    if sent.insert((tree_byte, key.to_vec())) {
                        if let Some(state) = self.state_of(tree, key)? {
                            let show = match &state.body {
                                Body::Present { stored, .. } => seen(tree, stored)?,
                                Body::Removed { .. } => true,
                            };
                            if show {
                                batch.records.push(state);
                            }
                        }
                    }
                }
                batch.entries.push(k.to_vec());
                if batch.records.len() >= max || batch.entries.len() >= max * 4 {
                    batch.next = Some(Cursor::Changes(k.to_vec()));
                    return Ok(batch);
                }
            }
        }
        Ok(batch)
    }

    /// A first copy: every record in scope, parents first; the version vector last.
    fn copy_batch(
        &self,
        req: &PullRequest,
        max: usize,
        seen: &dyn Fn(TreeId, &[u8]) -> Result<bool>,
        scoped: bool,
    ) -> Result<SyncBatch> {
        let mut batch = SyncBatch::default();
        let (mut stage, mut after) = match &req.after {
            Some(Cursor::Copy { stage, key }) => (*stage as usize, Some(key.clone())),
            _ => (0, None),
        };
        // Stage 12 sends the tombstones, then the markers close the copy.
        while stage < COPY_STAGES.len() {
            let tree = COPY_STAGES[stage];
            let by_household = match tree {
                TreeId::Residents => Some(TreeId::ResidentsByHousehold),
                TreeId::Visits => Some(TreeId::VisitsByHousehold),
                TreeId::FollowUps => Some(TreeId::FollowUpsByHousehold),
                TreeId::Wishes => Some(TreeId::WishesByHousehold),
                _ => None,
            };
            if let (true, Some(index)) = (scoped, by_household) {
                // One grid of a city: walk the households in scope and their own records
                // through the index, rather than every record of the city.
                let households = self.tree(TreeId::Households);
                let iter = match &after {
                    Some(a) => households.range(keys::join(&[a, &[0]])..),
                    None => households.range::<&[u8], _>(..),
                };
                for kv in iter {
                    let (hk, hv) = kv?;
                    if !seen(TreeId::Households, &hv)? {
                        continue;
                    }
                    // Former residents too: they are records like the others.
                    let former = (tree == TreeId::Residents)
                        .then(|| self.index_ids(TreeId::FormerResidentsByHousehold, &hk));
                    for id in self
                        .index_ids(index, &hk)
                        .chain(former.into_iter().flatten())
                    {
                        if let Some(state) = self.state_of(tree, &keys::id(id?))? {
                            batch.records.push(state);
                        }
                    }
                    if batch.records.len() >= max {
                        batch.next = Some(Cursor::Copy {
                            stage: stage as u8,
                            key: hk.to_vec(),
                        });
                        return Ok(batch);
                    }
                }
                stage += 1;
                after = None;
                continue;
            }
            let t = self.tree(tree);
            let iter = match &after {
                Some(a) => t.range(keys::join(&[a, &[0]])..),
                None => t.range::<&[u8], _>(..),
            };
            for kv in iter {
                let (k, v) = kv?;
                if !seen(tree, &v)? {
                    continue;
                }
                if let Some(state) = self.state_of(tree, &k)? {
                    batch.records.push(state);
                }
                if batch.records.len() >= max {
                    batch.next = Some(Cursor::Copy {
                        stage: stage as u8,
                        key: k.to_vec(),
                    });
                    return Ok(batch);
                }
            }
            stage += 1;
            after = None;
        }
        for kv in self.tree(TreeId::Tombstones).iter() {
            let (k, v) = kv?;
            let Some((&tree_byte, key)) = k.split_first() else {
                continue;
            };
            if let (Some(_), Some(stamp)) = (TreeId::from_byte(tree_byte), read_u64(Some(v))) {
                batch.records.push(RecordState {
                    tree: tree_byte,
                    key: key.to_vec(),
                    body: Body::Removed { stamp },
                });
            }
        }
        for (&origin, &upto) in &req.upto {
            batch.entries.push(change_key(upto, MARKER, &[]));
            debug_assert_eq!(origin_of(upto), origin);
        }
        Ok(batch)
    }

    /// Whether one who may write where `may_write` says may change a record of `tree` from
    /// `now` (as this store holds it; None: it has none) to `will` (None: removed): the record
    /// must lie where she may write both as it is and as it will be, and so must each record
    /// it comes to point at. `pending` holds records arriving with it (a new household and
    /// its people). A change that writes nothing needs no right at all.
    pub fn may_change(
        &self,
        tree: TreeId,
        now: Option<&[u8]>,
        will: Option<&[u8]>,
        pending: &HashMap<(u8, Vec<u8>), &[u8]>,
        may_write: &dyn Fn(Place) -> bool,
    ) -> Result<bool> {
        if now == will {
            return Ok(true);
        }
        // Who is sent down to a campaign is the street's to say (`AddSentDown` is an admin's):
        // written by another, it would let any account check a grid's doors.
        if tree == TreeId::SentDown && !may_write(Place::Map) {
            return Ok(false);
        }
        let inside = |tree: TreeId, bytes: &[u8], pending: &HashMap<(u8, Vec<u8>), &[u8]>| {
            Ok::<bool, StoreError>(self.place_of(tree, bytes, pending)?.is_some_and(may_write))
        };
        if let Some(now) = now {
            if !inside(tree, now, &HashMap::new())? {
                return Ok(false);
            }
        }
        let Some(will) = will else {
            return Ok(true);
        };
        let place = self.place_of(tree, will, pending)?;
        if !place.is_some_and(may_write) || !self.grid_in_community(place, pending)? {
            return Ok(false);
        }
        let before = match now {
            Some(now) => pointers(tree, now)?,
            None => Vec::new(),
        };
        for (t, id) in pointers(tree, will)? {
            if before.contains(&(t, id)) {
                continue;
            }
            let key = keys::id(id).to_vec();
            let target = match pending.get(&(t as u8, key.clone())) {
                Some(b) => Some(b.to_vec()),
                None => self.tree(t).get(&key)?.map(|v| v.to_vec()),
            };
            // A record that is nowhere is no one's: pointing at it writes into no grid.
            let Some(target) = target else {
                continue;
            };
            let ok = match (t, place) {
                // A registrant is read by anyone with a grid of her community and written by
                // its staff: a claim or a service points at one of its own community's.
                (TreeId::Registrants, Some(Place::At { community, .. })) => matches!(
                    self.place_of(t, &target, pending)?,
                    Some(Place::At { community: c, .. }) if c == community
                ),
                _ => inside(t, &target, pending)?,
            };
            if !ok {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// Whether a record's grid (when it names one) is a grid of its community: a record
    /// naming the writer's community and another community's grid would lie in that grid.
    fn grid_in_community(
        &self,
        place: Option<Place>,
        pending: &HashMap<(u8, Vec<u8>), &[u8]>,
    ) -> Result<bool> {
        let Some(Place::At { community, grid }) = place else {
            return Ok(true);
        };
        if grid == crate::model::registrant::COMMUNITY_LEVEL {
            return Ok(true);
        }
        let key = keys::id(grid).to_vec();
        let bytes = match pending.get(&(TreeId::Grids as u8, key.clone())) {
            Some(b) => Some(b.to_vec()),
            None => self.tree(TreeId::Grids).get(&key)?.map(|v| v.to_vec()),
        };
        Ok(match bytes {
            Some(b) => codec::decode::<Stored<Grid>>(&b)?.value.community == community,
            None => true,
        })
    }

    /// Settles a conflict for one who may write only where `may_write` says: putting a lost
    /// value back may not move the record out of her grids (or point it at another's).
    pub fn resolve_conflict_in(
        &self,
        by: &str,
        id: &[u8],
        restore: bool,
        may_write: &dyn Fn(Place) -> bool,
    ) -> Result<Conflict> {
        if let (true, Some(c)) = (restore, self.conflict(id)?) {
            let tree = SYNCED.into_iter().find(|t| t.name() == c.tree);
            if let (Some(tree), ConflictKind::Field) = (tree, c.kind) {
                if let Some(now) = self.tree(tree).get(&c.key)? {
                    let lost: Value =
                        serde_json::from_str(&c.lost).map_err(|e| malformed(e.to_string()))?;
                    let will = by_tree!(tree, with_field::<_>(&now, &c.field, &lost))?;
                    if !self.may_change(
                        tree,
                        Some(&now),
                        Some(&will),
                        &HashMap::new(),
                        may_write,
                    )? {
                        return Err(StoreError::OutOfScope(format!(
                            "putting back the lost {} would take the {} with id {} outside the grids you look after; keep what is there, or ask a street admin",
                            c.field,
                            kind_of(tree),
                            keys::read_id(&c.key, 0).map_or_else(|| hex(&c.key), |id| id.to_string())
                        )));
                    }
                }
            }
        }
        self.resolve_conflict(by, id, restore)
    }

    /// Checks a batch from a replica against what the caller may write: every record as the
    /// server holds it and as it will be, and each record it newly points at (a household's
    /// building, head or captain, a case's household and parties, a captain's resident, the
    /// people met at a visit). The first record outside is named by its kind and id (never a
    /// person's name) and nothing of the batch is applied.
    pub fn check_push(&self, batch: &SyncBatch, may_write: &dyn Fn(Place) -> bool) -> Result<()> {
        let pending: HashMap<(u8, Vec<u8>), &[u8]> = batch
            .records
            .iter()
            .filter_map(|r| match &r.body {
                Body::Present { stored, .. } => Some(((r.tree, r.key.clone()), stored.as_slice())),
                Body::Removed { .. } => None,
            })
            .collect();
        for r in &batch.records {
            let tree = TreeId::from_byte(r.tree)
                .ok_or_else(|| malformed(format!("a sync batch names tree {}", r.tree)))?;
            let now = self.tree(tree).get(&r.key)?;
            let will = match &r.body {
                Body::Present { stored, .. } => Some(stored.as_slice()),
                Body::Removed { .. } => None,
            };
            let ok = self.may_change(tree, now.as_deref(), will, &pending, may_write)?;
            if !ok {
                return Err(StoreError::OutOfScope(format!(
                    "the laptop sent a change to the {} with id {}, which is outside the grids you look after; nothing was synced — remove that change from the laptop, or ask a street admin to widen your scope",
                    kind_of(tree),
                    keys::read_id(&r.key, 0).map_or_else(|| hex(&r.key), |id| id.to_string())
                )));
            }
        }
        Ok(())
    }

    /// Applies a batch from another replica in one transaction, then makes it durable.
    pub fn sync_apply(&self, by: &str, batch: &SyncBatch) -> Result<Applied> {
        for e in &batch.entries {
            if parse_change_key(e).is_none() {
                return Err(malformed(
                    "a sync batch holds a change entry that cannot be read",
                ));
            }
        }
        let mut top = 0;
        for r in &batch.records {
            if TreeId::from_byte(r.tree).is_none() {
                return Err(malformed(format!("a sync batch names tree {}", r.tree)));
            }
            let stamp = match &r.body {
                Body::Present { stored, clocks } => {
                    let tree = TreeId::from_byte(r.tree).unwrap_or(TreeId::Streets);
                    let hlc = by_tree!(tree, stamp_of::<_>(stored))?;
                    clocks.iter().map(|c| c.stamp).max().unwrap_or(0).max(hlc)
                }
                Body::Removed { stamp } => *stamp,
            };
            top = top.max(stamp);
        }
        for e in &batch.entries {
            if let Some((stamp, _, _)) = parse_change_key(e) {
                top = top.max(stamp);
            }
        }
        self.observe(top);
        let duplicates = self.duplicate_candidates(batch)?;
        // The trail says a sync made these writes, and for whom.
        let by = format!("{by}{}", super::audit::SYNC_MARK);
        let applied = self.write(&by, |txn| {
            let mut applied = Applied::default();
            for r in &batch.records {
                let tree = TreeId::from_byte(r.tree).unwrap_or(TreeId::Streets);
                by_tree!(
                    tree,
                    merge_dispatch::<_>(txn, &r.key, &r.body, &mut applied)
                )?;
            }
            for (key, c) in &duplicates {
                if txn.note_conflict(TreeId::Residents, key, c.clone())? {
                    applied.duplicates += 1;
                }
            }
            for e in &batch.entries {
                txn.tree(TreeId::Changes)
                    .insert(e.as_slice(), &[][..])
                    .map_err(lift)?;
                applied.entries += 1;
            }
            // The clock floor survives a restart even if the laptop's clock runs backwards.
            txn.tree(TreeId::Meta)
                .insert(b"sync/clock", &top.to_be_bytes()[..])
                .map_err(lift)?;
            Ok(applied)
        })?;
        Ok(applied)
    }

    /// Residents arriving that carry the ID number of another resident already here (or of
    /// another one in the same batch): each pair is flagged, never merged or dropped.
    fn duplicate_candidates(&self, batch: &SyncBatch) -> Result<Vec<(Vec<u8>, Conflict)>> {
        let mut out = Vec::new();
        let mut by_number: HashMap<String, Vec<(Id, String, String)>> = HashMap::new();
        for r in &batch.records {
            if r.tree != TreeId::Residents as u8 {
                continue;
            }
            let Body::Present { stored, .. } = &r.body else {
                continue;
            };
            if self.tree(TreeId::Residents).get(&r.key)?.is_some() {
                continue;
            }
            let s = codec::decode::<Stored<Resident>>(stored)?;
            let number = s.value.id_number.to_ascii_uppercase();
            if number.is_empty() {
                continue;
            }
            let mut others: Vec<(Id, String, String)> = Vec::new();
            for id in self.index_ids(TreeId::ResidentsByIdNumber, number.as_bytes()) {
                let id = id?;
                if let Some(o) = self.get_stored::<Resident>(&keys::id(id))? {
                    if o.value.id_number.len() == number.len() {
                        others.push((id, o.value.name.clone(), o.meta.by.clone()));
                    }
                }
            }
            others.extend(by_number.get(&number).cloned().unwrap_or_default());
            for (other, name, other_by) in &others {
                if *other == s.value.id {
                    continue;
                }
                out.push((
                    r.key.clone(),
                    Conflict {
                        kind: ConflictKind::DuplicatePerson,
                        tree: TreeId::Residents.name().into(),
                        key: r.key.clone(),
                        record: s.value.name.clone(),
                        household: Some(s.value.household),
                        field: "id_number".into(),
                        kept: format!("{}", s.value.id),
                        lost: format!("{other}"),
                        kept_by: s.meta.by.clone(),
                        lost_by: format!("{other_by} ({name})"),
                        lost_stamp: *other,
                        noticed: self.now(),
                        resolved: None,
                    },
                ));
            }
            by_number.entry(number).or_default().push((
                s.value.id,
                s.value.name.clone(),
                s.meta.by.clone(),
            ));
        }
        Ok(out)
    }

    /// The conflicts kept here, open ones first, newest first within each.
    pub fn conflicts(&self) -> Result<Vec<ConflictRow>> {
        let mut out = Vec::new();
        for kv in self.tree(TreeId::Conflicts).iter() {
            let (k, v) = kv?;
            out.push(ConflictRow {
                id: k.to_vec(),
                conflict: codec::decode(&v)?,
            });
        }
        out.sort_by_key(|r| {
            (
                r.conflict.resolved.is_some(),
                std::cmp::Reverse(r.conflict.noticed),
            )
        });
        Ok(out)
    }

    /// One conflict by the key it is kept under.
    pub fn conflict(&self, id: &[u8]) -> Result<Option<Conflict>> {
        match self.tree(TreeId::Conflicts).get(id)? {
            Some(b) => Ok(Some(codec::decode(&b)?)),
            None => Ok(None),
        }
    }

    /// Settles a conflict: keep what won, or put the lost value back as a new change.
    pub fn resolve_conflict(&self, by: &str, id: &[u8], restore: bool) -> Result<Conflict> {
        let Some(c) = self.conflict(id)? else {
            return Err(StoreError::NotFound(
                "that conflict is no longer in the list; it may have been settled already".into(),
            ));
        };
        let tree = SYNCED
            .into_iter()
            .find(|t| t.name() == c.tree)
            .ok_or_else(|| malformed(format!("a conflict names tree {}", c.tree)))?;
        if restore && c.kind != ConflictKind::Field {
            return Err(Invalid::new(
                "only a lost field value can be put back; for this one, keep what is there or edit the record",
            )
            .into());
        }
        let lost: Value = if restore {
            serde_json::from_str(&c.lost).map_err(|e| malformed(e.to_string()))?
        } else {
            Value::Null
        };
        let id = id.to_vec();
        let done = self.write(by, |txn| {
            let mut c: Conflict = match txn.tree(TreeId::Conflicts).get(&id).map_err(lift)? {
                Some(b) => codec::decode(&b).map_err(abort)?,
                None => return Ok(None),
            };
            if restore {
                by_tree!(tree, restore_field::<_>(txn, &c.key, &c.field, &lost))?;
            }
            c.resolved = Some(Resolution {
                by: by.to_string(),
                at: txn.meta().at,
                restored: restore,
            });
            txn.tree(TreeId::Conflicts)
                .insert(id.as_slice(), codec::encode(&c).map_err(abort)?)
                .map_err(lift)?;
            Ok(Some(c))
        })?;
        done.ok_or_else(|| StoreError::NotFound("that conflict is no longer in the list".into()))
    }

    /// Records how a sync ended, and on success what the server now holds.
    pub fn record_sync(
        &self,
        peer: &str,
        outcome: std::result::Result<&VersionVector, &str>,
    ) -> Result<()> {
        let meta = self.tree(TreeId::Meta);
        self.alone(|| {
            let mut status: StoredStatus = match meta.get(STATUS_KEY)? {
                Some(b) => codec::decode(&b)?,
                None => StoredStatus::default(),
            };
            let now = self.now();
            match outcome {
                Ok(vv) => {
                    status.last_ok = Some((now, peer.to_string()));
                    status.last_error = None;
                    meta.insert(PEER_KEY, codec::encode(vv)?)?;
                    meta.insert(BASE_KEY, &[1u8][..])?;
                    self.record_head(
                        &format!("sync/{peer}"),
                        &format!("the last sync with {peer}"),
                    )?;
                }
                Err(e) => status.last_error = Some((now, e.to_string())),
            }
            meta.insert(STATUS_KEY, codec::encode(&status)?)?;
            Ok(())
        })
    }

    pub fn sync_status(&self) -> Result<SyncStatus> {
        let meta = self.tree(TreeId::Meta);
        let status: StoredStatus = match meta.get(STATUS_KEY)? {
            Some(b) => codec::decode(&b)?,
            None => StoredStatus::default(),
        };
        let origin = self.origin();
        let acked = match meta.get(PEER_KEY)? {
            Some(b) => codec::decode::<VersionVector>(&b)?
                .get(&origin)
                .copied()
                .unwrap_or(0),
            None => 0,
        };
        let start = keys::join(&[&origin.to_be_bytes(), &(acked + 1).to_be_bytes()]);
        let end = (origin as u32 + 1).to_be_bytes()[2..].to_vec();
        let waiting = if status.last_ok.is_none() && status.last_error.is_none() && origin == 0 {
            0
        } else {
            self.tree(TreeId::Changes).range(start..end).count() as u64
        };
        let open_conflicts = self
            .conflicts()?
            .iter()
            .filter(|r| r.conflict.resolved.is_none())
            .count() as u64;
        Ok(SyncStatus {
            origin,
            last_ok: status.last_ok,
            last_error: status.last_error,
            waiting,
            open_conflicts,
        })
    }

    /// The server's version vector as last acknowledged.
    pub fn peer_vv(&self) -> Result<VersionVector> {
        match self.tree(TreeId::Meta).get(PEER_KEY)? {
            Some(b) => Ok(codec::decode(&b)?),
            None => Ok(VersionVector::new()),
        }
    }

    /// Drops this laptop's copy of everything the server already holds, keeping only
    /// changes not yet synced (and the records they hang off, so they still show). The next
    /// sync fetches a fresh copy. Returns how many records were dropped.
    pub fn forget_synced(&self, by: &str) -> Result<(u64, u64)> {
        let origin = self.origin();
        if origin == 0 {
            return Err(Invalid::new(
                "this store was never synced from a server, so there is no copy to forget; it is the only copy of its data",
            )
            .into());
        }
        let acked = self.peer_vv()?.get(&origin).copied().unwrap_or(0);
        // Unsynced changes, and the households and cases they belong to.
        let mut keep: HashSet<(TreeId, Vec<u8>)> = HashSet::new();
        let mut unsynced: Vec<Vec<u8>> = Vec::new();
        let start = keys::join(&[&origin.to_be_bytes(), &(acked + 1).to_be_bytes()]);
        for kv in self.tree(TreeId::Changes).range(start..) {
            let (k, _) = kv?;
            if k[0..2] != origin.to_be_bytes() {
                break;
            }
            if let Some((_, tree_byte, key)) = parse_change_key(&k) {
                if let Some(tree) = TreeId::from_byte(tree_byte) {
                    keep.insert((tree, key.to_vec()));
                }
            }
            unsynced.push(k.to_vec());
        }
        let mut parents: Vec<(TreeId, Vec<u8>)> = Vec::new();
        for (tree, key) in &keep {
            if let Some(bytes) = self.tree(*tree).get(key)? {
                parents.extend(self.parents_of(*tree, &bytes)?);
            }
        }
        let mut more = parents;
        while let Some((tree, key)) = more.pop() {
            if keep.insert((tree, key.clone())) {
                if let Some(bytes) = self.tree(tree).get(&key)? {
                    more.extend(self.parents_of(tree, &bytes)?);
                }
            }
        }
        let mut kept_records: Vec<(TreeId, Vec<u8>, sled::IVec, Option<sled::IVec>)> = Vec::new();
        for (tree, key) in &keep {
            if let Some(v) = self.tree(*tree).get(key)? {
                let clocks = self.tree(TreeId::FieldClocks).get(record_key(*tree, key))?;
                kept_records.push((*tree, key.clone(), v, clocks));
            }
        }
        let mut dropped = 0u64;
        for t in SYNCED {
            dropped += self.tree(t).len() as u64;
        }
        dropped -= kept_records.len() as u64;
        let pause = self.gate.write().unwrap_or_else(|p| p.into_inner());
        let own_last = self.version_vector()?.get(&origin).copied();
        for t in TreeId::ALL {
            // The audit trail goes only as far as the server holds a copy of it.
            if matches!(
                t,
                TreeId::Meta
                    | TreeId::Staff
                    | TreeId::Drafts
                    | TreeId::Audit
                    | TreeId::AuditByRecord
            ) {
                continue;
            }
            self.tree(t).clear()?;
        }
        let meta = self.tree(TreeId::Meta);
        let sent = read_u64(meta.get(TRAIL_SENT)?).unwrap_or(0);
        self.drop_trail_upto(sent)?;
        for t in TreeId::ALL {
            if !matches!(t, TreeId::Audit | TreeId::AuditByRecord) {
                meta.remove(t.counter_key())?;
            }
        }
        for k in [BASE_KEY, PEER_KEY, COPY_KEY] {
            meta.remove(k)?;
        }
        let mut added = vec![0u64; TreeId::ALL.len()];
        for (tree, key, v, clocks) in &kept_records {
            by_tree!(*tree, reinsert::<_>(self, key, v))?;
            added[*tree as usize] += 1;
            if let Some(c) = clocks {
                self.tree(TreeId::FieldClocks)
                    .insert(record_key(*tree, key), c.clone())?;
            }
        }
        for t in TreeId::ALL {
            if added[t as usize] > 0 {
                meta.insert(t.counter_key(), &added[t as usize].to_be_bytes()[..])?;
            }
        }
        for k in &unsynced {
            self.tree(TreeId::Changes).insert(k.as_slice(), &[][..])?;
        }
        // The clock must never hand out a stamp this replica already used.
        if let Some(last) = own_last {
            meta.insert(b"sync/clock", &last.to_be_bytes()[..])?;
        }
        self.audit_note(
            by,
            "sync",
            &format!(
                "forgot the synced copy: {dropped} records dropped, {} kept because they are not synced yet",
                kept_records.len()
            ),
        )?;
        self.raise_people_generation()?;
        super::digest::after_plain_writes(self)?;
        super::tally::after_plain_writes(self)?;
        // Durable before any other write runs: none may rest on this one and outlive it.
        self.durable()?;
        drop(pause);
        Ok((dropped, kept_records.len() as u64))
    }

    /// Where a first copy that was cut off got to, if one was.
    pub fn copy_cursor(&self) -> Result<Option<(VersionVector, Cursor)>> {
        match self.tree(TreeId::Meta).get(COPY_KEY)? {
            Some(b) => Ok(Some(codec::decode(&b)?)),
            None => Ok(None),
        }
    }

    /// Remembers (or, with None, forgets) where a first copy got to.
    pub fn set_copy_cursor(&self, at: Option<&(VersionVector, Cursor)>) -> Result<()> {
        let meta = self.tree(TreeId::Meta);
        self.alone(|| {
            match at {
                Some(at) => meta.insert(COPY_KEY, codec::encode(at)?)?,
                None => meta.remove(COPY_KEY)?,
            };
            Ok(())
        })
    }

    /// Hands out a replica number to `user`'s laptop and remembers whose it is, so that only
    /// she (or an admin) may hand in that replica's audit trail.
    pub fn allocate_origin_for(&self, user: &str) -> Result<u16> {
        let n = self.allocate_origin()?;
        self.alone(|| {
            let key = keys::join(&[ORIGIN_USER_PREFIX, &n.to_be_bytes()]);
            self.tree(TreeId::Meta).insert(key, user.as_bytes())?;
            Ok(n)
        })
    }

    /// Refuses `user` handing in the audit trail of a replica handed out to someone else. A
    /// replica handed out before its user was recorded becomes the first sender's.
    pub fn may_keep_trail(&self, origin: u16, user: &str) -> Result<()> {
        let key = keys::join(&[ORIGIN_USER_PREFIX, &origin.to_be_bytes()]);
        let meta = self.tree(TreeId::Meta);
        match meta.get(&key)? {
            Some(owner) if owner.as_ref() == user.as_bytes() => Ok(()),
            Some(_) => Err(Invalid::new(format!(
                "laptop {origin} was registered by another member of staff, so its audit trail is theirs to send; sync from your own laptop"
            ))
            .into()),
            None => self.alone(|| {
                meta.insert(key, user.as_bytes())?;
                Ok(())
            }),
        }
    }

    /// How far this store holds a copy of replica `origin`'s audit trail.
    pub fn trail_at(&self, origin: u16) -> Result<u64> {
        Ok(self.trail_head(origin)?.0)
    }

    fn trail_head(&self, origin: u16) -> Result<(u64, [u8; 32])> {
        match self
            .tree(TreeId::AuditCopies)
            .scan_prefix(origin.to_be_bytes())
            .next_back()
        {
            Some(kv) => {
                let (_, v) = kv?;
                let e: super::audit::TrailEntry = codec::decode(&v)?;
                Ok((e.seq(), e.hash()))
            }
            None => Ok((0, [0; 32])),
        }
    }

    /// Keeps the next entries of replica `origin`'s audit trail, each checked to continue
    /// the chain held so far; a gap or a changed entry refuses them all.
    pub fn keep_trail(&self, origin: u16, entries: &[Vec<u8>]) -> Result<u64> {
        if origin == self.origin() {
            return Err(Invalid::new(
                "a replica sent this store's own audit trail back to it; sync the laptop, not the server, with itself",
            )
            .into());
        }
        let (mut seq, mut prev) = self.trail_head(origin)?;
        let mut batch = sled::Batch::default();
        for bytes in entries {
            let e: super::audit::TrailEntry = codec::decode(bytes)?;
            let sound = match &e {
                super::audit::TrailEntry::Full(a) => a.compute_hash() == a.hash,
                super::audit::TrailEntry::Synced { first, last, .. } => first <= last,
            };
            if e.first() != seq + 1 || e.prev() != prev || !sound {
                return Err(Invalid::new(format!(
                    "the audit trail of laptop {origin} does not continue the copy held here (entry {} after {seq}); it may have been changed, so it was not taken: ask an admin to compare the laptop with its last backup",
                    e.first()
                ))
                .into());
            }
            batch.insert(
                keys::join(&[&origin.to_be_bytes(), &e.seq().to_be_bytes()]),
                bytes.as_slice(),
            );
            (seq, prev) = (e.seq(), e.hash());
        }
        self.alone(|| {
            self.tree(TreeId::AuditCopies).apply_batch(batch)?;
            self.record_head(
                &format!("sync/laptop {origin}"),
                &format!("laptop {origin} at its last sync"),
            )
        })?;
        Ok(seq)
    }

    /// Remembers that the server holds this replica's trail up to entry `seq`.
    pub fn trail_sent(&self, seq: u64) -> Result<()> {
        self.alone(|| {
            self.tree(TreeId::Meta)
                .insert(TRAIL_SENT, &seq.to_be_bytes()[..])?;
            Ok(())
        })
    }

    /// The records a record hangs off: a visit's household, a resident's, a note's case.
    fn parents_of(&self, tree: TreeId, bytes: &[u8]) -> Result<Vec<(TreeId, Vec<u8>)>> {
        fn dec<E: Entity>(b: &[u8]) -> Result<E> {
            Ok(codec::decode::<Stored<E>>(b)?.value)
        }
        let id = |t: TreeId, id: Id| (t, keys::id(id).to_vec());
        Ok(match tree {
            TreeId::Visits => vec![id(TreeId::Households, dec::<Visit>(bytes)?.household)],
            TreeId::Residents => vec![id(TreeId::Households, dec::<Resident>(bytes)?.household)],
            TreeId::FollowUps => vec![id(TreeId::Households, dec::<FollowUp>(bytes)?.household)],
            TreeId::Wishes => vec![id(TreeId::Households, dec::<Wish>(bytes)?.household)],
            TreeId::AgendaItems => {
                let i: crate::model::AgendaItem = dec(bytes)?;
                let mut out = vec![id(TreeId::Communities, i.community)];
                out.extend(i.household().map(|h| id(TreeId::Households, h)));
                out
            }
            TreeId::Meetings => vec![id(
                TreeId::Communities,
                dec::<crate::model::Meeting>(bytes)?.community,
            )],
            TreeId::DoorChecks => {
                let c: crate::model::DoorCheck = dec(bytes)?;
                vec![
                    id(TreeId::Households, c.household),
                    id(TreeId::Campaigns, c.campaign),
                ]
            }
            TreeId::Notes => vec![id(TreeId::Disputes, dec::<MediationNote>(bytes)?.dispute)],
            TreeId::PostClaims => {
                let c: crate::model::registrant::PostClaim = dec(bytes)?;
                vec![
                    id(TreeId::Posts, c.post),
                    id(TreeId::Registrants, c.registrant),
                ]
            }
            TreeId::ServiceRecords => {
                let s: crate::model::registrant::ServiceRecord = dec(bytes)?;
                let mut out = vec![id(TreeId::Registrants, s.registrant)];
                out.extend(s.post.map(|p| id(TreeId::Posts, p)));
                out
            }
            TreeId::Households => {
                let h: Household = dec(bytes)?;
                let mut out = vec![id(TreeId::Buildings, h.building), id(TreeId::Grids, h.grid)];
                out.push(id(TreeId::Communities, h.community));
                if let Some(head) = h.head {
                    out.push(id(TreeId::Residents, head));
                }
                out
            }
            TreeId::Disputes => {
                let d: Dispute = dec(bytes)?;
                let mut out = vec![
                    id(TreeId::Grids, d.grid),
                    id(TreeId::Communities, d.community),
                ];
                if let Some(h) = d.household {
                    out.push(id(TreeId::Households, h));
                }
                out
            }
            TreeId::Buildings => {
                let b: Building = dec(bytes)?;
                vec![
                    id(TreeId::Grids, b.grid),
                    id(TreeId::Communities, b.community),
                ]
            }
            TreeId::Grids => {
                let g: Grid = dec(bytes)?;
                let mut out = vec![id(TreeId::Communities, g.community)];
                if let Some(p) = g.parent {
                    out.push(id(TreeId::Grids, p));
                }
                out
            }
            TreeId::Communities => vec![id(TreeId::Streets, dec::<Community>(bytes)?.street)],
            _ => Vec::new(),
        })
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct StoredStatus {
    last_ok: Option<(Instant, String)>,
    last_error: Option<(Instant, String)>,
}

/// A key and its value, to insert.
type KeyValue = (Vec<u8>, Vec<u8>);

/// An imported record's change-log key, and for a record it replaced, field clocks that
/// say the import saw every earlier value (an import overwrites; it is not a conflict).
pub(super) fn imported<E: Entity>(
    meta: &Meta,
    value: &E,
    replaced: bool,
) -> Result<(Vec<u8>, Option<KeyValue>)> {
    let key = value.key();
    let change = change_key(meta.hlc, E::TREE as u8, &key);
    if !replaced {
        return Ok((change, None));
    }
    let clocks: Vec<FieldClock> = to_object(value)?
        .keys()
        .map(|f| FieldClock {
            field: f.clone(),
            stamp: meta.hlc,
            prev: meta.hlc - 1,
        })
        .collect();
    Ok((
        change,
        Some((record_key(E::TREE, &key), codec::encode(&clocks)?)),
    ))
}

/// The households a batch touches (for the change event other sessions get).
pub fn households_in(batch: &SyncBatch) -> Vec<Id> {
    let mut out: Vec<Id> = Vec::new();
    for r in &batch.records {
        let Body::Present { stored, .. } = &r.body else {
            continue;
        };
        let household = match TreeId::from_byte(r.tree) {
            Some(TreeId::Households) => keys::read_id(&r.key, 0),
            Some(TreeId::Visits) => codec::decode::<Stored<Visit>>(stored)
                .ok()
                .map(|s| s.value.household),
            Some(TreeId::Residents) => codec::decode::<Stored<Resident>>(stored)
                .ok()
                .map(|s| s.value.household),
            Some(TreeId::FollowUps) => codec::decode::<Stored<FollowUp>>(stored)
                .ok()
                .map(|s| s.value.household),
            Some(TreeId::Wishes) => codec::decode::<Stored<Wish>>(stored)
                .ok()
                .map(|s| s.value.household),
            Some(TreeId::DoorChecks) => codec::decode::<Stored<crate::model::DoorCheck>>(stored)
                .ok()
                .map(|s| s.value.household),
            _ => None,
        };
        out.extend(household);
    }
    out.sort_unstable();
    out.dedup();
    out
}

fn stamp_of<E: Entity>(stored: &[u8]) -> Result<u64> {
    Ok(codec::decode::<Stored<E>>(stored)?.meta.hlc)
}

fn merge_dispatch<E: Entity>(
    txn: &Txn<'_>,
    key: &[u8],
    body: &Body,
    applied: &mut Applied,
) -> TxResult<()> {
    txn.merge_state::<E>(key, body, applied)
}

/// A stored record with one field set to a value, as its bytes (meta kept).
fn with_field<E: Entity>(stored: &[u8], field: &str, value: &Value) -> Result<Vec<u8>> {
    let s = codec::decode::<Stored<E>>(stored)?;
    let mut obj = to_object(&s.value)?;
    obj.insert(field.to_string(), value.clone());
    let value: E =
        serde_json::from_value(Value::Object(obj)).map_err(|e| malformed(e.to_string()))?;
    Ok(codec::encode(&Stored {
        meta: s.meta,
        value,
    })?)
}

fn restore_field<E: Entity>(txn: &Txn<'_>, key: &[u8], field: &str, lost: &Value) -> TxResult<()> {
    let Some(now) = txn.get::<E>(key)? else {
        return txn.fail(Invalid::new(
            "the record of this conflict is gone, so its lost value cannot be put back",
        ));
    };
    let mut obj = to_object(&now).map_err(abort)?;
    obj.insert(field.to_string(), lost.clone());
    let value: E =
        serde_json::from_value(Value::Object(obj)).map_err(|e| abort(malformed(e.to_string())))?;
    txn.put(&value)
}

fn reinsert<E: Entity>(store: &Store, key: &[u8], bytes: &[u8]) -> Result<()> {
    let value = codec::decode::<Stored<E>>(bytes)?.value;
    for (index, k) in value.index_keys() {
        store.tree(index).insert(k, value.index_value(index))?;
    }
    store.tree(E::TREE).insert(key, bytes)?;
    Ok(())
}

/// A record's kind in words, for a sentence that names it by its id.
fn kind_of(tree: TreeId) -> &'static str {
    match tree {
        TreeId::Streets => "street",
        TreeId::Communities => "community",
        TreeId::Grids => "grid",
        TreeId::Buildings => "building",
        TreeId::Households => "household",
        TreeId::Residents => "resident",
        TreeId::Captains => "building captain",
        TreeId::Visits => "visit",
        TreeId::Disputes => "dispute",
        TreeId::Notes => "mediation note",
        TreeId::FollowUps => "follow-up",
        TreeId::PartyMembers => "party member",
        TreeId::PartyGroups => "party group",
        TreeId::CentralHouseholds => "中心户",
        TreeId::Wishes => "wish",
        TreeId::AgendaItems => "agenda item",
        TreeId::Meetings => "meeting",
        TreeId::Registrants => "registrant",
        TreeId::Posts => "service post",
        TreeId::PostClaims => "claim on a post",
        TreeId::ServiceRecords => "service record",
        TreeId::Campaigns => "campaign",
        TreeId::SentDown => "sent-down staff",
        TreeId::DoorChecks => "door check",
        other => other.name(),
    }
}

/// The records a synced record points at besides the one it belongs to: a household's
/// building, head and captain; a case's household and the residents who are its parties; a
/// captain's resident; the residents met at a visit and the visit it corrects.
fn pointers(tree: TreeId, stored: &[u8]) -> Result<Vec<(TreeId, Id)>> {
    fn dec<E: Entity>(b: &[u8]) -> Result<E> {
        Ok(codec::decode::<Stored<E>>(b)?.value)
    }
    Ok(match tree {
        TreeId::Households => {
            let h: Household = dec(stored)?;
            let mut p = vec![(TreeId::Buildings, h.building)];
            p.extend(h.head.map(|r| (TreeId::Residents, r)));
            p.extend(h.captain.map(|c| (TreeId::Captains, c)));
            p
        }
        TreeId::Disputes => {
            let d: Dispute = dec(stored)?;
            let parties = d.parties.iter().filter_map(|p| match p {
                crate::model::Party::Resident(r) => Some((TreeId::Residents, *r)),
                crate::model::Party::Outsider { .. } => None,
            });
            d.household
                .map(|h| (TreeId::Households, h))
                .into_iter()
                .chain(parties)
                .collect()
        }
        TreeId::Captains => vec![(TreeId::Residents, dec::<BuildingCaptain>(stored)?.resident)],
        TreeId::Visits => {
            let v: Visit = dec(stored)?;
            v.met
                .iter()
                .map(|r| (TreeId::Residents, *r))
                .chain(v.amends.map(|a| (TreeId::Visits, a)))
                .collect()
        }
        TreeId::PartyMembers => dec::<crate::model::party::PartyMember>(stored)?
            .group
            .map(|g| (TreeId::PartyGroups, g))
            .into_iter()
            .collect(),
        TreeId::PartyGroups => vec![(
            TreeId::Residents,
            dec::<crate::model::party::PartyGroup>(stored)?.leader,
        )],
        TreeId::CentralHouseholds => dec::<crate::model::party::CentralHousehold>(stored)?
            .links
            .iter()
            .map(|l| (TreeId::Households, l.household))
            .collect(),
        TreeId::Meetings => dec::<crate::model::Meeting>(stored)?
            .items
            .iter()
            .map(|i| (TreeId::AgendaItems, *i))
            .collect(),
        TreeId::AgendaItems => dec::<crate::model::AgendaItem>(stored)?
            .meetings
            .iter()
            .map(|m| (TreeId::Meetings, *m))
            .collect(),
        TreeId::Registrants => dec::<crate::model::registrant::Registrant>(stored)?
            .household()
            .map(|h| (TreeId::Households, h))
            .into_iter()
            .collect(),
        TreeId::PostClaims => vec![(
            TreeId::Registrants,
            dec::<crate::model::registrant::PostClaim>(stored)?.registrant,
        )],
        TreeId::ServiceRecords => vec![(
            TreeId::Registrants,
            dec::<crate::model::registrant::ServiceRecord>(stored)?.registrant,
        )],
        _ => Vec::new(),
    })
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(by: &str, hlc: u64) -> Meta {
        Meta {
            by: by.into(),
            at: 0,
            hlc,
        }
    }

    fn obj(v: Value) -> Map<String, Value> {
        match v {
            Value::Object(m) => m,
            _ => unreachable!(),
        }
    }

    #[test]
    fn fields_changed_on_each_side_are_both_kept_and_a_field_changed_on_both_is_a_conflict() {
        let base = 100 << ORIGIN_BITS;
        let (ml, mr) = (
            meta("li", (200 << ORIGIN_BITS) | 1),
            meta("wang", (300 << ORIGIN_BITS) | 2),
        );
        let local = Side {
            obj: obj(serde_json::json!({"phone": "138", "tags": ["a"], "name": "张三"})),
            meta: &ml,
            clocks: [
                ("phone".to_string(), (ml.hlc, base)),
                ("tags".to_string(), (ml.hlc, base)),
                ("name".to_string(), (base, 0)),
            ]
            .into(),
        };
        let remote = Side {
            obj: obj(serde_json::json!({"phone": "139", "tags": [], "name": "张叁"})),
            meta: &mr,
            clocks: [
                ("phone".to_string(), (mr.hlc, base)),
                ("tags".to_string(), (base, 0)),
                ("name".to_string(), (mr.hlc, base)),
            ]
            .into(),
        };
        let Merged {
            obj: out,
            meta: m,
            lost,
            ..
        } = merge_fields(local, remote, &[]);
        assert_eq!(
            Value::Object(out),
            serde_json::json!({"phone": "139", "tags": ["a"], "name": "张叁"})
        );
        assert_eq!(m.by, "wang");
        assert_eq!(lost.len(), 1);
        assert_eq!(
            (
                lost[0].field.as_str(),
                lost[0].lost.clone(),
                lost[0].lost_by.as_str()
            ),
            ("phone", Value::from("138"), "li")
        );
    }

    #[test]
    fn a_life_cycle_merges_whole_from_the_side_that_moved_it_last() {
        let base = 100 << ORIGIN_BITS;
        let (ml, mr) = (
            meta("li", (200 << ORIGIN_BITS) | 1),
            meta("wang", (300 << ORIGIN_BITS) | 2),
        );
        let merged = |together: &[&str]| {
            // The laptop claimed (state and taker); the server, later, closed (state only).
            let local = Side {
                obj: obj(serde_json::json!({"state": "Claimed", "taker": "王", "text": "修灯"})),
                meta: &ml,
                clocks: [
                    ("state".to_string(), (ml.hlc, base)),
                    ("taker".to_string(), (ml.hlc, base)),
                    ("text".to_string(), (base, 0)),
                ]
                .into(),
            };
            let remote = Side {
                obj: obj(serde_json::json!({"state": "Closed", "taker": null, "text": "修灯"})),
                meta: &mr,
                clocks: [
                    ("state".to_string(), (mr.hlc, base)),
                    ("taker".to_string(), (base, 0)),
                    ("text".to_string(), (base, 0)),
                ]
                .into(),
            };
            let m = merge_fields(local, remote, together);
            (Value::Object(m.obj), m.lost.len())
        };
        assert_eq!(
            merged(&["state", "taker"]),
            (
                serde_json::json!({"state": "Closed", "taker": null, "text": "修灯"}),
                2
            )
        );
        // Field by field, the closed wish would keep the laptop's taker.
        assert_eq!(
            merged(&[]),
            (
                serde_json::json!({"state": "Closed", "taker": "王", "text": "修灯"}),
                1
            )
        );
    }

    #[test]
    fn an_edit_made_after_seeing_the_other_value_is_no_conflict() {
        let (ml, mr) = (
            meta("li", 200 << ORIGIN_BITS),
            meta("wang", (300 << ORIGIN_BITS) | 2),
        );
        let local = Side {
            obj: obj(serde_json::json!({"phone": "138"})),
            meta: &ml,
            clocks: [("phone".to_string(), (ml.hlc, 0))].into(),
        };
        let remote = Side {
            obj: obj(serde_json::json!({"phone": "139"})),
            meta: &mr,
            clocks: [("phone".to_string(), (mr.hlc, ml.hlc))].into(),
        };
        let Merged { obj: out, lost, .. } = merge_fields(local, remote, &[]);
        assert_eq!(Value::Object(out), serde_json::json!({"phone": "139"}));
        assert_eq!(lost.len(), 0);
    }

    #[test]
    fn change_keys_read_back_and_foreign_bytes_are_refused() {
        let stamp = (5 << ORIGIN_BITS) | 7;
        let k = change_key(stamp, TreeId::Visits as u8, &keys::id(42));
        assert_eq!(
            parse_change_key(&k),
            Some((stamp, TreeId::Visits as u8, &keys::id(42)[..]))
        );
        let mut bad = k.clone();
        bad[1] = 8;
        assert_eq!(parse_change_key(&bad), None);
        assert_eq!(parse_change_key(&k[..9]), None);
        let staff = change_key(stamp, TreeId::Staff as u8, b"li");
        assert_eq!(parse_change_key(&staff), None);
    }
}

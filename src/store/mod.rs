//! The store: sled trees, the codec, indexes, transactions and durable writes.

pub mod agenda;
pub mod audit;
pub mod backup;
pub mod bulk;
pub mod campaigns;
pub mod captains;
pub mod check;
pub mod codec;
mod commit;
pub mod digest;
pub mod due;
pub mod entity;
pub mod import;
mod journal;
pub mod keys;
mod mark;
mod open;
pub mod ops;
pub mod party;
pub mod query;
pub mod registrants;
pub mod reports;
pub mod rollup;
pub mod roster;
pub mod structure;
pub mod sync;
pub mod tally;
pub mod visit_lines;
pub mod wish_reports;
pub mod wishes;

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};
use sled::transaction::{
    ConflictableTransactionError, TransactionalTree, UnabortableTransactionError,
};

pub use codec::CodecError;
pub use entity::Entity;

use crate::model::time::Instant;
use crate::model::{Id, Invalid};

/// Every sled tree the store keeps. Record trees first, then index trees (keys only).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TreeId {
    Meta,
    Streets,
    Communities,
    Grids,
    Buildings,
    Households,
    Residents,
    Captains,
    Staff,
    Visits,
    Disputes,
    Notes,
    FollowUps,
    Drafts,
    HouseholdsByBuilding,
    HouseholdsByCaptain,
    ResidentsByHousehold,
    ResidentsByIdNumber,
    VisitsByHousehold,
    DisputesByHousehold,
    OpenDisputes,
    FollowUpsByHousehold,
    OpenFollowUpsByDue,
    /// The audit trail: every write, hash-chained, by sequence number.
    Audit,
    /// Audit entries by the record they are about.
    AuditByRecord,
    /// The change log for sync: origin, clock stamp, tree and key of every change to a
    /// synced record (values empty; the record itself holds its state).
    Changes,
    /// Per-field clock stamps of records changed after they were created.
    FieldClocks,
    /// Removed synced records: their key and the stamp of the removal.
    Tombstones,
    /// What a sync could not merge silently, for review: lost field values and possible
    /// duplicate people. Local to each replica.
    Conflicts,
    /// Other replicas' audit trails as they arrived by sync, by origin and number, their
    /// hash chains checked on arrival.
    AuditCopies,
    /// Former residents (moved out, died) by household; the current ones are in
    /// `ResidentsByHousehold`, so everything that counts through it counts current residents.
    FormerResidentsByHousehold,
    //
    // Party trees (model/party.rs): members' profiles by resident, party groups by id,
    // 中心户 by household.
    PartyMembers,
    PartyGroups,
    CentralHouseholds,
    /// Small wishes (微心愿), and their index by household.
    Wishes,
    WishesByHousehold,
    /// Agenda items (议题) and meetings (议事协商), by id.
    AgendaItems,
    Meetings,
    /// 双报到 (model/registrant.rs): registrants, service posts, claims on posts and
    /// service records, each by id.
    Registrants,
    Posts,
    PostClaims,
    ServiceRecords,
    /// Campaigns (战时), their door checks (one record an attempt) indexed by campaign and
    /// household, and the staff sent down to their grids.
    Campaigns,
    DoorChecks,
    DoorChecksByCampaign,
    SentDown,
    /// Which 中心户 keeps in touch with a household: linked household, then the 中心户.
    CentralByHousehold,
    /// Per household, what the lists and reports need (`digest::HouseholdDigest`), derived
    /// from its visits, follow-ups and disputes in the write that changes them. Local to each
    /// replica (never synced: each derives its own).
    HouseholdDigests,
    /// Visits by time (value: the household's id), so a month's ledger reads only its month.
    VisitsByTime,
    /// Campaign tallies as counters (`tally`): households per grid, checked doors per
    /// campaign and grid, attempts per door. Derived in the write that changes them; local.
    CampaignTallies,
    /// Per grid, counts of households by the day last visited, met and roster-checked, and of
    /// open follow-ups by due day; and the households by rule-visit due day and by roster
    /// check (`rollup`). Local, derived in the write's transaction like the digests.
    Rollups,
    /// Visits by time, each with what its line of the visit ledger shows of it
    /// (`visit_lines::VisitLine`), so a month's ledger reads no visit record. Local.
    VisitLines,
}

impl TreeId {
    pub const ALL: [TreeId; 52] = [
        TreeId::Meta,
        TreeId::Streets,
        TreeId::Communities,
        TreeId::Grids,
        TreeId::Buildings,
        TreeId::Households,
        TreeId::Residents,
        TreeId::Captains,
        TreeId::Staff,
        TreeId::Visits,
        TreeId::Disputes,
        TreeId::Notes,
        TreeId::FollowUps,
        TreeId::Drafts,
        TreeId::HouseholdsByBuilding,
        TreeId::HouseholdsByCaptain,
        TreeId::ResidentsByHousehold,
        TreeId::ResidentsByIdNumber,
        TreeId::VisitsByHousehold,
        TreeId::DisputesByHousehold,
        TreeId::OpenDisputes,
        TreeId::FollowUpsByHousehold,
        TreeId::OpenFollowUpsByDue,
        TreeId::Audit,
        TreeId::AuditByRecord,
        TreeId::Changes,
        TreeId::FieldClocks,
        TreeId::Tombstones,
        TreeId::Conflicts,
        TreeId::AuditCopies,
        TreeId::FormerResidentsByHousehold,
        //
        // Party trees.
        TreeId::PartyMembers,
        TreeId::PartyGroups,
        TreeId::CentralHouseholds,
        TreeId::Wishes,
        TreeId::WishesByHousehold,
        TreeId::AgendaItems,
        TreeId::Meetings,
        TreeId::Registrants,
        TreeId::Posts,
        TreeId::PostClaims,
        TreeId::ServiceRecords,
        TreeId::Campaigns,
        TreeId::DoorChecks,
        TreeId::DoorChecksByCampaign,
        TreeId::SentDown,
        TreeId::CentralByHousehold,
        TreeId::HouseholdDigests,
        TreeId::VisitsByTime,
        TreeId::CampaignTallies,
        TreeId::Rollups,
        TreeId::VisitLines,
    ];

    /// The indexes derived from records, which `check` compares with them.
    pub const INDEXES: [TreeId; 14] = [
        TreeId::HouseholdsByBuilding,
        TreeId::HouseholdsByCaptain,
        TreeId::ResidentsByHousehold,
        TreeId::ResidentsByIdNumber,
        TreeId::VisitsByHousehold,
        TreeId::DisputesByHousehold,
        TreeId::OpenDisputes,
        TreeId::FollowUpsByHousehold,
        TreeId::OpenFollowUpsByDue,
        TreeId::FormerResidentsByHousehold,
        TreeId::WishesByHousehold,
        TreeId::DoorChecksByCampaign,
        TreeId::CentralByHousehold,
        TreeId::VisitsByTime,
    ];

    pub fn name(self) -> &'static str {
        match self {
            TreeId::Meta => "meta",
            TreeId::Streets => "streets",
            TreeId::Communities => "communities",
            TreeId::Grids => "grids",
            TreeId::Buildings => "buildings",
            TreeId::Households => "households",
            TreeId::Residents => "residents",
            TreeId::Captains => "captains",
            TreeId::Staff => "staff",
            TreeId::Visits => "visits",
            TreeId::Disputes => "disputes",
            TreeId::Notes => "notes",
            TreeId::FollowUps => "followups",
            TreeId::Drafts => "drafts",
            TreeId::HouseholdsByBuilding => "idx_households_by_building",
            TreeId::HouseholdsByCaptain => "idx_households_by_captain",
            TreeId::ResidentsByHousehold => "idx_residents_by_household",
            TreeId::ResidentsByIdNumber => "idx_residents_by_id_number",
            TreeId::VisitsByHousehold => "idx_visits_by_household",
            TreeId::DisputesByHousehold => "idx_disputes_by_household",
            TreeId::OpenDisputes => "idx_open_disputes",
            TreeId::FollowUpsByHousehold => "idx_followups_by_household",
            TreeId::OpenFollowUpsByDue => "idx_open_followups_by_due",
            TreeId::Audit => "audit",
            TreeId::AuditByRecord => "idx_audit_by_record",
            TreeId::Changes => "sync_changes",
            TreeId::FieldClocks => "sync_field_clocks",
            TreeId::Tombstones => "sync_tombstones",
            TreeId::Conflicts => "sync_conflicts",
            TreeId::AuditCopies => "sync_audit_copies",
            TreeId::FormerResidentsByHousehold => "idx_former_residents_by_household",
            //
            // Party trees.
            TreeId::PartyMembers => "party_members",
            TreeId::PartyGroups => "party_groups",
            TreeId::CentralHouseholds => "central_households",
            TreeId::Wishes => "wishes",
            TreeId::WishesByHousehold => "idx_wishes_by_household",
            TreeId::AgendaItems => "agenda_items",
            TreeId::Meetings => "meetings",
            TreeId::Registrants => "registrants",
            TreeId::Posts => "posts",
            TreeId::PostClaims => "post_claims",
            TreeId::ServiceRecords => "service_records",
            TreeId::Campaigns => "campaigns",
            TreeId::DoorChecks => "door_checks",
            TreeId::DoorChecksByCampaign => "idx_door_checks_by_campaign",
            TreeId::SentDown => "sent_down",
            TreeId::CentralByHousehold => "idx_central_by_household",
            TreeId::HouseholdDigests => "household_digests",
            TreeId::VisitsByTime => "idx_visits_by_time",
            TreeId::CampaignTallies => "campaign_tallies",
            TreeId::Rollups => "grid_rollups",
            TreeId::VisitLines => "idx_visit_lines",
        }
    }

    fn counter_key(self) -> Vec<u8> {
        format!("count/{}", self.name()).into_bytes()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("the store in {0} is already open in another gridbook process; close that one, or wait for it to finish, and try again")]
    Locked(PathBuf),
    #[error("the store in {dir} could not be used: {source}")]
    Io {
        dir: PathBuf,
        source: std::io::Error,
    },
    #[error("{}", sled_sentence(.0))]
    Sled(#[from] sled::Error),
    #[error("a stored record is damaged ({0}); run `gridbook check` to see which")]
    Codec(#[from] CodecError),
    #[error("{0}")]
    Invalid(#[from] Invalid),
    #[error("{0}")]
    NotFound(String),
    /// The ID number of a resident being added or changed is already on file: the resident
    /// who has it and their household, so the caller can offer to move them instead.
    #[error("{sentence}")]
    Duplicate {
        resident: Id,
        household: Id,
        sentence: String,
    },
    /// The record, as it is or as it would be, is outside the caller's scope.
    #[error("{0}")]
    OutOfScope(String),
    /// The disk holding this directory is full (ENOSPC, from a save, a backup, an export).
    #[error("the disk holding {} is full; free space and try again – nothing saved was lost", .0.display())]
    DiskFull(PathBuf),
    /// Someone changed the record since the form was opened; here it is as it is now.
    #[error("someone else moved this case on while you were writing; look at both and decide")]
    Stale(Box<crate::model::Dispute>),
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// Whether an error of the system is a full disk.
fn disk_full(e: &std::io::Error) -> bool {
    e.raw_os_error() == Some(libc::ENOSPC) || e.kind() == std::io::ErrorKind::StorageFull
}

fn sled_sentence(e: &sled::Error) -> String {
    match e {
        sled::Error::Io(io) if disk_full(io) => {
            "the disk holding the store is full; free space and try again – nothing saved was lost"
                .into()
        }
        sled::Error::Corruption { .. } => damaged_sentence(None),
        other => format!("the store reported an error: {other}"),
    }
}

/// What to do about a store whose files sled cannot read.
fn damaged_sentence(dir: Option<&Path>) -> String {
    let dir = dir.map_or("its data directory".into(), |d| d.display().to_string());
    format!(
        "the store's files in {dir} are damaged and cannot be read; restore the last backup into a new directory (`gridbook --data NEWDIR restore BACKUP --key KEYFILE`), or move {dir} aside and start again"
    )
}

impl StoreError {
    /// An error of the system while using `dir`: a full disk as the one sentence.
    pub fn io(dir: &Path, source: std::io::Error) -> StoreError {
        if disk_full(&source) {
            StoreError::DiskFull(dir.to_path_buf())
        } else {
            StoreError::Io {
                dir: dir.to_path_buf(),
                source,
            }
        }
    }

    /// The same error, naming `dir` where it could not: a full disk as the one sentence.
    pub fn at(self, dir: &Path) -> StoreError {
        match self {
            StoreError::Sled(sled::Error::Io(e)) | StoreError::Io { source: e, .. }
                if disk_full(&e) =>
            {
                StoreError::DiskFull(dir.to_path_buf())
            }
            StoreError::Sled(sled::Error::Corruption { .. }) => StoreError::damaged(dir),
            other => other,
        }
    }

    /// The store's files in `dir` cannot be read: what to do.
    pub fn damaged(dir: &Path) -> StoreError {
        StoreError::Invalid(Invalid::new(damaged_sentence(Some(dir))))
    }

    /// Whether this is a full disk.
    pub fn is_disk_full(&self) -> bool {
        match self {
            StoreError::DiskFull(_) => true,
            StoreError::Io { source, .. } | StoreError::Sled(sled::Error::Io(source)) => {
                disk_full(source)
            }
            _ => false,
        }
    }
}

/// The meta key that keeps the last id handed out; ids are short, dense and never reused.
const LAST_ID: &[u8] = b"last_id";

/// The meta key of the people generation, raised by every write that may change a
/// community, household or resident: a search index saved at one generation holds as long
/// as the store is still at it.
const PEOPLE_GEN: &[u8] = b"people_gen";

/// Whether a tree holds what the search index is made of.
fn holds_people(tree: u8) -> bool {
    [TreeId::Communities, TreeId::Households, TreeId::Residents]
        .iter()
        .any(|t| *t as u8 == tree)
}

fn read_u64(v: Option<sled::IVec>) -> u64 {
    v.and_then(|v| v.as_ref().try_into().ok().map(u64::from_be_bytes))
        .unwrap_or(0)
}
pub type TxResult<T> = std::result::Result<T, ConflictableTransactionError<StoreError>>;

/// Who wrote a record, when, and its hybrid logical clock stamp.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meta {
    pub by: String,
    pub at: Instant,
    pub hlc: u64,
}

/// What is stored under a record's key: the record and who last wrote it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Stored<T> {
    pub meta: Meta,
    pub value: T,
}

#[derive(Debug, Clone, Copy)]
pub struct OpenOptions {
    /// Bytes of sled page cache. The TUI keeps it small; bulk loads want more.
    pub cache_bytes: u64,
    /// A bulk load: no background flushing (the load flushes once at the end).
    pub bulk: bool,
}

impl Default for OpenOptions {
    fn default() -> Self {
        OpenOptions {
            cache_bytes: 16 << 20,
            bulk: false,
        }
    }
}

/// An open store. One process at a time may hold it (sled's rule).
pub struct Store {
    db: sled::Db,
    trees: Vec<sled::Tree>,
    /// The sled log file, fsynced after each flush to make writes durable.
    db_file: File,
    dir: PathBuf,
    /// The logical part of the last clock stamp handed out (stamp >> ORIGIN_BITS).
    hlc: Mutex<u64>,
    /// This replica's origin number, in the low bits of every stamp it hands out.
    origin: std::sync::atomic::AtomicU64,
    /// Writes hold this shared; a backup holds it alone, so its copy is one moment's.
    gate: std::sync::RwLock<()>,
    /// Writes applied so far, and how many of them the last flush covered (group commit).
    written: std::sync::atomic::AtomicU64,
    synced: Mutex<u64>,
    /// Writes waiting to run together in the next transaction (group commit).
    commits: commit::Queue,
    /// Where each batch goes to be durable before it is acknowledged.
    journal: Mutex<journal::Journal>,
    /// A fixed clock for tests and replays; `i64::MIN` means the real clock.
    frozen_at: std::sync::atomic::AtomicI64,
    /// Milliseconds this store's wall clock is off by (tests of a laptop with a wrong clock).
    skew_ms: std::sync::atomic::AtomicI64,
    /// Things noticed while opening (a stray snapshot moved aside), for the log.
    pub notices: Vec<String>,
}

impl Store {
    pub fn open(dir: &Path, opts: OpenOptions) -> Result<Store> {
        open::open(dir, opts)
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// One of the store's sled trees, to read. A write to it outside `write_in` goes through
    /// `Store::alone`.
    pub fn tree(&self, id: TreeId) -> &sled::Tree {
        &self.trees[id as usize]
    }

    /// A fresh hybrid logical clock stamp: wall-clock milliseconds and a counter in the high
    /// bits, this replica's origin in the low 12, so no two replicas ever hand out the same one
    /// and stamps order every write of every replica.
    pub fn stamp(&self) -> u64 {
        let skew = self.skew_ms.load(std::sync::atomic::Ordering::SeqCst);
        let wall = ((chrono::Utc::now().timestamp_millis() + skew).max(0) as u64) << 8;
        let mut last = self.hlc.lock().unwrap_or_else(|p| p.into_inner());
        *last = (*last + 1).max(wall);
        (*last << sync::ORIGIN_BITS) | self.origin.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// Moves this replica's clock past a stamp seen from another (hybrid logical clock
    /// receive rule): a later local write always stamps higher than what it has seen.
    pub fn observe(&self, stamp: u64) {
        let mut last = self.hlc.lock().unwrap_or_else(|p| p.into_inner());
        *last = (*last).max(stamp >> sync::ORIGIN_BITS);
    }

    pub fn meta(&self, by: &str) -> Meta {
        Meta {
            by: by.to_string(),
            at: self.now(),
            hlc: self.stamp(),
        }
    }

    /// The time writes are stamped with: the real clock, unless frozen.
    pub fn now(&self) -> Instant {
        match self.frozen_at.load(std::sync::atomic::Ordering::SeqCst) {
            i64::MIN => {
                crate::model::time::now()
                    + self.skew_ms.load(std::sync::atomic::Ordering::SeqCst) / 1000
            }
            at => at,
        }
    }

    /// Stamps every write from now on with this time (tests that need a fixed clock).
    pub fn freeze_clock(&self, at: Instant) {
        self.frozen_at
            .store(at, std::sync::atomic::Ordering::SeqCst);
    }

    /// Makes this store's wall clock run off by `ms` milliseconds, as a laptop whose clock
    /// is wrong (tests).
    pub fn skew_clock(&self, ms: i64) {
        self.skew_ms.store(ms, std::sync::atomic::Ordering::SeqCst);
    }

    /// Back to the real clock.
    pub fn thaw_clock(&self) {
        self.frozen_at
            .store(i64::MIN, std::sync::atomic::Ordering::SeqCst);
    }

    /// Reads one record by key.
    pub fn get<E: Entity>(&self, key: &[u8]) -> Result<Option<E>> {
        match self.tree(E::TREE).get(key)? {
            Some(bytes) => Ok(Some(codec::decode::<Stored<E>>(&bytes)?.value)),
            None => Ok(None),
        }
    }

    pub fn get_id<E: Entity>(&self, id: Id) -> Result<Option<E>> {
        self.get(&keys::id(id))
    }

    /// Reads one record with who wrote it.
    pub fn get_stored<E: Entity>(&self, key: &[u8]) -> Result<Option<Stored<E>>> {
        match self.tree(E::TREE).get(key)? {
            Some(bytes) => Ok(Some(codec::decode(&bytes)?)),
            None => Ok(None),
        }
    }

    /// Every record of one kind, in key order.
    pub fn all<E: Entity>(&self) -> impl Iterator<Item = Result<E>> + '_ {
        self.tree(E::TREE).iter().map(|kv| {
            let (_, v) = kv?;
            Ok(codec::decode::<Stored<E>>(&v)?.value)
        })
    }

    /// The ids that end the index keys under a prefix, in key order.
    pub fn index_ids(&self, index: TreeId, prefix: &[u8]) -> impl Iterator<Item = Result<Id>> + '_ {
        self.tree(index).scan_prefix(prefix).map(move |kv| {
            let (k, _) = kv?;
            keys::last_id(&k).ok_or_else(|| {
                StoreError::Codec(CodecError::Malformed(format!(
                    "an entry in {} is too short",
                    index.name()
                )))
            })
        })
    }

    /// How many records of a kind there are (a counter kept with every write).
    pub fn count(&self, tree: TreeId) -> Result<u64> {
        Ok(self
            .tree(TreeId::Meta)
            .get(tree.counter_key())?
            .and_then(|v| v.as_ref().try_into().ok().map(u64::from_be_bytes))
            .unwrap_or(0))
    }

    /// Runs `f` as one transaction over every tree, then makes it durable before returning.
    /// `f` may run more than once (sled retries on conflict), so it must not have side effects.
    pub fn write<R: Send>(&self, by: &str, f: impl Fn(&Txn) -> TxResult<R> + Sync) -> Result<R> {
        self.write_in(by, &TreeId::ALL, f)
    }

    /// The same, as a transaction over only the trees named (plus the meta and audit trees
    /// every write touches): fewer trees to overlay and commit makes a save cheaper.
    pub fn write_in<R: Send>(
        &self,
        by: &str,
        ids: &[TreeId],
        f: impl Fn(&Txn) -> TxResult<R> + Sync,
    ) -> Result<R> {
        // The gate is taken before the stamp: a sync that closes the gate sees every stamp
        // handed out so far already committed, so its version vector never skips a write.
        let _pause = self.gate.read().unwrap_or_else(|p| p.into_inner());
        let meta = self.meta(by);
        // Tombstones are not among the trees: only a write over every tree removes synced
        // records. The closure may run more than once (a retry, or its batch run again
        // without a neighbour that refused); the value of its last run is the one returned.
        let out: Mutex<Option<R>> = Mutex::new(None);
        self.commit_in(ids, meta, &|t: &Txn| {
            let r = f(t)?;
            *out.lock().unwrap_or_else(|p| p.into_inner()) = Some(r);
            Ok(())
        })?;
        out.into_inner()
            .unwrap_or_else(|p| p.into_inner())
            .ok_or_else(|| {
                StoreError::Invalid(Invalid::new("the write failed inside the store; try again"))
            })
    }

    /// Flushes sled and fsyncs its log file: after this returns, every write made before the
    /// call survives a crash. Writers that arrive while a flush runs share the next one
    /// (group commit): each waits for a flush that began after its write, never longer.
    pub fn durable(&self) -> Result<()> {
        use std::sync::atomic::Ordering;
        let mine = self.written.fetch_add(1, Ordering::SeqCst) + 1;
        let mut synced = self.synced.lock().unwrap_or_else(|p| p.into_inner());
        if *synced >= mine {
            return Ok(());
        }
        let upto = self.written.load(Ordering::SeqCst);
        // The durable mark goes in last and out with the flush (see `mark`).
        let meta = self.tree(TreeId::Meta);
        let reached = read_u64(meta.get(mark::MARK)?) + 1;
        meta.insert(mark::MARK, &reached.to_be_bytes()[..])?;
        self.db
            .flush()
            .map_err(|e| StoreError::from(e).at(&self.dir))?;
        self.db_file
            .sync_data()
            .map_err(|source| StoreError::io(&self.dir, source))?;
        // Only now may the record say so. Were it not written, it stays behind sled: the
        // check is weaker until the next flush, and never wrong.
        let _ = mark::record(&self.dir, reached);
        *synced = upto;
        Ok(())
    }

    /// Runs a write that goes around the transaction batches (plain sled inserts and
    /// batches) with no batch running meanwhile, and makes it durable before any batch runs
    /// again. A batch is acknowledged from the write journal while sled may not yet hold it
    /// on disk; were it to rest on a plain write that a crash then lost, replaying it would
    /// break the audit chain or the counters. Every write outside `write_in` goes through
    /// here, except on a store nobody else uses yet (a demo being made, a restore, the
    /// recovery at open).
    pub(crate) fn alone<R>(&self, f: impl FnOnce() -> Result<R>) -> Result<R> {
        let _pause = self.gate.write().unwrap_or_else(|p| p.into_inner());
        let r = f();
        // Whatever it wrote, a saved search index no longer vouches for the store.
        self.raise_people_generation()?;
        self.durable()?;
        r
    }

    /// Applies a list of writes (tree, key, value or None to remove) in one sled transaction
    /// over every tree: all of them stand, or none. For writes made outside the batches: a
    /// replay of the write journal, the commit of a journaled import.
    fn apply_atomically(&self, writes: &[journal::Write1]) -> Result<()> {
        use sled::Transactional;
        let all: Vec<&sled::Tree> = self.trees.iter().collect();
        all.as_slice()
            .transaction(|trees| {
                for (tree, key, value) in writes {
                    let Some(t) = trees.get(usize::from(*tree)) else {
                        return Err(ConflictableTransactionError::Abort(StoreError::Codec(
                            CodecError::Malformed(format!(
                                "a write names tree {tree}, which this build does not know"
                            )),
                        )));
                    };
                    match value {
                        Some(v) => t.insert(key.as_slice(), v.as_slice())?,
                        None => t.remove(key.as_slice())?,
                    };
                }
                Ok::<(), ConflictableTransactionError<StoreError>>(())
            })
            .map_err(|e| match e {
                sled::transaction::TransactionError::Abort(e) => e,
                sled::transaction::TransactionError::Storage(e) => StoreError::Sled(e),
            })
    }

    /// The people generation (see `PEOPLE_GEN`).
    pub fn people_generation(&self) -> Result<u64> {
        Ok(read_u64(self.tree(TreeId::Meta).get(PEOPLE_GEN)?))
    }

    /// Raises the people generation, outside a transaction (a writer alone).
    pub(crate) fn raise_people_generation(&self) -> Result<()> {
        let meta = self.tree(TreeId::Meta);
        let next = read_u64(meta.get(PEOPLE_GEN)?) + 1;
        meta.insert(PEOPLE_GEN, &next.to_be_bytes()[..])?;
        Ok(())
    }

    /// Makes every id handed out from now on larger than `floor` (after a bulk load chose
    /// its own ids).
    pub fn raise_id_floor(&self, floor: Id) -> Result<()> {
        self.alone(|| self.raise_id_floor_within(floor))
    }

    /// The same, for a caller that already writes alone.
    fn raise_id_floor_within(&self, floor: Id) -> Result<()> {
        let meta = self.tree(TreeId::Meta);
        let last = read_u64(meta.get(LAST_ID)?);
        if floor > last {
            meta.insert(LAST_ID, &floor.to_be_bytes()[..])?;
        }
        Ok(())
    }

    /// Size of the store on disk, in bytes.
    pub fn size_on_disk(&self) -> Result<u64> {
        Ok(self.db.size_on_disk()?)
    }
}

/// One transaction: reads and writes across trees, keeping indexes and counters in step.
pub struct Txn<'a> {
    trees: &'a [TransactionalTree],
    /// Where each tree is in `trees`, or NO_SLOT when this write did not name it.
    slots: &'a [u8; TreeId::ALL.len()],
    meta: &'a Meta,
    /// Every insert and removal so far, in order, for the write journal.
    log: &'a std::cell::RefCell<Vec<journal::Write1>>,
}

/// One tree inside a transaction; what it writes is noted for the write journal.
pub(crate) struct TxTree<'a> {
    tree: &'a TransactionalTree,
    id: TreeId,
    log: &'a std::cell::RefCell<Vec<journal::Write1>>,
}

type TxTreeResult<T> = std::result::Result<T, UnabortableTransactionError>;

impl TxTree<'_> {
    pub fn get(&self, key: impl AsRef<[u8]>) -> TxTreeResult<Option<sled::IVec>> {
        self.tree.get(key)
    }

    pub fn insert(
        &self,
        key: impl AsRef<[u8]>,
        value: impl Into<sled::IVec>,
    ) -> TxTreeResult<Option<sled::IVec>> {
        let (key, value) = (key.as_ref(), value.into());
        self.log
            .borrow_mut()
            .push((self.id as u8, key.to_vec(), Some(value.to_vec())));
        self.tree.insert(key, value)
    }

    pub fn remove(&self, key: impl AsRef<[u8]>) -> TxTreeResult<Option<sled::IVec>> {
        let key = key.as_ref();
        self.log
            .borrow_mut()
            .push((self.id as u8, key.to_vec(), None));
        self.tree.remove(key)
    }
}

const NO_SLOT: u8 = u8::MAX;

fn abort(e: impl Into<StoreError>) -> ConflictableTransactionError<StoreError> {
    ConflictableTransactionError::Abort(e.into())
}

fn lift(e: UnabortableTransactionError) -> ConflictableTransactionError<StoreError> {
    e.into()
}

impl Txn<'_> {
    fn tree(&self, id: TreeId) -> TxTree<'_> {
        let slot = self.slots[id as usize];
        assert!(
            slot != NO_SLOT,
            "a write used the {} tree without naming it in write_in",
            id.name()
        );
        TxTree {
            tree: &self.trees[slot as usize],
            id,
            log: self.log,
        }
    }

    pub fn meta(&self) -> &Meta {
        self.meta
    }

    pub fn get<E: Entity>(&self, key: &[u8]) -> TxResult<Option<E>> {
        match self.tree(E::TREE).get(key).map_err(lift)? {
            Some(bytes) => Ok(Some(
                codec::decode::<Stored<E>>(&bytes).map_err(abort)?.value,
            )),
            None => Ok(None),
        }
    }

    /// Inserts or replaces a record, moving its index entries and counting it if new.
    pub fn put<E: Entity>(&self, value: &E) -> TxResult<()> {
        let key = value.key();
        let before = self.tree(E::TREE).get(&key).map_err(lift)?;
        let old = match &before {
            Some(bytes) => Some(codec::decode::<Stored<E>>(bytes).map_err(abort)?.value),
            None => None,
        };
        if let Some(old) = &old {
            for (index, k) in old.index_keys() {
                self.tree(index).remove(k).map_err(lift)?;
            }
        } else {
            self.bump(E::TREE, 1)?;
        }
        for (index, k) in value.index_keys() {
            self.tree(index)
                .insert(k, value.index_value(index))
                .map_err(lift)?;
        }
        if E::TREE.synced() {
            self.log_change(E::TREE, &key)?;
            if let Some(before) = &before {
                self.touch_fields(E::TREE, &key, before, value)?;
            }
        }
        let stored = Stored {
            meta: self.meta.clone(),
            value,
        };
        let bytes = codec::encode(&stored).map_err(abort)?;
        self.audit(E::TREE, &key, before.as_deref(), Some(&bytes))?;
        self.tree(E::TREE).insert(&key, &bytes[..]).map_err(lift)?;
        self.rehome(E::TREE, before.as_deref(), Some(&bytes))?;
        self.redigest(
            old.as_ref().and_then(Entity::digest_part),
            value.digest_part(),
        )?;
        self.retally(
            old.as_ref().and_then(Entity::tally_part),
            value.tally_part(),
        )
    }

    /// Removes a record and its index entries; false when there was none.
    pub fn remove<E: Entity>(&self, key: &[u8]) -> TxResult<bool> {
        let Some(before) = self.tree(E::TREE).get(key).map_err(lift)? else {
            return Ok(false);
        };
        let old = codec::decode::<Stored<E>>(&before).map_err(abort)?.value;
        self.audit(E::TREE, key, Some(&before), None)?;
        for (index, k) in old.index_keys() {
            self.tree(index).remove(k).map_err(lift)?;
        }
        self.tree(E::TREE).remove(key).map_err(lift)?;
        self.bump(E::TREE, -1)?;
        if E::TREE.synced() {
            self.log_change(E::TREE, key)?;
            self.bury(E::TREE, key, self.meta.hlc)?;
        }
        self.rehome(E::TREE, Some(&before), None)?;
        self.redigest(old.digest_part(), None)?;
        self.retally(old.tally_part(), None)?;
        Ok(true)
    }

    /// A new id, never used before in this store.
    pub fn next_id(&self) -> TxResult<Id> {
        let meta = self.tree(TreeId::Meta);
        let next = read_u64(meta.get(LAST_ID).map_err(lift)?) + 1;
        meta.insert(LAST_ID, &next.to_be_bytes()[..])
            .map_err(lift)?;
        Ok(next)
    }

    pub fn fail<T>(&self, e: impl Into<StoreError>) -> TxResult<T> {
        Err(abort(e))
    }

    fn bump(&self, tree: TreeId, by: i64) -> TxResult<()> {
        let meta = self.tree(TreeId::Meta);
        let key = tree.counter_key();
        let now = meta
            .get(&key)
            .map_err(lift)?
            .and_then(|v| v.as_ref().try_into().ok().map(u64::from_be_bytes))
            .unwrap_or(0);
        let next = (now as i64 + by).max(0) as u64;
        meta.insert(key, &next.to_be_bytes()[..]).map_err(lift)?;
        Ok(())
    }
}

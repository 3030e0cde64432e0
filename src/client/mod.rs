//! The `Backend` the UI and CLI talk to: typed requests, answered in-process or by the server.

use crate::model::address::AddressQuery;
use crate::model::draft::Draft;
use crate::model::rebalance::Proposal;
use crate::model::time::Day;
use crate::model::{Dispute, FollowUp, Id, MediationNote};
use crate::store::captains::{CaptainRow, Doors};
use crate::store::due::DueList;
use crate::store::ops::{DisputeStep, NewVisit, SavedVisit};
use crate::store::query::{AddressHit, HouseholdDetail, HouseholdRow, Overview, Stats};
use crate::store::{sync, OpenOptions, Store, StoreError};

pub mod local;
pub mod remote;
pub mod spawn;
pub mod tables;

pub use local::Local;
pub use remote::Remote;

#[derive(Debug, thiserror::Error)]
pub enum BackendError {
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The caller's scope does not hold what was asked for.
    #[error("{0}")]
    OutOfScope(String),
    /// The server would not serve this user, or cannot be reached; the sentence says why.
    #[error("{0}")]
    Refused(String),
    /// The connection broke or a frame did not make sense.
    #[error("{0}")]
    Connection(String),
}

pub type Result<T> = std::result::Result<T, BackendError>;

/// One sync request through the `Backend`.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub enum SyncCall {
    /// The start of a sync: this replica's origin and version vector at one moment, and a
    /// fresh origin number for a laptop that has none yet.
    Hello {
        want_origin: bool,
    },
    /// This replica's version vector at one moment.
    Moment,
    Pull(sync::PullRequest),
    Push(sync::SyncBatch),
    /// Make this (empty) store the replica with this number.
    Adopt(u16),
    /// How a sync with `peer` ended: the peer's version vector, or the error.
    Record {
        peer: String,
        outcome: std::result::Result<sync::VersionVector, String>,
    },
    Status,
    HasCopy,
    Conflicts,
    Resolve {
        id: Vec<u8>,
        restore: bool,
    },
    Forget,
    /// How far the server holds a copy of replica `origin`'s audit trail.
    TrailAt(u16),
    /// The next entries of a replica's audit trail, to keep (chain checked).
    Trail {
        origin: u16,
        entries: Vec<Vec<u8>>,
    },
    /// This replica's own trail after an entry, at most `limit` entries.
    TrailAfter {
        seq: u64,
        limit: usize,
    },
    /// The server holds this replica's trail up to this entry.
    TrailSent(u64),
    /// Where a first copy that was cut off got to (its moment and cursor), if it was.
    CopyCursor,
    SaveCopyCursor(Option<(sync::VersionVector, sync::Cursor)>),
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub enum SyncReply {
    Hello(sync::Hello),
    Moment(sync::VersionVector),
    Batch(sync::SyncBatch),
    Applied(sync::Applied),
    Status(sync::SyncStatus),
    Yes(bool),
    Conflicts(Vec<sync::ConflictRow>),
    Resolved(Box<sync::Conflict>),
    Forgot { dropped: u64, kept: u64 },
    Seq(u64),
    Trail(Vec<Vec<u8>>),
    Copy(Option<(sync::VersionVector, sync::Cursor)>),
    Done,
}

/// Everything a screen or a command may ask of the store. The TUI never sees sled.
pub trait Backend: Send + Sync {
    /// The OS user name this backend acts for.
    fn user(&self) -> &str;
    fn stats(&self) -> Result<Stats>;
    fn overview(&self) -> Result<Overview>;
    fn households_in_building(&self, building: Id) -> Result<Vec<HouseholdRow>>;
    fn household_detail(&self, household: Id) -> Result<HouseholdDetail>;
    fn find_address(&self, q: &AddressQuery, community: Option<Id>) -> Result<Vec<AddressHit>>;

    fn add_visit(&self, v: &NewVisit) -> Result<SavedVisit>;
    fn open_dispute(&self, d: &Dispute, note: &str) -> Result<Dispute>;
    fn advance_dispute(&self, step: &DisputeStep) -> Result<Dispute>;
    fn disputes(&self, open_only: bool) -> Result<Vec<Dispute>>;
    fn dispute_notes(&self, dispute: Id) -> Result<Vec<MediationNote>>;
    fn complete_followup(&self, id: Id, note: &str) -> Result<FollowUp>;
    /// Follow-ups and rule visits due by `today + horizon` days, most overdue first.
    fn due_list(&self, today: Day, horizon: u16, limit: usize) -> Result<DueList>;
    fn captains(&self, today: Day) -> Result<Vec<CaptainRow>>;
    fn assign_doors(&self, captain: Id, doors: &Doors) -> Result<usize>;
    fn rebalance_proposal(&self, grid: Id) -> Result<Proposal>;
    /// What giving doors to a captain would do, to ask first.
    fn assign_plan(&self, captain: Id, doors: &Doors)
        -> Result<crate::store::captains::AssignPlan>;
    /// Moves households to new captains (or none); returns the moves that undo it.
    fn apply_moves(&self, moves: &[(Id, Option<Id>)]) -> Result<Vec<(Id, Option<Id>)>>;
    fn put_draft(&self, d: &Draft) -> Result<()>;
    fn delete_draft(&self, key: &[u8]) -> Result<()>;
    fn drafts(&self) -> Result<Vec<Draft>>;

    /// Every record decodes and every index agrees (admins only).
    fn check(&self) -> Result<crate::store::check::CheckReport>;
    fn visit_rules(&self) -> Result<crate::model::rules::VisitRules>;
    /// Sets the visit intervals (admins only).
    fn set_visit_rules(&self, rules: &crate::model::rules::VisitRules) -> Result<()>;
    fn staff(&self) -> Result<Vec<crate::model::Staff>>;
    /// Adds or changes a member of staff (admins only).
    fn put_staff(&self, staff: &crate::model::Staff) -> Result<()>;
    /// Removes a member of staff; false when there was none (admins only).
    fn remove_staff(&self, user: &str) -> Result<bool>;

    /// Residents and households by name, pinyin, initials, phone or ID tail, or address;
    /// best first, in the caller's scope.
    fn search(&self, query: &str, limit: usize) -> Result<Vec<crate::search::Hit>>;
    /// A point-in-time copy of the whole store into `path`, written by the store's process
    /// (admins only).
    fn backup(&self, path: &std::path::Path) -> Result<crate::store::backup::BackupSummary>;
    /// Coverage, care-group visits on time, overdue follow-ups and disputes by month, over
    /// the caller's scope.
    fn reports(&self, today: Day) -> Result<crate::store::reports::ReportSet>;
    /// Walks the audit trail's hash chain (admins only).
    fn verify_audit(&self) -> Result<crate::store::audit::AuditReport>;
    /// Who changed what about a household, newest first.
    fn household_history(&self, household: Id) -> Result<Vec<crate::store::audit::HistoryLine>>;

    /// Sync with other replicas: the server's side of a laptop's sync, and the laptop's own
    /// bookkeeping (see `store::sync`). Scope applies to what is pulled and pushed.
    fn sync(&self, call: SyncCall) -> Result<SyncReply>;
    /// An export, a ledger or the overdue list over the caller's scope, handed to `sink` a
    /// part at a time: a sheet's head, then its rows.
    fn table(&self, req: &tables::TableRequest, sink: &mut dyn FnMut(tables::Part)) -> Result<()>;
    /// One of `gridbook report`'s figures over the caller's scope.
    fn figures(
        &self,
        kind: crate::store::reports::FigureKind,
        today: Day,
    ) -> Result<crate::store::reports::Figures>;
    /// Imports a roster the caller has read, all or nothing; a row outside the caller's
    /// scope refuses the whole import (`OutOfScope`, naming the row) and nothing is written.
    fn import_roster(
        &self,
        roster: &crate::io::roster::Roster,
        opts: &crate::store::import::ImportOptions,
        progress: crate::store::import::Progress<'_>,
    ) -> Result<crate::store::import::ImportOutcome>;
    /// The last `limit` entries of the audit trail, oldest first (admins only).
    fn audit_log(&self, limit: usize) -> Result<Vec<crate::store::audit::AuditLine>>;

    /// Calls `listener` with every change the server pushes (nothing in-process).
    fn subscribe(&self, _listener: Box<dyn Fn(crate::server::protocol::ServerEvent) + Send>) {}

    /// Tells the others which household this user has a form open on (nothing in-process).
    fn editing(&self, _household: Option<Id>) {}
}

/// The OS user running this process.
pub fn current_user() -> String {
    nix::unistd::User::from_uid(nix::unistd::getuid())
        .ok()
        .flatten()
        .map(|u| u.name)
        .or_else(|| std::env::var("USER").ok())
        .unwrap_or_else(|| "unknown".into())
}

/// Opens the store in `dir` in this process. A server idling on it is asked to stop first;
/// one that others are using says so.
pub fn connect(dir: &std::path::Path, opts: OpenOptions) -> Result<Local> {
    let sock = dir.join(crate::server::protocol::SOCKET);
    if let Ok(stream) = std::os::unix::net::UnixStream::connect(&sock) {
        let remote = Remote::handshake(stream)?;
        remote.stop_if_idle()?;
    }
    let store = Store::open(dir, opts)?;
    Ok(Local::new(store, current_user()))
}

/// The backend commands and the TUI use: the server for `dir` (started when none runs), or
/// the store in this very process when `GRIDBOOK_IN_PROCESS=1` (one user, no server).
pub fn open(dir: &std::path::Path) -> Result<Box<dyn Backend>> {
    open_with(dir, OpenOptions::default())
}

/// The same, with the options the store is opened with when it is opened in this process
/// (a large import wants a larger cache); the server keeps its own.
pub fn open_with(dir: &std::path::Path, opts: OpenOptions) -> Result<Box<dyn Backend>> {
    if std::env::var_os("GRIDBOOK_IN_PROCESS").is_some_and(|v| v == "1") {
        return Ok(Box::new(connect(dir, opts)?));
    }
    Ok(Box::new(Remote::open(dir)?))
}

//! The `Backend` the UI and CLI talk to: typed requests, answered in-process or by the server.

use crate::api::{self, Call, Op, Reply};
use crate::model::address::AddressQuery;
use crate::model::draft::Draft;
use crate::model::rebalance::Proposal;
use crate::model::time::Day;
use crate::model::{Dispute, FollowUp, Id, MediationNote};
use crate::store::captains::{CaptainRow, Doors};
use crate::store::due::DueList;
use crate::store::ops::{DisputeStep, NewVisit, SavedVisit};
use crate::store::query::{AddressHit, HouseholdDetail, HouseholdRow, Overview, Stats};
use crate::store::{OpenOptions, Store};

pub mod local;
pub mod remote;
pub mod spawn;
pub mod tables;

pub use crate::api::{BackendError, Result, SyncCall, SyncReply};
pub use local::Local;
pub use remote::Remote;

/// The way to the store the UI and CLI talk to: calls sent and replies received, in-process
/// or over the server's socket. Operations are defined in `api`; ask one with
/// [`Ask::call`]. The typed methods below are one-line shorthands kept for the callers
/// (and tests) that used them before operations were defined in one place; new operations
/// need none.
pub trait Backend: Send + Sync {
    /// The OS user name this backend acts for.
    fn user(&self) -> &str;

    /// Sends one call and waits for its reply; the parts of a long answer go to `sink`.
    fn send(&self, call: Call, sink: &mut dyn FnMut(tables::Part)) -> Result<Reply>;

    /// Imports a roster as `read` reads it, all or nothing; a row outside the caller's
    /// scope refuses the whole import (`OutOfScope`, naming the row) and nothing is written.
    /// `read` hands the households to the sink it is given, a piece at a time, and returns the
    /// roster without them (`Roster::pieces` replays a roster held whole). Over the socket
    /// the pieces are sent as they come, so the client never holds the roster whole.
    fn import_roster(
        &self,
        read: &mut crate::io::roster::ReadRoster<'_>,
        opts: &crate::store::import::ImportOptions,
        progress: crate::store::import::Progress<'_>,
    ) -> Result<crate::store::import::ImportOutcome>;

    /// Calls `listener` with every change the server pushes (nothing in-process).
    fn subscribe(&self, _listener: Box<dyn Fn(api::ServerEvent) + Send>) {}

    /// Tells the others which household this user has a form open on (nothing in-process).
    fn editing(&self, _household: Option<Id>) {}

    fn stats(&self) -> Result<Stats> {
        self.call(api::places::Stats)
    }
    fn overview(&self) -> Result<Overview> {
        self.call(api::places::Overview)
    }
    fn households_in_building(&self, building: Id) -> Result<Vec<HouseholdRow>> {
        self.call(api::places::Households(building))
    }
    fn household_detail(&self, household: Id) -> Result<HouseholdDetail> {
        self.call(api::places::Detail(household))
    }
    fn find_address(&self, q: &AddressQuery, community: Option<Id>) -> Result<Vec<AddressHit>> {
        self.call(api::places::FindAddress(*q, community))
    }
    fn add_visit(&self, v: &NewVisit) -> Result<SavedVisit> {
        self.call(api::work::AddVisit(v.clone(), Vec::new()))
    }
    fn open_dispute(&self, d: &Dispute, note: &str) -> Result<Dispute> {
        self.call(api::work::OpenDispute(d.clone(), note.to_string()))
    }
    fn advance_dispute(&self, step: &DisputeStep) -> Result<Dispute> {
        self.call(api::work::AdvanceDispute(step.clone()))
    }
    fn disputes(&self, open_only: bool) -> Result<Vec<Dispute>> {
        self.call(api::work::Disputes(open_only))
    }
    fn dispute_notes(&self, dispute: Id) -> Result<Vec<MediationNote>> {
        self.call(api::work::DisputeNotes(dispute))
    }
    fn complete_followup(&self, id: Id, note: &str) -> Result<FollowUp> {
        self.call(api::work::CompleteFollowUp(id, note.to_string()))
    }
    /// Follow-ups and rule visits due by `today + horizon` days, most overdue first.
    fn due_list(&self, today: Day, horizon: u16, limit: usize) -> Result<DueList> {
        self.call(api::work::Due {
            today,
            horizon,
            limit,
        })
    }
    fn captains(&self, today: Day) -> Result<Vec<CaptainRow>> {
        self.call(api::captains::Captains(today))
    }
    fn assign_doors(&self, captain: Id, doors: &Doors) -> Result<usize> {
        self.call(api::captains::AssignDoors(captain, doors.clone()))
    }
    fn rebalance_proposal(&self, grid: Id) -> Result<Proposal> {
        self.call(api::captains::Proposal(grid))
    }
    fn assign_plan(
        &self,
        captain: Id,
        doors: &Doors,
    ) -> Result<crate::store::captains::AssignPlan> {
        self.call(api::captains::AssignPlan(captain, doors.clone()))
    }
    fn apply_moves(&self, moves: &[(Id, Option<Id>)]) -> Result<Vec<(Id, Option<Id>)>> {
        self.call(api::captains::ApplyMoves(moves.to_vec()))
    }
    fn put_draft(&self, d: &Draft) -> Result<()> {
        self.call(api::drafts::PutDraft(d.clone()))
    }
    fn delete_draft(&self, key: &[u8]) -> Result<()> {
        self.call(api::drafts::DeleteDraft(key.to_vec()))
    }
    fn drafts(&self) -> Result<Vec<Draft>> {
        self.call(api::drafts::Drafts)
    }
    fn check(&self) -> Result<crate::store::check::CheckReport> {
        self.call(api::admin::Check)
    }
    fn visit_rules(&self) -> Result<crate::model::rules::VisitRules> {
        self.call(api::admin::Rules)
    }
    fn set_visit_rules(&self, rules: &crate::model::rules::VisitRules) -> Result<()> {
        self.call(api::admin::SetRules(rules.clone()))
    }
    fn staff(&self) -> Result<Vec<crate::model::Staff>> {
        self.call(api::admin::StaffList)
    }
    fn put_staff(&self, staff: &crate::model::Staff) -> Result<()> {
        self.call(api::admin::PutStaff(staff.clone()))
    }
    fn remove_staff(&self, user: &str) -> Result<bool> {
        self.call(api::admin::RemoveStaff(user.to_string()))
    }
    fn search(&self, query: &str, limit: usize) -> Result<Vec<crate::search::Hit>> {
        self.call(api::places::Search(query.to_string(), limit))
    }
    fn reports(&self, today: Day) -> Result<crate::store::reports::ReportSet> {
        self.call(api::reports::Reports(today))
    }
    fn verify_audit(&self) -> Result<crate::store::audit::AuditReport> {
        self.call(api::admin::VerifyAudit)
    }
    fn household_history(&self, household: Id) -> Result<Vec<crate::store::audit::HistoryLine>> {
        self.call(api::places::History(household))
    }
    fn sync(&self, call: SyncCall) -> Result<SyncReply> {
        self.call(api::sync::SyncRequest(call))
    }
    /// An export, a ledger or the overdue list, handed to `sink` a part at a time.
    fn table(&self, req: &tables::TableRequest, sink: &mut dyn FnMut(tables::Part)) -> Result<()> {
        self.call_parts(api::reports::Table(req.clone()), sink)
    }
    fn figures(
        &self,
        kind: crate::store::reports::FigureKind,
        today: Day,
    ) -> Result<crate::store::reports::Figures> {
        self.call(api::reports::Figures(kind, today))
    }
    fn audit_log(&self, limit: usize) -> Result<Vec<crate::store::audit::AuditLine>> {
        self.call(api::admin::AuditLog(limit))
    }
}

/// Asking an operation of any backend, typed: `backend.call(AddVisit(v))`.
pub trait Ask {
    /// Asks one operation and returns its reply.
    fn call<R: Op>(&self, r: R) -> Result<R::Reply> {
        self.call_parts(r, &mut |_| {})
    }
    /// The same, for an operation whose answer comes in parts ahead of its reply.
    fn call_parts<R: Op>(&self, r: R, sink: &mut dyn FnMut(tables::Part)) -> Result<R::Reply>;
}

impl<B: Backend + ?Sized> Ask for B {
    fn call_parts<R: Op>(&self, r: R, sink: &mut dyn FnMut(tables::Part)) -> Result<R::Reply> {
        let reply = self.send(r.into_call(), sink)?;
        R::from_reply(reply).ok_or_else(|| {
            BackendError::Connection(
                "the server gave an answer of another kind; run the same version of gridbook on both sides"
                    .into(),
            )
        })
    }
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

/// Opens the store in `dir` in this process, as the directory's owner only (the directory
/// made owner-only if an older build left it open). A server idling on it is asked to stop
/// first; one that others are using says so.
pub fn connect(dir: &std::path::Path, opts: OpenOptions) -> Result<Local> {
    crate::server::access::must_own(dir, false).map_err(BackendError::Refused)?;
    if let Some(stream) =
        crate::server::access::connect_checked(dir).map_err(BackendError::Refused)?
    {
        let remote = Remote::handshake(stream)?;
        remote.stop_if_idle()?;
    }
    if dir.exists() {
        crate::server::access::tighten(dir).map_err(|source| crate::store::StoreError::Io {
            dir: dir.to_path_buf(),
            source,
        })?;
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

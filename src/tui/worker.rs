//! The store worker: requests go to a background thread and come back as answers with their id.

use std::sync::mpsc::{Receiver, Sender};
use std::sync::Arc;

use crate::client::tables::TableRequest;
use crate::client::{Ask, Backend, SyncCall, SyncReply};
use crate::io::sheet::FileFormat;
use crate::model::address::AddressQuery;
use crate::model::draft::Draft;
use crate::model::rebalance::Proposal;
use crate::model::time::Day;
use crate::model::{Dispute, FollowUp, Id, MediationNote};
use crate::store::captains::{CaptainRow, Doors};
use crate::store::due::DueList;
use crate::store::ops::{DisputeStep, Need, NewVisit, SavedVisit};
use crate::store::query::{AddressHit, HouseholdDetail, HouseholdRow, Overview};
use crate::store::sync::{Conflict, ConflictRow, SyncStatus};

#[derive(Debug, Clone)]
pub enum Query {
    /// Any operation of `api`, answered with its reply: a new form asks through this and needs
    /// no variant of its own here.
    Call(Box<crate::api::Call>),
    Overview,
    Households(Id),
    Detail(Id),
    FindAddress(AddressQuery, Option<Id>),
    /// A visit with the wishes heard at it, saved together.
    SaveVisit(Box<NewVisit>, Vec<Need>),
    OpenDispute(Box<Dispute>, String),
    AdvanceDispute(DisputeStep),
    CompleteFollowUp(Id, String),
    Disputes,
    DisputeNotes(Id),
    Due(Day),
    Captains(Day),
    Proposal(Id),
    /// Households to new captains (or none).
    ApplyMoves(Vec<(Id, Option<Id>)>),
    /// The same, to undo the last reassignment.
    UndoMoves(Vec<(Id, Option<Id>)>),
    /// What giving doors to a captain would do, to ask first.
    AssignPlan(Id, Doors),
    PutDraft(Box<Draft>),
    DeleteDraft(Vec<u8>),
    Drafts,
    /// Tell the others which household this user has a form open on.
    Editing(Option<Id>),
    History(Id),
    Search(String),
    /// Where a household is, to go there.
    Locate(Id),
    Reports(Day),
    /// How the last sync went, for the status bar.
    SyncStatus,
    /// The conflicts a sync left for review.
    Conflicts,
    /// Settle a conflict: put the lost value back, or keep what is there.
    Resolve {
        id: Vec<u8>,
        restore: bool,
    },
    /// A ledger, an export or the import template, written by this process (as the user
    /// at the keyboard, whoever runs the server) as a new file `stem.csv|xlsx` in `dir`.
    WriteSheet {
        source: SheetSource,
        dir: std::path::PathBuf,
        stem: String,
        format: FileFormat,
    },
}

/// Where the rows of a file the 台账 screen writes come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SheetSource {
    /// An export or a ledger, built over the user's scope by the store's process.
    Table(TableRequest),
    /// The empty roster template.
    Template,
}

impl Query {
    /// Reads whose newest request makes older ones pointless, and draft saves (only the
    /// latest text matters). Saves of records are never dropped.
    fn coalesces(&self) -> bool {
        matches!(
            self,
            Query::Households(_)
                | Query::Detail(_)
                | Query::PutDraft(_)
                | Query::Due(_)
                | Query::Captains(_)
                | Query::Disputes
                | Query::Search(_)
                | Query::SyncStatus
                | Query::Conflicts
        )
    }
}

#[derive(Debug, Clone)]
pub struct Request {
    pub id: u64,
    pub query: Query,
}

#[derive(Debug)]
pub enum Answer {
    /// The reply to a `Query::Call`.
    Reply(Box<crate::api::Reply>),
    Overview(Overview),
    Households(Id, Vec<HouseholdRow>),
    Detail(Box<HouseholdDetail>),
    Found(AddressQuery, Vec<AddressHit>),
    VisitSaved(Box<SavedVisit>),
    DisputeSaved(Box<Dispute>),
    FollowUpDone(Box<FollowUp>),
    Disputes(Vec<Dispute>),
    Notes(Id, Vec<MediationNote>),
    Due(Box<DueList>),
    Captains(Vec<CaptainRow>),
    Proposal(Id, Box<Proposal>),
    /// Moves made, and the moves that undo them.
    Moved(Vec<(Id, Option<Id>)>),
    Undone(usize),
    AssignPlan(Box<crate::store::captains::AssignPlan>),
    Drafts(Vec<Draft>),
    History(Vec<crate::store::audit::HistoryLine>),
    Hits(String, Vec<crate::search::Hit>),
    Reports(Box<crate::store::reports::ReportSet>),
    SyncStatus(SyncStatus),
    Conflicts(Vec<ConflictRow>),
    Resolved(Box<Conflict>),
    /// A file written: where, and how many rows under its header.
    Written(std::path::PathBuf, usize),
    /// A save refused because someone changed the record first: the record as it is now.
    Stale(Box<Dispute>),
    Done,
    Failed(String),
}

#[derive(Debug)]
pub struct Response {
    pub id: u64,
    pub answer: Answer,
}

/// Answers one request. Used by the worker thread, and directly by tests.
pub fn answer(backend: &dyn Backend, query: &Query) -> Answer {
    let result = match query {
        Query::Call(call) => backend
            .send((**call).clone(), &mut |_| {})
            .map(|r| Answer::Reply(Box::new(r))),
        Query::Overview => backend.overview().map(Answer::Overview),
        Query::Households(b) => backend
            .households_in_building(*b)
            .map(|rows| Answer::Households(*b, rows)),
        Query::Detail(h) => backend
            .household_detail(*h)
            .map(|d| Answer::Detail(Box::new(d))),
        Query::FindAddress(q, c) => backend
            .find_address(q, *c)
            .map(|hits| Answer::Found(*q, hits)),
        Query::SaveVisit(v, wishes) => backend
            .call(crate::api::work::AddVisit((**v).clone(), wishes.clone()))
            .map(|s| Answer::VisitSaved(Box::new(s))),
        Query::OpenDispute(d, note) => backend
            .open_dispute(d, note)
            .map(|d| Answer::DisputeSaved(Box::new(d))),
        Query::AdvanceDispute(step) => backend
            .advance_dispute(step)
            .map(|d| Answer::DisputeSaved(Box::new(d))),
        Query::CompleteFollowUp(id, note) => backend
            .complete_followup(*id, note)
            .map(|f| Answer::FollowUpDone(Box::new(f))),
        Query::Disputes => backend.disputes(false).map(Answer::Disputes),
        Query::DisputeNotes(id) => backend.dispute_notes(*id).map(|n| Answer::Notes(*id, n)),
        Query::Due(today) => backend
            .due_list(*today, 7, 2000)
            .map(|d| Answer::Due(Box::new(d))),
        Query::Captains(today) => backend.captains(*today).map(Answer::Captains),
        Query::Proposal(grid) => backend
            .rebalance_proposal(*grid)
            .map(|p| Answer::Proposal(*grid, Box::new(p))),
        Query::ApplyMoves(moves) => backend.apply_moves(moves).map(Answer::Moved),
        Query::UndoMoves(moves) => backend
            .apply_moves(moves)
            .map(|undone| Answer::Undone(undone.len())),
        Query::AssignPlan(c, doors) => backend
            .assign_plan(*c, doors)
            .map(|p| Answer::AssignPlan(Box::new(p))),
        Query::PutDraft(d) => backend.put_draft(d).map(|_| Answer::Done),
        Query::DeleteDraft(k) => backend.delete_draft(k).map(|_| Answer::Done),
        Query::Drafts => backend.drafts().map(Answer::Drafts),
        Query::History(h) => backend.household_history(*h).map(Answer::History),
        Query::Search(q) => backend
            .search(q, 50)
            .map(|hits| Answer::Hits(q.clone(), hits)),
        Query::Reports(today) => backend
            .reports(*today)
            .map(|r| Answer::Reports(Box::new(r))),
        Query::Locate(h) => backend
            .household_detail(*h)
            .map(|d| Answer::Detail(Box::new(d))),
        Query::SyncStatus => backend.sync(SyncCall::Status).and_then(|r| match r {
            SyncReply::Status(s) => Ok(Answer::SyncStatus(s)),
            other => Err(unexpected(other)),
        }),
        Query::Conflicts => backend.sync(SyncCall::Conflicts).and_then(|r| match r {
            SyncReply::Conflicts(rows) => Ok(Answer::Conflicts(rows)),
            other => Err(unexpected(other)),
        }),
        Query::Resolve { id, restore } => backend
            .sync(SyncCall::Resolve {
                id: id.clone(),
                restore: *restore,
            })
            .and_then(|r| match r {
                SyncReply::Resolved(c) => Ok(Answer::Resolved(c)),
                other => Err(unexpected(other)),
            }),
        Query::WriteSheet {
            source,
            dir,
            stem,
            format,
        } => {
            let sheet = match source {
                SheetSource::Table(req) => crate::client::tables::fetch(backend, req),
                SheetSource::Template => Ok(crate::io::template::template()),
            };
            return match sheet {
                Ok(sheet) => match sheet.write_new(dir, stem, *format) {
                    Ok(path) => Answer::Written(path, sheet.rows.len()),
                    Err(e) => Answer::Failed(e.to_string()),
                },
                Err(e) => Answer::Failed(e.to_string()),
            };
        }
        Query::Editing(h) => {
            backend.editing(*h);
            Ok(Answer::Done)
        }
    };
    result.unwrap_or_else(|e| match e {
        crate::client::BackendError::Store(crate::store::StoreError::Stale(d)) => Answer::Stale(d),
        other => Answer::Failed(other.to_string()),
    })
}

/// A sync answer of the wrong kind: a server of another version.
fn unexpected(reply: SyncReply) -> crate::client::BackendError {
    crate::client::BackendError::Connection(format!(
        "the server gave an unexpected answer ({reply:?})"
    ))
}

/// Runs requests until the request channel closes. A burst of coalescing requests of one
/// kind is cut to its newest, since the screen only wants the latest.
pub fn run(backend: Arc<dyn Backend>, requests: Receiver<Request>, answers: impl Fn(Response)) {
    while let Ok(first) = requests.recv() {
        let mut batch = vec![first];
        batch.extend(requests.try_iter());
        let kinds: Vec<std::mem::Discriminant<Query>> = batch
            .iter()
            .map(|r| std::mem::discriminant(&r.query))
            .collect();
        for (i, req) in batch.iter().enumerate() {
            let superseded = req.query.coalesces() && kinds[i + 1..].contains(&kinds[i]);
            if superseded {
                continue;
            }
            answers(Response {
                id: req.id,
                answer: answer(backend.as_ref(), &req.query),
            });
        }
    }
}

/// Starts the worker thread; answers are passed to `deliver`.
pub fn spawn(
    backend: Arc<dyn Backend>,
    deliver: impl Fn(Response) + Send + 'static,
) -> Sender<Request> {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || run(backend, rx, deliver));
    tx
}

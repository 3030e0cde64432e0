//! The socket backend: calls go to the server as frames with ids; replies are matched to
//! their callers by id, and events the server pushes go to whoever subscribed.

use std::collections::HashMap;
use std::os::unix::net::UnixStream;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{channel, Sender};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use super::{Backend, BackendError, Result};
use crate::model::address::AddressQuery;
use crate::model::draft::Draft;
use crate::model::rebalance::Proposal;
use crate::model::time::Day;
use crate::model::{Dispute, FollowUp, Id, MediationNote};
use crate::server::protocol::{
    self, Call, ClientFrame, Reply, ServerEvent, ServerFrame, WireError,
};
use crate::store::captains::{CaptainRow, Doors};
use crate::store::due::DueList;
use crate::store::ops::{DisputeStep, NewVisit, SavedVisit};
use crate::store::query::{AddressHit, HouseholdDetail, HouseholdRow, Overview, Stats};

type Waiters = Arc<Mutex<HashMap<u64, Sender<std::result::Result<Reply, WireError>>>>>;
type Listener = Arc<Mutex<Option<Box<dyn Fn(ServerEvent) + Send>>>>;

pub struct Remote {
    user: String,
    writer: Mutex<UnixStream>,
    waiting: Waiters,
    listener: Listener,
    next: AtomicU64,
}

/// Households at most in one frame of a roster sent for import.
const ROSTER_PART_HOUSEHOLDS: usize = 2_000;
/// Bytes, roughly, at most in one such frame: far below the frame limit.
const ROSTER_PART_BYTES: usize = 2 << 20;

fn broken(e: impl std::fmt::Display) -> BackendError {
    BackendError::Connection(format!(
        "the connection to the gridbook server broke ({e}); start gridbook again"
    ))
}

impl Drop for Remote {
    /// Ends the connection, so the server stops serving it and the reading thread ends.
    fn drop(&mut self) {
        let stream = self.writer.lock().unwrap_or_else(|p| p.into_inner());
        let _ = stream.shutdown(std::net::Shutdown::Both);
    }
}

/// Writes to the server's socket without SIGPIPE: a server gone mid-call is an error to
/// report, never a signal that ends the command (which may have SIGPIPE at its default, to end
/// quietly when its output goes to a closed pipe).
struct NoSignal<'a>(&'a UnixStream);

impl std::io::Write for NoSignal<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        use std::os::fd::AsRawFd;
        nix::sys::socket::send(
            self.0.as_raw_fd(),
            buf,
            nix::sys::socket::MsgFlags::MSG_NOSIGNAL,
        )
        .map_err(std::io::Error::from)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Remote {
    /// Greets the server over a connected socket and starts reading its frames.
    pub fn handshake(stream: UnixStream) -> Result<Remote> {
        let mut reader = stream.try_clone().map_err(broken)?;
        let mut w = NoSignal(&stream);
        protocol::write_frame(
            &mut w,
            &ClientFrame::Hello {
                version: protocol::PROTOCOL_VERSION,
            },
        )
        .map_err(broken)?;
        let _ = reader.set_read_timeout(Some(Duration::from_secs(30)));
        let user = match protocol::read_frame::<ServerFrame>(&mut reader).map_err(broken)? {
            ServerFrame::Welcome { user } => user,
            ServerFrame::Refused(sentence) => return Err(BackendError::Refused(sentence)),
            _ => return Err(broken("the server did not greet")),
        };
        let _ = reader.set_read_timeout(None);
        let waiting: Waiters = Arc::new(Mutex::new(HashMap::new()));
        let listener: Listener = Arc::new(Mutex::new(None));
        let (w2, l2) = (waiting.clone(), listener.clone());
        std::thread::spawn(move || {
            while let Ok(frame) = protocol::read_frame::<ServerFrame>(&mut reader) {
                match frame {
                    ServerFrame::Reply { id, result } => {
                        let mut waiting = w2.lock().unwrap_or_else(|p| p.into_inner());
                        // A part leaves its caller waiting for the rest.
                        let tx = if matches!(result, Ok(Reply::Part(_))) {
                            waiting.get(&id).cloned()
                        } else {
                            waiting.remove(&id)
                        };
                        drop(waiting);
                        if let Some(tx) = tx {
                            let _ = tx.send(result);
                        }
                    }
                    ServerFrame::Event(e) => {
                        if let Some(f) = l2.lock().unwrap_or_else(|p| p.into_inner()).as_ref() {
                            f(e);
                        }
                    }
                    _ => {}
                }
            }
            // The link is gone: wake every caller with the news.
            w2.lock().unwrap_or_else(|p| p.into_inner()).clear();
        });
        Ok(Remote {
            user,
            writer: Mutex::new(stream),
            waiting,
            listener,
            next: AtomicU64::new(0),
        })
    }

    /// Asks the server to stop if nobody else is connected; waits until it has gone.
    pub fn stop_if_idle(&self) -> Result<()> {
        match self.call(Call::StopIfIdle) {
            Ok(_) | Err(BackendError::Connection(_)) => Ok(()),
            Err(e) => Err(e),
        }
    }

    fn call(&self, call: Call) -> Result<Reply> {
        self.call_parts(call, &mut |_| {})
    }

    /// A call whose answer may come in parts: each goes to `sink`, and the final reply is
    /// returned.
    fn call_parts(
        &self,
        call: Call,
        sink: &mut dyn FnMut(crate::client::tables::Part),
    ) -> Result<Reply> {
        let id = self.next.fetch_add(1, Ordering::SeqCst) + 1;
        let (tx, rx) = channel();
        self.waiting
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(id, tx);
        {
            let stream = self.writer.lock().unwrap_or_else(|p| p.into_inner());
            let mut w = NoSignal(&stream);
            protocol::write_frame(&mut w, &ClientFrame::Call { id, call }).map_err(broken)?;
        }
        let mut answer = rx.recv();
        while let Ok(Ok(Reply::Part(part))) = answer {
            sink(*part);
            answer = rx.recv();
        }
        match answer {
            Ok(Ok(reply)) => Ok(reply),
            Ok(Err(WireError::OutOfScope(s))) => Err(BackendError::OutOfScope(s)),
            Ok(Err(WireError::Failed(s))) => Err(BackendError::Refused(s)),
            Ok(Err(WireError::Stale(d))) => {
                Err(BackendError::Store(crate::store::StoreError::Stale(d)))
            }
            Err(_) => Err(broken("no reply came")),
        }
    }
}

macro_rules! expect {
    ($reply:expr, $pat:pat => $out:expr) => {
        match $reply {
            $pat => Ok($out),
            other => Err(broken(format!("an unexpected reply {other:?}"))),
        }
    };
}

impl Backend for Remote {
    fn user(&self) -> &str {
        &self.user
    }

    fn stats(&self) -> Result<Stats> {
        expect!(self.call(Call::Stats)?, Reply::Stats(s) => s)
    }

    fn overview(&self) -> Result<Overview> {
        expect!(self.call(Call::Overview)?, Reply::Overview(o) => o)
    }

    fn households_in_building(&self, building: Id) -> Result<Vec<HouseholdRow>> {
        expect!(self.call(Call::Households(building))?, Reply::Households(v) => v)
    }

    fn household_detail(&self, household: Id) -> Result<HouseholdDetail> {
        expect!(self.call(Call::Detail(household))?, Reply::Detail(d) => *d)
    }

    fn find_address(&self, q: &AddressQuery, community: Option<Id>) -> Result<Vec<AddressHit>> {
        expect!(self.call(Call::FindAddress(*q, community))?, Reply::Found(h) => h)
    }

    fn add_visit(&self, v: &NewVisit) -> Result<SavedVisit> {
        expect!(self.call(Call::AddVisit(v.clone()))?, Reply::Saved(s) => *s)
    }

    fn open_dispute(&self, d: &Dispute, note: &str) -> Result<Dispute> {
        expect!(self.call(Call::OpenDispute(d.clone(), note.to_string()))?, Reply::Dispute(d) => *d)
    }

    fn advance_dispute(&self, step: &DisputeStep) -> Result<Dispute> {
        expect!(self.call(Call::AdvanceDispute(step.clone()))?, Reply::Dispute(d) => *d)
    }

    fn disputes(&self, open_only: bool) -> Result<Vec<Dispute>> {
        expect!(self.call(Call::Disputes(open_only))?, Reply::Disputes(d) => d)
    }

    fn dispute_notes(&self, dispute: Id) -> Result<Vec<MediationNote>> {
        expect!(self.call(Call::DisputeNotes(dispute))?, Reply::Notes(n) => n)
    }

    fn complete_followup(&self, id: Id, note: &str) -> Result<FollowUp> {
        expect!(self.call(Call::CompleteFollowUp(id, note.to_string()))?, Reply::FollowUp(f) => *f)
    }

    fn due_list(&self, today: Day, horizon: u16, limit: usize) -> Result<DueList> {
        expect!(self.call(Call::Due(today, horizon, limit))?, Reply::Due(d) => *d)
    }

    fn captains(&self, today: Day) -> Result<Vec<CaptainRow>> {
        expect!(self.call(Call::Captains(today))?, Reply::Captains(c) => c)
    }

    fn assign_doors(&self, captain: Id, doors: &Doors) -> Result<usize> {
        expect!(self.call(Call::AssignDoors(captain, doors.clone()))?, Reply::Count(n) => n)
    }

    fn rebalance_proposal(&self, grid: Id) -> Result<Proposal> {
        expect!(self.call(Call::Proposal(grid))?, Reply::Proposal(p) => *p)
    }

    fn assign_plan(
        &self,
        captain: Id,
        doors: &Doors,
    ) -> Result<crate::store::captains::AssignPlan> {
        expect!(self.call(Call::AssignPlan(captain, doors.clone()))?, Reply::AssignPlan(p) => *p)
    }

    fn apply_moves(&self, moves: &[(Id, Option<Id>)]) -> Result<Vec<(Id, Option<Id>)>> {
        expect!(self.call(Call::ApplyMoves(moves.to_vec()))?, Reply::Moves(undo) => undo)
    }

    fn put_draft(&self, d: &Draft) -> Result<()> {
        expect!(self.call(Call::PutDraft(d.clone()))?, Reply::Done => ())
    }

    fn delete_draft(&self, key: &[u8]) -> Result<()> {
        expect!(self.call(Call::DeleteDraft(key.to_vec()))?, Reply::Done => ())
    }

    fn drafts(&self) -> Result<Vec<Draft>> {
        expect!(self.call(Call::Drafts)?, Reply::Drafts(d) => d)
    }

    fn check(&self) -> Result<crate::store::check::CheckReport> {
        expect!(self.call(Call::Check)?, Reply::Check(c) => *c)
    }

    fn visit_rules(&self) -> Result<crate::model::rules::VisitRules> {
        expect!(self.call(Call::Rules)?, Reply::Rules(r) => r)
    }

    fn set_visit_rules(&self, rules: &crate::model::rules::VisitRules) -> Result<()> {
        expect!(self.call(Call::SetRules(rules.clone()))?, Reply::Done => ())
    }

    fn staff(&self) -> Result<Vec<crate::model::Staff>> {
        expect!(self.call(Call::Staff)?, Reply::Staff(s) => s)
    }

    fn put_staff(&self, staff: &crate::model::Staff) -> Result<()> {
        expect!(self.call(Call::PutStaff(staff.clone()))?, Reply::Done => ())
    }

    fn remove_staff(&self, user: &str) -> Result<bool> {
        expect!(self.call(Call::RemoveStaff(user.to_string()))?, Reply::Removed(b) => b)
    }

    fn verify_audit(&self) -> Result<crate::store::audit::AuditReport> {
        expect!(self.call(Call::VerifyAudit)?, Reply::Audit(a) => *a)
    }

    fn household_history(&self, household: Id) -> Result<Vec<crate::store::audit::HistoryLine>> {
        expect!(self.call(Call::History(household))?, Reply::History(h) => h)
    }

    fn search(&self, query: &str, limit: usize) -> Result<Vec<crate::search::Hit>> {
        expect!(self.call(Call::Search(query.to_string(), limit))?, Reply::Hits(h) => h)
    }

    fn backup(&self, path: &std::path::Path) -> Result<crate::store::backup::BackupSummary> {
        expect!(self.call(Call::Backup(path.to_path_buf()))?, Reply::Backup(b) => b)
    }

    fn reports(&self, today: Day) -> Result<crate::store::reports::ReportSet> {
        expect!(self.call(Call::Reports(today))?, Reply::Reports(r) => *r)
    }

    fn sync(&self, call: crate::client::SyncCall) -> Result<crate::client::SyncReply> {
        expect!(self.call(Call::Sync(Box::new(call)))?, Reply::Sync(r) => *r)
    }

    fn table(
        &self,
        req: &crate::client::tables::TableRequest,
        sink: &mut dyn FnMut(crate::client::tables::Part),
    ) -> Result<()> {
        expect!(self.call_parts(Call::Table(req.clone()), sink)?, Reply::Done => ())
    }

    fn figures(
        &self,
        kind: crate::store::reports::FigureKind,
        today: Day,
    ) -> Result<crate::store::reports::Figures> {
        expect!(self.call(Call::Figures(kind, today))?, Reply::Figures(f) => *f)
    }

    fn import_roster(
        &self,
        roster: &crate::io::roster::Roster,
        opts: &crate::store::import::ImportOptions,
        progress: crate::store::import::Progress<'_>,
    ) -> Result<crate::store::import::ImportOutcome> {
        use crate::client::tables::Part;
        use crate::store::import::{ImportOutcome, ImportSummary};
        // A roster with errors is refused before the store is looked at, as in-process.
        if !roster.problems.errors.is_empty() {
            return Ok(ImportOutcome {
                summary: ImportSummary {
                    method: "none".into(),
                    ..ImportSummary::default()
                },
                problems: roster.problems.clone(),
                refused: None,
            });
        }
        let mut chunk = Vec::new();
        let mut bytes = 0usize;
        let total = roster.households.len() as u64;
        for (n, h) in roster.households.iter().enumerate() {
            bytes += 64
                + h.people
                    .iter()
                    .map(|p| 96 + p.name.len() + p.id_number.len() + p.phone.len())
                    .sum::<usize>();
            chunk.push(h.clone());
            if chunk.len() >= ROSTER_PART_HOUSEHOLDS || bytes >= ROSTER_PART_BYTES {
                progress("sending", n as u64 + 1, total);
                expect!(self.call(Call::RosterPart(std::mem::take(&mut chunk)))?, Reply::Done => ())?;
                bytes = 0;
            }
        }
        if !chunk.is_empty() {
            expect!(self.call(Call::RosterPart(chunk))?, Reply::Done => ())?;
        }
        let head = protocol::RosterHead {
            header: roster.header.clone(),
            people: roster.people,
        };
        // The roster's own warnings first, then the server's, in row order as in-process.
        let mut problems = crate::io::Problems {
            errors: Vec::new(),
            warnings: roster.problems.warnings.clone(),
        };
        let reply = self.call_parts(Call::Import(head, opts.clone()), &mut |part| match part {
            Part::Progress(stage, done, total) => progress(&stage, done, total),
            Part::Problems(p) => {
                problems.errors.extend(p.errors);
                problems.warnings.extend(p.warnings);
            }
            _ => {}
        })?;
        let summary = expect!(reply, Reply::Imported(s) => *s)?;
        problems.sort();
        Ok(ImportOutcome {
            summary,
            problems,
            refused: None,
        })
    }

    fn audit_log(&self, limit: usize) -> Result<Vec<crate::store::audit::AuditLine>> {
        expect!(self.call(Call::AuditLog(limit))?, Reply::AuditLog(l) => l)
    }

    fn subscribe(&self, listener: Box<dyn Fn(ServerEvent) + Send>) {
        *self.listener.lock().unwrap_or_else(|p| p.into_inner()) = Some(listener);
    }

    fn editing(&self, household: Option<Id>) {
        let stream = self.writer.lock().unwrap_or_else(|p| p.into_inner());
        let mut w = NoSignal(&stream);
        let _ = protocol::write_frame(&mut w, &ClientFrame::Editing(household));
    }
}

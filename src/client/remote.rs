//! The socket backend: calls go to the server as frames with ids; replies are matched to
//! their callers by id, and events the server pushes go to whoever subscribed.

use std::collections::HashMap;
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
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

/// Callers waiting for a reply: the request id → the connection it went out on, and where
/// the answer goes.
type Waiters = Arc<Mutex<HashMap<u64, (u64, Sender<std::result::Result<Reply, WireError>>)>>>;
type Listener = Arc<Mutex<Option<Box<dyn Fn(ServerEvent) + Send>>>>;

/// One connection to the server: where to write, and whether its reader still hears it.
struct Link {
    stream: UnixStream,
    alive: Arc<AtomicBool>,
    /// Counts the connections made: a reader that ends wakes only the callers of its own.
    generation: u64,
}

pub struct Remote {
    user: String,
    /// The data directory, to start the server again and reconnect when the connection
    /// breaks; None for a socket handed in, which is not reconnected.
    dir: Option<PathBuf>,
    link: Mutex<Link>,
    waiting: Waiters,
    listener: Listener,
    next: AtomicU64,
    /// The household this user has a form open on, told again to a server reconnected to.
    editing: Mutex<Option<Id>>,
}

/// Households at most in one frame of a roster sent for import.
const ROSTER_PART_HOUSEHOLDS: usize = 2_000;
/// Bytes, roughly, at most in one such frame: far below the frame limit.
const ROSTER_PART_BYTES: usize = 2 << 20;
/// Times a call that is safe to send again is sent, over as many connections.
const ATTEMPTS: usize = 3;

fn broken(e: impl std::fmt::Display) -> BackendError {
    BackendError::Connection(format!(
        "the connection to the gridbook server broke ({e}); start gridbook again"
    ))
}

/// How one sending of a call went.
enum Sent {
    Answer(std::result::Result<Reply, WireError>),
    /// The connection broke before the answer came; why.
    Lost(String),
}

impl Drop for Remote {
    /// Ends the connection, so the server stops serving it and the reading thread ends.
    fn drop(&mut self) {
        let link = self.link.lock().unwrap_or_else(|p| p.into_inner());
        let _ = link.stream.shutdown(std::net::Shutdown::Both);
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

/// Greets the server over a connected socket: the user it serves, and the socket to read.
fn greet(stream: &UnixStream) -> Result<(String, UnixStream)> {
    let mut reader = stream.try_clone().map_err(broken)?;
    let mut w = NoSignal(stream);
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
    Ok((user, reader))
}

/// Reads the server's frames on a thread of its own until the connection ends, then wakes
/// the callers still waiting on this connection.
fn listen(mut reader: UnixStream, link: &Link, waiting: &Waiters, listener: &Listener) {
    let (w2, l2, alive, generation) = (
        waiting.clone(),
        listener.clone(),
        link.alive.clone(),
        link.generation,
    );
    std::thread::spawn(move || {
        while let Ok(frame) = protocol::read_frame::<ServerFrame>(&mut reader) {
            match frame {
                ServerFrame::Reply { id, result } => {
                    let mut waiting = w2.lock().unwrap_or_else(|p| p.into_inner());
                    // A part leaves its caller waiting for the rest.
                    let tx = if matches!(result, Ok(Reply::Part(_))) {
                        waiting.get(&id).map(|(_, tx)| tx.clone())
                    } else {
                        waiting.remove(&id).map(|(_, tx)| tx)
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
        // The link is gone: wake its callers with the news (dropping their senders).
        alive.store(false, Ordering::SeqCst);
        w2.lock()
            .unwrap_or_else(|p| p.into_inner())
            .retain(|_, (g, _)| *g != generation);
    });
}

impl Remote {
    /// Greets the server over a connected socket and starts reading its frames. A broken
    /// connection is not made again.
    pub fn handshake(stream: UnixStream) -> Result<Remote> {
        Remote::start(stream, None)
    }

    /// The server for `dir` (started when none runs); when the connection breaks, the server
    /// is started again if need be and calls safe to repeat are sent again.
    pub fn open(dir: &Path) -> Result<Remote> {
        Remote::start(
            super::spawn::connect_or_start(dir)?,
            Some(dir.to_path_buf()),
        )
    }

    fn start(stream: UnixStream, dir: Option<PathBuf>) -> Result<Remote> {
        let (user, reader) = greet(&stream)?;
        let link = Link {
            stream,
            alive: Arc::new(AtomicBool::new(true)),
            generation: 0,
        };
        let remote = Remote {
            user,
            dir,
            link: Mutex::new(link),
            waiting: Arc::new(Mutex::new(HashMap::new())),
            listener: Arc::new(Mutex::new(None)),
            next: AtomicU64::new(0),
            editing: Mutex::new(None),
        };
        {
            let link = remote.link.lock().unwrap_or_else(|p| p.into_inner());
            listen(reader, &link, &remote.waiting, &remote.listener);
        }
        Ok(remote)
    }

    /// Connects again after connection `generation` broke, unless another caller has done so.
    fn reconnect(&self, dir: &Path, generation: u64) -> Result<()> {
        let mut link = self.link.lock().unwrap_or_else(|p| p.into_inner());
        if link.generation != generation && link.alive.load(Ordering::SeqCst) {
            return Ok(());
        }
        // A server being killed may still take a connection and then drop it: try again
        // a moment later, when its socket is gone and a new server can be started.
        let mut tries = 0;
        let (stream, reader) = loop {
            tries += 1;
            let err = match super::spawn::connect_or_start(dir) {
                Ok(stream) => match greet(&stream) {
                    Ok((_, reader)) => break (stream, reader),
                    Err(e) => e,
                },
                Err(e) => e,
            };
            if tries >= ATTEMPTS || !matches!(err, BackendError::Connection(_)) {
                return Err(err);
            }
            std::thread::sleep(Duration::from_millis(200));
        };
        let _ = link.stream.shutdown(std::net::Shutdown::Both);
        *link = Link {
            stream,
            alive: Arc::new(AtomicBool::new(true)),
            generation: link.generation + 1,
        };
        listen(reader, &link, &self.waiting, &self.listener);
        let editing = *self.editing.lock().unwrap_or_else(|p| p.into_inner());
        if editing.is_some() {
            let _ =
                protocol::write_frame(&mut NoSignal(&link.stream), &ClientFrame::Editing(editing));
        }
        Ok(())
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
    /// returned. A call lost with the connection is sent again over a new one when sending it
    /// twice does no harm; any other is reported as perhaps not done.
    fn call_parts(
        &self,
        call: Call,
        sink: &mut dyn FnMut(crate::client::tables::Part),
    ) -> Result<Reply> {
        let mut attempt = 0;
        let answer = loop {
            attempt += 1;
            let mut parts = false;
            let (generation, sent) = self.send(&call, &mut |p| {
                parts = true;
                sink(p)
            });
            let why = match sent {
                Sent::Answer(a) => break a,
                Sent::Lost(why) => why,
            };
            let Some(dir) = &self.dir else {
                return Err(broken(why));
            };
            // A stop asked of a server that has gone is done.
            if matches!(call, Call::StopIfIdle) {
                return Err(broken(why));
            }
            self.reconnect(dir, generation)?;
            if !call.resendable() || parts {
                return Err(BackendError::Connection(
                    "the connection to the gridbook server broke before it answered, so it is not known whether this was done; look, then try again"
                        .into(),
                ));
            }
            if attempt >= ATTEMPTS {
                return Err(broken(why));
            }
        };
        match answer {
            Ok(reply) => Ok(reply),
            Err(WireError::OutOfScope(s)) => Err(BackendError::OutOfScope(s)),
            Err(WireError::Failed(s)) => Err(BackendError::Refused(s)),
            Err(WireError::Stale(d)) => {
                Err(BackendError::Store(crate::store::StoreError::Stale(d)))
            }
        }
    }

    /// Sends a call once over the current connection and waits for its answer; the
    /// connection's generation goes with how it went.
    fn send(&self, call: &Call, sink: &mut dyn FnMut(crate::client::tables::Part)) -> (u64, Sent) {
        let id = self.next.fetch_add(1, Ordering::SeqCst) + 1;
        let (tx, rx) = channel();
        let link = self.link.lock().unwrap_or_else(|p| p.into_inner());
        let generation = link.generation;
        self.waiting
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(id, (generation, tx));
        // Checked after the waiter is in: a reader that ended since has no one left to wake.
        if !link.alive.load(Ordering::SeqCst) {
            self.waiting
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .remove(&id);
            return (generation, Sent::Lost("the server has gone".into()));
        }
        let frame = ClientFrame::Call {
            id,
            call: call.clone(),
        };
        if let Err(e) = protocol::write_frame(&mut NoSignal(&link.stream), &frame) {
            self.waiting
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .remove(&id);
            return (generation, Sent::Lost(e.to_string()));
        }
        drop(link);
        let mut answer = rx.recv();
        while let Ok(Ok(Reply::Part(part))) = answer {
            sink(*part);
            answer = rx.recv();
        }
        match answer {
            Ok(a) => (generation, Sent::Answer(a)),
            Err(_) => (generation, Sent::Lost("no reply came".into())),
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
        *self.editing.lock().unwrap_or_else(|p| p.into_inner()) = household;
        let link = self.link.lock().unwrap_or_else(|p| p.into_inner());
        let _ = protocol::write_frame(
            &mut NoSignal(&link.stream),
            &ClientFrame::Editing(household),
        );
    }
}

//! The socket backend: calls go to the server as frames with ids; replies are matched to
//! their callers by id, and events the server pushes go to whoever subscribed.

use std::collections::HashMap;
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{channel, Sender};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use super::{Ask, Backend, BackendError, Result};
use crate::api::tables::Part;
use crate::model::Id;
use crate::server::protocol::{
    self, Call, ClientFrame, Reply, ServerEvent, ServerFrame, WireError,
};

/// What comes back for one request: parts of a long answer, then its end.
enum Incoming {
    Part(Part),
    Reply(std::result::Result<Reply, WireError>),
    Ack,
}

/// Callers waiting for a reply: the request id → the connection it went out on, and where
/// the answer goes.
type Waiters = Arc<Mutex<HashMap<u64, (u64, Sender<Incoming>)>>>;
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

/// How one sending of a frame went.
enum Sent {
    Answer(Incoming),
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
            let (id, incoming) = match frame {
                ServerFrame::Reply { id, result } => (id, Incoming::Reply(result)),
                ServerFrame::Ack { id } => (id, Incoming::Ack),
                ServerFrame::Part { id, part } => (id, Incoming::Part(*part)),
                ServerFrame::Event(e) => {
                    if let Some(f) = l2.lock().unwrap_or_else(|p| p.into_inner()).as_ref() {
                        f(e);
                    }
                    continue;
                }
                _ => continue,
            };
            let mut waiting = w2.lock().unwrap_or_else(|p| p.into_inner());
            // A part leaves its caller waiting for the rest.
            let tx = if matches!(incoming, Incoming::Part(_)) {
                waiting.get(&id).map(|(_, tx)| tx.clone())
            } else {
                waiting.remove(&id).map(|(_, tx)| tx)
            };
            drop(waiting);
            if let Some(tx) = tx {
                let _ = tx.send(incoming);
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
            super::spawn::connect_or_start(dir, true)?,
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
            // Quietly: a screen may be drawn over the terminal by now.
            let err = match super::spawn::connect_or_start(dir, false) {
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
        match self.exchange(&|id| ClientFrame::StopIfIdle { id }, false, &mut |_| {}) {
            Ok(_) | Err(BackendError::Connection(_)) => Ok(()),
            Err(e) => Err(e),
        }
    }

    /// Sends a frame (made with its request id) and waits for its end, handing any parts to
    /// `sink`. A frame lost with the connection is sent again over a new one when `resend`
    /// (sending it twice does no harm) and no part had come; any other is reported as perhaps
    /// not done.
    fn exchange(
        &self,
        frame: &dyn Fn(u64) -> ClientFrame,
        resend: bool,
        sink: &mut dyn FnMut(Part),
    ) -> Result<Incoming> {
        let mut attempt = 0;
        loop {
            attempt += 1;
            let mut parts = false;
            let (generation, sent) = self.send_once(frame, &mut |p| {
                parts = true;
                sink(p)
            });
            let why = match sent {
                Sent::Answer(Incoming::Reply(Err(e))) => return Err(e.into()),
                Sent::Answer(a) => return Ok(a),
                Sent::Lost(why) => why,
            };
            let Some(dir) = &self.dir else {
                return Err(broken(why));
            };
            // A stop asked of a server that has gone is done.
            if matches!(frame(0), ClientFrame::StopIfIdle { .. }) {
                return Err(broken(why));
            }
            self.reconnect(dir, generation)?;
            if !resend || parts {
                return Err(BackendError::Connection(
                    "the connection to the gridbook server broke before it answered, so it is not known whether this was done; look, then try again"
                        .into(),
                ));
            }
            if attempt >= ATTEMPTS {
                return Err(broken(why));
            }
        }
    }

    /// Sends a frame once over the current connection and waits for its end; the
    /// connection's generation goes with how it went.
    fn send_once(
        &self,
        frame: &dyn Fn(u64) -> ClientFrame,
        sink: &mut dyn FnMut(Part),
    ) -> (u64, Sent) {
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
        if let Err(e) = protocol::write_frame(&mut NoSignal(&link.stream), &frame(id)) {
            self.waiting
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .remove(&id);
            return (generation, Sent::Lost(e.to_string()));
        }
        drop(link);
        loop {
            match rx.recv() {
                Ok(Incoming::Part(part)) => sink(part),
                Ok(end) => return (generation, Sent::Answer(end)),
                Err(_) => return (generation, Sent::Lost("no reply came".into())),
            }
        }
    }
}

impl Backend for Remote {
    fn user(&self) -> &str {
        &self.user
    }

    fn send(&self, call: Call, sink: &mut dyn FnMut(Part)) -> Result<Reply> {
        let resend = call.resendable();
        let frame = |id| ClientFrame::Call {
            id,
            call: call.clone(),
        };
        match self.exchange(&frame, resend, sink)? {
            Incoming::Reply(Ok(reply)) => Ok(reply),
            _ => Err(broken("the server answered a call with no reply")),
        }
    }

    fn import_roster(
        &self,
        read: &mut crate::io::roster::ReadRoster<'_>,
        opts: &crate::store::import::ImportOptions,
        progress: crate::store::import::Progress<'_>,
    ) -> Result<crate::store::import::ImportOutcome> {
        use crate::api::import::{Import, RosterHead};
        use crate::io::roster::RosterHousehold;
        use crate::store::import::{ImportOutcome, ImportSummary};
        let upload = |households: &[RosterHousehold]| -> Result<()> {
            let frame = |id| ClientFrame::RosterPart {
                id,
                households: households.to_vec(),
            };
            self.exchange(&frame, false, &mut |_| {}).map(|_| ())
        };
        // Households are sent a part at a time as they are read; none is kept after.
        let mut part: Vec<RosterHousehold> = Vec::new();
        let mut bytes = 0usize;
        let mut sent = 0u64;
        let mut failed = None;
        let mut send = |part: &mut Vec<RosterHousehold>, failed: &mut Option<BackendError>| {
            if part.is_empty() || failed.is_some() {
                part.clear();
                return;
            }
            sent += part.len() as u64;
            progress("sending", sent, sent);
            if let Err(e) = upload(part) {
                *failed = Some(e);
            }
            part.clear();
        };
        let roster = read(&mut |h| {
            bytes += 64
                + h.people
                    .iter()
                    .map(|p| 96 + p.name.len() + p.id_number.len() + p.phone.len())
                    .sum::<usize>();
            part.push(h);
            if part.len() >= ROSTER_PART_HOUSEHOLDS || bytes >= ROSTER_PART_BYTES {
                send(&mut part, &mut failed);
                bytes = 0;
            }
        });
        // A roster with errors is refused before the store is looked at, as in-process.
        if !roster.problems.errors.is_empty() {
            return Ok(ImportOutcome {
                summary: ImportSummary {
                    method: "none".into(),
                    ..ImportSummary::default()
                },
                problems: roster.problems.clone(),
                ..ImportOutcome::default()
            });
        }
        send(&mut part, &mut failed);
        if let Some(e) = failed {
            return Err(e);
        }
        let head = RosterHead {
            header: roster.header.clone(),
            people: roster.people,
        };
        // The roster's own warnings first, then the server's, in row order as in-process.
        let mut problems = crate::io::Problems {
            errors: Vec::new(),
            warnings: roster.problems.warnings.clone(),
        };
        let summary = self.call_parts(Import(head, opts.clone()), &mut |part| match part {
            Part::Progress(stage, done, total) => progress(&stage, done, total),
            Part::Problems(p) => {
                problems.errors.extend(p.errors);
                problems.warnings.extend(p.warnings);
            }
            _ => {}
        })?;
        problems.sort();
        Ok(ImportOutcome {
            summary,
            problems,
            ..ImportOutcome::default()
        })
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

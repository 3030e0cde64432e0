//! The server: the one process that owns the store; clients reach it over a Unix socket in
//! the run directory, each in the scope of the OS user calling.

pub mod access;
pub mod identity;
pub mod protocol;
mod session;

use std::collections::HashMap;
use std::os::unix::fs::PermissionsExt;
use std::os::unix::net::UnixListener;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::Sender;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use protocol::{ServerEvent, ServerFrame};

use crate::model::Id;
use crate::store::{OpenOptions, Store};

/// What every connection shares: the store, the clients to push events to, presence.
pub struct Hub {
    pub store: Arc<Store>,
    pub search: Arc<crate::search::SearchCell>,
    pub dir: PathBuf,
    /// The socket clients reach it by, in the run directory.
    socket: PathBuf,
    /// Set once the server is stopping: a socket removed then is not made again.
    closing: std::sync::atomic::AtomicBool,
    clients: Mutex<HashMap<u64, Sender<ServerFrame>>>,
    presence: Mutex<HashMap<u64, (String, Id)>>,
    last_activity: Mutex<Instant>,
    conns: AtomicU64,
    /// Writes made, on their way to the thread that tells every client in one event a tick.
    changes: Mutex<Sender<(Vec<Id>, String)>>,
}

/// How long changes gather before every client hears of them in one event: writes that come
/// in a burst cost each client one frame, and a visit still shows elsewhere well within a
/// second.
const CHANGE_TICK: Duration = Duration::from_millis(50);

impl Hub {
    fn next_conn(&self) -> u64 {
        self.conns.fetch_add(1, Ordering::SeqCst) + 1
    }

    fn touch(&self) {
        *self.last_activity.lock().unwrap_or_else(|p| p.into_inner()) = Instant::now();
    }

    fn join(&self, conn: u64, tx: Sender<ServerFrame>) {
        self.touch();
        let presence = self.presence_for(conn);
        let _ = tx.send(ServerFrame::Event(ServerEvent::Presence(presence)));
        self.clients
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(conn, tx);
    }

    fn leave(&self, conn: u64) {
        self.touch();
        self.clients
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(&conn);
        let had = self
            .presence
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(&conn)
            .is_some();
        if had {
            self.broadcast_presence();
        }
    }

    fn editing(&self, conn: u64, user: &str, household: Option<Id>) {
        {
            let mut p = self.presence.lock().unwrap_or_else(|p| p.into_inner());
            match household {
                Some(h) => p.insert(conn, (user.to_string(), h)),
                None => p.remove(&conn),
            };
        }
        self.broadcast_presence();
    }

    /// Who has which household open, as one connection should see it: everyone but itself.
    fn presence_for(&self, conn: u64) -> Vec<(Id, String)> {
        let p = self.presence.lock().unwrap_or_else(|p| p.into_inner());
        let mut v: Vec<(Id, String)> = p
            .iter()
            .filter(|(c, _)| **c != conn)
            .map(|(_, (u, h))| (*h, u.clone()))
            .collect();
        v.sort();
        v.dedup();
        v
    }

    fn broadcast_presence(&self) {
        let clients = self.clients.lock().unwrap_or_else(|p| p.into_inner());
        for (conn, tx) in clients.iter() {
            let _ = tx.send(ServerFrame::Event(ServerEvent::Presence(
                self.presence_for(*conn),
            )));
        }
    }

    fn broadcast(&self, event: ServerEvent) {
        let clients = self.clients.lock().unwrap_or_else(|p| p.into_inner());
        for tx in clients.values() {
            let _ = tx.send(ServerFrame::Event(event.clone()));
        }
    }

    /// A write changed these households: every client hears of it at the next tick.
    fn changed(&self, households: Vec<Id>, by: &str) {
        let _ = self
            .changes
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .send((households, by.to_string()));
    }

    /// Gathers the changes of one tick into one event for every client, until the hub goes.
    fn tell_changes(
        hub: std::sync::Weak<Hub>,
        changes: std::sync::mpsc::Receiver<(Vec<Id>, String)>,
    ) {
        while let Ok(first) = changes.recv() {
            std::thread::sleep(CHANGE_TICK);
            let mut households: Vec<Id> = Vec::new();
            let mut by: Vec<String> = Vec::new();
            for (h, who) in std::iter::once(first).chain(changes.try_iter()) {
                households.extend(h);
                by.push(who);
            }
            households.sort_unstable();
            households.dedup();
            by.sort();
            by.dedup();
            let Some(hub) = hub.upgrade() else {
                return;
            };
            hub.broadcast(ServerEvent::Changed {
                households,
                by: by.join(", "),
            });
        }
    }

    /// Stops the server cleanly: the socket goes, the store is flushed, the process ends.
    fn stop(&self) -> ! {
        crate::log::line(
            &self.dir,
            "server stopping: a command needs the store to itself",
        );
        self.close();
        std::thread::sleep(Duration::from_millis(50));
        std::process::exit(0)
    }

    /// The socket goes and the store is flushed, before the process ends.
    fn close(&self) {
        self.closing.store(true, Ordering::SeqCst);
        let _ = std::fs::remove_file(&self.socket);
        let _ = self.store.durable();
    }

    fn connected(&self) -> usize {
        self.clients.lock().unwrap_or_else(|p| p.into_inner()).len()
    }
}

/// How long a server started on demand, whose program was replaced, waits with nobody
/// connected before it stops.
const UPGRADE_QUIET: Duration = Duration::from_secs(2);

/// The program file this server runs, as it was when the server started.
struct Program {
    path: Option<std::path::PathBuf>,
    seen: Option<(u64, u64, std::time::SystemTime)>,
}

impl Program {
    fn now() -> Program {
        let path = std::env::current_exe().ok();
        let seen = path.as_deref().and_then(Program::identity);
        Program { path, seen }
    }

    /// The file's device, inode and modification time.
    fn identity(path: &Path) -> Option<(u64, u64, std::time::SystemTime)> {
        use std::os::unix::fs::MetadataExt;
        let m = std::fs::metadata(path).ok()?;
        Some((m.dev(), m.ino(), m.modified().ok()?))
    }

    /// Whether another file (or none) now stands where the program was.
    fn replaced(&self) -> bool {
        match (&self.path, &self.seen) {
            (Some(path), Some(seen)) => Program::identity(path).as_ref() != Some(seen),
            _ => false,
        }
    }
}

/// Serves the store in `dir` until idle for `idle` (None: forever), on the socket in the run
/// directory. Only the data directory's owner may run it; the directory is made owner-only.
pub fn serve(dir: &Path, idle: Option<Duration>) -> anyhow::Result<()> {
    if !dir.exists() {
        std::fs::create_dir_all(dir).map_err(|e| {
            anyhow::anyhow!(
                "the data directory {} could not be made: {e}",
                dir.display()
            )
        })?;
    }
    access::must_own(dir, true).map_err(anyhow::Error::msg)?;
    access::tighten(dir)?;
    let run = access::run_dir(dir);
    access::make_run_dir(&run).map_err(|e| {
        anyhow::anyhow!("the run directory {} could not be made: {e}", run.display())
    })?;
    // Staff waiting for it read what it is doing; the store's own words go there too. (In
    // the data directory itself, nobody else needs to.)
    let status = run.join(access::STATUS);
    crate::log::status_to(status.clone(), if run == dir { 0o600 } else { 0o644 });
    crate::log::status("starting: opening the store");
    hold_for_tests();
    let store = Store::open(
        dir,
        OpenOptions {
            // A street's or the city's month of visits, its households and their heads fit
            // (issue 16: with 64 MB a city ledger rereads pages it just dropped).
            cache_bytes: 256 << 20,
            ..OpenOptions::default()
        },
    )?;
    let path = run.join(protocol::SOCKET);
    // We hold the store, so no other server is alive: a socket left here is stale.
    let _ = std::fs::remove_file(&path);
    let listener = bind(&path)?;
    let _ = std::fs::remove_file(&status);
    crate::log::line(dir, &format!("server started, pid {}", std::process::id()));
    let store = Arc::new(store);
    let (changes, told) = std::sync::mpsc::channel();
    let hub = Arc::new(Hub {
        search: crate::search::SearchCell::start(store.clone()),
        store,
        dir: dir.to_path_buf(),
        socket: path.clone(),
        closing: std::sync::atomic::AtomicBool::new(false),
        clients: Mutex::new(HashMap::new()),
        presence: Mutex::new(HashMap::new()),
        last_activity: Mutex::new(Instant::now()),
        conns: AtomicU64::new(0),
        changes: Mutex::new(changes),
    });
    {
        let hub = Arc::downgrade(&hub);
        std::thread::spawn(move || Hub::tell_changes(hub, told));
    }
    if let Some(idle) = idle {
        let hub = hub.clone();
        let program = Program::now();
        std::thread::spawn(move || loop {
            std::thread::sleep(Duration::from_millis(500).min(idle));
            let quiet = hub
                .last_activity
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .elapsed();
            if hub.connected() > 0 {
                continue;
            }
            // A server started on demand whose program has since been replaced (an
            // upgrade, a new build) makes way as soon as nobody uses it: the next client
            // starts the new one.
            let replaced = quiet >= UPGRADE_QUIET && program.replaced();
            if quiet >= idle || replaced {
                let why = if replaced {
                    "server's program was replaced and nobody is connected; stopping"
                } else {
                    "server idle; stopping"
                };
                crate::log::line(&hub.dir, why);
                hub.close();
                std::process::exit(0);
            }
        });
    }
    // A socket removed (or another put in its place) is made again within a second, so
    // clients keep reaching this server rather than finding the store busy.
    let mut listener = listener;
    loop {
        let bound = socket_identity(&path);
        {
            let hub = hub.clone();
            std::thread::spawn(move || accept(listener, hub));
        }
        loop {
            std::thread::sleep(SOCKET_WATCH);
            // Stopping: whoever closes it ends the process once the store is flushed.
            if hub.closing.load(Ordering::SeqCst) {
                continue;
            }
            if socket_identity(&path) != bound {
                break;
            }
        }
        let _ = std::fs::remove_file(&path);
        listener = loop {
            match bind(&path) {
                Ok(l) => break l,
                Err(e) => {
                    crate::log::line(dir, &e.to_string());
                    std::thread::sleep(SOCKET_WATCH);
                }
            }
        };
        crate::log::line(dir, "the socket was removed or replaced; made it again");
    }
}

/// How often the server looks that its socket is still there.
const SOCKET_WATCH: Duration = Duration::from_millis(500);

/// The socket's device and inode, or None when nothing is there.
fn socket_identity(path: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    std::fs::symlink_metadata(path)
        .ok()
        .map(|m| (m.dev(), m.ino()))
}

/// Binds the socket, 0660: the staff reach it through the group, others not at all.
fn bind(path: &Path) -> anyhow::Result<UnixListener> {
    let listener = UnixListener::bind(path)
        .map_err(|e| anyhow::anyhow!("the socket {} could not be made: {e}", path.display()))?;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o660))?;
    Ok(listener)
}

/// Takes the connections of one socket, each on a thread of its own.
fn accept(listener: UnixListener, hub: Arc<Hub>) {
    for stream in listener.incoming() {
        let Ok(stream) = stream else {
            continue;
        };
        let hub = hub.clone();
        std::thread::spawn(move || session::run(stream, hub));
    }
}

/// Holds a start for as many milliseconds as `GRIDBOOK_TEST_HOLD_START_MS` says (at most a
/// minute): how the tests make a slow recovery. Nothing else changes.
fn hold_for_tests() {
    let Some(ms) = std::env::var("GRIDBOOK_TEST_HOLD_START_MS")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
    else {
        return;
    };
    crate::log::status("recovering: replaying the write journal (held by a test)");
    std::thread::sleep(Duration::from_millis(ms.min(60_000)));
}

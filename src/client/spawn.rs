//! Finding the server, or starting one: a lock file makes sure that clients starting at the
//! same moment start one server between them; a socket left by a crash is cleaned up; a
//! server still starting is waited for, its progress shown.

use std::os::unix::net::UnixStream;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::BackendError;
use crate::server::access;

/// How long an automatically started server stays up with no clients.
pub const AUTO_IDLE_MINUTES: u64 = 10;

fn failed(msg: String) -> BackendError {
    BackendError::Connection(msg)
}

/// A connected socket to the server for `dir`, checked to run as the directory's owner,
/// starting the server first if none runs and this user owns the directory. A server that
/// is starting (recovering after a crash, say) is waited for as long as it lives, and what it
/// is doing is shown on stderr when `tell` (not under a screen already drawn).
pub fn connect_or_start(dir: &Path, tell: bool) -> Result<UnixStream, BackendError> {
    // What the server does is worth a word once it has kept us waiting a second.
    let speak_from = tell.then(|| Instant::now() + QUIET);
    let mut shown = None;
    // A server starting, by another client or the service manager: wait for it.
    while let Some(doing) = access::starting(dir) {
        if let Some(s) = connect(dir)? {
            return Ok(s);
        }
        show(&doing, speak_from, &mut shown);
        std::thread::sleep(POLL);
    }
    if let Some(s) = connect(dir)? {
        return Ok(s);
    }
    access::may_start(dir).map_err(BackendError::Refused)?;
    std::fs::create_dir_all(dir).map_err(|e| {
        failed(format!(
            "the data directory {} could not be made: {e}",
            dir.display()
        ))
    })?;
    let lock_path = dir.join("server.lock");
    let lock_file = std::fs::File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock_path)
        .map_err(|e| failed(format!("{} could not be opened: {e}", lock_path.display())))?;
    // Another client holding the lock is starting the server: say what it is doing meanwhile.
    let mut lock_file = lock_file;
    let _lock = loop {
        match nix::fcntl::Flock::lock(lock_file, nix::fcntl::FlockArg::LockExclusiveNonblock) {
            Ok(lock) => break lock,
            Err((file, nix::errno::Errno::EWOULDBLOCK)) => {
                lock_file = file;
                if let Some(doing) = access::starting(dir) {
                    show(&doing, speak_from, &mut shown);
                }
                std::thread::sleep(POLL);
            }
            Err((_, e)) => {
                return Err(failed(format!(
                    "{} could not be locked: {e}",
                    lock_path.display()
                )))
            }
        }
    };
    // Someone may have started it while we waited for the lock.
    if let Some(s) = connect(dir)? {
        return Ok(s);
    }
    let exe = std::env::current_exe()
        .map_err(|e| failed(format!("gridbook could not find its own program: {e}")))?;
    let log = std::fs::File::options()
        .create(true)
        .append(true)
        .open(dir.join("gridbook.log"))
        .map_err(|e| {
            failed(format!(
                "the log in {} could not be opened: {e}",
                dir.display()
            ))
        })?;
    let mut cmd = Command::new(exe);
    cmd.arg("--data")
        .arg(dir)
        .arg("--run")
        .arg(access::run_dir(dir))
        .arg("serve")
        .arg("--idle")
        .arg(AUTO_IDLE_MINUTES.to_string())
        .env_remove("GRIDBOOK_IN_PROCESS")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::from(log));
    // Its own session: a closed terminal or an SSH drop does not take the server down.
    unsafe {
        cmd.pre_exec(|| {
            let _ = nix::unistd::setsid();
            Ok(())
        });
    }
    let mut child = cmd
        .spawn()
        .map_err(|e| failed(format!("the gridbook server could not be started: {e}")))?;
    // However long it takes (a recovery after a crash may take minutes), it is waited for
    // while it lives: killing it would only start the recovery over.
    loop {
        if let Some(s) = connect(dir)? {
            // The server lives on by itself; reap it from a thread if it ever exits.
            std::thread::spawn(move || {
                let _ = child.wait();
            });
            return Ok(s);
        }
        if let Ok(Some(status)) = child.try_wait() {
            return Err(failed(match last_error(dir) {
                Some(why) => format!("the gridbook server could not start: {why}"),
                None => format!(
                    "the gridbook server stopped at once ({status}); see {} for why",
                    dir.join("gridbook.log").display()
                ),
            }));
        }
        if let Some(doing) = access::starting(dir) {
            show(&doing, speak_from, &mut shown);
        }
        std::thread::sleep(POLL);
    }
}

/// How often a client waiting for a server looks again.
const POLL: Duration = Duration::from_millis(20);
/// A server that answers within this is not worth a word on the screen.
const QUIET: Duration = Duration::from_secs(1);

/// The server's socket, if one answers as the data directory's owner.
fn connect(dir: &Path) -> Result<Option<UnixStream>, BackendError> {
    access::connect_checked(dir).map_err(BackendError::Refused)
}

/// Says on stderr what the server being waited for is doing, once per step, from
/// `speak_from` on (never when None).
fn show(doing: &str, speak_from: Option<Instant>, shown: &mut Option<String>) {
    if speak_from.is_none_or(|t| Instant::now() < t) || shown.as_deref() == Some(doing) {
        return;
    }
    let line = format!("the server is {doing}…");
    // The status file is the server's, but it is read before anyone is asked who they are.
    eprintln!(
        "gridbook: {}",
        crate::model::shown::escape(&crate::i18n::localize(&line, crate::i18n::Lang::from_env()))
    );
    *shown = Some(doing.to_string());
}

/// The server's own sentence for why it stopped, from the end of the log.
fn last_error(dir: &Path) -> Option<String> {
    let log = std::fs::read_to_string(dir.join("gridbook.log")).ok()?;
    log.lines()
        .rev()
        .find_map(|l| l.strip_prefix("gridbook: ").map(str::to_string))
}

//! Who may reach the store: the run directory that holds the socket, the data directory's
//! owner-only modes, the check on both ends that the server runs as the directory's owner,
//! and the one sentence each for those who may not.

use std::io::ErrorKind;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use super::identity::{peer_uid, user_name};
use super::protocol::SOCKET;

/// The run directory given with `--run`, for this process.
static RUN: OnceLock<PathBuf> = OnceLock::new();

/// The server's progress while it starts, in the run directory (readable by the staff).
pub const STATUS: &str = "gridbook.status";

/// Sets the run directory for this process (from `--run`); the first one set stays.
pub fn set_run_dir(dir: PathBuf) {
    let _ = RUN.set(dir);
}

/// Where the socket of the store in `data` lives: `--run`, `$GRIDBOOK_RUN`, or the data
/// directory itself (one person's own store, nothing shared).
pub fn run_dir(data: &Path) -> PathBuf {
    RUN.get()
        .cloned()
        .or_else(|| std::env::var_os("GRIDBOOK_RUN").map(PathBuf::from))
        .unwrap_or_else(|| data.to_path_buf())
}

/// The socket of the server for `data`.
pub fn socket(data: &Path) -> PathBuf {
    run_dir(data).join(SOCKET)
}

fn me() -> u32 {
    nix::unistd::getuid().as_raw()
}

/// The uid owning `data`; None when it does not exist yet. An account that may not even
/// look at it gets the access sentence.
pub fn owner(data: &Path) -> Result<Option<u32>, String> {
    match std::fs::metadata(data) {
        Ok(m) => Ok(Some(m.uid())),
        Err(e) if e.kind() == ErrorKind::NotFound => Ok(None),
        Err(e) if e.kind() == ErrorKind::PermissionDenied => Err(no_access(data)),
        Err(e) => Err(format!(
            "the data directory {} could not be read: {e}",
            data.display()
        )),
    }
}

/// For an account the OS keeps out of the store: its user, the group it needs (that of the
/// nearest directory on the way to the socket it may look at) and whom to ask.
pub fn no_access(data: &Path) -> String {
    let group = run_dir(data)
        .ancestors()
        .find_map(|d| std::fs::metadata(d).ok())
        .and_then(|m| nix::unistd::Group::from_gid(nix::unistd::Gid::from_raw(m.gid())).ok())
        .flatten()
        .map(|g| g.name)
        .unwrap_or_else(|| "gridbook".into());
    let user = user_name(me());
    format!(
        "the user {user} may not use the gridbook store at {}; an admin adds it to the group {group}: sudo usermod -aG {group} {user}",
        data.display()
    )
}

/// Refuses a process that would open the store itself (`serve`, `GRIDBOOK_IN_PROCESS=1`)
/// unless it runs as the data directory's owner, root included: a copy of the store in
/// another user's hands is what the modes keep out.
pub fn must_own(data: &Path, serving: bool) -> Result<(), String> {
    let Some(owner) = owner(data)? else {
        return Ok(());
    };
    if owner == me() {
        return Ok(());
    }
    let name = user_name(owner);
    let dir = data.display();
    Err(if serving {
        format!("the server for {dir} must run as {name}, who owns it; start it with: sudo -u {name} gridbook serve")
    } else {
        format!("only {name}, who owns {dir}, may open it in-process; run the command as {name} (sudo -u {name} gridbook ...) or without GRIDBOOK_IN_PROCESS")
    })
}

/// Connects to the server for `data` if one answers, and makes sure it runs as the data
/// directory's owner (or, for a directory not made yet, as this user) before anything is
/// sent. None when no server answers.
pub fn connect_checked(data: &Path) -> Result<Option<UnixStream>, String> {
    let owner = owner(data)?.unwrap_or_else(me);
    let sock = socket(data);
    let stream = match UnixStream::connect(&sock) {
        Ok(s) => s,
        Err(e) if e.kind() == ErrorKind::PermissionDenied => return Err(no_access(data)),
        Err(_) => return Ok(None),
    };
    let peer = peer_uid(&stream).map_err(|e| {
        format!(
            "who runs the server at {} could not be read: {e}",
            sock.display()
        )
    })?;
    if peer != owner {
        let _ = stream.shutdown(std::net::Shutdown::Both);
        return Err(format!(
            "the server at {} runs as {}, not as {} who owns {}; nothing was sent to it – tell an admin",
            sock.display(),
            user_name(peer),
            user_name(owner),
            data.display()
        ));
    }
    Ok(Some(stream))
}

/// Whether this user may start a server for `data`: only its owner (or anyone, for a
/// directory not made yet); anyone else is told the service is not running.
pub fn may_start(data: &Path) -> Result<(), String> {
    match owner(data)? {
        Some(o) if o != me() => Err(format!(
            "the gridbook service for {} is not running; an admin starts it with: sudo systemctl start gridbook",
            data.display()
        )),
        _ => Ok(()),
    }
}

/// Makes a data directory owner-only, as one made by an older build may not be: the
/// directory and those under it 0700, every file 0600 (sockets and links left alone).
/// Logs once what it changed.
pub fn tighten(data: &Path) -> std::io::Result<()> {
    let mut changed = 0usize;
    let mut stack = vec![data.to_path_buf()];
    while let Some(path) = stack.pop() {
        let m = std::fs::symlink_metadata(&path)?;
        let t = m.file_type();
        let want = if t.is_dir() {
            0o700
        } else if t.is_file() {
            0o600
        } else {
            continue;
        };
        if m.mode() & 0o7777 != want {
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(want))?;
            changed += 1;
        }
        if t.is_dir() {
            for entry in std::fs::read_dir(&path)? {
                stack.push(entry?.path());
            }
        }
    }
    if changed > 0 {
        crate::log::line(
            data,
            &format!("made {changed} files and folders of the store readable by their owner alone (they were open to others)"),
        );
    }
    Ok(())
}

/// The run directory made if missing: 0750, so the staff group may reach the socket and
/// no one else may change what is in it.
pub fn make_run_dir(run: &Path) -> std::io::Result<()> {
    if run.exists() {
        return Ok(());
    }
    std::fs::create_dir_all(run)?;
    std::fs::set_permissions(run, std::fs::Permissions::from_mode(0o750))
}

/// What a server starting on `data` is doing, if one is: its pid and its words. A status
/// left by a server that has died is not one.
pub fn starting(data: &Path) -> Option<String> {
    let text = std::fs::read_to_string(run_dir(data).join(STATUS)).ok()?;
    let (pid, doing) = text.split_once('\n')?;
    let pid: i32 = pid.trim().parse().ok()?;
    let alive = !matches!(
        nix::sys::signal::kill(nix::unistd::Pid::from_raw(pid), None),
        Err(nix::errno::Errno::ESRCH)
    );
    alive.then(|| doing.trim().to_string())
}

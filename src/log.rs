//! The log file: `gridbook.log` in the data directory, and a starting server's status line.
//! Nothing is ever logged to the screen.

use std::io::Write;
use std::path::Path;

/// Appends one timestamped line to the data directory's log; a failure to log is ignored.
pub fn line(dir: &Path, text: &str) {
    let path = dir.join("gridbook.log");
    if let Ok(mut f) = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
    {
        let _ = writeln!(
            f,
            "{} {}",
            chrono::Local::now().format("%Y-%m-%d %H:%M:%S"),
            crate::model::shown::escape(text)
        );
    }
}

/// Where a starting server says what it is doing, and the file's mode (set by the server;
/// nobody else writes it).
static STATUS: std::sync::OnceLock<(std::path::PathBuf, u32)> = std::sync::OnceLock::new();

/// Sends this process's progress to `path` (made with `mode`) from now on: the server's
/// status file, which a client waiting for it reads and shows.
pub fn status_to(path: std::path::PathBuf, mode: u32) {
    let _ = STATUS.set((path, mode));
}

/// Says what a starting server is doing now (e.g. "recovering: replaying 12 saved batches"),
/// for a client waiting for it; nothing in any other process. The file is replaced whole, so
/// a reader never sees half of it.
pub fn status(text: &str) {
    use std::os::unix::fs::OpenOptionsExt;
    let Some((path, mode)) = STATUS.get() else {
        return;
    };
    let fresh = path.with_extension("new");
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(*mode)
        .open(&fresh)
        .and_then(|mut f| write!(f, "{}\n{text}\n", std::process::id()));
    if written.is_ok() {
        let _ = std::fs::rename(&fresh, path);
    }
}

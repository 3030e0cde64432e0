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
            text
        );
    }
}

/// Where a starting server says what it is doing (set by the server; nobody else writes it).
static STATUS: std::sync::OnceLock<std::path::PathBuf> = std::sync::OnceLock::new();

/// Sends this process's progress to `path` from now on: the server's status file, which a
/// client waiting for it reads and shows.
pub fn status_to(path: std::path::PathBuf) {
    let _ = STATUS.set(path);
}

/// Says what a starting server is doing now (e.g. "recovering: replaying 12 saved batches"),
/// for a client waiting for it; nothing in any other process.
pub fn status(text: &str) {
    if let Some(path) = STATUS.get() {
        let _ = std::fs::write(path, format!("{}\n{text}\n", std::process::id()));
    }
}

//! The log file: `gridbook.log` in the data directory. Nothing is ever logged to the screen.

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

//! Everything the command line prints, to stdout and to stderr, goes through here with its
//! control characters escaped (model::shown), so no name, note or file cell reaches the
//! terminal raw. Commands print with `outln!`, `out!`, `errln!` and `json`; the lint on the
//! cli module refuses `println!` and its kin anywhere else.

use std::io::Write;

use crate::model::shown;

/// Writes `text` to stdout, escaped. A closed pipe ends the process (SIGPIPE), as other tools do.
pub fn stdout(text: &str) {
    let _ = std::io::stdout()
        .lock()
        .write_all(shown::escape(text).as_bytes());
}

/// Writes `text` to stderr, escaped.
pub fn stderr(text: &str) {
    let _ = std::io::stderr()
        .lock()
        .write_all(shown::escape(text).as_bytes());
}

/// One value as a line of JSON, its control characters written as JSON escapes.
pub fn json<T: serde::Serialize + ?Sized>(value: &T) -> serde_json::Result<()> {
    json_line(&serde_json::to_string(value)?);
    Ok(())
}

/// A line of JSON already written, its control characters written as JSON escapes.
pub fn json_line(json: &str) {
    let _ = writeln!(std::io::stdout().lock(), "{}", shown::escape_json(json));
}

/// `println!`, escaped.
macro_rules! outln {
    () => {
        $crate::cli::out::stdout("\n")
    };
    ($($arg:tt)*) => {
        $crate::cli::out::stdout(&format!("{}\n", format_args!($($arg)*)))
    };
}

/// `print!`, escaped.
macro_rules! out {
    ($($arg:tt)*) => {
        $crate::cli::out::stdout(&format!($($arg)*))
    };
}

/// `eprintln!`, escaped.
macro_rules! errln {
    ($($arg:tt)*) => {
        $crate::cli::out::stderr(&format!("{}\n", format_args!($($arg)*)))
    };
}

/// `eprint!`, escaped.
macro_rules! err {
    ($($arg:tt)*) => {
        $crate::cli::out::stderr(&format!($($arg)*))
    };
}

pub(crate) use {err, errln, out, outln};

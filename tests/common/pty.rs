//! Drives the real gridbook binary in a pseudo-terminal and reads its screen with vt100.

use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{native_pty_system, Child, CommandBuilder, MasterPty, PtySize};

/// What the program wrote, chunk by chunk, with the time each arrived.
pub type Chunks = Arc<Mutex<Vec<(Instant, Vec<u8>)>>>;

pub struct Session {
    pub parser: Arc<Mutex<vt100::Parser>>,
    /// Everything the program wrote, chunk by chunk with the time it arrived.
    pub chunks: Chunks,
    writer: Box<dyn Write + Send>,
    pub child: Box<dyn Child + Send + Sync>,
    master: Box<dyn MasterPty + Send>,
}

impl Session {
    /// Starts `gridbook ARGS` on the store in `data`, in a `cols`×`rows` terminal, with the
    /// store opened in that process.
    pub fn start(data: &Path, args: &[&str], cols: u16, rows: u16) -> Session {
        Session::launch(data, args, cols, rows, false)
    }

    /// The same, as a client of the gridbook server (started when none runs).
    pub fn start_client(data: &Path, args: &[&str], cols: u16, rows: u16) -> Session {
        Session::launch(data, args, cols, rows, true)
    }

    /// The same as `start`, with more variables in the program's environment (a HOME of the
    /// test's own, say).
    pub fn start_env(
        data: &Path,
        args: &[&str],
        cols: u16,
        rows: u16,
        env: &[(&str, &Path)],
    ) -> Session {
        Session::launch_env(data, args, cols, rows, false, env)
    }

    /// The same as `start_client`, the program run through `wrapper` (such as `setpriv
    /// --reuid=65534 --regid=0 --clear-groups --`, as another OS user), with more variables
    /// in its environment.
    pub fn start_wrapped(
        wrapper: &[&str],
        data: &Path,
        args: &[&str],
        cols: u16,
        rows: u16,
        env: &[(&str, &Path)],
    ) -> Session {
        Session::launch_via(wrapper, data, args, cols, rows, true, env)
    }

    fn launch(data: &Path, args: &[&str], cols: u16, rows: u16, server: bool) -> Session {
        Session::launch_env(data, args, cols, rows, server, &[])
    }

    fn launch_env(
        data: &Path,
        args: &[&str],
        cols: u16,
        rows: u16,
        server: bool,
        env: &[(&str, &Path)],
    ) -> Session {
        Session::launch_via(&[], data, args, cols, rows, server, env)
    }

    fn launch_via(
        wrapper: &[&str],
        data: &Path,
        args: &[&str],
        cols: u16,
        rows: u16,
        server: bool,
        env: &[(&str, &Path)],
    ) -> Session {
        let pty = native_pty_system();
        let pair = pty
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("a pseudo-terminal");
        let bin = env!("CARGO_BIN_EXE_gridbook");
        let mut cmd = CommandBuilder::new(wrapper.first().copied().unwrap_or(bin));
        if let Some((_, rest)) = wrapper.split_first() {
            for a in rest {
                cmd.arg(a);
            }
            cmd.arg(bin);
        }
        cmd.arg("--data");
        cmd.arg(data);
        for a in args {
            cmd.arg(a);
        }
        cmd.env("TERM", "xterm-256color");
        cmd.env("LANG", "zh_CN.UTF-8");
        if !server {
            cmd.env("GRIDBOOK_IN_PROCESS", "1");
        }
        for (name, value) in env {
            cmd.env(name, value);
        }
        let child = pair.slave.spawn_command(cmd).expect("gridbook starts");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().unwrap();
        let writer = pair.master.take_writer().unwrap();
        let parser = Arc::new(Mutex::new(vt100::Parser::new(rows, cols, 0)));
        let chunks = Arc::new(Mutex::new(Vec::new()));
        let (p, c) = (parser.clone(), chunks.clone());
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                p.lock().unwrap().process(&buf[..n]);
                c.lock().unwrap().push((Instant::now(), buf[..n].to_vec()));
            }
        });
        Session {
            parser,
            chunks,
            writer,
            child,
            master: pair.master,
        }
    }

    /// Resizes the terminal, as a person dragging the window would.
    /// The screen we read takes the new size first, under its lock: output drawn for the
    /// new size can then never be read into the old one (the reader waits for the lock).
    pub fn resize(&mut self, cols: u16, rows: u16) {
        let mut parser = self.parser.lock().unwrap();
        parser.screen_mut().set_size(rows, cols);
        self.master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        drop(parser);
    }

    pub fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    pub fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    /// Waits until the screen satisfies `ok`, or panics with the screen after `secs`.
    pub fn wait_for(&self, what: &str, secs: u64, ok: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(secs);
        loop {
            let s = self.screen();
            if ok(&s) {
                return s;
            }
            if Instant::now() > deadline {
                panic!("waited {secs}s for {what}; the screen shows:\n{s}");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Waits for the program to exit and returns its exit code.
    pub fn wait_exit(&mut self, secs: u64) -> u32 {
        let deadline = Instant::now() + Duration::from_secs(secs);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.exit_code();
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!(
                    "gridbook did not exit within {secs}s; the screen shows:\n{}",
                    self.screen()
                );
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// How many chunks have arrived so far.
    pub fn mark(&self) -> usize {
        self.chunks.lock().unwrap().len()
    }

    /// Waits for the end of the next whole frame after chunk `mark` (the end of a
    /// synchronized update); returns when it arrived and the bytes up to it.
    pub fn next_frame(&self, mark: usize, secs: u64) -> Option<(Instant, usize)> {
        const END: &[u8] = b"\x1b[?2026l";
        let deadline = Instant::now() + Duration::from_secs(secs);
        loop {
            {
                let chunks = self.chunks.lock().unwrap();
                let mut seen: Vec<u8> = Vec::new();
                for (at, bytes) in chunks.iter().skip(mark) {
                    seen.extend_from_slice(bytes);
                    if let Some(pos) = seen.windows(END.len()).position(|w| w == END) {
                        return Some((*at, pos + END.len()));
                    }
                }
            }
            if Instant::now() > deadline {
                return None;
            }
            std::thread::sleep(Duration::from_micros(200));
        }
    }

    /// Waits until nothing has arrived for `quiet`.
    pub fn settle(&self, quiet: Duration) {
        loop {
            let last = self.chunks.lock().unwrap().last().map(|c| c.0);
            match last {
                Some(at) if at.elapsed() < quiet => {
                    std::thread::sleep(quiet.saturating_sub(at.elapsed()))
                }
                _ => return,
            }
        }
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

/// The screen cell by cell: each row as the terminal holds it, a wide character in its first
/// cell and "" in the cell it covers, a blank as " ".
pub fn cells(s: &Session) -> Vec<Vec<String>> {
    let parser = s.parser.lock().unwrap();
    let screen = parser.screen();
    let (rows, cols) = screen.size();
    (0..rows)
        .map(|r| {
            (0..cols)
                .map(|c| match screen.cell(r, c) {
                    Some(cell) if cell.is_wide_continuation() => String::new(),
                    Some(cell) if cell.has_contents() => cell.contents().to_string(),
                    _ => " ".to_string(),
                })
                .collect()
        })
        .collect()
}

/// Border cells that are not borders: a cell between two pieces of a vertical line (or of a
/// horizontal one) that is itself no piece of a line, as text or half a wide character
/// written over the border would be.
pub fn broken_borders(grid: &[Vec<String>]) -> Vec<String> {
    const DOWN: &[&str] = &["│", "┌", "┐", "├", "┤", "┬", "┼"];
    const UP: &[&str] = &["│", "└", "┘", "├", "┤", "┴", "┼"];
    const RIGHT: &[&str] = &["─", "┌", "└", "├", "┬", "┴", "┼"];
    const LEFT: &[&str] = &["─", "┐", "┘", "┤", "┬", "┴", "┼"];
    let is_box = |c: &str| {
        c.chars()
            .next()
            .is_some_and(|c| ('\u{2500}'..='\u{257f}').contains(&c))
    };
    let mut out = Vec::new();
    for r in 0..grid.len() {
        for c in 0..grid[r].len() {
            let cell = grid[r][c].as_str();
            if is_box(cell) {
                continue;
            }
            let vertical = r > 0
                && r + 1 < grid.len()
                && DOWN.contains(&grid[r - 1][c].as_str())
                && UP.contains(&grid[r + 1][c].as_str());
            let horizontal = c > 0
                && c + 1 < grid[r].len()
                && RIGHT.contains(&grid[r][c - 1].as_str())
                && LEFT.contains(&grid[r][c + 1].as_str());
            if vertical || horizontal {
                let row: String = grid[r].concat();
                out.push(format!(
                    "row {r} column {c} holds {cell:?} on a border: {row}"
                ));
            }
        }
    }
    out
}

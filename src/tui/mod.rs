//! The terminal interface: app state, actions, screens, widgets, keymaps and strings.

pub mod action;
pub mod app;
pub mod config;
pub mod form;
pub mod forms;
pub mod i18n;
pub mod keymap;
pub mod nav;
pub mod sync_text;
pub mod terminal;
pub mod view;
pub mod worker;

use std::io::{self, BufWriter, Write};
use std::path::Path;
use std::sync::mpsc;
use std::sync::Arc;

use crossterm::event::{self, Event as TermEvent};
use crossterm::queue;
use crossterm::terminal::{BeginSynchronizedUpdate, Clear, ClearType, EndSynchronizedUpdate};
use ratatui::backend::CrosstermBackend;
use ratatui::Terminal;
use signal_hook::consts::{SIGHUP, SIGTERM};

use crate::client::Backend;
use app::App;
use worker::Response;

/// What the event loop waits on: the terminal, the store worker and signals, in one channel.
pub enum Event {
    Term(TermEvent),
    Answer(Response),
    Signal(i32),
    InputClosed,
    /// A change or presence the server pushed.
    Server(crate::server::protocol::ServerEvent),
}

/// How the user set the interface up: language, keys, borders.
pub struct Settings {
    pub lang: i18n::Lang,
    pub keymap: keymap::Keymap,
    /// Problems found in the user's keymap; the first is shown at start, all are logged.
    pub keymap_problems: Vec<String>,
    pub ascii_borders: bool,
    /// The folder the 台账 screen writes into.
    pub ledger_dir: std::path::PathBuf,
}

pub fn run(backend: Box<dyn Backend>, settings: Settings, dir: &Path) -> anyhow::Result<()> {
    for p in &settings.keymap_problems {
        crate::log::line(dir, p);
    }
    let (tx, rx) = mpsc::channel::<Event>();

    let user = backend.user().to_string();
    let pushed = std::sync::Mutex::new(tx.clone());
    backend.subscribe(Box::new(move |e| {
        let _ = pushed.lock().map(|tx| tx.send(Event::Server(e)));
    }));
    let answers = tx.clone();
    let requests = worker::spawn(Arc::from(backend), move |resp| {
        let _ = answers.send(Event::Answer(resp));
    });

    let signals = tx.clone();
    let mut sig = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP])?;
    std::thread::spawn(move || {
        if let Some(s) = sig.forever().next() {
            let _ = signals.send(Event::Signal(s));
        }
    });

    let guard = terminal::TerminalGuard::enter()?;
    let input = tx.clone();
    std::thread::spawn(move || loop {
        match event::read() {
            Ok(e) => {
                if input.send(Event::Term(e)).is_err() {
                    break;
                }
            }
            Err(_) => {
                let _ = input.send(Event::InputClosed);
                break;
            }
        }
    });

    let mut term = Terminal::new(CrosstermBackend::new(BufWriter::with_capacity(
        64 << 10,
        io::stdout(),
    )))?;
    let (mut app, first) = App::new(settings.lang, settings.keymap, crate::model::time::today());
    app.ascii_borders = settings.ascii_borders;
    app.ledger_dir = settings.ledger_dir;
    app.user = user;
    if let Some(p) = settings.keymap_problems.first() {
        let p = crate::i18n::localize(p, settings.lang);
        let more = settings.keymap_problems.len() - 1;
        app.status = Some(if more > 0 {
            let lang = settings.lang;
            crate::tr!(
                lang,
                "{p}（另有 {more} 处，见 gridbook keymap check）",
                "{p} (+{more} more: gridbook keymap check)"
            )
        } else {
            p
        });
    }
    let size = term.size()?;
    app.on_resize(size.width, size.height);
    for r in first {
        let _ = requests.send(r);
    }
    let result = event_loop(&mut app, &mut term, &rx, &requests);
    drop(guard);
    if let Err(e) = &result {
        crate::log::line(dir, &format!("the screen stopped: {e}"));
    }
    result
}

fn event_loop(
    app: &mut App,
    term: &mut Terminal<CrosstermBackend<BufWriter<io::Stdout>>>,
    rx: &mpsc::Receiver<Event>,
    requests: &mpsc::Sender<worker::Request>,
) -> anyhow::Result<()> {
    let mut moves_seen = app.moves;
    let mut rest_at: Option<std::time::Instant> = None;
    loop {
        if app.repaint {
            // Not `term.clear()`: ratatui reads the cursor position there, and the answer
            // never comes while the input thread holds crossterm's reader (ctrl-l froze for
            // two seconds, then the screen exited). Clearing the screen and forgetting the
            // last frame does the same without asking the terminal anything.
            queue!(term.backend_mut(), Clear(ClearType::All))?;
            term.swap_buffers();
            app.repaint = false;
            app.dirty = true;
        }
        if app.dirty {
            draw(app, term)?;
            app.dirty = false;
        }
        if app.quit {
            return Ok(());
        }
        // The detail pane follows the household cursor once it has rested this long, so a
        // held key redraws the cursor line only.
        if app.moves != moves_seen {
            moves_seen = app.moves;
            rest_at = Some(std::time::Instant::now() + REST);
        }
        let first = match rest_at {
            Some(at) => {
                match rx.recv_timeout(at.saturating_duration_since(std::time::Instant::now())) {
                    Ok(ev) => ev,
                    Err(mpsc::RecvTimeoutError::Timeout) => {
                        rest_at = None;
                        for r in app.rest() {
                            let _ = requests.send(r);
                        }
                        continue;
                    }
                    Err(mpsc::RecvTimeoutError::Disconnected) => return Ok(()),
                }
            }
            None => match rx.recv() {
                Ok(ev) => ev,
                Err(_) => return Ok(()),
            },
        };
        // Coalesce a burst (key repeat, paste, answers) into one frame.
        for ev in std::iter::once(first).chain(rx.try_iter()) {
            let reqs = match ev {
                Event::Term(TermEvent::Key(k)) => app.on_key(k),
                Event::Term(TermEvent::Paste(p)) => app.on_paste(&p),
                Event::Term(TermEvent::Resize(w, h)) => {
                    term.autoresize()?;
                    app.on_resize(w, h);
                    Vec::new()
                }
                Event::Term(_) => Vec::new(),
                Event::Answer(resp) => app.on_answer(resp),
                Event::Server(e) => app.on_server(e),
                Event::Signal(_) | Event::InputClosed => {
                    app.quit = true;
                    Vec::new()
                }
            };
            for r in reqs {
                let _ = requests.send(r);
            }
            if app.quit {
                break;
            }
        }
    }
}

/// How long the household cursor rests before the detail pane follows it.
const REST: std::time::Duration = std::time::Duration::from_millis(50);

/// One frame, sent as a synchronized update so the terminal never shows half of it.
fn draw(app: &App, term: &mut Terminal<CrosstermBackend<BufWriter<io::Stdout>>>) -> io::Result<()> {
    queue!(term.backend_mut(), BeginSynchronizedUpdate)?;
    term.draw(|f| view::draw(app, f))?;
    queue!(term.backend_mut(), EndSynchronizedUpdate)?;
    term.backend_mut().flush()
}

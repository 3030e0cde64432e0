//! Terminal torture: every screen at sizes from 1×1 to 300×100, random resizes between
//! frames, and 100,000 random key presses against the update function.

mod common;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use gridbook::tui::app::{App, Overlay, Pane};
use gridbook::tui::i18n::Lang;
use gridbook::tui::nav::NodeKind;
use gridbook::tui::view;
use rand::{Rng, SeedableRng};
use ratatui::backend::TestBackend;
use ratatui::Terminal;

fn draw(app: &App, w: u16, h: u16) {
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    term.draw(|f| view::draw(app, f)).unwrap();
}

/// What must hold after any key: cursors inside their lists, the list matching the tree.
fn assert_consistent(app: &App, step: usize) {
    let t = &app.tree;
    assert!(
        t.visible.is_empty() || t.cursor < t.visible.len(),
        "step {step}: tree cursor out of range"
    );
    assert!(
        app.households.is_empty() || app.hh_cursor < app.households.len(),
        "step {step}: household cursor {} of {}",
        app.hh_cursor,
        app.households.len()
    );
    if let (Some(b), false) = (app.households_of, app.households_loading) {
        assert_eq!(
            t.selected().map(|n| n.kind),
            Some(NodeKind::Building(b)),
            "step {step}: the list shows a building that is not selected"
        );
    }
    if let (Some(d), Some(h)) = (&app.detail, app.selected_household()) {
        assert_eq!(
            d.household.id, h.id,
            "step {step}: the detail shows another household"
        );
    }
}

const KEYS: &[KeyCode] = &[
    KeyCode::Up,
    KeyCode::Down,
    KeyCode::Left,
    KeyCode::Right,
    KeyCode::Enter,
    KeyCode::Esc,
    KeyCode::Tab,
    KeyCode::BackTab,
    KeyCode::PageUp,
    KeyCode::PageDown,
    KeyCode::Home,
    KeyCode::End,
    KeyCode::Backspace,
    KeyCode::Delete,
    KeyCode::F(1),
    KeyCode::F(2),
];

fn random_key(rng: &mut impl Rng) -> KeyEvent {
    let chars = [
        'j', 'k', 'h', 'l', 'g', 'G', ':', '?', '/', '5', '-', '2', '3', '0', '1', 'q', '栋', '室',
        ' ',
    ];
    match rng.random_range(0..10) {
        0..=4 => KeyEvent::new(KEYS[rng.random_range(0..KEYS.len())], KeyModifiers::NONE),
        5..=8 => {
            let c = chars[rng.random_range(0..chars.len())];
            let m = if c.is_ascii_uppercase() {
                KeyModifiers::SHIFT
            } else {
                KeyModifiers::NONE
            };
            KeyEvent::new(KeyCode::Char(c), m)
        }
        _ => KeyEvent::new(
            KeyCode::Char(['l', 'c', 's', 'p'][rng.random_range(0..4)]),
            KeyModifiers::CONTROL,
        ),
    }
}

#[test]
fn every_screen_draws_at_every_size_without_panicking() {
    let dir = tempfile::tempdir().unwrap();
    let b = common::backend(dir.path());
    let mut app = common::app(&b, Lang::Zh);
    type Screen = Box<dyn Fn(&mut App)>;
    let screens: Vec<Screen> = vec![
        Box::new(|a| a.overlay = Overlay::None),
        Box::new(|a| {
            a.overlay = Overlay::Jump {
                input: "5栋2单元3".into(),
                selected: 0,
            }
        }),
        Box::new(|a| {
            a.overlay = Overlay::Jump {
                input: "".into(),
                selected: 5,
            }
        }),
        Box::new(|a| {
            a.overlay = Overlay::Help {
                filter: "跳".into(),
                scroll: 3,
            }
        }),
        Box::new(|a| {
            a.overlay = Overlay::None;
            a.focus = Pane::Detail;
            a.detail_scroll = 40;
        }),
    ];
    for set in &screens {
        set(&mut app);
        for lang in [Lang::Zh, Lang::En] {
            app.lang = lang;
            for w in (1..=300)
                .step_by(7)
                .chain([2, 39, 40, 41, 59, 60, 61, 79, 80, 81, 300])
            {
                for h in (1..=100)
                    .step_by(9)
                    .chain([2, 9, 10, 11, 15, 16, 17, 23, 24, 25, 100])
                {
                    app.on_resize(w, h);
                    draw(&app, w, h);
                }
            }
        }
    }
    // The loading and empty screens too.
    let (loading, _) = App::new(
        Lang::En,
        gridbook::tui::keymap::Keymap::default_keymap(),
        common::today(),
    );
    let empty_dir = tempfile::tempdir().unwrap();
    let empty = gridbook::client::connect(empty_dir.path(), Default::default()).unwrap();
    let empty_app = common::app(&empty, Lang::Zh);
    for (w, h) in [(1, 1), (40, 10), (80, 24), (300, 100), (13, 57)] {
        draw(&loading, w, h);
        draw(&empty_app, w, h);
    }
}

#[test]
fn a_hundred_thousand_random_keys_keep_the_state_consistent() {
    let dir = tempfile::tempdir().unwrap();
    let b = common::backend(dir.path());
    let mut app = common::app(&b, Lang::Zh);
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(2026);
    for step in 0..100_000 {
        if rng.random_range(0..50) == 0 {
            app.on_resize(rng.random_range(1..300), rng.random_range(1..100));
        }
        let key = random_key(&mut rng);
        let reqs = app.on_key(key);
        common::settle(&mut app, &b, reqs);
        app.quit = false;
        assert_consistent(&app, step);
        if step % 97 == 0 {
            draw(&app, app.size.0.max(1), app.size.1.max(1));
        }
    }
}

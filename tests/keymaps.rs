//! Keymap files as fixtures through the real binary, and help that follows a remapped key.

mod common;

use std::path::Path;
use std::process::Command;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use gridbook::tui::action::Action;
use gridbook::tui::app::App;
use gridbook::tui::i18n::Lang;
use gridbook::tui::keymap::{Keymap, Mode};

fn check(file: &Path) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_gridbook"))
        .current_dir(file.parent().unwrap())
        .args(["keymap", "check"])
        .arg(file.file_name().unwrap())
        .output()
        .unwrap();
    common::outcome(out)
}

fn fixtures(kind: &str) -> Vec<std::path::PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/keymaps")
        .join(kind);
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    files
}

#[test]
fn valid_keymap_fixtures_pass_the_check() {
    let files = fixtures("valid");
    assert_eq!(files.len(), 2);
    for f in files {
        let (code, out, err) = check(&f);
        let name = f.file_name().unwrap().to_string_lossy().into_owned();
        assert_eq!(
            (code, out.trim(), err.as_str()),
            (0, format!("{name}: the keymap is valid").as_str(), "")
        );
    }
}

#[test]
fn invalid_keymap_fixtures_give_the_expected_messages() {
    let files = fixtures("invalid");
    assert_eq!(files.len(), 6);
    for f in files {
        let (code, out, err) = check(&f);
        let name = f.file_name().unwrap().to_string_lossy().into_owned();
        assert_eq!(code, 1, "{name}");
        let problems = match out.lines().count() {
            1 => "1 problem".to_string(),
            n => format!("{n} problems"),
        };
        assert_eq!(
            err.trim(),
            format!("gridbook: {name} has {problems}, listed above; fix them and check again")
        );
        let expected = std::fs::read_to_string(f.with_extension("expected")).unwrap();
        assert_eq!(out, expected, "{name}");
    }
}

#[test]
fn keymap_show_prints_the_vim_layer_over_the_defaults() {
    let out = Command::new(env!("CARGO_BIN_EXE_gridbook"))
        .args(["--keymap", "vim", "keymap", "show"])
        .env("HOME", "/nonexistent-home-for-test")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("\"ctrl-d\"     = \"page_down\""), "{text}");
    assert!(text.contains("\"j\"          = \"move_down\""), "{text}");
    // Whatever `show` prints is itself a valid keymap.
    let (_, problems) = Keymap::parse(text.as_ref(), "shown");
    assert_eq!(problems, Vec::<String>::new());
}

#[test]
fn help_lists_a_remapped_key_and_not_the_old_one() {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/keymaps/valid/remap_quit.toml");
    let (km, problems) = Keymap::load(None, Some(&file));
    assert_eq!(problems, Vec::<String>::new());
    assert_eq!(km.keys_for(Mode::Browse, Action::Quit), vec!["x"]);
    let dir = tempfile::tempdir().unwrap();
    let b = common::backend(dir.path());
    let (mut app, reqs) = App::new(Lang::En, km, common::today());
    common::settle(&mut app, &b, reqs);
    let f1 = app.on_key(KeyEvent::new(KeyCode::F(1), KeyModifiers::NONE));
    common::settle(&mut app, &b, f1);
    for c in "quit".chars() {
        app.on_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    }
    let draw = |app: &App| -> String {
        let mut term = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
        term.draw(|f| gridbook::tui::view::draw(app, f)).unwrap();
        term.backend()
            .buffer()
            .content()
            .iter()
            .map(|c| c.symbol())
            .collect()
    };
    let screen = draw(&app);
    assert!(screen.contains("x, ctrl-c  quit"), "{screen}");
    assert!(!screen.contains("q  quit"), "{screen}");
    // The status bar hints follow the keymap too, once the help is closed
    // (under a dialog the bar shows no screen hints).
    let esc = app.on_key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE));
    common::settle(&mut app, &b, esc);
    let screen = draw(&app);
    assert!(!screen.contains("Help: keys in effect"), "{screen}");
    assert!(screen.contains("x quit"), "{screen}");
    assert!(!screen.contains("? help"), "{screen}");
}

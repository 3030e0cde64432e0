//! Issue 13's language and keymap defects on the command line and the screen: keymap files
//! with every problem listed, help and usage errors in the user's language, English output
//! with no Chinese left in it but names, English plurals, and quitting from a filled form.

mod common;

use std::path::Path;
use std::process::Command;

use gridbook::tui::action::Action;
use gridbook::tui::keymap::{Keymap, Mode};

/// The binary with `env` set (LANG and LC_ALL cleared unless `env` sets them), no settings
/// file, run in `cwd`, on the store in `data` if there is one.
fn run_in(
    cwd: &Path,
    data: Option<&Path>,
    env: &[(&str, &str)],
    args: &[&str],
) -> (i32, String, String) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_gridbook"));
    cmd.current_dir(cwd)
        .env("XDG_CONFIG_HOME", cwd.join("no-config"))
        .env("GRIDBOOK_IN_PROCESS", "1")
        .env_remove("GRIDBOOK_DATA")
        .env_remove("LANG")
        .env_remove("LC_ALL");
    for (k, v) in env {
        cmd.env(k, v);
    }
    if let Some(d) = data {
        cmd.arg("--data").arg(d);
    }
    let out = cmd.args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn keymap_fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/keymaps")
        .join(name)
}

#[test]
fn keymap_check_lists_every_problem_and_asks_for_quotes_round_an_action() {
    let file = keymap_fixture("invalid/unquoted.toml");
    let dir = file.parent().unwrap();
    assert_eq!(
        run_in(dir, None, &[], &["keymap", "check", "unquoted.toml"]),
        (
            1,
            "unquoted.toml:3: the action must be in quotes, such as \"q\" = \"noop\"\n\
             unquoted.toml:5: the action must be in quotes, such as \"v\" = \"log_visit\"\n\
             unquoted.toml:6: “fly” is not an action; `gridbook keymap show` lists them\n\
             unquoted.toml:8: not a keymap: unclosed table, expected `]`; write [mode] tables of \"key\" = \"action\"\n"
                .to_string(),
            "gridbook: unquoted.toml has 4 problems, listed above; fix them and check again\n"
                .to_string()
        )
    );
    let (code, out, err) = run_in(
        dir,
        None,
        &[("LANG", "zh_CN.UTF-8")],
        &["keymap", "check", "unquoted.toml"],
    );
    assert_eq!(code, 1);
    assert_eq!(
        out.lines().next(),
        Some("unquoted.toml:3：动作要加引号，如 \"q\" = \"noop\"")
    );
    assert_eq!(
        err,
        "gridbook: unquoted.toml 有 4 处问题，见上；改正后再检查一次\n"
    );
}

#[test]
fn a_user_keymap_with_problems_keeps_what_is_right_and_the_defaults_for_the_rest() {
    let file = keymap_fixture("invalid/unquoted.toml");
    let (km, problems) = Keymap::load(None, Some(&file));
    let source = file.display();
    assert_eq!(
        problems,
        vec![
            format!("{source}:3: the action must be in quotes, such as \"q\" = \"noop\""),
            format!("{source}:5: the action must be in quotes, such as \"v\" = \"log_visit\""),
            format!("{source}:6: “fly” is not an action; `gridbook keymap show` lists them"),
            format!("{source}:8: not a keymap: unclosed table, expected `]`; write [mode] tables of \"key\" = \"action\""),
        ]
    );
    // The good line applies; the bad ones leave the default keys as they were.
    assert_eq!(km.keys_for(Mode::Browse, Action::Quit), vec!["q", "x"]);
    assert_eq!(km.keys_for(Mode::Browse, Action::Visit), vec!["v"]);
}

/// The app with a shipped keymap, a visit form open on 5-1-102 with a note typed in.
fn filled_visit_form(b: &dyn gridbook::client::Backend, keymap: &str) -> gridbook::tui::app::App {
    use crossterm::event::KeyCode;
    let (km, problems) = Keymap::load(Some(keymap), None);
    assert_eq!(problems, Vec::<String>::new());
    let (mut app, reqs) =
        gridbook::tui::app::App::new(gridbook::tui::i18n::Lang::Zh, km, common::today());
    app.no_color = true;
    app.user = "zhangli".into();
    common::settle(&mut app, b, reqs);
    common::press(&mut app, b, KeyCode::Char(':'));
    common::type_text(&mut app, b, "5-1-102");
    common::press(&mut app, b, KeyCode::Enter);
    common::press(&mut app, b, KeyCode::Char('v'));
    common::type_text(&mut app, b, "楼道灯坏了");
    assert!(matches!(app.overlay, gridbook::tui::app::Overlay::Form(_)));
    app
}

const LEAVE: &str = "有未保存的修改。y 离开并丢弃  n 继续编辑";

#[test]
fn every_quit_key_of_every_keymap_asks_before_leaving_a_filled_form() {
    use crossterm::event::{KeyCode, KeyModifiers};
    let ctrl = |c| (KeyCode::Char(c), KeyModifiers::CONTROL);
    let cases = [
        ("default", ctrl('c')),
        ("vim", ctrl('c')),
        ("emacs", ctrl('c')),
        ("emacs", ctrl('x')),
    ];
    for (keymap, (code, mods)) in cases {
        let dir = tempfile::tempdir().unwrap();
        let b = common::backend(dir.path());
        let mut app = filled_visit_form(&b, keymap);
        common::key(&mut app, &b, code, mods);
        assert!(!app.quit, "{keymap} {code:?} quit without asking");
        assert!(
            common::screen(&app, 80, 24).contains(LEAVE),
            "{keymap} {code:?}"
        );
        // n keeps editing, with nothing lost; asked again, y leaves and quits.
        common::press(&mut app, &b, KeyCode::Char('n'));
        assert!(!app.quit);
        assert!(!common::screen(&app, 80, 24).contains(LEAVE));
        let gridbook::tui::app::Overlay::Form(f) = &app.overlay else {
            panic!("{keymap}: the form closed")
        };
        assert_eq!(f.field("findings").text(), "楼道灯坏了");
        common::key(&mut app, &b, code, mods);
        assert!(!app.quit, "{keymap} {code:?}");
        common::press(&mut app, &b, KeyCode::Char('y'));
        assert!(app.quit, "{keymap} {code:?}: y after a quit key quits");
    }
    // q, which quits the lists, is typed in a form in every keymap.
    for keymap in ["default", "vim", "emacs"] {
        let dir = tempfile::tempdir().unwrap();
        let b = common::backend(dir.path());
        let mut app = filled_visit_form(&b, keymap);
        common::press(&mut app, &b, KeyCode::Char('q'));
        assert!(!app.quit, "{keymap}");
        let gridbook::tui::app::Overlay::Form(f) = &app.overlay else {
            panic!("{keymap}: the form closed")
        };
        assert_eq!(f.field("findings").text(), "楼道灯坏了q");
    }
}

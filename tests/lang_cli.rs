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
    common::outcome(out)
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
    // The good line applies (x, bound by default to a resident leaving, now quits, in its
    // place in the list); the bad ones leave the default keys as they were.
    assert_eq!(km.keys_for(Mode::Browse, Action::Quit), vec!["x", "q"]);
    assert_eq!(
        km.keys_for(Mode::Browse, Action::ResidentLeaves),
        Vec::<&str>::new()
    );
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

#[test]
fn help_is_in_chinese_when_the_language_is_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let zh_env: [&[(&str, &str)]; 2] = [&[("LANG", "zh_CN.UTF-8")], &[("LC_ALL", "zh_CN.UTF-8")]];
    for env in zh_env {
        let (code, out, err) = run_in(dir.path(), None, env, &["--help"]);
        assert_eq!((code, err.as_str()), (0, ""));
        assert!(
            out.contains("\n用法：gridbook [选项] [命令]\n\n命令：\n"),
            "{out}"
        );
        assert!(out.contains("\n  visit       登记入户走访\n"), "{out}");
        assert!(
            out.contains("\n  -h, --help                显示帮助\n"),
            "{out}"
        );
        assert!(
            !out.contains("Usage") && !out.contains("Print help"),
            "{out}"
        );
    }
    let (code, out, _) = run_in(dir.path(), None, &[], &["--lang", "zh", "stats", "--help"]);
    assert_eq!(code, 0);
    assert_eq!(
        out,
        "统计数据中有多少记录\n\n\
         用法：gridbook stats [选项]\n\n\
         选项：\n      \
         --data <DIR>          存放数据的目录（默认：用户的数据目录） [环境变量：GRIDBOOK_DATA]\n      \
         --json                输出一个 JSON 对象，而不是表格\n      \
         --run <DIR>           存放服务套接字的目录（默认：数据目录） [环境变量：GRIDBOOK_RUN]\n      \
         --lang <zh|en>        界面语言：zh 或 en（默认：按 LANG）\n      \
         --keymap <NAME|FILE>  按键表：default、vim、emacs，或一个按键表文件\n  \
         -h, --help                显示帮助\n"
    );
    // English otherwise, as clap writes it.
    let (code, out, _) = run_in(
        dir.path(),
        None,
        &[("LANG", "en_US.UTF-8")],
        &["stats", "--help"],
    );
    assert_eq!(code, 0);
    assert!(
        out.starts_with("Count what the store holds\n\nUsage: gridbook stats [OPTIONS]\n"),
        "{out}"
    );
}

#[test]
fn usage_errors_are_one_chinese_sentence_and_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let zh = [("LANG", "zh_CN.UTF-8")];
    assert_eq!(
        run_in(dir.path(), None, &zh, &["stats", "--bogus"]),
        (
            2,
            String::new(),
            "gridbook: 不认识参数 --bogus\n\n用法：gridbook stats [选项]\n\n更多说明请用 --help 查看\n"
                .to_string()
        )
    );
    assert_eq!(
        run_in(dir.path(), None, &zh, &["audit", "log", "--limit"]),
        (
            2,
            String::new(),
            "gridbook: --limit <LIMIT> 后面要写一个值\n\n更多说明请用 --help 查看\n".to_string()
        )
    );
    assert_eq!(
        run_in(dir.path(), None, &[], &["--lang", "zh", "search"]),
        (
            2,
            String::new(),
            "gridbook: 缺少必填的参数 <QUERY>\n\n用法：gridbook search <QUERY>\n\n更多说明请用 --help 查看\n"
                .to_string()
        )
    );
    assert_eq!(
        run_in(dir.path(), None, &zh, &["statz"]).2,
        "gridbook: 没有子命令 statz；是不是想写 street、staff、stats？\n\n用法：gridbook [选项] [命令]\n\n更多说明请用 --help 查看\n"
    );
    let (code, _, err) = run_in(dir.path(), None, &[("LANG", "C")], &["stats", "--bogus"]);
    assert_eq!(code, 2);
    assert!(
        err.starts_with("error: unexpected argument '--bogus' found\n"),
        "{err}"
    );
}

#[test]
fn english_output_has_english_headers_sexes_and_plurals() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    drop(common::small_store(&store));
    let en = |args: &[&str]| run_in(dir.path(), Some(&store), &[("LANG", "C")], args);
    let (code, out, _) = en(&["stats"]);
    assert_eq!(code, 0);
    assert_eq!(out.lines().next(), Some("streets               1"));
    let (code, out, _) = en(&["report", "care", "--today", "2026-11-25"]);
    assert_eq!(code, 0);
    assert_eq!(
        out.lines().take(2).collect::<Vec<_>>(),
        [
            "care group     interval (days)  households  met on time  on-time share",
            "elderly alone                7           1            1         100.0%"
        ]
    );
    // A one-person roster whose ID number says a woman where the sex column says 男.
    let roster = dir.path().join("r.csv");
    std::fs::write(
        &roster,
        "姓名,地址,身份证号,性别,与户主关系\n测试人,9-9-901,11010519491231002X,男,户主\n",
    )
    .unwrap();
    let (code, out, _) = en(&[
        "import",
        roster.to_str().unwrap(),
        "--dry-run",
        "--community",
        "花苑社区",
    ]);
    assert_eq!(code, 0);
    let file = roster.display();
    assert!(
        out.starts_with(&format!(
            "would import {file} (CSV in UTF-8): 1 household, 1 person\n"
        )),
        "{out}"
    );
    assert!(
        out.contains("  row 2, 性别: the ID number belongs to a woman, but this says 男; it was kept as written, check which is right\n"),
        "{out}"
    );
    // The knock-again a not-home visit schedules is stored under one name whatever the
    // language, so JSON stays stable for scripts; tables name it in the reader's language
    // (the next test).
    let (code, out, err) = en(&["visit", "add", "5-1-102", "--outcome", "not-home", "--json"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("\"title\":\"再次上门\""), "{out}");
}

#[test]
fn a_knock_again_saved_in_chinese_reads_knock_again_in_english_and_a_ledger_of_one_row_says_row() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    drop(common::small_store(&store));
    // Saved by a colleague working in Chinese: the follow-up is titled 再次上门.
    let (code, _, err) = run_in(
        dir.path(),
        Some(&store),
        &[("LANG", "zh_CN.UTF-8")],
        &["visit", "add", "5-2-301", "--outcome", "不在家"],
    );
    assert_eq!((code, err.as_str()), (0, ""));
    let (_, zh, _) = run_in(
        dir.path(),
        Some(&store),
        &[("LANG", "zh_CN.UTF-8")],
        &["followups"],
    );
    let (_, en, _) = run_in(dir.path(), Some(&store), &[("LANG", "C")], &["followups"]);
    let line = |out: &str| {
        out.lines()
            .find(|l| l.contains("5-2-301") && !l.contains("visit due") && !l.contains("每 "))
            .map(str::to_string)
            .unwrap_or_default()
    };
    assert!(line(&zh).contains("再次上门"), "{zh}");
    assert!(line(&en).contains("knock again"), "{en}");

    let month = chrono::Local::now().format("%Y-%m").to_string();
    let file = dir.path().join("visits.xlsx");
    let (code, out, _) = run_in(
        dir.path(),
        Some(&store),
        &[("LANG", "C")],
        &[
            "ledger",
            "visits",
            "--month",
            &month,
            "-o",
            file.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0);
    assert!(out.contains(", 1 row, to "), "{out}");
}

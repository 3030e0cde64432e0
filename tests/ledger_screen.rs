//! The 台账 screen: ledgers, exports and the template written from the TUI into the user's
//! folder, with the rows `gridbook ledger` writes, never over another file.

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use common::{press, screen, type_text};
use crossterm::event::KeyCode;
use gridbook::client::Local;
use gridbook::store::{OpenOptions, Store};
use gridbook::tui::action::Action;
use gridbook::tui::app::{App, Screen};
use gridbook::tui::i18n::Lang;

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

/// The fixture's store in `dir`, closed again so that a command can open it.
fn fixture(dir: &Path) {
    drop(common::small_store(dir));
}

fn open(dir: &Path) -> Local {
    Local::new(
        Store::open(dir, OpenOptions::default()).unwrap(),
        "zhangli".into(),
    )
}

/// `gridbook ARGS` on the store in `data`, in this process's store mode.
fn gridbook(data: &Path, home: &Path, args: &[&str]) -> (i32, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_gridbook"))
        .arg("--data")
        .arg(data)
        .args(args)
        .env("GRIDBOOK_IN_PROCESS", "1")
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join(".config"))
        .env("LANG", "zh_CN.UTF-8")
        .output()
        .unwrap();
    common::outcome(out)
}

fn ledger_app(b: &Local, folder: &Path) -> App {
    let mut app = common::app(b, Lang::Zh);
    app.ledger_dir = folder.to_path_buf();
    app
}

#[test]
fn the_visits_ledger_for_a_month_is_written_into_the_folder_with_the_rows_the_command_line_writes()
{
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("store");
    fixture(&data);
    let cli_file = dir.path().join("cli.xlsx");
    let (code, _, err) = gridbook(
        &data,
        dir.path(),
        &[
            "ledger",
            "visits",
            "--month",
            "2026-10",
            "-o",
            cli_file.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{err}");

    let b = open(&data);
    let folder = dir.path().join("我的台账");
    let mut app = ledger_app(&b, &folder);
    press(&mut app, &b, KeyCode::Char('t'));
    assert!(matches!(app.screen, Screen::Ledgers(_)));
    // The visits ledger is the first; the month is typed over this month (2026-11).
    type_text(&mut app, &b, "2026-10");
    let s = screen(&app, 80, 24);
    assert!(s.contains("月份    ◀ 2026-10 ▶"), "{s}");
    press(&mut app, &b, KeyCode::Enter);

    let file = folder.join("走访台账-2026-10.xlsx");
    assert_eq!(
        app.status.as_deref(),
        Some(format!("已写入 {}（1 行）", file.display()).as_str())
    );
    assert_eq!(mode(&file), 0o600);
    assert_eq!(mode(&folder), 0o700);
    let mine = common::read_xlsx(&file);
    assert_eq!(mine, common::read_xlsx(&cli_file));
    assert_eq!(
        mine.len(),
        3,
        "title, header and October's one visit: {mine:?}"
    );
    assert_eq!(mine[0][0], "花苑社区走访台账（2026年10月）");
    assert_eq!(mine[2][3], "曾小明");
    assert_eq!(mine[2][6], "家中无人，门上留了联系卡。");
    assert_eq!(
        std::fs::read_dir(&folder).unwrap().count(),
        1,
        "one file in the folder"
    );
}

#[test]
fn a_name_already_taken_gets_a_suffix_and_the_file_there_is_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("store");
    fixture(&data);
    let b = open(&data);
    let folder = dir.path().join("台账");
    std::fs::create_dir(&folder).unwrap();
    let taken = folder.join("走访台账-2026-11.xlsx");
    std::fs::write(&taken, "my own notes").unwrap();
    let mut app = ledger_app(&b, &folder);
    press(&mut app, &b, KeyCode::Char('t'));
    press(&mut app, &b, KeyCode::Enter);
    let second = folder.join("走访台账-2026-11_2.xlsx");
    assert_eq!(
        app.status.as_deref(),
        Some(format!("已写入 {}（1 行）", second.display()).as_str())
    );
    assert_eq!(std::fs::read_to_string(&taken).unwrap(), "my own notes");
    assert_eq!(common::read_xlsx(&second)[2][3], "周官萍");
    press(&mut app, &b, KeyCode::Enter);
    let third = folder.join("走访台账-2026-11_3.xlsx");
    assert_eq!(
        app.status.as_deref(),
        Some(format!("已写入 {}（1 行）", third.display()).as_str())
    );
    assert_eq!(mode(&third), 0o600);
}

#[test]
fn an_export_takes_a_grid_and_csv_and_the_template_is_written_too() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("store");
    fixture(&data);
    let b = open(&data);
    let folder = dir.path().join("台账");
    let mut app = ledger_app(&b, &folder);
    press(&mut app, &b, KeyCode::Char('t'));
    // 导出：居民 takes a grid and a format: tab goes on from the grid to the format. It comes
    // after the seven ledgers, the campaign's two and the households' export.
    for _ in 0..10 {
        press(&mut app, &b, KeyCode::Down);
    }
    press(&mut app, &b, KeyCode::Right);
    press(&mut app, &b, KeyCode::Tab);
    press(&mut app, &b, KeyCode::Right);
    let s = screen(&app, 80, 24);
    assert!(s.contains("网格    ◀ 第一网格 ▶"), "{s}");
    assert!(s.contains("格式    ◀ csv ▶"), "{s}");
    press(&mut app, &b, KeyCode::Enter);
    let file = folder.join("居民-第一网格.csv");
    assert_eq!(
        app.status.as_deref(),
        Some(format!("已写入 {}（6 行）", file.display()).as_str())
    );
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(
        text.starts_with("\u{feff}社区,网格,楼栋,单元,房号,姓名"),
        "{text}"
    );
    press(&mut app, &b, KeyCode::End);
    press(&mut app, &b, KeyCode::Enter);
    let template = folder.join("居民花名册模板.csv");
    assert_eq!(
        app.status.as_deref(),
        Some(format!("已写入 {}（1 行）", template.display()).as_str())
    );
}

#[test]
fn a_folder_that_cannot_be_made_is_one_sentence_and_nothing_is_said_written() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("store");
    fixture(&data);
    let b = open(&data);
    let blocker = dir.path().join("a-file");
    std::fs::write(&blocker, "").unwrap();
    let folder = blocker.join("台账");
    let mut app = ledger_app(&b, &folder);
    press(&mut app, &b, KeyCode::Char('t'));
    press(&mut app, &b, KeyCode::Enter);
    assert_eq!(
        app.status.as_deref(),
        Some(
            format!(
                "出错了: 无法建立文件夹 {}（已有同名文件挡住了）；请在 config.toml 中把 ledger_dir 设为一个可写的文件夹",
                folder.display()
            )
            .as_str()
        )
    );
    assert!(!app.writing_ledger(), "Enter may try again");
}

#[test]
fn the_palette_lists_ledgers_and_t_opens_them_in_every_shipped_keymap() {
    let dir = tempfile::tempdir().unwrap();
    let b = common::backend(dir.path());
    let mut app = common::app(&b, Lang::Zh);
    press(&mut app, &b, KeyCode::Char(':'));
    assert_eq!(app.palette("台账"), vec![Action::Ledgers]);
    assert_eq!(app.palette("ledgers"), vec![Action::Ledgers]);
    type_text(&mut app, &b, "台账");
    let s = screen(&app, 80, 24);
    // The palette's row: the command, then its key at the right edge of the popup.
    let row = s
        .lines()
        .find_map(|l| l.split_once("│台账 ").map(|(_, rest)| rest))
        .and_then(|rest| rest.split('│').next())
        .unwrap_or_else(|| panic!("{s}"));
    assert!(row.ends_with(" t"), "{s}");
    press(&mut app, &b, KeyCode::Enter);
    assert!(matches!(app.screen, Screen::Ledgers(_)));
    // The help on the screen has its keys.
    press(&mut app, &b, KeyCode::Char('?'));
    // A help row: the keys, then what they do, inside the popup's borders.
    let has_row = |s: &str, keys: &str, what: &str| {
        s.lines().flat_map(|l| l.split('│')).any(|cell| {
            let words: Vec<&str> = cell.split_whitespace().collect();
            words == [keys, what]
        })
    };
    let s = screen(&app, 80, 24);
    assert!(has_row(&s, "t", "台账"), "{s}");
    type_text(&mut app, &b, "tab");
    let s = screen(&app, 80, 24);
    assert!(has_row(&s, "tab", "下一项"), "{s}");

    use crossterm::event::{KeyEvent, KeyModifiers};
    use gridbook::tui::keymap::{Keymap, Mode};
    let t = KeyEvent::new(KeyCode::Char('t'), KeyModifiers::NONE);
    for name in ["default", "vim", "emacs"] {
        let (km, problems) = Keymap::load(Some(name), None);
        assert_eq!(problems, Vec::<String>::new());
        for mode in [Mode::Browse, Mode::List] {
            assert_eq!(km.action(mode, t), Some(Action::Ledgers), "{name} {mode:?}");
        }
    }
}

#[test]
fn in_a_terminal_t_then_enter_writes_the_ledger_and_the_status_line_says_where() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("store");
    fixture(&data);
    let home = dir.path().join("home");
    std::fs::create_dir(&home).unwrap();
    let config = home.join(".config");
    let mut s = common::pty::Session::start_env(
        &data,
        &["--lang", "zh"],
        80,
        24,
        &[("HOME", &home), ("XDG_CONFIG_HOME", &config)],
    );
    s.wait_for("the main screen", 20, |t| t.contains("花苑社区"));
    s.send("t");
    s.wait_for("the ledger screen", 10, |t| t.contains("台账与导出"));
    s.send("2026-11");
    s.wait_for("the month typed", 10, |t| t.contains("◀ 2026-11 ▶"));
    s.send("\r");
    let file = home.join("gridbook-台账").join("走访台账-2026-11.xlsx");
    let said = format!("已写入 {}（1 行）", file.display());
    let screen = s.wait_for("the path in the status line", 20, |t| {
        t.lines().nth(23).is_some_and(|l| l.trim_end() == said)
    });
    assert!(screen.contains("已写入（1 行）："), "{screen}");
    assert_eq!(mode(&file), 0o600);
    assert_eq!(common::read_xlsx(&file)[2][3], "周官萍");
}

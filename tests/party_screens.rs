//! The 微心愿 board, the household detail's wishes and 中心户, a visit's need line becoming a
//! wish, and the party coverage view (issue 14 part 4), through the real binary in a
//! pseudo-terminal; what each key did read back through `gridbook wish list --json`.

mod common;

use std::path::Path;

use common::pty::{broken_borders, cells, Session};
use common::{cli_ok, wait_until_released, StopServers};

/// F2 saves (ctrl-s may be taken by flow control on some links).
const F2: &str = "\x1bOQ";
const RIGHT: &str = "\x1b[C";

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

/// The small fixture in `dir/store` with four wishes, oldest first: 换个楼道灯 (5-2-301,
/// 维修), 买一台轮椅 (5-1-101, 物资), 陪老人去医院看病 (5-1-102, 探访陪护), 辅导孩子功课
/// (3-1-201, 就业就学); 5-2-301 (单丽) a 中心户 linking 5-1-101 and 5-1-102.
fn fixture() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    drop(common::small_store(&dir.path().join("store")));
    wait_until_released(&dir.path().join("store"));
    let d = dir.path();
    for (at, text, category) in [
        ("5-2-301", "换个楼道灯", "维修"),
        ("5-1-101", "买一台轮椅", "物资"),
        ("5-1-102", "陪老人去医院看病", "探访陪护"),
        ("3-1-201", "辅导孩子功课", "就业就学"),
    ] {
        cli_ok(
            d,
            &[
                "wish",
                "add",
                at,
                "--text",
                text,
                "--category",
                category,
                "--today",
                "2026-11-25",
            ],
        );
    }
    cli_ok(d, &["member", "add", "5-2-301/单丽", "--category", "直管"]);
    cli_ok(
        d,
        &["member", "central", "5-2-301", "--link", "5-1-101,5-1-102"],
    );
    dir
}

/// `wish list --json` through the server the screen is a client of.
fn live_wishes(store: &Path, config: &Path) -> serde_json::Value {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_gridbook"))
        .env("XDG_CONFIG_HOME", config)
        .env("LANG", "C")
        .env_remove("LC_ALL")
        .env_remove("GRIDBOOK_DATA")
        .env_remove("GRIDBOOK_IN_PROCESS")
        .arg("--data")
        .arg(store)
        .args(["wish", "list", "--json"])
        .output()
        .unwrap();
    let (code, out, err) = common::outcome(out);
    assert_eq!((code, err.as_str()), (0, ""), "{out}");
    json(&out)
}

/// The wish with this text in a `wish list --json`: (state, taker, satisfaction).
fn state_of(list: &serde_json::Value, text: &str) -> (String, Option<String>, Option<u64>) {
    let w = list
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["text"] == text)
        .unwrap_or_else(|| panic!("no wish {text} in {list}"));
    (
        w["state"].as_str().unwrap().to_string(),
        w["taker"].as_str().map(str::to_string),
        w["satisfaction"].as_u64(),
    )
}

/// The screen row holding `needle`, its cells' runs of blanks as one space, the borders
/// and the blanks at either end left off.
fn row(screen: &str, needle: &str) -> String {
    let line = screen
        .lines()
        .find(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("no row with {needle}:\n{screen}"));
    line.trim_matches(|c: char| c == '│' || c.is_whitespace())
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Sends keys, then waits until the row holding `needle` reads `want`.
fn expect_row(s: &mut Session, keys: &str, needle: &str, want: &str) {
    s.send(keys);
    s.wait_for(want, 10, |sc| {
        sc.lines().any(|l| l.contains(needle)) && row(sc, needle) == want
    });
}

fn board(store: &Path, cols: u16, rows: u16, client: bool) -> Session {
    let mut s = if client {
        Session::start_client(store, &["--lang", "zh"], cols, rows)
    } else {
        Session::start(store, &["--lang", "zh"], cols, rows)
    };
    s.wait_for("the tree", 20, |sc| sc.contains("3-1-201"));
    s.send("w");
    s.wait_for("the board", 10, |sc| sc.contains("微心愿 4 条"));
    s
}

fn quit(mut s: Session) {
    s.send("q");
    assert_eq!(s.wait_exit(10), 0);
}

#[test]
fn the_wish_board_at_80x24_dispatches_fulfils_reviews_closes_and_cancels_a_claim() {
    let dir = fixture();
    let store = dir.path().join("store");
    let config = dir.path().join("config");
    let _stop = StopServers(&store);
    let mut s = board(&store, 80, 24, true);
    let sc = s.screen();
    assert_eq!(row(&sc, "换个楼道灯"), "待认领 换个楼道灯 5-2-301 维修");
    assert_eq!(
        row(&sc, "辅导孩子功课"),
        "待认领 辅导孩子功课 3-1-201 就业就学"
    );
    // 派单 asks for the name.
    s.send("s");
    s.wait_for("the question", 10, |sc| {
        sc.contains("派单给（党员或单位名称）：")
    });
    expect_row(
        &mut s,
        "党员志愿服务队\r",
        "换个楼道灯",
        "已派单 换个楼道灯 5-2-301 维修 党员志愿服务队",
    );
    assert_eq!(
        state_of(&live_wishes(&store, &config), "换个楼道灯"),
        ("dispatched".into(), Some("党员志愿服务队".into()), None)
    );
    // 已实现 wants a note: an empty one is refused in a sentence and nothing moves.
    s.send("x");
    s.wait_for("the question", 10, |sc| sc.contains("已实现：做了什么："));
    s.send("\r");
    let sc = s.wait_for("the refusal", 10, |sc| sc.contains("请写上做了什么"));
    assert_eq!(
        row(&sc, "换个楼道灯"),
        "已派单 换个楼道灯 5-2-301 维修 党员志愿服务队"
    );
    expect_row(
        &mut s,
        "x换好了\r",
        "换个楼道灯",
        "已实现 换个楼道灯 5-2-301 维修 党员志愿服务队",
    );
    assert_eq!(
        state_of(&live_wishes(&store, &config), "换个楼道灯").0,
        "fulfilled"
    );
    // 回访: the satisfaction first, then the note.
    s.send("V");
    s.wait_for("the question", 10, |sc| sc.contains("回访：满意度 1–5"));
    expect_row(
        &mut s,
        "5 很满意\r",
        "换个楼道灯",
        "已回访 换个楼道灯 5-2-301 维修 党员志愿服务队",
    );
    assert_eq!(
        state_of(&live_wishes(&store, &config), "换个楼道灯"),
        ("reviewed".into(), Some("党员志愿服务队".into()), Some(5))
    );
    // The next wish is closed with a reason.
    s.send("j");
    expect_row(
        &mut s,
        "X已由家属购买\r",
        "买一台轮椅",
        "已关闭 买一台轮椅 5-1-101 物资",
    );
    assert_eq!(
        state_of(&live_wishes(&store, &config), "买一台轮椅").0,
        "closed"
    );
    // The third is claimed for someone, and the claim cancelled: it waits again.
    s.send("j");
    expect_row(
        &mut s,
        "i社区党员李强\r",
        "陪老人去医院看病",
        "已认领 陪老人去医院看病 5-1-102 探访陪护 社区党员李强",
    );
    assert_eq!(
        state_of(&live_wishes(&store, &config), "陪老人去医院看病"),
        ("claimed".into(), Some("社区党员李强".into()), None)
    );
    s.send("z");
    s.wait_for("the question", 10, |sc| sc.contains("撤销认领的原因："));
    expect_row(
        &mut s,
        "临时出差\r",
        "陪老人去医院看病",
        "待认领 陪老人去医院看病 5-1-102 探访陪护",
    );
    assert_eq!(
        state_of(&live_wishes(&store, &config), "陪老人去医院看病"),
        ("waiting to be claimed".into(), None, None)
    );
    quit(s);
}

#[test]
fn the_wish_board_at_60x16_filters_by_state_and_dispatches() {
    let dir = fixture();
    let store = dir.path().join("store");
    let mut s = board(&store, 60, 16, false);
    // → on the state filter: 待认领, then 已认领; five more come round to 全部.
    s.send(RIGHT);
    s.wait_for("waiting ones", 10, |sc| {
        sc.contains("微心愿 4 条") && sc.contains("状态:待认领")
    });
    s.send(RIGHT);
    s.wait_for("claimed ones", 10, |sc| {
        sc.contains("微心愿 0 条") && sc.contains("状态:已认领")
    });
    s.send(&format!("{RIGHT}{RIGHT}{RIGHT}{RIGHT}{RIGHT}"));
    s.wait_for("all again", 10, |sc| sc.contains("状态:全部"));
    s.send("jjj");
    // At 60 columns, with no due days, the due column is as narrow as its heading and the
    // name shows whole; the status line says it too.
    expect_row(
        &mut s,
        "s网格员王芳\r",
        "辅导孩子功课",
        "已派单 辅导孩子功课 3-1-201 就业就学 网格员王芳",
    );
    s.wait_for("the status line", 10, |sc| {
        sc.contains("“辅导孩子功课”已派单：网格员王芳")
    });
    s.send(&format!("{RIGHT}{RIGHT}{RIGHT}"));
    let sc = s.wait_for("dispatched only", 10, |sc| {
        sc.contains("微心愿 1 条") && sc.contains("状态:已派单")
    });
    assert!(!sc.contains("换个楼道灯"), "{sc}");
    quit(s);
    wait_until_released(&store);
    let list = json(&cli_ok(dir.path(), &["wish", "list", "--json"]));
    assert_eq!(
        state_of(&list, "辅导孩子功课"),
        ("dispatched".into(), Some("网格员王芳".into()), None)
    );
}

#[test]
fn a_need_line_marked_as_a_wish_is_saved_as_a_wish_of_the_visit() {
    let dir = fixture();
    let store = dir.path().join("store");
    let mut s = Session::start(&store, &["--lang", "zh"], 80, 24);
    s.wait_for("the tree", 20, |sc| sc.contains("3-1-201"));
    s.send(":5-1-102\r");
    s.wait_for("5-1-102", 10, |sc| sc.contains("5-1-102  花苑社区"));
    s.send("v");
    s.wait_for("the form", 10, |sc| sc.contains("走访 5-1-102"));
    s.send("孩子说想学电脑\t心愿:旧电脑一台 +10\r更换楼道灯");
    s.wait_for("typed", 10, |sc| sc.contains("更换楼道灯"));
    s.send(F2);
    s.wait_for("saved", 10, |sc| {
        sc.contains("已保存走访，另排了 1 项待办，记下 1 个微心愿")
    });
    s.wait_for("the wish in the detail", 10, |sc| {
        sc.contains("待认领 旧电脑一台")
    });
    quit(s);
    wait_until_released(&store);
    let list = json(&cli_ok(dir.path(), &["wish", "list", "--json"]));
    let w = list
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["text"] == "旧电脑一台")
        .unwrap_or_else(|| panic!("{list}"));
    assert_eq!(w["address"], "5-1-102");
    assert_eq!(w["state"], "waiting to be claimed");
    assert_eq!(w["category"], "other");
    assert_eq!(list.as_array().unwrap().len(), 5);
    // Its source is the visit saved with it; the need line became a follow-up, not a wish.
    let st = gridbook::store::Store::open(&store, Default::default()).unwrap();
    let visit = st.household_detail(21).unwrap().visits[0].clone();
    assert_eq!(visit.findings, "孩子说想学电脑");
    let (wish, _) = st
        .wishes(&|_| true)
        .unwrap()
        .into_iter()
        .find(|(w, _)| w.text == "旧电脑一台")
        .unwrap();
    assert_eq!(wish.source, gridbook::model::WishSource::Visit(visit.id));
    assert_eq!(
        wish.due.map(gridbook::model::time::date_of),
        Some(
            gridbook::model::time::date_of(gridbook::model::time::local_day(visit.at))
                + chrono::Days::new(10)
        )
    );
    let titles: Vec<String> = st
        .household_detail(21)
        .unwrap()
        .followups
        .iter()
        .map(|f| f.title.clone())
        .collect();
    assert!(titles.contains(&"更换楼道灯".to_string()), "{titles:?}");
    assert!(!titles.contains(&"旧电脑一台".to_string()), "{titles:?}");
}

#[test]
fn the_household_detail_shows_its_open_wishes_and_its_central_household() {
    let dir = fixture();
    let store = dir.path().join("store");
    let mut s = Session::start(&store, &["--lang", "zh"], 80, 24);
    s.wait_for("the tree", 20, |sc| sc.contains("3-1-201"));
    s.send(":5-1-101\r");
    let sc = s.wait_for("5-1-101", 10, |sc| {
        sc.contains("5-1-101  花苑社区") && sc.contains("微心愿 (1)")
    });
    assert_eq!(
        row(&sc, "中心户 5-2-301")
            .rsplit('│')
            .next()
            .unwrap()
            .trim(),
        "中心户 5-2-301"
    );
    assert_eq!(
        row(&sc, "待认领 买一台轮椅")
            .rsplit('│')
            .next()
            .unwrap()
            .trim(),
        "待认领 买一台轮椅"
    );
    s.send(":5-2-301\r");
    let sc = s.wait_for("5-2-301", 10, |sc| {
        sc.contains("5-2-301  花苑社区") && sc.contains("党员中心户 · 联系 2 户")
    });
    assert!(sc.contains("待认领 换个楼道灯"), "{sc}");
    quit(s);
}

#[test]
fn chinese_text_keeps_off_the_borders_at_100x30() {
    let dir = fixture();
    cli_ok(
        dir.path(),
        &[
            "wish",
            "add",
            "5-1-101",
            "--text",
            "希望社区帮忙联系志愿者每周上门陪老人聊天并帮忙打扫卫生和买菜做饭",
            "--today",
            "2026-11-25",
        ],
    );
    let store = dir.path().join("store");
    let mut s = Session::start(&store, &["--lang", "zh"], 100, 30);
    s.wait_for("the tree", 20, |sc| sc.contains("3-1-201"));
    s.send(":5-1-101\r");
    s.wait_for("the detail", 10, |sc| sc.contains("微心愿 (2)"));
    s.settle(std::time::Duration::from_millis(200));
    assert_eq!(broken_borders(&cells(&s)), Vec::<String>::new());
    s.send("w");
    s.wait_for("the board", 10, |sc| sc.contains("微心愿 5 条"));
    s.settle(std::time::Duration::from_millis(200));
    assert_eq!(broken_borders(&cells(&s)), Vec::<String>::new());
    assert!(
        s.screen().contains("希望社区帮忙联系志愿者"),
        "{}",
        s.screen()
    );
    s.send("P");
    let sc = s.wait_for("coverage", 10, |sc| sc.contains("没有中心户的楼栋"));
    assert!(
        sc.contains("网格 1 个，无党小组 1 个；楼栋 2 栋，无中心户 1 栋；中心户 1 户"),
        "{sc}"
    );
    assert!(sc.contains("花苑社区 3号楼"), "{sc}");
    assert!(sc.contains("5-2-301  联系 2 户"), "{sc}");
    s.settle(std::time::Duration::from_millis(200));
    assert_eq!(broken_borders(&cells(&s)), Vec::<String>::new());
    quit(s);
}

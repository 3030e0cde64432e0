//! The campaign screen (issue 15 part 2): the tally per grid and in total, moved in one
//! session by a check made in another or through the command line; the next-door key; 异常
//! asking its note; the main screen's banner at 80×24 and 60×16, and the borders at 100×30.

mod common;

use common::pty::{broken_borders, cells, Session};
use common::StopServers;
use gridbook::model::time::{date_of, today};

/// The fixture with its second grid: 第一网格 (4 households) and 第二网格 (7-1-101), and a
/// campaign 防汛排查 over both from today to the deadline returned (MM-DD).
fn campaign() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    {
        let store = common::small_store(dir.path());
        common::add_second_grid(&store);
    }
    common::wait_until_released(dir.path());
    let start = date_of(today());
    let deadline = start + chrono::Days::new(3);
    let out = common::run_bin_ok(
        dir.path(),
        &[
            "campaign",
            "start",
            "防汛排查",
            "--kind",
            "防汛",
            "--grid",
            "第一网格",
            "--grid",
            "第二网格",
            "--deadline",
            &deadline.format("%Y-%m-%d").to_string(),
            "--today",
            &start.format("%Y-%m-%d").to_string(),
        ],
    );
    assert!(out.contains("5 households to check"), "{out}");
    (dir, deadline.format("%m-%d").to_string())
}

fn row(screen: &str, name: &str) -> String {
    screen
        .lines()
        .find(|l| l.contains(name))
        .map(|l| l.trim_matches(|c| c == '│' || c == ' ').to_string())
        .unwrap_or_else(|| panic!("no row {name}:\n{screen}"))
}

fn open_screen(s: &Session) {
    s.wait_for("the tree", 20, |sc| sc.contains("战时 · 防汛排查"));
}

#[test]
fn the_tally_shows_every_household_due_and_a_check_anywhere_moves_it_in_another_session() {
    let (dir, _) = campaign();
    let d = dir.path();
    let _stop = StopServers(d);
    let mut a = Session::start_client(d, &["--lang", "zh"], 80, 24);
    let mut b = Session::start_client(d, &["--lang", "zh"], 80, 24);
    open_screen(&a);
    open_screen(&b);
    a.send("Z");
    b.send("Z");
    let screen = a.wait_for("the campaign screen", 10, |sc| sc.contains("合计"));
    assert_eq!(
        row(&screen, "网格          应查"),
        "网格          应查  已查  异常  无人  剩余      %"
    );
    assert_eq!(
        row(&screen, "第一网格"),
        "第一网格         4     0     0     0     4   0.0%"
    );
    assert_eq!(
        row(&screen, "第二网格"),
        "第二网格         1     0     0     0     1   0.0%"
    );
    assert_eq!(
        row(&screen, "合计"),
        "合计             5     0     0     0     5   0.0%"
    );
    b.wait_for("b's screen", 10, |sc| sc.contains("合计"));

    // The next-door key goes to the first door not checked of 第一网格; 1 is 正常.
    a.send(" ");
    a.wait_for("the first door", 10, |sc| sc.contains("本户：3-1-201"));
    a.send("1");
    a.wait_for("the next door", 10, |sc| sc.contains("本户：5-1-101"));
    let other = b.wait_for("the check in b", 10, |sc| {
        sc.contains("第一网格         4     1     0     0     3  25.0%")
    });
    assert_eq!(
        row(&other, "合计"),
        "合计             5     1     0     0     4  20.0%"
    );

    // 2 is 异常: it asks for its note first, and nothing is saved without one.
    a.send("2");
    a.wait_for("the note asked", 10, |sc| sc.contains("异常：写明情况："));
    a.send("\r");
    a.settle(std::time::Duration::from_millis(300));
    assert!(a.screen().contains("异常：写明情况："), "{}", a.screen());
    a.send("燃气管老化\r");
    a.wait_for("the door after", 10, |sc| sc.contains("本户：5-1-102"));
    let other = b.wait_for("the abnormal door in b", 10, |sc| {
        sc.contains("第一网格         4     2     1     0     2  50.0%")
    });
    assert_eq!(
        row(&other, "合计"),
        "合计             5     2     1     0     3  40.0%"
    );

    // A check through the command line shows up in both screens too.
    let out = common::run_bin_ok(d, &["campaign", "check", "7-1-101", "--result", "无人在家"]);
    assert!(out.contains("3 of 5 households checked"), "{out}");
    for s in [&a, &b] {
        let screen = s.wait_for("the CLI check", 20, |sc| {
            sc.contains("第二网格         1     1     0     1     0 100.0%")
        });
        assert_eq!(
            row(&screen, "合计"),
            "合计             5     3     1     1     2  60.0%"
        );
    }
    a.send("q");
    b.send("q");
    a.wait_exit(10);
    b.wait_exit(10);
}

#[test]
fn the_banner_fits_at_80_and_60_columns_and_the_borders_hold_at_100() {
    let (dir, deadline) = campaign();
    let d = dir.path();
    let _stop = StopServers(d);
    common::run_bin_ok(d, &["campaign", "check", "5-1-101", "--result", "正常"]);
    let mut s = Session::start_client(d, &["--lang", "zh"], 80, 24);
    let screen = s.wait_for("the banner", 20, |sc| sc.contains("战时 · 防汛排查"));
    assert_eq!(
        screen.lines().next().unwrap().trim_end(),
        format!("战时 · 防汛排查 · 已查 1/5 20% · 截止 {deadline}")
    );
    s.resize(60, 16);
    s.settle(std::time::Duration::from_millis(300));
    let screen = s.screen();
    assert_eq!(
        screen.lines().next().unwrap().trim_end(),
        format!("战时 · 防汛排查 · 已查 1/5 20% · 截止 {deadline}")
    );
    assert_eq!(broken_borders(&cells(&s)), Vec::<String>::new());
    s.resize(100, 30);
    s.wait_for("100 columns", 10, |sc| sc.contains("3-1-201"));
    s.settle(std::time::Duration::from_millis(300));
    assert_eq!(broken_borders(&cells(&s)), Vec::<String>::new());
    s.send("Z");
    s.wait_for("the campaign screen", 30, |sc| sc.contains("合计"));
    s.settle(std::time::Duration::from_millis(300));
    let grid = cells(&s);
    assert_eq!(broken_borders(&grid), Vec::<String>::new());
    // The box closes at the right edge on every row of the screen but the status line.
    for (r, line) in grid.iter().enumerate().take(29) {
        let last = line.last().map(String::as_str).unwrap_or("");
        assert!(
            ["│", "┐", "┘"].contains(&last),
            "row {r}: {}",
            line.concat()
        );
    }
    s.send("q");
    s.wait_exit(10);
}

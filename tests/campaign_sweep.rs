//! The sweep in a campaign (issue 15 part 2) on the small demo, the real binary in a
//! pseudo-terminal: the sweep of a building in the campaign's grid records the campaign's
//! results one key a door (异常 asks its note on the status line), shows a door's result
//! checked before or elsewhere, never saves a door twice for one key; and the campaign
//! screen's next door taken within the building of the door in view. 80×24 and 60×16.

mod common;

use std::path::Path;

use common::pty::{broken_borders, cells, Session};
use common::StopServers;
use gridbook::model::time::{date_of, today};

fn json(dir: &Path, args: &[&str]) -> serde_json::Value {
    serde_json::from_str(&common::run_bin_ok(dir, args)).unwrap()
}

/// The small demo (seed 1), and a campaign 寒潮排查 over its grid 一网格-1片 (265
/// households; building 1 has 20 in entrance 1 and 19 in entrance 2) from today.
fn campaign() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let made = common::run_bin_ok(d, &["demo", "--scale", "small", "--seed", "1"]);
    assert!(made.starts_with("made 1 community"), "{made}");
    let start = date_of(today());
    let deadline = start + chrono::Days::new(3);
    let out = common::run_bin_ok(
        d,
        &[
            "campaign",
            "start",
            "寒潮排查",
            "--kind",
            "专项",
            "--grid",
            "一网格-1片",
            "--deadline",
            &deadline.format("%Y-%m-%d").to_string(),
            "--today",
            &start.format("%Y-%m-%d").to_string(),
        ],
    );
    assert!(out.contains("265 households to check"), "{out}");
    dir
}

/// The running campaign's total as `campaign status --json` gives it: (应查, 已查, 异常, 无人).
fn tally(d: &Path) -> (u64, u64, u64, u64) {
    let all = json(d, &["campaign", "status", "--json"]);
    let t = &all[0]["total"];
    assert_eq!(all[0]["name"], "寒潮排查");
    let n = |k: &str| t[k].as_u64().unwrap();
    (n("due"), n("checked"), n("abnormal"), n("nobody_home"))
}

/// Every attempt at a door: (result, note), oldest first.
fn attempts(d: &Path, address: &str) -> Vec<(String, String)> {
    json(d, &["campaign", "checks", address, "--json"])
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["result"].as_str().unwrap().to_string(),
                a["note"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// The screen's line holding `text`, without the box around it.
fn row(screen: &str, text: &str) -> String {
    screen
        .lines()
        .find(|l| l.contains(text))
        .map(|l| l.trim_matches(|c| c == '│' || c == ' ').to_string())
        .unwrap_or_else(|| panic!("no row {text}:\n{screen}"))
}

/// A row of the help popup holding `label`: its keys and its label.
fn help_row(screen: &str, label: &str) -> Vec<String> {
    let line = screen
        .lines()
        .find(|l| l.contains(label))
        .unwrap_or_else(|| panic!("no help row {label}:\n{screen}"));
    let inside = line
        .split('│')
        .find(|part| part.contains(label))
        .unwrap_or_default();
    inside
        .split("  ")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(String::from)
        .collect()
}

fn no_broken_borders(s: &Session) {
    s.settle(std::time::Duration::from_millis(300));
    assert_eq!(
        broken_borders(&cells(s)),
        Vec::<String>::new(),
        "{}",
        s.screen()
    );
}

/// Jumps to an address: its building selected in the tree, the household list focused, the
/// household in the detail pane.
fn jump(s: &mut Session, address: &str) {
    s.wait_for("the banner", 20, |sc| sc.contains("战时 · 寒潮排查"));
    s.send(":");
    s.send(address);
    s.send("\r");
    s.wait_for("the household", 10, |sc| {
        sc.contains(&format!("{address}  花苑社区"))
    });
}

#[test]
fn the_sweep_of_an_entrance_records_the_campaigns_results_one_key_a_door_at_80_columns() {
    let dir = campaign();
    let d = dir.path();
    let _stop = StopServers(d);
    let mut s = Session::start_client(d, &["--lang", "zh"], 80, 24);
    jump(&mut s, "1-1-102");
    // From the household list `s` sweeps its entrance: the campaign's results are on the keys.
    s.send("s");
    let screen = s.wait_for("the sweep", 10, |sc| sc.contains("第 1/20"));
    assert!(
        screen.contains("扫楼 · 1栋1单元 · 战时 寒潮排查"),
        "{screen}"
    );
    s.wait_for("the door read", 10, |sc| sc.contains("未查"));
    let screen = s.screen();
    // A key and its name stay together on a line.
    assert_eq!(
        row(&screen, "1 正常"),
        "1 正常  2 异常  3 无人在家  4 拒绝  space 跳过  left 上一户  z 走访"
    );
    assert_eq!(row(&screen, "esc 取消"), "esc 取消");
    assert_eq!(
        row(&screen, "本楼已查"),
        "本楼已查 0/20 户：正常 0，异常 0，无人在家 0，拒绝 0"
    );
    no_broken_borders(&s);
    // Help lists the sweep's keys in a campaign, z among them.
    s.send("?");
    let screen = s.wait_for("help", 10, |sc| sc.contains("第1种结果"));
    assert_eq!(help_row(&screen, "第4种结果"), ["4", "第4种结果"]);
    s.send("z");
    let screen = s.wait_for("help filtered", 10, |sc| {
        !sc.contains("第1种结果") && sc.contains("在战时排查结果与走访结果间切换")
    });
    assert_eq!(
        help_row(&screen, "在战时排查结果"),
        ["z", "在战时排查结果与走访结果间切换"]
    );
    no_broken_borders(&s);
    s.send("\x1b");
    s.wait_for("help closed", 10, |sc| {
        !sc.contains("在战时排查结果与走访结果间切换")
    });

    // One key: 正常 for 1-1-101, and the next door comes up.
    s.send("1");
    let screen = s.wait_for("the next door", 10, |sc| {
        sc.contains("第 2/20") && sc.contains("本楼已查 1/20")
    });
    assert!(screen.contains("1-1-102"), "{screen}");
    assert_eq!(tally(d), (265, 1, 0, 0));

    // Checked elsewhere (the command line) while the sweep stands at the door: it shows.
    common::run_bin_ok(d, &["campaign", "check", "1-1-102", "--result", "无人在家"]);
    let screen = s.wait_for("the check made elsewhere", 10, |sc| {
        sc.contains("已查：无人在家")
    });
    assert_eq!(
        row(&screen, "本楼已查"),
        "本楼已查 2/20 户：正常 1，异常 0，无人在家 1，拒绝 0"
    );

    // 异常 asks its note on the status line, as on the campaign screen; none is refused.
    s.send("2");
    s.wait_for("the note asked", 10, |sc| sc.contains("异常：写明情况："));
    s.send("\r");
    s.settle(std::time::Duration::from_millis(300));
    assert!(s.screen().contains("异常：写明情况："), "{}", s.screen());
    assert!(s.screen().contains("第 2/20"), "{}", s.screen());
    s.send("楼道堆放杂物\r");
    let screen = s.wait_for("the door after", 10, |sc| {
        sc.contains("第 3/20") && sc.contains("本楼已查 2/20 户：正常 1，异常 1")
    });
    assert!(screen.contains("1-1-103"), "{screen}");
    assert_eq!(
        attempts(d, "1-1-102"),
        vec![
            ("无人在家".to_string(), String::new()),
            ("异常".to_string(), "楼道堆放杂物".to_string())
        ]
    );
    assert_eq!(tally(d), (265, 2, 1, 0));

    // Back at a door already checked: its result shows, and the same key again saves nothing.
    s.send("\x1b[D");
    s.wait_for("1-1-102 again", 10, |sc| {
        sc.contains("第 2/20") && sc.contains("已查：异常（楼道堆放杂物）")
    });
    no_broken_borders(&s);
    s.send("\x1b[D");
    s.wait_for("1-1-101 again", 10, |sc| {
        sc.contains("第 1/20") && sc.contains("已查：正常")
    });
    s.send("1");
    s.wait_for("on to 1-1-102", 10, |sc| sc.contains("第 2/20"));
    s.settle(std::time::Duration::from_millis(500));
    assert_eq!(
        attempts(d, "1-1-101"),
        vec![("正常".to_string(), String::new())]
    );
    assert_eq!(tally(d), (265, 2, 1, 0));

    // z puts the sweep's own visit outcomes on the keys, and back.
    s.send("z");
    let screen = s.wait_for("the visit keys", 10, |sc| sc.contains("已走访 0 户"));
    assert!(screen.contains("z 战时/走访"), "{screen}");
    s.send("z");
    s.wait_for("the campaign keys", 10, |sc| sc.contains("本楼已查 2/20"));
    s.send("\x1b");
    s.wait_for("the summary", 10, |sc| sc.contains("扫楼结束"));
    s.send("\r");
    s.wait_for("the tree again", 10, |sc| !sc.contains("扫楼结束"));
    s.send("q");
    s.wait_exit(10);
}

#[test]
fn at_60_columns_a_building_swept_then_the_campaign_screen_takes_the_next_door_within_it() {
    let dir = campaign();
    let d = dir.path();
    let _stop = StopServers(d);
    let mut s = Session::start_client(d, &["--lang", "zh"], 80, 24);
    jump(&mut s, "1-1-102");
    s.resize(60, 16);
    s.settle(std::time::Duration::from_millis(300));
    // From the tree `s` sweeps the whole building: 39 doors.
    s.send("\t\t");
    s.send("s");
    s.wait_for("the sweep", 10, |sc| sc.contains("第 1/39"));
    s.wait_for("the door read", 10, |sc| sc.contains("未查"));
    let screen = s.screen();
    assert!(screen.contains("扫楼 · 1栋 · 战时 寒潮排查"), "{screen}");
    no_broken_borders(&s);
    // 1-1-101 is passed over; every other door of the building is 正常, one key a door.
    s.send(" ");
    s.wait_for("the second door", 10, |sc| sc.contains("第 2/39"));
    s.send(&"1".repeat(38));
    let screen = s.wait_for("the summary", 20, |sc| {
        sc.contains("扫楼结束") && sc.contains("本楼已查 38/39")
    });
    assert!(
        screen.contains("本楼已查 38/39 户：正常 38，异常 0，无人在家 0，拒绝 0"),
        "{screen}"
    );
    no_broken_borders(&s);
    assert_eq!(tally(d), (265, 38, 0, 0));
    s.send("\r");

    // The campaign screen: the next door of the grid is the one passed over.
    s.send("Z");
    s.wait_for("the campaign screen", 10, |sc| sc.contains("合计"));
    s.send(" ");
    let screen = s.wait_for("the first door", 10, |sc| sc.contains("本户：1-1-101"));
    assert!(screen.contains("下一户取自：一网格-1片"), "{screen}");
    // Help lists the key that takes the next door within the building.
    s.send("?");
    s.wait_for("help", 10, |sc| sc.contains("下一户未查"));
    s.send("楼栋");
    let screen = s.wait_for("help filtered", 10, |sc| !sc.contains("下一户未查"));
    assert_eq!(
        help_row(&screen, "本户所在楼栋"),
        ["shift-b", "下一户取自本户所在楼栋（再按回到网格）"]
    );
    no_broken_borders(&s);
    s.send("\x1b");
    s.wait_for("help closed", 10, |sc| !sc.contains("帮助：当前可用的按键"));
    // B: the next door is taken within the building of the door in view.
    s.send("B");
    let screen = s.wait_for("within the building", 10, |sc| {
        sc.contains("下一户取自：1栋")
    });
    no_broken_borders(&s);
    assert!(!screen.contains("下一户取自：一网格-1片"), "{screen}");
    // 拒绝 comes back: within building 1 it is the only door left, so it stays in view.
    s.send("4");
    s.wait_for("the tally", 10, |sc| {
        sc.contains("一网格-1片     265    39     0     0   226  14.7%")
    });
    s.settle(std::time::Duration::from_millis(300));
    assert!(s.screen().contains("本户：1-1-101"), "{}", s.screen());
    // B again: the grid; its next door is in building 2.
    s.send("B");
    s.wait_for("the grid again", 10, |sc| {
        sc.contains("下一户取自：一网格-1片")
    });
    s.send(" ");
    s.wait_for("building 2", 10, |sc| sc.contains("本户：2-1-101"));
    no_broken_borders(&s);
    s.send("q");
    s.wait_exit(10);
}

/// The small fixture with its second grid (第二网格: building 7, 7-1-101, household 24), a
/// campaign over both grids, and an admin; 第一网格 has building 3 (3-1-201, household 23)
/// and building 5 (5-1-101, 5-1-102, 5-2-301: households 20, 21, 22).
fn fixture(
    root: &Path,
) -> (
    std::sync::Arc<gridbook::store::Store>,
    gridbook::client::Local,
    u64,
) {
    use gridbook::client::Ask;
    let store = common::small_store(&root.join("store"));
    common::add_second_grid(&store);
    let store = std::sync::Arc::new(store);
    let search = gridbook::search::SearchCell::start(store.clone());
    let admin = gridbook::client::Local::scoped(
        store.clone(),
        "admin".into(),
        gridbook::model::scope::Scope::everything(),
        search,
    );
    let c = admin
        .call(gridbook::api::campaigns::StartCampaign {
            name: "防汛排查".into(),
            kind: gridbook::model::CampaignKind::Flood,
            grids: vec![3, 4],
            started: gridbook::model::time::day_of(common::ymd(2026, 11, 25)),
            deadline: gridbook::model::time::day_of(common::ymd(2026, 12, 31)),
            results: vec![],
        })
        .unwrap()
        .id;
    (store, admin, c)
}

fn next(
    b: &dyn gridbook::client::Backend,
    c: u64,
    grid: u64,
    building: Option<u64>,
    after: Option<u64>,
) -> Result<Option<String>, String> {
    use gridbook::client::Ask;
    b.call(gridbook::api::campaigns::NextDoor {
        campaign: c,
        grid,
        building,
        after,
    })
    .map(|h| h.map(|h| h.address.to_string()))
    .map_err(|e| e.to_string())
}

fn check(b: &dyn gridbook::client::Backend, c: u64, household: u64, result: &str) {
    use gridbook::client::Ask;
    b.call(gridbook::api::campaigns::CheckDoor {
        campaign: c,
        household,
        result: result.into(),
        note: String::new(),
    })
    .unwrap();
}

const OUTSIDE: &str = "that is outside the grids you look after; ask a street admin if you need it";

#[test]
fn the_next_door_within_a_building_stays_in_it_where_the_grids_goes_on_to_another() {
    let root = tempfile::tempdir().unwrap();
    let (_store, admin, c) = fixture(root.path());
    // Building 5 in door order: after 5-1-101 comes 5-1-102.
    assert_eq!(
        next(&admin, c, 3, Some(10), Some(20)),
        Ok(Some("5-1-102".into()))
    );
    for h in [20, 21, 22] {
        check(&admin, c, h, "正常");
    }
    // Building 5 is done; its grid still has 3-1-201 in building 3.
    assert_eq!(next(&admin, c, 3, Some(10), None), Ok(None));
    assert_eq!(next(&admin, c, 3, None, None), Ok(Some("3-1-201".into())));
    // 拒绝 comes back: within building 5 that door is next again.
    check(&admin, c, 22, "拒绝");
    assert_eq!(
        next(&admin, c, 3, Some(10), Some(22)),
        Ok(Some("5-2-301".into()))
    );
    // A building that is not there is outside, as one outside the caller's grids is.
    assert_eq!(next(&admin, c, 3, Some(999), None), Err(OUTSIDE.into()));
}

/// What the API says to someone sent down who asks for anything but the campaign.
const NOT_THEIRS: &str =
    "someone sent down for a campaign may only check its doors; ask a street admin for anything else";

#[test]
fn sent_down_staff_take_the_doors_of_a_building_of_their_grid_and_no_other() {
    use gridbook::api::campaigns::{AddSentDown, BuildingDoors};
    use gridbook::client::Ask;
    let root = tempfile::tempdir().unwrap();
    let (store, admin, c) = fixture(root.path());
    admin
        .call(AddSentDown {
            campaign: c,
            person: "李华".into(),
            unit: "区应急局".into(),
            grid: 4,
            user: "lihua".into(),
            arrived: gridbook::model::time::local_day(store.now()),
        })
        .unwrap();
    let search = gridbook::search::SearchCell::start(store.clone());
    let lihua = gridbook::client::Local::sent_down(store.clone(), "lihua".into(), search)
        .unwrap()
        .unwrap();
    let doors = |b: &gridbook::client::Local, building: u64| -> Vec<(u64, Option<String>)> {
        b.call(BuildingDoors {
            campaign: c,
            building,
        })
        .unwrap()
        .into_iter()
        .map(|d| {
            (
                d.household,
                d.latest.map(|l| format!("{} {}", l.result, l.by)),
            )
        })
        .collect()
    };
    // Their grid's building: its one door, not checked; the roster's door list (heads, care
    // tags) is not theirs to read.
    assert_eq!(
        lihua
            .call(gridbook::api::places::Households(12))
            .map(|_| ())
            .unwrap_err()
            .to_string(),
        NOT_THEIRS
    );
    assert_eq!(doors(&lihua, 12), vec![(24, None)]);
    assert_eq!(
        next(&lihua, c, 4, Some(12), None),
        Ok(Some("7-1-101".into()))
    );
    check(&lihua, c, 24, "正常");
    assert_eq!(doors(&lihua, 12), vec![(24, Some("正常 lihua".into()))]);
    assert_eq!(doors(&admin, 12), vec![(24, Some("正常 lihua".into()))]);
    // Building 5 lies in 第一网格, not theirs: no door of it, and its next door is outside.
    assert_eq!(doors(&lihua, 10), vec![]);
    assert_eq!(next(&lihua, c, 4, Some(10), None), Err(OUTSIDE.into()));
    assert_eq!(
        lihua
            .call(gridbook::api::places::Households(10))
            .map(|_| ())
            .unwrap_err()
            .to_string(),
        NOT_THEIRS
    );
    // The admin sees building 5's three doors in door order.
    assert_eq!(doors(&admin, 10), vec![(20, None), (21, None), (22, None)]);
}

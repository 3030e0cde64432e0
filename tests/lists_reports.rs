//! Lists and reports as a grid captain reads them: the follow-up list's filter and counts, the
//! report screen's overdue figures, disputes per month with no month left out, care tags that
//! read one by one, `v` from the tree, and reassigning doors between building captains.

mod common;

use common::{press, screen, ymd};

use crossterm::event::KeyCode;
use gridbook::client::Backend;
use gridbook::model::time::day_of;
use gridbook::model::*;
use gridbook::tui::app::App;
use gridbook::tui::i18n::Lang;

/// The fixture a day later (26 November), with a second written follow-up, overdue since
/// 20 November at 3-1-201. Due by 3 December: 5-1-101's visit by rule (27 Nov), the three
/// households never met (due since they were registered on 25 Nov, so overdue), 5-1-102's
/// follow-up (30 Nov) and 3-1-201's (overdue).
fn due_fixture(dir: &std::path::Path) -> (gridbook::client::Local, App) {
    let store = common::small_store(dir);
    store
        .write("fixture", |t| {
            t.put(&FollowUp {
                id: 402,
                household: 23,
                source: FollowUpSource::Manual,
                title: "修理楼道灯".into(),
                due: day_of(ymd(2026, 11, 20)),
                owner: "zhangli".into(),
                done: None,
            })
        })
        .unwrap();
    let b = gridbook::client::Local::new(store, "zhangli".into());
    let (mut app, reqs) = App::new(
        Lang::Zh,
        gridbook::tui::keymap::Keymap::default_keymap(),
        common::today() + 1,
    );
    app.no_color = true;
    app.user = "zhangli".into();
    common::settle(&mut app, &b, reqs);
    (b, app)
}

/// The title of the pane at the top of the screen, without its border.
fn title(app: &App) -> String {
    let s = screen(app, 100, 30);
    let first = s.lines().next().unwrap_or_default();
    first
        .trim_start_matches('┌')
        .trim_end_matches(['─', '┐'])
        .trim()
        .to_string()
}

/// The addresses of the rows the follow-up list shows, top to bottom.
fn due_rows(app: &App) -> Vec<String> {
    screen(app, 100, 30)
        .lines()
        .skip(2)
        .filter_map(|l| l.trim_start_matches('│').split_whitespace().next())
        .filter(|w| w.chars().next().is_some_and(|c| c.is_ascii_digit()))
        .map(str::to_string)
        .collect()
}

#[test]
fn the_follow_up_list_filters_written_follow_ups_from_visits_due_by_rule_with_counts() {
    let dir = tempfile::tempdir().unwrap();
    let (b, mut app) = due_fixture(dir.path());
    press(&mut app, &b, KeyCode::Char('f'));
    assert_eq!(title(&app), "待办与到期 · 全部 6 项，逾期 4 项 · ←→ 筛选");
    assert_eq!(due_rows(&app).len(), 6);
    press(&mut app, &b, KeyCode::Right);
    assert_eq!(
        title(&app),
        "待办与到期 · 书面待办 2 项，逾期 1 项 · ←→ 筛选"
    );
    assert_eq!(due_rows(&app), ["3-1-201", "5-1-102"]);
    press(&mut app, &b, KeyCode::Right);
    assert_eq!(
        title(&app),
        "待办与到期 · 按规则走访 4 项，逾期 3 项 · ←→ 筛选"
    );
    assert_eq!(due_rows(&app), ["5-1-102", "5-2-301", "3-1-201", "5-1-101"]);
    press(&mut app, &b, KeyCode::Right);
    assert_eq!(title(&app), "待办与到期 · 全部·仅逾期 4 项 · ←→ 筛选");
    press(&mut app, &b, KeyCode::Right);
    assert_eq!(title(&app), "待办与到期 · 书面待办·仅逾期 1 项 · ←→ 筛选");
    assert_eq!(due_rows(&app), ["3-1-201"]);

    // The filter stays while the list is open: marking the one row done reloads the list.
    press(&mut app, &b, KeyCode::Char('x'));
    common::type_text(&mut app, &b, "灯已修好");
    press(&mut app, &b, KeyCode::F(2));
    assert_eq!(app.status.as_deref(), Some("已办结：修理楼道灯"));
    assert_eq!(title(&app), "待办与到期 · 书面待办·仅逾期 0 项 · ←→ 筛选");
    assert!(due_rows(&app).is_empty());
    // ← goes back through the filters.
    press(&mut app, &b, KeyCode::Left);
    press(&mut app, &b, KeyCode::Left);
    press(&mut app, &b, KeyCode::Left);
    assert_eq!(
        title(&app),
        "待办与到期 · 书面待办 1 项，逾期 0 项 · ←→ 筛选"
    );
}

#[test]
fn the_report_screen_counts_overdue_as_the_follow_up_list_does() {
    let dir = tempfile::tempdir().unwrap();
    let (b, mut app) = due_fixture(dir.path());
    press(&mut app, &b, KeyCode::Char('r'));
    let s = screen(&app, 100, 30);
    assert!(s.contains("逾期书面待办：1"), "{s}");
    assert!(s.contains("逾期按规则走访：3"), "{s}");
    let mut en = app;
    en.lang = Lang::En;
    let s = screen(&en, 100, 30);
    assert!(s.contains("Written follow-ups overdue: 1"), "{s}");
    assert!(s.contains("Visits overdue by rule: 3"), "{s}");
}

/// The fixture with a case closed in August (reported the same day, resolved) beside the one
/// open since November: September and October had nothing.
fn disputes_fixture(dir: &std::path::Path) {
    let store = common::small_store(&dir.join("store"));
    store
        .write("fixture", |t| {
            t.put(&Dispute {
                id: 301,
                community: 2,
                grid: 3,
                household: Some(20),
                title: "车位纠纷".into(),
                category: DisputeCategory::NeighbourNoise,
                parties: vec![Party::Resident(100)],
                place: "5栋楼下".into(),
                reported_at: chrono::TimeZone::with_ymd_and_hms(
                    &chrono::Utc,
                    2026,
                    8,
                    10,
                    12,
                    0,
                    0,
                )
                .unwrap()
                .timestamp(),
                reported_by: "zhangli".into(),
                severity: Severity::Low,
                deadline: day_of(ymd(2026, 8, 20)),
                mediator: "zhangli".into(),
                status: DisputeStatus::Closed,
                outcome: Some(DisputeOutcome::Resolved),
            })
        })
        .unwrap();
}

fn report(dir: &std::path::Path, format: &str) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_gridbook"))
        .env("GRIDBOOK_IN_PROCESS", "1")
        .env("XDG_CONFIG_HOME", dir.join("config"))
        .env("LANG", "zh_CN.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("GRIDBOOK_DATA")
        .arg("--data")
        .arg(dir.join("store"))
        .args([
            "report",
            "disputes",
            "--format",
            format,
            "--today",
            "2026-11-25",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn disputes_per_month_show_every_month_and_no_mean_where_nothing_closed() {
    let dir = tempfile::tempdir().unwrap();
    disputes_fixture(dir.path());
    assert_eq!(
        report(dir.path(), "table"),
        "月份     新登记  结案  调解成功  调解成功率  平均结案天数\n\
         2026-08       1     1         1      100.0%           0.0\n\
         2026-09       0     0         0        0.0%             —\n\
         2026-10       0     0         0        0.0%             —\n\
         2026-11       1     0         0        0.0%             —\n"
    );
    assert_eq!(
        report(dir.path(), "csv"),
        "月份,新登记,结案,调解成功,调解成功率,平均结案天数\r\n\
         2026-08,1,1,1,100.0%,0.0\r\n\
         2026-09,0,0,0,0.0%,\r\n\
         2026-10,0,0,0,0.0%,\r\n\
         2026-11,1,0,0,0.0%,\r\n"
    );
    let json: serde_json::Value = serde_json::from_str(&report(dir.path(), "json")).unwrap();
    let months: Vec<(String, u64, serde_json::Value)> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["month"].as_str().unwrap().to_string(),
                m["opened"].as_u64().unwrap(),
                m["average_days_to_close"].clone(),
            )
        })
        .collect();
    assert_eq!(
        months,
        vec![
            ("2026-08".to_string(), 1, serde_json::json!(0.0)),
            ("2026-09".to_string(), 0, serde_json::Value::Null),
            ("2026-10".to_string(), 0, serde_json::Value::Null),
            ("2026-11".to_string(), 1, serde_json::Value::Null),
        ]
    );

    // The report screen's chart has a bar for each of the four months, empty ones too.
    let store = gridbook::store::Store::open(
        &dir.path().join("store"),
        gridbook::store::OpenOptions::default(),
    )
    .unwrap();
    let b = gridbook::client::Local::new(store, "zhangli".into());
    let mut app = common::app(&b, Lang::Zh);
    press(&mut app, &b, KeyCode::Char('r'));
    let s = screen(&app, 100, 30);
    assert!(s.contains("每月新登记纠纷 2026-08 – 2026-11"), "{s}");
    assert!(s.contains("平均结案 —"), "{s}");
}

#[test]
fn care_tags_in_the_household_list_read_one_by_one() {
    let dir = tempfile::tempdir().unwrap();
    let store = common::small_store(dir.path());
    store
        .write("fixture", |t| {
            t.put(&common::household(
                22,
                10,
                "5-2-301",
                104,
                vec![CareTag::EmptyNest, CareTag::Veteran],
            ))
        })
        .unwrap();
    let b = gridbook::client::Local::new(store, "zhangli".into());
    for (lang, tags) in [(Lang::Zh, "空 军"), (Lang::En, "EN V")] {
        let mut app = common::app(&b, lang);
        press(&mut app, &b, KeyCode::Char(':'));
        common::type_text(&mut app, &b, "5-2-301");
        press(&mut app, &b, KeyCode::Enter);
        let s = screen(&app, 100, 30);
        let line = s.lines().find(|l| l.contains("5-2-301 单丽")).unwrap();
        assert!(
            line.contains(&format!(" {tags} ")),
            "the tags stand apart: {line}"
        );
    }
}

#[test]
fn v_with_no_household_under_the_cursor_says_how_to_get_to_one() {
    let dir = tempfile::tempdir().unwrap();
    let b = common::backend(dir.path());
    for (lang, said) in [
        (Lang::Zh, "请先选一户：在左边选一栋楼，按 tab 到住户列表"),
        (
            Lang::En,
            "Select a household first: pick a building on the left, then tab to the household list",
        ),
    ] {
        let mut app = common::app(&b, lang);
        // The tree's first line is the community: no building, so no household list.
        press(&mut app, &b, KeyCode::Char('g'));
        press(&mut app, &b, KeyCode::Char('v'));
        assert_eq!(app.status.as_deref(), Some(said));
        assert!(matches!(app.overlay, gridbook::tui::app::Overlay::None));
        // On a building, v logs a visit for the household under the list's cursor.
        press(&mut app, &b, KeyCode::Char(':'));
        common::type_text(&mut app, &b, "5-1-102");
        press(&mut app, &b, KeyCode::Enter);
        app.focus = gridbook::tui::app::Pane::Tree;
        press(&mut app, &b, KeyCode::Char('v'));
        assert!(matches!(app.overlay, gridbook::tui::app::Overlay::Form(_)));
        assert_eq!(
            app.form_household.as_ref().map(|d| d.household.id),
            Some(21)
        );
    }
}

/// The fixture with a second captain, 曾小明 (91), covering building 3; 单丽 (90) covers 5.
fn captains_fixture(dir: &std::path::Path) -> gridbook::client::Local {
    let store = common::small_store(dir);
    store
        .write("fixture", |t| {
            t.put(&BuildingCaptain {
                id: 91,
                resident: 101,
                community: 2,
                grid: 3,
                name: "曾小明".into(),
                phone: "13800000101".into(),
            })?;
            let mut h = common::household(23, 11, "3-1-201", 105, vec![]);
            h.captain = Some(91);
            t.put(&h)
        })
        .unwrap();
    common::add_second_grid(&store);
    gridbook::client::Local::new(store, "zhangli".into())
}

/// The lines of the dialog on screen, between its borders, without padding.
fn dialog_lines(app: &App) -> Vec<String> {
    screen(app, 100, 30)
        .lines()
        .filter_map(|l| {
            let inner = l.trim_start_matches([' ', '│']).split('│').next()?;
            Some(inner.trim_end().to_string())
        })
        .collect()
}

#[test]
fn the_rebalance_proposal_lines_up_its_columns_by_display_width() {
    let dir = tempfile::tempdir().unwrap();
    let b = captains_fixture(dir.path());
    let mut app = common::app(&b, Lang::Zh);
    press(&mut app, &b, KeyCode::Char('c'));
    press(&mut app, &b, KeyCode::Char('b'));
    let s = screen(&app, 100, 30);
    assert!(s.contains("│单丽      3 →   3   5-1 5-2"), "{s}");
    assert!(s.contains("│曾小明    1 →   1   3-1"), "{s}");
}

fn entrance(building: u32, entrance: u8, first: Id, n: usize, captain: Id) -> rebalance::Entrance {
    rebalance::Entrance {
        building,
        entrance,
        households: (0..n as Id).map(|i| (first + i, Some(captain))).collect(),
    }
}

use gridbook::model::rebalance;

#[test]
fn a_rebalance_never_gives_doors_to_a_captain_at_or_over_sixty_and_lowers_the_overload() {
    // A covers 1-1 (30) and 1-3 (40): 70. B covers 1-2 (50), C 1-4 (5). The even split into
    // runs would give 1-1 to C and 1-4 to A, who is over 60 already.
    let es = vec![
        entrance(1, 1, 100, 30, 1),
        entrance(1, 2, 200, 50, 2),
        entrance(1, 3, 300, 40, 1),
        entrance(1, 4, 400, 5, 3),
    ];
    let p = rebalance::propose(&es, &[1, 2, 3], 60);
    let sizes: Vec<(Id, usize, usize)> = p
        .patches
        .iter()
        .map(|x| (x.captain, x.before, x.after))
        .collect();
    assert_eq!(sizes, vec![(1, 70, 40), (2, 50, 50), (3, 5, 35)]);
    assert_eq!(p.patches[2].entrances, vec![(1, 1), (1, 4)]);
    assert_eq!(p.moves.len(), 30);
    assert!(p
        .moves
        .iter()
        .all(|(h, c)| (100..130).contains(h) && *c == 3));

    // B covers 1-1 (30) and 1-3 (40): 70, A 1-2 (50). Runs of 80 and 40 would put A at 80;
    // no whole entrance fits under 60 anywhere, so nothing moves.
    let es = vec![
        entrance(1, 1, 100, 30, 2),
        entrance(1, 2, 200, 50, 1),
        entrance(1, 3, 300, 40, 2),
    ];
    let p = rebalance::propose(&es, &[1, 2], 60);
    assert_eq!(p.moves, vec![]);
    let sizes: Vec<(Id, usize, usize)> = p
        .patches
        .iter()
        .map(|x| (x.captain, x.before, x.after))
        .collect();
    assert_eq!(sizes, vec![(1, 50, 50), (2, 70, 70)]);
}

fn captain_of(b: &dyn Backend, household: Id) -> Option<Id> {
    b.household_detail(household).unwrap().household.captain
}

#[test]
fn doors_from_another_grid_are_asked_about_first_and_the_last_reassignment_can_be_undone() {
    let dir = tempfile::tempdir().unwrap();
    let b = captains_fixture(dir.path());
    let mut app = common::app(&b, Lang::Zh);
    press(&mut app, &b, KeyCode::Char('c'));
    // 单丽 is the first row. Building 7 is in 第二网格, not hers.
    press(&mut app, &b, KeyCode::Char('n'));
    common::type_text(&mut app, &b, "7");
    press(&mut app, &b, KeyCode::Enter);
    let lines = dialog_lines(&app);
    assert!(
        lines.contains(&"把 1 户交给单丽？".to_string()),
        "{lines:?}"
    );
    assert!(
        lines.contains(&"其中 1 户在另一个网格：第二网格".to_string()),
        "{lines:?}"
    );
    press(&mut app, &b, KeyCode::Char('n'));
    assert_eq!(app.status.as_deref(), Some("没有调整，门户照旧"));
    assert_eq!(captain_of(&b, 24), None);

    press(&mut app, &b, KeyCode::Char('n'));
    common::type_text(&mut app, &b, "7");
    press(&mut app, &b, KeyCode::Enter);
    press(&mut app, &b, KeyCode::Char('y'));
    assert_eq!(app.status.as_deref(), Some("已调整 1 户的楼长；按 z 撤销"));
    assert_eq!(captain_of(&b, 24), Some(90));
    assert!(
        screen(&app, 100, 30).contains("z 撤销"),
        "the key is offered"
    );
    press(&mut app, &b, KeyCode::Char('z'));
    assert_eq!(app.status.as_deref(), Some("已撤销：1 户换回原来的楼长"));
    assert_eq!(captain_of(&b, 24), None);
    press(&mut app, &b, KeyCode::Char('z'));
    assert_eq!(app.status.as_deref(), Some("没有可撤销的调整"));

    // Doors of her own grid that keep her within 60 move at once, and undo puts them back.
    press(&mut app, &b, KeyCode::Char('n'));
    common::type_text(&mut app, &b, "3");
    press(&mut app, &b, KeyCode::Enter);
    assert_eq!(app.status.as_deref(), Some("已调整 1 户的楼长；按 z 撤销"));
    assert_eq!(captain_of(&b, 23), Some(90));
    press(&mut app, &b, KeyCode::Char('z'));
    assert_eq!(captain_of(&b, 23), Some(91));
}

#[test]
fn doors_that_would_put_a_captain_over_sixty_are_asked_about_first() {
    let dir = tempfile::tempdir().unwrap();
    let b = captains_fixture(dir.path());
    // 60 more households in building 3, entrance 2, all 曾小明's: building 3 has 61.
    b.store()
        .write("fixture", |t| {
            for floor in 1..=10 {
                for room in 1..=6 {
                    let id = 1000 + floor * 10 + room;
                    let addr = format!("3-2-{floor}{room:02}");
                    let mut h = common::household(id, 11, &addr, 105, vec![]);
                    h.captain = Some(91);
                    t.put(&h)?;
                }
            }
            Ok(())
        })
        .unwrap();
    let mut app = common::app(&b, Lang::Zh);
    press(&mut app, &b, KeyCode::Char('c'));
    press(&mut app, &b, KeyCode::Char('n'));
    common::type_text(&mut app, &b, "3");
    press(&mut app, &b, KeyCode::Enter);
    let lines = dialog_lines(&app);
    assert!(
        lines.contains(&"把 61 户交给单丽？".to_string()),
        "{lines:?}"
    );
    assert!(
        lines.contains(&"单丽将负责 64 户（现在 3 户），超过每人 60 户".to_string()),
        "{lines:?}"
    );
    press(&mut app, &b, KeyCode::Esc);
    assert_eq!(captain_of(&b, 23), Some(91));
}

//! Building captains in the TUI as a grid worker uses them: a resident of a household made a
//! captain, a captain's doors, her phone changed, a captain retired and her doors given out
//! first by the rebalance, undo after these; and the report screen's households whose roster
//! was not checked. In process, on the small fixture, with the exact text on screen.

mod common;

use common::{nov, press, screen, type_text, ymd};
use crossterm::event::KeyCode;
use gridbook::client::{Backend, Local};
use gridbook::model::time::Instant;
use gridbook::model::*;
use gridbook::tui::action::Action;
use gridbook::tui::app::{App, Overlay, Screen};
use gridbook::tui::i18n::Lang;
use gridbook::tui::keymap::Mode;

/// The app on the fixture with 5-1-102 (曾小明's household of three) selected.
fn at_zeng(b: &dyn Backend, lang: Lang) -> App {
    let mut app = common::app(b, lang);
    press(&mut app, b, KeyCode::Char(':'));
    type_text(&mut app, b, "5-1-102");
    press(&mut app, b, KeyCode::Enter);
    assert_eq!(
        app.selected_household().map(|h| h.head.as_str()),
        Some("曾小明")
    );
    app
}

/// The lines of the dialog on screen at 100×30, between its borders, without padding.
fn dialog_lines(app: &App) -> Vec<String> {
    dialog_lines_at(app, 100, 30)
}

fn dialog_lines_at(app: &App, w: u16, h: u16) -> Vec<String> {
    screen(app, w, h)
        .lines()
        .filter_map(|l| {
            let inner = l.trim_start_matches([' ', '│']).split('│').next()?;
            Some(inner.trim_end().to_string())
        })
        .collect()
}

fn captains(b: &Local) -> Vec<(String, Id, String)> {
    b.store()
        .all::<BuildingCaptain>()
        .map(|c| c.unwrap())
        .map(|c| (c.name, c.resident, c.phone))
        .collect()
}

fn captain_of(b: &dyn Backend, household: Id) -> Option<Id> {
    b.household_detail(household).unwrap().household.captain
}

#[test]
fn b_on_a_household_makes_the_head_or_another_resident_a_building_captain() {
    let dir = tempfile::tempdir().unwrap();
    let b = common::backend(dir.path());
    let mut app = at_zeng(&b, Lang::Zh);
    press(&mut app, &b, KeyCode::Char('b'));
    let s = screen(&app, 100, 30);
    assert!(s.contains("┌ 设为楼长 · 5-1-102 "), "{s}");
    let lines = dialog_lines(&app);
    let at = lines
        .iter()
        .position(|l| l == "选一位现住居民当楼长：")
        .unwrap();
    assert_eq!(
        lines[at..at + 6],
        [
            "选一位现住居民当楼长：",
            "曾小明（户主）",
            "李娟（配偶）",
            "曾子涵（女）",
            "",
            "↑↓ 选择   Enter 设为楼长   Esc 取消",
        ]
    );
    // Esc: nobody is made a captain.
    press(&mut app, &b, KeyCode::Esc);
    assert!(matches!(app.overlay, Overlay::None));
    assert_eq!(captains(&b).len(), 1);

    // The second resident, 李娟.
    press(&mut app, &b, KeyCode::Char('b'));
    press(&mut app, &b, KeyCode::Down);
    press(&mut app, &b, KeyCode::Enter);
    assert_eq!(
        app.status.as_deref(),
        Some("李娟已是楼长；在楼长列表（c）里按 n 给李娟分配门户")
    );
    assert_eq!(
        captains(&b),
        vec![
            ("单丽".to_string(), 104, "13800000104".to_string()),
            // Her own phone, as the roster has it.
            ("李娟".to_string(), 102, "13800000102".to_string()),
        ]
    );
    press(&mut app, &b, KeyCode::Char('c'));
    let s = screen(&app, 100, 30);
    assert!(
        s.contains("│李娟     138****0102  0      0          0"),
        "{s}"
    );

    // Enter alone makes the head a captain; a second time she is one already.
    press(&mut app, &b, KeyCode::Esc);
    press(&mut app, &b, KeyCode::Char('b'));
    press(&mut app, &b, KeyCode::Enter);
    assert_eq!(
        app.status.as_deref(),
        Some("曾小明已是楼长；在楼长列表（c）里按 n 给曾小明分配门户")
    );
    press(&mut app, &b, KeyCode::Char('b'));
    press(&mut app, &b, KeyCode::Enter);
    assert_eq!(
        app.status.as_deref(),
        Some("出错了: 曾小明已经是楼长；请改她负责的门户或电话")
    );
    assert_eq!(captains(&b).len(), 3);
}

#[test]
fn enter_on_a_captain_lists_her_doors_in_order_with_their_heads() {
    let dir = tempfile::tempdir().unwrap();
    let b = common::backend(dir.path());
    let mut app = common::app(&b, Lang::Zh);
    press(&mut app, &b, KeyCode::Char('c'));
    press(&mut app, &b, KeyCode::Enter);
    let s = screen(&app, 100, 30);
    assert!(s.contains("┌ 单丽负责的门户 · 4 户 "), "{s}");
    let lines = dialog_lines(&app);
    let at = lines.iter().position(|l| l == "3-1-201  解放").unwrap();
    assert_eq!(
        lines[at..at + 6],
        [
            "3-1-201  解放",
            "5-1-101  周官萍",
            "5-1-102  曾小明",
            "5-2-301  单丽",
            "",
            "Esc 关闭",
        ]
    );
    press(&mut app, &b, KeyCode::Esc);
    assert!(matches!(app.overlay, Overlay::None));
    assert!(matches!(app.screen, Screen::Captains(_)));

    // Six more doors on the fourth floor of 5-1: in a terminal ten rows high five show at a
    // time, they scroll, and the key line says which.
    b.store()
        .write("fixture", |t| {
            for room in 1..=6 {
                t.put(&common::household(
                    1000 + room,
                    10,
                    &format!("5-1-40{room}"),
                    100,
                    vec![],
                ))?;
            }
            Ok(())
        })
        .unwrap();
    app.on_resize(60, 10);
    press(&mut app, &b, KeyCode::Enter);
    press(&mut app, &b, KeyCode::Down);
    press(&mut app, &b, KeyCode::Down);
    let lines = dialog_lines_at(&app, 60, 10);
    let at = lines.iter().position(|l| l == "5-1-102  曾小明").unwrap();
    assert_eq!(
        lines[at..at + 7],
        [
            "5-1-102  曾小明",
            "5-1-401  周官萍",
            "5-1-402  周官萍",
            "5-1-403  周官萍",
            "5-1-404  周官萍",
            "",
            "第 3–7 户，共 10 户   ↑↓ 翻看   Esc 关闭",
        ]
    );
}

#[test]
fn p_changes_a_captains_phone_and_a_wrong_number_is_said_in_one_sentence() {
    let dir = tempfile::tempdir().unwrap();
    let b = common::backend(dir.path());
    let mut app = common::app(&b, Lang::Zh);
    press(&mut app, &b, KeyCode::Char('c'));
    press(&mut app, &b, KeyCode::Char('p'));
    let s = screen(&app, 100, 30);
    assert_eq!(s.lines().last(), Some("单丽的新电话（现为 138****0104）："));
    type_text(&mut app, &b, "123");
    press(&mut app, &b, KeyCode::Enter);
    let s = screen(&app, 100, 30);
    assert!(s.contains("┌ 未能保存 "), "{s}");
    assert!(
        s.contains("│电话“123”既不是 11 位手机号，也不是带区号的固定电话；请写成 13812345678 或 0760-88123456"),
        "{s}"
    );
    // The prompt stays with what was typed, to put right.
    assert_eq!(
        s.lines().last(),
        Some("单丽的新电话（现为 138****0104）：123")
    );
    assert_eq!(captains(&b)[0].2, "13800000104");
    for _ in 0..3 {
        press(&mut app, &b, KeyCode::Backspace);
    }
    type_text(&mut app, &b, "139 1234 5678");
    press(&mut app, &b, KeyCode::Enter);
    assert!(matches!(app.overlay, Overlay::None));
    assert_eq!(app.status.as_deref(), Some("单丽的电话已改为 139****5678"));
    assert_eq!(captains(&b)[0].2, "13912345678");
    let s = screen(&app, 100, 30);
    assert!(s.contains("│单丽     139****5678  4"), "{s}");
}

#[test]
fn retiring_a_captain_asks_first_and_her_doors_come_first_in_the_rebalance() {
    let dir = tempfile::tempdir().unwrap();
    let b = common::backend(dir.path());
    // A second captain, 曾小明, with no doors yet.
    b.store()
        .add_captain("fixture", &scope::Scope::everything(), 101)
        .unwrap();
    let mut app = common::app(&b, Lang::Zh);
    press(&mut app, &b, KeyCode::Char('c'));
    press(&mut app, &b, KeyCode::Char('d'));
    let lines = dialog_lines(&app);
    let at = lines.iter().position(|l| l == "让单丽卸任楼长？").unwrap();
    assert_eq!(
        lines[at..at + 4],
        [
            "让单丽卸任楼长？",
            "单丽负责的 4 户将暂无楼长，调整片区时先分给其他楼长。",
            "",
            "Enter 确认卸任   Esc 取消",
        ]
    );
    press(&mut app, &b, KeyCode::Char('n'));
    assert!(matches!(app.overlay, Overlay::None));
    assert_eq!(captain_of(&b, 20), Some(90));

    press(&mut app, &b, KeyCode::Char('d'));
    press(&mut app, &b, KeyCode::Char('y'));
    assert_eq!(
        app.status.as_deref(),
        Some("单丽已卸任；4 户暂无楼长，按 b 调整片区时先分配")
    );
    for h in [20, 21, 22, 23] {
        assert_eq!(captain_of(&b, h), None, "household {h}");
    }
    let s = screen(&app, 100, 30);
    assert!(!s.contains("│单丽"), "{s}");
    assert!(s.contains("│曾小明   138****0101  0"), "{s}");

    // The rebalance gives her doors out first, and says so.
    press(&mut app, &b, KeyCode::Char('b'));
    let lines = dialog_lines(&app);
    let at = lines
        .iter()
        .position(|l| l == "共 4 户换楼长。Enter 确认调整   Esc 取消")
        .unwrap();
    assert_eq!(
        lines[at..at + 4],
        [
            "共 4 户换楼长。Enter 确认调整   Esc 取消",
            "其中 4 户原来没有楼长，先分配",
            "",
            "曾小明    0 →   4   3-1 5-1 5-2",
        ]
    );
    press(&mut app, &b, KeyCode::Enter);
    assert_eq!(app.status.as_deref(), Some("已调整 4 户的楼长；按 z 撤销"));
    let zeng = captains(&b).iter().position(|c| c.0 == "曾小明").map(|_| {
        b.store()
            .all::<BuildingCaptain>()
            .map(|c| c.unwrap())
            .find(|c| c.name == "曾小明")
            .unwrap()
            .id
    });
    assert_eq!(captain_of(&b, 22), zeng);
    // The last reassignment can be undone: the doors are without a captain again.
    press(&mut app, &b, KeyCode::Char('z'));
    assert_eq!(app.status.as_deref(), Some("已撤销：4 户换回原来的楼长"));
    assert_eq!(captain_of(&b, 22), None);
}

#[test]
fn undo_after_a_new_captain_works_and_is_dropped_when_its_captain_retires() {
    let dir = tempfile::tempdir().unwrap();
    let b = common::backend(dir.path());
    let mut app = at_zeng(&b, Lang::Zh);
    press(&mut app, &b, KeyCode::Char('b'));
    press(&mut app, &b, KeyCode::Enter);
    press(&mut app, &b, KeyCode::Char('c'));
    // 曾小明 is the second row: building 3 goes to him from 单丽, and back with z.
    press(&mut app, &b, KeyCode::Down);
    press(&mut app, &b, KeyCode::Char('n'));
    type_text(&mut app, &b, "3");
    press(&mut app, &b, KeyCode::Enter);
    assert_eq!(app.status.as_deref(), Some("已调整 1 户的楼长；按 z 撤销"));
    assert_ne!(captain_of(&b, 23), Some(90));
    press(&mut app, &b, KeyCode::Char('z'));
    assert_eq!(app.status.as_deref(), Some("已撤销：1 户换回原来的楼长"));
    assert_eq!(captain_of(&b, 23), Some(90));

    // Again, then 单丽 retires: the undo would give doors back to her, so there is none.
    press(&mut app, &b, KeyCode::Char('n'));
    type_text(&mut app, &b, "3");
    press(&mut app, &b, KeyCode::Enter);
    press(&mut app, &b, KeyCode::Up);
    press(&mut app, &b, KeyCode::Char('d'));
    press(&mut app, &b, KeyCode::Enter);
    assert_eq!(
        app.status.as_deref(),
        Some("单丽已卸任；3 户暂无楼长，按 b 调整片区时先分配")
    );
    press(&mut app, &b, KeyCode::Char('z'));
    assert_eq!(app.status.as_deref(), Some("没有可撤销的调整"));
    assert_eq!(captain_of(&b, 22), None);
    assert!(captain_of(&b, 23).is_some());
}

#[test]
fn help_lists_the_captain_keys_in_both_languages() {
    let dir = tempfile::tempdir().unwrap();
    let b = common::backend(dir.path());
    for (lang, make, retire, phone) in [
        (Lang::Zh, "设本户居民为楼长", "楼长卸任", "改楼长电话"),
        (
            Lang::En,
            "make a resident a building captain",
            "retire the captain",
            "change the captain's phone",
        ),
    ] {
        let mut app = common::app(&b, lang);
        let label = |app: &App, a: Action| {
            app.help_rows("")
                .into_iter()
                .find(|(_, x)| *x == a)
                .map(|(k, x)| (k, app.action_label(x).to_string()))
        };
        assert_eq!(
            label(&app, Action::MakeCaptain),
            Some(("b".to_string(), make.to_string()))
        );
        press(&mut app, &b, KeyCode::Char('c'));
        assert_eq!(
            label(&app, Action::RetireCaptain),
            Some(("d".to_string(), retire.to_string()))
        );
        assert_eq!(
            label(&app, Action::CaptainPhone),
            Some(("p".to_string(), phone.to_string()))
        );
        assert_eq!(label(&app, Action::MakeCaptain), None);
        assert_eq!(app.keymap.keys_for(Mode::List, Action::Open), ["enter"]);
    }
}

#[test]
fn a_retired_captain_in_english() {
    let dir = tempfile::tempdir().unwrap();
    let b = common::backend(dir.path());
    let mut app = common::app(&b, Lang::En);
    press(&mut app, &b, KeyCode::Char('c'));
    press(&mut app, &b, KeyCode::Char('d'));
    let lines = dialog_lines(&app);
    assert!(
        lines.contains(&"Retire 单丽 as a building captain?".to_string()),
        "{lines:?}"
    );
    let at = lines
        .iter()
        .position(|l| l == "Retire 单丽 as a building captain?")
        .unwrap();
    assert_eq!(
        lines[at + 1..at + 5],
        [
            "单丽's 4 households will have no captain and come first when you",
            "rebalance.",
            "",
            "Enter retire   Esc cancel",
        ]
    );
    press(&mut app, &b, KeyCode::Enter);
    assert_eq!(
        app.status.as_deref(),
        Some(
            "单丽 has retired; 4 households have no captain, first in line when you rebalance (b)"
        )
    );
}

fn roster_visit(id: Id, household: Id, at: Instant) -> Visit {
    Visit {
        id,
        household,
        at,
        staff: "zhangli".into(),
        purpose: VisitPurpose::Routine,
        outcome: VisitOutcome::Met,
        met: vec![],
        findings: "核实人口信息，无变化。".into(),
        amends: None,
        roster_checked: true,
    }
}

#[test]
fn the_report_screen_lists_the_households_whose_roster_was_not_checked() {
    let dir = tempfile::tempdir().unwrap();
    let b = common::backend(dir.path());
    // 5-2-301 checked this month; 3-1-201 last checked in June 2025, over 12 months ago.
    let june = ymd(2025, 6, 1)
        .and_hms_opt(12, 0, 0)
        .unwrap()
        .and_utc()
        .timestamp();
    b.store()
        .write("fixture", |t| {
            t.put(&roster_visit(900, 22, nov(1)))?;
            t.put(&roster_visit(901, 23, june))
        })
        .unwrap();
    let mut app = common::app(&b, Lang::Zh);
    press(&mut app, &b, KeyCode::Char('r'));
    let s = screen(&app, 100, 30);
    assert!(s.contains("┌ 12个月未核实人口信息 3 户 "), "{s}");
    assert!(s.contains("│人口信息未核实（户）：3"), "{s}");
    let rows: Vec<&str> = s
        .lines()
        .filter(|l| l.contains("从未核实") || l.contains("2025/6/1"))
        .collect();
    assert_eq!(rows.len(), 3, "{s}");
    for (row, want) in rows
        .iter()
        .zip(["│5-1-101 周官萍", "│5-1-102 曾小明", "│3-1-201 解放"])
    {
        assert!(row.starts_with(want), "{row}");
    }
    assert!(
        rows[0].contains("从未核实") && rows[2].contains("2025/6/1"),
        "{s}"
    );
    assert!(!s.contains("5-2-301"), "{s}");

    // Enter on a household goes to it.
    press(&mut app, &b, KeyCode::Down);
    press(&mut app, &b, KeyCode::Enter);
    assert!(matches!(app.screen, Screen::Browse));
    assert_eq!(app.selected_household().map(|h| h.id), Some(21));

    // The months follow the visit rules.
    let mut rules = b.store().visit_rules().unwrap();
    rules.roster_months = 30;
    b.store().set_visit_rules("fixture", &rules).unwrap();
    press(&mut app, &b, KeyCode::Char('r'));
    let s = screen(&app, 100, 30);
    assert!(s.contains("┌ 30个月未核实人口信息 2 户 "), "{s}");
    assert!(!s.contains("3-1-201"), "{s}");

    let mut app = common::app(&b, Lang::En);
    press(&mut app, &b, KeyCode::Char('r'));
    let s = screen(&app, 100, 30);
    assert!(s.contains("┌ Roster not checked in 30 months: 2 "), "{s}");
    assert!(s.contains("│5-1-101 周官萍"), "{s}");
    assert!(s.contains("never"), "{s}");
}

#[test]
fn the_captain_actions_and_the_roster_report_in_a_chinese_terminal_at_80x24() {
    let dir = tempfile::tempdir().unwrap();
    common::small_demo(dir.path());
    let mut s = common::pty::Session::start(dir.path(), &["--lang", "zh"], 80, 24);
    s.wait_for("the tree", 10, |sc| sc.contains("花苑社区"));
    s.send(":");
    s.wait_for("the jump line", 10, |sc| sc.contains("输入地址跳转"));
    s.send("3-1-101\r");
    s.wait_for("building 3", 10, |sc| sc.contains("住户 · 3栋"));
    s.send("b");
    let sc = s.wait_for("the pick dialog", 10, |sc| {
        sc.contains("设为楼长 · 3-1-101")
    });
    assert!(sc.contains("│  冯润生（户主）"), "{sc}");
    s.send("\r");
    s.wait_for("the new captain", 10, |sc| {
        sc.contains("冯润生已是楼长；在楼长列表（c）里按 n 给冯润生分配门户")
    });

    s.send("c");
    s.wait_for("the captains", 10, |sc| {
        sc.contains("│冯润生   134****8668  0")
    });
    s.send("\r");
    let sc = s.wait_for("her doors", 10, |sc| {
        sc.contains("刘春燕负责的门户 · 73 户")
    });
    assert!(sc.contains("│1-1-101  陈咏诗"), "{sc}");
    assert!(
        sc.contains("│第 1–19 户，共 73 户   ↑↓ 翻看   Esc 关闭"),
        "{sc}"
    );
    s.send("\x1b");
    s.wait_for("the list again", 10, |sc| !sc.contains("负责的门户"));

    s.send("p");
    s.wait_for("the phone prompt", 10, |sc| {
        sc.contains("刘春燕的新电话（现为 157****1835）：")
    });
    s.send("1\r");
    s.wait_for("the refusal", 10, |sc| sc.contains("未能保存"));
    s.send("\x7f13912345678\r");
    s.wait_for("the new phone", 10, |sc| {
        sc.contains("刘春燕的电话已改为 139****5678") && sc.contains("│刘春燕   139****5678")
    });

    s.send("d");
    let sc = s.wait_for("the retire dialog", 10, |sc| sc.contains("楼长卸任"));
    assert!(
        sc.contains("│刘春燕负责的 73 户将暂无楼长，调整片区时先分给其他楼长。"),
        "{sc}"
    );
    s.send("y");
    s.wait_for("her retirement", 10, |sc| {
        sc.contains("刘春燕已卸任；73 户暂无楼长，按 b 调整片区时先分配")
    });
    s.send("b");
    let sc = s.wait_for("the rebalance", 10, |sc| sc.contains("片区调整方案"));
    assert!(sc.contains("│其中 39 户原来没有楼长，先分配"), "{sc}");
    s.send("\x1b");
    s.wait_for("no rebalance", 10, |sc| !sc.contains("片区调整方案"));
    s.send("\x1b");
    s.wait_for("browsing", 10, |sc| sc.contains("住户 · 3栋"));

    s.send("r");
    let sc = s.wait_for("the roster report", 10, |sc| {
        sc.contains("个月未核实人口信息 ") && sc.contains("从未核实")
    });
    assert!(sc.contains("│人口信息未核实（户）："), "{sc}");
    s.send("q");
    s.wait_exit(10);
}

#[test]
fn the_pick_dialog_in_english() {
    let dir = tempfile::tempdir().unwrap();
    let b = common::backend(dir.path());
    let mut app = at_zeng(&b, Lang::En);
    press(&mut app, &b, KeyCode::Char('b'));
    let lines = dialog_lines(&app);
    let at = lines
        .iter()
        .position(|l| l == "Who of the household becomes a building captain:")
        .unwrap();
    assert_eq!(
        lines[at + 1..at + 6],
        [
            "曾小明 (head)",
            "李娟 (spouse)",
            "曾子涵 (daughter)",
            "",
            "↑↓ pick   Enter make captain   Esc cancel",
        ]
    );
    press(&mut app, &b, KeyCode::Enter);
    assert_eq!(
        app.status.as_deref(),
        Some(
            "曾小明 is a building captain now; give 曾小明 doors on the captains list (c, then n)"
        )
    );
}

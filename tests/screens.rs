//! Snapshot tests of the browse screen with Chinese names, at 80×24 and 120×40, and the
//! keys a person presses to move and jump.

mod common;

use common::{press, screen, type_text};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use gridbook::tui::app::Pane;
use gridbook::tui::i18n::Lang;

#[test]
fn the_main_screen_at_80x24_in_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let b = common::backend(dir.path());
    let mut app = common::app(&b, Lang::Zh);
    app.on_resize(80, 24);
    insta::assert_snapshot!(screen(&app, 80, 24));
}

#[test]
fn the_main_screen_at_120x40_in_english() {
    let dir = tempfile::tempdir().unwrap();
    let b = common::backend(dir.path());
    let mut app = common::app(&b, Lang::En);
    app.on_resize(120, 40);
    insta::assert_snapshot!(screen(&app, 120, 40));
}

#[test]
fn opening_selects_the_first_building_and_its_first_household() {
    let dir = tempfile::tempdir().unwrap();
    let b = common::backend(dir.path());
    let app = common::app(&b, Lang::Zh);
    // Buildings sort by number: building 3 comes before building 5.
    let addrs: Vec<String> = app
        .households
        .iter()
        .map(|h| h.address.to_string())
        .collect();
    assert_eq!(addrs, vec!["3-1-201"]);
    assert_eq!(
        app.detail.as_ref().map(|d| d.residents[0].name.as_str()),
        Some("解放")
    );
}

#[test]
fn moving_down_the_tree_lists_the_next_building_in_door_order() {
    let dir = tempfile::tempdir().unwrap();
    let b = common::backend(dir.path());
    let mut app = common::app(&b, Lang::Zh);
    press(&mut app, &b, KeyCode::Char('j'));
    let rows: Vec<(String, String, u32)> = app
        .households
        .iter()
        .map(|h| (h.address.to_string(), h.head.clone(), h.size))
        .collect();
    assert_eq!(
        rows,
        vec![
            ("5-1-101".to_string(), "周官萍".to_string(), 1),
            ("5-1-102".to_string(), "曾小明".to_string(), 3),
            ("5-2-301".to_string(), "单丽".to_string(), 1),
        ]
    );
    // 周官萍 was visited on 20 November: five days before the fixed today.
    let zhou = &app.households[0];
    assert_eq!(
        common::today() - gridbook::model::time::local_day(zhou.last_visit.unwrap()),
        5
    );
    assert_eq!(app.households[2].last_visit, None);
}

#[test]
fn typing_an_address_jumps_to_that_household() {
    let dir = tempfile::tempdir().unwrap();
    let b = common::backend(dir.path());
    let mut app = common::app(&b, Lang::Zh);
    press(&mut app, &b, KeyCode::Char(':'));
    type_text(&mut app, &b, "5栋2单元301");
    press(&mut app, &b, KeyCode::Enter);
    assert_eq!(app.focus, Pane::Households);
    assert_eq!(
        app.selected_household().map(|h| h.address.to_string()),
        Some("5-2-301".into())
    );
    assert_eq!(
        app.detail.as_ref().map(|d| d.residents[0].name.as_str()),
        Some("单丽")
    );
    insta::assert_snapshot!(screen(&app, 80, 24));
}

#[test]
fn an_unknown_address_says_so_and_keeps_the_selection() {
    let dir = tempfile::tempdir().unwrap();
    let b = common::backend(dir.path());
    let mut app = common::app(&b, Lang::En);
    press(&mut app, &b, KeyCode::Char(':'));
    type_text(&mut app, &b, "9-9-909");
    press(&mut app, &b, KeyCode::Enter);
    assert_eq!(
        app.status.as_deref(),
        Some("No household has the address 9-9-909")
    );
    assert_eq!(
        app.selected_household().map(|h| h.address.to_string()),
        Some("3-1-201".into())
    );
    press(&mut app, &b, KeyCode::Char(':'));
    type_text(&mut app, &b, "楼下");
    press(&mut app, &b, KeyCode::Enter);
    assert_eq!(
        app.status.as_deref(),
        Some("“楼下” is neither an address nor a command; type building-entrance-room, such as 5-2-301")
    );
}

#[test]
fn q_in_the_jump_prompt_types_a_q_and_q_in_a_list_quits() {
    let dir = tempfile::tempdir().unwrap();
    let b = common::backend(dir.path());
    let mut app = common::app(&b, Lang::En);
    press(&mut app, &b, KeyCode::Char(':'));
    press(&mut app, &b, KeyCode::Char('q'));
    assert!(!app.quit);
    press(&mut app, &b, KeyCode::Esc);
    press(&mut app, &b, KeyCode::Char('q'));
    assert!(app.quit);
}

#[test]
fn help_lists_the_keys_in_effect_and_filters_as_you_type() {
    let dir = tempfile::tempdir().unwrap();
    let b = common::backend(dir.path());
    let mut app = common::app(&b, Lang::En);
    press(&mut app, &b, KeyCode::Char('?'));
    type_text(&mut app, &b, "jump");
    let s = screen(&app, 80, 24);
    let popup: Vec<&str> = s
        .lines()
        .skip_while(|l| !l.contains("Help: keys in effect"))
        .take_while(|l| !l.contains('└'))
        .collect();
    assert_eq!(popup.len(), 4, "{s}");
    assert!(popup[1].contains("│/ jump "), "{s}");
    assert!(
        popup[2].contains("│:, ctrl-p  jump to address / command "),
        "{s}"
    );
    assert!(!popup.concat().contains("quit"), "{s}");
}

#[test]
fn a_tiny_window_gets_a_message_not_a_garbled_screen() {
    let dir = tempfile::tempdir().unwrap();
    let b = common::backend(dir.path());
    let app = common::app(&b, Lang::En);
    let s = screen(&app, 30, 6);
    assert!(s.starts_with("Window too small: make it at"), "{s}");
    for (w, h) in [(1, 1), (2, 1), (39, 9), (40, 10), (60, 16)] {
        screen(&app, w, h);
    }
}

#[test]
fn the_command_line_runs_an_action_picked_by_name_in_either_language() {
    let dir = tempfile::tempdir().unwrap();
    let b = common::backend(dir.path());
    let mut app = common::app(&b, Lang::Zh);
    press(&mut app, &b, KeyCode::Char(':'));
    use gridbook::tui::action::Action;
    let all = app.palette("");
    for a in [
        Action::Visit,
        Action::Search,
        Action::Reports,
        Action::History,
        Action::Quit,
    ] {
        assert!(all.contains(&a), "{a:?} has a key on the browse screen");
    }
    for a in [
        Action::Jump,
        Action::Confirm,
        Action::SweepMet,
        Action::Save,
    ] {
        assert!(
            !all.contains(&a),
            "{a:?} is not a command on the browse screen"
        );
    }
    type_text(&mut app, &b, "帮助");
    assert_eq!(
        app.palette("帮助"),
        vec![gridbook::tui::action::Action::Help]
    );
    let s = screen(&app, 80, 24);
    assert!(s.contains("│帮助 "), "{s}");
    press(&mut app, &b, KeyCode::Enter);
    assert!(matches!(
        app.overlay,
        gridbook::tui::app::Overlay::Help { .. }
    ));
    press(&mut app, &b, KeyCode::Esc);
    press(&mut app, &b, KeyCode::Char(':'));
    type_text(&mut app, &b, "quit");
    press(&mut app, &b, KeyCode::Enter);
    assert!(app.quit);
}

#[test]
fn a_stale_answer_does_not_cancel_the_frame_a_key_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    let b = common::backend(dir.path());
    let mut app = common::app(&b, Lang::Zh);
    app.dirty = false;
    // The key changes the screen; its own request is still out when an old answer lands.
    let reqs = app.on_key(KeyEvent::new(KeyCode::Char('j'), KeyModifiers::NONE));
    assert!(app.dirty);
    let stale = gridbook::tui::worker::Response {
        id: 1,
        answer: gridbook::tui::worker::Answer::Done,
    };
    app.on_answer(stale);
    assert!(app.dirty, "the key's frame is still owed");
    common::settle(&mut app, &b, reqs);
}

#[test]
fn the_main_screen_at_60x16_in_both_languages() {
    let dir = tempfile::tempdir().unwrap();
    let b = common::backend(dir.path());
    for lang in [Lang::Zh, Lang::En] {
        let mut app = common::app(&b, lang);
        app.on_resize(60, 16);
        press(&mut app, &b, KeyCode::Char('j'));
        insta::assert_snapshot!(format!("main_60x16_{lang:?}"), screen(&app, 60, 16));
        // The detail takes the place of the list when it has the focus.
        press(&mut app, &b, KeyCode::Tab);
        press(&mut app, &b, KeyCode::Tab);
        insta::assert_snapshot!(format!("detail_60x16_{lang:?}"), screen(&app, 60, 16));
    }
}

#[test]
fn the_report_screen_shows_a_grid_captain_the_figures_of_her_grids_only() {
    let dir = tempfile::tempdir().unwrap();
    let store = common::small_store(dir.path());
    common::add_second_grid(&store);
    let store = std::sync::Arc::new(store);
    let admin = gridbook::client::Local::scoped(
        store.clone(),
        "root".into(),
        gridbook::model::scope::Scope::everything(),
        gridbook::search::SearchCell::start(store.clone()),
    );
    let mut app = common::app(&admin, Lang::Zh);
    press(&mut app, &admin, KeyCode::Char('r'));
    let s = screen(&app, 100, 30);
    // The whole street: 2 of 5 households knocked on in 30 days, 1 of 2 elderly met on
    // time, 1 follow-up overdue, disputes from October.
    for want in [
        "30天走访覆盖率 40%",
        "重点人群按时走访 50%",
        "逾期书面待办：1",
        "每月新登记纠纷 2026-10 – 2026-11",
    ] {
        assert!(s.contains(want), "{want} in\n{s}");
    }

    let captain = common::captain_backend(&store);
    let mut app = common::app(&captain, Lang::Zh);
    press(&mut app, &captain, KeyCode::Char('r'));
    let s = screen(&app, 100, 30);
    // 第一网格 only: 1 of 4 households, 周官萍 met on time, nothing overdue, November's case.
    for want in [
        "30天走访覆盖率 25%",
        "重点人群按时走访 100%",
        "逾期书面待办：0",
        "每月新登记纠纷 2026-11 – 2026-11",
        "第一网格",
    ] {
        assert!(s.contains(want), "{want} in\n{s}");
    }
    assert!(!s.contains("第二网格"), "{s}");
    insta::assert_snapshot!(s);
}

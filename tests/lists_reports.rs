//! Lists and reports as a grid captain reads them: the follow-up list's filter and counts, the
//! report screen's overdue figures, disputes per month with no month left out, care tags that
//! read one by one, `v` from the tree, and reassigning doors between building captains.

mod common;

use common::{nov, press, screen, ymd};

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
    assert_eq!(
        title(&app),
        "待办与到期 · 全部 6 项，逾期 4 项 · ←→ 筛选"
    );
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

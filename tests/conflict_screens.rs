//! The conflicts screen and the sync status, on a real conflict: a laptop and the community
//! server both change 5-1-101's phone, the laptop syncs, and a person settles it on screen.

mod common;

use common::sync::{edit_household, server_and_laptop, sync_as};
use common::{key, press, screen};
use crossterm::event::{KeyCode, KeyModifiers};
use gridbook::client::{Backend, Local, SyncCall};
use gridbook::model::time::parse_local;
use gridbook::model::Household;
use gridbook::tui::app::{App, Screen};
use gridbook::tui::i18n::Lang;

/// 09:30 local time on the fixed today, whatever the time zone.
fn half_past_nine() -> i64 {
    parse_local("2026-11-25 09:30", common::today()).unwrap()
}

/// The laptop (user wangfang) changed 5-1-101's phone to 13911112222 offline; the office
/// (zhangli) then changed it to 13733334444; the laptop synced at 09:30 and kept the later.
fn phone_conflict(root: &std::path::Path) -> (Local, Local) {
    let (server, laptop) = server_and_laptop(root, "wangfang");
    edit_household(laptop.store(), "wangfang", 20, |h| {
        h.phone = "13911112222".into()
    });
    std::thread::sleep(std::time::Duration::from_millis(5));
    edit_household(server.store(), "zhangli", 20, |h| {
        h.phone = "13733334444".into()
    });
    laptop.store().freeze_clock(half_past_nine());
    assert_eq!(sync_as(&laptop, &server, "community-server").conflicts, 1);
    (server, laptop)
}

fn phone(b: &Local) -> String {
    b.store().get_id::<Household>(20).unwrap().unwrap().phone
}

fn open_conflicts(app: &mut App, b: &dyn Backend) {
    key(app, b, KeyCode::Char('C'), KeyModifiers::SHIFT);
    assert!(matches!(app.screen, Screen::Conflicts(_)));
}

fn bottom(text: &str) -> &str {
    text.lines().last().unwrap_or("")
}

#[test]
fn the_conflicts_screen_in_chinese_lists_the_phone_and_restoring_puts_it_back() {
    let root = tempfile::tempdir().unwrap();
    let (server, laptop) = phone_conflict(root.path());
    let mut app = common::app(&laptop, Lang::Zh);
    open_conflicts(&mut app, &laptop);
    let text = screen(&app, 80, 24);
    assert!(
        text.contains("上次成功同步：2026-11-25 09:30（community-server）"),
        "{text}"
    );
    assert!(text.contains("冲突核对 · 待核对 1 / 共 1"), "{text}");
    let row = text
        .lines()
        .find(|l| l.contains("5-1-101"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(
        row.contains("待核对  5-1-101") && row.contains("电话") && row.contains("13733334444"),
        "{row}"
    );
    assert!(row.contains("13911112222"), "{row}");
    assert!(text.contains("现值：13733334444（zhangli）"), "{text}");
    assert!(text.contains("未采用：13911112222（wangfang）"), "{text}");
    assert!(text.contains("发现于 2026-11-25 09:30"), "{text}");
    assert!(
        text.contains("按 u 恢复未采用的值，按 o 保留现值"),
        "{text}"
    );
    assert!(
        !text.contains('"'),
        "values show without JSON quotes: {text}"
    );
    insta::assert_snapshot!("conflicts_80x24_zh", text);

    // u: the phone the laptop wrote comes back, the row is settled, one change waits to go up.
    press(&mut app, &laptop, KeyCode::Char('u'));
    assert_eq!(phone(&laptop), "13911112222");
    assert_eq!(
        app.status.as_deref(),
        Some("已恢复5-1-101的电话：13911112222")
    );
    let text = screen(&app, 80, 24);
    let row = text.lines().find(|l| l.contains("5-1-101")).unwrap();
    assert!(row.contains("已核对  5-1-101"), "{row}");
    assert!(
        text.contains("已由 wangfang 于 2026-11-25 09:30 恢复未采用的值"),
        "{text}"
    );
    assert!(text.contains("冲突核对 · 待核对 0 / 共 1"), "{text}");
    assert!(text.contains("待上传：1 条变更"), "{text}");
    // The next sync takes it to the server.
    sync_as(&laptop, &server, "community-server");
    assert_eq!(phone(&server), "13911112222");
}

#[test]
fn the_conflicts_screen_in_english_keeps_what_is_there() {
    let root = tempfile::tempdir().unwrap();
    let (_server, laptop) = phone_conflict(root.path());
    let mut app = common::app(&laptop, Lang::En);
    open_conflicts(&mut app, &laptop);
    let text = screen(&app, 80, 24);
    assert!(
        text.contains("last successful sync: 2026-11-25 09:30 (community-server)"),
        "{text}"
    );
    let row = text.lines().find(|l| l.contains("5-1-101")).unwrap();
    assert!(
        row.contains("open    5-1-101") && row.contains("phone"),
        "{row}"
    );
    assert!(text.contains("kept: 13733334444 (zhangli)"), "{text}");
    assert!(text.contains("lost: 13911112222 (wangfang)"), "{text}");
    assert!(
        text.contains("u: put the lost value back, o: keep what is there"),
        "{text}"
    );
    insta::assert_snapshot!("conflicts_80x24_en", text);

    press(&mut app, &laptop, KeyCode::Char('o'));
    assert_eq!(phone(&laptop), "13733334444", "keeping changes nothing");
    assert_eq!(
        app.status.as_deref(),
        Some("kept phone of 5-1-101: 13733334444")
    );
    let text = screen(&app, 80, 24);
    assert!(
        text.contains("settled by wangfang at 2026-11-25 09:30: what is there was kept"),
        "{text}"
    );
    // A settled row says how it was settled instead of settling again.
    press(&mut app, &laptop, KeyCode::Char('u'));
    assert_eq!(phone(&laptop), "13733334444");
    assert_eq!(
        app.status.as_deref(),
        Some("settled by wangfang at 2026-11-25 09:30: what is there was kept")
    );
}

#[test]
fn the_conflicts_screen_fits_60x16_in_chinese() {
    let root = tempfile::tempdir().unwrap();
    let (_server, laptop) = phone_conflict(root.path());
    let mut app = common::app(&laptop, Lang::Zh);
    app.on_resize(60, 16);
    open_conflicts(&mut app, &laptop);
    let text = screen(&app, 60, 16);
    let row = text.lines().find(|l| l.contains("5-1-101")).unwrap();
    assert!(row.contains("电话") && row.contains("13733334444"), "{row}");
    assert!(
        text.contains("按 u 恢复未采用的值，按 o 保留现值"),
        "{text}"
    );
    for line in text.lines() {
        assert!(unicode_width::UnicodeWidthStr::width(line) <= 60, "{line}");
    }
    insta::assert_snapshot!("conflicts_60x16_zh", text);
}

#[test]
fn with_nothing_to_review_the_screen_says_so() {
    let root = tempfile::tempdir().unwrap();
    let (_server, laptop) = server_and_laptop(root.path(), "wangfang");
    let mut app = common::app(&laptop, Lang::Zh);
    open_conflicts(&mut app, &laptop);
    let text = screen(&app, 80, 24);
    assert!(
        text.contains("没有需要核对的冲突：同步没有留下两边都改过的内容。"),
        "{text}"
    );
}

#[test]
fn the_status_bar_shows_the_last_sync_what_waits_and_an_error() {
    let root = tempfile::tempdir().unwrap();
    let (_server, laptop) = phone_conflict(root.path());
    let mut app = common::app(&laptop, Lang::Zh);
    let text = screen(&app, 80, 24);
    assert!(
        bottom(&text).ends_with("上次同步 今天 09:30 · 待上传 0 · 冲突 1"),
        "{text}"
    );

    // A change made here waits to go up; a change event refreshes the bar.
    edit_household(laptop.store(), "wangfang", 21, |h| {
        h.phone = "13600000000".into()
    });
    let reqs = app.on_server(gridbook::server::protocol::ServerEvent::Changed {
        households: vec![21],
        by: "wangfang".into(),
    });
    common::settle(&mut app, &laptop, reqs);
    let text = screen(&app, 80, 24);
    assert!(bottom(&text).contains("待上传 1"), "{text}");

    // The next sync fails: the bar says so in plain words.
    laptop
        .sync(SyncCall::Record {
            peer: "community-server".into(),
            outcome: Err("the server could not be reached".into()),
        })
        .unwrap();
    let mut app = common::app(&laptop, Lang::En);
    let text = screen(&app, 120, 24);
    assert!(
        bottom(&text).ends_with(
            "sync failed: the server could not be reached · synced today 09:30 (community-server) · 1 to send · 1 conflict"
        ),
        "{text}"
    );
    app.on_resize(80, 24);
    let text = screen(&app, 80, 24);
    assert!(bottom(&text).contains("sync failed"), "{text}");
    assert!(bottom(&text).contains("1 to send"), "{text}");
}

#[test]
fn a_store_that_never_synced_shows_nothing_of_sync() {
    let dir = tempfile::tempdir().unwrap();
    let b = common::backend(dir.path());
    let app = common::app(&b, Lang::Zh);
    assert_eq!(app.sync.as_ref().map(|s| s.origin), Some(0));
    let text = screen(&app, 80, 24);
    assert_eq!(
        bottom(&text),
        "enter 打开  : 跳转  v 走访  s 扫楼  f 待办  ? 帮助  q 退出"
    );
}

#[test]
fn the_palette_and_help_offer_the_conflicts_screen() {
    let dir = tempfile::tempdir().unwrap();
    let b = common::backend(dir.path());
    let app = common::app(&b, Lang::Zh);
    assert!(app
        .palette("冲突")
        .contains(&gridbook::tui::action::Action::Conflicts));
    let mut app = common::app(&b, Lang::En);
    press(&mut app, &b, KeyCode::Char('?'));
    let text = screen(&app, 80, 24);
    assert!(text.contains("shift-c"), "{text}");
    assert!(text.contains("sync conflicts to review"), "{text}");
}

#[test]
fn the_same_person_registered_on_two_laptops_shows_as_a_possible_duplicate() {
    use gridbook::model::*;
    let root = tempfile::tempdir().unwrap();
    let (server, laptop) = server_and_laptop(root.path(), "wangfang");
    let other = Local::new(
        gridbook::store::Store::open(&root.path().join("other"), Default::default()).unwrap(),
        "lina".into(),
    );
    sync_as(&other, &server, "community-server");
    let number = idnumber::compose(442000, common::ymd(1960, 3, 9), 31);
    for (b, household) in [(&other, 21), (&laptop, 20)] {
        b.store()
            .write(b.user(), |t| {
                let id = t.next_id()?;
                let mut r = common::resident(
                    id,
                    household,
                    "王建国",
                    Sex::Male,
                    common::ymd(1960, 3, 9),
                    31,
                    Relation::Other,
                );
                r.id_number = number.clone();
                t.put(&r)
            })
            .unwrap();
    }
    sync_as(&other, &server, "community-server");
    laptop.store().freeze_clock(half_past_nine());
    assert_eq!(sync_as(&laptop, &server, "community-server").duplicates, 1);
    let mut app = common::app(&laptop, Lang::Zh);
    open_conflicts(&mut app, &laptop);
    let text = screen(&app, 80, 24);
    assert!(text.contains("可能重复登记的人员：王建国"), "{text}");
    let row = text.lines().find(|l| l.contains("王建国")).unwrap();
    assert!(row.contains("可能重复") && row.contains("编号"), "{row}");
    // Only a lost field value can be put back; the store says so and nothing changes.
    press(&mut app, &laptop, KeyCode::Char('u'));
    assert_eq!(
        app.status.as_deref(),
        Some("出错了: 只有未采用的字段值可以恢复；这一条请保留现状，或直接修改记录")
    );
    press(&mut app, &laptop, KeyCode::Char('o'));
    assert_eq!(app.status.as_deref(), Some("已核对：王建国，保留现状"));
    let text = screen(&app, 80, 24);
    assert!(text.contains("已核对  王建国"), "{text}");
}

#[test]
fn enter_on_a_conflict_goes_to_its_household() {
    let root = tempfile::tempdir().unwrap();
    let (_server, laptop) = phone_conflict(root.path());
    let mut app = common::app(&laptop, Lang::En);
    open_conflicts(&mut app, &laptop);
    press(&mut app, &laptop, KeyCode::Enter);
    assert!(matches!(app.screen, Screen::Browse));
    assert_eq!(app.selected_household().map(|h| h.id), Some(20));
    let text = screen(&app, 80, 24);
    assert!(text.contains("5-1-101"), "{text}");
}

//! Keeping the roster true from the household, in the TUI: the detail pane's house and former
//! residents, each roster form with its checks, a duplicate ID number offered as a move,
//! drafts, the roster checked on a visit, and the detail following other sessions.

mod common;

use common::{press, screen, type_text};

use crossterm::event::KeyCode;
use gridbook::client::Backend;
use gridbook::model::time::day_of;
use gridbook::model::{HouseStatus, LeaveReason, Relation, Sex, Tenancy};
use gridbook::tui::app::{App, Overlay, Pane};
use gridbook::tui::i18n::Lang;

/// The app on the fixture at 5-1-102 (曾小明, 李娟, 曾子涵), the household list focused.
fn at_zeng(b: &dyn Backend) -> App {
    let mut app = common::app(b, Lang::Zh);
    app.user = "zhangli".into();
    press(&mut app, b, KeyCode::Char(':'));
    type_text(&mut app, b, "5-1-102");
    press(&mut app, b, KeyCode::Enter);
    assert_eq!(
        app.selected_household().map(|h| h.head.as_str()),
        Some("曾小明")
    );
    app
}

/// The resident `n` rows down in the detail pane selected.
fn select_resident(app: &mut App, b: &dyn Backend, n: usize) {
    app.focus = Pane::Households;
    press(app, b, KeyCode::Tab);
    assert_eq!(app.focus, Pane::Detail);
    for _ in 0..5 {
        press(app, b, KeyCode::Up);
    }
    for _ in 0..n {
        press(app, b, KeyCode::Down);
    }
}

fn form(app: &App) -> &gridbook::tui::form::Form {
    match &app.overlay {
        Overlay::Form(f) => f,
        _ => panic!("no form open"),
    }
}

/// The rows of the screen that hold `what`, trimmed at the right.
fn rows_with(screen: &str, what: &str) -> Vec<String> {
    screen
        .lines()
        .filter(|l| l.contains(what))
        .map(str::to_string)
        .collect()
}

fn save(app: &mut App, b: &dyn Backend) {
    press(app, b, KeyCode::F(2));
}

#[test]
fn the_household_form_records_a_rented_flat_and_the_detail_shows_it() {
    let dir = tempfile::tempdir().unwrap();
    let b = common::backend(dir.path());
    let mut app = at_zeng(&b);
    press(&mut app, &b, KeyCode::Char('i'));
    let s = screen(&app, 80, 24);
    let top: Vec<&str> = s.lines().take(15).collect();
    assert_eq!(
        top,
        vec![
            "┌ 修改户信息 5-1-102 ──────────────────────────────────────────────────────────┐",
            "│户电话    13800000101                                                         │",
            "│重点人群  [ ] 独居老人                                                        │",
            "│          [ ] 空巢老人                                                        │",
            "│          [ ] 残疾人                                                          │",
            "│          [ ] 留守儿童                                                        │",
            "│          [ ] 低保                                                            │",
            "│          [ ] 特困                                                            │",
            "│房屋状态  自住 出租 空置 其他                                                 │",
            "│房东姓名                                                                      │",
            "│房东电话                                                                      │",
            "│租期起                                                                        │",
            "│租期止                                                                        │",
            "│备注                                                                          │",
            "│                                                                              │",
        ]
    );
    // Tick 低保 (down four from 独居老人), mark it rented, give the landlord and tenancy.
    press(&mut app, &b, KeyCode::Tab);
    for _ in 0..4 {
        app.on_key(common::key_event(KeyCode::Down));
    }
    // ↓ in a check list moves along it, not to the next field.
    press(&mut app, &b, KeyCode::Char(' '));
    press(&mut app, &b, KeyCode::Tab);
    press(&mut app, &b, KeyCode::Char('2'));
    press(&mut app, &b, KeyCode::Tab);
    type_text(&mut app, &b, "陈国强");
    press(&mut app, &b, KeyCode::Tab);
    type_text(&mut app, &b, "139 1234 5678");
    press(&mut app, &b, KeyCode::Tab);
    type_text(&mut app, &b, "2026-03-01");
    press(&mut app, &b, KeyCode::Tab);
    type_text(&mut app, &b, "2026-02-28");
    save(&mut app, &b);
    assert_eq!(
        form(&app).error.as_deref(),
        Some("租期止：租期止早于租期起"),
        "a tenancy that ends before it starts is refused, nothing saved"
    );
    for _ in 0..5 {
        press(&mut app, &b, KeyCode::Backspace);
    }
    type_text(&mut app, &b, "12-31");
    press(&mut app, &b, KeyCode::Tab);
    type_text(&mut app, &b, "租户一家三口");
    save(&mut app, &b);
    assert!(matches!(app.overlay, Overlay::None));
    assert_eq!(app.status.as_deref(), Some("已保存 5-1-102"));
    let h = b.household_detail(21).unwrap().household;
    assert_eq!(h.status, Some(HouseStatus::Rented));
    assert_eq!(
        h.landlord.map(|l| (l.name, l.phone)),
        Some(("陈国强".to_string(), "13912345678".to_string()))
    );
    assert_eq!(
        h.tenancy,
        Some(Tenancy {
            from: day_of(common::ymd(2026, 3, 1)),
            to: day_of(common::ymd(2026, 12, 31)),
        })
    );
    assert_eq!(h.care_tags, vec![gridbook::model::CareTag::LowIncome]);
    assert_eq!(h.note, "租户一家三口");
    let s = screen(&app, 120, 30);
    assert_eq!(rows_with(&s, "房屋 出租").len(), 1, "{s}");
    assert!(s.contains("房屋 出租 · 房东 陈国强 139****5678"), "{s}");
    assert!(s.contains("租期 2026-03-01 ~ 2026-12-31"), "{s}");
    assert!(s.contains("备注 租户一家三口"), "{s}");
}

#[test]
fn a_resident_added_takes_birth_and_sex_from_the_id_number_and_a_bad_one_is_said_as_typed() {
    let dir = tempfile::tempdir().unwrap();
    let b = common::backend(dir.path());
    let mut app = at_zeng(&b);
    press(&mut app, &b, KeyCode::Char('a'));
    assert_eq!(form(&app).title, "添加居民 5-1-102");
    type_text(&mut app, &b, "曾小宝");
    press(&mut app, &b, KeyCode::Tab);
    press(&mut app, &b, KeyCode::Tab);
    // The checksum of this one is off: kept, with the import's warning under the field.
    type_text(&mut app, &b, "440103201901010011");
    let s = screen(&app, 80, 24);
    assert_eq!(
        rows_with(&s, "出生 2019-01-01"),
        vec!["│          出生 2019-01-01 男；身份证号“440103201901010011”校验不通过（最后一… │"]
    );
    // One of the wrong shape is an error at once.
    press(&mut app, &b, KeyCode::Backspace);
    let s = screen(&app, 80, 24);
    assert_eq!(
        rows_with(&s, "✗"),
        vec!["│          ✗ 身份证号“44010320190101001”应为 17 位数字加一位数字或 X；请对照证…│"]
    );
    press(&mut app, &b, KeyCode::Char('X'));
    save(&mut app, &b);
    assert!(matches!(app.overlay, Overlay::None), "{:?}", app.status);
    assert_eq!(app.status.as_deref(), Some("已保存 5-1-102 曾小宝"));
    let d = b.household_detail(21).unwrap();
    let r = d.residents.iter().find(|r| r.name == "曾小宝").unwrap();
    assert_eq!(r.id_number, "44010320190101001X");
    assert_eq!((r.sex, r.relation), (Sex::Male, Relation::Son));
    assert_eq!(r.birth, day_of(common::ymd(2019, 1, 1)));
    assert!(screen(&app, 120, 40).contains("│曾小宝 男 7岁 子 常住"));
}

#[test]
fn an_id_number_on_file_names_its_holder_and_offers_to_move_them_here() {
    let dir = tempfile::tempdir().unwrap();
    let b = common::backend(dir.path());
    let dan = b.household_detail(22).unwrap().residents[0].clone();
    let mut app = at_zeng(&b);
    press(&mut app, &b, KeyCode::Char('a'));
    type_text(&mut app, &b, "单丽");
    press(&mut app, &b, KeyCode::Tab);
    press(&mut app, &b, KeyCode::Tab);
    type_text(&mut app, &b, &dan.id_number);
    save(&mut app, &b);
    assert_eq!(
        form(&app).error.as_deref(),
        Some("单丽（身份证号 4420**********0081）已登记在 花苑社区 5-2-301；请把此人迁到这里，不要重复登记")
    );
    let s = screen(&app, 80, 24);
    assert!(
        s.contains("单丽 已登记在 5-2-301。把单丽迁到这户吗？ y 迁来  n 不迁"),
        "{s}"
    );
    // n keeps the form as it was; F2 asks again and y moves her.
    press(&mut app, &b, KeyCode::Char('n'));
    assert!(form(&app).offer_move.is_none());
    assert_eq!(form(&app).field("name").text(), "单丽");
    save(&mut app, &b);
    press(&mut app, &b, KeyCode::Char('y'));
    assert!(matches!(app.overlay, Overlay::None));
    assert_eq!(app.status.as_deref(), Some("已保存 5-1-102 单丽"));
    let d = b.household_detail(21).unwrap();
    assert!(d.residents.iter().any(|r| r.id == dan.id), "moved here");
    assert_eq!(
        d.residents.iter().filter(|r| r.name == "单丽").count(),
        1,
        "one record, not two"
    );
    assert!(b.household_detail(22).unwrap().residents.is_empty());
}

#[test]
fn a_resident_changed_made_head_leaving_and_moving() {
    let dir = tempfile::tempdir().unwrap();
    let b = common::backend(dir.path());
    let mut app = at_zeng(&b);
    // 李娟 (the second): a new phone.
    select_resident(&mut app, &b, 1);
    let s = screen(&app, 120, 30);
    assert_eq!(rows_with(&s, "▸").len(), 1);
    assert!(s.contains("▸李娟 女 44岁 配偶 常住"), "{s}");
    press(&mut app, &b, KeyCode::Char('p'));
    assert_eq!(form(&app).title, "修改居民 李娟 · 5-1-102");
    for _ in 0..5 {
        press(&mut app, &b, KeyCode::Tab);
    }
    for _ in 0..11 {
        press(&mut app, &b, KeyCode::Backspace);
    }
    type_text(&mut app, &b, "13700001111");
    save(&mut app, &b);
    assert_eq!(app.status.as_deref(), Some("已保存 5-1-102 李娟"));
    let li = |b: &dyn Backend| {
        let d = b.household_detail(21).unwrap();
        d.residents
            .iter()
            .chain(&d.former)
            .find(|r| r.id == 102)
            .cloned()
            .unwrap()
    };
    assert_eq!(li(&b).phone, "13700001111");
    assert_eq!(li(&b).name, "李娟", "fields not changed stay");
    // u makes her head; the old head becomes her spouse.
    press(&mut app, &b, KeyCode::Char('u'));
    let d = b.household_detail(21).unwrap();
    assert_eq!(d.household.head, Some(102));
    assert_eq!(li(&b).relation, Relation::Head);
    // 曾子涵 (the third) moves out to 广州.
    select_resident(&mut app, &b, 2);
    press(&mut app, &b, KeyCode::Char('x'));
    let s = screen(&app, 80, 24);
    let top: Vec<&str> = s.lines().take(4).collect();
    assert_eq!(
        top,
        vec![
            "┌ 居民离开 曾子涵 · 5-1-102 ───────────────────────────────────────────────────┐",
            "│原因      1 迁出 2 死亡                                                       │",
            "│日期      2026-11-25                                                          │",
            "│迁往                                                                          │",
        ]
    );
    press(&mut app, &b, KeyCode::Tab);
    press(&mut app, &b, KeyCode::Tab);
    type_text(&mut app, &b, "广州");
    save(&mut app, &b);
    let d = b.household_detail(21).unwrap();
    let zi = d.former.iter().find(|r| r.id == 103).unwrap();
    assert_eq!(
        zi.left.as_ref().map(|l| (l.reason.clone(), l.day)),
        Some((
            LeaveReason::MovedOut {
                to: Some("广州".into())
            },
            day_of(common::ymd(2026, 11, 25))
        ))
    );
    let s = screen(&app, 160, 40);
    assert!(s.contains("已离开 (1)"), "{s}");
    assert!(
        s.contains("▸曾子涵 女 14岁 女 常住 [迁出 2026-11-25 → 广州]"),
        "{s}"
    );
    // 曾小明 (the first, now her spouse) moves to an address with no household: refused.
    select_resident(&mut app, &b, 0);
    press(&mut app, &b, KeyCode::Char('m'));
    assert!(matches!(app.overlay, Overlay::Form(_)), "{:?}", app.status);
    assert_eq!(form(&app).title, "迁到另一户 曾小明 · 5-1-102");
    type_text(&mut app, &b, "5-2-601");
    save(&mut app, &b);
    assert_eq!(
        form(&app).error.as_deref(),
        Some("迁到地址：5-2-601 没有住户；先在那栋楼按 n 新建一户")
    );
    for _ in 0..3 {
        press(&mut app, &b, KeyCode::Backspace);
    }
    type_text(&mut app, &b, "301");
    save(&mut app, &b);
    assert!(matches!(app.overlay, Overlay::None));
    assert_eq!(app.status.as_deref(), Some("已保存 5-2-301 曾小明"));
    assert!(b
        .household_detail(22)
        .unwrap()
        .residents
        .iter()
        .any(|r| r.id == 101));
}

#[test]
fn a_new_household_at_an_empty_address_of_the_building() {
    let dir = tempfile::tempdir().unwrap();
    let b = common::backend(dir.path());
    let mut app = at_zeng(&b);
    press(&mut app, &b, KeyCode::Char('n'));
    let s = screen(&app, 80, 24);
    assert_eq!(
        s.lines().take(3).collect::<Vec<_>>(),
        vec![
            "┌ 新建一户 · 5栋 ──────────────────────────────────────────────────────────────┐",
            "│地址      5-                                                                  │",
            "│          楼-单元-室，如 5-2-301                                              │",
        ]
    );
    type_text(&mut app, &b, "1-102");
    save(&mut app, &b);
    assert_eq!(
        form(&app).error.as_deref(),
        Some("5-1-102 已有住户；请打开它，不要再新增")
    );
    press(&mut app, &b, KeyCode::Backspace);
    type_text(&mut app, &b, "1");
    // 5-1-101 is taken too; 5-2-601 is free.
    for _ in 0..5 {
        press(&mut app, &b, KeyCode::Backspace);
    }
    type_text(&mut app, &b, "2-601");
    save(&mut app, &b);
    assert!(matches!(app.overlay, Overlay::None));
    assert_eq!(app.status.as_deref(), Some("已保存 5-2-601"));
    assert_eq!(
        app.selected_household().map(|h| h.address.to_string()),
        Some("5-2-601".to_string()),
        "the new household is selected in the list"
    );
    let s = screen(&app, 120, 30);
    assert!(s.contains("房屋 空置"), "nobody lives there yet: {s}");
}

#[test]
fn the_visit_form_records_that_the_roster_was_checked() {
    let dir = tempfile::tempdir().unwrap();
    let b = common::backend(dir.path());
    let mut app = at_zeng(&b);
    press(&mut app, &b, KeyCode::Char('v'));
    // From the findings, one field back is 人口核实.
    press(&mut app, &b, KeyCode::Up);
    let s = screen(&app, 80, 24);
    assert_eq!(
        rows_with(&s, "人口"),
        vec![
            "│人口核实  1 否 2 是                                                           │",
            "│          人口信息核实：这户的居民名单当面核对过了吗                          │",
        ]
    );
    press(&mut app, &b, KeyCode::Char('2'));
    save(&mut app, &b);
    assert_eq!(app.status.as_deref(), Some("已保存走访"));
    let v = &b.household_detail(21).unwrap().visits[0];
    assert!(v.roster_checked);
}

#[test]
fn a_half_typed_resident_is_kept_as_a_draft_and_offered_on_the_next_start() {
    let dir = tempfile::tempdir().unwrap();
    let b = common::backend(dir.path());
    let mut app = at_zeng(&b);
    press(&mut app, &b, KeyCode::Char('a'));
    type_text(&mut app, &b, "曾小");
    let drafts = b.drafts().unwrap();
    assert_eq!(drafts.len(), 1);
    assert_eq!(drafts[0].value("name"), Some("曾小"));
    drop(app); // the process dies here
    let mut again = common::app(&b, Lang::Zh);
    again.user = "zhangli".into();
    assert!(screen(&again, 80, 24).contains("添加居民"));
    press(&mut again, &b, KeyCode::Enter);
    assert_eq!(form(&again).title, "添加居民 5-1-102");
    assert_eq!(form(&again).field("name").text(), "曾小");
    type_text(&mut again, &b, "宝");
    press(&mut again, &b, KeyCode::Tab);
    press(&mut again, &b, KeyCode::Tab);
    type_text(&mut again, &b, "44010320190101001X");
    save(&mut again, &b);
    assert_eq!(again.status.as_deref(), Some("已保存 5-1-102 曾小宝"));
    assert_eq!(b.drafts().unwrap(), vec![], "a saved form's draft is gone");
}

#[test]
fn the_detail_follows_a_change_made_in_another_session() {
    let dir = tempfile::tempdir().unwrap();
    let b = common::backend(dir.path());
    let mut app = at_zeng(&b);
    assert!(!screen(&app, 120, 30).contains("备注 楼上漏水已修好"));
    let other = gridbook::api::roster::EditHousehold {
        household: 21,
        change: gridbook::store::roster::HouseholdChange {
            note: Some("楼上漏水已修好".into()),
            ..Default::default()
        },
    };
    gridbook::client::Ask::call(&b, other).unwrap();
    let reqs = app.on_server(gridbook::api::ServerEvent::Changed {
        households: vec![21],
        by: "wangfang".into(),
    });
    common::settle(&mut app, &b, reqs);
    assert!(screen(&app, 120, 30).contains("备注 楼上漏水已修好"));
}

#[test]
fn history_shows_each_change_with_its_values_before_and_after() {
    let dir = tempfile::tempdir().unwrap();
    let b = common::backend(dir.path());
    let mut app = at_zeng(&b);
    press(&mut app, &b, KeyCode::Char('i'));
    for _ in 0..11 {
        press(&mut app, &b, KeyCode::Backspace);
    }
    type_text(&mut app, &b, "13912345678");
    save(&mut app, &b);
    press(&mut app, &b, KeyCode::Char('H'));
    let s = screen(&app, 80, 24);
    assert_eq!(
        rows_with(&s, "→"),
        vec!["│   │  电话 138****0101 → 139****5678                                      │   │"],
        "{s}"
    );
}

#[test]
fn a_form_taller_than_the_screen_shows_the_focused_field() {
    let dir = tempfile::tempdir().unwrap();
    let b = common::backend(dir.path());
    let mut app = at_zeng(&b);
    press(&mut app, &b, KeyCode::Char('a'));
    assert!(!screen(&app, 60, 16).contains("党员"));
    for _ in 0..8 {
        press(&mut app, &b, KeyCode::Tab);
    }
    let s = screen(&app, 60, 16);
    assert_eq!(
        rows_with(&s, "党员"),
        vec!["│党员      1 否 2 是                                       │"]
    );
}

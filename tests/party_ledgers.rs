//! The party side's ledgers and reports (issue 14 part 6): 微心愿台账 and 党员联户台账 read
//! back with calamine (title row, headers, rows, cells), the wish figures per grid and month
//! with exact values, a grid captain kept to her grids, and a month that is not one refused.

mod common;

use common::{cli_ok as ok, nov, oct, wait_until_released, ymd};

use std::path::Path;
use std::sync::Arc;

use gridbook::api::reports::WishReport;
use gridbook::client::tables::{fetch, LedgerKind, TableRequest};
use gridbook::client::Ask;
use gridbook::model::party::{PartyCategory, PartyMember};
use gridbook::model::scope::Scope;
use gridbook::model::time::{day_of, Instant};
use gridbook::model::*;
use gridbook::store::reports::Month;
use gridbook::store::Store;

fn dec(day: u32) -> Instant {
    use chrono::TimeZone;
    chrono::Utc
        .with_ymd_and_hms(2026, 12, day, 12, 0, 0)
        .unwrap()
        .timestamp()
}

/// Raises a wish for `household` on a day and moves it along `moves` (each at its instant).
fn wish(
    store: &Store,
    household: Id,
    text: &str,
    raised: chrono::NaiveDate,
    due: Option<chrono::NaiveDate>,
    private: bool,
    moves: &[(Instant, WishMove)],
) -> Id {
    let mut w = Wish::new(
        household,
        text,
        WishCategory::Repair,
        WishSource::Staff,
        day_of(raised),
    );
    w.due = due.map(day_of);
    w.private = private;
    let id = store.add_wish("zhangli", &w, &|_| true).unwrap().id;
    for (at, m) in moves {
        store.move_wish("zhangli", id, m, *at, &|_| true).unwrap();
    }
    id
}

fn claim(by: &str) -> WishMove {
    WishMove::Claim { by: by.into() }
}

fn dispatch(to: &str) -> WishMove {
    WishMove::Dispatch { to: to.into() }
}

fn done(note: &str) -> WishMove {
    WishMove::Done { note: note.into() }
}

fn visit(id: Id, household: Id, at: Instant) -> Visit {
    Visit {
        id,
        household,
        at,
        staff: "zhangli".into(),
        purpose: VisitPurpose::Routine,
        outcome: VisitOutcome::Met,
        met: vec![],
        findings: String::new(),
        amends: None,
        roster_checked: false,
    }
}

/// The small fixture with its second grid, wishes in every state and a 中心户:
/// - 第一网格: A 5-2-301 raised Oct 20, due Nov 10, still waiting (overdue); B 5-1-101
///   claimed and fulfilled in October, reviewed (5) on Nov 3; C 5-1-102 raised Nov 2,
///   dispatched, fulfilled, reviewed (3); D 3-1-201 claimed, due Dec 10; E 5-1-101 private,
///   claimed and given back; I 3-1-201 claimed and fulfilled; F 5-2-301 closed; H 5-1-102
///   raised Nov 21, dispatched Nov 22, fulfilled only on Dec 2.
/// - 第二网格: G 7-1-101 raised Nov 20, private, due Nov 25, waiting (overdue).
/// - 周官萍 (5-1-101) is a party member; her household is a 中心户 linked to 5-1-102 and
///   5-2-301 since Nov 1, to 7-1-101 since Nov 23 and to 3-1-201 since Dec 1. 5-1-102 was
///   visited on Nov 5 and Nov 18, 7-1-101 on Nov 22 (before its link).
fn build(store: &Store) {
    common::add_second_grid(store);
    let d = |m: u32, day: u32| ymd(2026, m, day);
    wish(
        store,
        22,
        "A 送米面油",
        d(10, 20),
        Some(d(11, 10)),
        false,
        &[],
    );
    wish(
        store,
        20,
        "B 换灯泡",
        d(10, 5),
        None,
        false,
        &[
            (oct(6), claim("王师傅")),
            (oct(20), done("换好了")),
            (
                nov(3),
                WishMove::Review {
                    satisfaction: 5,
                    note: "很满意".into(),
                },
            ),
        ],
    );
    wish(
        store,
        21,
        "C 修水管",
        d(11, 2),
        None,
        false,
        &[
            (nov(3), dispatch("党员志愿服务队")),
            (nov(10), done("修好了")),
            (
                nov(12),
                WishMove::Review {
                    satisfaction: 3,
                    note: "还行".into(),
                },
            ),
        ],
    );
    wish(
        store,
        23,
        "D 辅导作业",
        d(11, 5),
        Some(d(12, 10)),
        false,
        &[(nov(6), claim("张党员"))],
    );
    wish(
        store,
        20,
        "E 陪老人就医",
        d(11, 7),
        None,
        true,
        &[
            (nov(8), claim("李党员")),
            (
                nov(9),
                WishMove::Cancel {
                    reason: "临时出差".into(),
                },
            ),
        ],
    );
    wish(
        store,
        23,
        "I 修门锁",
        d(11, 10),
        None,
        false,
        &[(nov(11), claim("王师傅")), (nov(12), done("换了新锁"))],
    );
    wish(
        store,
        22,
        "F 申请低保",
        d(11, 15),
        None,
        false,
        &[(
            nov(16),
            WishMove::Close {
                reason: "住户已搬走".into(),
            },
        )],
    );
    wish(store, 24, "G 理发", d(11, 20), Some(d(11, 25)), true, &[]);
    wish(
        store,
        21,
        "H 通下水道",
        d(11, 21),
        None,
        false,
        &[(nov(22), dispatch("物业公司")), (dec(2), done("已疏通"))],
    );

    let all = Scope::everything();
    store
        .set_party_member(
            "zhangli",
            &all,
            &PartyMember {
                resident: 100,
                name: String::new(),
                group: None,
                category: PartyCategory::Retired,
                skills: vec![],
                since: day_of(d(1, 1)),
                ended: None,
            },
        )
        .unwrap();
    let since = |m, day| day_of(d(m, day));
    store
        .set_central_household("zhangli", &all, 20, &[21, 22], &[], since(11, 1))
        .unwrap();
    store
        .link_household("zhangli", &all, 20, 24, since(11, 23))
        .unwrap();
    store
        .link_household("zhangli", &all, 20, 23, since(12, 1))
        .unwrap();
    store
        .write("fixture", |t| {
            t.put(&visit(210, 21, nov(5)))?;
            t.put(&visit(211, 21, nov(18)))?;
            t.put(&visit(212, 20, nov(7)))?;
            Ok(())
        })
        .unwrap();
}

/// The fixture on disk, released, for the command line.
fn on_disk() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    {
        let store = common::small_store(&dir.path().join("store"));
        build(&store);
    }
    wait_until_released(&dir.path().join("store"));
    dir
}

fn ledger(dir: &Path, kind: &str, month: &str) -> (String, Vec<Vec<String>>) {
    let file = dir.join(format!("{kind}-{month}.xlsx"));
    let out = ok(
        dir,
        &[
            "ledger",
            kind,
            "--month",
            month,
            "-o",
            file.to_str().unwrap(),
        ],
    );
    (out, common::read_xlsx(&file))
}

const WISH_HEADERS: &str = "序号,登记日期,社区,网格,地址,心愿内容,类别,期限,认领/派单,认领/派单日期,实现日期,实现情况,满意度,回访情况,状态";

#[test]
fn the_wish_ledger_has_a_row_a_wish_of_the_month_as_it_stood_at_its_end() {
    let dir = on_disk();
    let d = dir.path();
    let (out, cells) = ledger(d, "wishes", "2026-11");
    let file = d.join("wishes-2026-11.xlsx");
    assert_eq!(
        out,
        format!(
            "wrote 花苑社区微心愿台账（2026年11月）, 8 rows, to {}\n",
            file.display()
        )
    );
    assert_eq!(cells[0][0], "花苑社区微心愿台账（2026年11月）");
    assert_eq!(cells[1].join(","), WISH_HEADERS);
    assert_eq!(cells.len() - 2, 8);
    let rows: Vec<String> = cells[2..].iter().map(|r| r.join(",")).collect();
    assert_eq!(
        rows,
        [
            // Raised in October and still waiting: on the November ledger too.
            "1,2026-10-20,花苑社区,第一网格,5-2-301,A 送米面油,维修,2026-11-10,,,,,,,待认领",
            "2,2026-11-02,花苑社区,第一网格,5-1-102,C 修水管,维修,,派单：党员志愿服务队,2026-11-03,2026-11-10,修好了,3,还行,已回访",
            "3,2026-11-05,花苑社区,第一网格,3-1-201,D 辅导作业,维修,2026-12-10,认领：张党员,2026-11-06,,,,,已认领",
            // A claim given back waits again; a private wish shows its address to staff
            // whose scope covers it, as the whole ledger is.
            "4,2026-11-07,花苑社区,第一网格,5-1-101,E 陪老人就医,维修,,,,,,,,待认领",
            "5,2026-11-10,花苑社区,第一网格,3-1-201,I 修门锁,维修,,认领：王师傅,2026-11-11,2026-11-12,换了新锁,,,已实现",
            "6,2026-11-15,花苑社区,第一网格,5-2-301,F 申请低保,维修,,,,,,,,已关闭（住户已搬走）",
            "7,2026-11-20,花苑社区,第二网格,7-1-101,G 理发,维修,2026-11-25,,,,,,,待认领",
            // Fulfilled on Dec 2: still dispatched at the end of November.
            "8,2026-11-21,花苑社区,第一网格,5-1-102,H 通下水道,维修,,派单：物业公司,2026-11-22,,,,,已派单",
        ]
    );
    // October: A raised, and B, fulfilled then and reviewed only in November.
    let (_, oct) = ledger(d, "微心愿", "2026-10");
    assert_eq!(oct[0][0], "花苑社区微心愿台账（2026年10月）");
    assert_eq!(oct.len() - 2, 2);
    assert_eq!(
        oct[2].join(","),
        "1,2026-10-05,花苑社区,第一网格,5-1-101,B 换灯泡,维修,,认领：王师傅,2026-10-06,2026-10-20,换好了,,,已实现"
    );
    assert_eq!(oct[3][14], "待认领");
}

#[test]
fn the_party_ledger_has_a_row_a_link_with_the_visits_of_the_month_since_it() {
    let dir = on_disk();
    let d = dir.path();
    let (out, cells) = ledger(d, "party", "2026-11");
    assert!(
        out.starts_with("wrote 花苑社区党员联户台账（2026年11月）, 3 rows, to "),
        "{out}"
    );
    assert_eq!(cells[0][0], "花苑社区党员联户台账（2026年11月）");
    assert_eq!(
        cells[1].join(","),
        "序号,社区,网格,中心户地址,党员,联系户地址,联系户户主,联户日期,本月联系次数,最近联系日期"
    );
    let rows: Vec<String> = cells[2..].iter().map(|r| r.join(",")).collect();
    // 3-1-201 was linked only in December; the visit to 7-1-101 came before its link, and
    // the visit to the 中心户 itself is no contact.
    assert_eq!(
        rows,
        [
            "1,花苑社区,第一网格,5-1-101,周官萍,5-1-102,曾小明,2026-11-01,2,2026-11-18",
            "2,花苑社区,第一网格,5-1-101,周官萍,5-2-301,单丽,2026-11-01,0,",
            "3,花苑社区,第一网格,5-1-101,周官萍,7-1-101,查文,2026-11-23,0,",
        ]
    );
    let (_, dec) = ledger(d, "党员联户", "2026-12");
    assert_eq!(dec.len() - 2, 4);
    assert_eq!(
        dec[2].join(","),
        "1,花苑社区,第一网格,5-1-101,周官萍,3-1-201,解放,2026-12-01,0,"
    );
}

#[test]
fn the_wish_figures_per_grid_are_counted_from_the_wishes() {
    let dir = on_disk();
    let d = dir.path();
    let json: serde_json::Value = serde_json::from_str(&ok(
        d,
        &[
            "report",
            "wishes",
            "--month",
            "2026-11",
            "--json",
            "--today",
            "2026-12-06",
        ],
    ))
    .unwrap();
    let row = |v: &serde_json::Value| {
        (
            v["grid"].as_str().unwrap().to_string(),
            [
                v["raised"].as_u64().unwrap(),
                v["claimed"].as_u64().unwrap(),
                v["done"].as_u64().unwrap(),
                v["overdue"].as_u64().unwrap(),
                v["reviewed"].as_u64().unwrap(),
            ],
            v["mean_satisfaction"].as_f64(),
        )
    };
    let grids: Vec<_> = json["grids"].as_array().unwrap().iter().map(row).collect();
    assert_eq!(
        grids,
        [
            ("第一网格".to_string(), [6, 5, 2, 1, 2], Some(4.0)),
            ("第二网格".to_string(), [1, 0, 0, 1, 0], None),
        ]
    );
    assert_eq!(
        row(&json["total"]),
        (String::new(), [7, 5, 2, 2, 2], Some(4.0))
    );
    assert_eq!(
        ok(
            d,
            &["report", "wishes", "--month", "2026-11", "--today", "2026-12-06"]
        ),
        "community  grid      raised  claimed  done  overdue  reviewed  mean satisfaction\n\
         花苑社区   第一网格       6        5     2        1         2                4.0\n\
         花苑社区   第二网格       1        0     0        1         0                  —\n\
         2026-11: 7 raised, 5 claimed or dispatched, 2 fulfilled; 2 overdue on 2026-11-30; mean satisfaction 4.0\n"
    );
    // While the month runs, overdue is counted today: on Nov 24, G (due Nov 25) is not yet.
    assert_eq!(
        ok(
            d,
            &["--lang", "zh", "report", "心愿", "--month", "2026-11", "--today", "2026-11-24"]
        )
        .lines()
        .last()
        .unwrap(),
        "2026年11月：新增心愿 7 个，认领或派单 5 个，实现 2 个；截至 2026年11月24日 逾期 1 个；平均满意度 4.0"
    );
}

#[test]
fn a_grid_captain_gets_only_her_grids_wishes_and_links() {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(common::small_store(dir.path()));
    build(&store);
    let captain = common::captain_backend(&store);
    let month = Month::parse("2026-11").unwrap();
    let sheet = fetch(
        &captain,
        &TableRequest::Ledger {
            kind: LedgerKind::Wishes,
            month,
        },
    )
    .unwrap();
    assert_eq!(
        sheet.title.as_deref(),
        Some("花苑社区微心愿台账（2026年11月）")
    );
    assert_eq!(sheet.rows.len(), 7);
    assert!(
        sheet
            .rows
            .iter()
            .all(|r| r[3].text() == "第一网格" && r[4].text() != "7-1-101"),
        "{:?}",
        sheet.rows
    );
    let sheet = fetch(
        &captain,
        &TableRequest::Ledger {
            kind: LedgerKind::Party,
            month,
        },
    )
    .unwrap();
    let linked: Vec<String> = sheet.rows.iter().map(|r| r[5].text()).collect();
    assert_eq!(linked, ["5-1-102", "5-2-301"]);
    let report = captain
        .call(WishReport {
            month,
            today: day_of(ymd(2026, 12, 6)),
        })
        .unwrap();
    assert_eq!(report.grids.len(), 1);
    assert_eq!(report.grids[0].grid, "第一网格");
    assert_eq!(
        (report.total.raised, report.total.overdue),
        (6, 1),
        "{report:?}"
    );
}

#[test]
fn a_month_that_is_not_one_is_refused_in_one_sentence() {
    let dir = on_disk();
    let d = dir.path();
    for args in [
        &["ledger", "wishes", "--month", "2026-13", "-o", "x.xlsx"][..],
        &["ledger", "party", "--month", "2026-13", "-o", "x.xlsx"],
        &["report", "wishes", "--month", "2026-13"],
    ] {
        assert_eq!(
            common::cli_refused(d, args),
            "gridbook: “2026-13” is not a month; write it as 2026-11\n",
            "{args:?}"
        );
    }
    assert_eq!(
        common::cli_refused(
            d,
            &["--lang", "zh", "report", "wishes", "--month", "十一月"]
        ),
        "gridbook: “十一月”不是月份；请写成 2026-11\n"
    );
    assert!(!d.join("x.xlsx").exists());
}

#[test]
fn both_ledgers_are_written_from_the_ledger_screen_and_the_report_screen_counts_wishes() {
    use common::{press, screen};
    use crossterm::event::KeyCode;
    use gridbook::tui::i18n::Lang;
    let dir = tempfile::tempdir().unwrap();
    let store = common::small_store(dir.path());
    build(&store);
    let b = gridbook::client::Local::new(store, "zhangli".into());
    let folder = dir.path().join("台账");
    let mut app = common::app(&b, Lang::Zh);
    app.ledger_dir = folder.clone();
    press(&mut app, &b, KeyCode::Char('t'));
    // The ledgers come first: 走访, 纠纷, 民情日志, 微心愿, 党员联户.
    for _ in 0..4 {
        press(&mut app, &b, KeyCode::Down);
    }
    let s = screen(&app, 100, 24);
    assert!(s.contains(" 党员联户台账"), "{s}");
    assert!(s.contains("月份    ◀ 2026-11 ▶"), "{s}");
    press(&mut app, &b, KeyCode::Enter);
    let party = folder.join("党员联户台账-2026-11.xlsx");
    assert_eq!(
        app.status.as_deref(),
        Some(format!("已写入 {}（3 行）", party.display()).as_str())
    );
    press(&mut app, &b, KeyCode::Up);
    press(&mut app, &b, KeyCode::Enter);
    let wishes = folder.join("微心愿台账-2026-11.xlsx");
    assert_eq!(
        app.status.as_deref(),
        Some(format!("已写入 {}（8 行）", wishes.display()).as_str())
    );
    let cells = common::read_xlsx(&wishes);
    assert_eq!(cells[0][0], "花苑社区微心愿台账（2026年11月）");
    assert_eq!(cells[1].join(","), WISH_HEADERS);
    assert_eq!(common::read_xlsx(&party)[2][8], "2");
    // The report screen: this month counted on the app's today, Nov 25 (G, due that day, is
    // not overdue yet).
    press(&mut app, &b, KeyCode::Esc);
    press(&mut app, &b, KeyCode::Char('r'));
    let s = screen(&app, 160, 40);
    assert!(
        s.contains("本月微心愿：新增 7，认领 5，实现 2，逾期 1，满意度 4.0"),
        "{s}"
    );
}

//! The grid rollups (issue 16): a report's counts come from per-grid tallies kept in the
//! write's transaction, the due list and the roster list page through indexes, `check` mends
//! a tampered rollup, an older store builds them on open, and a grid captain counts only her
//! grids.

mod common;

use std::sync::Arc;

use common::{nov, today, ymd};
use gridbook::client::Ask;
use gridbook::model::scope::Scope;
use gridbook::model::time::day_of;
use gridbook::model::*;
use gridbook::store::check::check;
use gridbook::store::ops::NewVisit;
use gridbook::store::{codec, reports, OpenOptions, Store, TreeId};

/// What an admin sees of the reports and lists, as numbers.
#[derive(Debug, Clone, PartialEq)]
struct Figures {
    /// Per grid: name, households, visited in 30 days.
    grids: Vec<(String, u64, u64)>,
    /// Care-group households, and those met within their interval.
    care: (u64, u64),
    /// The report screen's overdue counts: written follow-ups, visits by rule.
    overdue: (usize, usize),
    /// The follow-up list's counts this week: written (due, overdue), by rule (due, overdue).
    written: (usize, usize),
    by_rule: (usize, usize),
    /// Households whose roster was not checked in 3 months.
    unchecked: usize,
}

fn figures(store: &Store, scope: &Scope) -> Figures {
    let set = reports::report_set(store, today(), scope).unwrap();
    let due = store.due_list(today(), 7, true, scope, 10).unwrap();
    Figures {
        grids: set
            .coverage
            .grids
            .iter()
            .map(|g| (g.name.clone(), g.households, g.visited))
            .collect(),
        care: (set.care.households, set.care.on_time),
        overdue: (set.overdue_written, set.overdue_by_rule),
        written: (due.written.due, due.written.overdue),
        by_rule: (due.by_rule.due, due.by_rule.overdue),
        unchecked: store
            .roster_unchecked(today(), Some(3), scope, 10)
            .unwrap()
            .total,
    }
}

fn met(household: Id, at: i64) -> NewVisit {
    NewVisit {
        household,
        at,
        purpose: VisitPurpose::Routine,
        outcome: VisitOutcome::Met,
        met: vec![],
        findings: "上门了解情况。".into(),
        needs: vec![],
        knock_again: None,
        amends: None,
        roster_checked: true,
    }
}

/// The small store with its second grid, written on the morning of the fixed today.
fn two_grids(dir: &std::path::Path) -> Store {
    let store = common::small_store(dir);
    store.freeze_clock(nov(25) - 3600);
    common::add_second_grid(&store);
    store
}

fn sound(store: &Store) {
    let report = check(store).unwrap();
    assert_eq!(
        (report.problems, report.mended),
        (Vec::<String>::new(), Vec::<String>::new())
    );
}

#[test]
fn a_reports_counts_follow_a_visit_a_followup_done_and_a_household_moving_grids() {
    let dir = tempfile::tempdir().unwrap();
    let store = two_grids(dir.path());
    let all = Scope::everything();
    // 第一网格: 5-1-101 met on 20 Nov (elderly, alone: due again on the 27th), 5-1-102 not
    // home on 10 Oct with a follow-up due on the 30th, two more never visited. 第二网格:
    // 7-1-101 (elderly, alone) not home on 22 Nov, its follow-up overdue since the 20th.
    let before = Figures {
        grids: vec![("第一网格".into(), 4, 1), ("第二网格".into(), 1, 1)],
        care: (2, 1),
        overdue: (1, 0),
        written: (2, 1),
        by_rule: (5, 0),
        unchecked: 5,
    };
    assert_eq!(figures(&store, &all), before);

    // 5-1-102 met yesterday, its roster checked: visited, no longer due by rule this week.
    store
        .add_visit("wangfang", &met(21, nov(24)), nov(25) - 1800)
        .unwrap();
    let visited = Figures {
        grids: vec![("第一网格".into(), 4, 2), ("第二网格".into(), 1, 1)],
        by_rule: (4, 0),
        unchecked: 4,
        ..before.clone()
    };
    assert_eq!(figures(&store, &all), visited);

    // The overdue follow-up at 7-1-101 done.
    store
        .complete_followup("wangfang", 401, "已送到", nov(25) - 1200)
        .unwrap();
    let done = Figures {
        overdue: (0, 0),
        written: (1, 0),
        ..visited.clone()
    };
    assert_eq!(figures(&store, &all), done);

    // 7-1-101 moves to 第一网格: its counts go with it, and 第二网格 has none left.
    store
        .write("fixture", |t| {
            let mut h: Household = t.get(&gridbook::store::keys::id(24))?.unwrap();
            h.grid = 3;
            t.put(&h)
        })
        .unwrap();
    assert_eq!(
        figures(&store, &all),
        Figures {
            grids: vec![("第一网格".into(), 5, 3)],
            ..done
        }
    );
    sound(&store);
}

#[test]
fn a_grid_captains_report_counts_only_her_grids() {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(two_grids(dir.path()));
    let captain = common::captain_backend(&store);
    let set = captain
        .call(gridbook::api::reports::Reports(today()))
        .unwrap();
    assert_eq!(
        (
            set.coverage
                .grids
                .iter()
                .map(|g| (g.name.as_str(), g.households, g.visited))
                .collect::<Vec<_>>(),
            (set.coverage.total.households, set.coverage.total.visited),
            (set.care.households, set.care.on_time),
            (set.overdue_written, set.overdue_by_rule),
        ),
        (vec![("第一网格", 4, 1)], (4, 1), (1, 1), (0, 0))
    );
    let page = captain
        .call(gridbook::api::reports::RosterPage {
            today: today(),
            months: Some(3),
            limit: 2,
        })
        .unwrap();
    assert_eq!(
        (
            page.rows
                .iter()
                .map(|r| (r.address.to_string(), r.head.as_str(), r.last_checked))
                .collect::<Vec<_>>(),
            page.total
        ),
        (
            vec![
                ("3-1-201".to_string(), "解放", None),
                ("5-1-101".to_string(), "周官萍", None)
            ],
            4
        )
    );
    let due = captain
        .call(gridbook::api::work::Due {
            today: today(),
            horizon: 7,
            limit: 1,
        })
        .unwrap();
    assert_eq!(
        (
            due.items
                .iter()
                .map(|i| (
                    i.address.to_string(),
                    matches!(i.kind, gridbook::store::due::DueKind::FollowUp(_))
                ))
                .collect::<Vec<_>>(),
            (due.written.due, due.written.overdue),
            (due.by_rule.due, due.by_rule.overdue),
        ),
        (
            vec![
                ("5-1-102".to_string(), false),
                ("5-1-102".to_string(), true)
            ],
            (1, 0),
            (4, 0)
        )
    );
}

#[test]
fn the_due_list_shows_the_most_overdue_first_and_counts_every_one() {
    let dir = tempfile::tempdir().unwrap();
    let store = two_grids(dir.path());
    // A week later: 7-1-101's follow-up is 12 days overdue, the households never met are due
    // since the 25th, 5-1-101 since the 27th, 5-1-102's follow-up since the 30th.
    let later = day_of(ymd(2026, 12, 2));
    let list = store
        .due_list(later, 0, true, &Scope::everything(), 2)
        .unwrap();
    let shown: Vec<(String, String, bool)> = list
        .items
        .iter()
        .map(|i| {
            (
                i.address.to_string(),
                gridbook::model::time::date_of(i.due).to_string(),
                matches!(i.kind, gridbook::store::due::DueKind::FollowUp(_)),
            )
        })
        .collect();
    assert_eq!(
        (
            shown,
            list.total,
            list.overdue,
            (list.written.due, list.written.overdue),
            (list.by_rule.due, list.by_rule.overdue)
        ),
        (
            vec![
                ("7-1-101".into(), "2026-11-20".into(), true),
                ("5-1-102".into(), "2026-11-25".into(), false),
                ("5-2-301".into(), "2026-11-25".into(), false),
                ("5-1-102".into(), "2026-11-30".into(), true),
            ],
            7,
            7,
            (2, 2),
            (5, 5)
        )
    );
}

#[test]
fn check_mends_a_tampered_rollup() {
    let dir = tempfile::tempdir().unwrap();
    let store = common::small_store(dir.path());
    let right = figures(&store, &Scope::everything());
    assert_eq!(right.grids, vec![("第一网格".to_string(), 4, 1)]);
    // The tally of 第一网格's households by the day last visited says seven never visited.
    let tally = store
        .tree(TreeId::Rollups)
        .scan_prefix(b"T")
        .keys()
        .map(|k| k.unwrap())
        .find(|k| k.get(17) == Some(&b'v'))
        .unwrap();
    store
        .tree(TreeId::Rollups)
        .insert(tally, codec::encode(&vec![(i32::MIN, 7u32)]).unwrap())
        .unwrap();
    assert_eq!(
        figures(&store, &Scope::everything()).grids,
        vec![("第一网格".to_string(), 7, 0)]
    );
    let report = check(&store).unwrap();
    assert_eq!(
        (report.problems, report.mended),
        (
            vec![],
            vec!["grid_rollups: 1 counts or entries disagreed with the households and their visits, follow-ups and roster checks; they were written again from the records".to_string()]
        )
    );
    assert_eq!(figures(&store, &Scope::everything()), right);
    sound(&store);
}

#[test]
fn the_command_line_check_says_the_grid_rollups_were_mended() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("store");
    {
        let store = common::small_store(&data);
        store
            .tree(TreeId::Rollups)
            .insert(b"T-not-a-tally", codec::encode(&vec![(0, 1u32)]).unwrap())
            .unwrap();
        store.durable().unwrap();
    }
    common::wait_until_released(&data);
    let (code, out, err) = common::cli(dir.path(), &["check"]);
    assert_eq!(
        (code, out.as_str(), err.trim_end()),
        (
            1,
            "grid_rollups: 1 counts or entries disagreed with the households and their visits, follow-ups and roster checks; they were written again from the records\n",
            "gridbook: the store had 1 problem, listed above, all mended: the grid rollups were written again from the records; nothing else is needed"
        )
    );
}

#[test]
fn a_store_written_before_rollups_builds_them_on_open() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("store");
    let then = {
        let store = two_grids(&data);
        store
            .add_visit("wangfang", &met(22, nov(24)), nov(25) - 1800)
            .unwrap();
        let then = figures(&store, &Scope::everything());
        // What an older gridbook leaves: no rollups, and no mark of them.
        store.tree(TreeId::Rollups).clear().unwrap();
        store.tree(TreeId::Meta).remove(b"rollups/v1").unwrap();
        store.durable().unwrap();
        then
    };
    common::wait_until_released(&data);
    let store = Store::open(&data, OpenOptions::default()).unwrap();
    assert_eq!(
        store.notices,
        vec![
            "built the grid rollups (5 households) this gridbook keeps for its reports".to_string()
        ]
    );
    assert_eq!(figures(&store, &Scope::everything()), then);
    assert_eq!(
        then.grids,
        vec![
            ("第一网格".to_string(), 4, 2),
            ("第二网格".to_string(), 1, 1)
        ]
    );
    sound(&store);
}

#[test]
fn the_follow_up_list_on_the_command_line_says_how_many_it_left_out() {
    let dir = tempfile::tempdir().unwrap();
    drop(two_grids(&dir.path().join("store")));
    common::wait_until_released(&dir.path().join("store"));
    let out = common::cli_ok(
        dir.path(),
        &[
            "followups",
            "--limit",
            "1",
            "--today",
            "2026-12-02",
            "--days",
            "0",
        ],
    );
    assert_eq!(
        out,
        "address  head    what                                due         overdue\n\
         7-1-101  查文    送米面油                            2026-11-20  12 days\n\
         5-1-102  曾小明  visit due every 90 days, never met  2026-11-25  7 days\n\
         7 due by 2026-12-02, 7 of them overdue\n\
         2 of them listed (at most 1 of each kind, most overdue first); add --all for every one\n"
    );
    // The JSON stays an array of what is listed; that it was cut short goes to stderr.
    let (code, out, err) = common::cli(
        dir.path(),
        &[
            "followups",
            "--json",
            "--limit",
            "1",
            "--today",
            "2026-12-02",
            "--days",
            "0",
        ],
    );
    let listed: Vec<serde_json::Value> = serde_json::from_str(&out).unwrap();
    assert_eq!(
        (code, listed.len(), err.as_str()),
        (
            0,
            2,
            "2 of them listed (at most 1 of each kind, most overdue first); add --all for every one\n"
        )
    );
    // --all lists every one, and says nothing more.
    let out = common::cli_ok(
        dir.path(),
        &["followups", "--all", "--today", "2026-12-02", "--days", "0"],
    );
    assert_eq!(
        (out.lines().count(), out.lines().last()),
        (9, Some("7 due by 2026-12-02, 7 of them overdue"))
    );
}

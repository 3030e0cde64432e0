//! The visit ledger's lines as its look-ups are batched for a city (issue 16): each line still
//! names its household's address and head, the follow-ups its visit asked for, a corrected
//! visit gives its line to the correction, and a captain sees her own grids' lines only.

mod common;

use common::{nov, today};
use gridbook::model::scope::Scope;
use gridbook::model::time::local_day;
use gridbook::model::{Grid, Role, Staff, VisitOutcome, VisitPurpose};
use gridbook::store::ops::{Need, NewVisit};
use gridbook::store::reports::visits_between;
use gridbook::store::Store;

fn visit(household: u64, at: i64, outcome: VisitOutcome, findings: &str) -> NewVisit {
    NewVisit {
        household,
        at,
        purpose: VisitPurpose::Routine,
        outcome,
        met: vec![],
        findings: findings.into(),
        needs: vec![],
        knock_again: None,
        amends: None,
        roster_checked: false,
    }
}

/// (time, address, head, findings, follow-ups) of each line of 24 November.
fn lines(store: &Store, scope: &Scope) -> Vec<(i64, String, String, String, Vec<String>)> {
    let day = local_day(nov(24));
    visits_between(store, day, day, scope)
        .unwrap()
        .into_iter()
        .map(|e| (e.at, e.address, e.head, e.visit.findings, e.followups))
        .collect()
}

#[test]
fn a_days_visit_lines_name_the_household_its_head_and_the_follow_ups_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    let store = common::small_store(dir.path());
    common::add_second_grid(&store);
    let now = nov(25) - 3 * 3600;
    let mut asked = visit(23, nov(24) - 3600, VisitOutcome::Met, "水管漏水");
    asked.needs = vec![
        Need {
            title: "修水管".into(),
            due: today() + 7,
        },
        Need {
            title: "联系物业".into(),
            due: today() + 3,
        },
    ];
    store.add_visit("zhangli", &asked, now).unwrap();
    let first = store
        .add_visit(
            "zhangli",
            &visit(22, nov(24), VisitOutcome::NotHome, "无人"),
            now,
        )
        .unwrap();
    let mut correction = visit(22, nov(24) + 60, VisitOutcome::Met, "补记：已见到户主");
    correction.amends = Some(first.visit.id);
    store.add_visit("zhangli", &correction, now).unwrap();
    store
        .add_visit(
            "wangfang",
            &visit(24, nov(24) + 120, VisitOutcome::Met, "老人安好"),
            now,
        )
        .unwrap();

    let line = |at: i64, address: &str, head: &str, findings: &str, followups: &[&str]| {
        (
            at,
            address.to_string(),
            head.to_string(),
            findings.to_string(),
            followups.iter().map(|f| f.to_string()).collect::<Vec<_>>(),
        )
    };
    assert_eq!(
        lines(&store, &Scope::everything()),
        vec![
            line(
                nov(24) - 3600,
                "3-1-201",
                "解放",
                "水管漏水",
                &["修水管", "联系物业"]
            ),
            line(nov(24) + 60, "5-2-301", "单丽", "补记：已见到户主", &[]),
            line(nov(24) + 120, "7-1-101", "查文", "老人安好", &[]),
        ]
    );

    // The captain of 第一网格 does not see 第二网格's household.
    let grids: Vec<Grid> = store.all::<Grid>().map(|g| g.unwrap()).collect();
    let captain = Staff {
        user: "zhangli".into(),
        display_name: "张丽".into(),
        role: Role::GridCaptain,
        grids: vec![3],
        communities: vec![],
    };
    assert_eq!(
        lines(&store, &Scope::of(&captain, &grids)),
        vec![
            line(
                nov(24) - 3600,
                "3-1-201",
                "解放",
                "水管漏水",
                &["修水管", "联系物业"]
            ),
            line(nov(24) + 60, "5-2-301", "单丽", "补记：已见到户主", &[]),
        ]
    );
}

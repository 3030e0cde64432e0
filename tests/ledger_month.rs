//! The visit-lines index a month's visit ledger reads (issue 16): a store written before it
//! builds it once on open and its ledger reads as before; `check` finds entries that
//! disagree with the visits and writes them again; a visit saved or corrected moves its line.

mod common;

use std::path::Path;

use common::{nov, oct, today};
use gridbook::model::scope::Scope;
use gridbook::model::time::local_day;
use gridbook::model::{VisitOutcome, VisitPurpose};
use gridbook::store::check::check;
use gridbook::store::ops::{Need, NewVisit};
use gridbook::store::reports::visits_between;
use gridbook::store::{keys, OpenOptions, Store, TreeId};

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

/// (time, address, head, staff, findings, follow-ups) of each line of November's ledger.
type Line = (i64, String, String, String, String, Vec<String>);

fn november(store: &Store) -> Vec<Line> {
    visits_between(
        store,
        local_day(nov(1)),
        local_day(nov(30)),
        &Scope::everything(),
    )
    .unwrap()
    .into_iter()
    .map(|e| {
        (
            e.at,
            e.address,
            e.head,
            e.visit.staff,
            e.visit.findings,
            e.followups,
        )
    })
    .collect()
}

/// How many visits the store holds (each has one line).
fn visits(store: &Store) -> usize {
    store.tree(TreeId::Visits).len()
}

fn line(at: i64, address: &str, head: &str, staff: &str, findings: &str, asked: &[&str]) -> Line {
    (
        at,
        address.into(),
        head.into(),
        staff.into(),
        findings.into(),
        asked.iter().map(|a| a.to_string()).collect(),
    )
}

/// The small store with three November visits (one asking two follow-ups, one corrected)
/// and one in October.
fn with_visits(data: &Path) -> Store {
    let store = common::small_store(data);
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
            &visit(22, nov(3), VisitOutcome::NotHome, "无人"),
            now,
        )
        .unwrap();
    let mut correction = visit(22, nov(3) + 60, VisitOutcome::Met, "补记：已见到户主");
    correction.amends = Some(first.visit.id);
    store.add_visit("wangfang", &correction, now).unwrap();
    store
        .add_visit(
            "zhangli",
            &visit(20, oct(30), VisitOutcome::Met, "十月的走访"),
            now,
        )
        .unwrap();
    store
}

/// The lines of November: the fixture's two visits (20 and 22 November) and ours.
fn expected() -> Vec<Line> {
    vec![
        line(
            nov(3) + 60,
            "5-2-301",
            "单丽",
            "wangfang",
            "补记：已见到户主",
            &[],
        ),
        line(
            nov(20),
            "5-1-101",
            "周官萍",
            "zhangli",
            "老人身体状况良好，家中无安全隐患。",
            &[],
        ),
        line(
            nov(22),
            "7-1-101",
            "查文",
            "wangfang",
            "敲门无人应答。",
            &[],
        ),
        line(
            nov(24) - 3600,
            "3-1-201",
            "解放",
            "zhangli",
            "水管漏水",
            &["修水管", "联系物业"],
        ),
    ]
}

#[test]
fn a_store_written_before_the_visit_lines_builds_them_on_open_and_its_ledger_reads_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("store");
    {
        let store = with_visits(&data);
        assert_eq!(november(&store), expected());
        assert_eq!(store.tree(TreeId::VisitLines).len(), visits(&store));
        // What an older gridbook leaves: no visit lines and no mark of them.
        store.tree(TreeId::VisitLines).clear().unwrap();
        store.tree(TreeId::Meta).remove(b"visit-lines/v1").unwrap();
        store.durable().unwrap();
    }
    common::wait_until_released(&data);
    let store = Store::open(&data, OpenOptions::default()).unwrap();
    let n = visits(&store);
    assert_eq!(
        store.notices,
        vec![format!(
            "built the visit lines the visit ledger reads ({n} visits)"
        )]
    );
    assert_eq!(store.tree(TreeId::VisitLines).len(), n);
    assert_eq!(november(&store), expected());
    let report = check(&store).unwrap();
    assert_eq!(
        (report.problems, report.mended),
        (Vec::<String>::new(), Vec::<String>::new())
    );
    drop(store);
    common::wait_until_released(&data);
    // Once: the next open has nothing to build.
    let store = Store::open(&data, OpenOptions::default()).unwrap();
    assert!(store.notices.is_empty(), "{:?}", store.notices);
}

#[test]
fn check_writes_visit_lines_that_disagree_with_the_visits_again() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("store");
    {
        let store = with_visits(&data);
        let tree = store.tree(TreeId::VisitLines);
        let entries: Vec<(Vec<u8>, Vec<u8>)> = tree
            .iter()
            .map(|kv| kv.unwrap())
            .map(|(k, v)| (k.to_vec(), v.to_vec()))
            .collect();
        // One line missing, one left over for a visit that is not there, and one line
        // holding another visit's findings.
        tree.remove(&entries[1].0).unwrap();
        tree.insert(
            keys::join(&[&keys::instant(nov(10)), &keys::id(999)]),
            entries[2].1.clone(),
        )
        .unwrap();
        tree.insert(&entries[3].0, entries[0].1.clone()).unwrap();
        store.durable().unwrap();
        assert_ne!(november(&store), expected());
    }
    common::wait_until_released(&data);
    let (code, out, err) = common::cli(dir.path(), &["check"]);
    assert_eq!(
        (code, out.as_str(), err.trim_end()),
        (
            1,
            "idx_visit_lines: 3 entries disagreed with the visits; they were written again from the records\n",
            "gridbook: the store had 1 problem, listed above, all mended: the visit lines were written again from the records; nothing else is needed"
        )
    );
    // Mended: the next check finds the store sound, and the ledger reads as the visits say.
    let (code, out, _) = common::cli(dir.path(), &["--lang", "zh", "check"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.starts_with("数据完好："), "{out}");
    let store = Store::open(&data, OpenOptions::default()).unwrap();
    assert_eq!(november(&store), expected());
}

#[test]
fn a_visit_saved_or_corrected_moves_its_line_in_the_same_write() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("store");
    let store = with_visits(&data);
    let now = nov(25) - 3 * 3600;
    let third = store
        .add_visit(
            "zhangli",
            &visit(24, nov(20), VisitOutcome::Met, "老人安好"),
            now,
        )
        .unwrap();
    let mut again = visit(24, nov(20) + 30, VisitOutcome::Met, "老人安好，已量血压");
    again.amends = Some(third.visit.id);
    store.add_visit("wangfang", &again, now).unwrap();
    let mut want = expected();
    want.insert(
        2,
        line(
            nov(20) + 30,
            "7-1-101",
            "查文",
            "wangfang",
            "老人安好，已量血压",
            &[],
        ),
    );
    assert_eq!(november(&store), want);
    assert_eq!(store.tree(TreeId::VisitLines).len(), visits(&store));
    let report = check(&store).unwrap();
    assert_eq!(
        (report.problems, report.mended),
        (Vec::<String>::new(), Vec::<String>::new())
    );
}

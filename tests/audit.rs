//! The audit trail: every write says who and when, and `audit verify` catches an entry that
//! was changed or removed afterwards.

mod common;

use gridbook::store::audit::{AuditEntry, Change};
use gridbook::store::codec;
use gridbook::store::ops::NewVisit;
use gridbook::store::TreeId;

fn visit(store: &gridbook::store::Store) {
    store
        .add_visit(
            "wangfang",
            &NewVisit {
                household: 21,
                at: common::nov(24),
                purpose: gridbook::model::VisitPurpose::Routine,
                outcome: gridbook::model::VisitOutcome::Met,
                met: vec![101],
                findings: "正常".into(),
                needs: vec![],
                knock_again: None,
                amends: None,
                roster_checked: false,
            },
            common::nov(25),
        )
        .unwrap();
}

#[test]
fn every_write_is_in_the_trail_and_a_households_history_says_who() {
    let dir = tempfile::tempdir().unwrap();
    let store = common::small_store(dir.path());
    visit(&store);
    let report = store.verify_audit().unwrap();
    assert_eq!(report.problems, Vec::<String>::new());
    // The fixture wrote 20 records; the visit wrote one more, and settled nothing.
    assert_eq!(report.entries, 21);
    let history = store.household_history(21).unwrap();
    let lines: Vec<(String, String, Change)> = history
        .iter()
        .map(|h| (h.by.clone(), h.tree.clone(), h.change))
        .collect();
    assert_eq!(
        lines[0],
        (
            "wangfang".to_string(),
            "visits".to_string(),
            Change::Created
        )
    );
    assert_eq!(
        lines.len(),
        8,
        "the household, 3 residents, 2 visits, a follow-up and a dispute: {lines:?}"
    );
}

#[test]
fn a_changed_a_cut_and_a_truncated_trail_are_each_named() {
    let dir = tempfile::tempdir().unwrap();
    let store = common::small_store(dir.path());
    visit(&store);
    let audit = store.tree(TreeId::Audit);

    // Someone edits entry 21, the visit, to blame another person.
    let raw = audit.get(21u64.to_be_bytes()).unwrap().unwrap();
    let mut e: AuditEntry = codec::decode(&raw).unwrap();
    e.by = "someone_else".into();
    audit
        .insert(21u64.to_be_bytes(), codec::encode(&e).unwrap())
        .unwrap();
    assert_eq!(
        store.verify_audit().unwrap().problems,
        vec!["audit entry 21 (visits by someone_else) was changed after it was written"]
    );
    audit.insert(21u64.to_be_bytes(), raw.to_vec()).unwrap();
    assert_eq!(store.verify_audit().unwrap().problems, Vec::<String>::new());

    // Someone removes entry 5.
    let five = audit.remove(5u64.to_be_bytes()).unwrap().unwrap();
    assert_eq!(
        store.verify_audit().unwrap().problems,
        vec!["audit entry 5 is missing (the next one is 6); the trail has been cut"]
    );
    audit.insert(5u64.to_be_bytes(), five).unwrap();

    // Someone removes the last entry.
    audit.remove(21u64.to_be_bytes()).unwrap();
    assert_eq!(
        store.verify_audit().unwrap().problems,
        vec!["the trail ends at entry 20 but the store wrote 21; entries at the end were removed"]
    );
}

#[test]
fn audit_verify_from_the_command_line_exits_1_on_tampering() {
    let dir = tempfile::tempdir().unwrap();
    {
        let store = common::small_store(dir.path());
        visit(&store);
    }
    let run = || {
        std::process::Command::new(env!("CARGO_BIN_EXE_gridbook"))
            .arg("--data")
            .arg(dir.path())
            .args(["audit", "verify"])
            .env("GRIDBOOK_IN_PROCESS", "1")
            .output()
            .unwrap()
    };
    let ok = run();
    assert_eq!(
        String::from_utf8_lossy(&ok.stdout).trim(),
        "the audit trail is intact: 21 entries, each chained to the one before"
    );
    {
        let store = gridbook::store::Store::open(dir.path(), Default::default()).unwrap();
        let audit = store.tree(TreeId::Audit);
        let raw = audit.get(3u64.to_be_bytes()).unwrap().unwrap();
        let mut e: AuditEntry = codec::decode(&raw).unwrap();
        e.at += 3600;
        audit
            .insert(3u64.to_be_bytes(), codec::encode(&e).unwrap())
            .unwrap();
        store.durable().unwrap();
    }
    let bad = run();
    assert_eq!(bad.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&bad.stdout).trim(),
        "audit entry 3 (grids by fixture) was changed after it was written"
    );
    assert_eq!(
        String::from_utf8_lossy(&bad.stderr).trim(),
        "gridbook: the audit trail has been tampered with, as above; restore a backup and find out who had access"
    );
}

#[test]
fn a_household_the_demo_loaded_in_bulk_says_the_demo_created_it() {
    use gridbook::cli::demo::{generate, Scale, Spec};
    use gridbook::model::{Household, VisitOutcome, VisitPurpose};
    use gridbook::store::keys;
    let dir = tempfile::tempdir().unwrap();
    let store = gridbook::store::Store::open(dir.path(), Default::default()).unwrap();
    let spec = Spec {
        scale: Scale::Small,
        seed: 1,
        today: chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap(),
        operator: None,
    };
    let started = gridbook::model::time::now();
    generate(&store, &spec, &|_| {}).unwrap();
    // A household with people and visits.
    let h: Household = store
        .all::<Household>()
        .map(|h| h.unwrap())
        .find(|h| {
            store
                .tree(TreeId::VisitsByHousehold)
                .scan_prefix(keys::id(h.id))
                .count()
                >= 2
        })
        .unwrap();
    // The bulk load keeps no trail entries for the records it writes.
    assert_eq!(
        store
            .history(TreeId::Households, &keys::id(h.id))
            .unwrap()
            .len(),
        0
    );
    let detail = store.household_detail(h.id).unwrap();
    let visits = store
        .tree(TreeId::VisitsByHousehold)
        .scan_prefix(keys::id(h.id))
        .count();
    let count = |tree: &str, by: &str| {
        store
            .household_history(h.id)
            .unwrap()
            .iter()
            .filter(|l| l.tree == tree && l.by == by && l.change == Change::Created)
            .count()
    };
    assert_eq!(count("households", "demo"), 1);
    assert_eq!(count("residents", "demo"), detail.residents.len());
    assert_eq!(count("visits", "demo"), visits);
    let history = store.household_history(h.id).unwrap();
    assert!(history.iter().all(|l| l.at >= started), "{history:?}");

    // Work done afterwards is in the trail, and comes first.
    store
        .add_visit(
            "wangfang",
            &NewVisit {
                household: h.id,
                at: gridbook::model::time::now() - 60,
                purpose: VisitPurpose::Routine,
                outcome: VisitOutcome::NotHome,
                met: vec![],
                findings: "家中无人".into(),
                needs: vec![],
                knock_again: None,
                amends: None,
                roster_checked: false,
            },
            gridbook::model::time::now(),
        )
        .unwrap();
    let after = store.household_history(h.id).unwrap();
    assert_eq!(after.len(), history.len() + 1);
    assert_eq!(
        (
            after[0].by.as_str(),
            after[0].tree.as_str(),
            after[0].change
        ),
        ("wangfang", "visits", Change::Created)
    );
    assert_eq!(count("visits", "demo"), visits);
}

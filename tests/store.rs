//! The store as a user relies on it: records and indexes agree, a crash's leftovers do not
//! lock anyone out, and a second process gets one clear sentence.

mod common;

use gridbook::model::*;
use gridbook::store::check::check;
use gridbook::store::query::Stats;
use gridbook::store::{OpenOptions, Store, TreeId};

#[test]
fn indexes_agree_with_records_after_a_sequence_of_writes() {
    let dir = tempfile::tempdir().unwrap();
    let store = common::small_store(dir.path());
    assert_eq!(check(&store).unwrap().problems, Vec::<String>::new());

    // Move household 22 to another room, close the dispute, finish the follow-up,
    // delete a resident, and add a visit.
    store
        .write("zhangli", |t| {
            let mut h: Household = t.get(&22u64.to_be_bytes())?.unwrap();
            h.address = Address::parse("5-2-302").unwrap();
            h.captain = None;
            t.put(&h)?;
            let mut d: Dispute = t.get(&300u64.to_be_bytes())?.unwrap();
            d.status = DisputeStatus::Closed;
            d.outcome = Some(DisputeOutcome::Resolved);
            t.put(&d)?;
            let mut f: FollowUp = t.get(&400u64.to_be_bytes())?.unwrap();
            f.done = Some(work::Done {
                at: common::nov(24),
                by: "zhangli".into(),
                note: "已上门".into(),
            });
            t.put(&f)?;
            t.remove::<Resident>(&103u64.to_be_bytes())?;
            t.put(&Visit {
                id: 202,
                household: 22,
                at: common::nov(24),
                staff: "zhangli".into(),
                purpose: VisitPurpose::Routine,
                outcome: VisitOutcome::Met,
                met: vec![104],
                findings: "一切正常".into(),
                amends: None,
                roster_checked: false,
            })?;
            Ok(())
        })
        .unwrap();

    let report = check(&store).unwrap();
    assert_eq!(report.problems, Vec::<String>::new());
    let rows = store.households_in_building(10).unwrap();
    let addrs: Vec<String> = rows.iter().map(|r| r.address.to_string()).collect();
    assert_eq!(addrs, vec!["5-1-101", "5-1-102", "5-2-302"]);
    assert_eq!(rows[1].size, 2, "曾子涵 was removed from 5-1-102");
    assert_eq!(rows[2].last_visit, Some(common::nov(24)));
    let detail = store.household_detail(21).unwrap();
    assert!(
        detail.disputes.is_empty(),
        "the closed dispute is no longer open"
    );
    assert!(
        detail.followups.is_empty(),
        "the done follow-up is no longer open"
    );
    assert_eq!(store.tree(TreeId::OpenDisputes).len(), 0);
    assert_eq!(store.tree(TreeId::HouseholdsByCaptain).len(), 3);
    assert_eq!(
        store.stats().unwrap(),
        Stats {
            streets: 1,
            communities: 1,
            grids: 1,
            buildings: 2,
            households: 4,
            residents: 5,
            captains: 1,
            staff: 0,
            visits: 3,
            disputes: 1,
            followups: 1,
        }
    );
}

#[test]
fn check_names_an_index_entry_that_points_nowhere_and_a_damaged_record() {
    let dir = tempfile::tempdir().unwrap();
    let store = common::small_store(dir.path());
    let mut stray = 99u64.to_be_bytes().to_vec();
    stray.extend_from_slice(&7u64.to_be_bytes());
    store
        .tree(TreeId::ResidentsByHousehold)
        .insert(stray, &[][..])
        .unwrap();
    store
        .tree(TreeId::Visits)
        .insert(200u64.to_be_bytes(), &[1, 2, 3][..])
        .unwrap();
    let problems = check(&store).unwrap().problems;
    assert_eq!(problems.len(), 4, "{problems:#?}");
    assert!(
        problems[0].starts_with("visits: the record under key 00000000000000c8 does not decode")
    );
    assert_eq!(
        problems[1],
        "idx_residents_by_household: 1 entries point at records that do not exist or have changed (first: 00000000000000630000000000000007)"
    );
    assert!(problems[2].starts_with("idx_visits_by_household: 1 entries point at records"));
    assert!(problems[3].starts_with("idx_visits_by_time: 1 entries point at records"));
}

#[test]
fn a_write_survives_closing_and_reopening() {
    let dir = tempfile::tempdir().unwrap();
    drop(common::small_store(dir.path()));
    let store = Store::open(dir.path(), OpenOptions::default()).unwrap();
    let zhou: Resident = store.get_id(100).unwrap().unwrap();
    assert_eq!(zhou.name, "周官萍");
    assert_eq!(store.stats().unwrap().households, 4);
}

#[test]
fn the_store_opens_after_a_crash_left_an_unfinished_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    drop(common::small_store(dir.path()));
    let stray = dir
        .path()
        .join("sled")
        .join("snap.00000000000ABCDE.generating");
    std::fs::write(&stray, b"half a snapshot").unwrap();
    let store = Store::open(dir.path(), OpenOptions::default()).unwrap();
    assert!(!stray.exists());
    let moved: Vec<String> = std::fs::read_dir(dir.path().join("recovered"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(moved.len(), 1);
    assert!(moved[0].starts_with("snap.00000000000ABCDE.generating."));
    assert_eq!(store.notices.len(), 1);
    let log = std::fs::read_to_string(dir.path().join("gridbook.log")).unwrap();
    assert!(
        log.contains("moved an unfinished snapshot left by a crash"),
        "{log}"
    );
    assert_eq!(store.stats().unwrap().residents, 6);
}

#[test]
fn a_store_open_in_another_process_gets_one_clear_sentence() {
    let dir = tempfile::tempdir().unwrap();
    drop(common::small_store(dir.path()));
    // This test process holds the store; the real binary is the second process.
    let _mine = Store::open(dir.path(), OpenOptions::default()).unwrap();
    let other = std::process::Command::new(env!("CARGO_BIN_EXE_gridbook"))
        .env("GRIDBOOK_IN_PROCESS", "1")
        .arg("--data")
        .arg(dir.path())
        .arg("stats")
        .output()
        .unwrap();
    assert_eq!(other.status.code(), Some(1));
    let err = String::from_utf8_lossy(&other.stderr);
    assert_eq!(
        err.trim(),
        format!(
            "gridbook: the store in {} is already open in another gridbook process; close that one, or wait for it to finish, and try again",
            dir.path().display()
        )
    );
}

#[test]
fn writes_that_arrive_together_are_all_saved_and_a_bad_one_fails_alone() {
    use gridbook::store::ops::NewVisit;
    let dir = tempfile::tempdir().unwrap();
    let store = std::sync::Arc::new(common::small_store(dir.path()));
    let at = common::nov(25) - 3600;
    let before = store.stats().unwrap().visits;
    // Eight staff save at once; every fifth save names a household that does not exist.
    let handles: Vec<_> = (0..8u64)
        .map(|w| {
            let store = store.clone();
            std::thread::spawn(move || {
                (0..50u64)
                    .map(|n| {
                        let household = if n % 5 == 4 { 9_999 } else { 20 + (w + n) % 4 };
                        let v = NewVisit {
                            household,
                            at,
                            purpose: VisitPurpose::Routine,
                            outcome: VisitOutcome::Met,
                            met: vec![],
                            findings: format!("第{w}组第{n}次"),
                            needs: vec![],
                            knock_again: None,
                            amends: None,
                            roster_checked: false,
                        };
                        store
                            .add_visit(&format!("staff{w}"), &v, common::nov(25))
                            .map(|s| s.visit.findings)
                            .map_err(|e| e.to_string())
                    })
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let mut saved = Vec::new();
    let mut refused = Vec::new();
    for h in handles {
        for r in h.join().unwrap() {
            match r {
                Ok(f) => saved.push(f),
                Err(e) => refused.push(e),
            }
        }
    }
    assert_eq!(saved.len(), 320, "every good save is acknowledged");
    assert_eq!(refused.len(), 80);
    assert!(
        refused.iter().all(|e| e == "there is no household 9999"),
        "{refused:?}"
    );
    assert_eq!(store.stats().unwrap().visits, before + 320);
    let mut found: Vec<String> = store
        .all::<Visit>()
        .map(|v| v.unwrap().findings)
        .filter(|f| f.starts_with('第'))
        .collect();
    found.sort();
    saved.sort();
    assert_eq!(found, saved, "each acknowledged save is stored, once");
    assert_eq!(check(&store).unwrap().problems, Vec::<String>::new());
    let audit = store.verify_audit().unwrap();
    assert_eq!(
        audit.problems,
        Vec::<String>::new(),
        "the trail chains through every save"
    );
}

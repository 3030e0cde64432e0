//! Household digests: the admin's lists read them instead of walking visits, so after every
//! kind of write they must show what the records say; `gridbook check` finds a wrong one and
//! writes it again; a store written by an older gridbook builds them as it opens.

mod common;

use common::{nov, oct, today, ymd};

use gridbook::client::Local;
use gridbook::io::roster;
use gridbook::io::table::Table;
use gridbook::model::scope::Scope;
use gridbook::model::time::{day_of, local_day, Day, Instant};
use gridbook::model::*;
use gridbook::store::check::check;
use gridbook::store::digest::{HouseholdDigest, Seen};
use gridbook::store::import::ImportOptions;
use gridbook::store::ops::{DisputeStep, NewVisit};
use gridbook::store::{codec, keys, reports, OpenOptions, Store, TreeId};

/// What the admin's lists and reports show, in the figures a user reads.
#[derive(Debug, PartialEq)]
struct Shown {
    /// Coverage: households, and those visited in the last 30 days.
    coverage: (u64, u64),
    /// Care groups: households, and those met within their interval.
    care: (u64, u64),
    /// The follow-up list (7 days ahead): written (due, overdue), by rule (due, overdue).
    written: (usize, usize),
    by_rule: (usize, usize),
    /// Overdue written follow-ups, by title.
    overdue: Vec<String>,
    /// Rosters not checked in 3 months: household and the day last checked.
    unchecked: Vec<(Id, Option<Day>)>,
}

fn shown(store: &Store) -> Shown {
    let c = reports::coverage(store, today()).unwrap();
    let care = reports::care(store, today()).unwrap();
    let due = store
        .due_list(today(), 7, true, &Scope::everything(), usize::MAX)
        .unwrap();
    let overdue = reports::overdue(store, today()).unwrap();
    let unchecked = store
        .roster_unchecked(today(), Some(3), &Scope::everything(), usize::MAX)
        .unwrap()
        .rows;
    Shown {
        coverage: (c.total.households, c.total.visited),
        care: (care.households, care.on_time),
        written: (due.written.due, due.written.overdue),
        by_rule: (due.by_rule.due, due.by_rule.overdue),
        overdue: overdue.into_iter().map(|r| r.title).collect(),
        unchecked: unchecked
            .into_iter()
            .map(|r| (r.household, r.last_checked))
            .collect(),
    }
}

fn seen(at: Instant, staff: &str, visit: Id) -> Option<Seen> {
    Some(Seen {
        at,
        staff: staff.into(),
        visit,
    })
}

fn visit(household: Id, at: Instant, outcome: VisitOutcome, roster_checked: bool) -> NewVisit {
    NewVisit {
        household,
        at,
        purpose: VisitPurpose::Routine,
        outcome,
        met: vec![],
        findings: "上门了解情况。".into(),
        needs: vec![],
        knock_again: None,
        amends: None,
        roster_checked,
    }
}

/// The store's digests agree with its records: `check` has nothing to say.
fn sound(store: &Store) {
    assert_eq!(check(store).unwrap().problems, Vec::<String>::new());
}

#[test]
fn every_kind_of_write_keeps_the_lists_as_the_records_say() {
    let dir = tempfile::tempdir().unwrap();
    let store = common::small_store(dir.path());
    let d = |y, m, dd| day_of(ymd(y, m, dd));
    // The fixture: 5-1-101 met on 20 Nov; 5-1-102 not home on 10 Oct, its follow-up due
    // 30 Nov and its dispute due 20 Nov; nobody's roster checked; every household due a
    // visit by rule this week (registered today, or met 20 Nov), none overdue.
    let before = Shown {
        coverage: (4, 1),
        care: (1, 1),
        written: (1, 0),
        by_rule: (4, 0),
        overdue: vec![],
        unchecked: vec![(23, None), (20, None), (21, None), (22, None)],
    };
    assert_eq!(shown(&store), before);
    assert_eq!(
        store.digest(21).unwrap(),
        HouseholdDigest {
            last_visit: seen(oct(10), "zhangli", 201),
            last_met: None,
            roster_checked: None,
            open_followups: vec![(d(2026, 11, 30), 400)],
            open_disputes: vec![(d(2026, 11, 20), 300)],
        }
    );

    // A visit that met the family and checked the roster.
    let met = store
        .add_visit(
            "wangfang",
            &visit(21, nov(24), VisitOutcome::Met, true),
            nov(25),
        )
        .unwrap()
        .visit;
    assert_eq!(
        shown(&store),
        Shown {
            coverage: (4, 2),
            by_rule: (3, 0),
            unchecked: vec![(23, None), (20, None), (22, None)],
            ..before
        }
    );
    let after_visit = store.digest(21).unwrap();
    assert_eq!(
        (
            &after_visit.last_visit,
            &after_visit.last_met,
            &after_visit.roster_checked
        ),
        (
            &seen(nov(24), "wangfang", met.id),
            &seen(nov(24), "wangfang", met.id),
            &seen(nov(24), "wangfang", met.id)
        )
    );
    assert_eq!(
        store.last_roster_check(21).unwrap(),
        Some(local_day(nov(24)))
    );

    // Its correction an hour later, by someone else: the newest visit is the correction; the
    // meeting stays the last one met, as the visits say.
    let mut amend = visit(21, nov(24) + 3600, VisitOutcome::NotHome, false);
    amend.amends = Some(met.id);
    let amended = store.add_visit("zhangli", &amend, nov(25)).unwrap().visit;
    let after_amend = store.digest(21).unwrap();
    assert_eq!(
        (&after_amend.last_visit, &after_amend.last_met),
        (
            &seen(nov(24) + 3600, "zhangli", amended.id),
            &seen(nov(24), "wangfang", met.id)
        )
    );

    // The follow-up done: nothing written is open at 5-1-102 any more.
    store
        .complete_followup("zhangli", 400, "已上门", nov(25))
        .unwrap();
    let after_done = store.digest(21).unwrap();
    assert_eq!(
        (
            after_done.open_followups.len(),
            after_done.first_followup_due()
        ),
        (0, None)
    );

    // The dispute closed.
    store
        .advance_dispute(
            "zhangli",
            &DisputeStep {
                dispute: 300,
                to: DisputeStatus::Closed,
                outcome: Some(DisputeOutcome::Resolved),
                note: "双方达成一致".into(),
                seen: Some(DisputeStatus::Mediating),
            },
            nov(25),
        )
        .unwrap();
    let after_close = store.digest(21).unwrap();
    assert_eq!(
        (
            after_close.open_disputes.len(),
            after_close.first_dispute_deadline()
        ),
        (0, None)
    );
    // A follow-up overdue since 20 Nov at 3-1-201 shows in the overdue list and the counts.
    store
        .write("zhangli", |t| {
            t.put(&FollowUp {
                id: 402,
                household: 23,
                source: FollowUpSource::Manual,
                title: "修理楼道灯".into(),
                due: d(2026, 11, 20),
                owner: "zhangli".into(),
                done: None,
            })
        })
        .unwrap();
    assert_eq!(
        shown(&store),
        Shown {
            coverage: (4, 2),
            written: (1, 1),
            by_rule: (3, 0),
            overdue: vec!["修理楼道灯".into()],
            unchecked: vec![(23, None), (20, None), (22, None)],
            ..before
        }
    );
    assert_eq!(
        store.digest(23).unwrap().open_followups,
        vec![(d(2026, 11, 20), 402)]
    );
    sound(&store);
}

#[test]
fn a_visit_synced_from_a_laptop_moves_the_servers_lists() {
    let dir = tempfile::tempdir().unwrap();
    let (server, laptop): (Local, Local) = common::sync::server_and_laptop(dir.path(), "zhangli");
    laptop
        .store()
        .add_visit(
            "zhangli",
            &visit(22, nov(23), VisitOutcome::Met, true),
            nov(25),
        )
        .unwrap();
    assert_eq!(shown(server.store()).coverage, (4, 1));
    common::sync::sync_as(&laptop, &server, "community-server");
    let s = shown(server.store());
    assert_eq!(
        (s.coverage, s.unchecked),
        ((4, 2), vec![(23, None), (20, None), (21, None)])
    );
    let met = server.store().digest(22).unwrap().last_met.unwrap();
    assert_eq!((met.at, met.staff.as_str()), (nov(23), "zhangli"));
    // The laptop derived its own from its first copy and its own visit: the same.
    assert_eq!(
        laptop.store().digest(22).unwrap(),
        server.store().digest(22).unwrap()
    );
    sound(server.store());
    sound(laptop.store());
}

#[test]
fn a_roster_import_adds_households_the_lists_count_as_never_visited() {
    let dir = tempfile::tempdir().unwrap();
    let store = common::small_store(dir.path());
    let csv = "社区,楼栋,单元,房号,姓名,关系,性别,出生日期,电话\n\
               花苑社区,5,2,302,钱多多,户主,男,1970-01-01,13900000001\n";
    let (table, format) = Table::from_bytes(csv.as_bytes()).unwrap();
    let r = roster::read(&table, Some(format));
    let out = store
        .import_roster("zhangli", &r, &ImportOptions::default(), &|_, _, _| {})
        .unwrap();
    assert!(out.problems.errors.is_empty(), "{:?}", out.problems);
    let s = shown(&store);
    assert_eq!((s.coverage, s.unchecked.len()), ((5, 1), 5));
    sound(&store);
}

#[test]
fn check_says_which_digest_was_wrong_and_writes_it_again() {
    let dir = tempfile::tempdir().unwrap();
    let store = common::small_store(dir.path());
    let right = store.digest(20).unwrap();
    // A digest that says 5-1-101 was last met in October.
    let wrong = HouseholdDigest {
        last_met: seen(oct(1), "zhangli", 200),
        ..right
    };
    store
        .tree(TreeId::HouseholdDigests)
        .insert(keys::id(20), codec::encode(&wrong).unwrap())
        .unwrap();
    let report = check(&store).unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    assert_eq!(
        report.mended,
        vec!["household_digests: 1 digests disagreed with their households' visits, follow-ups and disputes (first: household 20); they were written again from the records".to_string()]
    );
    assert_eq!(
        store.digest(20).unwrap().last_met,
        seen(nov(20), "zhangli", 200)
    );
    assert_eq!(shown(&store).care, (1, 1));
    sound(&store);
}

#[test]
fn a_store_written_before_digests_builds_them_on_open_and_its_lists_agree() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("store");
    let (shown_then, digests_then) = {
        let store = common::small_store(&data);
        store
            .add_visit(
                "wangfang",
                &visit(22, nov(24), VisitOutcome::Met, true),
                nov(25),
            )
            .unwrap();
        let then = (
            shown(&store),
            [20, 21, 22, 23].map(|h| store.digest(h).unwrap()),
        );
        // What an older gridbook leaves: no digests, no visits by time, no mark of them.
        store.tree(TreeId::HouseholdDigests).clear().unwrap();
        store.tree(TreeId::VisitsByTime).clear().unwrap();
        store.tree(TreeId::Meta).remove(b"digests/v1").unwrap();
        store.durable().unwrap();
        then
    };
    common::wait_until_released(&data);
    let store = Store::open(&data, OpenOptions::default()).unwrap();
    assert_eq!(
        store.notices,
        vec!["built the household digests (3 households) and the visits-by-time index (3 visits) this gridbook keeps for its lists".to_string()]
    );
    assert_eq!(shown(&store), shown_then);
    assert_eq!(
        [20, 21, 22, 23].map(|h| store.digest(h).unwrap()),
        digests_then
    );
    assert_eq!(
        reports::visit_times(&store, local_day(oct(1)), local_day(nov(30)))
            .unwrap()
            .into_iter()
            .map(|(_, id)| id)
            .collect::<Vec<_>>()
            .len(),
        3
    );
    sound(&store);
    drop(store);
    common::wait_until_released(&data);
    // Once: the next open has nothing to build.
    let store = Store::open(&data, OpenOptions::default()).unwrap();
    assert!(store.notices.is_empty(), "{:?}", store.notices);
    let log = std::fs::read_to_string(data.join("gridbook.log")).unwrap_or_default();
    assert_eq!(log.matches("built the household digests").count(), 1);
}

#[test]
fn the_command_line_check_says_a_wrong_digest_was_mended_and_nothing_else_is_needed() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("store");
    {
        let store = common::small_store(&data);
        let wrong = HouseholdDigest {
            last_met: seen(oct(1), "zhangli", 200),
            ..store.digest(20).unwrap()
        };
        store
            .tree(TreeId::HouseholdDigests)
            .insert(keys::id(20), codec::encode(&wrong).unwrap())
            .unwrap();
        store.durable().unwrap();
    }
    common::wait_until_released(&data);
    let (code, out, err) = common::cli(dir.path(), &["check"]);
    assert_eq!(
        (code, out.as_str(), err.trim_end()),
        (
            1,
            "household_digests: 1 digests disagreed with their households' visits, follow-ups and disputes (first: household 20); they were written again from the records\n",
            "gridbook: the store had 1 problem, listed above, all mended: the household digests were written again from the records; nothing else is needed"
        )
    );
    // Mended: the next check finds the store sound.
    let (code, out, _) = common::cli(dir.path(), &["--lang", "zh", "check"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.starts_with("数据完好："), "{out}");
}

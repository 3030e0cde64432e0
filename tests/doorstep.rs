//! Doorstep work as a user relies on it: the dispute loop, visits with needs, what falls due
//! by rule, captains' patches, and the visit, followups and rules commands of the real binary.

mod common;

use common::{cli as gridbook, wait_until_released};

use std::process::Command;

use common::{nov, today};
use gridbook::model::rules::VisitRules;
use gridbook::model::time::{date_of, day_of, local_day, Day};
use gridbook::model::*;
use gridbook::store::captains::Doors;
use gridbook::store::check::check;
use gridbook::store::ops::{DisputeStep, Need, NewVisit};
use gridbook::store::{Store, TreeId};

fn problems(store: &Store) -> Vec<String> {
    check(store).unwrap().problems
}

fn open_ids(store: &Store) -> Vec<Id> {
    store.disputes(true).unwrap().iter().map(|d| d.id).collect()
}

fn step(
    dispute: Id,
    to: DisputeStatus,
    outcome: Option<DisputeOutcome>,
    note: &str,
) -> DisputeStep {
    DisputeStep {
        dispute,
        to,
        outcome,
        note: note.into(),
        seen: None,
    }
}

#[test]
fn a_dispute_runs_its_loop_from_found_to_closed_one_step_at_a_time() {
    let dir = tempfile::tempdir().unwrap();
    let store = common::small_store(dir.path());
    let case = store
        .open_dispute(
            "zhangli",
            &Dispute {
                id: 0,
                community: 2,
                grid: 3,
                household: Some(22),
                title: "楼道堆放杂物".into(),
                category: DisputeCategory::PropertyManagement,
                parties: vec![Party::Resident(104), Party::Resident(101)],
                place: "5栋2单元".into(),
                reported_at: nov(21),
                reported_by: "zhangli".into(),
                severity: Severity::Low,
                deadline: day_of(common::ymd(2026, 12, 5)),
                mediator: "zhangli".into(),
                status: DisputeStatus::Mediating,
                outcome: Some(DisputeOutcome::Resolved),
            },
            "单丽反映楼道被杂物堵塞",
        )
        .unwrap();
    assert_eq!(
        case.status,
        DisputeStatus::Found,
        "a new case starts at found"
    );
    assert_eq!(case.outcome, None);
    assert_eq!(open_ids(&store), vec![case.id, 300]);
    assert_eq!(store.tree(TreeId::OpenDisputes).len(), 2);
    assert_eq!(problems(&store), Vec::<String>::new());

    // Skipping a step is refused, and nothing is written.
    let err = store
        .advance_dispute(
            "zhangli",
            &step(case.id, DisputeStatus::Mediating, None, "直接调解"),
            nov(22),
        )
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "a case moves on one step at a time, or is closed"
    );
    assert_eq!(store.dispute_notes(case.id).unwrap().len(), 1);

    let steps = [
        (DisputeStatus::Received, "已接待双方", 22),
        (DisputeStatus::Mediating, "约双方到社区调解室", 23),
        (DisputeStatus::Handling, "物业清理楼道", 24),
        (DisputeStatus::Feedback, "回访单丽，楼道已通畅", 25),
    ];
    for (to, note, day) in steps {
        let d = store
            .advance_dispute("zhangli", &step(case.id, to, None, note), nov(day))
            .unwrap();
        assert_eq!(d.status, to);
        assert_eq!(open_ids(&store), vec![case.id, 300]);
        assert_eq!(problems(&store), Vec::<String>::new());
    }

    let err = store
        .advance_dispute(
            "zhangli",
            &step(case.id, DisputeStatus::Closed, None, "结案"),
            nov(26),
        )
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "closing a case needs its outcome: resolved, escalated or withdrawn"
    );
    assert_eq!(open_ids(&store), vec![case.id, 300]);

    let closed = store
        .advance_dispute(
            "zhangli",
            &step(
                case.id,
                DisputeStatus::Closed,
                Some(DisputeOutcome::Resolved),
                "双方签订调解协议",
            ),
            nov(26),
        )
        .unwrap();
    assert_eq!(closed.status, DisputeStatus::Closed);
    assert_eq!(closed.outcome, Some(DisputeOutcome::Resolved));
    assert_eq!(
        open_ids(&store),
        vec![300],
        "the closed case left the open list"
    );
    assert_eq!(store.tree(TreeId::OpenDisputes).len(), 1);
    assert_eq!(problems(&store), Vec::<String>::new());

    let err = store
        .advance_dispute(
            "zhangli",
            &step(case.id, DisputeStatus::Feedback, None, "再回访"),
            nov(27),
        )
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "this case is closed; open a new one if the trouble is back"
    );

    let timeline: Vec<(DisputeStatus, String, i64)> = store
        .dispute_notes(case.id)
        .unwrap()
        .into_iter()
        .map(|n| (n.status, n.text, n.at))
        .collect();
    assert_eq!(
        timeline,
        vec![
            (
                DisputeStatus::Found,
                "单丽反映楼道被杂物堵塞".into(),
                nov(21)
            ),
            (DisputeStatus::Received, "已接待双方".into(), nov(22)),
            (
                DisputeStatus::Mediating,
                "约双方到社区调解室".into(),
                nov(23)
            ),
            (DisputeStatus::Handling, "物业清理楼道".into(), nov(24)),
            (
                DisputeStatus::Feedback,
                "回访单丽，楼道已通畅".into(),
                nov(25)
            ),
            (DisputeStatus::Closed, "双方签订调解协议".into(), nov(26)),
        ]
    );
    assert_eq!(problems(&store), Vec::<String>::new());
}

fn visit_to(household: Id, at: i64, met: Vec<Id>, needs: Vec<Need>) -> NewVisit {
    NewVisit {
        household,
        at,
        purpose: VisitPurpose::CareCheck,
        outcome: VisitOutcome::Met,
        met,
        findings: "了解到家中需求".into(),
        needs,
        knock_again: None,
        amends: None,
        roster_checked: false,
    }
}

#[test]
fn a_visit_with_two_needs_leaves_two_follow_ups_for_the_visitor() {
    let dir = tempfile::tempdir().unwrap();
    let store = common::small_store(dir.path());
    let now = nov(25);
    let needs = vec![
        Need {
            title: "更换楼道灯".into(),
            due: today() + 2,
        },
        Need {
            title: "协助申请高龄补贴".into(),
            due: today() + 10,
        },
    ];
    let saved = store
        .add_visit("wangfang", &visit_to(22, now - 3600, vec![104], needs), now)
        .unwrap();
    assert_eq!(saved.visit.staff, "wangfang");
    assert_eq!(saved.visit.met, vec![104]);
    let got: Vec<(Id, FollowUpSource, &str, Day, &str)> = saved
        .followups
        .iter()
        .map(|f| {
            (
                f.household,
                f.source,
                f.title.as_str(),
                f.due,
                f.owner.as_str(),
            )
        })
        .collect();
    let from = FollowUpSource::Visit(saved.visit.id);
    assert_eq!(
        got,
        vec![
            (
                22,
                from,
                "更换楼道灯",
                day_of(common::ymd(2026, 11, 27)),
                "wangfang"
            ),
            (
                22,
                from,
                "协助申请高龄补贴",
                day_of(common::ymd(2026, 12, 5)),
                "wangfang"
            ),
        ]
    );
    let open: Vec<String> = store
        .household_detail(22)
        .unwrap()
        .followups
        .into_iter()
        .map(|f| f.title)
        .collect();
    assert_eq!(open, vec!["更换楼道灯", "协助申请高龄补贴"]);
    assert_eq!(store.last_visit(22).unwrap(), Some(now - 3600));
    assert_eq!(store.stats().unwrap().followups, 3);
    assert_eq!(problems(&store), Vec::<String>::new());
}

#[test]
fn a_visit_naming_a_neighbour_as_met_or_in_the_future_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let store = common::small_store(dir.path());
    let before = store.stats().unwrap();
    let now = nov(25);
    let need = || {
        vec![Need {
            title: "更换楼道灯".into(),
            due: today() + 2,
        }]
    };

    // 曾小明 (101) lives at 5-1-102, not 5-2-301.
    let err = store
        .add_visit(
            "zhangli",
            &visit_to(22, now - 3600, vec![104, 101], need()),
            now,
        )
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "a resident marked as met does not live at 5-2-301"
    );
    assert_eq!(store.stats().unwrap(), before, "nothing was written");
    assert_eq!(store.last_visit(22).unwrap(), None);
    assert_eq!(problems(&store), Vec::<String>::new());

    let err = store
        .add_visit("zhangli", &visit_to(22, now + 3600, vec![104], need()), now)
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "the visit time is in the future; give the time the door was knocked on"
    );
    assert_eq!(store.stats().unwrap(), before, "nothing was written");
    assert_eq!(problems(&store), Vec::<String>::new());
}

fn due_addresses(store: &Store, day: Day) -> (Vec<(String, String)>, usize) {
    let list = store
        .due_list(
            day,
            0,
            true,
            &gridbook::model::scope::Scope::everything(),
            usize::MAX,
        )
        .unwrap();
    let items = list
        .items
        .iter()
        .map(|i| (i.address.to_string(), date_of(i.due).to_string()))
        .collect();
    (items, list.overdue)
}

#[test]
fn visits_fall_due_by_rule_on_the_right_day() {
    let dir = tempfile::tempdir().unwrap();
    let store = common::small_store(dir.path());
    // 周官萍 (elderly alone, 7 days) was visited on 20 Nov: due 27 Nov. 5-1-102 was visited on
    // 10 Oct: due in January by the 90-day rule, and its written follow-up is due 30 Nov.
    // Nobody has been met at 5-1-102 (not home), 5-2-301 or 3-1-201: they are due from the
    // day the fixture registered them, 25 Nov, and overdue after it.
    let pair = |a: &str, d: &str| (a.to_string(), d.to_string());
    assert_eq!(
        due_addresses(&store, today()),
        (
            vec![
                pair("5-1-102", "2026-11-25"),
                pair("5-2-301", "2026-11-25"),
                pair("3-1-201", "2026-11-25"),
            ],
            0
        )
    );
    assert_eq!(
        due_addresses(&store, today() + 2),
        (
            vec![
                pair("5-1-102", "2026-11-25"),
                pair("5-2-301", "2026-11-25"),
                pair("3-1-201", "2026-11-25"),
                pair("5-1-101", "2026-11-27"),
            ],
            3
        )
    );

    let mut rules = VisitRules::default();
    for (tag, days) in rules.per_tag.iter_mut() {
        if *tag == CareTag::ElderlyAlone {
            *days = 3;
        }
    }
    store.set_visit_rules("admin", &rules).unwrap();
    assert_eq!(store.visit_rules().unwrap(), rules);
    assert_eq!(
        due_addresses(&store, today()),
        (
            vec![
                pair("5-1-101", "2026-11-23"),
                pair("5-1-102", "2026-11-25"),
                pair("5-2-301", "2026-11-25"),
                pair("3-1-201", "2026-11-25"),
            ],
            1
        ),
        "周官萍 is two days overdue under a 3-day rule"
    );
}

#[test]
fn when_a_household_was_last_met_is_read_from_the_index_and_from_older_stores_alike() {
    let dir = tempfile::tempdir().unwrap();
    let store = common::small_store(dir.path());
    // 5-1-101 was met on 20 Nov; 5-1-102 was not home on 10 Oct. Then a knock at 5-1-101 on
    // 24 Nov finds nobody home: it was still last met on 20 Nov.
    let mut not_home = visit_to(20, nov(24), vec![], vec![]);
    not_home.outcome = VisitOutcome::NotHome;
    store.add_visit("zhangli", &not_home, nov(25)).unwrap();
    let entries = |store: &Store| -> Vec<Vec<u8>> {
        store
            .tree(TreeId::VisitsByHousehold)
            .iter()
            .values()
            .map(|v| v.unwrap().to_vec())
            .collect()
    };
    // Each entry holds its visit's outcome: 1 met, 2 not home.
    let mut held = entries(&store);
    held.sort();
    assert_eq!(held, vec![vec![1], vec![2], vec![2]]);
    assert_eq!(store.last_met(20).unwrap(), Some(nov(20)));
    assert_eq!(store.last_visit(20).unwrap(), Some(nov(24)));
    assert_eq!(store.last_met(21).unwrap(), None);
    let before = due_addresses(&store, today() + 2);
    assert_eq!(
        before.0[3],
        ("5-1-101".to_string(), "2026-11-27".to_string())
    );

    // A store written before entries kept the outcome: the visits themselves are read.
    let index = store.tree(TreeId::VisitsByHousehold);
    let keys: Vec<_> = index.iter().keys().map(|k| k.unwrap()).collect();
    for k in keys {
        index.insert(k, &[][..]).unwrap();
    }
    assert_eq!(entries(&store), vec![Vec::<u8>::new(); 3]);
    assert_eq!(store.last_met(20).unwrap(), Some(nov(20)));
    assert_eq!(store.last_met(21).unwrap(), None);
    assert_eq!(due_addresses(&store, today() + 2), before);
    assert_eq!(problems(&store), Vec::<String>::new());

    // An entry that says "not home" for a visit that met someone is found by check.
    let met = index
        .iter()
        .keys()
        .map(|k| k.unwrap())
        .find(|k| k.ends_with(&200u64.to_be_bytes()))
        .unwrap();
    index.insert(&met, &[2u8][..]).unwrap();
    assert_eq!(
        problems(&store),
        vec![format!(
            "idx_visits_by_household: 1 entries hold a value their record does not say (first: {})",
            met.iter().map(|b| format!("{b:02x}")).collect::<String>()
        )]
    );
}

/// (building, entrance)
type Door = (u32, u8);

fn coverage(store: &Store) -> Vec<(Id, u32, u32, u32)> {
    store
        .captain_rows(today(), &|_, _| true)
        .unwrap()
        .iter()
        .map(|r| {
            (
                r.captain.id,
                r.households,
                r.visits_this_month,
                r.unvisited_30,
            )
        })
        .collect()
}

#[test]
fn captains_patches_are_counted_assigned_and_rebalanced() {
    let dir = tempfile::tempdir().unwrap();
    let store = common::small_store(dir.path());
    // 单丽 covers all four households; one visit this month (5-1-101 on 20 Nov); 5-1-102 was
    // last visited 46 days ago and the other two never.
    assert_eq!(coverage(&store), vec![(90, 4, 1, 3)]);

    store
        .write("fixture", |t| {
            t.put(&BuildingCaptain {
                id: 91,
                resident: 101,
                community: 2,
                grid: 3,
                name: "曾小明".into(),
                phone: "13800000101".into(),
            })
        })
        .unwrap();
    assert_eq!(coverage(&store), vec![(90, 4, 1, 3), (91, 0, 0, 0)]);

    let moved = store
        .assign_doors("zhangli", 91, &Doors::Address("3".into()))
        .unwrap();
    assert_eq!(moved, 1, "building 3 has one household");
    assert_eq!(coverage(&store), vec![(90, 3, 1, 2), (91, 1, 0, 1)]);
    assert_eq!(problems(&store), Vec::<String>::new());

    // Whole entrances in door order (3-1 | 5-1, 5-2), two each as near as they go: already so.
    let p = store.rebalance_proposal(3).unwrap();
    assert_eq!(p.moves, vec![]);
    let patches: Vec<(Id, usize, usize, Vec<Door>)> = p
        .patches
        .iter()
        .map(|x| (x.captain, x.before, x.after, x.entrances.clone()))
        .collect();
    assert_eq!(
        patches,
        vec![(90, 3, 3, vec![(5, 1), (5, 2)]), (91, 1, 1, vec![(3, 1)]),]
    );

    // Give 曾小明 building 5 too; the rebalance hands building 3 back to 单丽.
    let moved = store
        .assign_doors("zhangli", 91, &Doors::Address("5".into()))
        .unwrap();
    assert_eq!(moved, 3);
    assert_eq!(coverage(&store), vec![(90, 0, 0, 0), (91, 4, 1, 3)]);
    let p = store.rebalance_proposal(3).unwrap();
    assert_eq!(p.moves, vec![(23, 90)]);
    let sizes: Vec<(Id, usize, usize)> = p
        .patches
        .iter()
        .map(|x| (x.captain, x.before, x.after))
        .collect();
    assert_eq!(sizes, vec![(90, 0, 1), (91, 4, 3)]);
    let moves: Vec<(Id, Option<Id>)> = p.moves.iter().map(|(h, c)| (*h, Some(*c))).collect();
    store.apply_moves("zhangli", &moves).unwrap();
    assert_eq!(coverage(&store), vec![(90, 1, 0, 1), (91, 3, 1, 2)]);
    assert_eq!(store.tree(TreeId::HouseholdsByCaptain).len(), 4);
    assert_eq!(problems(&store), Vec::<String>::new());
}

fn fixture_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    drop(common::small_store(&dir.path().join("store")));
    wait_until_released(&dir.path().join("store"));
    dir
}

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

#[test]
fn a_not_home_visit_from_the_command_line_schedules_a_knock_again() {
    let dir = fixture_dir();
    let (code, out, err) = gridbook(
        dir.path(),
        &[
            "visit",
            "add",
            "5-1-102",
            "--outcome",
            "not-home",
            "--at",
            "2026-11-24 10:00",
        ],
    );
    assert_eq!((code, err.as_str()), (0, ""));
    assert_eq!(
        out,
        "saved visit to 5-1-102 (曾小明 household) at 2026-11-24 10:00: not-home and 1 follow-up\n"
    );

    // Due three days after the knock (27 Nov), or today if that has passed.
    let today_now = local_day(gridbook::model::time::now());
    let want_due = |d: Day| date_of(d.max(day_of(common::ymd(2026, 11, 27)))).to_string();
    let (code, out, err) = gridbook(dir.path(), &["followups", "--json"]);
    assert_eq!((code, err.as_str()), (0, ""));
    let items = json(&out);
    let knocks: Vec<&serde_json::Value> = items
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["kind"] == "followup" && i["address"] == "5-1-102")
        .collect();
    let mut dues: Vec<&str> = knocks.iter().map(|i| i["due"].as_str().unwrap()).collect();
    dues.retain(|d| *d != "2026-11-30");
    // The fixture's own knock-again is due 30 Nov; the new one is the other. The day may have
    // turned between the command and this line, so yesterday's answer is accepted too.
    let (now, then) = (want_due(today_now), want_due(today_now - 1));
    assert!(
        knocks.len() == 2 && dues.len() == 1 && (dues[0] == now || dues[0] == then),
        "{out}"
    );
    for k in knocks {
        assert_eq!(k["title"], "再次上门");
        assert_eq!(k["community"], "花苑社区");
        assert_eq!(k["head"], "曾小明");
    }
}

#[test]
fn bad_visits_from_the_command_line_say_what_was_wrong() {
    let dir = fixture_dir();
    assert_eq!(
        gridbook(dir.path(), &["visit", "add", "9-9-909", "--outcome", "met"]),
        (
            1,
            String::new(),
            "gridbook: no household has the address 9-9-909; check it in the browse screen\n"
                .into()
        )
    );
    let (code, out, _) = gridbook(
        dir.path(),
        &["visit", "add", "5-1-102", "--outcome", "maybe"],
    );
    assert_eq!(
        (code, out.as_str()),
        (2, ""),
        "an unknown outcome is a usage error"
    );
    let (code, out, err) = gridbook(
        dir.path(),
        &[
            "visit",
            "add",
            "5-1-102",
            "--outcome",
            "met",
            "--at",
            "2999-01-01 10:00",
        ],
    );
    assert_eq!(
        (code, out.as_str(), err.as_str()),
        (
            1,
            "",
            "gridbook: the visit time is in the future; give the time the door was knocked on\n"
        )
    );
    let (code, _, err) = gridbook(
        dir.path(),
        &[
            "visit",
            "add",
            "5-1-102",
            "--outcome",
            "met",
            "--need",
            "换灯@下周",
        ],
    );
    assert_eq!(
        (code, err.as_str()),
        (
            1,
            "gridbook: the due day “下周” in --need is not a date; write it as TEXT@2026-12-01, TEXT@12-01 or “TEXT +3”\n"
        )
    );
    let (_, out, _) = gridbook(dir.path(), &["stats", "--json"]);
    assert_eq!(json(&out)["visits"], 2, "no bad visit was written");
}

#[test]
fn an_address_in_two_communities_needs_the_community_named() {
    let dir = tempfile::tempdir().unwrap();
    let store = common::small_store(&dir.path().join("store"));
    common::two_communities(&store);
    drop(store);
    wait_until_released(&dir.path().join("store"));

    let args = [
        "visit",
        "add",
        "5-1-102",
        "--outcome",
        "met",
        "--at",
        "2026-11-25 08:00",
    ];
    let (code, out, err) = gridbook(dir.path(), &args);
    assert_eq!(
        (code, out.as_str(), err.as_str()),
        (
            1,
            "",
            "gridbook: the address 5-1-102 is in 东裕社区 and 花苑社区; write the community before it, as “花苑社区 5-1-102”\n"
        )
    );
    let (code, out, err) = gridbook(
        dir.path(),
        &[&args[..], &["--community", "东裕", "--json"]].concat(),
    );
    assert_eq!((code, err.as_str()), (0, ""));
    let saved = json(&out);
    assert_eq!(saved["visit"]["address"], "5-1-102");
    assert_eq!(saved["visit"]["community"], "东裕社区");
    assert_eq!(saved["visit"]["head"], "欧阳春");
    assert_eq!(saved["visit"]["outcome"], "met");
    assert_eq!(saved["visit"]["purpose"], "routine");
    assert_eq!(saved["followups"], serde_json::json!([]));

    let (code, _, err) = gridbook(
        dir.path(),
        &[
            "visit",
            "add",
            "5-2-301",
            "--outcome",
            "met",
            "--community",
            "东裕社区",
        ],
    );
    assert_eq!(
        (code, err.as_str()),
        (
            1,
            "gridbook: no household in 东裕社区 has the address 5-2-301; it is in 花苑社区\n"
        )
    );
}

#[test]
fn overdue_follow_ups_and_visits_from_the_command_line() {
    let dir = fixture_dir();
    let (code, out, err) = gridbook(
        dir.path(),
        &["followups", "--overdue", "--json", "--today", "2026-12-01"],
    );
    assert_eq!((code, err.as_str()), (0, ""));
    assert_eq!(
        json(&out),
        serde_json::json!([
            {
                "address": "5-1-102",
                "community": "花苑社区",
                "head": "曾小明",
                "kind": "visit",
                "title": "visit due every 90 days, never met",
                "due": "2026-11-25",
                "overdue_days": 6,
                "id": null
            },
            {
                "address": "5-2-301",
                "community": "花苑社区",
                "head": "单丽",
                "kind": "visit",
                "title": "visit due every 90 days, never met",
                "due": "2026-11-25",
                "overdue_days": 6,
                "id": null
            },
            {
                "address": "3-1-201",
                "community": "花苑社区",
                "head": "解放",
                "kind": "visit",
                "title": "visit due every 90 days, never met",
                "due": "2026-11-25",
                "overdue_days": 6,
                "id": null
            },
            {
                "address": "5-1-101",
                "community": "花苑社区",
                "head": "周官萍",
                "kind": "visit",
                "title": "visit due every 7 days, last met 2026-11-20",
                "due": "2026-11-27",
                "overdue_days": 4,
                "id": null
            },
            {
                "address": "5-1-102",
                "community": "花苑社区",
                "head": "曾小明",
                "kind": "followup",
                "title": "再次上门",
                "due": "2026-11-30",
                "overdue_days": 1,
                "id": 400
            }
        ])
    );

    // Under a 3-day rule for elderly people living alone, 周官萍 was due on 23 Nov.
    let (code, out, _) = gridbook(dir.path(), &["rules", "set", "独居老人", "3"]);
    assert_eq!(
        (code, out.as_str()),
        (
            0,
            "elderly_alone (独居老人) households are now due a visit every 3 days\n"
        )
    );
    let (_, out, _) = gridbook(
        dir.path(),
        &["followups", "--overdue", "--json", "--today", "2026-11-25"],
    );
    let got: Vec<(String, i64)> = json(&out)
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["address"].as_str().unwrap().into(),
                i["overdue_days"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(got, vec![("5-1-101".to_string(), 2)]);
    let (_, out, _) = gridbook(dir.path(), &["rules", "show", "--json"]);
    assert_eq!(json(&out)["per_tag"]["elderly_alone"], 3);
    assert_eq!(json(&out)["default"], 90);
    let (code, _, _) = gridbook(dir.path(), &["rules", "set", "老人", "3"]);
    assert_eq!(code, 2, "an unknown care tag is a usage error");
}

#[test]
fn meeting_the_household_settles_the_knock_again_that_not_home_left() {
    let dir = tempfile::tempdir().unwrap();
    let store = common::small_store(dir.path());
    let open_titles = |store: &Store| -> Vec<(String, bool)> {
        let mut v: Vec<(String, bool)> = store
            .household_detail(22)
            .unwrap()
            .followups
            .iter()
            .map(|f| {
                (
                    f.title.clone(),
                    matches!(f.source, FollowUpSource::KnockAgain(_)),
                )
            })
            .collect();
        v.sort();
        v
    };
    let mut not_home = visit_to(
        22,
        nov(24),
        vec![],
        vec![Need {
            title: "送药".into(),
            due: today() + 2,
        }],
    );
    not_home.outcome = VisitOutcome::NotHome;
    not_home.knock_again = Some(Need {
        title: "再次上门".into(),
        due: today() + 3,
    });
    store.add_visit("zhangli", &not_home, nov(25)).unwrap();
    assert_eq!(
        open_titles(&store),
        vec![("再次上门".to_string(), true), ("送药".to_string(), false)]
    );
    store
        .add_visit(
            "zhangli",
            &visit_to(22, nov(25), vec![104], vec![]),
            nov(25),
        )
        .unwrap();
    assert_eq!(
        open_titles(&store),
        vec![("送药".to_string(), false)],
        "the knock-again is settled by meeting them; the written need stays"
    );
    assert_eq!(problems(&store), Vec::<String>::new());
}

#[test]
fn a_note_longer_than_four_thousand_characters_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let store = common::small_store(dir.path());
    let mut v = visit_to(22, nov(24), vec![104], vec![]);
    v.findings = "很".repeat(4001);
    let err = store.add_visit("zhangli", &v, nov(25)).unwrap_err();
    assert_eq!(
        err.to_string(),
        "the findings are longer than 4000 characters; shorten them"
    );
    assert_eq!(store.stats().unwrap().visits, 2);
}

#[test]
fn output_into_a_pipe_closed_early_ends_quietly() {
    let dir = tempfile::tempdir().unwrap();
    drop(common::small_store(dir.path()));
    // `gridbook followups | head -0`: the reader is gone before the first line is written.
    let mut child = Command::new(env!("CARGO_BIN_EXE_gridbook"))
        .env("GRIDBOOK_IN_PROCESS", "1")
        .env("LANG", "C")
        .arg("--data")
        .arg(dir.path())
        .args(["followups", "--days", "3650"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr, "", "nothing on stderr, no panic");
    use std::os::unix::process::ExitStatusExt;
    assert!(
        out.status.success() || out.status.signal() == Some(libc::SIGPIPE),
        "{:?}",
        out.status
    );
}

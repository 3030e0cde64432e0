//! Building captains made, retired, their doors and phones, scope on each write; and the
//! roster check a visit records (人口信息核实) with the report of rosters not checked.

mod common;

use common::{nov, oct, small_store, today, ymd};
use gridbook::model::rules::VisitRules;
use gridbook::model::scope::Scope;
use gridbook::model::time::{day_of, Day, Instant};
use gridbook::model::*;
use gridbook::store::captains::{CaptainDoor, Doors};
use gridbook::store::check::check;
use gridbook::store::ops::NewVisit;
use gridbook::store::{codec, keys, Meta, Store, Stored, TreeId};

const OUTSIDE: &str = "that is outside the grids you look after; ask a street admin if you need it";

/// 张丽, grid captain of 第一网格 (grid 3) only.
fn grid_three(store: &Store) -> Scope {
    let grids: Vec<Grid> = store.all::<Grid>().map(|g| g.unwrap()).collect();
    let staff = Staff {
        user: "zhangli".into(),
        display_name: "张丽".into(),
        role: Role::GridCaptain,
        grids: vec![3],
        communities: vec![],
    };
    Scope::of(&staff, &grids)
}

fn doors(store: &Store, captain: Id) -> Vec<(String, String)> {
    store
        .captain_doors(captain)
        .unwrap()
        .into_iter()
        .map(|d: CaptainDoor| (d.address.to_string(), d.head))
        .collect()
}

fn captains_of(store: &Store) -> Vec<Option<Id>> {
    [20, 21, 22, 23]
        .iter()
        .map(|h| store.get_id::<Household>(*h).unwrap().unwrap().captain)
        .collect()
}

fn err(r: Result<impl std::fmt::Debug, gridbook::store::StoreError>) -> String {
    r.unwrap_err().to_string()
}

#[test]
fn a_resident_becomes_a_captain_once_with_her_households_grid_and_phone() {
    let dir = tempfile::tempdir().unwrap();
    let store = small_store(dir.path());
    let changes = store.tree(TreeId::Changes).len();
    let c = store
        .add_captain("zhangli", &Scope::everything(), 101)
        .unwrap();
    assert_eq!(
        c,
        BuildingCaptain {
            id: 1001,
            resident: 101,
            community: 2,
            grid: 3,
            name: "曾小明".into(),
            phone: "13800000101".into(),
        }
    );
    assert_eq!(store.get_id::<BuildingCaptain>(1001).unwrap(), Some(c));
    assert_eq!(store.tree(TreeId::Changes).len(), changes + 1, "synced");
    let trail = store.history(TreeId::Captains, &keys::id(1001)).unwrap();
    assert_eq!(
        (trail.len(), trail[0].by.as_str(), trail[0].before.is_none()),
        (1, "zhangli", true)
    );

    assert_eq!(
        err(store.add_captain("zhangli", &Scope::everything(), 101)),
        "曾小明 is a building captain already; change the captain's doors or phone instead"
    );
    assert_eq!(
        err(store.add_captain("zhangli", &Scope::everything(), 104)),
        "单丽 is a building captain already; change the captain's doors or phone instead"
    );
    assert_eq!(
        err(store.add_captain("zhangli", &Scope::everything(), 999)),
        "there is no resident 999"
    );
    assert_eq!(store.count(TreeId::Captains).unwrap(), 2);
}

#[test]
fn a_captains_doors_come_in_door_order_with_their_heads() {
    let dir = tempfile::tempdir().unwrap();
    let store = small_store(dir.path());
    assert_eq!(
        doors(&store, 90),
        vec![
            ("3-1-201".into(), "解放".into()),
            ("5-1-101".into(), "周官萍".into()),
            ("5-1-102".into(), "曾小明".into()),
            ("5-2-301".into(), "单丽".into()),
        ]
    );
    assert_eq!(
        err(store.captain_doors(7)),
        "there is no building captain 7"
    );
}

#[test]
fn a_captains_phone_is_changed_normalised_and_audited_before_and_after() {
    let dir = tempfile::tempdir().unwrap();
    let store = small_store(dir.path());
    let c = store
        .set_captain_phone("zhangli", &Scope::everything(), 90, "138 0000 9999")
        .unwrap();
    assert_eq!(c.phone, "13800009999");
    let trail = store.history(TreeId::Captains, &keys::id(90)).unwrap();
    let phone = |b: &Option<Vec<u8>>| {
        codec::decode::<Stored<BuildingCaptain>>(b.as_ref().unwrap())
            .unwrap()
            .value
            .phone
    };
    let last = trail.last().unwrap();
    assert_eq!(
        (phone(&last.before), phone(&last.after)),
        ("13800000104".to_string(), "13800009999".to_string())
    );
    assert_eq!(
        err(store.set_captain_phone("zhangli", &Scope::everything(), 90, "12345")),
        "the phone “12345” is neither an 11-digit mobile nor a landline with its area code; write it as 13812345678 or 0760-88123456"
    );
    assert_eq!(
        store.get_id::<BuildingCaptain>(90).unwrap().unwrap().phone,
        "13800009999"
    );
}

#[test]
fn a_retired_captains_doors_have_no_captain_and_are_given_out_first() {
    let dir = tempfile::tempdir().unwrap();
    let store = small_store(dir.path());
    // 曾小明 takes building 3 from 单丽 first; the undo would hand it back to her.
    let zeng = store
        .add_captain("zhangli", &Scope::everything(), 101)
        .unwrap()
        .id;
    let plan = store
        .assign_plan(zeng, &Doors::Address("3".into()))
        .unwrap();
    let undo = store.apply_moves("zhangli", &plan.to_captain()).unwrap();
    assert_eq!(undo, vec![(23, Some(90))]);

    let tombstones = store.tree(TreeId::Tombstones).len();
    assert_eq!(
        store
            .retire_captain("zhangli", &Scope::everything(), 90)
            .unwrap(),
        3
    );
    assert_eq!(captains_of(&store), vec![None, None, None, Some(zeng)]);
    assert_eq!(store.get_id::<BuildingCaptain>(90).unwrap(), None);
    assert_eq!(store.tree(TreeId::Tombstones).len(), tombstones + 1);
    assert_eq!(
        store
            .captain_rows(today(), &|_, _| true)
            .unwrap()
            .iter()
            .map(|r| (r.captain.name.clone(), r.households))
            .collect::<Vec<_>>(),
        vec![("曾小明".to_string(), 1)]
    );
    assert_eq!(check(&store).unwrap().problems, Vec::<String>::new());

    // The rebalance gives 单丽's three doors out before anything else.
    let p = store.rebalance_proposal(3).unwrap();
    assert_eq!(p.moves, vec![(20, zeng), (21, zeng), (22, zeng)]);
    assert_eq!((p.patches[0].before, p.patches[0].after), (1, 4), "{p:?}");

    // Undoing the earlier reassignment would give building 3 back to a retired captain.
    assert_eq!(
        err(store.apply_moves("zhangli", &undo)),
        "building captain 90 has retired or is not on file; give these doors to another captain"
    );
    assert_eq!(captains_of(&store)[3], Some(zeng), "nothing written");
    assert_eq!(
        err(store.retire_captain("zhangli", &Scope::everything(), 90)),
        "there is no building captain 90"
    );
}

#[test]
fn a_reassignment_asks_first_across_grids_and_over_sixty_and_is_undone() {
    let dir = tempfile::tempdir().unwrap();
    let store = small_store(dir.path());
    common::add_second_grid(&store);
    // Building 7 is in 第二网格.
    let plan = store.assign_plan(90, &Doors::Address("7".into())).unwrap();
    assert_eq!(
        (
            plan.moves.clone(),
            plan.other_grids.clone(),
            plan.before,
            plan.after,
            plan.asks()
        ),
        (
            vec![(24, None)],
            vec![("第二网格".to_string(), 1)],
            4,
            5,
            true
        )
    );
    let undo = store.apply_moves("zhangli", &plan.to_captain()).unwrap();
    assert_eq!(
        store.get_id::<Household>(24).unwrap().unwrap().captain,
        Some(90)
    );
    assert_eq!(undo, vec![(24, None)]);
    assert_eq!(
        store.apply_moves("zhangli", &undo).unwrap(),
        vec![(24, Some(90))]
    );
    assert_eq!(
        store.get_id::<Household>(24).unwrap().unwrap().captain,
        None
    );

    // 60 more doors in building 3 would give 单丽 64 households.
    store
        .write("fixture", |t| {
            for i in 0..60u16 {
                let mut h =
                    common::household(500 + i as Id, 11, &format!("3-2-{}", 101 + i), 105, vec![]);
                h.captain = None;
                t.put(&h)?;
            }
            Ok(())
        })
        .unwrap();
    let plan = store.assign_plan(90, &Doors::Address("3".into())).unwrap();
    assert_eq!(
        (
            plan.moves.len(),
            plan.other_grids.len(),
            plan.before,
            plan.after,
            plan.asks()
        ),
        (60, 0, 4, 64, true)
    );
    let plan = store
        .assign_plan(90, &Doors::Range("3-2-101".into(), "3-2-156".into()))
        .unwrap();
    assert_eq!((plan.after, plan.asks()), (60, false));
}

#[test]
fn a_grid_captain_changes_captains_and_doors_only_in_her_grids() {
    let dir = tempfile::tempdir().unwrap();
    let store = small_store(dir.path());
    common::add_second_grid(&store);
    let mine = grid_three(&store);
    // 查文 lives in 第二网格.
    assert_eq!(err(store.add_captain("zhangli", &mine, 106)), OUTSIDE);
    assert_eq!(store.count(TreeId::Captains).unwrap(), 1, "nothing written");
    let zha = store
        .add_captain("admin", &Scope::everything(), 106)
        .unwrap();
    assert_eq!((zha.community, zha.grid), (2, 4));

    assert_eq!(err(store.retire_captain("zhangli", &mine, zha.id)), OUTSIDE);
    assert_eq!(
        err(store.set_captain_phone("zhangli", &mine, zha.id, "13900000001")),
        OUTSIDE
    );
    // Her doors to a captain outside, or a door outside to her captain: both refused.
    assert_eq!(
        err(store.apply_moves_in("zhangli", &mine, &[(20, Some(zha.id))])),
        OUTSIDE
    );
    assert_eq!(
        err(store.apply_moves_in("zhangli", &mine, &[(21, None), (24, Some(90))])),
        OUTSIDE
    );
    assert_eq!(
        err(store.assign_doors_in("zhangli", &mine, 90, &Doors::Address("7".into()))),
        OUTSIDE
    );
    assert_eq!(captains_of(&store), vec![Some(90); 4], "nothing written");
    assert_eq!(
        store.get_id::<Household>(24).unwrap().unwrap().captain,
        None
    );

    // Within her grid all of it goes.
    assert_eq!(
        store
            .apply_moves_in("zhangli", &mine, &[(21, None)])
            .unwrap(),
        vec![(21, Some(90))]
    );
    let zeng = store.add_captain("zhangli", &mine, 101).unwrap();
    let undo = store
        .assign_doors_in("zhangli", &mine, zeng.id, &Doors::Address("3".into()))
        .unwrap();
    assert_eq!(undo, vec![(23, Some(90))]);
    assert_eq!(
        store.apply_moves_in("zhangli", &mine, &undo).unwrap(),
        vec![(23, Some(zeng.id))]
    );
    assert_eq!(
        store
            .set_captain_phone("zhangli", &mine, zeng.id, "13900000002")
            .unwrap()
            .phone,
        "13900000002"
    );
    // 单丽 covering a door of 第二网格 too: retiring her would change it, so that is refused.
    store.apply_moves("admin", &[(24, Some(90))]).unwrap();
    assert_eq!(err(store.retire_captain("zhangli", &mine, 90)), OUTSIDE);
    assert!(store.get_id::<BuildingCaptain>(90).unwrap().is_some());
    store.apply_moves("admin", &[(24, None)]).unwrap();
    assert_eq!(store.retire_captain("zhangli", &mine, 90).unwrap(), 3);
}

fn visit(household: Id, at: Instant, roster_checked: bool) -> NewVisit {
    NewVisit {
        household,
        at,
        purpose: VisitPurpose::Routine,
        outcome: VisitOutcome::Met,
        met: vec![],
        findings: "核实人口信息，无变化".into(),
        needs: vec![],
        knock_again: None,
        amends: None,
        roster_checked,
    }
}

fn unchecked(store: &Store, months: Option<u16>) -> Vec<(String, String, Option<Day>)> {
    store
        .roster_unchecked(
            today(),
            months,
            &gridbook::model::scope::Scope {
                grids: [3].into(),
                ..Default::default()
            },
            usize::MAX,
        )
        .unwrap()
        .rows
        .into_iter()
        .map(|r| (r.address.to_string(), r.head, r.last_checked))
        .collect()
}

#[test]
fn a_visit_records_the_roster_checked_and_the_report_lists_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let store = small_store(dir.path());
    common::add_second_grid(&store);
    let now = store.now();
    let saved = store
        .add_visit("zhangli", &visit(21, nov(24), true), now)
        .unwrap();
    assert!(saved.visit.roster_checked);
    assert!(
        store
            .get_id::<Visit>(saved.visit.id)
            .unwrap()
            .unwrap()
            .roster_checked
    );
    // A later visit that did not check it does not hide the check.
    store
        .add_visit("zhangli", &visit(21, nov(25), false), now)
        .unwrap();
    store
        .add_visit("zhangli", &visit(20, oct(20), true), now)
        .unwrap();
    store
        .add_visit("zhangli", &visit(20, nov(24) - 86400 * 400, true), now)
        .unwrap();
    assert_eq!(
        store.last_roster_check(21).unwrap(),
        Some(day_of(ymd(2026, 11, 24)))
    );
    assert_eq!(store.last_roster_check(22).unwrap(), None);

    // Twelve months by default: 5-1-101 and 5-1-102 were checked; grid 4's 7-1-101 is out of scope.
    assert_eq!(
        unchecked(&store, None),
        vec![
            ("3-1-201".into(), "解放".into(), None),
            ("5-2-301".into(), "单丽".into(), None),
        ]
    );
    // One month: 5-1-101's check on 20 October is too old.
    assert_eq!(
        unchecked(&store, Some(1)),
        vec![
            ("3-1-201".into(), "解放".into(), None),
            ("5-2-301".into(), "单丽".into(), None),
            (
                "5-1-101".into(),
                "周官萍".into(),
                Some(day_of(ymd(2026, 10, 20)))
            ),
        ]
    );
    assert_eq!(check(&store).unwrap().problems, Vec::<String>::new());
}

#[test]
fn the_months_are_set_with_the_visit_rules_and_audited() {
    let dir = tempfile::tempdir().unwrap();
    let store = small_store(dir.path());
    assert_eq!(store.visit_rules().unwrap().roster_months, 12);
    store
        .add_visit("zhangli", &visit(20, oct(20), true), store.now())
        .unwrap();
    assert_eq!(unchecked(&store, None).len(), 3);
    let rules = VisitRules {
        roster_months: 1,
        ..VisitRules::default()
    };
    store.set_visit_rules("zhangli", &rules).unwrap();
    assert_eq!(unchecked(&store, None).len(), 4);
    assert_eq!(
        store.audit_lines(1).unwrap()[0].detail,
        "visit rules: roster check months 12→1"
    );
    let none = VisitRules {
        roster_months: 0,
        ..VisitRules::default()
    };
    assert_eq!(
        err(store.set_visit_rules("zhangli", &none)),
        "rosters are checked at least every month; give 1 or more months"
    );
    assert_eq!(store.visit_rules().unwrap().roster_months, 1);
}

/// A visit as builds before the roster check stored it.
#[derive(serde::Serialize)]
struct OldVisit {
    id: Id,
    household: Id,
    at: Instant,
    staff: String,
    purpose: VisitPurpose,
    outcome: VisitOutcome,
    met: Vec<Id>,
    findings: String,
    amends: Option<Id>,
}

/// The visit rules as builds before the roster check stored them.
#[derive(serde::Serialize)]
struct OldRules {
    per_tag: Vec<(CareTag, u16)>,
    default_days: u16,
}

#[test]
fn visits_and_rules_stored_before_the_roster_check_still_read() {
    let dir = tempfile::tempdir().unwrap();
    {
        let store = small_store(dir.path());
        let old = Stored {
            meta: Meta {
                by: "zhangli".into(),
                at: nov(2),
                hlc: 1,
            },
            value: OldVisit {
                id: 210,
                household: 22,
                at: nov(2),
                staff: "zhangli".into(),
                purpose: VisitPurpose::Routine,
                outcome: VisitOutcome::Met,
                met: vec![104],
                findings: "核实人口信息，无变化".into(),
                amends: None,
            },
        };
        store
            .tree(TreeId::Visits)
            .insert(keys::id(210), format_1(codec::encode(&old).unwrap()))
            .unwrap();
        // An index entry from before entries kept the outcome: empty.
        store
            .tree(TreeId::VisitsByHousehold)
            .insert(
                keys::join(&[&keys::id(22), &keys::instant_desc(nov(2)), &keys::id(210)]),
                &[][..],
            )
            .unwrap();
        let rules = OldRules {
            per_tag: vec![(CareTag::ElderlyAlone, 3)],
            default_days: 60,
        };
        store
            .tree(TreeId::Meta)
            .insert(b"visit_rules", format_1(codec::encode(&rules).unwrap()))
            .unwrap();
        // A store of that age had no household digests: they are built when it opens.
        store.tree(TreeId::HouseholdDigests).clear().unwrap();
        store.tree(TreeId::VisitsByTime).clear().unwrap();
        store.tree(TreeId::Meta).remove(b"digests/v1").unwrap();
        store.tree(TreeId::Meta).flush().unwrap();
    }
    let store = Store::open(dir.path(), Default::default()).unwrap();
    let v = store.get_id::<Visit>(210).unwrap().unwrap();
    assert_eq!(
        (v.findings.as_str(), v.roster_checked),
        ("核实人口信息，无变化", false)
    );
    assert_eq!(store.last_met(22).unwrap(), Some(nov(2)));
    assert_eq!(store.last_roster_check(22).unwrap(), None);
    let rules = store.visit_rules().unwrap();
    assert_eq!(
        (rules.per_tag, rules.default_days, rules.roster_months),
        (vec![(CareTag::ElderlyAlone, 3)], 60, 12)
    );
    // A damaged value is still refused, not read as unchecked.
    let mut bad = codec::encode(&Stored {
        meta: Meta {
            by: "x".into(),
            at: 0,
            hlc: 1,
        },
        value: v,
    })
    .unwrap();
    *bad.last_mut().unwrap() = 7;
    assert!(codec::decode::<Stored<Visit>>(&bad).is_err());
}

/// A value as a build of format 1 wrote it: the same bytes behind the version byte 1.
fn format_1(mut bytes: Vec<u8>) -> Vec<u8> {
    bytes[0] = 1;
    bytes
}

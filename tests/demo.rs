//! The demo generator: deterministic, valid, and shaped like a real street (small scale only).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::OnceLock;

use chrono::NaiveDate;
use gridbook::cli::demo::{self, generate, DemoArgs, Scale, Spec, Summary};
use gridbook::model::party::{CentralHousehold, PartyGroup, PartyMember};
use gridbook::model::time::day_of;
use gridbook::model::{
    Building, BuildingCaptain, CareTag, Community, Dispute, DisputeStatus, FollowUp, Grid,
    Household, MediationNote, Relation, Resident, Staff, Street, Visit,
};
use gridbook::model::{Wish, WishSource, WishState};
use gridbook::store::query::Stats;
use gridbook::store::{check, OpenOptions, Store};

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
}

fn spec(seed: u64) -> Spec {
    Spec {
        scale: Scale::Small,
        seed,
        today: day(),
        operator: None,
    }
}

fn open(dir: &Path) -> Store {
    Store::open(dir, OpenOptions::default()).unwrap()
}

fn build(seed: u64) -> (tempfile::TempDir, Store, Summary) {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path());
    let summary = generate(&store, &spec(seed), &|_| {}).unwrap();
    (dir, store, summary)
}

/// The small demo for seed 1, built once and shared by the tests that only read it.
fn small() -> &'static (tempfile::TempDir, Store, Summary) {
    static SMALL: OnceLock<(tempfile::TempDir, Store, Summary)> = OnceLock::new();
    SMALL.get_or_init(|| build(1))
}

fn all<E: gridbook::store::Entity>(store: &Store) -> Vec<E> {
    store.all::<E>().collect::<Result<_, _>>().unwrap()
}

#[test]
fn the_same_seed_and_day_give_identical_records() {
    let (_, a, _) = small();
    let (_d, b, _) = build(1);
    assert_eq!(all::<Street>(a), all::<Street>(&b));
    assert_eq!(all::<Community>(a), all::<Community>(&b));
    assert_eq!(all::<Grid>(a), all::<Grid>(&b));
    assert_eq!(all::<Building>(a), all::<Building>(&b));
    assert_eq!(all::<Household>(a), all::<Household>(&b));
    assert_eq!(all::<Resident>(a), all::<Resident>(&b));
    assert_eq!(all::<BuildingCaptain>(a), all::<BuildingCaptain>(&b));
    assert_eq!(all::<Staff>(a), all::<Staff>(&b));
    assert_eq!(all::<Visit>(a), all::<Visit>(&b));
    assert_eq!(all::<Dispute>(a), all::<Dispute>(&b));
    assert_eq!(all::<MediationNote>(a), all::<MediationNote>(&b));
    assert_eq!(all::<FollowUp>(a), all::<FollowUp>(&b));
    assert_eq!(all::<PartyMember>(a), all::<PartyMember>(&b));
    assert_eq!(all::<PartyGroup>(a), all::<PartyGroup>(&b));
    assert_eq!(all::<CentralHousehold>(a), all::<CentralHousehold>(&b));
    assert_eq!(all::<Wish>(a), all::<Wish>(&b));
}

#[test]
fn a_different_seed_gives_different_names() {
    let (_, a, _) = small();
    let (_d, b, _) = build(2);
    let names = |s: &Store| {
        all::<Resident>(s)
            .into_iter()
            .map(|r| r.name)
            .collect::<Vec<_>>()
    };
    let (x, y) = (names(a), names(&b));
    let same = x.iter().zip(&y).filter(|(p, q)| p == q).count();
    assert!(
        same * 10 < x.len().min(y.len()),
        "{same} of {} names agree",
        x.len()
    );
}

#[test]
fn small_scale_for_seed_1_on_2026_11_25_is_one_community_of_twelve_buildings() {
    let (_, store, summary) = small();
    let stats = store.stats().unwrap();
    assert_eq!(
        stats,
        Stats {
            streets: 1,
            communities: 1,
            grids: 4,
            buildings: 12,
            households: 715,
            residents: 1758,
            captains: 12,
            staff: 5,
            visits: 7640,
            disputes: 6,
            followups: 364,
        }
    );
    assert!((650..=800).contains(&stats.households));
    assert_eq!(summary.households, stats.households);
    assert_eq!(summary.visits, stats.visits);
    assert_eq!(
        summary.line(std::time::Duration::from_millis(1500)),
        "made 1 community, 4 grids, 12 buildings, 715 households, 1758 residents, \
         12 building captains, 7640 visits, 6 disputes and 364 follow-ups in 1.5 s"
    );
    let communities = all::<Community>(store);
    assert_eq!(communities[0].name, "花苑社区");
    assert_eq!(all::<Street>(store)[0].name, "东区街道");
}

#[test]
fn the_store_is_sound_after_generation() {
    let (_, store, _) = small();
    let report = check::check(store).unwrap();
    assert_eq!(report.problems, Vec::<String>::new());
    assert!(report.records > 9000, "{}", report.records);
}

#[test]
fn every_resident_validates_and_has_a_unique_id_number() {
    let (_, store, _) = small();
    let residents = all::<Resident>(store);
    let mut ids = BTreeSet::new();
    for r in &residents {
        assert_eq!(r.validate(), Ok(vec![]), "{r:?}");
        assert!(
            ids.insert(r.id_number.clone()),
            "{} is given twice",
            r.id_number
        );
        let area = &r.id_number[..6];
        match r.residence {
            gridbook::model::Residence::Resident => assert!(area.starts_with("44"), "{r:?}"),
            gridbook::model::Residence::Migrant => {}
        }
        if !r.phone.is_empty() {
            assert_eq!(r.phone.len(), 11, "{r:?}");
            assert!(
                matches!(&r.phone[..2], "13" | "15" | "17" | "18" | "19"),
                "{r:?}"
            );
        }
    }
    // Some locals carry 中山's own area code; migrants come from other provinces.
    assert!(residents.iter().any(|r| r.id_number.starts_with("442000")));
    assert!(residents
        .iter()
        .any(|r| r.residence == gridbook::model::Residence::Migrant
            && !r.id_number.starts_with("44")));
}

#[test]
fn every_household_has_a_head_who_lives_in_it() {
    let (_, store, _) = small();
    let residents: BTreeMap<u64, Resident> = all::<Resident>(store)
        .into_iter()
        .map(|r| (r.id, r))
        .collect();
    let mut members: BTreeMap<u64, Vec<&Resident>> = BTreeMap::new();
    for r in residents.values() {
        members.entry(r.household).or_default().push(r);
    }
    for h in all::<Household>(store) {
        assert_eq!(h.validate(), Ok(()));
        let head = &residents[&h.head.expect("a head")];
        assert_eq!(head.household, h.id, "{h:?}");
        assert_eq!(head.relation, Relation::Head, "{h:?}");
        assert_eq!(h.phone, head.phone);
        assert!(!h.phone.is_empty());
        let people = &members[&h.id];
        assert_eq!(
            people
                .iter()
                .filter(|r| r.relation == Relation::Head)
                .count(),
            1
        );
        let union: BTreeSet<CareTag> = people.iter().flat_map(|r| r.care_tags.clone()).collect();
        assert_eq!(h.care_tags, union.into_iter().collect::<Vec<_>>(), "{h:?}");
    }
    let n = residents.len() as f64 / members.len() as f64;
    assert!((2.2..=2.8).contains(&n), "{n} residents a household");
}

#[test]
fn care_tags_come_at_plausible_rates() {
    let (_, store, _) = small();
    let households = all::<Household>(store);
    let share = |t: CareTag| {
        households
            .iter()
            .filter(|h| h.care_tags.contains(&t))
            .count() as f64
            / households.len() as f64
    };
    let alone = share(CareTag::ElderlyAlone);
    assert!((0.03..=0.07).contains(&alone), "elderly alone in {alone}");
    assert!(share(CareTag::EmptyNest) > 0.05);
    for t in [CareTag::Disabled, CareTag::LowIncome, CareTag::Veteran] {
        assert!(share(t) > 0.0, "no {t:?}");
    }
    // Everyone tagged as living alone does live alone, and is old.
    let residents = all::<Resident>(store);
    let today = day_of(day());
    for r in residents
        .iter()
        .filter(|r| r.care_tags.contains(&CareTag::ElderlyAlone))
    {
        assert!(r.age_on(today) >= 60, "{r:?}");
        assert_eq!(
            residents
                .iter()
                .filter(|o| o.household == r.household)
                .count(),
            1
        );
    }
}

#[test]
fn the_grid_tree_and_buildings_fit_together() {
    let (_, store, _) = small();
    let grids = all::<Grid>(store);
    let by_id: BTreeMap<u64, &Grid> = grids.iter().map(|g| (g.id, g)).collect();
    for g in &grids {
        assert_eq!(g.validate(), Ok(()));
        if let Some(p) = g.parent {
            assert_eq!(by_id[&p].level + 1, g.level);
        }
        assert!(g.captain.is_some());
        assert!(
            unicode_width::UnicodeWidthStr::width(g.name.as_str()) <= 12,
            "{}",
            g.name
        );
    }
    let parents: BTreeSet<u64> = grids.iter().filter_map(|g| g.parent).collect();
    let buildings = all::<Building>(store);
    let numbers: Vec<u32> = buildings.iter().map(|b| b.number).collect();
    assert_eq!(numbers, (1..=12).collect::<Vec<_>>());
    for b in &buildings {
        assert!(
            !parents.contains(&b.grid),
            "building {} hangs off a grid with children",
            b.number
        );
        assert!(
            (1..=4).contains(&b.entrances) && (6..=33).contains(&b.floors),
            "{b:?}"
        );
    }
    let by_building: BTreeMap<u64, &Building> = buildings.iter().map(|b| (b.id, b)).collect();
    let mut seen = BTreeSet::new();
    for h in all::<Household>(store) {
        let b = by_building[&h.building];
        let a = h.address;
        assert_eq!(a.building, b.number);
        assert!(a.entrance >= 1 && a.entrance <= b.entrances, "{a}");
        assert!(a.floor() >= 1 && a.floor() <= u16::from(b.floors), "{a}");
        assert!((1..=4).contains(&(a.room % 100)), "{a}");
        assert_eq!(h.grid, b.grid);
        assert!(seen.insert(a), "{a} twice");
    }
}

#[test]
fn building_captains_cover_every_household_in_patches_of_about_sixty() {
    let (_, store, _) = small();
    let captains = all::<BuildingCaptain>(store);
    let households = all::<Household>(store);
    let residents: BTreeMap<u64, Resident> = all::<Resident>(store)
        .into_iter()
        .map(|r| (r.id, r))
        .collect();
    let mut patch: BTreeMap<u64, Vec<&Household>> = BTreeMap::new();
    for h in &households {
        patch
            .entry(h.captain.expect("a captain"))
            .or_default()
            .push(h);
    }
    assert_eq!(patch.len(), captains.len());
    for c in &captains {
        let homes = &patch[&c.id];
        assert!(homes.len() <= 90, "{} households", homes.len());
        let lives = residents[&c.resident].household;
        assert!(
            homes.iter().any(|h| h.id == lives),
            "captain {} lives outside the patch",
            c.name
        );
        assert_eq!(residents[&c.resident].name, c.name);
        assert!(homes.iter().all(|h| h.grid == c.grid));
    }
    let mean = households.len() as f64 / captains.len() as f64;
    assert!((50.0..=70.0).contains(&mean), "{mean} households a captain");
}

#[test]
fn staff_are_grid_captains_and_an_admin() {
    let (_, store, _) = small();
    let staff = all::<Staff>(store);
    assert!(staff.iter().all(|s| s.validate().is_ok()));
    let admin = staff.iter().find(|s| s.user == "admin").expect("admin");
    assert_eq!(admin.role, gridbook::model::Role::StreetAdmin);
    for g in all::<Grid>(store) {
        let user = g.captain.clone().unwrap();
        let s = staff
            .iter()
            .find(|s| s.user == user)
            .expect("the grid's captain is staff");
        assert_eq!(s.role, gridbook::model::Role::GridCaptain);
        assert!(s.grids.contains(&g.id));
    }
}

#[test]
fn care_tagged_households_are_visited_more_often() {
    let (_, store, _) = small();
    let households = all::<Household>(store);
    let mut visits: BTreeMap<u64, usize> = BTreeMap::new();
    let today = day_of(day());
    let staff: BTreeMap<u64, String> = all::<Grid>(store)
        .into_iter()
        .map(|g| (g.id, g.captain.unwrap()))
        .collect();
    let grid_of: BTreeMap<u64, u64> = households.iter().map(|h| (h.id, h.grid)).collect();
    for v in all::<Visit>(store) {
        *visits.entry(v.household).or_default() += 1;
        let day = gridbook::model::time::local_day(v.at);
        assert!(day < today && day >= today - 366, "{v:?}");
        assert_eq!(v.staff, staff[&grid_of[&v.household]]);
        assert_eq!(
            v.met.is_empty(),
            v.outcome != gridbook::model::VisitOutcome::Met,
            "{v:?}"
        );
    }
    let mean = |tagged: bool| {
        let hs: Vec<&Household> = households
            .iter()
            .filter(|h| h.care_tags.is_empty() != tagged)
            .collect();
        hs.iter()
            .map(|h| visits.get(&h.id).copied().unwrap_or(0))
            .sum::<usize>() as f64
            / hs.len() as f64
    };
    let (tagged, others) = (mean(true), mean(false));
    assert!(
        tagged > 1.5 * others,
        "care-tagged {tagged}, others {others}"
    );
    let alone: Vec<&Household> = households
        .iter()
        .filter(|h| h.care_tags.contains(&CareTag::ElderlyAlone))
        .collect();
    let alone_mean = alone.iter().map(|h| visits[&h.id]).sum::<usize>() as f64 / alone.len() as f64;
    assert!(
        alone_mean >= 20.0,
        "the elderly alone are visited {alone_mean} times a year"
    );
    // Some were never visited, and every household visited at all averages about ten a year.
    assert!(households.iter().any(|h| !visits.contains_key(&h.id)));
    let all_mean = visits.values().sum::<usize>() as f64 / households.len() as f64;
    assert!(
        (7.0..=14.0).contains(&all_mean),
        "{all_mean} visits a household"
    );
}

#[test]
fn disputes_reach_every_state_with_a_note_for_each_step() {
    let (_, store, _) = small();
    let disputes = all::<Dispute>(store);
    let notes = all::<MediationNote>(store);
    for s in DisputeStatus::ALL {
        assert!(
            disputes.iter().any(|d| d.status == s),
            "no dispute is {s:?}"
        );
    }
    for d in &disputes {
        assert_eq!(d.validate(), Ok(()), "{d:?}");
        let steps: Vec<&MediationNote> = notes.iter().filter(|n| n.dispute == d.id).collect();
        let want: Vec<DisputeStatus> = DisputeStatus::ALL
            .into_iter()
            .take_while(|s| *s <= d.status)
            .collect();
        assert_eq!(steps.iter().map(|n| n.status).collect::<Vec<_>>(), want);
        assert!(steps.windows(2).all(|w| w[0].at < w[1].at), "{d:?}");
        assert_eq!(steps[0].at, d.reported_at);
        assert!(
            d.parties.len() >= 2
                || d.category == gridbook::model::DisputeCategory::PropertyManagement
        );
        assert!(!d.place.is_empty());
    }
}

#[test]
fn follow_ups_are_done_open_and_some_overdue() {
    let (_, store, _) = small();
    let today = day_of(day());
    let followups = all::<FollowUp>(store);
    assert!(
        followups.iter().any(|f| f.is_overdue(today)),
        "nothing is overdue"
    );
    assert!(
        followups.iter().any(|f| f.done.is_none() && f.due >= today),
        "nothing is due soon"
    );
    let done: Vec<&FollowUp> = followups.iter().filter(|f| f.done.is_some()).collect();
    assert!(done.len() * 2 > followups.len(), "most are done");
    for f in &done {
        let d = f.done.as_ref().unwrap();
        assert!(gridbook::model::time::local_day(d.at) < today);
        assert!(!d.note.is_empty());
    }
    assert!(followups
        .iter()
        .any(|f| matches!(f.source, gridbook::model::FollowUpSource::Visit(_))));
}

#[test]
fn run_fills_an_empty_store_once_and_closes_it() {
    let dir = tempfile::tempdir().unwrap();
    let args = DemoArgs {
        scale: Scale::Small,
        seed: 1,
        today: Some(day()),
    };
    demo::run(dir.path(), &args, gridbook::i18n::Lang::En).unwrap();
    let err = demo::run(dir.path(), &args, gridbook::i18n::Lang::En).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "the store in {} already holds data; give an empty directory with --data DIR",
            dir.path().display()
        )
    );
    // ensure leaves a store with households alone, and closes it again.
    demo::ensure(dir.path(), gridbook::i18n::Lang::En).unwrap();
    let store = open(dir.path());
    assert_eq!(store.stats().unwrap().households, 715);
    // The one running the command is on the staff as a street admin.
    let me = gridbook::client::current_user();
    let staff = all::<Staff>(&store);
    assert!(staff.iter().any(|s| s.user == me), "{me} is not staff");
}

#[test]
fn central_households_keep_in_touch_with_their_linked_neighbours_by_visits() {
    let (_, store, _) = small();
    let centrals = all::<CentralHousehold>(store);
    let households: BTreeMap<u64, Household> = all::<Household>(store)
        .into_iter()
        .map(|h| (h.id, h))
        .collect();
    let links: usize = centrals.iter().map(|c| c.links.len()).sum();
    assert_eq!((centrals.len(), links), (11, 104));
    // Every link is a neighbour in the same building, and every 中心户 a member's household.
    let members: BTreeSet<u64> = all::<PartyMember>(store)
        .iter()
        .map(|m| m.resident)
        .collect();
    let residents = all::<Resident>(store);
    for c in &centrals {
        let home = &households[&c.household];
        assert!(residents
            .iter()
            .any(|r| r.household == c.household && members.contains(&r.id)));
        for l in &c.links {
            assert_eq!(households[&l.household].building, home.building);
        }
    }
    // The contacts are visits to linked households, none before the link.
    let since: BTreeMap<u64, i32> = centrals
        .iter()
        .flat_map(|c| c.links.iter().map(|l| (l.household, l.since)))
        .collect();
    let contacts: Vec<Visit> = all::<Visit>(store)
        .into_iter()
        .filter(|v| v.findings.starts_with("党员中心户"))
        .collect();
    assert_eq!(contacts.len(), 514);
    for v in &contacts {
        let day = gridbook::model::time::day_of(
            chrono::DateTime::from_timestamp(v.at + 8 * 3600, 0)
                .unwrap()
                .date_naive(),
        );
        assert!(since[&v.household] <= day, "{v:?}");
    }
}

#[test]
fn wishes_come_from_visits_residents_captains_and_staff_and_some_claims_were_given_back() {
    let (_, store, _) = small();
    let wishes = all::<Wish>(store);
    let visits: BTreeMap<u64, Visit> = all::<Visit>(store).into_iter().map(|v| (v.id, v)).collect();
    let residents: BTreeMap<u64, Resident> = all::<Resident>(store)
        .into_iter()
        .map(|r| (r.id, r))
        .collect();
    let captains: BTreeSet<u64> = all::<BuildingCaptain>(store).iter().map(|c| c.id).collect();
    let mut sources = [0; 4];
    for w in &wishes {
        match w.source {
            WishSource::Visit(v) => {
                sources[0] += 1;
                assert_eq!(visits[&v].household, w.household, "{w:?}");
            }
            WishSource::Resident(r) => {
                sources[1] += 1;
                assert_eq!(residents[&r].household, w.household, "{w:?}");
            }
            WishSource::Captain(c) => {
                sources[2] += 1;
                assert!(captains.contains(&c), "{w:?}");
            }
            WishSource::Staff => sources[3] += 1,
        }
        // Every step is after the wish was raised and before today.
        let today = day_of(day());
        for s in &w.history {
            let on = gridbook::model::time::day_of(
                chrono::DateTime::from_timestamp(s.at + 8 * 3600, 0)
                    .unwrap()
                    .date_naive(),
            );
            assert!(w.raised <= on && on < today, "{w:?}");
        }
    }
    assert_eq!(sources, [14, 17, 13, 4]);
    // A claim given back leaves a step back to 待认领 in the history.
    let given_back: Vec<&Wish> = wishes
        .iter()
        .filter(|w| w.history.iter().any(|s| s.to == WishState::Open))
        .collect();
    assert_eq!(given_back.len(), 5);
    assert!(given_back.iter().any(|w| w.state == WishState::Open));
    assert!(given_back.iter().any(|w| w.state == WishState::Reviewed));
}

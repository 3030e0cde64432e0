//! Fixes to issue 14's work: a visit's wishes saved with the visit in one write; a household's
//! 中心户 found through an index and kept from staff outside its grid; grids without a party
//! group named with their community when the caller sees more than one.

mod common;

use std::sync::Arc;

use gridbook::api::work::AddVisit;
use gridbook::client::Ask;
use gridbook::model::time::{local_day, now};
use gridbook::model::{Visit, VisitOutcome, VisitPurpose, Wish, WishSource, WishState};
use gridbook::store::ops::{Need, NewVisit};

fn visit_to(household: u64, needs: Vec<Need>) -> NewVisit {
    NewVisit {
        household,
        at: now() - 60,
        purpose: VisitPurpose::Routine,
        outcome: VisitOutcome::Met,
        met: vec![104],
        findings: "家里灯坏了".into(),
        needs,
        knock_again: None,
        amends: None,
        roster_checked: false,
    }
}

fn need(title: &str, days: i32) -> Need {
    Need {
        title: title.into(),
        due: local_day(now()) + days,
    }
}

fn wishes_of(store: &gridbook::store::Store) -> Vec<Wish> {
    store
        .wishes(&|_| true)
        .unwrap()
        .into_iter()
        .map(|(w, _)| w)
        .collect()
}

#[test]
fn a_visit_and_its_wishes_are_one_write() {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(common::small_store(dir.path()));
    let b = common::captain_backend(&store);
    let visits_before = store.all::<Visit>().count();
    let saved = b
        .call(AddVisit(
            visit_to(22, vec![need("更换楼道灯", 7)]),
            vec![need("旧电脑一台", 10), need("  轮椅借用 ", 30)],
        ))
        .unwrap();
    assert_eq!(saved.followups.len(), 1);
    let texts: Vec<(&str, WishSource, WishState, Option<i32>, bool)> = saved
        .wishes
        .iter()
        .map(|w| {
            (
                w.text.as_str(),
                w.source,
                w.state,
                w.due.map(|d| d - local_day(saved.visit.at)),
                w.private,
            )
        })
        .collect();
    let from = WishSource::Visit(saved.visit.id);
    assert_eq!(
        texts,
        [
            ("旧电脑一台", from, WishState::Open, Some(10), false),
            ("轮椅借用", from, WishState::Open, Some(30), false),
        ]
    );
    // What the store holds is what was answered: the visit and both wishes of 5-2-301.
    assert_eq!(wishes_of(&store), saved.wishes);
    assert!(saved.wishes.iter().all(|w| w.household == 22));
    assert_eq!(store.all::<Visit>().count(), visits_before + 1);
    // Sent again after a lost answer: saved once, answered with the same wishes.
    let again = b
        .call(AddVisit(
            visit_to(22, vec![need("更换楼道灯", 7)]),
            vec![need("旧电脑一台", 10), need("  轮椅借用 ", 30)],
        ))
        .unwrap();
    assert_eq!(again.visit.id, saved.visit.id);
    assert_eq!(again.wishes, saved.wishes);
    assert_eq!(wishes_of(&store).len(), 2);
}

#[test]
fn a_refused_visit_writes_no_wish() {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(common::small_store(dir.path()));
    common::add_second_grid(&store);
    let b = common::captain_backend(&store);
    let before = common::digest(&store);
    // A need due yesterday: the visit is refused, and the wish with it.
    let e = b
        .call(AddVisit(
            visit_to(22, vec![need("更换楼道灯", -1)]),
            vec![need("旧电脑一台", 10)],
        ))
        .unwrap_err()
        .to_string();
    assert_eq!(e, "a need is due before today; give today or a later day");
    // A wish line with no text.
    let e = b
        .call(AddVisit(visit_to(22, vec![]), vec![need(" ", 10)]))
        .unwrap_err()
        .to_string();
    assert_eq!(
        e,
        "a wish needs its text; say in a few words what the household wishes for"
    );
    // A resident met who lives elsewhere: refused inside the write.
    let mut v = visit_to(21, vec![]);
    v.met = vec![104];
    let e = b
        .call(AddVisit(v, vec![need("旧电脑一台", 10)]))
        .unwrap_err()
        .to_string();
    assert_eq!(e, "a resident marked as met does not live at 5-1-102");
    // Another grid's household: outside her grids.
    let mut v = visit_to(24, vec![]);
    v.met = vec![106];
    assert!(b.call(AddVisit(v, vec![need("旧电脑一台", 10)])).is_err());
    assert_eq!(common::digest(&store), before);
    assert!(wishes_of(&store).is_empty());
}

fn member(resident: u64) -> gridbook::model::party::PartyMember {
    gridbook::model::party::PartyMember {
        resident,
        name: String::new(),
        group: None,
        category: gridbook::model::party::PartyCategory::Retired,
        skills: vec![],
        since: 20_000,
        ended: None,
    }
}

#[test]
fn a_central_household_outside_the_captains_grids_is_shown_without_its_address() {
    use gridbook::api::places::Detail;
    use gridbook::model::scope::Scope;
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(common::small_store(dir.path()));
    common::add_second_grid(&store);
    let all = Scope::everything();
    // 查文 at 7-1-101 (第二网格) keeps in touch with 5-1-101 (第一网格, hers);
    // 单丽 at 5-2-301 (第一网格) with 5-1-102.
    for (who, home, linked) in [(106, 24, 20), (104, 22, 21)] {
        store.set_party_member("t", &all, &member(who)).unwrap();
        store
            .set_central_household("t", &all, home, &[linked], &[], 20_400)
            .unwrap();
    }
    let captain = common::captain_backend(&store);
    let shown = |d: gridbook::store::query::HouseholdDetail| {
        d.central
            .map(|c| (c.household, c.address.map(|a| a.to_string())))
    };
    // Outside her grids: that there is one, not where.
    assert_eq!(shown(captain.call(Detail(20)).unwrap()), Some((24, None)));
    // In her grids: where.
    assert_eq!(
        shown(captain.call(Detail(21)).unwrap()),
        Some((22, Some("5-2-301".into())))
    );
    // The street sees every address.
    let admin = gridbook::client::Local::scoped(
        store.clone(),
        "t".into(),
        Scope::everything(),
        gridbook::search::SearchCell::start(store.clone()),
    );
    assert_eq!(
        shown(admin.call(Detail(20)).unwrap()),
        Some((24, Some("7-1-101".into())))
    );
}

#[test]
fn grids_without_a_party_group_are_named_with_their_community_when_there_are_several() {
    let dir = tempfile::tempdir().unwrap();
    {
        let store = common::small_store(&dir.path().join("store"));
        common::two_communities(&store);
    }
    common::wait_until_released(&dir.path().join("store"));
    let d = dir.path();
    assert_eq!(
        common::cli_ok(d, &["member", "coverage"]).lines().next(),
        Some("2 grids, 2 without a party group: 东裕社区 第二网格, 花苑社区 第一网格")
    );
    let json: serde_json::Value =
        serde_json::from_str(&common::cli_ok(d, &["member", "coverage", "--json"])).unwrap();
    assert_eq!(
        json["grids_without_group"],
        serde_json::json!(["东裕社区 第二网格", "花苑社区 第一网格"])
    );
    // One community in sight: the grid's name alone.
    let store =
        Arc::new(gridbook::store::Store::open(&d.join("store"), Default::default()).unwrap());
    let captain = common::captain_backend(&store);
    assert_eq!(
        captain
            .call(gridbook::api::party::PartyCoverage)
            .unwrap()
            .grids_without_group,
        ["第一网格"]
    );
}

#[test]
fn a_household_finds_its_central_household_by_index_and_an_older_store_builds_the_index() {
    use gridbook::model::scope::Scope;
    use gridbook::store::{OpenOptions, Store, TreeId};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store");
    let central = |store: &Store, household: u64| {
        store
            .household_detail(household)
            .unwrap()
            .central
            .map(|c| c.household)
    };
    {
        let store = common::small_store(&path);
        let all = Scope::everything();
        store.set_party_member("t", &all, &member(104)).unwrap();
        store
            .set_central_household("t", &all, 22, &[20, 21], &[], 20_400)
            .unwrap();
        assert_eq!(
            (central(&store, 20), central(&store, 21)),
            (Some(22), Some(22))
        );
        // Unlinked, 5-1-101 has no 中心户 any more; 5-1-102 still has.
        store.unlink_household("t", &all, 22, 20).unwrap();
        assert_eq!((central(&store, 20), central(&store, 21)), (None, Some(22)));
        // As a store written before the index: the index is gone.
        store.tree(TreeId::CentralByHousehold).clear().unwrap();
        store.durable().unwrap();
    }
    common::wait_until_released(&path);
    let store = Store::open(&path, OpenOptions::default()).unwrap();
    assert_eq!((central(&store, 20), central(&store, 21)), (None, Some(22)));
    assert!(gridbook::store::check::check(&store)
        .unwrap()
        .problems
        .is_empty());
}

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

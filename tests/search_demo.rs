//! Search on the small demo street, the way staff look people up: by hanzi, full pinyin,
//! initials, polyphonic surnames, the tail of a phone or ID number, and an address.

mod common;

use gridbook::client::{Backend, Local};
use gridbook::model::{Household, Resident};
use gridbook::search::{Hit, MatchKind};
use gridbook::store::{OpenOptions, Store};

fn demo() -> (tempfile::TempDir, Local) {
    let dir = tempfile::tempdir().unwrap();
    common::small_demo(dir.path());
    let store = Store::open(dir.path(), OpenOptions::default()).unwrap();
    (dir, Local::new(store, "admin".into()))
}

fn found(hits: &[Hit], r: &Resident) -> Option<MatchKind> {
    hits.iter()
        .find(|h| h.resident == Some(r.id))
        .map(|h| h.matched)
}

#[test]
fn the_demo_streets_residents_are_found_every_way_staff_look_for_them() {
    let (_dir, b) = demo();
    let residents: Vec<Resident> = b.store().all::<Resident>().map(|r| r.unwrap()).collect();
    // Someone with a polyphonic surname read as a surname.
    let surname_readings = [
        ('单', "shan"),
        ('解', "xie"),
        ('曾', "zeng"),
        ('区', "ou"),
        ('仇', "qiu"),
        ('查', "zha"),
    ];
    let (r, reading) = residents
        .iter()
        .find_map(|r| {
            let first = r.name.chars().next()?;
            surname_readings
                .iter()
                .find(|(c, _)| *c == first)
                .map(|(_, p)| (r, *p))
        })
        .expect("the demo has someone with a polyphonic surname");
    let hits = b.search(reading, 500).unwrap();
    assert!(
        found(&hits, r).is_some(),
        "{} not found by “{reading}”",
        r.name
    );

    let r = &residents[100];
    assert_eq!(
        found(&b.search(&r.name, 200).unwrap(), r),
        Some(MatchKind::Name),
        "{}",
        r.name
    );
    let tail = &r.phone[r.phone.len() - 6..];
    assert_eq!(
        found(&b.search(tail, 200).unwrap(), r),
        Some(MatchKind::Phone),
        "{tail}"
    );
    let id_tail = &r.id_number[r.id_number.len() - 6..];
    assert_eq!(
        found(&b.search(id_tail, 200).unwrap(), r),
        Some(MatchKind::IdNumber),
        "{id_tail}"
    );

    let h: Household = b.store().get_id(r.household).unwrap().unwrap();
    let addr = h.address.to_string();
    let hits = b.search(&addr, 20).unwrap();
    assert!(
        hits.iter()
            .any(|x| x.household == h.id && x.matched == MatchKind::Address),
        "{addr}"
    );
    let chinese = format!(
        "{}栋{}单元{}",
        h.address.building, h.address.entrance, h.address.room
    );
    assert!(
        b.search(&chinese, 20)
            .unwrap()
            .iter()
            .any(|x| x.household == h.id),
        "{chinese}"
    );
}

#[test]
fn search_json_has_kind_name_address_and_community() {
    let (dir, b) = demo();
    let someone: Resident = b.store().all::<Resident>().next().unwrap().unwrap();
    drop(b);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_gridbook"))
        .arg("--data")
        .arg(dir.path())
        .args(["search", &someone.name, "--json", "--limit", "3"])
        .env("GRIDBOOK_IN_PROCESS", "1")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let first = &v[0];
    assert_eq!(first["kind"], "resident");
    assert_eq!(first["name"], someone.name.as_str());
    assert_eq!(first["community"], "花苑社区");
    assert!(first["address"].as_str().unwrap().split('-').count() == 3);
}

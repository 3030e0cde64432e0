//! The demo's party-led side as a user meets it on the command line: party groups on all
//! grids but one, 中心户 in all buildings but one, members of every category, wishes in
//! every state with some overdue and some private, and a store `gridbook check` finds sound.

mod common;

use std::collections::BTreeMap;

use common::cli_ok as ok;

#[test]
fn coverage_names_the_one_grid_without_a_party_group_and_the_one_building_without_a_central_household(
) {
    let dir = common::demo_of_seed1();
    let cov = ok(dir.path(), &["member", "coverage"]);
    let lines: Vec<&str> = cov.lines().collect();
    assert_eq!(
        lines[..2],
        [
            "3 grids, 1 without a party group: 一网格-3片",
            "12 buildings, 1 without a 中心户: 花苑社区 building 5",
        ]
    );
    // Eleven 中心户, each looking after eight to twelve neighbours.
    assert_eq!(lines.len(), 2 + 11, "{cov}");
    assert_eq!(lines[2], "  中心户 1-2-501 looks after 12 households");
    assert!(lines[2..].iter().all(|l| ["8", "9", "10", "11", "12"]
        .iter()
        .any(|n| l.ends_with(&format!("looks after {n} households")))));
    assert_eq!(
        ok(dir.path(), &["member", "group", "list"]),
        "2 party groups:\n  第一党小组  一网格-1片  leader 廖丽萍  44 members\n  \
         第二党小组  一网格-2片  leader 陈立新  41 members\n"
    );
}

#[test]
fn members_come_in_every_category_and_those_on_the_grid_without_a_group_are_in_none() {
    let dir = common::demo_of_seed1();
    let members = common::cli_json(dir.path(), &["member", "list", "--json"]);
    let members = members.as_array().unwrap();
    assert_eq!(members.len(), 116);
    let mut by_category: BTreeMap<String, u32> = BTreeMap::new();
    let mut by_group: BTreeMap<String, u32> = BTreeMap::new();
    for m in members {
        *by_category
            .entry(m["category"].as_str().unwrap().to_string())
            .or_default() += 1;
        *by_group
            .entry(m["group"].as_str().unwrap_or_default().to_string())
            .or_default() += 1;
    }
    assert_eq!(
        by_category,
        BTreeMap::from([
            ("direct".to_string(), 42),
            ("mobile".to_string(), 20),
            ("reporting".to_string(), 22),
            ("retired".to_string(), 32),
        ])
    );
    assert_eq!(
        by_group,
        BTreeMap::from([
            (String::new(), 31),
            ("第一党小组".to_string(), 44),
            ("第二党小组".to_string(), 41),
        ])
    );
}

#[test]
fn wishes_are_in_every_state_some_overdue_and_some_private() {
    let dir = common::demo_of_seed1();
    let wishes = common::cli_json(
        dir.path(),
        &["wish", "list", "--json", "--today", "2026-11-25"],
    );
    let wishes = wishes.as_array().unwrap();
    let mut by_state: BTreeMap<&str, u32> = BTreeMap::new();
    for w in wishes {
        *by_state.entry(w["state"].as_str().unwrap()).or_default() += 1;
    }
    assert_eq!(
        by_state,
        BTreeMap::from([
            ("claimed", 5),
            ("closed", 3),
            ("dispatched", 5),
            ("fulfilled", 5),
            ("reviewed", 23),
            ("waiting to be claimed", 7),
        ])
    );
    let count = |f: &dyn Fn(&serde_json::Value) -> bool| wishes.iter().filter(|w| f(w)).count();
    assert_eq!(count(&|w| w["private"] == true), 13);
    assert_eq!(count(&|w| w["overdue"] == true), 13);
    // Every reviewed wish has its satisfaction, and only those.
    assert_eq!(count(&|w| !w["satisfaction"].is_null()), 23);
    let overdue = ok(
        dir.path(),
        &["wish", "list", "--overdue", "--today", "2026-11-25"],
    );
    assert_eq!(
        overdue.lines().last(),
        Some("13 wishes, 13 of them overdue")
    );
}

#[test]
fn check_finds_the_demo_sound_and_a_demo_wish_moves_on_like_any_other() {
    let dir = common::demo_of_seed1();
    assert_eq!(
        ok(dir.path(), &["check"]),
        "the store is sound: 11679 records and 21540 index entries agree\n"
    );
    let claimed = ok(dir.path(), &["wish", "claim", "10541", "--by", "廖丽萍"]);
    assert!(claimed.contains("廖丽萍"), "{claimed}");
    let wishes = common::cli_json(
        dir.path(),
        &[
            "wish",
            "list",
            "--json",
            "--state",
            "已认领",
            "--today",
            "2026-11-25",
        ],
    );
    assert_eq!(wishes.as_array().unwrap().len(), 6);
    assert_eq!(
        ok(dir.path(), &["check"]),
        "the store is sound: 11679 records and 21540 index entries agree\n"
    );
}

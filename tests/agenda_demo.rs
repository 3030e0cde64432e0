//! The demo's agenda as a user meets it on the command line (issue 15 part 6): agenda items
//! in every state with their histories, the open decisions with the overdue ones first, the
//! meetings with who chaired and who came, the 议事协商台账 of the demo's month read back with
//! calamine, and a store `gridbook check` finds sound.

mod common;

use std::collections::BTreeMap;

use calamine::{Data, Reader};
use common::cli_ok as ok;

#[test]
fn the_demo_agenda_has_items_in_every_state_each_with_its_history() {
    let dir = common::demo_of_seed1();
    let items = common::cli_json(dir.path(), &["agenda", "list", "--json"]);
    let items = items.as_array().unwrap();
    let mut by_state: BTreeMap<&str, u32> = BTreeMap::new();
    for i in items {
        *by_state.entry(i["state"].as_str().unwrap()).or_default() += 1;
    }
    assert_eq!(
        by_state,
        BTreeMap::from([
            ("accepted", 2),
            ("being carried out", 3),
            ("decided", 3),
            ("finished", 2),
            ("made public", 4),
            ("not accepted", 2),
            ("proposed", 2),
            ("under deliberation", 2),
        ])
    );
    // Raised by households (an address), units (a name) and staff (a user name).
    let by = |i: &serde_json::Value| i["raised_by"].as_str().unwrap().to_string();
    let households = items.iter().filter(|i| by(i).contains('-')).count();
    let units = items
        .iter()
        .filter(|i| {
            ["业委会", "队", "所", "局", "支部"]
                .iter()
                .any(|u| by(i).ends_with(u))
        })
        .count();
    assert_eq!(
        (households, units, items.len() - households - units),
        (9, 8, 3)
    );
    // Every item not accepted says why; every step names who made it.
    for i in items.iter().filter(|i| i["state"] == "not accepted") {
        let last = i["history"].as_array().unwrap().last().unwrap();
        assert_eq!(last["to"], "not accepted");
        assert!(!last["note"].as_str().unwrap().is_empty(), "{i}");
    }
    assert!(items
        .iter()
        .flat_map(|i| i["history"].as_array().unwrap())
        .all(|s| !s["by"].as_str().unwrap().is_empty()));
    // An item made public went the whole chain, discussed at two meetings.
    let public = items
        .iter()
        .find(|i| i["topic"] == "小区广场舞音量扰民")
        .unwrap();
    let steps: Vec<(&str, &str)> = public["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["to"].as_str().unwrap(), s["note"].as_str().unwrap()))
        .collect();
    assert_eq!(
        steps,
        [
            ("accepted", ""),
            ("under deliberation", "提交居民议事会协商"),
            ("decided", "晚间活动限至21点，音量由志愿者劝导"),
            ("being carried out", "交社区居委会落实"),
            ("being carried out", "已完成一半，剩余部分下月完成"),
            ("finished", "已完成整改，建立长效管理机制"),
            ("made public", "结果已在小区公告栏和居民群公示七天"),
        ]
    );
    assert_eq!(
        (
            public["raised"].as_str(),
            public["done"].as_str(),
            public["meetings"].as_array().unwrap().len()
        ),
        (Some("2026-01-17"), Some("2026-11-12"), 2)
    );
    assert_eq!(
        ok(dir.path(), &["check"]),
        "the store is sound: 11679 records and 21540 index entries agree\n"
    );
}

#[test]
fn the_open_decisions_list_the_overdue_ones_first() {
    let dir = common::demo_of_seed1();
    let out = ok(
        dir.path(),
        &["agenda", "decisions", "--today", "2026-11-25"],
    );
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 1 + 6 + 1, "{out}");
    assert_eq!(
        lines[1],
        "10597  2026-06-06 (overdue)  区住房和城乡建设局  being carried out  纳入年度老旧小区改造计划，分两期施工"
    );
    assert!(lines[1..5].iter().all(|l| l.contains("(overdue)")), "{out}");
    assert!(
        !lines[5..7].iter().any(|l| l.contains("(overdue)")),
        "{out}"
    );
    assert_eq!(lines[7], "6 open decisions, 4 of them overdue");
}

#[test]
fn the_demo_meetings_have_a_chair_who_came_and_the_items_each_records() {
    let dir = common::demo_of_seed1();
    let meetings = common::cli_json(dir.path(), &["meeting", "list", "--json"]);
    let meetings = meetings.as_array().unwrap();
    let kinds: Vec<&str> = meetings
        .iter()
        .map(|m| m["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["Council", "Joint", "RedHall", "Council", "Joint"]);
    assert!(meetings
        .iter()
        .all(|m| !m["chair"].as_str().unwrap().is_empty()
            && !m["present"].as_array().unwrap().is_empty()));
    // The joint meetings name the co-building units present and absent.
    let joint = &meetings[1];
    assert!(joint["present"]
        .as_array()
        .unwrap()
        .iter()
        .any(|u| u == "物业服务中心"));
    assert_eq!(joint["absent"].as_array().unwrap().len(), 2);
    // Each item discussed records the meeting, and no item records one that did not.
    let items = common::cli_json(dir.path(), &["agenda", "list", "--json"]);
    let mut discussed = 0;
    for m in meetings {
        for id in m["items"].as_array().unwrap() {
            let item = items
                .as_array()
                .unwrap()
                .iter()
                .find(|i| &i["id"] == id)
                .unwrap();
            assert!(item["meetings"].as_array().unwrap().contains(&m["id"]));
            discussed += 1;
        }
    }
    let recorded: usize = items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["meetings"].as_array().unwrap().len())
        .sum();
    assert_eq!((discussed, recorded), (16, 16));
    let text = ok(dir.path(), &["meeting", "list"]);
    assert_eq!(text.lines().count(), 1 + 5, "{text}");
}

#[test]
fn the_agenda_ledger_of_the_demo_month_reads_back_with_one_row_an_item() {
    let dir = common::demo_of_seed1();
    let file = dir.path().join("议事.xlsx");
    let f = file.to_str().unwrap();
    assert_eq!(
        ok(
            dir.path(),
            &["ledger", "agenda", "--month", "2026-11", "-o", f]
        ),
        format!("wrote 花苑社区议事协商台账（2026年11月）, 13 rows, to {f}\n")
    );
    let mut book = calamine::open_workbook_auto(&file).unwrap();
    let range = book.worksheet_range_at(0).unwrap().unwrap();
    let rows: Vec<Vec<String>> = range
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::Empty => String::new(),
                    Data::Float(f) => format!("{f}"),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect();
    // Title, header, thirteen items.
    assert_eq!(rows.len(), 2 + 13, "{rows:?}");
    assert_eq!(rows[0][0], "花苑社区议事协商台账（2026年11月）");
    assert_eq!(
        rows[2],
        [
            "10593",
            "2026-01-17",
            "小区广场舞音量扰民",
            "居民议事",
            "12-2-104",
            "2026-02-15居民议事会；2026-09-29居民议事会",
            "晚间活动限至21点，音量由志愿者劝导",
            "社区居委会",
            "2026-11-25",
            "已公示",
            "2026-11-12"
        ]
    );
    let states: Vec<&str> = rows[2..].iter().map(|r| r[9].as_str()).collect();
    assert_eq!(
        states,
        [
            "已公示",
            "落实中",
            "落实中",
            "协商中",
            "已决议",
            "已决议",
            "落实中",
            "已决议",
            "协商中",
            "动议",
            "受理",
            "动议",
            "受理"
        ]
    );
}

//! The demo's 双报到 and last year's campaign as a user meets them on the command line
//! (issue 14 part 7, issue 15 part 6): registered members and units with the ones who left,
//! posts with the full and the closed, a grid's hours this quarter, the 双报到服务台账 read
//! back with calamine, the ended 防汛排查's tally, and a store `gridbook check` finds sound.

mod common;

use calamine::Reader;
use common::cli_ok as ok;

#[test]
fn the_demo_registers_members_and_units_and_two_have_left_with_a_reason() {
    let dir = common::demo_of_seed1();
    let list = common::cli_json(dir.path(), &["registrant", "list", "--json"]);
    let list = list.as_array().unwrap();
    let r = |x: &serde_json::Value| x.clone();
    let member = |x: &serde_json::Value| r(x)["kind"] == "in-service member";
    let here = |x: &serde_json::Value| r(x)["state"] == "registered";
    let members = list.iter().filter(|x| member(x) && here(x)).count();
    let units = list.iter().filter(|x| !member(x) && here(x)).count();
    let left: Vec<(String, String, String)> = list
        .iter()
        .filter(|x| !here(x))
        .map(|x| {
            (
                r(x)["name"].as_str().unwrap().to_string(),
                r(x)["state"].as_str().unwrap().to_string(),
                r(x)["reason"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!((members, units), (12, 5));
    let mut left = left;
    left.sort();
    assert_eq!(
        left,
        [
            (
                "爱心义工协会".to_string(),
                "cancelled".to_string(),
                "共建协议到期，未续签".to_string()
            ),
            (
                "谭萍".to_string(),
                "transferred out".to_string(),
                "工作调动至外区，组织关系转出".to_string()
            ),
        ]
    );
    // Some members live in the community's households: their address is shown.
    let living = list
        .iter()
        .filter(|x| member(x) && !x["address"].is_null())
        .count();
    assert_eq!(living, 8);
}

#[test]
fn the_demo_posts_are_open_full_or_closed_by_their_claims() {
    let dir = common::demo_of_seed1();
    let posts = common::cli_json(dir.path(), &["post", "list", "--json"]);
    let posts = posts.as_array().unwrap();
    assert_eq!(posts.len(), 8);
    let full: Vec<(String, String, u64, Vec<String>)> = posts
        .iter()
        .filter(|p| p["state"] == "full")
        .map(|p| {
            (
                p["grid"].as_str().unwrap().to_string(),
                p["title"].as_str().unwrap().to_string(),
                p["claimed"].as_u64().unwrap(),
                p["holders"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|h| h.as_str().unwrap().to_string())
                    .collect(),
            )
        })
        .collect();
    let s = |x: &str| x.to_string();
    assert_eq!(
        full,
        [
            (
                s("一网格-1片"),
                s("四点半课堂"),
                2,
                vec![s("侯斌"), s("李健")]
            ),
            (s("一网格-3片"), s("义诊服务"), 1, vec![s("何慧敏")]),
            (
                s("一网格-3片"),
                s("助老陪护"),
                2,
                vec![s("何慧敏"), s("李健")]
            ),
        ]
    );
    let closed: Vec<&str> = posts
        .iter()
        .filter(|p| p["state"] == "closed")
        .map(|p| p["title"].as_str().unwrap())
        .collect();
    assert_eq!(closed, ["楼道清洁"]);
}

#[test]
fn a_grid_of_the_demo_has_hours_this_quarter() {
    let dir = common::demo_of_seed1();
    let figures = common::cli_json(
        dir.path(),
        &["service", "figures", "--quarter", "2026Q4", "--json"],
    );
    let grid = figures
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["name"] == "一网格-3片")
        .unwrap();
    assert_eq!(
        (
            &grid["members"],
            &grid["units"],
            &grid["serving"],
            &grid["minutes"]
        ),
        (
            &serde_json::json!(1),
            &serde_json::json!(1),
            &serde_json::json!(1),
            &serde_json::json!(1080)
        )
    );
}

#[test]
fn the_service_ledger_of_the_demo_month_has_a_row_for_each_registered_one() {
    let dir = common::demo_of_seed1();
    let file = dir.path().join("双报到.xlsx");
    let f = file.to_str().unwrap();
    assert_eq!(
        ok(
            dir.path(),
            &["ledger", "service", "--month", "2026-11", "-o", f]
        ),
        format!("wrote 花苑社区双报到服务台账（2026年11月）, 17 rows, to {f}\n")
    );
    let mut book = calamine::open_workbook_auto(&file).unwrap();
    let range = book.worksheet_range_at(0).unwrap().unwrap();
    // Title, header, seventeen registrants.
    assert_eq!(range.rows().count(), 2 + 17);
}

#[test]
fn last_years_flood_campaign_has_ended_with_nearly_every_door_checked() {
    let dir = common::demo_of_seed1();
    let status = common::cli_json(
        dir.path(),
        &["campaign", "status", "2025年防汛排查", "--json"],
    );
    let c = &status.as_array().unwrap()[0];
    assert_eq!(c["state"], "ended");
    assert_eq!(c["ended"], "2025-07-02");
    assert_eq!(c["on_duty"], 0);
    let t = &c["total"];
    assert_eq!(
        (
            &t["due"],
            &t["checked"],
            &t["abnormal"],
            &t["nobody_home"],
            &t["refused"]
        ),
        (
            &serde_json::json!(715),
            &serde_json::json!(695),
            &serde_json::json!(39),
            &serde_json::json!(9),
            &serde_json::json!(1)
        )
    );
}

#[test]
fn the_demo_with_its_registrants_and_campaign_is_sound() {
    let dir = common::demo_of_seed1();
    assert_eq!(
        ok(dir.path(), &["check"]),
        "the store is sound: 11679 records and 21540 index entries agree\n"
    );
}

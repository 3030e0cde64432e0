//! Campaigns in 战时 (issue 15 parts 1 and 4): 应查 derived from the roster of the campaign's
//! grids (households added later join), checks through the command line moving the tally,
//! a second try after 无人在家 keeping both attempts, 异常 refused without a note, the
//! deadline passing (overdue, not closed), grid captains and sent-down staff kept to the
//! campaign's grids and their own, and two replicas checking one door.

mod common;

use common::{cli_ok as ok, cli_refused as refused, wait_until_released};

use std::path::Path;

use gridbook::api::campaigns::{
    AddSentDown, CampaignStatus, CheckDoor, DoorChecks, EndCampaign, NextDoor, StartCampaign,
};
use gridbook::client::{Ask, Local};
use gridbook::model::time::day_of;
use gridbook::model::{CampaignKind, Grid, Household, Id};
use gridbook::store::{OpenOptions, Store};

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

/// The small demo in dir/store, with the households of its grids by grid name.
fn demo() -> (tempfile::TempDir, Vec<(String, Vec<Household>)>) {
    let dir = tempfile::tempdir().unwrap();
    common::small_demo(&dir.path().join("store"));
    let by_grid = {
        let store = Store::open(&dir.path().join("store"), OpenOptions::default()).unwrap();
        let grids: Vec<Grid> = store.all::<Grid>().map(|g| g.unwrap()).collect();
        let households: Vec<Household> = store.all::<Household>().map(|h| h.unwrap()).collect();
        grids
            .iter()
            .map(|g| {
                let mut hs: Vec<Household> = households
                    .iter()
                    .filter(|h| h.grid == g.id)
                    .cloned()
                    .collect();
                hs.sort_by_key(|h| h.address.to_string());
                (g.name.clone(), hs)
            })
            .collect()
    };
    wait_until_released(&dir.path().join("store"));
    (dir, by_grid)
}

fn households_of<'a>(by_grid: &'a [(String, Vec<Household>)], name: &str) -> &'a [Household] {
    &by_grid.iter().find(|(n, _)| n == name).unwrap().1
}

/// (grid, due, checked, abnormal, nobody home, left, percent) of each grid and the total.
fn tally(d: &Path, today: &str) -> Vec<(String, u64, u64, u64, u64, u64, f64)> {
    let out = json(&ok(d, &["campaign", "status", "--today", today, "--json"]));
    common::campaign_tally_rows(&out[0])
}

fn start(d: &Path) -> String {
    ok(
        d,
        &[
            "campaign",
            "start",
            "11月消防排查",
            "--kind",
            "消防",
            "--grid",
            "一网格-1片",
            "--grid",
            "一网格-2片",
            "--deadline",
            "2026-11-30",
            "--today",
            "2026-11-25",
        ],
    )
}

#[test]
fn a_campaign_over_two_grids_is_due_at_their_households_and_checks_move_the_tally() {
    let (dir, by_grid) = demo();
    let d = dir.path();
    let one = households_of(&by_grid, "一网格-1片");
    let two = households_of(&by_grid, "一网格-2片");
    // 应查 is the households of those two grids exactly, and none of the third's.
    assert_eq!((one.len(), two.len()), (265, 259));
    assert_eq!(
        start(d),
        "campaign “11月消防排查” (fire) started: 524 households to check by 2026-11-30\n"
    );
    assert_eq!(
        tally(d, "2026-11-26"),
        vec![
            ("一网格-1片".into(), 265, 0, 0, 0, 265, 0.0),
            ("一网格-2片".into(), 259, 0, 0, 0, 259, 0.0),
            ("total".into(), 524, 0, 0, 0, 524, 0.0),
        ]
    );
    let (a, b, c) = (
        one[0].address.to_string(),
        one[1].address.to_string(),
        two[0].address.to_string(),
    );
    assert_eq!(
        ok(d, &["campaign", "check", &a, "--result", "正常"]),
        format!("{a}: normal; 1 of 524 households checked\n")
    );
    assert_eq!(
        ok(d, &["campaign", "check", &b, "--result", "nobody home"]),
        format!("{b}: nobody home; 2 of 524 households checked\n")
    );
    ok(
        d,
        &[
            "campaign",
            "check",
            &c,
            "--result",
            "abnormal",
            "--note",
            "灭火器过期",
        ],
    );
    assert_eq!(
        tally(d, "2026-11-26"),
        vec![
            ("一网格-1片".into(), 265, 2, 0, 1, 263, 0.7),
            ("一网格-2片".into(), 259, 1, 1, 0, 258, 0.3),
            ("total".into(), 524, 3, 1, 1, 521, 0.5),
        ]
    );
    // Unnamed, the status shows this one running; the demo's flood campaign of last year,
    // ended more than 30 days ago, only with --all, by its end day.
    let shown = ok(d, &["campaign", "status", "--today", "2026-11-26"]);
    assert!(shown.starts_with("11月消防排查 (fire)  running"), "{shown}");
    assert!(!shown.contains("2025年防汛排查"), "{shown}");
    let all = ok(d, &["campaign", "status", "--all", "--today", "2026-11-26"]);
    assert!(
        all.ends_with("\n2025年防汛排查 (flood)  ended 2025-07-02\n"),
        "{all}"
    );
    assert_eq!(
        ok(
            d,
            &[
                "campaign",
                "status",
                "11月消防排查",
                "--today",
                "2026-11-26"
            ]
        ),
        "11月消防排查 (fire)  running  deadline 2026-11-30\n\
         grid        due  checked  abnormal  nobody home  left  %\n\
         一网格-1片  265  2        0         1            263   0.7\n\
         一网格-2片  259  1        1         0            258   0.3\n\
         total       524  3        1         1            521   0.5\n"
    );
    // The next door of the first grid is the first not checked at all, in door order.
    let mut doors: Vec<_> = one.iter().map(|h| h.address).collect();
    doors.sort_by_key(|x| (x.building, x.entrance, x.room));
    let first = doors
        .iter()
        .map(|x| x.to_string())
        .find(|x| *x != a && *x != b)
        .unwrap();
    assert_eq!(
        ok(d, &["campaign", "next", "--grid", "一网格-1片"]),
        format!("{first}\n")
    );
}

#[test]
fn abnormal_without_a_note_is_refused_and_a_result_not_in_the_set_too() {
    let (dir, by_grid) = demo();
    let d = dir.path();
    start(d);
    let a = households_of(&by_grid, "一网格-1片")[0].address.to_string();
    assert_eq!(
        refused(d, &["campaign", "check", &a, "--result", "异常"]),
        "gridbook: say what is wrong: 异常 needs a note, given with --note\n"
    );
    assert_eq!(
        refused(d, &["campaign", "check", &a, "--result", "maybe"]),
        "gridbook: “maybe” is not a result of this campaign; use one of 正常, 异常, 无人在家, 拒绝\n"
    );
    assert_eq!(
        refused(
            d,
            &["--lang", "zh", "campaign", "check", &a, "--result", "abnormal"]
        ),
        "gridbook: 请写明异常情况：异常需要用 --note 写说明\n"
    );
    // A household of the third grid is not the campaign's.
    let outside = households_of(&by_grid, "一网格-3片")[0].address.to_string();
    assert_eq!(
        refused(d, &["campaign", "check", &outside, "--result", "正常"]),
        format!("gridbook: {outside} is not in the grids of the campaign “11月消防排查”\n")
    );
}

#[test]
fn a_second_try_after_nobody_home_keeps_both_attempts_and_shows_the_latest() {
    let (dir, by_grid) = demo();
    let d = dir.path();
    start(d);
    let a = households_of(&by_grid, "一网格-2片")[3].address.to_string();
    ok(d, &["campaign", "check", &a, "--result", "无人在家"]);
    assert_eq!(tally(d, "2026-11-26")[1].4, 1);
    assert_eq!(
        ok(d, &["campaign", "check", &a, "--result", "正常"]),
        format!("{a}: normal (attempt 2); 1 of 524 households checked\n")
    );
    let attempts = json(&ok(d, &["campaign", "checks", &a, "--json"]));
    let results: Vec<&str> = attempts
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["result"].as_str().unwrap())
        .collect();
    assert_eq!(results, vec!["无人在家", "正常"]);
    assert_eq!(
        ok(d, &["campaign", "checks", &a]).lines().next(),
        Some(format!("{a}: normal").as_str())
    );
    // The latest shows: no longer 无人, still one checked.
    assert_eq!(
        tally(d, "2026-11-26")[1],
        ("一网格-2片".into(), 259, 1, 0, 0, 258, 0.3)
    );
}

#[test]
fn past_its_deadline_a_campaign_is_overdue_not_closed_until_ended_by_hand() {
    let (dir, by_grid) = demo();
    let d = dir.path();
    start(d);
    let status = |today: &str| {
        json(&ok(d, &["campaign", "status", "--today", today, "--json"]))[0]["state"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(status("2026-11-30"), "running");
    assert_eq!(status("2026-12-01"), "overdue");
    // Overdue, its doors are still checked.
    let a = households_of(&by_grid, "一网格-1片")[0].address.to_string();
    ok(d, &["campaign", "check", &a, "--result", "正常"]);
    assert_eq!(
        ok(
            d,
            &["campaign", "end", "11月消防排查", "--today", "2026-12-02"]
        ),
        "campaign “11月消防排查” ended: 1 of 524 households checked\n"
    );
    assert_eq!(status("2026-12-03"), "ended");
    assert_eq!(
        refused(d, &["campaign", "check", &a, "--result", "正常"]),
        "gridbook: no campaign is under way; an admin starts one with gridbook campaign start\n"
    );
}

fn start_over(admin: &Local, grids: Vec<Id>) -> Id {
    admin
        .call(StartCampaign {
            name: "防汛排查".into(),
            kind: CampaignKind::Flood,
            grids,
            started: day_of(common::ymd(2026, 11, 25)),
            deadline: day_of(common::ymd(2026, 12, 31)),
            results: vec![],
        })
        .unwrap()
        .id
}

fn due(b: &Local, campaign: Id) -> u64 {
    b.call(CampaignStatus {
        campaign: Some(campaign),
        today: day_of(common::ymd(2026, 11, 26)),
    })
    .unwrap()[0]
        .total
        .due
}

#[test]
fn a_household_added_after_the_start_joins_the_campaign() {
    let root = tempfile::tempdir().unwrap();
    let (store, admin) = common::second_grid_admin(root.path());
    let c = start_over(&admin, vec![3, 4]);
    assert_eq!(due(&admin, c), 5);
    store
        .write("fixture", |t| {
            t.put(&common::household(25, 11, "3-1-202", 105, vec![]))
        })
        .unwrap();
    assert_eq!(due(&admin, c), 6);
    let next = admin
        .call(NextDoor {
            campaign: c,
            grid: 3,
            building: Some(11),
            after: None,
        })
        .unwrap()
        .map(|h| h.address.to_string());
    assert_eq!(next.as_deref(), Some("3-1-201"));
}

fn check(b: &Local, campaign: Id, household: Id, result: &str) -> Result<String, String> {
    b.call(CheckDoor {
        campaign,
        household,
        result: result.into(),
        note: String::new(),
    })
    .map(|d| d.result)
    .map_err(|e| e.to_string())
}

const OUTSIDE: &str = "that is outside the grids you look after; ask a street admin if you need it";

#[test]
fn a_grid_captain_and_sent_down_staff_check_only_the_campaign_in_their_grids() {
    let root = tempfile::tempdir().unwrap();
    let (store, admin) = common::second_grid_admin(root.path());
    // The campaign covers 第二网格 only.
    let c = start_over(&admin, vec![4]);
    let captain = common::captain_backend(&store);
    // Her grid is not the campaign's; the campaign's grid is not hers.
    assert_eq!(check(&captain, c, 24, "正常"), Err(OUTSIDE.into()));
    assert_eq!(
        check(&captain, c, 22, "正常"),
        Err("5-2-301 is not in the grids of the campaign “防汛排查”".into())
    );
    assert!(captain
        .call(CampaignStatus {
            campaign: None,
            today: day_of(common::ymd(2026, 11, 26)),
        })
        .unwrap()
        .is_empty());
    // Not registered, nobody is sent down.
    let search = gridbook::search::SearchCell::start(store.clone());
    assert!(
        Local::sent_down(store.clone(), "lihua".into(), search.clone())
            .unwrap()
            .is_none()
    );
    let today = gridbook::model::time::local_day(store.now());
    admin
        .call(AddSentDown {
            campaign: c,
            person: "李华".into(),
            unit: "区应急局".into(),
            grid: 4,
            user: "lihua".into(),
            arrived: today,
        })
        .unwrap();
    let lihua = Local::sent_down(store.clone(), "lihua".into(), search.clone())
        .unwrap()
        .unwrap();
    assert_eq!(check(&lihua, c, 22, "正常"), Err(OUTSIDE.into()));
    assert_eq!(check(&lihua, c, 24, "无人在家"), Ok("无人在家".into()));
    // Only the campaign: the roster is not theirs to read.
    let err = lihua
        .call(gridbook::api::places::Households(12))
        .map(|_| ())
        .unwrap_err()
        .to_string();
    assert_eq!(
        err,
        "someone sent down for a campaign may only check its doors; ask a street admin for anything else"
    );
    let attempts = lihua
        .call(DoorChecks {
            campaign: c,
            household: 24,
        })
        .unwrap();
    assert_eq!(attempts.len(), 1);
    assert_eq!(attempts[0].by, "lihua");
    // For the campaign's length only: once it ends, they are sent down nowhere.
    admin
        .call(EndCampaign {
            campaign: c,
            day: today,
        })
        .unwrap();
    let ended = gridbook::model::time::day_text(today);
    assert_eq!(
        check(&lihua, c, 24, "正常"),
        Err(format!("the campaign “防汛排查” you were sent down to ended on {ended}; ask a street admin if you are needed again")),
        "ended: no grid is theirs any more, and the sentence says why"
    );
    assert!(Local::sent_down(store.clone(), "lihua".into(), search)
        .unwrap()
        .is_none());
}

#[test]
fn two_replicas_checking_one_door_keep_both_and_show_the_later() {
    use common::sync::{server_and_laptop, sync_as};
    let root = tempfile::tempdir().unwrap();
    let (server, laptop) = server_and_laptop(root.path(), "wangfang");
    let c = start_over(&server, vec![3]);
    sync_as(&laptop, &server, "community-server");
    // Offline in a stairwell, the laptop checks 5-2-301 later than the office does.
    let t = common::nov(26);
    server.store().freeze_clock(t);
    laptop.store().freeze_clock(t + 600);
    assert_eq!(check(&server, c, 22, "无人在家"), Ok("无人在家".into()));
    laptop
        .call(CheckDoor {
            campaign: c,
            household: 22,
            result: "异常".into(),
            note: "楼道堆放杂物".into(),
        })
        .unwrap();
    server.store().thaw_clock();
    laptop.store().thaw_clock();
    sync_as(&laptop, &server, "community-server");
    sync_as(&laptop, &server, "community-server");
    for (side, b) in [("server", &server), ("laptop", &laptop)] {
        let attempts: Vec<(String, String)> = b
            .call(DoorChecks {
                campaign: c,
                household: 22,
            })
            .unwrap()
            .into_iter()
            .map(|d| (d.result, d.by))
            .collect();
        assert_eq!(
            attempts,
            vec![
                ("无人在家".to_string(), "server".to_string()),
                ("异常".to_string(), "wangfang".to_string())
            ],
            "{side}"
        );
        let line = &b
            .call(CampaignStatus {
                campaign: Some(c),
                today: day_of(common::ymd(2026, 11, 26)),
            })
            .unwrap()[0];
        assert_eq!(
            (
                line.total.due,
                line.total.checked,
                line.total.abnormal,
                line.total.nobody_home
            ),
            (4, 1, 1, 0),
            "{side}"
        );
    }
}

//! The campaign tally kept as counters (issue 15, speed): exact after checks through the
//! command line, after checks synced from a laptop (two people at one door), after households
//! are added, moved and removed in a covered grid mid-campaign; `gridbook check` finds a
//! tampered counter and writes it again; a store written before the counters builds them on
//! open; a session reads the campaigns again only when a change may move them, one read at
//! a time.

mod common;

use common::{cli_ok as ok, wait_until_released};

use std::path::Path;
use std::sync::Arc;

use gridbook::api::campaigns::{CampaignStatus, CheckDoor, NextDoor, StartCampaign};
use gridbook::client::{Ask, Local};
use gridbook::model::time::day_of;
use gridbook::model::{CampaignKind, Household, Id};
use gridbook::store::check::check;
use gridbook::store::{codec, keys, OpenOptions, Store, TreeId};
use gridbook::tui::i18n::Lang;

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

/// (grid, due, checked, abnormal, nobody home, left, percent) of each grid and the total,
/// as `campaign status --json` says.
fn cli_tally(d: &Path) -> Vec<(String, u64, u64, u64, u64, u64, f64)> {
    let out = json(&ok(
        d,
        &["campaign", "status", "--today", "2026-11-26", "--json"],
    ));
    common::campaign_tally_rows(&out[0])
}

/// A flood campaign over 第一网格 (3-1-201, 5-1-101, 5-1-102, 5-2-301: households 20 to 23).
fn start(admin: &Local) -> Id {
    admin
        .call(StartCampaign {
            name: "防汛排查".into(),
            kind: CampaignKind::Flood,
            grids: vec![3],
            started: day_of(common::ymd(2026, 11, 25)),
            deadline: day_of(common::ymd(2026, 12, 31)),
            results: vec![],
        })
        .unwrap()
        .id
}

fn check_door(b: &Local, campaign: Id, household: Id, result: &str, note: &str) {
    b.call(CheckDoor {
        campaign,
        household,
        result: result.into(),
        note: note.into(),
    })
    .unwrap();
}

/// (grid, due, checked, abnormal, nobody home, refused, again) per grid, then the total.
fn tally(b: &Local, campaign: Id) -> Vec<(Id, [u64; 6])> {
    let line = b
        .call(CampaignStatus {
            campaign: Some(campaign),
            today: day_of(common::ymd(2026, 11, 26)),
        })
        .unwrap()
        .remove(0);
    let six = |t: &gridbook::model::Tally| {
        [
            t.due,
            t.checked,
            t.abnormal,
            t.nobody_home,
            t.refused,
            t.again,
        ]
    };
    line.grids
        .iter()
        .map(|g| (g.grid, six(&g.tally)))
        .chain([(0, six(&line.total))])
        .collect()
}

/// `check` finds the store sound, its counters among it.
fn sound(store: &Store) {
    let report = check(store).unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    assert!(report.mended.is_empty(), "{:?}", report.mended);
}

#[test]
fn checks_through_the_command_line_move_the_tally_exactly_and_a_second_try_replaces_the_first() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    common::small_demo(&d.join("store"));
    let (one, two) = {
        let store = Store::open(&d.join("store"), OpenOptions::default()).unwrap();
        let grid = |name: &str| {
            store
                .all::<gridbook::model::Grid>()
                .map(|g| g.unwrap())
                .find(|g| g.name == name)
                .unwrap()
                .id
        };
        let (g1, g2) = (grid("一网格-1片"), grid("一网格-2片"));
        let mut hs: Vec<Household> = store.all::<Household>().map(|h| h.unwrap()).collect();
        hs.sort_by_key(|h| h.address.to_string());
        let of = |g: Id| -> Vec<String> {
            hs.iter()
                .filter(|h| h.grid == g)
                .map(|h| h.address.to_string())
                .collect()
        };
        (of(g1), of(g2))
    };
    wait_until_released(&d.join("store"));
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
    );
    let checks: [(&str, &str, &str); 5] = [
        (&one[0], "正常", ""),
        (&one[1], "无人在家", ""),
        (&one[2], "拒绝", ""),
        (&two[0], "异常", "灭火器过期"),
        // The second try at the door nobody answered: its count moves, not adds.
        (&one[1], "正常", ""),
    ];
    for (address, result, note) in checks {
        let mut args = vec!["campaign", "check", address, "--result", result];
        if !note.is_empty() {
            args.extend(["--note", note]);
        }
        ok(d, &args);
    }
    assert_eq!(
        cli_tally(d),
        vec![
            ("一网格-1片".into(), 265, 3, 0, 0, 262, 1.1),
            ("一网格-2片".into(), 259, 1, 1, 0, 258, 0.3),
            ("total".into(), 524, 4, 1, 0, 520, 0.7),
        ]
    );
    // The counters agree with the records they were kept from.
    let (code, out, _) = common::cli(d, &["check"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.starts_with("the store is sound: "), "{out}");
}

#[test]
fn checks_synced_from_a_laptop_move_the_tally_once_on_both_sides() {
    use common::sync::{server_and_laptop, sync_as};
    let root = tempfile::tempdir().unwrap();
    let (server, laptop) = server_and_laptop(root.path(), "wangfang");
    let c = start(&server);
    sync_as(&laptop, &server, "community-server");
    // Two people at 5-2-301: the office finds nobody home, the laptop later finds a problem;
    // the laptop alone checks 3-1-201.
    let t = common::nov(26);
    server.store().freeze_clock(t);
    laptop.store().freeze_clock(t + 600);
    check_door(&server, c, 22, "无人在家", "");
    check_door(&laptop, c, 22, "异常", "楼道堆放杂物");
    check_door(&laptop, c, 23, "拒绝", "");
    server.store().thaw_clock();
    laptop.store().thaw_clock();
    let want = vec![(3, [4, 2, 1, 0, 1, 1]), (0, [4, 2, 1, 0, 1, 1])];
    // Syncing again brings nothing new and moves nothing.
    for round in 0..3 {
        sync_as(&laptop, &server, "community-server");
        if round == 0 {
            continue;
        }
        for (side, b) in [("server", &server), ("laptop", &laptop)] {
            assert_eq!(tally(b, c), want, "{side}, round {round}");
            sound(b.store());
        }
    }
}

#[test]
fn households_added_moved_and_removed_mid_campaign_move_its_tally() {
    let root = tempfile::tempdir().unwrap();
    let (store, admin) = common::second_grid_admin(root.path());
    let c = start(&admin);
    check_door(&admin, c, 22, "异常", "楼道堆放杂物");
    check_door(&admin, c, 20, "无人在家", "");
    assert_eq!(
        tally(&admin, c),
        vec![(3, [4, 2, 1, 1, 0, 1]), (0, [4, 2, 1, 1, 0, 1])]
    );
    // A household registered in the campaign's grid after the start joins it, unchecked.
    store
        .write("fixture", |t| {
            t.put(&common::household(25, 11, "3-1-202", 105, vec![]))
        })
        .unwrap();
    assert_eq!(tally(&admin, c)[1], (0, [5, 2, 1, 1, 0, 1]));
    // 5-2-301 moves to 第二网格, outside the campaign: its check goes with it.
    let regrid =
        |h: Id, grid: Id| common::sync::edit_household(&store, "admin", h, |x| x.grid = grid);
    regrid(22, 4);
    assert_eq!(tally(&admin, c)[1], (0, [4, 1, 0, 1, 0, 1]));
    // And back: it counts again, as checked.
    regrid(22, 3);
    assert_eq!(tally(&admin, c)[1], (0, [5, 2, 1, 1, 0, 1]));
    // 5-1-101 leaves the roster: it is no longer due, nor counted as checked.
    store
        .write("fixture", |t| {
            t.remove::<Household>(&keys::id(20)).map(|_| ())
        })
        .unwrap();
    assert_eq!(
        tally(&admin, c),
        vec![(3, [4, 1, 1, 0, 0, 0]), (0, [4, 1, 1, 0, 0, 0])]
    );
    // The next door of the grid is read from its households now, in door order: 3-1-201,
    // 3-1-202 (the newcomer), 5-1-102; 5-2-301 was checked.
    let next = |after: Option<Id>| {
        admin
            .call(NextDoor {
                campaign: c,
                grid: 3,
                building: None,
                after,
            })
            .unwrap()
            .map(|h| h.address.to_string())
    };
    assert_eq!(
        [next(None), next(Some(23)), next(Some(25)), next(Some(21))],
        [
            Some("3-1-201".to_string()),
            Some("3-1-202".to_string()),
            Some("5-1-102".to_string()),
            Some("3-1-201".to_string())
        ]
    );
    sound(&store);
}

/// The counts key of a campaign in a grid, and the households key of a grid, as stored.
fn counts_key(campaign: Id, grid: Id) -> Vec<u8> {
    keys::join(&[b"t", &keys::id(campaign), &keys::id(grid)])
}

fn grid_key(grid: Id) -> Vec<u8> {
    keys::join(&[b"g", &keys::id(grid)])
}

#[test]
fn check_says_a_tampered_count_disagreed_and_writes_it_again() {
    let root = tempfile::tempdir().unwrap();
    let (store, admin) = common::second_grid_admin(root.path());
    let c = start(&admin);
    check_door(&admin, c, 21, "正常", "");
    // 第一网格 said to hold 9 households, and its check forgotten.
    let tallies = store.tree(TreeId::CampaignTallies);
    tallies
        .insert(grid_key(3), &9u64.to_be_bytes()[..])
        .unwrap();
    tallies.remove(counts_key(c, 3)).unwrap();
    assert_eq!(tally(&admin, c)[1], (0, [9, 0, 0, 0, 0, 0]));
    let report = check(&store).unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    assert_eq!(
        report.mended,
        vec!["campaign_tallies: 2 counts disagreed with the households and door checks (first: grid 3); they were written again from the records".to_string()]
    );
    assert_eq!(tally(&admin, c)[1], (0, [4, 1, 0, 0, 0, 0]));
    sound(&store);
}

#[test]
fn the_command_line_check_says_the_campaign_tallies_were_mended() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("store");
    let c = {
        let (store, admin) = common::second_grid_admin(dir.path());
        let c = start(&admin);
        check_door(&admin, c, 21, "拒绝", "");
        let wrong = gridbook::model::Tally {
            checked: 3,
            refused: 3,
            again: 3,
            ..Default::default()
        };
        store
            .tree(TreeId::CampaignTallies)
            .insert(counts_key(c, 3), codec::encode(&wrong).unwrap())
            .unwrap();
        store.durable().unwrap();
        c
    };
    wait_until_released(&data);
    let (code, out, err) = common::cli(dir.path(), &["check"]);
    assert_eq!(
        (code, out.as_str(), err.trim_end()),
        (
            1,
            format!("campaign_tallies: 1 counts disagreed with the households and door checks (first: campaign {c} in grid 3); they were written again from the records\n").as_str(),
            "gridbook: the store had 1 problem, listed above, all mended: the campaign tallies were written again from the records; nothing else is needed"
        )
    );
    let (code, out, _) = common::cli(dir.path(), &["--lang", "zh", "check"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.starts_with("数据完好："), "{out}");
}

#[test]
fn a_store_written_before_the_counters_builds_them_on_open() {
    let root = tempfile::tempdir().unwrap();
    let data = root.path().join("store");
    let (c, then) = {
        let (store, admin) = common::second_grid_admin(root.path());
        let c = start(&admin);
        check_door(&admin, c, 23, "异常", "漏水");
        let then = tally(&admin, c);
        // What an older gridbook leaves: no counters and no mark of them.
        store.tree(TreeId::CampaignTallies).clear().unwrap();
        store.tree(TreeId::Meta).remove(b"tallies/v2").unwrap();
        store.durable().unwrap();
        (c, then)
    };
    assert_eq!(then[1], (0, [4, 1, 1, 0, 0, 0]));
    wait_until_released(&data);
    let store = Arc::new(Store::open(&data, OpenOptions::default()).unwrap());
    assert_eq!(
        store.notices,
        vec![
            "built the campaign tallies this gridbook keeps for its campaigns (1 door checked)"
                .to_string()
        ]
    );
    let search = gridbook::search::SearchCell::start(store.clone());
    let admin = Local::scoped(
        store.clone(),
        "admin".into(),
        gridbook::model::scope::Scope::everything(),
        search,
    );
    assert_eq!(tally(&admin, c), then);
    sound(&store);
    drop(admin);
    drop(store);
    wait_until_released(&data);
    let store = Store::open(&data, OpenOptions::default()).unwrap();
    assert!(store.notices.is_empty(), "{:?}", store.notices);
}

/// How many of the requests read the campaigns.
fn status_reads(reqs: &[gridbook::tui::worker::Request]) -> usize {
    reqs.iter()
        .filter(|r| format!("{:?}", r.query).contains("CampaignStatus"))
        .count()
}

fn changed(households: Vec<Id>) -> gridbook::api::ServerEvent {
    gridbook::api::ServerEvent::Changed {
        households,
        by: "wangfang".into(),
    }
}

#[test]
fn a_session_reads_the_campaigns_again_only_when_a_change_may_move_them_and_one_read_at_a_time() {
    let root = tempfile::tempdir().unwrap();
    let (_store, admin) = common::second_grid_admin(root.path());
    let mut app = common::app(&admin, Lang::Zh);
    // No campaign runs: a change to a household cannot move one.
    assert_eq!(status_reads(&app.on_server(changed(vec![21]))), 0);
    // A campaign started elsewhere names no household: it is read, and the banner shows it.
    let c = start(&admin);
    let reqs = app.on_server(changed(vec![]));
    assert_eq!(status_reads(&reqs), 1);
    common::settle(&mut app, &admin, reqs);
    let banner = |app: &gridbook::tui::app::App| {
        common::screen(app, 100, 30)
            .lines()
            .find(|l| l.contains("战时 · "))
            .map(|l| l.trim().to_string())
            .unwrap_or_default()
    };
    assert!(banner(&app).contains("已查 0/4 0%"), "{}", banner(&app));
    // Three checks elsewhere, three events before the first read is answered: one read in
    // flight, and one more after it, which shows all three.
    check_door(&admin, c, 20, "正常", "");
    let first = app.on_server(changed(vec![20]));
    check_door(&admin, c, 21, "正常", "");
    let second = app.on_server(changed(vec![21]));
    check_door(&admin, c, 22, "正常", "");
    let third = app.on_server(changed(vec![22]));
    assert_eq!(
        (
            status_reads(&first),
            status_reads(&second),
            status_reads(&third)
        ),
        (1, 0, 0)
    );
    let mut reqs = first;
    reqs.extend(second);
    reqs.extend(third);
    let mut answered = Vec::new();
    for r in reqs {
        let answer = gridbook::tui::worker::answer(&admin, &r.query);
        answered.extend(app.on_answer(gridbook::tui::worker::Response { id: r.id, answer }));
    }
    assert_eq!(status_reads(&answered), 1);
    common::settle(&mut app, &admin, answered);
    assert!(banner(&app).contains("已查 3/4 75%"), "{}", banner(&app));
}

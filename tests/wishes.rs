//! Small wishes (微心愿, issue 14 part 3): raised for a household, dispatched or claimed,
//! fulfilled, reviewed or closed from the command line with exact sentences; impossible
//! moves refused in one sentence with nothing written; overdue wishes listed; a grid captain
//! kept to her grids' wishes.

mod common;

use common::{cli_ok as ok, cli_refused as refused, wait_until_released};

use std::path::Path;
use std::sync::Arc;

use gridbook::api::wishes::{AddWish, ClaimWish, CloseWish, WishLine, Wishes};
use gridbook::client::Ask;
use gridbook::model::time::day_of;
use gridbook::model::{WishCategory, WishSource, WishState};

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

/// The small fixture with a second grid (第二网格, 7-1-101), on disk and released.
fn fixture() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    {
        let store = common::small_store(&dir.path().join("store"));
        common::add_second_grid(&store);
    }
    wait_until_released(&dir.path().join("store"));
    dir
}

/// Raises a wish and returns its id.
fn add(dir: &Path, args: &[&str]) -> u64 {
    let mut all = vec!["wish", "add"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--today", "2026-11-25", "--json"]);
    json(&ok(dir, &all))["id"].as_u64().unwrap()
}

#[test]
fn a_wish_is_dispatched_fulfilled_and_reviewed() {
    let dir = fixture();
    let d = dir.path();
    let out = ok(
        d,
        &[
            "wish",
            "add",
            "5-2-301",
            "--text",
            "换个楼道灯",
            "--category",
            "维修",
            "--today",
            "2026-11-25",
        ],
    );
    let id = json(&ok(d, &["wish", "list", "--json"]))[0]["id"]
        .as_u64()
        .unwrap();
    assert_eq!(
        out,
        format!("wish {id} raised for 5-2-301: “换个楼道灯” (repairs), waiting to be claimed\n")
    );
    let ids = id.to_string();
    assert_eq!(
        ok(d, &["wish", "dispatch", &ids, "--to", "党员志愿服务队"]),
        format!("wish {id} dispatched to “党员志愿服务队”\n")
    );
    assert_eq!(
        ok(d, &["wish", "done", &ids, "--note", "换好了"]),
        format!("wish {id} fulfilled\n")
    );
    assert_eq!(
        ok(
            d,
            &[
                "wish",
                "review",
                &ids,
                "--satisfaction",
                "5",
                "--note",
                "很满意"
            ]
        ),
        format!("wish {id} reviewed: satisfaction 5 of 5\n")
    );
    let w = json(&ok(d, &["wish", "list", "--json"]));
    assert_eq!(w[0]["state"], "reviewed");
    assert_eq!(w[0]["satisfaction"], 5);
    assert_eq!(w[0]["taker"], "党员志愿服务队");
    assert_eq!(w[0]["category"], "repairs");
    assert_eq!(w[0]["address"], "5-2-301");
    assert_eq!(w[0]["grid"], "第一网格");
    // Each change is in the audit trail, on the household's history too.
    let log = json(&ok(d, &["audit", "log", "--json", "--limit", "4"]));
    assert_eq!(log.as_array().unwrap().len(), 4);
    assert!(
        log.as_array()
            .unwrap()
            .iter()
            .all(|e| e.to_string().contains("wishes")),
        "{log}"
    );
    // Every wish is counted and indexed as `check` expects.
    assert_eq!(
        ok(d, &["check"]),
        "the store is sound: 28 records and 38 index entries agree\n"
    );
    // In Chinese.
    assert_eq!(
        ok(d, &["--lang", "zh", "wish", "list"]),
        format!(
            "编号  地址     网格      类别  状态    期限  心愿\n{id:<4}  5-2-301  第一网格  维修  已回访        换个楼道灯\n共 1 个心愿，其中 0 个逾期\n"
        )
    );
}

#[test]
fn a_claim_given_back_is_claimed_again_and_fulfilled() {
    let dir = fixture();
    let d = dir.path();
    let id = add(
        d,
        &["5-2-301", "--text", "陪老人去医院", "--category", "visits"],
    );
    let ids = id.to_string();
    assert_eq!(
        ok(d, &["wish", "claim", &ids, "--by", "张党员"]),
        format!("wish {id} claimed by “张党员”\n")
    );
    assert_eq!(
        ok(d, &["wish", "cancel", &ids, "--reason", "临时出差"]),
        format!("wish {id} given back; it waits to be claimed again\n")
    );
    assert_eq!(
        ok(
            d,
            &["--lang", "zh", "wish", "claim", &ids, "--by", "李党员"]
        ),
        format!("心愿 {id} 已由“李党员”认领\n")
    );
    let done = json(&ok(
        d,
        &["wish", "done", &ids, "--note", "已陪同就诊", "--json"],
    ));
    assert_eq!(done["state"], "fulfilled");
    assert_eq!(done["taker"], "李党员");
    let steps: Vec<(String, String)> = done["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["to"].as_str().unwrap().to_string(),
                s["note"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        steps,
        [
            ("claimed", "张党员"),
            ("waiting to be claimed", "临时出差"),
            ("claimed", "李党员"),
            ("fulfilled", "已陪同就诊")
        ]
        .map(|(a, b)| (a.to_string(), b.to_string()))
    );
}

#[test]
fn a_wish_is_closed_with_its_reason_and_impossible_moves_write_nothing() {
    let dir = fixture();
    let d = dir.path();
    let id = add(
        d,
        &["3-1-201", "--text", "申请低保", "--category", "政策咨询"],
    );
    let ids = id.to_string();
    assert_eq!(
        refused(d, &["wish", "done", &ids, "--note", "x"]),
        "gridbook: this wish is waiting to be claimed; only a claimed or dispatched wish can be marked fulfilled\n"
    );
    assert_eq!(
        refused(
            d,
            &[
                "--lang",
                "zh",
                "wish",
                "review",
                &ids,
                "--satisfaction",
                "3"
            ]
        ),
        "gridbook: 该心愿待认领；只有已实现的心愿才能回访\n"
    );
    assert_eq!(
        refused(d, &["wish", "close", &ids, "--reason", " "]),
        "gridbook: say why the wish is closed\n"
    );
    assert_eq!(
        refused(d, &["wish", "claim", "999999", "--by", "张"]),
        "gridbook: there is no wish 999999\n"
    );
    assert_eq!(
        ok(d, &["wish", "close", &ids, "--reason", "住户已搬走"]),
        format!("wish {id} closed\n")
    );
    assert_eq!(
        refused(d, &["wish", "dispatch", &ids, "--to", "服务队"]),
        "gridbook: this wish is closed; only a wish waiting to be claimed can be claimed or dispatched\n"
    );
    assert_eq!(
        refused(d, &["wish", "add", "3-1-201", "--text", "x", "--category", "food"]),
        "gridbook: there is no wish category “food”; use goods, visits, repairs, work, policy or other\n"
    );
    assert_eq!(
        refused(d, &["wish", "add", "3-1-201", "--text", "  "]),
        "gridbook: a wish needs its text; say in a few words what the household wishes for\n"
    );
    let closed = json(&ok(d, &["wish", "list", "--state", "已关闭", "--json"]));
    assert_eq!(closed.as_array().unwrap().len(), 1);
    assert_eq!(
        ok(d, &["wish", "list", "--state", "open"]),
        "no wishes match\n"
    );
}

#[test]
fn overdue_wishes_are_listed_by_day_and_grid() {
    let dir = fixture();
    let d = dir.path();
    let late = add(
        d,
        &[
            "5-2-301",
            "--text",
            "送米面油",
            "--category",
            "goods",
            "--due",
            "2026-11-28",
        ],
    );
    let done = add(
        d,
        &[
            "3-1-201",
            "--text",
            "修水管",
            "--category",
            "repairs",
            "--due",
            "2026-11-27",
        ],
    );
    add(
        d,
        &[
            "5-2-301",
            "--text",
            "辅导作业",
            "--category",
            "work",
            "--due",
            "2026-12-10",
        ],
    );
    let other = add(
        d,
        &[
            "7-1-101",
            "--text",
            "理发",
            "--due",
            "2026-11-26",
            "--private",
        ],
    );
    ok(d, &["wish", "claim", &done.to_string(), "--by", "王师傅"]);
    ok(d, &["wish", "done", &done.to_string(), "--note", "修好了"]);
    assert_eq!(
        ok(d, &["wish", "list", "--overdue", "--grid", "第一网格", "--today", "2026-12-01"]),
        format!(
            "id    address  grid      category  state                  due                   wish\n{late:<4}  5-2-301  第一网格  goods     waiting to be claimed  2026-11-28 (overdue)  送米面油\n1 wish, 1 of them overdue\n"
        )
    );
    let all = json(&ok(
        d,
        &[
            "wish",
            "list",
            "--overdue",
            "--json",
            "--today",
            "2026-12-01",
        ],
    ));
    let ids: Vec<u64> = all
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["id"].as_u64().unwrap())
        .collect();
    assert_eq!(ids, vec![late, other]);
    assert_eq!(all[1]["private"], true);
    assert_eq!(all[1]["address"], "7-1-101");
    assert_eq!(all[1]["due"], "2026-11-26");
    let repairs = json(&ok(d, &["wish", "list", "--category", "维修", "--json"]));
    assert_eq!(repairs[0]["state"], "fulfilled");
}

#[test]
fn a_grid_captain_sees_and_changes_only_her_grids_wishes() {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(common::small_store(dir.path()));
    common::add_second_grid(&store);
    let owner = gridbook::client::local::Local::scoped(
        store.clone(),
        "wangfang".into(),
        gridbook::model::scope::Scope::everything(),
        gridbook::search::SearchCell::start(store.clone()),
    );
    let captain = common::captain_backend(&store);
    let wish = |household| AddWish {
        household,
        text: "送米面油".into(),
        category: WishCategory::Goods,
        source: WishSource::Staff,
        raised: day_of(common::ymd(2026, 11, 25)),
        due: None,
        private: true,
    };
    // 7-1-101 is in 第二网格, outside hers: she can neither raise a wish there nor see one.
    let theirs = owner.call(wish(24)).unwrap();
    let err = captain.call(wish(24)).unwrap_err();
    assert_eq!(
        err.to_string(),
        "that is outside the grids you look after; ask a street admin if you need it"
    );
    let err = captain
        .call(ClaimWish {
            wish: theirs.id,
            by: "张".into(),
        })
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "that is outside the grids you look after; ask a street admin if you need it"
    );
    let mine = captain.call(wish(22)).unwrap();
    let seen: Vec<WishLine> = captain.call(Wishes::default()).unwrap();
    assert_eq!(
        seen.iter().map(|l| l.wish.id).collect::<Vec<_>>(),
        vec![mine.id]
    );
    assert_eq!(seen[0].wish.state, WishState::Open);
    // The private wish of the other grid, its address with it, is listed to none but those
    // whose scope covers its household.
    let all: Vec<WishLine> = owner.call(Wishes::default()).unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(
        store
            .get_id::<gridbook::model::Wish>(theirs.id)
            .unwrap()
            .unwrap()
            .history
            .len(),
        0
    );
}

#[test]
fn a_wish_and_its_changes_go_to_the_server_and_come_back_by_sync() {
    let root = tempfile::tempdir().unwrap();
    let (server, laptop) = server_and_laptop(root.path());
    let w = laptop
        .call(AddWish {
            household: 22,
            text: "送米面油".into(),
            category: WishCategory::Goods,
            source: WishSource::Staff,
            raised: day_of(common::ymd(2026, 11, 25)),
            due: None,
            private: false,
        })
        .unwrap();
    sync(&laptop, &server);
    // Claimed on the server, the claim comes back to the laptop.
    server
        .call(ClaimWish {
            wish: w.id,
            by: "张党员".into(),
        })
        .unwrap();
    sync(&laptop, &server);
    let back = laptop
        .store()
        .get_id::<gridbook::model::Wish>(w.id)
        .unwrap()
        .unwrap();
    assert_eq!(back.state, WishState::Claimed);
    assert_eq!(back.taker.as_deref(), Some("张党员"));
    let listed: Vec<WishLine> = laptop.call(Wishes::default()).unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].address.to_string(), "5-2-301");
}

#[test]
fn a_wish_claimed_on_a_laptop_and_closed_on_the_server_shows_the_later_and_keeps_the_claim() {
    let root = tempfile::tempdir().unwrap();
    let (server, laptop) = server_and_laptop(root.path());
    let w = server
        .call(AddWish {
            household: 22,
            text: "修理楼道灯".into(),
            category: WishCategory::Repair,
            source: WishSource::Staff,
            raised: day_of(common::ymd(2026, 11, 25)),
            due: None,
            private: false,
        })
        .unwrap();
    sync(&laptop, &server);
    // Offline in the stairwell, the laptop takes the claim of a volunteer...
    laptop
        .call(ClaimWish {
            wish: w.id,
            by: "王志愿".into(),
        })
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(5));
    // ...while the office, later, closes the wish: the street repaired the light itself.
    server
        .call(CloseWish {
            wish: w.id,
            reason: "物业已修好".into(),
        })
        .unwrap();
    sync(&laptop, &server);
    sync(&laptop, &server);
    for side in [&laptop, &server] {
        let back = side
            .store()
            .get_id::<gridbook::model::Wish>(w.id)
            .unwrap()
            .unwrap();
        assert_eq!(back.state, WishState::Closed);
        assert_eq!(back.taker, None);
        let steps: Vec<(WishState, &str)> = back
            .history
            .iter()
            .map(|s| (s.to, s.note.as_str()))
            .collect();
        assert_eq!(steps.last(), Some(&(WishState::Closed, "物业已修好")));
    }
    // The claim that lost is not silently gone: the laptop's conflicts keep it for review.
    let lost: Vec<String> = laptop
        .store()
        .conflicts()
        .unwrap()
        .into_iter()
        .filter(|c| c.conflict.field == "taker")
        .map(|c| c.conflict.lost)
        .collect();
    assert_eq!(lost, vec!["\"王志愿\"".to_string()]);
}

/// The small fixture as the server ("server") and an empty laptop ("li") under `root`, the
/// laptop synced once.
fn server_and_laptop(root: &Path) -> (gridbook::client::Local, gridbook::client::Local) {
    use gridbook::client::Local;
    use gridbook::store::{OpenOptions, Store};
    {
        common::small_store(&root.join("server"));
    }
    wait_until_released(&root.join("server"));
    let open = |name: &str, user: &str| {
        Local::new(
            Store::open(&root.join(name), OpenOptions::default()).unwrap(),
            user.into(),
        )
    };
    let (server, laptop) = (open("server", "server"), open("laptop", "li"));
    sync(&laptop, &server);
    (server, laptop)
}

/// One sync of the laptop with the server, over a socket pair.
fn sync(laptop: &gridbook::client::Local, server: &gridbook::client::Local) {
    use gridbook::cli::sync::{drive, serve};
    let (a, b) = std::os::unix::net::UnixStream::pair().unwrap();
    std::thread::scope(|s| {
        let side = s.spawn(|| serve(server, b.try_clone().unwrap(), b));
        drive(laptop, "peer", a.try_clone().unwrap(), a).unwrap();
        let _ = side.join().unwrap();
    });
}

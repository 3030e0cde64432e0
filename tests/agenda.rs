//! Agenda items and meetings (议事协商, issue 15 parts 3–5): an item's whole chain through the
//! command line with exact sentences and its history; refusals in one sentence that write
//! nothing; the open-decisions list, overdue first; a meeting that discussed two items; the
//! 议事协商台账 read back with calamine; a grid captain kept to her grids' items.

mod common;

use common::{cli_ok as ok, cli_refused as refused, wait_until_released};

use std::path::Path;
use std::sync::Arc;

use gridbook::api::agenda::{AddAgendaItem, AddMeeting, AdvanceAgendaItem, AgendaItems};
use gridbook::client::Ask;
use gridbook::model::time::day_of;
use gridbook::model::{AgendaKind, AgendaState, MeetingKind, RaisedBy};

const OUTSIDE: &str = "that is outside the grids you look after; ask a street admin if you need it";

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

/// Raises an item on 2026-11-02 and returns its id.
fn add(dir: &Path, topic: &str, args: &[&str]) -> u64 {
    let mut all = vec!["agenda", "add", topic];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--today", "2026-11-02", "--json"]);
    json(&ok(dir, &all))["id"].as_u64().unwrap()
}

/// Takes an item from 动议 to 协商中.
fn to_deliberation(dir: &Path, id: &str) {
    ok(dir, &["agenda", "advance", id, "--to", "accept"]);
    ok(dir, &["agenda", "advance", id, "--to", "deliberate"]);
}

/// The one item of `agenda list --json` with this id.
fn listed(dir: &Path, id: u64) -> serde_json::Value {
    let all = json(&ok(dir, &["agenda", "list", "--json"]));
    all.as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == id)
        .cloned()
        .unwrap_or_else(|| panic!("no item {id} in {all}"))
}

#[test]
fn an_item_goes_from_proposed_to_made_public_with_its_history() {
    let dir = fixture();
    let d = dir.path();
    let out = ok(
        d,
        &[
            "agenda",
            "add",
            "加装电梯",
            "--kind",
            "居民议事",
            "--from",
            "5-2-301",
            "--today",
            "2026-11-02",
        ],
    );
    let id = json(&ok(d, &["agenda", "list", "--json"]))[0]["id"]
        .as_u64()
        .unwrap();
    let ids = id.to_string();
    assert_eq!(
        out,
        format!("agenda item {id} raised by 5-2-301: “加装电梯” (residents' council), proposed\n")
    );
    let steps: [(&[&str], String); 7] = [
        (
            &["agenda", "advance", &ids, "--to", "受理"],
            format!("agenda item {id}: proposed → accepted\n"),
        ),
        // Without --to, the next state of the chain.
        (
            &["agenda", "advance", &ids],
            format!("agenda item {id}: accepted → under deliberation\n"),
        ),
        (
            &["agenda", "note", &ids, "业主代表意见一致"],
            format!("note added to agenda item {id} (under deliberation)\n"),
        ),
        (
            &[
                "agenda",
                "decide",
                &ids,
                "--decision",
                "分两期加装",
                "--owner",
                "物业公司",
                "--due",
                "2026-12-20",
            ],
            format!("agenda item {id} decided: “分两期加装”, owner “物业公司”, due 2026-12-20\n"),
        ),
        (
            &["agenda", "advance", &ids, "--to", "carry-out"],
            format!("agenda item {id}: decided → being carried out\n"),
        ),
        (
            &[
                "agenda",
                "advance",
                &ids,
                "--to",
                "已办结",
                "--note",
                "验收通过",
                "--today",
                "2026-11-28",
            ],
            format!("agenda item {id}: being carried out → finished\n"),
        ),
        (
            &["agenda", "advance", &ids, "--to", "publish"],
            format!("agenda item {id}: finished → made public\n"),
        ),
    ];
    for (args, said) in steps {
        assert_eq!(ok(d, args), said, "{args:?}");
    }
    let item = listed(d, id);
    assert_eq!(item["state"], "made public");
    assert_eq!(item["raised_by"], "5-2-301");
    assert_eq!(item["decision"], "分两期加装");
    assert_eq!(item["owner"], "物业公司");
    assert_eq!(item["due"], "2026-12-20");
    assert_eq!(item["done"], "2026-11-28");
    // Every change is kept: who, from and to which state, and why.
    let history: Vec<(String, String, String)> = item["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["from"].as_str().unwrap().to_string(),
                s["to"].as_str().unwrap().to_string(),
                s["note"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let h = |from: &str, to: &str, note: &str| (from.to_string(), to.to_string(), note.to_string());
    assert_eq!(
        history,
        vec![
            h("proposed", "accepted", ""),
            h("accepted", "under deliberation", ""),
            h(
                "under deliberation",
                "under deliberation",
                "业主代表意见一致"
            ),
            h("under deliberation", "decided", "分两期加装"),
            h("decided", "being carried out", ""),
            h("being carried out", "finished", "验收通过"),
            h("finished", "made public", ""),
        ]
    );
    let by = item["history"][0]["by"].as_str().unwrap();
    assert!(!by.is_empty());
    assert!(item["history"]
        .as_array()
        .unwrap()
        .iter()
        .all(|s| s["by"] == by && !s["at"].as_str().unwrap().is_empty()));
    // Each change is in the audit trail.
    let log = json(&ok(d, &["audit", "log", "--json", "--limit", "8"]));
    assert_eq!(log.as_array().unwrap().len(), 8);
    assert!(
        log.as_array()
            .unwrap()
            .iter()
            .all(|e| e.to_string().contains("agenda_items")),
        "{log}"
    );
    // The item is counted as `check` expects.
    assert_eq!(
        ok(d, &["check"]),
        "the store is sound: 28 records and 37 index entries agree\n"
    );
    // In Chinese.
    assert_eq!(
        ok(d, &["--lang", "zh", "agenda", "list"]),
        format!(
            "编号  状态    类别      提出     会议  议题\n{id:>4}  已公示  居民议事  5-2-301        加装电梯\n共 1 个议题\n"
        )
    );
}

#[test]
fn not_accepting_an_item_needs_its_reason() {
    let dir = fixture();
    let d = dir.path();
    let id = add(
        d,
        "在小区内养鸽子",
        &["--kind", "other", "--from", "3-1-201"],
    );
    let ids = id.to_string();
    assert_eq!(
        refused(d, &["agenda", "advance", &ids, "--to", "reject"]),
        "gridbook: an item not accepted needs the reason; give it with --reason\n"
    );
    assert_eq!(
        refused(
            d,
            &[
                "--lang",
                "zh",
                "agenda",
                "advance",
                &ids,
                "--to",
                "不予受理"
            ]
        ),
        "gridbook: 不予受理须写明理由；请用 --reason 写明\n"
    );
    assert_eq!(
        ok(
            d,
            &[
                "agenda",
                "advance",
                &ids,
                "--to",
                "reject",
                "--reason",
                "不属于社区议事范围"
            ]
        ),
        format!("agenda item {id}: proposed → not accepted\n")
    );
    let item = listed(d, id);
    assert_eq!(item["history"][0]["note"], "不属于社区议事范围");
    // Settled: no longer among the open items, and it goes no further.
    assert_eq!(ok(d, &["agenda", "list", "--open"]), "no agenda items\n");
    assert_eq!(
        refused(d, &["agenda", "advance", &ids, "--to", "accept"]),
        "gridbook: this agenda item is not accepted; it cannot move any further\n"
    );
}

#[test]
fn a_decision_without_its_owner_or_due_day_is_refused() {
    let dir = fixture();
    let d = dir.path();
    let id = add(
        d,
        "楼道堆物清理",
        &["--kind", "红色物业", "--from", "物业公司"],
    );
    let ids = id.to_string();
    // Not yet under deliberation: it cannot be decided.
    assert_eq!(
        refused(
            d,
            &[
                "agenda",
                "decide",
                &ids,
                "--decision",
                "限期清理",
                "--owner",
                "物业公司",
                "--due",
                "2026-12-01"
            ]
        ),
        "gridbook: this agenda item is proposed; it can go next only to accepted or not accepted\n"
    );
    to_deliberation(d, &ids);
    assert_eq!(
        refused(
            d,
            &[
                "agenda",
                "decide",
                &ids,
                "--decision",
                "限期清理",
                "--due",
                "2026-12-01"
            ]
        ),
        "gridbook: a decision needs its owner and due day: give them with --owner NAME --due DAY\n"
    );
    assert_eq!(
        refused(
            d,
            &[
                "agenda",
                "decide",
                &ids,
                "--decision",
                "限期清理",
                "--owner",
                "物业公司"
            ]
        ),
        "gridbook: a decision needs its owner and due day: give them with --owner NAME --due DAY\n"
    );
    assert_eq!(
        refused(
            d,
            &[
                "agenda",
                "decide",
                &ids,
                "--decision",
                "限期清理",
                "--owner",
                " ",
                "--due",
                "2026-12-01"
            ]
        ),
        "gridbook: a decision needs an owner: the person or unit who carries it out\n"
    );
    assert_eq!(
        refused(
            d,
            &[
                "--lang",
                "zh",
                "agenda",
                "decide",
                &ids,
                "--decision",
                "限期清理",
                "--owner",
                " ",
                "--due",
                "2026-12-01"
            ]
        ),
        "gridbook: 决议需要责任人：负责落实的人或单位\n"
    );
    // Nor is 已决议 reached by advance.
    assert_eq!(
        refused(d, &["agenda", "advance", &ids, "--to", "decided"]),
        "gridbook: an item is decided with its decision, owner and due day: use agenda decide\n"
    );
    assert_eq!(listed(d, id)["state"], "under deliberation");
}

#[test]
fn a_jump_is_refused_naming_the_states_it_may_go_to() {
    let dir = fixture();
    let d = dir.path();
    let id = add(d, "增设充电桩", &["--kind", "joint"]);
    let ids = id.to_string();
    assert_eq!(
        refused(d, &["agenda", "advance", &ids, "--to", "已办结"]),
        "gridbook: this agenda item is proposed; it can go next only to accepted or not accepted\n"
    );
    assert_eq!(
        refused(
            d,
            &["--lang", "zh", "agenda", "advance", &ids, "--to", "finish"]
        ),
        "gridbook: 该议题为动议；下一步只能是受理或不予受理\n"
    );
    ok(d, &["agenda", "advance", &ids, "--to", "accept"]);
    assert_eq!(
        refused(d, &["agenda", "advance", &ids, "--to", "publish"]),
        "gridbook: this agenda item is accepted; it can go next only to under deliberation\n"
    );
    assert_eq!(
        refused(d, &["agenda", "advance", &ids, "--to", "whenever"]),
        "gridbook: there is no agenda state “whenever”; use accept, reject, deliberate, carry-out, finish or publish\n"
    );
    assert_eq!(
        refused(d, &["agenda", "advance", "999999", "--to", "accept"]),
        "gridbook: there is no agenda item 999999\n"
    );
    assert_eq!(listed(d, id)["state"], "accepted");
}

#[test]
fn the_open_decisions_come_overdue_first_then_by_due_day() {
    let dir = fixture();
    let d = dir.path();
    let decided = |topic: &str, owner: &str, due: &str| {
        let id = add(d, topic, &["--kind", "居民议事", "--from", "5-1-102"]);
        let ids = id.to_string();
        to_deliberation(d, &ids);
        ok(
            d,
            &[
                "agenda",
                "decide",
                &ids,
                "--decision",
                topic,
                "--owner",
                owner,
                "--due",
                due,
            ],
        );
        id
    };
    let late = decided("修补围墙", "物业公司", "2026-11-22");
    let later = decided("更换路灯", "街道城管科", "2026-12-10");
    let latest = decided("清理化粪池", "环卫所", "2026-11-20");
    let soon = decided("增设垃圾分类亭", "业委会", "2026-12-01");
    ok(
        d,
        &["agenda", "advance", &soon.to_string(), "--to", "carry-out"],
    );
    // Neither a proposed item nor a finished one is a decision still open.
    add(d, "还没受理的议题", &["--kind", "other"]);
    let done = decided("已办完的事", "物业公司", "2026-11-10");
    ok(
        d,
        &["agenda", "advance", &done.to_string(), "--to", "carry-out"],
    );
    ok(
        d,
        &["agenda", "advance", &done.to_string(), "--to", "finish"],
    );
    assert_eq!(
        ok(d, &["agenda", "decisions", "--today", "2026-11-25"]),
        format!(
            "id    due                   owner       state              decision\n\
             {latest}  2026-11-20 (overdue)  环卫所      decided            清理化粪池\n\
             {late}  2026-11-22 (overdue)  物业公司    decided            修补围墙\n\
             {soon}  2026-12-01            业委会      being carried out  增设垃圾分类亭\n\
             {later}  2026-12-10            街道城管科  decided            更换路灯\n\
             4 open decisions, 2 of them overdue\n"
        )
    );
    let order: Vec<u64> = json(&ok(
        d,
        &["agenda", "decisions", "--today", "2026-11-25", "--json"],
    ))
    .as_array()
    .unwrap()
    .iter()
    .map(|i| i["id"].as_u64().unwrap())
    .collect();
    assert_eq!(order, vec![latest, late, soon, later]);
}

#[test]
fn a_meeting_discusses_two_items_and_each_records_it() {
    let dir = fixture();
    let d = dir.path();
    let a = add(d, "加装电梯", &["--kind", "居民议事", "--from", "5-2-301"]);
    let b = add(
        d,
        "停车位划线",
        &["--kind", "联席会议", "--from", "物业公司"],
    );
    let out = ok(
        d,
        &[
            "meeting",
            "add",
            "--kind",
            "居民议事会",
            "--date",
            "2026-11-20",
            "--chair",
            "李书记",
            "--present",
            "物业公司,业委会",
            "--absent",
            "派出所",
            "--items",
            &format!("{a},{b}"),
        ],
    );
    let meetings = json(&ok(d, &["meeting", "list", "--json"]));
    let m = meetings[0]["id"].as_u64().unwrap();
    assert_eq!(
        out,
        format!("meeting {m} recorded: council of residents on 2026-11-20, chaired by “李书记”, 2 present, 1 absent, agenda items {a} and {b}\n")
    );
    assert_eq!(listed(d, a)["meetings"], serde_json::json!([m]));
    assert_eq!(listed(d, b)["meetings"], serde_json::json!([m]));
    assert_eq!(
        ok(d, &["--lang", "zh", "meeting", "list"]),
        format!(
            "编号  日期            类别        主持人  出席              缺席    议题\n\
             {m:>4}  2026年11月20日  居民议事会  李书记  物业公司、业委会  派出所  {a},{b}\n"
        )
    );
    // A meeting of an item that is not there records nothing.
    assert_eq!(
        refused(
            d,
            &[
                "meeting",
                "add",
                "--kind",
                "joint",
                "--date",
                "2026-11-21",
                "--chair",
                "李书记",
                "--items",
                "999999"
            ]
        ),
        "gridbook: there is no agenda item 999999\n"
    );
    assert_eq!(
        refused(
            d,
            &[
                "meeting",
                "add",
                "--kind",
                "council",
                "--date",
                "2026-11-21",
                "--chair",
                "李书记",
                "--present",
                "王五",
                "--absent",
                "王五"
            ]
        ),
        "gridbook: “王五” is both present and absent; name them once\n"
    );
}

#[test]
fn the_agenda_ledger_has_one_row_an_item_of_the_month() {
    let dir = fixture();
    let d = dir.path();
    let a = add(d, "加装电梯", &["--kind", "居民议事", "--from", "5-2-301"]);
    let b = add(
        d,
        "停车位划线",
        &["--kind", "联席会议", "--from", "物业公司"],
    );
    let c = add(
        d,
        "在小区内养鸽子",
        &["--kind", "other", "--from", "7-1-101"],
    );
    // Raised after November: not in its ledger.
    ok(
        d,
        &[
            "agenda",
            "add",
            "明年的议题",
            "--kind",
            "other",
            "--today",
            "2026-12-02",
        ],
    );
    let (ai, bi, ci) = (a.to_string(), b.to_string(), c.to_string());
    to_deliberation(d, &ai);
    ok(
        d,
        &[
            "agenda",
            "decide",
            &ai,
            "--decision",
            "分两期加装",
            "--owner",
            "物业公司",
            "--due",
            "2026-12-20",
        ],
    );
    ok(d, &["agenda", "advance", &ai, "--to", "carry-out"]);
    ok(
        d,
        &[
            "agenda",
            "advance",
            &ai,
            "--to",
            "finish",
            "--today",
            "2026-11-28",
        ],
    );
    ok(d, &["agenda", "advance", &bi, "--to", "accept"]);
    ok(
        d,
        &[
            "agenda",
            "advance",
            &ci,
            "--to",
            "reject",
            "--reason",
            "不属于社区议事范围",
        ],
    );
    ok(
        d,
        &[
            "meeting",
            "add",
            "--kind",
            "红色议事厅",
            "--date",
            "2026-11-20",
            "--chair",
            "李书记",
            "--items",
            &ai,
        ],
    );
    let file = d.join("议事.xlsx");
    let f = file.to_str().unwrap();
    assert_eq!(
        ok(d, &["ledger", "agenda", "--month", "2026-11", "-o", f]),
        format!("wrote 花苑社区议事协商台账（2026年11月）, 3 rows, to {f}\n")
    );
    let rows = common::read_xlsx(&file);
    assert_eq!(rows.len(), 5, "{rows:?}");
    assert_eq!(rows[0][0], "花苑社区议事协商台账（2026年11月）");
    assert_eq!(
        rows[1],
        [
            "编号",
            "提出日期",
            "议题",
            "类别",
            "提出人",
            "会议",
            "决议",
            "责任人",
            "期限",
            "状态",
            "办结日期"
        ]
    );
    assert_eq!(
        rows[2],
        [
            a.to_string().as_str(),
            "2026-11-02",
            "加装电梯",
            "居民议事",
            "5-2-301",
            "2026-11-20红色议事厅",
            "分两期加装",
            "物业公司",
            "2026-12-20",
            "已办结",
            "2026-11-28"
        ]
    );
    assert_eq!(
        rows[3],
        [
            b.to_string().as_str(),
            "2026-11-02",
            "停车位划线",
            "联席会议",
            "物业公司",
            "",
            "",
            "",
            "",
            "受理",
            ""
        ]
    );
    assert_eq!(rows[4][0], c.to_string());
    assert_eq!(
        (rows[4][4].as_str(), rows[4][9].as_str()),
        ("7-1-101", "不予受理")
    );
    // Chinese names of the ledger are taken too; October had none of them.
    let oct = d.join("十月.csv");
    assert_eq!(
        ok(
            d,
            &[
                "ledger",
                "议事协商台账",
                "--month",
                "2026-10",
                "-o",
                oct.to_str().unwrap()
            ]
        ),
        format!(
            "wrote 花苑社区议事协商台账（2026年10月）, 0 rows, to {}\n",
            oct.display()
        )
    );
}

#[test]
fn a_grid_captain_sees_and_moves_only_her_grids_items() {
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
    let item = |raised_by| AddAgendaItem {
        community: 2,
        topic: "楼道灯不亮".into(),
        kind: AgendaKind::Residents,
        raised_by,
        raised: day_of(common::ymd(2026, 11, 25)),
    };
    let advance = |item| AdvanceAgendaItem {
        item,
        to: AgendaState::Accepted,
        note: String::new(),
        today: day_of(common::ymd(2026, 11, 25)),
    };
    // 7-1-101 (household 24) is in 第二网格, outside hers.
    let theirs = owner.call(item(RaisedBy::Household(24))).unwrap();
    let community_wide = owner.call(item(RaisedBy::Unit("物业公司".into()))).unwrap();
    let mine = captain.call(item(RaisedBy::Household(22))).unwrap();
    for refused in [
        captain.call(item(RaisedBy::Household(24))).unwrap_err(),
        captain
            .call(item(RaisedBy::Unit("业委会".into())))
            .unwrap_err(),
        captain.call(advance(theirs.id)).unwrap_err(),
        captain.call(advance(community_wide.id)).unwrap_err(),
        captain
            .call(AddMeeting {
                community: 2,
                kind: MeetingKind::Council,
                date: day_of(common::ymd(2026, 11, 25)),
                chair: "张丽".into(),
                present: vec![],
                absent: vec![],
                items: vec![mine.id],
            })
            .unwrap_err(),
    ] {
        assert_eq!(refused.to_string(), OUTSIDE);
    }
    let seen: Vec<u64> = captain
        .call(AgendaItems { open: false })
        .unwrap()
        .iter()
        .map(|l| l.item.id)
        .collect();
    assert_eq!(seen, vec![mine.id]);
    let moved = captain.call(advance(mine.id)).unwrap();
    assert_eq!(
        (moved.state, moved.history[0].by.as_str()),
        (AgendaState::Accepted, "nobody")
    );
    // The owner sees all three, and the one she could not move is as it was.
    let all = owner.call(AgendaItems { open: false }).unwrap();
    assert_eq!(all.len(), 3);
    assert_eq!(
        all.iter()
            .find(|l| l.item.id == theirs.id)
            .unwrap()
            .item
            .state,
        AgendaState::Proposed
    );
}

#[test]
fn items_and_meetings_go_to_the_server_and_come_back_by_sync() {
    use gridbook::api::agenda::{DecideAgendaItem, Meetings};
    let root = tempfile::tempdir().unwrap();
    let (server, laptop) = common::sync::server_and_laptop(root.path(), "editor");
    let day = day_of(common::ymd(2026, 11, 25));
    let raised = |raised_by| AddAgendaItem {
        community: 2,
        topic: "加装电梯".into(),
        kind: AgendaKind::Residents,
        raised_by,
        raised: day,
    };
    let a = laptop.call(raised(RaisedBy::Household(22))).unwrap();
    let b = laptop
        .call(raised(RaisedBy::Unit("物业公司".into())))
        .unwrap();
    let m = laptop
        .call(AddMeeting {
            community: 2,
            kind: MeetingKind::Joint,
            date: day,
            chair: "李书记".into(),
            present: vec!["物业公司".into()],
            absent: vec![],
            items: vec![a.id, b.id],
        })
        .unwrap();
    common::sync::sync_as(&laptop, &server, "community-server");
    assert_eq!(server.call(Meetings).unwrap(), vec![m.clone()]);
    // Moved on at the server, the item comes back to the laptop decided.
    for to in [AgendaState::Accepted, AgendaState::Deliberating] {
        server
            .call(AdvanceAgendaItem {
                item: a.id,
                to,
                note: String::new(),
                today: day,
            })
            .unwrap();
    }
    server
        .call(DecideAgendaItem {
            item: a.id,
            decision: "分两期加装".into(),
            owner: "物业公司".into(),
            due: day + 30,
        })
        .unwrap();
    common::sync::sync_as(&laptop, &server, "community-server");
    let back = laptop
        .store()
        .get_id::<gridbook::model::AgendaItem>(a.id)
        .unwrap()
        .unwrap();
    assert_eq!(back.state, AgendaState::Decided);
    assert_eq!(back.meetings, vec![m.id]);
    assert_eq!(back.history.len(), 3);
    assert_eq!(
        back.decision.map(|d| (d.owner, d.due)),
        Some(("物业公司".to_string(), day + 30))
    );
    assert_eq!(
        gridbook::store::check::check(server.store())
            .unwrap()
            .problems,
        Vec::<String>::new()
    );
}

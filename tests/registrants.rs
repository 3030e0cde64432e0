//! 双报到 (issue 14 part 2): in-service members and co-building units registering, claiming
//! posts and logging services through the command line with exact output; a post's 满额
//! derived from its claims; a grid captain kept to her grids' posts; the month's service
//! ledger and the feedback card read back; bad input refused in one sentence, nothing
//! written.

mod common;

use common::{cli_ok as ok, cli_refused as refused, wait_until_released};

use std::path::Path;
use std::sync::Arc;

use gridbook::api::registrants::{
    AddPost, AddRegistrant, ClaimPost, LogService, Posts, Registrants, ServiceFigures,
};
use gridbook::client::Ask;
use gridbook::model::registrant::{
    Post, PostState, Quarter, Registrant, RegistrantSide, RegistrantState, ServiceRecord,
};
use gridbook::model::time::day_of;

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

/// Registers 王芳 (lives at 5-2-301), 李强 (both of 区税务局) and the unit 花苑物业, and
/// publishes 楼道清洁 on 第一网格 for two; returns the post's number.
fn registered(d: &Path) -> u64 {
    assert_eq!(
        ok(
            d,
            &[
                "registrant",
                "add",
                "王芳",
                "--employer",
                "区税务局",
                "--phone",
                "138 0000 1234",
                "--lives",
                "5-2-301",
                "--skills",
                "理发,电工",
                "--date",
                "2026-10-08",
            ]
        ),
        "registered 王芳 (in-service member of 区税务局) on 2026-10-08\n"
    );
    ok(
        d,
        &[
            "registrant",
            "add",
            "李强",
            "--employer",
            "区税务局",
            "--date",
            "2026-10-08",
        ],
    );
    assert_eq!(
        ok(
            d,
            &[
                "registrant",
                "add",
                "花苑物业",
                "--unit",
                "物业",
                "--contact",
                "李经理",
                "--signed",
                "2026-01-01",
                "--ends",
                "2027-12-31",
                "--date",
                "2026-09-01",
            ]
        ),
        "registered the co-building unit 花苑物业 (property) on 2026-09-01\n"
    );
    let out = ok(
        d,
        &[
            "post",
            "add",
            "楼道清洁",
            "--grid",
            "第一网格",
            "--capacity",
            "2",
            "--category",
            "环境整治",
            "--json",
        ],
    );
    json(&out)["id"].as_u64().unwrap()
}

#[test]
fn registrants_claim_posts_log_services_and_leave() {
    let dir = fixture();
    let d = dir.path();
    let id = registered(d);
    let ids = id.to_string();
    assert_eq!(
        ok(
            d,
            &[
                "post",
                "claim",
                "楼道清洁",
                "--by",
                "王芳",
                "--date",
                "2026-10-10"
            ]
        ),
        format!("王芳 claimed post {id} 楼道清洁 (1/2 claimed, open)\n")
    );
    assert_eq!(
        ok(
            d,
            &[
                "post",
                "claim",
                &ids,
                "--by",
                "李强",
                "--date",
                "2026-10-12"
            ]
        ),
        format!("李强 claimed post {id} 楼道清洁 (2/2 claimed, full)\n")
    );
    assert_eq!(
        ok(
            d,
            &[
                "service",
                "log",
                "--by",
                "王芳",
                "--hours",
                "1.5",
                "--what",
                "清理楼道堆物",
                "--post",
                "楼道清洁",
                "--date",
                "2026-11-20",
                "--confirmed-by",
                "张丽",
            ]
        ),
        "logged 1.5 hours by 王芳 on 2026-11-20: 清理楼道堆物\n"
    );
    ok(
        d,
        &[
            "service",
            "log",
            "--by",
            "李强",
            "--hours",
            "2",
            "--what",
            "政策宣讲",
            "--date",
            "2026-11-21",
        ],
    );
    // A service in the quarter before does not count in this one's hours.
    ok(
        d,
        &[
            "service",
            "log",
            "--by",
            "花苑物业",
            "--hours",
            "3",
            "--what",
            "修剪绿化",
            "--date",
            "2026-09-30",
        ],
    );
    assert_eq!(
        ok(d, &["registrant", "list", "--today", "2026-11-25"]),
        "3 registrants (hours in 2026Q4):\n\
         \x20 李强  in-service member  区税务局  -  registered  楼道清洁  2 h\n\
         \x20 王芳  in-service member  区税务局  5-2-301  registered  楼道清洁  1.5 h\n\
         \x20 花苑物业  property  李经理  -  registered  -  0 h\n"
    );
    assert_eq!(
        ok(
            d,
            &[
                "registrant",
                "leave",
                "李强",
                "--reason",
                "调往外区",
                "--transferred",
                "--date",
                "2026-11-28"
            ]
        ),
        "李强 transferred out: 调往外区\n"
    );
    // Leaving ended her claim: the post is open again.
    assert_eq!(
        ok(d, &["post", "list"]),
        format!("1 post:\n  {id}  楼道清洁  第一网格  1/2  open  王芳\n")
    );
    assert_eq!(
        ok(
            d,
            &[
                "--lang",
                "zh",
                "registrant",
                "list",
                "--today",
                "2026-11-25"
            ]
        ),
        "报到对象 3 个（服务时长：2026年第4季度）：\n\
         \x20 王芳  在职党员  区税务局  5-2-301  已报到  楼道清洁  1.5 小时\n\
         \x20 花苑物业  物业  李经理  -  已报到  -  0 小时\n\
         \x20 李强  在职党员  区税务局  -  已转出  -  2 小时\n"
    );
    let rows = json(&ok(d, &["registrant", "list", "--json"]));
    assert_eq!(rows[0]["phone"], "13800001234");
    assert_eq!(
        ok(d, &["post", "close", &ids, "--date", "2026-11-30"]),
        format!("post {id} 楼道清洁 closed\n")
    );
    assert_eq!(
        ok(d, &["--lang", "zh", "post", "list"]),
        format!("岗位 1 个：\n  {id}  楼道清洁  第一网格  0/2  关闭  -\n")
    );
    assert_eq!(
        refused(d, &["post", "claim", &ids, "--by", "王芳"]),
        "gridbook: the post “楼道清洁” is closed; choose an open post\n"
    );
    assert_eq!(
        ok(d, &["service", "figures", "--quarter", "2026Q4"]),
        "双报到 in 2026Q4:\n\
         \x20 第一网格  members 1  units 0  100% with any service  1.5 hours\n\
         \x20 第二网格  members 0  units 0  0% with any service  0 hours\n"
    );
    let (code, _, err) = common::cli(d, &["check"]);
    assert_eq!((code, err.as_str()), (0, ""));
}

#[test]
fn a_post_is_full_while_its_claims_reach_its_capacity_and_open_again_when_one_ends() {
    let dir = fixture();
    let d = dir.path();
    let id = registered(d);
    let ids = id.to_string();
    ok(d, &["post", "claim", &ids, "--by", "王芳"]);
    assert_eq!(
        ok(
            d,
            &["--lang", "zh", "post", "claim", &ids, "--by", "花苑物业"]
        ),
        format!("花苑物业 认领了岗位 {id} 楼道清洁（已认领 2/2，满额）\n")
    );
    assert_eq!(
        refused(d, &["post", "claim", &ids, "--by", "李强"]),
        "gridbook: the post “楼道清洁” is full (2 of 2 claimed); end a claim on it first or choose another post\n"
    );
    assert_eq!(
        refused(d, &["post", "claim", &ids, "--by", "王芳"]),
        "gridbook: “王芳” holds the post “楼道清洁” already\n"
    );
    assert_eq!(
        ok(d, &["post", "unclaim", &ids, "--by", "花苑物业"]),
        format!("花苑物业's claim on post {id} 楼道清洁 ended (1/2 claimed, open)\n")
    );
    assert_eq!(
        refused(d, &["post", "unclaim", &ids, "--by", "花苑物业"]),
        "gridbook: “花苑物业” holds no claim on the post “楼道清洁”; `gridbook post list` shows who holds it\n"
    );
    assert_eq!(
        ok(d, &["post", "claim", &ids, "--by", "李强"]),
        format!("李强 claimed post {id} 楼道清洁 (2/2 claimed, full)\n")
    );
    let rows = json(&ok(d, &["post", "list", "--json"]));
    assert_eq!(rows[0]["claimed"], 2);
    assert_eq!(rows[0]["state"], "full");
    assert_eq!(rows[0]["holders"], serde_json::json!(["李强", "王芳"]));
}

#[test]
fn a_grid_captain_claims_and_logs_only_on_her_grids_posts() {
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
    let day = day_of(common::ymd(2026, 11, 2));
    let member = |name: &str, household| {
        AddRegistrant(Registrant {
            id: 0,
            community: 2,
            name: name.into(),
            phone: String::new(),
            side: RegistrantSide::Member {
                employer: "区教育局".into(),
                employer_party: "区教育局机关党委".into(),
                skills: vec![],
                household,
            },
            registered: day,
            state: RegistrantState::Registered,
            ended: None,
        })
    };
    // 查文's household, 7-1-101, is on 第二网格, outside her grids.
    let far = owner.call(member("赵敏", Some(24))).unwrap();
    let near = owner.call(member("钱进", Some(22))).unwrap();
    let post = |title: &str, grid| {
        AddPost(Post {
            id: 0,
            community: 0,
            grid,
            title: title.into(),
            category: String::new(),
            skills: vec![],
            capacity: 3,
            closed: None,
        })
    };
    let theirs = owner.call(post("巡楼", 4)).unwrap();
    let hers = captain.call(post("助老", 3)).unwrap();
    assert_eq!(
        captain.call(post("巡楼二", 4)).unwrap_err().to_string(),
        "the grid “第二网格” is outside the grids you look after; put the post on one of yours"
    );
    let titles: Vec<String> = captain
        .call(Posts)
        .unwrap()
        .into_iter()
        .map(|r| r.post.title)
        .collect();
    assert_eq!(titles, vec!["助老"]);
    assert_eq!(
        captain
            .call(ClaimPost {
                post: theirs.id,
                registrant: far.id,
                day,
            })
            .unwrap_err()
            .to_string(),
        "the post “巡楼” is on a grid outside the grids you look after; choose a post on your grids"
    );
    captain
        .call(ClaimPost {
            post: hers.id,
            registrant: far.id,
            day,
        })
        .unwrap();
    let service = |post| {
        LogService(ServiceRecord {
            id: 0,
            community: 2,
            registrant: near.id,
            post,
            day,
            minutes: 60,
            what: "陪老人就医".into(),
            confirmed_by: String::new(),
        })
    };
    assert_eq!(
        captain
            .call(service(Some(theirs.id)))
            .unwrap_err()
            .to_string(),
        "the post “巡楼” is on a grid outside the grids you look after; choose a post on your grids"
    );
    assert_eq!(
        captain.call(service(None)).unwrap_err().to_string(),
        "registrants and services with no post are kept by the community's staff; ask a community admin"
    );
    captain.call(service(Some(hers.id))).unwrap();
    assert_eq!(
        captain.call(member("孙丽", None)).unwrap_err().to_string(),
        "registrants and services with no post are kept by the community's staff; ask a community admin"
    );
    // Registrants are the community's: she sees both, but 赵敏's address only where she looks.
    let rows = captain.call(Registrants { day }).unwrap();
    let seen: Vec<(String, Option<String>)> = rows
        .iter()
        .map(|r| (r.registrant.name.clone(), r.address.map(|a| a.to_string())))
        .collect();
    assert_eq!(
        seen,
        vec![
            ("赵敏".to_string(), None),
            ("钱进".to_string(), Some("5-2-301".to_string()))
        ]
    );
    let posts = captain.call(Posts).unwrap();
    assert_eq!((posts[0].claimed, posts[0].state), (1, PostState::Open));
    // Her figures are her grid's; hours on the post count there.
    let q = Quarter::of(day);
    let figures = captain.call(ServiceFigures(q)).unwrap();
    assert_eq!(figures.len(), 1);
    assert_eq!(
        (
            figures[0].name.as_str(),
            figures[0].members,
            figures[0].serving,
            figures[0].minutes
        ),
        ("第一网格", 1, 1, 60)
    );
}

#[test]
fn the_service_ledger_and_the_feedback_card_are_read_back() {
    let dir = fixture();
    let d = dir.path();
    let id = registered(d).to_string();
    ok(
        d,
        &["post", "claim", &id, "--by", "王芳", "--date", "2026-11-01"],
    );
    for (by, h, what, day) in [
        ("王芳", "1.5", "清理楼道堆物", "2026-11-03"),
        ("王芳", "2", "政策宣讲", "2026-11-10"),
        ("花苑物业", "4", "修剪绿化", "2026-11-12"),
        ("李强", "1", "十月的服务", "2026-10-20"),
    ] {
        ok(
            d,
            &[
                "service", "log", "--by", by, "--hours", h, "--what", what, "--date", day,
            ],
        );
    }
    let file = d.join("service.xlsx");
    let f = file.to_str().unwrap();
    assert_eq!(
        ok(d, &["ledger", "service", "--month", "2026-11", "-o", f]),
        format!("wrote 花苑社区双报到服务台账（2026年11月）, 3 rows, to {f}\n")
    );
    let rows = common::read_xlsx(&file);
    assert_eq!(rows[0][0], "花苑社区双报到服务台账（2026年11月）");
    assert_eq!(
        rows[1],
        vec![
            "序号",
            "姓名或单位",
            "类别",
            "工作单位",
            "联系电话",
            "报到日期",
            "状态",
            "认领岗位",
            "服务次数",
            "服务时长（小时）",
            "服务内容"
        ]
    );
    assert_eq!(rows.len(), 2 + 3);
    assert_eq!(
        rows[2],
        vec![
            "1",
            "花苑物业",
            "物业",
            "",
            "",
            "2026-09-01",
            "已报到",
            "",
            "1",
            "4",
            "11-12 修剪绿化"
        ]
    );
    assert_eq!(
        rows[4],
        vec![
            "3",
            "王芳",
            "在职党员",
            "区税务局",
            "13800001234",
            "2026-10-08",
            "已报到",
            "楼道清洁",
            "2",
            "3.5",
            "11-03 清理楼道堆物；11-10 政策宣讲"
        ]
    );
    let card = d.join("card.xlsx");
    let c = card.to_str().unwrap();
    assert_eq!(
        ok(
            d,
            &[
                "service",
                "card",
                "--quarter",
                "2026Q4",
                "--employer",
                "区税务局",
                "-o",
                c
            ]
        ),
        format!("wrote the feedback card of 区税务局 for 2026Q4, 2 rows, to {c}\n")
    );
    let rows = common::read_xlsx(&card);
    assert_eq!(rows[0][0], "区税务局报到服务情况反馈表（2026年第4季度）");
    assert_eq!(
        rows[1],
        vec![
            "序号",
            "姓名",
            "联系电话",
            "居住地址",
            "认领岗位",
            "服务次数",
            "服务时长（小时）",
            "服务内容"
        ]
    );
    assert_eq!(rows.len(), 2 + 2);
    assert_eq!(
        rows[2],
        vec!["1", "李强", "", "", "", "1", "1", "10-20 十月的服务"]
    );
    assert_eq!(
        rows[3][1..5],
        ["王芳", "13800001234", "5-2-301", "楼道清洁"]
    );
}

#[test]
fn bad_input_is_refused_in_one_sentence_and_writes_nothing() {
    let dir = fixture();
    let d = dir.path();
    registered(d);
    assert_eq!(
        refused(d, &["post", "claim", "扫雪", "--by", "王芳"]),
        "gridbook: there is no post “扫雪” on the grids you look after; `gridbook post list` shows them\n"
    );
    assert_eq!(
        refused(
            d,
            &["service", "log", "--by", "王芳", "--hours", "0", "--what", "x"]
        ),
        "gridbook: “0” is not a number of hours; give more than 0 and at most 24, as 1.5\n"
    );
    assert_eq!(
        refused(
            d,
            &[
                "service",
                "log",
                "--by",
                "王芳",
                "--hours=-1.5",
                "--what",
                "x"
            ]
        ),
        "gridbook: “-1.5” is not a number of hours; give more than 0 and at most 24, as 1.5\n"
    );
    assert_eq!(
        refused(d, &["registrant", "add", "红星厂", "--unit", "工厂"]),
        "gridbook: there is no unit kind “工厂”; use office, company, school, police, property, social or other (机关, 企业, 学校, 派出所, 物业, 社会组织, 其他)\n"
    );
    assert_eq!(
        refused(
            d,
            &["--lang", "zh", "registrant", "add", "红星厂", "--unit", "工厂"]
        ),
        "gridbook: 没有“工厂”这个共建单位类别；可选：机关、企业、学校、派出所、物业、社会组织、其他\n"
    );
    assert_eq!(
        refused(d, &["service", "log", "--by", "张三", "--hours", "1", "--what", "x"]),
        "gridbook: there is no registered member or unit called “张三”; `gridbook registrant list` shows them\n"
    );
    assert_eq!(
        refused(d, &["registrant", "add", "王芳", "--employer", "区税务局"]),
        "gridbook: “王芳” is registered already; `gridbook registrant list` shows her\n"
    );
    assert_eq!(
        refused(
            d,
            &[
                "service",
                "log",
                "--by",
                "王芳",
                "--hours",
                "1",
                "--what",
                "x",
                "--date",
                "2026-10-01"
            ]
        ),
        "gridbook: that day is before “王芳” registered; pick a later day\n"
    );
    assert_eq!(
        refused(d, &["registrant", "add", "周明"]),
        "gridbook: an in-service member needs her employer; give it with --employer\n"
    );
    assert_eq!(
        refused(d, &["post", "add", "巡楼", "--grid", "第一网格", "--capacity", "0"]),
        "gridbook: a post takes from 1 to 999 registrants; give --capacity as a number in that range\n"
    );
    assert_eq!(
        refused(
            d,
            &[
                "service",
                "card",
                "--quarter",
                "2026Q5",
                "--employer",
                "x",
                "-o",
                "a.xlsx"
            ]
        ),
        "gridbook: “2026Q5” is not a quarter; write it as 2026Q4\n"
    );
}

//! Issue 14 as a street office meets it: with more than one community in view, the wish
//! board, the 双报到 posts and registrants, `wish list`, `post list`, `registrant list` and
//! `service figures` name each address, grid and registrant after its community (many have a
//! 第二网格, a 5-1-102 and a 东区供电所); `--json` of registrants, posts, services and a wish
//! moved gives words and days, as `agenda` and `campaign` do; the wish board's footer says
//! 已实现 as help does.

mod common;

use common::pty::{broken_borders, cells, Session};
use common::{cli, cli_ok as ok, wait_until_released};

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

/// The small store with 东裕社区 beside 花苑社区: each has a 第二网格 (花苑社区's added here)
/// and a 5-1-102; a wish at each 5-1-102, raised on 20 November at 东裕社区 and on 1
/// November at 花苑社区 (so 花苑社区's is the older); a post 楼道清洁 on each 第二网格; the
/// unit 东区供电所 registered with each community.
fn street() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    {
        let store = common::small_store(&dir.path().join("store"));
        common::two_communities(&store);
    }
    wait_until_released(&dir.path().join("store"));
    let d = dir.path();
    ok(d, &["grid", "add", "第二网格", "--community", "花苑社区"]);
    ok(
        d,
        &[
            "wish",
            "add",
            "东裕社区",
            "5-1-102",
            "--text",
            "旧电脑一台",
            "--category",
            "物资",
            "--due",
            "2026-12-01",
            "--today",
            "2026-11-20",
        ],
    );
    ok(
        d,
        &[
            "wish",
            "add",
            "花苑社区",
            "5-1-102",
            "--text",
            "修楼道灯",
            "--category",
            "维修",
            "--due",
            "2026-12-10",
            "--today",
            "2026-11-01",
        ],
    );
    for (community, capacity) in [("东裕社区", "1"), ("花苑社区", "2")] {
        ok(
            d,
            &[
                "post",
                "add",
                "楼道清洁",
                "--grid",
                "第二网格",
                "--community",
                community,
                "--capacity",
                capacity,
            ],
        );
        ok(
            d,
            &[
                "registrant",
                "add",
                "东区供电所",
                "--unit",
                "企业",
                "--contact",
                "李经理",
                "--community",
                community,
                "--date",
                "2026-11-02",
            ],
        );
    }
    dir
}

/// The numbers of the posts, 东裕社区's first.
fn post_ids(d: &std::path::Path) -> (String, String) {
    let posts = json(&ok(d, &["post", "list", "--json"]));
    let id = |c: &str| {
        posts
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["community"] == c)
            .unwrap()["id"]
            .to_string()
    };
    (id("东裕社区"), id("花苑社区"))
}

#[test]
fn on_a_street_the_command_line_names_grids_and_registrants_after_their_community() {
    let dir = street();
    let d = dir.path();
    let (dongyu, huayuan) = post_ids(d);
    assert_eq!(
        ok(d, &["--lang", "zh", "post", "list"]),
        format!(
            "岗位 2 个：\n  {dongyu}  楼道清洁  东裕社区 第二网格  0/1  开放  -\n  \
             {huayuan}  楼道清洁  花苑社区 第二网格  0/2  开放  -\n"
        )
    );
    // A grid name both communities have is asked about, and --community says which.
    let (code, _, err) = cli(d, &["post", "list", "--grid", "第二网格"]);
    assert_eq!(
        (code, err.as_str()),
        (
            1,
            "gridbook: 东裕社区 and 花苑社区 each have a grid called 第二网格; say which with --community NAME\n"
        )
    );
    assert_eq!(
        ok(
            d,
            &["post", "list", "--grid", "第二网格", "--community", "东裕"]
        ),
        format!("1 post:\n  {dongyu}  楼道清洁  东裕社区 第二网格  0/1  open  -\n")
    );
    // Oldest first by the day raised, each grid after its community.
    assert_eq!(
        ok(
            d,
            &["--lang", "zh", "wish", "list", "--today", "2026-11-25"]
        ),
        "编号  地址     网格               类别  状态    期限            心愿\n\
         1003  5-1-102  花苑社区 第一网格  维修  待认领  2026年12月10日  修楼道灯\n\
         1002  5-1-102  东裕社区 第二网格  物资  待认领  2026年12月1日   旧电脑一台\n\
         共 2 个心愿，其中 0 个逾期\n"
    );
    assert_eq!(
        ok(
            d,
            &[
                "wish",
                "list",
                "--grid",
                "第二网格",
                "--community",
                "东裕社区",
                "--today",
                "2026-11-25"
            ]
        )
        .lines()
        .last(),
        Some("1 wish, 0 of them overdue")
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
        "报到对象 2 个（服务时长：2026年第4季度）：\n\
         \x20 东裕社区 东区供电所  企业  李经理  -  已报到  -  0 小时\n\
         \x20 花苑社区 东区供电所  企业  李经理  -  已报到  -  0 小时\n"
    );
    // The unit claims the post of its own community; a service with no post asks which.
    ok(d, &["post", "claim", &dongyu, "--by", "东区供电所"]);
    let (code, _, err) = cli(
        d,
        &[
            "service",
            "log",
            "--by",
            "东区供电所",
            "--hours",
            "2",
            "--what",
            "清扫楼道",
        ],
    );
    assert_eq!(
        (code, err.as_str()),
        (
            1,
            "gridbook: 东裕社区 and 花苑社区 each have a registrant called “东区供电所”; say which with --community NAME\n"
        )
    );
    ok(
        d,
        &[
            "service",
            "log",
            "--by",
            "东区供电所",
            "--hours",
            "2",
            "--what",
            "清扫楼道",
            "--community",
            "花苑社区",
            "--date",
            "2026-11-24",
        ],
    );
    let posts = json(&ok(d, &["post", "list", "--json"]));
    assert_eq!(
        (posts[0]["community"].as_str(), posts[0]["holders"].clone()),
        (Some("东裕社区"), serde_json::json!(["东区供电所"]))
    );
    assert_eq!(
        ok(d, &["service", "figures", "--quarter", "2026Q4"]),
        "双报到 in 2026Q4:\n\
         \x20 东裕社区 第二网格  members 0  units 1  0% with any service  0 hours\n\
         \x20 花苑社区 第一网格  members 0  units 0  0% with any service  0 hours\n\
         \x20 花苑社区 第二网格  members 0  units 0  0% with any service  0 hours\n"
    );
}

#[test]
fn json_of_registrants_posts_services_and_wishes_gives_words_and_days() {
    let dir = street();
    let d = dir.path();
    let (dongyu, _) = post_ids(d);
    let claim = json(&ok(
        d,
        &[
            "post",
            "claim",
            &dongyu,
            "--by",
            "东区供电所",
            "--date",
            "2026-11-03",
            "--json",
        ],
    ));
    assert_eq!(
        claim,
        serde_json::json!({
            "registrant": "东区供电所", "from": "2026-11-03", "until": null,
            "post": {
                "id": claim["post"]["id"], "title": "楼道清洁", "community": "东裕社区",
                "grid": "第二网格", "category": "", "skills": [], "capacity": 1, "claimed": 1,
                "state": "full", "holders": ["东区供电所"], "closed": null
            }
        })
    );
    let service = json(&ok(
        d,
        &[
            "service",
            "log",
            "--by",
            "东区供电所",
            "--post",
            &dongyu,
            "--hours",
            "1.5",
            "--what",
            "清扫楼道",
            "--date",
            "2026-11-04",
            "--confirmed-by",
            "张丽",
            "--json",
        ],
    ));
    assert_eq!(
        service,
        serde_json::json!({
            "id": service["id"], "registrant": "东区供电所", "community": "东裕社区",
            "post": "楼道清洁", "day": "2026-11-04", "hours": "1.5", "minutes": 90,
            "what": "清扫楼道", "confirmed_by": "张丽"
        })
    );
    let left = json(&ok(
        d,
        &[
            "registrant",
            "leave",
            "东区供电所",
            "--community",
            "东裕社区",
            "--reason",
            "协议到期",
            "--date",
            "2026-11-30",
            "--json",
        ],
    ));
    assert_eq!(
        left,
        serde_json::json!({
            "id": left["id"], "name": "东区供电所", "community": "东裕社区", "kind": "company",
            "phone": "", "employer": null, "party_org": null, "skills": [],
            "contact": "李经理", "signed": null, "ends": null, "address": null,
            "registered": "2026-11-02", "state": "cancelled", "ended": "2026-11-30",
            "reason": "协议到期", "posts": [], "minutes": 90
        })
    );
    let added = json(&ok(
        d,
        &[
            "registrant",
            "add",
            "王芳",
            "--employer",
            "区税务局",
            "--party-org",
            "区税务局党委",
            "--lives",
            "5-2-301",
            "--date",
            "2026-11-05",
            "--json",
        ],
    ));
    assert_eq!(
        (
            added["kind"].as_str(),
            added["address"].as_str(),
            added["employer"].as_str(),
            added["state"].as_str(),
            added["registered"].as_str()
        ),
        (
            Some("in-service member"),
            Some("5-2-301"),
            Some("区税务局"),
            Some("registered"),
            Some("2026-11-05")
        )
    );
    let wish = json(&ok(
        d,
        &["wish", "claim", "1002", "--by", "东区供电所", "--json"],
    ));
    assert_eq!(
        (
            wish["community"].as_str(),
            wish["address"].as_str(),
            wish["grid"].as_str(),
            wish["category"].as_str(),
            wish["state"].as_str(),
            wish["raised"].as_str(),
            wish["source"].as_str(),
        ),
        (
            Some("东裕社区"),
            Some("5-1-102"),
            Some("第二网格"),
            Some("goods"),
            Some("claimed"),
            Some("2026-11-20"),
            Some("staff")
        )
    );
    assert_eq!(wish["history"][0]["to"], "claimed");
    assert_eq!(wish["history"][0]["note"], "东区供电所");
    let report = json(&ok(
        d,
        &[
            "report",
            "wishes",
            "--month",
            "2026-11",
            "--json",
            "--today",
            "2026-12-06",
        ],
    ));
    assert_eq!(
        (report["month"].as_str(), report["as_at"].as_str()),
        (Some("2026-11"), Some("2026-11-30"))
    );
}

/// Opens the TUI on the street fixture, in-process, in Chinese.
fn open(store: &std::path::Path, cols: u16, rows: u16) -> Session {
    let s = Session::start(store, &["--lang", "zh"], cols, rows);
    s.wait_for("the tree", 20, |sc| sc.contains("花苑社区"));
    s
}

/// The screen row holding `needle`, its runs of blanks as one space, borders left off.
fn row(screen: &str, needle: &str) -> String {
    let line = screen
        .lines()
        .find(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("no row with {needle}:\n{screen}"));
    line.trim_matches(|c: char| c == '│' || c.is_whitespace())
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn the_wish_board_on_a_street_names_each_address_after_its_community_at_80_and_60_columns() {
    let dir = street();
    let store = dir.path().join("store");
    for (cols, rows, first, second) in [
        (
            80,
            24,
            "待认领 修楼道灯 花苑社区 5-1-102 维修 12月10日",
            "待认领 旧电脑一台 东裕社区 5-1-102 物资 12月1日",
        ),
        (
            60,
            16,
            "待认领 修楼道灯 花苑社区 5-1-102 维修 12月10日",
            "待认领 旧电脑一台 东裕社区 5-1-102 物资 12月1日",
        ),
    ] {
        let mut s = open(&store, cols, rows);
        s.send("w");
        let sc = s.wait_for("the board", 30, |sc| sc.contains("微心愿 2 条"));
        assert_eq!(row(&sc, "修楼道灯"), first, "{cols} columns:\n{sc}");
        assert_eq!(row(&sc, "旧电脑一台"), second, "{cols} columns:\n{sc}");
        // The footer names x by the wish's own word, as help does.
        let footer = sc.lines().last().unwrap().to_string();
        assert!(footer.contains("x 已实现"), "{footer}");
        assert!(!footer.contains("办结"), "{footer}");
        assert_eq!(broken_borders(&cells(&s)), Vec::<String>::new());
        // The grid filter names the grid after its community too.
        s.send("\t\u{1b}[C");
        let sc = s.wait_for("the filter", 30, |sc| sc.contains("网格:花苑社区 第一网格"));
        assert!(sc.contains("┌ 微心愿 1 条 · tab 选筛选"), "{sc}");
        s.send("q");
        assert_eq!(s.wait_exit(10), 0);
    }
}

#[test]
fn the_posts_and_registrants_on_a_street_say_their_community_at_80_and_60_columns() {
    let dir = street();
    let store = dir.path().join("store");
    for (cols, rows) in [(80, 24), (60, 16), (100, 30)] {
        let mut s = open(&store, cols, rows);
        s.send("O");
        // The posts and the registrants come in answers of their own: wait for both.
        let sc = s.wait_for("the posts and registrants", 30, |sc| {
            sc.contains("岗位 2 个") && sc.contains("东裕社区 东区") && sc.contains("花苑社区 东区")
        });
        assert_eq!(
            row(&sc, "0/1"),
            "0/1 开放 楼道清洁 东裕社区 第二网格",
            "{cols} columns:\n{sc}"
        );
        assert_eq!(row(&sc, "0/2"), "0/2 开放 楼道清洁 花苑社区 第二网格");
        assert_eq!(
            row(&sc, "东裕社区 东区"),
            "东裕社区 东区供电所 已报到 企业 0小时",
            "{cols} columns:\n{sc}"
        );
        assert_eq!(
            row(&sc, "花苑社区 东区"),
            "花苑社区 东区供电所 已报到 企业 0小时"
        );
        assert_eq!(broken_borders(&cells(&s)), Vec::<String>::new());
        s.send("q");
        assert_eq!(s.wait_exit(10), 0);
    }
}

//! The 双报到 screen (`O`: posts claimed against capacity above the registrants with their
//! posts and hours this quarter; claiming, ending a claim, logging a service and closing a
//! post) and the search finding registrants and co-building units (issue 14 parts 4 and
//! "the search finds registrants and units"), through the real binary in a pseudo-terminal.

mod common;

use std::path::Path;

use common::pty::{broken_borders, cells, Session};
use common::{cli_ok, wait_until_released, StopServers};

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

/// The small fixture in `dir/store` with the members 王芳 (lives at 5-2-301) and 李强 of
/// 区税务局, the unit `unit` (物业) and the post `post` on 第一网格 for two, claimed by 王芳,
/// who served 1.5 hours today. Everything dated today, so in this quarter.
fn fixture(unit: &str, post: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    drop(common::small_store(&dir.path().join("store")));
    wait_until_released(&dir.path().join("store"));
    let d = dir.path();
    cli_ok(
        d,
        &[
            "registrant",
            "add",
            "王芳",
            "--employer",
            "区税务局",
            "--lives",
            "5-2-301",
        ],
    );
    cli_ok(d, &["registrant", "add", "李强", "--employer", "区税务局"]);
    cli_ok(
        d,
        &[
            "registrant",
            "add",
            unit,
            "--unit",
            "物业",
            "--contact",
            "李经理",
        ],
    );
    cli_ok(
        d,
        &[
            "post",
            "add",
            post,
            "--grid",
            "第一网格",
            "--capacity",
            "2",
            "--category",
            "环境整治",
        ],
    );
    cli_ok(d, &["post", "claim", post, "--by", "王芳"]);
    cli_ok(
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
        ],
    );
    dir
}

/// `post list --json` through the server the screen is a client of.
fn live_posts(store: &Path, config: &Path) -> serde_json::Value {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_gridbook"))
        .env("XDG_CONFIG_HOME", config)
        .env("LANG", "C")
        .env_remove("LC_ALL")
        .env_remove("GRIDBOOK_DATA")
        .env_remove("GRIDBOOK_IN_PROCESS")
        .arg("--data")
        .arg(store)
        .args(["post", "list", "--json"])
        .output()
        .unwrap();
    let (code, out, err) = common::outcome(out);
    assert_eq!((code, err.as_str()), (0, ""), "{out}");
    json(&out)
}

/// The screen row holding `needle`, its runs of blanks as one space, the borders and the
/// blanks at either end left off.
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

/// Sends keys, then waits until the row holding `needle` reads `want`.
fn expect_row(s: &mut Session, keys: &str, needle: &str, want: &str) {
    s.send(keys);
    s.wait_for(want, 10, |sc| {
        sc.lines().any(|l| l.contains(needle)) && row(sc, needle) == want
    });
}

fn screen_of(store: &Path, cols: u16, rows: u16) -> Session {
    let mut s = Session::start_client(store, &["--lang", "zh"], cols, rows);
    s.wait_for("the tree", 20, |sc| sc.contains("3-1-201"));
    s.send("O");
    s.wait_for("the screen", 10, |sc| {
        sc.contains("1/2 开放") && sc.contains("1.5小时")
    });
    s
}

fn quit(mut s: Session) {
    s.send("q");
    assert_eq!(s.wait_exit(10), 0);
}

#[test]
fn the_registrant_screen_at_80x24_claims_ends_a_claim_and_logs_hours() {
    let dir = fixture("花苑物业", "楼道清洁");
    let store = dir.path().join("store");
    let config = dir.path().join("config");
    let _stop = StopServers(&store);
    let mut s = screen_of(&store, 80, 24);
    let sc = s.screen();
    assert_eq!(row(&sc, "楼道清洁"), "1/2 开放 楼道清洁 第一网格 王芳");
    assert_eq!(row(&sc, "│王芳 "), "王芳 已报到 区税务局 楼道清洁 1.5小时");
    assert_eq!(row(&sc, "│李强 "), "李强 已报到 区税务局 0小时");
    assert_eq!(row(&sc, "│花苑物业 "), "花苑物业 已报到 物业 0小时");
    // The footer names the screen's keys.
    let footer = sc.lines().last().unwrap().to_string();
    for hint in ["i 认领", "z 撤销", "m 记录", "shift-x 关闭"] {
        assert!(footer.contains(hint), "{hint} in {footer}");
    }
    // i asks the name, and the post is full.
    s.send("i");
    s.wait_for("the question", 10, |sc| {
        sc.contains("认领人（党员或单位名称）：")
    });
    expect_row(
        &mut s,
        "李强\r",
        "第一网格",
        "2/2 满额 楼道清洁 第一网格 李强、王芳",
    );
    let posts = live_posts(&store, &config);
    assert_eq!(posts[0]["claimed"], 2);
    assert_eq!(posts[0]["state"], "full");
    assert_eq!(posts[0]["holders"], serde_json::json!(["李强", "王芳"]));
    s.wait_for("李强's post", 10, |sc| {
        row(sc, "│李强 ") == "李强 已报到 区税务局 楼道清洁 0小时"
    });
    // A full post takes no third claim: said, nothing asked.
    s.send("i");
    s.wait_for("the refusal", 10, |sc| {
        sc.contains("这个岗位已满额：先结束一个认领")
    });
    // z ends a claim, by the holder's name.
    s.send("z");
    s.wait_for("the question", 10, |sc| {
        sc.contains("结束谁的认领（名称）：")
    });
    expect_row(
        &mut s,
        "李强\r",
        "第一网格",
        "1/2 开放 楼道清洁 第一网格 王芳",
    );
    assert_eq!(live_posts(&store, &config)[0]["state"], "open");
    // An unknown name is said in a sentence, nothing written.
    s.send("i");
    s.wait_for("the question", 10, |sc| sc.contains("认领人"));
    s.send("张三\r");
    s.wait_for("the refusal", 10, |sc| {
        sc.contains("没有名为“张三”的已报到党员或单位")
    });
    // m on 王芳 in the registrants: her name is filled in; the hours this quarter move.
    s.send("\tj");
    s.send("m");
    s.wait_for("the question", 10, |sc| {
        sc.contains("服务：名称 小时 内容") && sc.contains("楼道清洁：王芳")
    });
    expect_row(
        &mut s,
        "2 政策宣讲\r",
        "│王芳 ",
        "王芳 已报到 区税务局 楼道清洁 3.5小时",
    );
    quit(s);
    let list = json(&cli_ok(dir.path(), &["registrant", "list", "--json"]));
    let wang = list
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == "王芳")
        .unwrap();
    assert_eq!(wang["minutes"], 210);
}

#[test]
fn the_registrant_screen_at_60x16_claims_for_a_unit_and_closes_the_post() {
    let dir = fixture("花苑物业", "楼道清洁");
    let store = dir.path().join("store");
    let config = dir.path().join("config");
    let _stop = StopServers(&store);
    let mut s = screen_of(&store, 60, 16);
    assert_eq!(
        row(&s.screen(), "楼道清洁"),
        "1/2 开放 楼道清洁 第一网格 王芳"
    );
    s.send("i");
    s.wait_for("the question", 10, |sc| sc.contains("认领人"));
    expect_row(
        &mut s,
        "花苑物业\r",
        "第一网格",
        "2/2 满额 楼道清洁 第一网格 王芳、花苑物业",
    );
    assert_eq!(live_posts(&store, &config)[0]["state"], "full");
    assert_eq!(broken_borders(&cells(&s)), Vec::<String>::new());
    // X asks once; Enter closes the post and its claims end.
    s.send("X");
    s.wait_for("the question", 10, |sc| {
        sc.contains("关闭这个岗位？回车确认")
    });
    expect_row(&mut s, "\r", "第一网格", "0/2 关闭 楼道清洁 第一网格");
    let posts = live_posts(&store, &config);
    assert_eq!(posts[0]["state"], "closed");
    assert_eq!(posts[0]["claimed"], 0);
    quit(s);
}

#[test]
fn the_search_finds_a_unit_by_name_and_initials_and_opens_it() {
    let dir = fixture("花苑物业", "楼道清洁");
    let d = dir.path();
    assert_eq!(
        cli_ok(d, &["--lang", "zh", "search", "花苑"]),
        "双报到 花苑物业   物业         花苑社区（姓名）\n"
    );
    let hits = json(&cli_ok(d, &["search", "hywy", "--json"]));
    assert_eq!(hits[0]["kind"], "registrant");
    assert_eq!(hits[0]["name"], "花苑物业");
    assert_eq!(hits[0]["matched"], "initials");
    // A member with a household is found with her address.
    let hits = json(&cli_ok(d, &["search", "王芳", "--json"]));
    let wang: Vec<(String, String)> = hits
        .as_array()
        .unwrap()
        .iter()
        .filter(|h| h["kind"] == "registrant")
        .map(|h| {
            (
                h["name"].as_str().unwrap().into(),
                h["address"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(wang, vec![("王芳".to_string(), "5-2-301".to_string())]);
    let store = d.join("store");
    let _stop = StopServers(&store);
    let mut s = Session::start_client(&store, &["--lang", "zh"], 80, 24);
    s.wait_for("the tree", 20, |sc| sc.contains("3-1-201"));
    s.send("/花苑");
    s.wait_for("the hit", 10, |sc| sc.contains("报到 花苑物业"));
    s.send("\r");
    let sc = s.wait_for("the screen", 10, |sc| sc.contains("1/2 开放"));
    assert!(sc.contains("报到党员与共建单位 3 个"), "{sc}");
    // The unit is selected in the registrants: m fills in its name.
    s.send("m");
    s.wait_for("its name", 10, |sc| {
        sc.contains("服务：名称 小时 内容，如 张三 2 楼道清洁：花苑物业")
    });
    s.send("\x1b");
    s.wait_for("the question gone", 10, |sc| !sc.contains("服务：名称"));
    quit(s);
}

#[test]
fn long_chinese_names_keep_the_borders_whole_at_100x30() {
    let unit = "城东新区社区共建联合会第一物业管理服务有限公司";
    let post = "老旧小区楼道环境整治与垃圾分类宣传指导志愿岗位";
    let dir = fixture(unit, post);
    cli_ok(dir.path(), &["post", "claim", post, "--by", unit]);
    let store = dir.path().join("store");
    let _stop = StopServers(&store);
    let mut s = Session::start_client(&store, &["--lang", "zh"], 100, 30);
    s.wait_for("the tree", 20, |sc| sc.contains("3-1-201"));
    s.send("O");
    let sc = s.wait_for("the screen", 10, |sc| sc.contains("2/2 满额"));
    assert!(sc.contains("城东新区社区"), "{sc}");
    assert_eq!(broken_borders(&cells(&s)), Vec::<String>::new());
    s.send("\t");
    s.wait_for("the registrants focused", 10, |sc| sc.contains("2/2 满额"));
    assert_eq!(broken_borders(&cells(&s)), Vec::<String>::new());
    quit(s);
}

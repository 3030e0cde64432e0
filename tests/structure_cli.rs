//! The street's structure from the command line (`street`, `community`, `grid`, `building`,
//! `staff grids`), through the real binary on the small demo: what is said in Chinese and
//! English, what the store holds afterwards, and bad input refused with nothing written.

mod common;

use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::Command;

use common::StopServers;

/// The binary in this process's store, in `lang`: (exit status, stdout, stderr).
fn run(dir: &Path, lang: &str, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_gridbook"))
        .env("GRIDBOOK_IN_PROCESS", "1")
        .env("XDG_CONFIG_HOME", dir.join("no-config"))
        .env("GRIDBOOK_RUN", run_of(dir))
        .env_remove("LC_ALL")
        .env("LANG", "C")
        .args(["--lang", lang, "--data"])
        .arg(dir)
        .args(args)
        .output()
        .unwrap();
    common::outcome(out)
}

/// The one line a successful command prints.
fn ok(dir: &Path, lang: &str, args: &[&str]) -> String {
    let (code, out, err) = run(dir, lang, args);
    assert_eq!(code, 0, "{args:?}: {err}");
    out.trim_end().to_string()
}

/// The one sentence a refused command writes to stderr (exit status 1, nothing on stdout).
fn refused(dir: &Path, lang: &str, args: &[&str]) -> String {
    let (code, out, err) = run(dir, lang, args);
    assert_eq!((code, out.as_str()), (1, ""), "{args:?}");
    err.trim_end().to_string()
}

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap()
}

/// `stats --json`: the counts of grids, buildings and communities.
fn counts(dir: &Path) -> (u64, u64, u64) {
    let s = json(&ok(dir, "en", &["stats", "--json"]));
    (
        s["communities"].as_u64().unwrap(),
        s["grids"].as_u64().unwrap(),
        s["buildings"].as_u64().unwrap(),
    )
}

fn demo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    common::small_demo(dir.path());
    dir
}

#[test]
fn grids_buildings_and_communities_are_added_and_renamed_in_chinese_and_english() {
    let dir = demo();
    let d = dir.path();
    assert_eq!(counts(d), (1, 4, 12));
    assert_eq!(
        ok(d, "zh", &["grid", "add", "第二网格"]),
        "已在花苑社区添加1级网格第二网格"
    );
    let child = json(&ok(
        d,
        "en",
        &[
            "grid",
            "add",
            "二网格-1片",
            "--parent",
            "第二网格",
            "--json",
        ],
    ));
    assert_eq!(
        (child["name"].as_str(), child["level"].as_u64()),
        (Some("二网格-1片"), Some(2))
    );
    assert_eq!(
        ok(
            d,
            "en",
            &["grid", "add", "1片-1组", "--parent", "二网格-1片"]
        ),
        "added 1片-1组, a level-3 grid of 花苑社区, under 二网格-1片"
    );
    assert_eq!(
        ok(
            d,
            "zh",
            &[
                "building",
                "add",
                "20",
                "--grid",
                "二网格-1片",
                "--entrances",
                "2",
                "--floors",
                "5"
            ]
        ),
        "已在二网格-1片添加 20 栋（2 个单元，5 层）"
    );
    assert_eq!(
        ok(d, "en", &["building", "add", "21", "--grid", "1片-1组"]),
        "added building 21 to 1片-1组 (1 entrance, 6 floors)"
    );
    let b = json(&ok(
        d,
        "en",
        &["building", "add", "22", "--grid", "1片-1组", "--json"],
    ));
    assert_eq!(
        (
            b["number"].as_u64(),
            b["entrances"].as_u64(),
            b["floors"].as_u64()
        ),
        (Some(22), Some(1), Some(6))
    );
    assert_eq!(counts(d), (1, 7, 15));

    assert_eq!(
        ok(d, "zh", &["grid", "rename", "二网格-1片", "二网格-东片"]),
        "二网格-1片已改名为二网格-东片"
    );
    // The renamed grid is found by its new name, and the old one is gone.
    assert_eq!(
        ok(d, "en", &["building", "add", "23", "--grid", "二网格-东片"]),
        "added building 23 to 二网格-东片 (1 entrance, 6 floors)"
    );
    assert_eq!(
        refused(d, "en", &["building", "add", "24", "--grid", "二网格-1片"]),
        "gridbook: there is no grid called 二网格-1片; the closest is 一网格-1片"
    );
    assert_eq!(
        ok(d, "en", &["community", "rename", "花苑", "花苑新村"]),
        "花苑社区 is now called 花苑新村"
    );
    assert_eq!(
        ok(d, "en", &["street", "add", "西区街道"]),
        "added the street 西区街道"
    );
    // Two streets now: a new community names its street.
    assert_eq!(
        refused(d, "en", &["community", "add", "桥岭社区"]),
        "gridbook: there are several streets (东区街道 and 西区街道); say which with --street NAME"
    );
    assert_eq!(
        ok(
            d,
            "zh",
            &["community", "add", "桥岭社区", "--street", "东区街道"]
        ),
        "已在东区街道添加桥岭社区"
    );
    assert_eq!(counts(d), (2, 7, 16));
    let (code, _, err) = run(d, "en", &["check"]);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn a_building_renumbered_or_moved_takes_its_households_with_it() {
    let dir = demo();
    let d = dir.path();
    assert_eq!(
        ok(d, "en", &["building", "renumber", "1", "101"]),
        "building 1 is now building 101; the addresses of 39 households changed with it"
    );
    // Search finds the households at their new addresses, none at the old.
    let hits = json(&ok(
        d,
        "en",
        &["search", "101-1-", "--json", "--limit", "100"],
    ));
    let addresses: Vec<&str> = hits
        .as_array()
        .unwrap()
        .iter()
        .filter(|h| h["kind"] == "household")
        .filter_map(|h| h["address"].as_str())
        .collect();
    assert!(!addresses.is_empty());
    assert!(
        addresses.iter().all(|a| a.starts_with("101-1-")),
        "{addresses:?}"
    );
    assert_eq!(
        ok(
            d,
            "zh",
            &["building", "move", "101", "--grid", "一网格-2片"]
        ),
        "101 栋已从一网格-1片移到一网格-2片，39 户随之移入"
    );
    let moved = json(&ok(
        d,
        "en",
        &["building", "move", "101", "--grid", "一网格-3片", "--json"],
    ));
    assert_eq!(moved["households"].as_array().map(Vec::len), Some(39));
    assert_eq!(moved["building"]["number"].as_u64(), Some(101));
    assert_eq!(
        refused(
            d,
            "en",
            &["building", "move", "101", "--grid", "一网格-3片"]
        ),
        "gridbook: building 101 is already in 一网格-3片"
    );
    assert_eq!(
        ok(d, "en", &["building", "add", "30", "--grid", "第一网格"]),
        "added building 30 to 第一网格 (1 entrance, 6 floors)"
    );
    assert_eq!(
        ok(d, "en", &["building", "move", "30", "--grid", "一网格-1片"]),
        "building 30 moved from 第一网格 to 一网格-1片 (it has no households yet)"
    );
    assert_eq!(
        ok(d, "zh", &["building", "renumber", "30", "31"]),
        "30 栋已改为 31 栋（楼里还没有住户）"
    );
    let (code, _, err) = run(d, "en", &["check"]);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn unknown_and_ambiguous_names_and_a_fifth_level_are_refused_with_one_sentence() {
    let dir = demo();
    let d = dir.path();
    assert_eq!(
        refused(d, "en", &["building", "add", "30", "--grid", "第九网格"]),
        "gridbook: there is no grid called 第九网格; the closest is 第一网格"
    );
    assert_eq!(
        refused(d, "zh", &["grid", "add", "新网格", "--community", "桥岭"]),
        "gridbook: 没有叫桥岭的社区；请用花苑社区中的一个"
    );
    assert_eq!(
        refused(d, "zh", &["building", "renumber", "40", "41"]),
        "gridbook: 没有 40 栋；请在浏览界面里核对楼号"
    );
    assert_eq!(
        refused(d, "zh", &["building", "add", "3", "--grid", "第一网格"]),
        "gridbook: 花苑社区已有3栋；请换一个楼号"
    );
    assert_eq!(
        refused(
            d,
            "en",
            &["grid", "add", "一网格-1片", "--parent", "第一网格"]
        ),
        "gridbook: 花苑社区 already has a grid called 一网格-1片; choose another name"
    );
    // Down to level 4, not 5.
    ok(
        d,
        "en",
        &["grid", "add", "1片-1组", "--parent", "一网格-1片"],
    );
    ok(
        d,
        "en",
        &["grid", "add", "1片1组-1小组", "--parent", "1片-1组"],
    );
    assert_eq!(
        refused(
            d,
            "zh",
            &["grid", "add", "五级", "--parent", "1片1组-1小组"]
        ),
        "gridbook: 网格1片1组-1小组已是第 4 级（最深一级）；不能在它下面再加网格"
    );
    assert_eq!(
        refused(d, "en", &["grid", "add", "五级", "--parent", "1片1组-1小组"]),
        "gridbook: the grid 1片1组-1小组 is at level 4, the deepest; a grid cannot be added below it"
    );
    assert_eq!(counts(d), (1, 6, 12));

    // Two communities that begin alike, each with a 第一网格.
    ok(d, "en", &["community", "add", "花苑东一社区"]);
    ok(d, "en", &["community", "add", "花苑东二社区"]);
    assert_eq!(
        refused(d, "en", &["grid", "add", "第一网格", "--community", "花苑东"]),
        "gridbook: 花苑东一社区 and 花苑东二社区 all begin with “花苑东”; write more of the community's name"
    );
    assert_eq!(
        refused(d, "zh", &["grid", "add", "第二网格"]),
        "gridbook: 有好几个社区（花苑东一社区、花苑东二社区和花苑社区）；请用 --community 社区名 指明是哪个"
    );
    ok(
        d,
        "en",
        &["grid", "add", "第一网格", "--community", "花苑东一"],
    );
    assert_eq!(
        refused(d, "en", &["building", "add", "30", "--grid", "第一网格"]),
        "gridbook: 花苑东一社区 and 花苑社区 each have a grid called 第一网格; say which with --community NAME"
    );
    assert_eq!(
        ok(
            d,
            "en",
            &[
                "building",
                "add",
                "3",
                "--grid",
                "第一网格",
                "--community",
                "花苑东一"
            ]
        ),
        "added building 3 to 第一网格 (1 entrance, 6 floors)"
    );
    assert_eq!(
        refused(d, "zh", &["building", "renumber", "3", "33"]),
        "gridbook: 花苑东一社区和花苑社区都有 3 栋；请用 --community 社区名 指明是哪个"
    );
    // A building moves only within its community: the grid is looked for there.
    assert_eq!(
        refused(
            d,
            "en",
            &[
                "building",
                "move",
                "3",
                "--grid",
                "一网格-1片",
                "--community",
                "花苑东一"
            ]
        ),
        "gridbook: there is no grid called 一网格-1片; the closest is 第一网格"
    );
    assert_eq!(counts(d), (3, 7, 13));
}

#[test]
fn staff_are_given_their_grids_by_name() {
    let dir = demo();
    let d = dir.path();
    assert_eq!(
        ok(
            d,
            "en",
            &["staff", "grids", "chenbin", "一网格-2片", "一网格-3片"]
        ),
        "chenbin now looks after 一网格-2片 and 一网格-3片"
    );
    let staff = json(&ok(d, "en", &["staff", "list", "--json"]));
    let chenbin = staff
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["user"] == "chenbin")
        .unwrap();
    assert_eq!(chenbin["grids"].as_array().map(Vec::len), Some(2));
    let saved = json(&ok(
        d,
        "zh",
        &["staff", "grids", "chenbin", "第一网格", "--json"],
    ));
    assert_eq!(saved["grids"].as_array().map(Vec::len), Some(1));
    assert_eq!(
        ok(d, "zh", &["staff", "grids", "chenbin", "一网格-1片"]),
        "chenbin 现在负责一网格-1片"
    );
    assert_eq!(
        refused(d, "en", &["staff", "grids", "chenbin"]),
        "gridbook: chenbin is a grid captain and needs at least one grid"
    );
    assert_eq!(
        refused(d, "en", &["staff", "grids", "nosuch", "第一网格"]),
        "gridbook: there is no member of staff called nosuch; add them first with gridbook staff add"
    );
}

/// Where the socket of the store in `dir` is: `BASE/run` for a store shared as `deploy/`
/// lays it out (`BASE/data`, BASE 0750 so that `nobody`, group root, reaches the socket
/// only), else the data directory itself.
fn run_of(dir: &Path) -> std::path::PathBuf {
    if dir.ends_with("data") {
        dir.with_file_name("run")
    } else {
        dir.to_path_buf()
    }
}

/// The real binary as the unprivileged user `nobody` (group root, for the socket), English.
fn as_nobody(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_gridbook"))
        .env("LANG", "C")
        .env_remove("LC_ALL")
        .env("GRIDBOOK_RUN", run_of(dir))
        .env_remove("GRIDBOOK_IN_PROCESS")
        .env("HOME", "/nonexistent")
        .arg("--data")
        .arg(dir)
        .args(args)
        .uid(65534)
        .gid(0)
        .output()
        .unwrap();
    common::outcome(out)
}

#[test]
fn a_grid_captain_may_not_change_the_structure_and_nothing_is_written() {
    if !nix::unistd::getuid().is_root() {
        // Switching users needs root; CI runs the tests as root.
        common::skipped(
            "a grid captain may not change the structure and nothing is written",
            "needs root to switch users",
        );
        return;
    }
    let base = tempfile::tempdir().unwrap();
    std::fs::set_permissions(base.path(), std::fs::Permissions::from_mode(0o750)).unwrap();
    let d = &base.path().join("data");
    common::small_demo(d);
    ok(
        d,
        "en",
        &[
            "staff",
            "add",
            "nobody",
            "--role",
            "grid-captain",
            "--grid",
            "一网格-1片",
        ],
    );
    let _stop = StopServers(d);
    // The owner's command starts the server nobody's commands reach.
    let started = Command::new(env!("CARGO_BIN_EXE_gridbook"))
        .env_remove("GRIDBOOK_IN_PROCESS")
        .env("GRIDBOOK_RUN", run_of(d))
        .arg("--data")
        .arg(d)
        .args(["stats", "--json"])
        .output()
        .unwrap();
    assert!(started.status.success());
    let not_hers = "gridbook: only a street admin, or an admin of 花苑社区, may change its names, grids, buildings and who looks after them";
    for args in [
        &["grid", "add", "1片-1组", "--parent", "一网格-1片"][..],
        &["grid", "rename", "一网格-1片", "一网格-东片"],
        &["building", "add", "30", "--grid", "一网格-1片"],
        &["building", "renumber", "1", "101"],
        &["staff", "grids", "nobody", "一网格-1片", "第一网格"],
    ] {
        let (code, out, err) = as_nobody(d, args);
        assert_eq!(
            (code, out.as_str(), err.trim_end()),
            (1, "", not_hers),
            "{args:?}"
        );
    }
    // Her own building, moved to a grid she cannot see, is not found.
    let (code, _, err) = as_nobody(d, &["building", "move", "1", "--grid", "一网格-2片"]);
    assert_eq!(
        (code, err.trim_end()),
        (
            1,
            "gridbook: there is no grid called 一网格-2片; the closest is 一网格-1片"
        )
    );
    // Nothing was written: the owner (in this process, the idle server asked to stop) sees
    // the demo as it was.
    assert_eq!(counts(d), (1, 4, 12));
    assert_eq!(
        refused(d, "en", &["building", "renumber", "101", "102"]),
        "gridbook: there is no building 101; check the number in the browse screen"
    );
    assert_eq!(
        refused(d, "en", &["grid", "rename", "一网格-东片", "x"]),
        "gridbook: there is no grid called 一网格-东片; the closest is 一网格-1片"
    );
}

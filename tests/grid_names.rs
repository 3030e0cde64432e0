//! A grid named where several communities have one of that name: refused with the choices as
//! `社区/网格`, and taken when written so (exports, ledgers' grids, campaigns).

mod common;

use common::{cli_ok, cli_refused, small_demo};

/// The small demo with a second community, 花苑东一社区, that has a 第一网格 of its own.
fn two_first_grids() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    small_demo(&dir.path().join("store"));
    let d = dir.path();
    cli_ok(d, &["community", "add", "花苑东一社区"]);
    cli_ok(d, &["grid", "add", "第一网格", "--community", "花苑东一"]);
    dir
}

#[test]
fn an_export_of_a_repeated_grid_name_asks_which_and_takes_community_slash_grid() {
    let dir = two_first_grids();
    let d = dir.path();
    let out = d.join("visits.csv");
    let out = out.to_str().unwrap();
    let args = |grid: &'static str| {
        [
            "export", "visits", "--format", "csv", "--grid", grid, "-o", out,
        ]
    };
    assert_eq!(
        cli_refused(d, &args("第一网格")),
        "gridbook: several grids are called 第一网格; name it with its community, one of: 花苑东一社区/第一网格, 花苑社区/第一网格\n"
    );
    assert_eq!(
        cli_refused(d, &[&["--lang", "zh"][..], &args("第一网格")].concat()),
        "gridbook: 有几个网格都叫第一网格；请连社区写明，如：花苑东一社区/第一网格, 花苑社区/第一网格\n"
    );
    // The new community's grid has no households: its export is the header alone.
    assert_eq!(
        cli_ok(d, &args("花苑东一社区/第一网格")),
        format!("wrote 0 rows to {out}\n")
    );
    let small = cli_ok(d, &args("花苑／第一网格"));
    assert!(
        small.starts_with("wrote ") && small != format!("wrote 0 rows to {out}\n"),
        "{small}"
    );
    assert_eq!(
        cli_refused(d, &args("第九网格")),
        "gridbook: there is no grid called 第九网格; use one of 一网格-1片, 一网格-2片, 一网格-3片, 第一网格\n"
    );
}

#[test]
fn a_campaign_over_a_repeated_grid_name_asks_which_and_takes_community_slash_grid() {
    let dir = two_first_grids();
    let d = dir.path();
    let start = |grid: &'static str| {
        [
            "--lang",
            "zh",
            "campaign",
            "start",
            "排查",
            "--kind",
            "防汛",
            "--grid",
            grid,
            "--deadline",
            "2026-12-10",
        ]
    };
    assert_eq!(
        cli_refused(d, &start("第一网格")),
        "gridbook: 有几个网格都叫“第一网格”；请连社区写明，如：花苑东一社区/第一网格, 花苑社区/第一网格\n"
    );
    let started = cli_ok(d, &start("花苑社区/第一网格"));
    assert!(started.contains("排查"), "{started}");
}

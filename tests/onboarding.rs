//! Onboarding from an empty store: a street office's own roster (GBK CSV, a title row naming
//! the street and community, no 街道 column) goes in with `--street`/`--community` or from
//! its title alone, a dry run says what it would create, and a problem shared by every row
//! (an unknown community, no street) is said once with the number of rows.

mod common;

use std::path::Path;
use std::process::Command;

use chrono::{Datelike, NaiveDate};
use gridbook::io::text::encode_gb18030;
use gridbook::model::idnumber;
use gridbook::store::{OpenOptions, Store};

const TITLE: &str = "江门市蓬江区环市街道石冲社区居民信息登记表";

/// The roster of 石冲社区 as its street office keeps it: a title row, a header of the office's
/// own words (序号 and 备注 gridbook does not use), the grid in 网格, the address written on
/// the head's row and left blank below, no 街道 and no 社区 column; 111 people in 45
/// households of 8 buildings in 4 grids.
fn shichong_text() -> String {
    let surnames = ["梁", "陈", "李", "黄", "何", "吴", "区", "谭", "冯", "林"];
    let given = [
        "志强", "秀英", "国华", "丽娟", "伟明", "美玲", "家豪", "婉婷",
    ];
    let relations = ["户主", "配偶", "子", "女"];
    let mut out = format!("{TITLE},,,,,,,,,,,,,\n");
    out.push_str("序号,网格,楼栋,单元,房号,姓名,性别,与户主关系,公民身份号码,出生日期,联系电话,户籍类型,重点人群,备注\n");
    let (mut row, mut household) = (0usize, 0usize);
    'all: for building in 1..=8u32 {
        let grid = ["第一网格", "第二网格", "第三网格", "第四网格"][(building as usize - 1) / 2];
        for entrance in 1..=2u32 {
            for room in [101u32, 302, 501] {
                household += 1;
                let size = [3, 2, 4, 1][household % 4];
                for member in 0..size {
                    row += 1;
                    let surname = surnames[household % surnames.len()];
                    let name =
                        format!("{surname}{}", given[(household + member * 3) % given.len()]);
                    let relation = relations[member];
                    let male = matches!((member, household % 2), (0, 0) | (1, 1) | (2, _));
                    let birth = NaiveDate::from_ymd_opt(
                        1940 + ((household * 7 + member * 23) % 70) as i32,
                        1 + (row % 12) as u32,
                        1 + (row % 28) as u32,
                    )
                    .unwrap();
                    let seq = (row * 2 + usize::from(male)) as u16;
                    let id = idnumber::compose(440703, birth, seq);
                    let phone = if member == 0 {
                        format!("1390750{:04}", row)
                    } else {
                        String::new()
                    };
                    let tags = if birth.year() < 1950 && member == 0 {
                        "独居老人"
                    } else {
                        ""
                    };
                    let (g, b, e, r) = if member == 0 {
                        (
                            grid.to_string(),
                            building.to_string(),
                            entrance.to_string(),
                            room.to_string(),
                        )
                    } else {
                        (String::new(), String::new(), String::new(), String::new())
                    };
                    out.push_str(&format!(
                        "{row},{g},{b},{e},{r},{name},{},{relation},{id},{},{phone},户籍,{tags},\n",
                        if male { "男" } else { "女" },
                        birth.format("%Y-%m-%d"),
                    ));
                    if row == 111 {
                        break 'all;
                    }
                }
            }
        }
    }
    out
}

/// The roster written as a GBK CSV in `dir`.
fn shichong_file(dir: &Path) -> std::path::PathBuf {
    let file = dir.join("石冲社区居民信息登记表.csv");
    std::fs::write(&file, encode_gb18030(&shichong_text())).unwrap();
    file
}

/// The binary on `data`, in-process unless `server`; (exit code, stdout, stderr).
fn run(data: &Path, args: &[&str], server: bool) -> (i32, String, String) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_gridbook"));
    cmd.arg("--data")
        .arg(data)
        .args(args)
        .env("XDG_CONFIG_HOME", data.join("no-config"))
        .env_remove("GRIDBOOK_DATA")
        .env_remove("LANG")
        .env_remove("LC_ALL");
    if server {
        cmd.env_remove("GRIDBOOK_IN_PROCESS");
    } else {
        cmd.env("GRIDBOOK_IN_PROCESS", "1");
    }
    let out = cmd.output().unwrap();
    common::outcome(out)
}

fn gridbook(data: &Path, args: &[&str]) -> (i32, String, String) {
    run(data, args, false)
}

/// (streets, communities, grids, buildings, households, residents) as `gridbook stats --json`
/// says.
fn counts(data: &Path) -> (u64, u64, u64, u64, u64, u64) {
    let (code, out, err) = gridbook(data, &["stats", "--json"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let n = |k: &str| v[k].as_u64().unwrap_or_else(|| panic!("{k} in {out}"));
    (
        n("streets"),
        n("communities"),
        n("grids"),
        n("buildings"),
        n("households"),
        n("residents"),
    )
}

/// The streets, communities and grids of the store, by name, in the order they were made.
fn places(data: &Path) -> (Vec<String>, Vec<String>, Vec<String>) {
    let store = Store::open(data, OpenOptions::default()).unwrap();
    let o = store.overview().unwrap();
    (
        o.streets.into_iter().map(|s| s.name).collect(),
        o.communities.into_iter().map(|c| c.name).collect(),
        o.grids.into_iter().map(|g| g.name).collect(),
    )
}

#[test]
fn the_fixture_is_a_gbk_roster_of_111_people_under_its_title_row() {
    let text = shichong_text();
    assert_eq!(text.lines().count(), 113);
    assert!(text.starts_with("江门市蓬江区环市街道石冲社区居民信息登记表,,"));
    let header = text.lines().nth(1).unwrap();
    assert!(
        !header.contains("街道") && !header.contains("社区"),
        "{header}"
    );
    let bytes = encode_gb18030(&text);
    assert!(std::str::from_utf8(&bytes).is_err(), "GBK, not UTF-8");
}

#[test]
fn street_and_community_given_as_options_are_created_with_the_grids_and_buildings() {
    let dir = tempfile::tempdir().unwrap();
    let file = shichong_file(dir.path());
    let data = dir.path().join("data");
    let (code, out, err) = gridbook(
        &data,
        &[
            "import",
            file.to_str().unwrap(),
            "--street",
            "环市街道",
            "--community",
            "石冲社区",
        ],
    );
    assert_eq!(code, 0, "{out}{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[0],
        format!(
            "imported {} (CSV in GBK/GB18030): 45 households, 111 people",
            file.display()
        )
    );
    assert_eq!(
        lines[1],
        "created the street 环市街道, the community 石冲社区, 4 grids and 8 buildings"
    );
    assert_eq!(counts(&data), (1, 1, 4, 8, 45, 111));
    assert_eq!(
        places(&data),
        (
            vec!["环市街道".to_string()],
            vec!["石冲社区".to_string()],
            ["第一网格", "第二网格", "第三网格", "第四网格"]
                .map(String::from)
                .to_vec()
        )
    );
}

#[test]
fn the_title_row_alone_names_the_street_and_the_community_and_a_dry_run_says_so_first() {
    let dir = tempfile::tempdir().unwrap();
    let file = shichong_file(dir.path());
    let data = dir.path().join("data");
    let (code, out, err) = gridbook(&data, &["import", "--dry-run", file.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[..2],
        [
            format!(
                "would import {} (CSV in GBK/GB18030): 45 households, 111 people",
                file.display()
            )
            .as_str(),
            "would create the street 环市街道, the community 石冲社区, 4 grids and 8 buildings",
        ]
    );
    assert_eq!(
        counts(&data),
        (0, 0, 0, 0, 0, 0),
        "a dry run writes nothing"
    );
    let (code, out, err) = gridbook(
        &data,
        &[
            "--lang",
            "zh",
            "import",
            "--dry-run",
            file.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(
        out.lines().nth(1),
        Some("将新建街道 环市街道、社区 石冲社区、4 个网格、8 栋楼")
    );
    let (code, out, err) = gridbook(&data, &["import", file.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(
        out.lines().nth(1),
        Some("created the street 环市街道, the community 石冲社区, 4 grids and 8 buildings")
    );
    assert_eq!(counts(&data), (1, 1, 4, 8, 45, 111));
    // The people are found, at their addresses in 石冲社区.
    let (code, out, err) = gridbook(&data, &["search", "梁志强", "--json"]);
    assert_eq!(code, 0, "{err}");
    let hits: serde_json::Value = serde_json::from_str(&out).unwrap();
    let hit = &hits.as_array().unwrap()[0];
    assert_eq!(hit["name"], "梁志强", "{out}");
    assert_eq!(hit["community"], "石冲社区", "{out}");
    // A second import of the same file finds everything in place.
    let (code, out, err) = gridbook(&data, &["import", file.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.starts_with("nothing new in"), "{out}");
    assert_eq!(counts(&data), (1, 1, 4, 8, 45, 111));
}

#[test]
fn through_the_server_community_given_and_street_from_the_title_row() {
    let dir = tempfile::tempdir().unwrap();
    let file = shichong_file(dir.path());
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    let _stop = common::StopServers(&data);
    // The command of the issue: the community named, its street from the title row.
    let (code, out, err) = run(
        &data,
        &["import", file.to_str().unwrap(), "--community", "石冲社区"],
        true,
    );
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(
        out.lines().nth(1),
        Some("created the street 环市街道, the community 石冲社区, 4 grids and 8 buildings")
    );
    let (code, out, err) = run(&data, &["stats", "--json"], true);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        (v["communities"].as_u64(), v["residents"].as_u64()),
        (Some(1), Some(111))
    );
}

/// A store that already has 石冲社区's neighbours: 东区街道 with 花苑社区 (the demo's) and
/// 石涌社区.
fn store_with_communities(data: &Path) {
    let store = common::small_store(data);
    store
        .write("fixture", |t| {
            t.put(&gridbook::model::Community {
                id: 900,
                street: 1,
                name: "石涌社区".into(),
            })
        })
        .unwrap();
}

#[test]
fn an_unknown_community_is_one_error_naming_the_closest_and_the_option_that_creates_it() {
    let dir = tempfile::tempdir().unwrap();
    let file = shichong_file(dir.path());
    let data = dir.path().join("data");
    store_with_communities(&data);
    let before = counts(&data);
    let (code, out, err) = gridbook(
        &data,
        &["import", file.to_str().unwrap(), "--community", "石冲社区"],
    );
    assert_eq!(code, 1, "{out}");
    assert_eq!(
        err.lines().collect::<Vec<_>>(),
        [
            "there is no community called 石冲社区 (111 rows); the closest is 石涌社区: use --community 石涌社区, or add --create-community to create 石冲社区",
            "gridbook: nothing was imported: the roster has 1 error, listed above with their rows; fix it and import again",
        ]
    );
    let (code, _, err) = gridbook(
        &data,
        &[
            "--lang",
            "zh",
            "import",
            file.to_str().unwrap(),
            "--community",
            "石冲社区",
        ],
    );
    assert_eq!(code, 1);
    assert_eq!(
        err.lines().next(),
        Some("没有叫石冲社区的社区（111 行）；最接近的是石涌社区：请用 --community 石涌社区，或加上 --create-community 新建石冲社区")
    );
    // From the title row alone, the same one error.
    let (code, _, err) = gridbook(&data, &["import", file.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert_eq!(
        err.lines().next(),
        Some("there is no community called 石冲社区 (111 rows); the closest is 石涌社区: use --community 石涌社区, or add --create-community to create 石冲社区")
    );
    assert_eq!(counts(&data), before, "nothing was written");
    // --create-community makes it, in the street the title names (a new one, beside 东区街道).
    let (code, out, err) = gridbook(
        &data,
        &["import", file.to_str().unwrap(), "--create-community"],
    );
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(
        out.lines().nth(1),
        Some("created the street 环市街道, the community 石冲社区, 4 grids and 8 buildings")
    );
    let after = counts(&data);
    assert_eq!(
        (after.0, after.1, after.4 - before.4, after.5 - before.5),
        (2, 3, 45, 111)
    );
}

#[test]
fn a_new_community_with_no_street_named_anywhere_is_one_error_with_its_rows() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    // The roster without its title row: nothing names a street.
    let text: String = shichong_text()
        .lines()
        .skip(1)
        .map(|l| format!("{l}\n"))
        .collect();
    let file = dir.path().join("no-title.csv");
    std::fs::write(&file, encode_gb18030(&text)).unwrap();
    let (code, _, err) = gridbook(&data, &["import", file.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert_eq!(
        err.lines().next(),
        Some("no community is named for 111 rows; add --street NAME and --community NAME (or 街道 and 社区 columns)")
    );
    let (code, _, err) = gridbook(
        &data,
        &["import", file.to_str().unwrap(), "--community", "石冲社区"],
    );
    assert_eq!(code, 1);
    assert_eq!(
        err.lines().collect::<Vec<_>>(),
        [
            "the community 石冲社区 is new and no street is named for it (111 rows); add --street NAME (or a 街道 column)",
            "gridbook: nothing was imported: the roster has 1 error, listed above with their rows; fix it and import again",
        ]
    );
    let (code, _, err) = gridbook(
        &data,
        &[
            "--lang",
            "zh",
            "import",
            file.to_str().unwrap(),
            "--community",
            "石冲社区",
        ],
    );
    assert_eq!(code, 1);
    assert_eq!(
        err.lines().next(),
        Some("社区石冲社区是新的，没有写它属于哪个街道（111 行）；请加上 --street 街道名（或加一个 街道 列）")
    );
    assert_eq!(counts(&data), (0, 0, 0, 0, 0, 0));
    let (code, out, err) = gridbook(
        &data,
        &[
            "import",
            file.to_str().unwrap(),
            "--community",
            "石冲社区",
            "--street",
            "环市街道",
        ],
    );
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(counts(&data), (1, 1, 4, 8, 45, 111));
}

#[test]
fn a_missing_grid_column_is_one_error_for_all_the_new_buildings() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    // The roster with its 网格 column taken out.
    let text: String = shichong_text()
        .lines()
        .map(|l| {
            let mut cells: Vec<&str> = l.split(',').collect();
            cells.remove(1);
            format!("{}\n", cells.join(","))
        })
        .collect();
    let file = dir.path().join("no-grid.csv");
    std::fs::write(&file, encode_gb18030(&text)).unwrap();
    let (code, _, err) = gridbook(&data, &["import", file.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert_eq!(
        err.lines().collect::<Vec<_>>(),
        [
            "8 new buildings have no grid named (111 rows); add a 网格 column naming each one's grid",
            "gridbook: nothing was imported: the roster has 1 error, listed above with their rows; fix it and import again",
        ]
    );
    let (code, _, err) = gridbook(&data, &["--lang", "zh", "import", file.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert_eq!(
        err.lines().next(),
        Some("8 栋新楼没有写所属网格（111 行）；请加一个 网格 列写明每栋楼的网格")
    );
}

#[test]
fn an_xlsx_roster_with_its_title_merged_across_the_header_names_them_too() {
    use rust_xlsxwriter::{Format, Workbook};
    let dir = tempfile::tempdir().unwrap();
    let text = shichong_text();
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.merge_range(0, 0, 0, 13, TITLE, &Format::new()).unwrap();
    for (r, line) in text.lines().enumerate().skip(1) {
        for (c, cell) in line.split(',').enumerate() {
            if !cell.is_empty() {
                ws.write_string(r as u32, c as u16, cell).unwrap();
            }
        }
    }
    let file = dir.path().join("石冲社区.xlsx");
    book.save(&file).unwrap();
    let data = dir.path().join("data");
    let (code, out, err) = gridbook(&data, &["import", "--dry-run", file.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(
        out.lines().take(2).collect::<Vec<_>>(),
        [
            format!(
                "would import {} (a spreadsheet): 45 households, 111 people",
                file.display()
            )
            .as_str(),
            "would create the street 环市街道, the community 石冲社区, 4 grids and 8 buildings",
        ]
    );
}

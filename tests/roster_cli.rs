//! The roster kept true from the command line (issue 11, part 4): households shown, added and
//! edited, residents added, changed, leaving and moving, captains added, retired, their doors
//! and phone, the report of rosters not checked — with Chinese and English values alike, bad
//! input refused in one sentence, the audit's before and after, a new resident found by
//! search at once, and a grid captain kept to her grids.

mod common;

use common::{cli as gridbook, cli_ok as ok, cli_refused as refused, wait_until_released};

use std::path::Path;
use std::process::Command;

/// The small fixture (花苑社区), with 东裕社区 having a 5-1-102 of its own, on disk and
/// released.
fn fixture() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    {
        let store = common::small_store(&dir.path().join("store"));
        common::two_communities(&store);
    }
    wait_until_released(&dir.path().join("store"));
    dir
}

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

/// The detail of the newest audit entry.
fn last_audit(dir: &Path) -> String {
    let log = json(&ok(dir, &["audit", "log", "--json", "--limit", "1"]));
    log[0]["detail"].as_str().unwrap().to_string()
}

#[test]
fn household_show_lists_current_and_former_residents_in_both_languages() {
    let dir = fixture();
    let d = dir.path();
    assert_eq!(
        ok(
            d,
            &[
                "resident",
                "leave",
                "花苑社区",
                "5-1-102/曾子涵",
                "--reason",
                "迁出",
                "--date",
                "2026-11-20",
                "--to",
                "广州"
            ]
        ),
        "saved 5-1-102: 曾子涵 moved out 2026-11-20 (to 广州)\n"
    );
    assert_eq!(last_audit(d), "曾子涵：离开 — → 迁出（广州）2026-11-20");
    assert_eq!(
        ok(d, &["household", "show", "花苑社区", "5-1-102"]),
        "花苑社区 5-1-102\n\
         house: not recorded  phone: 138****0101  care tags: none\n\
         building captain: 单丽 138****0104\n\
         roster last checked: never\n\
         2 living here:\n\
         \x20 曾小明  head  M  1980-07-01  resident  4420**********0114  138****0101\n\
         \x20 李娟  spouse  F  1982-01-09  resident  4420**********0226  138****0102\n\
         1 former (left):\n\
         \x20 曾子涵  daughter  F  2012-05-20  resident  4420**********0423  138****0103  moved out 2026-11-20 (to 广州)\n"
    );
    assert_eq!(
        ok(d, &["--lang", "zh", "household", "show", "花苑社区 5-1-102"]),
        "花苑社区 5-1-102\n\
         房屋状态：未登记　电话：138****0101　重点人群：无\n\
         楼长：单丽 138****0104\n\
         上次人口信息核实：从未\n\
         现住 2 人：\n\
         \x20 曾小明  户主  男性  1980-07-01  常住  4420**********0114  138****0101\n\
         \x20 李娟  配偶  女性  1982-01-09  常住  4420**********0226  138****0102\n\
         曾住 1 人（已离开）：\n\
         \x20 曾子涵  女  女性  2012-05-20  常住  4420**********0423  138****0103  2026-11-20 迁出（广州）\n"
    );
    let v = json(&ok(d, &["household", "show", "花苑社区 5-1-102", "--json"]));
    assert_eq!(v["community"], "花苑社区");
    assert_eq!(v["residents"].as_array().unwrap().len(), 2);
    assert_eq!(v["former"][0]["name"], "曾子涵");
    assert_eq!(v["former"][0]["current"], false);
    assert_eq!(
        v["former"][0]["left"],
        serde_json::json!({"reason": "moved-out", "day": "2026-11-20", "to": "广州"})
    );
    assert_eq!(v["household"]["address"], "5-1-102");
    // One who died, in English words; she is no longer matched for leaving again.
    assert_eq!(
        ok(
            d,
            &[
                "resident",
                "leave",
                "5-1-101/周官萍",
                "--reason",
                "died",
                "--date",
                "2026-11-21"
            ]
        ),
        "saved 5-1-101: 周官萍 died 2026-11-21\n"
    );
    assert_eq!(
        refused(
            d,
            &["resident", "leave", "5-1-101/周官萍", "--reason", "died"]
        ),
        "gridbook: no one called 周官萍 lives at 5-1-101; no one lives there now\n"
    );
}

#[test]
fn household_edit_takes_chinese_and_english_values_and_audits_before_and_after() {
    let dir = fixture();
    let d = dir.path();
    assert_eq!(
        ok(
            d,
            &[
                "household",
                "edit",
                "5-2-301",
                "--house",
                "出租",
                "--landlord",
                "王大",
                "--landlord-phone",
                "13900001111",
                "--tenancy",
                "2026-01-01..2026-12-31",
                "--note",
                "租给学生",
                "--tags",
                "低保"
            ]
        ),
        "saved 5-2-301: household changed\n"
    );
    assert_eq!(
        last_audit(d),
        "重点人群 — → 低保; 房屋状态 — → 出租; 房东 — → 王大 139****1111; 租期 — → 2026-01-01—2026-12-31; 备注 — → 租给学生"
    );
    assert_eq!(
        ok(d, &["--lang", "zh", "household", "show", "5-2-301"]),
        "花苑社区 5-2-301\n\
         房屋状态：出租　电话：138****0104　重点人群：低保\n\
         房东：王大 139****1111\n\
         租期：2026-01-01 至 2026-12-31\n\
         备注：租给学生\n\
         楼长：单丽 138****0104\n\
         上次人口信息核实：从未\n\
         现住 1 人：\n\
         \x20 单丽  户主  女性  1961-11-02  常住  4420**********0081  138****0104\n"
    );
    // English words; a flat no longer rented loses its landlord and tenancy.
    assert_eq!(
        ok(
            d,
            &[
                "--lang",
                "zh",
                "household",
                "edit",
                "5-2-301",
                "--house",
                "owner",
                "--tags",
                "elderly-alone,disabled",
                "--phone",
                "13900002222"
            ]
        ),
        "已保存 5-2-301：住户信息已修改\n"
    );
    assert_eq!(
        last_audit(d),
        "电话 138****0104 → 139****2222; 重点人群 低保 → 独居老人、残疾人; 房屋状态 出租 → 自住; 房东 王大 139****1111 → —; 租期 2026-01-01—2026-12-31 → —"
    );
    let v = json(&ok(d, &["household", "show", "5-2-301", "--json"]));
    assert_eq!(v["household"]["status"], "Owner");
    assert_eq!(v["household"]["landlord"], serde_json::Value::Null);
    assert_eq!(v["household"]["phone"], "13900002222");
    assert_eq!(
        v["household"]["care_tags"],
        serde_json::json!(["ElderlyAlone", "Disabled"])
    );
    assert_eq!(
        refused(d, &["household", "edit", "5-2-301", "--landlord", "王大"]),
        "gridbook: 5-2-301 is not marked rented, so it has no landlord; mark it rented first\n"
    );
    assert_eq!(
        refused(
            d,
            &[
                "--lang",
                "zh",
                "household",
                "edit",
                "5-2-301",
                "--landlord",
                "王大"
            ]
        ),
        "gridbook: 5-2-301 未标为出租，没有房东；请先标为出租\n"
    );
    assert_eq!(
        refused(d, &["household", "edit", "5-2-301"]),
        "gridbook: nothing to change; give --phone, --tags, --house, --landlord, --landlord-phone, --tenancy or --note\n"
    );
}

#[test]
fn a_new_resident_in_chinese_or_english_words_is_found_by_search_at_once() {
    let dir = fixture();
    let d = dir.path();
    assert_eq!(
        ok(
            d,
            &[
                "resident",
                "add",
                "5-2-301",
                "--name",
                "王芳",
                "--relation",
                "租户",
                "--sex",
                "女",
                "--birth",
                "1998-03-02",
                "--residence",
                "流动",
                "--tags",
                "残疾人",
                "--phone",
                "139 1111 2222"
            ]
        ),
        "saved 5-2-301: 王芳 added\n"
    );
    assert_eq!(
        ok(d, &["search", "王芳"]),
        "resident   王芳       5-2-301    花苑社区 (name)\n"
    );
    let v = json(&ok(
        d,
        &[
            "resident",
            "add",
            "5-2-301",
            "--name",
            "王小明",
            "--relation",
            "son",
            "--id-number",
            "442000201501010018",
            "--residence",
            "resident",
            "--party",
            "--json",
        ],
    ));
    let r = &v["resident"];
    assert_eq!(
        (
            &r["name"],
            &r["relation"],
            &r["sex"],
            &r["residence"],
            &r["party_member"]
        ),
        (
            &json("\"王小明\""),
            &json("\"Son\""),
            &json("\"Male\""),
            &json("\"Resident\""),
            &json("true")
        )
    );
    assert_eq!(v["warnings"], serde_json::json!([]));
    assert_eq!(
        ok(d, &["search", "wxm"]),
        "resident   王小明     5-2-301    花苑社区 (initials)\n"
    );
    // A checksum that does not add up is kept, as the import keeps it, with its warning.
    let (code, out, err) = gridbook(
        d,
        &[
            "--lang",
            "zh",
            "resident",
            "add",
            "5-2-301",
            "--name",
            "王二",
            "--relation",
            "子",
            "--id-number",
            "442000201601010012",
        ],
    );
    assert_eq!(
        (code, out.as_str(), err.as_str()),
        (
            0,
            "已保存 5-2-301：已添加 王二\n",
            "注意：身份证号“442000201601010012”校验不通过（最后一位应为 5）；请对照证件核对；已按原样保留\n"
        )
    );
}

#[test]
fn a_resident_is_edited_made_head_and_moved_by_address_and_name_or_id_number() {
    let dir = fixture();
    let d = dir.path();
    assert_eq!(
        ok(
            d,
            &[
                "resident",
                "edit",
                "花苑社区 5-1-102/李娟",
                "--phone",
                "13900000000",
                "--tags",
                "低保",
                "--party",
                "党员"
            ]
        ),
        "saved 5-1-102: 李娟 changed\n"
    );
    assert_eq!(
        last_audit(d),
        "李娟：电话 138****0102 → 139****0000; 重点人群 — → 低保; 党员 群众 → 中共党员"
    );
    assert_eq!(
        ok(
            d,
            &[
                "--lang",
                "zh",
                "resident",
                "edit",
                "442000198201090226",
                "--head"
            ]
        ),
        "已保存 5-1-102：李娟 现为户主\n"
    );
    let v = json(&ok(d, &["household", "show", "花苑社区 5-1-102", "--json"]));
    let relations: Vec<(String, String)> = v["residents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["name"].as_str().unwrap().into(),
                r["relation"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert!(
        relations.contains(&("李娟".into(), "Head".into())),
        "{relations:?}"
    );
    assert!(
        relations.contains(&("曾小明".into(), "Spouse".into())),
        "{relations:?}"
    );
    assert_eq!(
        ok(
            d,
            &[
                "resident",
                "move",
                "花苑社区 5-1-102/曾子涵",
                "--to",
                "花苑社区 5-2-301"
            ]
        ),
        "saved 5-2-301: 曾子涵 moved in\n"
    );
    let v = json(&ok(d, &["household", "show", "5-2-301", "--json"]));
    let names: Vec<&str> = v["residents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["曾子涵", "单丽"]);
    assert_eq!(
        refused(d, &["resident", "edit", "5-1-101/周官萍"]),
        "gridbook: nothing to change; give --name, --phone, --relation, --tags, --residence, --party, --head, --id-number, --birth or --sex\n"
    );
}

#[test]
fn a_new_household_at_an_empty_address_of_a_building() {
    let dir = fixture();
    let d = dir.path();
    assert_eq!(
        ok(d, &["household", "add", "花苑社区", "5-2-601"]),
        "saved 5-2-601: a new household\n"
    );
    assert_eq!(
        ok(d, &["household", "show", "5-2-601"]),
        "花苑社区 5-2-601\n\
         house: vacant  phone: none  care tags: none\n\
         building captain: none\n\
         roster last checked: never\n\
         0 living here:\n"
    );
    assert_eq!(
        refused(d, &["household", "add", "5-2-602"]),
        "gridbook: building 5 is in 东裕社区 and 花苑社区; write the community before the address, as “花苑社区 5-2-602”\n"
    );
    assert_eq!(
        refused(d, &["--lang", "zh", "household", "add", "9-1-101"]),
        "gridbook: 没有 9 栋楼；请先在结构里添加这栋楼\n"
    );
    assert_eq!(
        refused(d, &["household", "add", "西区", "5-1-101"]),
        "gridbook: there is no community called 西区; use one of 花苑社区, 东裕社区, 东港社区\n"
    );
    assert_eq!(
        refused(d, &["household", "add", "东港社区", "5-1-101"]),
        "gridbook: there is no building 5; add the building to the community first\n"
    );
}

#[test]
fn building_captains_are_added_shown_given_a_phone_and_retired() {
    let dir = fixture();
    let d = dir.path();
    assert_eq!(
        ok(d, &["captain", "add", "花苑社区 5-1-102/曾小明"]),
        "曾小明 is now a building captain\n"
    );
    assert_eq!(
        ok(d, &["captain", "doors", "单丽"]),
        "单丽 looks after 4 doors:\n  3-1-201  解放\n  5-1-101  周官萍\n  5-1-102  曾小明\n  5-2-301  单丽\n"
    );
    let doors = json(&ok(d, &["captain", "doors", "单丽", "--json"]));
    assert_eq!(doors.as_array().unwrap().len(), 4);
    assert_eq!(
        ok(
            d,
            &[
                "--lang",
                "zh",
                "captain",
                "phone",
                "曾小明",
                "137 0000 1234"
            ]
        ),
        "已保存 曾小明 的电话 13700001234\n"
    );
    assert_eq!(
        ok(d, &["--lang", "zh", "captain", "retire", "单丽"]),
        "单丽 已卸任楼长；4 户现在没有楼长\n"
    );
    assert_eq!(
        refused(d, &["captain", "doors", "单丽"]),
        "gridbook: there is no building captain called 单丽 in the grids you look after; `gridbook captain add ADDRESS/NAME` adds one\n"
    );
}

#[test]
fn report_roster_lists_households_whose_roster_was_not_checked() {
    let dir = fixture();
    let d = dir.path();
    assert_eq!(
        ok(
            d,
            &["report", "roster", "--months", "1", "--today", "2026-11-25"]
        ),
        "community  address  head    last checked\n\
         花苑社区   3-1-201  解放    never\n\
         花苑社区   5-1-101  周官萍  never\n\
         花苑社区   5-1-102  曾小明  never\n\
         花苑社区   5-2-301  单丽    never\n\
         东裕社区   5-1-102  欧阳春  never\n\
         5 households without a roster check in the 1 month to 2026-11-25\n"
    );
    assert_eq!(
        ok(
            d,
            &[
                "--lang",
                "zh",
                "report",
                "人口核实",
                "--months",
                "12",
                "--today",
                "2026-11-25"
            ]
        )
        .lines()
        .last(),
        Some("截至 2026年11月25日，有 5 户 12 个月内没有核实人口信息")
    );
    let rows = json(&ok(d, &["report", "roster", "--format", "json"]));
    assert_eq!(rows.as_array().unwrap().len(), 5);
    assert_eq!(rows[0]["head"], "解放");
}

#[test]
fn bad_addresses_people_and_values_are_refused_in_one_sentence_with_nothing_written() {
    let dir = fixture();
    let d = dir.path();
    assert_eq!(
        refused(d, &["household", "show", "9-9-999"]),
        "gridbook: no household has the address 9-9-999; check it in the browse screen\n"
    );
    assert_eq!(
        refused(d, &["household", "edit", "5-1-102", "--note", "x"]),
        "gridbook: the address 5-1-102 is in 东裕社区 and 花苑社区; write the community before it, as “花苑社区 5-1-102”\n"
    );
    assert_eq!(
        refused(d, &["--lang", "zh", "resident", "add", "5-1-102", "--name", "甲", "--relation", "子", "--sex", "男", "--birth", "2020-01-01"]),
        "gridbook: 东裕社区和花苑社区都有地址 5-1-102；请在地址前写上社区名，如“花苑社区 5-1-102”\n"
    );
    // A checksum that does not add up, for a PERSON.
    assert_eq!(
        refused(d, &["resident", "edit", "442000198007010115", "--phone", "13900000000"]),
        "gridbook: the ID number “442000198007010115” does not add up (its last character should be 4); check it against the card\n"
    );
    assert_eq!(
        refused(
            d,
            &[
                "--lang",
                "zh",
                "resident",
                "leave",
                "442000198007010115",
                "--reason",
                "死亡"
            ]
        ),
        "gridbook: 身份证号“442000198007010115”校验不通过（最后一位应为 4）；请对照证件核对\n"
    );
    assert_eq!(
        refused(d, &["resident", "edit", "王芳", "--phone", "13900000000"]),
        "gridbook: “王芳” is not a person; write ADDRESS/NAME (as 5-2-301/王芳) or an 18-character ID number\n"
    );
    // Two people of one name in a household.
    for birth in ["1998-03-02", "2000-06-01"] {
        ok(
            d,
            &[
                "resident",
                "add",
                "5-2-301",
                "--name",
                "王芳",
                "--relation",
                "租户",
                "--sex",
                "女",
                "--birth",
                birth,
            ],
        );
    }
    assert_eq!(
        refused(d, &["resident", "edit", "5-2-301/王芳", "--phone", "13900000000"]),
        "gridbook: 2 people called 王芳 live at 5-2-301 (born 1998, tenant; born 2000, tenant); give the ID number instead\n"
    );
    assert_eq!(
        refused(
            d,
            &[
                "--lang",
                "zh",
                "resident",
                "move",
                "5-2-301/王芳",
                "--to",
                "5-1-101"
            ]
        ),
        "gridbook: 5-2-301 有 2 个人叫王芳（1998年生，租户；2000年生，租户）；请改用身份证号\n"
    );
    // An ID number already on file names its holder and the command that moves them.
    assert_eq!(
        refused(d, &["resident", "add", "5-1-101", "--name", "曾小明", "--relation", "son", "--id-number", "442000198007010114"]),
        "gridbook: 曾小明 (ID number 4420**********0114) is already registered at 花苑社区 5-1-102; move them here instead of adding them again; run gridbook resident move 442000198007010114 --to 5-1-101\n"
    );
    assert_eq!(
        refused(d, &["--lang", "zh", "resident", "add", "5-1-101", "--name", "曾小明", "--relation", "子", "--id-number", "442000198007010114"]),
        "gridbook: 曾小明（身份证号 4420**********0114）已登记在 花苑社区 5-1-102；请把此人迁到这里，不要重复登记；可运行 gridbook resident move 442000198007010114 --to 5-1-101\n"
    );
    // Values that are not values: usage errors (2) in either language.
    let (code, _, err) = gridbook(
        d,
        &[
            "--lang",
            "zh",
            "resident",
            "add",
            "5-1-101",
            "--name",
            "甲",
            "--relation",
            "朋友",
        ],
    );
    assert_eq!(code, 2);
    assert!(
        err.starts_with("gridbook: --relation <REL> 的值“朋友”不对：不是与户主关系；请写 户主、配偶、子、女、父、母、孙子、孙女、租户 或 其他\n"),
        "{err}"
    );
    let (code, _, err) = gridbook(
        d,
        &["household", "edit", "5-1-101", "--house", "rented-out"],
    );
    assert_eq!(code, 2);
    assert!(
        err.starts_with("error: invalid value 'rented-out' for '--house <HOUSE>'"),
        "{err}"
    );
    let (code, _, err) = gridbook(d, &["household", "edit", "5-1-101", "--tags", "富人"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("“富人” is not a care tag; use 独居老人 空巢老人 残疾人 留守儿童 低保 特困 退役军人 重病"),
        "{err}"
    );
}

/// A grid captain of 第一网格 (the OS user `nobody`) through the server: another grid's
/// household is not hers to change, nor to move anyone into; nothing is written.
#[test]
fn a_grid_captain_changes_only_her_grids() {
    use std::os::unix::fs::PermissionsExt;
    use std::os::unix::process::CommandExt;
    if !nix::unistd::getuid().is_root() {
        // Switching users needs root; CI runs the tests as root.
        common::skipped(
            "a grid captain changes only her grids",
            "needs root to switch users",
        );
        return;
    }
    // Laid out as `deploy/` says: the store in BASE/data (its owner's alone), the socket in
    // BASE/run; BASE is 0750, so `nobody` (group root) reaches the socket only.
    let base = tempfile::tempdir().unwrap();
    std::fs::set_permissions(base.path(), std::fs::Permissions::from_mode(0o750)).unwrap();
    let data = base.path().join("data");
    {
        let store = common::small_store(&data);
        common::add_second_grid(&store);
    }
    let _stop = common::StopServers(&data);
    let run = |nobody: bool, args: &[&str]| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_gridbook"));
        cmd.env("LANG", "C")
            .env_remove("LC_ALL")
            .env_remove("GRIDBOOK_IN_PROCESS")
            .env("GRIDBOOK_RUN", base.path().join("run"))
            .arg("--data")
            .arg(&data)
            .args(args);
        if nobody {
            cmd.env("HOME", "/nonexistent").uid(65534).gid(0);
        }
        let out = cmd.output().unwrap();
        common::outcome(out)
    };
    let added = run(
        false,
        &[
            "staff",
            "add",
            "nobody",
            "--role",
            "grid-captain",
            "--grid",
            "第一网格",
        ],
    );
    assert_eq!(added.0, 0, "{}", added.2);
    let audit = || run(false, &["audit", "log", "--json"]).1;
    let before = audit();
    for args in [
        &["household", "edit", "7-1-101", "--note", "x"][..],
        &["resident", "move", "5-1-102/李娟", "--to", "7-1-101"],
        &["resident", "edit", "7-1-101/查文", "--phone", "13900000000"],
    ] {
        assert_eq!(
            run(true, args),
            (
                1,
                String::new(),
                "gridbook: no household has the address 7-1-101; check it in the browse screen\n"
                    .to_string()
            ),
            "{args:?}"
        );
    }
    // By ID number, 查文 is not found either.
    let zha = gridbook::model::idnumber::compose(442000, common::ymd(1940, 1, 1), 5);
    assert_eq!(
        run(true, &["resident", "edit", &zha, "--phone", "13900000000"]),
        (
            1,
            String::new(),
            "gridbook: no one in the grids you look after has the ID number 4420**********0051\n"
                .to_string()
        )
    );
    assert_eq!(audit(), before);
    // Her own grid she changes.
    assert_eq!(
        run(true, &["household", "edit", "5-1-102", "--note", "已核实"]),
        (
            0,
            "saved 5-1-102: household changed\n".to_string(),
            String::new()
        )
    );
}

#[test]
fn every_resident_field_is_changed_in_chinese_or_english_words() {
    let dir = fixture();
    let d = dir.path();
    let (code, out, err) = gridbook(
        d,
        &[
            "--lang",
            "zh",
            "resident",
            "edit",
            "花苑社区 5-1-102/李娟",
            "--name",
            "李涓",
            "--relation",
            "其他",
            "--residence",
            "流动",
            "--sex",
            "男",
            "--birth",
            "1982年1月10日",
        ],
    );
    assert_eq!(
        (code, out.as_str(), err.as_str()),
        (
            0,
            "已保存 5-1-102：李涓 的信息已修改\n",
            // Kept as written, with the import's warnings against the ID number.
            "注意：身份证号显示出生于 1982-01-09，但这里写的是 1982-01-10；已按原样保留出生日期，请核对哪个正确\n\
             注意：身份证号属于女性，但这里写的是男；已按原样保留，请核对哪个正确\n"
        )
    );
    assert_eq!(
        ok(
            d,
            &[
                "resident",
                "edit",
                "花苑社区 5-1-102/李涓",
                "--relation",
                "mother",
                "--residence",
                "resident",
                "--sex",
                "F",
                "--birth",
                "1982-01-09",
                "--party",
                "no",
            ]
        ),
        "saved 5-1-102: 李涓 changed\n"
    );
    assert_eq!(
        last_audit(d),
        "李涓：与户主关系 其他 → 母; 性别 男 → 女; 出生日期 1982-01-10 → 1982-01-09; 户籍 流动 → 常住"
    );
    let v = json(&ok(d, &["household", "show", "花苑社区 5-1-102", "--json"]));
    let r = &v["residents"][1];
    assert_eq!(
        (&r["name"], &r["relation"], &r["sex"], &r["residence"]),
        (
            &json("\"李涓\""),
            &json("\"Mother\""),
            &json("\"Female\""),
            &json("\"Resident\"")
        )
    );
}

/// On the small demo: a real household found by search, shown, given a resident, who is
/// found by search right after.
#[test]
fn on_the_small_demo_a_new_resident_is_found_by_search_right_after() {
    let dir = tempfile::tempdir().unwrap();
    common::small_demo(&dir.path().join("store"));
    let d = dir.path();
    let hits = json(&ok(d, &["search", "王", "--json", "--limit", "1"]));
    let (community, address) = (
        hits[0]["community"].as_str().unwrap().to_string(),
        hits[0]["address"].as_str().unwrap().to_string(),
    );
    let at = format!("{community} {address}");
    let before = json(&ok(d, &["household", "show", &at, "--json"]));
    let n = before["residents"].as_array().unwrap().len();
    assert_eq!(
        ok(
            d,
            &[
                "resident",
                "add",
                &at,
                "--name",
                "司马甲乙",
                "--relation",
                "孙女",
                "--sex",
                "女",
                "--birth",
                "2026-11-01"
            ]
        ),
        format!("saved {address}: 司马甲乙 added\n")
    );
    let after = json(&ok(d, &["household", "show", &at, "--json"]));
    assert_eq!(after["residents"].as_array().unwrap().len(), n + 1);
    let found = json(&ok(d, &["search", "司马甲乙", "--json"]));
    assert_eq!(found[0]["name"], "司马甲乙");
    assert_eq!(found[0]["address"], address.as_str());
    assert_eq!(found[0]["community"], community.as_str());
}

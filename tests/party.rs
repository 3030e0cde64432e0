//! Party members on the grid (issue 14, part 1): profiles, party groups and 中心户 from the
//! command line with exact output in both languages, bad input refused in one sentence with
//! nothing written, coverage figures counted from a hand-built store, and a grid captain kept
//! to her grids.

mod common;

use std::sync::Arc;

use common::{cli_ok as ok, cli_refused as refused, wait_until_released};
use gridbook::api::party::{
    AddPartyGroup, EditPartyGroup, LinkHousehold, PartyGroups, PartyMembers, SetCentralHousehold,
    SetPartyMember,
};
use gridbook::client::Ask;
use gridbook::model::party::{PartyCategory, PartyMember};
use gridbook::model::scope::Scope;
use gridbook::model::Address;
use gridbook::store::party::{GroupEdit, PartyCoverage};
use gridbook::store::{OpenOptions, Store};

/// The small fixture (花苑社区, 第一网格: 5-1-101 周官萍, 5-1-102 曾小明 and family,
/// 5-2-301 单丽, 3-1-201 解放), on disk and released.
fn fixture() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    common::closed_small_store(dir.path());
    dir
}

fn member(resident: u64, category: PartyCategory) -> PartyMember {
    PartyMember {
        resident,
        name: String::new(),
        group: None,
        category,
        skills: vec![],
        since: 20_000,
        ended: None,
    }
}

#[test]
fn members_are_added_listed_and_ended_in_both_languages() {
    let dir = fixture();
    let d = dir.path();
    assert_eq!(
        ok(
            d,
            &[
                "member",
                "add",
                "5-2-301/单丽",
                "--category",
                "退休",
                "--skills",
                "理发,电工",
                "--since",
                "2020-07-01",
            ]
        ),
        "saved 单丽's party member profile (retired)\n"
    );
    assert_eq!(
        ok(
            d,
            &[
                "--lang",
                "zh",
                "member",
                "add",
                "5-1-102/李娟",
                "--category",
                "reporting",
                "--since",
                "2023-03-15",
            ]
        ),
        "已保存 李娟 的党员信息（在职报到）\n"
    );
    assert_eq!(
        ok(d, &["member", "list"]),
        "2 party members:\n  5-1-102  李娟  reporting  -  2023-03-15  -\n  5-2-301  单丽  retired  -  2020-07-01  理发, 电工\n"
    );
    assert_eq!(
        ok(d, &["--lang", "zh", "member", "list", "--grid", "第一网格"]),
        "党员 2 名：\n  5-1-102  李娟  在职报到  -  2023-03-15  -\n  5-2-301  单丽  退休  -  2020-07-01  理发、电工\n"
    );
    assert_eq!(
        ok(
            d,
            &["member", "end", "5-1-102/李娟", "--reason", "组织关系转出"]
        ),
        "ended 李娟's party member profile: 组织关系转出\n"
    );
    let list: serde_json::Value =
        serde_json::from_str(&ok(d, &["member", "list", "--json"])).unwrap();
    let rows = list.as_array().unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["name"], "单丽");
    assert_eq!(rows[0]["category"], "retired");
    assert_eq!(rows[0]["skills"], serde_json::json!(["理发", "电工"]));
    assert_eq!(
        (rows[0]["address"].as_str(), rows[0]["grid"].as_str()),
        (Some("5-2-301"), Some("第一网格"))
    );
}

#[test]
fn groups_and_central_households_from_the_command_line() {
    let dir = fixture();
    let d = dir.path();
    ok(d, &["member", "add", "5-2-301/单丽", "--category", "直管"]);
    assert_eq!(
        ok(
            d,
            &[
                "member",
                "group",
                "add",
                "第一党小组",
                "--grid",
                "第一网格",
                "--leader",
                "5-2-301/单丽"
            ]
        ),
        "added the party group 第一党小组 (第一网格, led by 单丽)\n"
    );
    ok(
        d,
        &[
            "member",
            "add",
            "5-1-101/周官萍",
            "--category",
            "retired",
            "--group",
            "第一党小组",
        ],
    );
    assert_eq!(
        ok(d, &["member", "group", "list"]),
        "1 party groups:\n  第一党小组  第一网格  leader 单丽  1 members\n"
    );
    assert_eq!(
        ok(d, &["--lang", "zh", "member", "group", "list"]),
        "党小组 1 个：\n  第一党小组  第一网格  组长 单丽  党员 1 名\n"
    );
    let out = ok(
        d,
        &[
            "member",
            "central",
            "5-2-301",
            "--link",
            "5-1-101,5-1-102,3-1-201",
        ],
    );
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[0],
        "5-2-301 is a 中心户 keeping in touch with 3 households:"
    );
    assert_eq!(lines.len(), 4);
    assert!(lines[1].starts_with("  3-1-201  since "), "{out}");
    assert!(lines[2].starts_with("  5-1-101  since "), "{out}");
    let out = ok(
        d,
        &[
            "--lang", "zh", "member", "central", "5-2-301", "--unlink", "3-1-201",
        ],
    );
    assert!(
        out.starts_with("5-2-301 是党员中心户，联系 2 户：\n"),
        "{out}"
    );
    assert_eq!(
        ok(d, &["member", "coverage"]),
        "1 grids, 0 without a party group: \n2 buildings, 1 without a 中心户: 花苑社区 building 3\n  中心户 5-2-301 looks after 2 households\n"
    );
    let cov: PartyCoverage =
        serde_json::from_str(&ok(d, &["member", "coverage", "--json"])).unwrap();
    assert_eq!(
        cov.buildings_without_central,
        vec![("花苑社区".to_string(), 3)]
    );
}

#[test]
fn bad_input_is_refused_in_one_sentence_and_nothing_is_written() {
    let dir = fixture();
    let d = dir.path();
    assert_eq!(
        refused(d, &["member", "add", "5-2-301/单丽", "--category", "党员"]),
        "gridbook: “党员” is not a party member category; use direct, reporting, mobile or retired (直管, 在职报到, 流动, 退休)\n"
    );
    assert_eq!(
        refused(
            d,
            &["member", "group", "add", "第一党小组", "--grid", "第一网格", "--leader", "5-2-301/单丽"]
        ),
        "gridbook: the leader of a party group must be a party member; add her profile with `gridbook member add` first\n"
    );
    assert_eq!(
        refused(d, &["member", "central", "5-1-101"]),
        "gridbook: no one at 5-1-101 is a party member on file; a 中心户 is a party member's household\n"
    );
    assert_eq!(
        refused(d, &["member", "end", "5-2-301/单丽", "--reason", "迁出"]),
        "gridbook: 单丽 is not a party member on file; add her profile with `gridbook member add` first\n"
    );
    assert_eq!(
        refused(
            d,
            &[
                "member",
                "add",
                "5-2-301/单丽",
                "--category",
                "直管",
                "--since",
                "上个月"
            ]
        ),
        "gridbook: “上个月” is not a day; write it as 2026-03-01\n"
    );
    assert_eq!(
        refused(
            d,
            &["member", "add", "5-2-301/单丽", "--category", "直管", "--group", "第九党小组"]
        ),
        "gridbook: there is no party group called “第九党小组” in the grids you look after; `gridbook member group add` adds one\n"
    );
    ok(d, &["member", "add", "5-2-301/单丽", "--category", "直管"]);
    assert_eq!(
        refused(d, &["member", "central", "5-2-301", "--link", "5-2-301"]),
        "gridbook: a 中心户 cannot be linked to its own household; link a neighbour\n"
    );
    ok(d, &["member", "central", "5-2-301", "--link", "5-1-101"]);
    assert_eq!(
        refused(d, &["member", "central", "5-2-301", "--link", "5-1-101"]),
        "gridbook: that household is linked to this 中心户 already; link another one\n"
    );
    assert_eq!(
        refused(
            d,
            &["--lang", "zh", "member", "central", "5-2-301", "--link", "5-1-101"]
        ),
        "gridbook: 这户已经由该中心户联系；请联系另一户\n"
    );
    assert_eq!(
        refused(d, &["member", "end", "5-2-301/单丽", "--reason", " "]),
        "gridbook: say why with --reason (moved away, transferred, died …)\n"
    );
    ok(
        d,
        &[
            "member",
            "group",
            "add",
            "第一党小组",
            "--grid",
            "第一网格",
            "--leader",
            "5-2-301/单丽",
        ],
    );
    assert_eq!(
        refused(d, &["member", "end", "5-2-301/单丽", "--reason", "迁出"]),
        "gridbook: 单丽 leads the party group “第一党小组”; give the group another leader first\n"
    );
}

#[test]
fn coverage_figures_are_counted_from_the_records() {
    let dir = tempfile::tempdir().unwrap();
    let store = common::small_store(dir.path());
    common::add_second_grid(&store);
    let all = Scope::everything();
    store
        .set_party_member("t", &all, &member(104, PartyCategory::Direct))
        .unwrap();
    store
        .set_party_member("t", &all, &member(106, PartyCategory::Retired))
        .unwrap();
    let g = store
        .add_party_group("t", &all, "第二党小组", 4, 106)
        .unwrap();
    assert_eq!((g.community, g.grid), (2, 4));
    store
        .set_central_household("t", &all, 22, &[20, 21], &[], 20_400)
        .unwrap();
    store.link_household("t", &all, 22, 23, 20_400).unwrap();
    store
        .set_central_household("t", &all, 24, &[], &[], 20_400)
        .unwrap();
    assert_eq!(
        store.party_coverage(&all).unwrap(),
        PartyCoverage {
            grids: 2,
            grids_without_group: vec!["第一网格".into()],
            buildings: 3,
            buildings_without_central: vec![("花苑社区".into(), 3)],
            households_per_central: vec![
                (Address::parse("5-2-301").unwrap(), 3),
                (Address::parse("7-1-101").unwrap(), 0),
            ],
        }
    );
    store.unlink_household("t", &all, 22, 21).unwrap();
    let cov = store.party_coverage(&all).unwrap();
    assert_eq!(cov.households_per_central[0].1, 2);
    // An ended profile leaves the list; the group her profile named counts one fewer.
    store
        .add_party_group("t", &all, "第一党小组", 3, 104)
        .unwrap();
    let mut joined = member(100, PartyCategory::Retired);
    joined.group = Some(g.id);
    store.set_party_member("t", &all, &joined).unwrap();
    assert_eq!(store.party_groups(&all).unwrap()[1].members, 1);
    store
        .end_party_member("t", &all, 100, 20_500, "迁出")
        .unwrap();
    assert_eq!(store.party_groups(&all).unwrap()[1].members, 0);
    assert_eq!(store.party_members(&all).unwrap().len(), 2);
    assert_eq!(
        store.party_coverage(&all).unwrap().grids_without_group,
        Vec::<String>::new()
    );
}

#[test]
fn a_grid_captain_sees_and_changes_only_her_grids() {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(common::small_store(dir.path()));
    common::add_second_grid(&store);
    let all = Scope::everything();
    store
        .set_party_member("t", &all, &member(106, PartyCategory::Retired))
        .unwrap();
    let other = store
        .add_party_group("t", &all, "第二党小组", 4, 106)
        .unwrap();
    let b = common::captain_backend(&store);
    // Her own grid: a member, a group, a 中心户 with a link.
    b.call(SetPartyMember(member(104, PartyCategory::Direct)))
        .unwrap();
    b.call(AddPartyGroup {
        name: "第一党小组".into(),
        grid: 3,
        leader: 104,
    })
    .unwrap();
    b.call(SetCentralHousehold {
        household: 22,
        link: vec![20],
        unlink: vec![],
        since: 20_400,
    })
    .unwrap();
    b.call(LinkHousehold(22, 21, 20_400)).unwrap();
    let members = b.call(PartyMembers).unwrap();
    assert_eq!(
        members
            .iter()
            .map(|m| m.member.name.as_str())
            .collect::<Vec<_>>(),
        ["单丽"]
    );
    let groups = b.call(PartyGroups).unwrap();
    assert_eq!(
        groups
            .iter()
            .map(|g| g.group.name.as_str())
            .collect::<Vec<_>>(),
        ["第一党小组"]
    );
    let before = common::digest(&store);
    // Another grid's household, group and grid: refused naming the record, not the person.
    let e = b
        .call(LinkHousehold(22, 24, 20_400))
        .unwrap_err()
        .to_string();
    assert_eq!(
        e,
        "the household at 7-1-101 is outside the grids you look after; ask a street admin if you need it"
    );
    let mut joining = member(101, PartyCategory::Mobile);
    joining.group = Some(other.id);
    let e = b.call(SetPartyMember(joining)).unwrap_err().to_string();
    assert_eq!(
        e,
        "the party group “第二党小组” is on a grid outside the grids you look after; choose a group on your grids"
    );
    let e = b
        .call(AddPartyGroup {
            name: "又一个".into(),
            grid: 4,
            leader: 104,
        })
        .unwrap_err()
        .to_string();
    assert_eq!(
        e,
        "the grid “第二网格” is outside the grids you look after; put the group on one of yours"
    );
    let e = b
        .call(SetPartyMember(member(106, PartyCategory::Direct)))
        .unwrap_err()
        .to_string();
    assert!(!e.contains("查文"), "{e}");
    assert_eq!(common::digest(&store), before);
}

#[test]
fn party_writes_are_audited_and_kept_after_reopening() {
    let dir = fixture();
    let d = dir.path();
    ok(d, &["member", "add", "5-2-301/单丽", "--category", "直管"]);
    let log: serde_json::Value =
        serde_json::from_str(&ok(d, &["audit", "log", "--json", "--limit", "1"])).unwrap();
    assert_eq!(log[0]["tree"], "party_members", "{log}");
    wait_until_released(&d.join("store"));
    let store = Store::open(&d.join("store"), OpenOptions::default()).unwrap();
    let report = gridbook::store::check::check(&store).unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
}

#[test]
fn a_profile_changed_on_a_laptop_and_on_the_server_merges_field_by_field() {
    let root = tempfile::tempdir().unwrap();
    let (server, laptop) = common::sync::server_and_laptop(root.path(), "editor");
    let all = Scope::everything();
    server
        .store()
        .set_party_member("office", &all, &member(104, PartyCategory::Direct))
        .unwrap();
    common::sync::sync_as(&laptop, &server, "community-server");
    // Offline, the laptop adds her skills; the office changes her category.
    let mut skilled = member(104, PartyCategory::Direct);
    skilled.skills = vec!["理发".into()];
    laptop
        .store()
        .set_party_member("editor", &all, &skilled)
        .unwrap();
    server
        .store()
        .set_party_member("office", &all, &member(104, PartyCategory::Retired))
        .unwrap();
    let s = common::sync::sync_as(&laptop, &server, "community-server");
    assert_eq!(s.conflicts, 0);
    for b in [&server, &laptop] {
        let m = b.store().get_id::<PartyMember>(104).unwrap().unwrap();
        assert_eq!(
            (m.category, m.skills),
            (PartyCategory::Retired, vec!["理发".to_string()])
        );
    }
}

#[test]
fn a_grid_captain_cannot_move_a_group_off_her_grids() {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(common::small_store(dir.path()));
    common::add_second_grid(&store);
    let all = Scope::everything();
    store
        .set_party_member("t", &all, &member(104, PartyCategory::Direct))
        .unwrap();
    store
        .set_party_member("t", &all, &member(106, PartyCategory::Retired))
        .unwrap();
    let mine = store
        .add_party_group("t", &all, "第一党小组", 3, 104)
        .unwrap();
    let theirs = store
        .add_party_group("t", &all, "第二党小组", 4, 106)
        .unwrap();
    let b = common::captain_backend(&store);
    let before = common::digest(&store);
    let moved = GroupEdit {
        grid: Some(4),
        ..GroupEdit::default()
    };
    assert_eq!(
        b.call(EditPartyGroup(mine.id, moved))
            .unwrap_err()
            .to_string(),
        "the grid “第二网格” is outside the grids you look after; put the group on one of yours"
    );
    let renamed = GroupEdit {
        name: Some("新名".into()),
        ..GroupEdit::default()
    };
    assert_eq!(
        b.call(EditPartyGroup(theirs.id, renamed.clone())).unwrap_err().to_string(),
        "the party group “第二党小组” is on a grid outside the grids you look after; choose a group on your grids"
    );
    assert_eq!(common::digest(&store), before);
    let g = b.call(EditPartyGroup(mine.id, renamed)).unwrap();
    assert_eq!((g.name.as_str(), g.grid), ("新名", 3));
}

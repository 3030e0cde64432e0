//! Security, scope on every write: sync push, import, edits and stats checked against the record as it is and as it will be.
//!
//! The caller is 张丽, grid captain of 第一网格 (the small fixture's households 20–23), on a
//! store that also holds 第二网格 (household 24, 7-1-101, where 查文 lives): she may neither
//! read 查文 nor write anything of 第二网格, and no refusal may name him.

use std::os::unix::net::UnixStream;
use std::sync::Arc;

use super::common::*;
use gridbook::cli::sync::{drive, serve};
use gridbook::client::{Backend, Local};
use gridbook::model::scope::Scope;
use gridbook::model::*;
use gridbook::store::{keys, OpenOptions, Store, TreeId, TxResult, Txn};

/// The name of the person outside her scope: it must appear in no output of hers.
const OUTSIDER: &str = "查文";

/// The server's store (the fixture with 第二网格) and 张丽's connection to it.
fn server(root: &std::path::Path) -> (Arc<Store>, Local) {
    let store = Arc::new(small_store(&root.join("server")));
    add_second_grid(&store);
    let captain = captain_backend(&store);
    (store, captain)
}

/// 张丽's laptop, with its first copy of her grids.
pub(super) fn laptop(root: &std::path::Path, captain: &Local) -> Local {
    let laptop = Local::new(
        Store::open(&root.join("laptop"), OpenOptions::default()).unwrap(),
        "nobody".into(),
    );
    push(&laptop, captain).unwrap();
    laptop
}

/// One sync of the laptop with the server, as her; the sentence it failed with, if it did.
pub(super) fn push(laptop: &Local, captain: &Local) -> Result<(), String> {
    let (a, b) = UnixStream::pair().unwrap();
    std::thread::scope(|s| {
        s.spawn(|| serve(captain, b.try_clone().unwrap(), b));
        drive(laptop, "server", a.try_clone().unwrap(), a)
            .map(|_| ())
            .map_err(|e| e.to_string())
    })
}

/// A write on the laptop, as her (what a hand-edited laptop store could hold).
pub(super) fn on_laptop(laptop: &Local, f: impl Fn(&Txn) -> TxResult<()> + Sync) {
    laptop.store().write("nobody", f).unwrap();
}

pub(super) fn refused_push(laptop: &Local, captain: &Local, server: &Store) -> String {
    let before = digest(server);
    let err = push(laptop, captain).unwrap_err();
    assert_eq!(digest(server), before, "nothing of the push was applied");
    assert!(!err.contains(OUTSIDER), "{err}");
    err
}

pub(super) fn sentence(kind: &str, id: Id) -> String {
    format!(
        "the laptop sent a change to the {kind} with id {id}, which is outside the grids you look after; nothing was synced — remove that change from the laptop, or ask a street admin to widen your scope"
    )
}

#[test]
fn a_sync_push_moving_a_household_of_another_grid_into_hers_is_refused_whole() {
    let root = tempfile::tempdir().unwrap();
    let (store, captain) = server(root.path());
    let laptop = laptop(root.path(), &captain);
    assert_eq!(
        laptop.store().get_id::<Household>(24).unwrap(),
        None,
        "her copy holds nothing of 第二网格"
    );
    // Household 24 written on her laptop as if it were in 第一网格, with a visit of hers in
    // the same push: the server holds 24 in 第二网格, so the whole push is refused.
    on_laptop(&laptop, |t| {
        let mut h = household(24, 10, "5-2-601", 106, vec![]);
        h.captain = None;
        t.put(&h)
    });
    on_laptop(&laptop, |t| {
        let mut v = t.get::<Visit>(&keys::id(200))?.unwrap();
        v.findings = "本网格的走访".into();
        t.put(&v)
    });
    let err = refused_push(&laptop, &captain, &store);
    assert_eq!(err, sentence("household", 24));
    assert_eq!(
        gridbook::i18n::localize(&err, gridbook::i18n::Lang::Zh),
        "笔记本电脑发来的修改涉及编号为 24 的住户，它不在您负责的网格内；没有同步任何内容——请在笔记本电脑上撤下这项修改，或请街道管理员扩大您的范围"
    );
    let h = store.get_id::<Household>(24).unwrap().unwrap();
    assert_eq!((h.grid, h.building), (4, 12), "24 stays in 第二网格");
    assert_eq!(
        store.get_id::<Visit>(200).unwrap().unwrap().findings,
        "老人身体状况良好，家中无安全隐患。",
        "her own change in the refused push was not applied either"
    );
}

#[test]
fn a_sync_push_pointing_her_records_at_another_grid_is_refused_naming_the_record() {
    let root = tempfile::tempdir().unwrap();
    let (store, captain) = server(root.path());
    let laptop = laptop(root.path(), &captain);
    // A case in her grid about 第二网格's household 24: it would show in 24's detail.
    on_laptop(&laptop, |t| {
        let mut d = t.get::<Dispute>(&keys::id(300))?.unwrap();
        d.household = Some(24);
        t.put(&d)
    });
    let err = refused_push(&laptop, &captain, &store);
    assert_eq!(err, sentence("dispute", 300));
    assert_eq!(
        store.get_id::<Dispute>(300).unwrap().unwrap().household,
        Some(21)
    );

    // Her household 20 put into 第二网格's building 7, keeping her grid: refused too.
    on_laptop(&laptop, |t| {
        let mut d = t.get::<Dispute>(&keys::id(300))?.unwrap();
        d.household = Some(21);
        t.put(&d)
    });
    on_laptop(&laptop, |t| {
        let mut h = t.get::<Household>(&keys::id(20))?.unwrap();
        h.building = 12;
        t.put(&h)
    });
    let err = refused_push(&laptop, &captain, &store);
    assert_eq!(err, sentence("household", 20));
    assert_eq!(store.get_id::<Household>(20).unwrap().unwrap().building, 10);
}

#[test]
fn a_sync_push_inside_her_grids_still_goes_through() {
    let root = tempfile::tempdir().unwrap();
    let (store, captain) = server(root.path());
    let laptop = laptop(root.path(), &captain);
    common_edit(&laptop);
    push(&laptop, &captain).unwrap();
    assert_eq!(
        store.get_id::<Household>(20).unwrap().unwrap().phone,
        "13900000020"
    );
}

fn common_edit(laptop: &Local) {
    super::common::sync::edit_household(laptop.store(), "nobody", 20, |h| {
        h.phone = "13900000020".into()
    });
}

/// A roster of one household with the given cells after 社区,网格,楼栋,单元,房号.
fn roster(rows: &[&str]) -> gridbook::io::roster::Roster {
    let mut text =
        String::from("社区,网格,楼栋,单元,房号,姓名,与户主关系,性别,出生日期,身份证号\n");
    for r in rows {
        text.push_str(r);
        text.push('\n');
    }
    let (table, format) = gridbook::io::table::Table::from_bytes(text.as_bytes()).unwrap();
    let roster = gridbook::io::roster::read(&table, Some(format));
    assert_eq!(roster.problems.errors, vec![]);
    roster
}

fn refused_import(captain: &Local, store: &Store, rows: &[&str]) -> String {
    let before = digest(store);
    let mut out = Vec::new();
    for dry_run in [true, false] {
        let opts = gridbook::store::import::ImportOptions {
            dry_run,
            ..Default::default()
        };
        let err = captain
            .import_roster(&mut roster(rows).pieces(), &opts, &|_, _, _| {})
            .unwrap_err()
            .to_string();
        assert!(!err.contains(OUTSIDER), "{err}");
        out.push(err);
    }
    assert_eq!(out[0], out[1], "a dry run is refused as the import is");
    assert_eq!(digest(store), before, "nothing was imported");
    out.remove(0)
}

#[test]
fn an_import_with_another_grids_id_number_is_refused_naming_the_row_never_the_person() {
    let root = tempfile::tempdir().unwrap();
    let (store, captain) = server(root.path());
    // 查文's ID number, under another name, at a new address of her grid.
    let zha = idnumber::compose(442000, ymd(1940, 1, 1), 5);
    let row = format!("花苑社区,第一网格,5,1,103,查某,户主,男,1940-01-01,{zha}");
    assert_eq!(
        refused_import(&captain, &store, &[&row]),
        "row 2, column 身份证号: that ID number is registered at a household outside the grids you look after; nothing was imported — ask a street admin to import it"
    );
    // One of her own people (周官萍 of 5-1-101) moved out of her grids, into 第二网格.
    let zhou = idnumber::compose(442000, ymd(1954, 3, 5), 124);
    let mine = "花苑社区,第一网格,5,1,104,新住户,户主,男,1990-01-01,";
    let away = format!("花苑社区,第二网格,7,1,102,周官萍,户主,女,1954-03-05,{zhou}");
    assert_eq!(
        refused_import(&captain, &store, &[mine, &away]),
        "row 3 (7-1-102) is in 第二网格, outside the grids you look after; nothing was imported — ask a street admin to import it"
    );
    // In Chinese the refusal is one sentence too.
    assert_eq!(
        gridbook::i18n::localize(
            "row 2, column 身份证号: that ID number is registered at a household outside the grids you look after; nothing was imported — ask a street admin to import it",
            gridbook::i18n::Lang::Zh
        ),
        "第 2 行“身份证号”列：该身份证号登记在您负责网格以外的住户；没有导入任何内容——请找街道管理员导入"
    );
}

#[test]
fn stats_count_the_grid_captains_scope_not_the_street() {
    let root = tempfile::tempdir().unwrap();
    let (store, captain) = server(root.path());
    let hers = captain.stats().unwrap();
    let json = serde_json::to_string(&hers).unwrap();
    assert_eq!(
        json,
        r#"{"streets":1,"communities":1,"grids":1,"buildings":2,"households":4,"residents":6,"captains":1,"staff":0,"visits":2,"disputes":1,"followups":1}"#
    );
    let search = gridbook::search::SearchCell::start(store.clone());
    let street = Local::scoped(store.clone(), "admin".into(), Scope::everything(), search);
    let all = serde_json::to_string(&street.stats().unwrap()).unwrap();
    assert_eq!(
        all,
        r#"{"streets":1,"communities":1,"grids":2,"buildings":3,"households":5,"residents":7,"captains":1,"staff":0,"visits":3,"disputes":2,"followups":2}"#
    );
}

/// Her answer to one operation: the reply, or the sentence it was refused with.
fn ask<R: gridbook::api::Op>(b: &Local, r: R) -> String
where
    R::Reply: std::fmt::Debug,
{
    use gridbook::client::Ask;
    match b.call(r) {
        Ok(reply) => format!("{reply:?}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn every_operation_on_another_grids_records_is_refused_or_finds_nothing_and_names_no_one() {
    use gridbook::api::captains::{AddCaptain, ApplyMoves, Proposal};
    use gridbook::api::places::{Detail, FindAddress, History, Households, Search};
    use gridbook::api::reports::LastRosterCheck;
    use gridbook::api::roster::{
        EditHousehold, MakeHead, MoveResident, PersonByIdNumber, ResidentLeaves,
    };
    use gridbook::api::structure::{GiveGrid, MoveBuilding};
    use gridbook::api::work::{
        AddVisit, AdvanceDispute, CompleteFollowUp, DisputeNotes, Disputes, OpenDispute,
    };
    use gridbook::model::time::now;
    use gridbook::store::ops::{DisputeStep, NewVisit};
    let root = tempfile::tempdir().unwrap();
    let (store, captain) = server(root.path());
    let before = digest(&store);
    let b = &captain;
    let visit = |household: Id, met: Vec<Id>| {
        AddVisit(
            NewVisit {
                household,
                at: now(),
                purpose: VisitPurpose::Routine,
                outcome: VisitOutcome::Met,
                met,
                findings: "上门".into(),
                needs: vec![],
                knock_again: None,
                amends: None,
                roster_checked: false,
            },
            vec![],
        )
    };
    let mut amend = visit(20, vec![100]);
    amend.0.amends = Some(202);
    let mut case = store.get_id::<Dispute>(300).unwrap().unwrap();
    case.id = 0;
    case.parties = vec![Party::Resident(101), Party::Resident(106)];
    let zha = idnumber::compose(442000, ymd(1940, 1, 1), 5);
    let answers = [
        // Reads of 第二网格's household 24, its people, cases and places.
        ("detail", ask(b, Detail(24))),
        ("history", ask(b, History(24))),
        ("last roster check", ask(b, LastRosterCheck(24))),
        ("case notes", ask(b, DisputeNotes(301))),
        ("building 7", ask(b, Households(12))),
        ("rebalance", ask(b, Proposal(4))),
        ("by ID number", ask(b, PersonByIdNumber(zha))),
        ("search", ask(b, Search(OUTSIDER.into(), 5))),
        (
            "address",
            ask(b, FindAddress("7-1-101".parse_query(), None)),
        ),
        (
            "cases",
            format!("{:?}", ask(b, Disputes(false)).contains("楼道堆物")),
        ),
        // Writes to it, or moving anything into or out of it.
        (
            "edit household",
            ask(
                b,
                EditHousehold {
                    household: 24,
                    change: Default::default(),
                },
            ),
        ),
        ("make head", ask(b, MakeHead(106))),
        (
            "leaves",
            ask(
                b,
                ResidentLeaves {
                    resident: 106,
                    reason: LeaveReason::Died,
                    day: today(),
                },
            ),
        ),
        (
            "move him in",
            ask(
                b,
                MoveResident {
                    resident: 106,
                    to: 20,
                },
            ),
        ),
        (
            "move hers out",
            ask(
                b,
                MoveResident {
                    resident: 100,
                    to: 24,
                },
            ),
        ),
        ("visit", ask(b, visit(24, vec![]))),
        ("visit meeting him", ask(b, visit(20, vec![100, 106]))),
        ("visit correcting his", ask(b, amend)),
        ("case naming him", ask(b, OpenDispute(case, "调解".into()))),
        (
            "advance case",
            ask(
                b,
                AdvanceDispute(DisputeStep {
                    dispute: 301,
                    to: DisputeStatus::Handling,
                    outcome: None,
                    note: "已处理".into(),
                    seen: None,
                }),
            ),
        ),
        ("follow-up", ask(b, CompleteFollowUp(401, "已送".into()))),
        ("captain", ask(b, AddCaptain(106))),
        (
            "his door to her captain",
            ask(b, ApplyMoves(vec![(24, Some(90))])),
        ),
        (
            "building into her grid",
            ask(
                b,
                MoveBuilding {
                    building: 12,
                    grid: 3,
                },
            ),
        ),
        (
            "grid to herself",
            ask(
                b,
                GiveGrid {
                    user: "nobody".into(),
                    grid: 4,
                },
            ),
        ),
    ];
    let said: String = answers
        .iter()
        .map(|(what, a)| format!("{what}: {a}\n"))
        .collect();
    assert!(!said.contains(OUTSIDER), "{said}");
    assert_eq!(
        said,
        "\
detail: that is outside the grids you look after; ask a street admin if you need it
history: that is outside the grids you look after; ask a street admin if you need it
last roster check: that is outside the grids you look after; ask a street admin if you need it
case notes: that is outside the grids you look after; ask a street admin if you need it
building 7: that is outside the grids you look after; ask a street admin if you need it
rebalance: that is outside the grids you look after; ask a street admin if you need it
by ID number: None
search: []
address: []
cases: false
edit household: 7-1-101 is outside the grids you look after; ask a street admin to change it
make head: 7-1-101 is outside the grids you look after; ask a street admin to change it
leaves: 7-1-101 is outside the grids you look after; ask a street admin to change it
move him in: 7-1-101 is outside the grids you look after; ask a street admin to change it
move hers out: 7-1-101 is outside the grids you look after; ask a street admin to change it
visit: that is outside the grids you look after; ask a street admin if you need it
visit meeting him: that is outside the grids you look after; ask a street admin if you need it
visit correcting his: that is outside the grids you look after; ask a street admin if you need it
case naming him: that is outside the grids you look after; ask a street admin if you need it
advance case: that is outside the grids you look after; ask a street admin if you need it
follow-up: that is outside the grids you look after; ask a street admin if you need it
captain: that is outside the grids you look after; ask a street admin if you need it
his door to her captain: that is outside the grids you look after; ask a street admin if you need it
building into her grid: only a street admin, or an admin of 花苑社区, may change its names, grids, buildings and who looks after them
grid to herself: only a street admin, or an admin of 花苑社区, may change its names, grids, buildings and who looks after them
"
    );
    assert_eq!(digest(&store), before, "nothing was written");
}

trait ParseQuery {
    fn parse_query(&self) -> gridbook::model::address::AddressQuery;
}

impl ParseQuery for str {
    fn parse_query(&self) -> gridbook::model::address::AddressQuery {
        gridbook::model::address::AddressQuery::parse(self).unwrap()
    }
}

/// A grid captain of 第一网格 as a real OS user, through the server of a deployment laid out as
/// `deploy/` says (tests/security/access.rs).
#[test]
fn a_grid_captain_as_an_os_user_counts_her_grids_and_an_import_names_no_one_outside() {
    use crate::access::{self, Deployment, CAPTAIN, SERVICE};
    use std::os::unix::fs::PermissionsExt;
    if !access::root() {
        access::skipped("a grid captain as an OS user through the server");
        return;
    }
    let mut dep = Deployment::new();
    dep.start();
    dep.add_captain();
    let (code, out, err) = dep.gridbook(CAPTAIN, &["stats", "--json"]);
    assert_eq!((code, err.as_str()), (0, ""));
    assert_eq!(
        out.trim(),
        r#"{"streets":1,"communities":1,"grids":1,"buildings":2,"households":4,"residents":6,"captains":1,"staff":1,"visits":2,"disputes":1,"followups":1}"#
    );
    // 查文's ID number in a roster of hers, as a dry run and for real.
    let zha = idnumber::compose(442000, ymd(1940, 1, 1), 5);
    let file = dep.base.path().join("roster.csv");
    std::fs::write(
        &file,
        format!("社区,网格,楼栋,单元,房号,姓名,与户主关系,性别,出生日期,身份证号\n花苑社区,第一网格,5,1,103,查某,户主,男,1940-01-01,{zha}\n"),
    )
    .unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
    let file = file.to_str().unwrap();
    for args in [&["import", file, "--dry-run"][..], &["import", file]] {
        let (code, out, err) = dep.gridbook(CAPTAIN, args);
        assert_eq!(
            (code, err.trim_end()),
            (1, "gridbook: row 2, column 身份证号: that ID number is registered at a household outside the grids you look after; nothing was imported — ask a street admin to import it"),
            "{args:?}"
        );
        assert!(
            !out.contains(OUTSIDER) && !err.contains(OUTSIDER),
            "{out}{err}"
        );
    }
    let (_, all, _) = dep.gridbook(SERVICE, &["stats", "--json"]);
    assert!(
        all.contains(r#""households":5,"residents":7"#),
        "nothing was imported: {all}"
    );
}

#[test]
fn a_conflict_settled_by_putting_back_a_lost_grid_may_not_take_her_household_out_of_her_grids() {
    use gridbook::client::{SyncCall, SyncReply};
    use gridbook::store::sync::{Conflict, ConflictKind};
    let root = tempfile::tempdir().unwrap();
    let (store, captain) = server(root.path());
    // Two edits of 5-1-101's grid met; the one that lost put it in 第二网格.
    let conflict = Conflict {
        kind: ConflictKind::Field,
        tree: TreeId::Households.name().into(),
        key: keys::id(20).to_vec(),
        record: "5-1-101".into(),
        household: Some(20),
        field: "grid".into(),
        kept: "3".into(),
        lost: "4".into(),
        kept_by: "nobody".into(),
        lost_by: "admin".into(),
        lost_stamp: 1,
        noticed: nov(24),
        resolved: None,
    };
    let id = b"conflict-of-20".to_vec();
    store
        .tree(TreeId::Conflicts)
        .insert(&id, gridbook::store::codec::encode(&conflict).unwrap())
        .unwrap();
    let before = digest(&store);
    let err = captain
        .sync(SyncCall::Resolve {
            id: id.clone(),
            restore: true,
        })
        .unwrap_err()
        .to_string();
    assert_eq!(
        err,
        "putting back the lost grid would take the household with id 20 outside the grids you look after; keep what is there, or ask a street admin"
    );
    assert_eq!(digest(&store), before, "nothing was written");
    // Keeping what is there is hers to do.
    match captain
        .sync(SyncCall::Resolve { id, restore: false })
        .unwrap()
    {
        SyncReply::Resolved(c) => assert!(c.resolved.is_some_and(|r| !r.restored)),
        other => panic!("{other:?}"),
    }
    assert_eq!(store.get_id::<Household>(20).unwrap().unwrap().grid, 3);
}

#[test]
fn a_possible_duplicate_of_someone_in_another_grid_is_listed_without_their_name() {
    use gridbook::client::{SyncCall, SyncReply};
    let root = tempfile::tempdir().unwrap();
    let (store, captain) = server(root.path());
    let laptop = laptop(root.path(), &captain);
    // A lodger registered at 5-1-101 with 查文's ID number, on the laptop.
    let zha = store.get_id::<Resident>(106).unwrap().unwrap();
    on_laptop(&laptop, |t| {
        let mut r = zha.clone();
        r.id = t.next_id()?;
        r.household = 20;
        r.name = "查某".into();
        r.relation = Relation::Other;
        t.put(&r)
    });
    push(&laptop, &captain).unwrap();
    let rows = match captain.sync(SyncCall::Conflicts).unwrap() {
        SyncReply::Conflicts(rows) => rows,
        other => panic!("{other:?}"),
    };
    let listed = format!("{rows:?}");
    assert_eq!(rows.len(), 1, "{listed}");
    assert_eq!(
        (
            rows[0].conflict.lost.as_str(),
            rows[0].conflict.lost_by.as_str()
        ),
        ("106", "fixture"),
        "who registered the other one, not who they are"
    );
    assert!(!listed.contains(OUTSIDER), "{listed}");
}

#[test]
fn every_report_ledger_export_and_list_of_hers_counts_and_names_only_her_grids() {
    use clap::ValueEnum;
    use gridbook::api::captains::Captains;
    use gridbook::api::reports::{Figures, Reports, RosterUnchecked, Table};
    use gridbook::api::tables::{ExportKind, LedgerKind, TableRequest};
    use gridbook::api::work::Due;
    use gridbook::client::Ask;
    use gridbook::store::reports::{FigureKind, Month};
    let root = tempfile::tempdir().unwrap();
    let (_store, captain) = server(root.path());
    let b = &captain;
    let report = b.call(Reports(today())).unwrap();
    assert_eq!(
        (report.coverage.total.households, report.care.households),
        (4, 1),
        "her four households, one of them in a care group"
    );
    assert_eq!(
        (
            report.overdue_written,
            report.disputes.iter().map(|m| m.opened).sum::<u64>()
        ),
        (0, 1),
        "第二网格's overdue follow-up and its case are not hers"
    );
    let mut said = format!("{report:?}");
    for kind in [FigureKind::Coverage, FigureKind::Care, FigureKind::Disputes] {
        said += &ask(b, Figures(kind, today()));
    }
    said += &ask(
        b,
        Due {
            today: today(),
            horizon: 30,
            limit: 100,
        },
    );
    said += &ask(
        b,
        RosterUnchecked {
            today: today(),
            months: None,
        },
    );
    said += &ask(b, Captains(today()));
    let mut table = |req: TableRequest| {
        b.call_parts(Table(req), &mut |p| said += &format!("{p:?}"))
            .unwrap();
    };
    for &kind in ExportKind::value_variants() {
        table(TableRequest::Export {
            kind,
            grid: None,
            from: gridbook::model::time::day_of(ymd(2026, 1, 1)),
            to: today(),
        });
    }
    // A campaign's ledgers are asked for by campaign, not by month; their scope is tried in
    // tests/campaign_ledgers.rs.
    let by_month = LedgerKind::value_variants()
        .iter()
        .filter(|k| !matches!(k, LedgerKind::Campaign | LedgerKind::Checks));
    for &kind in by_month {
        for month in ["2026-10", "2026-11"] {
            table(TableRequest::Ledger {
                kind,
                month: Month::parse(month).unwrap(),
            });
        }
    }
    table(TableRequest::Overdue { today: today() });
    assert!(
        said.contains("周官萍") && said.contains("再次上门"),
        "{said}"
    );
    for outside in [OUTSIDER, "7-1-101", "送米面油", "楼道堆物", "敲门无人应答"] {
        assert!(!said.contains(outside), "{outside} in {said}");
    }
}

#[test]
fn a_household_of_another_grid_in_a_building_of_hers_is_neither_listed_nor_found() {
    use gridbook::api::places::{FindAddress, Households};
    let root = tempfile::tempdir().unwrap();
    let (store, captain) = server(root.path());
    // A roster put 5-2-601 of her building 5 in 第二网格, and 查文 there.
    store
        .write("admin", |t| {
            let mut h = household(25, 10, "5-2-601", 106, vec![]);
            h.grid = 4;
            t.put(&h)
        })
        .unwrap();
    use gridbook::client::Ask;
    let rows = captain.call(Households(10)).unwrap();
    assert_eq!(
        rows.iter().map(|r| r.id).collect::<Vec<_>>(),
        vec![20, 21, 22],
        "building 5's households of her grid, without 25"
    );
    assert_eq!(
        ask(&captain, FindAddress("5-2-601".parse_query(), None)),
        "[]"
    );
    assert!(!format!("{rows:?}").contains(OUTSIDER));
}

/// Another captain's session hands in the audit trail of 张丽's laptop (its replica number
/// known, say, from a sync log): refused, and the server holds no entry of it.
#[test]
fn a_laptops_audit_trail_is_taken_only_from_the_member_of_staff_it_was_registered_to() {
    let root = tempfile::tempdir().unwrap();
    let (store, captain) = server(root.path());
    let laptop = laptop(root.path(), &captain);
    let origin = laptop.store().origin();
    push(&laptop, &captain).unwrap();
    let held = store.trail_at(origin).unwrap();
    assert!(held > 0, "her own sync handed in her laptop's trail");
    let grids: Vec<Grid> = store.all::<Grid>().map(|g| g.unwrap()).collect();
    let other = Staff {
        user: "wangfang".into(),
        display_name: "王芳".into(),
        role: Role::GridCaptain,
        grids: vec![3],
        communities: vec![],
    };
    let other = Local::scoped(
        store.clone(),
        "wangfang".into(),
        gridbook::model::scope::Scope::of(&other, &grids),
        gridbook::search::SearchCell::start(store.clone()),
    );
    let before = digest(&store);
    let err = other
        .sync(gridbook::client::SyncCall::Trail {
            origin,
            entries: Vec::new(),
        })
        .unwrap_err()
        .to_string();
    assert_eq!(
        err,
        format!("laptop {origin} was registered by another member of staff, so its audit trail is theirs to send; sync from your own laptop")
    );
    assert_eq!(digest(&store), before, "nothing was written");
    assert_eq!(store.trail_at(origin).unwrap(), held);
}

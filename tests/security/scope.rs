//! Security, scope on every write: sync push, import, edits and stats checked against the record as it is and as it will be.
//!
//! The caller is 张丽, grid captain of 第一网格 (the small fixture's households 20–23), on a
//! store that also holds 第二网格 (household 24, 7-1-101, where 查文 lives): she may neither
//! read 查文 nor write anything of 第二网格, and no refusal may name him.

use std::collections::hash_map::DefaultHasher;
use std::hash::Hasher;
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

/// Every key and value of every tree (records, indexes, audit trail, change log): equal
/// digests mean nothing was written.
fn digest(store: &Store) -> u64 {
    let mut h = DefaultHasher::new();
    for t in TreeId::ALL {
        h.write(t.name().as_bytes());
        for kv in store.tree(t).iter() {
            let (k, v) = kv.unwrap();
            h.write(&k);
            h.write(&v);
        }
    }
    h.finish()
}

/// The server's store (the fixture with 第二网格) and 张丽's connection to it.
fn server(root: &std::path::Path) -> (Arc<Store>, Local) {
    let store = Arc::new(small_store(&root.join("server")));
    add_second_grid(&store);
    let captain = captain_backend(&store);
    (store, captain)
}

/// 张丽's laptop, with its first copy of her grids.
fn laptop(root: &std::path::Path, captain: &Local) -> Local {
    let laptop = Local::new(
        Store::open(&root.join("laptop"), OpenOptions::default()).unwrap(),
        "nobody".into(),
    );
    push(&laptop, captain).unwrap();
    laptop
}

/// One sync of the laptop with the server, as her; the sentence it failed with, if it did.
fn push(laptop: &Local, captain: &Local) -> Result<(), String> {
    let (a, b) = UnixStream::pair().unwrap();
    std::thread::scope(|s| {
        s.spawn(|| serve(captain, b.try_clone().unwrap(), b));
        drive(laptop, "server", a.try_clone().unwrap(), a)
            .map(|_| ())
            .map_err(|e| e.to_string())
    })
}

/// A write on the laptop, as her (what a hand-edited laptop store could hold).
fn on_laptop(laptop: &Local, f: impl Fn(&Txn) -> TxResult<()> + Sync) {
    laptop.store().write("nobody", f).unwrap();
}

fn refused_push(laptop: &Local, captain: &Local, server: &Store) -> String {
    let before = digest(server);
    let err = push(laptop, captain).unwrap_err();
    assert_eq!(digest(server), before, "nothing of the push was applied");
    assert!(!err.contains(OUTSIDER), "{err}");
    err
}

fn sentence(kind: &str, id: Id) -> String {
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
            .import_roster(&roster(rows), &opts, &|_, _, _| {})
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

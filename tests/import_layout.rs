//! What a roster import costs the store: the sled keys one household with its residents
//! takes, on the large (journaled, several writer lanes) path and on the small (one
//! transaction) path, into an empty store, and the store sound afterwards.

mod common;

use std::collections::BTreeMap;

use gridbook::io::roster;
use gridbook::io::table::Table;
use gridbook::store::check::check;
use gridbook::store::import::ImportOptions;
use gridbook::store::{OpenOptions, Store, TreeId};

/// Two households of the city demo's roster as `export residents` writes it: 1-1-101 with
/// three residents and 1-1-102 with one, every one with an ID number.
const ROSTER: &str = "社区,网格,楼栋,单元,房号,姓名,与户主关系,性别,出生日期,身份证号,联系电话,人员类型,重点人群,政治面貌,街道
东裕社区,1片-1组,1,1,101,王卫国,户主,男,1993-09-28,442000199309284991,19147387879,常住,,群众,东区街道
东裕社区,1片-1组,1,1,101,蔡洁,配偶,女,1995-10-06,442000199510066662,18037662024,常住,,群众,东区街道
东裕社区,1片-1组,1,1,101,张霞,租户,女,1994-12-20,452501199412206487,13664922487,流动,,群众,东区街道
东裕社区,1片-1组,1,1,102,马刚,户主,男,1989-02-15,360102198902154137,13715828556,流动,,群众,东区街道
";

/// Keys in every tree but meta (counters and marks), by tree name, after importing ROSTER
/// into an empty store with `transaction_limit`; the method the import took.
fn keys_after_import(transaction_limit: usize) -> (String, BTreeMap<&'static str, usize>) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), OpenOptions::default()).unwrap();
    let (table, format) = Table::from_bytes(ROSTER.as_bytes()).unwrap();
    let r = roster::read(&table, Some(format));
    let out = store
        .import_roster(
            "zhangli",
            &r,
            &ImportOptions {
                create_community: true,
                transaction_limit,
                ..ImportOptions::default()
            },
            &|_, _, _| {},
        )
        .unwrap();
    assert_eq!(out.problems.errors, vec![]);
    assert_eq!(
        (
            out.summary.households_created,
            out.summary.residents_created
        ),
        (2, 4)
    );
    assert_eq!(check(&store).unwrap().problems, Vec::<String>::new());
    let keys = TreeId::ALL
        .into_iter()
        .filter(|t| *t != TreeId::Meta)
        .map(|t| (t.name(), store.tree(t).len()))
        .filter(|(_, n)| *n > 0)
        .collect();
    (out.summary.method.clone(), keys)
}

/// The large path (journaled, as for a city's roster), per household: its record and its
/// address entry; per resident: the record, the entry under its household and the entry
/// under its ID number. The places (street, community, grid, building) once each, and the
/// grid's count of households the campaign tallies keep (应查) once, and per household its
/// entry under its grid there (for the next door of a grid); the grid rollups the reports
/// read, here three counts for the grid (households by the day last visited, by the day
/// registered while never met, by the day the roster was last checked) and two entries a household (the day its visit falls due by
/// the visit rules, the day its roster was checked); the whole
/// import is one entry in the trail. No change log and no field clocks: a store no laptop has
/// copied yet sends its records in the first copy. The small path (one transaction, up to
/// `TRANSACTION_LIMIT` records) writes each record as any edit does: an entry in the trail,
/// its entry under the record, and one in the change log, three more keys a record.
#[test]
fn a_household_costs_two_keys_and_a_resident_three_and_a_small_import_three_more_a_record() {
    let journaled: BTreeMap<&str, usize> = [
        ("streets", 1),
        ("communities", 1),
        ("grids", 1),
        ("buildings", 1),
        ("households", 2),
        ("idx_households_by_building", 2),
        ("residents", 4),
        ("idx_residents_by_household", 4),
        ("idx_residents_by_id_number", 4),
        ("campaign_tallies", 3),
        ("grid_rollups", 7),
        ("audit", 1),
    ]
    .into_iter()
    .collect();
    let (method, keys) = keys_after_import(0);
    assert_eq!(method, "journal");
    assert_eq!(keys, journaled);
    let mut small = journaled.clone();
    small.extend([
        ("audit", 10),
        ("idx_audit_by_record", 10),
        ("sync_changes", 10),
    ]);
    let (method, keys) = keys_after_import(ImportOptions::default().transaction_limit);
    assert_eq!(method, "transaction");
    assert_eq!(keys, small);
}

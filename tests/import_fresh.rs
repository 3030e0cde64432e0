//! A roster imported into an empty store (issue 16, the import's budget): the search index is
//! made from what the import wrote, the same index a build from the store makes; and the
//! store is left as `check` wants it, with nothing to mend (the grid rollups count the
//! households a large import wrote).

use gridbook::io::roster;
use gridbook::io::table::Table;
use gridbook::search::{snapshot, SearchIndex};
use gridbook::store::check::check;
use gridbook::store::import::{ImportOptions, ImportOutcome};
use gridbook::store::{OpenOptions, Store};

/// Two households as `export residents` writes them: 1-1-101 with three residents, 1-1-102
/// with one.
const ROSTER: &str = "社区,网格,楼栋,单元,房号,姓名,与户主关系,性别,出生日期,身份证号,联系电话,人员类型,重点人群,政治面貌,街道
东裕社区,1片-1组,1,1,101,王卫国,户主,男,1993-09-28,442000199309284991,19147387879,常住,,群众,东区街道
东裕社区,1片-1组,1,1,101,蔡洁,配偶,女,1995-10-06,442000199510066662,18037662024,常住,,群众,东区街道
东裕社区,1片-1组,1,1,101,张霞,租户,女,1994-12-20,452501199412206487,13664922487,流动,,群众,东区街道
东裕社区,1片-1组,1,1,102,马刚,户主,男,1989-02-15,360102198902154137,13715828556,流动,,群众,东区街道
";

/// A third household for a second import.
const MORE: &str = "社区,网格,楼栋,单元,房号,姓名,与户主关系,性别,出生日期,身份证号,联系电话,人员类型,重点人群,政治面貌,街道
东裕社区,1片-1组,1,1,201,李红,户主,女,1980-03-02,442000198003021228,13800001111,常住,,群众,东区街道
";

fn import(store: &Store, csv: &str, transaction_limit: usize) -> ImportOutcome {
    let (table, format) = Table::from_bytes(csv.as_bytes()).unwrap();
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
    assert!(out.summary.written);
    out
}

/// The names and addresses a search finds, in order.
fn found(index: &SearchIndex, query: &str) -> Vec<(String, String)> {
    index
        .search(query, 10, None)
        .into_iter()
        .map(|h| (h.name, h.address))
        .collect()
}

#[test]
fn into_an_empty_store_the_index_from_what_was_written_is_the_index_of_the_store() {
    // Both paths: the journal (a city's roster) and one transaction (a small one).
    for limit in [0, ImportOptions::default().transaction_limit] {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path(), OpenOptions::default()).unwrap();
        let out = import(&store, ROSTER, limit);
        let fresh = out
            .fresh
            .expect("an import into an empty store says what it wrote");
        assert_eq!((fresh.households.len(), fresh.residents.len()), (2, 4));
        assert_eq!(fresh.generation, store.people_generation().unwrap());
        let made = SearchIndex::of_fresh_import(&store, &fresh).unwrap();
        let read_back = SearchIndex::build(&store).unwrap();
        // Byte for byte, as it is saved for the next start.
        assert_eq!(
            snapshot::encode(1, &made).unwrap(),
            snapshot::encode(1, &read_back).unwrap(),
            "limit {limit}"
        );
        assert_eq!(
            found(&made, "王卫国"),
            vec![("王卫国".to_string(), "1-1-101".to_string())]
        );
        assert_eq!(
            found(&made, "mg"),
            vec![("马刚".to_string(), "1-1-102".to_string())]
        );
    }
}

#[test]
fn into_a_store_with_people_the_import_says_nothing_of_what_it_wrote() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), OpenOptions::default()).unwrap();
    import(&store, ROSTER, 0);
    let second = import(&store, MORE, 0);
    assert_eq!(second.summary.households_created, 1);
    assert!(second.fresh.is_none());
}

#[test]
fn after_an_import_check_finds_nothing_wrong_and_nothing_to_mend() {
    for limit in [0, ImportOptions::default().transaction_limit] {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path(), OpenOptions::default()).unwrap();
        import(&store, ROSTER, limit);
        import(&store, MORE, limit);
        let report = check(&store).unwrap();
        assert_eq!(
            (report.problems, report.mended),
            (Vec::<String>::new(), Vec::<String>::new()),
            "limit {limit}"
        );
    }
}

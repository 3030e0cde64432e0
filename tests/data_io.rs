//! Data in and out as the street office relies on it: rosters in every encoding and layout
//! import the same, broken files are refused with their rows and leave the store untouched,
//! an import cut short by a kill is rolled back, exports import back unchanged, ledgers have
//! their titles and rows, and report figures are exact.

mod common;

use common::cli as gridbook;

use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::NaiveDate;
use common::{digest, nov, oct, today, ymd};
use gridbook::io::roster;
use gridbook::io::table::Table;
use gridbook::io::text::encode_gb18030;
use gridbook::model::time::day_of;
use gridbook::model::*;
use gridbook::store::check::check;
use gridbook::store::import::{ImportOptions, ImportOutcome};
use gridbook::store::ops::DisputeStep;
use gridbook::store::reports;
use gridbook::store::{keys, OpenOptions, Store, TreeId};

fn id(birth: NaiveDate, seq: u16) -> String {
    idnumber::compose(442000, birth, seq)
}

/// The roster of the first tests: a title row, the building written once, a family member
/// with the room left blank, full-width digits, phones with spaces and dashes, dates in four
/// ways and an Excel serial.
fn roster_text() -> String {
    let wang = id(ymd(1956, 3, 5), 31);
    let son = id(ymd(1980, 7, 1), 55);
    let zhao = id(ymd(1956, 3, 5), 42);
    format!(
        "花苑社区居民花名册（2026年11月）,,,,,,,,,,,,,\n\
         社区,网格,楼号,单元,门牌号,姓名,与户主关系,性别,出生日期,身份证号,联系电话,人员类型,重点人群,政治面貌\n\
         花苑社区,第二网格,７,1,101,王建国,户主,男,1956-03-05,{wang},138 1234-5678,户籍,退役军人、独居老人,中共党员\n\
         ,,,,,王小军,子,男,1980年7月1日,{son},,常住,,群众\n\
         ,,,1,102,李秀英,本人,女,19600101,,139-1234-5678,流动,低保,\n\
         ,,,2,301,赵敏,户主,女,20519,{zhao},0760-88123456,外来,残疾人 空巢老人,\n"
    )
}

/// What the store says about one resident, without ids.
type Person = (
    String,
    String,
    Relation,
    Sex,
    NaiveDate,
    String,
    String,
    Residence,
    Vec<CareTag>,
    bool,
);

fn people(store: &Store) -> Vec<Person> {
    let mut out: Vec<Person> = store
        .all::<Resident>()
        .map(|r| {
            let r = r.unwrap();
            let h = store.get_id::<Household>(r.household).unwrap().unwrap();
            (
                r.name,
                h.address.to_string(),
                r.relation,
                r.sex,
                gridbook::model::time::date_of(r.birth),
                r.id_number,
                r.phone,
                r.residence,
                r.care_tags,
                r.party_member,
            )
        })
        .collect();
    out.sort_by(|a, b| (&a.1, &a.0).cmp(&(&b.1, &b.0)));
    out
}

/// Households as (address, head's name, phone, tags).
fn households(store: &Store) -> Vec<(String, String, String, Vec<CareTag>)> {
    let mut out: Vec<_> = store
        .all::<Household>()
        .map(|h| {
            let h = h.unwrap();
            let head = h
                .head
                .and_then(|r| store.get_id::<Resident>(r).unwrap())
                .map(|r| r.name)
                .unwrap_or_default();
            (h.address.to_string(), head, h.phone, h.care_tags)
        })
        .collect();
    out.sort();
    out
}

fn import_bytes(store: &Store, bytes: &[u8], opts: &ImportOptions) -> ImportOutcome {
    let r = match Table::from_bytes(bytes) {
        Ok((table, format)) => roster::read(&table, Some(format)),
        Err(e) => {
            let mut r = roster::Roster::default();
            r.problems.error(1, None, e.to_string());
            r
        }
    };
    store
        .import_roster("zhangli", &r, opts, &|_, _, _| {})
        .unwrap()
}

fn wang_family_expected() -> Vec<Person> {
    let mut v: Vec<Person> = vec![
        (
            "王建国".into(),
            "7-1-101".into(),
            Relation::Head,
            Sex::Male,
            ymd(1956, 3, 5),
            id(ymd(1956, 3, 5), 31),
            "13812345678".into(),
            Residence::Resident,
            vec![CareTag::ElderlyAlone, CareTag::Veteran],
            true,
        ),
        (
            "王小军".into(),
            "7-1-101".into(),
            Relation::Son,
            Sex::Male,
            ymd(1980, 7, 1),
            id(ymd(1980, 7, 1), 55),
            "".into(),
            Residence::Resident,
            vec![],
            false,
        ),
        (
            "李秀英".into(),
            "7-1-102".into(),
            Relation::Head,
            Sex::Female,
            ymd(1960, 1, 1),
            "".into(),
            "13912345678".into(),
            Residence::Migrant,
            vec![CareTag::LowIncome],
            false,
        ),
        (
            "赵敏".into(),
            "7-2-301".into(),
            Relation::Head,
            Sex::Female,
            ymd(1956, 3, 5),
            id(ymd(1956, 3, 5), 42),
            "076088123456".into(),
            Residence::Migrant,
            vec![CareTag::EmptyNest, CareTag::Disabled],
            false,
        ),
    ];
    v.sort_by(|a, b| (&a.1, &a.0).cmp(&(&b.1, &b.0)));
    v
}

fn imported_only(store: &Store) -> Vec<Person> {
    people(store)
        .into_iter()
        .filter(|p| p.1.starts_with("7-"))
        .collect()
}

#[test]
fn a_utf8_roster_with_a_title_row_and_merged_building_cells_imports_every_person() {
    let dir = tempfile::tempdir().unwrap();
    let store = common::small_store(dir.path());
    let out = import_bytes(&store, roster_text().as_bytes(), &ImportOptions::default());
    assert_eq!(out.problems.errors, vec![], "no errors");
    assert_eq!(out.problems.warnings, vec![], "no warnings");
    let s = &out.summary;
    assert_eq!(
        (
            s.households_created,
            s.residents_created,
            s.buildings_created,
            s.grids_created.clone()
        ),
        (3, 4, 1, vec!["第二网格".to_string()])
    );
    assert_eq!((s.method.as_str(), s.written), ("transaction", true));
    assert_eq!(imported_only(&store), wang_family_expected());
    let h: Vec<_> = households(&store)
        .into_iter()
        .filter(|h| h.0.starts_with("7-"))
        .collect();
    assert_eq!(
        h,
        vec![
            (
                "7-1-101".into(),
                "王建国".into(),
                "13812345678".into(),
                vec![CareTag::ElderlyAlone, CareTag::Veteran]
            ),
            (
                "7-1-102".into(),
                "李秀英".into(),
                "13912345678".into(),
                vec![CareTag::LowIncome]
            ),
            (
                "7-2-301".into(),
                "赵敏".into(),
                "076088123456".into(),
                vec![CareTag::EmptyNest, CareTag::Disabled]
            ),
        ]
    );
    let b7 = store
        .all::<Building>()
        .map(|b| b.unwrap())
        .find(|b| b.number == 7)
        .unwrap();
    assert_eq!((b7.community, b7.entrances, b7.floors), (2, 2, 3));
    let g = store.get_id::<Grid>(b7.grid).unwrap().unwrap();
    assert_eq!((g.name.as_str(), g.community, g.level), ("第二网格", 2, 1));
    assert_eq!(store.stats().unwrap().households, 7);
    assert_eq!(check(&store).unwrap().problems, Vec::<String>::new());
}

#[test]
fn utf8_with_bom_gbk_and_xlsx_import_the_same_people() {
    let text = roster_text();
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(text.as_bytes());
    let gbk = encode_gb18030(&text);
    assert!(
        std::str::from_utf8(&gbk).is_err(),
        "the GBK file is not UTF-8"
    );
    let xlsx = xlsx_roster();
    for (what, bytes) in [("UTF-8 with BOM", bom), ("GBK", gbk), ("XLSX", xlsx)] {
        let dir = tempfile::tempdir().unwrap();
        let store = common::small_store(dir.path());
        let out = import_bytes(&store, &bytes, &ImportOptions::default());
        assert_eq!(out.problems.errors, vec![], "{what}");
        assert_eq!(imported_only(&store), wang_family_expected(), "{what}");
    }
}

/// The same roster as a spreadsheet: the building in a merged cell, the serial as a date
/// cell, phones as numbers.
fn xlsx_roster() -> Vec<u8> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    ws.merge_range(0, 0, 0, 13, "花苑社区居民花名册", &Format::new())
        .unwrap();
    let head = [
        "社区",
        "网格",
        "楼号",
        "单元",
        "门牌号",
        "姓名",
        "与户主关系",
        "性别",
        "出生日期",
        "身份证号",
        "联系电话",
        "人员类型",
        "重点人群",
        "政治面貌",
    ];
    for (c, h) in head.iter().enumerate() {
        ws.write_string(1, c as u16, *h).unwrap();
    }
    ws.merge_range(2, 2, 5, 2, "7", &Format::new()).unwrap();
    ws.merge_range(2, 0, 5, 0, "花苑社区", &Format::new())
        .unwrap();
    ws.merge_range(2, 1, 5, 1, "第二网格", &Format::new())
        .unwrap();
    let rows: [[&str; 14]; 4] = [
        [
            "",
            "",
            "",
            "1",
            "101",
            "王建国",
            "户主",
            "男",
            "1956-03-05",
            "",
            "",
            "户籍",
            "退役军人、独居老人",
            "中共党员",
        ],
        [
            "",
            "",
            "",
            "",
            "",
            "王小军",
            "子",
            "男",
            "",
            "",
            "",
            "常住",
            "",
            "群众",
        ],
        [
            "",
            "",
            "",
            "1",
            "102",
            "李秀英",
            "本人",
            "女",
            "1960/1/1",
            "",
            "",
            "流动",
            "低保",
            "",
        ],
        [
            "",
            "",
            "",
            "2",
            "301",
            "赵敏",
            "户主",
            "女",
            "",
            "",
            "",
            "外来",
            "残疾人 空巢老人",
            "",
        ],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            if !v.is_empty() {
                ws.write_string(r as u32 + 2, c as u16, *v).unwrap();
            }
        }
    }
    ws.write_string(2, 9, id(ymd(1956, 3, 5), 31)).unwrap();
    ws.write_string(3, 9, id(ymd(1980, 7, 1), 55)).unwrap();
    ws.write_string(5, 9, id(ymd(1956, 3, 5), 42)).unwrap();
    ws.write_number_with_format(3, 8, 29403.0, &date).unwrap(); // 1980-07-01
    ws.write_number_with_format(5, 8, 20519.0, &date).unwrap(); // 1956-03-05
    ws.write_number(2, 10, 13812345678.0).unwrap();
    ws.write_number(4, 10, 13912345678.0).unwrap();
    ws.write_string(5, 10, "0760-88123456").unwrap();
    book.save_to_buffer().unwrap()
}

#[test]
fn an_address_column_and_english_headers_are_understood() {
    let dir = tempfile::tempdir().unwrap();
    let store = common::small_store(dir.path());
    let csv = format!(
        "name,address,relation,sex,birth,id_number,phone,residence,tags\n\
         周官萍,5-1-101,head,F,1954-03-05,{},13800000100,resident,elderly_alone\n\
         钱多多,5栋2单元302室,head,M,1970-05-06,,13700000000,migrant,\n",
        id(ymd(1954, 3, 5), 124)
    );
    let out = import_bytes(
        &store,
        csv.as_bytes(),
        &ImportOptions {
            community: Some("花苑".into()),
            ..ImportOptions::default()
        },
    );
    assert_eq!(out.problems.errors, vec![]);
    let s = &out.summary;
    // 周官萍 is on file with the same ID number: nothing about her changes.
    assert_eq!(
        (
            s.households_created,
            s.residents_created,
            s.residents_unchanged,
            s.households_unchanged
        ),
        (1, 1, 1, 1)
    );
    let qian = people(&store)
        .into_iter()
        .find(|p| p.0 == "钱多多")
        .unwrap();
    assert_eq!((qian.1.as_str(), qian.7), ("5-2-302", Residence::Migrant));
}

/// A second roster for the fixture: 周官萍 by ID number gets a new phone, 单丽 by address
/// and name a new tag, and 曾小明's family gains a grandson.
fn second_roster() -> String {
    format!(
        "社区,楼栋,单元,房号,姓名,关系,性别,出生日期,身份证号,电话,重点人群\n\
         花苑社区,5,1,101,周官萍,户主,女,1954-03-05,{},13999999999,独居老人\n\
         花苑社区,5,2,301,单丽,户主,女,1961-11-02,,13800000104,低保\n\
         花苑社区,5,1,102,曾小宝,孙子,男,2020-01-01,,,\n",
        id(ymd(1954, 3, 5), 124)
    )
}

#[test]
fn a_second_import_updates_by_id_number_and_by_address_and_name() {
    let dir = tempfile::tempdir().unwrap();
    let store = common::small_store(dir.path());
    let csv = second_roster();
    let dry = import_bytes(
        &store,
        csv.as_bytes(),
        &ImportOptions {
            dry_run: true,
            ..ImportOptions::default()
        },
    );
    let before = digest(&store);
    assert_eq!(dry.problems.errors, vec![]);
    assert!(!dry.summary.written);
    assert_eq!(digest(&store), before, "a dry run writes nothing");
    let out = import_bytes(&store, csv.as_bytes(), &ImportOptions::default());
    assert_eq!(out.summary.households_created, 0);
    assert_eq!(
        dry.summary,
        ImportOutcomeSummaryNoWrite::from(&out.summary).0,
        "the dry run said what the import did"
    );
    let s = &out.summary;
    assert_eq!(
        (
            s.residents_updated,
            s.residents_created,
            s.households_updated,
            s.households_unchanged
        ),
        (2, 1, 2, 1)
    );
    let zhou = store.get_id::<Resident>(100).unwrap().unwrap();
    assert_eq!(zhou.phone, "13999999999");
    let h22 = store.get_id::<Household>(22).unwrap().unwrap();
    assert_eq!(
        (h22.care_tags.clone(), h22.head, h22.captain),
        (vec![CareTag::LowIncome], Some(104), Some(90))
    );
    let h21 = store.household_detail(21).unwrap();
    assert_eq!(h21.residents.len(), 4);
    assert_eq!(
        h21.household.head,
        Some(101),
        "the head on file stays the head"
    );
    assert_eq!(check(&store).unwrap().problems, Vec::<String>::new());
}

#[test]
fn a_journaled_import_puts_what_it_replaced_and_a_note_of_the_whole_in_the_trail() {
    let dir = tempfile::tempdir().unwrap();
    let store = common::small_store(dir.path());
    // The same second roster, taken through the large path.
    let csv = second_roster();
    let before = store.verify_audit().unwrap().entries;
    let out = import_bytes(
        &store,
        csv.as_bytes(),
        &ImportOptions {
            transaction_limit: 0,
            ..ImportOptions::default()
        },
    );
    assert_eq!(out.summary.method, "journal");
    let report = store.verify_audit().unwrap();
    assert_eq!(report.problems, Vec::<String>::new());
    let lines = store.audit_lines(5).unwrap();
    let got: Vec<(u64, String, String, String, gridbook::store::audit::Change)> = lines
        .iter()
        .map(|l| {
            (
                l.seq - before,
                l.by.clone(),
                l.tree.clone(),
                l.record.clone(),
                l.change,
            )
        })
        .collect();
    use gridbook::store::audit::Change::{Changed, Created};
    let row = |n: u64, tree: &str, record: &str, c| {
        (
            n,
            "zhangli".to_string(),
            tree.to_string(),
            record.to_string(),
            c,
        )
    };
    assert_eq!(report.entries, before + 5, "{got:?}");
    assert_eq!(
        got[..4],
        [
            row(1, "households", "20", Changed),
            row(2, "households", "22", Changed),
            row(3, "residents", "100", Changed),
            row(4, "residents", "104", Changed),
        ]
    );
    assert_eq!(
        (got[4].0, got[4].2.as_str(), got[4].4),
        (5, "import", Created)
    );
    assert!(
        got[4].3.starts_with(
            "imported a roster: 0 households, 1 residents, 0 buildings, 0 grids, 0 communities created, 4 updated (ids "
        ),
        "{}",
        got[4].3
    );
    // 周官萍's new phone is in the trail, with the old one before it.
    let history = store.household_history(20).unwrap();
    assert_eq!(
        (history[0].by.as_str(), history[0].tree.as_str()),
        ("zhangli", "residents")
    );
    assert_eq!(history[0].change, Changed);
    // A roster that only changes someone hands out no ids, and its note names none. 周官萍
    // heads her household, whose phone is hers: two records change.
    let again = second_roster().replace("13999999999", "13911111111");
    let out = import_bytes(
        &store,
        again.as_bytes(),
        &ImportOptions {
            transaction_limit: 0,
            ..ImportOptions::default()
        },
    );
    assert_eq!(out.summary.method, "journal");
    let last = store.audit_lines(1).unwrap();
    assert_eq!(
        last[0].record,
        "imported a roster: 0 households, 0 residents, 0 buildings, 0 grids, 0 communities created, 2 updated"
    );
    assert_eq!(check(&store).unwrap().problems, Vec::<String>::new());
}

/// The dry run's summary, as the real import's would read before writing.
struct ImportOutcomeSummaryNoWrite(gridbook::store::import::ImportSummary);

impl From<&gridbook::store::import::ImportSummary> for ImportOutcomeSummaryNoWrite {
    fn from(s: &gridbook::store::import::ImportSummary) -> Self {
        let mut s = s.clone();
        s.method = "none".into();
        s.written = false;
        ImportOutcomeSummaryNoWrite(s)
    }
}

#[test]
fn warnings_do_not_stop_an_import_but_are_listed_with_their_rows() {
    let dir = tempfile::tempdir().unwrap();
    let store = common::small_store(dir.path());
    let good = id(ymd(1970, 1, 2), 11);
    let mut bad_sum = good.clone();
    bad_sum.pop();
    bad_sum.push(if good.ends_with('0') { '1' } else { '0' });
    let other = id(ymd(1971, 2, 3), 13);
    let csv = format!(
        "社区,楼栋,单元,房号,姓名,关系,性别,出生日期,身份证号\n\
         花苑社区,3,1,202,甲,户主,男,1970-01-02,{bad_sum}\n\
         花苑社区,3,1,203,乙,户主,男,1971-02-04,{other}\n\
         花苑社区,3,1,204,丙,户主,男,1971-02-03,{other}\n\
         花苑社区,3,1,205,丁,户主,女,1990-01-01,\n\
         花苑社区,3,1,205,丁,配偶,女,1990-01-01,\n"
    );
    let out = import_bytes(&store, csv.as_bytes(), &ImportOptions::default());
    assert_eq!(out.problems.errors, vec![]);
    let w: Vec<String> = out
        .problems
        .warnings
        .iter()
        .map(|p| p.to_string())
        .collect();
    assert_eq!(
        w,
        vec![
            format!("row 2, 身份证号: the ID number “{bad_sum}” does not add up (its last character should be {}); check it against the card; it was kept as written", good.chars().last().unwrap()),
            "row 3, 出生日期: the ID number says born 1971-02-03, but this says 1971-02-04; the birth date was kept as written, check which is right".to_string(),
            "row 4, 身份证号: the same ID number as row 3; the person is counted once and this row was left out".to_string(),
            "row 6, 姓名: 丁 born 1990-01-01 is already in this household at row 5; this row was left out".to_string(),
        ]
    );
    assert_eq!(out.summary.residents_created, 3);
}

fn fixture_on_disk(dir: &Path) -> PathBuf {
    drop(common::small_store(&dir.join("store")));
    dir.join("store")
}

fn open(dir: &Path) -> Store {
    Store::open(&dir.join("store"), OpenOptions::default()).unwrap()
}

/// 12 good rows and one bad one at row 14, below a title row.
fn file_with_bad_date() -> String {
    let mut s = String::from("花苑社区花名册\n社区,楼栋,单元,房号,姓名,与户主关系,性别,出生日期\n");
    for n in 0..11 {
        s.push_str(&format!(
            "花苑社区,8,1,{},住户{n},户主,男,1960-01-01\n",
            101 + n
        ));
    }
    s.push_str("花苑社区,8,2,101,钱某,户主,男,1956-13-05\n");
    s
}

#[test]
fn broken_files_are_refused_with_their_rows_and_the_store_is_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let data = fixture_on_disk(dir.path());
    let (before_stats, before) = {
        let s = open(dir.path());
        (s.stats().unwrap(), digest(&s))
    };
    let mut binary = vec![
        0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d,
    ];
    binary.extend((0..500u32).map(|i| (i * 7 % 256) as u8));
    let cases: Vec<(&str, Vec<u8>, Vec<&str>)> = vec![
        (
            "no_name.csv",
            "社区,楼栋,单元,房号,性别,出生日期\n花苑社区,5,1,101,女,1954-03-05\n".into(),
            vec!["row 1: there is no 姓名 (name) column; call the column of people's names 姓名"],
        ),
        (
            "bad_date.csv",
            file_with_bad_date().into_bytes(),
            vec!["row 14, 出生日期: “1956-13-05” is not a date; write 1956-03-05"],
        ),
        (
            "short_row.csv",
            "姓名,楼栋,单元,房号,性别,出生日期,社区\n甲,8,1,101,男,1960-01-01,花苑社区\n乙,8,1,102,男\n丙,8,1,103,男,1960-01-01,花苑社区\n".into(),
            vec!["row 3: 5 cells where the header row has 7; a cell or a comma is missing in this row"],
        ),
        ("empty.csv", Vec::new(), vec!["row 1: the file is empty; export the roster again, with its header row"]),
        (
            "photo.csv",
            binary,
            vec!["row 1: the file is not text (it holds binary data); save the roster as CSV or XLSX and import that"],
        ),
        (
            "unknown_community.csv",
            "社区,楼栋,单元,房号,姓名,出生日期,性别\n东裕社区,1,1,101,甲,1960-01-01,男\n".into(),
            vec!["row 2, 社区: there is no community called 东裕社区 (1 row); the closest is 花苑社区: write 花苑社区 there, or add --create-community to create 东裕社区"],
        ),
    ];
    for (name, bytes, want) in cases {
        let file = dir.path().join(name);
        std::fs::write(&file, bytes).unwrap();
        let (code, _, stderr) = gridbook(dir.path(), &["import", file.to_str().unwrap()]);
        assert_eq!(code, 1, "{name}: {stderr}");
        let lines: Vec<&str> = stderr.lines().collect();
        assert_eq!(&lines[..lines.len() - 1], want.as_slice(), "{name}");
        assert_eq!(
            lines.last().unwrap(),
            &"gridbook: nothing was imported: the roster has 1 error, listed above with their rows; fix it and import again",
            "{name}"
        );
        let s = Store::open(&data, OpenOptions::default()).unwrap();
        assert_eq!(s.stats().unwrap(), before_stats, "{name}");
        assert_eq!(
            digest(&s),
            before,
            "{name}: the store is byte for byte as it was"
        );
    }
}

#[test]
fn every_error_of_a_file_is_listed_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let store = common::small_store(dir.path());
    let before = digest(&store);
    let csv = "社区,楼栋,单元,房号,姓名,性别,出生日期,电话,关系\n\
               花苑社区,9,1,101,甲,男,1960-01-01,12345,户主\n\
               花苑社区,9,1,102,,男,1960-01-01,,户主\n\
               花苑社区,9,1,103,丙,人,1960-01-01,,表哥\n\
               花苑社区,9,1,104,丁,女,1960-01-01,,户主\n";
    let out = import_bytes(&store, csv.as_bytes(), &ImportOptions::default());
    let errors: Vec<String> = out.problems.errors.iter().map(|p| p.to_string()).collect();
    assert_eq!(
        errors,
        vec![
            "row 2, 电话: the phone “12345” is neither an 11-digit mobile nor a landline with its area code; write it as 13812345678 or 0760-88123456",
            "row 3, 姓名: empty; every person needs a name",
            "row 4, 性别: “人” is not a sex; write 男 or 女",
            "row 4, 关系: “表哥” is not a relation gridbook knows; write 户主 (or 本人), 配偶, 子, 女, 父, 母, 孙子, 孙女, 租户 or 其他",
        ]
    );
    assert!(!out.summary.written);
    assert_eq!(digest(&store), before);
}

#[test]
fn a_template_names_the_columns_and_its_example_row_is_not_imported() {
    let dir = tempfile::tempdir().unwrap();
    fixture_on_disk(dir.path());
    for ext in ["csv", "xlsx"] {
        let file = dir.path().join(format!("template.{ext}"));
        let (code, out, err) = gridbook(
            dir.path(),
            &["import", "--template", ext, "-o", file.to_str().unwrap()],
        );
        assert_eq!(code, 0, "{err}");
        assert!(out.starts_with("wrote an empty roster template"), "{out}");
        let (code, out, err) = gridbook(
            dir.path(),
            &["import", "--dry-run", "--json", file.to_str().unwrap()],
        );
        assert_eq!(code, 1, "{ext}: {err}");
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(
            v["errors"],
            serde_json::json!([
                "row 2: this row is the template's example; delete it and import again"
            ]),
            "{ext}"
        );
    }
    let (code, _, err) = gridbook(dir.path(), &["import", "--template", "pdf", "-o", "x"]);
    assert_eq!(code, 2, "a usage error: {err}");
}

#[test]
fn exported_residents_import_back_into_an_empty_store_unchanged() {
    for format in ["csv", "xlsx"] {
        let dir = tempfile::tempdir().unwrap();
        fixture_on_disk(dir.path());
        let file = dir.path().join(format!("residents.{format}"));
        let (code, out, err) = gridbook(
            dir.path(),
            &[
                "export",
                "residents",
                "--format",
                format,
                "-o",
                file.to_str().unwrap(),
            ],
        );
        assert_eq!(code, 0, "{err}");
        assert_eq!(out.trim(), format!("wrote 6 rows to {}", file.display()));
        if format == "csv" {
            let bytes = std::fs::read(&file).unwrap();
            assert!(
                bytes.starts_with(b"\xEF\xBB\xBF"),
                "the CSV starts with a BOM for Excel"
            );
        }
        let empty = tempfile::tempdir().unwrap();
        // Into an empty store, the communities the file names are created without asking.
        let (code, out, err) = gridbook(empty.path(), &["import", file.to_str().unwrap()]);
        assert_eq!(code, 0, "{out}{err}");
        assert!(
            out.contains("communities created") && out.contains("1  花苑社区"),
            "{out}"
        );
        let original = open(dir.path());
        let copy = open(empty.path());
        assert_eq!(people(&copy), people(&original), "{format}: same residents");
        assert_eq!(
            households(&copy),
            households(&original),
            "{format}: same households"
        );
        let place = |s: &Store| {
            let mut v: Vec<(u32, String)> = s
                .all::<Building>()
                .map(|b| {
                    let b = b.unwrap();
                    (b.number, s.get_id::<Grid>(b.grid).unwrap().unwrap().name)
                })
                .collect();
            v.sort();
            v
        };
        assert_eq!(
            place(&copy),
            place(&original),
            "{format}: same buildings and grids"
        );
        let c = copy.stats().unwrap();
        assert_eq!(
            (
                c.streets,
                c.communities,
                c.grids,
                c.buildings,
                c.households,
                c.residents
            ),
            (1, 1, 1, 2, 4, 6)
        );
        assert_eq!(check(&copy).unwrap().problems, Vec::<String>::new());
    }
}

/// The fixture plus: a visit to 5-2-301 on 1 November and to 3-1-201 on 20 October, 5-2-301
/// on low income, an overdue follow-up written on 10 November, and a dispute reported on
/// 5 October and resolved on 15 October.
fn report_store(dir: &Path) -> Store {
    let store = common::small_store(dir);
    store
        .write("fixture", |t| {
            t.put(&Visit {
                id: 210,
                household: 22,
                at: nov(1),
                staff: "zhangli".into(),
                purpose: VisitPurpose::Routine,
                outcome: VisitOutcome::Met,
                met: vec![],
                findings: "楼道灯坏了".into(),
                amends: None,
                roster_checked: false,
            })?;
            t.put(&Visit {
                id: 211,
                household: 23,
                at: oct(20),
                staff: "zhangli".into(),
                purpose: VisitPurpose::Routine,
                outcome: VisitOutcome::Met,
                met: vec![],
                findings: String::new(),
                amends: None,
                roster_checked: false,
            })?;
            let mut h = t.get::<Household>(&keys::id(22))?.unwrap();
            h.care_tags = vec![CareTag::LowIncome];
            t.put(&h)
        })
        .unwrap();
    store.freeze_clock(nov(10));
    store
        .write("zhangli", |t| {
            t.put(&FollowUp {
                id: 410,
                household: 23,
                source: FollowUpSource::Manual,
                title: "修理楼道灯".into(),
                due: day_of(ymd(2026, 11, 20)),
                owner: "zhangli".into(),
                done: None,
            })
        })
        .unwrap();
    store.thaw_clock();
    let case = store
        .open_dispute(
            "zhangli",
            &Dispute {
                id: 0,
                community: 2,
                grid: 3,
                household: Some(23),
                title: "车位纠纷".into(),
                category: DisputeCategory::Other,
                parties: vec![
                    Party::Resident(105),
                    Party::Outsider {
                        name: "陈先生".into(),
                        phone: String::new(),
                    },
                ],
                place: "3栋楼下".into(),
                reported_at: oct(5),
                reported_by: "zhangli".into(),
                severity: Severity::Low,
                deadline: day_of(ymd(2026, 10, 20)),
                mediator: "zhangli".into(),
                status: DisputeStatus::Found,
                outcome: None,
            },
            "双方争抢车位",
        )
        .unwrap();
    store
        .advance_dispute(
            "zhangli",
            &DisputeStep {
                dispute: case.id,
                to: DisputeStatus::Closed,
                outcome: Some(DisputeOutcome::Resolved),
                note: "协商轮流使用".into(),
                seen: None,
            },
            oct(15),
        )
        .unwrap();
    store
}

#[test]
fn report_figures_are_exact_on_a_small_store() {
    let dir = tempfile::tempdir().unwrap();
    let store = report_store(dir.path());
    let c = reports::coverage(&store, today()).unwrap();
    assert_eq!(
        (c.total.households, c.total.visited, c.total.share),
        (4, 2, 0.5)
    );
    assert_eq!(c.grids.len(), 1);
    assert_eq!(
        (
            c.grids[0].name.as_str(),
            c.grids[0].community.as_str(),
            c.grids[0].households,
            c.grids[0].visited
        ),
        ("第一网格", "花苑社区", 4, 2)
    );
    assert_eq!(c.captains.len(), 1);
    assert_eq!(
        (
            c.captains[0].name.as_str(),
            c.captains[0].households,
            c.captains[0].visited
        ),
        ("单丽", 4, 2)
    );

    let care = reports::care(&store, today()).unwrap();
    assert_eq!((care.households, care.on_time, care.share), (2, 1, 0.5));
    let tags: Vec<_> = care
        .tags
        .iter()
        .map(|r| (r.tag, r.interval, r.households, r.on_time))
        .collect();
    assert_eq!(
        tags,
        vec![
            (CareTag::ElderlyAlone, 7, 1, 1),
            (CareTag::LowIncome, 14, 1, 0)
        ]
    );

    let overdue = reports::overdue(&store, today()).unwrap();
    let o: Vec<_> = overdue
        .iter()
        .map(|r| {
            (
                r.address.as_str(),
                r.head.as_str(),
                r.title.as_str(),
                r.days_overdue,
                r.owner.as_str(),
            )
        })
        .collect();
    assert_eq!(o, vec![("3-1-201", "解放", "修理楼道灯", 5, "zhangli")]);

    let months = reports::disputes_by_month(&store).unwrap();
    let m: Vec<_> = months
        .iter()
        .map(|r| {
            (
                r.month.as_str(),
                r.opened,
                r.closed,
                r.resolved,
                r.resolved_share,
                r.average_days_to_close,
            )
        })
        .collect();
    assert_eq!(
        m,
        vec![
            ("2026-10", 1, 1, 1, 1.0, Some(10.0)),
            ("2026-11", 1, 0, 0, 0.0, None)
        ]
    );
}

#[test]
fn reports_print_as_json_csv_and_a_table() {
    let dir = tempfile::tempdir().unwrap();
    drop(report_store(&dir.path().join("store")));
    let (code, out, err) = gridbook(
        dir.path(),
        &[
            "report",
            "coverage",
            "--format",
            "json",
            "--today",
            "2026-11-25",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["total"]["visited"], 2);
    assert_eq!(v["grids"][0]["share"], 0.5);
    let (code, out, _) = gridbook(
        dir.path(),
        &["report", "care", "--format", "csv", "--today", "2026-11-25"],
    );
    assert_eq!(code, 0);
    assert_eq!(out, "重点人群,走访周期(天),户数,按期见面户数,按期率\r\n独居老人,7,1,1,100.0%\r\n低保,14,1,0,0.0%\r\n");
    let (code, out, _) = gridbook(dir.path(), &["report", "disputes", "--today", "2026-11-25"]);
    assert_eq!(code, 0);
    assert_eq!(
        out,
        "month    opened  closed  resolved  resolved share  average days to close\n2026-10       1       1         1          100.0%                   10.0\n2026-11       1       0         0            0.0%                      —\n"
    );
    let (code, out, _) = gridbook(dir.path(), &["report", "overdue", "--today", "2026-11-25"]);
    assert_eq!(code, 0);
    assert!(
        out.ends_with("1 follow-up overdue on 2026-11-25\n"),
        "{out}"
    );
}

#[test]
fn ledgers_have_their_title_headers_and_one_row_an_entry() {
    let dir = tempfile::tempdir().unwrap();
    drop(report_store(&dir.path().join("store")));
    let cases = [
        ("visits", "花苑社区走访台账（2026年11月）", "序号,走访日期,地址,户主,走访目的,走访结果,发现问题,后续跟进,走访人", 2),
        ("disputes", "花苑社区矛盾纠纷排查调处台账（2026年11月）", "案件编号,登记日期,事由,地点,当事人,纠纷类别,化解时限,调处方式及过程,调解人,状态,调处结果", 1),
        ("daily", "花苑社区民情日志（2026年11月）", "日期,走访户次,发现问题,解决问题,未解决事项,地址,期限,责任人", 30),
    ];
    for (kind, title, headers, rows) in cases {
        let file = dir.path().join(format!("{kind}.xlsx"));
        let (code, out, err) = gridbook(
            dir.path(),
            &[
                "ledger",
                kind,
                "--month",
                "2026-11",
                "-o",
                file.to_str().unwrap(),
            ],
        );
        assert_eq!(code, 0, "{err}");
        assert!(
            out.starts_with(&format!(
                "wrote {title}, {rows} {}",
                if rows == 1 { "row" } else { "rows" }
            )),
            "{out}"
        );
        let cells = common::read_xlsx(&file);
        assert_eq!(cells[0][0], title, "{kind}");
        assert_eq!(cells[1].join(","), headers, "{kind}");
        assert_eq!(cells.len() - 2, rows, "{kind}");
    }
    let cells = common::read_xlsx(&dir.path().join("visits.xlsx"));
    assert_eq!(
        cells[2][2..7].join(","),
        "5-2-301,单丽,日常走访,在家,楼道灯坏了"
    );
    assert_eq!(
        cells[3][2..7].join(","),
        "5-1-101,周官萍,关爱探访,在家,老人身体状况良好，家中无安全隐患。"
    );
    let daily = common::read_xlsx(&dir.path().join("daily.xlsx"));
    assert_eq!(
        daily[2].join(","),
        "2026-11-01,1,1,0,纠纷：楼上漏水,5栋1单元,2026-11-20,zhangli"
    );
    assert_eq!(
        daily[11].join(","),
        "2026-11-10,0,1,0,修理楼道灯,3-1-201,2026-11-20,zhangli"
    );
    assert_eq!(daily[20].join(","), "2026-11-19,0,0,0,,,,");
    let (code, _, err) = gridbook(
        dir.path(),
        &["ledger", "visits", "--month", "2026-13", "-o", "x.xlsx"],
    );
    assert_eq!(
        (code, err.trim()),
        (1, "gridbook: “2026-13” is not a month; write it as 2026-11")
    );
}

#[test]
fn exports_filter_by_grid_and_by_day() {
    let dir = tempfile::tempdir().unwrap();
    drop(report_store(&dir.path().join("store")));
    let file = dir.path().join("v.csv");
    let f = file.to_str().unwrap();
    let (code, out, _) = gridbook(
        dir.path(),
        &[
            "export",
            "visits",
            "--format",
            "csv",
            "-o",
            f,
            "--from",
            "2026-11-01",
            "--to",
            "2026-11-30",
        ],
    );
    assert_eq!(
        (code, out.trim()),
        (0, format!("wrote 2 rows to {f}").as_str())
    );
    let (code, out, _) = gridbook(
        dir.path(),
        &[
            "export",
            "visits",
            "--format",
            "csv",
            "-o",
            f,
            "--grid",
            "第一网格",
        ],
    );
    assert_eq!(
        (code, out.trim()),
        (0, format!("wrote 4 rows to {f}").as_str())
    );
    let (code, _, err) = gridbook(
        dir.path(),
        &[
            "export",
            "visits",
            "--format",
            "csv",
            "-o",
            f,
            "--grid",
            "第九网格",
        ],
    );
    assert_eq!(
        (code, err.trim()),
        (
            1,
            "gridbook: there is no grid called 第九网格; use one of 第一网格"
        )
    );
    for kind in ["households", "disputes", "followups", "captains"] {
        let file = dir.path().join(format!("{kind}.xlsx"));
        let (code, _, err) = gridbook(
            dir.path(),
            &[
                "export",
                kind,
                "--format",
                "xlsx",
                "-o",
                file.to_str().unwrap(),
            ],
        );
        assert_eq!(code, 0, "{kind}: {err}");
        let cells = common::read_xlsx(&file);
        let want = match kind {
            "households" => 4,
            "disputes" => 2,
            "followups" => 2,
            _ => 1,
        };
        assert_eq!(cells.len() - 1, want, "{kind}");
    }
}

/// A roster big enough that its import takes the journaled path and a while to write.
fn big_roster(households: u32) -> String {
    let mut s = String::from("社区,网格,楼栋,单元,房号,姓名,与户主关系,性别,出生日期,身份证号\n");
    for n in 0..households {
        let (b, e, r) = (100 + n / 400, 1 + (n / 100) % 4, 101 + n % 100);
        let birth = ymd(1950 + (n % 50) as i32, 1 + n % 12, 1 + n % 28);
        s.push_str(&format!(
            "花苑社区,第三网格,{b},{e},{r},住户{n},户主,男,{},{}\n",
            birth.format("%Y-%m-%d"),
            id(birth, (n % 500 * 2 + 1) as u16)
        ));
        s.push_str(&format!(
            "花苑社区,第三网格,{b},{e},{r},家属{n},配偶,女,{},\n",
            birth.format("%Y-%m-%d")
        ));
    }
    s
}

#[test]
fn an_import_killed_while_writing_is_rolled_back_when_the_store_next_opens() {
    let dir = tempfile::tempdir().unwrap();
    let data = fixture_on_disk(dir.path());
    let file = dir.path().join("city.csv");
    std::fs::write(&file, big_roster(6000)).unwrap();
    let (before_stats, before) = {
        let s = open(dir.path());
        (s.stats().unwrap(), digest_without_meta(&s))
    };
    let log = data.join("gridbook.log");
    let mut rolled_back = 0;
    for cycle in 0..3 {
        let mut child = Command::new(env!("CARGO_BIN_EXE_gridbook"))
            .env("XDG_CONFIG_HOME", dir.path().join("config"))
            .env("GRIDBOOK_IN_PROCESS", "1")
            .arg("--data")
            .arg(&data)
            .args(["import", "--transaction-limit", "0", file.to_str().unwrap()])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        // Wait for the journal to be durable, then kill the writer mid-write.
        let started = std::time::Instant::now();
        loop {
            let text = std::fs::read_to_string(&log).unwrap_or_default();
            if text.matches("import started").count() > cycle {
                break;
            }
            assert!(started.elapsed().as_secs() < 60, "the import never started");
            std::thread::sleep(std::time::Duration::from_millis(2));
        }
        std::thread::sleep(std::time::Duration::from_millis(20 * cycle as u64));
        nix::sys::signal::kill(
            nix::unistd::Pid::from_raw(child.id() as i32),
            nix::sys::signal::Signal::SIGKILL,
        )
        .unwrap();
        child.wait().unwrap();
        let s = open(dir.path());
        assert_eq!(
            check(&s).unwrap().problems,
            Vec::<String>::new(),
            "cycle {cycle}"
        );
        if s.stats().unwrap() == before_stats {
            assert_eq!(
                digest_without_meta(&s),
                before,
                "cycle {cycle}: every record and index is as before"
            );
            rolled_back += 1;
        } else {
            // Finished before the kill landed: all of it is there.
            assert_eq!(
                s.stats().unwrap().households,
                before_stats.households + 6000,
                "cycle {cycle}"
            );
            break;
        }
    }
    assert!(rolled_back > 0, "at least one kill landed mid-write");
    let text = std::fs::read_to_string(&log).unwrap();
    assert!(
        text.contains("rolled back an import that was cut short"),
        "{text}"
    );
    // The import then runs to the end.
    let (code, out, err) = gridbook(
        dir.path(),
        &["import", "--transaction-limit", "0", file.to_str().unwrap()],
    );
    assert_eq!(code, 0, "{out}{err}");
    let s = open(dir.path());
    assert_eq!(
        s.stats().unwrap().households,
        before_stats.households + 6000
    );
    assert_eq!(s.stats().unwrap().residents, before_stats.residents + 12000);
    assert_eq!(check(&s).unwrap().problems, Vec::<String>::new());
}

/// Every tree but meta (whose id counter moves past the ids a rolled-back import used).
fn digest_without_meta(store: &Store) -> u64 {
    common::digest_of(
        store,
        TreeId::ALL.into_iter().filter(|t| *t != TreeId::Meta),
    )
}

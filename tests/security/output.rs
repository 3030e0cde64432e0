//! Security, safe output: control characters escaped everywhere, errors quote at most 80 characters, CSV formulas defused.
//!
//! The fixture's names and notes hold what an attacker would type, sync or import: a title
//! change (OSC 0), a screen clear, a C1 CSI and a right-to-left override. Every command that
//! shows them, and the screen, must show them as `\x1b`, `\u{9b}`, `\u{202e}` text.

use std::path::Path;
use std::time::Duration;

use crate::common::{self, cli, household, pty::Session, resident, ymd};
use gridbook::model::*;

/// Sets the terminal's title.
const OSC: &str = "\x1b]0;pwned\x07";
const OSC_SHOWN: &str = "\\x1b]0;pwned\\x07";
/// Clears the screen.
const CLEAR: &str = "\x1b[2J";
const CLEAR_SHOWN: &str = "\\x1b[2J";
/// The C1 form of CSI.
const CSI: &str = "\u{9b}31m";
const CSI_SHOWN: &str = "\\u{9b}31m";
/// Right-to-left override: "gnp.exe" shows as "exe.png".
const RLO: &str = "\u{202e}";
const RLO_SHOWN: &str = "\\u{202e}";
const FORMULA: &str = "=HYPERLINK(\"http://x\")";

/// The characters that must never reach a terminal raw, listed here on their own rather than
/// taken from the code under test.
fn raw_controls(text: &str) -> Vec<char> {
    text.chars()
        .filter(|&c| {
            (c < ' ' && c != '\t' && c != '\n')
                || ('\x7f'..='\u{9f}').contains(&c)
                || ('\u{202a}'..='\u{202e}').contains(&c)
                || ('\u{2066}'..='\u{2069}').contains(&c)
        })
        .collect()
}

fn assert_clean(what: &str, text: &str) {
    assert_eq!(
        raw_controls(text),
        Vec::<char>::new(),
        "{what} wrote raw controls:\n{text}"
    );
}

/// The small fixture in `dir/store` with hostile names and notes: 曾小明 and 李娟 of 5-1-102,
/// the household's note, its visit, dispute and follow-up; 曾子涵 named as a formula; 解放
/// (3-1-201) with a 100,000-character name, as a sync or an older store could bring.
fn hostile_store(dir: &Path) -> String {
    let store = common::small_store(&dir.join("store"));
    let mut long = resident(
        105,
        23,
        &"解".repeat(100_000),
        Sex::Male,
        ymd(1990, 2, 14),
        33,
        Relation::Head,
    );
    long.residence = Residence::Migrant;
    let long_id = long.id_number.clone();
    // The fixture's visit, dispute and follow-up of 5-1-102, each with one hostile text.
    let mut visit = store.get_id::<Visit>(201).unwrap().unwrap();
    visit.findings = format!("家中无人{CLEAR}门上留了联系卡");
    let mut dispute = store.get_id::<Dispute>(300).unwrap().unwrap();
    dispute.title = format!("漏水{RLO}txt.exe");
    let mut follow_up = store.get_id::<FollowUp>(400).unwrap().unwrap();
    follow_up.title = format!("修门{OSC}");
    store
        .write("fixture", |t| {
            for (id, name, sex, birth, seq, relation) in [
                (
                    101,
                    format!("曾{OSC}小明"),
                    Sex::Male,
                    ymd(1980, 7, 1),
                    11,
                    Relation::Head,
                ),
                (
                    102,
                    format!("李{CSI}娟"),
                    Sex::Female,
                    ymd(1982, 1, 9),
                    22,
                    Relation::Spouse,
                ),
                (
                    103,
                    FORMULA.to_string(),
                    Sex::Female,
                    ymd(2012, 5, 20),
                    42,
                    Relation::Daughter,
                ),
            ] {
                t.put(&resident(id, 21, &name, sex, birth, seq, relation))?;
            }
            let mut h = household(21, 10, "5-1-102", 101, vec![]);
            h.note = format!("楼道堆物{CLEAR}{RLO}gnp.exe");
            t.put(&h)?;
            t.put(&long)?;
            t.put(&visit)?;
            t.put(&dispute)?;
            t.put(&follow_up)?;
            Ok(())
        })
        .unwrap();
    drop(store);
    common::wait_until_released(&dir.join("store"));
    long_id
}

#[test]
fn search_shows_names_escaped_and_its_json_holds_them_exactly() {
    let dir = tempfile::tempdir().unwrap();
    hostile_store(dir.path());
    let (code, out, err) = cli(dir.path(), &["search", "5-1-102"]);
    assert_eq!(code, 0, "{err}");
    assert_clean("search", &out);
    assert!(out.contains(&format!("曾{OSC_SHOWN}小明")), "{out}");

    let (code, out, err) = cli(dir.path(), &["search", "李", "--json"]);
    assert_eq!(code, 0, "{err}");
    assert_clean("search --json", &out);
    assert!(out.contains("李\\u009b31m娟"), "{out}");
    // The same JSON: a script reading it gets the name exactly as stored.
    let hits: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(hits[0]["name"], format!("李{CSI}娟"));
}

#[test]
fn household_show_followups_and_visit_add_show_names_and_notes_escaped() {
    let dir = tempfile::tempdir().unwrap();
    hostile_store(dir.path());

    let (code, out, err) = cli(dir.path(), &["household", "show", "5-1-102"]);
    assert_eq!(code, 0, "{err}");
    assert_clean("household show", &out);
    assert_clean("household show", &err);
    for shown in [
        format!("曾{OSC_SHOWN}小明"),
        format!("李{CSI_SHOWN}娟"),
        format!("楼道堆物{CLEAR_SHOWN}{RLO_SHOWN}gnp.exe"),
    ] {
        assert!(out.contains(&shown), "{shown} in:\n{out}");
    }

    let (code, out, err) = cli(dir.path(), &["followups", "--today", "2026-11-25"]);
    assert_eq!(code, 0, "{err}");
    assert_clean("followups", &out);
    assert!(out.contains(&format!("修门{OSC_SHOWN}")), "{out}");

    let (code, out, err) = cli(
        dir.path(),
        &[
            "visit",
            "add",
            "5-1-102",
            "--outcome",
            "met",
            "--at",
            "2026-11-25 10:00",
            "--note",
            &format!("门口{CLEAR}"),
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        format!("saved visit to 5-1-102 (曾{OSC_SHOWN}小明 household) at 2026-11-25 10:00: met\n")
    );
    // Stored as given: the output side makes it safe, whatever way a record arrived.
    let (code, out, err) = cli(
        dir.path(),
        &[
            "visit",
            "add",
            "5-1-102",
            "--outcome",
            "met",
            "--note",
            &format!("门口{RLO}"),
            "--json",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert_clean("visit add --json", &out);
    assert!(out.contains("\"note\":\"门口\\u202e\""), "{out}");
    let saved: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(saved["visit"]["note"], format!("门口{RLO}"));
}

#[test]
fn an_error_quotes_at_most_80_characters_of_a_name() {
    let dir = tempfile::tempdir().unwrap();
    let long_id = hostile_store(dir.path());
    let typed = "x".repeat(100_000);
    let (code, out, err) = cli(
        dir.path(),
        &[
            "resident",
            "add",
            "5-1-102",
            "--name",
            &typed,
            "--relation",
            "子",
            "--sex",
            "男",
            "--birth",
            "2015-01-01",
        ],
    );
    assert_eq!((code, out.as_str()), (1, ""));
    assert_eq!(
        err,
        format!(
            "gridbook: the name “{}…” is longer than 30 characters; shorten it\n",
            "x".repeat(80)
        )
    );

    // A name stored whole (a sync, an older store) is quoted cut too when an edit refuses it.
    let (code, _, err) = cli(
        dir.path(),
        &["resident", "edit", &long_id, "--phone", "13900000000"],
    );
    assert_eq!(code, 1);
    assert_eq!(
        err,
        format!(
            "gridbook: the name “{}…” is longer than 30 characters; shorten it\n",
            "解".repeat(80)
        )
    );
}

#[test]
fn import_warnings_and_errors_show_cells_escaped_and_cut() {
    let dir = tempfile::tempdir().unwrap();
    hostile_store(dir.path());
    let file = dir.path().join("roster.csv");
    std::fs::write(
        &file,
        format!(
            "社区,楼栋,单元,房号,姓名,关系,性别,出生日期,重点人群\n\
             花苑社区,3,1,202,甲,户主,男,1970-01-02,独居{CLEAR}\n\
             花苑社区,3,1,203,{},户主,男,1971-02-04,\n",
            // Under the 1,000-character cap on a roster's cell (a longer one is refused
            // without being quoted at all), far over a name's 30.
            "y".repeat(900)
        ),
    )
    .unwrap();
    let (code, out, err) = cli(dir.path(), &["import", file.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");
    assert_clean("import", &out);
    assert_clean("import", &err);
    assert!(
        out.contains(&format!(
            "row 2, 重点人群: “独居{CLEAR_SHOWN}” is not a care group gridbook knows"
        )),
        "{out}"
    );
    assert!(
        err.starts_with(&format!(
            "row 3, 姓名: “{}…” is longer than 30 characters; shorten it\n",
            "y".repeat(80)
        )),
        "{err}"
    );
    assert!(
        err.len() < 1000,
        "the long name is not echoed whole: {} bytes",
        err.len()
    );
}

#[test]
fn a_csv_export_writes_formulas_as_text() {
    let dir = tempfile::tempdir().unwrap();
    hostile_store(dir.path());
    let file = dir.path().join("residents.csv");
    let (code, out, err) = cli(
        dir.path(),
        &[
            "export",
            "residents",
            "--format",
            "csv",
            "-o",
            file.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert_clean("export", &out);
    let csv = std::fs::read_to_string(&file).unwrap();
    assert!(
        csv.contains(",\"'=HYPERLINK(\"\"http://x\"\")\","),
        "the formula is text: {}",
        csv.lines().find(|l| l.contains("HYPERLINK")).unwrap_or("")
    );
    assert!(!csv.contains(",\"=HYPERLINK"), "no live formula");
}

#[test]
fn the_screen_shows_names_and_notes_escaped_and_sends_no_raw_control() {
    let dir = tempfile::tempdir().unwrap();
    hostile_store(dir.path());
    let mut s = Session::start(&dir.path().join("store"), &["--lang", "en"], 80, 24);
    s.wait_for("the tree", 20, |sc| sc.contains("3-1-201"));
    s.send(":5-1-102\r");
    let screen = s.wait_for("5-1-102 with its names escaped", 10, |sc| {
        sc.contains(&format!("曾{OSC_SHOWN}")) && sc.contains(&format!("李{CSI_SHOWN}"))
    });
    assert!(
        screen.contains(&format!("楼道堆物{CLEAR_SHOWN}")),
        "{screen}"
    );
    s.send("D");
    s.wait_for("the dispute list with its title escaped", 10, |sc| {
        sc.contains(&format!("漏水{RLO_SHOWN}"))
    });
    s.send("q");
    assert_eq!(s.wait_exit(10), 0);
    s.settle(Duration::from_millis(100));
    let bytes: Vec<u8> = s
        .chunks
        .lock()
        .unwrap()
        .iter()
        .flat_map(|(_, b)| b.clone())
        .collect();
    let raw = String::from_utf8_lossy(&bytes);
    for bad in [
        format!("曾{OSC}"),
        "pwned\x07".to_string(),
        format!("堆物{CLEAR}"),
        "\u{9b}".to_string(),
        RLO.to_string(),
    ] {
        assert!(!raw.contains(&bad), "the terminal was sent {bad:?}");
    }
}

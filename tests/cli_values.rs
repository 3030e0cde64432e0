//! The command line's values and files as a grid captain types them: Chinese or English
//! words for every choice, the visit form's due days in --need, ledgers in the format their
//! name asks for, a missing roster named, the template's example row refused, one 户主 a
//! household, and an address in several communities picked by naming the community (on the
//! command line and at the `:` line).

mod common;

use common::{cli as gridbook, wait_until_released};

use std::path::Path;

use chrono::Datelike;
use crossterm::event::KeyCode;
use gridbook::client::Local;
use gridbook::tui::action::Action;
use gridbook::tui::i18n::Lang;

/// The small fixture, on disk and released.
fn fixture_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    drop(common::small_store(&dir.path().join("store")));
    wait_until_released(&dir.path().join("store"));
    dir
}

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

fn stats(dir: &Path) -> serde_json::Value {
    let (code, out, err) = gridbook(dir, &["stats", "--json"]);
    assert_eq!((code, err.as_str()), (0, ""));
    json(&out)
}

#[test]
fn outcomes_and_purposes_are_taken_in_chinese_as_in_english() {
    let dir = fixture_dir();
    let at = ["--at", "2026-11-25 08:00", "--json"];
    for (outcome, purpose, want) in [
        ("在家", "关爱探访", ("met", "care-check")),
        ("不在家", "日常走访", ("not-home", "routine")),
        ("拒访", "政策宣传", ("refused", "policy")),
        ("再次上门", "纠纷回访", ("revisit", "dispute-follow-up")),
        ("not-home", "应急排查", ("not-home", "emergency")),
    ] {
        let args = [
            &[
                "visit",
                "add",
                "5-1-102",
                "--outcome",
                outcome,
                "--purpose",
                purpose,
            ][..],
            &at,
        ]
        .concat();
        let (code, out, err) = gridbook(dir.path(), &args);
        assert_eq!((code, err.as_str()), (0, ""), "{outcome} {purpose}");
        let v = json(&out);
        assert_eq!(
            (
                v["visit"]["outcome"].as_str(),
                v["visit"]["purpose"].as_str()
            ),
            (Some(want.0), Some(want.1)),
            "{outcome} {purpose}"
        );
    }
    // The other choices of the command line take Chinese too.
    let file = dir.path().join("走访.xlsx");
    let (code, out, err) = gridbook(
        dir.path(),
        &[
            "ledger",
            "走访",
            "--month",
            "2026-11",
            "-o",
            file.to_str().unwrap(),
        ],
    );
    assert_eq!((code, err.as_str()), (0, ""));
    assert!(
        out.starts_with("wrote 花苑社区走访台账（2026年11月）"),
        "{out}"
    );
    let (code, _, err) = gridbook(dir.path(), &["report", "逾期", "--format", "json"]);
    assert_eq!((code, err.as_str()), (0, ""));
}

#[test]
fn needs_take_the_days_the_visit_form_takes() {
    let dir = fixture_dir();
    let (code, out, err) = gridbook(
        dir.path(),
        &[
            "visit",
            "add",
            "5-1-102",
            "--outcome",
            "在家",
            "--need",
            "申请低保@12-20",
            "--need",
            "换灯 +3",
            "--json",
        ],
    );
    assert_eq!((code, err.as_str()), (0, ""));
    let followups = json(&out)["followups"].clone();
    // Days count from the day the command ran, as the form counts from the day it is open.
    let today = chrono::Local::now().date_naive();
    let dec20 = chrono::NaiveDate::from_ymd_opt(today.year(), 12, 20).unwrap();
    let dec20 = if dec20 >= today {
        dec20
    } else {
        dec20.with_year(today.year() + 1).unwrap()
    };
    let in3 = today + chrono::Days::new(3);
    let got: Vec<(&str, &str)> = followups
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["title"].as_str().unwrap(), f["due"].as_str().unwrap()))
        .collect();
    assert_eq!(
        got,
        vec![
            ("申请低保", dec20.to_string().as_str()),
            ("换灯", in3.to_string().as_str())
        ]
    );

    let (code, out, err) = gridbook(
        dir.path(),
        &[
            "visit",
            "add",
            "5-1-102",
            "--outcome",
            "met",
            "--need",
            "换灯@下周",
        ],
    );
    assert_eq!(
        (code, out.as_str(), err.as_str()),
        (
            1,
            "",
            "gridbook: the due day “下周” in --need is not a date; write it as TEXT@2026-12-01, TEXT@12-01 or “TEXT +3”\n"
        )
    );
}

#[test]
fn a_ledger_is_written_in_the_format_its_file_name_asks_for() {
    let dir = fixture_dir();
    let csv = dir.path().join("visits.csv");
    let (code, out, err) = gridbook(
        dir.path(),
        &[
            "ledger",
            "visits",
            "--month",
            "2026-11",
            "-o",
            csv.to_str().unwrap(),
        ],
    );
    assert_eq!((code, err.as_str()), (0, ""));
    assert!(
        out.starts_with("wrote 花苑社区走访台账（2026年11月）"),
        "{out}"
    );
    assert!(out.ends_with(&format!(" to {}\n", csv.display())), "{out}");
    let text = std::fs::read_to_string(&csv).unwrap();
    assert_eq!(
        text.lines().next(),
        Some("\u{feff}序号,走访日期,地址,户主,走访目的,走访结果,发现问题,后续跟进,走访人")
    );
    assert_eq!(text.lines().count(), 2);

    let xlsx = dir.path().join("visits.XLSX");
    let (code, _, err) = gridbook(
        dir.path(),
        &[
            "ledger",
            "visits",
            "--month",
            "2026-11",
            "-o",
            xlsx.to_str().unwrap(),
        ],
    );
    assert_eq!((code, err.as_str()), (0, ""));
    assert!(std::fs::read(&xlsx).unwrap().starts_with(b"PK\x03\x04"));

    let txt = dir.path().join("visits.txt");
    let (code, out, err) = gridbook(
        dir.path(),
        &[
            "ledger",
            "visits",
            "--month",
            "2026-11",
            "-o",
            txt.to_str().unwrap(),
        ],
    );
    assert_eq!(
        (code, out, err),
        (
            1,
            String::new(),
            format!(
                "gridbook: a ledger is written as XLSX or CSV; end the file name “{}” in .xlsx or .csv\n",
                txt.display()
            )
        )
    );
    assert!(
        !txt.exists(),
        "nothing is written under a name it cannot have"
    );
}

#[test]
fn a_missing_roster_is_named_not_blamed_on_row_1() {
    let dir = fixture_dir();
    let file = dir.path().join("花名册.csv");
    let (code, out, err) = gridbook(dir.path(), &["import", file.to_str().unwrap()]);
    assert_eq!(
        (code, out, err),
        (
            1,
            String::new(),
            format!(
                "gridbook: {} does not exist; check the file's name and folder\n",
                file.display()
            )
        )
    );
}

#[test]
fn the_templates_example_row_is_refused_and_names_no_real_household() {
    let dir = fixture_dir();
    let before = stats(dir.path());
    for format in ["csv", "xlsx"] {
        let file = dir.path().join(format!("模板.{format}"));
        let path = file.to_str().unwrap();
        let (code, _, err) = gridbook(dir.path(), &["import", "--template", format, "-o", path]);
        assert_eq!((code, err.as_str()), (0, ""));
        if format == "csv" {
            let text = std::fs::read_to_string(&file).unwrap();
            let example = text.lines().nth(1).unwrap();
            assert!(
                example.starts_with("示例社区,示例网格,1,1,101,王示例,户主,"),
                "{example}"
            );
        }
        let (code, out, err) = gridbook(dir.path(), &["import", path]);
        assert_eq!(
            (code, out.as_str(), err.as_str()),
            (
                1,
                "",
                "row 2: this row is the template's example; delete it and import again\n\
                 gridbook: nothing was imported: the roster has 1 error, listed above with their rows; fix it and import again\n"
            ),
            "{format}"
        );
    }
    assert_eq!(stats(dir.path()), before, "nothing was written");
}

#[test]
fn an_import_that_would_give_a_household_a_second_head_is_refused() {
    let dir = fixture_dir();
    let before = stats(dir.path());
    let file = dir.path().join("roster.csv");
    std::fs::write(
        &file,
        "社区,网格,楼栋,单元,房号,姓名,与户主关系,性别,出生日期\n\
         花苑社区,第一网格,5,2,302,石磊,户主,男,1990-01-01\n\
         花苑社区,第一网格,5,1,102,王新,户主,男,1970-01-01\n",
    )
    .unwrap();
    let (code, out, err) = gridbook(dir.path(), &["import", file.to_str().unwrap()]);
    assert_eq!(
        (code, out.as_str(), err.as_str()),
        (
            1,
            "",
            "row 3, 与户主关系: 5-1-102 would have two 户主, 曾小明 and 王新; give one of them another relation, such as 配偶\n\
             gridbook: nothing was imported: the roster has 1 error, listed above with their rows; fix it and import again\n"
        )
    );
    assert_eq!(stats(dir.path()), before, "nothing was written");

    // Handing the head on is fine: the old head comes with another relation.
    std::fs::write(
        &file,
        "社区,网格,楼栋,单元,房号,姓名,与户主关系,性别,出生日期\n\
         花苑社区,第一网格,5,1,102,王新,户主,男,1970-01-01\n\
         花苑社区,第一网格,5,1,102,曾小明,其他,男,1980-07-01\n",
    )
    .unwrap();
    let (code, _, err) = gridbook(dir.path(), &["import", file.to_str().unwrap()]);
    assert_eq!((code, err.as_str()), (0, ""));
}

#[test]
fn an_address_in_two_communities_is_picked_by_writing_the_community_before_it() {
    let dir = tempfile::tempdir().unwrap();
    common::two_communities(&common::small_store(&dir.path().join("store")));
    wait_until_released(&dir.path().join("store"));
    let visit = |address: &str| {
        gridbook(
            dir.path(),
            &[
                "visit",
                "add",
                address,
                "--outcome",
                "met",
                "--at",
                "2026-11-25 08:00",
                "--json",
            ],
        )
    };
    assert_eq!(
        visit("5-1-102"),
        (
            1,
            String::new(),
            "gridbook: the address 5-1-102 is in 东裕社区 and 花苑社区; write the community before it, as “花苑社区 5-1-102”\n"
                .into()
        )
    );
    for address in [
        "东裕社区 5-1-102",
        "东裕社区5-1-102",
        "东裕 5栋1单元102",
        "花苑 5-1-102",
    ] {
        let (code, out, err) = visit(address);
        // Typed without quotes, the name and the address are two words: the same.
        if let Some((name, rest)) = address.split_once(' ') {
            let args = ["visit", "add", name, rest, "--outcome", "met", "--json"];
            let (code2, out2, err2) = gridbook(dir.path(), &args);
            assert_eq!((code2, err2.as_str()), (0, ""), "{address}");
            let community = |o: &str| json(o)["visit"]["community"].clone();
            assert_eq!(community(&out2), community(&out), "{address}");
        }
        assert_eq!((code, err.as_str()), (0, ""), "{address}");
        let v = json(&out);
        let want = if address.starts_with('花') {
            ("花苑社区", "曾小明")
        } else {
            ("东裕社区", "欧阳春")
        };
        assert_eq!(
            (
                v["visit"]["community"].as_str().unwrap(),
                v["visit"]["head"].as_str().unwrap()
            ),
            want,
            "{address}"
        );
    }
    assert_eq!(
        visit("东 5-1-102"),
        (
            1,
            String::new(),
            "gridbook: 东港社区 and 东裕社区 all begin with “东”; write more of the community's name\n"
                .into()
        )
    );
}

fn on_screen(app: &gridbook::tui::app::App) -> String {
    common::screen(app, 80, 24)
}

#[test]
fn the_jump_line_offers_a_choice_of_community_and_takes_one_written_before_the_address() {
    let dir = tempfile::tempdir().unwrap();
    let store = common::small_store(dir.path());
    common::two_communities(&store);
    let b = Local::new(store, "zhangli".into());
    let mut app = common::app(&b, Lang::Zh);

    let jump = |app: &mut gridbook::tui::app::App, text: &str| {
        let reqs = app.apply(Action::Jump);
        common::settle(app, &b, reqs);
        common::type_text(app, &b, text);
        common::press(app, &b, KeyCode::Enter);
    };
    jump(&mut app, "5-1-102");
    let screen = on_screen(&app);
    for line in [
        "选择社区",
        "5-1-102 在这几个社区都有：",
        "花苑社区 5-1-102",
        "东裕社区 5-1-102",
        "↑↓ 选择   Enter 跳转   Esc 取消",
    ] {
        assert!(screen.contains(line), "{line} is missing from\n{screen}");
    }
    common::press(&mut app, &b, KeyCode::Down);
    common::press(&mut app, &b, KeyCode::Enter);
    let picked = app
        .detail
        .as_ref()
        .map(|d| (d.community.clone(), d.household.id));
    assert_eq!(picked, Some(("东裕社区".to_string(), 30)));
    assert!(!on_screen(&app).contains("选择社区"));

    // Written with its community (or the start of its name), the address goes straight there.
    jump(&mut app, "花苑 5-1-102");
    assert!(!on_screen(&app).contains("选择社区"));
    let picked = app
        .detail
        .as_ref()
        .map(|d| (d.community.clone(), d.household.id));
    assert_eq!(picked, Some(("花苑社区".to_string(), 21)));
    jump(&mut app, "东裕社区5-1-102");
    let picked = app
        .detail
        .as_ref()
        .map(|d| (d.community.clone(), d.household.id));
    assert_eq!(picked, Some(("东裕社区".to_string(), 30)));

    // A name that begins several says so, and moves nothing.
    jump(&mut app, "东 5-1-102");
    assert_eq!(
        app.status.as_deref(),
        Some("东裕社区和东港社区都以“东”开头；请把社区名写完整些")
    );
}

#[test]
fn an_export_whose_file_name_and_format_disagree_is_refused_and_nothing_is_written() {
    let dir = fixture_dir();
    let xlsx = dir.path().join("households.xlsx");
    let (code, out, err) = gridbook(
        dir.path(),
        &[
            "export",
            "households",
            "--format",
            "csv",
            "-o",
            xlsx.to_str().unwrap(),
        ],
    );
    assert_eq!((code, out.as_str()), (1, ""));
    assert_eq!(
        err,
        format!(
            "gridbook: the file name “{}” ends in .xlsx but --format is csv; make them agree\n",
            xlsx.display()
        )
    );
    assert!(!xlsx.exists(), "a file was written");
}

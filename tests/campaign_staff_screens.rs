//! Issue 15, the parts left: someone sent down (下沉) in the TUI – their campaign's screen
//! alone, their grids alone, one sentence for every other key and once their duty ended –
//! in the real binary as another OS user through the server at 80×24 and 60×16, and as an
//! attacker would try it, through every query the screens ask; the 台账 screen's campaign
//! ledgers (a campaign picker and the day) written and read back with calamine; and
//! `campaign status` listing ended campaigns by name and end day only.

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::pty::{broken_borders, cells, Session};
use common::{cli_ok, StopServers};
use gridbook::api::campaigns::{
    AddSentDown, CampaignList, CampaignStatus, CheckDoor, DoorChecks, NextDoor, SentDownLeaves,
    SentDownList, StartCampaign,
};
use gridbook::api::Reply;
use gridbook::client::tables::{ExportKind, LedgerKind, TableRequest};
use gridbook::client::{Ask, Local};
use gridbook::io::sheet::FileFormat;
use gridbook::model::address::AddressQuery;
use gridbook::model::time::{date_of, day_text, local_day, Day};
use gridbook::model::CampaignKind;
use gridbook::tui::i18n::Lang;
use gridbook::tui::worker::{answer, Answer, Query, SheetSource};

const NOT_THEIRS: &str =
    "someone sent down for a campaign may only check its doors; ask a street admin for anything else";
const OUTSIDE: &str = "that is outside the grids you look after; ask a street admin if you need it";
const SCREEN_SAYS: &str = "下沉人员只能在本屏排查所派网格的门户；其他事情请找街道管理员";

fn failed(a: &Answer) -> String {
    match a {
        Answer::Failed(msg) => msg.clone(),
        other => panic!("answered: {other:?}"),
    }
}

fn reply(a: Answer) -> Reply {
    match a {
        Answer::Reply(r) => *r,
        other => panic!("answered: {other:?}"),
    }
}

fn call(op: impl gridbook::api::Op) -> Query {
    Query::Call(Box::new(op.into_call()))
}

fn addr(text: &str) -> AddressQuery {
    AddressQuery::parse(text).unwrap()
}

#[test]
fn someone_sent_down_reads_no_household_outside_their_grids_through_any_query_of_the_screens() {
    let root = tempfile::tempdir().unwrap();
    let store = common::small_store(&root.path().join("store"));
    common::add_second_grid(&store);
    let store = Arc::new(store);
    let search = gridbook::search::SearchCell::start(store.clone());
    let admin = Local::scoped(
        store.clone(),
        "admin".into(),
        gridbook::model::scope::Scope::everything(),
        search.clone(),
    );
    let today = local_day(store.now());
    // Over both grids; 李华 is sent down to 第二网格 (7-1-101, household 24) since yesterday.
    let c = admin
        .call(StartCampaign {
            name: "防汛排查".into(),
            kind: CampaignKind::Flood,
            grids: vec![3, 4],
            started: today - 1,
            deadline: today + 3,
            results: vec![],
        })
        .unwrap()
        .id;
    let sd = admin
        .call(AddSentDown {
            campaign: c,
            person: "李华".into(),
            unit: "区应急局".into(),
            grid: 4,
            user: "lihua".into(),
            arrived: today - 1,
        })
        .unwrap();
    let lihua = Local::sent_down(store.clone(), "lihua".into(), search)
        .unwrap()
        .unwrap();

    // Every query of the screens that reads the roster, the work or the files is refused.
    let sheet = |source| Query::WriteSheet {
        source,
        dir: root.path().join("out"),
        stem: "x".into(),
        format: FileFormat::Csv,
    };
    let refused = [
        Query::Households(10),
        Query::Households(12),
        Query::Detail(20),
        Query::Detail(24),
        Query::Locate(20),
        Query::History(24),
        Query::Search("查文".into()),
        Query::Search("7-1-101".into()),
        Query::Disputes,
        Query::DisputeNotes(301),
        Query::Due(today),
        Query::Captains(today),
        Query::Proposal(3),
        Query::Reports(today),
        Query::Drafts,
        Query::Conflicts,
        Query::SyncStatus,
        call(gridbook::api::places::Stats),
        sheet(SheetSource::Table(TableRequest::Export {
            kind: ExportKind::Households,
            grid: None,
            from: Day::MIN,
            to: Day::MAX,
        })),
        sheet(SheetSource::Table(TableRequest::Campaign {
            kind: LedgerKind::Checks,
            campaign: c,
            day: today,
        })),
    ];
    for q in &refused {
        assert_eq!(failed(&answer(&lihua, q)), NOT_THEIRS, "{q:?}");
    }
    assert!(!root.path().join("out").exists(), "no file was written");

    // The campaign's own reads and the address lookup stay inside 第二网格.
    match answer(&lihua, &Query::Overview) {
        Answer::Overview(o) => {
            let grids: Vec<&str> = o.grids.iter().map(|g| g.name.as_str()).collect();
            let buildings: Vec<u64> = o.buildings.iter().map(|b| b.id).collect();
            assert_eq!((grids, buildings), (vec!["第二网格"], vec![12]));
        }
        other => panic!("{other:?}"),
    }
    let found = |text: &str| match answer(&lihua, &Query::FindAddress(addr(text), None)) {
        Answer::Found(_, hits) => hits.iter().map(|h| h.household).collect::<Vec<_>>(),
        other => panic!("{other:?}"),
    };
    assert_eq!(found("3-1-201"), Vec::<u64>::new());
    assert_eq!(found("5"), Vec::<u64>::new());
    assert_eq!(found("7-1-101"), vec![24]);
    let Reply::CampaignStatus(lines) = reply(answer(
        &lihua,
        &call(CampaignStatus {
            campaign: None,
            today,
        }),
    )) else {
        panic!()
    };
    let grids: Vec<(&str, u64)> = lines[0]
        .grids
        .iter()
        .map(|g| (g.name.as_str(), g.tally.due))
        .collect();
    assert_eq!((lines.len(), grids), (1, vec![("第二网格", 1)]));
    for q in [
        call(NextDoor {
            campaign: c,
            grid: 3,
            building: None,
            after: None,
        }),
        call(NextDoor {
            campaign: c,
            grid: 4,
            building: Some(10),
            after: None,
        }),
        call(DoorChecks {
            campaign: c,
            household: 20,
        }),
        call(CheckDoor {
            campaign: c,
            household: 20,
            result: "正常".into(),
            note: String::new(),
        }),
    ] {
        assert_eq!(failed(&answer(&lihua, &q)), OUTSIDE, "{q:?}");
    }
    let Reply::NextDoor(door) = reply(answer(
        &lihua,
        &call(NextDoor {
            campaign: c,
            grid: 4,
            building: None,
            after: None,
        }),
    )) else {
        panic!()
    };
    assert_eq!(door.map(|h| h.id), Some(24));
    let Reply::SentDownList(staff) = reply(answer(&lihua, &call(SentDownList { campaign: c })))
    else {
        panic!()
    };
    assert_eq!(
        staff.iter().map(|s| s.person.as_str()).collect::<Vec<_>>(),
        vec!["李华"]
    );

    // The app opens on the campaign screen with 第二网格 alone; any other key is one sentence.
    let mut app = common::app(&lihua, Lang::Zh);
    assert!(app.sent_down());
    let s = common::screen(&app, 80, 24);
    assert!(
        s.contains("第二网格         1     0     0     0     1   0.0%"),
        "{s}"
    );
    assert!(!s.contains("第一网格") && !s.contains("花苑社区"), "{s}");
    for key in ['d', 'f', 't', 'w', '/', ':', 'v', 'R'] {
        common::press(&mut app, &lihua, crossterm::event::KeyCode::Char(key));
        assert_eq!(app.status.as_deref(), Some(SCREEN_SAYS), "{key}");
        assert!(matches!(
            app.screen,
            gridbook::tui::app::Screen::Campaign(_)
        ));
        assert!(matches!(app.overlay, gridbook::tui::app::Overlay::None));
    }
    common::press(&mut app, &lihua, crossterm::event::KeyCode::Char(' '));
    assert!(common::screen(&app, 80, 24).contains("本户：7-1-101"));

    // They left yesterday: the connection made before reads nothing more, and says why.
    admin
        .call(SentDownLeaves {
            id: sd.id,
            day: today - 1,
        })
        .unwrap();
    let left = format!(
        "you left the campaign “防汛排查” on {}; ask a street admin if you are sent down again",
        day_text(today - 1)
    );
    assert_eq!(
        failed(&answer(&lihua, &Query::FindAddress(addr("7-1-101"), None))),
        left
    );
    assert_eq!(failed(&answer(&lihua, &Query::Overview)), left);
    assert_eq!(failed(&answer(&lihua, &call(CampaignList { today }))), left);
    let reqs = app.on_server(gridbook::server::protocol::ServerEvent::Changed {
        households: vec![],
        by: "admin".into(),
    });
    common::settle(&mut app, &lihua, reqs);
    let s = common::screen(&app, 80, 24);
    assert!(
        s.contains(&format!(
            "您已于 {} 离开排查任务“防汛排查”；如再次下沉，请找街道管理员",
            day_text(today - 1)
        )),
        "{s}"
    );
    assert!(!s.contains("7-1-101") && !s.contains("第二网格"), "{s}");
}

/// The real binary as root, through the server of `data` whose socket is in `run`.
fn as_root(data: &Path, run: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gridbook"))
        .env("LANG", "C")
        .env_remove("LC_ALL")
        .env_remove("GRIDBOOK_IN_PROCESS")
        .env("GRIDBOOK_RUN", run)
        .arg("--data")
        .arg(data)
        .args(args)
        .output()
        .unwrap()
}

fn ok(o: Output) -> String {
    assert!(
        o.status.success(),
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn row(screen: &str, name: &str) -> String {
    screen
        .lines()
        .find(|l| l.contains(name))
        .map(|l| l.trim_matches(|c| c == '│' || c == ' ').to_string())
        .unwrap_or_else(|| panic!("no row {name}:\n{screen}"))
}

/// `nobody` (group root, for the socket) at a terminal of its own.
const AS_NOBODY: [&str; 5] = [
    "/usr/bin/setpriv",
    "--reuid=65534",
    "--regid=0",
    "--clear-groups",
    "--",
];

#[test]
fn sent_down_as_another_os_user_the_screen_is_their_campaign_alone_at_80_and_60_columns() {
    if !nix::unistd::getuid().is_root() {
        common::skipped(
            "sent down as another OS user the screen is their campaign alone",
            "needs root to switch users",
        );
        return;
    }
    // The store as deploy/ lays it out: BASE/data the owner's, BASE/run for the socket.
    let base = tempfile::tempdir().unwrap();
    std::fs::set_permissions(base.path(), std::fs::Permissions::from_mode(0o750)).unwrap();
    let data = base.path().join("data");
    let run = base.path().join("run");
    {
        let store = common::small_store(&data);
        common::add_second_grid(&store);
    }
    common::wait_until_released(&data);
    let _stop = StopServers(&data);
    let mut server = Command::new(env!("CARGO_BIN_EXE_gridbook"))
        .env("GRIDBOOK_RUN", &run)
        .arg("--data")
        .arg(&data)
        .args(["serve", "--idle", "60"])
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(15);
    while std::os::unix::net::UnixStream::connect(run.join(gridbook::server::protocol::SOCKET))
        .is_err()
    {
        assert!(Instant::now() < deadline, "the server never answered");
        std::thread::sleep(Duration::from_millis(20));
    }
    let start = date_of(local_day(gridbook::model::time::now()));
    let end = start + chrono::Days::new(3);
    ok(as_root(
        &data,
        &run,
        &[
            "campaign",
            "start",
            "防汛排查",
            "--kind",
            "防汛",
            "--grid",
            "第一网格",
            "--grid",
            "第二网格",
            "--deadline",
            &end.format("%Y-%m-%d").to_string(),
        ],
    ));
    ok(as_root(
        &data,
        &run,
        &[
            "campaign",
            "staff",
            "add",
            "李华",
            "--unit",
            "区应急局",
            "--grid",
            "第二网格",
            "--user",
            "nobody",
        ],
    ));
    // A home nobody may enter (the terminal starts there).
    let home = base.path().join("home");
    std::fs::create_dir(&home).unwrap();
    std::fs::set_permissions(&home, std::fs::Permissions::from_mode(0o777)).unwrap();
    let env: [(&str, &Path); 2] = [("GRIDBOOK_RUN", &run), ("HOME", &home)];
    let mut s = Session::start_wrapped(&AS_NOBODY, &data, &["--lang", "zh"], 80, 24, &env);
    let screen = s.wait_for("their campaign", 30, |sc| sc.contains("合计"));
    let md = end.format("%m-%d").to_string();
    assert!(
        screen
            .lines()
            .next()
            .unwrap()
            .contains(&format!(" 战时 · 防汛排查 · 已查 0/1 0% · 截止 {md} ")),
        "{screen}"
    );
    assert_eq!(
        row(&screen, "第二网格"),
        "第二网格         1     0     0     0     1   0.0%"
    );
    assert_eq!(
        row(&screen, "合计"),
        "合计             1     0     0     0     1   0.0%"
    );
    for hidden in ["第一网格", "花苑社区", "3-1-201", "查文"] {
        assert!(!screen.contains(hidden), "{hidden}:\n{screen}");
    }
    // Their door, one key a result; the tally moves.
    s.send(" ");
    s.wait_for("their door", 10, |sc| sc.contains("本户：7-1-101"));
    // 异常 asks its note; Enter saves the check with it.
    s.send("2");
    s.wait_for("the note asked", 10, |sc| sc.contains("异常：写明情况："));
    s.send("燃气味重");
    s.wait_for("the note typed", 10, |sc| {
        sc.contains("异常：写明情况：燃气味重")
    });
    s.send("\r");
    let screen = s.wait_for("the check", 10, |sc| {
        sc.contains("第二网格         1     1     1     0     0 100.0%")
    });
    assert_eq!(
        screen.lines().nth(23).unwrap().trim_end(),
        "这个网格每户都查过了"
    );
    // Any other screen's key is one sentence, and the screen stays.
    for key in ["t", "d", "/", ":"] {
        s.send(key);
        let screen = s.wait_for("the sentence", 10, |sc| {
            sc.lines().nth(23).unwrap().trim_end() == SCREEN_SAYS
        });
        assert!(screen.contains("合计"), "{key}:\n{screen}");
    }
    // Help lists the campaign screen's keys only.
    s.send("?");
    let help = s.wait_for("help", 10, |sc| sc.contains("第1种结果"));
    for other in ["台账", "纠纷", "搜索"] {
        assert!(!help.contains(other), "{other}:\n{help}");
    }
    s.send("\x1b");
    s.wait_for("help closed", 10, |sc| !sc.contains("第1种结果"));

    s.resize(60, 16);
    s.settle(Duration::from_millis(300));
    let screen = s.wait_for("60 columns", 10, |sc| sc.contains("合计"));
    assert_eq!(
        row(&screen, "第二网格"),
        "第二网格         1     1     1     0     0 100.0%"
    );
    assert!(!screen.contains("第一网格"), "{screen}");
    assert_eq!(broken_borders(&cells(&s)), Vec::<String>::new());

    // The campaign ends: the open screen says so in one sentence and shows no door.
    s.resize(80, 24);
    ok(as_root(&data, &run, &["campaign", "end", "防汛排查"]));
    let ended = format!(
        "您下沉参加的排查任务“防汛排查”已于 {} 结束；如还需要您，请找街道管理员",
        start.format("%Y-%m-%d")
    );
    s.send(" ");
    let screen = s.wait_for("the end said", 20, |sc| sc.contains(&ended));
    for hidden in ["7-1-101", "第二网格", "合计"] {
        assert!(!screen.contains(hidden), "{hidden}:\n{screen}");
    }
    s.send("q");
    s.wait_exit(10);
    // Started again, gridbook says the same and opens nothing.
    let mut again = Session::start_wrapped(&AS_NOBODY, &data, &["--lang", "zh"], 80, 24, &env);
    assert_eq!(again.wait_exit(20), 1);
    let screen = again.screen();
    assert!(screen.contains(&format!("gridbook: {ended}")), "{screen}");
    assert!(!screen.contains("7-1-101"), "{screen}");
    let _ = server.kill();
    let _ = server.wait();
}

fn cells_of(v: &[&str]) -> Vec<String> {
    v.iter().map(|c| c.to_string()).collect()
}

/// Waits for the screen to say the file was written into the 台账 folder; its rows.
fn written(s: &Session, folder: &Path, name: &str) -> (PathBuf, usize) {
    let screen = s.wait_for("the file written", 30, |sc| sc.contains("已写入（"));
    let line = screen
        .lines()
        .find(|l| l.contains("已写入（"))
        .unwrap()
        .to_string();
    let rows = line.split("已写入（").nth(1).unwrap();
    let rows = rows.split(" 行）").next().unwrap().parse().unwrap();
    let path = folder.join(name);
    assert!(path.exists(), "{}:\n{screen}", path.display());
    (path, rows)
}

#[test]
fn the_ledger_screen_writes_a_campaigns_daily_report_and_its_checks_picked_running_first() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    common::small_demo(&d.join("store"));
    common::wait_until_released(&d.join("store"));
    cli_ok(
        d,
        &[
            "campaign",
            "start",
            "11月消防",
            "--kind",
            "消防",
            "--grid",
            "一网格-1片",
            "--deadline",
            "+7",
        ],
    );
    let door = cli_ok(d, &["campaign", "next", "--grid", "一网格-1片"]);
    cli_ok(d, &["campaign", "check", door.trim(), "--result", "正常"]);
    let place = {
        let store = gridbook::store::Store::open(&d.join("store"), Default::default()).unwrap();
        let mut names: Vec<String> = store
            .all::<gridbook::model::Community>()
            .map(|c| c.unwrap().name)
            .collect();
        names.sort();
        names.join("、")
    };
    common::wait_until_released(&d.join("store"));
    let today = date_of(local_day(gridbook::model::time::now()));
    let today_text = today.format("%Y-%m-%d").to_string();

    let home = d.join("home");
    std::fs::create_dir(&home).unwrap();
    let config = home.join(".config");
    let mut s = Session::start_env(
        &d.join("store"),
        &["--lang", "zh"],
        80,
        24,
        &[("HOME", &home), ("XDG_CONFIG_HOME", &config)],
    );
    s.wait_for("the main screen", 30, |t| t.contains("战时 · 11月消防"));
    s.send("t");
    s.wait_for("the ledger screen", 10, |t| t.contains("台账与导出"));
    // 排查日报 comes after the seven monthly ledgers: the running campaign first, today.
    s.send(&"\x1b[B".repeat(7));
    let screen = s.wait_for("the daily report", 10, |t| {
        t.contains("任务    ◀ 11月消防 ▶") && t.contains(&format!("日期    ◀ {today_text} ▶"))
    });
    // No month here, so none is offered to type.
    assert!(screen.contains("left/right  更改  "), "{screen}");
    assert!(!screen.contains("输入月份"), "{screen}");
    let folder = home.join("gridbook-台账");
    s.send("\r");
    let (file, rows) = written(&s, &folder, &format!("排查日报-11月消防-{today_text}.xlsx"));
    let daily = common::read_xlsx(&file);
    assert_eq!(rows, 2);
    assert_eq!(
        daily[0][0],
        format!(
            "{place}11月消防排查日报（{}）",
            gridbook::io::values::ymd(today)
        )
    );
    assert_eq!(
        daily[2..].to_vec(),
        vec![
            cells_of(&[
                "1",
                &place,
                "一网格-1片",
                "265",
                "1",
                "0",
                "0",
                "264",
                "0.3%",
                "",
                "",
                ""
            ]),
            cells_of(&["合计", "", "", "265", "1", "0", "0", "264", "0.3%", "", "", ""]),
        ]
    );

    // → picks last year's flood campaign, ended: its day is its last.
    s.send("\x1b[C");
    s.wait_for("the ended campaign", 10, |t| {
        t.contains("任务    ◀ 2025年防汛排查（已结束） ▶") && t.contains("日期    ◀ 2025-07-02 ▶")
    });
    s.send("\r");
    let (file, rows) = written(&s, &folder, "排查日报-2025年防汛排查-2025-07-02.xlsx");
    let from_tui = common::read_xlsx(&file);
    assert_eq!(from_tui.len(), rows + 2);
    assert_eq!(
        from_tui[0][0],
        format!("{place}2025年防汛排查排查日报（2025-07-02）")
    );
    assert_eq!(
        from_tui.last().unwrap()[..9].to_vec(),
        cells_of(&["合计", "", "", "715", "695", "39", "9", "20", "97.2%"])
    );
    let daily_2025 = from_tui;
    // ← on the day goes back a day; Tab reaches it.
    s.send("\t\x1b[D");
    s.wait_for("the day before", 10, |t| {
        t.contains("日期    ◀ 2025-07-01 ▶")
    });
    s.send("\x1b[C");
    s.wait_for("its last day again", 10, |t| {
        t.contains("日期    ◀ 2025-07-02 ▶")
    });

    // 排查记录 keeps the campaign picked and has no day.
    s.send("\x1b[B");
    s.wait_for("the checks", 10, |t| {
        t.contains("任务    ◀ 2025年防汛排查（已结束） ▶") && !t.contains("日期    ◀")
    });
    s.send("\r");
    let (file, rows) = written(&s, &folder, "排查记录-2025年防汛排查.xlsx");
    let checks_2025 = common::read_xlsx(&file);
    assert_eq!(checks_2025[0][0], format!("{place}2025年防汛排查排查记录"));
    assert_eq!(rows, checks_2025.len() - 2);
    // Every door checked at least once, some twice: 695 doors, more attempts.
    let doors: std::collections::BTreeSet<(&str, &str)> = checks_2025[2..]
        .iter()
        .map(|r| (r[1].as_str(), r[3].as_str()))
        .collect();
    assert_eq!(doors.len(), 695);
    assert!(rows > 695, "{rows}");

    // At 60×16 the picker still reads, and no border breaks.
    s.resize(60, 16);
    s.settle(Duration::from_millis(300));
    let screen = s.wait_for("60 columns", 10, |t| t.contains("任务"));
    assert!(screen.contains("◀ 2025年防汛"), "{screen}");
    assert_eq!(broken_borders(&cells(&s)), Vec::<String>::new());
    s.send("q");
    s.wait_exit(10);
    common::wait_until_released(&d.join("store"));

    // The command line writes the same: the daily report, asked without a day, of its last.
    let cli_file = d.join("daily-2025.xlsx");
    cli_ok(
        d,
        &[
            "ledger",
            "campaign",
            "--campaign",
            "2025年防汛排查",
            "-o",
            cli_file.to_str().unwrap(),
        ],
    );
    assert_eq!(common::read_xlsx(&cli_file), daily_2025);
    let cli_file = d.join("checks-2025.xlsx");
    cli_ok(
        d,
        &[
            "ledger",
            "checks",
            "--campaign",
            "2025年防汛排查",
            "-o",
            cli_file.to_str().unwrap(),
        ],
    );
    assert_eq!(common::read_xlsx(&cli_file), checks_2025);
}

#[test]
fn campaign_status_shows_those_under_way_then_those_ended_in_30_days_by_end_day_only() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    drop(common::small_store(&d.join("store")));
    common::wait_until_released(&d.join("store"));
    let run = |args: &[&str]| cli_ok(d, args);
    run(&[
        "campaign",
        "start",
        "防汛排查",
        "--kind",
        "防汛",
        "--grid",
        "第一网格",
        "--deadline",
        "2026-11-05",
        "--today",
        "2026-11-01",
    ]);
    run(&["campaign", "end", "防汛排查", "--today", "2026-11-06"]);
    run(&[
        "campaign",
        "start",
        "消防排查",
        "--kind",
        "消防",
        "--grid",
        "第一网格",
        "--deadline",
        "2026-12-31",
        "--today",
        "2026-11-20",
    ]);
    let running = "消防排查 (fire)  running  deadline 2026-12-31\n\
                   grid      due  checked  abnormal  nobody home  left  %\n\
                   第一网格  4    0        0         0            4     0.0\n\
                   total     4    0        0         0            4     0.0\n";
    // Thirty days after its end it is still listed, by its end day; the day after, not.
    assert_eq!(
        run(&["campaign", "status", "--today", "2026-12-06"]),
        format!("{running}防汛排查 (flood)  ended 2026-11-06\n")
    );
    assert_eq!(
        run(&["campaign", "status", "--today", "2026-12-07"]),
        running
    );
    assert_eq!(
        run(&["campaign", "status", "--all", "--today", "2026-12-07"]),
        format!("{running}防汛排查 (flood)  ended 2026-11-06\n")
    );
    assert_eq!(
        run(&[
            "campaign",
            "status",
            "--lang",
            "zh",
            "--today",
            "2026-12-06"
        ])
        .lines()
        .last(),
        Some("防汛排查（防汛）  已结束 2026-11-06")
    );
    // In JSON the ended one has no tally; by name it has its whole tally.
    let json: serde_json::Value = serde_json::from_str(&run(&[
        "campaign",
        "status",
        "--json",
        "--today",
        "2026-12-06",
    ]))
    .unwrap();
    assert_eq!(json[0]["total"]["due"], 4);
    assert_eq!(
        (&json[1]["name"], &json[1]["state"], &json[1]["ended"]),
        (
            &serde_json::json!("防汛排查"),
            &serde_json::json!("ended"),
            &serde_json::json!("2026-11-06")
        )
    );
    assert_eq!(json[1].get("total"), None);
    assert_eq!(json[1].get("grids"), None);
    assert_eq!(
        run(&["campaign", "status", "防汛排查", "--today", "2027-03-01"]),
        "防汛排查 (flood)  ended  deadline 2026-11-05\n\
         grid      due  checked  abnormal  nobody home  left  %\n\
         第一网格  4    0        0         0            4     0.0\n\
         total     4    0        0         0            4     0.0\n"
    );
    // Unnamed, the status operation tallies only the campaign under way.
    let store = gridbook::store::Store::open(&d.join("store"), Default::default()).unwrap();
    let b = Local::new(store, "admin".into());
    let names: Vec<String> = b
        .call(CampaignStatus {
            campaign: None,
            today: gridbook::model::time::day_of(common::ymd(2026, 12, 6)),
        })
        .unwrap()
        .into_iter()
        .map(|l| l.campaign.name)
        .collect();
    assert_eq!(names, vec!["消防排查"]);
}

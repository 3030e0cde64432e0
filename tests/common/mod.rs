//! Shared test fixtures: a small hand-built community with Chinese names, and app helpers.
#![allow(dead_code)]

pub mod pty;
pub mod sync;

use chrono::{NaiveDate, TimeZone, Utc};
use gridbook::client::{Backend, Local};
use gridbook::model::time::{day_of, Day, Instant};
use gridbook::model::*;
use gridbook::store::{OpenOptions, Store};
use gridbook::tui::app::App;
use gridbook::tui::i18n::Lang;
use gridbook::tui::keymap::Keymap;
use gridbook::tui::worker::{self, Request};

pub fn today() -> Day {
    day_of(NaiveDate::from_ymd_opt(2026, 11, 25).unwrap())
}

/// Noon UTC on a day of November 2026, so the local date is the same in any time zone.
pub fn nov(day: u32) -> Instant {
    Utc.with_ymd_and_hms(2026, 11, day, 12, 0, 0)
        .unwrap()
        .timestamp()
}

pub fn oct(day: u32) -> Instant {
    Utc.with_ymd_and_hms(2026, 10, day, 12, 0, 0)
        .unwrap()
        .timestamp()
}

pub fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

pub fn resident(
    id: Id,
    household: Id,
    name: &str,
    sex: Sex,
    birth: NaiveDate,
    seq: u16,
    relation: Relation,
) -> Resident {
    let seq = if sex == Sex::Male { seq | 1 } else { seq & !1 };
    Resident {
        id,
        household,
        name: name.into(),
        sex,
        birth: day_of(birth),
        id_number: idnumber::compose(442000, birth, seq),
        phone: format!("138{:08}", id),
        relation,
        residence: Residence::Resident,
        care_tags: vec![],
        party_member: false,
        left: None,
    }
}

pub fn household(id: Id, building: Id, addr: &str, head: Id, tags: Vec<CareTag>) -> Household {
    Household {
        id,
        community: 2,
        grid: 3,
        building,
        address: Address::parse(addr).unwrap(),
        head: Some(head),
        phone: format!("138{:08}", head),
        care_tags: tags,
        captain: Some(90),
        status: None,
        landlord: None,
        tenancy: None,
        note: String::new(),
    }
}

/// 花苑社区, 第一网格, buildings 5 and 3, four households and their residents.
pub fn small_store(dir: &std::path::Path) -> Store {
    let store = Store::open(dir, OpenOptions::default()).unwrap();
    // The fixture was registered on the morning of the fixed today, whatever the real date.
    store.freeze_clock(nov(25) - 3 * 3600);
    store
        .write("fixture", |t| {
            t.put(&Street {
                id: 1,
                name: "东区街道".into(),
            })?;
            t.put(&Community {
                id: 2,
                street: 1,
                name: "花苑社区".into(),
            })?;
            t.put(&Grid {
                id: 3,
                community: 2,
                parent: None,
                level: 1,
                name: "第一网格".into(),
                captain: Some("zhangli".into()),
            })?;
            t.put(&Building {
                id: 10,
                community: 2,
                grid: 3,
                number: 5,
                entrances: 2,
                floors: 6,
            })?;
            t.put(&Building {
                id: 11,
                community: 2,
                grid: 3,
                number: 3,
                entrances: 1,
                floors: 6,
            })?;
            let mut zhou = resident(
                100,
                20,
                "周官萍",
                Sex::Female,
                ymd(1954, 3, 5),
                124,
                Relation::Head,
            );
            zhou.care_tags = vec![CareTag::ElderlyAlone];
            t.put(&zhou)?;
            t.put(&household(
                20,
                10,
                "5-1-101",
                100,
                vec![CareTag::ElderlyAlone],
            ))?;
            t.put(&resident(
                101,
                21,
                "曾小明",
                Sex::Male,
                ymd(1980, 7, 1),
                11,
                Relation::Head,
            ))?;
            t.put(&resident(
                102,
                21,
                "李娟",
                Sex::Female,
                ymd(1982, 1, 9),
                22,
                Relation::Spouse,
            ))?;
            t.put(&resident(
                103,
                21,
                "曾子涵",
                Sex::Female,
                ymd(2012, 5, 20),
                42,
                Relation::Daughter,
            ))?;
            t.put(&household(21, 10, "5-1-102", 101, vec![]))?;
            t.put(&resident(
                104,
                22,
                "单丽",
                Sex::Female,
                ymd(1961, 11, 2),
                8,
                Relation::Head,
            ))?;
            t.put(&household(22, 10, "5-2-301", 104, vec![]))?;
            let mut xie = resident(
                105,
                23,
                "解放",
                Sex::Male,
                ymd(1990, 2, 14),
                33,
                Relation::Head,
            );
            xie.residence = Residence::Migrant;
            t.put(&xie)?;
            t.put(&household(23, 11, "3-1-201", 105, vec![]))?;
            t.put(&BuildingCaptain {
                id: 90,
                resident: 104,
                community: 2,
                grid: 3,
                name: "单丽".into(),
                phone: "13800000104".into(),
            })?;
            t.put(&Visit {
                id: 200,
                household: 20,
                at: nov(20),
                staff: "zhangli".into(),
                purpose: VisitPurpose::CareCheck,
                outcome: VisitOutcome::Met,
                met: vec![100],
                findings: "老人身体状况良好，家中无安全隐患。".into(),
                amends: None,
                roster_checked: false,
            })?;
            t.put(&Visit {
                id: 201,
                household: 21,
                at: oct(10),
                staff: "zhangli".into(),
                purpose: VisitPurpose::Routine,
                outcome: VisitOutcome::NotHome,
                met: vec![],
                findings: "家中无人，门上留了联系卡。".into(),
                amends: None,
                roster_checked: false,
            })?;
            t.put(&Dispute {
                id: 300,
                community: 2,
                grid: 3,
                household: Some(21),
                title: "楼上漏水".into(),
                category: DisputeCategory::NeighbourNoise,
                parties: vec![Party::Resident(101), Party::Resident(104)],
                place: "5栋1单元".into(),
                reported_at: nov(1),
                reported_by: "zhangli".into(),
                severity: Severity::Medium,
                deadline: day_of(ymd(2026, 11, 20)),
                mediator: "zhangli".into(),
                status: DisputeStatus::Mediating,
                outcome: None,
            })?;
            t.put(&FollowUp {
                id: 400,
                household: 21,
                source: FollowUpSource::Visit(201),
                title: "再次上门".into(),
                due: day_of(ymd(2026, 11, 30)),
                owner: "zhangli".into(),
                done: None,
            })?;
            Ok(())
        })
        .unwrap();
    // The fixture chose its own ids; new ones start above them.
    store.raise_id_floor(1000).unwrap();
    store.thaw_clock();
    store
}

pub fn backend(dir: &std::path::Path) -> Local {
    Local::new(small_store(dir), "zhangli".into())
}

/// Answers requests synchronously until the app asks for nothing more.
pub fn settle(app: &mut App, backend: &dyn Backend, mut reqs: Vec<Request>) {
    loop {
        while !reqs.is_empty() {
            let mut next = Vec::new();
            for r in reqs {
                let answer = worker::answer(backend, &r.query);
                next.extend(app.on_answer(worker::Response { id: r.id, answer }));
            }
            reqs = next;
        }
        // The cursor rests between keys here: the detail follows it.
        reqs = app.rest();
        if reqs.is_empty() {
            return;
        }
    }
}

pub fn app(backend: &dyn Backend, lang: Lang) -> App {
    let (mut app, reqs) = App::new(lang, Keymap::default_keymap(), today());
    app.no_color = true;
    settle(&mut app, backend, reqs);
    app
}

/// The screen as text, one line a row, wide characters once.
pub fn screen(app: &App, w: u16, h: u16) -> String {
    let mut term = ratatui::Terminal::new(ratatui::backend::TestBackend::new(w, h)).unwrap();
    term.draw(|f| gridbook::tui::view::draw(app, f)).unwrap();
    let buf = term.backend().buffer().clone();
    let mut out = String::new();
    for y in 0..h {
        let mut line = String::new();
        let mut skip = 0;
        for x in 0..w {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let sym = buf[(x, y)].symbol();
            line.push_str(sym);
            skip = unicode_width::UnicodeWidthStr::width(sym).saturating_sub(1);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// A key with modifiers, answered at once.
pub fn key(
    app: &mut App,
    b: &dyn Backend,
    code: crossterm::event::KeyCode,
    mods: crossterm::event::KeyModifiers,
) {
    let reqs = app.on_key(crossterm::event::KeyEvent::new(code, mods));
    settle(app, b, reqs);
}

pub fn key_event(code: crossterm::event::KeyCode) -> crossterm::event::KeyEvent {
    crossterm::event::KeyEvent::new(code, crossterm::event::KeyModifiers::NONE)
}

pub fn press(app: &mut App, b: &dyn Backend, code: crossterm::event::KeyCode) {
    key(app, b, code, crossterm::event::KeyModifiers::NONE);
}

pub fn type_text(app: &mut App, b: &dyn Backend, text: &str) {
    for c in text.chars() {
        press(app, b, crossterm::event::KeyCode::Char(c));
    }
}

/// `gridbook demo --scale small --seed 1 --today 2026-11-25` in `dir`, through the real binary.
pub fn small_demo(dir: &std::path::Path) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_gridbook"))
        .args([
            "demo",
            "--scale",
            "small",
            "--seed",
            "1",
            "--today",
            "2026-11-25",
            "--data",
        ])
        .arg(dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A second grid of 花苑社区, 第二网格 (id 4), with building 7 and one household, 7-1-101 (id 24,
/// 查文, elderly living alone): knocked on 22 November but not met, a follow-up overdue since
/// 20 November, and a dispute reported on 5 October. Outside a captain of 第一网格's scope.
/// The fixture with two more communities of the street: 东裕社区 (id 4), which has a
/// 5-1-102 of its own (欧阳春's), and 东港社区 (id 6), with no households.
pub fn two_communities(store: &Store) {
    store
        .write("fixture", |t| {
            t.put(&Community {
                id: 4,
                street: 1,
                name: "东裕社区".into(),
            })?;
            t.put(&Community {
                id: 6,
                street: 1,
                name: "东港社区".into(),
            })?;
            t.put(&Grid {
                id: 5,
                community: 4,
                parent: None,
                level: 1,
                name: "第二网格".into(),
                captain: None,
            })?;
            t.put(&Building {
                id: 12,
                community: 4,
                grid: 5,
                number: 5,
                entrances: 1,
                floors: 6,
            })?;
            t.put(&resident(
                110,
                30,
                "欧阳春",
                Sex::Male,
                ymd(1975, 4, 8),
                51,
                Relation::Head,
            ))?;
            t.put(&Household {
                community: 4,
                grid: 5,
                captain: None,
                status: None,
                landlord: None,
                tenancy: None,
                note: String::new(),
                ..household(30, 12, "5-1-102", 110, vec![])
            })
        })
        .unwrap();
}

pub fn add_second_grid(store: &Store) {
    store
        .write("fixture", |t| {
            t.put(&Grid {
                id: 4,
                community: 2,
                parent: None,
                level: 1,
                name: "第二网格".into(),
                captain: None,
            })?;
            t.put(&Building {
                id: 12,
                community: 2,
                grid: 4,
                number: 7,
                entrances: 1,
                floors: 6,
            })?;
            let mut h = household(24, 12, "7-1-101", 106, vec![CareTag::ElderlyAlone]);
            h.grid = 4;
            h.captain = None;
            t.put(&h)?;
            let mut zha = resident(
                106,
                24,
                "查文",
                Sex::Male,
                ymd(1940, 1, 1),
                5,
                Relation::Head,
            );
            zha.care_tags = vec![CareTag::ElderlyAlone];
            t.put(&zha)?;
            t.put(&Visit {
                id: 202,
                household: 24,
                at: nov(22),
                staff: "wangfang".into(),
                purpose: VisitPurpose::CareCheck,
                outcome: VisitOutcome::NotHome,
                met: vec![],
                findings: "敲门无人应答。".into(),
                amends: None,
                roster_checked: false,
            })?;
            t.put(&FollowUp {
                id: 401,
                household: 24,
                source: FollowUpSource::Manual,
                title: "送米面油".into(),
                due: day_of(ymd(2026, 11, 20)),
                owner: "wangfang".into(),
                done: None,
            })?;
            t.put(&Dispute {
                id: 301,
                community: 2,
                grid: 4,
                household: Some(24),
                title: "楼道堆物".into(),
                category: DisputeCategory::NeighbourNoise,
                parties: vec![Party::Resident(106)],
                place: "7栋1单元".into(),
                reported_at: oct(5),
                reported_by: "wangfang".into(),
                severity: Severity::Low,
                deadline: day_of(ymd(2026, 10, 20)),
                mediator: "wangfang".into(),
                status: DisputeStatus::Mediating,
                outcome: None,
            })?;
            Ok(())
        })
        .unwrap();
}

/// A grid captain of 第一网格 (the OS user `nobody`), as the server would serve her.
pub fn captain_backend(store: &std::sync::Arc<Store>) -> Local {
    let grids: Vec<Grid> = store.all::<Grid>().map(|g| g.unwrap()).collect();
    let staff = Staff {
        user: "nobody".into(),
        display_name: "张丽".into(),
        role: Role::GridCaptain,
        grids: vec![3],
        communities: vec![],
    };
    let scope = gridbook::model::scope::Scope::of(&staff, &grids);
    let search = gridbook::search::SearchCell::start(store.clone());
    Local::scoped(store.clone(), "nobody".into(), scope, search)
}

/// A stand-in for ssh: drops the host and runs the remote command here.
pub fn fake_ssh(dir: &std::path::Path) -> std::path::PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let path = dir.join("fake-ssh");
    std::fs::write(&path, "#!/bin/sh\nshift\nexec sh -c \"$*\"\n").unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path
}

/// The pids the servers started on `dir` wrote to its log.
pub fn server_pids(dir: &std::path::Path) -> Vec<i32> {
    let log = std::fs::read_to_string(dir.join("gridbook.log")).unwrap_or_default();
    log.lines()
        .filter_map(|l| l.split("server started, pid ").nth(1))
        .filter_map(|p| p.trim().parse().ok())
        .collect()
}

/// Sends `sig` to a process, gone or not.
pub fn kill(pid: i32, sig: nix::sys::signal::Signal) {
    let _ = nix::sys::signal::kill(nix::unistd::Pid::from_raw(pid), sig);
}

/// Stops the test's servers so the temp directory can go.
pub struct StopServers<'a>(pub &'a std::path::Path);

impl Drop for StopServers<'_> {
    fn drop(&mut self) {
        for pid in server_pids(self.0) {
            kill(pid, nix::sys::signal::Signal::SIGTERM);
        }
    }
}

/// The real binary on the store in `dir/store`, opened in its own process (one user, no server
/// left running for a later look at the store), in English and with no user configuration:
/// (exit status, stdout, stderr).
pub fn cli(dir: &std::path::Path, args: &[&str]) -> (i32, String, String) {
    cli_on(&dir.join("store"), &dir.join("config"), args)
}

/// What a command that must succeed printed (nothing on stderr, exit 0).
pub fn cli_ok(dir: &std::path::Path, args: &[&str]) -> String {
    let (code, out, err) = cli(dir, args);
    assert_eq!((code, err.as_str()), (0, ""), "{args:?}: {out}");
    out
}

/// The one sentence a refused command wrote, which must have changed nothing (the audit
/// log is as it was).
pub fn cli_refused(dir: &std::path::Path, args: &[&str]) -> String {
    let before = cli_ok(dir, &["audit", "log", "--json"]);
    let (code, out, err) = cli(dir, args);
    assert_eq!((code, out.as_str()), (1, ""), "{args:?}: {err}");
    assert_eq!(
        cli_ok(dir, &["audit", "log", "--json"]),
        before,
        "{args:?} wrote"
    );
    err
}

/// The same on the store in `data`, with `config` as the user's configuration folder.
pub fn cli_on(
    data: &std::path::Path,
    config: &std::path::Path,
    args: &[&str],
) -> (i32, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_gridbook"))
        .env("GRIDBOOK_IN_PROCESS", "1")
        .env("XDG_CONFIG_HOME", config)
        .env("LANG", "C")
        .env_remove("LC_ALL")
        .env_remove("GRIDBOOK_DATA")
        .arg("--data")
        .arg(data)
        .args(args)
        .output()
        .unwrap();
    outcome(out)
}

/// (exit status, stdout, stderr) of a finished command.
pub fn outcome(out: std::process::Output) -> (i32, String, String) {
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// sled's background threads can hold the store's lock for a moment after the `Store` is
/// dropped; waits until the binary can open it.
pub fn wait_until_released(store: &std::path::Path) {
    use nix::fcntl::{Flock, FlockArg};
    let db = store.join("sled").join("db");
    for _ in 0..1000 {
        let file = std::fs::File::open(&db).unwrap();
        if Flock::lock(file, FlockArg::LockExclusiveNonblock).is_ok() {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    panic!(
        "the fixture store in {} was never released",
        store.display()
    );
}

/// A digest of every key and value of every tree (records, indexes, audit trail, change log):
/// equal digests mean an unchanged store.
pub fn digest(store: &Store) -> u64 {
    digest_of(store, gridbook::store::TreeId::ALL)
}

/// A digest of every key and value of the trees `trees`.
pub fn digest_of(store: &Store, trees: impl IntoIterator<Item = gridbook::store::TreeId>) -> u64 {
    use std::hash::Hasher;
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for t in trees {
        h.write(t.name().as_bytes());
        for kv in store.tree(t).iter() {
            let (k, v) = kv.unwrap();
            // How many times the store was made durable (each open does it once) is its own
            // bookkeeping, not what it holds.
            if t == gridbook::store::TreeId::Meta && &*k == b"durable_mark" {
                continue;
            }
            h.write(&k);
            h.write(&v);
        }
    }
    h.finish()
}

/// Says what a test left out and why, where it is seen even when the test passes: straight
/// to the file descriptor, since the test harness swallows eprintln! of a passing test.
pub fn skipped(what: &str, why: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr().lock(), "skipped: {what} ({why})");
}

/// The small fixture in `dir/store`, closed again and released: its path.
pub fn closed_small_store(dir: &std::path::Path) -> std::path::PathBuf {
    let data = dir.join("store");
    drop(small_store(&data));
    wait_until_released(&data);
    data
}

/// The first sheet of an XLSX file as text, cell by cell, as calamine reads it back (empty
/// cells as "", numbers as Rust prints them).
pub fn read_xlsx(path: &std::path::Path) -> Vec<Vec<String>> {
    use calamine::{Data, Reader};
    let mut book = calamine::open_workbook_auto(path).unwrap();
    let range = book.worksheet_range_at(0).unwrap().unwrap();
    range
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::Empty => String::new(),
                    Data::Float(f) => format!("{f}"),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

/// The real binary on the store in `dir` (through its server when one runs), in English
/// and out of process, as a user's shell runs it.
pub fn run_bin(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_gridbook"))
        .env("LANG", "C")
        .env_remove("LC_ALL")
        .env_remove("GRIDBOOK_IN_PROCESS")
        .arg("--data")
        .arg(dir)
        .args(args)
        .output()
        .unwrap()
}

/// What `run_bin` printed, for a command that must succeed.
pub fn run_bin_ok(dir: &std::path::Path, args: &[&str]) -> String {
    let out = run_bin(dir, args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// (grid, due, checked, abnormal, nobody home, left, percent) of each grid and then the
/// total, from one campaign of `campaign status --json`.
pub fn campaign_tally_rows(c: &serde_json::Value) -> Vec<(String, u64, u64, u64, u64, u64, f64)> {
    let line = |t: &serde_json::Value| {
        (
            t["grid"].as_str().unwrap().to_string(),
            t["due"].as_u64().unwrap(),
            t["checked"].as_u64().unwrap(),
            t["abnormal"].as_u64().unwrap(),
            t["nobody_home"].as_u64().unwrap(),
            t["left"].as_u64().unwrap(),
            t["percent"].as_f64().unwrap(),
        )
    };
    c["grids"]
        .as_array()
        .unwrap()
        .iter()
        .map(line)
        .chain([line(&c["total"])])
        .collect()
}

/// The small demo for seed 1 ending on 2026-11-25, in a directory of its own (the demo
/// tests' one fixture: the same records every run).
pub fn demo_of_seed1() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let made = cli_ok(
        dir.path(),
        &[
            "demo",
            "--scale",
            "small",
            "--seed",
            "1",
            "--today",
            "2026-11-25",
        ],
    );
    assert!(made.starts_with("made 1 community"), "{made}");
    dir
}

/// What a command that must succeed printed as JSON.
pub fn cli_json(dir: &std::path::Path, args: &[&str]) -> serde_json::Value {
    serde_json::from_str(&cli_ok(dir, args)).unwrap()
}

/// The small fixture with its second grid (第二网格, 7-1-101, household 24) under `root`,
/// and an admin who sees everything.
pub fn second_grid_admin(
    root: &std::path::Path,
) -> (std::sync::Arc<Store>, gridbook::client::Local) {
    let store = small_store(&root.join("store"));
    add_second_grid(&store);
    let store = std::sync::Arc::new(store);
    let search = gridbook::search::SearchCell::start(store.clone());
    let admin = gridbook::client::Local::scoped(
        store.clone(),
        "admin".into(),
        gridbook::model::scope::Scope::everything(),
        search,
    );
    (store, admin)
}

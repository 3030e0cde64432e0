//! Many staff, one store: the server started on demand, who is calling and what they may see,
//! live updates between sessions, and faults that must not hurt anyone else.

mod common;

use std::io::{Read, Write};
use std::os::unix::fs::PermissionsExt;
use std::os::unix::net::UnixStream;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use common::pty::Session;
use common::{kill, server_pids, StopServers};
use gridbook::client::{Backend, Remote};
use gridbook::model::*;
use gridbook::server::protocol::{self, ClientFrame, ServerEvent, ServerFrame};

fn gridbook(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gridbook"))
        // These tests read the English sentences.
        .env("LANG", "C")
        .env_remove("LC_ALL")
        .env("GRIDBOOK_RUN", run_of(dir))
        .arg("--data")
        .arg(dir)
        .args(args)
        .env_remove("GRIDBOOK_IN_PROCESS")
        .output()
        .unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn fixture() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    drop(common::small_store(dir.path()));
    dir
}

/// A store shared with `nobody` as `deploy/` lays it out: `BASE/data` (the owner's alone) and
/// `BASE/run` for the socket; BASE is 0750, so `nobody` (group root) reaches the socket only.
fn shared_fixture() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o750)).unwrap();
    dir
}

/// Where the socket of the store in `dir` is: `BASE/run` for a shared fixture's
/// `BASE/data`, else the data directory itself.
fn run_of(dir: &Path) -> std::path::PathBuf {
    if dir.ends_with("data") {
        dir.with_file_name("run")
    } else {
        dir.to_path_buf()
    }
}

fn wait_socket(dir: &Path) {
    let deadline = Instant::now() + Duration::from_secs(15);
    while UnixStream::connect(run_of(dir).join(protocol::SOCKET)).is_err() {
        assert!(Instant::now() < deadline, "the server never answered");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn the_first_client_starts_the_server_and_clients_racing_start_only_one() {
    let dir = fixture();
    let _stop = StopServers(dir.path());
    let handles: Vec<_> = (0..6)
        .map(|_| {
            let d = dir.path().to_path_buf();
            std::thread::spawn(move || gridbook(&d, &["stats", "--json"]))
        })
        .collect();
    let outs: Vec<Output> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    for o in &outs {
        assert!(o.status.success(), "{}", text(&o.stderr));
        assert_eq!(
            text(&o.stdout).trim(),
            r#"{"streets":1,"communities":1,"grids":1,"buildings":2,"households":4,"residents":6,"captains":1,"staff":0,"visits":2,"disputes":1,"followups":1}"#
        );
    }
    assert_eq!(
        server_pids(dir.path()).len(),
        1,
        "exactly one server started"
    );
    let mode = std::fs::metadata(dir.path().join(protocol::SOCKET))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o007, 0, "the socket is not open to everyone");
}

#[test]
fn two_screens_and_a_command_share_the_store_and_a_visit_shows_in_the_other_screen() {
    let dir = fixture();
    let _stop = StopServers(dir.path());
    let mut a = Session::start_client(dir.path(), &["--lang", "zh"], 80, 24);
    let mut b = Session::start_client(dir.path(), &["--lang", "zh"], 80, 24);
    for s in [&a, &b] {
        s.wait_for("the tree", 20, |sc| sc.contains("3-1-201"));
    }
    b.send(":5-2-301\r");
    b.wait_for("5-2-301 in b", 10, |sc| sc.contains("5-2-301  花苑社区"));
    assert!(b.screen().contains("5-2-301 单丽   1       从未"));
    a.send(":5-2-301\r");
    a.wait_for("5-2-301 in a", 10, |sc| sc.contains("5-2-301  花苑社区"));
    a.send("v");
    a.wait_for("the form in a", 10, |sc| sc.contains("走访 5-2-301"));
    b.wait_for("a's presence in b", 10, |sc| sc.contains("正在填写："));
    a.send("一切都好\x1bOQ");
    a.wait_for("saved in a", 10, |sc| sc.contains("已保存走访"));
    // Without a key pressed there, the other screen's list says 5-2-301 was visited today
    // (changes reach every screen within 50 ms of the write; timing is the benchmark's job).
    b.wait_for("the visit in b", 5, |sc| {
        sc.contains("5-2-301 单丽   1       今天")
    });
    // A command at the same time.
    let out = gridbook(
        dir.path(),
        &["visit", "add", "3-1-201", "--outcome", "not-home"],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).starts_with("saved visit to 3-1-201 (解放 household)"));
    for s in [&mut a, &mut b] {
        s.send("q");
        assert_eq!(s.wait_exit(10), 0);
    }
    let stats = gridbook(dir.path(), &["stats", "--json"]);
    assert!(
        text(&stats.stdout).contains(r#""visits":4"#),
        "{}",
        text(&stats.stdout)
    );
}

#[test]
fn a_bad_frame_closes_that_connection_and_the_server_serves_everyone_else() {
    let dir = fixture();
    let _stop = StopServers(dir.path());
    assert!(gridbook(dir.path(), &["stats"]).status.success());
    let sock = dir.path().join(protocol::SOCKET);
    // A length far over the limit.
    let mut huge = UnixStream::connect(&sock).unwrap();
    huge.write_all(&[0xff, 0xff, 0xff, 0xff, 1, 2, 3]).unwrap();
    // Garbage after a proper greeting.
    let mut garbage = UnixStream::connect(&sock).unwrap();
    protocol::write_frame(
        &mut garbage,
        &ClientFrame::Hello {
            version: protocol::PROTOCOL_VERSION,
        },
    )
    .unwrap();
    let welcome: ServerFrame = protocol::read_frame(&mut garbage).unwrap();
    assert!(matches!(welcome, ServerFrame::Welcome { .. }));
    garbage.write_all(&[0, 0, 0, 5, 9, 9, 9, 9, 9]).unwrap();
    // A frame cut short, then the client gone.
    let mut cut = UnixStream::connect(&sock).unwrap();
    cut.write_all(&[0, 0, 0, 40, 1, 2]).unwrap();
    drop(cut);
    for s in [&mut huge, &mut garbage] {
        s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        let mut rest = Vec::new();
        let _ = s.read_to_end(&mut rest);
        // Whatever came before, the server closed this connection.
        let mut one = [0u8; 1];
        assert_eq!(s.read(&mut one).unwrap_or(0), 0);
    }
    let ok = gridbook(dir.path(), &["stats", "--json"]);
    assert!(ok.status.success(), "{}", text(&ok.stderr));
}

#[test]
fn a_server_killed_with_sigkill_loses_no_acknowledged_visit_and_the_next_client_starts_another() {
    let dir = fixture();
    let _stop = StopServers(dir.path());
    for room in ["5-1-101", "5-1-102", "5-2-301"] {
        let out = gridbook(dir.path(), &["visit", "add", room, "--outcome", "met"]);
        assert!(out.status.success(), "{}", text(&out.stderr));
    }
    let first = server_pids(dir.path());
    assert_eq!(first.len(), 1);
    kill(first[0], nix::sys::signal::Signal::SIGKILL);
    std::thread::sleep(Duration::from_millis(200));
    let out = gridbook(dir.path(), &["stats", "--json"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains(r#""visits":5"#),
        "{}",
        text(&out.stdout)
    );
    assert_eq!(
        server_pids(dir.path()).len(),
        2,
        "a new server took over the stale socket"
    );
    let check = gridbook(dir.path(), &["check"]);
    assert!(
        text(&check.stdout).starts_with("the store is sound"),
        "{}",
        text(&check.stdout)
    );
}

#[test]
fn a_remote_client_gets_changes_pushed_by_another() {
    let dir = fixture();
    let _stop = StopServers(dir.path());
    assert!(gridbook(dir.path(), &["stats"]).status.success());
    let sock = dir.path().join(protocol::SOCKET);
    let watcher = Remote::handshake(UnixStream::connect(&sock).unwrap()).unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    let tx = std::sync::Mutex::new(tx);
    watcher.subscribe(Box::new(move |e| {
        let _ = tx.lock().unwrap().send(e);
    }));
    let writer = Remote::handshake(UnixStream::connect(&sock).unwrap()).unwrap();
    let saved = writer
        .add_visit(&gridbook::store::ops::NewVisit {
            household: 22,
            at: gridbook::model::time::now() - 60,
            purpose: VisitPurpose::Routine,
            outcome: VisitOutcome::Met,
            met: vec![104],
            findings: "推送测试".into(),
            needs: vec![],
            knock_again: None,
            amends: None,
            roster_checked: false,
        })
        .unwrap();
    assert_eq!(saved.visit.household, 22);
    let deadline = Instant::now() + Duration::from_secs(1);
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match rx.recv_timeout(left) {
            Ok(ServerEvent::Changed { households, .. }) => {
                assert_eq!(households, vec![22]);
                break;
            }
            Ok(ServerEvent::Presence(_)) => continue,
            Err(_) => panic!("no change was pushed within a second"),
        }
    }
    assert_eq!(
        watcher.household_detail(22).unwrap().visits[0].findings,
        "推送测试"
    );
}

/// Runs the real binary as the unprivileged user `nobody` (group root, for the socket).
fn as_nobody(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gridbook"))
        // These tests read the English sentences.
        .env("LANG", "C")
        .env_remove("LC_ALL")
        .env("GRIDBOOK_RUN", run_of(dir))
        .arg("--data")
        .arg(dir)
        .args(args)
        .env_remove("GRIDBOOK_IN_PROCESS")
        .env("HOME", "/nonexistent")
        .uid(65534)
        .gid(0)
        .output()
        .unwrap()
}

#[test]
fn an_unknown_user_is_refused_and_staff_see_and_change_only_their_grids() {
    if !nix::unistd::getuid().is_root() {
        // Switching users needs root; CI runs the tests as root.
        common::skipped(
            "an unknown user is refused and staff see and change only their grids",
            "needs root to switch users",
        );
        return;
    }
    let base = shared_fixture();
    let data = base.path().join("data");
    drop(common::small_store(&data));
    let dir = &data;
    let _stop = StopServers(dir);
    // A second grid with its own building and household, outside nobody's scope.
    {
        let store = gridbook::store::Store::open(dir, Default::default()).unwrap();
        store
            .write("admin", |t| {
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
                let mut h = common::household(24, 12, "7-1-101", 106, vec![]);
                h.grid = 4;
                h.captain = None;
                t.put(&h)?;
                t.put(&common::resident(
                    106,
                    24,
                    "查文",
                    Sex::Male,
                    common::ymd(1970, 1, 1),
                    5,
                    Relation::Head,
                ))?;
                Ok(())
            })
            .unwrap();
    }
    let mut server = Command::new(env!("CARGO_BIN_EXE_gridbook"))
        .env("GRIDBOOK_RUN", run_of(dir))
        .arg("--data")
        .arg(dir)
        .args(["serve", "--idle", "1"])
        .spawn()
        .unwrap();
    wait_socket(dir);

    let refused = as_nobody(dir, &["stats"]);
    assert_eq!(refused.status.code(), Some(1));
    assert_eq!(
        text(&refused.stderr).trim(),
        "gridbook: the user nobody is not gridbook staff; an admin adds them with: gridbook staff add nobody --role grid-captain --grid GRID"
    );
    let added = gridbook(
        dir,
        &[
            "staff",
            "add",
            "nobody",
            "--role",
            "grid-captain",
            "--grid",
            "第一网格",
        ],
    );
    assert_eq!(
        text(&added.stdout).trim(),
        "nobody may now use gridbook as grid captain",
        "{}",
        text(&added.stderr)
    );

    let mine = as_nobody(
        dir,
        &[
            "visit",
            "add",
            "5-1-102",
            "--outcome",
            "met",
            "--note",
            "在家",
        ],
    );
    assert!(mine.status.success(), "{}", text(&mine.stderr));
    let theirs = as_nobody(dir, &["visit", "add", "7-1-101", "--outcome", "met"]);
    assert_eq!(theirs.status.code(), Some(1));
    assert!(
        text(&theirs.stderr).contains("no household has the address 7-1-101"),
        "{}",
        text(&theirs.stderr)
    );
    let due = as_nobody(dir, &["followups", "--json", "--days", "400"]);
    let addresses = text(&due.stdout);
    assert!(
        addresses.contains("5-1-101") && !addresses.contains("7-1-101"),
        "{addresses}"
    );
    let staff = as_nobody(dir, &["staff", "list"]);
    assert_eq!(staff.status.code(), Some(1));
    assert_eq!(
        text(&staff.stderr).trim(),
        "gridbook: only a street admin (or the owner of the data) may do that"
    );
    let _ = server.kill();
    let _ = server.wait();
}

/// The small fixture with a second grid, the server started as root (an admin), and `nobody`
/// added as grid captain of 第一网格, laid out as `shared_fixture` says (the store in
/// `BASE/data`); `BASE/out/` is a directory anyone may write to.
fn captain_fixture() -> (tempfile::TempDir, std::process::Child) {
    let base = shared_fixture();
    let dir = base.path().join("data");
    {
        let store = common::small_store(&dir);
        common::add_second_grid(&store);
    }
    let out = base.path().join("out");
    std::fs::create_dir(&out).unwrap();
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o777)).unwrap();
    let server = Command::new(env!("CARGO_BIN_EXE_gridbook"))
        .env("GRIDBOOK_RUN", run_of(&dir))
        .arg("--data")
        .arg(&dir)
        .args(["serve", "--idle", "1"])
        .spawn()
        .unwrap();
    wait_socket(&dir);
    let added = gridbook(
        &dir,
        &[
            "staff",
            "add",
            "nobody",
            "--role",
            "grid-captain",
            "--grid",
            "第一网格",
        ],
    );
    assert!(added.status.success(), "{}", text(&added.stderr));
    (base, server)
}

fn ok(o: &Output) -> String {
    assert!(o.status.success(), "{}{}", text(&o.stdout), text(&o.stderr));
    text(&o.stdout)
}

fn households(dir: &Path) -> u64 {
    let stats = ok(&gridbook(dir, &["stats", "--json"]));
    let v: serde_json::Value = serde_json::from_str(&stats).unwrap();
    v["households"].as_u64().unwrap()
}

#[test]
fn a_grid_captain_exports_reports_and_imports_only_inside_her_grids() {
    if !nix::unistd::getuid().is_root() {
        common::skipped(
            "a grid captain exports reports and imports only inside her grids",
            "needs root to switch users",
        );
        return;
    }
    let (base, mut server) = captain_fixture();
    let d = &base.path().join("data");
    let _stop = StopServers(d);
    let out = base.path().join("out");
    let path = |name: &str| out.join(name).to_str().unwrap().to_string();

    // Exports: her four households and two visits; the admin's five and three.
    for (who, households_n, visits_n) in [("nobody", 4, 2), ("root", 5, 3)] {
        let run = |args: &[&str]| {
            if who == "nobody" {
                as_nobody(d, args)
            } else {
                gridbook(d, args)
            }
        };
        let file = path(&format!("{who}-households.csv"));
        let said = ok(&run(&[
            "export",
            "households",
            "--format",
            "csv",
            "-o",
            &file,
        ]));
        assert!(said.contains(&format!(" {households_n} rows ")), "{said}");
        let csv = std::fs::read_to_string(&file).unwrap();
        assert_eq!(csv.lines().count(), 1 + households_n, "{csv}");
        assert!(csv.contains("5-1-101"), "{csv}");
        assert_eq!(csv.contains("7-1-101"), who == "root", "{csv}");
        let file = path(&format!("{who}-visits.csv"));
        let said = ok(&run(&["export", "visits", "--format", "csv", "-o", &file]));
        assert!(said.contains(&format!(" {visits_n} rows ")), "{said}");
        assert_eq!(
            std::fs::read_to_string(&file).unwrap().lines().count(),
            1 + visits_n
        );
    }
    // A grid outside her scope, named, is refused.
    let theirs = as_nobody(
        d,
        &[
            "export",
            "households",
            "--grid",
            "第二网格",
            "--format",
            "csv",
            "-o",
            &path("x.csv"),
        ],
    );
    assert_eq!(theirs.status.code(), Some(1));
    assert_eq!(
        text(&theirs.stderr).trim(),
        "gridbook: the grid 第二网格 is outside the grids you look after; ask a street admin if you need it"
    );

    // Reports: coverage over her four households, the overdue list of her grid.
    let coverage = |o: Output| -> (u64, u64) {
        let v: serde_json::Value = serde_json::from_str(&ok(&o)).unwrap();
        (
            v["total"]["households"].as_u64().unwrap(),
            v["total"]["visited"].as_u64().unwrap(),
        )
    };
    let args = [
        "report",
        "coverage",
        "--format",
        "json",
        "--today",
        "2026-11-25",
    ];
    assert_eq!(coverage(as_nobody(d, &args)), (4, 1));
    assert_eq!(coverage(gridbook(d, &args)), (5, 2));
    let args = [
        "report",
        "overdue",
        "--format",
        "json",
        "--today",
        "2026-12-01",
    ];
    let overdue = |o: Output| -> Vec<String> {
        let v: serde_json::Value = serde_json::from_str(&ok(&o)).unwrap();
        v.as_array()
            .unwrap()
            .iter()
            .map(|r| r["address"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(overdue(as_nobody(d, &args)), vec!["5-1-102"]);
    assert_eq!(overdue(gridbook(d, &args)), vec!["7-1-101", "5-1-102"]);
    // The month's visit ledger: her one November visit; the admin's two.
    let said = ok(&as_nobody(
        d,
        &[
            "ledger",
            "visits",
            "--month",
            "2026-11",
            "-o",
            &path("ledger.xlsx"),
        ],
    ));
    assert!(
        said.contains("花苑社区走访台账（2026年11月）, 1 row,"),
        "{said}"
    );
    let said = ok(&gridbook(
        d,
        &[
            "ledger",
            "visits",
            "--month",
            "2026-11",
            "-o",
            &path("ledger-all.xlsx"),
        ],
    ));
    assert!(said.contains(", 2 rows"), "{said}");

    // An import with one row in her grid and one in 第二网格 is refused whole.
    let roster = |name: &str, rows: &[&str]| -> String {
        let file = path(name);
        let mut text = String::from("社区,网格,楼栋,单元,房号,姓名,与户主关系,性别,出生日期\n");
        for r in rows {
            text.push_str(r);
            text.push('\n');
        }
        std::fs::write(&file, text).unwrap();
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
        file
    };
    let mine = "花苑社区,第一网格,5,1,103,新住户,户主,男,1990-01-01";
    let mixed = roster(
        "mixed.csv",
        &[mine, "花苑社区,第二网格,7,1,102,外来户,户主,女,1985-05-05"],
    );
    for dry in [true, false] {
        let mut args = vec!["import", mixed.as_str()];
        if dry {
            args.push("--dry-run");
        }
        let refused = as_nobody(d, &args);
        assert_eq!(refused.status.code(), Some(1), "{}", text(&refused.stdout));
        assert_eq!(
            text(&refused.stderr).trim(),
            "gridbook: row 3 (7-1-102) is in 第二网格, outside the grids you look after; nothing was imported — ask a street admin to import it"
        );
    }
    assert_eq!(households(d), 5, "nothing was written");
    // A row that would make a grid is an admin's work.
    let new_grid = roster(
        "new-grid.csv",
        &["花苑社区,第九网格,5,1,104,新住户,户主,男,1990-01-01"],
    );
    let refused = as_nobody(d, &["import", &new_grid]);
    assert_eq!(
        text(&refused.stderr).trim(),
        "gridbook: row 2 (5-1-104) names a community or grid the store does not have, and only a street admin may create one; nothing was imported"
    );
    assert_eq!(households(d), 5);
    // Her own rows go in.
    let own = roster("mine.csv", &[mine]);
    let said = ok(&as_nobody(d, &["import", &own]));
    assert!(said.contains("households created"), "{said}");
    assert_eq!(households(d), 6);
    let said = ok(&as_nobody(
        d,
        &[
            "export",
            "households",
            "--format",
            "csv",
            "-o",
            &path("after.csv"),
        ],
    ));
    assert!(said.contains(" 5 rows "), "{said}");
    let _ = server.kill();
    let _ = server.wait();
}

#[test]
fn only_an_admin_sets_the_visit_rules_and_the_change_is_in_the_audit_trail() {
    if !nix::unistd::getuid().is_root() {
        common::skipped(
            "only an admin sets the visit rules and the change is in the audit trail",
            "needs root to switch users",
        );
        return;
    }
    let (base, mut server) = captain_fixture();
    let d = &base.path().join("data");
    let _stop = StopServers(d);
    let refused = as_nobody(d, &["rules", "set", "default", "60"]);
    assert_eq!(refused.status.code(), Some(1));
    assert_eq!(
        text(&refused.stderr).trim(),
        "gridbook: only a street admin (or the owner of the data) may change the visit rules"
    );
    let rules = ok(&gridbook(d, &["rules", "show", "--json"]));
    assert!(rules.contains(r#""default":90"#), "{rules}");
    ok(&gridbook(d, &["rules", "set", "elderly_alone", "3"]));
    ok(&gridbook(d, &["rules", "set", "default", "60"]));
    let log = ok(&gridbook(d, &["audit", "log", "--limit", "2"]));
    let lines: Vec<&str> = log.lines().collect();
    assert_eq!(lines.len(), 2, "{log}");
    assert!(
        lines[0].contains("  root  meta visit_rules created  visit rules: 独居老人 7→3"),
        "{log}"
    );
    assert!(
        lines[1].contains("  root  meta visit_rules changed  visit rules: default 90→60"),
        "{log}"
    );
    let verify = ok(&gridbook(d, &["audit", "verify"]));
    assert!(verify.starts_with("the audit trail is intact"), "{verify}");
    let theirs = as_nobody(d, &["audit", "log"]);
    assert_eq!(
        text(&theirs.stderr).trim(),
        "gridbook: only a street admin (or the owner of the data) may do that"
    );
    let _ = server.kill();
    let _ = server.wait();
}

#[test]
fn a_large_roster_goes_up_and_a_large_export_comes_back_in_parts_over_the_socket() {
    let dir = fixture();
    let _stop = StopServers(dir.path());
    assert!(gridbook(dir.path(), &["stats"]).status.success());
    let mut csv = String::from("社区,网格,楼栋,单元,房号,姓名,与户主关系,性别,出生日期\n");
    for n in 0..2500u32 {
        let (e, floor, unit) = (1 + n / 500, 1 + (n % 500) / 10, 1 + n % 10);
        csv.push_str(&format!(
            "花苑社区,第一网格,9,{e},{},住户{n},户主,男,1980-01-01\n",
            floor * 100 + unit
        ));
    }
    let file = dir.path().join("big.csv");
    std::fs::write(&file, csv).unwrap();
    let (table, format) = gridbook::io::table::Table::read(&file).unwrap();
    let roster = gridbook::io::roster::read(&table, Some(format));
    assert_eq!(roster.problems.errors, vec![]);
    let sock = dir.path().join(protocol::SOCKET);
    let remote = Remote::handshake(UnixStream::connect(&sock).unwrap()).unwrap();
    let stages = std::sync::Mutex::new(Vec::<String>::new());
    let progress = |stage: &str, _: u64, _: u64| {
        let mut s = stages.lock().unwrap();
        if s.last().is_none_or(|l| l != stage) {
            s.push(stage.to_string());
        }
    };
    let outcome = remote
        .import_roster(
            &mut roster.pieces(),
            &gridbook::store::import::ImportOptions::default(),
            &progress,
        )
        .unwrap();
    assert_eq!(outcome.summary.households_created, 2500);
    assert!(outcome.summary.written);
    let stages = stages.into_inner().unwrap();
    assert_eq!(
        stages.first().map(String::as_str),
        Some("sending"),
        "{stages:?}"
    );
    assert!(stages.contains(&"checking".to_string()), "{stages:?}");

    use gridbook::client::tables::{Part, TableRequest};
    let mut parts = 0;
    let mut rows = 0;
    remote
        .table(
            &TableRequest::Export {
                kind: gridbook::client::tables::ExportKind::Households,
                grid: None,
                from: i32::MIN,
                to: i32::MAX,
            },
            &mut |p| {
                if let Part::Rows(r) = p {
                    parts += 1;
                    rows += r.len();
                }
            },
        )
        .unwrap();
    assert_eq!(rows, 2504);
    assert_eq!(parts, 3, "1,000 rows a part");
}

#[test]
fn a_server_started_on_demand_makes_way_once_its_program_is_replaced() {
    let dir = fixture();
    let _stop = StopServers(dir.path());
    // The program, where an upgrade can replace it.
    let bin = tempfile::tempdir().unwrap();
    let program = bin.path().join("gridbook");
    std::fs::copy(env!("CARGO_BIN_EXE_gridbook"), &program).unwrap();
    let run = |args: &[&str]| {
        Command::new(&program)
            .env("LANG", "C")
            .env_remove("LC_ALL")
            .env_remove("GRIDBOOK_IN_PROCESS")
            .arg("--data")
            .arg(dir.path())
            .args(args)
            .output()
            .unwrap()
    };
    let out = run(&["visit", "add", "5-1-101", "--outcome", "met"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let first = server_pids(dir.path());
    assert_eq!(first.len(), 1);
    // Alive: in the process table and not a zombie waiting for a parent to reap it.
    let alive = |pid: i32| {
        std::fs::read_to_string(format!("/proc/{pid}/stat"))
            .ok()
            .and_then(|stat| stat.rsplit(')').next().map(|rest| rest.trim().to_string()))
            .is_some_and(|rest| !rest.starts_with('Z'))
    };
    assert!(alive(first[0]));

    // An upgrade puts a new file where the program was.
    let new = bin.path().join("gridbook.new");
    std::fs::copy(env!("CARGO_BIN_EXE_gridbook"), &new).unwrap();
    std::fs::rename(&new, &program).unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    while alive(first[0]) {
        assert!(
            Instant::now() < deadline,
            "the old server still runs 20 s after its program was replaced"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let log = std::fs::read_to_string(dir.path().join("gridbook.log")).unwrap();
    assert!(
        log.contains("server's program was replaced and nobody is connected; stopping"),
        "{log}"
    );
    // The next command starts the new program's server, and nothing was lost.
    let out = run(&["stats", "--json"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains(r#""visits":3"#),
        "{}",
        text(&out.stdout)
    );
    assert_eq!(server_pids(dir.path()).len(), 2);
}

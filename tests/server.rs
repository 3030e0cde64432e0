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
use gridbook::client::{Backend, Remote};
use gridbook::model::*;
use gridbook::server::protocol::{self, ClientFrame, ServerEvent, ServerFrame};

fn gridbook(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gridbook"))
        // These tests read the English sentences.
        .env("LANG", "C")
        .env_remove("LC_ALL")
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

/// The pid the running server wrote to the log.
fn server_pids(dir: &Path) -> Vec<i32> {
    let log = std::fs::read_to_string(dir.join("gridbook.log")).unwrap_or_default();
    log.lines()
        .filter_map(|l| l.split("server started, pid ").nth(1))
        .filter_map(|p| p.trim().parse().ok())
        .collect()
}

fn kill(pid: i32, sig: nix::sys::signal::Signal) {
    let _ = nix::sys::signal::kill(nix::unistd::Pid::from_raw(pid), sig);
}

/// Stops the test's server so the temp directory can go.
struct StopServer<'a>(&'a Path);

impl Drop for StopServer<'_> {
    fn drop(&mut self) {
        for pid in server_pids(self.0) {
            kill(pid, nix::sys::signal::Signal::SIGTERM);
        }
    }
}

fn fixture() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    drop(common::small_store(dir.path()));
    dir
}

fn wait_socket(dir: &Path) {
    let deadline = Instant::now() + Duration::from_secs(15);
    while UnixStream::connect(dir.join(protocol::SOCKET)).is_err() {
        assert!(Instant::now() < deadline, "the server never answered");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn the_first_client_starts_the_server_and_clients_racing_start_only_one() {
    let dir = fixture();
    let _stop = StopServer(dir.path());
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
    let _stop = StopServer(dir.path());
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
    // Within a second the other screen's list says 5-2-301 was visited today.
    let t = Instant::now();
    b.wait_for("the visit in b", 5, |sc| {
        sc.contains("5-2-301 单丽   1       0天前")
    });
    assert!(
        t.elapsed() < Duration::from_secs(1),
        "took {:?}",
        t.elapsed()
    );
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
    let _stop = StopServer(dir.path());
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
    let _stop = StopServer(dir.path());
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
    let _stop = StopServer(dir.path());
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
        eprintln!("not root: the identity test needs to switch users");
        return;
    }
    let dir = fixture();
    let _stop = StopServer(dir.path());
    // A second grid with its own building and household, outside nobody's scope.
    {
        let store = gridbook::store::Store::open(dir.path(), Default::default()).unwrap();
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
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o750)).unwrap();
    let mut server = Command::new(env!("CARGO_BIN_EXE_gridbook"))
        .arg("--data")
        .arg(dir.path())
        .args(["serve", "--idle", "1"])
        .spawn()
        .unwrap();
    wait_socket(dir.path());

    let refused = as_nobody(dir.path(), &["stats"]);
    assert_eq!(refused.status.code(), Some(1));
    assert_eq!(
        text(&refused.stderr).trim(),
        "gridbook: the user nobody is not gridbook staff; an admin adds them with: gridbook staff add nobody --role grid-captain --grid GRID"
    );
    let added = gridbook(
        dir.path(),
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
        dir.path(),
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
    let theirs = as_nobody(dir.path(), &["visit", "add", "7-1-101", "--outcome", "met"]);
    assert_eq!(theirs.status.code(), Some(1));
    assert!(
        text(&theirs.stderr).contains("no household has the address 7-1-101"),
        "{}",
        text(&theirs.stderr)
    );
    let due = as_nobody(dir.path(), &["followups", "--json", "--days", "400"]);
    let addresses = text(&due.stdout);
    assert!(
        addresses.contains("5-1-101") && !addresses.contains("7-1-101"),
        "{addresses}"
    );
    let staff = as_nobody(dir.path(), &["staff", "list"]);
    assert_eq!(staff.status.code(), Some(1));
    assert_eq!(
        text(&staff.stderr).trim(),
        "gridbook: only a street admin (or the owner of the data) may do that"
    );
    let _ = server.kill();
    let _ = server.wait();
}

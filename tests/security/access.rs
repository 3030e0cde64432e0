//! Security, the store readable by its server alone: file modes, the socket's directory, who answers (SO_PEERCRED), liveness.
//!
//! As root the tests make the group `gbt_staff`, the service user `gbt_service` (its group the
//! staff group, as `deploy/` makes `gridbook`), the grid captain `gbt_captain` (in the group)
//! and `gbt_stranger` (not), lay the deployment out under a temporary base as `deploy/` says,
//! start `serve` as the service user and run the real binary as each of them. Without root
//! they run what needs no other user and say what they skipped.

use std::io::Read;
use std::os::unix::fs::{FileTypeExt, MetadataExt, PermissionsExt};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::{self, outcome};

pub(crate) const STAFF_GROUP: &str = "gbt_staff";
pub(crate) const SERVICE: &str = "gbt_service";
pub(crate) const CAPTAIN: &str = "gbt_captain";
pub(crate) const STRANGER: &str = "gbt_stranger";

/// Whether the tests may make users and switch to them.
pub(crate) fn root() -> bool {
    nix::unistd::getuid().is_root()
}

/// Says what a test left out for want of root.
pub(crate) fn skipped(what: &str) {
    common::skipped(what, "needs root");
}

/// Runs a command as root and insists it worked.
fn sh(program: &str, args: &[&str]) {
    let out = Command::new(program).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{program} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn exists(user: &str) -> bool {
    nix::unistd::User::from_name(user).ok().flatten().is_some()
}

/// Makes the staff group and the four users, once, whoever asks first.
pub(crate) fn make_users() {
    static MADE: std::sync::Once = std::sync::Once::new();
    MADE.call_once(|| {
        sh("groupadd", &["-f", STAFF_GROUP]);
        let add = |user: &str, args: &[&str]| {
            if !exists(user) {
                let mut all = vec!["-M", "-s", "/usr/sbin/nologin"];
                all.extend_from_slice(args);
                all.push(user);
                sh("useradd", &all);
            }
        };
        add(SERVICE, &["-N", "-g", STAFF_GROUP]);
        add(CAPTAIN, &["-U", "-G", STAFF_GROUP]);
        add(STRANGER, &["-U"]);
    });
}

/// Makes `cmd` run as `user`, with the user's groups, as a login would.
pub(crate) fn as_user(cmd: &mut Command, user: &str) {
    let u = nix::unistd::User::from_name(user).unwrap().unwrap();
    let name = std::ffi::CString::new(user).unwrap();
    let (uid, gid) = (u.uid, u.gid);
    cmd.env("HOME", "/nonexistent").env("USER", user);
    // SAFETY: only the calls that drop privileges, between fork and exec.
    unsafe {
        cmd.pre_exec(move || {
            nix::unistd::initgroups(&name, gid)?;
            nix::unistd::setgid(gid)?;
            nix::unistd::setuid(uid)?;
            Ok(())
        });
    }
}

/// The real binary in English, no configuration, talking to a server (never in-process).
pub(crate) fn binary() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_gridbook"));
    cmd.env("LANG", "C")
        .env_remove("LC_ALL")
        .env_remove("GRIDBOOK_IN_PROCESS")
        .env_remove("GRIDBOOK_DATA")
        .env_remove("GRIDBOOK_RUN")
        .env_remove("GRIDBOOK_TEST_HOLD_START_MS");
    cmd
}

/// A community server laid out as `deploy/` says, under a temporary base others may pass
/// through: `BASE/gridbook` the service user's home (0750 service:staff), `home/data` the store
/// (0700, the small fixture with a second grid), `home/run` the socket's directory
/// (0750 service:staff). `serve` runs as the service user once `start` is called.
pub(crate) struct Deployment {
    pub base: tempfile::TempDir,
    pub home: PathBuf,
    pub data: PathBuf,
    pub run: PathBuf,
    server: Option<Child>,
}

impl Deployment {
    /// Lays it out (as root); the store is made by an older build's umask and handed over.
    pub(crate) fn new() -> Deployment {
        make_users();
        let base = tempfile::tempdir().unwrap();
        std::fs::set_permissions(base.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
        let home = base.path().join("gridbook");
        let data = home.join("data");
        let run = home.join("run");
        {
            let store = common::small_store(&data);
            common::add_second_grid(&store);
        }
        common::wait_until_released(&data);
        std::fs::create_dir(&run).unwrap();
        let owner = format!("{SERVICE}:{STAFF_GROUP}");
        sh("chown", &["-R", &owner, home.to_str().unwrap()]);
        for (dir, mode) in [(&home, 0o750), (&data, 0o700), (&run, 0o750)] {
            std::fs::set_permissions(dir, std::fs::Permissions::from_mode(mode)).unwrap();
        }
        Deployment {
            base,
            home,
            data,
            run,
            server: None,
        }
    }

    /// The binary as `user`, with the environment the unit and the sshd ForceCommand set.
    pub(crate) fn command(&self, user: &str) -> Command {
        let mut cmd = binary();
        cmd.env("GRIDBOOK_DATA", &self.data)
            .env("GRIDBOOK_RUN", &self.run);
        as_user(&mut cmd, user);
        cmd
    }

    /// Runs gridbook as `user`.
    pub(crate) fn gridbook(&self, user: &str, args: &[&str]) -> (i32, String, String) {
        outcome(self.command(user).args(args).output().unwrap())
    }

    /// Starts `serve --idle 0` as the service user, as systemd would, and waits for its socket.
    pub(crate) fn start(&mut self) {
        let log = std::fs::File::create(self.base.path().join("serve.err")).unwrap();
        let child = self
            .command(SERVICE)
            .args(["serve", "--idle", "0"])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .unwrap();
        self.server = Some(child);
        let sock = self.socket();
        wait_for(&format!("the server's socket {}", sock.display()), || {
            std::os::unix::net::UnixStream::connect(&sock).is_ok()
        });
    }

    pub(crate) fn socket(&self) -> PathBuf {
        self.run.join(gridbook::server::protocol::SOCKET)
    }

    /// Makes `gbt_captain` grid captain of 第一网格 (the service user is the store's admin).
    pub(crate) fn add_captain(&self) {
        let said = self.gridbook(
            SERVICE,
            &[
                "staff",
                "add",
                CAPTAIN,
                "--role",
                "grid-captain",
                "--grid",
                "第一网格",
            ],
        );
        assert_eq!(said.0, 0, "{}", said.2);
    }

    /// The households the store holds, as its owner counts them.
    pub(crate) fn households(&self) -> u64 {
        let (code, out, err) = self.gridbook(SERVICE, &["stats", "--json"]);
        assert_eq!(code, 0, "{err}");
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        v["households"].as_u64().unwrap()
    }
}

impl Drop for Deployment {
    fn drop(&mut self) {
        if let Some(mut child) = self.server.take() {
            common::kill(child.id() as i32, nix::sys::signal::Signal::SIGTERM);
            let _ = child.wait();
        }
    }
}

/// Waits (at most a minute, for a slow machine) until `done`; a test that waits longer fails.
pub(crate) fn wait_for(what: &str, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while !done() {
        assert!(Instant::now() < deadline, "waited a minute for {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The paths under `dir` that others could read or that are not owner-only: directories not
/// 0700, files not 0600 (sockets aside: they are 0660 by design, inside a 0700 directory or a
/// run directory).
pub(crate) fn loose(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(path) = stack.pop() {
        let m = std::fs::symlink_metadata(&path).unwrap();
        let mode = m.mode() & 0o7777;
        let t = m.file_type();
        if t.is_dir() {
            if mode != 0o700 {
                found.push(format!("{} {mode:o}", path.display()));
            }
            for e in std::fs::read_dir(&path).unwrap() {
                stack.push(e.unwrap().path());
            }
        } else if !t.is_socket() && mode != 0o600 {
            found.push(format!("{} {mode:o}", path.display()));
        }
    }
    found.sort();
    found
}

#[test]
fn every_file_of_the_store_is_its_owners_alone_whatever_the_umask() {
    // The umask a careless login gives; gridbook must not inherit it.
    nix::sys::stat::umask(nix::sys::stat::Mode::from_bits_truncate(0o022));
    let base = tempfile::tempdir().unwrap();
    // A fresh store, made by a client that starts its server, written to, then left idle.
    let fresh = base.path().join("fresh");
    let _stop = common::StopServers(&fresh);
    let said = outcome(
        binary()
            .arg("--data")
            .arg(&fresh)
            .args(["rules", "set", "default", "60"])
            .output()
            .unwrap(),
    );
    assert_eq!(said.0, 0, "{}", said.2);
    assert_eq!(loose(&fresh), Vec::<String>::new());
    // A store an older build left open to others: opened in-process, it is made owner-only,
    // and the log says so once.
    let old = base.path().join("old");
    drop(common::small_store(&old));
    common::wait_until_released(&old);
    let mut opened = 0;
    for path in walk(&old) {
        let mode = if path.is_dir() { 0o755 } else { 0o644 };
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
        opened += 1;
    }
    assert_eq!(loose(&old).len(), opened);
    let said = outcome(
        binary()
            .env("GRIDBOOK_IN_PROCESS", "1")
            .arg("--data")
            .arg(&old)
            .args(["rules", "show", "--json"])
            .output()
            .unwrap(),
    );
    assert_eq!(said.0, 0, "{}", said.2);
    assert_eq!(loose(&old), Vec::<String>::new());
    let log = std::fs::read_to_string(old.join("gridbook.log")).unwrap();
    let told: Vec<&str> = log
        .lines()
        .filter(|l| l.contains("readable by their owner alone"))
        .collect();
    assert_eq!(told.len(), 1, "{log}");
    assert!(
        told[0].ends_with(&format!(
            " made {opened} files and folders of the store readable by their owner alone (they were open to others)"
        )),
        "{log}"
    );
}

/// Every path under `dir`, itself included.
fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut all = vec![dir.to_path_buf()];
    let mut i = 0;
    while i < all.len() {
        if all[i].is_dir() {
            let more: Vec<PathBuf> = std::fs::read_dir(&all[i])
                .unwrap()
                .map(|e| e.unwrap().path())
                .collect();
            all.extend(more);
        }
        i += 1;
    }
    all
}

#[test]
fn a_member_of_staff_reads_no_file_of_the_store_and_starts_no_server() {
    if !root() {
        return skipped("staff reading the store's files and starting a server");
    }
    let dep = Deployment::new();
    let data = dep.data.display().to_string();
    // The files: not even their names.
    for program in ["cat", "ls"] {
        let target = if program == "cat" {
            dep.data.join("sled").join("db")
        } else {
            dep.data.clone()
        };
        let mut cmd = Command::new(program);
        as_user(&mut cmd, CAPTAIN);
        let (code, out, _) = outcome(cmd.arg(&target).output().unwrap());
        assert_ne!(code, 0, "{program} {}", target.display());
        assert_eq!(out, "", "{program} {}", target.display());
    }
    // No server runs: she is told so, and none is started.
    assert_eq!(
        dep.gridbook(CAPTAIN, &["stats"]),
        (
            1,
            String::new(),
            format!("gridbook: the gridbook service for {data} is not running; an admin starts it with: sudo systemctl start gridbook\n")
        )
    );
    assert_eq!(common::server_pids(&dep.data), Vec::<i32>::new());
    // `serve` as her, or as root, is refused; so is opening the store in her own process.
    let serve_refused = format!(
        "gridbook: the server for {data} must run as {SERVICE}, who owns it; start it with: sudo -u {SERVICE} gridbook serve\n"
    );
    assert_eq!(
        dep.gridbook(CAPTAIN, &["serve", "--idle", "0"]),
        (1, String::new(), serve_refused.clone())
    );
    let as_root = outcome(
        binary()
            .env("GRIDBOOK_DATA", &dep.data)
            .env("GRIDBOOK_RUN", &dep.run)
            .args(["serve", "--idle", "0"])
            .output()
            .unwrap(),
    );
    assert_eq!(as_root, (1, String::new(), serve_refused));
    let in_process = outcome(
        dep.command(CAPTAIN)
            .env("GRIDBOOK_IN_PROCESS", "1")
            .args(["search", "周"])
            .output()
            .unwrap(),
    );
    assert_eq!(
        in_process,
        (
            1,
            String::new(),
            format!("gridbook: only {SERVICE}, who owns {data}, may open it in-process; run the command as {SERVICE} (sudo -u {SERVICE} gridbook ...) or without GRIDBOOK_IN_PROCESS\n")
        )
    );
    assert_eq!(common::server_pids(&dep.data), Vec::<i32>::new());
}

#[test]
fn the_deployment_holds_as_deploy_says_and_a_grid_captain_works_through_the_run_directory() {
    if !root() {
        return skipped("a grid captain through the deployment's run directory");
    }
    let mut dep = Deployment::new();
    dep.start();
    dep.add_captain();
    let staff_gid = nix::unistd::Group::from_name(STAFF_GROUP)
        .unwrap()
        .unwrap()
        .gid
        .as_raw();
    let service_uid = nix::unistd::User::from_name(SERVICE)
        .unwrap()
        .unwrap()
        .uid
        .as_raw();
    let seen = |p: &Path| {
        let m = std::fs::symlink_metadata(p).unwrap();
        (
            m.uid() == service_uid,
            m.gid() == staff_gid,
            m.mode() & 0o7777,
        )
    };
    assert_eq!(seen(&dep.home), (true, true, 0o750));
    assert_eq!(seen(&dep.data).2, 0o700);
    assert_eq!(seen(&dep.run), (true, true, 0o750));
    assert_eq!(seen(&dep.socket()), (true, true, 0o660));
    // The store was made open to others by the test's umask; the server closed it.
    assert_eq!(loose(&dep.data), Vec::<String>::new());
    assert_eq!(
        dep.gridbook(
            CAPTAIN,
            &["household", "edit", "5-1-102", "--note", "已核实"]
        ),
        (
            0,
            "saved 5-1-102: household changed\n".to_string(),
            String::new()
        )
    );
    assert_eq!(
        dep.gridbook(CAPTAIN, &["household", "edit", "7-1-101", "--note", "x"]),
        (
            1,
            String::new(),
            "gridbook: no household has the address 7-1-101; check it in the browse screen\n"
                .to_string()
        )
    );
    // She may use the socket, not replace it.
    let mut rm = Command::new("rm");
    as_user(&mut rm, CAPTAIN);
    let (code, _, _) = outcome(rm.arg("-f").arg(dep.socket()).output().unwrap());
    assert_ne!(code, 0);
    assert!(dep.socket().exists());
}

#[test]
fn a_server_run_by_another_user_is_refused_and_hears_nothing_of_the_import() {
    if !root() {
        return skipped("a fake server bound by another user (the peer check)");
    }
    let mut dep = Deployment::new();
    dep.start();
    dep.add_captain();
    let before = dep.households();
    // A server of root's in a directory the captain can reach: not the store's owner.
    let fake_run = dep.base.path().join("fake");
    std::fs::create_dir(&fake_run).unwrap();
    std::fs::set_permissions(&fake_run, std::fs::Permissions::from_mode(0o755)).unwrap();
    let sock = fake_run.join(gridbook::server::protocol::SOCKET);
    let listener = std::os::unix::net::UnixListener::bind(&sock).unwrap();
    std::fs::set_permissions(&sock, std::fs::Permissions::from_mode(0o666)).unwrap();
    let heard = std::thread::spawn(move || {
        let (mut conn, _) = listener.accept().unwrap();
        let mut bytes = Vec::new();
        let _ = conn.read_to_end(&mut bytes);
        bytes.len()
    });
    let roster = dep.base.path().join("roster.csv");
    std::fs::write(
        &roster,
        "社区,网格,楼栋,单元,房号,姓名,与户主关系,性别,出生日期\n花苑社区,第一网格,5,1,103,新住户,户主,男,1990-01-01\n",
    )
    .unwrap();
    std::fs::set_permissions(&roster, std::fs::Permissions::from_mode(0o644)).unwrap();
    let said = outcome(
        dep.command(CAPTAIN)
            .env("GRIDBOOK_RUN", &fake_run)
            .arg("import")
            .arg(&roster)
            .output()
            .unwrap(),
    );
    assert_eq!(
        said,
        (
            1,
            String::new(),
            format!(
                "gridbook: the server at {} runs as root, not as {SERVICE} who owns {}; nothing was sent to it – tell an admin\n",
                sock.display(),
                dep.data.display()
            )
        )
    );
    assert_eq!(
        heard.join().unwrap(),
        0,
        "not one byte reached the fake server"
    );
    assert_eq!(dep.households(), before, "nothing was imported anywhere");
}

#[test]
fn an_account_outside_the_staff_group_is_told_which_group_it_needs_and_whom_to_ask() {
    if !root() {
        return skipped("an account outside the staff group");
    }
    let mut dep = Deployment::new();
    dep.start();
    assert_eq!(
        dep.gridbook(STRANGER, &["search", "周"]),
        (
            1,
            String::new(),
            format!(
                "gridbook: the user {STRANGER} may not use the gridbook store at {}; an admin adds it to the group {STAFF_GROUP}: sudo usermod -aG {STAFF_GROUP} {STRANGER}\n",
                dep.data.display()
            )
        )
    );
}

#[test]
fn a_removed_or_replaced_socket_is_made_again_and_clients_reach_the_same_server() {
    let dir = tempfile::tempdir().unwrap();
    let data = common::closed_small_store(dir.path());
    let _stop = common::StopServers(&data);
    let stats = || {
        outcome(
            binary()
                .arg("--data")
                .arg(&data)
                .args(["stats", "--json"])
                .output()
                .unwrap(),
        )
    };
    let first = stats();
    assert_eq!(first.0, 0, "{}", first.2);
    let sock = data.join(gridbook::server::protocol::SOCKET);
    let answers = || std::os::unix::net::UnixStream::connect(&sock).is_ok();
    // Removed: a new one comes.
    std::fs::remove_file(&sock).unwrap();
    wait_for("the socket made again after it was removed", answers);
    assert_eq!(stats(), first);
    // Replaced by a file of someone else's: the server's own takes its place.
    std::fs::remove_file(&sock).unwrap();
    std::fs::write(&sock, "not a socket").unwrap();
    wait_for("the socket made again after it was replaced", answers);
    assert_eq!(stats(), first);
    assert_eq!(common::server_pids(&data).len(), 1, "no second server");
    let log = std::fs::read_to_string(data.join("gridbook.log")).unwrap();
    assert_eq!(
        log.matches("the socket was removed or replaced; made it again")
            .count(),
        2,
        "{log}"
    );
}

#[test]
fn a_recovering_server_is_waited_for_and_says_what_it_is_doing() {
    let dir = tempfile::tempdir().unwrap();
    let data = common::closed_small_store(dir.path());
    let _stop = common::StopServers(&data);
    let stats = |hold: bool| {
        let mut cmd = binary();
        cmd.arg("--data").arg(&data).args(["stats", "--json"]);
        if hold {
            // Longer than the 15 s after which clients used to kill a server still starting.
            cmd.env("GRIDBOOK_TEST_HOLD_START_MS", "16000");
        }
        cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
        cmd.spawn().unwrap()
    };
    // The first client starts the server; the second finds it starting.
    let starter = stats(true);
    let status = data.join(gridbook::server::access::STATUS);
    wait_for("the server's status", || status.exists());
    let finder = stats(false);
    let waiting =
        "gridbook: the server is recovering: replaying the write journal (held by a test)…\n";
    let mut outs = Vec::new();
    for child in [starter, finder] {
        outs.push(outcome(child.wait_with_output().unwrap()));
    }
    for (code, out, err) in &outs {
        assert_eq!((*code, err.as_str()), (0, waiting));
        assert!(out.contains(r#""households":4"#), "{out}");
    }
    assert_eq!(
        common::server_pids(&data).len(),
        1,
        "one server, never killed"
    );
    assert!(!status.exists(), "the status goes once the server serves");
}

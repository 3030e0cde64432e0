//! `gridbook sync` as people run it: through a real ssh to localhost when an SSH server can
//! be started here (else through `--ssh` with a local command), and killed with SIGKILL at
//! random points in the middle, losing no acknowledged visit.

mod common;

use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use common::*;
use gridbook::client::{Backend, Local};
use gridbook::model::*;
use gridbook::store::ops::NewVisit;
use gridbook::store::sync::SYNCED;
use gridbook::store::{OpenOptions, Store};
use rand::{Rng, SeedableRng};

const BIN: &str = env!("CARGO_BIN_EXE_gridbook");

fn gridbook(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new(BIN)
        .env("GRIDBOOK_IN_PROCESS", "1")
        .env("LANG", "C")
        .env_remove("LC_ALL")
        .env("XDG_CONFIG_HOME", dir.join("config"))
        .args(args)
        .output()
        .unwrap()
}

fn sync_args<'a>(laptop: &'a str, ssh: &'a str, server: &'a str) -> Vec<&'a str> {
    sync_to(laptop, "li@community", ssh, server)
}

fn sync_to<'a>(laptop: &'a str, target: &'a str, ssh: &'a str, server: &'a str) -> Vec<&'a str> {
    vec![
        "--data",
        laptop,
        "sync",
        target,
        "--ssh",
        ssh,
        "--remote-gridbook",
        BIN,
        "--remote-data",
        server,
    ]
}

fn state(dir: &Path) -> std::collections::BTreeMap<(String, Vec<u8>), Vec<u8>> {
    let store = Store::open(dir, OpenOptions::default()).unwrap();
    let mut out = std::collections::BTreeMap::new();
    for t in SYNCED {
        for kv in store.tree(t).iter() {
            let (k, v) = kv.unwrap();
            out.insert((t.name().to_string(), k.to_vec()), v.to_vec());
        }
    }
    out
}

/// A private sshd on a free port of 127.0.0.1 that lets root in with a fresh key, when this
/// machine has sshd and the test runs as root.
struct Sshd {
    child: std::process::Child,
    ssh: String,
}

impl Drop for Sshd {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start_sshd(dir: &Path) -> Option<Sshd> {
    let sshd = Path::new("/usr/sbin/sshd");
    if !sshd.exists() || !nix::unistd::getuid().is_root() {
        return None;
    }
    std::fs::create_dir_all("/run/sshd").ok()?;
    let keygen = |path: &Path| {
        Command::new("ssh-keygen")
            .args(["-q", "-t", "ed25519", "-N", "", "-f"])
            .arg(path)
            .status()
            .ok()
            .filter(|s| s.success())
    };
    keygen(&dir.join("host_key"))?;
    keygen(&dir.join("id"))?;
    std::fs::copy(dir.join("id.pub"), dir.join("authorized_keys")).ok()?;
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .ok()?
        .local_addr()
        .ok()?
        .port();
    let config = format!(
        "Port {port}\nListenAddress 127.0.0.1\nHostKey {d}/host_key\nAuthorizedKeysFile {d}/authorized_keys\nPermitRootLogin yes\nStrictModes no\nUsePAM no\nPasswordAuthentication no\nPidFile {d}/sshd.pid\nSetEnv GRIDBOOK_IN_PROCESS=1 LANG=C\n",
        d = dir.display()
    );
    std::fs::write(dir.join("sshd_config"), config).ok()?;
    let child = Command::new(sshd)
        .args(["-D", "-e", "-f"])
        .arg(dir.join("sshd_config"))
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let up = (0..200).any(|_| {
        std::thread::sleep(Duration::from_millis(25));
        std::net::TcpStream::connect(("127.0.0.1", port)).is_ok()
    });
    let ssh = format!(
        "ssh -p {port} -i {}/id -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o BatchMode=yes -o LogLevel=ERROR",
        dir.display()
    );
    let me = Sshd { child, ssh };
    up.then_some(me)
}

#[test]
fn a_laptop_syncs_with_the_server_through_ssh_both_ways() {
    let dir = tempfile::tempdir().unwrap();
    let (server, laptop) = (dir.path().join("server"), dir.path().join("laptop"));
    small_demo(&server);
    let sshd = start_sshd(dir.path());
    let ssh = match &sshd {
        Some(s) => s.ssh.clone(),
        None => fake_ssh(dir.path()).display().to_string(),
    };
    eprintln!(
        "syncing through {}",
        if sshd.is_some() {
            "a real sshd on 127.0.0.1"
        } else {
            "a local command"
        }
    );
    let target = if sshd.is_some() {
        "root@127.0.0.1"
    } else {
        "li@community"
    };
    let (l, s) = (laptop.to_str().unwrap(), server.to_str().unwrap());
    let sync_args = |l, ssh, s| sync_to(l, target, ssh, s);
    let out = gridbook(dir.path(), &sync_args(l, &ssh, s));
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        said.starts_with(&format!(
            "synced with {target} (first copy): sent 0 changes (0 records,"
        )),
        "{said}"
    );
    assert_eq!(
        state(&laptop),
        state(&server),
        "the first copy is the server's"
    );
    // A visit on each side, then one sync carries both across.
    let out = gridbook(
        dir.path(),
        &[
            "--data",
            l,
            "visit",
            "add",
            "3-2-301",
            "--outcome",
            "met",
            "--note",
            "楼道里聊了几句",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = gridbook(
        dir.path(),
        &[
            "--data",
            s,
            "visit",
            "add",
            "3-2-302",
            "--outcome",
            "refused",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = gridbook(dir.path(), &sync_args(l, &ssh, s));
    let said = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        said.starts_with(&format!("synced with {target}: sent 1 change (1 record,")),
        "{said}"
    );
    assert!(said.contains("received 1 change (1 record,"), "{said}");
    assert_eq!(state(&laptop), state(&server));
    // Nothing new: next to nothing moves, and the status says all is up.
    let out = gridbook(
        dir.path(),
        &[&sync_args(l, &ssh, s)[..], &["--json"]].concat(),
    );
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(summary["sent_records"], 0);
    assert_eq!(summary["received_records"], 0);
    let bytes =
        summary["bytes_sent"].as_u64().unwrap() + summary["bytes_received"].as_u64().unwrap();
    assert!(bytes < 2048, "{summary}");
    let out = gridbook(dir.path(), &["--data", l, "sync", "--status"]);
    let said = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(said.contains("waiting to go up: 0 changes"), "{said}");
    assert!(said.starts_with("last successful sync: "), "{said}");
    let out = gridbook(
        dir.path(),
        &["--lang", "zh", "--data", l, "sync", "--status"],
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("待上传：0 条变更"));
}

#[test]
fn a_failing_sync_says_why_and_is_not_recorded_as_a_success() {
    let dir = tempfile::tempdir().unwrap();
    let (server, laptop) = (dir.path().join("server"), dir.path().join("laptop"));
    small_demo(&server);
    let ssh = fake_ssh(dir.path()).display().to_string();
    let (l, s) = (laptop.to_str().unwrap(), server.to_str().unwrap());
    assert!(gridbook(dir.path(), &sync_args(l, &ssh, s))
        .status
        .success());
    // The server's gridbook is not where the laptop looks for it.
    let mut args = sync_args(l, &ssh, s);
    args[7] = "/nonexistent/gridbook";
    let out = gridbook(dir.path(), &args);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(
        err.starts_with("gridbook: the sync did not finish: "),
        "{err}"
    );
    assert!(err.contains("/nonexistent/gridbook"), "{err}");
    assert!(
        err.trim_end()
            .ends_with("nothing saved was lost, run gridbook sync again to carry on"),
        "{err}"
    );
    let out = gridbook(dir.path(), &["--data", l, "sync", "--status"]);
    let said = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(said.contains("the last sync failed ("), "{said}");
    // No server named at all.
    let out = gridbook(dir.path(), &["--data", l, "sync"]);
    assert_eq!(
        String::from_utf8_lossy(&out.stderr).trim(),
        "gridbook: name the server to sync with, for example: gridbook sync li@community-server"
    );
}

#[test]
fn syncs_killed_at_random_points_lose_no_acknowledged_visit() {
    let dir = tempfile::tempdir().unwrap();
    let (server, laptop) = (dir.path().join("server"), dir.path().join("laptop"));
    small_demo(&server);
    let ssh = fake_ssh(dir.path()).display().to_string();
    let (l, s) = (laptop.to_str().unwrap(), server.to_str().unwrap());
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
    let mut acknowledged: Vec<Id> = Vec::new();
    let mut kills = 0;
    for round in 0..8 {
        // A few hundred visits on the laptop, acknowledged one by one.
        if laptop.join("sled").exists() {
            let b = Local::new(
                Store::open(&laptop, OpenOptions::default()).unwrap(),
                "li".into(),
            );
            let households: Vec<Id> = b
                .store()
                .all::<Household>()
                .take(300)
                .map(|h| h.unwrap().id)
                .collect();
            for (n, h) in households.iter().enumerate() {
                let saved = b
                    .add_visit(&NewVisit {
                        household: *h,
                        at: gridbook::model::time::now(),
                        purpose: VisitPurpose::Routine,
                        outcome: VisitOutcome::Met,
                        met: vec![],
                        findings: format!("第{round}轮第{n}户"),
                        needs: vec![],
                        knock_again: None,
                        amends: None,
                        roster_checked: false,
                    })
                    .unwrap();
                acknowledged.push(saved.visit.id);
            }
        }
        let mut child = Command::new(BIN)
            .env("GRIDBOOK_IN_PROCESS", "1")
            .env("XDG_CONFIG_HOME", dir.path().join("config"))
            .args(sync_args(l, &ssh, s))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(rng.random_range(5..400)));
        // Both sides die at once (the whole process group), mid-write or not.
        let group = nix::unistd::Pid::from_raw(-(child.id() as i32));
        if nix::sys::signal::kill(group, nix::sys::signal::Signal::SIGKILL).is_ok() {
            kills += 1;
        }
        let _ = child.wait();
        std::thread::sleep(Duration::from_millis(50));
        for d in [&laptop, &server] {
            if d.join("sled").exists() {
                let store = Store::open(d, OpenOptions::default()).unwrap();
                let b = Local::new(store, "li".into());
                assert_eq!(
                    b.check().unwrap().problems,
                    Vec::<String>::new(),
                    "round {round}"
                );
                assert_eq!(b.verify_audit().unwrap().problems, Vec::<String>::new());
                if *d == laptop {
                    for v in &acknowledged {
                        assert!(
                            b.store().get_id::<Visit>(*v).unwrap().is_some(),
                            "round {round}: visit {v} was acknowledged on the laptop and is gone"
                        );
                    }
                }
            }
        }
    }
    assert!(kills >= 4);
    let out = gridbook(dir.path(), &sync_args(l, &ssh, s));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let server_store = Store::open(&server, OpenOptions::default()).unwrap();
    for v in &acknowledged {
        assert!(
            server_store.get_id::<Visit>(*v).unwrap().is_some(),
            "visit {v} never arrived"
        );
    }
    drop(server_store);
    assert_eq!(state(&laptop), state(&server));
}

#[test]
fn what_a_hostile_remote_writes_to_ssh_stderr_reaches_the_terminal_escaped() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let (server, laptop) = (dir.path().join("server"), dir.path().join("laptop"));
    small_demo(&server);
    let (l, s) = (laptop.to_str().unwrap(), server.to_str().unwrap());
    let hostile = |name: &str, then: &str| {
        let path = dir.path().join(name);
        let script = format!("#!/bin/sh\nprintf '\\033]0;pwned\\007\\n' >&2\n{then}\n");
        std::fs::write(&path, script).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
        path.display().to_string()
    };
    // The far side says it and refuses: the sentence shown is what it said, escaped.
    let refusing = hostile("refusing-ssh", "exit 255");
    let out = gridbook(dir.path(), &sync_args(l, &refusing, s));
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(
        err,
        "gridbook: the sync did not finish: \\x1b]0;pwned\\x07; nothing saved was lost, run gridbook sync again to carry on\n"
    );
    assert!(!out.stderr.contains(&0x1b) && !out.stdout.contains(&0x1b));
    // The status line keeps it, and shows it escaped too.
    let out = gridbook(dir.path(), &["--data", l, "sync", "--status"]);
    let said = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(said.contains("\\x1b]0;pwned\\x07"), "{said}");
    assert!(!out.stdout.contains(&0x1b) && !out.stderr.contains(&0x1b));
    // The far side says it and the sync goes on: nothing raw reaches the terminal either.
    let talking = hostile("talking-ssh", "shift\nexec sh -c \"$*\"");
    let out = gridbook(dir.path(), &sync_args(l, &talking, s));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!out.stderr.contains(&0x1b) && !out.stdout.contains(&0x1b));
}

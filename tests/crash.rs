//! Crash test: a writer saves visits as fast as it can and prints each acknowledged id; the
//! driver kills it with SIGKILL at random moments, reopens the store, and checks that every
//! acknowledged visit is there, that every index agrees with its records and that the audit
//! trail is whole. Most kills land before sled has written the last saves out, so reopening
//! replays them from the write journal: the test also checks that this happened.
//!
//! This file is its own writer (run with `--writer DIR`), so it has its own `main`.
//! `CRASH_CYCLES` sets the number of cycles (20 in the test suite, 500 in the benchmark).

mod common;

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use gridbook::model::{Visit, VisitOutcome, VisitPurpose};
use gridbook::store::check::check;
use gridbook::store::{OpenOptions, Store};
use rand::{Rng, SeedableRng};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--writer") {
        writer(&args[i + 1]);
        return;
    }
    // `cargo test` passes its own flags (--list, filters); only --list needs an answer.
    if args.iter().any(|a| a == "--list") {
        println!("acknowledged_visits_survive_sigkill: test");
        return;
    }
    let cycles: usize = std::env::var("CRASH_CYCLES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20);
    match drive(cycles) {
        Ok((total, replays)) => {
            println!("acknowledged_visits_survive_sigkill: {cycles} kills, {total} acknowledged visits all found ({replays} reopenings replayed the journal), indexes and audit trail sound");
            println!("1 passed, 0 failed");
        }
        Err(e) => {
            println!("acknowledged_visits_survive_sigkill: {e}");
            println!("0 passed, 1 failed");
            std::process::exit(1);
        }
    }
}

/// Saves visits to the fixture's households forever, printing each id once it is durable.
fn writer(dir: &str) {
    let store = Store::open(std::path::Path::new(dir), OpenOptions::default()).expect("open");
    let mut out = std::io::stdout().lock();
    let households = [20u64, 21, 22, 23];
    let mut n = 0u64;
    loop {
        let findings = format!("第{n}次走访：一切正常");
        let household = households[(n % 4) as usize];
        let id = store
            .write("zhangli", |t| {
                let id = t.next_id()?;
                t.put(&Visit {
                    id,
                    household,
                    at: common::nov(1) + n as i64,
                    staff: "zhangli".into(),
                    purpose: VisitPurpose::Routine,
                    outcome: VisitOutcome::Met,
                    met: vec![],
                    findings: findings.clone(),
                    amends: None,
                    roster_checked: false,
                })?;
                Ok(id)
            })
            .expect("write");
        writeln!(out, "{id}").expect("stdout");
        out.flush().expect("stdout");
        n += 1;
    }
}

fn drive(cycles: usize) -> Result<(usize, usize), String> {
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    drop(common::small_store(dir.path()));
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
    let mut acked: Vec<u64> = Vec::new();
    let mut replays = 0;
    for cycle in 0..cycles {
        let mut child = Command::new(&exe)
            .arg("--writer")
            .arg(dir.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| e.to_string())?;
        let stdout = child.stdout.take().ok_or("no stdout")?;
        let got = Arc::new(Mutex::new(Vec::<u64>::new()));
        let sink = got.clone();
        let reader = std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                // Only whole lines count: a line is printed after its write is durable.
                if let Ok(id) = line.trim().parse::<u64>() {
                    sink.lock().unwrap().push(id);
                }
            }
        });
        std::thread::sleep(Duration::from_millis(rng.random_range(20..250)));
        nix::sys::signal::kill(
            nix::unistd::Pid::from_raw(child.id() as i32),
            nix::sys::signal::Signal::SIGKILL,
        )
        .map_err(|e| e.to_string())?;
        let _ = child.wait();
        let _ = reader.join();
        acked.extend(got.lock().unwrap().iter().copied());

        let store = Store::open(dir.path(), OpenOptions::default())
            .map_err(|e| format!("cycle {cycle}: the store did not reopen: {e}"))?;
        if store.notices.iter().any(|n| n.starts_with("replayed ")) {
            replays += 1;
        }
        for id in &acked {
            if store
                .get_id::<Visit>(*id)
                .map_err(|e| e.to_string())?
                .is_none()
            {
                return Err(format!("cycle {cycle}: acknowledged visit {id} is missing"));
            }
        }
        let report = check(&store).map_err(|e| e.to_string())?;
        if !report.problems.is_empty() {
            return Err(format!("cycle {cycle}: {}", report.problems.join("; ")));
        }
        let audit = store.verify_audit().map_err(|e| e.to_string())?;
        if !audit.problems.is_empty() {
            return Err(format!("cycle {cycle}: {}", audit.problems.join("; ")));
        }
    }
    if acked.is_empty() {
        return Err("the writer never acknowledged a visit".into());
    }
    if replays == 0 {
        return Err(format!(
            "no reopening in {cycles} kills replayed the journal: the kills never caught a save that sled had not written out"
        ));
    }
    Ok((acked.len(), replays))
}

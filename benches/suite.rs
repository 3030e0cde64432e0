//! The benchmark suite: one table of metric, value, budget, peer value and ratio.
//! Run it with `bench/run` (city demo) or `bench/run --quick` (small demo).

// Shared with the tests (its own `allow(dead_code)` covers what the bench leaves unused).
#[path = "../tests/common/mod.rs"]
mod common;

use common::pty;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use gridbook::model::scope::Scope;
use gridbook::model::{VisitOutcome, VisitPurpose};
use gridbook::store::{OpenOptions, Store};

const BIN: &str = env!("CARGO_BIN_EXE_gridbook");

struct Row {
    metric: String,
    value: String,
    budget: String,
    peer: String,
    ratio: String,
}

fn row(metric: &str, value: String, budget: &str) -> Row {
    Row {
        metric: metric.into(),
        value,
        budget: budget.into(),
        peer: String::new(),
        ratio: String::new(),
    }
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

fn percentile(samples: &mut [Duration], p: f64) -> Duration {
    samples.sort();
    let i = ((samples.len() as f64 - 1.0) * p).round() as usize;
    samples[i.min(samples.len() - 1)]
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let quick = args.iter().any(|a| a == "--quick");
    let scale = if quick { "small" } else { "city" };
    let base = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-data");
    std::fs::create_dir_all(&base).expect("target/bench-data");
    let data = base.join(format!("{scale}-seed1"));
    let mut rows = Vec::new();
    // `--only sync` (and the like) runs one part on the demo as it is.
    if let Some(only) = args
        .iter()
        .position(|a| a == "--only")
        .and_then(|i| args.get(i + 1))
    {
        rows.push(demo(&data, scale));
        match only.as_str() {
            "sync" => rows.extend(sync(&data, &base)),
            "saves" => rows.extend(saves(&base)),
            "server" => rows.extend(server_load(&data)),
            "search" => rows.extend(search(&data, &base)),
            "screen" => {
                rows.extend(startup(&data));
                rows.extend(navigation(&data));
            }
            "import" => {
                rows.extend(import(&data, &base));
                rows.push(import_empty(&base));
            }
            "roster" => rows.extend(roster_report(&data)),
            "roster-edits" => rows.extend(roster_edits(&base)),
            "admin" => rows.extend(admin_lists(&data, &base)),
            "campaign" => rows.extend(campaign(&data)),
            other => panic!(
                "no bench part called {other}; use screen, search, saves, import, roster, roster-edits, admin, server, sync or campaign"
            ),
        }
        print_table(scale, &rows);
        return;
    }

    eprintln!("bench: the {scale} demo");
    rows.push(demo(&data, scale));
    eprintln!("bench: start-up in a pseudo-terminal");
    rows.extend(startup(&data));
    eprintln!("bench: navigation keys in a pseudo-terminal");
    rows.extend(navigation(&data));
    eprintln!("bench: search keystrokes against fzf --filter");
    rows.extend(search(&data, &base));
    eprintln!("bench: durable visit saves against raw fsync");
    rows.extend(saves(&base));
    eprintln!("bench: roster edits against raw fsync, and a new resident found by search");
    rows.extend(roster_edits(&base));
    eprintln!("bench: roster import against sqlite3 (fair peer, and a bare .import)");
    rows.extend(import(&data, &base));
    eprintln!("bench: roster import into an empty store through the server");
    rows.push(import_empty(&base));
    eprintln!("bench: the report of rosters not checked");
    rows.extend(roster_report(&data));
    eprintln!("bench: the admin's lists and reports through the server");
    rows.extend(admin_lists(&data, &base));
    eprintln!("bench: a campaign over the whole demo, its tally and its door checks");
    rows.extend(campaign(&data));
    eprintln!("bench: 50 clients on the server");
    rows.extend(server_load(&data));
    eprintln!("bench: a laptop's day of visits synced with the server");
    rows.extend(sync(&data, &base));
    eprintln!("bench: the crash test");
    rows.push(crash(if quick { 20 } else { 500 }));
    print_table(scale, &rows);
}

/// Creates the demo once and remembers how long it took.
fn demo(data: &Path, scale: &str) -> Row {
    let timing = data.with_extension("seconds");
    if !data.join("sled").exists() || !timing.exists() {
        let _ = std::fs::remove_dir_all(data);
        let t = Instant::now();
        let out = Command::new(BIN)
            .args(["demo", "--scale", scale, "--seed", "1", "--data"])
            .arg(data)
            .output()
            .expect("gridbook demo runs");
        assert!(
            out.status.success(),
            "demo failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        std::fs::write(&timing, format!("{:.2}", t.elapsed().as_secs_f64())).expect("timing");
    }
    let secs = std::fs::read_to_string(&timing).unwrap_or_default();
    let budget = if scale == "city" { "≤ 60 s" } else { "" };
    row(
        &format!("demo --scale {scale} (when created)"),
        format!("{secs} s"),
        budget,
    )
}

/// The TUI as staff run it: a client of the server (started on first use).
fn start_tui(data: &Path) -> pty::Session {
    pty::Session::start_client(data, &["--lang", "en"], 80, 24)
}

/// Stops the server a bench started, so the next part can open the store itself.
fn stop_server(data: &Path) {
    let log = std::fs::read_to_string(data.join("gridbook.log")).unwrap_or_default();
    for pid in log
        .lines()
        .filter_map(|l| l.split("server started, pid ").nth(1))
        .filter_map(|p| p.trim().parse::<i32>().ok())
    {
        let _ = nix::sys::signal::kill(
            nix::unistd::Pid::from_raw(pid),
            nix::sys::signal::Signal::SIGTERM,
        );
    }
    let deadline = Instant::now() + Duration::from_secs(10);
    while std::os::unix::net::UnixStream::connect(data.join("gridbook.sock")).is_ok()
        && Instant::now() < deadline
    {
        std::thread::sleep(Duration::from_millis(50));
    }
    std::thread::sleep(Duration::from_millis(300));
}

/// Search keystrokes over every resident, and `fzf --filter` over the same names.
fn search(data: &Path, base: &Path) -> Vec<Row> {
    use gridbook::search::{snapshot, SearchCell};
    stop_server(data);
    let store =
        std::sync::Arc::new(Store::open(data, OpenOptions::default()).expect("the bench store"));
    // As at a start: the index made in the background, first from the store (no index saved,
    // as after residents changed), then from the file that build saved (every later start).
    let saved = data.join(snapshot::FILE);
    let _ = std::fs::remove_file(&saved);
    let ready = |store: &std::sync::Arc<Store>| {
        let t = Instant::now();
        let cell = SearchCell::start(store.clone());
        cell.with(|_| ()).expect("the index");
        (t.elapsed(), cell)
    };
    let (build, _) = ready(&store);
    let deadline = Instant::now() + Duration::from_secs(30);
    while !saved.exists() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    let (load, cell) = ready(&store);
    assert!(cell.loaded_from_file(), "the saved index was not used");
    let names: Vec<String> = store
        .all::<gridbook::model::Resident>()
        .filter_map(|r| r.ok().map(|r| r.name))
        .collect();
    drop(store);
    // Ten names typed a keystroke at a time: every prefix is one query.
    let mut queries: Vec<String> = Vec::new();
    for name in names.iter().step_by(names.len() / 10 + 1).take(10) {
        let chars: Vec<char> = name.chars().collect();
        for n in 1..=chars.len() {
            queries.push(chars[..n].iter().collect());
        }
    }
    let q: Vec<&str> = queries.iter().map(String::as_str).collect();
    let (mut ours, heap) = cell
        .with(|index| {
            (
                gridbook::search::bench_queries(index, &q, 20),
                index.heap_bytes(),
            )
        })
        .expect("the index");
    let (p50, p99) = (percentile(&mut ours, 0.5), percentile(&mut ours, 0.99));
    let list = base.join("names.txt");
    std::fs::write(&list, names.join("\n")).expect("names file");
    let mut peer = Vec::new();
    let fzf_ok = Command::new("fzf").arg("--version").output().is_ok();
    if fzf_ok {
        for query in &queries {
            let t = Instant::now();
            let _ = Command::new("fzf")
                .args(["--filter", query])
                .stdin(std::fs::File::open(&list).expect("names"))
                .output();
            peer.push(t.elapsed());
        }
    }
    let mut r50 = row(
        &format!("search keystroke p50 over {} residents", names.len()),
        ms(p50),
        "",
    );
    let mut r99 = row("search keystroke p99", ms(p99), "≤ 10 ms");
    if !peer.is_empty() {
        let (f50, f99) = (percentile(&mut peer, 0.5), percentile(&mut peer, 0.99));
        r50.peer = format!("fzf --filter {}", ms(f50));
        r50.ratio = format!("{:.0}× faster", f50.as_secs_f64() / p50.as_secs_f64());
        r99.peer = format!("fzf --filter {}", ms(f99));
        r99.ratio = format!("{:.0}× faster", f99.as_secs_f64() / p99.as_secs_f64());
    } else {
        r50.peer = "fzf not installed".into();
    }
    vec![
        r50,
        r99,
        row(
            "search index ready, a start with the index saved",
            ms(load),
            "≤ 1 s after the first frame",
        ),
        row("search index ready, built from the store", ms(build), ""),
        row(
            "search index heap",
            format!("{:.1} MiB", heap as f64 / (1 << 20) as f64),
            "",
        ),
    ]
}

/// sqlite3 doing the work a roster import does, as one script timed whole: the CSV into a
/// staging table, one household a distinct address derived from the residents' address
/// columns, the residents with their household's id, and the indexes gridbook keeps (address,
/// grid, a household's residents, ID number), committed with sqlite3's default durability.
const FAIR_PEER: &str = include_str!("../bench/fair_peer.sql");

/// Runs a sqlite3 script (`{csv}` replaced by the roster's path) on a new database file; its
/// time, and what it printed, or None when sqlite3 is missing or failed.
fn sqlite3(base: &Path, csv: &Path, script: &str) -> Option<(Duration, String)> {
    let db = base.join("roster.db");
    let _ = std::fs::remove_file(&db);
    let script = script.replace("{csv}", &csv.display().to_string());
    let t = Instant::now();
    let out = Command::new("sqlite3")
        .arg(&db)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            if let Some(mut stdin) = child.stdin.take() {
                stdin.write_all(script.as_bytes())?;
            }
            child.wait_with_output()
        });
    let took = t.elapsed();
    let _ = std::fs::remove_file(&db);
    match out {
        Ok(o) if o.status.success() && o.stderr.is_empty() => {
            Some((took, String::from_utf8_lossy(&o.stdout).trim().to_string()))
        }
        _ => None,
    }
}

/// The demo's residents exported as a roster, imported into an empty store, against the fair
/// sqlite3 peer (the same CSV, its households derived, the same indexes: `FAIR_PEER`) and
/// against a bare `sqlite3 .import` of the CSV into one table, in the same run.
fn import(data: &Path, base: &Path) -> Vec<Row> {
    let csv = base.join("roster.csv");
    let in_process = |cmd: &mut Command| {
        cmd.env("GRIDBOOK_IN_PROCESS", "1")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped());
    };
    if !csv.exists() {
        let mut export = Command::new(BIN);
        export
            .arg("--data")
            .arg(data)
            .args(["export", "residents", "--format", "csv", "-o"])
            .arg(&csv);
        in_process(&mut export);
        let out = export.output().expect("export");
        assert!(
            out.status.success(),
            "export failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let target = base.join("import-target");
    let _ = std::fs::remove_dir_all(&target);
    let mut import = Command::new(BIN);
    import
        .arg("--data")
        .arg(&target)
        .arg("import")
        .arg(&csv)
        .arg("--create-community");
    in_process(&mut import);
    let t = Instant::now();
    let out = import.output().expect("import");
    let ours = t.elapsed();
    if !out.status.success() {
        return vec![row(
            "roster import",
            format!("FAILED: {}", String::from_utf8_lossy(&out.stderr).trim()),
            "",
        )];
    }
    let _ = std::fs::remove_dir_all(&target);
    let fair = sqlite3(base, &csv, FAIR_PEER);
    let bare = sqlite3(base, &csv, ".mode csv\n.import {csv} residents\n");
    let secs = |d: Duration| format!("{:.2} s", d.as_secs_f64());
    let ratio = |theirs: Duration| format!("{:.2}", ours.as_secs_f64() / theirs.as_secs_f64());
    let mut r = row(
        "roster import (all residents as CSV)",
        secs(ours),
        "≤ fair sqlite3 (ratio ≤ 1)",
    );
    match fair {
        Some((theirs, households)) => {
            r.peer = format!(
                "sqlite3 import + {households} households + indexes {}",
                secs(theirs)
            );
            r.ratio = ratio(theirs);
        }
        None => r.peer = "sqlite3 not installed (or the script failed)".into(),
    }
    let mut b = row("roster import, against a bare .import", secs(ours), "");
    if let Some((theirs, _)) = bare {
        b.peer = format!("sqlite3 .import {}", secs(theirs));
        b.ratio = ratio(theirs);
    }
    vec![r, b]
}

/// The same roster imported into an empty store as staff run it: through the server, with no
/// --create-community (an empty store creates the street and communities the file names).
/// Needs the roster `import` exported.
fn import_empty(base: &Path) -> Row {
    let csv = base.join("roster.csv");
    let target = base.join("import-empty-target");
    let _ = std::fs::remove_dir_all(&target);
    std::fs::create_dir_all(&target).expect("import-empty-target");
    let stop = common::StopServers(&target);
    let t = Instant::now();
    let out = Command::new(BIN)
        .arg("--data")
        .arg(&target)
        .arg("import")
        .arg(&csv)
        .arg("--json")
        .env_remove("GRIDBOOK_IN_PROCESS")
        .output()
        .expect("import");
    let took = t.elapsed();
    drop(stop);
    let _ = std::fs::remove_dir_all(&target);
    let metric = "roster import into an EMPTY store, via the server";
    if !out.status.success() {
        return row(
            metric,
            format!("FAILED: {}", String::from_utf8_lossy(&out.stderr).trim()),
            "",
        );
    }
    let json: serde_json::Value =
        serde_json::from_slice(&out.stdout).unwrap_or(serde_json::Value::Null);
    let s = &json["summary"];
    let n = |k: &str, one: &str, many: &str| {
        let n = s[k]
            .as_array()
            .map_or_else(|| s[k].as_u64().unwrap_or(0), |a| a.len() as u64);
        gridbook::i18n::count(n, one, many)
    };
    row(
        &format!(
            "{metric} ({}, {}, {}, {} created)",
            n("streets_created", "street", "streets"),
            n("communities_created", "community", "communities"),
            n("grids_created", "grid", "grids"),
            n("buildings_created", "building", "buildings"),
        ),
        format!("{:.2} s", took.as_secs_f64()),
        "",
    )
}

/// `gridbook serve` on the store, as on a community server, once it answers on its socket.
fn start_server(data: &Path) -> std::process::Child {
    let server = Command::new(BIN)
        .arg("--data")
        .arg(data)
        .args(["serve", "--idle", "1"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("the server");
    let deadline = Instant::now() + Duration::from_secs(60);
    while std::os::unix::net::UnixStream::connect(data.join("gridbook.sock")).is_err() {
        assert!(Instant::now() < deadline, "the server did not start");
        std::thread::sleep(Duration::from_millis(20));
    }
    server
}

/// Fifty clients saving visits through the server at once, and detail reads over the socket.
fn server_load(data: &Path) -> Vec<Row> {
    use gridbook::client::{Backend, Remote};
    let mut server = start_server(data);
    let sock = data.join("gridbook.sock");
    let connect = || {
        Remote::handshake(std::os::unix::net::UnixStream::connect(&sock).expect("socket"))
            .expect("handshake")
    };
    let first = connect();
    let o = first.overview().expect("overview");
    let mut households = Vec::new();
    for b in o.buildings.iter().take(40) {
        households.extend(
            first
                .households_in_building(b.id)
                .expect("households")
                .iter()
                .map(|h| h.id),
        );
    }
    // Detail reads over the socket: first just after the server started (as when the first
    // TUI of the day starts it; the search index is read or built meanwhile), then once the
    // index is ready (a search waits for it), as on a community server that runs all day.
    let read_all = |n: usize| -> Vec<Duration> {
        households
            .iter()
            .cycle()
            .take(n)
            .map(|h| {
                let t = Instant::now();
                let _ = first.household_detail(*h).expect("detail");
                t.elapsed()
            })
            .collect()
    };
    let mut cold = read_all(500);
    first.search("王", 5).expect("the search index");
    let mut reads = read_all(2000);
    let clients = 50;
    let per_client = 60;
    let visit_for = |h: gridbook::model::Id| gridbook::store::ops::NewVisit {
        household: h,
        at: gridbook::model::time::now() - 60,
        purpose: VisitPurpose::Routine,
        outcome: VisitOutcome::NotHome,
        met: vec![],
        findings: "压力测试".into(),
        needs: vec![],
        knock_again: None,
        amends: None,
        roster_checked: false,
    };
    // Closed loop: every client saves again as soon as its last save is acknowledged, which
    // finds the most the server can take (and the latency at that saturation).
    let start = Instant::now();
    let handles: Vec<_> = (0..clients)
        .map(|c| {
            let households = households.clone();
            let client = connect();
            std::thread::spawn(move || {
                let mut lat = Vec::new();
                for n in 0..per_client {
                    let h = households[(c * per_client + n) % households.len()];
                    let t = Instant::now();
                    client.add_visit(&visit_for(h)).expect("save");
                    lat.push(t.elapsed());
                }
                lat
            })
        })
        .collect();
    let mut all: Vec<Duration> = handles
        .into_iter()
        .flat_map(|h| h.join().expect("client"))
        .collect();
    let took = start.elapsed();
    // Open loop: the same 50 clients, each saving 40 times a second on a fixed schedule
    // (2,000 saves a second offered), latency counted from when each save was due.
    let paced: Vec<_> = (0..clients)
        .map(|c| {
            let households = households.clone();
            let client = connect();
            std::thread::spawn(move || {
                let every = Duration::from_millis(25);
                let begin = Instant::now() + Duration::from_micros(500 * c as u64);
                let mut lat = Vec::new();
                for n in 0..120u32 {
                    let due = begin + every * n;
                    if let Some(wait) = due.checked_duration_since(Instant::now()) {
                        std::thread::sleep(wait);
                    }
                    let h = households[(c * 7 + n as usize) % households.len()];
                    client.add_visit(&visit_for(h)).expect("save");
                    lat.push(due.elapsed());
                }
                lat
            })
        })
        .collect();
    let paced_start = Instant::now();
    let mut at_load: Vec<Duration> = paced
        .into_iter()
        .flat_map(|h| h.join().expect("client"))
        .collect();
    let paced_rate = at_load.len() as f64 / paced_start.elapsed().as_secs_f64();
    let _ = server.kill();
    let _ = server.wait();
    let per_sec = all.len() as f64 / took.as_secs_f64();
    vec![
        row(
            "server: 50 clients, durable writes per second",
            format!("{per_sec:.0}"),
            "≥ 2,000",
        ),
        row(
            "server: 50 clients, write p99 (closed loop)",
            ms(percentile(&mut all, 0.99)),
            "",
        ),
        row(
            &format!("server: 50 clients at 2,000/s offered ({paced_rate:.0}/s done), write p99"),
            ms(percentile(&mut at_load, 0.99)),
            "≤ 25 ms",
        ),
        row(
            "server: household detail read p99 just after it started",
            ms(percentile(&mut cold, 0.99)),
            "",
        ),
        row(
            "server: household detail read p50",
            ms(percentile(&mut reads, 0.5)),
            "",
        ),
        row(
            "server: household detail read p99",
            ms(percentile(&mut reads, 0.99)),
            "≤ 1 ms",
        ),
    ]
}

/// Start to first frame, and to the first frame with the tree and a household list.
fn startup(data: &Path) -> Vec<Row> {
    let mut first = Vec::new();
    let mut loaded = Vec::new();
    for _ in 0..10 {
        let t = Instant::now();
        let mut s = start_tui(data);
        let (at, _) = s.next_frame(0, 30).expect("a first frame");
        first.push(at - t);
        s.wait_for("the household list", 60, |sc| sc.contains("Visited"));
        loaded.push(t.elapsed());
        s.send("q");
        s.wait_exit(10);
    }
    vec![
        row(
            "start to first frame (median of 10)",
            ms(percentile(&mut first, 0.5)),
            "≤ 100 ms",
        ),
        row(
            "start to tree and households (median)",
            ms(percentile(&mut loaded, 0.5)),
            "",
        ),
    ]
}

/// Bytes the program wrote since chunk `mark`.
fn bytes_since(s: &pty::Session, mark: usize) -> usize {
    s.chunks
        .lock()
        .map(|c| c.iter().skip(mark).map(|(_, b)| b.len()).sum())
        .unwrap_or(0)
}

/// Cursor moves in the household list: key to frame, bytes per move (its first frame, until
/// settled, and with the key held), and peak memory.
fn navigation(data: &Path) -> Vec<Row> {
    let mut s = start_tui(data);
    s.wait_for("the household list", 60, |sc| sc.contains("Visited"));
    s.send("\t");
    s.settle(Duration::from_millis(100));
    let mut latency = Vec::new();
    let mut bytes = Vec::new();
    let mut settled = Vec::new();
    for i in 0..200 {
        let key = if (i / 5) % 2 == 0 { "j" } else { "k" };
        let mark = s.mark();
        let t = Instant::now();
        s.send(key);
        let (at, n) = s.next_frame(mark, 10).expect("a frame after the key");
        latency.push(at - t);
        bytes.push(n);
        // Every byte until the screen is settled: the detail follows once the cursor rests.
        s.settle(Duration::from_millis(150));
        settled.push(bytes_since(&s, mark));
    }
    // A held key: a move every 30 ms, then whatever comes once it is let go.
    let mark = s.mark();
    const HELD: usize = 100;
    for i in 0..HELD {
        s.send(if (i / 10) % 2 == 0 { "j" } else { "k" });
        std::thread::sleep(Duration::from_millis(30));
    }
    s.settle(Duration::from_millis(300));
    let held = bytes_since(&s, mark) / HELD;
    // Tree moves load a whole building's households: the heavier key.
    s.send("\t\t");
    s.settle(Duration::from_millis(100));
    let mut tree = Vec::new();
    for i in 0..60 {
        let key = if (i / 3) % 2 == 0 { "j" } else { "k" };
        let mark = s.mark();
        let t = Instant::now();
        s.send(key);
        let (at, _) = s.next_frame(mark, 10).expect("a frame after the key");
        tree.push(at - t);
        s.settle(Duration::from_millis(60));
    }
    let pid = s.child.process_id().unwrap_or(0);
    let hwm = std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|st| {
            st.lines().find(|l| l.starts_with("VmHWM:")).and_then(|l| {
                l.split_whitespace()
                    .nth(1)
                    .map(|kb| kb.parse::<f64>().unwrap_or(0.0))
            })
        })
        .map(|kb| format!("{:.1} MiB", kb / 1024.0))
        .unwrap_or_else(|| "unknown".into());
    s.send("q");
    s.wait_exit(10);
    bytes.sort();
    settled.sort();
    let mut tree2 = tree.clone();
    vec![
        row(
            "household cursor key to frame p50",
            ms(percentile(&mut latency, 0.5)),
            "≤ 5 ms",
        ),
        row(
            "household cursor key to frame p99",
            ms(percentile(&mut latency, 0.99)),
            "≤ 5 ms",
        ),
        row(
            "tree cursor key to frame p50",
            ms(percentile(&mut tree, 0.5)),
            "≤ 5 ms",
        ),
        row(
            "tree cursor key to frame p99",
            ms(percentile(&mut tree2, 0.99)),
            "≤ 5 ms",
        ),
        // The detail follows the cursor once it rests: a move's first frame is the cursor
        // line, and the bytes until settled add the detail of the household it rests on.
        row(
            "bytes for one cursor move, its first frame (median / p99 / max)",
            format!(
                "{} / {} / {}",
                bytes[bytes.len() / 2],
                bytes[(bytes.len() - 1) * 99 / 100],
                bytes[bytes.len() - 1]
            ),
            "≤ 300",
        ),
        row(
            "bytes for one cursor move until settled (median / p99 / max)",
            format!(
                "{} / {} / {}",
                settled[settled.len() / 2],
                settled[(settled.len() - 1) * 99 / 100],
                settled[settled.len() - 1]
            ),
            "",
        ),
        row(
            "bytes a move with the key held (30 ms apart)",
            held.to_string(),
            "≤ 600",
        ),
        row(
            "TUI peak resident memory (client of the server)",
            hwm,
            "≤ 64 MiB",
        ),
    ]
}

/// Durable visit saves on a scratch store, against one raw fsync on the same disk.
fn saves(base: &Path) -> Vec<Row> {
    let dir = base.join("scratch-saves");
    let _ = std::fs::remove_dir_all(&dir);
    // The real save path: a household of the fixture community, validated, with its audit entry.
    let store = common::small_store(&dir);
    // The peer: a small append and fdatasync on a file on the same disk, taken turn about
    // with the saves so that both see the disk as it is at that moment.
    let path = dir.join("fsync-probe");
    let mut f = std::fs::File::create(&path).expect("probe file");
    let mut save = Vec::new();
    let mut fsync = Vec::new();
    let now = gridbook::model::time::now();
    for n in 0..500u64 {
        let visit = gridbook::store::ops::NewVisit {
            household: 20 + n % 4,
            at: now - 600 + n as i64,
            purpose: VisitPurpose::Routine,
            outcome: VisitOutcome::Met,
            met: vec![],
            findings: "老人身体状况良好，家中无安全隐患。".into(),
            needs: vec![],
            knock_again: None,
            amends: None,
            roster_checked: false,
        };
        let t = Instant::now();
        store.add_visit("bench", &visit, now).expect("save");
        save.push(t.elapsed());
        use std::io::Write;
        f.write_all(&n.to_le_bytes()).expect("write");
        let t = Instant::now();
        f.sync_data().expect("fsync");
        fsync.push(t.elapsed());
    }
    drop(store);
    let _ = std::fs::remove_dir_all(&dir);
    let (s50, s99) = (percentile(&mut save, 0.5), percentile(&mut save, 0.99));
    let f50 = percentile(&mut fsync, 0.5);
    let mut r = row("durable visit save p50", ms(s50), "≤ 2 × fsync");
    r.peer = format!("fsync {}", ms(f50));
    r.ratio = format!("{:.2}×", s50.as_secs_f64() / f50.as_secs_f64());
    vec![r, row("durable visit save p99", ms(s99), "")]
}

/// Roster edits as `gridbook household edit` asks them (EditHousehold, in-process with
/// `Local`: validated, scoped, audited with before and after, followed by search), against one
/// raw fsync on the same disk; then new residents (AddResident), each searched for by name
/// from the moment its save returned until the hit comes back.
fn roster_edits(base: &Path) -> Vec<Row> {
    use gridbook::api::places::Search;
    use gridbook::api::roster::{AddResident, EditHousehold};
    use gridbook::client::{Ask, Local};
    use gridbook::store::roster::{HouseholdChange, NewResident};
    let dir = base.join("scratch-roster-edits");
    let _ = std::fs::remove_dir_all(&dir);
    let local = Local::new(common::small_store(&dir), "bench".into());
    let path = dir.join("fsync-probe");
    let mut f = std::fs::File::create(&path).expect("probe file");
    let mut edit = Vec::new();
    let mut fsync = Vec::new();
    for n in 0..500u64 {
        let change = HouseholdChange {
            note: Some(format!("第{n}次核实")),
            ..HouseholdChange::default()
        };
        let t = Instant::now();
        local
            .call(EditHousehold {
                household: 20 + n % 4,
                change,
            })
            .expect("edit");
        edit.push(t.elapsed());
        use std::io::Write;
        f.write_all(&n.to_le_bytes()).expect("write");
        let t = Instant::now();
        f.sync_data().expect("fsync");
        fsync.push(t.elapsed());
    }
    // Names no one else in the fixture has: 司马 and two of ten characters.
    let chars: Vec<char> = "甲乙丙丁戊己庚辛壬癸".chars().collect();
    let mut found = Vec::new();
    for n in 0..100usize {
        let name = format!("司马{}{}", chars[n / 10], chars[n % 10]);
        let resident = NewResident {
            name: name.clone(),
            relation: gridbook::model::Relation::Other,
            sex: Some(gridbook::model::Sex::Female),
            birth: Some(gridbook::model::time::day_of(common::ymd(1990, 1, 1))),
            id_number: String::new(),
            phone: String::new(),
            residence: gridbook::model::Residence::Resident,
            care_tags: vec![],
            party_member: false,
        };
        local
            .call(AddResident {
                household: 20 + (n as u64) % 4,
                resident,
            })
            .expect("add");
        let t = Instant::now();
        loop {
            let hits = local.call(Search(name.clone(), 5)).expect("search");
            if hits.iter().any(|h| h.name == name) {
                break;
            }
            assert!(
                t.elapsed() < Duration::from_secs(5),
                "{name} was never found"
            );
        }
        found.push(t.elapsed());
    }
    drop(local);
    let _ = std::fs::remove_dir_all(&dir);
    let (e50, e99) = (percentile(&mut edit, 0.5), percentile(&mut edit, 0.99));
    let f50 = percentile(&mut fsync, 0.5);
    let mut r = row("durable household edit p50", ms(e50), "≤ 2 × fsync");
    r.peer = format!("fsync {}", ms(f50));
    r.ratio = format!("{:.2}×", e50.as_secs_f64() / f50.as_secs_f64());
    let (s50, s99) = (percentile(&mut found, 0.5), percentile(&mut found, 0.99));
    vec![
        r,
        row("durable household edit p99", ms(e99), ""),
        row(
            "new resident found by search after its save, p50",
            ms(s50),
            "≤ 10 ms",
        ),
        row(
            "new resident found by search after its save, p99",
            ms(s99),
            "≤ 10 ms",
        ),
    ]
}

/// The report of households whose roster was not checked in 12 months (人口信息核实), over
/// the whole demo and over one grid, read from the visits-by-household index.
fn roster_report(data: &Path) -> Vec<Row> {
    stop_server(data);
    let store = Store::open(data, OpenOptions::default()).expect("the bench store");
    let today = gridbook::model::time::local_day(gridbook::model::time::now());
    let grid = store
        .all::<gridbook::model::Household>()
        .next()
        .and_then(|h| h.ok())
        .map_or(0, |h| h.grid);
    let t = Instant::now();
    let all = store
        .roster_unchecked(today, None, &Scope::everything(), usize::MAX)
        .expect("the report")
        .rows;
    let whole = t.elapsed();
    let t = Instant::now();
    let one = store
        .roster_unchecked(
            today,
            None,
            &Scope {
                grids: [grid].into(),
                ..Scope::default()
            },
            usize::MAX,
        )
        .expect("the report")
        .rows;
    let in_grid = t.elapsed();
    vec![
        row(
            &format!("rosters not checked, whole demo ({} households)", all.len()),
            ms(whole),
            "",
        ),
        row(
            &format!("rosters not checked, one grid ({} households)", one.len()),
            ms(in_grid),
            "",
        ),
    ]
}

/// The admin's lists and reports over the whole demo, through the server with the store warm
/// (each asked once to warm it, then the median of three): the commands as an admin types them,
/// and the report screen's set as the TUI asks it.
fn admin_lists(data: &Path, base: &Path) -> Vec<Row> {
    use gridbook::client::{Ask, Remote};
    let mut server = start_server(data);
    let today = gridbook::model::time::local_day(gridbook::model::time::now());
    let month = {
        use chrono::Datelike;
        let d = gridbook::model::time::date_of(today) - chrono::Months::new(1);
        format!("{:04}-{:02}", d.year(), d.month())
    };
    let ledger = base.join("scratch-ledger.csv");
    let median = |f: &dyn Fn()| -> Duration {
        f();
        let mut s: Vec<Duration> = (0..3)
            .map(|_| {
                let t = Instant::now();
                f();
                t.elapsed()
            })
            .collect();
        percentile(&mut s, 0.5)
    };
    let command = |args: &[&str]| {
        let out = Command::new(BIN)
            .arg("--data")
            .arg(data)
            .args(args)
            .output()
            .expect("gridbook runs");
        assert!(
            out.status.success(),
            "{args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    let ledger_arg = ledger.to_string_lossy().into_owned();
    let lists: [(&str, Vec<&str>, &str); 9] = [
        (
            "admin: followups (due in 7 days)",
            vec!["followups"],
            "≤ 200 ms",
        ),
        (
            "admin: followups --overdue --json",
            vec!["followups", "--overdue", "--json"],
            "≤ 200 ms",
        ),
        (
            "admin: report coverage",
            vec!["report", "coverage"],
            "≤ 200 ms",
        ),
        ("admin: report care", vec!["report", "care"], "≤ 200 ms"),
        (
            "admin: report overdue",
            vec!["report", "overdue"],
            "≤ 200 ms",
        ),
        (
            "admin: report disputes",
            vec!["report", "disputes"],
            "≤ 200 ms",
        ),
        ("admin: report roster", vec!["report", "roster"], "≤ 200 ms"),
        ("admin: report wishes", vec!["report", "wishes"], "≤ 200 ms"),
        (
            "admin: ledger visits, one month (CSV)",
            vec!["ledger", "visits", "--month", &month, "-o", &ledger_arg],
            "≤ 1 s",
        ),
    ];
    let mut rows: Vec<Row> = lists
        .iter()
        .map(|(metric, args, budget)| row(metric, ms(median(&|| command(args))), budget))
        .collect();
    let remote = Remote::handshake(
        std::os::unix::net::UnixStream::connect(data.join("gridbook.sock")).expect("socket"),
    )
    .expect("handshake");
    // What the report screen asks, as it asks it: the figures, the visit rules, the first
    // households whose roster was not checked (with their count), this month's wishes.
    let screen = median(&|| {
        remote
            .call(gridbook::api::reports::Reports(today))
            .expect("the report screen's set");
        let rules = remote
            .call(gridbook::api::admin::Rules)
            .expect("the visit rules");
        remote
            .call(gridbook::api::reports::RosterPage {
                today,
                months: Some(rules.roster_months),
                limit: gridbook::tui::app::ROSTER_SHOWN,
            })
            .expect("the rosters not checked");
        let this = gridbook::model::time::date_of(today)
            .format("%Y-%m")
            .to_string();
        remote
            .call(gridbook::api::reports::WishReport {
                month: gridbook::store::reports::Month::parse(&this).expect("a month"),
                today,
            })
            .expect("this month's wishes");
    });
    rows.push(row(
        "admin: the report screen's set",
        ms(screen),
        "≤ 200 ms",
    ));
    let _ = std::fs::remove_file(&ledger);
    drop(remote);
    stop_server(data);
    let _ = server.wait();
    rows
}

/// A grid captain's laptop: its first copy of one grid of the demo, a day of offline work
/// (500 visits), then `gridbook sync` end to end (the server running, a local command in
/// place of ssh), and a sync with nothing new.
fn sync(data: &Path, base: &Path) -> Vec<Row> {
    use gridbook::client::{Backend, Local};
    stop_server(data);
    let laptop = base.join("scratch-laptop");
    let _ = std::fs::remove_dir_all(&laptop);
    // The first copy, in-process: the captain of the first grid that has households.
    let store = std::sync::Arc::new(Store::open(data, OpenOptions::default()).expect("store"));
    let grids: Vec<gridbook::model::Grid> = store.all().map(|g| g.expect("grid")).collect();
    let grid = store
        .all::<gridbook::model::Household>()
        .next()
        .expect("a household")
        .expect("decodes")
        .grid;
    let staff = gridbook::model::Staff {
        user: "captain".into(),
        display_name: "网格长".into(),
        role: gridbook::model::Role::GridCaptain,
        grids: vec![grid],
        communities: vec![],
    };
    let scope = gridbook::model::scope::Scope::of(&staff, &grids);
    let cell = gridbook::search::SearchCell::start(store.clone());
    let server = Local::scoped(store.clone(), "captain".into(), scope, cell);
    let local = Local::new(
        Store::open(&laptop, OpenOptions::default()).expect("laptop"),
        "captain".into(),
    );
    let t = Instant::now();
    let (a, b) = std::os::unix::net::UnixStream::pair().expect("socket pair");
    let copy = std::thread::scope(|s| {
        let far = s.spawn(|| gridbook::cli::sync::serve(&server, b.try_clone().expect("clone"), b));
        let got = gridbook::cli::sync::drive(&local, "server", a.try_clone().expect("clone"), a);
        let _ = far.join();
        got.expect("the first copy")
    });
    let first = t.elapsed();
    drop(server);
    drop(store);
    // A day in the stairwells: 500 visits, each durable.
    let households: Vec<gridbook::model::Id> = local
        .store()
        .all::<gridbook::model::Household>()
        .map(|h| h.expect("household").id)
        .collect();
    let now = gridbook::model::time::now();
    for n in 0..500usize {
        local
            .add_visit(&gridbook::store::ops::NewVisit {
                household: households[n % households.len()],
                at: now - 8 * 3600 + n as i64 * 50,
                purpose: VisitPurpose::Routine,
                outcome: VisitOutcome::Met,
                met: vec![],
                findings: "老人身体状况良好，家中无安全隐患，已提醒冬季用电安全。".into(),
                needs: vec![],
                knock_again: None,
                amends: None,
                roster_checked: false,
            })
            .expect("visit");
    }
    drop(local);
    // The server as on a community server, and the sync as the captain types it.
    let mut served = start_server(data);
    let fake = common::fake_ssh(base);
    let run = || {
        let t = Instant::now();
        // Both sides as in the field: the laptop's own server starts on first use, and the
        // far side is a client of the community server.
        let out = Command::new(BIN)
            .env_remove("GRIDBOOK_IN_PROCESS")
            .arg("--data")
            .arg(&laptop)
            .args(["sync", "server", "--json", "--ssh"])
            .arg(&fake)
            .args(["--remote-gridbook", BIN, "--remote-data"])
            .arg(data)
            .output()
            .expect("gridbook sync");
        let took = t.elapsed();
        assert!(
            out.status.success(),
            "sync failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
        let bytes =
            v["bytes_sent"].as_u64().unwrap_or(0) + v["bytes_received"].as_u64().unwrap_or(0);
        (took, bytes, v["sent_records"].as_u64().unwrap_or(0))
    };
    let (day, day_bytes, sent) = run();
    let (idle, idle_bytes, _) = run();
    let _ = served.kill();
    let _ = served.wait();
    stop_server(&laptop);
    vec![
        row(
            &format!(
                "sync: first copy of one grid ({} records)",
                copy.received_records
            ),
            format!("{:.2} s", first.as_secs_f64()),
            "",
        ),
        row(
            &format!("sync after a day offline ({sent} visits up)"),
            format!(
                "{:.0} ms, {:.1} KB",
                day.as_secs_f64() * 1000.0,
                day_bytes as f64 / 1024.0
            ),
            "≤ 1 s, ≤ 200 KB",
        ),
        row(
            "sync with nothing new",
            format!(
                "{:.0} ms, {} bytes",
                idle.as_secs_f64() * 1000.0,
                idle_bytes
            ),
            "≤ 2 KB",
        ),
    ]
}

/// Runs the crash test's driver with this many SIGKILL cycles.
fn crash(cycles: usize) -> Row {
    let out = Command::new(env!("CARGO"))
        .args(["test", "--release", "--quiet", "--test", "crash"])
        .env("CRASH_CYCLES", cycles.to_string())
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output();
    let value = match out {
        Ok(o) => {
            let text = String::from_utf8_lossy(&o.stdout);
            let line = text
                .lines()
                .find(|l| l.starts_with("acknowledged_visits"))
                .unwrap_or("no result");
            let line = line.trim_start_matches("acknowledged_visits_survive_sigkill: ");
            if o.status.success() {
                line.to_string()
            } else {
                format!("FAILED: {line}")
            }
        }
        Err(e) => format!("could not run: {e}"),
    };
    row(
        &format!("crash test, {cycles} SIGKILLs"),
        value,
        "none lost",
    )
}

fn print_table(scale: &str, rows: &[Row]) {
    use unicode_width::UnicodeWidthStr;
    let header = Row {
        metric: "metric".into(),
        value: "value".into(),
        budget: "budget".into(),
        peer: "peer".into(),
        ratio: "ratio".into(),
    };
    let all: Vec<&Row> = std::iter::once(&header).chain(rows).collect();
    let w = |f: fn(&Row) -> &str| all.iter().map(|r| f(r).width()).max().unwrap_or(0);
    let widths = [
        w(|r| &r.metric),
        w(|r| &r.value),
        w(|r| &r.budget),
        w(|r| &r.peer),
        w(|r| &r.ratio),
    ];
    println!(
        "gridbook benchmark on the {scale} demo ({} cores)",
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    for r in all {
        let cells = [&r.metric, &r.value, &r.budget, &r.peer, &r.ratio];
        let line: Vec<String> = cells
            .iter()
            .zip(widths)
            .map(|(c, w)| format!("{c}{}", " ".repeat(w.saturating_sub(c.width()))))
            .collect();
        println!("| {} |", line.join(" | "));
    }
}

/// A campaign (战时) over every grid of the demo, as an admin asks it in-process: starting it
/// (one record, whatever the city), its tally per grid and in total (every household read),
/// and 200 door checks, each durable, against one raw fsync. The campaign is ended after.
fn campaign(data: &Path) -> Vec<Row> {
    use gridbook::api::campaigns::{CampaignStatus, CheckDoor, EndCampaign, StartCampaign};
    use gridbook::client::{Ask, Local};
    stop_server(data);
    let store = Store::open(data, OpenOptions::default()).expect("the bench store");
    let grids: Vec<u64> = store
        .all::<gridbook::model::Grid>()
        .map(|g| g.expect("a grid").id)
        .collect();
    // 200 doors checked in process, then 50 clients × 200 other doors through the server.
    let (clients, per_client) = (50usize, 200usize);
    let all: Vec<u64> = store
        .all::<gridbook::model::Household>()
        .take(200 + clients * per_client)
        .map(|h| h.expect("a household").id)
        .collect();
    let (households, remote_doors) = all.split_at(200.min(all.len()));
    let remote_doors = remote_doors.to_vec();
    let probe = data.join("fsync-probe");
    let admin = Local::new(store, "bench".into());
    let today = gridbook::model::time::local_day(gridbook::model::time::now());
    let t = Instant::now();
    let c = admin
        .call(StartCampaign {
            name: format!("bench {}", gridbook::model::time::now()),
            kind: gridbook::model::CampaignKind::Special,
            grids,
            started: today,
            deadline: today + 7,
            results: vec![],
        })
        .expect("start");
    let start = t.elapsed();
    let t = Instant::now();
    let lines = admin
        .call(CampaignStatus {
            campaign: Some(c.id),
            today,
        })
        .expect("tally");
    let tally = t.elapsed();
    let due = lines.first().map_or(0, |l| l.total.due);
    // The peer: the walk the tally made before it kept counters (every household of the
    // campaign's grids, and every check), counted the same way.
    let t = Instant::now();
    let latest = admin.store().latest_checks(c.id).expect("checks");
    let mut walked = gridbook::model::Tally::default();
    for (_, _, doors) in admin
        .store()
        .campaign_doors(&c, &|_, _| true)
        .expect("doors")
    {
        for h in doors {
            walked.count(latest.get(&h).map(|l| l.result.as_str()));
        }
    }
    let walk = t.elapsed();
    assert_eq!(
        walked.due, due,
        "the counters and the walk disagree on 应查"
    );
    // The next door of one grid: its households alone, against the walk over every household
    // that found them before.
    let grid = lines
        .first()
        .and_then(|l| l.grids.first())
        .map_or(0, |g| g.grid);
    let t = Instant::now();
    let next = admin
        .call(gridbook::api::campaigns::NextDoor {
            campaign: c.id,
            grid,
            building: None,
            after: None,
        })
        .expect("next door");
    let next_door = t.elapsed();
    assert!(next.is_some(), "the first grid has a door to check");
    let t = Instant::now();
    let _ = admin
        .store()
        .campaign_doors(&c, &|_, g| g == grid)
        .expect("doors");
    let next_walk = t.elapsed();
    let mut f = std::fs::File::create(&probe).expect("probe file");
    let (mut save, mut fsync) = (Vec::new(), Vec::new());
    for (n, h) in households.iter().enumerate() {
        let t = Instant::now();
        admin
            .call(CheckDoor {
                campaign: c.id,
                household: *h,
                result: if n % 5 == 0 { "无人在家" } else { "正常" }.into(),
                note: String::new(),
            })
            .expect("check");
        save.push(t.elapsed());
        use std::io::Write;
        f.write_all(&(n as u64).to_le_bytes()).expect("write");
        let t = Instant::now();
        f.sync_data().expect("fsync");
        fsync.push(t.elapsed());
    }
    let _ = std::fs::remove_file(&probe);
    drop(admin);
    let (shown50, shown99, reads, took) = campaign_live(data, c.id, today, &remote_doors, clients);
    let admin = Local::new(
        Store::open(data, OpenOptions::default()).expect("the bench store"),
        "bench".into(),
    );
    admin
        .call(EndCampaign {
            campaign: c.id,
            day: today,
        })
        .expect("end");
    let (s50, s99) = (percentile(&mut save, 0.5), percentile(&mut save, 0.99));
    let f50 = percentile(&mut fsync, 0.5);
    let mut r = row("campaign door check save p50", ms(s50), "≤ 2 × fsync");
    r.peer = format!("fsync {}", ms(f50));
    r.ratio = format!("{:.2}×", s50.as_secs_f64() / f50.as_secs_f64());
    vec![
        row(
            &format!("campaign start, whole demo ({due} households)"),
            ms(start),
            "≤ 2 s",
        ),
        {
            let mut r = row("campaign tally, whole demo", ms(tally), "≤ 1 s");
            r.peer = format!("walk {}", ms(walk));
            r.ratio = format!("{:.3}×", tally.as_secs_f64() / walk.as_secs_f64());
            r
        },
        {
            let mut r = row("campaign next door of a grid, whole demo", ms(next_door), "");
            r.peer = format!("walk {}", ms(next_walk));
            r
        },
        r,
        row("campaign door check save p99", ms(s99), ""),
        row(
            &format!(
                "campaign: {clients} clients checking ({} doors in {:.1} s), check to tally in another session p50 ({reads} tally reads)",
                remote_doors.len(),
                took.as_secs_f64()
            ),
            ms(shown50),
            "≤ 1 s",
        ),
        row(
            &format!("campaign: {clients} clients checking, check to tally in another session p99"),
            ms(shown99),
            "≤ 1 s",
        ),
    ]
}

/// Through the server: `clients` clients check the doors at once, each as soon as its last
/// check is answered, while another session does what a TUI does with the change events
/// (one tally read in flight, the events that came meanwhile coalesced into the next read).
/// For each check: the time from its reply until a tally read shows at least as many doors
/// checked as had been answered by then. Returns p50, p99, how many reads were made, and how
/// long the checking took.
fn campaign_live(
    data: &Path,
    campaign: u64,
    today: gridbook::model::time::Day,
    doors: &[u64],
    clients: usize,
) -> (Duration, Duration, usize, Duration) {
    use gridbook::api::campaigns::{CampaignStatus, CheckDoor};
    use gridbook::client::{Ask, Backend, Remote};
    // The store is free once the in-process session's search index is done with it.
    let deadline = Instant::now() + Duration::from_secs(120);
    while Store::open(data, OpenOptions::default()).is_err() {
        assert!(Instant::now() < deadline, "the bench store stayed locked");
        std::thread::sleep(Duration::from_millis(100));
    }
    let mut server = start_server(data);
    let sock = data.join("gridbook.sock");
    let connect = || {
        Remote::handshake(std::os::unix::net::UnixStream::connect(&sock).expect("socket"))
            .expect("handshake")
    };
    let watcher = connect();
    let checked = move |w: &Remote| -> u64 {
        w.call(CampaignStatus {
            campaign: Some(campaign),
            today,
        })
        .expect("tally")
        .first()
        .map_or(0, |l| l.total.checked)
    };
    let before = checked(&watcher);
    let (tx, rx) = std::sync::mpsc::channel::<()>();
    watcher.subscribe(Box::new(move |_| {
        let _ = tx.send(());
    }));
    let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let origin = Instant::now();
    let stop = done.clone();
    // (read ended, doors checked it showed), in order.
    let reads = std::thread::spawn(move || {
        let mut seen: Vec<(Duration, u64)> = Vec::new();
        while !stop.load(std::sync::atomic::Ordering::SeqCst) {
            if rx.recv_timeout(Duration::from_millis(200)).is_err() {
                continue;
            }
            while rx.try_recv().is_ok() {}
            let n = checked(&watcher);
            seen.push((origin.elapsed(), n.saturating_sub(before)));
        }
        seen
    });
    let per = doors.len() / clients.max(1);
    let handles: Vec<_> = (0..clients)
        .map(|k| {
            let mine = doors[k * per..(k + 1) * per].to_vec();
            let client = connect();
            std::thread::spawn(move || {
                let mut replies = Vec::new();
                for h in mine {
                    client
                        .call(CheckDoor {
                            campaign,
                            household: h,
                            result: "正常".into(),
                            note: String::new(),
                        })
                        .expect("check");
                    replies.push(origin.elapsed());
                }
                replies
            })
        })
        .collect();
    let mut replies: Vec<Duration> = handles
        .into_iter()
        .flat_map(|h| h.join().expect("client"))
        .collect();
    replies.sort();
    let took = replies.last().copied().unwrap_or_default();
    // The last events reach the watcher within a tick or two; then it stops.
    let last = replies.len() as u64;
    std::thread::sleep(Duration::from_millis(500));
    done.store(true, std::sync::atomic::Ordering::SeqCst);
    let seen = reads.join().expect("watcher");
    let _ = server.kill();
    let _ = server.wait();
    // The n-th reply (1-based) is shown by the first read ending after it that counts n.
    let mut shown: Vec<Duration> = replies
        .iter()
        .enumerate()
        .map(|(i, r)| {
            seen.iter()
                .find(|(end, n)| end >= r && *n > i as u64)
                .map_or(Duration::from_secs(3600), |(end, _)| *end - *r)
        })
        .collect();
    assert!(
        seen.last().is_some_and(|(_, n)| *n == last),
        "the watcher's last read showed {:?} of {last} checks",
        seen.last()
    );
    let reads_made = seen.len();
    (
        percentile(&mut shown, 0.5),
        percentile(&mut shown, 0.99),
        reads_made,
        took,
    )
}

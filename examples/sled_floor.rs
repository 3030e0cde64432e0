//! The floor sled 0.34.7 sets for a roster import (issue 16): the bytes a city import must
//! store, taken from a city store's records and index entries, written into an empty sled
//! in key order as fast as sled takes them, beside the fair sqlite3 peer in the same run.
//!
//! `cargo run --release --example sled_floor -- CITY_DIR ROSTER_CSV [SCRATCH_DIR]`
//!
//! Three layouts, each with plain inserts and with 2,000-key batches, on one and two threads,
//! each ended by one flush (the import's durable point):
//! - today: a household and its address entry, a resident and its entries under its
//!   household and its ID number (2 + 3r keys a household);
//! - 2 + r: one value a household holding it and its residents, its address entry, the
//!   ID-number entries;
//! - one key a household: the same value, nothing else.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use gridbook::store::{OpenOptions, Store, TreeId};

type Entries = Vec<(Vec<u8>, Vec<u8>)>;

/// A tree's name and the run of its entries one writer takes.
type Work<'a> = (&'static str, &'a [(Vec<u8>, Vec<u8>)]);

/// One layout: trees by name, each with its keys in order.
struct Layout {
    name: &'static str,
    trees: Vec<(&'static str, Entries)>,
}

impl Layout {
    fn keys(&self) -> usize {
        self.trees.iter().map(|(_, e)| e.len()).sum()
    }
    fn bytes(&self) -> usize {
        self.trees
            .iter()
            .flat_map(|(_, e)| e.iter())
            .map(|(k, v)| k.len() + v.len())
            .sum()
    }
}

fn read(store: &Store, id: TreeId) -> Entries {
    store
        .tree(id)
        .iter()
        .map(|kv| {
            let (k, v) = kv.expect("a stored entry");
            (k.to_vec(), v.to_vec())
        })
        .collect()
}

fn layouts(city: &Path) -> (Vec<Layout>, usize) {
    let store = Store::open(city, OpenOptions::default()).expect("the city store");
    let households = read(&store, TreeId::Households);
    let residents = read(&store, TreeId::Residents);
    let by_building = read(&store, TreeId::HouseholdsByBuilding);
    let by_household = read(&store, TreeId::ResidentsByHousehold);
    let by_id_number = read(&store, TreeId::ResidentsByIdNumber);
    drop(store);
    // A household's value: its record, then each resident's, each after its length.
    let resident_at: HashMap<&[u8], &[u8]> = residents
        .iter()
        .map(|(k, v)| (k.as_slice(), v.as_slice()))
        .collect();
    let mut people: HashMap<&[u8], Vec<&[u8]>> = HashMap::new();
    for (k, _) in &by_household {
        if let Some(r) = resident_at.get(&k[8..]) {
            people.entry(&k[..8]).or_default().push(r);
        }
    }
    let whole: Entries = households
        .iter()
        .map(|(k, v)| {
            let mut out = Vec::with_capacity(v.len() + 256);
            for part in std::iter::once(v.as_slice())
                .chain(people.get(k.as_slice()).into_iter().flatten().copied())
            {
                out.extend_from_slice(&(part.len() as u32).to_le_bytes());
                out.extend_from_slice(part);
            }
            (k.clone(), out)
        })
        .collect();
    drop(people);
    drop(resident_at);
    let n = households.len();
    let layouts = vec![
        Layout {
            name: "today, 2 + 3r keys",
            trees: vec![
                ("households", households),
                ("residents", residents),
                ("idx_households_by_building", by_building.clone()),
                ("idx_residents_by_household", by_household),
                ("idx_residents_by_id_number", by_id_number.clone()),
            ],
        },
        Layout {
            name: "2 + r keys (household whole)",
            trees: vec![
                ("households", whole.clone()),
                ("idx_households_by_building", by_building),
                ("idx_residents_by_id_number", by_id_number),
            ],
        },
        Layout {
            name: "1 key a household",
            trees: vec![("households", whole)],
        },
    ];
    (layouts, n)
}

/// Each lane's share of the work: trees whole, largest first to the lighter lane; a layout
/// of one tree is split at its middle key.
fn lanes(layout: &Layout, threads: usize) -> Vec<Vec<Work<'_>>> {
    let mut work: Vec<Work<'_>> = Vec::new();
    for (name, e) in &layout.trees {
        if layout.trees.len() == 1 && threads > 1 {
            let mid = e.len() / 2;
            work.push((name, &e[..mid]));
            work.push((name, &e[mid..]));
        } else {
            work.push((name, e));
        }
    }
    work.sort_by_key(|(_, e)| std::cmp::Reverse(e.len()));
    let mut out = vec![Vec::new(); threads];
    let mut load = vec![0usize; threads];
    for w in work {
        let lane = (0..threads).min_by_key(|&i| load[i]).unwrap_or(0);
        load[lane] += w.1.len();
        out[lane].push(w);
    }
    out
}

/// Writes a layout into a new sled (configured as gridbook's import opens it) and flushes.
fn write(dir: &Path, layout: &Layout, batched: bool, threads: usize) -> Duration {
    let _ = std::fs::remove_dir_all(dir);
    let db = sled::Config::new()
        .path(dir)
        .cache_capacity(512 << 20)
        .mode(sled::Mode::HighThroughput)
        .flush_every_ms(None)
        .open()
        .expect("a new sled");
    let lanes = lanes(layout, threads);
    let t = Instant::now();
    std::thread::scope(|s| {
        for lane in lanes {
            let db = &db;
            s.spawn(move || {
                for (name, entries) in lane {
                    let tree = db.open_tree(name).expect("a tree");
                    if batched {
                        for chunk in entries.chunks(2_000) {
                            let mut b = sled::Batch::default();
                            for (k, v) in chunk {
                                b.insert(k.as_slice(), v.as_slice());
                            }
                            tree.apply_batch(b).expect("a batch");
                        }
                    } else {
                        for (k, v) in entries {
                            tree.insert(k.as_slice(), v.as_slice()).expect("an insert");
                        }
                    }
                }
            });
        }
    });
    db.flush().expect("the flush");
    let took = t.elapsed();
    drop(db);
    let _ = std::fs::remove_dir_all(dir);
    took
}

/// The fair peer (bench/fair_peer.sql) on the roster: its time, or None without sqlite3.
fn sqlite(csv: &Path, scratch: &Path) -> Option<Duration> {
    use std::io::Write;
    let db = scratch.join("floor-peer.db");
    let _ = std::fs::remove_file(&db);
    let script =
        include_str!("../bench/fair_peer.sql").replace("{csv}", &csv.display().to_string());
    let t = Instant::now();
    let mut child = std::process::Command::new("sqlite3")
        .arg(&db)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .spawn()
        .ok()?;
    child.stdin.take()?.write_all(script.as_bytes()).ok()?;
    let ok = child.wait().ok()?.success();
    let took = t.elapsed();
    let _ = std::fs::remove_file(&db);
    ok.then_some(took)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(city), Some(csv)) = (args.first(), args.get(1)) else {
        eprintln!("usage: sled_floor CITY_DIR ROSTER_CSV [SCRATCH_DIR]");
        std::process::exit(2);
    };
    let scratch = args.get(2).map_or_else(std::env::temp_dir, PathBuf::from);
    let (csv, scratch) = (Path::new(csv), scratch.as_path());
    let (layouts, households) = layouts(Path::new(city));
    let peer = |label: &str| match sqlite(csv, scratch) {
        Some(d) => println!("fair sqlite3 peer ({label}): {:.2} s", d.as_secs_f64()),
        None => println!("fair sqlite3 peer ({label}): sqlite3 missing or failed"),
    };
    peer("before");
    for l in &layouts {
        println!(
            "{}: {} keys ({:.2} a household), {:.0} MB",
            l.name,
            l.keys(),
            l.keys() as f64 / households as f64,
            l.bytes() as f64 / 1e6
        );
        for batched in [false, true] {
            for threads in [1, 2] {
                let took = write(&scratch.join("floor-sled"), l, batched, threads);
                println!(
                    "  {:<8} {} thread{}: {:.2} s",
                    if batched { "batches" } else { "inserts" },
                    threads,
                    if threads == 1 { "" } else { "s" },
                    took.as_secs_f64()
                );
            }
        }
    }
    peer("after");
}

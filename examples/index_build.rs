//! Times the search index build on a store: `cargo run --release --example index_build -- DIR
//! [RUNS]` prints the median and fastest of RUNS builds (default 15), after one warm-up.

use std::time::{Duration, Instant};

use gridbook::search::SearchIndex;
use gridbook::store::{OpenOptions, Store};

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(dir) = args.next() else {
        eprintln!("usage: index_build DIR [RUNS]");
        std::process::exit(2);
    };
    let runs: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(15);
    let store = Store::open(std::path::Path::new(&dir), OpenOptions::default())
        .unwrap_or_else(|e| panic!("{dir}: {e}"));
    let warm = SearchIndex::build(&store).expect("the index");
    let residents = warm.shape().residents;
    drop(warm);
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            let index = SearchIndex::build(&store).expect("the index");
            let took = t.elapsed();
            drop(index);
            took
        })
        .collect();
    times.sort();
    println!(
        "{residents} residents, {runs} builds: median {:.2} ms, fastest {:.2} ms",
        times[runs / 2].as_secs_f64() * 1e3,
        times[0].as_secs_f64() * 1e3
    );
}

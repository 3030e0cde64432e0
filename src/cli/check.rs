//! `gridbook check`: says whether the store is sound, and exactly what is wrong if not.

use std::path::Path;

use crate::store::{check, OpenOptions};

pub fn run(dir: &Path) -> anyhow::Result<()> {
    let backend = crate::client::connect(dir, OpenOptions::default())?;
    let report = check::check(backend.store())?;
    if report.problems.is_empty() {
        println!(
            "the store is sound: {} records and {} index entries agree",
            report.records, report.index_entries
        );
        return Ok(());
    }
    for p in &report.problems {
        println!("{p}");
    }
    anyhow::bail!(
        "the store has {} problems, listed above; restore a backup or report them",
        report.problems.len()
    )
}

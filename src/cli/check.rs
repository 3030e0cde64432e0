//! `gridbook check`: says whether the store is sound, and exactly what is wrong if not.

use std::path::Path;

pub fn run(dir: &Path) -> anyhow::Result<()> {
    let backend = crate::client::open(dir)?;
    let report = backend.check()?;
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

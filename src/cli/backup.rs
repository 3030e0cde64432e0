//! `gridbook backup FILE` and `gridbook restore FILE`: copies an admin can trust.

use std::path::{Path, PathBuf};

pub fn backup(dir: &Path, file: &Path) -> anyhow::Result<()> {
    // The server writes the file: give it a path that means the same to it.
    let file: PathBuf = if file.is_absolute() {
        file.to_path_buf()
    } else {
        std::env::current_dir()?.join(file)
    };
    let backend = crate::client::open(dir)?;
    let s = backend.backup(&file)?;
    println!(
        "backed up {} entries ({:.1} MB) to {}",
        s.entries,
        s.bytes as f64 / 1e6,
        file.display()
    );
    Ok(())
}

pub fn restore(dir: &Path, file: &Path) -> anyhow::Result<()> {
    let s = crate::store::backup::restore(file, dir)?;
    let store = crate::store::Store::open(dir, Default::default())?;
    let report = crate::store::check::check(&store)?;
    if !report.problems.is_empty() {
        anyhow::bail!(
            "the restored store in {} does not pass check ({}); keep the backup and report it",
            dir.display(),
            report.problems[0]
        );
    }
    println!(
        "restored {} entries from {} into {}; check passed",
        s.entries,
        file.display(),
        dir.display()
    );
    Ok(())
}

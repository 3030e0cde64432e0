//! `gridbook backup FILE` and `gridbook restore FILE`: copies an admin can trust.

use crate::cli::out::outln;

use std::path::{Path, PathBuf};

use crate::i18n::{localize, Lang};
use crate::tr;

pub fn backup(dir: &Path, file: &Path, lang: Lang) -> anyhow::Result<()> {
    // The server writes the file: give it a path that means the same to it.
    let file: PathBuf = if file.is_absolute() {
        file.to_path_buf()
    } else {
        std::env::current_dir()?.join(file)
    };
    let backend = crate::client::open(dir)?;
    let s = backend.backup(&file)?;
    let (n, mb, file) = (s.entries, s.bytes as f64 / 1e6, file.display());
    outln!(
        "{}",
        tr!(
            lang,
            "已备份 {n} 条（{mb:.1} MB）到 {file}",
            "backed up {n} entries ({mb:.1} MB) to {file}"
        )
    );
    Ok(())
}

pub fn restore(dir: &Path, file: &Path, lang: Lang) -> anyhow::Result<()> {
    let s = crate::store::backup::restore(file, dir)?;
    let store = crate::store::Store::open(dir, Default::default())?;
    let report = crate::store::check::check(&store)?;
    if !report.problems.is_empty() {
        let (dir, first) = (dir.display(), localize(&report.problems[0], lang));
        anyhow::bail!(tr!(
            lang,
            "恢复到 {dir} 的数据没有通过检查（{first}）；请保留备份并报告此事",
            "the restored store in {dir} does not pass check ({first}); keep the backup and report it"
        ));
    }
    let (n, file, dir) = (s.entries, file.display(), dir.display());
    outln!(
        "{}",
        tr!(
            lang,
            "已从 {file} 恢复 {n} 条到 {dir}；检查通过",
            "restored {n} entries from {file} into {dir}; check passed"
        )
    );
    Ok(())
}

//! `gridbook backup FILE` and `gridbook restore FILE`: copies an admin can trust. The server
//! hands the sealed backup over; this process writes it, as its own user, to a new file.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::api::tables::Part;
use crate::cli::out::outln;
use crate::client::Ask;
use crate::i18n::{localize, Lang};
use crate::store::backup::{write_new, RestoreOptions};
use crate::store::StoreError;
use crate::tr;

#[derive(Debug, clap::Args)]
pub struct RestoreArgs {
    /// The backup file.
    pub file: PathBuf,
    /// The backup key of the store the backup was made of (its backup.key, kept apart from the backups).
    #[arg(long, value_name = "FILE")]
    pub key: Option<PathBuf>,
    /// Restore a backup made before backups were sealed, which nothing vouches for.
    #[arg(long)]
    pub unsealed: bool,
}

pub fn backup(dir: &Path, file: &Path, lang: Lang) -> anyhow::Result<()> {
    let out_dir = match file.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let store_error = |e| match e {
        crate::client::BackendError::Store(s) => s,
        other => crate::model::Invalid::new(other.to_string()).into(),
    };
    // The name is refused before the server is asked anything if a file has it.
    let s = write_new(file, |f| {
        let backend = crate::client::open(dir).map_err(store_error)?;
        let mut failed: Option<std::io::Error> = None;
        let summary = backend
            .call_parts(crate::api::admin::Backup, &mut |part| {
                if let (Part::Backup(bytes), None) = (part, &failed) {
                    failed = f.write_all(&bytes).err();
                }
            })
            .map_err(store_error)?;
        match failed {
            Some(source) => Err(StoreError::io(&out_dir, source)),
            None => Ok(summary),
        }
    })?;
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

pub fn restore(dir: &Path, args: &RestoreArgs, lang: Lang) -> anyhow::Result<()> {
    let opts = RestoreOptions {
        key: args.key.clone(),
        unsealed: args.unsealed,
    };
    let file = &args.file;
    let s = crate::store::backup::restore(file, dir, &opts)?;
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

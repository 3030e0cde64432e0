//! The durable mark: a count, kept in sled, raised each time sled is made durable, and its
//! last durable value recorded in a file beside sled; a sled that opens short of the record
//! lost what was saved after a damaged spot, and the store refuses to open.
//!
//! Why a count of its own and not the journal's batch number: the demo, an import, a restore
//! and sync's own writes go around the batches, so the batch number does not move with them.
//! The record is written only after sled's flush and fsync, so it is never ahead of what sled
//! holds durably: a crash at any point leaves it equal or behind, never a false alarm.

use std::fs::File;
use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;

use super::{read_u64, Result, StoreError};
use crate::model::Invalid;

/// The meta key of the mark sled holds.
pub(super) const MARK: &[u8] = b"durable_mark";
/// The record of the last mark made durable, in the data directory.
pub const FILE: &str = "durable";

/// The mark recorded in `dir`; 0 where there is none (a new store, or one made before the
/// record was kept) or it does not read.
fn recorded(dir: &Path) -> u64 {
    std::fs::read_to_string(dir.join(FILE))
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(0)
}

/// Records `mark` as durable: written beside the record, made durable, renamed over it, and
/// the rename made durable; never half written.
pub(super) fn record(dir: &Path, mark: u64) -> std::io::Result<()> {
    let tmp = dir.join(format!("{FILE}.tmp"));
    let mut f = File::options()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(&tmp)?;
    f.write_all(format!("{mark}\n").as_bytes())?;
    f.sync_all()?;
    std::fs::rename(&tmp, dir.join(FILE))?;
    File::open(dir)?.sync_all()
}

/// Sled's `meta` tree as it opened, against the record in `dir`: short of it is damage.
pub(super) fn check(dir: &Path, meta: &sled::Tree) -> Result<()> {
    let held = read_u64(meta.get(MARK).map_err(|e| StoreError::from(e).at(dir))?);
    let durable = recorded(dir);
    if held >= durable {
        return Ok(());
    }
    let dir = dir.display();
    Err(StoreError::Invalid(Invalid::new(format!(
        "the store's files in {dir} are damaged: they hold what was saved up to checkpoint {held}, but checkpoint {durable} was reached, so the saves after it are missing; restore the last backup into a new directory (`gridbook --data NEWDIR restore BACKUP --key KEYFILE`), or move {dir} aside and start again"
    ))))
}

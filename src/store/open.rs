//! Opening a store: the directory layout, a crash's leftovers moved aside, the lock explained.

use std::fs::{self, File};
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::commit::JOURNAL_SEQ;
use super::journal::{Entry, Journal};
use super::{CodecError, OpenOptions, Result, Store, StoreError, TreeId};

/// sled's own files live here, under the data directory.
pub const SLED_DIR: &str = "sled";
/// Leftovers of a crash are moved here rather than deleted.
pub const RECOVERED_DIR: &str = "recovered";

fn io(dir: &Path) -> impl Fn(std::io::Error) -> StoreError + '_ {
    move |source| StoreError::io(dir, source)
}

pub fn open(dir: &Path, opts: OpenOptions) -> Result<Store> {
    let sled_dir = dir.join(SLED_DIR);
    fs::create_dir_all(&sled_dir).map_err(io(dir))?;
    let notices = move_stray_snapshots(dir, &sled_dir)?;
    let db = open_sled(dir, &sled_dir, opts)?;
    let mut trees = Vec::with_capacity(TreeId::ALL.len());
    for id in TreeId::ALL {
        debug_assert_eq!(id as usize, trees.len());
        trees.push(
            db.open_tree(id.name())
                .map_err(|e| StoreError::from(e).at(dir))?,
        );
    }
    // A sled that opened short of what was made durable lost saves to damage.
    super::mark::check(dir, &trees[TreeId::Meta as usize])?;
    let db_file = File::options()
        .read(true)
        .open(sled_dir.join("db"))
        .map_err(io(dir))?;
    let (journal, journaled, damaged) = Journal::open(dir).map_err(io(dir))?;
    let mut store = Store {
        db,
        trees,
        db_file,
        dir: dir.to_path_buf(),
        hlc: Mutex::new(0),
        origin: std::sync::atomic::AtomicU64::new(0),
        frozen_at: std::sync::atomic::AtomicI64::new(i64::MIN),
        skew_ms: std::sync::atomic::AtomicI64::new(0),
        gate: std::sync::RwLock::new(()),
        written: std::sync::atomic::AtomicU64::new(0),
        synced: Mutex::new(0),
        commits: Default::default(),
        journal: Mutex::new(journal),
        notices,
    };
    // A record of the journal that does not read is said, never passed over in silence.
    let held = super::read_u64(store.tree(TreeId::Meta).get(JOURNAL_SEQ)?);
    let damage = super::journal::report_damage(dir, held, &damaged);
    store.notices.extend(damage);
    // Batches acknowledged from the journal that sled had not made durable go back in first.
    if let Some(notice) = replay(&store, &journaled)? {
        store.notices.push(notice);
    }
    store.load_sync_state()?;
    // An import cut short by a crash is rolled back before anything reads the store.
    if let Some(notice) = super::import::recover(&store)? {
        store.notices.push(notice);
    }
    if let Some(notice) = store.index_central_links()? {
        store.notices.push(notice);
    }
    // A store written by an older gridbook gets its household digests once.
    if let Some(notice) = super::digest::migrate(&store)? {
        store.notices.push(notice);
    }
    if let Some(notice) = super::tally::migrate(&store)? {
        store.notices.push(notice);
    }
    if let Some(notice) = super::rollup::migrate(&store)? {
        store.notices.push(notice);
    }
    if let Some(notice) = super::visit_lines::migrate(&store)? {
        store.notices.push(notice);
    }

    for n in &store.notices {
        crate::log::line(dir, n);
    }
    Ok(store)
}

/// Applies the journal's batches that sled does not hold (those after the last batch number
/// sled has), each in one transaction, and makes the store durable; then the journal starts
/// over. Says what it did, if anything.
fn replay(store: &Store, journaled: &[Entry]) -> Result<Option<String>> {
    let held = super::read_u64(store.tree(TreeId::Meta).get(JOURNAL_SEQ)?);
    let missing: Vec<&Entry> = journaled.iter().filter(|e| e.seq > held).collect();
    if !missing.is_empty() {
        crate::log::status(&format!(
            "recovering: replaying {} saved batches",
            missing.len()
        ));
    }
    for entry in &missing {
        if entry
            .writes
            .iter()
            .any(|w| usize::from(w.0) >= TreeId::ALL.len())
        {
            return Err(StoreError::Codec(CodecError::Malformed(format!(
                "batch {} of the write journal names a tree this build does not know",
                entry.seq
            ))));
        }
        store.apply_atomically(&entry.writes)?;
    }
    // What sled recovered may so far be only in the system's cache (a killed process, not
    // a lost disk): made durable before the journal's records are written over.
    store.durable()?;
    let mut journal = store.journal.lock().unwrap_or_else(|p| p.into_inner());
    journal.seq = journal.seq.max(held);
    journal.restart();
    if missing.is_empty() {
        return Ok(None);
    }
    Ok(Some(format!(
        "replayed {} saved batches from the write journal that the store had not yet written",
        missing.len()
    )))
}

/// A crash while sled writes a snapshot leaves `snap.*.generating`, and sled then refuses to
/// open. Such a file is incomplete by definition; it is moved to `recovered/`, never deleted.
fn move_stray_snapshots(dir: &Path, sled_dir: &Path) -> Result<Vec<String>> {
    let mut notices = Vec::new();
    let Ok(entries) = fs::read_dir(sled_dir) else {
        return Ok(notices);
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with("snap.") && name.ends_with(".generating") {
            let aside: PathBuf = dir.join(RECOVERED_DIR);
            fs::create_dir_all(&aside).map_err(io(dir))?;
            let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%S");
            let target = aside.join(format!("{name}.{stamp}"));
            fs::rename(entry.path(), &target).map_err(io(dir))?;
            notices.push(format!(
                "moved an unfinished snapshot left by a crash, {name}, to {}",
                target.display()
            ));
        }
    }
    Ok(notices)
}

/// Opens sled, waiting up to a second for a process that is just closing the store to let go
/// of its lock (sled's threads hold the file a moment after the store is dropped).
fn open_sled(dir: &Path, sled_dir: &Path, opts: OpenOptions) -> Result<sled::Db> {
    let mut tries = 0;
    loop {
        let config = sled::Config::new()
            .path(sled_dir)
            .cache_capacity(opts.cache_bytes)
            .mode(sled::Mode::HighThroughput)
            .flush_every_ms(if opts.bulk { None } else { Some(500) });
        // sled panics on some damaged files rather than saying so: that is damage too.
        let Ok(opened) = quietly(|| config.open()) else {
            return Err(StoreError::damaged(dir));
        };
        match opened {
            Ok(db) => return Ok(db),
            Err(sled::Error::Io(ref e))
                if e.kind() == ErrorKind::Other
                    && e.to_string().contains("could not acquire lock") =>
            {
                tries += 1;
                if tries >= 50 {
                    return Err(StoreError::Locked(dir.to_path_buf()));
                }
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            Err(other) => return Err(StoreError::Sled(other).at(dir)),
        }
    }
}

/// Runs `f`, its panic (a bug of a library on a damaged file) caught and not printed.
fn quietly<R>(f: impl FnOnce() -> R) -> std::thread::Result<R> {
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    std::panic::set_hook(hook);
    r
}

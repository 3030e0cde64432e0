//! Opening a store: the directory layout, a crash's leftovers moved aside, the lock explained.

use std::fs::{self, File};
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::{OpenOptions, Result, Store, StoreError, TreeId};

/// sled's own files live here, under the data directory.
pub const SLED_DIR: &str = "sled";
/// Leftovers of a crash are moved here rather than deleted.
pub const RECOVERED_DIR: &str = "recovered";

fn io(dir: &Path) -> impl Fn(std::io::Error) -> StoreError + '_ {
    move |source| StoreError::Io {
        dir: dir.to_path_buf(),
        source,
    }
}

pub fn open(dir: &Path, opts: OpenOptions) -> Result<Store> {
    let sled_dir = dir.join(SLED_DIR);
    fs::create_dir_all(&sled_dir).map_err(io(dir))?;
    let notices = move_stray_snapshots(dir, &sled_dir)?;
    let db = sled::Config::new()
        .path(&sled_dir)
        .cache_capacity(opts.cache_bytes)
        .mode(sled::Mode::HighThroughput)
        .open()
        .map_err(|e| match e {
            sled::Error::Io(ref io)
                if io.kind() == ErrorKind::Other
                    && io.to_string().contains("could not acquire lock") =>
            {
                StoreError::Locked(dir.to_path_buf())
            }
            other => StoreError::Sled(other),
        })?;
    let mut trees = Vec::with_capacity(TreeId::ALL.len());
    for id in TreeId::ALL {
        debug_assert_eq!(id as usize, trees.len());
        trees.push(db.open_tree(id.name())?);
    }
    let db_file = File::options()
        .read(true)
        .open(sled_dir.join("db"))
        .map_err(io(dir))?;
    let store = Store {
        db,
        trees,
        db_file,
        dir: dir.to_path_buf(),
        hlc: Mutex::new(0),
        id_floor: std::sync::atomic::AtomicU64::new(0),
        notices,
    };
    let floor = store
        .tree(TreeId::Meta)
        .get(super::ID_FLOOR)?
        .and_then(|v| v.as_ref().try_into().ok().map(u64::from_be_bytes))
        .unwrap_or(0);
    store
        .id_floor
        .store(floor, std::sync::atomic::Ordering::SeqCst);
    for n in &store.notices {
        crate::log::line(dir, n);
    }
    Ok(store)
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

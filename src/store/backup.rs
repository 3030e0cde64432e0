//! Backups an admin can trust: a consistent point-in-time copy of every tree into one
//! versioned, checksummed file written atomically; restore refuses a damaged or foreign file.

use std::io::{BufReader, BufWriter, Read, Write};
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::{OpenOptions, Result, Store, StoreError, TreeId};
use crate::model::Invalid;

const MAGIC: &[u8; 16] = b"GRIDBOOK-BACKUP\n";
const VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackupSummary {
    pub entries: u64,
    pub bytes: u64,
}

fn io(path: &Path) -> impl Fn(std::io::Error) -> StoreError + '_ {
    move |source| StoreError::Io {
        dir: path.to_path_buf(),
        source,
    }
}

fn bad(path: &Path, why: &str) -> StoreError {
    StoreError::Invalid(Invalid::new(format!(
        "{} is not a gridbook backup that can be restored: {why}",
        path.display()
    )))
}

/// Counts and checksums what passes through.
struct Summing<W> {
    inner: W,
    crc: crc32fast::Hasher,
    bytes: u64,
}

impl<W: Write> Write for Summing<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.crc.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

fn put(w: &mut impl Write, bytes: &[u8]) -> std::io::Result<()> {
    w.write_all(&(bytes.len() as u32).to_be_bytes())?;
    w.write_all(bytes)
}

impl Store {
    /// Writes a point-in-time copy to `path`: writes wait while it is taken (they do not
    /// fail), the file is written beside its target and renamed into place once synced.
    pub fn backup_to(&self, path: &Path) -> Result<BackupSummary> {
        let tmp = path.with_extension("partial");
        let file = std::fs::File::create(&tmp).map_err(io(&tmp))?;
        let mut w = Summing {
            inner: BufWriter::with_capacity(1 << 20, file),
            crc: crc32fast::Hasher::new(),
            bytes: 0,
        };
        let mut entries = 0u64;
        {
            let _pause = self.gate.write().unwrap_or_else(|p| p.into_inner());
            w.write_all(MAGIC).map_err(io(&tmp))?;
            w.write_all(&VERSION.to_be_bytes()).map_err(io(&tmp))?;
            for id in TreeId::ALL {
                for kv in self.tree(id).iter() {
                    let (k, v) = kv?;
                    w.write_all(&[1]).map_err(io(&tmp))?;
                    put(&mut w, id.name().as_bytes()).map_err(io(&tmp))?;
                    put(&mut w, &k).map_err(io(&tmp))?;
                    put(&mut w, &v).map_err(io(&tmp))?;
                    entries += 1;
                }
            }
        }
        w.write_all(&[0]).map_err(io(&tmp))?;
        w.write_all(&entries.to_be_bytes()).map_err(io(&tmp))?;
        let crc = w.crc.clone().finalize();
        let bytes = w.bytes + 4;
        let mut inner = w.inner;
        inner.write_all(&crc.to_be_bytes()).map_err(io(&tmp))?;
        let file = inner.into_inner().map_err(|e| io(&tmp)(e.into_error()))?;
        file.sync_all().map_err(io(&tmp))?;
        std::fs::rename(&tmp, path).map_err(io(path))?;
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            if let Ok(d) = std::fs::File::open(parent) {
                let _ = d.sync_all();
            }
        }
        Ok(BackupSummary { entries, bytes })
    }
}

/// Restores a backup into `dir`, which must be empty; the file is checked whole first.
pub fn restore(path: &Path, dir: &Path) -> Result<BackupSummary> {
    if dir.exists() && std::fs::read_dir(dir).map_err(io(dir))?.next().is_some() {
        return Err(Invalid::new(format!(
            "{} is not empty; restore into a new, empty directory",
            dir.display()
        ))
        .into());
    }
    // First pass: the checksum and the shape, before anything is written.
    let data = std::fs::read(path).map_err(io(path))?;
    if data.len() < MAGIC.len() + 4 + 1 + 8 + 4 || &data[..MAGIC.len()] != MAGIC {
        return Err(bad(path, "it does not start like one"));
    }
    let (body, tail) = data.split_at(data.len() - 4);
    let want = u32::from_be_bytes([tail[0], tail[1], tail[2], tail[3]]);
    if crc32fast::hash(body) != want {
        return Err(bad(path, "its checksum does not match, so it is damaged"));
    }
    let version = u32::from_be_bytes(body[16..20].try_into().unwrap_or([0; 4]));
    if version != VERSION {
        return Err(bad(
            path,
            &format!("it is format {version}; this gridbook reads {VERSION}"),
        ));
    }
    let store = Store::open(
        dir,
        OpenOptions {
            bulk: true,
            ..OpenOptions::default()
        },
    )?;
    let mut r = BufReader::new(&body[20..]);
    let mut entries = 0u64;
    let mut batches: Vec<sled::Batch> =
        TreeId::ALL.iter().map(|_| sled::Batch::default()).collect();
    let read = |r: &mut BufReader<&[u8]>| -> std::result::Result<Vec<u8>, StoreError> {
        let mut len = [0u8; 4];
        r.read_exact(&mut len)
            .map_err(|_| bad(path, "it ends in the middle of a record"))?;
        let mut buf = vec![0u8; u32::from_be_bytes(len) as usize];
        r.read_exact(&mut buf)
            .map_err(|_| bad(path, "it ends in the middle of a record"))?;
        Ok(buf)
    };
    loop {
        let mut tag = [0u8; 1];
        r.read_exact(&mut tag)
            .map_err(|_| bad(path, "it has no end marker"))?;
        if tag[0] == 0 {
            break;
        }
        let name = read(&mut r)?;
        let key = read(&mut r)?;
        let value = read(&mut r)?;
        let Some(id) = TreeId::ALL.iter().find(|t| t.name().as_bytes() == name) else {
            return Err(bad(path, "it holds a tree this gridbook does not know"));
        };
        batches[*id as usize].insert(key, value);
        entries += 1;
    }
    let mut count = [0u8; 8];
    r.read_exact(&mut count)
        .map_err(|_| bad(path, "it has no count"))?;
    if u64::from_be_bytes(count) != entries {
        return Err(bad(
            path,
            "it holds a different number of records than it says",
        ));
    }
    for id in TreeId::ALL {
        store
            .tree(id)
            .apply_batch(std::mem::take(&mut batches[id as usize]))?;
    }
    store.durable()?;
    Ok(BackupSummary {
        entries,
        bytes: data.len() as u64,
    })
}

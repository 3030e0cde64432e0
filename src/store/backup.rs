//! Backups an admin can trust: a consistent point-in-time copy of every tree into one
//! versioned, checksummed file sealed with a keyed MAC (HMAC-SHA256, its key in the data
//! directory); written only as a new file beside its target and linked into place when whole;
//! restore refuses a damaged, foreign or unsealed file, and one whose seal does not verify.

use std::io::{BufWriter, Read, Seek, Write};
use std::path::{Path, PathBuf};

use hmac::{Hmac, KeyInit, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

use super::{OpenOptions, Result, Store, StoreError, TreeId};
use crate::model::Invalid;

const MAGIC: &[u8; 16] = b"GRIDBOOK-BACKUP\n";
/// 1: checksummed only (before backups were sealed); 2: sealed with a keyed MAC.
const VERSION: u32 = 2;
const UNSEALED: u32 = 1;
/// The backup key's file in the data directory: 32 random bytes, 0600, made on first use.
pub const KEY_FILE: &str = "backup.key";
const KEY_BYTES: usize = 32;
const MAC_BYTES: usize = 32;
/// Bytes of a backup in one part of the `Backup` operation's answer.
pub const PART_BYTES: usize = 1 << 20;

type Seal = Hmac<Sha256>;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackupSummary {
    pub entries: u64,
    pub bytes: u64,
}

fn io(path: &Path) -> impl Fn(std::io::Error) -> StoreError + '_ {
    move |source| StoreError::io(path, source)
}

/// The directory a file is in, for an error about the disk holding it.
fn parent(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

fn bad(path: &Path, why: &str) -> StoreError {
    StoreError::Invalid(Invalid::new(format!(
        "{} is not a gridbook backup that can be restored: {why}",
        path.display()
    )))
}

/// The data directory's backup key, made (32 random bytes, 0600) when there is none yet.
pub fn key(dir: &Path) -> Result<[u8; KEY_BYTES]> {
    use std::os::unix::fs::OpenOptionsExt;
    let path = dir.join(KEY_FILE);
    match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(&path)
    {
        Ok(mut f) => {
            let mut key = [0u8; KEY_BYTES];
            rand::RngCore::fill_bytes(&mut rand::rng(), &mut key);
            let written = f.write_all(&key).and_then(|()| f.sync_all());
            if let Err(e) = written {
                let _ = std::fs::remove_file(&path);
                return Err(io(dir)(e));
            }
            Ok(key)
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => read_key(&path),
        Err(e) => Err(io(dir)(e)),
    }
}

/// A backup key kept in a file: exactly 32 bytes.
pub fn read_key(path: &Path) -> Result<[u8; KEY_BYTES]> {
    let bytes = std::fs::read(path).map_err(io(parent(path)))?;
    bytes.as_slice().try_into().map_err(|_| {
        Invalid::new(format!(
            "{} is not a gridbook backup key (one holds {KEY_BYTES} bytes); give the copy of backup.key kept from the store the backup was made of",
            path.display()
        ))
        .into()
    })
}

fn seal(key: &[u8]) -> Seal {
    // HMAC takes a key of any length: this cannot fail.
    <Seal as KeyInit>::new_from_slice(key).unwrap_or_else(|_| unreachable!())
}

/// Counts, checksums and seals what passes through.
struct Summing<W> {
    inner: W,
    crc: crc32fast::Hasher,
    mac: Seal,
    bytes: u64,
}

impl<W: Write> Write for Summing<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.crc.update(&buf[..n]);
        self.mac.update(&buf[..n]);
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

/// Writes a new file at `path` through `fill`, as the calling process's user and 0600: never
/// over a file that is there (it is refused before anything is written), written to a
/// temporary file beside it and linked into place only once whole and synced, so a failure
/// leaves nothing behind.
pub fn write_new<T>(path: &Path, fill: impl FnOnce(&mut std::fs::File) -> Result<T>) -> Result<T> {
    if path.symlink_metadata().is_ok() {
        return Err(exists(path));
    }
    let dir = parent(path);
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
    let mut tmp = tempfile::Builder::new()
        .prefix(&format!(".{}.", name.unwrap_or_default()))
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(io(dir))?;
    let out = fill(tmp.as_file_mut())?;
    tmp.as_file().sync_all().map_err(io(dir))?;
    tmp.persist_noclobber(path).map_err(|e| {
        if e.error.kind() == std::io::ErrorKind::AlreadyExists {
            exists(path)
        } else {
            io(dir)(e.error)
        }
    })?;
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(out)
}

fn exists(path: &Path) -> StoreError {
    Invalid::new(format!(
        "{} already exists; choose another name",
        path.display()
    ))
    .into()
}

impl Store {
    /// Writes a sealed point-in-time copy to `w`: writes wait while it is taken (they do not
    /// fail). The audit trail's head is recorded first, so the copy holds it too and
    /// `audit verify` later checks the trail against it.
    pub fn backup_into(&self, w: impl Write) -> Result<BackupSummary> {
        let key = key(self.dir())?;
        let err = io(self.dir());
        let mut w = Summing {
            inner: BufWriter::with_capacity(1 << 20, w),
            crc: crc32fast::Hasher::new(),
            mac: seal(&key),
            bytes: 0,
        };
        let mut entries = 0u64;
        {
            let _pause = self.gate.write().unwrap_or_else(|p| p.into_inner());
            let made = crate::model::time::format_local(self.now());
            self.record_head("backup", &format!("the backup made {made}"))?;
            w.write_all(MAGIC).map_err(&err)?;
            w.write_all(&VERSION.to_be_bytes()).map_err(&err)?;
            for id in TreeId::ALL {
                for kv in self.tree(id).iter() {
                    let (k, v) = kv?;
                    w.write_all(&[1]).map_err(&err)?;
                    put(&mut w, id.name().as_bytes()).map_err(&err)?;
                    put(&mut w, &k).map_err(&err)?;
                    put(&mut w, &v).map_err(&err)?;
                    entries += 1;
                }
            }
            // The head recorded is a plain write: durable before any batch runs again.
            self.durable()?;
        }
        w.write_all(&[0]).map_err(&err)?;
        w.write_all(&entries.to_be_bytes()).map_err(&err)?;
        let crc = w.crc.clone().finalize();
        w.write_all(&crc.to_be_bytes()).map_err(&err)?;
        let mac = w.mac.clone().finalize().into_bytes();
        let bytes = w.bytes + MAC_BYTES as u64;
        let mut inner = w.inner;
        inner.write_all(&mac).map_err(&err)?;
        inner.flush().map_err(&err)?;
        Ok(BackupSummary { entries, bytes })
    }

    /// Writes a sealed copy to a new file at `path` (see [`write_new`]).
    pub fn backup_to(&self, path: &Path) -> Result<BackupSummary> {
        write_new(path, |f| self.backup_into(f))
    }

    /// Takes a sealed copy into a file of the store's own (unnamed, in the data directory,
    /// gone when closed) and hands it to `part` a piece at a time, once the writes it paused
    /// have gone on: the `Backup` operation's answer, which the client writes.
    pub fn backup_parts(&self, part: &mut dyn FnMut(Vec<u8>)) -> Result<BackupSummary> {
        let err = io(self.dir());
        let mut file = tempfile::tempfile_in(self.dir()).map_err(&err)?;
        let summary = self.backup_into(&mut file)?;
        file.rewind().map_err(&err)?;
        loop {
            let mut buf = Vec::with_capacity(PART_BYTES);
            (&mut file)
                .take(PART_BYTES as u64)
                .read_to_end(&mut buf)
                .map_err(&err)?;
            if buf.is_empty() {
                break;
            }
            part(buf);
        }
        Ok(summary)
    }
}

/// What a restore is given besides the backup.
#[derive(Debug, Clone, Default)]
pub struct RestoreOptions {
    /// The backup key of the store the backup was made of (a copy kept apart from the
    /// backups); it becomes the restored store's key.
    pub key: Option<PathBuf>,
    /// Take a backup made before backups were sealed (format 1), which nothing vouches for.
    pub unsealed: bool,
}

/// The longest key or value a backup may hold: a longer one is damage, never read.
const MAX_FIELD: u64 = 64 << 20;
/// Keys and values applied to the restored store in one batch, at most (one record more).
const BATCH_BYTES: usize = 8 << 20;

/// The body of a backup (all but its checksum and seal), read through a buffer and no
/// further: checksummed, and sealed when there is a key to check.
struct Body<R> {
    inner: R,
    left: u64,
    crc: crc32fast::Hasher,
    mac: Option<Seal>,
}

impl<R: Read> Read for Body<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let max = self.left.min(buf.len() as u64) as usize;
        let n = self.inner.read(&mut buf[..max])?;
        self.crc.update(&buf[..n]);
        if let Some(mac) = &mut self.mac {
            mac.update(&buf[..n]);
        }
        self.left -= n as u64;
        Ok(n)
    }
}

/// Reads exactly `buf` from a backup's body, its end inside the body being `why`.
fn exact(r: &mut impl Read, buf: &mut [u8], path: &Path, why: &str) -> Result<()> {
    r.read_exact(buf).map_err(|e| match e.kind() {
        std::io::ErrorKind::UnexpectedEof => bad(path, why),
        _ => io(parent(path))(e),
    })
}

/// One key, value or tree name of a record: kept, or only read past (`keep` false).
fn field<R: Read>(r: &mut Body<R>, keep: bool, path: &Path) -> Result<Vec<u8>> {
    let cut = "it ends in the middle of a record";
    let mut len = [0u8; 4];
    exact(r, &mut len, path, cut)?;
    let len = u64::from(u32::from_be_bytes(len));
    if len > r.left {
        return Err(bad(path, cut));
    }
    if len > MAX_FIELD {
        return Err(bad(
            path,
            "it holds a record larger than any gridbook makes, so it is damaged",
        ));
    }
    if !keep {
        std::io::copy(&mut r.take(len), &mut std::io::sink()).map_err(io(parent(path)))?;
        return Ok(Vec::new());
    }
    let mut bytes = vec![0u8; len as usize];
    exact(r, &mut bytes, path, cut)?;
    Ok(bytes)
}

/// Reads a backup's records after its header to their end and count, handing each to
/// `each` (its key and value empty unless `keep`); the number of records.
fn records<R: Read>(
    r: &mut Body<R>,
    keep: bool,
    path: &Path,
    mut each: impl FnMut(TreeId, Vec<u8>, Vec<u8>) -> Result<()>,
) -> Result<u64> {
    let mut entries = 0u64;
    loop {
        let mut tag = [0u8; 1];
        exact(r, &mut tag, path, "it has no end marker")?;
        if tag[0] == 0 {
            break;
        }
        let name = field(r, true, path)?;
        let key = field(r, keep, path)?;
        let value = field(r, keep, path)?;
        let Some(id) = TreeId::ALL.iter().find(|t| t.name().as_bytes() == name) else {
            return Err(bad(path, "it holds a tree this gridbook does not know"));
        };
        each(*id, key, value)?;
        entries += 1;
    }
    let mut count = [0u8; 8];
    exact(r, &mut count, path, "it has no count")?;
    if u64::from_be_bytes(count) != entries {
        return Err(bad(
            path,
            "it holds a different number of records than it says",
        ));
    }
    Ok(entries)
}

/// A backup checked whole: its length, the length of its body and the key it was sealed with.
struct Checked {
    len: u64,
    body: u64,
    key: Option<[u8; KEY_BYTES]>,
}

/// The first pass: reads the file through once, checking its checksum, then its seal with
/// the key given, then its shape, holding no more than one buffer of it.
fn check(path: &Path, opts: &RestoreOptions) -> Result<Checked> {
    let file = std::fs::File::open(path).map_err(io(parent(path)))?;
    let len = file.metadata().map_err(io(parent(path)))?.len();
    let least = (MAGIC.len() + 4 + 1 + 8 + 4) as u64;
    let mut r = std::io::BufReader::with_capacity(1 << 16, file);
    let mut head = [0u8; 20];
    if len < least {
        return Err(bad(path, "it does not start like one"));
    }
    exact(&mut r, &mut head, path, "it does not start like one")?;
    if &head[..MAGIC.len()] != MAGIC {
        return Err(bad(path, "it does not start like one"));
    }
    let version = u32::from_be_bytes([head[16], head[17], head[18], head[19]]);
    let trailer = match version {
        VERSION if len >= least + MAC_BYTES as u64 => 4 + MAC_BYTES as u64,
        UNSEALED => 4,
        _ => {
            return Err(bad(
                path,
                &format!("it is format {version}; this gridbook reads {VERSION}"),
            ))
        }
    };
    // A key that cannot be read is told after the checksum, as the seal is.
    let key = match (version, &opts.key) {
        (VERSION, Some(key_path)) => Some(read_key(key_path)),
        _ => None,
    };
    let mut crc = crc32fast::Hasher::new();
    crc.update(&head);
    let mut mac = match &key {
        Some(Ok(k)) => Some(seal(k)),
        _ => None,
    };
    if let Some(mac) = &mut mac {
        mac.update(&head);
    }
    let body = len - trailer;
    let mut b = Body {
        inner: r,
        left: body - head.len() as u64,
        crc,
        mac,
    };
    // A record that does not fit is told only once the checksum and seal are known good.
    let shape = records(&mut b, false, path, |_, _, _| Ok(()));
    std::io::copy(&mut b, &mut std::io::sink()).map_err(io(parent(path)))?;
    let mut tail = [0u8; 4 + MAC_BYTES];
    let tail = &mut tail[..trailer as usize];
    exact(&mut b.inner, tail, path, "it does not start like one")?;
    let (crc, sealed) = tail.split_at(4);
    if b.crc.finalize() != u32::from_be_bytes([crc[0], crc[1], crc[2], crc[3]]) {
        return Err(bad(path, "its checksum does not match, so it is damaged"));
    }
    let key = key.transpose()?;
    if version == UNSEALED {
        if !opts.unsealed {
            return Err(bad(
                path,
                "it was made before backups were sealed, so nothing shows it was not changed; restore it only if you know where it has been, with --unsealed",
            ));
        }
    } else {
        let (Some(key_path), Some(mut mac)) = (&opts.key, b.mac) else {
            return Err(bad(
                path,
                "it is sealed, and its key was not given; give the copy of backup.key kept from the store it was made of with --key FILE",
            ));
        };
        mac.update(crc);
        if mac.verify_slice(sealed).is_err() {
            return Err(bad(
                path,
                &format!(
                    "its seal does not verify with the key in {}, so it was changed after it was made or was made by another store",
                    key_path.display()
                ),
            ));
        }
    }
    shape?;
    Ok(Checked { len, body, key })
}

/// Restores a backup into `dir`, which must be empty or missing. The file is checked whole
/// first (its checksum, then its seal with the key given, then its shape), then read again
/// and written in batches of bounded size; if that fails, what the restore made is removed.
pub fn restore(path: &Path, dir: &Path, opts: &RestoreOptions) -> Result<BackupSummary> {
    let made_dir = !dir.exists();
    if !made_dir && std::fs::read_dir(dir).map_err(io(dir))?.next().is_some() {
        return Err(Invalid::new(format!(
            "{} is not empty; restore into a new, empty directory",
            dir.display()
        ))
        .into());
    }
    let checked = check(path, opts)?;
    let restored = apply(path, dir, &checked);
    if restored.is_err() {
        // No half-restored store is left: the directory is as it was found.
        if made_dir {
            let _ = std::fs::remove_dir_all(dir);
        } else if let Ok(entries) = std::fs::read_dir(dir) {
            for e in entries.flatten() {
                let p = e.path();
                let _ = if p.is_dir() && !p.is_symlink() {
                    std::fs::remove_dir_all(&p)
                } else {
                    std::fs::remove_file(&p)
                };
            }
        }
    }
    Ok(BackupSummary {
        entries: restored?,
        bytes: checked.len,
    })
}

/// The second pass: reads the records of a backup already checked and writes them into a
/// new store at `dir`, a batch of at most [`BATCH_BYTES`] at a time; the number written.
fn apply(path: &Path, dir: &Path, checked: &Checked) -> Result<u64> {
    let file = std::fs::File::open(path).map_err(io(parent(path)))?;
    let mut r = Body {
        inner: std::io::BufReader::with_capacity(1 << 16, file),
        left: checked.body,
        crc: crc32fast::Hasher::new(),
        mac: None,
    };
    exact(&mut r, &mut [0u8; 20], path, "it does not start like one")?;
    let store = Store::open(
        dir,
        OpenOptions {
            bulk: true,
            ..OpenOptions::default()
        },
    )?;
    let mut batches: Vec<sled::Batch> =
        TreeId::ALL.iter().map(|_| sled::Batch::default()).collect();
    let mut held = 0usize;
    let flush = |batches: &mut Vec<sled::Batch>| -> Result<()> {
        for id in TreeId::ALL {
            store
                .tree(id)
                .apply_batch(std::mem::take(&mut batches[id as usize]))?;
        }
        Ok(())
    };
    let entries = records(&mut r, true, path, |id, key, value| {
        held += key.len() + value.len();
        batches[id as usize].insert(key, value);
        if held >= BATCH_BYTES {
            flush(&mut batches)?;
            held = 0;
        }
        Ok(())
    })?;
    flush(&mut batches)?;
    store.durable()?;
    drop(store);
    if let Some(key) = checked.key {
        // The restored store seals its backups with the same key.
        write_new(&dir.join(KEY_FILE), |f| f.write_all(&key).map_err(io(dir)))?;
    }
    Ok(entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_store_larger_than_one_batch_is_restored_whole() {
        let tmp = tempfile::tempdir().unwrap();
        let store = Store::open(&tmp.path().join("store"), OpenOptions::default()).unwrap();
        // 20 records of 1 MiB: three batches.
        for n in 0u32..20 {
            let value = vec![n as u8; 1 << 20];
            store
                .tree(TreeId::Drafts)
                .insert(n.to_be_bytes(), value)
                .unwrap();
        }
        let file = tmp.path().join("big.backup");
        let made = store.backup_to(&file).unwrap();
        let opts = RestoreOptions {
            key: Some(tmp.path().join("store").join(KEY_FILE)),
            unsealed: false,
        };
        let into = tmp.path().join("restored");
        let restored = restore(&file, &into, &opts).unwrap();
        assert_eq!(restored, made);
        let back = Store::open(&into, OpenOptions::default()).unwrap();
        // Every record, but the durable mark: the restore and the open raise it again.
        let records = |s: &Store, id: TreeId| -> Vec<_> {
            s.tree(id)
                .iter()
                .map(|kv| kv.unwrap())
                .filter(|(k, _)| !(id == TreeId::Meta && k == super::super::mark::MARK))
                .collect()
        };
        for id in TreeId::ALL {
            assert_eq!(records(&back, id), records(&store, id), "{}", id.name());
        }
        assert_eq!(back.tree(TreeId::Drafts).len(), 20);
    }
}

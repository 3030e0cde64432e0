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

/// Restores a backup into `dir`, which must be empty; the file is checked whole first: its
/// checksum, then its seal with the key given.
pub fn restore(path: &Path, dir: &Path, opts: &RestoreOptions) -> Result<BackupSummary> {
    if dir.exists() && std::fs::read_dir(dir).map_err(io(dir))?.next().is_some() {
        return Err(Invalid::new(format!(
            "{} is not empty; restore into a new, empty directory",
            dir.display()
        ))
        .into());
    }
    // First pass: the checksum, the seal and the shape, before anything is written.
    let data = std::fs::read(path).map_err(io(parent(path)))?;
    if data.len() < MAGIC.len() + 4 + 1 + 8 + 4 || &data[..MAGIC.len()] != MAGIC {
        return Err(bad(path, "it does not start like one"));
    }
    let version = u32::from_be_bytes(data[16..20].try_into().unwrap_or([0; 4]));
    let (sealed, mac) = match version {
        VERSION if data.len() >= MAGIC.len() + 4 + 1 + 8 + 4 + MAC_BYTES => {
            data.split_at(data.len() - MAC_BYTES)
        }
        UNSEALED => (data.as_slice(), &[][..]),
        _ => {
            return Err(bad(
                path,
                &format!("it is format {version}; this gridbook reads {VERSION}"),
            ))
        }
    };
    let (body, tail) = sealed.split_at(sealed.len() - 4);
    let want = u32::from_be_bytes([tail[0], tail[1], tail[2], tail[3]]);
    if crc32fast::hash(body) != want {
        return Err(bad(path, "its checksum does not match, so it is damaged"));
    }
    let key = if version == UNSEALED {
        if !opts.unsealed {
            return Err(bad(
                path,
                "it was made before backups were sealed, so nothing shows it was not changed; restore it only if you know where it has been, with --unsealed",
            ));
        }
        None
    } else {
        let Some(key_path) = &opts.key else {
            return Err(bad(
                path,
                "it is sealed, and its key was not given; give the copy of backup.key kept from the store it was made of with --key FILE",
            ));
        };
        let key = read_key(key_path)?;
        let mut check = seal(&key);
        check.update(sealed);
        if check.verify_slice(mac).is_err() {
            return Err(bad(
                path,
                &format!(
                    "its seal does not verify with the key in {}, so it was changed after it was made or was made by another store",
                    key_path.display()
                ),
            ));
        }
        Some(key)
    };
    let store = Store::open(
        dir,
        OpenOptions {
            bulk: true,
            ..OpenOptions::default()
        },
    )?;
    let mut r: &[u8] = &body[20..];
    let mut entries = 0u64;
    let mut batches: Vec<sled::Batch> =
        TreeId::ALL.iter().map(|_| sled::Batch::default()).collect();
    let read = |r: &mut &[u8]| -> std::result::Result<Vec<u8>, StoreError> {
        let mut len = [0u8; 4];
        r.read_exact(&mut len)
            .map_err(|_| bad(path, "it ends in the middle of a record"))?;
        let len = u32::from_be_bytes(len) as usize;
        if len > r.len() {
            return Err(bad(path, "it ends in the middle of a record"));
        }
        let (bytes, rest) = r.split_at(len);
        *r = rest;
        Ok(bytes.to_vec())
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
    if let Some(key) = key {
        // The restored store seals its backups with the same key.
        write_new(&dir.join(KEY_FILE), |f| f.write_all(&key).map_err(io(dir)))?;
    }
    Ok(BackupSummary {
        entries,
        bytes: data.len() as u64,
    })
}

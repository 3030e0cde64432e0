//! The search index kept on disk between starts: saved after each full build with the
//! store's people generation, and loaded at the next start while the store is still at that
//! generation (no community, household or resident written since). Reading 20 MB in one go
//! is far quicker than reading half a million residents back out of sled, above all when the
//! system's cache is cold after a reboot.
//!
//! The file is a convenience: damaged, foreign, from another version or out of date, it is
//! simply not used and the index is built from the store as before.

use std::io::Write;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::SearchIndex;
use crate::store::codec;

/// The file, in the data directory.
pub const FILE: &str = "search.index";
const MAGIC: &[u8; 8] = b"GBSRCH01";

#[derive(Serialize)]
struct Saving<'a> {
    generation: u64,
    index: &'a SearchIndex,
}

#[derive(Deserialize)]
struct Saved {
    generation: u64,
    index: SearchIndex,
}

/// The bytes of the file for `index`, built at `generation`.
pub fn encode(generation: u64, index: &SearchIndex) -> Result<Vec<u8>, codec::CodecError> {
    let body = codec::encode_snapshot(&Saving { generation, index })?;
    let mut out = Vec::with_capacity(body.len() + 12);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&crc32fast::hash(&body).to_be_bytes());
    out.extend_from_slice(&body);
    Ok(out)
}

/// Writes the file beside its place and renames it there, readable by the owner only (it
/// holds names, phones and ID numbers, as the store does).
pub fn write(dir: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::os::unix::fs::OpenOptionsExt;
    let tmp = dir.join(format!("{FILE}.tmp"));
    let mut f = std::fs::File::options()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(&tmp)?;
    f.write_all(bytes)?;
    drop(f);
    std::fs::rename(&tmp, dir.join(FILE))
}

/// The index saved in `dir`, if there is one, whole, and built at `generation`.
pub fn load(dir: &Path, generation: u64) -> Option<SearchIndex> {
    let bytes = std::fs::read(dir.join(FILE)).ok()?;
    let (magic, rest) = bytes.split_first_chunk::<8>()?;
    let (crc, body) = rest.split_first_chunk::<4>()?;
    if magic != MAGIC || crc32fast::hash(body) != u32::from_be_bytes(*crc) {
        return None;
    }
    let saved: Saved = codec::decode_snapshot(body).ok()?;
    (saved.generation == generation).then_some(saved.index)
}

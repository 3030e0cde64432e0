//! How much of a user's file gridbook will read, and the zip check that holds a spreadsheet to
//! it before any of it is parsed: every part is unpacked through a limited reader (the sizes a
//! zip declares are not trusted), so a zip bomb, a huge shared string or a part too large for a
//! roster is refused with one sentence instead of filling the memory.

use std::io::{Read, Seek, SeekFrom};

use super::table::ReadError;

/// Bytes a spreadsheet file may have (a street's roster as XLSX is a few MiB).
pub const SPREADSHEET_FILE: u64 = 64 << 20;
/// Parts a spreadsheet (a zip) may hold.
pub const ZIP_ENTRIES: u64 = 10_000;
/// Bytes any one part of a spreadsheet may unpack to.
pub const PART: u64 = 512 << 20;
/// Bytes the shared strings part may unpack to: calamine holds all of them at once.
pub const SHARED_STRINGS_PART: u64 = 64 << 20;
/// Different texts (shared strings) a spreadsheet may hold.
pub const SHARED_STRINGS: u64 = 2_000_000;
/// Bytes of one text in a part as its XML writes it: Excel's own limit is 32,767 characters.
pub const TEXT: usize = 256 << 10;
/// Columns a roster may span.
pub const COLUMNS: usize = 256;
/// Bytes one line (one CSV record) may have.
pub const LINE: u64 = 256 << 10;
/// Characters one cell of a roster may have.
pub const CELL_CHARS: usize = 1_000;
/// People a roster may hold: one street's or one town's residents, far below what the
/// importing client can index within its memory.
pub const PEOPLE: usize = 3_000_000;
/// Errors (and, apart, warnings) kept to show; more are counted.
pub const PROBLEMS: usize = 1_000;

/// Bytes a text file read whole (a keymap) may have.
pub const SMALL_TEXT: u64 = 1 << 20;

/// Reads a small text file (`what` it should be, such as "keymap") whole, reading no more
/// than [`SMALL_TEXT`] of it: a larger file is refused in one sentence.
pub fn read_small_text(path: &std::path::Path, what: &str) -> Result<String, ReadError> {
    let file = path.display().to_string();
    let f = super::table::open(path)?;
    let mut bytes = Vec::new();
    f.take(SMALL_TEXT + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| ReadError::Io(file.clone(), e.to_string()))?;
    if bytes.len() as u64 > SMALL_TEXT {
        return Err(ReadError::Refused(format!(
            "{file} is larger than {}, far larger than a {what}; check that you named the right file",
            size(SMALL_TEXT)
        )));
    }
    String::from_utf8(bytes).map_err(|_| {
        ReadError::Refused(format!(
            "{file} is not UTF-8 text; save the {what} as UTF-8 and try again"
        ))
    })
}

/// `n` with thousands separated by commas: 1,048,576.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A size in MiB (or KiB below one MiB), for a sentence.
fn size(bytes: u64) -> String {
    if bytes >= 1 << 20 {
        format!("{} MiB", bytes >> 20)
    } else {
        format!("{} KiB", bytes >> 10)
    }
}

/// What to do about a spreadsheet gridbook will not read.
const SAVE_AGAIN: &str =
    "save the roster again from Excel or WPS as XLSX (or as CSV) and try again";

fn refuse(file: &str, what: String) -> ReadError {
    ReadError::Refused(format!("{file} {what}; {SAVE_AGAIN}"))
}

/// The number of entries the zip's end record declares (zip64 reads as too many).
fn declared_entries<R: Read + Seek>(r: &mut R, len: u64) -> std::io::Result<u64> {
    let tail = len.min(65_557);
    r.seek(SeekFrom::Start(len - tail))?;
    let mut buf = vec![0u8; tail as usize];
    r.read_exact(&mut buf)?;
    let at = buf.windows(4).rposition(|w| w == b"PK\x05\x06");
    Ok(match at {
        Some(at) if at + 12 <= buf.len() => {
            let n = u16::from_le_bytes([buf[at + 10], buf[at + 11]]);
            if n == u16::MAX {
                u64::MAX
            } else {
                u64::from(n)
            }
        }
        _ => 0,
    })
}

/// Unpacks every part of the zip in `r` through a limited reader and refuses the file when a
/// part unpacks to more than its limit, holds a text longer than [`TEXT`], or the shared
/// strings are more than [`SHARED_STRINGS`]. Leaves `r` at its start.
pub fn check_zip<R: Read + Seek>(r: &mut R, file: &str) -> Result<(), ReadError> {
    let io = |e: std::io::Error| ReadError::Io(file.to_string(), e.to_string());
    let len = r.seek(SeekFrom::End(0)).map_err(io)?;
    if len > SPREADSHEET_FILE {
        return Err(ReadError::Refused(format!(
            "{file} is a spreadsheet of {}, and gridbook reads spreadsheets of at most {}; save the roster as CSV (or split it by community) and try again",
            size(len),
            size(SPREADSHEET_FILE)
        )));
    }
    if declared_entries(r, len).map_err(io)? > ZIP_ENTRIES {
        return Err(refuse(
            file,
            format!(
                "holds more than {} parts, far more than a spreadsheet has",
                thousands(ZIP_ENTRIES)
            ),
        ));
    }
    r.seek(SeekFrom::Start(0)).map_err(io)?;
    let unreadable = |e: zip::result::ZipError| {
        ReadError::Spreadsheet(format!("it is not a whole zip file: {e}"))
    };
    let mut zip = zip::ZipArchive::new(&mut *r).map_err(unreadable)?;
    let mut buf = vec![0u8; 64 << 10];
    for i in 0..zip.len() {
        let entry = zip.by_index(i).map_err(unreadable)?;
        let name = entry.name().map(|n| n.to_string()).unwrap_or_default();
        let shared = name.ends_with("sharedStrings.xml");
        let limit = if shared { SHARED_STRINGS_PART } else { PART };
        let mut limited = entry.take(limit + 1);
        let (mut total, mut run, mut strings) = (0u64, 0usize, 0u64);
        loop {
            let n = limited
                .read(&mut buf)
                .map_err(|e| ReadError::Spreadsheet(format!("its part {name} is damaged: {e}")))?;
            if n == 0 {
                break;
            }
            total += n as u64;
            if total > limit {
                return Err(refuse(
                    file,
                    format!(
                        "unpacks to more than {} in its part {name}, far more than a roster",
                        size(limit)
                    ),
                ));
            }
            for (k, piece) in buf[..n].split(|b| *b == b'<').enumerate() {
                if k > 0 {
                    run = 0;
                    if shared && (piece.starts_with(b"si>") || piece.starts_with(b"si ")) {
                        strings += 1;
                    }
                }
                run += piece.len();
                if run > TEXT {
                    return Err(refuse(
                        file,
                        format!(
                            "holds a text of more than {} in its part {name}, longer than any cell Excel writes",
                            size(TEXT as u64)
                        ),
                    ));
                }
            }
            if strings > SHARED_STRINGS || (shared && declared_strings(&buf[..n]) > SHARED_STRINGS)
            {
                return Err(ReadError::Refused(format!(
                    "{file} holds more than {} different texts, more than gridbook reads from a spreadsheet; save the roster as CSV (or split it by community) and try again",
                    thousands(SHARED_STRINGS)
                )));
            }
        }
    }
    drop(zip);
    r.seek(SeekFrom::Start(0)).map_err(io)?;
    Ok(())
}

/// The count a shared strings part declares (`uniqueCount="…"`) in `chunk`, 0 when none:
/// calamine reserves room for that many before it reads one.
fn declared_strings(chunk: &[u8]) -> u64 {
    let key = b"uniqueCount=\"";
    let Some(at) = chunk.windows(key.len()).position(|w| w == key) else {
        return 0;
    };
    let digits: Vec<u8> = chunk[at + key.len()..]
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .copied()
        .collect();
    std::str::from_utf8(&digits)
        .ok()
        .and_then(|d| d.parse().ok())
        .unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_are_separated() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(16_384), "16,384");
        assert_eq!(thousands(1_048_576), "1,048,576");
    }

    #[test]
    fn a_declared_count_is_read() {
        assert_eq!(declared_strings(b"<sst count=\"3\" uniqueCount=\"2\">"), 2);
        assert_eq!(declared_strings(b"<sst>"), 0);
    }
}

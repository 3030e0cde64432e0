//! Turning a file's bytes into text: UTF-8 (with or without a BOM), else GB18030 (which
//! covers GBK and GB2312); files that are not text at all are recognised and refused.

use encoding_rs::GB18030;

/// The encoding a file turned out to be in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf8Bom,
    Gb18030,
}

impl Encoding {
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf8Bom => "UTF-8 with BOM",
            Encoding::Gb18030 => "GBK/GB18030",
        }
    }
}

/// Why bytes could not be read as text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NotText {
    #[error("the file is not text (it holds binary data); save the roster as CSV or XLSX and import that")]
    Binary,
}

/// Decodes a text file: valid UTF-8 is UTF-8, anything else is read as GB18030.
pub fn decode(bytes: &[u8]) -> Result<(String, Encoding), NotText> {
    if looks_binary(bytes) {
        return Err(NotText::Binary);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        if let Ok(s) = std::str::from_utf8(rest) {
            return Ok((s.to_string(), Encoding::Utf8Bom));
        }
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok((s.to_string(), Encoding::Utf8));
    }
    let (text, had_errors) = GB18030.decode_without_bom_handling(bytes);
    if had_errors {
        return Err(NotText::Binary);
    }
    Ok((text.into_owned(), Encoding::Gb18030))
}

/// Text decoded from a reader as it is read: the encoding is told from the first bytes (a BOM,
/// else valid UTF-8, else GB18030) and bytes that do not decode stop the reading with
/// [`Decoding::failure`]. `record_start` is where the reader's current record began (in
/// decoded bytes): the reader stops when a record grows past `line_limit` bytes, so no record
/// is held whole however long.
pub struct Decoding<R> {
    inner: R,
    decoder: encoding_rs::Decoder,
    encoding: Encoding,
    raw: Vec<u8>,
    raw_at: usize,
    eof: bool,
    /// Whether the decoder has had the last bytes (it may not be called again).
    finished: bool,
    produced: u64,
    lines: u64,
    line_limit: u64,
    record_start: std::rc::Rc<std::cell::Cell<u64>>,
    failure: std::rc::Rc<std::cell::Cell<Option<Stopped>>>,
}

/// Why a [`Decoding`] stopped, with the line (1-based) it was on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stopped {
    NotText(u64),
    TooLong(u64),
}

/// Bytes read from the file at a time, and looked at to tell the encoding.
const CHUNK: usize = 64 << 10;

impl<R: std::io::Read> Decoding<R> {
    pub fn new(
        mut inner: R,
        line_limit: u64,
        record_start: std::rc::Rc<std::cell::Cell<u64>>,
        failure: std::rc::Rc<std::cell::Cell<Option<Stopped>>>,
    ) -> std::io::Result<Result<Self, NotText>> {
        let mut raw = Vec::with_capacity(CHUNK);
        let eof = fill(&mut inner, &mut raw, CHUNK)?;
        if looks_binary(&raw) {
            return Ok(Err(NotText::Binary));
        }
        let (encoding, raw_at) = if raw.starts_with(b"\xEF\xBB\xBF") {
            (Encoding::Utf8Bom, 3)
        } else {
            match std::str::from_utf8(&raw) {
                Ok(_) => (Encoding::Utf8, 0),
                // A character cut at the end of the first chunk is still UTF-8.
                Err(e) if e.error_len().is_none() && !eof => (Encoding::Utf8, 0),
                Err(_) => (Encoding::Gb18030, 0),
            }
        };
        let decoder = match encoding {
            Encoding::Gb18030 => GB18030.new_decoder_without_bom_handling(),
            _ => encoding_rs::UTF_8.new_decoder_without_bom_handling(),
        };
        Ok(Ok(Decoding {
            inner,
            decoder,
            encoding,
            raw,
            raw_at,
            eof,
            finished: false,
            produced: 0,
            lines: 0,
            line_limit,
            record_start,
            failure,
        }))
    }

    pub fn encoding(&self) -> Encoding {
        self.encoding
    }

    fn stop(&self, why: Stopped) -> std::io::Error {
        self.failure.set(Some(why));
        std::io::Error::new(std::io::ErrorKind::InvalidData, "stopped")
    }
}

/// Reads into `raw` until it holds `want` bytes or the reader ends; true at the end.
fn fill<R: std::io::Read>(r: &mut R, raw: &mut Vec<u8>, want: usize) -> std::io::Result<bool> {
    while raw.len() < want {
        let before = raw.len();
        let n = std::io::Read::read_to_end(
            &mut std::io::Read::take(&mut *r, (want - before) as u64),
            raw,
        )?;
        if n == 0 {
            return Ok(true);
        }
    }
    Ok(false)
}

impl<R: std::io::Read> std::io::Read for Decoding<R> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        use encoding_rs::DecoderResult;
        if out.len() < 4 {
            let mut small = [0u8; 4];
            let n = self.read(&mut small)?;
            let k = n.min(out.len());
            out[..k].copy_from_slice(&small[..k]);
            return Ok(k);
        }
        loop {
            if self.finished {
                return Ok(0);
            }
            if self.produced - self.record_start.get() > self.line_limit {
                return Err(self.stop(Stopped::TooLong(self.lines + 1)));
            }
            if self.raw_at == self.raw.len() && !self.eof {
                self.raw.clear();
                self.raw_at = 0;
                self.eof = fill(&mut self.inner, &mut self.raw, CHUNK)?;
            }
            let (result, read, written) = self.decoder.decode_to_utf8_without_replacement(
                &self.raw[self.raw_at..],
                out,
                self.eof,
            );
            self.raw_at += read;
            self.produced += written as u64;
            self.lines += out[..written].iter().filter(|b| **b == b'\n').count() as u64;
            if let DecoderResult::Malformed(..) = result {
                return Err(self.stop(Stopped::NotText(self.lines + 1)));
            }
            if self.eof && self.raw_at == self.raw.len() && result == DecoderResult::InputEmpty {
                self.finished = true;
            }
            if written > 0 || (self.eof && self.raw_at == self.raw.len()) {
                return Ok(written);
            }
        }
    }
}

/// NUL bytes or many control characters near the start mean binary, not a roster.
fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    if head.contains(&0) {
        return true;
    }
    let control = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c))
        .count();
    control * 20 > head.len().max(1)
}

/// Encodes text as GB18030 (for tests and for offices that want GBK back).
pub fn encode_gb18030(text: &str) -> Vec<u8> {
    GB18030.encode(text).0.into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_encoding_is_recognised() {
        let s = "姓名,楼栋\n周官萍,5\n";
        assert_eq!(decode(s.as_bytes()).unwrap(), (s.into(), Encoding::Utf8));
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(s.as_bytes());
        assert_eq!(decode(&bom).unwrap(), (s.into(), Encoding::Utf8Bom));
        let gbk = encode_gb18030(s);
        assert_ne!(gbk, s.as_bytes());
        assert_eq!(decode(&gbk).unwrap(), (s.into(), Encoding::Gb18030));
        assert_eq!(
            decode(&[0x89, b'P', b'N', b'G', 0, 0, 1]),
            Err(NotText::Binary)
        );
    }
}

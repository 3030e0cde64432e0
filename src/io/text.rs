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

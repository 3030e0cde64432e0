//! Text as it is shown: control characters written out (`\x1b`, `\u{202e}`) so that no name,
//! note or file cell can act on a terminal, and a value quoted in a sentence cut to 80
//! characters. Every output path (the command line, the screen, the log) goes through here.

use std::borrow::Cow;
use std::fmt::Write;

/// At most this many characters of a value are quoted in a sentence.
pub const QUOTED_CHARS: usize = 80;

/// Whether `c` would act on a terminal instead of showing: C0 controls other than tab and
/// newline (ESC among them), DEL, C1 controls, and the bidi overrides and isolates.
pub fn is_control(c: char) -> bool {
    matches!(c,
        '\0'..='\x08' | '\x0b'..='\x1f' | '\x7f'..='\u{9f}'
        | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `text` with every control character written out: `\x1b` below U+0080, `\u{9b}` and
/// `\u{202e}` above; a CR before a newline is kept. A backslash is left alone, so escaping
/// twice changes nothing.
pub fn escape(text: &str) -> Cow<'_, str> {
    replace(text, |c, out| {
        if (c as u32) < 0x80 {
            let _ = write!(out, "\\x{:02x}", c as u32);
        } else {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        }
    })
}

/// JSON text (as serde_json writes it) with the control characters it leaves raw – DEL, C1,
/// bidi – written as JSON's own `\u007f` escapes: the same JSON, safe on a terminal.
pub fn escape_json(json: &str) -> Cow<'_, str> {
    replace(json, |c, out| {
        let _ = write!(out, "\\u{:04x}", c as u32);
    })
}

/// A value as a sentence quotes it: at most 80 characters, `…` where it was cut, control
/// characters escaped. The sentence puts its own quotation marks around it.
pub fn quote(value: &str) -> String {
    let mut chars = value.chars();
    let head: String = chars.by_ref().take(QUOTED_CHARS).collect();
    let mut out = escape(&head).into_owned();
    if chars.next().is_some() {
        out.push('…');
    }
    out
}

fn replace(text: &str, write: impl Fn(char, &mut String)) -> Cow<'_, str> {
    if !text.chars().any(is_control) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        // A carriage return that ends a line (CRLF, as CSV writes) moves nothing.
        let line_end = c == '\r' && chars.peek() == Some(&'\n');
        if is_control(c) && !line_end {
            write(c, &mut out);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_written_out_and_the_rest_kept() {
        assert_eq!(
            escape("王\x1b]0;pwned\x07芳\x1b[2J\u{9b}31m\u{202e}abc\u{2066}\x7f\r"),
            "王\\x1b]0;pwned\\x07芳\\x1b[2J\\u{9b}31m\\u{202e}abc\\u{2066}\\x7f\\x0d"
        );
        assert!(matches!(escape("周官萍\t5-2-301\n"), Cow::Borrowed(_)));
        assert_eq!(escape("a,b\r\nc\rd\r"), "a,b\r\nc\\x0dd\\x0d");
        let once = escape("a\x1bb").into_owned();
        assert_eq!(escape(&once), once);
        assert_eq!(
            escape_json("{\"n\":\"a\u{202e}\u{85}\x7f\"}"),
            "{\"n\":\"a\\u202e\\u0085\\u007f\"}"
        );
        let back: String = serde_json::from_str(&escape_json("\"x\u{202e}\u{9b}\"")).unwrap();
        assert_eq!(back, "x\u{202e}\u{9b}");
    }

    #[test]
    fn a_quoted_value_is_cut_to_80_characters() {
        assert_eq!(quote("王芳"), "王芳");
        let long = "张".repeat(100_000);
        assert_eq!(quote(&long), format!("{}…", "张".repeat(80)));
        assert_eq!(quote(&"a".repeat(80)), "a".repeat(80));
        assert_eq!(quote("\x1b[2J"), "\\x1b[2J");
    }
}

//! Phone numbers: mainland mobiles (11 digits from 1) and landlines with an area code.

use super::address::fold_width;
use super::Invalid;

/// Normalises a phone as typed (spaces, dashes, full-width digits, +86) and checks its shape.
pub fn normalize(text: &str) -> Result<String, Invalid> {
    let folded = fold_width(text.trim());
    let mut digits: String = folded
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '(' | ')'))
        .collect();
    if let Some(rest) = digits.strip_prefix("+86") {
        digits = rest.to_string();
    }
    let all_digits = !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit());
    let mobile = digits.len() == 11 && digits.starts_with('1') && all_digits;
    let landline = all_digits && digits.starts_with('0') && (10..=12).contains(&digits.len());
    if mobile || landline {
        Ok(digits)
    } else {
        Err(Invalid::new(format!(
            "the phone “{}” is neither an 11-digit mobile nor a landline with its area code",
            super::shown::quote(text.trim())
        )))
    }
}

/// A phone as lists show it: `138****5678`.
pub fn mask(phone: &str) -> String {
    let chars: Vec<char> = phone.chars().collect();
    if chars.len() < 7 {
        return "*".repeat(chars.len());
    }
    let head: String = chars[..3].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{head}{}{tail}", "*".repeat(chars.len() - 7))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_are_normalised_and_masked() {
        assert_eq!(normalize("138 1234-5678").unwrap(), "13812345678");
        assert_eq!(normalize("+86 13812345678").unwrap(), "13812345678");
        assert_eq!(normalize("１３８１２３４５６７８").unwrap(), "13812345678");
        assert_eq!(normalize("0760-88123456").unwrap(), "076088123456");
        assert_eq!(mask("13812345678"), "138****5678");
    }

    #[test]
    fn a_short_phone_is_refused_with_a_reason() {
        assert_eq!(
            normalize("12345").unwrap_err().to_string(),
            "the phone “12345” is neither an 11-digit mobile nor a landline with its area code"
        );
    }
}

//! Resident ID card numbers (公民身份号码): 18 characters, birth date inside, ISO 7064 checksum.

use chrono::NaiveDate;

use super::{Invalid, Sex};

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

/// The check character for the first 17 digits of an ID number.
pub fn check_char(first17: &str) -> Option<char> {
    if first17.len() != 17 || !first17.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let sum: u32 = first17
        .bytes()
        .zip(WEIGHTS)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    Some(CHECK[(sum % 11) as usize])
}

/// What an ID number says about its holder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IdFacts {
    pub birth: NaiveDate,
    pub sex: Sex,
}

/// Checks the shape, the birth date and the checksum of an 18-character ID number.
pub fn validate(id: &str) -> Result<IdFacts, Invalid> {
    let id = id.trim();
    let shape_ok = id.chars().count() == 18
        && id.chars().take(17).all(|c| c.is_ascii_digit())
        && id
            .chars()
            .last()
            .is_some_and(|c| c.is_ascii_digit() || c == 'X' || c == 'x');
    if !shape_ok {
        return Err(Invalid::new(format!(
            "the ID number “{}” should be 17 digits and a digit or X; check it against the card",
            super::shown::quote(id)
        )));
    }
    let birth = NaiveDate::parse_from_str(&id[6..14], "%Y%m%d").map_err(|_| {
        Invalid::new(format!(
            "the ID number “{id}” holds no real birth date ({}); check it against the card",
            &id[6..14]
        ))
    })?;
    let want = check_char(&id[..17]).unwrap_or('?');
    let got = id[17..].to_ascii_uppercase().chars().next().unwrap_or('?');
    if want != got {
        return Err(Invalid::new(format!(
            "the ID number “{id}” does not add up (its last character should be {want}); check it against the card"
        )));
    }
    let sex = if (id.as_bytes()[16] - b'0') % 2 == 1 {
        Sex::Male
    } else {
        Sex::Female
    };
    Ok(IdFacts { birth, sex })
}

/// Checks an ID number against the birth date and sex given for its holder, as the roster
/// import does: a number of the wrong shape or with no real birth date is refused; one whose
/// checksum is off, or that disagrees with the birth date or the sex, is kept as written,
/// with a warning for each (the import's sentences).
pub fn check_holder(id: &str, birth: NaiveDate, sex: Sex) -> Result<Vec<String>, Invalid> {
    let (facts, warning) = read(id)?;
    let mut warnings: Vec<String> = warning.into_iter().collect();
    if facts.birth != birth {
        warnings.push(format!(
            "the ID number says born {}, but this says {}; the birth date was kept as written, check which is right",
            facts.birth.format("%Y-%m-%d"),
            birth.format("%Y-%m-%d")
        ));
    }
    if facts.sex != sex {
        warnings.push(format!(
            "the ID number belongs to a {}, but this says {}; it was kept as written, check which is right",
            if facts.sex == Sex::Male { "man" } else { "woman" },
            if sex == Sex::Male { "男" } else { "女" }
        ));
    }
    Ok(warnings)
}

/// What an ID number says, as the import reads it: a number of the wrong shape or with no
/// real birth date is refused; one whose checksum is off still tells birth date and sex,
/// with the import's warning.
pub fn read(id: &str) -> Result<(IdFacts, Option<String>), Invalid> {
    match validate(id) {
        Ok(f) => Ok((f, None)),
        Err(e) if e.0.contains("does not add up") => match lenient(id) {
            Some(f) => Ok((f, Some(format!("{e}; it was kept as written")))),
            None => Err(e),
        },
        Err(e) => Err(e),
    }
}

/// What an 18-character number of the right shape says, its checksum unchecked.
fn lenient(id: &str) -> Option<IdFacts> {
    let id = id.trim();
    if id.len() != 18 || !id.as_bytes()[..17].iter().all(u8::is_ascii_digit) {
        return None;
    }
    let birth = NaiveDate::parse_from_str(&id[6..14], "%Y%m%d").ok()?;
    let sex = if (id.as_bytes()[16] - b'0') % 2 == 1 {
        Sex::Male
    } else {
        Sex::Female
    };
    Some(IdFacts { birth, sex })
}

/// Builds a valid ID number from an area code, a birth date and a sequence (odd for men).
pub fn compose(area: u32, birth: NaiveDate, sequence: u16) -> String {
    let first17 = format!(
        "{:06}{}{:03}",
        area % 1_000_000,
        birth.format("%Y%m%d"),
        sequence % 1000
    );
    let check = check_char(&first17).unwrap_or('0');
    format!("{first17}{check}")
}

/// An ID number as lists show it: the first four and last four characters.
pub fn mask(id: &str) -> String {
    let chars: Vec<char> = id.chars().collect();
    if chars.len() <= 8 {
        return "*".repeat(chars.len());
    }
    let head: String = chars[..4].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{head}{}{tail}", "*".repeat(chars.len() - 8))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_composed_number_validates_and_tells_birth_and_sex() {
        let birth = NaiveDate::from_ymd_opt(1956, 3, 5).unwrap();
        let id = compose(442000, birth, 123);
        assert_eq!(id.len(), 18);
        assert_eq!(&id[..14], "44200019560305");
        let facts = validate(&id).unwrap();
        assert_eq!(facts.birth, birth);
        assert_eq!(facts.sex, Sex::Male);
        assert_eq!(mask(&id), format!("4420**********{}", &id[14..]));
    }

    #[test]
    fn a_known_number_with_x_checks_out() {
        // GB 11643 worked example.
        assert_eq!(check_char("11010519491231002"), Some('X'));
        assert!(validate("11010519491231002X").is_ok());
        assert!(validate("11010519491231002x").is_ok());
    }

    #[test]
    fn a_holder_check_warns_as_the_import_does_and_keeps_the_number() {
        let birth = NaiveDate::from_ymd_opt(1956, 3, 5).unwrap();
        let id = compose(442000, birth, 124);
        assert_eq!(check_holder(&id, birth, Sex::Female), Ok(vec![]));
        let other = NaiveDate::from_ymd_opt(1957, 3, 5).unwrap();
        assert_eq!(
            check_holder(&id, other, Sex::Male).unwrap(),
            vec![
                "the ID number says born 1956-03-05, but this says 1957-03-05; the birth date was kept as written, check which is right".to_string(),
                "the ID number belongs to a woman, but this says 男; it was kept as written, check which is right".to_string(),
            ]
        );
        let mut off = id[..17].to_string();
        off.push(if id.ends_with('0') { '1' } else { '0' });
        let w = check_holder(&off, birth, Sex::Female).unwrap();
        assert_eq!(w.len(), 1);
        assert!(
            w[0].ends_with("check it against the card; it was kept as written"),
            "{w:?}"
        );
        assert!(check_holder("1234", birth, Sex::Female).is_err());
    }

    #[test]
    fn bad_numbers_say_what_is_wrong() {
        assert_eq!(
            validate("110105194912310021").unwrap_err().to_string(),
            "the ID number “110105194912310021” does not add up (its last character should be X); check it against the card"
        );
        assert!(validate("11010519491331002X")
            .unwrap_err()
            .to_string()
            .contains("no real birth date"));
        assert!(validate("1234")
            .unwrap_err()
            .to_string()
            .contains("17 digits"));
    }
}

//! The concrete forms: what each one asks, its defaults, and how its values become a request.

pub mod dispute;
pub mod followup;
pub mod roster;
pub mod visit;

use crate::model::time::{parse_dated, DatedError, Day};
use crate::tui::i18n::Lang;

/// Needs typed one per line: `更换楼道灯`, `更换楼道灯 @12-01` or `协助申请补贴 +3`.
/// Without a day a need is due in `default_days`. Errors name the line.
pub fn parse_needs(
    text: &str,
    today: Day,
    default_days: u16,
    lang: Lang,
) -> Result<Vec<(String, Day)>, String> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let n = n + 1;
        let (title, due) = parse_dated(line, today).map_err(|e| match (e, lang) {
            (DatedError::Passed, Lang::Zh) => format!("第{n}行的日期已过，请写今天或以后的日期"),
            (DatedError::Passed, Lang::En) => {
                format!("line {n}: that day has passed; give today or later")
            }
            (DatedError::NotADay(d), Lang::Zh) => {
                let d = crate::model::shown::quote(&d);
                format!("第{n}行的日期“{d}”看不懂，请写 12-01 或 +3")
            }
            (DatedError::NotADay(d), Lang::En) => {
                let d = crate::model::shown::quote(&d);
                format!("line {n}: “{d}” is not a day; write 12-01 or +3")
            }
            (DatedError::NoTitle, Lang::Zh) => format!("第{n}行只有日期，请写上要做什么"),
            (DatedError::NoTitle, Lang::En) => {
                format!("line {n}: say what is needed, not only when")
            }
        })?;
        out.push((
            title.to_string(),
            due.unwrap_or(today + default_days as Day),
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::time::day_of;
    use chrono::NaiveDate;

    #[test]
    fn needs_are_read_one_per_line_with_an_optional_day() {
        let today = day_of(NaiveDate::from_ymd_opt(2026, 11, 25).unwrap());
        let got = parse_needs(
            "更换楼道灯 @12-01\n\n协助申请高龄补贴 +3\n送药",
            today,
            7,
            Lang::Zh,
        )
        .unwrap();
        assert_eq!(
            got,
            vec![
                ("更换楼道灯".to_string(), today + 6),
                ("协助申请高龄补贴".to_string(), today + 3),
                ("送药".to_string(), today + 7),
            ]
        );
        assert_eq!(
            parse_needs("送药\n修门 @明天", today, 7, Lang::Zh),
            Err("第2行的日期“明天”看不懂，请写 12-01 或 +3".to_string())
        );
    }
}

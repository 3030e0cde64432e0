//! The concrete forms: what each one asks, its defaults, and how its values become a request.

pub mod dispute;
pub mod followup;
pub mod visit;

use crate::model::time::{parse_day, Day};
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
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let (title, day) = if let Some((t, d)) = line.rsplit_once('@') {
            (t.trim(), Some(d.trim()))
        } else if let Some((t, d)) = line.rsplit_once(' ').filter(|(_, d)| d.starts_with('+')) {
            (t.trim(), Some(d))
        } else {
            (line, None)
        };
        let due = match day {
            None => today + default_days as Day,
            Some(d) => match parse_day(d, today) {
                Some(due) if due >= today => due,
                Some(_) => {
                    return Err(match lang {
                        Lang::Zh => format!("第{}行的日期已过，请写今天或以后的日期", n + 1),
                        Lang::En => {
                            format!("line {}: that day has passed; give today or later", n + 1)
                        }
                    })
                }
                None => {
                    return Err(match lang {
                        Lang::Zh => format!("第{}行的日期“{d}”看不懂，请写 12-01 或 +3", n + 1),
                        Lang::En => {
                            format!("line {}: “{d}” is not a day; write 12-01 or +3", n + 1)
                        }
                    })
                }
            },
        };
        if title.is_empty() {
            return Err(match lang {
                Lang::Zh => format!("第{}行只有日期，请写上要做什么", n + 1),
                Lang::En => format!("line {}: say what is needed, not only when", n + 1),
            });
        }
        out.push((title.to_string(), due));
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

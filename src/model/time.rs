//! How the model keeps time: instants as UTC seconds, calendar days as days since 0001-01-01.

use chrono::{DateTime, Datelike, Local, NaiveDate, TimeZone, Utc};

/// An instant, stored as seconds since the Unix epoch (UTC).
pub type Instant = i64;

/// A calendar day, stored as days since 0001-01-01 (chrono's "days from CE").
pub type Day = i32;

pub fn day_of(date: NaiveDate) -> Day {
    date.num_days_from_ce()
}

pub fn date_of(day: Day) -> NaiveDate {
    NaiveDate::from_num_days_from_ce_opt(day).unwrap_or(NaiveDate::MIN)
}

/// A day as `YYYY-MM-DD`.
pub fn day_text(day: Day) -> String {
    date_of(day).format("%Y-%m-%d").to_string()
}

pub fn now() -> Instant {
    Utc::now().timestamp()
}

pub fn local(at: Instant) -> DateTime<Local> {
    Local
        .timestamp_opt(at, 0)
        .single()
        .unwrap_or_else(|| DateTime::<Utc>::MIN_UTC.with_timezone(&Local))
}

/// The local calendar day an instant falls on.
pub fn local_day(at: Instant) -> Day {
    day_of(local(at).date_naive())
}

pub fn today() -> Day {
    day_of(Local::now().date_naive())
}

/// Reads a local date and time as people type it: `2026-11-25 14:05`, `2026-11-25T14:05`,
/// `11-25 14:05` (this year) or `14:05` (today).
pub fn parse_local(text: &str, today: Day) -> Option<Instant> {
    use chrono::{NaiveDateTime, NaiveTime};
    let t = super::address::fold_width(text.trim())
        .replace('T', " ")
        .replace('：', ":");
    let date = date_of(today);
    let naive = NaiveDateTime::parse_from_str(&t, "%Y-%m-%d %H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(&t, "%Y-%m-%d %H:%M:%S"))
        .or_else(|_| NaiveDateTime::parse_from_str(&t, "%Y/%m/%d %H:%M"))
        .or_else(|_| {
            NaiveDateTime::parse_from_str(&format!("{}-{t}", date.format("%Y")), "%Y-%m-%d %H:%M")
        })
        .or_else(|_| NaiveTime::parse_from_str(&t, "%H:%M").map(|tm| date.and_time(tm)))
        .ok()?;
    naive
        .and_local_timezone(Local)
        .earliest()
        .map(|dt| dt.timestamp())
}

/// Reads a day as people type it: `2026-12-01`, `12-01` (the next such day from today on),
/// `+3` (in three days), or `12月1日`.
pub fn parse_day(text: &str, today: Day) -> Option<Day> {
    let t = super::address::fold_width(text.trim());
    if let Some(n) = t.strip_prefix('+') {
        return n.trim().parse::<u16>().ok().map(|n| today + n as Day);
    }
    let t = t.replace(['年', '月', '/'], "-").replace(['日', '号'], "");
    if let Ok(d) = NaiveDate::parse_from_str(&t, "%Y-%m-%d") {
        return Some(day_of(d));
    }
    let this_year = date_of(today).year();
    for year in [this_year, this_year + 1] {
        if let Ok(d) = NaiveDate::parse_from_str(&format!("{year}-{t}"), "%Y-%m-%d") {
            if day_of(d) >= today {
                return Some(day_of(d));
            }
        }
    }
    None
}

/// Why a line of something to do, with its due day, could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatedError {
    /// The text after `@` or `+` is not a day.
    NotADay(String),
    /// The day is before today.
    Passed,
    /// Only a day, with nothing to do.
    NoTitle,
}

/// Something to do with an optional due day, as the visit form (one a line) and `--need`
/// take it: `更换楼道灯`, `更换楼道灯 @12-01`, `更换楼道灯@2026-12-01` or `协助申请补贴 +3`;
/// the day is read by [`parse_day`] and may not be before `today`.
pub fn parse_dated(line: &str, today: Day) -> Result<(&str, Option<Day>), DatedError> {
    let line = line.trim();
    let (title, day) = if let Some((t, d)) = line.rsplit_once('@') {
        (t.trim(), Some(d.trim()))
    } else if let Some((t, d)) = line.rsplit_once(' ').filter(|(_, d)| d.starts_with('+')) {
        (t.trim(), Some(d))
    } else {
        (line, None)
    };
    let due = match day {
        None => None,
        Some(d) => match parse_day(d, today) {
            Some(due) if due >= today => Some(due),
            Some(_) => return Err(DatedError::Passed),
            None => return Err(DatedError::NotADay(d.to_string())),
        },
    };
    if title.is_empty() {
        return Err(DatedError::NoTitle);
    }
    Ok((title, due))
}

/// A local date and time as forms show it: `2026-11-25 14:05`.
pub fn format_local(at: Instant) -> String {
    local(at).format("%Y-%m-%d %H:%M").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> Day {
        day_of(NaiveDate::from_ymd_opt(y, m, d).unwrap())
    }

    #[test]
    fn days_are_read_the_ways_people_write_them() {
        let today = day(2026, 11, 25);
        assert_eq!(parse_day("2026-12-01", today), Some(day(2026, 12, 1)));
        assert_eq!(parse_day("12-01", today), Some(day(2026, 12, 1)));
        assert_eq!(parse_day("12月1日", today), Some(day(2026, 12, 1)));
        assert_eq!(
            parse_day("01-05", today),
            Some(day(2027, 1, 5)),
            "January is next year"
        );
        assert_eq!(parse_day("+3", today), Some(day(2026, 11, 28)));
        assert_eq!(parse_day("tomorrow", today), None);
    }

    #[test]
    fn times_are_read_in_local_time() {
        let today = day(2026, 11, 25);
        let at = parse_local("2026-11-24 10:00", today).unwrap();
        assert_eq!(format_local(at), "2026-11-24 10:00");
        assert_eq!(parse_local("2026-11-24T10:00", today), Some(at));
        assert_eq!(parse_local("11-24 10:00", today), Some(at));
        assert_eq!(
            format_local(parse_local("14:05", today).unwrap()),
            "2026-11-25 14:05"
        );
        assert_eq!(parse_local("25:99", today), None);
    }
}

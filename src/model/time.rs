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

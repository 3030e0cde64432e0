//! Small wishes (微心愿) over a month: where each wish stood at a day (read back from its
//! history), the month's ledger entries, and the figures per grid (raised, claimed, done,
//! overdue, mean satisfaction), every one counted from the wishes' records; per grid, never
//! per person.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::reports::{Directory, Month};
use super::{Result, Store};
use crate::model::scope::Scope;
use crate::model::time::{local_day, Day};
use crate::model::{Household, Id, Wish, WishState};

/// A wish as it stood at the end of a day, read back from its history: a ledger of a past
/// month says what was true then, whatever happened since.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WishAt {
    pub state: WishState,
    /// Who had it then, whether it was dispatched (else claimed), and the day they took it.
    pub taker: Option<(String, bool, Day)>,
    /// The day it was fulfilled and what was done.
    pub done: Option<(Day, String)>,
    /// The day it was reviewed, the satisfaction and the note.
    pub review: Option<(Day, Option<u8>, String)>,
    /// The day it was closed and why.
    pub closed: Option<(Day, String)>,
}

impl WishAt {
    /// Where `w` stood at the end of `day`.
    pub fn of(w: &Wish, day: Day) -> WishAt {
        let mut at = WishAt {
            state: WishState::Open,
            taker: None,
            done: None,
            review: None,
            closed: None,
        };
        for s in w.history.iter().filter(|s| local_day(s.at) <= day) {
            let on = local_day(s.at);
            match s.to {
                WishState::Claimed | WishState::Dispatched => {
                    at.taker = Some((s.note.clone(), s.to == WishState::Dispatched, on));
                }
                WishState::Open => at.taker = None,
                WishState::Done => at.done = Some((on, s.note.clone())),
                WishState::Reviewed => at.review = Some((on, w.satisfaction, s.note.clone())),
                WishState::Closed => at.closed = Some((on, s.note.clone())),
            }
            at.state = s.to;
        }
        at
    }

    /// Past its due day at the end of `day` and not yet fulfilled then.
    pub fn is_overdue(&self, w: &Wish, day: Day) -> bool {
        self.state.is_open() && w.due.is_some_and(|d| d < day)
    }
}

/// The day a wish's way ended (fulfilled or closed), if it has.
fn ended(w: &Wish) -> Option<Day> {
    w.history
        .iter()
        .filter(|s| matches!(s.to, WishState::Done | WishState::Closed))
        .map(|s| local_day(s.at))
        .next_back()
}

/// One line of the month's wish ledger (微心愿台账).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WishEntry {
    pub wish: Wish,
    pub household: Household,
    /// As it stood at the end of the month (or today, for the month still running).
    pub at: WishAt,
}

/// The wishes of a month's ledger, oldest first: those raised in the month, and those raised
/// before it and not yet fulfilled or closed when it began; each as it stood at the month's
/// end (or on `today` while the month runs). Only the scope's households' wishes: a private
/// wish with its address, as the wish list shows it to staff whose scope covers it.
pub fn wish_entries(
    store: &Store,
    month: Month,
    today: Day,
    scope: &Scope,
) -> Result<Vec<WishEntry>> {
    let end = month.last.min(today.max(month.first));
    let mut out = Vec::new();
    for (w, h) in store.wishes(&|h| scope.sees(h.community, h.grid))? {
        let in_month = month.contains(w.raised);
        let open_at_start = w.raised < month.first && ended(&w).is_none_or(|d| d >= month.first);
        if in_month || open_at_start {
            out.push(WishEntry {
                at: WishAt::of(&w, end),
                wish: w,
                household: h,
            });
        }
    }
    out.sort_by_key(|e| (e.wish.raised, e.wish.id));
    Ok(out)
}

/// The wish figures of one grid (or all of them) for a month.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct WishFigures {
    pub community: String,
    pub grid: String,
    /// Raised in the month.
    pub raised: u64,
    /// Claimed or dispatched in the month (a wish taken on twice counts once).
    pub claimed: u64,
    /// Fulfilled in the month.
    pub done: u64,
    /// Past their due day and not fulfilled at the month's end (or today, while it runs).
    pub overdue: u64,
    /// Reviewed in the month.
    pub reviewed: u64,
    /// The mean satisfaction (1–5) of the wishes reviewed in the month; None when none was.
    pub mean_satisfaction: Option<f64>,
}

/// The month's wish figures per grid with households in the scope, and their total.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WishReport {
    /// `2026年11月`.
    pub month: String,
    /// The day overdue is counted on: the month's last, or today while it runs.
    pub as_at: Day,
    pub grids: Vec<WishFigures>,
    pub total: WishFigures,
}

/// Running sums for one row.
#[derive(Default)]
struct Sums {
    f: WishFigures,
    satisfaction: u64,
}

impl Sums {
    fn add(&mut self, w: &Wish, month: Month, end: Day) {
        let steps_in = |to: &[WishState]| {
            w.history
                .iter()
                .any(|s| to.contains(&s.to) && month.contains(local_day(s.at)))
        };
        self.f.raised += u64::from(month.contains(w.raised));
        self.f.claimed += u64::from(steps_in(&[WishState::Claimed, WishState::Dispatched]));
        self.f.done += u64::from(steps_in(&[WishState::Done]));
        if w.raised <= end && WishAt::of(w, end).is_overdue(w, end) {
            self.f.overdue += 1;
        }
        if steps_in(&[WishState::Reviewed]) {
            if let Some(s) = w.satisfaction {
                self.f.reviewed += 1;
                self.satisfaction += u64::from(s);
            }
        }
    }

    fn done(mut self, community: &str, grid: &str) -> WishFigures {
        self.f.community = community.to_string();
        self.f.grid = grid.to_string();
        self.f.mean_satisfaction =
            (self.f.reviewed > 0).then(|| self.satisfaction as f64 / self.f.reviewed as f64);
        self.f
    }
}

/// The month's wish figures per grid of the scope (each grid with households, in the order
/// of community and grid name) and in all; overdue counted at the month's end, or on
/// `today` while the month runs.
pub fn wish_report(store: &Store, month: Month, today: Day, scope: &Scope) -> Result<WishReport> {
    // The names of places, and the grids with households from the grid rollups: no
    // household is read but those with wishes.
    let dir = Directory::names(store)?;
    let end = month.last.min(today.max(month.first));
    let mut grids: BTreeMap<(String, String, Id), Sums> = BTreeMap::new();
    let key = |h: &Household| {
        (
            dir.community(h.community).to_string(),
            dir.grid(h.grid).to_string(),
            h.grid,
        )
    };
    for t in store.tallies(scope)? {
        if t.kind == super::rollup::VISITED {
            let name = (
                dir.community(t.community).to_string(),
                dir.grid(t.grid).to_string(),
                t.grid,
            );
            grids.entry(name).or_default();
        }
    }
    let mut total = Sums::default();
    for (w, h) in store.wishes(&|h| scope.sees(h.community, h.grid))? {
        grids.entry(key(&h)).or_default().add(&w, month, end);
        total.add(&w, month, end);
    }
    Ok(WishReport {
        month: month.label(),
        as_at: end,
        grids: grids
            .into_iter()
            .map(|((c, g, _), s)| s.done(&c, &g))
            .collect(),
        total: total.done("", ""),
    })
}

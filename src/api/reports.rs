//! Operations that answer with figures and tables over the caller's scope: the report screen's
//! set, `gridbook report`'s figures, and exports, ledgers and the overdue list in parts.

use serde::{Deserialize, Serialize};

use super::tables::TableRequest;
use super::{Cx, Request, Result};
use crate::model::time::Day;
use crate::store::reports;

/// Coverage, care-group visits on time, overdue follow-ups and disputes by month.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Reports(pub Day);

impl Request for Reports {
    type Reply = reports::ReportSet;
    const RESEND: bool = true;
    fn handle(self, cx: &Cx) -> Result<reports::ReportSet> {
        Ok(reports::report_set(&cx.store, self.0, &cx.scope)?)
    }
}

/// One of `gridbook report`'s figures.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Figures(pub reports::FigureKind, pub Day);

impl Request for Figures {
    type Reply = reports::Figures;
    const RESEND: bool = true;
    fn handle(self, cx: &Cx) -> Result<reports::Figures> {
        Ok(reports::figures(&cx.store, self.0, self.1, &cx.scope)?)
    }
}

/// An export, a ledger or the overdue list, handed over a part at a time (a sheet's head, then
/// its rows); the reply comes when all parts have gone.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Table(pub TableRequest);

impl Request for Table {
    type Reply = ();
    const RESEND: bool = true;
    fn handle(self, cx: &Cx) -> Result<()> {
        super::tables::answer(&cx.store, &cx.scope, &self.0, &mut |p| cx.part(p))
    }
}

/// Households whose roster was not checked (人口信息核实) in the last `months` months (the
/// visit rules' number when None), never-checked first.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RosterUnchecked {
    pub today: Day,
    pub months: Option<u16>,
}

impl Request for RosterUnchecked {
    type Reply = Vec<crate::store::due::RosterRow>;
    const RESEND: bool = true;
    fn handle(self, cx: &Cx) -> Result<Self::Reply> {
        Ok(cx
            .store
            .roster_unchecked(self.today, self.months, &cx.scope, usize::MAX)?
            .rows)
    }
}

/// The first `limit` of the same households, and how many there are in all: what a screen
/// or a page shows of a street or a city.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RosterPage {
    pub today: Day,
    pub months: Option<u16>,
    pub limit: usize,
}

impl Request for RosterPage {
    type Reply = crate::store::due::RosterPage;
    const RESEND: bool = true;
    fn handle(self, cx: &Cx) -> Result<Self::Reply> {
        Ok(cx
            .store
            .roster_unchecked(self.today, self.months, &cx.scope, self.limit)?)
    }
}

/// The day of the last visit that checked one household's roster (None: never), for
/// `gridbook household show`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LastRosterCheck(pub crate::model::Id);

impl Request for LastRosterCheck {
    type Reply = Option<Day>;
    const RESEND: bool = true;
    fn handle(self, cx: &Cx) -> Result<Option<Day>> {
        cx.household(self.0)?;
        Ok(cx.store.last_roster_check(self.0)?)
    }
}

/// The small wishes' figures for a month per grid (raised, claimed, done, overdue, mean
/// satisfaction), overdue counted at the month's end or on `today` while it runs.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct WishReport {
    pub month: reports::Month,
    pub today: Day,
}

impl Request for WishReport {
    type Reply = crate::store::wish_reports::WishReport;
    const RESEND: bool = true;
    fn handle(self, cx: &Cx) -> Result<Self::Reply> {
        Ok(crate::store::wish_reports::wish_report(
            &cx.store, self.month, self.today, &cx.scope,
        )?)
    }
}

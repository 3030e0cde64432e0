//! What is due: open follow-ups by due date, households due a visit by the visit rules, and
//! households whose roster is due to be checked (人口信息核实).

use serde::{Deserialize, Serialize};

use super::{Result, Store};
use crate::model::time::{local_day, Day, Instant};
use crate::model::{Address, FollowUp, Household, Id, Resident};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum DueKind {
    /// A follow-up someone wrote down.
    FollowUp(FollowUp),
    /// A visit due by rule: the last one (if any) and the interval that applies.
    Visit {
        last: Option<Instant>,
        interval: u16,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DueItem {
    pub household: Id,
    pub building: Id,
    pub community: Id,
    pub grid: Id,
    pub address: Address,
    pub head: String,
    pub due: Day,
    pub kind: DueKind,
}

/// A household whose roster was not checked (人口信息核实) within the months asked about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RosterRow {
    pub household: Id,
    pub community: Id,
    pub grid: Id,
    pub address: Address,
    /// The head of household's name; empty when the household has no head on file.
    pub head: String,
    /// The day of the last visit that checked the roster; None: never.
    pub last_checked: Option<Day>,
}

/// How many items of one kind are due, and how many of them are overdue.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DueCount {
    pub due: usize,
    pub overdue: usize,
}

/// The due list: items due by `today + horizon`, most overdue first, at most `limit` of each
/// kind, and how many there were in all. The counts are the one figure of what is overdue:
/// the follow-up list and the report screen both show them.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct DueList {
    pub items: Vec<DueItem>,
    pub total: usize,
    pub overdue: usize,
    /// Follow-ups someone wrote down.
    pub written: DueCount,
    /// Visits due by the visit rules.
    pub by_rule: DueCount,
}

impl Store {
    pub fn due_list(
        &self,
        today: Day,
        horizon: u16,
        rules_too: bool,
        allow: &dyn Fn(&Household) -> bool,
        limit: usize,
    ) -> Result<DueList> {
        let until = today + horizon as Day;
        let rules = if rules_too {
            Some(self.visit_rules()?)
        } else {
            None
        };
        // Everything due, sorted, first, from one pass over the households and their
        // digests (which hold each open follow-up's due day); the follow-ups themselves and
        // the heads' names only for the items shown.
        enum Found {
            FollowUp(Id),
            Visit(DueKind),
        }
        let mut homes: Vec<Household> = Vec::new();
        let mut found: Vec<(Day, usize, Found)> = Vec::new();
        self.households_with_digests(|stored, digest| {
            let h = stored.value;
            if !allow(&h) {
                return Ok(());
            }
            let at = homes.len();
            let before = found.len();
            for (due, id) in &digest.open_followups {
                if *due <= until {
                    found.push((*due, at, Found::FollowUp(*id)));
                }
            }
            if let Some(rules) = &rules {
                let interval = rules.interval(&h.care_tags);
                let last = digest.last_met.map(|s| s.at);
                // Only meeting someone resets the clock; a household never met is due from
                // the day it was registered.
                let due = match last {
                    Some(at) => local_day(at) + interval as Day,
                    None => local_day(stored.meta.at),
                };
                if due <= until {
                    found.push((due, at, Found::Visit(DueKind::Visit { last, interval })));
                }
            }
            if found.len() > before {
                homes.push(h);
            }
            Ok(())
        })?;
        found.sort_by_key(|(due, at, kind)| (*due, homes[*at].id, matches!(kind, Found::Visit(_))));
        let (mut written, mut by_rule) = (DueCount::default(), DueCount::default());
        found.retain(|(due, _, kind)| {
            let count = match kind {
                Found::FollowUp(_) => &mut written,
                Found::Visit(_) => &mut by_rule,
            };
            count.due += 1;
            count.overdue += usize::from(*due < today);
            count.due <= limit
        });
        let mut shown = Vec::with_capacity(found.len());
        for (due, at, kind) in found {
            let kind = match kind {
                Found::Visit(kind) => kind,
                Found::FollowUp(id) => match self.get_id::<FollowUp>(id)? {
                    Some(f) => DueKind::FollowUp(f),
                    None => continue,
                },
            };
            shown.push((due, &homes[at], kind));
        }
        let items = shown
            .into_iter()
            .map(|(due, h, kind)| self.due_item(h, due, kind))
            .collect::<Result<Vec<_>>>()?;
        Ok(DueList {
            items,
            total: written.due + by_rule.due,
            overdue: written.overdue + by_rule.overdue,
            written,
            by_rule,
        })
    }

    /// When someone in the household was last met: the newest visit with outcome met,
    /// from the household's digest.
    pub fn last_met(&self, household: Id) -> Result<Option<Instant>> {
        Ok(self.digest(household)?.last_met.map(|s| s.at))
    }

    /// The households in scope whose roster no visit checked in the last `months` months
    /// (None: the months the visit rules say), never-checked first, then the longest
    /// unchecked, then by address. Reads the households' digests, not their visits.
    pub fn roster_unchecked(
        &self,
        today: Day,
        months: Option<u16>,
        in_scope: &dyn Fn(&Household) -> bool,
    ) -> Result<Vec<RosterRow>> {
        let months = match months {
            Some(m) => m,
            None => self.visit_rules()?.roster_months,
        };
        let date = crate::model::time::date_of(today);
        let since = date
            .checked_sub_months(chrono::Months::new(months.into()))
            .map_or(Day::MIN, crate::model::time::day_of);
        let mut found: Vec<(Option<Day>, Household)> = Vec::new();
        self.households_with_digests(|stored, digest| {
            let h = stored.value;
            if !in_scope(&h) {
                return Ok(());
            }
            let last = digest.roster_checked.map(|s| local_day(s.at));
            if last.is_none_or(|d| d < since) {
                found.push((last, h));
            }
            Ok(())
        })?;
        found.sort_by_key(|(last, h)| (*last, h.community, h.address, h.id));
        found
            .into_iter()
            .map(|(last_checked, h)| {
                Ok(RosterRow {
                    household: h.id,
                    community: h.community,
                    grid: h.grid,
                    address: h.address,
                    head: self.head_name(&h)?,
                    last_checked,
                })
            })
            .collect()
    }

    /// The day of the newest visit that checked the household's roster, from its digest.
    pub fn last_roster_check(&self, household: Id) -> Result<Option<Day>> {
        Ok(self
            .digest(household)?
            .roster_checked
            .map(|s| local_day(s.at)))
    }

    /// The name of the household's head, or empty when none is on file.
    pub(super) fn head_name(&self, h: &Household) -> Result<String> {
        Ok(match h.head {
            Some(r) => self
                .get_id::<Resident>(r)?
                .map(|r| r.name)
                .unwrap_or_default(),
            None => String::new(),
        })
    }

    fn due_item(&self, h: &Household, due: Day, kind: DueKind) -> Result<DueItem> {
        let head = self.head_name(h)?;
        Ok(DueItem {
            household: h.id,
            building: h.building,
            community: h.community,
            grid: h.grid,
            address: h.address,
            head,
            due,
            kind,
        })
    }
}

//! What is due: open follow-ups by due date, households due a visit by the visit rules, and
//! households whose roster is due to be checked (人口信息核实).

use serde::{Deserialize, Serialize};

use std::collections::HashMap;

use super::rollup::{self, Tally};
use super::{keys, Result, Store, TreeId};
use crate::model::rules::VisitRules;
use crate::model::scope::Scope;
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

/// One page of the households whose roster was not checked, and how many there are in all.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RosterPage {
    pub rows: Vec<RosterRow>,
    pub total: usize,
}

/// How many written follow-ups and rule visits in scope are due by `until`, and overdue on
/// `today`, from the grid rollups.
fn due_counts(
    tallies: &[Tally],
    today: Day,
    until: Day,
    rules: Option<&VisitRules>,
) -> (DueCount, DueCount) {
    let (mut written, mut by_rule) = (DueCount::default(), DueCount::default());
    for t in tallies {
        let (count, shift) = match (t.kind, rules) {
            (rollup::FOLLOWUPS, _) => (&mut written, 0),
            (rollup::MET, Some(rules)) => (
                &mut by_rule,
                Day::from(rules.interval(&rollup::care_tags(t.sub as u16))),
            ),
            (rollup::NEVER_MET, Some(_)) => (&mut by_rule, 0),
            _ => continue,
        };
        count.due += t.count(|d| d.saturating_add(shift) <= until) as usize;
        count.overdue += t.count(|d| d.saturating_add(shift) < today) as usize;
    }
    (written, by_rule)
}

impl Store {
    /// The due list over one scope: the first `limit` of each kind, and the counts of all
    /// (from the grid rollups). Reads only the follow-ups and households it shows.
    pub fn due_list(
        &self,
        today: Day,
        horizon: u16,
        rules_too: bool,
        scope: &Scope,
        limit: usize,
    ) -> Result<DueList> {
        let until = today + horizon as Day;
        let rules = if rules_too {
            Some(self.visit_rules()?)
        } else {
            None
        };
        let (written, by_rule) = due_counts(&self.tallies(scope)?, today, until, rules.as_ref());
        let mut homes: HashMap<Id, Option<Household>> = HashMap::new();
        let mut home = |id: Id| -> Result<Option<Household>> {
            if let Some(h) = homes.get(&id) {
                return Ok(h.clone());
            }
            let h = self.get_id::<Household>(id)?;
            homes.insert(id, h.clone());
            Ok(h)
        };
        // (due, household, visit or not, what): written follow-ups from their index by due
        // day, as far as the limit's last day.
        let mut found: Vec<(Day, Household, bool, DueKind)> = Vec::new();
        let end = keys::join(&[&keys::day(until.saturating_add(1))]);
        let mut last = None;
        for kv in self.tree(TreeId::OpenFollowUpsByDue).range(..end) {
            let (k, _) = kv?;
            let (Some(due), Some(id)) = (keys::read_day(&k, 0), keys::last_id(&k)) else {
                continue;
            };
            if found.len() >= limit && last != Some(due) {
                break;
            }
            let Some(f) = self.get_id::<FollowUp>(id)? else {
                continue;
            };
            let Some(h) = home(f.household)? else {
                continue;
            };
            if scope.sees(h.community, h.grid) {
                last = Some(due);
                found.push((due, h, false, DueKind::FollowUp(f)));
            }
        }
        found.sort_by_key(|(due, h, _, kind)| {
            let id = match kind {
                DueKind::FollowUp(f) => f.id,
                DueKind::Visit { .. } => 0,
            };
            (*due, h.id, id)
        });
        found.truncate(limit);
        if let Some(rules) = &rules {
            for (e, met) in self.visits_due_by_rule(until, rules, scope, limit)? {
                let Some(h) = home(e.household)? else {
                    continue;
                };
                let last = if met {
                    self.digest(h.id)?.last_met.map(|s| s.at)
                } else {
                    None
                };
                let interval = rules.interval(&h.care_tags);
                found.push((e.day, h, true, DueKind::Visit { last, interval }));
            }
        }
        found.sort_by_key(|(due, h, visit, _)| (*due, h.id, *visit));
        let items = found
            .into_iter()
            .map(|(due, h, _, kind)| self.due_item(&h, due, kind))
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
    /// unchecked, then by address: the first `limit`, and how many there are in all. Reads
    /// the grid rollups and the households shown.
    pub fn roster_unchecked(
        &self,
        today: Day,
        months: Option<u16>,
        scope: &Scope,
        limit: usize,
    ) -> Result<RosterPage> {
        let months = match months {
            Some(m) => m,
            None => self.visit_rules()?.roster_months,
        };
        let date = crate::model::time::date_of(today);
        let since = date
            .checked_sub_months(chrono::Months::new(months.into()))
            .map_or(Day::MIN + 1, crate::model::time::day_of);
        let total = self
            .tallies(scope)?
            .iter()
            .filter(|t| t.kind == rollup::ROSTER_CHECKED)
            .map(|t| t.count(|d| d < since))
            .sum::<u64>() as usize;
        let mut rows = Vec::new();
        for e in self.rosters_checked_before(since, scope, limit)? {
            let Some(h) = self.get_id::<Household>(e.household)? else {
                continue;
            };
            rows.push(RosterRow {
                household: h.id,
                community: h.community,
                grid: h.grid,
                address: h.address,
                head: self.head_name(&h)?,
                last_checked: (e.day != rollup::NO_DAY).then_some(e.day),
            });
        }
        Ok(RosterPage { rows, total })
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

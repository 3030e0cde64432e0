//! What is due: open follow-ups by due date, and households due a visit by the visit rules.

use serde::{Deserialize, Serialize};

use super::entity::outcome_of_byte;
use super::{keys, Result, Store, TreeId};
use crate::model::time::{local_day, Day, Instant};
use crate::model::{Address, FollowUp, Household, Id, Resident, Visit, VisitOutcome};

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
        // Everything due, sorted, first; the heads' names only for the items shown.
        let mut found: Vec<(Day, Household, DueKind)> = Vec::new();
        for kv in self.tree(TreeId::OpenFollowUpsByDue).iter() {
            let (k, _) = kv?;
            let Some(due) = keys::read_day(&k, 0) else {
                continue;
            };
            if due > until {
                break;
            }
            let Some(id) = keys::last_id(&k) else {
                continue;
            };
            let Some(f) = self.get_id::<FollowUp>(id)? else {
                continue;
            };
            let Some(h) = self.get_id::<Household>(f.household)? else {
                continue;
            };
            if allow(&h) {
                found.push((due, h, DueKind::FollowUp(f)));
            }
        }
        if rules_too {
            let rules = self.visit_rules()?;
            for kv in self.tree(TreeId::Households).iter() {
                let (_, v) = kv?;
                let stored = super::codec::decode::<super::Stored<Household>>(&v)?;
                let h = stored.value;
                if !allow(&h) {
                    continue;
                }
                let interval = rules.interval(&h.care_tags);
                let last = self.last_met(h.id)?;
                // Only meeting someone resets the clock; a household never met is due from
                // the day it was registered.
                let due = match last {
                    Some(at) => local_day(at) + interval as Day,
                    None => local_day(stored.meta.at),
                };
                if due <= until {
                    found.push((due, h, DueKind::Visit { last, interval }));
                }
            }
        }
        found.sort_by_key(|(due, h, kind)| (*due, h.id, matches!(kind, DueKind::Visit { .. })));
        let (mut written, mut by_rule) = (DueCount::default(), DueCount::default());
        found.retain(|(due, _, kind)| {
            let count = match kind {
                DueKind::FollowUp(_) => &mut written,
                DueKind::Visit { .. } => &mut by_rule,
            };
            count.due += 1;
            count.overdue += usize::from(*due < today);
            count.due <= limit
        });
        let items = found
            .into_iter()
            .map(|(due, h, kind)| self.due_item(&h, due, kind))
            .collect::<Result<Vec<_>>>()?;
        Ok(DueList {
            items,
            total: written.due + by_rule.due,
            overdue: written.overdue + by_rule.overdue,
            written,
            by_rule,
        })
    }

    /// When someone in the household was last met: the newest visit with outcome met.
    /// The outcome is read from the index entry; only an entry written before entries kept
    /// it sends us to the visit itself.
    pub fn last_met(&self, household: Id) -> Result<Option<Instant>> {
        for kv in self
            .tree(TreeId::VisitsByHousehold)
            .scan_prefix(keys::id(household))
        {
            let (k, v) = kv?;
            let outcome = match outcome_of_byte(&v) {
                Some(o) => Some(o),
                None => match keys::last_id(&k) {
                    Some(id) => self.get_id::<Visit>(id)?.map(|v| v.outcome),
                    None => None,
                },
            };
            if outcome == Some(VisitOutcome::Met) {
                return Ok(keys::read_instant_desc(&k, 8));
            }
        }
        Ok(None)
    }

    fn due_item(&self, h: &Household, due: Day, kind: DueKind) -> Result<DueItem> {
        let head = match h.head {
            Some(r) => self
                .get_id::<Resident>(r)?
                .map(|r| r.name)
                .unwrap_or_default(),
            None => String::new(),
        };
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

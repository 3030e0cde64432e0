//! The sweep (扫楼): a building or entrance walked door by door, one key a door.

use tui_input::Input;

use super::{App, Opening, Pane};
use crate::model::time::{local_day, now};
use crate::model::{Id, VisitOutcome, VisitPurpose};
use crate::store::ops::{NewVisit, SavedVisit};
use crate::store::query::HouseholdRow;
use crate::tui::action::Action;
use crate::tui::nav::NodeKind;
use crate::tui::worker::{Query, Request};

pub struct Sweep {
    pub building: Id,
    /// The building number, and the entrance when only one is swept.
    pub number: u32,
    pub entrance: Option<u8>,
    pub doors: Vec<HouseholdRow>,
    pub index: usize,
    pub note: Input,
    pub noting: bool,
    /// What each door got, as acknowledged by the store.
    pub recorded: Vec<Option<VisitOutcome>>,
    pub followups: u32,
    pub disputes: u32,
    pub finished: bool,
}

impl Sweep {
    pub fn count(&self, outcome: VisitOutcome) -> usize {
        self.recorded
            .iter()
            .filter(|r| **r == Some(outcome))
            .count()
    }

    pub fn visited(&self) -> usize {
        self.recorded.iter().filter(|r| r.is_some()).count()
    }
}

impl App {
    /// `s` on a building sweeps all of it; on a household, its entrance.
    pub(super) fn start_sweep(&mut self) -> Vec<Request> {
        let Some(NodeKind::Building(b)) = self.tree.selected().map(|n| n.kind) else {
            self.say(
                "先选一栋楼（或楼里的一户）再扫楼",
                "Pick a building (or a household in it) to sweep",
            );
            return Vec::new();
        };
        if self.households_of != Some(b) || self.households.is_empty() {
            self.say(
                "这栋楼的住户还没读出来，稍等再按",
                "The building's households are still loading; try again",
            );
            return Vec::new();
        }
        let number = self.tree.selected().map(|n| n.number).unwrap_or(0);
        let entrance = match self.focus {
            Pane::Tree => None,
            _ => self.selected_household().map(|h| h.address.entrance),
        };
        let doors: Vec<HouseholdRow> = self
            .households
            .iter()
            .filter(|h| entrance.is_none_or(|e| h.address.entrance == e))
            .cloned()
            .collect();
        self.sweep = Some(Box::new(Sweep {
            building: b,
            number,
            entrance,
            recorded: vec![None; doors.len()],
            doors,
            index: 0,
            note: Input::default(),
            noting: false,
            followups: 0,
            disputes: 0,
            finished: false,
        }));
        Vec::new()
    }

    pub(super) fn sweep_action(&mut self, action: Action) -> Vec<Request> {
        let Some(sweep) = self.sweep.as_mut() else {
            return Vec::new();
        };
        if sweep.finished {
            if matches!(action, Action::Cancel | Action::Confirm | Action::Back) {
                let building = sweep.building;
                self.sweep = None;
                if self.households_of == Some(building) {
                    self.select_after_load = self.selected_household().map(|h| h.id);
                    return vec![self.request(Query::Households(building))];
                }
            }
            return Vec::new();
        }
        if sweep.noting {
            match action {
                Action::Confirm => sweep.noting = false,
                Action::Cancel => {
                    sweep.noting = false;
                    sweep.note = Input::default();
                }
                _ => {}
            }
            return Vec::new();
        }
        match action {
            Action::SweepMet => self.record_door(VisitOutcome::Met, false),
            Action::SweepNotHome => self.record_door(VisitOutcome::NotHome, false),
            Action::SweepRefused => self.record_door(VisitOutcome::Refused, false),
            Action::SweepRevisit => self.record_door(VisitOutcome::Revisit, false),
            Action::SweepDispute => self.record_door(VisitOutcome::Met, true),
            Action::SweepNote => {
                sweep.noting = true;
                Vec::new()
            }
            Action::SweepSkip => {
                sweep.index += 1;
                sweep.finished = sweep.index >= sweep.doors.len();
                Vec::new()
            }
            Action::SweepBack => {
                sweep.index = sweep.index.saturating_sub(1);
                Vec::new()
            }
            Action::Cancel | Action::Back => {
                sweep.finished = true;
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    /// Saves the door's visit (durably, before it counts) and moves to the next door.
    fn record_door(&mut self, outcome: VisitOutcome, dispute: bool) -> Vec<Request> {
        let lang = self.lang;
        let Some(sweep) = self.sweep.as_mut() else {
            return Vec::new();
        };
        let Some(door) = sweep.doors.get(sweep.index).cloned() else {
            return Vec::new();
        };
        let at = now();
        let today = local_day(at);
        let mut findings = sweep.note.value().trim().to_string();
        if dispute && findings.is_empty() {
            findings = lang.pick("发现矛盾纠纷", "found a dispute").to_string();
        }
        let knock_again = crate::tui::forms::visit::knock_again(lang, outcome, today);
        let visit = NewVisit {
            household: door.id,
            at,
            purpose: VisitPurpose::Routine,
            outcome,
            met: Vec::new(),
            findings,
            needs: Vec::new(),
            knock_again,
            amends: None,
        };
        let slot = sweep.index;
        sweep.note = Input::default();
        sweep.index += 1;
        sweep.finished = sweep.index >= sweep.doors.len() && !dispute;
        let req = self.request(Query::SaveVisit(Box::new(visit)));
        // A sweep save is not the form's save: keep the form's pending id apart.
        self.sweep_saves.insert(req.id, outcome);
        self.sweep_slots.insert(req.id, slot);
        let mut reqs = vec![req];
        if dispute {
            if let Some(s) = self.sweep.as_mut() {
                s.disputes += 1;
                if s.index >= s.doors.len() {
                    s.finished = true;
                }
            }
            reqs.extend(self.open_on(door.id, Opening::Dispute, None));
        }
        reqs
    }

    pub(super) fn sweep_saved(&mut self, id: u64, saved: SavedVisit) -> Vec<Request> {
        let outcome = self.sweep_saves.remove(&id);
        let slot = self.sweep_slots.remove(&id);
        if let (Some(sweep), Some(outcome), Some(slot)) = (self.sweep.as_mut(), outcome, slot) {
            if let Some(r) = sweep.recorded.get_mut(slot) {
                *r = Some(outcome);
            }
            sweep.followups += saved.followups.len() as u32;
        }
        Vec::new()
    }
}

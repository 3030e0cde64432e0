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
    /// What became of each door.
    pub knocks: Vec<Knock>,
    /// Follow-ups the acknowledged visits left.
    pub followups: u32,
    pub disputes: u32,
    /// Past the last door (or ended early): the summary shows.
    pub finished: bool,
    /// A campaign covering the building, while one runs: its results on the keys.
    pub campaign: Option<Box<super::sweep_campaign::SweepCampaign>>,
}

/// One door of a sweep: what the store acknowledged, and what is on its way.
#[derive(Debug, Clone, Default)]
pub struct Knock {
    /// The visit the store acknowledged, its outcome and the follow-ups it left.
    pub saved: Option<(Id, VisitOutcome, u32)>,
    /// Saves sent and not answered yet.
    pub sending: u32,
    /// A correction pressed while the door's save was on its way: sent once it is answered,
    /// as a correction of the visit it saved.
    pub queued: Option<NewVisit>,
    /// The door's latest save failed.
    pub failed: bool,
}

impl Knock {
    fn settled(&self) -> bool {
        self.sending == 0 && self.queued.is_none()
    }
}

impl Sweep {
    /// Doors whose acknowledged visit has this outcome.
    pub fn count(&self, outcome: VisitOutcome) -> usize {
        self.knocks
            .iter()
            .filter(|k| k.saved.is_some_and(|(_, o, _)| o == outcome))
            .count()
    }

    /// Doors with a visit the store acknowledged.
    pub fn visited(&self) -> usize {
        self.knocks.iter().filter(|k| k.saved.is_some()).count()
    }

    /// Doors whose latest press (a visit or a campaign check) has not been answered yet.
    pub fn unsaved(&self) -> usize {
        (0..self.doors.len())
            .filter(|&i| {
                self.knocks.get(i).is_some_and(|k| !k.settled())
                    || self.check(i).is_some_and(|d| !d.settled())
            })
            .count()
    }

    /// Doors whose latest press could not be saved.
    pub fn failed(&self) -> usize {
        (0..self.doors.len())
            .filter(|&i| {
                self.knocks.get(i).is_some_and(|k| k.failed && k.settled())
                    || self.check(i).is_some_and(|d| d.failed && d.settled())
            })
            .count()
    }

    /// A door's place in the campaign, when the sweep has one.
    pub fn check(&self, i: usize) -> Option<&super::sweep_campaign::CampaignDoor> {
        self.campaign.as_ref()?.doors.get(i)
    }

    /// The campaign's results are on the keys.
    pub fn in_campaign(&self) -> bool {
        self.campaign.as_ref().is_some_and(|c| c.on)
    }

    /// Where the sweep's keys are looked up.
    pub fn mode(&self) -> crate::tui::keymap::Mode {
        if self.in_campaign() {
            crate::tui::keymap::Mode::CampaignSweep
        } else {
            crate::tui::keymap::Mode::Sweep
        }
    }

    /// Every press is answered: the summary may say the sweep is over.
    pub fn settled(&self) -> bool {
        self.unsaved() == 0
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
            knocks: vec![Knock::default(); doors.len()],
            doors,
            index: 0,
            note: Input::default(),
            noting: false,
            followups: 0,
            disputes: 0,
            finished: false,
            campaign: None,
        }));
        self.sweep_campaign_start(b)
    }

    pub(super) fn sweep_action(&mut self, action: Action) -> Vec<Request> {
        let Some(sweep) = self.sweep.as_mut() else {
            return Vec::new();
        };
        if sweep.finished {
            // Not over while a door's save is on its way: the summary would count it too soon.
            let over = sweep.settled();
            if over && matches!(action, Action::Cancel | Action::Confirm | Action::Back) {
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
        if let Some(reqs) = self.sweep_campaign_action(action) {
            return reqs;
        }
        let Some(sweep) = self.sweep.as_mut() else {
            return Vec::new();
        };
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
            Action::SweepCampaign => {
                self.say(
                    "现在没有覆盖这栋楼的战时排查",
                    "No campaign covering this building is running",
                );
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    /// Saves the door's visit (durably, before it counts) and moves to the next door. A door
    /// already saved in this sweep gets its visit corrected instead of a second one.
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
        let slot = sweep.index;
        sweep.note = Input::default();
        sweep.index += 1;
        sweep.finished = sweep.index >= sweep.doors.len();
        if dispute {
            sweep.disputes += 1;
        }
        let knock = &mut sweep.knocks[slot];
        let unchanged = knock.settled()
            && knock.saved.is_some_and(|(_, o, _)| o == outcome)
            && findings.is_empty()
            && !dispute;
        let visit = NewVisit {
            household: door.id,
            at,
            purpose: VisitPurpose::Routine,
            outcome,
            met: Vec::new(),
            findings,
            needs: Vec::new(),
            knock_again,
            amends: knock.saved.map(|(id, _, _)| id),
            roster_checked: false,
        };
        let mut reqs = Vec::new();
        if unchanged {
            // The same outcome again: the saved visit already says so.
        } else if knock.sending > 0 {
            knock.queued = Some(visit);
        } else {
            reqs.push(self.send_door(slot, visit));
        }
        if dispute {
            reqs.extend(self.open_on(door.id, Opening::Dispute, None));
        }
        reqs
    }

    fn send_door(&mut self, slot: usize, visit: NewVisit) -> Request {
        let outcome = visit.outcome;
        if let Some(k) = self.sweep.as_mut().and_then(|s| s.knocks.get_mut(slot)) {
            k.sending += 1;
        }
        let req = self.request(Query::SaveVisit(Box::new(visit), Vec::new()));
        // A sweep save is not the form's save: keep the form's pending id apart.
        self.sweep_saves.insert(req.id, outcome);
        self.sweep_slots.insert(req.id, slot);
        req
    }

    /// A door's save was answered: the door counts now, and a correction waiting on it goes.
    pub(super) fn sweep_saved(&mut self, id: u64, saved: SavedVisit) -> Vec<Request> {
        self.sweep_saves.remove(&id);
        let Some(slot) = self.sweep_slots.remove(&id) else {
            return Vec::new();
        };
        let Some(knock) = self.sweep.as_mut().and_then(|s| s.knocks.get_mut(slot)) else {
            return Vec::new();
        };
        let before = knock.saved.map_or(0, |(_, _, n)| n);
        let outcome = saved.visit.outcome;
        // A correction that keeps the outcome keeps the follow-ups the first visit left.
        let left = match knock.saved {
            Some((_, o, n)) if o == outcome => n,
            _ => saved.followups.len() as u32,
        };
        knock.saved = Some((saved.visit.id, outcome, left));
        knock.sending = knock.sending.saturating_sub(1);
        knock.failed = false;
        let queued = knock.queued.take().map(|mut v| {
            v.amends = Some(saved.visit.id);
            v
        });
        if let Some(s) = self.sweep.as_mut() {
            s.followups = s.followups + left - before;
        }
        queued
            .map(|v| vec![self.send_door(slot, v)])
            .unwrap_or_default()
    }

    /// A door's save failed: the door says so, and a correction waiting on it goes alone.
    pub(super) fn sweep_failed(&mut self, id: u64) -> Vec<Request> {
        self.sweep_saves.remove(&id);
        let Some(slot) = self.sweep_slots.remove(&id) else {
            return Vec::new();
        };
        let Some(knock) = self.sweep.as_mut().and_then(|s| s.knocks.get_mut(slot)) else {
            return Vec::new();
        };
        knock.sending = knock.sending.saturating_sub(1);
        knock.failed = true;
        let queued = knock.queued.take().map(|mut v| {
            v.amends = knock.saved.map(|(id, _, _)| id);
            v
        });
        queued
            .map(|v| vec![self.send_door(slot, v)])
            .unwrap_or_default()
    }
}

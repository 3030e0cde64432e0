//! The sweep of a building while a campaign covering it runs (战时): the campaign's results
//! on the keys, one key a door, each door's latest result, and the building's tally.
//!
//! The campaign's results replace the sweep's own visit outcomes while it runs: the sweep
//! opens on them, `z` goes to the visit outcomes and back. A door is checked once a key:
//! the same result again on a door that already says so is not saved twice, and a key
//! pressed while the door's check is on its way is sent after its answer.

use std::collections::HashMap;

use tui_input::Input;

use super::campaign::{result_action, result_index};
use super::App;
use crate::api::campaigns::{BuildingDoors, CheckDoor};
use crate::api::Reply;
use crate::model::campaign::{comes_back, needs_note};
use crate::model::{DoorCheck, Id};
use crate::tui::action::Action;
use crate::tui::nav::NodeKind;
use crate::tui::worker::Request;

/// A running campaign in a sweep: its results, and where each door of the sweep stands.
pub struct SweepCampaign {
    pub id: Id,
    pub name: String,
    pub results: Vec<String>,
    /// The campaign's results are on the keys (else the sweep's own visit outcomes).
    pub on: bool,
    /// One a door of the sweep, in its order.
    pub doors: Vec<CampaignDoor>,
    /// 异常 waiting for its note: the result, and the note typed so far.
    pub noting: Option<(String, Input)>,
    /// The read of the building's doors in the campaign, while it is on its way.
    read_call: u64,
    /// Checks on their way: the call, and the door's place in the sweep.
    calls: HashMap<u64, usize>,
}

/// One door in a campaign, as the sweep knows it.
#[derive(Debug, Clone, Default)]
pub struct CampaignDoor {
    /// Whether the caller may check this door in the campaign; None until the read answers.
    pub covered: Option<bool>,
    /// Its latest attempt, from before the sweep or made in it.
    pub latest: Option<DoorCheck>,
    /// The latest attempt was made in this sweep.
    here: bool,
    /// The result and note on their way, and those pressed meanwhile (sent after the answer).
    sending: Option<(String, String)>,
    queued: Option<(String, String)>,
    /// The door's latest check could not be saved.
    pub failed: bool,
}

impl CampaignDoor {
    /// Whether the door already says this: the same result and note, made in this sweep or
    /// settled before it (a door to try again gets its new attempt).
    fn says(&self, want: &(String, String)) -> bool {
        self.latest
            .as_ref()
            .is_some_and(|l| (&l.result, &l.note) == (&want.0, &want.1))
            && (self.here || self.latest.as_ref().is_some_and(|l| !comes_back(&l.result)))
    }

    /// Every press is answered.
    pub fn settled(&self) -> bool {
        self.sending.is_none() && self.queued.is_none()
    }
}

impl SweepCampaign {
    /// Doors the caller may check in the campaign (those not read yet count).
    pub fn due(&self) -> usize {
        self.doors
            .iter()
            .filter(|d| d.covered != Some(false))
            .count()
    }

    /// Doors with a result.
    pub fn checked(&self) -> usize {
        self.doors.iter().filter(|d| d.latest.is_some()).count()
    }

    /// Doors whose latest result is this one.
    pub fn count(&self, result: &str) -> usize {
        self.doors
            .iter()
            .filter(|d| d.latest.as_ref().is_some_and(|l| l.result == result))
            .count()
    }
}

impl App {
    /// A sweep just started: with a campaign running, its doors in the campaign are read,
    /// and the campaign's results are on the keys when it covers the building's grid.
    pub(super) fn sweep_campaign_start(&mut self, building: Id) -> Vec<Request> {
        let Some(line) = self.campaigns.running().cloned() else {
            return Vec::new();
        };
        let grid = self
            .tree
            .selected()
            .and_then(|n| n.parent)
            .and_then(|p| self.tree.nodes.get(p))
            .and_then(|n| match n.kind {
                NodeKind::Grid(g) => Some(g),
                _ => None,
            });
        let on = line.grids.iter().any(|g| Some(g.grid) == grid);
        let req = self.ask(BuildingDoors {
            campaign: line.campaign.id,
            building,
        });
        let Some(sweep) = self.sweep.as_mut() else {
            return Vec::new();
        };
        sweep.campaign = Some(Box::new(SweepCampaign {
            id: line.campaign.id,
            name: line.campaign.name.clone(),
            results: line.campaign.results.clone(),
            on,
            doors: vec![CampaignDoor::default(); sweep.doors.len()],
            noting: None,
            read_call: req.id,
            calls: HashMap::new(),
        }));
        vec![req]
    }

    /// A key in a sweep that the campaign takes: 异常's note, a result, `z`; None for the
    /// keys the sweep handles itself (skip, back, end).
    pub(super) fn sweep_campaign_action(&mut self, action: Action) -> Option<Vec<Request>> {
        let c = self.sweep.as_mut()?.campaign.as_mut()?;
        if c.noting.is_some() {
            return Some(match self.noted(action) {
                Some((result, note)) => self.campaign_press(result, note),
                None => Vec::new(),
            });
        }
        if action == Action::SweepCampaign {
            c.on = !c.on;
            return Some(Vec::new());
        }
        if !c.on {
            return None;
        }
        if !result_action(action) {
            return None;
        }
        let result = c.results.get(result_index(action))?.clone();
        if needs_note(&result) {
            c.noting = Some((result, Input::default()));
            return Some(Vec::new());
        }
        Some(self.campaign_press(result, String::new()))
    }

    /// The result (and note) for the door at hand; the next door comes up.
    fn campaign_press(&mut self, result: String, note: String) -> Vec<Request> {
        let Some(s) = self.sweep.as_mut() else {
            return Vec::new();
        };
        let slot = s.index;
        let Some(household) = s.doors.get(slot).map(|d| d.id) else {
            return Vec::new();
        };
        if s.check(slot).is_some_and(|d| d.covered == Some(false)) {
            let skip = self.key_of(crate::tui::keymap::Mode::CampaignSweep, Action::SweepSkip);
            self.say(
                &format!("这一户不在你本次排查的网格里，按 {skip} 跳过"),
                &format!("This door is not in your grids of the campaign; press {skip} to skip it"),
            );
            return Vec::new();
        }
        let Some(s) = self.sweep.as_mut() else {
            return Vec::new();
        };
        s.index += 1;
        s.finished = s.index >= s.doors.len();
        let Some(door) = s.campaign.as_mut().and_then(|c| c.doors.get_mut(slot)) else {
            return Vec::new();
        };
        let want = (result, note);
        if let Some(sending) = &door.sending {
            // Sent after the answer, unless it says what is on its way.
            door.queued = (*sending != want).then_some(want);
            return Vec::new();
        }
        if door.says(&want) {
            return Vec::new();
        }
        vec![self.send_check(slot, household, want)]
    }

    fn send_check(&mut self, slot: usize, household: Id, want: (String, String)) -> Request {
        let campaign = self
            .sweep
            .as_ref()
            .and_then(|s| s.campaign.as_ref())
            .map_or(0, |c| c.id);
        let req = self.ask(CheckDoor {
            campaign,
            household,
            result: want.0.clone(),
            note: want.1.clone(),
        });
        if let Some(c) = self.sweep.as_mut().and_then(|s| s.campaign.as_mut()) {
            c.calls.insert(req.id, slot);
            if let Some(d) = c.doors.get_mut(slot) {
                d.sending = Some(want);
            }
        }
        req
    }

    fn sweep_campaign(&self) -> Option<&SweepCampaign> {
        self.sweep.as_ref()?.campaign.as_deref()
    }

    /// Which keys a sweep offers (help, the `:` line): the campaign's results it has.
    pub(super) fn sweep_offers(&self, action: Action) -> bool {
        let results = self.sweep_campaign().map_or(0, |c| c.results.len());
        match action {
            Action::SweepCampaign => self.sweep_campaign().is_some(),
            a if result_action(a) => result_index(a) < results,
            _ => true,
        }
    }

    /// Whether an answer is the sweep's campaign's.
    pub(super) fn sweep_campaign_owns(&self, id: u64) -> bool {
        self.sweep_campaign()
            .is_some_and(|c| id != 0 && (id == c.read_call || c.calls.contains_key(&id)))
    }

    pub(super) fn sweep_campaign_replied(&mut self, id: u64, reply: Reply) -> Vec<Request> {
        let Some(s) = self.sweep.as_mut() else {
            return Vec::new();
        };
        let Some(c) = s.campaign.as_mut() else {
            return Vec::new();
        };
        if id == c.read_call {
            c.read_call = 0;
            let Reply::BuildingDoors(found) = reply else {
                return Vec::new();
            };
            for (door, state) in s.doors.iter().zip(c.doors.iter_mut()) {
                let f = found.iter().find(|f| f.household == door.id);
                state.covered = Some(f.is_some());
                // The later attempt shows, whoever made it.
                let theirs = f.and_then(|f| f.latest.clone());
                let key = |l: &Option<DoorCheck>| l.as_ref().map(|l| (l.at, l.id));
                if key(&theirs) > key(&state.latest) {
                    state.latest = theirs;
                    state.here = false;
                }
            }
            let pressed = c.doors.iter().any(|d| d.here || !d.settled());
            if found.is_empty() && !pressed {
                // None of the building's doors is the caller's to check in the campaign.
                s.campaign = None;
            }
            return Vec::new();
        }
        let Some(slot) = c.calls.remove(&id) else {
            return Vec::new();
        };
        let Reply::CheckDoor(check) = reply else {
            return Vec::new();
        };
        let household = check.household;
        let Some(d) = c.doors.get_mut(slot) else {
            return Vec::new();
        };
        d.latest = Some(*check);
        d.here = true;
        d.sending = None;
        d.failed = false;
        let next = d.queued.take().filter(|q| !d.says(q));
        let mut reqs = self.load_campaigns();
        if let Some(want) = next {
            reqs.push(self.send_check(slot, household, want));
        }
        reqs
    }

    /// A campaign read or check of the sweep failed: the door says so, and the status line why.
    pub(super) fn sweep_campaign_failed(&mut self, id: u64, msg: &str) -> Option<Vec<Request>> {
        if !self.sweep_campaign_owns(id) {
            return None;
        }
        self.status = Some(format!("{}: {msg}", self.lang.strings().error));
        let s = self.sweep.as_mut()?;
        let c = s.campaign.as_mut()?;
        if id == c.read_call {
            c.read_call = 0;
            return Some(Vec::new());
        }
        let slot = c.calls.remove(&id)?;
        let household = s.doors.get(slot)?.id;
        let d = c.doors.get_mut(slot)?;
        d.sending = None;
        d.failed = true;
        let next = d.queued.take();
        Some(
            next.map(|want| vec![self.send_check(slot, household, want)])
                .unwrap_or_default(),
        )
    }

    /// Other sessions changed households: a door of the sweep among them is read again.
    pub(super) fn sweep_campaign_changed(&mut self, households: &[Id]) -> Vec<Request> {
        let Some(s) = self.sweep.as_ref() else {
            return Vec::new();
        };
        let (Some(c), building) = (s.campaign.as_ref(), s.building) else {
            return Vec::new();
        };
        if c.read_call != 0 || !s.doors.iter().any(|d| households.contains(&d.id)) {
            return Vec::new();
        }
        let req = self.ask(BuildingDoors {
            campaign: c.id,
            building,
        });
        if let Some(c) = self.sweep.as_mut().and_then(|s| s.campaign.as_mut()) {
            c.read_call = req.id;
        }
        vec![req]
    }
}

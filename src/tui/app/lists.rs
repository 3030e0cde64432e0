//! The work lists: disputes by status, follow-ups due and overdue, and building captains.

use tui_input::Input;

use super::{App, Opening, Overlay, Screen};
use crate::model::rebalance::Proposal;
use crate::model::{Dispute, DisputeStatus, Id, MediationNote};
use crate::store::captains::{CaptainRow, Doors};
use crate::store::due::{DueKind, DueList};
use crate::tui::action::Action;
use crate::tui::worker::{Query, Request};

/// Which cases the dispute list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DisputeFilter {
    Open,
    /// Open and past the deadline.
    Overdue,
    Status(DisputeStatus),
    All,
}

impl DisputeFilter {
    pub fn cycle() -> Vec<DisputeFilter> {
        let mut v = vec![DisputeFilter::Open, DisputeFilter::Overdue];
        v.extend(DisputeStatus::ALL.iter().map(|s| DisputeFilter::Status(*s)));
        v.push(DisputeFilter::All);
        v
    }

    pub fn keeps(self, d: &Dispute, today: crate::model::time::Day) -> bool {
        match self {
            DisputeFilter::Open => d.status.is_open(),
            DisputeFilter::Overdue => d.status.is_open() && d.deadline < today,
            DisputeFilter::Status(s) => d.status == s,
            DisputeFilter::All => true,
        }
    }
}

pub struct DisputeList {
    pub all: Option<Vec<Dispute>>,
    pub filter: DisputeFilter,
    pub cursor: usize,
    /// The timeline of the selected case, once read.
    pub notes: Option<(Id, Vec<MediationNote>)>,
}

impl DisputeList {
    pub fn shown(&self, today: crate::model::time::Day) -> Vec<&Dispute> {
        let mut v: Vec<&Dispute> = self
            .all
            .iter()
            .flatten()
            .filter(|d| self.filter.keeps(d, today))
            .collect();
        // Past their deadline first, then by deadline.
        v.sort_by_key(|d| {
            (
                !(d.status.is_open() && d.deadline < today),
                d.deadline,
                d.id,
            )
        });
        v
    }
}

pub struct DueView {
    pub list: Option<DueList>,
    pub cursor: usize,
}

pub struct CaptainView {
    pub rows: Option<Vec<CaptainRow>>,
    pub cursor: usize,
}

impl App {
    pub(super) fn open_disputes(&mut self) -> Vec<Request> {
        self.screen = Screen::Disputes(DisputeList {
            all: None,
            filter: DisputeFilter::Open,
            cursor: 0,
            notes: None,
        });
        vec![self.request(Query::Disputes)]
    }

    pub(super) fn open_due(&mut self) -> Vec<Request> {
        self.screen = Screen::Due(DueView {
            list: None,
            cursor: 0,
        });
        vec![self.request(Query::Due(self.today))]
    }

    pub(super) fn open_captains(&mut self) -> Vec<Request> {
        self.screen = Screen::Captains(CaptainView {
            rows: None,
            cursor: 0,
        });
        vec![self.request(Query::Captains(self.today))]
    }

    pub(super) fn disputes_loaded(&mut self, list: Vec<Dispute>) -> Vec<Request> {
        if let Screen::Disputes(v) = &mut self.screen {
            v.all = Some(list);
            let n = v.shown(self.today).len();
            v.cursor = v.cursor.min(n.saturating_sub(1));
        }
        self.request_notes()
    }

    fn request_notes(&mut self) -> Vec<Request> {
        let id = match &self.screen {
            Screen::Disputes(v) => v.shown(self.today).get(v.cursor).map(|d| d.id),
            _ => None,
        };
        match id {
            Some(id) => vec![self.request(Query::DisputeNotes(id))],
            None => Vec::new(),
        }
    }

    pub(super) fn due_loaded(&mut self, list: DueList) -> Vec<Request> {
        if let Screen::Due(v) = &mut self.screen {
            v.cursor = v.cursor.min(list.items.len().saturating_sub(1));
            v.list = Some(list);
        }
        Vec::new()
    }

    pub(super) fn captains_loaded(&mut self, rows: Vec<CaptainRow>) -> Vec<Request> {
        if let Screen::Captains(v) = &mut self.screen {
            v.cursor = v.cursor.min(rows.len().saturating_sub(1));
            v.rows = Some(rows);
        }
        Vec::new()
    }

    fn list_len(&self) -> usize {
        match &self.screen {
            Screen::Disputes(v) => v.shown(self.today).len(),
            Screen::Due(v) => v.list.as_ref().map_or(0, |l| l.items.len()),
            Screen::Captains(v) => v.rows.as_ref().map_or(0, Vec::len),
            Screen::Conflicts(v) => v.rows.as_ref().map_or(0, Vec::len),
            Screen::Browse | Screen::Reports(_) => 0,
        }
    }

    fn cursor_mut(&mut self) -> Option<&mut usize> {
        match &mut self.screen {
            Screen::Disputes(v) => Some(&mut v.cursor),
            Screen::Due(v) => Some(&mut v.cursor),
            Screen::Captains(v) => Some(&mut v.cursor),
            Screen::Conflicts(v) => Some(&mut v.cursor),
            Screen::Browse | Screen::Reports(_) => None,
        }
    }

    pub(super) fn list_action(&mut self, action: Action) -> Vec<Request> {
        self.status = None;
        let last = self.list_len().saturating_sub(1) as isize;
        let page = self.page();
        let is_disputes = matches!(self.screen, Screen::Disputes(_));
        if let Some(c) = self.cursor_mut() {
            let before = *c;
            let moved = |d: isize| (before as isize + d).clamp(0, last.max(0)) as usize;
            match action {
                Action::MoveUp => *c = moved(-1),
                Action::MoveDown => *c = moved(1),
                Action::PageUp => *c = moved(-page),
                Action::PageDown => *c = moved(page),
                Action::First => *c = 0,
                Action::Last => *c = last.max(0) as usize,
                _ => {}
            }
            if *c != before && is_disputes {
                return self.request_notes();
            }
        }
        match action {
            Action::Back => {
                self.screen = Screen::Browse;
                Vec::new()
            }
            Action::MoveLeft | Action::MoveRight if is_disputes => {
                self.cycle_filter(action == Action::MoveRight)
            }
            Action::Open | Action::Visit | Action::Done | Action::Advance => self.list_open(action),
            Action::Restore | Action::Keep => self.settle_conflict(action),
            Action::Assign => self.start_assign(),
            Action::Rebalance => self.start_rebalance(),
            _ => Vec::new(),
        }
    }

    fn cycle_filter(&mut self, forward: bool) -> Vec<Request> {
        if let Screen::Disputes(v) = &mut self.screen {
            let all = DisputeFilter::cycle();
            let i = all.iter().position(|f| *f == v.filter).unwrap_or(0);
            let n = all.len();
            v.filter = all[if forward {
                (i + 1) % n
            } else {
                (i + n - 1) % n
            }];
            v.cursor = 0;
        }
        self.request_notes()
    }

    /// Enter and the work keys on a list row.
    fn list_open(&mut self, action: Action) -> Vec<Request> {
        match &self.screen {
            Screen::Disputes(v) => {
                let Some(d) = v.shown(self.today).get(v.cursor).map(|d| (*d).clone()) else {
                    return Vec::new();
                };
                if !d.status.is_open() {
                    self.say("这件纠纷已结案", "This case is closed");
                    return Vec::new();
                }
                match d.household {
                    Some(h) => self.open_on(h, Opening::Step(Box::new(d)), None),
                    None => {
                        self.say(
                            "这件纠纷没有关联住户，无法推进",
                            "This case has no household to work from",
                        );
                        Vec::new()
                    }
                }
            }
            Screen::Due(v) => {
                let Some(item) = v.list.as_ref().and_then(|l| l.items.get(v.cursor)).cloned()
                else {
                    return Vec::new();
                };
                match (action, &item.kind) {
                    (Action::Done, DueKind::FollowUp(f)) => {
                        self.open_on(item.household, Opening::Done(Box::new(f.clone())), None)
                    }
                    (Action::Done, DueKind::Visit { .. }) => {
                        self.say(
                            "到期走访靠记录一次走访来办结：按 v",
                            "A visit due is done by logging a visit: press v",
                        );
                        Vec::new()
                    }
                    (Action::Visit, _) => self.open_on(item.household, Opening::Visit, None),
                    _ => self.show_household(item.building, item.household),
                }
            }
            Screen::Conflicts(_) if action != Action::Open => Vec::new(),
            Screen::Conflicts(v) => {
                let household = v
                    .rows
                    .as_ref()
                    .and_then(|r| r.get(v.cursor))
                    .map(|r| r.conflict.household);
                match household {
                    Some(Some(h)) => vec![self.request(Query::Locate(h))],
                    Some(None) => {
                        self.say(
                            "这条记录不属于哪一户，无处可去",
                            "This record belongs to no household to go to",
                        );
                        Vec::new()
                    }
                    None => Vec::new(),
                }
            }
            Screen::Captains(_) | Screen::Browse | Screen::Reports(_) => Vec::new(),
        }
    }

    fn selected_captain(&self) -> Option<&CaptainRow> {
        match &self.screen {
            Screen::Captains(v) => v.rows.as_ref().and_then(|r| r.get(v.cursor)),
            _ => None,
        }
    }

    fn start_assign(&mut self) -> Vec<Request> {
        let Some(c) = self.selected_captain().map(|r| r.captain.clone()) else {
            return Vec::new();
        };
        self.overlay = Overlay::Assign {
            captain: c.id,
            name: c.name,
            input: Input::default(),
        };
        Vec::new()
    }

    pub(super) fn confirm_assign(&mut self) -> Vec<Request> {
        let Overlay::Assign { captain, input, .. } =
            std::mem::replace(&mut self.overlay, Overlay::None)
        else {
            return Vec::new();
        };
        let text = input.value().trim().to_string();
        let doors = match text.split_once("..") {
            Some((a, b)) => Doors::Range(a.trim().to_string(), b.trim().to_string()),
            None => Doors::Address(text),
        };
        vec![self.request(Query::AssignDoors(captain, doors))]
    }

    fn start_rebalance(&mut self) -> Vec<Request> {
        let Some(grid) = self.selected_captain().map(|r| r.captain.grid) else {
            return Vec::new();
        };
        vec![self.request(Query::Proposal(grid))]
    }

    pub(super) fn proposal_loaded(&mut self, grid: Id, proposal: Proposal) -> Vec<Request> {
        let names = match &self.screen {
            Screen::Captains(v) => v
                .rows
                .iter()
                .flatten()
                .map(|r| (r.captain.id, r.captain.name.clone()))
                .collect(),
            _ => Vec::new(),
        };
        self.overlay = Overlay::Proposal {
            grid,
            proposal: Box::new(proposal),
            names,
        };
        Vec::new()
    }

    pub(super) fn proposal_action(&mut self, action: Action) -> Vec<Request> {
        match action {
            Action::Confirm => {
                let Overlay::Proposal { proposal, .. } =
                    std::mem::replace(&mut self.overlay, Overlay::None)
                else {
                    return Vec::new();
                };
                vec![self.request(Query::ApplyMoves(proposal.moves.clone()))]
            }
            Action::Cancel => {
                self.overlay = Overlay::None;
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    pub(super) fn moved(&mut self, n: usize) -> Vec<Request> {
        self.say(
            &format!("已调整 {n} 户的楼长"),
            &match n {
                1 => "1 household has a new captain".to_string(),
                n => format!("{n} households have a new captain"),
            },
        );
        self.reload_list()
    }
}

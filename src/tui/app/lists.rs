//! The work lists: disputes by status, follow-ups due and overdue, and building captains.

use tui_input::Input;

use super::{App, Opening, Overlay, Screen};
use crate::model::rebalance::Proposal;
use crate::model::{Dispute, DisputeStatus, Id, MediationNote};
use crate::store::captains::{AssignPlan, CaptainRow, Doors};
use crate::store::due::{DueCount, DueItem, DueKind, DueList};
use crate::tui::action::Action;
use crate::tui::forms::dispute::StepKind;
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
    /// While the timeline has the focus (tab): the entry selected on it.
    pub timeline: Option<usize>,
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

/// Which kind of item the follow-up list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DueShow {
    All,
    /// Follow-ups someone wrote down.
    Written,
    /// Visits due by the visit rules.
    ByRule,
}

/// The follow-up list's filter: a kind, and whether only what is overdue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DueFilter {
    pub show: DueShow,
    pub overdue_only: bool,
}

impl DueFilter {
    /// The order ←→ goes through: each kind, then each kind overdue only.
    pub const CYCLE: [DueFilter; 6] = [
        DueFilter::of(DueShow::All, false),
        DueFilter::of(DueShow::Written, false),
        DueFilter::of(DueShow::ByRule, false),
        DueFilter::of(DueShow::All, true),
        DueFilter::of(DueShow::Written, true),
        DueFilter::of(DueShow::ByRule, true),
    ];

    const fn of(show: DueShow, overdue_only: bool) -> DueFilter {
        DueFilter { show, overdue_only }
    }

    pub fn keeps(self, item: &DueItem, today: crate::model::time::Day) -> bool {
        let kind = match (self.show, &item.kind) {
            (DueShow::All, _) => true,
            (DueShow::Written, k) => matches!(k, DueKind::FollowUp(_)),
            (DueShow::ByRule, k) => matches!(k, DueKind::Visit { .. }),
        };
        kind && (!self.overdue_only || item.due < today)
    }

    /// How many items of this filter's kind there are in all, and overdue.
    pub fn count(self, list: &DueList) -> DueCount {
        match self.show {
            DueShow::All => DueCount {
                due: list.total,
                overdue: list.overdue,
            },
            DueShow::Written => list.written,
            DueShow::ByRule => list.by_rule,
        }
    }
}

pub struct DueView {
    pub list: Option<DueList>,
    /// Kept while the list is open, across reloads.
    pub filter: DueFilter,
    pub cursor: usize,
}

impl DueView {
    pub fn shown(&self, today: crate::model::time::Day) -> Vec<&DueItem> {
        self.list
            .iter()
            .flat_map(|l| &l.items)
            .filter(|i| self.filter.keeps(i, today))
            .collect()
    }
}

pub struct CaptainView {
    pub rows: Option<Vec<CaptainRow>>,
    pub cursor: usize,
    /// The moves that undo the last reassignment made here, until undone.
    pub undo: Option<Vec<(Id, Option<Id>)>>,
}

impl App {
    pub(super) fn open_disputes(&mut self) -> Vec<Request> {
        self.screen = Screen::Disputes(DisputeList {
            all: None,
            filter: DisputeFilter::Open,
            cursor: 0,
            notes: None,
            timeline: None,
        });
        vec![self.request(Query::Disputes)]
    }

    pub(super) fn open_due(&mut self) -> Vec<Request> {
        self.screen = Screen::Due(DueView {
            list: None,
            filter: DueFilter::CYCLE[0],
            cursor: 0,
        });
        vec![self.request(Query::Due(self.today))]
    }

    pub(super) fn open_captains(&mut self) -> Vec<Request> {
        self.screen = Screen::Captains(CaptainView {
            rows: None,
            cursor: 0,
            undo: None,
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
            v.list = Some(list);
            v.cursor = v.cursor.min(v.shown(self.today).len().saturating_sub(1));
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
            Screen::Due(v) => v.shown(self.today).len(),
            Screen::Captains(v) => v.rows.as_ref().map_or(0, Vec::len),
            Screen::Conflicts(v) => v.rows.as_ref().map_or(0, Vec::len),
            Screen::Reports(_) => self.roster.rows.as_ref().map_or(0, Vec::len),
            Screen::Wishes(b) => b.shown(self.today).len(),
            Screen::Registrants(b) => b.len(),
            Screen::Coverage(c, _) => c
                .as_ref()
                .map_or(0, |c| super::coverage_lines(self.lang, c).len()),
            Screen::Browse | Screen::Ledgers(_) | Screen::Campaign(_) => 0,
        }
    }

    fn cursor_mut(&mut self) -> Option<&mut usize> {
        match &mut self.screen {
            Screen::Disputes(v) => Some(&mut v.cursor),
            Screen::Due(v) => Some(&mut v.cursor),
            Screen::Captains(v) => Some(&mut v.cursor),
            Screen::Conflicts(v) => Some(&mut v.cursor),
            Screen::Reports(_) => Some(&mut self.roster.cursor),
            Screen::Wishes(b) => Some(&mut b.cursor),
            Screen::Registrants(b) => Some(b.cursor_mut()),
            Screen::Coverage(_, scroll) => Some(scroll),
            Screen::Browse | Screen::Ledgers(_) | Screen::Campaign(_) => None,
        }
    }

    /// Whether the screen on show does something with an action. The list screens act only
    /// on what this offers, and help, the status bar's hints and the palette show only it.
    pub fn offers(&self, action: Action) -> bool {
        let screen = &self.screen;
        if self.sweep.is_some() {
            return self.sweep_offers(action);
        }
        if matches!(screen, Screen::Browse) {
            return true;
        }
        if matches!(screen, Screen::Campaign(_)) {
            return self.campaign_offers(action);
        }
        let disputes = matches!(screen, Screen::Disputes(_));
        let wishes = matches!(screen, Screen::Wishes(_));
        let registrants = matches!(screen, Screen::Registrants(_));
        match action {
            Action::MoveUp
            | Action::MoveDown
            | Action::PageUp
            | Action::PageDown
            | Action::First
            | Action::Last => true,
            // ←/→ change the filter on the dispute and follow-up lists, the choice on the 台账
            // screen; tab moves between its choices and between the cases and the timeline.
            Action::MoveLeft | Action::MoveRight => {
                matches!(
                    screen,
                    Screen::Disputes(_) | Screen::Due(_) | Screen::Ledgers(_) | Screen::Wishes(_)
                ) || registrants
            }
            Action::NextPane | Action::PrevPane => {
                matches!(
                    screen,
                    Screen::Disputes(_) | Screen::Ledgers(_) | Screen::Wishes(_)
                ) || registrants
            }
            // On the 双报到 screen m logs a service.
            Action::Note => disputes || registrants,
            Action::Advance | Action::Reopen => disputes,
            Action::Open => !matches!(screen, Screen::Ledgers(_) | Screen::Coverage(..)),
            Action::Visit => matches!(screen, Screen::Due(_)),
            // On the wish board: 已实现.
            Action::Done => matches!(screen, Screen::Due(_)) || wishes,
            // On the 双报到 screen i claims a post and X closes one.
            Action::Claim | Action::CloseWish => wishes || registrants,
            Action::Dispatch | Action::Review => wishes,
            Action::Assign | Action::Rebalance => matches!(screen, Screen::Captains(_)),
            // Offered whenever the captains are on screen: with nothing to undo it says so;
            // on the wish board it cancels the selected wish's claim.
            Action::Undo => matches!(screen, Screen::Captains(_)) || wishes || registrants,
            Action::RetireCaptain | Action::CaptainPhone => matches!(screen, Screen::Captains(_)),
            Action::MakeCaptain => false,
            Action::Restore | Action::Keep => matches!(screen, Screen::Conflicts(_)),
            // The next door and the results belong to the campaign screen alone.
            Action::NextDoor
            | Action::WithinBuilding
            | Action::Result1
            | Action::Result2
            | Action::Result3
            | Action::Result4
            | Action::Result5
            | Action::Result6 => false,
            _ => true,
        }
    }

    /// Keys while the dispute list's timeline has the focus: they move along the timeline;
    /// tab, shift-tab or esc give the focus back to the cases. None for keys it leaves alone.
    fn timeline_action(&mut self, action: Action) -> Option<Vec<Request>> {
        let Screen::Disputes(v) = &mut self.screen else {
            return None;
        };
        let last = v
            .notes
            .as_ref()
            .map_or(0, |(_, n)| n.len().saturating_sub(1));
        let Some(at) = &mut v.timeline else {
            if matches!(action, Action::NextPane | Action::PrevPane) {
                v.timeline = Some(last);
                return Some(Vec::new());
            }
            return None;
        };
        match action {
            Action::MoveUp => *at = at.saturating_sub(1),
            Action::MoveDown => *at = (*at + 1).min(last),
            Action::PageUp => *at = at.saturating_sub(5),
            Action::PageDown => *at = (*at + 5).min(last),
            Action::First => *at = 0,
            Action::Last => *at = last,
            Action::NextPane | Action::PrevPane | Action::Back => v.timeline = None,
            _ => return None,
        }
        Some(Vec::new())
    }

    pub(super) fn list_action(&mut self, action: Action) -> Vec<Request> {
        self.status = None;
        if !self.offers(action) {
            return Vec::new();
        }
        if let Some(reqs) = self.timeline_action(action) {
            return reqs;
        }
        let last = self.list_len().saturating_sub(1) as isize;
        let page = self.page();
        let is_disputes = matches!(self.screen, Screen::Disputes(_));
        let filters = is_disputes || matches!(self.screen, Screen::Due(_));
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
        if let Some(reqs) = self.registrant_action(action) {
            return reqs;
        }
        if matches!(self.screen, Screen::Wishes(_)) {
            use super::WishAsk;
            match action {
                Action::MoveLeft | Action::MoveRight | Action::NextPane | Action::PrevPane => {
                    return self.wish_filter(action)
                }
                Action::Dispatch => return self.start_wish(WishAsk::Dispatch),
                Action::Claim => return self.start_wish(WishAsk::Claim),
                Action::Done => return self.start_wish(WishAsk::Done),
                Action::Review => return self.start_wish(WishAsk::Review),
                Action::CloseWish => return self.start_wish(WishAsk::Close),
                Action::Undo => return self.start_wish(WishAsk::Cancel),
                _ => {}
            }
        }
        match action {
            Action::Back => {
                self.screen = Screen::Browse;
                Vec::new()
            }
            Action::MoveLeft | Action::MoveRight if filters => {
                self.cycle_filter(action == Action::MoveRight)
            }
            Action::Open
            | Action::Visit
            | Action::Done
            | Action::Advance
            | Action::Note
            | Action::Reopen => self.list_open(action),
            Action::Restore | Action::Keep => self.settle_conflict(action),
            Action::Assign => self.start_assign(),
            Action::Rebalance => self.start_rebalance(),
            Action::Undo => self.undo_moves(),
            Action::RetireCaptain => self.start_retire(),
            Action::CaptainPhone => self.start_phone(),
            _ => Vec::new(),
        }
    }

    fn cycle_filter(&mut self, forward: bool) -> Vec<Request> {
        fn next<T: Copy + PartialEq>(all: &[T], now: T, forward: bool) -> T {
            let i = all.iter().position(|f| *f == now).unwrap_or(0);
            let n = all.len();
            all[if forward {
                (i + 1) % n
            } else {
                (i + n - 1) % n
            }]
        }
        match &mut self.screen {
            Screen::Disputes(v) => {
                v.filter = next(&DisputeFilter::cycle(), v.filter, forward);
                v.cursor = 0;
                v.timeline = None;
                self.request_notes()
            }
            Screen::Due(v) => {
                v.filter = next(&DueFilter::CYCLE, v.filter, forward);
                v.cursor = 0;
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    /// Enter and the work keys on a list row.
    fn list_open(&mut self, action: Action) -> Vec<Request> {
        match &self.screen {
            Screen::Disputes(v) => {
                let Some(d) = v.shown(self.today).get(v.cursor).map(|d| (*d).clone()) else {
                    return Vec::new();
                };
                let kind = match action {
                    Action::Note => StepKind::Note,
                    Action::Reopen => StepKind::Reopen,
                    _ => StepKind::Advance,
                };
                let reopen = self
                    .keymap
                    .keys_for(crate::tui::keymap::Mode::List, Action::Reopen)
                    .first()
                    .map(|k| k.to_string())
                    .unwrap_or_default();
                match (kind, d.status.is_open()) {
                    (StepKind::Reopen, true) => {
                        self.say(
                            "这件纠纷还没有结案，不用重新打开",
                            "This case is still open; there is nothing to reopen",
                        );
                        return Vec::new();
                    }
                    (StepKind::Advance | StepKind::Note, false) => {
                        self.say(
                            &format!("这件纠纷已结案；要继续办理，按 {reopen} 重新打开"),
                            &format!("This case is closed; press {reopen} to reopen it"),
                        );
                        return Vec::new();
                    }
                    _ => {}
                }
                match d.household {
                    Some(h) => self.open_on(h, Opening::Step(Box::new(d), kind), None),
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
                let Some(item) = v.shown(self.today).get(v.cursor).map(|i| (*i).clone()) else {
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
            Screen::Wishes(b) if action == Action::Open => {
                match b.shown(self.today).get(b.cursor).map(|l| l.wish.household) {
                    Some(h) => vec![self.request(Query::Locate(h))],
                    None => Vec::new(),
                }
            }
            Screen::Wishes(_)
            | Screen::Coverage(..)
            | Screen::Registrants(_)
            | Screen::Campaign(_) => Vec::new(),
            Screen::Captains(_) if action == Action::Open => self.show_captain_doors(),
            Screen::Reports(_) if action == Action::Open => self.open_roster_row(),
            Screen::Captains(_) | Screen::Browse | Screen::Reports(_) | Screen::Ledgers(_) => {
                Vec::new()
            }
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
        vec![self.request(Query::AssignPlan(captain, doors))]
    }

    /// What the doors would do arrived: done at once when they stay in the captain's grid and
    /// keep the captain within 60 households, else asked about first.
    pub(super) fn assign_planned(&mut self, plan: AssignPlan) -> Vec<Request> {
        let name = self
            .selected_captain()
            .filter(|r| r.captain.id == plan.captain)
            .map(|r| r.captain.name.clone())
            .unwrap_or_default();
        if plan.moves.is_empty() {
            self.say(
                &format!("这些门户已经归{name}负责"),
                &format!("Those doors are {name}'s already"),
            );
            return Vec::new();
        }
        if plan.asks() {
            self.overlay = Overlay::ConfirmAssign {
                plan: Box::new(plan),
                name,
            };
            return Vec::new();
        }
        vec![self.request(Query::ApplyMoves(plan.to_captain()))]
    }

    fn undo_moves(&mut self) -> Vec<Request> {
        let undo = match &mut self.screen {
            Screen::Captains(v) => v.undo.take(),
            _ => None,
        };
        match undo {
            Some(moves) => vec![self.request(Query::UndoMoves(moves))],
            None => {
                self.say("没有可撤销的调整", "There is no reassignment to undo");
                Vec::new()
            }
        }
    }

    pub(super) fn undone(&mut self, n: usize) -> Vec<Request> {
        self.say(
            &format!("已撤销：{n} 户换回原来的楼长"),
            &format!("Undone: {n} households have their captain back"),
        );
        self.reload_list()
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
                let moves = match std::mem::replace(&mut self.overlay, Overlay::None) {
                    Overlay::Proposal { proposal, .. } => {
                        proposal.moves.iter().map(|(h, c)| (*h, Some(*c))).collect()
                    }
                    Overlay::ConfirmAssign { plan, .. } => plan.to_captain(),
                    _ => return Vec::new(),
                };
                vec![self.request(Query::ApplyMoves(moves))]
            }
            Action::Cancel => {
                if matches!(self.overlay, Overlay::ConfirmAssign { .. }) {
                    self.say(
                        "没有调整，门户照旧",
                        "Nothing moved; the doors stay as they were",
                    );
                }
                self.overlay = Overlay::None;
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    pub(super) fn moved(&mut self, undo: Vec<(Id, Option<Id>)>) -> Vec<Request> {
        let n = undo.len();
        let key = self
            .keymap
            .keys_for(super::Mode::List, Action::Undo)
            .first()
            .map(|k| k.to_string());
        if let Screen::Captains(v) = &mut self.screen {
            v.undo = Some(undo).filter(|u| !u.is_empty());
        }
        match key {
            Some(key) => self.say(
                &format!("已调整 {n} 户的楼长；按 {key} 撤销"),
                &format!(
                    "{} a new captain; {key} to undo",
                    match n {
                        1 => "1 household has".to_string(),
                        n => format!("{n} households have"),
                    }
                ),
            ),
            None => self.say(
                &format!("已调整 {n} 户的楼长"),
                &match n {
                    1 => "1 household has a new captain".to_string(),
                    n => format!("{n} households have a new captain"),
                },
            ),
        }
        self.reload_list()
    }
}

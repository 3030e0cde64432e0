//! The campaign screen (战时): the live tally of the running campaign per grid and in total,
//! the next door to check in the selected grid, one key a result (异常 asks its note), and
//! the campaigns the main screen's banner shows, read again when the server tells of a change
//! that may move them (one read in flight, the changes meanwhile coalesced into the next).
//! Someone sent down (下沉) sees this screen alone: the app opens on it, and every other key
//! says in one sentence that it is not theirs.

use tui_input::Input;

use super::{App, Screen};
use crate::api::campaigns::{CampaignLine, CampaignStatus, CheckDoor, MyDuty, NextDoor};
use crate::api::Reply;
use crate::model::campaign::{needs_note, CampaignState};
use crate::model::{Household, Id, SentDown, Tally};
use crate::tui::action::Action;
use crate::tui::i18n::Lang;
use crate::tui::keymap::Mode;
use crate::tui::worker::{Query, Request};

/// The campaigns the caller sees, as last read, and the reads and checks in flight.
#[derive(Default)]
pub struct Campaigns {
    /// Newest first; the screen and the banner show the first not ended.
    pub lines: Vec<CampaignLine>,
    status_call: u64,
    /// A change came while a read was in flight: read once more when it is answered.
    again: bool,
    door_call: u64,
    check_call: u64,
    duty_call: u64,
    /// The 台账 screen's read of every campaign, for its picker.
    pub(super) ledger_call: u64,
    /// Someone sent down: where they are on duty today; None for staff (and until known).
    pub duty: Option<Vec<SentDown>>,
    /// Why someone sent down sees nothing here any more (they left, the campaign ended).
    pub gone: Option<String>,
}

impl Campaigns {
    /// The campaign running now (overdue or not), newest first.
    pub fn running(&self) -> Option<&CampaignLine> {
        self.lines.iter().find(|l| l.state != CampaignState::Ended)
    }

    fn owns(&self, id: u64) -> bool {
        id != 0
            && (id == self.status_call
                || id == self.door_call
                || id == self.check_call
                || id == self.duty_call
                || id == self.ledger_call)
    }
}

/// The campaign screen's own state: the grid selected, the door to check, 异常's note.
#[derive(Default)]
pub struct CampaignView {
    pub cursor: usize,
    pub door: Option<Box<Household>>,
    /// The result waiting for its note, and the note typed so far.
    pub noting: Option<(String, Input)>,
    /// The next door is taken from this building (its id and number), not the grid.
    pub within: Option<(Id, u32)>,
}

/// One tally row: a name and 应查, 已查, 异常, 无人, 剩余, % in fixed columns.
pub fn tally_row(name: &str, t: &Tally) -> String {
    let pad = 12usize.saturating_sub(unicode_width::UnicodeWidthStr::width(name));
    format!(
        "{name}{}{:>6}{:>6}{:>6}{:>6}{:>6}{:>7}",
        " ".repeat(pad),
        t.due,
        t.checked,
        t.abnormal,
        t.nobody_home,
        t.left(),
        format!("{:.1}%", t.percent())
    )
}

/// The header over the tally rows, in the same columns.
pub fn tally_header(l: Lang) -> String {
    match l {
        Lang::Zh => format!(
            "网格{}{:>4}{:>4}{:>4}{:>4}{:>4}{:>7}",
            " ".repeat(8),
            "应查",
            "已查",
            "异常",
            "无人",
            "剩余",
            "%"
        ),
        Lang::En => format!(
            "{:<12}{:>6}{:>6}{:>6}{:>6}{:>6}{:>7}",
            "grid", "due", "done", "abn.", "away", "left", "%"
        ),
    }
}

/// The banner's sentence: the campaign's name and progress, and its deadline.
pub fn banner_text(l: Lang, c: &CampaignLine) -> String {
    let t = &c.total;
    let md = crate::model::time::date_of(c.campaign.deadline)
        .format("%m-%d")
        .to_string();
    let overdue = c.state == CampaignState::Overdue;
    match l {
        Lang::Zh => format!(
            "战时 · {} · 已查 {}/{} {:.0}% · 截止 {md}{}",
            c.campaign.name,
            t.checked,
            t.due,
            t.percent(),
            if overdue { " 已逾期" } else { "" }
        ),
        Lang::En => format!(
            "Campaign · {} · checked {}/{} {:.0}% · due {md}{}",
            c.campaign.name,
            t.checked,
            t.due,
            t.percent(),
            if overdue { " overdue" } else { "" }
        ),
    }
}

/// The one sentence every key but the campaign screen's says to someone sent down.
fn not_theirs(l: Lang) -> &'static str {
    l.pick(
        "下沉人员只能在本屏排查所派网格的门户；其他事情请找街道管理员",
        "Sent-down staff work on this screen only; ask the street admin for anything else",
    )
}

impl App {
    /// Asks who the user is on duty as; sent first, so it is answered before the tree.
    pub(super) fn ask_duty(&mut self) -> Request {
        let req = self.ask(MyDuty);
        self.campaigns.duty_call = req.id;
        req
    }

    /// Whether the user is someone sent down for a campaign.
    pub fn sent_down(&self) -> bool {
        self.campaigns.duty.is_some()
    }

    /// A key of someone sent down: help and quit (handled before), the campaign screen's
    /// keys, and for any other one sentence.
    pub(super) fn sent_down_action(&mut self, action: Action) -> Vec<Request> {
        if !matches!(self.screen, Screen::Campaign(_)) {
            self.screen = Screen::Campaign(CampaignView::default());
        }
        let noting = matches!(&self.screen, Screen::Campaign(v) if v.noting.is_some());
        match action {
            // The note 异常 asks for is written and sent, or put away, as for anyone.
            Action::Confirm | Action::Cancel if noting => self.campaign_action(action),
            Action::Help => {
                self.overlay = super::Overlay::Help {
                    filter: Input::default(),
                    scroll: 0,
                };
                Vec::new()
            }
            Action::Back | Action::Cancel => Vec::new(),
            a if self.campaign_offers(a) && self.campaigns.gone.is_none() => {
                self.campaign_action(a)
            }
            _ => {
                let l = self.lang;
                self.status = Some(
                    self.campaigns
                        .gone
                        .clone()
                        .unwrap_or_else(|| not_theirs(l).to_string()),
                );
                Vec::new()
            }
        }
    }

    /// Reads the campaigns again, unless a read is on its way (then once more after it).
    pub(super) fn load_campaigns(&mut self) -> Vec<Request> {
        if self.campaigns.status_call != 0 {
            self.campaigns.again = true;
            return Vec::new();
        }
        let req = self.ask(CampaignStatus {
            campaign: None,
            today: self.today,
        });
        self.campaigns.status_call = req.id;
        vec![req]
    }

    /// Another session changed records: the campaigns are read again (coalesced, one read
    /// in flight) only when the change may move what they show – a campaign started, ended
    /// or staffed (no household named), or any household while one runs or while a read is
    /// on its way (it may have been answered before this change). With none running, a change
    /// to a household cannot touch a campaign shown (an ended one takes no checks).
    pub(super) fn campaigns_changed(&mut self, households: &[crate::model::Id]) -> Vec<Request> {
        if households.is_empty()
            || self.campaigns.running().is_some()
            || self.campaigns.status_call != 0
        {
            return self.load_campaigns();
        }
        Vec::new()
    }

    /// `Z`: the campaign screen.
    pub(super) fn open_campaign(&mut self) -> Vec<Request> {
        self.screen = Screen::Campaign(CampaignView::default());
        if self.campaigns.running().is_none() {
            self.say("现在没有进行中的战时排查", "No campaign is running now");
        }
        self.load_campaigns()
    }

    /// The campaign screen's keys.
    pub(super) fn campaign_action(&mut self, action: Action) -> Vec<Request> {
        let Some(line) = self.campaigns.running().cloned() else {
            if matches!(action, Action::Back | Action::Cancel) {
                self.screen = Screen::Browse;
            }
            return Vec::new();
        };
        let Screen::Campaign(v) = &mut self.screen else {
            return Vec::new();
        };
        if v.noting.is_some() {
            return match self.noted(action) {
                Some((result, note)) => self.check(&line, result, note),
                None => Vec::new(),
            };
        }
        self.status = None;
        let last = line.grids.len().saturating_sub(1);
        let before = v.cursor;
        match action {
            Action::MoveUp => v.cursor = v.cursor.saturating_sub(1),
            Action::MoveDown => v.cursor = (v.cursor + 1).min(last),
            Action::First => v.cursor = 0,
            Action::Last => v.cursor = last,
            Action::Back | Action::Cancel => {
                self.screen = Screen::Browse;
                return Vec::new();
            }
            Action::Campaign => return self.load_campaigns(),
            Action::NextDoor => return self.next_door(&line, None),
            Action::WithinBuilding => {
                v.within = match (&v.within, &v.door) {
                    (Some(_), _) => None,
                    (None, Some(d)) => Some((d.building, d.address.building)),
                    (None, None) => {
                        let key = self.key_of(Mode::List, Action::NextDoor);
                        self.say(
                            &format!("先按 {key} 到一户，再按这个键只查那栋楼"),
                            &format!(
                                "Press {key} for a door first, then this key for its building"
                            ),
                        );
                        return Vec::new();
                    }
                };
                return Vec::new();
            }
            Action::Result1
            | Action::Result2
            | Action::Result3
            | Action::Result4
            | Action::Result5
            | Action::Result6 => {
                let n = result_index(action);
                let Some(result) = line.campaign.results.get(n).cloned() else {
                    return Vec::new();
                };
                if v.door.is_none() {
                    let key = self.key_of(Mode::List, Action::NextDoor);
                    self.say(
                        &format!("先按 {key} 找下一户未查"),
                        &format!("Press {key} for the next door first"),
                    );
                    return Vec::new();
                }
                if needs_note(&result) {
                    v.noting = Some((result, Input::default()));
                    return Vec::new();
                }
                return self.check(&line, result, String::new());
            }
            _ => {}
        }
        if v.cursor != before {
            v.door = None;
            v.within = None;
        }
        Vec::new()
    }

    /// Which campaign screen's keys help and the footer list.
    pub(super) fn campaign_offers(&self, action: Action) -> bool {
        let results = self
            .campaigns
            .running()
            .map_or(0, |l| l.campaign.results.len());
        match action {
            Action::Back => !self.sent_down(),
            Action::Help | Action::Quit => true,
            _ if self.campaigns.gone.is_some() => false,
            Action::MoveUp
            | Action::MoveDown
            | Action::First
            | Action::Last
            | Action::Campaign
            | Action::NextDoor
            | Action::WithinBuilding => true,
            a if result_action(a) => result_index(a) < results,
            _ => false,
        }
    }

    fn next_door(&mut self, line: &CampaignLine, after: Option<u64>) -> Vec<Request> {
        let Screen::Campaign(v) = &self.screen else {
            return Vec::new();
        };
        let Some(grid) = line.grids.get(v.cursor).map(|g| g.grid) else {
            return Vec::new();
        };
        let req = self.ask(NextDoor {
            campaign: line.campaign.id,
            grid,
            building: v.within.map(|(b, _)| b),
            after,
        });
        self.campaigns.door_call = req.id;
        vec![req]
    }

    fn check(&mut self, line: &CampaignLine, result: String, note: String) -> Vec<Request> {
        let Screen::Campaign(v) = &self.screen else {
            return Vec::new();
        };
        let Some(door) = &v.door else {
            return Vec::new();
        };
        let req = self.ask(CheckDoor {
            campaign: line.campaign.id,
            household: door.id,
            result,
            note,
        });
        self.campaigns.check_call = req.id;
        vec![req]
    }

    /// Whether an answer is the campaign screen's; it is applied if so.
    pub(super) fn campaign_owns(&self, id: u64) -> bool {
        self.campaigns.owns(id)
    }

    pub(super) fn campaign_replied(&mut self, id: u64, reply: Reply) -> Vec<Request> {
        if id == self.campaigns.ledger_call {
            self.campaigns.ledger_call = 0;
            if let Reply::CampaignList(list) = reply {
                self.ledger_campaigns(*list);
            }
            return Vec::new();
        }
        if id == self.campaigns.duty_call {
            self.campaigns.duty_call = 0;
            if let Reply::MyDuty(duty) = reply {
                self.campaigns.duty = *duty;
            }
            if self.sent_down() {
                // Their campaign's screen is all they have; nothing else is asked for.
                self.screen = Screen::Campaign(CampaignView::default());
                return Vec::new();
            }
            let drafts = self.request(Query::Drafts);
            let sync = self.request(Query::SyncStatus);
            return vec![drafts, sync];
        }
        if id == self.campaigns.status_call {
            self.campaigns.status_call = 0;
            if let Reply::CampaignStatus(lines) = reply {
                self.campaigns.lines = *lines;
                self.campaigns.gone = None;
            }
            let grids = self.campaigns.running().map_or(0, |l| l.grids.len());
            if let Screen::Campaign(v) = &mut self.screen {
                v.cursor = v.cursor.min(grids.saturating_sub(1));
            }
            if std::mem::take(&mut self.campaigns.again) {
                return self.load_campaigns();
            }
            return Vec::new();
        }
        if id == self.campaigns.door_call {
            self.campaigns.door_call = 0;
            if let (Reply::NextDoor(door), Screen::Campaign(v)) = (reply, &mut self.screen) {
                v.door = (*door).map(Box::new);
                if v.door.is_none() {
                    match v.within {
                        Some(_) => self.say(
                            "这栋楼每户都查过了",
                            "Every door of this building has a result",
                        ),
                        None => self.say(
                            "这个网格每户都查过了",
                            "Every door of this grid has a result",
                        ),
                    }
                }
            }
            return Vec::new();
        }
        if id == self.campaigns.check_call {
            self.campaigns.check_call = 0;
            if let Reply::CheckDoor(check) = reply {
                let lang = self.lang;
                let address = match &self.screen {
                    Screen::Campaign(v) => v.door.as_ref().map(|d| d.address.to_string()),
                    _ => None,
                }
                .unwrap_or_default();
                let result = match lang {
                    Lang::Zh => check.result.clone(),
                    Lang::En => crate::model::campaign::result_en(&check.result).to_string(),
                };
                self.status = Some(format!("{address}{}{result}", lang.pick("：", ": ")));
                let mut reqs = self.load_campaigns();
                if let Some(line) = self.campaigns.running().cloned() {
                    reqs.extend(self.next_door(&line, Some(check.household)));
                }
                return reqs;
            }
        }
        Vec::new()
    }

    /// A campaign read or check failed: a status read may be asked again; the rest says why.
    /// Someone sent down whose duty ended meanwhile (the store says why in one sentence)
    /// keeps nothing of the doors on screen, only that sentence.
    pub(super) fn campaign_failed(&mut self, id: u64, msg: &str) -> bool {
        if !self.campaigns.owns(id) {
            return false;
        }
        let (status, duty) = (
            id == self.campaigns.status_call,
            id == self.campaigns.duty_call,
        );
        for call in [
            &mut self.campaigns.status_call,
            &mut self.campaigns.door_call,
            &mut self.campaigns.check_call,
            &mut self.campaigns.duty_call,
            &mut self.campaigns.ledger_call,
        ] {
            if *call == id {
                *call = 0;
            }
        }
        if duty {
            // Off duty since they connected (a member of staff is never refused this).
            self.campaigns.duty = Some(Vec::new());
        }
        if self.sent_down() {
            if let Screen::Campaign(v) = &mut self.screen {
                v.door = None;
                v.noting = None;
            }
            if status || duty {
                self.campaigns.lines.clear();
                self.campaigns.gone = Some(msg.to_string());
                self.screen = Screen::Campaign(CampaignView::default());
                self.status = None;
                return true;
            }
        }
        self.status = Some(format!("{}: {msg}", self.lang.strings().error));
        true
    }

    /// After a failed door or check, someone sent down reads their campaign again: if their
    /// duty ended meanwhile, that read says why and the screen keeps nothing more.
    pub(super) fn campaign_after_failure(&mut self) -> Vec<Request> {
        if self.sent_down() && self.campaigns.gone.is_none() {
            return self.load_campaigns();
        }
        Vec::new()
    }

    /// A key for 异常's note, when it is being typed.
    pub(super) fn campaign_takes(&mut self, ev: &crossterm::event::Event) -> bool {
        match self.noting_slot() {
            Some(Some((_, input))) => {
                tui_input::backend::crossterm::EventHandler::handle_event(input, ev);
                true
            }
            _ => false,
        }
    }

    /// Where 异常's note is asked: in a sweep in a campaign, else on the campaign screen.
    pub(super) fn noting_slot(&mut self) -> Option<&mut Option<(String, Input)>> {
        if let Some(s) = self.sweep.as_mut() {
            return s.campaign.as_mut().map(|c| &mut c.noting);
        }
        match &mut self.screen {
            Screen::Campaign(v) => Some(&mut v.noting),
            _ => None,
        }
    }

    /// 异常's result and the note being typed for it, if it is asked.
    pub fn campaign_noting(&self) -> Option<&(String, Input)> {
        if let Some(s) = &self.sweep {
            return s.campaign.as_ref().and_then(|c| c.noting.as_ref());
        }
        match &self.screen {
            Screen::Campaign(v) => v.noting.as_ref(),
            _ => None,
        }
    }

    /// A key while 异常's note is asked: Enter gives the result and its note (an empty note
    /// is refused with a sentence), Esc gives the result up; None until a note is given.
    pub(super) fn noted(&mut self, action: Action) -> Option<(String, String)> {
        let given = match action {
            Action::Confirm => {
                let (result, input) = self.campaign_noting()?;
                (result.clone(), input.value().trim().to_string())
            }
            Action::Cancel => {
                *self.noting_slot()? = None;
                return None;
            }
            _ => return None,
        };
        if given.1.is_empty() {
            self.say("异常要写明情况", "Say what is wrong: 异常 needs a note");
            return None;
        }
        *self.noting_slot()? = None;
        Some(given)
    }
}

pub(super) fn result_action(a: Action) -> bool {
    Action::RESULTS.contains(&a)
}

/// Which of the campaign's results a result key gives (0 for the first); 5 for any other.
pub(super) fn result_index(a: Action) -> usize {
    Action::RESULTS.iter().position(|r| *r == a).unwrap_or(5)
}

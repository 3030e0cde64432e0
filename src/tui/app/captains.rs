//! Building captains from the TUI: a resident made a captain from her household, a captain
//! retired (asked first), her doors listed, her phone changed; and the report screen's list
//! of households whose roster was not checked.

use tui_input::Input;

use super::{App, Overlay, Screen};
use crate::api::captains::{AddCaptain, CaptainDoors, RetireCaptain, SetCaptainPhone};
use crate::api::reports::RosterPage;
use crate::api::{Op, Reply};
use crate::model::Id;
use crate::store::captains::CaptainDoor;
use crate::store::due::RosterRow;
use crate::tui::action::Action;
use crate::tui::keymap::Mode;
use crate::tui::worker::{Query, Request};

/// A dialog about building captains.
pub enum CaptainDialog {
    /// Whom of the household to make a captain: its current residents (id, name, relation
    /// to the head), the head first.
    Pick {
        address: String,
        residents: Vec<(Id, String, &'static str)>,
        selected: usize,
    },
    /// Retiring a captain, asked first: how many doors she leaves without a captain.
    Retire {
        captain: Id,
        name: String,
        doors: u32,
    },
    /// A captain's doors, in door order, with their heads.
    Doors {
        name: String,
        doors: Vec<CaptainDoor>,
        scroll: usize,
    },
    /// A captain's new phone; the store's sentence when it refused the last one typed.
    Phone {
        captain: Id,
        name: String,
        now: String,
        input: Input,
        error: Option<String>,
    },
}

/// The report screen's households whose roster was not checked in `months` months.
#[derive(Debug, Default)]
pub struct RosterReport {
    /// The visit rules' months, once read.
    pub months: Option<u16>,
    /// None until the rows arrive: the first `ROSTER_SHOWN` of them.
    pub rows: Option<Vec<RosterRow>>,
    /// How many households there are in all.
    pub total: usize,
    pub cursor: usize,
    /// This month's small wishes in all the user's grids, asked after the rows.
    pub wishes: Option<crate::store::wish_reports::WishFigures>,
}

/// How many of the households whose roster was not checked the report screen asks for (a
/// few screens; the title says how many there are in all).
pub const ROSTER_SHOWN: usize = 200;

/// A captain call in flight: its request id, and the captain (or resident) and her name for
/// the sentence after.
pub(super) type CaptainCall = Option<(u64, Id, String)>;

impl App {
    /// A request for one `api` operation, kept apart from the form saves' bookkeeping.
    pub(super) fn ask(&mut self, op: impl Op) -> Request {
        self.next_id += 1;
        Request {
            id: self.next_id,
            query: Query::Call(Box::new(op.into_call())),
        }
    }

    fn ask_captain(&mut self, op: impl Op, who: Id, name: String) -> Vec<Request> {
        let req = self.ask(op);
        self.captain_call = Some((req.id, who, name));
        vec![req]
    }

    /// The first key bound to an action in a mode, for sentences that name it.
    pub(super) fn key_of(&self, mode: Mode, action: Action) -> String {
        self.keymap
            .keys_for(mode, action)
            .first()
            .map(|k| k.to_string())
            .unwrap_or_default()
    }

    /// `b` on a household: pick which of its residents becomes a building captain.
    pub(super) fn start_make_captain(&mut self) -> Vec<Request> {
        let Some(selected) = self.selected_household().map(|h| h.id) else {
            self.say("先在住户列表里选一户", "Pick a household in the list first");
            return Vec::new();
        };
        let Some(d) = self.detail.as_ref().filter(|d| d.household.id == selected) else {
            self.say(
                "这户的信息还在读取，稍候再按",
                "The household is still loading; press it again in a moment",
            );
            return Vec::new();
        };
        let lang = self.lang;
        let head = d.household.head;
        let mut residents: Vec<(Id, String, &'static str)> = d
            .residents
            .iter()
            .filter(|r| r.is_current())
            .map(|r| (r.id, r.name.clone(), lang.relation(r.relation)))
            .collect();
        // The head first: Enter alone makes her the captain.
        residents.sort_by_key(|(id, _, _)| Some(*id) != head);
        if residents.is_empty() {
            self.say(
                "这户没有现住居民可以当楼长",
                "No one lives in this household to make a captain",
            );
            return Vec::new();
        }
        self.overlay = Overlay::Captain(Box::new(CaptainDialog::Pick {
            address: d.household.address.to_string(),
            residents,
            selected: 0,
        }));
        Vec::new()
    }

    fn selected_row(&self) -> Option<crate::store::captains::CaptainRow> {
        match &self.screen {
            Screen::Captains(v) => v.rows.as_ref().and_then(|r| r.get(v.cursor)).cloned(),
            _ => None,
        }
    }

    /// Enter on a captain: her doors.
    pub(super) fn show_captain_doors(&mut self) -> Vec<Request> {
        match self.selected_row() {
            Some(r) => self.ask_captain(CaptainDoors(r.captain.id), r.captain.id, r.captain.name),
            None => Vec::new(),
        }
    }

    pub(super) fn start_retire(&mut self) -> Vec<Request> {
        if let Some(r) = self.selected_row() {
            self.overlay = Overlay::Captain(Box::new(CaptainDialog::Retire {
                captain: r.captain.id,
                name: r.captain.name,
                doors: r.households,
            }));
        }
        Vec::new()
    }

    pub(super) fn start_phone(&mut self) -> Vec<Request> {
        if let Some(r) = self.selected_row() {
            self.overlay = Overlay::Captain(Box::new(CaptainDialog::Phone {
                captain: r.captain.id,
                name: r.captain.name,
                now: r.captain.phone,
                input: Input::default(),
                error: None,
            }));
        }
        Vec::new()
    }

    /// Keys while a captain dialog is open.
    pub(super) fn captain_dialog_action(&mut self, action: Action) -> Vec<Request> {
        let Overlay::Captain(dialog) = &mut self.overlay else {
            return Vec::new();
        };
        if action == Action::Cancel {
            self.overlay = Overlay::None;
            return Vec::new();
        }
        let rows_shown = crate::tui::view::captain_doors_visible(self.size.1);
        match dialog.as_mut() {
            CaptainDialog::Pick {
                residents,
                selected,
                ..
            } => match action {
                Action::MoveUp => *selected = selected.saturating_sub(1),
                Action::MoveDown => *selected = (*selected + 1).min(residents.len() - 1),
                Action::Confirm => {
                    let (id, name, _) = residents[*selected].clone();
                    self.overlay = Overlay::None;
                    return self.ask_captain(AddCaptain(id), id, name);
                }
                _ => {}
            },
            CaptainDialog::Retire { captain, name, .. } => {
                if action == Action::Confirm {
                    let (captain, name) = (*captain, name.clone());
                    self.overlay = Overlay::None;
                    return self.ask_captain(RetireCaptain(captain), captain, name);
                }
            }
            CaptainDialog::Doors { doors, scroll, .. } => {
                let last = doors.len().saturating_sub(rows_shown);
                let page = rows_shown.max(1);
                match action {
                    Action::MoveUp => *scroll = scroll.saturating_sub(1),
                    Action::MoveDown => *scroll = (*scroll + 1).min(last),
                    Action::PageUp => *scroll = scroll.saturating_sub(page),
                    Action::PageDown => *scroll = (*scroll + page).min(last),
                    Action::First => *scroll = 0,
                    Action::Last => *scroll = last,
                    Action::Confirm => self.overlay = Overlay::None,
                    _ => {}
                }
            }
            CaptainDialog::Phone {
                captain,
                name,
                input,
                error,
                ..
            } => {
                if action == Action::Confirm {
                    *error = None;
                    let op = SetCaptainPhone(*captain, input.value().trim().to_string());
                    let (captain, name) = (*captain, name.clone());
                    // The prompt stays until the store says yes; a refusal shows in it.
                    return self.ask_captain(op, captain, name);
                }
            }
        }
        Vec::new()
    }

    /// A captain call was answered.
    pub(super) fn captain_replied(&mut self, reply: Reply) -> Vec<Request> {
        let (who, name) = self
            .captain_call
            .take()
            .map(|(_, who, n)| (Some(who), n))
            .unwrap_or_default();
        match reply {
            Reply::AddCaptain(c) => {
                let (list, assign) = (
                    self.key_of(Mode::Browse, Action::Captains),
                    self.key_of(Mode::List, Action::Assign),
                );
                self.say(
                    &format!(
                        "{0}已是楼长；在楼长列表（{list}）里按 {assign} 给{0}分配门户",
                        c.name
                    ),
                    &format!(
                        "{0} is a building captain now; give {0} doors on the captains list ({list}, then {assign})",
                        c.name
                    ),
                );
                self.reload_list()
            }
            Reply::RetireCaptain(n) => {
                let key = self.key_of(Mode::List, Action::Rebalance);
                if let Screen::Captains(v) = &mut self.screen {
                    // An undo that would give doors back to her can no longer be done.
                    if v.undo
                        .as_ref()
                        .is_some_and(|u| u.iter().any(|(_, c)| c.is_some() && *c == who))
                    {
                        v.undo = None;
                    }
                }
                match *n {
                    0 => self.say(
                        &format!("{name}已卸任楼长"),
                        &format!("{name} has retired as a building captain"),
                    ),
                    n => self.say(
                        &format!("{name}已卸任；{n} 户暂无楼长，按 {key} 调整片区时先分配"),
                        &format!(
                            "{name} has retired; {} no captain, first in line when you rebalance ({key})",
                            match n {
                                1 => "1 household has".to_string(),
                                n => format!("{n} households have"),
                            }
                        ),
                    ),
                }
                self.reload_list()
            }
            Reply::SetCaptainPhone(c) => {
                if matches!(&self.overlay, Overlay::Captain(d) if matches!(**d, CaptainDialog::Phone { .. }))
                {
                    self.overlay = Overlay::None;
                }
                let phone = crate::model::phone::mask(&c.phone);
                self.say(
                    &format!("{}的电话已改为 {phone}", c.name),
                    &format!("{}'s phone is {phone} now", c.name),
                );
                self.reload_list()
            }
            Reply::CaptainDoors(doors) => {
                if matches!(self.screen, Screen::Captains(_)) {
                    self.overlay = Overlay::Captain(Box::new(CaptainDialog::Doors {
                        name,
                        doors: *doors,
                        scroll: 0,
                    }));
                }
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    /// A captain call failed: a refused phone shows in its prompt, which stays open. True
    /// when the failure was shown there.
    pub(super) fn captain_failed(&mut self, id: u64, msg: &str) -> bool {
        if self.captain_call.as_ref().map(|(i, _, _)| *i) != Some(id) {
            return false;
        }
        self.captain_call = None;
        match &mut self.overlay {
            Overlay::Captain(d) => match d.as_mut() {
                CaptainDialog::Phone { error, .. } => {
                    *error = Some(msg.to_string());
                    true
                }
                _ => false,
            },
            _ => false,
        }
    }

    /// The report screen opens: the visit rules' months first, then the households.
    pub(super) fn ask_roster(&mut self) -> Vec<Request> {
        self.roster = RosterReport::default();
        let req = self.ask(crate::api::admin::Rules);
        self.roster_call = req.id;
        vec![req]
    }

    pub(super) fn roster_report_replied(&mut self, reply: Reply) -> Vec<Request> {
        match reply {
            Reply::Rules(rules) => {
                let months = rules.roster_months;
                self.roster.months = Some(months);
                let req = self.ask(RosterPage {
                    today: self.today,
                    months: Some(months),
                    limit: ROSTER_SHOWN,
                });
                self.roster_call = req.id;
                vec![req]
            }
            Reply::RosterPage(page) => {
                let page = *page;
                self.roster.cursor = self.roster.cursor.min(page.rows.len().saturating_sub(1));
                self.roster.rows = Some(page.rows);
                self.roster.total = page.total;
                let this = crate::model::time::date_of(self.today).format("%Y-%m");
                let Some(month) = crate::store::reports::Month::parse(&this.to_string()) else {
                    return Vec::new();
                };
                let req = self.ask(crate::api::reports::WishReport {
                    month,
                    today: self.today,
                });
                self.roster_call = req.id;
                vec![req]
            }
            Reply::WishReport(r) => {
                self.roster.wishes = Some(r.total);
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    /// Enter on a household of the roster report: go to it.
    pub(super) fn open_roster_row(&mut self) -> Vec<Request> {
        let h = self
            .roster
            .rows
            .as_ref()
            .and_then(|r| r.get(self.roster.cursor))
            .map(|r| r.household);
        match h {
            Some(h) => vec![self.request(Query::Locate(h))],
            None => Vec::new(),
        }
    }
}

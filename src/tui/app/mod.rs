//! App state and update: keys resolve to actions first, actions change state second; store
//! answers come back as messages and stale ones are dropped.

mod browse;
mod campaign;
mod captains;
mod conflicts;
mod ledgers;
mod lists;
mod party;
mod registrants;
mod roster;
mod structure;
mod sweep;
mod sweep_campaign;
mod work;

use std::collections::HashMap;

use crossterm::event::{Event as TermEvent, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use tui_input::backend::crossterm::EventHandler;
use tui_input::Input;

use super::action::Action;
use super::form::Form;
use super::i18n::Lang;
use super::keymap::{Keymap, Mode};
use super::nav::NavTree;
use super::worker::{Answer, Query, Request, Response};
use crate::model::draft::Draft;
use crate::model::rebalance::Proposal;
use crate::model::time::Day;
use crate::model::{Id, VisitOutcome};
use crate::store::query::{HouseholdDetail, HouseholdRow};

pub use campaign::{banner_text, tally_header, tally_row, CampaignView, Campaigns};
pub use captains::{CaptainDialog, RosterReport, ROSTER_SHOWN};
pub use conflicts::ConflictView;
pub use ledgers::{month_text, Field, LedgerView, Paper};
pub use lists::{CaptainView, DisputeFilter, DisputeList, DueFilter, DueShow, DueView};
pub use party::{coverage_lines, WishAsk, WishBoard, WishFilter};
pub use registrants::{RegAsk, RegPane, RegistrantBoard};
pub use structure::PlaceEdit;
pub use sweep::Sweep;
pub use sweep_campaign::{CampaignDoor, SweepCampaign};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Tree,
    Households,
    Detail,
}

/// The screen under any popup: browsing, or one of the work lists.
pub enum Screen {
    Browse,
    Disputes(DisputeList),
    Due(DueView),
    Captains(CaptainView),
    /// The report screen; None until the figures arrive.
    Reports(Option<Box<crate::store::reports::ReportSet>>),
    /// The conflicts a sync left for review.
    Conflicts(ConflictView),
    /// The 台账 screen: a ledger, an export or the import template into a file.
    Ledgers(LedgerView),
    /// The 微心愿 board.
    Wishes(WishBoard),
    /// Party groups and 中心户 coverage (None until it arrives), and how far it is scrolled.
    Coverage(Option<crate::store::party::PartyCoverage>, usize),
    /// 双报到: the service posts and the registrants.
    Registrants(RegistrantBoard),
    /// The campaign screen (战时).
    Campaign(CampaignView),
}

pub enum Overlay {
    None,
    /// The `:` line: an address to jump to, or a command picked from the palette below it.
    Jump {
        input: Input,
        selected: usize,
    },
    Help {
        filter: Input,
        scroll: usize,
    },
    Form(Box<Form>),
    /// Drafts left by a process that died, offered on start.
    Resume {
        drafts: Vec<Draft>,
        selected: usize,
    },
    /// A rebalancing proposal waiting for one confirmation.
    Proposal {
        grid: Id,
        proposal: Box<Proposal>,
        names: Vec<(Id, String)>,
    },
    /// Search as you type: the query, the hits of the latest answer, the one selected.
    Search {
        input: Input,
        hits: Vec<crate::search::Hit>,
        selected: usize,
    },
    /// Someone moved a case on while this user wrote a step: both versions, to decide.
    Conflict {
        theirs: Box<crate::model::Dispute>,
        mine: crate::store::ops::DisputeStep,
    },
    /// A household's change history, newest first; a run of like lines (the same minute,
    /// person, kind of record and change) as one line with how many it stands for.
    History {
        lines: Vec<(crate::store::audit::HistoryLine, usize)>,
        scroll: usize,
    },
    /// An address typed at the `:` line that is in several communities: the first household
    /// found in each, to pick one from.
    Places {
        query: crate::model::address::AddressQuery,
        hits: Vec<crate::store::query::AddressHit>,
        selected: usize,
    },
    /// Doors that come from another grid or put a captain over 60: asked about first.
    ConfirmAssign {
        plan: Box<crate::store::captains::AssignPlan>,
        name: String,
    },
    /// Doors to give a captain: `5`, `5-2`, `5-2-301` or `5-1-101..5-2-602`.
    Assign {
        captain: Id,
        name: String,
        input: Input,
    },
    /// A name (or a building's number) for a change to the tree an admin asked for.
    Place {
        edit: PlaceEdit,
        input: Input,
    },
    /// The grids of its community a building may move to, to pick one.
    MoveTo {
        building: Id,
        number: u32,
        grids: Vec<(Id, String)>,
        selected: usize,
    },
    /// Making, retiring, listing the doors of, or re-phoning a building captain.
    Captain(Box<CaptainDialog>),
    /// The one line a change of a wish needs: a name, a note, a reason or a satisfaction.
    Wish {
        wish: Id,
        ask: WishAsk,
        input: Input,
    },
    /// The one line a change on the 双报到 screen needs, on the selected post if any.
    Registrant {
        ask: RegAsk,
        post: Option<Id>,
        input: Input,
    },
}

/// What to open once a household's detail arrives.
#[derive(Debug, Clone)]
pub(crate) enum Opening {
    Visit,
    /// A correction of the household's latest visit.
    Amend,
    Dispute,
    Step(
        Box<crate::model::Dispute>,
        crate::tui::forms::dispute::StepKind,
    ),
    Done(Box<crate::model::FollowUp>),
    /// A step on the household's open case with this id (resuming a draft).
    StepOf(Id, crate::tui::forms::dispute::StepKind),
    /// Marking the household's follow-up with this id done (resuming a draft).
    DoneOf(Id),
    /// A roster form on the household.
    Roster(crate::tui::forms::roster::RosterForm),
}

/// The latest request id of each kind; an answer with another id is stale and dropped.
#[derive(Debug, Default, Clone, Copy)]
struct Pending {
    overview: u64,
    households: u64,
    detail: u64,
    find: u64,
    open: u64,
    save: u64,
    list: u64,
    notes: u64,
    proposal: u64,
    moves: u64,
    search: u64,
    locate: u64,
    sync: u64,
    resolve: u64,
    /// A file the 台账 screen is writing; 0 when none is.
    ledger: u64,
}

pub struct App {
    pub lang: Lang,
    pub keymap: Keymap,
    pub today: Day,
    /// The OS user name of whoever is at the keyboard.
    pub user: String,
    pub no_color: bool,
    pub ascii_borders: bool,
    /// The folder the 台账 screen writes into.
    pub ledger_dir: std::path::PathBuf,
    pub loaded: bool,
    pub tree: NavTree,
    /// The building whose households are listed, once its answer has arrived.
    pub households_of: Option<Id>,
    pub households: Vec<HouseholdRow>,
    pub households_loading: bool,
    pub hh_cursor: usize,
    pub detail: Option<HouseholdDetail>,
    pub detail_scroll: u16,
    /// The resident selected in the detail pane (current ones, then former).
    pub res_cursor: usize,
    /// The household cursor moved and the detail waits for it to rest (see `rest`).
    detail_after_rest: bool,
    /// Household cursor moves so far; the event loop restarts its rest timer when it grows.
    pub moves: u64,
    pub focus: Pane,
    pub screen: Screen,
    pub overlay: Overlay,
    pub sweep: Option<Box<Sweep>>,
    pub status: Option<String>,
    pub size: (u16, u16),
    pub quit: bool,
    /// Something changed since the last frame.
    pub dirty: bool,
    /// A full repaint was asked for (ctrl-l).
    pub repaint: bool,
    select_after_load: Option<Id>,
    /// The community the address being looked up was written with (`桥岭社区 5-2-301`).
    jump_within: Option<Id>,
    opening: Option<(Opening, Option<Draft>)>,
    /// Keys and pastes that came while a form was opening, typed into it once it opens.
    typeahead: Vec<TermEvent>,
    /// The household the open form is about.
    pub form_household: Option<HouseholdDetail>,
    /// Who else has a form open on which household, as the server last said.
    pub presence: Vec<(Id, String)>,
    /// How the last sync went, as the store last said; None until it answers.
    pub sync: Option<crate::store::sync::SyncStatus>,
    /// Sweep saves in flight: request id → the outcome recorded.
    sweep_saves: HashMap<u64, VisitOutcome>,
    /// Sweep saves in flight: request id → which door.
    sweep_slots: HashMap<u64, usize>,
    pending: Pending,
    next_id: u64,
    /// The places the tree was last built from.
    pub places: crate::store::query::Overview,
    /// A change to the tree waiting for the store to say this user may make it.
    place_edit: Option<PlaceEdit>,
    /// The place to select once the tree is read again after a change.
    reselect: Option<super::nav::NodeKind>,
    /// The captain call in flight, if any (see `captains`).
    captain_call: captains::CaptainCall,
    /// The report screen's households whose roster was not checked.
    pub roster: RosterReport,
    /// The roster report's request in flight.
    roster_call: u64,
    /// The wish board's or coverage view's read in flight.
    party_list: u64,
    /// A change of a wish in flight.
    wish_call: u64,
    /// The 双报到 screen's reads and change in flight.
    reg_calls: registrants::RegCalls,
    /// The campaigns in 战时 (the banner's and the campaign screen's), and their calls.
    pub campaigns: Campaigns,
    /// Whether the drafts left behind were offered already: once a session, however often
    /// their answer comes (a request re-sent after the server came back answers again).
    drafts_offered: bool,
}

impl App {
    /// A new app and the first requests to send; the first frame is drawn before they return.
    pub fn new(lang: Lang, keymap: Keymap, today: Day) -> (App, Vec<Request>) {
        let mut app = App {
            lang,
            keymap,
            today,
            user: String::new(),
            no_color: std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
            ascii_borders: false,
            ledger_dir: super::config::default_ledger_dir(),
            loaded: false,
            tree: NavTree::default(),
            households_of: None,
            households: Vec::new(),
            households_loading: false,
            hh_cursor: 0,
            detail: None,
            detail_scroll: 0,
            res_cursor: 0,
            detail_after_rest: false,
            moves: 0,
            focus: Pane::Tree,
            screen: Screen::Browse,
            overlay: Overlay::None,
            sweep: None,
            status: None,
            size: (80, 24),
            quit: false,
            dirty: true,
            repaint: false,
            select_after_load: None,
            jump_within: None,
            opening: None,
            typeahead: Vec::new(),
            form_household: None,
            presence: Vec::new(),
            sync: None,
            sweep_saves: HashMap::new(),
            sweep_slots: HashMap::new(),
            pending: Pending::default(),
            next_id: 0,
            places: Default::default(),
            place_edit: None,
            reselect: None,
            captain_call: None,
            roster: RosterReport::default(),
            roster_call: 0,
            party_list: 0,
            wish_call: 0,
            reg_calls: Default::default(),
            campaigns: Campaigns::default(),
            drafts_offered: false,
        };
        // Who the user is comes first: staff are asked their drafts and sync status once it
        // is known; someone sent down (下沉) gets the campaign screen alone.
        let duty = app.ask_duty();
        let overview = app.request(Query::Overview);
        let mut first = vec![duty, overview];
        first.extend(app.load_campaigns());
        (app, first)
    }

    fn request(&mut self, query: Query) -> Request {
        self.next_id += 1;
        let id = self.next_id;
        match &query {
            Query::Overview => self.pending.overview = id,
            Query::Households(_) => self.pending.households = id,
            Query::Detail(_) => self.pending.detail = id,
            Query::FindAddress(..) => self.pending.find = id,
            Query::Call(_)
            | Query::SaveVisit(..)
            | Query::OpenDispute(..)
            | Query::AdvanceDispute(_)
            | Query::CompleteFollowUp(..) => self.pending.save = id,
            Query::Disputes
            | Query::Due(_)
            | Query::Captains(_)
            | Query::Reports(_)
            | Query::Conflicts => self.pending.list = id,
            Query::SyncStatus => self.pending.sync = id,
            Query::Resolve { .. } => self.pending.resolve = id,
            Query::WriteSheet { .. } => self.pending.ledger = id,
            Query::DisputeNotes(_) => self.pending.notes = id,
            Query::Proposal(_) | Query::History(_) => self.pending.proposal = id,
            Query::Search(_) => self.pending.search = id,
            Query::Locate(_) => self.pending.locate = id,
            Query::ApplyMoves(_) | Query::UndoMoves(_) | Query::AssignPlan(..) => {
                self.pending.moves = id
            }
            Query::PutDraft(_) | Query::DeleteDraft(_) | Query::Drafts | Query::Editing(_) => {}
        }
        Request { id, query }
    }

    pub fn on_resize(&mut self, w: u16, h: u16) {
        self.size = (w, h);
        self.dirty = true;
    }

    /// Rows of a list that fit on screen, for paging.
    fn page(&self) -> isize {
        (self.size.1 as isize - 5).max(1)
    }

    fn say(&mut self, zh: &str, en: &str) {
        self.status = Some(match self.lang {
            Lang::Zh => zh.to_string(),
            Lang::En => en.to_string(),
        });
    }

    /// Which mode's keys apply now, besides global.
    pub fn mode(&self) -> Mode {
        match &self.overlay {
            Overlay::Jump { .. }
            | Overlay::Assign { .. }
            | Overlay::Search { .. }
            | Overlay::Place { .. }
            | Overlay::Wish { .. }
            | Overlay::Registrant { .. } => Mode::Prompt,
            Overlay::Captain(d) if matches!(**d, CaptainDialog::Phone { .. }) => Mode::Prompt,
            Overlay::Captain(_) => Mode::Dialog,
            Overlay::Help { .. }
            | Overlay::Resume { .. }
            | Overlay::Places { .. }
            | Overlay::Proposal { .. }
            | Overlay::ConfirmAssign { .. }
            | Overlay::History { .. }
            | Overlay::MoveTo { .. }
            | Overlay::Conflict { .. } => Mode::Dialog,
            Overlay::Form(f) if f.asking_leave || f.offer_move.is_some() => Mode::Dialog,
            Overlay::Form(_) => Mode::Form,
            Overlay::None => match (&self.sweep, &self.screen) {
                (Some(s), _) if s.noting => Mode::Prompt,
                (Some(_), _) if self.campaign_noting().is_some() => Mode::Prompt,
                // The summary is a dialog: Enter or Esc goes back, as it says.
                (Some(s), _) if s.finished => Mode::Dialog,
                (Some(s), _) => s.mode(),
                (None, Screen::Campaign(v)) if v.noting.is_some() => Mode::Prompt,
                (None, Screen::Browse) => Mode::Browse,
                (None, _) => Mode::List,
            },
        }
    }

    /// Handles one key press: a focused text field first, then the dialog or screen, then
    /// global keys. In a text field only chords reach global keys, so `?` and `q` are typed.
    pub fn on_key(&mut self, key: KeyEvent) -> Vec<Request> {
        if key.kind == KeyEventKind::Release {
            return Vec::new();
        }
        if self.opening.is_some() {
            // The form waits for its household; what is typed meanwhile goes into it,
            // and Esc before it shows means no form after all.
            if key.code == KeyCode::Esc {
                self.opening = None;
                self.pending.open = 0;
                self.typeahead.clear();
            } else {
                self.typeahead.push(TermEvent::Key(key));
            }
            return Vec::new();
        }
        if self.field_takes(key) {
            self.dirty = true;
            if let Overlay::Search { input, .. } = &self.overlay {
                let q = input.value().to_string();
                return vec![self.request(Query::Search(q))];
            }
            return self.after_field_change();
        }
        let mode = self.mode();
        let chord = key
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
            || matches!(key.code, KeyCode::F(_));
        let typing = matches!(mode, Mode::Form | Mode::Prompt)
            || matches!(self.overlay, Overlay::Help { .. });
        let action = self.keymap.action(mode, key).or_else(|| {
            if typing && !chord {
                None
            } else {
                self.keymap.action(Mode::Global, key)
            }
        });
        match action {
            Some(a) => {
                self.dirty = true;
                self.apply(a)
            }
            None => Vec::new(),
        }
    }

    /// Offers a key to the focused text field; true if it took it.
    fn field_takes(&mut self, key: KeyEvent) -> bool {
        let plain = !key
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
        let text_key = plain
            && matches!(
                key.code,
                KeyCode::Char(_)
                    | KeyCode::Backspace
                    | KeyCode::Delete
                    | KeyCode::Left
                    | KeyCode::Right
                    | KeyCode::Home
                    | KeyCode::End
            );
        if matches!(self.overlay, Overlay::None) && self.sweep.is_none() && self.ledger_types(key) {
            return true;
        }
        let ev = TermEvent::Key(key);
        match &mut self.overlay {
            Overlay::Form(f) if !f.asking_leave && f.offer_move.is_none() => f.take_key(key),
            Overlay::Jump { input, selected } if text_key => {
                *selected = 0;
                input.handle_event(&ev);
                true
            }
            Overlay::Assign { input, .. }
            | Overlay::Place { input, .. }
            | Overlay::Wish { input, .. }
            | Overlay::Registrant { input, .. }
                if text_key =>
            {
                input.handle_event(&ev);
                true
            }
            Overlay::Captain(d) if text_key => match d.as_mut() {
                CaptainDialog::Phone { input, .. } => {
                    input.handle_event(&ev);
                    true
                }
                _ => false,
            },
            Overlay::Search {
                input, selected, ..
            } if text_key => {
                *selected = 0;
                input.handle_event(&ev);
                true
            }
            // Home and End move along the list; `/` starts the filter afresh, as it starts
            // a search elsewhere.
            Overlay::Help { filter, scroll }
                if text_key && !matches!(key.code, KeyCode::Home | KeyCode::End) =>
            {
                *scroll = 0;
                if key.code == KeyCode::Char('/') {
                    filter.reset();
                } else {
                    filter.handle_event(&ev);
                }
                true
            }
            Overlay::None => match &mut self.sweep {
                Some(s) if s.noting && text_key => {
                    s.note.handle_event(&ev);
                    true
                }
                _ if text_key => self.campaign_takes(&ev),
                _ => false,
            },
            _ => false,
        }
    }

    /// Pasted text goes into the focused text field whole.
    pub fn on_paste(&mut self, text: &str) -> Vec<Request> {
        if self.opening.is_some() {
            self.typeahead.push(TermEvent::Paste(text.to_string()));
            return Vec::new();
        }
        let clean: String = text
            .chars()
            .filter(|c| *c == '\n' || !c.is_control())
            .collect();
        let one_line: String = clean.replace('\n', " ");
        let typed = |input: &mut Input, s: &str| {
            for c in s.chars() {
                input.handle_event(&TermEvent::Key(KeyEvent::new(
                    KeyCode::Char(c),
                    KeyModifiers::NONE,
                )));
            }
        };
        self.dirty = true;
        let visit_note = self.sweep.as_ref().is_some_and(|s| s.noting);
        if matches!(self.overlay, Overlay::None) && !visit_note {
            if let Some(Some((_, input))) = self.noting_slot() {
                typed(input, &one_line);
                return Vec::new();
            }
        }
        match &mut self.overlay {
            Overlay::Form(f) => {
                let used = f.paste(&clean);
                return if used {
                    self.after_field_change()
                } else {
                    Vec::new()
                };
            }
            Overlay::Jump { input, .. }
            | Overlay::Assign { input, .. }
            | Overlay::Place { input, .. }
            | Overlay::Wish { input, .. }
            | Overlay::Registrant { input, .. }
            | Overlay::Search { input, .. } => typed(input, &one_line),
            Overlay::Help { filter, .. } => typed(filter, &one_line),
            Overlay::Captain(d) => {
                if let CaptainDialog::Phone { input, .. } = d.as_mut() {
                    typed(input, &one_line)
                }
            }
            Overlay::None => {
                if let Some(s) = self.sweep.as_mut().filter(|s| s.noting) {
                    typed(&mut s.note, &one_line);
                }
            }
            _ => {}
        }
        Vec::new()
    }

    /// Applies an action to the state; returns the store requests it needs.
    pub fn apply(&mut self, action: Action) -> Vec<Request> {
        match action {
            Action::Quit => {
                // Whatever key quits, a form with unsaved changes asks first, as Esc does.
                match &mut self.overlay {
                    Overlay::Form(f) if f.changed => {
                        f.asking_leave = true;
                        f.leave_quits = true;
                    }
                    _ => self.quit = true,
                }
                return Vec::new();
            }
            Action::Redraw => {
                self.repaint = true;
                return Vec::new();
            }
            Action::Noop => return Vec::new(),
            _ => {}
        }
        match &self.overlay {
            Overlay::Form(_) => return self.form_action(action),
            Overlay::Jump { .. }
            | Overlay::Assign { .. }
            | Overlay::Place { .. }
            | Overlay::Wish { .. }
            | Overlay::Registrant { .. } => return self.prompt_action(action),
            Overlay::MoveTo { .. } => return self.move_to_action(action),
            Overlay::Search { .. } => return self.search_action(action),
            Overlay::Conflict { .. } => return self.conflict_action(action),
            Overlay::Help { .. } => return self.help_action(action),
            Overlay::Resume { .. } => return self.resume_action(action),
            Overlay::Places { .. } => return self.places_action(action),
            Overlay::Proposal { .. } | Overlay::ConfirmAssign { .. } => {
                return self.proposal_action(action)
            }
            Overlay::Captain(_) => return self.captain_dialog_action(action),
            Overlay::History { .. } => {
                if let Overlay::History { scroll, lines } = &mut self.overlay {
                    let last = lines.len().saturating_sub(1);
                    match action {
                        Action::MoveUp => *scroll = scroll.saturating_sub(1),
                        Action::MoveDown => *scroll = (*scroll + 1).min(last),
                        Action::PageUp => *scroll = scroll.saturating_sub(10),
                        Action::PageDown => *scroll = (*scroll + 10).min(last),
                        Action::Cancel | Action::Confirm => self.overlay = Overlay::None,
                        _ => {}
                    }
                }
                return Vec::new();
            }
            Overlay::None => {}
        }
        // Help shows over a sweep too, with the sweep's keys.
        if self.sweep.is_some() && action != Action::Help {
            return self.sweep_action(action);
        }
        if self.sent_down() {
            return self.sent_down_action(action);
        }
        match action {
            Action::Help => {
                self.overlay = Overlay::Help {
                    filter: Input::default(),
                    scroll: 0,
                };
                Vec::new()
            }
            Action::Jump => {
                self.status = None;
                self.overlay = Overlay::Jump {
                    input: Input::default(),
                    selected: 0,
                };
                Vec::new()
            }
            Action::Search => {
                self.status = None;
                self.overlay = Overlay::Search {
                    input: Input::default(),
                    hits: Vec::new(),
                    selected: 0,
                };
                Vec::new()
            }
            Action::Disputes => self.open_disputes(),
            Action::FollowUps => self.open_due(),
            Action::Captains => self.open_captains(),
            Action::Conflicts => self.open_conflicts(),
            Action::Ledgers => self.open_ledgers(),
            Action::Wishes => self.open_wishes(),
            Action::PartyCoverage => self.open_coverage(),
            Action::Registrants => self.open_registrants(None),
            Action::Campaign if !matches!(self.screen, Screen::Campaign(_)) => self.open_campaign(),
            Action::Reports => {
                self.screen = Screen::Reports(None);
                let mut reqs = vec![self.request(Query::Reports(self.today))];
                reqs.extend(self.ask_roster());
                reqs
            }
            other => match self.screen {
                Screen::Browse => self.browse(other),
                Screen::Ledgers(_) => self.ledger_action(other),
                Screen::Campaign(_) => self.campaign_action(other),
                _ => self.list_action(other),
            },
        }
    }

    fn search_action(&mut self, action: Action) -> Vec<Request> {
        let Overlay::Search { hits, selected, .. } = &mut self.overlay else {
            return Vec::new();
        };
        match action {
            Action::MoveUp => *selected = selected.saturating_sub(1),
            Action::MoveDown => *selected = (*selected + 1).min(hits.len().saturating_sub(1)),
            Action::Cancel => self.overlay = Overlay::None,
            Action::Confirm => {
                let Some(h) = hits.get(*selected) else {
                    return Vec::new();
                };
                let (household, registrant) = (h.household, h.registrant);
                self.overlay = Overlay::None;
                // A registrant opens on the 双报到 screen, a member with a household there.
                if let Some(r) = registrant.filter(|_| household == 0) {
                    return self.open_registrants(Some(r));
                }
                return vec![self.request(Query::Locate(household))];
            }
            _ => {}
        }
        Vec::new()
    }

    fn help_action(&mut self, action: Action) -> Vec<Request> {
        let Overlay::Help { filter, .. } = &self.overlay else {
            return Vec::new();
        };
        let rows = self.help_rows(filter.value()).len();
        let shown = super::view::help_visible(self.size.1, rows);
        let last = rows.saturating_sub(shown);
        if let Overlay::Help { scroll, .. } = &mut self.overlay {
            let page = shown.max(1) as isize;
            let delta: isize = match action {
                Action::MoveUp => -1,
                Action::MoveDown => 1,
                Action::PageUp => -page,
                Action::PageDown => page,
                Action::First => -(rows as isize),
                Action::Last => rows as isize,
                Action::Cancel | Action::Confirm => {
                    self.overlay = Overlay::None;
                    return Vec::new();
                }
                _ => 0,
            };
            *scroll = (*scroll as isize + delta).clamp(0, last as isize) as usize;
        }
        Vec::new()
    }

    /// Help's lines for what is typed in its filter: each action this screen offers with
    /// its keys here and global ones, matched on keys or name.
    /// What an action does on the screen in view, for help: ←/→ change the filter on the
    /// dispute and follow-up lists and the choice on the 台账 screen.
    pub fn action_label(&self, action: Action) -> &'static str {
        let l = self.lang;
        match (&self.screen, action) {
            (Screen::Browse, _) => l.action(action),
            _ if self.sweep.is_some() => l.action(action),
            (Screen::Disputes(_) | Screen::Due(_), Action::MoveLeft) => {
                l.pick("上一个筛选", "previous filter")
            }
            (Screen::Disputes(_) | Screen::Due(_), Action::MoveRight) => {
                l.pick("下一个筛选", "next filter")
            }
            (Screen::Disputes(_), Action::NextPane | Action::PrevPane) => l.pick(
                "在案件与调解过程间切换",
                "between the cases and the timeline",
            ),
            (Screen::Ledgers(_), Action::MoveLeft | Action::MoveRight) => {
                l.pick("更改所选一项", "change the choice")
            }
            (Screen::Wishes(_), Action::MoveLeft | Action::MoveRight) => {
                l.pick("更改所选筛选", "change the filter picked")
            }
            (Screen::Wishes(_), Action::NextPane) => l.pick("下一个筛选", "next filter"),
            (Screen::Wishes(_), Action::PrevPane) => l.pick("上一个筛选", "previous filter"),
            (Screen::Wishes(_), Action::Done) => {
                l.pick("已实现（写做了什么）", "fulfilled (say what was done)")
            }
            (Screen::Wishes(_), Action::Undo) => {
                l.pick("撤销认领（写原因）", "cancel the claim (with a reason)")
            }
            (Screen::Wishes(_), Action::Open) => l.pick("到这一户", "go to the household"),
            (Screen::Registrants(_), Action::MoveLeft | Action::MoveRight) => {
                l.pick("按网格筛选岗位", "filter the posts by grid")
            }
            (Screen::Registrants(_), Action::NextPane | Action::PrevPane) => l.pick(
                "在岗位与报到对象间切换",
                "between the posts and the registrants",
            ),
            (Screen::Registrants(_), Action::Claim) => {
                l.pick("替某人认领所选岗位", "claim the post for someone")
            }
            (Screen::Registrants(_), Action::Undo) => {
                l.pick("结束所选岗位的一个认领", "end a claim on the post")
            }
            (Screen::Registrants(_), Action::Note) => l.pick(
                "记服务（名称 小时 内容）",
                "log a service (name hours what)",
            ),
            (Screen::Registrants(_), Action::CloseWish) => l.pick("关闭岗位", "close the post"),
            (Screen::Registrants(_), Action::Open) => {
                l.pick("到这位党员的家", "go to the member's household")
            }
            (Screen::Ledgers(_), Action::NextPane) => l.pick("下一项", "next choice"),
            (Screen::Ledgers(_), Action::PrevPane) => l.pick("上一项", "previous choice"),
            _ => l.action(action),
        }
    }

    pub fn help_rows(&self, filter: &str) -> Vec<(String, Action)> {
        let needle = filter.to_lowercase();
        let mut rows = Vec::new();
        for action in Action::ALL {
            let mut keys: Vec<&str> = Vec::new();
            for mode in [self.screen_mode(), Mode::Global] {
                keys.extend(self.keymap.keys_for(mode, action));
            }
            if keys.is_empty() || !self.offers(action) {
                continue;
            }
            let label = self.action_label(action);
            let keys = keys.join(", ");
            if needle.is_empty()
                || keys.to_lowercase().contains(&needle)
                || label.to_lowercase().contains(&needle)
                || action.name().contains(&needle)
            {
                rows.push((keys, action));
            }
        }
        rows
    }

    fn prompt_action(&mut self, action: Action) -> Vec<Request> {
        match action {
            Action::Cancel => {
                self.overlay = Overlay::None;
                Vec::new()
            }
            Action::Confirm => match &self.overlay {
                Overlay::Assign { .. } => self.confirm_assign(),
                Overlay::Place { .. } => self.confirm_place(),
                Overlay::Wish { .. } => self.confirm_wish(),
                Overlay::Registrant { .. } => self.confirm_registrant(),
                _ => self.confirm_jump(),
            },
            Action::MoveUp | Action::MoveDown => {
                if let Overlay::Jump { input, selected } = &self.overlay {
                    let last = self.palette(input.value()).len().saturating_sub(1);
                    let next = if action == Action::MoveUp {
                        selected.saturating_sub(1)
                    } else {
                        (selected + 1).min(last)
                    };
                    if let Overlay::Jump { selected, .. } = &mut self.overlay {
                        *selected = next;
                    }
                }
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    /// The keymap mode of the screen under any popup.
    pub fn screen_mode(&self) -> Mode {
        match (&self.sweep, &self.screen) {
            (Some(s), _) => s.mode(),
            (None, Screen::Browse) => Mode::Browse,
            (None, _) => Mode::List,
        }
    }

    /// The commands the `:` line offers for what is typed: every action bound on this screen
    /// or globally, matched on its name in either language.
    pub fn palette(&self, typed: &str) -> Vec<Action> {
        let needle = typed.trim().to_lowercase();
        let mode = self.screen_mode();
        Action::ALL
            .into_iter()
            .filter(|a| !matches!(a, Action::Confirm | Action::Cancel | Action::Jump))
            .filter(|a| {
                !self.keymap.keys_for(mode, *a).is_empty()
                    || !self.keymap.keys_for(Mode::Global, *a).is_empty()
            })
            .filter(|a| self.offers(*a))
            .filter(|a| {
                needle.is_empty()
                    || a.name().contains(&needle)
                    || Lang::Zh.action(*a).contains(&needle)
                    || Lang::En.action(*a).to_lowercase().contains(&needle)
            })
            .collect()
    }

    /// An answer from the store: applied if it is the newest of its kind, dropped if stale.
    pub fn on_answer(&mut self, resp: Response) -> Vec<Request> {
        let id = resp.id;
        // Stale answers and draft acknowledgements change nothing on screen.
        let before = self.dirty;
        self.dirty = true;
        match resp.answer {
            Answer::Failed(msg) => self.failed(id, msg),
            Answer::Reply(r) if self.campaign_owns(id) => self.campaign_replied(id, *r),
            Answer::Reply(r) if self.sweep_campaign_owns(id) => self.sweep_campaign_replied(id, *r),
            Answer::Reply(r) if self.captain_call.as_ref().is_some_and(|c| c.0 == id) => {
                self.captain_replied(*r)
            }
            Answer::Reply(r) if id == self.roster_call => self.roster_report_replied(*r),
            Answer::Reply(r) if id == self.party_list => self.party_loaded(*r),
            Answer::Reply(r) if id == self.wish_call => self.wish_moved(*r),
            Answer::Reply(r) if self.reg_calls.waits_for(id) => self.registrants_replied(id, *r),
            Answer::Overview(o) if id == self.pending.overview => self.overview_loaded(o),
            Answer::Households(b, rows) if id == self.pending.households => {
                self.households_loaded(b, rows)
            }
            Answer::Detail(d) if id == self.pending.open => self.open_with(*d),
            Answer::Detail(d) if id == self.pending.locate => {
                self.show_household(d.household.building, d.household.id)
            }
            Answer::Hits(q, hits) if id == self.pending.search => {
                if let Overlay::Search {
                    input,
                    hits: shown,
                    selected,
                } = &mut self.overlay
                {
                    if input.value() == q {
                        *shown = hits;
                        *selected = (*selected).min(shown.len().saturating_sub(1));
                    }
                }
                Vec::new()
            }
            Answer::Detail(d) if id == self.pending.detail => {
                if self.detail.as_ref().map(|x| x.household.id) != Some(d.household.id) {
                    self.res_cursor = 0;
                }
                self.detail = Some(*d);
                self.move_resident_cursor(0);
                Vec::new()
            }
            Answer::Found(q, hits) if id == self.pending.save => self.move_target_found(q, hits),
            Answer::Found(q, hits) if id == self.pending.find => self.jump_to(q, hits),
            Answer::VisitSaved(v) if self.sweep_saves.contains_key(&id) => self.sweep_saved(id, *v),
            Answer::VisitSaved(v) if id == self.pending.save => self.visit_saved(*v),
            Answer::DisputeSaved(d) if id == self.pending.save => self.dispute_saved(*d),
            Answer::FollowUpDone(f) if id == self.pending.save => self.followup_done(*f),
            Answer::Stale(theirs) if id == self.pending.save => self.stale(*theirs),
            Answer::Reply(r) if id == self.pending.save && Self::is_structure_reply(&r) => {
                self.structure_replied(*r)
            }
            Answer::Reply(r) if id == self.pending.save => self.roster_replied(*r),
            Answer::Drafts(d) => self.drafts_found(d),
            Answer::Disputes(list) if id == self.pending.list => self.disputes_loaded(list),
            Answer::Notes(d, notes) if id == self.pending.notes => self.notes_loaded(d, notes),
            Answer::Due(list) if id == self.pending.list => self.due_loaded(*list),
            Answer::Captains(rows) if id == self.pending.list => self.captains_loaded(rows),
            Answer::Reports(r) if id == self.pending.list => {
                if let Screen::Reports(slot) = &mut self.screen {
                    *slot = Some(r);
                }
                Vec::new()
            }
            Answer::Proposal(grid, p) if id == self.pending.proposal => {
                self.proposal_loaded(grid, *p)
            }
            Answer::Moved(undo) if id == self.pending.moves => self.moved(undo),
            Answer::Undone(n) if id == self.pending.moves => self.undone(n),
            Answer::AssignPlan(plan) if id == self.pending.moves => self.assign_planned(*plan),
            Answer::SyncStatus(s) if id == self.pending.sync => self.sync_status_loaded(s),
            Answer::Conflicts(rows) if id == self.pending.list => self.conflicts_loaded(rows),
            Answer::Resolved(c) if id == self.pending.resolve => self.conflict_resolved(*c),
            Answer::Written(path, rows) if id == self.pending.ledger => {
                self.paper_written(path, rows)
            }
            Answer::History(lines) if id == self.pending.proposal => {
                self.overlay = Overlay::History {
                    lines: group_history(lines),
                    scroll: 0,
                };
                Vec::new()
            }
            _ => {
                // Keep a frame that earlier events asked for; ask for none ourselves.
                self.dirty = before;
                Vec::new()
            }
        }
    }

    fn failed(&mut self, id: u64, msg: String) -> Vec<Request> {
        // The store and the server write English; the catalogue renders it in the UI's language.
        if id == self.pending.sync {
            // A store or server that keeps no sync status: the status bar says nothing of it.
            return Vec::new();
        }
        let raw = msg;
        let msg = crate::i18n::localize(&raw, self.lang);
        if self.captain_failed(id, &msg) {
            return Vec::new();
        }
        if self.campaign_failed(id, &msg) {
            return self.campaign_after_failure();
        }
        if let Some(reqs) = self.sweep_campaign_failed(id, &msg) {
            return reqs;
        }
        if id == self.pending.ledger {
            // The file was not written; the next Enter may try again.
            self.pending.ledger = 0;
        }
        if self.sweep_saves.contains_key(&id) {
            self.status = Some(format!("{}: {msg}", self.lang.strings().error));
            return self.sweep_failed(id);
        }
        if id == self.pending.save {
            if let Overlay::Form(f) = &mut self.overlay {
                f.saving = false;
                f.error = Some(msg);
                return self.roster_failed(&raw);
            }
        }
        if id == self.pending.open {
            // No form after all: what was typed for it has nowhere to go.
            self.opening = None;
            self.typeahead.clear();
        }
        self.households_loading = false;
        self.status = Some(format!("{}: {msg}", self.lang.strings().error));
        Vec::new()
    }

    /// Another session changed records or opened a form: refresh what shows them.
    pub fn on_server(&mut self, e: crate::server::protocol::ServerEvent) -> Vec<Request> {
        use crate::server::protocol::ServerEvent;
        self.dirty = true;
        match e {
            ServerEvent::Presence(p) => {
                self.presence = p;
                Vec::new()
            }
            ServerEvent::Changed { households, .. } => {
                let mut reqs = Vec::new();
                let shown = households
                    .iter()
                    .any(|h| self.households.iter().any(|r| r.id == *h));
                if shown && !self.households_loading {
                    if let Some(b) = self.households_of {
                        self.select_after_load = self.selected_household().map(|h| h.id);
                        reqs.push(self.request(Query::Households(b)));
                    }
                }
                // The household in the detail pane changed elsewhere: show it as it is now.
                if let Some(d) = self
                    .detail
                    .as_ref()
                    .filter(|d| households.contains(&d.household.id))
                {
                    let id = d.household.id;
                    reqs.push(self.request(Query::Detail(id)));
                }
                reqs.extend(self.reload_list());
                reqs.extend(self.campaigns_changed(&households));
                reqs.extend(self.sweep_campaign_changed(&households));
                if !matches!(self.screen, Screen::Conflicts(_)) && !self.sent_down() {
                    reqs.push(self.request(Query::SyncStatus));
                }
                reqs
            }
        }
    }

    /// Who else is filling in a form on this household.
    pub fn editing_here(&self, household: Id) -> Vec<&str> {
        self.presence
            .iter()
            .filter(|(h, _)| *h == household)
            .map(|(_, u)| u.as_str())
            .collect()
    }

    pub fn selected_household(&self) -> Option<&HouseholdRow> {
        self.households.get(self.hh_cursor)
    }
}

/// Runs of like history lines (the same minute, person, kind of record and change) as one,
/// with how many: the demo writes a household's whole year of visits in one moment.
fn group_history(
    lines: Vec<crate::store::audit::HistoryLine>,
) -> Vec<(crate::store::audit::HistoryLine, usize)> {
    let mut out: Vec<(crate::store::audit::HistoryLine, usize)> = Vec::new();
    for l in lines {
        match out.last_mut() {
            Some((prev, n))
                if prev.at / 60 == l.at / 60
                    && prev.by == l.by
                    && prev.tree == l.tree
                    && prev.change == l.change
                    && prev.detail == l.detail =>
            {
                *n += 1
            }
            _ => out.push((l, 1)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::group_history;
    use crate::store::audit::{Change, HistoryLine};

    fn line(at: i64, by: &str, tree: &str, change: Change) -> HistoryLine {
        HistoryLine {
            at,
            by: by.into(),
            tree: tree.into(),
            change,
            detail: String::new(),
        }
    }

    #[test]
    fn like_history_lines_in_the_same_minute_are_counted_as_one() {
        let t = 1_796_191_920; // on the minute: t - 1 is the one before
        let lines = vec![
            line(t + 70, "wangfang", "visits", Change::Created),
            line(t + 5, "demo", "households", Change::Created),
            line(t + 5, "demo", "visits", Change::Created),
            line(t + 4, "demo", "visits", Change::Created),
            line(t, "demo", "visits", Change::Created),
            line(t, "demo", "visits", Change::Changed),
            line(t - 1, "demo", "visits", Change::Created),
        ];
        let grouped: Vec<(i64, String, usize)> = group_history(lines)
            .into_iter()
            .map(|(l, n)| (l.at, format!("{} {} {:?}", l.by, l.tree, l.change), n))
            .collect();
        assert_eq!(
            grouped,
            vec![
                (t + 70, "wangfang visits Created".to_string(), 1),
                (t + 5, "demo households Created".to_string(), 1),
                (t + 5, "demo visits Created".to_string(), 3),
                (t, "demo visits Changed".to_string(), 1),
                (t - 1, "demo visits Created".to_string(), 1),
            ]
        );
    }

    #[test]
    fn history_lines_whose_before_and_after_differ_stay_apart() {
        let t = 1_796_191_920;
        let with = |detail: &str| HistoryLine {
            detail: detail.into(),
            ..line(t, "zhangli", "residents", Change::Changed)
        };
        let lines = vec![
            with("电话 138****0102 → 137****1111"),
            with("电话 138****0102 → 137****1111"),
            with("姓名 李娟 → 李娟娟"),
        ];
        let grouped: Vec<(String, usize)> = group_history(lines)
            .into_iter()
            .map(|(l, n)| (l.detail, n))
            .collect();
        assert_eq!(
            grouped,
            vec![
                ("电话 138****0102 → 137****1111".to_string(), 2),
                ("姓名 李娟 → 李娟娟".to_string(), 1),
            ]
        );
    }
}

//! Operations on agenda items (议题) and meetings (议事协商): raising an item, moving it on,
//! deciding it, notes, the open-decisions list, and meetings, each in the caller's scope.

use serde::{Deserialize, Serialize};

use super::{Cx, Request, Result};
use crate::model::agenda::open_decisions;
use crate::model::scope::Scope;
use crate::model::time::{now, Day};
use crate::model::{
    Address, AgendaItem, AgendaKind, AgendaState, Decision, Household, Id, Meeting, MeetingKind,
    RaisedBy,
};
use crate::store::sync::Place;

/// Whether a caller of this scope may see and write a record lying at `p`: an item of a
/// household's grid for whoever sees the grid; a community's own item or meeting for staff
/// whose scope covers the community.
pub fn in_scope(scope: &Scope, p: Place) -> bool {
    match p {
        Place::Map => scope.all,
        Place::At { community, grid } => scope.sees(community, grid),
        Place::Community(c) => scope.may_restructure(c),
    }
}

/// Raises an agenda item: in its household's grid, or in `community` as a whole.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AddAgendaItem {
    /// The community of an item a unit or staff raise (a household's own is taken instead).
    pub community: Id,
    pub topic: String,
    pub kind: AgendaKind,
    pub raised_by: RaisedBy,
    pub raised: Day,
}

impl Request for AddAgendaItem {
    type Reply = AgendaItem;
    fn handle(self, cx: &Cx) -> Result<AgendaItem> {
        let item = AgendaItem::new(
            self.community,
            &self.topic,
            self.kind,
            self.raised_by,
            self.raised,
        );
        let scope = &cx.scope;
        Ok(cx
            .store
            .add_agenda_item(&cx.user, &item, &|p| in_scope(scope, p))?)
    }
    fn touches(&self, _cx: &Cx) -> Option<Vec<Id>> {
        Some(match self.raised_by {
            RaisedBy::Household(h) => vec![h],
            _ => Vec::new(),
        })
    }
}

/// One item as the lists show it, with the address of the household that raised it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgendaLine {
    pub item: AgendaItem,
    pub address: Option<Address>,
}

fn lines(cx: &Cx, keep: &dyn Fn(&AgendaItem) -> bool) -> Result<Vec<AgendaLine>> {
    let scope = &cx.scope;
    let mut out = Vec::new();
    for item in cx.store.agenda_items(&|p| in_scope(scope, p))? {
        if !keep(&item) {
            continue;
        }
        let address = match item.household() {
            Some(h) => cx.store.get_id::<Household>(h)?.map(|h| h.address),
            None => None,
        };
        out.push(AgendaLine { item, address });
    }
    Ok(out)
}

/// The agenda items in the caller's scope, oldest first; only those still open if asked.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct AgendaItems {
    pub open: bool,
}

impl Request for AgendaItems {
    type Reply = Vec<AgendaLine>;
    const RESEND: bool = true;
    fn handle(self, cx: &Cx) -> Result<Vec<AgendaLine>> {
        lines(cx, &|i| !self.open || i.state.is_open())
    }
}

/// The open-decisions list on a day: decided or being carried out, overdue first, then by
/// due day.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct OpenDecisions {
    pub today: Day,
}

impl Request for OpenDecisions {
    type Reply = Vec<AgendaLine>;
    const RESEND: bool = true;
    fn handle(self, cx: &Cx) -> Result<Vec<AgendaLine>> {
        let all = lines(cx, &|i| i.state.is_open_decision())?;
        let mut items: Vec<AgendaItem> = all.iter().map(|l| l.item.clone()).collect();
        open_decisions(&mut items, self.today);
        Ok(items
            .into_iter()
            .filter_map(|i| all.iter().find(|l| l.item.id == i.id).cloned())
            .collect())
    }
}

/// Changes an item of the caller's scope with `f`.
fn change(
    cx: &Cx,
    id: Id,
    f: &(dyn Fn(&mut AgendaItem) -> std::result::Result<(), crate::model::Invalid> + Sync),
) -> Result<AgendaItem> {
    let scope = &cx.scope;
    Ok(cx
        .store
        .change_agenda_item(&cx.user, id, f, &|p| in_scope(scope, p))?)
}

fn household_of(cx: &Cx, id: Id) -> Option<Vec<Id>> {
    let i = cx.store.get_id::<AgendaItem>(id).ok().flatten();
    Some(i.and_then(|i| i.household()).into_iter().collect())
}

/// Moves an item to a next state (受理, 不予受理 with the reason, 协商中, 落实中, 已办结,
/// 已公示), with a note; `today` is the day it is finished, if it is.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AdvanceAgendaItem {
    pub item: Id,
    pub to: AgendaState,
    pub note: String,
    pub today: Day,
}

impl Request for AdvanceAgendaItem {
    type Reply = AgendaItem;
    fn handle(self, cx: &Cx) -> Result<AgendaItem> {
        let by = cx.user.clone();
        change(cx, self.item, &|i| {
            i.advance(self.to, &self.note, &by, now(), self.today)
        })
    }
    fn touches(&self, cx: &Cx) -> Option<Vec<Id>> {
        household_of(cx, self.item)
    }
}

/// 已决议: an item under deliberation is decided, with its owner and due day.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DecideAgendaItem {
    pub item: Id,
    pub decision: String,
    pub owner: String,
    pub due: Day,
}

impl Request for DecideAgendaItem {
    type Reply = AgendaItem;
    fn handle(self, cx: &Cx) -> Result<AgendaItem> {
        let by = cx.user.clone();
        let d = Decision {
            text: self.decision.clone(),
            owner: self.owner.clone(),
            due: self.due,
        };
        change(cx, self.item, &|i| i.decide(d.clone(), &by, now()))
    }
    fn touches(&self, cx: &Cx) -> Option<Vec<Id>> {
        household_of(cx, self.item)
    }
}

/// A note on an item, at whatever state it is in.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct NoteAgendaItem {
    pub item: Id,
    pub text: String,
}

impl Request for NoteAgendaItem {
    type Reply = AgendaItem;
    fn handle(self, cx: &Cx) -> Result<AgendaItem> {
        let by = cx.user.clone();
        change(cx, self.item, &|i| i.note(&self.text, &by, now()))
    }
    fn touches(&self, cx: &Cx) -> Option<Vec<Id>> {
        household_of(cx, self.item)
    }
}

/// Records a meeting of a community in the caller's scope, with the items it discussed.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AddMeeting {
    pub community: Id,
    pub kind: MeetingKind,
    pub date: Day,
    pub chair: String,
    pub present: Vec<String>,
    pub absent: Vec<String>,
    pub items: Vec<Id>,
}

impl Request for AddMeeting {
    type Reply = Meeting;
    fn handle(self, cx: &Cx) -> Result<Meeting> {
        let m = Meeting {
            id: 0,
            community: self.community,
            kind: self.kind,
            date: self.date,
            chair: self.chair,
            present: self.present,
            absent: self.absent,
            items: self.items,
        };
        let scope = &cx.scope;
        Ok(cx
            .store
            .add_meeting(&cx.user, &m, &|p| in_scope(scope, p))?)
    }
    fn touches(&self, cx: &Cx) -> Option<Vec<Id>> {
        let mut out: Vec<Id> = self
            .items
            .iter()
            .filter_map(|&i| household_of(cx, i))
            .flatten()
            .collect();
        out.sort_unstable();
        out.dedup();
        Some(out)
    }
}

/// The meetings of the communities in the caller's scope, by date.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Meetings;

impl Request for Meetings {
    type Reply = Vec<Meeting>;
    const RESEND: bool = true;
    fn handle(self, cx: &Cx) -> Result<Vec<Meeting>> {
        let scope = &cx.scope;
        Ok(cx.store.meetings(&|p| in_scope(scope, p))?)
    }
}

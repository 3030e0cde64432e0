//! Keeping the roster true from the household: the resident selected in the detail pane, the
//! roster forms opened and saved, a duplicate ID number offered as a move, replies shown.

use super::{App, Opening, Overlay, Pane};
use crate::api::roster::{MakeHead, MoveResident, PersonByIdNumber};
use crate::api::{Op, Reply};
use crate::model::address::AddressQuery;
use crate::model::place::community_named;
use crate::model::{Household, Resident};
use crate::store::query::AddressHit;
use crate::store::roster::Saved;
use crate::tr;
use crate::tui::action::Action;
use crate::tui::form::FormKind;
use crate::tui::forms::roster::{self, RosterForm, RosterRequest};
use crate::tui::nav::NodeKind;
use crate::tui::worker::{Query, Request};

impl App {
    /// The resident under the detail pane's cursor: current residents first, then former.
    pub fn selected_resident(&self) -> Option<&Resident> {
        let d = self.detail.as_ref()?;
        d.residents.iter().chain(&d.former).nth(self.res_cursor)
    }

    /// ↑/↓ in the detail pane move along its residents.
    pub(super) fn move_resident_cursor(&mut self, delta: isize) {
        let n = self
            .detail
            .as_ref()
            .map_or(0, |d| d.residents.len() + d.former.len());
        let last = n.saturating_sub(1) as isize;
        self.res_cursor = (self.res_cursor as isize + delta).clamp(0, last.max(0)) as usize;
    }

    /// The roster actions of the browse screen.
    pub(super) fn roster_action(&mut self, action: Action) -> Vec<Request> {
        match action {
            Action::EditHousehold => self.start_opening(Opening::Roster(RosterForm::Household)),
            Action::AddResident => self.start_opening(Opening::Roster(RosterForm::AddResident)),
            Action::AddHousehold => self.open_new_household(None),
            _ => {
                let Some(r) = self
                    .selected_resident()
                    .filter(|_| self.focus == Pane::Detail)
                    .map(|r| (r.id, r.name.clone(), r.is_current()))
                else {
                    let key = self.next_pane_key();
                    self.say(
                        &format!("请先选一位居民：按 {key} 到详情栏，用 ↑↓ 选"),
                        &format!("Select a resident first: {key} to the detail pane, then ↑↓"),
                    );
                    return Vec::new();
                };
                let (id, name, current) = r;
                if !current && action != Action::EditResident {
                    self.say(
                        &format!("{name}已不在本户居住"),
                        &format!("{name} no longer lives here"),
                    );
                    return Vec::new();
                }
                match action {
                    Action::EditResident => {
                        self.start_opening(Opening::Roster(RosterForm::EditResident(id)))
                    }
                    Action::ResidentLeaves => {
                        self.start_opening(Opening::Roster(RosterForm::Leave(id)))
                    }
                    Action::MoveResident => {
                        self.start_opening(Opening::Roster(RosterForm::Move(id)))
                    }
                    Action::MakeHead => {
                        vec![self.request(Query::Call(Box::new(MakeHead(id).into_call())))]
                    }
                    _ => Vec::new(),
                }
            }
        }
    }

    /// The new-household form on the building selected in the tree (or the draft's).
    pub(super) fn open_new_household(
        &mut self,
        draft: Option<crate::model::draft::Draft>,
    ) -> Vec<Request> {
        let building = match &draft {
            Some(d) => Some((d.target, None, d.label.clone())),
            None => self.tree.selected().and_then(|n| match n.kind {
                NodeKind::Building(b) => {
                    Some((b, Some(n.number), format!("{} {}", n.name, n.number)))
                }
                _ => None,
            }),
        };
        let Some((building, number, label)) = building else {
            self.say("请先在左边选一栋楼", "Select a building on the left first");
            return Vec::new();
        };
        let label = match (number, self.lang) {
            (Some(n), crate::tui::i18n::Lang::Zh) => format!("{n}栋"),
            (Some(n), crate::tui::i18n::Lang::En) => format!("building {n}"),
            (None, _) => label,
        };
        let mut form = roster::new_household(self.lang, building, number, &label);
        if let Some(d) = &draft {
            form.restore(d);
            self.say("已恢复上次未保存的内容", "Your unsaved text is back");
        }
        self.form_household = None;
        self.overlay = Overlay::Form(Box::new(form));
        Vec::new()
    }

    /// A roster form's request: the operation, or first where the resident moves to.
    pub(super) fn roster_query(&mut self, req: RosterRequest) -> Query {
        match req {
            RosterRequest::Call(call) => Query::Call(call),
            RosterRequest::Find { within, query, .. } => {
                let here = self.form_household.as_ref().map(|d| d.household.community);
                let community = match within {
                    None => here,
                    Some(name) => {
                        let communities = self.tree.communities();
                        community_named(&communities, |c| c.1, &name)
                            .ok()
                            .map(|c| c.0)
                            .or(here)
                    }
                };
                Query::FindAddress(query, community)
            }
        }
    }

    /// The household at the address a resident is to move to: the move is sent, or the form
    /// says why not.
    pub(super) fn move_target_found(
        &mut self,
        q: AddressQuery,
        hits: Vec<AddressHit>,
    ) -> Vec<Request> {
        let Overlay::Form(form) = &mut self.overlay else {
            return Vec::new();
        };
        let FormKind::Move {
            resident,
            household,
        } = form.kind
        else {
            return Vec::new();
        };
        let typed = form.field("address").text();
        let here: Vec<&AddressHit> = hits.iter().filter(|h| q.matches(&h.address)).collect();
        let problem = match here.as_slice() {
            [] => Some(tr!(
                self.lang,
                "{typed} 没有住户；先在那栋楼按 n 新建一户",
                "there is no household at {typed}; add one in its building first"
            )),
            [one] if one.household == household => Some(tr!(
                self.lang,
                "已经住在 {typed}",
                "they already live at {typed}"
            )),
            [_] => None,
            _ => Some(tr!(
                self.lang,
                "几个社区都有 {typed}；请在地址前写社区名，如 桥岭社区 {typed}",
                "several communities have {typed}; write the community first, such as 桥岭社区 {typed}"
            )),
        };
        if let Some(p) = problem {
            form.saving = false;
            form.set_error("address", Some(p));
            form.focus_first_error(self.lang);
            return Vec::new();
        }
        let to = here[0].household;
        vec![self.request(Query::Call(Box::new(
            MoveResident { resident, to }.into_call(),
        )))]
    }

    /// A reply to a roster operation.
    pub(super) fn roster_replied(&mut self, reply: Reply) -> Vec<Request> {
        match reply {
            Reply::EditHousehold(s)
            | Reply::AddResident(s)
            | Reply::EditResident(s)
            | Reply::MakeHead(s)
            | Reply::ResidentLeaves(s)
            | Reply::MoveResident(s)
            | Reply::AddHousehold(s) => self.roster_saved(*s),
            Reply::PersonByIdNumber(p) => {
                self.offer_move(*p);
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    /// The ID number typed is on file: ask whether to move its holder here instead.
    fn offer_move(&mut self, holder: Option<(Resident, Household)>) {
        let Overlay::Form(form) = &mut self.overlay else {
            return;
        };
        let FormKind::AddResident { household } = form.kind else {
            return;
        };
        if let Some((r, h)) = holder.filter(|(_, h)| h.id != household) {
            let (name, at) = (&r.name, h.address);
            let question = tr!(
                self.lang,
                "{name} 已登记在 {at}。把{name}迁到这户吗？ y 迁来  n 不迁",
                "{name} is registered at {at}. Move them here? y move  n don't"
            );
            form.offer_move = Some((r.id, question));
        }
    }

    /// y on the offer: the holder of the ID number moves here; n: back to the form.
    pub(super) fn answer_offer(&mut self, action: Action) -> Vec<Request> {
        let Overlay::Form(form) = &mut self.overlay else {
            return Vec::new();
        };
        let (Some((resident, _)), FormKind::AddResident { household }) =
            (form.offer_move.clone(), form.kind)
        else {
            return Vec::new();
        };
        match action {
            Action::Confirm => {
                form.offer_move = None;
                form.saving = true;
                vec![self.request(Query::Call(Box::new(
                    MoveResident {
                        resident,
                        to: household,
                    }
                    .into_call(),
                )))]
            }
            Action::Cancel | Action::Discard => {
                form.offer_move = None;
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    /// A save of an add-resident form failed: an ID number on file is offered as a move.
    pub(super) fn roster_failed(&mut self, msg: &str) -> Vec<Request> {
        let Overlay::Form(form) = &self.overlay else {
            return Vec::new();
        };
        if !matches!(form.kind, FormKind::AddResident { .. }) || !msg.contains("move them here") {
            return Vec::new();
        }
        let id: String = form
            .field("id_number")
            .text()
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        let q = Query::Call(Box::new(
            PersonByIdNumber(id.to_ascii_uppercase()).into_call(),
        ));
        vec![self.request(q)]
    }

    /// A roster write went in: the form closes, the status says so (with any warning), and
    /// the household list and detail show it.
    fn roster_saved(&mut self, s: Saved) -> Vec<Request> {
        let mut reqs = match &self.overlay {
            Overlay::Form(_) => self.close_form(true),
            _ => Vec::new(),
        };
        let warnings: Vec<String> = s
            .warnings
            .iter()
            .map(|w| crate::i18n::localize(w, self.lang))
            .collect();
        let who = s
            .resident
            .as_ref()
            .map(|r| r.name.clone())
            .unwrap_or_default();
        let at = s.household.address;
        let saved = tr!(self.lang, "已保存 {at} {who}", "Saved: {at} {who}");
        self.status = Some(match warnings.is_empty() {
            true => saved.trim_end().to_string(),
            false => format!("{}；{}", saved.trim_end(), warnings.join("；")),
        });
        let mut ids = s.households.clone();
        ids.push(s.household.id);
        if self.households_of == Some(s.household.building) {
            self.select_after_load = self
                .selected_household()
                .map(|h| h.id)
                .filter(|h| ids.contains(h))
                .or(Some(s.household.id));
            reqs.push(self.request(Query::Households(s.household.building)));
        } else if let Some(d) = self
            .detail
            .as_ref()
            .filter(|d| ids.contains(&d.household.id))
        {
            let id = d.household.id;
            reqs.push(self.request(Query::Detail(id)));
        }
        reqs
    }
}

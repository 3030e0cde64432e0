//! Forms at work: opening them on a household, saving, asking before leaving, and drafts.

use super::{App, Opening, Overlay, Screen};
use crate::model::draft::{draft_key, Draft, DraftKind};
use crate::model::time::now;
use crate::model::{Dispute, FollowUp};
use crate::store::ops::SavedVisit;
use crate::store::query::HouseholdDetail;
use crate::tui::action::Action;
use crate::tui::form::FormKind;
use crate::tui::forms;
use crate::tui::forms::roster::RosterForm;
use crate::tui::worker::{Query, Request};

impl App {
    /// This keymap's key for the next pane, to say how to get somewhere.
    pub(super) fn next_pane_key(&self) -> String {
        self.keymap
            .keys_for(super::Mode::Browse, Action::NextPane)
            .first()
            .map_or_else(|| "tab".to_string(), |k| k.to_string())
    }

    /// Opens a form on the selected household once its detail is at hand.
    pub(super) fn start_opening(&mut self, opening: Opening) -> Vec<Request> {
        let Some(h) = self.selected_household().map(|h| h.id) else {
            // Say how to get to a household with this keymap's key for the next pane.
            let key = self.next_pane_key();
            self.say(
                &format!("请先选一户：在左边选一栋楼，按 {key} 到住户列表"),
                &format!("Select a household first: pick a building on the left, then {key} to the household list"),
            );
            return Vec::new();
        };
        self.open_on(h, opening, None)
    }

    pub(super) fn open_on(
        &mut self,
        household: u64,
        opening: Opening,
        draft: Option<Draft>,
    ) -> Vec<Request> {
        if let Some(d) = self.detail.clone().filter(|d| d.household.id == household) {
            self.opening = Some((opening, draft));
            return self.open_with(d);
        }
        self.opening = Some((opening, draft));
        let req = self.request(Query::Detail(household));
        self.pending.open = req.id;
        vec![req]
    }

    /// The household's detail arrived: build the form that was asked for.
    pub(super) fn open_with(&mut self, d: HouseholdDetail) -> Vec<Request> {
        self.pending.open = 0;
        let Some((opening, draft)) = self.opening.take() else {
            return Vec::new();
        };
        let typed = std::mem::take(&mut self.typeahead);
        let opening = match opening {
            Opening::StepOf(id, kind) => match d.disputes.iter().find(|x| x.id == id) {
                Some(x) => Opening::Step(Box::new(x.clone()), kind),
                None => {
                    self.say(
                        "这件纠纷已结案或不在了，草稿无法恢复",
                        "That case is closed or gone; the draft cannot be resumed",
                    );
                    return Vec::new();
                }
            },
            Opening::DoneOf(id) => match d.followups.iter().find(|x| x.id == id) {
                Some(x) => Opening::Done(Box::new(x.clone())),
                None => {
                    self.say(
                        "这项待办已办结或不在了，草稿无法恢复",
                        "That follow-up is done or gone; the draft cannot be resumed",
                    );
                    return Vec::new();
                }
            },
            other => other,
        };
        let now = now();
        let mut reqs = Vec::new();
        let mut form = match opening {
            Opening::Visit => forms::visit::new(self.lang, &d, &self.user, now),
            Opening::Amend => match d.visits.first() {
                Some(old) => forms::visit::amend(self.lang, &d, old, &self.user, now),
                None => {
                    self.say(
                        "这户还没有走访记录可更正",
                        "This household has no visit to correct",
                    );
                    return reqs;
                }
            },
            Opening::Dispute => {
                let a = d.household.address;
                let place = match self.lang {
                    crate::tui::i18n::Lang::Zh => {
                        format!("{}栋{}单元{}室", a.building, a.entrance, a.room)
                    }
                    crate::tui::i18n::Lang::En => a.to_string(),
                };
                let door = forms::dispute::Door {
                    household: Some(d.household.id),
                    community: d.household.community,
                    grid: d.household.grid,
                    place,
                    residents: &d.residents,
                };
                forms::dispute::new(self.lang, &door, &self.user, now)
            }
            Opening::Step(dispute, kind) => {
                let req = self.request(Query::DisputeNotes(dispute.id));
                reqs.push(req);
                forms::dispute::step(self.lang, &dispute, &[], kind)
            }
            Opening::Done(f) => {
                forms::followup::done(self.lang, &f, &d.household.address.to_string())
            }
            Opening::Roster(which) => match forms::roster::open(self.lang, &d, which, self.today) {
                Some(f) => f,
                None => {
                    self.say(
                        "这位居民已不在这户，草稿无法恢复",
                        "That resident is no longer in this household; the draft cannot be resumed",
                    );
                    return reqs;
                }
            },
            Opening::StepOf(..) | Opening::DoneOf(_) => return Vec::new(),
        };
        if let Some(draft) = &draft {
            form.restore(draft);
            self.say("已恢复上次未保存的内容", "Your unsaved text is back");
        }
        reqs.push(self.request(Query::Editing(Some(d.household.id))));
        self.form_household = Some(d);
        self.overlay = Overlay::Form(Box::new(form));
        for ev in typed {
            // Keys typed while the form was opening, in the order they came.
            reqs.extend(match ev {
                crossterm::event::Event::Key(k) => self.on_key(k),
                crossterm::event::Event::Paste(p) => self.on_paste(&p),
                _ => Vec::new(),
            });
        }
        reqs
    }

    /// A dispute's timeline arrived for the step form.
    pub(super) fn notes_loaded(
        &mut self,
        dispute: u64,
        notes: Vec<crate::model::MediationNote>,
    ) -> Vec<Request> {
        if let Overlay::Form(f) = &mut self.overlay {
            if matches!(f.kind, FormKind::DisputeStep { dispute: d, .. } if d == dispute) {
                f.context = forms::dispute::timeline(self.lang, &notes);
            }
        }
        if let Screen::Disputes(list) = &mut self.screen {
            if let Some(at) = &mut list.timeline {
                *at = (*at).min(notes.len().saturating_sub(1));
            }
            list.notes = Some((dispute, notes));
        }
        Vec::new()
    }

    pub(super) fn form_action(&mut self, action: Action) -> Vec<Request> {
        let Overlay::Form(form) = &mut self.overlay else {
            return Vec::new();
        };
        if form.offer_move.is_some() {
            return self.answer_offer(action);
        }
        if form.asking_leave {
            return match action {
                Action::Confirm | Action::Discard => {
                    self.quit = form.leave_quits;
                    self.close_form(true)
                }
                Action::Cancel => {
                    form.asking_leave = false;
                    form.leave_quits = false;
                    Vec::new()
                }
                _ => Vec::new(),
            };
        }
        match action {
            Action::NextField => form.move_focus(1),
            Action::PrevField => form.move_focus(-1),
            Action::Cancel => {
                if form.changed {
                    form.asking_leave = true;
                } else {
                    return self.close_form(false);
                }
            }
            Action::Save => return self.save_form(),
            Action::Help => {}
            _ => {}
        }
        Vec::new()
    }

    /// Checks the form and sends it; nothing is saved, and nothing typed is lost, until it is valid.
    fn save_form(&mut self) -> Vec<Request> {
        let Overlay::Form(mut form) = std::mem::replace(&mut self.overlay, Overlay::None) else {
            return Vec::new();
        };
        form.tried = true;
        form.error = None;
        let now = now();
        let residents = self
            .form_household
            .as_ref()
            .map(|d| d.residents.clone())
            .unwrap_or_default();
        let query = match form.kind {
            FormKind::Visit { .. } => forms::visit::request(&mut form, self.lang, now).map(|v| {
                Query::SaveVisit(Box::new(v), forms::visit::wishes(&form, self.lang, now))
            }),
            FormKind::Dispute { .. } => {
                forms::dispute::request(&mut form, self.lang, &residents, &self.user, now)
                    .map(|(d, note)| Query::OpenDispute(Box::new(d), note))
            }
            FormKind::DisputeStep { .. } => {
                forms::dispute::step_request(&mut form, self.lang).map(Query::AdvanceDispute)
            }
            FormKind::FollowUpDone { .. } => forms::followup::done_request(&mut form, self.lang)
                .map(|(id, note)| Query::CompleteFollowUp(id, note)),
            _ => forms::roster::request(&mut form, self.lang, self.form_household.as_ref())
                .map(|r| self.roster_query(r)),
        };
        let reqs = match query {
            Some(q) => {
                form.saving = true;
                let find = matches!(q, Query::FindAddress(..));
                let req = self.request(q);
                if find {
                    // Where a resident moves to: answered to the form, not the `:` line.
                    self.pending.find = 0;
                    self.pending.save = req.id;
                }
                vec![req]
            }
            None => {
                form.focus_first_error(self.lang);
                Vec::new()
            }
        };
        self.overlay = Overlay::Form(form);
        reqs
    }

    /// Closes the form; its draft goes too when `drop_draft`.
    pub(super) fn close_form(&mut self, drop_draft: bool) -> Vec<Request> {
        let Overlay::Form(form) = std::mem::replace(&mut self.overlay, Overlay::None) else {
            return Vec::new();
        };
        let mut reqs = Vec::new();
        if drop_draft || form.changed {
            let (kind, target) = form.draft_target();
            reqs.push(self.request(Query::DeleteDraft(draft_key(&self.user, kind, target))));
        }
        self.form_household = None;
        reqs.push(self.request(Query::Editing(None)));
        reqs
    }

    /// A field changed: check the form again (errors show beside touched fields) and keep a draft.
    pub(super) fn after_field_change(&mut self) -> Vec<Request> {
        let user = self.user.clone();
        let household = self.form_household.as_ref().map(|d| d.household.id);
        let residents = self
            .form_household
            .as_ref()
            .map(|d| d.residents.clone())
            .unwrap_or_default();
        let lang = self.lang;
        let detail = self.form_household.clone();
        let Overlay::Form(form) = &mut self.overlay else {
            return Vec::new();
        };
        if !form.changed {
            return Vec::new();
        }
        let now = now();
        let tried = form.tried;
        match form.kind {
            FormKind::Visit { .. } => drop(forms::visit::request(form, lang, now)),
            FormKind::Dispute { .. } => {
                drop(forms::dispute::request(form, lang, &residents, &user, now))
            }
            FormKind::DisputeStep { .. } => drop(forms::dispute::step_request(form, lang)),
            FormKind::FollowUpDone { .. } => drop(forms::followup::done_request(form, lang)),
            _ => drop(forms::roster::request(form, lang, detail.as_ref())),
        }
        if tried {
            form.sum_up(lang);
        } else {
            for f in &mut form.fields {
                if !f.touched {
                    f.error = None;
                }
            }
        }
        let mut draft = form.to_draft(&user, now);
        if let Some(h) = household {
            draft.values.push(("_household".into(), h.to_string()));
        }
        if let FormKind::DisputeStep { kind, .. } = form.kind {
            draft.values.push(("_step".into(), format!("{kind:?}")));
        }
        vec![self.request(Query::PutDraft(Box::new(draft)))]
    }

    pub(super) fn visit_saved(&mut self, v: SavedVisit) -> Vec<Request> {
        let mut reqs = self.close_form(true);
        let address = self
            .form_household
            .as_ref()
            .map(|d| d.household.address.to_string())
            .unwrap_or_default();
        let n = v.followups.len();
        self.status = Some(match self.lang {
            crate::tui::i18n::Lang::Zh if n > 0 => format!("已保存走访，另排了 {n} 项待办"),
            crate::tui::i18n::Lang::Zh => "已保存走访".to_string(),
            crate::tui::i18n::Lang::En if n > 0 => {
                format!(
                    "Visit saved, with {}",
                    crate::i18n::count(n, "follow-up", "follow-ups")
                )
            }
            crate::tui::i18n::Lang::En => "Visit saved".to_string(),
        });
        let _ = address;
        let n = v.wishes.len();
        if n > 0 {
            let more = match self.lang {
                crate::tui::i18n::Lang::Zh => format!("，记下 {n} 个微心愿"),
                crate::tui::i18n::Lang::En => {
                    format!(", and {}", crate::i18n::count(n, "wish", "wishes"))
                }
            };
            if let Some(s) = &mut self.status {
                s.push_str(&more);
            }
            // The household on show lists the wishes saved with the visit.
            if let Some(h) = self.detail.as_ref().map(|d| d.household.id) {
                reqs.push(self.request(Query::Detail(h)));
            }
        }
        reqs.extend(self.refresh_building(v.visit.household));
        reqs.extend(self.reload_list());
        reqs
    }

    pub(super) fn dispute_saved(&mut self, d: Dispute) -> Vec<Request> {
        let done = match &self.overlay {
            Overlay::Form(f) => match f.kind {
                FormKind::DisputeStep { kind, .. } => Some(kind),
                _ => None,
            },
            _ => None,
        };
        let mut reqs = self.close_form(true);
        let said = match done {
            Some(forms::dispute::StepKind::Note) => self.lang.pick("已记下调解情况：", "Noted: "),
            Some(forms::dispute::StepKind::Reopen) => self.lang.pick("已重新打开：", "Reopened: "),
            _ => "",
        };
        self.status = Some(format!(
            "{said}{} · {}",
            d.title,
            self.lang.dispute_status(d.status)
        ));
        if let Some(h) = d.household {
            reqs.extend(self.refresh_building(h));
        }
        reqs.extend(self.reload_list());
        reqs
    }

    pub(super) fn followup_done(&mut self, f: FollowUp) -> Vec<Request> {
        let mut reqs = self.close_form(true);
        self.say(
            &format!("已办结：{}", f.title),
            &format!("Done: {}", f.title),
        );
        reqs.extend(self.refresh_building(f.household));
        reqs.extend(self.reload_list());
        reqs
    }

    /// Drafts left behind by a process that died: offer them.
    pub(super) fn drafts_found(&mut self, drafts: Vec<Draft>) -> Vec<Request> {
        if !drafts.is_empty() && !self.drafts_offered && matches!(self.overlay, Overlay::None) {
            self.drafts_offered = true;
            self.overlay = Overlay::Resume {
                drafts,
                selected: 0,
            };
        }
        Vec::new()
    }

    pub(super) fn resume_action(&mut self, action: Action) -> Vec<Request> {
        let Overlay::Resume { drafts, selected } = &mut self.overlay else {
            return Vec::new();
        };
        match action {
            Action::MoveUp => *selected = selected.saturating_sub(1),
            Action::MoveDown => *selected = (*selected + 1).min(drafts.len().saturating_sub(1)),
            Action::Cancel => self.overlay = Overlay::None,
            Action::Discard => {
                let d = drafts.remove(*selected);
                *selected = (*selected).min(drafts.len().saturating_sub(1));
                if drafts.is_empty() {
                    self.overlay = Overlay::None;
                }
                return vec![self.request(Query::DeleteDraft(d.key()))];
            }
            Action::Confirm => {
                let d = drafts.remove(*selected);
                self.overlay = Overlay::None;
                let household = d
                    .value("_household")
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(d.target);
                let opening = match d.kind {
                    DraftKind::Visit => Opening::Visit,
                    DraftKind::Dispute => Opening::Dispute,
                    DraftKind::DisputeStep => {
                        let kind = match d.value("_step") {
                            Some("Note") => forms::dispute::StepKind::Note,
                            Some("Reopen") => forms::dispute::StepKind::Reopen,
                            _ => forms::dispute::StepKind::Advance,
                        };
                        Opening::StepOf(d.target, kind)
                    }
                    DraftKind::FollowUpDone => Opening::DoneOf(d.target),
                    DraftKind::Household => Opening::Roster(RosterForm::Household),
                    DraftKind::AddResident => Opening::Roster(RosterForm::AddResident),
                    DraftKind::EditResident => Opening::Roster(RosterForm::EditResident(d.target)),
                    DraftKind::LeaveResident => Opening::Roster(RosterForm::Leave(d.target)),
                    DraftKind::MoveResident => Opening::Roster(RosterForm::Move(d.target)),
                    DraftKind::NewHousehold => return self.open_new_household(Some(d)),
                };
                return self.open_on(household, opening, Some(d));
            }
            _ => {}
        }
        Vec::new()
    }

    /// The list screen on show is read again after a write.
    pub(super) fn reload_list(&mut self) -> Vec<Request> {
        match self.screen {
            Screen::Browse | Screen::Ledgers(_) | Screen::Campaign(_) => Vec::new(),
            Screen::Disputes(_) => vec![self.request(Query::Disputes)],
            Screen::Due(_) => vec![self.request(Query::Due(self.today))],
            Screen::Captains(_) => vec![self.request(Query::Captains(self.today))],
            Screen::Reports(_) => vec![self.request(Query::Reports(self.today))],
            Screen::Wishes(_) => self.load_wishes(),
            Screen::Registrants(_) => self.load_registrants(),
            Screen::Coverage(..) => self.load_coverage(),
            Screen::Conflicts(_) => vec![
                self.request(Query::Conflicts),
                self.request(Query::SyncStatus),
            ],
        }
    }
}

impl App {
    /// The case moved on while this user wrote: keep their words, show both versions.
    pub(super) fn stale(&mut self, theirs: Dispute) -> Vec<Request> {
        let Overlay::Form(mut form) = std::mem::replace(&mut self.overlay, Overlay::None) else {
            return Vec::new();
        };
        form.saving = false;
        let mine = forms::dispute::step_request(&mut form, self.lang);
        match mine {
            Some(mine) => {
                self.overlay = Overlay::Conflict {
                    theirs: Box::new(theirs),
                    mine,
                };
            }
            None => self.overlay = Overlay::Form(form),
        }
        Vec::new()
    }

    /// Enter: write my note on the case as it is now (the step form opens again on it, with
    /// my words in it); Esc: let theirs stand and drop mine.
    pub(super) fn conflict_action(&mut self, action: Action) -> Vec<Request> {
        let Overlay::Conflict { theirs, mine } =
            std::mem::replace(&mut self.overlay, Overlay::None)
        else {
            return Vec::new();
        };
        match action {
            Action::Confirm => {
                // The same kind of step again; a reopen someone else made first leaves an
                // open case, on which mine becomes a note.
                let kind = match forms::dispute::StepKind::of(mine.seen, mine.to) {
                    forms::dispute::StepKind::Reopen => forms::dispute::StepKind::Note,
                    k => k,
                };
                if !theirs.status.is_open() {
                    self.say(
                        "这件纠纷已被别人结案；你的内容没有保存",
                        "Someone closed this case; your step was not saved",
                    );
                    return self
                        .close_draft_of(crate::model::draft::DraftKind::DisputeStep, theirs.id);
                }
                let mut form = forms::dispute::step(self.lang, &theirs, &[], kind);
                if let Some(f) = form.field_mut("note") {
                    f.set_value(&mine.note);
                }
                form.changed = true;
                self.overlay = Overlay::Form(Box::new(form));
                vec![self.request(Query::DisputeNotes(theirs.id))]
            }
            Action::Cancel | Action::Discard => {
                self.close_draft_of(crate::model::draft::DraftKind::DisputeStep, theirs.id)
            }
            _ => {
                self.overlay = Overlay::Conflict { theirs, mine };
                Vec::new()
            }
        }
    }

    fn close_draft_of(
        &mut self,
        kind: crate::model::draft::DraftKind,
        target: u64,
    ) -> Vec<Request> {
        self.form_household = None;
        vec![
            self.request(Query::DeleteDraft(draft_key(&self.user, kind, target))),
            self.request(Query::Editing(None)),
        ]
    }
}

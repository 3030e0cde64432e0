//! The work's writes: visits with their follow-ups, dispute steps, follow-ups done, drafts
//! and visit rules, each validated and written in one durable transaction.

use serde::{Deserialize, Serialize};

use super::{codec, keys, Result, Store, StoreError, TreeId, TxResult};
use crate::model::draft::{self, Draft};
use crate::model::rules::VisitRules;
use crate::model::time::{local_day, Day, Instant};
use crate::model::work::Done;
use crate::model::{
    Dispute, DisputeOutcome, DisputeStatus, FollowUp, FollowUpSource, Household, Id, Invalid,
    MediationNote, Resident, Visit, VisitOutcome, VisitPurpose, Wish, WishCategory, WishSource,
};

/// A follow-up asked for while logging a visit: what, and by when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Need {
    pub title: String,
    pub due: Day,
}

/// A visit as entered, before it has an id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewVisit {
    pub household: Id,
    pub at: Instant,
    pub purpose: VisitPurpose,
    pub outcome: VisitOutcome,
    pub met: Vec<Id>,
    pub findings: String,
    pub needs: Vec<Need>,
    /// For not home and revisit: the knock-again that the next meeting settles.
    pub knock_again: Option<Need>,
    /// The visit this one corrects, if it is an amendment.
    pub amends: Option<Id>,
    /// 人口信息核实: the household's roster was confirmed at this visit.
    pub roster_checked: bool,
}

/// The answer to a saved visit: the visit and the follow-ups and wishes it created.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SavedVisit {
    pub visit: Visit,
    pub followups: Vec<FollowUp>,
    #[serde(default)]
    pub wishes: Vec<Wish>,
}

/// One step along a dispute's loop, or its closing; a note at the same step; or reopening.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisputeStep {
    pub dispute: Id,
    pub to: DisputeStatus,
    pub outcome: Option<DisputeOutcome>,
    pub note: String,
    /// The step the case was at when the form was opened: if it has moved since, the
    /// step is refused as stale with the case as it is now, never applied blindly.
    #[serde(default)]
    pub seen: Option<DisputeStatus>,
}

pub(super) const RULES: &[u8] = b"visit_rules";

fn invalid<T>(msg: impl Into<String>) -> TxResult<T> {
    Err(sled::transaction::ConflictableTransactionError::Abort(
        StoreError::Invalid(Invalid::new(msg)),
    ))
}

impl Store {
    /// Saves a visit and turns each need into a follow-up due on its day, owned by the visitor.
    pub fn add_visit(&self, by: &str, v: &NewVisit, now: Instant) -> Result<SavedVisit> {
        self.add_visit_with_wishes(by, v, &[], now)
    }

    /// The same, and each wish heard at the visit (a need line marked 心愿:) becomes a wish of
    /// the household from the visit, due on its day, in the same write: a visit is never
    /// kept without the wishes it brought, nor a wish without its visit.
    pub fn add_visit_with_wishes(
        &self,
        by: &str,
        v: &NewVisit,
        wishes: &[Need],
        now: Instant,
    ) -> Result<SavedVisit> {
        let draft = Visit {
            id: 0,
            household: v.household,
            at: v.at,
            staff: by.to_string(),
            purpose: v.purpose,
            outcome: v.outcome,
            met: v.met.clone(),
            findings: v.findings.clone(),
            amends: v.amends,
            roster_checked: v.roster_checked,
        };
        draft.validate(now)?;
        if let Some(saved) = self.already_saved(by, v)? {
            return Ok(saved);
        }
        // A correction that changes the outcome takes back the knock-agains the corrected
        // visit left open, and brings its own; one that keeps the outcome keeps them.
        let (withdrawn, knock_again) =
            match v.amends.map(|o| self.get_id::<Visit>(o)).transpose()? {
                Some(Some(orig)) if orig.outcome == v.outcome => (Vec::new(), None),
                Some(Some(orig)) => (
                    self.knock_agains(v.household)?
                        .into_iter()
                        .filter(|(_, from)| *from == orig.id)
                        .map(|(f, _)| f)
                        .collect(),
                    v.knock_again.clone(),
                ),
                _ => (Vec::new(), v.knock_again.clone()),
            };
        // Meeting the household settles the knock-agains that not-home and revisit left.
        let settled: Vec<Id> = if v.outcome == VisitOutcome::Met {
            self.knock_agains(v.household)?
                .into_iter()
                .map(|(f, _)| f)
                .filter(|f| !withdrawn.contains(f))
                .collect()
        } else {
            Vec::new()
        };
        if v.needs
            .iter()
            .chain(&v.knock_again)
            .any(|n| n.title.trim().is_empty())
        {
            return Err(
                Invalid::new("a need has no text; say what is needed or remove the line").into(),
            );
        }
        let today = local_day(now);
        if v.needs
            .iter()
            .chain(&v.knock_again)
            .chain(wishes)
            .any(|n| n.due < today)
        {
            return Err(
                Invalid::new("a need is due before today; give today or a later day").into(),
            );
        }
        let wishes: Vec<Wish> = wishes
            .iter()
            .map(|n| {
                let mut w = Wish::new(
                    v.household,
                    &n.title,
                    WishCategory::Other,
                    WishSource::Visit(0),
                    local_day(v.at),
                );
                w.due = Some(n.due);
                w.validate().map(|_| w)
            })
            .collect::<std::result::Result<_, _>>()?;
        // Only the trees a visit touches: a save overlays and commits fewer of them. Taking
        // a follow-up back removes a synced record, which only a write over every tree does.
        let trees = [
            TreeId::Households,
            TreeId::Residents,
            TreeId::Visits,
            TreeId::VisitsByHousehold,
            TreeId::VisitsByTime,
            TreeId::VisitLines,
            TreeId::FollowUps,
            TreeId::FollowUpsByHousehold,
            TreeId::OpenFollowUpsByDue,
            TreeId::Wishes,
            TreeId::WishesByHousehold,
        ];
        let trees: &[TreeId] = if withdrawn.is_empty() {
            &trees
        } else {
            &TreeId::ALL
        };
        self.write_in(by, trees, |t| {
            let Some(household) = t.get::<Household>(&keys::id(v.household))? else {
                return invalid(format!("there is no household {}", v.household));
            };
            for r in &v.met {
                match t.get::<Resident>(&keys::id(*r))? {
                    Some(res) if res.household == household.id => {}
                    _ => {
                        return invalid(format!(
                            "a resident marked as met does not live at {}",
                            household.address
                        ))
                    }
                }
            }
            if let Some(orig) = v.amends {
                match t.get::<Visit>(&keys::id(orig))? {
                    Some(o) if o.household == household.id => {}
                    _ => {
                        return invalid("the visit being corrected is not one of this household's")
                    }
                }
            }
            let id = t.next_id()?;
            let visit = Visit {
                id,
                household: household.id,
                at: v.at,
                staff: by.to_string(),
                purpose: v.purpose,
                outcome: v.outcome,
                met: v.met.clone(),
                findings: v.findings.trim_end().to_string(),
                amends: v.amends,
                roster_checked: v.roster_checked,
            };
            t.put(&visit)?;
            for f in &withdrawn {
                t.remove::<FollowUp>(&keys::id(*f))?;
            }
            for f in &settled {
                if let Some(mut open) = t.get::<FollowUp>(&keys::id(*f))? {
                    if open.done.is_none() {
                        open.done = Some(Done {
                            at: v.at,
                            by: by.to_string(),
                            note: visit.findings.clone(),
                        });
                        t.put(&open)?;
                    }
                }
            }
            let mut followups = Vec::new();
            let sourced = v
                .needs
                .iter()
                .map(|n| (n, FollowUpSource::Visit(id)))
                .chain(
                    knock_again
                        .iter()
                        .map(|n| (n, FollowUpSource::KnockAgain(id))),
                );
            for (need, source) in sourced {
                let f = FollowUp {
                    id: t.next_id()?,
                    household: household.id,
                    source,
                    title: need.title.trim().to_string(),
                    due: need.due,
                    owner: by.to_string(),
                    done: None,
                };
                t.put(&f)?;
                followups.push(f);
            }
            let mut saved = Vec::new();
            for w in &wishes {
                let wish = Wish {
                    id: t.next_id()?,
                    source: WishSource::Visit(id),
                    ..w.clone()
                };
                t.put(&wish)?;
                saved.push(wish);
            }
            Ok(SavedVisit {
                visit,
                followups,
                wishes: saved,
            })
        })
    }

    /// The household's open knock-agains, which the next meeting settles, each with the
    /// visit that left it.
    fn knock_agains(&self, household: Id) -> Result<Vec<(Id, Id)>> {
        let mut out = Vec::new();
        for f in self.followups_of(household)? {
            if let (None, FollowUpSource::KnockAgain(from)) = (&f.done, f.source) {
                out.push((f.id, from));
            }
        }
        Ok(out)
    }

    fn followups_of(&self, household: Id) -> Result<Vec<FollowUp>> {
        let mut out = Vec::new();
        for id in self.index_ids(TreeId::FollowUpsByHousehold, &keys::id(household)) {
            out.extend(self.get_id::<FollowUp>(id?)?);
        }
        Ok(out)
    }

    /// The visit `v` describes, with its follow-ups, if it is saved already: a save sent again
    /// after its answer was lost with the connection. A visit's stamp is its household, its
    /// moment to the second and its visitor; what was entered must match too.
    fn already_saved(&self, by: &str, v: &NewVisit) -> Result<Option<SavedVisit>> {
        let at = keys::join(&[&keys::id(v.household), &keys::instant_desc(v.at)]);
        for id in self.index_ids(TreeId::VisitsByHousehold, &at) {
            let Some(old) = self.get_id::<Visit>(id?)? else {
                continue;
            };
            let same = old.staff == by
                && old.outcome == v.outcome
                && old.purpose == v.purpose
                && old.amends == v.amends
                && old.roster_checked == v.roster_checked
                && old.met == v.met
                && old.findings == v.findings.trim_end();
            if same {
                let followups = self
                    .followups_of(v.household)?
                    .into_iter()
                    .filter(|f| {
                        matches!(f.source, FollowUpSource::Visit(s) | FollowUpSource::KnockAgain(s) if s == old.id)
                    })
                    .collect();
                let mut wishes = Vec::new();
                for id in self.index_ids(TreeId::WishesByHousehold, &keys::id(v.household)) {
                    wishes.extend(
                        self.get_id::<Wish>(id?)?
                            .filter(|w| w.source == WishSource::Visit(old.id)),
                    );
                }
                return Ok(Some(SavedVisit {
                    visit: old,
                    followups,
                    wishes,
                }));
            }
        }
        Ok(None)
    }

    /// Opens a case at step “found”, with the first note of its timeline.
    pub fn open_dispute(&self, by: &str, d: &Dispute, note: &str) -> Result<Dispute> {
        let mut d = d.clone();
        d.status = DisputeStatus::Found;
        d.outcome = None;
        d.validate()?;
        self.write(by, |t| {
            let mut case = d.clone();
            case.id = t.next_id()?;
            if let Some(h) = case.household {
                if t.get::<Household>(&keys::id(h))?.is_none() {
                    return invalid(format!("there is no household {h}"));
                }
            }
            t.put(&case)?;
            t.put(&MediationNote {
                id: t.next_id()?,
                dispute: case.id,
                at: case.reported_at,
                staff: by.to_string(),
                status: DisputeStatus::Found,
                text: note.trim().to_string(),
            })?;
            Ok(case)
        })
    }

    /// Moves a case one step along its loop (or closes it from any step), noting what was done.
    /// A step to the case's own status is a mediation note that moves nothing; a step from
    /// closed back to an open status reopens the case.
    pub fn advance_dispute(&self, by: &str, step: &DisputeStep, now: Instant) -> Result<Dispute> {
        if step.note.trim().is_empty() {
            return Err(Invalid::new("each step needs a note; say what was done").into());
        }
        if (step.to == DisputeStatus::Closed) != step.outcome.is_some() {
            return Err(Invalid::new(
                "closing a case needs its outcome: resolved, escalated or withdrawn",
            )
            .into());
        }
        self.write(by, |t| {
            let Some(mut d) = t.get::<Dispute>(&keys::id(step.dispute))? else {
                return invalid(format!("there is no dispute {}", step.dispute));
            };
            if step.seen.is_some_and(|seen| seen != d.status) {
                return Err(sled::transaction::ConflictableTransactionError::Abort(
                    StoreError::Stale(Box::new(d)),
                ));
            }
            // A closed case is reopened only by a step written on it as closed (one that
            // saw it closed), back to an open step, with the reason as its note.
            if !d.status.is_open() {
                if step.seen != Some(DisputeStatus::Closed) || !step.to.is_open() {
                    return invalid("this case is closed; open a new one if the trouble is back");
                }
            } else {
                let allowed = step.to == d.status
                    || d.status.next() == Some(step.to)
                    || step.to == DisputeStatus::Closed;
                if !allowed {
                    return invalid("a case moves on one step at a time, or is closed");
                }
            }
            d.status = step.to;
            d.outcome = step.outcome;
            t.put(&d)?;
            t.put(&MediationNote {
                id: t.next_id()?,
                dispute: d.id,
                at: now,
                staff: by.to_string(),
                status: step.to,
                text: step.note.trim().to_string(),
            })?;
            Ok(d)
        })
    }

    /// A case's timeline, oldest first.
    pub fn dispute_notes(&self, dispute: Id) -> Result<Vec<MediationNote>> {
        let mut notes = Vec::new();
        for kv in self.tree(TreeId::Notes).scan_prefix(keys::id(dispute)) {
            let (_, v) = kv?;
            notes.push(codec::decode::<super::Stored<MediationNote>>(&v)?.value);
        }
        notes.sort_by_key(|n| (n.at, n.id));
        Ok(notes)
    }

    /// Cases, newest first; `open_only` keeps those not yet closed.
    pub fn disputes(&self, open_only: bool) -> Result<Vec<Dispute>> {
        let mut out: Vec<Dispute> = if open_only {
            let mut v = Vec::new();
            for id in self.index_ids(TreeId::OpenDisputes, &[]) {
                if let Some(d) = self.get_id::<Dispute>(id?)? {
                    v.push(d);
                }
            }
            v
        } else {
            self.all::<Dispute>().collect::<Result<_>>()?
        };
        out.sort_by_key(|d| (std::cmp::Reverse(d.reported_at), d.id));
        Ok(out)
    }

    /// Marks a follow-up done, with a note of what was done.
    pub fn complete_followup(
        &self,
        by: &str,
        id: Id,
        note: &str,
        now: Instant,
    ) -> Result<FollowUp> {
        if note.trim().is_empty() {
            return Err(Invalid::new("say what was done before marking it done").into());
        }
        self.write(by, |t| {
            let Some(mut f) = t.get::<FollowUp>(&keys::id(id))? else {
                return invalid(format!("there is no follow-up {id}"));
            };
            if f.done.is_some() {
                return invalid("this follow-up is already done");
            }
            f.done = Some(Done {
                at: now,
                by: by.to_string(),
                note: note.trim().to_string(),
            });
            t.put(&f)?;
            Ok(f)
        })
    }

    /// Keeps a draft. Drafts are written durably like everything else: a killed process
    /// must not lose a half-typed note.
    pub fn put_draft(&self, d: &Draft) -> Result<()> {
        let bytes = codec::encode(d)?;
        self.write_in(&d.user, &[TreeId::Drafts], |t| {
            t.tree(TreeId::Drafts)
                .insert(d.key(), bytes.as_slice())
                .map_err(super::lift)?;
            Ok(())
        })
    }

    pub fn delete_draft(&self, key: &[u8]) -> Result<()> {
        self.write_in("", &[TreeId::Drafts], |t| {
            t.tree(TreeId::Drafts).remove(key).map_err(super::lift)?;
            Ok(())
        })
    }

    /// One user's drafts, newest first.
    pub fn drafts_of(&self, user: &str) -> Result<Vec<Draft>> {
        let mut out = Vec::new();
        for kv in self
            .tree(TreeId::Drafts)
            .scan_prefix(draft::user_prefix(user))
        {
            let (_, v) = kv?;
            out.push(codec::decode::<Draft>(&v)?);
        }
        out.sort_by_key(|d| std::cmp::Reverse(d.saved_at));
        Ok(out)
    }

    pub fn visit_rules(&self) -> Result<VisitRules> {
        match self.tree(TreeId::Meta).get(RULES)? {
            Some(v) => Ok(codec::decode(&v)?),
            None => Ok(VisitRules::default()),
        }
    }

    /// Sets the visit intervals, durably, with the rules before and after in the audit trail.
    pub fn set_visit_rules(&self, by: &str, rules: &VisitRules) -> Result<()> {
        if rules.roster_months == 0 {
            return Err(Invalid::new(
                "rosters are checked at least every month; give 1 or more months",
            )
            .into());
        }
        let after = codec::encode(rules)?;
        self.write_in(by, &[], |t| {
            let meta = t.tree(TreeId::Meta);
            let before = meta.get(RULES).map_err(super::lift)?;
            meta.insert(RULES, after.clone()).map_err(super::lift)?;
            t.audit(TreeId::Meta, RULES, before.as_deref(), Some(&after))
        })
    }
}

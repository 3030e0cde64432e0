//! Operations on the work done at the door: visits, disputes and their mediation, follow-ups,
//! and what is due.

use serde::{Deserialize, Serialize};

use super::{outside, Cx, Request, Result};
use crate::model::time::{now, Day};
use crate::model::{Dispute, FollowUp, Id, MediationNote};
use crate::store::due::DueList;
use crate::store::ops::{DisputeStep, Need, NewVisit, SavedVisit};

/// Saves a visit to a household in the caller's scope, with the wishes heard at it (need
/// lines marked 心愿:, each with its due day), all in one write.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AddVisit(pub NewVisit, #[serde(default)] pub Vec<Need>);

impl Request for AddVisit {
    type Reply = SavedVisit;
    /// A visit sent twice is known by its stamp and saved once.
    const RESEND: bool = true;
    fn handle(self, cx: &Cx) -> Result<SavedVisit> {
        cx.household(self.0.household)?;
        // The people met are named on the visit: none from outside the caller's grids.
        for &r in &self.0.met {
            cx.resident(r)?;
        }
        // So is the visit it corrects.
        if let Some(v) = self.0.amends {
            if let Some(v) = cx.store.get_id::<crate::model::Visit>(v)? {
                cx.household(v.household)?;
            }
        }
        Ok(cx
            .store
            .add_visit_with_wishes(&cx.user, &self.0, &self.1, now())?)
    }
    fn touches(&self, _cx: &Cx) -> Option<Vec<Id>> {
        Some(vec![self.0.household])
    }
}

/// Opens a dispute case with its first note, in the caller's scope; a dispute about a
/// household takes its place from the household as stored.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct OpenDispute(pub Dispute, pub String);

impl Request for OpenDispute {
    type Reply = Dispute;
    fn handle(self, cx: &Cx) -> Result<Dispute> {
        let mut d = self.0;
        if let Some(h) = d.household {
            let h = cx.household(h)?;
            d.community = h.community;
            d.grid = h.grid;
        }
        if !cx.scope.sees(d.community, d.grid) {
            return Err(outside());
        }
        // A party on file is a resident the case will name: in the caller's grids too.
        for p in &d.parties {
            if let crate::model::Party::Resident(r) = p {
                cx.resident(*r)?;
            }
        }
        Ok(cx.store.open_dispute(&cx.user, &d, &self.1)?)
    }
    fn touches(&self, _cx: &Cx) -> Option<Vec<Id>> {
        Some(self.0.household.into_iter().collect())
    }
}

/// A step of a dispute's mediation: a note, a new state, an outcome.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AdvanceDispute(pub DisputeStep);

impl Request for AdvanceDispute {
    type Reply = Dispute;
    fn handle(self, cx: &Cx) -> Result<Dispute> {
        match cx.store.get_id::<Dispute>(self.0.dispute)? {
            Some(d) if !cx.scope.sees(d.community, d.grid) => return Err(outside()),
            _ => {}
        }
        Ok(cx.store.advance_dispute(&cx.user, &self.0, now())?)
    }
    fn touches(&self, cx: &Cx) -> Option<Vec<Id>> {
        let d = cx.store.get_id::<Dispute>(self.0.dispute).ok().flatten();
        Some(d.and_then(|d| d.household).into_iter().collect())
    }
}

/// Disputes in the caller's scope (open ones only, or all).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Disputes(pub bool);

impl Request for Disputes {
    type Reply = Vec<Dispute>;
    const RESEND: bool = true;
    fn handle(self, cx: &Cx) -> Result<Vec<Dispute>> {
        let mut all = cx.store.disputes(self.0)?;
        all.retain(|d| cx.scope.sees(d.community, d.grid));
        Ok(all)
    }
}

/// A dispute's mediation notes, oldest first.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DisputeNotes(pub Id);

impl Request for DisputeNotes {
    type Reply = Vec<MediationNote>;
    const RESEND: bool = true;
    fn handle(self, cx: &Cx) -> Result<Vec<MediationNote>> {
        match cx.store.get_id::<Dispute>(self.0)? {
            Some(d) if cx.scope.sees(d.community, d.grid) => Ok(cx.store.dispute_notes(self.0)?),
            _ => Err(outside()),
        }
    }
}

/// Marks a follow-up done, with a note.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CompleteFollowUp(pub Id, pub String);

impl Request for CompleteFollowUp {
    type Reply = FollowUp;
    fn handle(self, cx: &Cx) -> Result<FollowUp> {
        if let Some(f) = cx.store.get_id::<FollowUp>(self.0)? {
            cx.household(f.household)?;
        }
        Ok(cx
            .store
            .complete_followup(&cx.user, self.0, &self.1, now())?)
    }
    fn touches(&self, cx: &Cx) -> Option<Vec<Id>> {
        let f = cx.store.get_id::<FollowUp>(self.0).ok().flatten();
        Some(f.map(|f| f.household).into_iter().collect())
    }
}

/// Follow-ups and rule visits due by `today + horizon` days, most overdue first, at most
/// `limit`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Due {
    pub today: Day,
    pub horizon: u16,
    pub limit: usize,
}

impl Request for Due {
    type Reply = DueList;
    const RESEND: bool = true;
    fn handle(self, cx: &Cx) -> Result<DueList> {
        Ok(cx
            .store
            .due_list(self.today, self.horizon, true, &cx.scope, self.limit)?)
    }
}

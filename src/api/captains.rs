//! Operations on building captains: the list, giving doors, the rebalance proposal and the
//! moves that apply or undo it.

use serde::{Deserialize, Serialize};

use super::{outside, Cx, Request, Result};
use crate::model::time::Day;
use crate::model::BuildingCaptain;
use crate::model::Id;
use crate::store::captains::{AssignPlan as Plan, CaptainDoor, CaptainRow, Doors};

/// The building captains in the caller's scope, with their doors and visits.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Captains(pub Day);

impl Request for Captains {
    type Reply = Vec<CaptainRow>;
    const RESEND: bool = true;
    fn handle(self, cx: &Cx) -> Result<Vec<CaptainRow>> {
        let scope = &cx.scope;
        Ok(cx.store.captain_rows(self.0, &|c, g| scope.sees(c, g))?)
    }
}

/// Gives doors to a captain; both in the caller's scope. The reply is how many moved.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AssignDoors(pub Id, pub Doors);

impl Request for AssignDoors {
    type Reply = usize;
    fn handle(self, cx: &Cx) -> Result<usize> {
        cx.may_assign(self.0, &self.1)?;
        Ok(cx.store.assign_doors(&cx.user, self.0, &self.1)?)
    }
    fn touches(&self, _cx: &Cx) -> Option<Vec<Id>> {
        Some(Vec::new())
    }
}

/// A proposal that evens out the captains' patches in one grid.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Proposal(pub Id);

impl Request for Proposal {
    type Reply = crate::model::rebalance::Proposal;
    const RESEND: bool = true;
    fn handle(self, cx: &Cx) -> Result<Self::Reply> {
        match cx.store.get_id::<crate::model::Grid>(self.0)? {
            Some(g) if cx.scope.sees(g.community, g.id) => {
                Ok(cx.store.rebalance_proposal(self.0)?)
            }
            _ => Err(outside()),
        }
    }
}

/// Moves households to new captains (or none); the reply is the moves that undo it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ApplyMoves(pub Vec<(Id, Option<Id>)>);

impl Request for ApplyMoves {
    type Reply = Vec<(Id, Option<Id>)>;
    fn handle(self, cx: &Cx) -> Result<Self::Reply> {
        for (h, _) in &self.0 {
            cx.household(*h)?;
        }
        Ok(cx.store.apply_moves_in(&cx.user, &cx.scope, &self.0)?)
    }
    fn touches(&self, _cx: &Cx) -> Option<Vec<Id>> {
        Some(self.0.iter().map(|(h, _)| *h).collect())
    }
}

/// What giving doors to a captain would do, to ask first.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AssignPlan(pub Id, pub Doors);

impl Request for AssignPlan {
    type Reply = Plan;
    fn handle(self, cx: &Cx) -> Result<Plan> {
        cx.may_assign(self.0, &self.1)?;
        Ok(cx.store.assign_plan(self.0, &self.1)?)
    }
}

/// A resident made a building captain (楼长), in her household's community and grid.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AddCaptain(pub Id);

impl Request for AddCaptain {
    type Reply = BuildingCaptain;
    fn handle(self, cx: &Cx) -> Result<BuildingCaptain> {
        Ok(cx.store.add_captain(&cx.user, &cx.scope, self.0)?)
    }
    fn touches(&self, _cx: &Cx) -> Option<Vec<Id>> {
        Some(Vec::new())
    }
}

/// A captain retired: her doors are left without a captain, first in line for the
/// rebalance. The reply is how many doors.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RetireCaptain(pub Id);

impl Request for RetireCaptain {
    type Reply = usize;
    fn handle(self, cx: &Cx) -> Result<usize> {
        Ok(cx.store.retire_captain(&cx.user, &cx.scope, self.0)?)
    }
    fn touches(&self, _cx: &Cx) -> Option<Vec<Id>> {
        Some(Vec::new())
    }
}

/// A captain's new phone.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SetCaptainPhone(pub Id, pub String);

impl Request for SetCaptainPhone {
    type Reply = BuildingCaptain;
    fn handle(self, cx: &Cx) -> Result<BuildingCaptain> {
        Ok(cx
            .store
            .set_captain_phone(&cx.user, &cx.scope, self.0, &self.1)?)
    }
    fn touches(&self, _cx: &Cx) -> Option<Vec<Id>> {
        Some(Vec::new())
    }
}

/// A captain's doors, in door order, with their heads.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CaptainDoors(pub Id);

impl Request for CaptainDoors {
    type Reply = Vec<CaptainDoor>;
    const RESEND: bool = true;
    fn handle(self, cx: &Cx) -> Result<Vec<CaptainDoor>> {
        match cx.store.get_id::<BuildingCaptain>(self.0)? {
            Some(c) if cx.scope.sees(c.community, c.grid) => {}
            _ => return Err(outside()),
        }
        let mut doors = cx.store.captain_doors(self.0)?;
        let c = cx.store.get_id::<BuildingCaptain>(self.0)?;
        if let Some(c) = c {
            doors.retain(|d| cx.scope.sees(c.community, d.grid));
        }
        Ok(doors)
    }
}

//! Operations that keep the roster true: a household's facts, residents added, changed, made
//! head, leaving or moving, a new household at an empty address, and a person found by ID
//! number. The store checks the caller's scope on each record as it is and as it will be; the
//! search index follows every write at once.

use serde::{Deserialize, Serialize};

use super::{Cx, Request, Result};
use crate::model::time::Day;
use crate::model::{Address, Household, Id, LeaveReason, Resident};
use crate::store::roster::{HouseholdChange, NewResident, ResidentChange, Saved};

/// Brings search up to date with what a roster write changed (a new resident is found by the
/// next keystroke).
fn follow(cx: &Cx, saved: Saved) -> Saved {
    // The index catching up is not worth failing a write that is already durable.
    let _ = cx
        .search
        .follow(&cx.store, &saved.households, &saved.residents);
    saved
}

/// The household a resident is in now, for the events of others.
fn home_of(cx: &Cx, resident: Id) -> Option<Vec<Id>> {
    let r = cx.store.get_id::<Resident>(resident).ok().flatten();
    Some(r.map(|r| r.household).into_iter().collect())
}

/// A household's phone, care tags, house status, landlord, tenancy or note.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EditHousehold {
    pub household: Id,
    pub change: HouseholdChange,
}

impl Request for EditHousehold {
    type Reply = Saved;
    fn handle(self, cx: &Cx) -> Result<Saved> {
        let saved = cx
            .store
            .edit_household(&cx.user, &cx.scope, self.household, &self.change)?;
        Ok(follow(cx, saved))
    }
    fn changed(saved: &Saved) -> Option<Vec<Id>> {
        Some(saved.households.clone())
    }
}

/// A resident added to a household (a birth, someone moving in, a tenant). An ID number on
/// file already is refused naming its holder (`StoreError::Duplicate`), to offer a move.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AddResident {
    pub household: Id,
    pub resident: NewResident,
}

impl Request for AddResident {
    type Reply = Saved;
    fn handle(self, cx: &Cx) -> Result<Saved> {
        let saved = cx
            .store
            .add_resident(&cx.user, &cx.scope, self.household, &self.resident)?;
        Ok(follow(cx, saved))
    }
    fn changed(saved: &Saved) -> Option<Vec<Id>> {
        Some(saved.households.clone())
    }
}

/// Any field of a resident (a relation of 户主 makes them head).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EditResident {
    pub resident: Id,
    pub change: ResidentChange,
}

impl Request for EditResident {
    type Reply = Saved;
    fn handle(self, cx: &Cx) -> Result<Saved> {
        let saved = cx
            .store
            .edit_resident(&cx.user, &cx.scope, self.resident, &self.change)?;
        Ok(follow(cx, saved))
    }
    fn touches(&self, cx: &Cx) -> Option<Vec<Id>> {
        home_of(cx, self.resident)
    }
}

/// A resident made head of their household.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct MakeHead(pub Id);

impl Request for MakeHead {
    type Reply = Saved;
    fn handle(self, cx: &Cx) -> Result<Saved> {
        let saved = cx.store.make_head(&cx.user, &cx.scope, self.0)?;
        Ok(follow(cx, saved))
    }
    fn touches(&self, cx: &Cx) -> Option<Vec<Id>> {
        home_of(cx, self.0)
    }
}

/// A resident moved out (迁出) or died (死亡) on a day: kept in the household's history,
/// marked former, counted nowhere.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ResidentLeaves {
    pub resident: Id,
    pub reason: LeaveReason,
    pub day: Day,
}

impl Request for ResidentLeaves {
    type Reply = Saved;
    fn handle(self, cx: &Cx) -> Result<Saved> {
        let saved =
            cx.store
                .resident_leaves(&cx.user, &cx.scope, self.resident, &self.reason, self.day)?;
        Ok(follow(cx, saved))
    }
    fn touches(&self, cx: &Cx) -> Option<Vec<Id>> {
        home_of(cx, self.resident)
    }
}

/// A resident moved to another household; both in the caller's scope.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct MoveResident {
    pub resident: Id,
    pub to: Id,
}

impl Request for MoveResident {
    type Reply = Saved;
    fn handle(self, cx: &Cx) -> Result<Saved> {
        let saved = cx
            .store
            .move_resident(&cx.user, &cx.scope, self.resident, self.to)?;
        Ok(follow(cx, saved))
    }
    fn touches(&self, cx: &Cx) -> Option<Vec<Id>> {
        let mut h = home_of(cx, self.resident).unwrap_or_default();
        h.push(self.to);
        Some(h)
    }
}

/// A new household at an empty address of a building.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AddHousehold {
    pub building: Id,
    pub address: Address,
}

impl Request for AddHousehold {
    type Reply = Saved;
    fn handle(self, cx: &Cx) -> Result<Saved> {
        let saved = cx
            .store
            .add_household(&cx.user, &cx.scope, self.building, self.address)?;
        Ok(follow(cx, saved))
    }
    fn changed(saved: &Saved) -> Option<Vec<Id>> {
        Some(saved.households.clone())
    }
}

/// The resident with this ID number and their household, if they are on file and in the
/// caller's scope.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PersonByIdNumber(pub String);

impl Request for PersonByIdNumber {
    type Reply = Option<(Resident, Household)>;
    const RESEND: bool = true;
    fn handle(self, cx: &Cx) -> Result<Self::Reply> {
        let Some(r) = cx.store.holder_of(&self.0)? else {
            return Ok(None);
        };
        match cx.household(r.household) {
            Ok(h) => Ok(Some((r, h))),
            Err(_) => Ok(None),
        }
    }
}

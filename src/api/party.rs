//! Operations on party members on the grid: profiles, party groups, 中心户 and their
//! coverage, each answered in the caller's scope.

use serde::{Deserialize, Serialize};

use super::{Cx, Request, Result};
use crate::model::party::{CentralHousehold, PartyGroup, PartyMember};
use crate::model::time::Day;
use crate::model::Id;
use crate::store::party::{CentralRow, GroupEdit, GroupRow, MemberRow, PartyCoverage as Coverage};

/// Adds or changes a resident's party member profile.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SetPartyMember(pub PartyMember);

impl Request for SetPartyMember {
    type Reply = PartyMember;
    const RESEND: bool = true;
    fn handle(self, cx: &Cx) -> Result<PartyMember> {
        Ok(cx.store.set_party_member(&cx.user, &cx.scope, &self.0)?)
    }
    fn touches(&self, _cx: &Cx) -> Option<Vec<Id>> {
        Some(Vec::new())
    }
}

/// Ends a resident's party member profile: the resident, the day, why.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EndPartyMember(pub Id, pub Day, pub String);

impl Request for EndPartyMember {
    type Reply = PartyMember;
    fn handle(self, cx: &Cx) -> Result<PartyMember> {
        Ok(cx
            .store
            .end_party_member(&cx.user, &cx.scope, self.0, self.1, &self.2)?)
    }
    fn touches(&self, _cx: &Cx) -> Option<Vec<Id>> {
        Some(Vec::new())
    }
}

/// The current party members in the caller's scope, in door order.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PartyMembers;

impl Request for PartyMembers {
    type Reply = Vec<MemberRow>;
    const RESEND: bool = true;
    fn handle(self, cx: &Cx) -> Result<Vec<MemberRow>> {
        Ok(cx.store.party_members(&cx.scope)?)
    }
}

/// A new party group: its name, grid and leader.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AddPartyGroup {
    pub name: String,
    pub grid: Id,
    pub leader: Id,
}

impl Request for AddPartyGroup {
    type Reply = PartyGroup;
    fn handle(self, cx: &Cx) -> Result<PartyGroup> {
        Ok(cx
            .store
            .add_party_group(&cx.user, &cx.scope, &self.name, self.grid, self.leader)?)
    }
    fn touches(&self, _cx: &Cx) -> Option<Vec<Id>> {
        Some(Vec::new())
    }
}

/// Changes a party group's name, grid or leader.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EditPartyGroup(pub Id, pub GroupEdit);

impl Request for EditPartyGroup {
    type Reply = PartyGroup;
    const RESEND: bool = true;
    fn handle(self, cx: &Cx) -> Result<PartyGroup> {
        Ok(cx
            .store
            .edit_party_group(&cx.user, &cx.scope, self.0, &self.1)?)
    }
    fn touches(&self, _cx: &Cx) -> Option<Vec<Id>> {
        Some(Vec::new())
    }
}

/// The party groups on the caller's grids.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PartyGroups;

impl Request for PartyGroups {
    type Reply = Vec<GroupRow>;
    const RESEND: bool = true;
    fn handle(self, cx: &Cx) -> Result<Vec<GroupRow>> {
        Ok(cx.store.party_groups(&cx.scope)?)
    }
}

/// Makes a party member's household a 中心户 (or keeps it one), links the households in
/// `link` since `since` and unlinks those in `unlink`, in one write.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SetCentralHousehold {
    pub household: Id,
    pub link: Vec<Id>,
    pub unlink: Vec<Id>,
    pub since: Day,
}

impl Request for SetCentralHousehold {
    type Reply = CentralHousehold;
    fn handle(self, cx: &Cx) -> Result<CentralHousehold> {
        Ok(cx.store.set_central_household(
            &cx.user,
            &cx.scope,
            self.household,
            &self.link,
            &self.unlink,
            self.since,
        )?)
    }
    fn touches(&self, _cx: &Cx) -> Option<Vec<Id>> {
        let mut all = vec![self.household];
        all.extend(&self.link);
        all.extend(&self.unlink);
        Some(all)
    }
}

/// Links a neighbouring household to a 中心户: the 中心户, the household, since.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LinkHousehold(pub Id, pub Id, pub Day);

impl Request for LinkHousehold {
    type Reply = CentralHousehold;
    fn handle(self, cx: &Cx) -> Result<CentralHousehold> {
        Ok(cx
            .store
            .link_household(&cx.user, &cx.scope, self.0, self.1, self.2)?)
    }
    fn touches(&self, _cx: &Cx) -> Option<Vec<Id>> {
        Some(vec![self.0, self.1])
    }
}

/// Unlinks a household from a 中心户: the 中心户, the household.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct UnlinkHousehold(pub Id, pub Id);

impl Request for UnlinkHousehold {
    type Reply = CentralHousehold;
    fn handle(self, cx: &Cx) -> Result<CentralHousehold> {
        Ok(cx
            .store
            .unlink_household(&cx.user, &cx.scope, self.0, self.1)?)
    }
    fn touches(&self, _cx: &Cx) -> Option<Vec<Id>> {
        Some(vec![self.0, self.1])
    }
}

/// The 中心户 in the caller's scope with their links.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CentralHouseholds;

impl Request for CentralHouseholds {
    type Reply = Vec<CentralRow>;
    const RESEND: bool = true;
    fn handle(self, cx: &Cx) -> Result<Vec<CentralRow>> {
        Ok(cx.store.central_households(&cx.scope)?)
    }
}

/// Grids without a party group, buildings without a 中心户, households per 中心户.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PartyCoverage;

impl Request for PartyCoverage {
    type Reply = Coverage;
    const RESEND: bool = true;
    fn handle(self, cx: &Cx) -> Result<Coverage> {
        Ok(cx.store.party_coverage(&cx.scope)?)
    }
}

//! Operations on the map a roster hangs on: streets, communities, grids (levels 1–4) and
//! buildings added, renamed, renumbered or moved, and the grids a member of staff looks after.
//! A street admin may change anything, a community admin her own communities, a grid captain
//! nothing (the store checks, on the records as they are).

use serde::{Deserialize, Serialize};

use super::{Cx, Request, Result};
use crate::model::{Building, Community, Grid, Id, Staff, Street};
use crate::store::structure::BuildingChanged;

/// Brings search up to date with households whose addresses or grids changed, and their
/// people.
fn follow(cx: &Cx, households: &[Id]) {
    let mut residents = Vec::new();
    for &h in households {
        residents.extend(
            cx.store
                .index_ids(
                    crate::store::TreeId::ResidentsByHousehold,
                    &crate::store::keys::id(h),
                )
                .filter_map(|r| r.ok()),
        );
    }
    // The index catching up is not worth failing a write that is already durable.
    let _ = cx.search.follow(&cx.store, households, &residents);
}

/// A new street (街道).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AddStreet {
    pub name: String,
}

impl Request for AddStreet {
    type Reply = Street;
    fn handle(self, cx: &Cx) -> Result<Street> {
        Ok(cx.store.add_street(&cx.user, &cx.scope, &self.name)?)
    }
}

/// A new community (社区) in a street.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AddCommunity {
    pub street: Id,
    pub name: String,
}

impl Request for AddCommunity {
    type Reply = Community;
    fn handle(self, cx: &Cx) -> Result<Community> {
        Ok(cx
            .store
            .add_community(&cx.user, &cx.scope, self.street, &self.name)?)
    }
    fn touches(&self, _cx: &Cx) -> Option<Vec<Id>> {
        Some(Vec::new())
    }
}

/// A community's new name; search shows it at once.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RenameCommunity {
    pub community: Id,
    pub name: String,
}

impl Request for RenameCommunity {
    type Reply = Community;
    fn handle(self, cx: &Cx) -> Result<Community> {
        let c = cx
            .store
            .rename_community(&cx.user, &cx.scope, self.community, &self.name)?;
        // Every hit in the community shows its name.
        cx.search.rebuild(&cx.store);
        Ok(c)
    }
    fn touches(&self, _cx: &Cx) -> Option<Vec<Id>> {
        Some(Vec::new())
    }
}

/// A new grid in a community, under a parent grid (one level below it) or at level 1.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AddGrid {
    pub community: Id,
    pub parent: Option<Id>,
    pub name: String,
}

impl Request for AddGrid {
    type Reply = Grid;
    fn handle(self, cx: &Cx) -> Result<Grid> {
        Ok(cx
            .store
            .add_grid(&cx.user, &cx.scope, self.community, self.parent, &self.name)?)
    }
    fn touches(&self, _cx: &Cx) -> Option<Vec<Id>> {
        Some(Vec::new())
    }
}

/// A grid's new name.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RenameGrid {
    pub grid: Id,
    pub name: String,
}

impl Request for RenameGrid {
    type Reply = Grid;
    fn handle(self, cx: &Cx) -> Result<Grid> {
        Ok(cx
            .store
            .rename_grid(&cx.user, &cx.scope, self.grid, &self.name)?)
    }
    fn touches(&self, _cx: &Cx) -> Option<Vec<Id>> {
        Some(Vec::new())
    }
}

/// A new building in a grid: its number in the community, entrances and floors.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AddBuilding {
    pub grid: Id,
    pub number: u32,
    pub entrances: u8,
    pub floors: u8,
}

impl Request for AddBuilding {
    type Reply = Building;
    fn handle(self, cx: &Cx) -> Result<Building> {
        Ok(cx.store.add_building(
            &cx.user,
            &cx.scope,
            self.grid,
            self.number,
            self.entrances,
            self.floors,
        )?)
    }
    fn touches(&self, _cx: &Cx) -> Option<Vec<Id>> {
        Some(Vec::new())
    }
}

/// A building's new number; its households' addresses follow.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RenumberBuilding {
    pub building: Id,
    pub number: u32,
}

impl Request for RenumberBuilding {
    type Reply = BuildingChanged;
    fn handle(self, cx: &Cx) -> Result<BuildingChanged> {
        let changed =
            cx.store
                .renumber_building(&cx.user, &cx.scope, self.building, self.number)?;
        follow(cx, &changed.households);
        Ok(changed)
    }
    fn touches(&self, _cx: &Cx) -> Option<Vec<Id>> {
        Some(Vec::new())
    }
}

/// A building moved to another grid of its community; its households follow.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct MoveBuilding {
    pub building: Id,
    pub grid: Id,
}

impl Request for MoveBuilding {
    type Reply = BuildingChanged;
    fn handle(self, cx: &Cx) -> Result<BuildingChanged> {
        let changed = cx
            .store
            .move_building(&cx.user, &cx.scope, self.building, self.grid)?;
        follow(cx, &changed.households);
        Ok(changed)
    }
    fn touches(&self, _cx: &Cx) -> Option<Vec<Id>> {
        Some(Vec::new())
    }
}

/// The grids a member of staff looks after (she is named their 网格长 where they have none).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SetStaffGrids {
    pub user: String,
    pub grids: Vec<Id>,
}

impl Request for SetStaffGrids {
    type Reply = Staff;
    fn handle(self, cx: &Cx) -> Result<Staff> {
        Ok(cx
            .store
            .set_staff_grids(&cx.user, &cx.scope, &self.user, &self.grids)?)
    }
}

/// Whether the caller may change the structure of a community, or (None) add a community to
/// the street: nothing when she may, else the sentence the change itself would be refused
/// with. The screen asks before it asks for a name.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct MayRestructure {
    pub community: Option<Id>,
}

impl Request for MayRestructure {
    type Reply = ();
    const RESEND: bool = true;
    fn handle(self, cx: &Cx) -> Result<()> {
        match self.community {
            Some(c) => cx.store.check_restructure(&cx.scope, c)?,
            None => crate::store::Store::street_admin_only(&cx.scope)?,
        }
        Ok(())
    }
}

/// One more grid for a member of staff to look after (her other grids stay hers).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct GiveGrid {
    pub user: String,
    pub grid: Id,
}

impl Request for GiveGrid {
    type Reply = Staff;
    fn handle(self, cx: &Cx) -> Result<Staff> {
        let mut grids = cx
            .store
            .get::<Staff>(self.user.trim().as_bytes())?
            .map(|s| s.grids)
            .unwrap_or_default();
        grids.push(self.grid);
        Ok(cx
            .store
            .set_staff_grids(&cx.user, &cx.scope, self.user.trim(), &grids)?)
    }
}

//! The street's structure: adding and renaming communities and grids, adding and renumbering
//! buildings, moving a building (its households with it) to another grid, and giving a member
//! of staff her grids. Each checks the caller's scope, validates, and writes in one durable
//! transaction: audited, and in the sync change log field by field (through `Txn::put`).

use serde::{Deserialize, Serialize};

use super::{keys, Result, Store, StoreError, TreeId};
use crate::model::scope::Scope;
use crate::model::{Building, Community, Grid, Household, Id, Invalid, Role, Staff, Street};

/// A building after a renumbering or a move, and the households that changed with it (their
/// address or grid), for the caller to pass on (`SearchIndex::follow`, the other sessions).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BuildingChanged {
    pub building: Building,
    pub households: Vec<Id>,
}

/// A name as stored: trimmed, not empty, at most 30 characters.
fn name_of(typed: &str) -> Result<String> {
    let name = typed.trim();
    if name.is_empty() {
        return Err(Invalid::new("the name is empty; type one").into());
    }
    if name.chars().count() > 30 {
        return Err(Invalid::new(format!(
            "the name “{}” is too long (over 30 characters); shorten it",
            crate::model::shown::quote(name)
        ))
        .into());
    }
    Ok(name.to_string())
}

/// A community's name without 社区, as names are compared.
fn bare(name: &str) -> &str {
    name.trim().trim_end_matches("社区")
}

fn gone<T>(msg: String) -> super::TxResult<T> {
    Err(sled::transaction::ConflictableTransactionError::Abort(
        StoreError::NotFound(msg),
    ))
}

impl Store {
    /// Refuses unless `scope` may change the structure of `community` (see
    /// `Scope::may_restructure`).
    pub fn check_restructure(&self, scope: &Scope, community: Id) -> Result<()> {
        if scope.may_restructure(community) {
            return Ok(());
        }
        let name = self
            .get_id::<Community>(community)?
            .map_or_else(|| community.to_string(), |c| c.name);
        Err(StoreError::OutOfScope(format!(
            "only a street admin, or an admin of {name}, may change its names, grids, buildings and who looks after them"
        )))
    }

    /// Refuses unless `scope` is a street admin's.
    pub fn street_admin_only(scope: &Scope) -> Result<()> {
        match scope.all {
            true => Ok(()),
            false => Err(StoreError::OutOfScope(
                "only a street admin may add a street or a community".into(),
            )),
        }
    }

    fn community(&self, id: Id) -> Result<Community> {
        self.get_id(id)?
            .ok_or_else(|| StoreError::NotFound(format!("there is no community {id} in the store")))
    }

    fn grid(&self, id: Id) -> Result<Grid> {
        self.get_id(id)?
            .ok_or_else(|| StoreError::NotFound(format!("there is no grid {id} in the store")))
    }

    fn building(&self, id: Id) -> Result<Building> {
        self.get_id(id)?
            .ok_or_else(|| StoreError::NotFound(format!("there is no building {id} in the store")))
    }

    /// Adds a street (街道); its name must be new. A street admin only.
    pub fn add_street(&self, by: &str, scope: &Scope, name: &str) -> Result<Street> {
        Self::street_admin_only(scope)?;
        let name = name_of(name)?;
        for s in self.all::<Street>() {
            if s?.name == name {
                return Err(Invalid::new(format!(
                    "there is already a street called {name}; choose another name"
                ))
                .into());
            }
        }
        self.write(by, |t| {
            let street = Street {
                id: t.next_id()?,
                name: name.clone(),
            };
            t.put(&street)?;
            Ok(street)
        })
    }

    /// Adds a community (社区) to a street; no other community of the street may have its
    /// name (with or without 社区). A street admin only.
    pub fn add_community(
        &self,
        by: &str,
        scope: &Scope,
        street: Id,
        name: &str,
    ) -> Result<Community> {
        Self::street_admin_only(scope)?;
        let name = name_of(name)?;
        let s = self.get_id::<Street>(street)?.ok_or_else(|| {
            StoreError::NotFound(format!("there is no street {street} in the store"))
        })?;
        self.community_name_free(&s, None, &name)?;
        self.write(by, |t| {
            if t.get::<Street>(&keys::id(street))?.is_none() {
                return gone(format!("there is no street {street} in the store"));
            }
            let c = Community {
                id: t.next_id()?,
                street,
                name: name.clone(),
            };
            t.put(&c)?;
            Ok(c)
        })
    }

    fn community_name_free(&self, street: &Street, except: Option<Id>, name: &str) -> Result<()> {
        for c in self.all::<Community>() {
            let c = c?;
            if c.street == street.id && Some(c.id) != except && bare(&c.name) == bare(name) {
                return Err(Invalid::new(format!(
                    "{} already has a community called {}; choose another name",
                    street.name, c.name
                ))
                .into());
            }
        }
        Ok(())
    }

    /// Renames a community. The search index shows community names: the caller rebuilds it
    /// (or follows the community's households).
    pub fn rename_community(
        &self,
        by: &str,
        scope: &Scope,
        community: Id,
        name: &str,
    ) -> Result<Community> {
        self.check_restructure(scope, community)?;
        let name = name_of(name)?;
        let c = self.community(community)?;
        if let Some(s) = self.get_id::<Street>(c.street)? {
            self.community_name_free(&s, Some(community), &name)?;
        }
        self.write(by, |t| {
            let Some(mut c) = t.get::<Community>(&keys::id(community))? else {
                return gone(format!("there is no community {community} in the store"));
            };
            c.name = name.clone();
            t.put(&c)?;
            Ok(c)
        })
    }

    fn grid_name_free(&self, community: &Community, except: Option<Id>, name: &str) -> Result<()> {
        // Unique in the whole community, not only among siblings: imports and `staff add`
        // find a grid by its name within its community.
        for g in self.all::<Grid>() {
            let g = g?;
            if g.community == community.id && Some(g.id) != except && g.name == name {
                return Err(Invalid::new(format!(
                    "{} already has a grid called {name}; choose another name",
                    community.name
                ))
                .into());
            }
        }
        Ok(())
    }

    /// Adds a grid (网格) to a community: at level 1 when `parent` is None, else one level
    /// below `parent` (a grid of the same community), down to level 4.
    pub fn add_grid(
        &self,
        by: &str,
        scope: &Scope,
        community: Id,
        parent: Option<Id>,
        name: &str,
    ) -> Result<Grid> {
        self.check_restructure(scope, community)?;
        let name = name_of(name)?;
        let c = self.community(community)?;
        let level = match parent {
            None => 1,
            Some(p) => {
                let p = self.grid(p)?;
                if p.community != community {
                    return Err(Invalid::new(format!(
                        "the grid {} is not in {}; a grid's parent is a grid of its community",
                        p.name, c.name
                    ))
                    .into());
                }
                if p.level >= 4 {
                    return Err(Invalid::new(format!(
                        "the grid {} is at level 4, the deepest; a grid cannot be added below it",
                        p.name
                    ))
                    .into());
                }
                p.level + 1
            }
        };
        self.grid_name_free(&c, None, &name)?;
        self.write(by, |t| {
            if let Some(p) = parent {
                if t.get::<Grid>(&keys::id(p))?.is_none() {
                    return gone(format!("there is no grid {p} in the store"));
                }
            }
            let g = Grid {
                id: t.next_id()?,
                community,
                parent,
                level,
                name: name.clone(),
                captain: None,
            };
            if let Err(e) = g.validate() {
                return t.fail(e);
            }
            t.put(&g)?;
            Ok(g)
        })
    }

    /// Renames a grid; no other grid of its community may have the name.
    pub fn rename_grid(&self, by: &str, scope: &Scope, grid: Id, name: &str) -> Result<Grid> {
        let g = self.grid(grid)?;
        self.check_restructure(scope, g.community)?;
        let name = name_of(name)?;
        self.grid_name_free(&self.community(g.community)?, Some(grid), &name)?;
        self.write(by, |t| {
            let Some(mut g) = t.get::<Grid>(&keys::id(grid))? else {
                return gone(format!("there is no grid {grid} in the store"));
            };
            g.name = name.clone();
            t.put(&g)?;
            Ok(g)
        })
    }

    fn building_number_free(&self, community: &Community, number: u32) -> Result<()> {
        for b in self.all::<Building>() {
            let b = b?;
            if b.community == community.id && b.number == number {
                return Err(Invalid::new(format!(
                    "{} already has a building {number}; choose another number",
                    community.name
                ))
                .into());
            }
        }
        Ok(())
    }

    /// Adds a building (楼栋) to a grid, in the grid's community; its number must be new there.
    pub fn add_building(
        &self,
        by: &str,
        scope: &Scope,
        grid: Id,
        number: u32,
        entrances: u8,
        floors: u8,
    ) -> Result<Building> {
        let g = self.grid(grid)?;
        self.check_restructure(scope, g.community)?;
        let probe = Building {
            id: 0,
            community: g.community,
            grid,
            number,
            entrances,
            floors,
        };
        probe.validate()?;
        self.building_number_free(&self.community(g.community)?, number)?;
        self.write(by, |t| {
            if t.get::<Grid>(&keys::id(grid))?.is_none() {
                return gone(format!("there is no grid {grid} in the store"));
            }
            let b = Building {
                id: t.next_id()?,
                ..probe.clone()
            };
            t.put(&b)?;
            Ok(b)
        })
    }

    /// The ids of a building's households.
    fn households_of_building(&self, building: Id) -> Result<Vec<Id>> {
        self.index_ids(TreeId::HouseholdsByBuilding, &keys::id(building))
            .collect()
    }

    /// Gives a building another number; its households' addresses change with it, in the
    /// same transaction.
    pub fn renumber_building(
        &self,
        by: &str,
        scope: &Scope,
        building: Id,
        number: u32,
    ) -> Result<BuildingChanged> {
        let b = self.building(building)?;
        self.check_restructure(scope, b.community)?;
        Building {
            number,
            ..b.clone()
        }
        .validate()?;
        if b.number == number {
            return Err(Invalid::new(format!("building {number} already has that number")).into());
        }
        self.building_number_free(&self.community(b.community)?, number)?;
        let households = self.households_of_building(building)?;
        self.write(by, |t| {
            let Some(mut b) = t.get::<Building>(&keys::id(building))? else {
                return gone(format!("there is no building {building} in the store"));
            };
            b.number = number;
            t.put(&b)?;
            for h in &households {
                if let Some(mut hh) = t.get::<Household>(&keys::id(*h))? {
                    hh.address.building = number;
                    t.put(&hh)?;
                }
            }
            Ok(BuildingChanged {
                building: b,
                households: households.clone(),
            })
        })
    }

    /// Moves a building to another grid of its community; its households' grid changes with
    /// it, in the same transaction. Their building captains stay as they are.
    pub fn move_building(
        &self,
        by: &str,
        scope: &Scope,
        building: Id,
        grid: Id,
    ) -> Result<BuildingChanged> {
        let b = self.building(building)?;
        self.check_restructure(scope, b.community)?;
        let to = self.grid(grid)?;
        if to.community != b.community {
            let c = self.community(b.community)?;
            return Err(Invalid::new(format!(
                "the grid {} is not in {}, where building {} is; a building moves only between grids of its community",
                to.name, c.name, b.number
            ))
            .into());
        }
        if b.grid == grid {
            return Err(
                Invalid::new(format!("building {} is already in {}", b.number, to.name)).into(),
            );
        }
        let households = self.households_of_building(building)?;
        self.write(by, |t| {
            let Some(mut b) = t.get::<Building>(&keys::id(building))? else {
                return gone(format!("there is no building {building} in the store"));
            };
            if t.get::<Grid>(&keys::id(grid))?.is_none() {
                return gone(format!("there is no grid {grid} in the store"));
            }
            b.grid = grid;
            t.put(&b)?;
            for h in &households {
                if let Some(mut hh) = t.get::<Household>(&keys::id(*h))? {
                    hh.grid = grid;
                    t.put(&hh)?;
                }
            }
            Ok(BuildingChanged {
                building: b,
                households: households.clone(),
            })
        })
    }

    /// Gives a member of staff her grids (her scope, with the grids below them): the grids she
    /// gets without a captain name her as their captain (网格长); those she loses stop naming
    /// her. A community admin may do it for grids of her communities only.
    pub fn set_staff_grids(
        &self,
        by: &str,
        scope: &Scope,
        user: &str,
        grids: &[Id],
    ) -> Result<Staff> {
        // The grids first: one who may not give them learns nothing of who is on the staff.
        let mut given = Vec::new();
        for &g in grids {
            let g = self.grid(g)?;
            self.check_restructure(scope, g.community)?;
            if !given.contains(&g.id) {
                given.push(g.id);
            }
        }
        let Some(staff) = self.get::<Staff>(user.as_bytes())? else {
            return Err(StoreError::NotFound(format!(
                "there is no member of staff called {user}; add them first with gridbook staff add"
            )));
        };
        for &g in &staff.grids {
            if !given.contains(&g) {
                if let Some(g) = self.get_id::<Grid>(g)? {
                    self.check_restructure(scope, g.community)?;
                }
            }
        }
        if staff.role == Role::GridCaptain && given.is_empty() {
            return Err(Invalid::new(format!(
                "{user} is a grid captain and needs at least one grid"
            ))
            .into());
        }
        let lost: Vec<Id> = staff
            .grids
            .iter()
            .copied()
            .filter(|g| !given.contains(g))
            .collect();
        self.write(by, |t| {
            let Some(mut s) = t.get::<Staff>(user.as_bytes())? else {
                return gone(format!(
                    "there is no member of staff called {user}; add them first with gridbook staff add"
                ));
            };
            s.grids = given.clone();
            t.put(&s)?;
            if s.role == Role::GridCaptain {
                for g in &given {
                    if let Some(mut grid) = t.get::<Grid>(&keys::id(*g))? {
                        if grid.captain.is_none() {
                            grid.captain = Some(user.to_string());
                            t.put(&grid)?;
                        }
                    }
                }
            }
            for g in &lost {
                if let Some(mut grid) = t.get::<Grid>(&keys::id(*g))? {
                    if grid.captain.as_deref() == Some(user) {
                        grid.captain = None;
                        t.put(&grid)?;
                    }
                }
            }
            Ok(s)
        })
    }
}

//! Building captains and their patches: making and retiring captains, their doors and
//! phones, coverage figures, assigning doors, and applying a rebalance.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{keys, Result, Store, StoreError, TreeId, TxResult};
use crate::model::address::AddressQuery;
use crate::model::rebalance::{self, Entrance, Proposal};
use crate::model::scope::Scope;
use crate::model::time::{local_day, Day};
use crate::model::{phone, Address, Building, BuildingCaptain, Household, Id, Invalid, Resident};

/// The sentence that refuses a write outside the writer's grids (the client's own).
pub(super) const OUTSIDE: &str =
    "that is outside the grids you look after; ask a street admin if you need it";

fn refuse<T>(msg: impl Into<String>) -> TxResult<T> {
    Err(sled::transaction::ConflictableTransactionError::Abort(
        StoreError::Invalid(Invalid::new(msg)),
    ))
}

/// Refuses, inside a write, a record in a grid outside `scope`.
fn in_scope(scope: &Scope, community: Id, grid: Id) -> TxResult<()> {
    if scope.sees(community, grid) {
        Ok(())
    } else {
        refuse(OUTSIDE)
    }
}

/// The captain as she is inside a write, refused when there is none or she is outside
/// `scope`.
fn captain_in(t: &super::Txn, scope: &Scope, captain: Id) -> TxResult<BuildingCaptain> {
    let Some(cap) = t.get::<BuildingCaptain>(&keys::id(captain))? else {
        return refuse(format!("there is no building captain {captain}"));
    };
    in_scope(scope, cap.community, cap.grid)?;
    Ok(cap)
}

/// One door of a captain's patch, as her list of doors shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaptainDoor {
    pub household: Id,
    pub grid: Id,
    pub address: Address,
    /// The head of household's name; empty when none is on file.
    pub head: String,
}

/// The patch a captain is a volunteer for: this many households is the aim.
pub const PATCH_TARGET: u32 = 60;

/// One line of the captains list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaptainRow {
    pub captain: BuildingCaptain,
    pub households: u32,
    pub visits_this_month: u32,
    /// Households in the patch with no visit in the last 30 days.
    pub unvisited_30: u32,
}

/// Which doors to give a captain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Doors {
    /// `5`, `5-2` or `5-2-301`.
    Address(String),
    /// `5-1-101..5-2-602`: every door from one to the other, in door order.
    Range(String, String),
}

/// What giving doors to a captain would do: asked about first when it takes doors from
/// another grid or puts the captain over `PATCH_TARGET`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssignPlan {
    pub captain: Id,
    /// (household, its captain now) for each household that would change captain.
    pub moves: Vec<(Id, Option<Id>)>,
    /// The grids other than the captain's that doors would come from, with how many each.
    pub other_grids: Vec<(String, usize)>,
    /// The captain's households now, and after.
    pub before: u32,
    pub after: u32,
}

impl AssignPlan {
    /// Whether to ask before doing it.
    pub fn asks(&self) -> bool {
        !self.other_grids.is_empty() || self.after > PATCH_TARGET
    }

    /// The moves that carry it out.
    pub fn to_captain(&self) -> Vec<(Id, Option<Id>)> {
        self.moves
            .iter()
            .map(|(h, _)| (*h, Some(self.captain)))
            .collect()
    }
}

impl Store {
    /// Makes a resident a building captain, in her household's community and grid, with her
    /// name and phone; refuses one who is a captain already, or outside `scope`.
    pub fn add_captain(&self, by: &str, scope: &Scope, resident: Id) -> Result<BuildingCaptain> {
        // Read before the write: sled reads outside a transaction wait for it to end.
        let already = self.all::<BuildingCaptain>().try_fold(false, |found, c| {
            Ok::<_, StoreError>(found || c?.resident == resident)
        })?;
        self.write(by, |t| {
            let Some(r) = t.get::<Resident>(&keys::id(resident))? else {
                return refuse(format!("there is no resident {resident}"));
            };
            if !r.is_current() {
                return refuse(format!(
                    "{} no longer lives here (a former resident); choose a current resident",
                    r.name
                ));
            }
            let Some(h) = t.get::<Household>(&keys::id(r.household))? else {
                return refuse(format!(
                    "the household of {} is not on file; check the roster first",
                    r.name
                ));
            };
            in_scope(scope, h.community, h.grid)?;
            if already {
                return refuse(format!(
                    "{} is a building captain already; change the captain's doors or phone instead",
                    r.name
                ));
            }
            let captain = BuildingCaptain {
                id: t.next_id()?,
                resident,
                community: h.community,
                grid: h.grid,
                name: r.name.clone(),
                phone: if r.phone.is_empty() {
                    h.phone.clone()
                } else {
                    r.phone.clone()
                },
            };
            t.put(&captain)?;
            Ok(captain)
        })
    }

    /// Retires a building captain: her doors are left without a captain (the rebalance
    /// gives them out first) and she leaves the captains list; returns how many doors.
    /// She and every door she covers must be in `scope`, or nothing is written.
    pub fn retire_captain(&self, by: &str, scope: &Scope, captain: Id) -> Result<usize> {
        let households: Vec<Id> = self
            .index_ids(TreeId::HouseholdsByCaptain, &keys::id(captain))
            .collect::<Result<_>>()?;
        self.write(by, |t| {
            let cap = captain_in(t, scope, captain)?;
            let mut doors = 0;
            for h in &households {
                if let Some(mut hh) = t.get::<Household>(&keys::id(*h))? {
                    if hh.captain == Some(cap.id) {
                        in_scope(scope, hh.community, hh.grid)?;
                        hh.captain = None;
                        t.put(&hh)?;
                        doors += 1;
                    }
                }
            }
            t.remove::<BuildingCaptain>(&keys::id(cap.id))?;
            Ok(doors)
        })
    }

    /// Changes a building captain's phone (normalised as everywhere; refused when it is not
    /// a phone number).
    pub fn set_captain_phone(
        &self,
        by: &str,
        scope: &Scope,
        captain: Id,
        phone: &str,
    ) -> Result<BuildingCaptain> {
        let phone = phone::normalize(phone)
            .map_err(|e| Invalid::new(format!("{e}; write it as 13812345678 or 0760-88123456")))?;
        self.write(by, |t| {
            let mut cap = captain_in(t, scope, captain)?;
            if cap.phone != phone {
                cap.phone = phone.clone();
                t.put(&cap)?;
            }
            Ok(cap)
        })
    }

    /// A captain's doors, in door order (building, entrance, room).
    pub fn captain_doors(&self, captain: Id) -> Result<Vec<CaptainDoor>> {
        if self.get_id::<BuildingCaptain>(captain)?.is_none() {
            return Err(Invalid::new(format!("there is no building captain {captain}")).into());
        }
        let mut households = Vec::new();
        for h in self.index_ids(TreeId::HouseholdsByCaptain, &keys::id(captain)) {
            households.extend(self.get_id::<Household>(h?)?);
        }
        households.sort_by_key(|h| (h.address, h.id));
        households
            .into_iter()
            .map(|h| {
                Ok(CaptainDoor {
                    household: h.id,
                    grid: h.grid,
                    address: h.address,
                    head: self.head_name(&h)?,
                })
            })
            .collect()
    }

    pub fn captain_rows(
        &self,
        today: Day,
        allow: &dyn Fn(Id, Id) -> bool,
    ) -> Result<Vec<CaptainRow>> {
        let month_start = {
            use chrono::Datelike;
            let d = crate::model::time::date_of(today);
            crate::model::time::day_of(d.with_day(1).unwrap_or(d))
        };
        let mut rows = Vec::new();
        for c in self.all::<BuildingCaptain>() {
            let captain = c?;
            if !allow(captain.community, captain.grid) {
                continue;
            }
            let (mut households, mut visits, mut unvisited) = (0, 0, 0);
            for h in self.index_ids(TreeId::HouseholdsByCaptain, &keys::id(captain.id)) {
                let h = h?;
                households += 1;
                let mut last = None;
                for k in self
                    .tree(TreeId::VisitsByHousehold)
                    .scan_prefix(keys::id(h))
                    .keys()
                {
                    let Some(at) = keys::read_instant_desc(&k?, 8) else {
                        continue;
                    };
                    let day = local_day(at);
                    last.get_or_insert(day);
                    if day < month_start {
                        break;
                    }
                    visits += 1;
                }
                if last.is_none_or(|d| today - d > 30) {
                    unvisited += 1;
                }
            }
            rows.push(CaptainRow {
                captain,
                households,
                visits_this_month: visits,
                unvisited_30: unvisited,
            });
        }
        rows.sort_by_key(|r| (r.captain.community, r.captain.grid, r.captain.id));
        Ok(rows)
    }

    /// The households a door description names, in the captain's community, in door order.
    pub fn doors(&self, community: Id, doors: &Doors) -> Result<Vec<Household>> {
        let buildings: Vec<Building> = self
            .all::<Building>()
            .filter(|b| b.as_ref().map_or(true, |b| b.community == community))
            .collect::<Result<_>>()?;
        let in_community = |b: u32| buildings.iter().find(|x| x.number == b).map(|x| x.id);
        let mut out = Vec::new();
        match doors {
            Doors::Address(text) => {
                let q = AddressQuery::parse(text)?;
                let Some(b) = in_community(q.building) else {
                    return Err(Invalid::new(format!(
                        "there is no building {} in this community",
                        q.building
                    ))
                    .into());
                };
                for id in self.index_ids(TreeId::HouseholdsByBuilding, &keys::id(b)) {
                    if let Some(h) = self.get_id::<Household>(id?)? {
                        if q.matches(&h.address) {
                            out.push(h);
                        }
                    }
                }
            }
            Doors::Range(from, to) => {
                let (a, z) = (Address::parse(from)?, Address::parse(to)?);
                if a > z {
                    return Err(Invalid::new(format!(
                        "the range {a}..{z} runs backwards; put the lower door first"
                    ))
                    .into());
                }
                let mut numbers: Vec<&Building> = buildings
                    .iter()
                    .filter(|b| (a.building..=z.building).contains(&b.number))
                    .collect();
                numbers.sort_by_key(|b| b.number);
                for b in numbers {
                    for id in self.index_ids(TreeId::HouseholdsByBuilding, &keys::id(b.id)) {
                        if let Some(h) = self.get_id::<Household>(id?)? {
                            if (a..=z).contains(&h.address) {
                                out.push(h);
                            }
                        }
                    }
                }
            }
        }
        if out.is_empty() {
            return Err(Invalid::new("no household has those doors; check the address").into());
        }
        Ok(out)
    }

    /// What giving the named doors to a captain would do, to ask before doing it.
    pub fn assign_plan(&self, captain: Id, doors: &Doors) -> Result<AssignPlan> {
        let cap = self
            .get_id::<BuildingCaptain>(captain)?
            .ok_or_else(|| Invalid::new(format!("there is no building captain {captain}")))?;
        let households = self.doors(cap.community, doors)?;
        let before = self
            .index_ids(TreeId::HouseholdsByCaptain, &keys::id(captain))
            .count() as u32;
        let mut other_grids: Vec<(String, usize)> = Vec::new();
        let mut moves = Vec::new();
        for h in households.iter().filter(|h| h.captain != Some(captain)) {
            moves.push((h.id, h.captain));
            if h.grid != cap.grid {
                let name = self
                    .get_id::<crate::model::Grid>(h.grid)?
                    .map(|g| g.name)
                    .unwrap_or_default();
                match other_grids.iter_mut().find(|(n, _)| *n == name) {
                    Some((_, n)) => *n += 1,
                    None => other_grids.push((name, 1)),
                }
            }
        }
        Ok(AssignPlan {
            captain,
            after: before + moves.len() as u32,
            before,
            moves,
            other_grids,
        })
    }

    /// Gives the named doors to a captain, in one transaction; returns how many moved.
    pub fn assign_doors(&self, by: &str, captain: Id, doors: &Doors) -> Result<usize> {
        Ok(self
            .assign_doors_in(by, &Scope::everything(), captain, doors)?
            .len())
    }

    /// The same, for someone who may change only what `scope` sees (the captain and every
    /// door in scope, or nothing is written); returns the moves that undo it.
    pub fn assign_doors_in(
        &self,
        by: &str,
        scope: &Scope,
        captain: Id,
        doors: &Doors,
    ) -> Result<Vec<(Id, Option<Id>)>> {
        let plan = self.assign_plan(captain, doors)?;
        self.apply_moves_in(by, scope, &plan.to_captain())
    }

    /// A rebalancing proposal for one grid's captains.
    pub fn rebalance_proposal(&self, grid: Id) -> Result<Proposal> {
        let captains: Vec<Id> = self
            .all::<BuildingCaptain>()
            .filter_map(|c| match c {
                Ok(c) if c.grid == grid => Some(Ok(c.id)),
                Ok(_) => None,
                Err(e) => Some(Err(e)),
            })
            .collect::<Result<_>>()?;
        let mut buildings: Vec<Building> = self
            .all::<Building>()
            .filter(|b| b.as_ref().map_or(true, |b| b.grid == grid))
            .collect::<Result<_>>()?;
        buildings.sort_by_key(|b| b.number);
        let mut entrances: BTreeMap<(u32, u8), Entrance> = BTreeMap::new();
        for b in &buildings {
            for id in self.index_ids(TreeId::HouseholdsByBuilding, &keys::id(b.id)) {
                if let Some(h) = self.get_id::<Household>(id?)? {
                    entrances
                        .entry((b.number, h.address.entrance))
                        .or_insert_with(|| Entrance {
                            building: b.number,
                            entrance: h.address.entrance,
                            households: Vec::new(),
                        })
                        .households
                        .push((h.id, h.captain));
                }
            }
        }
        let entrances: Vec<Entrance> = entrances.into_values().collect();
        Ok(rebalance::propose(
            &entrances,
            &captains,
            PATCH_TARGET as usize,
        ))
    }

    /// Moves households to new captains (or to none) in one transaction; returns the moves
    /// that undo it: each household changed, with the captain it had.
    pub fn apply_moves(
        &self,
        by: &str,
        moves: &[(Id, Option<Id>)],
    ) -> Result<Vec<(Id, Option<Id>)>> {
        self.apply_moves_in(by, &Scope::everything(), moves)
    }

    /// The same, for someone who may change only what `scope` sees: every household moved
    /// and every captain it goes to must be in scope, or nothing is written. A move to a
    /// captain retired since (an undo after a retirement) is refused.
    pub fn apply_moves_in(
        &self,
        by: &str,
        scope: &Scope,
        moves: &[(Id, Option<Id>)],
    ) -> Result<Vec<(Id, Option<Id>)>> {
        if moves.is_empty() {
            return Ok(Vec::new());
        }
        self.write(by, |t| {
            let mut undo = Vec::new();
            for (h, c) in moves {
                if let Some(to) = c {
                    match t.get::<BuildingCaptain>(&keys::id(*to))? {
                        Some(cap) => in_scope(scope, cap.community, cap.grid)?,
                        None => {
                            return refuse(format!(
                                "building captain {to} has retired or is not on file; give these doors to another captain"
                            ))
                        }
                    }
                }
                if let Some(mut hh) = t.get::<Household>(&keys::id(*h))? {
                    in_scope(scope, hh.community, hh.grid)?;
                    if hh.captain != *c {
                        undo.push((hh.id, hh.captain));
                        hh.captain = *c;
                        t.put(&hh)?;
                    }
                }
            }
            Ok(undo)
        })
    }
}

//! Building captains' patches: coverage figures, assigning doors, and applying a rebalance.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{keys, Result, Store, TreeId};
use crate::model::address::AddressQuery;
use crate::model::rebalance::{self, Entrance, Proposal};
use crate::model::time::{local_day, Day};
use crate::model::{Address, Building, BuildingCaptain, Household, Id, Invalid};

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
        let plan = self.assign_plan(captain, doors)?;
        Ok(self.apply_moves(by, &plan.to_captain())?.len())
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
        if moves.is_empty() {
            return Ok(Vec::new());
        }
        self.write(by, |t| {
            let mut undo = Vec::new();
            for (h, c) in moves {
                if let Some(mut hh) = t.get::<Household>(&keys::id(*h))? {
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

//! Read queries the screens and commands ask for, answered from records and indexes.

use serde::{Deserialize, Serialize};

use super::{keys, Result, Store, StoreError, TreeId};
use crate::model::address::AddressQuery;
use crate::model::party::CentralHousehold;
use crate::model::scope::Scope;
use crate::model::time::Instant;
use crate::model::{
    Address, Building, BuildingCaptain, CareTag, Community, Dispute, FollowUp, Grid, Household, Id,
    Resident, Staff, Street, Visit,
};

/// The counts `gridbook stats` prints, with the keys DESIGN.md names.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stats {
    pub streets: u64,
    pub communities: u64,
    pub grids: u64,
    pub buildings: u64,
    pub households: u64,
    pub residents: u64,
    pub captains: u64,
    pub staff: u64,
    pub visits: u64,
    pub disputes: u64,
    pub followups: u64,
}

/// The places of the store: what the browse tree is built from.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Overview {
    pub streets: Vec<Street>,
    pub communities: Vec<Community>,
    pub grids: Vec<Grid>,
    pub buildings: Vec<Building>,
}

impl Overview {
    /// A community's name, or its number where it is not among these.
    pub fn community_name(&self, id: Id) -> String {
        self.communities
            .iter()
            .find(|c| c.id == id)
            .map_or_else(|| id.to_string(), |c| c.name.clone())
    }

    /// A grid's name, or its number where it is not among these.
    pub fn grid_name(&self, id: Id) -> String {
        self.grids
            .iter()
            .find(|g| g.id == id)
            .map_or_else(|| id.to_string(), |g| g.name.clone())
    }
}

/// One line of the household list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HouseholdRow {
    pub id: Id,
    pub address: Address,
    pub head: String,
    pub size: u32,
    pub care_tags: Vec<CareTag>,
    pub last_visit: Option<Instant>,
}

/// Everything the detail pane shows about one household.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct HouseholdDetail {
    pub household: Household,
    pub community: String,
    /// The residents who live there now.
    pub residents: Vec<Resident>,
    /// Those who lived there and left (moved out, died), oldest record first.
    pub former: Vec<Resident>,
    /// The house status as shown: vacant once no one lives there (`Household::status_shown`).
    pub status: Option<crate::model::HouseStatus>,
    pub visits: Vec<Visit>,
    pub disputes: Vec<Dispute>,
    pub followups: Vec<FollowUp>,
    pub captain: Option<BuildingCaptain>,
    /// Its wishes not yet fulfilled (待认领, 已认领, 已派单), oldest first.
    pub wishes: Vec<crate::model::Wish>,
    /// The 党员中心户 that keeps in touch with it.
    pub central: Option<CentralOf>,
    /// When it is a 中心户 itself: how many households it links.
    pub links: Option<u32>,
}

/// The 党员中心户 a household is linked to: where it is, and its address, which a party
/// member's home is, shown only to staff whose scope covers it (`None` to others).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CentralOf {
    pub household: Id,
    pub community: Id,
    pub grid: Id,
    pub address: Option<Address>,
}

/// A household found by its address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddressHit {
    pub community: Id,
    pub building: Id,
    pub household: Id,
    pub address: Address,
}

const RECENT_VISITS: usize = 10;

impl Store {
    pub fn stats(&self) -> Result<Stats> {
        Ok(Stats {
            streets: self.count(TreeId::Streets)?,
            communities: self.count(TreeId::Communities)?,
            grids: self.count(TreeId::Grids)?,
            buildings: self.count(TreeId::Buildings)?,
            households: self.count(TreeId::Households)?,
            residents: self.count(TreeId::Residents)? - self.former_residents()?,
            captains: self.count(TreeId::Captains)?,
            staff: self.count(TreeId::Staff)?,
            visits: self.count(TreeId::Visits)?,
            disputes: self.count(TreeId::Disputes)?,
            followups: self.count(TreeId::FollowUps)?,
        })
    }

    /// The same counts over what `scope` sees: its communities and grids, their buildings,
    /// households and all that hangs on them, and the staff who look after any of it. Everything
    /// for a street admin (read from the counters, at no cost).
    pub fn stats_in(&self, scope: &Scope) -> Result<Stats> {
        if scope.all {
            return self.stats();
        }
        let o = self.overview()?;
        let communities: Vec<&Community> = o
            .communities
            .iter()
            .filter(|c| scope.shows_community(c.id, &o.grids))
            .collect();
        let mut s = Stats {
            streets: o
                .streets
                .iter()
                .filter(|st| communities.iter().any(|c| c.street == st.id))
                .count() as u64,
            communities: communities.len() as u64,
            grids: o
                .grids
                .iter()
                .filter(|g| scope.sees(g.community, g.id))
                .count() as u64,
            buildings: o
                .buildings
                .iter()
                .filter(|b| scope.sees(b.community, b.grid))
                .count() as u64,
            ..Stats::default()
        };
        let under =
            |index: TreeId, id: Id| self.tree(index).scan_prefix(keys::id(id)).count() as u64;
        for h in self.all::<Household>() {
            let h = h?;
            if scope.sees(h.community, h.grid) {
                s.households += 1;
                s.residents += under(TreeId::ResidentsByHousehold, h.id);
                s.visits += under(TreeId::VisitsByHousehold, h.id);
                s.followups += under(TreeId::FollowUpsByHousehold, h.id);
            }
        }
        for c in self.all::<BuildingCaptain>() {
            let c = c?;
            s.captains += u64::from(scope.sees(c.community, c.grid));
        }
        for d in self.all::<Dispute>() {
            let d = d?;
            s.disputes += u64::from(scope.sees(d.community, d.grid));
        }
        for staff in self.all::<Staff>() {
            let staff = staff?;
            let looks_after = staff
                .communities
                .iter()
                .any(|c| scope.communities.contains(c))
                || staff.grids.iter().any(|g| {
                    o.grids
                        .iter()
                        .any(|x| x.id == *g && scope.sees(x.community, x.id))
                });
            s.staff += u64::from(looks_after);
        }
        Ok(s)
    }

    /// How many residents have left (moved out, died): few, counted from their index.
    pub fn former_residents(&self) -> Result<u64> {
        let n = self.tree(TreeId::FormerResidentsByHousehold).len() as u64;
        Ok(n.min(self.count(TreeId::Residents)?))
    }

    pub fn overview(&self) -> Result<Overview> {
        Ok(Overview {
            streets: self.all().collect::<Result<_>>()?,
            communities: self.all().collect::<Result<_>>()?,
            grids: self.all().collect::<Result<_>>()?,
            buildings: self.all().collect::<Result<_>>()?,
        })
    }

    /// The households of a building in door order (entrance, then room).
    pub fn households_in_building(&self, building: Id) -> Result<Vec<HouseholdRow>> {
        let mut rows = Vec::new();
        for id in self.index_ids(TreeId::HouseholdsByBuilding, &keys::id(building)) {
            let id = id?;
            let Some(h) = self.get_id::<Household>(id)? else {
                continue;
            };
            rows.push(self.household_row(&h)?);
        }
        Ok(rows)
    }

    pub fn household_row(&self, h: &Household) -> Result<HouseholdRow> {
        let head = match h.head {
            Some(r) => self
                .get_id::<Resident>(r)?
                .map(|r| r.name)
                .unwrap_or_default(),
            None => String::new(),
        };
        let size = self
            .tree(TreeId::ResidentsByHousehold)
            .scan_prefix(keys::id(h.id))
            .keys()
            .count() as u32;
        Ok(HouseholdRow {
            id: h.id,
            address: h.address,
            head,
            size,
            care_tags: h.care_tags.clone(),
            last_visit: self.last_visit(h.id)?,
        })
    }

    /// When the household was last visited: the first entry of the newest-first index.
    pub fn last_visit(&self, household: Id) -> Result<Option<Instant>> {
        let first = self
            .tree(TreeId::VisitsByHousehold)
            .scan_prefix(keys::id(household))
            .keys()
            .next()
            .transpose()?;
        Ok(first.and_then(|k| keys::read_instant_desc(&k, 8)))
    }

    pub fn household_detail(&self, id: Id) -> Result<HouseholdDetail> {
        let household = self
            .get_id::<Household>(id)?
            .ok_or_else(|| StoreError::NotFound(format!("there is no household {id}")))?;
        let prefix = keys::id(id);
        let residents =
            self.load_ids::<Resident>(TreeId::ResidentsByHousehold, &prefix, usize::MAX)?;
        let former =
            self.load_ids::<Resident>(TreeId::FormerResidentsByHousehold, &prefix, usize::MAX)?;
        let status = household.status_shown(residents.len());
        let visits = self.load_ids::<Visit>(TreeId::VisitsByHousehold, &prefix, RECENT_VISITS)?;
        let mut disputes =
            self.load_ids::<Dispute>(TreeId::DisputesByHousehold, &prefix, usize::MAX)?;
        disputes.retain(|d| d.status.is_open());
        let mut followups =
            self.load_ids::<FollowUp>(TreeId::FollowUpsByHousehold, &prefix, usize::MAX)?;
        followups.retain(|f| f.done.is_none());
        followups.sort_by_key(|f| f.due);
        let community = self
            .get_id::<Community>(household.community)?
            .map(|c| c.name)
            .unwrap_or_default();
        let captain = match household.captain {
            Some(c) => self.get_id::<BuildingCaptain>(c)?,
            None => None,
        };
        let mut wishes =
            self.load_ids::<crate::model::Wish>(TreeId::WishesByHousehold, &prefix, usize::MAX)?;
        wishes.retain(|w| w.state.is_open());
        let links = self
            .get_id::<CentralHousehold>(id)?
            .map(|c| c.links.len() as u32);
        let central = match self.index_ids(TreeId::CentralByHousehold, &prefix).next() {
            Some(c) => self.get_id::<Household>(c?)?.map(|h| CentralOf {
                household: h.id,
                community: h.community,
                grid: h.grid,
                address: Some(h.address),
            }),
            None => None,
        };
        Ok(HouseholdDetail {
            household,
            community,
            residents,
            former,
            status,
            visits,
            disputes,
            followups,
            captain,
            wishes,
            central,
            links,
        })
    }

    fn load_ids<E: super::Entity>(
        &self,
        index: TreeId,
        prefix: &[u8],
        most: usize,
    ) -> Result<Vec<E>> {
        let mut out = Vec::new();
        for id in self.index_ids(index, prefix).take(most) {
            if let Some(v) = self.get_id::<E>(id?)? {
                out.push(v);
            }
        }
        Ok(out)
    }

    /// Households whose address matches, in the given community first, then elsewhere.
    pub fn find_address(&self, q: &AddressQuery, community: Option<Id>) -> Result<Vec<AddressHit>> {
        let mut buildings: Vec<Building> = self
            .all::<Building>()
            .filter(|b| b.as_ref().map_or(true, |b| b.number == q.building))
            .collect::<Result<_>>()?;
        buildings.sort_by_key(|b| (Some(b.community) != community, b.community, b.id));
        let mut hits = Vec::new();
        for b in buildings {
            let mut prefix = keys::id(b.id).to_vec();
            if let Some(e) = q.entrance {
                prefix.push(e);
                if let Some(r) = q.room {
                    prefix.extend_from_slice(&r.to_be_bytes());
                }
            }
            for kv in self
                .tree(TreeId::HouseholdsByBuilding)
                .scan_prefix(&prefix)
                .keys()
            {
                let k = kv?;
                let (Some(household), Some(&entrance), Some(room)) = (
                    keys::last_id(&k),
                    k.get(8),
                    k.get(9..11).map(|r| u16::from_be_bytes([r[0], r[1]])),
                ) else {
                    continue;
                };
                hits.push(AddressHit {
                    community: b.community,
                    building: b.id,
                    household,
                    address: Address {
                        building: b.number,
                        entrance,
                        room,
                    },
                });
            }
        }
        Ok(hits)
    }
}

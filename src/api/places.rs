//! Operations that read the map and the roster: the store's figures, the tree of communities,
//! grids and buildings, a building's households, one household, an address, history, search.

use serde::{Deserialize, Serialize};

use super::{Cx, Request, Result};
use crate::model::address::AddressQuery;
use crate::model::Id;
use crate::store::query;

/// How many records of each kind the caller's scope holds.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Stats;

impl Request for Stats {
    type Reply = query::Stats;
    const RESEND: bool = true;
    fn handle(self, cx: &Cx) -> Result<query::Stats> {
        Ok(cx.store.stats_in(&cx.scope)?)
    }
}

/// Communities, grids and buildings in the caller's scope (and the grids above them, so the
/// tree reads).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Overview;

impl Request for Overview {
    type Reply = query::Overview;
    const RESEND: bool = true;
    const CAMPAIGN: bool = true;
    fn handle(self, cx: &Cx) -> Result<query::Overview> {
        let mut o = cx.store.overview()?;
        let scope = &cx.scope;
        if !scope.all {
            let grids = o.grids.clone();
            o.communities
                .retain(|c| scope.shows_community(c.id, &grids));
            let mut keep: Vec<Id> = grids
                .iter()
                .filter(|g| scope.sees(g.community, g.id))
                .map(|g| g.id)
                .collect();
            let mut i = 0;
            while i < keep.len() {
                if let Some(p) = grids
                    .iter()
                    .find(|g| g.id == keep[i])
                    .and_then(|g| g.parent)
                {
                    if !keep.contains(&p) {
                        keep.push(p);
                    }
                }
                i += 1;
            }
            o.grids.retain(|g| keep.contains(&g.id));
            o.buildings.retain(|b| scope.sees(b.community, b.grid));
        }
        Ok(o)
    }
}

/// The households of one building (not for someone sent down: their doors come with the
/// campaign's `BuildingDoors` and `NextDoor`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Households(pub Id);

impl Request for Households {
    type Reply = Vec<query::HouseholdRow>;
    const RESEND: bool = true;
    fn handle(self, cx: &Cx) -> Result<Self::Reply> {
        cx.building_in_scope(self.0)?;
        let mut rows = cx.store.households_in_building(self.0)?;
        if !cx.scope.all {
            // A household may lie in another grid than its building (a roster can say so).
            rows.retain(|r| cx.household(r.id).is_ok());
        }
        Ok(rows)
    }
}

/// One household with its residents, visits, disputes and follow-ups.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Detail(pub Id);

impl Request for Detail {
    type Reply = query::HouseholdDetail;
    const RESEND: bool = true;
    fn handle(self, cx: &Cx) -> Result<Self::Reply> {
        cx.household(self.0)?;
        let mut d = cx.store.household_detail(self.0)?;
        // A party member's home is personal: outside the caller's grids, only that it has one.
        if let Some(c) = &mut d.central {
            if !cx.scope.sees(c.community, c.grid) {
                c.address = None;
            }
        }
        Ok(d)
    }
}

/// Households at an address (in one community, or any), in the caller's scope.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FindAddress(pub AddressQuery, pub Option<Id>);

impl Request for FindAddress {
    type Reply = Vec<query::AddressHit>;
    const RESEND: bool = true;
    const CAMPAIGN: bool = true;
    fn handle(self, cx: &Cx) -> Result<Self::Reply> {
        let mut hits = cx.store.find_address(&self.0, self.1)?;
        if !cx.scope.all {
            hits.retain(|h| cx.household(h.household).is_ok());
        }
        Ok(hits)
    }
}

/// Who changed what about a household, newest first.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct History(pub Id);

impl Request for History {
    type Reply = Vec<crate::store::audit::HistoryLine>;
    const RESEND: bool = true;
    fn handle(self, cx: &Cx) -> Result<Self::Reply> {
        cx.household(self.0)?;
        Ok(cx.store.household_history(self.0)?)
    }
}

/// Residents and households by name, pinyin, initials, phone or ID tail, or address; best
/// first, in the caller's scope.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Search(pub String, pub usize);

impl Request for Search {
    type Reply = Vec<crate::search::Hit>;
    const RESEND: bool = true;
    fn handle(self, cx: &Cx) -> Result<Self::Reply> {
        let scope = &cx.scope;
        let allow = |c: Id, g: Id| scope.sees(c, g);
        let allow: Option<&dyn Fn(Id, Id) -> bool> = if scope.all { None } else { Some(&allow) };
        let mut hits = cx
            .search
            .with(|index| index.search(&self.0, self.1, allow))
            .map_err(super::BackendError::Connection)?;
        // Registrants of 双报到 beside the residents, while there is room.
        let room = self.1.saturating_sub(hits.len());
        if room > 0 {
            hits.extend(cx.store.find_registrants(scope, &self.0, room)?);
        }
        Ok(hits)
    }
}

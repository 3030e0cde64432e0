//! The in-process backend: the store opened by this very process (tests, benchmarks, one user).

use super::{Backend, Result};
use crate::model::address::AddressQuery;
use crate::model::Id;
use crate::store::query::{AddressHit, HouseholdDetail, HouseholdRow, Overview, Stats};
use crate::store::Store;

pub struct Local {
    store: Store,
    user: String,
}

impl Local {
    pub fn new(store: Store, user: String) -> Local {
        Local { store, user }
    }

    pub fn store(&self) -> &Store {
        &self.store
    }
}

impl Backend for Local {
    fn user(&self) -> &str {
        &self.user
    }

    fn stats(&self) -> Result<Stats> {
        Ok(self.store.stats()?)
    }

    fn overview(&self) -> Result<Overview> {
        Ok(self.store.overview()?)
    }

    fn households_in_building(&self, building: Id) -> Result<Vec<HouseholdRow>> {
        Ok(self.store.households_in_building(building)?)
    }

    fn household_detail(&self, household: Id) -> Result<HouseholdDetail> {
        Ok(self.store.household_detail(household)?)
    }

    fn find_address(&self, q: &AddressQuery, community: Option<Id>) -> Result<Vec<AddressHit>> {
        Ok(self.store.find_address(q, community)?)
    }
}

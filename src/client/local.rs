//! The in-process backend: the store opened by this very process (tests, benchmarks, one user).

use super::{Backend, Result};
use crate::model::address::AddressQuery;
use crate::model::draft::Draft;
use crate::model::rebalance::Proposal;
use crate::model::time::{now, Day};
use crate::model::{Dispute, FollowUp, Id, MediationNote};
use crate::store::captains::{CaptainRow, Doors};
use crate::store::due::DueList;
use crate::store::ops::{DisputeStep, NewVisit, SavedVisit};
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

    fn add_visit(&self, v: &NewVisit) -> Result<SavedVisit> {
        Ok(self.store.add_visit(&self.user, v, now())?)
    }

    fn open_dispute(&self, d: &Dispute, note: &str) -> Result<Dispute> {
        Ok(self.store.open_dispute(&self.user, d, note)?)
    }

    fn advance_dispute(&self, step: &DisputeStep) -> Result<Dispute> {
        Ok(self.store.advance_dispute(&self.user, step, now())?)
    }

    fn disputes(&self, open_only: bool) -> Result<Vec<Dispute>> {
        Ok(self.store.disputes(open_only)?)
    }

    fn dispute_notes(&self, dispute: Id) -> Result<Vec<MediationNote>> {
        Ok(self.store.dispute_notes(dispute)?)
    }

    fn complete_followup(&self, id: Id, note: &str) -> Result<FollowUp> {
        Ok(self.store.complete_followup(&self.user, id, note, now())?)
    }

    fn due_list(&self, today: Day, horizon: u16, limit: usize) -> Result<DueList> {
        Ok(self
            .store
            .due_list(today, horizon, true, &|_| true, limit)?)
    }

    fn captains(&self, today: Day) -> Result<Vec<CaptainRow>> {
        Ok(self.store.captain_rows(today, &|_, _| true)?)
    }

    fn assign_doors(&self, captain: Id, doors: &Doors) -> Result<usize> {
        Ok(self.store.assign_doors(&self.user, captain, doors)?)
    }

    fn rebalance_proposal(&self, grid: Id) -> Result<Proposal> {
        Ok(self.store.rebalance_proposal(grid)?)
    }

    fn apply_moves(&self, moves: &[(Id, Id)]) -> Result<()> {
        Ok(self.store.apply_moves(&self.user, moves)?)
    }

    fn put_draft(&self, d: &Draft) -> Result<()> {
        Ok(self.store.put_draft(d)?)
    }

    fn delete_draft(&self, key: &[u8]) -> Result<()> {
        Ok(self.store.delete_draft(key)?)
    }

    fn drafts(&self) -> Result<Vec<Draft>> {
        Ok(self.store.drafts_of(&self.user)?)
    }
}

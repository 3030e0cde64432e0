//! The store answering one user directly, inside their scope: in-process for tests and one
//! user, and inside the server for each connection.

use std::sync::Arc;

use super::{Backend, BackendError, Result};
use crate::model::address::AddressQuery;
use crate::model::draft::Draft;
use crate::model::rebalance::Proposal;
use crate::model::scope::Scope;
use crate::model::time::{now, Day};
use crate::model::{Building, BuildingCaptain, Dispute, FollowUp, Household, Id, MediationNote};
use crate::store::captains::{CaptainRow, Doors};
use crate::store::due::DueList;
use crate::store::ops::{DisputeStep, NewVisit, SavedVisit};
use crate::store::query::{AddressHit, HouseholdDetail, HouseholdRow, Overview, Stats};
use crate::store::Store;

pub struct Local {
    store: Arc<Store>,
    user: String,
    scope: Scope,
    search: Arc<crate::search::SearchCell>,
}

/// Audit entries one call may list at most.
const AUDIT_LINES_MAX: usize = 10_000;

fn outside() -> BackendError {
    BackendError::OutOfScope(
        "that is outside the grids you look after; ask a street admin if you need it".into(),
    )
}

impl Local {
    /// The whole store, for its owner; the search index starts building at once.
    pub fn new(store: Store, user: String) -> Local {
        let store = Arc::new(store);
        let search = crate::search::SearchCell::start(store.clone());
        Local::scoped(store, user, Scope::everything(), search)
    }

    /// One user's view of a store shared with others (the server's connections).
    pub fn scoped(
        store: Arc<Store>,
        user: String,
        scope: Scope,
        search: Arc<crate::search::SearchCell>,
    ) -> Local {
        Local {
            store,
            user,
            scope,
            search,
        }
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn scope(&self) -> &Scope {
        &self.scope
    }

    fn household(&self, id: Id) -> Result<Household> {
        match self.store.get_id::<Household>(id)? {
            Some(h) if self.scope.sees(h.community, h.grid) => Ok(h),
            Some(_) => Err(outside()),
            None => Err(BackendError::Store(crate::store::StoreError::NotFound(
                format!("there is no household {id}"),
            ))),
        }
    }

    fn admin(&self) -> Result<()> {
        if self.scope.all {
            Ok(())
        } else {
            Err(BackendError::OutOfScope(
                "only a street admin (or the owner of the data) may do that".into(),
            ))
        }
    }

    /// Whether this user may give these doors to this captain: both in the user's scope.
    fn may_assign(&self, captain: Id, doors: &Doors) -> Result<()> {
        match self.store.get_id::<BuildingCaptain>(captain)? {
            Some(c) if self.scope.sees(c.community, c.grid) => {}
            _ => return Err(outside()),
        }
        if !self.scope.all {
            let community = self
                .store
                .get_id::<BuildingCaptain>(captain)?
                .map(|c| c.community);
            if let Some(community) = community {
                for h in self.store.doors(community, doors)? {
                    if !self.scope.sees(h.community, h.grid) {
                        return Err(outside());
                    }
                }
            }
        }
        Ok(())
    }

    fn building_in_scope(&self, id: Id) -> Result<()> {
        match self.store.get_id::<Building>(id)? {
            Some(b) if self.scope.sees(b.community, b.grid) => Ok(()),
            _ => Err(outside()),
        }
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
        let mut o = self.store.overview()?;
        if !self.scope.all {
            let grids = o.grids.clone();
            o.communities
                .retain(|c| self.scope.shows_community(c.id, &grids));
            // Grids in scope, and the grids above them so the tree reads.
            let mut keep: Vec<Id> = grids
                .iter()
                .filter(|g| self.scope.sees(g.community, g.id))
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
            o.buildings.retain(|b| self.scope.sees(b.community, b.grid));
        }
        Ok(o)
    }

    fn households_in_building(&self, building: Id) -> Result<Vec<HouseholdRow>> {
        self.building_in_scope(building)?;
        Ok(self.store.households_in_building(building)?)
    }

    fn household_detail(&self, household: Id) -> Result<HouseholdDetail> {
        self.household(household)?;
        Ok(self.store.household_detail(household)?)
    }

    fn find_address(&self, q: &AddressQuery, community: Option<Id>) -> Result<Vec<AddressHit>> {
        let mut hits = self.store.find_address(q, community)?;
        if !self.scope.all {
            hits.retain(|h| self.building_in_scope(h.building).is_ok());
        }
        Ok(hits)
    }

    fn add_visit(&self, v: &NewVisit) -> Result<SavedVisit> {
        self.household(v.household)?;
        Ok(self.store.add_visit(&self.user, v, now())?)
    }

    fn open_dispute(&self, d: &Dispute, note: &str) -> Result<Dispute> {
        if !self.scope.sees(d.community, d.grid) {
            return Err(outside());
        }
        Ok(self.store.open_dispute(&self.user, d, note)?)
    }

    fn advance_dispute(&self, step: &DisputeStep) -> Result<Dispute> {
        match self.store.get_id::<Dispute>(step.dispute)? {
            Some(d) if !self.scope.sees(d.community, d.grid) => return Err(outside()),
            _ => {}
        }
        Ok(self.store.advance_dispute(&self.user, step, now())?)
    }

    fn disputes(&self, open_only: bool) -> Result<Vec<Dispute>> {
        let mut all = self.store.disputes(open_only)?;
        all.retain(|d| self.scope.sees(d.community, d.grid));
        Ok(all)
    }

    fn dispute_notes(&self, dispute: Id) -> Result<Vec<MediationNote>> {
        match self.store.get_id::<Dispute>(dispute)? {
            Some(d) if self.scope.sees(d.community, d.grid) => {
                Ok(self.store.dispute_notes(dispute)?)
            }
            _ => Err(outside()),
        }
    }

    fn complete_followup(&self, id: Id, note: &str) -> Result<FollowUp> {
        if let Some(f) = self.store.get_id::<FollowUp>(id)? {
            self.household(f.household)?;
        }
        Ok(self.store.complete_followup(&self.user, id, note, now())?)
    }

    fn due_list(&self, today: Day, horizon: u16, limit: usize) -> Result<DueList> {
        let scope = &self.scope;
        Ok(self.store.due_list(
            today,
            horizon,
            true,
            &|h| scope.sees(h.community, h.grid),
            limit,
        )?)
    }

    fn captains(&self, today: Day) -> Result<Vec<CaptainRow>> {
        let scope = &self.scope;
        Ok(self.store.captain_rows(today, &|c, g| scope.sees(c, g))?)
    }

    fn assign_doors(&self, captain: Id, doors: &Doors) -> Result<usize> {
        self.may_assign(captain, doors)?;
        Ok(self.store.assign_doors(&self.user, captain, doors)?)
    }

    fn assign_plan(
        &self,
        captain: Id,
        doors: &Doors,
    ) -> Result<crate::store::captains::AssignPlan> {
        self.may_assign(captain, doors)?;
        Ok(self.store.assign_plan(captain, doors)?)
    }
    fn rebalance_proposal(&self, grid: Id) -> Result<Proposal> {
        match self.store.get_id::<crate::model::Grid>(grid)? {
            Some(g) if self.scope.sees(g.community, g.id) => {
                Ok(self.store.rebalance_proposal(grid)?)
            }
            _ => Err(outside()),
        }
    }

    fn apply_moves(&self, moves: &[(Id, Option<Id>)]) -> Result<Vec<(Id, Option<Id>)>> {
        for (h, _) in moves {
            self.household(*h)?;
        }
        Ok(self.store.apply_moves(&self.user, moves)?)
    }

    fn put_draft(&self, d: &Draft) -> Result<()> {
        let mut d = d.clone();
        d.user = self.user.clone();
        Ok(self.store.put_draft(&d)?)
    }

    fn delete_draft(&self, key: &[u8]) -> Result<()> {
        // Only one's own drafts: the key starts with the user name.
        if !key.starts_with(&crate::model::draft::user_prefix(&self.user)) {
            return Err(outside());
        }
        Ok(self.store.delete_draft(key)?)
    }

    fn drafts(&self) -> Result<Vec<Draft>> {
        Ok(self.store.drafts_of(&self.user)?)
    }

    fn check(&self) -> Result<crate::store::check::CheckReport> {
        self.admin()?;
        Ok(crate::store::check::check(&self.store)?)
    }

    fn visit_rules(&self) -> Result<crate::model::rules::VisitRules> {
        Ok(self.store.visit_rules()?)
    }

    fn set_visit_rules(&self, rules: &crate::model::rules::VisitRules) -> Result<()> {
        if !self.scope.all {
            return Err(BackendError::OutOfScope(
                "only a street admin (or the owner of the data) may change the visit rules".into(),
            ));
        }
        Ok(self.store.set_visit_rules(&self.user, rules)?)
    }

    fn staff(&self) -> Result<Vec<crate::model::Staff>> {
        self.admin()?;
        Ok(self
            .store
            .all::<crate::model::Staff>()
            .collect::<std::result::Result<_, _>>()?)
    }

    fn put_staff(&self, staff: &crate::model::Staff) -> Result<()> {
        self.admin()?;
        staff.validate().map_err(crate::store::StoreError::from)?;
        let staff = staff.clone();
        Ok(self.store.write(&self.user, |t| t.put(&staff))?)
    }

    fn remove_staff(&self, user: &str) -> Result<bool> {
        self.admin()?;
        Ok(self.store.write(&self.user, |t| {
            t.remove::<crate::model::Staff>(user.as_bytes())
        })?)
    }

    fn verify_audit(&self) -> Result<crate::store::audit::AuditReport> {
        self.admin()?;
        Ok(self.store.verify_audit()?)
    }

    fn household_history(&self, household: Id) -> Result<Vec<crate::store::audit::HistoryLine>> {
        self.household(household)?;
        Ok(self.store.household_history(household)?)
    }

    fn search(&self, query: &str, limit: usize) -> Result<Vec<crate::search::Hit>> {
        let scope = &self.scope;
        let allow = |c: Id, g: Id| scope.sees(c, g);
        let allow: Option<&dyn Fn(Id, Id) -> bool> = if scope.all { None } else { Some(&allow) };
        self.search
            .with(|index| index.search(query, limit, allow))
            .map_err(BackendError::Connection)
    }

    fn backup(&self, path: &std::path::Path) -> Result<crate::store::backup::BackupSummary> {
        self.admin()?;
        Ok(self.store.backup_to(path)?)
    }

    fn reports(&self, today: Day) -> Result<crate::store::reports::ReportSet> {
        Ok(crate::store::reports::report_set(
            &self.store,
            today,
            &self.scope,
        )?)
    }

    fn table(
        &self,
        req: &super::tables::TableRequest,
        sink: &mut dyn FnMut(super::tables::Part),
    ) -> Result<()> {
        super::tables::answer(&self.store, &self.scope, req, sink)
    }

    fn figures(
        &self,
        kind: crate::store::reports::FigureKind,
        today: Day,
    ) -> Result<crate::store::reports::Figures> {
        Ok(crate::store::reports::figures(
            &self.store,
            kind,
            today,
            &self.scope,
        )?)
    }

    fn import_roster(
        &self,
        roster: &crate::io::roster::Roster,
        opts: &crate::store::import::ImportOptions,
        progress: crate::store::import::Progress<'_>,
    ) -> Result<crate::store::import::ImportOutcome> {
        let outcome =
            self.store
                .import_roster_in(&self.user, roster, opts, &self.scope, progress)?;
        match outcome.refused {
            Some(why) => Err(BackendError::OutOfScope(why)),
            None => {
                if outcome.summary.written {
                    // New and changed people are found by search at once.
                    self.search.rebuild(&self.store);
                }
                Ok(outcome)
            }
        }
    }

    fn audit_log(&self, limit: usize) -> Result<Vec<crate::store::audit::AuditLine>> {
        self.admin()?;
        Ok(self.store.audit_lines(limit.min(AUDIT_LINES_MAX))?)
    }

    fn sync(&self, call: crate::client::SyncCall) -> Result<crate::client::SyncReply> {
        use crate::client::{SyncCall, SyncReply};
        use crate::store::sync::Place;
        let scope = &self.scope;
        let sees = |p: Place| match p {
            Place::Map => true,
            Place::At { community, grid } => scope.sees(community, grid),
        };
        Ok(match call {
            SyncCall::Hello { want_origin } => SyncReply::Hello(crate::store::sync::Hello {
                origin: self.store.origin(),
                upto: self.store.sync_moment()?,
                assigned: if want_origin {
                    Some(self.store.allocate_origin()?)
                } else {
                    None
                },
                user: self.user.clone(),
            }),
            SyncCall::Moment => SyncReply::Moment(self.store.sync_moment()?),
            SyncCall::Pull(req) => {
                let visible: Option<&dyn Fn(Place) -> bool> =
                    if scope.all { None } else { Some(&sees) };
                SyncReply::Batch(self.store.sync_pull(&req, visible)?)
            }
            SyncCall::Push(batch) => {
                let may_write = |p: Place| match p {
                    Place::Map => scope.all,
                    other => sees(other),
                };
                self.store
                    .check_push(&batch, &may_write)
                    .map_err(|e| BackendError::OutOfScope(e.to_string()))?;
                let applied = self.store.sync_apply(&self.user, &batch)?;
                self.follow_in_search(&batch);
                SyncReply::Applied(applied)
            }
            SyncCall::Adopt(origin) => {
                self.admin()?;
                self.store.adopt_origin(origin)?;
                SyncReply::Done
            }
            SyncCall::Record { peer, outcome } => {
                self.admin()?;
                self.store
                    .record_sync(&peer, outcome.as_ref().map_err(|e| e.as_str()))?;
                SyncReply::Done
            }
            SyncCall::Status => SyncReply::Status(self.store.sync_status()?),
            SyncCall::HasCopy => SyncReply::Yes(self.store.has_copy()?),
            SyncCall::Conflicts => {
                let mut rows = self.store.conflicts()?;
                if !scope.all {
                    rows.retain(|r| self.conflict_in_scope(&r.conflict));
                }
                SyncReply::Conflicts(rows)
            }
            SyncCall::Resolve { id, restore } => {
                if let Some(c) = self.store.conflict(&id)? {
                    if !scope.all && !self.conflict_in_scope(&c) {
                        return Err(outside());
                    }
                }
                let c = self.store.resolve_conflict(&self.user, &id, restore)?;
                SyncReply::Resolved(Box::new(c))
            }
            SyncCall::TrailAt(origin) => SyncReply::Seq(self.store.trail_at(origin)?),
            SyncCall::Trail { origin, entries } => {
                SyncReply::Seq(self.store.keep_trail(origin, &entries)?)
            }
            SyncCall::TrailAfter { seq, limit } => {
                self.admin()?;
                SyncReply::Trail(self.store.trail_after(seq, limit.min(2_000))?)
            }
            SyncCall::TrailSent(seq) => {
                self.admin()?;
                self.store.trail_sent(seq)?;
                SyncReply::Done
            }
            SyncCall::CopyCursor => SyncReply::Copy(self.store.copy_cursor()?),
            SyncCall::SaveCopyCursor(at) => {
                self.admin()?;
                self.store.set_copy_cursor(at.as_ref())?;
                SyncReply::Done
            }
            SyncCall::Forget => {
                self.admin()?;
                let (dropped, kept) = self.store.forget_synced(&self.user)?;
                // The saved index names people just forgotten: it goes before the new one
                // is built (and saved with only what is left).
                let _ = std::fs::remove_file(self.store.dir().join(crate::search::snapshot::FILE));
                self.search.rebuild(&self.store);
                SyncReply::Forgot { dropped, kept }
            }
        })
    }
}

impl Local {
    /// Whether the record a conflict is about lies in this user's scope.
    fn conflict_in_scope(&self, c: &crate::store::sync::Conflict) -> bool {
        let Some(tree) = crate::store::sync::SYNCED
            .into_iter()
            .find(|t| t.name() == c.tree)
        else {
            return false;
        };
        match self.store.tree(tree).get(&c.key) {
            Ok(Some(bytes)) => matches!(
                self.store.place_of(tree, &bytes, &Default::default()),
                Ok(Some(crate::store::sync::Place::At { community, grid }))
                    if self.scope.sees(community, grid)
            ),
            _ => false,
        }
    }

    /// Brings the search index up to date with the people and households a sync wrote.
    fn follow_in_search(&self, batch: &crate::store::sync::SyncBatch) {
        use crate::store::{keys, TreeId};
        let ids = |tree: TreeId| -> Vec<Id> {
            batch
                .records
                .iter()
                .filter(|r| r.tree == tree as u8)
                .filter_map(|r| keys::read_id(&r.key, 0))
                .collect()
        };
        let (households, residents) = (ids(TreeId::Households), ids(TreeId::Residents));
        if !households.is_empty() || !residents.is_empty() {
            // The index catching up is not worth failing a sync that is already durable.
            let _ = self.search.follow(&self.store, &households, &residents);
        }
    }
}

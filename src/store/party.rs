//! Party members on the grid in the store: profiles, party groups and 中心户 written through
//! the one write path (audited, in the change log for sync), each write checked against the
//! writer's scope on every record as it is and as it will be; the lists and the coverage,
//! every figure counted from the records.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::{keys, Result, Store, StoreError, TreeId, TxResult, Txn};
use crate::model::party::{CentralHousehold, PartyEnd, PartyGroup, PartyLink, PartyMember};
use crate::model::place::CommunityNames;
use crate::model::scope::Scope;
use crate::model::shown::quote;
use crate::model::time::Day;
use crate::model::{Address, Building, Community, Grid, Household, Id, Invalid, Resident};

/// The sentence that refuses a write outside the writer's grids.
const OUTSIDE: &str = "that is outside the grids you look after; ask a street admin if you need it";

fn refuse<T>(msg: impl Into<String>) -> TxResult<T> {
    Err(sled::transaction::ConflictableTransactionError::Abort(
        StoreError::Invalid(Invalid::new(msg)),
    ))
}

fn outside<T>(msg: impl Into<String>) -> TxResult<T> {
    Err(sled::transaction::ConflictableTransactionError::Abort(
        StoreError::OutOfScope(msg.into()),
    ))
}

/// A household inside a write, refused (naming its address) when it is outside `scope`.
fn household_in(t: &Txn, scope: &Scope, id: Id) -> TxResult<Household> {
    let Some(h) = t.get::<Household>(&keys::id(id))? else {
        return refuse(format!("there is no household {id}"));
    };
    if !scope.sees(h.community, h.grid) {
        return outside(format!(
            "the household at {} is outside the grids you look after; ask a street admin if you need it",
            h.address
        ));
    }
    Ok(h)
}

/// A resident inside a write, her household in `scope`; refused when she has left.
fn resident_in(t: &Txn, scope: &Scope, id: Id) -> TxResult<(Resident, Household)> {
    let Some(r) = t.get::<Resident>(&keys::id(id))? else {
        return refuse(format!("there is no resident {id}"));
    };
    let Some(h) = t.get::<Household>(&keys::id(r.household))? else {
        return refuse(format!("there is no household {}", r.household));
    };
    if !scope.sees(h.community, h.grid) {
        return outside(OUTSIDE);
    }
    if !r.is_current() {
        return refuse(format!(
            "{} no longer lives here (a former resident); choose a current resident",
            r.name
        ));
    }
    Ok((r, h))
}

/// A party group inside a write, refused (naming it) when it is outside `scope`.
fn group_in(t: &Txn, scope: &Scope, id: Id) -> TxResult<PartyGroup> {
    let Some(g) = t.get::<PartyGroup>(&keys::id(id))? else {
        return refuse(format!("there is no party group {id}"));
    };
    if !scope.sees(g.community, g.grid) {
        return outside(format!(
            "the party group “{}” is on a grid outside the grids you look after; choose a group on your grids",
            quote(&g.name)
        ));
    }
    Ok(g)
}

/// A current member's profile inside a write, or why there is none.
fn current_member(t: &Txn, r: &Resident) -> TxResult<PartyMember> {
    match t.get::<PartyMember>(&keys::id(r.id))? {
        Some(m) if m.is_current() => Ok(m),
        _ => refuse(format!(
            "{} is not a party member on file; add her profile with `gridbook member add` first",
            r.name
        )),
    }
}

/// The changes to a party group: each field given is set.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupEdit {
    pub name: Option<String>,
    pub grid: Option<Id>,
    pub leader: Option<Id>,
}

/// One line of the party members list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberRow {
    pub member: PartyMember,
    pub household: Id,
    pub grid: Id,
    pub address: Address,
    /// Her party group's name; empty when she is in none.
    pub group: String,
}

/// One line of the party groups list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupRow {
    pub group: PartyGroup,
    pub grid: String,
    pub leader: String,
    /// Current members whose profile names the group.
    pub members: u32,
}

/// One 中心户 with the households it looks after.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CentralRow {
    pub household: Id,
    pub grid: Id,
    pub address: Address,
    /// The linked households' addresses with their since days, in door order.
    pub links: Vec<(Address, Day)>,
}

/// Coverage of the grids in a scope: every figure counted from the records.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartyCoverage {
    pub grids: u32,
    /// Grids with no party group, by name, after their community's name when the scope
    /// holds more than one community (many communities have a 一网格).
    pub grids_without_group: Vec<String>,
    pub buildings: u32,
    /// Buildings with no 中心户: community name and building number.
    pub buildings_without_central: Vec<(String, u32)>,
    /// Each 中心户's address and how many households it looks after.
    pub households_per_central: Vec<(Address, u32)>,
}

impl Store {
    /// Adds or changes a resident's party member profile (her name taken from the roster);
    /// she and her group must be in `scope`.
    pub fn set_party_member(
        &self,
        by: &str,
        scope: &Scope,
        member: &PartyMember,
    ) -> Result<PartyMember> {
        self.write(by, |t| {
            let (r, _) = resident_in(t, scope, member.resident)?;
            if let Some(g) = member.group {
                group_in(t, scope, g)?;
            }
            let m = PartyMember {
                name: r.name.clone(),
                ended: None,
                skills: member.skills.iter().map(|s| s.trim().to_string()).collect(),
                ..member.clone()
            };
            if let Err(e) = m.validate() {
                return refuse(e.0);
            }
            t.put(&m)?;
            Ok(m)
        })
    }

    /// Ends a member's profile on `day`, with why; refused while she leads a group.
    pub fn end_party_member(
        &self,
        by: &str,
        scope: &Scope,
        resident: Id,
        day: Day,
        reason: &str,
    ) -> Result<PartyMember> {
        let led: Vec<PartyGroup> = self
            .all::<PartyGroup>()
            .filter(|g| g.as_ref().map_or(true, |g| g.leader == resident))
            .collect::<Result<_>>()?;
        self.write(by, |t| {
            let Some(r) = t.get::<Resident>(&keys::id(resident))? else {
                return refuse(format!("there is no resident {resident}"));
            };
            household_in(t, scope, r.household)?;
            let mut m = current_member(t, &r)?;
            if let Some(g) = led.first() {
                return refuse(format!(
                    "{} leads the party group “{}”; give the group another leader first",
                    r.name,
                    quote(&g.name)
                ));
            }
            m.ended = Some(PartyEnd {
                day,
                reason: reason.trim().to_string(),
            });
            if let Err(e) = m.validate() {
                return refuse(e.0);
            }
            t.put(&m)?;
            Ok(m)
        })
    }

    /// Adds a party group on a grid in `scope`, led by a party member in `scope`; its name
    /// must be new in the community.
    pub fn add_party_group(
        &self,
        by: &str,
        scope: &Scope,
        name: &str,
        grid: Id,
        leader: Id,
    ) -> Result<PartyGroup> {
        let groups: Vec<PartyGroup> = self.all::<PartyGroup>().collect::<Result<_>>()?;
        self.write(by, |t| {
            let group = PartyGroup {
                id: 0,
                community: 0,
                grid,
                name: name.trim().to_string(),
                leader,
            };
            let g = place_group(t, scope, group, &groups)?;
            let g = PartyGroup {
                id: t.next_id()?,
                ..g
            };
            t.put(&g)?;
            Ok(g)
        })
    }

    /// Changes a party group's name, grid or leader; the group as it is and as it will be
    /// must be in `scope`.
    pub fn edit_party_group(
        &self,
        by: &str,
        scope: &Scope,
        id: Id,
        edit: &GroupEdit,
    ) -> Result<PartyGroup> {
        let groups: Vec<PartyGroup> = self.all::<PartyGroup>().collect::<Result<_>>()?;
        self.write(by, |t| {
            let now = group_in(t, scope, id)?;
            let will = PartyGroup {
                name: edit.name.clone().unwrap_or(now.name.clone()),
                grid: edit.grid.unwrap_or(now.grid),
                leader: edit.leader.unwrap_or(now.leader),
                ..now.clone()
            };
            let others: Vec<PartyGroup> = groups.iter().filter(|g| g.id != id).cloned().collect();
            let will = place_group(t, scope, will, &others)?;
            if will != now {
                t.put(&will)?;
            }
            Ok(will)
        })
    }

    /// Makes a party member's household a 中心户 (a 中心户 already stays one), then links
    /// the households in `link` since `since` and unlinks those in `unlink`: all in one
    /// write, every household in `scope`, or nothing.
    pub fn set_central_household(
        &self,
        by: &str,
        scope: &Scope,
        household: Id,
        link: &[Id],
        unlink: &[Id],
        since: Day,
    ) -> Result<CentralHousehold> {
        let people: Vec<Id> = self
            .index_ids(TreeId::ResidentsByHousehold, &keys::id(household))
            .collect::<Result<_>>()?;
        self.write(by, |t| {
            let h = household_in(t, scope, household)?;
            let mut c = match t.get::<CentralHousehold>(&keys::id(household))? {
                Some(c) => c,
                None => {
                    let mut member = false;
                    for r in &people {
                        member |= t
                            .get::<PartyMember>(&keys::id(*r))?
                            .is_some_and(|m| m.is_current());
                    }
                    if !member {
                        return refuse(format!(
                            "no one at {} is a party member on file; a 中心户 is a party member's household",
                            h.address
                        ));
                    }
                    CentralHousehold {
                        household,
                        links: Vec::new(),
                    }
                }
            };
            relink(t, scope, &mut c, link, unlink, since)?;
            t.put(&c)?;
            Ok(c)
        })
    }

    /// Links a neighbouring household to a 中心户 since `since`; both in `scope`.
    pub fn link_household(
        &self,
        by: &str,
        scope: &Scope,
        central: Id,
        household: Id,
        since: Day,
    ) -> Result<CentralHousehold> {
        self.write(by, |t| {
            let mut c = central_in(t, scope, central)?;
            relink(t, scope, &mut c, &[household], &[], since)?;
            t.put(&c)?;
            Ok(c)
        })
    }

    /// Unlinks a household from a 中心户.
    pub fn unlink_household(
        &self,
        by: &str,
        scope: &Scope,
        central: Id,
        household: Id,
    ) -> Result<CentralHousehold> {
        self.write(by, |t| {
            let mut c = central_in(t, scope, central)?;
            relink(t, scope, &mut c, &[], &[household], 0)?;
            t.put(&c)?;
            Ok(c)
        })
    }

    /// The current party members whose households are in `scope`, in door order.
    pub fn party_members(&self, scope: &Scope) -> Result<Vec<MemberRow>> {
        let groups: BTreeMap<Id, PartyGroup> = self
            .all::<PartyGroup>()
            .map(|g| g.map(|g| (g.id, g)))
            .collect::<Result<_>>()?;
        let mut out = Vec::new();
        for m in self.all::<PartyMember>() {
            let m = m?;
            if !m.is_current() {
                continue;
            }
            let Some(r) = self.get_id::<Resident>(m.resident)? else {
                continue;
            };
            let Some(h) = self.get_id::<Household>(r.household)? else {
                continue;
            };
            if !scope.sees(h.community, h.grid) {
                continue;
            }
            let group = m
                .group
                .and_then(|g| groups.get(&g))
                .map(|g| g.name.clone())
                .unwrap_or_default();
            out.push(MemberRow {
                member: m,
                household: h.id,
                grid: h.grid,
                address: h.address,
                group,
            });
        }
        out.sort_by(|a, b| {
            (a.address.to_string(), &a.member.name).cmp(&(b.address.to_string(), &b.member.name))
        });
        Ok(out)
    }

    /// The party groups on grids in `scope`, by name, with their members counted.
    pub fn party_groups(&self, scope: &Scope) -> Result<Vec<GroupRow>> {
        let grids: BTreeMap<Id, Grid> = self
            .all::<Grid>()
            .map(|g| g.map(|g| (g.id, g)))
            .collect::<Result<_>>()?;
        let members: Vec<PartyMember> = self.all::<PartyMember>().collect::<Result<_>>()?;
        let mut out = Vec::new();
        for g in self.all::<PartyGroup>() {
            let g = g?;
            if !scope.sees(g.community, g.grid) {
                continue;
            }
            let leader = self
                .get_id::<Resident>(g.leader)?
                .map(|r| r.name)
                .unwrap_or_default();
            let count = members
                .iter()
                .filter(|m| m.is_current() && m.group == Some(g.id))
                .count() as u32;
            out.push(GroupRow {
                grid: grids
                    .get(&g.grid)
                    .map(|x| x.name.clone())
                    .unwrap_or_default(),
                leader,
                members: count,
                group: g,
            });
        }
        out.sort_by(|a, b| a.group.name.cmp(&b.group.name));
        Ok(out)
    }

    /// The 中心户 in `scope` with their links, in door order; links outside `scope` left out.
    pub fn central_households(&self, scope: &Scope) -> Result<Vec<CentralRow>> {
        let mut out = Vec::new();
        for c in self.all::<CentralHousehold>() {
            let c = c?;
            let Some(h) = self.get_id::<Household>(c.household)? else {
                continue;
            };
            if !scope.sees(h.community, h.grid) {
                continue;
            }
            let mut links = Vec::new();
            for l in &c.links {
                if let Some(n) = self.get_id::<Household>(l.household)? {
                    if scope.sees(n.community, n.grid) {
                        links.push((n.address, l.since));
                    }
                }
            }
            links.sort_by_key(|(a, _)| a.to_string());
            out.push(CentralRow {
                household: h.id,
                grid: h.grid,
                address: h.address,
                links,
            });
        }
        out.sort_by_key(|r| r.address.to_string());
        Ok(out)
    }

    /// The names of the communities of `grids` (those a caller sees), to name a place after
    /// its community when they are several.
    pub fn community_names<'a>(
        &self,
        grids: impl IntoIterator<Item = &'a Grid>,
    ) -> Result<CommunityNames> {
        let ids: BTreeSet<Id> = grids.into_iter().map(|g| g.community).collect();
        let mut seen = Vec::new();
        for id in ids {
            if let Some(c) = self.get_id::<Community>(id)? {
                seen.push((c.id, c.name));
            }
        }
        Ok(CommunityNames::new(seen))
    }

    /// Which grids in `scope` have no party group (grids with doors: those with no grids
    /// under them), which buildings no 中心户, and how many households each 中心户 looks
    /// after.
    pub fn party_coverage(&self, scope: &Scope) -> Result<PartyCoverage> {
        let mut cov = PartyCoverage::default();
        let with_group: BTreeSet<Id> = self
            .all::<PartyGroup>()
            .map(|g| g.map(|g| g.grid))
            .collect::<Result<_>>()?;
        let grids: Vec<Grid> = self.all::<Grid>().collect::<Result<_>>()?;
        let parents: BTreeSet<Id> = grids.iter().filter_map(|g| g.parent).collect();
        let communities: BTreeMap<Id, String> = self
            .all::<Community>()
            .map(|c| c.map(|c| (c.id, c.name)))
            .collect::<Result<_>>()?;
        let seen: Vec<Grid> = grids
            .into_iter()
            .filter(|g| scope.sees(g.community, g.id) && !parents.contains(&g.id))
            .collect();
        let names = self.community_names(&seen)?;
        for g in seen {
            cov.grids += 1;
            if !with_group.contains(&g.id) {
                cov.grids_without_group
                    .push(names.place(g.community, &g.name));
            }
        }
        let centrals = self.central_households(scope)?;
        let mut with_central = BTreeSet::new();
        for c in &centrals {
            if let Some(h) = self.get_id::<Household>(c.household)? {
                with_central.insert(h.building);
            }
            cov.households_per_central
                .push((c.address, c.links.len() as u32));
        }
        for b in self.all::<Building>() {
            let b = b?;
            if !scope.sees(b.community, b.grid) {
                continue;
            }
            cov.buildings += 1;
            if !with_central.contains(&b.id) {
                let name = communities.get(&b.community).cloned().unwrap_or_default();
                cov.buildings_without_central.push((name, b.number));
            }
        }
        cov.grids_without_group.sort();
        cov.buildings_without_central.sort();
        Ok(cov)
    }
}

/// Links and unlinks households of a 中心户 inside a write: each linked household in
/// `scope`, the links valid afterwards, each unlinked one linked before.
fn relink(
    t: &Txn,
    scope: &Scope,
    c: &mut CentralHousehold,
    link: &[Id],
    unlink: &[Id],
    since: Day,
) -> TxResult<()> {
    // The list as asked is checked before any household is read: a list naming one
    // household a million times is refused at its second, not after a million reads.
    c.links.extend(link.iter().map(|h| PartyLink {
        household: *h,
        since,
    }));
    if let Err(e) = c.validate() {
        return refuse(e.0);
    }
    for h in link {
        household_in(t, scope, *h)?;
    }
    for h in unlink {
        let before = c.links.len();
        c.links.retain(|l| l.household != *h);
        if c.links.len() == before {
            return refuse("that household is not linked to this 中心户; `gridbook member central` lists its links");
        }
    }
    Ok(())
}

/// A 中心户 inside a write, in `scope`.
fn central_in(t: &Txn, scope: &Scope, household: Id) -> TxResult<CentralHousehold> {
    let h = household_in(t, scope, household)?;
    match t.get::<CentralHousehold>(&keys::id(household))? {
        Some(c) => Ok(c),
        None => refuse(format!(
            "{} is not a 中心户; make it one with `gridbook member central` first",
            h.address
        )),
    }
}

/// A group as it will be: its grid and leader in `scope`, the leader a current member, its
/// name new in the community.
fn place_group(
    t: &Txn,
    scope: &Scope,
    mut g: PartyGroup,
    others: &[PartyGroup],
) -> TxResult<PartyGroup> {
    let Some(grid) = t.get::<Grid>(&keys::id(g.grid))? else {
        return refuse(format!("there is no grid {}", g.grid));
    };
    if !scope.sees(grid.community, grid.id) {
        return outside(format!(
            "the grid “{}” is outside the grids you look after; put the group on one of yours",
            quote(&grid.name)
        ));
    }
    g.community = grid.community;
    let (r, _) = resident_in(t, scope, g.leader)?;
    let is_member = t
        .get::<PartyMember>(&keys::id(r.id))?
        .is_some_and(|m| m.is_current());
    if let Err(e) = g.validate(is_member) {
        return refuse(e.0);
    }
    if others
        .iter()
        .any(|o| o.community == g.community && o.name == g.name)
    {
        return refuse(format!(
            "there is a party group called “{}” already; choose another name",
            quote(&g.name)
        ));
    }
    Ok(g)
}

impl Store {
    /// A store written before households found their 中心户 by index gets the index once, on
    /// open. Says what it did, if anything.
    pub(super) fn index_central_links(&self) -> Result<Option<String>> {
        let index = self.tree(TreeId::CentralByHousehold);
        if !index.is_empty() || self.tree(TreeId::CentralHouseholds).is_empty() {
            return Ok(None);
        }
        let mut batch = sled::Batch::default();
        let mut n = 0u64;
        for c in self.all::<CentralHousehold>() {
            for (_, k) in crate::store::entity::Entity::index_keys(&c?) {
                batch.insert(k, &[][..]);
                n += 1;
            }
        }
        if n == 0 {
            return Ok(None);
        }
        index.apply_batch(batch)?;
        self.durable()?;
        Ok(Some(format!(
            "indexed the {n} households linked to a 中心户, so a household finds its 中心户 at once"
        )))
    }
}

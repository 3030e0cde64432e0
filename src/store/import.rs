//! Importing a roster: matching its households and people to the store, planning every
//! record first, then writing all of it or none — in one transaction when it is small, and
//! through a journal that is rolled back on the next open when a large write is cut short.
//! An import in a grid captain's scope may only write into her grids.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::{codec, keys, read_u64, Entity, Result, Store, StoreError, Stored, TreeId, LAST_ID};
use crate::io::columns::Column;
use crate::io::roster::{Roster, RosterHousehold, RosterPerson};
use crate::io::Problems;
use crate::model::scope::Scope;
use crate::model::{
    Building, Community, Grid, Household, Id, Relation, Residence, Resident, Street,
};

/// How an import is to be done.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ImportOptions {
    /// The community for rows that do not name one (else the title row's).
    pub community: Option<String>,
    /// The street of a community the import creates, for rows that do not name one (else
    /// the title row's).
    pub street: Option<String>,
    /// Create a community the file names when the store has none of that name (into a
    /// store with no community yet, the file's communities are created without it).
    pub create_community: bool,
    /// Plan and report, write nothing.
    pub dry_run: bool,
    /// Up to this many records (with their index entries) go in one sled transaction;
    /// more go through the journal.
    pub transaction_limit: usize,
}

/// Records in one transaction at most. Measured (release build, 2 cores): the two paths
/// take the same time (5,600 records 0.14 s against 0.11 s; 22,000 records 0.59 s against
/// 0.55 s; 56,000 records 1.73 s against 1.68 s), but sled holds a transaction's writes in
/// memory at about 13 KB a record (305 MB peak for 22,000 records, against 63 MB through the
/// journal). Small imports keep the plain all-or-nothing of one transaction; beyond this the
/// journal keeps memory flat on a low-end laptop.
pub const TRANSACTION_LIMIT: usize = 5_000;

impl Default for ImportOptions {
    fn default() -> Self {
        ImportOptions {
            community: None,
            street: None,
            create_community: false,
            dry_run: false,
            transaction_limit: TRANSACTION_LIMIT,
        }
    }
}

/// What an import did (or, on a dry run, would do).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportSummary {
    pub streets_created: Vec<String>,
    pub communities_created: Vec<String>,
    pub grids_created: Vec<String>,
    pub buildings_created: u64,
    pub buildings_updated: u64,
    pub households_created: u64,
    pub households_updated: u64,
    pub households_unchanged: u64,
    pub residents_created: u64,
    pub residents_updated: u64,
    pub residents_unchanged: u64,
    /// `transaction`, `journal`, or `none` (a dry run, or nothing to write).
    pub method: String,
    pub written: bool,
}

/// The outcome of an import: what was (or would be) done, and every error and warning.
#[derive(Debug, Clone, Default)]
pub struct ImportOutcome {
    pub summary: ImportSummary,
    pub problems: Problems,
    /// Why the import was refused outright (a row outside the importer's scope); nothing
    /// was written.
    pub refused: Option<String>,
    /// When the import wrote into a store with no households or residents: what it wrote.
    pub fresh: Option<Fresh>,
}

/// The households and residents an import wrote into a store that had none: with the
/// store's communities, everything its search index is made of, so the index is built from
/// them rather than read back from the store.
#[derive(Debug, Clone, Default)]
pub struct Fresh {
    pub households: Vec<Household>,
    pub residents: Vec<Resident>,
    /// The store's people generation once they were written (the saved index's stamp).
    pub generation: u64,
}

/// Progress of a long import: (stage, done, total).
pub type Progress<'a> = &'a dyn Fn(&str, u64, u64);

/// A record to write, and what it replaces.
struct Change<T> {
    new: T,
    old: Option<T>,
}

#[derive(Default)]
struct Plan {
    streets: Vec<Street>,
    communities: Vec<Community>,
    grids: Vec<Grid>,
    buildings: Vec<Change<Building>>,
    households: Vec<Change<Household>>,
    residents: Vec<Change<Resident>>,
    /// The last id the store had handed out when the plan was made.
    last_id: Id,
    next_id: Id,
    /// The first row outside the importer's scope, as the sentence that refuses the import.
    refused: Option<String>,
    /// The store had no households or residents when the plan was made.
    fresh: bool,
}

impl Plan {
    fn id(&mut self) -> Id {
        self.next_id += 1;
        self.next_id
    }

    fn records(&self) -> usize {
        self.streets.len()
            + self.communities.len()
            + self.grids.len()
            + self.buildings.len()
            + self.households.len()
            + self.residents.len()
    }
}

/// The places known while planning: existing ones and those the import creates.
struct Places {
    streets: Vec<Street>,
    communities: Vec<Community>,
    grids: Vec<Grid>,
    buildings: Vec<Building>,
    /// (community, number) → index in `buildings`.
    building_at: HashMap<(Id, u32), usize>,
    /// Ids of places this import creates.
    created: std::collections::HashSet<Id>,
    /// Buildings whose size grew.
    grown: std::collections::HashSet<usize>,
    /// Households in new buildings whose grid is not named: (community, building, row,
    /// people).
    ungridded: Vec<(Id, u32, usize, usize)>,
}

/// Where a household's community was named: the fix a problem suggests depends on it.
#[derive(Clone, Copy)]
enum Named {
    Column,
    Option,
    Title,
}

fn strip_community(name: &str) -> &str {
    let n = name.trim();
    n.strip_suffix("社区").unwrap_or(n)
}

impl Store {
    /// Plans the import of a roster and, unless it is a dry run or anything is wrong, writes
    /// it all or nothing. Errors in the roster (or found while matching) come back in the
    /// outcome with nothing written; a store failure is an `Err`.
    pub fn import_roster(
        &self,
        by: &str,
        roster: &Roster,
        opts: &ImportOptions,
        progress: Progress<'_>,
    ) -> Result<ImportOutcome> {
        self.import_roster_in(by, roster, opts, &Scope::everything(), progress)
    }

    /// The same, for someone who may write only inside `scope`: a row whose household,
    /// building or people are outside it, or that would create a street, community or grid
    /// (unless the scope is everything), refuses the whole import and nothing is written.
    pub fn import_roster_in(
        &self,
        by: &str,
        roster: &Roster,
        opts: &ImportOptions,
        scope: &Scope,
        progress: Progress<'_>,
    ) -> Result<ImportOutcome> {
        let mut problems = roster.problems.clone();
        let mut summary = ImportSummary {
            method: "none".into(),
            ..ImportSummary::default()
        };
        if !problems.errors.is_empty() {
            return Ok(ImportOutcome {
                summary,
                problems,
                ..ImportOutcome::default()
            });
        }
        let plan = self.plan(roster, opts, scope, &mut problems, &mut summary, progress)?;
        if plan.refused.is_some() {
            return Ok(ImportOutcome {
                summary: ImportSummary {
                    method: "none".into(),
                    ..ImportSummary::default()
                },
                problems: Problems::default(),
                refused: plan.refused,
                fresh: None,
            });
        }
        problems.sort();
        if !problems.errors.is_empty() || opts.dry_run || plan.records() == 0 {
            return Ok(ImportOutcome {
                summary,
                problems,
                ..ImportOutcome::default()
            });
        }
        if plan.records() <= opts.transaction_limit {
            self.write_in_transaction(by, &plan)?;
            summary.method = "transaction".into();
        } else {
            // Other writes wait until a large import stands (or is rolled back).
            self.alone(|| self.write_with_journal(by, &plan, &summary, progress))?;
            summary.method = "journal".into();
        }
        summary.written = true;
        let fresh = match plan.fresh {
            true => Some(Fresh {
                households: plan.households.into_iter().map(|c| c.new).collect(),
                residents: plan.residents.into_iter().map(|c| c.new).collect(),
                generation: self.people_generation()?,
            }),
            false => None,
        };
        Ok(ImportOutcome {
            summary,
            problems,
            refused: None,
            fresh,
        })
    }

    fn plan(
        &self,
        roster: &Roster,
        opts: &ImportOptions,
        scope: &Scope,
        problems: &mut Problems,
        summary: &mut ImportSummary,
        progress: Progress<'_>,
    ) -> Result<Plan> {
        let last_id = read_u64(self.tree(TreeId::Meta).get(LAST_ID)?);
        let mut plan = Plan {
            last_id,
            next_id: last_id,
            ..Plan::default()
        };
        let overview = self.overview()?;
        let mut places = Places {
            building_at: overview
                .buildings
                .iter()
                .enumerate()
                .map(|(i, b)| ((b.community, b.number), i))
                .collect(),
            streets: overview.streets,
            communities: overview.communities,
            grids: overview.grids,
            buildings: overview.buildings,
            created: Default::default(),
            grown: Default::default(),
            ungridded: Vec::new(),
        };
        let store_is_empty =
            self.count(TreeId::Households)? == 0 && self.count(TreeId::Residents)? == 0;
        plan.fresh = store_is_empty;
        let communities = self.communities_for(roster, opts, &mut places, &mut plan, problems);
        let total = roster.households.len() as u64;
        for (n, rh) in roster.households.iter().enumerate() {
            if n % 4096 == 0 {
                progress("checking", n as u64, total);
            }
            let Some(community) = communities[n] else {
                continue;
            };
            let Some(building) = self.building_for(rh, community, &mut places, &mut plan) else {
                continue;
            };
            let grid = match &rh.grid {
                Some(name) => self.grid_named(name, community, &mut places, &mut plan),
                None => places.buildings[building].grid,
            };
            if !scope.all {
                plan.refused = outside_scope(rh, community, grid, building, &places, scope);
                if plan.refused.is_some() {
                    return Ok(plan);
                }
            }
            self.plan_household(
                roster,
                rh,
                community,
                grid,
                &places.buildings[building],
                store_is_empty,
                scope,
                &mut plan,
                problems,
            )?;
            if plan.refused.is_some() {
                return Ok(plan);
            }
        }
        progress("checking", total, total);
        ungridded(roster, &places, problems);
        for (i, b) in places.buildings.iter().enumerate() {
            if places.created.contains(&b.id) {
                plan.buildings.push(Change {
                    new: b.clone(),
                    old: None,
                });
            } else if places.grown.contains(&i) {
                let old = self.get_id::<Building>(b.id)?;
                plan.buildings.push(Change {
                    new: b.clone(),
                    old,
                });
            }
        }
        for s in &places.streets {
            if places.created.contains(&s.id) {
                summary.streets_created.push(s.name.clone());
                plan.streets.push(s.clone());
            }
        }
        for c in &places.communities {
            if places.created.contains(&c.id) {
                summary.communities_created.push(c.name.clone());
                plan.communities.push(c.clone());
            }
        }
        for g in &places.grids {
            if places.created.contains(&g.id) {
                summary.grids_created.push(g.name.clone());
                plan.grids.push(g.clone());
            }
        }
        summary.buildings_created =
            plan.buildings.iter().filter(|c| c.old.is_none()).count() as u64;
        summary.buildings_updated = plan.buildings.len() as u64 - summary.buildings_created;
        summary.households_created =
            plan.households.iter().filter(|c| c.old.is_none()).count() as u64;
        summary.households_updated = plan.households.len() as u64 - summary.households_created;
        summary.residents_created =
            plan.residents.iter().filter(|c| c.old.is_none()).count() as u64;
        summary.residents_updated = plan.residents.len() as u64 - summary.residents_created;
        summary.households_unchanged =
            roster.households.len() as u64 - plan.households.len() as u64;
        summary.residents_unchanged =
            (roster.people as u64).saturating_sub(plan.residents.len() as u64);
        if !problems.errors.is_empty() {
            summary.households_unchanged = 0;
            summary.residents_unchanged = 0;
        }
        Ok(plan)
    }

    /// The community of every household (None where it cannot be had), each problem that is
    /// the same for many rows said once with the number of rows. A household's community is
    /// named by its 社区 cell, else --community, else the title row. One the store lacks is
    /// created when the store has no community yet or --create-community is given, in the
    /// street its rows' 街道 cells, --street or the title row name (or the store's only one).
    fn communities_for(
        &self,
        roster: &Roster,
        opts: &ImportOptions,
        places: &mut Places,
        plan: &mut Plan,
        problems: &mut Problems,
    ) -> Vec<Option<Id>> {
        let title = roster.header.title.as_ref();
        let mut out = vec![None; roster.households.len()];
        // (name without 社区, name as written, where it was named, households)
        let mut groups: Vec<(String, String, Named, Vec<usize>)> = Vec::new();
        let mut group_of: HashMap<String, usize> = HashMap::new();
        let mut unnamed = Vec::new();
        for (i, rh) in roster.households.iter().enumerate() {
            let named = rh
                .community
                .as_deref()
                .map(|n| (n, Named::Column))
                .or_else(|| opts.community.as_deref().map(|n| (n, Named::Option)))
                .or_else(|| {
                    title
                        .and_then(|t| t.community.as_deref())
                        .map(|n| (n, Named::Title))
                })
                .filter(|(n, _)| !n.trim().is_empty());
            let Some((name, source)) = named else {
                unnamed.push(i);
                continue;
            };
            let bare = strip_community(name);
            match group_of.get(bare) {
                Some(&g) => groups[g].3.push(i),
                None => {
                    group_of.insert(bare.to_string(), groups.len());
                    groups.push((bare.to_string(), name.trim().to_string(), source, vec![i]));
                }
            }
        }
        let known: Vec<String> = places.communities.iter().map(|c| c.name.clone()).collect();
        let may_create = opts.create_community || known.is_empty();
        let rows = |households: &[usize]| {
            let n: usize = households
                .iter()
                .map(|&h| roster.households[h].people.len())
                .sum();
            crate::i18n::count(n, "row", "rows")
        };
        if !unnamed.is_empty() {
            let n = rows(&unnamed);
            problems.error(
                0,
                None,
                match known.first() {
                    Some(first) => format!(
                        "no community is named for {n}; add --community NAME, such as --community {first} (or a 社区 column)"
                    ),
                    None => format!(
                        "no community is named for {n}; add --street NAME and --community NAME (or 街道 and 社区 columns)"
                    ),
                },
            );
        }
        let col = roster.header.name(Column::Community);
        for (bare, name, source, households) in groups {
            if let Some(c) = places
                .communities
                .iter()
                .find(|c| strip_community(&c.name) == bare)
            {
                for h in households {
                    out[h] = Some(c.id);
                }
                continue;
            }
            let n = rows(&households);
            if !may_create {
                let names: Vec<&str> = known.iter().map(String::as_str).collect();
                let closest = crate::model::place::closest_name(&names, &name).unwrap_or_default();
                let name = crate::model::shown::quote(&name);
                match source {
                    Named::Column => problems.error(
                        roster.households[households[0]].row,
                        Some(col),
                        format!(
                            "there is no community called {name} ({n}); the closest is {closest}: write {closest} there, or add --create-community to create {name}"
                        ),
                    ),
                    Named::Option | Named::Title => problems.error(
                        0,
                        None,
                        format!(
                            "there is no community called {name} ({n}); the closest is {closest}: use --community {closest}, or add --create-community to create {name}"
                        ),
                    ),
                }
                continue;
            }
            let street_name = households
                .iter()
                .find_map(|&h| roster.households[h].street.as_deref())
                .or(opts.street.as_deref())
                .or_else(|| title.and_then(|t| t.street.as_deref()))
                .map(str::trim)
                .filter(|s| !s.is_empty());
            let street = match street_name {
                Some(s) => match places.streets.iter().find(|x| x.name == s) {
                    Some(x) => x.id,
                    None => {
                        let id = plan.id();
                        places.streets.push(Street {
                            id,
                            name: s.to_string(),
                        });
                        places.created.insert(id);
                        id
                    }
                },
                None if places.streets.len() == 1 => places.streets[0].id,
                None => {
                    let name = crate::model::shown::quote(&name);
                    problems.error(
                        0,
                        None,
                        format!(
                            "the community {name} is new and no street is named for it ({n}); add --street NAME (or a 街道 column)"
                        ),
                    );
                    continue;
                }
            };
            let id = plan.id();
            places.communities.push(Community { id, street, name });
            places.created.insert(id);
            for h in households {
                out[h] = Some(id);
            }
        }
        out
    }

    /// A grid of the community by name, created (at level 1) when missing.
    fn grid_named(&self, name: &str, community: Id, places: &mut Places, plan: &mut Plan) -> Id {
        let name = name.trim();
        if let Some(g) = places
            .grids
            .iter()
            .find(|g| g.community == community && g.name == name)
        {
            return g.id;
        }
        let id = plan.id();
        places.grids.push(Grid {
            id,
            community,
            parent: None,
            level: 1,
            name: name.to_string(),
            captain: None,
        });
        places.created.insert(id);
        id
    }

    /// The building of a household, created when missing and grown to fit its doors; None
    /// (noted in `places.ungridded`) when it is new and no grid is named for it.
    fn building_for(
        &self,
        rh: &RosterHousehold,
        community: Id,
        places: &mut Places,
        plan: &mut Plan,
    ) -> Option<usize> {
        let a = rh.address;
        let floor = a.floor().clamp(1, u16::from(u8::MAX)) as u8;
        if let Some(&i) = places.building_at.get(&(community, a.building)) {
            let b = &mut places.buildings[i];
            if b.entrances < a.entrance || b.floors < floor {
                b.entrances = b.entrances.max(a.entrance);
                b.floors = b.floors.max(floor);
                places.grown.insert(i);
            }
            return Some(i);
        }
        let grid = match &rh.grid {
            Some(name) => self.grid_named(name, community, places, plan),
            None => {
                let grids: Vec<&Grid> = places
                    .grids
                    .iter()
                    .filter(|g| g.community == community && g.level == 1)
                    .collect();
                if grids.len() == 1 {
                    grids[0].id
                } else {
                    // Said once for all such buildings of the community, after every row.
                    places
                        .ungridded
                        .push((community, a.building, rh.row, rh.people.len()));
                    return None;
                }
            }
        };
        let id = plan.id();
        places.buildings.push(Building {
            id,
            community,
            grid,
            number: a.building,
            entrances: a.entrance.max(1),
            floors: floor,
        });
        places.created.insert(id);
        let i = places.buildings.len() - 1;
        places.building_at.insert((community, a.building), i);
        Some(i)
    }

    /// The household at an address with its people: matched by ID number, else by address
    /// and name, else new.
    #[allow(clippy::too_many_arguments)]
    fn plan_household(
        &self,
        roster: &Roster,
        rh: &RosterHousehold,
        community: Id,
        grid: Id,
        building: &Building,
        store_is_empty: bool,
        scope: &Scope,
        plan: &mut Plan,
        problems: &mut Problems,
    ) -> Result<()> {
        let existing = if store_is_empty || building.id > plan.last_id {
            None
        } else {
            self.household_at(building.id, rh.address)?
        };
        if let Some(h) = existing
            .as_ref()
            .filter(|h| !scope.sees(h.community, h.grid))
        {
            plan.refused = Some(format!(
                "row {} ({}) is a household outside the grids you look after; nothing was imported — ask a street admin to import it",
                rh.row, h.address
            ));
            return Ok(());
        }
        let existing_people: Vec<Resident> = match &existing {
            Some(h) => self.residents_of(h.id)?,
            None => Vec::new(),
        };
        let household_id = existing.as_ref().map_or_else(|| plan.id(), |h| h.id);
        let mut people: Vec<(Resident, Option<Resident>)> = Vec::new();
        for p in &rh.people {
            let old = if store_is_empty {
                None
            } else {
                self.match_person(p, &existing_people)?
            };
            if let Some(o) = &old {
                if o.household != household_id && !scope.all {
                    let theirs = self.get_id::<Household>(o.household)?;
                    if theirs.is_some_and(|h| !scope.sees(h.community, h.grid)) {
                        // The row and its column, never the person: who holds the number
                        // is not the importer's to know.
                        plan.refused = Some(format!(
                            "row {}, column {}: that ID number is registered at a household outside the grids you look after; nothing was imported — ask a street admin to import it",
                            p.row,
                            roster.header.name(Column::IdNumber)
                        ));
                        return Ok(());
                    }
                }
                if o.household != household_id {
                    problems.warn(
                        p.row,
                        Some(roster.header.name(Column::Name)),
                        format!(
                            "{} was registered at another household; they are moved to {}",
                            o.name, rh.address
                        ),
                    );
                }
            }
            let id = old.as_ref().map_or_else(|| plan.id(), |o| o.id);
            people.push((
                resident_from(roster, p, id, household_id, old.as_ref()),
                old,
            ));
        }
        // One 户主 a household: the file's and those on file it leaves as they are.
        let mut heads: Vec<(&str, usize)> = existing_people
            .iter()
            .filter(|r| r.relation == Relation::Head && !people.iter().any(|(p, _)| p.id == r.id))
            .map(|r| (r.name.as_str(), 0))
            .collect();
        heads.extend(
            people
                .iter()
                .zip(&rh.people)
                .filter(|((r, _), _)| r.relation == Relation::Head)
                .map(|((r, _), p)| (r.name.as_str(), p.row)),
        );
        // (Only a head the file brings is its fault; the last of them names the row.)
        if let [(first, _), .., (second, row @ 1..)] = heads.as_slice() {
            problems.error(
                *row,
                Some(roster.header.name(Column::Relation)),
                format!(
                    "{} would have two 户主, {first} and {second}; give one of them another relation, such as 配偶",
                    rh.address
                ),
            );
            return Ok(());
        }
        // The head: the one the roster marks, else the one on file, else the first person.
        let marked = rh
            .people
            .iter()
            .zip(&people)
            .find(|(p, _)| p.relation == Some(Relation::Head))
            .map(|(_, (r, _))| r.id);
        let on_file = existing.as_ref().and_then(|h| h.head);
        if marked.is_none() && on_file.is_none() {
            if let (Some((first, _)), Some(p)) = (people.first_mut(), rh.people.first()) {
                if p.relation.is_none() {
                    first.relation = Relation::Head;
                }
                if roster.has(Column::Relation) {
                    problems.warn(
                        p.row,
                        Some(roster.header.name(Column::Relation)),
                        format!(
                            "no one at {} is marked 户主, so {} was taken as the head",
                            rh.address, first.name
                        ),
                    );
                }
            }
        }
        let head = marked
            .or(on_file)
            .or_else(|| people.first().map(|(r, _)| r.id));
        let head_phone = people
            .iter()
            .find(|(r, _)| Some(r.id) == head)
            .map(|(r, _)| r.phone.clone())
            .filter(|p| !p.is_empty())
            .or_else(|| {
                people
                    .iter()
                    .map(|(r, _)| r.phone.clone())
                    .find(|p| !p.is_empty())
            });
        let care_tags = match (&existing, roster.has(Column::Tags)) {
            (Some(h), false) => h.care_tags.clone(),
            _ => {
                let in_file: Vec<Id> = people.iter().map(|(r, _)| r.id).collect();
                let mut t: Vec<_> = people
                    .iter()
                    .flat_map(|(r, _)| r.care_tags.iter().copied())
                    .chain(
                        existing_people
                            .iter()
                            .filter(|r| !in_file.contains(&r.id))
                            .flat_map(|r| r.care_tags.iter().copied()),
                    )
                    .collect();
                t.sort();
                t.dedup();
                t
            }
        };
        let household = Household {
            id: household_id,
            community,
            grid,
            building: building.id,
            address: rh.address,
            head,
            phone: head_phone
                .or_else(|| existing.as_ref().map(|h| h.phone.clone()))
                .unwrap_or_default(),
            care_tags,
            captain: existing.as_ref().and_then(|h| h.captain),
            // What the roster does not say of the flat stays as it was.
            status: existing.as_ref().and_then(|h| h.status),
            landlord: existing.as_ref().and_then(|h| h.landlord.clone()),
            tenancy: existing.as_ref().and_then(|h| h.tenancy),
            note: existing
                .as_ref()
                .map(|h| h.note.clone())
                .unwrap_or_default(),
        };
        // Unchanged records are not written again.
        for (r, old) in people {
            if old.as_ref() != Some(&r) {
                plan.residents.push(Change { new: r, old });
            }
        }
        if existing.as_ref() != Some(&household) {
            plan.households.push(Change {
                new: household,
                old: existing,
            });
        }
        Ok(())
    }

    fn household_at(&self, building: Id, a: crate::model::Address) -> Result<Option<Household>> {
        let prefix = keys::join(&[&keys::id(building), &[a.entrance], &a.room.to_be_bytes()]);
        match self.index_ids(TreeId::HouseholdsByBuilding, &prefix).next() {
            Some(id) => self.get_id::<Household>(id?),
            None => Ok(None),
        }
    }

    fn residents_of(&self, household: Id) -> Result<Vec<Resident>> {
        let mut out = Vec::new();
        for id in self.index_ids(TreeId::ResidentsByHousehold, &keys::id(household)) {
            if let Some(r) = self.get_id::<Resident>(id?)? {
                out.push(r);
            }
        }
        Ok(out)
    }

    /// The resident on file for a roster person: by ID number anywhere, else by name at the
    /// same address.
    fn match_person(&self, p: &RosterPerson, at_address: &[Resident]) -> Result<Option<Resident>> {
        if !p.id_number.is_empty() {
            let mut prefix = p.id_number.as_bytes().to_vec();
            prefix.truncate(18);
            for id in self.index_ids(TreeId::ResidentsByIdNumber, &prefix) {
                if let Some(r) = self.get_id::<Resident>(id?)? {
                    if r.id_number.eq_ignore_ascii_case(&p.id_number) {
                        return Ok(Some(r));
                    }
                }
            }
        }
        Ok(at_address
            .iter()
            .find(|r| r.name == p.name && (p.id_number.is_empty() || r.id_number.is_empty()))
            .cloned())
    }

    fn write_in_transaction(&self, by: &str, plan: &Plan) -> Result<()> {
        self.write(by, |t| {
            let meta = t.tree(TreeId::Meta);
            let last = read_u64(meta.get(LAST_ID).map_err(super::lift)?);
            if last != plan.last_id {
                return t.fail(crate::model::Invalid::new(
                    "the store changed while the roster was being checked; run the import again",
                ));
            }
            meta.insert(LAST_ID, &plan.next_id.to_be_bytes()[..])
                .map_err(super::lift)?;
            for s in &plan.streets {
                t.put(s)?;
            }
            for c in &plan.communities {
                t.put(c)?;
            }
            for g in &plan.grids {
                t.put(g)?;
            }
            for b in &plan.buildings {
                t.put(&b.new)?;
            }
            for h in &plan.households {
                t.put(&h.new)?;
            }
            for r in &plan.residents {
                t.put(&r.new)?;
            }
            Ok(())
        })
    }

    /// The large path. The journal — the old value of every record the import replaces, the
    /// range of ids it hands out and the counters before it — is made durable first; then
    /// the records go in through batches; then one durable removal of the journal's header
    /// is the commit. An import cut short leaves the header, and the next open rolls back.
    fn write_with_journal(
        &self,
        by: &str,
        plan: &Plan,
        summary: &ImportSummary,
        progress: Progress<'_>,
    ) -> Result<()> {
        let meta_tree = self.tree(TreeId::Meta);
        if read_u64(meta_tree.get(LAST_ID)?) != plan.last_id {
            return Err(crate::model::Invalid::new(
                "the store changed while the roster was being checked; run the import again",
            )
            .into());
        }
        let header = JournalHeader {
            first_id: plan.last_id + 1,
            last_id: plan.next_id,
            counters: JOURNALED
                .iter()
                .map(|t| Ok((*t as u8, self.count(*t)?)))
                .collect::<Result<_>>()?,
        };
        let mut journal = sled::Batch::default();
        let mut olds = 0u64;
        // The replaced records' old values, for the trail: (tree, key, bytes).
        let mut replaced: Vec<(TreeId, Vec<u8>, Vec<u8>)> = Vec::new();
        let mut keep_old = |tree: TreeId, key: &[u8]| -> Result<()> {
            if let Some(bytes) = self.tree(tree).get(key)? {
                replaced.push((tree, key.to_vec(), bytes.to_vec()));
                journal.insert(old_key(tree, key), bytes);
                olds += 1;
            }
            Ok(())
        };
        for b in plan.buildings.iter().filter(|c| c.old.is_some()) {
            keep_old(TreeId::Buildings, &b.new.key())?;
        }
        for h in plan.households.iter().filter(|c| c.old.is_some()) {
            keep_old(TreeId::Households, &h.new.key())?;
        }
        for r in plan.residents.iter().filter(|c| c.old.is_some()) {
            keep_old(TreeId::Residents, &r.new.key())?;
        }
        journal.insert(JOURNAL, codec::encode(&header)?);
        journal.insert(LAST_ID, &plan.next_id.to_be_bytes()[..]);
        meta_tree.apply_batch(journal)?;
        self.durable()?;
        crate::log::line(
            self.dir(),
            &format!(
                "import started: ids {} to {}, {olds} records replaced",
                header.first_id, header.last_id
            ),
        );

        let mut w = Writer::new(self, by);
        let total = plan.records() as u64;
        progress("preparing", 0, total);
        for s in &plan.streets {
            w.put(s, None)?;
        }
        for c in &plan.communities {
            w.put(c, None)?;
        }
        for g in &plan.grids {
            w.put(g, None)?;
        }
        for b in &plan.buildings {
            w.put(&b.new, b.old.as_ref())?;
        }
        for h in &plan.households {
            w.put(&h.new, h.old.as_ref())?;
        }
        for r in &plan.residents {
            w.put(&r.new, r.old.as_ref())?;
        }
        let meta = w.meta.clone();
        // The grid rollups the reports read count the households it wrote: into a store
        // with none, their entries go in with the records; else they are made again.
        let rollups_fresh = plan.fresh && self.tree(TreeId::Rollups).is_empty();
        if rollups_fresh {
            let entries =
                super::rollup::of_new_households(&meta, plan.households.iter().map(|c| &c.new))?;
            w.inserts[TreeId::Rollups as usize].extend(entries);
        }
        w.finish(progress)?;
        super::tally::after_plain_writes(self)?;
        if !rollups_fresh {
            super::rollup::after_plain_writes(self)?;
        }
        self.durable()?;
        progress("writing", total, total);
        // The trail: each record replaced, before and after, and a note of the whole import.
        let mut changes = Vec::with_capacity(replaced.len());
        for (tree, key, before) in replaced {
            let after = self
                .tree(tree)
                .get(&key)?
                .map(|v| v.to_vec())
                .unwrap_or_default();
            changes.push((tree, key, before, after));
        }
        // The ids it handed out, when it created anything.
        let ids = if header.first_id <= header.last_id {
            format!(" (ids {} to {})", header.first_id, header.last_id)
        } else {
            String::new()
        };
        let note = format!(
            "imported a roster: {} households, {} residents, {} buildings, {} grids, {} communities created, {} updated{ids}",
            summary.households_created,
            summary.residents_created,
            summary.buildings_created,
            summary.grids_created.len(),
            summary.communities_created.len(),
            changes.len(),
        );
        // The commit: once the header is gone, the import stands, its entries in the trail.
        self.commit_with_entries(&meta, &changes, "import", &note, JOURNAL)?;
        self.durable()?;
        clear_old_values(self)?;
        crate::log::line(self.dir(), "import finished");
        Ok(())
    }
}

/// One error for each community with new buildings whose grid is not named, with how many
/// buildings and rows: one missing 网格 column is one problem, not one per row.
fn ungridded(roster: &Roster, places: &Places, problems: &mut Problems) {
    let mut communities: Vec<Id> = places.ungridded.iter().map(|u| u.0).collect();
    communities.sort_unstable();
    communities.dedup();
    let has_column = roster.has(Column::Grid);
    for c in communities {
        let of: Vec<_> = places.ungridded.iter().filter(|u| u.0 == c).collect();
        let mut buildings: Vec<u32> = of.iter().map(|u| u.1).collect();
        buildings.sort_unstable();
        buildings.dedup();
        let rows: usize = of.iter().map(|u| u.3).sum();
        let (first, rows) = (of[0].2, crate::i18n::count(rows, "row", "rows"));
        let new = crate::i18n::count(buildings.len(), "new building has", "new buildings have");
        let grids: Vec<&str> = places
            .grids
            .iter()
            .filter(|g| g.community == c && g.level == 1)
            .map(|g| g.name.as_str())
            .collect();
        let fix = if has_column {
            "write each one's grid in the 网格 column"
        } else {
            "add a 网格 column naming each one's grid"
        };
        let message = if grids.is_empty() {
            format!("{new} no grid named ({rows}); {fix}")
        } else {
            format!(
                "{new} no grid named ({rows}); {fix}, one of {}",
                grids.join(", ")
            )
        };
        let column = roster.header.name(Column::Grid);
        match has_column {
            true => problems.error(first, Some(column), message),
            false => problems.error(0, None, message),
        }
    }
}

/// Why a row may not be imported by someone with `scope`, or None when it may: its household's
/// grid and its building must be in scope, and it may not create a street, community or grid.
fn outside_scope(
    rh: &RosterHousehold,
    community: Id,
    grid: Id,
    building: usize,
    places: &Places,
    scope: &Scope,
) -> Option<String> {
    let b = &places.buildings[building];
    let grid_name = |id: Id| {
        places
            .grids
            .iter()
            .find(|g| g.id == id)
            .map_or_else(String::new, |g| g.name.clone())
    };
    let (row, address) = (rh.row, rh.address);
    if places.created.contains(&community) || places.created.contains(&grid) {
        return Some(format!(
            "row {row} ({address}) names a community or grid the store does not have, and only a street admin may create one; nothing was imported"
        ));
    }
    for (c, g) in [(community, grid), (b.community, b.grid)] {
        if !scope.sees(c, g) {
            return Some(format!(
                "row {row} ({address}) is in {}, outside the grids you look after; nothing was imported — ask a street admin to import it",
                grid_name(g)
            ));
        }
    }
    None
}

/// A resident from a roster person, keeping what the roster does not say from the record
/// on file.
fn resident_from(
    roster: &Roster,
    p: &RosterPerson,
    id: Id,
    household: Id,
    old: Option<&Resident>,
) -> Resident {
    let keep = |c: Column| roster.has(c);
    Resident {
        id,
        household,
        name: p.name.clone(),
        sex: p.sex,
        birth: p.birth,
        id_number: if p.id_number.is_empty() {
            old.map(|o| o.id_number.clone()).unwrap_or_default()
        } else {
            p.id_number.clone()
        },
        phone: if keep(Column::Phone) {
            p.phone.clone()
        } else {
            old.map(|o| o.phone.clone()).unwrap_or_default()
        },
        relation: p
            .relation
            .or(old.map(|o| o.relation))
            .unwrap_or(Relation::Other),
        residence: p
            .residence
            .or(old.map(|o| o.residence))
            .unwrap_or(Residence::Resident),
        care_tags: if keep(Column::Tags) {
            p.care_tags.clone()
        } else {
            old.map(|o| o.care_tags.clone()).unwrap_or_default()
        },
        party_member: p
            .party_member
            .or(old.map(|o| o.party_member))
            .unwrap_or(false),
        // A person the roster lists lives there: a former resident is current again.
        left: None,
    }
}

/// The trees an import writes records to, whose counters the journal keeps.
/// The indexes over the journaled records; each entry's last eight bytes are its record's id.
const JOURNALED_INDEXES: [TreeId; 5] = [
    TreeId::HouseholdsByBuilding,
    TreeId::HouseholdsByCaptain,
    TreeId::ResidentsByHousehold,
    TreeId::FormerResidentsByHousehold,
    TreeId::ResidentsByIdNumber,
];

const JOURNALED: [TreeId; 6] = [
    TreeId::Streets,
    TreeId::Communities,
    TreeId::Grids,
    TreeId::Buildings,
    TreeId::Households,
    TreeId::Residents,
];

/// The meta key of an import in progress.
const JOURNAL: &[u8] = b"import/journal";
/// The prefix of the old values an import in progress replaces.
const OLD_PREFIX: &[u8] = b"import/old/";

fn old_key(tree: TreeId, key: &[u8]) -> Vec<u8> {
    keys::join(&[OLD_PREFIX, &[tree as u8], key])
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct JournalHeader {
    first_id: Id,
    last_id: Id,
    counters: Vec<(u8, u64)>,
}

/// One tree's keys and values to write.
type TreeEntries = (TreeId, Vec<(Vec<u8>, Vec<u8>)>);

/// The bulk writer: every key of the import is gathered first, each tree's keys sorted, and
/// then written in key order, two trees at a time. Sorted appends keep sled's pages few and
/// whole; atomicity comes from the journal, so no batch has to hold the whole import.
struct Writer<'a> {
    store: &'a Store,
    inserts: Vec<Vec<(Vec<u8>, Vec<u8>)>>,
    removes: Vec<Vec<Vec<u8>>>,
    added: Vec<u64>,
    meta: super::Meta,
    /// Once a laptop replica exists, imported records go in the change log so they reach it;
    /// before that, a laptop's first copy carries them anyway.
    log: bool,
}

impl<'a> Writer<'a> {
    fn new(store: &'a Store, by: &str) -> Writer<'a> {
        Writer {
            store,
            inserts: TreeId::ALL.iter().map(|_| Vec::new()).collect(),
            removes: TreeId::ALL.iter().map(|_| Vec::new()).collect(),
            added: vec![0; TreeId::ALL.len()],
            meta: store.meta(by),
            log: store.has_replicas().unwrap_or(true),
        }
    }

    fn put<E: Entity>(&mut self, value: &E, old: Option<&E>) -> Result<()> {
        match old {
            Some(old) => {
                for (index, k) in old.index_keys() {
                    self.removes[index as usize].push(k);
                }
            }
            None => self.added[E::TREE as usize] += 1,
        }
        for (index, k) in value.index_keys() {
            let v = value.index_value(index);
            self.inserts[index as usize].push((k, v));
        }
        if self.log {
            let (change, clocks) = super::sync::imported(&self.meta, value, old.is_some())?;
            self.inserts[TreeId::Changes as usize].push((change, Vec::new()));
            if let Some(clocks) = clocks {
                self.inserts[TreeId::FieldClocks as usize].push(clocks);
            }
        }
        let stored = Stored {
            meta: self.meta.clone(),
            value,
        };
        self.inserts[E::TREE as usize].push((value.key(), codec::encode(&stored)?));
        Ok(())
    }

    fn finish(mut self, progress: Progress<'_>) -> Result<()> {
        for id in TreeId::ALL {
            let tree = self.store.tree(id);
            for k in std::mem::take(&mut self.removes[id as usize]) {
                tree.remove(k)?;
            }
        }
        let mut work: Vec<TreeEntries> = TreeId::ALL
            .into_iter()
            .map(|id| (id, std::mem::take(&mut self.inserts[id as usize])))
            .filter(|(_, v)| !v.is_empty())
            .collect();
        let total: u64 = work.iter().map(|(_, v)| v.len() as u64).sum();
        // Two lanes of about equal work: the largest trees first, each to the lighter lane.
        work.sort_by_key(|(_, v)| std::cmp::Reverse(v.len()));
        let mut lanes: [Vec<TreeEntries>; 2] = [Vec::new(), Vec::new()];
        let mut load = [0usize; 2];
        for w in work {
            let lane = usize::from(load[1] < load[0]);
            load[lane] += w.1.len();
            lanes[lane].push(w);
        }
        let [mine, theirs] = lanes;
        let store = self.store;
        let write_lane = |lane: Vec<TreeEntries>, report: &dyn Fn(u64)| -> Result<()> {
            let mut done = 0u64;
            for (id, mut entries) in lane {
                entries.sort_unstable_by(|a, b| a.0.cmp(&b.0));
                let tree = store.tree(id);
                for (k, v) in entries {
                    tree.insert(k, v)?;
                    done += 1;
                    if done.is_multiple_of(65_536) {
                        report(done);
                    }
                }
            }
            Ok(())
        };
        std::thread::scope(|scope| -> Result<()> {
            let other = scope.spawn(move || write_lane(theirs, &|_| {}));
            write_lane(mine, &|done| progress("writing", done * 2, total))?;
            other.join().map_err(|_| {
                StoreError::Invalid(crate::model::Invalid::new(
                    "the import's writer thread failed; run the import again",
                ))
            })?
        })?;
        let meta = self.store.tree(TreeId::Meta);
        for id in TreeId::ALL {
            let n = self.added[id as usize];
            if n > 0 {
                let total = self.store.count(id)? + n;
                meta.insert(id.counter_key(), &total.to_be_bytes()[..])?;
            }
        }
        Ok(())
    }
}

fn clear_old_values(store: &Store) -> Result<()> {
    let meta = store.tree(TreeId::Meta);
    let mut batch = sled::Batch::default();
    let mut any = false;
    for k in meta.scan_prefix(OLD_PREFIX).keys() {
        batch.remove(k?);
        any = true;
    }
    if any {
        meta.apply_batch(batch)?;
    }
    Ok(())
}

/// The index entries a stored record of a journaled tree implies.
fn index_keys_of(tree: TreeId, bytes: &[u8]) -> Result<Vec<(TreeId, Vec<u8>)>> {
    fn of<E: Entity>(bytes: &[u8]) -> Result<Vec<(TreeId, Vec<u8>)>> {
        Ok(codec::decode::<Stored<E>>(bytes)?.value.index_keys())
    }
    match tree {
        TreeId::Streets => of::<Street>(bytes),
        TreeId::Communities => of::<Community>(bytes),
        TreeId::Grids => of::<Grid>(bytes),
        TreeId::Buildings => of::<Building>(bytes),
        TreeId::Households => of::<Household>(bytes),
        TreeId::Residents => of::<Resident>(bytes),
        other => Err(StoreError::Codec(codec::CodecError::Malformed(format!(
            "the import journal names the tree {}, which imports never write",
            other.name()
        )))),
    }
}

/// Rolls back an import that was cut short, if there is one; says what it did.
/// Run when the store opens, before anything reads it. Safe to run again if cut short itself.
pub fn recover(store: &Store) -> Result<Option<String>> {
    let meta = store.tree(TreeId::Meta);
    let Some(bytes) = meta.get(JOURNAL)? else {
        if meta.scan_prefix(OLD_PREFIX).next().is_some() {
            clear_old_values(store)?;
            store.durable()?;
        }
        return Ok(None);
    };
    let header: JournalHeader = codec::decode(&bytes)?;
    // The import wrote records and index entries in separate batches, so a kill can leave
    // either without the other. Every index entry ends with its record's id: sweep the
    // index trees of the journaled records and drop each entry that belongs to a record
    // the import created or replaced; the replaced records' old entries go back below.
    let mut replaced: Vec<(TreeId, Vec<u8>, sled::IVec)> = Vec::new();
    for kv in meta.scan_prefix(OLD_PREFIX) {
        let (k, old) = kv?;
        let rest = &k[OLD_PREFIX.len()..];
        let Some((&tree_byte, key)) = rest.split_first() else {
            continue;
        };
        let Some(tree) = JOURNALED.into_iter().find(|t| *t as u8 == tree_byte) else {
            continue;
        };
        replaced.push((tree, key.to_vec(), old));
    }
    let replaced_ids: std::collections::HashSet<&[u8]> =
        replaced.iter().map(|(_, key, _)| key.as_slice()).collect();
    let (first, last) = (keys::id(header.first_id), keys::id(header.last_id));
    for index in JOURNALED_INDEXES {
        let t = store.tree(index);
        let mut stale = Vec::new();
        for kv in t.iter() {
            let (k, _) = kv?;
            let Some(id) = k.len().checked_sub(8).map(|at| &k[at..]) else {
                continue;
            };
            if (id >= &first[..] && id <= &last[..]) || replaced_ids.contains(id) {
                stale.push(k);
            }
        }
        for k in stale {
            t.remove(k)?;
        }
    }
    // Records the import created: every key in its id range.
    let mut removed = 0u64;
    for tree in JOURNALED {
        let t = store.tree(tree);
        let found: Vec<sled::IVec> = t
            .range(first..=last)
            .keys()
            .collect::<std::result::Result<_, _>>()?;
        for k in found {
            t.remove(k)?;
            removed += 1;
        }
    }
    // Records it replaced: back to their old values, with their old index entries.
    let mut restored = 0u64;
    for (tree, key, old) in replaced {
        for (index, ik) in index_keys_of(tree, &old)? {
            store.tree(index).insert(ik, &[][..])?;
        }
        store.tree(tree).insert(key, old)?;
        restored += 1;
    }
    for (tree_byte, n) in &header.counters {
        if let Some(tree) = JOURNALED.into_iter().find(|t| *t as u8 == *tree_byte) {
            meta.insert(tree.counter_key(), &n.to_be_bytes()[..])?;
        }
    }
    super::tally::after_plain_writes(store)?;
    super::rollup::after_plain_writes(store)?;
    store.raise_people_generation()?;
    store.durable()?;
    meta.remove(JOURNAL)?;
    store.durable()?;
    clear_old_values(store)?;
    store.durable()?;
    Ok(Some(format!(
        "rolled back an import that was cut short: {removed} records it had added were removed and {restored} it had changed were restored"
    )))
}

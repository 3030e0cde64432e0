//! Campaigns (战时) in the store: starting and ending one, door checks (one small record an
//! attempt, indexed by campaign and household with its time and result), the staff sent down
//! to its grids, and the tally and next door derived from the roster and the checks.
//!
//! 应查 is never typed, and nothing is written per household at the start: it is each grid's
//! count of households now, kept with every household write (`tally`), so starting a
//! campaign writes one record however large the city, and a household added later (or moved
//! into its grids) joins it. The tally reads those counters, a few keys a grid.

use std::collections::{BTreeSet, HashMap};

use super::{keys, Result, Store, StoreError, TreeId, Txn};
use crate::model::campaign::{comes_back, CampaignState};
use crate::model::time::{Day, Instant};
use crate::model::{Building, Campaign, DoorCheck, Grid, Household, Id, Invalid, SentDown, Tally};

fn abort<T>(e: StoreError) -> super::TxResult<T> {
    Err(sled::transaction::ConflictableTransactionError::Abort(e))
}

fn invalid<T>(msg: impl Into<String>) -> super::TxResult<T> {
    abort(StoreError::Invalid(Invalid::new(msg)))
}

fn outside() -> StoreError {
    StoreError::OutOfScope(super::captains::OUTSIDE.into())
}

/// Whether a grid is one of the campaign's or lies below one of them, read in a transaction.
fn covers(t: &Txn, c: &Campaign, grid: Id) -> super::TxResult<bool> {
    let mut at = Some(grid);
    // Grids are at most four levels deep.
    for _ in 0..5 {
        let Some(g) = at else { break };
        if c.grids.contains(&g) {
            return Ok(true);
        }
        at = t.get::<Grid>(&keys::id(g))?.and_then(|g| g.parent);
    }
    Ok(false)
}

/// The latest attempt at one door: when, its id, and the result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Latest {
    pub at: Instant,
    pub id: Id,
    pub result: String,
}

/// The households a campaign covers, grid by grid, in door order: (grid, community, households).
pub type Doors = Vec<(Id, Id, Vec<Id>)>;

impl Store {
    /// Starts a campaign over grids that exist; a second campaign of the same name is refused
    /// while the first has not ended.
    pub fn start_campaign(&self, by: &str, c: &Campaign) -> Result<Campaign> {
        let mut c = c.clone();
        c.ended = None;
        c.validate()?;
        let running: Vec<Campaign> = self.all::<Campaign>().collect::<Result<_>>()?;
        if running
            .iter()
            .any(|o| o.name == c.name && o.ended.is_none())
        {
            return Err(StoreError::Invalid(Invalid::new(format!(
                "a campaign called “{}” is already under way; end it or choose another name",
                crate::model::shown::quote(&c.name)
            ))));
        }
        self.write_in(by, &[TreeId::Grids, TreeId::Campaigns], |t| {
            let mut c = c.clone();
            for g in &c.grids {
                if t.get::<Grid>(&keys::id(*g))?.is_none() {
                    return invalid(format!("there is no grid {g}"));
                }
            }
            c.id = t.next_id()?;
            t.put(&c)?;
            Ok(c)
        })
    }

    /// Ends a campaign by hand on `day`; an ended one is refused.
    pub fn end_campaign(&self, by: &str, id: Id, day: Day) -> Result<Campaign> {
        self.write_in(by, &[TreeId::Campaigns], |t| {
            let Some(mut c) = t.get::<Campaign>(&keys::id(id))? else {
                return abort(StoreError::NotFound(format!("there is no campaign {id}")));
            };
            if c.ended.is_some() {
                return invalid(format!(
                    "the campaign “{}” has already ended",
                    crate::model::shown::quote(&c.name)
                ));
            }
            c.ended = Some((day, by.to_string()));
            t.put(&c)?;
            Ok(c)
        })
    }

    /// Every campaign, oldest first.
    pub fn campaigns(&self) -> Result<Vec<Campaign>> {
        self.all::<Campaign>().collect()
    }

    /// The grids a campaign covers: its own and every grid below them.
    pub fn campaign_grids(&self, c: &Campaign) -> Result<BTreeSet<Id>> {
        let grids: Vec<Grid> = self.all::<Grid>().collect::<Result<_>>()?;
        Ok(crate::model::scope::with_grids_below(
            c.grids.iter().copied(),
            &grids,
        ))
    }

    /// The households of the campaign's grids (and the grids below them) now, grid by grid
    /// in door order (building number, entrance, room), of the grids `sees` lets through; a
    /// grid above others with no household of its own has no line. Every household is read:
    /// a household may lie in another grid than its building, and 应查 is the roster's.
    pub fn campaign_doors(&self, c: &Campaign, sees: &dyn Fn(Id, Id) -> bool) -> Result<Doors> {
        let all: Vec<Grid> = self.all::<Grid>().collect::<Result<_>>()?;
        let covered = crate::model::scope::with_grids_below(c.grids.iter().copied(), &all);
        let grids: Vec<(Id, Id)> = all
            .iter()
            .filter(|g| covered.contains(&g.id) && sees(g.community, g.id))
            .map(|g| (g.id, g.community))
            .collect();
        let above: BTreeSet<Id> = all.iter().filter_map(|g| g.parent).collect();
        let numbers: HashMap<Id, u32> = self
            .all::<Building>()
            .map(|b| b.map(|b| (b.id, b.number)))
            .collect::<Result<_>>()?;
        let mut found: Vec<(Id, u32, u8, u16, Id)> = Vec::new();
        for h in self.all::<Household>() {
            let h = h?;
            if grids.iter().any(|(g, _)| *g == h.grid) {
                let number = numbers
                    .get(&h.building)
                    .copied()
                    .unwrap_or(h.address.building);
                found.push((h.grid, number, h.address.entrance, h.address.room, h.id));
            }
        }
        found.sort_unstable();
        Ok(grids
            .into_iter()
            .map(|(g, community)| {
                let doors: Vec<Id> = found.iter().filter(|d| d.0 == g).map(|d| d.4).collect();
                (g, community, doors)
            })
            .filter(|(g, _, doors)| !doors.is_empty() || !above.contains(g))
            .collect())
    }

    /// The latest attempt at each door checked in a campaign, read from the index alone.
    pub fn latest_checks(&self, campaign: Id) -> Result<HashMap<Id, Latest>> {
        self.latest_checks_through(campaign, Day::MAX)
    }

    /// The same as it stood at the end of `day` (attempts made later left out).
    pub fn latest_checks_through(&self, campaign: Id, day: Day) -> Result<HashMap<Id, Latest>> {
        let mut out: HashMap<Id, Latest> = HashMap::new();
        for kv in self
            .tree(TreeId::DoorChecksByCampaign)
            .scan_prefix(keys::id(campaign))
        {
            let (k, v) = kv?;
            let (Some(household), Some(id)) = (keys::read_id(&k, 8), keys::last_id(&k)) else {
                continue;
            };
            let Some(at) = v
                .get(..8)
                .and_then(|b| <[u8; 8]>::try_from(b).ok())
                .map(|b| (u64::from_be_bytes(b) ^ (1 << 63)) as i64)
            else {
                continue;
            };
            if day != Day::MAX && crate::model::time::local_day(at) > day {
                continue;
            }
            let result = String::from_utf8_lossy(&v[8..]).into_owned();
            let this = Latest { at, id, result };
            match out.get(&household) {
                Some(l) if (l.at, l.id) >= (this.at, this.id) => {}
                _ => {
                    out.insert(household, this);
                }
            }
        }
        Ok(out)
    }

    /// The tally of a campaign per grid (of the grids `sees` lets through) and in total,
    /// read from the counters kept with every write (`tally`): a few keys a grid, however
    /// many households. A grid above others with no household of its own has no line.
    pub fn campaign_tally(
        &self,
        c: &Campaign,
        sees: &dyn Fn(Id, Id) -> bool,
    ) -> Result<(Vec<(Id, Tally)>, Tally)> {
        let all: Vec<Grid> = self.all::<Grid>().collect::<Result<_>>()?;
        let covered = crate::model::scope::with_grids_below(c.grids.iter().copied(), &all);
        let above: BTreeSet<Id> = all.iter().filter_map(|g| g.parent).collect();
        let mut total = Tally::default();
        let mut grids = Vec::new();
        for g in all
            .iter()
            .filter(|g| covered.contains(&g.id) && sees(g.community, g.id))
        {
            let t = self.grid_tally(c.id, g.id)?;
            if t.due == 0 && above.contains(&g.id) {
                continue;
            }
            total.add(&t);
            grids.push((g.id, t));
        }
        Ok((grids, total))
    }

    /// The households of a grid of a campaign, in door order (building number, entrance, room).
    pub fn grid_doors(&self, grid: Id) -> Result<Vec<Id>> {
        let mut numbers: HashMap<Id, u32> = HashMap::new();
        let mut found: Vec<(u32, u8, u16, Id)> = Vec::new();
        for id in self.grid_households(grid)? {
            let Some(h) = self.get_id::<Household>(id)? else {
                continue;
            };
            let number = match numbers.get(&h.building) {
                Some(n) => *n,
                None => {
                    let n = self
                        .get_id::<Building>(h.building)?
                        .map_or(h.address.building, |b| b.number);
                    numbers.insert(h.building, n);
                    n
                }
            };
            found.push((number, h.address.entrance, h.address.room, h.id));
        }
        found.sort_unstable();
        Ok(found.into_iter().map(|d| d.3).collect())
    }

    /// The households of one building that lie in `grids`, in door order (entrance, room): a
    /// household may lie in another grid than its building.
    pub fn building_doors(&self, building: Id, grids: &BTreeSet<Id>) -> Result<Vec<Household>> {
        let mut doors = Vec::new();
        for id in self.index_ids(TreeId::HouseholdsByBuilding, &keys::id(building)) {
            if let Some(h) = self.get_id::<Household>(id?)? {
                if grids.contains(&h.grid) {
                    doors.push(h);
                }
            }
        }
        Ok(doors)
    }

    /// The next door to knock at among `doors` (a grid's or a building's, in door order): the
    /// first not checked at all after `after` (wrapping round), else the first to try again.
    pub fn next_door(
        &self,
        c: &Campaign,
        doors: &[Id],
        after: Option<Id>,
    ) -> Result<Option<Household>> {
        let start = after
            .and_then(|a| doors.iter().position(|d| *d == a))
            .map_or(0, |p| p + 1);
        // The latest result at each of these doors, from their attempts (`tally`).
        let mut latest: HashMap<Id, String> = HashMap::new();
        for h in doors {
            if let Some(r) = self.latest_result(c.id, *h)? {
                latest.insert(*h, r);
            }
        }
        let order = doors[start..].iter().chain(&doors[..start]);
        let pick = order.clone().find(|h| !latest.contains_key(h)).or_else(|| {
            order
                .clone()
                .find(|h| latest.get(h).is_some_and(|r| comes_back(r)))
        });
        match pick {
            Some(h) => self.get_id::<Household>(*h),
            None => Ok(None),
        }
    }

    /// Records one attempt at a door, checked in its transaction: the campaign not ended, the
    /// household in its grids and where `may` says the writer may check, the result one of
    /// the campaign's (异常 with a note). Every attempt is kept.
    pub fn check_door(
        &self,
        by: &str,
        check: &DoorCheck,
        may: &(dyn Fn(&Household) -> bool + Sync),
    ) -> Result<DoorCheck> {
        let trees = [
            TreeId::Grids,
            TreeId::Households,
            TreeId::Campaigns,
            TreeId::DoorChecks,
            TreeId::DoorChecksByCampaign,
            TreeId::CampaignTallies,
        ];
        self.write_in(by, &trees, |t| {
            let mut d = check.clone();
            let Some(c) = t.get::<Campaign>(&keys::id(d.campaign))? else {
                return abort(StoreError::NotFound(format!(
                    "there is no campaign {}",
                    d.campaign
                )));
            };
            let Some(h) = t.get::<Household>(&keys::id(d.household))? else {
                return abort(StoreError::NotFound(format!(
                    "there is no household {}",
                    d.household
                )));
            };
            if !may(&h) {
                return abort(outside());
            }
            if c.state(crate::model::time::local_day(d.at)) == CampaignState::Ended {
                return invalid(format!(
                    "the campaign “{}” has ended; its doors are no longer checked",
                    crate::model::shown::quote(&c.name)
                ));
            }
            if !covers(t, &c, h.grid)? {
                return invalid(format!(
                    "{} is not in the grids of the campaign “{}”",
                    h.address,
                    crate::model::shown::quote(&c.name)
                ));
            }
            d.result = match c.result(&d.result) {
                Ok(r) => r,
                Err(e) => return abort(StoreError::Invalid(e)),
            };
            d.note = d.note.trim().to_string();
            if let Err(e) = d.validate(&c) {
                return abort(StoreError::Invalid(e));
            }
            d.id = t.next_id()?;
            t.put(&d)?;
            Ok(d)
        })
    }

    /// Every attempt at every door of a campaign, oldest first.
    pub fn campaign_checks(&self, campaign: Id) -> Result<Vec<DoorCheck>> {
        let mut out = Vec::new();
        for id in self.index_ids(TreeId::DoorChecksByCampaign, &keys::id(campaign)) {
            if let Some(d) = self.get_id::<DoorCheck>(id?)? {
                out.push(d);
            }
        }
        out.sort_by_key(|d| (d.at, d.id));
        Ok(out)
    }

    /// Every attempt at one door in a campaign, oldest first.
    pub fn door_checks(&self, campaign: Id, household: Id) -> Result<Vec<DoorCheck>> {
        let prefix = keys::join(&[&keys::id(campaign), &keys::id(household)]);
        let mut out = Vec::new();
        for id in self.index_ids(TreeId::DoorChecksByCampaign, &prefix) {
            if let Some(d) = self.get_id::<DoorCheck>(id?)? {
                out.push(d);
            }
        }
        out.sort_by_key(|d| (d.at, d.id));
        Ok(out)
    }

    /// Registers someone sent down to one of a running campaign's grids.
    pub fn add_sent_down(&self, by: &str, s: &SentDown) -> Result<SentDown> {
        s.validate()?;
        self.write_in(
            by,
            &[TreeId::Grids, TreeId::Campaigns, TreeId::SentDown],
            |t| {
                let mut s = s.clone();
                let Some(c) = t.get::<Campaign>(&keys::id(s.campaign))? else {
                    return abort(StoreError::NotFound(format!(
                        "there is no campaign {}",
                        s.campaign
                    )));
                };
                if c.ended.is_some() {
                    return invalid(format!(
                        "the campaign “{}” has ended; nobody more is sent down to it",
                        crate::model::shown::quote(&c.name)
                    ));
                }
                let Some(g) = t.get::<Grid>(&keys::id(s.grid))? else {
                    return invalid(format!("there is no grid {}", s.grid));
                };
                if !covers(t, &c, g.id)? {
                    return invalid(format!(
                        "the grid “{}” is not one of the campaign's grids",
                        crate::model::shown::quote(&g.name)
                    ));
                }
                s.community = g.community;
                s.person = s.person.trim().to_string();
                s.unit = s.unit.trim().to_string();
                s.user = s.user.trim().to_string();
                s.id = t.next_id()?;
                t.put(&s)?;
                Ok(s)
            },
        )
    }

    /// Someone sent down leaves on `day`: from the day after they may no longer check doors.
    pub fn sent_down_leaves(&self, by: &str, id: Id, day: Day) -> Result<SentDown> {
        self.write_in(by, &[TreeId::SentDown], |t| {
            let Some(mut s) = t.get::<SentDown>(&keys::id(id))? else {
                return abort(StoreError::NotFound(format!(
                    "there is no one sent down with number {id}"
                )));
            };
            if day < s.arrived {
                return invalid("they cannot leave before they arrived; pick a later day");
            }
            s.left = Some(day);
            t.put(&s)?;
            Ok(s)
        })
    }

    /// Everyone sent down to a campaign, in the order registered.
    pub fn sent_down(&self, campaign: Id) -> Result<Vec<SentDown>> {
        let all: Vec<SentDown> = self.all::<SentDown>().collect::<Result<_>>()?;
        Ok(all.into_iter().filter(|s| s.campaign == campaign).collect())
    }

    /// The (campaign, grid) pairs where a user is on duty on `day`, of campaigns not ended:
    /// what someone sent down may see and check, and nothing else.
    pub fn on_duty(&self, user: &str, day: Day) -> Result<Vec<(Id, Id)>> {
        let mut out = Vec::new();
        for s in self.all::<SentDown>() {
            let s = s?;
            if s.user != user || !s.on_duty(day) {
                continue;
            }
            if let Some(c) = self.get_id::<Campaign>(s.campaign)? {
                if c.ended.is_none() {
                    out.push((s.campaign, s.grid));
                }
            }
        }
        Ok(out)
    }
}

impl Store {
    /// What someone sent down (and not staff) may see on `day`: the grids they are on duty
    /// in, or None when they are on duty nowhere.
    pub fn sent_down_scope(
        &self,
        user: &str,
        day: Day,
    ) -> Result<Option<crate::model::scope::Scope>> {
        let duty = self.on_duty(user, day)?;
        if duty.is_empty() {
            return Ok(None);
        }
        let grids: Vec<Grid> = self.all::<Grid>().collect::<Result<_>>()?;
        Ok(Some(crate::model::scope::Scope {
            all: false,
            communities: Default::default(),
            grids: crate::model::scope::with_grids_below(duty.into_iter().map(|(_, g)| g), &grids),
        }))
    }

    /// Why a user sent down (and not staff) is on duty nowhere on `day`, in one sentence,
    /// from their latest registration: they left, its campaign ended, or they arrive later;
    /// None when they were never sent down.
    pub fn off_duty(&self, user: &str, day: Day) -> Result<Option<String>> {
        let mut latest: Option<SentDown> = None;
        for s in self.all::<SentDown>() {
            let s = s?;
            if s.user == user
                && latest
                    .as_ref()
                    .is_none_or(|l| (s.arrived, s.id) > (l.arrived, l.id))
            {
                latest = Some(s);
            }
        }
        let Some(s) = latest else {
            return Ok(None);
        };
        let name = match self.get_id::<Campaign>(s.campaign)? {
            Some(c) => {
                if let Some((ended, _)) = c.ended {
                    return Ok(Some(format!(
                        "the campaign “{}” you were sent down to ended on {}; ask a street admin if you are needed again",
                        crate::model::shown::quote(&c.name),
                        crate::model::time::day_text(ended)
                    )));
                }
                c.name
            }
            None => s.campaign.to_string(),
        };
        let name = crate::model::shown::quote(&name);
        Ok(Some(if s.arrived > day {
            format!(
                "you are sent down to the campaign “{name}” from {}; gridbook opens for you on that day",
                crate::model::time::day_text(s.arrived)
            )
        } else {
            let left = s
                .left
                .map_or_else(String::new, crate::model::time::day_text);
            format!(
                "you left the campaign “{name}” on {left}; ask a street admin if you are sent down again"
            )
        }))
    }
}

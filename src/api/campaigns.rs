//! Operations on campaigns (战时): starting and ending one (admins), the live tally per grid
//! and in total, checking a door, every attempt at a door, the next door to knock at, and the
//! staff sent down (下沉) to its grids.
//!
//! Scope: staff see and check the campaign's grids that their scope holds. Someone sent down
//! is no staff: they sign in as an OS user with no staff record, and while they are on duty
//! in a campaign not ended (arrived, not yet left) their caller holds only the grids they are
//! sent to and answers only these operations (and the reads that find an address).

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::{BackendError, Cx, Request, Result};
use crate::model::campaign::CampaignState;
use crate::model::time::{local_day, Day};
use crate::model::{Campaign, CampaignKind, DoorCheck, Household, Id, SentDown, Tally};
use crate::store::StoreError;

/// A campaign by its number, or the sentence that there is none.
fn campaign(cx: &Cx, id: Id) -> Result<Campaign> {
    cx.store.get_id::<Campaign>(id)?.ok_or_else(|| {
        BackendError::Store(StoreError::NotFound(format!("there is no campaign {id}")))
    })
}

/// The grids of a campaign (its own and those below them) the caller may see and check
/// now: her scope's, or for someone sent down, the grids they are on duty in for this
/// campaign today and those below them.
pub(crate) fn grids_for(cx: &Cx, c: &Campaign) -> Result<BTreeSet<Id>> {
    let all: Vec<crate::model::Grid> = cx.store.all().collect::<crate::store::Result<_>>()?;
    let covered = crate::model::scope::with_grids_below(c.grids.iter().copied(), &all);
    if cx.sent_down {
        let today = local_day(cx.store.now());
        let duty = cx
            .store
            .on_duty(&cx.user, today)?
            .into_iter()
            .filter(|(campaign, _)| *campaign == c.id)
            .map(|(_, g)| g);
        let mut mine = crate::model::scope::with_grids_below(duty, &all);
        mine.retain(|g| covered.contains(g));
        return Ok(mine);
    }
    Ok(all
        .iter()
        .filter(|g| covered.contains(&g.id) && cx.scope.sees(g.community, g.id))
        .map(|g| g.id)
        .collect())
}

/// Starts a campaign over some grids (admins only): 应查 is read from the roster whenever
/// the tally is, so nothing is written per household.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StartCampaign {
    pub name: String,
    pub kind: CampaignKind,
    pub grids: Vec<Id>,
    pub started: Day,
    pub deadline: Day,
    /// Empty: 正常, 异常, 无人在家, 拒绝.
    pub results: Vec<String>,
}

impl Request for StartCampaign {
    type Reply = Campaign;
    const ADMIN: bool = true;
    fn handle(self, cx: &Cx) -> Result<Campaign> {
        let c = Campaign::new(
            &self.name,
            self.kind,
            self.grids,
            self.started,
            self.deadline,
            self.results,
        );
        Ok(cx.store.start_campaign(&cx.user, &c)?)
    }
    fn touches(&self, _cx: &Cx) -> Option<Vec<Id>> {
        Some(Vec::new())
    }
}

/// Ends a campaign by hand (admins only).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EndCampaign {
    pub campaign: Id,
    pub day: Day,
}

impl Request for EndCampaign {
    type Reply = Campaign;
    const ADMIN: bool = true;
    fn handle(self, cx: &Cx) -> Result<Campaign> {
        Ok(cx.store.end_campaign(&cx.user, self.campaign, self.day)?)
    }
    fn touches(&self, _cx: &Cx) -> Option<Vec<Id>> {
        Some(Vec::new())
    }
}

/// One grid's line of a campaign's tally.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GridTally {
    pub grid: Id,
    pub name: String,
    pub tally: Tally,
}

/// A campaign as its status shows it: where it stands, its grids' tallies and the total.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CampaignLine {
    pub campaign: Campaign,
    pub state: CampaignState,
    pub grids: Vec<GridTally>,
    pub total: Tally,
    /// Sent down and on duty on the day asked about, in the caller's grids.
    pub on_duty: u64,
}

/// The campaigns under way (not ended) with a grid the caller may see, or the one asked for
/// (ended or not), each with its tally per grid and in total on `today`, newest first;
/// derived from the roster and the checks. An ended campaign is tallied only when asked for
/// by itself: each tally reads every household, and [`CampaignList`] names the ended ones.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct CampaignStatus {
    pub campaign: Option<Id>,
    pub today: Day,
}

impl Request for CampaignStatus {
    type Reply = Vec<CampaignLine>;
    const RESEND: bool = true;
    const CAMPAIGN: bool = true;
    fn handle(self, cx: &Cx) -> Result<Vec<CampaignLine>> {
        let mut out = Vec::new();
        let grid_names: Vec<crate::model::Grid> =
            cx.store.all().collect::<crate::store::Result<_>>()?;
        let name_of = |id: Id| {
            grid_names
                .iter()
                .find(|g| g.id == id)
                .map_or_else(|| id.to_string(), |g| g.name.clone())
        };
        let mut all = cx.store.campaigns()?;
        all.reverse();
        for c in all {
            match self.campaign {
                Some(id) if id != c.id => continue,
                None if c.ended.is_some() => continue,
                _ => {}
            }
            let mine = grids_for(cx, &c)?;
            if mine.is_empty() {
                continue;
            }
            let (grids, total) = cx.store.campaign_tally(&c, &|_, g| mine.contains(&g))?;
            let on_duty = cx
                .store
                .sent_down(c.id)?
                .iter()
                .filter(|s| mine.contains(&s.grid) && s.on_duty(self.today))
                .count() as u64;
            out.push(CampaignLine {
                state: c.state(self.today),
                grids: grids
                    .into_iter()
                    .map(|(grid, tally)| GridTally {
                        grid,
                        name: name_of(grid),
                        tally,
                    })
                    .collect(),
                total,
                on_duty,
                campaign: c,
            });
        }
        if let (Some(_), true) = (self.campaign, out.is_empty()) {
            return Err(super::outside());
        }
        Ok(out)
    }
}

/// One attempt at a door: the result (one of the campaign's, 异常 with a note), by the
/// caller, now. Every attempt is kept; the latest is the door's result.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CheckDoor {
    pub campaign: Id,
    pub household: Id,
    pub result: String,
    pub note: String,
}

impl Request for CheckDoor {
    type Reply = DoorCheck;
    const CAMPAIGN: bool = true;
    fn handle(self, cx: &Cx) -> Result<DoorCheck> {
        // Staff are held to their scope (and the campaign's grids) in the store's transaction;
        // only someone sent down needs the grids they are on duty in.
        let mine = if cx.sent_down {
            grids_for(cx, &campaign(cx, self.campaign)?)?
        } else {
            BTreeSet::new()
        };
        let scope = &cx.scope;
        let sent_down = cx.sent_down;
        let may = |h: &Household| {
            if sent_down {
                mine.contains(&h.grid)
            } else {
                scope.sees(h.community, h.grid)
            }
        };
        let check = DoorCheck {
            id: 0,
            campaign: self.campaign,
            household: self.household,
            result: self.result,
            note: self.note,
            by: cx.user.clone(),
            at: cx.store.now(),
        };
        Ok(cx.store.check_door(&cx.user, &check, &may)?)
    }
    fn touches(&self, _cx: &Cx) -> Option<Vec<Id>> {
        Some(vec![self.household])
    }
}

/// Every attempt at one door of a campaign, oldest first.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DoorChecks {
    pub campaign: Id,
    pub household: Id,
}

impl Request for DoorChecks {
    type Reply = Vec<DoorCheck>;
    const RESEND: bool = true;
    const CAMPAIGN: bool = true;
    fn handle(self, cx: &Cx) -> Result<Vec<DoorCheck>> {
        let c = campaign(cx, self.campaign)?;
        let h = cx.household(self.household)?;
        if !grids_for(cx, &c)?.contains(&h.grid) {
            return Err(super::outside());
        }
        Ok(cx.store.door_checks(c.id, h.id)?)
    }
}

/// The next door to knock at in a grid of the campaign, or in one building (its households
/// in the caller's grids of the campaign, whichever grid each lies in), after `after` in
/// door order: the first not checked at all, else the first to try again (无人在家, 拒绝);
/// None when every door has a settled result.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct NextDoor {
    pub campaign: Id,
    pub grid: Id,
    pub building: Option<Id>,
    pub after: Option<Id>,
}

impl Request for NextDoor {
    type Reply = Option<Household>;
    const RESEND: bool = true;
    const CAMPAIGN: bool = true;
    fn handle(self, cx: &Cx) -> Result<Option<Household>> {
        let c = campaign(cx, self.campaign)?;
        let mine = grids_for(cx, &c)?;
        if !mine.contains(&self.grid) {
            return Err(super::outside());
        }
        let doors: Vec<Id> = match self.building {
            Some(b) => building_doors(cx, &mine, b)?
                .into_iter()
                .map(|h| h.id)
                .collect(),
            None => cx.store.grid_doors(self.grid)?,
        };
        Ok(cx.store.next_door(&c, &doors, self.after)?)
    }
}

/// A building's households in `mine` (the caller's grids of a campaign), in door order; a
/// building that is not there, or has no door in them and lies outside them, is outside.
fn building_doors(cx: &Cx, mine: &BTreeSet<Id>, building: Id) -> Result<Vec<Household>> {
    let doors = cx.store.building_doors(building, mine)?;
    if doors.is_empty() {
        match cx.store.get_id::<crate::model::Building>(building)? {
            Some(b) if mine.contains(&b.grid) => {}
            _ => return Err(super::outside()),
        }
    }
    Ok(doors)
}

/// One door of a building in a campaign, with its latest attempt (None: 未查).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BuildingDoor {
    pub household: Id,
    pub latest: Option<DoorCheck>,
}

/// The doors of one building that the caller may check in a campaign (those in her grids
/// of it), in door order, each with its latest attempt: what the sweep of the building shows
/// while the campaign runs. A building with none of its doors in them answers no door.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BuildingDoors {
    pub campaign: Id,
    pub building: Id,
}

impl Request for BuildingDoors {
    type Reply = Vec<BuildingDoor>;
    const RESEND: bool = true;
    const CAMPAIGN: bool = true;
    fn handle(self, cx: &Cx) -> Result<Vec<BuildingDoor>> {
        let c = campaign(cx, self.campaign)?;
        let mine = grids_for(cx, &c)?;
        let mut out = Vec::new();
        for h in cx.store.building_doors(self.building, &mine)? {
            out.push(BuildingDoor {
                household: h.id,
                latest: cx.store.door_checks(c.id, h.id)?.pop(),
            });
        }
        Ok(out)
    }
}

/// Registers someone sent down (下沉) to one of a campaign's grids (admins only); they may
/// check its doors from `arrived` until they leave or the campaign ends.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AddSentDown {
    pub campaign: Id,
    pub person: String,
    pub unit: String,
    pub grid: Id,
    pub user: String,
    pub arrived: Day,
}

impl Request for AddSentDown {
    type Reply = SentDown;
    const ADMIN: bool = true;
    fn handle(self, cx: &Cx) -> Result<SentDown> {
        let s = SentDown {
            id: 0,
            campaign: self.campaign,
            person: self.person,
            unit: self.unit,
            community: 0,
            grid: self.grid,
            user: self.user,
            arrived: self.arrived,
            left: None,
        };
        Ok(cx.store.add_sent_down(&cx.user, &s)?)
    }
    fn touches(&self, _cx: &Cx) -> Option<Vec<Id>> {
        Some(Vec::new())
    }
}

/// Someone sent down leaves on a day (admins only).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SentDownLeaves {
    pub id: Id,
    pub day: Day,
}

impl Request for SentDownLeaves {
    type Reply = SentDown;
    const ADMIN: bool = true;
    fn handle(self, cx: &Cx) -> Result<SentDown> {
        Ok(cx.store.sent_down_leaves(&cx.user, self.id, self.day)?)
    }
    fn touches(&self, _cx: &Cx) -> Option<Vec<Id>> {
        Some(Vec::new())
    }
}

/// Everyone sent down to a campaign, on the caller's grids, in the order registered.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SentDownList {
    pub campaign: Id,
}

impl Request for SentDownList {
    type Reply = Vec<SentDown>;
    const RESEND: bool = true;
    const CAMPAIGN: bool = true;
    fn handle(self, cx: &Cx) -> Result<Vec<SentDown>> {
        let c = campaign(cx, self.campaign)?;
        let mine = grids_for(cx, &c)?;
        Ok(cx
            .store
            .sent_down(c.id)?
            .into_iter()
            .filter(|s| mine.contains(&s.grid))
            .collect())
    }
}

/// A campaign as a list names it: where it stands, no tally.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CampaignBrief {
    pub campaign: Campaign,
    pub state: CampaignState,
}

/// Every campaign with a grid the caller may see, ended or not, newest first, with where it
/// stands on `today`: read from the campaigns alone, so it costs nothing however large the
/// roster (for pickers and the ended ones of `campaign status`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CampaignList {
    pub today: Day,
}

impl Request for CampaignList {
    type Reply = Vec<CampaignBrief>;
    const RESEND: bool = true;
    const CAMPAIGN: bool = true;
    fn handle(self, cx: &Cx) -> Result<Vec<CampaignBrief>> {
        let mut out = Vec::new();
        for c in cx.store.campaigns()?.into_iter().rev() {
            if grids_for(cx, &c)?.is_empty() {
                continue;
            }
            out.push(CampaignBrief {
                state: c.state(self.today),
                campaign: c,
            });
        }
        Ok(out)
    }
}

/// Who the caller is on duty as: None for staff (and the owner), else the places they are
/// sent down to today, for the screens to open on their campaign and offer nothing else.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct MyDuty;

impl Request for MyDuty {
    type Reply = Option<Vec<SentDown>>;
    const RESEND: bool = true;
    const CAMPAIGN: bool = true;
    fn handle(self, cx: &Cx) -> Result<Option<Vec<SentDown>>> {
        if !cx.sent_down {
            return Ok(None);
        }
        let today = local_day(cx.store.now());
        let duty = cx.store.on_duty(&cx.user, today)?;
        let mut out = Vec::new();
        for s in cx.store.all::<SentDown>() {
            let s = s?;
            if s.user == cx.user && s.on_duty(today) && duty.contains(&(s.campaign, s.grid)) {
                out.push(s);
            }
        }
        Ok(Some(out))
    }
}

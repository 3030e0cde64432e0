//! The figures of the reports and ledgers: coverage, care-group visits on time, overdue
//! follow-ups, disputes per month, and a month's visits, cases and daily log. Plain functions
//! returning serializable structs, shared by `gridbook report`, `gridbook ledger` and the
//! TUI's report screen. Every figure can be taken over one caller's scope (the `_in`
//! functions); no figure ranks one member of staff against another.

use std::collections::{BTreeMap, HashMap};

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::{codec, keys, rollup, Result, Store, Stored, TreeId};
use crate::model::scope::Scope;
use crate::model::time::{date_of, day_of, local_day, Day, Instant};
use crate::model::{
    BuildingCaptain, CareTag, Community, Dispute, DisputeOutcome, DisputeStatus, FollowUp,
    FollowUpSource, Grid, Household, Id, MediationNote, Party, Resident, Visit,
};

/// Days within which a household counts as visited for coverage.
pub const COVERAGE_DAYS: Day = 30;

/// One line of the coverage report: a grid or a building captain's patch.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CoverageRow {
    pub community: String,
    /// The grid's name, or the captain's name for a patch ("" for households with none).
    pub name: String,
    pub households: u64,
    /// Households with a visit (any outcome) in the last 30 days.
    pub visited: u64,
    /// visited / households, 0 when there are none.
    pub share: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Coverage {
    pub today: NaiveDate,
    pub days: i32,
    pub total: CoverageRow,
    pub grids: Vec<CoverageRow>,
    pub captains: Vec<CoverageRow>,
}

/// Care-group visits on time for one care tag.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CareRow {
    pub tag: CareTag,
    /// Days between visits for this tag.
    pub interval: u16,
    pub households: u64,
    /// Households met within their interval (the shortest of their tags).
    pub on_time: u64,
    pub share: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Care {
    pub today: NaiveDate,
    pub tags: Vec<CareRow>,
    /// Every care-tagged household once.
    pub households: u64,
    pub on_time: u64,
    pub share: f64,
}

/// An overdue follow-up.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OverdueRow {
    pub id: Id,
    pub community: String,
    pub address: String,
    pub head: String,
    pub title: String,
    pub due: NaiveDate,
    pub days_overdue: i32,
    pub owner: String,
}

/// Disputes in one month.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DisputeMonth {
    /// `2026-11`.
    pub month: String,
    pub opened: u64,
    pub closed: u64,
    /// Of those closed in the month, how many were resolved by mediation.
    pub resolved: u64,
    /// resolved / closed, 0 when none closed.
    pub resolved_share: f64,
    /// Mean days from report to closing, of those closed in the month; None when none were.
    pub average_days_to_close: Option<f64>,
}

/// `part` of `whole` as a share from 0 to 1; 0 of nothing.
pub fn share(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

/// Names of places and heads, read once for a report or an export.
pub struct Directory {
    pub communities: HashMap<Id, Community>,
    pub grids: HashMap<Id, Grid>,
    pub households: HashMap<Id, Household>,
    heads: HashMap<Id, String>,
}

impl Directory {
    pub fn load(store: &Store) -> Result<Directory> {
        Directory::load_in(store, &Scope::everything())
    }

    /// The names of every place, and the households (with their heads) of one scope.
    pub fn load_in(store: &Store, scope: &Scope) -> Result<Directory> {
        let mut dir = Directory::places_in(store, scope)?;
        for h in dir.households.values() {
            if let Some(r) = h.head {
                if let Some(res) = store.get_id::<Resident>(r)? {
                    dir.heads.insert(h.id, res.name);
                }
            }
        }
        Ok(dir)
    }

    /// The names of the communities and grids alone, for figures that read the households
    /// themselves.
    pub(super) fn names(store: &Store) -> Result<Directory> {
        Ok(Directory {
            communities: store
                .all::<Community>()
                .map(|c| c.map(|c| (c.id, c)))
                .collect::<Result<_>>()?,
            grids: store
                .all::<Grid>()
                .map(|g| g.map(|g| (g.id, g)))
                .collect::<Result<_>>()?,
            households: HashMap::new(),
            heads: HashMap::new(),
        })
    }

    /// The same without the heads' names, for figures that do not show them.
    pub fn places_in(store: &Store, scope: &Scope) -> Result<Directory> {
        let mut dir = Directory::names(store)?;
        for h in store.all::<Household>() {
            let h = h?;
            if scope.sees(h.community, h.grid) {
                dir.households.insert(h.id, h);
            }
        }
        Ok(dir)
    }

    pub fn community(&self, id: Id) -> &str {
        self.communities.get(&id).map_or("", |c| c.name.as_str())
    }

    pub fn grid(&self, id: Id) -> &str {
        self.grids.get(&id).map_or("", |g| g.name.as_str())
    }

    pub fn head(&self, household: Id) -> &str {
        self.heads.get(&household).map_or("", String::as_str)
    }

    pub fn address(&self, household: Id) -> String {
        self.households
            .get(&household)
            .map_or_else(String::new, |h| h.address.to_string())
    }

    /// The grid and every grid below it.
    pub fn grid_and_below(&self, grid: Id) -> Vec<Id> {
        let mut found = vec![grid];
        loop {
            let more: Vec<Id> = self
                .grids
                .values()
                .filter(|g| g.parent.is_some_and(|p| found.contains(&p)) && !found.contains(&g.id))
                .map(|g| g.id)
                .collect();
            if more.is_empty() {
                break;
            }
            found.extend(more);
        }
        found
    }
}

/// Share of households visited in the last 30 days, per grid and per building captain.
pub fn coverage(store: &Store, today: Day) -> Result<Coverage> {
    coverage_in(store, today, &Scope::everything())
}

/// Coverage over the households of one scope.
pub fn coverage_in(store: &Store, today: Day, scope: &Scope) -> Result<Coverage> {
    let dir = Directory::names(store)?;
    let captains: HashMap<Id, BuildingCaptain> = store
        .all::<BuildingCaptain>()
        .map(|c| c.map(|c| (c.id, c)))
        .collect::<Result<_>>()?;
    let mut grids: BTreeMap<(Id, Id), (u64, u64)> = BTreeMap::new();
    let mut patches: BTreeMap<(Id, Option<Id>), (u64, u64)> = BTreeMap::new();
    let mut total = (0u64, 0u64);
    // From the grid rollups: households by the day last visited, per building captain.
    for t in store.tallies(scope)? {
        if t.kind != rollup::VISITED {
            continue;
        }
        let households = t.count(|_| true);
        let seen = t.count(|d| d != rollup::NO_DAY && d <= today && today - d <= COVERAGE_DAYS);
        let captain = (t.sub != 0).then_some(t.sub);
        for slot in [
            grids.entry((t.community, t.grid)).or_default(),
            patches.entry((t.community, captain)).or_default(),
            &mut total,
        ] {
            slot.0 += households;
            slot.1 += seen;
        }
    }
    let row = |community: &str, name: String, (households, visited): (u64, u64)| CoverageRow {
        community: community.to_string(),
        name,
        households,
        visited,
        share: share(visited, households),
    };
    Ok(Coverage {
        today: date_of(today),
        days: COVERAGE_DAYS,
        total: row("", String::new(), total),
        grids: grids
            .into_iter()
            .map(|((c, g), n)| row(dir.community(c), dir.grid(g).to_string(), n))
            .collect(),
        captains: patches
            .into_iter()
            .map(|((c, cap), n)| {
                let name = cap
                    .and_then(|id| captains.get(&id))
                    .map_or_else(String::new, |c| c.name.clone());
                row(dir.community(c), name, n)
            })
            .collect(),
    })
}

/// Care-tagged households met within their visit interval (`Store::visit_rules`).
pub fn care(store: &Store, today: Day) -> Result<Care> {
    care_in(store, today, &Scope::everything())
}

/// Care-group visits on time over the households of one scope.
pub fn care_in(store: &Store, today: Day, scope: &Scope) -> Result<Care> {
    let rules = store.visit_rules()?;
    let mut per_tag: BTreeMap<CareTag, (u64, u64)> = BTreeMap::new();
    let (mut households, mut on_time) = (0u64, 0u64);
    // From the grid rollups: households by the day last met (or never), per care-tag set.
    for t in store.tallies(scope)? {
        if !matches!(t.kind, rollup::MET | rollup::NEVER_MET) || t.sub == 0 {
            continue;
        }
        let tags = rollup::care_tags(t.sub as u16);
        let interval = Day::from(rules.interval(&tags));
        let n = t.count(|_| true);
        let ok = if t.kind == rollup::MET {
            t.count(|d| d <= today && today - d <= interval)
        } else {
            0
        };
        households += n;
        on_time += ok;
        for tag in tags {
            let e = per_tag.entry(tag).or_default();
            e.0 += n;
            e.1 += ok;
        }
    }
    Ok(Care {
        today: date_of(today),
        tags: per_tag
            .into_iter()
            .map(|(tag, (n, ok))| CareRow {
                tag,
                interval: rules.interval(&[tag]),
                households: n,
                on_time: ok,
                share: share(ok, n),
            })
            .collect(),
        households,
        on_time,
        share: share(on_time, households),
    })
}

/// Open follow-ups past their due day, most overdue first.
pub fn overdue(store: &Store, today: Day) -> Result<Vec<OverdueRow>> {
    overdue_in(store, today, &Scope::everything())
}

/// Overdue follow-ups at the households of one scope.
pub fn overdue_in(store: &Store, today: Day, scope: &Scope) -> Result<Vec<OverdueRow>> {
    let mut out = Vec::new();
    let mut dir_cache: HashMap<Id, String> = HashMap::new();
    for kv in store.tree(TreeId::OpenFollowUpsByDue).iter() {
        let (k, _) = kv?;
        let Some(due) = keys::read_day(&k, 0) else {
            continue;
        };
        if due >= today {
            break;
        }
        let Some(f) = keys::last_id(&k)
            .map(|id| store.get_id::<FollowUp>(id))
            .transpose()?
            .flatten()
        else {
            continue;
        };
        let Some(h) = store.get_id::<Household>(f.household)? else {
            continue;
        };
        if !scope.sees(h.community, h.grid) {
            continue;
        }
        let community = match dir_cache.get(&h.community) {
            Some(c) => c.clone(),
            None => {
                let c = store
                    .get_id::<Community>(h.community)?
                    .map(|c| c.name)
                    .unwrap_or_default();
                dir_cache.insert(h.community, c.clone());
                c
            }
        };
        let head = match h.head {
            Some(r) => store
                .get_id::<Resident>(r)?
                .map(|r| r.name)
                .unwrap_or_default(),
            None => String::new(),
        };
        out.push(OverdueRow {
            id: f.id,
            community,
            address: h.address.to_string(),
            head,
            title: f.title,
            due: date_of(due),
            days_overdue: today - due,
            owner: f.owner,
        });
    }
    Ok(out)
}

/// When each closed case was closed: the day of its closing note.
fn closing_days(store: &Store) -> Result<HashMap<Id, Instant>> {
    let mut out = HashMap::new();
    for kv in store.tree(TreeId::Notes).iter() {
        let (_, v) = kv?;
        let n = codec::decode::<Stored<MediationNote>>(&v)?.value;
        if n.status == DisputeStatus::Closed {
            out.insert(n.dispute, n.at);
        }
    }
    Ok(out)
}

fn month_of(day: Day) -> String {
    let d = date_of(day);
    format!("{:04}-{:02}", d.year(), d.month())
}

/// Disputes per month: opened, closed, the share resolved and the mean days to close.
pub fn disputes_by_month(store: &Store) -> Result<Vec<DisputeMonth>> {
    disputes_by_month_in(store, &Scope::everything())
}

/// Disputes per month, of the cases in one scope.
pub fn disputes_by_month_in(store: &Store, scope: &Scope) -> Result<Vec<DisputeMonth>> {
    let closed_at = closing_days(store)?;
    // month → (opened, closed, resolved, days to close summed)
    let mut months: BTreeMap<String, (u64, u64, u64, i64)> = BTreeMap::new();
    for d in store.all::<Dispute>() {
        let d = d?;
        if !scope.sees(d.community, d.grid) {
            continue;
        }
        let reported = local_day(d.reported_at);
        months.entry(month_of(reported)).or_default().0 += 1;
        if d.status == DisputeStatus::Closed {
            let closed = closed_at.get(&d.id).map_or(reported, |at| local_day(*at));
            let e = months.entry(month_of(closed)).or_default();
            e.1 += 1;
            e.2 += u64::from(d.outcome == Some(DisputeOutcome::Resolved));
            e.3 += i64::from((closed - reported).max(0));
        }
    }
    // Every month from the first to the last, those with nothing in them too.
    let (Some(first), Some(last)) = (months.keys().next(), months.keys().next_back()) else {
        return Ok(Vec::new());
    };
    let (Some(mut at), Some(last)) = (Month::parse(first), Month::parse(last)) else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    while at.first <= last.first {
        let month = month_of(at.first);
        let (opened, closed, resolved, days) = months.get(&month).copied().unwrap_or_default();
        out.push(DisputeMonth {
            month,
            opened,
            closed,
            resolved,
            resolved_share: share(resolved, closed),
            average_days_to_close: (closed > 0).then(|| days as f64 / closed as f64),
        });
        let Some(next) = Month::parse(&month_of(at.last + 1)) else {
            break;
        };
        at = next;
    }
    Ok(out)
}

/// A calendar month: its first and last day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Month {
    pub first: Day,
    pub last: Day,
}

impl Month {
    /// Reads `2026-11`.
    pub fn parse(text: &str) -> Option<Month> {
        let first = NaiveDate::parse_from_str(&format!("{}-01", text.trim()), "%Y-%m-%d").ok()?;
        let next = first.checked_add_months(chrono::Months::new(1))?;
        Some(Month {
            first: day_of(first),
            last: day_of(next) - 1,
        })
    }

    pub fn contains(&self, day: Day) -> bool {
        (self.first..=self.last).contains(&day)
    }

    pub fn label(&self) -> String {
        let d = date_of(self.first);
        format!("{}年{}月", d.year(), d.month())
    }
}

/// The local midnight that starts a day, as an instant.
fn midnight(day: Day) -> Instant {
    use chrono::TimeZone;
    let naive = date_of(day).and_hms_opt(0, 0, 0).unwrap_or_default();
    chrono::Local
        .from_local_datetime(&naive)
        .earliest()
        .map_or_else(|| naive.and_utc().timestamp(), |t| t.timestamp())
}

/// The (time, id) of every visit whose local day is between `from` and `to`, read from the
/// visits-by-time index (whose keys carry the time and values the household), so no visit
/// outside the range is read at all.
pub fn visit_times(store: &Store, from: Day, to: Day) -> Result<Vec<(Instant, Id)>> {
    visit_times_at(store, from, to, &|_| true)
}

/// The same, for the visits to the households `keep` says yes to.
pub fn visit_times_at(
    store: &Store,
    from: Day,
    to: Day,
    keep: &dyn Fn(Id) -> bool,
) -> Result<Vec<(Instant, Id)>> {
    Ok(visits_in_time(store, from, to)?
        .into_iter()
        .filter(|(_, _, h)| keep(*h))
        .map(|(at, id, _)| (at, id))
        .collect())
}

/// (time, visit, household) of every visit whose local day is between `from` and `to`,
/// oldest first.
fn visits_in_time(store: &Store, from: Day, to: Day) -> Result<Vec<(Instant, Id, Id)>> {
    let (start, end) = (midnight(from), midnight(to.saturating_add(1)));
    let mut out = Vec::new();
    for kv in store
        .tree(TreeId::VisitsByTime)
        .range(keys::instant(start)..keys::instant(end))
    {
        let (k, v) = kv?;
        if let (Some(at), Some(id), Some(h)) = (
            keys::read_instant(&k, 0),
            keys::last_id(&k),
            keys::read_id(&v, 0),
        ) {
            out.push((at, id, h));
        }
    }
    Ok(out)
}

/// One line of the visit ledger (走访台账).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VisitEntry {
    pub at: Instant,
    pub community: String,
    pub address: String,
    pub head: String,
    /// What the line shows of the visit.
    pub visit: super::visit_lines::VisitLine,
    /// Titles of the follow-ups the visit asked for.
    pub followups: Vec<String>,
}

/// What the visit ledger shows of the households of one scope: each household in scope with
/// its head's name, and the follow-ups asked for by visits, as (follow-up, visit, title).
#[derive(Default)]
struct Households {
    seen: HashMap<Id, (Household, String)>,
    asked: Vec<(Id, Id, String)>,
}

/// The households among `ids` (in id order) that `scope` sees, their heads and the follow-ups
/// their visits asked for, each kind read in key order: a city's month names most of its
/// households, and sled reads neighbouring keys from the same pages.
fn ledger_households(store: &Store, ids: &[Id], scope: &Scope) -> Result<Households> {
    let mut out = Households::default();
    let mut kept = Vec::with_capacity(ids.len());
    for h in ids {
        if let Some(hh) = store.get_id::<Household>(*h)? {
            if scope.sees(hh.community, hh.grid) {
                kept.push(*h);
                out.seen.insert(*h, (hh, String::new()));
            }
        }
    }
    let mut heads: Vec<(Id, Id)> = out
        .seen
        .values()
        .filter_map(|(h, _)| h.head.map(|r| (r, h.id)))
        .collect();
    heads.sort_unstable();
    for (r, h) in heads {
        if let (Some(res), Some(slot)) = (store.get_id::<Resident>(r)?, out.seen.get_mut(&h)) {
            slot.1 = res.name;
        }
    }
    let mut followups = Vec::new();
    for h in kept {
        for f in store.index_ids(TreeId::FollowUpsByHousehold, &keys::id(h)) {
            followups.push(f?);
        }
    }
    followups.sort_unstable();
    for f in followups {
        if let Some(f) = store.get_id::<FollowUp>(f)? {
            if let FollowUpSource::Visit(v) = f.source {
                out.asked.push((f.id, v, f.title));
            }
        }
    }
    Ok(out)
}

/// The visits whose local day falls between `from` and `to` (inclusive), oldest first, to
/// the households of one scope; a visit corrected in the same span is left out for its correction.
pub fn visits_between(store: &Store, from: Day, to: Day, scope: &Scope) -> Result<Vec<VisitEntry>> {
    // The month's lines are one range scan of the visit-lines index (no visit is read); the
    // households they name, their heads and follow-ups are read on two threads, half each.
    let communities: HashMap<Id, String> = store
        .all::<Community>()
        .map(|c| c.map(|c| (c.id, c.name)))
        .collect::<Result<_>>()?;
    let lines = super::visit_lines::between(store, midnight(from), midnight(to.saturating_add(1)))?;
    let mut ids: Vec<Id> = lines.iter().map(|(_, l)| l.household).collect();
    ids.sort_unstable();
    ids.dedup();
    let (first, second) = ids.split_at(ids.len() / 2);
    let (a, b) = std::thread::scope(|s| {
        let b = s.spawn(|| ledger_households(store, second, scope));
        let a = ledger_households(store, first, scope);
        (a, b.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
    });
    let (mut households, b) = (a?, b?);
    households.seen.extend(b.seen);
    households.asked.extend(b.asked);
    // The titles of the follow-ups each visit asked for, in the order of their ids.
    households.asked.sort_unstable_by_key(|(f, _, _)| *f);
    let mut asked: HashMap<Id, Vec<String>> = HashMap::new();
    for (_, v, title) in households.asked {
        asked.entry(v).or_default().push(title);
    }
    let mut out = Vec::with_capacity(lines.len());
    for (at, line) in lines {
        let Some((hh, head)) = households.seen.get(&line.household) else {
            continue;
        };
        out.push(VisitEntry {
            at,
            community: communities.get(&hh.community).cloned().unwrap_or_default(),
            address: hh.address.to_string(),
            head: head.clone(),
            followups: asked.remove(&line.id).unwrap_or_default(),
            visit: line,
        });
    }
    // A corrected visit gives its line to the correction: one knock, one line.
    let corrected: std::collections::HashSet<Id> =
        out.iter().filter_map(|e| e.visit.amends).collect();
    out.retain(|e| !corrected.contains(&e.visit.id));
    out.sort_by_key(|e| (e.at, e.visit.id));
    Ok(out)
}

/// One line of the dispute ledger (矛盾纠纷排查调处台账).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DisputeEntry {
    pub dispute: Dispute,
    pub community: String,
    /// Parties by name.
    pub parties: Vec<String>,
    /// What was done, step by step: the case's notes after the first, oldest first.
    pub method: String,
    /// When it was closed, if it was.
    pub closed_at: Option<Instant>,
}

/// Cases of one scope reported in the month, or with a step taken in it, by report time.
pub fn disputes_in(store: &Store, month: Month, scope: &Scope) -> Result<Vec<DisputeEntry>> {
    let mut out = Vec::new();
    for d in store.all::<Dispute>() {
        let d = d?;
        if !scope.sees(d.community, d.grid) {
            continue;
        }
        let notes = store.dispute_notes(d.id)?;
        let active = month.contains(local_day(d.reported_at))
            || notes.iter().any(|n| month.contains(local_day(n.at)));
        if !active || local_day(d.reported_at) > month.last {
            continue;
        }
        let mut parties = Vec::new();
        for p in &d.parties {
            parties.push(match p {
                Party::Resident(r) => store
                    .get_id::<Resident>(*r)?
                    .map(|r| r.name)
                    .unwrap_or_default(),
                Party::Outsider { name, .. } => name.clone(),
            });
        }
        let method = notes
            .iter()
            .skip(1)
            .filter(|n| local_day(n.at) <= month.last)
            .map(|n| n.text.clone())
            .collect::<Vec<_>>()
            .join("；");
        let closed_at = notes
            .iter()
            .find(|n| n.status == DisputeStatus::Closed)
            .map(|n| n.at);
        let community = store
            .get_id::<Community>(d.community)?
            .map(|c| c.name)
            .unwrap_or_default();
        out.push(DisputeEntry {
            dispute: d,
            community,
            parties,
            method,
            closed_at,
        });
    }
    out.sort_by_key(|e| (e.dispute.reported_at, e.dispute.id));
    Ok(out)
}

/// Something found that was still not settled at the end of the month.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Unresolved {
    pub what: String,
    pub address: String,
    pub deadline: NaiveDate,
    pub owner: String,
}

/// One day of the daily log (民情日志).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DayLog {
    pub day: NaiveDate,
    /// Home visits made that day.
    pub visits: u64,
    /// Issues found: needs written down and disputes reported (knock-agains are not issues).
    pub found: u64,
    /// Issues settled that day: needs done and disputes closed.
    pub resolved: u64,
    /// The day's issues still open at the end of the month.
    pub unresolved: Vec<Unresolved>,
}

/// Every day of the month, with its visits, issues found and settled, and what is still open,
/// at the households and in the cases of one scope.
pub fn daily_log(store: &Store, month: Month, scope: &Scope) -> Result<Vec<DayLog>> {
    let mut days: BTreeMap<Day, DayLog> = (month.first..=month.last)
        .map(|d| {
            (
                d,
                DayLog {
                    day: date_of(d),
                    visits: 0,
                    found: 0,
                    resolved: 0,
                    unresolved: Vec::new(),
                },
            )
        })
        .collect();
    let end = month.last;
    let dir = Directory::places_in(store, scope)?;
    let keep = |h: Id| dir.households.contains_key(&h);
    for (at, _) in visit_times_at(store, month.first, month.last, &keep)? {
        if let Some(log) = days.get_mut(&local_day(at)) {
            log.visits += 1;
        }
    }
    for kv in store.tree(TreeId::FollowUps).iter() {
        let (_, v) = kv?;
        let stored = codec::decode::<Stored<FollowUp>>(&v)?;
        let f = stored.value;
        if !keep(f.household) {
            continue;
        }
        let found = match f.source {
            FollowUpSource::KnockAgain(_) => continue,
            FollowUpSource::Visit(v) => store.get_id::<Visit>(v)?.map(|v| local_day(v.at)),
            FollowUpSource::Dispute(_) | FollowUpSource::Manual => None,
        }
        .unwrap_or_else(|| local_day(stored.meta.at));
        let done_day = f.done.as_ref().map(|d| local_day(d.at));
        if let Some(log) = days.get_mut(&found) {
            log.found += 1;
            if done_day.is_none_or(|d| d > end) {
                log.unresolved.push(Unresolved {
                    what: f.title.clone(),
                    address: dir.address(f.household),
                    deadline: date_of(f.due),
                    owner: f.owner.clone(),
                });
            }
        }
        if let Some(log) = done_day.and_then(|d| days.get_mut(&d)) {
            log.resolved += 1;
        }
    }
    let closed_at = closing_days(store)?;
    for d in store.all::<Dispute>() {
        let d = d?;
        if !scope.sees(d.community, d.grid) {
            continue;
        }
        let found = local_day(d.reported_at);
        let closed = closed_at.get(&d.id).map(|at| local_day(*at));
        if let Some(log) = days.get_mut(&found) {
            log.found += 1;
            if closed.is_none_or(|c| c > end) {
                log.unresolved.push(Unresolved {
                    what: format!("纠纷：{}", d.title),
                    address: d.place.clone(),
                    deadline: date_of(d.deadline),
                    owner: d.mediator.clone(),
                });
            }
        }
        if let Some(log) = closed.and_then(|c| days.get_mut(&c)) {
            log.resolved += 1;
        }
    }
    Ok(days.into_values().collect())
}

/// Everything the report screen shows at once.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportSet {
    pub coverage: Coverage,
    pub care: Care,
    /// Written follow-ups overdue, counted as the follow-up list counts them.
    pub overdue_written: usize,
    /// Visits overdue by the visit rules, counted as the follow-up list counts them.
    pub overdue_by_rule: usize,
    pub disputes: Vec<DisputeMonth>,
}

/// The report screen's figures over one scope.
pub fn report_set(store: &Store, today: Day, scope: &Scope) -> Result<ReportSet> {
    let due = store.due_list(today, 0, true, scope, 0)?;
    Ok(ReportSet {
        coverage: coverage_in(store, today, scope)?,
        care: care_in(store, today, scope)?,
        overdue_written: due.written.overdue,
        overdue_by_rule: due.by_rule.overdue,
        disputes: disputes_by_month_in(store, scope)?,
    })
}

/// One of the figures `gridbook report` prints (overdue follow-ups, a list that may be long,
/// come a part at a time instead).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum FigureKind {
    Coverage,
    Care,
    Disputes,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Figures {
    Coverage(Coverage),
    Care(Care),
    Disputes(Vec<DisputeMonth>),
}

/// One figure over one scope.
pub fn figures(store: &Store, kind: FigureKind, today: Day, scope: &Scope) -> Result<Figures> {
    Ok(match kind {
        FigureKind::Coverage => Figures::Coverage(coverage_in(store, today, scope)?),
        FigureKind::Care => Figures::Care(care_in(store, today, scope)?),
        FigureKind::Disputes => Figures::Disputes(disputes_by_month_in(store, scope)?),
    })
}

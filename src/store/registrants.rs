//! 双报到 in the store: registrants, service posts, claims and service records written
//! through the one write path (audited, in the change log for sync), each write checked
//! against the writer's scope on the record as it is and as it will be; the lists, the
//! ledger rows and the report figures, every count and hour derived from the records.
//!
//! Where each lies: a post on its grid; a claim on its post's grid; a service record on its
//! post's grid, or at the community's level when it has no post; a registrant at the
//! community's level (grid `COMMUNITY_LEVEL`), written by staff who see the community
//! whole and read by anyone with a grid in it. Claims are counted outside the write's
//! transaction (it cannot range over a tree), as party groups' names are.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::{keys, Result, Store, StoreError, TreeId, TxResult, Txn};
use crate::model::registrant::{
    Post, PostClaim, PostState, Quarter, Registrant, RegistrantState, ServiceRecord,
    COMMUNITY_LEVEL,
};
use crate::model::scope::Scope;
use crate::model::shown::quote;
use crate::model::time::Day;
use crate::model::{Address, Grid, Household, Id, Invalid};

/// The trees a 双报到 write touches.
const TREES: [TreeId; 6] = [
    TreeId::Grids,
    TreeId::Households,
    TreeId::Registrants,
    TreeId::Posts,
    TreeId::PostClaims,
    TreeId::ServiceRecords,
];

/// The sentence that refuses a registrant's write to one who does not see the community
/// whole.
pub const COMMUNITY_STAFF: &str =
    "registrants and services with no post are kept by the community's staff; ask a community admin";

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

fn missing<T>(msg: impl Into<String>) -> TxResult<T> {
    Err(sled::transaction::ConflictableTransactionError::Abort(
        StoreError::NotFound(msg.into()),
    ))
}

/// Whether `scope` may write at the community's level of `community`.
pub fn keeps(scope: &Scope, community: Id) -> bool {
    scope.sees(community, COMMUNITY_LEVEL)
}

/// A post inside a write, refused (naming it) when its grid is outside `scope`.
fn post_in(t: &Txn, scope: &Scope, id: Id) -> TxResult<Post> {
    let Some(p) = t.get::<Post>(&keys::id(id))? else {
        return missing(format!("there is no post {id}"));
    };
    if !scope.sees(p.community, p.grid) {
        return outside(post_outside(&p));
    }
    Ok(p)
}

/// The sentence for a post on a grid outside the writer's.
pub fn post_outside(p: &Post) -> String {
    format!(
        "the post “{}” is on a grid outside the grids you look after; choose a post on your grids",
        quote(&p.title)
    )
}

/// The sentence for a registrant of another community than the post's: she is not named,
/// for another community's registrants are not the writer's to read.
const OTHER_COMMUNITY: &str =
    "that registrant is registered with another community; a post is claimed, and served on, by its own community's registrants";

/// A registrant of `community` inside a write, still registered; one of another community
/// is refused without her name.
fn registered(t: &Txn, id: Id, community: Id) -> TxResult<Registrant> {
    let Some(r) = t.get::<Registrant>(&keys::id(id))? else {
        return missing(format!("there is no registrant {id}"));
    };
    if r.community != community {
        return refuse(OTHER_COMMUNITY);
    }
    if r.state != RegistrantState::Registered {
        return refuse(format!(
            "“{}” is {}; only a registered one can claim posts and log services",
            quote(&r.name),
            r.state.en()
        ));
    }
    Ok(r)
}

/// One line of the registrants list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegistrantRow {
    pub registrant: Registrant,
    /// Where she lives, when the caller's scope covers her household.
    pub address: Option<Address>,
    /// The titles of the posts she holds now.
    pub posts: Vec<String>,
    /// The minutes of service in the quarter asked about.
    pub minutes: u64,
}

/// One line of the posts list: how many hold it, and its state derived from that.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostRow {
    pub post: Post,
    /// The grid's name, after its community's when the caller sees several.
    pub grid: String,
    pub claimed: u32,
    pub state: PostState,
    /// Who holds it now, by name.
    pub holders: Vec<String>,
}

/// One registrant's service in a span of days (a ledger's row).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceRow {
    pub registrant: Registrant,
    pub address: Option<Address>,
    /// The posts she held at any time in the span.
    pub posts: Vec<String>,
    pub services: u32,
    pub minutes: u64,
    /// What was done, each with its day, oldest first.
    pub what: Vec<(Day, String)>,
}

/// The figures of one grid for a quarter: never a ranking of people.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GridService {
    pub grid: Id,
    /// The grid's name, after its community's when the caller sees several.
    pub name: String,
    /// Registered in-service members living on the grid.
    pub members: u32,
    /// Registered units holding a post on the grid.
    pub units: u32,
    /// Of those members and units, how many logged any service in the quarter.
    pub serving: u32,
    /// Minutes of service on the grid's posts, or by its members with no post.
    pub minutes: u64,
}

impl GridService {
    /// The share with any service, in whole percent.
    pub fn share(&self) -> u32 {
        let all = self.members + self.units;
        (self.serving * 100).checked_div(all).unwrap_or(0)
    }
}

impl Store {
    /// Registers an in-service member or a co-building unit with a community the writer
    /// keeps; her household, if given, must be in that community. A name already registered
    /// there is refused.
    pub fn add_registrant(&self, by: &str, scope: &Scope, r: &Registrant) -> Result<Registrant> {
        let r = r.clone().checked()?;
        if !keeps(scope, r.community) {
            return Err(StoreError::OutOfScope(COMMUNITY_STAFF.into()));
        }
        let taken = self.all::<Registrant>().any(|x| {
            x.is_ok_and(|x| {
                x.community == r.community
                    && x.name == r.name
                    && x.state == RegistrantState::Registered
            })
        });
        if taken {
            return Err(StoreError::Invalid(Invalid::new(format!(
                "“{}” is registered already; `gridbook registrant list` shows her",
                quote(&r.name)
            ))));
        }
        self.write_in(by, &TREES, |t| {
            if let Some(h) = r.household() {
                match t.get::<Household>(&keys::id(h))? {
                    Some(h) if h.community == r.community => {}
                    _ => return refuse(format!("there is no household {h} in that community")),
                }
            }
            let r = Registrant {
                id: t.next_id()?,
                state: RegistrantState::Registered,
                ended: None,
                ..r.clone()
            };
            t.put(&r)?;
            Ok(r)
        })
    }

    /// 已转出 or 已注销: a registrant leaves on `day` for `reason`; her open claims end that
    /// day, in the same write.
    pub fn leave_registrant(
        &self,
        by: &str,
        scope: &Scope,
        id: Id,
        to: RegistrantState,
        day: Day,
        reason: &str,
    ) -> Result<Registrant> {
        let claims = self.claims_where(|c| c.registrant == id && c.is_open())?;
        self.write_in(by, &TREES, |t| {
            let Some(mut r) = t.get::<Registrant>(&keys::id(id))? else {
                return missing(format!("there is no registrant {id}"));
            };
            if !keeps(scope, r.community) {
                return outside(COMMUNITY_STAFF);
            }
            if let Err(e) = r.leave(to, day, reason) {
                return refuse(e.0);
            }
            for c in &claims {
                if let Some(mut c) = t.get::<PostClaim>(&keys::id(c.id))? {
                    c.until = Some(day.max(c.from));
                    t.put(&c)?;
                }
            }
            t.put(&r)?;
            Ok(r)
        })
    }

    /// Publishes a post on a grid in `scope`.
    pub fn add_post(&self, by: &str, scope: &Scope, p: &Post) -> Result<Post> {
        let mut p = p.clone();
        p.title = p.title.trim().to_string();
        p.category = p.category.trim().to_string();
        p.skills = p.skills.iter().map(|s| s.trim().to_string()).collect();
        p.closed = None;
        p.validate()?;
        self.write_in(by, &TREES, |t| {
            let Some(g) = t.get::<Grid>(&keys::id(p.grid))? else {
                return missing(format!("there is no grid {}", p.grid));
            };
            if !scope.sees(g.community, g.id) {
                return outside(format!(
                    "the grid “{}” is outside the grids you look after; put the post on one of yours",
                    quote(&g.name)
                ));
            }
            let p = Post {
                id: t.next_id()?,
                community: g.community,
                ..p.clone()
            };
            t.put(&p)?;
            Ok(p)
        })
    }

    /// Closes a post of `scope` on `day`; its open claims end that day, in the same write.
    pub fn close_post(&self, by: &str, scope: &Scope, id: Id, day: Day) -> Result<Post> {
        let claims = self.claims_where(|c| c.post == id && c.is_open())?;
        self.write_in(by, &TREES, |t| {
            let mut p = post_in(t, scope, id)?;
            if p.closed.is_some() {
                return refuse(format!("the post “{}” is closed already", quote(&p.title)));
            }
            p.closed = Some(day);
            for c in &claims {
                if let Some(mut c) = t.get::<PostClaim>(&keys::id(c.id))? {
                    c.until = Some(day.max(c.from));
                    t.put(&c)?;
                }
            }
            t.put(&p)?;
            Ok(p)
        })
    }

    /// A registered registrant of the post's community claims a post of `scope` from `day`;
    /// refused when the post is closed or its open claims fill its capacity.
    pub fn claim_post(
        &self,
        by: &str,
        scope: &Scope,
        post: Id,
        registrant: Id,
        day: Day,
    ) -> Result<PostClaim> {
        let open = self.claims_where(|c| c.post == post && c.is_open())?;
        self.write_in(by, &TREES, |t| {
            let p = post_in(t, scope, post)?;
            let r = registered(t, registrant, p.community)?;
            let title = quote(&p.title);
            if open.iter().any(|c| c.registrant == registrant) {
                return refuse(format!(
                    "“{}” holds the post “{title}” already",
                    quote(&r.name)
                ));
            }
            match p.state(open.len()) {
                PostState::Closed => {
                    return refuse(format!(
                        "the post “{title}” is closed; choose an open post"
                    ))
                }
                PostState::Full => {
                    let n = p.capacity;
                    return refuse(format!(
                        "the post “{title}” is full ({n} of {n} claimed); end a claim on it first or choose another post"
                    ));
                }
                PostState::Open => {}
            }
            let c = PostClaim {
                id: t.next_id()?,
                post,
                registrant,
                from: day,
                until: None,
            };
            t.put(&c)?;
            Ok(c)
        })
    }

    /// Ends a registrant's open claim on a post of `scope` on `day`.
    pub fn end_claim(
        &self,
        by: &str,
        scope: &Scope,
        post: Id,
        registrant: Id,
        day: Day,
    ) -> Result<PostClaim> {
        let open =
            self.claims_where(|c| c.post == post && c.registrant == registrant && c.is_open())?;
        self.write_in(by, &TREES, |t| {
            let p = post_in(t, scope, post)?;
            let Some(mut c) = open.first().cloned() else {
                let name = match t.get::<Registrant>(&keys::id(registrant))? {
                    Some(r) if r.community == p.community => r.name,
                    Some(_) => return refuse(OTHER_COMMUNITY),
                    None => return missing(format!("there is no registrant {registrant}")),
                };
                return refuse(format!(
                    "“{}” holds no claim on the post “{}”; `gridbook post list` shows who holds it",
                    quote(&name),
                    quote(&p.title)
                ));
            };
            if day < c.from {
                return refuse("a claim cannot end before the day it began; pick a later day");
            }
            c.until = Some(day);
            t.put(&c)?;
            Ok(c)
        })
    }

    /// Logs a service by a registered registrant: on a post of `scope`, or with no post at
    /// the community's level (for staff who keep the community).
    pub fn log_service(&self, by: &str, scope: &Scope, s: &ServiceRecord) -> Result<ServiceRecord> {
        let mut s = s.clone();
        s.what = s.what.trim().to_string();
        s.confirmed_by = s.confirmed_by.trim().to_string();
        s.validate()?;
        self.write_in(by, &TREES, |t| {
            let community = match s.post {
                Some(p) => post_in(t, scope, p)?.community,
                None => match t.get::<Registrant>(&keys::id(s.registrant))? {
                    Some(r) if keeps(scope, r.community) => r.community,
                    Some(_) => return outside(COMMUNITY_STAFF),
                    None => return missing(format!("there is no registrant {}", s.registrant)),
                },
            };
            let r = registered(t, s.registrant, community)?;
            if s.day < r.registered {
                return refuse(format!(
                    "that day is before “{}” registered; pick a later day",
                    quote(&r.name)
                ));
            }
            let s = ServiceRecord {
                id: t.next_id()?,
                community: r.community,
                ..s.clone()
            };
            t.put(&s)?;
            Ok(s)
        })
    }

    fn claims_where(&self, keep: impl Fn(&PostClaim) -> bool) -> Result<Vec<PostClaim>> {
        let mut out = Vec::new();
        for c in self.all::<PostClaim>() {
            let c = c?;
            if keep(&c) {
                out.push(c);
            }
        }
        Ok(out)
    }

    /// The communities `scope` shows (whole, or for a grid within it).
    fn shown_communities(&self, scope: &Scope) -> Result<BTreeSet<Id>> {
        let grids: Vec<Grid> = self.all::<Grid>().collect::<Result<_>>()?;
        let mut out = BTreeSet::new();
        for g in &grids {
            if scope.shows_community(g.community, &grids) {
                out.insert(g.community);
            }
        }
        Ok(out)
    }

    /// Every registrant of the communities `scope` shows (registered first, then by name),
    /// her household's address only where `scope` covers it, her posts now and her
    /// minutes of service in `quarter`.
    pub fn registrants(&self, scope: &Scope, quarter: Quarter) -> Result<Vec<RegistrantRow>> {
        let rows = self.service_rows(scope, quarter.first, quarter.last)?;
        let posts: BTreeMap<Id, Post> = self
            .all::<Post>()
            .map(|p| p.map(|p| (p.id, p)))
            .collect::<Result<_>>()?;
        let claims = self.claims_where(PostClaim::is_open)?;
        let mut out: Vec<RegistrantRow> = rows
            .into_iter()
            .map(|r| {
                let mut held: Vec<String> = claims
                    .iter()
                    .filter(|c| c.registrant == r.registrant.id)
                    .filter_map(|c| posts.get(&c.post).map(|p| p.title.clone()))
                    .collect();
                held.sort();
                RegistrantRow {
                    registrant: r.registrant,
                    address: r.address,
                    posts: held,
                    minutes: r.minutes,
                }
            })
            .collect();
        out.sort_by(|a, b| {
            let key = |r: &RegistrantRow| {
                (
                    r.registrant.state != RegistrantState::Registered,
                    r.registrant.name.clone(),
                )
            };
            key(a).cmp(&key(b))
        });
        Ok(out)
    }

    /// Every registrant of the communities `scope` shows, with her services between `first`
    /// and `last` and the posts she held then, by id.
    pub fn service_rows(&self, scope: &Scope, first: Day, last: Day) -> Result<Vec<ServiceRow>> {
        let shown = self.shown_communities(scope)?;
        let posts: BTreeMap<Id, Post> = self
            .all::<Post>()
            .map(|p| p.map(|p| (p.id, p)))
            .collect::<Result<_>>()?;
        let mut held: BTreeMap<Id, BTreeSet<String>> = BTreeMap::new();
        for c in self.all::<PostClaim>() {
            let c = c?;
            if c.from <= last && c.until.is_none_or(|u| u >= first) {
                if let Some(p) = posts.get(&c.post) {
                    held.entry(c.registrant)
                        .or_default()
                        .insert(p.title.clone());
                }
            }
        }
        let mut services: BTreeMap<Id, Vec<ServiceRecord>> = BTreeMap::new();
        for s in self.all::<ServiceRecord>() {
            let s = s?;
            if (first..=last).contains(&s.day) {
                services.entry(s.registrant).or_default().push(s);
            }
        }
        let mut out = Vec::new();
        for r in self.all::<Registrant>() {
            let r = r?;
            if !shown.contains(&r.community) {
                continue;
            }
            let address = match r.household() {
                Some(h) => self
                    .get_id::<Household>(h)?
                    .filter(|h| scope.sees(h.community, h.grid))
                    .map(|h| h.address),
                None => None,
            };
            let mut done = services.remove(&r.id).unwrap_or_default();
            done.sort_by_key(|s| (s.day, s.id));
            out.push(ServiceRow {
                posts: held.remove(&r.id).unwrap_or_default().into_iter().collect(),
                services: done.len() as u32,
                minutes: done.iter().map(|s| u64::from(s.minutes)).sum(),
                what: done.into_iter().map(|s| (s.day, s.what)).collect(),
                address,
                registrant: r,
            });
        }
        Ok(out)
    }

    /// The posts on grids in `scope`, by grid and title, each with its open claims counted
    /// and its state derived from them; the grid named after its community when `scope`
    /// sees several.
    pub fn posts(&self, scope: &Scope) -> Result<Vec<PostRow>> {
        let seen: Vec<Grid> = self
            .all::<Grid>()
            .filter(|g| g.as_ref().map_or(true, |g| scope.sees(g.community, g.id)))
            .collect::<Result<_>>()?;
        let names = self.community_names(&seen)?;
        let grids: BTreeMap<Id, String> = seen
            .iter()
            .map(|g| (g.id, names.place(g.community, &g.name)))
            .collect();
        let names: BTreeMap<Id, String> = self
            .all::<Registrant>()
            .map(|r| r.map(|r| (r.id, r.name)))
            .collect::<Result<_>>()?;
        let mut holders: BTreeMap<Id, Vec<String>> = BTreeMap::new();
        for c in self.claims_where(PostClaim::is_open)? {
            let name = names.get(&c.registrant).cloned().unwrap_or_default();
            holders.entry(c.post).or_default().push(name);
        }
        let mut out = Vec::new();
        for p in self.all::<Post>() {
            let p = p?;
            if !scope.sees(p.community, p.grid) {
                continue;
            }
            let mut h = holders.remove(&p.id).unwrap_or_default();
            h.sort();
            out.push(PostRow {
                grid: grids.get(&p.grid).cloned().unwrap_or_default(),
                claimed: h.len() as u32,
                state: p.state(h.len()),
                holders: h,
                post: p,
            });
        }
        out.sort_by(|a, b| {
            (&a.grid, &a.post.title, a.post.id).cmp(&(&b.grid, &b.post.title, b.post.id))
        });
        Ok(out)
    }

    /// Per grid in `scope` (grids with doors, by name) for `quarter`: registered members
    /// living there, registered units holding a post there, how many of them served in the
    /// quarter, and the hours served there.
    pub fn service_figures(&self, scope: &Scope, quarter: Quarter) -> Result<Vec<GridService>> {
        let grids: Vec<Grid> = self.all::<Grid>().collect::<Result<_>>()?;
        let parents: BTreeSet<Id> = grids.iter().filter_map(|g| g.parent).collect();
        let names = self.community_names(grids.iter().filter(|g| scope.sees(g.community, g.id)))?;
        let mut figures: BTreeMap<Id, GridService> = grids
            .iter()
            .filter(|g| scope.sees(g.community, g.id) && !parents.contains(&g.id))
            .map(|g| {
                let f = GridService {
                    grid: g.id,
                    name: names.place(g.community, &g.name),
                    ..GridService::default()
                };
                (g.id, f)
            })
            .collect();
        let posts: BTreeMap<Id, Post> = self
            .all::<Post>()
            .map(|p| p.map(|p| (p.id, p)))
            .collect::<Result<_>>()?;
        let registrants: BTreeMap<Id, Registrant> = self
            .all::<Registrant>()
            .map(|r| r.map(|r| (r.id, r)))
            .collect::<Result<_>>()?;
        let mut served: BTreeSet<Id> = BTreeSet::new();
        let mut home: BTreeMap<Id, Id> = BTreeMap::new();
        for r in registrants.values() {
            if let Some(h) = r.household() {
                if let Some(h) = self.get_id::<Household>(h)? {
                    home.insert(r.id, h.grid);
                }
            }
        }
        for s in self.all::<ServiceRecord>() {
            let s = s?;
            if !quarter.contains(s.day) {
                continue;
            }
            served.insert(s.registrant);
            let grid = match s.post {
                Some(p) => posts.get(&p).map(|p| p.grid),
                None => home.get(&s.registrant).copied(),
            };
            if let Some(f) = grid.and_then(|g| figures.get_mut(&g)) {
                f.minutes += u64::from(s.minutes);
            }
        }
        // Each registered one counted once on each grid she belongs to.
        let mut on: BTreeSet<(Id, Id)> = BTreeSet::new();
        for r in registrants.values() {
            if r.state == RegistrantState::Registered && r.is_member() {
                if let Some(g) = home.get(&r.id) {
                    on.insert((*g, r.id));
                }
            }
        }
        for c in self.claims_where(PostClaim::is_open)? {
            let unit = registrants
                .get(&c.registrant)
                .is_some_and(|r| !r.is_member() && r.state == RegistrantState::Registered);
            if let (true, Some(p)) = (unit, posts.get(&c.post)) {
                on.insert((p.grid, c.registrant));
            }
        }
        for (g, r) in on {
            let Some(f) = figures.get_mut(&g) else {
                continue;
            };
            if registrants.get(&r).is_some_and(Registrant::is_member) {
                f.members += 1;
            } else {
                f.units += 1;
            }
            if served.contains(&r) {
                f.serving += 1;
            }
        }
        let mut out: Vec<GridService> = figures.into_values().collect();
        out.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(out)
    }
}

impl Store {
    /// Registrants of the communities `scope` shows whose name holds `query`, or whose
    /// name's pinyin or its initials start with it (as residents are found), at most `limit`,
    /// by name: the search's hits beside residents. A member's address shows only where
    /// `scope` covers her household.
    pub fn find_registrants(
        &self,
        scope: &Scope,
        query: &str,
        limit: usize,
    ) -> Result<Vec<crate::search::Hit>> {
        use crate::search::{reading, Hit, HitKind, MatchKind};
        let q = query.trim();
        if q.is_empty() || limit == 0 {
            return Ok(Vec::new());
        }
        let spelled = q.to_ascii_lowercase();
        let spelled = spelled
            .bytes()
            .all(|b| b.is_ascii_lowercase())
            .then_some(spelled);
        let shown = self.shown_communities(scope)?;
        let mut out = Vec::new();
        let mut initials = Vec::new();
        for r in self.all::<Registrant>() {
            let r = r?;
            if !shown.contains(&r.community) {
                continue;
            }
            let matched = if r.name.contains(q) {
                Some(MatchKind::Name)
            } else if let Some(s) = &spelled {
                reading::keys_of(&r.name).into_iter().find_map(|(key, _)| {
                    reading::initials_of(&key, &mut initials);
                    if key.to_ascii_lowercase().starts_with(s.as_bytes()) {
                        Some(MatchKind::Pinyin)
                    } else if initials.starts_with(s.as_bytes()) {
                        Some(MatchKind::Initials)
                    } else {
                        None
                    }
                })
            } else {
                None
            };
            let Some(matched) = matched else {
                continue;
            };
            let home = match r.household() {
                Some(h) => self
                    .get_id::<Household>(h)?
                    .filter(|h| scope.sees(h.community, h.grid)),
                None => None,
            };
            let community = self
                .get_id::<crate::model::Community>(r.community)?
                .map(|c| c.name)
                .unwrap_or_default();
            out.push(Hit {
                kind: HitKind::Registrant,
                name: r.name.clone(),
                address: home
                    .as_ref()
                    .map_or_else(|| r.kind_zh().to_string(), |h| h.address.to_string()),
                community,
                household: home.map_or(0, |h| h.id),
                resident: None,
                matched,
                score: 0,
                former: r.state != RegistrantState::Registered,
                registrant: Some(r.id),
            });
        }
        out.sort_by(|a, b| a.name.cmp(&b.name));
        out.truncate(limit);
        Ok(out)
    }
}

//! `gridbook demo`: a realistic demo street modelled on 东区街道, deterministic for a seed.
//!
//! The same seed and day give the same records, byte for byte: one ChaCha8 stream drives every
//! choice in a fixed order, ids come from a counter, and nothing reads the clock or iterates a
//! hash map while generating. `places` plans streets, communities, grids and buildings;
//! `people` fills the rooms and appoints building captains; `work` adds a year of visits,
//! follow-ups and disputes; `party` the party-led side (members, groups, 中心户 and their
//! contacts, small wishes); `agenda` agenda items and meetings; `names` knows Chinese names.

use crate::cli::out::{errln, outln};

mod agenda;
mod gather;
mod names;
mod party;
mod people;
mod places;
mod service;
mod work;

use std::collections::{BTreeSet, HashSet};
use std::io::IsTerminal;
use std::path::Path;
use std::time::Duration;

use chrono::{Datelike, FixedOffset, NaiveDate, TimeZone};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

use crate::i18n::Lang;
use crate::model::time::Instant;
use crate::model::{Address, Building, Community, Grid, Id, Role, Sex, Staff, Street};
use crate::store::bulk::Bulk;
use crate::store::{Entity, OpenOptions, Store, StoreError, TreeId};
use crate::tr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Scale {
    #[value(alias = "小")]
    Small,
    #[value(alias = "街道")]
    Street,
    #[value(alias = "城市")]
    City,
}

#[derive(Debug, clap::Args)]
pub struct DemoArgs {
    /// How big: small (one community), street (东区街道), city (a whole city).
    #[arg(long, value_enum, default_value = "small")]
    pub scale: Scale,
    /// The same seed (and day) always gives the same demo.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// The day the demo's year of visits ends (default: today).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub today: Option<NaiveDate>,
}

/// What to generate.
#[derive(Debug, Clone)]
pub struct Spec {
    pub scale: Scale,
    pub seed: u64,
    /// The year of visits ends the day before; follow-ups fall due around it.
    pub today: NaiveDate,
    /// An OS user to add as a street admin (the one running the command), unless already staff.
    pub operator: Option<String>,
}

/// How many records of each kind were made.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    pub streets: u64,
    pub communities: u64,
    pub grids: u64,
    pub buildings: u64,
    pub households: u64,
    pub residents: u64,
    pub captains: u64,
    pub staff: u64,
    pub visits: u64,
    pub disputes: u64,
    pub notes: u64,
    pub followups: u64,
}

impl Summary {
    fn add(&mut self, tree: TreeId) {
        let n = match tree {
            TreeId::Streets => &mut self.streets,
            TreeId::Communities => &mut self.communities,
            TreeId::Grids => &mut self.grids,
            TreeId::Buildings => &mut self.buildings,
            TreeId::Households => &mut self.households,
            TreeId::Residents => &mut self.residents,
            TreeId::Captains => &mut self.captains,
            TreeId::Staff => &mut self.staff,
            TreeId::Visits => &mut self.visits,
            TreeId::Disputes => &mut self.disputes,
            TreeId::Notes => &mut self.notes,
            TreeId::FollowUps => &mut self.followups,
            _ => return,
        };
        *n += 1;
    }

    /// One line for people, in `lang`: what was made and how long it took.
    pub fn line_in(&self, took: Duration, lang: Lang) -> String {
        match lang {
            Lang::En => self.line(took),
            Lang::Zh => format!(
                "已生成 {} 个社区、{} 个网格、{} 栋楼、{} 户、{} 位居民、{} 位楼长、{} 次走访、{} 起纠纷和 {} 项待办，用时 {:.1} 秒",
                self.communities,
                self.grids,
                self.buildings,
                self.households,
                self.residents,
                self.captains,
                self.visits,
                self.disputes,
                self.followups,
                took.as_secs_f64()
            ),
        }
    }

    /// One line for people: what was made and how long it took.
    pub fn line(&self, took: Duration) -> String {
        let plural =
            |n: u64, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        format!(
            "made {}, {}, {}, {}, {}, {}, {}, {} and {} in {:.1} s",
            plural(self.communities, "community", "communities"),
            plural(self.grids, "grid", "grids"),
            plural(self.buildings, "building", "buildings"),
            plural(self.households, "household", "households"),
            plural(self.residents, "resident", "residents"),
            plural(self.captains, "building captain", "building captains"),
            plural(self.visits, "visit", "visits"),
            plural(self.disputes, "dispute", "disputes"),
            plural(self.followups, "follow-up", "follow-ups"),
            took.as_secs_f64()
        )
    }
}

/// How far generation has got, in households.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub done: u64,
    pub total: u64,
}

/// The generator's state: the one random stream, the id counter, and the loader.
struct Gen<'s> {
    rng: ChaCha8Rng,
    next: Id,
    bulk: Bulk<'s>,
    today: NaiveDate,
    /// Years between 2026, for which the birth years are written, and `today`.
    shift: i32,
    /// 中山 keeps China Standard Time; a fixed offset makes the demo the same on any machine.
    tz: FixedOffset,
    sum: Summary,
    surnames: names::Surnames,
    /// The first 17 digits of every ID number handed out, so none is given twice.
    id_numbers: HashSet<u64>,
}

impl<'s> Gen<'s> {
    fn new(store: &'s Store, seed: u64, today: NaiveDate) -> Gen<'s> {
        Gen {
            rng: ChaCha8Rng::seed_from_u64(seed),
            next: 1,
            bulk: Bulk::new(store, "demo"),
            today,
            shift: today.year() - 2026,
            tz: FixedOffset::east_opt(8 * 3600).expect("+08:00 is a valid offset"),
            sum: Summary::default(),
            surnames: names::Surnames::new(),
            id_numbers: HashSet::new(),
        }
    }

    fn id(&mut self) -> Id {
        let id = self.next;
        self.next += 1;
        id
    }

    fn put<E: Entity>(&mut self, value: &E) -> Result<(), StoreError> {
        self.bulk.put(value)?;
        self.sum.add(E::TREE);
        Ok(())
    }

    fn surname(&mut self, local: bool) -> &'static str {
        self.surnames.draw(&mut self.rng, local)
    }

    /// The instant `seconds` after midnight of `day` in 中山.
    fn at(&self, day: NaiveDate, seconds: u32) -> Instant {
        let time = day.and_hms_opt(0, 0, 0).unwrap_or_default()
            + chrono::Duration::seconds(i64::from(seconds));
        self.tz
            .from_local_datetime(&time)
            .single()
            .map_or(0, |t| t.timestamp())
    }

    /// Whole years between `birth` and today.
    fn age(&self, birth: NaiveDate) -> u32 {
        let t = self.today;
        let mut age = t.year() - birth.year();
        if (t.month(), t.day()) < (birth.month(), birth.day()) {
            age -= 1;
        }
        age.max(0) as u32
    }

    /// A valid ID number, unique in this demo: the sequence digit is odd for men, even for women.
    fn id_number(&mut self, area: u32, birth: NaiveDate, sex: Sex) -> String {
        let date =
            u64::from(birth.year() as u32) * 10_000 + u64::from(birth.month() * 100 + birth.day());
        let mut seq = 0u16;
        for _ in 0..64 {
            seq = self.rng.random_range(0..500u16) * 2 + u16::from(sex == Sex::Male);
            let key = (u64::from(area) * 100_000_000 + date) * 1_000 + u64::from(seq);
            if self.id_numbers.insert(key) {
                break;
            }
        }
        crate::model::idnumber::compose(area, birth, seq)
    }
}

/// Fills an empty store with the demo for `spec`, reporting progress in households.
pub fn generate(
    store: &Store,
    spec: &Spec,
    progress: &dyn Fn(Progress),
) -> Result<Summary, StoreError> {
    let mut g = Gen::new(store, spec.seed, spec.today);
    let plan = places::plan(&mut g.rng, spec.scale);
    let total = plan.households();
    let mut done = 0u64;
    progress(Progress { done, total });
    let mut staff: Vec<Staff> = Vec::new();
    let mut users: BTreeSet<String> = BTreeSet::from(["admin".to_string()]);
    let mut communities: Vec<Id> = Vec::new();
    let mut party = party::Party::new(spec.seed);
    let mut agenda = agenda::Agenda::new(spec.seed);
    let mut service = service::Service::new(spec.seed);
    let today = crate::model::time::day_of(spec.today);
    for sp in &plan.streets {
        let street = g.id();
        g.put(&Street {
            id: street,
            name: sp.name.to_string(),
        })?;
        for cp in &sp.communities {
            let community = g.id();
            communities.push(community);
            g.put(&Community {
                id: community,
                street,
                name: cp.name.clone(),
            })?;
            party.community(community);
            agenda.places.community(community);
            service.places.community(community);
            // The grid tree, a captain (网格长) for every grid.
            let mut grid_ids: Vec<Id> = Vec::with_capacity(cp.grids.len());
            let mut grid_users: Vec<String> = Vec::with_capacity(cp.grids.len());
            for gp in &cp.grids {
                let id = g.id();
                let who = names::staff_name(&mut g.rng, &g.surnames);
                let user = unique_user(&mut users, &who.user);
                grid_ids.push(id);
                grid_users.push(user.clone());
                staff.push(Staff {
                    user: user.clone(),
                    display_name: who.name,
                    role: Role::GridCaptain,
                    grids: vec![id],
                    communities: vec![community],
                });
                g.put(&Grid {
                    id,
                    community,
                    parent: gp.parent.map(|p| grid_ids[p]),
                    level: gp.level,
                    name: gp.name.clone(),
                    captain: Some(user),
                })?;
            }
            // A grid captain sees the grids under theirs too.
            let first = staff.len() - cp.grids.len();
            for (i, gp) in cp.grids.iter().enumerate() {
                let mut up = gp.parent;
                while let Some(p) = up {
                    staff[first + p].grids.push(grid_ids[i]);
                    up = cp.grids[p].parent;
                }
            }
            let mut building_ids: Vec<Id> = Vec::with_capacity(cp.buildings.len());
            for bp in &cp.buildings {
                let id = g.id();
                building_ids.push(id);
                g.put(&Building {
                    id,
                    community,
                    grid: grid_ids[bp.grid],
                    number: bp.number,
                    entrances: bp.entrances,
                    floors: bp.floors,
                })?;
            }
            // Households, grid by grid: people, captains' patches, then the year's visits.
            let mut homes: Vec<work::Home> = Vec::new();
            for (gi, gp) in cp.grids.iter().enumerate() {
                if !gp.leaf {
                    continue;
                }
                party.grid(grid_ids[gi], &grid_users[gi]);
                agenda.places.grid(grid_ids[gi], &grid_users[gi]);
                service.places.grid(grid_ids[gi], &grid_users[gi]);
                let mut drafts = Vec::new();
                for (bi, bp) in cp.buildings.iter().enumerate() {
                    if bp.grid != gi {
                        continue;
                    }
                    for &(entrance, room) in &bp.occupied {
                        let address = Address {
                            building: bp.number,
                            entrance,
                            room,
                        };
                        drafts.push(people::household(
                            &mut g,
                            community,
                            grid_ids[gi],
                            building_ids[bi],
                            address,
                        ));
                    }
                }
                people::captains(&mut g, &mut drafts)?;
                party.households(&drafts, today);
                agenda.households(&drafts);
                service.households(&drafts, today);
                for d in &drafts {
                    g.put(&d.household)?;
                    for r in &d.residents {
                        g.put(r)?;
                    }
                }
                for d in &drafts {
                    work::visits(&mut g, d, &grid_users[gi])?;
                }
                homes.extend(drafts.iter().map(work::Home::of));
                done += drafts.len() as u64;
                progress(Progress { done, total });
            }
            let staff_of = |grid: Id| {
                grid_ids
                    .iter()
                    .position(|&x| x == grid)
                    .map_or_else(|| "admin".to_string(), |i| grid_users[i].clone())
            };
            work::disputes(&mut g, &homes, sp.name, community, &staff_of)?;
        }
    }
    staff.push(Staff {
        user: "admin".to_string(),
        display_name: "街道管理员".to_string(),
        role: Role::StreetAdmin,
        grids: Vec::new(),
        communities: communities.clone(),
    });
    if let Some(op) = &spec.operator {
        if !users.contains(op) && op.as_str() != "admin" {
            staff.push(Staff {
                user: op.clone(),
                display_name: op.clone(),
                role: Role::StreetAdmin,
                grids: Vec::new(),
                communities,
            });
        }
    }
    for s in &staff {
        g.put(s)?;
    }
    party.plan(&mut g)?;
    agenda.plan(&mut g)?;
    service.plan(&mut g)?;
    let summary = g.sum;
    let last = g.next;
    g.bulk.finish()?;
    // Ids the store hands out later start above the demo's own.
    store.raise_id_floor(last)?;
    Ok(summary)
}

/// Builds the search index of the new demo and saves it, so the first start has it at once.
/// A failure only means that start builds it instead.
fn save_search_index(store: &Store) {
    use crate::search::{snapshot, SearchIndex};
    let saved = store.people_generation().ok().and_then(|g| {
        let index = SearchIndex::build(store).ok()?;
        snapshot::encode(g, &index).ok()
    });
    if let Some(bytes) = saved {
        let _ = snapshot::write(store.dir(), &bytes);
    }
}

/// `zhangli`, or `zhangli2` when a 张丽 already works here.
fn unique_user(users: &mut BTreeSet<String>, base: &str) -> String {
    let mut user = base.to_string();
    let mut n = 1;
    while users.contains(&user) {
        n += 1;
        user = format!("{base}{n}");
    }
    users.insert(user.clone());
    user
}

/// Closes the store and returns once sled has let go of its lock on the directory, so that
/// the caller can open it again in this process. sled's IO threads finish their last writes
/// after the handle is dropped, and until they have, opening the store again fails as locked.
fn close(store: Store) {
    let db = store.dir().join("sled").join("db");
    drop(store);
    let give_up = std::time::Instant::now() + Duration::from_secs(10);
    loop {
        let Ok(file) = std::fs::File::options().read(true).write(true).open(&db) else {
            return;
        };
        match nix::fcntl::Flock::lock(file, nix::fcntl::FlockArg::LockExclusiveNonblock) {
            // Dropping the probe's lock unlocks it again.
            Ok(_probe) => return,
            Err(_) if std::time::Instant::now() < give_up => {
                std::thread::sleep(Duration::from_millis(5))
            }
            Err(_) => return,
        }
    }
}

fn open(dir: &Path) -> anyhow::Result<Store> {
    Ok(Store::open(
        dir,
        OpenOptions {
            cache_bytes: 1 << 30,
            bulk: true,
        },
    )?)
}

/// A bar on stderr when a person is watching; nothing otherwise.
fn bar() -> indicatif::ProgressBar {
    if !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(0);
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "{bar:40} {pos}/{len} households, {elapsed} (about {eta} to go)",
    ) {
        bar.set_style(style);
    }
    bar
}

fn show(bar: &indicatif::ProgressBar) -> impl Fn(Progress) + '_ {
    move |p: Progress| {
        bar.set_length(p.total);
        bar.set_position(p.done);
    }
}

pub fn run(dir: &Path, args: &DemoArgs, lang: Lang) -> anyhow::Result<()> {
    let started = std::time::Instant::now();
    let store = open(dir)?;
    if store.count(TreeId::Households)? > 0 {
        close(store);
        let dir = dir.display();
        anyhow::bail!(tr!(
            lang,
            "{dir} 中已经有数据；请用 --data 目录 指定一个空目录",
            "the store in {dir} already holds data; give an empty directory with --data DIR"
        ));
    }
    let spec = Spec {
        scale: args.scale,
        seed: args.seed,
        today: args
            .today
            .unwrap_or_else(|| chrono::Local::now().date_naive()),
        operator: Some(crate::client::current_user()),
    };
    let bar = bar();
    let summary = generate(&store, &spec, &show(&bar))?;
    bar.finish_and_clear();
    save_search_index(&store);
    close(store);
    outln!("{}", summary.line_in(started.elapsed(), lang));
    Ok(())
}

/// For `gridbook --demo`: makes the demo street (seed 1, ending today) if the store in `dir`
/// holds no households yet. The store is closed again before this returns.
pub fn ensure(dir: &Path, lang: Lang) -> anyhow::Result<()> {
    let started = std::time::Instant::now();
    // A server answering for this directory holds a demo made before: nothing to do.
    if std::os::unix::net::UnixStream::connect(crate::server::access::socket(dir)).is_ok() {
        return Ok(());
    }
    let store = open(dir)?;
    if store.count(TreeId::Households)? > 0 {
        close(store);
        return Ok(());
    }
    let shown = dir.display();
    errln!(
        "gridbook: {}",
        tr!(
            lang,
            "正在 {shown} 中生成演示街道 东区街道；只需一次，要等一会儿",
            "making the demo street 东区街道 in {shown}; this happens once and takes a little while"
        )
    );
    let spec = Spec {
        scale: Scale::Street,
        seed: 1,
        today: chrono::Local::now().date_naive(),
        operator: Some(crate::client::current_user()),
    };
    let bar = bar();
    let made = generate(&store, &spec, &show(&bar));
    bar.finish_and_clear();
    if made.is_ok() {
        save_search_index(&store);
    }
    close(store);
    let summary = made?;
    errln!("gridbook: {}", summary.line_in(started.elapsed(), lang));
    Ok(())
}

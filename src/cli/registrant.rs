//! `gridbook registrant|post|service`: 双报到 on the command line – in-service members and
//! co-building units registering and leaving, service posts published, claimed and closed,
//! services logged, the quarterly feedback card per employer and the grid figures – through
//! the operations in api/registrants.rs.

use std::path::{Path, PathBuf};

use anyhow::bail;

use crate::api::registrants::{
    feedback_sheet, AddPost, AddRegistrant, ClaimPost, ClosePost, EndClaim, FeedbackRows,
    LeaveRegistrant, LogService, Posts, Registrants, ServiceFigures,
};
use crate::cli::out::outln;
use crate::client::{Ask, Backend};
use crate::i18n::Lang;
use crate::io::sheet::FileFormat;
use crate::model::place::CommunityNames;
use crate::model::registrant::{
    hours_text, parse_hours, Post, PostState, Quarter, Registrant, RegistrantSide, RegistrantState,
    ServiceRecord, UnitKind,
};
use crate::model::shown::quote;
use crate::model::time::{day_text, local_day, now, parse_day, Day};
use crate::model::Id;
use crate::store::query::Overview;
use crate::store::registrants::{PostRow, RegistrantRow};
use crate::tr;

use super::address::household_at;

#[derive(Debug, clap::Subcommand)]
pub enum RegistrantCommand {
    /// Register an in-service party member, or with --unit a co-building unit.
    Add(Box<AddArgs>),
    /// The registrants of your communities, with their posts and hours this quarter.
    List {
        /// Count the quarter from this day instead of today (for tests).
        #[arg(long, value_name = "YYYY-MM-DD", hide = true)]
        today: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// A registrant leaves: cancelled (已注销), or with --transferred transferred out (已转出).
    Leave {
        /// The member's or unit's name.
        name: String,
        #[arg(long, value_name = "TEXT")]
        reason: String,
        /// Transferred out (已转出) rather than cancelled (已注销).
        #[arg(long)]
        transferred: bool,
        /// The day (default: today).
        #[arg(long, value_name = "DAY")]
        date: Option<String>,
        /// The community, by name, when there are several
        #[arg(long, value_name = "NAME")]
        community: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, clap::Args)]
pub struct AddArgs {
    /// The member's or the unit's name.
    pub name: String,
    /// A co-building unit of this kind: 机关 office, 企业 company, 学校 school, 派出所 police,
    /// 物业 property, 社会组织 social, 其他 other.
    #[arg(long, value_name = "KIND")]
    pub unit: Option<String>,
    #[arg(long, value_name = "PHONE")]
    pub phone: Option<String>,
    /// A member's employer (工作单位).
    #[arg(long, value_name = "NAME")]
    pub employer: Option<String>,
    /// The employer's party organisation.
    #[arg(long, value_name = "NAME")]
    pub party_org: Option<String>,
    /// A member's skills, separated by commas.
    #[arg(long, value_name = "A,B")]
    pub skills: Option<String>,
    /// Where a member lives, if known: an address such as 5-2-301.
    #[arg(long, value_name = "ADDRESS")]
    pub lives: Option<String>,
    /// A unit's contact person.
    #[arg(long, value_name = "NAME")]
    pub contact: Option<String>,
    /// The day a unit's agreement was signed.
    #[arg(long, value_name = "DAY")]
    pub signed: Option<String>,
    /// The day a unit's agreement ends.
    #[arg(long, value_name = "DAY")]
    pub ends: Option<String>,
    /// The community, by name, when there are several.
    #[arg(long, value_name = "NAME")]
    pub community: Option<String>,
    /// The day of registering (default: today).
    #[arg(long, value_name = "DAY")]
    pub date: Option<String>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, clap::Subcommand)]
pub enum PostCommand {
    /// Publish a service post on a grid.
    Add {
        /// The post's title, as 楼道清洁.
        title: String,
        #[arg(long, value_name = "GRID")]
        grid: String,
        /// The community, by name (or the start of it), when grids of several have the name
        #[arg(long, value_name = "NAME")]
        community: Option<String>,
        /// How many registrants it takes at once.
        #[arg(long, value_name = "N")]
        capacity: u32,
        /// Its category, as 环境整治.
        #[arg(long, value_name = "TEXT", default_value = "")]
        category: String,
        /// Skills wanted, separated by commas.
        #[arg(long, value_name = "A,B")]
        skills: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// The posts on your grids, claimed against capacity.
    List {
        /// Only this grid.
        #[arg(long, value_name = "GRID")]
        grid: Option<String>,
        /// The community, by name (or the start of it), when grids of several have the name
        #[arg(long, value_name = "NAME")]
        community: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Close a post; its claims end.
    Close {
        /// The post's number or title.
        post: String,
        #[arg(long, value_name = "DAY")]
        date: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// A registrant claims a post.
    Claim {
        /// The post's number or title.
        post: String,
        /// The registrant's name.
        #[arg(long, value_name = "NAME")]
        by: String,
        #[arg(long, value_name = "DAY")]
        date: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// A registrant's claim on a post ends.
    Unclaim {
        /// The post's number or title.
        post: String,
        /// The registrant's name.
        #[arg(long, value_name = "NAME")]
        by: String,
        #[arg(long, value_name = "DAY")]
        date: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, clap::Subcommand)]
pub enum ServiceCommand {
    /// Log a service a registrant gave.
    Log {
        /// The registrant's name.
        #[arg(long, value_name = "NAME")]
        by: String,
        /// How long, in hours, as 1.5.
        #[arg(long, value_name = "H")]
        hours: String,
        /// What was done.
        #[arg(long, value_name = "TEXT")]
        what: String,
        /// The post it was done on: its number or title.
        #[arg(long, value_name = "POST")]
        post: Option<String>,
        #[arg(long, value_name = "DAY")]
        date: Option<String>,
        /// Who confirmed it.
        #[arg(long, value_name = "NAME")]
        confirmed_by: Option<String>,
        /// The community, by name, when there are several
        #[arg(long, value_name = "NAME")]
        community: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Write the quarterly feedback card (报到服务情况反馈表) for one employer.
    Card {
        /// The quarter, as 2026Q4.
        #[arg(long, value_name = "YYYYQn")]
        quarter: String,
        /// The employer (工作单位), or a co-building unit's name.
        #[arg(long, value_name = "NAME")]
        employer: String,
        /// The file to write: XLSX (with the title row) or CSV.
        #[arg(short = 'o', long = "output", value_name = "FILE.xlsx|FILE.csv")]
        output: PathBuf,
    },
    /// Per grid: registered members and units, the share with any service, the hours.
    Figures {
        /// The quarter, as 2026Q4 (default: this one).
        #[arg(long, value_name = "YYYYQn")]
        quarter: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

fn day(text: Option<&str>, lang: Lang) -> anyhow::Result<Day> {
    let today = local_day(now());
    let Some(t) = text else {
        return Ok(today);
    };
    match parse_day(t, today) {
        Some(d) => Ok(d),
        None => {
            let t = quote(t.trim());
            bail!(tr!(
                lang,
                "“{t}”不是日期；请写成 2026-12-01、12-01 或 +7",
                "“{t}” is not a day; write it as 2026-12-01, 12-01 or +7"
            ))
        }
    }
}

fn quarter(text: &str, lang: Lang) -> anyhow::Result<Quarter> {
    match Quarter::parse(text) {
        Some(q) => Ok(q),
        None => {
            let t = quote(text.trim());
            bail!(tr!(
                lang,
                "“{t}”不是季度；请写成 2026Q4",
                "“{t}” is not a quarter; write it as 2026Q4"
            ))
        }
    }
}

fn words(text: Option<&str>) -> Vec<String> {
    text.unwrap_or("")
        .split([',', '，', '、'])
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

fn kind_name(r: &Registrant, lang: Lang) -> &'static str {
    lang.pick(r.kind_zh(), r.kind_en())
}

fn state_name(s: RegistrantState, lang: Lang) -> &'static str {
    lang.pick(s.zh(), s.en())
}

fn post_state(s: PostState, lang: Lang) -> &'static str {
    lang.pick(s.zh(), s.en())
}

/// The registered registrant called `name` in the caller's communities, or in `community`
/// when given (a post's); several of that name in different communities are refused, naming
/// them.
fn registrant(
    backend: &dyn Backend,
    name: &str,
    community: Option<Id>,
    lang: Lang,
) -> anyhow::Result<Registrant> {
    let name = name.trim();
    let mut found: Vec<Registrant> = backend
        .call(Registrants {
            day: local_day(now()),
        })?
        .into_iter()
        .map(|r| r.registrant)
        .filter(|r| {
            r.name == name
                && r.state == RegistrantState::Registered
                && community.is_none_or(|c| c == r.community)
        })
        .collect();
    match found.len() {
        1 => Ok(found.remove(0)),
        0 => {
            let name = quote(name);
            bail!(tr!(
                lang,
                "没有叫“{name}”的已报到对象；`gridbook registrant list` 会列出全部",
                "there is no registered member or unit called “{name}”; `gridbook registrant list` shows them"
            ))
        }
        _ => {
            let o = backend.overview()?;
            let names = super::address::listing(
                found
                    .iter()
                    .map(|r| o.community_name(r.community))
                    .collect(),
                lang,
            );
            let name = quote(name);
            bail!(tr!(
                lang,
                "{names}都有叫“{name}”的报到对象；请用 --community 社区名 指明是哪个",
                "{names} each have a registrant called “{name}”; say which with --community NAME"
            ))
        }
    }
}

/// The community named by `--community`, if given.
fn community_given(
    backend: &dyn Backend,
    named: Option<&str>,
    lang: Lang,
) -> anyhow::Result<Option<Id>> {
    match named {
        Some(n) => Ok(Some(super::structure::community(
            &backend.overview()?,
            Some(n),
            lang,
        )?)),
        None => Ok(None),
    }
}

/// One registrant as `registrant list|add|leave --json` give it: words and days, not codes.
#[derive(Debug, serde::Serialize)]
struct RegistrantJson<'a> {
    id: Id,
    name: &'a str,
    community: String,
    kind: &'static str,
    phone: &'a str,
    employer: Option<&'a str>,
    party_org: Option<&'a str>,
    skills: &'a [String],
    contact: Option<&'a str>,
    signed: Option<String>,
    ends: Option<String>,
    address: Option<String>,
    registered: String,
    state: &'static str,
    ended: Option<String>,
    reason: Option<&'a str>,
    posts: &'a [String],
    minutes: u64,
}

impl<'a> RegistrantJson<'a> {
    fn of(r: &'a RegistrantRow, o: &Overview) -> RegistrantJson<'a> {
        let g = &r.registrant;
        let (employer, party_org, skills, contact, signed, ends) = match &g.side {
            RegistrantSide::Member {
                employer,
                employer_party,
                skills,
                ..
            } => (
                Some(employer.as_str()),
                Some(employer_party.as_str()),
                skills.as_slice(),
                None,
                None,
                None,
            ),
            RegistrantSide::Unit {
                contact,
                signed,
                ends,
                ..
            } => (
                None,
                None,
                &[][..],
                Some(contact.as_str()),
                signed.map(day_text),
                ends.map(day_text),
            ),
        };
        RegistrantJson {
            id: g.id,
            name: &g.name,
            community: o.community_name(g.community),
            kind: g.kind_en(),
            phone: &g.phone,
            employer,
            party_org,
            skills,
            contact,
            signed,
            ends,
            address: r.address.map(|a| a.to_string()),
            registered: day_text(g.registered),
            state: g.state.en(),
            ended: g.ended.as_ref().map(|e| day_text(e.day)),
            reason: g.ended.as_ref().map(|e| e.reason.as_str()),
            posts: &r.posts,
            minutes: r.minutes,
        }
    }
}

/// Prints the registrant `id` as `registrant list --json` gives her, read back as she is now.
fn registrant_json(backend: &dyn Backend, id: Id) -> anyhow::Result<()> {
    let o = backend.overview()?;
    let rows = backend.call(Registrants {
        day: local_day(now()),
    })?;
    let row = rows.iter().find(|r| r.registrant.id == id);
    Ok(crate::cli::out::json(
        &row.map(|r| RegistrantJson::of(r, &o)),
    )?)
}

/// One post as `post list|add|close --json` give it.
#[derive(Debug, serde::Serialize)]
struct PostJson<'a> {
    id: Id,
    title: &'a str,
    community: String,
    grid: String,
    category: &'a str,
    skills: &'a [String],
    capacity: u32,
    claimed: u32,
    state: &'static str,
    holders: &'a [String],
    closed: Option<String>,
}

impl<'a> PostJson<'a> {
    fn of(r: &'a PostRow, o: &Overview) -> PostJson<'a> {
        PostJson {
            id: r.post.id,
            title: &r.post.title,
            community: o.community_name(r.post.community),
            grid: o.grid_name(r.post.grid),
            category: &r.post.category,
            skills: &r.post.skills,
            capacity: r.post.capacity,
            claimed: r.claimed,
            state: r.state.en(),
            holders: &r.holders,
            closed: r.post.closed.map(day_text),
        }
    }
}

/// Prints the post `id` as `post list --json` gives it, as it is now.
fn post_json(backend: &dyn Backend, id: Id) -> anyhow::Result<()> {
    let o = backend.overview()?;
    let row = post_now(backend, id)?;
    Ok(crate::cli::out::json(
        &row.as_ref().map(|r| PostJson::of(r, &o)),
    )?)
}

/// The post numbered or titled `typed` on the caller's grids.
fn post(backend: &dyn Backend, typed: &str, lang: Lang) -> anyhow::Result<PostRow> {
    let typed = typed.trim();
    let rows = backend.call(Posts)?;
    let found: Vec<&PostRow> = match typed.parse::<u64>() {
        Ok(id) => rows.iter().filter(|r| r.post.id == id).collect(),
        Err(_) => rows.iter().filter(|r| r.post.title == typed).collect(),
    };
    match found.as_slice() {
        [one] => Ok((*one).clone()),
        [] => {
            let t = quote(typed);
            bail!(tr!(
                lang,
                "你负责的网格里没有岗位“{t}”；`gridbook post list` 会列出全部",
                "there is no post “{t}” on the grids you look after; `gridbook post list` shows them"
            ))
        }
        _ => {
            let t = quote(typed);
            bail!(tr!(
                lang,
                "有几个岗位都叫“{t}”；请写岗位编号，`gridbook post list` 会列出",
                "several posts are called “{t}”; give the post's number, as `gridbook post list` shows it"
            ))
        }
    }
}

/// A post's line: `12  楼道清洁  第一网格  1/2  open  王芳`.
fn post_line(r: &PostRow, lang: Lang) -> String {
    let holders = if r.holders.is_empty() {
        "-".to_string()
    } else {
        r.holders.join(lang.pick("、", ", "))
    };
    format!(
        "{}  {}  {}  {}/{}  {}  {}",
        r.post.id,
        r.post.title,
        r.grid,
        r.claimed,
        r.post.capacity,
        post_state(r.state, lang),
        holders
    )
}

/// The post's row now, after a change.
fn post_now(backend: &dyn Backend, id: u64) -> anyhow::Result<Option<PostRow>> {
    Ok(backend.call(Posts)?.into_iter().find(|r| r.post.id == id))
}

pub fn registrant_run(dir: &Path, cmd: &RegistrantCommand, lang: Lang) -> anyhow::Result<()> {
    let backend = crate::client::open(dir)?;
    let backend = backend.as_ref();
    match cmd {
        RegistrantCommand::Add(a) => add(backend, a, lang),
        RegistrantCommand::List { today, json } => {
            let today = day(today.as_deref(), lang)?;
            let rows = backend.call(Registrants { day: today })?;
            let o = backend.overview()?;
            if *json {
                let rows: Vec<RegistrantJson> =
                    rows.iter().map(|r| RegistrantJson::of(r, &o)).collect();
                return Ok(crate::cli::out::json(&rows)?);
            }
            // On a street, each after its community's name (many have a 东区供电所).
            let names = CommunityNames::new(o.communities.iter().map(|c| (c.id, c.name.clone())));
            let q = Quarter::of(today);
            let (n, label, code) = (rows.len(), q.label(), q.code());
            let all = crate::i18n::count(n, "registrant", "registrants");
            outln!(
                "{}",
                tr!(
                    lang,
                    "报到对象 {n} 个（服务时长：{label}）：",
                    "{all} (hours in {code}):"
                )
            );
            for r in &rows {
                let line = registrant_line(r, lang);
                outln!("  {}", names.place(r.registrant.community, line));
            }
            Ok(())
        }
        RegistrantCommand::Leave {
            name,
            reason,
            transferred,
            date,
            community,
            json,
        } => {
            let day = day(date.as_deref(), lang)?;
            let within = community_given(backend, community.as_deref(), lang)?;
            let r = registrant(backend, name, within, lang)?;
            let to = if *transferred {
                RegistrantState::TransferredOut
            } else {
                RegistrantState::Cancelled
            };
            let r = backend.call(LeaveRegistrant {
                registrant: r.id,
                to,
                day,
                reason: reason.clone(),
            })?;
            if *json {
                return registrant_json(backend, r.id);
            }
            let (n, s, why) = (&r.name, state_name(r.state, lang), reason.trim());
            outln!("{}", tr!(lang, "{n} {s}：{why}", "{n} {s}: {why}"));
            Ok(())
        }
    }
}

/// A registrant's line: name, kind, employer or contact, address, state, posts, hours.
fn registrant_line(r: &RegistrantRow, lang: Lang) -> String {
    let g = &r.registrant;
    let dash = |s: String| if s.is_empty() { "-".to_string() } else { s };
    let who = match &g.side {
        RegistrantSide::Member { employer, .. } => employer.clone(),
        RegistrantSide::Unit { contact, .. } => contact.clone(),
    };
    let address = r.address.map(|a| a.to_string()).unwrap_or_default();
    let hours = hours_text(r.minutes);
    format!(
        "{}  {}  {}  {}  {}  {}  {}",
        g.name,
        kind_name(g, lang),
        dash(who),
        dash(address),
        state_name(g.state, lang),
        dash(r.posts.join(lang.pick("、", ", "))),
        tr!(lang, "{hours} 小时", "{hours} h")
    )
}

fn add(backend: &dyn Backend, a: &AddArgs, lang: Lang) -> anyhow::Result<()> {
    let registered = day(a.date.as_deref(), lang)?;
    let o = backend.overview()?;
    let (side, community) = match &a.unit {
        Some(k) => {
            let Some(kind) = UnitKind::parse(k) else {
                let k = quote(k.trim());
                bail!(tr!(
                    lang,
                    "没有“{k}”这个共建单位类别；可选：机关、企业、学校、派出所、物业、社会组织、其他",
                    "there is no unit kind “{k}”; use office, company, school, police, property, social or other (机关, 企业, 学校, 派出所, 物业, 社会组织, 其他)"
                ))
            };
            let signed = a
                .signed
                .as_deref()
                .map(|d| day(Some(d), lang))
                .transpose()?;
            let ends = a.ends.as_deref().map(|d| day(Some(d), lang)).transpose()?;
            let side = RegistrantSide::Unit {
                kind,
                contact: a.contact.clone().unwrap_or_default(),
                signed,
                ends,
            };
            (
                side,
                super::structure::community(&o, a.community.as_deref(), lang)?,
            )
        }
        None => {
            let home = a
                .lives
                .as_deref()
                .map(|w| household_at(backend, w, a.community.as_deref(), lang))
                .transpose()?;
            let community = match &home {
                Some(h) => h.community,
                None => super::structure::community(&o, a.community.as_deref(), lang)?,
            };
            let side = RegistrantSide::Member {
                employer: a.employer.clone().unwrap_or_default(),
                employer_party: a.party_org.clone().unwrap_or_default(),
                skills: words(a.skills.as_deref()),
                household: home.map(|h| h.household),
            };
            (side, community)
        }
    };
    let r = backend.call(AddRegistrant(Registrant {
        id: 0,
        community,
        name: a.name.clone(),
        phone: a.phone.clone().unwrap_or_default(),
        side,
        registered,
        state: RegistrantState::Registered,
        ended: None,
    }))?;
    if a.json {
        return registrant_json(backend, r.id);
    }
    let (n, k, d) = (&r.name, kind_name(&r, lang), day_text(r.registered));
    let line = match &r.side {
        RegistrantSide::Member { employer, .. } => tr!(
            lang,
            "已登记 {n}（{k}，{employer}），{d} 报到",
            "registered {n} ({k} of {employer}) on {d}"
        ),
        RegistrantSide::Unit { .. } => tr!(
            lang,
            "已登记共建单位 {n}（{k}），{d} 报到",
            "registered the co-building unit {n} ({k}) on {d}"
        ),
    };
    outln!("{line}");
    Ok(())
}

pub fn post_run(dir: &Path, cmd: &PostCommand, lang: Lang) -> anyhow::Result<()> {
    let backend = crate::client::open(dir)?;
    let backend = backend.as_ref();
    match cmd {
        PostCommand::Add {
            title,
            grid,
            community,
            capacity,
            category,
            skills,
            json,
        } => {
            let o = backend.overview()?;
            let g = super::structure::grid(&o, community.as_deref(), grid, lang)?.clone();
            let p = backend.call(AddPost(Post {
                id: 0,
                community: g.community,
                grid: g.id,
                title: title.clone(),
                category: category.clone(),
                skills: words(skills.as_deref()),
                capacity: *capacity,
                closed: None,
            }))?;
            if *json {
                return post_json(backend, p.id);
            }
            let (id, t, gn, c) = (p.id, &p.title, &g.name, p.capacity);
            outln!(
                "{}",
                tr!(
                    lang,
                    "已发布岗位 {id} {t}（{gn}，可认领 {c} 人）",
                    "published post {id} {t} on {gn}, for {c}"
                )
            );
        }
        PostCommand::List {
            grid,
            community,
            json,
        } => {
            let mut rows = backend.call(Posts)?;
            let o = backend.overview()?;
            if let Some(g) = grid {
                let g = super::structure::grid(&o, community.as_deref(), g, lang)?.id;
                rows.retain(|r| r.post.grid == g);
            }
            if *json {
                let rows: Vec<PostJson> = rows.iter().map(|r| PostJson::of(r, &o)).collect();
                return Ok(crate::cli::out::json(&rows)?);
            }
            let n = rows.len();
            let all = crate::i18n::count(n, "post", "posts");
            outln!("{}", tr!(lang, "岗位 {n} 个：", "{all}:"));
            for r in &rows {
                outln!("  {}", post_line(r, lang));
            }
        }
        PostCommand::Close {
            post: p,
            date,
            json,
        } => {
            let day = day(date.as_deref(), lang)?;
            let row = post(backend, p, lang)?;
            let p = backend.call(ClosePost {
                post: row.post.id,
                day,
            })?;
            if *json {
                return post_json(backend, p.id);
            }
            let (id, t) = (p.id, &p.title);
            outln!(
                "{}",
                tr!(lang, "岗位 {id} {t} 已关闭", "post {id} {t} closed")
            );
        }
        PostCommand::Claim {
            post: p,
            by,
            date,
            json,
        }
        | PostCommand::Unclaim {
            post: p,
            by,
            date,
            json,
        } => {
            let claim = matches!(cmd, PostCommand::Claim { .. });
            let day = day(date.as_deref(), lang)?;
            let row = post(backend, p, lang)?;
            let r = registrant(backend, by, Some(row.post.community), lang)?;
            let (post, registrant) = (row.post.id, r.id);
            let c = if claim {
                backend.call(ClaimPost {
                    post,
                    registrant,
                    day,
                })?
            } else {
                backend.call(EndClaim {
                    post,
                    registrant,
                    day,
                })?
            };
            let now = post_now(backend, post)?.unwrap_or(row);
            if *json {
                let o = backend.overview()?;
                return Ok(crate::cli::out::json(&ClaimJson {
                    registrant: &r.name,
                    from: day_text(c.from),
                    until: c.until.map(day_text),
                    post: PostJson::of(&now, &o),
                })?);
            }
            let (n, id, t) = (&r.name, now.post.id, &now.post.title);
            let (k, cap, s) = (now.claimed, now.post.capacity, post_state(now.state, lang));
            let line = if claim {
                tr!(
                    lang,
                    "{n} 认领了岗位 {id} {t}（已认领 {k}/{cap}，{s}）",
                    "{n} claimed post {id} {t} ({k}/{cap} claimed, {s})"
                )
            } else {
                tr!(
                    lang,
                    "{n} 对岗位 {id} {t} 的认领已结束（已认领 {k}/{cap}，{s}）",
                    "{n}'s claim on post {id} {t} ended ({k}/{cap} claimed, {s})"
                )
            };
            outln!("{line}");
        }
    }
    Ok(())
}

pub fn service_run(dir: &Path, cmd: &ServiceCommand, lang: Lang) -> anyhow::Result<()> {
    let backend = crate::client::open(dir)?;
    let backend = backend.as_ref();
    match cmd {
        ServiceCommand::Log {
            by,
            hours,
            what,
            post: p,
            date,
            confirmed_by,
            community,
            json,
        } => {
            let Some(minutes) = parse_hours(hours) else {
                let h = quote(hours.trim());
                bail!(tr!(
                    lang,
                    "“{h}”不是服务时长；请写大于 0、不超过 24 的小时数，如 1.5",
                    "“{h}” is not a number of hours; give more than 0 and at most 24, as 1.5"
                ))
            };
            let day = day(date.as_deref(), lang)?;
            let post = p.as_deref().map(|p| post(backend, p, lang)).transpose()?;
            let within = match &post {
                Some(p) => Some(p.post.community),
                None => community_given(backend, community.as_deref(), lang)?,
            };
            let r = registrant(backend, by, within, lang)?;
            let s = backend.call(LogService(ServiceRecord {
                id: 0,
                community: r.community,
                registrant: r.id,
                post: post.as_ref().map(|p| p.post.id),
                day,
                minutes,
                what: what.clone(),
                confirmed_by: confirmed_by.clone().unwrap_or_default(),
            }))?;
            if *json {
                let o = backend.overview()?;
                return Ok(crate::cli::out::json(&ServiceJson {
                    id: s.id,
                    registrant: &r.name,
                    community: o.community_name(s.community),
                    post: post.as_ref().map(|p| p.post.title.as_str()),
                    day: day_text(s.day),
                    hours: hours_text(s.minutes.into()),
                    minutes: s.minutes,
                    what: &s.what,
                    confirmed_by: &s.confirmed_by,
                })?);
            }
            let (n, d, h, w) = (
                &r.name,
                day_text(s.day),
                hours_text(s.minutes.into()),
                &s.what,
            );
            outln!(
                "{}",
                tr!(
                    lang,
                    "已记录 {n} {d} 服务 {h} 小时：{w}",
                    "logged {h} hours by {n} on {d}: {w}"
                )
            );
        }
        ServiceCommand::Card {
            quarter: q,
            employer,
            output,
        } => {
            let q = quarter(q, lang)?;
            let file = output.display();
            let Some(format) = FileFormat::of_path(output) else {
                bail!(tr!(
                    lang,
                    "反馈表只能写成 XLSX 或 CSV；请把文件名“{file}”的结尾改为 .xlsx 或 .csv",
                    "a feedback card is written as XLSX or CSV; end the file name “{file}” in .xlsx or .csv"
                ))
            };
            let rows = backend.call(FeedbackRows {
                quarter: q,
                employer: employer.clone(),
            })?;
            if rows.is_empty() {
                let e = quote(employer.trim());
                bail!(tr!(
                    lang,
                    "没有工作单位为“{e}”的报到对象；`gridbook registrant list` 会列出全部",
                    "no registrant works for “{e}”; `gridbook registrant list` shows them"
                ));
            }
            let sheet = feedback_sheet(&rows, employer.trim(), q);
            sheet.write(output, format)?;
            let (e, code, n) = (employer.trim(), q.code(), rows.len());
            let label = q.label();
            let count = crate::i18n::count(n, "row", "rows");
            outln!(
                "{}",
                tr!(
                    lang,
                    "已把{e}的报到服务情况反馈表（{label}，{n} 行）写入 {file}",
                    "wrote the feedback card of {e} for {code}, {count}, to {file}"
                )
            );
        }
        ServiceCommand::Figures { quarter: q, json } => {
            let q = match q {
                Some(q) => quarter(q, lang)?,
                None => Quarter::of(local_day(now())),
            };
            let rows = backend.call(ServiceFigures(q))?;
            if *json {
                return Ok(crate::cli::out::json(&rows)?);
            }
            let (label, code) = (q.label(), q.code());
            outln!("{}", tr!(lang, "{label}双报到情况：", "双报到 in {code}:"));
            for f in &rows {
                let (g, m, u, s, h) = (
                    &f.name,
                    f.members,
                    f.units,
                    f.share(),
                    hours_text(f.minutes),
                );
                outln!(
                    "  {}",
                    tr!(
                        lang,
                        "{g}  在职党员 {m} 名  共建单位 {u} 个  有服务的占 {s}%  服务 {h} 小时",
                        "{g}  members {m}  units {u}  {s}% with any service  {h} hours"
                    )
                );
            }
        }
    }
    Ok(())
}

/// A claim begun or ended, as `post claim|unclaim --json` give it, with the post as it is now.
#[derive(Debug, serde::Serialize)]
struct ClaimJson<'a> {
    registrant: &'a str,
    from: String,
    until: Option<String>,
    post: PostJson<'a>,
}

/// A service logged, as `service log --json` gives it.
#[derive(Debug, serde::Serialize)]
struct ServiceJson<'a> {
    id: Id,
    registrant: &'a str,
    community: String,
    post: Option<&'a str>,
    day: String,
    hours: String,
    minutes: u32,
    what: &'a str,
    confirmed_by: &'a str,
}

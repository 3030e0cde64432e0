//! `gridbook member`: party members on the grid – profiles, party groups, 中心户 and their
//! coverage – through the operations in api/party.rs.

use std::path::Path;

use anyhow::bail;

use crate::api::party::{
    AddPartyGroup, CentralHouseholds, EndPartyMember, PartyCoverage, PartyGroups, PartyMembers,
    SetCentralHousehold, SetPartyMember,
};
use crate::cli::out::outln;
use crate::client::{Ask, Backend};
use crate::i18n::Lang;
use crate::model::party::{PartyCategory, PartyMember};
use crate::model::shown::quote;
use crate::model::time::{day_text, local_day, now, parse_day, Day};
use crate::model::Id;
use crate::store::party::{GroupRow, MemberRow};
use crate::store::query::Overview;
use crate::tr;

use super::address::household_at;
use super::roster::{person, Who};

#[derive(Debug, clap::Subcommand)]
pub enum MemberCommand {
    /// Add or change a resident's party member profile.
    Add {
        /// The person: ADDRESS/NAME (5-2-301/王芳) or an 18-character ID number.
        #[arg(required = true, num_args = 1..=2, value_name = "[COMMUNITY] PERSON")]
        person: Vec<String>,
        /// 直管, 在职报到, 流动 or 退休 (direct, reporting, mobile, retired).
        #[arg(long, value_name = "CATEGORY")]
        category: String,
        /// The party group's name.
        #[arg(long, value_name = "NAME")]
        group: Option<String>,
        /// Skills, separated by commas.
        #[arg(long, value_name = "A,B")]
        skills: Option<String>,
        /// The day she became a member here (default: today).
        #[arg(long, value_name = "DAY")]
        since: Option<String>,
        /// Print the profile as JSON.
        #[arg(long)]
        json: bool,
    },
    /// The party members in the grids you look after.
    List {
        /// Only this grid.
        #[arg(long, value_name = "GRID")]
        grid: Option<String>,
        /// Print the list as JSON.
        #[arg(long)]
        json: bool,
    },
    /// End a party member's profile, saying why.
    End {
        /// The person: ADDRESS/NAME (5-2-301/王芳) or an 18-character ID number.
        #[arg(required = true, num_args = 1..=2, value_name = "[COMMUNITY] PERSON")]
        person: Vec<String>,
        /// Why the profile ends.
        #[arg(long, value_name = "TEXT")]
        reason: String,
        /// Print the profile as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Party groups (党小组): add, list.
    #[command(subcommand)]
    Group(GroupCommand),
    /// Make a party member's household a 中心户, and link or unlink its neighbours.
    Central {
        /// The 中心户's address.
        #[arg(required = true, num_args = 1..=2, value_name = "[COMMUNITY] ADDRESS")]
        household: Vec<String>,
        /// Addresses to link, separated by commas.
        #[arg(long, value_name = "ADDRESS,…")]
        link: Option<String>,
        /// An address to unlink.
        #[arg(long, value_name = "ADDRESS")]
        unlink: Option<String>,
        /// Print the 中心户 as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Grids without a party group, buildings without a 中心户, households per 中心户.
    Coverage {
        /// Print the coverage as JSON.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, clap::Subcommand)]
pub enum GroupCommand {
    /// Add a party group on a grid, with its leader.
    Add {
        /// The group's name.
        name: String,
        /// The grid it is built on.
        #[arg(long, value_name = "GRID")]
        grid: String,
        /// The leader, a party member: ADDRESS/NAME or an ID number.
        #[arg(long, value_name = "PERSON")]
        leader: String,
        /// Print the group as JSON.
        #[arg(long)]
        json: bool,
    },
    /// The party groups on the grids you look after.
    List {
        /// Print the list as JSON.
        #[arg(long)]
        json: bool,
    },
}

fn category(text: &str, lang: Lang) -> anyhow::Result<PartyCategory> {
    match PartyCategory::named(text) {
        Some(c) => Ok(c),
        None => {
            let text = quote(text.trim());
            bail!(tr!(
                lang,
                "“{text}”不是党员类别；请用 直管、在职报到、流动 或 退休",
                "“{text}” is not a party member category; use direct, reporting, mobile or retired (直管, 在职报到, 流动, 退休)"
            ))
        }
    }
}

fn category_name(c: PartyCategory, lang: Lang) -> &'static str {
    lang.pick(c.zh(), c.en())
}

fn day(text: Option<&str>, lang: Lang) -> anyhow::Result<Day> {
    let today = local_day(now());
    match text {
        None => Ok(today),
        Some(t) => match parse_day(t, today) {
            Some(d) => Ok(d),
            None => {
                let t = quote(t.trim());
                bail!(tr!(
                    lang,
                    "“{t}”不是日期；请写成 2026-03-01",
                    "“{t}” is not a day; write it as 2026-03-01"
                ))
            }
        },
    }
}

/// The party group called `name` on the caller's grids.
fn group(backend: &dyn Backend, name: &str, lang: Lang) -> anyhow::Result<GroupRow> {
    let name = name.trim();
    let found: Vec<GroupRow> = backend
        .call(PartyGroups)?
        .into_iter()
        .filter(|g| g.group.name == name)
        .collect();
    match found.as_slice() {
        [one] => Ok(one.clone()),
        [] => {
            let name = quote(name);
            bail!(tr!(
                lang,
                "你负责的网格里没有叫“{name}”的党小组；`gridbook member group add` 可以添加",
                "there is no party group called “{name}” in the grids you look after; `gridbook member group add` adds one"
            ))
        }
        _ => {
            let name = quote(name);
            bail!(tr!(
                lang,
                "有几个党小组都叫“{name}”；请在浏览界面里核对",
                "several party groups are called “{name}”; check them in the browse screen"
            ))
        }
    }
}

fn household(backend: &dyn Backend, words: &str, lang: Lang) -> anyhow::Result<Id> {
    Ok(household_at(backend, words, None, lang)?.household)
}

pub fn run(dir: &Path, cmd: &MemberCommand, lang: Lang) -> anyhow::Result<()> {
    let backend = crate::client::open(dir)?;
    let backend = backend.as_ref();
    match cmd {
        MemberCommand::Add {
            person: p,
            category: c,
            group: g,
            skills,
            since,
            json,
        } => {
            let category = category(c, lang)?;
            let since = day(since.as_deref(), lang)?;
            let group = g.as_deref().map(|g| group(backend, g, lang)).transpose()?;
            let r = person(backend, p, Who::Current, lang)?;
            let skills = skills
                .as_deref()
                .map(|s| {
                    s.split([',', '，', '、'])
                        .map(|x| x.trim().to_string())
                        .collect()
                })
                .unwrap_or_default();
            let m = backend.call(SetPartyMember(PartyMember {
                resident: r.id,
                name: r.name.clone(),
                group: group.map(|g| g.group.id),
                category,
                skills,
                since,
                ended: None,
            }))?;
            if *json {
                member_json(backend, &m)?;
            } else {
                let (name, cat) = (&m.name, category_name(m.category, lang));
                outln!(
                    "{}",
                    tr!(
                        lang,
                        "已保存 {name} 的党员信息（{cat}）",
                        "saved {name}'s party member profile ({cat})"
                    )
                );
            }
        }
        MemberCommand::List { grid, json } => {
            let mut rows = backend.call(PartyMembers)?;
            if let Some(g) = grid {
                let o = backend.overview()?;
                let g = super::structure::grid(&o, None, g, lang)?.id;
                rows.retain(|r| r.grid == g);
            }
            if *json {
                let o = backend.overview()?;
                let rows: Vec<MemberJson> = rows
                    .iter()
                    .map(|r| MemberJson::of(&r.member, Some(r), &o))
                    .collect();
                crate::cli::out::json(&rows)?;
            } else {
                let n = rows.len();
                outln!("{}", tr!(lang, "党员 {n} 名：", "{n} party members:"));
                for r in &rows {
                    let skills = match r.member.skills.join(lang.pick("、", ", ")) {
                        s if s.is_empty() => "-".to_string(),
                        s => s,
                    };
                    let group = if r.group.is_empty() {
                        "-"
                    } else {
                        r.group.as_str()
                    };
                    outln!(
                        "  {}  {}  {}  {}  {}  {}",
                        r.address,
                        r.member.name,
                        category_name(r.member.category, lang),
                        group,
                        day_text(r.member.since),
                        skills
                    );
                }
            }
        }
        MemberCommand::End {
            person: p,
            reason,
            json,
        } => {
            if reason.trim().is_empty() {
                bail!(tr!(
                    lang,
                    "请用 --reason 说明原因（迁出、转出、去世……）",
                    "say why with --reason (moved away, transferred, died …)"
                ));
            }
            let r = person(backend, p, Who::AlsoFormer, lang)?;
            let m = backend.call(EndPartyMember(r.id, local_day(now()), reason.clone()))?;
            if *json {
                member_json(backend, &m)?;
            } else {
                let (name, why) = (&m.name, reason.trim());
                outln!(
                    "{}",
                    tr!(
                        lang,
                        "{name} 的党员信息已结束：{why}",
                        "ended {name}'s party member profile: {why}"
                    )
                );
            }
        }
        MemberCommand::Group(GroupCommand::Add {
            name,
            grid,
            leader,
            json,
        }) => {
            let o = backend.overview()?;
            let g = super::structure::grid(&o, None, grid, lang)?.clone();
            let r = person(backend, std::slice::from_ref(leader), Who::Current, lang)?;
            let group = backend.call(AddPartyGroup {
                name: name.clone(),
                grid: g.id,
                leader: r.id,
            })?;
            if *json {
                crate::cli::out::json(&group)?;
            } else {
                let (n, gn, l) = (&group.name, &g.name, &r.name);
                outln!(
                    "{}",
                    tr!(
                        lang,
                        "已添加党小组 {n}（{gn}，组长 {l}）",
                        "added the party group {n} ({gn}, led by {l})"
                    )
                );
            }
        }
        MemberCommand::Group(GroupCommand::List { json }) => {
            let rows = backend.call(PartyGroups)?;
            if *json {
                crate::cli::out::json(&rows)?;
            } else {
                let n = rows.len();
                outln!("{}", tr!(lang, "党小组 {n} 个：", "{n} party groups:"));
                for r in &rows {
                    let (name, grid, leader, m) = (&r.group.name, &r.grid, &r.leader, r.members);
                    outln!(
                        "  {}",
                        tr!(
                            lang,
                            "{name}  {grid}  组长 {leader}  党员 {m} 名",
                            "{name}  {grid}  leader {leader}  {m} members"
                        )
                    );
                }
            }
        }
        MemberCommand::Central {
            household: words,
            link,
            unlink,
            json,
        } => {
            let central = household(backend, &words.join(" "), lang)?;
            let links: Vec<Id> = link
                .as_deref()
                .unwrap_or("")
                .split([',', '，'])
                .filter(|a| !a.trim().is_empty())
                .map(|a| household(backend, a.trim(), lang))
                .collect::<anyhow::Result<_>>()?;
            let unlink = unlink
                .as_deref()
                .map(|a| household(backend, a.trim(), lang))
                .transpose()?;
            backend.call(SetCentralHousehold {
                household: central,
                link: links,
                unlink: unlink.into_iter().collect(),
                since: local_day(now()),
            })?;
            let row = backend
                .call(CentralHouseholds)?
                .into_iter()
                .find(|r| r.household == central);
            if *json {
                crate::cli::out::json(&row)?;
            } else if let Some(row) = row {
                let (a, n) = (row.address, row.links.len());
                outln!(
                    "{}",
                    tr!(
                        lang,
                        "{a} 是党员中心户，联系 {n} 户：",
                        "{a} is a 中心户 keeping in touch with {n} households:"
                    )
                );
                for (addr, since) in &row.links {
                    let since = day_text(*since);
                    outln!("  {addr}  {}", tr!(lang, "自 {since}", "since {since}"));
                }
            }
        }
        MemberCommand::Coverage { json } => {
            let c = backend.call(PartyCoverage)?;
            if *json {
                crate::cli::out::json(&c)?;
            } else {
                let sep = lang.pick("、", ", ");
                let (g, k) = (c.grids, c.grids_without_group.len());
                let names = c.grids_without_group.join(sep);
                outln!(
                    "{}",
                    tr!(
                        lang,
                        "网格 {g} 个，没有党小组的 {k} 个：{names}",
                        "{g} grids, {k} without a party group: {names}"
                    )
                );
                let (b, k) = (c.buildings, c.buildings_without_central.len());
                let names: Vec<String> = c
                    .buildings_without_central
                    .iter()
                    .map(|(community, n)| tr!(lang, "{community}{n}栋", "{community} building {n}"))
                    .collect();
                let names = names.join(sep);
                outln!(
                    "{}",
                    tr!(
                        lang,
                        "楼栋 {b} 栋，没有中心户的 {k} 栋：{names}",
                        "{b} buildings, {k} without a 中心户: {names}"
                    )
                );
                for (a, n) in &c.households_per_central {
                    outln!(
                        "  {}",
                        tr!(
                            lang,
                            "中心户 {a} 联系 {n} 户",
                            "中心户 {a} looks after {n} households"
                        )
                    );
                }
            }
        }
    }
    Ok(())
}

/// A party member's profile as `member list|add|end --json` give it: words and days, as
/// `agenda` and `campaign` do; where she lives and her group's name while she is listed.
#[derive(Debug, serde::Serialize)]
struct MemberJson<'a> {
    resident: Id,
    name: &'a str,
    category: &'static str,
    group: Option<&'a str>,
    skills: &'a [String],
    since: String,
    ended: Option<String>,
    reason: Option<&'a str>,
    address: Option<String>,
    grid: Option<String>,
}

impl<'a> MemberJson<'a> {
    fn of(m: &'a PartyMember, row: Option<&'a MemberRow>, o: &Overview) -> MemberJson<'a> {
        MemberJson {
            resident: m.resident,
            name: &m.name,
            category: m.category.en(),
            group: row.map(|r| r.group.as_str()).filter(|g| !g.is_empty()),
            skills: &m.skills,
            since: day_text(m.since),
            ended: m.ended.as_ref().map(|e| day_text(e.day)),
            reason: m.ended.as_ref().map(|e| e.reason.as_str()),
            address: row.map(|r| r.address.to_string()),
            grid: row.and_then(|r| {
                o.grids
                    .iter()
                    .find(|g| g.id == r.grid)
                    .map(|g| g.name.clone())
            }),
        }
    }
}

/// Prints the profile `m` just written, with her line of `member list` while she is listed.
fn member_json(backend: &dyn Backend, m: &PartyMember) -> anyhow::Result<()> {
    let rows = backend.call(PartyMembers)?;
    let row = rows.iter().find(|r| r.member.resident == m.resident);
    let o = backend.overview()?;
    crate::cli::out::json(&MemberJson::of(m, row, &o))?;
    Ok(())
}

//! `gridbook campaign`: campaigns in 战时 – start one over some grids, its live tally, a door
//! checked by address, the attempts at a door, the next door to knock at, the end, and the
//! staff sent down (下沉) to its grids.

use crate::cli::out::outln;

use std::path::Path;

use anyhow::{anyhow, bail};

use crate::api::campaigns::{
    AddSentDown, CampaignBrief, CampaignLine, CampaignList, CampaignStatus, CheckDoor, DoorChecks,
    EndCampaign, NextDoor, SentDownLeaves, SentDownList, StartCampaign,
};
use crate::client::{Ask, Backend};
use crate::i18n::Lang;
use crate::model::campaign::result_en;
use crate::model::naming;
use crate::model::shown::quote;
use crate::model::time::{day_text, local_day, now, parse_day, Day};
use crate::model::{CampaignKind, Id, Tally};
use crate::tr;

#[derive(Debug, clap::Subcommand)]
pub enum CampaignCommand {
    /// Start a campaign over some grids (admins): every household of them is to be checked.
    Start(StartArgs),
    /// The campaigns with their tally per grid and in total: 应查, 已查, 异常, 无人, 剩余, %.
    Status(StatusArgs),
    /// Record the result of checking a door, by its address, such as 5-2-301.
    Check(CheckArgs),
    /// Every attempt at one door, oldest first, the latest shown as its result.
    Checks(ChecksArgs),
    /// The next door to knock at in a grid: the first not checked, else one to try again.
    Next(NextArgs),
    /// End a campaign by hand (admins).
    End {
        name: String,
        /// Count from this day instead of today (for tests).
        #[arg(long, value_name = "YYYY-MM-DD", hide = true)]
        today: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Staff sent down (下沉) to the campaign's grids: add, leave, list.
    #[command(subcommand)]
    Staff(StaffCommand),
}

#[derive(Debug, clap::Args)]
pub struct StartArgs {
    pub name: String,
    /// 疫情 epidemic, 防汛 flood, 消防 fire, 专项 special, 其他 other.
    #[arg(long, value_name = "K")]
    pub kind: String,
    /// A grid it covers, by name or number; give it once for each grid.
    #[arg(long, value_name = "G", required = true, num_args = 1..)]
    pub grid: Vec<String>,
    /// The day every door should be checked by: 2026-12-01, 12-01 or +7.
    #[arg(long, value_name = "DAY")]
    pub deadline: String,
    /// The results a check may have, comma-separated (default 正常,异常,无人在家,拒绝).
    #[arg(long, value_name = "R,R,...", value_delimiter = ',')]
    pub results: Vec<String>,
    /// Count from this day instead of today (for tests).
    #[arg(long, value_name = "YYYY-MM-DD", hide = true)]
    pub today: Option<String>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, clap::Args)]
pub struct StatusArgs {
    /// One campaign, by name (ended or not); left out, those under way and, below them,
    /// those ended in the last 30 days.
    pub name: Option<String>,
    /// Without NAME: every ended campaign, not only those of the last 30 days.
    #[arg(long)]
    pub all: bool,
    /// Count from this day instead of today (for tests).
    #[arg(long, value_name = "YYYY-MM-DD", hide = true)]
    pub today: Option<String>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// The household's address, with its community's name in front when several have it.
    #[arg(required = true, num_args = 1..=2, value_name = "[COMMUNITY] ADDRESS")]
    pub address: Vec<String>,
    /// One of the campaign's results: 正常 normal, 异常 abnormal, 无人在家 not-home, 拒绝 refused.
    #[arg(long, value_name = "R")]
    pub result: String,
    /// What was found (needed for 异常).
    #[arg(long, value_name = "TEXT", default_value = "")]
    pub note: String,
    /// The campaign, by name, when more than one is under way.
    #[arg(long, value_name = "NAME")]
    pub campaign: Option<String>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, clap::Args)]
pub struct ChecksArgs {
    #[arg(required = true, num_args = 1..=2, value_name = "[COMMUNITY] ADDRESS")]
    pub address: Vec<String>,
    /// The campaign, by name, when more than one is under way.
    #[arg(long, value_name = "NAME")]
    pub campaign: Option<String>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, clap::Args)]
pub struct NextArgs {
    /// The grid, by name or number.
    #[arg(long, value_name = "G")]
    pub grid: String,
    /// The campaign, by name, when more than one is under way.
    #[arg(long, value_name = "NAME")]
    pub campaign: Option<String>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, clap::Subcommand)]
pub enum StaffCommand {
    /// Register someone sent down to one of the campaign's grids (admins).
    Add {
        /// Their name.
        person: String,
        /// The unit that sent them, such as 街道办.
        #[arg(long, value_name = "U")]
        unit: String,
        /// The grid they are sent to, by name or number.
        #[arg(long, value_name = "G")]
        grid: String,
        /// The OS user they sign in as.
        #[arg(long, value_name = "OSUSER")]
        user: String,
        /// The day they arrived (default today).
        #[arg(long, value_name = "DAY")]
        arrived: Option<String>,
        /// The campaign, by name, when more than one is under way.
        #[arg(long, value_name = "NAME")]
        campaign: Option<String>,
        /// Count from this day instead of today (for tests).
        #[arg(long, value_name = "YYYY-MM-DD", hide = true)]
        today: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Someone sent down leaves (default today), by their number from `campaign staff list`.
    Leave {
        id: Id,
        #[arg(long, value_name = "DAY")]
        day: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Everyone sent down to the campaign.
    List {
        #[arg(long, value_name = "NAME")]
        campaign: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

fn day(text: &str, today: Day, lang: Lang) -> anyhow::Result<Day> {
    parse_day(text, today).ok_or_else(|| {
        let text = quote(text);
        anyhow!(tr!(
            lang,
            "“{text}”不是日期；请写成 2026-12-01、12-01 或 +7",
            "“{text}” is not a day; write it as 2026-12-01, 12-01 or +7"
        ))
    })
}

pub(crate) fn today(given: Option<&str>, lang: Lang) -> anyhow::Result<Day> {
    let now_day = local_day(now());
    given.map_or(Ok(now_day), |t| day(t, now_day, lang))
}

fn kind(text: &str, lang: Lang) -> anyhow::Result<CampaignKind> {
    CampaignKind::parse(text).ok_or_else(|| {
        let text = quote(text);
        anyhow!(tr!(
            lang,
            "没有“{text}”这个排查类别；可选：疫情、防汛、消防、专项、其他",
            "there is no campaign kind “{text}”; use epidemic, flood, fire, special or other"
        ))
    })
}

/// A grid the caller sees, by its number, its name, or `社区/网格`.
fn grid_id(backend: &dyn Backend, name: &str, lang: Lang) -> anyhow::Result<Id> {
    let overview = backend.overview()?;
    let grids: Vec<_> = overview.grids.iter().collect();
    let communities: Vec<_> = overview.communities.iter().collect();
    match naming::grid_named(name, &grids, &communities) {
        Ok(id) => Ok(id),
        Err(several) if several.is_empty() => {
            let name = quote(name.trim());
            bail!(tr!(
                lang,
                "您负责的范围内没有叫“{name}”的网格",
                "there is no grid “{name}” among the grids you look after"
            ))
        }
        Err(several) => {
            let name = quote(name.trim());
            let names = naming::choices(&several);
            bail!(tr!(
                lang,
                "有几个网格都叫“{name}”；请连社区写明，如：{names}",
                "several grids are called “{name}”; name it with its community, one of: {names}"
            ))
        }
    }
}

/// The campaign named, or the only one under way, among those the caller sees.
fn pick(
    backend: &dyn Backend,
    name: Option<&str>,
    today: Day,
    lang: Lang,
) -> anyhow::Result<CampaignLine> {
    let lines = backend.call(CampaignStatus {
        campaign: None,
        today,
    })?;
    if let Some(name) = name {
        let t = name.trim();
        return lines
            .into_iter()
            .find(|l| l.campaign.name == t && l.campaign.ended.is_none())
            .ok_or_else(|| {
                let name = quote(t);
                anyhow!(tr!(
                    lang,
                    "没有正在进行的排查任务“{name}”；用 gridbook campaign status 查看",
                    "there is no campaign under way called “{name}”; see gridbook campaign status"
                ))
            });
    }
    let mut open: Vec<CampaignLine> = lines
        .into_iter()
        .filter(|l| l.campaign.ended.is_none())
        .collect();
    match open.len() {
        1 => Ok(open.remove(0)),
        0 => bail!(tr!(
            lang,
            "没有正在进行的排查任务；管理员用 gridbook campaign start 开始一个",
            "no campaign is under way; an admin starts one with gridbook campaign start"
        )),
        _ => {
            let names: Vec<String> = open.iter().map(|l| quote(&l.campaign.name)).collect();
            let names = super::address::listing(names, lang);
            bail!(tr!(
                lang,
                "有几个排查任务正在进行（{names}）；请用 --campaign 指明",
                "several campaigns are under way ({names}); name one with --campaign"
            ))
        }
    }
}

/// The campaign of that name the caller sees (the latest of the name, ended or not), or
/// the only one under way when no name is given; tallied, that one alone.
pub(crate) fn named(
    backend: &dyn Backend,
    name: Option<&str>,
    today: Day,
    lang: Lang,
) -> anyhow::Result<CampaignLine> {
    let Some(name) = name else {
        return pick(backend, None, today, lang);
    };
    let t = name.trim();
    let missing = || {
        let name = quote(t);
        anyhow!(tr!(
            lang,
            "没有排查任务“{name}”；用 gridbook campaign status --all 查看全部",
            "there is no campaign called “{name}”; see them all with gridbook campaign status --all"
        ))
    };
    let brief = backend
        .call(CampaignList { today })?
        .into_iter()
        .find(|l| l.campaign.name == t)
        .ok_or_else(missing)?;
    backend
        .call(CampaignStatus {
            campaign: Some(brief.campaign.id),
            today,
        })?
        .into_iter()
        .next()
        .ok_or_else(missing)
}

/// How many days back `campaign status` lists ended campaigns without `--all`.
const ENDED_SHOWN_DAYS: Day = 30;

fn result_shown(r: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => r.to_string(),
        Lang::En => result_en(r).to_string(),
    }
}

pub fn run(dir: &Path, cmd: &CampaignCommand, lang: Lang) -> anyhow::Result<()> {
    let backend = crate::client::open(dir)?;
    let b = backend.as_ref();
    match cmd {
        CampaignCommand::Start(args) => start(b, args, lang),
        CampaignCommand::Status(args) => status(b, args, lang),
        CampaignCommand::Check(args) => check(b, args, lang),
        CampaignCommand::Checks(args) => checks(b, args, lang),
        CampaignCommand::Next(args) => next(b, args, lang),
        CampaignCommand::End { name, today, json } => {
            let today = self::today(today.as_deref(), lang)?;
            let line = pick(b, Some(name), today, lang)?;
            let c = b.call(EndCampaign {
                campaign: line.campaign.id,
                day: today,
            })?;
            if *json {
                crate::cli::out::json(&c)?;
                return Ok(());
            }
            let name = quote(&c.name);
            let (checked, due) = (line.total.checked, line.total.due);
            outln!(
                "{}",
                tr!(
                    lang,
                    "排查任务“{name}”已结束：应查 {due} 户，已查 {checked} 户",
                    "campaign “{name}” ended: {checked} of {due} households checked"
                )
            );
            Ok(())
        }
        CampaignCommand::Staff(cmd) => staff(b, cmd, lang),
    }
}

fn start(b: &dyn Backend, args: &StartArgs, lang: Lang) -> anyhow::Result<()> {
    let today = today(args.today.as_deref(), lang)?;
    let deadline = day(&args.deadline, today, lang)?;
    let kind = kind(&args.kind, lang)?;
    let grids = args
        .grid
        .iter()
        .map(|g| grid_id(b, g, lang))
        .collect::<anyhow::Result<Vec<Id>>>()?;
    let c = b.call(StartCampaign {
        name: args.name.clone(),
        kind,
        grids,
        started: today,
        deadline,
        results: args.results.clone(),
    })?;
    if args.json {
        crate::cli::out::json(&c)?;
        return Ok(());
    }
    let line = pick(b, Some(&c.name), today, lang)?;
    let (name, due, deadline) = (quote(&c.name), line.total.due, day_text(c.deadline));
    let k = lang.pick(c.kind.zh(), c.kind.en());
    outln!(
        "{}",
        tr!(
            lang,
            "已开始排查任务“{name}”（{k}）：应查 {due} 户，截止 {deadline}",
            "campaign “{name}” ({k}) started: {due} households to check by {deadline}"
        )
    );
    Ok(())
}

/// One line of a tally as `campaign status --json` gives it.
#[derive(Debug, serde::Serialize)]
struct TallyJson {
    grid: String,
    due: u64,
    checked: u64,
    abnormal: u64,
    nobody_home: u64,
    refused: u64,
    again: u64,
    left: u64,
    percent: f64,
}

impl TallyJson {
    fn of(grid: &str, t: &Tally) -> TallyJson {
        TallyJson {
            grid: grid.to_string(),
            due: t.due,
            checked: t.checked,
            abnormal: t.abnormal,
            nobody_home: t.nobody_home,
            refused: t.refused,
            again: t.again,
            left: t.left(),
            percent: t.percent(),
        }
    }
}

#[derive(Debug, serde::Serialize)]
struct StatusJson<'a> {
    id: Id,
    name: &'a str,
    kind: &'static str,
    state: &'static str,
    started: String,
    deadline: String,
    ended: Option<String>,
    results: &'a [String],
    /// None (left out) for an ended campaign listed without its tally.
    #[serde(skip_serializing_if = "Option::is_none")]
    on_duty: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    grids: Option<Vec<TallyJson>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    total: Option<TallyJson>,
}

impl<'a> StatusJson<'a> {
    fn brief(c: &'a crate::model::Campaign, state: crate::model::campaign::CampaignState) -> Self {
        StatusJson {
            id: c.id,
            name: &c.name,
            kind: c.kind.en(),
            state: state.en(),
            started: day_text(c.started),
            deadline: day_text(c.deadline),
            ended: c.ended.as_ref().map(|(d, _)| day_text(*d)),
            results: &c.results,
            on_duty: None,
            grids: None,
            total: None,
        }
    }
}

/// Those under way with their tally, then those ended in the last 30 days (or all, with
/// `--all`) by name and end day only: an ended campaign's tally reads every household, and
/// `campaign status NAME` gives it.
fn status(b: &dyn Backend, args: &StatusArgs, lang: Lang) -> anyhow::Result<()> {
    let today = today(args.today.as_deref(), lang)?;
    let (lines, ended) = match &args.name {
        Some(name) => (vec![named(b, Some(name), today, lang)?], Vec::new()),
        None => {
            let ended: Vec<CampaignBrief> = b
                .call(CampaignList { today })?
                .into_iter()
                .filter(|c| {
                    c.campaign
                        .ended
                        .as_ref()
                        .is_some_and(|(d, _)| args.all || today - *d <= ENDED_SHOWN_DAYS)
                })
                .collect();
            let lines = b.call(CampaignStatus {
                campaign: None,
                today,
            })?;
            (lines, ended)
        }
    };
    let total_word = lang.pick("合计", "total");
    let rows: Vec<StatusJson> = lines
        .iter()
        .map(|l| StatusJson {
            on_duty: Some(l.on_duty),
            grids: Some(
                l.grids
                    .iter()
                    .map(|g| TallyJson::of(&g.name, &g.tally))
                    .collect(),
            ),
            total: Some(TallyJson::of(total_word, &l.total)),
            ..StatusJson::brief(&l.campaign, l.state)
        })
        .collect();
    if args.json {
        let all: Vec<&StatusJson> = rows.iter().collect();
        let briefs: Vec<StatusJson> = ended
            .iter()
            .map(|c| StatusJson::brief(&c.campaign, c.state))
            .collect();
        crate::cli::out::json(&all.into_iter().chain(&briefs).collect::<Vec<_>>())?;
        return Ok(());
    }
    if rows.is_empty() && ended.is_empty() {
        if args.all || args.name.is_some() {
            outln!("{}", tr!(lang, "没有排查任务", "no campaigns"));
        } else {
            outln!(
                "{}",
                tr!(
                    lang,
                    "没有进行中或 30 天内结束的排查任务；全部见 gridbook campaign status --all",
                    "no campaign is under way or ended in the last 30 days; see every one with gridbook campaign status --all"
                )
            );
        }
        return Ok(());
    }
    let head = match lang {
        Lang::Zh => ["网格", "应查", "已查", "异常", "无人", "剩余", "%"],
        Lang::En => [
            "grid",
            "due",
            "checked",
            "abnormal",
            "nobody home",
            "left",
            "%",
        ],
    };
    for (l, r) in lines.iter().zip(&rows) {
        let name = quote(r.name);
        let k = lang.pick(l.campaign.kind.zh(), l.campaign.kind.en());
        let s = lang.pick(l.state.zh(), l.state.en());
        let deadline = &r.deadline;
        outln!(
            "{}",
            tr!(
                lang,
                "{name}（{k}）  {s}  截止 {deadline}",
                "{name} ({k})  {s}  deadline {deadline}"
            )
        );
        let grids = r.grids.iter().flatten().chain(&r.total);
        let table: Vec<[String; 7]> = std::iter::once(head.map(String::from))
            .chain(grids.map(|t| {
                [
                    quote(&t.grid),
                    t.due.to_string(),
                    t.checked.to_string(),
                    t.abnormal.to_string(),
                    t.nobody_home.to_string(),
                    t.left.to_string(),
                    format!("{:.1}", t.percent),
                ]
            }))
            .collect();
        for line in super::followups::aligned(&table, 7) {
            outln!("{}", line.trim_end());
        }
    }
    for c in &ended {
        let name = quote(&c.campaign.name);
        let k = lang.pick(c.campaign.kind.zh(), c.campaign.kind.en());
        let day = c
            .campaign
            .ended
            .as_ref()
            .map_or_else(String::new, |(d, _)| day_text(*d));
        outln!(
            "{}",
            tr!(
                lang,
                "{name}（{k}）  已结束 {day}",
                "{name} ({k})  ended {day}"
            )
        );
    }
    Ok(())
}

fn check(b: &dyn Backend, args: &CheckArgs, lang: Lang) -> anyhow::Result<()> {
    let today = today(None, lang)?;
    let line = pick(b, args.campaign.as_deref(), today, lang)?;
    let hit = super::address::household_at(b, &args.address.join(" "), None, lang)?;
    let d = b.call(CheckDoor {
        campaign: line.campaign.id,
        household: hit.household,
        result: args.result.clone(),
        note: args.note.clone(),
    })?;
    if args.json {
        crate::cli::out::json(&d)?;
        return Ok(());
    }
    let (address, r) = (hit.address, result_shown(&d.result, lang));
    let tries = b
        .call(DoorChecks {
            campaign: d.campaign,
            household: d.household,
        })?
        .len();
    // The tally is worked out once, before the check: a first attempt adds one door to 已查.
    let checked = line.total.checked + u64::from(tries == 1);
    let due = line.total.due;
    let again = if tries > 1 {
        tr!(lang, "（第 {tries} 次）", " (attempt {tries})")
    } else {
        String::new()
    };
    outln!(
        "{}",
        tr!(
            lang,
            "{address}：{r}{again}；已查 {checked}/{due} 户",
            "{address}: {r}{again}; {checked} of {due} households checked"
        )
    );
    Ok(())
}

#[derive(Debug, serde::Serialize)]
struct CheckJson<'a> {
    result: &'a str,
    note: &'a str,
    by: &'a str,
    at: String,
}

fn checks(b: &dyn Backend, args: &ChecksArgs, lang: Lang) -> anyhow::Result<()> {
    let today = today(None, lang)?;
    let line = pick(b, args.campaign.as_deref(), today, lang)?;
    let hit = super::address::household_at(b, &args.address.join(" "), None, lang)?;
    let all = b.call(DoorChecks {
        campaign: line.campaign.id,
        household: hit.household,
    })?;
    let at = |t| {
        chrono::DateTime::from_timestamp(t, 0)
            .map(|d| {
                d.with_timezone(&chrono::Local)
                    .format("%Y-%m-%d %H:%M")
                    .to_string()
            })
            .unwrap_or_default()
    };
    if args.json {
        let rows: Vec<CheckJson> = all
            .iter()
            .map(|d| CheckJson {
                result: &d.result,
                note: &d.note,
                by: &d.by,
                at: at(d.at),
            })
            .collect();
        crate::cli::out::json(&rows)?;
        return Ok(());
    }
    let address = hit.address;
    let Some(last) = all.last() else {
        outln!("{}", tr!(lang, "{address}：未查", "{address}: not checked"));
        return Ok(());
    };
    let r = result_shown(&last.result, lang);
    outln!("{}", tr!(lang, "{address}：{r}", "{address}: {r}"));
    for d in &all {
        let (when, r, by, note) = (
            at(d.at),
            result_shown(&d.result, lang),
            &d.by,
            quote(&d.note),
        );
        outln!("{}", format!("  {when}  {r}  {by}  {note}").trim_end());
    }
    Ok(())
}

fn next(b: &dyn Backend, args: &NextArgs, lang: Lang) -> anyhow::Result<()> {
    let today = today(None, lang)?;
    let line = pick(b, args.campaign.as_deref(), today, lang)?;
    let grid = grid_id(b, &args.grid, lang)?;
    let h = b.call(NextDoor {
        campaign: line.campaign.id,
        grid,
        building: None,
        after: None,
    })?;
    if args.json {
        crate::cli::out::json(&h.as_ref().map(|h| h.address.to_string()))?;
        return Ok(());
    }
    match h {
        Some(h) => outln!("{}", h.address),
        None => outln!(
            "{}",
            tr!(
                lang,
                "这个网格的每一户都已有结果",
                "every door of this grid has a result"
            )
        ),
    }
    Ok(())
}

fn staff(b: &dyn Backend, cmd: &StaffCommand, lang: Lang) -> anyhow::Result<()> {
    match cmd {
        StaffCommand::Add {
            person,
            unit,
            grid,
            user,
            arrived,
            campaign,
            today,
            json,
        } => {
            let today = self::today(today.as_deref(), lang)?;
            let arrived = arrived
                .as_deref()
                .map_or(Ok(today), |d| day(d, today, lang))?;
            let line = pick(b, campaign.as_deref(), today, lang)?;
            let grid = grid_id(b, grid, lang)?;
            let s = b.call(AddSentDown {
                campaign: line.campaign.id,
                person: person.clone(),
                unit: unit.clone(),
                grid,
                user: user.clone(),
                arrived,
            })?;
            if *json {
                crate::cli::out::json(&s)?;
                return Ok(());
            }
            let (id, person, unit, name) = (
                s.id,
                quote(&s.person),
                quote(&s.unit),
                quote(&line.campaign.name),
            );
            outln!(
                "{}",
                tr!(
                    lang,
                    "已登记下沉人员 {id}：“{person}”（{unit}），参加“{name}”",
                    "{person} ({unit}) sent down to “{name}” as number {id}"
                )
            );
        }
        StaffCommand::Leave { id, day: d, json } => {
            let today = today(None, lang)?;
            let d = d.as_deref().map_or(Ok(today), |d| day(d, today, lang))?;
            let s = b.call(SentDownLeaves { id: *id, day: d })?;
            if *json {
                crate::cli::out::json(&s)?;
                return Ok(());
            }
            let (person, d) = (quote(&s.person), day_text(d));
            outln!(
                "{}",
                tr!(lang, "“{person}”于 {d} 离开", "“{person}” left on {d}")
            );
        }
        StaffCommand::List { campaign, json } => {
            let today = today(None, lang)?;
            let line = pick(b, campaign.as_deref(), today, lang)?;
            let all = b.call(SentDownList {
                campaign: line.campaign.id,
            })?;
            if *json {
                crate::cli::out::json(&all)?;
                return Ok(());
            }
            if all.is_empty() {
                outln!("{}", tr!(lang, "没有下沉人员", "nobody is sent down"));
            }
            for s in &all {
                let left = s.left.map(day_text).unwrap_or_default();
                outln!(
                    "{}  {}  {}  {}  {}  {}  {}",
                    s.id,
                    quote(&s.person),
                    quote(&s.unit),
                    s.grid,
                    quote(&s.user),
                    day_text(s.arrived),
                    left
                );
            }
        }
    }
    Ok(())
}

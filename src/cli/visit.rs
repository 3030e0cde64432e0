//! `gridbook visit add`: a home visit logged in one line, with what the household needs.

use crate::cli::out::outln;

use std::path::Path;

use anyhow::anyhow;
use serde::Serialize;

use crate::i18n::Lang;
use crate::io::values;
use crate::model::address::split_community;
use crate::model::time::{self, date_of, local_day, DatedError, Day, Instant};
use crate::model::{Address, FollowUp, Id, VisitOutcome, VisitPurpose};
use crate::store::ops::{Need, NewVisit};
use crate::tr;

/// The title of the follow-up a not-home or revisit outcome schedules by itself.
pub const KNOCK_AGAIN: &str = "再次上门";

/// Days until a need without a due day falls due.
const NEED_DAYS: Day = 7;

#[derive(Debug, clap::Subcommand)]
pub enum VisitCommand {
    /// Log a visit to a household by its address, such as 5-2-301 or 5栋2单元301.
    Add(AddArgs),
}

#[derive(Debug, clap::Args)]
pub struct AddArgs {
    /// The household's address: 5-2-301 or 5栋2单元301, with its community's name (or the
    /// start of it) in front when the address is in several: 桥岭社区 5-2-301.
    #[arg(required = true, num_args = 1..=2, value_name = "[COMMUNITY] ADDRESS")]
    pub address: Vec<String>,
    /// How the knock went, in English or Chinese: met 在家, not-home 不在家, refused 拒访,
    /// revisit 再次上门.
    #[arg(long, value_enum)]
    pub outcome: VisitOutcome,
    /// Why the visit was made, in English or Chinese: routine 日常走访, care-check 关爱探访,
    /// policy 政策宣传, dispute-follow-up 纠纷回访, emergency 应急排查, other 其他.
    #[arg(long, value_enum, default_value = "routine")]
    pub purpose: VisitPurpose,
    /// What was found, in a sentence or two.
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
    /// When the door was knocked on, local time: `2026-11-25 14:05`, `2026-11-25T14:05` or
    /// `14:05` (today). Default: now.
    #[arg(long, value_name = "TIME")]
    pub at: Option<String>,
    /// Something the household needs, due 7 days after the visit or on the day written after
    /// it, as the visit form takes it: `更换楼道灯@2026-12-01`, `更换楼道灯@12-01` or
    /// `"更换楼道灯 +3"`; repeat for several. Any need replaces the automatic knock-again
    /// follow-up of not-home (3 days) and revisit (7 days).
    #[arg(long = "need", value_name = "TEXT[@DAY| +N]")]
    pub needs: Vec<String>,
    /// The community, by name (or the start of it), when the address is in more than one.
    #[arg(long, value_name = "NAME")]
    pub community: Option<String>,
    /// Print the saved visit and its follow-ups as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Days until the automatic knock-again follow-up, for the outcomes that schedule one.
fn knock_again_in(outcome: VisitOutcome) -> Option<Day> {
    match outcome {
        VisitOutcome::NotHome => Some(3),
        VisitOutcome::Revisit => Some(7),
        VisitOutcome::Met | VisitOutcome::Refused => None,
    }
}

/// The words the command line uses for an outcome, as `--outcome` spells them.
pub fn outcome_word(o: VisitOutcome) -> &'static str {
    values::outcome_words(o).0
}

/// The words the command line uses for a purpose, as `--purpose` spells them.
pub fn purpose_word(p: VisitPurpose) -> &'static str {
    values::purpose_words(p).0
}

pub fn run(dir: &Path, cmd: &VisitCommand, lang: Lang) -> anyhow::Result<()> {
    match cmd {
        VisitCommand::Add(args) => add(dir, args, lang),
    }
}

fn add(dir: &Path, args: &AddArgs, lang: Lang) -> anyhow::Result<()> {
    let (named, address) = split_community(&args.address.join(" "));
    let address = Address::parse(&address)?;
    let community = named.as_deref().or(args.community.as_deref());
    let now = time::now();
    let at = match &args.at {
        Some(text) => parse_time(text, now, lang)?,
        None => now,
    };
    // Days are counted from the day of the knock, but never fall before today.
    let today = local_day(now);
    let after = |days: Day| (local_day(at) + days).max(today);
    let needs = args
        .needs
        .iter()
        .map(|n| parse_need(n, today, after(NEED_DAYS), lang))
        .collect::<anyhow::Result<Vec<Need>>>()?;
    let knock_again = knock_again_in(args.outcome).map(|days| Need {
        // One stored name whatever the language (JSON stays stable); tables show it in the
        // reader's language (`FollowUp::title_in`).
        title: KNOCK_AGAIN.into(),
        due: after(days),
    });

    let backend = crate::client::open(dir)?;
    let hit = super::address::resolve(backend.as_ref(), address, community, lang)?;
    let detail = backend.household_detail(hit.household)?;
    let head = detail
        .household
        .head
        .and_then(|h| detail.residents.iter().find(|r| r.id == h))
        .map(|r| r.name.clone())
        .unwrap_or_default();
    let saved = backend.add_visit(&NewVisit {
        household: hit.household,
        at,
        purpose: args.purpose,
        outcome: args.outcome,
        met: Vec::new(),
        findings: args.note.clone().unwrap_or_default(),
        needs,
        knock_again,
        amends: None,
        roster_checked: false,
    })?;

    if args.json {
        let v = &saved.visit;
        let out = SavedJson {
            visit: VisitJson {
                id: v.id,
                address: address.to_string(),
                community: detail.community.clone(),
                head: head.clone(),
                at: time::local(v.at).format("%Y-%m-%dT%H:%M:%S%:z").to_string(),
                staff: v.staff.clone(),
                purpose: purpose_word(v.purpose),
                outcome: outcome_word(v.outcome),
                note: v.findings.clone(),
            },
            followups: saved.followups.iter().map(followup_json).collect(),
        };
        crate::cli::out::json(&out)?;
        return Ok(());
    }
    let at = time::local(saved.visit.at).format("%Y-%m-%d %H:%M");
    let n = saved.followups.len();
    match lang {
        Lang::Zh => {
            let who = if head.is_empty() {
                String::new()
            } else {
                format!("（户主{head}）")
            };
            let outcome = lang.outcome(saved.visit.outcome);
            let follow = match n {
                0 => String::new(),
                n => format!("，另有 {n} 项待办"),
            };
            outln!("已保存 {at} 对 {address}{who}的走访：{outcome}{follow}");
        }
        Lang::En => {
            let who = if head.is_empty() {
                String::new()
            } else {
                format!(" ({head} household)")
            };
            let follow = match n {
                0 => String::new(),
                1 => " and 1 follow-up".into(),
                n => format!(" and {n} follow-ups"),
            };
            let outcome = outcome_word(saved.visit.outcome);
            outln!("saved visit to {address}{who} at {at}: {outcome}{follow}");
        }
    }
    Ok(())
}

#[derive(Serialize)]
struct SavedJson {
    visit: VisitJson,
    followups: Vec<FollowUpJson>,
}

#[derive(Serialize)]
struct VisitJson {
    id: Id,
    address: String,
    community: String,
    head: String,
    /// Local time with its offset, RFC 3339.
    at: String,
    staff: String,
    purpose: &'static str,
    outcome: &'static str,
    note: String,
}

#[derive(Serialize)]
struct FollowUpJson {
    id: Id,
    title: String,
    due: String,
    owner: String,
}

fn followup_json(f: &FollowUp) -> FollowUpJson {
    FollowUpJson {
        id: f.id,
        title: f.title.clone(),
        due: date_of(f.due).format("%Y-%m-%d").to_string(),
        owner: f.owner.clone(),
    }
}

/// Reads `2026-11-25 14:05`, `2026-11-25T14:05` or `14:05` (today) as local time.
pub fn parse_time(text: &str, now: Instant, lang: Lang) -> anyhow::Result<Instant> {
    time::parse_local(text, time::local_day(now)).ok_or_else(|| {
        let text = text.trim();
        anyhow!(tr!(
            lang,
            "“{text}”不是时间；请写成 2026-11-25 14:05，今天的可只写 14:05",
            "“{text}” is not a time; write 2026-11-25 14:05, or 14:05 for today"
        ))
    })
}

/// Reads a need as the visit form does (`TEXT`, `TEXT@12-01`, `TEXT +3`); without a day it
/// is due on `default_due`.
fn parse_need(text: &str, today: Day, default_due: Day, lang: Lang) -> anyhow::Result<Need> {
    let (title, due) = time::parse_dated(text, today).map_err(|e| match e {
        DatedError::NotADay(day) => anyhow!(tr!(
            lang,
            "--need 中的到期日“{day}”不是日期；请写成 内容@2026-12-01、内容@12-01 或 “内容 +3”",
            "the due day “{day}” in --need is not a date; write it as TEXT@2026-12-01, TEXT@12-01 or “TEXT +3”"
        )),
        DatedError::Passed => anyhow!(tr!(
            lang,
            "--need “{text}”的到期日已过；请写今天或以后的日期",
            "the due day of --need “{text}” has passed; give today or later"
        )),
        DatedError::NoTitle => anyhow!(tr!(
            lang,
            "--need “{text}”只有日期；请写上要做什么",
            "--need “{text}” has only a day; say what is needed"
        )),
    })?;
    Ok(Need {
        title: title.to_string(),
        due: due.unwrap_or(default_due),
    })
}

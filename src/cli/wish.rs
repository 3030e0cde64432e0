//! `gridbook wish`: small wishes (微心愿) raised for a household, listed, and moved along
//! 待认领 → 已认领/已派单 → 已实现 → 已回访 (or 已关闭).

use crate::cli::out::outln;

use std::path::Path;

use anyhow::anyhow;

use crate::api::wishes::{
    AddWish, CancelWish, ClaimWish, CloseWish, DispatchWish, ReviewWish, WishDone, WishLine, Wishes,
};
use crate::client::Ask;
use crate::i18n::Lang;
use crate::model::place::CommunityNames;
use crate::model::shown::quote;
use crate::model::time::{date_of, day_text, local_day, now, parse_day, Day};
use crate::model::{Id, Wish, WishCategory, WishSource, WishState};
use crate::store::query::Overview;
use crate::tr;

#[derive(Debug, clap::Subcommand)]
pub enum WishCommand {
    /// Raise a wish for a household by its address, such as 5-2-301 or 5栋2单元301.
    Add(AddArgs),
    /// The wishes in the grids you look after, oldest first.
    List(ListArgs),
    /// Hand a waiting wish to a member or unit (派单).
    Dispatch {
        id: Id,
        /// The member's or unit's name.
        #[arg(long, value_name = "NAME")]
        to: String,
        #[arg(long)]
        json: bool,
    },
    /// A member or unit takes on a waiting wish (认领).
    Claim {
        id: Id,
        /// The member's or unit's name.
        #[arg(long, value_name = "NAME")]
        by: String,
        #[arg(long)]
        json: bool,
    },
    /// Mark a claimed or dispatched wish fulfilled (已实现), saying what was done.
    Done {
        id: Id,
        #[arg(long, value_name = "TEXT")]
        note: String,
        #[arg(long)]
        json: bool,
    },
    /// Record the household's satisfaction with a fulfilled wish (回访), 1 to 5.
    Review {
        id: Id,
        #[arg(long, value_name = "1-5")]
        satisfaction: u8,
        #[arg(long, value_name = "TEXT", default_value = "")]
        note: String,
        #[arg(long)]
        json: bool,
    },
    /// Close a wish that will not be fulfilled (已关闭), with the reason.
    Close {
        id: Id,
        #[arg(long, value_name = "TEXT")]
        reason: String,
        #[arg(long)]
        json: bool,
    },
    /// Give back a claim or dispatch: the wish waits to be claimed again.
    Cancel {
        id: Id,
        #[arg(long, value_name = "TEXT")]
        reason: String,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, clap::Args)]
pub struct AddArgs {
    /// The household's address, with its community's name in front when the address is in
    /// several: 桥岭社区 5-2-301.
    #[arg(required = true, num_args = 1..=2, value_name = "[COMMUNITY] ADDRESS")]
    pub address: Vec<String>,
    /// What the household wishes for.
    #[arg(long, value_name = "TEXT")]
    pub text: String,
    /// 物资 goods, 探访陪护 visits, 维修 repairs, 就业就学 work, 政策咨询 policy, 其他 other.
    #[arg(long, value_name = "C", default_value = "other")]
    pub category: String,
    /// The day it should be fulfilled by: 2026-12-01, 12-01 or +7.
    #[arg(long, value_name = "DAY")]
    pub due: Option<String>,
    /// Show its address only to staff who look after its household.
    #[arg(long)]
    pub private: bool,
    /// The community, by name, when the address is in more than one.
    #[arg(long, value_name = "NAME")]
    pub community: Option<String>,
    /// Count from this day instead of today (for tests).
    #[arg(long, value_name = "YYYY-MM-DD", hide = true)]
    pub today: Option<String>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, clap::Args)]
pub struct ListArgs {
    /// 待认领 open, 已认领 claimed, 已派单 dispatched, 已实现 done, 已回访 reviewed, 已关闭 closed.
    #[arg(long, value_name = "S")]
    pub state: Option<String>,
    /// A grid, by name.
    #[arg(long, value_name = "G")]
    pub grid: Option<String>,
    /// The community, by name (or the start of it), when grids of several have the name
    #[arg(long, value_name = "NAME")]
    pub community: Option<String>,
    /// A category, in Chinese or English.
    #[arg(long, value_name = "C")]
    pub category: Option<String>,
    /// Only wishes past their due day and not yet fulfilled.
    #[arg(long)]
    pub overdue: bool,
    /// Count from this day instead of today (for tests).
    #[arg(long, value_name = "YYYY-MM-DD", hide = true)]
    pub today: Option<String>,
    #[arg(long)]
    pub json: bool,
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

fn today(given: Option<&str>, lang: Lang) -> anyhow::Result<Day> {
    let now_day = local_day(now());
    given.map_or(Ok(now_day), |t| day(t, now_day, lang))
}

fn category(text: &str, lang: Lang) -> anyhow::Result<WishCategory> {
    WishCategory::parse(text).ok_or_else(|| {
        let text = quote(text);
        anyhow!(tr!(
            lang,
            "没有“{text}”这个心愿类别；可选：物资、探访陪护、维修、就业就学、政策咨询、其他",
            "there is no wish category “{text}”; use goods, visits, repairs, work, policy or other"
        ))
    })
}

fn state(text: &str, lang: Lang) -> anyhow::Result<WishState> {
    WishState::parse(text).ok_or_else(|| {
        let text = quote(text);
        anyhow!(tr!(
            lang,
            "没有“{text}”这个心愿状态；可选：待认领、已认领、已派单、已实现、已回访、已关闭",
            "there is no wish state “{text}”; use open, claimed, dispatched, done, reviewed or closed"
        ))
    })
}

fn state_name(s: WishState, lang: Lang) -> &'static str {
    lang.pick(s.zh(), s.en())
}

fn category_name(c: WishCategory, lang: Lang) -> &'static str {
    lang.pick(c.zh(), c.en())
}

pub fn run(dir: &Path, cmd: &WishCommand, lang: Lang) -> anyhow::Result<()> {
    let backend = crate::client::open(dir)?;
    let (wish, json) = match cmd {
        WishCommand::Add(args) => return add(backend.as_ref(), args, lang),
        WishCommand::List(args) => return list(backend.as_ref(), args, lang),
        WishCommand::Dispatch { id, to, json } => (
            backend.call(DispatchWish {
                wish: *id,
                to: to.clone(),
            })?,
            *json,
        ),
        WishCommand::Claim { id, by, json } => (
            backend.call(ClaimWish {
                wish: *id,
                by: by.clone(),
            })?,
            *json,
        ),
        WishCommand::Done { id, note, json } => (
            backend.call(WishDone {
                wish: *id,
                note: note.clone(),
            })?,
            *json,
        ),
        WishCommand::Review {
            id,
            satisfaction,
            note,
            json,
        } => (
            backend.call(ReviewWish {
                wish: *id,
                satisfaction: *satisfaction,
                note: note.clone(),
            })?,
            *json,
        ),
        WishCommand::Close { id, reason, json } => (
            backend.call(CloseWish {
                wish: *id,
                reason: reason.clone(),
            })?,
            *json,
        ),
        WishCommand::Cancel { id, reason, json } => (
            backend.call(CancelWish {
                wish: *id,
                reason: reason.clone(),
            })?,
            *json,
        ),
    };
    if json {
        return shown_json(backend.as_ref(), wish.id);
    }
    outln!("{}", moved(&wish, lang));
    Ok(())
}

/// Prints the wish `id` as a line of `wish list --json` gives it, read back as it is now.
fn shown_json(backend: &dyn crate::client::Backend, id: Id) -> anyhow::Result<()> {
    let overview = backend.overview()?;
    let lines = backend.call(Wishes::default())?;
    let today = local_day(now());
    let line = lines.iter().find(|l| l.wish.id == id);
    crate::cli::out::json(&line.map(|l| ListJson::of(l, &overview, today)))?;
    Ok(())
}

/// The sentence for a wish just moved on.
fn moved(w: &Wish, lang: Lang) -> String {
    let id = w.id;
    let taker = quote(w.taker.as_deref().unwrap_or(""));
    match w.state {
        WishState::Claimed => tr!(
            lang,
            "心愿 {id} 已由“{taker}”认领",
            "wish {id} claimed by “{taker}”"
        ),
        WishState::Dispatched => tr!(
            lang,
            "心愿 {id} 已派单给“{taker}”",
            "wish {id} dispatched to “{taker}”"
        ),
        WishState::Done => tr!(lang, "心愿 {id} 已实现", "wish {id} fulfilled"),
        WishState::Reviewed => {
            let s = w.satisfaction.unwrap_or(0);
            tr!(
                lang,
                "心愿 {id} 已回访：满意度 {s}/5",
                "wish {id} reviewed: satisfaction {s} of 5"
            )
        }
        WishState::Closed => tr!(lang, "心愿 {id} 已关闭", "wish {id} closed"),
        WishState::Open => tr!(
            lang,
            "心愿 {id} 已退回，重新待认领",
            "wish {id} given back; it waits to be claimed again"
        ),
    }
}

fn add(backend: &dyn crate::client::Backend, args: &AddArgs, lang: Lang) -> anyhow::Result<()> {
    let today = today(args.today.as_deref(), lang)?;
    let due = args
        .due
        .as_deref()
        .map(|d| day(d, today, lang))
        .transpose()?;
    let category = category(&args.category, lang)?;
    let hit = super::address::household_at(
        backend,
        &args.address.join(" "),
        args.community.as_deref(),
        lang,
    )?;
    let w = backend.call(AddWish {
        household: hit.household,
        text: args.text.clone(),
        category,
        source: WishSource::Staff,
        raised: today,
        due,
        private: args.private,
    })?;
    if args.json {
        return shown_json(backend, w.id);
    }
    let (id, address, text) = (w.id, hit.address, quote(&w.text));
    let c = category_name(w.category, lang);
    outln!(
        "{}",
        tr!(
            lang,
            "已为 {address} 登记心愿 {id}：“{text}”（{c}），待认领",
            "wish {id} raised for {address}: “{text}” ({c}), waiting to be claimed"
        )
    );
    Ok(())
}

/// One line of `wish list --json`.
#[derive(Debug, serde::Serialize)]
struct ListJson<'a> {
    id: Id,
    community: String,
    address: String,
    grid: String,
    category: &'static str,
    state: &'static str,
    text: &'a str,
    taker: Option<&'a str>,
    raised: String,
    due: Option<String>,
    overdue: bool,
    private: bool,
    satisfaction: Option<u8>,
    /// visit, resident, captain or staff.
    source: &'static str,
    history: Vec<StepJson<'a>>,
}

/// One change of a wish's state: who, when, to which state and why.
#[derive(Debug, serde::Serialize)]
struct StepJson<'a> {
    at: String,
    by: &'a str,
    to: &'static str,
    note: &'a str,
}

impl<'a> ListJson<'a> {
    fn of(l: &'a WishLine, overview: &Overview, today: Day) -> ListJson<'a> {
        ListJson {
            id: l.wish.id,
            community: overview.community_name(l.community),
            address: l.address.to_string(),
            grid: overview.grid_name(l.grid),
            category: l.wish.category.en(),
            state: l.wish.state.en(),
            text: &l.wish.text,
            taker: l.wish.taker.as_deref(),
            raised: day_text(l.wish.raised),
            due: l.wish.due.map(day_text),
            overdue: l.wish.is_overdue(today),
            private: l.wish.private,
            satisfaction: l.wish.satisfaction,
            source: match l.wish.source {
                WishSource::Visit(_) => "visit",
                WishSource::Resident(_) => "resident",
                WishSource::Captain(_) => "captain",
                WishSource::Staff => "staff",
            },
            history: l
                .wish
                .history
                .iter()
                .map(|s| StepJson {
                    at: crate::model::time::format_local(s.at),
                    by: &s.by,
                    to: s.to.en(),
                    note: &s.note,
                })
                .collect(),
        }
    }
}

fn list(backend: &dyn crate::client::Backend, args: &ListArgs, lang: Lang) -> anyhow::Result<()> {
    let today = today(args.today.as_deref(), lang)?;
    let overview = backend.overview()?;
    let grid = match &args.grid {
        None => None,
        Some(name) => {
            Some(super::structure::grid(&overview, args.community.as_deref(), name, lang)?.id)
        }
    };
    let lines: Vec<WishLine> = backend.call(Wishes {
        state: args.state.as_deref().map(|s| state(s, lang)).transpose()?,
        grid,
        category: args
            .category
            .as_deref()
            .map(|c| category(c, lang))
            .transpose()?,
        overdue_on: args.overdue.then_some(today),
    })?;
    let rows: Vec<ListJson> = lines
        .iter()
        .map(|l| ListJson::of(l, &overview, today))
        .collect();
    if args.json {
        crate::cli::out::json(&rows)?;
        return Ok(());
    }
    if rows.is_empty() {
        outln!("{}", tr!(lang, "没有符合条件的心愿", "no wishes match"));
        return Ok(());
    }
    let head = match lang {
        Lang::Zh => ["编号", "地址", "网格", "类别", "状态", "期限", "心愿"],
        Lang::En => ["id", "address", "grid", "category", "state", "due", "wish"],
    };
    // On a street, the grid after its community's name (each has a 一网格).
    let names = CommunityNames::new(overview.communities.iter().map(|c| (c.id, c.name.clone())));
    let table: Vec<[String; 7]> = std::iter::once(head.map(String::from))
        .chain(lines.iter().zip(&rows).map(|(l, r)| {
            let due = l.wish.due.map_or_else(String::new, |d| {
                let text = lang.date(date_of(d));
                if r.overdue {
                    tr!(lang, "{text}（逾期）", "{text} (overdue)")
                } else {
                    text
                }
            });
            [
                r.id.to_string(),
                r.address.clone(),
                quote(&names.place(l.community, &r.grid)),
                category_name(l.wish.category, lang).to_string(),
                state_name(l.wish.state, lang).to_string(),
                due,
                quote(&l.wish.text),
            ]
        }))
        .collect();
    for line in super::followups::aligned(&table, 6) {
        outln!("{line}");
    }
    let n = rows.len();
    let overdue = rows.iter().filter(|r| r.overdue).count();
    let wishes = crate::i18n::count(n, "wish", "wishes");
    outln!(
        "{}",
        tr!(
            lang,
            "共 {n} 个心愿，其中 {overdue} 个逾期",
            "{wishes}, {overdue} of them overdue"
        )
    );
    Ok(())
}

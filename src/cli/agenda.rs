//! `gridbook agenda` and `gridbook meeting`: agenda items (议题) raised, moved along
//! 动议 → 受理 → 协商中 → 已决议 → 落实中 → 已办结 → 已公示 (or 不予受理), decided with an owner
//! and a due day, noted; the open-decisions list; meetings and the items they discussed.

use crate::cli::out::outln;

use std::path::Path;

use anyhow::{anyhow, bail};

use crate::api::agenda::{
    AddAgendaItem, AddMeeting, AdvanceAgendaItem, AgendaItems, AgendaLine, DecideAgendaItem,
    Meetings, NoteAgendaItem, OpenDecisions,
};
use crate::client::{Ask, Backend};
use crate::i18n::Lang;
use crate::io::sheet::{Sheet, Value};
use crate::model::shown::quote;
use crate::model::time::{date_of, day_text, local_day, now, parse_day, Day};
use crate::model::{AgendaItem, AgendaKind, AgendaState, Id, Meeting, MeetingKind, RaisedBy};
use crate::tr;

#[derive(Debug, clap::Subcommand)]
pub enum AgendaCommand {
    /// Raise an agenda item (议题动议).
    Add(AddArgs),
    /// The agenda items in your scope, oldest first.
    List {
        /// Only items still open: neither 不予受理, 已办结 nor 已公示.
        #[arg(long)]
        open: bool,
        #[arg(long)]
        json: bool,
    },
    /// Record the decision (已决议) of an item under deliberation, with its owner and due day.
    Decide {
        id: Id,
        /// What was decided.
        #[arg(long, value_name = "TEXT")]
        decision: String,
        /// Who carries it out: a person's or a unit's name.
        #[arg(long, value_name = "NAME")]
        owner: Option<String>,
        /// The day it is to be carried out by: 2026-12-01, 12-01 or +7.
        #[arg(long, value_name = "DAY")]
        due: Option<String>,
        /// Count from this day instead of today (for tests).
        #[arg(long, value_name = "YYYY-MM-DD", hide = true)]
        today: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Move an item on: accept 受理, reject 不予受理 (with --reason), deliberate 协商中, carry-out 落实中, finish 已办结, publish 已公示.
    Advance {
        id: Id,
        /// The state to move to; without it, the next one in the chain.
        #[arg(long, value_name = "STATE")]
        to: Option<String>,
        /// Why, or what was done.
        #[arg(long, value_name = "TEXT", default_value = "")]
        note: String,
        /// Why the item is not accepted (不予受理).
        #[arg(long, value_name = "TEXT")]
        reason: Option<String>,
        /// Count from this day instead of today (for tests).
        #[arg(long, value_name = "YYYY-MM-DD", hide = true)]
        today: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Add a note to an item, at whatever state it is in.
    Note {
        id: Id,
        text: String,
        #[arg(long)]
        json: bool,
    },
    /// The open decisions (已决议 and 落实中) by due day, overdue first.
    Decisions {
        /// Count from this day instead of today (for tests).
        #[arg(long, value_name = "YYYY-MM-DD", hide = true)]
        today: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, clap::Args)]
pub struct AddArgs {
    /// The topic, in a few words.
    pub text: String,
    /// 居民议事 residents, 联席会议 joint, 红色物业 red, 其他 other.
    #[arg(long, value_name = "K")]
    pub kind: String,
    /// Who raised it: a household's address (5-2-301) or a unit's name; without it, you.
    #[arg(long, value_name = "WHO")]
    pub from: Option<String>,
    /// The community, by name, when you look after more than one.
    #[arg(long, value_name = "NAME")]
    pub community: Option<String>,
    /// Count from this day instead of today (for tests).
    #[arg(long, value_name = "YYYY-MM-DD", hide = true)]
    pub today: Option<String>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, clap::Subcommand)]
pub enum MeetingCommand {
    /// Record a meeting (居民议事会, 红色议事厅, 联席会议) and the items it discussed.
    Add(MeetingArgs),
    /// The meetings in your scope, by date.
    List {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, clap::Args)]
pub struct MeetingArgs {
    /// 居民议事会 council, 红色议事厅 red, 联席会议 joint, 其他 other.
    #[arg(long, value_name = "K")]
    pub kind: String,
    /// The day it was held: 2026-12-01, 12-01 or +7.
    #[arg(long, value_name = "DAY")]
    pub date: String,
    /// Who chaired it.
    #[arg(long, value_name = "NAME")]
    pub chair: String,
    /// Units and people present, by name.
    #[arg(long, value_name = "NAME", num_args = 1.., value_delimiter = ',')]
    pub present: Vec<String>,
    /// Units and people absent, by name.
    #[arg(long, value_name = "NAME", num_args = 1.., value_delimiter = ',')]
    pub absent: Vec<String>,
    /// The agenda items discussed, by number.
    #[arg(long, value_name = "ID,...", value_delimiter = ',')]
    pub items: Vec<Id>,
    /// The community, by name, when you look after more than one.
    #[arg(long, value_name = "NAME")]
    pub community: Option<String>,
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

fn state_name(s: AgendaState, lang: Lang) -> &'static str {
    lang.pick(s.zh(), s.en())
}

/// The community an item or meeting without a household belongs to: the one named, or the
/// only one the caller looks after.
fn community(backend: &dyn Backend, named: Option<&str>, lang: Lang) -> anyhow::Result<Id> {
    let communities = backend.overview()?.communities;
    if let Some(name) = named {
        return super::address::community_id(&communities, name, lang);
    }
    match communities.as_slice() {
        [one] => Ok(one.id),
        [] => bail!(tr!(
            lang,
            "您负责的范围内没有社区",
            "there is no community among what you look after"
        )),
        _ => {
            let names =
                super::address::listing(communities.iter().map(|c| c.name.clone()).collect(), lang);
            bail!(tr!(
                lang,
                "您负责{names}；请用 --community 写明是哪个社区",
                "you look after {names}; say which community with --community"
            ))
        }
    }
}

/// Who raised an item, in words: the household's address, the unit's name, the staff user.
fn raiser(item: &AgendaItem, address: Option<&crate::model::Address>) -> String {
    match (&item.raised_by, address) {
        (RaisedBy::Household(_), Some(a)) => a.to_string(),
        (RaisedBy::Household(h), None) => h.to_string(),
        (RaisedBy::Unit(n), _) => quote(n),
        (RaisedBy::Staff(n), _) => n.clone(),
    }
}

pub fn run(dir: &Path, cmd: &AgendaCommand, lang: Lang) -> anyhow::Result<()> {
    let backend = crate::client::open(dir)?;
    let b = backend.as_ref();
    let (item, json, sentence) = match cmd {
        AgendaCommand::Add(args) => return add(b, args, lang),
        AgendaCommand::List { open, json } => {
            let lines = b.call(AgendaItems { open: *open })?;
            return list(&lines, *json, lang);
        }
        AgendaCommand::Decisions { today: t, json } => {
            let today = today(t.as_deref(), lang)?;
            let lines = b.call(OpenDecisions { today })?;
            return decisions(&lines, today, *json, lang);
        }
        AgendaCommand::Decide {
            id,
            decision,
            owner,
            due,
            today: t,
            json,
        } => {
            let (Some(owner), Some(due)) = (owner, due) else {
                bail!(tr!(
                    lang,
                    "决议需要责任人和期限：请用 --owner 名称 --due 日期 写明",
                    "a decision needs its owner and due day: give them with --owner NAME --due DAY"
                ));
            };
            let due = day(due, today(t.as_deref(), lang)?, lang)?;
            let item = b.call(DecideAgendaItem {
                item: *id,
                decision: decision.clone(),
                owner: owner.clone(),
                due,
            })?;
            let (text, owner) = item
                .decision
                .as_ref()
                .map(|d| (quote(&d.text), quote(&d.owner)))
                .unwrap_or_default();
            let due = lang.date(date_of(due));
            let sentence = tr!(
                lang,
                "议题 {id} 已决议：“{text}”，责任人“{owner}”，期限 {due}",
                "agenda item {id} decided: “{text}”, owner “{owner}”, due {due}"
            );
            (item, *json, sentence)
        }
        AgendaCommand::Advance {
            id,
            to,
            note,
            reason,
            today: t,
            json,
        } => {
            let today = today(t.as_deref(), lang)?;
            let to = match to {
                Some(text) => AgendaState::parse(text).ok_or_else(|| {
                    let text = quote(text);
                    anyhow!(tr!(
                        lang,
                        "没有“{text}”这个议题状态；可选：受理、不予受理、协商中、落实中、已办结、已公示",
                        "there is no agenda state “{text}”; use accept, reject, deliberate, carry-out, finish or publish"
                    ))
                })?,
                None => next_of(b, *id, lang)?,
            };
            let note = reason.clone().unwrap_or_else(|| note.clone());
            let item = b.call(AdvanceAgendaItem {
                item: *id,
                to,
                note,
                today,
            })?;
            let from = item.history.last().map_or("", |s| state_name(s.from, lang));
            let now = state_name(item.state, lang);
            let sentence = tr!(
                lang,
                "议题 {id}：{from} → {now}",
                "agenda item {id}: {from} → {now}"
            );
            (item, *json, sentence)
        }
        AgendaCommand::Note { id, text, json } => {
            let item = b.call(NoteAgendaItem {
                item: *id,
                text: text.clone(),
            })?;
            let s = state_name(item.state, lang);
            let sentence = tr!(
                lang,
                "已为议题 {id}（{s}）添加备注",
                "note added to agenda item {id} ({s})"
            );
            (item, *json, sentence)
        }
    };
    if json {
        crate::cli::out::json(&item)?;
    } else {
        outln!("{sentence}");
    }
    Ok(())
}

/// The state after an item's own, when the chain has one way on.
fn next_of(b: &dyn Backend, id: Id, lang: Lang) -> anyhow::Result<AgendaState> {
    let item = b
        .call(AgendaItems { open: false })?
        .into_iter()
        .find(|l| l.item.id == id)
        .map(|l| l.item);
    let Some(item) = item else {
        bail!(tr!(
            lang,
            "没有编号为 {id} 的议题",
            "there is no agenda item {id}"
        ));
    };
    match item.state.next() {
        [AgendaState::Decided] => bail!(tr!(
            lang,
            "议题 {id} 在协商中；请用 agenda decide 记下决议、责任人和期限",
            "agenda item {id} is under deliberation; record its decision, owner and due day with agenda decide"
        )),
        [one] => Ok(*one),
        _ => {
            let s = state_name(item.state, lang);
            bail!(tr!(
                lang,
                "议题 {id} 为{s}；请用 --to 写明下一步",
                "agenda item {id} is {s}; say where it goes next with --to"
            ))
        }
    }
}

fn add(b: &dyn Backend, args: &AddArgs, lang: Lang) -> anyhow::Result<()> {
    let today = today(args.today.as_deref(), lang)?;
    let kind = AgendaKind::parse(&args.kind).ok_or_else(|| {
        let text = quote(&args.kind);
        anyhow!(tr!(
            lang,
            "没有“{text}”这个议题类别；可选：居民议事、联席会议、红色物业、其他",
            "there is no agenda kind “{text}”; use residents, joint, red or other"
        ))
    })?;
    let looks_like_address = args.from.as_deref().is_some_and(|w| {
        let (_, address) = crate::model::address::split_community(w);
        crate::model::Address::parse(&address).is_ok()
    });
    let (raised_by, community, address) = match &args.from {
        Some(w) if looks_like_address => {
            let hit = super::address::household_at(b, w, args.community.as_deref(), lang)?;
            (
                RaisedBy::Household(hit.household),
                hit.community,
                Some(hit.address),
            )
        }
        Some(unit) => (
            RaisedBy::Unit(unit.trim().to_string()),
            community(b, args.community.as_deref(), lang)?,
            None,
        ),
        None => (
            RaisedBy::Staff(b.user().to_string()),
            community(b, args.community.as_deref(), lang)?,
            None,
        ),
    };
    let item = b.call(AddAgendaItem {
        community,
        topic: args.text.clone(),
        kind,
        raised_by,
        raised: today,
    })?;
    if args.json {
        crate::cli::out::json(&item)?;
        return Ok(());
    }
    let (id, who, topic) = (item.id, raiser(&item, address.as_ref()), quote(&item.topic));
    let k = lang.pick(item.kind.zh(), item.kind.en());
    outln!(
        "{}",
        tr!(
            lang,
            "已登记议题 {id}（{who}提出）：“{topic}”（{k}），动议",
            "agenda item {id} raised by {who}: “{topic}” ({k}), proposed"
        )
    );
    Ok(())
}

/// One line of `agenda list --json` and `agenda decisions --json`.
#[derive(Debug, serde::Serialize)]
struct ItemJson<'a> {
    id: Id,
    topic: &'a str,
    kind: &'static str,
    state: &'static str,
    raised: String,
    raised_by: String,
    meetings: &'a [Id],
    decision: Option<&'a str>,
    owner: Option<&'a str>,
    due: Option<String>,
    overdue: bool,
    done: Option<String>,
    history: Vec<StepJson<'a>>,
}

#[derive(Debug, serde::Serialize)]
struct StepJson<'a> {
    at: String,
    by: &'a str,
    from: &'static str,
    to: &'static str,
    note: &'a str,
}

fn item_json(l: &AgendaLine, today: Day) -> ItemJson<'_> {
    let i = &l.item;
    ItemJson {
        id: i.id,
        topic: &i.topic,
        kind: i.kind.en(),
        state: i.state.en(),
        raised: day_text(i.raised),
        raised_by: raiser(i, l.address.as_ref()),
        meetings: &i.meetings,
        decision: i.decision.as_ref().map(|d| d.text.as_str()),
        owner: i.decision.as_ref().map(|d| d.owner.as_str()),
        due: i.decision.as_ref().map(|d| day_text(d.due)),
        overdue: i.is_overdue(today),
        done: i.done.map(day_text),
        history: i
            .history
            .iter()
            .map(|s| StepJson {
                at: crate::model::time::format_local(s.at),
                by: &s.by,
                from: s.from.en(),
                to: s.to.en(),
                note: &s.note,
            })
            .collect(),
    }
}

fn list(lines: &[AgendaLine], json: bool, lang: Lang) -> anyhow::Result<()> {
    let today = local_day(now());
    if json {
        let rows: Vec<ItemJson> = lines.iter().map(|l| item_json(l, today)).collect();
        crate::cli::out::json(&rows)?;
        return Ok(());
    }
    if lines.is_empty() {
        outln!("{}", tr!(lang, "没有议题", "no agenda items"));
        return Ok(());
    }
    let head = lang.pick(
        ["编号", "状态", "类别", "提出", "会议", "议题"],
        ["id", "state", "kind", "raised by", "meetings", "topic"],
    );
    let mut s = Sheet::new("", &head);
    for l in lines {
        let i = &l.item;
        let meetings: Vec<String> = i.meetings.iter().map(|m| m.to_string()).collect();
        s.push(vec![
            Value::from(i.id),
            state_name(i.state, lang).into(),
            lang.pick(i.kind.zh(), i.kind.en()).into(),
            raiser(i, l.address.as_ref()).into(),
            meetings.join(",").into(),
            quote(&i.topic).into(),
        ]);
    }
    super::report::print_table(&s, lang);
    let n = lines.len();
    let items = crate::i18n::count(n, "agenda item", "agenda items");
    outln!("{}", tr!(lang, "共 {n} 个议题", "{items}"));
    Ok(())
}

fn decisions(lines: &[AgendaLine], today: Day, json: bool, lang: Lang) -> anyhow::Result<()> {
    if json {
        let rows: Vec<ItemJson> = lines.iter().map(|l| item_json(l, today)).collect();
        crate::cli::out::json(&rows)?;
        return Ok(());
    }
    if lines.is_empty() {
        outln!("{}", tr!(lang, "没有待落实的决议", "no open decisions"));
        return Ok(());
    }
    let head = lang.pick(
        ["编号", "期限", "责任人", "状态", "决议"],
        ["id", "due", "owner", "state", "decision"],
    );
    let mut s = Sheet::new("", &head);
    for l in lines {
        let i = &l.item;
        let Some(d) = &i.decision else { continue };
        let text = lang.date(date_of(d.due));
        let due = if i.is_overdue(today) {
            tr!(lang, "{text}（逾期）", "{text} (overdue)")
        } else {
            text
        };
        s.push(vec![
            Value::from(i.id),
            due.into(),
            quote(&d.owner).into(),
            state_name(i.state, lang).into(),
            quote(&d.text).into(),
        ]);
    }
    super::report::print_table(&s, lang);
    let n = lines.len();
    let overdue = lines.iter().filter(|l| l.item.is_overdue(today)).count();
    let open = crate::i18n::count(n, "open decision", "open decisions");
    outln!(
        "{}",
        tr!(
            lang,
            "共 {n} 项待落实的决议，其中 {overdue} 项逾期",
            "{open}, {overdue} of them overdue"
        )
    );
    Ok(())
}

pub fn meeting_run(dir: &Path, cmd: &MeetingCommand, lang: Lang) -> anyhow::Result<()> {
    let backend = crate::client::open(dir)?;
    let b = backend.as_ref();
    match cmd {
        MeetingCommand::Add(args) => {
            let today = today(args.today.as_deref(), lang)?;
            let kind = MeetingKind::parse(&args.kind).ok_or_else(|| {
                let text = quote(&args.kind);
                anyhow!(tr!(
                    lang,
                    "没有“{text}”这个会议类别；可选：居民议事会、红色议事厅、联席会议、其他",
                    "there is no meeting kind “{text}”; use council, red, joint or other"
                ))
            })?;
            let m = b.call(AddMeeting {
                community: community(b, args.community.as_deref(), lang)?,
                kind,
                date: day(&args.date, today, lang)?,
                chair: args.chair.clone(),
                present: args.present.clone(),
                absent: args.absent.clone(),
                items: args.items.clone(),
            })?;
            if args.json {
                crate::cli::out::json(&m)?;
                return Ok(());
            }
            let (id, date, chair) = (m.id, lang.date(date_of(m.date)), quote(&m.chair));
            let k = lang.pick(m.kind.zh(), m.kind.en());
            let (present, absent) = (m.present.len(), m.absent.len());
            let items = lang.listing(&m.items.iter().map(|i| i.to_string()).collect::<Vec<_>>());
            let sentence = if m.items.is_empty() {
                tr!(
                    lang,
                    "已记录会议 {id}：{date}{k}，主持人“{chair}”，出席 {present}，缺席 {absent}",
                    "meeting {id} recorded: {k} on {date}, chaired by “{chair}”, {present} present, {absent} absent"
                )
            } else {
                tr!(
                    lang,
                    "已记录会议 {id}：{date}{k}，主持人“{chair}”，出席 {present}，缺席 {absent}，议题 {items}",
                    "meeting {id} recorded: {k} on {date}, chaired by “{chair}”, {present} present, {absent} absent, agenda items {items}"
                )
            };
            outln!("{sentence}");
        }
        MeetingCommand::List { json } => {
            let meetings: Vec<Meeting> = b.call(Meetings)?;
            if *json {
                crate::cli::out::json(&meetings)?;
                return Ok(());
            }
            if meetings.is_empty() {
                outln!("{}", tr!(lang, "没有会议", "no meetings"));
                return Ok(());
            }
            let head = lang.pick(
                ["编号", "日期", "类别", "主持人", "出席", "缺席", "议题"],
                [
                    "id",
                    "date",
                    "kind",
                    "chair",
                    "present",
                    "absent",
                    "agenda items",
                ],
            );
            let mut s = Sheet::new("", &head);
            let sep = lang.pick("、", ", ");
            for m in &meetings {
                let items: Vec<String> = m.items.iter().map(|i| i.to_string()).collect();
                let names = |v: &[String]| v.iter().map(|n| quote(n)).collect::<Vec<_>>().join(sep);
                s.push(vec![
                    Value::from(m.id),
                    lang.date(date_of(m.date)).into(),
                    lang.pick(m.kind.zh(), m.kind.en()).into(),
                    quote(&m.chair).into(),
                    names(&m.present).into(),
                    names(&m.absent).into(),
                    items.join(",").into(),
                ]);
            }
            super::report::print_table(&s, lang);
        }
    }
    Ok(())
}

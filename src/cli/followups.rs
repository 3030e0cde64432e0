//! `gridbook followups`: what is due and overdue — written follow-ups and visits due by rule.

use crate::cli::out::outln;

use std::path::Path;

use anyhow::anyhow;
use chrono::NaiveDate;
use serde::Serialize;

use crate::i18n::Lang;
use crate::model::time::day_text as ymd;
use crate::model::time::{date_of, day_of, local_day, Day};
use crate::model::Id;
use crate::store::due::{DueItem, DueKind};
use crate::tr;

#[derive(Debug, clap::Args)]
pub struct FollowupsArgs {
    /// Only what is past its due day.
    #[arg(long)]
    pub overdue: bool,
    /// Print a JSON array instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Also what falls due within this many days.
    #[arg(long, value_name = "N", default_value_t = 7)]
    pub days: u16,
    /// At most this many of each kind (written follow-ups, visits by rule), most overdue
    /// first; the totals still count every one.
    #[arg(long, value_name = "N", default_value_t = 100)]
    pub limit: usize,
    /// Every one, however many (a street's or a city's list is long).
    #[arg(long)]
    pub all: bool,
    /// Count from this day instead of today (for tests and for looking back).
    #[arg(long, value_name = "YYYY-MM-DD", hide = true)]
    pub today: Option<String>,
}

/// One line of `followups --json`. The keys are a contract scripts rely on.
#[derive(Debug, Serialize)]
pub struct DueJson {
    pub address: String,
    pub community: String,
    pub head: String,
    /// `followup` or `visit`.
    pub kind: &'static str,
    pub title: String,
    /// `YYYY-MM-DD`.
    pub due: String,
    /// Days past the due day; 0 when not yet overdue.
    pub overdue_days: i32,
    /// The follow-up's id; null for a visit due by rule.
    pub id: Option<Id>,
}

pub fn run(dir: &Path, args: &FollowupsArgs, lang: Lang) -> anyhow::Result<()> {
    let today = match &args.today {
        Some(text) => day_of(
            NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| {
                let text = crate::model::shown::quote(text);
                anyhow!(tr!(
                    lang,
                    "“{text}”不是日期；请写成 2026-11-25",
                    "“{text}” is not a day; write it as 2026-11-25"
                ))
            })?,
        ),
        None => local_day(crate::model::time::now()),
    };
    let backend = crate::client::open(dir)?;
    let limit = if args.all {
        usize::MAX
    } else {
        args.limit.max(1)
    };
    let list = backend.due_list(today, args.days, limit)?;
    let communities = backend.overview()?.communities;
    let community_name = |id: Id| {
        communities
            .iter()
            .find(|c| c.id == id)
            .map(|c| c.name.clone())
            .unwrap_or_default()
    };
    let due: Vec<&DueItem> = list
        .items
        .iter()
        .filter(|i| !args.overdue || i.due < today)
        .collect();
    let mut items: Vec<DueJson> = due
        .iter()
        .map(|i| line(i, today, community_name(i.community)))
        .collect();

    // Of what the filter asks for: how many there are, and how many are listed.
    let (asked, listed) = (
        if args.overdue {
            list.overdue
        } else {
            list.total
        },
        items.len(),
    );
    let cut = (listed < asked).then(|| {
        tr!(
            lang,
            "列出了其中 {listed} 项（每类最多 {limit} 项，最逾期的在前）；要看全部请加 --all",
            "{listed} of them listed (at most {limit} of each kind, most overdue first); add --all for every one"
        )
    });
    if args.json {
        crate::cli::out::json(&items)?;
        // The JSON stays an array of lines; that it is cut short is said beside it.
        if let Some(cut) = &cut {
            crate::cli::out::errln!("{cut}");
        }
        return Ok(());
    }
    // The table speaks the reader's language; the JSON above stays as scripts know it.
    for (item, i) in items.iter_mut().zip(&due) {
        item.title = what(i, lang);
        item.due = day_text(i.due, lang);
    }
    let (on, until) = (
        day_text(today, lang),
        day_text(today + args.days as Day, lang),
    );
    if items.is_empty() {
        if args.overdue {
            outln!(
                "{}",
                tr!(
                    lang,
                    "截至 {on}，没有逾期的事项",
                    "nothing is overdue on {on}"
                )
            );
        } else {
            outln!(
                "{}",
                tr!(
                    lang,
                    "{until} 前没有到期的事项",
                    "nothing is due by {until}"
                )
            );
        }
        return Ok(());
    }
    print_table(&items, lang);
    let (overdue, n) = (list.overdue, list.total);
    if args.overdue {
        outln!(
            "{}",
            tr!(
                lang,
                "截至 {on}，共 {overdue} 项逾期",
                "{overdue} overdue on {on}"
            )
        );
    } else {
        outln!(
            "{}",
            tr!(
                lang,
                "{until} 前到期 {n} 项，其中 {overdue} 项已逾期",
                "{n} due by {until}, {overdue} of them overdue"
            )
        );
    }
    if let Some(cut) = cut {
        outln!("{cut}");
    }
    Ok(())
}

/// What is due, as the table says it.
fn what(i: &DueItem, lang: Lang) -> String {
    match (&i.kind, lang) {
        (DueKind::FollowUp(f), _) => f.title_in(lang).to_string(),
        (DueKind::Visit { .. }, Lang::En) => visit_title(&i.kind),
        (DueKind::Visit { last, interval }, Lang::Zh) => {
            let last = match last {
                Some(at) => format!("上次见面 {}", lang.date(date_of(local_day(*at)))),
                None => "从未见面".to_string(),
            };
            format!("每 {interval} 天走访一次，{last}")
        }
    }
}

fn visit_title(kind: &DueKind) -> String {
    match kind {
        DueKind::FollowUp(f) => f.title.clone(),
        DueKind::Visit { last, interval } => {
            let last = match last {
                Some(at) => format!("last met {}", ymd(local_day(*at))),
                None => "never met".into(),
            };
            format!("visit due every {interval} days, {last}")
        }
    }
}

fn day_text(day: Day, lang: Lang) -> String {
    lang.date(date_of(day))
}

fn line(i: &DueItem, today: Day, community: String) -> DueJson {
    let (kind, title, id) = match &i.kind {
        DueKind::FollowUp(f) => ("followup", f.title.clone(), Some(f.id)),
        DueKind::Visit { .. } => ("visit", visit_title(&i.kind), None),
    };
    DueJson {
        address: i.address.to_string(),
        community,
        head: i.head.clone(),
        kind,
        title,
        due: ymd(i.due),
        overdue_days: (today - i.due).max(0),
        id,
    }
}

fn print_table(items: &[DueJson], lang: Lang) {
    let [t_community, t_address, t_head, t_what, t_due, t_late] = match lang {
        Lang::Zh => ["社区", "地址", "户主", "事项", "到期", "逾期"],
        Lang::En => ["community", "address", "head", "what", "due", "overdue"],
    };
    let several_communities = items.iter().any(|i| i.community != items[0].community);
    let width = |f: &dyn Fn(&DueJson) -> &str, title: &str| {
        items
            .iter()
            .map(|i| unicode_width::UnicodeWidthStr::width(f(i)))
            .chain([unicode_width::UnicodeWidthStr::width(title)])
            .max()
            .unwrap_or(0)
    };
    let wc = width(&|i| &i.community, t_community);
    let wa = width(&|i| &i.address, t_address);
    let wh = width(&|i| &i.head, t_head);
    let ww = width(&|i| &i.title, t_what);
    let wd = width(&|i| &i.due, t_due).max(10);
    let row = |community: &str, address: &str, head: &str, what: &str, due: &str, late: &str| {
        let c = if several_communities {
            format!("{}  ", pad(community, wc))
        } else {
            String::new()
        };
        let s = format!(
            "{c}{}  {}  {}  {}  {late}",
            pad(address, wa),
            pad(head, wh),
            pad(what, ww),
            pad(due, wd)
        );
        outln!("{}", s.trim_end());
    };
    row(t_community, t_address, t_head, t_what, t_due, t_late);
    for i in items {
        let late = match (i.overdue_days, lang) {
            (0, _) => String::new(),
            (n, Lang::Zh) => format!("{n} 天"),
            (1, Lang::En) => "1 day".into(),
            (n, Lang::En) => format!("{n} days"),
        };
        row(&i.community, &i.address, &i.head, &i.title, &i.due, &late);
    }
}

/// Pads text to a display width (two columns for a Chinese character).
pub fn pad(s: &str, width: usize) -> String {
    let w = unicode_width::UnicodeWidthStr::width(s);
    format!("{s}{}", " ".repeat(width.saturating_sub(w)))
}

/// The rows of a table as lines, their first `padded` columns each as wide as its widest
/// cell, the rest as they are.
pub fn aligned<R: AsRef<[String]>>(table: &[R], padded: usize) -> Vec<String> {
    let widths: Vec<usize> = (0..padded)
        .map(|i| {
            table
                .iter()
                .map(|r| unicode_width::UnicodeWidthStr::width(r.as_ref()[i].as_str()))
                .max()
                .unwrap_or(0)
        })
        .collect();
    table
        .iter()
        .map(|r| {
            let cells: Vec<String> = r
                .as_ref()
                .iter()
                .enumerate()
                .map(|(i, c)| match widths.get(i) {
                    Some(&w) => pad(c, w),
                    None => c.clone(),
                })
                .collect();
            cells.join("  ")
        })
        .collect()
}

//! `gridbook followups`: what is due and overdue — written follow-ups and visits due by rule.

use std::path::Path;

use anyhow::anyhow;
use chrono::NaiveDate;
use serde::Serialize;

use crate::model::time::{date_of, day_of, local_day, Day};
use crate::model::Id;
use crate::store::due::{DueItem, DueKind};

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

pub fn run(dir: &Path, args: &FollowupsArgs) -> anyhow::Result<()> {
    let today = match &args.today {
        Some(text) => day_of(
            NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
                .map_err(|_| anyhow!("“{text}” is not a day; write it as 2026-11-25"))?,
        ),
        None => local_day(crate::model::time::now()),
    };
    let backend = crate::client::open(dir)?;
    let list = backend.due_list(today, args.days, usize::MAX)?;
    let communities = backend.overview()?.communities;
    let community_name = |id: Id| {
        communities
            .iter()
            .find(|c| c.id == id)
            .map(|c| c.name.clone())
            .unwrap_or_default()
    };
    let items: Vec<DueJson> = list
        .items
        .iter()
        .filter(|i| !args.overdue || i.due < today)
        .map(|i| line(i, today, community_name(i.community)))
        .collect();

    if args.json {
        println!("{}", serde_json::to_string(&items)?);
        return Ok(());
    }
    let until = ymd(today + args.days as Day);
    if items.is_empty() {
        if args.overdue {
            println!("nothing is overdue on {}", ymd(today));
        } else {
            println!("nothing is due by {until}");
        }
        return Ok(());
    }
    print_table(&items);
    let overdue = items.iter().filter(|i| i.overdue_days > 0).count();
    if args.overdue {
        println!("{overdue} overdue on {}", ymd(today));
    } else {
        println!("{} due by {until}, {overdue} of them overdue", items.len());
    }
    Ok(())
}

fn line(i: &DueItem, today: Day, community: String) -> DueJson {
    let (kind, title, id) = match &i.kind {
        DueKind::FollowUp(f) => ("followup", f.title.clone(), Some(f.id)),
        DueKind::Visit { last, interval } => {
            let last = match last {
                Some(at) => format!("last met {}", ymd(local_day(*at))),
                None => "never met".into(),
            };
            (
                "visit",
                format!("visit due every {interval} days, {last}"),
                None,
            )
        }
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

fn print_table(items: &[DueJson]) {
    let several_communities = items.iter().any(|i| i.community != items[0].community);
    let width = |f: &dyn Fn(&DueJson) -> &str, title: &str| {
        items
            .iter()
            .map(|i| unicode_width::UnicodeWidthStr::width(f(i)))
            .chain([title.len()])
            .max()
            .unwrap_or(0)
    };
    let wc = width(&|i| &i.community, "community");
    let wa = width(&|i| &i.address, "address");
    let wh = width(&|i| &i.head, "head");
    let ww = width(&|i| &i.title, "what");
    let row = |community: &str, address: &str, head: &str, what: &str, due: &str, late: &str| {
        let c = if several_communities {
            format!("{}  ", pad(community, wc))
        } else {
            String::new()
        };
        let s = format!(
            "{c}{}  {}  {}  {due:<10}  {late}",
            pad(address, wa),
            pad(head, wh),
            pad(what, ww)
        );
        println!("{}", s.trim_end());
    };
    row("community", "address", "head", "what", "due", "overdue");
    for i in items {
        let late = match i.overdue_days {
            0 => String::new(),
            1 => "1 day".into(),
            n => format!("{n} days"),
        };
        row(&i.community, &i.address, &i.head, &i.title, &i.due, &late);
    }
}

fn ymd(day: Day) -> String {
    date_of(day).format("%Y-%m-%d").to_string()
}

/// Pads text to a display width (two columns for a Chinese character).
pub fn pad(s: &str, width: usize) -> String {
    let w = unicode_width::UnicodeWidthStr::width(s);
    format!("{s}{}", " ".repeat(width.saturating_sub(w)))
}

//! `gridbook search QUERY [--limit N] [--json]`: the TUI's search from the command line.

use std::path::Path;

use crate::search::{HitKind, MatchKind};

#[derive(Debug, clap::Args)]
pub struct SearchArgs {
    /// A name in hanzi, pinyin or initials, the last 4+ digits of a phone or ID, or an address.
    pub query: String,
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
    /// A JSON array of hits, each with kind, name, address and community.
    #[arg(long)]
    pub json: bool,
}

pub fn run(dir: &Path, args: &SearchArgs) -> anyhow::Result<()> {
    let backend = crate::client::open(dir)?;
    let hits = backend.search(&args.query, args.limit)?;
    if args.json {
        println!("{}", serde_json::to_string(&hits)?);
        return Ok(());
    }
    if hits.is_empty() {
        println!("nothing matches “{}”", args.query);
        return Ok(());
    }
    for h in &hits {
        let kind = match h.kind {
            HitKind::Resident => "resident",
            HitKind::Household => "household",
        };
        let matched = match h.matched {
            MatchKind::Name => "name",
            MatchKind::Pinyin => "pinyin",
            MatchKind::Initials => "initials",
            MatchKind::Phone => "phone",
            MatchKind::IdNumber => "ID number",
            MatchKind::Address => "address",
        };
        println!(
            "{kind:<10} {} {:<10} {} ({matched})",
            pad(&h.name, 10),
            h.address,
            h.community
        );
    }
    Ok(())
}

fn pad(s: &str, width: usize) -> String {
    let w = unicode_width::UnicodeWidthStr::width(s);
    format!("{s}{}", " ".repeat(width.saturating_sub(w)))
}

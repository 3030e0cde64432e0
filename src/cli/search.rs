//! `gridbook search QUERY [--limit N] [--json]`: the TUI's search from the command line.

use crate::cli::out::outln;

use std::path::Path;

use crate::i18n::Lang;
use crate::search::{HitKind, MatchKind};
use crate::tr;

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

pub fn run(dir: &Path, args: &SearchArgs, lang: Lang) -> anyhow::Result<()> {
    let backend = crate::client::open(dir)?;
    let hits = backend.search(&args.query, args.limit)?;
    if args.json {
        crate::cli::out::json(&hits)?;
        return Ok(());
    }
    if hits.is_empty() {
        let q = crate::model::shown::quote(&args.query);
        outln!(
            "{}",
            tr!(lang, "没有与“{q}”匹配的结果", "nothing matches “{q}”")
        );
        return Ok(());
    }
    for h in &hits {
        let kind = match h.kind {
            HitKind::Resident => lang.pick("居民", "resident"),
            HitKind::Household => lang.pick("住户", "household"),
            HitKind::Registrant => lang.pick("双报到", "registrant"),
        };
        let matched = match h.matched {
            MatchKind::Name => lang.pick("姓名", "name"),
            MatchKind::Pinyin => lang.pick("拼音", "pinyin"),
            MatchKind::Initials => lang.pick("首字母", "initials"),
            MatchKind::Phone => lang.pick("电话", "phone"),
            MatchKind::IdNumber => lang.pick("身份证号", "ID number"),
            MatchKind::Address => lang.pick("地址", "address"),
        };
        match lang {
            Lang::Zh => outln!(
                "{} {} {:<10} {}（{matched}）",
                pad(kind, 6),
                pad(&h.name, 10),
                h.address,
                h.community
            ),
            Lang::En => outln!(
                "{kind:<10} {} {:<10} {} ({matched})",
                pad(&h.name, 10),
                h.address,
                h.community
            ),
        }
    }
    Ok(())
}

fn pad(s: &str, width: usize) -> String {
    let w = unicode_width::UnicodeWidthStr::width(s);
    format!("{s}{}", " ".repeat(width.saturating_sub(w)))
}

//! `gridbook stats [--json]`: how many of each kind of record the caller's scope holds (the whole store for a street admin).

use crate::cli::out::outln;

use std::path::Path;

use crate::i18n::Lang;

#[derive(Debug, clap::Args)]
pub struct StatsArgs {
    /// Print one JSON object instead of a table.
    #[arg(long)]
    pub json: bool,
}

pub fn run(dir: &Path, args: &StatsArgs, lang: Lang) -> anyhow::Result<()> {
    let backend = crate::client::open(dir)?;
    let s = backend.stats()?;
    if args.json {
        crate::cli::out::json(&s)?;
        return Ok(());
    }
    let rows = [
        ("streets", "街道", s.streets),
        ("communities", "社区", s.communities),
        ("grids", "网格", s.grids),
        ("buildings", "楼栋", s.buildings),
        ("households", "户", s.households),
        ("residents", "居民", s.residents),
        ("captains", "楼长", s.captains),
        ("staff", "工作人员", s.staff),
        ("visits", "走访", s.visits),
        ("disputes", "纠纷", s.disputes),
        ("followups", "待办", s.followups),
    ];
    for (en, zh, n) in rows {
        match lang {
            Lang::Zh => outln!("{} {n:>10}", pad(zh, 8)),
            Lang::En => outln!("{en:<12} {n:>10}"),
        }
    }
    Ok(())
}

/// Pads Chinese text to a display width (two columns a character).
fn pad(s: &str, width: usize) -> String {
    let w = unicode_width::UnicodeWidthStr::width(s);
    format!("{s}{}", " ".repeat(width.saturating_sub(w)))
}

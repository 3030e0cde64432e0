//! `gridbook check`: says whether the store is sound, and exactly what is wrong if not.

use crate::cli::out::outln;

use std::path::Path;

use crate::i18n::{localize, Lang};
use crate::tr;

pub fn run(dir: &Path, lang: Lang) -> anyhow::Result<()> {
    let backend = crate::client::open(dir)?;
    let report = backend.check()?;
    if report.problems.is_empty() && report.mended.is_empty() {
        let (records, entries) = (report.records, report.index_entries);
        outln!(
            "{}",
            tr!(
                lang,
                "数据完好：{records} 条记录与 {entries} 条索引一致",
                "the store is sound: {records} records and {entries} index entries agree"
            )
        );
        return Ok(());
    }
    for p in report.problems.iter().chain(&report.mended) {
        outln!("{}", localize(p, lang));
    }
    // Found and mended in this run (derived records written again): said, and the exit
    // status says something was wrong, but nothing is left to restore.
    if report.problems.is_empty() {
        let n = report.mended.len();
        let problems = crate::i18n::count(n, "problem", "problems");
        // What was written again: the household digests, the grid rollups, the campaign
        // tallies, in the order `check` goes through them.
        let tallies = report
            .mended
            .iter()
            .any(|m| m.starts_with("campaign_tallies:"));
        let rollups = report.mended.iter().any(|m| m.starts_with("grid_rollups:"));
        let lines = report
            .mended
            .iter()
            .any(|m| m.starts_with("idx_visit_lines:"));
        let digests =
            report.mended.len() > usize::from(tallies) + usize::from(rollups) + usize::from(lines);
        let mut zh: Vec<&str> = Vec::new();
        let mut en: Vec<&str> = Vec::new();
        for (on, z, e) in [
            (digests, "户摘要", "the household digests"),
            (rollups, "网格汇总", "the grid rollups"),
            (tallies, "排查统计", "the campaign tallies"),
            (lines, "走访台账索引", "the visit lines"),
        ] {
            if on {
                zh.push(z);
                en.push(e);
            }
        }
        let (zh, en) = match en.len() {
            0 => ("户摘要".to_string(), "the household digests".to_string()),
            1 => (zh[0].to_string(), en[0].to_string()),
            // 户摘要和排查统计; the household digests, grid rollups and campaign tallies.
            n => {
                let en: Vec<&str> = en
                    .iter()
                    .enumerate()
                    .map(|(i, e)| if i == 0 { e } else { &e[4..] })
                    .collect();
                (
                    format!("{}和{}", zh[..n - 1].join("、"), zh[n - 1]),
                    format!("{} and {}", en[..n - 1].join(", "), en[n - 1]),
                )
            }
        };
        anyhow::bail!(tr!(
            lang,
            "数据有 {n} 处问题，见上，均已修复：{zh}已按记录重写；无需再做什么",
            "the store had {problems}, listed above, all mended: {en} were written again from the records; nothing else is needed"
        ));
    }
    let n = report.problems.len();
    let problems = crate::i18n::count(n, "problem", "problems");
    anyhow::bail!(tr!(
        lang,
        "数据有 {n} 处问题，见上；请恢复备份，或把问题报告上去",
        "the store has {problems}, listed above; restore a backup or report them"
    ))
}

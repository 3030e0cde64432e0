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
        // Which derived records were written again: the digests, the grid rollups or both.
        let rollups = report.mended.iter().any(|m| m.starts_with("grid_rollups:"));
        let digests = !rollups || report.mended.len() > 1;
        let (zh, en) = match (digests, rollups) {
            (true, true) => ("户摘要和网格汇总", "the household digests and grid rollups"),
            (false, true) => ("网格汇总", "the grid rollups"),
            _ => ("户摘要", "the household digests"),
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

//! `gridbook export KIND --format csv|xlsx -o FILE`: households, residents, visits, disputes,
//! follow-ups or captains, filtered by grid and by date, over the caller's scope (the sheet is
//! built by the server, `client::tables`). Residents come out in the roster's own columns, so
//! an export imports back unchanged.

use crate::cli::out::outln;

use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail};
use chrono::NaiveDate;

pub use crate::client::tables::ExportKind;
use crate::client::tables::TableRequest;
use crate::i18n::Lang;
use crate::io::sheet::FileFormat;
use crate::model::time::{day_of, Day};
use crate::tr;

#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    #[arg(value_enum)]
    pub kind: ExportKind,
    #[arg(long, value_enum, value_name = "csv|xlsx")]
    pub format: FileFormat,
    /// The file to write.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: PathBuf,
    /// Only this grid (and the grids below it).
    #[arg(long, value_name = "NAME")]
    pub grid: Option<String>,
    /// From this day on: visits by their day, disputes by report, follow-ups by due day.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub from: Option<String>,
    /// Up to and including this day.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub to: Option<String>,
}

fn day_arg(text: &Option<String>, flag: &str, lang: Lang) -> anyhow::Result<Option<Day>> {
    match text {
        None => Ok(None),
        Some(t) => NaiveDate::parse_from_str(t.trim(), "%Y-%m-%d")
            .map(|d| Some(day_of(d)))
            .map_err(|_| {
                anyhow!(tr!(
                    lang,
                    "{flag} 的日期“{t}”不是日期；请写成 2026-11-01",
                    "the {flag} day “{t}” is not a date; write it as 2026-11-01"
                ))
            }),
    }
}

pub fn run(dir: &Path, args: &ExportArgs, lang: Lang) -> anyhow::Result<()> {
    let from = day_arg(&args.from, "--from", lang)?.unwrap_or(Day::MIN);
    let to = day_arg(&args.to, "--to", lang)?.unwrap_or(Day::MAX);
    if from > to {
        bail!(tr!(
            lang,
            "--from 晚于 --to；请先写较早的日期",
            "--from is after --to; give the earlier day first"
        ));
    }
    // A file named .xlsx holding CSV (or the other way round) opens as garbage.
    if let Some(named) = FileFormat::of_path(&args.output) {
        if named != args.format {
            let (file, asked, named) = (
                args.output.display(),
                args.format.extension(),
                named.extension(),
            );
            bail!(tr!(
                lang,
                "文件名“{file}”以 .{named} 结尾，而 --format 是 {asked}；请让两者一致",
                "the file name “{file}” ends in .{named} but --format is {asked}; make them agree"
            ));
        }
    }
    let backend = crate::client::open(dir)?;
    let req = TableRequest::Export {
        kind: args.kind,
        grid: args.grid.clone(),
        from,
        to,
    };
    let sheet = crate::client::tables::fetch(backend.as_ref(), &req)?;
    sheet.write(&args.output, args.format)?;
    let (n, file) = (sheet.rows.len(), args.output.display());
    let rows = crate::i18n::count(n, "row", "rows");
    outln!(
        "{}",
        tr!(lang, "已写入 {n} 行到 {file}", "wrote {rows} to {file}")
    );
    Ok(())
}

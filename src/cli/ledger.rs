//! `gridbook ledger visits|disputes|daily|wishes|party --month YYYY-MM -o FILE.xlsx|.csv`: the month's ledgers
//! (and `ledger campaign|checks --campaign NAME [--day DAY]`, a campaign's daily report and its checks)
//! (台账) as the street office lays them out, each with a title row and Chinese headers, over
//! the caller's scope (the sheet is built by the server, `client::tables`).

use crate::cli::out::outln;

use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail};

pub use crate::client::tables::LedgerKind;
use crate::client::tables::TableRequest;
use crate::i18n::Lang;
use crate::io::sheet::FileFormat;
use crate::store::reports::Month;
use crate::tr;

#[derive(Debug, clap::Args)]
pub struct LedgerArgs {
    #[arg(value_enum)]
    pub kind: LedgerKind,
    /// The month, such as 2026-11 (for every ledger but a campaign's).
    #[arg(long, value_name = "YYYY-MM")]
    pub month: Option<String>,
    /// The campaign, by name, for `campaign` and `checks`; the one under way when left out.
    #[arg(long, value_name = "NAME")]
    pub campaign: Option<String>,
    /// The day of the daily report (`campaign`), such as 2026-11-26; today when left out.
    #[arg(long, value_name = "DAY")]
    pub day: Option<String>,
    /// The file to write: XLSX (with the title row) or CSV, as its name ends.
    #[arg(short = 'o', long = "output", value_name = "FILE.xlsx|FILE.csv")]
    pub output: PathBuf,
}

pub fn run(dir: &Path, args: &LedgerArgs, lang: Lang) -> anyhow::Result<()> {
    let file = args.output.display();
    let format = FileFormat::of_path(&args.output).ok_or_else(|| {
        anyhow!(tr!(
            lang,
            "台账只能写成 XLSX 或 CSV；请把文件名“{file}”的结尾改为 .xlsx 或 .csv",
            "a ledger is written as XLSX or CSV; end the file name “{file}” in .xlsx or .csv"
        ))
    })?;
    let backend = crate::client::open(dir)?;
    let req = match args.kind {
        LedgerKind::Campaign | LedgerKind::Checks => {
            let today = crate::cli::campaign::today(args.day.as_deref(), lang)?;
            let line = crate::cli::campaign::named(
                backend.as_ref(),
                args.campaign.as_deref(),
                today,
                lang,
            )?;
            // An ended campaign's report is of its last day unless a day is given.
            let day = match (&args.day, &line.campaign.ended) {
                (None, Some((ended, _))) => *ended,
                _ => today,
            };
            TableRequest::Campaign {
                kind: args.kind,
                campaign: line.campaign.id,
                day,
            }
        }
        kind => {
            let Some(text) = args.month.as_deref() else {
                bail!(tr!(
                    lang,
                    "请用 --month 指明月份，例如 --month 2026-11",
                    "name the month with --month, such as --month 2026-11"
                ));
            };
            let month = Month::parse(text).ok_or_else(|| {
                let m = crate::model::shown::quote(text);
                anyhow!(tr!(
                    lang,
                    "“{m}”不是月份；请写成 2026-11",
                    "“{m}” is not a month; write it as 2026-11"
                ))
            })?;
            TableRequest::Ledger { kind, month }
        }
    };
    let sheet = crate::client::tables::fetch(backend.as_ref(), &req)?;
    sheet.write(&args.output, format)?;
    let (title, n) = (sheet.title.as_deref().unwrap_or(""), sheet.rows.len());
    let rows = crate::i18n::count(n, "row", "rows");
    outln!(
        "{}",
        tr!(
            lang,
            "已把{title}（{n} 行）写入 {file}",
            "wrote {title}, {rows}, to {file}"
        )
    );
    Ok(())
}

//! `gridbook ledger visits|disputes|daily --month YYYY-MM -o FILE.xlsx`: the month's ledgers
//! (台账) as the street office lays them out, each with a title row and Chinese headers, over
//! the caller's scope (the sheet is built by the server, `client::tables`).

use std::path::{Path, PathBuf};

use anyhow::anyhow;

pub use crate::client::tables::LedgerKind;
use crate::client::tables::TableRequest;
use crate::i18n::Lang;
use crate::store::reports::Month;
use crate::tr;

#[derive(Debug, clap::Args)]
pub struct LedgerArgs {
    #[arg(value_enum)]
    pub kind: LedgerKind,
    /// The month, such as 2026-11.
    #[arg(long, value_name = "YYYY-MM")]
    pub month: String,
    /// The XLSX file to write.
    #[arg(short = 'o', long = "output", value_name = "FILE.xlsx")]
    pub output: PathBuf,
}

pub fn run(dir: &Path, args: &LedgerArgs, lang: Lang) -> anyhow::Result<()> {
    let month = Month::parse(&args.month).ok_or_else(|| {
        let m = &args.month;
        anyhow!(tr!(
            lang,
            "“{m}”不是月份；请写成 2026-11",
            "“{m}” is not a month; write it as 2026-11"
        ))
    })?;
    let backend = crate::client::open(dir)?;
    let req = TableRequest::Ledger {
        kind: args.kind,
        month,
    };
    let sheet = crate::client::tables::fetch(backend.as_ref(), &req)?;
    sheet.write_xlsx(&args.output)?;
    let (title, n, file) = (
        sheet.title.as_deref().unwrap_or(""),
        sheet.rows.len(),
        args.output.display(),
    );
    println!(
        "{}",
        tr!(
            lang,
            "已把{title}（{n} 行）写入 {file}",
            "wrote {title}, {n} rows, to {file}"
        )
    );
    Ok(())
}

//! `gridbook ledger visits|disputes|daily|wishes|party --month YYYY-MM -o FILE.xlsx|.csv`: the month's ledgers
//! (台账) as the street office lays them out, each with a title row and Chinese headers, over
//! the caller's scope (the sheet is built by the server, `client::tables`).

use crate::cli::out::outln;

use std::path::{Path, PathBuf};

use anyhow::anyhow;

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
    /// The month, such as 2026-11.
    #[arg(long, value_name = "YYYY-MM")]
    pub month: String,
    /// The file to write: XLSX (with the title row) or CSV, as its name ends.
    #[arg(short = 'o', long = "output", value_name = "FILE.xlsx|FILE.csv")]
    pub output: PathBuf,
}

pub fn run(dir: &Path, args: &LedgerArgs, lang: Lang) -> anyhow::Result<()> {
    let month = Month::parse(&args.month).ok_or_else(|| {
        let m = crate::model::shown::quote(&args.month);
        anyhow!(tr!(
            lang,
            "“{m}”不是月份；请写成 2026-11",
            "“{m}” is not a month; write it as 2026-11"
        ))
    })?;
    let file = args.output.display();
    let format = FileFormat::of_path(&args.output).ok_or_else(|| {
        anyhow!(tr!(
            lang,
            "台账只能写成 XLSX 或 CSV；请把文件名“{file}”的结尾改为 .xlsx 或 .csv",
            "a ledger is written as XLSX or CSV; end the file name “{file}” in .xlsx or .csv"
        ))
    })?;
    let backend = crate::client::open(dir)?;
    let req = TableRequest::Ledger {
        kind: args.kind,
        month,
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

//! `gridbook ledger visits|disputes|daily --month YYYY-MM -o FILE.xlsx`: the month's ledgers
//! (台账) as the street office lays them out, each with a title row and Chinese headers.

use std::path::{Path, PathBuf};

use anyhow::anyhow;

use crate::i18n::Lang;
use crate::io::sheet::{Sheet, Value};
use crate::io::values::ymd;
use crate::model::time::{date_of, format_local, local_day};
use crate::store::reports::{self, Month};
use crate::store::{OpenOptions, Store};
use crate::tr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LedgerKind {
    /// 走访台账: one row a home visit.
    Visits,
    /// 矛盾纠纷排查调处台账: one row a case.
    Disputes,
    /// 民情日志: one row a day, with each issue still open.
    Daily,
}

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
    let backend = crate::client::connect(dir, OpenOptions::default())?;
    let sheet = ledger(backend.store(), args.kind, month)?;
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

/// The communities the store holds, for the title: one name, or the names joined.
fn communities(store: &Store) -> anyhow::Result<String> {
    let mut names: Vec<String> = store
        .all::<crate::model::Community>()
        .map(|c| c.map(|c| c.name))
        .collect::<Result<_, _>>()?;
    names.sort();
    Ok(names.join("、"))
}

fn t(s: &str) -> Value {
    Value::Text(s.to_string())
}

/// Builds one ledger as a sheet.
pub fn ledger(store: &Store, kind: LedgerKind, month: Month) -> anyhow::Result<Sheet> {
    let zh = Lang::Zh;
    let place = communities(store)?;
    let sheet = match kind {
        LedgerKind::Visits => {
            let mut s = Sheet::new(
                "走访台账",
                &[
                    "序号",
                    "走访日期",
                    "地址",
                    "户主",
                    "走访目的",
                    "走访结果",
                    "发现问题",
                    "后续跟进",
                    "走访人",
                ],
            );
            for (n, e) in reports::visits_between(store, month.first, month.last)?
                .iter()
                .enumerate()
            {
                s.push(vec![
                    (n as u64 + 1).into(),
                    format_local(e.at).into(),
                    t(&e.address),
                    t(&e.head),
                    t(zh.purpose(e.visit.purpose)),
                    t(zh.outcome(e.visit.outcome)),
                    t(&e.visit.findings),
                    e.followups.join("；").into(),
                    t(&e.visit.staff),
                ]);
            }
            s.title = Some(format!("{place}走访台账（{}）", month.label()));
            s
        }
        LedgerKind::Disputes => {
            let mut s = Sheet::new(
                "矛盾纠纷排查调处台账",
                &[
                    "案件编号",
                    "登记日期",
                    "事由",
                    "地点",
                    "当事人",
                    "纠纷类别",
                    "化解时限",
                    "调处方式及过程",
                    "调解人",
                    "状态",
                    "调处结果",
                ],
            );
            for e in reports::disputes_in(store, month)? {
                let d = &e.dispute;
                let outcome = match (d.outcome, e.closed_at) {
                    (Some(o), Some(at)) => format!(
                        "{}（{}结案）",
                        zh.dispute_outcome(o),
                        ymd(date_of(local_day(at)))
                    ),
                    (Some(o), None) => zh.dispute_outcome(o).to_string(),
                    (None, _) => String::new(),
                };
                s.push(vec![
                    d.id.into(),
                    ymd(date_of(local_day(d.reported_at))).into(),
                    t(&d.title),
                    t(&d.place),
                    e.parties.join("、").into(),
                    t(zh.category(d.category)),
                    ymd(date_of(d.deadline)).into(),
                    t(&e.method),
                    t(&d.mediator),
                    t(zh.dispute_status(d.status)),
                    outcome.into(),
                ]);
            }
            s.title = Some(format!("{place}矛盾纠纷排查调处台账（{}）", month.label()));
            s
        }
        LedgerKind::Daily => {
            let mut s = Sheet::new(
                "民情日志",
                &[
                    "日期",
                    "走访户次",
                    "发现问题",
                    "解决问题",
                    "未解决事项",
                    "地址",
                    "期限",
                    "责任人",
                ],
            );
            for day in reports::daily_log(store, month)? {
                let counts = |first: bool| -> Vec<Value> {
                    if first {
                        vec![
                            ymd(day.day).into(),
                            day.visits.into(),
                            day.found.into(),
                            day.resolved.into(),
                        ]
                    } else {
                        vec![ymd(day.day).into(), t(""), t(""), t("")]
                    }
                };
                if day.unresolved.is_empty() {
                    let mut row = counts(true);
                    row.extend([t(""), t(""), t(""), t("")]);
                    s.push(row);
                }
                for (i, u) in day.unresolved.iter().enumerate() {
                    let mut row = counts(i == 0);
                    row.extend([
                        t(&u.what),
                        t(&u.address),
                        ymd(u.deadline).into(),
                        t(&u.owner),
                    ]);
                    s.push(row);
                }
            }
            s.title = Some(format!("{place}民情日志（{}）", month.label()));
            s
        }
    };
    Ok(sheet)
}

//! `gridbook report coverage|care|overdue|disputes|roster|wishes`: the figures the street office asks for,
//! as a table, CSV or JSON, over the caller's scope. Figures come from `store::reports`,
//! shared with the TUI, computed by the server.

use crate::cli::out::{out, outln};

use std::path::Path;

use anyhow::anyhow;
use chrono::NaiveDate;

use crate::client::tables::{Gathered, TableRequest};
use crate::i18n::Lang;
use crate::io::sheet::{Sheet, Value};
use crate::io::values::{care_tag_zh, ymd};
use crate::model::time::{day_of, local_day};
use crate::store::reports::{FigureKind, Figures, Month};
use crate::tr;

use super::followups::pad;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportKind {
    /// Share of households visited in the last 30 days, per grid and per building captain.
    #[value(aliases = ["覆盖率", "走访覆盖"])]
    Coverage,
    /// Care-tagged households met within their visit interval.
    #[value(aliases = ["关爱", "重点人群"])]
    Care,
    /// Follow-ups past their due day.
    #[value(aliases = ["逾期", "逾期待办"])]
    Overdue,
    /// Disputes per month: opened, closed, resolved share, days to close.
    #[value(aliases = ["纠纷", "矛盾纠纷"])]
    Disputes,
    /// Households whose roster was not checked (人口信息核实) in the last N months.
    #[value(aliases = ["人口核实", "未核实"])]
    Roster,
    /// Small wishes (微心愿) per grid in a month: raised, claimed, done, overdue, satisfaction.
    #[value(aliases = ["微心愿", "心愿"])]
    Wishes,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    #[value(alias = "表格")]
    Table,
    Csv,
    Json,
}

#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    #[arg(value_enum)]
    pub kind: ReportKind,
    #[arg(long, value_enum, default_value = "table")]
    pub format: ReportFormat,
    /// For `roster`: months since the last roster check (default: the visit rules' number).
    #[arg(long, value_name = "N")]
    pub months: Option<u16>,
    /// For `wishes`: the month, such as 2026-11 (default: this month).
    #[arg(long, value_name = "YYYY-MM")]
    pub month: Option<String>,
    /// For `roster`: list at most this many households (the total still counts every one).
    #[arg(long, value_name = "N", default_value_t = 100)]
    pub limit: usize,
    /// For `roster`: list every household, however many.
    #[arg(long)]
    pub all: bool,
    /// The same as `--format json`.
    #[arg(long)]
    pub json: bool,
    /// Count from this day instead of today.
    #[arg(long, value_name = "YYYY-MM-DD", hide = true)]
    pub today: Option<String>,
}

fn percent(share: f64) -> String {
    format!("{:.1}%", share * 100.0)
}

pub fn run(dir: &Path, args: &ReportArgs, lang: Lang) -> anyhow::Result<()> {
    let day = |d: NaiveDate| match lang {
        Lang::Zh => lang.date(d),
        Lang::En => ymd(d),
    };
    let today = match &args.today {
        Some(text) => day_of(
            NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| {
                anyhow!(tr!(
                    lang,
                    "“{text}”不是日期；请写成 2026-11-25",
                    "“{text}” is not a day; write it as 2026-11-25"
                ))
            })?,
        ),
        None => local_day(crate::model::time::now()),
    };
    // A table is for the reader, in their language; CSV and JSON keep the office's Chinese
    // column names and values, as the ledgers do.
    let format = if args.json {
        ReportFormat::Json
    } else {
        args.format
    };
    let shown = if format == ReportFormat::Table {
        lang
    } else {
        Lang::Zh
    };
    let h = |zh: &'static str, en: &'static str| shown.pick(zh, en);
    let backend = crate::client::open(dir)?;
    let figure = |kind: FigureKind| backend.figures(kind, today);
    let (json, sheets) = match args.kind {
        ReportKind::Coverage => {
            let Figures::Coverage(c) = figure(FigureKind::Coverage)? else {
                anyhow::bail!("the server answered with another report; run the same version of gridbook on both sides");
            };
            let mut grids = Sheet::new(
                "网格走访覆盖",
                &[
                    h("社区", "community"),
                    h("网格", "grid"),
                    h("户数", "households"),
                    h("30天内走访户数", "visited in 30 days"),
                    h("覆盖率", "coverage"),
                ],
            );
            for r in &c.grids {
                grids.push(vec![
                    r.community.as_str().into(),
                    r.name.as_str().into(),
                    r.households.into(),
                    r.visited.into(),
                    percent(r.share).into(),
                ]);
            }
            let mut caps = Sheet::new(
                "楼长片区覆盖",
                &[
                    h("社区", "community"),
                    h("楼长", "captain"),
                    h("户数", "households"),
                    h("30天内走访户数", "visited in 30 days"),
                    h("覆盖率", "coverage"),
                ],
            );
            for r in &c.captains {
                let name = if r.name.is_empty() {
                    h("（未分配楼长）", "(no captain)")
                } else {
                    r.name.as_str()
                };
                caps.push(vec![
                    r.community.as_str().into(),
                    name.into(),
                    r.households.into(),
                    r.visited.into(),
                    percent(r.share).into(),
                ]);
            }
            let (visited, households, days) = (c.total.visited, c.total.households, c.days);
            let (to, share) = (day(c.today), percent(c.total.share));
            let total = tr!(
                lang,
                "截至 {to} 的 {days} 天内走访了 {households} 户中的 {visited} 户（{share}）",
                "{visited} of {households} households visited in the {days} days to {to} ({share})"
            );
            (
                serde_json::to_string(&c)?,
                vec![(grids, None), (caps, Some(total))],
            )
        }
        ReportKind::Care => {
            let Figures::Care(c) = figure(FigureKind::Care)? else {
                anyhow::bail!("the server answered with another report; run the same version of gridbook on both sides");
            };
            let mut s = Sheet::new(
                "重点人群走访",
                &[
                    h("重点人群", "care group"),
                    h("走访周期(天)", "interval (days)"),
                    h("户数", "households"),
                    h("按期见面户数", "met on time"),
                    h("按期率", "on-time share"),
                ],
            );
            for r in &c.tags {
                s.push(vec![
                    shown.pick(care_tag_zh(r.tag), lang.care_tag(r.tag)).into(),
                    u32::from(r.interval).into(),
                    r.households.into(),
                    r.on_time.into(),
                    percent(r.share).into(),
                ]);
            }
            let (on_time, households) = (c.on_time, c.households);
            let (on, share) = (day(c.today), percent(c.share));
            let total = tr!(
                lang,
                "截至 {on}，重点人群 {households} 户中有 {on_time} 户在周期内见过面（{share}）",
                "{on_time} of {households} care-group households met within their interval on {on} ({share})"
            );
            (serde_json::to_string(&c)?, vec![(s, Some(total))])
        }
        ReportKind::Overdue => {
            let mut got = Gathered::default();
            backend.table(&TableRequest::Overdue { today }, &mut |part| got.take(part))?;
            let rows = got.overdue;
            let mut s = Sheet::new(
                "逾期待办",
                &[
                    h("社区", "community"),
                    h("地址", "address"),
                    h("户主", "head"),
                    h("事项", "what"),
                    h("期限", "due"),
                    h("逾期天数", "days overdue"),
                    h("责任人", "owner"),
                ],
            );
            for r in &rows {
                s.push(vec![
                    r.community.as_str().into(),
                    r.address.as_str().into(),
                    r.head.as_str().into(),
                    r.title.as_str().into(),
                    ymd(r.due).into(),
                    Value::Number(f64::from(r.days_overdue)),
                    r.owner.as_str().into(),
                ]);
            }
            let on = day(crate::model::time::date_of(today));
            let total = match (rows.len(), lang) {
                (n, Lang::Zh) => format!("截至 {on}，有 {n} 项待办逾期"),
                (1, Lang::En) => format!("1 follow-up overdue on {on}"),
                (n, Lang::En) => format!("{n} follow-ups overdue on {on}"),
            };
            (serde_json::to_string(&rows)?, vec![(s, Some(total))])
        }
        ReportKind::Disputes => {
            let Figures::Disputes(rows) = figure(FigureKind::Disputes)? else {
                anyhow::bail!("the server answered with another report; run the same version of gridbook on both sides");
            };
            let mut s = Sheet::new(
                "矛盾纠纷月度统计",
                &[
                    h("月份", "month"),
                    h("新登记", "opened"),
                    h("结案", "closed"),
                    h("调解成功", "resolved"),
                    h("调解成功率", "resolved share"),
                    h("平均结案天数", "average days to close"),
                ],
            );
            for r in &rows {
                s.push(vec![
                    r.month.as_str().into(),
                    r.opened.into(),
                    r.closed.into(),
                    r.resolved.into(),
                    percent(r.resolved_share).into(),
                    // A month with nothing closed has no mean: a dash for people, an
                    // empty cell in a CSV file (and null in JSON).
                    match (r.average_days_to_close, format) {
                        (Some(d), _) => format!("{d:.1}").into(),
                        (None, ReportFormat::Table) => "—".into(),
                        (None, _) => "".into(),
                    },
                ]);
            }
            (serde_json::to_string(&rows)?, vec![(s, None)])
        }
        ReportKind::Roster => {
            let page = crate::client::Ask::call(
                backend.as_ref(),
                crate::api::reports::RosterPage {
                    today,
                    months: args.months,
                    limit: if args.all {
                        usize::MAX
                    } else {
                        args.limit.max(1)
                    },
                },
            )?;
            let rows = page.rows;
            let communities = backend.overview()?.communities;
            let community = |id| {
                communities
                    .iter()
                    .find(|c| c.id == id)
                    .map_or("", |c| c.name.as_str())
            };
            let mut s = Sheet::new(
                "人口信息未核实",
                &[
                    h("社区", "community"),
                    h("地址", "address"),
                    h("户主", "head"),
                    h("上次核实", "last checked"),
                ],
            );
            for r in &rows {
                s.push(vec![
                    community(r.community).into(),
                    r.address.to_string().into(),
                    r.head.as_str().into(),
                    r.last_checked
                        .map_or_else(
                            || h("从未", "never").to_string(),
                            |d| ymd(crate::model::time::date_of(d)),
                        )
                        .into(),
                ]);
            }
            let on = day(crate::model::time::date_of(today));
            let n = page.total;
            let households = crate::i18n::count(n, "household", "households");
            let total = match args.months {
                Some(m) => {
                    let months = crate::i18n::count(m, "month", "months");
                    tr!(
                        lang,
                        "截至 {on}，有 {n} 户 {m} 个月内没有核实人口信息",
                        "{households} without a roster check in the {months} to {on}"
                    )
                }
                None => tr!(
                    lang,
                    "截至 {on}，有 {n} 户在走访规则的期限内没有核实人口信息",
                    "{households} without a roster check within the visit rules' months to {on}"
                ),
            };
            // A street's or a city's list comes a page at a time: the total says so.
            let listed = rows.len();
            let total = if listed < n {
                let more = tr!(
                    lang,
                    "列出了其中 {listed} 户；要看全部请加 --all",
                    "{listed} of them listed; add --all for every one"
                );
                if format != ReportFormat::Table {
                    crate::cli::out::errln!("{more}");
                }
                format!("{total}\n{more}")
            } else {
                total
            };
            (serde_json::to_string(&rows)?, vec![(s, Some(total))])
        }
        ReportKind::Wishes => {
            let this = crate::model::time::date_of(today)
                .format("%Y-%m")
                .to_string();
            let text = args.month.as_deref().unwrap_or(&this);
            let month = Month::parse(text).ok_or_else(|| {
                let m = crate::model::shown::quote(text);
                anyhow!(tr!(
                    lang,
                    "“{m}”不是月份；请写成 2026-11",
                    "“{m}” is not a month; write it as 2026-11"
                ))
            })?;
            let r = crate::client::Ask::call(
                backend.as_ref(),
                crate::api::reports::WishReport { month, today },
            )?;
            let mean = |m: Option<f64>| match (m, format) {
                (Some(m), _) => format!("{m:.1}"),
                (None, ReportFormat::Table) => "—".into(),
                (None, _) => String::new(),
            };
            let mut s = Sheet::new(
                "微心愿月度统计",
                &[
                    h("社区", "community"),
                    h("网格", "grid"),
                    h("新增", "raised"),
                    h("认领/派单", "claimed"),
                    h("已实现", "done"),
                    h("逾期", "overdue"),
                    h("回访", "reviewed"),
                    h("平均满意度", "mean satisfaction"),
                ],
            );
            for g in &r.grids {
                s.push(vec![
                    g.community.as_str().into(),
                    g.grid.as_str().into(),
                    g.raised.into(),
                    g.claimed.into(),
                    g.done.into(),
                    g.overdue.into(),
                    g.reviewed.into(),
                    mean(g.mean_satisfaction).into(),
                ]);
            }
            let f = &r.total;
            let (raised, claimed, done, overdue) = (f.raised, f.claimed, f.done, f.overdue);
            let (on, m) = (
                day(crate::model::time::date_of(r.as_at)),
                mean(f.mean_satisfaction),
            );
            let label = match lang {
                Lang::Zh => r.month.clone(),
                Lang::En => crate::model::time::date_of(month.first)
                    .format("%Y-%m")
                    .to_string(),
            };
            let total = tr!(
                lang,
                "{label}：新增心愿 {raised} 个，认领或派单 {claimed} 个，实现 {done} 个；截至 {on} 逾期 {overdue} 个；平均满意度 {m}",
                "{label}: {raised} raised, {claimed} claimed or dispatched, {done} fulfilled; {overdue} overdue on {on}; mean satisfaction {m}"
            );
            // Days as 2026-11-30 and the month as 2026-11, as every --json writes them.
            #[derive(serde::Serialize)]
            struct WishReportJson<'a> {
                month: String,
                as_at: String,
                grids: &'a [crate::store::wish_reports::WishFigures],
                total: &'a crate::store::wish_reports::WishFigures,
            }
            let json = WishReportJson {
                month: crate::model::time::date_of(month.first)
                    .format("%Y-%m")
                    .to_string(),
                as_at: crate::model::time::day_text(r.as_at),
                grids: &r.grids,
                total: &r.total,
            };
            (serde_json::to_string(&json)?, vec![(s, Some(total))])
        }
    };
    match format {
        ReportFormat::Json => crate::cli::out::json_line(&json),
        ReportFormat::Csv => {
            for (s, _) in &sheets {
                let bytes = s.csv_bytes();
                // One BOM at the very start is enough; later tables follow a blank line.
                out!(
                    "{}",
                    String::from_utf8_lossy(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes))
                );
            }
        }
        ReportFormat::Table => {
            for (i, (s, total)) in sheets.iter().enumerate() {
                if i > 0 {
                    outln!();
                }
                print_table(s, lang);
                if let Some(t) = total {
                    outln!("{t}");
                }
            }
        }
    }
    Ok(())
}

/// A sheet as an aligned table for people: text left, numbers right.
pub fn print_table(s: &Sheet, lang: Lang) {
    let widths: Vec<usize> = (0..s.headers.len())
        .map(|c| {
            std::iter::once(unicode_width::UnicodeWidthStr::width(s.headers[c].as_str()))
                .chain(
                    s.rows
                        .iter()
                        .filter_map(|r| r.get(c))
                        .map(|v| unicode_width::UnicodeWidthStr::width(v.text().as_str())),
                )
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |cells: Vec<(String, bool)>| {
        let parts: Vec<String> = cells
            .iter()
            .zip(&widths)
            .map(|((t, right), w)| {
                if *right {
                    let pad_n = w.saturating_sub(unicode_width::UnicodeWidthStr::width(t.as_str()));
                    format!("{}{t}", " ".repeat(pad_n))
                } else {
                    pad(t, *w)
                }
            })
            .collect();
        outln!("{}", parts.join("  ").trim_end());
    };
    line(s.headers.iter().map(|h| (h.clone(), false)).collect());
    for r in &s.rows {
        line(
            r.iter()
                .map(|v| {
                    let t = v.text();
                    // "—" stands for a number there is none of, in a column of numbers.
                    let right = matches!(v, Value::Number(_))
                        || t.trim_end_matches('%').parse::<f64>().is_ok()
                        || t == "—";
                    (t, right)
                })
                .collect(),
        );
    }
    if s.rows.is_empty() {
        outln!("{}", lang.pick("（无）", "(none)"));
    }
}

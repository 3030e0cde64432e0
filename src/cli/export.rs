//! `gridbook export KIND --format csv|xlsx -o FILE`: households, residents, visits, disputes,
//! follow-ups or captains, filtered by grid and by date. Residents come out in the roster's
//! own columns, so an export imports back unchanged.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail};
use chrono::NaiveDate;

use crate::i18n::Lang;
use crate::io::columns::Column;
use crate::io::sheet::{FileFormat, Sheet, Value};
use crate::io::template::COLUMNS;
use crate::io::values::{party_zh, relation_zh, residence_zh, sex_zh, tags_zh, ymd};
use crate::model::time::{date_of, day_of, format_local, local_day, Day};
use crate::model::{
    BuildingCaptain, Dispute, FollowUp, FollowUpSource, Household, Id, Party, Resident, Street,
    Visit,
};
use crate::store::reports::Directory;
use crate::store::{OpenOptions, Store};
use crate::tr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportKind {
    Households,
    Residents,
    Visits,
    Disputes,
    Followups,
    Captains,
}

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
    let backend = crate::client::connect(dir, OpenOptions::default())?;
    let store = backend.store();
    let d = Directory::load(store)?;
    let grids: Option<Vec<Id>> = match &args.grid {
        Some(name) => Some(d.grid_and_below(name).ok_or_else(|| {
            let mut names: Vec<&str> = d.grids.values().map(|g| g.name.as_str()).collect();
            names.sort();
            names.dedup();
            let names = names.join(lang.pick("、", ", "));
            anyhow!(tr!(
                lang,
                "没有叫{name}的网格；请用{names}中的一个",
                "there is no grid called {name}; use one of {names}"
            ))
        })?),
        None => None,
    };
    let in_grid = |g: Id| grids.as_ref().is_none_or(|gs| gs.contains(&g));
    let household_in = |h: Id| d.households.get(&h).is_some_and(|h| in_grid(h.grid));
    let sheet = match args.kind {
        ExportKind::Households => households(store, &d, &in_grid)?,
        ExportKind::Residents => residents(store, &d, &in_grid)?,
        ExportKind::Visits => visits(store, &d, &household_in, from, to)?,
        ExportKind::Disputes => disputes(store, &d, &in_grid, from, to)?,
        ExportKind::Followups => followups(store, &d, &household_in, from, to)?,
        ExportKind::Captains => captains(store, &d, &in_grid)?,
    };
    sheet.write(&args.output, args.format)?;
    let (n, file) = (sheet.rows.len(), args.output.display());
    println!(
        "{}",
        tr!(lang, "已写入 {n} 行到 {file}", "wrote {n} rows to {file}")
    );
    Ok(())
}

fn t(s: &str) -> Value {
    Value::Text(s.to_string())
}

fn sorted_households<'a>(d: &'a Directory, in_grid: &dyn Fn(Id) -> bool) -> Vec<&'a Household> {
    let mut hs: Vec<&Household> = d.households.values().filter(|h| in_grid(h.grid)).collect();
    hs.sort_by_key(|h| (d.community(h.community).to_string(), h.address, h.id));
    hs
}

fn households(store: &Store, d: &Directory, in_grid: &dyn Fn(Id) -> bool) -> anyhow::Result<Sheet> {
    let captains: HashMap<Id, String> = store
        .all::<BuildingCaptain>()
        .map(|c| c.map(|c| (c.id, c.name)))
        .collect::<Result<_, _>>()?;
    let mut s = Sheet::new(
        "户",
        &[
            "社区",
            "网格",
            "楼栋",
            "单元",
            "房号",
            "地址",
            "户主",
            "人数",
            "联系电话",
            "重点人群",
            "楼长",
            "最近走访",
        ],
    );
    for h in sorted_households(d, in_grid) {
        let row = store.household_row(h)?;
        s.push(vec![
            t(d.community(h.community)),
            t(d.grid(h.grid)),
            h.address.building.into(),
            u32::from(h.address.entrance).into(),
            u32::from(h.address.room).into(),
            h.address.to_string().into(),
            t(d.head(h.id)),
            row.size.into(),
            t(&h.phone),
            tags_zh(&h.care_tags).into(),
            t(h.captain
                .and_then(|c| captains.get(&c))
                .map_or("", String::as_str)),
            row.last_visit
                .map(|at| ymd(date_of(local_day(at))))
                .unwrap_or_default()
                .into(),
        ]);
    }
    Ok(s)
}

/// Residents in the roster's columns (the import template's), one row a person, the head first.
fn residents(store: &Store, d: &Directory, in_grid: &dyn Fn(Id) -> bool) -> anyhow::Result<Sheet> {
    let streets: HashMap<Id, String> = store
        .all::<Street>()
        .map(|s| s.map(|s| (s.id, s.name)))
        .collect::<Result<_, _>>()?;
    let headers: Vec<&str> = COLUMNS.iter().map(|c| c.zh()).collect();
    let mut s = Sheet::new("居民", &headers);
    for h in sorted_households(d, in_grid) {
        let mut people: Vec<Resident> = Vec::new();
        for id in store.index_ids(
            crate::store::TreeId::ResidentsByHousehold,
            &crate::store::keys::id(h.id),
        ) {
            if let Some(r) = store.get_id::<Resident>(id?)? {
                people.push(r);
            }
        }
        people.sort_by_key(|r| (Some(r.id) != h.head, r.id));
        let community = d.communities.get(&h.community);
        for r in people {
            let row = COLUMNS
                .iter()
                .map(|c| match c {
                    Column::Street => t(community
                        .and_then(|c| streets.get(&c.street))
                        .map_or("", String::as_str)),
                    Column::Community => t(d.community(h.community)),
                    Column::Grid => t(d.grid(h.grid)),
                    Column::Building => h.address.building.into(),
                    Column::Entrance => u32::from(h.address.entrance).into(),
                    Column::Room => u32::from(h.address.room).into(),
                    Column::Address => h.address.to_string().into(),
                    Column::Name => t(&r.name),
                    Column::Relation => t(relation_zh(r.relation)),
                    Column::Sex => t(sex_zh(r.sex)),
                    Column::Birth => ymd(date_of(r.birth)).into(),
                    Column::IdNumber => t(&r.id_number),
                    Column::Phone => t(&r.phone),
                    Column::Residence => t(residence_zh(r.residence)),
                    Column::Tags => tags_zh(&r.care_tags).into(),
                    Column::Party => t(party_zh(r.party_member)),
                })
                .collect();
            s.push(row);
        }
    }
    Ok(s)
}

fn visits(
    store: &Store,
    d: &Directory,
    household_in: &dyn Fn(Id) -> bool,
    from: Day,
    to: Day,
) -> anyhow::Result<Sheet> {
    let zh = Lang::Zh;
    let mut s = Sheet::new(
        "走访",
        &[
            "走访时间",
            "社区",
            "网格",
            "地址",
            "户主",
            "走访目的",
            "走访结果",
            "发现情况",
            "走访人",
        ],
    );
    let rows = kept(store, |v: &Visit| {
        let day = local_day(v.at);
        (day >= from && day <= to && household_in(v.household)).then_some((v.at, v.id))
    })?;
    for v in rows {
        let h = d.households.get(&v.household);
        s.push(vec![
            format_local(v.at).into(),
            t(h.map_or("", |h| d.community(h.community))),
            t(h.map_or("", |h| d.grid(h.grid))),
            d.address(v.household).into(),
            t(d.head(v.household)),
            t(zh.purpose(v.purpose)),
            t(zh.outcome(v.outcome)),
            t(&v.findings),
            t(&v.staff),
        ]);
    }
    Ok(s)
}

/// Parties by name, joined for a cell.
pub fn party_names(store: &Store, parties: &[Party]) -> anyhow::Result<String> {
    let mut names = Vec::new();
    for p in parties {
        names.push(match p {
            Party::Resident(r) => store
                .get_id::<Resident>(*r)?
                .map(|r| r.name)
                .unwrap_or_default(),
            Party::Outsider { name, .. } => name.clone(),
        });
    }
    Ok(names.join("、"))
}

fn disputes(
    store: &Store,
    d: &Directory,
    in_grid: &dyn Fn(Id) -> bool,
    from: Day,
    to: Day,
) -> anyhow::Result<Sheet> {
    let zh = Lang::Zh;
    let mut s = Sheet::new(
        "纠纷",
        &[
            "编号",
            "登记日期",
            "社区",
            "网格",
            "事由",
            "类别",
            "地点",
            "当事人",
            "严重程度",
            "化解时限",
            "调解人",
            "状态",
            "结果",
        ],
    );
    let rows = kept(store, |x: &Dispute| {
        let day = local_day(x.reported_at);
        (day >= from && day <= to && in_grid(x.grid)).then_some((x.reported_at, x.id))
    })?;
    for x in rows {
        s.push(vec![
            x.id.into(),
            ymd(date_of(local_day(x.reported_at))).into(),
            t(d.community(x.community)),
            t(d.grid(x.grid)),
            t(&x.title),
            t(zh.category(x.category)),
            t(&x.place),
            party_names(store, &x.parties)?.into(),
            t(zh.severity(x.severity)),
            ymd(date_of(x.deadline)).into(),
            t(&x.mediator),
            t(zh.dispute_status(x.status)),
            t(x.outcome.map_or("", |o| zh.dispute_outcome(o))),
        ]);
    }
    Ok(s)
}

fn followups(
    store: &Store,
    d: &Directory,
    household_in: &dyn Fn(Id) -> bool,
    from: Day,
    to: Day,
) -> anyhow::Result<Sheet> {
    let today = local_day(crate::model::time::now());
    let mut s = Sheet::new(
        "待办",
        &[
            "编号",
            "社区",
            "地址",
            "户主",
            "事项",
            "来源",
            "期限",
            "责任人",
            "状态",
            "办结日期",
            "办结情况",
        ],
    );
    let rows = kept(store, |f: &FollowUp| {
        (f.due >= from && f.due <= to && household_in(f.household)).then_some((f.due as i64, f.id))
    })?;
    for f in rows {
        let h = d.households.get(&f.household);
        let source = match f.source {
            FollowUpSource::Visit(_) => "走访",
            FollowUpSource::Dispute(_) => "纠纷",
            FollowUpSource::Manual => "登记",
            FollowUpSource::KnockAgain(_) => "再次上门",
        };
        let status = match (&f.done, f.is_overdue(today)) {
            (Some(_), _) => "已办结",
            (None, true) => "逾期",
            (None, false) => "未办结",
        };
        s.push(vec![
            f.id.into(),
            t(h.map_or("", |h| d.community(h.community))),
            d.address(f.household).into(),
            t(d.head(f.household)),
            t(&f.title),
            t(source),
            ymd(date_of(f.due)).into(),
            t(&f.owner),
            t(status),
            f.done
                .as_ref()
                .map(|x| ymd(date_of(local_day(x.at))))
                .unwrap_or_default()
                .into(),
            f.done
                .as_ref()
                .map(|x| x.note.clone())
                .unwrap_or_default()
                .into(),
        ]);
    }
    Ok(s)
}

fn captains(store: &Store, d: &Directory, in_grid: &dyn Fn(Id) -> bool) -> anyhow::Result<Sheet> {
    let today = local_day(crate::model::time::now());
    let mut s = Sheet::new(
        "楼长",
        &[
            "姓名",
            "联系电话",
            "社区",
            "网格",
            "户数",
            "本月走访户次",
            "30天未走访户数",
        ],
    );
    for r in store.captain_rows(today, &|_, g| in_grid(g))? {
        let c = &r.captain;
        s.push(vec![
            t(&c.name),
            t(&c.phone),
            t(d.community(c.community)),
            t(d.grid(c.grid)),
            r.households.into(),
            r.visits_this_month.into(),
            r.unvisited_30.into(),
        ]);
    }
    Ok(s)
}

/// Every record of a kind that `key` keeps (by returning its sort key), in that order.
fn kept<E: crate::store::Entity>(
    store: &crate::store::Store,
    key: impl Fn(&E) -> Option<(i64, u64)>,
) -> anyhow::Result<Vec<E>> {
    let mut rows: Vec<((i64, u64), E)> = Vec::new();
    for e in store.all::<E>() {
        let e = e?;
        if let Some(k) = key(&e) {
            rows.push((k, e));
        }
    }
    rows.sort_by_key(|(k, _)| *k);
    Ok(rows.into_iter().map(|(_, e)| e).collect())
}

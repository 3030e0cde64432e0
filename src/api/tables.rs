//! Exports, ledgers and the overdue list as sheets, built from the store over one caller's
//! scope: what the `Table` operation answers, handed over a part at a time so that no reply has to
//! hold a whole city.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::{BackendError, Result};
use crate::io::columns::Column;
use crate::io::sheet::{Sheet, Value};
use crate::io::template::COLUMNS;
use crate::io::values::{party_zh, relation_zh, residence_zh, sex_zh, tags_zh, ymd};
use crate::io::Problems;
use crate::model::naming;
use crate::model::scope::Scope;
use crate::model::time::{date_of, format_local, local_day, Day};
use crate::model::{
    BuildingCaptain, Community, Dispute, FollowUp, FollowUpSource, Grid, Household, Id, Party,
    Resident, Street, Visit,
};
use crate::store::reports::{self, Directory, Month, OverdueRow};
use crate::store::Store;
use crate::tui::i18n::Lang;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Serialize, Deserialize)]
pub enum ExportKind {
    #[value(alias = "住户")]
    Households,
    #[value(aliases = ["居民", "花名册"])]
    Residents,
    #[value(aliases = ["走访", "入户走访"])]
    Visits,
    #[value(aliases = ["纠纷", "矛盾纠纷"])]
    Disputes,
    #[value(aliases = ["待办", "需求"])]
    Followups,
    #[value(aliases = ["楼长", "楼栋长"])]
    Captains,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Serialize, Deserialize)]
pub enum LedgerKind {
    /// 走访台账: one row a home visit.
    #[value(aliases = ["走访", "走访台账"])]
    Visits,
    /// 矛盾纠纷排查调处台账: one row a case.
    #[value(aliases = ["纠纷", "矛盾纠纷", "纠纷台账"])]
    Disputes,
    /// 民情日志: one row a day, with each issue still open.
    #[value(aliases = ["民情日志", "日志"])]
    Daily,
    /// 议事协商台账: one row an agenda item.
    #[value(aliases = ["议事", "议事协商", "议事协商台账"])]
    Agenda,
    /// 双报到服务台账: one row a registrant, her posts and hours in the month.
    #[value(aliases = ["双报到", "双报到服务台账"])]
    Service,
    /// 微心愿台账: one row a wish raised in the month or still open when it began.
    #[value(aliases = ["微心愿", "心愿", "微心愿台账"])]
    Wishes,
    /// 党员联户台账: one row a household linked to a 中心户, with the month's contacts.
    #[value(aliases = ["党员联户", "联户", "党员联户台账"])]
    Party,
    /// 排查日报: a campaign's tally per grid at a day's end, the staff on duty, the exceptions.
    #[value(aliases = ["排查", "排查日报"])]
    Campaign,
    /// 排查记录: every attempt at every door of a campaign.
    #[value(aliases = ["排查记录", "入户排查"])]
    Checks,
}

/// What the `Table` operation is asked for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum TableRequest {
    /// Records of one kind, in a grid (and the grids below it) if one is named, between two
    /// days (visits by their day, disputes by report, follow-ups by due day).
    Export {
        kind: ExportKind,
        grid: Option<String>,
        from: Day,
        to: Day,
    },
    /// A month's ledger (台账).
    Ledger { kind: LedgerKind, month: Month },
    /// Open follow-ups past their due day on `today`, most overdue first.
    Overdue { today: Day },
    /// A campaign's ledger (`Campaign` or `Checks`), the daily report as at the end of `day`.
    Campaign {
        kind: LedgerKind,
        campaign: Id,
        day: Day,
    },
}

/// One piece of a long answer: a sheet's head then its rows, overdue rows, an import's
/// progress or its problems.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Part {
    Sheet {
        name: String,
        title: Option<String>,
        headers: Vec<String>,
    },
    Rows(Vec<Vec<Value>>),
    Overdue(Vec<OverdueRow>),
    /// (stage, done, total) of an import.
    Progress(String, u64, u64),
    Problems(Problems),
    /// The next bytes of a sealed backup (the `Backup` operation).
    Backup(Vec<u8>),
}

/// Rows at most in one part.
const PART_ROWS: usize = 1_000;
/// Bytes of text, roughly, at most in one part: far below the frame limit.
const PART_BYTES: usize = 1 << 20;

/// Hands `items` to `sink` in parts of at most `PART_ROWS` items and about `PART_BYTES`.
pub fn in_parts<T>(
    items: Vec<T>,
    size: impl Fn(&T) -> usize,
    wrap: impl Fn(Vec<T>) -> Part,
    sink: &mut dyn FnMut(Part),
) {
    let mut chunk = Vec::new();
    let mut bytes = 0;
    for item in items {
        bytes += size(&item) + 16;
        chunk.push(item);
        if chunk.len() >= PART_ROWS || bytes >= PART_BYTES {
            sink(wrap(std::mem::take(&mut chunk)));
            bytes = 0;
        }
    }
    if !chunk.is_empty() {
        sink(wrap(chunk));
    }
}

fn row_bytes(row: &[Value]) -> usize {
    row.iter()
        .map(|v| match v {
            Value::Text(t) => t.len() + 8,
            Value::Number(_) => 9,
        })
        .sum()
}

/// Answers a table request over `scope`, a part at a time.
pub fn answer(
    store: &Store,
    scope: &Scope,
    req: &TableRequest,
    sink: &mut dyn FnMut(Part),
) -> Result<()> {
    let sheet = match req {
        TableRequest::Export {
            kind,
            grid,
            from,
            to,
        } => export(store, scope, *kind, grid.as_deref(), *from, *to)?,
        TableRequest::Ledger { kind, month } => ledger(store, *kind, *month, scope)?,
        TableRequest::Campaign {
            kind,
            campaign,
            day,
        } => {
            let place = communities(store, scope)?;
            match kind {
                LedgerKind::Checks => {
                    super::campaign_ledgers::checks(store, *campaign, scope, &place)?
                }
                _ => super::campaign_ledgers::daily(store, *campaign, *day, scope, &place)?,
            }
        }
        TableRequest::Overdue { today } => {
            let rows = reports::overdue_in(store, *today, scope)?;
            in_parts(
                rows,
                |r| r.title.len() + r.head.len() + r.community.len() + 64,
                Part::Overdue,
                sink,
            );
            return Ok(());
        }
    };
    sink(Part::Sheet {
        name: sheet.name,
        title: sheet.title,
        headers: sheet.headers,
    });
    in_parts(sheet.rows, |r| row_bytes(r), Part::Rows, sink);
    Ok(())
}

/// Gathers a table's parts back into a sheet (and any overdue rows).
#[derive(Default)]
pub struct Gathered {
    pub sheet: Sheet,
    pub overdue: Vec<OverdueRow>,
}

impl Gathered {
    pub fn take(&mut self, part: Part) {
        match part {
            Part::Sheet {
                name,
                title,
                headers,
            } => {
                self.sheet.name = name;
                self.sheet.title = title;
                self.sheet.headers = headers;
            }
            Part::Rows(rows) => self.sheet.rows.extend(rows),
            Part::Overdue(rows) => self.overdue.extend(rows),
            Part::Progress(..) | Part::Problems(_) | Part::Backup(_) => {}
        }
    }
}

/// One export over a scope; a grid named outside the scope is refused.
pub fn export(
    store: &Store,
    scope: &Scope,
    kind: ExportKind,
    grid: Option<&str>,
    from: Day,
    to: Day,
) -> Result<Sheet> {
    let d = Directory::load_in(store, scope)?;
    let grids: Option<Vec<Id>> = match grid {
        Some(name) => {
            let communities: Vec<&Community> = d.communities.values().collect();
            let seen: Vec<&Grid> = d
                .grids
                .values()
                .filter(|g| scope.sees(g.community, g.id))
                .collect();
            let all: Vec<&Grid> = d.grids.values().collect();
            let quoted = crate::model::shown::quote(name.trim());
            let id = match naming::grid_named(name, &seen, &communities) {
                Ok(id) => id,
                Err(several) if !several.is_empty() => {
                    return Err(BackendError::Refused(format!(
                        "several grids are called {quoted}; name it with its community, one of: {}",
                        naming::choices(&several)
                    )))
                }
                Err(_) if naming::grid_named(name, &all, &communities).is_ok() => {
                    return Err(BackendError::OutOfScope(format!(
                        "the grid {quoted} is outside the grids you look after; ask a street admin if you need it"
                    )))
                }
                Err(_) => {
                    let mut names: Vec<&str> = seen.iter().map(|g| g.name.as_str()).collect();
                    names.sort();
                    names.dedup();
                    return Err(BackendError::Refused(format!(
                        "there is no grid called {quoted}; use one of {}",
                        names.join(", ")
                    )));
                }
            };
            Some(d.grid_and_below(id))
        }
        None => None,
    };
    let in_grid =
        |c: Id, g: Id| scope.sees(c, g) && grids.as_ref().is_none_or(|gs| gs.contains(&g));
    let in_grid_only = |g: Id| grids.as_ref().is_none_or(|gs| gs.contains(&g));
    // The directory holds only the scope's households.
    let household_in = |h: Id| d.households.get(&h).is_some_and(|h| in_grid_only(h.grid));
    Ok(match kind {
        ExportKind::Households => households(store, &d, &in_grid_only)?,
        ExportKind::Residents => residents(store, &d, &in_grid_only)?,
        ExportKind::Visits => visits(store, &d, &household_in, from, to)?,
        ExportKind::Disputes => disputes(store, &d, &in_grid, from, to)?,
        ExportKind::Followups => followups(store, &d, &household_in, from, to)?,
        ExportKind::Captains => captains(store, &d, &in_grid)?,
    })
}

fn t(s: &str) -> Value {
    Value::Text(s.to_string())
}

fn sorted_households<'a>(d: &'a Directory, in_grid: &dyn Fn(Id) -> bool) -> Vec<&'a Household> {
    let mut hs: Vec<&Household> = d.households.values().filter(|h| in_grid(h.grid)).collect();
    hs.sort_by_key(|h| (d.community(h.community).to_string(), h.address, h.id));
    hs
}

fn households(store: &Store, d: &Directory, in_grid: &dyn Fn(Id) -> bool) -> Result<Sheet> {
    let captains: HashMap<Id, String> = store
        .all::<BuildingCaptain>()
        .map(|c| c.map(|c| (c.id, c.name)))
        .collect::<std::result::Result<_, _>>()?;
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
fn residents(store: &Store, d: &Directory, in_grid: &dyn Fn(Id) -> bool) -> Result<Sheet> {
    let streets: HashMap<Id, String> = store
        .all::<Street>()
        .map(|s| s.map(|s| (s.id, s.name)))
        .collect::<std::result::Result<_, _>>()?;
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
) -> Result<Sheet> {
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
    // As in the visit ledger: a visit corrected in the span gives its row to the correction.
    let corrected: std::collections::HashSet<Id> = rows.iter().filter_map(|v| v.amends).collect();
    for v in rows.into_iter().filter(|v| !corrected.contains(&v.id)) {
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
fn party_names(store: &Store, parties: &[Party]) -> Result<String> {
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
    in_grid: &dyn Fn(Id, Id) -> bool,
    from: Day,
    to: Day,
) -> Result<Sheet> {
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
        (day >= from && day <= to && in_grid(x.community, x.grid)).then_some((x.reported_at, x.id))
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
) -> Result<Sheet> {
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

fn captains(store: &Store, d: &Directory, in_grid: &dyn Fn(Id, Id) -> bool) -> Result<Sheet> {
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
    for r in store.captain_rows(today, in_grid)? {
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
) -> Result<Vec<E>> {
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

/// The communities of a scope, for the title: one name, or the names joined.
fn communities(store: &Store, scope: &Scope) -> Result<String> {
    let grids: Vec<crate::model::Grid> = store
        .all::<crate::model::Grid>()
        .collect::<std::result::Result<_, _>>()?;
    let mut names = Vec::new();
    for c in store.all::<crate::model::Community>() {
        let c = c?;
        if scope.shows_community(c.id, &grids) {
            names.push(c.name);
        }
    }
    names.sort();
    Ok(names.join("、"))
}

/// Builds one ledger as a sheet, over one scope.
pub fn ledger(store: &Store, kind: LedgerKind, month: Month, scope: &Scope) -> Result<Sheet> {
    let zh = Lang::Zh;
    let place = communities(store, scope)?;
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
            for (n, e) in reports::visits_between(store, month.first, month.last, scope)?
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
            for e in reports::disputes_in(store, month, scope)? {
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
            for day in reports::daily_log(store, month, scope)? {
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
        LedgerKind::Agenda => agenda_ledger(store, month, scope, &place)?,
        LedgerKind::Service => super::registrants::service_ledger(store, month, scope, &place)?,
        LedgerKind::Wishes => super::party_ledgers::wishes(store, month, scope, &place)?,
        LedgerKind::Party => super::party_ledgers::party(store, month, scope, &place)?,
        LedgerKind::Campaign | LedgerKind::Checks => {
            return Err(BackendError::Store(crate::store::StoreError::Invalid(
                crate::model::Invalid::new(
                    "a campaign's ledger is asked for by its campaign, not by a month; name it with --campaign",
                ),
            )))
        }
    };
    Ok(sheet)
}

/// 议事协商台账: every agenda item in scope raised by the month's end and not settled
/// (不予受理 or 已办结) before it began, oldest first, with the meetings that discussed it.
fn agenda_ledger(store: &Store, month: Month, scope: &Scope, place: &str) -> Result<Sheet> {
    use crate::model::{AgendaState, Meeting, RaisedBy};
    let mut s = Sheet::new(
        "议事协商台账",
        &[
            "编号",
            "提出日期",
            "议题",
            "类别",
            "提出人",
            "会议",
            "决议",
            "责任人",
            "期限",
            "状态",
            "办结日期",
        ],
    );
    let mut items = store.agenda_items(&|p| super::agenda::in_scope(scope, p))?;
    items.sort_by_key(|i| (i.raised, i.id));
    for i in items {
        let rejected = i
            .history
            .iter()
            .rev()
            .find(|s| s.to == AgendaState::Rejected)
            .map(|s| local_day(s.at));
        let settled = i.done.or(rejected);
        if i.raised > month.last || settled.is_some_and(|d| d < month.first) {
            continue;
        }
        let by = match &i.raised_by {
            RaisedBy::Household(h) => store
                .get_id::<Household>(*h)?
                .map_or_else(|| h.to_string(), |h| h.address.to_string()),
            RaisedBy::Unit(n) | RaisedBy::Staff(n) => n.clone(),
        };
        let mut meetings = Vec::new();
        for m in &i.meetings {
            if let Some(m) = store.get_id::<Meeting>(*m)? {
                meetings.push(format!("{}{}", ymd(date_of(m.date)), m.kind.zh()));
            }
        }
        let d = i.decision.as_ref();
        s.push(vec![
            i.id.into(),
            ymd(date_of(i.raised)).into(),
            t(&i.topic),
            t(i.kind.zh()),
            t(&by),
            meetings.join("；").into(),
            t(d.map_or("", |d| d.text.as_str())),
            t(d.map_or("", |d| d.owner.as_str())),
            d.map_or_else(String::new, |d| ymd(date_of(d.due))).into(),
            t(i.state.zh()),
            i.done.map_or_else(String::new, |d| ymd(date_of(d))).into(),
        ]);
    }
    s.title = Some(format!("{place}议事协商台账（{}）", month.label()));
    Ok(s)
}

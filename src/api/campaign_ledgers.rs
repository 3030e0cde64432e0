//! A campaign's ledgers as sheets, over one caller's scope: 排查日报 (per grid the tally at a
//! day's end, the staff sent down on duty that day, the doors found 异常 with their address
//! and note) and 排查记录 (every attempt at every door, oldest first).

use std::collections::HashMap;

use super::{BackendError, Result};
use crate::io::sheet::{Sheet, Value};
use crate::io::values::ymd;
use crate::model::campaign::ABNORMAL;
use crate::model::scope::{with_grids_below, Scope};
use crate::model::time::{date_of, format_local, Day};
use crate::model::{Campaign, DoorCheck, Grid, Household, Id, Staff, Tally};
use crate::store::reports::Directory;
use crate::store::{Store, StoreError};

fn campaign(store: &Store, id: Id) -> Result<Campaign> {
    store.get_id::<Campaign>(id)?.ok_or_else(|| {
        BackendError::Store(StoreError::NotFound(format!("there is no campaign {id}")))
    })
}

fn tally_cells(t: &Tally) -> Vec<Value> {
    vec![
        t.due.into(),
        t.checked.into(),
        t.abnormal.into(),
        t.nobody_home.into(),
        t.left().into(),
        format!("{:.1}%", t.percent()).into(),
    ]
}

/// 排查日报: one line a grid of the campaign in the scope, with its tally at the end of `day`,
/// who was sent down to it and on duty that day, and its first door found 异常; a line more
/// for each further such door (address and note only); then the total.
pub fn daily(store: &Store, id: Id, day: Day, scope: &Scope, place: &str) -> Result<Sheet> {
    let c = campaign(store, id)?;
    let doors = store.campaign_doors(&c, &|community, grid| scope.sees(community, grid))?;
    if doors.is_empty() {
        return Err(super::outside());
    }
    let dir = Directory::places_in(store, scope)?;
    let latest = store.latest_checks_through(c.id, day)?;
    let grids: Vec<Grid> = store.all::<Grid>().collect::<crate::store::Result<_>>()?;
    let staff: Vec<(String, Vec<Id>)> = store
        .sent_down(c.id)?
        .into_iter()
        .filter(|s| s.on_duty(day))
        .map(|s| {
            let below = with_grids_below([s.grid], &grids).into_iter().collect();
            (format!("{}（{}）", s.person, s.unit), below)
        })
        .collect();
    let mut s = Sheet::new(
        "排查日报",
        &[
            "序号",
            "社区",
            "网格",
            "应查",
            "已查",
            "异常",
            "无人",
            "剩余",
            "完成率",
            "在岗下沉人员",
            "异常户地址",
            "异常情况",
        ],
    );
    let mut total = Tally::default();
    for (n, (grid, community, households)) in doors.iter().enumerate() {
        let mut t = Tally::default();
        let mut found: Vec<(String, String)> = Vec::new();
        for h in households {
            let l = latest.get(h);
            t.count(l.map(|l| l.result.as_str()));
            let Some(l) = l.filter(|l| l.result == ABNORMAL) else {
                continue;
            };
            let (Some(house), Some(check)) = (
                store.get_id::<Household>(*h)?,
                store.get_id::<DoorCheck>(l.id)?,
            ) else {
                continue;
            };
            found.push((house.address.to_string(), check.note));
        }
        total.add(&t);
        let on_duty: Vec<&str> = staff
            .iter()
            .filter(|(_, below)| below.contains(grid))
            .map(|(who, _)| who.as_str())
            .collect();
        let mut row: Vec<Value> = vec![
            (n as u64 + 1).into(),
            dir.community(*community).into(),
            dir.grid(*grid).into(),
        ];
        row.extend(tally_cells(&t));
        row.push(on_duty.join("、").into());
        let mut found = found.into_iter();
        let (address, note) = found.next().unwrap_or_default();
        row.extend([address.into(), note.into()]);
        s.push(row);
        for (address, note) in found {
            let mut more: Vec<Value> = vec!["".into(); 10];
            more.extend([address.into(), note.into()]);
            s.push(more);
        }
    }
    let mut row: Vec<Value> = vec!["合计".into(), "".into(), "".into()];
    row.extend(tally_cells(&total));
    row.extend(["".into(), "".into(), "".into()]);
    s.push(row);
    s.title = Some(format!(
        "{place}{}排查日报（{}）",
        c.name,
        ymd(date_of(day))
    ));
    Ok(s)
}

/// 排查记录: every attempt at a door of the campaign in the scope, oldest first, with the
/// try it was at that door.
pub fn checks(store: &Store, id: Id, scope: &Scope, place: &str) -> Result<Sheet> {
    let c = campaign(store, id)?;
    if store
        .campaign_doors(&c, &|community, grid| scope.sees(community, grid))?
        .is_empty()
    {
        return Err(super::outside());
    }
    let dir = Directory::load_in(store, scope)?;
    let mut names: HashMap<String, String> = HashMap::new();
    for st in store.all::<Staff>() {
        let st = st?;
        names.insert(st.user, st.display_name);
    }
    for sd in store.sent_down(c.id)? {
        names.insert(sd.user, format!("{}（{}）", sd.person, sd.unit));
    }
    let mut s = Sheet::new(
        "排查记录",
        &[
            "序号",
            "社区",
            "网格",
            "地址",
            "户主",
            "排查结果",
            "情况说明",
            "第几次",
            "排查人",
            "排查时间",
        ],
    );
    let mut tries: HashMap<Id, u64> = HashMap::new();
    let mut n = 0u64;
    for d in store.campaign_checks(c.id)? {
        let Some(h) = dir.households.get(&d.household) else {
            continue;
        };
        let try_no = tries.entry(d.household).or_default();
        *try_no += 1;
        n += 1;
        let by = names.get(&d.by).map_or(d.by.as_str(), String::as_str);
        s.push(vec![
            n.into(),
            dir.community(h.community).into(),
            dir.grid(h.grid).into(),
            h.address.to_string().into(),
            dir.head(h.id).into(),
            d.result.as_str().into(),
            d.note.as_str().into(),
            (*try_no).into(),
            by.into(),
            format_local(d.at).into(),
        ]);
    }
    s.title = Some(format!("{place}{}排查记录", c.name));
    Ok(s)
}

//! The party side's month ledgers as sheets, over one caller's scope: 微心愿台账 (one row a
//! wish of the month, as it stood at the month's end) and 党员联户台账 (one row a 中心户's
//! link, with the visits to the linked household that month counted from the visit records).

use std::collections::HashMap;

use super::Result;
use crate::io::sheet::{Sheet, Value};
use crate::io::values::ymd;
use crate::model::party::CentralHousehold;
use crate::model::scope::Scope;
use crate::model::time::{date_of, local_day, now, Day};
use crate::model::{Id, WishState};
use crate::store::reports::{self, Directory, Month};
use crate::store::wish_reports::wish_entries;
use crate::store::Store;

fn day(d: Day) -> Value {
    ymd(date_of(d)).into()
}

fn blank() -> Value {
    "".into()
}

/// 微心愿台账: the wishes raised in the month and those still open when it began, oldest
/// first, each with what had happened to it by the month's end.
pub fn wishes(store: &Store, month: Month, scope: &Scope, place: &str) -> Result<Sheet> {
    let dir = Directory::places_in(store, scope)?;
    let today = local_day(now());
    let mut s = Sheet::new(
        "微心愿台账",
        &[
            "序号",
            "登记日期",
            "社区",
            "网格",
            "地址",
            "心愿内容",
            "类别",
            "期限",
            "认领/派单",
            "认领/派单日期",
            "实现日期",
            "实现情况",
            "满意度",
            "回访情况",
            "状态",
        ],
    );
    for (n, e) in wish_entries(store, month, today, scope)?.iter().enumerate() {
        let (w, h, at) = (&e.wish, &e.household, &e.at);
        let taker = at
            .taker
            .as_ref()
            .map_or_else(String::new, |(name, sent, _)| {
                format!("{}：{name}", if *sent { "派单" } else { "认领" })
            });
        let state = match &at.closed {
            Some((_, why)) if at.state == WishState::Closed => format!("已关闭（{why}）"),
            _ => at.state.zh().to_string(),
        };
        s.push(vec![
            (n as u64 + 1).into(),
            day(w.raised),
            dir.community(h.community).into(),
            dir.grid(h.grid).into(),
            h.address.to_string().into(),
            w.text.as_str().into(),
            w.category.zh().into(),
            w.due.map_or_else(blank, day),
            taker.into(),
            at.taker.as_ref().map_or_else(blank, |(_, _, d)| day(*d)),
            at.done.as_ref().map_or_else(blank, |(d, _)| day(*d)),
            at.done
                .as_ref()
                .map_or_else(blank, |(_, note)| note.as_str().into()),
            at.review
                .as_ref()
                .and_then(|(_, s, _)| *s)
                .map_or_else(blank, |s| u32::from(s).into()),
            at.review
                .as_ref()
                .map_or_else(blank, |(_, _, note)| note.as_str().into()),
            state.into(),
        ]);
    }
    s.title = Some(format!("{place}微心愿台账（{}）", month.label()));
    Ok(s)
}

/// 党员联户台账: one row a household linked to a 中心户 during the month (a 中心户 with
/// none gets one row of its own), with the visits to it that month since the link: a
/// 中心户's contacts are visits like any other, counted from the records.
pub fn party(store: &Store, month: Month, scope: &Scope, place: &str) -> Result<Sheet> {
    let dir = Directory::load_in(store, scope)?;
    let mut members: HashMap<Id, Vec<String>> = HashMap::new();
    for m in store.party_members(scope)? {
        members.entry(m.household).or_default().push(m.member.name);
    }
    let mut visits: HashMap<Id, Vec<Day>> = HashMap::new();
    for e in reports::visits_between(store, month.first, month.last, scope)? {
        visits
            .entry(e.visit.household)
            .or_default()
            .push(local_day(e.at));
    }
    let mut centrals: Vec<CentralHousehold> = Vec::new();
    for c in store.all::<CentralHousehold>() {
        let c = c?;
        if dir.households.contains_key(&c.household) {
            centrals.push(c);
        }
    }
    let address = |h: Id| dir.households.get(&h).map(|h| h.address);
    centrals.sort_by_key(|c| {
        let h = dir.households.get(&c.household);
        (
            h.map(|h| dir.community(h.community).to_string()),
            address(c.household),
        )
    });
    let mut s = Sheet::new(
        "党员联户台账",
        &[
            "序号",
            "社区",
            "网格",
            "中心户地址",
            "党员",
            "联系户地址",
            "联系户户主",
            "联户日期",
            "本月联系次数",
            "最近联系日期",
        ],
    );
    let mut n = 0u64;
    for c in &centrals {
        let Some(h) = dir.households.get(&c.household) else {
            continue;
        };
        let mut links: Vec<_> = c
            .links
            .iter()
            .filter(|l| l.since <= month.last && dir.households.contains_key(&l.household))
            .collect();
        links.sort_by_key(|l| address(l.household));
        let head = |n: u64| -> Vec<Value> {
            vec![
                n.into(),
                dir.community(h.community).into(),
                dir.grid(h.grid).into(),
                h.address.to_string().into(),
                members
                    .get(&h.id)
                    .map_or_else(String::new, |m| m.join("、"))
                    .into(),
            ]
        };
        if links.is_empty() {
            n += 1;
            let mut row = head(n);
            row.extend([blank(), blank(), blank(), 0u64.into(), blank()]);
            s.push(row);
        }
        for l in links {
            n += 1;
            let days: Vec<Day> = visits
                .get(&l.household)
                .map(|v| v.iter().copied().filter(|d| *d >= l.since).collect())
                .unwrap_or_default();
            let mut row = head(n);
            row.extend([
                address(l.household)
                    .map_or_else(String::new, |a| a.to_string())
                    .into(),
                dir.head(l.household).into(),
                day(l.since),
                (days.len() as u64).into(),
                days.iter().max().map_or_else(blank, |d| day(*d)),
            ]);
            s.push(row);
        }
    }
    s.title = Some(format!("{place}党员联户台账（{}）", month.label()));
    Ok(s)
}

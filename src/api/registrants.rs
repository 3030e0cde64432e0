//! Operations on 双报到: registering in-service members and co-building units, their
//! leaving, service posts and claims on them, service records, the lists, the grid figures
//! and the rows of the quarterly feedback card; each answered in the caller's scope. Also
//! the sheets: the month's 双报到服务台账 and the feedback card per employer.

use serde::{Deserialize, Serialize};

use super::{Cx, Request, Result};
use crate::io::sheet::{Sheet, Value};
use crate::io::values::ymd;
use crate::model::registrant::{
    hours_text, Post, PostClaim, Quarter, Registrant, RegistrantState, ServiceRecord,
};
use crate::model::time::{date_of, Day};
use crate::model::Id;
use crate::store::registrants::{GridService, PostRow, RegistrantRow, ServiceRow};
use crate::store::reports::Month;
use crate::store::Store;

/// Registers an in-service member or a co-building unit (its id and state are given by the
/// store).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AddRegistrant(pub Registrant);

impl Request for AddRegistrant {
    type Reply = Registrant;
    fn handle(self, cx: &Cx) -> Result<Registrant> {
        Ok(cx.store.add_registrant(&cx.user, &cx.scope, &self.0)?)
    }
    fn touches(&self, _cx: &Cx) -> Option<Vec<Id>> {
        Some(self.0.household().into_iter().collect())
    }
}

/// A registrant leaves: 已转出 or 已注销, on a day, for a reason; her claims end.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LeaveRegistrant {
    pub registrant: Id,
    pub to: RegistrantState,
    pub day: Day,
    pub reason: String,
}

impl Request for LeaveRegistrant {
    type Reply = Registrant;
    fn handle(self, cx: &Cx) -> Result<Registrant> {
        Ok(cx.store.leave_registrant(
            &cx.user,
            &cx.scope,
            self.registrant,
            self.to,
            self.day,
            &self.reason,
        )?)
    }
    fn touches(&self, _cx: &Cx) -> Option<Vec<Id>> {
        Some(Vec::new())
    }
}

/// The registrants of the caller's communities, with their posts and their hours in the
/// quarter of `day`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Registrants {
    pub day: Day,
}

impl Request for Registrants {
    type Reply = Vec<RegistrantRow>;
    const RESEND: bool = true;
    fn handle(self, cx: &Cx) -> Result<Vec<RegistrantRow>> {
        Ok(cx.store.registrants(&cx.scope, Quarter::of(self.day))?)
    }
}

/// Publishes a service post on a grid (its id and community are given by the store).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AddPost(pub Post);

impl Request for AddPost {
    type Reply = Post;
    fn handle(self, cx: &Cx) -> Result<Post> {
        Ok(cx.store.add_post(&cx.user, &cx.scope, &self.0)?)
    }
    fn touches(&self, _cx: &Cx) -> Option<Vec<Id>> {
        Some(Vec::new())
    }
}

/// Closes a post on a day; its claims end.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ClosePost {
    pub post: Id,
    pub day: Day,
}

impl Request for ClosePost {
    type Reply = Post;
    fn handle(self, cx: &Cx) -> Result<Post> {
        Ok(cx
            .store
            .close_post(&cx.user, &cx.scope, self.post, self.day)?)
    }
    fn touches(&self, _cx: &Cx) -> Option<Vec<Id>> {
        Some(Vec::new())
    }
}

/// The posts on the caller's grids, claimed against capacity.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Posts;

impl Request for Posts {
    type Reply = Vec<PostRow>;
    const RESEND: bool = true;
    fn handle(self, cx: &Cx) -> Result<Vec<PostRow>> {
        Ok(cx.store.posts(&cx.scope)?)
    }
}

/// A registrant claims a post from a day.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ClaimPost {
    pub post: Id,
    pub registrant: Id,
    pub day: Day,
}

impl Request for ClaimPost {
    type Reply = PostClaim;
    fn handle(self, cx: &Cx) -> Result<PostClaim> {
        Ok(cx
            .store
            .claim_post(&cx.user, &cx.scope, self.post, self.registrant, self.day)?)
    }
    fn touches(&self, _cx: &Cx) -> Option<Vec<Id>> {
        Some(Vec::new())
    }
}

/// A registrant's claim on a post ends on a day.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EndClaim {
    pub post: Id,
    pub registrant: Id,
    pub day: Day,
}

impl Request for EndClaim {
    type Reply = PostClaim;
    fn handle(self, cx: &Cx) -> Result<PostClaim> {
        Ok(cx
            .store
            .end_claim(&cx.user, &cx.scope, self.post, self.registrant, self.day)?)
    }
    fn touches(&self, _cx: &Cx) -> Option<Vec<Id>> {
        Some(Vec::new())
    }
}

/// Logs a service (its id and community are given by the store).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LogService(pub ServiceRecord);

impl Request for LogService {
    type Reply = ServiceRecord;
    fn handle(self, cx: &Cx) -> Result<ServiceRecord> {
        Ok(cx.store.log_service(&cx.user, &cx.scope, &self.0)?)
    }
    fn touches(&self, _cx: &Cx) -> Option<Vec<Id>> {
        Some(Vec::new())
    }
}

/// Per grid of the caller's, for a quarter: registered members and units, how many served,
/// the hours.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ServiceFigures(pub Quarter);

impl Request for ServiceFigures {
    type Reply = Vec<GridService>;
    const RESEND: bool = true;
    fn handle(self, cx: &Cx) -> Result<Vec<GridService>> {
        Ok(cx.store.service_figures(&cx.scope, self.0)?)
    }
}

/// The rows of the quarterly feedback card for one employer: its members (and the unit of
/// that name) with their posts, hours and services.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FeedbackRows {
    pub quarter: Quarter,
    pub employer: String,
}

impl Request for FeedbackRows {
    type Reply = Vec<ServiceRow>;
    const RESEND: bool = true;
    fn handle(self, cx: &Cx) -> Result<Vec<ServiceRow>> {
        let employer = self.employer.trim();
        let mut rows: Vec<ServiceRow> = cx
            .store
            .service_rows(&cx.scope, self.quarter.first, self.quarter.last)?
            .into_iter()
            .filter(|r| r.registrant.employer() == employer)
            .collect();
        rows.sort_by(|a, b| a.registrant.name.cmp(&b.registrant.name));
        Ok(rows)
    }
}

fn t(s: &str) -> Value {
    Value::Text(s.to_string())
}

fn hours(minutes: u64) -> Value {
    Value::Number(hours_text(minutes).parse().unwrap_or(0.0))
}

/// What was done, each with its day: `11-03 楼道清洁；11-10 政策宣传`.
fn services_text(what: &[(Day, String)]) -> String {
    what.iter()
        .map(|(d, w)| format!("{} {w}", date_of(*d).format("%m-%d")))
        .collect::<Vec<_>>()
        .join("；")
}

/// 双报到服务台账 for a month: one row a registrant still registered or serving in it.
pub fn service_ledger(
    store: &Store,
    month: Month,
    scope: &crate::model::scope::Scope,
    place: &str,
) -> Result<Sheet> {
    let mut s = Sheet::new(
        "双报到服务台账",
        &[
            "序号",
            "姓名或单位",
            "类别",
            "工作单位",
            "联系电话",
            "报到日期",
            "状态",
            "认领岗位",
            "服务次数",
            "服务时长（小时）",
            "服务内容",
        ],
    );
    let mut rows: Vec<ServiceRow> = store
        .service_rows(scope, month.first, month.last)?
        .into_iter()
        .filter(|r| {
            r.registrant.registered <= month.last
                && (r.services > 0
                    || r.registrant
                        .ended
                        .as_ref()
                        .is_none_or(|e| e.day >= month.first))
        })
        .collect();
    rows.sort_by(|a, b| {
        (a.registrant.is_member(), &a.registrant.name)
            .cmp(&(b.registrant.is_member(), &b.registrant.name))
    });
    for (n, r) in rows.iter().enumerate() {
        let g = &r.registrant;
        s.push(vec![
            (n as u64 + 1).into(),
            t(&g.name),
            t(g.kind_zh()),
            t(if g.is_member() { g.employer() } else { "" }),
            t(&g.phone),
            ymd(date_of(g.registered)).into(),
            t(g.state.zh()),
            r.posts.join("、").into(),
            u64::from(r.services).into(),
            hours(r.minutes),
            services_text(&r.what).into(),
        ]);
    }
    s.title = Some(format!("{place}双报到服务台账（{}）", month.label()));
    Ok(s)
}

/// The quarterly feedback card (在职党员到社区报到服务情况反馈表) for one employer.
pub fn feedback_sheet(rows: &[ServiceRow], employer: &str, quarter: Quarter) -> Sheet {
    let mut s = Sheet::new(
        "报到服务情况反馈表",
        &[
            "序号",
            "姓名",
            "联系电话",
            "居住地址",
            "认领岗位",
            "服务次数",
            "服务时长（小时）",
            "服务内容",
        ],
    );
    for (n, r) in rows.iter().enumerate() {
        let g = &r.registrant;
        s.push(vec![
            (n as u64 + 1).into(),
            t(&g.name),
            t(&g.phone),
            r.address.map(|a| a.to_string()).unwrap_or_default().into(),
            r.posts.join("、").into(),
            u64::from(r.services).into(),
            hours(r.minutes),
            services_text(&r.what).into(),
        ]);
    }
    s.title = Some(format!(
        "{employer}报到服务情况反馈表（{}）",
        quarter.label()
    ));
    s
}

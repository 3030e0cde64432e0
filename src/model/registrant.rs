//! 双报到: in-service party members and co-building units registered with a community
//! (`Registrant`), the service posts the community publishes on its grids (`Post`), a
//! registrant's claim on a post (`PostClaim`) and what she did (`ServiceRecord`); a post's
//! 满额 is derived from its open claims, never stored.

use chrono::Datelike;
use serde::{Deserialize, Serialize};

use super::shown::quote;
use super::time::{date_of, day_of, Day};
use super::{Id, Invalid};

/// The grid of a record kept at the community's level (registrants, a service with no
/// post): no grid has it, so only staff who see the whole community may write there.
pub const COMMUNITY_LEVEL: Id = 0;

/// 共建单位类别
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum UnitKind {
    /// 机关
    Office,
    /// 企业
    Company,
    /// 学校
    School,
    /// 派出所
    Police,
    /// 物业
    Property,
    /// 社会组织
    SocialOrg,
    /// 其他
    Other,
}

impl UnitKind {
    pub const ALL: [UnitKind; 7] = [
        UnitKind::Office,
        UnitKind::Company,
        UnitKind::School,
        UnitKind::Police,
        UnitKind::Property,
        UnitKind::SocialOrg,
        UnitKind::Other,
    ];

    pub fn zh(self) -> &'static str {
        match self {
            UnitKind::Office => "机关",
            UnitKind::Company => "企业",
            UnitKind::School => "学校",
            UnitKind::Police => "派出所",
            UnitKind::Property => "物业",
            UnitKind::SocialOrg => "社会组织",
            UnitKind::Other => "其他",
        }
    }

    pub fn en(self) -> &'static str {
        match self {
            UnitKind::Office => "office",
            UnitKind::Company => "company",
            UnitKind::School => "school",
            UnitKind::Police => "police",
            UnitKind::Property => "property",
            UnitKind::SocialOrg => "social",
            UnitKind::Other => "other",
        }
    }

    /// The kind named in either language.
    pub fn parse(text: &str) -> Option<UnitKind> {
        let t = text.trim();
        Self::ALL
            .into_iter()
            .find(|k| k.zh() == t || k.en().eq_ignore_ascii_case(t))
    }
}

/// 报到状态
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RegistrantState {
    /// 已报到
    Registered,
    /// 已转出
    TransferredOut,
    /// 已注销
    Cancelled,
}

impl RegistrantState {
    pub fn zh(self) -> &'static str {
        match self {
            RegistrantState::Registered => "已报到",
            RegistrantState::TransferredOut => "已转出",
            RegistrantState::Cancelled => "已注销",
        }
    }

    pub fn en(self) -> &'static str {
        match self {
            RegistrantState::Registered => "registered",
            RegistrantState::TransferredOut => "transferred out",
            RegistrantState::Cancelled => "cancelled",
        }
    }
}

/// What kind of registrant, with what only that kind has.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum RegistrantSide {
    /// 在职党员: an in-service party member.
    Member {
        /// 工作单位
        employer: String,
        /// The employer's party organisation (所在党组织).
        employer_party: String,
        skills: Vec<String>,
        /// The household where she lives, if known.
        household: Option<Id>,
    },
    /// 共建单位: a co-building unit.
    Unit {
        kind: UnitKind,
        /// Its contact person.
        contact: String,
        /// The co-building agreement: signed and ending.
        signed: Option<Day>,
        ends: Option<Day>,
    },
}

/// When and why a registrant stopped reporting here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegistrantEnd {
    pub day: Day,
    pub reason: String,
}

/// 报到对象: an in-service party member or a co-building unit registered with a community.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Registrant {
    pub id: Id,
    pub community: Id,
    pub name: String,
    /// Normalised (model/phone.rs); empty when not given.
    pub phone: String,
    pub side: RegistrantSide,
    /// The day she (or it) registered.
    pub registered: Day,
    pub state: RegistrantState,
    /// Set on 已转出 and 已注销.
    pub ended: Option<RegistrantEnd>,
}

impl Registrant {
    pub fn is_member(&self) -> bool {
        matches!(self.side, RegistrantSide::Member { .. })
    }

    /// The employer of a member; a unit is its own.
    pub fn employer(&self) -> &str {
        match &self.side {
            RegistrantSide::Member { employer, .. } => employer,
            RegistrantSide::Unit { .. } => &self.name,
        }
    }

    pub fn household(&self) -> Option<Id> {
        match &self.side {
            RegistrantSide::Member { household, .. } => *household,
            RegistrantSide::Unit { .. } => None,
        }
    }

    /// 在职党员 or the unit's kind, in Chinese or English.
    pub fn kind_zh(&self) -> &'static str {
        match &self.side {
            RegistrantSide::Member { .. } => "在职党员",
            RegistrantSide::Unit { kind, .. } => kind.zh(),
        }
    }

    pub fn kind_en(&self) -> &'static str {
        match &self.side {
            RegistrantSide::Member { .. } => "in-service member",
            RegistrantSide::Unit { kind, .. } => kind.en(),
        }
    }

    /// The record as it will be kept: trimmed, its phone normalised; or why it cannot be.
    pub fn checked(mut self) -> Result<Registrant, Invalid> {
        self.name = self.name.trim().to_string();
        if self.name.is_empty() {
            return Err(Invalid::new(
                "give the registrant's name: the member's, or the unit's",
            ));
        }
        if !self.phone.trim().is_empty() {
            self.phone = super::phone::normalize(&self.phone)?;
        }
        match &mut self.side {
            RegistrantSide::Member {
                employer, skills, ..
            } => {
                *employer = employer.trim().to_string();
                if employer.is_empty() {
                    return Err(Invalid::new(
                        "an in-service member needs her employer; give it with --employer",
                    ));
                }
                for s in skills.iter_mut() {
                    *s = s.trim().to_string();
                    if s.is_empty() || s.chars().count() > super::party::SKILL_MAX {
                        return Err(Invalid::new(format!(
                            "the skill “{}” is empty or longer than {} characters; write each skill as a few words, separated by commas",
                            quote(s),
                            super::party::SKILL_MAX
                        )));
                    }
                }
            }
            RegistrantSide::Unit { signed, ends, .. } => {
                if let (Some(s), Some(e)) = (signed, ends) {
                    if e < s {
                        return Err(Invalid::new(
                            "the agreement ends before it was signed; check the two days",
                        ));
                    }
                }
            }
        }
        Ok(self)
    }

    /// 已转出 or 已注销 on `day`, for `reason`; only a registered one can leave.
    pub fn leave(&mut self, to: RegistrantState, day: Day, reason: &str) -> Result<(), Invalid> {
        if self.state != RegistrantState::Registered {
            return Err(Invalid::new(format!(
                "“{}” is {} already; only a registered one can leave",
                quote(&self.name),
                self.state.en()
            )));
        }
        if to == RegistrantState::Registered {
            return Err(Invalid::new(
                "say whether she is transferred out or cancelled",
            ));
        }
        if reason.trim().is_empty() {
            return Err(Invalid::new(
                "say why with --reason (transferred to another community, retired …)",
            ));
        }
        if day < self.registered {
            return Err(Invalid::new(
                "that day is before the day of registering; pick a later day",
            ));
        }
        self.state = to;
        self.ended = Some(RegistrantEnd {
            day,
            reason: reason.trim().to_string(),
        });
        Ok(())
    }
}

/// 岗位状态: 满额 is derived from the open claims, never stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PostState {
    /// 开放
    Open,
    /// 满额
    Full,
    /// 关闭
    Closed,
}

impl PostState {
    pub fn zh(self) -> &'static str {
        match self {
            PostState::Open => "开放",
            PostState::Full => "满额",
            PostState::Closed => "关闭",
        }
    }

    pub fn en(self) -> &'static str {
        match self {
            PostState::Open => "open",
            PostState::Full => "full",
            PostState::Closed => "closed",
        }
    }
}

/// 服务岗位: a post the community publishes on a grid, for registrants to claim.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Post {
    pub id: Id,
    pub community: Id,
    pub grid: Id,
    pub title: String,
    /// 岗位类别: free text (政策宣传, 环境整治, 助老服务 …).
    pub category: String,
    pub skills: Vec<String>,
    /// How many registrants it takes at once.
    pub capacity: u32,
    /// Set when the post was closed.
    pub closed: Option<Day>,
}

/// The most a post takes at once.
pub const CAPACITY_MAX: u32 = 999;

impl Post {
    /// Its state with `claimed` open claims against it.
    pub fn state(&self, claimed: usize) -> PostState {
        if self.closed.is_some() {
            PostState::Closed
        } else if claimed >= self.capacity as usize {
            PostState::Full
        } else {
            PostState::Open
        }
    }

    pub fn validate(&self) -> Result<(), Invalid> {
        if self.title.trim().is_empty() {
            return Err(Invalid::new("give the post a title, as 楼道清洁"));
        }
        if !(1..=CAPACITY_MAX).contains(&self.capacity) {
            return Err(Invalid::new(format!(
                "a post takes from 1 to {CAPACITY_MAX} registrants; give --capacity as a number in that range"
            )));
        }
        Ok(())
    }
}

/// 认领: a registrant took on a post from a day, until a day once the claim ends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostClaim {
    pub id: Id,
    pub post: Id,
    pub registrant: Id,
    pub from: Day,
    pub until: Option<Day>,
}

impl PostClaim {
    pub fn is_open(&self) -> bool {
        self.until.is_none()
    }
}

/// 服务记录: what a registrant did on a day, for how long, on a post if any, and who
/// confirmed it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceRecord {
    pub id: Id,
    pub community: Id,
    pub registrant: Id,
    pub post: Option<Id>,
    pub day: Day,
    /// The time given, in minutes (hours are typed, as 1.5).
    pub minutes: u32,
    pub what: String,
    /// Who confirmed it (a staff member's or a resident's name); empty when no one has.
    pub confirmed_by: String,
}

/// The longest service a day can hold, in minutes.
pub const MINUTES_MAX: u32 = 24 * 60;

impl ServiceRecord {
    pub fn validate(&self) -> Result<(), Invalid> {
        if self.minutes == 0 || self.minutes > MINUTES_MAX {
            return Err(Invalid::new(
                "the hours of a service are more than 0 and at most 24, as 1.5",
            ));
        }
        if self.what.trim().is_empty() {
            return Err(Invalid::new(
                "say what was done with --what, in a few words",
            ));
        }
        if self.what.chars().count() > 500 {
            return Err(Invalid::new(
                "what was done is longer than 500 characters; shorten it",
            ));
        }
        Ok(())
    }
}

/// Minutes as hours are written: `2`, `1.5`, `0.3` (to a tenth).
pub fn hours_text(minutes: u64) -> String {
    let tenths = (minutes * 10 + 30) / 60;
    if tenths.is_multiple_of(10) {
        format!("{}", tenths / 10)
    } else {
        format!("{}.{}", tenths / 10, tenths % 10)
    }
}

/// Hours as typed (`2`, `1.5`, `0.25`) in minutes, or None when it is no positive number.
pub fn parse_hours(text: &str) -> Option<u32> {
    let h: f64 = text.trim().parse().ok()?;
    if !h.is_finite() || h <= 0.0 || h > f64::from(MINUTES_MAX) / 60.0 {
        return None;
    }
    let m = (h * 60.0).round() as u32;
    (m > 0).then_some(m)
}

/// A quarter of a year: its first and last day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quarter {
    pub first: Day,
    pub last: Day,
}

impl Quarter {
    /// The quarter of year `year`, 1 to 4.
    fn of_year(year: i32, q: u32) -> Option<Quarter> {
        if !(1..=4).contains(&q) {
            return None;
        }
        let first = chrono::NaiveDate::from_ymd_opt(year, (q - 1) * 3 + 1, 1)?;
        let next = first.checked_add_months(chrono::Months::new(3))?;
        Some(Quarter {
            first: day_of(first),
            last: day_of(next) - 1,
        })
    }

    /// The quarter a day falls in.
    pub fn of(day: Day) -> Quarter {
        let d = date_of(day);
        let q = (d.month() - 1) / 3 + 1;
        Self::of_year(d.year(), q).unwrap_or(Quarter {
            first: day,
            last: day,
        })
    }

    /// Reads `2026Q4`, `2026-Q4` or `2026q4`.
    pub fn parse(text: &str) -> Option<Quarter> {
        let t = text.trim().to_uppercase();
        let (y, q) = t.split_once('Q')?;
        let y: i32 = y.trim_end_matches('-').parse().ok()?;
        let q: u32 = q.parse().ok()?;
        Self::of_year(y, q)
    }

    pub fn contains(&self, day: Day) -> bool {
        (self.first..=self.last).contains(&day)
    }

    /// `2026Q4`
    pub fn code(&self) -> String {
        let d = date_of(self.first);
        format!("{}Q{}", d.year(), (d.month() - 1) / 3 + 1)
    }

    /// `2026年第4季度`
    pub fn label(&self) -> String {
        let d = date_of(self.first);
        format!("{}年第{}季度", d.year(), (d.month() - 1) / 3 + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn post(capacity: u32) -> Post {
        Post {
            id: 1,
            community: 2,
            grid: 3,
            title: "楼道清洁".into(),
            category: String::new(),
            skills: vec![],
            capacity,
            closed: None,
        }
    }

    #[test]
    fn a_post_is_full_when_its_open_claims_reach_its_capacity() {
        let mut p = post(2);
        assert_eq!(p.state(1), PostState::Open);
        assert_eq!(p.state(2), PostState::Full);
        p.closed = Some(5);
        assert_eq!(p.state(0), PostState::Closed);
        assert_eq!(
            post(0).validate().unwrap_err().0,
            "a post takes from 1 to 999 registrants; give --capacity as a number in that range"
        );
    }

    #[test]
    fn hours_are_read_and_written_to_a_tenth() {
        assert_eq!(parse_hours("1.5"), Some(90));
        assert_eq!(parse_hours("0"), None);
        assert_eq!(parse_hours("-2"), None);
        assert_eq!(parse_hours("25"), None);
        assert_eq!(parse_hours("abc"), None);
        assert_eq!(hours_text(90), "1.5");
        assert_eq!(hours_text(120), "2");
        assert_eq!(hours_text(0), "0");
    }

    #[test]
    fn quarters_are_read_and_named() {
        let q = Quarter::parse("2026Q4").unwrap();
        assert_eq!(q.label(), "2026年第4季度");
        assert_eq!(date_of(q.first).to_string(), "2026-10-01");
        assert_eq!(date_of(q.last).to_string(), "2026-12-31");
        assert_eq!(Quarter::of(q.first + 40), q);
        assert_eq!(
            Quarter::parse("2026-q1").map(|q| q.label()).as_deref(),
            Some("2026年第1季度")
        );
        assert_eq!(Quarter::parse("2026Q5"), None);
    }

    #[test]
    fn kinds_are_read_in_either_language_and_leaving_needs_a_reason() {
        assert_eq!(UnitKind::parse("派出所"), Some(UnitKind::Police));
        assert_eq!(UnitKind::parse("School"), Some(UnitKind::School));
        assert_eq!(UnitKind::parse("工厂"), None);
        let mut r = Registrant {
            id: 1,
            community: 2,
            name: "王芳".into(),
            phone: "138 0000 1234".into(),
            side: RegistrantSide::Member {
                employer: "区税务局".into(),
                employer_party: String::new(),
                skills: vec![],
                household: None,
            },
            registered: 10,
            state: RegistrantState::Registered,
            ended: None,
        }
        .checked()
        .unwrap();
        assert_eq!(r.phone, "13800001234");
        assert!(r.leave(RegistrantState::Cancelled, 20, " ").is_err());
        r.leave(RegistrantState::TransferredOut, 20, "调往外区")
            .unwrap();
        assert_eq!(
            r.leave(RegistrantState::Cancelled, 21, "x").unwrap_err().0,
            "“王芳” is transferred out already; only a registered one can leave"
        );
    }
}

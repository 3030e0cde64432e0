//! Campaigns in 战时 (疫情, 防汛, 消防, 专项): the grids they cover, their deadline and result
//! set, every door check (every attempt kept), the staff sent down (下沉) to their grids, and
//! the tally derived from the roster and the checks.

use serde::{Deserialize, Serialize};

use super::time::{Day, Instant};
use super::{Id, Invalid};

/// 排查类别
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CampaignKind {
    /// 疫情
    Epidemic,
    /// 防汛
    Flood,
    /// 消防
    Fire,
    /// 专项
    Special,
    /// 其他
    Other,
}

impl CampaignKind {
    pub const ALL: [CampaignKind; 5] = [
        CampaignKind::Epidemic,
        CampaignKind::Flood,
        CampaignKind::Fire,
        CampaignKind::Special,
        CampaignKind::Other,
    ];

    pub fn zh(self) -> &'static str {
        match self {
            CampaignKind::Epidemic => "疫情",
            CampaignKind::Flood => "防汛",
            CampaignKind::Fire => "消防",
            CampaignKind::Special => "专项",
            CampaignKind::Other => "其他",
        }
    }

    pub fn en(self) -> &'static str {
        match self {
            CampaignKind::Epidemic => "epidemic",
            CampaignKind::Flood => "flood",
            CampaignKind::Fire => "fire",
            CampaignKind::Special => "special",
            CampaignKind::Other => "other",
        }
    }

    /// The kind named in either language (case and spacing aside).
    pub fn parse(text: &str) -> Option<CampaignKind> {
        let t = text.trim().to_lowercase();
        Self::ALL.into_iter().find(|k| k.zh() == t || k.en() == t)
    }
}

/// The four results every campaign knows by meaning; a result set may add others.
pub const NORMAL: &str = "正常";
/// Needs a note saying what is wrong.
pub const ABNORMAL: &str = "异常";
/// Comes back for a second try.
pub const NOBODY_HOME: &str = "无人在家";
/// Comes back for a second try.
pub const REFUSED: &str = "拒绝";

/// The result set a campaign has when none is given.
pub fn default_results() -> Vec<String> {
    [NORMAL, ABNORMAL, NOBODY_HOME, REFUSED]
        .map(String::from)
        .to_vec()
}

/// A result named in either language: the four known ones by their Chinese or English
/// names (`normal`, `abnormal`, `nobody home` or `not home`, `refused`), any other as written.
pub fn result_name(text: &str) -> String {
    let t = text.trim();
    match t.to_lowercase().as_str() {
        "normal" | "ok" => NORMAL.into(),
        "abnormal" | "problem" => ABNORMAL.into(),
        "nobody home" | "not home" | "nobody-home" | "not-home" => NOBODY_HOME.into(),
        "refused" => REFUSED.into(),
        _ => t.to_string(),
    }
}

/// The English for a result, where it is one of the four known ones.
pub fn result_en(name: &str) -> &str {
    match name {
        NORMAL => "normal",
        ABNORMAL => "abnormal",
        NOBODY_HOME => "nobody home",
        REFUSED => "refused",
        other => other,
    }
}

/// Whether a result must say what was found (异常).
pub fn needs_note(result: &str) -> bool {
    result == ABNORMAL
}

/// Whether a door with this result is to be tried again (无人在家, 拒绝).
pub fn comes_back(result: &str) -> bool {
    result == NOBODY_HOME || result == REFUSED
}

/// 排查任务: every household of its grids to be checked by its deadline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Campaign {
    pub id: Id,
    pub name: String,
    pub kind: CampaignKind,
    /// The grids it covers; their households (as the roster has them when read) are 应查.
    pub grids: Vec<Id>,
    pub started: Day,
    pub deadline: Day,
    /// The results a check may have, in the order offered.
    pub results: Vec<String>,
    /// The day it was ended by hand, and by whom; None while it runs (overdue or not).
    pub ended: Option<(Day, String)>,
}

/// Where a campaign stands on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum CampaignState {
    /// 进行中
    Running,
    /// 已逾期: past its deadline and not ended.
    Overdue,
    /// 已结束
    Ended,
}

impl CampaignState {
    pub fn zh(self) -> &'static str {
        match self {
            CampaignState::Running => "进行中",
            CampaignState::Overdue => "已逾期",
            CampaignState::Ended => "已结束",
        }
    }

    pub fn en(self) -> &'static str {
        match self {
            CampaignState::Running => "running",
            CampaignState::Overdue => "overdue",
            CampaignState::Ended => "ended",
        }
    }
}

impl Campaign {
    /// A new campaign, running from `started`, with the default results when `results` is empty.
    pub fn new(
        name: &str,
        kind: CampaignKind,
        grids: Vec<Id>,
        started: Day,
        deadline: Day,
        results: Vec<String>,
    ) -> Campaign {
        let mut results: Vec<String> = results.iter().map(|r| result_name(r)).collect();
        results.retain(|r| !r.is_empty());
        results.dedup();
        if results.is_empty() {
            results = default_results();
        }
        let mut grids = grids;
        grids.sort_unstable();
        grids.dedup();
        Campaign {
            id: 0,
            name: name.trim().to_string(),
            kind,
            grids,
            started,
            deadline,
            results,
            ended: None,
        }
    }

    pub fn validate(&self) -> Result<(), Invalid> {
        if self.name.is_empty() {
            return Err(Invalid::new(
                "a campaign needs a name, such as 11月消防排查",
            ));
        }
        if self.name.chars().count() > 100 {
            return Err(Invalid::new(
                "the campaign's name is longer than 100 characters; shorten it",
            ));
        }
        if self.grids.is_empty() {
            return Err(Invalid::new(
                "a campaign needs at least one grid; name them with --grid",
            ));
        }
        if self.deadline < self.started {
            return Err(Invalid::new(
                "the deadline is before the campaign starts; pick a later day",
            ));
        }
        if self.results.len() > 12 {
            return Err(Invalid::new(
                "a campaign has at most 12 results; keep the set small",
            ));
        }
        Ok(())
    }

    /// Where it stands on `today`: ended by hand, overdue past its deadline, or running.
    pub fn state(&self, today: Day) -> CampaignState {
        if self.ended.is_some() {
            CampaignState::Ended
        } else if today > self.deadline {
            CampaignState::Overdue
        } else {
            CampaignState::Running
        }
    }

    /// The result as this campaign names it, or the sentence that lists its results.
    pub fn result(&self, text: &str) -> Result<String, Invalid> {
        let name = result_name(text);
        if self.results.contains(&name) {
            return Ok(name);
        }
        Err(Invalid::new(format!(
            "“{}” is not a result of this campaign; use one of {}",
            super::shown::quote(text.trim()),
            self.results.join(", ")
        )))
    }
}

/// One attempt at one door: its own record, so two people checking one door (on two
/// replicas) keep both and the later is shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DoorCheck {
    pub id: Id,
    pub campaign: Id,
    pub household: Id,
    pub result: String,
    pub note: String,
    pub by: String,
    pub at: Instant,
}

impl DoorCheck {
    /// Refuses a result the campaign does not have, or 异常 without a note.
    pub fn validate(&self, c: &Campaign) -> Result<(), Invalid> {
        c.result(&self.result)?;
        if needs_note(&self.result) && self.note.trim().is_empty() {
            return Err(Invalid::new(
                "say what is wrong: 异常 needs a note, given with --note",
            ));
        }
        if self.note.chars().count() > 500 {
            return Err(Invalid::new(
                "the note is longer than 500 characters; shorten it",
            ));
        }
        Ok(())
    }

    /// Whether this attempt came after `other` (by time, then by id).
    pub fn later_than(&self, other: &DoorCheck) -> bool {
        (self.at, self.id) > (other.at, other.id)
    }
}

/// 下沉干部: someone sent down from the street or a unit to a grid for a campaign.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SentDown {
    pub id: Id,
    pub campaign: Id,
    /// Their name, as shown.
    pub person: String,
    /// 派出单位
    pub unit: String,
    pub community: Id,
    pub grid: Id,
    /// The OS user they sign in as.
    pub user: String,
    pub arrived: Day,
    pub left: Option<Day>,
}

impl SentDown {
    pub fn validate(&self) -> Result<(), Invalid> {
        if self.person.trim().is_empty() {
            return Err(Invalid::new("say who is sent down: their name"));
        }
        if self.unit.trim().is_empty() {
            return Err(Invalid::new(
                "say which unit sent them, with --unit, such as 街道办",
            ));
        }
        if self.user.trim().is_empty() {
            return Err(Invalid::new("say which user they sign in as, with --user"));
        }
        if self.left.is_some_and(|l| l < self.arrived) {
            return Err(Invalid::new(
                "they cannot leave before they arrived; pick a later day",
            ));
        }
        Ok(())
    }

    /// Whether they are on duty on `day`.
    pub fn on_duty(&self, day: Day) -> bool {
        self.arrived <= day && self.left.is_none_or(|l| day <= l)
    }
}

/// One line of a tally: 应查, 已查, 异常, 无人, 拒绝, 剩余, and those to try again.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tally {
    /// 应查: the households of the grid in the roster now.
    pub due: u64,
    /// 已查: of those, the ones with at least one check.
    pub checked: u64,
    /// 异常: latest result 异常.
    pub abnormal: u64,
    /// 无人: latest result 无人在家.
    pub nobody_home: u64,
    /// 拒绝: latest result 拒绝.
    pub refused: u64,
    /// Latest result one to try again (无人在家 or 拒绝).
    pub again: u64,
}

impl Tally {
    /// 剩余: not checked at all yet.
    pub fn left(&self) -> u64 {
        self.due.saturating_sub(self.checked)
    }

    /// 已查 as a percentage of 应查, to one decimal (100 when nothing is due).
    pub fn percent(&self) -> f64 {
        if self.due == 0 {
            return 100.0;
        }
        (self.checked as f64 * 1000.0 / self.due as f64).floor() / 10.0
    }

    /// Counts one household whose latest result is `latest` (None: not checked).
    pub fn count(&mut self, latest: Option<&str>) {
        self.due += 1;
        let Some(r) = latest else { return };
        self.checked += 1;
        self.abnormal += u64::from(r == ABNORMAL);
        self.nobody_home += u64::from(r == NOBODY_HOME);
        self.refused += u64::from(r == REFUSED);
        self.again += u64::from(comes_back(r));
    }

    /// One checked door whose latest result is `result`, counted without its 应查.
    pub fn door(result: &str) -> Tally {
        let mut t = Tally::default();
        t.count(Some(result));
        t.due = 0;
        t
    }

    /// Takes `o` away again (a count never goes below nothing).
    pub fn sub(&mut self, o: &Tally) {
        self.due = self.due.saturating_sub(o.due);
        self.checked = self.checked.saturating_sub(o.checked);
        self.abnormal = self.abnormal.saturating_sub(o.abnormal);
        self.nobody_home = self.nobody_home.saturating_sub(o.nobody_home);
        self.refused = self.refused.saturating_sub(o.refused);
        self.again = self.again.saturating_sub(o.again);
    }

    pub fn add(&mut self, o: &Tally) {
        self.due += o.due;
        self.checked += o.checked;
        self.abnormal += o.abnormal;
        self.nobody_home += o.nobody_home;
        self.refused += o.refused;
        self.again += o.again;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_are_read_in_either_language_and_abnormal_needs_a_note() {
        let c = Campaign::new("消防", CampaignKind::Fire, vec![4, 3, 4], 10, 12, vec![]);
        assert_eq!(c.grids, vec![3, 4]);
        assert_eq!(c.results, default_results());
        assert_eq!(c.result("Nobody home").unwrap(), NOBODY_HOME);
        assert_eq!(
            c.result("maybe").unwrap_err().0,
            "“maybe” is not a result of this campaign; use one of 正常, 异常, 无人在家, 拒绝"
        );
        let mut d = DoorCheck {
            id: 1,
            campaign: 1,
            household: 2,
            result: ABNORMAL.into(),
            note: " ".into(),
            by: "wang".into(),
            at: 5,
        };
        assert_eq!(
            d.validate(&c).unwrap_err().0,
            "say what is wrong: 异常 needs a note, given with --note"
        );
        d.note = "灭火器过期".into();
        assert!(d.validate(&c).is_ok());
        assert_eq!(c.state(12), CampaignState::Running);
        assert_eq!(c.state(13), CampaignState::Overdue);
        assert_eq!(CampaignKind::parse("Flood"), Some(CampaignKind::Flood));
        assert_eq!(CampaignKind::parse("防汛"), Some(CampaignKind::Flood));
    }

    #[test]
    fn a_tally_counts_latest_results() {
        let mut t = Tally::default();
        for r in [
            None,
            Some(NORMAL),
            Some(ABNORMAL),
            Some(NOBODY_HOME),
            Some(REFUSED),
        ] {
            t.count(r);
        }
        assert_eq!(
            (
                t.due,
                t.checked,
                t.abnormal,
                t.nobody_home,
                t.refused,
                t.again,
                t.left()
            ),
            (5, 4, 1, 1, 1, 2, 1)
        );
        assert_eq!(t.percent(), 80.0);
    }
}

//! The work itself: home visits, disputes with their mediation notes, and follow-ups.

use serde::{Deserialize, Serialize};

use super::time::{Day, Instant};
use super::{Id, Invalid};

/// 走访目的
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum VisitPurpose {
    /// 日常走访
    Routine,
    /// 重点人群关怀
    CareCheck,
    /// 政策宣传
    PolicyOutreach,
    /// 纠纷回访
    DisputeFollowUp,
    /// 应急排查
    EmergencyCheck,
    Other,
}

impl VisitPurpose {
    pub const ALL: [VisitPurpose; 6] = [
        VisitPurpose::Routine,
        VisitPurpose::CareCheck,
        VisitPurpose::PolicyOutreach,
        VisitPurpose::DisputeFollowUp,
        VisitPurpose::EmergencyCheck,
        VisitPurpose::Other,
    ];
}

/// 走访结果
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum VisitOutcome {
    /// 在家
    Met,
    /// 不在家
    NotHome,
    /// 拒访
    Refused,
    /// 需复访
    Revisit,
}

impl VisitOutcome {
    pub const ALL: [VisitOutcome; 4] = [
        VisitOutcome::Met,
        VisitOutcome::NotHome,
        VisitOutcome::Refused,
        VisitOutcome::Revisit,
    ];
}

/// 入户走访: one knock on one door. Never edited: a correction is a new visit that `amends` the old.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Visit {
    pub id: Id,
    pub household: Id,
    pub at: Instant,
    /// OS user name of the staff member who visited.
    pub staff: String,
    pub purpose: VisitPurpose,
    pub outcome: VisitOutcome,
    /// Residents met, from the household.
    pub met: Vec<Id>,
    pub findings: String,
    pub amends: Option<Id>,
    /// 人口信息核实: the household's roster was confirmed on the day of the visit. A visit
    /// stored in format 1 reads as not checked.
    #[serde(default, deserialize_with = "crate::store::codec::since_v2")]
    pub roster_checked: bool,
}

/// 纠纷类别
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DisputeCategory {
    NeighbourNoise,
    PropertyManagement,
    Family,
    LandlordTenant,
    PetsSanitation,
    Money,
    Other,
}

impl DisputeCategory {
    pub const ALL: [DisputeCategory; 7] = [
        DisputeCategory::NeighbourNoise,
        DisputeCategory::PropertyManagement,
        DisputeCategory::Family,
        DisputeCategory::LandlordTenant,
        DisputeCategory::PetsSanitation,
        DisputeCategory::Money,
        DisputeCategory::Other,
    ];
}

/// The loop a case moves through: 发现→接待→调解→处置→反馈→结案.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum DisputeStatus {
    Found,
    Received,
    Mediating,
    Handling,
    Feedback,
    Closed,
}

impl DisputeStatus {
    pub const ALL: [DisputeStatus; 6] = [
        DisputeStatus::Found,
        DisputeStatus::Received,
        DisputeStatus::Mediating,
        DisputeStatus::Handling,
        DisputeStatus::Feedback,
        DisputeStatus::Closed,
    ];

    /// The step after this one, or None once closed.
    pub fn next(self) -> Option<DisputeStatus> {
        let i = DisputeStatus::ALL.iter().position(|s| *s == self)?;
        DisputeStatus::ALL.get(i + 1).copied()
    }

    pub fn is_open(self) -> bool {
        self != DisputeStatus::Closed
    }
}

/// How a closed case ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DisputeOutcome {
    /// 调解成功, with an agreement
    Resolved,
    /// 上报
    Escalated,
    /// 撤回
    Withdrawn,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Severity {
    Low,
    Medium,
    High,
}

impl Severity {
    pub const ALL: [Severity; 3] = [Severity::Low, Severity::Medium, Severity::High];
}

impl DisputeOutcome {
    pub const ALL: [DisputeOutcome; 3] = [
        DisputeOutcome::Resolved,
        DisputeOutcome::Escalated,
        DisputeOutcome::Withdrawn,
    ];
}

/// A party to a dispute: a resident on file, or someone from outside.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Party {
    Resident(Id),
    Outsider { name: String, phone: String },
}

/// 矛盾纠纷: a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dispute {
    pub id: Id,
    pub community: Id,
    pub grid: Id,
    /// The household it concerns most, if any.
    pub household: Option<Id>,
    pub title: String,
    pub category: DisputeCategory,
    pub parties: Vec<Party>,
    pub place: String,
    pub reported_at: Instant,
    pub reported_by: String,
    pub severity: Severity,
    /// 化解时限
    pub deadline: Day,
    pub mediator: String,
    pub status: DisputeStatus,
    pub outcome: Option<DisputeOutcome>,
}

/// One step on a dispute's timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MediationNote {
    pub id: Id,
    pub dispute: Id,
    pub at: Instant,
    pub staff: String,
    /// The status the case moved to with this note.
    pub status: DisputeStatus,
    pub text: String,
}

/// Where a follow-up came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum FollowUpSource {
    Visit(Id),
    Dispute(Id),
    Manual,
    /// Scheduled by itself when a visit found nobody home or needs a revisit; settled by
    /// the next visit that meets the household.
    KnockAgain(Id),
}

/// 微心愿 / 急难盼: something to do for a household by a day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUp {
    pub id: Id,
    pub household: Id,
    pub source: FollowUpSource,
    pub title: String,
    pub due: Day,
    /// OS user name of who should do it.
    pub owner: String,
    pub done: Option<Done>,
}

impl FollowUp {
    /// The title as the reader's language says it: a knock-again the program named itself
    /// (再次上门 / knock again) is named in either language; a title someone wrote stays as written.
    pub fn title_in(&self, lang: crate::i18n::Lang) -> &str {
        const NAMES: [&str; 2] = ["再次上门", "knock again"];
        match self.source {
            FollowUpSource::KnockAgain(_) if NAMES.contains(&self.title.as_str()) => {
                lang.pick(NAMES[0], NAMES[1])
            }
            _ => &self.title,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Done {
    pub at: Instant,
    pub by: String,
    pub note: String,
}

impl Visit {
    pub fn validate(&self, now: Instant) -> Result<(), Invalid> {
        if self.at > now + 300 {
            return Err(Invalid::new(
                "the visit time is in the future; give the time the door was knocked on",
            ));
        }
        if self.findings.chars().count() > 4000 {
            return Err(Invalid::new(
                "the findings are longer than 4000 characters; shorten them",
            ));
        }
        Ok(())
    }
}

impl Dispute {
    pub fn validate(&self) -> Result<(), Invalid> {
        if self.title.trim().is_empty() {
            return Err(Invalid::new(
                "a dispute needs a title; say in a few words what it is about",
            ));
        }
        if self.deadline < super::time::local_day(self.reported_at) {
            return Err(Invalid::new(
                "the deadline is before the day the dispute was reported; pick a later day",
            ));
        }
        if (self.status == DisputeStatus::Closed) != self.outcome.is_some() {
            return Err(Invalid::new(
                "a closed dispute needs an outcome, and only a closed one",
            ));
        }
        Ok(())
    }
}

impl FollowUp {
    pub fn validate(&self) -> Result<(), Invalid> {
        if self.title.trim().is_empty() {
            return Err(Invalid::new(
                "a follow-up needs a title; say what is to be done",
            ));
        }
        Ok(())
    }

    pub fn is_overdue(&self, today: Day) -> bool {
        self.done.is_none() && self.due < today
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_dispute_loop_runs_found_to_closed_and_stops() {
        let mut s = DisputeStatus::Found;
        let mut seen = vec![s];
        while let Some(n) = s.next() {
            seen.push(n);
            s = n;
        }
        assert_eq!(seen, DisputeStatus::ALL.to_vec());
        assert!(!DisputeStatus::Closed.is_open());
    }
}

//! The party-led side of grid work: party members' profiles (`PartyMember`), party groups
//! built on grids (`PartyGroup`) and party members' households that look after their
//! neighbours (`CentralHousehold`, 党员中心户), with their validation.

use serde::{Deserialize, Serialize};

use super::time::Day;
use super::{Id, Invalid};

/// 党员类别
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PartyCategory {
    /// 直管: the community party organisation keeps the member's relationship.
    Direct,
    /// 在职报到: an in-service member reporting where she lives.
    Reporting,
    /// 流动
    Mobile,
    /// 退休
    Retired,
}

impl PartyCategory {
    pub const ALL: [PartyCategory; 4] = [
        PartyCategory::Direct,
        PartyCategory::Reporting,
        PartyCategory::Mobile,
        PartyCategory::Retired,
    ];

    /// The category's Chinese name.
    pub fn zh(self) -> &'static str {
        match self {
            PartyCategory::Direct => "直管",
            PartyCategory::Reporting => "在职报到",
            PartyCategory::Mobile => "流动",
            PartyCategory::Retired => "退休",
        }
    }

    /// The category's English name, as the command line takes it.
    pub fn en(self) -> &'static str {
        match self {
            PartyCategory::Direct => "direct",
            PartyCategory::Reporting => "reporting",
            PartyCategory::Mobile => "mobile",
            PartyCategory::Retired => "retired",
        }
    }

    /// The category a Chinese or English name means.
    pub fn named(text: &str) -> Option<PartyCategory> {
        let t = text.trim();
        PartyCategory::ALL
            .into_iter()
            .find(|c| c.zh() == t || c.en().eq_ignore_ascii_case(t))
    }
}

/// Why and when a member's profile ended (moved her membership away, died, …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartyEnd {
    pub day: Day,
    pub reason: String,
}

/// 党员: the profile of a resident who is a party member; one per resident, keyed by her.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartyMember {
    pub resident: Id,
    /// The resident's name when the profile was written, for lists and the audit trail.
    pub name: String,
    /// Her party group (党小组), if she is in one.
    pub group: Option<Id>,
    pub category: PartyCategory,
    /// Short texts: 理发, 电工, 法律咨询 …
    pub skills: Vec<String>,
    /// The day she became a member here.
    pub since: Day,
    /// Set when the profile ended; an ended profile stays on file and out of the lists.
    pub ended: Option<PartyEnd>,
}

/// The longest skill, in characters.
pub const SKILL_MAX: usize = 20;

impl PartyMember {
    pub fn is_current(&self) -> bool {
        self.ended.is_none()
    }

    pub fn validate(&self) -> Result<(), Invalid> {
        for s in &self.skills {
            let n = s.trim().chars().count();
            if n == 0 {
                return Err(Invalid::new(
                    "a skill is empty; write each skill as a few words, separated by commas",
                ));
            }
            if n > SKILL_MAX {
                return Err(Invalid::new(format!(
                    "the skill “{}” is longer than {SKILL_MAX} characters; write it shorter",
                    super::shown::quote(s.trim())
                )));
            }
        }
        if let Some(end) = &self.ended {
            if end.reason.trim().is_empty() {
                return Err(Invalid::new(
                    "say why the profile ends (moved away, transferred, died …)",
                ));
            }
        }
        Ok(())
    }
}

/// 党小组: a party group built on a grid, with a leader who is a party member.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartyGroup {
    pub id: Id,
    pub community: Id,
    pub grid: Id,
    pub name: String,
    /// The leader: a resident with a current party member profile.
    pub leader: Id,
}

impl PartyGroup {
    /// `leader_is_member`: whether the leader has a current party member profile.
    pub fn validate(&self, leader_is_member: bool) -> Result<(), Invalid> {
        if self.name.trim().is_empty() {
            return Err(Invalid::new("give the party group a name, as 第一党小组"));
        }
        if !leader_is_member {
            return Err(Invalid::new(
                "the leader of a party group must be a party member; add her profile with `gridbook member add` first",
            ));
        }
        Ok(())
    }
}

/// One neighbouring household a 中心户 keeps in touch with, since a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartyLink {
    pub household: Id,
    pub since: Day,
}

/// 党员中心户: a party member's household linked to the neighbouring households it looks
/// after (about ten). Its contacts with them are visits like any other.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CentralHousehold {
    pub household: Id,
    pub links: Vec<PartyLink>,
}

/// How many households a 中心户 looks after, as the guidance has it.
pub const LINKS_AIM: usize = 10;

impl CentralHousehold {
    pub fn validate(&self) -> Result<(), Invalid> {
        let mut seen = std::collections::HashSet::new();
        for l in &self.links {
            if l.household == self.household {
                return Err(Invalid::new(
                    "a 中心户 cannot be linked to its own household; link a neighbour",
                ));
            }
            if !seen.insert(l.household) {
                return Err(Invalid::new(
                    "that household is linked to this 中心户 already; link another one",
                ));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn categories_are_read_in_either_language() {
        assert_eq!(
            PartyCategory::named("在职报到"),
            Some(PartyCategory::Reporting)
        );
        assert_eq!(
            PartyCategory::named("Retired"),
            Some(PartyCategory::Retired)
        );
        assert_eq!(PartyCategory::named("党员"), None);
    }

    #[test]
    fn a_link_to_itself_or_twice_is_refused() {
        let mut c = CentralHousehold {
            household: 1,
            links: vec![PartyLink {
                household: 1,
                since: 0,
            }],
        };
        assert_eq!(
            c.validate().unwrap_err().0,
            "a 中心户 cannot be linked to its own household; link a neighbour"
        );
        c.links = vec![
            PartyLink {
                household: 2,
                since: 0,
            },
            PartyLink {
                household: 2,
                since: 5,
            },
        ];
        assert_eq!(
            c.validate().unwrap_err().0,
            "that household is linked to this 中心户 already; link another one"
        );
    }

    #[test]
    fn a_leader_who_is_not_a_member_is_refused() {
        let g = PartyGroup {
            id: 1,
            community: 1,
            grid: 1,
            name: "第一党小组".into(),
            leader: 3,
        };
        assert!(g.validate(true).is_ok());
        assert!(g
            .validate(false)
            .unwrap_err()
            .0
            .starts_with("the leader of a party group must be a party member"));
    }
}

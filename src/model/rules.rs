//! When a household is due for its next visit: days per care tag, and for everyone else.

use serde::{Deserialize, Serialize};

use super::CareTag;

/// Visit intervals. A household is due when its last visit is this many days old; with
/// several care tags, the shortest interval counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitRules {
    pub per_tag: Vec<(CareTag, u16)>,
    /// Days for a household with no care tag.
    pub default_days: u16,
    /// 人口信息核实: a household's roster is due to be checked again after this many months.
    /// Rules stored in format 1 read as the default.
    #[serde(
        default = "default_roster_months",
        deserialize_with = "added_roster_months"
    )]
    pub roster_months: u16,
}

/// Months between checks of a household's roster, unless the rules say otherwise.
pub const DEFAULT_ROSTER_MONTHS: u16 = 12;

fn default_roster_months() -> u16 {
    DEFAULT_ROSTER_MONTHS
}

fn added_roster_months<'de, D: serde::Deserializer<'de>>(d: D) -> Result<u16, D::Error> {
    crate::store::codec::since_v2_or(d, default_roster_months)
}

impl Default for VisitRules {
    /// Elderly living alone every 7 days, other care tags every 14, everyone else every 90;
    /// rosters checked every 12 months.
    fn default() -> Self {
        VisitRules {
            per_tag: CareTag::ALL
                .iter()
                .map(|t| (*t, if *t == CareTag::ElderlyAlone { 7 } else { 14 }))
                .collect(),
            default_days: 90,
            roster_months: DEFAULT_ROSTER_MONTHS,
        }
    }
}

impl VisitRules {
    pub fn interval(&self, tags: &[CareTag]) -> u16 {
        tags.iter()
            .filter_map(|t| self.per_tag.iter().find(|(k, _)| k == t).map(|(_, d)| *d))
            .min()
            .unwrap_or(self.default_days)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shortest_interval_of_a_households_tags_counts() {
        let r = VisitRules::default();
        assert_eq!(r.interval(&[]), 90);
        assert_eq!(r.interval(&[CareTag::Disabled]), 14);
        assert_eq!(r.interval(&[CareTag::Disabled, CareTag::ElderlyAlone]), 7);
    }
}

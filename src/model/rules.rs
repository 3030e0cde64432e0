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
}

impl Default for VisitRules {
    /// Elderly living alone every 7 days, other care tags every 14, everyone else every 90.
    fn default() -> Self {
        VisitRules {
            per_tag: CareTag::ALL
                .iter()
                .map(|t| (*t, if *t == CareTag::ElderlyAlone { 7 } else { 14 }))
                .collect(),
            default_days: 90,
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

//! What a member of staff may see and change: everything, some communities, or some grids.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::{Grid, Id, Role, Staff};

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Scope {
    /// Street admins and the owner of the data directory see everything.
    pub all: bool,
    /// Communities seen whole.
    pub communities: BTreeSet<Id>,
    /// Grids seen, with every grid below them.
    pub grids: BTreeSet<Id>,
}

impl Scope {
    pub fn everything() -> Scope {
        Scope {
            all: true,
            ..Scope::default()
        }
    }

    /// A staff member's scope, with the grids below their grids added.
    pub fn of(staff: &Staff, grids: &[Grid]) -> Scope {
        match staff.role {
            Role::StreetAdmin => Scope::everything(),
            Role::CommunityAdmin => Scope {
                all: false,
                communities: staff.communities.iter().copied().collect(),
                grids: BTreeSet::new(),
            },
            Role::GridCaptain => {
                let set = with_grids_below(staff.grids.iter().copied(), grids);
                Scope {
                    all: false,
                    communities: BTreeSet::new(),
                    grids: set,
                }
            }
        }
    }

    /// Whether records in this grid (of this community) are in scope.
    pub fn sees(&self, community: Id, grid: Id) -> bool {
        self.all || self.communities.contains(&community) || self.grids.contains(&grid)
    }

    /// Whether the structure of a community may be changed (its name, grids, buildings and
    /// who looks after them): a street admin anything, a community admin her communities, a
    /// grid captain nothing.
    pub fn may_restructure(&self, community: Id) -> bool {
        self.all || self.communities.contains(&community)
    }

    /// Whether a community shows in the tree at all (whole, or for a grid within it).
    pub fn shows_community(&self, community: Id, grids: &[Grid]) -> bool {
        self.all
            || self.communities.contains(&community)
            || grids
                .iter()
                .any(|g| g.community == community && self.grids.contains(&g.id))
    }
}

/// Some grids with every grid below them.
pub fn with_grids_below(named: impl IntoIterator<Item = Id>, grids: &[Grid]) -> BTreeSet<Id> {
    let mut set: BTreeSet<Id> = named.into_iter().collect();
    // Grids are at most four levels deep: a few passes find every descendant.
    for _ in 0..4 {
        for g in grids {
            if g.parent.is_some_and(|p| set.contains(&p)) {
                set.insert(g.id);
            }
        }
    }
    set
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid(id: Id, community: Id, parent: Option<Id>, level: u8) -> Grid {
        Grid {
            id,
            community,
            parent,
            level,
            name: format!("网格{id}"),
            captain: None,
        }
    }

    #[test]
    fn a_grid_captain_sees_her_grids_and_the_grids_below_them() {
        let grids = vec![
            grid(10, 1, None, 1),
            grid(11, 1, Some(10), 2),
            grid(12, 1, Some(11), 3),
            grid(20, 1, None, 1),
            grid(30, 2, None, 1),
        ];
        let staff = Staff {
            user: "zhangli".into(),
            display_name: "张丽".into(),
            role: Role::GridCaptain,
            grids: vec![10],
            communities: vec![],
        };
        let s = Scope::of(&staff, &grids);
        assert!(s.sees(1, 10) && s.sees(1, 11) && s.sees(1, 12));
        assert!(!s.sees(1, 20) && !s.sees(2, 30));
        assert!(s.shows_community(1, &grids) && !s.shows_community(2, &grids));
    }
}

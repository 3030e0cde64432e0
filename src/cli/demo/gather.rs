//! What the demo's later parts (the agenda, 双报到 and the campaign) gather per community
//! while its households are made: the community's grids with their captains, and its
//! households, in the order they were made.

use crate::model::Id;

pub(super) struct Place<H> {
    pub community: Id,
    /// Grids with doors and their captains' user names.
    pub grids: Vec<(Id, String)>,
    pub houses: Vec<H>,
}

/// The communities met so far, the current one last.
pub(super) struct Places<H>(pub Vec<Place<H>>);

impl<H> Places<H> {
    pub fn new() -> Self {
        Places(Vec::new())
    }

    /// A new community begins.
    pub fn community(&mut self, community: Id) {
        self.0.push(Place {
            community,
            grids: Vec::new(),
            houses: Vec::new(),
        });
    }

    /// A grid with doors in the current community, and its captain's user name.
    pub fn grid(&mut self, grid: Id, user: &str) {
        if let Some(p) = self.0.last_mut() {
            p.grids.push((grid, user.to_string()));
        }
    }
}

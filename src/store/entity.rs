//! Which tree each record lives in, its key, and the index entries it implies.

use serde::{de::DeserializeOwned, Serialize};

use super::keys;
use super::TreeId;
use crate::model::{
    Building, BuildingCaptain, Community, Dispute, FollowUp, Grid, Household, MediationNote,
    Resident, Staff, Street, Visit,
};

/// A record the store keeps: its tree, its key, and the index keys derived from it.
/// Indexes are derived only from here, so writes, bulk loads and `check` always agree.
pub trait Entity: Serialize + DeserializeOwned + Clone + Send + 'static {
    const TREE: TreeId;
    fn key(&self) -> Vec<u8>;
    fn index_keys(&self) -> Vec<(TreeId, Vec<u8>)> {
        Vec::new()
    }
}

macro_rules! by_id {
    ($t:ty, $tree:expr) => {
        impl Entity for $t {
            const TREE: TreeId = $tree;
            fn key(&self) -> Vec<u8> {
                keys::id(self.id).to_vec()
            }
        }
    };
}

by_id!(Street, TreeId::Streets);
by_id!(Community, TreeId::Communities);
by_id!(Grid, TreeId::Grids);
by_id!(Building, TreeId::Buildings);

impl Entity for Household {
    const TREE: TreeId = TreeId::Households;
    fn key(&self) -> Vec<u8> {
        keys::id(self.id).to_vec()
    }
    fn index_keys(&self) -> Vec<(TreeId, Vec<u8>)> {
        let a = self.address;
        let mut out = vec![(
            TreeId::HouseholdsByBuilding,
            keys::join(&[
                &keys::id(self.building),
                &[a.entrance],
                &a.room.to_be_bytes(),
                &keys::id(self.id),
            ]),
        )];
        if let Some(c) = self.captain {
            out.push((
                TreeId::HouseholdsByCaptain,
                keys::join(&[&keys::id(c), &keys::id(self.id)]),
            ));
        }
        out
    }
}

impl Entity for Resident {
    const TREE: TreeId = TreeId::Residents;
    fn key(&self) -> Vec<u8> {
        keys::id(self.id).to_vec()
    }
    fn index_keys(&self) -> Vec<(TreeId, Vec<u8>)> {
        let mut out = vec![(
            TreeId::ResidentsByHousehold,
            keys::join(&[&keys::id(self.household), &keys::id(self.id)]),
        )];
        if !self.id_number.is_empty() {
            out.push((
                TreeId::ResidentsByIdNumber,
                keys::join(&[
                    self.id_number.to_ascii_uppercase().as_bytes(),
                    &keys::id(self.id),
                ]),
            ));
        }
        out
    }
}

by_id!(BuildingCaptain, TreeId::Captains);

impl Entity for Staff {
    const TREE: TreeId = TreeId::Staff;
    fn key(&self) -> Vec<u8> {
        self.user.as_bytes().to_vec()
    }
}

impl Entity for Visit {
    const TREE: TreeId = TreeId::Visits;
    fn key(&self) -> Vec<u8> {
        keys::id(self.id).to_vec()
    }
    fn index_keys(&self) -> Vec<(TreeId, Vec<u8>)> {
        vec![(
            TreeId::VisitsByHousehold,
            keys::join(&[
                &keys::id(self.household),
                &keys::instant_desc(self.at),
                &keys::id(self.id),
            ]),
        )]
    }
}

impl Entity for Dispute {
    const TREE: TreeId = TreeId::Disputes;
    fn key(&self) -> Vec<u8> {
        keys::id(self.id).to_vec()
    }
    fn index_keys(&self) -> Vec<(TreeId, Vec<u8>)> {
        let mut out = Vec::new();
        if let Some(h) = self.household {
            out.push((
                TreeId::DisputesByHousehold,
                keys::join(&[&keys::id(h), &keys::id(self.id)]),
            ));
        }
        if self.status.is_open() {
            out.push((
                TreeId::OpenDisputes,
                keys::join(&[&keys::day(self.deadline), &keys::id(self.id)]),
            ));
        }
        out
    }
}

impl Entity for MediationNote {
    const TREE: TreeId = TreeId::Notes;
    fn key(&self) -> Vec<u8> {
        keys::join(&[&keys::id(self.dispute), &keys::id(self.id)])
    }
}

impl Entity for FollowUp {
    const TREE: TreeId = TreeId::FollowUps;
    fn key(&self) -> Vec<u8> {
        keys::id(self.id).to_vec()
    }
    fn index_keys(&self) -> Vec<(TreeId, Vec<u8>)> {
        let mut out = vec![(
            TreeId::FollowUpsByHousehold,
            keys::join(&[&keys::id(self.household), &keys::id(self.id)]),
        )];
        if self.done.is_none() {
            out.push((
                TreeId::OpenFollowUpsByDue,
                keys::join(&[&keys::day(self.due), &keys::id(self.id)]),
            ));
        }
        out
    }
}

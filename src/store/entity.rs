//! Which tree each record lives in, its key, and the index entries it implies.

use serde::{de::DeserializeOwned, Serialize};

use super::keys;
use super::TreeId;
use crate::model::{
    Building, BuildingCaptain, Community, Dispute, FollowUp, Grid, Household, MediationNote,
    Resident, Staff, Street, Visit, VisitOutcome, Wish,
};

/// A record the store keeps: its tree, its key, and the index keys derived from it.
/// Indexes are derived only from here, so writes, bulk loads and `check` always agree.
pub trait Entity: Serialize + DeserializeOwned + Clone + Send + 'static {
    const TREE: TreeId;
    fn key(&self) -> Vec<u8>;
    fn index_keys(&self) -> Vec<(TreeId, Vec<u8>)> {
        Vec::new()
    }
    /// What an index entry holds besides its key: nothing, except where a reader can then
    /// skip reading the record (a visit's outcome, for when a household was last met).
    fn index_value(&self, _index: TreeId) -> Vec<u8> {
        Vec::new()
    }
    /// Fields that a sync merges as one unit, not field by field: a life cycle's state with
    /// what the state says (who holds it, its note, its history).
    const TOGETHER: &'static [&'static str] = &[];
    /// What this record tells its household's digest (`digest::HouseholdDigest`), if anything.
    fn digest_part(&self) -> Option<super::digest::Part> {
        None
    }
    /// What this record tells the campaign tallies (`tally::Part`), if anything.
    fn tally_part(&self) -> Option<super::tally::Part> {
        None
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
    fn tally_part(&self) -> Option<super::tally::Part> {
        Some(super::tally::Part::of_household(self))
    }
}

impl Entity for Resident {
    const TREE: TreeId = TreeId::Residents;
    fn key(&self) -> Vec<u8> {
        keys::id(self.id).to_vec()
    }
    fn index_keys(&self) -> Vec<(TreeId, Vec<u8>)> {
        let by_household = if self.is_current() {
            TreeId::ResidentsByHousehold
        } else {
            TreeId::FormerResidentsByHousehold
        };
        let mut out = vec![(
            by_household,
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
        vec![
            (
                TreeId::VisitsByHousehold,
                keys::join(&[
                    &keys::id(self.household),
                    &keys::instant_desc(self.at),
                    &keys::id(self.id),
                ]),
            ),
            (
                TreeId::VisitsByTime,
                keys::join(&[&keys::instant(self.at), &keys::id(self.id)]),
            ),
            (
                TreeId::VisitLines,
                keys::join(&[&keys::instant(self.at), &keys::id(self.id)]),
            ),
        ]
    }
    fn digest_part(&self) -> Option<super::digest::Part> {
        Some(super::digest::Part::Visit {
            household: self.household,
            seen: super::digest::Seen {
                at: self.at,
                staff: self.staff.clone(),
                visit: self.id,
            },
            met: self.outcome == VisitOutcome::Met,
            checked: self.roster_checked,
        })
    }
    fn index_value(&self, index: TreeId) -> Vec<u8> {
        match index {
            TreeId::VisitsByTime => keys::id(self.household).to_vec(),
            TreeId::VisitLines => super::visit_lines::VisitLine::value_of(self),
            TreeId::VisitsByHousehold => vec![
                outcome_byte(self.outcome)
                    | if self.roster_checked {
                        ROSTER_CHECKED
                    } else {
                        0
                    },
            ],
            _ => Vec::new(),
        }
    }
}

/// A visit's outcome as the byte its visits-by-household entry holds. Entries written before
/// the byte was kept are empty, and their readers read the visit instead.
pub fn outcome_byte(o: VisitOutcome) -> u8 {
    match o {
        VisitOutcome::Met => 1,
        VisitOutcome::NotHome => 2,
        VisitOutcome::Refused => 3,
        VisitOutcome::Revisit => 4,
    }
}

/// The bit of a visits-by-household entry's byte that says the visit checked the roster.
pub const ROSTER_CHECKED: u8 = 0x80;

/// The outcome an entry's byte names; None for an empty or unknown value.
pub fn outcome_of_byte(v: &[u8]) -> Option<VisitOutcome> {
    match v {
        [b] => match b & !ROSTER_CHECKED {
            1 => Some(VisitOutcome::Met),
            2 => Some(VisitOutcome::NotHome),
            3 => Some(VisitOutcome::Refused),
            4 => Some(VisitOutcome::Revisit),
            _ => None,
        },
        _ => None,
    }
}

/// Whether an entry's byte says the visit checked the roster; None for an entry written
/// before entries kept the outcome, whose reader reads the visit instead.
pub fn roster_checked_of_byte(v: &[u8]) -> Option<bool> {
    outcome_of_byte(v).map(|_| v.first().is_some_and(|b| b & ROSTER_CHECKED != 0))
}

impl Entity for Dispute {
    const TREE: TreeId = TreeId::Disputes;
    const TOGETHER: &'static [&'static str] = &["status", "outcome"];
    fn key(&self) -> Vec<u8> {
        keys::id(self.id).to_vec()
    }
    fn digest_part(&self) -> Option<super::digest::Part> {
        self.household
            .map(|household| super::digest::Part::Dispute {
                household,
                id: self.id,
                deadline: self.deadline,
                open: self.status.is_open(),
            })
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
    fn digest_part(&self) -> Option<super::digest::Part> {
        Some(super::digest::Part::FollowUp {
            household: self.household,
            id: self.id,
            due: self.due,
            open: self.done.is_none(),
        })
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

// Party records (model/party.rs): a profile by its resident, a group by id, a 中心户 by its
// household.
impl Entity for crate::model::party::PartyMember {
    const TREE: TreeId = TreeId::PartyMembers;
    fn key(&self) -> Vec<u8> {
        keys::id(self.resident).to_vec()
    }
}

by_id!(crate::model::party::PartyGroup, TreeId::PartyGroups);

impl Entity for crate::model::party::CentralHousehold {
    const TREE: TreeId = TreeId::CentralHouseholds;
    fn key(&self) -> Vec<u8> {
        keys::id(self.household).to_vec()
    }
    /// Each linked household finds its 中心户 without reading every 中心户.
    fn index_keys(&self) -> Vec<(TreeId, Vec<u8>)> {
        self.links
            .iter()
            .map(|l| {
                (
                    TreeId::CentralByHousehold,
                    keys::join(&[&keys::id(l.household), &keys::id(self.household)]),
                )
            })
            .collect()
    }
}

impl Entity for Wish {
    const TREE: TreeId = TreeId::Wishes;
    const TOGETHER: &'static [&'static str] = &["state", "taker", "satisfaction", "history"];
    fn key(&self) -> Vec<u8> {
        keys::id(self.id).to_vec()
    }
    fn index_keys(&self) -> Vec<(TreeId, Vec<u8>)> {
        vec![(
            TreeId::WishesByHousehold,
            keys::join(&[&keys::id(self.household), &keys::id(self.id)]),
        )]
    }
}

impl Entity for crate::model::AgendaItem {
    const TREE: TreeId = TreeId::AgendaItems;
    const TOGETHER: &'static [&'static str] = &["state", "decision", "done", "history"];
    fn key(&self) -> Vec<u8> {
        keys::id(self.id).to_vec()
    }
}

impl Entity for crate::model::Campaign {
    const TREE: TreeId = TreeId::Campaigns;
    fn key(&self) -> Vec<u8> {
        keys::id(self.id).to_vec()
    }
}

impl Entity for crate::model::DoorCheck {
    const TREE: TreeId = TreeId::DoorChecks;
    fn key(&self) -> Vec<u8> {
        keys::id(self.id).to_vec()
    }
    fn index_keys(&self) -> Vec<(TreeId, Vec<u8>)> {
        vec![(
            TreeId::DoorChecksByCampaign,
            keys::join(&[
                &keys::id(self.campaign),
                &keys::id(self.household),
                &keys::id(self.id),
            ]),
        )]
    }
    /// When, and the result: the next door and the daily report read the index alone.
    fn index_value(&self, _index: TreeId) -> Vec<u8> {
        keys::join(&[&keys::instant(self.at), self.result.as_bytes()])
    }
    fn tally_part(&self) -> Option<super::tally::Part> {
        Some(super::tally::Part::of_check(self))
    }
}

impl Entity for crate::model::SentDown {
    const TREE: TreeId = TreeId::SentDown;
    fn key(&self) -> Vec<u8> {
        keys::id(self.id).to_vec()
    }
}
by_id!(crate::model::Meeting, TreeId::Meetings);
// 双报到 records (model/registrant.rs), each by id.
by_id!(crate::model::registrant::Registrant, TreeId::Registrants);
by_id!(crate::model::registrant::Post, TreeId::Posts);
by_id!(crate::model::registrant::PostClaim, TreeId::PostClaims);
by_id!(
    crate::model::registrant::ServiceRecord,
    TreeId::ServiceRecords
);

//! The domain model: plain data types named by the glossary, with validation; no I/O.

pub mod address;
pub mod agenda;
pub mod campaign;
pub mod draft;
pub mod idnumber;
pub mod naming;
pub mod party;
pub mod people;
pub mod phone;
pub mod place;
pub mod rebalance;
pub mod registrant;
pub mod rules;
pub mod scope;
pub mod shown;
pub mod time;
pub mod wish;
pub mod work;

pub use address::Address;
pub use agenda::{
    AgendaItem, AgendaKind, AgendaState, AgendaStep, Decision, Meeting, MeetingKind, RaisedBy,
};
pub use campaign::{Campaign, CampaignKind, CampaignState, DoorCheck, SentDown, Tally};
pub use people::{
    BuildingCaptain, CareTag, HouseStatus, Household, Landlord, LeaveReason, Leaving, Relation,
    Residence, Resident, Role, Sex, Staff, Tenancy,
};
pub use place::{Building, Community, Grid, Street};
pub use wish::{Wish, WishCategory, WishMove, WishSource, WishState, WishStep};
pub use work::{
    Dispute, DisputeCategory, DisputeOutcome, DisputeStatus, FollowUp, FollowUpSource,
    MediationNote, Party, Severity, Visit, VisitOutcome, VisitPurpose,
};

/// Every record's identity. Ids are allocated by the store and never reused.
pub type Id = u64;

/// A validation failure: one sentence a person can act on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Invalid(pub String);

impl Invalid {
    pub fn new(msg: impl Into<String>) -> Self {
        Invalid(msg.into())
    }
}

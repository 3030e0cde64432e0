//! Drafts: a form's values as typed, kept so that a killed process loses no half-typed note.

use serde::{Deserialize, Serialize};

use super::time::Instant;
use super::Id;

/// Which form a draft belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DraftKind {
    Visit,
    Dispute,
    DisputeStep,
    FollowUpDone,
    /// A household's facts (target: the household).
    Household,
    /// A resident added (target: the household).
    AddResident,
    /// A resident changed, leaving, or moving (target: the resident).
    EditResident,
    LeaveResident,
    MoveResident,
    /// A new household (target: the building).
    NewHousehold,
}

/// One form's values, field by field, as the user typed them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    /// OS user name of whoever was typing.
    pub user: String,
    pub kind: DraftKind,
    /// The household, dispute or follow-up the form is about.
    pub target: Id,
    /// What the resume prompt shows, such as the address.
    pub label: String,
    pub saved_at: Instant,
    /// Field name and value; choices by index, check lists as comma-separated ids.
    pub values: Vec<(String, String)>,
}

impl Draft {
    /// The key a draft is kept under: one draft per user, form and target.
    pub fn key(&self) -> Vec<u8> {
        draft_key(&self.user, self.kind, self.target)
    }

    pub fn value(&self, field: &str) -> Option<&str> {
        self.values
            .iter()
            .find(|(k, _)| k == field)
            .map(|(_, v)| v.as_str())
    }
}

pub fn draft_key(user: &str, kind: DraftKind, target: Id) -> Vec<u8> {
    let mut k = user.as_bytes().to_vec();
    k.push(0);
    k.push(kind as u8);
    k.extend_from_slice(&target.to_be_bytes());
    k
}

/// The prefix of all of one user's drafts.
pub fn user_prefix(user: &str) -> Vec<u8> {
    let mut k = user.as_bytes().to_vec();
    k.push(0);
    k
}

//! Operations on a user's own drafts: half-typed forms kept in the store across a crash.

use serde::{Deserialize, Serialize};

use super::{outside, Cx, Request, Result};
use crate::model::draft::Draft;

/// Keeps a draft, as the caller's whoever it names.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PutDraft(pub Draft);

impl Request for PutDraft {
    type Reply = ();
    const RESEND: bool = true;
    fn handle(self, cx: &Cx) -> Result<()> {
        let mut d = self.0;
        d.user = cx.user.clone();
        Ok(cx.store.put_draft(&d)?)
    }
}

/// Drops one of the caller's own drafts.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DeleteDraft(pub Vec<u8>);

impl Request for DeleteDraft {
    type Reply = ();
    const RESEND: bool = true;
    fn handle(self, cx: &Cx) -> Result<()> {
        // Only one's own drafts: the key starts with the user name.
        if !self
            .0
            .starts_with(&crate::model::draft::user_prefix(&cx.user))
        {
            return Err(outside());
        }
        Ok(cx.store.delete_draft(&self.0)?)
    }
}

/// The caller's drafts.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Drafts;

impl Request for Drafts {
    type Reply = Vec<Draft>;
    const RESEND: bool = true;
    fn handle(self, cx: &Cx) -> Result<Vec<Draft>> {
        Ok(cx.store.drafts_of(&cx.user)?)
    }
}

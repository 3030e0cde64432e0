//! The sync operation: a laptop's sync with the server, and a replica's own bookkeeping (see
//! `store::sync`), each step checked against the caller's scope.

use serde::{Deserialize, Serialize};

use super::{outside, Cx, Request, Result};
use crate::model::Id;
use crate::store::sync;

/// One step of a sync, asked through the `SyncRequest` operation.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub enum SyncCall {
    /// The start of a sync: this replica's origin and version vector at one moment, and a
    /// fresh origin number for a laptop that has none yet.
    Hello {
        want_origin: bool,
    },
    /// This replica's version vector at one moment.
    Moment,
    Pull(sync::PullRequest),
    Push(sync::SyncBatch),
    /// Make this (empty) store the replica with this number.
    Adopt(u16),
    /// How a sync with `peer` ended: the peer's version vector, or the error.
    Record {
        peer: String,
        outcome: std::result::Result<sync::VersionVector, String>,
    },
    Status,
    HasCopy,
    Conflicts,
    Resolve {
        id: Vec<u8>,
        restore: bool,
    },
    Forget,
    /// How far the server holds a copy of replica `origin`'s audit trail.
    TrailAt(u16),
    /// The next entries of a replica's audit trail, to keep (chain checked).
    Trail {
        origin: u16,
        entries: Vec<Vec<u8>>,
    },
    /// This replica's own trail after an entry, at most `limit` entries.
    TrailAfter {
        seq: u64,
        limit: usize,
    },
    /// The server holds this replica's trail up to this entry.
    TrailSent(u64),
    /// Where a first copy that was cut off got to (its moment and cursor), if it was.
    CopyCursor,
    SaveCopyCursor(Option<(sync::VersionVector, sync::Cursor)>),
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub enum SyncReply {
    Hello(sync::Hello),
    Moment(sync::VersionVector),
    Batch(sync::SyncBatch),
    Applied(sync::Applied),
    Status(sync::SyncStatus),
    Yes(bool),
    Conflicts(Vec<sync::ConflictRow>),
    Resolved(Box<sync::Conflict>),
    Forgot { dropped: u64, kept: u64 },
    Seq(u64),
    Trail(Vec<Vec<u8>>),
    Copy(Option<(sync::VersionVector, sync::Cursor)>),
    Done,
}

/// One step of a sync.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SyncRequest(pub SyncCall);

impl Request for SyncRequest {
    type Reply = SyncReply;
    fn handle(self, cx: &Cx) -> Result<SyncReply> {
        let call = self.0;
        use crate::store::sync::Place;
        let scope = &cx.scope;
        let sees = |p: Place| match p {
            Place::Map => true,
            Place::At { community, grid } => scope.sees(community, grid),
            Place::Community(c) => scope.may_restructure(c),
        };
        let may_write = |p: Place| match p {
            Place::Map => scope.all,
            other => sees(other),
        };
        Ok(match call {
            SyncCall::Hello { want_origin } => SyncReply::Hello(crate::store::sync::Hello {
                origin: cx.store.origin(),
                upto: cx.store.sync_moment()?,
                assigned: if want_origin {
                    Some(cx.store.allocate_origin_for(&cx.user)?)
                } else {
                    None
                },
                user: cx.user.clone(),
            }),
            SyncCall::Moment => SyncReply::Moment(cx.store.sync_moment()?),
            SyncCall::Pull(req) => {
                let visible: Option<&dyn Fn(Place) -> bool> =
                    if scope.all { None } else { Some(&sees) };
                SyncReply::Batch(cx.store.sync_pull(&req, visible)?)
            }
            SyncCall::Push(batch) => {
                cx.store.check_push(&batch, &may_write)?;
                let applied = cx.store.sync_apply(&cx.user, &batch)?;
                follow_in_search(cx, &batch);
                SyncReply::Applied(applied)
            }
            SyncCall::Adopt(origin) => {
                cx.admin()?;
                cx.store.adopt_origin(origin)?;
                SyncReply::Done
            }
            SyncCall::Record { peer, outcome } => {
                cx.admin()?;
                cx.store
                    .record_sync(&peer, outcome.as_ref().map_err(|e| e.as_str()))?;
                SyncReply::Done
            }
            SyncCall::Status => {
                let mut status = cx.store.sync_status()?;
                if !scope.all {
                    // Counted over what the caller may see, as the list shows them.
                    status.open_conflicts = cx
                        .store
                        .conflicts()?
                        .iter()
                        .filter(|r| r.conflict.resolved.is_none())
                        .filter(|r| conflict_in_scope(cx, &r.conflict))
                        .count() as u64;
                }
                SyncReply::Status(status)
            }
            SyncCall::HasCopy => SyncReply::Yes(cx.store.has_copy()?),
            SyncCall::Conflicts => {
                let mut rows = cx.store.conflicts()?;
                if !scope.all {
                    rows.retain(|r| conflict_in_scope(cx, &r.conflict));
                    for r in &mut rows {
                        unname_outside(cx, &mut r.conflict);
                    }
                }
                SyncReply::Conflicts(rows)
            }
            SyncCall::Resolve { id, restore } => {
                if let Some(c) = cx.store.conflict(&id)? {
                    if !scope.all && !conflict_in_scope(cx, &c) {
                        return Err(outside());
                    }
                }
                let c = cx
                    .store
                    .resolve_conflict_in(&cx.user, &id, restore, &may_write)?;
                SyncReply::Resolved(Box::new(c))
            }
            SyncCall::TrailAt(origin) => SyncReply::Seq(cx.store.trail_at(origin)?),
            SyncCall::Trail { origin, entries } => {
                if !scope.all {
                    cx.store.may_keep_trail(origin, &cx.user)?;
                }
                SyncReply::Seq(cx.store.keep_trail(origin, &entries)?)
            }
            SyncCall::TrailAfter { seq, limit } => {
                cx.admin()?;
                SyncReply::Trail(cx.store.trail_after(seq, limit.min(2_000))?)
            }
            SyncCall::TrailSent(seq) => {
                cx.admin()?;
                cx.store.trail_sent(seq)?;
                SyncReply::Done
            }
            SyncCall::CopyCursor => SyncReply::Copy(cx.store.copy_cursor()?),
            SyncCall::SaveCopyCursor(at) => {
                cx.admin()?;
                cx.store.set_copy_cursor(at.as_ref())?;
                SyncReply::Done
            }
            SyncCall::Forget => {
                cx.admin()?;
                let (dropped, kept) = cx.store.forget_synced(&cx.user)?;
                // The saved index names people just forgotten: it goes before the new one
                // is built (and saved with only what is left).
                let _ = std::fs::remove_file(cx.store.dir().join(crate::search::snapshot::FILE));
                cx.search.rebuild(&cx.store);
                SyncReply::Forgot { dropped, kept }
            }
        })
    }

    fn touches(&self, _cx: &Cx) -> Option<Vec<Id>> {
        match &self.0 {
            SyncCall::Push(batch) => Some(sync::households_in(batch)),
            // A sync recorded (its success or its failure) refreshes everyone's status line.
            SyncCall::Resolve { .. } | SyncCall::Forget | SyncCall::Record { .. } => {
                Some(Vec::new())
            }
            _ => None,
        }
    }
}

/// Whether the record a conflict is about lies in this user's scope.
fn conflict_in_scope(cx: &Cx, c: &crate::store::sync::Conflict) -> bool {
    let Some(tree) = crate::store::sync::SYNCED
        .into_iter()
        .find(|t| t.name() == c.tree)
    else {
        return false;
    };
    match cx.store.tree(tree).get(&c.key) {
        Ok(Some(bytes)) => {
            matches!(
                cx.store.place_of(tree, &bytes, &Default::default()),
                Ok(Some(crate::store::sync::Place::At { community, grid }))
                    if cx.scope.sees(community, grid)
            ) || matches!(
                cx.store.place_of(tree, &bytes, &Default::default()),
                Ok(Some(crate::store::sync::Place::Community(c))) if cx.scope.may_restructure(c)
            )
        }
        _ => false,
    }
}

/// A possible duplicate whose other person lives outside the caller's grids says who
/// registered them, never their name (`lost_by` is "user (name)").
fn unname_outside(cx: &Cx, c: &mut crate::store::sync::Conflict) {
    if c.kind != crate::store::sync::ConflictKind::DuplicatePerson {
        return;
    }
    let other = c
        .lost
        .parse::<Id>()
        .ok()
        .and_then(|id| cx.store.get_id::<crate::model::Resident>(id).ok().flatten());
    if other.is_none_or(|r| cx.household(r.household).is_err()) {
        if let Some((by, _)) = c.lost_by.split_once(" (") {
            c.lost_by = by.to_string();
        }
    }
}

/// Brings the search index up to date with the people and households a sync wrote.
fn follow_in_search(cx: &Cx, batch: &crate::store::sync::SyncBatch) {
    use crate::store::{keys, TreeId};
    let ids = |tree: TreeId| -> Vec<Id> {
        batch
            .records
            .iter()
            .filter(|r| r.tree == tree as u8)
            .filter_map(|r| keys::read_id(&r.key, 0))
            .collect()
    };
    let (households, residents) = (ids(TreeId::Households), ids(TreeId::Residents));
    if !households.is_empty() || !residents.is_empty() {
        // The index catching up is not worth failing a sync that is already durable.
        let _ = cx.search.follow(&cx.store, &households, &residents);
    }
}

//! One client connection: the handshake, then calls answered in the caller's scope, with
//! replies and pushed events written by one writer thread.

use std::os::unix::net::UnixStream;
use std::sync::mpsc::channel;
use std::sync::{Arc, Mutex};

use super::protocol::{self, Call, ClientFrame, Reply, ServerFrame, WireError};
use super::Hub;
use crate::client::tables::{in_parts, Part};
use crate::client::{Backend, BackendError, Local};
use crate::io::roster::{Roster, RosterHousehold};
use crate::io::Problems;
use crate::model::Id;

pub fn run(stream: UnixStream, hub: Arc<Hub>) {
    let conn = hub.next_conn();
    let uid = match super::identity::peer_uid(&stream) {
        Ok(uid) => uid,
        Err(_) => return,
    };
    let Ok(mut reader) = stream.try_clone() else {
        return;
    };
    let _ = reader.set_read_timeout(Some(std::time::Duration::from_secs(10)));
    match protocol::read_frame::<ClientFrame>(&mut reader) {
        Ok(ClientFrame::Hello { version }) if version == protocol::PROTOCOL_VERSION => {}
        Ok(ClientFrame::Hello { version }) => {
            let mut w = &stream;
            let _ = protocol::write_frame(
                &mut w,
                &ServerFrame::Refused(format!(
                    "this gridbook speaks protocol {version} but the server speaks {}; run the same version of gridbook on both sides",
                    protocol::PROTOCOL_VERSION
                )),
            );
            return;
        }
        _ => return,
    }
    let _ = reader.set_read_timeout(None);
    let (user, scope) = match super::identity::identify(&hub.store, &hub.dir, uid) {
        Ok(who) => who,
        Err(sentence) => {
            let mut w = &stream;
            let _ = protocol::write_frame(&mut w, &ServerFrame::Refused(sentence));
            return;
        }
    };
    // Replies are written here, as soon as they are ready; events the hub pushes go through
    // a thread of their own, so a client slow to read holds up nobody else's events.
    let out = Arc::new(Mutex::new(stream));
    let send = |frame: &ServerFrame| -> bool {
        let stream = out.lock().unwrap_or_else(|p| p.into_inner());
        let mut w = &*stream;
        protocol::write_frame(&mut w, frame).is_ok()
    };
    let (tx, rx) = channel::<ServerFrame>();
    let events = out.clone();
    let writer_thread = std::thread::spawn(move || {
        for frame in rx {
            let stream = events.lock().unwrap_or_else(|p| p.into_inner());
            let mut w = &*stream;
            if protocol::write_frame(&mut w, &frame).is_err() {
                break;
            }
        }
    });
    send(&ServerFrame::Welcome { user: user.clone() });
    hub.join(conn, tx);
    let backend = Local::scoped(hub.store.clone(), user.clone(), scope, hub.search.clone());
    // The households of a roster being sent for import.
    let mut upload: Vec<RosterHousehold> = Vec::new();
    // A malformed, truncated or oversized frame ends this connection only.
    while let Ok(frame) = protocol::read_frame::<ClientFrame>(&mut reader) {
        hub.touch();
        match frame {
            ClientFrame::Hello { .. } => break,
            ClientFrame::Editing(h) => hub.editing(conn, &user, h),
            ClientFrame::Call {
                id,
                call: Call::StopIfIdle,
            } => {
                let others = hub.connected().saturating_sub(1);
                if others == 0 && backend.scope().all {
                    send(&ServerFrame::Reply {
                        id,
                        result: Ok(Reply::Done),
                    });
                    hub.stop();
                }
                let why = if others > 0 {
                    format!("{others} other gridbook sessions are using the store; try again when they have finished")
                } else {
                    "only an admin may stop the server".to_string()
                };
                send(&ServerFrame::Reply {
                    id,
                    result: Err(WireError::Failed(why)),
                });
            }
            ClientFrame::Call {
                id,
                call: Call::RosterPart(households),
            } => {
                let result = if upload.len() + households.len() > UPLOAD_MAX {
                    upload = Vec::new();
                    Err(WireError::Failed(format!(
                        "a roster may hold {UPLOAD_MAX} households at most; split it into smaller files"
                    )))
                } else {
                    upload.extend(households);
                    Ok(Reply::Done)
                };
                if !send(&ServerFrame::Reply { id, result }) {
                    break;
                }
            }
            ClientFrame::Call { id, call } => {
                let changed = touched(&backend, &call);
                let part = |p: Part| {
                    send(&ServerFrame::Reply {
                        id,
                        result: Ok(Reply::Part(Box::new(p))),
                    });
                };
                let result = answer(&backend, call, &mut upload, &part).map_err(|e| match e {
                    BackendError::OutOfScope(s) => WireError::OutOfScope(s),
                    BackendError::Store(crate::store::StoreError::Stale(d)) => WireError::Stale(d),
                    other => WireError::Failed(other.to_string()),
                });
                let ok = result.is_ok();
                if !send(&ServerFrame::Reply { id, result }) {
                    break;
                }
                if ok {
                    if let Some(households) = changed {
                        hub.changed(households, &user);
                    }
                }
            }
        }
    }
    // Leaving drops the hub's sender, which ends the event thread.
    hub.leave(conn);
    let _ = writer_thread.join();
    let stream = out.lock().unwrap_or_else(|p| p.into_inner());
    let _ = stream.shutdown(std::net::Shutdown::Both);
}

/// The households a write call changes, for the event other clients get; None for reads.
fn touched(backend: &Local, call: &Call) -> Option<Vec<Id>> {
    let store = backend.store();
    match call {
        Call::AddVisit(v) => Some(vec![v.household]),
        Call::OpenDispute(d, _) => Some(d.household.into_iter().collect()),
        Call::AdvanceDispute(step) => Some(
            store
                .get_id::<crate::model::Dispute>(step.dispute)
                .ok()
                .flatten()
                .and_then(|d| d.household)
                .into_iter()
                .collect(),
        ),
        Call::CompleteFollowUp(id, _) => Some(
            store
                .get_id::<crate::model::FollowUp>(*id)
                .ok()
                .flatten()
                .map(|f| f.household)
                .into_iter()
                .collect(),
        ),
        Call::ApplyMoves(moves) => Some(moves.iter().map(|(h, _)| *h).collect()),
        Call::Sync(call) => match call.as_ref() {
            crate::client::SyncCall::Push(batch) => Some(crate::store::sync::households_in(batch)),
            // A sync recorded (its success or its failure) refreshes everyone's status line.
            crate::client::SyncCall::Resolve { .. }
            | crate::client::SyncCall::Forget
            | crate::client::SyncCall::Record { .. } => Some(Vec::new()),
            _ => None,
        },
        Call::AssignDoors(..) | Call::Import(..) => Some(Vec::new()),
        _ => None,
    }
}

/// Households one connection may send for one import.
const UPLOAD_MAX: usize = 4_000_000;

fn answer(
    b: &Local,
    call: Call,
    upload: &mut Vec<RosterHousehold>,
    part: &dyn Fn(Part),
) -> Result<Reply, BackendError> {
    Ok(match call {
        Call::Stats => Reply::Stats(b.stats()?),
        Call::Overview => Reply::Overview(b.overview()?),
        Call::Households(id) => Reply::Households(b.households_in_building(id)?),
        Call::Detail(id) => Reply::Detail(Box::new(b.household_detail(id)?)),
        Call::FindAddress(q, c) => Reply::Found(b.find_address(&q, c)?),
        Call::AddVisit(v) => Reply::Saved(Box::new(b.add_visit(&v)?)),
        Call::OpenDispute(d, note) => Reply::Dispute(Box::new(b.open_dispute(&d, &note)?)),
        Call::AdvanceDispute(step) => Reply::Dispute(Box::new(b.advance_dispute(&step)?)),
        Call::Disputes(open) => Reply::Disputes(b.disputes(open)?),
        Call::DisputeNotes(id) => Reply::Notes(b.dispute_notes(id)?),
        Call::CompleteFollowUp(id, note) => {
            Reply::FollowUp(Box::new(b.complete_followup(id, &note)?))
        }
        Call::Due(today, horizon, limit) => {
            Reply::Due(Box::new(b.due_list(today, horizon, limit)?))
        }
        Call::Captains(today) => Reply::Captains(b.captains(today)?),
        Call::AssignDoors(c, doors) => Reply::Count(b.assign_doors(c, &doors)?),
        Call::Proposal(grid) => Reply::Proposal(Box::new(b.rebalance_proposal(grid)?)),
        Call::ApplyMoves(moves) => Reply::Moves(b.apply_moves(&moves)?),
        Call::AssignPlan(c, doors) => Reply::AssignPlan(Box::new(b.assign_plan(c, &doors)?)),
        Call::PutDraft(d) => {
            b.put_draft(&d)?;
            Reply::Done
        }
        Call::DeleteDraft(k) => {
            b.delete_draft(&k)?;
            Reply::Done
        }
        Call::Drafts => Reply::Drafts(b.drafts()?),
        Call::Check => Reply::Check(Box::new(b.check()?)),
        Call::Rules => Reply::Rules(b.visit_rules()?),
        Call::SetRules(r) => {
            b.set_visit_rules(&r)?;
            Reply::Done
        }
        Call::Staff => Reply::Staff(b.staff()?),
        Call::PutStaff(s) => {
            b.put_staff(&s)?;
            Reply::Done
        }
        Call::RemoveStaff(u) => Reply::Removed(b.remove_staff(&u)?),
        Call::VerifyAudit => Reply::Audit(Box::new(b.verify_audit()?)),
        Call::History(h) => Reply::History(b.household_history(h)?),
        Call::Search(q, limit) => Reply::Hits(b.search(&q, limit)?),
        Call::Backup(path) => Reply::Backup(b.backup(&path)?),
        Call::StopIfIdle => Reply::Done,
        Call::Reports(today) => Reply::Reports(Box::new(b.reports(today)?)),
        Call::Sync(call) => Reply::Sync(Box::new(b.sync(*call)?)),
        Call::Table(req) => {
            b.table(&req, &mut |p| part(p))?;
            Reply::Done
        }
        Call::Figures(kind, today) => Reply::Figures(Box::new(b.figures(kind, today)?)),
        Call::RosterPart(households) => {
            upload.extend(households);
            Reply::Done
        }
        Call::Import(head, opts) => {
            let roster = Roster {
                header: head.header,
                format: None,
                households: std::mem::take(upload),
                people: head.people,
                problems: Problems::default(),
            };
            let progress = |stage: &str, done: u64, total: u64| {
                part(Part::Progress(stage.to_string(), done, total));
            };
            let outcome = b.import_roster(&roster, &opts, &progress)?;
            let Problems { errors, warnings } = outcome.problems;
            in_parts(
                errors,
                |p| p.message.len() + 32,
                |errors| {
                    Part::Problems(Problems {
                        errors,
                        warnings: Vec::new(),
                    })
                },
                &mut |p| part(p),
            );
            in_parts(
                warnings,
                |p| p.message.len() + 32,
                |warnings| {
                    Part::Problems(Problems {
                        errors: Vec::new(),
                        warnings,
                    })
                },
                &mut |p| part(p),
            );
            Reply::Imported(Box::new(outcome.summary))
        }
        Call::AuditLog(limit) => Reply::AuditLog(b.audit_log(limit)?),
    })
}

//! One client connection: the handshake, then calls answered in the caller's scope through
//! `api::dispatch`, with replies and pushed events written by one writer thread.

use std::os::unix::net::UnixStream;
use std::sync::mpsc::channel;
use std::sync::{Arc, Mutex};

use std::cell::RefCell;

use super::protocol::{self, ClientFrame, ServerFrame, WireError};
use super::Hub;
use crate::api::{self, tables::Part, Caller, Cx};
use crate::io::roster::RosterHousehold;

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
    let (user, scope, sent_down) = match super::identity::identify(&hub.store, &hub.dir, uid) {
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
    let mut caller = Caller::new(hub.store.clone(), user.clone(), scope, hub.search.clone());
    if sent_down {
        caller = caller.as_sent_down();
    }
    // The households of a roster being sent for import.
    let upload: RefCell<Vec<RosterHousehold>> = RefCell::new(Vec::new());
    // A malformed, truncated or oversized frame ends this connection only.
    while let Ok(frame) = protocol::read_frame::<ClientFrame>(&mut reader) {
        hub.touch();
        match frame {
            ClientFrame::Hello { .. } => break,
            ClientFrame::Editing(h) => hub.editing(conn, &user, h),
            ClientFrame::StopIfIdle { id } => {
                let others = hub.connected().saturating_sub(1);
                if others == 0 && caller.scope().all {
                    send(&ServerFrame::Ack { id });
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
            ClientFrame::RosterPart { id, households } => {
                let mut upload = upload.borrow_mut();
                // The server holds an upload whole until its import: one who may not import
                // the whole street may not make it hold one either.
                let most = if caller.scope().all {
                    UPLOAD_MAX
                } else {
                    UPLOAD_MAX_SCOPED
                };
                let frame = if upload.len() + households.len() > most {
                    *upload = Vec::new();
                    ServerFrame::Reply {
                        id,
                        result: Err(WireError::Failed(format!(
                            "a roster may hold {most} households at most; split it into smaller files"
                        ))),
                    }
                } else {
                    upload.extend(households);
                    ServerFrame::Ack { id }
                };
                if !send(&frame) {
                    break;
                }
            }
            ClientFrame::Call { id, call } => {
                let part = |p: Part| {
                    send(&ServerFrame::Part {
                        id,
                        part: Box::new(p),
                    });
                };
                let answered = api::dispatch(&Cx::new(&caller, &part, &upload), call);
                let result = answered.reply.map_err(WireError::from);
                if !send(&ServerFrame::Reply { id, result }) {
                    break;
                }
                if let Some(households) = answered.changed {
                    hub.changed(households, &user);
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

/// Households one connection may send for one import.
const UPLOAD_MAX: usize = 4_000_000;
/// … for a caller who looks after some grids or communities, not the whole store (a
/// community is a few thousand households).
const UPLOAD_MAX_SCOPED: usize = 100_000;

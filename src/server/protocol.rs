//! The wire protocol: length-prefixed bincode frames, a version handshake, calls with ids
//! (the operations of `api`), replies and their parts, and change events pushed to every client.

use std::io::{Read, Write};

use serde::{Deserialize, Serialize};

use crate::model::Id;
use crate::store::codec::{self, CodecError, MAX_FRAME_BYTES};

pub use crate::api::{Call, Reply, ServerEvent, WireError, PROTOCOL_VERSION};

/// The socket's name inside the run directory (the data directory unless `--run` says).
pub const SOCKET: &str = "gridbook.sock";

/// What a client sends. Only ever appended to: the handshake must read across versions.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum ClientFrame {
    Hello {
        version: u32,
    },
    Call {
        id: u64,
        call: Call,
    },
    /// The household this client has a form open on, for presence.
    Editing(Option<Id>),
    /// Households of a roster to import, sent ahead of the `Import` call in frames of a few
    /// thousand; answered `Ack` (or `Reply` with the error).
    RosterPart {
        id: u64,
        households: Vec<crate::io::roster::RosterHousehold>,
    },
    /// Stop the server if nobody else is connected (a command needs the store to itself);
    /// answered `Ack` before it stops, or with the reason it will not.
    StopIfIdle {
        id: u64,
    },
}

/// What the server sends. Only ever appended to, like `ClientFrame`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum ServerFrame {
    Welcome {
        user: String,
    },
    Refused(String),
    Reply {
        id: u64,
        result: Result<Reply, WireError>,
    },
    Event(ServerEvent),
    /// One part of a long answer; more parts, then the `Reply`, follow with the same id.
    Part {
        id: u64,
        part: Box<crate::api::tables::Part>,
    },
    /// A frame that wants no reply of its own was taken.
    Ack {
        id: u64,
    },
}

#[derive(Debug, thiserror::Error)]
pub enum FrameError {
    #[error("the connection closed")]
    Closed,
    #[error("the connection failed: {0}")]
    Io(#[from] std::io::Error),
    #[error("a frame claimed {0} bytes, more than the {MAX_FRAME_BYTES} allowed")]
    TooLarge(usize),
    #[error("a frame did not decode: {0}")]
    Codec(#[from] CodecError),
}

/// Writes one frame: a 4-byte big-endian length, then the message.
pub fn write_frame<T: Serialize>(w: &mut impl Write, msg: &T) -> Result<(), FrameError> {
    let body = codec::encode_frame(msg)?;
    let mut buf = Vec::with_capacity(body.len() + 4);
    buf.extend_from_slice(&(body.len() as u32).to_be_bytes());
    buf.extend_from_slice(&body);
    w.write_all(&buf)?;
    w.flush()?;
    Ok(())
}

/// Reads one frame; a length over the limit is refused before anything is allocated.
pub fn read_frame<T: serde::de::DeserializeOwned>(r: &mut impl Read) -> Result<T, FrameError> {
    let mut len = [0u8; 4];
    match r.read_exact(&mut len) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => return Err(FrameError::Closed),
        Err(e) => return Err(e.into()),
    }
    let len = u32::from_be_bytes(len) as usize;
    if len > MAX_FRAME_BYTES {
        return Err(FrameError::TooLarge(len));
    }
    let mut body = vec![0u8; len];
    r.read_exact(&mut body)?;
    Ok(codec::decode_frame(&body)?)
}

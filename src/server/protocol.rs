//! The wire protocol: length-prefixed bincode frames, a version handshake, calls with ids,
//! replies, and change events pushed to every client.

use std::io::{Read, Write};

use serde::{Deserialize, Serialize};

use crate::model::address::AddressQuery;
use crate::model::draft::Draft;
use crate::model::rebalance::Proposal;
use crate::model::time::Day;
use crate::model::{Dispute, FollowUp, Id, MediationNote};
use crate::store::captains::{CaptainRow, Doors};
use crate::store::codec::{self, CodecError, MAX_FRAME_BYTES};
use crate::store::due::DueList;
use crate::store::ops::{DisputeStep, NewVisit, SavedVisit};
use crate::store::query::{AddressHit, HouseholdDetail, HouseholdRow, Overview, Stats};

/// Bumped whenever a message changes shape; client and server must agree.
pub const PROTOCOL_VERSION: u32 = 2;

/// The socket's name inside the data directory.
pub const SOCKET: &str = "gridbook.sock";

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
}

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
}

/// Every request a client can make: one for each `Backend` method.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Call {
    Stats,
    Overview,
    Households(Id),
    Detail(Id),
    FindAddress(AddressQuery, Option<Id>),
    AddVisit(NewVisit),
    OpenDispute(Dispute, String),
    AdvanceDispute(DisputeStep),
    Disputes(bool),
    DisputeNotes(Id),
    CompleteFollowUp(Id, String),
    Due(Day, u16, usize),
    Captains(Day),
    AssignDoors(Id, Doors),
    Proposal(Id),
    ApplyMoves(Vec<(Id, Option<Id>)>),
    PutDraft(Draft),
    DeleteDraft(Vec<u8>),
    Drafts,
    Check,
    Rules,
    SetRules(crate::model::rules::VisitRules),
    Staff,
    PutStaff(crate::model::Staff),
    RemoveStaff(String),
    VerifyAudit,
    History(Id),
    Search(String, usize),
    Backup(std::path::PathBuf),
    /// Stop the server if nobody else is connected (a command needs the store to itself).
    StopIfIdle,
    Reports(Day),
    Sync(Box<crate::client::SyncCall>),
    /// Answered by `Reply::Part`s, then `Reply::Done`.
    Table(crate::client::tables::TableRequest),
    Figures(crate::store::reports::FigureKind, Day),
    /// Households of a roster to import, sent ahead of `Import` in frames of a few thousand.
    RosterPart(Vec<crate::io::roster::RosterHousehold>),
    /// Imports the households sent so far: progress and problems come as `Reply::Part`s,
    /// then `Reply::Imported`.
    Import(RosterHead, crate::store::import::ImportOptions),
    AuditLog(usize),
    AssignPlan(Id, Doors),
}

impl Call {
    /// Whether the call may be sent again when the connection broke before its answer came:
    /// reads, and writes that do no more the second time (a visit is known by its stamp).
    pub fn resendable(&self) -> bool {
        matches!(
            self,
            Call::Stats
                | Call::Overview
                | Call::Households(_)
                | Call::Detail(_)
                | Call::FindAddress(..)
                | Call::AddVisit(_)
                | Call::Disputes(_)
                | Call::DisputeNotes(_)
                | Call::Due(..)
                | Call::Captains(_)
                | Call::Proposal(_)
                | Call::PutDraft(_)
                | Call::DeleteDraft(_)
                | Call::Drafts
                | Call::Rules
                | Call::Staff
                | Call::History(_)
                | Call::Search(..)
                | Call::Reports(_)
                | Call::Table(_)
                | Call::Figures(..)
                | Call::AuditLog(_)
        )
    }
}

/// A roster without its households (they come ahead in `Call::RosterPart`s) or its own
/// problems (the client keeps them: a roster with errors never reaches the server).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RosterHead {
    pub header: crate::io::columns::Header,
    pub people: usize,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Reply {
    Stats(Stats),
    Overview(Overview),
    Households(Vec<HouseholdRow>),
    Detail(Box<HouseholdDetail>),
    Found(Vec<AddressHit>),
    Saved(Box<SavedVisit>),
    Dispute(Box<Dispute>),
    Disputes(Vec<Dispute>),
    Notes(Vec<MediationNote>),
    FollowUp(Box<FollowUp>),
    Due(Box<DueList>),
    Captains(Vec<CaptainRow>),
    Count(usize),
    Proposal(Box<Proposal>),
    Drafts(Vec<Draft>),
    Check(Box<crate::store::check::CheckReport>),
    Rules(crate::model::rules::VisitRules),
    Staff(Vec<crate::model::Staff>),
    Removed(bool),
    Audit(Box<crate::store::audit::AuditReport>),
    History(Vec<crate::store::audit::HistoryLine>),
    Hits(Vec<crate::search::Hit>),
    Backup(crate::store::backup::BackupSummary),
    Reports(Box<crate::store::reports::ReportSet>),
    Done,
    Sync(Box<crate::client::SyncReply>),
    /// One part of a long answer; more follow with the same id.
    Part(Box<crate::client::tables::Part>),
    Figures(Box<crate::store::reports::Figures>),
    Imported(Box<crate::store::import::ImportSummary>),
    AuditLog(Vec<crate::store::audit::AuditLine>),
    AssignPlan(Box<crate::store::captains::AssignPlan>),
    /// The moves that undo the moves just made.
    Moves(Vec<(Id, Option<Id>)>),
}

/// An error as it crosses the wire: its kind, and the sentence for the user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum WireError {
    OutOfScope(String),
    Failed(String),
    /// The record changed since the client saw it: here it is now.
    Stale(Box<Dispute>),
}

/// Pushed to every client after a write, and when presence changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ServerEvent {
    /// Households whose records changed, and who changed them.
    Changed { households: Vec<Id>, by: String },
    /// Who has a form open on which household.
    Presence(Vec<(Id, String)>),
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

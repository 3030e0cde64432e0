//! Every operation the screens and commands may ask of the store, each defined once – its
//! request, its reply, who may ask and how the store answers – and the one list of them, from
//! which the wire enums, resending and the one dispatch (in-process and in the server) are made.
//!
//! Adding an operation: a request type and its `impl Request` in the file of its area, its
//! name in [`operations!`]'s list, and its callers. Nothing else.

use std::cell::RefCell;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::io::roster::RosterHousehold;
use crate::model::scope::Scope;
use crate::model::{Building, BuildingCaptain, Household, Id};
use crate::store::captains::Doors;
use crate::store::{Store, StoreError};

pub mod admin;
pub mod agenda;
pub mod campaign_ledgers;
pub mod campaigns;
pub mod captains;
pub mod drafts;
pub mod import;
pub mod party;
pub mod party_ledgers;
pub mod places;
pub mod registrants;
pub mod reports;
pub mod roster;
pub mod structure;
pub mod sync;
pub mod tables;
pub mod wishes;
pub mod work;

pub use sync::{SyncCall, SyncReply};
use tables::Part;

/// Bumped whenever a message changes shape; client and server must agree. The test
/// `the_protocol_shape_is_pinned_to_its_version` fails when the list changes and this does not.
pub const PROTOCOL_VERSION: u32 = 7;

#[derive(Debug, thiserror::Error)]
pub enum BackendError {
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The caller's scope does not hold what was asked for.
    #[error("{0}")]
    OutOfScope(String),
    /// The server would not serve this user, or cannot be reached; the sentence says why.
    #[error("{0}")]
    Refused(String),
    /// The connection broke or a frame did not make sense.
    #[error("{0}")]
    Connection(String),
}

pub type Result<T> = std::result::Result<T, BackendError>;

/// An error as it crosses the wire: its kind, and the sentence for the user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum WireError {
    OutOfScope(String),
    Failed(String),
    /// The record changed since the client saw it: here it is now.
    Stale(Box<crate::model::Dispute>),
}

impl From<BackendError> for WireError {
    fn from(e: BackendError) -> WireError {
        match e {
            BackendError::OutOfScope(s) | BackendError::Store(StoreError::OutOfScope(s)) => {
                WireError::OutOfScope(s)
            }
            BackendError::Store(StoreError::Stale(d)) => WireError::Stale(d),
            other => WireError::Failed(other.to_string()),
        }
    }
}

impl From<WireError> for BackendError {
    fn from(e: WireError) -> BackendError {
        match e {
            WireError::OutOfScope(s) => BackendError::OutOfScope(s),
            WireError::Failed(s) => BackendError::Refused(s),
            WireError::Stale(d) => BackendError::Store(StoreError::Stale(d)),
        }
    }
}

/// Pushed to every client after a write, and when presence changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ServerEvent {
    /// Households whose records changed, and who changed them.
    Changed { households: Vec<Id>, by: String },
    /// Who has a form open on which household.
    Presence(Vec<(Id, String)>),
}

/// Who is asking, of which store, and what they may see: one per connection to the server,
/// or the one user of an in-process store.
pub struct Caller {
    pub(crate) store: Arc<Store>,
    pub(crate) user: String,
    pub(crate) scope: Scope,
    pub(crate) search: Arc<crate::search::SearchCell>,
    /// Someone sent down (下沉) for a campaign, not staff: only campaign operations answer.
    pub(crate) sent_down: bool,
}

/// The sentence for anything outside the caller's grids.
pub(crate) fn outside() -> BackendError {
    BackendError::OutOfScope(
        "that is outside the grids you look after; ask a street admin if you need it".into(),
    )
}

impl Caller {
    pub fn new(
        store: Arc<Store>,
        user: String,
        scope: Scope,
        search: Arc<crate::search::SearchCell>,
    ) -> Caller {
        Caller {
            store,
            user,
            scope,
            search,
            sent_down: false,
        }
    }

    /// The same caller as someone sent down for a campaign: `scope` holds the grids they
    /// are on duty in, and only operations marked `CAMPAIGN` answer them.
    pub fn as_sent_down(mut self) -> Caller {
        self.sent_down = true;
        self
    }

    /// Whether the caller is someone sent down rather than staff.
    pub fn is_sent_down(&self) -> bool {
        self.sent_down
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn scope(&self) -> &Scope {
        &self.scope
    }

    pub fn user(&self) -> &str {
        &self.user
    }

    /// A household in the caller's scope.
    pub fn household(&self, id: Id) -> Result<Household> {
        match self.store.get_id::<Household>(id)? {
            Some(h) if self.scope.sees(h.community, h.grid) => Ok(h),
            Some(_) => Err(outside()),
            None => Err(BackendError::Store(StoreError::NotFound(format!(
                "there is no household {id}"
            )))),
        }
    }

    /// A resident of a household in the caller's scope (current or former).
    pub fn resident(&self, id: Id) -> Result<crate::model::Resident> {
        match self.store.get_id::<crate::model::Resident>(id)? {
            Some(r) => self.household(r.household).map(|_| r),
            None => Err(BackendError::Store(StoreError::NotFound(format!(
                "there is no resident {id}"
            )))),
        }
    }

    /// Only a street admin (or the owner of the data) passes.
    pub fn admin(&self) -> Result<()> {
        if self.scope.all {
            Ok(())
        } else {
            Err(BackendError::OutOfScope(
                "only a street admin (or the owner of the data) may do that".into(),
            ))
        }
    }

    /// Whether this user may give these doors to this captain: both in the user's scope.
    pub fn may_assign(&self, captain: Id, doors: &Doors) -> Result<()> {
        let c = match self.store.get_id::<BuildingCaptain>(captain)? {
            Some(c) if self.scope.sees(c.community, c.grid) => c,
            _ => return Err(outside()),
        };
        if !self.scope.all {
            for h in self.store.doors(c.community, doors)? {
                if !self.scope.sees(h.community, h.grid) {
                    return Err(outside());
                }
            }
        }
        Ok(())
    }

    /// A building in the caller's scope.
    pub fn building_in_scope(&self, id: Id) -> Result<()> {
        match self.store.get_id::<Building>(id)? {
            Some(b) if self.scope.sees(b.community, b.grid) => Ok(()),
            _ => Err(outside()),
        }
    }
}

/// What one call is answered with: the caller, where the parts of a long answer go, and the
/// households of a roster sent ahead of its import (connection state).
pub struct Cx<'a> {
    pub caller: &'a Caller,
    part: &'a dyn Fn(Part),
    upload: &'a RefCell<Vec<RosterHousehold>>,
}

impl std::ops::Deref for Cx<'_> {
    type Target = Caller;
    fn deref(&self) -> &Caller {
        self.caller
    }
}

impl<'a> Cx<'a> {
    pub fn new(
        caller: &'a Caller,
        part: &'a dyn Fn(Part),
        upload: &'a RefCell<Vec<RosterHousehold>>,
    ) -> Cx<'a> {
        Cx {
            caller,
            part,
            upload,
        }
    }

    /// Hands one part of a long answer to the caller.
    pub fn part(&self, p: Part) {
        (self.part)(p)
    }

    /// The households sent ahead of an import, taken.
    pub fn take_upload(&self) -> Vec<RosterHousehold> {
        std::mem::take(&mut *self.upload.borrow_mut())
    }
}

/// One operation: what is asked and what comes back, who may ask, and how the store answers.
pub trait Request: Sized {
    type Reply;
    /// Only a street admin (or the owner of the data) may ask; the dispatch checks.
    const ADMIN: bool = false;
    /// May be sent again when the connection broke before the answer came: reads, and writes
    /// that do no more the second time.
    const RESEND: bool = false;
    /// Someone sent down (下沉) for a campaign may ask it too: the campaign's own operations
    /// and the reads they need to find a door. Every other is refused them.
    const CAMPAIGN: bool = false;
    /// Answers in the caller's scope: every record read or written is checked against it.
    fn handle(self, cx: &Cx) -> Result<Self::Reply>;
    /// The households this call changes, for the other sessions' screens (None for a read),
    /// seen before it is answered.
    fn touches(&self, _cx: &Cx) -> Option<Vec<Id>> {
        None
    }
    /// The households the call changed, seen in its reply, when the reply knows them better
    /// than `touches` could beforehand (a move, a new household).
    fn changed(_reply: &Self::Reply) -> Option<Vec<Id>> {
        None
    }
}

/// A request on the wire: made for each operation by [`operations!`].
pub trait Op: Request {
    fn into_call(self) -> Call;
    fn from_reply(reply: Reply) -> Option<Self::Reply>;
}

/// How a call was answered, and which households it changed (for the events of others).
pub struct Answered {
    pub reply: Result<Reply>,
    pub changed: Option<Vec<Id>>,
}

fn run<R: Request>(r: R, cx: &Cx) -> (Result<R::Reply>, Option<Vec<Id>>) {
    if cx.sent_down {
        if !R::CAMPAIGN {
            return (
                Err(BackendError::OutOfScope(
                    "someone sent down for a campaign may only check its doors; ask a street admin for anything else".into(),
                )),
                None,
            );
        }
        // Their duty may have ended since they connected: the grids are read again each call.
        let scope = match on_duty_now(cx) {
            Ok(scope) => scope,
            Err(e) => return (Err(e), None),
        };
        let now = Caller {
            store: cx.store.clone(),
            user: cx.user.clone(),
            scope,
            search: cx.search.clone(),
            sent_down: true,
        };
        return answer(
            r,
            &Cx {
                caller: &now,
                part: cx.part,
                upload: cx.upload,
            },
        );
    }
    answer(r, cx)
}

/// The grids someone sent down is on duty in now, or the sentence why they are on duty nowhere.
fn on_duty_now(cx: &Cx) -> Result<Scope> {
    let today = crate::model::time::local_day(cx.store.now());
    if let Some(scope) = cx.store.sent_down_scope(&cx.user, today)? {
        return Ok(scope);
    }
    Err(BackendError::OutOfScope(
        cx.store.off_duty(&cx.user, today)?.unwrap_or_else(|| {
            "someone sent down for a campaign may only check its doors; ask a street admin for anything else".into()
        }),
    ))
}

fn answer<R: Request>(r: R, cx: &Cx) -> (Result<R::Reply>, Option<Vec<Id>>) {
    if R::ADMIN {
        if let Err(e) = cx.admin() {
            return (Err(e), None);
        }
    }
    let touches = r.touches(cx);
    let reply = r.handle(cx);
    let changed = match &reply {
        Ok(reply) => R::changed(reply).or(touches),
        Err(_) => None,
    };
    (reply, changed)
}

/// Makes the wire enums and the dispatch from the one list of operations. The list is
/// append-only: bincode names a variant by its place.
macro_rules! operations {
    ($($name:ident),* $(,)?) => {
        /// Every request a client can make: one for each operation.
        #[derive(Debug, Clone, Serialize, Deserialize)]
        pub enum Call {
            $($name($name)),*
        }

        /// Every reply, by the operation that gives it.
        #[derive(Debug, Clone, Serialize, Deserialize)]
        pub enum Reply {
            $($name(Box<<$name as Request>::Reply>)),*
        }

        /// The operations in their wire order, with their request and reply types.
        pub fn shape() -> Vec<String> {
            vec![$(format!(
                "{} -> {}",
                std::any::type_name::<$name>(),
                std::any::type_name::<<$name as Request>::Reply>()
            )),*]
        }

        $(impl Op for $name {
            fn into_call(self) -> Call {
                Call::$name(self)
            }
            fn from_reply(reply: Reply) -> Option<Self::Reply> {
                match reply {
                    Reply::$name(r) => Some(*r),
                    #[allow(unreachable_patterns)]
                    _ => None,
                }
            }
        })*

        impl Call {
            /// Whether the call may be sent again when the connection broke before its answer.
            pub fn resendable(&self) -> bool {
                match self {
                    $(Call::$name(_) => <$name as Request>::RESEND),*
                }
            }

            fn run(self, cx: &Cx) -> (Result<Reply>, Option<Vec<Id>>) {
                match self {
                    $(Call::$name(r) => {
                        let (reply, changed) = run(r, cx);
                        (reply.map(|r| Reply::$name(Box::new(r))), changed)
                    })*
                }
            }
        }
    };
}

use admin::{
    AuditLog, Backup, Check, PutStaff, RemoveStaff, Rules, SetRules, StaffList, VerifyAudit,
};
use agenda::{
    AddAgendaItem, AddMeeting, AdvanceAgendaItem, AgendaItems, DecideAgendaItem, Meetings,
    NoteAgendaItem, OpenDecisions,
};
use campaigns::{
    AddSentDown, BuildingDoors, CampaignList, CampaignStatus, CheckDoor, DoorChecks, EndCampaign,
    MyDuty, NextDoor, SentDownLeaves, SentDownList, StartCampaign,
};
use captains::{
    AddCaptain, ApplyMoves, AssignDoors, AssignPlan, CaptainDoors, Captains, Proposal,
    RetireCaptain, SetCaptainPhone,
};
use drafts::{DeleteDraft, Drafts, PutDraft};
use import::Import;
use party::{
    AddPartyGroup, CentralHouseholds, EditPartyGroup, EndPartyMember, LinkHousehold, PartyCoverage,
    PartyGroups, PartyMembers, SetCentralHousehold, SetPartyMember, UnlinkHousehold,
};
use places::{Detail, FindAddress, History, Households, Overview, Search, Stats};
use registrants::{
    AddPost, AddRegistrant, ClaimPost, ClosePost, EndClaim, FeedbackRows, LeaveRegistrant,
    LogService, Posts, Registrants, ServiceFigures,
};
use reports::WishReport;
use reports::{Figures, LastRosterCheck, Reports, RosterPage, RosterUnchecked, Table};
use roster::{
    AddHousehold, AddResident, EditHousehold, EditResident, MakeHead, MoveResident,
    PersonByIdNumber, ResidentLeaves,
};
use structure::{
    AddBuilding, AddCommunity, AddGrid, AddStreet, GiveGrid, MayRestructure, MoveBuilding,
    RenameCommunity, RenameGrid, RenumberBuilding, SetStaffGrids,
};
use sync::SyncRequest;
use wishes::{
    AddWish, CancelWish, ClaimWish, CloseWish, DispatchWish, ReviewWish, WishDone, Wishes,
};
use work::{AddVisit, AdvanceDispute, CompleteFollowUp, DisputeNotes, Disputes, Due, OpenDispute};

operations! {
    Stats,
    Overview,
    Households,
    Detail,
    FindAddress,
    AddVisit,
    OpenDispute,
    AdvanceDispute,
    Disputes,
    DisputeNotes,
    CompleteFollowUp,
    Due,
    Captains,
    AssignDoors,
    Proposal,
    ApplyMoves,
    PutDraft,
    DeleteDraft,
    Drafts,
    Check,
    Rules,
    SetRules,
    StaffList,
    PutStaff,
    RemoveStaff,
    VerifyAudit,
    History,
    Search,
    Backup,
    Reports,
    SyncRequest,
    Table,
    Figures,
    Import,
    AuditLog,
    AssignPlan,
    AddStreet,
    AddCommunity,
    RenameCommunity,
    AddGrid,
    RenameGrid,
    AddBuilding,
    RenumberBuilding,
    MoveBuilding,
    SetStaffGrids,
    EditHousehold,
    AddResident,
    EditResident,
    MakeHead,
    ResidentLeaves,
    MoveResident,
    AddHousehold,
    PersonByIdNumber,
    AddCaptain,
    RetireCaptain,
    SetCaptainPhone,
    CaptainDoors,
    RosterUnchecked,
    MayRestructure,
    LastRosterCheck,
    GiveGrid,
    SetPartyMember,
    EndPartyMember,
    PartyMembers,
    AddPartyGroup,
    EditPartyGroup,
    PartyGroups,
    SetCentralHousehold,
    LinkHousehold,
    UnlinkHousehold,
    PartyCoverage,
    CentralHouseholds,
    AddWish,
    Wishes,
    ClaimWish,
    DispatchWish,
    WishDone,
    ReviewWish,
    CloseWish,
    CancelWish,
    AddAgendaItem,
    AgendaItems,
    OpenDecisions,
    AdvanceAgendaItem,
    DecideAgendaItem,
    NoteAgendaItem,
    AddMeeting,
    Meetings,
    AddRegistrant,
    LeaveRegistrant,
    Registrants,
    AddPost,
    ClosePost,
    Posts,
    ClaimPost,
    EndClaim,
    LogService,
    ServiceFigures,
    FeedbackRows,
    WishReport,
    StartCampaign,
    EndCampaign,
    CampaignStatus,
    CheckDoor,
    DoorChecks,
    NextDoor,
    AddSentDown,
    SentDownLeaves,
    SentDownList,
    CampaignList,
    MyDuty,
    BuildingDoors,
    RosterPage,
}

/// Answers one call for one caller: the same path in-process and in the server. A handler
/// that panics answers its caller with an error instead of leaving it waiting.
pub fn dispatch(cx: &Cx, call: Call) -> Answered {
    let (reply, changed) = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| call.run(cx)))
        .unwrap_or_else(|panic| {
            let why = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            crate::log::line(cx.store.dir(), &format!("a call failed with a bug: {why}"));
            (
                Err(BackendError::Refused(
                    "gridbook hit a bug answering this, and did not do it; try again, and report it if it happens again".into(),
                )),
                None,
            )
        });
    Answered { reply, changed }
}

#[cfg(test)]
mod tests {
    /// Pinned with its version: a change to the list (or to a request or reply type's name)
    /// fails here until PROTOCOL_VERSION is raised and this is written anew.
    #[test]
    fn the_protocol_shape_is_pinned_to_its_version() {
        let shape = format!(
            "protocol {}\n{}",
            super::PROTOCOL_VERSION,
            super::shape().join("\n")
        );
        insta::assert_snapshot!(shape);
    }
}

//! The one vocabulary of actions: what keys map to, what update applies, what help lists.

use serde::{Deserialize, Serialize};

/// Everything a key can be bound to. `Noop` unbinds a key in a user keymap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Quit,
    Help,
    Redraw,
    MoveUp,
    MoveDown,
    MoveLeft,
    MoveRight,
    PageUp,
    PageDown,
    First,
    Last,
    NextPane,
    PrevPane,
    Open,
    Back,
    Jump,
    Confirm,
    Cancel,
    /// Log a visit to the selected household.
    Visit,
    /// Correct the household's latest visit with an amendment (the original stays).
    Amend,
    /// Sweep (扫楼) the selected building or entrance door by door.
    Sweep,
    /// Open a dispute case at the selected household.
    Dispute,
    /// The dispute list.
    Disputes,
    /// Who changed what about the selected household (the audit trail).
    History,
    /// Search residents and households as you type.
    Search,
    /// Follow-ups due and overdue.
    FollowUps,
    /// Building captains and their patches.
    Captains,
    /// Reports: coverage, care groups, overdue, disputes by month.
    Reports,
    /// The conflicts a sync left for review, and how the last sync went.
    Conflicts,
    /// The 台账 screen: write a ledger, an export or the import template into a file.
    Ledgers,
    /// Add a community to the street of the selected one (admins).
    AddCommunity,
    /// Add a grid under the selected community or grid (admins).
    AddGrid,
    /// Add a building to the selected grid (admins).
    AddBuilding,
    /// Rename the selected community or grid, or renumber the selected building (admins).
    RenamePlace,
    /// Move the selected building to another grid of its community (admins).
    MoveBuilding,
    /// Give the selected grid to a member of staff to look after (admins).
    GiveGrid,
    NextField,
    PrevField,
    Save,
    /// Move a dispute one step along its loop.
    Advance,
    /// Add a mediation note to a case without moving it on.
    Note,
    /// Reopen a closed case, with the reason on its timeline.
    Reopen,
    /// Mark a follow-up done.
    Done,
    /// Give doors to a building captain.
    Assign,
    /// Propose even patches for a grid's captains.
    Rebalance,
    /// Put back the value a sync conflict lost (a new change that syncs everywhere).
    Restore,
    /// Settle a sync conflict by keeping what is there.
    Keep,
    /// Throw a draft away.
    Discard,
    /// Undo the last reassignment of doors between building captains.
    Undo,
    /// Make a resident of the selected household a building captain (楼长).
    MakeCaptain,
    /// Retire the selected building captain: her doors are left without a captain.
    RetireCaptain,
    /// Change the selected building captain's phone.
    CaptainPhone,
    /// Change a household's phone, care tags, house status, landlord, tenancy or note.
    EditHousehold,
    /// Add a resident to the selected household.
    AddResident,
    /// Change any field of the resident selected in the detail pane.
    EditResident,
    /// Make the selected resident head of household.
    MakeHead,
    /// The selected resident moved out or died.
    ResidentLeaves,
    /// Move the selected resident to another household.
    MoveResident,
    /// A new household at an empty address of the building.
    AddHousehold,
    SweepMet,
    SweepNotHome,
    SweepRefused,
    SweepRevisit,
    SweepDispute,
    SweepNote,
    SweepSkip,
    SweepBack,
    /// The 微心愿 board: wishes by state, grid, category, overdue.
    Wishes,
    /// Party groups by grid and 中心户 by building: what is missing, households per 中心户.
    PartyCoverage,
    /// 派单: hand the selected wish to a member or unit, by name.
    Dispatch,
    /// 认领: a member or unit, by name, claims the selected wish.
    Claim,
    /// 回访: the household's satisfaction 1–5 with a fulfilled wish, and a note.
    Review,
    /// 关闭: the selected wish will not be fulfilled, for a reason.
    CloseWish,
    /// 双报到: the service posts (claimed against capacity) and the registrants.
    Registrants,
    /// The campaign screen (战时): its tally per grid and in total, door by door.
    Campaign,
    /// On the campaign screen: the next door to check in the selected grid or building.
    NextDoor,
    /// On the campaign screen (and a sweep in a campaign): the campaign's first result, etc.
    Result1,
    Result2,
    Result3,
    Result4,
    Result5,
    Result6,
    /// In a sweep: between the campaign's results and the sweep's own visit outcomes, while a
    /// campaign covering the building runs.
    SweepCampaign,
    /// On the campaign screen: the next door from the building of the door in view, or
    /// from the grid again.
    WithinBuilding,
    Noop,
}

impl Action {
    /// Every action a user may bind, in the order help lists them.
    pub const ALL: [Action; 84] = [
        Action::Reports,
        Action::Ledgers,
        Action::Wishes,
        Action::PartyCoverage,
        Action::Registrants,
        Action::Search,
        Action::Visit,
        Action::Amend,
        Action::History,
        Action::Sweep,
        Action::Dispute,
        Action::Disputes,
        Action::FollowUps,
        Action::Captains,
        Action::Conflicts,
        Action::AddGrid,
        Action::AddBuilding,
        Action::AddCommunity,
        Action::RenamePlace,
        Action::MoveBuilding,
        Action::GiveGrid,
        Action::Open,
        Action::Back,
        Action::Jump,
        Action::Advance,
        Action::Note,
        Action::Reopen,
        Action::Done,
        Action::Dispatch,
        Action::Claim,
        Action::Review,
        Action::CloseWish,
        Action::Assign,
        Action::Rebalance,
        Action::Undo,
        Action::MakeCaptain,
        Action::RetireCaptain,
        Action::CaptainPhone,
        Action::Restore,
        Action::Keep,
        Action::EditHousehold,
        Action::AddResident,
        Action::EditResident,
        Action::MakeHead,
        Action::ResidentLeaves,
        Action::MoveResident,
        Action::AddHousehold,
        Action::MoveUp,
        Action::MoveDown,
        Action::MoveLeft,
        Action::MoveRight,
        Action::PageUp,
        Action::PageDown,
        Action::First,
        Action::Last,
        Action::NextPane,
        Action::PrevPane,
        Action::NextField,
        Action::PrevField,
        Action::Save,
        Action::Confirm,
        Action::Cancel,
        Action::Discard,
        Action::SweepMet,
        Action::SweepNotHome,
        Action::SweepRefused,
        Action::SweepRevisit,
        Action::SweepDispute,
        Action::SweepNote,
        Action::SweepSkip,
        Action::SweepBack,
        Action::SweepCampaign,
        Action::Campaign,
        Action::NextDoor,
        Action::WithinBuilding,
        Action::Result1,
        Action::Result2,
        Action::Result3,
        Action::Result4,
        Action::Result5,
        Action::Result6,
        Action::Help,
        Action::Redraw,
        Action::Quit,
    ];

    /// The keys of a campaign's results, first to sixth, as the campaign screen and the sweep
    /// in a campaign offer them.
    pub const RESULTS: [Action; 6] = [
        Action::Result1,
        Action::Result2,
        Action::Result3,
        Action::Result4,
        Action::Result5,
        Action::Result6,
    ];

    /// The snake_case name used in keymap files.
    pub fn name(self) -> String {
        serde_json::to_value(self)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default()
    }
}

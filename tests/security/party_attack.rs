//! Security, issues 14 and 15 tried as an attacker with an ordinary account: party members,
//! groups and 中心户, wishes, 双报到, agenda items and meetings, campaigns and the staff sent
//! down, through the operations, sync pushes and outsized lists.
//!
//! The callers: 张丽, grid captain of 第一网格 (households 20–23); an admin of 花苑社区 alone;
//! someone sent down to 第一网格 for a campaign. The store holds 第二网格 (household 24 at
//! 7-1-101, where 查文 lives) or, for 双报到, a second community 东裕社区 (欧阳春 at its
//! 5-1-102, household 30). Every refusal is asserted whole, with nothing changed.

use std::collections::BTreeSet;
use std::sync::Arc;

use super::common::*;
use super::scope::{laptop, on_laptop, push, refused_push, sentence};
use gridbook::api::agenda::{
    AddAgendaItem, AddMeeting, AdvanceAgendaItem, AgendaItems, NoteAgendaItem,
};
use gridbook::api::campaigns::{
    AddSentDown, BuildingDoors, CheckDoor, DoorChecks, NextDoor, StartCampaign,
};
use gridbook::api::party::{
    AddPartyGroup, CentralHouseholds, EndPartyMember, LinkHousehold, PartyCoverage, PartyGroups,
    PartyMembers, SetCentralHousehold, SetPartyMember,
};
use gridbook::api::places::{Detail, Search};
use gridbook::api::registrants::{
    AddPost, AddRegistrant, ClaimPost, EndClaim, LeaveRegistrant, LogService, Registrants,
};
use gridbook::api::reports::WishReport;
use gridbook::api::wishes::{AddWish, CloseWish, DispatchWish, Wishes};
use gridbook::client::{Ask, Local};
use gridbook::model::party::{PartyCategory, PartyMember};
use gridbook::model::registrant::{
    Post, PostClaim, Registrant, RegistrantSide, RegistrantState, ServiceRecord,
};
use gridbook::model::scope::Scope;
use gridbook::model::time::{date_of, local_day, Day};
use gridbook::model::*;
use gridbook::store::reports::Month;
use gridbook::store::{keys, Store};

const OUTSIDE: &str = "that is outside the grids you look after; ask a street admin if you need it";
const SENT_DOWN_ONLY: &str = "someone sent down for a campaign may only check its doors; ask a street admin for anything else";
const OTHER_COMMUNITY: &str = "that registrant is registered with another community; a post is claimed, and served on, by its own community's registrants";

fn today(store: &Store) -> Day {
    local_day(store.now())
}

fn this_month(store: &Store) -> Month {
    Month::parse(&date_of(today(store)).format("%Y-%m").to_string()).unwrap()
}

/// The refusal's sentence, the call having changed nothing.
fn refused<R: gridbook::api::Op>(who: &Local, store: &Store, r: R) -> String {
    let before = digest(store);
    let err = match who.call(r) {
        Ok(_) => panic!("the call went through"),
        Err(e) => e.to_string(),
    };
    assert_eq!(digest(store), before, "nothing changed: {err}");
    err
}

fn member(resident: Id, group: Option<Id>, since: Day) -> PartyMember {
    PartyMember {
        resident,
        name: String::new(),
        group,
        category: PartyCategory::Retired,
        skills: vec![],
        since,
        ended: None,
    }
}

#[test]
fn a_captain_links_no_central_household_outside_her_grid_nor_one_household_a_million_times() {
    let root = tempfile::tempdir().unwrap();
    let (store, admin) = second_grid_admin(root.path());
    let captain = captain_backend(&store);
    let day = today(&store);
    admin.call(SetPartyMember(member(100, None, day))).unwrap();
    admin
        .call(SetCentralHousehold {
            household: 20,
            link: vec![21],
            unlink: vec![],
            since: day,
        })
        .unwrap();
    let address = "the household at 7-1-101 is outside the grids you look after; ask a street admin if you need it";
    assert_eq!(
        refused(&captain, &store, LinkHousehold(20, 24, day)),
        address
    );
    assert_eq!(
        refused(
            &captain,
            &store,
            SetCentralHousehold {
                household: 24,
                link: vec![],
                unlink: vec![],
                since: day,
            }
        ),
        address
    );
    // One of her households named a million times is refused at its second naming.
    assert_eq!(
        refused(
            &captain,
            &store,
            SetCentralHousehold {
                household: 20,
                link: vec![22; 1_000_000],
                unlink: vec![],
                since: day,
            }
        ),
        "that household is linked to this 中心户 already; link another one"
    );
    let rows = captain.call(CentralHouseholds).unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].address.to_string(), "5-1-101");
    assert_eq!(
        rows[0]
            .links
            .iter()
            .map(|(a, d)| (a.to_string(), *d))
            .collect::<Vec<_>>(),
        vec![("5-1-102".to_string(), day)]
    );
}

#[test]
fn a_captain_puts_no_member_into_another_grids_group_and_reads_none_of_its_party() {
    let root = tempfile::tempdir().unwrap();
    let (store, admin) = second_grid_admin(root.path());
    let captain = captain_backend(&store);
    let day = today(&store);
    admin.call(SetPartyMember(member(100, None, day))).unwrap();
    admin.call(SetPartyMember(member(106, None, day))).unwrap();
    let g = admin
        .call(AddPartyGroup {
            name: "第二党小组".into(),
            grid: 4,
            leader: 106,
        })
        .unwrap();
    assert_eq!(
        refused(&captain, &store, SetPartyMember(member(100, Some(g.id), day))),
        "the party group “第二党小组” is on a grid outside the grids you look after; choose a group on your grids"
    );
    assert_eq!(
        refused(&captain, &store, EndPartyMember(106, day, "迁出".into())),
        "the household at 7-1-101 is outside the grids you look after; ask a street admin if you need it"
    );
    assert_eq!(captain.call(PartyGroups).unwrap(), vec![]);
    let members: Vec<String> = captain
        .call(PartyMembers)
        .unwrap()
        .into_iter()
        .map(|m| m.member.name)
        .collect();
    assert_eq!(members, vec!["周官萍"]);
    let cov = captain.call(PartyCoverage).unwrap();
    assert_eq!(cov.grids_without_group, vec!["第一网格"]);
    assert_eq!(cov.grids, 1);
}

#[test]
fn a_private_wish_of_another_grid_is_neither_moved_nor_listed_nor_counted_for_her() {
    let root = tempfile::tempdir().unwrap();
    let (store, admin) = second_grid_admin(root.path());
    let captain = captain_backend(&store);
    let day = today(&store);
    let w = admin
        .call(AddWish {
            household: 24,
            text: "想要一个助行器".into(),
            category: WishCategory::Goods,
            source: WishSource::Staff,
            raised: day,
            due: None,
            private: true,
        })
        .unwrap();
    for err in [
        refused(
            &captain,
            &store,
            DispatchWish {
                wish: w.id,
                to: "党员志愿服务队".into(),
            },
        ),
        refused(
            &captain,
            &store,
            CloseWish {
                wish: w.id,
                reason: "重复".into(),
            },
        ),
        refused(&captain, &store, Detail(24)),
    ] {
        assert_eq!(err, OUTSIDE);
    }
    assert_eq!(captain.call(Wishes::default()).unwrap(), vec![]);
    let report = captain
        .call(WishReport {
            month: this_month(&store),
            today: day,
        })
        .unwrap();
    let grids: Vec<&str> = report.grids.iter().map(|g| g.grid.as_str()).collect();
    assert_eq!(grids, vec!["第一网格"]);
    assert_eq!(report.total.raised, 0);
    let sheet = gridbook::api::party_ledgers::wishes(
        &store,
        this_month(&store),
        captain.scope(),
        "花苑社区",
    )
    .unwrap();
    assert_eq!(sheet.rows.len(), 0);
    assert_eq!(
        store.get_id::<Wish>(w.id).unwrap().unwrap().state,
        WishState::Open
    );
}

/// The small fixture with 东裕社区 (community 4, grid 5, 欧阳春's household 30), an admin
/// and 张丽; 欧阳春 registered with 东裕社区 and her post 楼道清洁 on 第一网格.
fn two_community_store(root: &std::path::Path) -> (Arc<Store>, Local, Local, Registrant, Post) {
    let store = small_store(&root.join("server"));
    two_communities(&store);
    let store = Arc::new(store);
    let admin = Local::scoped(
        store.clone(),
        "admin".into(),
        Scope::everything(),
        gridbook::search::SearchCell::start(store.clone()),
    );
    let captain = captain_backend(&store);
    let day = today(&store);
    let r = admin
        .call(AddRegistrant(Registrant {
            id: 0,
            community: 4,
            name: "欧阳春".into(),
            phone: String::new(),
            side: RegistrantSide::Member {
                employer: "区税务局".into(),
                employer_party: String::new(),
                skills: vec![],
                household: Some(30),
            },
            registered: day,
            state: RegistrantState::Registered,
            ended: None,
        }))
        .unwrap();
    let p = captain
        .call(AddPost(Post {
            id: 0,
            community: 0,
            grid: 3,
            title: "楼道清洁".into(),
            category: "环境整治".into(),
            skills: vec![],
            capacity: 2,
            closed: None,
        }))
        .unwrap();
    (store, admin, captain, r, p)
}

fn service(registrant: Id, post: Option<Id>, day: Day) -> ServiceRecord {
    ServiceRecord {
        id: 0,
        community: 0,
        registrant,
        post,
        day,
        minutes: 120,
        what: "楼道清洁".into(),
        confirmed_by: String::new(),
    }
}

#[test]
fn a_claim_or_service_for_another_communitys_registrant_is_refused_without_her_name() {
    let root = tempfile::tempdir().unwrap();
    let (store, admin, captain, r, p) = two_community_store(root.path());
    let day = today(&store);
    let claim = ClaimPost {
        post: p.id,
        registrant: r.id,
        day,
    };
    assert_eq!(refused(&captain, &store, claim.clone()), OTHER_COMMUNITY);
    assert_eq!(
        refused(&captain, &store, LogService(service(r.id, Some(p.id), day))),
        OTHER_COMMUNITY
    );
    assert_eq!(
        refused(
            &captain,
            &store,
            EndClaim {
                post: p.id,
                registrant: r.id,
                day,
            }
        ),
        OTHER_COMMUNITY
    );
    assert_eq!(
        refused(&captain, &store, LogService(service(r.id, None, day))),
        "registrants and services with no post are kept by the community's staff; ask a community admin"
    );
    // Gone from 东裕社区, she is still not named to 张丽.
    admin
        .call(LeaveRegistrant {
            registrant: r.id,
            to: RegistrantState::TransferredOut,
            day,
            reason: "调往外区".into(),
        })
        .unwrap();
    assert_eq!(refused(&captain, &store, claim), OTHER_COMMUNITY);
    assert_eq!(captain.call(Registrants { day }).unwrap(), vec![]);
    assert_eq!(
        captain.call(Search("欧阳".into(), 10)).unwrap(),
        vec![],
        "another community's registrant is no hit of hers"
    );
}

/// An admin of 花苑社区 alone (community 2), as the server would serve her.
fn community_admin(store: &Arc<Store>) -> Local {
    Local::scoped(
        store.clone(),
        "nobody".into(),
        Scope {
            all: false,
            communities: BTreeSet::from([2]),
            grids: BTreeSet::new(),
        },
        gridbook::search::SearchCell::start(store.clone()),
    )
}

#[test]
fn a_sync_push_claiming_or_serving_her_post_for_another_communitys_registrant_is_refused() {
    for serve_it in [false, true] {
        let root = tempfile::tempdir().unwrap();
        let (store, _admin, _captain, r, p) = two_community_store(root.path());
        let day = today(&store);
        let staff = community_admin(&store);
        let laptop = laptop(root.path(), &staff);
        let id = std::sync::Mutex::new(0);
        on_laptop(&laptop, |t| {
            let new = t.next_id()?;
            *id.lock().unwrap() = new;
            if serve_it {
                t.put(&ServiceRecord {
                    id: new,
                    community: 2,
                    ..service(r.id, Some(p.id), day)
                })
            } else {
                t.put(&PostClaim {
                    id: new,
                    post: p.id,
                    registrant: r.id,
                    from: day,
                    until: None,
                })
            }
        });
        let id = *id.lock().unwrap();
        let kind = if serve_it {
            "service record"
        } else {
            "claim on a post"
        };
        assert_eq!(refused_push(&laptop, &staff, &store), sentence(kind, id));
        assert!(store.get_id::<PostClaim>(id).unwrap().is_none());
        assert!(store.get_id::<ServiceRecord>(id).unwrap().is_none());
    }
}

#[test]
fn a_sync_push_pointing_a_registrant_or_a_post_into_another_community_is_refused() {
    for post_it in [false, true] {
        let root = tempfile::tempdir().unwrap();
        let (store, _admin, _captain, _r, _p) = two_community_store(root.path());
        let day = today(&store);
        let staff = community_admin(&store);
        let laptop = laptop(root.path(), &staff);
        let id = std::sync::Mutex::new(0);
        on_laptop(&laptop, |t| {
            let new = t.next_id()?;
            *id.lock().unwrap() = new;
            if post_it {
                // Her community's post on 东裕社区's grid: its figures would count her hours.
                t.put(&Post {
                    id: new,
                    community: 2,
                    grid: 5,
                    title: "巡楼".into(),
                    category: "平安建设".into(),
                    skills: vec![],
                    capacity: 1,
                    closed: None,
                })
            } else {
                // Her community's member living at 东裕社区's 5-1-102.
                t.put(&Registrant {
                    id: new,
                    community: 2,
                    name: "王芳".into(),
                    phone: String::new(),
                    side: RegistrantSide::Member {
                        employer: "区税务局".into(),
                        employer_party: String::new(),
                        skills: vec![],
                        household: Some(30),
                    },
                    registered: day,
                    state: RegistrantState::Registered,
                    ended: None,
                })
            }
        });
        let id = *id.lock().unwrap();
        let kind = if post_it {
            "service post"
        } else {
            "registrant"
        };
        assert_eq!(refused_push(&laptop, &staff, &store), sentence(kind, id));
    }
}

#[test]
fn a_captain_records_no_meeting_and_her_lists_are_not_read_first() {
    let root = tempfile::tempdir().unwrap();
    let (store, _admin) = second_grid_admin(root.path());
    let captain = captain_backend(&store);
    let err = refused(
        &captain,
        &store,
        AddMeeting {
            community: 2,
            kind: MeetingKind::Council,
            date: today(&store),
            chair: "张丽".into(),
            present: vec!["王芳".into()],
            absent: vec!["王芳".into()],
            items: vec![],
        },
    );
    assert_eq!(err, OUTSIDE);
}

#[test]
fn a_meeting_naming_an_item_twice_is_recorded_on_it_once() {
    let root = tempfile::tempdir().unwrap();
    let (store, admin) = second_grid_admin(root.path());
    let day = today(&store);
    let item = |topic: &str| {
        admin
            .call(AddAgendaItem {
                community: 2,
                topic: topic.into(),
                kind: AgendaKind::Residents,
                raised_by: RaisedBy::Staff("zhangli".into()),
                raised: day,
            })
            .unwrap()
            .id
    };
    let (a, b) = (item("加装电梯"), item("楼道照明"));
    let m = admin
        .call(AddMeeting {
            community: 2,
            kind: MeetingKind::Council,
            date: day,
            chair: "张丽".into(),
            present: vec!["王芳".into()],
            absent: vec![],
            items: vec![a, b, a, b, a],
        })
        .unwrap();
    assert_eq!(m.items, vec![a, b]);
    for i in [a, b] {
        assert_eq!(
            store.get_id::<AgendaItem>(i).unwrap().unwrap().meetings,
            vec![m.id]
        );
    }
}

#[test]
fn a_captain_moves_and_reads_no_agenda_item_of_another_grid() {
    let root = tempfile::tempdir().unwrap();
    let (store, admin) = second_grid_admin(root.path());
    let captain = captain_backend(&store);
    let day = today(&store);
    let i = admin
        .call(AddAgendaItem {
            community: 2,
            topic: "楼道堆物清理".into(),
            kind: AgendaKind::Residents,
            raised_by: RaisedBy::Household(24),
            raised: day,
        })
        .unwrap();
    assert_eq!(
        refused(
            &captain,
            &store,
            NoteAgendaItem {
                item: i.id,
                text: "已了解".into(),
            }
        ),
        OUTSIDE
    );
    assert_eq!(
        refused(
            &captain,
            &store,
            AdvanceAgendaItem {
                item: i.id,
                to: AgendaState::Accepted,
                note: String::new(),
                today: day,
            }
        ),
        OUTSIDE
    );
    assert_eq!(captain.call(AgendaItems { open: false }).unwrap(), vec![]);
}

/// A campaign over both grids, and `gbt_sent` sent down to 第一网格 from today.
fn campaign_with_one_sent_down(admin: &Local, store: &Store) -> Id {
    let day = today(store);
    let c = admin
        .call(StartCampaign {
            name: "消防排查".into(),
            kind: CampaignKind::Fire,
            grids: vec![3, 4],
            started: day,
            deadline: day + 30,
            results: vec![],
        })
        .unwrap();
    admin
        .call(AddSentDown {
            campaign: c.id,
            person: "李明".into(),
            unit: "区城管局".into(),
            grid: 3,
            user: "gbt_sent".into(),
            arrived: day,
        })
        .unwrap();
    c.id
}

#[test]
fn someone_sent_down_checks_and_reads_only_the_doors_of_their_grid() {
    let root = tempfile::tempdir().unwrap();
    let (store, admin) = second_grid_admin(root.path());
    let campaign = campaign_with_one_sent_down(&admin, &store);
    let sent = Local::sent_down(
        store.clone(),
        "gbt_sent".into(),
        gridbook::search::SearchCell::start(store.clone()),
    )
    .unwrap()
    .unwrap();
    let check = |household| CheckDoor {
        campaign,
        household,
        result: "正常".into(),
        note: String::new(),
    };
    assert_eq!(refused(&sent, &store, check(24)), OUTSIDE);
    assert_eq!(
        refused(
            &sent,
            &store,
            DoorChecks {
                campaign,
                household: 24,
            }
        ),
        OUTSIDE
    );
    assert_eq!(
        refused(
            &sent,
            &store,
            NextDoor {
                campaign,
                grid: 4,
                building: None,
                after: None,
            }
        ),
        OUTSIDE
    );
    assert!(sent
        .call(BuildingDoors {
            campaign,
            building: 12,
        })
        .unwrap()
        .is_empty());
    assert_eq!(refused(&sent, &store, Wishes::default()), SENT_DOWN_ONLY);
    assert_eq!(refused(&sent, &store, Detail(20)), SENT_DOWN_ONLY);
    assert_eq!(refused(&sent, &store, PartyMembers), SENT_DOWN_ONLY);
    // Their own grid's doors they check.
    assert_eq!(sent.call(check(20)).unwrap().by, "gbt_sent");
    // A captain of 第一网格 checks no door of 第二网格 either.
    assert_eq!(
        refused(&captain_backend(&store), &store, check(24)),
        OUTSIDE
    );
}

#[test]
fn a_sync_push_sending_someone_down_is_refused_to_all_but_an_admin() {
    let root = tempfile::tempdir().unwrap();
    let (store, admin) = second_grid_admin(root.path());
    let campaign = campaign_with_one_sent_down(&admin, &store);
    let captain = captain_backend(&store);
    let laptop = laptop(root.path(), &captain);
    let day = today(&store);
    let id = std::sync::Mutex::new(0);
    on_laptop(&laptop, |t| {
        let new = t.next_id()?;
        *id.lock().unwrap() = new;
        t.put(&SentDown {
            id: new,
            campaign,
            person: "朋友".into(),
            unit: "无".into(),
            community: 2,
            grid: 3,
            user: "gbt_stranger".into(),
            arrived: day,
            left: None,
        })
    });
    let id = *id.lock().unwrap();
    assert_eq!(
        refused_push(&laptop, &captain, &store),
        sentence("sent-down staff", id)
    );
    assert_eq!(store.sent_down_scope("gbt_stranger", day).unwrap(), None);
    assert_eq!(store.get_id::<SentDown>(id).unwrap(), None);
    // The push without it goes through.
    on_laptop(&laptop, |t| t.remove::<SentDown>(&keys::id(id)).map(|_| ()));
    push(&laptop, &captain).unwrap();
    assert_eq!(store.sent_down_scope("gbt_stranger", day).unwrap(), None);
}

#[test]
fn a_search_asking_for_any_number_of_hits_answers_with_those_there_are() {
    let root = tempfile::tempdir().unwrap();
    let (store, _admin) = second_grid_admin(root.path());
    let captain = captain_backend(&store);
    for limit in [1 << 40, usize::MAX] {
        let names: Vec<String> = captain
            .call(Search("周".into(), limit))
            .unwrap()
            .into_iter()
            .map(|h| h.name)
            .collect();
        assert_eq!(names, vec!["周官萍"]);
    }
}

#[test]
fn a_huge_note_on_her_own_wish_or_agenda_item_is_refused_in_one_sentence() {
    let root = tempfile::tempdir().unwrap();
    let (store, _admin) = second_grid_admin(root.path());
    let captain = captain_backend(&store);
    let day = today(&store);
    let huge = "很".repeat(600_000);
    let too_long = "the note is longer than 500 characters; shorten it";
    let w = captain
        .call(AddWish {
            household: 20,
            text: "换个灯泡".into(),
            category: WishCategory::Goods,
            source: WishSource::Staff,
            raised: day,
            due: None,
            private: false,
        })
        .unwrap();
    assert_eq!(
        refused(
            &captain,
            &store,
            DispatchWish {
                wish: w.id,
                to: huge.clone(),
            }
        ),
        too_long
    );
    assert_eq!(
        refused(
            &captain,
            &store,
            CloseWish {
                wish: w.id,
                reason: "很".repeat(501),
            }
        ),
        too_long
    );
    let i = captain
        .call(AddAgendaItem {
            community: 2,
            topic: "加装电梯".into(),
            kind: AgendaKind::Residents,
            raised_by: RaisedBy::Household(20),
            raised: day,
        })
        .unwrap();
    assert_eq!(
        refused(
            &captain,
            &store,
            NoteAgendaItem {
                item: i.id,
                text: huge.clone(),
            }
        ),
        too_long
    );
    assert_eq!(
        refused(
            &captain,
            &store,
            AdvanceAgendaItem {
                item: i.id,
                to: AgendaState::Rejected,
                note: huge,
                today: day,
            }
        ),
        too_long
    );
    // A note of 500 characters is kept whole.
    let kept = captain
        .call(CloseWish {
            wish: w.id,
            reason: "很".repeat(500),
        })
        .unwrap();
    assert_eq!(kept.history[0].note.chars().count(), 500);
}

#[test]
fn a_sync_push_putting_her_agenda_item_on_a_meeting_is_refused() {
    let root = tempfile::tempdir().unwrap();
    let (store, admin) = second_grid_admin(root.path());
    let captain = captain_backend(&store);
    let day = today(&store);
    let m = admin
        .call(AddMeeting {
            community: 2,
            kind: MeetingKind::Council,
            date: day,
            chair: "王芳".into(),
            present: vec![],
            absent: vec![],
            items: vec![],
        })
        .unwrap();
    let i = captain
        .call(AddAgendaItem {
            community: 2,
            topic: "加装电梯".into(),
            kind: AgendaKind::Residents,
            raised_by: RaisedBy::Household(20),
            raised: day,
        })
        .unwrap();
    let laptop = laptop(root.path(), &captain);
    // Meetings are the community's: only its staff say which items one discussed.
    on_laptop(&laptop, |t| {
        let mut item = t.get::<AgendaItem>(&keys::id(i.id))?.unwrap();
        item.meetings.push(m.id);
        t.put(&item)
    });
    assert_eq!(
        refused_push(&laptop, &captain, &store),
        sentence("agenda item", i.id)
    );
    assert_eq!(
        store.get_id::<AgendaItem>(i.id).unwrap().unwrap().meetings,
        Vec::<Id>::new()
    );
}

/// Sets the terminal's title, clears the screen, the C1 CSI and a right-to-left override.
const HOSTILE: [(&str, &str); 4] = [
    ("\x1b]0;pwned\x07", "\\x1b]0;pwned\\x07"),
    ("\x1b[2J", "\\x1b[2J"),
    ("\u{9b}31m", "\\u{9b}31m"),
    ("\u{202e}", "\\u{202e}"),
];

#[test]
fn names_and_notes_of_party_wish_registrant_and_agenda_records_reach_no_terminal_raw() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("store");
    {
        let store = small_store(&data);
        let all = Scope::everything();
        let day = today(&store);
        let [(osc, _), (clear, _), (csi, _), (rlo, _)] = HOSTILE;
        store
            .set_party_member("admin", &all, &member(100, None, day))
            .unwrap();
        store
            .add_party_group("admin", &all, &format!("第一党小组{clear}"), 3, 100)
            .unwrap();
        let mut w = Wish::new(
            20,
            &format!("换灯泡{osc}"),
            WishCategory::Goods,
            WishSource::Staff,
            day,
        );
        w.private = true;
        store.add_wish("admin", &w, &|_| true).unwrap();
        store
            .add_registrant(
                "admin",
                &all,
                &Registrant {
                    id: 0,
                    community: 2,
                    name: format!("王芳{csi}"),
                    phone: String::new(),
                    side: RegistrantSide::Member {
                        employer: format!("区税务局{rlo}"),
                        employer_party: String::new(),
                        skills: vec![],
                        household: Some(22),
                    },
                    registered: day,
                    state: RegistrantState::Registered,
                    ended: None,
                },
            )
            .unwrap();
        store
            .add_post(
                "admin",
                &all,
                &Post {
                    id: 0,
                    community: 0,
                    grid: 3,
                    title: format!("楼道清洁{rlo}"),
                    category: "环境整治".into(),
                    skills: vec![],
                    capacity: 1,
                    closed: None,
                },
            )
            .unwrap();
        let item = AgendaItem::new(
            2,
            &format!("加装电梯{osc}"),
            AgendaKind::Residents,
            RaisedBy::Unit(format!("物业{clear}")),
            day,
        );
        store.add_agenda_item("admin", &item, &|_| true).unwrap();
    }
    wait_until_released(&data);
    for args in [
        &["wish", "list"][..],
        &["wish", "list", "--json"],
        &["member", "group", "list"],
        &["registrant", "list"],
        &["registrant", "list", "--json"],
        &["post", "list"],
        &["agenda", "list"],
        &["agenda", "list", "--json"],
    ] {
        let out = cli_ok(dir.path(), args);
        let raw: Vec<char> = out
            .chars()
            .filter(|&c| {
                (c < ' ' && c != '\t' && c != '\n')
                    || ('\x7f'..='\u{9f}').contains(&c)
                    || ('\u{202a}'..='\u{202e}').contains(&c)
            })
            .collect();
        assert_eq!(raw, Vec::<char>::new(), "{args:?}:\n{out}");
    }
    let shown = |args: &[&str], (_, escaped): (&str, &str)| {
        let out = cli_ok(dir.path(), args);
        assert!(out.contains(escaped), "{args:?} shows {escaped}:\n{out}");
    };
    shown(&["wish", "list"], HOSTILE[0]);
    shown(&["member", "group", "list"], HOSTILE[1]);
    shown(&["registrant", "list"], HOSTILE[2]);
    shown(&["post", "list"], HOSTILE[3]);
    shown(&["agenda", "list"], HOSTILE[0]);
}

//! The roster changes at the store: household facts, residents added, changed, made head,
//! leaving and moving, new households; counts of current residents, the audit's before and
//! after, scope refusals that write nothing, and sync converging field by field.

mod common;

use std::sync::Arc;

use gridbook::model::scope::Scope;
use gridbook::model::time::day_of;
use gridbook::model::*;
use gridbook::store::check::check;
use gridbook::store::roster::{HouseholdChange, NewResident, ResidentChange};
use gridbook::store::{codec, keys, OpenOptions, Store, StoreError, Stored, TreeId};

fn everyone() -> Scope {
    Scope::everything()
}

/// A grid captain of 第一网格 (grid 3) only.
fn first_grid() -> Scope {
    Scope {
        all: false,
        communities: Default::default(),
        grids: [3].into_iter().collect(),
    }
}

fn names(rs: &[Resident]) -> Vec<&str> {
    rs.iter().map(|r| r.name.as_str()).collect()
}

fn last_detail(store: &Store) -> String {
    store.audit_lines(1).unwrap()[0].detail.clone()
}

fn moved_out(to: &str) -> LeaveReason {
    LeaveReason::MovedOut {
        to: Some(to.into()),
    }
}

#[test]
fn a_resident_who_leaves_is_former_and_counted_nowhere_but_still_found() {
    let dir = tempfile::tempdir().unwrap();
    let store = common::small_store(dir.path());
    assert_eq!(store.stats().unwrap().residents, 6);
    let row = |id| {
        let h = store.get_id::<Household>(id).unwrap().unwrap();
        store.household_row(&h).unwrap().size
    };
    assert_eq!(row(21), 3);

    let day = day_of(common::ymd(2026, 11, 20));
    let saved = store
        .resident_leaves("zhangli", &first_grid(), 103, &moved_out("广州"), day)
        .unwrap();
    assert_eq!((saved.households, saved.residents), (vec![21], vec![103]));

    assert_eq!(store.stats().unwrap().residents, 5);
    assert_eq!(row(21), 2);
    let d = store.household_detail(21).unwrap();
    assert_eq!(names(&d.residents), vec!["曾小明", "李娟"]);
    assert_eq!(names(&d.former), vec!["曾子涵"]);
    assert_eq!(
        d.former[0].left,
        Some(Leaving {
            reason: moved_out("广州"),
            day
        })
    );
    assert_eq!(d.status, None, "people still live there");
    assert_eq!(
        last_detail(&store),
        "曾子涵：离开 — → 迁出（广州）2026-11-20"
    );
    let history = store.household_history(21).unwrap();
    assert_eq!(history[0].detail, "曾子涵：离开 — → 迁出（广州）2026-11-20");
    assert_eq!(history[0].tree, "residents");
    assert_eq!(check(&store).unwrap().problems, Vec::<String>::new());

    // Search still finds her, marked former; the others are not.
    let index = gridbook::search::SearchIndex::build(&store).unwrap();
    let hits = index.search("曾子涵", 5, None);
    assert_eq!(
        (hits[0].resident, hits[0].former, hits[0].address.as_str()),
        (Some(103), true, "5-1-102")
    );
    assert!(!index.search("李娟", 5, None)[0].former);

    // Leaving twice is refused and writes nothing.
    let seq = store.audit_lines(1).unwrap()[0].seq;
    let err = store
        .resident_leaves("zhangli", &everyone(), 103, &LeaveReason::Died, day)
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "曾子涵 has already left 5-1-102; nothing was changed"
    );
    assert_eq!(store.audit_lines(1).unwrap()[0].seq, seq);
}

#[test]
fn an_address_whose_last_resident_died_shows_vacant_and_has_no_head() {
    let dir = tempfile::tempdir().unwrap();
    let store = common::small_store(dir.path());
    let day = day_of(common::ymd(2026, 11, 1));
    let saved = store
        .resident_leaves("zhangli", &everyone(), 104, &LeaveReason::Died, day)
        .unwrap();
    assert_eq!(saved.household.head, None);
    let d = store.household_detail(22).unwrap();
    assert_eq!(d.status, Some(HouseStatus::Vacant));
    assert!(d.residents.is_empty());
    assert_eq!(names(&d.former), vec!["单丽"]);
    assert_eq!(d.household.status, None, "vacant is derived, not written");
    assert_eq!(store.stats().unwrap().residents, 5);
}

#[test]
fn a_household_edit_is_validated_and_audited_with_masked_values_before_and_after() {
    let dir = tempfile::tempdir().unwrap();
    let store = common::small_store(dir.path());
    let tenancy = Tenancy {
        from: day_of(common::ymd(2026, 1, 1)),
        to: day_of(common::ymd(2026, 12, 31)),
    };
    let change = HouseholdChange {
        phone: Some("139 1234 5678".into()),
        status: Some(HouseStatus::Rented),
        landlord: Some(Some(Landlord {
            name: "陈房东".into(),
            phone: "13700000000".into(),
        })),
        tenancy: Some(Some(tenancy)),
        ..Default::default()
    };
    let saved = store
        .edit_household("zhangli", &first_grid(), 20, &change)
        .unwrap();
    assert_eq!(saved.household.phone, "13912345678");
    assert_eq!(saved.households, vec![20]);
    assert_eq!(
        last_detail(&store),
        "电话 138****0100 → 139****5678; 房屋状态 — → 出租; 房东 — → 陈房东 137****0000; 租期 — → 2026-01-01—2026-12-31"
    );
    assert_eq!(
        store.household_history(20).unwrap()[0].detail,
        last_detail(&store)
    );

    // No longer rented: landlord and tenancy go with it.
    let own = HouseholdChange {
        status: Some(HouseStatus::Owner),
        note: Some("房主回迁".into()),
        ..Default::default()
    };
    let h = store
        .edit_household("zhangli", &everyone(), 20, &own)
        .unwrap()
        .household;
    assert_eq!((h.landlord, h.tenancy), (None, None));
    assert_eq!(
        last_detail(&store),
        "房屋状态 出租 → 自住; 房东 陈房东 137****0000 → —; 租期 2026-01-01—2026-12-31 → —; 备注 — → 房主回迁"
    );

    let refused = |c: HouseholdChange| {
        store
            .edit_household("zhangli", &everyone(), 20, &c)
            .unwrap_err()
            .to_string()
    };
    assert_eq!(
        refused(HouseholdChange {
            landlord: Some(Some(Landlord {
                name: "陈房东".into(),
                phone: String::new()
            })),
            ..Default::default()
        }),
        "5-1-101 is not marked rented, so it has no landlord; mark it rented first"
    );
    assert_eq!(
        refused(HouseholdChange {
            status: Some(HouseStatus::Rented),
            tenancy: Some(Some(Tenancy {
                from: tenancy.to,
                to: tenancy.from
            })),
            ..Default::default()
        }),
        "the tenancy ends on 2026-01-01 before it starts on 2026-12-31; correct the dates"
    );
    assert_eq!(
        refused(HouseholdChange {
            phone: Some("12345".into()),
            ..Default::default()
        }),
        "the phone “12345” is neither an 11-digit mobile nor a landline with its area code"
    );
    assert_eq!(
        store.get_id::<Household>(20).unwrap().unwrap().note,
        "房主回迁"
    );
}

fn newcomer(name: &str, id_number: &str) -> NewResident {
    NewResident {
        name: name.into(),
        relation: Relation::Tenant,
        sex: None,
        birth: None,
        id_number: id_number.into(),
        phone: "13666667777".into(),
        residence: Residence::Migrant,
        care_tags: vec![],
        party_member: false,
    }
}

#[test]
fn an_id_number_on_file_is_refused_naming_who_has_it_and_they_can_be_moved_instead() {
    let dir = tempfile::tempdir().unwrap();
    let store = common::small_store(dir.path());
    let zhou = store.get_id::<Resident>(100).unwrap().unwrap();
    let err = store
        .add_resident(
            "zhangli",
            &everyone(),
            22,
            &newcomer("周萍", &zhou.id_number),
        )
        .unwrap_err();
    let masked = idnumber::mask(&zhou.id_number);
    assert_eq!(
        err.to_string(),
        format!("周官萍 (ID number {masked}) is already registered at 花苑社区 5-1-101; move them here instead of adding them again")
    );
    assert_eq!(
        gridbook::i18n::localize(&err.to_string(), gridbook::i18n::Lang::Zh),
        format!(
            "周官萍（身份证号 {masked}）已登记在 花苑社区 5-1-101；请把此人迁到这里，不要重复登记"
        )
    );
    assert!(matches!(
        err,
        StoreError::Duplicate {
            resident: 100,
            household: 20,
            ..
        }
    ));
    assert_eq!(store.stats().unwrap().residents, 6);

    // Moving her instead: 5-2-301 has a head, so she is 其他 there; 5-1-101 has none left.
    let saved = store
        .move_resident("zhangli", &first_grid(), 100, 22)
        .unwrap();
    assert_eq!(saved.households, vec![20, 22]);
    let r = saved.resident.unwrap();
    assert_eq!((r.household, r.relation), (22, Relation::Other));
    assert_eq!(store.get_id::<Household>(20).unwrap().unwrap().head, None);
    assert_eq!(
        names(&store.household_detail(22).unwrap().residents),
        vec!["周官萍", "单丽"]
    );
    assert_eq!(
        store.household_detail(20).unwrap().status,
        Some(HouseStatus::Vacant)
    );
    assert_eq!(
        last_detail(&store),
        "周官萍：住户 #20 → #22; 与户主关系 户主 → 其他"
    );
    assert_eq!(check(&store).unwrap().problems, Vec::<String>::new());
}

#[test]
fn a_new_resident_is_checked_as_the_import_checks_and_found_after_follow() {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(common::small_store(dir.path()));
    let cell = gridbook::search::SearchCell::start(store.clone());
    cell.with(|_| ()).unwrap();

    // Birth and sex from the ID number; a birth date that disagrees is kept with a warning.
    let id = idnumber::compose(442000, common::ymd(1995, 6, 1), 57);
    let mut tenant = newcomer("黎明远", &id);
    let saved = store
        .add_resident("zhangli", &first_grid(), 22, &tenant)
        .unwrap();
    let r = saved.resident.clone().unwrap();
    assert_eq!(
        (r.sex, r.birth),
        (Sex::Male, day_of(common::ymd(1995, 6, 1)))
    );
    assert!(saved.warnings.is_empty());
    assert_eq!(store.stats().unwrap().residents, 7);
    cell.follow(&store, &saved.households, &saved.residents)
        .unwrap();
    let hits = cell.with(|i| i.search("黎明远", 5, None)).unwrap();
    assert_eq!((hits[0].resident, hits[0].former), (Some(r.id), false));
    // Leaving: still found at the next search, marked former.
    let left = store
        .resident_leaves(
            "zhangli",
            &everyone(),
            r.id,
            &LeaveReason::Died,
            r.birth + 9000,
        )
        .unwrap();
    cell.follow(&store, &left.households, &left.residents)
        .unwrap();
    let hits = cell.with(|i| i.search("黎明远", 5, None)).unwrap();
    assert_eq!((hits[0].resident, hits[0].former), (Some(r.id), true));

    let other = idnumber::compose(442000, common::ymd(1990, 2, 2), 58);
    tenant.name = "黎明芳".into();
    tenant.id_number = other;
    tenant.birth = Some(day_of(common::ymd(1990, 2, 3)));
    let saved = store
        .add_resident("zhangli", &everyone(), 22, &tenant)
        .unwrap();
    assert_eq!(
        saved.warnings,
        vec!["the ID number says born 1990-02-02, but this says 1990-02-03; the birth date was kept as written, check which is right".to_string()]
    );
    // A number of the wrong shape is refused, as the import refuses it.
    tenant.id_number = "4420001990".into();
    assert_eq!(
        store
            .add_resident("zhangli", &everyone(), 22, &tenant)
            .unwrap_err()
            .to_string(),
        "the ID number “4420001990” should be 17 digits and a digit or X; check it against the card"
    );
    // A second 户主 is refused.
    tenant.id_number = String::new();
    tenant.sex = Some(Sex::Female);
    tenant.relation = Relation::Head;
    assert_eq!(
        store
            .add_resident("zhangli", &everyone(), 22, &tenant)
            .unwrap_err()
            .to_string(),
        "5-2-301 already has a 户主; add 黎明芳 with another relation, then make them head"
    );
    assert_eq!(
        store.stats().unwrap().residents,
        7,
        "黎明远 left, 黎明芳 came"
    );
}

#[test]
fn making_a_head_turns_the_old_head_into_what_they_are_to_the_new_one() {
    let dir = tempfile::tempdir().unwrap();
    let store = common::small_store(dir.path());
    let rel = |id| store.get_id::<Resident>(id).unwrap().unwrap().relation;
    let saved = store.make_head("zhangli", &everyone(), 102).unwrap();
    assert_eq!(saved.household.head, Some(102));
    assert_eq!(saved.residents, vec![102, 101]);
    assert_eq!((rel(102), rel(101)), (Relation::Head, Relation::Spouse));
    // Through an edit of the relation: the daughter heads, her mother becomes 母.
    let change = ResidentChange {
        relation: Some(Relation::Head),
        phone: Some("13500001111".into()),
        ..Default::default()
    };
    store
        .edit_resident("zhangli", &everyone(), 103, &change)
        .unwrap();
    assert_eq!((rel(103), rel(102)), (Relation::Head, Relation::Mother));
    assert_eq!(
        store.get_id::<Household>(21).unwrap().unwrap().head,
        Some(103)
    );
    let details: Vec<String> = store
        .audit_lines(4)
        .unwrap()
        .into_iter()
        .map(|l| l.detail)
        .collect();
    assert_eq!(
        details,
        vec![
            "曾子涵：电话 138****0103 → 135****1111",
            "李娟：与户主关系 户主 → 母",
            "曾子涵：与户主关系 女 → 户主",
            "户主 #102 → #103",
        ]
    );
    // The head cannot simply be given another relation.
    let err = store
        .edit_resident(
            "zhangli",
            &everyone(),
            103,
            &ResidentChange {
                relation: Some(Relation::Daughter),
                ..Default::default()
            },
        )
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "曾子涵 is the 户主 of 5-1-102; make another resident head first"
    );
}

#[test]
fn a_grid_captain_cannot_change_or_move_across_grids_outside_her_scope_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let store = common::small_store(dir.path());
    common::add_second_grid(&store);
    let before_seq = store.audit_lines(1).unwrap()[0].seq;
    let before_stats = store.stats().unwrap();
    let scope = first_grid();
    let out = "7-1-101 is outside the grids you look after; ask a street admin to change it";

    let err = store
        .edit_household(
            "zhangli",
            &scope,
            24,
            &HouseholdChange {
                note: Some("x".into()),
                ..Default::default()
            },
        )
        .unwrap_err();
    assert!(matches!(err, StoreError::OutOfScope(_)));
    assert_eq!(err.to_string(), out);
    assert_eq!(
        gridbook::i18n::localize(out, gridbook::i18n::Lang::Zh),
        "7-1-101 不在您负责的网格内；如需修改请找街道管理员"
    );
    // Into another grid, and out of one.
    assert_eq!(
        store
            .move_resident("zhangli", &scope, 100, 24)
            .unwrap_err()
            .to_string(),
        out
    );
    assert_eq!(
        store
            .move_resident("zhangli", &scope, 106, 22)
            .unwrap_err()
            .to_string(),
        out
    );
    assert_eq!(
        store
            .add_resident("zhangli", &scope, 24, &newcomer("黎明远", ""))
            .unwrap_err()
            .to_string(),
        "give the sex and birth date of 黎明远, or an ID number that tells them"
    );
    let mut known = newcomer("黎明远", "");
    known.sex = Some(Sex::Male);
    known.birth = Some(day_of(common::ymd(1995, 6, 1)));
    assert_eq!(
        store
            .add_resident("zhangli", &scope, 24, &known)
            .unwrap_err()
            .to_string(),
        out
    );
    assert_eq!(
        store
            .add_household("zhangli", &scope, 12, Address::parse("7-1-102").unwrap())
            .unwrap_err()
            .to_string(),
        "7-1-102 is outside the grids you look after; ask a street admin to change it"
    );
    assert_eq!(
        store
            .resident_leaves("zhangli", &scope, 106, &LeaveReason::Died, 1)
            .unwrap_err()
            .to_string(),
        out
    );
    // An ID number held outside her grids is refused without naming who has it.
    let zha = store.get_id::<Resident>(106).unwrap().unwrap();
    let mut dup = newcomer("查某", &zha.id_number);
    dup.relation = Relation::Other;
    assert_eq!(
        store
            .add_resident("zhangli", &scope, 22, &dup)
            .unwrap_err()
            .to_string(),
        format!(
            "the ID number {} is already registered at a household outside the grids you look after; ask a street admin",
            idnumber::mask(&zha.id_number)
        )
    );
    assert_eq!(store.audit_lines(1).unwrap()[0].seq, before_seq);
    assert_eq!(store.stats().unwrap(), before_stats);
    assert_eq!(
        store.get_id::<Resident>(100).unwrap().unwrap().household,
        20
    );
    assert_eq!(store.count(TreeId::Households).unwrap(), 5);
}

#[test]
fn a_new_household_goes_only_at_an_empty_address_of_its_building() {
    let dir = tempfile::tempdir().unwrap();
    let store = common::small_store(dir.path());
    let a = Address::parse("5-2-302").unwrap();
    let saved = store
        .add_household("zhangli", &first_grid(), 10, a)
        .unwrap();
    let h = saved.household;
    assert_eq!((h.community, h.grid, h.building, h.head), (2, 3, 10, None));
    assert_eq!(
        store.household_detail(h.id).unwrap().status,
        Some(HouseStatus::Vacant)
    );
    assert_eq!(
        store
            .add_household("zhangli", &everyone(), 10, a)
            .unwrap_err()
            .to_string(),
        "5-2-302 already has a household; open it rather than adding another"
    );
    assert_eq!(
        store
            .add_household(
                "zhangli",
                &everyone(),
                10,
                Address::parse("3-1-202").unwrap()
            )
            .unwrap_err()
            .to_string(),
        "3-1-202 is not in building 5; give an address of that building"
    );
    // Someone moving into the new household as 户主 heads it.
    store
        .move_resident("zhangli", &everyone(), 105, h.id)
        .unwrap();
    assert_eq!(
        store.get_id::<Household>(h.id).unwrap().unwrap().head,
        Some(105)
    );
    assert_eq!(store.get_id::<Household>(23).unwrap().unwrap().head, None);
}

#[test]
fn moved_out_on_the_laptop_and_edited_on_the_server_converges_and_both_editing_keeps_a_conflict() {
    let root = tempfile::tempdir().unwrap();
    let (server, laptop) = common::sync::server_and_laptop(root.path(), "laptop");
    let (s, l) = (server.store(), laptop.store());
    let day = day_of(common::ymd(2026, 11, 20));
    l.resident_leaves("laptop", &everyone(), 103, &moved_out("广州"), day)
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(5));
    s.edit_resident(
        "server",
        &everyone(),
        103,
        &ResidentChange {
            phone: Some("13500001111".into()),
            ..Default::default()
        },
    )
    .unwrap();
    let summary = common::sync::sync_as(&laptop, &server, "community-server");
    assert_eq!(summary.conflicts, 0);
    for store in [s, l] {
        let r = store.get_id::<Resident>(103).unwrap().unwrap();
        assert_eq!(r.phone, "13500001111");
        assert_eq!(
            r.left.map(|x| x.reason),
            Some(moved_out("广州")),
            "both changes are kept"
        );
        assert_eq!(
            names(&store.household_detail(21).unwrap().former),
            vec!["曾子涵"]
        );
        assert_eq!(store.stats().unwrap().residents, 5);
        assert_eq!(check(store).unwrap().problems, Vec::<String>::new());
    }

    // Both change one resident's phone: the later wins, the other is kept as a conflict.
    let phone = |p: &str| ResidentChange {
        phone: Some(p.into()),
        ..Default::default()
    };
    l.edit_resident("laptop", &everyone(), 102, &phone("13911112222"))
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(5));
    s.edit_resident("server", &everyone(), 102, &phone("13733334444"))
        .unwrap();
    let summary = common::sync::sync_as(&laptop, &server, "community-server");
    assert_eq!(summary.conflicts, 1);
    for store in [s, l] {
        let r = store.get_id::<Resident>(102).unwrap().unwrap();
        assert_eq!(r.phone, "13733334444");
    }
    let c = &l.conflicts().unwrap()[0].conflict;
    assert_eq!(
        (c.field.as_str(), c.kept.as_str(), c.lost.as_str()),
        ("phone", "\"13733334444\"", "\"13911112222\"")
    );
}

/// A household as a store of format 1 holds it: the fields before the house facts.
#[derive(serde::Serialize)]
struct HouseholdV1 {
    id: Id,
    community: Id,
    grid: Id,
    building: Id,
    address: Address,
    head: Option<Id>,
    phone: String,
    care_tags: Vec<CareTag>,
    captain: Option<Id>,
}

#[test]
fn a_household_an_older_build_wrote_opens_and_is_edited_with_its_values_before_in_the_audit() {
    let dir = tempfile::tempdir().unwrap();
    let store = common::small_store(dir.path());
    let h = store
        .get_stored::<Household>(&keys::id(20))
        .unwrap()
        .unwrap();
    let old = Stored {
        meta: h.meta.clone(),
        value: HouseholdV1 {
            id: 20,
            community: 2,
            grid: 3,
            building: 10,
            address: h.value.address,
            head: h.value.head,
            phone: h.value.phone.clone(),
            care_tags: h.value.care_tags.clone(),
            captain: h.value.captain,
        },
    };
    let mut bytes = codec::encode(&old).unwrap();
    bytes[0] = 1;
    store
        .tree(TreeId::Households)
        .insert(keys::id(20), bytes)
        .unwrap();
    store.tree(TreeId::Households).flush().unwrap();
    drop(store);

    let store = Store::open(dir.path(), OpenOptions::default()).unwrap();
    let d = store.household_detail(20).unwrap();
    assert_eq!((d.household.status, d.household.note.as_str()), (None, ""));
    assert_eq!(d.household.care_tags, vec![CareTag::ElderlyAlone]);
    let change = HouseholdChange {
        status: Some(HouseStatus::Other),
        phone: Some("13912345678".into()),
        ..Default::default()
    };
    store
        .edit_household("zhangli", &everyone(), 20, &change)
        .unwrap();
    assert_eq!(
        last_detail(&store),
        "电话 138****0100 → 139****5678; 房屋状态 — → 其他"
    );
    let now = store.tree(TreeId::Households).get(keys::id(20)).unwrap();
    assert_eq!(
        now.unwrap()[0],
        codec::FORMAT_VERSION,
        "written anew as format 2"
    );
    assert_eq!(check(&store).unwrap().problems, Vec::<String>::new());
}

#[test]
fn a_grid_captains_laptop_gets_her_former_residents_and_cannot_push_a_person_out_of_another_grid() {
    let root = tempfile::tempdir().unwrap();
    let server = Arc::new(common::small_store(&root.path().join("server")));
    common::add_second_grid(&server);
    let captain = common::captain_backend(&server);
    let laptop = gridbook::client::Local::new(
        Store::open(&root.path().join("laptop"), OpenOptions::default()).unwrap(),
        "zhangli".into(),
    );
    // A former resident of her grid comes down with the first copy, as a former one.
    server
        .resident_leaves(
            "server",
            &everyone(),
            103,
            &LeaveReason::Died,
            day_of(common::ymd(2026, 11, 20)),
        )
        .unwrap();
    common::sync::sync_as(&laptop, &captain, "community-server");
    assert!(laptop.store().get_id::<Resident>(106).unwrap().is_none());
    assert_eq!(
        names(&laptop.store().household_detail(21).unwrap().former),
        vec!["曾子涵"]
    );
    // 查文 (106) lives in 第二网格; the laptop writes him into 5-1-101, in her grid.
    let mut zha = server.get_id::<Resident>(106).unwrap().unwrap();
    zha.household = 20;
    zha.relation = Relation::Other;
    laptop.store().write("zhangli", |t| t.put(&zha)).unwrap();
    let (a, b) = std::os::unix::net::UnixStream::pair().unwrap();
    let err = std::thread::scope(|s| {
        s.spawn(|| {
            let r = b.try_clone().unwrap();
            gridbook::cli::sync::serve(&captain, r, b)
        });
        let r = a.try_clone().unwrap();
        gridbook::cli::sync::drive(&laptop, "community-server", r, a)
            .unwrap_err()
            .to_string()
    });
    assert_eq!(
        err,
        "the laptop sent a change to the resident with id 106, which is outside the grids you look after; nothing was synced — remove that change from the laptop, or ask a street admin to widen your scope"
    );
    assert_eq!(
        server.get_id::<Resident>(106).unwrap().unwrap().household,
        24
    );
}

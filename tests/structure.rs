//! The street's structure at the store: communities, grids and buildings added and renamed,
//! a building moved to another grid with its households, staff given their grids; each
//! validated, in the caller's scope, audited and in the sync change log.

mod common;

use std::collections::BTreeSet;

use gridbook::model::scope::Scope;
use gridbook::model::*;
use gridbook::store::{keys, Store, StoreError, TreeId};

fn admin_of(community: Id) -> Scope {
    Scope {
        all: false,
        communities: BTreeSet::from([community]),
        grids: BTreeSet::new(),
    }
}

fn captain_of(grid: Id) -> Scope {
    Scope {
        all: false,
        communities: BTreeSet::new(),
        grids: BTreeSet::from([grid]),
    }
}

fn message(e: StoreError) -> String {
    e.to_string()
}

/// How many entries the sync change log holds for one record.
fn changes_of(store: &Store, tree: TreeId, id: Id) -> usize {
    store
        .tree(TreeId::Changes)
        .iter()
        .keys()
        .filter(|k| {
            let k = k.as_ref().unwrap();
            k.len() == 19 && k[10] == tree as u8 && k[11..] == keys::id(id)
        })
        .count()
}

/// (who, before, after) of a record's audit entries, the values decoded as `E`.
fn trail<E: gridbook::store::Entity>(store: &Store, id: Id) -> Vec<(String, Option<E>, Option<E>)> {
    let decode = |b: &Option<Vec<u8>>| {
        b.as_ref().map(|b| {
            gridbook::store::codec::decode::<gridbook::store::Stored<E>>(b)
                .unwrap()
                .value
        })
    };
    store
        .history(E::TREE, &keys::id(id))
        .unwrap()
        .iter()
        .map(|e| (e.by.clone(), decode(&e.before), decode(&e.after)))
        .collect()
}

#[test]
fn a_community_is_added_under_a_street_and_renamed_by_its_admin() {
    let dir = tempfile::tempdir().unwrap();
    let store = common::small_store(dir.path());
    let c = store
        .add_community("admin", &Scope::everything(), 1, " 石冲社区 ")
        .unwrap();
    assert_eq!((c.street, c.name.as_str()), (1, "石冲社区"));
    assert_eq!(store.stats().unwrap().communities, 2);
    // Its name is taken in the street, with or without 社区.
    let e = store
        .add_community("admin", &Scope::everything(), 1, "石冲")
        .unwrap_err();
    assert_eq!(
        message(e),
        "东区街道 already has a community called 石冲社区; choose another name"
    );
    // Only a street admin adds one.
    let e = store
        .add_community("lihua", &admin_of(2), 1, "东裕社区")
        .unwrap_err();
    assert!(matches!(e, StoreError::OutOfScope(_)));
    assert_eq!(
        message(e),
        "only a street admin may add a street or a community"
    );
    // The admin of 花苑社区 renames hers, not another.
    let renamed = store
        .rename_community("lihua", &admin_of(2), 2, "花苑新村社区")
        .unwrap();
    assert_eq!(renamed.name, "花苑新村社区");
    let e = store
        .rename_community("lihua", &admin_of(2), c.id, "石冲新社区")
        .unwrap_err();
    assert_eq!(
        message(e),
        "only a street admin, or an admin of 石冲社区, may change its names, grids, buildings and who looks after them"
    );
    let e = store
        .rename_community("zhangli", &captain_of(3), 2, "花苑社区")
        .unwrap_err();
    assert!(
        matches!(e, StoreError::OutOfScope(_)),
        "a grid captain may not"
    );
    assert_eq!(
        trail::<Community>(&store, 2)
            .into_iter()
            .map(|(by, b, a)| (by, b.map(|c| c.name), a.map(|c| c.name)))
            .collect::<Vec<_>>(),
        vec![
            ("fixture".to_string(), None, Some("花苑社区".to_string())),
            (
                "lihua".to_string(),
                Some("花苑社区".to_string()),
                Some("花苑新村社区".to_string())
            ),
        ]
    );
    assert_eq!(changes_of(&store, TreeId::Communities, 2), 2);
    let e = store
        .add_community("admin", &Scope::everything(), 1, "  ")
        .unwrap_err();
    assert_eq!(message(e), "the name is empty; type one");
    let e = store
        .add_community("admin", &Scope::everything(), 77, "新社区")
        .unwrap_err();
    assert_eq!(message(e), "there is no street 77 in the store");
}

#[test]
fn grids_go_four_levels_deep_each_below_a_grid_of_its_community() {
    let dir = tempfile::tempdir().unwrap();
    let store = common::small_store(dir.path());
    common::two_communities(&store);
    let admin = admin_of(2);
    let g2 = store
        .add_grid("lihua", &admin, 2, Some(3), "第一网格一组")
        .unwrap();
    let g3 = store
        .add_grid("lihua", &admin, 2, Some(g2.id), "一组甲")
        .unwrap();
    let g4 = store
        .add_grid("lihua", &admin, 2, Some(g3.id), "甲片")
        .unwrap();
    assert_eq!(
        [
            (g2.level, g2.parent),
            (g3.level, g3.parent),
            (g4.level, g4.parent)
        ],
        [(2, Some(3)), (3, Some(g2.id)), (4, Some(g3.id))]
    );
    let e = store
        .add_grid("lihua", &admin, 2, Some(g4.id), "太深")
        .unwrap_err();
    assert_eq!(
        message(e),
        "the grid 甲片 is at level 4, the deepest; a grid cannot be added below it"
    );
    let top = store
        .add_grid("lihua", &admin, 2, None, "第三网格")
        .unwrap();
    assert_eq!((top.level, top.parent, top.community), (1, None, 2));
    let e = store
        .add_grid("lihua", &admin, 2, None, "第一网格")
        .unwrap_err();
    assert_eq!(
        message(e),
        "花苑社区 already has a grid called 第一网格; choose another name"
    );
    // Grid 5 is 东裕社区's 第二网格.
    let e = store
        .add_grid("admin", &Scope::everything(), 2, Some(5), "借来的")
        .unwrap_err();
    assert_eq!(
        message(e),
        "the grid 第二网格 is not in 花苑社区; a grid's parent is a grid of its community"
    );
    let e = store
        .add_grid("lihua", &admin, 4, None, "东裕三网格")
        .unwrap_err();
    assert!(matches!(e, StoreError::OutOfScope(_)), "not her community");
    let e = store
        .add_grid("zhangli", &captain_of(3), 2, Some(3), "自己加的")
        .unwrap_err();
    assert!(
        matches!(e, StoreError::OutOfScope(_)),
        "a grid captain may not"
    );
    let renamed = store
        .rename_grid("lihua", &admin, top.id, "第三网格（新）")
        .unwrap();
    assert_eq!(renamed.name, "第三网格（新）");
    let e = store
        .rename_grid("lihua", &admin, top.id, "第一网格")
        .unwrap_err();
    assert_eq!(
        message(e),
        "花苑社区 already has a grid called 第一网格; choose another name"
    );
    // The same name in another community is fine.
    store
        .rename_grid("admin", &Scope::everything(), 5, "第三网格")
        .unwrap();
    // 第一网格 and 东裕社区's 第二网格, and the four added.
    assert_eq!(store.stats().unwrap().grids, 2 + 4);
}

#[test]
fn a_building_is_added_to_a_grid_and_renumbered_with_its_households_addresses() {
    let dir = tempfile::tempdir().unwrap();
    let store = common::small_store(dir.path());
    let admin = admin_of(2);
    let b = store.add_building("lihua", &admin, 3, 9, 2, 6).unwrap();
    assert_eq!(
        (b.community, b.grid, b.number, b.entrances, b.floors),
        (2, 3, 9, 2, 6)
    );
    let e = store.add_building("lihua", &admin, 3, 5, 1, 6).unwrap_err();
    assert_eq!(
        message(e),
        "花苑社区 already has a building 5; choose another number"
    );
    let e = store
        .add_building("lihua", &admin, 3, 10, 0, 6)
        .unwrap_err();
    assert_eq!(
        message(e),
        "building 10 needs a number, at least one entrance and at least one floor"
    );
    // Building 10 is 5: its households (5-1-101 and others) become 15-….
    let before: Vec<Household> = store
        .all::<Household>()
        .map(|h| h.unwrap())
        .filter(|h| h.building == 10)
        .collect();
    assert!(!before.is_empty());
    let changed = store.renumber_building("lihua", &admin, 10, 15).unwrap();
    assert_eq!(changed.building.number, 15);
    let mut want: Vec<Id> = before.iter().map(|h| h.id).collect();
    want.sort();
    assert_eq!(changed.households, want);
    for h in &before {
        let now = store.get_id::<Household>(h.id).unwrap().unwrap();
        assert_eq!(
            now.address.to_string(),
            h.address.to_string().replacen('5', "15", 1)
        );
        assert_eq!(changes_of(&store, TreeId::Households, h.id), 2);
    }
    let e = store.renumber_building("lihua", &admin, 10, 3).unwrap_err();
    assert_eq!(
        message(e),
        "花苑社区 already has a building 3; choose another number"
    );
    let e = store
        .renumber_building("zhangli", &captain_of(3), 10, 16)
        .unwrap_err();
    assert!(matches!(e, StoreError::OutOfScope(_)));
    let report = gridbook::store::check::check(&store).unwrap();
    assert_eq!(
        report.problems,
        Vec::<String>::new(),
        "indexes and counters agree"
    );
    // The households are found at their new address.
    let at = store
        .all::<Household>()
        .map(|h| h.unwrap())
        .filter(|h| h.address.to_string() == "15-1-101")
        .count();
    assert_eq!(at, 1);
}

#[test]
fn a_building_moves_to_another_grid_of_its_community_with_its_households() {
    let dir = tempfile::tempdir().unwrap();
    let store = common::small_store(dir.path());
    common::add_second_grid(&store);
    common::two_communities(&store);
    let households: Vec<Household> = store
        .all::<Household>()
        .map(|h| h.unwrap())
        .filter(|h| h.building == 10)
        .collect();
    let moved = store.move_building("lihua", &admin_of(2), 10, 4).unwrap();
    assert_eq!((moved.building.number, moved.building.grid), (5, 4));
    assert_eq!(moved.households.len(), households.len());
    for h in &households {
        let now = store.get_id::<Household>(h.id).unwrap().unwrap();
        assert_eq!(now.grid, 4, "{} follows its building", h.address);
        assert_eq!(
            Household {
                grid: h.grid,
                ..now
            },
            h.clone(),
            "only the grid changed"
        );
        // In the trail, before and after, and in the change log for sync.
        let last = trail::<Household>(&store, h.id).pop().unwrap();
        assert_eq!(
            (
                last.0.as_str(),
                last.1.map(|x| x.grid),
                last.2.map(|x| x.grid)
            ),
            ("lihua", Some(3), Some(4))
        );
        assert_eq!(changes_of(&store, TreeId::Households, h.id), 2);
    }
    let last = trail::<Building>(&store, 10).pop().unwrap();
    assert_eq!(
        (last.1.map(|b| b.grid), last.2.map(|b| b.grid)),
        (Some(3), Some(4))
    );
    // Into 东裕社区's grid: refused, nothing written.
    let e = store
        .move_building("admin", &Scope::everything(), 10, 5)
        .unwrap_err();
    assert_eq!(
        message(e),
        "the grid 第二网格 is not in 花苑社区, where building 5 is; a building moves only between grids of its community"
    );
    let e = store
        .move_building("lihua", &admin_of(2), 10, 4)
        .unwrap_err();
    assert_eq!(message(e), "building 5 is already in 第二网格");
    // A grid captain of both grids still may not restructure.
    let both = Scope {
        all: false,
        communities: BTreeSet::new(),
        grids: BTreeSet::from([3, 4]),
    };
    let e = store.move_building("zhangli", &both, 10, 3).unwrap_err();
    assert!(matches!(e, StoreError::OutOfScope(_)));
    assert_eq!(store.get_id::<Building>(10).unwrap().unwrap().grid, 4);
    let report = gridbook::store::check::check(&store).unwrap();
    assert_eq!(
        report.problems,
        Vec::<String>::new(),
        "indexes and counters agree"
    );
}

#[test]
fn a_member_of_staff_is_given_her_grids_and_becomes_their_captain() {
    let dir = tempfile::tempdir().unwrap();
    let store = common::small_store(dir.path());
    common::add_second_grid(&store);
    common::two_communities(&store);
    let staff = Staff {
        user: "wangfang".into(),
        display_name: "王芳".into(),
        role: Role::GridCaptain,
        grids: vec![3],
        communities: vec![],
    };
    store.write("admin", |t| t.put(&staff)).unwrap();
    let grid = |id: Id| store.get_id::<Grid>(id).unwrap().unwrap();
    assert_eq!(grid(4).captain, None);
    let s = store
        .set_staff_grids("lihua", &admin_of(2), "wangfang", &[4])
        .unwrap();
    assert_eq!(s.grids, vec![4]);
    assert_eq!(grid(4).captain.as_deref(), Some("wangfang"));
    // 第一网格 keeps its captain, zhangli, who is not wangfang.
    assert_eq!(grid(3).captain.as_deref(), Some("zhangli"));
    // Her scope is now 第二网格.
    let scope = Scope::of(&s, &store.overview().unwrap().grids);
    assert!(scope.sees(2, 4) && !scope.sees(2, 3));
    // A community admin may not give her 东裕社区's grid.
    let e = store
        .set_staff_grids("lihua", &admin_of(2), "wangfang", &[4, 5])
        .unwrap_err();
    assert!(matches!(e, StoreError::OutOfScope(_)));
    assert_eq!(
        message(e),
        "only a street admin, or an admin of 东裕社区, may change its names, grids, buildings and who looks after them"
    );
    let e = store
        .set_staff_grids("lihua", &admin_of(2), "wangfang", &[])
        .unwrap_err();
    assert_eq!(
        message(e),
        "wangfang is a grid captain and needs at least one grid"
    );
    let e = store
        .set_staff_grids("admin", &Scope::everything(), "nobody", &[3])
        .unwrap_err();
    assert_eq!(
        message(e),
        "there is no member of staff called nobody; add them first with gridbook staff add"
    );
    // Moved to 东裕社区's grid by a street admin: 第二网格 stops naming her.
    store
        .set_staff_grids("admin", &Scope::everything(), "wangfang", &[5])
        .unwrap();
    assert_eq!(grid(4).captain, None);
    assert_eq!(
        store.get::<Staff>(b"wangfang").unwrap().unwrap().grids,
        vec![5]
    );
    assert_eq!(
        store
            .history(TreeId::Staff, b"wangfang")
            .unwrap()
            .iter()
            .map(|e| e.by.as_str())
            .collect::<Vec<_>>(),
        ["admin", "lihua", "admin"]
    );
}

#[test]
fn structure_sentences_read_in_chinese() {
    use gridbook::i18n::{localize, Lang};
    for (en, zh) in [
        (
            "the grid 第二网格 is not in 花苑社区, where building 5 is; a building moves only between grids of its community",
            "网格第二网格不在5栋所在的花苑社区；楼栋只能在本社区的网格之间调整",
        ),
        (
            "花苑社区 already has a grid called 第一网格; choose another name",
            "花苑社区已有叫第一网格的网格；请换一个名称",
        ),
        (
            "only a street admin, or an admin of 东裕社区, may change its names, grids, buildings and who looks after them",
            "只有街道管理员或东裕社区的管理员才能更改它的名称、网格、楼栋和负责人",
        ),
    ] {
        assert_eq!(localize(en, Lang::Zh), zh);
    }
}

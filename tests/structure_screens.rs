//! The street's structure changed from the browse tree: an admin adds a grid and a building,
//! moves and renumbers a building and renames a grid with a few keys, and the tree shows it
//! at once; bad input and a grid captain are refused with one sentence and nothing written.

mod common;

use std::sync::Arc;

use crossterm::event::KeyCode;
use gridbook::client::Local;
use gridbook::model::*;
use gridbook::tui::app::{App, Overlay};
use gridbook::tui::i18n::Lang;
use gridbook::tui::nav::NodeKind;

use common::{press, screen, type_text};

fn grids(b: &Local) -> Vec<Grid> {
    b.store().all::<Grid>().map(|g| g.unwrap()).collect()
}

fn building(b: &Local, id: Id) -> Building {
    b.store().get_id::<Building>(id).unwrap().unwrap()
}

/// The name the tree shows on the cursor's row.
fn selected(app: &App) -> NodeKind {
    app.tree.selected().unwrap().kind
}

fn status(app: &App) -> String {
    app.status.clone().unwrap_or_default()
}

#[test]
fn an_admin_grows_the_tree_with_a_few_keys_and_sees_it_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let b = common::backend(dir.path());
    let mut app = common::app(&b, Lang::Zh);
    // The first building, 3栋, is selected; ← goes up to its grid.
    press(&mut app, &b, KeyCode::Left);
    assert_eq!(selected(&app), NodeKind::Grid(3));

    // a: a grid under 第一网格.
    press(&mut app, &b, KeyCode::Char('W'));
    assert!(
        screen(&app, 80, 24).contains("在第一网格下添加网格，名称："),
        "{}",
        screen(&app, 80, 24)
    );
    type_text(&mut app, &b, "东片");
    press(&mut app, &b, KeyCode::Enter);
    assert_eq!(status(&app), "已添加2级网格东片");
    let east = grids(&b).into_iter().find(|g| g.name == "东片").unwrap();
    assert_eq!((east.parent, east.level, east.community), (Some(3), 2, 2));
    assert_eq!(selected(&app), NodeKind::Grid(east.id));
    let shown = screen(&app, 80, 24);
    assert!(shown.contains("东片"), "{shown}");

    // b: building 9 in it, with 2 entrances and 7 floors.
    press(&mut app, &b, KeyCode::Char('B'));
    type_text(&mut app, &b, "9 2 7");
    press(&mut app, &b, KeyCode::Enter);
    assert_eq!(status(&app), "已添加 9 栋");
    let NodeKind::Building(nine) = selected(&app) else {
        panic!("{:?}", selected(&app));
    };
    let nine = building(&b, nine);
    assert_eq!(
        (nine.number, nine.entrances, nine.floors, nine.grid),
        (9, 2, 7, east.id)
    );

    // Down to 5栋 (9栋, 3栋, 5栋), then m: the grids it may move to, and Enter moves it.
    press(&mut app, &b, KeyCode::Down);
    press(&mut app, &b, KeyCode::Down);
    assert_eq!(selected(&app), NodeKind::Building(10));
    press(&mut app, &b, KeyCode::Char('M'));
    let Overlay::MoveTo { grids: offered, .. } = &app.overlay else {
        panic!("no choice of grid:\n{}", screen(&app, 80, 24));
    };
    assert_eq!(offered, &vec![(east.id, "  东片".to_string())]);
    let shown = screen(&app, 80, 24);
    assert!(shown.contains("把 5 栋移到"), "{shown}");
    press(&mut app, &b, KeyCode::Enter);
    assert_eq!(status(&app), "5 栋已移到东片，3 户随之移入");
    assert_eq!(building(&b, 10).grid, east.id);
    for h in [20, 21, 22] {
        let h: Household = b.store().get_id(h).unwrap().unwrap();
        assert_eq!(h.grid, east.id);
    }
    assert_eq!(selected(&app), NodeKind::Building(10));

    // n on a building renumbers it, starting from the number it has.
    press(&mut app, &b, KeyCode::Char('N'));
    assert!(screen(&app, 80, 24).contains("5 栋改为：5"));
    type_text(&mut app, &b, "1");
    press(&mut app, &b, KeyCode::Enter);
    assert_eq!(status(&app), "已改为 51 栋，3 户的地址随之更改");
    let shown = screen(&app, 80, 24);
    assert!(shown.contains("51-1-101"), "{shown}");

    // n on a grid renames it.
    press(&mut app, &b, KeyCode::Left);
    assert_eq!(selected(&app), NodeKind::Grid(east.id));
    press(&mut app, &b, KeyCode::Char('N'));
    for _ in 0..2 {
        press(&mut app, &b, KeyCode::Backspace);
    }
    type_text(&mut app, &b, "花苑东片");
    press(&mut app, &b, KeyCode::Enter);
    assert_eq!(status(&app), "已改名为花苑东片");
    assert!(screen(&app, 80, 24).contains("花苑东片"));
}

#[test]
fn bad_input_is_refused_in_one_sentence_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let b = common::backend(dir.path());
    let mut app = common::app(&b, Lang::En);
    let before = grids(&b).len();
    // A building number that is no number.
    press(&mut app, &b, KeyCode::Char('B'));
    type_text(&mut app, &b, "5a");
    press(&mut app, &b, KeyCode::Enter);
    assert_eq!(
        status(&app),
        "“5a” is not a building number; type a number, then entrances and floors if you like, as 12 2 6"
    );
    // A number the community already has.
    press(&mut app, &b, KeyCode::Char('B'));
    type_text(&mut app, &b, "5");
    press(&mut app, &b, KeyCode::Enter);
    assert_eq!(
        status(&app),
        "Error: 花苑社区 already has a building 5; choose another number"
    );
    // A grid name the community already has.
    press(&mut app, &b, KeyCode::Left);
    press(&mut app, &b, KeyCode::Char('W'));
    type_text(&mut app, &b, "第一网格");
    press(&mut app, &b, KeyCode::Enter);
    assert_eq!(
        status(&app),
        "Error: 花苑社区 already has a grid called 第一网格; choose another name"
    );
    // Esc leaves the prompt with nothing asked.
    press(&mut app, &b, KeyCode::Char('W'));
    type_text(&mut app, &b, "西片");
    press(&mut app, &b, KeyCode::Esc);
    assert!(matches!(app.overlay, Overlay::None));
    assert_eq!(grids(&b).len(), before);
    // Moving a building with no other grid to go to.
    press(&mut app, &b, KeyCode::Right);
    press(&mut app, &b, KeyCode::Down);
    assert!(matches!(selected(&app), NodeKind::Building(_)));
    press(&mut app, &b, KeyCode::Char('M'));
    assert!(matches!(app.overlay, Overlay::None));
    assert_eq!(
        status(&app),
        "the community has no other grid to move to; add one first"
    );
    // A grid below level 4 is not offered.
    let mut parent = 3;
    for level in 2..=4 {
        let g = b
            .store()
            .add_grid(
                "admin",
                &gridbook::model::scope::Scope::everything(),
                2,
                Some(parent),
                &format!("{level}级"),
            )
            .unwrap();
        parent = g.id;
    }
    let mut app = common::app(&b, Lang::En);
    let node = app.tree.find(NodeKind::Grid(parent)).unwrap();
    app.tree.select_node(node);
    press(&mut app, &b, KeyCode::Char('W'));
    assert!(matches!(app.overlay, Overlay::None));
    assert_eq!(
        status(&app),
        "the grid 4级 is at level 4, the deepest; a grid cannot be added below it"
    );
    assert_eq!(grids(&b).len(), before + 3);
}

#[test]
fn a_grid_captain_is_refused_before_she_types_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(common::small_store(dir.path()));
    let b = common::captain_backend(&store);
    let mut app = common::app(&b, Lang::Zh);
    let before = grids(&b).len();
    press(&mut app, &b, KeyCode::Left);
    assert_eq!(selected(&app), NodeKind::Grid(3));
    for key in ['W', 'B', 'N', 'A'] {
        press(&mut app, &b, KeyCode::Char(key));
        assert!(matches!(app.overlay, Overlay::None), "{key}");
        let refused = if key == 'A' {
            "出错了: 只有街道管理员才能新建街道或社区"
        } else {
            "出错了: 只有街道管理员或花苑社区的管理员才能更改它的名称、网格、楼栋和负责人"
        };
        assert_eq!(status(&app), refused, "{key}");
    }
    press(&mut app, &b, KeyCode::Right);
    press(&mut app, &b, KeyCode::Down);
    press(&mut app, &b, KeyCode::Char('M'));
    assert!(matches!(app.overlay, Overlay::None));
    assert_eq!(grids(&b).len(), before);
    assert_eq!(building(&b, 11).grid, 3);
}

#[test]
fn an_admin_gives_a_grid_to_a_member_of_staff_who_keeps_her_others() {
    use gridbook::client::Backend;
    let dir = tempfile::tempdir().unwrap();
    let b = common::backend(dir.path());
    b.put_staff(&Staff {
        user: "lihua".into(),
        display_name: "李华".into(),
        role: Role::GridCaptain,
        grids: vec![3],
        communities: vec![],
    })
    .unwrap();
    // A second grid in her community, to give her.
    let community = grids(&b)[0].community;
    let grid = gridbook::client::Ask::call(
        &b,
        gridbook::api::structure::AddGrid {
            community,
            parent: None,
            name: "第二网格".into(),
        },
    )
    .unwrap()
    .id;
    let mut app = common::app(&b, Lang::Zh);
    let node = app.tree.find(NodeKind::Grid(grid)).unwrap();
    app.tree.select_node(node);
    press(&mut app, &b, KeyCode::Char('S'));
    let shown = screen(&app, 80, 24);
    let name = grids(&b).into_iter().find(|g| g.id == grid).unwrap().name;
    assert!(
        shown.contains(&format!("{name}交给哪位工作人员（用户名）：")),
        "{shown}"
    );
    type_text(&mut app, &b, "lihua");
    press(&mut app, &b, KeyCode::Enter);
    assert_eq!(status(&app), "已交给李华（lihua），她现在负责 2 个网格");
    let staff = b.staff().unwrap();
    let lihua = staff.iter().find(|s| s.user == "lihua").unwrap();
    assert_eq!(lihua.grids, vec![3, grid]);
    // Someone not on the staff list is one sentence, and nothing changes.
    press(&mut app, &b, KeyCode::Char('S'));
    type_text(&mut app, &b, "nobody-here");
    press(&mut app, &b, KeyCode::Enter);
    assert_eq!(
        status(&app),
        "出错了: 没有叫nobody-here的工作人员；请先用 gridbook staff add 添加"
    );
    assert_eq!(b.staff().unwrap().len(), staff.len());
}

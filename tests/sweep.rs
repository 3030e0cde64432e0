//! The sweep as a grid captain walks it: a door gone back to is corrected, not visited twice.

mod common;

use common::press;

use crossterm::event::KeyCode;
use gridbook::client::tables::{LedgerKind, Part, TableRequest};
use gridbook::client::Backend;
use gridbook::model::{FollowUpSource, VisitOutcome};
use gridbook::store::audit::Change;
use gridbook::store::reports::Month;
use gridbook::tui::i18n::Lang;

/// The rows of this month's visit ledger: (address, outcome).
fn ledger_rows(b: &dyn Backend) -> Vec<(String, String)> {
    let now = gridbook::model::time::now();
    let month = Month::parse(
        &gridbook::model::time::local(now)
            .format("%Y-%m")
            .to_string(),
    )
    .expect("this month");
    let mut rows = Vec::new();
    b.table(
        &TableRequest::Ledger {
            kind: LedgerKind::Visits,
            month,
        },
        &mut |part| {
            if let Part::Rows(r) = part {
                rows.extend(r.iter().map(|row| (row[2].text(), row[5].text())));
            }
        },
    )
    .unwrap();
    rows
}

#[test]
fn going_back_a_door_in_a_sweep_corrects_its_visit_instead_of_adding_one() {
    let dir = tempfile::tempdir().unwrap();
    let b = common::backend(dir.path());
    let mut app = common::app(&b, Lang::Zh);
    app.user = "zhangli".into();
    let followups_before = b.stats().unwrap().followups;
    press(&mut app, &b, KeyCode::Char(':'));
    common::type_text(&mut app, &b, "5-1-102");
    press(&mut app, &b, KeyCode::Enter);
    press(&mut app, &b, KeyCode::Tab); // detail
    press(&mut app, &b, KeyCode::Tab); // the tree, on building 5: 5-1-101, 5-1-102, 5-2-301
    press(&mut app, &b, KeyCode::Char('s'));
    assert_eq!(app.sweep.as_ref().map(|s| s.doors.len()), Some(3));
    press(&mut app, &b, KeyCode::Char('m')); // 5-1-101 met
    press(&mut app, &b, KeyCode::Char('h')); // 5-1-102 not home: a knock-again
    press(&mut app, &b, KeyCode::Left); // back to 5-1-102: they opened after all
    press(&mut app, &b, KeyCode::Char('m'));
    press(&mut app, &b, KeyCode::Char('r')); // 5-2-301 refused
    let sweep = app.sweep.as_ref().unwrap();
    assert!(sweep.finished);
    assert_eq!(
        (
            sweep.visited(),
            sweep.count(VisitOutcome::Met),
            sweep.count(VisitOutcome::NotHome),
            sweep.followups,
        ),
        (3, 2, 0, 0)
    );
    let s = common::screen(&app, 80, 24);
    assert!(
        s.contains("已走访 3 户：在家 2，不在家 0，拒访 1，需复访 0；排了 0 项待办"),
        "{s}"
    );

    // One visit for 曾小明's door: the first is corrected to met, and its knock-again is gone.
    let zeng = b.household_detail(21).unwrap();
    let today: Vec<_> = zeng
        .visits
        .iter()
        .filter(|v| v.at > gridbook::model::time::now() - 3600)
        .collect();
    assert_eq!(today.len(), 2, "the correction and the visit it corrects");
    let (fixed, first): (Vec<&&gridbook::model::Visit>, Vec<_>) =
        today.iter().partition(|v| v.amends.is_some());
    assert_eq!(
        (fixed[0].outcome, fixed[0].amends, first[0].outcome),
        (VisitOutcome::Met, Some(first[0].id), VisitOutcome::NotHome)
    );
    assert!(
        !zeng
            .followups
            .iter()
            .any(|f| matches!(f.source, FollowUpSource::KnockAgain(_))),
        "{:?}",
        zeng.followups
    );
    assert_eq!(b.stats().unwrap().followups, followups_before);
    let ledger = ledger_rows(&b);
    let line = |a: &str, o: &str| (a.to_string(), o.to_string());
    assert_eq!(
        ledger,
        vec![
            line("5-1-101", "在家"),
            line("5-1-102", "在家"),
            line("5-2-301", "拒访")
        ],
        "one line a door in the visit ledger"
    );
    // And in the export of visits: the corrected knock gives its row to the correction.
    let today_text = gridbook::model::time::local(gridbook::model::time::now())
        .format("%Y-%m-%d")
        .to_string();
    let mut exported = Vec::new();
    b.table(
        &TableRequest::Export {
            kind: gridbook::client::tables::ExportKind::Visits,
            grid: None,
            from: gridbook::model::time::Day::MIN,
            to: gridbook::model::time::Day::MAX,
        },
        &mut |part| {
            if let Part::Rows(r) = part {
                exported.extend(
                    r.iter()
                        .filter(|row| row[0].text().starts_with(&today_text))
                        .map(|row| (row[3].text(), row[6].text())),
                );
            }
        },
    )
    .unwrap();
    assert_eq!(
        exported,
        vec![
            line("5-1-101", "在家"),
            line("5-1-102", "在家"),
            line("5-2-301", "拒访")
        ],
        "one row a door in today's export of visits"
    );
    // The trail shows the correction: the knock-again taken back with it.
    let trail: Vec<(String, Change)> = b
        .store()
        .audit_lines(3)
        .unwrap()
        .into_iter()
        .map(|l| (l.tree, l.change))
        .collect();
    assert_eq!(
        trail,
        vec![
            ("visits".to_string(), Change::Created),
            ("followups".to_string(), Change::Removed),
            ("visits".to_string(), Change::Created),
        ]
    );
}

#[test]
fn a_visit_sent_again_after_its_answer_was_lost_is_saved_once() {
    let dir = tempfile::tempdir().unwrap();
    let b = common::backend(dir.path());
    let visit = gridbook::store::ops::NewVisit {
        household: 21,
        at: gridbook::model::time::now() - 60,
        purpose: gridbook::model::VisitPurpose::Routine,
        outcome: VisitOutcome::NotHome,
        met: vec![],
        findings: String::new(),
        needs: vec![],
        knock_again: gridbook::tui::forms::visit::knock_again(
            Lang::Zh,
            VisitOutcome::NotHome,
            gridbook::model::time::today(),
        ),
        amends: None,
        roster_checked: false,
    };
    let first = b.add_visit(&visit).unwrap();
    let again = b.add_visit(&visit).unwrap();
    assert_eq!(again.visit, first.visit);
    assert_eq!(again.followups, first.followups);
    let stats = b.stats().unwrap();
    assert_eq!((stats.visits, stats.followups), (3, 2));
}

#[test]
fn the_sweep_is_not_over_while_a_door_is_unsaved_and_says_which_failed() {
    use gridbook::tui::worker::{answer, Answer, Response};
    let dir = tempfile::tempdir().unwrap();
    let b = common::backend(dir.path());
    let mut app = common::app(&b, Lang::Zh);
    press(&mut app, &b, KeyCode::Char(':'));
    common::type_text(&mut app, &b, "5-1-102");
    press(&mut app, &b, KeyCode::Enter);
    press(&mut app, &b, KeyCode::Tab);
    press(&mut app, &b, KeyCode::Tab);
    press(&mut app, &b, KeyCode::Char('s'));
    // Three doors pressed; the store has answered none yet.
    let mut sent = Vec::new();
    for k in ['m', 'h', 'r'] {
        sent.extend(app.on_key(common::key_event(KeyCode::Char(k))));
    }
    assert_eq!(sent.len(), 3);
    let s = common::screen(&app, 80, 24);
    assert!(
        s.contains("正在保存，请稍候")
            && s.contains("已走访 0 户")
            && s.contains("3 户正在保存，还没有存好")
            && !s.contains("扫楼结束"),
        "{s}"
    );
    app.on_key(common::key_event(KeyCode::Enter));
    assert!(app.sweep.is_some(), "not over while saves are on their way");
    // Two saved, one lost.
    for r in &sent[..2] {
        app.on_answer(Response {
            id: r.id,
            answer: answer(&b, &r.query),
        });
    }
    app.on_answer(Response {
        id: sent[2].id,
        answer: Answer::Failed("the connection to the gridbook server broke".into()),
    });
    let s = common::screen(&app, 80, 24);
    assert!(
        s.contains("扫楼结束")
            && s.contains("已走访 2 户：在家 1，不在家 1，拒访 0")
            && s.contains("1 户没有保存成功，请回到这几户再按一次"),
        "{s}"
    );
    assert_eq!(b.stats().unwrap().visits, 4);
}

#[test]
fn a_building_whose_list_could_not_be_read_leaves_title_and_list_of_one_building() {
    use gridbook::tui::worker::{Answer, Query, Response};
    let dir = tempfile::tempdir().unwrap();
    let b = common::backend(dir.path());
    let mut app = common::app(&b, Lang::Zh);
    press(&mut app, &b, KeyCode::Char(':'));
    common::type_text(&mut app, &b, "5-1-102");
    press(&mut app, &b, KeyCode::Enter);
    press(&mut app, &b, KeyCode::Tab);
    press(&mut app, &b, KeyCode::Tab); // the tree, on building 5
                                       // Up to building 3, whose households cannot be read (the connection is gone).
    for r in app.on_key(common::key_event(KeyCode::Up)) {
        assert!(matches!(r.query, Query::Households(_)), "{r:?}");
        app.on_answer(Response {
            id: r.id,
            answer: Answer::Failed("the server has gone".into()),
        });
    }
    let s = common::screen(&app, 80, 24);
    assert!(
        s.contains("住户 · 5栋 (3)") && s.contains("5-1-101") && !s.contains("住户 · 3栋"),
        "{s}"
    );
}

#[test]
fn the_sweep_in_english_counts_a_household_of_one_as_one_person() {
    let dir = tempfile::tempdir().unwrap();
    let b = common::backend(dir.path());
    let mut app = common::app(&b, Lang::En);
    press(&mut app, &b, KeyCode::Char(':'));
    common::type_text(&mut app, &b, "5-1-101");
    press(&mut app, &b, KeyCode::Enter);
    press(&mut app, &b, KeyCode::Tab);
    press(&mut app, &b, KeyCode::Tab);
    press(&mut app, &b, KeyCode::Char('s'));
    let s = common::screen(&app, 80, 24);
    let line = s
        .lines()
        .find(|l| l.contains("5-1-101  周官萍"))
        .unwrap_or_else(|| panic!("{s}"));
    assert!(line.contains("5-1-101  周官萍  1 person "), "{line}");
}

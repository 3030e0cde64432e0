//! The doorstep screens as a grid captain uses them: a visit in a few keys, a sweep, the
//! dispute loop, follow-ups done, drafts that survive, and bad input kept, not thrown away.

mod common;

use common::{key, press, screen, type_text};

use crossterm::event::{KeyCode, KeyModifiers};
use gridbook::client::Backend;
use gridbook::model::{DisputeStatus, VisitOutcome};
use gridbook::tui::app::{App, Overlay, Screen};
use gridbook::tui::i18n::Lang;

/// The app on the fixture, at building 5, household 5-1-102 (曾小明's) selected.
fn at_zeng(b: &dyn Backend) -> App {
    let mut app = common::app(b, Lang::Zh);
    app.user = "zhangli".into();
    press(&mut app, b, KeyCode::Char(':'));
    type_text(&mut app, b, "5-1-102");
    press(&mut app, b, KeyCode::Enter);
    assert_eq!(
        app.selected_household().map(|h| h.head.as_str()),
        Some("曾小明")
    );
    app
}

fn form(app: &App) -> &gridbook::tui::form::Form {
    match &app.overlay {
        Overlay::Form(f) => f,
        _ => panic!("no form is open"),
    }
}

#[test]
fn a_routine_visit_takes_v_the_note_and_f2_and_shows_in_the_history() {
    let dir = tempfile::tempdir().unwrap();
    let b = common::backend(dir.path());
    let mut app = at_zeng(&b);
    press(&mut app, &b, KeyCode::Char('v'));
    assert_eq!(
        form(&app).fields[form(&app).focus].name,
        "findings",
        "the cursor waits in the note"
    );
    type_text(&mut app, &b, "孩子上学正常，家里没有困难。");
    press(&mut app, &b, KeyCode::F(2));
    assert!(
        matches!(app.overlay, Overlay::None),
        "{:?}",
        form(&app).error
    );
    assert_eq!(app.status.as_deref(), Some("已保存走访"));
    let d = app.detail.as_ref().unwrap();
    assert_eq!(d.visits[0].findings, "孩子上学正常，家里没有困难。");
    assert_eq!(d.visits[0].outcome, VisitOutcome::Met);
    assert_eq!(
        d.visits[0].met,
        vec![101],
        "the head is ticked as met by default"
    );
    assert_eq!(d.visits[0].staff, "zhangli");
    assert_eq!(
        app.selected_household().unwrap().last_visit,
        Some(d.visits[0].at)
    );
    assert_eq!(b.stats().unwrap().visits, 3);
    let row = screen(&app, 80, 24)
        .lines()
        .find(|l| l.contains("5-1-102 曾小明"))
        .map(str::to_string);
    assert!(
        row.as_deref().is_some_and(|r| r.contains("今天")),
        "the list says the household was visited today: {row:?}"
    );
}

#[test]
fn the_visit_form_at_80x24() {
    let dir = tempfile::tempdir().unwrap();
    let b = common::backend(dir.path());
    let mut app = at_zeng(&b);
    press(&mut app, &b, KeyCode::Char('v'));
    type_text(&mut app, &b, "反映楼道灯坏了");
    // Replace the time so the snapshot does not depend on the clock.
    let Overlay::Form(f) = &mut app.overlay else {
        panic!()
    };
    f.field_mut("at").unwrap().set_value("2026-11-25 10:30");
    insta::assert_snapshot!(screen(&app, 80, 24));
}

#[test]
fn needs_become_follow_ups_and_a_bad_day_is_shown_beside_the_field_with_nothing_lost() {
    let dir = tempfile::tempdir().unwrap();
    let b = common::backend(dir.path());
    let mut app = at_zeng(&b);
    press(&mut app, &b, KeyCode::Char('v'));
    type_text(&mut app, &b, "楼道灯坏了");
    press(&mut app, &b, KeyCode::Tab); // needs
    type_text(&mut app, &b, "更换楼道灯 @明天");
    key(&mut app, &b, KeyCode::Char('s'), KeyModifiers::CONTROL);
    let f = form(&app);
    assert_eq!(
        f.field("needs").error.as_deref(),
        Some("第1行的日期“明天”看不懂，请写 12-01 或 +3")
    );
    assert_eq!(
        f.field("findings").text(),
        "楼道灯坏了",
        "what was typed stays"
    );
    assert_eq!(b.stats().unwrap().visits, 2, "nothing was saved");
    assert!(screen(&app, 80, 24).contains("✗ 第1行的日期“明天”看不懂"));
    for _ in 0..3 {
        press(&mut app, &b, KeyCode::Backspace);
    }
    type_text(&mut app, &b, "+3");
    press(&mut app, &b, KeyCode::Enter);
    type_text(&mut app, &b, "协助申请高龄补贴");
    key(&mut app, &b, KeyCode::Char('s'), KeyModifiers::CONTROL);
    assert!(matches!(app.overlay, Overlay::None));
    assert_eq!(app.status.as_deref(), Some("已保存走访，另排了 2 项待办"));
    let d = app.detail.as_ref().unwrap();
    let mut titles: Vec<&str> = d.followups.iter().map(|f| f.title.as_str()).collect();
    titles.sort();
    assert_eq!(titles, vec!["再次上门", "协助申请高龄补贴", "更换楼道灯"]);
}

#[test]
fn a_future_time_is_refused_beside_the_field() {
    let dir = tempfile::tempdir().unwrap();
    let b = common::backend(dir.path());
    let mut app = at_zeng(&b);
    press(&mut app, &b, KeyCode::Char('v'));
    let Overlay::Form(f) = &mut app.overlay else {
        panic!()
    };
    f.field_mut("at").unwrap().set_value("2099-01-01 10:00");
    key(&mut app, &b, KeyCode::F(2), KeyModifiers::NONE);
    assert_eq!(
        form(&app).field("at").error.as_deref(),
        Some("时间在将来，请写实际敲门的时间")
    );
    assert_eq!(
        form(&app).fields[form(&app).focus].name,
        "at",
        "the cursor goes to the wrong field"
    );
}

#[test]
fn leaving_a_changed_form_asks_first() {
    let dir = tempfile::tempdir().unwrap();
    let b = common::backend(dir.path());
    let mut app = at_zeng(&b);
    press(&mut app, &b, KeyCode::Char('v'));
    type_text(&mut app, &b, "半句话");
    press(&mut app, &b, KeyCode::Esc);
    assert!(form(&app).asking_leave);
    assert!(screen(&app, 80, 24).contains("有未保存的修改"));
    press(&mut app, &b, KeyCode::Char('n'));
    assert_eq!(form(&app).field("findings").text(), "半句话");
    press(&mut app, &b, KeyCode::Esc);
    press(&mut app, &b, KeyCode::Char('y'));
    assert!(matches!(app.overlay, Overlay::None));
    assert_eq!(
        b.drafts().unwrap(),
        vec![],
        "leaving on purpose drops the draft"
    );
    // An untouched form closes at once.
    press(&mut app, &b, KeyCode::Char('v'));
    press(&mut app, &b, KeyCode::Esc);
    assert!(matches!(app.overlay, Overlay::None));
}

#[test]
fn a_half_typed_note_is_kept_as_a_draft_and_offered_on_the_next_start() {
    let dir = tempfile::tempdir().unwrap();
    let b = common::backend(dir.path());
    let mut app = at_zeng(&b);
    press(&mut app, &b, KeyCode::Char('v'));
    type_text(&mut app, &b, "老人说腿疼，想");
    let drafts = b.drafts().unwrap();
    assert_eq!(drafts.len(), 1);
    assert_eq!(drafts[0].value("findings"), Some("老人说腿疼，想"));
    drop(app); // the process dies here
    let mut again = common::app(&b, Lang::Zh);
    again.user = "zhangli".into();
    assert!(matches!(again.overlay, Overlay::Resume { .. }));
    assert!(screen(&again, 80, 24).contains("走访 5-1-102"));
    press(&mut again, &b, KeyCode::Enter);
    let f = form(&again);
    assert_eq!(f.field("findings").text(), "老人说腿疼，想");
    assert_eq!(f.title, "走访 5-1-102 · zhangli");
    type_text(&mut again, &b, "申请轮椅");
    press(&mut again, &b, KeyCode::F(2));
    assert!(matches!(again.overlay, Overlay::None));
    assert_eq!(
        b.household_detail(21).unwrap().visits[0].findings,
        "老人说腿疼，想申请轮椅"
    );
    assert_eq!(b.drafts().unwrap(), vec![], "a saved form's draft is gone");
}

#[test]
fn keys_typed_while_a_resumed_form_is_opening_go_into_it() {
    let dir = tempfile::tempdir().unwrap();
    let b = common::backend(dir.path());
    let mut app = at_zeng(&b);
    press(&mut app, &b, KeyCode::Char('v'));
    type_text(&mut app, &b, "老人说腿疼，想");
    drop(app); // the process dies here
    let mut again = common::app(&b, Lang::Zh);
    again.user = "zhangli".into();
    // Enter on the offer asks the store for the household; the answer is slow to come
    // (a busy server), and the captain goes on typing and presses F2 meanwhile.
    let asked = again.on_key(common::key_event(KeyCode::Enter));
    assert!(
        matches!(again.overlay, Overlay::None),
        "the form is not open yet"
    );
    for c in "申请轮椅".chars() {
        assert!(again.on_key(common::key_event(KeyCode::Char(c))).is_empty());
    }
    assert!(again.on_key(common::key_event(KeyCode::F(2))).is_empty());
    common::settle(&mut again, &b, asked);
    assert!(
        matches!(again.overlay, Overlay::None),
        "the form opened, took the keys and saved"
    );
    assert_eq!(again.status.as_deref(), Some("已保存走访"));
    assert_eq!(
        b.household_detail(21).unwrap().visits[0].findings,
        "老人说腿疼，想申请轮椅"
    );
}

#[test]
fn esc_while_a_form_is_opening_opens_none() {
    let dir = tempfile::tempdir().unwrap();
    let b = common::backend(dir.path());
    let mut app = at_zeng(&b);
    press(&mut app, &b, KeyCode::Char('v'));
    type_text(&mut app, &b, "老人说腿疼");
    drop(app);
    let mut again = common::app(&b, Lang::Zh);
    let asked = again.on_key(common::key_event(KeyCode::Enter));
    again.on_key(common::key_event(KeyCode::Char('x')));
    again.on_key(common::key_event(KeyCode::Esc));
    common::settle(&mut again, &b, asked);
    assert!(matches!(again.overlay, Overlay::None));
    assert_eq!(b.drafts().unwrap().len(), 1, "the draft waits for later");
    press(&mut again, &b, KeyCode::Char('j'));
    assert!(
        matches!(again.overlay, Overlay::None),
        "keys work as before once the opening is given up"
    );
}

#[test]
fn a_sweep_over_a_small_building_records_one_key_a_door() {
    let dir = tempfile::tempdir().unwrap();
    let b = common::backend(dir.path());
    let mut app = at_zeng(&b);
    press(&mut app, &b, KeyCode::Tab); // detail
    press(&mut app, &b, KeyCode::Tab); // tree, on building 5
    press(&mut app, &b, KeyCode::Char('s'));
    let sweep = app.sweep.as_ref().expect("a sweep");
    assert_eq!(sweep.doors.len(), 3);
    insta::assert_snapshot!("sweep_first_door", screen(&app, 80, 24));
    press(&mut app, &b, KeyCode::Char('m')); // 5-1-101 met
    press(&mut app, &b, KeyCode::Char('n')); // a note for the next door
    type_text(&mut app, &b, "门上留了卡");
    press(&mut app, &b, KeyCode::Enter);
    press(&mut app, &b, KeyCode::Char('h')); // 5-1-102 not home
    press(&mut app, &b, KeyCode::Char('4')); // 5-2-301 revisit
    let sweep = app.sweep.as_ref().unwrap();
    assert!(sweep.finished);
    assert_eq!(
        (
            sweep.visited(),
            sweep.count(VisitOutcome::Met),
            sweep.followups
        ),
        (3, 1, 2)
    );
    let s = screen(&app, 80, 24);
    assert!(
        s.contains("扫楼结束") && s.contains("已走访 3 户：在家 1，不在家 1，拒访 0，需复访 1"),
        "{s}"
    );
    press(&mut app, &b, KeyCode::Esc);
    assert!(app.sweep.is_none());
    assert_eq!(b.stats().unwrap().visits, 5);
    let zeng = b.household_detail(21).unwrap();
    assert_eq!(zeng.visits[0].findings, "门上留了卡");
    assert_eq!(zeng.visits[0].outcome, VisitOutcome::NotHome);
    assert!(zeng.followups.iter().any(|f| f.title == "再次上门"));
}

#[test]
fn the_dispute_loop_from_found_to_closed_in_the_screens() {
    let dir = tempfile::tempdir().unwrap();
    let b = common::backend(dir.path());
    let mut app = at_zeng(&b);
    press(&mut app, &b, KeyCode::Char('d'));
    // An empty title is refused beside the field.
    press(&mut app, &b, KeyCode::F(2));
    assert_eq!(
        form(&app).field("title").error.as_deref(),
        Some("请用几个字说明纠纷的事由")
    );
    type_text(&mut app, &b, "装修噪音");
    press(&mut app, &b, KeyCode::Tab);
    press(&mut app, &b, KeyCode::Tab); // parties
    type_text(&mut app, &b, "曾小明，楼上住户 13900001111");
    insta::assert_snapshot!("dispute_form", {
        let Overlay::Form(f) = &mut app.overlay else {
            panic!()
        };
        f.field_mut("deadline").unwrap().set_value("2026-12-10");
        f.context.clear();
        screen(&app, 80, 24)
    });
    press(&mut app, &b, KeyCode::F(2));
    assert!(
        matches!(app.overlay, Overlay::None),
        "{:?}",
        form(&app).error
    );
    key(&mut app, &b, KeyCode::Char('D'), KeyModifiers::SHIFT);
    let Screen::Disputes(list) = &app.screen else {
        panic!("the dispute list")
    };
    let shown = list.shown(common::today());
    assert_eq!(shown.len(), 2, "the fixture's case and the new one");
    // The fixture's case is past its deadline, so it stands first.
    assert_eq!(shown[0].title, "楼上漏水");
    press(&mut app, &b, KeyCode::Down);
    let mut steps = Vec::new();
    loop {
        press(&mut app, &b, KeyCode::Char('a'));
        type_text(&mut app, &b, "已处理");
        press(&mut app, &b, KeyCode::F(2));
        assert!(matches!(app.overlay, Overlay::None));
        let d = b
            .disputes(false)
            .unwrap()
            .into_iter()
            .find(|d| d.title == "装修噪音")
            .unwrap();
        steps.push(d.status);
        if d.status == DisputeStatus::Feedback {
            break;
        }
        // The list keeps the case selected (same filter), find it again.
        let Screen::Disputes(list) = &app.screen else {
            panic!()
        };
        let pos = list
            .shown(common::today())
            .iter()
            .position(|x| x.title == "装修噪音")
            .unwrap();
        let Screen::Disputes(list) = &mut app.screen else {
            panic!()
        };
        list.cursor = pos;
    }
    assert_eq!(
        steps,
        vec![
            DisputeStatus::Received,
            DisputeStatus::Mediating,
            DisputeStatus::Handling,
            DisputeStatus::Feedback
        ]
    );
    let Screen::Disputes(list) = &app.screen else {
        panic!()
    };
    let pos = list
        .shown(common::today())
        .iter()
        .position(|x| x.title == "装修噪音")
        .unwrap();
    let Screen::Disputes(list) = &mut app.screen else {
        panic!()
    };
    list.cursor = pos;
    press(&mut app, &b, KeyCode::Char('a'));
    // From feedback the only step left is closing; the cursor waits in the note; go back
    // one field to pick the outcome "escalated", then on to the note.
    key(&mut app, &b, KeyCode::BackTab, KeyModifiers::SHIFT);
    press(&mut app, &b, KeyCode::Char('2'));
    press(&mut app, &b, KeyCode::Tab);
    type_text(&mut app, &b, "已上报街道");
    press(&mut app, &b, KeyCode::F(2));
    let d = b
        .disputes(false)
        .unwrap()
        .into_iter()
        .find(|d| d.title == "装修噪音")
        .unwrap();
    assert_eq!(d.status, DisputeStatus::Closed);
    assert_eq!(d.outcome, Some(gridbook::model::DisputeOutcome::Escalated));
    let notes = b.dispute_notes(d.id).unwrap();
    let statuses: Vec<DisputeStatus> = notes.iter().map(|n| n.status).collect();
    assert_eq!(
        statuses,
        DisputeStatus::ALL.to_vec(),
        "one note for every step of the loop"
    );
    assert_eq!(notes[5].text, "已上报街道");
}

#[test]
fn follow_ups_list_overdue_first_and_one_is_marked_done_with_a_note() {
    let dir = tempfile::tempdir().unwrap();
    let b = common::backend(dir.path());
    let mut app = common::app(&b, Lang::En);
    app.user = "zhangli".into();
    press(&mut app, &b, KeyCode::Char('f'));
    let Screen::Due(v) = &app.screen else {
        panic!("the due list")
    };
    let list = v.list.as_ref().unwrap();
    assert!(
        list.items.windows(2).all(|w| w[0].due <= w[1].due),
        "most overdue first"
    );
    let pos = list
        .items
        .iter()
        .position(|i| matches!(&i.kind, gridbook::store::due::DueKind::FollowUp(f) if f.title == "再次上门"))
        .expect("the fixture's follow-up is due within the week");
    let Screen::Due(v) = &mut app.screen else {
        panic!()
    };
    v.cursor = pos;
    press(&mut app, &b, KeyCode::Char('x'));
    type_text(&mut app, &b, "knocked, all fine");
    press(&mut app, &b, KeyCode::F(2));
    assert_eq!(app.status.as_deref(), Some("Done: 再次上门"));
    let f = b.household_detail(21).unwrap().followups;
    assert!(f.is_empty(), "no open follow-up is left at 5-1-102");
}

#[test]
fn the_captains_list_shows_patches_against_sixty() {
    let dir = tempfile::tempdir().unwrap();
    let b = common::backend(dir.path());
    let mut app = common::app(&b, Lang::Zh);
    press(&mut app, &b, KeyCode::Char('c'));
    let Screen::Captains(v) = &app.screen else {
        panic!()
    };
    let rows = v.rows.as_ref().unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(
        (rows[0].captain.name.as_str(), rows[0].households),
        ("单丽", 4)
    );
    let s = screen(&app, 80, 24);
    assert!(s.contains("楼长 · 每人目标 60 户"), "{s}");
    assert!(s.contains("单丽"), "{s}");
}

#[test]
fn a_step_on_a_case_someone_else_moved_on_ends_in_a_conflict_dialog_not_an_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let b = common::backend(dir.path());
    let mut mine = common::app(&b, Lang::Zh);
    mine.user = "zhangli".into();
    key(&mut mine, &b, KeyCode::Char('D'), KeyModifiers::SHIFT);
    press(&mut mine, &b, KeyCode::Char('a'));
    type_text(&mut mine, &b, "双方已同意赔偿");
    // Meanwhile someone else moves the case from mediating to handling.
    b.advance_dispute(&gridbook::store::ops::DisputeStep {
        dispute: 300,
        to: DisputeStatus::Handling,
        outcome: None,
        note: "物业已上门".into(),
        seen: None,
    })
    .unwrap();
    press(&mut mine, &b, KeyCode::F(2));
    assert!(
        matches!(mine.overlay, Overlay::Conflict { .. }),
        "a conflict, not an overwrite"
    );
    let s = screen(&mine, 80, 24);
    assert!(s.contains("你填写时，别人已推进了这件纠纷。"), "{s}");
    assert!(s.contains("现在： 楼上漏水 · 处置"), "{s}");
    assert!(s.contains("你的： → 处置 · 双方已同意赔偿"), "{s}");
    assert_eq!(
        b.dispute_notes(300).unwrap().len(),
        1,
        "nothing of mine was written"
    );
    press(&mut mine, &b, KeyCode::Enter);
    assert_eq!(
        form(&mine).field("note").text(),
        "双方已同意赔偿",
        "my words are kept"
    );
    press(&mut mine, &b, KeyCode::F(2));
    let d = b
        .disputes(false)
        .unwrap()
        .into_iter()
        .find(|d| d.id == 300)
        .unwrap();
    assert_eq!(
        d.status,
        DisputeStatus::Feedback,
        "mine went on top of theirs"
    );
}

#[test]
fn a_correction_is_a_new_visit_that_amends_the_old_one_which_stays() {
    let dir = tempfile::tempdir().unwrap();
    let b = common::backend(dir.path());
    let mut app = at_zeng(&b);
    press(&mut app, &b, KeyCode::Char('e'));
    let f = form(&app);
    assert_eq!(f.title, "更正走访 10月10日 5-1-102 · zhangli");
    assert_eq!(f.field("findings").text(), "家中无人，门上留了联系卡。");
    assert_eq!(f.field("outcome").selected(), 1, "not home, as saved");
    type_text(&mut app, &b, "（其实是邻居代收）");
    press(&mut app, &b, KeyCode::F(2));
    assert!(
        matches!(app.overlay, Overlay::None),
        "{:?}",
        form(&app).error
    );
    let d = b.household_detail(21).unwrap();
    assert_eq!(d.visits.len(), 2);
    assert_eq!(d.visits.iter().filter(|v| v.amends == Some(201)).count(), 1);
    let old = d.visits.iter().find(|v| v.id == 201).unwrap();
    assert_eq!(
        old.findings, "家中无人，门上留了联系卡。",
        "the original is never edited"
    );
    let s = screen(&app, 120, 40);
    assert!(s.contains("更正 10月10日 不在家"), "{s}");
    assert!(s.contains("(已更正) 10月10日 不在家"), "{s}");
}

#[test]
fn the_report_screen_shows_coverage_care_and_disputes() {
    let dir = tempfile::tempdir().unwrap();
    let b = common::backend(dir.path());
    let mut app = common::app(&b, Lang::Zh);
    press(&mut app, &b, KeyCode::Char('r'));
    let s = screen(&app, 100, 30);
    // 5-1-101 was visited on 20 Nov: 1 of the 4 households within 30 days of the fixed day.
    assert!(s.contains("30天走访覆盖率 25%"), "{s}");
    assert!(s.contains("第一网格 25%"), "{s}");
    assert!(s.contains("独居老人 1/1 100%"), "{s}");
    assert!(s.contains("每月新登记纠纷 2026-11 – 2026-11"), "{s}");
    press(&mut app, &b, KeyCode::Esc);
    assert!(matches!(app.screen, Screen::Browse));
}

#[test]
fn the_step_and_done_forms_at_80x24() {
    let dir = tempfile::tempdir().unwrap();
    let b = common::backend(dir.path());
    let mut app = common::app(&b, Lang::Zh);
    app.user = "zhangli".into();
    key(&mut app, &b, KeyCode::Char('D'), KeyModifiers::SHIFT);
    press(&mut app, &b, KeyCode::Char('a'));
    type_text(&mut app, &b, "已约双方周六面谈");
    insta::assert_snapshot!("dispute_step_form", screen(&app, 80, 24));
    press(&mut app, &b, KeyCode::Esc);
    press(&mut app, &b, KeyCode::Char('y'));
    press(&mut app, &b, KeyCode::Char('f'));
    let Screen::Due(v) = &app.screen else {
        panic!()
    };
    let pos = v
        .list
        .as_ref()
        .unwrap()
        .items
        .iter()
        .position(|i| matches!(&i.kind, gridbook::store::due::DueKind::FollowUp(_)))
        .unwrap();
    let Screen::Due(v) = &mut app.screen else {
        panic!()
    };
    v.cursor = pos;
    press(&mut app, &b, KeyCode::Char('x'));
    type_text(&mut app, &b, "已上门，老人说一切都好");
    insta::assert_snapshot!("followup_done_form", screen(&app, 80, 24));
}

#[test]
fn a_deadline_in_another_year_says_its_year_in_the_dispute_list() {
    let dir = tempfile::tempdir().unwrap();
    let b = common::backend(dir.path());
    let mut app = at_zeng(&b);
    press(&mut app, &b, KeyCode::Char('d'));
    type_text(&mut app, &b, "漏水");
    let Overlay::Form(f) = &mut app.overlay else {
        panic!("the dispute form")
    };
    f.field_mut("deadline").unwrap().set_value("2027-01-15");
    press(&mut app, &b, KeyCode::F(2));
    assert!(matches!(app.overlay, Overlay::None));
    key(&mut app, &b, KeyCode::Char('D'), KeyModifiers::SHIFT);
    let shown = screen(&app, 80, 24);
    let row = |title: &str| {
        shown
            .lines()
            .find(|l| l.contains(title))
            .unwrap_or_else(|| panic!("no row for {title} in\n{shown}"))
            .to_string()
    };
    assert!(row("发现 漏水").contains("2027/1/15"), "{shown}");
    assert!(row("楼上漏水").contains("11月20日"), "{shown}");
}

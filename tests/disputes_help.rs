//! Disputes as a grid captain works them (a mediation note without a step, reopening a
//! closed case, the whole timeline, a form saved half-filled) and the help overlay.

mod common;

use common::{key, press, screen, type_text};
use crossterm::event::{KeyCode, KeyModifiers};
use gridbook::client::Backend;
use gridbook::model::{Dispute, DisputeOutcome, DisputeStatus, MediationNote};
use gridbook::store::ops::DisputeStep;
use gridbook::tui::action::Action;
use gridbook::tui::app::{App, Overlay, Screen};
use gridbook::tui::i18n::Lang;

fn form(app: &App) -> &gridbook::tui::form::Form {
    match &app.overlay {
        Overlay::Form(f) => f,
        _ => panic!("a form is open"),
    }
}

/// The dispute list, on the fixture's case 楼上漏水 (at 调解).
fn on_disputes(b: &dyn Backend) -> App {
    let mut app = common::app(b, Lang::Zh);
    app.user = "zhangli".into();
    key(&mut app, b, KeyCode::Char('D'), KeyModifiers::SHIFT);
    assert!(matches!(app.screen, Screen::Disputes(_)));
    app
}

fn step(to: DisputeStatus, outcome: Option<DisputeOutcome>, note: &str) -> DisputeStep {
    DisputeStep {
        dispute: 300,
        to,
        outcome,
        note: note.into(),
        seen: None,
    }
}

/// The fixture with these notes on case 300's timeline, at 调解, a day apart.
fn with_notes(dir: &std::path::Path, notes: &[&str]) -> gridbook::client::Local {
    let store = common::small_store(dir);
    write_notes(&store, notes);
    gridbook::client::Local::new(store, "zhangli".into())
}

fn write_notes(store: &gridbook::store::Store, notes: &[&str]) {
    store
        .write("zhangli", |t| {
            for (n, text) in notes.iter().enumerate() {
                t.put(&MediationNote {
                    id: t.next_id()?,
                    dispute: 300,
                    at: common::nov(2 + n as u32),
                    staff: "zhangli".into(),
                    status: DisputeStatus::Mediating,
                    text: text.to_string(),
                })?;
            }
            Ok(())
        })
        .unwrap();
}

fn case(b: &dyn Backend) -> Dispute {
    b.disputes(false)
        .unwrap()
        .into_iter()
        .find(|d| d.id == 300)
        .unwrap()
}

fn timeline(b: &dyn Backend) -> Vec<(DisputeStatus, String)> {
    b.dispute_notes(300)
        .unwrap()
        .into_iter()
        .map(|n| (n.status, n.text))
        .collect()
}

#[test]
fn m_adds_a_mediation_note_that_leaves_the_case_at_its_step() {
    let dir = tempfile::tempdir().unwrap();
    let b = with_notes(dir.path(), &["约双方到调解室"]);
    let mut app = on_disputes(&b);
    press(&mut app, &b, KeyCode::Char('m'));
    assert_eq!(form(&app).title, "楼上漏水 · 记录调解情况 [调解]");
    type_text(&mut app, &b, "双方同意周六再谈");
    press(&mut app, &b, KeyCode::F(2));
    assert!(matches!(app.overlay, Overlay::None));
    assert_eq!(case(&b).status, DisputeStatus::Mediating);
    assert_eq!(
        timeline(&b),
        vec![
            (DisputeStatus::Mediating, "约双方到调解室".to_string()),
            (DisputeStatus::Mediating, "双方同意周六再谈".to_string())
        ]
    );
    assert_eq!(
        app.status.as_deref(),
        Some("已记下调解情况：楼上漏水 · 调解")
    );
    let s = screen(&app, 80, 24);
    assert!(s.contains("[调解·记录] zhangli 双方同意周六再谈"), "{s}");
}

#[test]
fn shift_r_reopens_a_closed_case_with_the_reason_on_its_timeline() {
    let dir = tempfile::tempdir().unwrap();
    let b = common::backend(dir.path());
    b.advance_dispute(&step(
        DisputeStatus::Closed,
        Some(DisputeOutcome::Resolved),
        "双方和解",
    ))
    .unwrap();
    let mut app = on_disputes(&b);
    // The open cases hide it; ← goes round to all of them.
    press(&mut app, &b, KeyCode::Left);
    key(&mut app, &b, KeyCode::Char('R'), KeyModifiers::SHIFT);
    assert_eq!(form(&app).title, "楼上漏水 · 重新打开 [结案]");
    // No reason: one sentence says so, and the cursor waits in the field.
    press(&mut app, &b, KeyCode::F(2));
    assert_eq!(
        form(&app).error.as_deref(),
        Some("重开原因：请写明为什么重新打开")
    );
    assert_eq!(form(&app).fields[form(&app).focus].name, "note");
    type_text(&mut app, &b, "楼上又漏水了");
    press(&mut app, &b, KeyCode::F(2));
    assert!(matches!(app.overlay, Overlay::None));
    let d = case(&b);
    assert_eq!((d.status, d.outcome), (DisputeStatus::Mediating, None));
    assert_eq!(
        timeline(&b),
        vec![
            (DisputeStatus::Closed, "双方和解".to_string()),
            (DisputeStatus::Mediating, "楼上又漏水了".to_string()),
        ]
    );
    assert_eq!(app.status.as_deref(), Some("已重新打开：楼上漏水 · 调解"));
    let s = screen(&app, 80, 24);
    assert!(s.contains("[重新打开→调解] zhangli 楼上又漏水了"), "{s}");
    // An open case has nothing to reopen, and a closed one is not moved on by `a`.
    key(&mut app, &b, KeyCode::Char('R'), KeyModifiers::SHIFT);
    assert_eq!(
        app.status.as_deref(),
        Some("这件纠纷还没有结案，不用重新打开")
    );
}

#[test]
fn the_whole_timeline_scrolls_from_the_first_step_to_the_last() {
    let dir = tempfile::tempdir().unwrap();
    let notes: Vec<String> = (1..=8).map(|n| format!("第{n}次约谈双方")).collect();
    let b = with_notes(
        dir.path(),
        &notes.iter().map(String::as_str).collect::<Vec<_>>(),
    );
    let mut app = on_disputes(&b);
    let s = screen(&app, 80, 24);
    assert!(
        s.contains("第8次约谈双方") && !s.contains("第1次约谈双方"),
        "{s}"
    );
    // Tab gives the timeline the focus; Home and End go to its ends.
    press(&mut app, &b, KeyCode::Tab);
    press(&mut app, &b, KeyCode::Home);
    let s = screen(&app, 80, 24);
    assert!(
        s.contains("第1次约谈双方") && !s.contains("第8次约谈双方"),
        "{s}"
    );
    for _ in 0..7 {
        press(&mut app, &b, KeyCode::Down);
    }
    let s = screen(&app, 80, 24);
    assert!(s.contains("第8次约谈双方"), "{s}");
    press(&mut app, &b, KeyCode::Home);
    press(&mut app, &b, KeyCode::End);
    let s = screen(&app, 80, 24);
    assert!(
        s.contains("第8次约谈双方") && !s.contains("第1次约谈双方"),
        "{s}"
    );
    // Esc gives the focus back to the cases, and Esc again leaves the list.
    press(&mut app, &b, KeyCode::Esc);
    assert!(matches!(app.screen, Screen::Disputes(_)));
    press(&mut app, &b, KeyCode::Esc);
    assert!(matches!(app.screen, Screen::Browse));
}

#[test]
fn saving_an_empty_dispute_form_says_what_is_missing_and_stays_on_it() {
    let dir = tempfile::tempdir().unwrap();
    let b = common::backend(dir.path());
    let mut app = common::app(&b, Lang::Zh);
    app.user = "zhangli".into();
    press(&mut app, &b, KeyCode::Char(':'));
    type_text(&mut app, &b, "5-1-102");
    press(&mut app, &b, KeyCode::Enter);
    press(&mut app, &b, KeyCode::Char('d'));
    // The cursor is somewhere else when F2 is pressed.
    press(&mut app, &b, KeyCode::Tab);
    press(&mut app, &b, KeyCode::Tab);
    press(&mut app, &b, KeyCode::F(2));
    let f = form(&app);
    assert_eq!(f.error.as_deref(), Some("事由：请用几个字说明纠纷的事由"));
    assert_eq!(f.fields[f.focus].name, "title");
    let s = screen(&app, 80, 24);
    assert_eq!(
        s.lines().nth(1),
        Some("│事由：请用几个字说明纠纷的事由                                                │")
    );
    // Once it is filled in, the sentence goes.
    type_text(&mut app, &b, "装修噪音");
    assert_eq!(form(&app).error, None);
}

#[test]
fn a_help_filter_that_matches_nothing_says_so_and_keys_keep_working() {
    let dir = tempfile::tempdir().unwrap();
    let b = common::backend(dir.path());
    let mut app = common::app(&b, Lang::Zh);
    press(&mut app, &b, KeyCode::Char('?'));
    type_text(&mut app, &b, "zz");
    assert!(matches!(app.overlay, Overlay::Help { .. }));
    let s = screen(&app, 80, 24);
    assert!(s.contains("│没有按键匹配 “zz”"), "{s}");
    assert!(s.contains("帮助：当前可用的按键"), "{s}");
    press(&mut app, &b, KeyCode::Backspace);
    press(&mut app, &b, KeyCode::Backspace);
    assert!(screen(&app, 80, 24).contains("统计报表"));
    press(&mut app, &b, KeyCode::Esc);
    assert!(matches!(app.overlay, Overlay::None));
}

#[test]
fn slash_in_help_starts_the_filter_instead_of_typing_a_slash() {
    let dir = tempfile::tempdir().unwrap();
    let b = common::backend(dir.path());
    let mut app = common::app(&b, Lang::Zh);
    let filter = |app: &App| match &app.overlay {
        Overlay::Help { filter, .. } => filter.value().to_string(),
        _ => panic!("help is open"),
    };
    press(&mut app, &b, KeyCode::Char('?'));
    press(&mut app, &b, KeyCode::Char('/'));
    assert_eq!(filter(&app), "");
    type_text(&mut app, &b, "退");
    assert_eq!(filter(&app), "退");
    press(&mut app, &b, KeyCode::Char('/'));
    type_text(&mut app, &b, "扫楼");
    assert_eq!(filter(&app), "扫楼");
}

#[test]
fn end_in_help_goes_to_the_last_line_and_home_to_the_first() {
    let dir = tempfile::tempdir().unwrap();
    let b = common::backend(dir.path());
    let mut app = common::app(&b, Lang::Zh);
    press(&mut app, &b, KeyCode::Char('?'));
    let s = screen(&app, 80, 24);
    assert!(s.contains("统计报表") && !s.contains("退出"), "{s}");
    press(&mut app, &b, KeyCode::End);
    let s = screen(&app, 80, 24);
    assert!(
        s.contains("q, ctrl-c     退出") && !s.contains("统计报表"),
        "{s}"
    );
    press(&mut app, &b, KeyCode::Home);
    let s = screen(&app, 80, 24);
    assert!(s.contains("统计报表") && !s.contains("退出"), "{s}");
}

#[test]
fn help_hints_and_palette_on_a_list_show_only_the_keys_that_work_there() {
    let dir = tempfile::tempdir().unwrap();
    let b = common::backend(dir.path());
    let mut app = common::app(&b, Lang::Zh);
    press(&mut app, &b, KeyCode::Char('f'));
    assert!(matches!(app.screen, Screen::Due(_)));
    let s = screen(&app, 80, 24);
    let bar = s.lines().nth(23).unwrap();
    assert_eq!(bar, "enter 打开  x 办结  esc 返回  ? 帮助");
    for a in [Action::Advance, Action::Assign, Action::Restore] {
        assert!(!app.palette("").contains(&a), "{a:?} in the palette");
    }
    assert!(app.palette("").contains(&Action::Done));
    press(&mut app, &b, KeyCode::Char('?'));
    let s = screen(&app, 80, 24);
    assert!(s.contains("x             办结"), "{s}");
    for (typed, gone) in [
        ("推进", "推进一步"),
        ("分配", "分配门户"),
        ("恢复", "恢复未采用的值"),
    ] {
        type_text(&mut app, &b, typed);
        let s = screen(&app, 80, 24);
        assert!(
            s.contains(&format!("没有按键匹配 “{typed}”")) && !s.contains(gone),
            "{s}"
        );
        press(&mut app, &b, KeyCode::Backspace);
        press(&mut app, &b, KeyCode::Backspace);
    }
    type_text(&mut app, &b, "走访");
    let s = screen(&app, 80, 24);
    assert!(s.contains("│v  记录走访"), "{s}");
}

/// The real program at 80×24 in Chinese: a note on an open case, then reopening a closed one.
#[test]
fn a_note_and_a_reopen_in_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    {
        let store = common::small_store(dir.path());
        let now = gridbook::model::time::now();
        write_notes(&store, &["约双方到调解室"]);
        let closed = store
            .open_dispute(
                "zhangli",
                &Dispute {
                    id: 0,
                    community: 2,
                    grid: 3,
                    household: Some(20),
                    title: "楼道堆物".into(),
                    category: gridbook::model::DisputeCategory::PropertyManagement,
                    parties: vec![],
                    place: "5栋1单元".into(),
                    reported_at: now,
                    reported_by: "zhangli".into(),
                    severity: gridbook::model::Severity::Low,
                    deadline: gridbook::model::time::local_day(now) + 30,
                    mediator: "zhangli".into(),
                    status: DisputeStatus::Found,
                    outcome: None,
                },
                "邻居反映楼道被杂物堵塞",
            )
            .unwrap();
        store
            .advance_dispute(
                "zhangli",
                &DisputeStep {
                    dispute: closed.id,
                    to: DisputeStatus::Closed,
                    outcome: Some(DisputeOutcome::Resolved),
                    note: "杂物已清走".into(),
                    seen: None,
                },
                now,
            )
            .unwrap();
    }
    let mut s = common::pty::Session::start(dir.path(), &["--lang", "zh"], 80, 24);
    s.wait_for("the tree", 20, |sc| sc.contains("3-1-201"));
    s.send("D");
    s.wait_for("the dispute list", 10, |sc| {
        sc.contains("矛盾纠纷 · 未结 (1)")
    });
    s.send("m");
    s.wait_for("the note form", 10, |sc| {
        sc.contains("楼上漏水 · 记录调解情况 [调解]")
    });
    s.send("约双方周六面谈");
    s.send("\x1bOQ");
    s.wait_for("the note on the timeline", 10, |sc| {
        sc.contains("已记下调解情况：楼上漏水 · 调解")
            && sc.contains("[调解·记录] ")
            && sc.contains("约双方周六面谈")
    });
    // All cases, then the closed one (after the open case).
    s.send("\x1b[D");
    s.wait_for("all cases", 10, |sc| sc.contains("矛盾纠纷 · 全部 (2)"));
    s.send("j");
    s.send("R");
    s.wait_for("the reopen form", 10, |sc| {
        sc.contains("楼道堆物 · 重新打开 [结案]")
    });
    s.send("\x1bOQ");
    s.wait_for("the reason asked for", 10, |sc| {
        sc.contains("重开原因：请写明为什么重新打开")
    });
    s.send("杂物又堆回来了");
    s.send("\x1bOQ");
    s.wait_for("the case reopened", 10, |sc| {
        sc.contains("已重新打开：楼道堆物 · 调解")
            && sc.contains("[重新打开→调解] ")
            && sc.contains("杂物又堆回来了")
    });
    s.send("q");
    assert_eq!(s.wait_exit(10), 0);
}

#[test]
fn help_on_a_filtered_list_says_left_and_right_change_the_filter() {
    // ←/→ were listed as 收起 / 左移 and 展开 / 右移 (the tree's words) on the lists where
    // they change the filter.
    let dir = tempfile::tempdir().unwrap();
    let b = common::backend(dir.path());
    let mut app = common::app(&b, Lang::Zh);
    for list in ['D', 'f'] {
        press(&mut app, &b, KeyCode::Char(list));
        press(&mut app, &b, KeyCode::Char('?'));
        type_text(&mut app, &b, "筛选");
        let s = screen(&app, 80, 24);
        assert!(
            s.contains("上一个筛选") && s.contains("下一个筛选"),
            "{list}: {s}"
        );
        assert!(!s.contains("展开"), "{list}: {s}");
        press(&mut app, &b, KeyCode::Esc);
        press(&mut app, &b, KeyCode::Esc);
    }
}

#[test]
fn the_dispute_list_in_english_shows_each_step_whole() {
    // The step column was six cells wide for Chinese: "media…", "feedb…", "handl…".
    let dir = tempfile::tempdir().unwrap();
    let b = common::backend(dir.path());
    let mut app = common::app(&b, Lang::En);
    press(&mut app, &b, KeyCode::Char('D'));
    let s = screen(&app, 80, 24);
    let row = s
        .lines()
        .find(|l| l.contains("mediating"))
        .unwrap_or_else(|| panic!("{s}"));
    assert!(row.starts_with("│mediating "), "{row}");
    assert!(!s.contains("media…"), "{s}");
}

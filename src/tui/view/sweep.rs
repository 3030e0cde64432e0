//! The sweep panel: the door at hand, the keys for its outcome, and the tally; a summary at the end.

use ratatui::layout::{Constraint, Flex, Layout, Position, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};
use ratatui::Frame;

use super::{bordered, fg, text};
use crate::model::campaign::{needs_note, result_en};
use crate::model::VisitOutcome;
use crate::tui::action::Action;
use crate::tui::app::{App, Sweep, SweepCampaign};
use crate::tui::i18n::Lang;
use crate::tui::keymap::Mode;

pub fn draw(app: &App, s: &Sweep, frame: &mut Frame, area: Rect) {
    let l = app.lang;
    let width = area.width.min(70);
    let height = area.height.min(14);
    let [r] = Layout::horizontal([Constraint::Length(width)])
        .flex(Flex::Center)
        .areas(area);
    let [r] = Layout::vertical([Constraint::Length(height)])
        .flex(Flex::Center)
        .areas(r);
    frame.render_widget(Clear, r);
    let place = match (l, s.entrance) {
        (crate::tui::i18n::Lang::Zh, Some(e)) => format!("{}栋{}单元", s.number, e),
        (crate::tui::i18n::Lang::Zh, None) => format!("{}栋", s.number),
        (_, Some(e)) => format!("building {} entrance {}", s.number, e),
        (_, None) => format!("building {}", s.number),
    };
    let campaign = s.campaign.as_deref().filter(|c| c.on);
    let title = match campaign {
        Some(c) => format!(
            " {} · {place} · {} {} ",
            l.pick("扫楼", "Sweep"),
            l.pick("战时", "campaign"),
            c.name
        ),
        None => format!(" {} · {place} ", l.pick("扫楼", "Sweep")),
    };
    let block = bordered(app).title(Span::styled(
        text::fit(&title, r.width.saturating_sub(2) as usize),
        Style::default().add_modifier(Modifier::BOLD),
    ));
    let inner = block.inner(r);
    frame.render_widget(block, r);
    let tally = match (campaign, l) {
        (Some(c), _) => campaign_tally(l, c),
        (None, crate::tui::i18n::Lang::Zh) => format!(
            "已走访 {} 户：在家 {}，不在家 {}，拒访 {}，需复访 {}；排了 {} 项待办，{} 起纠纷",
            s.visited(),
            s.count(VisitOutcome::Met),
            s.count(VisitOutcome::NotHome),
            s.count(VisitOutcome::Refused),
            s.count(VisitOutcome::Revisit),
            s.followups,
            s.disputes
        ),
        (None, crate::tui::i18n::Lang::En) => format!(
            "{} visited: {} met, {} not home, {} refused, {} revisit; {} scheduled, {}",
            crate::i18n::count(s.visited(), "door", "doors"),
            s.count(VisitOutcome::Met),
            s.count(VisitOutcome::NotHome),
            s.count(VisitOutcome::Refused),
            s.count(VisitOutcome::Revisit),
            crate::i18n::count(s.followups, "follow-up", "follow-ups"),
            crate::i18n::count(s.disputes, "dispute", "disputes")
        ),
    };
    // Only acknowledged doors count as visited; the rest are named plainly.
    let (unsaved, failed) = (s.unsaved(), s.failed());
    let unsaved_line = match l {
        crate::tui::i18n::Lang::Zh if unsaved > 0 => format!("{unsaved} 户正在保存，还没有存好"),
        crate::tui::i18n::Lang::En if unsaved > 0 => {
            format!("{unsaved} doors are being saved, not saved yet")
        }
        _ => String::new(),
    };
    let failed_line = match l {
        crate::tui::i18n::Lang::Zh if failed > 0 => {
            format!("{failed} 户没有保存成功，请回到这几户再按一次")
        }
        crate::tui::i18n::Lang::En if failed > 0 => {
            format!("{failed} doors were not saved; go back to them and press again")
        }
        _ => String::new(),
    };
    let problems: Vec<Line> = [unsaved_line, failed_line]
        .into_iter()
        .filter(|t| !t.is_empty())
        .map(|t| Line::from(Span::styled(t, fg(app, Color::Red))))
        .collect();
    if s.finished {
        let (head, foot) = if unsaved > 0 {
            (
                l.pick("正在保存，请稍候", "Saving, please wait"),
                l.pick(
                    "全部存好后才能返回",
                    "You can go back once everything is saved",
                ),
            )
        } else {
            (
                l.pick("扫楼结束", "Sweep finished"),
                l.pick("Esc 或 Enter 返回", "Esc or Enter to go back"),
            )
        };
        let mut lines = vec![
            Line::from(Span::styled(
                head,
                Style::default().add_modifier(Modifier::BOLD),
            )),
            Line::default(),
            Line::from(tally),
        ];
        lines.extend(problems);
        lines.push(Line::default());
        lines.push(Line::from(Span::styled(foot, fg(app, Color::DarkGray))));
        frame.render_widget(Paragraph::new(text::wrap(lines, inner.width)), inner);
        return;
    }
    let Some(door) = s.doors.get(s.index) else {
        return;
    };
    let tags: String = door
        .care_tags
        .iter()
        .map(|t| l.care_tag(*t))
        .collect::<Vec<_>>()
        .join("、");
    let mut lines = vec![
        Line::from(vec![
            Span::styled(
                door.address.to_string(),
                Style::default().add_modifier(Modifier::BOLD),
            ),
            Span::raw(format!(
                "  {}  {}  ",
                door.head,
                match l {
                    crate::tui::i18n::Lang::Zh => format!("{}人", door.size),
                    crate::tui::i18n::Lang::En => {
                        crate::i18n::count(door.size, "person", "people")
                    }
                }
            )),
            Span::styled(tags, fg(app, Color::Magenta)),
        ]),
        Line::from(Span::styled(
            format!("{} {}/{}", l.pick("第", "door"), s.index + 1, s.doors.len()),
            fg(app, Color::DarkGray),
        )),
    ];
    if let Some(c) = campaign {
        lines.push(Line::from(door_result(app, c, s.index)));
        lines.push(Line::default());
        lines.extend(campaign_keys(app, c, inner.width as usize));
        lines.push(Line::default());
        lines.push(Line::from(Span::styled(tally, fg(app, Color::DarkGray))));
        lines.extend(problems);
        frame.render_widget(Paragraph::new(text::wrap(lines, inner.width)), inner);
        return;
    }
    lines.push(Line::default());
    let mut keys = Vec::new();
    for a in [
        Action::SweepMet,
        Action::SweepNotHome,
        Action::SweepRefused,
        Action::SweepRevisit,
        Action::SweepDispute,
        Action::SweepNote,
        Action::SweepSkip,
        Action::SweepBack,
        Action::SweepCampaign,
        Action::Cancel,
    ] {
        if a == Action::SweepCampaign && s.campaign.is_none() {
            continue;
        }
        if let Some(k) = app.keymap.keys_for(Mode::Sweep, a).first() {
            keys.push(Span::styled(
                k.to_string(),
                fg(app, Color::Cyan).add_modifier(Modifier::BOLD),
            ));
            let label = match a {
                Action::SweepCampaign => l.action_short(a),
                a => l.action(a),
            };
            keys.push(Span::raw(format!(" {label}  ")));
        }
    }
    lines.push(Line::from(keys));
    lines.push(Line::default());
    let note_label = l.pick("备注：", "Note: ");
    lines.push(Line::from(vec![
        Span::styled(note_label, fg(app, Color::DarkGray)),
        Span::raw(s.note.value().to_string()),
    ]));
    lines.push(Line::default());
    lines.push(Line::from(Span::styled(tally, fg(app, Color::DarkGray))));
    let note_row = inner.y + text::wrapped_height(lines[..5].to_vec(), inner.width);
    lines.extend(problems);
    frame.render_widget(Paragraph::new(text::wrap(lines, inner.width)), inner);
    if s.noting {
        let x = inner.x
            + unicode_width::UnicodeWidthStr::width(note_label) as u16
            + s.note.visual_cursor() as u16;
        frame.set_cursor_position(Position::new(
            x.min(inner.right().saturating_sub(1)),
            note_row.min(inner.bottom().saturating_sub(1)),
        ));
    }
}

/// The building's tally in the campaign: doors checked of those due, then each result.
fn campaign_tally(l: Lang, c: &SweepCampaign) -> String {
    let each: Vec<String> = c
        .results
        .iter()
        .map(|r| match l {
            Lang::Zh => format!("{r} {}", c.count(r)),
            Lang::En => format!("{} {}", c.count(r), result_en(r)),
        })
        .collect();
    match l {
        Lang::Zh => format!(
            "本楼已查 {}/{} 户：{}",
            c.checked(),
            c.due(),
            each.join("，")
        ),
        Lang::En => format!(
            "checked {} of {} here: {}",
            c.checked(),
            c.due(),
            each.join(", ")
        ),
    }
}

/// What the door at hand has in the campaign: its latest result (异常 with its note), 未查,
/// or that it is not the caller's to check.
fn door_result(app: &App, c: &SweepCampaign, i: usize) -> Vec<Span<'static>> {
    let l = app.lang;
    let Some(d) = c.doors.get(i) else {
        return Vec::new();
    };
    let shown = |r: &str| match l {
        Lang::Zh => r.to_string(),
        Lang::En => result_en(r).to_string(),
    };
    let (text, color) = match (&d.latest, d.covered) {
        (_, Some(false)) => (
            l.pick(
                "不在本次排查你的网格里",
                "not in your grids of the campaign",
            )
            .to_string(),
            Color::DarkGray,
        ),
        (Some(check), _) => {
            let note = if check.note.is_empty() {
                String::new()
            } else {
                format!("{}{}{}", l.pick("（", " ("), check.note, l.pick("）", ")"))
            };
            (
                format!(
                    "{}{}{note}",
                    l.pick("已查：", "checked: "),
                    shown(&check.result)
                ),
                if needs_note(&check.result) {
                    Color::Red
                } else {
                    Color::Green
                },
            )
        }
        (None, None) => (l.pick("读取中…", "reading…").to_string(), Color::DarkGray),
        (None, Some(true)) => (l.pick("未查", "not checked").to_string(), Color::Yellow),
    };
    vec![Span::styled(
        text,
        fg(app, color).add_modifier(Modifier::BOLD),
    )]
}

/// The campaign's result keys, then skip, back, the visit outcomes and the end, a key and
/// its name never split between lines.
fn campaign_keys(app: &App, c: &SweepCampaign, width: usize) -> Vec<Line<'static>> {
    let l = app.lang;
    let results = Action::RESULTS;
    let mut lines: Vec<Line<'static>> = Vec::new();
    let mut used = 0;
    let mut key = |a: Action, label: String| {
        let Some(k) = app
            .keymap
            .keys_for(Mode::CampaignSweep, a)
            .first()
            .map(|k| k.to_string())
        else {
            return;
        };
        let label = format!(" {label}");
        let w = unicode_width::UnicodeWidthStr::width(format!("{k}{label}").as_str());
        if lines.is_empty() || (used > 0 && used + 2 + w > width) {
            lines.push(Line::default());
            used = 0;
        }
        let Some(line) = lines.last_mut() else {
            return;
        };
        if used > 0 {
            line.spans.push(Span::raw("  "));
            used += 2;
        }
        line.spans.push(Span::styled(
            k,
            fg(app, Color::Cyan).add_modifier(Modifier::BOLD),
        ));
        line.spans.push(Span::raw(label));
        used += w;
    };
    for (r, a) in c.results.iter().zip(results) {
        key(
            a,
            match l {
                Lang::Zh => r.clone(),
                Lang::En => result_en(r).to_string(),
            },
        );
    }
    for a in [
        Action::SweepSkip,
        Action::SweepBack,
        Action::SweepCampaign,
        Action::Cancel,
    ] {
        let label = match a {
            Action::SweepCampaign => l.pick("走访", "visits").to_string(),
            a => l.action(a).to_string(),
        };
        key(a, label);
    }
    lines
}

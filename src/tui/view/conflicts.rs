//! The conflicts screen: how the last sync went, the conflicts it left (open first), and the
//! selected one in full with how it was settled or the keys that settle it.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Row, Table, TableState};
use ratatui::Frame;

use super::{bordered, fg, fit, highlight, text};
use crate::tui::action::Action;
use crate::tui::app::{App, ConflictView};
use crate::tui::keymap::Mode;
use crate::tui::sync_text;

fn title(text: String) -> Span<'static> {
    Span::styled(
        format!(" {text} "),
        Style::default().add_modifier(Modifier::BOLD),
    )
}

/// Rows a paragraph of these lines takes at this width, wrapped.
fn wrapped_height(lines: &[String], width: u16) -> u16 {
    let lines: Vec<Line> = lines.iter().map(|l| Line::from(l.as_str())).collect();
    text::wrapped_height(lines, width)
}

pub fn draw(app: &App, v: &ConflictView, frame: &mut Frame, area: Rect) {
    let l = app.lang;
    let mut area = area;
    // The sync panel when there is room for it (the status bar has the short form anyway).
    if let Some(s) = app.sync.as_ref().filter(|_| area.height >= 20) {
        let lines = sync_text::status_lines(s, l);
        let h = wrapped_height(&lines, area.width.saturating_sub(2)) + 2;
        let [top, rest] = Layout::vertical([Constraint::Length(h), Constraint::Min(1)]).areas(area);
        let body: Vec<Line> = lines
            .into_iter()
            .map(|line| {
                let failed = s.last_error.is_some() && line.contains(l.pick("失败", "failed"));
                if failed {
                    Line::from(Span::styled(line, fg(app, Color::Red)))
                } else {
                    Line::from(line)
                }
            })
            .collect();
        frame.render_widget(
            Paragraph::new(text::wrap(body, top.width.saturating_sub(2)))
                .block(bordered(app).title(title(l.pick("同步", "Sync").into()))),
            top,
        );
        area = rest;
    }
    let Some(rows) = &v.rows else {
        let block = bordered(app).title(title(l.pick("冲突核对", "Conflicts").into()));
        frame.render_widget(Paragraph::new(l.strings().loading).block(block), area);
        return;
    };
    let open = rows
        .iter()
        .filter(|r| r.conflict.resolved.is_none())
        .count();
    let t = l.pick(
        format!("冲突核对 · 待核对 {open} / 共 {}", rows.len()),
        format!("Conflicts · {open} open of {}", rows.len()),
    );
    let block = bordered(app).title(title(t));
    if rows.is_empty() {
        frame.render_widget(
            Paragraph::new(text::wrap(
                l.pick(
                    "没有需要核对的冲突：同步没有留下两边都改过的内容。",
                    "Nothing to review: no sync left a conflict here.",
                ),
                area.width.saturating_sub(2),
            ))
            .block(block),
            area,
        );
        return;
    }
    // The selected conflict in full, under the list.
    let selected = rows.get(v.cursor).map(|r| &r.conflict);
    let mut detail: Vec<String> = selected
        .map(|c| sync_text::detail_lines(c, l))
        .unwrap_or_default();
    let settle_hint = selected.map(|c| match sync_text::settled(c, l) {
        Some(how) => (how, false),
        None => (settle_keys(app, c.kind), true),
    });
    if let Some((text, _)) = &settle_hint {
        detail.push(text.clone());
    }
    let detail_h = (wrapped_height(&detail, area.width.saturating_sub(2)) + 2)
        .min(area.height.saturating_sub(5).max(3));
    let [list_area, detail_area] =
        Layout::vertical([Constraint::Min(4), Constraint::Length(detail_h)]).areas(area);

    // Column widths are laid out here so every cell can be cut at a whole character.
    let inner = block.inner(list_area);
    let widths = text::columns(
        inner,
        &[
            Constraint::Length(7),
            Constraint::Fill(2),
            Constraint::Length(10),
            Constraint::Fill(3),
            Constraint::Fill(3),
        ],
    );
    let cell = |i: usize, s: &str| fit(s, widths[i] as usize);
    let table_rows: Vec<Row> = rows
        .iter()
        .map(|r| {
            let c = &r.conflict;
            let (kept, lost) = sync_text::kept_and_lost(c, l);
            let state = match c.resolved {
                None => Span::styled(
                    cell(0, l.pick("待核对", "open")),
                    fg(app, Color::Yellow).add_modifier(Modifier::BOLD),
                ),
                Some(_) => Span::raw(cell(0, l.pick("已核对", "settled"))),
            };
            Row::new(vec![
                Line::from(state),
                Line::from(cell(1, &c.record)),
                Line::from(cell(2, &sync_text::what(c, l))),
                Line::from(cell(3, &kept)),
                Line::from(cell(4, &lost)),
            ])
        })
        .collect();
    let header = Row::new(vec![
        cell(0, l.pick("状态", "State")),
        cell(1, l.pick("记录", "Record")),
        cell(2, l.pick("字段", "Field")),
        cell(3, l.pick("现值", "Kept")),
        cell(4, l.pick("未采用的值", "Lost")),
    ])
    .style(Style::default().add_modifier(Modifier::BOLD));
    let table = Table::new(table_rows, widths.iter().map(|w| Constraint::Length(*w)))
        .column_spacing(1)
        .header(header)
        .block(block)
        .row_highlight_style(highlight(app, true));
    let mut state = TableState::default().with_selected(Some(v.cursor));
    frame.render_stateful_widget(table, list_area, &mut state);

    let mut lines: Vec<Line> = detail.into_iter().map(Line::from).collect();
    if let (Some((_, true)), Some(last)) = (&settle_hint, lines.last_mut()) {
        *last = last.clone().style(fg(app, Color::Cyan));
    }
    frame.render_widget(
        Paragraph::new(text::wrap(lines, detail_area.width.saturating_sub(2)))
            .block(bordered(app).title(title(l.pick("详情", "Details").into()))),
        detail_area,
    );
}

/// The keys that settle an open conflict, from the keymap in effect.
fn settle_keys(app: &App, kind: crate::store::sync::ConflictKind) -> String {
    let l = app.lang;
    let key = |a: Action| {
        app.keymap
            .keys_for(Mode::List, a)
            .first()
            .map(|k| k.to_string())
            .unwrap_or_else(|| a.name())
    };
    let (restore, keep) = (key(Action::Restore), key(Action::Keep));
    match kind {
        crate::store::sync::ConflictKind::Field => l.pick(
            format!("按 {restore} 恢复未采用的值，按 {keep} 保留现值"),
            format!("{restore}: put the lost value back, {keep}: keep what is there"),
        ),
        _ => l.pick(
            format!("核对后按 {keep} 标记为已核对"),
            format!("{keep}: mark it reviewed, leaving things as they are"),
        ),
    }
}

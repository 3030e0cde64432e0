//! Popups over the main screen: the address prompt and the generated help.

use ratatui::layout::{Constraint, Flex, Layout, Position, Rect};
use ratatui::style::{Color, Modifier};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};
use ratatui::Frame;
use tui_input::Input;
use unicode_width::UnicodeWidthStr;

use super::fg;
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::keymap::Mode;

/// The `:` prompt on the status line, with the real cursor at the caret for input methods.
pub fn jump(app: &App, input: &Input, frame: &mut Frame, area: Rect) {
    let prompt = app.lang.strings().jump_prompt;
    let prompt_w = prompt.width() as u16;
    let room = area.width.saturating_sub(prompt_w + 1) as usize;
    let scroll = input.visual_scroll(room);
    let shown: String = {
        // Drop whole characters from the left until the caret fits.
        let mut skipped = 0;
        input
            .value()
            .chars()
            .skip_while(|c| {
                let w = unicode_width::UnicodeWidthChar::width(*c).unwrap_or(0);
                if skipped + w <= scroll {
                    skipped += w;
                    true
                } else {
                    false
                }
            })
            .collect()
    };
    frame.render_widget(Clear, area);
    let line = Line::from(vec![
        Span::styled(prompt, fg(app, Color::Cyan)),
        Span::raw(shown),
    ]);
    frame.render_widget(Paragraph::new(line), area);
    let caret = (input.visual_cursor().saturating_sub(scroll)) as u16;
    frame.set_cursor_position(Position::new(area.x + prompt_w + caret, area.y));
}

/// The command palette above the `:` line: every action with its keys, filtered as typed.
pub fn palette(app: &App, typed: &str, selected: usize, frame: &mut Frame, area: Rect) {
    let actions = app.palette(typed);
    if actions.is_empty() || area.height < 4 {
        return;
    }
    let rows = (actions.len() as u16)
        .min(area.height.saturating_sub(2))
        .min(10);
    let width = area.width.min(50);
    let popup = Rect::new(area.x, area.bottom() - rows - 2, width, rows + 2);
    frame.render_widget(Clear, popup);
    let block = super::bordered(app).title(format!(" {} ", app.lang.strings().palette_title));
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let first = selected.saturating_sub(rows as usize - 1);
    let lines: Vec<Line> = actions
        .iter()
        .enumerate()
        .skip(first)
        .take(rows as usize)
        .map(|(i, a)| {
            let mut keys: Vec<&str> = Vec::new();
            for mode in [Mode::Browse, Mode::Global] {
                keys.extend(app.keymap.keys_for(mode, *a));
            }
            let label = app.lang.action(*a);
            let pad =
                (inner.width as usize).saturating_sub(label.width() + keys.join(" ").width() + 1);
            let line = Line::from(vec![
                Span::raw(format!("{label} {}", " ".repeat(pad))),
                Span::styled(keys.join(" "), fg(app, Color::Cyan)),
            ]);
            if i == selected {
                line.style(super::highlight(app, true))
            } else {
                line
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

/// Help, generated from the keymap in effect: global keys and the screen's, filtered as typed.
pub fn help(app: &App, filter: &Input, scroll: usize, frame: &mut Frame, area: Rect) {
    let s = app.lang.strings();
    let needle = filter.value().to_lowercase();
    let mut rows: Vec<(String, &'static str)> = Vec::new();
    for action in Action::ALL {
        let mut keys: Vec<&str> = Vec::new();
        for mode in [Mode::Browse, Mode::Global] {
            keys.extend(app.keymap.keys_for(mode, action));
        }
        if keys.is_empty() {
            continue;
        }
        let label = app.lang.action(action);
        let keys = keys.join(", ");
        if needle.is_empty()
            || keys.to_lowercase().contains(&needle)
            || label.to_lowercase().contains(&needle)
            || action.name().contains(&needle)
        {
            rows.push((keys, label));
        }
    }
    let width = area.width.saturating_sub(4).min(60);
    let height = area
        .height
        .saturating_sub(2)
        .min(rows.len() as u16 + 4)
        .max(5);
    let [popup] = Layout::horizontal([Constraint::Length(width)])
        .flex(Flex::Center)
        .areas(area);
    let [popup] = Layout::vertical([Constraint::Length(height)])
        .flex(Flex::Center)
        .areas(popup);
    frame.render_widget(Clear, popup);
    let block = super::bordered(app).title(format!(" {} ", s.help_title));
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let [filter_area, list_area] =
        Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(inner);
    let filter_line = if filter.value().is_empty() {
        Line::from(Span::styled(
            format!("/ {}", s.help_filter),
            fg(app, Color::DarkGray),
        ))
    } else {
        Line::from(format!("/ {}", filter.value()))
    };
    frame.render_widget(Paragraph::new(filter_line), filter_area);
    frame.set_cursor_position(Position::new(
        filter_area.x + 2 + filter.visual_cursor() as u16,
        filter_area.y,
    ));
    let key_w = rows
        .iter()
        .map(|(k, _)| k.width())
        .max()
        .unwrap_or(0)
        .min(24);
    let lines: Vec<Line> = if rows.is_empty() {
        vec![Line::from(s.help_none)]
    } else {
        rows.iter()
            .skip(scroll.min(rows.len().saturating_sub(1)))
            .map(|(k, label)| {
                let pad = key_w.saturating_sub(k.width());
                Line::from(vec![
                    Span::styled(k.clone(), fg(app, Color::Cyan).add_modifier(Modifier::BOLD)),
                    Span::raw(" ".repeat(pad + 2)),
                    Span::raw(*label),
                ])
            })
            .collect()
    };
    frame.render_widget(Paragraph::new(lines), list_area);
}

//! Drawing a form: label beside each field, the message beside a field that is wrong, the real
//! cursor at the caret so input methods work.

use ratatui::layout::{Constraint, Flex, Layout, Position, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};
use ratatui::Frame;

use super::{bordered, fg, highlight, text};
use crate::tui::app::App;
use crate::tui::form::{FieldKind, Form};

const LABEL_W: u16 = 10;

fn field_height(kind: &FieldKind, focused: bool) -> u16 {
    match kind {
        FieldKind::Line(_) | FieldKind::Choice { .. } => 1,
        FieldKind::Area(ta) => (ta.lines().len() as u16 + 1).clamp(if focused { 3 } else { 2 }, 6),
        FieldKind::Checks { options, .. } => (options.len() as u16).clamp(1, 6),
    }
}

pub fn draw(app: &App, form: &Form, frame: &mut Frame, area: Rect) {
    let s = app.lang;
    let width = area.width.min(96);
    let [popup] = Layout::horizontal([Constraint::Length(width)])
        .flex(Flex::Center)
        .areas(area);
    frame.render_widget(Clear, popup);
    let block = bordered(app)
        .title(Span::styled(
            format!(
                " {} ",
                super::fit(&form.title, popup.width.saturating_sub(4) as usize)
            ),
            Style::default().add_modifier(Modifier::BOLD),
        ))
        .title_bottom(Line::from(form_hints(app)));
    let inner = block.inner(popup);
    frame.render_widget(block, popup);

    let mut y = inner.y;
    let bottom = inner.bottom();
    let line_at = |frame: &mut Frame, y: &mut u16, line: Line| {
        if *y < bottom {
            frame.render_widget(
                Paragraph::new(text::fit_line(line, inner.width as usize)),
                Rect::new(inner.x, *y, inner.width, 1),
            );
            *y += 1;
        }
    };
    if let Some(err) = &form.error {
        line_at(
            frame,
            &mut y,
            Line::from(Span::styled(err.clone(), fg(app, Color::Red))),
        );
    }
    if form.saving {
        line_at(
            frame,
            &mut y,
            Line::from(Span::styled(
                s.pick("正在保存…", "Saving…"),
                fg(app, Color::Yellow),
            )),
        );
    }
    // The last few lines of context (a case's timeline).
    let ctx_rows = (form.context.len() as u16).min(inner.height / 4);
    for c in form
        .context
        .iter()
        .skip(form.context.len() - ctx_rows as usize)
    {
        line_at(
            frame,
            &mut y,
            Line::from(Span::styled(c.clone(), fg(app, Color::DarkGray))),
        );
    }
    if ctx_rows > 0 {
        y += 1;
    }
    let mut cursor: Option<Position> = None;
    // A form taller than the screen starts further down, so the focused field shows.
    let rows = |i: usize| {
        let f = &form.fields[i];
        let note = (f.error.is_some() && (f.touched || form.tried))
            || (i == form.focus && !f.hint.is_empty());
        field_height(&f.kind, i == form.focus) + u16::from(note)
    };
    let mut start = 0;
    while start < form.focus && (start..=form.focus).map(rows).sum::<u16>() > bottom - y {
        start += 1;
    }
    for (i, f) in form.fields.iter().enumerate().skip(start) {
        if y >= bottom {
            break;
        }
        let focused = i == form.focus;
        let h = field_height(&f.kind, focused).min(bottom - y);
        let label_style = if focused {
            fg(app, Color::Cyan).add_modifier(Modifier::BOLD)
        } else {
            Style::default()
        };
        let label_w = LABEL_W.min(inner.width);
        frame.render_widget(
            Paragraph::new(text::fit_line(
                Line::from(Span::styled(f.label.clone(), label_style)),
                label_w.saturating_sub(1) as usize,
            )),
            Rect::new(inner.x, y, label_w, 1),
        );
        let value = Rect::new(
            inner.x + LABEL_W.min(inner.width),
            y,
            inner.width.saturating_sub(LABEL_W),
            h,
        );
        match &f.kind {
            FieldKind::Line(input) => {
                let scroll = input.visual_scroll(value.width.saturating_sub(1) as usize);
                let shown: String = skip_cols(input.value(), scroll);
                let style = if focused {
                    Style::default().add_modifier(Modifier::UNDERLINED)
                } else {
                    Style::default()
                };
                frame.render_widget(Paragraph::new(Span::styled(shown, style)), value);
                if focused {
                    let col = (input.visual_cursor() - scroll) as u16;
                    cursor = Some(Position::new(
                        value.x + col.min(value.width.saturating_sub(1)),
                        value.y,
                    ));
                }
            }
            FieldKind::Area(ta) => {
                frame.render_widget(&**ta, value);
                if focused {
                    let sc = ta.screen_cursor();
                    let (top, left) = ta.scroll_offset();
                    let row = (sc.row as u16).saturating_sub(top);
                    let col = (sc.col as u16).saturating_sub(left);
                    if row < value.height {
                        cursor = Some(Position::new(
                            value.x + col.min(value.width.saturating_sub(1)),
                            value.y + row,
                        ));
                    }
                }
            }
            FieldKind::Choice { options, selected } => {
                let mut spans = Vec::new();
                for (n, o) in options.iter().enumerate() {
                    let style = if n == *selected {
                        highlight(app, focused)
                    } else {
                        fg(app, Color::DarkGray)
                    };
                    spans.push(Span::styled(
                        format!(
                            "{}{}",
                            if focused {
                                format!("{} ", n + 1)
                            } else {
                                String::new()
                            },
                            o
                        ),
                        style,
                    ));
                    spans.push(Span::raw(" "));
                }
                frame.render_widget(
                    Paragraph::new(text::wrap(Line::from(spans), value.width)),
                    value,
                );
            }
            FieldKind::Checks {
                options,
                checked,
                cursor: c,
            } => {
                let first = c.saturating_sub(h as usize - 1);
                let lines: Vec<Line> = options
                    .iter()
                    .zip(checked)
                    .enumerate()
                    .skip(first)
                    .take(h as usize)
                    .map(|(n, ((_, name), on))| {
                        let item = format!("[{}] {name}", if *on { "x" } else { " " });
                        if focused && n == *c {
                            Line::from(Span::styled(item, highlight(app, true)))
                        } else {
                            Line::from(item)
                        }
                    })
                    .collect();
                frame.render_widget(Paragraph::new(text::cut(lines, value.width)), value);
            }
        }
        y += h;
        let show_error = f.error.is_some() && (f.touched || form.tried);
        if show_error && y < bottom {
            let msg = f.error.clone().unwrap_or_default();
            frame.render_widget(
                Paragraph::new(text::cut(
                    Span::styled(format!("✗ {msg}"), fg(app, Color::Red)),
                    value.width,
                )),
                Rect::new(value.x, y, value.width, 1),
            );
            y += 1;
        } else if focused && !f.hint.is_empty() && y < bottom {
            frame.render_widget(
                Paragraph::new(text::cut(
                    Span::styled(f.hint.clone(), fg(app, Color::DarkGray)),
                    value.width,
                )),
                Rect::new(value.x, y, value.width, 1),
            );
            y += 1;
        }
    }
    if let Some((_, question)) = &form.offer_move {
        ask(app, frame, popup, question);
    } else if form.asking_leave {
        leave_dialog(app, frame, popup);
    } else if let Some(p) = cursor {
        frame.set_cursor_position(p);
    }
}

/// Drops display columns from the left of a text, whole characters at a time.
fn skip_cols(text: &str, cols: usize) -> String {
    let mut skipped = 0;
    text.chars()
        .skip_while(|c| {
            let w = unicode_width::UnicodeWidthChar::width(*c).unwrap_or(0);
            if skipped + w <= cols && cols > 0 {
                skipped += w;
                true
            } else {
                false
            }
        })
        .collect()
}

fn form_hints(app: &App) -> Vec<Span<'static>> {
    use crate::tui::action::Action;
    use crate::tui::keymap::Mode;
    let mut spans = Vec::new();
    for a in [Action::Save, Action::NextField, Action::Cancel] {
        let keys = app.keymap.keys_for(Mode::Form, a);
        if keys.is_empty() {
            continue;
        }
        spans.push(Span::styled(
            format!(" {}", keys.join("/")),
            fg(app, Color::Cyan),
        ));
        spans.push(Span::raw(format!(" {} ", app.lang.action(a))));
    }
    spans
}

fn leave_dialog(app: &App, frame: &mut Frame, area: Rect) {
    let question = app.lang.pick(
        "有未保存的修改。y 离开并丢弃  n 继续编辑",
        "There are unsaved changes. y leave and discard  n keep editing",
    );
    ask(app, frame, area, question);
}

/// A yes/no question over the form, wrapped to the form's width.
fn ask(app: &App, frame: &mut Frame, area: Rect, question: &str) {
    let inner = area.width.saturating_sub(6).max(1);
    let lines = text::wrap(
        Span::styled(question.to_string(), fg(app, Color::Yellow)),
        inner,
    );
    let w = (lines.iter().map(|l| l.width()).max().unwrap_or(0) as u16 + 4).min(area.width);
    let h = (lines.len() as u16 + 2).min(area.height);
    let [r] = Layout::horizontal([Constraint::Length(w)])
        .flex(Flex::Center)
        .areas(area);
    let [r] = Layout::vertical([Constraint::Length(h)])
        .flex(Flex::Center)
        .areas(r);
    frame.render_widget(Clear, r);
    frame.render_widget(Paragraph::new(lines).block(bordered(app)), r);
}

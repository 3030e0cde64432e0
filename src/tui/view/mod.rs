//! Drawing: a pure function of `&App` into a ratatui frame. No I/O, no state changes.

mod panes;
mod popup;

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

use super::action::Action;
use super::app::{App, Overlay};
use super::keymap::Mode;

/// The smallest window the main screen is drawn in; below it a short message is shown.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 10;

pub fn draw(app: &App, frame: &mut Frame) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let msg = Paragraph::new(app.lang.strings().too_small).wrap(Wrap { trim: true });
        frame.render_widget(msg, area);
        return;
    }
    let [main, status] = Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(area);
    let tree_w = (main.width / 4).clamp(16, 28);
    let hh_w = (main.width * 42 / 100).clamp(22, 52);
    let [tree, households, detail] = Layout::horizontal([
        Constraint::Length(tree_w),
        Constraint::Length(hh_w),
        Constraint::Min(1),
    ])
    .areas(main);
    panes::tree(app, frame, tree);
    panes::households(app, frame, households);
    panes::detail(app, frame, detail);
    status_bar(app, frame, status);
    match &app.overlay {
        Overlay::None => {}
        Overlay::Jump { input, selected } => {
            popup::palette(app, input.value(), *selected, frame, main);
            popup::jump(app, input, frame, status)
        }
        Overlay::Help { filter, scroll } => popup::help(app, filter, *scroll, frame, main),
    }
}

/// Borders drawn with `+ - |` for PuTTY and old consoles.
const ASCII: ratatui::symbols::border::Set = ratatui::symbols::border::Set {
    top_left: "+",
    top_right: "+",
    bottom_left: "+",
    bottom_right: "+",
    vertical_left: "|",
    vertical_right: "|",
    horizontal_top: "-",
    horizontal_bottom: "-",
};

/// A bordered block in the border style the user chose.
pub fn bordered(app: &App) -> ratatui::widgets::Block<'static> {
    let block = ratatui::widgets::Block::bordered();
    if app.ascii_borders {
        block.border_set(ASCII)
    } else {
        block
    }
}

/// A style that is dropped under NO_COLOR.
pub fn fg(app: &App, color: Color) -> Style {
    if app.no_color {
        Style::default()
    } else {
        Style::default().fg(color)
    }
}

pub fn highlight(app: &App, focused: bool) -> Style {
    if app.no_color || !focused {
        Style::default().add_modifier(Modifier::REVERSED)
    } else {
        Style::default().bg(Color::Blue).fg(Color::White)
    }
}

/// The status bar: a message if there is one, otherwise key hints taken from the keymap.
fn status_bar(app: &App, frame: &mut Frame, area: Rect) {
    let line = match &app.status {
        Some(msg) => Line::from(Span::styled(msg.clone(), fg(app, Color::Yellow))),
        None => Line::from(hints(app)),
    };
    frame.render_widget(Paragraph::new(line), area);
}

fn hints(app: &App) -> Vec<Span<'static>> {
    let wanted = [
        Action::Open,
        Action::NextPane,
        Action::Jump,
        Action::Help,
        Action::Quit,
    ];
    let mut spans = Vec::new();
    for action in wanted {
        let key = [Mode::Browse, Mode::Global].into_iter().find_map(|m| {
            app.keymap
                .keys_for(m, action)
                .first()
                .map(|k| k.to_string())
        });
        if let Some(key) = key {
            spans.push(Span::styled(
                key,
                fg(app, Color::Cyan).add_modifier(Modifier::BOLD),
            ));
            spans.push(Span::raw(format!(" {}  ", app.lang.action(action))));
        }
    }
    spans
}

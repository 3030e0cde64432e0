//! Drawing: a pure function of `&App` into a ratatui frame. No I/O, no state changes.

mod form;
mod lists;
mod panes;
mod popup;
mod reports;
mod sweep;

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

use super::action::Action;
use super::app::{App, Overlay, Screen};
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
    match &app.screen {
        // Narrow windows (under 72 columns) show the tree and one more pane: the
        // households, or the detail when it has the focus.
        Screen::Browse if main.width < 72 => {
            let tree_w = (main.width / 4).clamp(12, 18);
            let [tree, rest] =
                Layout::horizontal([Constraint::Length(tree_w), Constraint::Min(1)]).areas(main);
            panes::tree(app, frame, tree);
            if app.focus == super::app::Pane::Detail {
                panes::detail(app, frame, rest);
            } else {
                panes::households(app, frame, rest);
            }
        }
        Screen::Browse => {
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
        }
        Screen::Disputes(v) => lists::disputes(app, v, frame, main),
        Screen::Due(v) => lists::due(app, v, frame, main),
        Screen::Captains(v) => lists::captains(app, v, frame, main),
        Screen::Reports(r) => reports::draw(app, r.as_deref(), frame, main),
    }
    if let Some(s) = &app.sweep {
        sweep::draw(app, s, frame, main);
    }
    status_bar(app, frame, status);
    match &app.overlay {
        Overlay::None => {}
        Overlay::Jump { input, selected } => {
            popup::palette(app, input.value(), *selected, frame, main);
            popup::prompt(app, app.lang.strings().jump_prompt, input, frame, status)
        }
        Overlay::Assign { name, input, .. } => {
            let prompt = match app.lang {
                super::i18n::Lang::Zh => format!("交给{name}的门户（5、5-2、5-1-101..5-2-602）："),
                super::i18n::Lang::En => format!("Doors for {name} (5, 5-2, 5-1-101..5-2-602): "),
            };
            popup::prompt(app, &prompt, input, frame, status)
        }
        Overlay::Help { filter, scroll } => popup::help(app, filter, *scroll, frame, main),
        Overlay::Form(f) => form::draw(app, f, frame, main),
        Overlay::Resume { drafts, selected } => popup::resume(app, drafts, *selected, frame, main),
        Overlay::Proposal {
            proposal, names, ..
        } => popup::proposal(app, proposal, names, frame, main),
        Overlay::History { lines, scroll } => popup::history(app, lines, *scroll, frame, main),
        Overlay::Conflict { theirs, mine } => popup::conflict(app, theirs, mine, frame, main),
        Overlay::Search {
            input,
            hits,
            selected,
        } => popup::search(app, input, hits, *selected, frame, main),
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
    let mode = app.screen_mode();
    let wanted: &[Action] = match mode {
        Mode::Browse => &[
            Action::Open,
            Action::Jump,
            Action::Visit,
            Action::Sweep,
            Action::FollowUps,
            Action::Help,
            Action::Quit,
        ],
        Mode::List => &[
            Action::Open,
            Action::Advance,
            Action::Done,
            Action::Assign,
            Action::Rebalance,
            Action::Back,
            Action::Help,
        ],
        _ => &[],
    };
    let mut spans = Vec::new();
    for &action in wanted {
        if mode == Mode::List && !list_offers(app, action) {
            continue;
        }
        let key = [mode, Mode::Global].into_iter().find_map(|m| {
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
            spans.push(Span::raw(format!(" {}  ", app.lang.action_short(action))));
        }
    }
    spans
}

/// Whether the list on screen has a use for an action, so the hints show only what works.
fn list_offers(app: &App, action: Action) -> bool {
    match (&app.screen, action) {
        (Screen::Disputes(_), Action::Advance) => true,
        (Screen::Due(_), Action::Done) => true,
        (Screen::Captains(_), Action::Assign | Action::Rebalance) => true,
        (_, Action::Advance | Action::Done | Action::Assign | Action::Rebalance) => false,
        (Screen::Captains(_), Action::Open) => false,
        _ => true,
    }
}

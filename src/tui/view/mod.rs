//! Drawing: a pure function of `&App` into a ratatui frame. No I/O, no state changes.

mod campaign;
mod captains;
mod conflicts;
mod form;
mod ledgers;
mod lists;
mod panes;
mod party;
mod popup;
mod registrants;
mod reports;
mod sweep;
mod text;

pub use text::fit;

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use super::action::Action;
use super::app::{App, Overlay, Screen};
use super::keymap::Mode;

pub use captains::captain_doors_visible;
pub use popup::help_visible;

/// The smallest window the main screen is drawn in; below it a short message is shown.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 10;

pub fn draw(app: &App, frame: &mut Frame) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let msg = Paragraph::new(text::wrap(app.lang.strings().too_small, area.width));
        frame.render_widget(msg, area);
        return;
    }
    let [main, status] = Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(area);
    let main = campaign::banner(app, frame, main);
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
        Screen::Conflicts(v) => conflicts::draw(app, v, frame, main),
        Screen::Ledgers(v) => ledgers::draw(app, v, frame, main),
        Screen::Wishes(b) => party::wishes(app, b, frame, main),
        Screen::Registrants(b) => registrants::draw(app, b, frame, main),
        Screen::Coverage(c, scroll) => party::coverage(app, c.as_ref(), *scroll, frame, main),
        Screen::Campaign(v) => campaign::draw(app, v, frame, main),
    }
    if let Some(s) = &app.sweep {
        sweep::draw(app, s, frame, main);
    }
    status_bar(app, frame, status);
    campaign::prompt(app, frame, status);
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
        Overlay::Place { edit, input } => {
            popup::prompt(app, &edit.prompt(app.lang), input, frame, status)
        }
        Overlay::Wish { ask, input, .. } => {
            let prompt = format!("{}{}", ask.prompt(app.lang), app.lang.pick("：", ": "));
            popup::prompt(app, &prompt, input, frame, status)
        }
        Overlay::Registrant { ask, input, .. } => {
            let prompt = format!("{}{}", ask.prompt(app.lang), app.lang.pick("：", ": "));
            popup::prompt(app, &prompt, input, frame, status)
        }
        Overlay::MoveTo {
            number,
            grids,
            selected,
            ..
        } => popup::move_to(app, *number, grids, *selected, frame, main),
        Overlay::Help { filter, scroll } => popup::help(app, filter, *scroll, frame, main),
        Overlay::Form(f) => form::draw(app, f, frame, main),
        Overlay::Resume { drafts, selected } => popup::resume(app, drafts, *selected, frame, main),
        Overlay::Places {
            query,
            hits,
            selected,
        } => popup::places(app, query, hits, *selected, frame, main),
        Overlay::Proposal {
            proposal, names, ..
        } => popup::proposal(app, proposal, names, frame, main),
        Overlay::ConfirmAssign { plan, name } => {
            popup::confirm_assign(app, plan, name, frame, main)
        }
        Overlay::History { lines, scroll } => popup::history(app, lines, *scroll, frame, main),
        Overlay::Captain(d) => captains::draw(app, d, frame, main, status),
        Overlay::Conflict { theirs, mine } => popup::conflict(app, theirs, mine, frame, main),
        Overlay::Search {
            input,
            hits,
            selected,
        } => popup::search(app, input, hits, *selected, frame, main),
    }
    text::mend_wide(frame.buffer_mut());
    text::scrub_controls(frame.buffer_mut());
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

fn spans_width(spans: &[Span]) -> usize {
    spans.iter().map(|s| s.width()).sum()
}

/// The status bar: a message or the key hints on the left; on the right, when the store
/// takes part in sync, how the last sync went (an error in the warning colour).
fn status_bar(app: &App, frame: &mut Frame, area: Rect) {
    let width = area.width as usize;
    let left: Vec<Span> = match &app.status {
        Some(msg) => vec![Span::styled(msg.clone(), fg(app, Color::Yellow))],
        None => hints(app),
    };
    // The sync part takes the most detailed form that leaves the left a fair share; a
    // message keeps its room, hints give way.
    let variants = app
        .sync
        .as_ref()
        .map(|s| super::sync_text::bar_variants(s, app.today, app.lang))
        .unwrap_or_default();
    let failed = app.sync.as_ref().is_some_and(|s| s.last_error.is_some());
    let room = if app.status.is_some() {
        width.saturating_sub(left.iter().map(|s| s.width()).sum::<usize>() + 2)
    } else {
        // A failed sync may take all but the help hint: what went wrong matters more.
        if failed {
            width.saturating_sub(10)
        } else {
            (width / 2).max(width.min(24))
        }
    };
    let sync: Vec<Span> = variants
        .iter()
        .map(|pieces| sync_spans(app, pieces))
        .find(|spans| spans_width(spans) <= room)
        .or_else(|| {
            // Nothing fits whole: the shortest form, cut.
            let shortest = variants.last()?;
            let text: Vec<String> = shortest.iter().map(|p| p.text.clone()).collect();
            let warn = shortest.iter().any(|p| p.warn);
            let style = if warn {
                fg(app, Color::Red)
            } else {
                Style::default()
            };
            Some(vec![Span::styled(fit(&text.join(" · "), room), style)])
        })
        .unwrap_or_default();
    let sync_w = spans_width(&sync) as u16;
    let [left_area, right_area] = Layout::horizontal([
        Constraint::Min(0),
        Constraint::Length(if sync_w > 0 { sync_w + 1 } else { 0 }),
    ])
    .areas(area);
    let left_w = left_area.width as usize;
    let left = match &app.status {
        Some(msg) => vec![Span::styled(fit(msg, left_w), fg(app, Color::Yellow))],
        None => {
            // Whole hints only, dropping from the end (help stays while it fits).
            let mut pairs: Vec<[Span; 2]> = left
                .chunks(2)
                .filter_map(|c| match c {
                    [a, b] => Some([a.clone(), b.clone()]),
                    _ => None,
                })
                .collect();
            // Each hint ends in two spaces; the last one's may fall off the edge.
            let total = |p: &[[Span; 2]]| {
                p.iter()
                    .map(|x| spans_width(x))
                    .sum::<usize>()
                    .saturating_sub(2)
            };
            while total(&pairs) > left_w && !pairs.is_empty() {
                let help = app.lang.action_short(Action::Help);
                let drop = pairs
                    .iter()
                    .rposition(|p| !p[1].content.contains(help))
                    .unwrap_or(pairs.len() - 1);
                pairs.remove(drop);
            }
            pairs.into_iter().flatten().collect()
        }
    };
    frame.render_widget(Paragraph::new(Line::from(left)), left_area);
    if sync_w > 0 {
        frame.render_widget(
            Paragraph::new(Line::from(sync)).alignment(ratatui::layout::Alignment::Right),
            right_area,
        );
    }
}

fn sync_spans(app: &App, pieces: &[super::sync_text::Piece]) -> Vec<Span<'static>> {
    let mut out = Vec::new();
    for (i, p) in pieces.iter().enumerate() {
        if i > 0 {
            out.push(Span::raw(" · "));
        }
        let style = if p.warn {
            fg(app, Color::Red).add_modifier(Modifier::BOLD)
        } else {
            fg(app, Color::Green)
        };
        out.push(Span::styled(p.text.clone(), style));
    }
    out
}

fn hints(app: &App) -> Vec<Span<'static>> {
    let mode = app.screen_mode();
    // A form, prompt or dialog takes the keys and shows its own; the screen's would mislead
    // (in a form `v` types a v).
    if app.mode() != mode {
        return Vec::new();
    }
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
            Action::NextDoor,
            Action::WithinBuilding,
            Action::Advance,
            Action::Note,
            Action::Reopen,
            Action::Done,
            Action::Dispatch,
            Action::Claim,
            Action::Review,
            Action::CloseWish,
            Action::Assign,
            Action::Rebalance,
            Action::Undo,
            Action::RetireCaptain,
            Action::CaptainPhone,
            Action::Restore,
            Action::Keep,
            Action::Back,
            Action::Help,
        ],
        _ => &[],
    };
    let mut spans = Vec::new();
    for &action in wanted {
        if !app.offers(action) {
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
            spans.push(Span::raw(format!(" {}  ", app.action_hint(action))));
        }
    }
    spans
}

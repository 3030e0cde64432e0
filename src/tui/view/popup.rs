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

/// A prompt on the status line, with the real cursor at the caret for input methods.
pub fn prompt(app: &App, prompt: &str, input: &Input, frame: &mut Frame, area: Rect) {
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
        Span::styled(prompt.to_string(), fg(app, Color::Cyan)),
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
            for mode in [app.screen_mode(), Mode::Global] {
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
        for mode in [app.screen_mode(), Mode::Global] {
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

fn dialog(app: &App, title: &str, lines: Vec<Line>, frame: &mut Frame, area: Rect) {
    let width = area.width.saturating_sub(4).min(72);
    let height = (lines.len() as u16 + 2).min(area.height);
    let [r] = Layout::horizontal([Constraint::Length(width)])
        .flex(Flex::Center)
        .areas(area);
    let [r] = Layout::vertical([Constraint::Length(height)])
        .flex(Flex::Center)
        .areas(r);
    frame.render_widget(Clear, r);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(ratatui::widgets::Wrap { trim: true })
            .block(super::bordered(app).title(format!(" {title} "))),
        r,
    );
}

/// Drafts a killed process left behind, offered to resume with their text intact.
pub fn resume(
    app: &App,
    drafts: &[crate::model::draft::Draft],
    selected: usize,
    frame: &mut Frame,
    area: Rect,
) {
    use crate::model::draft::DraftKind;
    let l = app.lang;
    let mut lines = vec![Line::from(
        l.pick("上次有没保存完的内容：", "Unsaved work from last time:"),
    )];
    for (i, d) in drafts.iter().enumerate() {
        let kind = match d.kind {
            DraftKind::Visit => l.pick("走访", "visit"),
            DraftKind::Dispute => l.pick("登记纠纷", "new dispute"),
            DraftKind::DisputeStep => l.pick("纠纷推进", "dispute step"),
            DraftKind::FollowUpDone => l.pick("办结待办", "follow-up done"),
        };
        let first_text = d
            .values
            .iter()
            .filter(|(k, _)| !k.starts_with('_'))
            .map(|(_, v)| v.as_str())
            .rfind(|v| v.chars().count() > 3)
            .unwrap_or("");
        let text = format!(
            "{kind} {} · {} · {}",
            d.label,
            crate::model::time::format_local(d.saved_at),
            first_text.lines().next().unwrap_or("")
        );
        let style = if i == selected {
            super::highlight(app, true)
        } else {
            ratatui::style::Style::default()
        };
        lines.push(Line::from(Span::styled(text, style)));
    }
    lines.push(Line::default());
    lines.push(Line::from(Span::styled(
        l.pick(
            "Enter 继续填写   x 丢弃   Esc 以后再说",
            "Enter resume   x discard   Esc later",
        ),
        fg(app, Color::Cyan),
    )));
    dialog(
        app,
        l.pick("恢复草稿", "Resume a draft"),
        lines,
        frame,
        area,
    );
}

/// A rebalancing proposal: each captain's patch before and after, and how many households move.
pub fn proposal(
    app: &App,
    p: &crate::model::rebalance::Proposal,
    names: &[(u64, String)],
    frame: &mut Frame,
    area: Rect,
) {
    let l = app.lang;
    let name = |id: u64| {
        names
            .iter()
            .find(|(i, _)| *i == id)
            .map(|(_, n)| n.clone())
            .unwrap_or_else(|| id.to_string())
    };
    let mut lines = Vec::new();
    for patch in &p.patches {
        let entrances: Vec<String> = patch
            .entrances
            .iter()
            .map(|(b, e)| format!("{b}-{e}"))
            .collect();
        lines.push(Line::from(format!(
            "{}  {} → {}   {}",
            name(patch.captain),
            patch.before,
            patch.after,
            entrances.join(" ")
        )));
    }
    lines.push(Line::default());
    lines.push(Line::from(match l {
        crate::tui::i18n::Lang::Zh => {
            format!("共 {} 户换楼长。Enter 确认调整   Esc 取消", p.moves.len())
        }
        crate::tui::i18n::Lang::En => format!(
            "{} change captain. Enter to apply   Esc to cancel",
            crate::i18n::count(p.moves.len(), "household", "households")
        ),
    }));
    dialog(
        app,
        l.pick("片区调整方案", "Rebalancing proposal"),
        lines,
        frame,
        area,
    );
}

/// A household's change history (the audit trail, and who loaded what a bulk load wrote),
/// newest first.
pub fn history(
    app: &App,
    lines: &[(crate::store::audit::HistoryLine, usize)],
    scroll: usize,
    frame: &mut Frame,
    area: Rect,
) {
    use crate::store::audit::Change;
    let l = app.lang;
    let room = area.height.saturating_sub(4) as usize;
    let mut out: Vec<Line> = lines
        .iter()
        .skip(scroll.min(lines.len().saturating_sub(1)))
        .take(room.max(1))
        .map(|(h, n)| {
            let what = match h.tree.as_str() {
                "households" => l.pick("住户", "household"),
                "residents" => l.pick("居民", "resident"),
                "visits" => l.pick("走访", "visit"),
                "followups" => l.pick("待办", "follow-up"),
                "disputes" => l.pick("纠纷", "dispute"),
                _ => l.pick("记录", "record"),
            };
            let change = match h.change {
                Change::Created => l.pick("新建", "created"),
                Change::Changed => l.pick("修改", "changed"),
                Change::Removed => l.pick("删除", "removed"),
            };
            let times = if *n > 1 {
                format!(" ×{n}")
            } else {
                String::new()
            };
            Line::from(format!(
                "{}  {}  {what}{}{change}{times}",
                crate::model::time::format_local(h.at),
                h.by,
                l.pick("", " ")
            ))
        })
        .collect();
    if out.is_empty() {
        out.push(Line::from(l.pick("没有记录", "nothing recorded")));
    }
    dialog(app, l.pick("修改记录", "Change history"), out, frame, area);
}

/// Search as you type: the query on top with the real cursor at the caret, hits below.
pub fn search(
    app: &App,
    input: &Input,
    hits: &[crate::search::Hit],
    selected: usize,
    frame: &mut Frame,
    area: Rect,
) {
    use crate::search::{HitKind, MatchKind};
    let l = app.lang;
    let width = area.width.saturating_sub(2).min(72);
    let height = area
        .height
        .saturating_sub(2)
        .min(hits.len() as u16 + 4)
        .max(4);
    let [r] = Layout::horizontal([Constraint::Length(width)])
        .flex(Flex::Center)
        .areas(area);
    let r = Rect::new(
        r.x,
        area.y + 1,
        r.width,
        height.min(area.height.saturating_sub(1)),
    );
    frame.render_widget(Clear, r);
    let block = super::bordered(app).title(format!(
        " {} ",
        l.pick(
            "搜索：姓名、拼音、首字母、电话或身份证尾号、地址",
            "Search: name, pinyin, initials, phone or ID tail, address"
        )
    ));
    let inner = block.inner(r);
    frame.render_widget(block, r);
    if inner.height == 0 {
        return;
    }
    let [query_area, list_area] =
        Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(inner);
    frame.render_widget(Paragraph::new(format!("/ {}", input.value())), query_area);
    frame.set_cursor_position(Position::new(
        (query_area.x + 2 + input.visual_cursor() as u16).min(query_area.right().saturating_sub(1)),
        query_area.y,
    ));
    let rows = list_area.height as usize;
    let first = selected.saturating_sub(rows.saturating_sub(1));
    let lines: Vec<Line> = if hits.is_empty() && !input.value().trim().is_empty() {
        vec![Line::from(Span::styled(
            l.pick("没有找到", "nothing matches"),
            fg(app, Color::DarkGray),
        ))]
    } else {
        hits.iter()
            .enumerate()
            .skip(first)
            .take(rows)
            .map(|(i, h)| {
                let why = match h.matched {
                    MatchKind::Name => l.pick("姓名", "name"),
                    MatchKind::Pinyin => l.pick("拼音", "pinyin"),
                    MatchKind::Initials => l.pick("首字母", "initials"),
                    MatchKind::Phone => l.pick("电话", "phone"),
                    MatchKind::IdNumber => l.pick("身份证", "ID"),
                    MatchKind::Address => l.pick("地址", "address"),
                };
                let kind = match h.kind {
                    HitKind::Resident => "",
                    HitKind::Household => l.pick("户 ", "home "),
                };
                let name_w = h.name.width();
                let text = format!(
                    "{kind}{}{}  {:<9} {}  ({why})",
                    h.name,
                    " ".repeat(8usize.saturating_sub(name_w)),
                    h.address,
                    h.community
                );
                let style = if i == selected {
                    super::highlight(app, true)
                } else {
                    ratatui::style::Style::default()
                };
                Line::from(Span::styled(text, style))
            })
            .collect()
    };
    frame.render_widget(Paragraph::new(lines), list_area);
}

/// A stale step: the case as someone else left it, and what this user wrote.
pub fn conflict(
    app: &App,
    theirs: &crate::model::Dispute,
    mine: &crate::store::ops::DisputeStep,
    frame: &mut Frame,
    area: Rect,
) {
    let l = app.lang;
    let lines = vec![
        Line::from(Span::styled(
            l.pick(
                "你填写时，别人已推进了这件纠纷。",
                "Someone moved this case on while you were writing.",
            ),
            fg(app, Color::Yellow),
        )),
        Line::default(),
        Line::from(format!(
            "{} {} · {}",
            l.pick("现在：", "Now:  "),
            theirs.title,
            l.dispute_status(theirs.status)
        )),
        Line::from(format!(
            "{} → {} · {}",
            l.pick("你的：", "Yours:"),
            l.dispute_status(mine.to),
            mine.note.lines().next().unwrap_or("")
        )),
        Line::default(),
        Line::from(Span::styled(
            l.pick(
                "Enter 在现状上继续（保留你写的内容）   Esc 放弃你的",
                "Enter carry on from where it is now (keeping your words)   Esc drop yours",
            ),
            fg(app, Color::Cyan),
        )),
    ];
    dialog(app, l.pick("有冲突", "Conflict"), lines, frame, area);
}

//! Popups over the main screen: the address prompt and the generated help.

use ratatui::layout::{Constraint, Flex, Layout, Position, Rect};
use ratatui::style::{Color, Modifier};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};
use ratatui::Frame;
use tui_input::Input;
use unicode_width::UnicodeWidthStr;

use super::{fg, text};
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
    frame.render_widget(Paragraph::new(text::cut(lines, inner.width)), inner);
}

/// The rows of help's list that show in a screen this high, for this many lines: the
/// popup fits the main area, and the filter line and borders take three.
pub fn help_visible(screen_height: u16, rows: usize) -> usize {
    help_height(screen_height.saturating_sub(1), rows).saturating_sub(3) as usize
}

fn help_height(area_height: u16, rows: usize) -> u16 {
    area_height
        .saturating_sub(2)
        .min(rows.min(u16::MAX as usize - 4) as u16 + 4)
        .max(5)
}

/// Help, generated from the keymap in effect: global keys and those the screen offers,
/// filtered as typed.
pub fn help(app: &App, filter: &Input, scroll: usize, frame: &mut Frame, area: Rect) {
    let s = app.lang.strings();
    let rows: Vec<(String, &'static str)> = app
        .help_rows(filter.value())
        .into_iter()
        .map(|(keys, a)| (keys, app.action_label(a)))
        .collect();
    let width = area.width.saturating_sub(4).min(60);
    let height = help_height(area.height, rows.len());
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
    frame.render_widget(
        Paragraph::new(text::cut(filter_line, filter_area.width)),
        filter_area,
    );
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
        let none = app.lang.pick("没有按键匹配", "no key matches");
        vec![Line::from(super::fit(
            &format!("{none} “{}”", crate::model::shown::quote(filter.value())),
            list_area.width as usize,
        ))]
    } else {
        let last = rows.len().saturating_sub(list_area.height as usize);
        rows.iter()
            .skip(scroll.min(last))
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
    frame.render_widget(Paragraph::new(text::cut(lines, list_area.width)), list_area);
}

/// How wide a dialog is in `area`, borders included.
pub(super) fn dialog_width(area: Rect) -> u16 {
    area.width.saturating_sub(4).min(72)
}

pub(super) fn dialog(app: &App, title: &str, lines: Vec<Line>, frame: &mut Frame, area: Rect) {
    let width = dialog_width(area);
    let lines = text::wrap(lines, width.saturating_sub(2));
    let height = (lines.len() as u16 + 2).min(area.height);
    let [r] = Layout::horizontal([Constraint::Length(width)])
        .flex(Flex::Center)
        .areas(area);
    let [r] = Layout::vertical([Constraint::Length(height)])
        .flex(Flex::Center)
        .areas(r);
    frame.render_widget(Clear, r);
    frame.render_widget(
        Paragraph::new(lines).block(super::bordered(app).title(format!(
            " {} ",
            text::fit(title, width.saturating_sub(4) as usize)
        ))),
        r,
    );
}

/// A dialog whose last line, after a blank one, names its keys.
pub(super) fn dialog_with_keys(
    app: &App,
    title: &str,
    mut lines: Vec<Line>,
    keys: &str,
    frame: &mut Frame,
    area: Rect,
) {
    lines.push(Line::default());
    lines.push(Line::from(Span::styled(
        keys.to_string(),
        fg(app, Color::Cyan),
    )));
    dialog(app, title, lines, frame, area);
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
            DraftKind::Household => l.pick("修改户信息", "household"),
            DraftKind::AddResident => l.pick("添加居民", "new resident"),
            DraftKind::EditResident => l.pick("修改居民", "resident"),
            DraftKind::LeaveResident => l.pick("居民离开", "resident leaving"),
            DraftKind::MoveResident => l.pick("居民迁户", "resident moving"),
            DraftKind::NewHousehold => l.pick("新建一户", "new household"),
        };
        let first_text = d
            .values
            .iter()
            .filter(|(k, _)| !k.starts_with('_'))
            .map(|(_, v)| v.as_str())
            .rfind(|v| v.chars().count() > 3)
            .unwrap_or("");
        let row = format!(
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
        lines.push(text::fit_line(
            Line::from(Span::styled(row, style)),
            dialog_width(area).saturating_sub(2) as usize,
        ));
    }
    let keys = l.pick(
        "Enter 继续填写   x 丢弃   Esc 以后再说",
        "Enter resume   x discard   Esc later",
    );
    dialog_with_keys(
        app,
        l.pick("恢复草稿", "Resume a draft"),
        lines,
        keys,
        frame,
        area,
    );
}

/// The communities an address typed at the `:` line is in, to pick one.
pub fn places(
    app: &App,
    query: &crate::model::address::AddressQuery,
    hits: &[crate::store::query::AddressHit],
    selected: usize,
    frame: &mut Frame,
    area: Rect,
) {
    use crate::tui::nav::NodeKind;
    let l = app.lang;
    let mut lines = vec![Line::from(match l {
        crate::tui::i18n::Lang::Zh => format!("{query} 在这几个社区都有："),
        crate::tui::i18n::Lang::En => format!("{query} is in these communities:"),
    })];
    // As many as fit between the first line and the keys, the selected one always among them.
    let room = (area.height.saturating_sub(5) as usize).max(1);
    let first = (selected + 1).saturating_sub(room);
    for (i, h) in hits.iter().enumerate().skip(first).take(room) {
        let name = app.tree.find(NodeKind::Community(h.community)).map_or_else(
            || h.community.to_string(),
            |n| app.tree.nodes[n].name.clone(),
        );
        let style = if i == selected {
            super::highlight(app, true)
        } else {
            ratatui::style::Style::default()
        };
        lines.push(Line::from(Span::styled(
            format!(" {name} {} ", h.address),
            style,
        )));
    }
    let keys = l.pick(
        "↑↓ 选择   Enter 跳转   Esc 取消",
        "↑↓ pick   Enter jump   Esc cancel",
    );
    dialog_with_keys(
        app,
        l.pick("选择社区", "Which community"),
        lines,
        keys,
        frame,
        area,
    );
}

/// The grids a building may move to, to pick one.
pub fn move_to(
    app: &App,
    number: u32,
    grids: &[(crate::model::Id, String)],
    selected: usize,
    frame: &mut Frame,
    area: Rect,
) {
    let l = app.lang;
    let mut lines = Vec::new();
    // As many as fit between the borders and the keys, the selected one always among them.
    let room = (area.height.saturating_sub(4) as usize).max(1);
    let first = (selected + 1).saturating_sub(room);
    for (i, (_, name)) in grids.iter().enumerate().skip(first).take(room) {
        let style = if i == selected {
            super::highlight(app, true)
        } else {
            ratatui::style::Style::default()
        };
        lines.push(text::fit_line(
            Line::from(Span::styled(format!(" {name} "), style)),
            dialog_width(area).saturating_sub(2) as usize,
        ));
    }
    let keys = l.pick(
        "↑↓ 选择   Enter 移入   Esc 取消",
        "↑↓ pick   Enter move   Esc cancel",
    );
    let title = match l {
        crate::tui::i18n::Lang::Zh => format!("把 {number} 栋移到"),
        crate::tui::i18n::Lang::En => format!("Move building {number} to"),
    };
    dialog_with_keys(app, &title, lines, keys, frame, area);
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
    // Columns lined up by display width: a Chinese name is two cells a character.
    let name_w = p
        .patches
        .iter()
        .map(|x| unicode_width::UnicodeWidthStr::width(name(x.captain).as_str()))
        .max()
        .unwrap_or(0);
    // What happens and the keys come first, so they show however many captains there are;
    // the captains that do not fit are counted on the last line.
    let mut lines = vec![Line::from(match l {
        crate::tui::i18n::Lang::Zh => {
            format!("共 {} 户换楼长。Enter 确认调整   Esc 取消", p.moves.len())
        }
        crate::tui::i18n::Lang::En => format!(
            "{} change captain. Enter to apply   Esc to cancel",
            crate::i18n::count(p.moves.len(), "household", "households")
        ),
    })];
    // Doors without a captain (a retired captain's) are given out first: the households the
    // patches gain beyond what they had.
    let after: usize = p.patches.iter().map(|x| x.after).sum();
    let before: usize = p.patches.iter().map(|x| x.before).sum();
    let uncovered = after.saturating_sub(before);
    if uncovered > 0 {
        lines.push(Line::from(match l {
            crate::tui::i18n::Lang::Zh => format!("其中 {uncovered} 户原来没有楼长，先分配"),
            crate::tui::i18n::Lang::En => format!(
                "{} had no captain and go first",
                crate::i18n::count(uncovered, "household", "households")
            ),
        }));
    }
    lines.push(Line::default());
    let room = (area.height as usize).saturating_sub(2 + lines.len());
    let shown = if p.patches.len() > room {
        room.saturating_sub(1)
    } else {
        p.patches.len()
    };
    for patch in &p.patches[..shown] {
        let entrances: Vec<String> = patch
            .entrances
            .iter()
            .map(|(b, e)| format!("{b}-{e}"))
            .collect();
        lines.push(text::fit_line(
            Line::from(format!(
                "{}  {:>3} → {:>3}   {}",
                crate::cli::followups::pad(&name(patch.captain), name_w),
                patch.before,
                patch.after,
                entrances.join(" ")
            )),
            dialog_width(area).saturating_sub(2) as usize,
        ));
    }
    let more = p.patches.len() - shown;
    if more > 0 {
        lines.push(Line::from(match l {
            crate::tui::i18n::Lang::Zh => format!("… 另有 {more} 位楼长"),
            crate::tui::i18n::Lang::En if more == 1 => "… and 1 more captain".to_string(),
            crate::tui::i18n::Lang::En => format!("… and {more} more captains"),
        }));
    }
    dialog(
        app,
        l.pick("片区调整方案", "Rebalancing proposal"),
        lines,
        frame,
        area,
    );
}

/// Doors from another grid, or a captain over 60: how many, from where, yes or no.
pub fn confirm_assign(
    app: &App,
    plan: &crate::store::captains::AssignPlan,
    name: &str,
    frame: &mut Frame,
    area: Rect,
) {
    use crate::store::captains::PATCH_TARGET;
    use crate::tui::i18n::Lang;
    let n = plan.moves.len();
    let mut lines = vec![Line::from(match app.lang {
        Lang::Zh => format!("把 {n} 户交给{name}？"),
        Lang::En => format!("Give {n} households to {name}?"),
    })];
    for (grid, k) in &plan.other_grids {
        lines.push(Line::from(match app.lang {
            Lang::Zh => format!("其中 {k} 户在另一个网格：{grid}"),
            Lang::En => format!("{k} of them are in another grid: {grid}"),
        }));
    }
    if plan.after > PATCH_TARGET {
        lines.push(Line::from(match app.lang {
            Lang::Zh => format!(
                "{name}将负责 {} 户（现在 {} 户），超过每人 {PATCH_TARGET} 户",
                plan.after, plan.before
            ),
            Lang::En => format!(
                "{name} would have {} households (now {}), over {PATCH_TARGET}",
                plan.after, plan.before
            ),
        }));
    }
    lines.push(Line::default());
    let undo = app
        .keymap
        .keys_for(
            crate::tui::keymap::Mode::List,
            crate::tui::action::Action::Undo,
        )
        .first()
        .map(|k| k.to_string());
    lines.push(Line::from(match (app.lang, undo) {
        (Lang::Zh, Some(k)) => format!("y 确认调整   n 取消（调整后也可按 {k} 撤销）"),
        (Lang::En, Some(k)) => format!("y to go ahead   n to cancel ({k} undoes it afterwards)"),
        (Lang::Zh, None) => "y 确认调整   n 取消".to_string(),
        (Lang::En, None) => "y to go ahead   n to cancel".to_string(),
    }));
    dialog(
        app,
        app.lang.pick("分配门户", "Assign doors"),
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
    let mut out: Vec<Line> = Vec::new();
    // Rows the lines take once wrapped to the dialog, so that it never outgrows the screen.
    let width = dialog_width(area).saturating_sub(2);
    let mut used = 0;
    let mut fits = |line: &Line| {
        used += text::wrapped_height(line.clone(), width) as usize;
        used <= room.max(1)
    };
    for (h, n) in lines.iter().skip(scroll.min(lines.len().saturating_sub(1))) {
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
        let line = Line::from(format!(
            "{}  {}  {what}{}{change}{times}",
            crate::model::time::format_local(h.at),
            h.by,
            l.pick("", " ")
        ));
        if !fits(&line) {
            break;
        }
        out.push(line);
        // What changed, before → after, under the line it belongs to.
        if !h.detail.is_empty() {
            let detail = Line::from(Span::styled(
                format!("  {}", crate::i18n::localize(&h.detail, l)),
                fg(app, Color::DarkGray),
            ));
            if !fits(&detail) {
                break;
            }
            out.push(detail);
        }
    }
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
        text::fit(
            l.pick(
                "搜索：姓名、拼音、首字母、电话或身份证尾号、地址",
                "Search: name, pinyin, initials, phone or ID tail, address"
            ),
            r.width.saturating_sub(4) as usize
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
                    HitKind::Registrant => l.pick("报到 ", "reg. "),
                };
                let name_w = h.name.width();
                let row = format!(
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
                Line::from(Span::styled(row, style))
            })
            .collect()
    };
    frame.render_widget(Paragraph::new(text::cut(lines, list_area.width)), list_area);
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

//! The work lists: disputes (past their deadline stand out), follow-ups due, captains' patches.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Row, Table, TableState};
use ratatui::Frame;

use super::{bordered, fg, highlight, text};
use crate::model::time::{date_of, local_day};
use crate::store::captains::PATCH_TARGET;
use crate::store::due::DueKind;
use crate::tui::app::{App, CaptainView, DisputeFilter, DisputeList, DueShow, DueView};
use crate::tui::i18n::Lang;

/// A list screen's table: the headers in bold, the rows in `widths`, the cursor's row
/// highlighted.
#[allow(clippy::too_many_arguments)]
fn list_table(
    app: &App,
    frame: &mut Frame,
    area: Rect,
    block: ratatui::widgets::Block,
    headers: &[&str],
    rows: Vec<Row>,
    widths: &[u16],
    cursor: usize,
) {
    let header = text::row(headers.iter().map(|h| Line::from(*h)).collect(), widths)
        .style(Style::default().add_modifier(Modifier::BOLD));
    let table = Table::new(rows, widths.iter().map(|w| Constraint::Length(*w)))
        .header(header)
        .block(block)
        .row_highlight_style(highlight(app, true));
    let mut state = TableState::default().with_selected(Some(cursor));
    frame.render_stateful_widget(table, area, &mut state);
}

fn title(text: String) -> Span<'static> {
    Span::styled(
        format!(" {text} "),
        Style::default().add_modifier(Modifier::BOLD),
    )
}

pub fn disputes(app: &App, v: &DisputeList, frame: &mut Frame, area: Rect) {
    let l = app.lang;
    let filter = match v.filter {
        DisputeFilter::Open => l.pick("未结", "open").to_string(),
        DisputeFilter::Overdue => l.pick("已超时限", "past deadline").to_string(),
        DisputeFilter::Status(s) => l.dispute_status(s).to_string(),
        DisputeFilter::All => l.pick("全部", "all").to_string(),
    };
    let shown = v.shown(app.today);
    let t = format!(
        "{} · {filter} ({}) · ←→ {}",
        l.pick("矛盾纠纷", "Disputes"),
        shown.len(),
        l.pick("筛选", "filter")
    );
    let block = bordered(app).title(title(t));
    let Some(_) = &v.all else {
        frame.render_widget(
            Paragraph::new(app.lang.strings().loading).block(block),
            area,
        );
        return;
    };
    let [list_area, notes_area] =
        Layout::vertical([Constraint::Min(5), Constraint::Length(7)]).areas(area);
    // As wide as the longest step shown ("mediating" in English, two characters in Chinese).
    let status_w = shown
        .iter()
        .map(|d| l.dispute_status(d.status))
        .chain([l.pick("状态", "Status")])
        .map(unicode_width::UnicodeWidthStr::width)
        .max()
        .unwrap_or(4) as u16;
    let widths = text::columns(
        block.inner(list_area),
        &[
            Constraint::Length(status_w),
            Constraint::Fill(3),
            Constraint::Fill(2),
            Constraint::Fill(1),
            // 2025/12/29 or 29 Dec 2025: a deadline in another year says which.
            Constraint::Length(11),
            Constraint::Length(9),
        ],
    );
    let rows: Vec<Row> = shown
        .iter()
        .map(|d| {
            let late = d.status.is_open() && d.deadline < app.today;
            let deadline_style = if late {
                fg(app, Color::Red).add_modifier(Modifier::BOLD)
            } else {
                Style::default()
            };
            text::row(
                vec![
                    Line::from(l.dispute_status(d.status)),
                    Line::from(d.title.clone()),
                    Line::from(d.place.clone()),
                    Line::from(l.category(d.category)),
                    Line::from(Span::styled(
                        l.short_date(date_of(d.deadline), app.today),
                        deadline_style,
                    )),
                    Line::from(d.mediator.clone()),
                ],
                &widths,
            )
        })
        .collect();
    let headers = [
        l.pick("状态", "Status"),
        l.pick("事由", "Title"),
        l.pick("地点", "Place"),
        l.pick("类别", "Category"),
        l.pick("时限", "Deadline"),
        l.pick("调解人", "Mediator"),
    ];
    list_table(
        app, frame, list_area, block, &headers, rows, &widths, v.cursor,
    );
    let selected = shown.get(v.cursor).map(|d| d.id);
    let entries: Vec<String> = match &v.notes {
        Some((id, notes)) if Some(*id) == selected => {
            crate::tui::forms::dispute::timeline(l, notes)
        }
        _ => Vec::new(),
    };
    let mut block = bordered(app).title(title(l.pick("调解过程", "Timeline").into()));
    if v.timeline.is_some() {
        block = block.border_style(fg(app, Color::Cyan));
    }
    let inner = block.inner(notes_area);
    frame.render_widget(block, notes_area);
    frame.render_widget(
        Paragraph::new(timeline_rows(app, &entries, v.timeline, inner)),
        inner,
    );
}

/// The rows of a timeline that fit, each entry wrapped at whole characters: the latest
/// entries, or with the timeline focused the rows around its selected entry (shown whole
/// where it fits, highlighted), so every entry can be reached from the first to the last.
fn timeline_rows(
    app: &App,
    entries: &[String],
    selected: Option<usize>,
    area: Rect,
) -> Vec<Line<'static>> {
    let rows_of: Vec<Vec<Line<'static>>> = entries
        .iter()
        .map(|e| text::wrap(e.as_str(), area.width))
        .collect();
    let height = area.height as usize;
    let last = entries.len().saturating_sub(1);
    let bottom = selected.unwrap_or(last).min(last);
    // The earliest entry from which the entries up to `bottom` still fit.
    let mut start = bottom;
    let mut used = rows_of.get(bottom).map_or(0, Vec::len);
    while start > 0 && used + rows_of[start - 1].len() <= height {
        start -= 1;
        used += rows_of[start].len();
    }
    rows_of
        .iter()
        .enumerate()
        .skip(start)
        .flat_map(|(i, rows)| {
            let style = if Some(i) == selected {
                highlight(app, true)
            } else {
                Style::default()
            };
            rows.iter()
                .map(move |r| r.clone().style(style))
                .collect::<Vec<_>>()
        })
        .take(height)
        .collect()
}

pub fn due(app: &App, v: &DueView, frame: &mut Frame, area: Rect) {
    let l = app.lang;
    let Some(list) = &v.list else {
        let block = bordered(app).title(title(l.pick("待办与到期", "Due and overdue").into()));
        frame.render_widget(
            Paragraph::new(app.lang.strings().loading).block(block),
            area,
        );
        return;
    };
    let kind = match v.filter.show {
        DueShow::All => l.pick("全部", "all"),
        DueShow::Written => l.pick("书面待办", "written follow-ups"),
        DueShow::ByRule => l.pick("按规则走访", "visits by rule"),
    };
    let n = v.filter.count(list);
    let t = match (l, v.filter.overdue_only) {
        (Lang::Zh, false) => format!(
            "待办与到期 · {kind} {} 项，逾期 {} 项 · ←→ 筛选",
            n.due, n.overdue
        ),
        (Lang::Zh, true) => format!("待办与到期 · {kind}·仅逾期 {} 项 · ←→ 筛选", n.overdue),
        (Lang::En, false) => format!(
            "Due and overdue · {kind}: {}, {} overdue · ←→ filter",
            n.due, n.overdue
        ),
        (Lang::En, true) => format!(
            "Due and overdue · {kind}, overdue only: {} · ←→ filter",
            n.overdue
        ),
    };
    let block = bordered(app).title(title(t));
    let widths = text::columns(
        block.inner(area),
        &[
            Constraint::Length(9),
            Constraint::Length(8),
            Constraint::Fill(1),
            // 2025/12/29 or 29 Dec 2025: a day in another year says which.
            Constraint::Length(11),
            Constraint::Length(6),
        ],
    );
    let rows: Vec<Row> = v
        .shown(app.today)
        .into_iter()
        .map(|i| {
            let overdue = (app.today - i.due).max(0);
            let what = match &i.kind {
                DueKind::FollowUp(f) => f.title_in(app.lang).to_string(),
                DueKind::Visit { last, interval } => match last {
                    Some(at) => format!(
                        "{} ({}{}, {} {})",
                        l.pick("到期走访", "visit due"),
                        interval,
                        l.pick("天一次", " days"),
                        l.pick("上次见到", "last met"),
                        l.short_date(date_of(local_day(*at)), app.today)
                    ),
                    None => l.pick("从未见到人", "never met").to_string(),
                },
            };
            let late = if overdue > 0 {
                Span::styled(
                    format!("{overdue}{}", l.pick("天", "d")),
                    fg(app, Color::Red),
                )
            } else {
                Span::raw("")
            };
            text::row(
                vec![
                    Line::from(i.address.to_string()),
                    Line::from(i.head.clone()),
                    Line::from(what),
                    Line::from(l.short_date(date_of(i.due), app.today)),
                    Line::from(late),
                ],
                &widths,
            )
        })
        .collect();
    let headers = [
        l.pick("地址", "Address"),
        l.pick("户主", "Head"),
        l.pick("事项", "What"),
        l.pick("到期", "Due"),
        l.pick("逾期", "Late"),
    ];
    list_table(app, frame, area, block, &headers, rows, &widths, v.cursor);
}

pub fn captains(app: &App, v: &CaptainView, frame: &mut Frame, area: Rect) {
    let l = app.lang;
    let block = bordered(app).title(title(format!(
        "{} · {} {PATCH_TARGET} {}",
        l.pick("楼长", "Building captains"),
        l.pick("每人目标", "target"),
        l.pick("户", "households")
    )));
    let Some(rows) = &v.rows else {
        frame.render_widget(
            Paragraph::new(app.lang.strings().loading).block(block),
            area,
        );
        return;
    };
    let widths = text::columns(
        block.inner(area),
        &[
            Constraint::Length(8),
            Constraint::Length(12),
            Constraint::Length(6),
            Constraint::Length(10),
            Constraint::Min(8),
        ],
    );
    let table_rows: Vec<Row> = rows
        .iter()
        .map(|r| {
            let n = r.households;
            let color = if n > PATCH_TARGET * 5 / 4 {
                Some(Color::Red)
            } else if n < PATCH_TARGET * 3 / 4 {
                Some(Color::Yellow)
            } else {
                None
            };
            let count = match color {
                Some(c) => Span::styled(n.to_string(), fg(app, c).add_modifier(Modifier::BOLD)),
                None => Span::raw(n.to_string()),
            };
            let unvisited = if r.unvisited_30 > 0 {
                Span::styled(r.unvisited_30.to_string(), fg(app, Color::Red))
            } else {
                Span::raw("0")
            };
            text::row(
                vec![
                    Line::from(r.captain.name.clone()),
                    Line::from(crate::model::phone::mask(&r.captain.phone)),
                    Line::from(count),
                    Line::from(r.visits_this_month.to_string()),
                    Line::from(unvisited),
                ],
                &widths,
            )
        })
        .collect();
    let headers = [
        l.pick("楼长", "Captain"),
        l.pick("电话", "Phone"),
        l.pick("户数", "Homes"),
        l.pick("本月走访", "Visits/mo"),
        l.pick("30天未访", "Unvisited 30d"),
    ];
    list_table(
        app, frame, area, block, &headers, table_rows, &widths, v.cursor,
    );
}

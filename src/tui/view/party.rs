//! The 微心愿 board (its filters above the wishes) and the party coverage view.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Row, Table, TableState};
use ratatui::Frame;

use super::{bordered, fg, highlight, text};
use crate::model::time::date_of;
use crate::tui::app::{coverage_lines, App, WishBoard, WishFilter};
use crate::tui::nav::NodeKind;

fn title(t: String, width: u16) -> Span<'static> {
    Span::styled(
        format!(" {} ", text::fit(&t, width.saturating_sub(4) as usize)),
        Style::default().add_modifier(Modifier::BOLD),
    )
}

fn grid_name(app: &App, grid: crate::model::Id) -> String {
    app.tree
        .find(NodeKind::Grid(grid))
        .map_or_else(|| grid.to_string(), |n| app.tree.nodes[n].name.clone())
}

pub fn wishes(app: &App, b: &WishBoard, frame: &mut Frame, area: Rect) {
    let l = app.lang;
    let shown = b.shown(app.today);
    let t = match l {
        crate::tui::i18n::Lang::Zh => format!("微心愿 {} 条 · tab 选筛选 ←→ 更改", shown.len()),
        crate::tui::i18n::Lang::En => {
            format!(
                "Small wishes: {} · tab picks a filter, ←→ change it",
                shown.len()
            )
        }
    };
    let block = bordered(app).title(title(t, area.width));
    if b.lines.is_none() {
        frame.render_widget(Paragraph::new(l.strings().loading).block(block), area);
        return;
    }
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let all = l.pick("全部", "all");
    let filters = [
        (
            WishFilter::State,
            l.pick("状态", "state"),
            b.state
                .map_or(all.to_string(), |s| l.pick(s.zh(), s.en()).to_string()),
        ),
        (
            WishFilter::Grid,
            l.pick("网格", "grid"),
            b.grid.map_or(all.to_string(), |g| grid_name(app, g)),
        ),
        (
            WishFilter::Category,
            l.pick("类别", "category"),
            b.category
                .map_or(all.to_string(), |c| l.pick(c.zh(), c.en()).to_string()),
        ),
        (
            WishFilter::Overdue,
            l.pick("逾期", "overdue"),
            l.pick(
                if b.overdue { "仅逾期" } else { "不限" },
                if b.overdue { "only" } else { "any" },
            )
            .to_string(),
        ),
    ];
    let mut spans = Vec::new();
    for (f, name, value) in filters {
        let style = if f == b.focus {
            highlight(app, true)
        } else {
            Style::default()
        };
        spans.push(Span::styled(format!("{name}:{value}"), style));
        spans.push(Span::raw("  "));
    }
    let bar = text::wrap(Line::from(spans), inner.width);
    let [bar_area, list_area] =
        Layout::vertical([Constraint::Length(bar.len() as u16), Constraint::Min(1)]).areas(inner);
    frame.render_widget(Paragraph::new(bar), bar_area);
    let state_w = shown
        .iter()
        .map(|w| l.pick(w.wish.state.zh(), w.wish.state.en()))
        .chain([l.pick("状态", "State")])
        .map(unicode_width::UnicodeWidthStr::width)
        .max()
        .unwrap_or(6) as u16;
    let width_of = |texts: Vec<String>| {
        texts
            .iter()
            .map(|t| unicode_width::UnicodeWidthStr::width(t.as_str()))
            .max()
            .unwrap_or(4) as u16
    };
    let address_w = width_of(
        shown
            .iter()
            .map(|w| w.address.to_string())
            .chain([l.pick("地址", "Address").to_string()])
            .collect(),
    );
    let category_w = width_of(
        shown
            .iter()
            .map(|w| {
                l.pick(w.wish.category.zh(), w.wish.category.en())
                    .to_string()
            })
            .chain([l.pick("类别", "Category").to_string()])
            .collect(),
    );
    let widths = text::columns(
        list_area,
        &[
            Constraint::Length(state_w),
            Constraint::Fill(3),
            Constraint::Length(address_w),
            Constraint::Length(category_w),
            Constraint::Fill(2),
            // 2025/12/29 or 29 Dec 2025: a day in another year says which.
            Constraint::Length(11),
        ],
    );
    let rows: Vec<Row> = shown
        .iter()
        .map(|w| {
            let due = match w.wish.due {
                Some(d) if w.wish.is_overdue(app.today) => Span::styled(
                    l.short_date(date_of(d), app.today),
                    fg(app, Color::Red).add_modifier(Modifier::BOLD),
                ),
                Some(d) => Span::raw(l.short_date(date_of(d), app.today)),
                None => Span::raw(""),
            };
            text::row(
                vec![
                    Line::from(l.pick(w.wish.state.zh(), w.wish.state.en())),
                    Line::from(w.wish.text.clone()),
                    Line::from(w.address.to_string()),
                    Line::from(l.pick(w.wish.category.zh(), w.wish.category.en())),
                    Line::from(w.wish.taker.clone().unwrap_or_default()),
                    Line::from(due),
                ],
                &widths,
            )
        })
        .collect();
    let headers = [
        l.pick("状态", "State"),
        l.pick("心愿", "Wish"),
        l.pick("地址", "Address"),
        l.pick("类别", "Category"),
        l.pick("认领/派单", "Taken by"),
        l.pick("期限", "Due"),
    ];
    let header = text::row(headers.iter().map(|h| Line::from(*h)).collect(), &widths)
        .style(Style::default().add_modifier(Modifier::BOLD));
    let table = Table::new(rows, widths.iter().map(|w| Constraint::Length(*w)))
        .header(header)
        .row_highlight_style(highlight(app, true));
    let mut state = TableState::default().with_selected(Some(b.cursor));
    frame.render_stateful_widget(table, list_area, &mut state);
}

pub fn coverage(
    app: &App,
    c: Option<&crate::store::party::PartyCoverage>,
    scroll: usize,
    frame: &mut Frame,
    area: Rect,
) {
    let l = app.lang;
    let block = bordered(app).title(title(
        l.pick("党小组与中心户覆盖", "Party groups and 中心户 coverage")
            .into(),
        area.width,
    ));
    let Some(c) = c else {
        frame.render_widget(Paragraph::new(l.strings().loading).block(block), area);
        return;
    };
    let inner = block.inner(area);
    let lines: Vec<Line> = coverage_lines(l, c)
        .into_iter()
        .skip(scroll)
        .flat_map(|s| text::wrap(s, inner.width))
        .collect();
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

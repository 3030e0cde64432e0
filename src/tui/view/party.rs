//! The 微心愿 board (its filters above the wishes) and the party coverage view.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Row, Table, TableState};
use ratatui::Frame;

use super::{bordered, fg, highlight, text};
use crate::api::wishes::WishLine;
use crate::model::place::CommunityNames;
use crate::model::time::date_of;
use crate::tui::app::{coverage_lines, App, WishBoard, WishFilter};
use crate::tui::nav::NodeKind;

fn title(t: String, width: u16) -> Span<'static> {
    Span::styled(
        format!(" {} ", text::fit(&t, width.saturating_sub(4) as usize)),
        Style::default().add_modifier(Modifier::BOLD),
    )
}

/// The grid's name, after its community's on a street (each has a 一网格).
fn grid_name(app: &App, names: &CommunityNames, grid: crate::model::Id) -> String {
    let Some(n) = app.tree.find(NodeKind::Grid(grid)) else {
        return grid.to_string();
    };
    let name = &app.tree.nodes[n].name;
    match app.tree.community_of(n) {
        Some(c) => names.place(c, name),
        None => name.clone(),
    }
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
    // On a street, a grid or an address after its community's name.
    let names = CommunityNames::new(app.tree.communities());
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
            b.grid
                .map_or(all.to_string(), |g| grid_name(app, &names, g)),
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
    let place = |w: &WishLine| names.place(w.community, w.address);
    let address_w = width_of(
        shown
            .iter()
            .map(|w| place(w))
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
    // 2025/12/29 or 29 Dec 2025: a day in another year says which.
    let due_text = |w: &WishLine| {
        w.wish
            .due
            .map_or_else(String::new, |d| l.short_date(date_of(d), app.today))
    };
    let due_w = width_of(
        shown
            .iter()
            .map(|w| due_text(w))
            .chain([l.pick("期限", "Due").to_string()])
            .collect(),
    );
    // The category gives way when the wish and its taker would get less than 16 cells
    // between them (an address with its community, at 60 columns): the filter names it.
    let fixed = state_w + address_w + category_w + due_w + 5;
    let with_category = list_area.width >= fixed + 16;
    let widths = text::columns(
        list_area,
        &[
            Constraint::Length(state_w),
            Constraint::Fill(3),
            Constraint::Length(address_w),
            Constraint::Length(if with_category { category_w } else { 0 }),
            Constraint::Fill(2),
            Constraint::Length(due_w),
        ],
    );
    let rows: Vec<Row> = shown
        .iter()
        .map(|w| {
            let due = if w.wish.is_overdue(app.today) {
                Span::styled(
                    due_text(w),
                    fg(app, Color::Red).add_modifier(Modifier::BOLD),
                )
            } else {
                Span::raw(due_text(w))
            };
            text::row(
                vec![
                    Line::from(l.pick(w.wish.state.zh(), w.wish.state.en())),
                    Line::from(w.wish.text.clone()),
                    Line::from(place(w)),
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

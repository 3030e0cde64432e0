//! The 双报到 screen: the posts (claimed/capacity and state) above the registrants (state,
//! employer or kind, posts held, hours this quarter), each in a box of its own.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Row, Table, TableState};
use ratatui::Frame;

use super::{bordered, highlight, text};
use crate::model::place::CommunityNames;
use crate::model::registrant::hours_text;
use crate::tui::app::{App, RegPane, RegistrantBoard};

fn title(t: String, width: u16) -> Span<'static> {
    Span::styled(
        format!(" {} ", text::fit(&t, width.saturating_sub(4) as usize)),
        Style::default().add_modifier(Modifier::BOLD),
    )
}

fn width_of<'a>(texts: impl Iterator<Item = &'a str>) -> u16 {
    texts
        .map(unicode_width::UnicodeWidthStr::width)
        .max()
        .unwrap_or(4) as u16
}

fn table<'a>(
    app: &App,
    headers: &[&'a str],
    rows: Vec<Vec<String>>,
    widths: &[u16],
    selected: usize,
    focused: bool,
) -> (Table<'a>, TableState) {
    let header = text::row(headers.iter().map(|h| Line::from(*h)).collect(), widths)
        .style(Style::default().add_modifier(Modifier::BOLD));
    let rows: Vec<Row> = rows
        .into_iter()
        .map(|r| text::row(r.into_iter().map(Line::from).collect(), widths))
        .collect();
    let t = Table::new(rows, widths.iter().map(|w| Constraint::Length(*w)))
        .header(header)
        .row_highlight_style(highlight(app, focused));
    (t, TableState::default().with_selected(Some(selected)))
}

pub fn draw(app: &App, b: &RegistrantBoard, frame: &mut Frame, area: Rect) {
    let l = app.lang;
    let [top, bottom] =
        Layout::vertical([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(area);
    let posts = b.shown_posts();
    let grid = b
        .grid
        .and_then(|g| b.grids().into_iter().find(|(id, _)| *id == g))
        .map_or_else(|| l.pick("全部", "all").to_string(), |(_, n)| n);
    let t = match l {
        crate::tui::i18n::Lang::Zh => {
            format!("岗位 {} 个 · 网格:{grid} · ←→ 筛选 tab 切换", posts.len())
        }
        crate::tui::i18n::Lang::En => format!(
            "Posts: {} · grid: {grid} · ←→ filter, tab switches",
            posts.len()
        ),
    };
    let block = bordered(app).title(title(t, top.width));
    match &b.posts {
        None => frame.render_widget(Paragraph::new(l.strings().loading).block(block), top),
        Some(_) => {
            let inner = block.inner(top);
            frame.render_widget(block, top);
            let cells: Vec<Vec<String>> = posts
                .iter()
                .map(|p| {
                    vec![
                        format!(
                            "{}/{} {}",
                            p.claimed,
                            p.post.capacity,
                            l.pick(p.state.zh(), p.state.en())
                        ),
                        p.post.title.clone(),
                        p.grid.clone(),
                        p.holders.join("、"),
                    ]
                })
                .collect();
            let headers = [
                l.pick("认领/名额", "Held/cap"),
                l.pick("岗位", "Post"),
                l.pick("网格", "Grid"),
                l.pick("认领人", "Held by"),
            ];
            let state_w = width_of(cells.iter().map(|c| c[0].as_str()).chain([headers[0]]));
            // The grid whole (on a street, after its community's name), the rest shared.
            let grid_w = width_of(cells.iter().map(|c| c[2].as_str()).chain([headers[2]]));
            let widths = text::columns(
                inner,
                &[
                    Constraint::Length(state_w),
                    Constraint::Fill(3),
                    Constraint::Length(grid_w.min(inner.width / 3)),
                    Constraint::Fill(3),
                ],
            );
            let (t, mut state) = table(
                app,
                &headers,
                cells,
                &widths,
                b.post_cursor,
                b.pane == RegPane::Posts,
            );
            frame.render_stateful_widget(t, inner, &mut state);
        }
    }
    let people = b.people.as_deref().unwrap_or_default();
    let t = match l {
        crate::tui::i18n::Lang::Zh => format!("报到党员与共建单位 {} 个", people.len()),
        crate::tui::i18n::Lang::En => format!("Members and units: {}", people.len()),
    };
    let block = bordered(app).title(title(t, bottom.width));
    if b.people.is_none() {
        frame.render_widget(Paragraph::new(l.strings().loading).block(block), bottom);
        return;
    }
    let inner = block.inner(bottom);
    frame.render_widget(block, bottom);
    // On a street, each after its community's name (many communities have a 东区供电所).
    let names = CommunityNames::new(app.tree.communities());
    let cells: Vec<Vec<String>> = people
        .iter()
        .map(|r| {
            let g = &r.registrant;
            vec![
                names.place(g.community, &g.name),
                l.pick(g.state.zh(), g.state.en()).to_string(),
                if g.is_member() {
                    g.employer().to_string()
                } else {
                    l.pick(g.kind_zh(), g.kind_en()).to_string()
                },
                r.posts.join("、"),
                match l {
                    crate::tui::i18n::Lang::Zh => format!("{}小时", hours_text(r.minutes)),
                    crate::tui::i18n::Lang::En => format!("{} h", hours_text(r.minutes)),
                },
            ]
        })
        .collect();
    let headers = [
        l.pick("名称", "Name"),
        l.pick("状态", "State"),
        l.pick("单位/类别", "Employer/kind"),
        l.pick("认领岗位", "Posts"),
        l.pick("本季度", "This qtr"),
    ];
    let col = |i: usize| width_of(cells.iter().map(|c| c[i].as_str()).chain([headers[i]]));
    let widths = text::columns(
        inner,
        &[
            Constraint::Fill(if names.several() { 4 } else { 3 }),
            Constraint::Length(col(1)),
            Constraint::Fill(2),
            Constraint::Fill(3),
            Constraint::Length(col(4)),
        ],
    );
    let (t, mut state) = table(
        app,
        &headers,
        cells,
        &widths,
        b.reg_cursor,
        b.pane == RegPane::Registrants,
    );
    frame.render_stateful_widget(t, inner, &mut state);
}

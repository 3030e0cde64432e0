//! The three panes of the browse screen: the place tree, the household list, the detail.

use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, List, ListItem, ListState, Paragraph, Row, Table, TableState};
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

use super::{fg, highlight};
use crate::model::time::{date_of, local, local_day};
use crate::model::{idnumber, phone};
use crate::tui::app::{App, Pane};
use crate::tui::i18n::Lang;
use crate::tui::nav::NodeKind;

/// A pane's frame, its title cut with `…` to the pane's `width` (ratatui would cut it bare).
fn block(app: &App, title: &str, pane: Pane, width: u16) -> Block<'static> {
    let focused = app.focus == pane;
    let style = if focused {
        fg(app, Color::Cyan).add_modifier(Modifier::BOLD)
    } else {
        Style::default()
    };
    super::bordered(app).border_style(style).title(Span::styled(
        format!(
            " {} ",
            super::text::fit(title, width.saturating_sub(4) as usize)
        ),
        style,
    ))
}

pub fn tree(app: &App, frame: &mut Frame, area: Rect) {
    let s = app.lang.strings();
    let block = block(app, s.pane_tree, Pane::Tree, area.width);
    let inner_w = area.width.saturating_sub(2);
    if !app.loaded {
        frame.render_widget(
            Paragraph::new(super::text::cut(s.loading, inner_w)).block(block),
            area,
        );
        return;
    }
    if app.tree.is_empty() {
        frame.render_widget(
            Paragraph::new(super::text::wrap(s.empty_store, inner_w)).block(block),
            area,
        );
        return;
    }
    let items: Vec<ListItem> = app
        .tree
        .visible
        .iter()
        .map(|&i| {
            let node = &app.tree.nodes[i];
            let marker = if node.children.is_empty() {
                "  "
            } else if app.tree.is_expanded(i) {
                if app.ascii_borders {
                    "v "
                } else {
                    "▾ "
                }
            } else if app.ascii_borders {
                "> "
            } else {
                "▸ "
            };
            let indent = "  ".repeat(node.depth as usize);
            let label = match node.kind {
                // Buildings stay tell-apart in a narrow tree: the number without the word.
                NodeKind::Building(_) => {
                    let label = building_label(app.lang, node.number);
                    if indent.len() + 2 + label.width() > inner_w as usize {
                        node.number.to_string()
                    } else {
                        label
                    }
                }
                _ => node.name.clone(),
            };
            let style = match node.kind {
                NodeKind::Community(_) => Style::default().add_modifier(Modifier::BOLD),
                _ => Style::default(),
            };
            ListItem::new(super::text::fit_line(
                Line::from(Span::styled(format!("{indent}{marker}{label}"), style)),
                inner_w as usize,
            ))
        })
        .collect();
    let list = List::new(items)
        .block(block)
        .highlight_style(highlight(app, app.focus == Pane::Tree));
    let mut state = ListState::default().with_selected(Some(app.tree.cursor));
    frame.render_stateful_widget(list, area, &mut state);
}

pub fn building_label(lang: Lang, number: u32) -> String {
    match lang {
        Lang::Zh => format!("{number}栋"),
        Lang::En => format!("Bldg {number}"),
    }
}

/// Days since a visit, and the colour that says whether it is fresh (<30), due (30–60) or late.
fn last_visit(app: &App, at: Option<i64>) -> (String, Color) {
    let s = app.lang.strings();
    match at {
        None => (s.never.to_string(), Color::Red),
        Some(at) => {
            let days = (app.today - local_day(at)).max(0);
            let color = match days {
                0..30 => Color::Green,
                30..=60 => Color::Yellow,
                _ => Color::Red,
            };
            let ago = match days {
                0 => app.lang.pick("今天", "today").to_string(),
                _ => format!("{days}{}", s.days),
            };
            (ago, color)
        }
    }
}

pub fn households(app: &App, frame: &mut Frame, area: Rect) {
    let s = app.lang.strings();
    // The title names the building whose households are listed (the tree's selection only
    // until a list arrives): a list that could not be read leaves the title with its rows.
    let listed = app
        .households_of
        .and_then(|b| app.tree.find(NodeKind::Building(b)))
        .and_then(|i| app.tree.nodes.get(i));
    let title = match listed.or(app.tree.selected()).map(|n| (n.kind, n.number)) {
        Some((NodeKind::Building(_), number)) => format!(
            "{} · {} ({})",
            s.pane_households,
            building_label(app.lang, number),
            app.households.len(),
        ),
        _ => s.pane_households.to_string(),
    };
    let block = block(app, &title, Pane::Households, area.width);
    let on_building = matches!(
        app.tree.selected().map(|n| n.kind),
        Some(NodeKind::Building(_))
    );
    if !on_building {
        let text = match app.tree.selected_index() {
            Some(i) if app.loaded => {
                let (grids, buildings) = app.tree.counts_below(i);
                format!(
                    "{}\n\n{grids} {}, {buildings} {}",
                    s.pick_building, s.grids, s.buildings
                )
            }
            _ => String::new(),
        };
        frame.render_widget(
            Paragraph::new(super::text::wrap(text, area.width.saturating_sub(2))).block(block),
            area,
        );
        return;
    }
    if app.households.is_empty() {
        let text = if app.households_loading {
            s.loading
        } else {
            s.no_households
        };
        frame.render_widget(
            Paragraph::new(super::text::cut(text, area.width.saturating_sub(2))).block(block),
            area,
        );
        return;
    }
    let addr_w = app
        .households
        .iter()
        .map(|h| h.address.to_string().len() as u16)
        .max()
        .unwrap_or(7);
    // As wide as the most tags in the building, up to three.
    let care_w = app
        .households
        .iter()
        .map(|h| {
            let three = &h.care_tags[..h.care_tags.len().min(3)];
            care_tags_short(app, three).width() as u16
        })
        .chain([s.col_care.width() as u16])
        .max()
        .unwrap_or(4);
    let widths = super::text::columns(
        block.inner(area),
        &[
            Constraint::Length(addr_w.max(4)),
            Constraint::Length(6),
            Constraint::Length(2),
            Constraint::Length(care_w),
            Constraint::Min(6),
        ],
    );
    let header = super::text::row(
        vec![
            s.col_address.into(),
            s.col_head.into(),
            s.col_size.into(),
            s.col_care.into(),
            s.col_last_visit.into(),
        ],
        &widths,
    )
    .style(Style::default().add_modifier(Modifier::BOLD));
    let rows: Vec<Row> = app
        .households
        .iter()
        .map(|h| {
            let (days, color) = last_visit(app, h.last_visit);
            let tags = care_tags_short(app, &h.care_tags);
            super::text::row(
                vec![
                    Line::from(h.address.to_string()),
                    Line::from(h.head.clone()),
                    Line::from(h.size.to_string()),
                    Line::from(Span::styled(tags, fg(app, Color::Magenta))),
                    Line::from(Span::styled(days, fg(app, color))),
                ],
                &widths,
            )
        })
        .collect();
    let table = Table::new(rows, widths.iter().map(|w| Constraint::Length(*w)))
        .header(header)
        .column_spacing(1)
        .block(block)
        .row_highlight_style(highlight(app, app.focus == Pane::Households));
    let mut state = TableState::default().with_selected(Some(app.hh_cursor));
    frame.render_stateful_widget(table, area, &mut state);
}

pub fn detail(app: &App, frame: &mut Frame, area: Rect) {
    let s = app.lang.strings();
    let lang = app.lang;
    let block = block(app, s.pane_detail, Pane::Detail, area.width);
    let Some(d) = &app.detail else {
        let text = if app.selected_household().is_some() {
            s.loading
        } else {
            ""
        };
        frame.render_widget(
            Paragraph::new(super::text::cut(text, area.width.saturating_sub(2))).block(block),
            area,
        );
        return;
    };
    let h = &d.household;
    let heading = Style::default().add_modifier(Modifier::BOLD);
    let dim = fg(app, Color::DarkGray);
    let mut lines: Vec<Line> = vec![Line::from(vec![
        Span::styled(h.address.to_string(), heading),
        Span::raw(format!("  {}", d.community)),
    ])];
    let others = app.editing_here(h.id);
    if !others.is_empty() {
        lines.push(Line::from(Span::styled(
            format!(
                "{} {}",
                lang.pick("正在填写：", "Being filled in by"),
                others.join("、")
            ),
            fg(app, Color::Yellow),
        )));
    }
    if !h.phone.is_empty() {
        lines.push(Line::from(format!("{} {}", s.phone, phone::mask(&h.phone))));
    }
    if let Some(c) = &d.captain {
        lines.push(Line::from(format!(
            "{} {} {}",
            s.captain,
            c.name,
            phone::mask(&c.phone)
        )));
    }
    // The 党员中心户 that keeps in touch with it, or how many it links if it is one.
    if let Some(a) = &d.central {
        lines.push(Line::from(format!(
            "{} {a}",
            lang.pick("中心户", "中心户:")
        )));
    }
    if let Some(n) = d.links {
        lines.push(Line::from(match lang {
            crate::tui::i18n::Lang::Zh => format!("党员中心户 · 联系 {n} 户"),
            crate::tui::i18n::Lang::En => format!("党员中心户 · links {n} households"),
        }));
    }
    if !h.care_tags.is_empty() {
        let tags: Vec<&str> = h.care_tags.iter().map(|t| lang.care_tag(*t)).collect();
        lines.push(Line::from(Span::styled(
            tags.join("、"),
            fg(app, Color::Magenta),
        )));
    }
    // The house: its status (空置 once no one lives there), a rented flat's landlord and
    // tenancy, the note.
    if let Some(st) = d.status {
        let mut text = format!(
            "{} {}",
            lang.pick("房屋", "House"),
            crate::tui::forms::roster::house_status(lang, st)
        );
        if let Some(l) = h
            .landlord
            .as_ref()
            .filter(|_| st == crate::model::HouseStatus::Rented)
        {
            text.push_str(&format!(" · {} {}", lang.pick("房东", "landlord"), l.name));
            if !l.phone.is_empty() {
                text.push_str(&format!(" {}", phone::mask(&l.phone)));
            }
        }
        lines.push(Line::from(text));
    }
    if let Some(t) = h
        .tenancy
        .filter(|_| d.status == Some(crate::model::HouseStatus::Rented))
    {
        lines.push(Line::from(format!(
            "{} {} ~ {}",
            lang.pick("租期", "Tenancy"),
            date_of(t.from).format("%Y-%m-%d"),
            date_of(t.to).format("%Y-%m-%d")
        )));
    }
    if !h.note.is_empty() {
        lines.push(Line::from(Span::styled(
            format!("{} {}", lang.pick("备注", "Note"), h.note),
            dim,
        )));
    }
    lines.push(Line::default());
    lines.push(Line::from(Span::styled(
        format!("{} ({})", s.residents, d.residents.len()),
        heading,
    )));
    let focused = app.focus == Pane::Detail;
    // Where the selected resident's line is, to keep it in view.
    let mut selected_at = None;
    let former_heading = d.former.first().map(|_| {
        Line::from(Span::styled(
            format!("{} ({})", lang.pick("已离开", "Former"), d.former.len()),
            heading,
        ))
    });
    for (i, r) in d.residents.iter().chain(&d.former).enumerate() {
        if i == d.residents.len() {
            lines.push(Line::default());
            lines.extend(former_heading.clone());
        }
        let mut text = format!(
            "{} {} {}{} {} {}",
            r.name,
            lang.sex(r.sex),
            r.age_on(app.today),
            s.age,
            lang.relation(r.relation),
            lang.residence(r.residence),
        );
        if r.party_member {
            text.push_str(&format!(" {}", s.party));
        }
        if !r.is_current() {
            text.push_str(&format!(
                " [{}]",
                crate::tui::forms::roster::leaving(lang, r)
            ));
        }
        let selected = focused && i == app.res_cursor;
        if selected {
            selected_at = Some(lines.len());
            lines.push(Line::from(Span::styled(
                format!("▸{text}"),
                super::highlight(app, true),
            )));
        } else {
            // In the focused pane every name keeps the cursor's column.
            let pad = if focused { " " } else { "" };
            let style = if r.is_current() {
                Style::default()
            } else {
                dim
            };
            lines.push(Line::from(Span::styled(format!("{pad}{text}"), style)));
        }
        let mut ids = Vec::new();
        if !r.id_number.is_empty() {
            ids.push(idnumber::mask(&r.id_number));
        }
        if !r.phone.is_empty() {
            ids.push(phone::mask(&r.phone));
        }
        // ID and phone share a line when the pane is wide enough, each gets one otherwise.
        let one_line = area.width >= 34;
        let id_lines = if one_line { vec![ids.join(" ")] } else { ids };
        for text in id_lines {
            lines.push(Line::from(Span::styled(format!("  {text}"), dim)));
        }
        if !r.care_tags.is_empty() {
            let tags: Vec<&str> = r.care_tags.iter().map(|t| lang.care_tag(*t)).collect();
            lines.push(Line::from(Span::styled(
                format!("  {}", tags.join("、")),
                fg(app, Color::Magenta),
            )));
        }
    }
    if !d.wishes.is_empty() {
        lines.push(Line::default());
        lines.push(Line::from(Span::styled(
            format!(
                "{} ({})",
                lang.pick("微心愿", "Small wishes"),
                d.wishes.len()
            ),
            heading,
        )));
        for w in &d.wishes {
            let mut text = format!("{} {}", lang.pick(w.state.zh(), w.state.en()), w.text);
            if let Some(t) = &w.taker {
                text.push_str(&format!(" · {t}"));
            }
            let style = if w.is_overdue(app.today) {
                fg(app, Color::Red)
            } else {
                Style::default()
            };
            lines.push(Line::from(Span::styled(text, style)));
        }
    }
    lines.push(Line::default());
    lines.push(Line::from(Span::styled(s.recent_visits, heading)));
    if d.visits.is_empty() {
        lines.push(Line::from(Span::styled(s.none, dim)));
    }
    for v in &d.visits {
        let when = lang.short_date(local(v.at).date_naive(), app.today);
        // A correction says so; a corrected visit stays, marked.
        let mark = if v.amends.is_some() {
            lang.pick("更正 ", "correction ")
        } else if d.visits.iter().any(|x| x.amends == Some(v.id)) {
            lang.pick("(已更正) ", "(corrected) ")
        } else {
            ""
        };
        lines.push(Line::from(vec![
            Span::styled(mark, fg(app, Color::Yellow)),
            Span::raw(format!("{when} {} ", lang.outcome(v.outcome))),
            Span::styled(format!("{} {}", lang.purpose(v.purpose), v.staff), dim),
        ]));
        if !v.findings.is_empty() {
            lines.push(Line::from(format!("  {}", v.findings)));
        }
    }
    lines.push(Line::default());
    lines.push(Line::from(Span::styled(s.open_disputes, heading)));
    if d.disputes.is_empty() {
        lines.push(Line::from(Span::styled(s.none, dim)));
    }
    for dsp in &d.disputes {
        let late = dsp.deadline < app.today;
        let style = if late {
            fg(app, Color::Red)
        } else {
            Style::default()
        };
        lines.push(Line::from(Span::styled(
            format!(
                "[{}] {} · {} {}",
                lang.dispute_status(dsp.status),
                dsp.title,
                s.deadline,
                lang.short_date(date_of(dsp.deadline), app.today)
            ),
            style,
        )));
    }
    lines.push(Line::default());
    lines.push(Line::from(Span::styled(s.open_followups, heading)));
    if d.followups.is_empty() {
        lines.push(Line::from(Span::styled(s.none, dim)));
    }
    for f in &d.followups {
        let overdue = f.is_overdue(app.today);
        let style = if overdue {
            fg(app, Color::Red)
        } else {
            Style::default()
        };
        let due = if overdue { s.overdue } else { s.due };
        lines.push(Line::from(Span::styled(
            format!(
                "{} · {due} {}",
                f.title_in(lang),
                lang.short_date(date_of(f.due), app.today)
            ),
            style,
        )));
    }
    let width = area.width.saturating_sub(2);
    let inner = area.height.saturating_sub(2);
    let mut scroll = app.detail_scroll;
    if let Some(at) = selected_at {
        // The selected resident stays in view: the pane scrolls as far as it must.
        let row = super::text::wrap(lines[..at].to_vec(), width).len() as u16;
        if row < scroll {
            scroll = row;
        } else if inner > 0 && row >= scroll + inner {
            scroll = row + 1 - inner;
        }
    }
    let para = Paragraph::new(super::text::wrap(lines, width))
        .block(block)
        .scroll((scroll, 0));
    frame.render_widget(para, area);
}

/// A household's care tags in their short forms, a space between each so that none runs into
/// the next (空 军, not 空军).
fn care_tags_short(app: &App, tags: &[crate::model::CareTag]) -> String {
    tags.iter()
        .map(|t| app.lang.care_tag_short(*t))
        .collect::<Vec<_>>()
        .join(" ")
}

//! The report screen: coverage per grid as bars, care groups visited on time, disputes per
//! month as a sparkline, overdue follow-ups. No ranking of staff against each other.

use ratatui::layout::{Constraint, Direction, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, Paragraph, Row, Sparkline, Table, TableState};
use ratatui::Frame;

use super::{bordered, fg, highlight, text};
use crate::store::reports::{share, CoverageRow, ReportSet};
use crate::tui::app::{App, RosterReport};

fn title(text: String) -> Span<'static> {
    Span::styled(
        format!(" {text} "),
        Style::default().add_modifier(Modifier::BOLD),
    )
}

fn pct(share: f64) -> u64 {
    (share * 100.0).round() as u64
}

/// The coverage bars to show: each grid when all are in one community, else each community
/// (its grids' households and visits added up).
fn coverage_rows(grids: &[CoverageRow]) -> Vec<(String, f64)> {
    let one = grids.windows(2).all(|w| w[0].community == w[1].community);
    if one {
        return grids.iter().map(|g| (g.name.clone(), g.share)).collect();
    }
    let mut by: Vec<(String, u64, u64)> = Vec::new();
    for g in grids {
        match by.iter_mut().find(|(c, _, _)| *c == g.community) {
            Some((_, households, visited)) => {
                *households += g.households;
                *visited += g.visited;
            }
            None => by.push((g.community.clone(), g.households, g.visited)),
        }
    }
    by.into_iter()
        .map(|(c, households, visited)| (c, share(visited, households)))
        .collect()
}

pub fn draw(app: &App, r: Option<&ReportSet>, frame: &mut Frame, area: Rect) {
    let l = app.lang;
    let Some(r) = r else {
        frame.render_widget(
            Paragraph::new(app.lang.strings().loading)
                .block(bordered(app).title(title(l.pick("统计报表", "Reports").into()))),
            area,
        );
        return;
    };
    let [top, bottom] =
        Layout::vertical([Constraint::Percentage(45), Constraint::Min(4)]).areas(area);
    let [coverage, care] =
        Layout::horizontal([Constraint::Percentage(55), Constraint::Min(10)]).areas(top);
    let [left, summary] =
        Layout::horizontal([Constraint::Percentage(55), Constraint::Min(10)]).areas(bottom);
    let [disputes, roster] =
        Layout::vertical([Constraint::Length(4), Constraint::Min(3)]).areas(left);
    roster_table(app, &app.roster, frame, roster);

    // Coverage: the share of households visited in the last 30 days, per grid, or per
    // community when the figures span several (grids of one name recur in each community).
    let bars: Vec<Bar> = coverage_rows(&r.coverage.grids)
        .into_iter()
        .map(|(name, share)| {
            Bar::default()
                .label(Line::from(name))
                .value(pct(share))
                .text_value(format!("{}%", pct(share)))
        })
        .collect();
    let chart = BarChart::default()
        .block(bordered(app).title(title(format!(
            "{} {}%",
            l.pick("30天走访覆盖率", "Visited in 30 days"),
            pct(r.coverage.total.share)
        ))))
        .direction(Direction::Horizontal)
        .bar_width(1)
        .bar_gap(0)
        .max(100)
        .bar_style(fg(app, Color::Green))
        .data(BarGroup::default().bars(&bars));
    frame.render_widget(chart, coverage);

    // Care groups visited within their interval, per tag.
    let bars: Vec<Bar> = r
        .care
        .tags
        .iter()
        .filter(|t| t.households > 0)
        .map(|t| {
            // The counts go with the name, so the bar itself shows its length.
            Bar::default()
                .label(Line::from(format!(
                    "{} {}/{}",
                    l.care_tag(t.tag),
                    t.on_time,
                    t.households
                )))
                .value(pct(t.share))
                .text_value(format!("{}%", pct(t.share)))
        })
        .collect();
    let chart = BarChart::default()
        .block(bordered(app).title(title(format!(
            "{} {}%",
            l.pick("重点人群按时走访", "Care groups on time"),
            pct(r.care.share)
        ))))
        .direction(Direction::Horizontal)
        .bar_width(1)
        .bar_gap(0)
        .max(100)
        .bar_style(fg(app, Color::Magenta))
        .data(BarGroup::default().bars(&bars));
    frame.render_widget(chart, care);

    // Disputes opened per month, oldest to newest.
    let opened: Vec<u64> = r.disputes.iter().map(|m| m.opened).collect();
    let first = r
        .disputes
        .first()
        .map(|m| m.month.clone())
        .unwrap_or_default();
    let last = r
        .disputes
        .last()
        .map(|m| m.month.clone())
        .unwrap_or_default();
    let spark = Sparkline::default()
        .block(bordered(app).title(title(format!(
            "{} {first} – {last}",
            l.pick("每月新登记纠纷", "Disputes opened per month")
        ))))
        .style(fg(app, Color::Yellow))
        .data(&opened);
    frame.render_widget(spark, disputes);

    let latest = r.disputes.last();
    // The same two figures the follow-up list's title shows under its filters.
    let overdue = |label: &str, n: usize| {
        Line::from(vec![
            Span::raw(label.to_string()),
            Span::styled(
                n.to_string(),
                fg(app, Color::Red).add_modifier(Modifier::BOLD),
            ),
        ])
    };
    let mut lines = vec![
        overdue(
            l.pick("逾期书面待办：", "Written follow-ups overdue: "),
            r.overdue_written,
        ),
        overdue(
            l.pick("逾期按规则走访：", "Visits overdue by rule: "),
            r.overdue_by_rule,
        ),
    ];
    // The months are in the roster list's title beside it.
    if app.roster.rows.is_some() {
        lines.push(overdue(
            l.pick("人口信息未核实（户）：", "Roster not checked: "),
            app.roster.total,
        ));
    }
    // This month's small wishes in the user's grids (shown once there are any): counts of
    // wishes, never of people.
    let any = |w: &&crate::store::wish_reports::WishFigures| {
        w.raised + w.claimed + w.done + w.overdue + w.reviewed > 0
    };
    if let Some(w) = app.roster.wishes.as_ref().filter(any) {
        let mean = w
            .mean_satisfaction
            .map_or_else(|| "—".to_string(), |m| format!("{m:.1}"));
        let (raised, claimed, done, overdue) = (w.raised, w.claimed, w.done, w.overdue);
        lines.push(Line::from(match l {
            crate::tui::i18n::Lang::Zh => format!(
                "本月微心愿：新增 {raised}，认领 {claimed}，实现 {done}，逾期 {overdue}，满意度 {mean}"
            ),
            crate::tui::i18n::Lang::En => format!(
                "Wishes this month: {raised} raised, {claimed} claimed, {done} fulfilled, {overdue} overdue, satisfaction {mean}"
            ),
        }));
    }
    if let Some(m) = latest {
        lines.push(Line::from(format!(
            "{} {}: {} {}, {} {}, {}% {}",
            l.pick("最近一月", "Latest month"),
            m.month,
            m.opened,
            l.pick("新登记", "opened"),
            m.closed,
            l.pick("结案", "closed"),
            pct(m.resolved_share),
            l.pick("调解成功", "resolved")
        )));
        lines.push(Line::from(match m.average_days_to_close {
            Some(d) => format!(
                "{} {d:.1} {}",
                l.pick("平均结案", "Average time to close"),
                l.pick("天", "days")
            ),
            None => format!("{} —", l.pick("平均结案", "Average time to close")),
        }));
    }
    frame.render_widget(
        Paragraph::new(text::wrap(lines, summary.width.saturating_sub(2)))
            .block(bordered(app).title(title(l.pick("概况", "Summary").into()))),
        summary,
    );
}

/// The households whose roster was not checked in the visit rules' months: address, head,
/// the day it was last checked or 从未核实; enter goes to the household.
fn roster_table(app: &App, r: &RosterReport, frame: &mut Frame, area: Rect) {
    let l = app.lang;
    let months = r
        .months
        .map(|m| m.to_string())
        .unwrap_or_else(|| "…".into());
    let total = r.total;
    // A street's or a city's list comes a few screens at a time: the title says so.
    let listed = r.rows.as_ref().map_or(0, Vec::len);
    let t = match (l, &r.rows) {
        (crate::tui::i18n::Lang::Zh, Some(_)) if listed < total => {
            format!("{months}个月未核实人口信息 {total} 户（列出前 {listed} 户）")
        }
        (crate::tui::i18n::Lang::Zh, Some(_)) => {
            format!("{months}个月未核实人口信息 {total} 户")
        }
        (crate::tui::i18n::Lang::Zh, None) => format!("{months}个月未核实人口信息"),
        (crate::tui::i18n::Lang::En, Some(_)) if listed < total => {
            format!("Roster not checked in {months} months: {total} (first {listed} listed)")
        }
        (crate::tui::i18n::Lang::En, Some(_)) => {
            format!("Roster not checked in {months} months: {total}")
        }
        (crate::tui::i18n::Lang::En, None) => format!("Roster not checked in {months} months"),
    };
    let block = bordered(app).title(title(t));
    let Some(rows) = &r.rows else {
        frame.render_widget(Paragraph::new(l.strings().loading).block(block), area);
        return;
    };
    let addr_w = rows
        .iter()
        .map(|r| r.address.to_string().len() as u16)
        .max()
        .unwrap_or(7)
        .max(4);
    let widths = text::columns(
        block.inner(area),
        &[
            Constraint::Length(addr_w),
            Constraint::Fill(1),
            // 2025/12/29, 29 Dec 2025 or 从未核实
            Constraint::Length(11),
        ],
    );
    let lines: Vec<Row> = rows
        .iter()
        .map(|r| {
            let last = match r.last_checked {
                Some(d) => Span::raw(l.short_date(crate::model::time::date_of(d), app.today)),
                None => Span::styled(l.pick("从未核实", "never"), fg(app, Color::Red)),
            };
            text::row(
                vec![
                    Line::from(r.address.to_string()),
                    Line::from(r.head.clone()),
                    Line::from(last),
                ],
                &widths,
            )
        })
        .collect();
    let header = text::row(
        vec![
            Line::from(l.pick("地址", "Address")),
            Line::from(l.pick("户主", "Head")),
            Line::from(l.pick("上次核实", "Last checked")),
        ],
        &widths,
    )
    .style(Style::default().add_modifier(Modifier::BOLD));
    let table = Table::new(lines, widths.iter().map(|w| Constraint::Length(*w)))
        .header(header)
        .block(block)
        .row_highlight_style(highlight(app, true));
    let mut state = TableState::default().with_selected(Some(r.cursor));
    frame.render_stateful_widget(table, area, &mut state);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(community: &str, name: &str, households: u64, visited: u64) -> CoverageRow {
        CoverageRow {
            community: community.into(),
            name: name.into(),
            households,
            visited,
            share: visited as f64 / households as f64,
        }
    }

    #[test]
    fn grids_of_one_community_show_as_grids_and_of_several_as_communities() {
        let one = [
            row("花苑社区", "一网格-1片", 10, 5),
            row("花苑社区", "一网格-2片", 10, 1),
        ];
        assert_eq!(
            coverage_rows(&one),
            vec![
                ("一网格-1片".to_string(), 0.5),
                ("一网格-2片".to_string(), 0.1)
            ]
        );
        let many = [
            row("花苑社区", "一网格-1片", 10, 5),
            row("东裕社区", "一网格-1片", 30, 3),
            row("花苑社区", "一网格-2片", 10, 3),
        ];
        assert_eq!(
            coverage_rows(&many),
            vec![("花苑社区".to_string(), 0.4), ("东裕社区".to_string(), 0.1)]
        );
    }
}

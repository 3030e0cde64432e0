//! The report screen: coverage per grid as bars, care groups visited on time, disputes per
//! month as a sparkline, overdue follow-ups. No ranking of staff against each other.

use ratatui::layout::{Constraint, Direction, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, Paragraph, Sparkline};
use ratatui::Frame;

use super::{bordered, fg};
use crate::store::reports::ReportSet;
use crate::tui::app::App;

fn title(text: String) -> Span<'static> {
    Span::styled(
        format!(" {text} "),
        Style::default().add_modifier(Modifier::BOLD),
    )
}

fn pct(share: f64) -> u64 {
    (share * 100.0).round() as u64
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
        Layout::vertical([Constraint::Percentage(55), Constraint::Min(4)]).areas(area);
    let [coverage, care] =
        Layout::horizontal([Constraint::Percentage(55), Constraint::Min(10)]).areas(top);
    let [disputes, summary] =
        Layout::horizontal([Constraint::Percentage(55), Constraint::Min(10)]).areas(bottom);

    // Coverage: the share of households visited in the last 30 days, per grid.
    let bars: Vec<Bar> = r
        .coverage
        .grids
        .iter()
        .map(|g| {
            Bar::default()
                .label(Line::from(g.name.clone()))
                .value(pct(g.share))
                .text_value(format!("{}%", pct(g.share)))
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
            Bar::default()
                .label(Line::from(l.care_tag(t.tag)))
                .value(pct(t.share))
                .text_value(format!(
                    "{}% ({}/{})",
                    pct(t.share),
                    t.on_time,
                    t.households
                ))
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
    let mut lines = vec![Line::from(vec![
        Span::raw(l.pick("逾期待办：", "Overdue follow-ups: ")),
        Span::styled(
            r.overdue.to_string(),
            fg(app, Color::Red).add_modifier(Modifier::BOLD),
        ),
    ])];
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
        lines.push(Line::from(format!(
            "{} {:.1} {}",
            l.pick("平均结案", "Average time to close"),
            m.average_days_to_close,
            l.pick("天", "days")
        )));
    }
    frame.render_widget(
        Paragraph::new(lines).block(bordered(app).title(title(l.pick("概况", "Summary").into()))),
        summary,
    );
}

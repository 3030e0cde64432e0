//! The 台账 screen: the ledgers, exports and template on the left, the month, grid and
//! format of the one picked on the right, with the file it will write and the keys.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

use super::{bordered, fg, fit, highlight};
use crate::tui::action::Action;
use crate::tui::app::{month_text, App, Field, LedgerView, Paper};
use crate::tui::keymap::Mode;

pub fn draw(app: &App, v: &LedgerView, frame: &mut Frame, area: Rect) {
    let l = app.lang;
    let block = bordered(app).title(Span::styled(
        format!(" {} ", l.pick("台账与导出", "Ledgers and exports")),
        Style::default().add_modifier(Modifier::BOLD),
    ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let widest = Paper::ALL
        .iter()
        .map(|p| p.label(l).width())
        .max()
        .unwrap_or(0) as u16
        + 3;
    let list_w = widest.min(inner.width / 2);
    let [list, _, right] = Layout::horizontal([
        Constraint::Length(list_w),
        Constraint::Length(1),
        Constraint::Min(1),
    ])
    .areas(inner);

    // The papers, the one picked highlighted; scrolled to keep it in sight.
    let rows = list.height as usize;
    let first = (v.cursor + 1).saturating_sub(rows.max(1));
    let lines: Vec<Line> = Paper::ALL
        .iter()
        .enumerate()
        .skip(first)
        .take(rows)
        .map(|(i, p)| {
            let text = fit(&format!(" {}", p.label(l)), list.width as usize);
            let pad = (list.width as usize).saturating_sub(text.width());
            let line = Line::from(format!("{text}{}", " ".repeat(pad)));
            if i == v.cursor {
                line.style(highlight(app, true))
            } else {
                line
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), list);

    let w = right.width as usize;
    let label_w: usize = l.pick(8, 8);
    let paper = v.paper();
    let fields = paper.fields();
    let mut lines: Vec<Line> = Vec::new();
    let mut row = |name: &str, value: String, field: Option<Field>| {
        let label = format!("{name}{}", " ".repeat(label_w.saturating_sub(name.width())));
        let focused = field.is_some() && field == v.focused();
        let shown = if field.is_some() {
            format!("◀ {value} ▶")
        } else {
            value
        };
        let shown = fit(&shown, w.saturating_sub(label_w));
        let style = if focused {
            highlight(app, true)
        } else {
            Style::default()
        };
        lines.push(Line::from(vec![
            Span::styled(label, fg(app, Color::DarkGray)),
            Span::styled(shown, style),
        ]));
    };
    if fields.contains(&Field::Campaign) {
        let value = match (&v.campaigns, v.picked()) {
            (None, _) => l.pick("读取中…", "reading…").to_string(),
            (Some(_), None) => l.pick("（没有排查任务）", "(no campaign)").to_string(),
            (Some(_), Some(c)) if c.campaign.ended.is_some() => {
                format!("{}{}", c.campaign.name, l.pick("（已结束）", " (ended)"))
            }
            (Some(_), Some(c)) => c.campaign.name.clone(),
        };
        row(l.pick("任务", "Campaign"), value, Some(Field::Campaign));
    }
    if fields.contains(&Field::Day) {
        let value = crate::model::time::day_text(v.day);
        row(l.pick("日期", "Day"), value, Some(Field::Day));
    }
    if fields.contains(&Field::Month) {
        let value = match &v.typed {
            Some(t) => format!("{t}_"),
            None => month_text(v.month),
        };
        row(l.pick("月份", "Month"), value, Some(Field::Month));
    }
    if fields.contains(&Field::Grid) {
        let value = v
            .grid_name()
            .map_or(l.pick("全部网格", "every grid"), |g| g)
            .to_string();
        row(l.pick("网格", "Grid"), value, Some(Field::Grid));
    }
    let format = v.format().extension().to_string();
    let format_field = fields.contains(&Field::Format).then_some(Field::Format);
    row(l.pick("格式", "Format"), format, format_field);
    // Where the file goes, or went, whole: a path is cut nowhere, but broken over lines.
    let (head, path) = match &v.last {
        Some((path, rows)) => (
            match l {
                crate::tui::i18n::Lang::Zh => format!("已写入（{rows} 行）："),
                crate::tui::i18n::Lang::En => format!("Written ({rows} rows):"),
            },
            path.clone(),
        ),
        None if app.writing_ledger() => (
            l.pick("正在写入…", "Writing…").to_string(),
            app.ledger_dir.join(v.file_name()).display().to_string(),
        ),
        None => (
            l.pick("将写入：", "Will write:").to_string(),
            app.ledger_dir.join(v.file_name()).display().to_string(),
        ),
    };
    lines.push(Line::from(""));
    let head_color = if app.writing_ledger() {
        Color::Yellow
    } else {
        Color::DarkGray
    };
    lines.push(Line::from(Span::styled(fit(&head, w), fg(app, head_color))));
    for piece in broken(&path, w) {
        lines.push(Line::from(piece));
    }
    lines.push(Line::from(""));
    // The keys, one a line, from the keymap in effect.
    let keys = keys(app, fields.contains(&Field::Month));
    let key_w = keys.iter().map(|(k, _)| k.width()).max().unwrap_or(0);
    for (k, what) in keys {
        let pad = " ".repeat(key_w + 2 - k.width());
        let text = fit(&format!("{k}{pad}{what}"), w);
        let cut = text.width().min(k.width());
        let (k, rest) = text.split_at(text.char_indices().nth(cut).map_or(text.len(), |(i, _)| i));
        lines.push(Line::from(vec![
            Span::styled(
                k.to_string(),
                fg(app, Color::Cyan).add_modifier(Modifier::BOLD),
            ),
            Span::raw(rest.to_string()),
        ]));
    }
    frame.render_widget(Paragraph::new(lines), right);
}

/// The screen's keys from the keymap in effect: (`up/down`, `选择`), …; typing a month is
/// offered only where the paper takes one.
fn keys(app: &App, month: bool) -> Vec<(String, &'static str)> {
    let l = app.lang;
    let key = |a: Action| {
        [Mode::List, Mode::Global]
            .into_iter()
            .find_map(|m| app.keymap.keys_for(m, a).first().map(|k| k.to_string()))
    };
    let mut parts = Vec::new();
    let pairs: [(&[Action], &str); 5] = [
        (&[Action::MoveUp, Action::MoveDown], l.pick("选择", "pick")),
        (
            &[Action::MoveLeft, Action::MoveRight],
            if month {
                l.pick("更改（或输入月份）", "change (or type a month)")
            } else {
                l.pick("更改", "change")
            },
        ),
        (&[Action::NextPane], l.pick("下一项", "next choice")),
        (&[Action::Open], l.pick("写入文件", "write the file")),
        (&[Action::Back], l.pick("返回", "back")),
    ];
    for (actions, what) in pairs {
        let ks: Vec<String> = actions.iter().filter_map(|a| key(*a)).collect();
        if ks.len() == actions.len() {
            parts.push((ks.join("/"), what));
        }
    }
    parts
}

/// Text broken into pieces at most `width` columns wide, at any character.
fn broken(text: &str, width: usize) -> Vec<String> {
    use unicode_width::UnicodeWidthChar;
    let mut out = vec![String::new()];
    let mut used = 0;
    for c in text.chars() {
        let cw = c.width().unwrap_or(0);
        if used + cw > width.max(2) {
            out.push(String::new());
            used = 0;
        }
        used += cw;
        if let Some(last) = out.last_mut() {
            last.push(c);
        }
    }
    out
}

//! The campaign screen (its tally per grid and in total, the door to check and the result
//! keys), 异常's note prompt, and the main screen's banner while a campaign runs.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use super::{bordered, fg, highlight, popup, text};
use crate::tui::action::Action;
use crate::tui::app::{banner_text, tally_header, tally_row, App, CampaignView, Screen};
use crate::tui::i18n::Lang;
use crate::tui::keymap::Mode;

/// The banner line over the main screen while a campaign runs; the rest of `area` is left.
pub fn banner(app: &App, frame: &mut Frame, area: Rect) -> Rect {
    let Some(line) = app.campaigns.running() else {
        return area;
    };
    if !matches!(app.screen, Screen::Browse) || area.height < 4 {
        return area;
    }
    let [top, rest] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
    let t = text::fit(&banner_text(app.lang, line), top.width as usize);
    frame.render_widget(
        Paragraph::new(Span::styled(
            t,
            fg(app, Color::Red).add_modifier(Modifier::BOLD),
        )),
        top,
    );
    rest
}

pub fn draw(app: &App, v: &CampaignView, frame: &mut Frame, area: Rect) {
    let l = app.lang;
    let Some(line) = app
        .campaigns
        .running()
        .filter(|_| app.campaigns.gone.is_none())
    else {
        let block = bordered(app).title(l.pick(" 战时排查 ", " Campaign "));
        // Someone sent down whose duty ended: why, and nothing more.
        let why = match &app.campaigns.gone {
            Some(why) => why.clone(),
            None => l
                .pick("现在没有进行中的战时排查", "No campaign is running now")
                .to_string(),
        };
        let inner = block.inner(area);
        frame.render_widget(block, area);
        frame.render_widget(Paragraph::new(text::wrap(why, inner.width)), inner);
        return;
    };
    let title = format!(" {} ", banner_text(l, line));
    let block = bordered(app).title(Span::styled(
        text::fit(&title, area.width.saturating_sub(2) as usize),
        Style::default().add_modifier(Modifier::BOLD),
    ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = inner.width as usize;
    let mut lines = vec![Line::from(Span::styled(
        text::fit(&tally_header(l), width),
        Style::default().add_modifier(Modifier::BOLD),
    ))];
    for (i, g) in line.grids.iter().enumerate() {
        let row = text::fit(&tally_row(&g.name, &g.tally), width);
        let style = if i == v.cursor {
            highlight(app, true)
        } else {
            Style::default()
        };
        lines.push(Line::from(Span::styled(row, style)));
    }
    lines.push(Line::from(text::fit(
        &tally_row(l.pick("合计", "total"), &line.total),
        width,
    )));
    lines.push(Line::from(""));
    let next = key(app, Action::NextDoor);
    let door = match &v.door {
        Some(h) => match l {
            Lang::Zh => format!("本户：{}", h.address),
            Lang::En => format!("This door: {}", h.address),
        },
        None => match l {
            Lang::Zh => format!("按 {next} 到所选网格下一户未查"),
            Lang::En => format!("{next}: the next door to check in the grid selected"),
        },
    };
    lines.extend(text::wrap(door, inner.width));
    let from = match v.within {
        Some((_, n)) => match l {
            Lang::Zh => format!("{n}栋"),
            Lang::En => format!("building {n}"),
        },
        None => line
            .grids
            .get(v.cursor)
            .map(|g| g.name.clone())
            .unwrap_or_default(),
    };
    let toggle = key(app, Action::WithinBuilding);
    let from = match (l, v.within.is_some()) {
        (Lang::Zh, false) => format!("下一户取自：{from}（{toggle} 改为本户所在楼栋）"),
        (Lang::Zh, true) => format!("下一户取自：{from}（{toggle} 回到网格）"),
        (Lang::En, false) => format!("Next door from: {from} ({toggle}: this door's building)"),
        (Lang::En, true) => format!("Next door from: {from} ({toggle}: the grid)"),
    };
    lines.extend(text::wrap(from, inner.width));
    let results = Action::RESULTS;
    let keys: Vec<String> = line
        .campaign
        .results
        .iter()
        .zip(results)
        .map(|(r, a)| {
            let shown = match l {
                Lang::Zh => r.clone(),
                Lang::En => crate::model::campaign::result_en(r).to_string(),
            };
            format!("{} {shown}", key(app, a))
        })
        .collect();
    lines.extend(text::wrap(keys.join("  "), inner.width));
    frame.render_widget(Paragraph::new(lines), inner);
}

/// 异常's note, asked on the status line (on the campaign screen and in a sweep).
pub fn prompt(app: &App, frame: &mut Frame, status: Rect) {
    let Some((result, input)) = app.campaign_noting() else {
        return;
    };
    let ask = match app.lang {
        Lang::Zh => format!("{result}：写明情况："),
        Lang::En => format!(
            "{}: say what is wrong: ",
            crate::model::campaign::result_en(result)
        ),
    };
    popup::prompt(app, &ask, input, frame, status)
}

fn key(app: &App, action: Action) -> String {
    app.keymap
        .keys_for(Mode::List, action)
        .first()
        .map(|k| k.to_string())
        .unwrap_or_default()
}

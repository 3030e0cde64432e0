//! The building-captain dialogs: whom to make a captain, retiring one, her doors, her phone.

use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

use super::{fg, highlight, popup, text};
use crate::tui::app::{App, CaptainDialog};
use crate::tui::i18n::Lang;

/// How many doors the doors dialog shows at once in a terminal this high: all but the status
/// line, the dialog's borders and its key line under a blank one.
pub fn captain_doors_visible(height: u16) -> usize {
    (height as usize).saturating_sub(5).max(1)
}

pub fn draw(app: &App, d: &CaptainDialog, frame: &mut Frame, main: Rect, status: Rect) {
    let l = app.lang;
    let width = popup::dialog_width(main).saturating_sub(2) as usize;
    match d {
        CaptainDialog::Pick {
            address,
            residents,
            selected,
        } => {
            let mut lines = vec![Line::from(l.pick(
                "选一位现住居民当楼长：",
                "Who of the household becomes a building captain:",
            ))];
            for (i, (_, name, relation)) in residents.iter().enumerate() {
                let style = if i == *selected {
                    highlight(app, true)
                } else {
                    Style::default()
                };
                lines.push(Line::from(Span::styled(
                    text::fit(
                        &match l {
                            Lang::Zh => format!("  {name}（{relation}）"),
                            Lang::En => format!("  {name} ({relation})"),
                        },
                        width,
                    ),
                    style,
                )));
            }
            popup::dialog_with_keys(
                app,
                &format!("{} · {address}", l.pick("设为楼长", "Building captain")),
                lines,
                l.pick(
                    "↑↓ 选择   Enter 设为楼长   Esc 取消",
                    "↑↓ pick   Enter make captain   Esc cancel",
                ),
                frame,
                main,
            );
        }
        CaptainDialog::Retire { name, doors, .. } => {
            let mut lines = vec![Line::from(match l {
                Lang::Zh => format!("让{name}卸任楼长？"),
                Lang::En => format!("Retire {name} as a building captain?"),
            })];
            lines.push(Line::from(match (l, doors) {
                (Lang::Zh, 0) => format!("{name}现在没有负责的门户。"),
                (Lang::Zh, n) => {
                    format!("{name}负责的 {n} 户将暂无楼长，调整片区时先分给其他楼长。")
                }
                (Lang::En, 0) => format!("{name} has no doors now."),
                (Lang::En, n) => format!(
                    "{name}'s {} will have no captain and come first when you rebalance.",
                    crate::i18n::count(*n as usize, "household", "households")
                ),
            }));
            popup::dialog_with_keys(
                app,
                l.pick("楼长卸任", "Retire a captain"),
                lines,
                l.pick("Enter 确认卸任   Esc 取消", "Enter retire   Esc cancel"),
                frame,
                main,
            );
        }
        CaptainDialog::Doors {
            name,
            doors,
            scroll,
        } => {
            let shown = captain_doors_visible(main.height + 1);
            let addr_w = doors
                .iter()
                .map(|d| d.address.to_string().width())
                .max()
                .unwrap_or(0);
            let mut lines: Vec<Line> = doors
                .iter()
                .skip(*scroll)
                .take(shown)
                .map(|d| {
                    let head = if d.head.is_empty() {
                        l.pick("（无户主）", "(no head)").to_string()
                    } else {
                        d.head.clone()
                    };
                    let address = d.address.to_string();
                    Line::from(text::fit(&format!("{address:<addr_w$}  {head}"), width))
                })
                .collect();
            if doors.is_empty() {
                lines.push(Line::from(match l {
                    Lang::Zh => format!("{name}还没有负责的门户"),
                    Lang::En => format!("{name} has no doors yet"),
                }));
            }
            let n = doors.len();
            let keys = if n > shown {
                let (a, b) = (scroll + 1, (scroll + shown).min(n));
                match l {
                    Lang::Zh => format!("第 {a}–{b} 户，共 {n} 户   ↑↓ 翻看   Esc 关闭"),
                    Lang::En => format!("{a}–{b} of {n}   ↑↓ scroll   Esc close"),
                }
            } else {
                l.pick("Esc 关闭", "Esc close").to_string()
            };
            let title = match l {
                Lang::Zh => format!("{name}负责的门户 · {n} 户"),
                Lang::En => format!(
                    "{name}'s doors · {}",
                    crate::i18n::count(n, "household", "households")
                ),
            };
            popup::dialog_with_keys(app, &title, lines, &keys, frame, main);
        }
        CaptainDialog::Phone {
            name,
            now,
            input,
            error,
            ..
        } => {
            let now = crate::model::phone::mask(now);
            let prompt = match l {
                Lang::Zh => format!("{name}的新电话（现为 {now}）："),
                Lang::En => format!("New phone for {name} (now {now}): "),
            };
            if let Some(e) = error {
                // The store's sentence in a box over the list's foot, until the next try.
                let lines = text::wrap(e.as_str(), main.width.saturating_sub(2));
                let h = (lines.len() as u16 + 2).min(main.height);
                let r = Rect::new(main.x, main.bottom().saturating_sub(h), main.width, h);
                frame.render_widget(Clear, r);
                frame.render_widget(
                    Paragraph::new(lines)
                        .style(fg(app, Color::Red).add_modifier(Modifier::BOLD))
                        .block(
                            super::bordered(app)
                                .title(format!(" {} ", l.pick("未能保存", "Not saved"))),
                        ),
                    r,
                );
            }
            popup::prompt(app, &prompt, input, frame, status);
        }
    }
}

//! Text to a width, measured in terminal cells: the one way every pane, list, dialog and form
//! cuts (ending in `…`) and wraps text, so no character ever crosses a border. Control
//! characters are escaped (`\x1b`) before the text is measured, and a last pass over each frame
//! replaces any left, so none reaches the terminal.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::Row;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::model::shown;

/// A line with its control characters escaped, spans and styles kept.
fn escaped(mut line: Line<'_>) -> Line<'_> {
    for span in &mut line.spans {
        if let std::borrow::Cow::Owned(s) = shown::escape(&span.content) {
            span.content = s.into();
        }
    }
    line
}

/// Text cut to `width` columns at a whole character, with `…` where it was cut.
pub fn fit(text: &str, width: usize) -> String {
    let text = &*shown::escape(text);
    if text.width() <= width {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        used += w;
        out.push(c);
    }
    if width > 0 {
        out.push('…');
    }
    out
}

/// A line cut to `width` columns at a whole character, `…` (in the style of the text cut)
/// where it was cut; styles and the line's own style are kept.
pub fn fit_line<'a>(line: Line<'a>, width: usize) -> Line<'a> {
    let line = escaped(line);
    if line.width() <= width {
        return line;
    }
    let mut spans: Vec<Span<'a>> = Vec::new();
    let mut used = 0;
    let mut last_style = Style::default();
    'spans: for span in &line.spans {
        last_style = span.style;
        let mut kept = String::new();
        for c in span.content.chars() {
            let w = c.width().unwrap_or(0);
            if used + w + 1 > width {
                if !kept.is_empty() {
                    spans.push(Span::styled(kept, span.style));
                }
                break 'spans;
            }
            used += w;
            kept.push(c);
        }
        spans.push(Span::styled(kept, span.style));
    }
    if width > 0 {
        spans.push(Span::styled("…", last_style));
    }
    let mut out = Line::from(spans).style(line.style);
    out.alignment = line.alignment;
    out
}

/// Every line of `text` cut to `width` with `…`.
pub fn cut<'a>(text: impl Into<Text<'a>>, width: u16) -> Vec<Line<'a>> {
    let text = text.into();
    text.lines
        .into_iter()
        .map(|l| fit_line(l, width as usize))
        .collect()
}

/// Every line of `text` wrapped to `width` columns: at a space when the line has one, else
/// between any two characters (Chinese has no spaces); spaces at a break are dropped, and a
/// line's rows after the first keep its indent (a visit's note under its heading).
pub fn wrap<'a>(text: impl Into<Text<'a>>, width: u16) -> Vec<Line<'static>> {
    let width = width as usize;
    let text = text.into();
    let mut out = Vec::new();
    for line in text.lines {
        let line = escaped(line);
        let chars: Vec<(char, Style)> = line
            .spans
            .iter()
            .flat_map(|s| s.content.chars().map(move |c| (c, s.style)))
            .collect();
        // The indent rows after the first repeat, in the style of the line's first space.
        let lead = chars.iter().take_while(|(c, _)| *c == ' ').count();
        let indent: Vec<(char, Style)> = if lead * 2 < width {
            chars[..lead].to_vec()
        } else {
            Vec::new()
        };
        let mut rows: Vec<Vec<(char, Style)>> = vec![Vec::new()];
        let mut used = 0;
        for (c, style) in chars {
            let w = c.width().unwrap_or(0);
            if w > width {
                continue;
            }
            let row = rows.last_mut().expect("one row at least");
            if used + w > width {
                if c == ' ' {
                    rows.push(indent.clone());
                    used = indent.len();
                    continue;
                }
                // A word of narrow letters goes over whole, after the row's last space
                // (not the indent); Chinese breaks between any two characters.
                let narrow = |r: &[(char, Style)]| r.iter().all(|(x, _)| x.width() == Some(1));
                let carried = match row.iter().rposition(|(x, _)| *x == ' ') {
                    Some(i)
                        if w == 1
                            && row[..i].iter().any(|(x, _)| *x != ' ')
                            && narrow(&row[i + 1..]) =>
                    {
                        let tail = row.split_off(i + 1);
                        row.pop();
                        tail
                    }
                    // A line never starts with a closing mark (。，、）…): the character
                    // before it goes over with it.
                    _ if closes(c) && row.len() > indent.len() + 1 => row.split_off(row.len() - 1),
                    _ => Vec::new(),
                };
                let mut next = indent.clone();
                next.extend(carried);
                used = next.iter().map(|(x, _)| x.width().unwrap_or(0)).sum();
                rows.push(next);
            }
            let continued = rows.len() > 1;
            let row = rows.last_mut().expect("one row at least");
            if !(c == ' ' && row.len() == indent.len() && continued) {
                row.push((c, style));
                used += w;
            }
        }
        for row in rows {
            let mut spans: Vec<Span<'static>> = Vec::new();
            for (c, style) in row {
                match spans.last_mut() {
                    Some(s) if s.style == style => s.content.to_mut().push(c),
                    _ => spans.push(Span::styled(c.to_string(), style)),
                }
            }
            let mut l = Line::from(spans).style(line.style);
            l.alignment = line.alignment;
            out.push(l);
        }
    }
    out
}

/// A mark that closes what comes before it, and so may not begin a line (Chinese line
/// breaking rules, 标点符号用法: 句号、逗号、顿号… 不出现在一行之首).
fn closes(c: char) -> bool {
    matches!(
        c,
        '。' | '，'
            | '、'
            | '；'
            | '：'
            | '！'
            | '？'
            | '）'
            | '」'
            | '』'
            | '》'
            | '〉'
            | '】'
            | '”'
            | '’'
            | '…'
            | '·'
            | ','
            | '.'
            | ';'
            | ':'
            | '!'
            | '?'
            | ')'
    )
}

/// How many rows `text` takes wrapped to `width`.
pub fn wrapped_height<'a>(text: impl Into<Text<'a>>, width: u16) -> u16 {
    wrap(text, width).len() as u16
}

/// The widths a table's columns get inside `area` (one column of space between them), so its
/// cells can be cut to them before drawing; give the table these as `Constraint::Length`.
pub fn columns(area: Rect, constraints: &[Constraint]) -> Vec<u16> {
    Layout::horizontal(constraints.iter().copied())
        .spacing(1)
        .split(area)
        .iter()
        .map(|c| c.width)
        .collect()
}

/// A table row with each cell cut to its column's width, with `…`.
pub fn row<'a>(cells: Vec<Line<'a>>, widths: &[u16]) -> Row<'a> {
    Row::new(
        cells
            .into_iter()
            .zip(widths)
            .map(|(c, w)| fit_line(c, *w as usize)),
    )
}

/// No half of a wide character is left on screen: a wide character whose second cell was
/// drawn over (by a border, a popup's edge, the next pane) is blanked, and so is one in the
/// last column. Run over the whole frame once everything is drawn.
pub fn mend_wide(buf: &mut Buffer) {
    let area = buf.area;
    for y in area.top()..area.bottom() {
        for x in area.left()..area.right() {
            let w = buf[(x, y)].symbol().width();
            if w < 2 {
                continue;
            }
            let covered = (1..w as u16)
                .any(|d| x + d >= area.right() || !matches!(buf[(x + d, y)].symbol(), " " | ""));
            if covered {
                buf[(x, y)].set_symbol(" ");
            }
        }
    }
}

/// The last guard: a cell of the frame that still holds a control character (text drawn
/// without `fit` or `wrap`) shows `�` instead. Run over the whole frame once everything is drawn.
pub fn scrub_controls(buf: &mut Buffer) {
    for cell in buf.content.iter_mut() {
        if cell.symbol().chars().any(shown::is_control) {
            cell.set_symbol("\u{fffd}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(lines: &[Line]) -> Vec<String> {
        lines.iter().map(|l| l.to_string()).collect()
    }

    #[test]
    fn cut_text_ends_in_an_ellipsis_and_never_passes_the_width() {
        assert_eq!(fit("zhuyongsheng", 10), "zhuyongsh…");
        assert_eq!(fit("提醒出门带好手机", 7), "提醒出…");
        assert_eq!(fit("提醒出门", 8), "提醒出门");
        let line = fit_line(Line::from(vec![Span::raw("ab"), Span::raw("提醒出门")]), 7);
        assert_eq!(line.to_string(), "ab提醒…");
        assert!(line.width() <= 7);
    }

    #[test]
    fn wrapped_chinese_never_passes_the_width() {
        let rows = wrap("  住户刚下班回家，提醒出门带好手机和钥匙。", 25);
        assert_eq!(
            plain(&rows),
            vec!["  住户刚下班回家，提醒出", "  门带好手机和钥匙。"]
        );
        assert!(rows.iter().all(|r| r.width() <= 25));
        assert_eq!(
            plain(&wrap("What happened at the door", 12)),
            vec!["What", "happened at", "the door"]
        );
    }

    #[test]
    fn a_wrapped_line_never_starts_with_a_closing_mark() {
        // 一二三四 fill 8 columns; 。 would begin the second row, so 四 goes over with it.
        assert_eq!(
            plain(&wrap("一二三四。五六", 8)),
            vec!["一二三", "四。五六"]
        );
        assert_eq!(
            plain(&wrap("门口堆放杂物（纸箱），已提醒清理。", 12)),
            vec!["门口堆放杂物", "（纸箱），已", "提醒清理。"]
        );
    }

    #[test]
    fn the_rows_after_a_lines_first_keep_its_indent() {
        assert_eq!(
            plain(&wrap("  核实人口信息，无变化，无特殊诉求。", 16)),
            vec!["  核实人口信息，", "  无变化，无特殊", "  诉求。"]
        );
        assert_eq!(
            plain(&wrap("  knocked twice, nobody home", 14)),
            vec!["  knocked", "  twice,", "  nobody home"]
        );
        // An indent of half the width or more is not repeated.
        assert_eq!(plain(&wrap("    一二三", 8)), vec!["    一二", "三"]);
    }

    #[test]
    fn control_characters_are_shown_escaped_and_measured_so() {
        assert_eq!(fit("王\x1b[2J芳", 20), "王\\x1b[2J芳");
        assert_eq!(fit("\u{202e}abc", 8), "\\u{202e…");
        let line = fit_line(
            Line::from(vec![Span::raw("a\x1b]0;x\x07"), Span::raw("b")]),
            40,
        );
        assert_eq!(line.to_string(), "a\\x1b]0;x\\x07b");
        assert_eq!(plain(&wrap("ab\u{9b}cd", 6)), vec!["ab\\u{9", "b}cd"]);
        let mut buf = Buffer::empty(Rect::new(0, 0, 3, 1));
        buf[(1, 0)].set_symbol("\u{202e}");
        scrub_controls(&mut buf);
        assert_eq!(buf[(1, 0)].symbol(), "\u{fffd}");
    }

    #[test]
    fn a_wide_character_under_an_edge_is_blanked() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 6, 1));
        buf.set_string(0, 0, "状态", Style::default());
        buf[(1, 0)].set_symbol("│");
        mend_wide(&mut buf);
        assert_eq!(buf[(0, 0)].symbol(), " ");
        assert_eq!(buf[(2, 0)].symbol(), "态");
    }
}

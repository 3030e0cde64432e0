//! The visit form: filled with now, the staff member and “routine”; the cursor waits in the note.

use crate::model::time::{format_local, local_day, parse_local, Instant};
use crate::model::{VisitOutcome, VisitPurpose};
use crate::store::ops::{Need, NewVisit};
use crate::store::query::HouseholdDetail;
use crate::tui::form::{Field, Form, FormKind};
use crate::tui::i18n::Lang;

/// Days until a need is due when the line gives no day.
pub const NEED_DAYS: u16 = 7;
/// Days until a wish from a visit is due when its line gives no day.
pub const WISH_DAYS: u16 = 30;

/// A need line marked as a wish: `心愿:` (or `心愿：`, typed with a Chinese input method) or
/// `wish:` at its start; the rest of the line is the wish, with a day if given.
pub fn wish_line(line: &str) -> Option<&str> {
    let t = line.trim_start();
    ["心愿:", "心愿：", "wish:", "Wish:", "WISH:"]
        .iter()
        .find_map(|m| t.strip_prefix(m))
}

/// The need lines with the wish lines blanked (so line numbers in messages stay right), and
/// the wish lines alone likewise.
fn split_needs(text: &str) -> (String, String) {
    let (mut needs, mut wishes) = (Vec::new(), Vec::new());
    for line in text.lines() {
        match wish_line(line) {
            Some(w) => {
                needs.push("");
                wishes.push(w);
            }
            None => {
                needs.push(line);
                wishes.push("");
            }
        }
    }
    (needs.join("\n"), wishes.join("\n"))
}

/// The wishes the needs field asks for, with their due days; none if a line is wrong
/// (`request` says which).
pub fn wishes(form: &Form, lang: Lang, now: Instant) -> Vec<(String, crate::model::time::Day)> {
    let (_, wishes) = split_needs(&form.field("needs").text());
    super::parse_needs(&wishes, local_day(now), WISH_DAYS, lang).unwrap_or_default()
}

/// Days until the knock-again that not home and revisit schedule by themselves.
pub const NOT_HOME_DAYS: i32 = 3;
pub const REVISIT_DAYS: i32 = 7;

/// The knock-again a not-home or revisit outcome schedules by itself.
pub fn knock_again(
    lang: Lang,
    outcome: VisitOutcome,
    today: crate::model::time::Day,
) -> Option<Need> {
    match outcome {
        VisitOutcome::NotHome => Some(Need {
            title: lang.pick("再次上门", "knock again").to_string(),
            due: today + NOT_HOME_DAYS,
        }),
        VisitOutcome::Revisit => Some(Need {
            title: lang.pick("复访", "revisit").to_string(),
            due: today + REVISIT_DAYS,
        }),
        _ => None,
    }
}

pub fn new(lang: Lang, d: &HouseholdDetail, user: &str, now: Instant) -> Form {
    let h = &d.household;
    let residents: Vec<(u64, String)> = d
        .residents
        .iter()
        .map(|r| (r.id, format!("{} ({})", r.name, lang.relation(r.relation))))
        .collect();
    let checked = d.residents.iter().map(|r| Some(r.id) == h.head).collect();
    let fields = vec![
        Field::line("at", lang.pick("时间", "When"), &format_local(now)),
        Field::choice(
            "purpose",
            lang.pick("目的", "Purpose"),
            VisitPurpose::ALL
                .iter()
                .map(|p| lang.purpose(*p).to_string())
                .collect(),
            0,
        ),
        Field::choice(
            "outcome",
            lang.pick("结果", "Outcome"),
            VisitOutcome::ALL
                .iter()
                .map(|o| lang.outcome(*o).to_string())
                .collect(),
            0,
        ),
        Field::checks("met", lang.pick("见到", "Met"), residents, checked)
            .with_hint(lang.pick("空格勾选", "space ticks")),
        Field::choice(
            "roster",
            lang.pick("人口核实", "Roster"),
            vec![lang.pick("否", "no").into(), lang.pick("是", "yes").into()],
            0,
        )
        .with_hint(lang.pick(
            "人口信息核实：这户的居民名单当面核对过了吗",
            "was the list of residents confirmed at the door",
        )),
        Field::area("findings", lang.pick("情况", "Findings"), ""),
        Field::area("needs", lang.pick("诉求", "Needs"), "").with_hint(lang.pick(
            "每行一项，可加日期：更换楼道灯 @12-01 或 +3；行首写“心愿:”记为微心愿",
            "one per line, with a day if you like: fix the stair light @12-01 or +3; start with “wish:” for a small wish",
        )),
    ];
    let title = format!("{} {} · {user}", lang.pick("走访", "Visit"), h.address);
    Form::new(
        FormKind::Visit {
            household: h.id,
            amends: None,
        },
        title,
        h.address.to_string(),
        fields,
        "findings",
    )
}

/// Checks every field, setting the message beside each; the request once all is valid.
pub fn request(form: &mut Form, lang: Lang, now: Instant) -> Option<NewVisit> {
    let FormKind::Visit { household, amends } = form.kind else {
        return None;
    };
    let today = local_day(now);
    let at = match parse_local(&form.field("at").text(), today) {
        None => {
            form.set_error(
                "at",
                Some(
                    lang.pick(
                        "时间看不懂，请写 2026-11-25 14:05 或 14:05",
                        "not a time; write 2026-11-25 14:05 or 14:05",
                    )
                    .into(),
                ),
            );
            None
        }
        Some(at) if at > now + 300 => {
            form.set_error(
                "at",
                Some(
                    lang.pick(
                        "时间在将来，请写实际敲门的时间",
                        "that is in the future; give the time you knocked",
                    )
                    .into(),
                ),
            );
            None
        }
        Some(at) => {
            form.set_error("at", None);
            Some(at)
        }
    };
    let (needs, wishes) = split_needs(&form.field("needs").text());
    let needs = match super::parse_needs(&needs, today, NEED_DAYS, lang)
        .and_then(|n| super::parse_needs(&wishes, today, WISH_DAYS, lang).map(|_| n))
    {
        Ok(n) => {
            form.set_error("needs", None);
            Some(n)
        }
        Err(e) => {
            form.set_error("needs", Some(e));
            None
        }
    };
    let outcome = VisitOutcome::ALL[form.field("outcome").selected()];
    let met = form.field("met").checked_ids();
    if outcome == VisitOutcome::Met && met.is_empty() {
        form.set_error(
            "met",
            Some(
                lang.pick(
                    "结果是在家，请勾选见到的人",
                    "the outcome is met: tick who you met",
                )
                .into(),
            ),
        );
    } else {
        form.set_error("met", None);
    }
    if form.has_errors() {
        return None;
    }
    Some(NewVisit {
        household,
        at: at?,
        purpose: VisitPurpose::ALL[form.field("purpose").selected()],
        outcome,
        met: if outcome == VisitOutcome::Met {
            met
        } else {
            Vec::new()
        },
        findings: form.field("findings").text(),
        needs: needs?
            .into_iter()
            .map(|(title, due)| Need { title, due })
            .collect(),
        // A correction's knock-again replaces the corrected visit's only if the outcome
        // changed (the store keeps the first otherwise).
        knock_again: knock_again(lang, outcome, today),
        amends,
        roster_checked: form.field("roster").selected() == 1,
    })
}

/// A correction of a saved visit: the same form, filled with what was saved; saving it adds
/// a new visit that amends the old one, which stays as it was.
pub fn amend(
    lang: Lang,
    d: &HouseholdDetail,
    old: &crate::model::Visit,
    user: &str,
    now: Instant,
) -> Form {
    let mut form = new(lang, d, user, now);
    form.kind = FormKind::Visit {
        household: d.household.id,
        amends: Some(old.id),
    };
    form.title = format!(
        "{} {} {} · {user}",
        lang.pick("更正走访", "Correct the visit of"),
        lang.short_date(
            crate::model::time::local(old.at).date_naive(),
            crate::model::time::local_day(now),
        ),
        d.household.address
    );
    let values = [
        ("at", format_local(old.at)),
        (
            "purpose",
            VisitPurpose::ALL
                .iter()
                .position(|p| *p == old.purpose)
                .unwrap_or(0)
                .to_string(),
        ),
        (
            "outcome",
            VisitOutcome::ALL
                .iter()
                .position(|o| *o == old.outcome)
                .unwrap_or(0)
                .to_string(),
        ),
        (
            "met",
            old.met
                .iter()
                .map(|i| i.to_string())
                .collect::<Vec<_>>()
                .join(","),
        ),
        ("findings", old.findings.clone()),
    ];
    for (name, v) in values {
        if let Some(f) = form.field_mut(name) {
            f.set_value(&v);
        }
    }
    form
}

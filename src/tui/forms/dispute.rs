//! The dispute forms: opening a case at a door, moving it one step along its loop, noting
//! mediation at the step it is at, and reopening it; and the case's timeline as lines.

use crate::model::time::{date_of, format_local, local_day, parse_day, Instant};
use crate::model::{
    Dispute, DisputeCategory, DisputeOutcome, DisputeStatus, Id, MediationNote, Party, Resident,
    Severity,
};
use crate::store::ops::DisputeStep;
use crate::tui::form::{Field, Form, FormKind};
use crate::tui::i18n::Lang;

/// Days to resolve a case, by default.
pub const DEADLINE_DAYS: i32 = 15;

/// Where the case happened and who lives there, when it is opened at a door.
pub struct Door<'a> {
    pub household: Option<Id>,
    pub community: Id,
    pub grid: Id,
    pub place: String,
    pub residents: &'a [Resident],
}

pub fn new(lang: Lang, door: &Door, user: &str, now: Instant) -> Form {
    let today = local_day(now);
    let deadline = date_of(today + DEADLINE_DAYS)
        .format("%Y-%m-%d")
        .to_string();
    let fields = vec![
        Field::line("title", lang.pick("事由", "Title"), ""),
        Field::choice(
            "category",
            lang.pick("类别", "Category"),
            DisputeCategory::ALL
                .iter()
                .map(|c| lang.category(*c).to_string())
                .collect(),
            0,
        ),
        Field::line("parties", lang.pick("当事人", "Parties"), "").with_hint(lang.pick(
            "逗号分隔；本户居民按姓名对上",
            "comma-separated; residents here are matched by name",
        )),
        Field::line("place", lang.pick("地点", "Place"), &door.place),
        Field::choice(
            "severity",
            lang.pick("程度", "Severity"),
            Severity::ALL
                .iter()
                .map(|s| lang.severity(*s).to_string())
                .collect(),
            0,
        ),
        Field::line("deadline", lang.pick("化解时限", "Deadline"), &deadline),
        Field::line("mediator", lang.pick("调解人", "Mediator"), user),
        Field::area("note", lang.pick("情况", "What happened"), ""),
    ];
    let title = format!(
        "{} · {}",
        lang.pick("登记矛盾纠纷", "Open a dispute"),
        door.place
    );
    let kind = FormKind::Dispute {
        household: door.household,
        community: door.community,
        grid: door.grid,
    };
    let mut form = Form::new(kind, title, door.place.clone(), fields, "title");
    form.context = vec![format!(
        "{} {}",
        lang.pick("登记时间", "Reported"),
        format_local(now)
    )];
    form
}

/// Checks the case; the new dispute and its first note once all is valid.
pub fn request(
    form: &mut Form,
    lang: Lang,
    residents: &[Resident],
    user: &str,
    now: Instant,
) -> Option<(Dispute, String)> {
    let FormKind::Dispute {
        household,
        community,
        grid,
    } = form.kind
    else {
        return None;
    };
    let today = local_day(now);
    let title = form.field("title").text().trim().to_string();
    form.set_error(
        "title",
        title.is_empty().then(|| {
            lang.pick(
                "请用几个字说明纠纷的事由",
                "say in a few words what it is about",
            )
            .into()
        }),
    );
    let deadline = match parse_day(&form.field("deadline").text(), today) {
        Some(d) if d >= today => {
            form.set_error("deadline", None);
            Some(d)
        }
        Some(_) => {
            form.set_error(
                "deadline",
                Some(
                    lang.pick(
                        "时限早于登记日，请选以后的日期",
                        "the deadline is before the report; pick a later day",
                    )
                    .into(),
                ),
            );
            None
        }
        None => {
            form.set_error(
                "deadline",
                Some(
                    lang.pick(
                        "日期看不懂，请写 2026-12-10 或 +15",
                        "not a day; write 2026-12-10 or +15",
                    )
                    .into(),
                ),
            );
            None
        }
    };
    if form.has_errors() {
        return None;
    }
    let parties = form
        .field("parties")
        .text()
        .split([',', '，', '、', ';', '；'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|p| match residents.iter().find(|r| r.name == p) {
            Some(r) => Party::Resident(r.id),
            None => {
                let (name, phone) = match p.rsplit_once(' ') {
                    Some((n, ph)) if ph.chars().all(|c| c.is_ascii_digit()) => (n.trim(), ph),
                    _ => (p, ""),
                };
                Party::Outsider {
                    name: name.to_string(),
                    phone: phone.to_string(),
                }
            }
        })
        .collect();
    let dispute = Dispute {
        id: 0,
        community,
        grid,
        household,
        title,
        category: DisputeCategory::ALL[form.field("category").selected()],
        parties,
        place: form.field("place").text().trim().to_string(),
        reported_at: now,
        reported_by: user.to_string(),
        severity: Severity::ALL[form.field("severity").selected()],
        deadline: deadline?,
        mediator: form.field("mediator").text().trim().to_string(),
        status: DisputeStatus::Found,
        outcome: None,
    };
    Some((dispute, form.field("note").text()))
}

/// What a step form does to a case: move it on (or close it), note mediation at the step it
/// is at, or reopen it once closed. All three are one `DisputeStep` to the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepKind {
    Advance,
    Note,
    Reopen,
}

impl StepKind {
    /// What a step written on a case at `seen` to `to` was.
    pub fn of(seen: Option<DisputeStatus>, to: DisputeStatus) -> StepKind {
        match seen {
            Some(DisputeStatus::Closed) if to.is_open() => StepKind::Reopen,
            Some(s) if s == to => StepKind::Note,
            _ => StepKind::Advance,
        }
    }
}

/// The next steps a case can take: the one after its status, and closing.
pub fn next_steps(status: DisputeStatus) -> Vec<DisputeStatus> {
    let mut steps: Vec<DisputeStatus> = status.next().into_iter().collect();
    if !steps.contains(&DisputeStatus::Closed) {
        steps.push(DisputeStatus::Closed);
    }
    steps
}

/// The statuses a step form offers: the next ones, the step the case is at, or the open
/// steps a closed case can be reopened at.
fn choices(kind: StepKind, status: DisputeStatus) -> Vec<DisputeStatus> {
    match kind {
        StepKind::Advance => next_steps(status),
        StepKind::Note => vec![status],
        StepKind::Reopen => DisputeStatus::ALL
            .into_iter()
            .filter(|s| s.is_open())
            .collect(),
    }
}

/// A case's timeline as lines, oldest first: a note that moved nothing says so, and a step
/// out of closed says the case was reopened.
pub fn timeline(lang: Lang, notes: &[MediationNote]) -> Vec<String> {
    let mut prev: Option<DisputeStatus> = None;
    notes
        .iter()
        .map(|n| {
            let status = lang.dispute_status(n.status);
            let label = match StepKind::of(prev, n.status) {
                StepKind::Note => format!("{status}·{}", lang.pick("记录", "note")),
                StepKind::Reopen => format!("{}→{status}", lang.pick("重新打开", "reopened")),
                StepKind::Advance => status.to_string(),
            };
            prev = Some(n.status);
            format!("{} [{label}] {} {}", format_local(n.at), n.staff, n.text)
        })
        .collect()
}

/// A step on a case, with a note; the timeline above. Moving on offers the next step and
/// closing; reopening offers the open steps, at mediation first.
pub fn step(lang: Lang, d: &Dispute, notes: &[MediationNote], kind: StepKind) -> Form {
    let steps = choices(kind, d.status);
    let mut fields = Vec::new();
    if kind != StepKind::Note {
        let first = match kind {
            StepKind::Reopen => steps
                .iter()
                .position(|s| *s == DisputeStatus::Mediating)
                .unwrap_or(0),
            _ => 0,
        };
        fields.push(Field::choice(
            "to",
            match kind {
                StepKind::Reopen => lang.pick("重开到", "Reopen at"),
                _ => lang.pick("下一步", "Next step"),
            },
            steps
                .iter()
                .map(|s| lang.dispute_status(*s).to_string())
                .collect(),
            first,
        ));
    }
    if kind == StepKind::Advance {
        fields.push(Field::choice(
            "outcome",
            lang.pick("结案结果", "Outcome if closing"),
            DisputeOutcome::ALL
                .iter()
                .map(|o| lang.dispute_outcome(*o).to_string())
                .collect(),
            0,
        ));
    }
    fields.push(Field::area(
        "note",
        match kind {
            StepKind::Advance => lang.pick("办理情况", "What was done"),
            StepKind::Note => lang.pick("调解情况", "Mediation note"),
            StepKind::Reopen => lang.pick("重开原因", "Why reopen"),
        },
        "",
    ));
    let title = format!(
        "{} · {} [{}]",
        d.title,
        match kind {
            StepKind::Advance => lang.pick("推进", "next step"),
            StepKind::Note => lang.pick("记录调解情况", "mediation note"),
            StepKind::Reopen => lang.pick("重新打开", "reopen"),
        },
        lang.dispute_status(d.status)
    );
    let form_kind = FormKind::DisputeStep {
        dispute: d.id,
        status: d.status,
        kind,
    };
    let mut form = Form::new(form_kind, title, d.title.clone(), fields, "note");
    form.context = timeline(lang, notes);
    form
}

pub fn step_request(form: &mut Form, lang: Lang) -> Option<DisputeStep> {
    let FormKind::DisputeStep {
        dispute,
        status,
        kind,
    } = form.kind
    else {
        return None;
    };
    let steps = choices(kind, status);
    let to = match form.fields.iter().find(|f| f.name == "to") {
        Some(f) => steps[f.selected().min(steps.len() - 1)],
        None => steps[0],
    };
    let note = form.field("note").text();
    form.set_error(
        "note",
        note.trim().is_empty().then(|| {
            match kind {
                StepKind::Advance => lang.pick(
                    "每一步都要写办理情况",
                    "each step needs a note of what was done",
                ),
                StepKind::Note => {
                    lang.pick("请写下调解的情况", "write what happened in the mediation")
                }
                StepKind::Reopen => {
                    lang.pick("请写明为什么重新打开", "say why the case is reopened")
                }
            }
            .into()
        }),
    );
    if form.has_errors() {
        return None;
    }
    let outcome = form
        .fields
        .iter()
        .find(|f| f.name == "outcome")
        .map(|f| DisputeOutcome::ALL[f.selected()]);
    Some(DisputeStep {
        dispute,
        to,
        outcome: outcome.filter(|_| to == DisputeStatus::Closed),
        note,
        seen: Some(status),
    })
}

//! The dispute forms: opening a case at a door, and moving it one step along its loop.

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

/// The next steps a case can take: the one after its status, and closing.
pub fn next_steps(status: DisputeStatus) -> Vec<DisputeStatus> {
    let mut steps: Vec<DisputeStatus> = status.next().into_iter().collect();
    if !steps.contains(&DisputeStatus::Closed) {
        steps.push(DisputeStatus::Closed);
    }
    steps
}

/// Moving a case on: to the next step (or closing it), with a note; the timeline above.
pub fn step(lang: Lang, d: &Dispute, notes: &[MediationNote]) -> Form {
    let steps = next_steps(d.status);
    let fields = vec![
        Field::choice(
            "to",
            lang.pick("下一步", "Next step"),
            steps
                .iter()
                .map(|s| lang.dispute_status(*s).to_string())
                .collect(),
            0,
        ),
        Field::choice(
            "outcome",
            lang.pick("结案结果", "Outcome if closing"),
            DisputeOutcome::ALL
                .iter()
                .map(|o| lang.dispute_outcome(*o).to_string())
                .collect(),
            0,
        ),
        Field::area("note", lang.pick("办理情况", "What was done"), ""),
    ];
    let title = format!(
        "{} · {} [{}]",
        d.title,
        lang.pick("推进", "next step"),
        lang.dispute_status(d.status)
    );
    let kind = FormKind::DisputeStep {
        dispute: d.id,
        status: d.status,
    };
    let mut form = Form::new(kind, title, d.title.clone(), fields, "note");
    form.context = notes
        .iter()
        .map(|n| {
            format!(
                "{} [{}] {} {}",
                format_local(n.at),
                lang.dispute_status(n.status),
                n.staff,
                n.text
            )
        })
        .collect();
    form
}

pub fn step_request(form: &mut Form, lang: Lang) -> Option<DisputeStep> {
    let FormKind::DisputeStep { dispute, status } = form.kind else {
        return None;
    };
    let to = next_steps(status)[form
        .field("to")
        .selected()
        .min(next_steps(status).len() - 1)];
    let note = form.field("note").text();
    form.set_error(
        "note",
        note.trim().is_empty().then(|| {
            lang.pick(
                "每一步都要写办理情况",
                "each step needs a note of what was done",
            )
            .into()
        }),
    );
    if form.has_errors() {
        return None;
    }
    Some(DisputeStep {
        dispute,
        to,
        outcome: (to == DisputeStatus::Closed)
            .then(|| DisputeOutcome::ALL[form.field("outcome").selected()]),
        note,
        seen: Some(status),
    })
}

//! Marking a follow-up done: a note of what was done.

use crate::model::{FollowUp, Id};
use crate::tui::form::{Field, Form, FormKind};
use crate::tui::i18n::Lang;

pub fn done(lang: Lang, f: &FollowUp, address: &str) -> Form {
    let fields = vec![Field::area(
        "note",
        lang.pick("办理结果", "What was done"),
        "",
    )];
    let title = format!("{} · {} {address}", lang.pick("办结", "Done"), f.title);
    let kind = FormKind::FollowUpDone {
        followup: f.id,
        household: f.household,
    };
    Form::new(
        kind,
        title,
        format!("{address} {}", f.title),
        fields,
        "note",
    )
}

pub fn done_request(form: &mut Form, lang: Lang) -> Option<(Id, String)> {
    let FormKind::FollowUpDone { followup, .. } = form.kind else {
        return None;
    };
    let note = form.field("note").text();
    form.set_error(
        "note",
        note.trim()
            .is_empty()
            .then(|| lang.pick("请写明办理结果", "say what was done").into()),
    );
    (!form.has_errors()).then_some((followup, note))
}

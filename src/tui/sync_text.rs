//! Sync in words: the status sentences (`gridbook sync --status` and the screen), the short
//! status for the status bar, and conflicts as people read them (field names, plain values).

use serde_json::Value;

use super::i18n::Lang;
use crate::model::time::{format_local, local, local_day, Day, Instant};
use crate::model::{CareTag, Relation, Residence, Sex};
use crate::store::sync::{Conflict, ConflictKind, SyncStatus};

/// The sync status in sentences (the CLI's `sync --status` and the conflicts screen).
pub fn status_lines(s: &SyncStatus, lang: Lang) -> Vec<String> {
    let when = |at: i64| format_local(at);
    let mut out = Vec::new();
    match (&s.last_ok, lang) {
        (Some((at, peer)), Lang::Zh) => out.push(format!("上次成功同步：{}（{peer}）", when(*at))),
        (Some((at, peer)), Lang::En) => {
            out.push(format!("last successful sync: {} ({peer})", when(*at)))
        }
        (None, Lang::Zh) => out.push("还没有成功同步过".into()),
        (None, Lang::En) => out.push("never synced successfully yet".into()),
    }
    match lang {
        Lang::Zh => out.push(format!("待上传：{} 条变更", s.waiting)),
        Lang::En => out.push(format!(
            "waiting to go up: {}",
            crate::i18n::count(s.waiting, "change", "changes")
        )),
    }
    if let Some((at, e)) = &s.last_error {
        let e = crate::i18n::localize(e, lang);
        match lang {
            Lang::Zh => out.push(format!("上次同步失败（{}）：{e}", when(*at))),
            Lang::En => out.push(format!("the last sync failed ({}): {e}", when(*at))),
        }
    }
    if s.open_conflicts > 0 {
        match lang {
            Lang::Zh => out.push(format!(
                "有 {} 处冲突待核对（在 gridbook 里按 C 查看）",
                s.open_conflicts
            )),
            Lang::En => out.push(match s.open_conflicts {
                1 => "1 conflict to review (press C in gridbook)".to_string(),
                n => format!("{n} conflicts to review (press C in gridbook)"),
            }),
        }
    }
    out
}

/// Whether this store takes part in sync, so that the screen has something to say about it.
pub fn takes_part(s: &SyncStatus) -> bool {
    s.origin != 0 || s.last_ok.is_some() || s.last_error.is_some() || s.open_conflicts > 0
}

/// A time for the status bar: `今天 14:05` / `today 14:05`, else `11月25日 14:05` / `25 Nov 14:05`.
pub fn short_time(at: Instant, today: Day, lang: Lang) -> String {
    let t = local(at);
    let clock = t.format("%H:%M");
    if local_day(at) == today {
        format!("{} {clock}", lang.pick("今天", "today"))
    } else {
        format!("{} {clock}", lang.short_date(t.date_naive(), today))
    }
}

/// One piece of the status bar's sync part; `warn` pieces are drawn in the warning colour.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    pub text: String,
    pub warn: bool,
}

/// The status bar's sync part, from the most to the least detailed: the bar takes the first
/// that fits. Empty when the store does not take part in sync.
pub fn bar_variants(s: &SyncStatus, today: Day, lang: Lang) -> Vec<Vec<Piece>> {
    if !takes_part(s) {
        return Vec::new();
    }
    let piece = |text: String, warn: bool| Piece { text, warn };
    let error = s.last_error.as_ref().map(|(_, e)| {
        let e = crate::i18n::localize(e, lang);
        lang.pick(format!("同步失败：{e}"), format!("sync failed: {e}"))
    });
    let last = |peer: bool| match &s.last_ok {
        Some((at, who)) => {
            let t = short_time(*at, today, lang);
            match (lang, peer) {
                (Lang::Zh, true) => format!("上次同步 {t}（{who}）"),
                (Lang::Zh, false) => format!("上次同步 {t}"),
                (Lang::En, true) => format!("synced {t} ({who})"),
                (Lang::En, false) => format!("synced {t}"),
            }
        }
        None => lang.pick("未同步过", "never synced").to_string(),
    };
    let waiting = lang.pick(
        format!("待上传 {}", s.waiting),
        format!("{} to send", s.waiting),
    );
    let conflicts = (s.open_conflicts > 0).then(|| {
        lang.pick(
            format!("冲突 {}", s.open_conflicts),
            match s.open_conflicts {
                1 => "1 conflict".to_string(),
                n => format!("{n} conflicts"),
            },
        )
    });
    let build = |error: Option<String>, last: Option<String>| {
        let mut v = Vec::new();
        if let Some(e) = error {
            v.push(piece(e, true));
        }
        if let Some(l) = last {
            v.push(piece(l, false));
        }
        v.push(piece(waiting.clone(), false));
        if let Some(c) = &conflicts {
            v.push(piece(c.clone(), true));
        }
        v
    };
    let failed = lang.pick("同步失败", "sync failed").to_string();
    let mut out = vec![
        build(error.clone(), Some(last(true))),
        build(error.clone(), Some(last(false))),
        build(error.clone(), None),
    ];
    if error.is_some() {
        out.push(build(Some(failed.clone()), Some(last(false))));
        out.push(build(Some(failed), None));
    }
    out.dedup();
    out
}

/// A field's name as staff know it: 电话, 关怀标签; the raw name when there is no better one.
pub fn field_name(tree: &str, field: &str, lang: Lang) -> String {
    let pair = match (tree, field) {
        (_, "phone") => ("电话", "phone"),
        (_, "care_tags") => ("关怀标签", "care tags"),
        (_, "head") => ("户主", "head"),
        (_, "captain") => ("楼长", "captain"),
        (_, "address") => ("地址", "address"),
        (_, "building") => ("楼栋", "building"),
        (_, "grid") => ("网格", "grid"),
        (_, "community") => ("社区", "community"),
        (_, "household") => ("所属住户", "household"),
        (_, "name") => ("姓名", "name"),
        (_, "sex") => ("性别", "sex"),
        (_, "birth") => ("出生日期", "birth date"),
        (_, "id_number") => ("身份证号", "ID number"),
        (_, "relation") => ("与户主关系", "relation"),
        (_, "residence") => ("常住/流动", "residence"),
        (_, "party_member") => ("党员", "party member"),
        ("disputes", "title") => ("事由", "title"),
        ("followups", "title") => ("事项", "title"),
        (_, "status") => ("状态", "status"),
        (_, "deadline") => ("时限", "deadline"),
        (_, "mediator") => ("调解人", "mediator"),
        (_, "place") => ("地点", "place"),
        (_, "category") => ("类别", "category"),
        (_, "severity") => ("严重程度", "severity"),
        (_, "outcome") => ("结果", "outcome"),
        (_, "due") => ("到期", "due"),
        (_, "owner") => ("负责人", "owner"),
        (_, "findings") => ("走访情况", "findings"),
        _ => return field.to_string(),
    };
    lang.pick(pair.0, pair.1).to_string()
}

/// A value a conflict kept or lost (JSON text), as people read it: strings without quotes,
/// care tags and other named values in the language, dates as dates, nothing as 空 / none.
pub fn value(field: &str, json: &str, lang: Lang) -> String {
    let Ok(v) = serde_json::from_str::<Value>(json) else {
        return json.to_string();
    };
    let named = |v: &Value| -> Option<String> {
        let v = v.clone();
        match field {
            "care_tags" => serde_json::from_value::<Vec<CareTag>>(v).ok().map(|tags| {
                if tags.is_empty() {
                    lang.pick("无", "none").to_string()
                } else {
                    let names: Vec<&str> = tags.iter().map(|t| lang.care_tag(*t)).collect();
                    names.join(lang.pick("、", ", "))
                }
            }),
            "sex" => serde_json::from_value::<Sex>(v)
                .ok()
                .map(|s| lang.sex(s).to_string()),
            "relation" => serde_json::from_value::<Relation>(v)
                .ok()
                .map(|r| lang.relation(r).to_string()),
            "residence" => serde_json::from_value::<Residence>(v)
                .ok()
                .map(|r| lang.residence(r).to_string()),
            "birth" | "deadline" | "due" => serde_json::from_value::<Day>(v)
                .ok()
                .map(|d| lang.date(crate::model::time::date_of(d))),
            _ => None,
        }
    };
    if let Some(text) = named(&v) {
        return text;
    }
    match v {
        Value::Null => lang.pick("（空）", "(none)").to_string(),
        Value::String(s) if s.is_empty() => lang.pick("（空）", "(none)").to_string(),
        Value::String(s) => s,
        Value::Bool(b) => lang
            .pick(if b { "是" } else { "否" }, if b { "yes" } else { "no" })
            .into(),
        other => other.to_string(),
    }
}

/// What a conflict row says about the field: its name, or what kind of conflict it is.
pub fn what(c: &Conflict, lang: Lang) -> String {
    match c.kind {
        ConflictKind::Field => field_name(&c.tree, &c.field, lang),
        ConflictKind::Removed => lang.pick("已删除", "removed").to_string(),
        ConflictKind::DuplicatePerson => lang.pick("可能重复", "duplicate?").to_string(),
    }
}

/// The kept and the lost value of a conflict as the list shows them.
pub fn kept_and_lost(c: &Conflict, lang: Lang) -> (String, String) {
    match c.kind {
        ConflictKind::Field => (
            value(&c.field, &c.kept, lang),
            value(&c.field, &c.lost, lang),
        ),
        ConflictKind::Removed => (
            lang.pick("（已删除）", "(removed)").to_string(),
            lang.pick("这里的修改", "the change here").to_string(),
        ),
        ConflictKind::DuplicatePerson => (
            lang.pick(format!("编号 {}", c.kept), format!("id {}", c.kept)),
            lang.pick(format!("编号 {}", c.lost), format!("id {}", c.lost)),
        ),
    }
}

/// The sentences about one conflict for the detail under the list: what happened, who wrote
/// which value, when it was noticed, and how it was settled or how to settle it.
pub fn detail_lines(c: &Conflict, lang: Lang) -> Vec<String> {
    let (kept, lost) = kept_and_lost(c, lang);
    let mut out = Vec::new();
    match c.kind {
        ConflictKind::Field => {
            let field = field_name(&c.tree, &c.field, lang);
            out.push(lang.pick(
                format!("{}的{field}两边都改过", c.record),
                format!("{} of {} was changed on both sides", field, c.record),
            ));
            out.push(lang.pick(
                format!("现值：{kept}（{}）", c.kept_by),
                format!("kept: {kept} ({})", c.kept_by),
            ));
            out.push(lang.pick(
                format!("未采用：{lost}（{}）", c.lost_by),
                format!("lost: {lost} ({})", c.lost_by),
            ));
        }
        ConflictKind::Removed => {
            out.push(lang.pick(
                format!("{}在另一端已删除，{}的修改没有保留", c.record, c.lost_by),
                format!(
                    "{} was removed elsewhere; the change by {} was not kept",
                    c.record, c.lost_by
                ),
            ));
        }
        ConflictKind::DuplicatePerson => {
            out.push(lang.pick(
                format!("可能重复登记的人员：{}", c.record),
                format!("possible duplicate person: {}", c.record),
            ));
            out.push(lang.pick(
                format!(
                    "{kept}（{}）与{lost}（{}）身份证号相同",
                    c.kept_by, c.lost_by
                ),
                format!(
                    "{kept} ({}) and {lost} ({}) carry one ID number",
                    c.kept_by, c.lost_by
                ),
            ));
        }
    }
    out.push(lang.pick(
        format!("发现于 {}", format_local(c.noticed)),
        format!("noticed {}", format_local(c.noticed)),
    ));
    out
}

/// How a settled conflict was settled, or None while it is open.
pub fn settled(c: &Conflict, lang: Lang) -> Option<String> {
    let r = c.resolved.as_ref()?;
    let at = format_local(r.at);
    Some(match (r.restored, lang) {
        (true, Lang::Zh) => format!("已由 {} 于 {at} 恢复未采用的值", r.by),
        (true, Lang::En) => format!("settled by {} at {at}: the lost value was put back", r.by),
        (false, Lang::Zh) => format!("已由 {} 于 {at} 确认保留现值", r.by),
        (false, Lang::En) => format!("settled by {} at {at}: what is there was kept", r.by),
    })
}

/// The status bar's sentence after a conflict is settled.
pub fn resolved_message(c: &Conflict, lang: Lang) -> String {
    let (kept, lost) = kept_and_lost(c, lang);
    let what = what(c, lang);
    let restored = c.resolved.as_ref().is_some_and(|r| r.restored);
    match (c.kind, restored, lang) {
        (ConflictKind::Field, true, Lang::Zh) => {
            format!("已恢复{}的{what}：{lost}", c.record)
        }
        (ConflictKind::Field, true, Lang::En) => {
            format!("put back {what} of {}: {lost}", c.record)
        }
        (ConflictKind::Field, false, Lang::Zh) => {
            format!("已保留{}的{what}：{kept}", c.record)
        }
        (ConflictKind::Field, false, Lang::En) => {
            format!("kept {what} of {}: {kept}", c.record)
        }
        (_, _, Lang::Zh) => format!("已核对：{}，保留现状", c.record),
        (_, _, Lang::En) => format!("reviewed {}: left as it is", c.record),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_read_without_json_quotes_and_tags_in_the_language() {
        assert_eq!(value("phone", "\"13911112222\"", Lang::Zh), "13911112222");
        assert_eq!(
            value("care_tags", "[\"ElderlyAlone\",\"Disabled\"]", Lang::Zh),
            "独居老人、残疾人"
        );
        assert_eq!(value("care_tags", "[]", Lang::En), "none");
        assert_eq!(value("head", "null", Lang::Zh), "（空）");
        assert_eq!(value("head", "101", Lang::En), "101");
        assert_eq!(field_name("households", "phone", Lang::Zh), "电话");
        assert_eq!(field_name("households", "care_tags", Lang::Zh), "关怀标签");
        assert_eq!(field_name("households", "odd_field", Lang::Zh), "odd_field");
    }

    #[test]
    fn a_store_that_never_synced_says_nothing_in_the_bar() {
        assert!(bar_variants(&SyncStatus::default(), 0, Lang::Zh).is_empty());
    }
}

//! The roster forms: a household's facts, a resident added or changed, a resident leaving or
//! moving, a new household at an empty address; each built from the household's detail and
//! turned into the `api::roster` request once every field is right.

use crate::api::roster::{AddHousehold, AddResident, EditHousehold, EditResident, ResidentLeaves};
use crate::api::Op;
use crate::model::address::{split_community, AddressQuery};
use crate::model::time::day_text;
use crate::model::time::{date_of, parse_day, Day};
use crate::model::{
    idnumber, phone, Address, CareTag, HouseStatus, Id, Landlord, LeaveReason, Relation, Residence,
    Resident, Sex, Tenancy,
};
use crate::store::query::HouseholdDetail;
use crate::store::roster::{HouseholdChange, NewResident, ResidentChange};
use crate::tui::form::{Field, Form, FormKind};
use crate::tui::i18n::Lang;

/// Which roster form, and about whom.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RosterForm {
    /// The household's phone, care tags, house status, landlord, tenancy and note.
    Household,
    AddResident,
    EditResident(Id),
    Leave(Id),
    Move(Id),
}

pub const STATUSES: [HouseStatus; 4] = [
    HouseStatus::Owner,
    HouseStatus::Rented,
    HouseStatus::Vacant,
    HouseStatus::Other,
];

pub fn house_status(lang: Lang, s: HouseStatus) -> &'static str {
    match s {
        HouseStatus::Owner => lang.pick("自住", "owner"),
        HouseStatus::Rented => lang.pick("出租", "rented"),
        HouseStatus::Vacant => lang.pick("空置", "vacant"),
        HouseStatus::Other => lang.pick("其他", "other"),
    }
}

/// How a former resident's leaving shows: `迁出 2026-11-02` or `死亡 2026-11-02`.
pub fn leaving(lang: Lang, r: &Resident) -> String {
    match &r.left {
        None => String::new(),
        Some(l) => {
            let day = date_of(l.day).format("%Y-%m-%d");
            match &l.reason {
                LeaveReason::MovedOut { to: Some(to) } if !to.is_empty() => {
                    format!("{} {day} → {to}", lang.pick("迁出", "moved out"))
                }
                LeaveReason::MovedOut { .. } => format!("{} {day}", lang.pick("迁出", "moved out")),
                LeaveReason::Died => format!("{} {day}", lang.pick("死亡", "died")),
            }
        }
    }
}

fn tags_field(lang: Lang, have: &[CareTag]) -> Field {
    Field::checks(
        "tags",
        lang.pick("重点人群", "Care tags"),
        CareTag::ALL
            .iter()
            .enumerate()
            .map(|(i, t)| (i as Id, lang.care_tag(*t).to_string()))
            .collect(),
        CareTag::ALL.iter().map(|t| have.contains(t)).collect(),
    )
    .with_hint(lang.pick("↑↓ 移动，空格勾选", "↑↓ move, space ticks"))
}

fn tags_of(f: &Field) -> Vec<CareTag> {
    f.checked_ids()
        .into_iter()
        .filter_map(|i| CareTag::ALL.get(i as usize).copied())
        .collect()
}

fn yes_no(lang: Lang) -> Vec<String> {
    vec![lang.pick("否", "no").into(), lang.pick("是", "yes").into()]
}

fn resident_fields(lang: Lang, r: Option<&Resident>) -> Vec<Field> {
    let relation = r
        .and_then(|r| Relation::ALL.iter().position(|x| *x == r.relation))
        .unwrap_or(2);
    // Adding, the sex may come from the ID number; changing, it is one of the two.
    let (sexes, sex) = match r {
        None => (
            vec![
                lang.pick("按身份证号", "from the ID number").to_string(),
                lang.sex(Sex::Male).to_string(),
                lang.sex(Sex::Female).to_string(),
            ],
            0,
        ),
        Some(r) => (
            vec![
                lang.sex(Sex::Male).to_string(),
                lang.sex(Sex::Female).to_string(),
            ],
            usize::from(r.sex == Sex::Female),
        ),
    };
    vec![
        Field::line("name", lang.pick("姓名", "Name"), r.map_or("", |r| &r.name)),
        Field::choice(
            "relation",
            lang.pick("关系", "Relation"),
            Relation::ALL
                .iter()
                .map(|x| lang.relation(*x).to_string())
                .collect(),
            relation,
        ),
        Field::line(
            "id_number",
            lang.pick("身份证号", "ID number"),
            r.map_or("", |r| &r.id_number),
        ),
        Field::choice("sex", lang.pick("性别", "Sex"), sexes, sex),
        Field::line(
            "birth",
            lang.pick("出生日期", "Born"),
            &r.map(|r| day_text(r.birth)).unwrap_or_default(),
        )
        .with_hint(lang.pick(
            "如 1956-03-05；空着按身份证号",
            "such as 1956-03-05; empty takes the ID number's",
        )),
        Field::line(
            "phone",
            lang.pick("电话", "Phone"),
            r.map_or("", |r| &r.phone),
        ),
        Field::choice(
            "residence",
            lang.pick("常住/流动", "Residence"),
            vec![
                lang.residence(Residence::Resident).to_string(),
                lang.residence(Residence::Migrant).to_string(),
            ],
            usize::from(r.is_some_and(|r| r.residence == Residence::Migrant)),
        ),
        tags_field(lang, r.map_or(&[], |r| &r.care_tags)),
        Field::choice(
            "party",
            lang.pick("党员", "Party member"),
            yes_no(lang),
            usize::from(r.is_some_and(|r| r.party_member)),
        ),
    ]
}

/// The resident a form is about, current or former.
pub fn resident_in(d: &HouseholdDetail, id: Id) -> Option<&Resident> {
    d.residents.iter().chain(&d.former).find(|r| r.id == id)
}

/// The form asked for, on the household `d`; None when its resident is not there any more.
pub fn open(lang: Lang, d: &HouseholdDetail, which: RosterForm, today: Day) -> Option<Form> {
    let h = &d.household;
    let a = h.address;
    let household = h.id;
    let named = |id: Id| resident_in(d, id).map(|r| r.name.clone());
    let (kind, title, fields, focus) = match which {
        RosterForm::Household => {
            let status = STATUSES
                .iter()
                .position(|s| Some(*s) == h.status)
                .unwrap_or(0);
            let fields = vec![
                Field::line("phone", lang.pick("户电话", "Phone"), &h.phone),
                tags_field(lang, &h.care_tags),
                Field::choice(
                    "status",
                    lang.pick("房屋状态", "House"),
                    STATUSES
                        .iter()
                        .map(|s| house_status(lang, *s).to_string())
                        .collect(),
                    status,
                ),
                Field::line(
                    "landlord",
                    lang.pick("房东姓名", "Landlord"),
                    h.landlord.as_ref().map_or("", |l| &l.name),
                )
                .with_hint(lang.pick("出租房填写", "for a rented flat")),
                Field::line(
                    "landlord_phone",
                    lang.pick("房东电话", "Landlord phone"),
                    h.landlord.as_ref().map_or("", |l| &l.phone),
                ),
                Field::line(
                    "from",
                    lang.pick("租期起", "Tenancy from"),
                    &h.tenancy.map(|t| day_text(t.from)).unwrap_or_default(),
                ),
                Field::line(
                    "to",
                    lang.pick("租期止", "Tenancy to"),
                    &h.tenancy.map(|t| day_text(t.to)).unwrap_or_default(),
                ),
                Field::area("note", lang.pick("备注", "Note"), &h.note),
            ];
            (
                FormKind::Household { household },
                format!("{} {a}", lang.pick("修改户信息", "Edit household")),
                fields,
                "phone",
            )
        }
        RosterForm::AddResident => (
            FormKind::AddResident { household },
            format!("{} {a}", lang.pick("添加居民", "Add a resident to")),
            resident_fields(lang, None),
            "name",
        ),
        RosterForm::EditResident(id) => {
            let r = resident_in(d, id)?;
            (
                FormKind::EditResident {
                    resident: id,
                    household,
                },
                format!("{} {} · {a}", lang.pick("修改居民", "Edit"), r.name),
                resident_fields(lang, Some(r)),
                "name",
            )
        }
        RosterForm::Leave(id) => {
            let name = named(id)?;
            let fields = vec![
                Field::choice(
                    "reason",
                    lang.pick("原因", "Reason"),
                    vec![
                        lang.pick("迁出", "moved out").into(),
                        lang.pick("死亡", "died").into(),
                    ],
                    0,
                ),
                Field::line("day", lang.pick("日期", "Day"), &day_text(today))
                    .with_hint(lang.pick("如 2026-11-02", "such as 2026-11-02")),
                Field::line("to", lang.pick("迁往", "Moved to"), "")
                    .with_hint(lang.pick("知道就填，可空", "if known; may be empty")),
            ];
            (
                FormKind::Leave {
                    resident: id,
                    household,
                },
                format!("{} {name} · {a}", lang.pick("居民离开", "Leaving:")),
                fields,
                "reason",
            )
        }
        RosterForm::Move(id) => {
            let name = named(id)?;
            let fields = vec![Field::line("address", lang.pick("迁到地址", "Move to"), "")
                .with_hint(lang.pick(
                    "楼-单元-室，如 5-2-301；别的社区前加社区名",
                    "building-entrance-room, such as 5-2-301; another community's after its name",
                ))];
            (
                FormKind::Move {
                    resident: id,
                    household,
                },
                format!("{} {name} · {a}", lang.pick("迁到另一户", "Move")),
                fields,
                "address",
            )
        }
    };
    Some(Form::new(kind, title, a.to_string(), fields, focus))
}

/// A new household at an empty address of the building: the address asked for, with the
/// building's number filled in.
pub fn new_household(lang: Lang, building: Id, number: Option<u32>, label: &str) -> Form {
    let start = number.map(|n| format!("{n}-")).unwrap_or_default();
    let fields = vec![
        Field::line("address", lang.pick("地址", "Address"), &start).with_hint(lang.pick(
            "楼-单元-室，如 5-2-301",
            "building-entrance-room, such as 5-2-301",
        )),
    ];
    Form::new(
        FormKind::NewHousehold { building },
        format!("{} · {label}", lang.pick("新建一户", "New household")),
        label.to_string(),
        fields,
        "address",
    )
}

fn set(form: &mut Form, name: &str, r: Result<(), String>) -> bool {
    let ok = r.is_ok();
    form.set_error(name, r.err());
    ok
}

fn check_phone(lang: Lang, text: &str) -> Result<(), String> {
    if text.trim().is_empty() {
        return Ok(());
    }
    phone::normalize(text)
        .map(drop)
        .map_err(|e| crate::i18n::localize(&e.to_string(), lang))
}

/// A day typed in full (`1956-03-05`), or none when empty.
fn check_day(lang: Lang, text: &str) -> Result<Option<Day>, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    // A full date only: `12-01` means a day to come, not a birth date or a past day.
    let full = t.chars().filter(|c| c.is_ascii_digit()).count() >= 8;
    match parse_day(t, 0).filter(|_| full) {
        Some(d) => Ok(Some(d)),
        None => Err(lang
            .pick("日期看不懂，请写 2026-11-02", "not a day; write 2026-11-02")
            .into()),
    }
}

/// Reads the ID number as typed: an error for a number that cannot be right, and in the
/// hint what it says (born, sex) or the import's warning.
fn check_id(form: &mut Form, lang: Lang) -> bool {
    let text: String = form
        .field("id_number")
        .text()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let base = lang.pick("18 位，可空", "18 characters; may be empty");
    let (error, hint) = if text.is_empty() {
        (None, base.to_string())
    } else {
        match idnumber::read(&text.to_ascii_uppercase()) {
            Err(e) => (
                Some(crate::i18n::localize(&e.to_string(), lang)),
                base.to_string(),
            ),
            Ok((facts, warning)) => {
                let says = format!(
                    "{} {} {}",
                    lang.pick("出生", "born"),
                    facts.birth.format("%Y-%m-%d"),
                    lang.sex(facts.sex)
                );
                match warning {
                    Some(w) => (None, format!("{says}；{}", crate::i18n::localize(&w, lang))),
                    None => (None, says),
                }
            }
        }
    };
    if let Some(f) = form.field_mut("id_number") {
        f.hint = hint;
    }
    set(form, "id_number", error.map_or(Ok(()), Err))
}

/// The request the form asks for once every field is right; None (with errors beside the
/// fields) otherwise. `d` is the household as it was when the form opened.
pub fn request(form: &mut Form, lang: Lang, d: Option<&HouseholdDetail>) -> Option<RosterRequest> {
    match form.kind {
        FormKind::Household { household } => {
            let d = d?;
            household_request(form, lang, d).map(|change| {
                RosterRequest::Call(Box::new(EditHousehold { household, change }.into_call()))
            })
        }
        FormKind::AddResident { household } => resident_request(form, lang, None).map(|(n, _)| {
            RosterRequest::Call(Box::new(
                AddResident {
                    household,
                    resident: n,
                }
                .into_call(),
            ))
        }),
        FormKind::EditResident { resident, .. } => {
            let old = d.and_then(|d| resident_in(d, resident)).cloned();
            resident_request(form, lang, old.as_ref()).map(|(_, change)| {
                RosterRequest::Call(Box::new(EditResident { resident, change }.into_call()))
            })
        }
        FormKind::Leave { resident, .. } => {
            let day = match check_day(lang, &form.field("day").text()) {
                Ok(Some(d)) => Ok(d),
                Ok(None) => Err(lang
                    .pick(
                        "请写日期，如 2026-11-02",
                        "give the day, such as 2026-11-02",
                    )
                    .to_string()),
                Err(e) => Err(e),
            };
            form.set_error("day", day.clone().err());
            let day = day.ok();
            let to = form.field("to").text().trim().to_string();
            let reason = match form.field("reason").selected() {
                0 => LeaveReason::MovedOut {
                    to: (!to.is_empty()).then_some(to),
                },
                _ => LeaveReason::Died,
            };
            Some(RosterRequest::Call(Box::new(
                ResidentLeaves {
                    resident,
                    reason,
                    day: day?,
                }
                .into_call(),
            )))
        }
        FormKind::Move { resident, .. } => match address_query(lang, &form.field("address").text())
        {
            Ok((within, q)) => {
                form.set_error("address", None);
                Some(RosterRequest::Find {
                    resident,
                    within,
                    query: q,
                })
            }
            Err(e) => {
                form.set_error("address", Some(e));
                None
            }
        },
        FormKind::NewHousehold { building } => {
            match Address::parse(form.field("address").text().trim()) {
                Ok(address) => {
                    form.set_error("address", None);
                    Some(RosterRequest::Call(Box::new(
                        AddHousehold { building, address }.into_call(),
                    )))
                }
                Err(_) => {
                    form.set_error(
                        "address",
                        Some(
                            lang.pick(
                                "地址请按 楼-单元-室 写，如 5-2-301",
                                "write building-entrance-room, such as 5-2-301",
                            )
                            .into(),
                        ),
                    );
                    None
                }
            }
        }
        _ => None,
    }
}

/// What a roster form sends: an operation, or first a look-up of the address to move to.
#[derive(Debug, Clone)]
pub enum RosterRequest {
    Call(Box<crate::api::Call>),
    Find {
        resident: Id,
        within: Option<String>,
        query: AddressQuery,
    },
}

/// An address to move to, as the `:` line takes it: `5-2-301`, or after a community's name.
fn address_query(lang: Lang, text: &str) -> Result<(Option<String>, AddressQuery), String> {
    let (named, address) = split_community(text.trim());
    match AddressQuery::parse(&address) {
        Ok(q) if q.room.is_some() => Ok((named, q)),
        _ => Err(lang
            .pick(
                "地址请按 楼-单元-室 写，如 5-2-301",
                "write building-entrance-room, such as 5-2-301",
            )
            .into()),
    }
}

fn household_request(form: &mut Form, lang: Lang, d: &HouseholdDetail) -> Option<HouseholdChange> {
    let h = &d.household;
    let phone = form.field("phone").text();
    let lphone = form.field("landlord_phone").text();
    let ok_phone = set(form, "phone", check_phone(lang, &phone));
    let ok_lphone = set(form, "landlord_phone", check_phone(lang, &lphone));
    let status = STATUSES[form.field("status").selected()];
    let rented = status == HouseStatus::Rented;
    let landlord = form.field("landlord").text().trim().to_string();
    let from = check_day(lang, &form.field("from").text());
    let to = check_day(lang, &form.field("to").text());
    let not_rented = lang.pick(
        "只有出租房才有房东和租期；把房屋状态改为出租，或清空此项",
        "only a rented flat has a landlord and tenancy; mark it rented or clear this",
    );
    let mut ok = ok_phone && ok_lphone;
    if !rented && !landlord.is_empty() {
        form.set_error("landlord", Some(not_rented.into()));
        ok = false;
    } else if rented && landlord.is_empty() && !lphone.trim().is_empty() {
        form.set_error(
            "landlord",
            Some(lang.pick("写上房东姓名", "give the landlord's name").into()),
        );
        ok = false;
    } else {
        form.set_error("landlord", None);
    }
    let tenancy = match (from, to) {
        (Ok(None), Ok(None)) => {
            form.set_error("from", None);
            form.set_error("to", None);
            Some(None)
        }
        (Ok(Some(_)), Ok(Some(_))) if !rented => {
            form.set_error("from", Some(not_rented.into()));
            None
        }
        (Ok(Some(f)), Ok(Some(t))) if f > t => {
            form.set_error("from", None);
            form.set_error(
                "to",
                Some(
                    lang.pick("租期止早于租期起", "the tenancy ends before it starts")
                        .into(),
                ),
            );
            None
        }
        (Ok(Some(f)), Ok(Some(t))) => {
            form.set_error("from", None);
            form.set_error("to", None);
            Some(Some(Tenancy { from: f, to: t }))
        }
        (f, t) => {
            let both = lang.pick("租期起止都要写", "give both ends of the tenancy");
            let blame = |r: Result<Option<Day>, String>| match r {
                Err(e) => Some(e),
                Ok(None) => Some(both.to_string()),
                Ok(Some(_)) => None,
            };
            form.set_error("from", blame(f));
            form.set_error("to", blame(t));
            None
        }
    };
    if !ok || form.has_errors() {
        return None;
    }
    let tenancy = tenancy?;
    let mut change = HouseholdChange::default();
    if phone.trim() != h.phone {
        change.phone = Some(phone.trim().to_string());
    }
    let tags = tags_of(form.field("tags"));
    if tags != h.care_tags {
        change.care_tags = Some(tags);
    }
    // A status never recorded shows as 自住 and stays unrecorded unless another is picked.
    if Some(status) != h.status && (h.status.is_some() || status != STATUSES[0]) {
        change.status = Some(status);
    }
    if rented {
        let l = (!landlord.is_empty()).then(|| Landlord {
            name: landlord,
            phone: lphone.trim().to_string(),
        });
        if l != h.landlord {
            change.landlord = Some(l);
        }
        if tenancy != h.tenancy {
            change.tenancy = Some(tenancy);
        }
    }
    let note = form.field("note").text();
    if note.trim() != h.note {
        change.note = Some(note.trim().to_string());
    }
    Some(change)
}

/// Reads the resident fields: a new resident, and (when `old` is given) the change from it.
fn resident_request(
    form: &mut Form,
    lang: Lang,
    old: Option<&Resident>,
) -> Option<(NewResident, ResidentChange)> {
    let name = form.field("name").text().trim().to_string();
    let named = set(
        form,
        "name",
        if name.is_empty() {
            Err(lang.pick("请写姓名", "give the name").into())
        } else {
            Ok(())
        },
    );
    let id_ok = check_id(form, lang);
    let birth = check_day(lang, &form.field("birth").text());
    let birth_ok = set(form, "birth", birth.clone().map(drop));
    let phone = form.field("phone").text();
    let phone_ok = set(form, "phone", check_phone(lang, &phone));
    let id_number: String = form
        .field("id_number")
        .text()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_uppercase();
    let sex_at = form.field("sex").selected();
    let sex = match (old, sex_at) {
        (None, 0) => None,
        (None, 1) | (Some(_), 0) => Some(Sex::Male),
        _ => Some(Sex::Female),
    };
    let birth = birth.ok().flatten();
    if old.is_none() && id_number.is_empty() && (sex.is_none() || birth.is_none()) {
        form.set_error(
            "birth",
            Some(
                lang.pick(
                    "没有身份证号时，请写出生日期并选性别",
                    "without an ID number, give the birth date and the sex",
                )
                .into(),
            ),
        );
        return None;
    }
    if old.is_some() && birth.is_none() {
        form.set_error(
            "birth",
            Some(
                lang.pick(
                    "请写出生日期，如 1956-03-05",
                    "give the birth date, such as 1956-03-05",
                )
                .into(),
            ),
        );
        return None;
    }
    if !(named && id_ok && birth_ok && phone_ok) {
        return None;
    }
    let new = NewResident {
        name,
        relation: Relation::ALL[form.field("relation").selected()],
        sex,
        birth,
        id_number,
        phone: phone.trim().to_string(),
        residence: if form.field("residence").selected() == 1 {
            Residence::Migrant
        } else {
            Residence::Resident
        },
        care_tags: tags_of(form.field("tags")),
        party_member: form.field("party").selected() == 1,
    };
    let mut change = ResidentChange::default();
    if let Some(o) = old {
        if new.name != o.name {
            change.name = Some(new.name.clone());
        }
        if new.sex != Some(o.sex) {
            change.sex = new.sex;
        }
        if new.birth != Some(o.birth) {
            change.birth = new.birth;
        }
        if new.id_number != o.id_number {
            change.id_number = Some(new.id_number.clone());
        }
        if new.phone != o.phone {
            change.phone = Some(new.phone.clone());
        }
        if new.relation != o.relation {
            change.relation = Some(new.relation);
        }
        if new.residence != o.residence {
            change.residence = Some(new.residence);
        }
        if new.care_tags != o.care_tags {
            change.care_tags = Some(new.care_tags.clone());
        }
        if new.party_member != o.party_member {
            change.party_member = Some(new.party_member);
        }
    }
    Some((new, change))
}

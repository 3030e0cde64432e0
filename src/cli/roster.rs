//! `gridbook household|resident|captain …`: the roster kept true from the command line — a
//! household shown, added and edited, residents added, changed, leaving and moving, building
//! captains added, retired, their doors and phone — with values in Chinese or English.

use crate::cli::out::{errln, outln};

use std::path::Path;

use anyhow::{anyhow, bail};
use serde::Serialize;

use crate::api::captains::{AddCaptain, CaptainDoors, Captains, RetireCaptain, SetCaptainPhone};
use crate::api::places::Detail;
use crate::api::reports::LastRosterCheck;
use crate::api::roster::{
    AddHousehold, AddResident, EditHousehold, EditResident, MakeHead, MoveResident,
    PersonByIdNumber, ResidentLeaves,
};
use crate::client::{Ask, Backend};
use crate::i18n::{localize, Lang};
use crate::io::values::{self, DateCell};
use crate::model::address::{fold_width, split_community};
use crate::model::time::day_text;
use crate::model::time::{date_of, day_of, local_day, now, Day};
use crate::model::{
    idnumber, phone, Address, BuildingCaptain, CareTag, HouseStatus, Household, Id, Landlord,
    LeaveReason, Relation, Residence, Resident, Sex, Tenancy,
};
use crate::store::query::HouseholdDetail;
use crate::store::roster::{house_status_zh, HouseholdChange, NewResident, ResidentChange, Saved};
use crate::tr;

use super::address::{community_id, household_at, listing};

#[derive(Debug, clap::Subcommand)]
pub enum HouseholdCommand {
    /// Show a household: its current and former residents, house status, landlord, tenancy,
    /// note, captain and last roster check.
    Show {
        /// The household's address: 5-2-301 or 5栋2单元301, with its community's name in
        /// front when the address is in several: 桥岭社区 5-2-301.
        #[arg(required = true, num_args = 1..=2, value_name = "[COMMUNITY] ADDRESS")]
        address: Vec<String>,
        /// Print the household as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Add a household at an empty address of a building in the community.
    Add {
        /// The household's address: 5-2-301 or 5栋2单元301, with its community's name in
        /// front when the address is in several: 桥岭社区 5-2-301.
        #[arg(required = true, num_args = 1..=2, value_name = "[COMMUNITY] ADDRESS")]
        address: Vec<String>,
        /// Print the household as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Change a household's phone, care tags, house status, landlord, tenancy or note.
    Edit(HouseholdEdit),
}

#[derive(Debug, clap::Args)]
pub struct HouseholdEdit {
    /// The household's address: 5-2-301 or 5栋2单元301, with its community's name in front
    /// when the address is in several: 桥岭社区 5-2-301.
    #[arg(required = true, num_args = 1..=2, value_name = "[COMMUNITY] ADDRESS")]
    address: Vec<String>,
    /// The household's phone ("" clears it).
    #[arg(long, value_name = "PHONE")]
    phone: Option<String>,
    /// Care tags as the roster writes them: 独居老人、低保 or elderly-alone,low-income ("" clears
    /// them).
    #[arg(long, value_name = "TAGS", value_parser = tags_arg)]
    tags: Option<Tags>,
    /// The house status: owner 自住, rented 出租, vacant 空置, other 其他.
    #[arg(long, value_enum)]
    house: Option<HouseArg>,
    /// The landlord of a rented flat ("" clears the landlord).
    #[arg(long, value_name = "NAME")]
    landlord: Option<String>,
    /// The landlord's phone.
    #[arg(long, value_name = "PHONE")]
    landlord_phone: Option<String>,
    /// The tenancy of a rented flat, both days included: 2026-01-01..2026-12-31 ("" clears it).
    #[arg(long, value_name = "FROM..TO", value_parser = tenancy_arg)]
    tenancy: Option<TenancyArg>,
    /// A note about the household ("" clears it).
    #[arg(long, value_name = "TEXT")]
    note: Option<String>,
    /// Print the household as JSON.
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum HouseArg {
    #[value(alias = "自住")]
    Owner,
    #[value(alias = "出租")]
    Rented,
    #[value(alias = "空置")]
    Vacant,
    #[value(aliases = ["其他", "其它"])]
    Other,
}

impl From<HouseArg> for HouseStatus {
    fn from(h: HouseArg) -> HouseStatus {
        match h {
            HouseArg::Owner => HouseStatus::Owner,
            HouseArg::Rented => HouseStatus::Rented,
            HouseArg::Vacant => HouseStatus::Vacant,
            HouseArg::Other => HouseStatus::Other,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReasonArg {
    #[value(aliases = ["迁出", "moved"])]
    MovedOut,
    #[value(aliases = ["死亡", "去世"])]
    Died,
}

#[derive(Debug, clap::Subcommand)]
pub enum ResidentCommand {
    /// Add a resident to a household: a birth, someone moving in, a tenant.
    Add(ResidentAdd),
    /// Change a resident's fields, or make them head of household.
    Edit(ResidentEdit),
    /// A resident moved out or died: kept in the household's history, marked former.
    Leave {
        /// The person: ADDRESS/NAME (5-2-301/王芳, with the community in front where the
        /// address is in several: 桥岭社区 5-2-301/王芳) or an 18-character ID number.
        #[arg(required = true, num_args = 1..=2, value_name = "[COMMUNITY] PERSON")]
        person: Vec<String>,
        /// Why: moved-out 迁出 or died 死亡.
        #[arg(long, value_enum)]
        reason: ReasonArg,
        /// The day they left: 2026-11-20 (default: today).
        #[arg(long, value_name = "DAY", value_parser = day_arg)]
        date: Option<Day>,
        /// Where they moved to, if known.
        #[arg(long, value_name = "TEXT")]
        to: Option<String>,
        /// Print the resident as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Move a resident to another household.
    Move {
        /// The person: ADDRESS/NAME (5-2-301/王芳, with the community in front where the
        /// address is in several: 桥岭社区 5-2-301/王芳) or an 18-character ID number.
        #[arg(required = true, num_args = 1..=2, value_name = "[COMMUNITY] PERSON")]
        person: Vec<String>,
        /// The household they move to: [COMMUNITY] ADDRESS.
        #[arg(long, value_name = "ADDRESS")]
        to: String,
        /// Print the resident as JSON.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, clap::Args)]
pub struct ResidentAdd {
    /// The household's address: 5-2-301 or 5栋2单元301, with its community's name in front
    /// when the address is in several: 桥岭社区 5-2-301.
    #[arg(required = true, num_args = 1..=2, value_name = "[COMMUNITY] ADDRESS")]
    address: Vec<String>,
    /// The resident's name.
    #[arg(long)]
    name: String,
    /// Relation to the head, as rosters write it: 户主 head, 配偶 spouse, 子 son, 女 daughter,
    /// 父 father, 母 mother, 孙子 grandson, 孙女 granddaughter, 租户 tenant, 其他 other.
    #[arg(long, value_name = "REL", value_parser = relation_arg)]
    relation: Relation,
    /// 男 or 女 (M or F); taken from the ID number when left out.
    #[arg(long, value_name = "SEX", value_parser = sex_arg)]
    sex: Option<Sex>,
    /// The birth date: 2026-11-20; taken from the ID number when left out.
    #[arg(long, value_name = "DAY", value_parser = day_arg)]
    birth: Option<Day>,
    /// The 18-character ID number.
    #[arg(long, value_name = "ID")]
    id_number: Option<String>,
    /// The resident's phone.
    #[arg(long, value_name = "PHONE")]
    phone: Option<String>,
    /// 常住 resident or 流动 migrant (default: resident).
    #[arg(long, value_name = "RESIDENCE", value_parser = residence_arg)]
    residence: Option<Residence>,
    /// Care tags as the roster writes them: 独居老人、低保 or elderly-alone,low-income.
    #[arg(long, value_name = "TAGS", value_parser = tags_arg)]
    tags: Option<Tags>,
    /// A party member (党员); `--party no` or `--party 群众` for not.
    #[arg(long, value_name = "YES|NO", num_args = 0..=1, default_missing_value = "yes", value_parser = party_arg)]
    party: Option<bool>,
    /// Print the resident as JSON.
    #[arg(long)]
    json: bool,
}

#[derive(Debug, clap::Args)]
pub struct ResidentEdit {
    /// The person: ADDRESS/NAME (5-2-301/王芳, with the community in front where the
    /// address is in several: 桥岭社区 5-2-301/王芳) or an 18-character ID number.
    #[arg(required = true, num_args = 1..=2, value_name = "[COMMUNITY] PERSON")]
    person: Vec<String>,
    /// The resident's name.
    #[arg(long)]
    name: Option<String>,
    /// The resident's phone ("" clears it).
    #[arg(long, value_name = "PHONE")]
    phone: Option<String>,
    /// Relation to the head, as rosters write it: 户主 head, 配偶 spouse, 子 son, 女 daughter,
    /// 父 father, 母 mother, 孙子 grandson, 孙女 granddaughter, 租户 tenant, 其他 other.
    #[arg(long, value_name = "REL", value_parser = relation_arg)]
    relation: Option<Relation>,
    /// Care tags as the roster writes them: 独居老人、低保 or elderly-alone,low-income ("" clears
    /// them).
    #[arg(long, value_name = "TAGS", value_parser = tags_arg)]
    tags: Option<Tags>,
    /// 常住 resident or 流动 migrant.
    #[arg(long, value_name = "RESIDENCE", value_parser = residence_arg)]
    residence: Option<Residence>,
    /// A party member (党员); `--party no` or `--party 群众` for not.
    #[arg(long, value_name = "YES|NO", num_args = 0..=1, default_missing_value = "yes", value_parser = party_arg)]
    party: Option<bool>,
    /// Make them head of household (户主); the old head becomes what they are to the new one.
    #[arg(long)]
    head: bool,
    /// The 18-character ID number.
    #[arg(long, value_name = "ID")]
    id_number: Option<String>,
    /// The birth date: 2026-11-20.
    #[arg(long, value_name = "DAY", value_parser = day_arg)]
    birth: Option<Day>,
    /// 男 or 女 (M or F).
    #[arg(long, value_name = "SEX", value_parser = sex_arg)]
    sex: Option<Sex>,
    /// Print the resident as JSON.
    #[arg(long)]
    json: bool,
}

#[derive(Debug, clap::Subcommand)]
pub enum CaptainCommand {
    /// Make a resident a building captain (楼长).
    Add {
        /// The person: ADDRESS/NAME (5-2-301/王芳, with the community in front where the
        /// address is in several: 桥岭社区 5-2-301/王芳) or an 18-character ID number.
        #[arg(required = true, num_args = 1..=2, value_name = "[COMMUNITY] PERSON")]
        person: Vec<String>,
        /// Print the captain as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Retire a building captain: her doors are left without a captain.
    Retire {
        /// The captain's name.
        name: String,
        /// Print the result as JSON.
        #[arg(long)]
        json: bool,
    },
    /// A building captain's doors, in door order, with their heads.
    Doors {
        /// The captain's name.
        name: String,
        /// Print the doors as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Change a building captain's phone.
    Phone {
        /// The captain's name.
        name: String,
        /// The new phone.
        phone: String,
        /// Print the captain as JSON.
        #[arg(long)]
        json: bool,
    },
}

// Values as rosters write them, through the import's readers (`io::values`).

fn relation_arg(text: &str) -> Result<Relation, String> {
    values::parse_relation(text).ok_or_else(|| {
        "not a relation; write 户主 head, 配偶 spouse, 子 son, 女 daughter, 父 father, 母 mother, 孙子 grandson, 孙女 granddaughter, 租户 tenant or 其他 other".into()
    })
}

fn sex_arg(text: &str) -> Result<Sex, String> {
    values::parse_sex(text).ok_or_else(|| "not a sex; write 男 or 女 (M or F)".into())
}

fn residence_arg(text: &str) -> Result<Residence, String> {
    values::parse_residence(text)
        .ok_or_else(|| "not a residence; write 常住 resident or 流动 migrant".into())
}

/// Care tags as one option's value (clap would take a bare `Vec` for many values).
#[derive(Debug, Clone)]
pub struct Tags(Vec<CareTag>);

/// A tenancy, or none to clear it, as one option's value.
#[derive(Debug, Clone, Copy)]
pub struct TenancyArg(Option<Tenancy>);

fn tags_arg(text: &str) -> Result<Tags, String> {
    let (tags, unknown) = values::parse_tags(text);
    match unknown.first() {
        None => Ok(Tags(tags)),
        Some(w) => Err(format!(
            "“{}” is not a care tag; use 独居老人 空巢老人 残疾人 留守儿童 低保 特困 退役军人 重病",
            crate::model::shown::quote(w)
        )),
    }
}

fn party_arg(text: &str) -> Result<bool, String> {
    let t = text.trim().to_lowercase();
    if ["no", "false", "否", "群众", "非党员"].contains(&t.as_str()) {
        Ok(false)
    } else if values::parse_party(&t) {
        Ok(true)
    } else {
        Err("write yes (党员) or no (群众)".into())
    }
}

fn day_arg(text: &str) -> Result<Day, String> {
    match values::parse_date_text(text) {
        Some(DateCell::Day(d)) => Ok(day_of(d)),
        _ => Err("not a day; write it as 2026-11-20".into()),
    }
}

fn tenancy_arg(text: &str) -> Result<TenancyArg, String> {
    let t = text.trim();
    if t.is_empty() || t == "无" || t.eq_ignore_ascii_case("none") {
        return Ok(TenancyArg(None));
    }
    let bad = || "not a tenancy; write FROM..TO as 2026-01-01..2026-12-31".to_string();
    let (from, to) = t.split_once("..").ok_or_else(bad)?;
    Ok(TenancyArg(Some(Tenancy {
        from: day_arg(from).map_err(|_| bad())?,
        to: day_arg(to).map_err(|_| bad())?,
    })))
}

// Finding the household and the person.

/// The household at the words of an ADDRESS, with its residents.
fn household(
    backend: &dyn Backend,
    words: &[String],
    lang: Lang,
) -> anyhow::Result<HouseholdDetail> {
    let hit = household_at(backend, &words.join(" "), None, lang)?;
    Ok(backend.call(Detail(hit.household))?)
}

/// Which residents a command may name: those living there, or former ones too.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Who {
    Current,
    AlsoFormer,
}

/// A PERSON: `ADDRESS/NAME` (the address may start with its community) or an ID number.
pub(crate) fn person(
    backend: &dyn Backend,
    words: &[String],
    who: Who,
    lang: Lang,
) -> anyhow::Result<Resident> {
    let text = words.join(" ");
    let text = text.trim();
    let Some((address, name)) = text.rsplit_once('/') else {
        let id: String = fold_width(text)
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_uppercase();
        if id.chars().count() != 18 {
            let text = crate::model::shown::quote(text);
            bail!(tr!(
                lang,
                "“{text}”不是人员；请写 地址/姓名（如 5-2-301/王芳）或 18 位身份证号",
                "“{text}” is not a person; write ADDRESS/NAME (as 5-2-301/王芳) or an 18-character ID number"
            ));
        }
        idnumber::validate(&id)?;
        let found = backend.call(PersonByIdNumber(id.clone()))?;
        let masked = idnumber::mask(&id);
        return match found {
            Some((r, _)) if who == Who::AlsoFormer || r.is_current() => Ok(r),
            Some((r, h)) => {
                let (name, address) = (r.name, h.address);
                bail!(tr!(
                    lang,
                    "{name}（身份证号 {masked}）已离开 {address}",
                    "{name} (ID number {masked}) has left {address}"
                ))
            }
            None => bail!(tr!(
                lang,
                "你负责的网格里没有身份证号为 {masked} 的居民",
                "no one in the grids you look after has the ID number {masked}"
            )),
        };
    };
    let detail = household(backend, &[address.to_string()], lang)?;
    let name = name.trim();
    let here = detail.household.address;
    let mut found: Vec<&Resident> = detail.residents.iter().filter(|r| r.name == name).collect();
    if found.is_empty() && who == Who::AlsoFormer {
        found = detail.former.iter().filter(|r| r.name == name).collect();
    }
    match found.as_slice() {
        [one] => Ok((*one).clone()),
        [] => {
            let names: Vec<String> = detail.residents.iter().map(|r| r.name.clone()).collect();
            if names.is_empty() {
                bail!(tr!(
                    lang,
                    "{here} 没有住着叫{name}的人，那里现在没有人住",
                    "no one called {name} lives at {here}; no one lives there now"
                ));
            }
            let names = listing(names, lang);
            bail!(tr!(
                lang,
                "{here} 没有住着叫{name}的人；住在那里的是{names}",
                "no one called {name} lives at {here}; those living there are {names}"
            ))
        }
        several => {
            let who: Vec<String> = several
                .iter()
                .map(|r| {
                    let year = date_of(r.birth).format("%Y");
                    let rel = lang.relation(r.relation);
                    tr!(lang, "{year}年生，{rel}", "born {year}, {rel}")
                })
                .collect();
            let who = who.join(lang.pick("；", "; "));
            let n = several.len();
            bail!(tr!(
                lang,
                "{here} 有 {n} 个人叫{name}（{who}）；请改用身份证号",
                "{n} people called {name} live at {here} ({who}); give the ID number instead"
            ))
        }
    }
}

/// The captain called `name`, in the caller's scope.
fn captain(backend: &dyn Backend, name: &str, lang: Lang) -> anyhow::Result<BuildingCaptain> {
    let name = name.trim();
    let rows = backend.call(Captains(local_day(now())))?;
    let found: Vec<BuildingCaptain> = rows
        .into_iter()
        .map(|r| r.captain)
        .filter(|c| c.name == name)
        .collect();
    match found.as_slice() {
        [one] => Ok(one.clone()),
        [] => bail!(tr!(
            lang,
            "你负责的网格里没有叫{name}的楼长；`gridbook captain add 地址/姓名` 可以添加",
            "there is no building captain called {name} in the grids you look after; `gridbook captain add ADDRESS/NAME` adds one"
        )),
        several => {
            let phones: Vec<String> = several.iter().map(|c| phone::mask(&c.phone)).collect();
            let phones = phones.join(lang.pick("、", ", "));
            bail!(tr!(
                lang,
                "有几位楼长都叫{name}（电话 {phones}）；请在界面里选择",
                "several building captains are called {name} (phones {phones}); choose in the captains screen"
            ))
        }
    }
}

// Showing what was saved.

/// A resident as scripts read it: days as `YYYY-MM-DD`, a leaving as its reason word.
#[derive(Serialize)]
struct ResidentJson<'a> {
    id: Id,
    household: Id,
    name: &'a str,
    sex: crate::model::Sex,
    birth: String,
    id_number: &'a str,
    phone: &'a str,
    relation: crate::model::Relation,
    residence: crate::model::Residence,
    care_tags: &'a [crate::model::CareTag],
    party_member: bool,
    current: bool,
    /// How they left: `{"reason": "moved-out" | "died", "day": …, "to": …}`; null while they
    /// live here.
    left: Option<LeftJson<'a>>,
}

#[derive(Serialize)]
struct LeftJson<'a> {
    reason: &'static str,
    day: String,
    to: Option<&'a str>,
}

impl<'a> ResidentJson<'a> {
    fn of(r: &'a Resident) -> ResidentJson<'a> {
        ResidentJson {
            id: r.id,
            household: r.household,
            name: &r.name,
            sex: r.sex,
            birth: day_text(r.birth),
            id_number: &r.id_number,
            phone: &r.phone,
            relation: r.relation,
            residence: r.residence,
            care_tags: &r.care_tags,
            party_member: r.party_member,
            current: r.is_current(),
            left: r.left.as_ref().map(|l| match &l.reason {
                LeaveReason::MovedOut { to } => LeftJson {
                    reason: "moved-out",
                    day: day_text(l.day),
                    to: to.as_deref(),
                },
                LeaveReason::Died => LeftJson {
                    reason: "died",
                    day: day_text(l.day),
                    to: None,
                },
            }),
        }
    }
}

/// A household's own facts as scripts read them: its address as written (`5-2-301`), days as
/// `YYYY-MM-DD`.
#[derive(Serialize)]
struct HouseJson<'a> {
    id: Id,
    address: String,
    phone: &'a str,
    care_tags: &'a [crate::model::CareTag],
    status: Option<HouseStatus>,
    landlord: Option<&'a crate::model::Landlord>,
    tenancy: Option<TenancyJson>,
    note: &'a str,
}

#[derive(Serialize)]
struct TenancyJson {
    from: String,
    to: String,
}

impl<'a> HouseJson<'a> {
    fn of(h: &'a Household) -> HouseJson<'a> {
        HouseJson {
            id: h.id,
            address: h.address.to_string(),
            phone: &h.phone,
            care_tags: &h.care_tags,
            status: h.status,
            landlord: h.landlord.as_ref(),
            tenancy: h.tenancy.map(|t| TenancyJson {
                from: day_text(t.from),
                to: day_text(t.to),
            }),
            note: &h.note,
        }
    }
}

#[derive(Serialize)]
struct HouseholdJson<'a> {
    household: HouseJson<'a>,
    community: &'a str,
    /// The status shown: as recorded, or vacant when nobody lives there.
    status: Option<HouseStatus>,
    residents: Vec<ResidentJson<'a>>,
    former: Vec<ResidentJson<'a>>,
    captain: Option<&'a BuildingCaptain>,
    /// The day of the last visit that checked the roster.
    roster_checked: Option<String>,
}

#[derive(Serialize)]
struct SavedJson<'a> {
    household: HouseJson<'a>,
    resident: Option<ResidentJson<'a>>,
    warnings: Vec<String>,
}

fn house_word(s: HouseStatus, lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => house_status_zh(s),
        Lang::En => match s {
            HouseStatus::Owner => "owner",
            HouseStatus::Rented => "rented",
            HouseStatus::Vacant => "vacant",
            HouseStatus::Other => "other",
        },
    }
}

fn tags_word(tags: &[CareTag], lang: Lang) -> String {
    let words: Vec<&str> = tags.iter().map(|t| lang.care_tag(*t)).collect();
    words.join(lang.pick("、", ", "))
}

fn leaving_word(r: &Resident, lang: Lang) -> String {
    let Some(l) = &r.left else {
        return String::new();
    };
    let day = day_text(l.day);
    match (&l.reason, lang) {
        (LeaveReason::MovedOut { to: Some(to) }, Lang::Zh) => format!("{day} 迁出（{to}）"),
        (LeaveReason::MovedOut { to: None }, Lang::Zh) => format!("{day} 迁出"),
        (LeaveReason::Died, Lang::Zh) => format!("{day} 死亡"),
        (LeaveReason::MovedOut { to: Some(to) }, Lang::En) => format!("moved out {day} (to {to})"),
        (LeaveReason::MovedOut { to: None }, Lang::En) => format!("moved out {day}"),
        (LeaveReason::Died, Lang::En) => format!("died {day}"),
    }
}

/// One resident on one line: name, relation, sex, birth, residence, ID, phone, tags, party.
fn resident_line(r: &Resident, lang: Lang) -> String {
    let mut parts = vec![
        r.name.clone(),
        lang.relation(r.relation).to_string(),
        match (lang, r.sex) {
            (Lang::Zh, Sex::Male) => "男性".to_string(),
            (Lang::Zh, Sex::Female) => "女性".to_string(),
            (Lang::En, s) => lang.sex(s).to_string(),
        },
        day_text(r.birth),
        lang.residence(r.residence).to_string(),
    ];
    if !r.id_number.is_empty() {
        parts.push(idnumber::mask(&r.id_number));
    }
    if !r.phone.is_empty() {
        parts.push(phone::mask(&r.phone));
    }
    if !r.care_tags.is_empty() {
        parts.push(tags_word(&r.care_tags, lang));
    }
    if r.party_member {
        parts.push(lang.pick("党员", "party member").into());
    }
    if r.left.is_some() {
        parts.push(leaving_word(r, lang));
    }
    parts.join("  ")
}

fn show(backend: &dyn Backend, d: &HouseholdDetail, json: bool, lang: Lang) -> anyhow::Result<()> {
    let h = &d.household;
    let checked = backend.call(LastRosterCheck(h.id))?;
    if json {
        let out = HouseholdJson {
            household: HouseJson::of(h),
            community: &d.community,
            status: d.status,
            residents: d.residents.iter().map(ResidentJson::of).collect(),
            former: d.former.iter().map(ResidentJson::of).collect(),
            captain: d.captain.as_ref(),
            roster_checked: checked.map(day_text),
        };
        crate::cli::out::json(&out)?;
        return Ok(());
    }
    let none = lang.pick("无", "none");
    let mut lines = vec![format!("{} {}", d.community, h.address)];
    let status = d.status.map_or(lang.pick("未登记", "not recorded"), |s| {
        house_word(s, lang)
    });
    let phone_shown = if h.phone.is_empty() {
        none.to_string()
    } else {
        phone::mask(&h.phone)
    };
    let tags = if h.care_tags.is_empty() {
        none.to_string()
    } else {
        tags_word(&h.care_tags, lang)
    };
    lines.push(tr!(
        lang,
        "房屋状态：{status}　电话：{phone_shown}　重点人群：{tags}",
        "house: {status}  phone: {phone_shown}  care tags: {tags}"
    ));
    if let Some(l) = &h.landlord {
        let p = phone::mask(&l.phone);
        let name = &l.name;
        lines.push(
            tr!(lang, "房东：{name} {p}", "landlord: {name} {p}")
                .trim_end()
                .to_string(),
        );
    }
    if let Some(t) = h.tenancy {
        let (from, to) = (day_text(t.from), day_text(t.to));
        lines.push(tr!(lang, "租期：{from} 至 {to}", "tenancy: {from} to {to}"));
    }
    if !h.note.is_empty() {
        let note = &h.note;
        lines.push(tr!(lang, "备注：{note}", "note: {note}"));
    }
    let captain = d.captain.as_ref().map_or(none.to_string(), |c| {
        format!("{} {}", c.name, phone::mask(&c.phone))
            .trim_end()
            .to_string()
    });
    lines.push(tr!(lang, "楼长：{captain}", "building captain: {captain}"));
    let checked = checked.map_or_else(|| lang.pick("从未", "never").to_string(), day_text);
    lines.push(tr!(
        lang,
        "上次人口信息核实：{checked}",
        "roster last checked: {checked}"
    ));
    let n = d.residents.len();
    lines.push(tr!(lang, "现住 {n} 人：", "{n} living here:"));
    lines.extend(
        d.residents
            .iter()
            .map(|r| format!("  {}", resident_line(r, lang))),
    );
    if !d.former.is_empty() {
        let n = d.former.len();
        lines.push(tr!(lang, "曾住 {n} 人（已离开）：", "{n} former (left):"));
        lines.extend(
            d.former
                .iter()
                .map(|r| format!("  {}", resident_line(r, lang))),
        );
    }
    outln!("{}", lines.join("\n"));
    Ok(())
}

/// The warnings a write kept the record with, one line each, in the reader's language.
fn warn(saved: &Saved, lang: Lang) {
    for w in &saved.warnings {
        errln!("{}{}", lang.pick("注意：", "warning: "), localize(w, lang));
    }
}

fn saved_json(saved: &Saved) -> anyhow::Result<()> {
    let out = SavedJson {
        household: HouseJson::of(&saved.household),
        resident: saved.resident.as_ref().map(ResidentJson::of),
        warnings: saved.warnings.clone(),
    };
    crate::cli::out::json(&out)?;
    Ok(())
}

/// `saved 5-2-301 (花苑社区): 王芳 added` and the like, or the JSON of what was saved.
fn report(saved: &Saved, json: bool, what: String, lang: Lang) -> anyhow::Result<()> {
    warn(saved, lang);
    if json {
        return saved_json(saved);
    }
    let at = saved.household.address;
    outln!("{}", tr!(lang, "已保存 {at}：{what}", "saved {at}: {what}"));
    Ok(())
}

// The commands.

pub fn household_run(dir: &Path, cmd: &HouseholdCommand, lang: Lang) -> anyhow::Result<()> {
    let backend = crate::client::open(dir)?;
    let backend = backend.as_ref();
    match cmd {
        HouseholdCommand::Show { address, json } => {
            show(backend, &household(backend, address, lang)?, *json, lang)
        }
        HouseholdCommand::Add { address, json } => household_add(backend, address, *json, lang),
        HouseholdCommand::Edit(args) => household_edit(backend, args, lang),
    }
}

fn household_add(
    backend: &dyn Backend,
    words: &[String],
    json: bool,
    lang: Lang,
) -> anyhow::Result<()> {
    let (named, text) = split_community(&words.join(" "));
    let address = Address::parse(&text)?;
    let overview = backend.overview()?;
    let communities: Vec<Id> = match &named {
        Some(name) => vec![community_id(&overview.communities, name, lang)?],
        None => overview.communities.iter().map(|c| c.id).collect(),
    };
    let buildings: Vec<_> = overview
        .buildings
        .iter()
        .filter(|b| b.number == address.building && communities.contains(&b.community))
        .collect();
    let name_of = |id: Id| {
        overview
            .communities
            .iter()
            .find(|c| c.id == id)
            .map_or_else(String::new, |c| c.name.clone())
    };
    let building = match buildings.as_slice() {
        [one] => one.id,
        [] => {
            let b = address.building;
            bail!(tr!(
                lang,
                "没有 {b} 栋楼；请先在结构里添加这栋楼",
                "there is no building {b}; add the building to the community first"
            ))
        }
        several => {
            let found = listing(several.iter().map(|b| name_of(b.community)).collect(), lang);
            let first = name_of(several[0].community);
            let b = address.building;
            bail!(tr!(
                lang,
                "{found}都有 {b} 栋；请在地址前写上社区名，如“{first} {address}”",
                "building {b} is in {found}; write the community before the address, as “{first} {address}”"
            ))
        }
    };
    let saved = backend.call(AddHousehold { building, address })?;
    let what = lang.pick("新住户", "a new household").to_string();
    report(&saved, json, what, lang)
}

fn household_edit(backend: &dyn Backend, a: &HouseholdEdit, lang: Lang) -> anyhow::Result<()> {
    let d = household(backend, &a.address, lang)?;
    let landlord = match (&a.landlord, &a.landlord_phone) {
        (None, None) => None,
        (Some(name), _) if name.trim().is_empty() => Some(None),
        (name, phone) => {
            let was = d.household.landlord.clone();
            Some(Some(Landlord {
                name: name
                    .clone()
                    .or_else(|| was.as_ref().map(|l| l.name.clone()))
                    .unwrap_or_default(),
                phone: phone
                    .clone()
                    .or_else(|| was.as_ref().map(|l| l.phone.clone()))
                    .unwrap_or_default(),
            }))
        }
    };
    let change = HouseholdChange {
        phone: a.phone.clone(),
        care_tags: a.tags.clone().map(|t| t.0),
        status: a.house.map(HouseStatus::from),
        landlord,
        tenancy: a.tenancy.map(|t| t.0),
        note: a.note.clone(),
    };
    if change == HouseholdChange::default() {
        bail!(tr!(
            lang,
            "没有要改的内容；请给出 --phone、--tags、--house、--landlord、--landlord-phone、--tenancy 或 --note",
            "nothing to change; give --phone, --tags, --house, --landlord, --landlord-phone, --tenancy or --note"
        ));
    }
    let saved = backend.call(EditHousehold {
        household: d.household.id,
        change,
    })?;
    let what = lang.pick("住户信息已修改", "household changed").to_string();
    report(&saved, a.json, what, lang)
}

pub fn resident_run(dir: &Path, cmd: &ResidentCommand, lang: Lang) -> anyhow::Result<()> {
    let backend = crate::client::open(dir)?;
    let backend = backend.as_ref();
    match cmd {
        ResidentCommand::Add(a) => resident_add(backend, a, lang),
        ResidentCommand::Edit(a) => resident_edit(backend, a, lang),
        ResidentCommand::Leave {
            person: p,
            reason,
            date,
            to,
            json,
        } => {
            let r = person(backend, p, Who::Current, lang)?;
            let reason = match reason {
                ReasonArg::MovedOut => LeaveReason::MovedOut {
                    to: to.clone().filter(|t| !t.trim().is_empty()),
                },
                ReasonArg::Died => LeaveReason::Died,
            };
            let saved = backend.call(ResidentLeaves {
                resident: r.id,
                reason,
                day: date.unwrap_or_else(|| local_day(now())),
            })?;
            let left = saved
                .resident
                .as_ref()
                .map_or_else(String::new, |r| leaving_word(r, lang));
            let name = &r.name;
            report(&saved, *json, format!("{name} {left}"), lang)
        }
        ResidentCommand::Move {
            person: p,
            to,
            json,
        } => {
            let r = person(backend, p, Who::AlsoFormer, lang)?;
            let hit = household_at(backend, to, None, lang)?;
            let saved = backend.call(MoveResident {
                resident: r.id,
                to: hit.household,
            })?;
            let name = &r.name;
            let what = tr!(lang, "{name} 已迁入", "{name} moved in");
            report(&saved, *json, what, lang)
        }
    }
}

fn resident_add(backend: &dyn Backend, a: &ResidentAdd, lang: Lang) -> anyhow::Result<()> {
    let hit = household_at(backend, &a.address.join(" "), None, lang)?;
    let new = NewResident {
        name: a.name.clone(),
        relation: a.relation,
        sex: a.sex,
        birth: a.birth,
        id_number: a.id_number.clone().unwrap_or_default(),
        phone: a.phone.clone().unwrap_or_default(),
        residence: a.residence.unwrap_or(Residence::Resident),
        care_tags: a.tags.clone().map(|t| t.0).unwrap_or_default(),
        party_member: a.party.unwrap_or(false),
    };
    let saved = match backend.call(AddResident {
        household: hit.household,
        resident: new,
    }) {
        Ok(s) => s,
        Err(e) => return Err(offer_move(backend, e.into(), a, hit.address, lang)),
    };
    let name = saved.resident.as_ref().map_or("", |r| r.name.as_str());
    let what = tr!(lang, "已添加 {name}", "{name} added");
    report(&saved, a.json, what, lang)
}

/// A refused ID number that someone in scope already has: the store's sentence naming them,
/// and the command that moves them here instead.
fn offer_move(
    backend: &dyn Backend,
    e: anyhow::Error,
    a: &ResidentAdd,
    to: Address,
    lang: Lang,
) -> anyhow::Error {
    let Some(id) = a.id_number.as_deref().filter(|i| !i.trim().is_empty()) else {
        return e;
    };
    let id: String = fold_width(id)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_uppercase();
    match backend.call(PersonByIdNumber(id.clone())) {
        Ok(Some(_)) => {
            let said = localize(&e.to_string(), lang);
            let words = a.address.join(" ");
            let to = if words.contains(char::is_whitespace) {
                format!("\"{words}\"")
            } else {
                to.to_string()
            };
            anyhow!(tr!(
                lang,
                "{said}；可运行 gridbook resident move {id} --to {to}",
                "{said}; run gridbook resident move {id} --to {to}"
            ))
        }
        _ => e,
    }
}

fn resident_edit(backend: &dyn Backend, a: &ResidentEdit, lang: Lang) -> anyhow::Result<()> {
    let r = person(backend, &a.person, Who::AlsoFormer, lang)?;
    let change = ResidentChange {
        name: a.name.clone(),
        sex: a.sex,
        birth: a.birth,
        id_number: a.id_number.clone(),
        phone: a.phone.clone(),
        relation: a.relation,
        residence: a.residence,
        care_tags: a.tags.clone().map(|t| t.0),
        party_member: a.party,
    };
    let changes = change != ResidentChange::default();
    if !changes && !a.head {
        bail!(tr!(
            lang,
            "没有要改的内容；请给出 --name、--phone、--relation、--tags、--residence、--party、--head、--id-number、--birth 或 --sex",
            "nothing to change; give --name, --phone, --relation, --tags, --residence, --party, --head, --id-number, --birth or --sex"
        ));
    }
    let mut saved = None;
    if changes {
        saved = Some(backend.call(EditResident {
            resident: r.id,
            change,
        })?);
    }
    if a.head {
        saved = Some(backend.call(MakeHead(r.id))?);
    }
    let Some(saved) = saved else {
        return Ok(());
    };
    let name = saved
        .resident
        .as_ref()
        .map_or(r.name.as_str(), |x| x.name.as_str());
    let what = if a.head {
        tr!(lang, "{name} 现为户主", "{name} is now head of household")
    } else {
        tr!(lang, "{name} 的信息已修改", "{name} changed")
    };
    report(&saved, a.json, what, lang)
}

pub fn captain_run(dir: &Path, cmd: &CaptainCommand, lang: Lang) -> anyhow::Result<()> {
    let backend = crate::client::open(dir)?;
    let backend = backend.as_ref();
    match cmd {
        CaptainCommand::Add { person: p, json } => {
            let r = person(backend, p, Who::Current, lang)?;
            let c = backend.call(AddCaptain(r.id))?;
            if *json {
                crate::cli::out::json(&c)?;
            } else {
                let name = &c.name;
                outln!(
                    "{}",
                    tr!(lang, "{name} 现为楼长", "{name} is now a building captain")
                );
            }
        }
        CaptainCommand::Retire { name, json } => {
            let c = captain(backend, name, lang)?;
            let n = backend.call(RetireCaptain(c.id))?;
            if *json {
                outln!(
                    "{}",
                    serde_json::json!({ "captain": c, "doors_without_captain": n })
                );
            } else {
                let name = &c.name;
                outln!(
                    "{}",
                    match (lang, n) {
                        (Lang::Zh, n) => format!("{name} 已卸任楼长；{n} 户现在没有楼长"),
                        (Lang::En, 1) => format!("{name} retired; 1 door is now without a captain"),
                        (Lang::En, n) =>
                            format!("{name} retired; {n} doors are now without a captain"),
                    }
                );
            }
        }
        CaptainCommand::Doors { name, json } => {
            let c = captain(backend, name, lang)?;
            let doors = backend.call(CaptainDoors(c.id))?;
            if *json {
                crate::cli::out::json(&doors)?;
            } else {
                let n = doors.len();
                let name = &c.name;
                outln!(
                    "{}",
                    tr!(
                        lang,
                        "{name} 负责 {n} 户：",
                        "{name} looks after {n} doors:"
                    )
                );
                for d in &doors {
                    outln!("  {}  {}", d.address, d.head);
                }
            }
        }
        CaptainCommand::Phone { name, phone, json } => {
            let c = captain(backend, name, lang)?;
            let c = backend.call(SetCaptainPhone(c.id, phone.clone()))?;
            if *json {
                crate::cli::out::json(&c)?;
            } else {
                let (name, p) = (&c.name, &c.phone);
                outln!(
                    "{}",
                    tr!(lang, "已保存 {name} 的电话 {p}", "saved {name}'s phone {p}")
                );
            }
        }
    }
    Ok(())
}

//! Cell values as offices write them: dates in every usual form (and Excel serials),
//! relations, sexes, residence, care tags and party membership, and the Chinese words
//! gridbook writes for them in files; and the words, English or Chinese, the command line
//! takes for a visit's outcome and purpose.

use chrono::{Datelike, NaiveDate};

use super::table::Cell;
use crate::model::address::fold_width;
use crate::model::{CareTag, Relation, Residence, Sex, VisitOutcome, VisitPurpose};

/// A date read from a cell: a whole day, or only a year and month (出生年月).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateCell {
    Day(NaiveDate),
    Month(i32, u32),
}

/// Reads 1956-03-05, 1956/3/5, 1956.3.5, 1956年3月5日, 19560305, an Excel serial such as
/// 20519, a date cell, or a year and month alone (1956-03, 1956年3月).
pub fn parse_date(cell: &Cell<'_>) -> Option<DateCell> {
    match cell {
        Cell::Date(y, m, d) => {
            NaiveDate::from_ymd_opt(i32::from(*y), u32::from(*m), u32::from(*d)).map(DateCell::Day)
        }
        Cell::Number(n) => {
            if n.fract() != 0.0 {
                return None;
            }
            date_from_digits(&format!("{}", *n as i64), true)
        }
        Cell::Text(t) => parse_date_text(t),
        Cell::Empty => None,
    }
}

pub fn parse_date_text(text: &str) -> Option<DateCell> {
    let t = fold_width(text.trim());
    // A time after the date (`1956-03-05 00:00:00`) is dropped.
    let t = t.split([' ', 'T']).next().unwrap_or("");
    if t.chars().all(|c| c.is_ascii_digit()) {
        return date_from_digits(t, false);
    }
    let t = t
        .replace(['年', '月', '/', '.'], "-")
        .replace(['日', '号'], "");
    let parts: Vec<&str> = t.trim_end_matches('-').split('-').collect();
    let nums: Option<Vec<u32>> = parts
        .iter()
        .map(|p| {
            if p.is_empty() || p.len() > 4 {
                None
            } else {
                p.parse().ok()
            }
        })
        .collect();
    match nums?.as_slice() {
        [y, m, d] if *y >= 1000 => NaiveDate::from_ymd_opt(*y as i32, *m, *d).map(DateCell::Day),
        [y, m] if *y >= 1000 && (1..=12).contains(m) => Some(DateCell::Month(*y as i32, *m)),
        _ => None,
    }
}

/// `19560305`, `195603` or an Excel serial day number: five digits as text (`1956` is a
/// year, not a day in 1905), any size in a number cell.
fn date_from_digits(t: &str, number_cell: bool) -> Option<DateCell> {
    match t.len() {
        8 => NaiveDate::parse_from_str(t, "%Y%m%d")
            .ok()
            .map(DateCell::Day),
        6 => {
            let y: i32 = t[..4].parse().ok()?;
            let m: u32 = t[4..].parse().ok()?;
            (1..=12).contains(&m).then_some(DateCell::Month(y, m))
        }
        // Excel serials from 1900 to 2173; 1899-12-30 is day 0 (Excel's leap-year quirk
        // makes that right for every day after 1900-02-28).
        1..=5 if number_cell || t.len() == 5 => {
            let n: i64 = t.parse().ok()?;
            if !(61..=99_999).contains(&n) {
                return None;
            }
            NaiveDate::from_ymd_opt(1899, 12, 30)?
                .checked_add_days(chrono::Days::new(n as u64))
                .map(DateCell::Day)
        }
        _ => None,
    }
}

/// 与户主关系, with the words rosters use.
pub fn parse_relation(text: &str) -> Option<Relation> {
    let t = text.trim().to_lowercase();
    Some(match t.as_str() {
        "户主" | "本人" | "户主本人" | "head" | "self" => Relation::Head,
        "配偶" | "妻" | "妻子" | "夫" | "丈夫" | "spouse" | "wife" | "husband" => {
            Relation::Spouse
        }
        "子" | "儿子" | "长子" | "次子" | "son" => Relation::Son,
        "女" | "女儿" | "长女" | "次女" | "daughter" => Relation::Daughter,
        "父" | "父亲" | "father" => Relation::Father,
        "母" | "母亲" | "mother" => Relation::Mother,
        "孙子" | "孙" | "grandson" => Relation::Grandson,
        "孙女" | "granddaughter" => Relation::Granddaughter,
        "租户" | "租客" | "承租人" | "tenant" => Relation::Tenant,
        "其他" | "其它" | "other" | "儿媳" | "女婿" | "兄弟" | "姐妹" | "保姆" | "外孙"
        | "外孙女" | "祖父" | "祖母" | "岳父" | "岳母" => Relation::Other,
        _ => return None,
    })
}

pub fn parse_sex(text: &str) -> Option<Sex> {
    match text.trim().to_lowercase().as_str() {
        "男" | "男性" | "m" | "male" => Some(Sex::Male),
        "女" | "女性" | "f" | "female" => Some(Sex::Female),
        _ => None,
    }
}

/// 常住/户籍 is a resident, 流动/外来/租住 a migrant.
pub fn parse_residence(text: &str) -> Option<Residence> {
    let t = text.trim().to_lowercase();
    let resident = ["常住", "户籍", "本地", "resident", "registered"];
    let migrant = ["流动", "外来", "租住", "暂住", "寄住", "migrant"];
    if migrant.iter().any(|w| t.contains(w)) {
        Some(Residence::Migrant)
    } else if resident.iter().any(|w| t.contains(w)) {
        Some(Residence::Resident)
    } else {
        None
    }
}

/// Splits a tags cell on 、 ， , ; / and spaces; unknown words come back in the second list.
pub fn parse_tags(text: &str) -> (Vec<CareTag>, Vec<String>) {
    let mut tags = Vec::new();
    let mut unknown = Vec::new();
    for word in text
        .split(['、', '，', ',', ';', '；', '/', ' ', '　', '|'])
        .map(str::trim)
        .filter(|w| !w.is_empty())
    {
        match care_tag(word) {
            Some(t) => {
                if !tags.contains(&t) {
                    tags.push(t);
                }
            }
            None if matches!(word, "无" | "否" | "-" | "—") => {}
            None => unknown.push(word.to_string()),
        }
    }
    tags.sort();
    (tags, unknown)
}

fn care_tag(word: &str) -> Option<CareTag> {
    let w = word.to_lowercase().replace(['-', ' '], "_");
    Some(match w.as_str() {
        "独居老人" | "独居" | "elderly_alone" => CareTag::ElderlyAlone,
        "空巢老人" | "空巢" | "empty_nest" => CareTag::EmptyNest,
        "残疾人" | "残疾" | "disabled" => CareTag::Disabled,
        "留守儿童" | "left_behind_child" => CareTag::LeftBehindChild,
        "低保" | "低保户" | "low_income" => CareTag::LowIncome,
        "特困" | "特困人员" | "特困户" | "destitute" => CareTag::Destitute,
        "退役军人" | "veteran" => CareTag::Veteran,
        "重病" | "重病患者" | "大病" | "serious_illness" => CareTag::SeriousIllness,
        _ => return None,
    })
}

/// 中共党员 (and 预备党员) count as party members; 群众 and the rest do not.
pub fn parse_party(text: &str) -> bool {
    let t = text.trim();
    t.contains("党员")
        || t == "是"
        || t.eq_ignore_ascii_case("yes")
        || t.eq_ignore_ascii_case("true")
}

/// The Chinese words gridbook writes in files; reading them back gives the same values.
pub fn relation_zh(r: Relation) -> &'static str {
    match r {
        Relation::Head => "户主",
        Relation::Spouse => "配偶",
        Relation::Son => "子",
        Relation::Daughter => "女",
        Relation::Father => "父",
        Relation::Mother => "母",
        Relation::Grandson => "孙子",
        Relation::Granddaughter => "孙女",
        Relation::Tenant => "租户",
        Relation::Other => "其他",
    }
}

pub fn sex_zh(s: Sex) -> &'static str {
    match s {
        Sex::Male => "男",
        Sex::Female => "女",
    }
}

pub fn residence_zh(r: Residence) -> &'static str {
    match r {
        Residence::Resident => "常住",
        Residence::Migrant => "流动",
    }
}

pub fn care_tag_zh(t: CareTag) -> &'static str {
    match t {
        CareTag::ElderlyAlone => "独居老人",
        CareTag::EmptyNest => "空巢老人",
        CareTag::Disabled => "残疾人",
        CareTag::LeftBehindChild => "留守儿童",
        CareTag::LowIncome => "低保",
        CareTag::Destitute => "特困",
        CareTag::Veteran => "退役军人",
        CareTag::SeriousIllness => "重病",
    }
}

pub fn tags_zh(tags: &[CareTag]) -> String {
    tags.iter()
        .map(|t| care_tag_zh(*t))
        .collect::<Vec<_>>()
        .join("、")
}

pub fn party_zh(member: bool) -> &'static str {
    if member {
        "中共党员"
    } else {
        "群众"
    }
}

/// An outcome as the command line names it: the English word it writes (`--outcome`, JSON),
/// then the Chinese words read as the same value, the screen's first.
pub fn outcome_words(o: VisitOutcome) -> (&'static str, &'static [&'static str]) {
    match o {
        VisitOutcome::Met => ("met", &["在家", "见到"]),
        VisitOutcome::NotHome => ("not-home", &["不在家", "无人"]),
        VisitOutcome::Refused => ("refused", &["拒访", "拒绝"]),
        VisitOutcome::Revisit => ("revisit", &["需复访", "再次上门", "复访"]),
    }
}

/// A purpose as the command line names it, as [`outcome_words`] does an outcome.
pub fn purpose_words(p: VisitPurpose) -> (&'static str, &'static [&'static str]) {
    match p {
        VisitPurpose::Routine => ("routine", &["日常走访", "日常"]),
        VisitPurpose::CareCheck => ("care-check", &["关爱探访", "关爱", "重点人群关怀"]),
        VisitPurpose::PolicyOutreach => ("policy", &["政策宣传", "宣传"]),
        VisitPurpose::DisputeFollowUp => ("dispute-follow-up", &["纠纷回访", "回访"]),
        VisitPurpose::EmergencyCheck => ("emergency", &["应急排查", "应急"]),
        VisitPurpose::Other => ("other", &["其他", "其它"]),
    }
}

fn possible((en, zh): (&'static str, &'static [&'static str])) -> clap::builder::PossibleValue {
    clap::builder::PossibleValue::new(en).aliases(zh.iter().copied())
}

/// `--outcome met` or `--outcome 在家`: clap reads either word as the same value.
impl clap::ValueEnum for VisitOutcome {
    fn value_variants<'a>() -> &'a [Self] {
        &VisitOutcome::ALL
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        Some(possible(outcome_words(*self)))
    }
}

/// `--purpose care-check` or `--purpose 关爱探访`.
impl clap::ValueEnum for VisitPurpose {
    fn value_variants<'a>() -> &'a [Self] {
        &VisitPurpose::ALL
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        Some(possible(purpose_words(*self)))
    }
}

pub fn ymd(d: NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> Option<DateCell> {
        Some(DateCell::Day(NaiveDate::from_ymd_opt(y, m, d).unwrap()))
    }

    #[test]
    fn dates_are_read_every_usual_way() {
        for text in [
            "1956-03-05",
            "1956/3/5",
            "1956.3.5",
            "1956年3月5日",
            "19560305",
            "２０５１９",
            "1956-03-05 00:00:00",
        ] {
            assert_eq!(parse_date(&Cell::Text(text)), day(1956, 3, 5), "{text}");
        }
        assert_eq!(parse_date(&Cell::Number(20519.0)), day(1956, 3, 5));
        assert_eq!(parse_date(&Cell::Date(1956, 3, 5)), day(1956, 3, 5));
        assert_eq!(
            parse_date(&Cell::Text("1956年3月")),
            Some(DateCell::Month(1956, 3))
        );
        for bad in ["1956-13-05", "1956-02-30", "三月", "56-3-5", ""] {
            assert_eq!(parse_date(&Cell::Text(bad)), None, "{bad}");
        }
    }

    #[test]
    fn tags_split_on_every_usual_separator() {
        let (tags, unknown) =
            parse_tags("独居老人、低保，残疾人;退役军人/重病 空巢老人 特困,留守儿童,爱心人士");
        assert_eq!(tags, CareTag::ALL.to_vec());
        assert_eq!(unknown, vec!["爱心人士".to_string()]);
        for t in CareTag::ALL {
            assert_eq!(parse_tags(care_tag_zh(t)).0, vec![t]);
        }
    }

    #[test]
    fn words_gridbook_writes_read_back() {
        for r in Relation::ALL {
            assert_eq!(parse_relation(relation_zh(r)), Some(r));
        }
        assert_eq!(parse_relation("本人"), Some(Relation::Head));
        assert_eq!(parse_residence("户籍"), Some(Residence::Resident));
        assert_eq!(parse_residence("外来"), Some(Residence::Migrant));
        assert_eq!(parse_residence("租住"), Some(Residence::Migrant));
        assert!(parse_party("中共党员"));
        assert!(!parse_party("群众"));
    }
}

//! Who lives where and who looks after them: households, residents, captains and staff.

use serde::{Deserialize, Serialize};

use super::time::Day;
use super::{idnumber, phone, Address, Id, Invalid};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Sex {
    Male,
    Female,
}

/// 与户主关系: how a resident is related to the head of the household.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Relation {
    Head,
    Spouse,
    Son,
    Daughter,
    Father,
    Mother,
    Grandson,
    Granddaughter,
    Tenant,
    Other,
}

impl Relation {
    /// What the old head becomes to a new head who was `new_head_was` to them: a spouse
    /// stays a spouse, a parent of a son or daughter, a child of a father or mother;
    /// anything else is 其他.
    pub fn of_old_head(new_head_was: Relation, old_head_sex: Sex) -> Relation {
        let male = old_head_sex == Sex::Male;
        match new_head_was {
            Relation::Spouse => Relation::Spouse,
            Relation::Son | Relation::Daughter if male => Relation::Father,
            Relation::Son | Relation::Daughter => Relation::Mother,
            Relation::Father | Relation::Mother if male => Relation::Son,
            Relation::Father | Relation::Mother => Relation::Daughter,
            _ => Relation::Other,
        }
    }
}

/// 常住 or 流动: a registered resident or a migrant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Residence {
    Resident,
    Migrant,
}

/// 重点人群: groups the grid keeps a closer eye on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum CareTag {
    /// 独居老人
    ElderlyAlone,
    /// 空巢老人
    EmptyNest,
    /// 残疾人
    Disabled,
    /// 留守儿童
    LeftBehindChild,
    /// 低保
    LowIncome,
    /// 特困
    Destitute,
    /// 退役军人
    Veteran,
    /// 重病
    SeriousIllness,
}

impl Relation {
    /// Every relation, in the order forms offer them.
    pub const ALL: [Relation; 10] = [
        Relation::Head,
        Relation::Spouse,
        Relation::Son,
        Relation::Daughter,
        Relation::Father,
        Relation::Mother,
        Relation::Grandson,
        Relation::Granddaughter,
        Relation::Tenant,
        Relation::Other,
    ];
}

impl CareTag {
    pub const ALL: [CareTag; 8] = [
        CareTag::ElderlyAlone,
        CareTag::EmptyNest,
        CareTag::Disabled,
        CareTag::LeftBehindChild,
        CareTag::LowIncome,
        CareTag::Destitute,
        CareTag::Veteran,
        CareTag::SeriousIllness,
    ];
}

/// 房屋状态: how the flat at a household's address is used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum HouseStatus {
    /// 自住
    Owner,
    /// 出租
    Rented,
    /// 空置
    Vacant,
    /// 其他
    Other,
}

/// 房东: who lets a rented flat.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Landlord {
    pub name: String,
    pub phone: String,
}

/// 租期: the days a tenancy runs, both included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tenancy {
    pub from: Day,
    pub to: Day,
}

/// Why a resident left a household.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum LeaveReason {
    /// 迁出, and where to if known.
    MovedOut { to: Option<String> },
    /// 死亡
    Died,
}

/// A former resident's leaving: why and on which day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Leaving {
    pub reason: LeaveReason,
    pub day: Day,
}

/// 户: a household at one address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Household {
    pub id: Id,
    pub community: Id,
    pub grid: Id,
    pub building: Id,
    pub address: Address,
    /// The resident who heads the household.
    pub head: Option<Id>,
    pub phone: String,
    pub care_tags: Vec<CareTag>,
    /// The building captain whose patch this household is in.
    pub captain: Option<Id>,
    /// 房屋状态; None where it was never recorded. (Fields from here on came with format 2.)
    #[serde(default, deserialize_with = "crate::store::codec::since_v2")]
    pub status: Option<HouseStatus>,
    /// For a rented flat, who lets it.
    #[serde(default, deserialize_with = "crate::store::codec::since_v2")]
    pub landlord: Option<Landlord>,
    /// For a rented flat, the tenancy.
    #[serde(default, deserialize_with = "crate::store::codec::since_v2")]
    pub tenancy: Option<Tenancy>,
    #[serde(default, deserialize_with = "crate::store::codec::since_v2")]
    pub note: String,
}

/// 居民: a person living in a household.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Resident {
    pub id: Id,
    pub household: Id,
    pub name: String,
    pub sex: Sex,
    pub birth: Day,
    pub id_number: String,
    pub phone: String,
    pub relation: Relation,
    pub residence: Residence,
    pub care_tags: Vec<CareTag>,
    pub party_member: bool,
    /// Set once the resident has left (moved out or died): a former resident, kept in the
    /// household's history. (Came with format 2.)
    #[serde(default, deserialize_with = "crate::store::codec::since_v2")]
    pub left: Option<Leaving>,
}

/// 楼长: a resident volunteer who looks after a patch of households.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BuildingCaptain {
    pub id: Id,
    pub resident: Id,
    pub community: Id,
    pub grid: Id,
    pub name: String,
    pub phone: String,
}

/// What a member of staff may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Role {
    /// 街道管理员: sees the whole street.
    StreetAdmin,
    /// 社区管理员: sees their communities.
    CommunityAdmin,
    /// 网格长 / 网格员: sees their grids.
    GridCaptain,
}

/// 网格长 / 网格员 and admins: staff known by their OS user name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Staff {
    pub user: String,
    pub display_name: String,
    pub role: Role,
    /// Grids (or, for community admins, communities) in scope.
    pub grids: Vec<Id>,
    pub communities: Vec<Id>,
}

impl Household {
    /// Checks the address, the phones, and that landlord and tenancy belong to a rented flat
    /// whose tenancy does not end before it starts.
    pub fn validate(&self) -> Result<(), Invalid> {
        self.address.validate()?;
        if !self.phone.is_empty() {
            phone::normalize(&self.phone)?;
        }
        let rented = self.status == Some(HouseStatus::Rented);
        if let Some(l) = &self.landlord {
            if !rented {
                return Err(Invalid::new(format!(
                    "{} is not marked rented, so it has no landlord; mark it rented first",
                    self.address
                )));
            }
            if l.name.trim().is_empty() {
                return Err(Invalid::new("a landlord needs a name"));
            }
            if !l.phone.is_empty() {
                phone::normalize(&l.phone)?;
            }
        }
        if let Some(t) = &self.tenancy {
            if !rented {
                return Err(Invalid::new(format!(
                    "{} is not marked rented, so it has no tenancy; mark it rented first",
                    self.address
                )));
            }
            if t.from > t.to {
                return Err(Invalid::new(format!(
                    "the tenancy ends on {} before it starts on {}; correct the dates",
                    super::time::date_of(t.to),
                    super::time::date_of(t.from)
                )));
            }
        }
        Ok(())
    }

    /// The house status as shown: vacant when no one lives there any more (derived, so a
    /// household emptied on one replica and joined on another never shows a stale status),
    /// else the status recorded.
    pub fn status_shown(&self, current_residents: usize) -> Option<HouseStatus> {
        if current_residents == 0 {
            Some(HouseStatus::Vacant)
        } else {
            self.status
        }
    }
}

impl Resident {
    /// Checks the name and the phone, and the ID number as the roster import does
    /// (`idnumber::check_holder`): a number of the wrong shape is refused; one that does not
    /// add up or disagrees with birth date or sex is kept, and the warnings say so.
    pub fn validate(&self) -> Result<Vec<String>, Invalid> {
        let name = self.name.trim();
        if name.is_empty() {
            return Err(Invalid::new("a resident needs a name"));
        }
        if name.chars().count() > 30 {
            return Err(Invalid::new(format!(
                "the name “{}” is longer than 30 characters; shorten it",
                super::shown::quote(name)
            )));
        }
        if !self.phone.is_empty() {
            phone::normalize(&self.phone)?;
        }
        if self.id_number.is_empty() {
            return Ok(Vec::new());
        }
        idnumber::check_holder(&self.id_number, super::time::date_of(self.birth), self.sex)
    }

    /// Whether the resident still lives in the household (has not left).
    pub fn is_current(&self) -> bool {
        self.left.is_none()
    }

    /// Age in whole years on the given day.
    pub fn age_on(&self, day: Day) -> u32 {
        use chrono::Datelike;
        let birth = super::time::date_of(self.birth);
        let on = super::time::date_of(day);
        let mut age = on.year() - birth.year();
        if (on.month(), on.day()) < (birth.month(), birth.day()) {
            age -= 1;
        }
        age.max(0) as u32
    }
}

impl Staff {
    pub fn validate(&self) -> Result<(), Invalid> {
        let ok = !self.user.is_empty()
            && self
                .user
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'));
        if !ok {
            return Err(Invalid::new(format!(
                "“{}” is not an OS user name; use letters, digits, _ - or .",
                self.user
            )));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::time::day_of;
    use chrono::NaiveDate;

    fn resident(id_number: &str, birth: NaiveDate, sex: Sex) -> Resident {
        Resident {
            id: 1,
            household: 1,
            name: "周官萍".into(),
            sex,
            birth: day_of(birth),
            id_number: id_number.into(),
            phone: "13812345678".into(),
            relation: Relation::Head,
            residence: Residence::Resident,
            care_tags: vec![],
            party_member: false,
            left: None,
        }
    }

    #[test]
    fn an_id_number_that_disagrees_with_birth_date_or_sex_is_kept_with_a_warning() {
        let birth = NaiveDate::from_ymd_opt(1956, 3, 5).unwrap();
        let id = idnumber::compose(442000, birth, 124);
        assert_eq!(resident(&id, birth, Sex::Female).validate(), Ok(vec![]));
        assert_eq!(
            resident(&id, birth, Sex::Male).validate(),
            Ok(vec!["the ID number belongs to a woman, but this says 男; it was kept as written, check which is right".to_string()])
        );
        let other = NaiveDate::from_ymd_opt(1957, 3, 5).unwrap();
        let w = resident(&id, other, Sex::Female).validate().unwrap();
        assert!(
            w[0].starts_with("the ID number says born 1956-03-05"),
            "{w:?}"
        );
        let err = resident("1234", birth, Sex::Female).validate().unwrap_err();
        assert!(err.to_string().contains("17 digits"), "{err}");
    }

    #[test]
    fn age_counts_whole_years() {
        let birth = NaiveDate::from_ymd_opt(1956, 3, 5).unwrap();
        let r = resident("", birth, Sex::Female);
        assert_eq!(
            r.age_on(day_of(NaiveDate::from_ymd_opt(2026, 3, 4).unwrap())),
            69
        );
        assert_eq!(
            r.age_on(day_of(NaiveDate::from_ymd_opt(2026, 3, 5).unwrap())),
            70
        );
    }
}

//! Keeping the roster true: a household's facts, residents added, changed, made head, leaving
//! and moving, new households at empty addresses. Each write is checked against the caller's
//! scope on the records as they are and as they will be, goes in one durable transaction
//! (so the audit trail keeps the values before and after and the sync change log stamps the
//! fields it changed), and says which households and residents the search index must follow.

use serde::{Deserialize, Serialize};

use super::{codec, keys, Result, Store, StoreError, Stored, TreeId, TxResult, Txn};
use crate::model::scope::Scope;
use crate::model::time::day_text;
use crate::model::time::{date_of, day_of, Day};
use crate::model::{
    idnumber, phone, Address, Building, CareTag, Community, HouseStatus, Household, Id, Invalid,
    Landlord, LeaveReason, Leaving, Relation, Residence, Resident, Sex, Tenancy,
};

/// A change to a household's facts: each `Some` field is set, the others stay as they are.
/// `landlord` and `tenancy` take `Some(None)` to clear them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HouseholdChange {
    pub phone: Option<String>,
    pub care_tags: Option<Vec<CareTag>>,
    /// A flat no longer rented loses its landlord and tenancy.
    pub status: Option<HouseStatus>,
    pub landlord: Option<Option<Landlord>>,
    pub tenancy: Option<Option<Tenancy>>,
    pub note: Option<String>,
}

/// A resident as entered, before they have an id: every field the roster import knows.
/// Birth date and sex left out are taken from the ID number, as the import does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewResident {
    pub name: String,
    pub relation: Relation,
    pub sex: Option<Sex>,
    pub birth: Option<Day>,
    pub id_number: String,
    pub phone: String,
    pub residence: Residence,
    pub care_tags: Vec<CareTag>,
    pub party_member: bool,
}

/// A change to a resident: each `Some` field is set. A relation of 户主 makes them head
/// (as `make_head` does).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResidentChange {
    pub name: Option<String>,
    pub sex: Option<Sex>,
    pub birth: Option<Day>,
    pub id_number: Option<String>,
    pub phone: Option<String>,
    pub relation: Option<Relation>,
    pub residence: Option<Residence>,
    pub care_tags: Option<Vec<CareTag>>,
    pub party_member: Option<bool>,
}

impl ResidentChange {
    /// Sets the fields the change names (a relation of 户主 is left to `head_in`).
    fn apply(&self, r: &mut Resident) {
        if let Some(n) = &self.name {
            r.name = n.trim().to_string();
        }
        r.sex = self.sex.unwrap_or(r.sex);
        r.birth = self.birth.unwrap_or(r.birth);
        if let Some(n) = &self.id_number {
            r.id_number = n.clone();
        }
        if let Some(p) = &self.phone {
            r.phone = p.clone();
        }
        r.relation = match self.relation {
            Some(rel) if rel != Relation::Head => rel,
            _ => r.relation,
        };
        r.residence = self.residence.unwrap_or(r.residence);
        if let Some(tags) = &self.care_tags {
            r.care_tags = tags.clone();
            r.care_tags.sort();
            r.care_tags.dedup();
        }
        r.party_member = self.party_member.unwrap_or(r.party_member);
    }
}

/// What a roster write saved. The caller brings the search index up to date with
/// `SearchCell::follow(store, &saved.households, &saved.residents)`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Saved {
    /// The household written (for a move, the one moved to).
    pub household: Household,
    /// The resident written, if the write was about one.
    pub resident: Option<Resident>,
    /// What was kept as written but looks wrong (an ID number that does not add up …).
    pub warnings: Vec<String>,
    /// Every household and resident the write changed.
    pub households: Vec<Id>,
    pub residents: Vec<Id>,
}

impl Saved {
    /// A write about one resident of a household.
    fn resident(household: Household, resident: Resident, warnings: Vec<String>) -> Saved {
        Saved {
            households: vec![household.id],
            residents: vec![resident.id],
            household,
            resident: Some(resident),
            warnings,
        }
    }

    /// A write about one household and none of its people.
    fn household(h: Household) -> Saved {
        Saved {
            households: vec![h.id],
            household: h,
            resident: None,
            warnings: Vec::new(),
            residents: Vec::new(),
        }
    }
}

/// The trees a roster write touches (records, their indexes).
const TREES: [TreeId; 8] = [
    TreeId::Households,
    TreeId::HouseholdsByCaptain,
    TreeId::Residents,
    TreeId::Buildings,
    TreeId::HouseholdsByBuilding,
    TreeId::ResidentsByHousehold,
    TreeId::FormerResidentsByHousehold,
    TreeId::ResidentsByIdNumber,
];

/// Whether a record in `community`/`grid` may be changed by someone with `scope`; the
/// sentence names `what` (an address) when not. A write checks every place the record is
/// in now and every place it will be in.
pub fn check_scope(scope: &Scope, places: &[(Id, Id, Address)]) -> Result<()> {
    match places.iter().find(|(c, g, _)| !scope.sees(*c, *g)) {
        None => Ok(()),
        Some((_, _, a)) => Err(StoreError::OutOfScope(format!(
            "{a} is outside the grids you look after; ask a street admin to change it"
        ))),
    }
}

fn fail<T>(e: impl Into<StoreError>) -> TxResult<T> {
    Err(sled::transaction::ConflictableTransactionError::Abort(
        e.into(),
    ))
}

fn invalid<T>(msg: impl Into<String>) -> TxResult<T> {
    fail(Invalid::new(msg))
}

fn household_in(t: &Txn<'_>, id: Id) -> TxResult<Household> {
    match t.get::<Household>(&keys::id(id))? {
        Some(h) => Ok(h),
        None => fail(StoreError::NotFound(format!("there is no household {id}"))),
    }
}

fn resident_in(t: &Txn<'_>, id: Id) -> TxResult<Resident> {
    match t.get::<Resident>(&keys::id(id))? {
        Some(r) => Ok(r),
        None => fail(StoreError::NotFound(format!("there is no resident {id}"))),
    }
}

fn scoped(scope: &Scope, hs: &[&Household]) -> TxResult<()> {
    let places: Vec<(Id, Id, Address)> = hs
        .iter()
        .map(|h| (h.community, h.grid, h.address))
        .collect();
    check_scope(scope, &places).or_else(fail)
}

/// A phone as typed, normalised; empty stays empty.
fn normal_phone(p: &str) -> std::result::Result<String, Invalid> {
    if p.trim().is_empty() {
        Ok(String::new())
    } else {
        phone::normalize(p)
    }
}

/// An ID number as typed: without spaces, in upper case, full-width digits folded.
fn normal_id(id: &str) -> String {
    crate::model::address::fold_width(id)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_uppercase()
}

impl Store {
    /// Changes a household's phone, care tags, house status, landlord, tenancy or note.
    pub fn edit_household(
        &self,
        by: &str,
        scope: &Scope,
        household: Id,
        change: &HouseholdChange,
    ) -> Result<Saved> {
        let phone = change.phone.as_deref().map(normal_phone).transpose()?;
        let landlord = match &change.landlord {
            Some(Some(l)) => Some(Some(Landlord {
                name: l.name.trim().to_string(),
                phone: normal_phone(&l.phone)?,
            })),
            other => other.clone(),
        };
        let h = self.write_in(by, &TREES, |t| {
            let mut h = household_in(t, household)?;
            scoped(scope, &[&h])?;
            if let Some(p) = &phone {
                h.phone = p.clone();
            }
            if let Some(tags) = &change.care_tags {
                let mut tags = tags.clone();
                tags.sort();
                tags.dedup();
                h.care_tags = tags;
            }
            if let Some(s) = change.status {
                h.status = Some(s);
                if s != HouseStatus::Rented {
                    h.landlord = None;
                    h.tenancy = None;
                }
            }
            if let Some(l) = &landlord {
                h.landlord = l.clone();
            }
            if let Some(x) = change.tenancy {
                h.tenancy = x;
            }
            if let Some(n) = &change.note {
                h.note = n.trim().to_string();
            }
            h.validate().or_else(fail)?;
            t.put(&h)?;
            Ok(h)
        })?;
        Ok(Saved::household(h))
    }

    /// The resident who already has this ID number, if any.
    pub fn holder_of(&self, id_number: &str) -> Result<Option<Resident>> {
        let key = id_number.trim().to_ascii_uppercase();
        for id in self.index_ids(TreeId::ResidentsByIdNumber, key.as_bytes()) {
            if let Some(r) = self.get_id::<Resident>(id?)? {
                if r.id_number.eq_ignore_ascii_case(&key) {
                    return Ok(Some(r));
                }
            }
        }
        Ok(None)
    }

    /// Refuses an ID number someone else on file already has: naming them and their address
    /// when they are in scope (`StoreError::Duplicate`, so the caller can offer to move them
    /// instead), without naming them when not.
    fn refuse_duplicate(&self, scope: &Scope, id_number: &str, me: Option<Id>) -> Result<()> {
        if id_number.is_empty() {
            return Ok(());
        }
        let Some(other) = self.holder_of(id_number)? else {
            return Ok(());
        };
        if Some(other.id) == me {
            return Ok(());
        }
        let home = self.get_id::<Household>(other.household)?;
        let Some(home) = home.filter(|h| scope.sees(h.community, h.grid)) else {
            return Err(StoreError::Invalid(Invalid::new(format!(
                "the ID number {} is already registered at a household outside the grids you look after; ask a street admin",
                idnumber::mask(id_number)
            ))));
        };
        let community = self
            .get_id::<Community>(home.community)?
            .map(|c| c.name)
            .unwrap_or_default();
        let sentence = if other.is_current() {
            format!(
                "{} (ID number {}) is already registered at {community} {}; move them here instead of adding them again",
                other.name,
                idnumber::mask(id_number),
                home.address
            )
        } else {
            format!(
                "{} (ID number {}) was registered at {community} {} and has left; move them here instead of adding them again",
                other.name,
                idnumber::mask(id_number),
                home.address
            )
        };
        Err(StoreError::Duplicate {
            resident: other.id,
            household: home.id,
            sentence,
        })
    }

    /// Adds a resident to a household (a birth, someone moving in, a tenant); a 户主 becomes
    /// the household's head (refused where it has one). An ID number
    /// already on file is refused (`StoreError::Duplicate` names who has it); one that does
    /// not add up, or disagrees with birth date or sex, is kept with a warning.
    pub fn add_resident(
        &self,
        by: &str,
        scope: &Scope,
        household: Id,
        new: &NewResident,
    ) -> Result<Saved> {
        let id_number = normal_id(&new.id_number);
        let facts = if id_number.is_empty() {
            None
        } else {
            Some(idnumber::read(&id_number)?.0)
        };
        let (Some(sex), Some(birth)) = (
            new.sex.or(facts.map(|f| f.sex)),
            new.birth.or(facts.map(|f| day_of(f.birth))),
        ) else {
            return Err(Invalid::new(format!(
                "give the sex and birth date of {}, or an ID number that tells them",
                new.name.trim()
            ))
            .into());
        };
        let mut draft = Resident {
            id: 0,
            household,
            name: new.name.trim().to_string(),
            sex,
            birth,
            id_number,
            phone: normal_phone(&new.phone)?,
            relation: new.relation,
            residence: new.residence,
            care_tags: new.care_tags.clone(),
            party_member: new.party_member,
            left: None,
        };
        draft.care_tags.sort();
        draft.care_tags.dedup();
        let warnings = draft.validate()?;
        // Checked before the write, in scope first so a refusal names no one outside it.
        let h = self
            .get_id::<Household>(household)?
            .ok_or_else(|| StoreError::NotFound(format!("there is no household {household}")))?;
        check_scope(scope, &[(h.community, h.grid, h.address)])?;
        self.refuse_duplicate(scope, &draft.id_number, None)?;
        let (h, r) = self.write_in(by, &TREES, |t| {
            let mut h = household_in(t, household)?;
            scoped(scope, &[&h])?;
            let mut r = draft.clone();
            r.id = t.next_id()?;
            let heads = h
                .head
                .map(|x| t.get::<Resident>(&keys::id(x)))
                .transpose()?;
            let has_head = heads.flatten().is_some_and(|x| x.is_current());
            if r.relation == Relation::Head && has_head {
                return invalid(format!(
                    "{} already has a 户主; add {} with another relation, then make them head",
                    h.address, r.name
                ));
            }
            if r.relation == Relation::Head {
                h.head = Some(r.id);
                t.put(&h)?;
            }
            t.put(&r)?;
            Ok((h, r))
        })?;
        Ok(Saved::resident(h, r, warnings))
    }

    /// Changes any field of a resident. A relation of 户主 makes them head of household.
    pub fn edit_resident(
        &self,
        by: &str,
        scope: &Scope,
        resident: Id,
        change: &ResidentChange,
    ) -> Result<Saved> {
        let change = ResidentChange {
            phone: change.phone.as_deref().map(normal_phone).transpose()?,
            id_number: change.id_number.as_deref().map(normal_id),
            ..change.clone()
        };
        let before = self
            .get_id::<Resident>(resident)?
            .ok_or_else(|| StoreError::NotFound(format!("there is no resident {resident}")))?;
        let mut draft = before.clone();
        change.apply(&mut draft);
        let warnings = draft.validate()?;
        if let Some(h) = self.get_id::<Household>(before.household)? {
            check_scope(scope, &[(h.community, h.grid, h.address)])?;
        }
        if draft.id_number != before.id_number {
            self.refuse_duplicate(scope, &draft.id_number, Some(resident))?;
        }
        let (h, r, touched) = self.write_in(by, &TREES, |t| {
            // The change goes onto the record as it is now: fields no one asked to change
            // keep what a sync may have brought meanwhile.
            let mut r = resident_in(t, resident)?;
            let h = household_in(t, r.household)?;
            scoped(scope, &[&h])?;
            change.apply(&mut r);
            r.validate().or_else(fail)?;
            if h.head == Some(r.id) && r.relation != Relation::Head {
                return invalid(format!(
                    "{} is the 户主 of {}; make another resident head first",
                    r.name, h.address
                ));
            }
            t.put(&r)?;
            if change.relation == Some(Relation::Head) {
                return head_in(t, r.id);
            }
            Ok((h, r, None))
        })?;
        Ok(Saved {
            households: vec![h.id],
            residents: std::iter::once(r.id).chain(touched).collect(),
            household: h,
            resident: Some(r),
            warnings,
        })
    }

    /// Makes a resident head of their household: their relation becomes 户主, the household
    /// names them, and the old head's relation becomes what they are to the new one
    /// (`Relation::of_old_head`). The others' relations are left as they are.
    pub fn make_head(&self, by: &str, scope: &Scope, resident: Id) -> Result<Saved> {
        let (h, r, old) = self.write_in(by, &TREES, |t| {
            let r = resident_in(t, resident)?;
            scoped(scope, &[&household_in(t, r.household)?])?;
            head_in(t, resident)
        })?;
        Ok(Saved {
            households: vec![h.id],
            residents: std::iter::once(r.id).chain(old).collect(),
            household: h,
            resident: Some(r),
            warnings: Vec::new(),
        })
    }

    /// Records that a resident left (moved out, where to if known, or died) on `day`. They
    /// stay in the household's records as a former resident; a head who leaves leaves the
    /// household without one. A household no one lives in any more shows as vacant
    /// (`Household::status_shown`).
    pub fn resident_leaves(
        &self,
        by: &str,
        scope: &Scope,
        resident: Id,
        reason: &LeaveReason,
        day: Day,
    ) -> Result<Saved> {
        let reason = match reason {
            LeaveReason::MovedOut { to } => LeaveReason::MovedOut {
                to: to
                    .as_deref()
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_string),
            },
            LeaveReason::Died => LeaveReason::Died,
        };
        let (h, r) = self.write_in(by, &TREES, |t| {
            let mut r = resident_in(t, resident)?;
            let mut h = household_in(t, r.household)?;
            scoped(scope, &[&h])?;
            if !r.is_current() {
                return invalid(format!(
                    "{} has already left {}; nothing was changed",
                    r.name, h.address
                ));
            }
            if day < r.birth {
                return invalid(format!(
                    "{} cannot leave before they were born ({}); correct the date",
                    r.name,
                    date_of(r.birth)
                ));
            }
            r.left = Some(Leaving {
                reason: reason.clone(),
                day,
            });
            t.put(&r)?;
            if h.head == Some(r.id) {
                h.head = None;
                t.put(&h)?;
            }
            Ok((h, r))
        })?;
        Ok(Saved::resident(h, r, Vec::new()))
    }

    /// Moves a resident (current or former: a former one lives there again) to another
    /// household. Both households must be in scope. A head who moves leaves the old
    /// household without one, and heads the new one if it has no head, else becomes 其他.
    pub fn move_resident(
        &self,
        by: &str,
        scope: &Scope,
        resident: Id,
        to_household: Id,
    ) -> Result<Saved> {
        let (to, r, from) = self.write_in(by, &TREES, |t| {
            let mut r = resident_in(t, resident)?;
            let mut from = household_in(t, r.household)?;
            let mut to = household_in(t, to_household)?;
            scoped(scope, &[&from, &to])?;
            if from.id == to.id && r.is_current() {
                return invalid(format!(
                    "{} already lives at {}; nothing was changed",
                    r.name, to.address
                ));
            }
            if from.head == Some(r.id) && from.id != to.id {
                from.head = None;
                t.put(&from)?;
            }
            let head = match to.head {
                Some(x) if x != r.id => t.get::<Resident>(&keys::id(x))?,
                _ => None,
            };
            if r.relation == Relation::Head {
                if head.is_some_and(|x| x.is_current()) {
                    r.relation = Relation::Other;
                } else {
                    to.head = Some(r.id);
                    t.put(&to)?;
                }
            }
            r.household = to.id;
            r.left = None;
            t.put(&r)?;
            Ok((to, r, from.id))
        })?;
        Ok(Saved {
            households: if from == to.id {
                vec![to.id]
            } else {
                vec![from, to.id]
            },
            residents: vec![r.id],
            household: to,
            resident: Some(r),
            warnings: Vec::new(),
        })
    }

    /// A new household at an empty address of a building (its community and grid are the
    /// building's).
    pub fn add_household(
        &self,
        by: &str,
        scope: &Scope,
        building: Id,
        address: Address,
    ) -> Result<Saved> {
        address.validate()?;
        let b = self
            .get_id::<Building>(building)?
            .ok_or_else(|| StoreError::NotFound(format!("there is no building {building}")))?;
        check_scope(scope, &[(b.community, b.grid, address)])?;
        if address.building != b.number {
            return Err(Invalid::new(format!(
                "{address} is not in building {}; give an address of that building",
                b.number
            ))
            .into());
        }
        let door = keys::join(&[
            &keys::id(building),
            &[address.entrance],
            &address.room.to_be_bytes(),
        ]);
        if self
            .index_ids(TreeId::HouseholdsByBuilding, &door)
            .next()
            .is_some()
        {
            return Err(Invalid::new(format!(
                "{address} already has a household; open it rather than adding another"
            ))
            .into());
        }
        let h = self.write_in(by, &TREES, |t| {
            let h = Household {
                id: t.next_id()?,
                community: b.community,
                grid: b.grid,
                building,
                address,
                head: None,
                phone: String::new(),
                care_tags: Vec::new(),
                captain: None,
                status: None,
                landlord: None,
                tenancy: None,
                note: String::new(),
            };
            t.put(&h)?;
            Ok(h)
        })?;
        Ok(Saved::household(h))
    }
}

/// Makes `resident` head inside a transaction: returns the household, the new head and
/// the old head (whose relation changed), if there was one.
fn head_in(t: &Txn<'_>, resident: Id) -> TxResult<(Household, Resident, Option<Id>)> {
    let mut r = resident_in(t, resident)?;
    let mut h = household_in(t, r.household)?;
    if !r.is_current() {
        return invalid(format!(
            "{} has left {}; move them back before making them head",
            r.name, h.address
        ));
    }
    let mut old_head = None;
    if let Some(old) = h.head.filter(|x| *x != r.id) {
        if let Some(mut o) = t.get::<Resident>(&keys::id(old))? {
            if o.is_current() && o.household == h.id {
                o.relation = Relation::of_old_head(r.relation, o.sex);
                t.put(&o)?;
                old_head = Some(o.id);
            }
        }
    }
    r.relation = Relation::Head;
    h.head = Some(r.id);
    t.put(&r)?;
    t.put(&h)?;
    Ok((h, r, old_head))
}

/// What changed between two stored states of a household or resident, field by field, as
/// the audit trail and a household's history show it: `电话 138****5678 → 139****0000`.
/// Phones and ID numbers are masked as lists mask them. Empty for other records.
pub fn change_detail(tree: &str, before: Option<&[u8]>, after: Option<&[u8]>) -> String {
    fn read<E: super::Entity>(b: Option<&[u8]>) -> Option<E> {
        b.and_then(|b| codec::decode::<Stored<E>>(b).ok())
            .map(|s| s.value)
    }
    let fields = if tree == TreeId::Households.name() {
        let f = |h: Option<Household>| h.map(|h| household_fields(&h));
        (f(read(before)), f(read(after)))
    } else if tree == TreeId::Residents.name() {
        let f = |r: Option<Resident>| r.map(|r| resident_fields(&r));
        (f(read(before)), f(read(after)))
    } else {
        return String::new();
    };
    // A resident's change says whose it is: a household has several.
    let whose = read::<Resident>(after.or(before))
        .filter(|_| tree == TreeId::Residents.name())
        .map(|r| format!("{}：", r.name))
        .unwrap_or_default();
    match fields {
        (Some(old), Some(new)) => {
            let changes = old
                .iter()
                .zip(&new)
                .filter(|(a, b)| a.1 != b.1)
                .map(|(a, b)| format!("{} {} → {}", a.0, shown(&a.1), shown(&b.1)))
                .collect::<Vec<_>>()
                .join("; ");
            if changes.is_empty() {
                changes
            } else {
                format!("{whose}{changes}")
            }
        }
        (None, Some(new)) | (Some(new), None) => new
            .iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| format!("{k} {v}"))
            .collect::<Vec<_>>()
            .join("; "),
        (None, None) => String::new(),
    }
}

fn shown(v: &str) -> &str {
    if v.is_empty() {
        "—"
    } else {
        v
    }
}

/// 自住 / 出租 / 空置 / 其他.
pub fn house_status_zh(s: HouseStatus) -> &'static str {
    match s {
        HouseStatus::Owner => "自住",
        HouseStatus::Rented => "出租",
        HouseStatus::Vacant => "空置",
        HouseStatus::Other => "其他",
    }
}

/// 迁出（去向）2026-03-01 or 死亡 2026-03-01.
pub fn leaving_zh(l: &Leaving) -> String {
    match &l.reason {
        LeaveReason::MovedOut { to: Some(to) } => format!("迁出（{to}）{}", day_text(l.day)),
        LeaveReason::MovedOut { to: None } => format!("迁出 {}", day_text(l.day)),
        LeaveReason::Died => format!("死亡 {}", day_text(l.day)),
    }
}

fn household_fields(h: &Household) -> Vec<(&'static str, String)> {
    use crate::io::values::tags_zh;
    vec![
        ("地址", h.address.to_string()),
        ("户主", h.head.map(|x| format!("#{x}")).unwrap_or_default()),
        ("电话", phone::mask(&h.phone)),
        ("重点人群", tags_zh(&h.care_tags)),
        (
            "房屋状态",
            h.status.map(house_status_zh).unwrap_or_default().into(),
        ),
        (
            "房东",
            h.landlord
                .as_ref()
                .map(|l| {
                    format!("{} {}", l.name, phone::mask(&l.phone))
                        .trim()
                        .to_string()
                })
                .unwrap_or_default(),
        ),
        (
            "租期",
            h.tenancy
                .map(|t| format!("{}—{}", day_text(t.from), day_text(t.to)))
                .unwrap_or_default(),
        ),
        ("备注", h.note.clone()),
        (
            "楼长",
            h.captain.map(|x| format!("#{x}")).unwrap_or_default(),
        ),
    ]
}

fn resident_fields(r: &Resident) -> Vec<(&'static str, String)> {
    use crate::io::values::{party_zh, relation_zh, residence_zh, sex_zh, tags_zh};
    vec![
        ("姓名", r.name.clone()),
        ("住户", format!("#{}", r.household)),
        ("与户主关系", relation_zh(r.relation).into()),
        ("性别", sex_zh(r.sex).into()),
        ("出生日期", day_text(r.birth)),
        ("身份证号", idnumber::mask(&r.id_number)),
        ("电话", phone::mask(&r.phone)),
        ("户籍", residence_zh(r.residence).into()),
        ("重点人群", tags_zh(&r.care_tags)),
        ("党员", party_zh(r.party_member).into()),
        ("离开", r.left.as_ref().map(leaving_zh).unwrap_or_default()),
    ]
}

//! Households and the people in them: family make-ups at plausible rates, valid ID numbers,
//! phones, care tags, party members, and the building captains whose patches cover them.

use chrono::{Datelike, NaiveDate};
use rand::Rng;

use super::names;
use super::places::weighted;
use super::Gen;
use crate::model::{
    Address, BuildingCaptain, CareTag, Household, Id, Relation, Residence, Resident, Sex,
};
use crate::store::StoreError;

/// The make-up of a household, which the visits and disputes look at too.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// 独居老人
    ElderlyAlone,
    /// 空巢老人: an elderly couple on their own.
    ElderlyCouple,
    Couple,
    /// A couple with children.
    Family,
    Single,
    SingleParent,
    /// Grandparents, parents and children.
    ThreeGen,
    /// Grandparents with grandchildren whose parents work elsewhere (留守儿童).
    SkipGen,
    /// An elderly parent with a grown-up child.
    ElderWithChild,
    /// Migrants renting the flat.
    Renters,
    /// Three generations and more children, sometimes an unmarried sibling.
    Large,
}

const KINDS: &[(Kind, u32)] = &[
    (Kind::ElderlyAlone, 50),
    (Kind::ElderlyCouple, 110),
    (Kind::Couple, 115),
    (Kind::Family, 235),
    (Kind::Single, 95),
    (Kind::SingleParent, 30),
    (Kind::ThreeGen, 85),
    (Kind::SkipGen, 8),
    (Kind::ElderWithChild, 57),
    (Kind::Renters, 190),
    (Kind::Large, 20),
];

/// Where 中山 residents' ID numbers were issued: mostly 中山 itself, some elsewhere in 广东.
const LOCAL_AREAS: &[(u32, u32)] = &[
    (442000, 85),
    (440104, 2),
    (440306, 2),
    (440604, 2),
    (440703, 2),
    (440402, 2),
    (441502, 1),
    (440882, 2),
    (441481, 1),
    (445102, 1),
];

/// Where migrants come from: 湖南, 广西, 江西, 四川, 河南, 湖北, 贵州, 粤东西北.
const MIGRANT_AREAS: &[(u32, u32)] = &[
    (430102, 5),
    (430524, 6),
    (431121, 5),
    (450103, 4),
    (450881, 6),
    (452501, 5),
    (360102, 4),
    (360731, 4),
    (512301, 4),
    (510104, 3),
    (411302, 5),
    (411521, 4),
    (420102, 3),
    (421127, 4),
    (522101, 3),
    (441481, 4),
    (440882, 5),
    (445281, 3),
];

const MOBILE_PREFIXES: &[&str] = &[
    "130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "150", "151", "152",
    "153", "155", "156", "157", "158", "159", "173", "175", "176", "177", "178", "180", "181",
    "182", "183", "185", "186", "187", "188", "189", "191", "198", "199",
];

/// A household as generated, before it is written.
pub struct Draft {
    pub household: Household,
    pub residents: Vec<Resident>,
    pub kind: Kind,
}

impl Draft {
    pub fn head(&self) -> Option<&Resident> {
        self.residents.first()
    }
}

/// One person to make: sex, birth year as of a 2026 demo (shifted to the demo's year), surname.
struct Person {
    sex: Sex,
    year: i32,
    surname: &'static str,
    relation: Relation,
    area: u32,
}

fn other(sex: Sex) -> Sex {
    match sex {
        Sex::Male => Sex::Female,
        Sex::Female => Sex::Male,
    }
}

fn sex_of(g: &mut Gen, female_share: f64) -> Sex {
    if g.rng.random_bool(female_share) {
        Sex::Female
    } else {
        Sex::Male
    }
}

fn child_relation(sex: Sex) -> Relation {
    match sex {
        Sex::Male => Relation::Son,
        Sex::Female => Relation::Daughter,
    }
}

fn grandchild_relation(sex: Sex) -> Relation {
    match sex {
        Sex::Male => Relation::Grandson,
        Sex::Female => Relation::Granddaughter,
    }
}

/// The last year a child in the demo is born (2022 in a 2026 demo: no babies on file yet).
const LAST_CHILD: i32 = 2022;

/// Makes a household at an address: its make-up, its people, their tags.
pub fn household(g: &mut Gen, community: Id, grid: Id, building: Id, address: Address) -> Draft {
    let id = g.id();
    let kind = weighted(&mut g.rng, KINDS);
    let people = make_up(g, kind);
    let migrant = kind == Kind::Renters;
    let mut residents: Vec<Resident> = people
        .into_iter()
        .map(|p| {
            let residence = if migrant || p.relation == Relation::Tenant {
                Residence::Migrant
            } else {
                Residence::Resident
            };
            resident(g, id, p, residence)
        })
        .collect();
    // Brothers and sisters are not given the same name.
    for i in 1..residents.len() {
        for _ in 0..10 {
            if !residents[..i].iter().any(|r| r.name == residents[i].name) {
                break;
            }
            let surname: String = residents[i].name.chars().take(1).collect();
            let year = crate::model::time::date_of(residents[i].birth).year();
            let given = names::given(&mut g.rng, residents[i].sex, year);
            residents[i].name = format!("{surname}{given}");
        }
    }
    // Every household has a phone to call: the head's.
    if residents[0].phone.is_empty() {
        residents[0].phone = phone(g);
    }
    tag(g, kind, &mut residents);
    let mut care_tags: Vec<CareTag> = residents.iter().flat_map(|r| r.care_tags.clone()).collect();
    care_tags.sort_unstable();
    care_tags.dedup();
    let household = Household {
        id,
        community,
        grid,
        building,
        address,
        head: Some(residents[0].id),
        phone: residents[0].phone.clone(),
        care_tags,
        captain: None,
        status: None,
        landlord: None,
        tenancy: None,
        note: String::new(),
    };
    Draft {
        household,
        residents,
        kind,
    }
}

fn local_area(g: &mut Gen) -> u32 {
    weighted(&mut g.rng, LOCAL_AREAS)
}

/// Who lives in a household of this kind; the head comes first.
fn make_up(g: &mut Gen, kind: Kind) -> Vec<Person> {
    let mut out = Vec::new();
    let local = 442000;
    match kind {
        Kind::ElderlyAlone => {
            let sex = sex_of(g, 0.65);
            let surname = g.surname(true);
            let area = local_area(g);
            out.push(Person {
                sex,
                year: g.rng.random_range(1935..=1960),
                surname,
                relation: Relation::Head,
                area,
            });
        }
        Kind::ElderlyCouple => {
            let husband = g.rng.random_range(1935..=1960);
            let wife = (husband + g.rng.random_range(-1..=5)).min(1961);
            couple(g, &mut out, husband, wife, 0.8, true);
        }
        Kind::Couple => {
            let husband = g.rng.random_range(1965..=1998);
            let wife = husband + g.rng.random_range(-1..=4);
            couple(g, &mut out, husband, wife, 0.8, true);
            lodger(g, &mut out, 0.04);
        }
        Kind::Family => {
            let first = if g.rng.random_bool(0.8) {
                g.rng.random_range(2005..=LAST_CHILD)
            } else {
                g.rng.random_range(1996..=2004)
            };
            let mother = first - g.rng.random_range(23..=36);
            let father = mother - g.rng.random_range(-2..=5);
            couple(g, &mut out, father, mother, 0.85, true);
            let n = weighted(&mut g.rng, &[(1, 60), (2, 36), (3, 4)]);
            children(g, &mut out, first, n, local);
            lodger(g, &mut out, 0.03);
        }
        Kind::Single => {
            let sex = sex_of(g, 0.5);
            let surname = g.surname(true);
            let area = local_area(g);
            out.push(Person {
                sex,
                year: g.rng.random_range(1960..=2000),
                surname,
                relation: Relation::Head,
                area,
            });
        }
        Kind::SingleParent => {
            let sex = sex_of(g, 0.75);
            let year = g.rng.random_range(1972..=1992);
            let surname = g.surname(true);
            let area = local_area(g);
            out.push(Person {
                sex,
                year,
                surname,
                relation: Relation::Head,
                area,
            });
            let first = (year + g.rng.random_range(24..=36)).min(LAST_CHILD);
            let n = weighted(&mut g.rng, &[(1, 80), (2, 20)]);
            let kids_surname = if sex == Sex::Male || g.rng.random_bool(0.3) {
                surname
            } else {
                g.surname(true)
            };
            for year in child_years(g, first, n) {
                let sex = sex_of(g, 0.5);
                out.push(Person {
                    sex,
                    year,
                    surname: kids_surname,
                    relation: child_relation(sex),
                    area: local,
                });
            }
        }
        Kind::ThreeGen | Kind::Large => {
            let large = kind == Kind::Large;
            let first = if g.rng.random_bool(0.85) {
                g.rng.random_range(2005..=LAST_CHILD)
            } else {
                g.rng.random_range(1998..=2004)
            };
            let mother = first - g.rng.random_range(23..=35);
            let father = mother - g.rng.random_range(-2..=5);
            // The head is the grandparents' child: usually the son.
            let head_is_son = g.rng.random_bool(0.75);
            let head_year = if head_is_son { father } else { mother };
            couple(
                g,
                &mut out,
                father,
                mother,
                if head_is_son { 1.0 } else { 0.0 },
                true,
            );
            let head_surname = out[0].surname;
            let n = if large {
                weighted(&mut g.rng, &[(2, 60), (3, 40)])
            } else {
                weighted(&mut g.rng, &[(1, 65), (2, 33), (3, 2)])
            };
            let paternal = out
                .iter()
                .find(|p| p.sex == Sex::Male)
                .map_or(head_surname, |p| p.surname);
            let kids_at = out.len();
            children(g, &mut out, first, n, local);
            for p in &mut out[kids_at..] {
                p.surname = paternal;
            }
            let grandfather = (head_year - g.rng.random_range(24..=34)).clamp(1932, 1968);
            let grandmother = (grandfather + g.rng.random_range(-1..=4)).min(1970);
            let both = large || g.rng.random_bool(0.55);
            let widow_is_mother = g.rng.random_bool(0.65);
            if both || !widow_is_mother {
                let area = local_area(g);
                out.push(Person {
                    sex: Sex::Male,
                    year: grandfather,
                    surname: head_surname,
                    relation: Relation::Father,
                    area,
                });
            }
            if both || widow_is_mother {
                let surname = g.surname(true);
                let area = local_area(g);
                out.push(Person {
                    sex: Sex::Female,
                    year: grandmother,
                    surname,
                    relation: Relation::Mother,
                    area,
                });
            }
            if large && g.rng.random_bool(0.4) {
                let sex = sex_of(g, 0.5);
                out.push(Person {
                    sex,
                    year: head_year + g.rng.random_range(-6..=8),
                    surname: head_surname,
                    relation: Relation::Other,
                    area: local,
                });
            }
        }
        Kind::SkipGen => {
            let grandfather = g.rng.random_range(1945..=1964);
            let grandmother = grandfather + g.rng.random_range(-1..=4);
            let both = g.rng.random_bool(0.6);
            if both || g.rng.random_bool(0.3) {
                couple(g, &mut out, grandfather, grandmother, 1.0, both);
            } else {
                let surname = g.surname(true);
                let area = local_area(g);
                out.push(Person {
                    sex: Sex::Female,
                    year: grandmother,
                    surname,
                    relation: Relation::Head,
                    area,
                });
            }
            let surname = if out[0].sex == Sex::Male && g.rng.random_bool(0.8) {
                out[0].surname
            } else {
                g.surname(true)
            };
            let first = g.rng.random_range(2008..=2019);
            let n = weighted(&mut g.rng, &[(1, 70), (2, 30)]);
            for year in child_years(g, first, n) {
                let sex = sex_of(g, 0.5);
                out.push(Person {
                    sex,
                    year,
                    surname,
                    relation: grandchild_relation(sex),
                    area: local,
                });
            }
        }
        Kind::ElderWithChild => {
            let sex = sex_of(g, 0.65);
            let year = g.rng.random_range(1935..=1958);
            let surname = g.surname(true);
            let area = local_area(g);
            out.push(Person {
                sex,
                year,
                surname,
                relation: Relation::Head,
                area,
            });
            let child = sex_of(g, 0.45);
            let child_surname = if sex == Sex::Male {
                surname
            } else {
                g.surname(true)
            };
            out.push(Person {
                sex: child,
                year: year + g.rng.random_range(24..=36),
                surname: child_surname,
                relation: child_relation(child),
                area: local,
            });
        }
        Kind::Renters => renters(g, &mut out),
    }
    out
}

/// A couple; `head_is_husband` is the chance the husband heads the household.
fn couple(
    g: &mut Gen,
    out: &mut Vec<Person>,
    husband: i32,
    wife: i32,
    head_is_husband: f64,
    both: bool,
) {
    let local = true;
    let h = Person {
        sex: Sex::Male,
        year: husband,
        surname: g.surname(local),
        relation: Relation::Head,
        area: local_area(g),
    };
    let w = Person {
        sex: Sex::Female,
        year: wife,
        surname: g.surname(local),
        relation: Relation::Spouse,
        area: local_area(g),
    };
    let (mut first, mut second) = (h, w);
    if !g.rng.random_bool(head_is_husband) {
        std::mem::swap(&mut first, &mut second);
        first.relation = Relation::Head;
        second.relation = Relation::Spouse;
    }
    out.push(first);
    if both {
        out.push(second);
    }
}

/// Birth years of `n` children, the first in `first`, two to seven years apart, none after 2022.
fn child_years(g: &mut Gen, first: i32, n: usize) -> Vec<i32> {
    let mut years = vec![first.min(LAST_CHILD)];
    while years.len() < n {
        let next = years[years.len() - 1] + g.rng.random_range(2..=7);
        if next > LAST_CHILD {
            break;
        }
        years.push(next);
    }
    years
}

/// Children of the couple at the front of `out`, with the father's surname (mostly).
fn children(g: &mut Gen, out: &mut Vec<Person>, first: i32, n: usize, area: u32) {
    let father = out
        .iter()
        .find(|p| p.sex == Sex::Male)
        .map(|p| p.surname)
        .unwrap_or("王");
    let mother = out
        .iter()
        .find(|p| p.sex == Sex::Female)
        .map(|p| p.surname)
        .unwrap_or(father);
    for year in child_years(g, first, n) {
        let sex = sex_of(g, 0.48);
        let surname = if g.rng.random_bool(0.92) {
            father
        } else {
            mother
        };
        out.push(Person {
            sex,
            year,
            surname,
            relation: child_relation(sex),
            area,
        });
    }
}

/// Sometimes an owner lets a room to a young migrant worker.
fn lodger(g: &mut Gen, out: &mut Vec<Person>, p: f64) {
    if g.rng.random_bool(p) {
        let sex = sex_of(g, 0.45);
        let surname = g.surname(false);
        let area = weighted(&mut g.rng, MIGRANT_AREAS);
        out.push(Person {
            sex,
            year: g.rng.random_range(1990..=2004),
            surname,
            relation: Relation::Tenant,
            area,
        });
    }
}

/// Migrants renting: a single worker, a couple, a couple and a child, or flatmates.
fn renters(g: &mut Gen, out: &mut Vec<Person>) {
    let area = weighted(&mut g.rng, MIGRANT_AREAS);
    match weighted(&mut g.rng, &[(0u8, 45), (1, 25), (2, 15), (3, 15)]) {
        0 => {
            let sex = sex_of(g, 0.45);
            out.push(Person {
                sex,
                year: g.rng.random_range(1980..=2004),
                surname: g.surname(false),
                relation: Relation::Head,
                area,
            });
        }
        kind @ (1 | 2) => {
            let with_child = kind == 2;
            let kid = g.rng.random_range(2008..=LAST_CHILD);
            let wife = if with_child {
                kid - g.rng.random_range(22..=32)
            } else {
                g.rng.random_range(1978..=2001)
            };
            let husband = wife - g.rng.random_range(-1..=4);
            let h = g.surname(false);
            let w = g.surname(false);
            out.push(Person {
                sex: Sex::Male,
                year: husband,
                surname: h,
                relation: Relation::Head,
                area,
            });
            out.push(Person {
                sex: Sex::Female,
                year: wife,
                surname: w,
                relation: Relation::Spouse,
                area: if g.rng.random_bool(0.7) {
                    area
                } else {
                    weighted(&mut g.rng, MIGRANT_AREAS)
                },
            });
            if with_child {
                let sex = sex_of(g, 0.48);
                out.push(Person {
                    sex,
                    year: kid,
                    surname: h,
                    relation: child_relation(sex),
                    area,
                });
            }
        }
        _ => {
            let n = weighted(&mut g.rng, &[(2usize, 65), (3, 35)]);
            let sex = sex_of(g, 0.4);
            for i in 0..n {
                let s = if g.rng.random_bool(0.85) {
                    sex
                } else {
                    other(sex)
                };
                let area = if i == 0 || g.rng.random_bool(0.4) {
                    area
                } else {
                    weighted(&mut g.rng, MIGRANT_AREAS)
                };
                out.push(Person {
                    sex: s,
                    year: g.rng.random_range(1992..=2005),
                    surname: g.surname(false),
                    relation: if i == 0 {
                        Relation::Head
                    } else {
                        Relation::Tenant
                    },
                    area,
                });
            }
        }
    }
}

/// A mobile number: 13x, 15x, 17x, 18x or 19x and eight digits.
pub fn phone(g: &mut Gen) -> String {
    let prefix = MOBILE_PREFIXES[g.rng.random_range(0..MOBILE_PREFIXES.len())];
    format!("{prefix}{:08}", g.rng.random_range(0..100_000_000u32))
}

fn resident(g: &mut Gen, household: Id, p: Person, residence: Residence) -> Resident {
    let year = p.year + g.shift;
    let days = if NaiveDate::from_ymd_opt(year, 12, 31).is_some_and(|d| d.leap_year()) {
        366
    } else {
        365
    };
    let mut birth = NaiveDate::from_yo_opt(year, g.rng.random_range(1..=days))
        .unwrap_or(NaiveDate::from_ymd_opt(year, 6, 1).unwrap_or(g.today));
    if birth >= g.today {
        birth = g.today - chrono::Days::new(400);
    }
    let id_number = g.id_number(p.area, birth, p.sex);
    let age = g.age(birth);
    let has_phone = match age {
        0..=13 => false,
        14..=17 => g.rng.random_bool(0.4),
        18..=79 => true,
        _ => g.rng.random_bool(0.5),
    };
    let phone = if has_phone { phone(g) } else { String::new() };
    let given = names::given(&mut g.rng, p.sex, birth.year());
    Resident {
        id: g.id(),
        household,
        name: format!("{}{given}", p.surname),
        sex: p.sex,
        birth: crate::model::time::day_of(birth),
        id_number,
        phone,
        relation: p.relation,
        residence,
        care_tags: Vec::new(),
        party_member: false,
        left: None,
    }
}

/// Care tags and party membership, on each person; the household's tags are their union.
fn tag(g: &mut Gen, kind: Kind, residents: &mut [Resident]) {
    let today = crate::model::time::day_of(g.today);
    let mut disabled = false;
    for r in residents.iter_mut() {
        let age = r.age_on(today);
        let mut tags = Vec::new();
        match kind {
            Kind::ElderlyAlone => tags.push(CareTag::ElderlyAlone),
            Kind::ElderlyCouple => tags.push(CareTag::EmptyNest),
            Kind::SkipGen if age < 18 => tags.push(CareTag::LeftBehindChild),
            _ => {}
        }
        let p_disabled = match age {
            0..=17 => 0.006,
            18..=59 => 0.014,
            _ => 0.04,
        };
        if g.rng.random_bool(p_disabled) {
            tags.push(CareTag::Disabled);
            disabled = true;
        }
        let veteran = r.sex == Sex::Male && (40..=85).contains(&age) && g.rng.random_bool(0.035);
        if veteran {
            tags.push(CareTag::Veteran);
        }
        let p_ill = match age {
            0..=49 => 0.004,
            50..=69 => 0.015,
            _ => 0.03,
        };
        if g.rng.random_bool(p_ill) {
            tags.push(CareTag::SeriousIllness);
        }
        if kind == Kind::ElderlyAlone && g.rng.random_bool(0.05) {
            tags.push(CareTag::Destitute);
        }
        if age >= 18 {
            let p_party = if veteran {
                0.3
            } else if age >= 60 {
                0.11
            } else {
                0.06
            };
            r.party_member = g.rng.random_bool(p_party);
        }
        r.care_tags = tags;
    }
    // 低保 covers the whole registered household.
    let p_low = match kind {
        Kind::Renters => 0.0,
        Kind::ElderlyAlone => 0.05,
        Kind::SingleParent => 0.08,
        _ if disabled => 0.08,
        _ => 0.013,
    };
    if g.rng.random_bool(p_low) {
        for r in residents.iter_mut() {
            if r.residence == Residence::Resident {
                r.care_tags.push(CareTag::LowIncome);
            }
        }
    }
    for r in residents.iter_mut() {
        r.care_tags.sort_unstable();
        r.care_tags.dedup();
    }
}

/// Splits one leaf grid's households into building captains' patches and makes the captains.
/// Patches follow entrances: whole entrances are joined until the patch is big enough; a tall
/// entrance is split by floors. Most patches hold 50–70 households, some 35–50, some 70–90.
pub fn captains(g: &mut Gen, drafts: &mut [Draft]) -> Result<(), StoreError> {
    // Units: runs of households in one entrance of one building, tall ones cut by floor.
    let mut units: Vec<(usize, usize)> = Vec::new();
    let mut start = 0;
    while start < drafts.len() {
        let a = drafts[start].household.address;
        let mut end = start;
        while end < drafts.len()
            && drafts[end].household.address.building == a.building
            && drafts[end].household.address.entrance == a.entrance
        {
            end += 1;
        }
        if end - start <= 90 {
            units.push((start, end));
        } else {
            let mut s = start;
            let mut want = g.rng.random_range(45..=70);
            for i in start + 1..end {
                let floor_changes =
                    drafts[i].household.address.floor() != drafts[i - 1].household.address.floor();
                if floor_changes && i - s >= want && end - i >= 20 {
                    units.push((s, i));
                    s = i;
                    want = g.rng.random_range(45..=70);
                }
            }
            units.push((s, end));
        }
        start = end;
    }
    // Patches: whole units joined while the patch is short of its (drawn) size.
    let mut patches: Vec<(usize, usize)> = Vec::new();
    let mut target = 0;
    for (s, e) in units {
        let n = e - s;
        let join = patches.last().is_some_and(|&(ps, pe)| {
            let have = pe - ps;
            // A short patch takes a whole entrance more, up to 90 households.
            let most = if have < 40 { 90 } else { target + 6 };
            have < target && have + n <= most
        });
        match patches.last_mut() {
            Some(last) if join => last.1 = e,
            _ => {
                patches.push((s, e));
                target = patch_target(g);
            }
        }
    }
    // A small patch at the end joins the one before it.
    if patches.len() >= 2 {
        let n = patches.len();
        let (a, b) = (patches[n - 2], patches[n - 1]);
        if b.1 - b.0 < 25 && b.1 - a.0 <= 100 && a.1 == b.0 {
            patches[n - 2].1 = b.1;
            patches.pop();
        }
    }
    for (s, e) in patches {
        let captain = pick_captain(g, &drafts[s..e]);
        let Some((resident, name, phone)) = captain else {
            continue;
        };
        let id = g.id();
        let d0 = &drafts[s].household;
        let record = BuildingCaptain {
            id,
            resident,
            community: d0.community,
            grid: d0.grid,
            name,
            phone,
        };
        for d in &mut drafts[s..e] {
            d.household.captain = Some(id);
        }
        g.put(&record)?;
    }
    Ok(())
}

fn patch_target(g: &mut Gen) -> usize {
    match weighted(&mut g.rng, &[(0u8, 18), (1, 62), (2, 20)]) {
        0 => g.rng.random_range(35..=50),
        1 => g.rng.random_range(50..=70),
        _ => g.rng.random_range(70..=90),
    }
}

/// A building captain: a registered resident of the patch with a phone, ideally a retired one.
fn pick_captain(g: &mut Gen, patch: &[Draft]) -> Option<(Id, String, String)> {
    let today = crate::model::time::day_of(g.today);
    let fits = |r: &Resident, lo: u32, hi: u32| {
        r.residence == Residence::Resident
            && !r.phone.is_empty()
            && (lo..=hi).contains(&r.age_on(today))
    };
    for (lo, hi) in [(55, 72), (35, 75), (18, 85)] {
        let candidates: Vec<&Resident> = patch
            .iter()
            .flat_map(|d| &d.residents)
            .filter(|r| fits(r, lo, hi))
            .collect();
        if !candidates.is_empty() {
            let r = candidates[g.rng.random_range(0..candidates.len())];
            return Some((r.id, r.name.clone(), r.phone.clone()));
        }
    }
    let r = patch.first()?.head()?;
    Some((r.id, r.name.clone(), r.phone.clone()))
}

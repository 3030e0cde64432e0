//! The demo's party-led side: a profile for every resident the roster marks as a party
//! member, a party group on most grids, a 中心户 in most buildings with about ten linked
//! neighbours and a year of contacts with them (visits like any other), and small wishes
//! in every state, each moved along by the wish's own rules so its history says who, when
//! and why.
//!
//! A random stream of its own keeps the rest of the demo as it was. The records go in with
//! the rest of the load (a store write costs a journal sync, and a street holds thousands
//! of these records), each checked by its model's own validation first; the indexes come
//! from the same `Entity` definitions a store write uses, so `gridbook check` agrees.
//! Later additions (双报到) get a plan step of their own here, run from `Party::plan`.

use std::collections::BTreeMap;

use rand::seq::{IndexedRandom, SliceRandom};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::people::Draft;
use super::Gen;
use crate::model::party::{CentralHousehold, PartyCategory, PartyGroup, PartyLink, PartyMember};
use crate::model::time::{date_of, day_of, Day, Instant};
use crate::model::{
    Address, Id, Invalid, Residence, Visit, VisitOutcome, VisitPurpose, Wish, WishCategory,
    WishMove, WishSource,
};
use crate::store::StoreError;

type Result<T> = std::result::Result<T, StoreError>;

/// Mixed into the seed so this stream differs from the main one.
const STREAM: u64 = 0x5041_5254_5931;

const SKILLS: &[&str] = &[
    "理发",
    "电工",
    "水管维修",
    "法律咨询",
    "书法",
    "中医推拿",
    "家电维修",
    "心理疏导",
    "英语辅导",
    "摄影",
    "广场舞",
    "会计",
    "驾驶",
    "电脑维修",
    "育儿指导",
    "烹饪",
];

/// What a 中心户's contact with a linked household was about.
const CONTACTS: &[&str] = &[
    "上门问候，家中一切正常",
    "转达社区近期活动安排",
    "提醒注意用电用气安全",
    "了解老人身体状况，叮嘱按时服药",
    "宣传垃圾分类新规",
    "听取对小区环境的意见",
    "提醒防范电信诈骗",
    "询问孩子入学情况",
];

/// Wishes a household might voice: category, text, whether it is usually kept private.
const WISHES: &[(WishCategory, &str, bool)] = &[
    (WishCategory::Goods, "想要一台电风扇过夏天", false),
    (WishCategory::Goods, "孩子上学需要一个新书包和文具", false),
    (WishCategory::Goods, "冬天需要一床厚棉被", true),
    (
        WishCategory::Company,
        "老人希望每周有人上门陪着聊聊天",
        false,
    ),
    (WishCategory::Company, "复诊时希望有人陪同去医院", true),
    (WishCategory::Repair, "厨房水龙头漏水，想请人修一修", false),
    (
        WishCategory::Repair,
        "楼道灯坏了，老人晚上出门不方便",
        false,
    ),
    (WishCategory::Repair, "家里电路老化，想请人检查一下", false),
    (
        WishCategory::WorkSchool,
        "孩子数学跟不上，想找人课后辅导",
        false,
    ),
    (
        WishCategory::WorkSchool,
        "家人失业，想了解附近的招聘信息",
        true,
    ),
    (WishCategory::PolicyAdvice, "想了解高龄津贴怎么申请", false),
    (
        WishCategory::PolicyAdvice,
        "想咨询医保异地报销的手续",
        false,
    ),
    (WishCategory::Other, "想学会用智能手机和家人视频", false),
];

const UNITS: &[&str] = &[
    "东区供电所党支部",
    "市人民医院第三党支部",
    "东区派出所",
    "物业服务中心",
    "市税务局第二党支部",
    "爱心义工协会",
];

const DONE: &[&str] = &[
    "已送到家中，户主签收",
    "已上门完成，户主满意",
    "已联系落实，后续按月跟进",
    "已陪同办理完毕",
];

const REVIEWS: &[&str] = &[
    "户主表示感谢",
    "老人很高兴，希望常来看看",
    "问题已解决，无新诉求",
    "基本满意，建议下次提前电话联系",
];

const CLOSES: &[&str] = &[
    "户主已搬离本社区",
    "家人已自行解决",
    "不属于微心愿范围，已转民政窗口办理",
];

const CANCELS: &[&str] = &[
    "认领人临时外出，无法按时完成",
    "认领人工作调动，交回重新认领",
];

/// How a wish's year went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fate {
    Open,
    /// Claimed, the claim given back: waiting again.
    Cancelled,
    Claimed,
    Dispatched,
    Done,
    Reviewed,
    /// Claimed, given back, claimed again, fulfilled and reviewed.
    ReviewedAfterCancel,
    Closed,
}

/// Fates of the wishes raised more than 45 days ago, drawn in turn from a shuffled bag so
/// every grid with a dozen old wishes has most states and a community all.
const OLD: [Fate; 16] = [
    Fate::Reviewed,
    Fate::Reviewed,
    Fate::Reviewed,
    Fate::Reviewed,
    Fate::Reviewed,
    Fate::Reviewed,
    Fate::Reviewed,
    Fate::ReviewedAfterCancel,
    Fate::Done,
    Fate::Done,
    Fate::Done,
    Fate::Closed,
    Fate::Cancelled,
    Fate::Claimed,
    Fate::Dispatched,
    Fate::Open,
];

/// Fates of recent wishes.
const RECENT: [Fate; 4] = [Fate::Open, Fate::Open, Fate::Claimed, Fate::Dispatched];

struct Person {
    id: Id,
    name: String,
    age: u32,
    migrant: bool,
    /// A current resident whom the roster marks as a party member.
    member: bool,
}

struct House {
    id: Id,
    grid: Id,
    building: Id,
    address: Address,
    captain: Option<Id>,
    people: Vec<Person>,
}

struct Place {
    community: Id,
    /// Which community of the demo, counting from 0.
    index: usize,
    /// Grids with doors (no grids under them), with their captains' user names.
    grids: Vec<(Id, String)>,
    houses: Vec<House>,
}

/// A contact of a 中心户 with a linked household: the visit, its household and day.
struct Contact {
    visit: Id,
    house: Id,
    day: Day,
}

/// What the demo's party-led side will hold, gathered while the households are made.
pub struct Party {
    rng: ChaCha8Rng,
    places: Vec<Place>,
}

/// A record refused by its model's validation: a bug in the demo, said plainly.
fn sound(checked: std::result::Result<(), Invalid>) -> Result<()> {
    checked.map_err(StoreError::Invalid)
}

impl Party {
    pub fn new(seed: u64) -> Party {
        Party {
            rng: ChaCha8Rng::seed_from_u64(seed ^ STREAM),
            places: Vec::new(),
        }
    }

    /// A new community begins.
    pub fn community(&mut self, community: Id) {
        let index = self.places.len();
        self.places.push(Place {
            community,
            index,
            grids: Vec::new(),
            houses: Vec::new(),
        });
    }

    /// A grid with doors in the current community, and its captain's user name.
    pub fn grid(&mut self, grid: Id, user: &str) {
        if let Some(p) = self.places.last_mut() {
            p.grids.push((grid, user.to_string()));
        }
    }

    /// The households just made on a grid of the current community.
    pub fn households(&mut self, drafts: &[Draft], today: Day) {
        let Some(p) = self.places.last_mut() else {
            return;
        };
        for d in drafts {
            let h = &d.household;
            p.houses.push(House {
                id: h.id,
                grid: h.grid,
                building: h.building,
                address: h.address,
                captain: h.captain,
                people: d
                    .residents
                    .iter()
                    .map(|r| Person {
                        id: r.id,
                        name: r.name.clone(),
                        age: r.age_on(today),
                        migrant: r.residence == Residence::Migrant,
                        member: r.party_member && r.is_current(),
                    })
                    .collect(),
            });
        }
    }

    /// Makes the year community by community, with the demo's next ids: members and their
    /// groups, 中心户 with their contacts, then wishes.
    pub fn plan(&mut self, g: &mut Gen) -> Result<()> {
        let today = day_of(g.today);
        let places = std::mem::take(&mut self.places);
        for place in &places {
            let mut members = self.members(place, today);
            self.groups(g, place, &mut members)?;
            for (m, _) in &members {
                sound(m.validate())?;
                g.put(m)?;
            }
            let contacts = self.centrals(g, place, today)?;
            self.wishes(g, place, &members, &contacts, today)?;
        }
        self.places = places;
        Ok(())
    }

    /// A profile for every current resident the roster marks as a member, with her grid.
    fn members(&mut self, place: &Place, today: Day) -> Vec<(PartyMember, Id)> {
        let mut out = Vec::new();
        for h in &place.houses {
            for p in h.people.iter().filter(|p| p.member) {
                let rng = &mut self.rng;
                let category = if p.age >= 60 && rng.random_bool(0.85) {
                    PartyCategory::Retired
                } else if p.migrant {
                    PartyCategory::Mobile
                } else if rng.random_bool(0.35) {
                    PartyCategory::Reporting
                } else {
                    PartyCategory::Direct
                };
                let n = rng.random_range(0..=2usize);
                let skills: Vec<String> = SKILLS
                    .choose_multiple(rng, n)
                    .map(|s| s.to_string())
                    .collect();
                // She joined here some time after she turned eighteen.
                let years = p.age.saturating_sub(18).clamp(1, 30);
                let since =
                    today - 365 * rng.random_range(0..years) as Day - rng.random_range(30..365);
                let m = PartyMember {
                    resident: p.id,
                    name: p.name.clone(),
                    group: None,
                    category,
                    skills,
                    since,
                    ended: None,
                };
                out.push((m, h.grid));
            }
        }
        out
    }

    /// A group on every grid with members, but the last grid of every third community;
    /// its members' profiles name it.
    fn groups(
        &mut self,
        g: &mut Gen,
        place: &Place,
        members: &mut [(PartyMember, Id)],
    ) -> Result<()> {
        let mut n = 0;
        for (i, (grid, _)) in place.grids.iter().enumerate() {
            if place.index.is_multiple_of(3) && i + 1 == place.grids.len() {
                continue;
            }
            let on_grid: Vec<&PartyMember> = members
                .iter()
                .filter(|(_, at)| at == grid)
                .map(|(m, _)| m)
                .collect();
            // Led by a member the community keeps or a retired one, if there is one.
            let steady: Vec<&&PartyMember> = on_grid
                .iter()
                .filter(|m| matches!(m.category, PartyCategory::Direct | PartyCategory::Retired))
                .collect();
            let leader = match (steady.choose(&mut self.rng), on_grid.first()) {
                (Some(m), _) => m.resident,
                (None, Some(m)) => m.resident,
                (None, None) => continue,
            };
            n += 1;
            let group = PartyGroup {
                id: g.id(),
                community: place.community,
                grid: *grid,
                name: format!("第{}党小组", numeral(n)),
                leader,
            };
            sound(group.validate(true))?;
            g.put(&group)?;
            for (m, at) in members.iter_mut() {
                if at == grid {
                    m.group = Some(group.id);
                }
            }
        }
        Ok(())
    }

    /// A 中心户 in most buildings with a member's household, linked to its nearest
    /// neighbours, with their contacts as visits by the grid's captain.
    fn centrals(&mut self, g: &mut Gen, place: &Place, today: Day) -> Result<Vec<Contact>> {
        let mut contacts = Vec::new();
        let mut buildings: BTreeMap<Id, Vec<&House>> = BTreeMap::new();
        for h in &place.houses {
            buildings.entry(h.building).or_default().push(h);
        }
        for houses in buildings.values() {
            let candidates: Vec<&&House> = houses
                .iter()
                .filter(|h| h.people.iter().any(|p| p.member))
                .collect();
            if candidates.is_empty() || self.rng.random_bool(0.1) {
                continue;
            }
            let Some(&&central) = candidates.choose(&mut self.rng) else {
                continue;
            };
            let near = |h: &House| {
                let (a, c) = (h.address, central.address);
                u32::from(a.entrance.abs_diff(c.entrance)) * 1000
                    + u32::from(a.floor().abs_diff(c.floor())) * 10
                    + u32::from((a.room % 100).abs_diff(c.room % 100))
            };
            let mut others: Vec<&House> = houses
                .iter()
                .copied()
                .filter(|h| h.id != central.id)
                .collect();
            others.sort_by_key(|h| (near(h), h.id));
            let k = self.rng.random_range(8..=12usize).min(others.len());
            // Most links since the 中心户 began; a couple of newer ones in some.
            let later = if self.rng.random_bool(0.3) {
                k.min(2)
            } else {
                0
            };
            let since = today - self.rng.random_range(200..700);
            let mut links = Vec::with_capacity(k);
            for (i, h) in others[..k].iter().enumerate() {
                let since = if i < k - later {
                    since
                } else {
                    today - self.rng.random_range(20..150)
                };
                links.push(PartyLink {
                    household: h.id,
                    since,
                });
            }
            let member = central
                .people
                .iter()
                .find(|p| p.member)
                .map_or("", |p| p.name.as_str());
            let staff = place
                .grids
                .iter()
                .find(|(id, _)| *id == central.grid)
                .map_or("admin", |(_, u)| u.as_str());
            for (l, h) in links.iter().zip(&others) {
                let Some(head) = h.people.first() else {
                    continue;
                };
                let mut day = l.since.max(today - 365) + self.rng.random_range(3..40);
                while day < today {
                    let what = CONTACTS[self.rng.random_range(0..CONTACTS.len())];
                    let at = g.at(date_of(day), self.rng.random_range(9 * 3600..20 * 3600));
                    let id = g.id();
                    g.put(&Visit {
                        id,
                        household: h.id,
                        at,
                        staff: staff.to_string(),
                        purpose: VisitPurpose::Routine,
                        outcome: VisitOutcome::Met,
                        met: vec![head.id],
                        findings: format!(
                            "党员中心户{member}（{}）联系：{what}。",
                            central.address
                        ),
                        amends: None,
                        roster_checked: false,
                    })?;
                    contacts.push(Contact {
                        visit: id,
                        house: h.id,
                        day,
                    });
                    day += self.rng.random_range(45..100);
                }
            }
            let c = CentralHousehold {
                household: central.id,
                links,
            };
            sound(c.validate())?;
            g.put(&c)?;
        }
        Ok(contacts)
    }

    /// A dozen or more wishes a grid, raised over the year by residents, captains, staff or
    /// at contacts, each moved along to its fate by the grid's captain.
    fn wishes(
        &mut self,
        g: &mut Gen,
        place: &Place,
        members: &[(PartyMember, Id)],
        contacts: &[Contact],
        today: Day,
    ) -> Result<()> {
        for (grid, user) in &place.grids {
            let houses: Vec<&House> = place
                .houses
                .iter()
                .filter(|h| h.grid == *grid && !h.people.is_empty())
                .collect();
            if houses.is_empty() {
                continue;
            }
            let heard: Vec<&Contact> = contacts
                .iter()
                .filter(|c| houses.iter().any(|h| h.id == c.house))
                .collect();
            let takers: Vec<&str> = members
                .iter()
                .filter(|(_, at)| at == grid)
                .map(|(m, _)| m.name.as_str())
                .collect();
            let n = self.rng.random_range(12..=18usize);
            let mut raised: Vec<(Day, &House, WishSource)> = Vec::with_capacity(n);
            for _ in 0..n {
                let h = houses[self.rng.random_range(0..houses.len())];
                let pick = self.rng.random_range(0..10);
                let person = h.people[self.rng.random_range(0..h.people.len())].id;
                let (day, h, source) = match (pick, heard.choose(&mut self.rng), h.captain) {
                    (0..=3, Some(c), _) => match houses.iter().find(|h| h.id == c.house) {
                        Some(at) => (c.day, *at, WishSource::Visit(c.visit)),
                        None => (0, h, WishSource::Staff),
                    },
                    (7..=8, _, Some(captain)) => (0, h, WishSource::Captain(captain)),
                    (9, _, _) => (0, h, WishSource::Staff),
                    _ => (0, h, WishSource::Resident(person)),
                };
                let day = if day == 0 {
                    today - self.rng.random_range(1..=360)
                } else {
                    day
                };
                raised.push((day, h, source));
            }
            raised.sort_by_key(|(day, h, _)| (*day, h.id));
            let mut bag = OLD;
            bag.shuffle(&mut self.rng);
            let mut old = 0;
            for (day, h, source) in raised {
                let fate = if today - day > 45 {
                    old += 1;
                    bag[(old - 1) % bag.len()]
                } else {
                    RECENT[self.rng.random_range(0..RECENT.len())]
                };
                let (category, text, private) = WISHES[self.rng.random_range(0..WISHES.len())];
                let mut w = Wish::new(h.id, text, category, source, day);
                w.id = g.id();
                w.due = Some(day + self.rng.random_range(14..=45));
                w.private = private || self.rng.random_bool(0.08);
                sound(w.validate())?;
                for (m, at) in self.moves(g, fate, day, today, &takers) {
                    sound(w.apply(&m, user, at))?;
                }
                g.put(&w)?;
            }
        }
        Ok(())
    }

    /// The moves that give a wish raised on `day` its fate, each on a later day before today.
    fn moves(
        &mut self,
        g: &Gen,
        fate: Fate,
        day: Day,
        today: Day,
        takers: &[&str],
    ) -> Vec<(WishMove, Instant)> {
        let mut out = Vec::new();
        let mut day = day;
        let mut step = |rng: &mut ChaCha8Rng, lo: i32, hi: i32| {
            day = (day + rng.random_range(lo..=hi)).min(today - 1);
            g.at(date_of(day), rng.random_range(9 * 3600..18 * 3600))
        };
        let pick =
            |rng: &mut ChaCha8Rng, list: &[&str]| list[rng.random_range(0..list.len())].to_string();
        let member = |rng: &mut ChaCha8Rng| {
            if takers.is_empty() {
                pick(rng, UNITS)
            } else {
                pick(rng, takers)
            }
        };
        let rng = &mut self.rng;
        if fate == Fate::Open {
            return out;
        }
        if matches!(fate, Fate::Cancelled | Fate::ReviewedAfterCancel) {
            out.push((WishMove::Claim { by: member(rng) }, step(rng, 1, 5)));
            let reason = pick(rng, CANCELS);
            out.push((WishMove::Cancel { reason }, step(rng, 2, 10)));
            if fate == Fate::Cancelled {
                return out;
            }
        }
        if fate == Fate::Closed {
            let reason = pick(rng, CLOSES);
            out.push((WishMove::Close { reason }, step(rng, 3, 20)));
            return out;
        }
        if fate == Fate::Dispatched || (fate != Fate::Claimed && rng.random_bool(0.4)) {
            out.push((
                WishMove::Dispatch {
                    to: pick(rng, UNITS),
                },
                step(rng, 1, 6),
            ));
        } else {
            out.push((WishMove::Claim { by: member(rng) }, step(rng, 1, 6)));
        }
        if matches!(fate, Fate::Claimed | Fate::Dispatched) {
            return out;
        }
        let note = pick(rng, DONE);
        out.push((WishMove::Done { note }, step(rng, 3, 20)));
        if fate == Fate::Done {
            return out;
        }
        let satisfaction = [5, 5, 5, 4, 4, 3][rng.random_range(0..6)];
        let note = pick(rng, REVIEWS);
        out.push((WishMove::Review { satisfaction, note }, step(rng, 2, 10)));
        out
    }
}

/// 1 → 一, 12 → 十二, 21 → 二十一 (up to 99).
fn numeral(n: usize) -> String {
    const D: [&str; 10] = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => D[n].to_string(),
        10..=19 => format!("十{}", D[n % 10]),
        _ => format!("{}十{}", D[(n / 10) % 10], D[n % 10]),
    }
}

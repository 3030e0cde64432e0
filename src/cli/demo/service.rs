//! The demo's 双报到 and campaigns: in every community in-service party members (some living
//! in its households) and co-building units registered, one or two of them gone with a
//! reason; service posts on most grids with their claims over the year (some ended, some
//! posts 满额, one 关闭) and the services done on them with hours, confirmed by staff; and in
//! the first community last year's 防汛排查, ended by hand, with a door check on nearly every
//! household (retries kept) and the staff sent down to its grids.
//!
//! No campaign runs in the demo: a running one puts its banner on every screen, which would
//! greet every demo user with 战时 the street is not in.
//!
//! Each record is checked by its model's rules (`Registrant::checked`/`leave`, `Post::state`,
//! `ServiceRecord::validate`, `Campaign::validate`, `DoorCheck::validate`) before it goes in
//! with the bulk load. A random stream of its own and ids taken after every other demo
//! record keep the rest of the demo as it was.

use chrono::Datelike;
use rand::seq::{IndexedRandom, SliceRandom};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::people::Draft;
use super::Gen;
use crate::model::campaign::{self, Campaign, CampaignKind, DoorCheck, SentDown};
use crate::model::registrant::{
    Post, PostClaim, PostState, Registrant, RegistrantSide, RegistrantState, ServiceRecord,
    UnitKind,
};
use crate::model::time::{date_of, day_of, Day};
use crate::model::{Id, Invalid};
use crate::store::StoreError;

type Result<T> = std::result::Result<T, StoreError>;

/// Mixed into the seed so this stream differs from every other demo stream.
const STREAM: u64 = 0x5345_5256_4531;

/// Employers of in-service members and their party organisations.
const EMPLOYERS: &[(&str, &str)] = &[
    ("区税务局", "区税务局机关党委"),
    ("市第一医院", "市第一医院内科党支部"),
    ("街道卫生服务中心", "街道卫生服务中心党支部"),
    ("区教育局", "区教育局机关党支部"),
    ("区人民法院", "区人民法院第二党支部"),
    ("市自来水公司", "市自来水公司党委"),
    ("区市场监督管理局", "区市场监管局机关党支部"),
    ("实验小学", "实验小学党支部"),
];

const SKILLS: &[&str] = &[
    "法律咨询",
    "健康义诊",
    "政策宣讲",
    "课业辅导",
    "水电维修",
    "心理疏导",
    "摄影",
    "书法",
    "智能手机教学",
    "急救培训",
];

/// Co-building units: name, kind, contact.
const UNITS: &[(&str, UnitKind, &str)] = &[
    ("区税务局机关党委", UnitKind::Office, "办公室"),
    ("东区派出所", UnitKind::Police, "社区民警"),
    ("实验小学", UnitKind::School, "德育处"),
    ("物业服务中心", UnitKind::Property, "项目经理"),
    ("东区供电所", UnitKind::Company, "党建专干"),
    ("爱心义工协会", UnitKind::SocialOrg, "会长"),
];

/// Posts a grid may publish: title, category, skill, capacity.
const POSTS: &[(&str, &str, &str, u32)] = &[
    ("楼道清洁", "环境整治", "", 3),
    ("助老陪护", "助老服务", "", 2),
    ("政策宣讲", "政策宣传", "政策宣讲", 2),
    ("垃圾分类督导", "环境整治", "", 3),
    ("四点半课堂", "关爱青少年", "课业辅导", 2),
    ("义诊服务", "健康服务", "健康义诊", 1),
    ("矛盾调解", "平安建设", "法律咨询", 1),
];

/// What was done on a post, by its title.
fn done_on(title: &str) -> &'static str {
    match title {
        "楼道清洁" => "清理楼道杂物，擦拭扶手",
        "助老陪护" => "陪独居老人聊天，帮忙买菜",
        "政策宣讲" => "在小区广场宣讲医保和养老政策",
        "垃圾分类督导" => "在投放点督导垃圾分类",
        "四点半课堂" => "辅导孩子完成作业",
        "义诊服务" => "为老人测量血压血糖",
        "矛盾调解" => "协助调解邻里纠纷",
        _ => "参加社区志愿服务",
    }
}

/// Services with no post, kept at the community's level.
const LOOSE: &[&str] = &[
    "参加社区志愿服务日活动",
    "参与文明城市创建宣传",
    "协助社区开展人口普查登记",
];

const LEAVES: &[(RegistrantState, &str)] = &[
    (
        RegistrantState::TransferredOut,
        "工作调动至外区，组织关系转出",
    ),
    (RegistrantState::Cancelled, "共建协议到期，未续签"),
];

const SENT_FROM: &[&str] = &["街道办", "区水务局", "区应急管理局", "区城管执法局"];

const ABNORMAL: &[&str] = &[
    "地下室有积水，已通知物业抽排",
    "窗户密封不严，雨天渗水",
    "阳台排水口堵塞",
    "独居老人住一楼，需重点关注转移",
    "墙体有裂缝，已报街道",
];

pub(super) struct House {
    id: Id,
    grid: Id,
    /// Current residents of working age the roster marks as party members.
    members: Vec<String>,
}

type Place = super::gather::Place<House>;

/// What the demo's 双报到 and campaign will hold, gathered while the households are made.
pub struct Service {
    rng: ChaCha8Rng,
    pub(super) places: super::gather::Places<House>,
}

/// A record refused by its model's validation: a bug in the demo, said plainly.
fn sound(checked: std::result::Result<(), Invalid>) -> Result<()> {
    checked.map_err(StoreError::Invalid)
}

/// A registrant taking part: the record, and the day she left if she did.
struct Taker {
    r: Registrant,
    left: Option<(RegistrantState, Day, &'static str)>,
}

impl Service {
    pub fn new(seed: u64) -> Service {
        Service {
            rng: ChaCha8Rng::seed_from_u64(seed ^ STREAM),
            places: super::gather::Places::new(),
        }
    }

    /// The households just made on a grid of the current community.
    pub fn households(&mut self, drafts: &[Draft], today: Day) {
        let Some(p) = self.places.0.last_mut() else {
            return;
        };
        for d in drafts {
            p.houses.push(House {
                id: d.household.id,
                grid: d.household.grid,
                members: d
                    .residents
                    .iter()
                    .filter(|r| r.party_member && r.is_current())
                    .filter(|r| (23..=58).contains(&r.age_on(today)))
                    .map(|r| r.name.clone())
                    .collect(),
            });
        }
    }

    /// Makes every community's 双报到, then last year's campaign, with the demo's next ids.
    pub fn plan(&mut self, g: &mut Gen) -> Result<()> {
        let today = day_of(g.today);
        let places = std::mem::take(&mut self.places.0);
        for place in &places {
            if place.grids.is_empty() || place.houses.is_empty() {
                continue;
            }
            self.registrants(g, place, today)?;
        }
        if let Some(place) = places.iter().find(|p| !p.houses.is_empty()) {
            self.campaign(g, place)?;
        }
        self.places.0 = places;
        Ok(())
    }

    fn phone(&mut self) -> String {
        let pre = ["139", "138", "186", "152"][self.rng.random_range(0..4)];
        format!("{pre}{:08}", self.rng.random_range(0..100_000_000u32))
    }

    fn registrants(&mut self, g: &mut Gen, place: &Place, today: Day) -> Result<()> {
        let staff = super::names::staff_name(&mut self.rng, &g.surnames).name;
        let mut takers: Vec<Taker> = Vec::new();
        let mut names: Vec<String> = Vec::new();
        // Members living here, then a few who live elsewhere.
        let mut living: Vec<(Id, &str)> = place
            .houses
            .iter()
            .flat_map(|h| h.members.iter().map(move |n| (h.id, n.as_str())))
            .collect();
        living.shuffle(&mut self.rng);
        let mut members: Vec<(Option<Id>, String)> = living
            .iter()
            .take(8)
            .map(|(h, n)| (Some(*h), n.to_string()))
            .collect();
        for _ in 0..5 {
            members.push((
                None,
                super::names::staff_name(&mut self.rng, &g.surnames).name,
            ));
        }
        for (household, name) in members {
            if names.contains(&name) {
                continue;
            }
            let (employer, party) = *EMPLOYERS.choose(&mut self.rng).unwrap_or(&EMPLOYERS[0]);
            let n = self.rng.random_range(0..=2usize);
            let skills = SKILLS
                .choose_multiple(&mut self.rng, n)
                .map(|s| s.to_string())
                .collect();
            let r = Registrant {
                id: 0,
                community: place.community,
                name: name.clone(),
                phone: self.phone(),
                side: RegistrantSide::Member {
                    employer: employer.to_string(),
                    employer_party: party.to_string(),
                    skills,
                    household,
                },
                registered: today - self.rng.random_range(200..700),
                state: RegistrantState::Registered,
                ended: None,
            };
            names.push(name);
            takers.push(Taker {
                r: r.checked()?,
                left: None,
            });
        }
        for (i, &(name, kind, contact)) in UNITS.iter().enumerate() {
            let signed = today - self.rng.random_range(300..900);
            // Agreements run three years; the last unit's ran out this year.
            let ends = if i + 1 == UNITS.len() {
                today - self.rng.random_range(30..90)
            } else if i == 2 {
                today + self.rng.random_range(20..60)
            } else {
                signed + 3 * 365
            };
            let signed = signed.min(ends - 365);
            let contact = format!(
                "{}（{contact}）",
                super::names::staff_name(&mut self.rng, &g.surnames).name
            );
            let r = Registrant {
                id: 0,
                community: place.community,
                name: name.to_string(),
                phone: self.phone(),
                side: RegistrantSide::Unit {
                    kind,
                    contact,
                    signed: Some(signed),
                    ends: Some(ends),
                },
                registered: signed,
                state: RegistrantState::Registered,
                ended: None,
            };
            takers.push(Taker {
                r: r.checked()?,
                left: None,
            });
        }
        // The last member living elsewhere moved away; the unit whose agreement ran out left.
        let moved = takers.iter().rposition(|t| t.r.is_member());
        if let Some(i) = moved {
            let (to, why) = LEAVES[0];
            takers[i].left = Some((to, today - self.rng.random_range(20..80), why));
        }
        if let Some(t) = takers.last_mut() {
            if let RegistrantSide::Unit { ends: Some(e), .. } = t.r.side {
                let (to, why) = LEAVES[1];
                t.left = Some((to, e + 1, why));
            }
        }
        for t in &mut takers {
            t.r.id = g.id();
        }
        self.posts(g, place, &takers, &staff, today)?;
        for t in &mut takers {
            if let Some((to, day, why)) = t.left {
                sound(t.r.leave(to, day, why))?;
            }
            g.put(&t.r)?;
        }
        Ok(())
    }

    /// Posts on most grids, their claims and the services done on them; a few services with
    /// no post. Claims of a registrant who left end the day she left, as the store ends them.
    fn posts(
        &mut self,
        g: &mut Gen,
        place: &Place,
        takers: &[Taker],
        staff: &str,
        today: Day,
    ) -> Result<()> {
        let closed_grid = place.grids.len() / 2;
        for (gi, (grid, _)) in place.grids.iter().enumerate() {
            if gi % 4 == 3 {
                continue;
            }
            let mut menu = POSTS.to_vec();
            menu.shuffle(&mut self.rng);
            let n = self.rng.random_range(2..=3usize);
            for (pi, &(title, category, skill, capacity)) in menu.iter().take(n).enumerate() {
                let mut post = Post {
                    id: g.id(),
                    community: place.community,
                    grid: *grid,
                    title: title.to_string(),
                    category: category.to_string(),
                    skills: if skill.is_empty() {
                        vec![]
                    } else {
                        vec![skill.to_string()]
                    },
                    capacity,
                    closed: None,
                };
                sound(post.validate())?;
                let close = gi == closed_grid && pi == 0;
                // The first post of every other grid is filled to its capacity.
                let want = if pi == 0 && gi % 2 == 0 && !close {
                    capacity as usize
                } else if capacity == 1 {
                    self.rng.random_range(0..=1)
                } else {
                    self.rng.random_range(1..capacity as usize)
                };
                let shut = close.then(|| today - self.rng.random_range(15..40));
                let mut order: Vec<usize> = (0..takers.len()).collect();
                order.shuffle(&mut self.rng);
                // Claims holding the post (open, or ended by leaving or closing), and one
                // that ended earlier at most.
                let mut held = 0;
                let mut earlier = false;
                let mut claims: Vec<PostClaim> = Vec::new();
                for &ti in &order {
                    let t = &takers[ti];
                    let before = !earlier && self.rng.random_bool(0.15);
                    if !before && (held >= want || post.state(held) != PostState::Open) {
                        continue;
                    }
                    // A post meant full is held by those who stay.
                    if !before && want == capacity as usize && t.left.is_some() {
                        continue;
                    }
                    let start = t.r.registered.max(today - 330);
                    let from = start + self.rng.random_range(0..60);
                    let mut until = None;
                    if before {
                        earlier = true;
                        until = Some((from + self.rng.random_range(30..120)).min(today - 1));
                    } else {
                        held += 1;
                    }
                    for end in [t.left.map(|(_, d, _)| d), shut].into_iter().flatten() {
                        until = Some(until.map_or(end, |u: Day| u.min(end)).max(from));
                    }
                    claims.push(PostClaim {
                        id: g.id(),
                        post: post.id,
                        registrant: t.r.id,
                        from,
                        until,
                    });
                }
                post.closed = shut;
                g.put(&post)?;
                for c in &claims {
                    g.put(c)?;
                    self.services(g, place, &post, c, staff, today)?;
                }
            }
        }
        // Community-level services by members, now and then.
        for t in takers.iter().filter(|t| t.r.is_member()) {
            if !self.rng.random_bool(0.5) {
                continue;
            }
            let last = t.left.map_or(today - 1, |(_, d, _)| d);
            let day = (today - self.rng.random_range(5..200)).clamp(t.r.registered, last);
            let s = ServiceRecord {
                id: g.id(),
                community: place.community,
                registrant: t.r.id,
                post: None,
                day,
                minutes: [60, 120, 180][self.rng.random_range(0..3)],
                what: LOOSE.choose(&mut self.rng).unwrap_or(&LOOSE[0]).to_string(),
                confirmed_by: staff.to_string(),
            };
            sound(s.validate())?;
            g.put(&s)?;
        }
        Ok(())
    }

    /// Services on a post while the claim held, every few weeks.
    fn services(
        &mut self,
        g: &mut Gen,
        place: &Place,
        post: &Post,
        c: &PostClaim,
        staff: &str,
        today: Day,
    ) -> Result<()> {
        let end = c.until.unwrap_or(today - 1).min(today - 1);
        let mut day = c.from + self.rng.random_range(3..20);
        while day <= end {
            let s = ServiceRecord {
                id: g.id(),
                community: place.community,
                registrant: c.registrant,
                post: Some(post.id),
                day,
                minutes: [60, 90, 120, 150, 180][self.rng.random_range(0..5)],
                what: done_on(&post.title).to_string(),
                confirmed_by: staff.to_string(),
            };
            sound(s.validate())?;
            g.put(&s)?;
            day += self.rng.random_range(14..40);
        }
        Ok(())
    }

    /// Last year's 防汛排查 over the place's grids, ended by hand: nearly every door checked,
    /// those not at home tried again, and staff sent down to every grid.
    fn campaign(&mut self, g: &mut Gen, place: &Place) -> Result<()> {
        let year = g.today.year() - 1;
        let started = chrono::NaiveDate::from_ymd_opt(year, 6, 10)
            .map(day_of)
            .unwrap_or(day_of(g.today) - 365);
        let grids: Vec<Id> = place.grids.iter().map(|(id, _)| *id).collect();
        let mut c = Campaign::new(
            &format!("{year}年防汛排查"),
            CampaignKind::Flood,
            grids,
            started,
            started + 20,
            vec![],
        );
        c.id = g.id();
        sound(c.validate())?;
        let ended = started + 22;
        let mut sent: Vec<SentDown> = Vec::new();
        for (grid, _) in &place.grids {
            for _ in 0..2 {
                let who = super::names::staff_name(&mut self.rng, &g.surnames);
                let s = SentDown {
                    id: g.id(),
                    campaign: c.id,
                    person: who.name,
                    unit: SENT_FROM
                        .choose(&mut self.rng)
                        .unwrap_or(&"街道办")
                        .to_string(),
                    community: place.community,
                    grid: *grid,
                    user: who.user,
                    arrived: started + self.rng.random_range(0..3),
                    left: Some(started + self.rng.random_range(15..=20)),
                };
                sound(s.validate())?;
                sent.push(s);
            }
        }
        let mut checks: Vec<DoorCheck> = Vec::new();
        for h in &place.houses {
            if self.rng.random_bool(0.03) {
                continue;
            }
            let by: Vec<&str> = sent
                .iter()
                .filter(|s| s.grid == h.grid)
                .map(|s| s.user.as_str())
                .chain(
                    place
                        .grids
                        .iter()
                        .filter(|(id, _)| *id == h.grid)
                        .map(|(_, u)| u.as_str()),
                )
                .collect();
            let mut day = started + self.rng.random_range(1..14);
            let mut tries = 0;
            loop {
                tries += 1;
                let pick = self.rng.random_range(0..100);
                let result = match (tries, pick) {
                    (1, 0..=84) | (2.., 0..=74) => campaign::NORMAL,
                    (1, 85..=90) | (2.., 75..=79) => campaign::ABNORMAL,
                    (_, 91..=98) | (2.., 80..=96) => campaign::NOBODY_HOME,
                    _ => campaign::REFUSED,
                };
                let note = if result == campaign::ABNORMAL {
                    ABNORMAL
                        .choose(&mut self.rng)
                        .unwrap_or(&ABNORMAL[0])
                        .to_string()
                } else {
                    String::new()
                };
                let d = DoorCheck {
                    id: g.id(),
                    campaign: c.id,
                    household: h.id,
                    result: result.to_string(),
                    note,
                    by: by.choose(&mut self.rng).unwrap_or(&"admin").to_string(),
                    at: g.at(date_of(day), self.rng.random_range(9 * 3600..20 * 3600)),
                };
                sound(d.validate(&c))?;
                checks.push(d);
                if !campaign::comes_back(result) || tries == 2 {
                    break;
                }
                day += self.rng.random_range(1..4);
            }
        }
        c.ended = Some((ended, "admin".to_string()));
        g.put(&c)?;
        for s in &sent {
            g.put(s)?;
        }
        for d in &checks {
            g.put(d)?;
        }
        Ok(())
    }
}

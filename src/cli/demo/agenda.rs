//! The demo's agenda: in every community a year of agenda items (议题) raised by households,
//! co-building units and staff, in every state from 动议 to 已公示 (some decisions overdue),
//! and the meetings that discussed them (居民议事会, 联席会议 with the co-building units, 红色
//! 议事厅 for 红色物业), each item moved along by the model's own `advance`/`decide`/`note` so
//! its history says who, when and why.
//!
//! A random stream of its own, and ids taken after every other demo record, keep the rest of
//! the demo as it was. The records go in with the demo's bulk load like the party side's.

use rand::seq::{IndexedRandom, SliceRandom};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::people::Draft;
use super::Gen;
use crate::model::time::{date_of, day_of, Day, Instant};
use crate::model::{
    AgendaItem, AgendaKind, AgendaState, Decision, Id, Invalid, Meeting, MeetingKind, RaisedBy,
};
use crate::store::StoreError;

type Result<T> = std::result::Result<T, StoreError>;

/// Mixed into the seed so this stream differs from the main one and the party side's.
const STREAM: u64 = 0x4147_454E_4441;

/// Topics a council of residents deliberates: topic, decision, owner.
const RESIDENTS: &[(&str, &str, &str)] = &[
    (
        "3号楼加装电梯，低层住户有顾虑",
        "按楼层分摊费用，低层住户减免，报街道申请补贴",
        "社区居委会",
    ),
    (
        "楼道堆放杂物，存在消防隐患",
        "限期一周自行清理，逾期由物业统一清运",
        "物业服务中心",
    ),
    (
        "垃圾分类投放点离单元门太近，夏天有异味",
        "投放点移至绿化带东侧，增加每日清洗一次",
        "物业服务中心",
    ),
    (
        "宠物狗不拴绳、随地便溺",
        "制定文明养宠公约，楼长逐户宣传",
        "社区居委会",
    ),
    (
        "小区广场舞音量扰民",
        "晚间活动限至21点，音量由志愿者劝导",
        "社区居委会",
    ),
    (
        "高空抛物屡禁不止",
        "在重点楼栋加装向上摄像头，张贴警示",
        "物业服务中心",
    ),
    (
        "电动自行车进楼道充电",
        "新建集中充电棚，楼道禁止停放充电",
        "社区居委会",
    ),
    (
        "老年人助餐点选址",
        "利用活动中心一楼开设长者饭堂",
        "社区居委会",
    ),
];

/// Topics for a joint meeting with the co-building units: topic, decision, owner.
const JOINT: &[(&str, &str, &str)] = &[
    (
        "小区停车难，夜间车辆占用消防通道",
        "与区城管执法中队共同划定夜间临时停车位",
        "区城管执法中队",
    ),
    (
        "老旧小区改造中雨污管网分流",
        "纳入年度老旧小区改造计划，分两期施工",
        "区住房和城乡建设局",
    ),
    (
        "小区监控盲区多，电动车被盗",
        "补装12个高清监控，接入派出所视频平台",
        "东区派出所",
    ),
    (
        "沿街商铺油烟扰民",
        "商铺限期加装油烟净化器，联合执法检查",
        "区生态环境分局",
    ),
    (
        "老旧电线私拉乱接",
        "供电所上门排查，更换老化线路",
        "东区供电所",
    ),
    (
        "学校门口上下学时段交通拥堵",
        "设家长志愿岗，交警高峰时段值守",
        "东区交警中队",
    ),
];

/// Topics for 红色物业 (the property company under the party's lead): topic, decision, owner.
const PROPERTY: &[(&str, &str, &str)] = &[
    (
        "物业费调价方案",
        "公示收支明细后召开业主大会表决",
        "物业服务中心",
    ),
    (
        "小区绿化带长期无人修剪",
        "每月修剪一次，业委会监督验收",
        "物业服务中心",
    ),
    ("地下车库漏水", "用公共维修资金修补防水层", "业委会"),
    (
        "门禁系统经常失灵",
        "更换单元门禁，老人发放实体卡",
        "物业服务中心",
    ),
    (
        "公共收益使用不透明",
        "每季度在公告栏公示公共收益收支",
        "业委会",
    ),
];

/// Topics no meeting has reached yet, of any kind.
const OTHER: &[(AgendaKind, &str)] = &[
    (AgendaKind::Other, "建议在小区设置快递柜"),
    (AgendaKind::Residents, "希望增设儿童游乐设施"),
    (AgendaKind::Residents, "单元门口路灯太暗"),
    (AgendaKind::Other, "建议开办暑期青少年托管班"),
    (AgendaKind::RedProperty, "小区水箱多年未清洗"),
    (AgendaKind::Joint, "公交站台离小区太远"),
];

const UNITS: &[&str] = &[
    "东区供电所党支部",
    "东区派出所",
    "区城管执法中队",
    "市人民医院第三党支部",
    "区住房和城乡建设局",
    "东区交警中队",
];

const REJECTIONS: &[&str] = &[
    "属于个人民事纠纷，已引导通过人民调解解决",
    "涉及市政规划，不属于社区议事范围，已转报街道",
    "与已办结议题重复，已告知提出人办理结果",
];

const PROGRESS: &[&str] = &[
    "已完成方案公示，施工单位进场",
    "已召开楼栋会征求意见，多数住户同意",
    "资金已落实，等待招标",
    "已完成一半，剩余部分下月完成",
];

const FINISHED: &[&str] = &[
    "已按决议完成，居民代表验收通过",
    "落实到位，回访居民满意",
    "已完成整改，建立长效管理机制",
];

const PUBLISHED: &[&str] = &[
    "结果已在小区公告栏和居民群公示七天",
    "已在社区公示栏公示，无异议",
];

/// Meetings every community holds: kind and how many days before today.
const MEETINGS: [(MeetingKind, Day); 5] = [
    (MeetingKind::Council, 280),
    (MeetingKind::Joint, 190),
    (MeetingKind::RedHall, 110),
    (MeetingKind::Council, 60),
    (MeetingKind::Joint, 20),
];

/// What became of an item, and the meetings (by index into `MEETINGS`) that discussed it.
struct Fate {
    state: AgendaState,
    meetings: &'static [usize],
    /// Decided or being carried out: past its due day.
    overdue: bool,
}

const fn fate(state: AgendaState, meetings: &'static [usize], overdue: bool) -> Fate {
    Fate {
        state,
        meetings,
        overdue,
    }
}

/// Every community's items: each state at least twice, four decisions overdue.
const FATES: [Fate; 20] = {
    use AgendaState::*;
    [
        fate(Published, &[0], false),
        fate(Published, &[1], false),
        fate(Published, &[2], false),
        fate(Published, &[0, 3], false),
        fate(Finished, &[1], false),
        fate(Finished, &[2], false),
        fate(CarryingOut, &[2], true),
        fate(CarryingOut, &[1], true),
        fate(CarryingOut, &[4], false),
        fate(Decided, &[3], true),
        fate(Decided, &[4], false),
        fate(Decided, &[3], true),
        fate(Deliberating, &[3, 4], false),
        fate(Deliberating, &[4], false),
        fate(Accepted, &[], false),
        fate(Accepted, &[], false),
        fate(Rejected, &[], false),
        fate(Rejected, &[], false),
        fate(Proposed, &[], false),
        fate(Proposed, &[], false),
    ]
};

type Place = super::gather::Place<(Id, Id, String)>;

/// What the demo's agenda will hold, gathered while the households are made.
pub struct Agenda {
    rng: ChaCha8Rng,
    pub(super) places: super::gather::Places<(Id, Id, String)>,
}

/// A record refused by its model's validation: a bug in the demo, said plainly.
fn sound(checked: std::result::Result<(), Invalid>) -> Result<()> {
    checked.map_err(StoreError::Invalid)
}

impl Agenda {
    pub fn new(seed: u64) -> Agenda {
        Agenda {
            rng: ChaCha8Rng::seed_from_u64(seed ^ STREAM),
            places: super::gather::Places::new(),
        }
    }

    /// The households just made on a grid of the current community.
    pub fn households(&mut self, drafts: &[Draft]) {
        let Some(p) = self.places.0.last_mut() else {
            return;
        };
        for d in drafts {
            if let Some(head) = d.head() {
                p.houses
                    .push((d.household.id, d.household.grid, head.name.clone()));
            }
        }
    }

    /// Makes every community's meetings and items, with the demo's next ids.
    pub fn plan(&mut self, g: &mut Gen) -> Result<()> {
        let today = day_of(g.today);
        let places = std::mem::take(&mut self.places.0);
        for place in &places {
            if place.houses.is_empty() || place.grids.is_empty() {
                continue;
            }
            self.community_year(g, place, today)?;
        }
        self.places.0 = places;
        Ok(())
    }

    fn community_year(&mut self, g: &mut Gen, place: &Place, today: Day) -> Result<()> {
        let rng = &mut self.rng;
        let secretary = super::names::staff_name(rng, &g.surnames).name;
        let director = super::names::staff_name(rng, &g.surnames).name;
        let mut meetings: Vec<Meeting> = MEETINGS
            .iter()
            .map(|&(kind, ago)| Meeting {
                id: g.id(),
                community: place.community,
                kind,
                date: today - ago + rng.random_range(-3..=3),
                chair: String::new(),
                present: Vec::new(),
                absent: Vec::new(),
                items: Vec::new(),
            })
            .collect();
        for m in &mut meetings {
            attend(rng, m, place, &secretary, &director);
            sound(m.validate())?;
        }
        let mut topics = [RESIDENTS.to_vec(), JOINT.to_vec(), PROPERTY.to_vec()];
        for t in &mut topics {
            t.shuffle(rng);
        }
        let mut loose = OTHER.to_vec();
        loose.shuffle(rng);
        let mut items = Vec::with_capacity(FATES.len());
        for f in &FATES {
            let first = f.meetings.first().map(|&i| &meetings[i]);
            let (kind, topic, decision) = match first.map(|m| m.kind) {
                Some(k) => {
                    let (kind, n) = match k {
                        MeetingKind::Joint => (AgendaKind::Joint, 1),
                        MeetingKind::RedHall => (AgendaKind::RedProperty, 2),
                        _ => (AgendaKind::Residents, 0),
                    };
                    let (t, d, o) = topics[n].pop().unwrap_or(RESIDENTS[0]);
                    (kind, t, Some((d, o)))
                }
                None => {
                    let (k, t) = loose.pop().unwrap_or(OTHER[0]);
                    (k, t, None)
                }
            };
            // Households raise residents' topics, units joint ones, staff the rest at times.
            let (house, grid, _) = place.houses[rng.random_range(0..place.houses.len())].clone();
            let captain = place
                .grids
                .iter()
                .find(|(id, _)| *id == grid)
                .map_or("admin", |(_, u)| u.as_str())
                .to_string();
            let any_captain = place.grids[rng.random_range(0..place.grids.len())]
                .1
                .clone();
            let pick = rng.random_range(0..10);
            let raised_by = match kind {
                AgendaKind::Joint if pick < 7 => RaisedBy::Unit(pick_one(rng, UNITS)),
                AgendaKind::RedProperty if pick < 5 => RaisedBy::Unit("业委会".to_string()),
                _ if pick < 3 => RaisedBy::Staff(any_captain),
                _ => RaisedBy::Household(house),
            };
            // Who moves it: the household's grid captain, or the street's admin.
            let by = match raised_by {
                RaisedBy::Household(_) => captain,
                _ => "admin".to_string(),
            };
            let raised = match first {
                Some(m) => m.date - rng.random_range(10..=30),
                None if f.state == AgendaState::Rejected => today - rng.random_range(40..=200),
                None => today - rng.random_range(2..=25),
            };
            let mut item = AgendaItem::new(place.community, topic, kind, raised_by, raised);
            item.id = g.id();
            sound(item.validate())?;
            let mut day = raised;
            let at = |rng: &mut ChaCha8Rng, day: Day| {
                g.at(date_of(day), rng.random_range(9 * 3600..18 * 3600))
            };
            let go = |item: &mut AgendaItem, rng: &mut ChaCha8Rng, to, note: &str, day| {
                let when: Instant = at(rng, day);
                sound(item.advance(to, note, &by, when, day))
            };
            if f.state == AgendaState::Proposed {
                items.push(item);
                continue;
            }
            day = (day + rng.random_range(1..=5)).min(today - 1);
            if f.state == AgendaState::Rejected {
                let reason = pick_one(rng, REJECTIONS);
                go(&mut item, rng, AgendaState::Rejected, &reason, day)?;
                items.push(item);
                continue;
            }
            go(&mut item, rng, AgendaState::Accepted, "", day)?;
            if f.state == AgendaState::Accepted {
                items.push(item);
                continue;
            }
            let Some(m) = first else {
                items.push(item);
                continue;
            };
            let name = m.kind.zh();
            let note = format!("提交{name}协商");
            let when = g.at(date_of(m.date), 14 * 3600 + rng.random_range(0..3600));
            sound(item.advance(AgendaState::Deliberating, &note, &by, when, m.date))?;
            // Discussed again at a later meeting without a decision yet.
            let last = f.meetings.last().map_or(m, |&i| &meetings[i]);
            if f.state == AgendaState::Deliberating {
                if last.id != m.id {
                    let note = format!("{name}意见不一，待{}再议", last.kind.zh());
                    let when = g.at(date_of(m.date), 15 * 3600 + rng.random_range(0..3600));
                    sound(item.note(&note, &by, when))?;
                }
                items.push(item);
                continue;
            }
            let (text, owner) = decision.unwrap_or(("按议定方案办理", "社区居委会"));
            day = last.date;
            let due = if f.overdue {
                day + rng.random_range(10..=20)
            } else if matches!(f.state, AgendaState::Decided | AgendaState::CarryingOut) {
                today + rng.random_range(10..=60)
            } else {
                day + rng.random_range(30..=60)
            };
            let d = Decision {
                text: text.to_string(),
                owner: owner.to_string(),
                due,
            };
            let when = g.at(date_of(day), 16 * 3600 + rng.random_range(0..3600));
            sound(item.decide(d, &by, when))?;
            if f.state == AgendaState::Decided {
                items.push(item);
                continue;
            }
            day = (day + rng.random_range(2..=7)).min(today - 1);
            let note = format!("交{owner}落实");
            go(&mut item, rng, AgendaState::CarryingOut, &note, day)?;
            day = (day + rng.random_range(5..=15)).min(today - 1);
            let progress = pick_one(rng, PROGRESS);
            sound(item.note(&progress, &by, at(rng, day)))?;
            if f.state == AgendaState::CarryingOut {
                items.push(item);
                continue;
            }
            day = (day + rng.random_range(10..=30)).min(due).min(today - 1);
            let done = pick_one(rng, FINISHED);
            go(&mut item, rng, AgendaState::Finished, &done, day)?;
            if f.state == AgendaState::Finished {
                items.push(item);
                continue;
            }
            day = (day + rng.random_range(1..=5)).min(today - 1);
            let shown = pick_one(rng, PUBLISHED);
            go(&mut item, rng, AgendaState::Published, &shown, day)?;
            items.push(item);
        }
        // Each meeting lists its items, each item its meetings, in the order they were held.
        for (m, i) in meetings.iter_mut().enumerate() {
            for (item, f) in items.iter_mut().zip(&FATES) {
                if f.meetings.contains(&m) {
                    i.items.push(item.id);
                    item.meetings.push(i.id);
                }
            }
        }
        for item in &items {
            g.put(item)?;
        }
        for m in &meetings {
            g.put(m)?;
        }
        Ok(())
    }
}

fn pick_one(rng: &mut ChaCha8Rng, list: &[&str]) -> String {
    list.choose(rng).map_or_else(String::new, |s| s.to_string())
}

/// Who chairs a meeting and who comes: the secretary chairs councils and joint meetings,
/// the director the 红色议事厅; the co-building units come to joint meetings, mostly.
fn attend(rng: &mut ChaCha8Rng, m: &mut Meeting, place: &Place, secretary: &str, director: &str) {
    let reps: Vec<String> = place
        .houses
        .choose_multiple(rng, 5)
        .map(|(_, _, name)| format!("居民代表{name}"))
        .collect();
    match m.kind {
        MeetingKind::Joint => {
            m.chair = secretary.to_string();
            let mut units: Vec<&str> = UNITS.to_vec();
            units.shuffle(rng);
            let away = rng.random_range(1..=2);
            m.present = units[away..].iter().map(|u| u.to_string()).collect();
            m.present.push("物业服务中心".to_string());
            m.absent = units[..away].iter().map(|u| u.to_string()).collect();
        }
        MeetingKind::RedHall => {
            m.chair = director.to_string();
            m.present = vec![
                secretary.to_string(),
                "物业服务中心".to_string(),
                "业委会".to_string(),
            ];
            m.present.extend(reps.into_iter().take(3));
        }
        _ => {
            m.chair = secretary.to_string();
            m.present = vec![director.to_string()];
            let mut reps = reps;
            let away = reps.split_off(4);
            m.present.extend(reps);
            m.absent = away;
        }
    }
}

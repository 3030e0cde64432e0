//! The year's work: home visits (care-tagged households more often), the follow-ups they leave,
//! and dispute cases in every state with a mediation note for each step reached.

use chrono::{Datelike, Days, NaiveDate, Weekday};
use rand::Rng;

use super::people::{Draft, Kind};
use super::places::weighted;
use super::Gen;
use crate::model::time::{day_of, Instant};
use crate::model::work::Done;
use crate::model::{
    CareTag, Dispute, DisputeCategory, DisputeOutcome, DisputeStatus, FollowUp, FollowUpSource, Id,
    MediationNote, Party, Relation, Residence, Severity, Visit, VisitOutcome, VisitPurpose,
};
use crate::store::StoreError;

type Result<T> = std::result::Result<T, StoreError>;

/// What the visits and disputes need to know about a household once it is written.
pub struct Home {
    pub id: Id,
    pub grid: Id,
    pub building: u32,
    pub entrance: u8,
    pub room: u16,
    /// Resident ids, head first.
    pub people: Vec<Id>,
    pub renters: bool,
}

impl Home {
    pub fn of(d: &Draft) -> Home {
        let a = d.household.address;
        Home {
            id: d.household.id,
            grid: d.household.grid,
            building: a.building,
            entrance: a.entrance,
            room: a.room,
            people: d.residents.iter().map(|r| r.id).collect(),
            renters: d.kind == Kind::Renters,
        }
    }
}

/// The facts about a household that decide how it is visited and what is found.
struct Profile {
    alone: bool,
    elderly: bool,
    over_80: bool,
    children: bool,
    migrants: bool,
    tags: Vec<CareTag>,
}

fn profile(g: &Gen, d: &Draft) -> Profile {
    let today = day_of(g.today);
    let ages: Vec<u32> = d.residents.iter().map(|r| r.age_on(today)).collect();
    Profile {
        alone: d.kind == Kind::ElderlyAlone,
        elderly: ages.iter().any(|&a| a >= 65),
        over_80: ages.iter().any(|&a| a >= 80),
        children: ages.iter().any(|&a| a < 14),
        migrants: d
            .residents
            .iter()
            .any(|r| r.residence == Residence::Migrant),
        tags: d.household.care_tags.clone(),
    }
}

impl Profile {
    fn has(&self, t: CareTag) -> bool {
        self.tags.contains(&t)
    }
    fn cared(&self) -> bool {
        !self.tags.is_empty()
    }
}

// ---- findings -------------------------------------------------------------------------

const ELDER_SEEN: &[&str] = &[
    "老人身体状况良好",
    "老人精神不错",
    "老人说最近腿脚不太灵便",
    "老人血压偏高，正在服药",
    "老人说晚上睡眠不好",
    "老人独自在家看电视",
    "老人说子女周末会回来看望",
    "老人刚从长者饭堂吃完饭回来",
    "老人在阳台晒太阳，气色不错",
];
const ELDER_DONE: &[&str] = &[
    "家中无安全隐患。",
    "叮嘱注意用电用气安全。",
    "提醒按时服药。",
    "已告知社区长者饭堂开放时间。",
    "留下网格员电话，有事随时联系。",
    "检查燃气报警器工作正常。",
    "提醒出门带好手机和钥匙。",
];
const ROUTINE_SEEN: &[&str] = &[
    "家庭情况正常",
    "核实人口信息，无变化",
    "住户反映一切都好",
    "了解家庭就业情况",
    "与住户交谈了几句",
    "更新了家庭成员联系电话",
    "住户刚下班回家",
];
const ROUTINE_DONE: &[&str] = &[
    "无特殊诉求。",
    "已告知网格员联系方式。",
    "住户对社区服务满意。",
    "提醒注意防火防盗。",
    "已加入楼栋微信群。",
];
const OUTREACH: &[&str] = &[
    "宣传医保缴费政策，已告知缴费截止时间。",
    "宣传防范电信诈骗，协助安装国家反诈中心APP。",
    "宣传垃圾分类新规，发放分类指引。",
    "宣传消防安全知识，提醒不要在室内给电动车充电。",
    "宣传长者饭堂和助餐服务。",
    "宣传城乡居民养老保险政策。",
    "宣传义务兵征兵政策，家中暂无适龄青年。",
    "宣传秋冬季防病知识，提醒接种流感疫苗。",
];
const EMERGENCY_ANY: &[&str] = &[
    "排查电动车入户充电，已劝导到集中充电点。",
    "排查燃气管道和软管，未发现泄漏。",
    "检查楼道消防通道，无杂物堵塞。",
];
const EMERGENCY_TYPHOON: &[&str] = &[
    "台风来临前排查阳台花盆和窗户，已提醒加固。",
    "暴雨后入户查看，屋内无渗水。",
    "台风过后回访，家中无财产损失。",
];
const EMERGENCY_HEAT: &[&str] = &["高温天气入户，提醒老人注意防暑降温。"];
const EMERGENCY_COLD: &[&str] = &["寒潮来临，提醒做好保暖，检查取暖电器。"];
const NOT_HOME: &[&str] = &[
    "家中无人，门上留了联系卡。",
    "敲门无人应答，电话联系未接通。",
    "家中无人，邻居说白天都在上班。",
    "家中无人，已电话联系，约下次再访。",
    "家中无人，已在楼栋群里留言。",
];
const REFUSED: &[&str] = &[
    "住户不愿开门，隔门交流，表示一切正常。",
    "住户拒绝登记信息，已做解释工作。",
    "住户以工作忙为由拒绝走访。",
];
const REVISIT: &[&str] = &[
    "家中只有小孩在，约定晚上再来。",
    "住户正在忙，约定周末复访。",
    "需核实租住人员信息，待房东在家时复访。",
    "老人听力不好，约家属在家时再访。",
];
const DISABLED: &[&str] = &[
    "了解残疾人两项补贴发放情况，已按时到账。",
    "家属反映康复训练进展不错。",
    "检查家中扶手牢固，出入方便。",
];
const LOW_INCOME: &[&str] = &[
    "核实家庭收入情况，无变化。",
    "了解就业情况，推荐了社区公益岗位。",
    "送去米油等慰问品，住户表示感谢。",
];
const LEFT_BEHIND: &[&str] = &[
    "孩子学习情况良好，爷爷奶奶照顾周到。",
    "孩子父母每周视频通话，孩子情绪稳定。",
    "提醒假期注意防溺水安全。",
];
const ILLNESS: &[&str] = &[
    "病人在家休养，家属照顾得当。",
    "了解医保报销情况，已告知大病保险政策。",
    "病情稳定，定期到医院复查。",
];
const VETERAN: &[&str] = &[
    "走访慰问退役军人，身体健康。",
    "了解退役军人优待证办理情况，已办好。",
];

/// Who a need fits.
#[derive(Clone, Copy)]
enum Fits {
    Anyone,
    Over80,
    Elderly,
    Alone,
    Migrants,
    Disabled,
    LowIncome,
    Children,
}

/// Something found on a visit that leaves a follow-up: what was heard, what to do, how it ended.
const NEEDS: &[(Fits, &str, &str, &str)] = &[
    (
        Fits::Anyone,
        "反映楼道灯坏了，已报物业。",
        "更换楼道灯",
        "物业已更换楼道灯。",
    ),
    (
        Fits::Anyone,
        "反映楼上卫生间漏水，已协调物业查看。",
        "跟进楼上漏水维修",
        "楼上已做防水，漏水已止住。",
    ),
    (
        Fits::Anyone,
        "反映楼道堆放杂物，存在消防隐患。",
        "协调清理楼道杂物",
        "已组织清理楼道杂物。",
    ),
    (
        Fits::Anyone,
        "家中未安装燃气报警器。",
        "安装燃气报警器",
        "燃气报警器已免费安装。",
    ),
    (
        Fits::Anyone,
        "反映小区路灯不亮，夜间出行不便。",
        "报修小区路灯",
        "路灯已修复。",
    ),
    (
        Fits::Anyone,
        "反映空调外机滴水到楼下。",
        "协调空调外机滴水问题",
        "已加装接水管。",
    ),
    (
        Fits::Over80,
        "老人年满80周岁，符合高龄补贴条件。",
        "协助申请高龄补贴",
        "申请材料已提交，补贴下月到账。",
    ),
    (
        Fits::Elderly,
        "老人想了解家庭医生签约服务。",
        "联系家庭医生上门签约",
        "家庭医生已上门签约。",
    ),
    (
        Fits::Alone,
        "门锁损坏，老人出入不便。",
        "联系志愿者维修门锁",
        "志愿者已上门换锁。",
    ),
    (
        Fits::Alone,
        "老人想报名长者饭堂助餐。",
        "办理长者饭堂助餐登记",
        "已登记，每天中午送餐。",
    ),
    (
        Fits::Migrants,
        "租户居住证即将到期。",
        "协助办理居住证续签",
        "已协助在线办理居住证续签。",
    ),
    (
        Fits::Migrants,
        "孩子明年上学，家长咨询积分入学。",
        "解答积分入学政策",
        "已发送积分入学指引。",
    ),
    (
        Fits::Disabled,
        "残疾证需要换证，家属不清楚流程。",
        "协助办理残疾证换证",
        "新证已办好。",
    ),
    (
        Fits::LowIncome,
        "低保年审材料未交齐。",
        "协助准备低保年审材料",
        "年审材料已交齐。",
    ),
    (
        Fits::Children,
        "家长希望孩子参加社区暑期托管班。",
        "登记暑期托管班",
        "已报名暑期托管班。",
    ),
];

fn fits(p: &Profile, f: Fits) -> bool {
    match f {
        Fits::Anyone => true,
        Fits::Over80 => p.over_80,
        Fits::Elderly => p.elderly,
        Fits::Alone => p.alone,
        Fits::Migrants => p.migrants,
        Fits::Disabled => p.has(CareTag::Disabled),
        Fits::LowIncome => p.has(CareTag::LowIncome),
        Fits::Children => p.children,
    }
}

const DONE_NOTES: &[&str] = &[
    "已完成，住户表示满意。",
    "已办结，电话回访确认。",
    "已上门处理，问题解决。",
];

/// 微心愿 and 急难盼 that staff write down by hand for care-tagged households.
const WISHES: &[(&str, &str)] = &[
    ("微心愿：一台电风扇", "爱心企业已送上电风扇。"),
    ("微心愿：孩子的书包和文具", "已送上书包文具。"),
    ("微心愿：一副老花镜", "志愿者已配好老花镜送上门。"),
    ("急难盼：轮椅坏了需要维修", "轮椅已修好。"),
    ("急难盼：协助联系医院复诊", "已预约复诊并安排志愿者陪诊。"),
    ("微心愿：一台电饭煲", "已送上电饭煲。"),
];

fn pick<'a>(g: &mut Gen, list: &[&'a str]) -> &'a str {
    list[g.rng.random_range(0..list.len())]
}

// ---- time ------------------------------------------------------------------------------

impl Gen<'_> {
    /// A time on `day` within working hours (08:30–20:30 in 中山): mornings and afternoons mostly,
    /// evenings for those who work.
    pub fn working_time(&mut self, day: NaiveDate, evening: f64) -> Instant {
        let minute = if self.rng.random_bool(evening) {
            self.rng.random_range(18 * 60 + 30..20 * 60 + 30)
        } else if self.rng.random_bool(0.55) {
            self.rng.random_range(8 * 60 + 30..11 * 60 + 45)
        } else {
            self.rng.random_range(14 * 60..17 * 60 + 45)
        };
        let second = self.rng.random_range(0..60);
        self.at(day, minute * 60 + second)
    }
}

fn add_days(day: NaiveDate, n: i64) -> NaiveDate {
    if n >= 0 {
        day.checked_add_days(Days::new(n as u64)).unwrap_or(day)
    } else {
        day.checked_sub_days(Days::new(n.unsigned_abs()))
            .unwrap_or(day)
    }
}

// ---- visits ----------------------------------------------------------------------------

/// A year of visits to one household, ending yesterday, and the follow-ups they leave.
pub fn visits(g: &mut Gen, d: &Draft, staff: &str) -> Result<()> {
    let p = profile(g, d);
    let yesterday = add_days(g.today, -1);
    let start = add_days(g.today, -365);
    // How often: weekly to fortnightly for the elderly alone, every 1–3 months for most.
    let every: f64 = if p.alone || p.has(CareTag::Destitute) {
        g.rng.random_range(6.0..14.0)
    } else if p.tags.iter().any(|t| *t != CareTag::Veteran) {
        g.rng.random_range(14.0..32.0)
    } else if p.cared() {
        g.rng.random_range(28.0..50.0)
    } else if p.migrants {
        g.rng.random_range(35.0..90.0)
    } else {
        g.rng.random_range(28.0..80.0)
    };
    // Some households slip through: not visited for 60–200 days, a few never.
    let (never, slipped) = if p.cared() {
        (0.0, 0.01)
    } else {
        (0.015, 0.09)
    };
    if g.rng.random_bool(never) {
        return Ok(());
    }
    let last = if g.rng.random_bool(slipped) {
        add_days(g.today, -g.rng.random_range(60..=200))
    } else {
        yesterday
    };
    let mut day = add_days(start, g.rng.random_range(0..every.ceil() as i64));
    while day <= last {
        // Staff rarely knock on doors at weekends.
        let mut on = day;
        if matches!(on.weekday(), Weekday::Sat | Weekday::Sun) && g.rng.random_bool(0.75) {
            on = match on.weekday() {
                Weekday::Sat => add_days(on, -1),
                _ => add_days(on, 1),
            };
            if on > last {
                on = add_days(on, -3);
            }
        }
        if on >= start && on <= last {
            visit(g, d, &p, staff, on)?;
        }
        let step = (every * g.rng.random_range(0.5..1.5)).round().max(1.0) as i64;
        day = add_days(day, step);
    }
    // A few care-tagged households have a wish written down by hand.
    if p.cared() && g.rng.random_bool(0.08) {
        let (title, note) = WISHES[g.rng.random_range(0..WISHES.len())];
        let from = add_days(g.today, -g.rng.random_range(1..=120));
        follow_up(
            g,
            d.household.id,
            FollowUpSource::Manual,
            title,
            note,
            from,
            (7, 30),
            staff,
        )?;
    }
    Ok(())
}

fn visit(g: &mut Gen, d: &Draft, p: &Profile, staff: &str, day: NaiveDate) -> Result<()> {
    let month = day.month();
    let purpose = if p.cared() {
        weighted(
            &mut g.rng,
            &[
                (VisitPurpose::CareCheck, 70),
                (VisitPurpose::Routine, 18),
                (VisitPurpose::PolicyOutreach, 8),
                (VisitPurpose::EmergencyCheck, 4),
            ],
        )
    } else {
        let emergency = if (6..=9).contains(&month) { 10 } else { 4 };
        weighted(
            &mut g.rng,
            &[
                (VisitPurpose::Routine, 76),
                (VisitPurpose::PolicyOutreach, 15),
                (VisitPurpose::EmergencyCheck, emergency),
                (VisitPurpose::Other, 2),
            ],
        )
    };
    let outcomes: &[(VisitOutcome, u32)] = if p.elderly && !p.migrants {
        &[
            (VisitOutcome::Met, 930),
            (VisitOutcome::NotHome, 50),
            (VisitOutcome::Refused, 5),
            (VisitOutcome::Revisit, 15),
        ]
    } else if p.migrants {
        &[
            (VisitOutcome::Met, 620),
            (VisitOutcome::NotHome, 300),
            (VisitOutcome::Refused, 30),
            (VisitOutcome::Revisit, 50),
        ]
    } else {
        &[
            (VisitOutcome::Met, 800),
            (VisitOutcome::NotHome, 140),
            (VisitOutcome::Refused, 15),
            (VisitOutcome::Revisit, 45),
        ]
    };
    let outcome = weighted(&mut g.rng, outcomes);
    let at = g.working_time(day, if p.migrants { 0.3 } else { 0.1 });
    let id = g.id();
    let mut need = None;
    let findings = match outcome {
        VisitOutcome::NotHome => pick(g, NOT_HOME).to_string(),
        VisitOutcome::Refused => pick(g, REFUSED).to_string(),
        VisitOutcome::Revisit => pick(g, REVISIT).to_string(),
        VisitOutcome::Met => {
            if g.rng.random_bool(0.03) {
                let fitting: Vec<usize> =
                    (0..NEEDS.len()).filter(|&i| fits(p, NEEDS[i].0)).collect();
                let i = fitting[g.rng.random_range(0..fitting.len())];
                need = Some(i);
                NEEDS[i].1.to_string()
            } else {
                met_findings(g, p, purpose, month)
            }
        }
    };
    let met = if outcome == VisitOutcome::Met {
        let mut met: Vec<Id> = d
            .residents
            .iter()
            .filter(|r| r.relation != Relation::Tenant || p.migrants)
            .map(|r| r.id)
            .collect();
        let keep = g.rng.random_range(1..=met.len().max(1));
        if keep < met.len() {
            // Whoever answers the door, and maybe a few more.
            let first = g.rng.random_range(0..met.len());
            met.rotate_left(first);
            met.truncate(keep);
            met.sort_unstable();
        }
        met
    } else {
        Vec::new()
    };
    g.put(&Visit {
        id,
        household: d.household.id,
        at,
        staff: staff.to_string(),
        purpose,
        outcome,
        met,
        roster_checked: findings.starts_with("核实人口信息"),
        findings,
        amends: None,
    })?;
    let hh = d.household.id;
    if let Some(i) = need {
        let (_, _, title, note) = NEEDS[i];
        follow_up(
            g,
            hh,
            FollowUpSource::Visit(id),
            title,
            note,
            day,
            (3, 21),
            staff,
        )?;
    } else if outcome == VisitOutcome::Revisit && g.rng.random_bool(0.6) {
        follow_up(
            g,
            hh,
            FollowUpSource::Visit(id),
            "约定时间复访",
            "已复访，情况正常。",
            day,
            (1, 7),
            staff,
        )?;
    } else if outcome == VisitOutcome::NotHome && p.cared() && g.rng.random_bool(0.15) {
        follow_up(
            g,
            hh,
            FollowUpSource::Visit(id),
            "再次上门走访",
            "已再次上门，见到本人。",
            day,
            (2, 5),
            staff,
        )?;
    }
    Ok(())
}

fn met_findings(g: &mut Gen, p: &Profile, purpose: VisitPurpose, month: u32) -> String {
    match purpose {
        VisitPurpose::PolicyOutreach => pick(g, OUTREACH).to_string(),
        VisitPurpose::EmergencyCheck => {
            let list = match month {
                6..=9 if g.rng.random_bool(0.6) => {
                    if g.rng.random_bool(0.7) {
                        EMERGENCY_TYPHOON
                    } else {
                        EMERGENCY_HEAT
                    }
                }
                12 | 1 | 2 if g.rng.random_bool(0.5) => EMERGENCY_COLD,
                _ => EMERGENCY_ANY,
            };
            pick(g, list).to_string()
        }
        VisitPurpose::CareCheck => {
            let mut lists: Vec<&[&str]> = Vec::new();
            for (tag, list) in [
                (CareTag::Disabled, DISABLED),
                (CareTag::LowIncome, LOW_INCOME),
                (CareTag::LeftBehindChild, LEFT_BEHIND),
                (CareTag::SeriousIllness, ILLNESS),
                (CareTag::Veteran, VETERAN),
            ] {
                if p.has(tag) {
                    lists.push(list);
                }
            }
            // The elderly hear the elderly's questions at least half the time.
            if lists.is_empty() || (p.elderly && g.rng.random_bool(0.5)) {
                if p.elderly {
                    format!("{}，{}", pick(g, ELDER_SEEN), pick(g, ELDER_DONE))
                } else {
                    format!("{}，{}", pick(g, ROUTINE_SEEN), pick(g, ROUTINE_DONE))
                }
            } else {
                let list = lists[g.rng.random_range(0..lists.len())];
                pick(g, list).to_string()
            }
        }
        _ => {
            if p.elderly && g.rng.random_bool(0.5) {
                format!("{}，{}", pick(g, ELDER_SEEN), pick(g, ELDER_DONE))
            } else {
                format!("{}，{}", pick(g, ROUTINE_SEEN), pick(g, ROUTINE_DONE))
            }
        }
    }
}

/// A follow-up raised on `from`, due a few days later; done (mostly) if it fell due before today,
/// sometimes done early, and otherwise still open — overdue when its day has passed.
#[allow(clippy::too_many_arguments)]
fn follow_up(
    g: &mut Gen,
    household: Id,
    source: FollowUpSource,
    title: &str,
    note: &str,
    from: NaiveDate,
    due_in: (i64, i64),
    owner: &str,
) -> Result<()> {
    let due = add_days(from, g.rng.random_range(due_in.0..=due_in.1));
    let yesterday = add_days(g.today, -1);
    let first = add_days(from, 1);
    // Old tasks are nearly all done; the last month's are where the backlog is.
    let done_p = if due < add_days(g.today, -30) {
        0.97
    } else if due < g.today {
        0.75
    } else {
        0.25
    };
    let done = if first <= yesterday && g.rng.random_bool(done_p) {
        let latest = add_days(due, 5).min(yesterday);
        let span = (latest - first).num_days().max(0);
        let day = add_days(first, g.rng.random_range(0..=span));
        let note = if g.rng.random_bool(0.7) {
            note
        } else {
            pick(g, DONE_NOTES)
        };
        Some(Done {
            at: g.working_time(day, 0.1),
            by: owner.to_string(),
            note: note.to_string(),
        })
    } else {
        None
    };
    let id = g.id();
    g.put(&FollowUp {
        id,
        household,
        source,
        title: title.to_string(),
        due: day_of(due),
        owner: owner.to_string(),
        done,
    })
}

// ---- disputes --------------------------------------------------------------------------

const TITLES: &[(DisputeCategory, &[&str])] = &[
    (
        DisputeCategory::NeighbourNoise,
        &[
            "楼上夜间噪音扰民",
            "装修噪音纠纷",
            "邻居深夜打麻将扰民",
            "楼上小孩跑跳噪音纠纷",
            "楼下音响声音过大",
        ],
    ),
    (
        DisputeCategory::PropertyManagement,
        &[
            "物业费收费争议",
            "电梯长期故障维修纠纷",
            "小区停车收费争议",
            "维修基金使用争议",
        ],
    ),
    (
        DisputeCategory::Family,
        &[
            "赡养老人纠纷",
            "夫妻感情纠纷",
            "兄弟姐妹房产继承纠纷",
            "婆媳矛盾",
        ],
    ),
    (
        DisputeCategory::LandlordTenant,
        &[
            "租房押金退还纠纷",
            "房东提前收房纠纷",
            "租金上涨争议",
            "租户拖欠房租纠纷",
        ],
    ),
    (
        DisputeCategory::PetsSanitation,
        &[
            "养狗扰民及楼道卫生纠纷",
            "楼道堆放杂物纠纷",
            "高空抛物纠纷",
            "宠物粪便清理纠纷",
        ],
    ),
    (
        DisputeCategory::Money,
        &["邻里借款纠纷", "装修款拖欠纠纷", "合伙生意欠款纠纷"],
    ),
    (
        DisputeCategory::Other,
        &[
            "楼上漏水纠纷",
            "公共区域占用纠纷",
            "车位被占纠纷",
            "空调外机噪音纠纷",
        ],
    ),
];

fn handling_text(c: DisputeCategory) -> &'static str {
    match c {
        DisputeCategory::NeighbourNoise => "双方达成一致：晚上十点后不再发出噪音，楼长协助监督。",
        DisputeCategory::PropertyManagement => "物业承诺两周内完成维修，并在公告栏公示收费明细。",
        DisputeCategory::Family => "子女同意轮流照顾老人，每月按时支付生活费。",
        DisputeCategory::LandlordTenant => "房东同意退还押金，分两次支付。",
        DisputeCategory::PetsSanitation => "当事人承诺遛狗牵绳、及时清理，楼道杂物限期清走。",
        DisputeCategory::Money => "双方签订还款协议，分期归还。",
        DisputeCategory::Other => "物业已上门查找漏点，楼上住户同意重做防水。",
    }
}

const MEDIATING: &[&str] = &[
    "在社区调解室组织双方调解，双方各自陈述诉求。",
    "联合物业和楼长上门调解，听取双方意见。",
    "请人民调解员参与，向双方讲解相关法律规定。",
];

const RECEIVED: &[&str] = &[
    "已受理，登记台账，约双方当事人了解情况。",
    "已受理，分别电话联系双方，约定调解时间。",
];

const FEEDBACK: &[&str] = &[
    "回访当事人，协议履行中，双方无新矛盾。",
    "回访双方，表示对调解结果满意。",
];

const LANDLORDS: &[&str] = &["房东", "业主"];
const COMPANIES: &[&str] = &["物业服务中心", "物业管理有限公司"];

/// A case before its steps are written: the state may still be moved to cover every state.
struct Case {
    home: usize,
    neighbour: Option<usize>,
    category: DisputeCategory,
    title: &'static str,
    reported: NaiveDate,
    /// Days after `reported` on which the case reached Received … Closed.
    steps: [i64; 5],
    status: DisputeStatus,
    severity: Severity,
}

fn step_index(s: DisputeStatus) -> usize {
    DisputeStatus::ALL.iter().position(|x| *x == s).unwrap_or(0)
}

/// About one case per 150 households a year, at least six a community, every state present.
pub fn disputes(
    g: &mut Gen,
    homes: &[Home],
    street_name: &str,
    community: Id,
    staff_of: &dyn Fn(Id) -> String,
) -> Result<()> {
    if homes.is_empty() {
        return Ok(());
    }
    let expected = homes.len() as f64 / 150.0 * g.rng.random_range(0.8..1.25);
    let n = (expected.round() as usize).max(DisputeStatus::ALL.len());
    let yesterday = add_days(g.today, -1);
    let mut cases: Vec<Case> = Vec::with_capacity(n);
    for _ in 0..n {
        let mut category = weighted(
            &mut g.rng,
            &[
                (DisputeCategory::NeighbourNoise, 28),
                (DisputeCategory::PropertyManagement, 16),
                (DisputeCategory::Family, 13),
                (DisputeCategory::LandlordTenant, 10),
                (DisputeCategory::PetsSanitation, 13),
                (DisputeCategory::Money, 8),
                (DisputeCategory::Other, 12),
            ],
        );
        let mut home = g.rng.random_range(0..homes.len());
        if category == DisputeCategory::LandlordTenant {
            // A tenants' case concerns a rented flat; find one nearby, or call it something else.
            match (0..homes.len())
                .map(|k| (home + k) % homes.len())
                .find(|&k| homes[k].renters)
            {
                Some(k) => home = k,
                None => category = DisputeCategory::Other,
            }
        }
        if category == DisputeCategory::Family && homes[home].people.len() < 2 {
            category = DisputeCategory::NeighbourNoise;
        }
        let neighbour = match category {
            DisputeCategory::NeighbourNoise
            | DisputeCategory::PetsSanitation
            | DisputeCategory::Money
            | DisputeCategory::Other => neighbour_of(g, homes, home),
            _ => None,
        };
        let titles = TITLES
            .iter()
            .find(|(c, _)| *c == category)
            .map_or(&["邻里纠纷"][..], |(_, t)| t);
        let title = titles[g.rng.random_range(0..titles.len())];
        let reported = add_days(g.today, -g.rng.random_range(1..=365));
        let mut steps = [0i64; 5];
        let mut day = 0;
        for (i, (lo, hi)) in [(0, 1), (1, 6), (2, 10), (3, 14), (3, 20)]
            .into_iter()
            .enumerate()
        {
            day += g.rng.random_range(lo..=hi);
            steps[i] = day;
        }
        // Some cases stall at a step and sit past their deadline.
        let stall = if g.rng.random_bool(0.15) {
            g.rng.random_range(0..5)
        } else {
            5
        };
        let age = (yesterday - reported).num_days();
        let reached = steps.iter().take(stall).filter(|&&d| d <= age).count();
        let severity = weighted(
            &mut g.rng,
            &[
                (Severity::Low, 55),
                (Severity::Medium, 35),
                (Severity::High, 10),
            ],
        );
        cases.push(Case {
            home,
            neighbour,
            category,
            title,
            reported,
            steps,
            status: DisputeStatus::ALL[reached],
            severity,
        });
    }
    cover_every_state(&mut cases);
    for case in cases {
        write_case(g, homes, street_name, community, staff_of, case)?;
    }
    Ok(())
}

/// Moves the newest cases of a state that has more than one into each state that has none.
fn cover_every_state(cases: &mut [Case]) {
    let mut order: Vec<usize> = (0..cases.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(cases[i].reported));
    let mut moved = vec![false; cases.len()];
    for s in DisputeStatus::ALL {
        if cases.iter().any(|c| c.status == s) {
            continue;
        }
        let count = |st: DisputeStatus, cs: &[Case]| cs.iter().filter(|c| c.status == st).count();
        let donor = order
            .iter()
            .copied()
            .find(|&i| !moved[i] && count(cases[i].status, cases) > 1);
        if let Some(i) = donor {
            cases[i].status = s;
            moved[i] = true;
        }
    }
}

/// Another household in the same building, above or below if it can be.
fn neighbour_of(g: &mut Gen, homes: &[Home], i: usize) -> Option<usize> {
    let h = &homes[i];
    let near: Vec<usize> = (i.saturating_sub(40)..(i + 40).min(homes.len()))
        .filter(|&k| k != i && homes[k].building == h.building)
        .collect();
    let stacked: Vec<usize> = near
        .iter()
        .copied()
        .filter(|&k| {
            homes[k].entrance == h.entrance
                && homes[k].room % 100 == h.room % 100
                && (homes[k].room / 100).abs_diff(h.room / 100) == 1
        })
        .collect();
    let from = if !stacked.is_empty() { stacked } else { near };
    if from.is_empty() {
        None
    } else {
        Some(from[g.rng.random_range(0..from.len())])
    }
}

fn outsider(g: &mut Gen, category: DisputeCategory, street: &str) -> Option<Party> {
    match category {
        DisputeCategory::LandlordTenant => {
            let surname = g.surname(true);
            let given = super::names::given(&mut g.rng, crate::model::Sex::Male, 1970);
            let role = pick(g, LANDLORDS);
            let phone = super::people::phone(g);
            Some(Party::Outsider {
                name: format!("{surname}{given}（{role}）"),
                phone,
            })
        }
        DisputeCategory::PropertyManagement => {
            let kind = pick(g, COMPANIES);
            let short = street.trim_end_matches("街道");
            Some(Party::Outsider {
                name: format!("中山市{short}{kind}"),
                phone: format!("0760-88{:06}", g.rng.random_range(0..1_000_000)),
            })
        }
        DisputeCategory::Money if g.rng.random_bool(0.5) => {
            let surname = g.surname(false);
            let given = super::names::given(&mut g.rng, crate::model::Sex::Male, 1980);
            let phone = super::people::phone(g);
            Some(Party::Outsider {
                name: format!("{surname}{given}"),
                phone,
            })
        }
        _ => None,
    }
}

fn write_case(
    g: &mut Gen,
    homes: &[Home],
    street: &str,
    community: Id,
    staff_of: &dyn Fn(Id) -> String,
    c: Case,
) -> Result<()> {
    let h = &homes[c.home];
    let staff = staff_of(h.grid);
    let id = g.id();
    let mut parties = vec![Party::Resident(h.people[0])];
    match c.category {
        DisputeCategory::Family => parties.push(Party::Resident(h.people[1])),
        _ => {
            if let Some(n) = c.neighbour {
                parties.push(Party::Resident(homes[n].people[0]));
            }
        }
    }
    if let Some(o) = outsider(g, c.category, street) {
        parties.push(o);
    }
    let place = match c.category {
        DisputeCategory::NeighbourNoise
        | DisputeCategory::Family
        | DisputeCategory::LandlordTenant
        | DisputeCategory::Money => format!("{}栋{}单元{}室", h.building, h.entrance, h.room),
        DisputeCategory::PropertyManagement => {
            if g.rng.random_bool(0.5) {
                format!("{}栋{}单元电梯", h.building, h.entrance)
            } else {
                "小区物业服务中心".to_string()
            }
        }
        DisputeCategory::PetsSanitation => format!("{}栋{}单元楼道", h.building, h.entrance),
        DisputeCategory::Other => {
            if g.rng.random_bool(0.3) {
                "小区停车场".to_string()
            } else {
                format!("{}栋{}单元楼道", h.building, h.entrance)
            }
        }
    };
    let deadline_in = match c.severity {
        Severity::High => g.rng.random_range(7..=15),
        _ => g.rng.random_range(10..=30),
    };
    let deadline = add_days(c.reported, deadline_in);
    let outcome = if c.status == DisputeStatus::Closed {
        Some(weighted(
            &mut g.rng,
            &[
                (DisputeOutcome::Resolved, 80),
                (DisputeOutcome::Escalated, 12),
                (DisputeOutcome::Withdrawn, 8),
            ],
        ))
    } else {
        None
    };
    // The timeline: one note a step, at increasing times, none after yesterday.
    let yesterday = add_days(g.today, -1);
    let reached = step_index(c.status);
    let reported_at = g.working_time(c.reported, 0.15);
    let mut times = vec![(c.reported, reported_at)];
    for i in 0..reached {
        let (prev_day, prev_at) = times[times.len() - 1];
        let day = add_days(c.reported, c.steps[i])
            .max(prev_day)
            .min(yesterday);
        let mut at = if day == prev_day {
            prev_at + g.rng.random_range(20 * 60..3 * 3600)
        } else {
            g.working_time(day, 0.1)
        };
        if at <= prev_at {
            at = prev_at + 600;
        }
        times.push((day, at));
    }
    g.put(&Dispute {
        id,
        community,
        grid: h.grid,
        household: Some(h.id),
        title: c.title.to_string(),
        category: c.category,
        parties,
        place: place.clone(),
        reported_at,
        reported_by: staff.clone(),
        severity: c.severity,
        deadline: day_of(deadline),
        mediator: staff.clone(),
        status: c.status,
        outcome,
    })?;
    for (i, (_, at)) in times.iter().copied().enumerate() {
        let status = DisputeStatus::ALL[i];
        let text = match status {
            DisputeStatus::Found => {
                let how = pick(
                    g,
                    &[
                        "网格员走访中发现",
                        "居民来电反映",
                        "楼长反映",
                        "居民到社区反映",
                    ],
                );
                format!("{how}：{}，地点{place}。", c.title)
            }
            DisputeStatus::Received => pick(g, RECEIVED).to_string(),
            DisputeStatus::Mediating => pick(g, MEDIATING).to_string(),
            DisputeStatus::Handling => handling_text(c.category).to_string(),
            DisputeStatus::Feedback => pick(g, FEEDBACK).to_string(),
            DisputeStatus::Closed => match outcome {
                Some(DisputeOutcome::Escalated) => {
                    "调解未果，涉及法律问题，已上报街道综治中心。".to_string()
                }
                Some(DisputeOutcome::Withdrawn) => "当事人自行和解，撤回调解申请。".to_string(),
                _ => "纠纷化解，双方签字确认，结案。".to_string(),
            },
        };
        let note_id = g.id();
        g.put(&MediationNote {
            id: note_id,
            dispute: id,
            at,
            staff: staff.clone(),
            status,
            text,
        })?;
        // Feedback is a visit back to the household.
        if status == DisputeStatus::Feedback {
            let visit_id = g.id();
            g.put(&Visit {
                id: visit_id,
                household: h.id,
                at: at + 60,
                staff: staff.clone(),
                purpose: VisitPurpose::DisputeFollowUp,
                outcome: VisitOutcome::Met,
                met: vec![h.people[0]],
                findings: "回访纠纷调解情况，双方按协议履行，无新矛盾。".to_string(),
                amends: None,
                roster_checked: false,
            })?;
        }
    }
    // Repairs promised while handling, and a check that a resolved agreement holds.
    if reached >= step_index(DisputeStatus::Handling)
        && matches!(
            c.category,
            DisputeCategory::PropertyManagement | DisputeCategory::Other
        )
    {
        let (day, _) = times[step_index(DisputeStatus::Handling)];
        follow_up(
            g,
            h.id,
            FollowUpSource::Dispute(id),
            "督促物业完成维修",
            "物业已完成维修，住户确认。",
            day,
            (7, 20),
            &staff,
        )?;
    }
    if outcome == Some(DisputeOutcome::Resolved) && g.rng.random_bool(0.5) {
        let (day, _) = times[times.len() - 1];
        follow_up(
            g,
            h.id,
            FollowUpSource::Dispute(id),
            "回访调解协议履行情况",
            "协议已履行，双方无异议。",
            day,
            (14, 30),
            &staff,
        )?;
    }
    Ok(())
}

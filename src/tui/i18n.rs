//! The screen's strings in Chinese and English: fixed labels, actions and the names of the
//! model's values (the language itself and how it is chosen live in `crate::i18n`).

pub use crate::i18n::Lang;

use crate::model::{
    CareTag, DisputeCategory, DisputeOutcome, DisputeStatus, Relation, Residence, Severity, Sex,
    VisitOutcome, VisitPurpose,
};

use super::action::Action;

/// Every fixed string of the interface, in one language.
pub struct Strings {
    pub app: &'static str,
    pub pane_tree: &'static str,
    pub pane_households: &'static str,
    pub pane_detail: &'static str,
    pub loading: &'static str,
    pub empty_store: &'static str,
    pub pick_building: &'static str,
    pub no_households: &'static str,
    pub col_address: &'static str,
    pub col_head: &'static str,
    pub col_size: &'static str,
    pub col_care: &'static str,
    pub col_last_visit: &'static str,
    pub never: &'static str,
    pub days: &'static str,
    pub residents: &'static str,
    pub recent_visits: &'static str,
    pub open_disputes: &'static str,
    pub open_followups: &'static str,
    pub none: &'static str,
    pub captain: &'static str,
    pub phone: &'static str,
    pub age: &'static str,
    pub party: &'static str,
    pub due: &'static str,
    pub overdue: &'static str,
    pub deadline: &'static str,
    pub jump_prompt: &'static str,
    pub not_found: &'static str,
    pub too_small: &'static str,
    pub help_title: &'static str,
    pub palette_title: &'static str,
    pub help_filter: &'static str,
    pub help_none: &'static str,
    pub buildings: &'static str,
    pub households: &'static str,
    pub grids: &'static str,
    pub building_label: &'static str,
    pub error: &'static str,
}

pub const ZH: Strings = Strings {
    app: "网格台账",
    pane_tree: "社区·网格·楼栋",
    pane_households: "住户",
    pane_detail: "详情",
    loading: "正在读取…",
    empty_store:
        "这里还没有数据。运行 gridbook --demo 试用演示街道，或用 gridbook import 文件 导入花名册。",
    pick_building: "选择一栋楼，查看其中的住户。",
    no_households: "这栋楼没有住户。",
    col_address: "地址",
    col_head: "户主",
    col_size: "人",
    col_care: "关注",
    col_last_visit: "走访",
    never: "从未",
    days: "天前",
    residents: "居民",
    recent_visits: "最近走访",
    open_disputes: "未结纠纷",
    open_followups: "待办事项",
    none: "无",
    captain: "楼长",
    phone: "电话",
    age: "岁",
    party: "党员",
    due: "到期",
    overdue: "已逾期",
    deadline: "时限",
    jump_prompt: "跳转（如 5-2-301）：",
    not_found: "没有找到这个地址的住户",
    too_small: "窗口太小，请放大到至少 40×10",
    help_title: "帮助：当前可用的按键",
    palette_title: "输入地址跳转，或选一个命令",
    help_filter: "输入以筛选",
    help_none: "没有匹配的按键",
    buildings: "栋楼",
    households: "户",
    grids: "个网格",
    building_label: "栋",
    error: "出错了",
};

pub const EN: Strings = Strings {
    app: "gridbook",
    pane_tree: "Places",
    pane_households: "Households",
    pane_detail: "Details",
    loading: "Loading…",
    empty_store: "There is nothing here yet. Run gridbook --demo to try the demo street, or gridbook import FILE to load a roster.",
    pick_building: "Pick a building to see its households.",
    no_households: "This building has no households.",
    col_address: "Addr",
    col_head: "Head",
    col_size: "N",
    col_care: "Care",
    col_last_visit: "Visited",
    never: "never",
    days: "d ago",
    residents: "Residents",
    recent_visits: "Recent visits",
    open_disputes: "Open disputes",
    open_followups: "Follow-ups",
    none: "none",
    captain: "Captain",
    phone: "Phone",
    age: "y",
    party: "party",
    due: "due",
    overdue: "overdue",
    deadline: "deadline",
    jump_prompt: "Jump to address (such as 5-2-301): ",
    not_found: "No household has the address",
    too_small: "Window too small: make it at least 40×10",
    help_title: "Help: keys in effect",
    palette_title: "Type an address, or pick a command",
    help_filter: "type to filter",
    help_none: "no key matches",
    buildings: "buildings",
    households: "households",
    grids: "grids",
    building_label: "Bldg",
    error: "Error",
};

impl Lang {
    pub fn strings(self) -> &'static Strings {
        match self {
            Lang::Zh => &ZH,
            Lang::En => &EN,
        }
    }

    pub fn action(self, a: Action) -> &'static str {
        match a {
            Action::Quit => self.pick("退出", "quit"),
            Action::Help => self.pick("帮助", "help"),
            Action::Redraw => self.pick("重绘屏幕", "redraw the screen"),
            Action::MoveUp => self.pick("上移", "up"),
            Action::MoveDown => self.pick("下移", "down"),
            Action::MoveLeft => self.pick("收起 / 左移", "collapse / left"),
            Action::MoveRight => self.pick("展开 / 右移", "expand / right"),
            Action::PageUp => self.pick("上一页", "page up"),
            Action::PageDown => self.pick("下一页", "page down"),
            Action::First => self.pick("到第一行", "first row"),
            Action::Last => self.pick("到最后一行", "last row"),
            Action::NextPane => self.pick("下一栏", "next pane"),
            Action::PrevPane => self.pick("上一栏", "previous pane"),
            Action::Open => self.pick("打开", "open"),
            Action::Back => self.pick("返回", "back"),
            Action::Jump => self.pick("跳转地址 / 命令", "jump to address / command"),
            Action::Confirm => self.pick("确定", "confirm"),
            Action::Cancel => self.pick("取消", "cancel"),
            Action::Visit => self.pick("记录走访", "log a visit"),
            Action::Amend => self.pick("更正最近一次走访", "correct the latest visit"),
            Action::Sweep => self.pick("扫楼", "sweep the building"),
            Action::Dispute => self.pick("登记纠纷", "open a dispute"),
            Action::Disputes => self.pick("纠纷列表", "dispute list"),
            Action::History => self.pick("修改记录", "change history"),
            Action::Search => self.pick(
                "搜索（姓名、拼音、电话、地址）",
                "search (name, pinyin, phone, address)",
            ),
            Action::FollowUps => self.pick("待办与到期", "follow-ups due"),
            Action::Captains => self.pick("楼长", "building captains"),
            Action::Reports => self.pick("统计报表", "reports"),
            Action::Ledgers => self.pick("台账", "ledgers"),
            Action::Wishes => self.pick("微心愿", "small wishes"),
            Action::PartyCoverage => {
                self.pick("党小组与中心户覆盖", "party groups and 中心户 coverage")
            }
            Action::Registrants => {
                self.pick("双报到（岗位与报到对象）", "双报到 (posts and registrants)")
            }
            Action::Dispatch => self.pick("派单给某人", "dispatch to a name"),
            Action::Claim => self.pick("替某人认领", "claim for someone"),
            Action::Review => self.pick("回访（满意度）", "review (satisfaction)"),
            Action::CloseWish => self.pick("关闭心愿（写原因）", "close the wish (with a reason)"),
            Action::Conflicts => self.pick("同步冲突核对", "sync conflicts to review"),
            Action::AddCommunity => self.pick("添加社区（管理员）", "add a community (admins)"),
            Action::AddGrid => self.pick(
                "在所选社区或网格下添加网格（管理员）",
                "add a grid under the selected one (admins)",
            ),
            Action::AddBuilding => self.pick(
                "在所选网格添加楼栋（管理员）",
                "add a building to the grid (admins)",
            ),
            Action::RenamePlace => self.pick(
                "改名 / 给楼栋改号（管理员）",
                "rename, or renumber a building (admins)",
            ),
            Action::MoveBuilding => self.pick(
                "把楼栋移到另一网格（管理员）",
                "move the building to another grid (admins)",
            ),
            Action::GiveGrid => self.pick(
                "把所选网格交给一位工作人员负责（管理员）",
                "give the grid to a member of staff to look after (admins)",
            ),
            Action::Restore => self.pick("恢复未采用的值", "put the lost value back"),
            Action::Undo => self.pick("撤销上次分配", "undo the last reassignment"),
            Action::MakeCaptain => {
                self.pick("设本户居民为楼长", "make a resident a building captain")
            }
            Action::RetireCaptain => self.pick("楼长卸任", "retire the captain"),
            Action::CaptainPhone => self.pick("改楼长电话", "change the captain's phone"),
            Action::Keep => self.pick("保留现值", "keep what is there"),
            Action::EditHousehold => self.pick(
                "修改户信息（电话、重点人群、房屋状态、房东、租期、备注）",
                "edit the household (phone, care tags, house, landlord, tenancy, note)",
            ),
            Action::AddResident => self.pick("添加居民", "add a resident"),
            Action::EditResident => self.pick("修改所选居民", "edit the selected resident"),
            Action::MakeHead => self.pick("设为户主", "make the selected resident head"),
            Action::ResidentLeaves => {
                self.pick("居民迁出或死亡", "the selected resident moved out or died")
            }
            Action::MoveResident => self.pick(
                "把所选居民迁到另一户",
                "move the selected resident to another household",
            ),
            Action::AddHousehold => {
                self.pick("在空地址新建一户", "a new household at an empty address")
            }
            Action::NextField => self.pick("下一项", "next field"),
            Action::PrevField => self.pick("上一项", "previous field"),
            Action::Save => self.pick("保存", "save"),
            Action::Advance => self.pick("推进一步", "next step"),
            Action::Note => self.pick("记调解情况（不推进）", "add a mediation note (no step)"),
            Action::Reopen => self.pick("重新打开已结案件", "reopen a closed case"),
            Action::Done => self.pick("办结", "mark done"),
            Action::Assign => self.pick("分配门户", "assign doors"),
            Action::Rebalance => self.pick("调整片区", "rebalance patches"),
            Action::Discard => self.pick("丢弃草稿", "discard the draft"),
            Action::SweepMet => self.pick("在家", "met"),
            Action::SweepNotHome => self.pick("不在家", "not home"),
            Action::SweepRefused => self.pick("拒访", "refused"),
            Action::SweepRevisit => self.pick("需复访", "revisit"),
            Action::SweepDispute => self.pick("有纠纷", "dispute"),
            Action::SweepNote => self.pick("写备注", "add a note"),
            Action::SweepSkip => self.pick("跳过", "skip"),
            Action::SweepBack => self.pick("上一户", "previous door"),
            Action::Campaign => self.pick("战时排查", "campaign (战时)"),
            Action::NextDoor => self.pick("下一户未查", "next door to check"),
            Action::Result1 => self.pick("第1种结果", "result 1"),
            Action::Result2 => self.pick("第2种结果", "result 2"),
            Action::Result3 => self.pick("第3种结果", "result 3"),
            Action::Result4 => self.pick("第4种结果", "result 4"),
            Action::Result5 => self.pick("第5种结果", "result 5"),
            Action::Result6 => self.pick("第6种结果", "result 6"),
            Action::SweepCampaign => self.pick(
                "在战时排查结果与走访结果间切换",
                "between the campaign's results and visits",
            ),
            Action::WithinBuilding => self.pick(
                "下一户取自本户所在楼栋（再按回到网格）",
                "next door from this door's building (again: the grid)",
            ),
            Action::Noop => self.pick("（无）", "(nothing)"),
        }
    }

    /// A short name for the status bar's key hints.
    pub fn action_short(self, a: Action) -> &'static str {
        match a {
            Action::Jump => self.pick("跳转", "jump"),
            Action::Search => self.pick("搜索", "search"),
            Action::Visit => self.pick("走访", "visit"),
            Action::Sweep => self.pick("扫楼", "sweep"),
            Action::FollowUps => self.pick("待办", "due"),
            Action::Disputes => self.pick("纠纷", "disputes"),
            Action::Captains => self.pick("楼长", "captains"),
            Action::Advance => self.pick("推进", "step"),
            Action::Note => self.pick("记录", "note"),
            Action::Reopen => self.pick("重开", "reopen"),
            Action::Done => self.pick("办结", "done"),
            Action::Assign => self.pick("分配", "assign"),
            Action::Rebalance => self.pick("调整", "rebalance"),
            Action::Conflicts => self.pick("冲突", "conflicts"),
            Action::Restore => self.pick("恢复", "restore"),
            Action::Undo => self.pick("撤销", "undo"),
            Action::RetireCaptain => self.pick("卸任", "retire"),
            Action::CaptainPhone => self.pick("电话", "phone"),
            Action::Keep => self.pick("保留", "keep"),
            Action::Wishes => self.pick("心愿", "wishes"),
            Action::Dispatch => self.pick("派单", "dispatch"),
            Action::Claim => self.pick("认领", "claim"),
            Action::Review => self.pick("回访", "review"),
            Action::CloseWish => self.pick("关闭", "close"),
            Action::Campaign => self.pick("战时", "campaign"),
            Action::NextDoor => self.pick("下一户", "next door"),
            Action::SweepCampaign => self.pick("战时/走访", "campaign/visits"),
            Action::WithinBuilding => self.pick("本楼", "building"),
            other => self.action(other),
        }
    }

    pub fn care_tag(self, t: CareTag) -> &'static str {
        match t {
            CareTag::ElderlyAlone => self.pick("独居老人", "elderly alone"),
            CareTag::EmptyNest => self.pick("空巢老人", "empty nest"),
            CareTag::Disabled => self.pick("残疾人", "disabled"),
            CareTag::LeftBehindChild => self.pick("留守儿童", "left-behind child"),
            CareTag::LowIncome => self.pick("低保", "low income"),
            CareTag::Destitute => self.pick("特困", "destitute"),
            CareTag::Veteran => self.pick("退役军人", "veteran"),
            CareTag::SeriousIllness => self.pick("重病", "serious illness"),
        }
    }

    /// A short form for the household list: 独, 空, 残, 留, 低, 困, 军, 病.
    pub fn care_tag_short(self, t: CareTag) -> &'static str {
        match t {
            CareTag::ElderlyAlone => self.pick("独", "EA"),
            CareTag::EmptyNest => self.pick("空", "EN"),
            CareTag::Disabled => self.pick("残", "D"),
            CareTag::LeftBehindChild => self.pick("留", "LC"),
            CareTag::LowIncome => self.pick("低", "LI"),
            CareTag::Destitute => self.pick("困", "DS"),
            CareTag::Veteran => self.pick("军", "V"),
            CareTag::SeriousIllness => self.pick("病", "SI"),
        }
    }

    pub fn relation(self, r: Relation) -> &'static str {
        match r {
            Relation::Head => self.pick("户主", "head"),
            Relation::Spouse => self.pick("配偶", "spouse"),
            Relation::Son => self.pick("子", "son"),
            Relation::Daughter => self.pick("女", "daughter"),
            Relation::Father => self.pick("父", "father"),
            Relation::Mother => self.pick("母", "mother"),
            Relation::Grandson => self.pick("孙子", "grandson"),
            Relation::Granddaughter => self.pick("孙女", "granddaughter"),
            Relation::Tenant => self.pick("租户", "tenant"),
            Relation::Other => self.pick("其他", "other"),
        }
    }

    pub fn sex(self, s: Sex) -> &'static str {
        match s {
            Sex::Male => self.pick("男", "M"),
            Sex::Female => self.pick("女", "F"),
        }
    }

    pub fn residence(self, r: Residence) -> &'static str {
        match r {
            Residence::Resident => self.pick("常住", "resident"),
            Residence::Migrant => self.pick("流动", "migrant"),
        }
    }

    pub fn outcome(self, o: VisitOutcome) -> &'static str {
        match o {
            VisitOutcome::Met => self.pick("在家", "met"),
            VisitOutcome::NotHome => self.pick("不在家", "not home"),
            VisitOutcome::Refused => self.pick("拒访", "refused"),
            VisitOutcome::Revisit => self.pick("需复访", "revisit"),
        }
    }

    pub fn purpose(self, p: VisitPurpose) -> &'static str {
        match p {
            VisitPurpose::Routine => self.pick("日常走访", "routine"),
            VisitPurpose::CareCheck => self.pick("关爱探访", "care check"),
            VisitPurpose::PolicyOutreach => self.pick("政策宣传", "policy outreach"),
            VisitPurpose::DisputeFollowUp => self.pick("纠纷回访", "dispute follow-up"),
            VisitPurpose::EmergencyCheck => self.pick("应急排查", "emergency check"),
            VisitPurpose::Other => self.pick("其他", "other"),
        }
    }

    pub fn dispute_status(self, s: DisputeStatus) -> &'static str {
        match s {
            DisputeStatus::Found => self.pick("发现", "found"),
            DisputeStatus::Received => self.pick("接待", "received"),
            DisputeStatus::Mediating => self.pick("调解", "mediating"),
            DisputeStatus::Handling => self.pick("处置", "handling"),
            DisputeStatus::Feedback => self.pick("反馈", "feedback"),
            DisputeStatus::Closed => self.pick("结案", "closed"),
        }
    }

    pub fn category(self, c: DisputeCategory) -> &'static str {
        match c {
            DisputeCategory::NeighbourNoise => self.pick("邻里/噪音", "neighbours / noise"),
            DisputeCategory::PropertyManagement => self.pick("物业", "property management"),
            DisputeCategory::Family => self.pick("家庭", "family"),
            DisputeCategory::LandlordTenant => self.pick("房东与租户", "landlord and tenant"),
            DisputeCategory::PetsSanitation => self.pick("宠物/卫生", "pets / sanitation"),
            DisputeCategory::Money => self.pick("经济", "money"),
            DisputeCategory::Other => self.pick("其他", "other"),
        }
    }

    pub fn severity(self, s: Severity) -> &'static str {
        match s {
            Severity::Low => self.pick("一般", "low"),
            Severity::Medium => self.pick("较重", "medium"),
            Severity::High => self.pick("严重", "high"),
        }
    }

    pub fn dispute_outcome(self, o: DisputeOutcome) -> &'static str {
        match o {
            DisputeOutcome::Resolved => self.pick("调解成功", "resolved"),
            DisputeOutcome::Escalated => self.pick("上报", "escalated"),
            DisputeOutcome::Withdrawn => self.pick("撤回", "withdrawn"),
        }
    }

    /// A short date for lists: 11月25日 or 25 Nov, and with the year when it is not the year
    /// of `today` (2025/12/29, 29 Dec 2025): a deadline a year gone must not read as a coming
    /// one.
    pub fn short_date(self, d: chrono::NaiveDate, today: crate::model::time::Day) -> String {
        use chrono::Datelike;
        let this_year = d.year() == crate::model::time::date_of(today).year();
        match (self, this_year) {
            (Lang::Zh, true) => d.format("%-m月%-d日").to_string(),
            (Lang::Zh, false) => d.format("%Y/%-m/%-d").to_string(),
            (Lang::En, true) => d.format("%-d %b").to_string(),
            (Lang::En, false) => d.format("%-d %b %Y").to_string(),
        }
    }
}

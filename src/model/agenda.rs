//! Agenda items (议题) and meetings (议事协商): a topic raised by a household, a unit or staff,
//! its way 动议 → 受理 (or 不予受理) → 协商中 → 已决议 → 落实中 → 已办结 → 已公示 with who moved
//! it, when and why, the decision with its owner and due day, and the meetings that discussed it.

use serde::{Deserialize, Serialize};

use super::time::{Day, Instant};
use super::{Id, Invalid};

/// 议题类别
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AgendaKind {
    /// 居民议事
    Residents,
    /// 联席会议
    Joint,
    /// 红色物业
    RedProperty,
    /// 其他
    Other,
}

/// 会议类别
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum MeetingKind {
    /// 居民议事会
    Council,
    /// 红色议事厅
    RedHall,
    /// 联席会议
    Joint,
    /// 其他
    Other,
}

/// Finds the one of `all` named in either language, or by the first word of its English
/// name (case and spacing aside).
fn named<T: Copy>(
    all: &[T],
    text: &str,
    zh: fn(T) -> &'static str,
    en: fn(T) -> &'static str,
) -> Option<T> {
    let t = text.trim().to_lowercase();
    all.iter()
        .copied()
        .find(|&k| zh(k) == t || en(k) == t || en(k).split(' ').next() == Some(t.as_str()))
}

impl AgendaKind {
    pub const ALL: [AgendaKind; 4] = [
        AgendaKind::Residents,
        AgendaKind::Joint,
        AgendaKind::RedProperty,
        AgendaKind::Other,
    ];

    pub fn zh(self) -> &'static str {
        match self {
            AgendaKind::Residents => "居民议事",
            AgendaKind::Joint => "联席会议",
            AgendaKind::RedProperty => "红色物业",
            AgendaKind::Other => "其他",
        }
    }

    pub fn en(self) -> &'static str {
        match self {
            AgendaKind::Residents => "residents' council",
            AgendaKind::Joint => "joint meeting",
            AgendaKind::RedProperty => "red property",
            AgendaKind::Other => "other",
        }
    }

    /// The kind named in either language (`residents`, `joint`, `red`, `other`).
    pub fn parse(text: &str) -> Option<AgendaKind> {
        named(&Self::ALL, text, Self::zh, Self::en)
    }
}

impl MeetingKind {
    pub const ALL: [MeetingKind; 4] = [
        MeetingKind::Council,
        MeetingKind::RedHall,
        MeetingKind::Joint,
        MeetingKind::Other,
    ];

    pub fn zh(self) -> &'static str {
        match self {
            MeetingKind::Council => "居民议事会",
            MeetingKind::RedHall => "红色议事厅",
            MeetingKind::Joint => "联席会议",
            MeetingKind::Other => "其他",
        }
    }

    pub fn en(self) -> &'static str {
        match self {
            MeetingKind::Council => "council of residents",
            MeetingKind::RedHall => "red hall",
            MeetingKind::Joint => "joint meeting",
            MeetingKind::Other => "other",
        }
    }

    /// The kind named in either language (`council`, `red`, `joint`, `other`).
    pub fn parse(text: &str) -> Option<MeetingKind> {
        named(&Self::ALL, text, Self::zh, Self::en)
    }
}

/// 议题状态
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum AgendaState {
    /// 动议
    Proposed,
    /// 受理
    Accepted,
    /// 不予受理
    Rejected,
    /// 协商中
    Deliberating,
    /// 已决议
    Decided,
    /// 落实中
    CarryingOut,
    /// 已办结
    Finished,
    /// 已公示
    Published,
}

impl AgendaState {
    pub const ALL: [AgendaState; 8] = [
        AgendaState::Proposed,
        AgendaState::Accepted,
        AgendaState::Rejected,
        AgendaState::Deliberating,
        AgendaState::Decided,
        AgendaState::CarryingOut,
        AgendaState::Finished,
        AgendaState::Published,
    ];

    pub fn zh(self) -> &'static str {
        match self {
            AgendaState::Proposed => "动议",
            AgendaState::Accepted => "受理",
            AgendaState::Rejected => "不予受理",
            AgendaState::Deliberating => "协商中",
            AgendaState::Decided => "已决议",
            AgendaState::CarryingOut => "落实中",
            AgendaState::Finished => "已办结",
            AgendaState::Published => "已公示",
        }
    }

    pub fn en(self) -> &'static str {
        match self {
            AgendaState::Proposed => "proposed",
            AgendaState::Accepted => "accepted",
            AgendaState::Rejected => "not accepted",
            AgendaState::Deliberating => "under deliberation",
            AgendaState::Decided => "decided",
            AgendaState::CarryingOut => "being carried out",
            AgendaState::Finished => "finished",
            AgendaState::Published => "made public",
        }
    }

    /// The state named in either language, or by the verb that reaches it (`accept`,
    /// `reject`, `deliberate`, `decide`, `carry out`, `finish`, `publish`).
    pub fn parse(text: &str) -> Option<AgendaState> {
        let t = text.trim().to_lowercase();
        let verb = match t.replace(['-', '_'], " ").as_str() {
            "propose" => Some(AgendaState::Proposed),
            "accept" => Some(AgendaState::Accepted),
            "reject" | "rejected" => Some(AgendaState::Rejected),
            "deliberate" | "deliberating" => Some(AgendaState::Deliberating),
            "decide" => Some(AgendaState::Decided),
            "carry out" | "carrying out" => Some(AgendaState::CarryingOut),
            "finish" | "done" => Some(AgendaState::Finished),
            "publish" | "published" => Some(AgendaState::Published),
            _ => None,
        };
        verb.or_else(|| Self::ALL.into_iter().find(|s| s.zh() == t || s.en() == t))
    }

    /// The states an item in this state may move to next.
    pub fn next(self) -> &'static [AgendaState] {
        match self {
            AgendaState::Proposed => &[AgendaState::Accepted, AgendaState::Rejected],
            AgendaState::Accepted => &[AgendaState::Deliberating],
            AgendaState::Deliberating => &[AgendaState::Decided],
            AgendaState::Decided => &[AgendaState::CarryingOut],
            AgendaState::CarryingOut => &[AgendaState::Finished],
            AgendaState::Finished => &[AgendaState::Published],
            AgendaState::Rejected | AgendaState::Published => &[],
        }
    }

    /// Decided and not yet carried out: on the open-decisions list.
    pub fn is_open_decision(self) -> bool {
        matches!(self, AgendaState::Decided | AgendaState::CarryingOut)
    }

    /// Still to be settled: neither rejected, finished nor made public.
    pub fn is_open(self) -> bool {
        !matches!(
            self,
            AgendaState::Rejected | AgendaState::Finished | AgendaState::Published
        )
    }
}

/// Who raised an item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum RaisedBy {
    /// A household of the community: the item belongs to its grid.
    Household(Id),
    /// A unit (a co-building unit, a property company), by name.
    Unit(String),
    /// A member of staff, by user name.
    Staff(String),
}

/// 决议: what was decided, who carries it out, and by when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    pub text: String,
    pub owner: String,
    pub due: Day,
}

/// One change of an item: who, when, from and to which state, and why. A note leaves the
/// state as it was (`from == to`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgendaStep {
    pub at: Instant,
    pub by: String,
    pub from: AgendaState,
    pub to: AgendaState,
    pub note: String,
}

/// 议题: a topic to be deliberated and followed until its decision is carried out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgendaItem {
    pub id: Id,
    /// The community it belongs to (a household's own, for an item a household raised).
    pub community: Id,
    pub topic: String,
    pub kind: AgendaKind,
    pub raised_by: RaisedBy,
    pub raised: Day,
    pub state: AgendaState,
    pub decision: Option<Decision>,
    /// The meetings that discussed it, in the order they were recorded.
    pub meetings: Vec<Id>,
    /// The day it was finished (已办结).
    pub done: Option<Day>,
    /// Every change and note, oldest first.
    pub history: Vec<AgendaStep>,
}

/// 会议: a council or joint meeting, who came and who did not, and what it discussed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meeting {
    pub id: Id,
    pub community: Id,
    pub kind: MeetingKind,
    pub date: Day,
    pub chair: String,
    /// Units and people present, by name.
    pub present: Vec<String>,
    /// Units and people absent, by name.
    pub absent: Vec<String>,
    /// The agenda items discussed.
    pub items: Vec<Id>,
}

impl AgendaItem {
    /// A new item, proposed, with an empty history.
    pub fn new(
        community: Id,
        topic: &str,
        kind: AgendaKind,
        raised_by: RaisedBy,
        raised: Day,
    ) -> AgendaItem {
        AgendaItem {
            id: 0,
            community,
            topic: topic.trim().to_string(),
            kind,
            raised_by,
            raised,
            state: AgendaState::Proposed,
            decision: None,
            meetings: Vec::new(),
            done: None,
            history: Vec::new(),
        }
    }

    pub fn validate(&self) -> Result<(), Invalid> {
        if self.topic.trim().is_empty() {
            return Err(Invalid::new(
                "an agenda item needs its topic; say in a few words what is to be deliberated",
            ));
        }
        if self.topic.chars().count() > 500 {
            return Err(Invalid::new(
                "the topic is longer than 500 characters; shorten it",
            ));
        }
        match &self.raised_by {
            RaisedBy::Unit(n) | RaisedBy::Staff(n) if n.trim().is_empty() => Err(Invalid::new(
                "say who raised the item: an address, a unit's name or a member of staff",
            )),
            _ => Ok(()),
        }
    }

    /// The household it belongs to, when a household raised it.
    pub fn household(&self) -> Option<Id> {
        match self.raised_by {
            RaisedBy::Household(h) => Some(h),
            _ => None,
        }
    }

    /// Decided or being carried out, and past its due day on `today`.
    pub fn is_overdue(&self, today: Day) -> bool {
        self.state.is_open_decision() && self.decision.as_ref().is_some_and(|d| d.due < today)
    }

    fn step(&mut self, to: AgendaState, by: &str, at: Instant, note: &str) {
        self.history.push(AgendaStep {
            at,
            by: by.to_string(),
            from: self.state,
            to,
            note: note.trim().to_string(),
        });
        self.state = to;
    }

    fn may_go(&self, to: AgendaState) -> Result<(), Invalid> {
        let next = self.state.next();
        if next.contains(&to) {
            return Ok(());
        }
        let from = self.state.en();
        Err(Invalid::new(match next {
            [] => format!("this agenda item is {from}; it cannot move any further"),
            [one] => format!(
                "this agenda item is {from}; it can go next only to {}",
                one.en()
            ),
            [a, b, ..] => format!(
                "this agenda item is {from}; it can go next only to {} or {}",
                a.en(),
                b.en()
            ),
        }))
    }

    /// Moves the item to `to` (any next state but 已决议, which `decide` reaches), with the
    /// note; 不予受理 needs its reason.
    pub fn advance(
        &mut self,
        to: AgendaState,
        note: &str,
        by: &str,
        at: Instant,
        today: Day,
    ) -> Result<(), Invalid> {
        self.may_go(to)?;
        super::wish::check_note(note)?;
        match to {
            AgendaState::Decided => {
                return Err(Invalid::new(
                    "an item is decided with its decision, owner and due day: use agenda decide",
                ))
            }
            AgendaState::Rejected if note.trim().is_empty() => {
                return Err(Invalid::new(
                    "an item not accepted needs the reason; give it with --reason",
                ))
            }
            AgendaState::Finished => self.done = Some(today),
            _ => {}
        }
        self.step(to, by, at, note);
        Ok(())
    }

    /// 已决议: the decision, who carries it out and by when.
    pub fn decide(&mut self, d: Decision, by: &str, at: Instant) -> Result<(), Invalid> {
        self.may_go(AgendaState::Decided)?;
        let d = Decision {
            text: d.text.trim().to_string(),
            owner: d.owner.trim().to_string(),
            due: d.due,
        };
        if d.text.is_empty() {
            return Err(Invalid::new("say what was decided"));
        }
        super::wish::check_note(&d.text)?;
        super::wish::check_note(&d.owner)?;
        if d.owner.is_empty() {
            return Err(Invalid::new(
                "a decision needs an owner: the person or unit who carries it out",
            ));
        }
        if d.due < self.raised {
            return Err(Invalid::new(
                "the due day is before the day the item was raised; pick a later day",
            ));
        }
        let note = d.text.clone();
        self.decision = Some(d);
        self.step(AgendaState::Decided, by, at, &note);
        Ok(())
    }

    /// A note at the state it is in.
    pub fn note(&mut self, text: &str, by: &str, at: Instant) -> Result<(), Invalid> {
        if text.trim().is_empty() {
            return Err(Invalid::new("a note needs its text"));
        }
        super::wish::check_note(text)?;
        self.step(self.state, by, at, text);
        Ok(())
    }
}

impl Meeting {
    pub fn validate(&self) -> Result<(), Invalid> {
        if self.chair.trim().is_empty() {
            return Err(Invalid::new(
                "a meeting needs its chair; give the name with --chair",
            ));
        }
        let absent: std::collections::HashSet<&String> = self.absent.iter().collect();
        if let Some(n) = self.present.iter().find(|n| absent.contains(n)) {
            return Err(Invalid::new(format!(
                "“{}” is both present and absent; name them once",
                super::shown::quote(n)
            )));
        }
        Ok(())
    }
}

/// The open-decisions list: decided or being carried out, overdue first, then by due day.
pub fn open_decisions(items: &mut Vec<AgendaItem>, today: Day) {
    items.retain(|i| i.state.is_open_decision() && i.decision.is_some());
    items.sort_by_key(|i| {
        let due = i.decision.as_ref().map_or(Day::MAX, |d| d.due);
        (!i.is_overdue(today), due, i.id)
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item() -> AgendaItem {
        AgendaItem::new(
            2,
            "加装电梯",
            AgendaKind::Residents,
            RaisedBy::Household(7),
            100,
        )
    }

    #[test]
    fn an_item_goes_through_every_state_with_its_history() {
        let mut i = item();
        i.advance(AgendaState::Accepted, "", "wang", 1, 100)
            .unwrap();
        i.advance(AgendaState::Deliberating, "", "wang", 2, 101)
            .unwrap();
        let d = Decision {
            text: "分两期加装".into(),
            owner: "物业公司".into(),
            due: 130,
        };
        i.decide(d, "li", 3).unwrap();
        i.advance(AgendaState::CarryingOut, "", "wang", 4, 102)
            .unwrap();
        i.note("施工队已进场", "wang", 5).unwrap();
        i.advance(AgendaState::Finished, "验收通过", "wang", 6, 120)
            .unwrap();
        i.advance(AgendaState::Published, "", "wang", 7, 121)
            .unwrap();
        assert_eq!(i.done, Some(120));
        let steps: Vec<_> = i.history.iter().map(|s| (s.from, s.to, s.at)).collect();
        use AgendaState::*;
        assert_eq!(
            steps,
            vec![
                (Proposed, Accepted, 1),
                (Accepted, Deliberating, 2),
                (Deliberating, Decided, 3),
                (Decided, CarryingOut, 4),
                (CarryingOut, CarryingOut, 5),
                (CarryingOut, Finished, 6),
                (Finished, Published, 7)
            ]
        );
    }

    #[test]
    fn jumps_and_incomplete_decisions_are_refused_and_change_nothing() {
        let mut i = item();
        let before = i.clone();
        assert_eq!(
            i.advance(AgendaState::Finished, "", "w", 1, 1)
                .unwrap_err()
                .0,
            "this agenda item is proposed; it can go next only to accepted or not accepted"
        );
        assert_eq!(
            i.advance(AgendaState::Rejected, " ", "w", 1, 1)
                .unwrap_err()
                .0,
            "an item not accepted needs the reason; give it with --reason"
        );
        assert_eq!(i, before);
        i.advance(AgendaState::Rejected, "不属于社区事务", "w", 1, 1)
            .unwrap();
        assert_eq!(
            i.advance(AgendaState::Accepted, "", "w", 1, 1)
                .unwrap_err()
                .0,
            "this agenda item is not accepted; it cannot move any further"
        );
    }

    #[test]
    fn names_are_read_in_either_language() {
        assert_eq!(AgendaKind::parse("红色物业"), Some(AgendaKind::RedProperty));
        assert_eq!(AgendaKind::parse("joint"), Some(AgendaKind::Joint));
        assert_eq!(MeetingKind::parse("council"), Some(MeetingKind::Council));
        assert_eq!(
            AgendaState::parse("carry-out"),
            Some(AgendaState::CarryingOut)
        );
        assert_eq!(AgendaState::parse("不予受理"), Some(AgendaState::Rejected));
        assert_eq!(AgendaState::parse("nope"), None);
    }
}

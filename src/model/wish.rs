//! Small wishes (微心愿): what a household wishes for, and its way from 待认领 through
//! 已认领/已派单 and 已实现 to 已回访 (or 已关闭), with who moved it, when and why.

use serde::{Deserialize, Serialize};

use super::time::{Day, Instant};
use super::{Id, Invalid};

/// 心愿类别
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum WishCategory {
    /// 物资
    Goods,
    /// 探访陪护
    Company,
    /// 维修
    Repair,
    /// 就业就学
    WorkSchool,
    /// 政策咨询
    PolicyAdvice,
    /// 其他
    Other,
}

impl WishCategory {
    pub const ALL: [WishCategory; 6] = [
        WishCategory::Goods,
        WishCategory::Company,
        WishCategory::Repair,
        WishCategory::WorkSchool,
        WishCategory::PolicyAdvice,
        WishCategory::Other,
    ];

    pub fn zh(self) -> &'static str {
        match self {
            WishCategory::Goods => "物资",
            WishCategory::Company => "探访陪护",
            WishCategory::Repair => "维修",
            WishCategory::WorkSchool => "就业就学",
            WishCategory::PolicyAdvice => "政策咨询",
            WishCategory::Other => "其他",
        }
    }

    pub fn en(self) -> &'static str {
        match self {
            WishCategory::Goods => "goods",
            WishCategory::Company => "visits and company",
            WishCategory::Repair => "repairs",
            WishCategory::WorkSchool => "work and school",
            WishCategory::PolicyAdvice => "policy advice",
            WishCategory::Other => "other",
        }
    }

    /// The category named in either language (case and spacing aside).
    pub fn parse(text: &str) -> Option<WishCategory> {
        let t = text.trim().to_lowercase();
        Self::ALL
            .into_iter()
            .find(|c| c.zh() == t || c.en() == t || c.en().split(' ').next() == Some(t.as_str()))
    }
}

/// 心愿状态
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum WishState {
    /// 待认领
    Open,
    /// 已认领
    Claimed,
    /// 已派单
    Dispatched,
    /// 已实现
    Done,
    /// 已回访
    Reviewed,
    /// 已关闭
    Closed,
}

impl WishState {
    pub const ALL: [WishState; 6] = [
        WishState::Open,
        WishState::Claimed,
        WishState::Dispatched,
        WishState::Done,
        WishState::Reviewed,
        WishState::Closed,
    ];

    pub fn zh(self) -> &'static str {
        match self {
            WishState::Open => "待认领",
            WishState::Claimed => "已认领",
            WishState::Dispatched => "已派单",
            WishState::Done => "已实现",
            WishState::Reviewed => "已回访",
            WishState::Closed => "已关闭",
        }
    }

    pub fn en(self) -> &'static str {
        match self {
            WishState::Open => "waiting to be claimed",
            WishState::Claimed => "claimed",
            WishState::Dispatched => "dispatched",
            WishState::Done => "fulfilled",
            WishState::Reviewed => "reviewed",
            WishState::Closed => "closed",
        }
    }

    /// The state named in either language, or by its one-word English name (`open`,
    /// `claimed`, `dispatched`, `fulfilled` or `done`, `reviewed`, `closed`).
    pub fn parse(text: &str) -> Option<WishState> {
        let t = text.trim().to_lowercase();
        match t.as_str() {
            "open" => return Some(WishState::Open),
            "done" => return Some(WishState::Done),
            _ => {}
        }
        Self::ALL.into_iter().find(|s| s.zh() == t || s.en() == t)
    }

    /// Still to be fulfilled: waiting, claimed or dispatched.
    pub fn is_open(self) -> bool {
        matches!(
            self,
            WishState::Open | WishState::Claimed | WishState::Dispatched
        )
    }
}

/// Where a wish came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum WishSource {
    /// Heard at a visit.
    Visit(Id),
    /// Said by a resident.
    Resident(Id),
    /// Passed on by a building captain.
    Captain(Id),
    /// Written down by staff.
    Staff,
}

/// One change of a wish's state: who wrote it, when, the state it moved to, and the note
/// (for a claim or dispatch, the name of who took it on).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WishStep {
    pub at: Instant,
    pub by: String,
    pub to: WishState,
    pub note: String,
}

/// 微心愿: something a household wishes for, to be taken on by a member or unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Wish {
    pub id: Id,
    pub household: Id,
    pub text: String,
    pub category: WishCategory,
    pub source: WishSource,
    pub raised: Day,
    pub due: Option<Day>,
    /// Shown with its address only to staff whose scope covers the household.
    pub private: bool,
    pub state: WishState,
    /// Who claimed it or was dispatched to it (a member's or unit's name), while they have it.
    pub taker: Option<String>,
    /// 满意度 1–5, once reviewed.
    pub satisfaction: Option<u8>,
    /// Every change of state, oldest first.
    pub history: Vec<WishStep>,
}

/// A change asked of a wish.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum WishMove {
    /// 认领: a member or unit takes it on.
    Claim { by: String },
    /// 派单: staff hand it to a member or unit.
    Dispatch { to: String },
    /// 已实现, with what was done.
    Done { note: String },
    /// 回访, with the household's satisfaction 1–5.
    Review { satisfaction: u8, note: String },
    /// 关闭, with the reason.
    Close { reason: String },
    /// The claim or dispatch given back: 待认领 again.
    Cancel { reason: String },
}

impl Wish {
    /// A new wish, waiting to be claimed.
    pub fn new(
        household: Id,
        text: &str,
        category: WishCategory,
        source: WishSource,
        raised: Day,
    ) -> Wish {
        Wish {
            id: 0,
            household,
            text: text.trim().to_string(),
            category,
            source,
            raised,
            due: None,
            private: false,
            state: WishState::Open,
            taker: None,
            satisfaction: None,
            history: Vec::new(),
        }
    }

    pub fn validate(&self) -> Result<(), Invalid> {
        if self.text.trim().is_empty() {
            return Err(Invalid::new(
                "a wish needs its text; say in a few words what the household wishes for",
            ));
        }
        if self.text.chars().count() > 500 {
            return Err(Invalid::new(
                "the wish is longer than 500 characters; shorten it",
            ));
        }
        if self.due.is_some_and(|d| d < self.raised) {
            return Err(Invalid::new(
                "the due day is before the day the wish was raised; pick a later day",
            ));
        }
        Ok(())
    }

    /// Past its due day and not yet fulfilled.
    pub fn is_overdue(&self, today: Day) -> bool {
        self.state.is_open() && self.due.is_some_and(|d| d < today)
    }

    fn step(&mut self, to: WishState, by: &str, at: Instant, note: &str) {
        self.state = to;
        self.history.push(WishStep {
            at,
            by: by.to_string(),
            to,
            note: note.trim().to_string(),
        });
    }

    fn refuse(&self, only: &str) -> Result<(), Invalid> {
        Err(Invalid::new(format!(
            "this wish is {}; {only}",
            self.state.en()
        )))
    }

    fn taken_by(name: &str) -> Result<&str, Invalid> {
        match name.trim() {
            "" => Err(Invalid::new(
                "say who takes the wish on: a member's or a unit's name",
            )),
            n => Ok(n),
        }
    }

    /// 认领: a member or unit named `name` takes on a waiting wish.
    pub fn claim(&mut self, name: &str, by: &str, at: Instant) -> Result<(), Invalid> {
        if self.state != WishState::Open {
            return self.refuse("only a wish waiting to be claimed can be claimed or dispatched");
        }
        let name = Self::taken_by(name)?.to_string();
        self.taker = Some(name.clone());
        self.step(WishState::Claimed, by, at, &name);
        Ok(())
    }

    /// 派单: staff hand a waiting wish to the member or unit named `to`.
    pub fn dispatch(&mut self, to: &str, by: &str, at: Instant) -> Result<(), Invalid> {
        if self.state != WishState::Open {
            return self.refuse("only a wish waiting to be claimed can be claimed or dispatched");
        }
        let to = Self::taken_by(to)?.to_string();
        self.taker = Some(to.clone());
        self.step(WishState::Dispatched, by, at, &to);
        Ok(())
    }

    /// 已实现: a claimed or dispatched wish is fulfilled; the note says what was done.
    pub fn done(&mut self, note: &str, by: &str, at: Instant) -> Result<(), Invalid> {
        if !matches!(self.state, WishState::Claimed | WishState::Dispatched) {
            return self.refuse("only a claimed or dispatched wish can be marked fulfilled");
        }
        if note.trim().is_empty() {
            return Err(Invalid::new(
                "say what was done before marking the wish fulfilled",
            ));
        }
        self.step(WishState::Done, by, at, note);
        Ok(())
    }

    /// 回访: the household, asked after a fulfilled wish, is satisfied 1 to 5.
    pub fn review(
        &mut self,
        satisfaction: u8,
        note: &str,
        by: &str,
        at: Instant,
    ) -> Result<(), Invalid> {
        if self.state != WishState::Done {
            return self.refuse("only a fulfilled wish can be reviewed");
        }
        if !(1..=5).contains(&satisfaction) {
            return Err(Invalid::new(
                "satisfaction is a number from 1 (not at all) to 5 (fully satisfied)",
            ));
        }
        self.satisfaction = Some(satisfaction);
        self.step(WishState::Reviewed, by, at, note);
        Ok(())
    }

    /// 关闭: a wish not yet fulfilled will not be, for the reason given.
    pub fn close(&mut self, reason: &str, by: &str, at: Instant) -> Result<(), Invalid> {
        if !self.state.is_open() {
            return self.refuse("only a wish not yet fulfilled can be closed");
        }
        if reason.trim().is_empty() {
            return Err(Invalid::new("say why the wish is closed"));
        }
        self.step(WishState::Closed, by, at, reason);
        Ok(())
    }

    /// The claim or dispatch is given back, for the reason given: the wish waits again.
    pub fn cancel(&mut self, reason: &str, by: &str, at: Instant) -> Result<(), Invalid> {
        if !matches!(self.state, WishState::Claimed | WishState::Dispatched) {
            return self.refuse("only a claimed or dispatched wish can be given back");
        }
        if reason.trim().is_empty() {
            return Err(Invalid::new("say why the wish is given back"));
        }
        self.taker = None;
        self.step(WishState::Open, by, at, reason);
        Ok(())
    }

    /// Makes the move asked, or refuses it with one sentence and changes nothing.
    pub fn apply(&mut self, m: &WishMove, by: &str, at: Instant) -> Result<(), Invalid> {
        // Every step's text is kept in the history: none may make the wish outgrow a record.
        let (WishMove::Claim { by: text }
        | WishMove::Dispatch { to: text }
        | WishMove::Done { note: text }
        | WishMove::Review { note: text, .. }
        | WishMove::Close { reason: text }
        | WishMove::Cancel { reason: text }) = m;
        check_note(text)?;
        match m {
            WishMove::Claim { by: name } => self.claim(name, by, at),
            WishMove::Dispatch { to } => self.dispatch(to, by, at),
            WishMove::Done { note } => self.done(note, by, at),
            WishMove::Review { satisfaction, note } => self.review(*satisfaction, note, by, at),
            WishMove::Close { reason } => self.close(reason, by, at),
            WishMove::Cancel { reason } => self.cancel(reason, by, at),
        }
    }
}

/// A note kept in a history (a wish's, an agenda item's): at most 500 characters.
pub fn check_note(text: &str) -> Result<(), Invalid> {
    if text.trim().chars().count() > 500 {
        return Err(Invalid::new(
            "the note is longer than 500 characters; shorten it",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wish() -> Wish {
        Wish::new(7, "换个灯泡", WishCategory::Repair, WishSource::Staff, 100)
    }

    #[test]
    fn a_wish_goes_from_waiting_to_reviewed_with_its_history() {
        let mut w = wish();
        w.dispatch("党员志愿服务队", "wang", 10).unwrap();
        assert_eq!(w.taker.as_deref(), Some("党员志愿服务队"));
        w.done("换好了", "wang", 20).unwrap();
        w.review(5, "很满意", "li", 30).unwrap();
        assert_eq!(w.state, WishState::Reviewed);
        assert_eq!(w.satisfaction, Some(5));
        let states: Vec<_> = w
            .history
            .iter()
            .map(|s| (s.to, s.by.as_str(), s.at))
            .collect();
        assert_eq!(
            states,
            vec![
                (WishState::Dispatched, "wang", 10),
                (WishState::Done, "wang", 20),
                (WishState::Reviewed, "li", 30)
            ]
        );
    }

    #[test]
    fn a_claim_given_back_waits_again_and_can_be_claimed_anew() {
        let mut w = wish();
        w.claim("张党员", "wang", 1).unwrap();
        w.cancel("临时出差", "wang", 2).unwrap();
        assert_eq!((w.state, w.taker.clone()), (WishState::Open, None));
        w.claim("李党员", "wang", 3).unwrap();
        w.done("已送到", "wang", 4).unwrap();
        assert_eq!(w.state, WishState::Done);
        assert_eq!(w.history.len(), 4);
    }

    #[test]
    fn impossible_moves_are_refused_with_one_sentence_and_change_nothing() {
        let mut w = wish();
        let before = w.clone();
        let e = w.done("x", "wang", 1).unwrap_err();
        assert_eq!(
            e.0,
            "this wish is waiting to be claimed; only a claimed or dispatched wish can be marked fulfilled"
        );
        assert_eq!(
            w.review(3, "", "wang", 1).unwrap_err().0,
            "this wish is waiting to be claimed; only a fulfilled wish can be reviewed"
        );
        assert_eq!(
            w.cancel("x", "wang", 1).unwrap_err().0,
            "this wish is waiting to be claimed; only a claimed or dispatched wish can be given back"
        );
        assert_eq!(
            w.claim(" ", "wang", 1).unwrap_err().0,
            "say who takes the wish on: a member's or a unit's name"
        );
        assert_eq!(w, before);
        w.claim("张", "wang", 1).unwrap();
        assert_eq!(
            w.dispatch("李", "wang", 1).unwrap_err().0,
            "this wish is claimed; only a wish waiting to be claimed can be claimed or dispatched"
        );
        assert_eq!(
            w.done(" ", "wang", 1).unwrap_err().0,
            "say what was done before marking the wish fulfilled"
        );
        w.done("好了", "wang", 2).unwrap();
        assert_eq!(
            w.review(6, "", "wang", 3).unwrap_err().0,
            "satisfaction is a number from 1 (not at all) to 5 (fully satisfied)"
        );
        assert_eq!(
            w.close("x", "wang", 3).unwrap_err().0,
            "this wish is fulfilled; only a wish not yet fulfilled can be closed"
        );
    }

    #[test]
    fn a_closed_wish_stays_closed_and_needs_a_reason() {
        let mut w = wish();
        assert_eq!(
            w.close("", "wang", 1).unwrap_err().0,
            "say why the wish is closed"
        );
        w.close("住户已搬走", "wang", 1).unwrap();
        assert_eq!(w.state, WishState::Closed);
        assert!(w.claim("张", "wang", 2).is_err());
        assert!(w.close("再关", "wang", 2).is_err());
        assert!(!w.is_overdue(1000));
    }

    #[test]
    fn overdue_means_past_due_and_not_yet_fulfilled() {
        let mut w = wish();
        assert!(!w.is_overdue(1000));
        w.due = Some(110);
        assert!(!w.is_overdue(110));
        assert!(w.is_overdue(111));
    }

    #[test]
    fn names_are_read_in_either_language() {
        assert_eq!(WishCategory::parse("维修"), Some(WishCategory::Repair));
        assert_eq!(
            WishCategory::parse("Policy"),
            Some(WishCategory::PolicyAdvice)
        );
        assert_eq!(WishCategory::parse("goods"), Some(WishCategory::Goods));
        assert_eq!(WishState::parse("已派单"), Some(WishState::Dispatched));
        assert_eq!(WishState::parse("open"), Some(WishState::Open));
        assert_eq!(WishState::parse("done"), Some(WishState::Done));
        assert_eq!(WishState::parse("nope"), None);
    }
}

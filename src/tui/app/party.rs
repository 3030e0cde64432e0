//! The 微心愿 board (filters, and one key per change of a wish's state, each asking its one
//! line: a name, a note, a reason or a satisfaction) and the party coverage view.

use tui_input::Input;

use super::{App, Overlay, Screen};
use crate::api::party::PartyCoverage;
use crate::api::wishes::{
    CancelWish, ClaimWish, CloseWish, DispatchWish, ReviewWish, WishDone, WishLine, Wishes,
};
use crate::api::Reply;
use crate::model::time::Day;
use crate::model::{Id, WishCategory, WishState};
use crate::tui::action::Action;
use crate::tui::i18n::Lang;
use crate::tui::worker::Request;

/// Which of the board's filters ←/→ change; tab moves to the next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WishFilter {
    State,
    Grid,
    Category,
    Overdue,
}

impl WishFilter {
    const ALL: [WishFilter; 4] = [
        WishFilter::State,
        WishFilter::Grid,
        WishFilter::Category,
        WishFilter::Overdue,
    ];
}

pub struct WishBoard {
    /// Every wish in the caller's scope, once read; the filters pick from these.
    pub lines: Option<Vec<WishLine>>,
    pub state: Option<WishState>,
    pub grid: Option<Id>,
    pub category: Option<WishCategory>,
    pub overdue: bool,
    /// The filter ←/→ change.
    pub focus: WishFilter,
    pub cursor: usize,
}

impl WishBoard {
    pub fn shown(&self, today: Day) -> Vec<&WishLine> {
        self.lines
            .iter()
            .flatten()
            .filter(|l| {
                self.state.is_none_or(|s| s == l.wish.state)
                    && self.grid.is_none_or(|g| g == l.grid)
                    && self.category.is_none_or(|c| c == l.wish.category)
                    && (!self.overdue || l.wish.is_overdue(today))
            })
            .collect()
    }

    /// The grids the wishes are in, in the order first met.
    pub fn grids(&self) -> Vec<Id> {
        let mut out: Vec<Id> = Vec::new();
        for l in self.lines.iter().flatten() {
            if !out.contains(&l.grid) {
                out.push(l.grid);
            }
        }
        out
    }
}

/// What the one-line question on a wish is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WishAsk {
    Dispatch,
    Claim,
    Done,
    Review,
    Close,
    Cancel,
}

impl WishAsk {
    /// The question, in the interface's language.
    pub fn prompt(self, l: Lang) -> &'static str {
        match self {
            WishAsk::Dispatch => {
                l.pick("派单给（党员或单位名称）", "Dispatch to (a member or unit)")
            }
            WishAsk::Claim => l.pick("认领人（党员或单位名称）", "Claimed by (a member or unit)"),
            WishAsk::Done => l.pick("已实现：做了什么", "Fulfilled: what was done"),
            WishAsk::Review => l.pick(
                "回访：满意度 1–5 和说明，如 5 很满意",
                "Review: satisfaction 1-5 and a note, e.g. 5 very glad",
            ),
            WishAsk::Close => l.pick("关闭原因", "Why it is closed"),
            WishAsk::Cancel => l.pick("撤销认领的原因", "Why the claim is given back"),
        }
    }
}

/// The coverage view's lines: the counts, then what is missing, then each 中心户.
pub fn coverage_lines(l: Lang, c: &crate::store::party::PartyCoverage) -> Vec<String> {
    let mut out = vec![match l {
        Lang::Zh => format!(
            "网格 {} 个，无党小组 {} 个；楼栋 {} 栋，无中心户 {} 栋；中心户 {} 户",
            c.grids,
            c.grids_without_group.len(),
            c.buildings,
            c.buildings_without_central.len(),
            c.households_per_central.len()
        ),
        Lang::En => format!(
            "{} grids, {} without a party group; {} buildings, {} without a 中心户; {} 中心户",
            c.grids,
            c.grids_without_group.len(),
            c.buildings,
            c.buildings_without_central.len(),
            c.households_per_central.len()
        ),
    }];
    out.push(String::new());
    out.push(
        l.pick("没有党小组的网格", "Grids without a party group")
            .into(),
    );
    if c.grids_without_group.is_empty() {
        out.push(format!("  {}", l.pick("（无）", "(none)")));
    }
    out.extend(c.grids_without_group.iter().map(|g| format!("  {g}")));
    out.push(String::new());
    out.push(
        l.pick("没有中心户的楼栋", "Buildings without a 中心户")
            .into(),
    );
    if c.buildings_without_central.is_empty() {
        out.push(format!("  {}", l.pick("（无）", "(none)")));
    }
    out.extend(
        c.buildings_without_central
            .iter()
            .map(|(community, n)| match l {
                Lang::Zh => format!("  {community} {n}号楼"),
                Lang::En => format!("  {community} building {n}"),
            }),
    );
    out.push(String::new());
    out.push(
        l.pick("每个中心户联系的户数", "Households per 中心户")
            .into(),
    );
    if c.households_per_central.is_empty() {
        out.push(format!("  {}", l.pick("（无）", "(none)")));
    }
    out.extend(c.households_per_central.iter().map(|(a, n)| match l {
        Lang::Zh => format!("  {a}  联系 {n} 户"),
        Lang::En => format!("  {a}  {n} households"),
    }));
    out
}

impl App {
    /// The short name of an action in the status bar's key hints, in the words of the
    /// screen in view: on the wish board `x` is 已实现, as help and the wish's state say.
    pub fn action_hint(&self, action: Action) -> &'static str {
        match (&self.screen, action) {
            (Screen::Wishes(_), Action::Done) => {
                self.lang.pick(WishState::Done.zh(), WishState::Done.en())
            }
            _ => self.lang.action_short(action),
        }
    }

    pub(super) fn open_wishes(&mut self) -> Vec<Request> {
        self.screen = Screen::Wishes(WishBoard {
            lines: None,
            state: None,
            grid: None,
            category: None,
            overdue: false,
            focus: WishFilter::State,
            cursor: 0,
        });
        self.load_wishes()
    }

    pub(super) fn load_wishes(&mut self) -> Vec<Request> {
        let req = self.ask(Wishes::default());
        self.party_list = req.id;
        vec![req]
    }

    pub(super) fn open_coverage(&mut self) -> Vec<Request> {
        self.screen = Screen::Coverage(None, 0);
        self.load_coverage()
    }

    pub(super) fn load_coverage(&mut self) -> Vec<Request> {
        let req = self.ask(PartyCoverage);
        self.party_list = req.id;
        vec![req]
    }

    /// The board's list or the coverage figures arrived.
    pub(super) fn party_loaded(&mut self, reply: Reply) -> Vec<Request> {
        let today = self.today;
        match (reply, &mut self.screen) {
            (Reply::Wishes(lines), Screen::Wishes(b)) => {
                b.lines = Some(*lines);
                b.cursor = b.cursor.min(b.shown(today).len().saturating_sub(1));
            }
            (Reply::PartyCoverage(c), Screen::Coverage(slot, _)) => *slot = Some(*c),
            _ => {}
        }
        Vec::new()
    }

    /// ←/→ change the focused filter, tab and shift-tab pick another.
    pub(super) fn wish_filter(&mut self, action: Action) -> Vec<Request> {
        let Screen::Wishes(b) = &mut self.screen else {
            return Vec::new();
        };
        fn step<T: Copy + PartialEq>(all: &[Option<T>], now: Option<T>, fwd: bool) -> Option<T> {
            let n = all.len();
            let i = all.iter().position(|x| *x == now).unwrap_or(0);
            all[if fwd { (i + 1) % n } else { (i + n - 1) % n }]
        }
        let fwd = matches!(action, Action::MoveRight | Action::NextPane);
        if matches!(action, Action::NextPane | Action::PrevPane) {
            let i = WishFilter::ALL
                .iter()
                .position(|f| *f == b.focus)
                .unwrap_or(0);
            let n = WishFilter::ALL.len();
            b.focus = WishFilter::ALL[if fwd { (i + 1) % n } else { (i + n - 1) % n }];
            return Vec::new();
        }
        match b.focus {
            WishFilter::State => {
                let all: Vec<Option<WishState>> = std::iter::once(None)
                    .chain(WishState::ALL.map(Some))
                    .collect();
                b.state = step(&all, b.state, fwd);
            }
            WishFilter::Grid => {
                let all: Vec<Option<Id>> = std::iter::once(None)
                    .chain(b.grids().into_iter().map(Some))
                    .collect();
                b.grid = step(&all, b.grid, fwd);
            }
            WishFilter::Category => {
                let all: Vec<Option<WishCategory>> = std::iter::once(None)
                    .chain(WishCategory::ALL.map(Some))
                    .collect();
                b.category = step(&all, b.category, fwd);
            }
            WishFilter::Overdue => b.overdue = !b.overdue,
        }
        b.cursor = 0;
        Vec::new()
    }

    fn selected_wish(&self) -> Option<&crate::model::Wish> {
        match &self.screen {
            Screen::Wishes(b) => b.shown(self.today).get(b.cursor).map(|l| &l.wish),
            _ => None,
        }
    }

    /// A key on a wish: the line it needs is asked for, if the wish is where that key goes.
    pub(super) fn start_wish(&mut self, ask: WishAsk) -> Vec<Request> {
        let Some(w) = self.selected_wish() else {
            return Vec::new();
        };
        let fits = match ask {
            WishAsk::Dispatch | WishAsk::Claim => w.state == WishState::Open,
            WishAsk::Done | WishAsk::Cancel => {
                matches!(w.state, WishState::Claimed | WishState::Dispatched)
            }
            WishAsk::Review => w.state == WishState::Done,
            WishAsk::Close => w.state.is_open(),
        };
        if !fits {
            let state = w.state;
            let (zh, en) = match ask {
                WishAsk::Dispatch | WishAsk::Claim => (
                    "只有待认领的心愿可以派单或认领",
                    "only a wish waiting to be claimed can be dispatched or claimed",
                ),
                WishAsk::Done => (
                    "只有已认领或已派单的心愿可以标为已实现",
                    "only a claimed or dispatched wish can be marked fulfilled",
                ),
                WishAsk::Cancel => (
                    "只有已认领或已派单的心愿可以撤销认领",
                    "only a claimed or dispatched wish can be given back",
                ),
                WishAsk::Review => (
                    "只有已实现的心愿可以回访",
                    "only a fulfilled wish can be reviewed",
                ),
                WishAsk::Close => (
                    "只有还没实现的心愿可以关闭",
                    "only a wish not yet fulfilled can be closed",
                ),
            };
            self.say(
                &format!("这个心愿{}：{zh}", state.zh()),
                &format!("This wish is {}: {en}", state.en()),
            );
            return Vec::new();
        }
        self.overlay = Overlay::Wish {
            wish: w.id,
            ask,
            input: Input::default(),
        };
        Vec::new()
    }

    /// Enter on the question: the change is asked of the store; an empty line, or a
    /// satisfaction that is not 1–5, is said at once instead (the question closes so the
    /// sentence shows on the status line).
    pub(super) fn confirm_wish(&mut self) -> Vec<Request> {
        let Overlay::Wish { wish, ask, input } = &self.overlay else {
            return Vec::new();
        };
        let (wish, ask) = (*wish, *ask);
        let text = input.value().trim().to_string();
        if text.is_empty() {
            let (zh, en) = match ask {
                WishAsk::Dispatch | WishAsk::Claim => (
                    "请写上党员或单位的名称",
                    "write a member's or a unit's name",
                ),
                WishAsk::Done => ("请写上做了什么", "say what was done"),
                WishAsk::Review => (
                    "请写满意度 1–5，可加说明",
                    "give the satisfaction 1-5, and a note if you like",
                ),
                WishAsk::Close => ("请写上关闭的原因", "say why the wish is closed"),
                WishAsk::Cancel => ("请写上撤销的原因", "say why the claim is given back"),
            };
            // The question gives way to the sentence; the key asks it again.
            self.overlay = Overlay::None;
            self.say(zh, en);
            return Vec::new();
        }
        let req = match ask {
            WishAsk::Dispatch => self.ask(DispatchWish { wish, to: text }),
            WishAsk::Claim => self.ask(ClaimWish { wish, by: text }),
            WishAsk::Done => self.ask(WishDone { wish, note: text }),
            WishAsk::Close => self.ask(CloseWish { wish, reason: text }),
            WishAsk::Cancel => self.ask(CancelWish { wish, reason: text }),
            WishAsk::Review => {
                let (n, note) = text.split_once(' ').unwrap_or((&text, ""));
                match n.parse::<u8>().ok().filter(|n| (1..=5).contains(n)) {
                    Some(satisfaction) => self.ask(ReviewWish {
                        wish,
                        satisfaction,
                        note: note.trim().to_string(),
                    }),
                    None => {
                        self.overlay = Overlay::None;
                        self.say(
                            "满意度是 1 到 5 的数字，写在最前面，如 5 很满意",
                            "satisfaction is a number 1 to 5, first, as in 5 very glad",
                        );
                        return Vec::new();
                    }
                }
            }
        };
        self.overlay = Overlay::None;
        self.wish_call = req.id;
        vec![req]
    }

    /// A change of a wish went through: said on the status line, the board read again.
    pub(super) fn wish_moved(&mut self, reply: Reply) -> Vec<Request> {
        self.wish_call = 0;
        let w = match reply {
            Reply::DispatchWish(w)
            | Reply::ClaimWish(w)
            | Reply::WishDone(w)
            | Reply::ReviewWish(w)
            | Reply::CloseWish(w)
            | Reply::CancelWish(w) => w,
            _ => return Vec::new(),
        };
        let text = crate::tui::view::fit(&w.text, 24);
        match (&w.taker, w.state) {
            (Some(t), WishState::Claimed | WishState::Dispatched) => self.say(
                &format!("“{text}”{}：{t}", w.state.zh()),
                &format!("“{text}” {}: {t}", w.state.en()),
            ),
            _ => self.say(
                &format!("“{text}”{}", w.state.zh()),
                &format!("“{text}” is {}", w.state.en()),
            ),
        }
        self.reload_list()
    }
}

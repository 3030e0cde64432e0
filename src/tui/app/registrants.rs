//! The 双报到 screen: the service posts (claimed against capacity, 开放/满额/关闭, filtered by
//! grid) above the registrants (members and units, their posts and hours this quarter), and
//! one key per change – a claim, its end, a service, a post closed – each asking its one line.

use tui_input::Input;

use super::{App, Overlay, Screen};
use crate::api::registrants::{ClaimPost, ClosePost, EndClaim, LogService, Posts, Registrants};
use crate::api::Reply;
use crate::model::registrant::{parse_hours, RegistrantState, ServiceRecord};
use crate::model::Id;
use crate::store::registrants::{PostRow, RegistrantRow};
use crate::tui::action::Action;
use crate::tui::i18n::Lang;
use crate::tui::worker::Request;

/// Which list the cursor keys move in; tab goes to the other.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegPane {
    Posts,
    Registrants,
}

pub struct RegistrantBoard {
    /// Every post in the caller's scope, once read; the grid filter picks from these.
    pub posts: Option<Vec<PostRow>>,
    pub people: Option<Vec<RegistrantRow>>,
    /// The grid the posts are filtered by (None: all).
    pub grid: Option<Id>,
    pub pane: RegPane,
    pub post_cursor: usize,
    pub reg_cursor: usize,
    /// The registrant to put the cursor on once the list arrives (from a search).
    pub select: Option<Id>,
}

impl RegistrantBoard {
    pub fn shown_posts(&self) -> Vec<&PostRow> {
        self.posts
            .iter()
            .flatten()
            .filter(|p| self.grid.is_none_or(|g| g == p.post.grid))
            .collect()
    }

    /// The grids of the posts, in the order first met, with their names.
    pub fn grids(&self) -> Vec<(Id, String)> {
        let mut out: Vec<(Id, String)> = Vec::new();
        for p in self.posts.iter().flatten() {
            if !out.iter().any(|(g, _)| *g == p.post.grid) {
                out.push((p.post.grid, p.grid.clone()));
            }
        }
        out
    }

    fn post(&self) -> Option<&PostRow> {
        self.shown_posts().get(self.post_cursor).copied()
    }

    fn person(&self) -> Option<&RegistrantRow> {
        self.people.as_ref().and_then(|p| p.get(self.reg_cursor))
    }

    /// The focused list's length.
    pub(super) fn len(&self) -> usize {
        match self.pane {
            RegPane::Posts => self.shown_posts().len(),
            RegPane::Registrants => self.people.as_ref().map_or(0, Vec::len),
        }
    }

    pub(super) fn cursor_mut(&mut self) -> &mut usize {
        match self.pane {
            RegPane::Posts => &mut self.post_cursor,
            RegPane::Registrants => &mut self.reg_cursor,
        }
    }
}

/// What the one-line question on the 双报到 screen is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegAsk {
    /// A registrant, by name, claims the post.
    Claim,
    /// A holder's claim on the post ends: her name.
    EndClaim,
    /// A service: the registrant's name, the hours and what was done.
    Service,
    /// The post is closed: Enter confirms.
    ClosePost,
}

impl RegAsk {
    pub fn prompt(self, l: Lang) -> &'static str {
        match self {
            RegAsk::Claim => l.pick("认领人（党员或单位名称）", "Claimed by (member or unit)"),
            RegAsk::EndClaim => l.pick("结束谁的认领（名称）", "End whose claim (name)"),
            RegAsk::Service => l.pick(
                "服务：名称 小时 内容，如 张三 2 楼道清洁",
                "Service: name hours what, e.g. 张三 2 cleaning",
            ),
            RegAsk::ClosePost => l.pick("关闭这个岗位？回车确认", "Close this post? Enter"),
        }
    }
}

/// The request ids the screen waits for.
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct RegCalls {
    posts: u64,
    people: u64,
    write: u64,
}

impl RegCalls {
    pub(super) fn waits_for(&self, id: u64) -> bool {
        id != 0 && (id == self.posts || id == self.people || id == self.write)
    }
}

impl App {
    /// Opens the screen; `select` puts the cursor on a registrant once she is read.
    pub(super) fn open_registrants(&mut self, select: Option<Id>) -> Vec<Request> {
        self.screen = Screen::Registrants(RegistrantBoard {
            posts: None,
            people: None,
            grid: None,
            pane: if select.is_some() {
                RegPane::Registrants
            } else {
                RegPane::Posts
            },
            post_cursor: 0,
            reg_cursor: 0,
            select,
        });
        self.load_registrants()
    }

    pub(super) fn load_registrants(&mut self) -> Vec<Request> {
        let posts = self.ask(Posts);
        let people = self.ask(Registrants { day: self.today });
        self.reg_calls.posts = posts.id;
        self.reg_calls.people = people.id;
        vec![posts, people]
    }

    /// A list arrived, or a change went through (said, and the lists read again).
    pub(super) fn registrants_replied(&mut self, id: u64, reply: Reply) -> Vec<Request> {
        if id == self.reg_calls.write {
            self.reg_calls.write = 0;
            let said = match &reply {
                Reply::ClaimPost(_) => Some(("已认领", "Claimed")),
                Reply::EndClaim(_) => Some(("认领已结束", "The claim ended")),
                Reply::LogService(_) => Some(("服务已记录", "Service logged")),
                Reply::ClosePost(_) => Some(("岗位已关闭", "The post is closed")),
                _ => None,
            };
            if let Some((zh, en)) = said {
                self.say(zh, en);
            }
            return self.reload_list();
        }
        let Screen::Registrants(b) = &mut self.screen else {
            return Vec::new();
        };
        match reply {
            Reply::Posts(rows) => {
                b.posts = Some(*rows);
                b.post_cursor = b.post_cursor.min(b.shown_posts().len().saturating_sub(1));
            }
            Reply::Registrants(rows) => {
                if let Some(at) = b
                    .select
                    .take()
                    .and_then(|s| rows.iter().position(|r| r.registrant.id == s))
                {
                    b.reg_cursor = at;
                }
                b.reg_cursor = b.reg_cursor.min(rows.len().saturating_sub(1));
                b.people = Some(*rows);
            }
            _ => {}
        }
        Vec::new()
    }

    /// Keys on the screen besides the cursor: the grid filter, the panes and the changes.
    pub(super) fn registrant_action(&mut self, action: Action) -> Option<Vec<Request>> {
        let Screen::Registrants(b) = &mut self.screen else {
            return None;
        };
        match action {
            Action::NextPane | Action::PrevPane => {
                b.pane = match b.pane {
                    RegPane::Posts => RegPane::Registrants,
                    RegPane::Registrants => RegPane::Posts,
                };
                Some(Vec::new())
            }
            Action::MoveLeft | Action::MoveRight => {
                let all: Vec<Option<Id>> = std::iter::once(None)
                    .chain(b.grids().into_iter().map(|(g, _)| Some(g)))
                    .collect();
                let n = all.len();
                let i = all.iter().position(|g| *g == b.grid).unwrap_or(0);
                let fwd = action == Action::MoveRight;
                b.grid = all[if fwd { (i + 1) % n } else { (i + n - 1) % n }];
                b.post_cursor = 0;
                Some(Vec::new())
            }
            Action::Claim => Some(self.start_reg(RegAsk::Claim)),
            Action::Undo => Some(self.start_reg(RegAsk::EndClaim)),
            Action::Note => Some(self.start_reg(RegAsk::Service)),
            Action::CloseWish => Some(self.start_reg(RegAsk::ClosePost)),
            Action::Open => {
                let h = match b.pane {
                    RegPane::Registrants => b.person().and_then(|p| p.registrant.household()),
                    RegPane::Posts => None,
                };
                Some(match h {
                    Some(h) => vec![self.request(crate::tui::worker::Query::Locate(h))],
                    None => Vec::new(),
                })
            }
            Action::Back => {
                self.screen = Screen::Browse;
                Some(Vec::new())
            }
            _ => None,
        }
    }

    /// A key that changes something: its question, if there is what it works on.
    fn start_reg(&mut self, ask: RegAsk) -> Vec<Request> {
        let Screen::Registrants(b) = &self.screen else {
            return Vec::new();
        };
        let post = b.post().map(|p| (p.post.id, p.state, p.holders.clone()));
        let person = b.person().map(|p| p.registrant.name.clone());
        let pane = b.pane;
        let mut input = Input::default();
        let post_id = match ask {
            RegAsk::Service => {
                if pane == RegPane::Registrants {
                    if let Some(name) = person {
                        input = Input::new(format!("{name} "));
                    }
                    None
                } else {
                    post.as_ref().map(|p| p.0)
                }
            }
            _ => {
                let Some((id, state, holders)) = post.filter(|_| pane == RegPane::Posts) else {
                    self.say(
                        "先在岗位列表里选一个岗位（tab 切换）",
                        "Pick a post in the post list first (tab switches)",
                    );
                    return Vec::new();
                };
                use crate::model::registrant::PostState;
                if state == PostState::Closed {
                    self.say("这个岗位已关闭", "This post is closed");
                    return Vec::new();
                }
                if ask == RegAsk::Claim && state == PostState::Full {
                    self.say(
                        "这个岗位已满额：先结束一个认领",
                        "This post is full: end a claim first",
                    );
                    return Vec::new();
                }
                if ask == RegAsk::EndClaim {
                    match holders.as_slice() {
                        [] => {
                            self.say("这个岗位没有人认领", "Nobody holds this post");
                            return Vec::new();
                        }
                        [one] => input = Input::new(one.clone()),
                        _ => {}
                    }
                }
                Some(id)
            }
        };
        self.overlay = Overlay::Registrant {
            ask,
            post: post_id,
            input,
        };
        Vec::new()
    }

    /// The registered registrant of that name, or a sentence saying there is none.
    fn registrant_named(&mut self, name: &str) -> Option<Id> {
        let Screen::Registrants(b) = &self.screen else {
            return None;
        };
        let found = b
            .people
            .iter()
            .flatten()
            .find(|r| {
                r.registrant.name == name && r.registrant.state == RegistrantState::Registered
            })
            .map(|r| r.registrant.id);
        if found.is_none() {
            let q = crate::model::shown::quote(name);
            self.say(
                &format!("没有名为“{q}”的已报到党员或单位"),
                &format!("No registered member or unit is called “{q}”"),
            );
        }
        found
    }

    /// Enter on the question: the change is asked of the store, or what is wrong is said.
    pub(super) fn confirm_registrant(&mut self) -> Vec<Request> {
        let Overlay::Registrant { ask, post, input } = &self.overlay else {
            return Vec::new();
        };
        let (ask, post) = (*ask, *post);
        let text = input.value().trim().to_string();
        self.overlay = Overlay::None;
        let day = self.today;
        let req = match (ask, post) {
            (RegAsk::ClosePost, Some(post)) => self.ask(ClosePost { post, day }),
            (RegAsk::Claim | RegAsk::EndClaim, Some(post)) => {
                let Some(registrant) = self.registrant_named(&text) else {
                    return Vec::new();
                };
                if ask == RegAsk::Claim {
                    self.ask(ClaimPost {
                        post,
                        registrant,
                        day,
                    })
                } else {
                    self.ask(EndClaim {
                        post,
                        registrant,
                        day,
                    })
                }
            }
            (RegAsk::Service, post) => {
                let mut words = text.splitn(3, char::is_whitespace);
                let (name, hours, what) = (
                    words.next().unwrap_or(""),
                    words.next().unwrap_or(""),
                    words.next().unwrap_or("").trim(),
                );
                let Some(minutes) = parse_hours(hours).filter(|_| !what.is_empty()) else {
                    self.say(
                        "请写 名称 小时 内容，如 张三 2 楼道清洁",
                        "write name, hours and what, as 张三 1.5 cleaning",
                    );
                    return Vec::new();
                };
                let Some(registrant) = self.registrant_named(name) else {
                    return Vec::new();
                };
                self.ask(LogService(ServiceRecord {
                    id: 0,
                    community: 0,
                    registrant,
                    post,
                    day,
                    minutes,
                    what: what.to_string(),
                    confirmed_by: String::new(),
                }))
            }
            _ => return Vec::new(),
        };
        self.reg_calls.write = req.id;
        vec![req]
    }
}

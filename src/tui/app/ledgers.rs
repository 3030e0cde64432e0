//! The 台账 screen's state: which ledger, export or template, for which month and grid (or
//! which campaign and day, for a campaign's ledgers), in which format; Enter asks the worker to fetch the rows through the backend and write the
//! file in this process, as the user at the keyboard, into the user's folder.

use chrono::Months;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::{App, Screen};
use crate::api::campaigns::{CampaignBrief, CampaignList};
use crate::client::tables::{ExportKind, LedgerKind, TableRequest};
use crate::io::sheet::FileFormat;
use crate::model::time::{date_of, Day};
use crate::store::reports::Month;
use crate::tui::action::Action;
use crate::tui::i18n::Lang;
use crate::tui::nav::NodeKind;
use crate::tui::worker::{Query, Request, SheetSource};

/// Something the screen writes: what `gridbook ledger`, `gridbook export` and
/// `gridbook import --template` write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paper {
    Ledger(LedgerKind),
    Export(ExportKind),
    Template,
}

/// A choice besides the paper itself, changed with ←/→.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Month,
    Grid,
    Format,
    /// The campaign of 排查日报 and 排查记录: running ones first, then ended, newest first.
    Campaign,
    /// The day of 排查日报.
    Day,
}

impl Paper {
    pub const ALL: [Paper; 16] = [
        Paper::Ledger(LedgerKind::Visits),
        Paper::Ledger(LedgerKind::Disputes),
        Paper::Ledger(LedgerKind::Daily),
        Paper::Ledger(LedgerKind::Wishes),
        Paper::Ledger(LedgerKind::Party),
        Paper::Ledger(LedgerKind::Service),
        Paper::Ledger(LedgerKind::Agenda),
        Paper::Ledger(LedgerKind::Campaign),
        Paper::Ledger(LedgerKind::Checks),
        Paper::Export(ExportKind::Households),
        Paper::Export(ExportKind::Residents),
        Paper::Export(ExportKind::Visits),
        Paper::Export(ExportKind::Disputes),
        Paper::Export(ExportKind::Followups),
        Paper::Export(ExportKind::Captains),
        Paper::Template,
    ];

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Paper::Ledger(LedgerKind::Visits) => lang.pick("走访台账", "visits ledger"),
            Paper::Ledger(LedgerKind::Disputes) => {
                lang.pick("矛盾纠纷排查调处台账", "disputes ledger")
            }
            Paper::Ledger(LedgerKind::Daily) => lang.pick("民情日志", "daily log"),
            Paper::Ledger(LedgerKind::Agenda) => lang.pick("议事协商台账", "agenda ledger"),
            Paper::Ledger(LedgerKind::Service) => {
                lang.pick("双报到服务台账", "双报到 service ledger")
            }
            Paper::Ledger(LedgerKind::Wishes) => lang.pick("微心愿台账", "small wishes ledger"),
            Paper::Ledger(LedgerKind::Party) => {
                lang.pick("党员联户台账", "party households ledger")
            }
            Paper::Ledger(LedgerKind::Campaign) => lang.pick("排查日报", "campaign daily report"),
            Paper::Ledger(LedgerKind::Checks) => lang.pick("排查记录", "campaign checks"),
            Paper::Export(ExportKind::Households) => lang.pick("导出：住户", "export: households"),
            Paper::Export(ExportKind::Residents) => lang.pick("导出：居民", "export: residents"),
            Paper::Export(ExportKind::Visits) => lang.pick("导出：走访记录", "export: visits"),
            Paper::Export(ExportKind::Disputes) => lang.pick("导出：纠纷", "export: disputes"),
            Paper::Export(ExportKind::Followups) => lang.pick("导出：待办", "export: follow-ups"),
            Paper::Export(ExportKind::Captains) => lang.pick("导出：楼长", "export: captains"),
            Paper::Template => lang.pick("花名册导入模板", "roster import template"),
        }
    }

    /// The start of the file's name; the sheets are Chinese, and so are their names.
    fn name(self) -> &'static str {
        match self {
            Paper::Ledger(LedgerKind::Visits) => "走访台账",
            Paper::Ledger(LedgerKind::Disputes) => "矛盾纠纷排查调处台账",
            Paper::Ledger(LedgerKind::Daily) => "民情日志",
            Paper::Ledger(LedgerKind::Agenda) => "议事协商台账",
            Paper::Ledger(LedgerKind::Service) => "双报到服务台账",
            Paper::Ledger(LedgerKind::Wishes) => "微心愿台账",
            Paper::Ledger(LedgerKind::Party) => "党员联户台账",
            Paper::Ledger(LedgerKind::Campaign) => "排查日报",
            Paper::Ledger(LedgerKind::Checks) => "排查记录",
            Paper::Export(ExportKind::Households) => "住户",
            Paper::Export(ExportKind::Residents) => "居民",
            Paper::Export(ExportKind::Visits) => "走访记录",
            Paper::Export(ExportKind::Disputes) => "纠纷",
            Paper::Export(ExportKind::Followups) => "待办",
            Paper::Export(ExportKind::Captains) => "楼长",
            Paper::Template => "居民花名册模板",
        }
    }

    /// The choices it takes, as the command line takes them: a month for the ledgers and the
    /// dated exports (their --from and --to), a grid for exports, csv besides xlsx for all
    /// but the ledgers.
    pub fn fields(self) -> Vec<Field> {
        match self {
            Paper::Ledger(LedgerKind::Campaign) => vec![Field::Campaign, Field::Day],
            Paper::Ledger(LedgerKind::Checks) => vec![Field::Campaign],
            Paper::Ledger(_) => vec![Field::Month],
            Paper::Export(ExportKind::Visits | ExportKind::Disputes | ExportKind::Followups) => {
                vec![Field::Month, Field::Grid, Field::Format]
            }
            Paper::Export(_) => vec![Field::Grid, Field::Format],
            Paper::Template => vec![Field::Format],
        }
    }
}

pub struct LedgerView {
    /// Which of `Paper::ALL`.
    pub cursor: usize,
    /// Which of the paper's fields ←/→ change.
    pub field: usize,
    pub month: Month,
    /// A month being typed (`2026-11`), until it makes one.
    pub typed: Option<String>,
    /// The grids by name, as `--grid` takes them; none chosen is every grid.
    pub grids: Vec<String>,
    /// 0 for every grid, else one of `grids` after it.
    pub grid: usize,
    pub format: FileFormat,
    /// The file last written from this screen, and its rows, until the choice changes.
    pub last: Option<(String, usize)>,
    /// The campaigns the user sees, running first, then ended, newest first; None until read.
    pub campaigns: Option<Vec<CampaignBrief>>,
    /// Which of `campaigns`.
    pub campaign: usize,
    /// The day of 排查日报: today, or the campaign's last day when it ended.
    pub day: Day,
    today: Day,
}

impl LedgerView {
    pub fn paper(&self) -> Paper {
        Paper::ALL[self.cursor.min(Paper::ALL.len() - 1)]
    }

    pub fn focused(&self) -> Option<Field> {
        self.paper().fields().get(self.field).copied()
    }

    pub fn grid_name(&self) -> Option<&str> {
        self.grid
            .checked_sub(1)
            .and_then(|i| self.grids.get(i))
            .map(String::as_str)
    }

    /// The format written: xlsx for a ledger, as the command line writes it.
    pub fn format(&self) -> FileFormat {
        if self.paper().fields().contains(&Field::Format) {
            self.format
        } else {
            FileFormat::Xlsx
        }
    }

    /// The campaign picked, if the user sees any.
    pub fn picked(&self) -> Option<&CampaignBrief> {
        self.campaigns.as_ref()?.get(self.campaign)
    }

    /// The campaigns as read, in the picker's order, the first picked with its day.
    fn campaigns_read(&mut self, mut list: Vec<CampaignBrief>) {
        list.sort_by_key(|c| c.campaign.ended.is_some());
        self.campaigns = Some(list);
        self.campaign = 0;
        self.day = self.first_day();
    }

    /// The day 排查日报 starts at: today, or the last day of a campaign that ended.
    fn first_day(&self) -> Day {
        match self.picked().and_then(|c| c.campaign.ended.as_ref()) {
            Some((ended, _)) => *ended,
            None => self.today,
        }
    }

    /// The file's name before any `_2` a taken name gets: `走访台账-2026-11.xlsx`,
    /// `排查日报-防汛排查-2026-11-26.xlsx`.
    pub fn file_name(&self) -> String {
        let paper = self.paper();
        let mut stem = paper.name().to_string();
        if let Some(c) = self
            .picked()
            .filter(|_| paper.fields().contains(&Field::Campaign))
        {
            stem.push('-');
            stem.push_str(&c.campaign.name);
        }
        if paper.fields().contains(&Field::Day) {
            stem.push('-');
            stem.push_str(&crate::model::time::day_text(self.day));
        }
        if paper.fields().contains(&Field::Month) {
            stem.push('-');
            stem.push_str(&month_text(self.month));
        }
        if let Some(g) = self
            .grid_name()
            .filter(|_| paper.fields().contains(&Field::Grid))
        {
            stem.push('-');
            stem.push_str(g);
        }
        let stem: String = stem
            .chars()
            .map(|c| if c == '/' || c.is_control() { '_' } else { c })
            .collect();
        format!("{stem}.{}", self.format().extension())
    }

    /// Where the rows come from; None for a campaign's ledger when no campaign is seen.
    fn source(&self) -> Option<SheetSource> {
        let month = self.month;
        Some(match self.paper() {
            Paper::Ledger(kind @ (LedgerKind::Campaign | LedgerKind::Checks)) => {
                SheetSource::Table(TableRequest::Campaign {
                    kind,
                    campaign: self.picked()?.campaign.id,
                    day: self.day,
                })
            }
            Paper::Ledger(kind) => SheetSource::Table(TableRequest::Ledger { kind, month }),
            Paper::Export(kind) => {
                let dated = self.paper().fields().contains(&Field::Month);
                SheetSource::Table(TableRequest::Export {
                    kind,
                    grid: self.grid_name().map(str::to_string),
                    from: if dated { month.first } else { Day::MIN },
                    to: if dated { month.last } else { Day::MAX },
                })
            }
            Paper::Template => SheetSource::Template,
        })
    }

    /// ←/→ on the focused choice.
    fn change(&mut self, forward: bool) {
        self.typed = None;
        match self.focused() {
            Some(Field::Month) => {
                let d = date_of(self.month.first);
                let next = if forward {
                    d.checked_add_months(Months::new(1))
                } else {
                    d.checked_sub_months(Months::new(1))
                };
                if let Some(m) = next.and_then(|d| Month::parse(&d.format("%Y-%m").to_string())) {
                    self.month = m;
                }
            }
            Some(Field::Grid) => {
                let n = self.grids.len() + 1;
                self.grid = if forward {
                    (self.grid + 1) % n
                } else {
                    (self.grid + n - 1) % n
                };
            }
            Some(Field::Format) => {
                self.format = match self.format {
                    FileFormat::Xlsx => FileFormat::Csv,
                    FileFormat::Csv => FileFormat::Xlsx,
                };
            }
            Some(Field::Campaign) => {
                let n = self.campaigns.as_ref().map_or(0, Vec::len);
                if n > 0 {
                    self.campaign = if forward {
                        (self.campaign + 1) % n
                    } else {
                        (self.campaign + n - 1) % n
                    };
                    self.day = self.first_day();
                }
            }
            Some(Field::Day) => {
                // From its first day to its last (today while it runs).
                if let Some(c) = self.picked().map(|c| &c.campaign) {
                    let last = c.ended.as_ref().map_or(self.today, |(d, _)| *d);
                    let day = self.day + if forward { 1 } else { -1 };
                    self.day = day.clamp(c.started, last.max(c.started));
                }
            }
            None => {}
        }
    }
}

/// A month as typed: `2026-11`.
pub fn month_text(m: Month) -> String {
    date_of(m.first).format("%Y-%m").to_string()
}

/// `2026-11` (or `2026-1`) as a month; a year of four digits only.
fn parse_month(text: &str) -> Option<Month> {
    let (year, _) = text.split_once('-')?;
    (year.len() == 4).then(|| Month::parse(text)).flatten()
}

impl App {
    /// A file the 台账 screen asked for is being written.
    pub fn writing_ledger(&self) -> bool {
        self.pending.ledger != 0
    }

    pub(super) fn open_ledgers(&mut self) -> Vec<Request> {
        let mut grids: Vec<String> = Vec::new();
        for n in &self.tree.nodes {
            if matches!(n.kind, NodeKind::Grid(_)) && !grids.contains(&n.name) {
                grids.push(n.name.clone());
            }
        }
        let today = date_of(self.today).format("%Y-%m").to_string();
        let month = Month::parse(&today).unwrap_or(Month {
            first: self.today,
            last: self.today,
        });
        self.status = None;
        self.screen = Screen::Ledgers(LedgerView {
            cursor: 0,
            field: 0,
            month,
            typed: None,
            grids,
            grid: 0,
            format: FileFormat::Xlsx,
            last: None,
            campaigns: None,
            campaign: 0,
            day: self.today,
            today: self.today,
        });
        let req = self.ask(CampaignList { today: self.today });
        self.campaigns.ledger_call = req.id;
        vec![req]
    }

    /// The campaigns for the 台账 screen's picker have come.
    pub(super) fn ledger_campaigns(&mut self, list: Vec<CampaignBrief>) {
        if let Screen::Ledgers(v) = &mut self.screen {
            v.campaigns_read(list);
        }
    }

    pub(super) fn ledger_action(&mut self, action: Action) -> Vec<Request> {
        let page = self.page();
        let Screen::Ledgers(v) = &mut self.screen else {
            return Vec::new();
        };
        let last = Paper::ALL.len() as isize - 1;
        if action != Action::Open {
            // As on the lists, a key clears the last message; the screen keeps its own.
            v.last = None;
            self.status = None;
        }
        let moved = |d: isize| (v.cursor as isize + d).clamp(0, last) as usize;
        let cursor = match action {
            Action::MoveUp => Some(moved(-1)),
            Action::MoveDown => Some(moved(1)),
            Action::PageUp => Some(moved(-page)),
            Action::PageDown => Some(moved(page)),
            Action::First => Some(0),
            Action::Last => Some(last as usize),
            _ => None,
        };
        if let Some(c) = cursor {
            if c != v.cursor {
                v.cursor = c;
                v.field = 0;
            }
            return Vec::new();
        }
        let fields = v.paper().fields().len();
        match action {
            Action::MoveLeft | Action::MoveRight => v.change(action == Action::MoveRight),
            Action::NextPane | Action::NextField => v.field = (v.field + 1) % fields,
            Action::PrevPane | Action::PrevField => v.field = (v.field + fields - 1) % fields,
            Action::Back if v.typed.is_some() => v.typed = None,
            Action::Back => self.screen = Screen::Browse,
            Action::Open => return self.write_paper(),
            _ => {}
        }
        Vec::new()
    }

    /// Digits and `-` type a month, Backspace takes one back; true if the key was taken.
    pub(super) fn ledger_types(&mut self, key: KeyEvent) -> bool {
        let Screen::Ledgers(v) = &mut self.screen else {
            return false;
        };
        let fields = v.paper().fields();
        let Some(at) = fields.iter().position(|f| *f == Field::Month) else {
            return false;
        };
        if key
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
        {
            return false;
        }
        match key.code {
            KeyCode::Char(c) if c.is_ascii_digit() || c == '-' => {
                v.field = at;
                v.last = None;
                let t = v.typed.get_or_insert_with(String::new);
                if t.len() == 4 && c.is_ascii_digit() {
                    t.push('-');
                }
                if t.len() < 7 {
                    t.push(c);
                }
                if let Some(m) = parse_month(t).filter(|_| t.len() == 7) {
                    v.month = m;
                    v.typed = None;
                }
                true
            }
            KeyCode::Backspace if v.typed.is_some() => {
                if let Some(t) = v.typed.as_mut() {
                    t.pop();
                    if t.is_empty() {
                        v.typed = None;
                    }
                }
                true
            }
            _ => false,
        }
    }

    fn write_paper(&mut self) -> Vec<Request> {
        if self.pending.ledger != 0 {
            self.say(
                "上一个文件还在写入，请稍候",
                "The last file is still being written; wait a moment",
            );
            return Vec::new();
        }
        let Screen::Ledgers(v) = &mut self.screen else {
            return Vec::new();
        };
        if let Some(t) = v.typed.take() {
            match parse_month(&t) {
                Some(m) => v.month = m,
                None => {
                    let q = crate::model::shown::quote(&t);
                    let msg = (
                        format!("“{q}”不是月份；请写成 2026-11"),
                        format!("“{q}” is not a month; write it as 2026-11"),
                    );
                    v.typed = Some(t);
                    self.say(&msg.0, &msg.1);
                    return Vec::new();
                }
            }
        }
        let Some(source) = v.source() else {
            self.say(
                "您负责的网格里没有排查任务",
                "There is no campaign in the grids you look after",
            );
            return Vec::new();
        };
        let name = v.file_name();
        let stem = name
            .rsplit_once('.')
            .map_or(name.as_str(), |(s, _)| s)
            .to_string();
        let query = Query::WriteSheet {
            source,
            dir: self.ledger_dir.clone(),
            stem,
            format: v.format(),
        };
        self.say(&format!("正在写入 {name} …"), &format!("Writing {name} …"));
        vec![self.request(query)]
    }

    pub(super) fn paper_written(&mut self, path: std::path::PathBuf, rows: usize) -> Vec<Request> {
        self.pending.ledger = 0;
        if let Screen::Ledgers(v) = &mut self.screen {
            v.last = Some((path.display().to_string(), rows));
        }
        let path = path.display();
        self.say(
            &format!("已写入 {path}（{rows} 行）"),
            &format!("Wrote {path} ({rows} rows)"),
        );
        Vec::new()
    }
}

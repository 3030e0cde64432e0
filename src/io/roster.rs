//! A roster read into households and people, every cell checked: errors and warnings carry
//! the row and column they are in, and nothing here touches the store. A roster is read as a
//! stream: rows come one at a time and households go out in pieces as they are read (a
//! household whose rows are apart comes in more than one piece, and [`merge`] joins them), so
//! a large roster is never held whole by the client reading it.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use chrono::{Datelike, NaiveDate};

use super::columns::{find_header, Column, Header, Title, TITLE_ROWS};
use super::limits::{self, thousands};
use super::table::{Cell, Format, ReadError, Row, Table};
use super::values::{self, DateCell};
use super::{Problem, Problems};
use crate::model::address::fold_width;
use crate::model::shown::quote;
use crate::model::time::{day_of, Day};
use crate::model::{idnumber, phone, Address, CareTag, Relation, Residence, Sex};

/// One person, as the roster gives them.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RosterPerson {
    pub row: usize,
    pub name: String,
    /// None when the roster leaves it blank (or has no such column).
    pub relation: Option<Relation>,
    pub sex: Sex,
    pub birth: Day,
    /// Upper case, or empty.
    pub id_number: String,
    /// Normalised, or empty.
    pub phone: String,
    pub residence: Option<Residence>,
    pub care_tags: Vec<CareTag>,
    pub party_member: Option<bool>,
}

/// One household: an address and the people the roster puts there.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RosterHousehold {
    /// The first row that names it.
    pub row: usize,
    pub street: Option<String>,
    pub community: Option<String>,
    pub grid: Option<String>,
    pub address: Address,
    pub people: Vec<RosterPerson>,
}

/// A whole roster: its households in file order, and what was wrong with it.
#[derive(Debug, Clone, Default)]
pub struct Roster {
    pub header: Header,
    pub format: Option<Format>,
    pub households: Vec<RosterHousehold>,
    /// How many people rows were read.
    pub people: usize,
    pub problems: Problems,
}

impl Roster {
    /// Whether the roster has a column, so an update knows which fields it may overwrite.
    pub fn has(&self, c: Column) -> bool {
        self.header.has(c)
    }

    /// The roster held whole, as a [`ReadRoster`] hands it to an import: its households to
    /// the sink, the rest returned.
    pub fn pieces(&self) -> impl FnMut(&mut dyn FnMut(RosterHousehold)) -> Roster + '_ {
        move |sink| {
            for h in &self.households {
                sink(h.clone());
            }
            Roster {
                households: Vec::new(),
                ..self.clone()
            }
        }
    }
}

/// Reads a roster for an import: hands its households, a piece at a time, to the sink it is
/// given and returns the roster without them (see [`stream`]).
pub type ReadRoster<'a> = dyn FnMut(&mut dyn FnMut(RosterHousehold)) -> Roster + 'a;

/// Reads a roster from a table held whole. Never fails: whatever is wrong is in
/// `problems.errors`.
pub fn read(table: &Table, format: Option<Format>) -> Roster {
    let mut pieces = Vec::new();
    let mut sink = |h| pieces.push(h);
    let mut reading = Reading::new(Some(table.format()), &mut sink);
    for row in table.rows() {
        if !reading.push(row.clone()) {
            break;
        }
    }
    let (mut roster, _) = reading.finish();
    roster.format = format;
    let name = roster.header.name(Column::Name).to_string();
    let (households, people) = merge(pieces, &name, &mut roster.problems);
    roster.households = households;
    roster.people = people;
    roster.problems.sort();
    roster
}

/// Reads the roster in the file at `path` row by row, handing its households to `sink` in
/// pieces as they are read (none once the roster has an error: it will not be imported).
/// Returns the roster without its households, and how many households it has. A file that
/// cannot be read at all is an error on row 1; one that does not exist or cannot be opened
/// is the error returned.
pub fn stream(
    path: &Path,
    sink: &mut dyn FnMut(RosterHousehold),
) -> Result<(Roster, usize), ReadError> {
    let mut reading = Reading::new(None, sink);
    let read = super::table::each_row(path, &mut |format, row| {
        reading.roster.format = Some(format);
        reading.push(row)
    });
    let (mut roster, households) = reading.finish();
    match read {
        Ok(format) => roster.format = Some(format),
        Err(e @ (ReadError::Missing(_) | ReadError::Io(..))) => return Err(e),
        Err(e) => {
            // Nothing else of a file that cannot be read is worth saying.
            roster.problems = Problems::default();
            roster.format = None;
            roster.problems.error(1, None, e.to_string());
        }
    }
    roster.problems.sort();
    Ok((roster, households))
}

/// Joins the pieces of households read apart (the same community and address) into one
/// household each, in the order first read; a person already in the household with the same
/// name and birth date is left out with a warning on `name_column`. Returns the households
/// and their people.
pub fn merge(
    pieces: Vec<RosterHousehold>,
    name_column: &str,
    problems: &mut Problems,
) -> (Vec<RosterHousehold>, usize) {
    let mut out: Vec<RosterHousehold> = Vec::with_capacity(pieces.len());
    let mut by_key: HashMap<(Option<String>, Address), usize> = HashMap::new();
    let mut people = 0;
    for piece in pieces {
        let key = (piece.community.clone(), piece.address);
        let Some(&h) = by_key.get(&key) else {
            people += piece.people.len();
            by_key.insert(key, out.len());
            out.push(piece);
            continue;
        };
        for person in piece.people {
            let household = &mut out[h];
            if let Some(twin) = twin_of(&household.people, &person, name_column) {
                problems.warnings.push(twin);
                continue;
            }
            household.people.push(person);
            people += 1;
        }
    }
    (out, people)
}

/// The warning for `person` when the household already has someone of that name and birth.
fn twin_of(people: &[RosterPerson], person: &RosterPerson, column: &str) -> Option<Problem> {
    let twin = people
        .iter()
        .find(|o| o.name == person.name && o.birth == person.birth)?;
    Some(Problem::new(
        person.row,
        Some(column),
        format!(
            "{} born {} is already in this household at row {}; this row was left out",
            person.name,
            values::ymd(crate::model::time::date_of(person.birth)),
            twin.row
        ),
    ))
}

/// A roster being read: rows go in one at a time, households come out in pieces.
struct Reading<'s> {
    roster: Roster,
    /// The rows above and including the header, until it is found.
    head: Vec<Row>,
    reader: Option<RowReader>,
    /// Whether the rows are no longer looked at (the header was not usable).
    stopped: bool,
    sink: &'s mut dyn FnMut(RosterHousehold),
    /// Errors and warnings not kept (beyond [`limits::PROBLEMS`]).
    more_errors: usize,
    more_warnings: usize,
}

impl<'s> Reading<'s> {
    fn new(format: Option<Format>, sink: &'s mut dyn FnMut(RosterHousehold)) -> Self {
        Reading {
            roster: Roster {
                format,
                ..Roster::default()
            },
            head: Vec::new(),
            reader: None,
            stopped: false,
            sink,
            more_errors: 0,
            more_warnings: 0,
        }
    }

    /// Takes one row; false when no more rows are wanted.
    fn push(&mut self, row: Row) -> bool {
        if self.stopped {
            return false;
        }
        let Some(reader) = &mut self.reader else {
            self.head.push(row);
            if self.head.len() >= TITLE_ROWS {
                self.find_header();
            }
            return !self.stopped;
        };
        reader.row(&row, &mut self.roster, &mut *self.sink);
        let p = &mut self.roster.problems;
        if p.errors.len() > limits::PROBLEMS {
            self.more_errors += p.errors.len() - limits::PROBLEMS;
            p.errors.truncate(limits::PROBLEMS);
        }
        if p.warnings.len() > limits::PROBLEMS {
            self.more_warnings += p.warnings.len() - limits::PROBLEMS;
            p.warnings.truncate(limits::PROBLEMS);
        }
        if self.roster.people > limits::PEOPLE {
            self.roster.problems.error(
                row.number,
                None,
                format!(
                    "the roster has more than {} people by this row; a roster holds one street's residents – split the file by community and import each part",
                    thousands(limits::PEOPLE as u64)
                ),
            );
            self.stopped = true;
        }
        !self.stopped
    }

    fn find_header(&mut self) {
        let head = std::mem::take(&mut self.head);
        let texts = |i: usize| head[i].texts();
        let Some((index, columns, width)) = find_header(head.len(), texts) else {
            missing_header(&head, &mut self.roster.problems);
            self.stopped = true;
            return;
        };
        // A title row above the header may name the street and the community.
        let title = (0..index).find_map(|i| match head[i].texts().as_slice() {
            cells if cells.iter().filter(|t| !t.is_empty()).count() == 1 => {
                let text = cells.iter().find(|t| !t.is_empty())?;
                Title::read(head[i].number, text)
            }
            _ => None,
        });
        self.roster.header = Header {
            index,
            row: head[index].number,
            columns,
            width,
            title,
        };
        let h = &self.roster.header;
        let has_address =
            h.has(Column::Address) || (h.has(Column::Building) && h.has(Column::Room));
        if !has_address {
            self.roster.problems.error(
                h.row,
                None,
                "there is no address: add a 地址 column (such as 5-2-301), or 楼栋, 单元 and 房号 columns",
            );
        }
        if !h.has(Column::Birth) && !h.has(Column::IdNumber) {
            self.roster.problems.error(
                h.row,
                None,
                "there is neither a 出生日期 nor a 身份证号 column; add one so each person has a birth date",
            );
        }
        if !self.roster.problems.errors.is_empty() {
            self.stopped = true;
            return;
        }
        let csv = matches!(self.roster.format, Some(Format::Csv(_)));
        self.reader = Some(RowReader::new(self.roster.header.clone(), csv));
        for row in head.into_iter().skip(index + 1) {
            if !self.push(row) {
                return;
            }
        }
    }

    /// The roster read (without its households) and how many households it has.
    fn finish(mut self) -> (Roster, usize) {
        if self.reader.is_none() && !self.stopped {
            if self.head.is_empty() {
                self.roster
                    .problems
                    .error(1, None, ReadError::Empty.to_string());
            } else {
                self.find_header();
            }
        }
        let households = match &mut self.reader {
            Some(reader) => {
                if let Some(last) = reader.current.take() {
                    if self.roster.problems.errors.is_empty() {
                        (self.sink)(last);
                    }
                }
                reader.keys.len()
            }
            None => 0,
        };
        let p = &mut self.roster.problems;
        if self.more_errors > 0 {
            p.error(0, None, format!("{} more errors in later rows are not listed; fix those listed and import again to see the rest", thousands(self.more_errors as u64)));
        }
        if self.more_warnings > 0 {
            p.warn(
                0,
                None,
                format!(
                    "{} more warnings in later rows are not listed",
                    thousands(self.more_warnings as u64)
                ),
            );
        }
        (self.roster, households)
    }
}

fn missing_header(head: &[Row], problems: &mut Problems) {
    // A row that looks like a header but has no name column says what to fix.
    for row in head.iter().take(TITLE_ROWS) {
        let known = (0..row.width())
            .filter(|c| Column::from_header(&row.cell(*c).text()).is_some())
            .count();
        if known >= 2 {
            problems.error(
                row.number,
                None,
                "there is no 姓名 (name) column; call the column of people's names 姓名",
            );
            return;
        }
    }
    problems.error(
        head.first().map_or(1, |r| r.number),
        None,
        "no header row was found in the first 20 rows; put the column names (姓名, 楼栋, 单元, 房号, 身份证号 …) in one row above the people",
    );
}

/// An ID number as 8 bytes (18 or 15 characters, as ID numbers are), so a roster of
/// millions is checked for repeats within the client's memory; None for another shape.
fn packed_id(id: &str) -> Option<u64> {
    let b = id.as_bytes();
    let digits = |s: &[u8]| {
        s.iter().try_fold(0u64, |n, d| {
            d.is_ascii_digit().then(|| n * 10 + u64::from(d - b'0'))
        })
    };
    match b.len() {
        18 => {
            let last = match b[17] {
                d @ b'0'..=b'9' => u64::from(d - b'0'),
                b'X' => 10,
                _ => return None,
            };
            Some(1 << 62 | (digits(&b[..17])? * 11 + last))
        }
        15 => Some(2 << 62 | digits(b)?),
        _ => None,
    }
}

/// Reads rows one by one, carrying down what merged cells leave blank.
struct RowReader {
    header: Header,
    /// Whether rows come from a CSV, whose rows must be as wide as the header.
    csv: bool,
    carried: HashMap<Column, String>,
    /// The household the last person went to, still being read (its key too).
    current: Option<RosterHousehold>,
    current_key: Option<(u32, Address)>,
    /// Every household's key (the community's number and the address), to count them.
    keys: HashSet<(u32, Address)>,
    communities: HashMap<Option<String>, u32>,
    /// The row each ID number was first seen on: packed, or as written.
    ids_seen: HashMap<u64, u32>,
    other_ids_seen: HashMap<String, u32>,
}

impl RowReader {
    fn new(header: Header, csv: bool) -> Self {
        RowReader {
            header,
            csv,
            carried: HashMap::new(),
            current: None,
            current_key: None,
            keys: HashSet::new(),
            communities: HashMap::new(),
            ids_seen: HashMap::new(),
            other_ids_seen: HashMap::new(),
        }
    }

    fn cell<'r>(&self, i: &'r Row, c: Column) -> Cell<'r> {
        match self.header.position(c) {
            Some(p) => i.cell(p),
            None => Cell::Empty,
        }
    }

    fn text(&self, i: &Row, c: Column) -> String {
        self.cell(i, c).text()
    }

    /// The cell, or the last non-blank one above it (merged cells, numbers written once).
    fn carried(&mut self, i: &Row, c: Column) -> Option<String> {
        let t = self.text(i, c);
        if t.is_empty() {
            self.carried.get(&c).cloned()
        } else {
            self.carried.insert(c, t.clone());
            Some(t)
        }
    }

    fn row(&mut self, i: &Row, roster: &mut Roster, sink: &mut dyn FnMut(RosterHousehold)) {
        if i.is_empty() {
            return;
        }
        let row = i.number;
        let p = &mut roster.problems;
        let name_col = self.header.name(Column::Name).to_string();
        if self.csv {
            let w = i.width();
            if w < self.header.width {
                p.error(
                    row,
                    None,
                    format!(
                        "{w} cells where the header row has {}; a cell or a comma is missing in this row",
                        self.header.width
                    ),
                );
                return;
            }
        }
        if let Some(long) =
            (0..i.width()).find(|c| i.cell(*c).text().chars().count() > limits::CELL_CHARS)
        {
            p.error(
                row,
                None,
                format!(
                    "cell {} holds more than {} characters, far more than a roster's cell; check this row",
                    long + 1,
                    thousands(limits::CELL_CHARS as u64)
                ),
            );
            return;
        }
        let name = self.text(i, Column::Name);
        if name.is_empty() {
            let filled: Vec<String> = (0..i.width())
                .map(|c| i.cell(c).text())
                .filter(|t| !t.is_empty())
                .collect();
            if filled.len() == 1 {
                p.warn(
                    row,
                    None,
                    format!(
                        "only “{}” in this row, so it was left out",
                        quote(&filled[0])
                    ),
                );
            } else {
                p.error(row, Some(&name_col), "empty; every person needs a name");
            }
            return;
        }
        if super::template::is_example(|c| self.header.has(c).then(|| self.text(i, c))) {
            p.error(
                row,
                None,
                "this row is the template's example; delete it and import again",
            );
            return;
        }
        let errors_before = p.errors.len();
        let street = self.carried(i, Column::Street);
        let community = self.carried(i, Column::Community);
        let grid = self.carried(i, Column::Grid);
        let person = self.person(i, row, name, &mut roster.problems);
        let household = self.household(i, row, person.as_ref(), &mut roster.problems);
        if roster.problems.errors.len() > errors_before {
            return;
        }
        let (Some(person), Some(address)) = (person, household) else {
            return;
        };
        let p = &mut roster.problems;
        if !person.id_number.is_empty() {
            let packed = packed_id(&person.id_number);
            let first = match packed {
                Some(k) => self.ids_seen.get(&k),
                None => self.other_ids_seen.get(&person.id_number),
            };
            if let Some(first) = first {
                p.warn(
                    row,
                    Some(self.header.name(Column::IdNumber)),
                    format!(
                        "the same ID number as row {first}; the person is counted once and this row was left out"
                    ),
                );
                return;
            }
            match packed {
                Some(k) => self.ids_seen.insert(k, row as u32),
                None => self
                    .other_ids_seen
                    .insert(person.id_number.clone(), row as u32),
            };
        }
        let key = match address {
            Target::Previous => self.current_key,
            Target::Address(address) => {
                let next = self.communities.len() as u32;
                let c = *self.communities.entry(community.clone()).or_insert(next);
                Some((c, address))
            }
        };
        let Some(key) = key else {
            return;
        };
        if self.current_key != Some(key) {
            if let Some(done) = self.current.take() {
                if p.errors.is_empty() {
                    sink(done);
                }
            }
            self.keys.insert(key);
            self.current_key = Some(key);
            self.current = Some(RosterHousehold {
                row,
                street,
                community,
                grid,
                address: key.1,
                people: Vec::new(),
            });
        }
        let Some(household) = &mut self.current else {
            return;
        };
        if let Some(twin) = twin_of(&household.people, &person, &name_col) {
            p.warnings.push(twin);
            return;
        }
        household.people.push(person);
        roster.people += 1;
    }

    fn household(
        &mut self,
        i: &Row,
        row: usize,
        person: Option<&RosterPerson>,
        p: &mut Problems,
    ) -> Option<Target> {
        let is_head = person.is_some_and(|x| x.relation == Some(Relation::Head));
        let address_text = self.text(i, Column::Address);
        if !address_text.is_empty() {
            return match Address::parse(&address_text) {
                Ok(a) => {
                    self.carried
                        .insert(Column::Building, a.building.to_string());
                    self.carried
                        .insert(Column::Entrance, a.entrance.to_string());
                    Some(Target::Address(a))
                }
                Err(_) => {
                    p.error(
                        row,
                        Some(self.header.name(Column::Address)),
                        format!(
                            "“{}” is not an address; write building-entrance-room, such as 5-2-301",
                            quote(&address_text)
                        ),
                    );
                    None
                }
            };
        }
        let room_text = self.text(i, Column::Room);
        if room_text.is_empty() {
            // A family member under the head, with the room merged or left blank.
            if !is_head && self.current.is_some() {
                return Some(Target::Previous);
            }
            let col = if self.header.has(Column::Room) {
                self.header.name(Column::Room)
            } else {
                self.header.name(Column::Address)
            };
            p.error(row, Some(col), "empty; write the room number, such as 301");
            return None;
        }
        // Some rosters write the whole address in the room column.
        if let Ok(a) = Address::parse(&room_text) {
            if room_text.contains(['-', '单', '栋']) {
                return Some(Target::Address(a));
            }
        }
        let building = self.carried(i, Column::Building);
        let entrance = if self.header.has(Column::Entrance) {
            self.carried(i, Column::Entrance)
        } else {
            Some("1".into())
        };
        let number = |text: Option<String>, c: Column, p: &mut Problems| -> Option<u32> {
            let col = self.header.name(c);
            let Some(text) = text else {
                p.error(
                    row,
                    Some(col),
                    format!("empty; write the {} number", what(c)),
                );
                return None;
            };
            match digits(&text) {
                Some(n) if n > 0 => Some(n),
                _ => {
                    p.error(
                        row,
                        Some(col),
                        format!(
                            "“{}” is not a {} number; write digits, such as {}",
                            quote(&text),
                            what(c),
                            example(c)
                        ),
                    );
                    None
                }
            }
        };
        let b = number(building, Column::Building, p);
        let e = number(entrance, Column::Entrance, p);
        let r = number(Some(room_text), Column::Room, p);
        let (b, e, r) = (b?, e?, r?);
        if e > u32::from(u8::MAX) || r > u32::from(u16::MAX) {
            p.error(
                row,
                Some(self.header.name(Column::Room)),
                format!(
                    "{b}-{e}-{r} is not an address gridbook can keep; check the entrance and room"
                ),
            );
            return None;
        }
        Some(Target::Address(Address {
            building: b,
            entrance: e as u8,
            room: r as u16,
        }))
    }

    fn person(
        &mut self,
        i: &Row,
        row: usize,
        name: String,
        p: &mut Problems,
    ) -> Option<RosterPerson> {
        let h = &self.header;
        let mut ok = true;
        if name.chars().count() > 30 {
            p.error(
                row,
                Some(h.name(Column::Name)),
                format!(
                    "“{}” is longer than 30 characters; shorten it",
                    quote(&name)
                ),
            );
            ok = false;
        }
        // The ID number first: birth and sex can come from it.
        let id_col = h.name(Column::IdNumber).to_string();
        let mut facts = None;
        let id_number = match self.cell(i, Column::IdNumber) {
            Cell::Number(n) if n >= 1e15 => {
                p.error(
                    row,
                    Some(&id_col),
                    "the ID number is stored as a number, so Excel has cut its last digits; format the column as text and type the numbers again",
                );
                ok = false;
                String::new()
            }
            cell => {
                let t: String = fold_width(&cell.text())
                    .chars()
                    .filter(|c| !c.is_whitespace())
                    .collect::<String>()
                    .to_ascii_uppercase();
                // A number whose checksum is off still tells the birth date and sex.
                if !t.is_empty() {
                    match idnumber::read(&t) {
                        Ok((f, warning)) => {
                            facts = Some(f);
                            if let Some(w) = warning {
                                p.warn(row, Some(&id_col), w);
                            }
                        }
                        Err(e) => {
                            p.error(row, Some(&id_col), e.0);
                            ok = false;
                        }
                    }
                }
                t
            }
        };
        let birth_col = h.name(Column::Birth).to_string();
        let birth_cell = self.cell(i, Column::Birth);
        let birth = if birth_cell.is_empty() {
            match facts {
                Some(f) => Some(f.birth),
                None => {
                    p.error(row, Some(&birth_col), "empty, and there is no ID number to tell it; write the birth date, such as 1956-03-05");
                    None
                }
            }
        } else {
            match values::parse_date(&birth_cell) {
                Some(DateCell::Day(d)) => {
                    if let Some(f) = facts {
                        if f.birth != d {
                            p.warn(
                                row,
                                Some(&birth_col),
                                format!(
                                    "the ID number says born {}, but this says {}; the birth date was kept as written, check which is right",
                                    values::ymd(f.birth),
                                    values::ymd(d)
                                ),
                            );
                        }
                    }
                    Some(d)
                }
                Some(DateCell::Month(y, m)) => match facts {
                    Some(f) if f.birth.year() == y && f.birth.month() == m => Some(f.birth),
                    _ => {
                        p.warn(
                            row,
                            Some(&birth_col),
                            format!("“{}” has no day, so the 1st was taken; write the whole date if it is known", quote(&birth_cell.text())),
                        );
                        NaiveDate::from_ymd_opt(y, m, 1)
                    }
                },
                None => {
                    p.error(
                        row,
                        Some(&birth_col),
                        format!(
                            "“{}” is not a date; write 1956-03-05",
                            quote(&birth_cell.text())
                        ),
                    );
                    None
                }
            }
        };
        let sex_col = h.name(Column::Sex).to_string();
        let sex_text = self.text(i, Column::Sex);
        let sex = if sex_text.is_empty() {
            match facts {
                Some(f) => Some(f.sex),
                None => {
                    p.error(
                        row,
                        Some(&sex_col),
                        "empty, and there is no ID number to tell it; write 男 or 女",
                    );
                    None
                }
            }
        } else {
            match values::parse_sex(&sex_text) {
                Some(s) => {
                    if let Some(f) = facts {
                        if f.sex != s {
                            p.warn(row, Some(&sex_col), format!("the ID number belongs to a {}, but this says {sex_text}; it was kept as written, check which is right", match f.sex { Sex::Male => "man", Sex::Female => "woman" }));
                        }
                    }
                    Some(s)
                }
                None => {
                    p.error(
                        row,
                        Some(&sex_col),
                        format!("“{}” is not a sex; write 男 or 女", quote(&sex_text)),
                    );
                    None
                }
            }
        };
        let phone_text = self.text(i, Column::Phone);
        let phone = if phone_text.is_empty() {
            String::new()
        } else {
            match phone::normalize(&phone_text) {
                Ok(n) => n,
                Err(e) => {
                    p.error(
                        row,
                        Some(h.name(Column::Phone)),
                        format!("{e}; write it as 13812345678 or 0760-88123456"),
                    );
                    ok = false;
                    String::new()
                }
            }
        };
        let relation_text = self.text(i, Column::Relation);
        let relation = if relation_text.is_empty() {
            None
        } else {
            let r = values::parse_relation(&relation_text);
            if r.is_none() {
                p.error(row, Some(h.name(Column::Relation)), format!("“{}” is not a relation gridbook knows; write 户主 (or 本人), 配偶, 子, 女, 父, 母, 孙子, 孙女, 租户 or 其他", quote(&relation_text)));
                ok = false;
            }
            r
        };
        let residence_text = self.text(i, Column::Residence);
        let residence = if residence_text.is_empty() {
            None
        } else {
            let r = values::parse_residence(&residence_text);
            if r.is_none() {
                p.error(row, Some(h.name(Column::Residence)), format!("“{}” is not a residence type; write 常住 (or 户籍) or 流动 (or 外来, 租住)", quote(&residence_text)));
                ok = false;
            }
            r
        };
        let tags_text = self.text(i, Column::Tags);
        let (care_tags, unknown) = values::parse_tags(&tags_text);
        for word in unknown {
            p.warn(row, Some(h.name(Column::Tags)), format!("“{}” is not a care group gridbook knows (独居老人, 空巢老人, 残疾人, 留守儿童, 低保, 特困, 退役军人, 重病); it was left out", quote(&word)));
        }
        let party_text = self.text(i, Column::Party);
        let party_member = if h.has(Column::Party) && !party_text.is_empty() {
            Some(values::parse_party(&party_text))
        } else {
            None
        };
        let (Some(birth), Some(sex)) = (birth, sex) else {
            return None;
        };
        ok.then(|| RosterPerson {
            row,
            name,
            relation,
            sex,
            birth: day_of(birth),
            id_number,
            phone,
            residence,
            care_tags,
            party_member,
        })
    }
}

enum Target {
    Address(Address),
    /// The household the last person went to.
    Previous,
}

/// The one number in `5`, `5栋`, `5号楼`, `2单元`, `301室`, `５`.
fn digits(text: &str) -> Option<u32> {
    let t = fold_width(text.trim());
    let t = t.strip_suffix(".0").unwrap_or(&t);
    let runs: Vec<&str> = t
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .collect();
    let rest: String = t.chars().filter(|c| !c.is_ascii_digit()).collect();
    let words_ok = matches!(
        rest.as_str(),
        "" | "栋" | "幢" | "号楼" | "号" | "楼" | "单元" | "室" | "房" | "#"
    );
    match runs.as_slice() {
        [one] if words_ok => one.parse().ok(),
        _ => None,
    }
}

fn what(c: Column) -> &'static str {
    match c {
        Column::Building => "building",
        Column::Entrance => "entrance",
        _ => "room",
    }
}

fn example(c: Column) -> &'static str {
    match c {
        Column::Building => "5",
        Column::Entrance => "2",
        _ => "301",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_household_whose_rows_are_apart_is_one_household_and_its_repeat_is_left_out() {
        let csv = "社区,楼栋,单元,房号,姓名,性别,出生日期\n\
                   花苑社区,5,1,101,周官萍,女,1956-03-05\n\
                   花苑社区,5,1,102,李明,男,1970-01-01\n\
                   花苑社区,5,1,101,王芳,女,1958-07-01\n\
                   花苑社区,5,1,101,周官萍,女,1956-03-05\n";
        let (table, format) = Table::from_bytes(csv.as_bytes()).unwrap();
        let roster = read(&table, Some(format));
        assert_eq!(roster.problems.errors, vec![]);
        let people = |h: &RosterHousehold| -> Vec<(usize, String)> {
            h.people.iter().map(|p| (p.row, p.name.clone())).collect()
        };
        assert_eq!(roster.households.len(), 2);
        assert_eq!(
            people(&roster.households[0]),
            vec![(2, "周官萍".to_string()), (4, "王芳".to_string())]
        );
        assert_eq!(roster.people, 3);
        assert_eq!(
            roster
                .problems
                .warnings
                .iter()
                .map(Problem::to_string)
                .collect::<Vec<_>>(),
            vec!["row 5, 姓名: 周官萍 born 1956-03-05 is already in this household at row 2; this row was left out"]
        );
    }

    #[test]
    fn id_numbers_pack_into_eight_bytes_without_meeting() {
        let a = packed_id("44200019560305123X");
        let b = packed_id("442000195603051230");
        assert!(a.is_some() && b.is_some() && a != b);
        assert_ne!(packed_id("442000560305123"), None);
        assert_ne!(
            packed_id("442000560305123"),
            packed_id("000442000560305123")
        );
        assert_eq!(packed_id("A4200019560305123X"), None);
    }
}

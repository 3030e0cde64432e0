//! A roster read into households and people, every cell checked: errors and warnings carry
//! the row and column they are in, and nothing here touches the store.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};

use super::columns::{find_header, Column, Header, Title};
use super::table::{Cell, Format, Table};
use super::values::{self, DateCell};
use super::Problems;
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
}

/// Reads a roster from a table. Never fails: whatever is wrong is in `problems.errors`.
pub fn read(table: &Table, format: Option<Format>) -> Roster {
    let mut roster = Roster {
        format,
        ..Roster::default()
    };
    let texts = |i: usize| -> Vec<String> {
        (0..table.width(i))
            .map(|c| table.cell(i, c).text())
            .collect()
    };
    let Some((index, columns, width)) = find_header(table.len(), texts) else {
        missing_header(table, &mut roster.problems);
        return roster;
    };
    // A title row above the header may name the street and the community.
    let title = (0..index).find_map(|i| match texts(i).as_slice() {
        cells if cells.iter().filter(|t| !t.is_empty()).count() == 1 => {
            let text = cells.iter().find(|t| !t.is_empty())?;
            Title::read(table.row_number(i), text)
        }
        _ => None,
    });
    roster.header = Header {
        index,
        row: table.row_number(index),
        columns,
        width,
        title,
    };
    let h = &roster.header;
    let has_address = h.has(Column::Address) || (h.has(Column::Building) && h.has(Column::Room));
    if !has_address {
        roster.problems.error(
            h.row,
            None,
            "there is no address: add a 地址 column (such as 5-2-301), or 楼栋, 单元 and 房号 columns",
        );
    }
    if !h.has(Column::Birth) && !h.has(Column::IdNumber) {
        roster.problems.error(
            h.row,
            None,
            "there is neither a 出生日期 nor a 身份证号 column; add one so each person has a birth date",
        );
    }
    if !roster.problems.errors.is_empty() {
        return roster;
    }
    let mut reader = RowReader::new(table, roster.header.clone());
    for i in index + 1..table.len() {
        reader.row(i, &mut roster);
    }
    roster.problems.sort();
    roster
}

fn missing_header(table: &Table, problems: &mut Problems) {
    // A row that looks like a header but has no name column says what to fix.
    for i in 0..table.len().min(super::columns::TITLE_ROWS) {
        let known = (0..table.width(i))
            .filter(|c| Column::from_header(&table.cell(i, *c).text()).is_some())
            .count();
        if known >= 2 {
            problems.error(
                table.row_number(i),
                None,
                "there is no 姓名 (name) column; call the column of people's names 姓名",
            );
            return;
        }
    }
    problems.error(
        table.row_number(0),
        None,
        "no header row was found in the first 20 rows; put the column names (姓名, 楼栋, 单元, 房号, 身份证号 …) in one row above the people",
    );
}

/// Reads rows one by one, carrying down what merged cells leave blank.
struct RowReader<'a> {
    table: &'a Table,
    header: Header,
    carried: HashMap<Column, String>,
    /// The household the last person went to, for rows that leave the room blank.
    last_household: Option<usize>,
    by_key: HashMap<(Option<String>, Address), usize>,
    ids_seen: HashMap<String, usize>,
}

impl<'a> RowReader<'a> {
    fn new(table: &'a Table, header: Header) -> Self {
        RowReader {
            table,
            header,
            carried: HashMap::new(),
            last_household: None,
            by_key: HashMap::new(),
            ids_seen: HashMap::new(),
        }
    }

    fn cell(&self, i: usize, c: Column) -> Cell<'a> {
        match self.header.position(c) {
            Some(p) => self.table.cell(i, p),
            None => Cell::Empty,
        }
    }

    fn text(&self, i: usize, c: Column) -> String {
        self.cell(i, c).text()
    }

    /// The cell, or the last non-blank one above it (merged cells, numbers written once).
    fn carried(&mut self, i: usize, c: Column) -> Option<String> {
        let t = self.text(i, c);
        if t.is_empty() {
            self.carried.get(&c).cloned()
        } else {
            self.carried.insert(c, t.clone());
            Some(t)
        }
    }

    fn row(&mut self, i: usize, roster: &mut Roster) {
        let table = self.table;
        if table.row_is_empty(i) {
            return;
        }
        let row = table.row_number(i);
        let p = &mut roster.problems;
        let name_col = self.header.name(Column::Name).to_string();
        if let Table::Csv(_) = table {
            let w = table.width(i);
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
        let name = self.text(i, Column::Name);
        if name.is_empty() {
            let filled: Vec<String> = (0..table.width(i))
                .map(|c| table.cell(i, c).text())
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
            if let Some(first) = self.ids_seen.get(&person.id_number) {
                p.warn(
                    row,
                    Some(self.header.name(Column::IdNumber)),
                    format!(
                        "the same ID number as row {first}; the person is counted once and this row was left out"
                    ),
                );
                return;
            }
            self.ids_seen.insert(person.id_number.clone(), row);
        }
        let h = match address {
            Target::Previous(h) => h,
            Target::Address(address) => {
                let key = (community.clone(), address);
                match self.by_key.get(&key) {
                    Some(h) => *h,
                    None => {
                        roster.households.push(RosterHousehold {
                            row,
                            street,
                            community,
                            grid,
                            address,
                            people: Vec::new(),
                        });
                        let h = roster.households.len() - 1;
                        self.by_key.insert(key, h);
                        h
                    }
                }
            }
        };
        let household = &mut roster.households[h];
        if let Some(twin) = household
            .people
            .iter()
            .find(|o| o.name == person.name && o.birth == person.birth)
        {
            p.warn(
                row,
                Some(&name_col),
                format!(
                    "{} born {} is already in this household at row {}; this row was left out",
                    person.name,
                    values::ymd(crate::model::time::date_of(person.birth)),
                    twin.row
                ),
            );
            return;
        }
        household.people.push(person);
        roster.people += 1;
        self.last_household = Some(h);
    }

    fn household(
        &mut self,
        i: usize,
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
            if !is_head {
                if let Some(h) = self.last_household {
                    return Some(Target::Previous(h));
                }
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
        i: usize,
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
    Previous(usize),
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

//! The empty roster template: gridbook's column names and one example row, which an import
//! recognises and refuses, so a template filled in below it never writes the example.

use super::columns::Column;
use super::sheet::{Sheet, Value};

/// The template's columns, in the order gridbook writes rosters.
pub const COLUMNS: [Column; 15] = [
    Column::Community,
    Column::Grid,
    Column::Building,
    Column::Entrance,
    Column::Room,
    Column::Name,
    Column::Relation,
    Column::Sex,
    Column::Birth,
    Column::IdNumber,
    Column::Phone,
    Column::Residence,
    Column::Tags,
    Column::Party,
    Column::Street,
];

/// The example row, in the order of [`COLUMNS`]: a made-up person in a made-up street and
/// community (示例, "example"), so it names no real household even when imported.
fn example() -> [String; 15] {
    let id = crate::model::idnumber::compose(
        110101,
        chrono::NaiveDate::from_ymd_opt(1950, 1, 1).unwrap_or_default(),
        11,
    );
    [
        "示例社区",
        "示例网格",
        "1",
        "1",
        "101",
        "王示例",
        "户主",
        "男",
        "1950-01-01",
        &id,
        "13800000000",
        "常住",
        "独居老人",
        "群众",
        "示例街道",
    ]
    .map(str::to_string)
}

pub fn template() -> Sheet {
    let headers: Vec<&str> = COLUMNS.iter().map(|c| c.zh()).collect();
    let mut sheet = Sheet::new("居民花名册", &headers);
    sheet.push(example().iter().map(|t| Value::from(t.as_str())).collect());
    sheet
}

/// Whether a row is the template's example: its name, and every other column of the
/// template that the file has, hold exactly the example's value. `cell` gives a column's
/// text in the row, or None when the file has no such column.
pub fn is_example(cell: impl Fn(Column) -> Option<String>) -> bool {
    COLUMNS
        .iter()
        .zip(example())
        .all(|(c, want)| match cell(*c) {
            Some(text) => text.trim().eq_ignore_ascii_case(&want),
            None => *c != Column::Name,
        })
}

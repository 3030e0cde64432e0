//! The empty roster template: gridbook's column names and one example row.

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

pub fn template() -> Sheet {
    let headers: Vec<&str> = COLUMNS.iter().map(|c| c.zh()).collect();
    let mut sheet = Sheet::new("居民花名册", &headers);
    let id = crate::model::idnumber::compose(
        442000,
        chrono::NaiveDate::from_ymd_opt(1954, 3, 5).unwrap_or_default(),
        124,
    );
    let example = [
        "花苑社区",
        "第一网格",
        "5",
        "1",
        "101",
        "周官萍",
        "户主",
        "女",
        "1954-03-05",
        &id,
        "13800000100",
        "常住",
        "独居老人",
        "群众",
        "东区街道",
    ];
    sheet.push(example.iter().map(|t| Value::from(*t)).collect());
    sheet
}

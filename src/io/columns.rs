//! The roster's columns and the names offices give them, in Chinese or English, and finding
//! the header row below any title rows.

use crate::model::address::fold_width;

/// A column gridbook understands.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum Column {
    Street,
    Community,
    Grid,
    Building,
    Entrance,
    Room,
    Address,
    Name,
    Relation,
    Sex,
    Birth,
    IdNumber,
    Phone,
    Residence,
    Tags,
    Party,
}

impl Column {
    pub const ALL: [Column; 16] = [
        Column::Street,
        Column::Community,
        Column::Grid,
        Column::Building,
        Column::Entrance,
        Column::Room,
        Column::Address,
        Column::Name,
        Column::Relation,
        Column::Sex,
        Column::Birth,
        Column::IdNumber,
        Column::Phone,
        Column::Residence,
        Column::Tags,
        Column::Party,
    ];

    /// The Chinese name gridbook writes in templates and exports.
    pub fn zh(self) -> &'static str {
        self.aliases()[0]
    }

    /// Every name accepted for the column, folded (no spaces, lower case); the first is the
    /// one gridbook writes.
    pub fn aliases(self) -> &'static [&'static str] {
        match self {
            Column::Street => &["街道", "所属街道", "street"],
            Column::Community => &["社区", "所属社区", "社区名称", "community"],
            Column::Grid => &["网格", "所属网格", "网格名称", "grid"],
            Column::Building => &["楼栋", "楼号", "栋", "楼栋号", "幢", "building"],
            Column::Entrance => &["单元", "单元号", "entrance", "unit"],
            Column::Room => &["房号", "门牌号", "室", "房间号", "户号", "room"],
            Column::Address => &["地址", "住址", "门牌", "楼栋单元房号", "address"],
            Column::Name => &["姓名", "居民姓名", "name"],
            Column::Relation => &["与户主关系", "关系", "与户主的关系", "relation"],
            Column::Sex => &["性别", "sex", "gender"],
            Column::Birth => &[
                "出生日期",
                "出生年月",
                "出生年月日",
                "生日",
                "birth",
                "birthdate",
                "birth_date",
            ],
            Column::IdNumber => &[
                "身份证号",
                "公民身份号码",
                "证件号码",
                "身份证号码",
                "身份证",
                "id_number",
                "idnumber",
                "id",
            ],
            Column::Phone => &[
                "联系电话",
                "电话",
                "手机号",
                "手机",
                "手机号码",
                "联系方式",
                "phone",
                "mobile",
            ],
            Column::Residence => &["人员类型", "户籍类型", "居住类型", "居住状态", "residence"],
            Column::Tags => &[
                "重点人群",
                "特殊人群",
                "标签",
                "人群类别",
                "tags",
                "care_tags",
            ],
            Column::Party => &["政治面貌", "party"],
        }
    }

    pub fn from_header(text: &str) -> Option<Column> {
        let folded = fold_header(text);
        if folded.is_empty() {
            return None;
        }
        Column::ALL
            .into_iter()
            .find(|c| c.aliases().iter().any(|a| *a == folded))
    }
}

/// A header as compared: full-width folded, lower case, without spaces, stars and notes in
/// brackets (`姓名*`, `身份证号（必填）`, ` Name `).
fn fold_header(text: &str) -> String {
    let folded = fold_width(text.trim()).to_lowercase();
    let mut out = String::new();
    let mut depth = 0;
    for c in folded.chars() {
        match c {
            '(' | '（' | '[' | '【' => depth += 1,
            ')' | '）' | ']' | '】' => depth = (depth - 1).max(0),
            _ if depth > 0 => {}
            ' ' | '*' | '＊' | '\u{feff}' | ':' | '：' => {}
            '-' => out.push('_'),
            _ => out.push(c),
        }
    }
    out
}

/// Where each known column is in the header row.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Header {
    /// The index of the header row in the table.
    pub index: usize,
    /// The header row's number as a spreadsheet shows it.
    pub row: usize,
    /// (column, position, the name as written).
    pub columns: Vec<(Column, usize, String)>,
    /// How many cells the header row has, up to its last non-empty one.
    pub width: usize,
    /// The title row above the header, when it names the roster's street or community.
    pub title: Option<Title>,
}

/// A title row (a row above the header with one cell filled), and the street and community
/// it names: "江门市蓬江区环市街道石冲社区居民信息登记表" names 环市街道 and 石冲社区.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Title {
    /// The row as a spreadsheet numbers it.
    pub row: usize,
    pub text: String,
    pub street: Option<String>,
    pub community: Option<String>,
}

impl Title {
    /// The street and community a title names, or None when it names neither.
    pub fn read(row: usize, text: &str) -> Option<Title> {
        let chars: Vec<char> = text.trim().chars().collect();
        let street = place_ending(&chars, 0, "街道");
        let mut from = street.as_ref().map_or(0, |(_, end)| *end);
        if chars[from..].starts_with(&['办', '事', '处']) {
            from += 3;
        }
        let community = place_ending(&chars, from, "社区");
        if street.is_none() && community.is_none() {
            return None;
        }
        let name = |p: Option<(usize, usize)>| p.map(|(s, e)| chars[s..e].iter().collect());
        Some(Title {
            row,
            text: text.trim().to_string(),
            street: name(street),
            community: name(community),
        })
    }
}

/// The name ending in `suffix` (its first occurrence at or after `from`), as (start, end):
/// it begins after the last boundary (省, 市, 区, 县, a space or a punctuation mark) that
/// leaves at least two characters before the suffix, so 环市街道 in 江门市蓬江区环市街道 keeps
/// its 市.
fn place_ending(chars: &[char], from: usize, suffix: &str) -> Option<(usize, usize)> {
    let suffix: Vec<char> = suffix.chars().collect();
    let at = (from..chars.len().saturating_sub(suffix.len() - 1))
        .find(|&i| chars[i..].starts_with(&suffix))?;
    let boundary = |c: char| matches!(c, '省' | '市' | '区' | '县') || !c.is_alphanumeric();
    let mut starts: Vec<usize> = vec![from];
    starts.extend((from..at).filter(|&i| boundary(chars[i])).map(|i| i + 1));
    let start = starts
        .into_iter()
        .rev()
        .find(|&s| at >= s + 2 && chars[s..at].iter().all(|c| c.is_alphanumeric()))?;
    Some((start, at + suffix.len()))
}

impl Header {
    pub fn position(&self, c: Column) -> Option<usize> {
        self.columns.iter().find(|x| x.0 == c).map(|x| x.1)
    }

    /// The column's name as the file writes it (or gridbook's name for it).
    pub fn name(&self, c: Column) -> &str {
        self.columns
            .iter()
            .find(|x| x.0 == c)
            .map_or(c.zh(), |x| x.2.as_str())
    }

    pub fn has(&self, c: Column) -> bool {
        self.position(c).is_some()
    }
}

/// A header row found: its index, its known columns (column, position, name as written),
/// and its width up to the last non-empty cell.
pub type FoundHeader = (usize, Vec<(Column, usize, String)>, usize);

/// How many rows from the top may be titles before the header.
pub const TITLE_ROWS: usize = 20;

/// Finds the header: the first row among the top ones with a name column and at least one
/// other known column. `cells(i)` gives the texts of row `i`.
pub fn find_header(rows: usize, cells: impl Fn(usize) -> Vec<String>) -> Option<FoundHeader> {
    for i in 0..rows.min(TITLE_ROWS) {
        let texts = cells(i);
        let mut found: Vec<(Column, usize, String)> = Vec::new();
        for (pos, t) in texts.iter().enumerate() {
            if let Some(c) = Column::from_header(t) {
                if !found.iter().any(|x| x.0 == c) {
                    found.push((c, pos, t.trim().to_string()));
                }
            }
        }
        let has_name = found.iter().any(|x| x.0 == Column::Name);
        if has_name && found.len() >= 2 {
            let width = texts
                .iter()
                .rposition(|t| !t.trim().is_empty())
                .map_or(0, |p| p + 1);
            return Some((i, found, width));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_usual_names_of_columns_are_understood() {
        for (text, want) in [
            ("楼号", Column::Building),
            ("栋", Column::Building),
            ("Building", Column::Building),
            ("门牌号", Column::Room),
            ("公民身份号码", Column::IdNumber),
            ("身份证号（必填）", Column::IdNumber),
            ("姓名*", Column::Name),
            ("手机号", Column::Phone),
            ("户籍类型", Column::Residence),
            ("特殊人群", Column::Tags),
            ("出生年月", Column::Birth),
            ("id_number", Column::IdNumber),
        ] {
            assert_eq!(Column::from_header(text), Some(want), "{text}");
        }
        assert_eq!(Column::from_header("备注"), None);
    }

    #[test]
    fn a_title_names_the_street_and_the_community() {
        let names = |t: &str| Title::read(1, t).map(|t| (t.street, t.community));
        let some = |s: &str| Some(s.to_string());
        assert_eq!(
            names("江门市蓬江区环市街道石冲社区居民信息登记表"),
            Some((some("环市街道"), some("石冲社区")))
        );
        assert_eq!(
            names("东莞市东城街道办事处花园社区人口台账"),
            Some((some("东城街道"), some("花园社区")))
        );
        assert_eq!(
            names("花苑社区居民花名册（2026年11月）"),
            Some((None, some("花苑社区")))
        );
        assert_eq!(names("填报单位：桥岭社区"), Some((None, some("桥岭社区"))));
        assert_eq!(names("居民信息登记表"), None);
        assert_eq!(names("社区居民花名册"), None);
    }
}

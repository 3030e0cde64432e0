//! Where people live: streets, communities, the grid tree and buildings.

use serde::{Deserialize, Serialize};

use super::{Id, Invalid};

/// 街道: the street office, the top of the tree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Street {
    pub id: Id,
    pub name: String,
}

/// 社区: a community within a street.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Community {
    pub id: Id,
    pub street: Id,
    pub name: String,
}

/// The community a typed name means among `items`: the one of that name, with or without
/// 社区 at its end, else the only one whose name begins with it. Otherwise every one whose
/// name begins with it (none when no name does), for the caller to list.
pub fn community_named<'a, T>(
    items: &'a [T],
    name_of: impl Fn(&T) -> &str,
    typed: &str,
) -> Result<&'a T, Vec<&'a T>> {
    let typed = typed.trim();
    let bare = |n: &str| n.trim_end_matches("社区").to_string();
    if let Some(exact) = items
        .iter()
        .find(|c| name_of(c) == typed || bare(name_of(c)) == bare(typed))
    {
        return Ok(exact);
    }
    let begun: Vec<&T> = items
        .iter()
        .filter(|c| !typed.is_empty() && name_of(c).starts_with(typed))
        .collect();
    match begun.as_slice() {
        [one] => Ok(one),
        _ => Err(begun),
    }
}

/// The names of the communities a caller sees, to name a place (a grid, an address) after
/// its community when she sees several: many communities have a 一网格 and a 5-2-301.
#[derive(Debug, Clone, Default)]
pub struct CommunityNames(std::collections::BTreeMap<Id, String>);

impl CommunityNames {
    pub fn new<S: Into<String>>(seen: impl IntoIterator<Item = (Id, S)>) -> CommunityNames {
        CommunityNames(seen.into_iter().map(|(id, n)| (id, n.into())).collect())
    }

    /// Whether the caller sees more than one community.
    pub fn several(&self) -> bool {
        self.0.len() > 1
    }

    /// `place` after its community's name (`花苑社区 一网格`) when several are seen, else alone.
    pub fn place(&self, community: Id, place: impl std::fmt::Display) -> String {
        match self.0.get(&community) {
            Some(c) if self.several() => format!("{c} {place}"),
            _ => place.to_string(),
        }
    }
}

/// The name among `names` nearest to `typed`: fewest edits (characters added, removed or
/// changed, 社区 at the end not counted), then most characters shared, then first listed.
pub fn closest_name<'a>(names: &[&'a str], typed: &str) -> Option<&'a str> {
    let bare = |n: &str| -> Vec<char> { n.trim().trim_end_matches("社区").chars().collect() };
    let want = bare(typed);
    names
        .iter()
        .enumerate()
        .min_by_key(|(i, n)| {
            let have = bare(n);
            let shared = have.iter().filter(|c| want.contains(c)).count();
            (edits(&want, &have), std::cmp::Reverse(shared), *i)
        })
        .map(|(_, n)| *n)
}

/// Levenshtein distance between two strings of characters.
fn edits(a: &[char], b: &[char]) -> usize {
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut diag = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let next = (row[j + 1] + 1)
                .min(row[j] + 1)
                .min(diag + usize::from(ca != cb));
            diag = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

/// 网格: a grid at level 1 to 4; level-1 grids hang off the community, deeper ones off a parent grid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Grid {
    pub id: Id,
    pub community: Id,
    pub parent: Option<Id>,
    pub level: u8,
    pub name: String,
    /// The OS user name of the grid captain (网格长), if one is assigned.
    pub captain: Option<String>,
}

/// 楼栋: a building, known by its number within the community.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Building {
    pub id: Id,
    pub community: Id,
    pub grid: Id,
    pub number: u32,
    pub entrances: u8,
    pub floors: u8,
}

impl Grid {
    pub fn validate(&self) -> Result<(), Invalid> {
        if !(1..=4).contains(&self.level) {
            return Err(Invalid::new(format!(
                "the grid “{}” is at level {}; grids go from level 1 to 4",
                super::shown::quote(&self.name),
                self.level
            )));
        }
        if (self.level == 1) != self.parent.is_none() {
            return Err(Invalid::new(format!(
                "the grid “{}” at level {} must {} a parent grid",
                super::shown::quote(&self.name),
                self.level,
                if self.level == 1 { "not have" } else { "have" }
            )));
        }
        if self.name.trim().is_empty() {
            return Err(Invalid::new("a grid needs a name"));
        }
        Ok(())
    }
}

impl Building {
    pub fn validate(&self) -> Result<(), Invalid> {
        if self.number == 0 || self.entrances == 0 || self.floors == 0 {
            return Err(Invalid::new(format!(
                "building {} needs a number, at least one entrance and at least one floor",
                self.number
            )));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_closest_name_has_the_fewest_edits_then_the_most_shared_characters() {
        let names = ["花苑社区", "石冲村社区", "东裕社区"];
        assert_eq!(closest_name(&names, "石冲社区"), Some("石冲村社区"));
        assert_eq!(closest_name(&names, "东裕"), Some("东裕社区"));
        assert_eq!(closest_name(&names, "花园社区"), Some("花苑社区"));
        assert_eq!(closest_name(&[], "花园社区"), None);
    }
}

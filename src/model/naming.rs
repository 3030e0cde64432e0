//! Finding the grid a person typed: by its number, by its name, or as `社区/网格` where
//! several communities have a grid of that name (a street office's grids repeat names).

use super::place::{community_named, Community, Grid};
use super::Id;

/// The grid `typed` names among `grids`: its number; its name, when one grid alone has it; or
/// `社区/网格` (also with `／`, the community as `community_named` takes it). Otherwise the
/// grids the name fits, each as `社区/网格`, sorted, to choose from (none when none fits).
pub fn grid_named(
    typed: &str,
    grids: &[&Grid],
    communities: &[&Community],
) -> Result<Id, Vec<String>> {
    let t = typed.trim();
    if let Some(g) = grids.iter().find(|g| g.id.to_string() == t) {
        return Ok(g.id);
    }
    let (community, name) = match t.split_once(['/', '／']) {
        Some((c, n)) => match community_named(communities, |c| c.name.as_str(), c) {
            Ok(c) => (Some(c.id), n.trim()),
            Err(_) => return Err(Vec::new()),
        },
        None => (None, t),
    };
    let found: Vec<&Grid> = grids
        .iter()
        .copied()
        .filter(|g| g.name == name && community.is_none_or(|c| g.community == c))
        .collect();
    match found.as_slice() {
        [g] => Ok(g.id),
        several => {
            let mut names: Vec<String> =
                several.iter().map(|g| qualified(g, communities)).collect();
            names.sort();
            Err(names)
        }
    }
}

/// A grid as `社区/网格`, the way `grid_named` takes it back.
pub fn qualified(grid: &Grid, communities: &[&Community]) -> String {
    match communities.iter().find(|c| c.id == grid.community) {
        Some(c) => format!("{}/{}", c.name, grid.name),
        None => grid.name.clone(),
    }
}

/// Names to choose from, at most eight, then how many more.
pub fn choices(names: &[String]) -> String {
    let mut s = names.iter().take(8).cloned().collect::<Vec<_>>().join(", ");
    if names.len() > 8 {
        s.push_str(&format!(" … (+{})", names.len() - 8));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid(id: Id, community: Id, name: &str) -> Grid {
        Grid {
            id,
            community,
            parent: None,
            level: 0,
            name: name.into(),
            captain: None,
        }
    }

    #[test]
    fn a_repeated_grid_name_is_told_apart_by_its_community() {
        let cs = [
            Community {
                id: 1,
                street: 1,
                name: "花苑社区".into(),
            },
            Community {
                id: 2,
                street: 1,
                name: "锦绣社区".into(),
            },
        ];
        let gs = [
            grid(10, 1, "第一网格"),
            grid(20, 2, "第一网格"),
            grid(21, 2, "第二网格"),
        ];
        let (cs, gs): (Vec<&Community>, Vec<&Grid>) = (cs.iter().collect(), gs.iter().collect());
        assert_eq!(grid_named("第二网格", &gs, &cs), Ok(21));
        assert_eq!(grid_named("20", &gs, &cs), Ok(20));
        assert_eq!(grid_named("锦绣社区/第一网格", &gs, &cs), Ok(20));
        assert_eq!(grid_named("花苑／第一网格", &gs, &cs), Ok(10));
        assert_eq!(
            grid_named("第一网格", &gs, &cs),
            Err(vec![
                "花苑社区/第一网格".to_string(),
                "锦绣社区/第一网格".to_string()
            ])
        );
        assert_eq!(grid_named("第九网格", &gs, &cs), Err(vec![]));
        assert_eq!(grid_named("东风社区/第一网格", &gs, &cs), Err(vec![]));
    }
}

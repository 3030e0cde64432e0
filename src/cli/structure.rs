//! `gridbook street|community|grid|building …` and `staff grids`: the street's structure
//! changed from the command line, places named as people write them.

use crate::cli::out::outln;

use std::path::Path;

use anyhow::bail;

use crate::api::structure::{
    AddBuilding, AddCommunity, AddGrid, AddStreet, MoveBuilding, RenameCommunity, RenameGrid,
    RenumberBuilding, SetStaffGrids,
};
use crate::client::{Ask, Backend};
use crate::i18n::{count, Lang};
use crate::model::place::closest_name;
use crate::model::{Building, Grid, Id};
use crate::store::query::Overview;
use crate::tr;

use super::address::{community_id, listing};

#[derive(Debug, clap::Subcommand)]
pub enum StreetCommand {
    /// Add a street (街道).
    Add {
        name: String,
        /// Print what was saved as JSON.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, clap::Subcommand)]
pub enum CommunityCommand {
    /// Add a community (社区) to a street.
    Add {
        name: String,
        /// The street, by name; needed when the store has more than one.
        #[arg(long, value_name = "NAME")]
        street: Option<String>,
        /// Print what was saved as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Give a community a new name.
    Rename {
        name: String,
        new: String,
        /// Print what was saved as JSON.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, clap::Subcommand)]
pub enum GridCommand {
    /// Add a grid (网格): at level 1, or one level below --parent, down to level 4.
    Add {
        name: String,
        /// The community, by name (or the start of it); needed when there is more than one.
        #[arg(long, value_name = "NAME")]
        community: Option<String>,
        /// The grid it belongs under, by name.
        #[arg(long, value_name = "GRID")]
        parent: Option<String>,
        /// Print what was saved as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Give a grid a new name.
    Rename {
        name: String,
        new: String,
        /// The community, by name (or the start of it), when grids of several have the name.
        #[arg(long, value_name = "NAME")]
        community: Option<String>,
        /// Print what was saved as JSON.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, clap::Subcommand)]
pub enum BuildingCommand {
    /// Add a building (楼栋) to a grid.
    Add {
        number: u32,
        /// The grid it is in, by name.
        #[arg(long, value_name = "GRID")]
        grid: String,
        /// The community, by name (or the start of it), when grids of several have the name.
        #[arg(long, value_name = "NAME")]
        community: Option<String>,
        /// How many entrances (单元) it has.
        #[arg(long, default_value_t = 1, value_name = "N")]
        entrances: u8,
        /// How many floors it has.
        #[arg(long, default_value_t = 6, value_name = "N")]
        floors: u8,
        /// Print what was saved as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Give a building a new number; its households' addresses follow.
    Renumber {
        number: u32,
        new: u32,
        /// The community, by name (or the start of it), when several have the building.
        #[arg(long, value_name = "NAME")]
        community: Option<String>,
        /// Print what was saved as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Move a building to another grid of its community; its households follow.
    Move {
        number: u32,
        /// The grid it moves to, by name.
        #[arg(long, value_name = "GRID")]
        grid: String,
        /// The community, by name (or the start of it), when several have the building.
        #[arg(long, value_name = "NAME")]
        community: Option<String>,
        /// Print what was saved as JSON.
        #[arg(long)]
        json: bool,
    },
}

/// Prints `value` as JSON, or the sentence.
fn say<T: serde::Serialize>(json: bool, value: &T, sentence: String) -> anyhow::Result<()> {
    if json {
        crate::cli::out::json(value)?;
    } else {
        outln!("{sentence}");
    }
    Ok(())
}

/// The community named, or the only one when none is named.
pub(crate) fn community(o: &Overview, named: Option<&str>, lang: Lang) -> anyhow::Result<Id> {
    match named {
        Some(name) => community_id(&o.communities, name, lang),
        None => match o.communities.as_slice() {
            [one] => Ok(one.id),
            [] => bail!(tr!(
                lang,
                "还没有社区；请先用 gridbook community add 添加",
                "there is no community yet; add one with gridbook community add"
            )),
            all => {
                let names = listing(all.iter().map(|c| c.name.clone()).collect(), lang);
                bail!(tr!(
                    lang,
                    "有好几个社区（{names}）；请用 --community 社区名 指明是哪个",
                    "there are several communities ({names}); say which with --community NAME"
                ))
            }
        },
    }
}

/// The one grid called `typed`, in the community named (or any): the closest name when none
/// is, the communities when several are.
pub(crate) fn grid<'a>(
    o: &'a Overview,
    community: Option<&str>,
    typed: &str,
    lang: Lang,
) -> anyhow::Result<&'a Grid> {
    let within = community
        .map(|c| self::community(o, Some(c), lang))
        .transpose()?;
    let typed = typed.trim();
    let candidates: Vec<&Grid> = o
        .grids
        .iter()
        .filter(|g| within.is_none_or(|c| g.community == c))
        .collect();
    let found: Vec<&Grid> = candidates
        .iter()
        .copied()
        .filter(|g| g.name == typed)
        .collect();
    match found.as_slice() {
        [one] => Ok(one),
        [] => {
            let names: Vec<&str> = candidates.iter().map(|g| g.name.as_str()).collect();
            match closest_name(&names, typed) {
                Some(near) => bail!(tr!(
                    lang,
                    "没有叫{typed}的网格；最接近的是{near}",
                    "there is no grid called {typed}; the closest is {near}"
                )),
                None => bail!(tr!(
                    lang,
                    "没有叫{typed}的网格；请先用 gridbook grid add 添加",
                    "there is no grid called {typed}; add one with gridbook grid add"
                )),
            }
        }
        several => {
            let names = listing(
                several
                    .iter()
                    .map(|g| o.community_name(g.community))
                    .collect(),
                lang,
            );
            bail!(tr!(
                lang,
                "{names}都有叫{typed}的网格；请用 --community 社区名 指明是哪个",
                "{names} each have a grid called {typed}; say which with --community NAME"
            ))
        }
    }
}

/// The one building numbered `number`, in the community named (or any).
fn building<'a>(
    o: &'a Overview,
    community: Option<&str>,
    number: u32,
    lang: Lang,
) -> anyhow::Result<&'a Building> {
    let within = community
        .map(|c| self::community(o, Some(c), lang))
        .transpose()?;
    let found: Vec<&Building> = o
        .buildings
        .iter()
        .filter(|b| b.number == number && within.is_none_or(|c| b.community == c))
        .collect();
    match found.as_slice() {
        [one] => Ok(one),
        [] => match within {
            Some(c) => {
                let c = o.community_name(c);
                bail!(tr!(
                    lang,
                    "{c}没有 {number} 栋；请在浏览界面里核对楼号",
                    "{c} has no building {number}; check the number in the browse screen"
                ))
            }
            None => bail!(tr!(
                lang,
                "没有 {number} 栋；请在浏览界面里核对楼号",
                "there is no building {number}; check the number in the browse screen"
            )),
        },
        several => {
            let names = listing(
                several
                    .iter()
                    .map(|b| o.community_name(b.community))
                    .collect(),
                lang,
            );
            bail!(tr!(
                lang,
                "{names}都有 {number} 栋；请用 --community 社区名 指明是哪个",
                "{names} each have a building {number}; say which with --community NAME"
            ))
        }
    }
}

pub fn street(dir: &Path, cmd: &StreetCommand, lang: Lang) -> anyhow::Result<()> {
    let backend = crate::client::open(dir)?;
    match cmd {
        StreetCommand::Add { name, json } => {
            let s = backend.call(AddStreet { name: name.clone() })?;
            let name = &s.name;
            say(
                *json,
                &s,
                tr!(lang, "已添加街道{name}", "added the street {name}"),
            )
        }
    }
}

pub fn community_cmd(dir: &Path, cmd: &CommunityCommand, lang: Lang) -> anyhow::Result<()> {
    let backend = crate::client::open(dir)?;
    let o = backend.overview()?;
    match cmd {
        CommunityCommand::Add { name, street, json } => {
            let s = match street {
                Some(typed) => o
                    .streets
                    .iter()
                    .find(|s| s.name == typed.trim())
                    .ok_or_else(|| {
                        let names =
                            listing(o.streets.iter().map(|s| s.name.clone()).collect(), lang);
                        let typed = typed.trim();
                        anyhow::anyhow!(tr!(
                            lang,
                            "没有叫{typed}的街道；请用{names}中的一个",
                            "there is no street called {typed}; use one of {names}"
                        ))
                    })?,
                None => match o.streets.as_slice() {
                    [one] => one,
                    [] => bail!(tr!(
                        lang,
                        "还没有街道；请先用 gridbook street add 添加",
                        "there is no street yet; add one with gridbook street add"
                    )),
                    all => {
                        let names = listing(all.iter().map(|s| s.name.clone()).collect(), lang);
                        bail!(tr!(
                            lang,
                            "有好几个街道（{names}）；请用 --street 街道名 指明是哪个",
                            "there are several streets ({names}); say which with --street NAME"
                        ))
                    }
                },
            };
            let c = backend.call(AddCommunity {
                street: s.id,
                name: name.clone(),
            })?;
            let (name, street) = (&c.name, &s.name);
            say(
                *json,
                &c,
                tr!(lang, "已在{street}添加{name}", "added {name} to {street}"),
            )
        }
        CommunityCommand::Rename { name, new, json } => {
            let id = community_id(&o.communities, name, lang)?;
            let old = o.community_name(id);
            let c = backend.call(RenameCommunity {
                community: id,
                name: new.clone(),
            })?;
            let new = &c.name;
            say(
                *json,
                &c,
                tr!(lang, "{old}已改名为{new}", "{old} is now called {new}"),
            )
        }
    }
}

pub fn grid_cmd(dir: &Path, cmd: &GridCommand, lang: Lang) -> anyhow::Result<()> {
    let backend = crate::client::open(dir)?;
    let o = backend.overview()?;
    match cmd {
        GridCommand::Add {
            name,
            community: named,
            parent,
            json,
        } => {
            let (community, parent) = match parent {
                // The parent tells the community, unless one is named too.
                Some(p) => {
                    let p = grid(&o, named.as_deref(), p, lang)?;
                    (p.community, Some(p))
                }
                None => (community(&o, named.as_deref(), lang)?, None),
            };
            let g = backend.call(AddGrid {
                community,
                parent: parent.map(|p| p.id),
                name: name.clone(),
            })?;
            let (name, level, c) = (&g.name, g.level, o.community_name(community));
            let sentence = match parent {
                Some(p) => {
                    let p = &p.name;
                    tr!(
                        lang,
                        "已在{c}的{p}之下添加{level}级网格{name}",
                        "added {name}, a level-{level} grid of {c}, under {p}"
                    )
                }
                None => tr!(
                    lang,
                    "已在{c}添加{level}级网格{name}",
                    "added {name}, a level-{level} grid of {c}"
                ),
            };
            say(*json, &g, sentence)
        }
        GridCommand::Rename {
            name,
            new,
            community,
            json,
        } => {
            let g = grid(&o, community.as_deref(), name, lang)?;
            let old = &g.name;
            let renamed = backend.call(RenameGrid {
                grid: g.id,
                name: new.clone(),
            })?;
            let new = &renamed.name;
            say(
                *json,
                &renamed,
                tr!(lang, "{old}已改名为{new}", "{old} is now called {new}"),
            )
        }
    }
}

/// `N 户` / `N households`.
fn households(n: usize, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{n} 户"),
        Lang::En => count(n, "household", "households"),
    }
}

pub fn building_cmd(dir: &Path, cmd: &BuildingCommand, lang: Lang) -> anyhow::Result<()> {
    let backend = crate::client::open(dir)?;
    let o = backend.overview()?;
    match cmd {
        BuildingCommand::Add {
            number,
            grid: g,
            community,
            entrances,
            floors,
            json,
        } => {
            let g = grid(&o, community.as_deref(), g, lang)?;
            let b = backend.call(AddBuilding {
                grid: g.id,
                number: *number,
                entrances: *entrances,
                floors: *floors,
            })?;
            let (n, e, f, g) = (b.number, b.entrances, b.floors, &g.name);
            say(
                *json,
                &b,
                match lang {
                    Lang::Zh => format!("已在{g}添加 {n} 栋（{e} 个单元，{f} 层）"),
                    Lang::En => format!(
                        "added building {n} to {g} ({}, {})",
                        count(e, "entrance", "entrances"),
                        count(f, "floor", "floors")
                    ),
                },
            )
        }
        BuildingCommand::Renumber {
            number,
            new,
            community,
            json,
        } => {
            let b = building(&o, community.as_deref(), *number, lang)?;
            let changed = backend.call(RenumberBuilding {
                building: b.id,
                number: *new,
            })?;
            let sentence = match changed.households.len() {
                0 => tr!(
                    lang,
                    "{number} 栋已改为 {new} 栋（楼里还没有住户）",
                    "building {number} is now building {new} (it has no households yet)"
                ),
                n => {
                    let k = households(n, lang);
                    tr!(
                        lang,
                        "{number} 栋已改为 {new} 栋，{k}的地址随之更改",
                        "building {number} is now building {new}; the addresses of {k} changed with it"
                    )
                }
            };
            say(*json, &changed, sentence)
        }
        BuildingCommand::Move {
            number,
            grid: g,
            community,
            json,
        } => {
            let b = building(&o, community.as_deref(), *number, lang)?;
            // The grid is looked for in the building's community.
            let c = o.community_name(b.community);
            let to = grid(&o, Some(&c), g, lang)?;
            let from = o.grid_name(b.grid);
            let changed = backend.call(MoveBuilding {
                building: b.id,
                grid: to.id,
            })?;
            let to = &to.name;
            let sentence = match changed.households.len() {
                0 => tr!(
                    lang,
                    "{number} 栋已从{from}移到{to}（楼里还没有住户）",
                    "building {number} moved from {from} to {to} (it has no households yet)"
                ),
                n => {
                    let k = households(n, lang);
                    tr!(
                        lang,
                        "{number} 栋已从{from}移到{to}，{k}随之移入",
                        "building {number} moved from {from} to {to} with its {k}"
                    )
                }
            };
            say(*json, &changed, sentence)
        }
    }
}

/// `gridbook staff grids USER GRID…`: the grids a member of staff looks after, all of them.
pub fn staff_grids(
    backend: &dyn Backend,
    user: &str,
    grids: &[String],
    community: Option<&str>,
    json: bool,
    lang: Lang,
) -> anyhow::Result<()> {
    let o = backend.overview()?;
    let ids = grids
        .iter()
        .map(|g| grid(&o, community, g, lang).map(|g| g.id))
        .collect::<anyhow::Result<Vec<Id>>>()?;
    let s = backend.call(SetStaffGrids {
        user: user.to_string(),
        grids: ids,
    })?;
    let names = lang.listing(&s.grids.iter().map(|&g| o.grid_name(g)).collect::<Vec<_>>());
    let sentence = if s.grids.is_empty() {
        tr!(
            lang,
            "{user} 现在不负责任何网格",
            "{user} now looks after no grid"
        )
    } else {
        tr!(
            lang,
            "{user} 现在负责{names}",
            "{user} now looks after {names}"
        )
    };
    say(json, &s, sentence)
}

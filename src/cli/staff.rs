//! `gridbook staff add|list|remove|grids`: who may use the store, with what role and which
//! grids.

use crate::cli::out::outln;

use std::path::Path;

use crate::i18n::Lang;
use crate::model::{Grid, Role, Staff};
use crate::tr;

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum RoleArg {
    #[value(alias = "街道管理员")]
    StreetAdmin,
    #[value(alias = "社区管理员")]
    CommunityAdmin,
    #[value(aliases = ["网格长", "网格员"])]
    GridCaptain,
}

#[derive(Debug, clap::Subcommand)]
pub enum StaffCommand {
    /// Add a member of staff (or change one), known by their OS user name.
    Add {
        user: String,
        #[arg(long, value_enum)]
        role: RoleArg,
        /// A grid they look after, by name (repeat for several); for grid captains.
        #[arg(long = "grid", value_name = "NAME")]
        grids: Vec<String>,
        /// A community they look after, by name (repeat for several); for community admins,
        /// and to tell apart grids of the same name.
        #[arg(long = "community", value_name = "NAME")]
        communities: Vec<String>,
        /// The name shown on screen.
        #[arg(long)]
        name: Option<String>,
    },
    /// List staff with their roles and grids.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Remove a member of staff.
    Remove { user: String },
    /// Give a member of staff her grids, by name: all she looks after (none to clear them).
    Grids {
        user: String,
        #[arg(value_name = "GRID")]
        grids: Vec<String>,
        /// The community, by name (or the start of it), when grids of several have the name.
        #[arg(long, value_name = "NAME")]
        community: Option<String>,
        /// Print what was saved as JSON.
        #[arg(long)]
        json: bool,
    },
}

pub fn run(dir: &Path, cmd: &StaffCommand, lang: Lang) -> anyhow::Result<()> {
    let backend = crate::client::open(dir)?;
    match cmd {
        StaffCommand::Add {
            user,
            role,
            grids,
            communities,
            name,
        } => {
            let o = backend.overview()?;
            let community_ids: Vec<u64> = communities
                .iter()
                .map(|c| {
                    o.communities
                        .iter()
                        .find(|x| x.name == *c || x.name.trim_end_matches("社区") == c.trim_end_matches("社区"))
                        .map(|x| x.id)
                        .ok_or_else(|| anyhow::anyhow!(tr!(lang, "没有叫{c}的社区；`gridbook stats` 和浏览界面里都能看到社区名单", "there is no community named {c}; `gridbook stats` and the browse screen list them")))
                })
                .collect::<anyhow::Result<_>>()?;
            let grid_ids: Vec<u64> = grids
                .iter()
                .map(|g| {
                    let found: Vec<&Grid> = o
                        .grids
                        .iter()
                        .filter(|x| {
                            x.name == *g
                                && (community_ids.is_empty()
                                    || community_ids.contains(&x.community))
                        })
                        .collect();
                    match found.as_slice() {
                        [one] => Ok(one.id),
                        [] => Err(anyhow::anyhow!(tr!(
                            lang,
                            "没有叫{g}的网格；请在浏览界面里核对名称",
                            "there is no grid named {g}; check the name in the browse screen"
                        ))),
                        _ => {
                            let n = found.len();
                            Err(anyhow::anyhow!(tr!(
                                lang,
                                "有 {n} 个网格都叫{g}；请加上 --community 社区名 指明是哪个",
                                "{n} grids are named {g}; add --community NAME to say which"
                            )))
                        }
                    }
                })
                .collect::<anyhow::Result<_>>()?;
            let role = match role {
                RoleArg::StreetAdmin => Role::StreetAdmin,
                RoleArg::CommunityAdmin => Role::CommunityAdmin,
                RoleArg::GridCaptain => Role::GridCaptain,
            };
            if role == Role::GridCaptain && grid_ids.is_empty() {
                anyhow::bail!(tr!(
                    lang,
                    "网格长至少要有一个 --grid 网格名",
                    "a grid captain needs at least one --grid NAME"
                ));
            }
            if role == Role::CommunityAdmin && community_ids.is_empty() {
                anyhow::bail!(tr!(
                    lang,
                    "社区管理员至少要有一个 --community 社区名",
                    "a community admin needs at least one --community NAME"
                ));
            }
            let staff = Staff {
                user: user.clone(),
                display_name: name.clone().unwrap_or_else(|| user.clone()),
                role,
                grids: grid_ids,
                communities: if role == Role::CommunityAdmin {
                    community_ids
                } else {
                    Vec::new()
                },
            };
            backend.put_staff(&staff)?;
            let role = role_name(role, lang);
            outln!(
                "{}",
                tr!(
                    lang,
                    "{user} 现在可以以{role}身份使用 gridbook",
                    "{user} may now use gridbook as {role}"
                )
            );
        }
        StaffCommand::List { json } => {
            let staff = backend.staff()?;
            if *json {
                crate::cli::out::json(&staff)?;
            } else {
                for s in &staff {
                    let role = role_name(s.role, lang);
                    let role = match lang {
                        Lang::Zh => pad(role, 12),
                        Lang::En => format!("{role:<16}"),
                    };
                    outln!("{:<14} {role} {}", s.user, s.display_name);
                }
                let n = staff.len();
                outln!("{}", tr!(lang, "共 {n} 名工作人员", "{n} staff"));
            }
        }
        StaffCommand::Grids {
            user,
            grids,
            community,
            json,
        } => {
            super::structure::staff_grids(
                backend.as_ref(),
                user,
                grids,
                community.as_deref(),
                *json,
                lang,
            )?;
        }
        StaffCommand::Remove { user } => {
            if backend.remove_staff(user)? {
                outln!(
                    "{}",
                    tr!(
                        lang,
                        "{user} 不能再使用 gridbook 了",
                        "{user} may no longer use gridbook"
                    )
                );
            } else {
                anyhow::bail!(tr!(
                    lang,
                    "{user} 不是工作人员；`gridbook staff list` 会列出所有工作人员",
                    "{user} is not staff; `gridbook staff list` shows who is"
                ));
            }
        }
    }
    Ok(())
}

fn role_name(r: Role, lang: Lang) -> &'static str {
    match r {
        Role::StreetAdmin => lang.pick("街道管理员", "street admin"),
        Role::CommunityAdmin => lang.pick("社区管理员", "community admin"),
        Role::GridCaptain => lang.pick("网格长", "grid captain"),
    }
}

/// Pads Chinese text to a display width (two columns a character).
fn pad(s: &str, width: usize) -> String {
    let w = unicode_width::UnicodeWidthStr::width(s);
    format!("{s}{}", " ".repeat(width.saturating_sub(w)))
}

//! `gridbook staff add|list|remove`: who may use the store, with what role and which grids.

use std::path::Path;

use crate::model::{Grid, Role, Staff};

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum RoleArg {
    StreetAdmin,
    CommunityAdmin,
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
}

pub fn run(dir: &Path, cmd: &StaffCommand) -> anyhow::Result<()> {
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
                        .ok_or_else(|| anyhow::anyhow!("there is no community named {c}; `gridbook stats` and the browse screen list them"))
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
                        [] => Err(anyhow::anyhow!(
                            "there is no grid named {g}; check the name in the browse screen"
                        )),
                        _ => Err(anyhow::anyhow!(
                            "{} grids are named {g}; add --community NAME to say which",
                            found.len()
                        )),
                    }
                })
                .collect::<anyhow::Result<_>>()?;
            let role = match role {
                RoleArg::StreetAdmin => Role::StreetAdmin,
                RoleArg::CommunityAdmin => Role::CommunityAdmin,
                RoleArg::GridCaptain => Role::GridCaptain,
            };
            if role == Role::GridCaptain && grid_ids.is_empty() {
                anyhow::bail!("a grid captain needs at least one --grid NAME");
            }
            if role == Role::CommunityAdmin && community_ids.is_empty() {
                anyhow::bail!("a community admin needs at least one --community NAME");
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
            println!("{user} may now use gridbook as {}", role_name(role));
        }
        StaffCommand::List { json } => {
            let staff = backend.staff()?;
            if *json {
                println!("{}", serde_json::to_string(&staff)?);
            } else {
                for s in &staff {
                    println!(
                        "{:<14} {:<16} {}",
                        s.user,
                        role_name(s.role),
                        s.display_name
                    );
                }
                println!("{} staff", staff.len());
            }
        }
        StaffCommand::Remove { user } => {
            if backend.remove_staff(user)? {
                println!("{user} may no longer use gridbook");
            } else {
                anyhow::bail!("{user} is not staff; `gridbook staff list` shows who is");
            }
        }
    }
    Ok(())
}

fn role_name(r: Role) -> &'static str {
    match r {
        Role::StreetAdmin => "street admin",
        Role::CommunityAdmin => "community admin",
        Role::GridCaptain => "grid captain",
    }
}

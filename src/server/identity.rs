//! Who is calling: the peer's OS user from the socket, mapped to a staff record and a scope.

use std::os::unix::fs::MetadataExt;
use std::os::unix::net::UnixStream;
use std::path::Path;

use crate::model::scope::Scope;
use crate::model::{Grid, Staff};
use crate::store::Store;

/// The calling process's uid, read from the socket (SO_PEERCRED).
pub fn peer_uid(stream: &UnixStream) -> std::io::Result<u32> {
    let creds = nix::sys::socket::getsockopt(stream, nix::sys::socket::sockopt::PeerCredentials)
        .map_err(std::io::Error::from)?;
    Ok(creds.uid())
}

pub fn user_name(uid: u32) -> String {
    nix::unistd::User::from_uid(nix::unistd::Uid::from_raw(uid))
        .ok()
        .flatten()
        .map(|u| u.name)
        .unwrap_or_else(|| format!("uid{uid}"))
}

/// The user, what they may see, and whether they are someone sent down for a campaign (no
/// staff: only the campaign's operations answer them), or the sentence that refuses them.
pub fn identify(store: &Store, dir: &Path, uid: u32) -> Result<(String, Scope, bool), String> {
    let name = user_name(uid);
    let owner = std::fs::metadata(dir).map(|m| m.uid()).ok();
    if uid == 0 || Some(uid) == owner {
        return Ok((name, Scope::everything(), false));
    }
    let staff = store
        .get::<Staff>(name.as_bytes())
        .map_err(|e| e.to_string())?;
    match staff {
        Some(s) => {
            let grids: Vec<Grid> = store
                .all::<Grid>()
                .collect::<Result<_, _>>()
                .map_err(|e| e.to_string())?;
            Ok((name, Scope::of(&s, &grids), false))
        }
        None => {
            let today = crate::model::time::local_day(store.now());
            if let Some(scope) = store
                .sent_down_scope(&name, today)
                .map_err(|e| e.to_string())?
            {
                return Ok((name, scope, true));
            }
            if let Some(why) = store.off_duty(&name, today).map_err(|e| e.to_string())? {
                return Err(why);
            }
            Err(format!(
            "the user {name} is not gridbook staff; an admin adds them with: gridbook staff add {name} --role grid-captain --grid GRID"
            ))
        }
    }
}

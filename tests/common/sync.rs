//! Sync fixtures shared by tests: in-process replicas of the small store, synced over a socket
//! pair, and edits made on one replica.

use std::os::unix::net::UnixStream;

use gridbook::cli::sync::{drive, serve, Summary};
use gridbook::client::{Backend, Local};
use gridbook::model::{Household, Id};
use gridbook::store::{keys, OpenOptions, Store};

/// Syncs `laptop` with `server` over a socket pair; the laptop knows the server as `peer`.
pub fn sync_as(laptop: &dyn Backend, server: &dyn Backend, peer: &str) -> Summary {
    let (a, b) = UnixStream::pair().unwrap();
    std::thread::scope(|s| {
        let server_side = s.spawn(|| {
            let r = b.try_clone().unwrap();
            serve(server, r, b)
        });
        let r = a.try_clone().unwrap();
        let out = drive(laptop, peer, r, a);
        let _ = server_side.join().unwrap();
        out.unwrap()
    })
}

/// The server (the small fixture, user `server`) and one laptop with its first copy, whose
/// user is `laptop_user`.
pub fn server_and_laptop(root: &std::path::Path, laptop_user: &str) -> (Local, Local) {
    let server = Local::new(super::small_store(&root.join("server")), "server".into());
    let laptop = Local::new(
        Store::open(&root.join("laptop"), OpenOptions::default()).unwrap(),
        laptop_user.into(),
    );
    assert!(sync_as(&laptop, &server, "community-server").first_copy);
    (server, laptop)
}

/// Changes a household on one replica, as `by`.
pub fn edit_household(store: &Store, by: &str, id: Id, f: impl Fn(&mut Household) + Sync) {
    store
        .write(by, |t| {
            let mut h = t.get::<Household>(&keys::id(id))?.unwrap();
            f(&mut h);
            t.put(&h)
        })
        .unwrap();
}

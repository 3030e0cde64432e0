//! The roster kept true from the command line.

mod common;

#[test]
fn scratch_fixture() {
    let dir = std::path::Path::new("/tmp/rcli_fix");
    let _ = std::fs::remove_dir_all(dir);
    let store = common::small_store(&dir.join("store"));
    common::two_communities(&store);
}

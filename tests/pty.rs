//! The real binary in a pseudo-terminal, as a person would use it.

mod common;

use common::pty::Session;

#[test]
fn browse_move_jump_and_quit_on_a_fixture_store() {
    let dir = tempfile::tempdir().unwrap();
    drop(common::small_store(dir.path()));
    let mut s = Session::start(dir.path(), &[], 80, 24);
    s.wait_for("the tree", 20, |sc| {
        sc.contains("花苑社区") && sc.contains("3-1-201")
    });
    s.send("j");
    s.wait_for("building 5's households", 10, |sc| {
        sc.contains("5-1-101 周官萍")
    });
    s.send(":5-2-301\r");
    s.wait_for("the detail of 5-2-301", 10, |sc| {
        sc.contains("5-2-301  花苑社区")
    });
    s.send("q");
    assert_eq!(s.wait_exit(10), 0);
}

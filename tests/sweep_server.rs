//! A sweep on a server that goes away mid-walk: the screen reconnects, every door pressed is
//! saved once, and the summary counts only what the store acknowledged.

mod common;

use common::pty::Session;
use common::{kill, server_pids, StopServers};

#[test]
fn a_server_killed_mid_sweep_is_started_again_and_every_door_pressed_is_saved_once() {
    let dir = tempfile::tempdir().unwrap();
    drop(common::small_store(dir.path()));
    let _stop = StopServers(dir.path());
    let mut s = Session::start_client(dir.path(), &["--lang", "zh"], 80, 24);
    s.wait_for("the tree", 20, |sc| sc.contains("3-1-201"));
    s.send(":5-1-102\r");
    s.wait_for("building 5", 10, |sc| sc.contains("5-1-102  花苑社区"));
    s.send("\t\ts");
    s.wait_for("the sweep", 10, |sc| sc.contains("扫楼 · 5栋"));
    s.send("m"); // 5-1-101 met
    s.wait_for("the first door saved", 10, |sc| sc.contains("已走访 1 户"));

    let first = server_pids(dir.path());
    assert_eq!(first.len(), 1);
    kill(first[0], nix::sys::signal::Signal::SIGKILL);
    s.send("h"); // 5-1-102 not home
    s.send("r"); // 5-2-301 refused
    let summary = s.wait_for("the summary", 30, |sc| {
        sc.contains("扫楼结束") || sc.contains("没有保存")
    });
    assert!(
        summary.contains("已走访 3 户：在家 1，不在家 1，拒访 1，需复访 0；排了 1 项待办"),
        "{summary}"
    );
    assert!(
        !summary.contains("没有保存") && !summary.contains("正在保存"),
        "{summary}"
    );
    assert_eq!(
        server_pids(dir.path()).len(),
        2,
        "the screen started a server again"
    );

    // Back to the list: its title and its rows are of the same building.
    s.send("\r");
    let list = s.wait_for("the list again", 10, |sc| {
        !sc.contains("扫楼结束") && sc.contains("5-2-301")
    });
    assert!(list.contains("住户 · 5栋 (3)"), "{list}");
    assert!(
        !list.contains("3-1-201 "),
        "only building 5's doors are listed under its title:\n{list}"
    );
    s.send("q");
    s.wait_exit(10);

    // Two visits of the fixture and one a door; one knock-again besides the fixture's.
    let stats = common::run_bin(dir.path(), &["stats", "--json"]);
    let text = String::from_utf8_lossy(&stats.stdout);
    assert!(
        text.contains(r#""visits":5,"#) && text.contains(r#""followups":2}"#),
        "{text}{}",
        String::from_utf8_lossy(&stats.stderr)
    );
}

//! The roster forms through the real binary in a pseudo-terminal at 80×24 in Chinese, one
//! test a form; the add-resident form's draft survives SIGKILL.

mod common;

use common::pty::Session;

/// F2 saves (ctrl-s may be taken by flow control on some links).
const F2: &str = "\x1bOQ";

/// The binary on the fixture at 80×24 in Chinese, at 5-1-102 (曾小明, 李娟, 曾子涵).
fn at_zeng(dir: &std::path::Path) -> Session {
    let mut s = Session::start(dir, &["--lang", "zh"], 80, 24);
    s.wait_for("the tree", 20, |sc| sc.contains("3-1-201"));
    s.send(":5-1-102\r");
    s.wait_for("5-1-102", 10, |sc| sc.contains("5-1-102  花苑社区"));
    s
}

fn quit(mut s: Session) {
    s.send("q");
    assert_eq!(s.wait_exit(10), 0);
}

#[test]
fn the_household_form_in_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    drop(common::small_store(dir.path()));
    let mut s = at_zeng(dir.path());
    s.send("i");
    s.wait_for("the form", 10, |sc| {
        sc.contains("修改户信息 5-1-102") && sc.contains("房屋状态  自住 出租 空置 其他")
    });
    // To the house status: phone, then the care tags.
    s.send("\t\t2\t陈国强");
    s.wait_for("the landlord typed", 10, |sc| {
        sc.contains("房东姓名  陈国强")
    });
    s.send(F2);
    s.wait_for("saved, the detail shows it", 10, |sc| {
        sc.contains("已保存 5-1-102") && sc.contains("房屋 出租 · 房东 陈国强")
    });
    quit(s);
}

#[test]
fn the_add_resident_form_keeps_its_draft_across_sigkill() {
    let dir = tempfile::tempdir().unwrap();
    drop(common::small_store(dir.path()));
    let mut s = at_zeng(dir.path());
    s.send("a");
    s.wait_for("the form", 10, |sc| sc.contains("添加居民 5-1-102"));
    s.send("曾小宝");
    s.wait_for("the name typed", 10, |sc| sc.contains("姓名      曾小宝"));
    // The draft is written as it is typed: wait until the store's write journal holds it.
    let journal = dir.path().join("journal");
    let needle = "曾小宝".as_bytes();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while !std::fs::read(&journal)
        .unwrap_or_default()
        .windows(needle.len())
        .any(|w| w == needle)
    {
        assert!(
            std::time::Instant::now() < deadline,
            "the draft never reached the store"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let pid = s.child.process_id().expect("a pid") as i32;
    nix::sys::signal::kill(
        nix::unistd::Pid::from_raw(pid),
        nix::sys::signal::Signal::SIGKILL,
    )
    .unwrap();
    s.wait_exit(10);
    drop(s);

    let mut again = Session::start(dir.path(), &["--lang", "zh"], 80, 24);
    again.wait_for("the offer to resume", 20, |sc| {
        sc.contains("恢复草稿") && sc.contains("添加居民")
    });
    again.send("\r");
    again.wait_for("the form with the name", 10, |sc| {
        sc.contains("添加居民 5-1-102") && sc.contains("姓名      曾小宝")
    });
    again.send("\t\t44010320190101001X");
    again.wait_for("what the ID number says", 10, |sc| {
        sc.contains("出生 2019-01-01 男")
    });
    again.send(F2);
    again.wait_for("the saved resident", 10, |sc| {
        sc.contains("已保存 5-1-102 曾小宝")
    });
    quit(again);
}

#[test]
fn the_edit_resident_form_in_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    drop(common::small_store(dir.path()));
    let mut s = at_zeng(dir.path());
    s.send("l");
    s.wait_for("the cursor on 曾小明", 10, |sc| sc.contains("▸曾小明"));
    s.send("j");
    s.wait_for("the cursor on 李娟", 10, |sc| sc.contains("▸李娟"));
    s.send("p");
    s.wait_for("the form", 10, |sc| {
        sc.contains("修改居民 李娟 · 5-1-102") && sc.contains("姓名      李娟")
    });
    s.send("娟");
    s.send(F2);
    s.wait_for("saved", 10, |sc| {
        sc.contains("已保存 5-1-102 李娟娟") && sc.contains("▸李娟娟")
    });
    // u makes her head.
    s.send("u");
    s.wait_for("head", 10, |sc| sc.contains("▸李娟娟 女 44岁 户主"));
    quit(s);
}

#[test]
fn the_leave_form_in_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    drop(common::small_store(dir.path()));
    let mut s = at_zeng(dir.path());
    s.send("l");
    s.wait_for("the cursor", 10, |sc| sc.contains("▸曾小明"));
    s.send("jj");
    s.wait_for("the cursor on 曾子涵", 10, |sc| sc.contains("▸曾子涵"));
    s.send("x");
    s.wait_for("the form", 10, |sc| {
        sc.contains("居民离开 曾子涵 · 5-1-102")
    });
    s.send("\t\t广州");
    s.send(F2);
    s.wait_for("she is former", 10, |sc| {
        sc.contains("已保存 5-1-102 曾子涵") && sc.contains("已离开 (1)")
    });
    quit(s);
}

#[test]
fn the_move_form_in_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    drop(common::small_store(dir.path()));
    let mut s = at_zeng(dir.path());
    s.send("l");
    s.wait_for("the cursor", 10, |sc| sc.contains("▸曾小明"));
    s.send("j");
    s.wait_for("the cursor on 李娟", 10, |sc| sc.contains("▸李娟"));
    s.send("m");
    s.wait_for("the form", 10, |sc| {
        sc.contains("迁到另一户 李娟 · 5-1-102")
    });
    s.send("5-2-301");
    s.send(F2);
    s.wait_for("moved", 10, |sc| sc.contains("已保存 5-2-301 李娟"));
    quit(s);
}

#[test]
fn the_new_household_form_in_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    drop(common::small_store(dir.path()));
    let mut s = at_zeng(dir.path());
    s.send("n");
    s.wait_for("the form", 10, |sc| {
        sc.contains("新建一户 · 5栋") && sc.contains("地址      5-")
    });
    s.send("2-601");
    s.send(F2);
    s.wait_for("the new household", 10, |sc| {
        sc.contains("已保存 5-2-601") && sc.contains("房屋 空置")
    });
    quit(s);
}

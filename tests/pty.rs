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

fn kill(s: &common::pty::Session, sig: nix::sys::signal::Signal) {
    let pid = s.child.process_id().expect("a pid") as i32;
    nix::sys::signal::kill(nix::unistd::Pid::from_raw(pid), sig).unwrap();
}

#[test]
fn sigterm_and_sighup_restore_the_terminal() {
    for sig in [
        nix::sys::signal::Signal::SIGTERM,
        nix::sys::signal::Signal::SIGHUP,
    ] {
        let dir = tempfile::tempdir().unwrap();
        drop(common::small_store(dir.path()));
        let mut s = Session::start(dir.path(), &[], 80, 24);
        s.wait_for("the tree", 20, |sc| sc.contains("花苑社区"));
        assert!(s.parser.lock().unwrap().screen().alternate_screen());
        kill(&s, sig);
        assert_eq!(s.wait_exit(10), 0, "{sig}");
        // The reader may still be taking the last bytes: give it up to five seconds.
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
        while std::time::Instant::now() < deadline {
            let restored = {
                let p = s.parser.lock().unwrap();
                !p.screen().alternate_screen() && !p.screen().hide_cursor()
            };
            if restored {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        let parser = s.parser.lock().unwrap();
        assert!(
            !parser.screen().alternate_screen(),
            "{sig}: still on the alternate screen"
        );
        assert!(
            !parser.screen().hide_cursor(),
            "{sig}: the cursor is still hidden"
        );
    }
}

#[test]
fn a_window_too_small_says_so_and_recovers_when_enlarged() {
    let dir = tempfile::tempdir().unwrap();
    drop(common::small_store(dir.path()));
    let mut s = Session::start(dir.path(), &["--lang", "en"], 30, 8);
    s.wait_for("the too-small message", 20, |sc| {
        sc.contains("Window too small")
    });
    s.resize(80, 24);
    s.wait_for("the tree after enlarging", 10, |sc| {
        sc.contains("花苑社区") && sc.contains("Households")
    });
    s.send("q");
    assert_eq!(s.wait_exit(10), 0);
}

#[test]
fn a_visit_logged_from_the_household_list_shows_in_the_history() {
    let dir = tempfile::tempdir().unwrap();
    drop(common::small_store(dir.path()));
    let mut s = Session::start(dir.path(), &["--lang", "zh"], 80, 24);
    s.wait_for("the tree", 20, |sc| sc.contains("3-1-201"));
    s.send(":5-2-301\r");
    s.wait_for("5-2-301", 10, |sc| sc.contains("5-2-301  花苑社区"));
    s.send("v");
    s.wait_for("the visit form", 10, |sc| sc.contains("走访 5-2-301"));
    s.send("老人精神很好");
    // F2 saves (ctrl-s may be taken by flow control on some links).
    s.send("\x1bOQ");
    s.wait_for("the visit in the history", 10, |sc| {
        sc.contains("已保存走访") && sc.contains("  老人精神很好")
    });
    s.send("q");
    assert_eq!(s.wait_exit(10), 0);
}

#[test]
fn a_half_typed_note_survives_sigkill_and_is_offered_on_restart() {
    let dir = tempfile::tempdir().unwrap();
    drop(common::small_store(dir.path()));
    let mut s = Session::start(dir.path(), &["--lang", "zh"], 80, 24);
    s.wait_for("the tree", 20, |sc| sc.contains("3-1-201"));
    s.send("v");
    s.wait_for("the visit form", 10, |sc| sc.contains("走访 3-1-201"));
    s.send("租户说下个月搬走，要");
    s.wait_for("the typed note", 10, |sc| {
        sc.contains("租户说下个月搬走，要")
    });
    // The draft is written as it is typed: wait until the store's write journal holds it
    // (a write that has reached the file outlives the process), then kill.
    let journal = dir.path().join("journal");
    let needle = "租户说下个月搬走，要".as_bytes();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let bytes = std::fs::read(&journal).unwrap_or_default();
        if bytes.windows(needle.len()).any(|w| w == needle) {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the draft never reached the store"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    kill(&s, nix::sys::signal::Signal::SIGKILL);
    s.wait_exit(10);
    drop(s);

    let mut again = Session::start(dir.path(), &["--lang", "zh"], 80, 24);
    again.wait_for("the offer to resume", 20, |sc| {
        sc.contains("恢复草稿") && sc.contains("租户说下个月搬走，要")
    });
    again.send("\r");
    // The offer names the visit too; the form is the one with the field labels.
    again.wait_for("the form with the text", 10, |sc| {
        sc.contains("走访 3-1-201") && sc.contains("情况      租户说下个月搬走，要")
    });
    again.send("退押金");
    again.send("\x1bOQ");
    again.wait_for("the saved visit", 10, |sc| sc.contains("已保存走访"));
    again.send("q");
    assert_eq!(again.wait_exit(10), 0);
}

#[test]
fn searching_by_pinyin_initials_finds_and_opens_the_household() {
    let dir = tempfile::tempdir().unwrap();
    drop(common::small_store(dir.path()));
    let mut s = Session::start(dir.path(), &["--lang", "zh"], 80, 24);
    s.wait_for("the tree", 20, |sc| sc.contains("3-1-201"));
    s.send("/zgp");
    s.wait_for("周官萍 in the hits", 10, |sc| {
        sc.contains("周官萍    5-1-101   花苑社区  (首字母)")
    });
    s.send("\r");
    s.wait_for("5-1-101 opened", 10, |sc| sc.contains("5-1-101  花苑社区"));
    s.send("q");
    assert_eq!(s.wait_exit(10), 0);
}

#[test]
fn browse_move_jump_and_quit_on_the_small_demo() {
    let dir = tempfile::tempdir().unwrap();
    common::small_demo(dir.path());
    let mut s = Session::start(dir.path(), &["--lang", "en"], 80, 24);
    s.wait_for("the tree and building 1's households", 20, |sc| {
        sc.contains("花苑社区") && sc.contains("Households · Bldg 1") && sc.contains("1-1-101")
    });
    s.send("j");
    s.wait_for("building 2", 10, |sc| {
        sc.contains("Households · Bldg 2") && sc.contains("2-1-")
    });
    s.send(":3-2-301\r");
    s.wait_for("3-2-301 in the detail", 10, |sc| {
        sc.contains("3-2-301  花苑社区")
    });
    s.send("q");
    assert_eq!(s.wait_exit(10), 0);
}

#[test]
fn ctrl_l_redraws_the_screen_and_the_screen_keeps_working() {
    // It used to freeze for two seconds and exit 1: "The cursor position could not be
    // read within a normal duration".
    let dir = tempfile::tempdir().unwrap();
    drop(common::small_store(dir.path()));
    let mut s = Session::start(dir.path(), &["--lang", "zh"], 80, 24);
    s.wait_for("the tree", 20, |sc| sc.contains("3-1-201"));
    // Scribble on the terminal's screen as a stray write would, then ctrl-l.
    s.parser.lock().unwrap().process(b"\x1b[5;5HGARBAGE");
    s.send("\x0c");
    s.wait_for("the repainted tree", 10, |sc| {
        sc.contains("3-1-201") && !sc.contains("GARBAGE")
    });
    std::thread::sleep(std::time::Duration::from_millis(2500));
    assert!(
        s.child.try_wait().unwrap().is_none(),
        "the screen exited after ctrl-l"
    );
    s.send(":5-2-301\r");
    s.wait_for("a jump after the redraw", 10, |sc| {
        sc.contains("5-2-301  花苑社区")
    });
    s.send("q");
    assert_eq!(s.wait_exit(10), 0);
}

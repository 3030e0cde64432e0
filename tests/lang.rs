//! The command line in both languages: `--lang`, the settings file and LANG choose Chinese or
//! English, and output and error sentences (the CLI's own and those of the store, the model,
//! rosters and the server) read exactly as each language writes them; JSON stays neutral.

mod common;

use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

/// The binary on the store in `dir/store`, in its own process (no server), with `env` set
/// and LANG and LC_ALL cleared unless `env` sets them.
fn run(dir: &Path, env: &[(&str, &str)], args: &[&str]) -> (i32, String, String) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_gridbook"));
    cmd.env("XDG_CONFIG_HOME", dir.join("config"))
        .env("GRIDBOOK_IN_PROCESS", "1")
        .env_remove("GRIDBOOK_DATA")
        .env_remove("LANG")
        .env_remove("LC_ALL");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd
        .arg("--data")
        .arg(dir.join("store"))
        .args(args)
        .output()
        .unwrap();
    common::outcome(out)
}

fn fixture() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    drop(common::small_store(&dir.path().join("store")));
    dir
}

const SOUND_ZH: &str = "数据完好：20 条记录与 28 条索引一致\n";
const SOUND_EN: &str = "the store is sound: 20 records and 28 index entries agree\n";

#[test]
fn lang_flag_chooses_the_language_of_check() {
    let dir = fixture();
    assert_eq!(
        run(dir.path(), &[], &["--lang", "zh", "check"]),
        (0, SOUND_ZH.into(), String::new())
    );
    assert_eq!(
        run(dir.path(), &[], &["--lang", "en", "check"]),
        (0, SOUND_EN.into(), String::new())
    );
    // The flag wins over LANG.
    assert_eq!(
        run(
            dir.path(),
            &[("LANG", "zh_CN.UTF-8")],
            &["--lang", "en", "check"]
        )
        .1,
        SOUND_EN
    );
}

#[test]
fn lang_from_the_environment_zh_is_chinese_and_anything_else_english() {
    let dir = fixture();
    for (lang, want) in [
        ("zh_CN.UTF-8", SOUND_ZH),
        ("zh_TW", SOUND_ZH),
        ("C", SOUND_EN),
        ("en_US.UTF-8", SOUND_EN),
        ("", SOUND_EN),
    ] {
        assert_eq!(
            run(dir.path(), &[("LANG", lang)], &["check"]).1,
            want,
            "LANG={lang}"
        );
    }
    // Unset altogether: English.
    assert_eq!(run(dir.path(), &[], &["check"]).1, SOUND_EN);
}

#[test]
fn the_settings_file_chooses_the_language_and_the_flag_wins_over_it() {
    let dir = fixture();
    let conf = dir.path().join("config/gridbook");
    std::fs::create_dir_all(&conf).unwrap();
    std::fs::write(conf.join("config.toml"), "lang = \"zh\"\n").unwrap();
    assert_eq!(run(dir.path(), &[("LANG", "C")], &["check"]).1, SOUND_ZH);
    assert_eq!(
        run(dir.path(), &[("LANG", "C")], &["--lang", "en", "check"]).1,
        SOUND_EN
    );
}

#[test]
fn an_unknown_language_is_one_sentence_in_the_environments_language() {
    let dir = fixture();
    assert_eq!(
        run(dir.path(), &[("LANG", "C")], &["--lang", "fr", "check"]),
        (
            1,
            String::new(),
            "gridbook: the language “fr” is not known; use --lang zh or --lang en\n".into()
        )
    );
    assert_eq!(
        run(
            dir.path(),
            &[("LANG", "zh_CN.UTF-8")],
            &["--lang", "fr", "check"]
        )
        .2,
        "gridbook: 不认识语言“fr”；请用 --lang zh 或 --lang en\n"
    );
}

/// 12 good rows and one bad one at row 14, below a title row.
fn roster_with_a_bad_date() -> String {
    let mut s = String::from("花苑社区花名册\n社区,楼栋,单元,房号,姓名,与户主关系,性别,出生日期\n");
    for n in 0..11 {
        s.push_str(&format!(
            "花苑社区,8,1,{},住户{n},户主,男,1960-01-01\n",
            101 + n
        ));
    }
    s.push_str("花苑社区,8,2,101,钱某,户主,男,1956-13-05\n");
    s
}

#[test]
fn a_bad_roster_row_is_reported_with_its_row_in_either_language() {
    let dir = fixture();
    let file = dir.path().join("bad.csv");
    std::fs::write(&file, roster_with_a_bad_date()).unwrap();
    let file = file.to_str().unwrap();
    assert_eq!(
        run(dir.path(), &[], &["--lang", "zh", "import", file]),
        (
            1,
            String::new(),
            "第 14 行，出生日期：“1956-13-05”不是日期；请写成 1956-03-05\n\
             gridbook: 没有导入任何数据：花名册有 1 处错误，见上，每处都注明了行号；改正后再导入\n"
                .into()
        )
    );
    assert_eq!(
        run(dir.path(), &[], &["--lang", "en", "import", file]),
        (
            1,
            String::new(),
            "row 14, 出生日期: “1956-13-05” is not a date; write 1956-03-05\n\
             gridbook: nothing was imported: the roster has 1 error, listed above with their rows; fix it and import again\n"
                .into()
        )
    );
    // JSON keeps its keys and the sentences scripts already parse.
    let (code, json, _) = run(dir.path(), &[], &["--lang", "zh", "import", file, "--json"]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        v["errors"][0],
        "row 14, 出生日期: “1956-13-05” is not a date; write 1956-03-05"
    );
}

#[test]
fn a_store_open_in_another_process_is_refused_in_either_language() {
    let dir = fixture();
    let store =
        gridbook::store::Store::open(&dir.path().join("store"), Default::default()).unwrap();
    let shown = dir.path().join("store").display().to_string();
    assert_eq!(
        run(dir.path(), &[], &["--lang", "zh", "stats"]),
        (
            1,
            String::new(),
            format!("gridbook: {shown} 中的数据已被另一个 gridbook 进程打开；请关闭那个进程，或等它结束后再试\n")
        )
    );
    assert_eq!(
        run(dir.path(), &[], &["--lang", "en", "stats"]).2,
        format!("gridbook: the store in {shown} is already open in another gridbook process; close that one, or wait for it to finish, and try again\n")
    );
    drop(store);
}

#[test]
fn visit_errors_from_the_cli_and_the_model_read_in_chinese() {
    let dir = fixture();
    assert_eq!(
        run(
            dir.path(),
            &[],
            &[
                "--lang",
                "zh",
                "visit",
                "add",
                "5-0-301",
                "--outcome",
                "met"
            ]
        )
        .2,
        "gridbook: “5-0-301”不是地址；请按 楼栋-单元-房号 写，如 5-2-301\n"
    );
    assert_eq!(
        run(
            dir.path(),
            &[],
            &[
                "--lang",
                "en",
                "visit",
                "add",
                "5-0-301",
                "--outcome",
                "met"
            ]
        )
        .2,
        "gridbook: “5-0-301” is not an address; write building-entrance-room, such as 5-2-301\n"
    );
    assert_eq!(
        run(
            dir.path(),
            &[],
            &[
                "--lang",
                "zh",
                "visit",
                "add",
                "9-9-909",
                "--outcome",
                "met"
            ]
        )
        .2,
        "gridbook: 没有地址为 9-9-909 的住户；请在浏览界面里核对\n"
    );
    assert_eq!(
        run(
            dir.path(),
            &[],
            &[
                "--lang",
                "zh",
                "visit",
                "add",
                "1-1-101",
                "--outcome",
                "met",
                "--at",
                "昨天"
            ]
        )
        .2,
        "gridbook: “昨天”不是时间；请写成 2026-11-25 14:05，今天的可只写 14:05\n"
    );
}

#[test]
fn stats_and_staff_print_in_the_chosen_language_and_json_stays_neutral() {
    let dir = fixture();
    let (code, zh, _) = run(dir.path(), &[], &["--lang", "zh", "stats"]);
    assert_eq!(code, 0);
    assert_eq!(zh.lines().next(), Some("街道              1"));
    let (_, en, _) = run(dir.path(), &[], &["--lang", "en", "stats"]);
    assert_eq!(en.lines().next(), Some("streets               1"));
    let (_, zh_json, _) = run(dir.path(), &[], &["--lang", "zh", "stats", "--json"]);
    let (_, en_json, _) = run(dir.path(), &[], &["--lang", "en", "stats", "--json"]);
    assert_eq!(zh_json, en_json);
    assert!(zh_json.starts_with("{\"streets\":1,"), "{zh_json}");

    assert_eq!(
        run(
            dir.path(),
            &[],
            &["--lang", "zh", "staff", "remove", "nobody"]
        )
        .2,
        "gridbook: nobody 不是工作人员；`gridbook staff list` 会列出所有工作人员\n"
    );
    assert_eq!(
        run(
            dir.path(),
            &[],
            &["--lang", "en", "staff", "remove", "nobody"]
        )
        .2,
        "gridbook: nobody is not staff; `gridbook staff list` shows who is\n"
    );
}

fn wait_socket(dir: &Path) {
    let deadline = Instant::now() + Duration::from_secs(15);
    let sock = dir.join(gridbook::server::protocol::SOCKET);
    while std::os::unix::net::UnixStream::connect(&sock).is_err() {
        assert!(Instant::now() < deadline, "the server never answered");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn the_servers_refusal_of_an_unknown_user_reads_in_the_clients_language() {
    if !nix::unistd::getuid().is_root() {
        // Switching users needs root; CI runs the tests as root.
        common::skipped(
            "the servers refusal of an unknown user reads in the clients language",
            "needs root to switch users",
        );
        return;
    }
    let dir = fixture();
    let store = dir.path().join("store");
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    // The socket in a run directory of its own, as `deploy/` lays it out (the store is its
    // owner's alone).
    let run_dir = dir.path().join("run");
    let mut server = Command::new(env!("CARGO_BIN_EXE_gridbook"))
        .arg("--data")
        .arg(&store)
        .arg("--run")
        .arg(&run_dir)
        .args(["serve", "--idle", "1"])
        .env_remove("GRIDBOOK_IN_PROCESS")
        .spawn()
        .unwrap();
    wait_socket(&run_dir);
    let as_nobody = |lang: &str| {
        let out: Output = Command::new(env!("CARGO_BIN_EXE_gridbook"))
            .arg("--data")
            .arg(&store)
            .arg("--run")
            .arg(&run_dir)
            .args(["--lang", lang, "stats"])
            .env_remove("GRIDBOOK_IN_PROCESS")
            .env("HOME", "/nonexistent")
            .uid(65534)
            .gid(0)
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let zh = as_nobody("zh");
    let en = as_nobody("en");
    let _ = nix::sys::signal::kill(
        nix::unistd::Pid::from_raw(server.id() as i32),
        nix::sys::signal::Signal::SIGTERM,
    );
    let _ = server.wait();
    assert_eq!(
        zh,
        (
            Some(1),
            "gridbook: 用户 nobody 不是 gridbook 工作人员；管理员可以这样添加：gridbook staff add nobody --role grid-captain --grid 网格名\n".into()
        )
    );
    assert_eq!(
        en,
        (
            Some(1),
            "gridbook: the user nobody is not gridbook staff; an admin adds them with: gridbook staff add nobody --role grid-captain --grid GRID\n".into()
        )
    );
}

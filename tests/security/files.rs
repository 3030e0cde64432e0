//! Security, hostile spreadsheets and CSV files read within bounded memory.
//! Each hostile file is made here, given to the real binary's import as a user would (the
//! client reading it, a server of its own), and the client's peak resident memory is measured
//! from the kernel (wait4's ru_maxrss): at most 256 MiB whatever the file, and the refusal is
//! one sentence.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The importing client's peak resident memory may be at most this, in KiB.
const LIMIT_KIB: i64 = 256 * 1024;

/// What one run of the binary left: exit code, stdout, stderr, peak RSS in KiB.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
    peak_kib: i64,
}

/// Runs `gridbook --data DIR/store ARGS` as a user would (the client starts its server), and
/// measures the client's own peak RSS.
// The child is waited for with wait4 (for its rusage), which clippy does not see.
#[allow(clippy::zombie_processes)]
fn run(dir: &Path, args: &[&std::ffi::OsStr]) -> Run {
    let out = dir.join("stdout");
    let err = dir.join("stderr");
    let child = Command::new(env!("CARGO_BIN_EXE_gridbook"))
        .env("XDG_CONFIG_HOME", dir.join("config"))
        .env("LANG", "C")
        .env_remove("LC_ALL")
        .env_remove("GRIDBOOK_DATA")
        .env_remove("GRIDBOOK_IN_PROCESS")
        .arg("--data")
        .arg(dir.join("store"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out).unwrap())
        .stderr(std::fs::File::create(&err).unwrap())
        .spawn()
        .unwrap();
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value for wait4 to fill.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: waits for our own child, whose pid we hold, filling locals that outlive the call.
    let pid = unsafe { libc::wait4(child.id() as i32, &mut status, 0, &mut usage) };
    assert_eq!(pid, child.id() as i32, "wait4 failed");
    Run {
        code: if libc::WIFEXITED(status) {
            libc::WEXITSTATUS(status)
        } else {
            -1
        },
        stdout: std::fs::read_to_string(&out).unwrap(),
        stderr: std::fs::read_to_string(&err).unwrap(),
        peak_kib: usage.ru_maxrss,
    }
}

/// `gridbook import FILE --dry-run`, the store's servers stopped afterwards.
fn dry_run(dir: &Path, file: &Path) -> Run {
    let _stop = crate::common::StopServers(&dir.join("store"));
    run(
        dir,
        &[
            "import".as_ref(),
            file.as_os_str(),
            "--dry-run".as_ref(),
            "--create-community".as_ref(),
            "--street".as_ref(),
            "环市街道".as_ref(),
        ],
    )
}

/// Asserts the import was refused with exactly `sentence` (as the roster's one error, on row
/// 1) within the memory limit, and nothing was imported.
fn assert_refused(r: &Run, sentence: &str) {
    assert_eq!(r.code, 1, "stdout: {}\nstderr: {}", r.stdout, r.stderr);
    assert_eq!(
        r.stderr.lines().collect::<Vec<_>>(),
        vec![
            format!("row 1: {sentence}").as_str(),
            "gridbook: nothing was imported: the roster has 1 error, listed above with their rows; fix it and import again",
        ],
        "stdout: {}",
        r.stdout
    );
    assert!(
        r.peak_kib <= LIMIT_KIB,
        "the client peaked at {} MiB",
        r.peak_kib / 1024
    );
}

/// Writes one part's bytes.
type WritePart<'a> = dyn FnMut(&mut dyn Write) + 'a;

/// The parts of a minimal XLSX around `sheet` and `shared_strings` (when given), written
/// by hand with the zip crate so a part can be anything.
fn hand_made_xlsx(path: &Path, sheet: &mut WritePart, shared: Option<&mut WritePart>) {
    use zip::write::SimpleFileOptions;
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let opts = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(9));
    let parts: [(&str, &str); 4] = [
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"#,
        ),
        (
            "_rels/.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
        ),
        (
            "xl/workbook.xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
        ),
        (
            "xl/_rels/workbook.xml.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#,
        ),
    ];
    for (name, text) in parts {
        zip.start_file(name, opts).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.start_file("xl/worksheets/sheet1.xml", opts).unwrap();
    sheet(&mut zip);
    if let Some(shared) = shared {
        zip.start_file("xl/sharedStrings.xml", opts).unwrap();
        shared(&mut zip);
    }
    zip.finish().unwrap();
}

const SHEET_HEAD: &str = r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#;

fn temp() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().to_path_buf();
    (dir, path)
}

#[test]
fn a_sheet_whose_only_cell_is_at_xfd1048576_is_refused_within_bounded_memory() {
    let (_keep, dir) = temp();
    let file = dir.join("far.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    book.add_worksheet()
        .write_string(1_048_575, 16_383, "x")
        .unwrap();
    book.save(&file).unwrap();
    assert!(std::fs::metadata(&file).unwrap().len() < 10_000);
    let r = dry_run(&dir, &file);
    assert_refused(
        &r,
        &format!(
            "the sheet 'Sheet1' of {} says it spans 1,048,576 rows × 16,384 columns; a roster has at most 256 columns – save only the roster's cells and try again",
            file.display()
        ),
    );
}

#[test]
fn a_gigabyte_shared_string_in_a_small_xlsx_is_refused_within_bounded_memory() {
    let (_keep, dir) = temp();
    let file = dir.join("huge-string.xlsx");
    let chunk = vec![b'a'; 1 << 20];
    hand_made_xlsx(
        &file,
        &mut |w| {
            write!(w, r#"{SHEET_HEAD}<row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>"#).unwrap();
        },
        Some(&mut |w| {
            write!(w, r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>"#).unwrap();
            for _ in 0..1024 {
                w.write_all(&chunk).unwrap();
            }
            write!(w, "</t></si></sst>").unwrap();
        }),
    );
    let size = std::fs::metadata(&file).unwrap().len();
    assert!(size < 4 << 20, "the file is {size} bytes");
    let r = dry_run(&dir, &file);
    assert_refused(
        &r,
        &format!(
            "{} holds a text of more than 256 KiB in its part xl/sharedStrings.xml, longer than any cell Excel writes; save the roster again from Excel or WPS as XLSX (or as CSV) and try again",
            file.display()
        ),
    );
}

#[test]
fn a_zip_bomb_is_refused_within_bounded_memory() {
    let (_keep, dir) = temp();
    let file = dir.join("bomb.xlsx");
    // 640 MiB of empty cells, each a short tag: no long text, only size.
    let chunk = "<c/>".repeat(1 << 18);
    hand_made_xlsx(
        &file,
        &mut |w| {
            write!(w, "{SHEET_HEAD}<row r=\"1\">").unwrap();
            for _ in 0..640 {
                w.write_all(chunk.as_bytes()).unwrap();
            }
            write!(w, "</row></sheetData></worksheet>").unwrap();
        },
        None,
    );
    let size = std::fs::metadata(&file).unwrap().len();
    assert!(size < 4 << 20, "the file is {size} bytes");
    let r = dry_run(&dir, &file);
    assert_refused(
        &r,
        &format!(
            "{} unpacks to more than 512 MiB in its part xl/worksheets/sheet1.xml, far more than a roster; save the roster again from Excel or WPS as XLSX (or as CSV) and try again",
            file.display()
        ),
    );
}

#[test]
fn a_quote_left_open_does_not_take_in_the_whole_csv() {
    let (_keep, dir) = temp();
    let file = dir.join("open-quote.csv");
    let mut text =
        String::from("社区,楼栋,单元,房号,姓名,出生日期\n花苑社区,1,1,101,\"周官萍,1956-03-05\n");
    for n in 0..100_000 {
        text.push_str(&format!(
            "花苑社区,1,1,{},住户{n},1960-01-01\n",
            102 + n % 300
        ));
    }
    std::fs::write(&file, text).unwrap();
    let r = dry_run(&dir, &file);
    assert_refused(
        &r,
        &format!(
            "line 2 of {} begins a row longer than 262,144 bytes, far longer than a roster's row; check the quotes on that line (a quote left open takes in the lines after it) and try again",
            file.display()
        ),
    );
}

/// The check digit of an 18-character ID number (GB 11643).
fn check_digit(first17: &str) -> char {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = first17
        .bytes()
        .zip(WEIGHTS)
        .map(|(d, w)| u32::from(d - b'0') * w)
        .sum();
    b"10X98765432"[(sum % 11) as usize] as char
}

/// Bytes of the large CSV roster (1.4 million people): more than the client may hold, small
/// enough that the read and the server's dry run stay near ten seconds (200 MiB took 25 s).
const LARGE_CSV: u64 = 100 << 20;

#[test]
fn a_large_csv_roster_is_read_as_a_stream_within_bounded_memory() {
    let (_keep, dir) = temp();
    let file = dir.join("large.csv");
    let mut out = std::io::BufWriter::new(std::fs::File::create(&file).unwrap());
    writeln!(
        out,
        "社区,网格,楼栋,单元,房号,姓名,与户主关系,性别,出生日期,身份证号"
    )
    .unwrap();
    let start = chrono::NaiveDate::from_ymd_opt(1940, 1, 1).unwrap();
    let (mut written, mut people, mut households) = (0u64, 0u64, 0u64);
    // GRIDBOOK_TEST_CSV_MIB=200 tries a larger file by hand.
    let size = std::env::var("GRIDBOOK_TEST_CSV_MIB")
        .ok()
        .and_then(|m| m.parse::<u64>().ok())
        .map_or(LARGE_CSV, |m| m << 20);
    while written < size {
        let h = households;
        households += 1;
        let (building, entrance, room) = (1 + h / 2000, 1 + (h / 400) % 5, 101 + h % 400);
        for relation in ["户主", "配偶", "子"] {
            let n = people;
            people += 1;
            let birth = start + chrono::Duration::days((n % 25_000) as i64);
            let seq = (n / 25_000) % 1000;
            let sex = if seq % 2 == 1 { "男" } else { "女" };
            let first17 = format!("442000{}{seq:03}", birth.format("%Y%m%d"));
            let line = format!(
                "花苑社区,第一网格,{building},{entrance},{room},住户{n},{relation},{sex},{},{first17}{}\n",
                birth.format("%Y-%m-%d"),
                check_digit(&first17)
            );
            out.write_all(line.as_bytes()).unwrap();
            written += line.len() as u64;
        }
    }
    out.flush().unwrap();
    drop(out);
    let r = dry_run(&dir, &file);
    assert_eq!(r.code, 0, "stderr: {}", r.stderr);
    assert_eq!(
        r.stdout.lines().next().unwrap(),
        format!(
            "would import {} (CSV in UTF-8): {households} households, {people} people",
            file.display()
        )
    );
    println!(
        "the client peaked at {} MiB reading a {} MiB file of {people} people",
        r.peak_kib / 1024,
        size >> 20
    );
    assert!(
        r.peak_kib <= LIMIT_KIB && (r.peak_kib as u64) * 1024 < size,
        "the client peaked at {} MiB reading a {} MiB file",
        r.peak_kib / 1024,
        size >> 20
    );
}

#[test]
fn a_keymap_check_reads_no_more_than_a_keymap() {
    let (_keep, dir) = temp();
    let file = dir.join("keys.toml");
    let mut out = std::io::BufWriter::new(std::fs::File::create(&file).unwrap());
    for n in 0..200_000 {
        writeln!(
            out,
            "# a comment line that makes the file far larger than a keymap {n}"
        )
        .unwrap();
    }
    drop(out);
    let r = run(
        &dir,
        &["keymap".as_ref(), "check".as_ref(), file.as_os_str()],
    );
    assert_eq!(r.code, 1, "stdout: {}", r.stdout);
    assert_eq!(
        r.stderr.trim_end(),
        format!(
            "gridbook: {} is larger than 1 MiB, far larger than a keymap; check that you named the right file",
            file.display()
        )
    );
}

#[test]
fn a_bad_last_row_of_a_roster_sent_in_parts_writes_no_row() {
    let (_keep, dir) = temp();
    let file = dir.join("bad-last-row.csv");
    // 6,000 households go to the server in parts before the bad last row is read.
    let mut text = String::from("社区,网格,楼栋,单元,房号,姓名,性别,出生日期\n");
    for h in 0..6_000 {
        let (building, room) = (1 + h / 400, 101 + h % 400);
        text.push_str(&format!(
            "花苑社区,第一网格,{building},1,{room},住户{h},女,1960-01-01\n"
        ));
    }
    text.push_str("花苑社区,第一网格,99,1,101,最后一人,女,1960-13-45\n");
    std::fs::write(&file, text).unwrap();
    let _stop = crate::common::StopServers(&dir.join("store"));
    let r = run(
        &dir,
        &[
            "import".as_ref(),
            file.as_os_str(),
            "--create-community".as_ref(),
            "--street".as_ref(),
            "环市街道".as_ref(),
        ],
    );
    assert_eq!(r.code, 1, "stdout: {}", r.stdout);
    assert_eq!(
        r.stderr.lines().next().unwrap(),
        "row 6002, 出生日期: “1960-13-45” is not a date; write 1956-03-05"
    );
    let stats = run(&dir, &["stats".as_ref(), "--json".as_ref()]);
    assert_eq!(stats.code, 0, "{}", stats.stderr);
    let stats: serde_json::Value = serde_json::from_str(&stats.stdout).unwrap();
    assert_eq!(
        (stats["households"].as_u64(), stats["residents"].as_u64()),
        (Some(0), Some(0))
    );
}

/// The server holds a roster sent to it whole until it is imported: a grid captain (as an OS
/// user, through a server laid out as `deploy/` says) cannot make it hold more than a
/// community's worth, whatever her file.
#[test]
fn a_grid_captain_cannot_make_the_server_hold_more_than_a_communitys_roster() {
    use crate::access::{self, Deployment, CAPTAIN};
    use std::os::unix::fs::PermissionsExt;
    if !access::root() {
        access::skipped("a grid captain's roster upload capped by the server");
        return;
    }
    let mut dep = Deployment::new();
    dep.start();
    dep.add_captain();
    let file = dep.base.path().join("huge.csv");
    let mut text = String::from("社区,网格,楼栋,单元,房号,姓名,性别,出生日期\n");
    for h in 0..100_001 {
        let (building, room) = (100 + h / 400, 101 + h % 400);
        text.push_str(&format!(
            "花苑社区,第一网格,{building},1,{room},住户{h},女,1960-01-01\n"
        ));
    }
    std::fs::write(&file, text).unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
    let before = dep.households();
    let (code, out, err) = dep.gridbook(CAPTAIN, &["import", file.to_str().unwrap(), "--dry-run"]);
    assert_eq!(
        (code, out.as_str(), err.as_str()),
        (
            1,
            "",
            "gridbook: a roster may hold 100000 households at most; split it into smaller files\n"
        )
    );
    assert_eq!(dep.households(), before);
}

/// Restores a hand-made backup whose one record's key is `key_len` long and holds `key`
/// bytes: sound as far as it goes (an older gridbook's unsealed format, its checksum
/// right). Asserts it is refused with `why`, within the memory limit, nothing left behind.
fn assert_backup_refused(key_len: u32, key: usize, why: &str) {
    let (_keep, dir) = temp();
    let file = dir.join("hostile.backup");
    let mut w = std::io::BufWriter::new(std::fs::File::create(&file).unwrap());
    let mut crc = crc32fast::Hasher::new();
    let mut put = |bytes: &[u8]| {
        crc.update(bytes);
        w.write_all(bytes).unwrap();
    };
    put(b"GRIDBOOK-BACKUP\n");
    put(&1u32.to_be_bytes());
    put(&[1]);
    put(&9u32.to_be_bytes());
    put(b"residents");
    put(&key_len.to_be_bytes());
    for _ in 0..key / 4096 {
        put(&[7; 4096]);
    }
    put(&[7; 64]);
    put(&[0]);
    put(&1u64.to_be_bytes());
    let crc = crc.finalize();
    w.write_all(&crc.to_be_bytes()).unwrap();
    drop(w);
    let r = run(
        &dir,
        &["restore".as_ref(), file.as_os_str(), "--unsealed".as_ref()],
    );
    assert_eq!(r.code, 1, "stdout: {}", r.stdout);
    assert_eq!(
        r.stderr,
        format!(
            "gridbook: {} is not a gridbook backup that can be restored: {why}\n",
            file.display()
        )
    );
    assert!(
        r.peak_kib <= LIMIT_KIB,
        "the restore peaked at {} MiB",
        r.peak_kib / 1024
    );
    // Nothing restored, nothing half-made.
    assert!(!dir.join("store").exists());
}

#[test]
fn a_backup_claiming_a_record_of_4_gib_is_refused_within_bounded_memory() {
    assert_backup_refused(u32::MAX, 0, "it ends in the middle of a record");
}

#[test]
fn a_backup_holding_a_record_of_65_mib_is_refused_within_bounded_memory() {
    assert_backup_refused(
        65 << 20,
        (65 << 20) + 4096,
        "it holds a record larger than any gridbook makes, so it is damaged",
    );
}

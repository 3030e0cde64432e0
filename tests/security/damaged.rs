//! Security, damaged files: a flipped journal byte, a damaged snapshot, a full disk, a failed backup.

use std::path::{Path, PathBuf};

use gridbook::model::{Visit, VisitOutcome, VisitPurpose};
use gridbook::store::check::check;
use gridbook::store::{OpenOptions, Store};

use super::common;

fn root() -> bool {
    nix::unistd::geteuid().is_root()
}

/// The binary on the store in `data`, in its own process, in English: (status, stdout, stderr).
fn run(data: &Path, args: &[&str]) -> (i32, String, String) {
    common::cli_on(data, &data.with_extension("config"), args)
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), &target).unwrap();
        }
    }
}

/// Saves one visit to household 20 with `findings`; its id.
pub(crate) fn visit(store: &Store, findings: &str) -> u64 {
    store
        .write("zhangli", |t| {
            let id = t.next_id()?;
            t.put(&Visit {
                id,
                household: 20,
                at: common::nov(24),
                staff: "zhangli".into(),
                purpose: VisitPurpose::Routine,
                outcome: VisitOutcome::Met,
                met: vec![],
                findings: findings.into(),
                amends: None,
                roster_checked: false,
            })?;
            Ok(id)
        })
        .unwrap()
}

/// Where each record of the write journal starts.
fn journal_records(bytes: &[u8]) -> Vec<usize> {
    let mut at = 0;
    let mut out = Vec::new();
    while bytes[at..at + 4] == 0x4752_4a31u32.to_be_bytes() {
        out.push(at);
        let len = u32::from_be_bytes(bytes[at + 4..at + 8].try_into().unwrap()) as usize;
        at += 12 + len;
    }
    out
}

#[test]
fn a_flipped_journal_byte_is_reported_by_check_and_the_saves_after_it_are_kept() {
    let tmp = tempfile::tempdir().unwrap();
    let live = tmp.path().join("live");
    // No background flushing: the three visits are acknowledged from the journal alone.
    let store = Store::open(
        &live,
        OpenOptions {
            bulk: true,
            ..OpenOptions::default()
        },
    )
    .unwrap();
    // The disk as a power cut would leave it: sled's files as they were last made durable
    // (when the store opened), the journal with every acknowledged save.
    let crashed = tmp.path().join("crashed");
    copy_dir(&live, &crashed);
    let ids: Vec<u64> = ["第一次走访", "第二次走访", "第三次走访"]
        .iter()
        .map(|f| visit(&store, f))
        .collect();
    std::fs::copy(live.join("journal"), crashed.join("journal")).unwrap();
    drop(store);

    let journal = crashed.join("journal");
    let mut bytes = std::fs::read(&journal).unwrap();
    let records = journal_records(&bytes);
    assert_eq!(records.len(), 3, "one batch for each visit");
    bytes[records[1] + 12 + 5] ^= 0x01;
    std::fs::write(&journal, &bytes).unwrap();

    let store = Store::open(&crashed, OpenOptions::default()).unwrap();
    assert!(store.get_id::<Visit>(ids[0]).unwrap().is_some());
    assert!(
        store.get_id::<Visit>(ids[1]).unwrap().is_none(),
        "the damaged batch could not be applied: {:?}",
        store.notices
    );
    assert_eq!(
        store.get_id::<Visit>(ids[2]).unwrap().unwrap().findings,
        "第三次走访",
        "the batch after the damaged one was applied"
    );
    let mut kept: Vec<PathBuf> = std::fs::read_dir(crashed.join("recovered"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    kept.sort();
    assert_eq!(
        kept.len(),
        2,
        "the damaged journal is kept, with a note: {kept:?}"
    );
    let (copy, note) = (&kept[0], &kept[1]);
    assert_eq!(note, &PathBuf::from(format!("{}.txt", copy.display())));
    assert_eq!(std::fs::read(copy).unwrap(), bytes);
    let sentence = format!(
        "the write journal was damaged: saves acknowledged before the store last stopped (batch 2) could not be read and are missing, and the ones after them were kept; the journal as it was is in {}: enter those saves again or restore a backup, then remove {}",
        copy.display(),
        note.display()
    );
    assert!(store.notices.contains(&sentence), "{:?}", store.notices);
    // The counter the later batch wrote counts the visit that is missing.
    assert_eq!(
        check(&store).unwrap().problems,
        [
            sentence.clone(),
            "visits: the counter says 3 records but there are 2".to_string()
        ]
    );
    drop(store);
    common::wait_until_released(&crashed);

    // `check` says so until the note is removed.
    let (code, out, _) = run(&crashed, &["check"]);
    assert_eq!(code, 1);
    assert!(out.contains(&sentence), "{out}");
    std::fs::remove_file(note).unwrap();
    let (code, out, _) = run(&crashed, &["check"]);
    assert_eq!(code, 1, "the counter is still off");
    assert!(!out.contains("write journal"), "{out}");
}

/// Flips bits all through a file from `from` on.
fn damage(path: &Path, from: usize) {
    let mut bytes = std::fs::read(path).unwrap();
    for b in bytes.iter_mut().skip(from).step_by(7) {
        *b ^= 0x5a;
    }
    std::fs::write(path, &bytes).unwrap();
}

fn damaged_sentence(data: &Path) -> String {
    let dir = data.display();
    format!("gridbook: the store's files in {dir} are damaged and cannot be read; restore the last backup into a new directory (`gridbook --data NEWDIR restore BACKUP --key KEYFILE`), or move {dir} aside and start again\n")
}

#[test]
fn a_damaged_snapshot_says_what_to_do() {
    let tmp = tempfile::tempdir().unwrap();
    let data = common::closed_small_store(tmp.path());
    // sled opened by itself, flushed and closed, leaves a snapshot of its page table.
    let sled_dir = data.join("sled");
    let db = sled::Config::new().path(&sled_dir).open().unwrap();
    db.flush().unwrap();
    drop(db);
    common::wait_until_released(&data);
    let snap = std::fs::read_dir(&sled_dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("snap.")
        })
        .expect("sled wrote a snapshot");
    damage(&snap, 8);

    let (code, out, err) = run(&data, &["stats"]);
    assert_eq!((code, out.as_str(), err), (1, "", damaged_sentence(&data)));
}

/// A file system of `kib` KiB at a new directory under `at`, unmounted when dropped; None
/// (and a line saying the test was skipped) where mounting is not allowed.
struct Small(PathBuf);

impl Small {
    fn mount(at: &Path, kib: u32, what: &str) -> Option<Small> {
        let dir = at.join("small");
        std::fs::create_dir_all(&dir).unwrap();
        let ok = root()
            && std::process::Command::new("mount")
                .args(["-t", "tmpfs", "-o", &format!("size={kib}k"), "tmpfs"])
                .arg(&dir)
                .status()
                .is_ok_and(|s| s.success());
        if !ok {
            crate::common::skipped(what, "needs root to mount a small file system");
            return None;
        }
        Some(Small(dir))
    }
}

impl Small {
    /// Fills the file system to its last byte.
    fn fill(&self) {
        use std::io::Write;
        let mut f = std::fs::File::create(self.0.join("filler")).unwrap();
        while f.write_all(&[0u8; 4096]).is_ok() {}
        while f.write_all(&[0u8]).is_ok() {}
    }
}

impl Drop for Small {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg(&self.0).status();
    }
}

/// Asserts the command was refused, saying only that the disk holding `holding` is full.
fn assert_disk_full((code, out, err): (i32, String, String), holding: &Path) {
    assert_eq!(
        (code, out.as_str(), err),
        (
            1,
            "",
            format!(
                "gridbook: the disk holding {} is full; free space and try again – nothing saved was lost\n",
                holding.display()
            )
        )
    );
}

#[test]
fn a_backup_onto_a_full_disk_says_so_and_leaves_no_file() {
    let tmp = tempfile::tempdir().unwrap();
    let Some(small) = Small::mount(tmp.path(), 64, "a backup onto a full disk") else {
        return;
    };
    let data = common::closed_small_store(tmp.path());
    // Visits enough that the backup cannot fit in 64 KiB.
    let store = Store::open(&data, OpenOptions::default()).unwrap();
    let long = "入户了解情况，".repeat(300);
    for _ in 0..40 {
        visit(&store, &long);
    }
    drop(store);
    common::wait_until_released(&data);

    let file = small.0.join("street.gbk");
    let (code, out, err) = run(&data, &["backup", file.to_str().unwrap()]);
    assert_disk_full((code, out, err), &small.0);
    assert_eq!(
        std::fs::read_dir(&small.0).unwrap().count(),
        0,
        "no partial file is left"
    );
    let (code, _, _) = run(&data, &["check"]);
    assert_eq!(code, 0, "the store is as it was");
}

#[test]
fn a_store_on_a_full_disk_says_so() {
    let tmp = tempfile::tempdir().unwrap();
    let Some(small) = Small::mount(tmp.path(), 1024, "a store on a full disk") else {
        return;
    };
    let data = small.0.join("store");
    let (code, out, err) = run(&data, &["stats"]);
    assert_disk_full((code, out, err), &data);
}

#[test]
fn an_export_onto_a_full_disk_says_so() {
    let tmp = tempfile::tempdir().unwrap();
    let Some(small) = Small::mount(tmp.path(), 64, "an export onto a full disk") else {
        return;
    };
    let data = common::closed_small_store(tmp.path());
    small.fill();
    let file = small.0.join("residents.csv");
    let (code, out, err) = run(
        &data,
        &[
            "export",
            "residents",
            "--format",
            "csv",
            "-o",
            file.to_str().unwrap(),
        ],
    );
    assert_disk_full((code, out, err), &small.0);
}

/// Every file under `dir` with its bytes, by path.
fn files(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(files(&p));
        } else {
            out.push((p.clone(), std::fs::read(&p).unwrap()));
        }
    }
    out.sort();
    out
}

/// The households a store shows (its counter, as `stats` says it) when sled itself opens a
/// copy of the store in `data`, with the durable mark it holds; None where sled does not
/// open (or panics) on it.
fn households_sled_shows(data: &Path, probe: &Path) -> Option<(u64, u64)> {
    let _ = std::fs::remove_dir_all(probe);
    copy_dir(&data.join("sled"), &probe.join("sled"));
    let path = probe.join("sled");
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    // On a thread of its own: sled may panic on a damaged file while it opens or drops it,
    // and what it runs on the thread that asked stays on that thread.
    let n = std::thread::spawn(move || {
        let db = sled::Config::new().path(path).open().ok()?;
        let meta = db.open_tree("meta").ok()?;
        let read = |key: &str| {
            let v = meta.get(key).ok()?;
            Some(v.map_or(0, |v| u64::from_be_bytes(v.as_ref().try_into().unwrap())))
        };
        let (n, mark) = (read("count/households")?, read("durable_mark")?);
        drop(db);
        Some((n, mark))
    })
    .join();
    std::panic::set_hook(hook);
    n.ok().flatten()
}

/// Damage done to sled's file: cut short at a length, or 16 bytes flipped at an offset.
#[derive(Clone, Copy, Debug)]
enum Damage {
    Cut(usize),
    Flip(usize),
}

impl Damage {
    fn apply(self, path: &Path) {
        match self {
            Damage::Cut(len) => std::fs::OpenOptions::new()
                .write(true)
                .open(path)
                .unwrap()
                .set_len(len as u64)
                .unwrap(),
            Damage::Flip(at) => flip(path, at),
        }
    }
}

/// Flips 16 bytes of `path` at `at`.
fn flip(path: &Path, at: usize) {
    let mut bytes = std::fs::read(path).unwrap();
    for b in &mut bytes[at..at + 16] {
        *b ^= 0x5a;
    }
    std::fs::write(path, &bytes).unwrap();
}

#[test]
fn a_demo_store_that_sled_opens_short_is_refused_before_anything_is_written() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("street");
    let (code, _, err) = run(&data, &["demo"]);
    assert_eq!(code, 0, "{err}");
    common::wait_until_released(&data);
    let probe = tmp.path().join("probe");
    let recorded: u64 = std::fs::read_to_string(data.join("durable"))
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    assert_eq!(households_sled_shows(&data, &probe), Some((715, recorded)));

    // A spot deep in sled's file where damage makes sled open with no error and the store
    // count fewer households (`stats` says 0 of everything): sled drops everything after the
    // damaged spot in silence, here the later states of the meta tree with the counters.
    let db = data.join("sled").join("db");
    let len = std::fs::metadata(&db).unwrap().len() as usize;
    let damaged = tmp.path().join("damaged");
    // Where sled lays its segments out depends on its background flushes, so the damage is
    // sought: first the file cut short at each of sled's 512 KiB segments from the end (a
    // disk that lost the file's tail), then 16 bytes flipped at spots over the whole file.
    const SEGMENT: usize = 512 << 10;
    let cuts = (1..len / SEGMENT).rev().map(|k| Damage::Cut(k * SEGMENT));
    let flips = (1..40)
        .map(|i| len * i / 41)
        .chain((1..len / 4096).map(|i| i * 4096))
        .map(Damage::Flip);
    let (damage, (shown, held)) = cuts
        .chain(flips)
        .find_map(|damage| {
            let _ = std::fs::remove_dir_all(&damaged);
            copy_dir(&data.join("sled"), &damaged.join("sled"));
            damage.apply(&damaged.join("sled").join("db"));
            households_sled_shows(&damaged, &probe)
                .filter(|(n, _)| *n < 715)
                .map(|n| (damage, n))
        })
        .expect("some damage makes sled open short");
    assert!(shown < 715, "sled shows {shown} of 715 households");
    assert!(
        held < recorded,
        "sled holds checkpoint {held} of {recorded}"
    );
    damage.apply(&db);
    let before = files(&data);

    let (code, out, err) = run(&data, &["stats"]);
    let dir = data.display();
    let sentence = format!("gridbook: the store's files in {dir} are damaged: they hold what was saved up to checkpoint {held}, but checkpoint {recorded} was reached, so the saves after it are missing; restore the last backup into a new directory (`gridbook --data NEWDIR restore BACKUP --key KEYFILE`), or move {dir} aside and start again\n");
    assert_eq!(
        (code, out.as_str(), err.as_str()),
        (1, "", sentence.as_str())
    );
    // Nothing of gridbook's was written: the journal, the record and the search index are
    // as they were. (sled's own recovery rewrites the rest of the damaged segment of its
    // file as it opens, before anyone can look, so its files are compared no further.)
    let outside_sled = |f: &Vec<(PathBuf, Vec<u8>)>| -> Vec<(PathBuf, Vec<u8>)> {
        f.iter()
            .filter(|(p, _)| !p.starts_with(data.join("sled")))
            .cloned()
            .collect()
    };
    let after = files(&data);
    assert_eq!(outside_sled(&after), outside_sled(&before));
    // And it stays refused.
    let (code, out, err) = run(&data, &["check"]);
    assert_eq!(
        (code, out.as_str(), err.as_str()),
        (1, "", sentence.as_str())
    );
}

#[test]
fn a_restored_backup_and_a_store_from_before_the_record_open() {
    let tmp = tempfile::tempdir().unwrap();
    let data = common::closed_small_store(tmp.path());
    let file = tmp.path().join("street.gbk");
    let (code, _, err) = run(&data, &["backup", file.to_str().unwrap()]);
    assert_eq!((code, err.as_str()), (0, ""));
    let into = tmp.path().join("restored");
    let key = data.join("backup.key");
    let (code, out, err) = run(
        &into,
        &[
            "restore",
            file.to_str().unwrap(),
            "--key",
            key.to_str().unwrap(),
        ],
    );
    assert_eq!((code, err.as_str()), (0, ""), "{out}");
    let (code, out, err) = run(&into, &["check"]);
    assert_eq!((code, err.as_str()), (0, ""), "{out}");
    assert!(out.starts_with("the store is sound"), "{out}");

    // A store made before the record was kept: no mark in sled, no record beside it.
    let sled_dir = data.join("sled");
    let db = sled::Config::new().path(&sled_dir).open().unwrap();
    assert!(db
        .open_tree("meta")
        .unwrap()
        .remove("durable_mark")
        .unwrap()
        .is_some());
    db.flush().unwrap();
    drop(db);
    common::wait_until_released(&data);
    std::fs::remove_file(data.join("durable")).unwrap();
    let (code, out, err) = run(&data, &["check"]);
    assert_eq!((code, err.as_str()), (0, ""), "{out}");
    // It has the record now, 0600, and sled holds as much.
    let record = data.join("durable");
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        std::fs::metadata(&record).unwrap().permissions().mode() & 0o777,
        0o600
    );
    let recorded: u64 = std::fs::read_to_string(&record)
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    assert!(recorded >= 1);
    common::wait_until_released(&data);
    let db = sled::Config::new().path(&sled_dir).open().unwrap();
    let held = db
        .open_tree("meta")
        .unwrap()
        .get("durable_mark")
        .unwrap()
        .unwrap();
    assert_eq!(
        u64::from_be_bytes(held.as_ref().try_into().unwrap()),
        recorded
    );
}

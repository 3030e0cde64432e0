//! Backups: taken while visits keep being saved, restored whole and sound; a damaged or
//! foreign file, or a directory that is not empty, is refused with a clear sentence.

mod common;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use gridbook::model::{Visit, VisitOutcome, VisitPurpose};
use gridbook::store::backup::{restore, RestoreOptions};
use gridbook::store::check::check;
use gridbook::store::{OpenOptions, Store};

#[test]
fn a_backup_during_a_stream_of_writes_holds_every_write_acknowledged_before_it() {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(common::small_store(dir.path()));
    let acked = Arc::new(Mutex::new(Vec::<u64>::new()));
    let stop = Arc::new(AtomicBool::new(false));
    let writer = {
        let (store, acked, stop) = (store.clone(), acked.clone(), stop.clone());
        std::thread::spawn(move || {
            let mut n = 0i64;
            while !stop.load(Ordering::SeqCst) {
                let id = store
                    .write("zhangli", |t| {
                        let id = t.next_id()?;
                        t.put(&Visit {
                            id,
                            household: 20 + (n as u64 % 4),
                            at: common::nov(1) + n,
                            staff: "zhangli".into(),
                            purpose: VisitPurpose::Routine,
                            outcome: VisitOutcome::Met,
                            met: vec![],
                            findings: "备份时的走访".into(),
                            amends: None,
                            roster_checked: false,
                        })?;
                        Ok(id)
                    })
                    .unwrap();
                acked.lock().unwrap().push(id);
                n += 1;
            }
        })
    };
    std::thread::sleep(std::time::Duration::from_millis(200));
    let before: Vec<u64> = acked.lock().unwrap().clone();
    let file = dir.path().join("street.gbk");
    let summary = store.backup_to(&file).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(100));
    stop.store(true, Ordering::SeqCst);
    writer.join().unwrap();
    assert!(
        !before.is_empty(),
        "the writer saved visits before the backup"
    );
    assert!(
        !dir.path().join("street.partial").exists(),
        "no half-written file is left"
    );

    let target = tempfile::tempdir().unwrap();
    let into = target.path().join("restored");
    let opts = RestoreOptions {
        key: Some(dir.path().join("backup.key")),
        unsealed: false,
    };
    let restored = restore(&file, &into, &opts).unwrap();
    assert_eq!(restored.entries, summary.entries);
    let copy = Store::open(&into, OpenOptions::default()).unwrap();
    assert_eq!(check(&copy).unwrap().problems, Vec::<String>::new());
    assert_eq!(copy.verify_audit().unwrap().problems, Vec::<String>::new());
    for id in &before {
        assert!(
            copy.get_id::<Visit>(*id).unwrap().is_some(),
            "visit {id} acknowledged before the backup is missing"
        );
    }
    let later = acked.lock().unwrap().len();
    assert!(copy.stats().unwrap().visits as usize <= 2 + later);
}

#[test]
fn a_damaged_or_foreign_file_and_a_used_directory_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let store = common::small_store(dir.path());
    let file = dir.path().join("b.gbk");
    store.backup_to(&file).unwrap();
    let target = tempfile::tempdir().unwrap();

    let mut bytes = std::fs::read(&file).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0x40;
    let damaged = dir.path().join("damaged.gbk");
    std::fs::write(&damaged, &bytes).unwrap();
    let err = restore(
        &damaged,
        &target.path().join("a"),
        &RestoreOptions::default(),
    )
    .unwrap_err()
    .to_string();
    assert_eq!(
        err,
        format!("{} is not a gridbook backup that can be restored: its checksum does not match, so it is damaged", damaged.display())
    );

    let foreign = dir.path().join("photo.jpg");
    std::fs::write(
        &foreign,
        b"\xff\xd8\xff\xe0 not a backup at all, just some bytes",
    )
    .unwrap();
    let err = restore(
        &foreign,
        &target.path().join("b"),
        &RestoreOptions::default(),
    )
    .unwrap_err()
    .to_string();
    assert!(err.ends_with("it does not start like one"), "{err}");

    let err = restore(&file, dir.path(), &RestoreOptions::default())
        .unwrap_err()
        .to_string();
    assert_eq!(
        err,
        format!(
            "{} is not empty; restore into a new, empty directory",
            dir.path().display()
        )
    );
}

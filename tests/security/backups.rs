//! Security, sealed backups: where they are written, the keyed MAC, an edited backup and an edited history.

use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::os::unix::process::CommandExt;
use std::path::Path;

use gridbook::model::{Resident, Visit};
use gridbook::store::audit::AuditEntry;
use gridbook::store::{codec, OpenOptions, Store, TreeId};

use super::common;

/// The unprivileged user the attacks run as.
const NOBODY: u32 = 65534;

fn root() -> bool {
    nix::unistd::geteuid().is_root()
}

/// The binary on the store in `data`, in English, with no configuration of a user: in its
/// own process (`in_process`) or through the server, as `uid` when given.
fn run(data: &Path, args: &[&str], uid: Option<u32>, in_process: bool) -> (i32, String, String) {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_gridbook"));
    cmd.env("XDG_CONFIG_HOME", data.with_extension("config"))
        .env("LANG", "C")
        .env_remove("LC_ALL")
        .env_remove("GRIDBOOK_DATA")
        .arg("--data")
        .arg(data)
        .args(args);
    if in_process {
        cmd.env("GRIDBOOK_IN_PROCESS", "1");
    } else {
        cmd.env_remove("GRIDBOOK_IN_PROCESS");
    }
    if let Some(uid) = uid {
        cmd.uid(uid).gid(uid).env("HOME", "/nonexistent");
    }
    common::outcome(cmd.output().unwrap())
}

/// `gridbook restore FILE --key KEY` into `into`, in its own process.
fn restore(into: &Path, file: &Path, key: &Path) -> (i32, String, String) {
    run(
        into,
        &[
            "restore",
            file.to_str().unwrap(),
            "--key",
            key.to_str().unwrap(),
        ],
        None,
        true,
    )
}

fn chown_all(path: &Path, uid: u32) {
    let status = std::process::Command::new("chown")
        .arg("-R")
        .arg(format!("{uid}:{uid}"))
        .arg(path)
        .status()
        .unwrap();
    assert!(status.success());
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn a_backup_is_never_written_over_a_root_owned_file_and_is_the_clients_own_0600() {
    if !root() {
        crate::access::skipped("a backup over a root-owned file as another user");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let data = common::closed_small_store(tmp.path());
    chown_all(&data, NOBODY);
    // A directory anyone may write in (as /tmp), holding a file of root's.
    let shared = tmp.path().join("shared");
    std::fs::create_dir(&shared).unwrap();
    std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o1777)).unwrap();
    let precious = shared.join("passwd");
    std::fs::write(&precious, "root:x:0:0:root:/root:/bin/bash\n").unwrap();

    let target = precious.to_str().unwrap();
    let (code, out, err) = run(&data, &["backup", target], Some(NOBODY), true);
    assert_eq!(
        (code, out.as_str(), err.as_str()),
        (
            1,
            "",
            format!("gridbook: {target} already exists; choose another name\n").as_str()
        )
    );
    assert_eq!(
        std::fs::read_to_string(&precious).unwrap(),
        "root:x:0:0:root:/root:/bin/bash\n"
    );
    assert_eq!(names_in(&shared), ["passwd"], "nothing else was left");

    // A new name: written by the client, as the client, readable by it alone.
    let file = shared.join("street.gbk");
    let (code, out, err) = run(
        &data,
        &["backup", file.to_str().unwrap()],
        Some(NOBODY),
        true,
    );
    assert_eq!((code, err.as_str()), (0, ""), "{out}");
    let meta = std::fs::metadata(&file).unwrap();
    assert_eq!(
        (meta.uid(), meta.mode() & 0o777),
        (NOBODY, 0o600),
        "the backup is the client's own, 0600"
    );
    assert_eq!(names_in(&shared), ["passwd", "street.gbk"]);
}

#[test]
fn through_the_server_a_backup_is_streamed_and_an_existing_file_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let data = common::closed_small_store(tmp.path());
    let _stop = common::StopServers(&data);
    let existing = tmp.path().join("notes.txt");
    std::fs::write(&existing, "keep me").unwrap();
    let (code, _, err) = run(&data, &["backup", existing.to_str().unwrap()], None, false);
    assert_eq!(
        (code, err),
        (
            1,
            format!(
                "gridbook: {} already exists; choose another name\n",
                existing.display()
            )
        )
    );
    assert_eq!(std::fs::read_to_string(&existing).unwrap(), "keep me");

    let file = tmp.path().join("street.gbk");
    let (code, out, err) = run(&data, &["backup", file.to_str().unwrap()], None, false);
    assert_eq!((code, err.as_str()), (0, ""));
    assert!(out.starts_with("backed up "), "{out}");
    assert!(out.ends_with(&format!(" to {}\n", file.display())), "{out}");
    assert_eq!(std::fs::metadata(&file).unwrap().mode() & 0o777, 0o600);
    let key = data.join("backup.key");
    assert_eq!(std::fs::metadata(&key).unwrap().mode() & 0o777, 0o600);
    assert_eq!(std::fs::metadata(&key).unwrap().len(), 32);

    let into = tmp.path().join("restored");
    let (code, out, err) = restore(&into, &file, &key);
    assert_eq!((code, err.as_str()), (0, ""));
    assert!(out.ends_with("; check passed\n"), "{out}");
    assert_eq!(
        std::fs::read(into.join("backup.key")).unwrap(),
        std::fs::read(&key).unwrap(),
        "the restored store seals with the same key"
    );
}

/// The bytes of a sealed backup with `from` replaced by `to` (the same length) everywhere,
/// and its CRC32 computed anew, as an attacker who knows the format would.
fn edited(bytes: &[u8], from: &str, to: &str) -> Vec<u8> {
    assert_eq!(from.len(), to.len());
    let (from, to) = (from.as_bytes(), to.as_bytes());
    let mut out = bytes.to_vec();
    let mut n = 0;
    let mut i = 0;
    while i + from.len() <= out.len() {
        if &out[i..i + from.len()] == from {
            out[i..i + from.len()].copy_from_slice(to);
            n += 1;
            i += from.len();
        } else {
            i += 1;
        }
    }
    assert!(n > 0, "the name is in the backup");
    let body = out.len() - 32 - 4;
    let crc = crc32fast::hash(&out[..body]).to_be_bytes();
    out[body..body + 4].copy_from_slice(&crc);
    out
}

#[test]
fn an_edited_backup_with_its_checksum_recomputed_is_refused_and_nothing_is_restored() {
    let tmp = tempfile::tempdir().unwrap();
    let data = common::closed_small_store(tmp.path());
    let file = tmp.path().join("street.gbk");
    let (code, _, err) = run(&data, &["backup", file.to_str().unwrap()], None, true);
    assert_eq!((code, err.as_str()), (0, ""));
    let key = data.join("backup.key");

    let bad = tmp.path().join("edited.gbk");
    std::fs::write(
        &bad,
        edited(&std::fs::read(&file).unwrap(), "周官萍", "周关平"),
    )
    .unwrap();
    let into = tmp.path().join("restored");
    let (code, out, err) = restore(&into, &bad, &key);
    assert_eq!(
        (code, out.as_str(), err),
        (
            1,
            "",
            format!(
                "gridbook: {} is not a gridbook backup that can be restored: its seal does not verify with the key in {}, so it was changed after it was made or was made by another store\n",
                bad.display(),
                key.display()
            )
        )
    );
    assert!(!into.exists(), "nothing was restored");

    // Without the key, and with another store's key: refused as well.
    let (_, _, err) = run(&into, &["restore", file.to_str().unwrap()], None, true);
    assert_eq!(
        err,
        format!(
            "gridbook: {} is not a gridbook backup that can be restored: it is sealed, and its key was not given; give the copy of backup.key kept from the store it was made of with --key FILE\n",
            file.display()
        )
    );
    let other_key = tmp.path().join("other.key");
    std::fs::write(&other_key, [7u8; 32]).unwrap();
    let (code, _, err) = restore(&into, &file, &other_key);
    assert_eq!(code, 1);
    assert!(err.contains("its seal does not verify"), "{err}");
    assert!(!into.exists(), "nothing was restored");

    // The store itself is as it was, and the honest backup restores it whole.
    let (code, _, err) = restore(&into, &file, &key);
    assert_eq!((code, err.as_str()), (0, ""));
    for dir in [&data, &into] {
        let store = Store::open(dir, OpenOptions::default()).unwrap();
        assert_eq!(
            store.get_id::<Resident>(100).unwrap().unwrap().name,
            "周官萍"
        );
        drop(store);
        common::wait_until_released(dir);
    }
}

#[test]
fn an_unsealed_backup_of_an_older_gridbook_is_taken_only_when_asked() {
    let tmp = tempfile::tempdir().unwrap();
    let data = common::closed_small_store(tmp.path());
    let file = tmp.path().join("street.gbk");
    let (code, _, _) = run(&data, &["backup", file.to_str().unwrap()], None, true);
    assert_eq!(code, 0);
    // Format 1 was the same without the seal.
    let mut old = std::fs::read(&file).unwrap();
    old.truncate(old.len() - 32 - 4);
    old[16..20].copy_from_slice(&1u32.to_be_bytes());
    let crc = crc32fast::hash(&old).to_be_bytes();
    old.extend_from_slice(&crc);
    let v1 = tmp.path().join("old.gbk");
    std::fs::write(&v1, &old).unwrap();

    let into = tmp.path().join("restored");
    let (code, _, err) = run(&into, &["restore", v1.to_str().unwrap()], None, true);
    assert_eq!(
        (code, err),
        (
            1,
            format!(
                "gridbook: {} is not a gridbook backup that can be restored: it was made before backups were sealed, so nothing shows it was not changed; restore it only if you know where it has been, with --unsealed\n",
                v1.display()
            )
        )
    );
    assert!(!into.exists());
    let (code, out, err) = run(
        &into,
        &["restore", v1.to_str().unwrap(), "--unsealed"],
        None,
        true,
    );
    assert_eq!((code, err.as_str()), (0, ""));
    assert!(out.ends_with("; check passed\n"), "{out}");
}

/// Saves one visit to household 20 and returns the audit trail's length after it.
fn add_visit(store: &Store) -> u64 {
    crate::damaged::visit(store, "独居老人，身体尚可");
    last_seq(store)
}

fn last_seq(store: &Store) -> u64 {
    let (k, _) = store.tree(TreeId::Audit).last().unwrap().unwrap();
    u64::from_be_bytes(k.as_ref().try_into().unwrap())
}

fn entry(store: &Store, seq: u64) -> AuditEntry {
    let v = store
        .tree(TreeId::Audit)
        .get(seq.to_be_bytes())
        .unwrap()
        .unwrap();
    codec::decode(&v).unwrap()
}

/// When the tests' backups are made, as a sentence shows it (the clock frozen then).
fn made() -> String {
    gridbook::model::time::format_local(common::nov(25))
}

/// Sets the store's idea of the trail's end to entry `seq`, as an attacker covering a cut.
fn set_head(store: &Store, seq: u64, hash: [u8; 32]) {
    let meta = store.tree(TreeId::Meta);
    meta.insert("audit/seq", &seq.to_be_bytes()[..]).unwrap();
    meta.insert("audit/head", &hash[..]).unwrap();
}

#[test]
fn a_visit_and_its_audit_entries_removed_after_a_backup_are_caught_by_audit_verify() {
    let tmp = tempfile::tempdir().unwrap();
    let store = common::small_store(&tmp.path().join("store"));
    let before = last_seq(&store);
    let last = add_visit(&store);
    store.freeze_clock(common::nov(25));
    store.backup_to(&tmp.path().join("street.gbk")).unwrap();
    assert_eq!(store.verify_audit().unwrap().problems, Vec::<String>::new());

    // The attacker removes the visit with its entries and ends the chain where it was before.
    let visit = store.all::<Visit>().last().unwrap().unwrap();
    store
        .tree(TreeId::Visits)
        .remove(gridbook::store::keys::id(visit.id))
        .unwrap();
    for seq in before + 1..=last {
        store.tree(TreeId::Audit).remove(seq.to_be_bytes()).unwrap();
    }
    set_head(&store, before, entry(&store, before).hash);

    assert_eq!(
        store.verify_audit().unwrap().problems,
        [format!(
            "the trail ends at entry {before}, but the backup made {} holds it up to entry {last}: entries were removed",
            made()
        )]
    );
}

#[test]
fn a_resident_renamed_with_the_chain_made_anew_is_caught_by_audit_verify() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("store");
    let store = common::small_store(&data);
    let last = add_visit(&store);
    store.freeze_clock(common::nov(25));
    store.backup_to(&tmp.path().join("street.gbk")).unwrap();

    // Every entry rewritten: the first with 周官萍 renamed, each after it chained anew.
    let mut prev = [0u8; 32];
    for seq in 1..=last {
        let mut e = entry(&store, seq);
        for bytes in [&mut e.before, &mut e.after].into_iter().flatten() {
            let from = "周官萍".as_bytes();
            if let Some(i) = bytes.windows(from.len()).position(|w| w == from) {
                bytes[i..i + from.len()].copy_from_slice("周关平".as_bytes());
            }
        }
        e.prev = prev;
        e.hash = e.compute_hash();
        prev = e.hash;
        store
            .tree(TreeId::Audit)
            .insert(seq.to_be_bytes(), codec::encode(&e).unwrap())
            .unwrap();
    }
    set_head(&store, last, prev);
    drop(store);
    common::wait_until_released(&data);

    let (code, out, err) = run(&data, &["audit", "verify"], None, true);
    assert_eq!(
        (code, out, err),
        (
            1,
            format!(
                "audit entry {last} is not the one the backup made {} holds: the history up to it was changed\n",
                made()
            ),
            "gridbook: the audit trail has been tampered with, as above; restore a backup and find out who had access\n".to_string()
        )
    );
}

#[test]
fn the_head_a_sync_peer_was_given_is_checked_too() {
    let tmp = tempfile::tempdir().unwrap();
    let (server, laptop) = common::sync::server_and_laptop(tmp.path(), "zhangli");
    let synced = last_seq(laptop.store());
    assert_eq!(
        laptop.store().verify_audit().unwrap().problems,
        Vec::<String>::new()
    );
    let seq = synced;
    // The laptop's last entry removed and the chain ended before it.
    laptop
        .store()
        .tree(TreeId::Audit)
        .remove(seq.to_be_bytes())
        .unwrap();
    set_head(laptop.store(), seq - 1, entry(laptop.store(), seq - 1).hash);
    assert_eq!(
        laptop.store().verify_audit().unwrap().problems,
        [format!(
            "the trail ends at entry {}, but the last sync with community-server holds it up to entry {seq}: entries were removed",
            seq - 1
        )]
    );
    drop(server);
}

//! Sync between replicas: random edits on three to five replicas, syncs in random pairs cut
//! off at random points and stores closed and reopened between them, ending identical with
//! every acknowledged visit everywhere; clock skew; duplicate people; field conflicts.

mod common;

use std::collections::BTreeMap;
use std::io::Write;
use std::os::unix::net::UnixStream;

use common::*;
use gridbook::cli::sync::{drive, serve, Summary};
use gridbook::client::{Backend, Local, SyncCall, SyncReply};
use gridbook::model::*;
use gridbook::store::keys;
use gridbook::store::ops::NewVisit;
use gridbook::store::sync::{ConflictKind, ConflictRow, SYNCED};
use gridbook::store::{OpenOptions, Store, TreeId};
use rand::{Rng, SeedableRng};

/// A writer that fails once it has written `budget` bytes: a link that drops mid-sync.
struct Cut<W> {
    inner: W,
    budget: usize,
}

impl<W: Write> Write for Cut<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.budget == 0 {
            return Err(std::io::Error::new(
                std::io::ErrorKind::BrokenPipe,
                "the link dropped",
            ));
        }
        let n = buf.len().min(self.budget);
        let n = self.inner.write(&buf[..n])?;
        self.budget -= n;
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// Syncs `laptop` with `server` over a socket pair, the link cut after `cut` bytes from the
/// laptop (or from the server, when `server_side`).
fn sync_cut(
    laptop: &dyn Backend,
    server: &dyn Backend,
    cut: Option<(usize, bool)>,
) -> anyhow::Result<Summary> {
    let (a, b) = UnixStream::pair().unwrap();
    std::thread::scope(|s| {
        let server_side = s.spawn(|| {
            let r = b.try_clone().unwrap();
            match cut {
                Some((n, true)) => serve(
                    server,
                    r,
                    Cut {
                        inner: b,
                        budget: n,
                    },
                ),
                _ => serve(server, r, b),
            }
        });
        let r = a.try_clone().unwrap();
        let out = match cut {
            Some((n, false)) => drive(
                laptop,
                "peer",
                r,
                Cut {
                    inner: a,
                    budget: n,
                },
            ),
            _ => drive(laptop, "peer", r, a),
        };
        let _ = server_side.join().unwrap();
        out
    })
}

fn sync(laptop: &dyn Backend, server: &dyn Backend) -> Summary {
    sync_cut(laptop, server, None).unwrap()
}

fn open(dir: &std::path::Path, user: &str) -> Local {
    Local::new(
        Store::open(dir, OpenOptions::default()).unwrap(),
        user.into(),
    )
}

/// Everything replicas must agree on: each synced record with its field clocks, and the
/// removals.
fn state(store: &Store) -> BTreeMap<(String, Vec<u8>), Vec<u8>> {
    let mut out = BTreeMap::new();
    for t in SYNCED {
        for kv in store.tree(t).iter() {
            let (k, v) = kv.unwrap();
            out.insert((t.name().to_string(), k.to_vec()), v.to_vec());
        }
    }
    for t in [TreeId::FieldClocks, TreeId::Tombstones] {
        for kv in store.tree(t).iter() {
            let (k, v) = kv.unwrap();
            out.insert((t.name().to_string(), k.to_vec()), v.to_vec());
        }
    }
    out
}

/// The number of the last entry of a replica's own audit trail.
fn trail_end(store: &Store) -> u64 {
    store
        .trail_after(0, usize::MAX)
        .unwrap()
        .last()
        .map_or(0, |b| {
            gridbook::store::codec::decode::<gridbook::store::audit::TrailEntry>(b)
                .unwrap()
                .seq()
        })
}

fn conflicts(b: &dyn Backend) -> Vec<ConflictRow> {
    match b.sync(SyncCall::Conflicts).unwrap() {
        SyncReply::Conflicts(c) => c,
        other => panic!("{other:?}"),
    }
}

fn visit(b: &dyn Backend, household: Id, findings: &str) -> Id {
    b.add_visit(&NewVisit {
        household,
        at: b_now(),
        purpose: VisitPurpose::Routine,
        outcome: VisitOutcome::Met,
        met: vec![],
        findings: findings.into(),
        needs: vec![],
        knock_again: None,
        amends: None,
        roster_checked: false,
    })
    .unwrap()
    .visit
    .id
}

fn b_now() -> i64 {
    gridbook::model::time::now()
}

fn register(store: &Store, household: Id, name: &str, id_number: &str) -> Id {
    store
        .write("editor", |t| {
            let id = t.next_id()?;
            let mut r = resident(
                id,
                household,
                name,
                Sex::Male,
                ymd(1960, 3, 9),
                11,
                Relation::Other,
            );
            r.id_number = id_number.into();
            t.put(&r)?;
            Ok(id)
        })
        .unwrap()
}

/// The server (the small fixture) and `n` laptops, each with its first copy.
fn replicas(root: &std::path::Path, n: usize) -> Vec<Option<Local>> {
    let server = Local::new(small_store(&root.join("r0")), "server".into());
    let mut out = vec![Some(server)];
    for i in 1..=n {
        let laptop = open(&root.join(format!("r{i}")), &format!("laptop{i}"));
        let s = sync(&laptop, out[0].as_ref().unwrap());
        assert!(s.first_copy);
        out.push(Some(laptop));
    }
    out
}

#[test]
fn random_edits_and_cut_syncs_between_replicas_end_identical_with_every_visit() {
    for seed in 0..6u64 {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
        let root = tempfile::tempdir().unwrap();
        let laptops = rng.random_range(2..=4);
        let mut reps = replicas(root.path(), laptops);
        let households: Vec<Id> = reps[0]
            .as_ref()
            .unwrap()
            .store()
            .all::<Household>()
            .map(|h| h.unwrap().id)
            .collect();
        let mut acknowledged: Vec<Id> = Vec::new();
        let mut removed: Vec<Id> = Vec::new();
        for step in 0..120 {
            let i = rng.random_range(0..reps.len());
            match rng.random_range(0..10) {
                0..=3 => {
                    let b = reps[i].as_ref().unwrap();
                    let h = households[rng.random_range(0..households.len())];
                    acknowledged.push(visit(b, h, &format!("第{step}次走访")));
                }
                4 => {
                    let b = reps[i].as_ref().unwrap();
                    let h = households[rng.random_range(0..households.len())];
                    let phone = format!("139{:08}", rng.random_range(0..100_000_000u32));
                    common::sync::edit_household(b.store(), "editor", h, |x| {
                        x.phone = phone.clone()
                    });
                }
                5 => {
                    let b = reps[i].as_ref().unwrap();
                    let h = households[rng.random_range(0..households.len())];
                    let tag = CareTag::ALL[rng.random_range(0..CareTag::ALL.len())];
                    common::sync::edit_household(b.store(), "editor", h, |x| {
                        if let Some(p) = x.care_tags.iter().position(|t| *t == tag) {
                            x.care_tags.remove(p);
                        } else {
                            x.care_tags.push(tag);
                        }
                    });
                }
                6 => {
                    let b = reps[i].as_ref().unwrap();
                    let open: Vec<FollowUp> = b
                        .store()
                        .all::<FollowUp>()
                        .map(|f| f.unwrap())
                        .filter(|f| f.done.is_none())
                        .collect();
                    if let Some(f) = open.get(rng.random_range(0..open.len().max(1))) {
                        if rng.random_bool(0.5) {
                            b.complete_followup(f.id, "已办结").unwrap();
                        } else {
                            b.store()
                                .write("editor", |t| t.remove::<FollowUp>(&keys::id(f.id)))
                                .unwrap();
                            removed.push(f.id);
                        }
                    }
                }
                7 => {
                    let b = reps[i].as_ref().unwrap();
                    let h = households[rng.random_range(0..households.len())];
                    let n = rng.random_range(0..3u16);
                    let number = idnumber::compose(442000, ymd(1960, 3, 9), 21 + 2 * n);
                    register(b.store(), h, &format!("新住户{step}"), &number);
                }
                8 => {
                    // Close a replica and open it again, as after a crash or a restart.
                    let dir = root.path().join(format!("r{i}"));
                    let user = reps[i].as_ref().unwrap().user().to_string();
                    reps[i] = None;
                    reps[i] = Some(open(&dir, &user));
                }
                _ => {
                    let j = (i + rng.random_range(1..reps.len())) % reps.len();
                    // The laptop side is never the server (replica 0) in the field.
                    let (l, s) = if i == 0 { (j, i) } else { (i, j) };
                    let cut = rng
                        .random_bool(0.4)
                        .then(|| (rng.random_range(0..4_000), rng.random_bool(0.5)));
                    let _ = sync_cut(reps[l].as_ref().unwrap(), reps[s].as_ref().unwrap(), cut);
                }
            }
        }
        // Everyone syncs with the server, twice round: all changes meet everywhere.
        for _ in 0..2 {
            for l in 1..reps.len() {
                sync(reps[l].as_ref().unwrap(), reps[0].as_ref().unwrap());
            }
        }
        let want = state(reps[0].as_ref().unwrap().store());
        for (l, r) in reps.iter().enumerate() {
            let b = r.as_ref().unwrap();
            let got = state(b.store());
            assert_eq!(got.len(), want.len(), "seed {seed}: replica {l} size");
            assert!(
                got == want,
                "seed {seed}: replica {l} differs from the server"
            );
            for v in &acknowledged {
                assert!(
                    b.store().get_id::<Visit>(*v).unwrap().is_some(),
                    "seed {seed}: replica {l} lacks acknowledged visit {v}"
                );
            }
            for f in &removed {
                assert!(b.store().get_id::<FollowUp>(*f).unwrap().is_none());
            }
            assert_eq!(
                b.check().unwrap().problems,
                Vec::<String>::new(),
                "seed {seed}"
            );
            assert_eq!(
                b.verify_audit().unwrap().problems,
                Vec::<String>::new(),
                "seed {seed}"
            );
            // A sync with nothing new changes nothing and carries next to nothing.
            if l > 0 {
                // The server holds a checked copy of every laptop's whole audit trail.
                let own = trail_end(b.store());
                let origin = b.store().origin();
                assert_eq!(
                    reps[0].as_ref().unwrap().store().trail_at(origin).unwrap(),
                    own,
                    "seed {seed}: laptop {l}'s trail on the server"
                );
                let s = sync(b, reps[0].as_ref().unwrap());
                assert_eq!(
                    (s.sent_records, s.received_records, s.changed_here),
                    (0, 0, 0)
                );
                assert!(s.bytes_sent + s.bytes_received < 2048, "{s:?}");
            }
        }
        assert!(acknowledged.len() > 20, "seed {seed}");
    }
}

#[test]
fn a_field_changed_on_both_sides_keeps_the_later_value_and_lists_the_other() {
    let root = tempfile::tempdir().unwrap();
    let reps = replicas(root.path(), 1);
    let (server, laptop) = (reps[0].as_ref().unwrap(), reps[1].as_ref().unwrap());
    // Offline: the laptop changes 5-1-101's phone and care tags; then the office changes its
    // phone too. Both sync.
    common::sync::edit_household(laptop.store(), "editor", 20, |h| {
        h.phone = "13911112222".into();
        h.care_tags = vec![CareTag::Disabled];
    });
    std::thread::sleep(std::time::Duration::from_millis(5));
    common::sync::edit_household(server.store(), "editor", 20, |h| {
        h.phone = "13733334444".into()
    });
    let s = sync(laptop, server);
    assert_eq!(s.conflicts, 1);
    for b in [server, laptop] {
        let h = b.store().get_id::<Household>(20).unwrap().unwrap();
        assert_eq!(h.phone, "13733334444", "the later phone wins everywhere");
        assert_eq!(
            h.care_tags,
            vec![CareTag::Disabled],
            "the tag change is kept"
        );
    }
    let c = conflicts(laptop);
    assert_eq!(c.len(), 1);
    let c = &c[0].conflict;
    assert_eq!(
        (c.kind, c.field.as_str(), c.kept.as_str(), c.lost.as_str()),
        (
            ConflictKind::Field,
            "phone",
            "\"13733334444\"",
            "\"13911112222\""
        )
    );
    assert_eq!(c.record, "5-1-101");
    assert_eq!(c.lost_by, "editor");
    // Putting the lost value back is a new change that reaches the server.
    let id = conflicts(laptop)[0].id.clone();
    laptop
        .sync(SyncCall::Resolve { id, restore: true })
        .unwrap();
    sync(laptop, server);
    assert_eq!(
        server
            .store()
            .get_id::<Household>(20)
            .unwrap()
            .unwrap()
            .phone,
        "13911112222"
    );
    assert!(conflicts(laptop)[0].conflict.resolved.is_some());
    // A later edit made after seeing the other's value is no conflict.
    common::sync::edit_household(laptop.store(), "editor", 20, |h| {
        h.phone = "13500001111".into()
    });
    let s = sync(laptop, server);
    assert_eq!(s.conflicts, 0);
}

#[test]
fn the_same_id_number_registered_on_two_laptops_is_flagged_not_doubled_silently() {
    let root = tempfile::tempdir().unwrap();
    let reps = replicas(root.path(), 2);
    let (server, a, b) = (
        reps[0].as_ref().unwrap(),
        reps[1].as_ref().unwrap(),
        reps[2].as_ref().unwrap(),
    );
    let number = idnumber::compose(442000, ymd(1960, 3, 9), 31);
    let ra = register(a.store(), 20, "王建国", &number);
    let rb = register(b.store(), 21, "王建国", &number);
    assert_ne!(ra, rb, "replicas hand out different ids");
    assert_eq!(sync(a, server).duplicates, 0);
    let s = sync(b, server);
    assert_eq!(s.duplicates, 1);
    let dup: Vec<_> = conflicts(server)
        .into_iter()
        .filter(|c| c.conflict.kind == ConflictKind::DuplicatePerson)
        .collect();
    assert_eq!(dup.len(), 1);
    assert_eq!(dup[0].conflict.record, "王建国");
    // Both records are kept: a person decides which one stays.
    for r in [ra, rb] {
        assert!(server.store().get_id::<Resident>(r).unwrap().is_some());
    }
    // The first laptop learns of it when it syncs.
    assert_eq!(sync(a, server).duplicates, 1);
}

#[test]
fn a_laptop_clock_days_off_loses_nothing_and_later_edits_still_win() {
    let root = tempfile::tempdir().unwrap();
    let reps = replicas(root.path(), 2);
    let (server, ahead, behind) = (
        reps[0].as_ref().unwrap(),
        reps[1].as_ref().unwrap(),
        reps[2].as_ref().unwrap(),
    );
    ahead.store().skew_clock(3 * 86_400_000);
    behind.store().skew_clock(-5 * 86_400_000);
    let v1 = visit(ahead, 20, "钟快了三天");
    common::sync::edit_household(ahead.store(), "editor", 21, |h| {
        h.phone = "13900000001".into()
    });
    let v2 = visit(behind, 21, "钟慢了五天");
    sync(ahead, server);
    sync(behind, server);
    // The slow laptop edits after it has seen the fast one's change: its edit is the later
    // one, whatever its wall clock says.
    common::sync::edit_household(behind.store(), "editor", 21, |h| {
        h.phone = "13900000002".into()
    });
    sync(behind, server);
    sync(ahead, server);
    for b in [server, ahead, behind] {
        assert!(b.store().get_id::<Visit>(v1).unwrap().is_some());
        assert!(b.store().get_id::<Visit>(v2).unwrap().is_some());
        assert_eq!(
            b.store().get_id::<Household>(21).unwrap().unwrap().phone,
            "13900000002"
        );
        assert!(conflicts(b).is_empty());
    }
}

#[test]
fn a_grid_captain_gets_only_her_grids_and_cannot_push_into_another() {
    let root = tempfile::tempdir().unwrap();
    let server_store = std::sync::Arc::new(small_store(&root.path().join("r0")));
    add_second_grid(&server_store);
    let captain = captain_backend(&server_store);
    let laptop = open(&root.path().join("r1"), "zhangli");
    sync(&laptop, &captain);
    let have: Vec<Id> = laptop
        .store()
        .all::<Household>()
        .map(|h| h.unwrap().id)
        .collect();
    assert_eq!(
        have,
        vec![20, 21, 22, 23],
        "第二网格's 7-1-101 (24) stays on the server"
    );
    assert!(laptop.store().get_id::<Visit>(202).unwrap().is_none());
    // A record of the other grid made on the laptop is refused, and nothing of the batch
    // is written.
    let made = laptop
        .store()
        .write("zhangli", |t| {
            let mut h = household(t.next_id()?, 10, "5-1-601", 100, vec![]);
            h.grid = 4;
            t.put(&h)?;
            Ok(h.id)
        })
        .unwrap();
    let v = visit(&laptop, 20, "本网格");
    let before = server_store.count(TreeId::Visits).unwrap();
    let err = sync_cut(&laptop, &captain, None).unwrap_err().to_string();
    assert_eq!(
        err,
        format!("the laptop sent a change to the household with id {made}, which is outside the grids you look after; nothing was synced — remove that change from the laptop, or ask a street admin to widen your scope"),
        "the refusal names the record and the scope"
    );
    assert_eq!(server_store.count(TreeId::Visits).unwrap(), before);
    assert!(server_store.get_id::<Visit>(v).unwrap().is_none());
    let status = match laptop.sync(SyncCall::Status).unwrap() {
        SyncReply::Status(s) => s,
        other => panic!("{other:?}"),
    };
    assert!(
        status.last_error.is_some(),
        "the failure is recorded, not a success"
    );
    assert!(status.waiting >= 2);
}

#[test]
fn forget_drops_what_the_server_holds_and_keeps_what_it_does_not() {
    let root = tempfile::tempdir().unwrap();
    let reps = replicas(root.path(), 1);
    let (server, laptop) = (reps[0].as_ref().unwrap(), reps[1].as_ref().unwrap());
    let synced = visit(laptop, 20, "已同步");
    sync(laptop, server);
    let unsynced = visit(laptop, 22, "还没同步");
    let (dropped, kept) = match laptop.sync(SyncCall::Forget).unwrap() {
        SyncReply::Forgot { dropped, kept } => (dropped, kept),
        other => panic!("{other:?}"),
    };
    let s = laptop.store();
    assert!(s.get_id::<Visit>(synced).unwrap().is_none());
    assert!(s.get_id::<Visit>(unsynced).unwrap().is_some());
    // The unsynced visit, its household 5-2-301 (22), the household's building, grid,
    // community and street and its head.
    assert_eq!(s.get_id::<Household>(20).unwrap(), None);
    assert!(s.get_id::<Household>(22).unwrap().is_some());
    assert_eq!(kept, 7);
    // The search index saved on the laptop knows only who is left: 周官萍 of 5-1-101 is gone.
    let saved = std::fs::read(s.dir().join(gridbook::search::snapshot::FILE)).unwrap();
    let holds = |name: &str| saved.windows(name.len()).any(|w| w == name.as_bytes());
    assert!(!holds("周官萍"));
    assert_eq!(
        laptop.search("zgp", 5).unwrap(),
        vec![],
        "search finds nobody forgotten"
    );
    assert!(dropped > 10);
    assert_eq!(laptop.check().unwrap().problems, Vec::<String>::new());
    assert_eq!(
        laptop.verify_audit().unwrap().problems,
        Vec::<String>::new()
    );
    // The next sync sends the kept visit and fetches a fresh copy; the trail goes on from
    // where the server's copy of it ends.
    let after = sync(laptop, server);
    assert_eq!(after.sent_records, 1);
    let origin = laptop.store().origin();
    assert_eq!(
        server.store().trail_at(origin).unwrap(),
        trail_end(laptop.store())
    );
    assert!(server.store().get_id::<Visit>(unsynced).unwrap().is_some());
    assert_eq!(state(laptop.store()), state(server.store()));
}

#[test]
fn a_laptop_audit_entry_changed_before_it_went_up_is_refused_and_the_sync_fails() {
    let root = tempfile::tempdir().unwrap();
    let reps = replicas(root.path(), 1);
    let (server, laptop) = (reps[0].as_ref().unwrap(), reps[1].as_ref().unwrap());
    visit(laptop, 20, "原话");
    // Someone rewrites the last entry of the laptop's trail before it is synced.
    let audit = laptop.store().tree(TreeId::Audit);
    let (k, v) = audit.last().unwrap().unwrap();
    let mut e: gridbook::store::audit::AuditEntry = gridbook::store::codec::decode(&v).unwrap();
    e.by = "someone-else".into();
    audit
        .insert(k, gridbook::store::codec::encode(&e).unwrap())
        .unwrap();
    let err = sync_cut(laptop, server, None).unwrap_err().to_string();
    assert!(
        err.contains("does not continue the copy held here"),
        "{err}"
    );
    let status = match laptop.sync(SyncCall::Status).unwrap() {
        SyncReply::Status(s) => s,
        other => panic!("{other:?}"),
    };
    assert!(status.last_error.is_some());
}

#[test]
fn a_first_copy_cut_off_goes_on_from_where_it_stopped() {
    let root = tempfile::tempdir().unwrap();
    small_demo(&root.path().join("server"));
    let server = open(&root.path().join("server"), "server");
    let laptop = open(&root.path().join("laptop"), "li");
    let total = state(server.store()).len() as u64;
    // The link drops after about 120 KB from the server: a few batches made it.
    assert!(sync_cut(&laptop, &server, Some((120_000, true))).is_err());
    let got = state(laptop.store()).len() as u64;
    assert!(got >= 1_000 && got < total, "{got} of {total}");
    // A visit saved on the server meanwhile arrives too.
    let v = visit(
        &server,
        server
            .store()
            .all::<Household>()
            .next()
            .unwrap()
            .unwrap()
            .id,
        "其间",
    );
    let s = sync(&laptop, &server);
    assert!(s.first_copy);
    assert!(
        s.received_records < total - 900,
        "the copy went on from its last batch: {} records again",
        s.received_records
    );
    assert!(laptop.store().get_id::<Visit>(v).unwrap().is_some());
    assert_eq!(state(laptop.store()), state(server.store()));
    assert_eq!(laptop.check().unwrap().problems, Vec::<String>::new());
}

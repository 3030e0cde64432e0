//! Group commit of transactions: writes that arrive together run in one sled transaction,
//! one after another, and share one durable flush.
//!
//! Every write touches the same counters and the audit head, so concurrent transactions only
//! conflict and retry; run one at a time they queue behind each other's flush. Here the first
//! writer to find no batch running leads: it takes every write waiting (its own among them),
//! runs them in order inside one transaction, makes that durable, and hands each writer its
//! own result. A write whose closure refuses (invalid input, a stale case) is taken out with
//! its error and the rest run again without it, so one bad write never fails its neighbours.
//!
//! A batch is durable once its writes are in the write journal (see `journal`); sled is made
//! durable when the journal is full, and then the journal starts over.

use std::cell::{Cell, RefCell};
use std::sync::{Arc, Condvar, Mutex};

use sled::transaction::{ConflictableTransactionError, TransactionError};
use sled::Transactional;

use super::journal::{Entry, Journal};
use super::{
    holds_people, lift, read_u64, Meta, Result, Store, StoreError, TreeId, TxResult, Txn, NO_SLOT,
    PEOPLE_GEN,
};

/// The meta key of the last batch sled holds: a replay starts after it.
pub(super) const JOURNAL_SEQ: &[u8] = b"journal_seq";

/// Writes one leader takes at most; the rest wait for the next batch.
const BATCH_MAX: usize = 256;

/// The trees every write touches, besides those it names.
/// The derived trees a write of a visit, follow-up, dispute or household changes with it.
const DERIVED: [TreeId; 3] = [
    TreeId::HouseholdDigests,
    TreeId::Households,
    TreeId::Rollups,
];

const ALWAYS: [TreeId; 5] = [
    TreeId::Meta,
    TreeId::Audit,
    TreeId::AuditByRecord,
    TreeId::Changes,
    TreeId::FieldClocks,
];

type Run<'a> = dyn Fn(&Txn) -> TxResult<()> + Sync + 'a;

/// A write waiting to be run: its trees, its stamp, and its closure.
struct Job {
    ids: Vec<TreeId>,
    meta: Meta,
    /// The writer's closure, borrowed from its stack with the lifetime erased. The writer
    /// does not return from `Store::write_in` before `outcome` is set, and the leader sets
    /// it only once it has stopped calling this, so the borrow outlives every call.
    run: *const Run<'static>,
    outcome: Mutex<Option<Result<()>>>,
}

// SAFETY: `run` points at a `Sync` closure that stays alive until `outcome` is set (see
// above); every other field is Send and Sync on its own.
unsafe impl Send for Job {}
unsafe impl Sync for Job {}

impl Job {
    fn run(&self, txn: &Txn) -> TxResult<()> {
        // SAFETY: the closure is alive while the job has no outcome (see `Job::run`'s field).
        unsafe { (*self.run)(txn) }
    }

    fn finish(&self, r: Result<()>) {
        *self.outcome.lock().unwrap_or_else(|p| p.into_inner()) = Some(r);
    }

    fn finished(&self) -> bool {
        self.outcome
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .is_some()
    }
}

/// The writes waiting, and whether a leader is running a batch.
#[derive(Default)]
pub(super) struct Queue {
    state: Mutex<QueueState>,
    turn: Condvar,
}

#[derive(Default)]
struct QueueState {
    jobs: Vec<Arc<Job>>,
    leading: bool,
}

/// A leader's turn. When it ends, even by unwinding, every job of its batch has an outcome
/// and the next writer may lead: nobody waits for a batch that will never finish.
struct Turn<'a> {
    queue: &'a Queue,
    batch: Vec<Arc<Job>>,
}

impl Drop for Turn<'_> {
    fn drop(&mut self) {
        for j in self.batch.iter().filter(|j| !j.finished()) {
            j.finish(Err(StoreError::Invalid(crate::model::Invalid::new(
                "the write failed inside the store; try again",
            ))));
        }
        let mut state = self.queue.state.lock().unwrap_or_else(|p| p.into_inner());
        state.leading = false;
        self.queue.turn.notify_all();
    }
}

impl Store {
    /// Runs `run` as part of the next batch, and returns once that batch is durable.
    pub(super) fn commit_in(&self, ids: &[TreeId], meta: Meta, run: &Run<'_>) -> Result<()> {
        // SAFETY: only the lifetime changes; see `Job::run`'s field for why it holds.
        let run: *const Run<'static> = unsafe { std::mem::transmute(run as *const Run<'_>) };
        let job = Arc::new(Job {
            ids: ids.to_vec(),
            meta,
            run,
            outcome: Mutex::new(None),
        });
        let queue = &self.commits;
        let mut state = queue.state.lock().unwrap_or_else(|p| p.into_inner());
        state.jobs.push(job.clone());
        loop {
            if let Some(r) = job.outcome.lock().unwrap_or_else(|p| p.into_inner()).take() {
                return r;
            }
            if state.leading {
                state = queue.turn.wait(state).unwrap_or_else(|p| p.into_inner());
                continue;
            }
            state.leading = true;
            let n = state.jobs.len().min(BATCH_MAX);
            let turn = Turn {
                queue,
                batch: state.jobs.drain(..n).collect(),
            };
            drop(state);
            self.run_batch(&turn.batch);
            drop(turn);
            state = queue.state.lock().unwrap_or_else(|p| p.into_inner());
        }
    }

    /// Runs the jobs in order in one transaction, taking out any that refuses, then makes
    /// the batch durable and gives every job its outcome.
    fn run_batch(&self, batch: &[Arc<Job>]) {
        let mut live: Vec<&Arc<Job>> = batch.iter().collect();
        let mut journal = self.journal.lock().unwrap_or_else(|p| p.into_inner());
        let seq = journal.seq + 1;
        while !live.is_empty() {
            let mut slots = [NO_SLOT; TreeId::ALL.len()];
            let mut subset: Vec<&sled::Tree> = Vec::new();
            // A write that may change a household's digest writes it in the same transaction.
            // So does one of a household, and both its grid's rollups (`rollup`).
            let derived = live
                .iter()
                .flat_map(|j| j.ids.iter())
                .any(|id| super::digest::feeds(*id) || *id == TreeId::Households);
            let digests: &[TreeId] = if derived { &DERIVED } else { &[] };
            // So does one that may change a campaign's tally.
            let tallies = live
                .iter()
                .flat_map(|j| j.ids.iter())
                .flat_map(|id| super::tally::needs(*id));
            for id in live
                .iter()
                .flat_map(|j| j.ids.iter())
                .chain(&ALWAYS)
                .chain(digests)
                .chain(tallies)
            {
                if slots[*id as usize] == NO_SLOT {
                    slots[*id as usize] = subset.len() as u8;
                    subset.push(self.tree(*id));
                }
            }
            let refused = Cell::new(None);
            let log = RefCell::new(Vec::new());
            let result = subset.as_slice().transaction(|trees| {
                log.borrow_mut().clear();
                for (i, job) in live.iter().enumerate() {
                    let txn = Txn {
                        trees,
                        slots: &slots,
                        meta: &job.meta,
                        log: &log,
                    };
                    if let Err(e) = job.run(&txn) {
                        if matches!(e, ConflictableTransactionError::Abort(_)) {
                            refused.set(Some(i));
                        }
                        return Err(e);
                    }
                }
                // The batch's number goes in with it: a replay starts after the last one
                // sled holds.
                let txn = Txn {
                    trees,
                    slots: &slots,
                    meta: &live[0].meta,
                    log: &log,
                };
                let meta = txn.tree(TreeId::Meta);
                let people = log.borrow().iter().any(|w| holds_people(w.0));
                if people {
                    let next = read_u64(meta.get(PEOPLE_GEN).map_err(lift)?) + 1;
                    meta.insert(PEOPLE_GEN, &next.to_be_bytes()[..])
                        .map_err(lift)?;
                }
                meta.insert(JOURNAL_SEQ, &seq.to_be_bytes()[..])
                    .map_err(lift)?;
                Ok(())
            });
            match result {
                Ok(()) => {
                    let entry = Entry {
                        seq,
                        writes: log.into_inner(),
                    };
                    let durable = self.make_durable(&mut journal, &entry);
                    for job in &live {
                        job.finish(match &durable {
                            Ok(()) => Ok(()),
                            Err(e) if e.is_disk_full() => {
                                Err(StoreError::DiskFull(self.dir.clone()))
                            }
                            Err(e) => Err(StoreError::Io {
                                dir: self.dir.clone(),
                                source: std::io::Error::other(e.to_string()),
                            }),
                        });
                    }
                    return;
                }
                Err(TransactionError::Abort(e)) => {
                    let i = refused.get().unwrap_or(0);
                    live.remove(i).finish(Err(e));
                }
                Err(TransactionError::Storage(e)) => {
                    for job in &live {
                        job.finish(Err(StoreError::Sled(e.clone()).at(&self.dir)));
                    }
                    return;
                }
            }
        }
    }

    /// A committed batch made durable: appended to the journal, or, when the journal is full
    /// (or cannot be written), sled made durable and the journal started over.
    fn make_durable(&self, journal: &mut Journal, entry: &Entry) -> Result<()> {
        if let Ok(true) = journal.append(entry) {
            return Ok(());
        }
        self.durable()?;
        journal.seq = entry.seq;
        journal.restart();
        Ok(())
    }
}

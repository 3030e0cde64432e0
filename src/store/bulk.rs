//! Bulk loading for a fresh store (the demo): batched, written by two threads, counted, one
//! flush.

use std::sync::mpsc::{sync_channel, SyncSender};
use std::thread::JoinHandle;

use super::{codec, Entity, Meta, Result, Store, StoreError, Stored, TreeId};

/// Writes many new records quickly through sled batches. Records are assumed new (no old
/// index entries to move); the whole load is made durable once, in `finish`. Only for a
/// store nobody else writes meanwhile (the demo being made): see `Store::alone`.
///
/// sled spends most of a load copying and rewriting its pages, one tree at a time; two
/// writer threads, each with its own trees, keep both cores busy while the caller makes the
/// next records.
pub struct Bulk<'a> {
    store: &'a Store,
    batches: Vec<sled::Batch>,
    added: Vec<u64>,
    pending: usize,
    /// Trees with something in their batch.
    filled: Vec<bool>,
    meta: Meta,
    lanes: Vec<SyncSender<(TreeId, sled::Batch)>>,
    writers: Vec<JoinHandle<Result<()>>>,
}

/// sled holds a whole batch in memory until it is applied; small batches keep a city-sized
/// load in well under a gigabyte and are faster too.
const BATCH_ITEMS: usize = 2_000;

/// Batches waiting for a writer, at most, per writer: the maker waits beyond that.
const QUEUED: usize = 16;

/// Which writer takes a tree: the visits on one, their index and the people on the other,
/// so the two carry about the same load.
fn lane(tree: TreeId) -> usize {
    match tree {
        TreeId::VisitsByHousehold
        | TreeId::Residents
        | TreeId::ResidentsByHousehold
        | TreeId::ResidentsByIdNumber
        | TreeId::HouseholdsByBuilding
        | TreeId::HouseholdsByCaptain => 1,
        _ => 0,
    }
}

impl<'a> Bulk<'a> {
    pub fn new(store: &'a Store, by: &str) -> Bulk<'a> {
        let mut lanes = Vec::new();
        let mut writers = Vec::new();
        for _ in 0..2 {
            let (tx, rx) = sync_channel::<(TreeId, sled::Batch)>(QUEUED);
            // sled's trees are shared handles: each writer holds its own.
            let trees: Vec<sled::Tree> =
                TreeId::ALL.iter().map(|t| store.tree(*t).clone()).collect();
            writers.push(std::thread::spawn(move || -> Result<()> {
                for (tree, batch) in rx {
                    trees[tree as usize].apply_batch(batch)?;
                }
                Ok(())
            }));
            lanes.push(tx);
        }
        Bulk {
            store,
            batches: TreeId::ALL.iter().map(|_| sled::Batch::default()).collect(),
            added: vec![0; TreeId::ALL.len()],
            pending: 0,
            filled: vec![false; TreeId::ALL.len()],
            meta: store.meta(by),
            lanes,
            writers,
        }
    }

    pub fn put<E: Entity>(&mut self, value: &E) -> Result<()> {
        for (index, k) in value.index_keys() {
            self.batches[index as usize].insert(k, value.index_value(index));
            self.filled[index as usize] = true;
            self.pending += 1;
        }
        let stored = Stored {
            meta: self.meta.clone(),
            value,
        };
        self.batches[E::TREE as usize].insert(value.key(), codec::encode(&stored)?);
        self.added[E::TREE as usize] += 1;
        self.filled[E::TREE as usize] = true;
        self.pending += 1;
        if self.pending >= BATCH_ITEMS {
            self.apply()?;
        }
        Ok(())
    }

    /// Hands each tree's batch to its writer.
    fn apply(&mut self) -> Result<()> {
        for id in TreeId::ALL {
            if !self.filled[id as usize] {
                continue;
            }
            let batch = std::mem::take(&mut self.batches[id as usize]);
            self.filled[id as usize] = false;
            let sent = self
                .lanes
                .get(lane(id))
                .is_some_and(|l| l.send((id, batch)).is_ok());
            if !sent {
                // A writer stopped on an error: that error is the answer.
                self.stop()?;
                return Err(StoreError::Invalid(crate::model::Invalid::new(
                    "the load stopped before it was written; delete the directory and try again",
                )));
            }
        }
        self.pending = 0;
        Ok(())
    }

    /// Waits for both writers and returns the first error either met.
    fn stop(&mut self) -> Result<()> {
        self.lanes.clear();
        let mut first = Ok(());
        for w in self.writers.drain(..) {
            let r = w.join().unwrap_or_else(|_| {
                Err(StoreError::Invalid(crate::model::Invalid::new(
                    "a writer of the load stopped unexpectedly; delete the directory and try again",
                )))
            });
            if first.is_ok() {
                first = r;
            }
        }
        first
    }

    /// Applies what is left, adds to the counters, and makes the load durable.
    pub fn finish(mut self) -> Result<()> {
        self.apply()?;
        self.stop()?;
        let meta = self.store.tree(TreeId::Meta);
        let mut loaded = Vec::new();
        for id in TreeId::ALL {
            let n = self.added[id as usize];
            if n > 0 {
                let total = self.store.count(id)? + n;
                meta.insert(id.counter_key(), &total.to_be_bytes()[..])?;
                loaded.push(format!("{n} {}", id.name()));
            }
        }
        self.store.raise_people_generation()?;
        super::digest::after_plain_writes(self.store)?;
        super::tally::after_plain_writes(self.store)?;
        // One entry in the trail for the whole load, rather than one a record.
        if !loaded.is_empty() {
            self.store.audit_note(
                &self.meta.by,
                "bulk",
                &format!("loaded {}", loaded.join(", ")),
            )?;
        }
        self.store.durable()
    }
}

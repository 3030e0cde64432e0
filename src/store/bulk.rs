//! Bulk loading for a fresh store (the demo, a large import): batched, counted, one flush.

use super::{codec, Entity, Meta, Result, Store, Stored, TreeId};

/// Writes many new records quickly through sled batches. Records are assumed new (no old
/// index entries to move); the whole load is made durable once, in `finish`. Only for a
/// store nobody else writes meanwhile (the demo being made): see `Store::alone`.
pub struct Bulk<'a> {
    store: &'a Store,
    batches: Vec<sled::Batch>,
    added: Vec<u64>,
    pending: usize,
    meta: Meta,
}

/// sled holds a whole batch in memory until it is applied; small batches keep a city-sized
/// load in well under a gigabyte and are faster too.
const BATCH_ITEMS: usize = 2_000;

impl<'a> Bulk<'a> {
    pub fn new(store: &'a Store, by: &str) -> Bulk<'a> {
        Bulk {
            store,
            batches: TreeId::ALL.iter().map(|_| sled::Batch::default()).collect(),
            added: vec![0; TreeId::ALL.len()],
            pending: 0,
            meta: store.meta(by),
        }
    }

    pub fn put<E: Entity>(&mut self, value: &E) -> Result<()> {
        for (index, k) in value.index_keys() {
            self.batches[index as usize].insert(k, &[][..]);
            self.pending += 1;
        }
        let stored = Stored {
            meta: self.meta.clone(),
            value,
        };
        self.batches[E::TREE as usize].insert(value.key(), codec::encode(&stored)?);
        self.added[E::TREE as usize] += 1;
        self.pending += 1;
        if self.pending >= BATCH_ITEMS {
            self.apply()?;
        }
        Ok(())
    }

    fn apply(&mut self) -> Result<()> {
        for id in TreeId::ALL {
            let batch = std::mem::take(&mut self.batches[id as usize]);
            self.store.tree(id).apply_batch(batch)?;
        }
        self.pending = 0;
        Ok(())
    }

    /// Applies what is left, adds to the counters, and makes the load durable.
    pub fn finish(mut self) -> Result<()> {
        self.apply()?;
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

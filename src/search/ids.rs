//! A column of record ids that takes 4 bytes an id while every id lies within 2³² of the
//! smallest (the store hands out ids from one counter), and 8 bytes otherwise.

use crate::model::Id;

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub enum IdColumn {
    Narrow { base: Id, ids: Vec<u32> },
    Wide(Vec<Id>),
}

impl Default for IdColumn {
    fn default() -> Self {
        IdColumn::Narrow {
            base: 0,
            ids: Vec::new(),
        }
    }
}

impl IdColumn {
    pub fn with_capacity(n: usize, base: Id) -> IdColumn {
        IdColumn::Narrow {
            base,
            ids: Vec::with_capacity(n),
        }
    }

    #[inline]
    pub fn get(&self, i: usize) -> Id {
        match self {
            IdColumn::Narrow { base, ids } => base + u64::from(ids[i]),
            IdColumn::Wide(ids) => ids[i],
        }
    }

    pub fn len(&self) -> usize {
        match self {
            IdColumn::Narrow { ids, .. } => ids.len(),
            IdColumn::Wide(ids) => ids.len(),
        }
    }

    pub fn push(&mut self, id: Id) {
        if let IdColumn::Narrow { base, ids } = self {
            if ids.is_empty() && *base == 0 {
                *base = id;
            }
            match id.checked_sub(*base).and_then(|d| u32::try_from(d).ok()) {
                Some(d) => return ids.push(d),
                None => self.widen(),
            }
        }
        if let IdColumn::Wide(ids) = self {
            ids.push(id);
        }
    }

    fn widen(&mut self) {
        let wide = (0..self.len()).map(|i| self.get(i)).collect();
        *self = IdColumn::Wide(wide);
    }

    /// Positions holding `id`, first to last.
    pub fn positions(&self, id: Id) -> Vec<usize> {
        match self {
            IdColumn::Narrow { base, ids } => {
                match id.checked_sub(*base).and_then(|d| u32::try_from(d).ok()) {
                    Some(d) => (0..ids.len()).filter(|&i| ids[i] == d).collect(),
                    None => Vec::new(),
                }
            }
            IdColumn::Wide(ids) => (0..ids.len()).filter(|&i| ids[i] == id).collect(),
        }
    }

    pub fn shrink_to_fit(&mut self) {
        match self {
            IdColumn::Narrow { ids, .. } => ids.shrink_to_fit(),
            IdColumn::Wide(ids) => ids.shrink_to_fit(),
        }
    }

    pub fn heap_bytes(&self) -> usize {
        match self {
            IdColumn::Narrow { ids, .. } => ids.capacity() * 4,
            IdColumn::Wide(ids) => ids.capacity() * 8,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_far_apart_widen_the_column_and_keep_their_values() {
        let mut c = IdColumn::default();
        c.push(1_000);
        c.push(1_007);
        assert!(matches!(c, IdColumn::Narrow { .. }));
        c.push(5);
        c.push(1 << 40);
        assert!(matches!(c, IdColumn::Wide(_)));
        let got: Vec<Id> = (0..c.len()).map(|i| c.get(i)).collect();
        assert_eq!(got, vec![1_000, 1_007, 5, 1 << 40]);
        assert_eq!(c.positions(5), vec![2]);
    }
}

//! Small wishes (微心愿) in the store: raising one for a household, moving it along its
//! states, and listing them; every write checked in its transaction against where the
//! writer may write, on the wish's household as it is then.

use super::{keys, Result, Store, StoreError, TreeId};
use crate::model::time::Instant;
use crate::model::{Household, Id, Wish, WishMove, WishState};

/// The trees a wish's write touches.
const TREES: [TreeId; 3] = [
    TreeId::Households,
    TreeId::Wishes,
    TreeId::WishesByHousehold,
];

fn abort<T>(e: StoreError) -> super::TxResult<T> {
    Err(sled::transaction::ConflictableTransactionError::Abort(e))
}

/// The sentence for a wish whose household lies outside the writer's grids.
fn outside() -> StoreError {
    StoreError::OutOfScope(super::captains::OUTSIDE.into())
}

impl Store {
    /// Raises a wish for a household where `may` says the writer may write; it waits to be
    /// claimed, with an empty history.
    pub fn add_wish(
        &self,
        by: &str,
        w: &Wish,
        may: &(dyn Fn(&Household) -> bool + Sync),
    ) -> Result<Wish> {
        let mut w = w.clone();
        w.state = WishState::Open;
        w.taker = None;
        w.satisfaction = None;
        w.history.clear();
        w.text = w.text.trim().to_string();
        w.validate()?;
        self.write_in(by, &TREES, |t| {
            let mut wish = w.clone();
            match t.get::<Household>(&keys::id(wish.household))? {
                None => {
                    return abort(StoreError::NotFound(format!(
                        "there is no household {}",
                        wish.household
                    )))
                }
                Some(h) if !may(&h) => return abort(outside()),
                Some(_) => {}
            }
            wish.id = t.next_id()?;
            t.put(&wish)?;
            Ok(wish)
        })
    }

    /// Moves a wish on, or refuses with one sentence and writes nothing; the wish's
    /// household must lie where `may` says the writer may write.
    pub fn move_wish(
        &self,
        by: &str,
        id: Id,
        m: &WishMove,
        now: Instant,
        may: &(dyn Fn(&Household) -> bool + Sync),
    ) -> Result<Wish> {
        self.write_in(by, &TREES, |t| {
            let Some(mut w) = t.get::<Wish>(&keys::id(id))? else {
                return abort(StoreError::NotFound(format!("there is no wish {id}")));
            };
            match t.get::<Household>(&keys::id(w.household))? {
                Some(h) if may(&h) => {}
                _ => return abort(outside()),
            }
            if let Err(e) = w.apply(m, by, now) {
                return abort(StoreError::Invalid(e));
            }
            t.put(&w)?;
            Ok(w)
        })
    }

    /// Every wish with its household, of the households `sees` lets through, oldest first.
    pub fn wishes(&self, sees: &dyn Fn(&Household) -> bool) -> Result<Vec<(Wish, Household)>> {
        let mut out = Vec::new();
        let mut last: Option<Household> = None;
        for kv in self.tree(TreeId::WishesByHousehold).iter() {
            let (k, _) = kv?;
            let (Some(h), Some(w)) = (keys::read_id(&k, 0), keys::last_id(&k)) else {
                continue;
            };
            if last.as_ref().map(|l| l.id) != Some(h) {
                last = self.get_id::<Household>(h)?;
            }
            let Some(house) = last.as_ref().filter(|x| sees(x)) else {
                continue;
            };
            if let Some(wish) = self.get_id::<Wish>(w)? {
                out.push((wish, house.clone()));
            }
        }
        out.sort_by_key(|(w, _)| (w.raised, w.id));
        Ok(out)
    }
}

//! Agenda items (议题) and meetings in the store: raising an item, moving it on, recording a
//! meeting with the items it discussed, and listing them; every write checked in its
//! transaction against where the writer may write, on each record's place as it is then.
//!
//! Where they belong: an item a household raised lies in that household's grid (and follows
//! it); an item a unit or staff raised, and every meeting, lies in its community as a whole
//! (`Place::Community`), for staff whose scope covers the community, not for a grid captain.

use super::sync::Place;
use super::{keys, Result, Store, StoreError, TreeId, TxResult, Txn};
use crate::model::{AgendaItem, Community, Household, Id, Invalid, Meeting};

/// The trees an agenda write touches.
const TREES: [TreeId; 4] = [
    TreeId::Communities,
    TreeId::Households,
    TreeId::AgendaItems,
    TreeId::Meetings,
];

fn abort<T>(e: StoreError) -> TxResult<T> {
    Err(sled::transaction::ConflictableTransactionError::Abort(e))
}

/// The sentence for a record outside the writer's grids.
fn outside() -> StoreError {
    StoreError::OutOfScope(super::captains::OUTSIDE.into())
}

fn no_item(id: Id) -> StoreError {
    StoreError::NotFound(format!("there is no agenda item {id}"))
}

/// Where an item lies: its household's grid, or its community as a whole.
fn place_in(t: &Txn, item: &AgendaItem) -> TxResult<Option<Place>> {
    Ok(match item.household() {
        Some(h) => t.get::<Household>(&keys::id(h))?.map(|h| Place::At {
            community: h.community,
            grid: h.grid,
        }),
        None => Some(Place::Community(item.community)),
    })
}

/// Where a stored item lies, read outside a write.
pub fn place_of(store: &Store, item: &AgendaItem) -> Result<Option<Place>> {
    Ok(match item.household() {
        Some(h) => store.get_id::<Household>(h)?.map(|h| Place::At {
            community: h.community,
            grid: h.grid,
        }),
        None => Some(Place::Community(item.community)),
    })
}

/// Reads an item the writer may change, or refuses.
fn item_in(t: &Txn, id: Id, may: &(dyn Fn(Place) -> bool + Sync)) -> TxResult<AgendaItem> {
    let Some(item) = t.get::<AgendaItem>(&keys::id(id))? else {
        return abort(no_item(id));
    };
    match place_in(t, &item)? {
        Some(p) if may(p) => Ok(item),
        _ => abort(outside()),
    }
}

impl Store {
    /// Raises an item where `may` says the writer may write: in its household's grid (its
    /// community taken from the household), or in the community named. It is proposed, with
    /// an empty history.
    pub fn add_agenda_item(
        &self,
        by: &str,
        item: &AgendaItem,
        may: &(dyn Fn(Place) -> bool + Sync),
    ) -> Result<AgendaItem> {
        let item = AgendaItem::new(
            item.community,
            &item.topic,
            item.kind,
            item.raised_by.clone(),
            item.raised,
        );
        item.validate()?;
        self.write_in(by, &TREES, |t| {
            let mut item = item.clone();
            if let Some(h) = item.household() {
                match t.get::<Household>(&keys::id(h))? {
                    Some(h) => item.community = h.community,
                    None => {
                        return abort(StoreError::NotFound(format!("there is no household {h}")))
                    }
                }
            } else if t.get::<Community>(&keys::id(item.community))?.is_none() {
                return abort(StoreError::NotFound(format!(
                    "there is no community {}",
                    item.community
                )));
            }
            match place_in(t, &item)? {
                Some(p) if may(p) => {}
                _ => return abort(outside()),
            }
            item.id = t.next_id()?;
            t.put(&item)?;
            Ok(item)
        })
    }

    /// Changes an item the writer may change with `f` (a move, a decision, a note), or
    /// refuses with one sentence and writes nothing. Who raised it never changes, so its
    /// place as it will be is its place as it is.
    pub fn change_agenda_item(
        &self,
        by: &str,
        id: Id,
        f: &(dyn Fn(&mut AgendaItem) -> std::result::Result<(), Invalid> + Sync),
        may: &(dyn Fn(Place) -> bool + Sync),
    ) -> Result<AgendaItem> {
        self.write_in(by, &TREES, |t| {
            let mut item = item_in(t, id, may)?;
            if let Err(e) = f(&mut item) {
                return abort(StoreError::Invalid(e));
            }
            t.put(&item)?;
            Ok(item)
        })
    }

    /// Records a meeting of a community the writer may write in, with the items it
    /// discussed (each of them the writer's to change); each item records the meeting.
    pub fn add_meeting(
        &self,
        by: &str,
        m: &Meeting,
        may: &(dyn Fn(Place) -> bool + Sync),
    ) -> Result<Meeting> {
        // Where it lies is known before anything is read: no one else's list is checked.
        if !may(Place::Community(m.community)) {
            return Err(outside());
        }
        let mut m = m.clone();
        m.chair = m.chair.trim().to_string();
        // Each item once, however often it was named: an item records a meeting once.
        let mut named = std::collections::HashSet::new();
        m.items.retain(|i| named.insert(*i));
        m.validate()?;
        self.write_in(by, &TREES, |t| {
            let mut m = m.clone();
            if t.get::<Community>(&keys::id(m.community))?.is_none() {
                return abort(StoreError::NotFound(format!(
                    "there is no community {}",
                    m.community
                )));
            }
            if !may(Place::Community(m.community)) {
                return abort(outside());
            }
            m.id = t.next_id()?;
            for &i in &m.items {
                let mut item = item_in(t, i, may)?;
                if item.community != m.community {
                    return abort(StoreError::Invalid(Invalid::new(format!(
                        "agenda item {i} belongs to another community; a meeting discusses its own community's items"
                    ))));
                }
                item.meetings.push(m.id);
                t.put(&item)?;
            }
            t.put(&m)?;
            Ok(m)
        })
    }

    /// Every item `sees` lets through (by its place), oldest first.
    pub fn agenda_items(&self, sees: &dyn Fn(Place) -> bool) -> Result<Vec<AgendaItem>> {
        let mut out = Vec::new();
        for item in self.all::<AgendaItem>() {
            let item = item?;
            if place_of(self, &item)?.is_some_and(sees) {
                out.push(item);
            }
        }
        Ok(out)
    }

    /// Every meeting of the communities `sees` lets through, by date.
    pub fn meetings(&self, sees: &dyn Fn(Place) -> bool) -> Result<Vec<Meeting>> {
        let mut out: Vec<Meeting> = self
            .all::<Meeting>()
            .filter(|m| {
                !m.as_ref()
                    .is_ok_and(|m| !sees(Place::Community(m.community)))
            })
            .collect::<Result<_>>()?;
        out.sort_by_key(|m| (m.date, m.id));
        Ok(out)
    }
}

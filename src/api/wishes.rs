//! Operations on small wishes (微心愿): raising one, listing them, and one operation per
//! change of state, each in the caller's scope.

use serde::{Deserialize, Serialize};

use super::{Cx, Request, Result};
use crate::model::time::{now, Day};
use crate::model::{Address, Household, Id, Wish, WishCategory, WishMove, WishSource, WishState};

/// Raises a wish for a household in the caller's scope.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AddWish {
    pub household: Id,
    pub text: String,
    pub category: WishCategory,
    pub source: WishSource,
    pub raised: Day,
    pub due: Option<Day>,
    pub private: bool,
}

impl Request for AddWish {
    type Reply = Wish;
    fn handle(self, cx: &Cx) -> Result<Wish> {
        let mut w = Wish::new(
            self.household,
            &self.text,
            self.category,
            self.source,
            self.raised,
        );
        w.due = self.due;
        w.private = self.private;
        let scope = &cx.scope;
        Ok(cx
            .store
            .add_wish(&cx.user, &w, &|h| scope.sees(h.community, h.grid))?)
    }
    fn touches(&self, _cx: &Cx) -> Option<Vec<Id>> {
        Some(vec![self.household])
    }
}

/// One wish as the list shows it: where its household is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WishLine {
    pub wish: Wish,
    pub community: Id,
    pub grid: Id,
    pub address: Address,
}

/// The wishes in the caller's scope, oldest first, of one state, grid or category, or only
/// those overdue on a day. A private wish is listed only to staff whose scope covers its
/// household, as every wish is: no one else sees it, nor its address.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Wishes {
    pub state: Option<WishState>,
    pub grid: Option<Id>,
    pub category: Option<WishCategory>,
    /// Only those past their due day on this day and not yet fulfilled.
    pub overdue_on: Option<Day>,
}

impl Request for Wishes {
    type Reply = Vec<WishLine>;
    const RESEND: bool = true;
    fn handle(self, cx: &Cx) -> Result<Vec<WishLine>> {
        let scope = &cx.scope;
        let sees = |h: &Household| {
            scope.sees(h.community, h.grid) && self.grid.is_none_or(|g| g == h.grid)
        };
        Ok(cx
            .store
            .wishes(&sees)?
            .into_iter()
            .filter(|(w, _)| {
                self.state.is_none_or(|s| s == w.state)
                    && self.category.is_none_or(|c| c == w.category)
                    && self.overdue_on.is_none_or(|d| w.is_overdue(d))
            })
            .map(|(wish, h)| WishLine {
                wish,
                community: h.community,
                grid: h.grid,
                address: h.address,
            })
            .collect())
    }
}

/// Moves a wish of the caller's scope on; the household it belongs to is refreshed.
fn move_wish(cx: &Cx, id: Id, m: WishMove) -> Result<Wish> {
    let scope = &cx.scope;
    Ok(cx.store.move_wish(&cx.user, id, &m, now(), &|h| {
        scope.sees(h.community, h.grid)
    })?)
}

fn household_of(cx: &Cx, id: Id) -> Option<Vec<Id>> {
    let w = cx.store.get_id::<Wish>(id).ok().flatten();
    Some(w.map(|w| w.household).into_iter().collect())
}

macro_rules! wish_moves {
    ($($(#[$doc:meta])* $name:ident { $($field:ident : $ty:ty),* } => $move:ident;)*) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Serialize, Deserialize)]
        pub struct $name {
            pub wish: Id,
            $(pub $field: $ty),*
        }

        impl Request for $name {
            type Reply = Wish;
            fn handle(self, cx: &Cx) -> Result<Wish> {
                move_wish(cx, self.wish, WishMove::$move { $($field: self.$field),* })
            }
            fn touches(&self, cx: &Cx) -> Option<Vec<Id>> {
                household_of(cx, self.wish)
            }
        }
    )*};
}

wish_moves! {
    /// 认领: a member or unit, by name, takes on a waiting wish.
    ClaimWish { by: String } => Claim;
    /// 派单: staff hand a waiting wish to a member or unit, by name.
    DispatchWish { to: String } => Dispatch;
    /// 已实现: a claimed or dispatched wish is fulfilled; the note says what was done.
    WishDone { note: String } => Done;
    /// 回访: the household's satisfaction 1–5 with a fulfilled wish.
    ReviewWish { satisfaction: u8, note: String } => Review;
    /// 关闭: a wish not yet fulfilled will not be, for a reason.
    CloseWish { reason: String } => Close;
    /// The claim or dispatch given back, for a reason: the wish waits again.
    CancelWish { reason: String } => Cancel;
}

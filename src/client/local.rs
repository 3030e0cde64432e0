//! The store answering one user directly, inside their scope: in-process for tests and one
//! user. Calls go through the same dispatch the server uses.

use std::cell::RefCell;
use std::sync::Arc;

use super::{Backend, Result};
use crate::api::{self, Call, Caller, Cx, Reply};
use crate::model::scope::Scope;
use crate::store::Store;

pub struct Local {
    caller: Caller,
}

impl Local {
    /// The whole store, for its owner; the search index starts building at once.
    pub fn new(store: Store, user: String) -> Local {
        let store = Arc::new(store);
        let search = crate::search::SearchCell::start(store.clone());
        Local::scoped(store, user, Scope::everything(), search)
    }

    /// One user's view of a store shared with others.
    pub fn scoped(
        store: Arc<Store>,
        user: String,
        scope: Scope,
        search: Arc<crate::search::SearchCell>,
    ) -> Local {
        Local {
            caller: Caller::new(store, user, scope, search),
        }
    }

    /// Someone sent down for a campaign, as the server serves them: the grids they are on
    /// duty in today and only the campaign's operations; None when they are on duty nowhere.
    pub fn sent_down(
        store: Arc<Store>,
        user: String,
        search: Arc<crate::search::SearchCell>,
    ) -> crate::store::Result<Option<Local>> {
        let today = crate::model::time::local_day(store.now());
        Ok(store.sent_down_scope(&user, today)?.map(|scope| Local {
            caller: Caller::new(store, user, scope, search).as_sent_down(),
        }))
    }

    pub fn store(&self) -> &Store {
        self.caller.store()
    }

    pub fn scope(&self) -> &Scope {
        self.caller.scope()
    }
}

impl Backend for Local {
    fn user(&self) -> &str {
        self.caller.user()
    }

    fn send(&self, call: Call, sink: &mut dyn FnMut(api::tables::Part)) -> Result<Reply> {
        let sink = RefCell::new(sink);
        let part = |p| (sink.borrow_mut())(p);
        let upload = RefCell::new(Vec::new());
        api::dispatch(&Cx::new(&self.caller, &part, &upload), call).reply
    }

    fn import_roster(
        &self,
        read: &mut crate::io::roster::ReadRoster<'_>,
        opts: &crate::store::import::ImportOptions,
        progress: crate::store::import::Progress<'_>,
    ) -> Result<crate::store::import::ImportOutcome> {
        // In-process the store writes the roster whole, so it is gathered here.
        let mut pieces = Vec::new();
        let mut roster = read(&mut |h| pieces.push(h));
        let name = roster
            .header
            .name(crate::io::columns::Column::Name)
            .to_string();
        let (households, people) = crate::io::roster::merge(pieces, &name, &mut roster.problems);
        roster.households = households;
        roster.people = people;
        roster.problems.sort();
        api::import::import(&self.caller, &roster, opts, progress)
    }
}

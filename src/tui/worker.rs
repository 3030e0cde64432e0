//! The store worker: requests go to a background thread and come back as answers with their id.

use std::sync::mpsc::{Receiver, Sender};
use std::sync::Arc;

use crate::client::Backend;
use crate::model::address::AddressQuery;
use crate::model::Id;
use crate::store::query::{AddressHit, HouseholdDetail, HouseholdRow, Overview};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Query {
    Overview,
    Households(Id),
    Detail(Id),
    FindAddress(AddressQuery, Option<Id>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub id: u64,
    pub query: Query,
}

#[derive(Debug)]
pub enum Answer {
    Overview(Overview),
    Households(Id, Vec<HouseholdRow>),
    Detail(Box<HouseholdDetail>),
    Found(AddressQuery, Vec<AddressHit>),
    Failed(String),
}

#[derive(Debug)]
pub struct Response {
    pub id: u64,
    pub answer: Answer,
}

/// Answers one request. Used by the worker thread, and directly by tests.
pub fn answer(backend: &dyn Backend, query: &Query) -> Answer {
    let result = match query {
        Query::Overview => backend.overview().map(Answer::Overview),
        Query::Households(b) => backend
            .households_in_building(*b)
            .map(|rows| Answer::Households(*b, rows)),
        Query::Detail(h) => backend
            .household_detail(*h)
            .map(|d| Answer::Detail(Box::new(d))),
        Query::FindAddress(q, c) => backend
            .find_address(q, *c)
            .map(|hits| Answer::Found(*q, hits)),
    };
    result.unwrap_or_else(|e| Answer::Failed(e.to_string()))
}

/// Runs requests until the request channel closes. A burst of requests of one kind is
/// coalesced to its newest, since the screen only wants the latest selection.
pub fn run(backend: Arc<dyn Backend>, requests: Receiver<Request>, answers: impl Fn(Response)) {
    while let Ok(first) = requests.recv() {
        let mut batch = vec![first];
        batch.extend(requests.try_iter());
        let kinds: Vec<std::mem::Discriminant<Query>> = batch
            .iter()
            .map(|r| std::mem::discriminant(&r.query))
            .collect();
        for (i, req) in batch.iter().enumerate() {
            let superseded = kinds[i + 1..].contains(&kinds[i]);
            if superseded {
                continue;
            }
            answers(Response {
                id: req.id,
                answer: answer(backend.as_ref(), &req.query),
            });
        }
    }
}

/// Starts the worker thread; answers are passed to `deliver`.
pub fn spawn(
    backend: Arc<dyn Backend>,
    deliver: impl Fn(Response) + Send + 'static,
) -> Sender<Request> {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || run(backend, rx, deliver));
    tx
}

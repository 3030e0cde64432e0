//! gridbook (网格台账): a keyboard-driven terminal ledger for community grid work.

pub mod api;
pub mod cli;
pub mod client;
pub mod i18n;
pub mod io;
pub mod log;
pub mod model;
pub mod search;
pub mod server;
pub mod store;
pub mod tui;

/// sled allocates and frees a node for every page it reads or writes, often on another
/// thread than the one that made it, which the system allocator serialises. jemalloc keeps
/// that cheap (city demo 73 s -> 47 s, search index 1.18 s -> 0.82 s) without the cost
/// mimalloc showed under fifty server connections (writes p99 12 ms -> 120 ms). Set here, it
/// holds in the binary and in every test and benchmark that links the library alike.
#[global_allocator]
static ALLOC: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

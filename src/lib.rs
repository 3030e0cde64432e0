//! gridbook (网格台账): a keyboard-driven terminal ledger for community grid work.

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

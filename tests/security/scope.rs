//! Security, scope on every write: sync push, import, edits and stats checked against the record as it is and as it will be.

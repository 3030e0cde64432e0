//! The import operation: a roster the client has read, written all or nothing over the
//! caller's scope. Over the socket its households are sent ahead in parts (connection frames)
//! and its problems come back in parts; in-process the roster is handed over whole.

use serde::{Deserialize, Serialize};

use super::tables::{in_parts, Part};
use super::{BackendError, Caller, Cx, Request, Result};
use crate::io::columns::Column;
use crate::io::roster::{merge, Roster};
use crate::io::Problems;
use crate::store::import::{ImportOptions, ImportOutcome, ImportSummary, Progress};

/// A roster without its households (they come ahead, in parts) or its own problems (the
/// client keeps them: a roster with errors never reaches the server).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RosterHead {
    pub header: crate::io::columns::Header,
    pub people: usize,
}

/// Imports the households sent so far: progress and problems come as parts, then the summary.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Import(pub RosterHead, pub ImportOptions);

impl Request for Import {
    type Reply = ImportSummary;
    fn handle(self, cx: &Cx) -> Result<ImportSummary> {
        // Households whose rows were apart in the file came in pieces: joined here.
        let mut problems = Problems::default();
        let name = self.0.header.name(Column::Name).to_string();
        let (households, people) = merge(cx.take_upload(), &name, &mut problems);
        let roster = Roster {
            header: self.0.header,
            format: None,
            households,
            people,
            problems,
        };
        let progress = |stage: &str, done: u64, total: u64| {
            cx.part(Part::Progress(stage.to_string(), done, total));
        };
        let outcome = import(cx, &roster, &self.1, &progress)?;
        let Problems { errors, warnings } = outcome.problems;
        let size = |p: &crate::io::Problem| p.message.len() + 32;
        in_parts(
            errors,
            size,
            |errors| {
                Part::Problems(Problems {
                    errors,
                    warnings: Vec::new(),
                })
            },
            &mut |p| cx.part(p),
        );
        in_parts(
            warnings,
            size,
            |warnings| {
                Part::Problems(Problems {
                    errors: Vec::new(),
                    warnings,
                })
            },
            &mut |p| cx.part(p),
        );
        Ok(outcome.summary)
    }
    fn touches(&self, _cx: &Cx) -> Option<Vec<crate::model::Id>> {
        Some(Vec::new())
    }
}

/// Imports a roster for `caller`, all or nothing; a row outside the caller's scope refuses the
/// whole import (`OutOfScope`, naming the row) and nothing is written.
pub fn import(
    caller: &Caller,
    roster: &Roster,
    opts: &ImportOptions,
    progress: Progress<'_>,
) -> Result<ImportOutcome> {
    let mut outcome =
        caller
            .store
            .import_roster_in(&caller.user, roster, opts, &caller.scope, progress)?;
    match outcome.refused {
        Some(why) => Err(BackendError::OutOfScope(why)),
        None => {
            // New and changed people are found by search at once: into a store that had
            // none, the index is made from what the import wrote, not read back.
            match (outcome.fresh.take(), outcome.summary.written) {
                (Some(fresh), true) => caller.search.rebuild_fresh(&caller.store, &fresh),
                (None, true) => caller.search.rebuild(&caller.store),
                (_, false) => {}
            }
            Ok(outcome)
        }
    }
}

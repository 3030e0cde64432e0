//! The sync side of the app: the status of the last sync for the status bar, and the list of
//! conflicts a sync left for review, settled one key at a time.

use super::{App, Screen};
use crate::store::sync::{Conflict, ConflictRow, SyncStatus};
use crate::tui::action::Action;
use crate::tui::worker::{Query, Request};

/// The conflicts screen: the rows once read, and the one selected.
pub struct ConflictView {
    pub rows: Option<Vec<ConflictRow>>,
    pub cursor: usize,
}

impl App {
    pub(super) fn open_conflicts(&mut self) -> Vec<Request> {
        self.screen = Screen::Conflicts(ConflictView {
            rows: None,
            cursor: 0,
        });
        vec![
            self.request(Query::Conflicts),
            self.request(Query::SyncStatus),
        ]
    }

    pub(super) fn conflicts_loaded(&mut self, rows: Vec<ConflictRow>) -> Vec<Request> {
        if let Screen::Conflicts(v) = &mut self.screen {
            // Keep the cursor on the same conflict when the list is read again.
            let was = v
                .rows
                .as_ref()
                .and_then(|r| r.get(v.cursor))
                .map(|r| r.id.clone());
            v.cursor = was
                .and_then(|id| rows.iter().position(|r| r.id == id))
                .unwrap_or(v.cursor)
                .min(rows.len().saturating_sub(1));
            v.rows = Some(rows);
        }
        Vec::new()
    }

    pub(super) fn sync_status_loaded(&mut self, s: SyncStatus) -> Vec<Request> {
        self.sync = Some(s);
        Vec::new()
    }

    /// `u` and `o` on the conflicts list: settle the selected row. No confirmation; the status
    /// bar says what was done.
    pub(super) fn settle_conflict(&mut self, action: Action) -> Vec<Request> {
        let Screen::Conflicts(v) = &self.screen else {
            return Vec::new();
        };
        let Some(row) = v.rows.as_ref().and_then(|r| r.get(v.cursor)) else {
            return Vec::new();
        };
        if let Some(how) = crate::tui::sync_text::settled(&row.conflict, self.lang) {
            self.status = Some(how);
            return Vec::new();
        }
        let id = row.id.clone();
        vec![self.request(Query::Resolve {
            id,
            restore: action == Action::Restore,
        })]
    }

    pub(super) fn conflict_resolved(&mut self, c: Conflict) -> Vec<Request> {
        self.status = Some(crate::tui::sync_text::resolved_message(&c, self.lang));
        let mut reqs = vec![
            self.request(Query::Conflicts),
            self.request(Query::SyncStatus),
        ];
        // A value put back may be on the household list or in the detail behind this screen.
        let restored = c.resolved.as_ref().is_some_and(|r| r.restored);
        if restored && !self.households_loading {
            if let Some(b) = self.households_of {
                self.select_after_load = self.selected_household().map(|h| h.id);
                reqs.push(self.request(Query::Households(b)));
            }
        }
        reqs
    }
}

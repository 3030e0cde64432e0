//! Data in and out of gridbook: reading rosters (CSV in any usual encoding, XLSX), column
//! names in Chinese or English, cell values as offices write them, templates, and the CSV
//! and XLSX writers behind export, ledgers and reports. No store access: plain data in, out.

pub mod columns;
pub mod limits;
pub mod roster;
pub mod sheet;
pub mod table;
pub mod template;
pub mod text;
pub mod values;

use std::fmt;

/// Something wrong (or worth a look) in one place of an input file, or in all of it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Problem {
    /// The row as a spreadsheet numbers it (the first row of the file is 1); 0 for a
    /// problem of the whole file or of every row alike, said once.
    pub row: usize,
    /// The column's name as the file writes it, when the problem is in one cell.
    pub column: Option<String>,
    pub message: String,
}

impl Problem {
    pub fn new(row: usize, column: Option<&str>, message: impl Into<String>) -> Problem {
        Problem {
            row,
            column: column.map(str::to_string),
            message: message.into(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.column, self.row) {
            (_, 0) => write!(f, "{}", self.message),
            (Some(c), row) => write!(f, "row {row}, {c}: {}", self.message),
            (None, row) => write!(f, "row {row}: {}", self.message),
        }
    }
}

/// Errors (which stop an import) and warnings (which do not), each with its row.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Problems {
    pub errors: Vec<Problem>,
    pub warnings: Vec<Problem>,
}

impl Problems {
    pub fn error(&mut self, row: usize, column: Option<&str>, message: impl Into<String>) {
        self.errors.push(Problem::new(row, column, message));
    }

    pub fn warn(&mut self, row: usize, column: Option<&str>, message: impl Into<String>) {
        self.warnings.push(Problem::new(row, column, message));
    }

    /// Puts errors and warnings in row order (stable within a row).
    pub fn sort(&mut self) {
        self.errors.sort_by_key(|p| p.row);
        self.warnings.sort_by_key(|p| p.row);
    }
}

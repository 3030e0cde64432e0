//! A file read as a grid of cells: CSV (any usual encoding) or a spreadsheet (XLSX, XLS, ODS),
//! chosen by the file's first bytes, not its name. Rows keep the numbers a spreadsheet shows.

use std::io::Cursor;
use std::path::Path;

use calamine::{Data, Range, Reader};

use super::text::{self, Encoding};

/// One cell as read.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell<'a> {
    Empty,
    Text(&'a str),
    Number(f64),
    /// A cell Excel formats as a date: year, month, day.
    Date(u16, u8, u8),
}

impl Cell<'_> {
    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as text, the way a person reads it: whole numbers without `.0`.
    pub fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(t) => t.trim().to_string(),
            Cell::Number(n) => number_text(*n),
            Cell::Date(y, m, d) => format!("{y:04}-{m:02}-{d:02}"),
        }
    }
}

fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// What kind of file it was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv(Encoding),
    Spreadsheet,
}

impl Format {
    pub fn describe(self) -> String {
        match self {
            Format::Csv(e) => format!("CSV in {}", e.name()),
            Format::Spreadsheet => "a spreadsheet".into(),
        }
    }
}

/// The cells of a file, row by row.
pub enum Table {
    Csv(Vec<csv::StringRecord>),
    Sheet {
        range: Range<Data>,
        first_row: usize,
    },
}

/// Why a file could not be read at all; each names row 1 so messages stay uniform.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    #[error("{0} does not exist; check the file's name and folder")]
    Missing(String),
    #[error("{0} could not be read: {1}")]
    Io(String, String),
    #[error("the file is empty; export the roster again, with its header row")]
    Empty,
    #[error("{0}")]
    NotText(#[from] text::NotText),
    #[error("the spreadsheet could not be opened ({0}); save it again as XLSX, or as CSV")]
    Spreadsheet(String),
    #[error("the CSV could not be read at line {line} ({reason}); check the quotes on that line")]
    Csv { line: u64, reason: String },
}

impl Table {
    pub fn read(path: &Path) -> Result<(Table, Format), ReadError> {
        let bytes = std::fs::read(path).map_err(|e| {
            let file = path.display().to_string();
            match e.kind() {
                std::io::ErrorKind::NotFound => ReadError::Missing(file),
                _ => ReadError::Io(file, e.to_string()),
            }
        })?;
        Table::from_bytes(&bytes)
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<(Table, Format), ReadError> {
        if bytes.iter().all(|b| b.is_ascii_whitespace()) {
            return Err(ReadError::Empty);
        }
        // XLSX and ODS are zip files; XLS is an OLE compound file.
        let spreadsheet =
            bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]);
        if spreadsheet {
            return Ok((Table::sheet(bytes)?, Format::Spreadsheet));
        }
        let (text, encoding) = text::decode(bytes)?;
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes());
        let mut rows = Vec::new();
        for record in reader.records() {
            let record = record.map_err(|e| ReadError::Csv {
                line: e.position().map_or(0, |p| p.line()),
                reason: e.to_string(),
            })?;
            rows.push(record);
        }
        if rows.iter().all(|r| r.iter().all(|c| c.trim().is_empty())) {
            return Err(ReadError::Empty);
        }
        Ok((Table::Csv(rows), Format::Csv(encoding)))
    }

    fn sheet(bytes: &[u8]) -> Result<Table, ReadError> {
        let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes.to_vec()))
            .map_err(|e| ReadError::Spreadsheet(e.to_string()))?;
        let range = book
            .worksheet_range_at(0)
            .ok_or(ReadError::Empty)?
            .map_err(|e| ReadError::Spreadsheet(e.to_string()))?;
        if range.is_empty() {
            return Err(ReadError::Empty);
        }
        let first_row = range.start().map_or(0, |(r, _)| r as usize);
        Ok(Table::Sheet { range, first_row })
    }

    pub fn len(&self) -> usize {
        match self {
            Table::Csv(rows) => rows.len(),
            Table::Sheet { range, .. } => range.height(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The row number a spreadsheet would show for the row at `index`.
    pub fn row_number(&self, index: usize) -> usize {
        match self {
            Table::Csv(_) => index + 1,
            Table::Sheet { first_row, .. } => first_row + index + 1,
        }
    }

    /// How many cells the row at `index` has (for CSV, as written; a sheet is rectangular).
    pub fn width(&self, index: usize) -> usize {
        match self {
            Table::Csv(rows) => rows[index].len(),
            Table::Sheet { range, .. } => range.width(),
        }
    }

    pub fn cell(&self, index: usize, col: usize) -> Cell<'_> {
        match self {
            Table::Csv(rows) => match rows[index].get(col) {
                Some(t) if !t.trim().is_empty() => Cell::Text(super::sheet::csv_cell_read(t)),
                _ => Cell::Empty,
            },
            Table::Sheet { range, .. } => {
                let Some(d) = range.get((index, col)) else {
                    return Cell::Empty;
                };
                match d {
                    Data::Empty => Cell::Empty,
                    Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Text(s),
                    Data::Int(i) => Cell::Number(*i as f64),
                    Data::Float(f) => Cell::Number(*f),
                    Data::Bool(b) => Cell::Text(if *b { "TRUE" } else { "FALSE" }),
                    Data::DateTime(dt) => {
                        let (y, m, d, ..) = dt.to_ymd_hms_milli();
                        Cell::Date(y, m, d)
                    }
                    Data::Error(_) => Cell::Text("#ERROR"),
                }
            }
        }
    }

    /// Whether every cell of the row is empty.
    pub fn row_is_empty(&self, index: usize) -> bool {
        (0..self.width(index)).all(|c| self.cell(index, c).is_empty())
    }
}

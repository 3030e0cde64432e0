//! A file read as rows of cells, one row at a time and within bounded memory whatever the
//! file: CSV (any usual encoding) or XLSX, chosen by the file's first bytes, not its name.
//! Rows keep the numbers a spreadsheet shows. See `limits` for what is refused.

use std::cell::Cell as Shared;
use std::io::{BufReader, Cursor, Read, Seek};
use std::path::Path;
use std::rc::Rc;

use calamine::{DataRef, Reader};

use super::limits::{self, thousands};
use super::text::{self, Decoding, Stopped};

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

/// One cell as read, kept.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Empty,
    Text(String),
    Number(f64),
    Date(u16, u8, u8),
}

impl Value {
    fn of(d: DataRef<'_>) -> Value {
        match d {
            DataRef::Empty => Value::Empty,
            DataRef::SharedString(s) => Value::Text(s.to_string()),
            DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => {
                Value::Text(s)
            }
            DataRef::Int(i) => Value::Number(i as f64),
            DataRef::Float(f) => Value::Number(f),
            DataRef::Bool(b) => Value::Text(if b { "TRUE" } else { "FALSE" }.into()),
            DataRef::DateTime(dt) => {
                let (y, m, d, ..) = dt.to_ymd_hms_milli();
                Value::Date(y, m, d)
            }
            DataRef::Error(_) => Value::Text("#ERROR".into()),
        }
    }

    pub fn cell(&self) -> Cell<'_> {
        match self {
            Value::Empty => Cell::Empty,
            Value::Text(t) if t.trim().is_empty() => Cell::Empty,
            Value::Text(t) => Cell::Text(t),
            Value::Number(n) => Cell::Number(*n),
            Value::Date(y, m, d) => Cell::Date(*y, *m, *d),
        }
    }
}

/// One row of a file: its number as a spreadsheet shows it, and its cells as written.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Row {
    pub number: usize,
    pub cells: Vec<Value>,
}

impl Row {
    pub fn cell(&self, col: usize) -> Cell<'_> {
        self.cells.get(col).map_or(Cell::Empty, Value::cell)
    }

    pub fn width(&self) -> usize {
        self.cells.len()
    }

    pub fn texts(&self) -> Vec<String> {
        self.cells.iter().map(|v| v.cell().text()).collect()
    }

    /// Whether every cell of the row is empty.
    pub fn is_empty(&self) -> bool {
        self.cells.iter().all(|v| v.cell().is_empty())
    }
}

/// What kind of file it was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv(text::Encoding),
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
    /// A file gridbook will not read within its limits, in one sentence.
    #[error("{0}")]
    Refused(String),
}

/// A file's rows, read one at a time.
enum Source<R: Read + Seek> {
    Csv {
        reader: Box<csv::Reader<Decoding<R>>>,
        record_start: Rc<Shared<u64>>,
        failure: Rc<Shared<Option<Stopped>>>,
    },
    Xlsx(Box<calamine::Xlsx<R>>),
}

/// Reads the rows of the file at `path`, handing each to `each` (with the file's format) as
/// it is read (an XLSX's empty rows too, so numbers stay as the spreadsheet shows them);
/// `each` returns false to stop. Returns the file's format; no row is held after `each` has had it.
pub fn each_row(
    path: &Path,
    each: &mut dyn FnMut(Format, Row) -> bool,
) -> Result<Format, ReadError> {
    let f = open(path)?;
    read_rows(BufReader::new(f), &path.display().to_string(), each)
}

/// Opens a file to read, or says why it cannot be.
pub fn open(path: &Path) -> Result<std::fs::File, ReadError> {
    let file = path.display().to_string();
    let f = std::fs::File::open(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => ReadError::Missing(file.clone()),
        _ => ReadError::Io(file.clone(), e.to_string()),
    })?;
    if f.metadata().is_ok_and(|m| m.is_dir()) {
        return Err(ReadError::Io(file, "it is a folder".into()));
    }
    Ok(f)
}

fn read_rows<R: Read + Seek>(
    mut r: R,
    file: &str,
    each: &mut dyn FnMut(Format, Row) -> bool,
) -> Result<Format, ReadError> {
    let io = |e: std::io::Error| ReadError::Io(file.to_string(), e.to_string());
    let mut magic = Vec::with_capacity(4);
    r.by_ref().take(4).read_to_end(&mut magic).map_err(io)?;
    r.rewind().map_err(io)?;
    // XLSX and ODS are zip files; XLS is an OLE compound file.
    let source = if magic.starts_with(b"PK\x03\x04") {
        limits::check_zip(&mut r, file)?;
        let book: calamine::Xlsx<R> = calamine::Xlsx::new(r).map_err(|e| match e {
            calamine::XlsxError::Zip(_) | calamine::XlsxError::FileNotFound(_) => {
                ReadError::Refused(format!("{file} is a zip file but not an XLSX (an ODS or another kind); save the roster from Excel or WPS as XLSX (or as CSV) and try again"))
            }
            e => ReadError::Spreadsheet(e.to_string()),
        })?;
        Source::Xlsx(Box::new(book))
    } else if magic.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err(ReadError::Refused(format!(
            "{file} is an old XLS spreadsheet, which gridbook does not read; open it in Excel or WPS, save it as XLSX (or as CSV) and try again"
        )));
    } else {
        let record_start = Rc::new(Shared::new(0));
        let failure = Rc::new(Shared::new(None));
        let decoding =
            Decoding::new(r, limits::LINE, record_start.clone(), failure.clone()).map_err(io)??;
        let reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(decoding);
        Source::Csv {
            reader: Box::new(reader),
            record_start,
            failure,
        }
    };
    let format = match &source {
        Source::Csv { reader, .. } => Format::Csv(reader.get_ref().encoding()),
        Source::Xlsx(_) => Format::Spreadsheet,
    };
    let mut any = false;
    let mut each = |row: Row| {
        any |= !row.is_empty();
        each(format, row)
    };
    match source {
        Source::Csv {
            mut reader,
            record_start,
            failure,
        } => {
            let encoding = reader.get_ref().encoding();
            let mut record = csv::StringRecord::new();
            let mut number = 0;
            // The line the record being read begins on.
            let mut begins = 1;
            loop {
                let more = reader.read_record(&mut record).map_err(|e| {
                    let line = e.position().map_or(0, |p| p.line());
                    match failure.get() {
                        Some(Stopped::TooLong(_)) => ReadError::Refused(format!(
                            "line {begins} of {file} begins a row longer than {} bytes, far longer than a roster's row; check the quotes on that line (a quote left open takes in the lines after it) and try again",
                            thousands(limits::LINE)
                        )),
                        Some(Stopped::NotText(line)) => ReadError::Refused(format!(
                            "line {line} of {file} is not {} as the lines above it are; save the whole roster again as CSV (UTF-8) and try again",
                            encoding.name()
                        )),
                        None => ReadError::Csv {
                            line,
                            reason: e.to_string(),
                        },
                    }
                })?;
                if !more {
                    break;
                }
                record_start.set(reader.position().byte());
                begins = reader.position().line();
                number += 1;
                // A cell exported as text behind an apostrophe (a formula defused) reads back as written.
                let cells = record
                    .iter()
                    .map(|t| Value::Text(super::sheet::csv_cell_read(t).to_string()))
                    .collect();
                if !each(Row { number, cells }) {
                    break;
                }
            }
        }
        Source::Xlsx(mut book) => sheet_rows(&mut book, file, &mut each)?,
    }
    if !any {
        return Err(ReadError::Empty);
    }
    Ok(format)
}

/// The first sheet's rows, from its cells one at a time (no dense range is built, so a far
/// cell costs nothing); a sheet wider than a roster is refused.
fn sheet_rows<R: Read + Seek>(
    book: &mut calamine::Xlsx<R>,
    file: &str,
    each: &mut dyn FnMut(Row) -> bool,
) -> Result<(), ReadError> {
    let bad = |e: calamine::XlsxError| ReadError::Spreadsheet(e.to_string());
    let Some(sheet) = book.sheet_names().first().cloned() else {
        return Err(ReadError::Empty);
    };
    let mut cells = book.worksheet_cells_reader(&sheet).map_err(bad)?;
    let too_wide = |rows: u64, cols: u64| {
        ReadError::Refused(format!(
            "the sheet '{sheet}' of {file} says it spans {} rows × {} columns; a roster has at most {} columns – save only the roster's cells and try again",
            thousands(rows),
            thousands(cols),
            thousands(limits::COLUMNS as u64)
        ))
    };
    let d = cells.dimensions();
    if d.end.1 as usize >= limits::COLUMNS {
        return Err(too_wide(u64::from(d.end.0) + 1, u64::from(d.end.1) + 1));
    }
    let mut row = Row::default();
    // The next row number to hand out: rows without cells are handed out empty.
    let mut next = None;
    while let Some(cell) = cells.next_cell().map_err(bad)? {
        let (r, c) = cell.get_position();
        let (r, c) = (r as usize + 1, c as usize);
        if c >= limits::COLUMNS {
            return Err(too_wide(r as u64, c as u64 + 1));
        }
        if r != row.number {
            if row.number > 0 && !each(std::mem::take(&mut row)) {
                return Ok(());
            }
            let mut n = next.unwrap_or(r);
            while n < r {
                if !each(Row {
                    number: n,
                    cells: Vec::new(),
                }) {
                    return Ok(());
                }
                n += 1;
            }
            row.number = r;
            next = Some(r + 1);
        }
        let value = Value::of(cell.get_value().clone());
        if value == Value::Empty {
            continue;
        }
        if row.cells.len() <= c {
            row.cells.resize(c + 1, Value::Empty);
        }
        row.cells[c] = value;
    }
    if row.number > 0 {
        each(row);
    }
    Ok(())
}

/// A whole file's rows in memory: for a roster given as bytes (tests, small files); an
/// import reads with [`each_row`] instead.
pub struct Table {
    rows: Vec<Row>,
    format: Format,
}

impl Table {
    pub fn read(path: &Path) -> Result<(Table, Format), ReadError> {
        let mut rows = Vec::new();
        let format = each_row(path, &mut |_, r| {
            rows.push(r);
            true
        })?;
        Ok((Table { rows, format }, format))
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<(Table, Format), ReadError> {
        if bytes.iter().all(|b| b.is_ascii_whitespace()) {
            return Err(ReadError::Empty);
        }
        let mut rows = Vec::new();
        let format = read_rows(Cursor::new(bytes), "the file", &mut |_, r| {
            rows.push(r);
            true
        })?;
        Ok((Table { rows, format }, format))
    }

    pub fn rows(&self) -> &[Row] {
        &self.rows
    }

    pub fn format(&self) -> Format {
        self.format
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }
}

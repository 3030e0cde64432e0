//! A table to hand out — exports, ledgers, templates, report tables — and its two writers:
//! CSV in UTF-8 with a BOM (so Excel shows Chinese), and XLSX with a title row, a bold frozen
//! header row and columns as wide as their contents.

use std::io::Write;
use std::path::Path;

use rust_xlsxwriter::{Format, FormatAlign, Workbook, XlsxError};
use unicode_width::UnicodeWidthStr;

/// One cell to write.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Value {
    Text(String),
    Number(f64),
}

impl Value {
    pub fn text(&self) -> String {
        match self {
            Value::Text(t) => t.clone(),
            Value::Number(n) if n.fract() == 0.0 => format!("{}", *n as i64),
            Value::Number(n) => format!("{n:.2}"),
        }
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Value {
        Value::Text(s.to_string())
    }
}

impl From<String> for Value {
    fn from(s: String) -> Value {
        Value::Text(s)
    }
}

impl From<u64> for Value {
    fn from(n: u64) -> Value {
        Value::Number(n as f64)
    }
}

impl From<u32> for Value {
    fn from(n: u32) -> Value {
        Value::Number(f64::from(n))
    }
}

impl From<f64> for Value {
    fn from(n: f64) -> Value {
        Value::Number(n)
    }
}

/// A sheet: an optional title row, the header row, and the rows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Sheet {
    /// The worksheet's tab name.
    pub name: String,
    /// A title above the header (ledgers: community and month). Not written to CSV.
    pub title: Option<String>,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Value>>,
}

#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("{path} could not be written ({reason}); check that the folder exists and the file is not open in Excel")]
    Io { path: String, reason: String },
    #[error("the folder {path} could not be made ({reason}); set ledger_dir in config.toml to a folder you can write")]
    Folder { path: String, reason: String },
    #[error("{path} could not be written ({reason}); free some space or set ledger_dir in config.toml to another folder")]
    New { path: String, reason: String },
    #[error("the disk holding {dir} is full; free space and try again – nothing saved was lost")]
    DiskFull { dir: String },
}

/// Why a file or folder could not be written, in words a user acts on.
fn why(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::PermissionDenied => "you may not write there".into(),
        K::StorageFull | K::QuotaExceeded => "the disk is full".into(),
        K::ReadOnlyFilesystem => "the disk is read-only".into(),
        K::NotADirectory | K::AlreadyExists => "a file of that name is in the way".into(),
        _ => e.to_string(),
    }
}

/// An error of the system writing `path`: a full disk as the one sentence.
fn write_error(path: &Path, e: std::io::Error) -> WriteError {
    if e.raw_os_error() == Some(libc::ENOSPC) {
        let dir = path.parent().filter(|p| !p.as_os_str().is_empty());
        return WriteError::DiskFull {
            dir: dir.unwrap_or(Path::new(".")).display().to_string(),
        };
    }
    io_error(path, e)
}

fn io_error(path: &Path, e: impl std::fmt::Display) -> WriteError {
    WriteError::Io {
        path: path.display().to_string(),
        reason: e.to_string(),
    }
}

/// How a cell a spreadsheet would take for a formula begins.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A cell as CSV holds it: one that begins with `=`, `+`, `-`, `@`, a tab or a carriage return
/// gets a leading apostrophe, so a spreadsheet shows it as text and never runs it as a formula.
/// Every such cell alike, a phone written +86… and a negative figure too: whether a cell is a
/// formula is the spreadsheet's guess, not ours. (XLSX cells are typed and need none.)
fn csv_cell(text: String) -> String {
    if text.starts_with(FORMULA_STARTS) {
        format!("'{text}")
    } else {
        text
    }
}

/// A CSV cell as `csv_cell` wrote it read back: the apostrophe before `=`, `+`, `-`, `@`, tab
/// or CR dropped, so an export imports back unchanged.
pub fn csv_cell_read(text: &str) -> &str {
    match text.strip_prefix('\'') {
        Some(rest) if rest.starts_with(FORMULA_STARTS) => rest,
        _ => text,
    }
}

impl Sheet {
    pub fn new(name: &str, headers: &[&str]) -> Sheet {
        Sheet {
            name: name.to_string(),
            title: None,
            headers: headers.iter().map(|h| h.to_string()).collect(),
            rows: Vec::new(),
        }
    }

    pub fn push(&mut self, row: Vec<Value>) {
        self.rows.push(row);
    }

    /// CSV in UTF-8 with a BOM: the header row, then the rows.
    pub fn csv_bytes(&self) -> Vec<u8> {
        let mut out = b"\xEF\xBB\xBF".to_vec();
        {
            let mut w = csv::WriterBuilder::new()
                .terminator(csv::Terminator::CRLF)
                .from_writer(&mut out);
            let _ = w.write_record(self.headers.iter().map(|h| csv_cell(h.clone())));
            for r in &self.rows {
                let _ = w.write_record(r.iter().map(|v| csv_cell(v.text())));
            }
            let _ = w.flush();
        }
        out
    }

    pub fn write_csv(&self, path: &Path) -> Result<(), WriteError> {
        let mut f = std::fs::File::create(path).map_err(|e| write_error(path, e))?;
        f.write_all(&self.csv_bytes())
            .map_err(|e| write_error(path, e))?;
        f.sync_all().map_err(|e| write_error(path, e))
    }

    /// Column widths in Excel's units: the widest cell, two units a Chinese character.
    pub fn widths(&self) -> Vec<f64> {
        (0..self.headers.len())
            .map(|c| {
                let widest = std::iter::once(self.headers[c].width())
                    .chain(
                        self.rows
                            .iter()
                            .take(2000)
                            .filter_map(|r| r.get(c))
                            .map(|v| v.text().width()),
                    )
                    .max()
                    .unwrap_or(4);
                (widest as f64 + 2.0).clamp(6.0, 60.0)
            })
            .collect()
    }

    pub fn xlsx_bytes(&self) -> Result<Vec<u8>, XlsxError> {
        let mut book = Workbook::new();
        let bold = Format::new().set_bold();
        let title_format = Format::new()
            .set_bold()
            .set_font_size(14)
            .set_align(FormatAlign::Center);
        let ws = book.add_worksheet();
        if !self.name.is_empty() {
            ws.set_name(&self.name)?;
        }
        let mut row: u32 = 0;
        let last_col = self.headers.len().saturating_sub(1) as u16;
        if let Some(title) = &self.title {
            if last_col > 0 {
                ws.merge_range(0, 0, 0, last_col, title, &title_format)?;
            } else {
                ws.write_string_with_format(0, 0, title, &title_format)?;
            }
            row = 1;
        }
        for (c, h) in self.headers.iter().enumerate() {
            ws.write_string_with_format(row, c as u16, h, &bold)?;
        }
        ws.set_freeze_panes(row + 1, 0)?;
        for (c, w) in self.widths().into_iter().enumerate() {
            ws.set_column_width(c as u16, w)?;
        }
        for r in &self.rows {
            row += 1;
            for (c, v) in r.iter().enumerate() {
                match v {
                    Value::Text(t) if t.is_empty() => {}
                    Value::Text(t) => {
                        ws.write_string(row, c as u16, t)?;
                    }
                    Value::Number(n) => {
                        ws.write_number(row, c as u16, *n)?;
                    }
                }
            }
        }
        book.save_to_buffer()
    }

    pub fn write_xlsx(&self, path: &Path) -> Result<(), WriteError> {
        let bytes = self.xlsx_bytes().map_err(|e| io_error(path, e))?;
        let mut f = std::fs::File::create(path).map_err(|e| write_error(path, e))?;
        f.write_all(&bytes).map_err(|e| write_error(path, e))?;
        f.sync_all().map_err(|e| write_error(path, e))
    }
}

impl Sheet {
    /// Writes the sheet as a new file `stem.csv` or `stem.xlsx` in `dir`, which is made
    /// (readable by its owner only) when missing. A name already taken gets `_2`, `_3` …
    /// before the extension: nothing is overwritten. The file is its owner's alone (0600).
    /// Returns where it went.
    pub fn write_new(
        &self,
        dir: &Path,
        stem: &str,
        format: FileFormat,
    ) -> Result<std::path::PathBuf, WriteError> {
        use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
        let bytes = match format {
            FileFormat::Csv => self.csv_bytes(),
            FileFormat::Xlsx => self.xlsx_bytes().map_err(|e| WriteError::New {
                path: dir.join(stem).display().to_string(),
                reason: e.to_string(),
            })?,
        };
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)
            .map_err(|e| WriteError::Folder {
                path: dir.display().to_string(),
                reason: why(&e),
            })?;
        let ext = format.extension();
        let failed = |path: &Path, e: &std::io::Error| WriteError::New {
            path: path.display().to_string(),
            reason: why(e),
        };
        for n in 1..=999 {
            let name = match n {
                1 => format!("{stem}.{ext}"),
                n => format!("{stem}_{n}.{ext}"),
            };
            let path = dir.join(name);
            let mut file = match std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(0o600)
                .open(&path)
            {
                Ok(f) => f,
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(failed(&path, &e)),
            };
            return match file.write_all(&bytes).and_then(|_| file.sync_all()) {
                Ok(()) => Ok(path),
                Err(e) => {
                    // Half a file is no file: take it away again.
                    drop(file);
                    let _ = std::fs::remove_file(&path);
                    Err(failed(&path, &e))
                }
            };
        }
        Err(WriteError::New {
            path: dir.join(format!("{stem}.{ext}")).display().to_string(),
            reason: "a file of that name is in the way".into(),
        })
    }
}

/// The file formats exports and templates come in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FileFormat {
    Csv,
    Xlsx,
}

impl FileFormat {
    /// The format a file's name asks for: `.csv` or `.xlsx`, in any case; None for another.
    pub fn of_path(path: &Path) -> Option<FileFormat> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "csv" => Some(FileFormat::Csv),
            "xlsx" => Some(FileFormat::Xlsx),
            _ => None,
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            FileFormat::Csv => "csv",
            FileFormat::Xlsx => "xlsx",
        }
    }
}

impl Sheet {
    pub fn write(&self, path: &Path, format: FileFormat) -> Result<(), WriteError> {
        match format {
            FileFormat::Csv => self.write_csv(path),
            FileFormat::Xlsx => self.write_xlsx(path),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cell_that_could_be_a_formula_is_written_as_text_and_read_back_unchanged() {
        let mut sheet = Sheet::new("t", &["姓名", "电话"]);
        sheet.push(vec![
            "=HYPERLINK(\"http://x\")".into(),
            "+8613800000000".into(),
        ]);
        sheet.push(vec!["@SUM(A1)".into(), Value::Number(-3.0)]);
        sheet.push(vec!["王芳".into(), "13800000000".into()]);
        let text = String::from_utf8(sheet.csv_bytes()).unwrap();
        assert_eq!(
            text,
            "\u{feff}姓名,电话\r\n\"'=HYPERLINK(\"\"http://x\"\")\",'+8613800000000\r\n\
             '@SUM(A1),'-3\r\n王芳,13800000000\r\n"
        );
        assert_eq!(csv_cell_read("'=HYPERLINK(1)"), "=HYPERLINK(1)");
        assert_eq!(csv_cell_read("'-3"), "-3");
        assert_eq!(csv_cell_read("'王"), "'王");
    }
}

//! Workbooks read as tables (README: Spreadsheets): `.xlsx`, `.xlsm`, `.xls` and `.ods` files, their
//! first sheet or the one a `path#Sheet name` suffix names. Each cell reads as the text a
//! person sees in it: a whole number without `.0`, a date as `YYYY-MM-DD`, a boolean as
//! `TRUE`/`FALSE`, an empty cell as empty. The sheet becomes the same [`Table`] a CSV file
//! does, with row numbers and column letters for messages.

use super::table::{build, Table};
use anyhow::{bail, Result};
use calamine::{Data, Ods, Reader, Sheets, Xls, Xlsx};
use std::io::Cursor;
use std::path::{Path, PathBuf};

/// The workbook formats that are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Office Open XML (`.xlsx`, `.xlsm`).
    Xlsx,
    /// The older Excel format (`.xls`).
    Xls,
    /// OpenDocument (`.ods`).
    Ods,
}

/// The workbook kind of a file name's extension (any case), if it is one.
fn kind_of_file(file: &str) -> Option<Kind> {
    let (_, ext) = file.rsplit_once('.')?;
    match ext.to_ascii_lowercase().as_str() {
        "xlsx" | "xlsm" => Some(Kind::Xlsx),
        "xls" => Some(Kind::Xls),
        "ods" => Some(Kind::Ods),
        _ => None,
    }
}

/// Splits `path` into the workbook file and the sheet a `#Sheet name` suffix names: the
/// suffix starts at the first `#` after a workbook extension, unless a file of the whole
/// name exists.
fn split(path: &Path) -> Option<(&str, &str)> {
    let s = path.to_str()?;
    if path.exists() {
        return None;
    }
    s.match_indices('#')
        .map(|(k, _)| (&s[..k], &s[k + 1..]))
        .find(|(file, _)| kind_of_file(file).is_some())
}

/// The file `path` names, without a `#Sheet` suffix.
pub fn file_of(path: &Path) -> PathBuf {
    match split(path) {
        Some((file, _)) => PathBuf::from(file),
        None => path.to_path_buf(),
    }
}

/// The sheet a `#Sheet` suffix of `path` names, if any.
pub fn sheet_of(path: &Path) -> Option<&str> {
    split(path).map(|(_, sheet)| sheet)
}

/// The workbook kind of the file `path` names, or `None` for a CSV file.
pub fn kind_of(path: &Path) -> Option<Kind> {
    kind_of_file(&file_of(path).to_string_lossy())
}

/// Reads the sheet `path` names (its first one without a `#Sheet` suffix) from the workbook
/// `bytes`. A file the reader cannot open is an error, never a crash.
pub fn read(path: &Path, kind: Kind, bytes: &[u8]) -> Result<Table> {
    let file = file_of(path);
    let sheet = sheet_of(path);
    let shown = file.display();
    let opened = quietly(|| open(kind, bytes.to_vec()));
    let Some(Ok(mut book)) = opened else {
        let why = match opened {
            Some(Err(e)) => e,
            _ => "the reader could not make sense of it".to_string(),
        };
        bail!("{shown}: cannot read the workbook ({why}); open it in a spreadsheet and save it again, or export the sheet as CSV");
    };
    let names = book.sheet_names();
    let name = match sheet {
        None => match names.first() {
            Some(n) => n.clone(),
            None => bail!("{shown}: the workbook has no sheets"),
        },
        Some(s) => match names
            .iter()
            .find(|n| n.as_str() == s)
            .or_else(|| names.iter().find(|n| n.eq_ignore_ascii_case(s.trim())))
        {
            Some(n) => n.clone(),
            None => bail!(
                "{shown}: no sheet '{s}' in the workbook (sheets: {}); name one of them after '#', e.g. {shown}#{}",
                names.join(", "),
                names.first().map_or("Sheet1", String::as_str)
            ),
        },
    };
    let range = match quietly(|| book.worksheet_range(&name).map_err(|e| e.to_string())) {
        Some(Ok(r)) => r,
        Some(Err(e)) => bail!("{shown}#{name}: cannot read the sheet ({e}); open the workbook in a spreadsheet and save it again"),
        None => bail!("{shown}#{name}: cannot read the sheet; open the workbook in a spreadsheet and save it again"),
    };
    let (first_row, first_col) = range.start().unwrap_or((0, 0));
    let records = range
        .rows()
        .enumerate()
        .map(|(i, cells)| {
            (
                u64::from(first_row) + i as u64 + 1,
                cells.iter().map(shown_text).collect(),
            )
        })
        .collect();
    build(&file, Some(name), None, first_col as usize, records)
}

/// The sheet names of the workbook `path` names, from its bytes.
pub fn sheet_names(path: &Path, bytes: &[u8]) -> Result<Vec<String>> {
    let kind = kind_of(path).unwrap_or(Kind::Xlsx);
    match quietly(|| open(kind, bytes.to_vec())) {
        Some(Ok(book)) => Ok(book.sheet_names()),
        _ => bail!(
            "{}: cannot read the workbook; open it in a spreadsheet and save it again",
            file_of(path).display()
        ),
    }
}

/// Opens a workbook of `kind` from its bytes.
fn open(kind: Kind, bytes: Vec<u8>) -> std::result::Result<Sheets<Cursor<Vec<u8>>>, String> {
    let cursor = Cursor::new(bytes);
    match kind {
        Kind::Xlsx => Xlsx::new(cursor)
            .map(Sheets::Xlsx)
            .map_err(|e| e.to_string()),
        Kind::Xls => Xls::new(cursor).map(Sheets::Xls).map_err(|e| e.to_string()),
        Kind::Ods => Ods::new(cursor).map(Sheets::Ods).map_err(|e| e.to_string()),
    }
}

/// Runs `f`, turning a panic of the workbook reader into `None` (without printing it).
fn quietly<T>(f: impl FnOnce() -> T) -> Option<T> {
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).ok();
    std::panic::set_hook(hook);
    result
}

/// The text a spreadsheet shows for a cell.
fn shown_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number(*f),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        Data::DateTime(d) if d.is_duration() => duration(d.as_f64()),
        Data::DateTime(d) => {
            let (y, mo, day, h, mi, s, _) = d.to_ymd_hms_milli();
            let date = format!("{y:04}-{mo:02}-{day:02}");
            let time = clock(h, mi, s);
            match d.as_f64() {
                v if v.fract() == 0.0 => date,
                v if v < 1.0 => time,
                _ => format!("{date} {time}"),
            }
        }
        Data::DateTimeIso(s) => match s.split_once('T') {
            Some((date, "00:00:00")) => date.to_string(),
            Some((date, time)) if !date.is_empty() => format!("{date} {time}"),
            _ => s.clone(),
        },
        Data::DurationIso(s) => s.clone(),
        Data::Error(e) => e.to_string(),
    }
}

/// A number as a spreadsheet shows it in a general cell: at most 15 significant digits, a
/// whole number without a decimal point.
fn number(v: f64) -> String {
    if !v.is_finite() {
        return v.to_string();
    }
    let v: f64 = format!("{v:.14e}").parse().unwrap_or(v);
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

fn clock(h: u8, m: u8, s: u8) -> String {
    if s == 0 {
        format!("{h:02}:{m:02}")
    } else {
        format!("{h:02}:{m:02}:{s:02}")
    }
}

/// A duration in days as `hours:MM:SS`.
fn duration(days: f64) -> String {
    let total = (days * 86_400.0).round() as i64;
    let sign = if total < 0 { "-" } else { "" };
    let total = total.abs();
    format!(
        "{sign}{}:{:02}:{:02}",
        total / 3600,
        total / 60 % 60,
        total % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{ExcelDateTime, ExcelDateTimeType};

    #[test]
    fn cells_read_as_shown() {
        assert_eq!(shown_text(&Data::Float(12.0)), "12");
        assert_eq!(shown_text(&Data::Float(-3.0)), "-3");
        assert_eq!(shown_text(&Data::Float(0.1 + 0.2)), "0.3");
        assert_eq!(shown_text(&Data::Float(2.5)), "2.5");
        assert_eq!(shown_text(&Data::Int(7)), "7");
        assert_eq!(shown_text(&Data::Bool(true)), "TRUE");
        assert_eq!(shown_text(&Data::Empty), "");
        let date = |v| Data::DateTime(ExcelDateTime::new(v, ExcelDateTimeType::DateTime, false));
        assert_eq!(shown_text(&date(46_327.0)), "2026-11-01");
        assert_eq!(shown_text(&date(46_327.5)), "2026-11-01 12:00");
        assert_eq!(shown_text(&date(0.75)), "18:00");
        let iso = |s: &str| Data::DateTimeIso(s.to_string());
        assert_eq!(shown_text(&iso("2026-11-01")), "2026-11-01");
        assert_eq!(shown_text(&iso("2026-11-01T00:00:00")), "2026-11-01");
        assert_eq!(
            shown_text(&iso("2026-11-01T09:30:00")),
            "2026-11-01 09:30:00"
        );
        assert_eq!(duration(1.5), "36:00:00");
    }

    #[test]
    fn sheet_suffix() {
        let p = Path::new("/nonexistent/members.xlsx#Roster 2");
        assert_eq!(file_of(p), PathBuf::from("/nonexistent/members.xlsx"));
        assert_eq!(sheet_of(p), Some("Roster 2"));
        assert_eq!(kind_of(p), Some(Kind::Xlsx));
        let q = Path::new("/nonexistent/a#b.csv");
        assert_eq!(file_of(q), q.to_path_buf());
        assert_eq!(kind_of(q), None);
        assert_eq!(kind_of(Path::new("x.ODS")), Some(Kind::Ods));
    }

    #[test]
    fn corrupt_workbook_is_an_error() {
        let e = read(Path::new("bad.xlsx"), Kind::Xlsx, b"not a zip")
            .unwrap_err()
            .to_string();
        assert!(e.contains("bad.xlsx: cannot read the workbook"), "{e}");
    }
}

//! A table read into memory with the rules of README: Files and Spreadsheets, from a CSV file (UTF-8 with
//! optional BOM, the delimiter detected from the header line among `,` `;` and TAB, any line
//! endings) or from a workbook sheet (see [`super::workbook`]). Headers are trimmed and
//! matched case-insensitively; every CSV row is as long as the header; unnamed columns that
//! are empty in every row and rows with no value at all are left out. Errors name file,
//! line and column (`file:line:column`), or file, sheet and cell (`file#Sheet!C14`).

use super::cell::unprotect;
use super::dialect::{line_of, line_starts, Dialect, BOM};
use super::workbook;
use anyhow::{bail, Context, Result};
use std::io::Read;
use std::path::Path;

pub use crate::model::records::{Records, Row};

/// A whole CSV file or workbook sheet: its records, and the CSV dialect it was written in.
#[derive(Debug, Clone)]
pub struct Table {
    /// The header and rows, with where they came from.
    pub records: Records,
    /// The CSV dialect it was read in (`None` for a workbook sheet).
    pub dialect: Option<Dialect>,
}

impl Table {
    /// The CSV dialect the table was read in (`None` for a workbook sheet).
    pub fn dialect(&self) -> Option<Dialect> {
        self.dialect
    }
}

impl std::ops::Deref for Table {
    type Target = Records;
    fn deref(&self) -> &Records {
        &self.records
    }
}

impl std::ops::DerefMut for Table {
    fn deref_mut(&mut self) -> &mut Records {
        &mut self.records
    }
}

/// The name standard input has in messages, when an input path is `-`.
pub const STDIN: &str = "<stdin>";

/// Reads a table: `-` is CSV on standard input, a path ending in `.xlsx`, `.xlsm`, `.xls` or
/// `.ods` (optionally followed by `#Sheet name`) a workbook, anything else a CSV file.
pub fn read_table(path: &Path) -> Result<Table> {
    if path.as_os_str() == "-" {
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .context("cannot read standard input")?;
        return parse_table(Path::new(STDIN), &bytes);
    }
    let file = workbook::file_of(path);
    let bytes =
        std::fs::read(&file).with_context(|| format!("cannot read '{}'", file.display()))?;
    parse_source(path, &bytes)
}

/// Parses the bytes of the file `path` names (a CSV file or a workbook, see [`read_table`]).
pub fn parse_source(path: &Path, bytes: &[u8]) -> Result<Table> {
    match workbook::kind_of(path) {
        Some(kind) => workbook::read(path, kind, bytes),
        None => parse_table(path, bytes),
    }
}

/// Parses CSV bytes; `path` is only used in messages.
pub fn parse_table(path: &Path, bytes: &[u8]) -> Result<Table> {
    let text = decode_utf8(path, bytes)?;
    let dialect = Dialect::of(text);
    let body = text.strip_prefix(BOM).unwrap_or(text);
    let starts = line_starts(body.as_bytes());
    // The csv crate's position of a record can point at the line ending before it: the
    // record starts at the first byte after it.
    let line_at = |p: Option<&csv::Position>| {
        p.map_or(0, |p| {
            let skip = body.as_bytes()[p.byte() as usize..]
                .iter()
                .take_while(|&&b| b == b'\r' || b == b'\n')
                .count();
            line_of(&starts, p.byte() as usize + skip)
        })
    };
    let reader = csv::ReaderBuilder::new()
        .delimiter(dialect.delimiter)
        .flexible(true)
        .has_headers(false)
        .from_reader(body.as_bytes());
    let mut records = Vec::new();
    for record in reader.into_records() {
        let record = record.map_err(|e| match e.position() {
            Some(p) => anyhow::anyhow!("{}:{}: {}", path.display(), line_at(Some(p)), e),
            None => anyhow::anyhow!("{}: {}", path.display(), e),
        })?;
        let cells: Vec<String> = record.iter().map(str::to_string).collect();
        records.push((line_at(record.position()), cells));
    }
    let width = records
        .iter()
        .find(|(_, cells)| !is_blank(cells))
        .map_or(0, |(_, cells)| cells.len());
    for (line, cells) in &records {
        if cells.len() != width && !is_blank(cells) {
            bail!(
                "{}:{}: this row has {} fields but the header has {}; every row needs one value per column (check for a stray '{}' or a missing one)",
                path.display(),
                line,
                cells.len(),
                width,
                dialect.delimiter as char
            );
        }
    }
    build(path, None, Some(dialect), 0, records)
}

fn is_blank(cells: &[String]) -> bool {
    cells.iter().all(|c| c.trim().is_empty())
}

/// The table of `records` (each a line and its cells, the first with a value being the
/// header): cells trimmed and unprotected, blank rows and unnamed empty columns left out.
/// `first_column` is the file's column of the records' first cell.
pub(super) fn build(
    path: &Path,
    sheet: Option<String>,
    dialect: Option<Dialect>,
    first_column: usize,
    records: Vec<(u64, Vec<String>)>,
) -> Result<Table> {
    let mut records = records.into_iter().filter(|(_, cells)| !is_blank(cells));
    let empty = || {
        anyhow::anyhow!(
            "{}: the file is empty; it needs a header line and one row per entry",
            path.display()
        )
    };
    let (header_line, header) = records.next().ok_or_else(empty)?;
    let data: Vec<(u64, Vec<String>)> = records.collect();
    let has_value = |c: usize| {
        data.iter()
            .any(|(_, cells)| cells.get(c).is_some_and(|v| !v.trim().is_empty()))
    };
    let mut table = Records {
        path: path.to_path_buf(),
        sheet,
        headers: Vec::new(),
        rows: Vec::new(),
        header_line,
        file_columns: Vec::new(),
    };
    let mut keep = Vec::new();
    for (c, h) in header.iter().enumerate() {
        let h = h.trim();
        if h.is_empty() && !has_value(c) {
            continue;
        }
        table.file_columns.push(first_column + c);
        table.headers.push(h.to_string());
        keep.push(c);
        let i = table.headers.len() - 1;
        if h.is_empty() {
            bail!(
                "{}: empty column name in the header, above values; name the column, or delete it",
                table.at(Some(header_line), Some(i))
            );
        }
        if let Some(j) = table.headers[..i]
            .iter()
            .position(|o| o.eq_ignore_ascii_case(h))
        {
            bail!(
                "{}: column '{}' appears twice in the header (also column {}); rename one",
                table.at(Some(header_line), Some(i)),
                h,
                table.column_name(table.file_columns[j])
            );
        }
    }
    table.rows = data
        .into_iter()
        .map(|(line, cells)| Row {
            line,
            cells: keep
                .iter()
                .map(|&c| unprotect(cells.get(c).map_or("", |v| v.trim())).to_string())
                .collect(),
        })
        .collect();
    Ok(Table {
        records: table,
        dialect,
    })
}

fn decode_utf8<'a>(path: &Path, bytes: &'a [u8]) -> Result<&'a str> {
    std::str::from_utf8(bytes).map_err(|e| {
        let good = &bytes[..e.valid_up_to()];
        let starts = line_starts(good);
        let line_start = *starts.last().unwrap_or(&0);
        let column = String::from_utf8_lossy(&good[line_start..]).chars().count() + 1;
        anyhow::anyhow!(
            "{}:{}:{}: the file is not valid UTF-8; save it as UTF-8 (in a spreadsheet: 'CSV UTF-8'), or give the workbook itself (.xlsx, .ods)",
            path.display(),
            starts.len(),
            column
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &[u8]) -> Result<Table> {
        parse_table(Path::new("t.csv"), s)
    }

    #[test]
    fn bom_and_semicolon() {
        let t = parse("\u{feff}ID ; Name\na;Ann\nb;Bo\n".as_bytes()).unwrap();
        assert_eq!(t.headers, vec!["ID", "Name"]);
        assert_eq!(t.column("id"), Some(0));
        assert_eq!(t.rows[1].cells, vec!["b", "Bo"]);
        assert_eq!(t.rows[1].line, 3);
    }

    #[test]
    fn tab_delimiter() {
        let t = parse(b"id\tname\nx\ty\n").unwrap();
        assert_eq!(t.rows[0].cells, vec!["x", "y"]);
    }

    #[test]
    fn ragged_row_names_line() {
        let e = parse(b"id,name\na,b\nc\n").unwrap_err().to_string();
        assert!(e.contains("t.csv:3"), "{e}");
        assert!(e.contains("1 fields but the header has 2"), "{e}");
    }

    #[test]
    fn invalid_utf8_names_line_and_column() {
        let e = parse(b"id\nab\xff\n").unwrap_err().to_string();
        assert!(e.contains("t.csv:2:3"), "{e}");
    }

    #[test]
    fn protected_cells_lose_their_quote() {
        let t = parse(b"id,name\n'=x,'-2+3\n'y,'@\n").unwrap();
        assert_eq!(t.rows[0].cells, vec!["=x", "-2+3"]);
        assert_eq!(t.rows[1].cells, vec!["'y", "@"]);
    }

    #[test]
    fn ragged_line_is_the_editors_line_in_every_line_ending() {
        for end in ["\n", "\r\n", "\r"] {
            let text = ["id,name", "a,b", "c", "d,e"].join(end);
            let e = parse(text.as_bytes()).unwrap_err().to_string();
            assert!(e.contains("t.csv:3:"), "{end:?}: {e}");
            let t = parse(["id,name", "a,b", "", "d,e"].join(end).as_bytes()).unwrap();
            assert_eq!(t.rows[1].line, 4, "{end:?}");
            assert_eq!(t.rows[1].cells, vec!["d", "e"]);
        }
    }

    #[test]
    fn what_spreadsheets_leave_behind_is_ignored() {
        let t = parse("id;;name;;\r\n;;;;\r\na;;\"x;y\";;\r\n;;;;\r\n".as_bytes()).unwrap();
        assert_eq!(t.headers, vec!["id", "name"]);
        assert_eq!(t.rows.len(), 1);
        assert_eq!(t.rows[0].cells, vec!["a", "x;y"]);
        assert_eq!(t.rows[0].line, 3);
        assert_eq!(t.at(Some(3), Some(1)), "t.csv:3:3");
        let e = parse(b"id,,name\na,1,b\n").unwrap_err().to_string();
        assert!(e.contains("t.csv:1:2: empty column name"), "{e}");
    }

    #[test]
    fn empty_file() {
        assert!(parse(b"").unwrap_err().to_string().contains("empty"));
    }
}

//! Plain records the domain is built from: a header and rows of text cells, with where each
//! came from, for messages. `io` reads files (CSV or workbook sheets) into these; the domain
//! reads nothing itself.

use anyhow::{bail, Result};
use std::path::PathBuf;

/// One data row and the line it starts on.
#[derive(Debug, Clone)]
pub struct Row {
    /// 1-based line number in the file (the row number a spreadsheet shows, for a sheet).
    pub line: u64,
    /// Cells, trimmed, without the `'` that protects a formula-like value.
    pub cells: Vec<String>,
}

/// A header and its rows: a whole CSV file or workbook sheet.
#[derive(Debug, Clone)]
pub struct Records {
    /// Where it came from (for messages): the file, without a `#Sheet` suffix.
    pub path: PathBuf,
    /// The workbook sheet it was read from; `None` for a CSV file.
    pub sheet: Option<String>,
    /// Header names as written (trimmed).
    pub headers: Vec<String>,
    /// Data rows.
    pub rows: Vec<Row>,
    /// The line (or sheet row) of the header.
    pub header_line: u64,
    /// For each header, its 0-based column in the file (columns left out shift the others).
    pub file_columns: Vec<usize>,
}

impl Records {
    /// Index of a column, matched case-insensitively after trimming.
    pub fn column(&self, name: &str) -> Option<usize> {
        let name = name.trim();
        self.headers
            .iter()
            .position(|h| h.eq_ignore_ascii_case(name))
    }

    /// Index of a column that must exist.
    pub fn require(&self, name: &str, hint: &str) -> Result<usize> {
        match self.column(name) {
            Some(i) => Ok(i),
            None => bail!(
                "{}: no column '{}' in the header (columns: {}); {}",
                self.at(Some(self.header_line), None),
                name,
                self.headers.join(", "),
                hint
            ),
        }
    }

    /// A place in the file for messages: `file:line:column`, `file:line` or `file` for a CSV
    /// file; `file#Sheet!C14`, `file#Sheet row 14` or `file#Sheet` for a workbook. `col` is
    /// an index into [`Records::headers`].
    pub fn at(&self, line: Option<u64>, col: Option<usize>) -> String {
        let file_col = col.map(|c| self.file_columns.get(c).copied().unwrap_or(c));
        let path = self.path.display();
        match (&self.sheet, line, file_col) {
            (None, Some(l), Some(c)) => format!("{path}:{l}:{}", c + 1),
            (None, Some(l), None) => format!("{path}:{l}"),
            (None, None, _) => format!("{path}"),
            (Some(s), Some(l), Some(c)) => format!("{path}#{s}!{}{l}", column_letters(c)),
            (Some(s), Some(l), None) => format!("{path}#{s} row {l}"),
            (Some(s), None, _) => format!("{path}#{s}"),
        }
    }

    /// How a 0-based file column is named in messages: its letter in a sheet, its number in
    /// CSV.
    pub fn column_name(&self, file_col: usize) -> String {
        match self.sheet {
            Some(_) => column_letters(file_col),
            None => (file_col + 1).to_string(),
        }
    }

    /// A message about one cell: `file:line:column (column 'header'): message`, or
    /// `file#Sheet!C14 (column 'header'): message` for a workbook.
    pub fn cell_error(&self, row: &Row, col: usize, msg: impl std::fmt::Display) -> anyhow::Error {
        anyhow::anyhow!(
            "{} (column '{}'): {}",
            self.at(Some(row.line), Some(col)),
            self.headers.get(col).map_or("?", String::as_str),
            msg
        )
    }

    /// A message about one row: `file:line: message`, or `file#Sheet row 14: message`.
    pub fn row_error(&self, row: &Row, msg: impl std::fmt::Display) -> anyhow::Error {
        anyhow::anyhow!("{}: {}", self.at(Some(row.line), None), msg)
    }
}

/// The letters of a 0-based column: 0 is `A`, 25 `Z`, 26 `AA`.
pub fn column_letters(mut col: usize) -> String {
    let mut letters = Vec::new();
    loop {
        letters.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    letters.reverse();
    String::from_utf8(letters).expect("ASCII letters")
}

#[cfg(test)]
mod tests {
    use super::column_letters;

    #[test]
    fn column_letters_run_a_to_z_then_aa() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(2), "C");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(27), "AB");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
    }
}

//! A CSV file read into memory with the spec's rules (§2): UTF-8 with optional BOM, the
//! delimiter detected from the header line among `,` `;` and TAB, headers trimmed and matched
//! case-insensitively, every row as long as the header. Errors name file, line and column.

use super::cell::unprotect;
use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};

/// One data row and the line it starts on.
#[derive(Debug, Clone)]
pub struct Row {
    /// 1-based line number in the file.
    pub line: u64,
    /// Cells, trimmed, without the `'` that protects a formula-like value (see [`unprotect`]).
    pub cells: Vec<String>,
}

/// A whole CSV file.
#[derive(Debug, Clone)]
pub struct Table {
    /// Where it came from (for messages).
    pub path: PathBuf,
    /// Header names as written (trimmed).
    pub headers: Vec<String>,
    /// Data rows.
    pub rows: Vec<Row>,
}

impl Table {
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
                "{}:1: no column '{}' in the header (columns: {}); {}",
                self.path.display(),
                name,
                self.headers.join(", "),
                hint
            ),
        }
    }

    /// A message about one cell: `file:line:column (header): message`.
    pub fn cell_error(&self, row: &Row, col: usize, msg: impl std::fmt::Display) -> anyhow::Error {
        anyhow::anyhow!(
            "{}:{}:{} (column '{}'): {}",
            self.path.display(),
            row.line,
            col + 1,
            self.headers.get(col).map(String::as_str).unwrap_or("?"),
            msg
        )
    }

    /// A message about one row.
    pub fn row_error(&self, row: &Row, msg: impl std::fmt::Display) -> anyhow::Error {
        anyhow::anyhow!("{}:{}: {}", self.path.display(), row.line, msg)
    }
}

/// Reads a CSV file from disk.
pub fn read_table(path: &Path) -> Result<Table> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read '{}'", path.display()))?;
    parse_table(path, &bytes)
}

/// Parses CSV bytes; `path` is only used in messages.
pub fn parse_table(path: &Path, bytes: &[u8]) -> Result<Table> {
    let text = decode_utf8(path, bytes)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let header_line = text.lines().next().unwrap_or("");
    let delimiter = detect_delimiter(header_line);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(true)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .with_context(|| format!("{}:1: cannot read the header line", path.display()))?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    if headers.iter().all(|h| h.is_empty()) {
        bail!(
            "{}: the file is empty; it needs a header line and one row per entry",
            path.display()
        );
    }
    for (i, h) in headers.iter().enumerate() {
        if h.is_empty() {
            bail!(
                "{}:1:{}: empty column name in the header; name every column",
                path.display(),
                i + 1
            );
        }
        if let Some(j) = headers[..i].iter().position(|o| o.eq_ignore_ascii_case(h)) {
            bail!(
                "{}:1:{}: column '{}' appears twice in the header (also column {}); rename one",
                path.display(),
                i + 1,
                h,
                j + 1
            );
        }
    }
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| csv_error(path, &e))?;
        let line = record.position().map(|p| p.line()).unwrap_or(0);
        if record.len() == 1 && record[0].trim().is_empty() {
            continue;
        }
        if record.len() != headers.len() {
            bail!(
                "{}:{}: this row has {} fields but the header has {}; every row needs one value per column (check for a stray '{}' or a missing one)",
                path.display(),
                line,
                record.len(),
                headers.len(),
                delimiter as char
            );
        }
        rows.push(Row {
            line,
            cells: record
                .iter()
                .map(|c| unprotect(c.trim()).to_string())
                .collect(),
        });
    }
    Ok(Table {
        path: path.to_path_buf(),
        headers,
        rows,
    })
}

fn decode_utf8<'a>(path: &Path, bytes: &'a [u8]) -> Result<&'a str> {
    std::str::from_utf8(bytes).map_err(|e| {
        let good = &bytes[..e.valid_up_to()];
        let line = good.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = good.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
        let column = String::from_utf8_lossy(&good[line_start..]).chars().count() + 1;
        anyhow::anyhow!(
            "{}:{}:{}: the file is not valid UTF-8; save it as UTF-8 (in a spreadsheet: 'CSV UTF-8')",
            path.display(),
            line,
            column
        )
    })
}

/// The delimiter among `,` `;` and TAB that occurs most often in the header line (`,` on ties).
pub fn detect_delimiter(header_line: &str) -> u8 {
    let count = |c: char| header_line.matches(c).count();
    let mut best = (b',', count(','));
    for (d, c) in [(b';', count(';')), (b'\t', count('\t'))] {
        if c > best.1 {
            best = (d, c);
        }
    }
    best.0
}

fn csv_error(path: &Path, e: &csv::Error) -> anyhow::Error {
    match e.position() {
        Some(p) => anyhow::anyhow!("{}:{}: {}", path.display(), p.line(), e),
        None => anyhow::anyhow!("{}: {}", path.display(), e),
    }
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
    fn empty_file() {
        assert!(parse(b"").unwrap_err().to_string().contains("empty"));
    }
}

//! The long groups/history format: `cycle,group,member_id[,name,role]` (README: Files), read
//! from a table and written as CSV (in a dialect, see [`Dialect`]) or as an `.xlsx` workbook.

use super::cell::write_record;
use super::dialect::{first_line, Dialect, BOM};
use super::table::{Row, Table};
use super::{workbook, xlsx};
use crate::model::history::{Cycle, GroupRecord};
use anyhow::{bail, Result};
use std::path::Path;

/// Reads cycles from a table. A cycle label that stands in two separate blocks is an error.
pub fn parse_cycles(t: &Table) -> Result<Vec<Cycle>> {
    let hint =
        "a groups or history file has columns cycle,group,member_id (and optionally name,role)";
    let cc = t.require("cycle", hint)?;
    let gc = t.require("group", hint)?;
    let mc = t.require("member_id", hint)?;
    let rc = t.column("role");
    let mut cycles: Vec<Cycle> = Vec::new();
    let mut first_line: Vec<u64> = Vec::new();
    // Group number of each label of the last cycle.
    let mut group_index: std::collections::HashMap<String, usize> = Default::default();
    for row in &t.rows {
        let label = &row.cells[cc];
        let group = &row.cells[gc];
        let member = &row.cells[mc];
        for (c, v, what) in [
            (cc, label, "cycle label"),
            (gc, group, "group label"),
            (mc, member, "member id"),
        ] {
            if v.is_empty() {
                return Err(t.cell_error(
                    row,
                    c,
                    format!("empty {what}; fill it in or delete the row"),
                ));
            }
        }
        let same_as_last = cycles.last().is_some_and(|c| &c.label == label);
        if !same_as_last {
            if let Some(k) = cycles.iter().position(|c| &c.label == label) {
                return Err(t.cell_error(
                    row,
                    cc,
                    format!(
                        "cycle '{label}' already appeared in an earlier block (from line {}); keep each cycle's rows together, oldest cycle first",
                        first_line[k]
                    ),
                ));
            }
            cycles.push(Cycle {
                label: label.clone(),
                groups: Vec::new(),
            });
            first_line.push(row.line);
            group_index.clear();
        }
        let cycle = cycles.last_mut().expect("a cycle was just pushed");
        let gi = match group_index.get(group.as_str()) {
            Some(&i) => i,
            None => {
                group_index.insert(group.clone(), cycle.groups.len());
                cycle.groups.push(GroupRecord {
                    label: group.clone(),
                    members: Vec::new(),
                    facilitators: Vec::new(),
                });
                cycle.groups.len() - 1
            }
        };
        let is_facilitator = rc.is_some_and(|c| row.cells[c].eq_ignore_ascii_case("facilitator"));
        if is_facilitator {
            cycle.groups[gi]
                .facilitators
                .push((member.clone(), row.line));
        } else {
            cycle.groups[gi].members.push((member.clone(), row.line));
        }
    }
    Ok(cycles)
}

/// One output row.
#[derive(Debug, Clone, Copy)]
pub struct OutRow<'a> {
    /// Cycle label.
    pub cycle: &'a str,
    /// Group label.
    pub group: &'a str,
    /// Member id.
    pub id: &'a str,
    /// Name.
    pub name: &'a str,
    /// Role (empty for ordinary members, `facilitator` for facilitators).
    pub role: &'a str,
}

/// The columns of the long format, in the order a new file gets them.
const COLUMNS: [&str; 5] = ["cycle", "group", "member_id", "name", "role"];

/// Renders rows in the long format, with a header, as comma-separated CSV.
pub fn render_rows<'a>(rows: impl IntoIterator<Item = OutRow<'a>>) -> Result<Vec<u8>> {
    Appender::new(Path::new(""), b"", Dialect::default())?.append(rows)
}

/// What a groups file written over an existing one keeps of it.
#[derive(Debug, Clone, Copy)]
pub struct Kept<'a> {
    /// The table read from the existing file.
    pub table: &'a Table,
    /// The rows kept: all of them, or those before the cycle that `adjust` replaces.
    pub rows: &'a [Row],
    /// When the existing file is CSV, its bytes up to the first row not kept, which a CSV
    /// file written over it keeps exactly (its dialect and columns included).
    pub csv: Option<&'a [u8]>,
}

/// Whether the file written over `kept` has a `role` column (a new file has one).
pub fn has_role(kept: Option<&Kept>) -> bool {
    kept.is_none_or(|k| k.table.column("role").is_some())
}

/// Whether `path` is written as a workbook (it ends in `.xlsx`).
pub fn is_workbook(path: &Path) -> bool {
    workbook::kind_of(path) == Some(workbook::Kind::Xlsx)
        && !workbook::file_of(path)
            .to_string_lossy()
            .to_ascii_lowercase()
            .ends_with(".xlsm")
}

/// Checks that a groups or history file can be written at `path`: a CSV file or an `.xlsx`
/// workbook without a `#Sheet` suffix.
pub fn check_writable(path: &Path) -> Result<()> {
    if workbook::sheet_of(path).is_some() {
        bail!(
            "'{}': a groups or history workbook is written whole, with sheets `{}` and `{}`; give its path without '#'",
            path.display(),
            xlsx::GROUPS_SHEET,
            xlsx::BY_GROUP_SHEET
        );
    }
    if workbook::kind_of(path).is_some() && !is_workbook(path) {
        bail!(
            "'{}': groups are written as CSV or as an .xlsx workbook; give a path ending in .csv or .xlsx",
            path.display()
        );
    }
    Ok(())
}

/// The bytes of the groups file `path` after `rows` are added to what it keeps of an
/// existing file (`kept`): a workbook when `path` ends in `.xlsx`, else CSV. A CSV file
/// written over CSV keeps its bytes and dialect; a new one is written in `dialect`.
pub fn write_groups(
    path: &Path,
    kept: Option<&Kept>,
    rows: &[OutRow],
    dialect: Dialect,
) -> Result<Vec<u8>> {
    if !is_workbook(path) {
        if let Some(Kept {
            csv: Some(bytes), ..
        }) = kept
        {
            return Appender::new(path, bytes, dialect)?.append(rows.iter().copied());
        }
    }
    let header: Vec<String> = match kept {
        Some(k) => k.table.headers.clone(),
        None => COLUMNS
            .iter()
            .map(std::string::ToString::to_string)
            .collect(),
    };
    let columns = columns_of(header.iter().map(String::as_str));
    let mut body: Vec<Vec<String>> = kept.map_or(Vec::new(), |k| {
        k.rows.iter().map(|r| r.cells.clone()).collect()
    });
    for r in rows {
        body.push(r.cells(&columns).map(str::to_string).collect());
    }
    if is_workbook(path) {
        return xlsx::workbook(&header, &body, rows);
    }
    let mut w = dialect.writer(dialect.start());
    write_record(&mut w, &header)?;
    for cells in &body {
        write_record(&mut w, cells)?;
    }
    finish(w)
}

/// For each column of a header, the index of the field in [`COLUMNS`] it holds.
fn columns_of<'h>(header: impl Iterator<Item = &'h str>) -> Vec<Option<usize>> {
    header
        .map(|h| {
            COLUMNS
                .iter()
                .position(|c| h.trim().eq_ignore_ascii_case(c))
        })
        .collect()
}

impl<'a> OutRow<'a> {
    /// The row's cells under a header whose columns hold `columns` (see [`columns_of`]);
    /// columns the format does not know are blank.
    fn cells<'c>(&'c self, columns: &'c [Option<usize>]) -> impl Iterator<Item = &'a str> + 'c {
        let fields = [self.cycle, self.group, self.id, self.name, self.role];
        columns.iter().map(move |c| c.map_or("", |k| fields[k]))
    }
}

fn finish(w: csv::Writer<Vec<u8>>) -> Result<Vec<u8>> {
    match w.into_inner() {
        Ok(bytes) => Ok(bytes),
        Err(e) => bail!("cannot render groups: {}", e.error()),
    }
}

/// Appends rows to the bytes of an existing groups or history file in that file's own
/// layout: its dialect (delimiter, BOM, line ending) and its columns (columns it lacks are
/// left out, columns the format does not know are left blank). A blank file gets a header
/// first, in the dialect given for new files.
pub struct Appender<'a> {
    existing: &'a [u8],
    /// For each column of the file, the index of the field in [`COLUMNS`].
    columns: Vec<Option<usize>>,
    dialect: Dialect,
}

impl<'a> Appender<'a> {
    /// Reads the header of `existing` (`path` is for messages); `new_file` is the dialect
    /// of a file that is blank so far.
    pub fn new(path: &Path, existing: &'a [u8], new_file: Dialect) -> Result<Self> {
        let text = std::str::from_utf8(existing).unwrap_or("");
        let body = text.strip_prefix(BOM).unwrap_or(text);
        if body.trim().is_empty() {
            return Ok(Appender {
                existing: b"",
                columns: (0..COLUMNS.len()).map(Some).collect(),
                dialect: new_file,
            });
        }
        let dialect = Dialect::of(text);
        let first = first_line(body);
        let header = csv::ReaderBuilder::new()
            .delimiter(dialect.delimiter)
            .has_headers(false)
            .from_reader(first.as_bytes())
            .records()
            .next()
            .transpose()
            .map_err(|e| anyhow::anyhow!("{}:1: cannot read the header line: {e}", path.display()))?
            .unwrap_or_default();
        Ok(Appender {
            existing,
            columns: columns_of(header.iter()),
            dialect,
        })
    }

    /// Whether the file has a `role` column (needed for facilitator rows).
    pub fn has_role(&self) -> bool {
        self.columns.contains(&Some(4))
    }

    /// The whole file after appending `rows`.
    pub fn append<'r>(&self, rows: impl IntoIterator<Item = OutRow<'r>>) -> Result<Vec<u8>> {
        let mut out = self.existing.to_vec();
        if out.is_empty() {
            out = self.dialect.start();
        } else if !out.ends_with(b"\n") && !out.ends_with(b"\r") {
            out.extend_from_slice(self.dialect.line_ending.bytes());
        }
        let mut w = self.dialect.writer(out);
        if self.existing.is_empty() {
            write_record(&mut w, COLUMNS)?;
        }
        for r in rows {
            write_record(&mut w, r.cells(&self.columns))?;
        }
        finish(w)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row<'a>(group: &'a str, id: &'a str, role: &'a str) -> OutRow<'a> {
        OutRow {
            cycle: "c2",
            group,
            id,
            name: "A, B",
            role,
        }
    }

    fn append(existing: &str, rows: &[OutRow]) -> String {
        let a = Appender::new(Path::new("h.csv"), existing.as_bytes(), Dialect::default()).unwrap();
        String::from_utf8(a.append(rows.iter().copied()).unwrap()).unwrap()
    }

    #[test]
    fn new_file_gets_the_standard_header() {
        assert_eq!(
            append("", &[row("G1", "a", "")]),
            "cycle,group,member_id,name,role\nc2,G1,a,\"A, B\",\n"
        );
        assert_eq!(append(" \n", &[]), "cycle,group,member_id,name,role\n");
    }

    #[test]
    fn existing_layout_is_kept() {
        // Semicolons, CRLF, no trailing newline, columns in another order, an extra column.
        let old = "member_id;Cycle;note;group\r\nx;c1;hi;G1";
        assert_eq!(
            append(old, &[row("G2", "a", "")]),
            format!("{old}\r\na;c2;;G2\r\n")
        );
        assert!(
            !Appender::new(Path::new("h"), old.as_bytes(), Dialect::default())
                .unwrap()
                .has_role()
        );
    }

    #[test]
    fn formula_like_values_are_quoted_and_read_back() {
        let rows = [OutRow {
            cycle: "=c",
            group: "+G",
            id: "-1",
            name: "@SUM(A1)",
            role: "",
        }];
        let text = append("", &rows);
        assert_eq!(
            text,
            "cycle,group,member_id,name,role\n'=c,'+G,'-1,'@SUM(A1),\n"
        );
        let t = crate::io::table::parse_table(Path::new("h.csv"), text.as_bytes()).unwrap();
        assert_eq!(t.rows[0].cells, vec!["=c", "+G", "-1", "@SUM(A1)", ""]);
    }

    #[test]
    fn appended_rows_parse_back() {
        let old = "cycle,group,member_id,name,role\nc1,G1,a,Ann,\n";
        let text = append(old, &[row("G1", "a", ""), row("G1", "f", "facilitator")]);
        let t = crate::io::table::parse_table(Path::new("h.csv"), text.as_bytes()).unwrap();
        let cycles = parse_cycles(&t).unwrap();
        assert_eq!(cycles.len(), 2);
        assert_eq!(cycles[1].groups[0].facilitators, vec![("f".to_string(), 4)]);
    }
}

//! The long groups/history format: `cycle,group,member_id[,name,role]` (spec §2.2).

use super::cell::write_record;
use super::table::{detect_delimiter, Table};
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

/// Renders rows in the long format, with a header.
pub fn render_rows<'a>(rows: impl IntoIterator<Item = OutRow<'a>>) -> Result<Vec<u8>> {
    Appender::new(Path::new(""), b"")?.append(rows)
}

/// Appends rows to the bytes of an existing groups or history file in that file's own
/// layout: its delimiter, its line ending and its columns (columns it lacks are left out,
/// columns the format does not know are left blank). A blank file gets a header first.
pub struct Appender<'a> {
    existing: &'a [u8],
    /// For each column of the file, the index of the field in [`COLUMNS`].
    columns: Vec<Option<usize>>,
    delimiter: u8,
    crlf: bool,
}

impl<'a> Appender<'a> {
    /// Reads the header of `existing` (`path` is for messages).
    pub fn new(path: &Path, existing: &'a [u8]) -> Result<Self> {
        let text = std::str::from_utf8(existing).unwrap_or("");
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        if text.trim().is_empty() {
            return Ok(Appender {
                existing: b"",
                columns: (0..COLUMNS.len()).map(Some).collect(),
                delimiter: b',',
                crlf: false,
            });
        }
        let first = text.lines().next().unwrap_or("");
        let delimiter = detect_delimiter(first);
        let header = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .from_reader(first.as_bytes())
            .records()
            .next()
            .transpose()
            .map_err(|e| anyhow::anyhow!("{}:1: cannot read the header line: {e}", path.display()))?
            .unwrap_or_default();
        let columns = header
            .iter()
            .map(|h| {
                COLUMNS
                    .iter()
                    .position(|c| h.trim().eq_ignore_ascii_case(c))
            })
            .collect();
        Ok(Appender {
            existing,
            columns,
            delimiter,
            crlf: text.find('\n').is_some_and(|k| text[..k].ends_with('\r')),
        })
    }

    /// Whether the file has a `role` column (needed for facilitator rows).
    pub fn has_role(&self) -> bool {
        self.columns.contains(&Some(4))
    }

    /// The whole file after appending `rows`.
    pub fn append<'r>(&self, rows: impl IntoIterator<Item = OutRow<'r>>) -> Result<Vec<u8>> {
        let mut out = self.existing.to_vec();
        if !out.is_empty() && !out.ends_with(b"\n") {
            out.extend_from_slice(if self.crlf { b"\r\n" } else { b"\n" });
        }
        let mut w = csv::WriterBuilder::new()
            .delimiter(self.delimiter)
            .terminator(if self.crlf {
                csv::Terminator::CRLF
            } else {
                csv::Terminator::Any(b'\n')
            })
            .from_writer(out);
        if self.existing.is_empty() {
            write_record(&mut w, COLUMNS)?;
        }
        for r in rows {
            let fields = [r.cycle, r.group, r.id, r.name, r.role];
            write_record(
                &mut w,
                self.columns.iter().map(|c| c.map_or("", |k| fields[k])),
            )?;
        }
        match w.into_inner() {
            Ok(bytes) => Ok(bytes),
            Err(e) => bail!("cannot render groups: {}", e.error()),
        }
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
        let a = Appender::new(Path::new("h.csv"), existing.as_bytes()).unwrap();
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
        assert!(!Appender::new(Path::new("h"), old.as_bytes())
            .unwrap()
            .has_role());
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

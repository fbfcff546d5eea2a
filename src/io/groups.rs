//! The long groups/history format: `cycle,group,member_id[,name,role]` (spec §2.2).

use super::table::Table;
use crate::model::history::{Cycle, GroupRecord};
use anyhow::{bail, Result};

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
        }
        let cycle = cycles.last_mut().expect("a cycle was just pushed");
        let gi = match cycle.groups.iter().position(|g| &g.label == group) {
            Some(i) => i,
            None => {
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
            cycle.groups[gi].facilitators.push(member.clone());
        } else {
            cycle.groups[gi].members.push((member.clone(), row.line));
        }
    }
    Ok(cycles)
}

/// One output row.
pub struct OutRow<'a> {
    /// Cycle label.
    pub cycle: &'a str,
    /// Group label.
    pub group: &'a str,
    /// Member id.
    pub id: &'a str,
    /// Name.
    pub name: &'a str,
    /// Role (empty for ordinary members).
    pub role: &'a str,
}

/// Renders rows in the long format, with a header.
pub fn render_rows<'a>(rows: impl IntoIterator<Item = OutRow<'a>>) -> Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["cycle", "group", "member_id", "name", "role"])?;
    for r in rows {
        w.write_record([r.cycle, r.group, r.id, r.name, r.role])?;
    }
    match w.into_inner() {
        Ok(bytes) => Ok(bytes),
        Err(e) => bail!("cannot render groups: {}", e.error()),
    }
}

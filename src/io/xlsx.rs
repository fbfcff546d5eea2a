//! Groups written as an `.xlsx` workbook (README: Spreadsheets): sheet `groups` in the long format, so
//! the file reads back as a groups or history file, and sheet `by group` for people, one
//! column per group with its facilitators first. Every value is written as a string cell
//! protected as in CSV (README: Writing files safely), never as a formula; the same rows give the same bytes.

use super::cell::protect;
use super::groups::OutRow;
use anyhow::Result;
use rust_xlsxwriter::{Color, DocProperties, ExcelDateTime, Format, FormatBorder, Workbook};

/// The sheet that holds the long format.
pub const GROUPS_SHEET: &str = "groups";

/// The sheet for people.
pub const BY_GROUP_SHEET: &str = "by group";

/// The workbook: `header` and `body` (rows of cells, in the header's order) on sheet
/// `groups`, and the groups of `formed` (the rows this command formed) on sheet `by group`.
pub fn workbook(header: &[String], body: &[Vec<String>], formed: &[OutRow]) -> Result<Vec<u8>> {
    let mut book = Workbook::new();
    // A fixed creation date, so that the same groups give the same bytes.
    book.set_properties(
        &DocProperties::new().set_creation_datetime(&ExcelDateTime::from_ymd(2000, 1, 1)?),
    );
    let bold = Format::new().set_bold();
    let head = Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xDDEBF7))
        .set_border_bottom(FormatBorder::Thin);

    let sheet = book.add_worksheet();
    sheet.set_name(GROUPS_SHEET)?;
    for (c, h) in header.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, protect(h), &bold)?;
    }
    for (r, cells) in body.iter().enumerate() {
        for (c, v) in cells.iter().enumerate() {
            if !v.is_empty() {
                sheet.write_string(r as u32 + 1, c as u16, protect(v))?;
            }
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofit();

    let sheet = book.add_worksheet();
    sheet.set_name(BY_GROUP_SHEET)?;
    let mut r = 0u32;
    for cycle in by_cycle(formed) {
        sheet.write_string_with_format(r, 0, protect(&format!("Cycle {}", cycle.label)), &bold)?;
        r += 1;
        let mut longest = 0;
        for (c, g) in cycle.groups.iter().enumerate() {
            sheet.write_string_with_format(r, c as u16, protect(&g.label), &head)?;
            for (k, name) in g.names().enumerate() {
                sheet.write_string(r + 1 + k as u32, c as u16, protect(name))?;
            }
            longest = longest.max(g.len());
        }
        r += longest as u32 + 2;
    }
    sheet.autofit();
    Ok(book.save_to_buffer()?)
}

/// One cycle of the `by group` sheet.
struct CycleColumns {
    label: String,
    groups: Vec<GroupColumn>,
}

/// One group's column: its label and the names under it, facilitators first and marked.
struct GroupColumn {
    label: String,
    facilitators: Vec<String>,
    members: Vec<String>,
}

impl GroupColumn {
    fn names(&self) -> impl Iterator<Item = &String> {
        self.facilitators.iter().chain(&self.members)
    }

    fn len(&self) -> usize {
        self.facilitators.len() + self.members.len()
    }
}

/// The rows grouped by cycle and group, in the order they first appear.
fn by_cycle(rows: &[OutRow]) -> Vec<CycleColumns> {
    let mut cycles: Vec<CycleColumns> = Vec::new();
    for r in rows {
        if cycles.last().is_none_or(|c| c.label != r.cycle) {
            cycles.push(CycleColumns {
                label: r.cycle.to_string(),
                groups: Vec::new(),
            });
        }
        let cycle = cycles.last_mut().expect("a cycle was just pushed");
        let k = match cycle.groups.iter().position(|g| g.label == r.group) {
            Some(k) => k,
            None => {
                cycle.groups.push(GroupColumn {
                    label: r.group.to_string(),
                    facilitators: Vec::new(),
                    members: Vec::new(),
                });
                cycle.groups.len() - 1
            }
        };
        let name = if r.name.is_empty() { r.id } else { r.name };
        let g = &mut cycle.groups[k];
        if r.role.eq_ignore_ascii_case("facilitator") {
            g.facilitators.push(format!("{name}{FACILITATOR}"));
        } else {
            g.members.push(name.to_string());
        }
    }
    cycles
}

/// How a facilitator is marked on the `by group` sheet.
const FACILITATOR: &str = " (facilitator)";

#[cfg(test)]
mod tests {
    use super::*;

    fn row<'a>(cycle: &'a str, group: &'a str, name: &'a str, role: &'a str) -> OutRow<'a> {
        OutRow {
            cycle,
            group,
            id: "x",
            name,
            role,
        }
    }

    #[test]
    fn facilitators_come_first_and_marked() {
        let rows = [
            row("c1", "G1", "Ann", ""),
            row("c1", "G2", "Bo", ""),
            row("c1", "G1", "Cy", ""),
            row("c1", "G1", "Fee", "facilitator"),
            row("c2", "G1", "", ""),
        ];
        let cycles = by_cycle(&rows);
        assert_eq!(cycles.len(), 2);
        let names = |c: &CycleColumns, g: usize| c.groups[g].names().cloned().collect::<Vec<_>>();
        assert_eq!(names(&cycles[0], 0), vec!["Fee (facilitator)", "Ann", "Cy"]);
        assert_eq!(cycles[0].groups[1].label, "G2");
        assert_eq!(names(&cycles[1], 0), vec!["x"]);
    }

    #[test]
    fn same_rows_same_bytes() {
        let rows = [row("c1", "G1", "=Ann", "")];
        let header = vec!["cycle".to_string()];
        let body = vec![vec!["c1".to_string()]];
        let a = workbook(&header, &body, &rows).unwrap();
        let b = workbook(&header, &body, &rows).unwrap();
        assert_eq!(a, b);
        assert!(a.starts_with(b"PK"));
    }
}

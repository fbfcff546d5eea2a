//! What the parts of the build share about cells: categories, finite numbers and the
//! elements of a set cell.

use crate::model::records::{Records, Row};
use anyhow::Result;
use std::collections::HashMap;

/// Value index per cell and the distinct values in order of first appearance.
pub(super) fn categorize<'a>(cells: impl Iterator<Item = &'a str>) -> (Vec<u32>, Vec<String>) {
    let mut values: Vec<String> = Vec::new();
    let mut index: HashMap<&'a str, u32> = HashMap::new();
    let value_of = cells
        .map(|c| {
            *index.entry(c).or_insert_with(|| {
                values.push(c.to_string());
                (values.len() - 1) as u32
            })
        })
        .collect();
    (value_of, values)
}

/// The elements of a set cell (a `[[similar]]` set column, a request cell, the
/// facilitators' topics and the members' interests): its parts between separators,
/// trimmed, blanks left out.
pub(crate) fn set_elements<'a>(cell: &'a str, separator: &'a str) -> impl Iterator<Item = &'a str> {
    (cell.split(separator))
        .map(str::trim)
        .filter(|e| !e.is_empty())
}

/// A finite decimal number, the only kind of cell a numeric rule or column accepts (README: Numbers):
/// `NaN`, `inf` and numbers too large for a double (`1e400`) are not.
fn finite_number(cell: &str) -> Option<f64> {
    cell.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// Whether a column without a `kind` is numeric: every non-blank cell is a finite number.
/// A column that is meant as numbers but holds a broken one is bad input rather than a
/// silent switch to categories (which would drop the column's numeric meaning): a cell
/// that reads as NaN, an infinity or a number out of range, or a text cell in a column
/// whose other cells are mostly numbers.
pub(super) fn is_numeric_column(t: &Records, rows: &[&Row], c: usize, what: &str) -> Result<bool> {
    let mut numbers = 0usize;
    let mut first_text = None;
    for r in rows {
        let cell = r.cells[c].as_str();
        if cell.is_empty() {
            continue;
        }
        match cell.parse::<f64>() {
            Ok(v) if v.is_finite() => numbers += 1,
            Ok(_) => {
                return Err(t.cell_error(
                    r,
                    c,
                    format!(
                        "'{cell}' is not a finite number; {what} column '{}' holds numbers, so write a decimal number here",
                        t.headers[c]
                    ),
                ))
            }
            Err(_) => {
                first_text.get_or_insert(*r);
            }
        }
    }
    let texts = rows
        .iter()
        .filter(|r| !r.cells[c].is_empty() && finite_number(&r.cells[c]).is_none())
        .count();
    match first_text {
        None => Ok(numbers > 0),
        Some(r) if numbers > texts => Err(t.cell_error(
            r,
            c,
            format!(
                "'{}' is not a number, but {numbers} of the {} filled cells of {what} column '{}' are; write a number here{}",
                r.cells[c],
                numbers + texts,
                t.headers[c],
                if what == "[[similar]]" {
                    ", or set kind = \"categorical\" if the column holds labels"
                } else {
                    ""
                }
            ),
        )),
        Some(_) => Ok(false),
    }
}

/// The numbers of a numeric column; `why` says why it is numeric (for messages).
pub(super) fn numbers(t: &Records, rows: &[&Row], c: usize, why: &str) -> Result<Vec<f64>> {
    rows.iter()
        .map(|r| {
            let cell = &r.cells[c];
            match finite_number(cell) {
                Some(v) => Ok(v),
                None if cell.is_empty() => Err(t.cell_error(
                    r,
                    c,
                    format!("blank value in a numeric column ({why}); fill it in, or exclude the person"),
                )),
                None => Err(t.cell_error(
                    r,
                    c,
                    format!(
                        "'{cell}' is not a finite decimal number; {why}, so every row needs one (use digits and '.')"
                    ),
                )),
            }
        })
        .collect()
}

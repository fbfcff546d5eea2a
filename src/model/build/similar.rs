//! Similar columns: numbers, labels or sets, and which kind a column without `kind` is.

use super::columns::{categorize, is_numeric_column, numbers, set_elements};
use super::Roster;
use crate::config::{SimilarKind, SimilarSettings};
use crate::model::problem::{Similar, SimilarData};
use anyhow::Result;
use std::collections::HashMap;

/// The `[[similar]]` columns.
pub(super) fn columns(r: &Roster) -> Result<Vec<Similar>> {
    let mut similar = Vec::new();
    for sim in &r.settings.similar {
        let c = r.column(&sim.column, "[[similar]]")?;
        let why = match (sim.kind, sim.max_spread) {
            (Some(SimilarKind::Numeric), _) => Some("it has kind = \"numeric\""),
            (None, Some(_)) => Some("max_spread is a rule on numbers"),
            _ => None,
        };
        let kind = match (sim.kind, why) {
            (Some(k), _) => k,
            (None, Some(_)) => SimilarKind::Numeric,
            (None, None) => {
                if is_numeric_column(r.table, &r.rows, c, "[[similar]]")? {
                    SimilarKind::Numeric
                } else {
                    SimilarKind::Categorical
                }
            }
        };
        let data = match kind {
            SimilarKind::Numeric => SimilarData::Numeric {
                values: numbers(
                    r.table,
                    &r.rows,
                    c,
                    &format!(
                        "[[similar]] column '{}' is numeric because {}",
                        sim.column,
                        why.unwrap_or("all its other values are numbers")
                    ),
                )?,
                max_spread: sim.max_spread,
            },
            SimilarKind::Categorical => {
                let (value_of, values) = categorize(r.cells(c));
                SimilarData::Categorical { value_of, values }
            }
            SimilarKind::Set => sets(r, c, sim),
        };
        similar.push(Similar {
            column: r.table.headers[c].clone(),
            weight: sim.weight,
            data,
        });
    }
    Ok(similar)
}

/// A set column: each member's elements, split at the separator, as indices.
fn sets(r: &Roster, c: usize, sim: &SimilarSettings) -> SimilarData {
    let mut elements: Vec<String> = Vec::new();
    let mut index: HashMap<String, u32> = HashMap::new();
    let mut sets = Vec::with_capacity(r.members.len());
    for cell in r.cells(c) {
        let mut set: Vec<u32> = set_elements(cell, &sim.separator)
            .map(|e| {
                *index.entry(e.to_string()).or_insert_with(|| {
                    elements.push(e.to_string());
                    (elements.len() - 1) as u32
                })
            })
            .collect();
        set.sort_unstable();
        set.dedup();
        sets.push(set);
    }
    SimilarData::set(sets, elements, sim.require_common)
}

//! The diversity term's distances: Gower over roster columns, or a distances file.

use super::columns::{categorize, is_numeric_column, numbers};
use super::Roster;
use crate::config::DistanceSource;
use crate::model::problem::{Distances, Diversity, GowerColumn, Member};
use crate::model::records::Records;
use anyhow::{anyhow, Result};
use std::collections::HashMap;

/// The `[diversity]` term, when configured.
pub(super) fn term(r: &Roster, distances: Option<&Records>) -> Result<Option<Diversity>> {
    let Some(d) = &r.settings.diversity else {
        return Ok(None);
    };
    let distances = match &d.source {
        DistanceSource::Columns(names) => gower(r, names)?,
        DistanceSource::File(_) => {
            let table = distances.ok_or_else(|| anyhow!("the distances file was not read"))?;
            dense_distances(table, &r.members, &r.excluded)?
        }
    };
    Ok(Some(Diversity {
        weight: d.weight,
        distances,
    }))
}

/// Gower columns: numbers scaled to the cohort's range, or labels.
fn gower(r: &Roster, names: &[String]) -> Result<Distances> {
    let mut gower = Vec::new();
    for name in names {
        let c = r.column(name, "[diversity] columns")?;
        if is_numeric_column(r.table, &r.rows, c, "[diversity] columns")? {
            let v = numbers(
                r.table,
                &r.rows,
                c,
                &format!(
                    "[diversity] column '{name}' is numeric because its other values are numbers"
                ),
            )?;
            let (lo, hi) = v
                .iter()
                .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &x| {
                    (a.min(x), b.max(x))
                });
            let range = if hi > lo { hi - lo } else { 1.0 };
            gower.push(GowerColumn::Numeric(
                v.iter().map(|x| (x - lo) / range).collect(),
            ));
        } else {
            gower.push(GowerColumn::Categorical(categorize(r.cells(c)).0));
        }
    }
    Ok(Distances::Gower(gower))
}

/// The distances file as a dense matrix; pairs it does not list are 0.
fn dense_distances(table: &Records, members: &[Member], excluded: &[String]) -> Result<Distances> {
    let n = members.len();
    let index: HashMap<&str, usize> = members
        .iter()
        .enumerate()
        .map(|(i, m)| (m.id.as_str(), i))
        .collect();
    let hint = "a distances file has columns a,b,distance";
    let (ca, cb, cd) = (
        table.require("a", hint)?,
        table.require("b", hint)?,
        table.require("distance", hint)?,
    );
    let mut d = vec![0.0; n * n];
    for row in &table.rows {
        let mut ends = [0usize; 2];
        let mut skip = false;
        for (k, &c) in [ca, cb].iter().enumerate() {
            let id = row.cells[c].as_str();
            match index.get(id) {
                Some(&i) => ends[k] = i,
                None if excluded.iter().any(|e| e == id) => skip = true,
                None => {
                    return Err(table.cell_error(row, c, format!("'{id}' is not in the roster")))
                }
            }
        }
        let v: f64 = row.cells[cd]
            .parse()
            .ok()
            .filter(|v: &f64| v.is_finite() && *v >= 0.0)
            .ok_or_else(|| {
                table.cell_error(
                    row,
                    cd,
                    format!("'{}' is not a non-negative number", row.cells[cd]),
                )
            })?;
        if skip || ends[0] == ends[1] {
            continue;
        }
        d[ends[0] * n + ends[1]] = v;
        d[ends[1] * n + ends[0]] = v;
    }
    Ok(Distances::Dense { n, d })
}

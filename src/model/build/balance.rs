//! Balance columns: each member's value, the cohort's counts and the table of floor sums
//! the score reads.

use super::columns::categorize;
use super::Roster;
use crate::model::problem::{sum_of_floors, Balance};
use anyhow::Result;

/// Cohort size × values up to which the floor sums are tabulated (a fraction of a second).
const MAX_TABULATED: usize = 50_000_000;

/// The `[[balance]]` columns.
pub(super) fn columns(r: &Roster) -> Result<Vec<Balance>> {
    let t = r.table;
    let mut balance = Vec::new();
    for b in &r.settings.balance {
        let c = r.column(&b.column, "[[balance]]")?;
        let (value_of, values) = categorize(r.cells(c));
        let mut cohort = vec![0; values.len()];
        for &v in &value_of {
            cohort[v as usize] += 1;
        }
        let population = value_of.len();
        let floor_sums = if (population + 1) * cohort.len() <= MAX_TABULATED {
            (0..=population)
                .map(|m| sum_of_floors(&cohort, m, population.max(1)))
                .collect()
        } else {
            Vec::new()
        };
        balance.push(Balance {
            column: t.headers[c].clone(),
            weight: b.weight,
            max_per_group: b.max_per_group,
            value_of,
            values,
            cohort,
            floor_sums,
        });
    }
    Ok(balance)
}

//! Checks made once the problem is built, before any search: scores that would leave the
//! range where doubles count exactly (bad input), and per-group limits that the cohort's
//! own counts already break (infeasible at once, not after the time limit).

use super::problem::Problem;
use super::terms::SoftTerm;
use crate::model::outcome::infeasible;
use crate::text::plural;
use anyhow::{bail, Result};

/// Scores beyond this lose the precision the solver and the printed figures need
/// (doubles count whole numbers exactly up to about 9 × 10^15).
pub const MAX_SCORE: f64 = 1e15;

/// The largest total the score of any assignment of `p` can reach in magnitude.
pub fn score_ceiling(p: &Problem) -> f64 {
    let n = p.n() as f64;
    // Each member shares a group with at most this many others.
    let mates = (p.groups.size_hi + (p.n() - p.n_counting)).saturating_sub(1) as f64;
    let pairs = n * mates / 2.0;
    p.terms.iter().map(|t| t.ceiling(p, pairs)).sum()
}

/// Bad input when the weights and values could make a score too large to count with.
pub fn check_magnitude(p: &Problem, config: &str) -> Result<()> {
    let ceiling = score_ceiling(p);
    if ceiling.is_nan() || ceiling > MAX_SCORE {
        bail!(
            "{config}: the weights and values are so large that a score could reach {ceiling:e}, beyond {MAX_SCORE:e} where scores stop being exact; use smaller weights (dividing every weight by one factor gives the same groups) or smaller numbers in the roster"
        );
    }
    Ok(())
}

/// Infeasible at once (the solvers call this first) when a per-group limit cannot hold for
/// the cohort as it is: more people with one balance value than `max_per_group` allows over
/// all groups, or a role whose members cannot meet its `max_per_group` / `min_per_group`.
pub fn check_counts(p: &Problem) -> Result<()> {
    let groups = p.groups.count;
    for b in p.balance() {
        let Some(max) = b.max_per_group else { continue };
        for (v, &count) in b.cohort.iter().enumerate() {
            let value = if b.values[v].is_empty() {
                "a blank value".to_string()
            } else {
                format!("'{}'", b.values[v])
            };
            let who = format!(
                "[[balance]] column '{}': {} {value}",
                b.column,
                plural(count, "person has", "people have")
            );
            over_cap(&who, "this column", count, max, groups)?;
        }
    }
    for (r, role) in p.roles.iter().enumerate() {
        let count = p.members.iter().filter(|m| m.role_index == Some(r)).count();
        if let Some(max) = role.max_per_group {
            let who = format!(
                "[roles.{}]: {} the role",
                role.name,
                plural(count, "member has", "members have")
            );
            over_cap(&who, "this role", count, max, groups)?;
        }
        if role.min_per_group * groups > count {
            return Err(infeasible(
                format!(
                    "[roles.{}]: min_per_group = {} needs {} with the role in {}, but {} it",
                    role.name,
                    role.min_per_group,
                    plural(role.min_per_group * groups, "member", "members"),
                    plural(groups, "group", "groups"),
                    plural(count, "member has", "members have")
                ),
                vec![format!(
                    "feasible as far as this role goes with min_per_group = {}",
                    count / groups
                )],
            ));
        }
    }
    Ok(())
}

/// Infeasible when `count` people (`who`) cannot fit `max` per group in `groups` groups.
fn over_cap(who: &str, what: &str, count: usize, max: usize, groups: usize) -> Result<()> {
    if count <= max * groups {
        return Ok(());
    }
    Err(infeasible(
        format!(
            "{who}, but max_per_group = {max} allows at most {} in {}",
            max * groups,
            plural(groups, "group", "groups")
        ),
        vec![format!(
            "feasible as far as {what} goes with max_per_group = {} or more",
            count.div_ceil(groups)
        )],
    ))
}

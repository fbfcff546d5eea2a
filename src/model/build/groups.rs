//! The number of groups and their sizes, or what would make the sizes possible.

use crate::config::{GroupSettings, Settings};
use crate::model::outcome::infeasible;
use crate::model::problem::GroupRules;
use crate::model::sizes;
use crate::text::plural;
use anyhow::Result;

/// The group rules for `n_counting` ordinary members.
pub(super) fn rules(s: &Settings, n_counting: usize) -> Result<GroupRules> {
    let g = &s.groups;
    let count = match g.count {
        Some(c) => {
            if !sizes::fits(n_counting, c, g.min_size, g.max_size) {
                return Err(infeasible(
                    format!(
                        "{} cannot form exactly {} of {}..{}",
                        plural(n_counting, "ordinary member", "ordinary members"),
                        plural(c, "group", "groups"),
                        g.min_size,
                        g.max_size
                    ),
                    count_suggestions(n_counting, g.min_size, g.max_size),
                ));
            }
            c
        }
        None => sizes::choose_count(n_counting, g.min_size, g.max_size, g.target_size).ok_or_else(
            || {
                infeasible(
                    format!(
                        "{} ordinary members cannot be split into groups of {}..{}",
                        n_counting, g.min_size, g.max_size
                    ),
                    size_suggestions(n_counting, g.min_size, g.max_size),
                )
            },
        )?,
    };
    let (size_lo, size_hi) = sizes::bounds(n_counting, count, g.min_size, g.max_size, g.even_sizes);
    Ok(GroupRules {
        count,
        min_size: g.min_size,
        max_size: g.max_size,
        even_sizes: g.even_sizes,
        fixed_count: g.count,
        size_lo,
        size_hi,
        prefix: g.label_prefix.clone(),
    })
}

fn size_suggestions(n: usize, min: usize, max: usize) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(g) = (1..=n).find(|&g| g * max >= n) {
        out.push(format!(
            "with {}, min_size would need to be at most {} (it is {min})",
            plural(g, "group", "groups"),
            n / g
        ));
    }
    if let Some(g) = (1..=n).rev().find(|&g| g * min <= n) {
        out.push(format!(
            "with {}, max_size would need to be at least {} (it is {max})",
            plural(g, "group", "groups"),
            n.div_ceil(g)
        ));
    }
    out
}

/// What would let `n` members form the fixed number of groups: the counts that fit.
fn count_suggestions(n: usize, min: usize, max: usize) -> Vec<String> {
    let counts: Vec<usize> = (1..=n).filter(|&c| sizes::fits(n, c, min, max)).collect();
    match (counts.first(), counts.last()) {
        (Some(lo), Some(hi)) if lo == hi => vec![format!(
            "feasible with groups.count = {lo} (or without groups.count)"
        )],
        (Some(lo), Some(hi)) => vec![format!(
            "feasible with groups.count between {lo} and {hi} (or without groups.count)"
        )],
        _ => size_suggestions(n, min, max),
    }
}

/// What would make room for a together set of `set` ordinary members among `n` in `count`
/// groups with even sizes.
pub(super) fn together_suggestions(
    n: usize,
    set: usize,
    count: usize,
    g: &GroupSettings,
) -> Vec<String> {
    let (min, max) = (g.min_size, g.max_size);
    let mut out = Vec::new();
    let roomy = (1..=n)
        .filter(|&c| sizes::fits(n, c, min, max) && sizes::bounds(n, c, min, max, true).1 >= set)
        .min_by_key(|&c| (c.abs_diff(count), c));
    if let Some(c) = roomy {
        out.push(format!(
            "feasible for the sizes with {}: set groups.count = {c}",
            plural(c, "group", "groups")
        ));
    }
    let uneven = count > 1
        && (set.max(min)..=max)
            .any(|s| n >= s && (count - 1) * min <= n - s && n - s <= (count - 1) * max);
    if uneven {
        out.push("feasible for the sizes with groups.even_sizes = false".into());
    }
    out.push("or split the together set".into());
    out
}

//! Explains infeasibility: re-solves with one rule family relaxed at a time and reports the
//! relaxations that would make the rules satisfiable.

use super::ilp::{self, Encode, IlpOptions, Relax};
use crate::model::outcome::{Cause, Infeasible};
use crate::model::problem::Problem;
use std::time::Instant;

fn feasible_with(p: &Problem, relax: &Relax, deadline: Instant) -> Option<bool> {
    let left = deadline
        .saturating_duration_since(Instant::now())
        .as_secs_f64();
    if left <= 0.05 {
        return None;
    }
    let out = ilp::solve(
        p,
        relax,
        None,
        &IlpOptions {
            objective: false,
            time_limit: left.min(5.0),
            seed: 1,
            max_nodes: u64::MAX,
        },
    );
    if out.infeasible {
        Some(false)
    } else if out.group_of.is_some() {
        Some(true)
    } else {
        None
    }
}

/// The rule families of `p` that relaxing one at a time may show to be the cause: group
/// sizes, role limits, each term's own rule (see [`Encode::rule_family`]), keep sets and
/// pins.
fn families(p: &Problem) -> Vec<(String, Relax)> {
    let even = if p.groups.even_sizes {
        ", even sizes"
    } else {
        ""
    };
    let g = &p.groups;
    let mut families: Vec<(String, Relax)> = vec![(
        format!(
            "group sizes ({}..{} per group, {} groups{even})",
            g.min_size, g.max_size, g.count
        ),
        Relax {
            sizes: true,
            ..Relax::default()
        },
    )];
    let roles = (p.roles.iter()).any(|r| r.min_per_group > 0 || r.max_per_group.is_some());
    let kept = [(
        roles,
        "role limits per group",
        Relax {
            roles: true,
            ..Relax::default()
        },
    )];
    let keep_and_pins = [
        (
            !p.apart.is_empty(),
            "[keep] apart sets",
            Relax {
                apart: true,
                ..Relax::default()
            },
        ),
        (
            !p.together.is_empty(),
            "[keep] together sets",
            Relax {
                together: true,
                ..Relax::default()
            },
        ),
        (
            p.pins.iter().any(Option::is_some),
            "[pin] placements",
            Relax {
                pins: true,
                ..Relax::default()
            },
        ),
    ];
    let terms = p
        .terms
        .iter()
        .filter_map(Encode::rule_family)
        .map(|(n, r)| (true, n, r));
    for (applies, name, relax) in kept.into_iter().chain(terms).chain(keep_and_pins) {
        if applies && !families.iter().any(|(n, _)| n == name) {
            families.push((name.to_string(), relax));
        }
    }
    families
}

/// The largest `forbid_within` below the configured one under which the rules hold.
fn smaller_forbid_within(p: &Problem, deadline: Instant) -> Option<Cause> {
    let fw = p.repeats().forbid_within;
    if fw == 0 || p.repeats().age.is_empty() {
        return None;
    }
    let oldest = p.repeats().age.values().copied().max().unwrap_or(0);
    for k in (0..fw.min(oldest)).rev() {
        let relax = Relax {
            forbid_within: Some(k),
            ..Relax::default()
        };
        match feasible_with(p, &relax, deadline) {
            Some(true) => {
                return Some(Cause::ForbidWithin {
                    within: k,
                    configured: fw,
                })
            }
            Some(false) => {}
            None => return None,
        }
    }
    None
}

/// The error for a problem whose hard rules cannot all hold.
pub fn explain(p: &Problem, deadline: Instant) -> anyhow::Error {
    let mut causes: Vec<Cause> = smaller_forbid_within(p, deadline).into_iter().collect();
    let mut undecided = Vec::new();
    for (name, relax) in families(p) {
        match feasible_with(p, &relax, deadline) {
            Some(true) => causes.push(Cause::Relax(name)),
            Some(false) => {}
            None => undecided.push(name),
        }
    }
    if causes.is_empty() {
        causes.push(Cause::Several);
    }
    if !undecided.is_empty() {
        causes.push(Cause::Undecided(undecided));
    }
    anyhow::Error::new(Infeasible {
        summary: "no assignment satisfies the hard rules".into(),
        causes,
    })
}

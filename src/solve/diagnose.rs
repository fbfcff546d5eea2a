//! Explains infeasibility: re-solves with one rule family relaxed at a time and reports the
//! relaxations that would make the rules satisfiable.

use super::ilp::{self, IlpOptions, Relax};
use crate::error::infeasible;
use crate::model::problem::{Problem, SimilarData};
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

/// The error for a problem whose hard rules cannot all hold.
pub fn explain(p: &Problem, deadline: Instant) -> anyhow::Error {
    let mut families: Vec<(String, Relax)> = vec![(
        format!(
            "group sizes ({}..{} per group, {} groups{})",
            p.groups.min_size,
            p.groups.max_size,
            p.groups.count,
            if p.groups.even_sizes {
                ", even sizes"
            } else {
                ""
            }
        ),
        Relax {
            sizes: true,
            ..Relax::default()
        },
    )];
    if p.roles
        .iter()
        .any(|r| r.min_per_group > 0 || r.max_per_group.is_some())
    {
        families.push((
            "role limits per group".into(),
            Relax {
                roles: true,
                ..Relax::default()
            },
        ));
    }
    if p.balance.iter().any(|b| b.max_per_group.is_some()) {
        families.push((
            "balance max_per_group caps".into(),
            Relax {
                balance_caps: true,
                ..Relax::default()
            },
        ));
    }
    if p.similar.iter().any(|s| {
        matches!(
            s.data,
            SimilarData::Numeric {
                max_spread: Some(_),
                ..
            }
        )
    }) {
        families.push((
            "similar max_spread caps".into(),
            Relax {
                spreads: true,
                ..Relax::default()
            },
        ));
    }
    if p.similar.iter().any(|s| {
        matches!(
            s.data,
            SimilarData::Set {
                require_common: true,
                ..
            }
        )
    }) {
        families.push((
            "similar require_common".into(),
            Relax {
                common: true,
                ..Relax::default()
            },
        ));
    }
    if !p.apart.is_empty() {
        families.push((
            "[keep] apart sets".into(),
            Relax {
                apart: true,
                ..Relax::default()
            },
        ));
    }
    if !p.together.is_empty() {
        families.push((
            "[keep] together sets".into(),
            Relax {
                together: true,
                ..Relax::default()
            },
        ));
    }
    if p.pins.iter().any(Option::is_some) {
        families.push((
            "[pin] placements".into(),
            Relax {
                pins: true,
                ..Relax::default()
            },
        ));
    }
    let mut details = Vec::new();
    let fw = p.repeats.forbid_within;
    if fw > 0 && !p.repeats.age.is_empty() {
        let oldest = p.repeats.age.values().copied().max().unwrap_or(0);
        let current = fw.min(oldest);
        let name = |k: u32| {
            if k == u32::MAX {
                "all".to_string()
            } else {
                k.to_string()
            }
        };
        let mut found = None;
        for k in (0..current).rev() {
            match feasible_with(
                p,
                &Relax {
                    forbid_within: Some(k),
                    ..Relax::default()
                },
                deadline,
            ) {
                Some(true) => {
                    found = Some(k);
                    break;
                }
                Some(false) => {}
                None => break,
            }
        }
        if let Some(k) = found {
            details.push(format!(
                "feasible if forbid_within is {} instead of {}",
                k,
                name(fw)
            ));
        }
    }
    let mut undecided = Vec::new();
    for (name, relax) in families {
        match feasible_with(p, &relax, deadline) {
            Some(true) => details.push(format!("feasible if {name} were relaxed")),
            Some(false) => {}
            None => undecided.push(name),
        }
    }
    if details.is_empty() {
        details.push("no single rule family explains it: several rules conflict together; relax more than one".into());
    }
    if !undecided.is_empty() {
        details.push(format!("not decided in time: {}", undecided.join(", ")));
    }
    infeasible("no assignment satisfies the hard rules", details)
}

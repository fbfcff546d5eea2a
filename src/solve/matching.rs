//! Pairs as a matching problem: when every group is exactly two ordinary members, the best
//! assignment is a minimum-cost perfect matching on the graph of allowed pairs, solved
//! exactly by the blossom algorithm (`integer-blossom`) in O(n³).

use super::ilp::IlpOutcome;
use crate::model::problem::Problem;
use crate::model::rules::group_penalty;
use crate::model::score::{add_group, component_names};

/// Largest roster solved as a matching (the weight matrix is n × n).
const MAX_PEOPLE: usize = 4_000;

/// Scale of costs that are not integers at any small scale.
const FINE_SCALE: f64 = 1e9;

/// Absolute tolerance of a proof, the same as the integer program's (`mip_abs_gap`).
const PROOF_TOLERANCE: f64 = 1e-6;

/// Whether the problem is pairs of ordinary members only.
pub fn applies(p: &Problem) -> bool {
    let n = p.n();
    (2..=MAX_PEOPLE).contains(&n)
        && n.is_multiple_of(2)
        && p.groups.size_lo == 2
        && p.groups.size_hi == 2
        && p.groups.count * 2 == n
        && p.members.iter().all(|m| m.counts)
}

/// Scale that makes every cost an integer, if a small one does.
fn exact_scale(costs: &[f64]) -> Option<f64> {
    let scales = [
        1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0, 128.0, 256.0, 1024.0, 10.0, 100.0, 1000.0, 1e4, 1e5,
        1e6,
    ];
    scales.into_iter().find(|&s| {
        costs.iter().all(|&c| {
            let x = c * s;
            (x - x.round()).abs() <= 1e-9 * x.abs().max(1.0) && x.abs() < 1e12
        })
    })
}

/// Solves the pairs exactly, or `None` when the problem is not pairs.
pub fn solve(p: &Problem) -> Option<IlpOutcome> {
    if !applies(p) {
        return None;
    }
    let n = p.n();
    let edges = allowed_pairs(p);
    let costs: Vec<f64> = edges.iter().map(|e| e.2).collect();
    let scale = exact_scale(&costs).unwrap_or(FINE_SCALE);
    let scaled: Vec<i128> = costs.iter().map(|&c| (c * scale).round() as i128).collect();
    let largest = scaled.iter().map(|c| c.abs()).max().unwrap_or(0);
    // Every edge outweighs any cost difference, so the heaviest matching is a largest one,
    // and among those the cheapest.
    let offset = (n as i128 + 2) * (largest + 1) + 1;
    if offset.checked_mul(n as i128)? > i128::MAX / 16 {
        return None;
    }
    let mut weight = vec![0i128; n * n];
    for (&(i, j, _), &c) in edges.iter().zip(&scaled) {
        weight[i * n + j] = offset - c;
    }
    let mate = integer_blossom::max_weight_matching(&weight, n);
    if mate.iter().any(Option::is_none) {
        // A largest matching leaves someone out: no assignment keeps every rule.
        return Some(IlpOutcome::infeasible());
    }
    let mut group_of = vec![usize::MAX; n];
    let mut next = 0;
    let mut objective = 0.0;
    for i in 0..n {
        if group_of[i] == usize::MAX {
            let j = mate[i]?;
            group_of[i] = next;
            group_of[j] = next;
            next += 1;
            let k = edges
                .binary_search_by(|e| (e.0, e.1).cmp(&(i.min(j), i.max(j))))
                .ok()?;
            objective += costs[k];
        }
    }
    // With rounded costs the matching is optimal for them; the true optimum is then at
    // most n / (2 · scale) below its cost. Within HiGHS's absolute tolerance that is a proof.
    let slack = if exact_scale(&costs).is_some() {
        0.0
    } else {
        n as f64 / (2.0 * scale)
    };
    let bound = objective - slack;
    Some(IlpOutcome {
        group_of: Some(group_of),
        proven: slack <= PROOF_TOLERANCE,
        infeasible: false,
        bound: Some(bound),
        timed_out: false,
    })
}

/// Every pair that may form a group, with its score: pairs that keep the per-group rules,
/// are not pinned apart, and leave no together set or pin to one label split.
fn allowed_pairs(p: &Problem) -> Vec<(usize, usize, f64)> {
    let n = p.n();
    // Partners forced by together sets and by pins to one label.
    let mut forced: Vec<Option<usize>> = vec![None; n];
    for set in &p.together {
        if let [a, b] = set[..] {
            forced[a] = Some(b);
            forced[b] = Some(a);
        }
    }
    for i in 0..n {
        for j in i + 1..n {
            if p.pins[i].is_some() && p.pins[i] == p.pins[j] {
                forced[i] = Some(j);
                forced[j] = Some(i);
            }
        }
    }
    let width = component_names(p).len();
    let mut parts = vec![0.0; width];
    let mut edges: Vec<(usize, usize, f64)> = Vec::new();
    for i in 0..n {
        for j in i + 1..n {
            let pins_differ = matches!((p.pins[i], p.pins[j]), (Some(a), Some(b)) if a != b);
            let forced_elsewhere =
                forced[i].is_some_and(|k| k != j) || forced[j].is_some_and(|k| k != i);
            if pins_differ || forced_elsewhere || group_penalty(p, &[i, j]) != 0.0 {
                continue;
            }
            parts.iter_mut().for_each(|v| *v = 0.0);
            add_group(p, &[i, j], &mut parts);
            edges.push((i, j, parts.iter().sum()));
        }
    }
    edges
}

//! The set-partitioning integer program for small groups (pairs, trios): every group that
//! meets the per-group hard rules is enumerated with its exact score, and HiGHS picks
//! `count` of them that cover each member once. Its linear relaxation is far tighter than
//! the assignment model's, so pairs of a few dozen people are proven optimal at once.

use super::{run_highs, IlpOptions, IlpOutcome};
use crate::model::problem::Problem;
use crate::model::rules::group_penalty;
use crate::model::score::{add_group, component_names};
use good_lp::{variable, Expression, ProblemVariables};
use std::collections::HashMap;

/// Most candidate groups the model is built with.
pub const MAX_CANDIDATES: usize = 200_000;

/// Largest roster the enumeration considers (it keeps an n × n compatibility table).
const MAX_PEOPLE: usize = 3_000;

/// Groups that meet every per-group hard rule, each with its score.
struct Candidates {
    groups: Vec<Vec<usize>>,
    cost: Vec<f64>,
}

/// Pairwise facts used to prune the enumeration, and the sets that must stay whole.
struct Pairing<'a> {
    p: &'a Problem,
    compatible: Vec<Vec<bool>>,
    /// Sets that must share one group: together sets and members pinned to one label.
    whole: Vec<Vec<usize>>,
}

impl<'a> Pairing<'a> {
    fn new(p: &'a Problem) -> Self {
        let n = p.n();
        let mut compatible = vec![vec![true; n]; n];
        for (i, row) in compatible.iter_mut().enumerate() {
            for (j, ok) in row.iter_mut().enumerate() {
                let pins_differ = matches!((p.pins[i], p.pins[j]), (Some(a), Some(b)) if a != b);
                *ok = i != j && !pins_differ && !p.repeats.forbidden(i, j);
            }
        }
        for set in &p.apart {
            for &a in set {
                for &b in set {
                    compatible[a][b] = false;
                }
            }
        }
        let mut whole = p.together.clone();
        let mut by_label: HashMap<usize, Vec<usize>> = HashMap::new();
        for (i, pin) in p.pins.iter().enumerate() {
            if let Some(k) = pin {
                by_label.entry(*k).or_default().push(i);
            }
        }
        let mut labels: Vec<_> = by_label.into_iter().collect();
        labels.sort();
        whole.extend(
            labels
                .into_iter()
                .map(|(_, set)| set)
                .filter(|s| s.len() > 1),
        );
        Pairing {
            p,
            compatible,
            whole,
        }
    }

    fn fits(&self, group: &[usize], i: usize) -> bool {
        group.iter().all(|&j| self.compatible[i][j])
    }

    fn keeps_sets_whole(&self, group: &[usize]) -> bool {
        self.whole.iter().all(|set| {
            let inside = set.iter().filter(|i| group.contains(i)).count();
            inside == 0 || inside == set.len()
        })
    }
}

/// Number of ways to choose k of n, saturating.
fn choose(n: usize, k: usize) -> usize {
    if k > n {
        return 0;
    }
    (0..k).fold(1usize, |acc, i| acc.saturating_mul(n - i) / (i + 1))
}

/// Counting members, one-way members and the most one-way members a group can hold, when
/// the enumeration stays within bounds.
fn shape(p: &Problem) -> Option<(Vec<usize>, Vec<usize>, usize)> {
    if p.n() > MAX_PEOPLE {
        return None;
    }
    let (counting, oneway): (Vec<usize>, Vec<usize>) =
        (0..p.n()).partition(|&i| p.members[i].counts);
    let oneway_cap = oneway
        .iter()
        .map(|&i| {
            p.members[i]
                .role_index
                .and_then(|r| p.roles[r].max_per_group)
                .unwrap_or(oneway.len())
        })
        .max()
        .unwrap_or(0)
        .min(oneway.len());
    let (lo, hi) = (p.groups.size_lo, p.groups.size_hi);
    let counting_sets: usize = (lo..=hi)
        .map(|s| choose(counting.len(), s))
        .fold(0, usize::saturating_add);
    let oneway_sets: usize = (0..=oneway_cap)
        .map(|k| choose(oneway.len(), k))
        .fold(0, usize::saturating_add);
    (counting_sets.saturating_mul(oneway_sets) <= 20 * MAX_CANDIDATES)
        .then_some((counting, oneway, oneway_cap))
}

/// Whether the set-partitioning model may apply (the enumeration can still give up).
pub fn applies(p: &Problem) -> bool {
    shape(p).is_some()
}

/// Enumerates the candidate groups, or `None` when there would be too many.
fn candidates(p: &Problem) -> Option<Candidates> {
    let (counting, oneway, oneway_cap) = shape(p)?;
    let (lo, hi) = (p.groups.size_lo, p.groups.size_hi);
    let pairing = Pairing::new(p);
    let width = component_names(p).len();
    let mut out = Candidates {
        groups: Vec::new(),
        cost: Vec::new(),
    };
    let mut enumerate = Enumeration {
        pairing: &pairing,
        counting: &counting,
        oneway: &oneway,
        oneway_cap,
        lo,
        hi,
        width,
        out: &mut out,
        group: Vec::new(),
    };
    enumerate.counting_from(0).then_some(out)
}

/// Depth-first enumeration state.
struct Enumeration<'a, 'b> {
    pairing: &'a Pairing<'b>,
    counting: &'a [usize],
    oneway: &'a [usize],
    oneway_cap: usize,
    lo: usize,
    hi: usize,
    width: usize,
    out: &'a mut Candidates,
    group: Vec<usize>,
}

impl Enumeration<'_, '_> {
    /// Extends the group with counting members from `start` on; false when over the limit.
    fn counting_from(&mut self, start: usize) -> bool {
        let size = self.group.len();
        if size >= self.lo && !self.oneway_from(0, 0) {
            return false;
        }
        if size == self.hi {
            return true;
        }
        for k in start..self.counting.len() {
            let i = self.counting[k];
            if self.pairing.fits(&self.group, i) {
                self.group.push(i);
                let ok = self.counting_from(k + 1);
                self.group.pop();
                if !ok {
                    return false;
                }
            }
        }
        true
    }

    /// Adds one-way members from `start` on (at most the cap), recording each group.
    fn oneway_from(&mut self, start: usize, added: usize) -> bool {
        self.record();
        if self.out.groups.len() > MAX_CANDIDATES {
            return false;
        }
        if added == self.oneway_cap {
            return true;
        }
        for k in start..self.oneway.len() {
            let i = self.oneway[k];
            if self.pairing.fits(&self.group, i) {
                self.group.push(i);
                let ok = self.oneway_from(k + 1, added + 1);
                self.group.pop();
                if !ok {
                    return false;
                }
            }
        }
        true
    }

    fn record(&mut self) {
        let p = self.pairing.p;
        if !self.pairing.keeps_sets_whole(&self.group) || group_penalty(p, &self.group) != 0.0 {
            return;
        }
        let mut parts = vec![0.0; self.width];
        add_group(p, &self.group, &mut parts);
        let mut group = self.group.clone();
        group.sort_unstable();
        self.out.groups.push(group);
        self.out.cost.push(parts.iter().sum());
    }
}

/// Solves the problem as a set partition over enumerated groups, warm-started from
/// `start`. `None` when there are too many candidate groups for this model.
pub fn solve(p: &Problem, start: Option<&[usize]>, opts: &IlpOptions) -> Option<IlpOutcome> {
    let cands = candidates(p)?;
    if cands.groups.is_empty() {
        // No group meets the per-group rules, so no assignment can.
        return Some(IlpOutcome {
            group_of: None,
            proven: false,
            infeasible: true,
            bound: None,
            timed_out: false,
        });
    }
    let mut vars = ProblemVariables::new();
    let y: Vec<_> = cands
        .groups
        .iter()
        .map(|_| vars.add(variable().binary()))
        .collect();
    let mut cover: Vec<Expression> = vec![Expression::from(0.0); p.n()];
    let mut count = Expression::from(0.0);
    let mut objective = Expression::from(0.0);
    for (c, group) in cands.groups.iter().enumerate() {
        for &i in group {
            cover[i] += y[c];
        }
        count += y[c];
        objective += cands.cost[c] * y[c];
    }
    let mut constraints: Vec<_> = cover.into_iter().map(|e| e.eq(1.0)).collect();
    constraints.push(count.eq(p.groups.count as f64));
    let start = start.and_then(|start| start_columns(p, &cands, start));
    let run = run_highs(
        vars,
        opts.objective.then_some(objective),
        constraints,
        start,
        opts,
    );
    let group_of = run.columns.map(|cols| {
        let mut group_of = vec![0; p.n()];
        let chosen = cands.groups.iter().zip(&cols).filter(|(_, &v)| v > 0.5);
        for (k, (group, _)) in chosen.enumerate() {
            for &i in group {
                group_of[i] = k;
            }
        }
        group_of
    });
    Some(IlpOutcome {
        group_of,
        proven: run.proven,
        infeasible: run.infeasible,
        bound: run.bound,
        timed_out: run.timed_out,
    })
}

/// The start assignment as column values, if each of its groups is a candidate.
fn start_columns(p: &Problem, cands: &Candidates, start: &[usize]) -> Option<Vec<f64>> {
    let index: HashMap<&[usize], usize> = cands
        .groups
        .iter()
        .enumerate()
        .map(|(c, g)| (g.as_slice(), c))
        .collect();
    let mut groups = vec![Vec::new(); p.groups.count];
    for (i, &k) in start.iter().enumerate() {
        groups.get_mut(k)?.push(i);
    }
    let mut cols = vec![0.0; cands.groups.len()];
    for g in &groups {
        cols[*index.get(g.as_slice())?] = 1.0;
    }
    Some(cols)
}

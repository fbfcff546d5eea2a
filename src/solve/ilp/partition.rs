//! The set-partitioning integer program for small groups of small rosters (pairs and trios
//! of hundreds, groups of 5–6 of about 36): every group that meets the per-group hard rules
//! is enumerated with its exact score, and HiGHS picks `count` of them that cover each
//! member once. Its linear relaxation is far tighter than the assignment model's, so such
//! rosters are proven optimal at once, diversity and similarity terms included.

use super::{run_highs, IlpOptions, IlpOutcome};
use crate::model::problem::Problem;
use crate::model::rules::group_penalty;
use crate::model::score::{add_group, component_names};
use good_lp::{variable, Expression, ProblemVariables};
use std::collections::HashMap;

/// Most candidate groups the model is built with.
pub const MAX_CANDIDATES: usize = 3_000_000;

/// Most groups of counting members the enumeration looks at before it gives up.
const MAX_SUBSETS: usize = 20_000_000;

/// Largest roster the enumeration considers (it keeps an n × n compatibility table).
const MAX_PEOPLE: usize = 3_000;

/// Groups that meet every per-group hard rule, each with its score. The groups' members
/// (sorted within a group) are stored end to end, so millions of groups stay compact.
struct Candidates {
    members: Vec<u32>,
    /// Where each group starts in `members`, and where the last one ends.
    starts: Vec<usize>,
    cost: Vec<f64>,
}

impl Candidates {
    fn len(&self) -> usize {
        self.cost.len()
    }

    /// The members of candidate `c`.
    fn group(&self, c: usize) -> &[u32] {
        &self.members[self.starts[c]..self.starts[c + 1]]
    }

    /// The members of candidate `c`, as indices.
    fn people(&self, c: usize) -> impl Iterator<Item = usize> + '_ {
        self.group(c).iter().map(|&i| i as usize)
    }
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
                *ok = i != j && !pins_differ && !p.forbids(i, j);
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
    (counting_sets.saturating_mul(oneway_sets) <= MAX_SUBSETS)
        .then_some((counting, oneway, oneway_cap))
}

/// Whether the set-partitioning model may apply (the enumeration can still give up).
pub fn applies(p: &Problem) -> bool {
    shape(p).is_some()
}

/// Enumerates the candidate groups, or `None` when there would be too many or the time
/// limit `seconds` (counted on `clock`) runs out first.
fn candidates(p: &Problem, clock: &Clock, seconds: f64) -> Option<Candidates> {
    let (counting, oneway, oneway_cap) = shape(p)?;
    let (lo, hi) = (p.groups.size_lo, p.groups.size_hi);
    let pairing = Pairing::new(p);
    let width = component_names(p).len();
    let mut out = Candidates {
        members: Vec::new(),
        starts: vec![0],
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
        clock,
        seconds,
        visited: 0,
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
    clock: &'a Clock,
    seconds: f64,
    /// Groups looked at, to read the clock now and then.
    visited: u64,
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
        self.visited += 1;
        let late = self.visited.is_multiple_of(4096) && self.clock.seconds() >= self.seconds;
        if self.out.len() > MAX_CANDIDATES || late {
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
        let from = self.out.members.len();
        (self.out.members).extend(self.group.iter().map(|&i| i as u32));
        self.out.members[from..].sort_unstable();
        self.out.starts.push(self.out.members.len());
        self.out.cost.push(parts.iter().sum());
    }
}

/// Solves the problem as a set partition over enumerated groups, warm-started from
/// `start`. `None` when there are too many candidate groups for this model.
///
/// With many candidates (pairs of hundreds of people) the model is solved by pricing: the
/// linear relaxation over a few cheap groups per member is extended by every group of
/// negative reduced cost until none is left, which makes its value a bound for all groups;
/// the integer program then runs over the groups whose reduced cost is below the gap
/// between that bound and the best assignment, which no better assignment can avoid.
pub fn solve(p: &Problem, start: Option<&[usize]>, opts: &IlpOptions) -> Option<IlpOutcome> {
    solve_pricing_beyond(p, start, opts, DIRECT_COLUMNS)
}

/// [`solve`], pricing whenever there are more than `direct` candidates (so that tests can
/// check the priced model on rosters small enough for a brute-force answer).
pub fn solve_pricing_beyond(
    p: &Problem,
    start: Option<&[usize]>,
    opts: &IlpOptions,
    direct: usize,
) -> Option<IlpOutcome> {
    let clock = Clock(std::time::Instant::now());
    let cands = candidates(p, &clock, opts.time_limit)?;
    if cands.len() == 0 {
        // No group meets the per-group rules, so no assignment can.
        return Some(IlpOutcome::infeasible());
    }
    let start_cols = start.and_then(|s| start_columns(p, &cands, s));
    if cands.len() <= direct || !opts.objective {
        let all: Vec<usize> = (0..cands.len()).collect();
        let run = run_over(
            p,
            &cands,
            &all,
            true,
            start_cols.as_deref(),
            &clock.left(opts),
        );
        return Some(outcome(p, &cands, &all, run));
    }
    priced(p, &cands, &start_cols?, opts, &clock)
}

/// Candidates solved whole, without pricing.
const DIRECT_COLUMNS: usize = 40_000;

/// Most candidates of the integer program that closes a priced model's gap.
const MAX_CLOSURE: usize = 60_000;

/// Cheapest candidates per member that the priced model starts from.
const SEED_COLUMNS: usize = 12;

/// Builds the model over the candidates in `cols` (binary, or continuous in [0, 1]) and
/// runs HiGHS. Rows: one cover row per member, then the group count.
fn run_over(
    p: &Problem,
    cands: &Candidates,
    cols: &[usize],
    integer: bool,
    start: Option<&[f64]>,
    opts: &IlpOptions,
) -> super::HighsRun {
    let mut vars = ProblemVariables::new();
    let y: Vec<_> = cols
        .iter()
        .map(|_| {
            // The cover rows keep a column at most 1. An upper bound of its own would take a
            // share of the duals, which then no longer price the groups left out.
            let v = variable().min(0.0);
            vars.add(if integer { v.binary() } else { v })
        })
        .collect();
    let mut cover: Vec<Expression> = vec![Expression::from(0.0); p.n()];
    let mut count = Expression::from(0.0);
    let mut objective = Expression::from(0.0);
    for (k, &c) in cols.iter().enumerate() {
        for i in cands.people(c) {
            cover[i] += y[k];
        }
        count += y[k];
        objective += cands.cost[c] * y[k];
    }
    let mut constraints: Vec<_> = cover.into_iter().map(|e| e.eq(1.0)).collect();
    constraints.push(count.eq(p.groups.count as f64));
    let start = start.map(|full| cols.iter().map(|&c| full[c]).collect());
    run_highs(
        vars,
        opts.objective.then_some(objective),
        constraints,
        start,
        opts,
    )
}

fn outcome(p: &Problem, cands: &Candidates, cols: &[usize], run: super::HighsRun) -> IlpOutcome {
    let group_of = run.columns.as_ref().map(|values| {
        let mut group_of = vec![0; p.n()];
        let chosen = cols.iter().zip(values).filter(|(_, &v)| v > 0.5);
        for (k, (&c, _)) in chosen.enumerate() {
            for i in cands.people(c) {
                group_of[i] = k;
            }
        }
        group_of
    });
    run.outcome(group_of)
}

/// Reduced cost of every candidate under the duals of the cover rows and the count row.
fn reduced_costs(cands: &Candidates, duals: &[f64], sign: f64) -> Vec<f64> {
    let count_dual = sign * duals[duals.len() - 1];
    (0..cands.len())
        .map(|c| cands.cost[c] - count_dual - cands.people(c).map(|i| sign * duals[i]).sum::<f64>())
        .collect()
}

/// The priced set partition (see [`solve`]); needs a start assignment among the candidates.
fn priced(
    p: &Problem,
    cands: &Candidates,
    start: &[f64],
    opts: &IlpOptions,
    clock: &Clock,
) -> Option<IlpOutcome> {
    let mut active = seed_columns(p, cands, start);
    let (lower, rc) = price(p, cands, &mut active, start, opts, clock)?;
    // The integer program over the priced columns first: often it meets the bound at once.
    let cols = chosen(&active);
    let run = run_over(p, cands, &cols, true, Some(start), &clock.left(opts));
    let chosen_cost = |cols: &[usize], values: &[f64]| -> f64 {
        cols.iter()
            .zip(values)
            .filter(|(_, &v)| v > 0.5)
            .map(|(&c, _)| cands.cost[c])
            .sum()
    };
    let upper = match &run.columns {
        Some(values) => chosen_cost(&cols, values),
        None => chosen_cost(&(0..start.len()).collect::<Vec<_>>(), start),
    };
    let mut out = outcome(p, cands, &cols, run);
    if !(out.proven && upper <= lower + 1e-6) {
        // Every assignment better than `upper` uses only groups of reduced cost below the
        // gap; the integer program over those finds the optimum or proves there is none.
        // When the relaxation is weak that set is large; then the bound stays as it is.
        let closure = (0..rc.len()).filter(|&c| active[c] || rc[c] < upper - lower + 1e-6);
        let cols: Vec<usize> = closure.collect();
        if cols.len() <= MAX_CLOSURE {
            let run = run_over(p, cands, &cols, true, Some(start), &clock.left(opts));
            out = outcome(p, cands, &cols, run);
        } else {
            // The restricted program's bound holds for its own columns only.
            out.proven = false;
            out.bound = None;
        }
    }
    out.bound = Some(out.bound.map_or(lower, |b| b.max(lower)));
    Some(out)
}

/// When the model's run began, to share out what is left of the time limit.
struct Clock(std::time::Instant);

impl Clock {
    fn seconds(&self) -> f64 {
        self.0.elapsed().as_secs_f64()
    }

    /// `o` with the time limit that is left.
    fn left(&self, o: &IlpOptions) -> IlpOptions {
        IlpOptions {
            time_limit: (o.time_limit - self.0.elapsed().as_secs_f64()).max(0.01),
            ..o.clone()
        }
    }
}

/// The indices of the active columns.
fn chosen(active: &[bool]) -> Vec<usize> {
    (0..active.len()).filter(|&c| active[c]).collect()
}

/// The first columns: the start's groups, and each member's cheapest few.
fn seed_columns(p: &Problem, cands: &Candidates, start: &[f64]) -> Vec<bool> {
    let mut active: Vec<bool> = start.iter().map(|&v| v > 0.5).collect();
    let mut by_member: Vec<Vec<u32>> = vec![Vec::new(); p.n()];
    for c in 0..cands.len() {
        for i in cands.people(c) {
            by_member[i].push(c as u32);
        }
    }
    let cost = |c: u32| cands.cost[c as usize];
    for list in &mut by_member {
        list.sort_by(|&a, &b| cost(a).total_cmp(&cost(b)).then(a.cmp(&b)));
        list.iter()
            .take(SEED_COLUMNS)
            .for_each(|&c| active[c as usize] = true);
    }
    active
}

/// Column generation on the linear relaxation: adds the columns of most negative reduced
/// cost until none is left. Returns the relaxation's value (a lower bound) and every
/// column's reduced cost, or `None` when HiGHS gives no duals or time runs out.
fn price(
    p: &Problem,
    cands: &Candidates,
    active: &mut [bool],
    start: &[f64],
    opts: &IlpOptions,
    clock: &Clock,
) -> Option<(f64, Vec<f64>)> {
    let lp_opts = IlpOptions {
        max_nodes: u64::MAX,
        ..opts.clone()
    };
    loop {
        let cols = chosen(active);
        let run = run_over(p, cands, &cols, false, Some(start), &clock.left(&lp_opts));
        let (Some(values), Some(duals)) = (run.columns, run.row_duals) else {
            return None;
        };
        let lp: f64 = cols
            .iter()
            .zip(&values)
            .map(|(&c, v)| cands.cost[c] * v)
            .sum();
        let dual_value = |sign: f64| {
            sign * (duals[..p.n()].iter().sum::<f64>() + duals[p.n()] * p.groups.count as f64)
        };
        let sign = if (dual_value(1.0) - lp).abs() <= (dual_value(-1.0) - lp).abs() {
            1.0
        } else {
            -1.0
        };
        if (dual_value(sign) - lp).abs() > 1e-6 * lp.abs().max(1.0) {
            return None;
        }
        let rc = reduced_costs(cands, &duals, sign);
        let mut entering: Vec<usize> = (0..rc.len())
            .filter(|&c| !active[c] && rc[c] < -1e-9)
            .collect();
        if entering.is_empty() {
            return Some((lp, rc));
        }
        entering.sort_by(|&a, &b| rc[a].total_cmp(&rc[b]).then(a.cmp(&b)));
        entering.truncate(5 * p.n());
        entering.into_iter().for_each(|c| active[c] = true);
        if clock.seconds() >= opts.time_limit {
            return None;
        }
    }
}

/// The start assignment as column values, if each of its groups is a candidate.
fn start_columns(p: &Problem, cands: &Candidates, start: &[usize]) -> Option<Vec<f64>> {
    let mut groups = vec![Vec::new(); p.groups.count];
    for (i, &k) in start.iter().enumerate() {
        groups.get_mut(k)?.push(i as u32);
    }
    let mut cols = vec![0.0; cands.len()];
    for g in &groups {
        cols[(0..cands.len()).find(|&c| cands.group(c) == g.as_slice())?] = 1.0;
    }
    Some(cols)
}

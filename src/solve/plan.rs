//! Plans several future cycles at once (spec §3 `plan`), social-golfer style: one local
//! search over the group of every member in every planned cycle.
//!
//! The objective is the sum of the scores the cycles get when they happen in order: each
//! cycle's per-group terms, plus for each pair every meeting's diversity reward and repeat
//! cost, where the age of a meeting is counted from the pair's meeting before it (in an
//! earlier planned cycle or in the history), with the decay and lookback of
//! [`crate::model::build`]. A meeting within `forbid_within` cycles of the one before is a
//! broken rule. A pair's meetings over the planned cycles are kept as a bit mask, so the
//! change of a move or swap in one cycle costs O(group size).
//!
//! The search starts from one assignment per cycle found by [`super::search::search`] (or,
//! for a plain social golfer problem, from a greedy schedule), then runs a tabu search in
//! the manner of Dotú and Van Hentenryck's for the social golfer problem: each step takes
//! the best move or swap, within its cycle, of a member in a costly meeting (now and then
//! of any member, improvements only); a swap just made may not be made again for a random
//! tenure unless it beats the best plan found; a long run without improvement restores the
//! best plan and perturbs it. All randomness comes from the seed and the work limit counts
//! evaluations, so the same inputs give the same plan.

use super::search::{search, Budget};
use super::units::{units, Units};
use super::value::{add, better, sub, Value, EPS};
use super::{solve, Solution, SolveOptions, Status, Stopped};
use crate::error::infeasible;
use crate::model::problem::Problem;
use crate::model::rules::group_penalty_without_pairs;
use crate::model::score::{add_group_terms, component_names, tidy};
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::collections::HashMap;
use std::time::{Duration, Instant};

/// Most cycles planned at once (a pair's meetings are one bit per cycle).
pub const MAX_CYCLES: usize = 64;

/// Most eligible members planned at once (pair data is kept for every pair).
pub const MAX_MEMBERS: usize = 3_000;

/// Groups scanned per step when a cycle has more groups than this (a random sample).
const MAX_TARGETS: usize = 24;

/// Most foci evaluated in one step (a random sample of the units in costly meetings).
const MAX_FOCI: usize = 32;

/// Share of the steps that start from a costly meeting while there is one; the others
/// start from any member and only take an improving move.
const CONFLICT_SHARE: f64 = 0.9;

/// Tabu tenure range, in steps.
const TENURE: (u64, u64) = (10, 60);

/// Steps without a better plan before the best plan is restored and perturbed (plus 20 a
/// member).
const RESTART_STEPS: u64 = 500;

/// Evaluations without a better plan after which the search stops when no floor is known.
const STALE_EVALS: u64 = 5_000_000;

/// How a plan may be searched.
#[derive(Debug, Clone)]
pub struct PlanOptions {
    /// Cycles to plan (1 to [`MAX_CYCLES`]).
    pub cycles: usize,
    /// `repeats.lookback` of the config: meetings older than this many cycles are ignored.
    pub lookback: Option<u32>,
    /// Seed.
    pub seed: u64,
    /// Wall-clock safety net in seconds.
    pub time_limit: f64,
    /// Deterministic work limit, in evaluations.
    pub effort: u64,
}

/// A planned sequence of cycles.
#[derive(Debug, Clone)]
pub struct Plan {
    /// Group number of each member in each planned cycle (pinned members in their pinned
    /// group number).
    pub cycles: Vec<Vec<usize>>,
    /// The solver facts of the whole plan; its `objective` is the total over the cycles and
    /// its `group_of` is empty (the groups are in `cycles`).
    pub solution: Solution,
}

/// What each pair of members costs over the planned cycles.
struct Pairs {
    n: usize,
    /// Age of each pair's last meeting in the history within lookback (0 = none).
    hist: Vec<u32>,
    /// Diversity cost of each meeting of each pair (empty without diversity).
    div: Vec<f64>,
    /// Bit `c` set = the pair shares a group in planned cycle `c`.
    meet: Vec<u64>,
    /// (penalty, repeat cost) of a meeting at each age; ages past the end cost nothing.
    by_age: Vec<Value>,
}

impl Pairs {
    fn new(p: &Problem, lookback: Option<u32>) -> Self {
        let n = p.n();
        let len = n * n.saturating_sub(1) / 2;
        let mut pairs = Pairs {
            n,
            hist: vec![0; len],
            div: Vec::new(),
            meet: vec![0; len],
            by_age: Vec::new(),
        };
        let mut oldest = 0;
        for (&(i, j), &age) in &p.repeats.age {
            let k = pairs.index(i as usize, j as usize);
            pairs.hist[k] = age;
            oldest = oldest.max(age);
        }
        // Ages run up to the oldest history meeting plus the planned cycles.
        let lookback = lookback.unwrap_or(u32::MAX);
        let fw = p.repeats.forbid_within;
        pairs.by_age = (0..=oldest as usize + MAX_CYCLES)
            .map(|age| {
                let age = age as u32;
                if age == 0 || age > lookback {
                    return (0.0, 0.0);
                }
                let hard = f64::from(u8::from(fw > 0 && age <= fw));
                (hard, p.repeats.cost_at(age))
            })
            .collect();
        if let Some(d) = p.diversity.as_ref().filter(|d| d.weight > 0.0) {
            pairs.div = vec![0.0; len];
            for i in 0..n {
                for j in i + 1..n {
                    let k = pairs.index(i, j);
                    pairs.div[k] = -d.weight * d.distances.get(i, j);
                }
            }
        }
        pairs
    }

    /// The meeting costs with every repeat within lookback at full weight (no decay), when
    /// they differ from the score's.
    fn flat_repeats(&self, p: &Problem) -> Option<Vec<Value>> {
        let decay = p.repeats.decay;
        (p.repeats.weight > 0.0 && decay > 0.0 && decay < 1.0).then(|| {
            self.by_age
                .iter()
                .map(|&(hard, cost)| (hard, if cost > 0.0 { p.repeats.weight } else { 0.0 }))
                .collect()
        })
    }

    fn index(&self, i: usize, j: usize) -> usize {
        let (a, b) = if i < j { (i, j) } else { (j, i) };
        a * (2 * self.n - a - 1) / 2 + (b - a - 1)
    }

    /// What pair `k` costs when it meets in the planned cycles of `mask`.
    fn value(&self, k: usize, mask: u64) -> Value {
        let mut v = (0.0, 0.0);
        let div = self.div.get(k).copied().unwrap_or(0.0);
        let mut prev: Option<i64> = (self.hist[k] > 0).then(|| -i64::from(self.hist[k]));
        let mut bits = mask;
        while bits != 0 {
            let c = i64::from(bits.trailing_zeros());
            bits &= bits - 1;
            v.1 += div;
            if let Some(before) = prev {
                let age = (c - before) as usize;
                v = add(v, self.by_age[age]);
            }
            prev = Some(c);
        }
        v
    }

    /// Whether the meeting of pair `k` in cycle `c` costs something: without it the pair
    /// would cost less.
    fn costly(&self, k: usize, mask: u64, c: u32) -> bool {
        better(self.value(k, mask & !(1 << c)), self.value(k, mask))
    }
}

/// The plan being searched.
struct Joint<'a> {
    p: &'a Problem,
    units: Units,
    pairs: Pairs,
    cycles: usize,
    gcount: usize,
    /// Group of each unit in each cycle: `[c · units + u]`.
    ug: Vec<usize>,
    /// Members of each group of each cycle: `[c · gcount + g]`.
    groups: Vec<Vec<usize>>,
    /// Units of each group of each cycle: `[c · gcount + g]`.
    gunits: Vec<Vec<usize>>,
    /// Per-group (penalty, cost) of everything but the pair terms: `[c · gcount + g]`.
    base: Vec<Value>,
    /// Costly meetings of each member in each cycle: `[c · n + i]`.
    conflicts: Vec<u32>,
    /// The whole plan's (penalty, cost), kept up to date by every change.
    total: Value,
    /// Per-group terms depend on nothing but the number of ordinary members.
    sizes_only: bool,
    /// Ordinary members of each unit.
    counting: Vec<usize>,
    scratch: Vec<f64>,
    buf_a: Vec<usize>,
    buf_b: Vec<usize>,
    changed: Vec<(usize, usize)>,
    evals: u64,
}

impl<'a> Joint<'a> {
    fn new(p: &'a Problem, cycles: usize, lookback: Option<u32>) -> Self {
        let units = units(p);
        let gcount = p.groups.count;
        let counting = units
            .members
            .iter()
            .map(|m| m.iter().filter(|&&i| p.members[i].counts).count())
            .collect();
        let sizes_only = p.balance.is_empty()
            && p.similar.is_empty()
            && p.roles.is_empty()
            && p.apart.is_empty();
        Joint {
            p,
            pairs: Pairs::new(p, lookback),
            cycles,
            gcount,
            ug: vec![0; cycles * units.members.len()],
            groups: vec![Vec::new(); cycles * gcount],
            gunits: vec![Vec::new(); cycles * gcount],
            base: vec![(0.0, 0.0); cycles * gcount],
            conflicts: vec![0; cycles * p.n()],
            total: (0.0, 0.0),
            sizes_only,
            counting,
            units,
            scratch: vec![0.0; component_names(p).len()],
            buf_a: Vec::new(),
            buf_b: Vec::new(),
            changed: Vec::new(),
            evals: 0,
        }
    }

    fn nunits(&self) -> usize {
        self.units.members.len()
    }

    /// (penalty, cost) of a group's per-group terms.
    fn eval_base(&mut self, members: &[usize]) -> Value {
        self.scratch.iter_mut().for_each(|v| *v = 0.0);
        add_group_terms(self.p, members, &mut self.scratch, false);
        (
            group_penalty_without_pairs(self.p, members),
            self.scratch.iter().sum(),
        )
    }

    /// Sets the whole plan (`ug` as in [`Joint::ug`]) and recomputes everything.
    fn load(&mut self, ug: &[usize]) {
        self.ug.copy_from_slice(ug);
        self.groups.iter_mut().for_each(Vec::clear);
        self.gunits.iter_mut().for_each(Vec::clear);
        self.pairs.meet.iter_mut().for_each(|m| *m = 0);
        let nu = self.nunits();
        for c in 0..self.cycles {
            for u in 0..nu {
                let cell = c * self.gcount + self.ug[c * nu + u];
                self.groups[cell].extend_from_slice(&self.units.members[u]);
                self.gunits[cell].push(u);
            }
        }
        let mut base_total = (0.0, 0.0);
        for cell in 0..self.groups.len() {
            let mut members = std::mem::take(&mut self.groups[cell]);
            members.sort_unstable();
            self.base[cell] = self.eval_base(&members);
            base_total = add(base_total, self.base[cell]);
            let bit = 1u64 << (cell / self.gcount);
            for (x, &i) in members.iter().enumerate() {
                for &j in &members[x + 1..] {
                    let k = self.pairs.index(i, j);
                    self.pairs.meet[k] |= bit;
                }
            }
            self.groups[cell] = members;
        }
        // Pair values and costly meetings, afresh.
        self.conflicts.iter_mut().for_each(|x| *x = 0);
        let n = self.pairs.n;
        let mut pair_total = (0.0, 0.0);
        let mut k = 0;
        for i in 0..n {
            for j in i + 1..n {
                let mask = self.pairs.meet[k];
                if mask != 0 || !self.pairs.div.is_empty() {
                    pair_total = add(pair_total, self.pairs.value(k, mask));
                    self.count_conflicts(k, i, j, mask, 1);
                }
                k += 1;
            }
        }
        self.total = add(base_total, pair_total);
    }

    /// Adds `sign` to the costly-meeting counts of `i` and `j` for the meetings of `mask`.
    fn count_conflicts(&mut self, k: usize, i: usize, j: usize, mask: u64, sign: i32) {
        let n = self.pairs.n;
        let mut bits = mask;
        while bits != 0 {
            let c = bits.trailing_zeros();
            bits &= bits - 1;
            if self.pairs.costly(k, mask, c) {
                for m in [i, j] {
                    let cell = &mut self.conflicts[c as usize * n + m];
                    *cell = cell.wrapping_add_signed(sign);
                }
            }
        }
    }

    /// Change of the pair terms if `i` and `j` start or stop meeting in cycle `c`.
    fn pair_delta(&self, i: usize, j: usize, c: usize) -> Value {
        let k = self.pairs.index(i, j);
        let mask = self.pairs.meet[k];
        sub(
            self.pairs.value(k, mask ^ (1 << c)),
            self.pairs.value(k, mask),
        )
    }

    /// Starts or stops the meeting of `i` and `j` in cycle `c`.
    fn toggle(&mut self, i: usize, j: usize, c: usize) {
        let k = self.pairs.index(i, j);
        let old = self.pairs.meet[k];
        let new = old ^ (1 << c);
        self.count_conflicts(k, i, j, old, -1);
        self.total = add(
            self.total,
            sub(self.pairs.value(k, new), self.pairs.value(k, old)),
        );
        self.pairs.meet[k] = new;
        self.count_conflicts(k, i, j, new, 1);
    }

    /// Fills `out` with the pairs whose meeting in cycle `c` starts or stops when unit `u`
    /// leaves its group for group `h` and (if given) unit `v` leaves `h` for u's group.
    fn changed_pairs(
        &self,
        c: usize,
        u: usize,
        h: usize,
        v: Option<usize>,
        out: &mut Vec<(usize, usize)>,
    ) {
        let nu = self.nunits();
        let g = self.ug[c * nu + u];
        let (from, to) = (
            &self.groups[c * self.gcount + g],
            &self.groups[c * self.gcount + h],
        );
        let in_v = |x: usize| v.is_some_and(|v| self.units.unit_of[x] == v);
        out.clear();
        for &a in &self.units.members[u] {
            out.extend(
                from.iter()
                    .filter(|&&x| self.units.unit_of[x] != u)
                    .map(|&x| (a, x)),
            );
            out.extend(to.iter().filter(|&&y| !in_v(y)).map(|&y| (a, y)));
        }
        if let Some(v) = v {
            for &b in &self.units.members[v] {
                out.extend(
                    to.iter()
                        .filter(|&&y| self.units.unit_of[y] != v)
                        .map(|&y| (b, y)),
                );
                out.extend(
                    from.iter()
                        .filter(|&&x| self.units.unit_of[x] != u)
                        .map(|&x| (b, x)),
                );
            }
        }
    }

    /// Fills `buf` with group `cell` without unit `out` and with unit `add`.
    fn compose(&self, cell: usize, out: usize, add: Option<usize>, buf: &mut Vec<usize>) {
        buf.clear();
        buf.extend(
            self.groups[cell]
                .iter()
                .filter(|&&i| self.units.unit_of[i] != out),
        );
        if let Some(v) = add {
            buf.extend_from_slice(&self.units.members[v]);
        }
    }

    /// Change of the plan's value, and the two new base values, when in cycle `c` unit
    /// `u` moves to group `h` and (if given) unit `v` moves from `h` to u's group.
    fn delta(&mut self, c: usize, u: usize, h: usize, v: Option<usize>) -> (Value, Value, Value) {
        self.evals += 1;
        let g = self.ug[c * self.nunits() + u];
        let (cg, ch) = (c * self.gcount + g, c * self.gcount + h);
        let (new_g, new_h) =
            if self.sizes_only && v.is_some_and(|v| self.counting[v] == self.counting[u]) {
                (self.base[cg], self.base[ch])
            } else {
                let (mut a, mut b) = (
                    std::mem::take(&mut self.buf_a),
                    std::mem::take(&mut self.buf_b),
                );
                self.compose(cg, u, v, &mut a);
                match v {
                    Some(v) => self.compose(ch, v, Some(u), &mut b),
                    None => self.compose(ch, usize::MAX, Some(u), &mut b),
                }
                let values = (self.eval_base(&a), self.eval_base(&b));
                (self.buf_a, self.buf_b) = (a, b);
                values
            };
        let mut d = sub(add(new_g, new_h), add(self.base[cg], self.base[ch]));
        let mut changed = std::mem::take(&mut self.changed);
        self.changed_pairs(c, u, h, v, &mut changed);
        for &(i, j) in &changed {
            d = add(d, self.pair_delta(i, j, c));
        }
        self.changed = changed;
        (d, new_g, new_h)
    }

    /// Applies the change [`Joint::delta`] evaluated.
    fn apply(
        &mut self,
        c: usize,
        u: usize,
        h: usize,
        v: Option<usize>,
        new_g: Value,
        new_h: Value,
    ) {
        let nu = self.nunits();
        let g = self.ug[c * nu + u];
        let mut changed = std::mem::take(&mut self.changed);
        self.changed_pairs(c, u, h, v, &mut changed);
        for &(i, j) in &changed {
            self.toggle(i, j, c);
        }
        self.changed = changed;
        let (cg, ch) = (c * self.gcount + g, c * self.gcount + h);
        self.total = add(
            self.total,
            sub(add(new_g, new_h), add(self.base[cg], self.base[ch])),
        );
        self.base[cg] = new_g;
        self.base[ch] = new_h;
        self.shift(c, u, g, h);
        if let Some(v) = v {
            self.shift(c, v, h, g);
        }
    }

    /// Moves unit `u` from group `g` to group `h` of cycle `c` in the member lists.
    fn shift(&mut self, c: usize, u: usize, g: usize, h: usize) {
        let (cg, ch) = (c * self.gcount + g, c * self.gcount + h);
        let unit_of = &self.units.unit_of;
        self.groups[cg].retain(|&i| unit_of[i] != u);
        self.groups[ch].extend_from_slice(&self.units.members[u]);
        self.gunits[cg].retain(|&x| x != u);
        self.gunits[ch].push(u);
        let nu = self.nunits();
        self.ug[c * nu + u] = h;
    }

    /// Whether unit `u` may change group without a partner (sizes allow it).
    fn may_move(&self, u: usize) -> bool {
        self.p.groups.size_lo < self.p.groups.size_hi || self.counting[u] == 0
    }

    /// Group number of each member in each cycle.
    fn snapshot(&self) -> Vec<Vec<usize>> {
        let nu = self.nunits();
        (0..self.cycles)
            .map(|c| {
                let mut group_of = vec![0; self.p.n()];
                for u in 0..nu {
                    for &i in &self.units.members[u] {
                        group_of[i] = self.ug[c * nu + u];
                    }
                }
                group_of
            })
            .collect()
    }

    /// The penalty of the plan split into broken per-group rules and forbidden meetings.
    fn broken(&self) -> (f64, f64) {
        let groups: f64 = self.base.iter().map(|b| b.0).sum();
        (groups, self.total.0 - groups)
    }
}

/// The tabu search's memory: until which step each swap `(cycle, unit, unit)` (a move:
/// `(cycle, unit, unit)` with the same unit twice) may not be made again.
struct Tabu {
    until: HashMap<(usize, usize, usize), u64>,
    step: u64,
}

impl Tabu {
    fn key(c: usize, u: usize, v: Option<usize>) -> (usize, usize, usize) {
        let v = v.unwrap_or(u);
        (c, u.min(v), u.max(v))
    }

    fn held(&self, c: usize, u: usize, v: Option<usize>) -> bool {
        self.until
            .get(&Self::key(c, u, v))
            .is_some_and(|&t| t > self.step)
    }
}

/// Plans `opts.cycles` cycles of `p` (built with the real history), or explains why no
/// plan keeps every hard rule.
pub fn plan(p: &Problem, opts: &PlanOptions) -> anyhow::Result<Plan> {
    let started = Instant::now();
    let deadline = started + Duration::from_secs_f64(opts.time_limit.max(0.0));
    let cycles = opts.cycles;
    let floor = (!p.diversity.as_ref().is_some_and(|d| d.weight > 0.0)).then_some(0.0);
    let mut rng = ChaCha8Rng::seed_from_u64(opts.seed);
    let mut st = Joint::new(p, cycles, opts.lookback);

    let ug = if golfers(p, &st) {
        freedom_start(p, cycles, &mut rng)
    } else {
        first_cycles(p, opts, &st.units, floor, deadline)?
    };
    st.load(&ug);

    let effort = opts.effort.max(1);
    let mut stopped = Stopped::WorkLimit;
    let mut best = st.ug.clone();
    if let Some(flat) = st.pairs.flat_repeats(p) {
        // First with every repeat at full weight, which leads to plans without repeats
        // more directly; then on the score itself, from the best plan of the first part.
        let exact = std::mem::replace(&mut st.pairs.by_age, flat);
        st.load(&best);
        let half = Limits {
            effort: effort / 2,
            deadline: started + (deadline - started) / 2,
            floor,
        };
        (best, stopped) = tabu_search(&mut st, &mut rng, &half);
        st.pairs.by_age = exact;
        st.load(&best);
    }
    if stopped != Stopped::Proof {
        let rest = Limits {
            effort,
            deadline,
            floor,
        };
        (best, stopped) = tabu_search(&mut st, &mut rng, &rest);
    }
    st.load(&best);
    if st.total.0 > EPS {
        return Err(explain(p, opts, &st, stopped));
    }
    let objective = tidy(st.total.1);
    let status = if floor.is_some_and(|f| objective <= f + EPS) {
        stopped = Stopped::Proof;
        Status::Optimal
    } else {
        Status::Feasible
    };
    let bound = match status {
        Status::Optimal => Some(objective),
        Status::Feasible => floor.map(|f| tidy(f.min(objective))),
    };
    Ok(Plan {
        cycles: st.snapshot(),
        solution: Solution {
            group_of: Vec::new(),
            status,
            stopped,
            objective,
            bound,
            gap: bound.map(|b| tidy((objective - b) / objective.abs().max(1.0))),
            seconds: started.elapsed().as_secs_f64(),
        },
    })
}

/// Where a tabu search stops: the evaluation count (of the whole plan), the wall clock,
/// and a value no plan can beat.
struct Limits {
    effort: u64,
    deadline: Instant,
    floor: Option<f64>,
}

/// Tabu search from the plan in `st`; returns the best plan found (`ug` as in
/// [`Joint::ug`]) and what stopped the search.
fn tabu_search(st: &mut Joint, rng: &mut ChaCha8Rng, limits: &Limits) -> (Vec<usize>, Stopped) {
    let (n, nu) = (st.p.n(), st.nunits());
    let movable: Vec<usize> = (0..nu).filter(|&u| st.units.pinned[u].is_none()).collect();
    let mut tabu = Tabu {
        until: HashMap::new(),
        step: 0,
    };
    let restart_after = RESTART_STEPS + 20 * n as u64;
    let mut best = (st.total, st.ug.clone());
    let mut improved_step = 0;
    let mut improved_evals = st.evals;
    let at_floor = |v: Value| v.0 <= EPS && limits.floor.is_some_and(|f| v.1 <= f + EPS);
    let mut stopped = Stopped::WorkLimit;
    let mut foci: Vec<(usize, usize)> = Vec::new();
    while movable.len() > 1 || (movable.len() == 1 && st.may_move(movable[0])) {
        if at_floor(best.0) {
            stopped = Stopped::Proof;
            break;
        }
        let stale = limits.floor.is_none() && st.evals - improved_evals >= STALE_EVALS;
        if st.evals >= limits.effort || stale {
            break;
        }
        if tabu.step % 64 == 0 && Instant::now() >= limits.deadline {
            stopped = Stopped::TimeLimit;
            break;
        }
        tabu.step += 1;
        // The foci: the units in a costly meeting, or now and then any one unit.
        foci.clear();
        if rng.gen_bool(CONFLICT_SHARE) {
            for (cell, &x) in st.conflicts.iter().enumerate() {
                let u = st.units.unit_of[cell % n];
                if x > 0 && st.units.pinned[u].is_none() {
                    foci.push((cell / n, u));
                }
            }
            foci.dedup();
            if foci.len() > MAX_FOCI {
                foci.shuffle(rng);
                foci.truncate(MAX_FOCI);
            }
        }
        let walk = !foci.is_empty();
        if !walk {
            foci.push((
                rng.gen_range(0..st.cycles),
                movable[rng.gen_range(0..movable.len())],
            ));
        }
        step(st, &mut tabu, rng, &foci, walk, best.0);
        if better(st.total, best.0) {
            best = (st.total, st.ug.clone());
            improved_step = tabu.step;
            improved_evals = st.evals;
        } else if tabu.step - improved_step > restart_after {
            st.load(&best.1);
            perturb(st, &movable, rng);
            tabu.until.clear();
            improved_step = tabu.step;
        }
    }
    if at_floor(best.0) {
        stopped = Stopped::Proof;
    }
    (best.1, stopped)
}

/// A move or swap found by a step: (change, cycle, unit, target group, partner unit,
/// new base values of the two groups).
type Choice = (Value, usize, usize, usize, Option<usize>, Value, Value);

/// One step from the foci `(cycle, unit)`: the best non-tabu move or swap of a focus unit
/// within its cycle (a tabu one when it beats `best`). A `walk` step takes it even when
/// it is worse; otherwise only an improvement is taken.
fn step(
    st: &mut Joint,
    tabu: &mut Tabu,
    rng: &mut ChaCha8Rng,
    foci: &[(usize, usize)],
    walk: bool,
    best: Value,
) {
    let nu = st.nunits();
    let mut chosen: Option<Choice> = None;
    let mut ties = 0u32;
    let mut targets = Vec::new();
    let mut options = Vec::new();
    for &(c, u) in foci {
        let g = st.ug[c * nu + u];
        targets.clear();
        targets.extend((0..st.gcount).filter(|&h| h != g));
        if targets.len() > MAX_TARGETS {
            targets.shuffle(rng);
            targets.truncate(MAX_TARGETS);
        }
        for &h in &targets {
            options.clear();
            options.extend(
                st.gunits[c * st.gcount + h]
                    .iter()
                    .copied()
                    .filter(|&v| st.units.pinned[v].is_none())
                    .map(Some),
            );
            if st.may_move(u) {
                options.push(None);
            }
            for &v in &options {
                let (d, a, b) = st.delta(c, u, h, v);
                if tabu.held(c, u, v) && !better(add(st.total, d), best) {
                    continue;
                }
                let take = match &chosen {
                    None => true,
                    Some((cur, ..)) if better(d, *cur) => {
                        ties = 0;
                        true
                    }
                    Some((cur, ..)) if !better(*cur, d) => {
                        ties += 1;
                        rng.gen_range(0..=ties) == 0
                    }
                    _ => false,
                };
                if take {
                    chosen = Some((d, c, u, h, v, a, b));
                }
            }
        }
    }
    let Some((d, c, u, h, v, a, b)) = chosen else {
        return;
    };
    if !walk && !better(d, (0.0, 0.0)) {
        return;
    }
    st.apply(c, u, h, v, a, b);
    let tenure = rng.gen_range(TENURE.0..=TENURE.1);
    tabu.until.insert(Tabu::key(c, u, v), tabu.step + tenure);
}

/// A first assignment of every cycle (`ug` as in [`Joint::ug`]), one after the other as
/// `rotate` would form them: each by the one-cycle search on the problem with the cycles
/// before it as history. When the first cycle alone breaks a rule, the solver explains why
/// (or finds one that does not).
fn first_cycles(
    p: &Problem,
    opts: &PlanOptions,
    units: &Units,
    floor: Option<f64>,
    deadline: Instant,
) -> anyhow::Result<Vec<usize>> {
    let cycles = opts.cycles;
    let budget = Budget {
        max_evals: (opts.effort / (2 * cycles as u64)).max(1_000),
        max_stale_rounds: 50,
        min_stale_evals: 0,
        deadline,
        floor,
    };
    let nu = units.members.len();
    let mut ug = vec![0; cycles * nu];
    let mut earlier: Vec<Vec<usize>> = Vec::new();
    for c in 0..cycles {
        let q = problem_at(p, &earlier, opts.lookback);
        let first = search(&q, opts.seed.wrapping_add(c as u64), &budget, None);
        let found = if first.penalty > 0.0 && c == 0 {
            let options = SolveOptions {
                seed: opts.seed,
                time_limit: opts.time_limit,
                effort: opts.effort,
            };
            solve(p, &options)?.group_of
        } else {
            first.group_of
        };
        for u in 0..nu {
            ug[c * nu + u] = found[units.members[u][0]];
        }
        earlier.push(found);
    }
    Ok(ug)
}

/// The problem as it will stand after the planned cycles `earlier` (the group of each
/// member in each) have happened: their meetings join the history's, with the same ages
/// and lookback as [`crate::model::build`] gives them.
fn problem_at(p: &Problem, earlier: &[Vec<usize>], lookback: Option<u32>) -> Problem {
    let c = earlier.len() as u32;
    let lookback = lookback.unwrap_or(u32::MAX);
    let mut age: HashMap<(u32, u32), u32> = p
        .repeats
        .age
        .iter()
        .map(|(&k, &a)| (k, a.saturating_add(c)))
        .filter(|&(_, a)| a <= lookback)
        .collect();
    for (x, group_of) in earlier.iter().enumerate() {
        let a = c - x as u32;
        if a > lookback {
            continue;
        }
        let mut groups = vec![Vec::new(); p.groups.count];
        for (i, &g) in group_of.iter().enumerate() {
            groups[g].push(i as u32);
        }
        for g in &groups {
            for (y, &i) in g.iter().enumerate() {
                for &j in &g[y + 1..] {
                    let e = age.entry((i, j)).or_insert(a);
                    *e = (*e).min(a);
                }
            }
        }
    }
    let mut met = vec![Vec::new(); p.n()];
    for (&(i, j), &a) in &age {
        met[i as usize].push((j, a));
        met[j as usize].push((i, a));
    }
    met.iter_mut().for_each(|m| m.sort_unstable());
    let mut q = p.clone();
    q.repeats.age = age;
    q.repeats.met = met;
    q
}

/// Whether the plan is a social golfer problem: single members, no pins, and per-group
/// terms that depend on sizes only; then [`freedom_start`] gives the first assignment.
fn golfers(p: &Problem, st: &Joint) -> bool {
    st.sizes_only
        && p.n() <= 128
        && st.units.members.len() == p.n()
        && st.units.pinned.iter().all(Option::is_none)
        && p.members.iter().all(|m| m.counts)
}

/// Members as a bit set.
type Set = u128;

/// A first assignment of every cycle, one after the other, by Triska and Musliu's greedy
/// heuristic for the social golfer problem: each group is filled two members at a time,
/// with members who have not met each other or the group, choosing the two that leave the
/// group the most *freedom* (members still free to join it without meeting anyone again).
/// Returns `ug` as in [`Joint::ug`] (a member is its own unit).
fn freedom_start(p: &Problem, cycles: usize, rng: &mut ChaCha8Rng) -> Vec<usize> {
    let n = p.n();
    let mut ug = vec![0; cycles * n];
    let gcount = p.groups.count;
    let mut met: Vec<Set> = vec![0; n];
    for &(i, j) in p.repeats.age.keys() {
        met[i as usize] |= 1 << j;
        met[j as usize] |= 1 << i;
    }
    // Even sizes: the first n mod G groups take one more.
    let sizes: Vec<usize> = (0..gcount)
        .map(|g| n / gcount + usize::from(g < n % gcount))
        .collect();
    let everyone: Set = if n == 128 { !0 } else { (1 << n) - 1 };
    for c in 0..cycles {
        let mut free = everyone;
        for (g, &size) in sizes.iter().enumerate() {
            let mut group: Set = 0;
            let mut filled = 0;
            while filled < size {
                let take = if size - filled >= 2 { 2 } else { 1 };
                let pick = best_addition(&met, everyone, free, group, take, rng);
                for &i in &pick {
                    group |= 1 << i;
                    free &= !(1 << i);
                    ug[c * n + i] = g;
                }
                filled += pick.len();
            }
            // Everyone in the group has now met everyone else in it.
            let mut bits = group;
            while bits != 0 {
                let i = bits.trailing_zeros() as usize;
                bits &= bits - 1;
                met[i] |= group & !(1 << i);
            }
        }
    }
    ug
}

/// The `take` (1 or 2) `free` members to add to `group`: fewest new repeats first, then
/// the most freedom (members of `everyone` neither of them has met), ties at random.
fn best_addition(
    met: &[Set],
    everyone: Set,
    free: Set,
    group: Set,
    take: usize,
    rng: &mut ChaCha8Rng,
) -> Vec<usize> {
    let members = |mut s: Set| {
        let mut out = Vec::new();
        while s != 0 {
            out.push(s.trailing_zeros() as usize);
            s &= s - 1;
        }
        out
    };
    let pool = members(free);
    let mut best: Option<((u32, i64), Vec<usize>)> = None;
    let mut ties = 0u32;
    let mut consider = |pick: Vec<usize>, rng: &mut ChaCha8Rng| {
        let (mut g, mut joined, mut their) = (group, 0, 0);
        let mut repeats = 0;
        for &i in &pick {
            repeats += (met[i] & g).count_ones();
            g |= 1 << i;
            joined |= 1 << i;
            their |= met[i];
        }
        let freedom = i64::from((everyone & !joined & !their).count_ones());
        let key = (repeats, -freedom);
        match &best {
            Some((k, _)) if key > *k => {}
            Some((k, _)) if key == *k => {
                ties += 1;
                if rng.gen_range(0..=ties) == 0 {
                    best = Some((key, pick));
                }
            }
            _ => {
                ties = 0;
                best = Some((key, pick));
            }
        }
    };
    if take == 2 && pool.len() >= 2 {
        for (x, &i) in pool.iter().enumerate() {
            for &j in &pool[x + 1..] {
                consider(vec![i, j], rng);
            }
        }
    } else {
        for &i in &pool {
            consider(vec![i], rng);
        }
    }
    best.map(|(_, pick)| pick).unwrap_or_default()
}

/// A kick: a few random swaps of units within random cycles, applied whatever they cost.
fn perturb(st: &mut Joint, movable: &[usize], rng: &mut ChaCha8Rng) {
    let nu = st.nunits();
    let kicks = rng.gen_range(1..=(st.cycles * movable.len() / 40).max(3));
    for _ in 0..kicks {
        let c = rng.gen_range(0..st.cycles);
        let u = movable[rng.gen_range(0..movable.len())];
        let v = movable[rng.gen_range(0..movable.len())];
        let h = st.ug[c * nu + v];
        if st.ug[c * nu + u] == h {
            continue;
        }
        let (_, a, b) = st.delta(c, u, h, Some(v));
        st.apply(c, u, h, Some(v), a, b);
    }
}

/// Why no plan was found: the rules the best plan still broke, a counting argument when
/// `forbid_within` makes the request impossible, and what to relax.
fn explain(p: &Problem, opts: &PlanOptions, st: &Joint, stopped: Stopped) -> anyhow::Error {
    let (groups, meetings) = st.broken();
    let n = p.n();
    let partners = p.groups.size_lo.saturating_sub(1);
    let fw = p.repeats.forbid_within;
    let mut details = Vec::new();
    // Within forbid_within + 1 consecutive cycles everyone needs new group-mates each time.
    let window = if fw == 0 {
        1
    } else {
        (fw as usize).min(opts.cycles - 1) + 1
    };
    let most = (n - 1).checked_div(partners).unwrap_or(usize::MAX);
    let proven = fw > 0 && window > most;
    if proven {
        details.push(format!(
            "forbid_within: each of {n} members meets at least {partners} others per cycle, so {window} cycles within forbid_within need {} distinct group-mates, but there are only {} others",
            window * partners,
            n - 1
        ));
        if (fw as usize) >= opts.cycles - 1 {
            details.push(format!(
                "plan at most {most} cycles (--cycles {most}), or make repeats soft: repeats.forbid_within = 0 with repeats.weight > 0 (the plan then has as few repeats as it can)"
            ));
        } else {
            details.push(format!(
                "lower repeats.forbid_within to {} or less, or set it to 0 with repeats.weight > 0 (repeats become a cost instead of a rule)",
                most.saturating_sub(1)
            ));
        }
    } else {
        let limit = match stopped {
            Stopped::TimeLimit => format!("the time limit of {} s", opts.time_limit),
            _ => format!("the work limit of {} evaluations", opts.effort),
        };
        details.push(format!(
            "the best plan found within {limit} still had {} forbidden meeting(s) and {} broken per-group rule(s) (sizes, caps, spreads, roles, apart)",
            tidy(meetings),
            tidy(groups)
        ));
        details.push(format!(
            "raise --effort or --time-limit, plan fewer cycles than {}, or relax a hard rule (forbid_within, caps, max_spread, apart, pins)",
            opts.cycles
        ));
    }
    let summary = if proven {
        format!("no plan of {} cycles can keep every hard rule", opts.cycles)
    } else {
        format!(
            "no plan of {} cycles keeping every hard rule was found",
            opts.cycles
        )
    };
    infeasible(summary, details)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::rules::group_penalty;
    use crate::model::score::score;
    use crate::model::testing::{problem, HISTORY};

    const ROSTER: &str = "id,prof\na,x\nb,y\nc,x\nd,z\ne,y\nf,x\n";
    const IDS: [&str; 6] = ["a", "b", "c", "d", "e", "f"];

    fn config(forbid_within: &str) -> String {
        format!(
            "[groups]\nmin_size = 3\nmax_size = 3\n[diversity]\ncolumns = [\"prof\"]\nweight = 0.5\n\
             [repeats]\nweight = 3\ndecay = 0.5\nlookback = 4\nforbid_within = {forbid_within}\n"
        )
    }

    /// The value of a plan the slow way: each cycle built with the history and the planned
    /// cycles before it, scored and penalised by the shared functions.
    fn replayed(toml: &str, plan: &[Vec<usize>]) -> Value {
        let mut history = HISTORY.to_string();
        let mut v = (0.0, 0.0);
        for (c, group_of) in plan.iter().enumerate() {
            let p = problem(toml, ROSTER, &history, None);
            let mut groups = vec![Vec::new(); p.groups.count];
            for (i, &g) in group_of.iter().enumerate() {
                groups[g].push(i);
            }
            v.1 += score(&p, &groups).total;
            v.0 += groups.iter().map(|g| group_penalty(&p, g)).sum::<f64>();
            for (i, &g) in group_of.iter().enumerate() {
                history.push_str(&format!("p{c},G{g},{}\n", IDS[i]));
            }
        }
        v
    }

    fn close(a: Value, b: Value) -> bool {
        (a.0 - b.0).abs() < 1e-6 && (a.1 - b.1).abs() < 1e-6
    }

    #[test]
    fn incremental_value_is_the_cycles_replayed_in_order() {
        for fw in ["0", "1", "\"all\""] {
            let toml = config(fw);
            let p = problem(&toml, ROSTER, HISTORY, None);
            let cycles = 5;
            let mut st = Joint::new(&p, cycles, Some(4));
            let mut rng = ChaCha8Rng::seed_from_u64(7);
            let ug: Vec<usize> = (0..cycles)
                .flat_map(|_| {
                    let mut g = vec![0, 0, 0, 1, 1, 1];
                    g.shuffle(&mut rng);
                    g
                })
                .collect();
            st.load(&ug);
            assert!(close(st.total, replayed(&toml, &st.snapshot())), "{fw}");
            for _ in 0..150 {
                let c = rng.gen_range(0..cycles);
                let (u, v) = (rng.gen_range(0..6), rng.gen_range(0..6));
                let h = st.ug[c * 6 + v];
                if st.ug[c * 6 + u] == h {
                    continue;
                }
                let before = st.total;
                let (d, a, b) = st.delta(c, u, h, Some(v));
                st.apply(c, u, h, Some(v), a, b);
                assert!(close(st.total, add(before, d)), "{fw}");
                assert!(close(st.total, replayed(&toml, &st.snapshot())), "{fw}");
                // The costly-meeting counts are those of a fresh load.
                let kept = st.conflicts.clone();
                let ug = st.ug.clone();
                st.load(&ug);
                assert_eq!(kept, st.conflicts, "{fw}");
            }
        }
    }

    /// Nine people in groups of three: four cycles without a repeat exist (the affine plane
    /// of order 3), five cannot.
    #[test]
    fn nine_golfers_meet_once_over_four_cycles_and_not_five() {
        let roster = "id\n1\n2\n3\n4\n5\n6\n7\n8\n9\n";
        let toml = "[groups]\nmin_size = 3\nmax_size = 3\n[repeats]\nforbid_within = \"all\"\n";
        let p = problem(toml, roster, "", None);
        let opts = |cycles| PlanOptions {
            cycles,
            lookback: None,
            seed: 1,
            time_limit: 60.0,
            effort: 2_000_000,
        };
        let found = plan(&p, &opts(4)).expect("a plan");
        assert_eq!(found.solution.status, Status::Optimal);
        let mut met = std::collections::HashSet::new();
        for group_of in &found.cycles {
            for i in 0..9 {
                for j in i + 1..9 {
                    if group_of[i] == group_of[j] {
                        assert!(met.insert((i, j)), "{i} and {j} meet twice");
                    }
                }
            }
        }
        assert_eq!(met.len(), 36);
        let err = plan(&p, &opts(5)).expect_err("five cycles are impossible");
        let text = format!("{err:#}");
        assert!(text.contains("--cycles 4"), "{text}");
        assert_eq!(
            crate::error::exit_code_of(&err),
            crate::exit_code::INFEASIBLE
        );
    }
}

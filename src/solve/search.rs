//! A seeded local search over complete assignments: greedy construction, then moves and
//! swaps of units (together-sets move as one; pinned members never move), and perturbation
//! to leave local optima. It minimises the hard-rule penalty first and the score second, so
//! it also serves to find a first feasible assignment.
//!
//! Evaluation is incremental. Pair terms (diversity, repeats, forbidden pairs) are kept as
//! per-member sums over each group, so a move or swap costs O(1) for them; the per-group
//! terms (balance, similarity, sizes, caps) are re-evaluated on the two groups touched only.

mod anneal;

use super::pair_sums::PairSums;
use super::units::{units, Units};
use super::value::{add, better, sub, Value, EPS};
use crate::model::grouping::groups_of;
use crate::model::problem::Problem;
use crate::model::rules::group_penalty_without_pairs;
use crate::model::score::{add_group_terms, component_names, score};
use crate::model::terms::{PairScope, SoftTerm, Term};
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::time::Instant;

/// Groups scanned per unit when there are more groups than this (a random sample).
const MAX_TARGETS: usize = 24;

/// Limits of one search: a deterministic count of evaluations and a wall-clock safety net.
#[derive(Debug, Clone)]
pub struct Budget {
    /// Neighbour evaluations allowed.
    pub max_evals: u64,
    /// Perturbation rounds without improvement before the search stops...
    pub max_stale_rounds: u32,
    /// ...once at least this many evaluations have passed without improvement.
    pub min_stale_evals: u64,
    /// Wall-clock deadline.
    pub deadline: Instant,
    /// A score no assignment can beat: reaching it with no broken rule ends the search.
    pub floor: Option<f64>,
    /// Whether only the time limit (or the floor) ends the search while its best
    /// assignment breaks a hard rule, as when no exact method follows it.
    pub persist: bool,
    /// How the search leaves a local optimum.
    pub escape: Escape,
}

/// How the search leaves a local optimum.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Escape {
    /// A few random swaps from the best assignment.
    Kick,
    /// A tabu walk: each step the best move or swap not recently made, worse or not.
    Tabu,
    /// An annealing walk: random moves and swaps, the worse ones taken with a chance that
    /// falls as the walk cools (`search/anneal.rs`).
    Anneal,
}

/// Why the search ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SearchStop {
    /// Ran out of evaluations or stale rounds (deterministic).
    Work,
    /// Reached the floor: the answer is optimal.
    Floor,
    /// Hit the wall-clock deadline.
    Time,
}

/// The best assignment found.
#[derive(Debug, Clone)]
pub struct SearchOutcome {
    /// Group number of each member.
    pub group_of: Vec<usize>,
    /// Hard-rule penalty (0 = every per-group rule holds).
    pub penalty: f64,
    /// Score.
    pub score: f64,
    /// Why it stopped.
    pub stop: SearchStop,
}

/// Largest roster with a term pricing every pair whose pair terms are all stored: beyond
/// it they would take n² entries (1.6 GB at 10,000 members), so they are computed when
/// needed.
const MAX_STORED_DENSE: usize = 3_000;

/// The pair terms: for each member, the partners with a non-zero soft cost or a forbidden
/// meeting, as (partner, cost, forbidden), sorted by partner. With a term pricing every
/// pair (diversity) on a large roster only the listed partners (those met before) are
/// stored, and the every-pair part is computed afresh, in the same order and arithmetic (so
/// the sums are the same).
struct PairTerms<'a> {
    adj: Vec<Vec<(u32, f64, bool)>>,
    /// Whether `adj` lists every other member for each member (every pair priced, stored).
    every_stored: bool,
    /// When the every-pair terms are computed rather than stored: those terms, and `adj`
    /// holds only the listed part of the listed partners.
    computed: Option<Dense<'a>>,
}

/// The terms pricing every pair, computed when needed.
struct Dense<'a> {
    n: usize,
    terms: Vec<&'a Term>,
}

impl Dense<'_> {
    #[inline]
    fn cost(&self, i: usize, j: usize) -> f64 {
        self.terms.iter().map(|t| t.pair_cost(i, j)).sum()
    }
}

impl<'a> PairTerms<'a> {
    fn new(p: &'a Problem) -> Self {
        Self::with_mode(p, Self::computes_dense(p))
    }

    /// Whether the every-pair part of the pair terms is computed when needed rather than
    /// stored (a large roster with a diversity term).
    fn computes_dense(p: &Problem) -> bool {
        p.prices_every_pair() && p.n() > MAX_STORED_DENSE
    }

    /// The pair terms, with the every-pair part computed when needed when `computed`.
    fn with_mode(p: &'a Problem, computed: bool) -> Self {
        let n = p.n();
        let mut adj: Vec<Vec<(u32, f64, bool)>> = vec![Vec::new(); n];
        let every_stored = p.prices_every_pair() && !computed;
        let mut push = |i: usize, j: usize| {
            let c = if computed {
                p.listed_pair_cost(i, j)
            } else {
                p.pair_cost(i, j)
            };
            let f = p.forbids(i, j);
            if computed || every_stored || c != 0.0 || f {
                adj[i].push((j as u32, c, f));
                adj[j].push((i as u32, c, f));
            }
        };
        if every_stored {
            for i in 0..n {
                for j in i + 1..n {
                    push(i, j);
                }
            }
        } else {
            for (i, j) in p.listed_pairs() {
                push(i as usize, j as usize);
            }
        }
        for a in &mut adj {
            a.sort_by_key(|e| e.0);
        }
        let every = (p.terms.iter()).filter(|t| t.pair_scope() == PairScope::Every);
        PairTerms {
            adj,
            every_stored,
            computed: computed.then(|| Dense {
                n,
                terms: every.collect(),
            }),
        }
    }

    fn between(&self, i: usize, j: usize) -> (f64, bool) {
        if self.every_stored {
            // Every partner is listed, in order: j sits at j, or j − 1 past i.
            let e = self.adj[i][j - usize::from(j > i)];
            return (e.1, e.2);
        }
        let stored = match self.adj[i].binary_search_by_key(&(j as u32), |e| e.0) {
            Ok(k) => (self.adj[i][k].1, self.adj[i][k].2),
            Err(_) => (0.0, false),
        };
        match &self.computed {
            Some(dense) => (dense.cost(i, j) + stored.0, stored.1),
            None => stored,
        }
    }

    /// Calls `f(j, cost, forbidden)` for each partner `j` of `i` with a non-zero cost or a
    /// forbidden meeting, in increasing `j`.
    fn for_each(&self, i: usize, mut f: impl FnMut(usize, f64, bool)) {
        let Some(dense) = &self.computed else {
            for &(j, c, x) in &self.adj[i] {
                if c != 0.0 || x {
                    f(j as usize, c, x);
                }
            }
            return;
        };
        let met = &self.adj[i];
        let mut k = 0;
        for j in 0..dense.n {
            if j == i {
                continue;
            }
            let every = dense.cost(i, j);
            let (listed, forbidden) = match met.get(k) {
                Some(&(m, r, x)) if m as usize == j => {
                    k += 1;
                    (r, x)
                }
                _ => (0.0, false),
            };
            let c = every + listed;
            if c != 0.0 || forbidden {
                f(j, c, forbidden);
            }
        }
    }
}

struct State<'a> {
    p: &'a Problem,
    units: Units,
    gcount: usize,
    unit_group: Vec<usize>,
    groups: Vec<Vec<usize>>,
    group_units: Vec<Vec<usize>>,
    /// Per-group (penalty, cost) of everything but the pair terms.
    base: Vec<Value>,
    pairs: Option<PairTerms<'a>>,
    /// For member i and group g: Σ over members j of g of the soft pair cost c_ij, and
    /// the number of members of g that i may not meet.
    sums: PairSums,
    /// Per unit: (soft cost, forbidden count) of the pairs inside it.
    inner: Vec<Value>,
    scratch: Vec<f64>,
    buf_a: Vec<usize>,
    buf_b: Vec<usize>,
    evals: u64,
    /// Swaps priced by [`State::swap_by_pairs`], [`PAIR_SWAPS_PER_EVAL`] to an evaluation.
    pair_swaps: u64,
    /// Home group of each member (empty = none): leaving it counts as a move.
    home: Vec<Option<usize>>,
    /// The home each group counts as (empty = itself).
    counts_as: Vec<usize>,
    /// Penalty of one move: below one broken rule even when everyone moves.
    move_cost: f64,
    /// Per unit, how many of its members count toward group size.
    unit_size: Vec<usize>,
    /// Whether a group's base value depends on that count alone (no group terms, role
    /// limits or apart sets): a swap of two units of equal count then leaves both groups'
    /// base values as they are.
    sized_by_count: bool,
    /// Whether every unit is one member (unit `u` is member `u`).
    solo: bool,
}

impl<'a> State<'a> {
    fn new(p: &'a Problem) -> Self {
        let sums = if p.has_pair_terms() && PairTerms::computes_dense(p) {
            PairSums::Direct
        } else if p.has_pair_terms() {
            PairSums::new(p.n(), p.groups.count)
        } else {
            PairSums::with_layout(0, 0, false)
        };
        Self::with_sums(p, sums)
    }

    /// The state with the given (zero) pair sums.
    fn with_sums(p: &'a Problem, sums: PairSums) -> Self {
        let units = units(p);
        let solo = units.members.len() == p.n();
        let gcount = p.groups.count;
        let pairs = p.has_pair_terms().then(|| PairTerms::new(p));
        let unit_size = (units.members.iter())
            .map(|m| m.iter().filter(|&&i| p.members[i].counts).count())
            .collect();
        let inner = units
            .members
            .iter()
            .map(|m| {
                let mut v = (0.0, 0.0);
                if let Some(pt) = &pairs {
                    for (x, &i) in m.iter().enumerate() {
                        for &j in &m[x + 1..] {
                            let (c, f) = pt.between(i, j);
                            v = add(v, (f64::from(u8::from(f)), c));
                        }
                    }
                }
                v
            })
            .collect();
        State {
            p,
            gcount,
            unit_group: vec![usize::MAX; units.members.len()],
            units,
            groups: vec![Vec::new(); gcount],
            group_units: vec![Vec::new(); gcount],
            base: vec![(0.0, 0.0); gcount],
            pairs,
            sums,
            inner,
            scratch: vec![0.0; component_names(p).len()],
            buf_a: Vec::new(),
            buf_b: Vec::new(),
            evals: 0,
            pair_swaps: 0,
            home: Vec::new(),
            counts_as: Vec::new(),
            move_cost: 1.0 / (p.n() + 1) as f64,
            unit_size,
            sized_by_count: priced_by_pairs(p),
            solo,
        }
    }

    /// Work done, in evaluations of the work limit.
    fn work(&self) -> u64 {
        self.evals + self.pair_swaps / PAIR_SWAPS_PER_EVAL
    }

    /// Penalty of the moves of unit `u` when it is in group `g` (0 without homes).
    fn moves(&self, u: usize, g: usize) -> f64 {
        if self.home.is_empty() {
            return 0.0;
        }
        let g = self.counts_as[g];
        let away = self.units.members[u]
            .iter()
            .filter(|&&i| self.home[i].is_some_and(|h| h != g))
            .count();
        away as f64 * self.move_cost
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

    /// Pair terms between unit `u` and the members of group `g` (u's own members included
    /// when u is in g).
    fn unit_pairs(&self, u: usize, g: usize) -> Value {
        if self.pairs.is_none() {
            return (0.0, 0.0);
        }
        self.units.members[u].iter().fold((0.0, 0.0), |v, &i| {
            let (f, c) = self.sum(i, g);
            add(v, (f64::from(f), c))
        })
    }

    /// (forbidden count, soft cost) of member `i` with the members of group `g` but itself.
    fn sum(&self, i: usize, g: usize) -> (u32, f64) {
        match (&self.sums, &self.pairs) {
            (PairSums::Direct, Some(pt)) => {
                self.groups[g]
                    .iter()
                    .filter(|&&j| j != i)
                    .fold((0, 0.0), |(f, c), &j| {
                        let (cj, fj) = pt.between(i, j);
                        (f + u32::from(fj), c + cj)
                    })
            }
            _ => self.sums.get(i, g),
        }
    }

    /// Pair terms between two units.
    fn cross_pairs(&self, u: usize, v: usize) -> Value {
        let Some(pt) = &self.pairs else {
            return (0.0, 0.0);
        };
        let mut out = (0.0, 0.0);
        for &i in &self.units.members[u] {
            for &j in &self.units.members[v] {
                let (c, f) = pt.between(i, j);
                out = add(out, (f64::from(u8::from(f)), c));
            }
        }
        out
    }

    /// Change of the pair terms when unit `u` leaves group `g` for group `h`.
    fn move_pairs(&self, u: usize, g: usize, h: usize) -> Value {
        let twice_inner = add(self.inner[u], self.inner[u]);
        add(
            sub(self.unit_pairs(u, h), self.unit_pairs(u, g)),
            twice_inner,
        )
    }

    /// Pair terms between unit `u` and the rest of its group: what leaving takes away.
    fn leave(&self, u: usize) -> Value {
        let twice_inner = add(self.inner[u], self.inner[u]);
        sub(self.unit_pairs(u, self.unit_group[u]), twice_inner)
    }

    /// Change of the value when units `u` and `v` of different groups, of equal size
    /// count, change places, where the pair terms alone change (see [`State::delta`]):
    /// `into` is [`State::unit_pairs`] of `u` with v's group, `leave_u` and `leave_v` their
    /// [`State::leave`].
    #[inline]
    fn swap_by_pairs(
        &mut self,
        u: usize,
        v: usize,
        into: Value,
        leave_u: Value,
        leave_v: Value,
    ) -> Value {
        self.pair_swaps += 1;
        let (back, cross) = match (&self.sums, &self.pairs, self.solo) {
            (
                PairSums::Dense {
                    groups,
                    cost,
                    forbidden,
                },
                Some(pt),
                true,
            ) if pt.every_stored => {
                // Units are the members themselves, every pair and sum in a table.
                let k = v * groups + self.unit_group[u];
                let e = pt.adj[u][v - usize::from(v > u)];
                (
                    (f64::from(forbidden[k]), cost[k]),
                    (f64::from(u8::from(e.2)), e.1),
                )
            }
            _ => (
                self.unit_pairs(v, self.unit_group[u]),
                self.cross_pairs(u, v),
            ),
        };
        let d = add(sub(into, leave_u), sub(back, leave_v));
        sub(d, add(cross, cross))
    }

    /// Fills `buf_a` with group `g` without unit `u` and, if `add` is given, with unit `add`.
    fn compose(&self, g: usize, out: Option<usize>, add: Option<usize>, buf: &mut Vec<usize>) {
        buf.clear();
        match out {
            Some(u) => {
                let gone = &self.units.members[u];
                buf.extend(self.groups[g].iter().filter(|i| !gone.contains(i)));
            }
            None => buf.extend_from_slice(&self.groups[g]),
        }
        if let Some(v) = add {
            buf.extend_from_slice(&self.units.members[v]);
        }
    }

    /// Change of the whole value, and the two new base values, when `u` moves from its
    /// group to `h` and (if given) `v` moves from `h` to u's group.
    fn delta(&mut self, u: usize, h: usize, v: Option<usize>) -> (Value, Value, Value) {
        self.evals += 1;
        let g = self.unit_group[u];
        let (new_g, new_h) = match v {
            Some(v) if self.sized_by_count && self.unit_size[u] == self.unit_size[v] => {
                (self.base[g], self.base[h])
            }
            _ => {
                let (mut a, mut b) = (
                    std::mem::take(&mut self.buf_a),
                    std::mem::take(&mut self.buf_b),
                );
                self.compose(g, Some(u), v, &mut a);
                self.compose(h, v, Some(u), &mut b);
                let new = (self.eval_base(&a), self.eval_base(&b));
                (self.buf_a, self.buf_b) = (a, b);
                new
            }
        };
        let mut d = sub(add(new_g, new_h), add(self.base[g], self.base[h]));
        d = add(d, self.move_pairs(u, g, h));
        d.0 += self.moves(u, h) - self.moves(u, g);
        if let Some(v) = v {
            d = add(d, self.move_pairs(v, h, g));
            d.0 += self.moves(v, g) - self.moves(v, h);
            let cross = self.cross_pairs(u, v);
            d = sub(d, add(cross, cross));
        }
        (d, new_g, new_h)
    }

    /// Puts unit `u` into group `h` (taking it out of its group first, if any).
    fn place(&mut self, u: usize, h: usize) {
        let g = self.unit_group[u];
        if g != usize::MAX {
            let gone = &self.units.members[u];
            self.groups[g].retain(|i| !gone.contains(i));
            self.group_units[g].retain(|&x| x != u);
        }
        self.groups[h].extend_from_slice(&self.units.members[u]);
        self.group_units[h].push(u);
        self.unit_group[u] = h;
        if let (Some(pt), false) = (&self.pairs, matches!(self.sums, PairSums::Direct)) {
            let sums = &mut self.sums;
            for &i in &self.units.members[u] {
                pt.for_each(i, |j, c, f| {
                    if g != usize::MAX {
                        sums.remove(j, g, c, f);
                    }
                    sums.add(j, h, c, f);
                });
            }
        }
    }

    fn apply(&mut self, u: usize, h: usize, v: Option<usize>, new_g: Value, new_h: Value) {
        let g = self.unit_group[u];
        self.place(u, h);
        if let Some(v) = v {
            self.place(v, g);
        }
        self.base[g] = new_g;
        self.base[h] = new_h;
    }

    /// Total (penalty, cost), computed afresh.
    fn totals(&self) -> Value {
        let mut t = self.base.iter().fold((0.0, 0.0), |a, &b| add(a, b));
        if self.pairs.is_some() {
            for (g, members) in self.groups.iter().enumerate() {
                for &i in members {
                    let (f, c) = self.sum(i, g);
                    t = add(t, (0.5 * f64::from(f), 0.5 * c));
                }
            }
        }
        t.0 += self.moved();
        t
    }

    /// Penalty of all moves away from home.
    fn moved(&self) -> f64 {
        (0..self.units.members.len())
            .map(|u| self.moves(u, self.unit_group[u]))
            .sum()
    }

    /// Sets every unit's group at once and recomputes all sums.
    fn load(&mut self, unit_group: &[usize]) {
        self.unit_group.iter_mut().for_each(|g| *g = usize::MAX);
        self.groups.iter_mut().for_each(Vec::clear);
        self.group_units.iter_mut().for_each(Vec::clear);
        self.sums.clear();
        for (u, &g) in unit_group.iter().enumerate() {
            self.place(u, g);
        }
        for g in 0..self.gcount {
            let members = std::mem::take(&mut self.groups[g]);
            self.base[g] = self.eval_base(&members);
            self.groups[g] = members;
        }
    }

    /// Tries moving `u` to another group, or swapping it with a unit there; applies the
    /// first improvement. Returns whether it improved.
    fn improve_unit(&mut self, u: usize, targets: &[usize]) -> bool {
        let g = self.unit_group[u];
        for &h in targets {
            if h == g {
                continue;
            }
            let (d, a, b) = self.delta(u, h, None);
            if better(d, (0.0, 0.0)) {
                self.apply(u, h, None, a, b);
                return true;
            }
            for k in 0..self.group_units[h].len() {
                let v = self.group_units[h][k];
                if self.units.pinned[v].is_some() {
                    continue;
                }
                let (d, a, b) = self.delta(u, h, Some(v));
                if better(d, (0.0, 0.0)) {
                    self.apply(u, h, Some(v), a, b);
                    return true;
                }
            }
        }
        false
    }

    fn snapshot(&self) -> Vec<usize> {
        let mut group_of = vec![0; self.p.n()];
        for (g, members) in self.groups.iter().enumerate() {
            for &i in members {
                group_of[i] = g;
            }
        }
        group_of
    }
}

/// Most groups the start construction tries for each unit; with more, or once the
/// deadline has passed, it tries a seeded sample of [`MAX_TARGETS`] groups and the
/// smallest group, so that it takes O(units) evaluations at any roster size.
const MAX_GREEDY_GROUPS: usize = 4_096;

/// Places pinned units, then each other unit (in seeded order) where it adds the least
/// penalty, then the least score. Returns the number of groups it evaluated.
fn greedy(st: &mut State, rng: &mut ChaCha8Rng, deadline: Instant) -> u64 {
    let nunits = st.units.members.len();
    let mut order: Vec<usize> = (0..nunits).collect();
    order.shuffle(rng);
    order.sort_by_key(|&u| {
        (
            st.units.pinned[u].is_none(),
            std::cmp::Reverse(st.units.members[u].len()),
        )
    });
    for g in 0..st.gcount {
        st.base[g] = st.eval_base(&[]);
    }
    let all: Vec<usize> = (0..st.gcount).collect();
    let mut sampled = st.gcount > MAX_GREEDY_GROUPS;
    // Groups by size (smallest first, stale entries skipped), for the sampled mode.
    let mut smallest: BinaryHeap<Reverse<(usize, usize)>> =
        (0..st.gcount).map(|g| Reverse((0, g))).collect();
    let mut candidates = Vec::new();
    let mut evaluated = 0;
    let mut buf = Vec::new();
    // Past the deadline: each unit goes to the smallest group unless that breaks a rule.
    let mut late = false;
    for (placed, u) in order.into_iter().enumerate() {
        if !late && placed % 64 == 0 && Instant::now() >= deadline {
            (sampled, late) = (true, true);
        }
        let h = match st.units.pinned[u] {
            Some(k) => k,
            None => {
                candidates.clear();
                let mut quick = None;
                if sampled {
                    while let Some(&Reverse((len, g))) = smallest.peek() {
                        if st.groups[g].len() == len {
                            candidates.push(g);
                            break;
                        }
                        smallest.pop();
                    }
                    quick = candidates.first().copied().filter(|&h| {
                        if !late {
                            return false;
                        }
                        evaluated += 1;
                        st.compose(h, None, Some(u), &mut buf);
                        let v = st.eval_base(&buf);
                        let d = add(sub(v, st.base[h]), st.unit_pairs(u, h));
                        d.0 + st.moves(u, h) <= EPS
                    });
                    if quick.is_none() {
                        candidates.extend(all.choose_multiple(rng, MAX_TARGETS));
                    }
                } else {
                    candidates.extend_from_slice(&all);
                }
                let mut best: Option<(Value, usize)> = quick.map(|h| ((0.0, 0.0), h));
                for &h in candidates.iter().filter(|_| quick.is_none()) {
                    evaluated += 1;
                    st.compose(h, None, Some(u), &mut buf);
                    let v = st.eval_base(&buf);
                    let mut delta = add(sub(v, st.base[h]), st.unit_pairs(u, h));
                    delta.0 += st.moves(u, h);
                    if best.is_none_or(|(d, _)| better(delta, d)) {
                        best = Some((delta, h));
                    }
                }
                best.map_or(0, |(_, h)| h)
            }
        };
        st.place(u, h);
        let members = std::mem::take(&mut st.groups[h]);
        st.base[h] = st.eval_base(&members);
        smallest.push(Reverse((members.len(), h)));
        st.groups[h] = members;
    }
    evaluated
}

/// Runs the search from a greedy start (or from `start` when given).
pub fn search(p: &Problem, seed: u64, budget: &Budget, start: Option<&[usize]>) -> SearchOutcome {
    search_with(p, seed, budget, start, None, &|_| {})
}

/// Where members belong when a cycle is re-planned (see [`search_with`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Homes {
    /// Home group of each member (`None`: every group is home).
    pub of: Vec<Option<usize>>,
    /// For each group, the home it counts as: itself, or for a group split off another,
    /// that group.
    pub counts_as: Vec<usize>,
}

/// [`search`] with home groups and a listener. With `homes`, among assignments that break
/// no more rules it prefers those that move fewer members away from home, then the lower
/// score (the outcome's penalty leaves the moves out). `on_best` hears the score of each
/// new best assignment that breaks no per-group rule.
pub fn search_with(
    p: &Problem,
    seed: u64,
    budget: &Budget,
    start: Option<&[usize]>,
    homes: Option<&Homes>,
    on_best: &dyn Fn(f64),
) -> SearchOutcome {
    run(State::new(p), seed, budget, start, homes, on_best)
}

/// [`search_with`] from a state.
fn run(
    mut st: State,
    seed: u64,
    budget: &Budget,
    start: Option<&[usize]>,
    homes: Option<&Homes>,
    on_best: &dyn Fn(f64),
) -> SearchOutcome {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    begin(&mut st, &mut rng, budget, start, homes);
    let movable: Vec<usize> = (0..st.units.members.len())
        .filter(|&u| st.units.pinned[u].is_none())
        .collect();
    let mut descent = Descent {
        order: movable.clone(),
        all_groups: (0..st.gcount).collect(),
        targets: (0..st.gcount).collect(),
    };
    let mut stop = SearchStop::Work;
    let mut best = (st.totals(), st.unit_group.clone());
    // Whether the work limit and a long run without progress may end the search: with
    // `persist`, only once the best assignment keeps every hard rule.
    let mut valid = !budget.persist || keeps_rules(&st);
    let mut walk = match budget.escape {
        Escape::Kick => None,
        Escape::Tabu => Some(Walker::Tabu(Walk::new(&st))),
        Escape::Anneal => Some(Walker::Anneal(anneal::Anneal::default())),
    };
    let mut stale = 0;
    let mut improved_at = 0;
    loop {
        let priced_before = (st.evals, st.pair_swaps);
        if let Some(why) = descent.run(&mut st, &mut rng, budget, valid) {
            stop = why;
            break;
        }
        let now = st.totals();
        let descended = better(now, best.0);
        if descended {
            best = (now, st.unit_group.clone());
            if now.0 <= EPS {
                on_best(now.1);
            }
        }
        let improved = descended || walk.as_ref().is_some_and(Walker::improved);
        if improved {
            stale = 0;
            improved_at = st.work();
        } else {
            stale += 1;
        }
        // Random kicks start from the best; the walks go on from where they are (the
        // annealing walk back to the best after several walks without progress).
        if !improved && walk.as_ref().is_none_or(|w| w.returns(stale)) {
            st.load(&best.1);
        }
        if improved {
            // A best the walk found: walks run without homes, so its penalty is its broken
            // rules alone.
            valid = !budget.persist
                || if descended {
                    keeps_rules(&st)
                } else {
                    best.0 .0 <= EPS
                };
        }
        if at_floor(&st, budget) {
            stop = SearchStop::Floor;
            break;
        }
        let exhausted = valid
            && stale >= budget.max_stale_rounds
            && st.work() - improved_at >= budget.min_stale_evals;
        // No neighbour at all (e.g. one group): nothing can ever change.
        let no_neighbours = (st.evals, st.pair_swaps) == priced_before;
        if exhausted || no_neighbours || movable.len() < 2 {
            break;
        }
        match &mut walk {
            Some(w) => {
                let mut leg = Leg {
                    movable: &movable,
                    budget,
                    valid,
                    rng: &mut rng,
                    best: &mut best,
                };
                if let Some(why) = w.run(&mut st, &mut leg) {
                    stop = why;
                    break;
                }
                if w.improved() && best.0 .0 <= EPS {
                    on_best(best.0 .1);
                }
            }
            None => perturb(&mut st, &movable, &mut rng),
        }
    }
    finish(&mut st, best, stop)
}

/// Sets the homes, if any, and the start: `start` (pinned units where they are pinned), or
/// the greedy construction.
fn begin(
    st: &mut State,
    rng: &mut ChaCha8Rng,
    budget: &Budget,
    start: Option<&[usize]>,
    homes: Option<&Homes>,
) {
    if let Some(h) = homes {
        (st.home, st.counts_as) = (h.of.clone(), h.counts_as.clone());
    }
    match start {
        Some(start) => {
            // Pinned units start where they are pinned: they never move.
            let ug: Vec<usize> = (st.units.members.iter().zip(&st.units.pinned))
                .map(|(m, pin)| pin.unwrap_or(start[m[0]]))
                .collect();
            st.load(&ug);
        }
        None => {
            greedy(st, rng, budget.deadline);
        }
    }
}

/// The outcome: the better of the current assignment and `best`.
fn finish(st: &mut State, mut best: (Value, Vec<usize>), stop: SearchStop) -> SearchOutcome {
    if better(st.totals(), best.0) {
        best = (st.totals(), st.unit_group.clone());
    }
    st.load(&best.1);
    let group_of = st.snapshot();
    SearchOutcome {
        penalty: st.totals().0 - st.moved(),
        score: score(st.p, &groups_of(&group_of, st.gcount)).total,
        group_of,
        stop,
    }
}

/// The local search to a local optimum: units in random order, each moved or swapped to
/// its best improving place among (a sample of) the groups.
struct Descent {
    order: Vec<usize>,
    all_groups: Vec<usize>,
    targets: Vec<usize>,
}

impl Descent {
    /// Descends from the current assignment; `Some` when the whole search must stop (work
    /// limit once an assignment keeping every hard rule is known (`valid`), time limit, or
    /// the floor reached), `None` at a local optimum.
    fn run(
        &mut self,
        st: &mut State,
        rng: &mut ChaCha8Rng,
        budget: &Budget,
        valid: bool,
    ) -> Option<SearchStop> {
        loop {
            self.order.shuffle(rng);
            let mut improved = false;
            for &u in &self.order {
                if valid && st.work() >= budget.max_evals {
                    return Some(SearchStop::Work);
                }
                if st.evals.is_multiple_of(64) && at_floor(st, budget) {
                    return Some(SearchStop::Floor);
                }
                if Instant::now() >= budget.deadline {
                    return Some(SearchStop::Time);
                }
                if st.gcount > MAX_TARGETS {
                    self.targets.clear();
                    (self.targets).extend(self.all_groups.choose_multiple(rng, MAX_TARGETS));
                } else {
                    self.targets.shuffle(rng);
                }
                improved |= st.improve_unit(u, &self.targets);
            }
            if !improved {
                return None;
            }
        }
    }
}

/// Records the current assignment, of value `now` as the walk has added it up, when it
/// beats `best`: then `now` is re-added from scratch (so rounding never builds up) and
/// `improved` set. `Some` when it reaches the floor.
fn record_best(
    st: &State,
    now: &mut Value,
    best: &mut (Value, Vec<usize>),
    budget: &Budget,
    improved: &mut bool,
) -> Option<SearchStop> {
    if !better(*now, best.0) {
        return None;
    }
    *now = st.totals();
    if !better(*now, best.0) {
        return None;
    }
    *best = (*now, st.unit_group.clone());
    *improved = true;
    at_floor(st, budget).then_some(SearchStop::Floor)
}

/// Whether the current assignment breaks no rule and scores the floor.
fn at_floor(st: &State, budget: &Budget) -> bool {
    budget.floor.is_some_and(|f| {
        let (pen, cost) = st.totals();
        pen <= EPS && cost <= f + EPS
    })
}

/// Whether the current assignment keeps every hard rule (moves away from home, priced in
/// the penalty when adjusting, are not broken rules).
fn keeps_rules(st: &State) -> bool {
    st.totals().0 - st.moved() <= EPS
}

/// Whether nothing but the pair terms and the sizes prices a group (no group term, role
/// limit or apart set): a swap then costs O(1) to evaluate, the case the tabu walk is for.
/// With group terms, random kicks and the large-neighbourhood steps after the search do
/// better in the same time.
pub fn priced_by_pairs(p: &Problem) -> bool {
    p.roles.is_empty() && p.apart.is_empty() && p.terms.iter().all(|t| !t.reads_groups())
}

/// Swaps priced from the pair sums alone ([`State::swap_by_pairs`]) counted as one
/// evaluation of the work limit: each reads a few sums, where an evaluation of
/// [`State::delta`] also composes and re-scores the two groups or reads their sizes.
const PAIR_SWAPS_PER_EVAL: u64 = 4;

/// Most neighbour evaluations one step of the tabu walk makes: beyond it, each step looks
/// at a seeded sample of the units.
const WALK_STEP_EVALS: usize = 40_000;

/// Steps of one tabu walk.
const WALK_STEPS: usize = 1_000;

/// Annealing walks in a row without a new best after which the next starts from the best
/// again.
const WALKS_BEFORE_RETURN: u32 = 10;

/// What one walk is given: the units it may move, the budget and whether its work limit
/// applies yet (see [`Descent::run`]), the seeded generator, and the best assignment so
/// far, which it updates.
struct Leg<'a> {
    movable: &'a [usize],
    budget: &'a Budget,
    valid: bool,
    rng: &'a mut ChaCha8Rng,
    best: &'a mut (Value, Vec<usize>),
}

/// A walk away from a local optimum that records each new best it passes.
enum Walker {
    Tabu(Walk),
    Anneal(anneal::Anneal),
}

impl Walker {
    /// Whether the next walk starts from the best after `stale` walks without a new best.
    fn returns(&self, stale: u32) -> bool {
        match self {
            Walker::Tabu(_) => false,
            Walker::Anneal(_) => stale.is_multiple_of(WALKS_BEFORE_RETURN),
        }
    }

    /// Whether the last walk found a new best.
    fn improved(&self) -> bool {
        match self {
            Walker::Tabu(w) => w.improved,
            Walker::Anneal(a) => a.improved,
        }
    }

    /// Runs one walk from the current assignment; `Some` when the whole search must stop.
    fn run(&mut self, st: &mut State, leg: &mut Leg) -> Option<SearchStop> {
        match self {
            Walker::Tabu(w) => w.run(st, leg),
            Walker::Anneal(a) => {
                // From a kicked start: the walk never breaks a rule, and the kick lets it
                // cross to assignments that only rule-breaking steps lead to.
                perturb(st, leg.movable, leg.rng);
                a.run(st, leg)
            }
        }
    }
}

/// A tabu walk from a local optimum: each step applies the best move or swap among (a
/// sample of) all of them, even when it makes the value worse, except those that move a
/// unit moved in the last few steps (the tenure, about one unit in 24), unless they reach
/// a new best. The walk records each new best it passes; the search goes on from where it
/// ends, never back to the best: on the MDGPLIB instances a return after ten walks without
/// a new best ended lower (README: Benchmarks).
struct Walk {
    /// The step after which each unit may move again.
    free_at: Vec<usize>,
    /// Steps a moved unit stays put: at least 3, one in 24 units.
    tenure: usize,
    /// Whether the last walk found a new best.
    improved: bool,
    /// Units looked at in one step.
    sample: Vec<usize>,
    /// Per group, how many members count toward its size, while the walk is at an
    /// assignment that keeps every rule (empty otherwise): a move that would take a group
    /// outside the size bounds is then not looked at.
    group_size: Vec<usize>,
    /// Per unit, whether it is in this step's sample and its swaps with the other sampled
    /// units are priced from its own turn or theirs, whichever comes first.
    sampled: Vec<bool>,
    /// Per unit, [`State::leave`] where the walk is (when swaps are priced by pairs alone):
    /// computed when a walk starts, then for the two groups of each step.
    leave: Vec<Value>,
}

/// A candidate step: (change of the value, unit, target group, unit swapped back, new base
/// values of the two groups).
type Step = (Value, usize, usize, Option<usize>, Value, Value);

impl Walk {
    fn new(st: &State) -> Self {
        debug_assert!(st.home.is_empty(), "a walk prices no moves away from home");
        let units = st.units.members.len();
        Walk {
            free_at: vec![0; units],
            tenure: (units / 24).max(3),
            improved: false,
            sample: Vec::new(),
            group_size: Vec::new(),
            sampled: vec![false; units],
            leave: Vec::with_capacity(units),
        }
    }

    /// Walks [`WALK_STEPS`] steps from the current assignment, recording each new best in
    /// `best`; `Some` when the whole search must stop.
    fn run(&mut self, st: &mut State, leg: &mut Leg) -> Option<SearchStop> {
        let (movable, budget, valid) = (leg.movable, leg.budget, leg.valid);
        let (rng, best) = (&mut *leg.rng, &mut *leg.best);
        self.improved = false;
        self.free_at.iter_mut().for_each(|f| *f = 0);
        let targets = st.gcount.min(MAX_TARGETS);
        let per_unit = targets * (1 + movable.len() / st.gcount.max(1));
        let sampled = (WALK_STEP_EVALS / per_unit.max(1)).clamp(1, movable.len());
        let mut now = st.totals();
        let mut groups: Vec<usize> = (0..st.gcount).collect();
        self.leave.clear();
        if st.sized_by_count {
            self.leave
                .extend((0..st.units.members.len()).map(|u| st.leave(u)));
        }
        for step in 1..=WALK_STEPS {
            if valid && st.work() >= budget.max_evals {
                return Some(SearchStop::Work);
            }
            if Instant::now() >= budget.deadline {
                return Some(SearchStop::Time);
            }
            self.group_size.clear();
            if now.0 <= EPS {
                let size = |g: &Vec<usize>| g.iter().map(|&u| st.unit_size[u]).sum::<usize>();
                self.group_size.extend(st.group_units.iter().map(size));
            }
            self.sample.clear();
            if sampled < movable.len() {
                (self.sample).extend(movable.choose_multiple(rng, sampled));
            } else {
                self.sample.extend_from_slice(movable);
            }
            // No step allowed at all: the walk ends here.
            let (d, u, h, v, a, b) = self.best_step(st, step, now, best.0, &mut groups, rng)?;
            let g = st.unit_group[u];
            st.apply(u, h, v, a, b);
            if !self.leave.is_empty() {
                // Only the members of the two groups changed company.
                for &w in st.group_units[g].iter().chain(&st.group_units[h]) {
                    self.leave[w] = st.leave(w);
                }
            }
            now = add(now, d);
            for w in std::iter::once(u).chain(v) {
                self.free_at[w] = step + self.tenure + rng.gen_range(0..=self.tenure / 2);
            }
            if let Some(stop) = record_best(st, &mut now, best, budget, &mut self.improved) {
                return Some(stop);
            }
        }
        None
    }

    /// Whether moving unit `u` from group `g` to `h` takes either outside the size bounds
    /// (known only while the walk keeps every rule).
    fn breaks_sizes(&self, st: &State, u: usize, g: usize, h: usize) -> bool {
        let (Some(&from), Some(&to)) = (self.group_size.get(g), self.group_size.get(h)) else {
            return false;
        };
        let c = st.unit_size[u];
        from - c < st.p.groups.size_lo || to + c > st.p.groups.size_hi
    }

    /// The best step allowed at `step` from value `now` (ties broken at random).
    ///
    /// A swap of two units of equal size count, where only pair terms and sizes price a
    /// group, changes the pair sums alone: it is priced from each unit's sum with its own
    /// group ([`State::leave`], once per step) and with the other's, without the group
    /// re-evaluation of [`State::delta`]. When every group is a target, each swap of two
    /// sampled units is priced once.
    fn best_step(
        &mut self,
        st: &mut State,
        step: usize,
        now: Value,
        best: Value,
        groups: &mut [usize],
        rng: &mut ChaCha8Rng,
    ) -> Option<Step> {
        let mut pick = Pick::default();
        let every_target = st.gcount <= MAX_TARGETS;
        self.sampled.iter_mut().for_each(|s| *s = false);
        for &u in &self.sample {
            self.sampled[u] = every_target;
        }
        for &u in &self.sample {
            let g = st.unit_group[u];
            let targets: &[usize] = if every_target {
                groups
            } else {
                groups.partial_shuffle(rng, MAX_TARGETS).0
            };
            for &h in targets.iter().filter(|&&h| h != g) {
                if !self.breaks_sizes(st, u, g, h) {
                    let (d, a, b) = st.delta(u, h, None);
                    pick.offer(
                        self.allowed(step, now, best, d, u, None),
                        (d, u, h, None, a, b),
                        rng,
                    );
                }
                let into = st.sized_by_count.then(|| st.unit_pairs(u, h));
                for k in 0..st.group_units[h].len() {
                    let v = st.group_units[h][k];
                    if st.units.pinned[v].is_some() || (self.sampled[v] && v < u) {
                        continue;
                    }
                    let (d, a, b) = match into {
                        Some(into) if st.unit_size[u] == st.unit_size[v] => {
                            let d = st.swap_by_pairs(u, v, into, self.leave[u], self.leave[v]);
                            (d, st.base[g], st.base[h])
                        }
                        _ => st.delta(u, h, Some(v)),
                    };
                    if pick.loses(d) {
                        continue;
                    }
                    let ok = self.allowed(step, now, best, d, u, Some(v));
                    pick.offer(ok, (d, u, h, Some(v), a, b), rng);
                }
            }
        }
        pick.step
    }

    /// Whether a step changing the value by `d` may be taken: neither unit moved in the
    /// last few steps, or it reaches a new best.
    fn allowed(
        &self,
        step: usize,
        now: Value,
        best: Value,
        d: Value,
        u: usize,
        v: Option<usize>,
    ) -> bool {
        let tabu = self.free_at[u] > step || v.is_some_and(|v| self.free_at[v] > step);
        !tabu || better(add(now, d), best)
    }
}

/// The best step offered so far, ties broken at random (each of k tied steps is kept with
/// probability 1/k).
#[derive(Default)]
struct Pick {
    step: Option<Step>,
    ties: u32,
}

impl Pick {
    /// Whether a step changing the value by `d` would lose to the one kept.
    #[inline]
    fn loses(&self, d: Value) -> bool {
        self.step.as_ref().is_some_and(|p| better(p.0, d))
    }

    fn offer(&mut self, allowed: bool, step: Step, rng: &mut ChaCha8Rng) {
        if !allowed {
            return;
        }
        match &self.step {
            Some(p) if better(p.0, step.0) => {}
            Some(p) if !better(step.0, p.0) => {
                self.ties += 1;
                if rng.gen_range(0..self.ties) == 0 {
                    self.step = Some(step);
                }
            }
            _ => {
                self.ties = 1;
                self.step = Some(step);
            }
        }
    }
}

/// A kick: a few random swaps of units between groups, applied whatever they cost.
fn perturb(st: &mut State, movable: &[usize], rng: &mut ChaCha8Rng) {
    let strength = (movable.len() / 40).max(3);
    let kicks = rng.gen_range(1..=strength);
    for _ in 0..kicks {
        if let Some((_, u, h, v, a, b)) = random_swap(st, movable, rng) {
            st.apply(u, h, v, a, b);
        }
    }
}

/// A swap of two random movable units, priced; `None` when they share a group.
fn random_swap(st: &mut State, movable: &[usize], rng: &mut ChaCha8Rng) -> Option<Step> {
    let u = movable[rng.gen_range(0..movable.len())];
    let v = movable[rng.gen_range(0..movable.len())];
    let h = st.unit_group[v];
    if st.unit_group[u] == h {
        return None;
    }
    let (d, a, b) = st.delta(u, h, Some(v));
    Some((d, u, h, Some(v), a, b))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::problem;
    use std::time::Duration;

    /// 200 members in 100 pairs, balanced on one column.
    fn pairs() -> Problem {
        let roster: String = std::iter::once("id,side\n".to_string())
            .chain((0..200).map(|i| format!("m{i},{}\n", ["x", "y"][i % 2])))
            .collect();
        let toml = "[groups]\nmin_size = 2\nmax_size = 2\n[[balance]]\ncolumn = \"side\"\n";
        problem(toml, &roster, "", None)
    }

    /// Before its deadline the start construction tries every group for each member;
    /// once the deadline has passed it tries the smallest group, or if that breaks a rule
    /// a bounded sample, and still places everyone.
    #[test]
    fn start_construction_samples_once_the_deadline_has_passed() {
        let p = pairs();
        let (n, g) = (p.n() as u64, p.groups.count as u64);
        assert_eq!(g, 100);
        let run = |deadline| {
            let mut st = State::new(&p);
            let mut rng = ChaCha8Rng::seed_from_u64(1);
            let evaluated = greedy(&mut st, &mut rng, deadline);
            assert!(st.unit_group.iter().all(|&h| h < p.groups.count));
            evaluated
        };
        let later = Instant::now() + Duration::from_secs(3_600);
        assert_eq!(run(later), n * g);
        assert!(run(Instant::now()) <= n * (MAX_TARGETS as u64 + 2));
    }

    /// The search keeps the same sums, and so reaches the same groups and score, with the
    /// pair sums sparse as with them in tables.
    #[test]
    fn sparse_pair_sums_give_the_same_search() {
        let toml = "[groups]\nmin_size = 3\nmax_size = 4\n[diversity]\ncolumns = [\"c\"]\nweight = 1\n[repeats]\nforbid_within = 1\nweight = 3\n";
        let mut roster = String::from("id,c\n");
        let mut history = String::from("cycle,group,member_id\n");
        for i in 0..40 {
            roster += &format!("m{i},{}\n", ["x", "y", "z"][i * 7 % 3]);
            history += &format!("c0,G{},m{i}\n", i * 3 % 10);
        }
        for i in 0..40 {
            history += &format!("c1,G{},m{i}\n", i % 11);
        }
        let p = problem(toml, &roster, &history, None);
        let budget = Budget {
            max_evals: 40_000,
            max_stale_rounds: 20,
            min_stale_evals: 0,
            persist: false,
            escape: Escape::Kick,
            deadline: Instant::now() + Duration::from_secs(3_600),
            floor: None,
        };
        let go = |sparse| {
            let sums = PairSums::with_layout(p.n(), p.groups.count, sparse);
            run(State::with_sums(&p, sums), 5, &budget, None, None, &|_| {})
        };
        let (dense, sparse) = (go(false), go(true));
        assert_eq!(dense.group_of, sparse.group_of);
        assert_eq!(dense.score.to_bits(), sparse.score.to_bits());
        assert_eq!(dense.penalty.to_bits(), sparse.penalty.to_bits());
    }

    /// When only the sizes price a group, a swap of two members takes the groups' base
    /// values as they are, and they are the values re-evaluating the groups gives; a group
    /// term turns that shortcut off.
    #[test]
    fn swaps_priced_by_sizes_alone_skip_re_evaluation() {
        let roster: String = std::iter::once("id,c\n".to_string())
            .chain((0..12).map(|i| format!("m{i},{}\n", ["x", "y", "z"][i % 3])))
            .collect();
        let sizes = "[groups]\nmin_size = 3\nmax_size = 4\n[diversity]\ncolumns = [\"c\"]\n";
        let p = problem(sizes, &roster, "", None);
        let mut st = State::new(&p);
        assert!(st.sized_by_count);
        st.load(&(0..12).map(|i| i % 3).collect::<Vec<_>>());
        for (u, v) in [(0, 1), (3, 5), (1, 8)] {
            let (g, h) = (st.unit_group[u], st.unit_group[v]);
            let (_, new_g, new_h) = st.delta(u, h, Some(v));
            let mut a = Vec::new();
            st.compose(g, Some(u), Some(v), &mut a);
            let mut b = Vec::new();
            st.compose(h, Some(v), Some(u), &mut b);
            assert_eq!((new_g, new_h), (st.eval_base(&a), st.eval_base(&b)));
        }
        let balanced = format!("{sizes}[[balance]]\ncolumn = \"c\"\n");
        let q = problem(&balanced, &roster, "", None);
        assert!(!State::new(&q).sized_by_count);
    }

    /// A swap priced from the pair sums alone changes the value as [`State::delta`] says,
    /// with units of one member in tables, with a together set, and with the sums
    /// computed when needed; the shortcut for one-member units is taken only where it
    /// applies.
    #[test]
    fn swaps_priced_by_pairs_match_the_full_delta() {
        let roster: String = std::iter::once("id,c,h\n".to_string())
            .chain((0..15).map(|i| format!("m{i},{},{}\n", ["x", "y", "z"][i % 3], i * 7 % 11)))
            .collect();
        let history = "cycle,group,member_id\nc1,G1,m0\nc1,G1,m4\nc1,G2,m2\nc1,G2,m9\n";
        let sizes = "[groups]\nmin_size = 5\nmax_size = 5\n[diversity]\ncolumns = [\"c\", \"h\"]\nweight = 2\n[repeats]\nforbid_within = 1\nweight = 3\n";
        let together = format!("{sizes}[keep]\ntogether = [[\"m1\", \"m5\"], [\"m3\", \"m7\"]]\n");
        for (toml, solo) in [(sizes.to_string(), true), (together, false)] {
            let p = problem(&toml, &roster, history, None);
            for sums in [PairSums::new(p.n(), p.groups.count), PairSums::Direct] {
                let direct = matches!(sums, PairSums::Direct);
                let mut st = State::with_sums(&p, sums);
                assert_eq!(st.solo, solo);
                let start: Vec<usize> = (0..st.units.members.len()).map(|u| u % 3).collect();
                st.load(&start);
                let mut priced = 0;
                for u in 0..st.units.members.len() {
                    for v in 0..st.units.members.len() {
                        let (g, h) = (st.unit_group[u], st.unit_group[v]);
                        if g == h || st.unit_size[u] != st.unit_size[v] {
                            continue;
                        }
                        let into = st.unit_pairs(u, h);
                        let (lu, lv) = (st.leave(u), st.leave(v));
                        let quick = st.swap_by_pairs(u, v, into, lu, lv);
                        let (full, _, _) = st.delta(u, h, Some(v));
                        assert!(
                            (quick.0 - full.0).abs() < 1e-9,
                            "{u} {v} {quick:?} {full:?}"
                        );
                        assert!(
                            (quick.1 - full.1).abs() < 1e-9,
                            "{u} {v} {quick:?} {full:?}"
                        );
                        priced += 1;
                    }
                }
                assert!(priced > 20, "{priced} swaps, direct {direct}");
            }
        }
    }

    /// Computing the diversity part when needed gives the very sums of storing it.
    #[test]
    fn computed_pair_terms_equal_stored_ones() {
        let toml = "[groups]\nmin_size = 3\nmax_size = 3\n[diversity]\ncolumns = [\"c\", \"h\"]\nweight = 2\n[repeats]\nforbid_within = 1\nweight = 3\n";
        let roster = "id,c,h\na,x,1\nb,x,4\nc,y,4\nd,y,9\ne,z,2\nf,x,1\n";
        let history = "cycle,group,member_id\nc1,G1,a\nc1,G1,c\nc1,G2,b\nc1,G2,d\n";
        let p = problem(toml, roster, history, None);
        let (stored, computed) = (
            PairTerms::with_mode(&p, false),
            PairTerms::with_mode(&p, true),
        );
        for i in 0..p.n() {
            let list = |pt: &PairTerms| {
                let mut v = Vec::new();
                pt.for_each(i, |j, c, f| v.push((j, c.to_bits(), f)));
                v
            };
            assert_eq!(list(&stored), list(&computed), "member {i}");
            assert!(!list(&stored).is_empty());
            for j in (0..p.n()).filter(|&j| j != i) {
                let (a, b) = (stored.between(i, j), computed.between(i, j));
                assert_eq!((a.0.to_bits(), a.1), (b.0.to_bits(), b.1), "{i} {j}");
            }
        }
        assert!(stored.between(0, 2).1 && computed.between(0, 2).1);
    }
}

//! A seeded local search over complete assignments: greedy construction, then moves and
//! swaps of units (together-sets move as one; pinned members never move) with per-group
//! re-evaluation, and perturbation to leave local optima. It minimises the hard-rule penalty
//! first and the score second, so it also serves to find a first feasible assignment.

use crate::model::problem::Problem;
use crate::model::rules::group_penalty;
use crate::model::score::{add_group, component_names};
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::time::Instant;

const EPS: f64 = 1e-9;

/// Limits of one search: a deterministic count of evaluations and a wall-clock safety net.
#[derive(Debug, Clone)]
pub struct Budget {
    /// Group evaluations allowed.
    pub max_evals: u64,
    /// Perturbation rounds without improvement before the search stops.
    pub max_stale_rounds: u32,
    /// Wall-clock deadline.
    pub deadline: Instant,
}

/// Why the search ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SearchStop {
    /// Ran out of evaluations or stale rounds (deterministic).
    Work,
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

/// Members that move together, and where they are pinned.
struct Units {
    members: Vec<Vec<usize>>,
    pinned: Vec<Option<usize>>,
}

fn units(p: &Problem) -> Units {
    let n = p.n();
    let mut parent: Vec<usize> = (0..n).collect();
    fn find(parent: &mut [usize], i: usize) -> usize {
        let mut r = i;
        while parent[r] != r {
            r = parent[r];
        }
        parent[i] = r;
        r
    }
    for set in &p.together {
        for w in set.windows(2) {
            let (a, b) = (find(&mut parent, w[0]), find(&mut parent, w[1]));
            parent[a.max(b)] = a.min(b);
        }
    }
    let mut members: Vec<Vec<usize>> = Vec::new();
    let mut index = vec![usize::MAX; n];
    for i in 0..n {
        let r = find(&mut parent, i);
        if index[r] == usize::MAX {
            index[r] = members.len();
            members.push(Vec::new());
        }
        members[index[r]].push(i);
    }
    let pinned = members
        .iter()
        .map(|m| m.iter().find_map(|&i| p.pins[i]))
        .collect();
    Units { members, pinned }
}

struct State<'a> {
    p: &'a Problem,
    units: Units,
    unit_group: Vec<usize>,
    groups: Vec<Vec<usize>>,
    pen: Vec<f64>,
    cost: Vec<f64>,
    scratch: Vec<f64>,
    evals: u64,
}

impl<'a> State<'a> {
    fn eval(&mut self, members: &[usize]) -> (f64, f64) {
        self.evals += 1;
        self.scratch.iter_mut().for_each(|v| *v = 0.0);
        add_group(self.p, members, &mut self.scratch);
        (group_penalty(self.p, members), self.scratch.iter().sum())
    }

    fn totals(&self) -> (f64, f64) {
        (self.pen.iter().sum(), self.cost.iter().sum())
    }

    fn without(&self, g: usize, unit: usize) -> Vec<usize> {
        let out = &self.units.members[unit];
        self.groups[g]
            .iter()
            .copied()
            .filter(|i| !out.contains(i))
            .collect()
    }

    fn with(list: &[usize], add: &[usize]) -> Vec<usize> {
        let mut v = Vec::with_capacity(list.len() + add.len());
        v.extend_from_slice(list);
        v.extend_from_slice(add);
        v
    }

    fn set_group(&mut self, g: usize, members: Vec<usize>, value: (f64, f64)) {
        self.groups[g] = members;
        self.pen[g] = value.0;
        self.cost[g] = value.1;
    }

    /// Tries moving `u` to another group, or swapping it with a unit there; applies the first
    /// improvement. Returns whether it improved.
    fn improve_unit(&mut self, u: usize, budget: &Budget) -> bool {
        let g = self.unit_group[u];
        let rest = self.without(g, u);
        let gcount = self.groups.len();
        for h in 0..gcount {
            if h == g {
                continue;
            }
            let before = (self.pen[g] + self.pen[h], self.cost[g] + self.cost[h]);
            let moved_h = Self::with(&self.groups[h], &self.units.members[u]);
            let a = self.eval(&rest);
            let b = self.eval(&moved_h);
            if better((a.0 + b.0, a.1 + b.1), before) {
                self.set_group(g, rest, a);
                self.set_group(h, moved_h, b);
                self.unit_group[u] = h;
                return true;
            }
            let candidates: Vec<usize> = self.unit_ids_in(h);
            for v in candidates {
                if self.units.pinned[v].is_some() {
                    continue;
                }
                let new_g = Self::with(&rest, &self.units.members[v]);
                let new_h = Self::with(&self.without(h, v), &self.units.members[u]);
                let a = self.eval(&new_g);
                let b = self.eval(&new_h);
                if better((a.0 + b.0, a.1 + b.1), before) {
                    self.set_group(g, new_g, a);
                    self.set_group(h, new_h, b);
                    self.unit_group[u] = h;
                    self.unit_group[v] = g;
                    return true;
                }
                if self.evals >= budget.max_evals {
                    return false;
                }
            }
        }
        false
    }

    fn unit_ids_in(&self, h: usize) -> Vec<usize> {
        (0..self.unit_group.len())
            .filter(|&v| self.unit_group[v] == h)
            .collect()
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

    fn load(&mut self, unit_group: &[usize]) {
        self.unit_group = unit_group.to_vec();
        let mut groups = vec![Vec::new(); self.groups.len()];
        for (u, &g) in unit_group.iter().enumerate() {
            groups[g].extend_from_slice(&self.units.members[u]);
        }
        for (g, members) in groups.into_iter().enumerate() {
            let v = self.eval(&members);
            self.set_group(g, members, v);
        }
    }
}

/// A (penalty, cost) pair: penalties for broken rules first, then the score.
type Value = (f64, f64);

fn better(a: Value, b: Value) -> bool {
    a.0 < b.0 - EPS || (a.0 <= b.0 + EPS && a.1 < b.1 - EPS)
}

/// Runs the search from a greedy start (or from `start` when given).
pub fn search(p: &Problem, seed: u64, budget: &Budget, start: Option<&[usize]>) -> SearchOutcome {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let units = units(p);
    let gcount = p.groups.count;
    let ncomp = component_names(p).len();
    let nunits = units.members.len();
    let mut st = State {
        p,
        unit_group: vec![0; nunits],
        units,
        groups: vec![Vec::new(); gcount],
        pen: vec![0.0; gcount],
        cost: vec![0.0; gcount],
        scratch: vec![0.0; ncomp],
        evals: 0,
    };
    match start {
        Some(start) => {
            let ug: Vec<usize> = st.units.members.iter().map(|m| start[m[0]]).collect();
            st.load(&ug);
        }
        None => greedy(&mut st, &mut rng),
    }
    let movable: Vec<usize> = (0..nunits)
        .filter(|&u| st.units.pinned[u].is_none())
        .collect();
    let mut stop = SearchStop::Work;
    let mut best = (st.totals(), st.unit_group.clone());
    let mut stale = 0;
    'outer: loop {
        // Local search to a local optimum.
        loop {
            let mut order = movable.clone();
            order.shuffle(&mut rng);
            let mut improved = false;
            for &u in &order {
                if st.evals >= budget.max_evals {
                    break 'outer;
                }
                if st.evals % 64 == 0 && Instant::now() >= budget.deadline {
                    stop = SearchStop::Time;
                    break 'outer;
                }
                improved |= st.improve_unit(u, budget);
            }
            if !improved {
                break;
            }
        }
        let now = st.totals();
        if better(now, best.0) {
            best = (now, st.unit_group.clone());
            stale = 0;
        } else {
            stale += 1;
            st.load(&best.1.clone());
        }
        if stale >= budget.max_stale_rounds
            || movable.len() < 2
            || Instant::now() >= budget.deadline
        {
            if Instant::now() >= budget.deadline && stale < budget.max_stale_rounds {
                stop = SearchStop::Time;
            }
            break;
        }
        // Perturb: a few random swaps between groups.
        let kicks = rng.gen_range(1..=3);
        for _ in 0..kicks {
            let u = movable[rng.gen_range(0..movable.len())];
            let v = movable[rng.gen_range(0..movable.len())];
            let (gu, gv) = (st.unit_group[u], st.unit_group[v]);
            if gu == gv {
                continue;
            }
            let new_u = State::with(&st.without(gu, u), &st.units.members[v]);
            let new_v = State::with(&st.without(gv, v), &st.units.members[u]);
            let a = st.eval(&new_u);
            let b = st.eval(&new_v);
            st.set_group(gu, new_u, a);
            st.set_group(gv, new_v, b);
            st.unit_group[u] = gv;
            st.unit_group[v] = gu;
        }
    }
    let now = st.totals();
    if better(now, best.0) {
        best = (now, st.unit_group.clone());
    }
    st.load(&best.1);
    let (penalty, score) = st.totals();
    SearchOutcome {
        group_of: st.snapshot(),
        penalty,
        score,
        stop,
    }
}

/// Places pinned units, then each other unit (in seeded order) where it adds the least
/// penalty, then the least score.
fn greedy(st: &mut State, rng: &mut ChaCha8Rng) {
    let nunits = st.units.members.len();
    let gcount = st.groups.len();
    let mut order: Vec<usize> = (0..nunits).collect();
    order.shuffle(rng);
    order.sort_by_key(|&u| {
        (
            st.units.pinned[u].is_none(),
            std::cmp::Reverse(st.units.members[u].len()),
        )
    });
    for g in 0..gcount {
        let v = st.eval(&[]);
        st.set_group(g, Vec::new(), v);
    }
    for u in order {
        let choice = match st.units.pinned[u] {
            Some(k) => (k, None),
            None => {
                let mut best: Option<(Value, usize, Value)> = None;
                for h in 0..gcount {
                    let list = State::with(&st.groups[h], &st.units.members[u]);
                    let v = st.eval(&list);
                    let delta = (v.0 - st.pen[h], v.1 - st.cost[h]);
                    if best.as_ref().is_none_or(|(d, _, _)| better(delta, *d)) {
                        best = Some((delta, h, v));
                    }
                }
                let (_, h, v) = best.unwrap_or(((0.0, 0.0), 0, (0.0, 0.0)));
                (h, Some(v))
            }
        };
        let (h, v) = choice;
        let list = State::with(&st.groups[h], &st.units.members[u]);
        let v = v.unwrap_or_else(|| st.eval(&list));
        st.set_group(h, list, v);
        st.unit_group[u] = h;
    }
}

//! The plan being searched: each unit's group in each planned cycle, with every pair's
//! meetings over the cycles as a bit mask, so that a move or swap costs O(group size).

use super::MAX_CYCLES;
use crate::model::problem::Problem;
use crate::model::rules::group_penalty_without_pairs;
use crate::model::score::{add_group_terms, component_names};
use crate::model::terms::{PairScope, SoftTerm, Term};
use crate::solve::units::{units, Units};
use crate::solve::value::{add, better, sub, Value};

/// What each pair of members costs over the planned cycles.
pub(super) struct Pairs {
    pub(super) n: usize,
    /// Age of each pair's last meeting in the history within lookback (0 = none).
    pub(super) hist: Vec<u32>,
    /// Cost of each meeting of each pair from the pair terms that do not read the history
    /// (diversity), the same at every meeting (empty without them).
    pub(super) div: Vec<f64>,
    /// Bit `c` set = the pair shares a group in planned cycle `c`.
    pub(super) meet: Vec<u64>,
    /// (penalty, repeat cost) of a meeting at each age; ages past the end cost nothing.
    pub(super) by_age: Vec<Value>,
}

impl Pairs {
    pub(super) fn new(p: &Problem, lookback: Option<u32>) -> Self {
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
        for (&(i, j), &age) in &p.repeats().age {
            let k = pairs.index(i as usize, j as usize);
            pairs.hist[k] = age;
            oldest = oldest.max(age);
        }
        // Ages run up to the oldest history meeting plus the planned cycles.
        let lookback = lookback.unwrap_or(u32::MAX);
        let fw = p.repeats().forbid_within;
        pairs.by_age = (0..=oldest as usize + MAX_CYCLES)
            .map(|age| {
                let age = age as u32;
                if age == 0 || age > lookback {
                    return (0.0, 0.0);
                }
                let hard = f64::from(u8::from(fw > 0 && age <= fw));
                (hard, p.repeats().cost_at(age))
            })
            .collect();
        // The pair terms that do not read the history cost the same at every meeting.
        let fixed: Vec<&Term> = (p.terms.iter())
            .filter(|t| t.pair_scope() != PairScope::None && !t.reads_history())
            .collect();
        if !fixed.is_empty() {
            pairs.div = vec![0.0; len];
            for i in 0..n {
                for j in i + 1..n {
                    let k = pairs.index(i, j);
                    pairs.div[k] = fixed.iter().map(|t| t.pair_cost(i, j)).sum();
                }
            }
        }
        pairs
    }

    /// The meeting costs with every repeat within lookback at full weight (no decay), when
    /// they differ from the score's.
    pub(super) fn flat_repeats(&self, p: &Problem) -> Option<Vec<Value>> {
        let decay = p.repeats().decay;
        (p.repeats().weight > 0.0 && decay > 0.0 && decay < 1.0).then(|| {
            self.by_age
                .iter()
                .map(|&(hard, cost)| (hard, if cost > 0.0 { p.repeats().weight } else { 0.0 }))
                .collect()
        })
    }

    pub(super) fn index(&self, i: usize, j: usize) -> usize {
        let (a, b) = if i < j { (i, j) } else { (j, i) };
        a * (2 * self.n - a - 1) / 2 + (b - a - 1)
    }

    /// What pair `k` costs when it meets in the planned cycles of `mask`.
    pub(super) fn value(&self, k: usize, mask: u64) -> Value {
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
    pub(super) fn costly(&self, k: usize, mask: u64, c: u32) -> bool {
        better(self.value(k, mask & !(1 << c)), self.value(k, mask))
    }
}

/// The plan being searched.
pub(super) struct Joint<'a> {
    pub(super) p: &'a Problem,
    pub(super) units: Units,
    pub(super) pairs: Pairs,
    pub(super) cycles: usize,
    pub(super) gcount: usize,
    /// Group of each unit in each cycle: `[c · units + u]`.
    pub(super) ug: Vec<usize>,
    /// Members of each group of each cycle: `[c · gcount + g]`.
    pub(super) groups: Vec<Vec<usize>>,
    /// Units of each group of each cycle: `[c · gcount + g]`.
    pub(super) gunits: Vec<Vec<usize>>,
    /// Per-group (penalty, cost) of everything but the pair terms: `[c · gcount + g]`.
    pub(super) base: Vec<Value>,
    /// Costly meetings of each member in each cycle: `[c · n + i]`.
    pub(super) conflicts: Vec<u32>,
    /// The whole plan's (penalty, cost), kept up to date by every change.
    pub(super) total: Value,
    /// Per-group terms depend on nothing but the number of ordinary members.
    pub(super) sizes_only: bool,
    /// Ordinary members of each unit.
    pub(super) counting: Vec<usize>,
    pub(super) scratch: Vec<f64>,
    pub(super) buf_a: Vec<usize>,
    pub(super) buf_b: Vec<usize>,
    pub(super) changed: Vec<(usize, usize)>,
    pub(super) evals: u64,
}

impl<'a> Joint<'a> {
    pub(super) fn new(p: &'a Problem, cycles: usize, lookback: Option<u32>) -> Self {
        let units = units(p);
        let gcount = p.groups.count;
        let counting = units
            .members
            .iter()
            .map(|m| m.iter().filter(|&&i| p.members[i].counts).count())
            .collect();
        let sizes_only =
            !p.terms.iter().any(SoftTerm::reads_groups) && p.roles.is_empty() && p.apart.is_empty();
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

    pub(super) fn nunits(&self) -> usize {
        self.units.members.len()
    }

    /// (penalty, cost) of a group's per-group terms.
    pub(super) fn eval_base(&mut self, members: &[usize]) -> Value {
        self.scratch.iter_mut().for_each(|v| *v = 0.0);
        add_group_terms(self.p, members, &mut self.scratch, false);
        (
            group_penalty_without_pairs(self.p, members),
            self.scratch.iter().sum(),
        )
    }

    /// Sets the whole plan (`ug` as in [`Joint::ug`]) and recomputes everything.
    pub(super) fn load(&mut self, ug: &[usize]) {
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
    pub(super) fn count_conflicts(&mut self, k: usize, i: usize, j: usize, mask: u64, sign: i32) {
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
    pub(super) fn pair_delta(&self, i: usize, j: usize, c: usize) -> Value {
        let k = self.pairs.index(i, j);
        let mask = self.pairs.meet[k];
        sub(
            self.pairs.value(k, mask ^ (1 << c)),
            self.pairs.value(k, mask),
        )
    }

    /// Starts or stops the meeting of `i` and `j` in cycle `c`.
    pub(super) fn toggle(&mut self, i: usize, j: usize, c: usize) {
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
    pub(super) fn changed_pairs(
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
    pub(super) fn compose(
        &self,
        cell: usize,
        out: usize,
        add: Option<usize>,
        buf: &mut Vec<usize>,
    ) {
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
    pub(super) fn delta(
        &mut self,
        c: usize,
        u: usize,
        h: usize,
        v: Option<usize>,
    ) -> (Value, Value, Value) {
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
    pub(super) fn apply(
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
    pub(super) fn shift(&mut self, c: usize, u: usize, g: usize, h: usize) {
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
    pub(super) fn may_move(&self, u: usize) -> bool {
        self.p.groups.size_lo < self.p.groups.size_hi || self.counting[u] == 0
    }

    /// Group number of each member in each cycle.
    pub(super) fn snapshot(&self) -> Vec<Vec<usize>> {
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
    pub(super) fn broken(&self) -> (f64, f64) {
        let groups: f64 = self.base.iter().map(|b| b.0).sum();
        (groups, self.total.0 - groups)
    }
}

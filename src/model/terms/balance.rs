//! Balance (`[[balance]]`): each group mirrors the cohort on one column. The cost of a group
//! is the sum over values of how far its count lies outside ⌊n_v·m/N⌋..⌈n_v·m/N⌉; the hard
//! rule `max_per_group` caps the members of one value in a group.

use super::{tally, Restriction, SoftTerm};
use crate::model::flow::{Cost, Flow, LEVELS};
use crate::model::problem::Problem;
use crate::model::rules::{ids, Violation};
use crate::text::plural;

/// A balance column.
#[derive(Debug, Clone, PartialEq)]
pub struct Balance {
    /// Column name.
    pub column: String,
    /// Weight.
    pub weight: f64,
    /// Hard cap per value and group.
    pub max_per_group: Option<usize>,
    /// Value index of each member.
    pub value_of: Vec<u32>,
    /// Value labels (blank is a value).
    pub values: Vec<String>,
    /// Cohort count of each value.
    pub cohort: Vec<usize>,
    /// For each group size m (up to N, when not too costly to tabulate; else empty): the
    /// sum over values of ⌊n_v·m/N⌋, the deviation of a group of m holding none of any
    /// value. The score then needs only the values a group holds.
    pub floor_sums: Vec<usize>,
}

/// Sum over the cohort counts `n_v` of ⌊n_v·m/N⌋.
pub fn sum_of_floors(cohort: &[usize], m: usize, population: usize) -> usize {
    cohort.iter().map(|&nv| nv * m / population).sum()
}

/// A group of `m`'s fair share of a value held by `cohort` of `n`: ⌊n_v·m/N⌋ to ⌈n_v·m/N⌉.
pub fn fair_share(cohort: usize, m: usize, n: usize) -> (usize, usize) {
    let num = cohort * m;
    (num / n, num.div_ceil(n))
}

/// Balance deviation of one value: count `c` against target `n_v·m/N`.
pub fn balance_deviation(c: usize, cohort: usize, m: usize, n: usize) -> usize {
    let (floor, ceil) = fair_share(cohort, m, n);
    c.saturating_sub(ceil) + floor.saturating_sub(c)
}

impl Balance {
    /// Sum over values of ⌊n_v·m/N⌋ (see [`Balance::floor_sums`]).
    pub fn floor_sum(&self, m: usize, population: usize) -> usize {
        match self.floor_sums.get(m) {
            Some(&s) => s,
            None => sum_of_floors(&self.cohort, m, population),
        }
    }

    /// Counts one group's members per value and hands `f` the counts and the values held
    /// (each once): the search asks for a group's deviation and cap excess at every
    /// evaluation, so nothing is allocated.
    fn tally<R>(&self, members: &[usize], f: impl FnOnce(&[usize], &[usize]) -> R) -> R {
        let values = members.iter().map(|&i| self.value_of[i] as usize);
        tally(self.values.len(), values, f)
    }

    /// The unweighted deviation of one group from the cohort's mix.
    pub fn deviation(&self, members: &[usize], population: usize) -> usize {
        let (n, m) = (population, members.len());
        // Every value starts at its deviation with none held; the values held correct it.
        self.tally(members, |counts, held| {
            let mut dev = self.floor_sum(m, n);
            for &v in held {
                let nv = self.cohort[v];
                dev = dev + balance_deviation(counts[v], nv, m, n) - nv * m / n;
            }
            dev
        })
    }

    /// How many members the group holds over `cap`, summed over the values.
    fn excess(&self, members: &[usize], cap: usize) -> usize {
        self.tally(members, |counts, held| {
            held.iter().map(|&v| counts[v].saturating_sub(cap)).sum()
        })
    }

    /// How many members of each value the group holds.
    pub fn counts(&self, members: &[usize]) -> Vec<usize> {
        let mut counts = vec![0usize; self.values.len()];
        for &i in members {
            counts[self.value_of[i] as usize] += 1;
        }
        counts
    }

    /// `(value, count)` of each value the group holds, in cohort value order (for `report`).
    pub fn held(&self, members: &[usize]) -> Vec<(String, usize)> {
        (self.values.iter().zip(self.counts(members)))
            .filter(|(_, c)| *c > 0)
            .map(|(v, c)| (v.clone(), c))
            .collect()
    }

    /// `(value, count)` of each value over the cap in one group.
    fn over_cap(&self, members: &[usize]) -> Vec<(usize, usize, usize)> {
        let Some(cap) = self.max_per_group else {
            return Vec::new();
        };
        (self.counts(members).into_iter().enumerate())
            .filter(|&(_, c)| c > cap)
            .map(|(v, c)| (v, c, cap))
            .collect()
    }

    /// The fewest total deviations of this column when the sizes are `(size, groups)`
    /// classes, or `None` when its cap cannot hold. Each column alone is a transportation
    /// problem: its values (supply `n_v`) fill groups (demand `m_g`) at a convex cost per
    /// (value, group), the deviation. Groups of one size are interchangeable and the cost
    /// is convex, so one node per size suffices, and a minimum-cost flow solves it exactly.
    pub fn fewest_deviations(&self, sizes: &[(usize, usize)], population: usize) -> Option<i64> {
        let values = self.cohort.len();
        let (source, sink) = (0, 1 + values + sizes.len());
        let mut flow = Flow::new(sink + 1);
        let mut constant = 0i64;
        let mut arcs = Vec::new();
        for (v, &nv) in self.cohort.iter().enumerate() {
            flow.arc(source, 1 + v, nv as i64, cost(0));
            for (s, &(m, k)) in sizes.iter().enumerate() {
                let to = 1 + values + s;
                let num = nv * m;
                let (floor, ceil) = ((num / population) as i64, num.div_ceil(population) as i64);
                let cap = self.max_per_group.map_or(m as i64, |c| c as i64);
                let k = k as i64;
                constant += k * floor;
                // Up to the floor each unit removes a deviation, up to the ceiling it is
                // free, beyond it each unit adds one (segments of k identical groups, filled
                // evenly).
                let segments = [
                    (floor.min(cap), -1),
                    ((ceil.min(cap) - floor).max(0), 0),
                    ((cap - ceil).max(0), 1),
                ];
                for (width, unit) in segments {
                    if width > 0 {
                        arcs.push((flow.arc(1 + v, to, k * width, cost(unit)), unit));
                    }
                }
            }
        }
        for (s, &(m, k)) in sizes.iter().enumerate() {
            flow.arc(1 + values + s, sink, (m * k) as i64, cost(0));
        }
        let n: i64 = self.cohort.iter().map(|&c| c as i64).sum();
        if flow.run(source, sink, n) < n {
            return None;
        }
        let moved: i64 = arcs.iter().map(|&(id, unit)| unit * flow.flow_on(id)).sum();
        Some(constant + moved)
    }
}

fn cost(unit: i64) -> Cost {
    let mut c = [0; LEVELS];
    c[0] = unit;
    c
}

impl SoftTerm for Balance {
    fn name(&self) -> String {
        format!("balance:{}", self.column)
    }

    fn reads_groups(&self) -> bool {
        true
    }

    fn group_cost(&self, p: &Problem, members: &[usize]) -> f64 {
        self.weight * self.deviation(members, p.population) as f64
    }

    fn penalty(&self, _p: &Problem, members: &[usize]) -> f64 {
        match self.max_per_group {
            Some(cap) => self.excess(members, cap) as f64,
            None => 0.0,
        }
    }

    fn violations(&self, p: &Problem, members: &[usize], label: &str) -> Vec<Violation> {
        (self.over_cap(members).into_iter())
            .map(|(v, c, cap)| {
                let who: Vec<usize> = (members.iter().copied())
                    .filter(|&i| self.value_of[i] as usize == v)
                    .collect();
                let message = format!(
                    "{} with {} = '{}'; max_per_group is {cap}",
                    plural(c, "member", "members"),
                    self.column,
                    self.values[v]
                );
                Violation::in_group("balance_cap", label, ids(p, &who), message)
            })
            .collect()
    }

    fn ceiling(&self, p: &Problem, _pairs: f64) -> f64 {
        self.weight * 2.0 * p.n() as f64
    }

    /// The flow bound of [`Balance::fewest_deviations`], when every member counts toward
    /// size and the sizes are fixed (the integer program in `solve/ilp/balance.rs` tightens
    /// it when together sets hold two members of one value).
    fn lower_bound(&self, p: &Problem, sizes: Option<&[(usize, usize)]>) -> Option<f64> {
        let fewest = sizes
            .filter(|_| self.weight > 0.0 && p.n_counting == p.n())
            .and_then(|s| self.fewest_deviations(s, p.population));
        Some(self.weight * fewest.unwrap_or(0) as f64)
    }

    fn weight_mut(&mut self) -> &mut f64 {
        &mut self.weight
    }

    fn restrict(&self, r: &Restriction) -> Self {
        Balance {
            value_of: r.pick(&self.value_of),
            ..self.clone()
        }
    }
}

//! Diversity (`[diversity]`): a reward for group-mates who differ. Every pair sharing a
//! group earns `weight × distance`, the distance a Gower distance over roster columns or
//! read from a distances file; the component is the negated sum.

use super::{largest_sum, PairScope, Restriction, SoftTerm};
use crate::model::problem::Problem;

/// One column of a Gower distance.
#[derive(Debug, Clone, PartialEq)]
pub enum GowerColumn {
    /// Category per member: distance 0 if equal, else 1.
    Categorical(Vec<u32>),
    /// Value per member already divided by the cohort range.
    Numeric(Vec<f64>),
}

/// Pair distances for diversity.
#[derive(Debug, Clone, PartialEq)]
pub enum Distances {
    /// Gower distance over columns.
    Gower(Vec<GowerColumn>),
    /// Full matrix `n × n`.
    Dense {
        /// Members.
        n: usize,
        /// Row-major distances.
        d: Vec<f64>,
    },
}

impl Distances {
    /// Distance between members `i` and `j`.
    pub fn get(&self, i: usize, j: usize) -> f64 {
        match self {
            Distances::Gower(cols) => {
                if cols.is_empty() {
                    return 0.0;
                }
                let sum: f64 = cols
                    .iter()
                    .map(|c| match c {
                        GowerColumn::Categorical(v) => f64::from(u8::from(v[i] != v[j])),
                        GowerColumn::Numeric(v) => (v[i] - v[j]).abs(),
                    })
                    .sum();
                sum / cols.len() as f64
            }
            Distances::Dense { n, d } => d[i * n + j],
        }
    }

    /// The largest distance any pair can have.
    fn largest(&self) -> f64 {
        match self {
            Distances::Gower(_) => 1.0,
            Distances::Dense { d, .. } => d.iter().copied().fold(0.0, f64::max),
        }
    }
}

/// The diversity reward.
#[derive(Debug, Clone, PartialEq)]
pub struct Diversity {
    /// Weight.
    pub weight: f64,
    /// Distances.
    pub distances: Distances,
}

/// Largest roster whose pair distances are all read for the bound.
const MAX_BOUNDED_PEOPLE: usize = 3_000;

impl Diversity {
    /// Mean distance of the group's pairs (0 for fewer than two members), for `report`.
    pub fn mean_distance(&self, members: &[usize]) -> f64 {
        let mut sum = 0.0;
        let mut pairs = 0usize;
        for (x, &i) in members.iter().enumerate() {
            for &j in &members[x + 1..] {
                sum += self.distances.get(i, j);
                pairs += 1;
            }
        }
        if pairs == 0 {
            0.0
        } else {
            sum / pairs as f64
        }
    }

    /// The largest unweighted reward any assignment can collect, or `None` when it is not
    /// computed (large rosters, one-way members). No member has more partners than the
    /// largest group allows, so the reward is at most half the sum over members of their
    /// largest distances to that many others; with the sizes fixed, it is also at most the
    /// sum of the largest distances over as many pairs as the groups hold.
    fn largest_reward(&self, p: &Problem, sizes: Option<&[(usize, usize)]>) -> Option<f64> {
        let d = &self.distances;
        let n = p.n();
        if n > MAX_BOUNDED_PEOPLE || p.n_counting != n {
            return None;
        }
        let partners = p.groups.size_hi.saturating_sub(1).min(n.saturating_sub(1));
        let mut row = Vec::with_capacity(n);
        let mut star = 0.0;
        for i in 0..n {
            row.clear();
            row.extend((0..n).filter(|&j| j != i).map(|j| d.get(i, j).max(0.0)));
            star += largest_sum(&mut row, partners);
        }
        let star = star / 2.0;
        let Some(sizes) = sizes else {
            return Some(star);
        };
        let pairs: usize = sizes
            .iter()
            .map(|&(m, k)| k * m * m.saturating_sub(1) / 2)
            .sum();
        let mut all: Vec<f64> = (0..n)
            .flat_map(|i| (i + 1..n).map(move |j| (i, j)))
            .map(|(i, j)| d.get(i, j).max(0.0))
            .collect();
        Some(star.min(largest_sum(&mut all, pairs)))
    }
}

impl SoftTerm for Diversity {
    fn name(&self) -> String {
        "diversity".into()
    }

    fn pair_scope(&self) -> PairScope {
        if self.weight > 0.0 {
            PairScope::Every
        } else {
            PairScope::None
        }
    }

    fn never_negative(&self) -> bool {
        self.weight <= 0.0
    }

    #[inline]
    fn pair_cost(&self, i: usize, j: usize) -> f64 {
        if self.weight > 0.0 {
            -self.weight * self.distances.get(i, j)
        } else {
            0.0
        }
    }

    fn ceiling(&self, _p: &Problem, pairs: f64) -> f64 {
        self.weight * self.distances.largest() * pairs
    }

    fn lower_bound(&self, p: &Problem, sizes: Option<&[(usize, usize)]>) -> Option<f64> {
        if self.weight <= 0.0 {
            return Some(0.0);
        }
        Some(-self.weight * self.largest_reward(p, sizes)?)
    }

    fn weight_mut(&mut self) -> &mut f64 {
        &mut self.weight
    }

    fn restrict(&self, r: &Restriction) -> Self {
        let distances = match &self.distances {
            Distances::Gower(cols) => Distances::Gower(
                cols.iter()
                    .map(|c| match c {
                        GowerColumn::Categorical(v) => GowerColumn::Categorical(r.pick(v)),
                        GowerColumn::Numeric(v) => GowerColumn::Numeric(r.pick(v)),
                    })
                    .collect(),
            ),
            Distances::Dense { n, d } => Distances::Dense {
                n: r.keep.len(),
                d: (r.keep.iter())
                    .flat_map(|&i| r.keep.iter().map(move |&j| d[i * n + j]))
                    .collect(),
            },
        };
        Diversity {
            weight: self.weight,
            distances,
        }
    }
}

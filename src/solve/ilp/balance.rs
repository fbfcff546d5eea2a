//! A balance column in the integer program: per group and value, a deviation variable
//! above the count's distance outside ⌊n_v·m/N⌋..⌈n_v·m/N⌉ for the group's size m, and the
//! column's cap as a constraint.
//!
//! Also a small integer program per column for the lower bound of [`crate::solve::bound`]:
//! how many of each value every group holds, with the groups' sizes fixed, the column's
//! cap, and the together sets that bring several members of one value into the same group.
//! Everything else about the members is left out, so its optimum bounds the column's
//! deviations from below.

use super::{run_highs, Encode, GroupingIlp, IlpOptions, Relax};
use crate::model::problem::{Balance, Problem};
use good_lp::{constraint, variable, Constraint, Expression, ProblemVariables, Variable};

/// Most groups for which a column's together sets are modelled (by a small integer
/// program); beyond it they are left out and the bound is a little weaker.
const MAX_GROUPS_WITH_SETS: usize = 200;

impl Encode for Balance {
    fn encode(&self, ilp: &mut GroupingIlp, p: &Problem, relax: &Relax) {
        let n = p.n();
        let (_, m_hi) = GroupingIlp::total_bounds(p, relax);
        for g in 0..p.groups.count {
            let z = ilp.size_choice(p, relax, g);
            for (v, &nv) in self.cohort.iter().enumerate() {
                let who = (0..n).filter(|&i| self.value_of[i] as usize == v);
                let c = ilp.size_of(who, g);
                if let (Some(cap), false) = (self.max_per_group, relax.balance_caps) {
                    ilp.add(constraint!(c.clone() <= cap as f64));
                }
                if self.weight <= 0.0 {
                    continue;
                }
                let dev = ilp.var(variable().min(0));
                ilp.objective += self.weight * dev;
                let big = m_hi as f64;
                for &(s, zs) in &z {
                    let num = nv * s;
                    let big_n = p.population;
                    let (floor, ceil) = ((num / big_n) as f64, num.div_ceil(big_n) as f64);
                    let slack = big * (1.0 - zs);
                    ilp.add(constraint!(dev >= c.clone() - ceil - slack.clone()));
                    ilp.add(constraint!(dev >= floor - c.clone() - slack));
                }
            }
        }
    }

    fn rule_family(&self) -> Option<(&'static str, Relax)> {
        let relax = Relax {
            balance_caps: true,
            ..Relax::default()
        };
        self.max_per_group.map(|_| ("balance max_per_group caps", relax))
    }

    fn rows_per_group(&self, _p: &Problem) -> usize {
        self.values.len() * 3
    }

    /// With together sets that hold two members of one value, the column's own integer
    /// program (they force deviations that sizes alone do not).
    fn tighter_bound(&self, p: &Problem, sizes: &[usize], opts: &IlpOptions) -> Option<f64> {
        if self.weight <= 0.0 || p.n_counting != p.n() || p.groups.count > MAX_GROUPS_WITH_SETS {
            return None;
        }
        // Together sets matter to a column only when they hold two members of one value.
        let sets: Vec<Vec<usize>> = (p.together.iter())
            .filter(|s| {
                let mut v: Vec<u32> = s.iter().map(|&i| self.value_of[i]).collect();
                v.sort_unstable();
                v.windows(2).any(|w| w[0] == w[1])
            })
            .cloned()
            .collect();
        if sets.is_empty() {
            return None;
        }
        let fewest = column_bound(self, sizes, &sets, p.population, opts)?;
        Some(self.weight * fewest)
    }
}

/// The fewest total deviations of column `b` (rounded up from HiGHS's bound), or `None`
/// when HiGHS gives no bound or finds the column's rules impossible.
pub fn column_bound(
    b: &Balance,
    sizes: &[usize],
    together: &[Vec<usize>],
    population: usize,
    opts: &IlpOptions,
) -> Option<f64> {
    let mut vars = ProblemVariables::new();
    let mut rows: Vec<Constraint> = Vec::new();
    let mut objective = Expression::from(0.0);
    let values = b.cohort.len();
    // count[g][v]: members of value v in group g.
    let count: Vec<Vec<Variable>> = sizes
        .iter()
        .map(|&m| {
            b.cohort
                .iter()
                .map(|&nv| {
                    let cap = b.max_per_group.unwrap_or(m).min(m).min(nv);
                    vars.add(variable().integer().min(0).max(cap as f64))
                })
                .collect()
        })
        .collect();
    for (g, &m) in sizes.iter().enumerate() {
        let row: Expression = count[g].iter().copied().sum();
        rows.push(constraint!(row == m as f64));
        for (v, &nv) in b.cohort.iter().enumerate() {
            let num = nv * m;
            let (floor, ceil) = ((num / population) as f64, num.div_ceil(population) as f64);
            let dev = vars.add(variable().min(0));
            objective += dev;
            rows.push(constraint!(dev >= count[g][v] - ceil));
            rows.push(constraint!(dev >= floor - count[g][v]));
        }
    }
    for v in 0..values {
        let col: Expression = count.iter().map(|row| row[v]).sum();
        rows.push(constraint!(col == b.cohort[v] as f64));
    }
    // Each together set sits in one group and brings its values along.
    let mut brought: Vec<Vec<Option<Expression>>> = vec![vec![None; values]; sizes.len()];
    let mut placed: Vec<Expression> = vec![Expression::from(0.0); sizes.len()];
    for set in together {
        let at: Vec<Variable> = sizes
            .iter()
            .map(|_| vars.add(variable().binary()))
            .collect();
        let once: Expression = at.iter().copied().sum();
        rows.push(constraint!(once == 1));
        for (g, &y) in at.iter().enumerate() {
            placed[g] += set.len() as f64 * y;
            for &i in set {
                *brought[g][b.value_of[i] as usize].get_or_insert_with(Expression::default) += y;
            }
        }
    }
    for (g, &m) in sizes.iter().enumerate() {
        let p = std::mem::take(&mut placed[g]);
        rows.push(constraint!(p <= m as f64));
        for v in 0..values {
            if let Some(e) = brought[g][v].take() {
                rows.push(constraint!(count[g][v] >= e));
            }
        }
    }
    let run = run_highs(vars, Some(objective), rows, None, opts);
    if run.infeasible {
        return None;
    }
    run.bound.map(|x| (x - 1e-6).ceil().max(0.0))
}

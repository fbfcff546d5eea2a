//! A small integer program per balance column, for the lower bound of
//! [`crate::solve::bound`]: how many of each value every group holds, with the groups'
//! sizes fixed, the column's cap, and the together sets that bring several members of one
//! value into the same group. Everything else about the members is left out, so its
//! optimum bounds the column's deviations from below.

use super::{run_highs, IlpOptions};
use crate::model::problem::Balance;
use good_lp::{constraint, variable, Constraint, Expression, ProblemVariables, Variable};

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

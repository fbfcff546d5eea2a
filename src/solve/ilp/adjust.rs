//! The integer programs of `adjust` (README: How `adjust` re-plans a cycle), lexicographic: every hard rule as a
//! constraint; first the fewest members away from home, then, with that many moves at
//! most, the lowest score.

use super::{GroupingIlp, IlpOptions, IlpOutcome, Relax};
use crate::model::problem::Problem;
use crate::model::terms::SoftTerm;
use good_lp::{constraint, Expression};

/// Most member-group assignment variables of an `adjust` integer program.
pub const MAX_ASSIGNMENTS: usize = 20_000;

/// Where members were before the change.
#[derive(Debug, Clone, Copy)]
pub struct HomeGroups<'a> {
    /// Home group of each member (`None`: a joiner, at home anywhere).
    pub of: &'a [Option<usize>],
    /// For each group, the home it counts as (a group split off another counts as it).
    pub counts_as: &'a [usize],
}

/// Whether the integer programs are small enough to build.
pub fn applies(p: &Problem) -> bool {
    p.n() * p.groups.count <= MAX_ASSIGNMENTS
}

/// The problem with every soft term switched off: its integer program holds the hard
/// rules only.
fn hard_rules_only(p: &Problem) -> Problem {
    let mut q = p.clone();
    q.terms.iter_mut().for_each(|t| *t.weight_mut() = 0.0);
    q
}

/// Every hard rule of `p` (no symmetry breaking: group labels matter here), with the
/// score as the model's objective, and the count of members away from home.
fn model(p: &Problem, homes: HomeGroups) -> (GroupingIlp, Expression) {
    let relax = Relax::default();
    let mut ilp = GroupingIlp::new(p);
    ilp.add_assignment(p, &relax);
    ilp.add_terms(p, &relax);
    let mut away = Expression::from(0.0);
    for (i, home) in homes.of.iter().enumerate() {
        let Some(h) = *home else { continue };
        for (g, &counts) in homes.counts_as.iter().enumerate() {
            if counts != h {
                away += ilp.x[i][g];
            }
        }
    }
    (ilp, away)
}

/// The fewest members away from home under every hard rule: its `bound` is a lower
/// bound on the moves, `proven` that the assignment found moves exactly that many.
pub fn fewest_moves(
    p: &Problem,
    homes: HomeGroups,
    start: Option<&[usize]>,
    opts: &IlpOptions,
) -> IlpOutcome {
    let q = hard_rules_only(p);
    let (ilp, away) = model(&q, homes);
    let start = start.map(|s| ilp.start_columns(s));
    ilp.run(&q, Some(away), start, opts)
}

/// The lowest score with at most `moves` members away from home; its `bound` is a lower
/// bound on the score of every such assignment.
pub fn best_score(
    p: &Problem,
    homes: HomeGroups,
    moves: usize,
    start: Option<&[usize]>,
    opts: &IlpOptions,
) -> IlpOutcome {
    let (mut ilp, away) = model(p, homes);
    ilp.add(constraint!(away <= moves as f64));
    let start = start.map(|s| ilp.start_columns(s));
    let objective = ilp.objective.clone();
    ilp.run(p, Some(objective), start, opts)
}

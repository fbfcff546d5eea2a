//! The output of `plan`: each planned cycle with its groups and score, the total, the
//! solver and the pair coverage the plan reaches.

use super::rotation::CoverageView;
use super::{FacilitationView, GroupView, ScoreView, SolverView};
use crate::model::coverage::Coverage;
use crate::model::outcome::Solution;
use crate::model::score::{tidy, Score};
use serde::Serialize;

/// One planned cycle, before it is made a view.
pub struct CycleView {
    /// Cycle label.
    pub cycle: String,
    /// Groups.
    pub groups: Vec<GroupView>,
    /// Score, with the history and the planned cycles before it as history.
    pub score: Score,
    /// Pairs in its groups that met before (in the history or an earlier planned cycle).
    pub repeated_pairs: usize,
    /// Facilitator placements, when a pool is configured.
    pub facilitation: Option<FacilitationView>,
}

/// One planned cycle for output.
#[derive(Debug, Clone, Serialize)]
pub struct PlanCycleView {
    /// Cycle label.
    pub cycle: String,
    /// Groups.
    pub groups: Vec<GroupView>,
    /// Score.
    pub score: ScoreView,
    /// Pairs in its groups that met before (a count: `rotate`'s `repeated_pairs` lists them).
    #[serde(rename = "repeated_pairs_count")]
    pub repeated_pairs: usize,
    /// Facilitator placements, when a pool is configured (reported apart from the score).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub facilitation: Option<FacilitationView>,
}

/// Output of `plan`.
#[derive(Debug, Clone, Serialize)]
pub struct PlanView {
    /// The planned cycles in order.
    pub cycles: Vec<PlanCycleView>,
    /// The sum of the cycles' scores, component by component.
    pub score: ScoreView,
    /// Solver; its objective is the total score.
    pub solver: SolverView,
    /// Pairs that have met before the plan.
    pub coverage_before: CoverageView,
    /// Pairs that have met after the last planned cycle.
    pub coverage_after: CoverageView,
}

/// The view of a plan: the cycles, the solver facts and the coverage before and after.
pub fn view(
    cycles: Vec<CycleView>,
    solution: &Solution,
    before: &Coverage,
    after: &Coverage,
) -> PlanView {
    let total = sum(cycles.iter().map(|c| &c.score));
    let mut solver = SolverView::new(solution);
    solver.objective = total.total;
    PlanView {
        cycles: cycles
            .into_iter()
            .map(|c| PlanCycleView {
                score: ScoreView::new(&c.score),
                cycle: c.cycle,
                groups: c.groups,
                repeated_pairs: c.repeated_pairs,
                facilitation: c.facilitation,
            })
            .collect(),
        score: ScoreView::new(&total),
        solver,
        coverage_before: CoverageView::new(before),
        coverage_after: CoverageView::new(after),
    }
}

/// Scores added component by component (every cycle has the same components).
fn sum<'a>(scores: impl Iterator<Item = &'a Score>) -> Score {
    let mut components: Vec<(String, f64)> = Vec::new();
    for s in scores {
        if components.is_empty() {
            components = s.components.iter().map(|(k, _)| (k.clone(), 0.0)).collect();
        }
        for (acc, (_, v)) in components.iter_mut().zip(&s.components) {
            acc.1 += v;
        }
    }
    let components: Vec<(String, f64)> =
        components.into_iter().map(|(k, v)| (k, tidy(v))).collect();
    Score {
        total: tidy(components.iter().map(|c| c.1).sum()),
        components,
    }
}

/// The summary lines shared by the table and Markdown renderers (without list markup).
pub fn summary_lines(v: &PlanView) -> Vec<String> {
    let first = v.cycles.first().map_or("", |c| c.cycle.as_str());
    let last = v.cycles.last().map_or("", |c| c.cycle.as_str());
    let repeats: usize = v.cycles.iter().map(|c| c.repeated_pairs).sum();
    vec![
        format!("Plan of {} cycles: {first} … {last}", v.cycles.len()),
        format!("Repeated pairs: {repeats}"),
        format!(
            "Coverage: {}",
            v.coverage_before.change_to(&v.coverage_after)
        ),
        format!("Total score: {}", super::score_line(&v.score)),
        format!("Solver: {}", super::solver_line(&v.solver)),
    ]
}

/// The per-cycle summary header and rows.
pub const CYCLE_HEADER: [&str; 4] = ["Cycle", "Groups", "Repeated pairs", "Score"];

/// One summary row per cycle.
pub fn cycle_rows(v: &PlanView) -> Vec<Vec<String>> {
    v.cycles
        .iter()
        .map(|c| {
            vec![
                c.cycle.clone(),
                c.groups.len().to_string(),
                c.repeated_pairs.to_string(),
                super::score_line(&c.score),
            ]
        })
        .collect()
}

//! `plan`: plan several future cycles at once.

use super::{
    check_groups_output, cycle_label, facilitate, load, pool, print, problem, progress,
    write_groups_file, Loaded, MissingHistory, Options, Placing,
};
use crate::exit_code;
use crate::model::build::build;
use crate::model::coverage::{coverage, met_in};
use crate::model::facilitators::{self, Pool};
use crate::model::grouping::canonical;
use crate::model::history::{Cycle, GroupRecord};
use crate::model::outcome::infeasible;
use crate::model::rules;
use crate::model::score::{repeated_pairs, score};
use crate::report::{self, plan as plan_view, GroupView, PlanView};
use crate::solve::plan::{plan, PlanOptions, MAX_MEMBERS};
use anyhow::{bail, Result};
use std::path::Path;

/// Plans `cycles` cycles labelled `LABEL-1 … LABEL-N` after the history, prints the plan
/// and writes it to `out` (the long format, CSV or workbook) when given. Each cycle is scored and checked as
/// it will stand, with the history and the planned cycles before it as history; nothing is
/// written unless every cycle keeps every hard rule.
pub fn run(opts: &Options, cycles: usize, label: &str, out: Option<&Path>) -> Result<i32> {
    let to_stdout = check_groups_output(out, None)?;
    let l = load(opts, MissingHistory::NoHistory)?;
    let prefix = cycle_label(Some(label))?;
    let labels: Vec<String> = (1..=cycles).map(|k| format!("{prefix}-{k}")).collect();
    if let Some(c) = l.history.iter().find(|c| labels.contains(&c.label)) {
        bail!(
            "cycle '{}' is already in the history; plan labels its cycles {prefix}-1 … {prefix}-{cycles}, so choose another prefix with --cycle (nothing was written)",
            c.label
        );
    }
    let p = problem(opts, &l, &l.history)?;
    if p.n() > MAX_MEMBERS {
        bail!(
            "plan handles up to {MAX_MEMBERS} eligible members at once and the roster has {}; form the cycles one by one with rotate",
            p.n()
        );
    }
    let pool = pool(&l, &p)?;
    let display = progress::Display::new(opts.quiet).with_phase("planning");
    let planned = plan(
        &p,
        &PlanOptions {
            cycles,
            lookback: l.settings.repeats.lookback,
            solve: opts.solve.clone(),
        },
    )?;
    drop(display);
    let before = coverage(p.n(), &met_in(&p, &l.history));
    let mut history = l.history.clone();
    let mut views = Vec::new();
    for (label, group_of) in labels.iter().zip(&planned.cycles) {
        let (view, cycle) = cycle_view(opts, &l, pool.as_ref(), &history, label, group_of)?;
        views.push(view);
        history.push(cycle);
    }
    let after = coverage(p.n(), &met_in(&p, &history));
    let view: PlanView = plan_view::view(views, &planned.solution, &before, &after);
    debug_assert!(
        (view.score.total - planned.solution.objective).abs() < 1e-6,
        "the search's objective {} is the sum of the cycles' scores {}",
        planned.solution.objective,
        view.score.total
    );
    if let Some(path) = out {
        let rows: Vec<_> = (view.cycles.iter())
            .flat_map(|c| report::csv::rows(&c.cycle, &c.groups))
            .collect();
        write_groups_file(&l, path, None, &rows)?;
    }
    if !to_stdout {
        print(&opts.format.renderer().plan(&view)?)?;
    }
    Ok(exit_code::SUCCESS)
}

/// The planned cycle `label` (members' groups `group_of`) as the plan shows it and as the
/// history will hold it, scored and checked with `history` (the history and the planned
/// cycles before it) as its past.
fn cycle_view(
    opts: &Options,
    l: &Loaded,
    pool: Option<&Pool>,
    history: &[Cycle],
    label: &str,
    group_of: &[usize],
) -> Result<(plan_view::CycleView, Cycle)> {
    // The problem as it will stand at this cycle: the planned cycles before it have happened.
    let pc = build(&l.inputs(history))?;
    let grouping = canonical(&pc, group_of);
    let (people, facilitation) = facilitate(
        opts,
        &pc,
        pool,
        &grouping,
        history,
        Placing::Place { kept: &[] },
    );
    let groups = report::group_views(&pc, &grouping, people);
    let cycle = record(label, &groups);
    let (mut broken, _) = rules::check(&pc, &cycle.groups);
    if let Some(pool) = pool {
        broken.extend(facilitators::check(pool, &cycle.groups));
    }
    if let Some(v) = broken.first() {
        return Err(infeasible(
            format!(
                "no plan keeping every hard rule was found: cycle {label} breaks {}",
                v.rule
            ),
            vec![
                v.message.clone(),
                "raise --effort or --time-limit, plan fewer cycles, or relax a hard rule".into(),
            ],
        ));
    }
    let repeated = grouping
        .groups
        .iter()
        .map(|g| repeated_pairs(&pc, g).len())
        .sum();
    let view = plan_view::CycleView {
        cycle: label.to_string(),
        groups,
        score: score(&pc, &grouping.groups),
        repeated_pairs: repeated,
        facilitation,
    };
    Ok((view, cycle))
}

/// A planned cycle as the history will hold it.
fn record(label: &str, groups: &[GroupView]) -> Cycle {
    Cycle {
        label: label.to_string(),
        groups: groups
            .iter()
            .map(|g| GroupRecord {
                label: g.name.clone(),
                members: g.members.iter().map(|m| (m.id.clone(), 0)).collect(),
                facilitators: g.facilitators.iter().map(|f| (f.id.clone(), 0)).collect(),
            })
            .collect(),
    }
}

//! `adjust`: re-plan the last cycle of a groups file after a change, moving as few members
//! as the hard rules allow; print the moves and the score before and after, and with
//! `--out` write the file with that cycle replaced.

use super::{
    check_groups_output, facilitate, load, note_all, pool, print, progress, solve_options,
    write_groups_file, Loaded, MissingHistory, Options, Placing,
};
use crate::cli::AdjustArgs;
use crate::exit_code;
use crate::io::dialect::line_starts;
use crate::io::groups::{has_role, parse_cycles, Kept};
use crate::io::table::{parse_source, Table};
use crate::io::workbook;
use crate::model::adjust::{
    adjusted_inputs, facilitators_before, fit_count, homes, layout, moves, pins, roster_names,
    validate, Change, Layout,
};
use crate::model::build::{build, Inputs};
use crate::model::facilitators::Pool;
use crate::model::grouping::groups_of;
use crate::model::grouping::Grouping;
use crate::model::history::{cycles_before, merge_cycles, Cycle};
use crate::model::problem::Problem;
use crate::model::score::score;
use crate::report::adjust::{move_views, AdjustView, FewestMoves, ScoreChange};
use crate::report::{self, ScoreView, SolverView};
use crate::solve::adjust::adjust;
use crate::solve::search::Homes;
use anyhow::{bail, Context, Result};
use std::path::Path;

/// Adjusts the last cycle of `groups_path` by `args`; writes `out` when given.
pub fn run(
    opts: &Options,
    groups_path: &Path,
    args: &AdjustArgs,
    out: Option<&Path>,
) -> Result<i32> {
    let change = &change(args)?;
    let to_stdout = check_groups_output(out, None)?;
    let l = load(opts, MissingHistory::NoHistory)?;
    let file = workbook::file_of(groups_path);
    let bytes = std::fs::read(&file)
        .with_context(|| format!("cannot read groups file '{}'", file.display()))?;
    let table = parse_source(groups_path, &bytes)?;
    let cycles = parse_cycles(&table)?;
    let Some(cycle) = cycles.last() else {
        bail!("{}: the file has no groups", groups_path.display());
    };
    let all = merge_cycles(&l.history, &cycles);
    let history = cycles_before(&all, &cycle.label);
    let source = groups_path.display().to_string();
    let (before, p, layout) = problems(opts, &l, cycle, history, change, &source)?;
    let pool = pool(&l, &p)?;
    let kept = earlier_cycles(&table, &bytes, cycle);
    if pool.is_some() && out.is_some() && !has_role(Some(&kept)) {
        bail!(
            "{source}:1: the file has no `role` column, which facilitator rows need; add a `role` column to its header (empty on the existing rows), then run adjust again"
        );
    }

    let homes = Homes {
        of: homes(&p, cycle, &layout),
        counts_as: layout.counts_as(),
    };
    let adjusted = {
        let _display = progress::Display::new(opts.quiet).with_phase("re-planning");
        adjust(&p, &homes, &solve_options(opts, p.n(), false))?
    };
    let solution = adjusted.solution;
    let grouping = Grouping {
        labels: layout.labels.clone(),
        groups: groups_of(&solution.group_of, layout.labels.len()),
    };
    let had = match &pool {
        Some(pool) => pool_indices(pool, &facilitators_before(cycle, &layout)),
        None => Vec::new(),
    };
    let (people, facilitation) = facilitate(
        opts,
        &p,
        pool.as_ref(),
        &grouping,
        history,
        Placing::Place { kept: &had },
    );
    let moved = moves(&p, cycle, &layout, &solution.group_of, change);
    let (_, groups_before) = crate::model::rules::check(&before, &cycle.groups);
    let view = AdjustView::new(
        cycle.label.clone(),
        move_views(&before, &roster_names(&l.roster, &l.settings), &moved),
        ScoreChange {
            before: ScoreView::new(&score(&before, &groups_before)),
            after: ScoreView::new(&score(&p, &grouping.groups)),
        },
        report::group_views(&p, &grouping, people),
        SolverView::new(&solution),
        FewestMoves::new(adjusted.moves, adjusted.moves_bound),
        facilitation,
    );
    if let Some(path) = out {
        let rows: Vec<_> = report::csv::rows(&view.cycle, &view.groups).collect();
        write_groups_file(&l, path, Some(&kept), &rows)?;
    }
    if !to_stdout {
        print(&opts.format.renderer().adjust(&view)?)?;
    }
    Ok(exit_code::SUCCESS)
}

/// The problem before the change and the adjusted one (the removed people take no part;
/// the group count and pins follow the layout), with the layout of the adjusted groups.
/// `source` names the groups file in messages.
fn problems(
    opts: &Options,
    l: &Loaded,
    cycle: &Cycle,
    history: &[Cycle],
    change: &Change,
    source: &str,
) -> Result<(Problem, Problem, Layout)> {
    let problem_without = |remove: &[String]| {
        let (roster, settings) = adjusted_inputs(&l.roster, &l.settings, remove);
        build(&Inputs {
            settings: &settings,
            roster: &roster,
            ..l.inputs(history)
        })
    };
    let before = problem_without(&[])?;
    note_all(opts, &before.notes);
    let layout = layout(cycle, change, &before.groups, source)?;
    validate(
        &before,
        cycle,
        change,
        &layout,
        source,
        &l.roster.path.display().to_string(),
    )?;
    note_all(opts, &still_eligible(&before, change, &l.roster.path));
    let mut p = problem_without(&change.remove)?;
    fit_count(&mut p, layout.labels.len(), l.settings.groups.count)
        .with_context(|| format!("adjusting cycle '{}' of {source}", cycle.label))?;
    pins(&mut p, &l.settings, change, &layout)?;
    Ok((before, p, layout))
}

/// A note naming the people `change` removes who are still eligible in the roster at
/// `roster` (`before` is the problem before the change); empty when there are none.
fn still_eligible(before: &Problem, change: &Change, roster: &Path) -> Vec<String> {
    let still: Vec<&str> = (change.remove.iter())
        .filter(|id| before.index_of(id).is_some())
        .map(String::as_str)
        .collect();
    if still.is_empty() {
        return Vec::new();
    }
    vec![format!(
        "{} still eligible in the roster {}: give them an excluded status (e.g. inactive) so that check agrees with the adjusted groups",
        still.join(", "),
        roster.display()
    )]
}

/// The pool indices of each group's facilitator ids (ids not in the pool are left out).
fn pool_indices(pool: &Pool, ids: &[Vec<String>]) -> Vec<Vec<usize>> {
    (ids.iter())
        .map(|ids| ids.iter().filter_map(|id| pool.index_of(id)).collect())
        .collect()
}

/// What `--out` keeps of the groups file `table` (read from `bytes`): the header and the
/// cycles before `cycle` (its last one), as they are.
fn earlier_cycles<'a>(table: &'a Table, bytes: &'a [u8], cycle: &Cycle) -> Kept<'a> {
    let first = cycle
        .groups
        .iter()
        .flat_map(|g| g.members.iter().chain(&g.facilitators))
        .map(|(_, line)| *line)
        .min()
        .unwrap_or(table.header_line + 1);
    let csv = table.dialect().map(|_| {
        let start = line_starts(bytes).get(first as usize - 1).copied();
        &bytes[..start.unwrap_or(bytes.len())]
    });
    Kept {
        table,
        rows: &table.rows[..table.rows.partition_point(|r| r.line < first)],
        csv,
    }
}

/// The change the flags ask for: lists may also be comma-separated.
fn change(a: &AdjustArgs) -> Result<Change> {
    let ids = |v: &[String]| -> Vec<String> {
        v.iter()
            .flat_map(|s| s.split(','))
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect()
    };
    let mut moves = Vec::new();
    for m in ids(&a.moves) {
        match m.split_once('=') {
            Some((id, g)) if !id.trim().is_empty() && !g.trim().is_empty() => {
                moves.push((id.trim().to_string(), g.trim().to_string()));
            }
            _ => bail!("--move {m}: write ID=GROUP, e.g. --move m012=G03"),
        }
    }
    let merge = match &a.merge {
        None => None,
        Some(m) => match m.split_once(',') {
            Some((a, b)) if !a.trim().is_empty() && !b.trim().is_empty() && !b.contains(',') => {
                Some((a.trim().to_string(), b.trim().to_string()))
            }
            _ => bail!("--merge {m}: name two groups, e.g. --merge G01,G02"),
        },
    };
    Ok(Change {
        add: ids(&a.add),
        remove: ids(&a.remove),
        moves,
        split: a.split.as_ref().map(|s| s.trim().to_string()),
        merge,
    })
}

//! `check`: verify a groups file against every hard rule.

use super::Options;
use super::{load, note_all, pool, print, target, MissingHistory};
use crate::exit_code;
use crate::model::{facilitators, rules, score::score};
use crate::report::{self, CheckView, ScoreView};
use crate::text::plural;
use anyhow::Result;
use std::path::Path;

/// Checks the last cycle of `groups_path` (or `cycle`); exit 1 when a rule is broken.
pub fn run(opts: &Options, groups_path: &Path, cycle: Option<&str>) -> Result<i32> {
    let l = load(opts, MissingHistory::NoHistory)?;
    let t = target(opts, &l, groups_path, cycle)?;
    let p = &t.problem;
    let (mut violations, groups) = rules::check(p, &t.cycle.groups);
    match pool(&l, p)? {
        Some(pool) => violations.extend(facilitators::check(&pool, &t.cycle.groups)),
        None => note_all(opts, &unchecked_facilitators(&t.cycle)),
    }
    let view = CheckView {
        ok: violations.is_empty(),
        violations: report::violation_views(&violations),
        score: ScoreView::new(&score(p, &groups)),
    };
    print(&opts.format.renderer().check(&view)?)?;
    Ok(if view.ok {
        exit_code::SUCCESS
    } else {
        exit_code::VIOLATIONS
    })
}

/// A note when a cycle has facilitator rows but the config has no pool to check them with.
pub(super) fn unchecked_facilitators(cycle: &crate::model::history::Cycle) -> Vec<String> {
    let rows: usize = cycle.groups.iter().map(|g| g.facilitators.len()).sum();
    if rows == 0 {
        return Vec::new();
    }
    vec![format!(
        "{} in cycle '{}' {} not checked: the config has no [facilitators] table",
        plural(rows, "facilitator row", "facilitator rows"),
        cycle.label,
        if rows == 1 { "is" } else { "are" }
    )]
}

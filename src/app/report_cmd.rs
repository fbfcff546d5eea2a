//! `report`: what a groups file's cycle is made of, and what the history covers.

use super::check::unchecked_facilitators;
use super::{load, note_all, pool, print, target, MissingHistory};
use crate::cli::Cli;
use crate::exit_code;
use crate::model::coverage::{coverage, met_in};
use crate::model::facilitators::{self, past_meetings};
use crate::model::grouping::Grouping;
use crate::model::history::{cycles_before, cycles_through};
use crate::model::{rules, score::score};
use crate::report::{self, facilitation, group_report, PersonView};
use anyhow::Result;
use std::path::Path;

/// Reports on the last cycle of `groups_path` (or `cycle`).
pub fn run(cli: &Cli, groups_path: &Path, cycle: Option<&str>) -> Result<i32> {
    let l = load(cli, MissingHistory::NoHistory)?;
    let t = target(cli, &l, groups_path, cycle)?;
    let p = &t.problem;
    let records = &t.cycle.groups;
    let (mut violations, groups) = rules::check(p, records);
    let before = cycles_before(&t.all, &t.cycle.label);
    let pool = pool(&l, p)?;
    let (people, facilitation) = match &pool {
        Some(pool) => {
            violations.extend(facilitators::check(pool, records));
            let placed: Vec<Vec<usize>> = records
                .iter()
                .map(|r| {
                    let mut fs: Vec<usize> = r
                        .facilitators
                        .iter()
                        .filter_map(|(id, _)| pool.index_of(id))
                        .collect();
                    fs.dedup();
                    fs
                })
                .collect();
            let met = past_meetings(pool, p, before);
            let labels: Vec<String> = records.iter().map(|r| r.label.clone()).collect();
            let view = facilitation::view(pool, &labels, &groups, &placed, &met);
            let people = records
                .iter()
                .map(|r| {
                    r.facilitators
                        .iter()
                        .map(|(id, _)| match pool.index_of(id) {
                            Some(f) => PersonView::facilitator(id, &pool.facilitators[f].name),
                            None => PersonView::facilitator(id, id),
                        })
                        .collect()
                })
                .collect();
            (people, Some(view))
        }
        None => {
            note_all(cli, &unchecked_facilitators(&t.cycle));
            let people = records
                .iter()
                .map(|r| {
                    r.facilitators
                        .iter()
                        .map(|(id, _)| PersonView::facilitator(id, id))
                        .collect()
                })
                .collect();
            (people, None)
        }
    };
    let grouping = Grouping {
        labels: records.iter().map(|r| r.label.clone()).collect(),
        groups: groups.clone(),
    };
    let through = cycles_through(&t.all, &t.cycle.label);
    let view = group_report::build(group_report::ReportParts {
        problem: p,
        cycle: t.cycle.label.clone(),
        groups: report::group_views(p, &grouping, people),
        members: &groups,
        score: &score(p, &groups),
        met_before: &met_in(p, before),
        coverage: &coverage(p.n(), &met_in(p, through)),
        cycles: through.len(),
        facilitation,
        violations: report::violation_views(&violations),
    });
    print(&report::render_report(cli.format, &view)?)?;
    Ok(exit_code::SUCCESS)
}

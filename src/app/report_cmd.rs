//! `report`: what a groups file's cycle is made of, and what the history covers.

use super::check::unchecked_facilitators;
use super::{facilitate, load, note_all, pool, print, target, MissingHistory, Options, Placing};
use crate::exit_code;
use crate::model::coverage::{coverage, met_in};
use crate::model::facilitators;
use crate::model::grouping::Grouping;
use crate::model::history::{cycles_before, cycles_through};
use crate::model::{rules, score::score};
use crate::report::{self, group_report, Format, PersonView};
use anyhow::Result;
use std::path::Path;

/// Reports on the last cycle of `groups_path` (or `cycle`).
pub fn run(opts: &Options, groups_path: &Path, cycle: Option<&str>) -> Result<i32> {
    let l = load(opts, MissingHistory::NoHistory)?;
    let t = target(opts, &l, groups_path, cycle)?;
    let p = &t.problem;
    let records = &t.cycle.groups;
    let (mut violations, groups) = rules::check(p, records);
    let before = cycles_before(&t.all, &t.cycle.label);
    let pool = pool(&l, p)?;
    let grouping = Grouping {
        labels: records.iter().map(|r| r.label.clone()).collect(),
        groups: groups.clone(),
    };
    let recorded = match &pool {
        Some(pool) => {
            violations.extend(facilitators::check(pool, records));
            let placed = (records.iter())
                .map(|r| {
                    let mut fs: Vec<usize> = (r.facilitators.iter())
                        .filter_map(|(id, _)| pool.index_of(id))
                        .collect();
                    fs.dedup();
                    fs
                })
                .collect();
            Placing::Recorded(placed)
        }
        None => {
            note_all(opts, &unchecked_facilitators(&t.cycle));
            Placing::Recorded(Vec::new())
        }
    };
    let (_, facilitation) = facilitate(opts, p, pool.as_ref(), &grouping, before, recorded);
    // Everyone the file records as a facilitator is shown, in the pool or not.
    let people = (records.iter())
        .map(|r| {
            (r.facilitators.iter())
                .map(|(id, _)| {
                    let pooled = pool
                        .as_ref()
                        .and_then(|pool| pool.index_of(id).map(|f| (pool, f)));
                    match pooled {
                        Some((pool, f)) => PersonView::facilitator(id, &pool.facilitators[f].name),
                        None => PersonView::facilitator(id, id),
                    }
                })
                .collect()
        })
        .collect();
    let through = cycles_through(&t.all, &t.cycle.label);
    let met_through = met_in(p, through);
    let view = group_report::build(group_report::ReportParts {
        problem: p,
        cycle: t.cycle.label.clone(),
        groups: report::group_views(p, &grouping, people),
        members: &groups,
        score: &score(p, &groups),
        met_before: &met_in(p, before),
        coverage: &coverage(p.n(), &met_through),
        cycles: through.len(),
        facilitation,
        violations: report::violation_views(&violations),
        pictures: match opts.format {
            Format::Html => group_report::pictures(p, &groups, through, &met_through),
            _ => group_report::Pictures::default(),
        },
    });
    print(&opts.format.renderer().report(&view)?)?;
    Ok(exit_code::SUCCESS)
}

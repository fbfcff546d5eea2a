//! `explain ID…`: why people are in their groups, in plain sentences.

use super::{load, pool, print, target, Loaded, MissingHistory, Options};
use crate::exit_code;
use crate::model::explain::explain;
use crate::model::history::GroupRecord;
use crate::model::problem::Problem;
use crate::model::rules;
use crate::model::score::score;
use crate::report::explain::PersonExplained;
use crate::report::{ExplainView, ScoreView};
use anyhow::{bail, Result};
use std::path::Path;

/// Explains where each of `ids` is in the last cycle of `groups` (default: the history),
/// or in `cycle`.
pub fn run(
    opts: &Options,
    ids: &[String],
    groups: Option<&Path>,
    cycle: Option<&str>,
) -> Result<i32> {
    let l = load(opts, MissingHistory::NoHistory)?;
    let path = groups_file(&l, groups)?;
    let t = target(opts, &l, path, cycle)?;
    let (p, records) = (&t.problem, &t.cycle.groups);
    let (kept, groups) = rules::check(p, records);
    let pool = pool(&l, p)?;
    let mut people = Vec::with_capacity(ids.len());
    for token in ids {
        let person = match who(p, token)? {
            Some(i) => explain(p, records, (&kept, &groups), i)
                .map(|e| PersonExplained::member(p, records, &e)),
            None => facilitating(records, token).map(|label| {
                let name = (pool.as_ref())
                    .and_then(|pool| {
                        pool.index_of(token)
                            .map(|f| pool.facilitators[f].name.clone())
                    })
                    .unwrap_or_else(|| token.clone());
                PersonExplained::facilitator(token, &name, label)
            }),
        };
        match person {
            Some(x) => people.push(x),
            None => bail!(
                "'{token}' is in no group of cycle {} in {}: give the id (or exact name) of \
                 someone placed in that cycle",
                t.cycle.label,
                path.display()
            ),
        }
    }
    let view = ExplainView {
        cycle: t.cycle.label.clone(),
        score: ScoreView::new(&score(p, &groups)),
        people,
    };
    print(&opts.format.renderer().explain(&view)?)?;
    Ok(exit_code::SUCCESS)
}

/// `--groups`, else the history file.
fn groups_file<'a>(l: &'a Loaded, groups: Option<&'a Path>) -> Result<&'a Path> {
    match groups.or(l.history_path.as_deref()) {
        Some(path) => Ok(path),
        None => bail!(
            "explain needs groups: pass --groups FILE, or set `history = \"history.csv\"` in {}",
            l.settings.path.display()
        ),
    }
}

/// The member with id `token`, else with that name (case and surrounding spaces ignored);
/// several people of that name are bad input listing their ids.
fn who(p: &Problem, token: &str) -> Result<Option<usize>> {
    if let Some(i) = p.index_of(token) {
        return Ok(Some(i));
    }
    let wanted = token.trim().to_lowercase();
    let named: Vec<usize> = (0..p.n())
        .filter(|&i| p.members[i].name.trim().to_lowercase() == wanted)
        .collect();
    match named.as_slice() {
        [] => Ok(None),
        [i] => Ok(Some(*i)),
        several => {
            let ids: Vec<&str> = several.iter().map(|&i| p.members[i].id.as_str()).collect();
            bail!(
                "'{token}' names {} people ({}): give one of their ids",
                several.len(),
                ids.join(", ")
            )
        }
    }
}

/// The label of the group `id` facilitates in the cycle.
fn facilitating<'a>(records: &'a [GroupRecord], id: &str) -> Option<&'a str> {
    (records.iter())
        .find(|r| r.facilitators.iter().any(|(f, _)| f == id))
        .map(|r| r.label.as_str())
}

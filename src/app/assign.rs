//! `assign`: form the groups of one cycle.

use super::share::{self, Share};
use super::{
    check_groups_output, cycle_label, form, load, pool, print, problem, write_groups_file,
    MissingHistory, Options,
};
use crate::exit_code;
use crate::model::history::cycles_before;
use crate::report;
use anyhow::Result;
use std::path::Path;

/// Forms the groups; `out` receives the long format, as CSV or as a workbook, (facilitators as rows with role
/// `facilitator`), `share` the list meant for members.
pub fn run(
    opts: &Options,
    cycle: Option<&str>,
    out: Option<&Path>,
    share: Option<&Path>,
) -> Result<i32> {
    let to_stdout = check_groups_output(out, share)?;
    let share_format = share::format(share)?;
    let l = load(opts, MissingHistory::NoHistory)?;
    let share = share
        .zip(share_format)
        .map(|(path, format)| Share::new(&l, path, format))
        .transpose()?;
    let label = cycle_label(cycle)?;
    let history = cycles_before(&l.history, &label);
    let p = problem(opts, &l, history)?;
    let pool = pool(&l, &p)?;
    let formed = form(opts, &l.settings, &p, pool.as_ref(), label, history)?;
    if let Some(path) = out {
        let v = &formed.view;
        let rows: Vec<_> = report::csv::rows(&v.cycle, &v.groups).collect();
        write_groups_file(&l, path, None, &rows)?;
    }
    if let Some(share) = &share {
        share.write(&l, &p, &formed.grouping, &formed.view)?;
    }
    if !to_stdout {
        print(&opts.format.renderer().assign(&formed.view)?)?;
    }
    Ok(exit_code::SUCCESS)
}

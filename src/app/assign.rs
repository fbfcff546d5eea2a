//! `assign`: form the groups of one cycle.

use super::{
    check_groups_output, cycle_label, form, load, pool, print, problem, write_groups_file,
    MissingHistory,
};
use crate::cli::Cli;
use crate::exit_code;
use crate::model::history::cycles_before;
use crate::report;
use anyhow::Result;
use std::path::Path;

/// Forms the groups; `out` receives the long format (facilitators as rows with role
/// `facilitator`), as CSV or as a workbook.
pub fn run(cli: &Cli, cycle: Option<&str>, out: Option<&Path>) -> Result<i32> {
    let to_stdout = check_groups_output(out)?;
    let l = load(cli, MissingHistory::NoHistory)?;
    let label = cycle_label(cycle)?;
    let history = cycles_before(&l.history, &label);
    let p = problem(cli, &l, history)?;
    let pool = pool(&l, &p)?;
    let formed = form(cli, &p, pool.as_ref(), label, history)?;
    if let Some(path) = out {
        let v = &formed.view;
        let rows: Vec<_> = report::csv::rows(&v.cycle, &v.groups).collect();
        write_groups_file(&l, path, None, &rows)?;
    }
    if !to_stdout {
        print(cli, &report::render_assign(cli.format, &formed.view)?)?;
    }
    Ok(exit_code::SUCCESS)
}

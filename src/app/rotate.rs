//! `rotate`: form the next cycle from roster and history, and append it to the history.

use super::share::{self, Share};
use super::{
    check_outputs, cycle_label, form, load, note_all, pool, print, problem, write_groups_file,
    MissingHistory, Options,
};
use crate::exit_code;
use crate::io::atomic::write_atomic;
use crate::io::groups::{has_role, is_workbook};
use crate::io::table::Table;
use crate::io::workbook;
use crate::io::xlsx::BY_GROUP_SHEET;
use crate::model::forecast::forecast;
use crate::model::history::Cycle;
use crate::model::rotation::rotation;
use crate::report::{self, rotation as rotation_view, RotateView};
use anyhow::{bail, Result};
use std::path::Path;

/// Forms the cycle `cycle` (default today), prints the rotation report and, unless
/// `dry_run`, writes `report_path` (Markdown) and then appends the cycle to the history
/// file. The history file is replaced atomically by its old bytes plus the new rows, so
/// on any failure it is left exactly as it was.
pub fn run(
    opts: &Options,
    cycle: Option<&str>,
    dry_run: bool,
    report_path: Option<&Path>,
    share_path: Option<&Path>,
) -> Result<i32> {
    let to_stdout = check_outputs(&[report_path, share_path])?;
    let share_format = share::format(share_path)?;
    let l = load(opts, MissingHistory::Create)?;
    let share = share_path
        .zip(share_format)
        .map(|(path, format)| Share::new(&l, path, format))
        .transpose()?;
    let Some(history_path) = l.history_path.clone() else {
        bail!(
            "rotate appends the new cycle to the history file, and none is set: add `history = \"history.csv\"` to {} or pass --history FILE",
            l.settings.path.display()
        );
    };
    let label = new_label(&l.history, &history_path, cycle)?;
    let kept = l.kept_history();
    if let (Some(t), Some(bytes)) = (&l.history_table, &l.history_bytes) {
        if is_workbook(&history_path) {
            keeps_every_sheet(&history_path, t, bytes)?;
        }
    }
    let p = problem(opts, &l, &l.history)?;
    let pool = pool(&l, &p)?;
    if pool.is_some() && !has_role(kept.as_ref()) {
        bail!(
            "{}:1: the history has no `role` column, which facilitator rows need; add a `role` column to its header (empty on the existing rows), then run rotate again",
            history_path.display()
        );
    }
    let formed = form(opts, &l.settings, &p, pool.as_ref(), label, &l.history)?;
    let r = rotation(&p, &l.history, &formed.grouping);
    let f = forecast(&p, &formed.grouping.groups, l.settings.repeats.lookback);
    let view = RotateView {
        rotation: rotation_view::view(&p, &formed.grouping, &r, &f),
        assign: formed.view,
        dry_run,
    };
    if dry_run {
        note_all(opts, &dry_run_notes(report_path, share_path));
    } else {
        // The report and the list first: if one cannot be written, the history is still
        // unchanged.
        if let Some(path) = report_path {
            write_atomic(path, report::markdown::rotate(&view).as_bytes())?;
        }
        if let Some(share) = &share {
            share.write(&l, &p, &formed.grouping, &view.assign)?;
        }
        let rows: Vec<_> = report::csv::rows(&view.assign.cycle, &view.assign.groups).collect();
        write_groups_file(&l, &history_path, kept.as_ref(), &rows)?;
    }
    if !to_stdout {
        print(&opts.format.renderer().rotate(&view)?)?;
    }
    Ok(exit_code::SUCCESS)
}

/// The label of the new cycle (`cycle`, default today), which must not be in `history`.
fn new_label(history: &[Cycle], history_path: &Path, cycle: Option<&str>) -> Result<String> {
    let label = cycle_label(cycle)?;
    if let Some(c) = history.iter().find(|c| c.label == label) {
        let line = (c.groups.first())
            .and_then(|g| g.members.first().map(|m| m.1))
            .map_or(String::new(), |line| format!(":{line}"));
        bail!(
            "{}{line}: cycle '{label}' is already in the history; rotate forms a new cycle, so choose another label with --cycle (nothing was written)",
            history_path.display()
        );
    }
    Ok(label)
}

/// What `--dry-run` does not write, said so.
fn dry_run_notes(report_path: Option<&Path>, share_path: Option<&Path>) -> Vec<String> {
    let report = report_path.map(|path| {
        format!(
            "--dry-run writes nothing, not even '{}'; use --format markdown to see the report",
            path.display()
        )
    });
    let share = share_path.map(|path| {
        format!(
            "--dry-run writes nothing, not even the list '{}'",
            path.display()
        )
    });
    report.into_iter().chain(share).collect()
}

/// Refuses a history workbook with sheets that writing it again would lose: it is written
/// with the sheet it was read from (as `groups`) and `by group` only.
fn keeps_every_sheet(path: &Path, history: &Table, bytes: &[u8]) -> Result<()> {
    let Some(read) = &history.sheet else {
        return Ok(());
    };
    let others: Vec<String> = workbook::sheet_names(path, bytes)?
        .into_iter()
        .filter(|s| s != read && s != BY_GROUP_SHEET)
        .collect();
    if !others.is_empty() {
        bail!(
            "{}: the history workbook has other sheets ({}), which rotate would not keep when it writes the workbook again; move them to another file, then run rotate again (nothing was written)",
            path.display(),
            others.join(", ")
        );
    }
    Ok(())
}

//! `history list`, `history drop LABEL` and `history forecast`: the history file as a thing
//! to manage.

use super::{load, print, problem, progress, solve_options, Loaded, MissingHistory, Options};
use crate::exit_code;
use crate::io::atomic::write_atomic;
use crate::io::dialect::line_starts;
use crate::io::groups::{is_workbook, write_groups, Kept, OutRow};
use crate::io::table::{Row, Table};
use crate::model::forecast::forecast as model_forecast;
use crate::report::{HistoryForecastView, HistoryView};
use crate::solve::plan::{most_cycles, MAX_CYCLES};
use crate::text::plural;
use anyhow::{bail, Result};
use std::path::Path;

/// Lists the cycles of the history: groups, people, new pairs and coverage after each.
pub fn list(opts: &Options) -> Result<i32> {
    let l = load(opts, MissingHistory::NoHistory)?;
    let path = history_path(&l)?;
    let p = problem(opts, &l, &l.history)?;
    let view = HistoryView::new(&p, path.display().to_string(), &l.history);
    print(&opts.format.renderer().history(&view)?)?;
    Ok(exit_code::SUCCESS)
}

/// How many more cycles can run with no repeat: the proven bound and what `plan` reaches.
pub fn forecast(opts: &Options) -> Result<i32> {
    let l = load(opts, MissingHistory::NoHistory)?;
    let path = history_path(&l)?;
    let p = problem(opts, &l, &l.history)?;
    let lookback = l.settings.repeats.lookback;
    let f = model_forecast(&p, &[], lookback);
    let reached = {
        let _display = progress::Display::new(opts.quiet).with_phase("planning");
        let at_most = f.rounds.unwrap_or(MAX_CYCLES);
        most_cycles(&p, lookback, at_most, &solve_options(opts, p.n(), true))
    };
    let view =
        HistoryForecastView::new(&p, path.display().to_string(), l.history.len(), &f, reached);
    print(&opts.format.renderer().forecast(&view)?)?;
    Ok(exit_code::SUCCESS)
}

/// Drops the last cycle, `label`, under the history lock: a CSV history becomes the bytes it
/// had before that cycle was appended; a workbook is written again as `rotate` wrote it
/// after the cycle before. Nothing is written unless `label` is the last cycle.
pub fn drop_last(opts: &Options, label: &str) -> Result<i32> {
    let l = load(opts, MissingHistory::Create)?;
    let path = history_path(&l)?.to_path_buf();
    let (Some(table), Some(bytes), Some(last)) =
        (&l.history_table, &l.history_bytes, l.history.last())
    else {
        bail!(
            "{}: the history has no cycles to drop (nothing was written)",
            path.display()
        );
    };
    if last.label != label {
        let known = l.history.iter().any(|c| c.label == label);
        bail!(
            "{}: {} the last cycle is '{}', and only the last can be dropped (nothing was written)",
            path.display(),
            if known {
                format!("'{label}' is not the last cycle:")
            } else {
                format!("there is no cycle '{label}';")
            },
            last.label
        );
    }
    let cc = table.require("cycle", "a history has a cycle column")?;
    let first = first_line(table, cc, label);
    let out = if is_workbook(&path) {
        let before = l.history.iter().rev().nth(1).map(|c| c.label.as_str());
        workbook_before(&path, table, cc, first, before, &l)?
    } else {
        let start = line_starts(bytes).get(first as usize - 1).copied();
        bytes[..start.unwrap_or(bytes.len())].to_vec()
    };
    write_atomic(&path, &out)?;
    let people: usize = last.groups.iter().map(|g| g.members.len()).sum();
    print(&format!(
        "Dropped cycle {label} ({}, {}) from {}\n",
        plural(last.groups.len(), "group", "groups"),
        plural(people, "person", "people"),
        path.display()
    ))?;
    Ok(exit_code::SUCCESS)
}

/// The first line of cycle `label` (`cc` is the cycle column). The reader keeps each
/// cycle's rows in one block, in order, so the last cycle's rows are the file's last rows.
fn first_line(table: &Table, cc: usize, label: &str) -> u64 {
    (table.rows.iter().filter(|r| r.cells[cc] == label))
        .map(|r| r.line)
        .min()
        .unwrap_or(table.header_line + 1)
}

/// The history workbook as `rotate` wrote it when cycle `before` (if any) was its last: the
/// rows above that cycle kept, that cycle as the one just formed (sheet `by group`).
fn workbook_before(
    path: &Path,
    table: &Table,
    cc: usize,
    first: u64,
    before: Option<&str>,
    l: &Loaded,
) -> Result<Vec<u8>> {
    let rows = &table.rows[..table.rows.partition_point(|r| r.line < first)];
    let start = before.map_or(rows.len(), |b| {
        rows.iter()
            .position(|r| r.cells[cc] == b)
            .unwrap_or(rows.len())
    });
    let col = |name: &str| table.column(name);
    let (gc, mc, nc, rc) = (col("group"), col("member_id"), col("name"), col("role"));
    let formed: Vec<OutRow> = (rows[start..].iter())
        .map(|r| OutRow {
            cycle: &r.cells[cc],
            group: cell(r, gc),
            id: cell(r, mc),
            name: cell(r, nc),
            role: cell(r, rc),
        })
        .collect();
    let kept = Kept {
        table,
        rows: &rows[..start],
        csv: None,
    };
    write_groups(path, Some(&kept), &formed, l.dialect)
}

/// The cell of column `c` in row `r`, empty when the file has no such column.
fn cell(r: &Row, c: Option<usize>) -> &str {
    c.map_or("", |c| r.cells[c].as_str())
}

/// The history file the config or `--history` names.
fn history_path(l: &Loaded) -> Result<&Path> {
    match &l.history_path {
        Some(path) => Ok(path),
        None => bail!(
            "no history is set: add `history = \"history.csv\"` to {} or pass --history FILE",
            l.settings.path.display()
        ),
    }
}

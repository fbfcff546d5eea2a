//! One function per command (one file each): load → solve or check → render → write.
//! This module holds what the commands share: reading the inputs, forming one cycle's
//! groups with their facilitators, and printing.

mod adjust;
mod assign;
mod check;
mod explain;
mod history;
mod init;
mod options;
mod plan;
mod progress;
mod report_cmd;
mod rotate;
mod share;
mod shell;

pub use options::Options;

use crate::cli::{Cli, Command, HistoryAction};
use crate::config::{load_settings, DistanceSource, Settings};
use crate::io::atomic::{destination, write_atomic, Destination};
use crate::io::dialect::Dialect;
use crate::io::groups::{check_writable, parse_cycles, write_groups, Kept, OutRow};
use crate::io::lock::HistoryLock;
use crate::io::table::{parse_source, read_table, Table};
use crate::io::workbook;
use crate::model::build::{build, Inputs};
use crate::model::facilitators::{build_pool, past_meetings, place_keeping, Pool};
use crate::model::grouping::{canonical, Grouping};
use crate::model::history::{cycles_before, merge_cycles, Cycle};
use crate::model::problem::Problem;
use crate::model::score::score;
use crate::report::{
    self, facilitation, AssignView, FacilitationView, PersonView, ScoreView, SolverView,
};
use crate::solve::{solve_with, SolveOptions};
use anyhow::{bail, Context, Result};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Instant;

/// Runs a parsed command line; returns the exit code on success.
pub fn run(cli: &Cli) -> Result<i32> {
    STARTED.get_or_init(Instant::now);
    let opts = &Options::from_cli(cli);
    if opts.format == crate::report::Format::Html && !matches!(cli.command, Command::Report { .. })
    {
        bail!(crate::report::html::ONLY_REPORT);
    }
    match &cli.command {
        Command::Assign { cycle, out, share } => {
            assign::run(opts, cycle.as_deref(), out.as_deref(), share.as_deref())
        }
        Command::Check { groups, cycle } => check::run(opts, groups, cycle.as_deref()),
        Command::Rotate {
            cycle,
            dry_run,
            report,
            share,
        } => rotate::run(
            opts,
            cycle.as_deref(),
            *dry_run,
            report.as_deref(),
            share.as_deref(),
        ),
        Command::Report { groups, cycle } => report_cmd::run(opts, groups, cycle.as_deref()),
        Command::Explain { ids, groups, cycle } => {
            explain::run(opts, ids, groups.as_deref(), cycle.as_deref())
        }
        Command::Plan { cycles, cycle, out } => {
            plan::run(opts, *cycles as usize, cycle, out.as_deref())
        }
        Command::Init {
            dir,
            template,
            force,
        } => init::run(dir, *template, *force),
        Command::Adjust {
            groups,
            change,
            out,
        } => adjust::run(opts, groups, change, out.as_deref()),
        Command::Completions { shell } => shell::completions(*shell),
        Command::History { action } => match action {
            HistoryAction::List => history::list(opts),
            HistoryAction::Drop { label } => history::drop_last(opts, label),
            HistoryAction::Forecast => history::forecast(opts),
        },
        Command::Man { out } => shell::man(out.as_deref()),
    }
}

/// How a command uses the history file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MissingHistory {
    /// Reads it; a missing file is no history yet, unless `--history` named it (an error).
    NoHistory,
    /// Changes it (`rotate`): the history lock is taken before it is read and held until
    /// the command ends, the file must be writable, and a missing file is created.
    Create,
}

/// The inputs shared by every command.
struct Loaded {
    settings: Settings,
    roster: Table,
    /// The history file, when the config or `--history` names one.
    history_path: Option<PathBuf>,
    /// Its bytes as read, when it exists (`rotate` appends to exactly these).
    history_bytes: Option<Vec<u8>>,
    /// The history as read, when it exists and is not blank.
    history_table: Option<Table>,
    history: Vec<Cycle>,
    /// The dialect new CSV files are written in: `--csv-dialect`, else the roster's.
    dialect: Dialect,
    distances: Option<Table>,
    /// The facilitator pool file, when `[facilitators]` is set.
    pool: Option<Table>,
    /// The history lock, held from reading the history until the command ends (for the
    /// commands that change it).
    _lock: Option<HistoryLock>,
}

fn load(opts: &Options, missing: MissingHistory) -> Result<Loaded> {
    let config = &opts.config;
    let settings = load_settings(config)?;
    let roster_path = match (&opts.roster, &settings.roster) {
        (Some(p), _) | (None, Some(p)) => p.clone(),
        (None, None) => bail!(
            "{}: no roster given; set `roster = \"members.csv\"` in the config or pass --roster",
            config.display()
        ),
    };
    let roster = read_table(&roster_path)?;
    let history_path = opts.history.clone().or_else(|| settings.history.clone());
    let lock = match (&history_path, missing) {
        (Some(p), MissingHistory::Create) => {
            check_writable(p)?;
            let lock = HistoryLock::acquire(p)?;
            if let Destination::Stdout = destination(p)? {
                bail!("the history cannot be `-`: rotate appends to a file; name the history file with --history FILE");
            }
            Some(lock)
        }
        _ => None,
    };
    let history_bytes = match &history_path {
        None => None,
        Some(p) => match std::fs::read(workbook::file_of(p)) {
            Ok(bytes) => Some(bytes),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                if opts.history.is_some() && missing == MissingHistory::NoHistory {
                    bail!("history file '{}' not found", p.display());
                }
                None
            }
            Err(e) => bail!("cannot read history '{}': {e}", p.display()),
        },
    };
    // A missing or blank history file means no history yet.
    let history_table = match (&history_path, &history_bytes) {
        (Some(p), Some(bytes)) if !is_blank(bytes) => Some(parse_source(p, bytes)?),
        _ => None,
    };
    let history = match &history_table {
        Some(t) => parse_cycles(t)?,
        None => Vec::new(),
    };
    let dialect = Dialect::for_output(opts.csv_dialect, roster.dialect());
    let distances = match settings.diversity.as_ref().map(|d| &d.source) {
        Some(DistanceSource::File(p)) => Some(read_table(p)?),
        _ => None,
    };
    let pool = match &settings.facilitators {
        Some(f) => Some(read_table(&f.file).with_context(|| {
            format!(
                "the facilitator pool named by [facilitators] file in {}",
                config.display()
            )
        })?),
        None => None,
    };
    note_all(opts, &settings.notes);
    Ok(Loaded {
        settings,
        roster,
        history_path,
        history_bytes,
        history_table,
        history,
        dialect,
        distances,
        pool,
        _lock: lock,
    })
}

impl Loaded {
    /// What the problem is built from, with `history` as the cycles before it.
    fn inputs<'a>(&'a self, history: &'a [Cycle]) -> Inputs<'a> {
        Inputs {
            settings: &self.settings,
            roster: &self.roster,
            history,
            distances: self.distances.as_deref(),
        }
    }

    /// All of the history, kept when the history file is written again.
    fn kept_history(&self) -> Option<Kept<'_>> {
        let table = self.history_table.as_ref()?;
        Some(Kept {
            table,
            rows: &table.rows,
            csv: table.dialect().and(self.history_bytes.as_deref()),
        })
    }
}

/// Whether a file holds nothing but a BOM and white space.
fn is_blank(bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    bytes.iter().all(u8::is_ascii_whitespace)
}

fn problem(opts: &Options, l: &Loaded, history: &[Cycle]) -> Result<Problem> {
    let p = build(&l.inputs(history))?;
    note_all(opts, &p.notes);
    Ok(p)
}

/// The facilitator pool, when one is configured.
fn pool(l: &Loaded, p: &Problem) -> Result<Option<Pool>> {
    match (&l.pool, &l.settings.facilitators) {
        (Some(t), Some(f)) => Ok(Some(build_pool(t, &l.roster, f, &l.settings.columns, p)?)),
        _ => Ok(None),
    }
}

fn note_all(opts: &Options, notes: &[String]) {
    if !opts.quiet {
        for note in notes {
            eprintln!("note: {}", report::table::clean(note));
        }
    }
}

fn warn(opts: &Options, warning: &str) {
    if !opts.quiet {
        eprintln!("warning: {}", report::table::clean(warning));
    }
}

/// Checks the output files a command will write before it does any work (so that a path
/// that cannot be written fails at once); whether one of them is `-` (standard output), in
/// which case that file is the command's output and its usual result is not printed.
fn check_outputs(paths: &[Option<&Path>]) -> Result<bool> {
    let mut stdout = false;
    for path in paths.iter().flatten() {
        if destination(path)? == Destination::Stdout {
            if stdout {
                bail!("only one output file can be `-` (standard output)");
            }
            stdout = true;
        }
    }
    Ok(stdout)
}

/// [`check_outputs`] for a command whose `--out` writes groups: also checks that the file is
/// CSV or `.xlsx`.
/// `share` is the list for members, when one is asked for.
fn check_groups_output(out: Option<&Path>, share: Option<&Path>) -> Result<bool> {
    if let Some(path) = out {
        check_writable(path)?;
    }
    check_outputs(&[out, share])
}

/// Writes the groups file `path`: `kept` of an existing file, then `rows`.
fn write_groups_file(l: &Loaded, path: &Path, kept: Option<&Kept>, rows: &[OutRow]) -> Result<()> {
    write_atomic(path, &write_groups(path, kept, rows, l.dialect)?)
}

/// Prints a command's result on stdout; `--quiet` silences notes, never the result. A closed
/// pipe (e.g. `| head`) is not an error.
fn print(text: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(()),
    }
}

/// The cycle label: `--cycle`, or today's date (`YYYY-MM-DD`).
fn cycle_label(cycle: Option<&str>) -> Result<String> {
    match cycle {
        None => Ok(chrono::Local::now().format("%Y-%m-%d").to_string()),
        Some(c) if c.trim().is_empty() || c.contains(['\n', '\r']) => bail!(
            "--cycle '{}': a cycle label must be non-empty and on one line, e.g. --cycle 2026-11-01",
            c.escape_debug()
        ),
        Some(c) => Ok(c.trim().to_string()),
    }
}

/// One cycle formed by the solver: the groups and their facilitators.
struct Formed {
    grouping: Grouping,
    view: AssignView,
}

/// Solves `p` (built with `history` and `settings`), labels the groups and places the
/// facilitators.
fn form(
    opts: &Options,
    settings: &Settings,
    p: &Problem,
    pool: Option<&Pool>,
    label: String,
    history: &[Cycle],
) -> Result<Formed> {
    let display = progress::Display::new(opts.quiet);
    let solution = solve_with(
        p,
        &solve_options(opts, p.n(), !history.is_empty()),
        &|event| display.update(event),
    )?;
    drop(display);
    let grouping = canonical(p, &solution.group_of);
    let (people, facilitation) = facilitate(
        opts,
        p,
        pool,
        &grouping,
        history,
        Placing::Place { kept: &[] },
    );
    let gower = match settings.diversity.as_ref().map(|d| &d.source) {
        Some(DistanceSource::Columns(columns)) => columns.as_slice(),
        _ => &[],
    };
    let view = AssignView {
        summary: report::summary::plain_words(p, &grouping.groups, gower),
        cycle: label,
        groups: report::group_views(p, &grouping, people),
        score: ScoreView::new(&score(p, &grouping.groups)),
        solver: SolverView::new(&solution),
        facilitation,
    };
    Ok(Formed { grouping, view })
}

/// How facilitators come into the groups of a cycle.
enum Placing<'a> {
    /// Placed by the pool's rules, preferring those who have not met the members, keeping
    /// the pool indices of `kept` in the groups they had (none for a new cycle).
    Place {
        /// Each group's facilitators before, as pool indices.
        kept: &'a [Vec<usize>],
    },
    /// As a groups file records them: each group's facilitators as pool indices.
    Recorded(Vec<Vec<usize>>),
}

/// The facilitators of `pool` (if any) in the groups of `grouping`, met against `history`:
/// each group's facilitators and the placement view. A new placement that leaves groups
/// short is warned about.
fn facilitate(
    opts: &Options,
    p: &Problem,
    pool: Option<&Pool>,
    grouping: &Grouping,
    history: &[Cycle],
    placing: Placing,
) -> (Vec<Vec<PersonView>>, Option<FacilitationView>) {
    let Some(pool) = pool else {
        return (Vec::new(), None);
    };
    let met = past_meetings(pool, p, history);
    let (placed, placing_now) = match placing {
        Placing::Place { kept } => (place_keeping(pool, &grouping.groups, &met, kept), true),
        Placing::Recorded(placed) => (placed, false),
    };
    let view = facilitation::view(pool, &grouping.labels, &grouping.groups, &placed, &met);
    if let Some(w) = view.warning.as_ref().filter(|_| placing_now) {
        warn(opts, w);
    }
    (facilitation::people(pool, &placed), Some(view))
}

/// When the command started: `--time-limit` counts from here, reading and writing included.
static STARTED: OnceLock<Instant> = OnceLock::new();

/// Seconds per member kept back from the solver for what follows it (facilitators, the
/// report, writing): 0.5 s at 100,000 members...
const WRITE_SECONDS_PER_MEMBER: f64 = 5e-6;

/// ...and with a history, whose rotation report compares every pair met, 3.5 s.
const WRITE_SECONDS_PER_MEMBER_WITH_HISTORY: f64 = 3.5e-5;

/// The solver's seed and limits from the command line, for a problem of `members` with or
/// without a history: the time limit less the time already spent and the time kept back
/// for writing (at most half of what is left).
fn solve_options(opts: &Options, members: usize, history: bool) -> SolveOptions {
    let spent = STARTED.get().map_or(0.0, |t| t.elapsed().as_secs_f64());
    let left = (opts.solve.time_limit - spent).max(0.0);
    let per_member = if history {
        WRITE_SECONDS_PER_MEMBER_WITH_HISTORY
    } else {
        WRITE_SECONDS_PER_MEMBER
    };
    let kept = (members as f64 * per_member).min(left / 2.0);
    opts.solve.within(left - kept)
}

/// A cycle of a groups file, with the problem as it stood at that cycle.
struct Target {
    /// The config's history merged with the file's cycles.
    all: Vec<Cycle>,
    /// The cycle to check or report.
    cycle: Cycle,
    /// The problem, with every cycle before the target as history.
    problem: Problem,
}

/// Reads a groups file and picks its last cycle, or `cycle`.
fn target(opts: &Options, l: &Loaded, groups_path: &Path, cycle: Option<&str>) -> Result<Target> {
    let cycles = parse_cycles(&read_table(groups_path)?)?;
    let target = match cycle {
        Some(c) => cycles.iter().find(|x| x.label == c).ok_or_else(|| {
            anyhow::anyhow!(
                "{}: no cycle '{c}' in the file (cycles: {})",
                groups_path.display(),
                cycles
                    .iter()
                    .map(|x| x.label.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        })?,
        None => match cycles.last() {
            Some(c) => c,
            None => bail!("{}: the file has no groups", groups_path.display()),
        },
    };
    let all = merge_cycles(&l.history, &cycles);
    let problem = problem(opts, l, cycles_before(&all, &target.label))?;
    Ok(Target {
        cycle: target.clone(),
        all,
        problem,
    })
}

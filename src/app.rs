//! One function per command: load → solve or check → render → write.

use crate::cli::{Cli, Command};
use crate::config::{load_settings, DistanceSource, Settings};
use crate::exit_code;
use crate::io::atomic::write_atomic;
use crate::io::groups::parse_cycles;
use crate::io::table::{read_table, Table};
use crate::model::build::{build, Inputs};
use crate::model::grouping::canonical;
use crate::model::history::{cycles_before, merge_cycles, Cycle};
use crate::model::problem::Problem;
use crate::model::rules;
use crate::model::score::score;
use crate::report::{self, AssignView, CheckView, ScoreView, SolverView};
use crate::solve::{solve, SolveOptions};
use anyhow::{bail, Result};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Runs a parsed command line; returns the exit code on success.
pub fn run(cli: &Cli) -> Result<i32> {
    if !(cli.time_limit > 0.0 && cli.time_limit.is_finite()) {
        bail!("--time-limit must be a positive number of seconds");
    }
    match &cli.command {
        Command::Assign { cycle, out } => assign(cli, cycle.as_deref(), out.as_deref()),
        Command::Check { groups, cycle } => check(cli, groups, cycle.as_deref()),
    }
}

/// The inputs shared by every command.
struct Loaded {
    settings: Settings,
    roster: Table,
    history: Vec<Cycle>,
    distances: Option<Table>,
}

fn load(cli: &Cli) -> Result<Loaded> {
    let config = cli
        .config
        .clone()
        .unwrap_or_else(|| PathBuf::from("peergroups.toml"));
    let settings = load_settings(&config)?;
    let roster_path = match (&cli.roster, &settings.roster) {
        (Some(p), _) | (None, Some(p)) => p.clone(),
        (None, None) => bail!(
            "{}: no roster given; set `roster = \"members.csv\"` in the config or pass --roster",
            config.display()
        ),
    };
    let roster = read_table(&roster_path)?;
    let history = match cli.history.as_ref().or(settings.history.as_ref()) {
        Some(p) if p.exists() => parse_cycles(&read_table(p)?)?,
        Some(p) if cli.history.is_some() => bail!("history file '{}' not found", p.display()),
        _ => Vec::new(),
    };
    let distances = match settings.diversity.as_ref().map(|d| &d.source) {
        Some(DistanceSource::File(p)) => Some(read_table(p)?),
        _ => None,
    };
    if !cli.quiet {
        for note in &settings.notes {
            eprintln!("note: {note}");
        }
    }
    Ok(Loaded {
        settings,
        roster,
        history,
        distances,
    })
}

fn problem(cli: &Cli, l: &Loaded, history: &[Cycle]) -> Result<Problem> {
    let p = build(&Inputs {
        settings: &l.settings,
        roster: &l.roster,
        history,
        distances: l.distances.as_ref(),
    })?;
    if !cli.quiet {
        for note in &p.notes {
            eprintln!("note: {note}");
        }
    }
    Ok(p)
}

fn print(cli: &Cli, text: &str) -> Result<()> {
    if cli.quiet {
        return Ok(());
    }
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(()),
    }
}

fn today() -> String {
    chrono::Local::now().format("%Y-%m-%d").to_string()
}

fn assign(cli: &Cli, cycle: Option<&str>, out: Option<&Path>) -> Result<i32> {
    let l = load(cli)?;
    let label = cycle.map(str::to_string).unwrap_or_else(today);
    let p = problem(cli, &l, cycles_before(&l.history, &label))?;
    let solution = solve(
        &p,
        &SolveOptions {
            seed: cli.seed,
            time_limit: cli.time_limit,
            effort: cli.effort,
        },
    )?;
    let grouping = canonical(&p, &solution.group_of);
    let view = AssignView {
        cycle: label,
        groups: report::group_views(&p, &grouping),
        score: ScoreView::new(&score(&p, &grouping.groups)),
        solver: SolverView::new(&solution),
    };
    if let Some(path) = out {
        write_atomic(path, report::csv::assign(&view)?.as_bytes())?;
    }
    print(cli, &report::render_assign(cli.format, &view)?)?;
    Ok(exit_code::SUCCESS)
}

fn check(cli: &Cli, groups_path: &Path, cycle: Option<&str>) -> Result<i32> {
    let l = load(cli)?;
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
    let p = problem(cli, &l, cycles_before(&all, &target.label))?;
    let (violations, groups) = rules::check(&p, &target.groups);
    let view = CheckView {
        ok: violations.is_empty(),
        violations: report::violation_views(&violations),
        score: ScoreView::new(&score(&p, &groups)),
    };
    print(cli, &report::render_check(cli.format, &view)?)?;
    Ok(if view.ok {
        exit_code::SUCCESS
    } else {
        exit_code::VIOLATIONS
    })
}

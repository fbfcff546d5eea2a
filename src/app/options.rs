//! The command line's global options, validated once into the settings the commands use.
//! Below `app` nothing sees the clap types; the commands see these.

use crate::cli::Cli;
use crate::io::dialect::CsvDialect;
use crate::report::Format;
use crate::solve::SolveOptions;
use std::path::PathBuf;

/// The global options of one run.
#[derive(Debug, Clone)]
pub struct Options {
    /// The config file (`--config`, or `peergroups.toml` in the working directory).
    pub config: PathBuf,
    /// `--roster`, overriding the config's `roster`.
    pub roster: Option<PathBuf>,
    /// `--history`, overriding the config's `history`.
    pub history: Option<PathBuf>,
    /// Seed, time limit and work limit: the only copy of `--seed`, `--time-limit` and
    /// `--effort`. The time limit counts from the start of the run.
    pub solve: SolveOptions,
    /// Output format on stdout.
    pub format: Format,
    /// How new CSV files are written; `None` follows the roster.
    pub csv_dialect: Option<CsvDialect>,
    /// Notes, warnings and progress are silenced.
    pub quiet: bool,
}

impl Options {
    /// The options of a parsed command line.
    pub fn from_cli(cli: &Cli) -> Options {
        Options {
            config: (cli.config.clone()).unwrap_or_else(|| PathBuf::from("peergroups.toml")),
            roster: cli.roster.clone(),
            history: cli.history.clone(),
            solve: SolveOptions::new(cli.seed, cli.time_limit, cli.effort),
            format: cli.format,
            csv_dialect: cli.csv_dialect,
            quiet: cli.quiet,
        }
    }
}

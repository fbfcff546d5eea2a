//! Command-line arguments (clap derive types only).

use crate::io::dialect::CsvDialect;
use crate::report::Format;
use crate::templates::Template;
use clap::{Parser, Subcommand};
use std::path::PathBuf;

/// Forms and rotates peer groups: balanced, diverse and repeat-free, solved as an optimisation problem.
#[derive(Debug, Parser)]
#[command(name = "peergroups", version, after_help = crate::exit_code::HELP)]
pub struct Cli {
    /// Config file [default: ./peergroups.toml]
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Roster CSV or workbook, `FILE#Sheet` for a sheet, `-` for standard input (overrides
    /// `roster` in the config)
    #[arg(long, global = true, value_name = "PATH")]
    pub roster: Option<PathBuf>,
    /// History CSV or .xlsx workbook (overrides `history` in the config)
    #[arg(long, global = true, value_name = "PATH")]
    pub history: Option<PathBuf>,
    /// Seed of the search: the same inputs and seed give the same groups
    #[arg(long, global = true, default_value_t = 1, allow_negative_numbers = true, value_parser = seed)]
    pub seed: u64,
    /// Wall-clock safety net in seconds
    #[arg(
        long,
        global = true,
        value_name = "SECONDS",
        default_value_t = 30.0,
        allow_negative_numbers = true,
        value_parser = seconds
    )]
    pub time_limit: f64,
    /// Deterministic work limit of the search, in group evaluations [default: 20,000,000
    /// per second of --time-limit]
    #[arg(
        long,
        global = true,
        value_name = "EVALS",
        allow_negative_numbers = true,
        value_parser = effort
    )]
    pub effort: Option<u64>,
    /// Output format on stdout
    #[arg(long, global = true, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// How new CSV files are written [default: as the roster is]
    #[arg(long, global = true, value_enum, value_name = "DIALECT")]
    pub csv_dialect: Option<CsvDialect>,
    /// Silence notes, warnings and progress on stderr; the result still goes to stdout
    /// (and errors to stderr)
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// What to do
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Form groups for one cycle
    Assign {
        /// Cycle label [default: today's date, YYYY-MM-DD]
        #[arg(long)]
        cycle: Option<String>,
        /// Write the groups to this file: long-format CSV, or a workbook if it ends in .xlsx
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// Write the list meant for members (.md, .txt or .html; `-` = Markdown on stdout)
        #[arg(long, value_name = "FILE")]
        share: Option<PathBuf>,
    },
    /// Form the next cycle from roster and history, append it to the history file and
    /// print a rotation report
    Rotate {
        /// Cycle label [default: today's date, YYYY-MM-DD]; must not be in the history yet
        #[arg(long)]
        cycle: Option<String>,
        /// Form the cycle and print the report, but write nothing
        #[arg(long)]
        dry_run: bool,
        /// Also write the rotation report as Markdown to this file
        #[arg(long, value_name = "FILE")]
        report: Option<PathBuf>,
        /// Write the list meant for members (.md, .txt or .html; `-` = Markdown on stdout)
        #[arg(long, value_name = "FILE")]
        share: Option<PathBuf>,
    },
    /// Verify a groups file against every hard rule (exit 1 if any is broken)
    Check {
        /// Groups CSV or workbook to check (a file with several cycles is checked at its last one)
        #[arg(long, value_name = "FILE")]
        groups: PathBuf,
        /// Check this cycle of the file; earlier cycles in it count as history
        #[arg(long)]
        cycle: Option<String>,
    },
    /// Report on a groups file: composition per group, score, repeats, facilitators and
    /// the history's coverage (for the programme team: shows attributes)
    Report {
        /// Groups CSV or workbook (a file with several cycles is reported at its last one)
        #[arg(long, value_name = "FILE")]
        groups: PathBuf,
        /// Report this cycle of the file; earlier cycles in it count as history
        #[arg(long)]
        cycle: Option<String>,
    },
    /// Explain, in plain sentences, why people are in their groups: what fits them, what
    /// their placement adds to the score, and the best other group with what moving there
    /// would cost or break
    Explain {
        /// Ids (or exact names) of the people to explain
        #[arg(required = true, value_name = "ID")]
        ids: Vec<String>,
        /// Groups CSV or workbook [default: the history file, at its last cycle]
        #[arg(long, value_name = "FILE")]
        groups: Option<PathBuf>,
        /// Explain this cycle of the file; earlier cycles in it count as history
        #[arg(long)]
        cycle: Option<String>,
    },
    /// Re-plan the last cycle of a groups file after a change: every hard rule kept, then
    /// the fewest members moved, then the score; prints each move and the score before
    /// and after
    Adjust {
        /// Groups CSV or workbook whose last cycle is adjusted (earlier cycles in it count as history)
        #[arg(long, value_name = "FILE")]
        groups: PathBuf,
        /// What changes
        #[command(flatten)]
        change: AdjustArgs,
        /// Write the groups file with the adjusted cycle (same label) to this file
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Plan several future cycles at once (LABEL-1 … LABEL-N): every cycle keeps every
    /// hard rule, and a pair meeting again in a later planned cycle counts as a repeat
    Plan {
        /// How many cycles to plan (1 to 64)
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=64))]
        cycles: u32,
        /// Label prefix: the planned cycles are LABEL-1 … LABEL-N
        #[arg(long, value_name = "LABEL", default_value = "plan")]
        cycle: String,
        /// Write every planned cycle's groups to this file: long-format CSV, or .xlsx
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Write a commented peergroups.toml and a small roster to start from
    Init {
        /// Folder to write into (created if missing)
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Kind of programme
        #[arg(long, value_enum, default_value_t = Template::Equilibrium)]
        template: Template,
        /// Overwrite existing files
        #[arg(long)]
        force: bool,
    },
    /// The history file: list its cycles, or drop the last one (undo a rotate)
    History {
        /// What to do with the history
        #[command(subcommand)]
        action: HistoryAction,
    },
    /// Print a shell completion script, e.g. `peergroups completions bash > peergroups.bash`
    Completions {
        /// Shell to complete for
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Write the man page (roff) to stdout, or to `--out`
    Man {
        /// Write the man page to this file, e.g. peergroups.1
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
}

/// The changes `adjust` makes.
#[derive(Debug, Clone, clap::Args)]
pub struct AdjustArgs {
    /// Place these roster members (roster members not yet in the file join anyway)
    #[arg(long, value_name = "ID", num_args = 1..)]
    pub add: Vec<String>,
    /// Take these members out and repair their groups
    #[arg(long, value_name = "ID", num_args = 1..)]
    pub remove: Vec<String>,
    /// Put a member in a group (a pin for this cycle), e.g. --move m012=G03
    #[arg(long = "move", value_name = "ID=GROUP", num_args = 1..)]
    pub moves: Vec<String>,
    /// Split a group in two; the new group takes the next free label
    #[arg(long, value_name = "GROUP")]
    pub split: Option<String>,
    /// Merge two groups into one with the first one's label, e.g. --merge G01,G02
    #[arg(long, value_name = "G1,G2")]
    pub merge: Option<String>,
}

/// `--time-limit`: a positive, finite number of seconds.
fn seconds(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(s) if s.is_finite() && s > 0.0 && s <= 1e9 => Ok(s),
        _ => Err(format!(
            "'{text}' is not a time limit: give a positive number of seconds, e.g. --time-limit 30"
        )),
    }
}

/// `--effort`: a whole number of evaluations, at least 1.
fn effort(text: &str) -> Result<u64, String> {
    match text.trim().replace('_', "").parse::<u64>() {
        Ok(e) if e > 0 => Ok(e),
        _ => Err(format!(
            "'{text}' is not a work limit: give a whole number of evaluations of 1 or more, e.g. --effort 600000000"
        )),
    }
}

/// `--seed`: a whole number from 0 to 18446744073709551615.
fn seed(text: &str) -> Result<u64, String> {
    text.trim().parse::<u64>().map_err(|_| {
        format!("'{text}' is not a seed: give a whole number of 0 or more, e.g. --seed 7")
    })
}

/// What `history` does.
#[derive(Debug, Subcommand)]
pub enum HistoryAction {
    /// One line per cycle: its groups, people, new pairs and the coverage after it
    List,
    /// Remove the last cycle, under the history lock: the file becomes what it was before
    /// that cycle was appended
    Drop {
        /// Label of the last cycle (no other can be dropped)
        label: String,
    },
    /// How many more cycles can run with no repeat: a proven bound, naming who runs out of
    /// new partners first, and the count `plan` reaches within the time limit
    Forecast,
}

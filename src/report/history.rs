//! What `history list` shows: one line per cycle of the history, with the pairs it added
//! and the coverage after it.

use super::percent;
use super::rotation::{CoverageView, ForecastView};
use crate::model::coverage::{coverage, met_in};
use crate::model::forecast::Forecast;
use crate::model::history::Cycle;
use crate::model::problem::Problem;
use serde::Serialize;

/// One cycle of the history.
#[derive(Debug, Clone, Serialize)]
pub struct CycleLine {
    /// Cycle label.
    pub cycle: String,
    /// Groups in the cycle.
    pub groups_count: usize,
    /// People in its groups (facilitators aside).
    pub people_count: usize,
    /// Pairs of today's members who shared a group for the first time in this cycle.
    pub new_pairs_count: usize,
    /// Coverage of today's members after this cycle.
    pub coverage: CoverageView,
}

/// The history's cycles, oldest first.
#[derive(Debug, Clone, Serialize)]
pub struct HistoryView {
    /// The history file.
    pub history: String,
    /// One line per cycle.
    pub cycles: Vec<CycleLine>,
}

impl HistoryView {
    /// The cycles of `history` (the file `path`), with pairs and coverage counted over the
    /// members of `p`.
    pub fn new(p: &Problem, path: String, history: &[Cycle]) -> HistoryView {
        let mut before = 0;
        let cycles = (history.iter().enumerate())
            .map(|(k, c)| {
                let after = coverage(p.n(), &met_in(p, &history[..=k]));
                let line = CycleLine {
                    cycle: c.label.clone(),
                    groups_count: c.groups.len(),
                    people_count: c.groups.iter().map(|g| g.members.len()).sum(),
                    new_pairs_count: after.pairs_met - before,
                    coverage: CoverageView::new(&after),
                };
                before = after.pairs_met;
                line
            })
            .collect();
        HistoryView {
            history: path,
            cycles,
        }
    }

    /// The cells of each line, for the table, Markdown and CSV renderers.
    pub fn rows(&self) -> impl Iterator<Item = Vec<String>> + '_ {
        self.cycles.iter().map(|c| {
            vec![
                c.cycle.clone(),
                c.groups_count.to_string(),
                c.people_count.to_string(),
                c.new_pairs_count.to_string(),
                format!(
                    "{} of {} ({})",
                    c.coverage.pairs_met,
                    c.coverage.pairs_possible,
                    percent(c.coverage.share)
                ),
            ]
        })
    }

    /// A heading line: the file and its number of cycles.
    pub fn title(&self) -> String {
        title(&self.history, self.cycles.len())
    }
}

/// `History FILE: N cycles`.
fn title(history: &str, cycles: usize) -> String {
    format!(
        "History {history}: {}",
        crate::text::plural(cycles, "cycle", "cycles")
    )
}

/// The header of [`HistoryView::rows`].
pub const HEADER: [&str; 5] = ["Cycle", "Groups", "People", "New pairs", "Pairs met after"];

/// What `history forecast` shows: how many more cycles can run with no repeat.
#[derive(Debug, Clone, Serialize)]
pub struct HistoryForecastView {
    /// The history file.
    pub history: String,
    /// Cycles in the history.
    pub cycles_count: usize,
    /// The proven bound, with who runs out of new partners first.
    pub forecast: ForecastView,
    /// How many more cycles `plan` found with no repeat (a count reached, at most the bound).
    pub reached_count: usize,
    /// The two in words.
    pub message: String,
}

impl HistoryForecastView {
    /// The forecast `f` of `p` after `cycles` cycles of the history file `path`, with
    /// `reached` more cycles found by planning.
    pub fn new(p: &Problem, path: String, cycles: usize, f: &Forecast, reached: usize) -> Self {
        let forecast = ForecastView::new(p, f);
        let message = format!(
            "{}; plan found {} with no repeat",
            forecast.message,
            crate::text::plural(reached, "more cycle", "more cycles")
        );
        HistoryForecastView {
            history: path,
            cycles_count: cycles,
            forecast,
            reached_count: reached,
            message,
        }
    }

    /// Lines for the table and Markdown renderers.
    pub fn lines(&self) -> [String; 3] {
        [
            title(&self.history, self.cycles_count),
            format!("Proven: {}", self.forecast.message),
            format!(
                "Reached: plan found {} with no repeat",
                crate::text::plural(self.reached_count, "more cycle", "more cycles")
            ),
        ]
    }
}

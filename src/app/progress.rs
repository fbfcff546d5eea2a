//! The progress display: a spinner on stderr with the elapsed time, the phase, the best
//! score and the bound. Shown only when stderr is a terminal and `--quiet` is not given.

use crate::solve::Progress;
use indicatif::{ProgressBar, ProgressStyle};
use std::cell::Cell;
use std::io::IsTerminal;
use std::time::Duration;

/// A live display of a solve (does nothing when hidden).
pub(super) struct Display {
    bar: Option<ProgressBar>,
    phase: Cell<&'static str>,
    best: Cell<Option<f64>>,
    bound: Cell<Option<f64>>,
}

impl Display {
    /// A display on stderr, hidden when `quiet` or when stderr is not a terminal.
    pub(super) fn new(quiet: bool) -> Self {
        let bar = (!quiet && std::io::stderr().is_terminal()).then(|| {
            let bar = ProgressBar::new_spinner();
            let style = ProgressStyle::with_template("{spinner} {elapsed_precise} {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_spinner());
            bar.set_style(style);
            bar.enable_steady_tick(Duration::from_millis(120));
            bar
        });
        Display {
            bar,
            phase: Cell::new("starting"),
            best: Cell::new(None),
            bound: Cell::new(None),
        }
    }

    /// This display, showing `phase` from the start.
    pub(super) fn with_phase(self, phase: &'static str) -> Self {
        self.update(Progress::Phase(phase));
        self
    }

    /// Takes one report of the solver.
    pub(super) fn update(&self, event: Progress) {
        let Some(bar) = &self.bar else {
            return;
        };
        match event {
            Progress::Phase(p) => self.phase.set(p),
            Progress::Best(v) => self.best.set(Some(v)),
            Progress::Bound(b) => self.bound.set(Some(b)),
        }
        let show = |v: Option<f64>| v.map_or_else(|| "–".to_string(), |v| format!("{v:.4}"));
        bar.set_message(format!(
            "{} · best {} · bound {}",
            self.phase.get(),
            show(self.best.get()),
            show(self.bound.get())
        ));
    }
}

impl Drop for Display {
    fn drop(&mut self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

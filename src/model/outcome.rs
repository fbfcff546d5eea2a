//! What a solve ends with: the groups, whether they are proven best, what ended the run,
//! the score and its bound. `solve` produces these and `report` shows them.

/// Whether the answer is proven optimal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Proven optimal by the integer program.
    Optimal,
    /// Meets every hard rule; not proven optimal.
    Feasible,
}

/// What ended the run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stopped {
    /// Optimality was proven.
    Proof,
    /// The deterministic work limit was reached.
    WorkLimit,
    /// The wall-clock time limit was reached.
    TimeLimit,
}

/// A solved problem.
#[derive(Debug, Clone)]
pub struct Solution {
    /// Group number of each member.
    pub group_of: Vec<usize>,
    /// Optimal or feasible.
    pub status: Status,
    /// What ended the run.
    pub stopped: Stopped,
    /// Score of the answer (equals the objective of the integer program).
    pub objective: f64,
    /// Best known lower bound on the score.
    pub bound: Option<f64>,
    /// `(objective − bound) / max(|objective|, 1)`.
    pub gap: Option<f64>,
    /// Seconds spent.
    pub seconds: f64,
}

/// Why no assignment is given: the hard rules cannot all hold, or no assignment keeping them
/// was found in time. It is data; `report` words it.
#[derive(Debug, Clone)]
pub struct Infeasible {
    /// What failed, in one line.
    pub summary: String,
    /// What is at fault and what relaxing would make the rules hold.
    pub causes: Vec<Cause>,
}

/// One finding about an infeasible problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cause {
    /// Relaxing this rule family alone makes the rules hold.
    Relax(String),
    /// The rules hold with `forbid_within` at `within` instead of `configured`
    /// (`u32::MAX` is `all`).
    ForbidWithin {
        /// The largest value under which the rules hold.
        within: u32,
        /// The configured value.
        configured: u32,
    },
    /// No single rule family explains it: several conflict together.
    Several,
    /// These rule families could not be decided in time.
    Undecided(Vec<String>),
    /// What a check before solving found: the members, groups or counts at fault, and what
    /// to change.
    Found(String),
}

impl std::error::Error for Infeasible {}

/// An infeasible-problem error with `details` found by a check before solving.
pub fn infeasible(summary: impl Into<String>, details: Vec<String>) -> anyhow::Error {
    anyhow::Error::new(Infeasible {
        summary: summary.into(),
        causes: details.into_iter().map(Cause::Found).collect(),
    })
}

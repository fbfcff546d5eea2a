//! Error values that carry their exit code. Everything else is reported as bad input.

use std::fmt;

/// The hard rules cannot all hold (or no assignment was found in time).
/// The explanation is data: each line names a rule family and what relaxing it would do.
#[derive(Debug, Clone)]
pub struct Infeasible {
    /// One-line summary.
    pub summary: String,
    /// Details: conflicting rule families and relaxations that would make the problem feasible.
    pub details: Vec<String>,
}

impl fmt::Display for Infeasible {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.summary)?;
        for d in &self.details {
            write!(f, "\n  - {d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Infeasible {}

/// Builds an `anyhow` error for an infeasible problem.
pub fn infeasible(summary: impl Into<String>, details: Vec<String>) -> anyhow::Error {
    anyhow::Error::new(Infeasible {
        summary: summary.into(),
        details,
    })
}

/// Maps an error to its documented exit code.
pub fn exit_code_of(err: &anyhow::Error) -> i32 {
    if err
        .chain()
        .any(|e| e.downcast_ref::<Infeasible>().is_some())
    {
        crate::exit_code::INFEASIBLE
    } else {
        crate::exit_code::BAD_INPUT
    }
}

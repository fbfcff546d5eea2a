//! How an infeasible problem is worded: the summary, then one line per cause.

use crate::model::outcome::{Cause, Infeasible};
use std::fmt;

impl fmt::Display for Infeasible {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.summary)?;
        for cause in &self.causes {
            write!(f, "\n  - {cause}")?;
        }
        Ok(())
    }
}

impl fmt::Display for Cause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Cause::Relax(family) => write!(f, "feasible if {family} were relaxed"),
            Cause::ForbidWithin { within, configured } => {
                let configured = match *configured {
                    u32::MAX => "all".to_string(),
                    c => c.to_string(),
                };
                write!(f, "feasible if forbid_within is {within} instead of {configured}")
            }
            Cause::Several => write!(
                f,
                "no single rule family explains it: several rules conflict together; relax more than one"
            ),
            Cause::Undecided(families) => {
                write!(f, "not decided in time: {}", families.join(", "))
            }
            Cause::Found(text) => write!(f, "{text}"),
        }
    }
}

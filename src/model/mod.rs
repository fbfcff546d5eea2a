//! The domain: roster, rules, history, score. Nothing here reads files or prints.

pub mod adjust;
pub mod build;
pub mod composition;
pub mod coverage;
pub mod explain;
pub mod facilitators;
pub mod flow;
pub mod forecast;
pub mod grouping;
pub mod history;
pub mod limits;
pub mod outcome;
pub mod problem;
pub mod records;
pub mod rotation;
pub mod rules;
pub mod score;
pub mod sizes;
pub mod subproblem;
pub mod terms;

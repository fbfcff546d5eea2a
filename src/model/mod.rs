//! The domain: roster, rules, history, score. Nothing here reads files or prints.

pub mod build;
pub mod grouping;
pub mod history;
pub mod problem;
pub mod rules;
pub mod score;
pub mod sizes;

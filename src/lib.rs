//! peergroups forms and rotates peer groups. It reads a roster, the pairing history and a
//! TOML config, builds the best assignment as an optimisation problem (a seeded local search
//! and an integer program solved by HiGHS), and checks any groups file against the rules.
//!
//! The engine is usable as a library: build a [`model::problem::Problem`] with
//! [`model::build::build`], solve it with [`solve::solve`], score it with
//! [`model::score::score`] and check it with [`model::rules::check`]; plan several cycles
//! at once with [`solve::plan::plan`].

#![warn(missing_docs)]

pub mod app;
pub mod cli;
pub mod config;
pub mod exit_code;
pub mod io;
pub mod model;
pub mod report;
pub mod solve;
pub mod templates;
#[cfg(test)]
pub(crate) mod testing;
pub mod text;

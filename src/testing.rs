//! Problems for unit tests, built through the real parsers from in-memory text.

use crate::config::parse_config;
use crate::io::groups::parse_cycles;
use crate::io::table::parse_table;
use crate::model::build::{build, Inputs};
use crate::model::problem::Problem;
use std::path::Path;

/// Three past cycles of members a to f, c3 the most recent. Each pair and the age of its
/// last meeting:
/// a-b 1 (c1 and c3), d-f 1 (c2 and c3), c-e 1, a-c 2, b-e 2, c-d 3, e-f 3.
pub(crate) const HISTORY: &str = "\
cycle,group,member_id
c1,G1,a
c1,G1,b
c1,G2,c
c1,G2,d
c1,G3,e
c1,G3,f
c2,G1,a
c2,G1,c
c2,G2,b
c2,G2,e
c2,G3,d
c2,G3,f
c3,G1,a
c3,G1,b
c3,G2,c
c3,G2,e
c3,G3,d
c3,G3,f
";

/// Builds a problem from config text, a roster CSV, a history CSV in the long format
/// (blank = no history) and, for `[diversity] distances`, an `a,b,distance` CSV.
pub(crate) fn problem(toml: &str, roster: &str, history: &str, distances: Option<&str>) -> Problem {
    let fail = |what: &str, e: anyhow::Error| -> ! { panic!("{what}: {e:#}") };
    let table = |name: &str, text: &str| {
        parse_table(Path::new(name), text.as_bytes()).unwrap_or_else(|e| fail(name, e))
    };
    let settings = parse_config(Path::new("t.toml"), toml).unwrap_or_else(|e| fail("config", e));
    let roster = table("members.csv", roster);
    let history = if history.trim().is_empty() {
        Vec::new()
    } else {
        parse_cycles(&table("history.csv", history)).unwrap_or_else(|e| fail("history", e))
    };
    let distances = distances.map(|d| table("distances.csv", d));
    build(&Inputs {
        settings: &settings,
        roster: &roster,
        history: &history,
        distances: distances.as_deref(),
    })
    .unwrap_or_else(|e| fail("build", e))
}

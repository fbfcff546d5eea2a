//! Exit codes of the `peergroups` binary. They are stable: scripts rely on them.

/// The command did what was asked (for `check`: the groups satisfy every hard rule).
pub const SUCCESS: i32 = 0;
/// `check` found at least one violation of a hard rule.
pub const VIOLATIONS: i32 = 1;
/// Bad input or usage: a file is missing or malformed, a config key is unknown, a flag is
/// wrong. The message names the file, line and column where there is one, and what to do.
/// Unexpected failures (for example an output file that cannot be written) use this code too.
pub const BAD_INPUT: i32 = 2;
/// No assignment satisfies the hard rules, or none was found before the time limit. The
/// message says which, which rule families conflict and what relaxing would make it feasible.
pub const INFEASIBLE: i32 = 3;

/// The exit-code table shown in `--help` and the README.
pub const HELP: &str = "Exit codes:
  0  success
  1  check found violations of the hard rules
  2  bad input or usage (the message names file, line, column and what to do)
  3  no assignment satisfies the hard rules, or none was found before the time limit";

//! Groups and history in the long format (README: Files), as plain data.

/// One group of one cycle, as written in a file.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupRecord {
    /// Group label, e.g. `G01`.
    pub label: String,
    /// Member ids in file order, with the line each came from.
    pub members: Vec<(String, u64)>,
    /// Facilitator ids (rows whose role is `facilitator`) in file order, with their lines.
    pub facilitators: Vec<(String, u64)>,
}

/// One cycle: its label and its groups in order of first appearance.
#[derive(Debug, Clone, PartialEq)]
pub struct Cycle {
    /// Cycle label.
    pub label: String,
    /// Groups.
    pub groups: Vec<GroupRecord>,
}

/// Merges a history file's cycles with the cycles of a groups file: cycles whose label is
/// already in `history` are not added twice.
pub fn merge_cycles(history: &[Cycle], more: &[Cycle]) -> Vec<Cycle> {
    let mut all = history.to_vec();
    for c in more {
        if !all.iter().any(|h| h.label == c.label) {
            all.push(c.clone());
        }
    }
    all
}

/// The cycles up to and including `label` (all of them if `label` is not among them).
pub fn cycles_through<'a>(all: &'a [Cycle], label: &str) -> &'a [Cycle] {
    match all.iter().position(|c| c.label == label) {
        Some(i) => &all[..=i],
        None => all,
    }
}

/// The cycles that came before `label` (all of them if `label` is not among them).
pub fn cycles_before<'a>(all: &'a [Cycle], label: &str) -> &'a [Cycle] {
    match all.iter().position(|c| c.label == label) {
        Some(i) => &all[..i],
        None => all,
    }
}

//! Group sizes: the group count (`groups.count`), the bounds on ordinary members per group
//! (`min_size`..`max_size`; the search and the integer program use the bounds for the
//! chosen count) and `even_sizes`. Members whose role does not count toward size are left
//! out of every size.

use super::Violation;
use crate::model::problem::Problem;
use crate::text::plural;

/// The members of a group who count toward its size.
pub fn counting(p: &Problem, members: &[usize]) -> usize {
    members.iter().filter(|&&i| p.members[i].counts).count()
}

/// How far a group's size lies outside the bounds for the chosen group count.
pub(super) fn penalty(p: &Problem, members: &[usize]) -> f64 {
    let (c, g) = (counting(p, members), &p.groups);
    c.saturating_sub(g.size_hi) as f64 + g.size_lo.saturating_sub(c) as f64
}

/// A group whose size is outside `min_size..max_size`.
pub(super) fn group_violations(p: &Problem, label: &str, members: &[usize]) -> Vec<Violation> {
    let (c, g) = (counting(p, members), &p.groups);
    if c >= g.min_size && c <= g.max_size {
        return Vec::new();
    }
    let message = format!(
        "{c} ordinary members; groups need {}..{}",
        g.min_size, g.max_size
    );
    vec![Violation::in_group("size", label, vec![], message)]
}

/// The group count, when the config fixes it, and even sizes, over `records` groups.
pub(super) fn grouping_violations(
    p: &Problem,
    records: usize,
    groups: &[Vec<usize>],
) -> Vec<Violation> {
    let mut v = Vec::new();
    let g = &p.groups;
    if let Some(c) = g.fixed_count.filter(|&c| c != records) {
        let message = format!(
            "{}, but groups.count = {c}",
            plural(records, "group", "groups")
        );
        v.push(Violation::overall("count", vec![], message));
    }
    let sizes: Vec<usize> = groups.iter().map(|m| counting(p, m)).collect();
    if let (true, Some(&lo), Some(&hi)) = (g.even_sizes, sizes.iter().min(), sizes.iter().max()) {
        if hi > lo + 1 {
            let message = format!(
                "group sizes range from {lo} to {hi}; with even_sizes they differ by at most one"
            );
            v.push(Violation::overall("even_sizes", vec![], message));
        }
    }
    v
}

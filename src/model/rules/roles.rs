//! Role limits (`[roles.NAME]`): at least `min_per_group` and at most `max_per_group`
//! members of the role in every group.

use super::{ids, Violation};
use crate::model::problem::Problem;
use crate::text::plural;

/// `(role, count, min, max)` of each role whose limits the group breaks.
fn broken(p: &Problem, members: &[usize]) -> Vec<(usize, usize, usize, Option<usize>)> {
    let mut out = Vec::new();
    for (r, role) in p.roles.iter().enumerate() {
        let c = (members.iter())
            .filter(|&&i| p.members[i].role_index == Some(r))
            .count();
        if c < role.min_per_group || role.max_per_group.is_some_and(|m| c > m) {
            out.push((r, c, role.min_per_group, role.max_per_group));
        }
    }
    out
}

/// How many members the group lacks or has too many of, over all roles.
pub(super) fn penalty(p: &Problem, members: &[usize]) -> f64 {
    (broken(p, members).into_iter())
        .map(|(_, c, min, max)| {
            min.saturating_sub(c) as f64 + max.map_or(0, |m| c.saturating_sub(m)) as f64
        })
        .sum()
}

/// The role limits a group breaks, with the members holding the role.
pub(super) fn violations(p: &Problem, label: &str, members: &[usize]) -> Vec<Violation> {
    (broken(p, members).into_iter())
        .map(|(r, c, min, max)| {
            let who: Vec<usize> = (members.iter().copied())
                .filter(|&i| p.members[i].role_index == Some(r))
                .collect();
            let message = format!(
                "{} with role '{}'; allowed {}..{}",
                plural(c, "member", "members"),
                p.roles[r].name,
                min,
                max.map_or("any".into(), |m| m.to_string())
            );
            Violation::in_group("role", label, ids(p, &who), message)
        })
        .collect()
}

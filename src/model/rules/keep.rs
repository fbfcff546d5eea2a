//! Keep sets (`[keep]`): the members of an `apart` set are in different groups; the members
//! of a `together` set share one group.

use super::{ids, Violation};
use crate::model::problem::Problem;

/// For each apart set with two or more members in the group, those members.
fn apart_inside(p: &Problem, members: &[usize]) -> Vec<Vec<usize>> {
    (p.apart.iter())
        .map(|set| {
            members
                .iter()
                .copied()
                .filter(|i| set.contains(i))
                .collect::<Vec<_>>()
        })
        .filter(|inside| inside.len() > 1)
        .collect()
}

/// How many members too many of each apart set share the group.
pub(super) fn apart_penalty(p: &Problem, members: &[usize]) -> f64 {
    (apart_inside(p, members).iter())
        .map(|inside| (inside.len() - 1) as f64)
        .sum()
}

/// The apart sets whose members share the group.
pub(super) fn apart_violations(p: &Problem, label: &str, members: &[usize]) -> Vec<Violation> {
    (apart_inside(p, members).into_iter())
        .map(|inside| {
            let who = ids(p, &inside);
            let message = format!("{} share a group but must be kept apart", who.join(", "));
            Violation::in_group("apart", label, who, message)
        })
        .collect()
}

/// The together sets split over groups (`placed`: each member's group, if any).
pub(super) fn together_violations(p: &Problem, placed: &[Option<usize>]) -> Vec<Violation> {
    (p.together.iter())
        .filter(|set| set.windows(2).any(|w| placed[w[0]] != placed[w[1]]))
        .map(|set| {
            let who = ids(p, set);
            let message = format!("{} must share one group", who.join(", "));
            Violation::overall("together", who, message)
        })
        .collect()
}

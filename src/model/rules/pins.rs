//! Pins (`[pin]`): a member placed in a named group stays there.

use super::{ids, Violation};
use crate::model::problem::Problem;

/// The members of the group labelled `label` pinned to another group.
pub(super) fn violations(p: &Problem, label: &str, members: &[usize]) -> Vec<Violation> {
    (members.iter().copied())
        .filter_map(|i| {
            let want = p.groups.label(p.pins[i]?);
            (want != label).then(|| {
                let message = format!("{} is pinned to {want}", p.members[i].id);
                Violation::in_group("pin", label, ids(p, &[i]), message)
            })
        })
        .collect()
}

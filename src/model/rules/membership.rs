//! Membership: each eligible member is in exactly one group, and no one else is.

use super::Violation;
use crate::model::history::GroupRecord;
use crate::model::problem::Problem;
use std::collections::HashMap;

/// The groups of a groups file as member indices, with the membership violations (unknown,
/// excluded and repeated ids, which are dropped, and eligible members in no group), and the
/// record each member was placed by.
pub(super) fn place(
    p: &Problem,
    records: &[GroupRecord],
) -> (Vec<Violation>, Vec<Vec<usize>>, Vec<Option<usize>>) {
    let mut v = Vec::new();
    let index: HashMap<&str, usize> = p.index();
    let mut placed: Vec<Option<usize>> = vec![None; p.n()];
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for (gi, rec) in records.iter().enumerate() {
        let mut members = Vec::new();
        for (id, line) in &rec.members {
            let Some(&i) = index.get(id.as_str()) else {
                let why = if p.excluded.contains(id) {
                    "is excluded by status in the roster and may not be in a group"
                } else {
                    "is not in the roster"
                };
                v.push(Violation {
                    rule: "membership",
                    group: Some(rec.label.clone()),
                    members: vec![id.clone()],
                    message: format!("'{id}' (line {line}) {why}"),
                });
                continue;
            };
            if let Some(first) = placed[i] {
                v.push(Violation {
                    rule: "membership",
                    group: Some(rec.label.clone()),
                    members: vec![id.clone()],
                    message: format!(
                        "'{id}' (line {line}) is already in group {}; each member belongs to exactly one group",
                        records[first].label
                    ),
                });
                continue;
            }
            placed[i] = Some(gi);
            members.push(i);
        }
        members.sort_unstable();
        groups.push(members);
    }
    let missing: Vec<String> = (0..p.n())
        .filter(|&i| placed[i].is_none())
        .map(|i| p.members[i].id.clone())
        .collect();
    if !missing.is_empty() {
        v.push(Violation {
            rule: "membership",
            group: None,
            members: missing.clone(),
            message: format!("{} eligible members are in no group", missing.len()),
        });
    }
    (v, groups, placed)
}

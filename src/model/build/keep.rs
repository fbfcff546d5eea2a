//! The `[keep]` sets (apart, together) and the pins, as member indices.

use super::groups::together_suggestions;
use super::Roster;
use crate::config::Settings;
use crate::model::outcome::infeasible;
use crate::model::problem::GroupRules;
use crate::text::plural;
use anyhow::{anyhow, bail, Result};
use std::collections::HashMap;

/// The members of one `[keep]` set that take part, sorted; excluded people are left out.
fn members_of(
    r: &Roster,
    index: &HashMap<&str, usize>,
    set: &[String],
    what: &str,
) -> Result<Vec<usize>> {
    no_one_twice(r.settings, set, what)?;
    let mut ids = Vec::new();
    for id in set {
        if let Some(i) = r.lookup(index, id.trim(), &format!("[keep] {what}"))? {
            ids.push(i);
        }
    }
    ids.sort_unstable();
    ids.dedup();
    Ok(ids)
}

/// The `[keep] apart` sets with at least two members taking part.
pub(super) fn apart(r: &Roster, index: &HashMap<&str, usize>) -> Result<Vec<Vec<usize>>> {
    let mut apart = Vec::new();
    for set in &r.settings.apart {
        let ids = members_of(r, index, set, "apart")?;
        if ids.len() > 1 {
            apart.push(ids);
        }
    }
    Ok(apart)
}

/// The `[keep] together` sets with at least two members taking part; a set too large for
/// any group is bad input, one too large for these sizes is infeasible.
pub(super) fn together(
    r: &Roster,
    index: &HashMap<&str, usize>,
    groups: &GroupRules,
) -> Result<Vec<Vec<usize>>> {
    let s = r.settings;
    let g = &s.groups;
    let mut together = Vec::new();
    for set in &s.together {
        let ids = members_of(r, index, set, "together")?;
        let counting = ids.iter().filter(|&&i| r.members[i].counts).count();
        if counting > g.max_size {
            bail!(
                "{}: a [keep] together set ({}) has {} ordinary members but groups.max_size is {}; split the set or raise groups.max_size",
                s.path.display(),
                set.join(", "),
                counting,
                g.max_size
            );
        }
        if counting > groups.size_hi {
            return Err(infeasible(
                format!(
                    "[keep] together conflicts with the group sizes: the set ({}) has {}, but {} in {} of even sizes leave room for at most {} per group",
                    set.join(", "),
                    plural(counting, "ordinary member", "ordinary members"),
                    plural(r.n_counting, "member", "members"),
                    plural(groups.count, "group", "groups"),
                    groups.size_hi
                ),
                together_suggestions(r.n_counting, counting, groups.count, g),
            ));
        }
        if ids.len() > 1 {
            together.push(ids);
        }
    }
    Ok(together)
}

/// The group each member is pinned to, if any.
pub(super) fn pins(
    r: &Roster,
    index: &HashMap<&str, usize>,
    groups: &GroupRules,
) -> Result<Vec<Option<usize>>> {
    let (s, t) = (r.settings, r.table);
    let count = groups.count;
    let mut pins = vec![None; r.members.len()];
    for (id, label) in &s.pin {
        let i = match index.get(id.trim()) {
            Some(&i) => i,
            None if r.is_excluded(id.trim()) => bail!(
                "{}: [pin] {} = \"{}\": '{}' is excluded by status in {}; remove the pin or the status",
                s.path.display(),
                id,
                label,
                id,
                t.path.display()
            ),
            None => bail!(
                "{}: [pin] names '{}', who is not in the roster {}; fix the id",
                s.path.display(),
                id,
                t.path.display()
            ),
        };
        let k = (0..count)
            .find(|&k| groups.label(k) == label.trim())
            .ok_or_else(|| {
                anyhow!(
                    "{}: [pin] {} = \"{}\": there is no group '{}'; this cycle has {}, {} to {}",
                    s.path.display(),
                    id,
                    label,
                    label,
                    plural(count, "group", "groups"),
                    groups.label(0),
                    groups.label(count - 1)
                )
            })?;
        pins[i] = Some(k);
    }
    Ok(pins)
}

/// A `[keep]` set that names one person twice is a slip in the config: which set was meant?
fn no_one_twice(s: &Settings, set: &[String], what: &str) -> Result<()> {
    for (k, id) in set.iter().enumerate() {
        if set[..k].iter().any(|o| o.trim() == id.trim()) {
            bail!(
                "{}: [keep] {what} set [{}] names '{}' twice; list each person once in a set",
                s.path.display(),
                set.join(", "),
                id.trim()
            );
        }
    }
    Ok(())
}

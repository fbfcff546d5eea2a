//! `adjust` (README: How `adjust` re-plans a cycle): one cycle of a groups file re-planned after a change, keeping every
//! group label. This module holds the plain facts: the groups after a split or merge, each
//! member's home group, pins, who joins and leaves, and the moves between two assignments.
//!
//! A move is a member who is in the cycle before and after the change and whose group
//! label differs. Members of a merged-away group count as moved (to the kept label), and
//! so do the members of a split group who go to the new half; the search counts neither
//! (the kept group is home to a merged group's members, both halves to a split group's),
//! so it minimises the moves beyond those the change itself makes.

use super::build::display_name;
use super::history::{Cycle, GroupRecord};
use super::problem::{GroupRules, Problem};
use super::sizes;
use crate::config::Settings;
use crate::model::outcome::infeasible;
use crate::model::records::Records;
use crate::text::plural;
use anyhow::{anyhow, bail, Result};
use std::collections::HashMap;

/// What `adjust` is asked to change.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Change {
    /// Roster ids that join the cycle.
    pub add: Vec<String>,
    /// Ids that leave it.
    pub remove: Vec<String>,
    /// Requested moves: member id and group label (pins for this cycle).
    pub moves: Vec<(String, String)>,
    /// A group to split in two.
    pub split: Option<String>,
    /// Two groups to merge into the first.
    pub merge: Option<(String, String)>,
}

/// The groups of the adjusted cycle: a group's number is its index in `labels`.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    /// Labels after the change: the file's labels in file order (without a merged-away
    /// label), then the label of a split-off group.
    pub labels: Vec<String>,
    /// Group number after the change of each label of the file.
    number: HashMap<String, usize>,
    /// Number of the group made by `--split`.
    pub split_off: Option<usize>,
    /// The label it split from.
    split_from: Option<String>,
}

impl Layout {
    /// For each group, the home it counts as: itself, or for the group made by `--split`,
    /// the group it split from (members of a split group may stay in either half).
    pub fn counts_as(&self) -> Vec<usize> {
        let mut out: Vec<usize> = (0..self.labels.len()).collect();
        if let (Some(new), Some(from)) = (self.split_off, &self.split_from) {
            out[new] = self.number[from];
        }
        out
    }

    /// Group number (after the change) of a label of the file or a new label.
    pub fn number_of(&self, label: &str) -> Option<usize> {
        self.number
            .get(label)
            .copied()
            .or_else(|| self.labels.iter().position(|l| l == label))
    }
}

/// The labels of a cycle, for messages.
fn label_list(cycle: &Cycle) -> String {
    cycle
        .groups
        .iter()
        .map(|g| g.label.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The groups after `change`: `rules` gives the label prefix of a split-off group, which
/// takes the first label of the prefix not used in the cycle.
pub fn layout(cycle: &Cycle, change: &Change, rules: &GroupRules, source: &str) -> Result<Layout> {
    let known = |label: &str, flag: &str| -> Result<()> {
        if cycle.groups.iter().any(|g| g.label == label) {
            Ok(())
        } else {
            bail!(
                "{flag} {label}: there is no group '{label}' in cycle '{}' of {source} (groups: {})",
                cycle.label,
                label_list(cycle)
            )
        }
    };
    let mut number = HashMap::new();
    let mut labels = Vec::new();
    let merged = match &change.merge {
        Some((keep, gone)) => {
            known(keep, "--merge")?;
            known(gone, "--merge")?;
            if keep == gone {
                bail!("--merge {keep},{gone}: name two different groups, e.g. --merge G01,G02");
            }
            Some((keep.as_str(), gone.as_str()))
        }
        None => None,
    };
    for g in &cycle.groups {
        if merged.is_some_and(|(_, gone)| gone == g.label) {
            continue;
        }
        number.insert(g.label.clone(), labels.len());
        labels.push(g.label.clone());
    }
    if let Some((keep, gone)) = merged {
        number.insert(gone.to_string(), number[keep]);
    }
    let mut split_off = None;
    if let Some(label) = &change.split {
        known(label, "--split")?;
        if merged.is_some_and(|(_, gone)| gone == label) {
            bail!("--split {label}: '{label}' is merged away by --merge; split the group it joins instead");
        }
        // Labels as wide as the file's: G01…G99 in use give G100, not G001.
        let mut rules = rules.clone();
        rules.count = cycle.groups.len();
        let free = (0..)
            .map(|k| rules.label(k))
            .find(|l| !cycle.groups.iter().any(|g| &g.label == l))
            .expect("some label is free");
        split_off = Some(labels.len());
        labels.push(free);
    }
    Ok(Layout {
        labels,
        number,
        split_off,
        split_from: change.split.clone(),
    })
}

/// The group (after the change) each member of `p` was in before it; `None` for joiners.
pub fn homes(p: &Problem, cycle: &Cycle, layout: &Layout) -> Vec<Option<usize>> {
    let mut home = vec![None; p.n()];
    let index = p.index();
    for g in &cycle.groups {
        for (id, _) in &g.members {
            if let Some(&i) = index.get(id.as_str()) {
                home[i] = layout.number_of(&g.label);
            }
        }
    }
    home
}

/// The group of each member of the cycle, with the line of a second row of the same member.
fn group_of_ids<'a>(cycle: &'a Cycle, source: &str) -> Result<HashMap<&'a str, &'a GroupRecord>> {
    let mut of: HashMap<&str, &GroupRecord> = HashMap::new();
    for g in &cycle.groups {
        for (id, line) in &g.members {
            if let Some(first) = of.insert(id, g) {
                bail!(
                    "{source}:{line}: '{id}' is in group {} and again in {} of cycle '{}'; each member belongs to one group, so delete one of the rows",
                    first.label,
                    g.label,
                    cycle.label
                );
            }
        }
    }
    Ok(of)
}

/// Checks the requested change against the cycle and the roster as it stands (`before`):
/// every id and label must be known. `roster` names the roster file in messages.
pub fn validate(
    before: &Problem,
    cycle: &Cycle,
    change: &Change,
    layout: &Layout,
    source: &str,
    roster: &str,
) -> Result<()> {
    let placed = group_of_ids(cycle, source)?;
    let not_eligible = |id: &str, flag: &str| {
        if before.excluded.iter().any(|e| e == id) {
            anyhow!("{flag} {id}: '{id}' is excluded by status in the roster {roster}; change their status first")
        } else {
            anyhow!("{flag} {id}: '{id}' is not in the roster {roster}; add a row for them first, or fix the id")
        }
    };
    for id in &change.add {
        if before.index_of(id).is_none() {
            return Err(not_eligible(id, "--add"));
        }
        if let Some(g) = placed.get(id.as_str()) {
            bail!(
                "--add {id}: '{id}' is already in group {} of {source}; use --move {id}=GROUP to move them",
                g.label
            );
        }
        if change.remove.contains(id) {
            bail!("--add {id} and --remove {id}: choose one");
        }
    }
    for id in &change.remove {
        if before.index_of(id).is_none() && !placed.contains_key(id.as_str()) {
            bail!("--remove {id}: '{id}' is neither in cycle '{}' of {source} nor in the roster {roster}; fix the id", cycle.label);
        }
    }
    let mut seen: Vec<&str> = Vec::new();
    for (id, label) in &change.moves {
        if before.index_of(id).is_none() {
            return Err(not_eligible(id, &format!("--move {id}={label}:")));
        }
        if change.remove.contains(id) {
            bail!("--move {id}={label} and --remove {id}: choose one");
        }
        if seen.contains(&id.as_str()) {
            bail!("--move {id}: the member is named twice; give one --move per member");
        }
        seen.push(id);
        if layout.number_of(label).is_none()
            || change.merge.as_ref().is_some_and(|(_, gone)| gone == label)
        {
            bail!(
                "--move {id}={label}: there is no group '{label}' after the change (groups: {})",
                layout.labels.join(", ")
            );
        }
    }
    Ok(())
}

/// The roster and settings that build the adjusted problem: the people of `remove` take no
/// part (as if excluded by status), the group count and pins are left to
/// [`fit_count`] and [`pins`].
pub fn adjusted_inputs(
    roster: &Records,
    settings: &Settings,
    remove: &[String],
) -> (Records, Settings) {
    /// A status no roster uses: it marks the people `adjust` removes.
    const REMOVED: &str = "\u{0}removed";
    let mut s = settings.clone();
    s.groups.count = None;
    s.pin.clear();
    let mut t = roster.clone();
    if remove.is_empty() {
        return (t, s);
    }
    s.columns.exclude.push(REMOVED.into());
    let status = match t.column(&s.columns.status) {
        Some(c) => c,
        None => {
            t.headers.push(s.columns.status.clone());
            t.rows.iter_mut().for_each(|r| r.cells.push(String::new()));
            t.headers.len() - 1
        }
    };
    if let Some(id) = t.column(&s.columns.id) {
        for row in &mut t.rows {
            if remove.contains(&row.cells[id]) {
                row.cells[status] = REMOVED.into();
            }
        }
    }
    (t, s)
}

/// Sets the problem's group count to the layout's, with the size bounds for it; `fixed`
/// is the config's `groups.count`.
pub fn fit_count(p: &mut Problem, count: usize, fixed: Option<usize>) -> Result<()> {
    let g = &mut p.groups;
    if let Some(c) = fixed.filter(|&c| c != count) {
        bail!(
            "groups.count = {c} in the config, but the adjusted cycle would have {}; adjust keeps the count fixed there, so drop --split/--merge or change groups.count",
            plural(count, "group", "groups")
        );
    }
    if !sizes::fits(p.n_counting, count, g.min_size, g.max_size) {
        let counts: Vec<usize> = (1..=p.n_counting)
            .filter(|&c| sizes::fits(p.n_counting, c, g.min_size, g.max_size))
            .collect();
        let fit = |lo: &usize, hi: &usize| match lo == hi {
            true => format!("{} fit", plural(*lo, "group", "groups")),
            false => format!("{lo} to {hi} groups fit"),
        };
        let hint = match (counts.first(), counts.last()) {
            (Some(lo), Some(hi)) if *hi < count => {
                format!("{}: merge groups with --merge G1,G2", fit(lo, hi))
            }
            (Some(lo), Some(hi)) => format!("{}: split a group with --split GROUP", fit(lo, hi)),
            _ => format!(
                "no group count fits sizes {}..{}; change min_size or max_size",
                g.min_size, g.max_size
            ),
        };
        return Err(infeasible(
            format!(
                "{} cannot form {} of {}..{}",
                plural(p.n_counting, "ordinary member", "ordinary members"),
                plural(count, "group", "groups"),
                g.min_size,
                g.max_size
            ),
            vec![hint],
        ));
    }
    g.count = count;
    g.fixed_count = fixed;
    (g.size_lo, g.size_hi) =
        sizes::bounds(p.n_counting, count, g.min_size, g.max_size, g.even_sizes);
    Ok(())
}

/// Pins of the adjusted cycle: the config's `[pin]` and the requested moves, as group
/// numbers of the layout. A pin of someone who leaves, or to a label the cycle lacks, is
/// an error.
pub fn pins(p: &mut Problem, config: &Settings, change: &Change, layout: &Layout) -> Result<()> {
    let config_path = config.path.display();
    for (id, label) in &config.pin {
        let (id, label) = (id.trim(), label.trim());
        let Some(i) = p.index_of(id) else {
            if change.remove.iter().any(|r| r == id) {
                bail!("--remove {id}: '{id}' is pinned to {label} in [pin] of {config_path}; remove the pin first");
            }
            bail!("{config_path}: [pin] {id} = \"{label}\": '{id}' is not an eligible member of the roster; remove the pin or fix the id");
        };
        let k = layout.number_of(label).filter(|&k| layout.labels[k] == label).ok_or_else(|| {
            anyhow!(
                "{config_path}: [pin] {id} = \"{label}\": there is no group '{label}' in the adjusted cycle (groups: {})",
                layout.labels.join(", ")
            )
        })?;
        p.pins[i] = Some(k);
    }
    for (id, label) in &change.moves {
        let i = p
            .index_of(id)
            .ok_or_else(|| anyhow!("--move {id}={label}: '{id}' is not in the adjusted cycle"))?;
        let k = layout
            .number_of(label)
            .ok_or_else(|| anyhow!("--move {id}={label}: no group '{label}'"))?;
        if let Some(other) = p.pins[i].filter(|&o| o != k) {
            bail!(
                "--move {id}={label}: '{id}' is pinned to {} in [pin] of {config_path}; change the pin instead",
                layout.labels[other]
            );
        }
        p.pins[i] = Some(k);
    }
    Ok(())
}

/// How a member's place changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MoveKind {
    /// Not in the cycle before: placed in a group.
    Joined,
    /// Not in the cycle after: removed from a group.
    Left,
    /// Moved by `--move`.
    Requested,
    /// Moved with a group merged into another.
    Merged,
    /// Moved to the other half of a split group.
    Split,
    /// Moved to keep the rules or follow a split.
    Moved,
}

impl MoveKind {
    /// The name used in output.
    pub fn name(self) -> &'static str {
        match self {
            MoveKind::Joined => "joined",
            MoveKind::Left => "left",
            MoveKind::Requested => "requested",
            MoveKind::Merged => "merged",
            MoveKind::Split => "split",
            MoveKind::Moved => "moved",
        }
    }
}

/// One member whose group changed.
#[derive(Debug, Clone, PartialEq)]
pub struct Move {
    /// Member id.
    pub id: String,
    /// Group label before (`None` for a joiner).
    pub from: Option<String>,
    /// Group label after (`None` for a leaver).
    pub to: Option<String>,
    /// Why.
    pub kind: MoveKind,
}

/// The moves from the cycle as written to `group_of` (group numbers of `layout`, members
/// of `p`): first the members who changed group and the leavers in file order, then the
/// joiners in roster order.
pub fn moves(
    p: &Problem,
    cycle: &Cycle,
    layout: &Layout,
    group_of: &[usize],
    change: &Change,
) -> Vec<Move> {
    let mut out = Vec::new();
    let mut was_in = vec![false; p.n()];
    let index = p.index();
    for g in &cycle.groups {
        for (id, _) in &g.members {
            let Some(&i) = index.get(id.as_str()) else {
                out.push(Move {
                    id: id.clone(),
                    from: Some(g.label.clone()),
                    to: None,
                    kind: MoveKind::Left,
                });
                continue;
            };
            was_in[i] = true;
            let to = &layout.labels[group_of[i]];
            if *to == g.label {
                continue;
            }
            let kind = if change.moves.iter().any(|(m, _)| m == id) {
                MoveKind::Requested
            } else if change
                .merge
                .as_ref()
                .is_some_and(|(keep, gone)| *gone == g.label && keep == to)
            {
                MoveKind::Merged
            } else if layout.split_off.is_some_and(|k| {
                layout.counts_as()[k] == layout.number[&g.label] && layout.labels[k] == *to
            }) {
                MoveKind::Split
            } else {
                MoveKind::Moved
            };
            out.push(Move {
                id: id.clone(),
                from: Some(g.label.clone()),
                to: Some(to.clone()),
                kind,
            });
        }
    }
    for i in (0..p.n()).filter(|&i| !was_in[i]) {
        out.push(Move {
            id: p.members[i].id.clone(),
            from: None,
            to: Some(layout.labels[group_of[i]].clone()),
            kind: MoveKind::Joined,
        });
    }
    out
}

/// The display name of every roster row by id, excluded people included (leavers are
/// listed by name).
pub fn roster_names(roster: &Records, settings: &Settings) -> HashMap<String, String> {
    let (Some(id), name) = (
        roster.column(&settings.columns.id),
        roster.column(&settings.columns.name),
    ) else {
        return HashMap::new();
    };
    roster
        .rows
        .iter()
        .map(|r| (r.cells[id].clone(), display_name(r, name, &r.cells[id])))
        .collect()
}

/// The facilitators each group had in the file (ids), by group number of the layout: a
/// merged group keeps the facilitators of the label it keeps.
pub fn facilitators_before(cycle: &Cycle, layout: &Layout) -> Vec<Vec<String>> {
    let mut out = vec![Vec::new(); layout.labels.len()];
    for g in &cycle.groups {
        if let Some(k) = layout.labels.iter().position(|l| *l == g.label) {
            out[k] = g.facilitators.iter().map(|(id, _)| id.clone()).collect();
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cycle(labels: &[&str]) -> Cycle {
        Cycle {
            label: "c1".into(),
            groups: labels
                .iter()
                .enumerate()
                .map(|(k, l)| GroupRecord {
                    label: l.to_string(),
                    members: vec![(format!("m{k}"), k as u64 + 2)],
                    facilitators: Vec::new(),
                })
                .collect(),
        }
    }

    fn rules(count: usize) -> GroupRules {
        GroupRules {
            count,
            min_size: 1,
            max_size: 3,
            even_sizes: false,
            fixed_count: None,
            size_lo: 1,
            size_hi: 3,
            prefix: "G".into(),
        }
    }

    fn change(split: Option<&str>, merge: Option<(&str, &str)>) -> Change {
        Change {
            split: split.map(String::from),
            merge: merge.map(|(a, b)| (a.to_string(), b.to_string())),
            ..Change::default()
        }
    }

    #[test]
    fn merge_keeps_the_first_label_and_maps_the_second_to_it() {
        let c = cycle(&["G01", "G02", "G03"]);
        let l = layout(&c, &change(None, Some(("G03", "G01"))), &rules(3), "g.csv").unwrap();
        assert_eq!(l.labels, ["G02", "G03"]);
        assert_eq!(l.number_of("G01"), Some(1));
        assert_eq!(l.counts_as(), [0, 1]);
    }

    #[test]
    fn split_takes_the_first_free_label_and_counts_as_its_group() {
        let c = cycle(&["G01", "G03", "Blue"]);
        let l = layout(&c, &change(Some("G03"), None), &rules(3), "g.csv").unwrap();
        assert_eq!(l.labels, ["G01", "G03", "Blue", "G02"]);
        assert_eq!(l.counts_as(), [0, 1, 2, 1]);
        // A merge frees a label, but a split never reuses one of the file's.
        let l = layout(
            &c,
            &change(Some("G01"), Some(("G01", "G03"))),
            &rules(3),
            "g.csv",
        )
        .unwrap();
        assert_eq!(l.labels, ["G01", "Blue", "G02"]);
        // Past 99 groups the labels widen.
        let many: Vec<String> = (1..=99).map(|k| format!("G{k:02}")).collect();
        let many: Vec<&str> = many.iter().map(String::as_str).collect();
        let l = layout(
            &cycle(&many),
            &change(Some("G01"), None),
            &rules(99),
            "g.csv",
        )
        .unwrap();
        assert_eq!(l.labels.last().map(String::as_str), Some("G100"));
    }

    #[test]
    fn unknown_or_repeated_groups_are_refused() {
        let c = cycle(&["G01", "G02"]);
        for ch in [
            change(Some("G09"), None),
            change(None, Some(("G01", "G09"))),
            change(None, Some(("G01", "G01"))),
            change(Some("G02"), Some(("G01", "G02"))),
        ] {
            assert!(layout(&c, &ch, &rules(2), "g.csv").is_err(), "{ch:?}");
        }
    }
}

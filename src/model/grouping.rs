//! A finished grouping with canonical labels (README: Config reference `label_prefix`).

use super::problem::Problem;

/// Groups in label order, each with its members in roster order.
#[derive(Debug, Clone, PartialEq)]
pub struct Grouping {
    /// Labels, parallel to `groups`.
    pub labels: Vec<String>,
    /// Member indices of each group.
    pub groups: Vec<Vec<usize>>,
}

/// Labels an assignment (`group_of[i]` = group number): groups holding pinned members keep
/// their pinned label; the others take the remaining labels in roster order of their first
/// member. Equivalent assignments therefore print identically.
pub fn canonical(p: &Problem, group_of: &[usize]) -> Grouping {
    let numbers = label_numbers(p, group_of);
    let mut order: Vec<usize> = (0..p.groups.count).collect();
    order.sort_by_key(|&g| numbers[g]);
    let mut groups = groups_of(group_of, p.groups.count);
    Grouping {
        labels: order.iter().map(|&g| p.groups.label(numbers[g])).collect(),
        groups: order
            .into_iter()
            .map(|g| std::mem::take(&mut groups[g]))
            .collect(),
    }
}

/// The members of each group of `group_of` (group numbers below `count`), in roster order.
pub fn groups_of(group_of: &[usize], count: usize) -> Vec<Vec<usize>> {
    let mut groups = vec![Vec::new(); count];
    for (i, &g) in group_of.iter().enumerate() {
        groups[g].push(i);
    }
    groups
}

/// The assignment with each member's group replaced by its canonical label number.
pub fn renumber(p: &Problem, group_of: &[usize]) -> Vec<usize> {
    let numbers = label_numbers(p, group_of);
    group_of.iter().map(|&g| numbers[g]).collect()
}

/// Canonical label number (0-based) of each group number of `group_of`.
fn label_numbers(p: &Problem, group_of: &[usize]) -> Vec<usize> {
    let count = p.groups.count;
    let mut groups: Vec<Vec<usize>> = vec![Vec::new(); count];
    for (i, &g) in group_of.iter().enumerate() {
        groups[g].push(i);
    }
    let mut label_no: Vec<Option<usize>> = vec![None; count];
    for (i, &g) in group_of.iter().enumerate() {
        if let Some(k) = p.pins[i] {
            label_no[g] = Some(k);
        }
    }
    let mut taken = vec![false; count];
    for k in label_no.iter().flatten() {
        taken[*k] = true;
    }
    let free_labels: Vec<usize> = (0..count).filter(|&k| !taken[k]).collect();
    let mut free_labels = free_labels.into_iter();
    let mut order: Vec<usize> = (0..count).filter(|&g| label_no[g].is_none()).collect();
    order.sort_by_key(|&g| groups[g].first().copied().unwrap_or(usize::MAX));
    for g in order {
        label_no[g] = free_labels.next();
    }
    label_no.into_iter().map(|k| k.unwrap_or(0)).collect()
}

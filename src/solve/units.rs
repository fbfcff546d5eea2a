//! Units of a search: members that move together (the `[keep] together` sets, joined where
//! they overlap), and the group each unit is pinned to.

use crate::model::problem::Problem;

/// Members that move together, and where they are pinned.
#[derive(Debug, Clone)]
pub struct Units {
    /// Members of each unit, in roster order; units are ordered by their first member.
    pub members: Vec<Vec<usize>>,
    /// Pinned group number of each unit (a pin of any of its members).
    pub pinned: Vec<Option<usize>>,
    /// Unit of each member.
    pub unit_of: Vec<usize>,
}

/// The units of a problem.
pub fn units(p: &Problem) -> Units {
    let n = p.n();
    // Each member's representative: the smallest member it is kept together with.
    let mut root: Vec<usize> = (0..n).collect();
    fn top(root: &[usize], mut i: usize) -> usize {
        while root[i] != i {
            i = root[i];
        }
        i
    }
    for set in &p.together {
        let r = set.iter().map(|&i| top(&root, i)).min().unwrap_or(0);
        for &i in set {
            let t = top(&root, i);
            root[t] = r;
        }
    }
    let mut members: Vec<Vec<usize>> = Vec::new();
    let mut unit_of = vec![usize::MAX; n];
    for i in 0..n {
        let r = top(&root, i);
        if unit_of[r] == usize::MAX {
            unit_of[r] = members.len();
            members.push(Vec::new());
        }
        unit_of[i] = unit_of[r];
        members[unit_of[i]].push(i);
    }
    let pinned = members
        .iter()
        .map(|m| m.iter().find_map(|&i| p.pins[i]))
        .collect();
    Units {
        members,
        pinned,
        unit_of,
    }
}

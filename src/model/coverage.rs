//! Who has met whom over past cycles, and how much of the cohort that covers.

use super::history::Cycle;
use super::problem::Problem;
use std::collections::{BTreeSet, HashMap};

/// Pairs of members that shared a group in some cycles.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PairAges {
    /// Age (1 = the last of the cycles) of the most recent meeting of each pair `(min, max)`.
    pub age: HashMap<(u32, u32), u32>,
    /// Ids in the cycles that are not members (people who left), excluded ids aside.
    pub left: BTreeSet<String>,
}

impl PairAges {
    /// Age of the last meeting of `i` and `j`, if they met.
    pub fn get(&self, i: usize, j: usize) -> Option<u32> {
        self.age.get(&(i.min(j) as u32, i.max(j) as u32)).copied()
    }
}

/// The meetings of members (by id → index) in `cycles`, oldest first. Facilitators are
/// not members; ids in `excluded` take no part and are not counted as people who left.
pub fn pair_ages(cycles: &[Cycle], index: &HashMap<&str, usize>, excluded: &[String]) -> PairAges {
    let mut out = PairAges::default();
    for (k, cycle) in cycles.iter().enumerate() {
        let a = (cycles.len() - k) as u32;
        for g in &cycle.groups {
            let mut ids = Vec::new();
            for (id, _) in &g.members {
                match index.get(id.as_str()) {
                    Some(&i) => ids.push(i as u32),
                    None if excluded.contains(id) => {}
                    None => {
                        out.left.insert(id.clone());
                    }
                }
            }
            ids.sort_unstable();
            ids.dedup();
            for x in 0..ids.len() {
                for &y in &ids[x + 1..] {
                    let e = out.age.entry((ids[x], y)).or_insert(a);
                    *e = (*e).min(a);
                }
            }
        }
    }
    out
}

/// Every meeting of the problem's members in `cycles` (the whole history, no lookback).
pub fn met_in(p: &Problem, cycles: &[Cycle]) -> PairAges {
    pair_ages(cycles, &id_index(p), &p.excluded)
}

/// Member id → index.
pub fn id_index(p: &Problem) -> HashMap<&str, usize> {
    p.members
        .iter()
        .enumerate()
        .map(|(i, m)| (m.id.as_str(), i))
        .collect()
}

/// How many of the possible pairs of today's members have ever shared a group.
#[derive(Debug, Clone, PartialEq)]
pub struct Coverage {
    /// Pairs that have met.
    pub pairs_met: usize,
    /// All pairs of members: n·(n−1)/2.
    pub pairs_possible: usize,
    /// For each member, how many of the others they have met.
    pub met: Vec<usize>,
}

impl Coverage {
    /// `pairs_met / pairs_possible` (0 when there are no pairs).
    pub fn share(&self) -> f64 {
        if self.pairs_possible == 0 {
            0.0
        } else {
            self.pairs_met as f64 / self.pairs_possible as f64
        }
    }
}

/// The coverage of `n` members given the pairs that met.
pub fn coverage(n: usize, met: &PairAges) -> Coverage {
    let mut per = vec![0; n];
    for &(i, j) in met.age.keys() {
        per[i as usize] += 1;
        per[j as usize] += 1;
    }
    Coverage {
        pairs_met: met.age.len(),
        pairs_possible: n * n.saturating_sub(1) / 2,
        met: per,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::history::GroupRecord;

    fn cycle(label: &str, groups: &[&[&str]]) -> Cycle {
        Cycle {
            label: label.into(),
            groups: groups
                .iter()
                .enumerate()
                .map(|(k, ids)| GroupRecord {
                    label: format!("G{k}"),
                    members: ids.iter().map(|id| (id.to_string(), 0)).collect(),
                    facilitators: Vec::new(),
                })
                .collect(),
        }
    }

    #[test]
    fn ages_and_coverage_by_hand() {
        let index: HashMap<&str, usize> = [("a", 0), ("b", 1), ("c", 2), ("d", 3)].into();
        let cycles = [
            cycle("c1", &[&["a", "b"], &["c", "d", "gone"]]),
            cycle("c2", &[&["a", "b", "c"], &["d", "off"]]),
        ];
        let met = pair_ages(&cycles, &index, &["off".to_string()]);
        assert_eq!(met.get(0, 1), Some(1));
        assert_eq!(met.get(2, 3), Some(2));
        assert_eq!(met.get(1, 2), Some(1));
        assert_eq!(met.get(0, 3), None);
        assert_eq!(met.left, BTreeSet::from(["gone".to_string()]));
        // Pairs ab, ac, bc, cd met: 4 of 6.
        let c = coverage(4, &met);
        assert_eq!((c.pairs_met, c.pairs_possible), (4, 6));
        assert_eq!(c.met, vec![2, 2, 3, 1]);
        assert!((c.share() - 4.0 / 6.0).abs() < 1e-12);
    }
}

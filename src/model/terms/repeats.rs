//! Repeats (`[repeats]`): the pairing history. A pair that shares a group again costs
//! `weight × decay^(age − 1)`, age 1 being the last cycle; the hard rule `forbid_within`
//! keeps pairs that met within that many cycles apart.

use super::{PairScope, Restriction, SoftTerm};
use crate::model::problem::Problem;
use crate::model::rules::{ids, Violation};
use crate::text::plural;
use std::collections::HashMap;
use std::sync::LazyLock;

/// Who met whom before, and the repeat rules.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Repeats {
    /// Cost of a repeat at age 1.
    pub weight: f64,
    /// Factor per cycle of age.
    pub decay: f64,
    /// Pairs that met within this many cycles may not meet (0 = none, `u32::MAX` = ever).
    pub forbid_within: u32,
    /// Age (1 = last cycle) of the most recent meeting of each pair `(min, max)`, within lookback.
    pub age: HashMap<(u32, u32), u32>,
    /// For each member, the partners met before and the age.
    pub met: Vec<Vec<(u32, u32)>>,
}

/// No history and no repeat rules.
pub(super) static NONE: LazyLock<Repeats> = LazyLock::new(Repeats::default);

impl Repeats {
    /// Age of the last meeting of `i` and `j`, if they met within lookback.
    pub fn age(&self, i: usize, j: usize) -> Option<u32> {
        let key = if i < j {
            (i as u32, j as u32)
        } else {
            (j as u32, i as u32)
        };
        self.age.get(&key).copied()
    }

    /// Whether the pair may not share a group.
    pub fn forbidden(&self, i: usize, j: usize) -> bool {
        self.forbid_within > 0 && self.age(i, j).is_some_and(|a| a <= self.forbid_within)
    }

    /// Soft cost of a pair that met at `age`.
    pub fn cost_at(&self, age: u32) -> f64 {
        self.weight
            * self
                .decay
                .powi(age.saturating_sub(1).min(i32::MAX as u32) as i32)
    }

    /// Pairs in one group that met before: `(i, j, age)`, `i < j`.
    pub fn repeated_pairs(&self, members: &[usize]) -> Vec<(usize, usize, u32)> {
        let mut out = Vec::new();
        for (x, &i) in members.iter().enumerate() {
            for &j in &members[x + 1..] {
                if let Some(a) = self.age(i, j) {
                    out.push((i.min(j), i.max(j), a));
                }
            }
        }
        out
    }
}

impl SoftTerm for Repeats {
    fn name(&self) -> String {
        "repeats".into()
    }

    fn pair_scope(&self) -> PairScope {
        if self.age.is_empty() {
            PairScope::None
        } else {
            PairScope::Listed
        }
    }

    fn listed_pairs(&self) -> Vec<(u32, u32)> {
        let mut keys: Vec<(u32, u32)> = self.age.keys().copied().collect();
        keys.sort_unstable();
        keys
    }

    #[inline]
    fn pair_cost(&self, i: usize, j: usize) -> f64 {
        match self.age(i, j) {
            Some(a) => self.cost_at(a),
            None => 0.0,
        }
    }

    fn reads_history(&self) -> bool {
        true
    }

    #[inline]
    fn forbids(&self, i: usize, j: usize) -> bool {
        self.forbidden(i, j)
    }

    fn violations(&self, p: &Problem, members: &[usize], label: &str) -> Vec<Violation> {
        if self.forbid_within == 0 || self.age.is_empty() {
            return Vec::new();
        }
        (self.repeated_pairs(members).into_iter())
            .filter(|&(_, _, age)| age <= self.forbid_within)
            .map(|(i, j, age)| {
                let message = format!(
                    "{} and {} met {} ago; forbid_within forbids it",
                    p.members[i].id,
                    p.members[j].id,
                    plural(age as usize, "cycle", "cycles")
                );
                Violation::in_group("forbid_within", label, ids(p, &[i, j]), message)
            })
            .collect()
    }

    fn ceiling(&self, _p: &Problem, pairs: f64) -> f64 {
        self.weight * pairs
    }

    fn weight_mut(&mut self) -> &mut f64 {
        &mut self.weight
    }

    fn restrict(&self, r: &Restriction) -> Self {
        let mut age = HashMap::new();
        let mut met = vec![Vec::new(); r.keep.len()];
        for (a, &i) in r.keep.iter().enumerate() {
            for &(j, k) in &self.met[i] {
                if let Some(&b) = r.pos.get(&(j as usize)) {
                    met[a].push((b as u32, k));
                    if a < b {
                        age.insert((a as u32, b as u32), k);
                    }
                }
            }
        }
        Repeats {
            weight: self.weight,
            decay: self.decay,
            forbid_within: self.forbid_within,
            age,
            met,
        }
    }
}

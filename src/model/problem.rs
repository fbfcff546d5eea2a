//! The compiled problem: members, rules and pair data, indexed by member position.

use std::collections::HashMap;

/// An eligible roster member.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    /// Unique id.
    pub id: String,
    /// Display name (the id when the roster has none).
    pub name: String,
    /// Role name as written in the roster (empty = ordinary member).
    pub role: String,
    /// Index into [`Problem::roles`], if the role has rules.
    pub role_index: Option<usize>,
    /// Whether this member counts toward min/max size.
    pub counts: bool,
}

/// A role with per-group limits.
#[derive(Debug, Clone, PartialEq)]
pub struct Role {
    /// Role name.
    pub name: String,
    /// Fewest per group.
    pub min_per_group: usize,
    /// Most per group.
    pub max_per_group: Option<usize>,
    /// Counts toward size.
    pub counts_toward_size: bool,
}

/// A balance column.
#[derive(Debug, Clone, PartialEq)]
pub struct Balance {
    /// Column name.
    pub column: String,
    /// Weight.
    pub weight: f64,
    /// Hard cap per value and group.
    pub max_per_group: Option<usize>,
    /// Value index of each member.
    pub value_of: Vec<u32>,
    /// Value labels (blank is a value).
    pub values: Vec<String>,
    /// Cohort count of each value.
    pub cohort: Vec<usize>,
    /// For each group size m (up to N, when not too costly to tabulate; else empty): the
    /// sum over values of ⌊n_v·m/N⌋, the deviation of a group of m holding none of any
    /// value. The score then needs only the values a group holds.
    pub floor_sums: Vec<usize>,
}

impl Balance {
    /// Sum over values of ⌊n_v·m/N⌋ (see [`Balance::floor_sums`]).
    pub fn floor_sum(&self, m: usize, population: usize) -> usize {
        match self.floor_sums.get(m) {
            Some(&s) => s,
            None => sum_of_floors(&self.cohort, m, population),
        }
    }
}

/// Sum over the cohort counts `n_v` of ⌊n_v·m/N⌋.
pub fn sum_of_floors(cohort: &[usize], m: usize, population: usize) -> usize {
    cohort.iter().map(|&nv| nv * m / population).sum()
}

/// The data of a similar column.
#[derive(Debug, Clone, PartialEq)]
pub enum SimilarData {
    /// Numbers per member, with the hard cap on spread.
    Numeric {
        /// Value of each member.
        values: Vec<f64>,
        /// Hard cap on max − min.
        max_spread: Option<f64>,
    },
    /// Category index per member.
    Categorical {
        /// Value index of each member.
        value_of: Vec<u32>,
        /// Value labels.
        values: Vec<String>,
    },
    /// Element indices per member (sorted, distinct).
    Set {
        /// Elements of each member.
        sets: Vec<Vec<u32>>,
        /// Element labels.
        elements: Vec<String>,
        /// Hard: every group shares an element.
        require_common: bool,
    },
}

/// A similar column.
#[derive(Debug, Clone, PartialEq)]
pub struct Similar {
    /// Column name.
    pub column: String,
    /// Weight.
    pub weight: f64,
    /// Data.
    pub data: SimilarData,
}

/// One column of a Gower distance.
#[derive(Debug, Clone, PartialEq)]
pub enum GowerColumn {
    /// Category per member: distance 0 if equal, else 1.
    Categorical(Vec<u32>),
    /// Value per member already divided by the cohort range.
    Numeric(Vec<f64>),
}

/// Pair distances for diversity.
#[derive(Debug, Clone, PartialEq)]
pub enum Distances {
    /// Gower distance over columns.
    Gower(Vec<GowerColumn>),
    /// Full matrix `n × n`.
    Dense {
        /// Members.
        n: usize,
        /// Row-major distances.
        d: Vec<f64>,
    },
}

impl Distances {
    /// Distance between members `i` and `j`.
    pub fn get(&self, i: usize, j: usize) -> f64 {
        match self {
            Distances::Gower(cols) => {
                if cols.is_empty() {
                    return 0.0;
                }
                let sum: f64 = cols
                    .iter()
                    .map(|c| match c {
                        GowerColumn::Categorical(v) => f64::from(u8::from(v[i] != v[j])),
                        GowerColumn::Numeric(v) => (v[i] - v[j]).abs(),
                    })
                    .sum();
                sum / cols.len() as f64
            }
            Distances::Dense { n, d } => d[i * n + j],
        }
    }
}

/// The diversity reward.
#[derive(Debug, Clone, PartialEq)]
pub struct Diversity {
    /// Weight.
    pub weight: f64,
    /// Distances.
    pub distances: Distances,
}

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
}

/// Group count and size rules.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupRules {
    /// Number of groups to form.
    pub count: usize,
    /// Configured minimum of ordinary members.
    pub min_size: usize,
    /// Configured maximum of ordinary members.
    pub max_size: usize,
    /// Sizes differ by at most one.
    pub even_sizes: bool,
    /// A fixed group count from the config.
    pub fixed_count: Option<usize>,
    /// Lower bound of ordinary members per group for this count.
    pub size_lo: usize,
    /// Upper bound of ordinary members per group for this count.
    pub size_hi: usize,
    /// Label prefix.
    pub prefix: String,
}

impl GroupRules {
    /// The label of group number `k` (0-based): prefix + zero-padded `k + 1`.
    pub fn label(&self, k: usize) -> String {
        let width = self.count.to_string().len().max(2);
        format!("{}{:0width$}", self.prefix, k + 1)
    }
}

/// Everything the solver, the checker and the score need. Built by [`crate::model::build`].
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// Eligible members in roster order.
    pub members: Vec<Member>,
    /// Ids on the roster that are excluded by status.
    pub excluded: Vec<String>,
    /// Members counting toward size.
    pub n_counting: usize,
    /// N of the balance targets: every member assigned in the cycle. Equals
    /// [`Problem::n`] except in a neighbourhood of a larger problem (see
    /// [`crate::model::subproblem`]).
    pub population: usize,
    /// Group rules.
    pub groups: GroupRules,
    /// Roles with rules.
    pub roles: Vec<Role>,
    /// Balance columns.
    pub balance: Vec<Balance>,
    /// Similar columns.
    pub similar: Vec<Similar>,
    /// Diversity.
    pub diversity: Option<Diversity>,
    /// Repeats.
    pub repeats: Repeats,
    /// Sets that must be split (member indices).
    pub apart: Vec<Vec<usize>>,
    /// Sets that must stay whole (member indices).
    pub together: Vec<Vec<usize>>,
    /// Pinned group number (0-based label number) of each member.
    pub pins: Vec<Option<usize>>,
    /// Notes for the user, e.g. people in the history who left.
    pub notes: Vec<String>,
}

impl Problem {
    /// Number of eligible members.
    pub fn n(&self) -> usize {
        self.members.len()
    }

    /// Index of a member by id (a scan: for many look-ups, use [`Problem::index`]).
    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.members.iter().position(|m| m.id == id)
    }

    /// Every member's index by id, for looking up many ids.
    pub fn index(&self) -> HashMap<&str, usize> {
        (self.members.iter().enumerate())
            .map(|(i, m)| (m.id.as_str(), i))
            .collect()
    }

    /// Soft cost of `i` and `j` sharing a group: repeat cost minus diversity reward.
    pub fn pair_cost(&self, i: usize, j: usize) -> (f64, f64) {
        let div = match &self.diversity {
            Some(d) if d.weight > 0.0 => -d.weight * d.distances.get(i, j),
            _ => 0.0,
        };
        let rep = match self.repeats.age(i, j) {
            Some(a) => self.repeats.cost_at(a),
            None => 0.0,
        };
        (div, rep)
    }

    /// Whether any soft or hard term depends on pairs.
    pub fn has_pair_terms(&self) -> bool {
        self.diversity.as_ref().is_some_and(|d| d.weight > 0.0) || !self.repeats.age.is_empty()
    }
}

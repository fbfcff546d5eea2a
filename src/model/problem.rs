//! The compiled problem: members, rules and pair data, indexed by member position.

use super::terms::{PairScope, SoftTerm, Term};
use std::collections::HashMap;

pub use super::terms::balance::{sum_of_floors, Balance};
pub use super::terms::diversity::{Distances, Diversity, GowerColumn};
pub use super::terms::repeats::Repeats;
pub use super::terms::similar::{Similar, SimilarData};

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
    /// The score terms, in score order (see [`crate::model::terms`]).
    pub terms: Vec<Term>,
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

    /// Soft cost of `i` and `j` sharing a group: the sum of every pair term's cost.
    #[inline]
    pub fn pair_cost(&self, i: usize, j: usize) -> f64 {
        self.terms.iter().map(|t| t.pair_cost(i, j)).sum()
    }

    /// The part of [`Problem::pair_cost`] from terms that price only listed pairs.
    pub fn listed_pair_cost(&self, i: usize, j: usize) -> f64 {
        (self.terms.iter())
            .filter(|t| t.pair_scope() == PairScope::Listed)
            .map(|t| t.pair_cost(i, j))
            .sum()
    }

    /// Whether a hard rule forbids `i` and `j` sharing a group.
    #[inline]
    pub fn forbids(&self, i: usize, j: usize) -> bool {
        self.terms.iter().any(|t| t.forbids(i, j))
    }

    /// Whether some pair term prices every pair.
    pub fn prices_every_pair(&self) -> bool {
        (self.terms.iter()).any(|t| t.pair_scope() == PairScope::Every)
    }

    /// The pairs `(i, j)`, `i < j`, that terms pricing listed pairs name, sorted.
    pub fn listed_pairs(&self) -> Vec<(u32, u32)> {
        let mut pairs: Vec<(u32, u32)> = (self.terms.iter())
            .filter(|t| t.pair_scope() == PairScope::Listed)
            .flat_map(super::terms::SoftTerm::listed_pairs)
            .collect();
        pairs.sort_unstable();
        pairs.dedup();
        pairs
    }

    /// Whether any soft or hard term depends on pairs.
    pub fn has_pair_terms(&self) -> bool {
        (self.terms.iter()).any(|t| t.pair_scope() != PairScope::None)
    }
}

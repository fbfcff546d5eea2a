//! The soft score terms (README: Config reference), one file each, and the one list that names them.
//!
//! A term is one component of the score. Its file holds everything the term means: its
//! settings and data, its cost for one group or for one pair, the hard rule that comes with
//! it (how far a group is from keeping it, and how `check` words a break), the largest value
//! it can reach, its lower bound, and how it narrows to part of the roster. The search, the
//! integer program, `check`, `report`, the bound, the subproblem and `plan` all reach terms
//! through [`SoftTerm`], so none of them names a term.
//!
//! Terms come in two kinds. A *group term* (balance, similar, requests) prices a group from its
//! members as a whole; the search re-evaluates it on the groups a move touches. A *pair
//! term* (diversity, repeats) is a sum over the pairs that share a group; the search keeps
//! it as per-member sums, so a move costs O(1) for it.
//!
//! To add a term: write `model/terms/NAME.rs` with a type implementing [`SoftTerm`], add one
//! line to the list in [`with_terms!`], write its integer-program encoding in
//! `solve/ilp/NAME.rs` (pair terms need only an empty impl: the pair linearisation in
//! `solve/ilp/pairs.rs` reads their pair costs), and read its config table in `config.rs`
//! and `model/build/NAME.rs`.

use super::problem::Problem;
use super::rules::Violation;
use std::collections::HashMap;

/// The sum of the `k` largest values (all of them when there are fewer), for bounds.
pub(crate) fn largest_sum(values: &mut [f64], k: usize) -> f64 {
    if k == 0 {
        return 0.0;
    }
    if k < values.len() {
        values.select_nth_unstable_by(k - 1, |a, b| b.total_cmp(a));
    }
    values.iter().take(k).sum()
}

thread_local! {
    /// Counts per value (all 0 between calls) and the values counted, reused across calls:
    /// the search scores groups millions of times, so a tally allocates nothing.
    static TALLY: std::cell::RefCell<(Vec<usize>, Vec<usize>)> =
        const { std::cell::RefCell::new((Vec::new(), Vec::new())) };
}

/// Counts the `values` (each below `size`), hands `f` the counts by value and the values
/// seen (each once, in order of first sight), and resets the counts. `f` must not tally.
pub(crate) fn tally<R>(
    size: usize,
    values: impl Iterator<Item = usize>,
    f: impl FnOnce(&[usize], &[usize]) -> R,
) -> R {
    TALLY.with_borrow_mut(|(counts, seen)| {
        if counts.len() < size {
            counts.resize(size, 0);
        }
        seen.clear();
        for v in values {
            if counts[v] == 0 {
                seen.push(v);
            }
            counts[v] += 1;
        }
        let out = f(counts, seen);
        for &v in seen.iter() {
            counts[v] = 0;
        }
        out
    })
}

/// Which pairs a term prices.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PairScope {
    /// None: a group term, or a pair term with nothing to price.
    None,
    /// Only the pairs of [`SoftTerm::listed_pairs`] (e.g. pairs that met before).
    Listed,
    /// Every pair (e.g. a distance between any two members).
    Every,
}

/// Maps a larger problem's members onto a subset of them, for [`SoftTerm::restrict`].
pub struct Restriction<'a> {
    /// The kept members (indices into the larger problem), in their new order.
    pub keep: &'a [usize],
    /// New index of each kept member.
    pub pos: &'a HashMap<usize, usize>,
}

impl Restriction<'_> {
    /// The kept members' entries of a per-member vector.
    pub fn pick<T: Clone>(&self, per_member: &[T]) -> Vec<T> {
        self.keep.iter().map(|&i| per_member[i].clone()).collect()
    }
}

/// What a score term is and does. Methods have defaults so that each term writes only what
/// it has: a group term its group cost, a pair term its pair cost.
pub trait SoftTerm {
    /// The component's name in scores: `balance:COL`, `similar:COL`, `diversity`,
    /// `requests`, `repeats`.
    fn name(&self) -> String;

    /// Whether the term reads a group's members as a whole (a group term), so that a group
    /// of a given size is not priced by its size alone.
    fn reads_groups(&self) -> bool {
        false
    }

    /// The weighted cost of one group (member indices) from its members as a whole; 0 for a
    /// pair term.
    fn group_cost(&self, _p: &Problem, _members: &[usize]) -> f64 {
        0.0
    }

    /// Which pairs [`SoftTerm::pair_cost`] prices.
    fn pair_scope(&self) -> PairScope {
        PairScope::None
    }

    /// The pairs `(i, j)`, `i < j`, a [`PairScope::Listed`] term prices or forbids.
    fn listed_pairs(&self) -> Vec<(u32, u32)> {
        Vec::new()
    }

    /// The weighted cost of members `i` and `j` sharing a group; 0 for a group term.
    fn pair_cost(&self, _i: usize, _j: usize) -> f64 {
        0.0
    }

    /// Whether the term's pair cost depends on the pairing history, which a plan of several
    /// cycles extends as it goes (a plan prices such pairs meeting by meeting itself).
    fn reads_history(&self) -> bool {
        false
    }

    /// Whether the component is never below zero (false for a reward).
    fn never_negative(&self) -> bool {
        true
    }

    /// Whether the term's hard rule forbids `i` and `j` sharing a group.
    fn forbids(&self, _i: usize, _j: usize) -> bool {
        false
    }

    /// How far one group is from keeping the term's hard rule (0 = it holds), leaving out
    /// forbidden pairs, which the search counts pair by pair.
    fn penalty(&self, _p: &Problem, _members: &[usize]) -> f64 {
        0.0
    }

    /// The breaks of the term's hard rule in one group, worded for `check` (forbidden pairs
    /// included).
    fn violations(&self, _p: &Problem, _members: &[usize], _label: &str) -> Vec<Violation> {
        Vec::new()
    }

    /// The largest magnitude the component can reach over any assignment of `p`, given that
    /// at most `pairs` pairs of members share a group.
    fn ceiling(&self, p: &Problem, pairs: f64) -> f64;

    /// A lower bound on the component over every assignment, or `None` when it cannot be
    /// bounded. `sizes` is `(size, number of groups)` when the size rules fix the sizes.
    fn lower_bound(&self, _p: &Problem, _sizes: Option<&[(usize, usize)]>) -> Option<f64> {
        Some(0.0)
    }

    /// The same term over a subset of the members.
    fn restrict(&self, r: &Restriction) -> Self
    where
        Self: Sized;

    /// The term's weight, for callers that switch the soft cost off (e.g. `adjust`, whose
    /// first aim is the fewest moves).
    fn weight_mut(&mut self) -> &mut f64;
}

/// Calls `$callback!` with the list of terms, `Type in module`, in score order. This list is
/// the registry: every other list of terms is generated from it.
#[macro_export]
#[doc(hidden)]
macro_rules! with_terms {
    ($callback:ident) => {
        $callback!(
            Balance in balance,
            Similar in similar,
            Diversity in diversity,
            Requests in requests,
            Repeats in repeats,
        );
    };
}
pub use with_terms;

/// Declares the term modules, the [`Term`] enum and its [`SoftTerm`] dispatch.
macro_rules! define_terms {
    ($($variant:ident in $module:ident),* $(,)?) => {
        $(pub mod $module;)*
        $(pub use $module::$variant;)*

        /// One score term: a closed enum, so that the search's calls compile to a `match`
        /// the compiler can inline rather than a call through a vtable.
        #[derive(Debug, Clone, PartialEq)]
        pub enum Term {
            $(
                #[doc = concat!("See [`", stringify!($module), "`].")]
                $variant($variant),
            )*
        }

        $(
            impl From<$variant> for Term {
                fn from(t: $variant) -> Self {
                    Term::$variant(t)
                }
            }
        )*

        impl SoftTerm for Term {
            fn name(&self) -> String {
                match self { $(Term::$variant(t) => t.name(),)* }
            }
            fn reads_groups(&self) -> bool {
                match self { $(Term::$variant(t) => t.reads_groups(),)* }
            }
            #[inline]
            fn group_cost(&self, p: &Problem, members: &[usize]) -> f64 {
                match self { $(Term::$variant(t) => t.group_cost(p, members),)* }
            }
            fn pair_scope(&self) -> PairScope {
                match self { $(Term::$variant(t) => t.pair_scope(),)* }
            }
            fn listed_pairs(&self) -> Vec<(u32, u32)> {
                match self { $(Term::$variant(t) => t.listed_pairs(),)* }
            }
            #[inline]
            fn pair_cost(&self, i: usize, j: usize) -> f64 {
                match self { $(Term::$variant(t) => t.pair_cost(i, j),)* }
            }
            fn reads_history(&self) -> bool {
                match self { $(Term::$variant(t) => t.reads_history(),)* }
            }
            fn never_negative(&self) -> bool {
                match self { $(Term::$variant(t) => t.never_negative(),)* }
            }
            #[inline]
            fn forbids(&self, i: usize, j: usize) -> bool {
                match self { $(Term::$variant(t) => t.forbids(i, j),)* }
            }
            #[inline]
            fn penalty(&self, p: &Problem, members: &[usize]) -> f64 {
                match self { $(Term::$variant(t) => t.penalty(p, members),)* }
            }
            fn violations(&self, p: &Problem, members: &[usize], label: &str) -> Vec<Violation> {
                match self { $(Term::$variant(t) => t.violations(p, members, label),)* }
            }
            fn ceiling(&self, p: &Problem, pairs: f64) -> f64 {
                match self { $(Term::$variant(t) => t.ceiling(p, pairs),)* }
            }
            fn lower_bound(&self, p: &Problem, sizes: Option<&[(usize, usize)]>) -> Option<f64> {
                match self { $(Term::$variant(t) => t.lower_bound(p, sizes),)* }
            }
            fn restrict(&self, r: &Restriction) -> Self {
                match self { $(Term::$variant(t) => Term::$variant(t.restrict(r)),)* }
            }
            fn weight_mut(&mut self) -> &mut f64 {
                match self { $(Term::$variant(t) => t.weight_mut(),)* }
            }
        }
    };
}

with_terms!(define_terms);

/// Typed views of the terms, for code that is about one term (its report wording, the
/// plan's history arithmetic).
impl Problem {
    /// The balance columns, in config order.
    pub fn balance(&self) -> impl Iterator<Item = &Balance> {
        self.terms.iter().filter_map(|t| match t {
            Term::Balance(b) => Some(b),
            _ => None,
        })
    }

    /// The similar columns, in config order.
    pub fn similar(&self) -> impl Iterator<Item = &Similar> {
        self.terms.iter().filter_map(|t| match t {
            Term::Similar(s) => Some(s),
            _ => None,
        })
    }

    /// The member requests, when configured.
    pub fn requests(&self) -> Option<&Requests> {
        self.terms.iter().find_map(|t| match t {
            Term::Requests(r) => Some(r),
            _ => None,
        })
    }

    /// The diversity reward, when configured.
    pub fn diversity(&self) -> Option<&Diversity> {
        self.terms.iter().find_map(|t| match t {
            Term::Diversity(d) => Some(d),
            _ => None,
        })
    }

    /// The balance columns, to change them.
    pub fn balance_mut(&mut self) -> impl Iterator<Item = &mut Balance> {
        self.terms.iter_mut().filter_map(|t| match t {
            Term::Balance(b) => Some(b),
            _ => None,
        })
    }

    /// The similar columns, to change them.
    pub fn similar_mut(&mut self) -> impl Iterator<Item = &mut Similar> {
        self.terms.iter_mut().filter_map(|t| match t {
            Term::Similar(s) => Some(s),
            _ => None,
        })
    }

    /// The history and its repeat rules (always present; empty without history). The
    /// builder puts them last, so this is one look in the usual case.
    pub fn repeats(&self) -> &Repeats {
        match self.terms.last() {
            Some(Term::Repeats(r)) => r,
            _ => (self.terms.iter())
                .find_map(|t| match t {
                    Term::Repeats(r) => Some(r),
                    _ => None,
                })
                .unwrap_or(&repeats::NONE),
        }
    }

    /// The history and its repeat rules, to change them (added when missing).
    pub fn repeats_mut(&mut self) -> &mut Repeats {
        let at = match self
            .terms
            .iter()
            .position(|t| matches!(t, Term::Repeats(_)))
        {
            Some(k) => k,
            None => {
                self.terms.push(Term::Repeats(Repeats::default()));
                self.terms.len() - 1
            }
        };
        match &mut self.terms[at] {
            Term::Repeats(r) => r,
            _ => unreachable!("the term at {at} is the repeats term"),
        }
    }
}

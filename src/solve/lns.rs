//! Large-neighbourhood steps: free a few groups, re-solve their members exactly with the
//! assignment integer program (everyone else stays put), keep the answer when it scores
//! lower. The integer program is warm-started from the current groups, so a step never
//! makes the answer worse, and each step's branch-and-bound node limit keeps the steps
//! deterministic.

use super::ilp::{self, IlpOptions, Relax};
use super::{feasible, total};
use crate::model::problem::Problem;
use crate::model::subproblem::SubProblem;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::collections::HashSet;
use std::time::Instant;

/// Groups freed per step.
const FREED: usize = 2;

/// Largest neighbourhood (members) re-solved, with a diversity term: its pair
/// linearisation is weak beyond that.
const MAX_DIVERSE_MEMBERS: usize = 12;

/// Largest neighbourhood (members) re-solved without one.
const MAX_MEMBERS: usize = 60;

/// Branch-and-bound nodes per step.
const NODES_PER_STEP: u64 = 200;

/// Limits of a run of steps.
#[derive(Debug, Clone)]
pub struct LnsBudget {
    /// Steps allowed (the deterministic work limit).
    pub max_steps: u64,
    /// Wall-clock safety net.
    pub deadline: Instant,
    /// Seed of the choice of groups.
    pub seed: u64,
}

/// What a run of steps did.
#[derive(Debug, Clone)]
pub struct LnsOutcome {
    /// The assignment after the steps.
    pub group_of: Vec<usize>,
    /// Steps run.
    pub steps: u64,
    /// Steps that improved the score.
    pub improved: u64,
    /// Whether the deadline ended the run.
    pub timed_out: bool,
}

/// Whether neighbourhoods of two groups are small enough to re-solve quickly.
pub fn applies(p: &Problem) -> bool {
    let g = p.groups.count;
    if g < FREED + 1 {
        return false;
    }
    let dense = p.prices_every_pair();
    let limit = if dense {
        MAX_DIVERSE_MEMBERS
    } else {
        MAX_MEMBERS
    };
    p.groups.size_hi * FREED <= limit
}

/// Runs steps from `group_of` (which must meet every hard rule) until every pair of
/// groups has been re-solved without improvement since the last improvement, or a limit
/// is reached.
/// `on_best` hears the score after each improving step.
pub fn improve(
    p: &Problem,
    group_of: Vec<usize>,
    budget: &LnsBudget,
    on_best: &dyn Fn(f64),
) -> LnsOutcome {
    let mut out = LnsOutcome {
        group_of,
        steps: 0,
        improved: 0,
        timed_out: false,
    };
    let mut rng = ChaCha8Rng::seed_from_u64(budget.seed);
    let mut pairs = PairSource::new(p.groups.count);
    let mut tried: HashSet<[usize; FREED]> = HashSet::new();
    while out.steps < budget.max_steps && tried.len() < pairs.total() {
        let round = pairs.round(&mut rng);
        for pair in round {
            if out.steps >= budget.max_steps {
                break;
            }
            if tried.contains(&pair) {
                continue;
            }
            let remaining = budget
                .deadline
                .saturating_duration_since(Instant::now())
                .as_secs_f64();
            if remaining <= 0.0 {
                out.timed_out = true;
                return out;
            }
            out.steps += 1;
            tried.insert(pair);
            if step(p, &mut out.group_of, &pair, remaining, budget.seed) {
                out.improved += 1;
                on_best(total(p, &out.group_of));
                tried.clear();
                tried.insert(pair);
            }
        }
    }
    out
}

/// Most pairs of groups listed (and shuffled) for a round of steps; beyond it a round
/// is a seeded sample of this many pairs, so memory stays small at any roster size.
const MAX_LISTED_PAIRS: usize = 1 << 21;

/// The pairs of groups the steps re-solve, round by round: every pair in a fresh seeded
/// order while there are few, else a seeded sample of [`MAX_LISTED_PAIRS`] drawn lazily.
struct PairSource {
    groups: usize,
    /// Every pair, when there are at most [`MAX_LISTED_PAIRS`] (else empty).
    listed: Vec<[usize; FREED]>,
}

impl PairSource {
    fn new(groups: usize) -> Self {
        let listed = if Self::count(groups) <= MAX_LISTED_PAIRS {
            (0..groups)
                .flat_map(|a| (a + 1..groups).map(move |b| [a, b]))
                .collect()
        } else {
            Vec::new()
        };
        PairSource { groups, listed }
    }

    fn count(groups: usize) -> usize {
        groups.saturating_mul(groups.saturating_sub(1)) / 2
    }

    /// Number of distinct pairs.
    fn total(&self) -> usize {
        Self::count(self.groups)
    }

    /// The pairs of the next round.
    fn round<'a>(
        &'a mut self,
        rng: &'a mut ChaCha8Rng,
    ) -> Box<dyn Iterator<Item = [usize; FREED]> + 'a> {
        if !self.listed.is_empty() || self.groups < 2 {
            self.listed.shuffle(rng);
            return Box::new(self.listed.iter().copied());
        }
        let g = self.groups;
        Box::new((0..MAX_LISTED_PAIRS).map(move |_| {
            let a = rng.gen_range(0..g);
            let b = rng.gen_range(0..g - 1);
            let b = if b >= a { b + 1 } else { b };
            [a.min(b), a.max(b)]
        }))
    }
}

/// Re-solves the members of `groups`; returns whether the score went down.
fn step(p: &Problem, group_of: &mut [usize], groups: &[usize], seconds: f64, seed: u64) -> bool {
    let sub = SubProblem::new(p, group_of, groups);
    let q = &sub.problem;
    let opts = IlpOptions {
        objective: true,
        time_limit: seconds,
        seed,
        max_nodes: NODES_PER_STEP,
    };
    let found = ilp::solve(q, &Relax::default(), Some(&sub.start), &opts);
    match found.group_of {
        Some(g) if feasible(q, &g) && total(q, &g) < total(q, &sub.start) - 1e-9 => {
            sub.apply(&g, group_of);
            true
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::problem;
    use std::time::Duration;

    const TOML: &str =
        "[groups]\nmin_size = 2\nmax_size = 2\n[[balance]]\ncolumn = \"side\"\nweight = 1\n";
    const ROSTER: &str = "id,side\na,x\nb,x\nc,y\nd,y\ne,x\nf,y\n";

    fn budget(max_steps: u64) -> LnsBudget {
        LnsBudget {
            max_steps,
            deadline: Instant::now() + Duration::from_secs(60),
            seed: 5,
        }
    }

    /// {a, b} and {c, d} are both lopsided; re-solving them together mixes them.
    #[test]
    fn steps_mix_lopsided_groups() {
        let p = problem(TOML, ROSTER, "", None);
        assert!(applies(&p));
        let start = vec![0, 0, 1, 1, 2, 2];
        assert!(total(&p, &start) > 0.0);
        let out = improve(&p, start, &budget(100), &|_| {});
        assert!(feasible(&p, &out.group_of));
        assert_eq!(total(&p, &out.group_of), 0.0);
        assert!(out.improved >= 1);
        // Every pair of groups was re-solved after the last improvement, then it stopped.
        assert!(out.steps < 100);
        assert!(!out.timed_out);
    }

    /// The step limit holds, and an assignment that cannot improve is returned unchanged.
    #[test]
    fn limits_hold_and_optimal_groups_stay() {
        let p = problem(TOML, ROSTER, "", None);
        let out = improve(&p, vec![0, 0, 1, 1, 2, 2], &budget(1), &|_| {});
        assert_eq!(out.steps, 1);
        let best = vec![0, 1, 0, 1, 2, 2];
        assert_eq!(total(&p, &best), 0.0);
        let out = improve(&p, best.clone(), &budget(100), &|_| {});
        assert_eq!(out.group_of, best);
        assert_eq!((out.steps, out.improved), (3, 0));
    }

    /// Few groups: every pair is listed. Many groups (100,000 members in groups of 7 have
    /// about 10^8 pairs): nothing is listed, a round is a bounded seeded sample of valid
    /// pairs, and the same seed draws the same sample.
    #[test]
    fn pairs_of_many_groups_are_sampled_not_listed() {
        let few = PairSource::new(5);
        assert_eq!((few.listed.len(), few.total()), (10, 10));
        let g = 14_286;
        let draw = |seed| {
            let mut rng = ChaCha8Rng::seed_from_u64(seed);
            let mut many = PairSource::new(g);
            assert!(many.listed.is_empty());
            assert_eq!(many.total(), g * (g - 1) / 2);
            let round: Vec<[usize; FREED]> = many.round(&mut rng).collect();
            assert_eq!(round.len(), MAX_LISTED_PAIRS);
            assert!(round.iter().all(|&[a, b]| a < b && b < g));
            round
        };
        assert_eq!(draw(3), draw(3));
    }

    /// A deadline already past ends the run before any step.
    #[test]
    fn a_past_deadline_runs_no_step() {
        let p = problem(TOML, ROSTER, "", None);
        let budget = LnsBudget {
            deadline: Instant::now(),
            ..budget(100)
        };
        let out = improve(&p, vec![0, 0, 1, 1, 2, 2], &budget, &|_| {});
        assert!(out.timed_out);
        assert_eq!(out.steps, 0);
    }
}

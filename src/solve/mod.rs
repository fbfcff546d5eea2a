//! Solving: a seeded search finds a good assignment that meets the hard rules, then the
//! integer program (when the problem is small enough) improves it and proves optimality.

pub mod adjust;
pub mod bound;
pub mod diagnose;
pub mod ilp;
pub mod lns;
pub mod matching;
mod pair_sums;
pub mod plan;
pub mod search;
pub mod units;
pub mod value;

use crate::model::grouping::{groups_of, renumber};
use crate::model::outcome::infeasible;
use crate::model::problem::Problem;
use crate::model::rules::{self, group_penalty};
use crate::model::score::{score, tidy};
use crate::text::{and_list, plural};
use search::Escape;
use std::time::{Duration, Instant};

/// Largest integer program (in estimated rows and columns) handed to HiGHS whole.
pub const MAX_ILP_ROWS: usize = 50_000;

/// Largest number of member-group assignment variables of the whole integer program: beyond
/// it the linear relaxation is too weak and each node too slow for a proof to come quickly,
/// and the search answers alone.
pub const MAX_ILP_ASSIGNMENTS: usize = 1_000;

/// Search evaluations per branch-and-bound node allowed to the integer program: the
/// effort is shared between them so that both stop deterministically.
const EVALS_PER_NODE: u64 = 10_000;

/// Search evaluations one large-neighbourhood step counts as, against the effort.
const EVALS_PER_LNS_STEP: u64 = 100_000;

/// Largest roster with a diversity term handed to the whole integer program: its pair
/// linearisation gives bounds too weak to prove anything beyond that.
pub const MAX_ILP_DIVERSE: usize = 40;

/// Share of the time limit the balance bound's integer programs may use (a safety net:
/// their node limit ends them first).
const BOUND_SHARE: f64 = 0.1;

/// Branch-and-bound nodes of each balance bound integer program.
const BOUND_NODES: u64 = 1_000;

/// Share of the time limit the integer program may use once the search has an answer
/// (but at least [`MIN_ILP_SECONDS`]).
const ILP_SHARE: f64 = 0.25;

/// Seconds the integer program may always use.
const MIN_ILP_SECONDS: f64 = 2.0;

/// How a solve may run.
#[derive(Debug, Clone)]
pub struct SolveOptions {
    /// Seed of the search.
    pub seed: u64,
    /// Wall-clock safety net in seconds.
    pub time_limit: f64,
    /// Deterministic work limit of the search, in group evaluations.
    pub effort: u64,
}

/// Most evaluations of the search when an exact method follows it (its answer is then a
/// warm start; the exact methods and the neighbourhood steps use the rest of the work).
const WARM_START_EVALS: u64 = 20_000_000;

/// The work limit's nominal rate: without `--effort`, the limit is this many evaluations
/// per second of the time limit, so that a run uses its time and still stops by a count
/// (the same bytes for the same seed and time limit) on a machine at least this fast.
pub const EVALS_PER_SECOND: f64 = 20_000_000.0;

impl SolveOptions {
    /// The options of a run: `effort` when given, else [`EVALS_PER_SECOND`] times the
    /// time limit.
    pub fn new(seed: u64, time_limit: f64, effort: Option<u64>) -> SolveOptions {
        let derived = || (EVALS_PER_SECOND * time_limit).clamp(1.0, 1e18) as u64;
        SolveOptions {
            seed,
            time_limit,
            effort: effort.unwrap_or_else(derived),
        }
    }

    /// The same options with the `k`-th seed after this one, for the `k`-th of several solves.
    pub fn reseeded(&self, k: u64) -> SolveOptions {
        SolveOptions {
            seed: self.seed.wrapping_add(k),
            ..self.clone()
        }
    }

    /// The same options with a time limit of `seconds`.
    pub fn within(&self, seconds: f64) -> SolveOptions {
        SolveOptions {
            time_limit: seconds,
            ..self.clone()
        }
    }
}

pub use crate::model::outcome::{Solution, Status, Stopped};

fn total(p: &Problem, group_of: &[usize]) -> f64 {
    score(p, &groups_of(group_of, p.groups.count)).total
}

/// Whether `group_of` keeps every hard rule of `p`.
pub fn feasible(p: &Problem, group_of: &[usize]) -> bool {
    let together = p
        .together
        .iter()
        .all(|s| s.iter().all(|&i| group_of[i] == group_of[s[0]]));
    let pins = (0..p.n()).all(|i| p.pins[i].is_none_or(|k| group_of[i] == k));
    together
        && pins
        && groups_of(group_of, p.groups.count)
            .iter()
            .all(|g| group_penalty(p, g) == 0.0)
}

/// Whether the whole assignment integer program is small enough to be worth solving.
fn assignment_model_fits(p: &Problem) -> bool {
    let dense = p.prices_every_pair();
    ilp::estimated_rows(p) <= MAX_ILP_ROWS
        && p.n() * p.groups.count <= MAX_ILP_ASSIGNMENTS
        && (!dense || p.n() <= MAX_ILP_DIVERSE)
}

/// A score no assignment can beat, found without solving the problem itself (see
/// [`bound`]).
fn floor(p: &Problem, opts: &SolveOptions) -> Option<f64> {
    let ilp_opts = ilp::IlpOptions {
        objective: true,
        time_limit: (opts.time_limit * BOUND_SHARE).max(0.01),
        seed: opts.seed,
        max_nodes: BOUND_NODES,
    };
    bound::lower_bound(p, &ilp_opts)
}

/// What a running solve reports as it goes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Progress {
    /// A better assignment meeting the per-group rules, with its score.
    Best(f64),
    /// A lower bound on the score.
    Bound(f64),
    /// The phase now running.
    Phase(&'static str),
}

/// Solves the problem, or explains why no assignment meets the hard rules.
pub fn solve(p: &Problem, opts: &SolveOptions) -> anyhow::Result<Solution> {
    solve_with(p, opts, &|_| {})
}

/// [`solve`], reporting progress to `on` (for a display; the answer does not depend on it).
pub fn solve_with(
    p: &Problem,
    opts: &SolveOptions,
    on: &dyn Fn(Progress),
) -> anyhow::Result<Solution> {
    crate::model::limits::check_counts(p)?;
    let started = Instant::now();
    let deadline = started + Duration::from_secs_f64(opts.time_limit.max(0.0));
    let use_ilp = matching::applies(p) || ilp::partition::applies(p) || assignment_model_fits(p);
    let mut run = search_phase(p, opts, use_ilp, started, deadline, on);
    if use_ilp && run.status != Status::Optimal {
        exact_phase(p, opts, deadline, &mut run, on)?;
    }
    if use_ilp && run.best.is_none() && Instant::now() < deadline {
        // No answer keeps every hard rule and none is proven impossible: the search goes
        // on until the time limit.
        let again = search_phase(p, opts, false, started, deadline, on);
        run = Run {
            bound: run.bound.or(again.bound),
            ..again
        };
    }
    if run.status == Status::Feasible && lns::applies(p) {
        neighbourhood_phase(p, opts, deadline, &mut run, on);
    }
    finish(p, run, started)
}

/// Where a solve stands between its phases.
struct Run {
    best: Option<Vec<usize>>,
    /// The search's best assignment, which may break a hard rule.
    closest: Vec<usize>,
    status: Status,
    stopped: Stopped,
    bound: Option<f64>,
}

/// Largest roster the annealing walk serves: the steps of one walk then visit each member
/// a thousand times or more. Beyond it the random kicks do better in the same time.
const MAX_ANNEAL_MEMBERS: usize = 1_000;

/// How the search leaves its local optima: random kicks when it only warm-starts an exact
/// method (or the roster is very large), the tabu walk where pair terms and sizes alone
/// price a group (each swap then costs O(1)), the annealing walk where group terms do.
fn escape(p: &Problem, use_ilp: bool) -> Escape {
    if use_ilp {
        Escape::Kick
    } else if search::priced_by_pairs(p) {
        Escape::Tabu
    } else if p.n() <= MAX_ANNEAL_MEMBERS {
        Escape::Anneal
    } else {
        Escape::Kick
    }
}

/// The seeded search, with half the time when an exact method follows; optimal at once
/// when it reaches the floor.
fn search_phase(
    p: &Problem,
    opts: &SolveOptions,
    use_ilp: bool,
    started: Instant,
    deadline: Instant,
    on: &dyn Fn(Progress),
) -> Run {
    let search_deadline = if use_ilp {
        started + Duration::from_secs_f64(opts.time_limit.max(0.0) * 0.5)
    } else {
        deadline
    };
    let floor = floor(p, opts);
    let escape = escape(p, use_ilp);
    let budget = search::Budget {
        max_evals: if use_ilp {
            opts.effort.min(WARM_START_EVALS)
        } else {
            opts.effort
        },
        // Walking, only a proof (the floor), the work limit or the time limit ends the
        // search; otherwise a long run without progress hands over to the exact methods or
        // the large-neighbourhood steps.
        max_stale_rounds: if escape == Escape::Kick {
            150
        } else {
            u32::MAX
        },
        min_stale_evals: 3_000_000,
        deadline: search_deadline,
        floor,
        persist: !use_ilp,
        escape,
    };
    if let Some(f) = floor {
        on(Progress::Bound(f));
    }
    on(Progress::Phase("search"));
    let found = search::search_with(p, opts.seed, &budget, None, None, &|v| {
        on(Progress::Best(v));
    });
    let best: Option<Vec<usize>> = (found.penalty == 0.0 && feasible(p, &found.group_of))
        .then(|| renumber(p, &found.group_of));
    let stopped = match found.stop {
        search::SearchStop::Work => Stopped::WorkLimit,
        search::SearchStop::Time => Stopped::TimeLimit,
        search::SearchStop::Floor => Stopped::Proof,
    };
    let status = if stopped == Stopped::Proof && best.is_some() {
        Status::Optimal
    } else {
        Status::Feasible
    };
    Run {
        best,
        closest: found.group_of,
        status,
        stopped,
        bound: floor,
    }
}

/// The exact methods (pairs matching, set partition, the whole assignment model), warm
/// started from the search's answer; infeasible is an error that explains itself.
fn exact_phase(
    p: &Problem,
    opts: &SolveOptions,
    deadline: Instant,
    run: &mut Run,
    on: &dyn Fn(Progress),
) -> anyhow::Result<()> {
    let mut remaining = deadline
        .saturating_duration_since(Instant::now())
        .as_secs_f64();
    if run.best.is_some() {
        // With an answer in hand, a proof that does not come quickly rarely comes.
        remaining = remaining.min((opts.time_limit * ILP_SHARE).max(MIN_ILP_SECONDS));
    }
    let ilp_opts = ilp::IlpOptions {
        objective: true,
        time_limit: remaining,
        seed: opts.seed,
        max_nodes: (opts.effort / EVALS_PER_NODE).max(1),
    };
    let start = run.best.as_deref();
    on(Progress::Phase("integer program"));
    let ends = Instant::now() + Duration::from_secs_f64(remaining);
    // The assignment model gets what the set partition left when it gave up.
    let left = || ilp::IlpOptions {
        time_limit: ends.saturating_duration_since(Instant::now()).as_secs_f64(),
        ..ilp_opts.clone()
    };
    let out = matching::solve(p)
        .or_else(|| ilp::partition::solve(p, start, &ilp_opts))
        .or_else(|| {
            assignment_model_fits(p).then(|| ilp::solve(p, &ilp::Relax::default(), start, &left()))
        });
    let Some(out) = out else {
        return Ok(());
    };
    if out.infeasible {
        return Err(diagnose::explain(p, deadline));
    }
    // The models number their groups as they come; pins name groups, so the answer is
    // renumbered before it is checked.
    let found = (out.group_of.as_deref())
        .map(|g| renumber(p, g))
        .filter(|g| feasible(p, g));
    let kept = found.is_some();
    if let Some(g) = found {
        if (run.best.as_ref()).is_none_or(|b| total(p, &g) <= total(p, b) + 1e-9) {
            run.best = Some(g);
        }
    }
    run.bound = match (run.bound, out.bound) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    };
    if let Some(b) = run.bound {
        on(Progress::Bound(b));
    }
    // A proof is about the model's own answer: it holds for the answer kept only when that
    // one keeps every rule (the answer kept then scores no more).
    if out.proven && kept {
        run.status = Status::Optimal;
        run.stopped = Stopped::Proof;
    } else if out.timed_out {
        run.stopped = Stopped::TimeLimit;
    }
    Ok(())
}

/// Large-neighbourhood steps from the best answer, when no proof has come.
fn neighbourhood_phase(
    p: &Problem,
    opts: &SolveOptions,
    deadline: Instant,
    run: &mut Run,
    on: &dyn Fn(Progress),
) {
    let Some(start) = run.best.take() else {
        return;
    };
    let budget = lns::LnsBudget {
        max_steps: (opts.effort / EVALS_PER_LNS_STEP).max(1),
        deadline,
        seed: opts.seed,
    };
    on(Progress::Phase("neighbourhoods"));
    let out = lns::improve(p, start, &budget, &|v| on(Progress::Best(v)));
    if out.timed_out {
        run.stopped = Stopped::TimeLimit;
    }
    run.best = Some(renumber(p, &out.group_of));
}

/// Why no assignment was found: the search went on until the time limit (the work limit
/// bounds improving a valid answer, never finding one), and its best still broke these rules.
fn not_found(p: &Problem, closest: &[usize]) -> anyhow::Error {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for v in rules::assignment_violations(p, closest) {
        match counts.iter_mut().find(|(rule, _)| *rule == v.rule) {
            Some((_, n)) => *n += 1,
            None => counts.push((v.rule, 1)),
        }
    }
    let broken: Vec<String> = counts
        .iter()
        .map(|&(rule, n)| {
            plural(
                n,
                &format!("{rule} violation"),
                &format!("{rule} violations"),
            )
        })
        .collect();
    let mut details = Vec::new();
    if !broken.is_empty() {
        details.push(format!(
            "the best assignment found still had {}",
            and_list(&broken)
        ));
    }
    details.push(
        "raise --time-limit, or relax a hard rule (sizes, caps, max_spread, forbid_within, apart/together, pins)".into(),
    );
    infeasible(
        "no assignment meeting every hard rule was found within the time limit (--time-limit)",
        details,
    )
}

/// The solution from the best assignment found, or the error when there is none.
fn finish(p: &Problem, run: Run, started: Instant) -> anyhow::Result<Solution> {
    let Run {
        best,
        closest,
        status,
        stopped,
        bound,
    } = run;
    let Some(group_of) = best else {
        return Err(not_found(p, &closest));
    };
    let objective = total(p, &group_of);
    // An answer that scores its bound is optimal, whatever stopped the run.
    let (status, stopped) = if bound.is_some_and(|b| objective <= b + 1e-9) {
        (Status::Optimal, Stopped::Proof)
    } else {
        (status, stopped)
    };
    let bound = match status {
        Status::Optimal => Some(objective),
        Status::Feasible => bound.map(|b: f64| tidy(b.min(objective))),
    };
    let gap = bound.map(|b| tidy((objective - b) / objective.abs().max(1.0)));
    Ok(Solution {
        group_of,
        status,
        stopped,
        objective,
        bound,
        gap,
        seconds: started.elapsed().as_secs_f64(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::problem;

    /// The set partition numbers its groups in the order it lists them, while a pin names
    /// a group: its answer is renumbered before the pin is checked, so the exact phase keeps
    /// it over a worse start and calls only that optimal.
    #[test]
    fn the_exact_answer_is_renumbered_before_pins_are_checked() {
        let toml = "[groups]\nmin_size = 3\nmax_size = 3\n[[balance]]\ncolumn = \"side\"\n\
                    weight = 1\n[pin]\nf = \"G01\"\n";
        let roster = "id,side\na,x\nb,x\nc,x\nd,y\ne,y\nf,y\n";
        let p = problem(toml, roster, "", None);
        assert!(ilp::partition::applies(&p) && !matching::applies(&p));
        // The start keeps the pin (f in G01) with each side alone in a group: cost 4.
        let start = vec![1, 1, 1, 0, 0, 0];
        assert!(feasible(&p, &start));
        assert_eq!(total(&p, &start), 4.0);
        let mut run = Run {
            best: Some(start.clone()),
            closest: start,
            status: Status::Feasible,
            stopped: Stopped::WorkLimit,
            bound: None,
        };
        let opts = SolveOptions::new(1, 10.0, None);
        exact_phase(
            &p,
            &opts,
            Instant::now() + Duration::from_secs(10),
            &mut run,
            &|_| {},
        )
        .unwrap();
        let best = run.best.unwrap();
        assert!(feasible(&p, &best));
        assert_eq!(best[5], 0, "f stays in G01");
        assert_eq!(total(&p, &best), 0.0, "mixed groups cost nothing");
        assert_eq!(run.status, Status::Optimal);
    }
}

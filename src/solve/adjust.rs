//! Re-planning a cycle (`adjust`): every hard rule first, then the fewest members moved away
//! from their home group, then the score. An integer program proves the fewest moves; the
//! search starts from its answer (or from the cycle as it stands, with joiners placed
//! greedily) and weighs each move below any broken rule.

use super::ilp::{self, adjust::HomeGroups, IlpOptions};
use super::search::{search_with, Budget, Escape, Homes, SearchStop};
use super::value::better;
use super::{feasible, solve, Solution, SolveOptions, Status, Stopped};
use crate::model::grouping::groups_of;
use crate::model::problem::Problem;
use crate::model::rules::group_penalty;
use crate::model::score::{add_group, component_names, score, tidy};
use std::time::{Duration, Instant};

/// Perturbation rounds without improvement before the search stops...
const STALE_ROUNDS: u32 = 40;
/// ...once this many evaluations have passed without improvement.
const STALE_EVALS: u64 = 200_000;

/// Members away from their home group.
pub fn away(homes: &Homes, group_of: &[usize]) -> usize {
    homes
        .of
        .iter()
        .zip(group_of)
        .filter(|(h, &g)| h.is_some_and(|h| h != homes.counts_as[g]))
        .count()
}

/// The start: members at home (or where pinned), then each joiner, in roster order, where
/// it adds the least penalty, then the least score.
pub fn start(p: &Problem, home: &[Option<usize>]) -> Vec<usize> {
    let mut group_of: Vec<Option<usize>> = (0..p.n()).map(|i| p.pins[i].or(home[i])).collect();
    let mut groups: Vec<Vec<usize>> = vec![Vec::new(); p.groups.count];
    for (i, g) in group_of.iter().enumerate() {
        if let Some(g) = *g {
            groups[g].push(i);
        }
    }
    let mut scratch = vec![0.0; component_names(p).len()];
    let mut value = |members: &[usize]| -> (f64, f64) {
        scratch.iter_mut().for_each(|x| *x = 0.0);
        add_group(p, members, &mut scratch);
        (group_penalty(p, members), scratch.iter().sum())
    };
    for (i, placed) in group_of.iter_mut().enumerate() {
        if placed.is_some() {
            continue;
        }
        let mut best: Option<((f64, f64), usize)> = None;
        for (g, members) in groups.iter_mut().enumerate() {
            let before = value(members);
            members.push(i);
            let after = value(members);
            members.pop();
            let d = (after.0 - before.0, after.1 - before.1);
            if best.is_none_or(|(b, _)| better(d, b)) {
                best = Some((d, g));
            }
        }
        let g = best.map_or(0, |(_, g)| g);
        groups[g].push(i);
        *placed = Some(g);
    }
    group_of.into_iter().map(|g| g.unwrap_or(0)).collect()
}

/// An adjusted cycle: the solution (its status says `optimal` only when both the fewest
/// moves and the lowest score with them are proven) and how sure the move count is.
#[derive(Debug, Clone)]
pub struct Adjusted {
    /// The assignment and the solver facts of its score.
    pub solution: Solution,
    /// Members away from their home group.
    pub moves: usize,
    /// No assignment keeping every hard rule moves fewer (equal to `moves` when proven).
    pub moves_bound: Option<usize>,
}

/// Share of the time limit the fewest-moves integer program may use.
const MOVES_SHARE: f64 = 0.3;

/// Share of the time limit the search may use, counted from the start.
const SEARCH_SHARE: f64 = 0.6;

/// Search evaluations per branch-and-bound node allowed to the integer programs.
const EVALS_PER_NODE: u64 = 10_000;

/// Re-plans `p` from the members' `home` groups (`None` = joiner): the integer program
/// proves the fewest moves when the roster is small enough to model; the search starts from
/// its answer (or from the current groups) and lowers the score without moving more; the
/// integer program then looks for a lower score with that many moves and bounds it. When no
/// start keeps every rule, the plain solver looks for one (or explains why there is none).
pub fn adjust(p: &Problem, homes: &Homes, opts: &SolveOptions) -> anyhow::Result<Adjusted> {
    crate::model::limits::check_counts(p)?;
    let home = &homes.of;
    let started = Instant::now();
    let limit = opts.time_limit.max(0.0);
    let deadline = started + Duration::from_secs_f64(limit);
    let first = start(p, home);
    let settled = home.iter().all(Option::is_some) && away(homes, &first) == 0;
    if settled && feasible(p, &first) {
        // Nobody moves and nobody joins: no other assignment moves fewer.
        let solution = solution(p, first, Stopped::Proof, None, started);
        return Ok(Adjusted {
            solution,
            moves: 0,
            moves_bound: Some(0),
        });
    }
    let hg = HomeGroups {
        of: home,
        counts_as: &homes.counts_as,
    };
    let ilp_opts = |share: f64| IlpOptions {
        objective: true,
        time_limit: (limit * share).min(
            deadline
                .saturating_duration_since(Instant::now())
                .as_secs_f64(),
        ),
        seed: opts.seed,
        max_nodes: (opts.effort / EVALS_PER_NODE).max(1),
    };
    let (fewest, moves_bound) = if ilp::adjust::applies(p) {
        let out = ilp::adjust::fewest_moves(p, hg, Some(&first), &ilp_opts(MOVES_SHARE));
        if out.infeasible {
            return Err(super::diagnose::explain(p, deadline));
        }
        let fewest = out.group_of.filter(|g| feasible(p, g));
        let bound = out.bound.map(|b| (b - 1e-6).ceil().max(0.0) as usize);
        let proven = fewest
            .as_ref()
            .map(|g| away(homes, g))
            .filter(|_| out.proven);
        (fewest, proven.or(bound))
    } else {
        (None, None)
    };
    let search_until = started + Duration::from_secs_f64(limit * SEARCH_SHARE);
    let (mut group_of, mut stopped) = search_from(p, homes, opts, search_until, first, fewest)?;
    let moves = away(homes, &group_of);
    let moves_proven = moves_bound.is_some_and(|b| b >= moves);
    // A bound on the score of every assignment (with any number of moves), and, with the
    // fewest moves proven, the integer program's bound for that many.
    let mut bound = super::floor(p, opts);
    let mut proven = false;
    if moves_proven && Instant::now() < deadline {
        let out = ilp::adjust::best_score(p, hg, moves, Some(&group_of), &ilp_opts(1.0));
        if let Some(g) = out.group_of.filter(|g| feasible(p, g)) {
            if better_adjusted(p, homes, &g, &group_of) {
                group_of = g;
            }
        }
        proven = out.proven;
        if out.timed_out {
            stopped = Stopped::TimeLimit;
        }
        bound = match (bound, out.bound) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
    }
    let stopped = if moves_proven && proven {
        Stopped::Proof
    } else {
        stopped
    };
    let bound = bound.filter(|_| moves_proven);
    Ok(Adjusted {
        moves: away(homes, &group_of),
        solution: solution(p, group_of, stopped, bound, started),
        moves_bound: moves_bound.map(|b| b.min(moves)),
    })
}

/// The search from the fewest-moves answer `fewest` (or the current groups `first`): it
/// lowers the score without moving more. When neither start keeps every rule, the plain
/// solver's answer, moved homeward, is the start. Returns the better of the search's answer
/// and `fewest`, and what stopped the search.
fn search_from(
    p: &Problem,
    homes: &Homes,
    opts: &SolveOptions,
    until: Instant,
    first: Vec<usize>,
    fewest: Option<Vec<usize>>,
) -> anyhow::Result<(Vec<usize>, Stopped)> {
    let budget = Budget {
        max_evals: opts.effort,
        max_stale_rounds: STALE_ROUNDS,
        min_stale_evals: STALE_EVALS,
        deadline: until,
        floor: None,
        persist: false,
        escape: Escape::Kick,
    };
    let from = fewest.clone().unwrap_or(first);
    let mut found = search_with(p, opts.seed, &budget, Some(&from), Some(homes), &|_| {});
    if !feasible(p, &found.group_of) && fewest.is_none() {
        let any = homeward(p, &homes.of, &solve(p, opts)?.group_of);
        found = search_with(p, opts.seed, &budget, Some(&any), Some(homes), &|_| {});
        if !feasible(p, &found.group_of) {
            found.group_of = any;
        }
    }
    let mut group_of = found.group_of;
    if let Some(g) =
        fewest.filter(|g| !feasible(p, &group_of) || better_adjusted(p, homes, g, &group_of))
    {
        group_of = g;
    }
    let stopped = match found.stop {
        SearchStop::Time => Stopped::TimeLimit,
        SearchStop::Work | SearchStop::Floor => Stopped::WorkLimit,
    };
    Ok((group_of, stopped))
}

/// Whether `a` is better than `b` for `adjust`: fewer broken rules, then fewer moves, then
/// a lower score.
fn better_adjusted(p: &Problem, homes: &Homes, a: &[usize], b: &[usize]) -> bool {
    let key = |g: &[usize]| {
        (
            usize::from(!feasible(p, g)),
            away(homes, g),
            score(p, &groups_of(g, p.groups.count)).total,
        )
    };
    let (ka, kb) = (key(a), key(b));
    (ka.0, ka.1) < (kb.0, kb.1) || ((ka.0, ka.1) == (kb.0, kb.1) && ka.2 < kb.2 - 1e-9)
}

/// `group_of` with its groups renumbered to keep as many members at home as a greedy
/// matching finds; groups holding pinned members keep their numbers.
fn homeward(p: &Problem, home: &[Option<usize>], group_of: &[usize]) -> Vec<usize> {
    let count = p.groups.count;
    let mut number: Vec<Option<usize>> = vec![None; count];
    let mut taken = vec![false; count];
    for (i, pin) in p.pins.iter().enumerate() {
        if let Some(k) = *pin {
            number[group_of[i]] = Some(k);
            taken[k] = true;
        }
    }
    let mut overlap: Vec<(usize, usize, usize)> = Vec::new();
    for (a, members) in groups_of(group_of, count).iter().enumerate() {
        for b in 0..count {
            let n = members.iter().filter(|&&i| home[i] == Some(b)).count();
            overlap.push((n, a, b));
        }
    }
    overlap.sort_by_key(|&(n, a, b)| (std::cmp::Reverse(n), a, b));
    for (_, a, b) in overlap {
        if number[a].is_none() && !taken[b] {
            number[a] = Some(b);
            taken[b] = true;
        }
    }
    group_of.iter().map(|&g| number[g].unwrap_or(g)).collect()
}

fn solution(
    p: &Problem,
    group_of: Vec<usize>,
    stopped: Stopped,
    bound: Option<f64>,
    started: Instant,
) -> Solution {
    let objective = score(p, &groups_of(&group_of, p.groups.count)).total;
    // Optimal only when proven: by the integer program, or by a score at its bound.
    let proven = stopped == Stopped::Proof || bound.is_some_and(|b| objective <= b + 1e-9);
    let bound = if proven {
        Some(objective)
    } else {
        bound.map(|b| tidy(b.min(objective)))
    };
    Solution {
        group_of,
        status: if proven {
            Status::Optimal
        } else {
            Status::Feasible
        },
        stopped: if proven { Stopped::Proof } else { stopped },
        objective,
        bound,
        gap: bound.map(|b| tidy((objective - b) / objective.abs().max(1.0))),
        seconds: started.elapsed().as_secs_f64(),
    }
}

//! Re-planning a cycle (`adjust`): every hard rule first, then the fewest members moved away
//! from their home group, then the score. The search starts from the cycle as it stands,
//! with joiners placed greedily, and weighs each move below any broken rule.

use super::search::{search_with, Budget, Homes, SearchStop};
use super::value::better;
use super::{feasible, solve, Solution, SolveOptions, Status, Stopped};
use crate::model::grouping::groups_of;
use crate::model::problem::Problem;
use crate::model::rules::group_penalty;
use crate::model::score::{add_group, component_names, score};
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

/// Re-plans `p` from the members' `home` groups (`None` = joiner). When the search from the
/// current groups finds no assignment keeping every rule, the plain solver looks for one
/// (or explains why there is none) and the search starts again from it.
pub fn adjust(p: &Problem, homes: &Homes, opts: &SolveOptions) -> anyhow::Result<Solution> {
    crate::model::limits::check_counts(p)?;
    let home = &homes.of;
    let started = Instant::now();
    let deadline = started + Duration::from_secs_f64(opts.time_limit.max(0.0));
    let first = start(p, home);
    let settled = home.iter().all(Option::is_some) && away(homes, &first) == 0;
    if settled && feasible(p, &first) {
        // Nobody moves and nobody joins: no other assignment moves fewer.
        return Ok(solution(p, first, Stopped::Proof, started));
    }
    let budget = Budget {
        max_evals: opts.effort,
        max_stale_rounds: STALE_ROUNDS,
        min_stale_evals: STALE_EVALS,
        deadline,
        floor: None,
    };
    let mut found = search_with(p, opts.seed, &budget, Some(&first), Some(homes), &|_| {});
    if !feasible(p, &found.group_of) {
        let any = homeward(p, home, &solve(p, opts)?.group_of);
        found = search_with(p, opts.seed, &budget, Some(&any), Some(homes), &|_| {});
        if !feasible(p, &found.group_of) {
            found.group_of = any;
        }
    }
    let stopped = match found.stop {
        SearchStop::Time => Stopped::TimeLimit,
        SearchStop::Work | SearchStop::Floor => Stopped::WorkLimit,
    };
    Ok(solution(p, found.group_of, stopped, started))
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

fn solution(p: &Problem, group_of: Vec<usize>, stopped: Stopped, started: Instant) -> Solution {
    let objective = score(p, &groups_of(&group_of, p.groups.count)).total;
    let proven = stopped == Stopped::Proof;
    Solution {
        group_of,
        status: if proven {
            Status::Optimal
        } else {
            Status::Feasible
        },
        stopped,
        objective,
        bound: proven.then_some(objective),
        gap: proven.then_some(0.0),
        seconds: started.elapsed().as_secs_f64(),
    }
}

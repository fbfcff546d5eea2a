//! Plans several future cycles at once (README: How `plan` plans), social-golfer style: one local
//! search over the group of every member in every planned cycle.
//!
//! The objective is the sum of the scores the cycles get when they happen in order: each
//! cycle's per-group terms, plus for each pair every meeting's diversity reward and repeat
//! cost, where the age of a meeting is counted from the pair's meeting before it (in an
//! earlier planned cycle or in the history), with the decay and lookback of
//! [`crate::model::build`]. A meeting within `forbid_within` cycles of the one before is a
//! broken rule. A pair's meetings over the planned cycles are kept as a bit mask, so the
//! change of a move or swap in one cycle costs O(group size).
//!
//! For a plain social golfer problem without diversity or history, a plan without repeated
//! meetings (which is optimal) comes first from affine geometry when the sizes allow it
//! (`start::affine_start`), or from the schedules a group of translations fixes
//! (`orbits`), or else from a dedicated search (`golf`) with most of the work. Otherwise, or when it finds none, the search starts from its best plan, from
//! the cycles formed one after the other by the one-cycle solver [`super::solve`] or from
//! a greedy schedule (both in `start`), and runs a tabu search in
//! the manner of Dotú and Van Hentenryck's for the social golfer problem: each step takes
//! the best move or swap, within its cycle, of a member in a costly meeting (now and then
//! of any member, improvements only); a swap just made may not be made again for a random
//! tenure unless it beats the best plan found; a long run without improvement restores the
//! best plan and perturbs it. All randomness comes from the seed and the work limit counts
//! evaluations, so the same inputs give the same plan. The work limit bounds improving a
//! plan that keeps every hard rule, never finding one: until one is found only the time
//! limit (or a proof that none exists, found before any search) ends the search.

mod golf;
mod joint;
mod orbits;
mod start;

use super::value::{add, better, Value, EPS};
use super::{Solution, Status, Stopped};
use crate::model::outcome::infeasible;
use crate::model::problem::Problem;
use crate::model::score::tidy;
use crate::model::terms::SoftTerm;
use crate::text::plural;
use joint::Joint;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use start::{affine_start, first_cycles, forced_repeats, freedom_start, golfers};
use std::collections::HashMap;
use std::time::{Duration, Instant};

/// Most cycles planned at once (a pair's meetings are one bit per cycle).
pub const MAX_CYCLES: usize = 64;

/// Most eligible members planned at once (pair data is kept for every pair).
pub const MAX_MEMBERS: usize = 3_000;

/// Groups scanned per step when a cycle has more groups than this (a random sample).
const MAX_TARGETS: usize = 24;

/// Most foci evaluated in one step (a random sample of the units in costly meetings).
const MAX_FOCI: usize = 32;

/// Share of the steps that start from a costly meeting while there is one; the others
/// start from any member and only take an improving move.
const CONFLICT_SHARE: f64 = 0.9;

/// Tabu tenure range, in steps.
const TENURE: (u64, u64) = (10, 60);

/// Steps without a better plan before the best plan is restored and perturbed (plus 20 a
/// member).
const RESTART_STEPS: u64 = 500;

/// Evaluations without a better plan after which the search stops when no floor is known.
const STALE_EVALS: u64 = 5_000_000;

/// How a plan may be searched.
#[derive(Debug, Clone)]
pub struct PlanOptions {
    /// Cycles to plan (1 to [`MAX_CYCLES`]).
    pub cycles: usize,
    /// `repeats.lookback` of the config: meetings older than this many cycles are ignored.
    pub lookback: Option<u32>,
    /// Seed, wall-clock safety net and work limit of the whole plan.
    pub solve: super::SolveOptions,
}

/// A planned sequence of cycles.
#[derive(Debug, Clone)]
pub struct Plan {
    /// Group number of each member in each planned cycle (pinned members in their pinned
    /// group number).
    pub cycles: Vec<Vec<usize>>,
    /// The solver facts of the whole plan; its `objective` is the total over the cycles and
    /// its `group_of` is empty (the groups are in `cycles`).
    pub solution: Solution,
}

/// The tabu search's memory: until which step each swap `(cycle, unit, unit)` (a move:
/// `(cycle, unit, unit)` with the same unit twice) may not be made again.
struct Tabu {
    until: HashMap<(usize, usize, usize), u64>,
    step: u64,
}

impl Tabu {
    fn key(c: usize, u: usize, v: Option<usize>) -> (usize, usize, usize) {
        let v = v.unwrap_or(u);
        (c, u.min(v), u.max(v))
    }

    fn held(&self, c: usize, u: usize, v: Option<usize>) -> bool {
        self.until
            .get(&Self::key(c, u, v))
            .is_some_and(|&t| t > self.step)
    }
}

/// Plans `opts.cycles` cycles of `p` (built with the real history), or explains why no
/// plan keeps every hard rule.
pub fn plan(p: &Problem, opts: &PlanOptions) -> anyhow::Result<Plan> {
    crate::model::limits::check_counts(p)?;
    if let Some(err) = impossible(p, opts) {
        return Err(err);
    }
    let started = Instant::now();
    let deadline = started + Duration::from_secs_f64(opts.solve.time_limit.max(0.0));
    let cycles = opts.cycles;
    // Without a reward (diversity) no cycle scores below zero.
    let cycle_floor = p.terms.iter().all(SoftTerm::never_negative).then_some(0.0);
    let mut rng = ChaCha8Rng::seed_from_u64(opts.solve.seed);
    let mut st = Joint::new(p, cycles, opts.lookback);

    let effort = opts.solve.effort.max(1);
    let mut stopped = Stopped::WorkLimit;
    let golf = golfers(p, &st);
    let (ug, floor) = if golf {
        (freedom_start(p, cycles, &mut rng), cycle_floor)
    } else {
        let (ug, first) = first_cycles(p, opts, &st.units, cycle_floor, deadline)?;
        (ug, plan_floor(p, opts, first, cycle_floor))
    };
    st.load(&ug);
    // Constructions first: affine geometry, then schedules fixed by translations (with
    // half the time limit at most).
    let affine = (golf && cycle_floor.is_some() && p.repeats().age.is_empty())
        .then(|| {
            affine_start(p.n(), st.gcount, cycles, &mut rng).or_else(|| {
                let half = started + (deadline - started) / 2;
                orbits::invariant_start(p.n(), st.gcount, cycles, &mut rng, half)
            })
        })
        .flatten();
    if let Some(ug) = &affine {
        st.load(ug);
    } else if golf && cycle_floor.is_some() {
        let span = (started, deadline);
        golf_phase(p, &mut st, &ug, &mut rng, effort, span);
    }
    let at_floor = |v: Value| v.0 <= EPS && floor.is_some_and(|f| v.1 <= f + EPS);
    if at_floor(st.total) {
        stopped = Stopped::Proof;
    }

    let mut best = st.ug.clone();
    let flat = st
        .pairs
        .flat_repeats(p)
        .filter(|_| stopped != Stopped::Proof);
    if let Some(flat) = flat {
        // First with every repeat at full weight, which leads to plans without repeats
        // more directly; then on the score itself, from the best plan of the first part.
        let exact = std::mem::replace(&mut st.pairs.by_age, flat);
        st.load(&best);
        let half = Limits {
            effort: effort / 2,
            deadline: started + (deadline - started) / 2,
            floor,
            stale_stop: !(golf && cycle_floor.is_some()),
        };
        (best, stopped) = tabu_search(&mut st, &mut rng, &half);
        st.pairs.by_age = exact;
        st.load(&best);
    }
    if stopped != Stopped::Proof {
        let rest = Limits {
            effort,
            deadline,
            floor,
            stale_stop: !(golf && cycle_floor.is_some()),
        };
        (best, stopped) = tabu_search(&mut st, &mut rng, &rest);
    }
    st.load(&best);
    if st.total.0 > EPS {
        return Err(explain(opts, &st, stopped));
    }
    Ok(finished(&st, floor, stopped, started))
}

/// Most of the work (nine tenths) for the dedicated search for a plan without repeats,
/// from `ug`; the general search goes on from its best plan when it finds none.
fn golf_phase(
    p: &Problem,
    st: &mut Joint,
    ug: &[usize],
    rng: &mut ChaCha8Rng,
    effort: u64,
    (started, deadline): (Instant, Instant),
) {
    let history: Vec<(usize, usize)> = (p.repeats().age.keys())
        .map(|&(i, j)| (i as usize, j as usize))
        .collect();
    // While repeats are a hard rule, a plan with one keeps no rule: only the time limit
    // ends the search for one without.
    let golf_effort = if repeats_hard(p, st.cycles) {
        u64::MAX
    } else {
        (effort / 10 * 9).saturating_mul(golf::EVALS_PER_EVALUATION)
    };
    let found = golf::search(
        p.n(),
        st.cycles,
        st.gcount,
        &history,
        ug,
        rng,
        golf_effort,
        started + (deadline - started) / 10 * 9,
    );
    st.evals += found.evals / golf::EVALS_PER_EVALUATION;
    st.load(&found.group_of);
}

/// The plan in `st`, which keeps every hard rule: optimal when it meets the floor.
fn finished(st: &Joint, floor: Option<f64>, mut stopped: Stopped, started: Instant) -> Plan {
    let objective = tidy(st.total.1);
    let status = if floor.is_some_and(|f| objective <= f + EPS) {
        stopped = Stopped::Proof;
        Status::Optimal
    } else {
        Status::Feasible
    };
    let bound = match status {
        Status::Optimal => Some(objective),
        Status::Feasible => floor.map(|f| tidy(f.min(objective))),
    };
    Plan {
        cycles: st.snapshot(),
        solution: Solution {
            group_of: Vec::new(),
            status,
            stopped,
            objective,
            bound,
            gap: bound.map(|b| tidy((objective - b) / objective.abs().max(1.0))),
            seconds: started.elapsed().as_secs_f64(),
        },
    }
}

/// Where a tabu search stops: the evaluation count (of the whole plan), the wall clock,
/// a value no plan can beat, and whether a long run without a better plan ends it.
struct Limits {
    effort: u64,
    deadline: Instant,
    floor: Option<f64>,
    stale_stop: bool,
}

/// A score no plan can beat: for each cycle a bound on one cycle without any history
/// (repeats cost nothing or more), or for the first the solver's bound with its history
/// (the same for every plan); plus the repeats `[keep] together` forces. `None` when a
/// cycle cannot be bounded.
fn plan_floor(
    p: &Problem,
    opts: &PlanOptions,
    first: Option<f64>,
    cycle_floor: Option<f64>,
) -> Option<f64> {
    let mut fresh = p.clone();
    fresh.repeats_mut().weight = 0.0;
    fresh.repeats_mut().forbid_within = 0;
    fresh.repeats_mut().age.clear();
    fresh.repeats_mut().met.iter_mut().for_each(Vec::clear);
    let options = &opts.solve;
    let at_least = |b: Option<f64>| match (b, cycle_floor) {
        (Some(b), Some(f)) => Some(b.max(f)),
        (b, f) => b.or(f),
    };
    let later = at_least(super::floor(&fresh, options))?;
    let (forced_first, forced_later) = forced_repeats(p, opts.cycles);
    let cycles = opts.cycles as f64;
    // Every cycle bounded without history plus the repeats `together` forces; or the
    // first cycle's own bound (with its history) and the later cycles as before.
    let fresh_only = later * cycles + forced_first + forced_later;
    let with_first = first.map(|f| f + later * (cycles - 1.0) + forced_later);
    Some(tidy(with_first.map_or(fresh_only, |w| w.max(fresh_only))))
}

/// Tabu search from the plan in `st`; returns the best plan found (`ug` as in
/// [`Joint::ug`]) and what stopped the search.
fn tabu_search(st: &mut Joint, rng: &mut ChaCha8Rng, limits: &Limits) -> (Vec<usize>, Stopped) {
    let (n, nu) = (st.p.n(), st.nunits());
    let movable: Vec<usize> = (0..nu).filter(|&u| st.units.pinned[u].is_none()).collect();
    let mut tabu = Tabu {
        until: HashMap::new(),
        step: 0,
    };
    let restart_after = RESTART_STEPS + 20 * n as u64;
    let mut best = (st.total, st.ug.clone());
    let mut improved_step = 0;
    let mut improved_evals = st.evals;
    let at_floor = |v: Value| v.0 <= EPS && limits.floor.is_some_and(|f| v.1 <= f + EPS);
    let mut stopped = Stopped::WorkLimit;
    let mut foci: Vec<(usize, usize)> = Vec::new();
    while movable.len() > 1 || (movable.len() == 1 && st.may_move(movable[0])) {
        if at_floor(best.0) {
            stopped = Stopped::Proof;
            break;
        }
        // The work limit bounds improving a valid plan, never finding one.
        let valid = best.0 .0 <= EPS;
        let stale = limits.stale_stop && st.evals - improved_evals >= STALE_EVALS;
        if valid && (st.evals >= limits.effort || stale) {
            break;
        }
        if tabu.step.is_multiple_of(64) && Instant::now() >= limits.deadline {
            stopped = Stopped::TimeLimit;
            break;
        }
        tabu.step += 1;
        // The foci: the units in a costly meeting, or now and then any one unit.
        foci.clear();
        if rng.gen_bool(CONFLICT_SHARE) {
            for (cell, &x) in st.conflicts.iter().enumerate() {
                let u = st.units.unit_of[cell % n];
                if x > 0 && st.units.pinned[u].is_none() {
                    foci.push((cell / n, u));
                }
            }
            foci.dedup();
            if foci.len() > MAX_FOCI {
                foci.shuffle(rng);
                foci.truncate(MAX_FOCI);
            }
        }
        let walk = !foci.is_empty();
        if !walk {
            foci.push((
                rng.gen_range(0..st.cycles),
                movable[rng.gen_range(0..movable.len())],
            ));
        }
        step(st, &mut tabu, rng, &foci, walk, best.0);
        if better(st.total, best.0) {
            best = (st.total, st.ug.clone());
            improved_step = tabu.step;
            improved_evals = st.evals;
        } else if tabu.step - improved_step > restart_after {
            st.load(&best.1);
            perturb(st, &movable, rng);
            tabu.until.clear();
            improved_step = tabu.step;
        }
    }
    if at_floor(best.0) {
        stopped = Stopped::Proof;
    }
    (best.1, stopped)
}

/// A move or swap found by a step: (change, cycle, unit, target group, partner unit,
/// new base values of the two groups).
type Choice = (Value, usize, usize, usize, Option<usize>, Value, Value);

/// One step from the foci `(cycle, unit)`: the best non-tabu move or swap of a focus unit
/// within its cycle (a tabu one when it beats `best`). A `walk` step takes it even when
/// it is worse; otherwise only an improvement is taken.
fn step(
    st: &mut Joint,
    tabu: &mut Tabu,
    rng: &mut ChaCha8Rng,
    foci: &[(usize, usize)],
    walk: bool,
    best: Value,
) {
    let nu = st.nunits();
    let mut chosen: Option<Choice> = None;
    let mut ties = 0u32;
    let mut targets = Vec::new();
    let mut options = Vec::new();
    for &(c, u) in foci {
        let g = st.ug[c * nu + u];
        targets.clear();
        targets.extend((0..st.gcount).filter(|&h| h != g));
        if targets.len() > MAX_TARGETS {
            targets.shuffle(rng);
            targets.truncate(MAX_TARGETS);
        }
        for &h in &targets {
            options.clear();
            options.extend(
                st.gunits[c * st.gcount + h]
                    .iter()
                    .copied()
                    .filter(|&v| st.units.pinned[v].is_none())
                    .map(Some),
            );
            if st.may_move(u) {
                options.push(None);
            }
            for &v in &options {
                let (d, a, b) = st.delta(c, u, h, v);
                if tabu.held(c, u, v) && !better(add(st.total, d), best) {
                    continue;
                }
                let take = match &chosen {
                    None => true,
                    Some((cur, ..)) if better(d, *cur) => {
                        ties = 0;
                        true
                    }
                    Some((cur, ..)) if !better(*cur, d) => {
                        ties += 1;
                        rng.gen_range(0..=ties) == 0
                    }
                    _ => false,
                };
                if take {
                    chosen = Some((d, c, u, h, v, a, b));
                }
            }
        }
    }
    let Some((d, c, u, h, v, a, b)) = chosen else {
        return;
    };
    if !walk && !better(d, (0.0, 0.0)) {
        return;
    }
    st.apply(c, u, h, v, a, b);
    let tenure = rng.gen_range(TENURE.0..=TENURE.1);
    tabu.until.insert(Tabu::key(c, u, v), tabu.step + tenure);
}

/// A kick: a few random swaps of units within random cycles, applied whatever they cost.
fn perturb(st: &mut Joint, movable: &[usize], rng: &mut ChaCha8Rng) {
    let nu = st.nunits();
    let kicks = rng.gen_range(1..=(st.cycles * movable.len() / 40).max(3));
    for _ in 0..kicks {
        let c = rng.gen_range(0..st.cycles);
        let u = movable[rng.gen_range(0..movable.len())];
        let v = movable[rng.gen_range(0..movable.len())];
        let h = st.ug[c * nu + v];
        if st.ug[c * nu + u] == h {
            continue;
        }
        let (_, a, b) = st.delta(c, u, h, Some(v));
        st.apply(c, u, h, Some(v), a, b);
    }
}

/// Whether every repeated meeting the plan could make is a broken rule: `forbid_within`
/// reaches from the last planned cycle back past the oldest meeting in the history.
fn repeats_hard(p: &Problem, cycles: usize) -> bool {
    let oldest = p.repeats().age.values().copied().max().unwrap_or(0);
    let fw = p.repeats().forbid_within;
    fw > 0 && u64::from(fw) >= cycles as u64 - 1 + u64::from(oldest)
}

/// How many more cycles of `p` (built with the history) `plan` finds with no pair meeting
/// again, up to `at_most` (a proven bound, or [`MAX_CYCLES`]). A plan of k cycles holds one
/// of k − 1, so the count is searched by halving; each probe gets an equal share of the
/// time limit and the whole work limit, and a probe that finds no plan counts as not
/// reached. `lookback` is the config's `repeats.lookback`.
pub fn most_cycles(
    p: &Problem,
    lookback: Option<u32>,
    at_most: usize,
    opts: &super::SolveOptions,
) -> usize {
    let mut q = p.clone();
    q.repeats_mut().forbid_within = u32::MAX;
    let (mut lo, mut hi) = (0, at_most.min(MAX_CYCLES));
    let probes = (usize::BITS - hi.leading_zeros()).max(1);
    let share = opts.within(opts.time_limit / f64::from(probes));
    let started = Instant::now();
    while lo < hi {
        let k = (lo + hi).div_ceil(2);
        let left = opts.time_limit - started.elapsed().as_secs_f64();
        let probe = PlanOptions {
            cycles: k,
            lookback,
            solve: share.within(share.time_limit.min(left.max(0.0))),
        };
        if plan(&q, &probe).is_ok_and(|found| keeps_every_rule(&q, &found, lookback)) {
            lo = k;
        } else {
            hi = k - 1;
        }
    }
    lo
}

/// Whether every cycle of `found` keeps every hard rule of `p`, with the history and the
/// planned cycles before it as its past.
fn keeps_every_rule(p: &Problem, found: &Plan, lookback: Option<u32>) -> bool {
    (0..found.cycles.len()).all(|c| {
        let at = start::problem_at(p, &found.cycles[..c], lookback);
        super::feasible(&at, &found.cycles[c])
    })
}

/// The counting argument that no plan keeps `forbid_within`, found before any search:
/// within `forbid_within + 1` consecutive cycles everyone needs new group-mates each time.
fn impossible(p: &Problem, opts: &PlanOptions) -> Option<anyhow::Error> {
    let n = p.n();
    let partners = p.groups.size_lo.saturating_sub(1);
    let fw = p.repeats().forbid_within;
    if fw == 0 || opts.cycles < 2 {
        return None;
    }
    let window = (fw as usize).min(opts.cycles - 1) + 1;
    let most = (n - 1).checked_div(partners).unwrap_or(usize::MAX);
    if window <= most {
        return None;
    }
    let mut details = vec![format!(
        "forbid_within: each of {n} members meets at least {partners} others per cycle, so {window} cycles within forbid_within need {} distinct group-mates, but there are only {} others",
        window * partners,
        n - 1
    )];
    if (fw as usize) >= opts.cycles - 1 {
        details.push(format!(
            "plan at most {most} cycles (--cycles {most}), or make repeats soft: repeats.forbid_within = 0 with repeats.weight > 0 (the plan then has as few repeats as it can)"
        ));
    } else {
        details.push(format!(
            "lower repeats.forbid_within to {} or less, or set it to 0 with repeats.weight > 0 (repeats become a cost instead of a rule)",
            most.saturating_sub(1)
        ));
    }
    Some(infeasible(
        format!("no plan of {} cycles can keep every hard rule", opts.cycles),
        details,
    ))
}

/// Why no plan was found: the rules the best plan still broke, and what to relax. Only
/// the time limit ends a search that has not found a valid plan (the work limit bounds
/// improving one).
fn explain(opts: &PlanOptions, st: &Joint, stopped: Stopped) -> anyhow::Error {
    let (groups, meetings) = st.broken();
    let limit = match stopped {
        Stopped::TimeLimit => "the time limit (--time-limit)".to_string(),
        _ => "its search".to_string(),
    };
    let details = vec![
        format!(
            "the best plan found within {limit} still had {} and {} (sizes, caps, spreads, roles, apart)",
            plural(tidy(meetings).round() as usize, "forbidden meeting", "forbidden meetings"),
            plural(tidy(groups).round() as usize, "broken per-group rule", "broken per-group rules")
        ),
        format!(
            "raise --time-limit, plan fewer cycles than {}, or relax a hard rule (forbid_within, caps, max_spread, apart, pins)",
            opts.cycles
        ),
    ];
    infeasible(
        format!(
            "no plan of {} cycles keeping every hard rule was found",
            opts.cycles
        ),
        details,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::rules::group_penalty;
    use crate::model::score::score;
    use crate::testing::{problem, HISTORY};

    const ROSTER: &str = "id,prof\na,x\nb,y\nc,x\nd,z\ne,y\nf,x\n";
    const IDS: [&str; 6] = ["a", "b", "c", "d", "e", "f"];

    fn config(forbid_within: &str) -> String {
        format!(
            "[groups]\nmin_size = 3\nmax_size = 3\n[diversity]\ncolumns = [\"prof\"]\nweight = 0.5\n\
             [repeats]\nweight = 3\ndecay = 0.5\nlookback = 4\nforbid_within = {forbid_within}\n"
        )
    }

    /// The value of a plan the slow way: each cycle built with the history and the planned
    /// cycles before it, scored and penalised by the shared functions.
    fn replayed(toml: &str, plan: &[Vec<usize>]) -> Value {
        let mut history = HISTORY.to_string();
        let mut v = (0.0, 0.0);
        for (c, group_of) in plan.iter().enumerate() {
            let p = problem(toml, ROSTER, &history, None);
            let mut groups = vec![Vec::new(); p.groups.count];
            for (i, &g) in group_of.iter().enumerate() {
                groups[g].push(i);
            }
            v.1 += score(&p, &groups).total;
            v.0 += groups.iter().map(|g| group_penalty(&p, g)).sum::<f64>();
            for (i, &g) in group_of.iter().enumerate() {
                history.push_str(&format!("p{c},G{g},{}\n", IDS[i]));
            }
        }
        v
    }

    fn close(a: Value, b: Value) -> bool {
        (a.0 - b.0).abs() < 1e-6 && (a.1 - b.1).abs() < 1e-6
    }

    #[test]
    fn incremental_value_is_the_cycles_replayed_in_order() {
        for fw in ["0", "1", "\"all\""] {
            let toml = config(fw);
            let p = problem(&toml, ROSTER, HISTORY, None);
            let cycles = 5;
            let mut st = Joint::new(&p, cycles, Some(4));
            let mut rng = ChaCha8Rng::seed_from_u64(7);
            let ug: Vec<usize> = (0..cycles)
                .flat_map(|_| {
                    let mut g = vec![0, 0, 0, 1, 1, 1];
                    g.shuffle(&mut rng);
                    g
                })
                .collect();
            st.load(&ug);
            assert!(close(st.total, replayed(&toml, &st.snapshot())), "{fw}");
            for _ in 0..150 {
                let c = rng.gen_range(0..cycles);
                let (u, v) = (rng.gen_range(0..6), rng.gen_range(0..6));
                let h = st.ug[c * 6 + v];
                if st.ug[c * 6 + u] == h {
                    continue;
                }
                let before = st.total;
                let (d, a, b) = st.delta(c, u, h, Some(v));
                st.apply(c, u, h, Some(v), a, b);
                assert!(close(st.total, add(before, d)), "{fw}");
                assert!(close(st.total, replayed(&toml, &st.snapshot())), "{fw}");
                // The costly-meeting counts are those of a fresh load.
                let kept = st.conflicts.clone();
                let ug = st.ug.clone();
                st.load(&ug);
                assert_eq!(kept, st.conflicts, "{fw}");
            }
        }
    }

    /// Nine people in groups of three: four cycles without a repeat exist (the affine plane
    /// of order 3), five cannot.
    #[test]
    fn nine_golfers_meet_once_over_four_cycles_and_not_five() {
        let roster = "id\n1\n2\n3\n4\n5\n6\n7\n8\n9\n";
        let toml = "[groups]\nmin_size = 3\nmax_size = 3\n[repeats]\nforbid_within = \"all\"\n";
        let p = problem(toml, roster, "", None);
        let opts = |cycles| PlanOptions {
            cycles,
            lookback: None,
            solve: crate::solve::SolveOptions {
                seed: 1,
                time_limit: 60.0,
                effort: 2_000_000,
            },
        };
        let found = plan(&p, &opts(4)).expect("a plan");
        assert_eq!(found.solution.status, Status::Optimal);
        let mut met = std::collections::HashSet::new();
        for group_of in &found.cycles {
            for i in 0..9 {
                for j in i + 1..9 {
                    if group_of[i] == group_of[j] {
                        assert!(met.insert((i, j)), "{i} and {j} meet twice");
                    }
                }
            }
        }
        assert_eq!(met.len(), 36);
        let err = plan(&p, &opts(5)).expect_err("five cycles are impossible");
        let text = format!("{err:#}");
        assert!(text.contains("--cycles 4"), "{text}");
        assert!(err.is::<crate::model::outcome::Infeasible>(), "{text}");
    }
}

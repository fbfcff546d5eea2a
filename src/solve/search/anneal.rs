//! The annealing walk, for rosters whose groups are priced by group terms (balance,
//! similar, requests): their scores have wide plateaus (a spread moves only with the
//! extremes, a share only with its largest count), where a descent stops at the first
//! ridge. Each step draws a random unit and a random place in another group (a member to
//! swap with, or no one: a move), and takes it when it breaks no more rules and costs no
//! more, or else with chance e^(−Δ/t). The temperature falls geometrically over the walk,
//! from a share of the typical worsening swap to a hundredth of that.

use super::{add, random_swap, record_best, Leg, SearchStop, State, EPS};
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use std::time::Instant;

/// Steps of one walk per movable unit...
const STEPS_PER_UNIT: usize = 10_000;

/// ...and at most.
const MAX_STEPS: usize = 1_000_000;

/// Swaps sampled to read the typical worsening one.
const SAMPLE: usize = 200;

/// The starting temperature, as a share of the median worsening swap of the sample.
const HOT: f64 = 0.1;

/// The final temperature, as a share of the starting one.
const COOL: f64 = 0.01;

/// The state of the annealing walks of one search.
#[derive(Debug, Default)]
pub(super) struct Anneal {
    /// Whether the last walk found a new best.
    pub(super) improved: bool,
}

impl Anneal {
    /// Walks [`STEPS_PER_UNIT`] steps per movable unit (at most [`MAX_STEPS`]) from the
    /// current assignment, recording each new best in
    /// `best`; `Some` when the whole search must stop.
    pub(super) fn run(&mut self, st: &mut State, leg: &mut Leg) -> Option<SearchStop> {
        let (movable, budget, valid) = (leg.movable, leg.budget, leg.valid);
        let (rng, best) = (&mut *leg.rng, &mut *leg.best);
        self.improved = false;
        let Some(hot) = typical_worsening(st, movable, rng).map(|w| w * HOT) else {
            // No swap costs more: nothing to climb over.
            return None;
        };
        let steps = (STEPS_PER_UNIT * movable.len()).min(MAX_STEPS);
        let cooling = COOL.powf(1.0 / steps as f64);
        let mut t = hot;
        let mut now = st.totals();
        for _ in 0..steps {
            t *= cooling;
            if valid && st.work() >= budget.max_evals {
                return Some(SearchStop::Work);
            }
            if st.evals.is_multiple_of(256) && Instant::now() >= budget.deadline {
                return Some(SearchStop::Time);
            }
            let Some((u, h, v)) = draw(st, movable, rng) else {
                continue;
            };
            let (d, a, b) = st.delta(u, h, v);
            let take = if d.0 > EPS {
                false
            } else {
                d.0 < -EPS || d.1 <= EPS || rng.gen::<f64>() < (-d.1 / t).exp()
            };
            if !take {
                continue;
            }
            st.apply(u, h, v, a, b);
            now = add(now, d);
            if let Some(stop) = record_best(st, &mut now, best, budget, &mut self.improved) {
                return Some(stop);
            }
        }
        None
    }
}

/// A random step: a movable unit, another group, and a movable unit there to swap with
/// (`None`: a move). `None` when the place drawn holds a pinned unit.
fn draw(
    st: &State,
    movable: &[usize],
    rng: &mut ChaCha8Rng,
) -> Option<(usize, usize, Option<usize>)> {
    let u = movable[rng.gen_range(0..movable.len())];
    let g = st.unit_group[u];
    let h = rng.gen_range(0..st.gcount - 1);
    let h = if h >= g { h + 1 } else { h };
    let there = &st.group_units[h];
    let k = rng.gen_range(0..=there.len());
    match there.get(k) {
        None => Some((u, h, None)),
        Some(&v) if st.units.pinned[v].is_none() => Some((u, h, Some(v))),
        Some(_) => None,
    }
}

/// The median cost of the worsening swaps (no more rules broken, a higher score) among a
/// sample of random ones; `None` when none of them is worse.
fn typical_worsening(st: &mut State, movable: &[usize], rng: &mut ChaCha8Rng) -> Option<f64> {
    let mut worse = Vec::new();
    for _ in 0..SAMPLE {
        match random_swap(st, movable, rng) {
            Some((d, ..)) if d.0 <= EPS && d.1 > EPS => worse.push(d.1),
            _ => {}
        }
    }
    if worse.is_empty() {
        return None;
    }
    let mid = worse.len() / 2;
    Some(*worse.select_nth_unstable_by(mid, f64::total_cmp).1)
}

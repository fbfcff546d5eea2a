//! A dedicated tabu search for the plain social golfer problem (single members, no pins,
//! per-group terms that depend on sizes only, no diversity): it minimises the number of
//! repeated meetings, Σ over pairs of max(0, meetings − 1) with a meeting in the history
//! counted as one, in the manner of Dotú and Van Hentenryck: each step takes the best
//! swap, within one cycle, of a member in a repeated meeting with a member of another
//! group; a swap just made may not be made again for a random tenure unless it beats the
//! best plan found; a long run without a better plan restores the best plan and perturbs
//! it. Members are bits of a `u128`, so a swap is evaluated with four population counts
//! and the inner loop allocates nothing.
//!
//! A plan without a repeated meeting costs nothing in the plan's own objective, so when
//! this search finds one it is optimal; otherwise its best plan is where the general search
//! goes on from.

use rand::seq::SliceRandom;
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use std::time::Instant;

/// Members as a bit set.
type Set = u128;

/// Steps without a better plan before the best plan is restored and perturbed.
const STABLE_STEPS: u64 = 300;

/// Tabu tenure range, in steps (short: the neighbourhood is small and plateaus are wide).
const TENURE: (u64, u64) = (2, 10);

/// Swap evaluations of this search counted as one evaluation of the work limit: each is
/// four population counts, where an evaluation of the general search re-scores two groups.
pub(super) const EVALS_PER_EVALUATION: u64 = 16;

/// Most random swaps of a perturbation.
const KICKS: usize = 4;

/// The schedule being searched and every pair's meeting count.
struct Golf {
    n: usize,
    weeks: usize,
    gcount: usize,
    /// Group of each member in each week: `[w · n + p]`.
    group_of: Vec<usize>,
    /// Members of each group of each week: `[w · gcount + g]`.
    masks: Vec<Set>,
    /// Meetings of each pair (history included): `[p · n + q]`.
    count: Vec<u8>,
    /// Who each member has met at least once / at least twice.
    once: Vec<Set>,
    twice: Vec<Set>,
    /// Σ over pairs of max(0, meetings − 1).
    repeats: u32,
}

impl Golf {
    fn new(n: usize, weeks: usize, gcount: usize) -> Self {
        Golf {
            n,
            weeks,
            gcount,
            group_of: vec![0; weeks * n],
            masks: vec![0; weeks * gcount],
            count: vec![0; n * n],
            once: vec![0; n],
            twice: vec![0; n],
            repeats: 0,
        }
    }

    /// Adds a meeting of `p` and `q`.
    fn meet(&mut self, p: usize, q: usize) {
        let c = &mut self.count[p * self.n + q];
        *c += 1;
        let c = *c;
        self.count[q * self.n + p] = c;
        if c == 1 {
            self.once[p] |= 1 << q;
            self.once[q] |= 1 << p;
        } else {
            if c == 2 {
                self.twice[p] |= 1 << q;
                self.twice[q] |= 1 << p;
            }
            self.repeats += 1;
        }
    }

    /// Removes a meeting of `p` and `q`.
    fn part(&mut self, p: usize, q: usize) {
        let c = &mut self.count[p * self.n + q];
        *c -= 1;
        let c = *c;
        self.count[q * self.n + p] = c;
        if c == 0 {
            self.once[p] &= !(1 << q);
            self.once[q] &= !(1 << p);
        } else {
            if c == 1 {
                self.twice[p] &= !(1 << q);
                self.twice[q] &= !(1 << p);
            }
            self.repeats -= 1;
        }
    }

    /// Sets the schedule (`group_of` as in [`Golf::group_of`]) on top of the history.
    fn load(&mut self, group_of: &[usize], history: &[(usize, usize)]) {
        self.count.iter_mut().for_each(|c| *c = 0);
        self.once.iter_mut().for_each(|s| *s = 0);
        self.twice.iter_mut().for_each(|s| *s = 0);
        self.masks.iter_mut().for_each(|s| *s = 0);
        self.repeats = 0;
        for &(i, j) in history {
            self.meet(i, j);
        }
        self.group_of.copy_from_slice(group_of);
        for w in 0..self.weeks {
            for p in 0..self.n {
                self.masks[w * self.gcount + group_of[w * self.n + p]] |= 1 << p;
            }
        }
        for cell in 0..self.masks.len() {
            let m = self.masks[cell];
            for p in members(m) {
                for q in members(m & !((2 << p) - 1)) {
                    self.meet(p, q);
                }
            }
        }
    }

    /// Change of the repeat count if `p` and `q` (in different groups) swap in week `w`.
    #[inline]
    fn delta(&self, w: usize, p: usize, q: usize) -> i32 {
        let gp = self.masks[w * self.gcount + self.group_of[w * self.n + p]] & !(1 << p);
        let gq = self.masks[w * self.gcount + self.group_of[w * self.n + q]] & !(1 << q);
        (self.once[q] & gp).count_ones() as i32 + (self.once[p] & gq).count_ones() as i32
            - (self.twice[p] & gp).count_ones() as i32
            - (self.twice[q] & gq).count_ones() as i32
    }

    /// Swaps `p` and `q` (in different groups) in week `w`.
    fn swap(&mut self, w: usize, p: usize, q: usize) {
        let (g, h) = (self.group_of[w * self.n + p], self.group_of[w * self.n + q]);
        let (cg, ch) = (w * self.gcount + g, w * self.gcount + h);
        let gp = self.masks[cg] & !(1 << p);
        let gq = self.masks[ch] & !(1 << q);
        for x in members(gp) {
            self.part(p, x);
            self.meet(q, x);
        }
        for y in members(gq) {
            self.part(q, y);
            self.meet(p, y);
        }
        self.masks[cg] = gp | 1 << q;
        self.masks[ch] = gq | 1 << p;
        self.group_of[w * self.n + p] = h;
        self.group_of[w * self.n + q] = g;
    }
}

/// The members of a set, lowest first.
pub(super) fn members(mut s: Set) -> impl Iterator<Item = usize> {
    std::iter::from_fn(move || {
        (s != 0).then(|| {
            let i = s.trailing_zeros() as usize;
            s &= s - 1;
            i
        })
    })
}

/// What [`search`] found: the best schedule and the evaluations spent.
pub(super) struct Found {
    pub(super) group_of: Vec<usize>,
    pub(super) evals: u64,
}

/// Tabu search for a schedule of `weeks` weeks without a repeated meeting, from random
/// weeks with the group sizes of `sizes` (the group of each member in each week,
/// `[w · n + p]`); `history` lists the pairs that have met before. Stops at zero repeats,
/// after `effort` evaluations or at `deadline`.
#[allow(clippy::too_many_arguments)]
pub(super) fn search(
    n: usize,
    weeks: usize,
    gcount: usize,
    history: &[(usize, usize)],
    sizes: &[usize],
    rng: &mut ChaCha8Rng,
    effort: u64,
    deadline: Instant,
) -> Found {
    // Random weeks lead to plans without repeats sooner than greedy ones, whose last
    // weeks are left with every conflict.
    let mut start = sizes.to_vec();
    for week in start.chunks_mut(n.max(1)) {
        week.shuffle(rng);
    }
    let mut st = Golf::new(n, weeks, gcount);
    st.load(&start, history);
    let mut best = (st.repeats, st.group_of.clone());
    let everyone: Set = if n == 128 { !0 } else { (1 << n) - 1 };
    let mut evals = 0u64;
    // Until which step each swap (w, p, q), p < q, is tabu: `[(w · n + p) · n + q]`.
    let mut tabu = vec![0u64; weeks * n * n];
    let mut foci: Vec<(usize, usize)> = Vec::with_capacity(weeks * n);
    let mut step = 0u64;
    let mut improved = 0u64;
    while best.0 > 0 && evals < effort {
        if step.is_multiple_of(256) && Instant::now() >= deadline {
            break;
        }
        step += 1;
        st.foci(&mut foci);
        let tabu_at = Tabu {
            until: &tabu,
            step,
            best: best.0,
        };
        let chosen = st.best_swap(&foci, everyone, &tabu_at, rng, &mut evals);
        if let Some((_, w, p, q)) = chosen {
            st.swap(w, p, q);
            let key = (w * n + p.min(q)) * n + p.max(q);
            tabu[key] = step + rng.gen_range(TENURE.0..=TENURE.1);
        }
        if st.repeats < best.0 {
            best = (st.repeats, st.group_of.clone());
            improved = step;
        } else if chosen.is_none() || step - improved > STABLE_STEPS {
            st.load(&best.1, history);
            perturb(&mut st, rng);
            tabu.iter_mut().for_each(|t| *t = 0);
            improved = step;
        }
    }
    Found {
        group_of: best.1,
        evals,
    }
}

/// The tabu list as one step of [`search`] sees it.
struct Tabu<'a> {
    /// Until which step each swap is tabu (see [`search`]).
    until: &'a [u64],
    step: u64,
    /// The fewest repeats found: a tabu swap that goes below it is taken all the same.
    best: u32,
}

impl Golf {
    /// The foci: every member in a repeated meeting, in its week, as `(week, member)`.
    fn foci(&self, out: &mut Vec<(usize, usize)>) {
        out.clear();
        for w in 0..self.weeks {
            for g in 0..self.gcount {
                let m = self.masks[w * self.gcount + g];
                out.extend(
                    members(m)
                        .filter(|&p| self.twice[p] & m != 0)
                        .map(|p| (w, p)),
                );
            }
        }
    }

    /// The best swap `(change, week, p, q)` of a focus with a member of another group in
    /// its week that is not tabu (or beats the best), ties broken at random; each swap
    /// looked at counts in `evals`.
    fn best_swap(
        &self,
        foci: &[(usize, usize)],
        everyone: Set,
        tabu: &Tabu,
        rng: &mut ChaCha8Rng,
        evals: &mut u64,
    ) -> Option<(i32, usize, usize, usize)> {
        let n = self.n;
        let mut chosen: Option<(i32, usize, usize, usize)> = None;
        let mut ties = 0u32;
        for &(w, p) in foci {
            let g = self.group_of[w * n + p];
            for q in members(everyone & !self.masks[w * self.gcount + g]) {
                *evals += 1;
                let d = self.delta(w, p, q);
                let key = (w * n + p.min(q)) * n + p.max(q);
                if tabu.until[key] > tabu.step && self.repeats as i32 + d >= tabu.best as i32 {
                    continue;
                }
                match chosen {
                    Some((cur, ..)) if d > cur => {}
                    Some((cur, ..)) if d == cur => {
                        ties += 1;
                        if rng.gen_range(0..=ties) == 0 {
                            chosen = Some((d, w, p, q));
                        }
                    }
                    _ => {
                        ties = 0;
                        chosen = Some((d, w, p, q));
                    }
                }
            }
        }
        chosen
    }
}

/// A kick: a few random swaps in random weeks, whatever they cost.
fn perturb(st: &mut Golf, rng: &mut ChaCha8Rng) {
    let kicks = rng.gen_range(1..=KICKS);
    for _ in 0..kicks {
        let w = rng.gen_range(0..st.weeks);
        let p = rng.gen_range(0..st.n);
        let q = rng.gen_range(0..st.n);
        if st.group_of[w * st.n + p] != st.group_of[w * st.n + q] {
            st.swap(w, p, q);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    /// Σ max(0, meetings − 1) the slow way.
    fn repeats(n: usize, weeks: usize, group_of: &[usize], history: &[(usize, usize)]) -> u32 {
        let mut count = vec![0u32; n * n];
        for &(i, j) in history {
            count[i * n + j] += 1;
        }
        for w in 0..weeks {
            for i in 0..n {
                for j in i + 1..n {
                    if group_of[w * n + i] == group_of[w * n + j] {
                        count[i * n + j] += 1;
                    }
                }
            }
        }
        count.iter().map(|&c| c.saturating_sub(1)).sum()
    }

    #[test]
    fn swap_deltas_match_a_recount() {
        let (n, weeks, gcount) = (12, 5, 3);
        let history = [(0, 1), (2, 7)];
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        let start: Vec<usize> = (0..weeks * n).map(|x| (x % n) % gcount).collect();
        let mut st = Golf::new(n, weeks, gcount);
        st.load(&start, &history);
        assert_eq!(st.repeats, repeats(n, weeks, &st.group_of, &history));
        for _ in 0..2_000 {
            let (w, p, q) = (
                rng.gen_range(0..weeks),
                rng.gen_range(0..n),
                rng.gen_range(0..n),
            );
            if st.group_of[w * n + p] == st.group_of[w * n + q] {
                continue;
            }
            let want = st.repeats as i32 + st.delta(w, p, q);
            st.swap(w, p, q);
            assert_eq!(st.repeats as i32, want);
            assert_eq!(st.repeats, repeats(n, weeks, &st.group_of, &history));
        }
    }
}

//! First assignments of the planned cycles: one after the other by the one-cycle search,
//! or, for a plain social golfer problem, by a greedy schedule.

use super::joint::Joint;
use super::PlanOptions;
use crate::model::problem::Problem;
use crate::solve::search::{search, Budget, Escape};
use crate::solve::solve;
use crate::solve::units::Units;
use rand::seq::SliceRandom;
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use std::collections::HashMap;
use std::time::Instant;

/// Share of the time limit the first cycles may use together.
const FIRST_CYCLES_SHARE: f64 = 0.8;

/// A first assignment of every cycle (`ug` as in [`Joint::ug`]), one after the other as
/// `rotate` would form them: each by the one-cycle solver (search, integer programs and
/// neighbourhoods, with an equal share of half the time limit) on the problem with the
/// cycles before it as history, so that every cycle starts as balanced as a single
/// `assign` would make it. When the first cycle alone breaks a rule, the solver explains
/// why; when a later one has no answer that keeps every rule given the cycles before it,
/// the search's best is taken and the joint search repairs it. Also returns the solver's
/// lower bound on the first cycle's score (the same for every plan).
pub(super) fn first_cycles(
    p: &Problem,
    opts: &PlanOptions,
    units: &Units,
    floor: Option<f64>,
    deadline: Instant,
) -> anyhow::Result<(Vec<usize>, Option<f64>)> {
    let cycles = opts.cycles;
    let started = Instant::now();
    let budget = Budget {
        max_evals: (opts.solve.effort / (2 * cycles as u64)).max(1_000),
        max_stale_rounds: 50,
        min_stale_evals: 0,
        deadline,
        floor,
        persist: false,
        escape: Escape::Kick,
    };
    let nu = units.members.len();
    let mut ug = vec![0; cycles * nu];
    let mut earlier: Vec<Vec<usize>> = Vec::new();
    let mut first_bound = None;
    for c in 0..cycles {
        // The pairs `[keep] together` holds meet every cycle whatever the plan: without
        // their repeat cost the solver's bound can prove a cycle as good as it gets.
        let mut q = problem_at(p, &earlier, opts.lookback);
        forget_together(&mut q);
        let left = deadline
            .saturating_duration_since(Instant::now())
            .as_secs_f64();
        let share = opts.solve.time_limit * FIRST_CYCLES_SHARE - started.elapsed().as_secs_f64();
        let options =
            (opts.solve.reseeded(c as u64)).within((share / (cycles - c) as f64).clamp(0.0, left));
        let found = match solve(&q, &options) {
            Ok(s) => {
                if c == 0 {
                    first_bound = s.bound;
                }
                s.group_of
            }
            Err(e) if c == 0 => return Err(e),
            Err(_) => search(&q, options.seed, &budget, None).group_of,
        };
        for u in 0..nu {
            ug[c * nu + u] = found[units.members[u][0]];
        }
        earlier.push(found);
    }
    Ok((ug, first_bound))
}

/// Removes the meetings of pairs in one `[keep] together` set from `q`'s history.
fn forget_together(q: &mut Problem) {
    let together = q.together.clone();
    let repeats = q.repeats_mut();
    for set in &together {
        for (x, &i) in set.iter().enumerate() {
            for &j in &set[x + 1..] {
                repeats.age.remove(&(i.min(j) as u32, i.max(j) as u32));
                repeats.met[i].retain(|&(k, _)| k as usize != j);
                repeats.met[j].retain(|&(k, _)| k as usize != i);
            }
        }
    }
}

/// The repeat cost every plan of `cycles` cycles pays: pairs of a `[keep] together` set
/// meet in every cycle, so in each planned cycle after the first at age 1, and in the
/// first at the age of their last meeting in the history.
pub(super) fn forced_repeats(p: &Problem, cycles: usize) -> (f64, f64) {
    let (mut first, mut later) = (0.0, 0.0);
    for set in &p.together {
        for (x, &i) in set.iter().enumerate() {
            for &j in &set[x + 1..] {
                first += p
                    .repeats()
                    .age(i, j)
                    .map_or(0.0, |a| p.repeats().cost_at(a));
                later += p.repeats().cost_at(1) * cycles.saturating_sub(1) as f64;
            }
        }
    }
    (first, later)
}

/// The problem as it will stand after the planned cycles `earlier` (the group of each
/// member in each) have happened: their meetings join the history's, with the same ages
/// and lookback as [`crate::model::build`] gives them.
pub(super) fn problem_at(p: &Problem, earlier: &[Vec<usize>], lookback: Option<u32>) -> Problem {
    let c = earlier.len() as u32;
    let lookback = lookback.unwrap_or(u32::MAX);
    let mut age: HashMap<(u32, u32), u32> = p
        .repeats()
        .age
        .iter()
        .map(|(&k, &a)| (k, a.saturating_add(c)))
        .filter(|&(_, a)| a <= lookback)
        .collect();
    for (x, group_of) in earlier.iter().enumerate() {
        let a = c - x as u32;
        if a > lookback {
            continue;
        }
        let mut groups = vec![Vec::new(); p.groups.count];
        for (i, &g) in group_of.iter().enumerate() {
            groups[g].push(i as u32);
        }
        for g in &groups {
            for (y, &i) in g.iter().enumerate() {
                for &j in &g[y + 1..] {
                    let e = age.entry((i, j)).or_insert(a);
                    *e = (*e).min(a);
                }
            }
        }
    }
    let mut met = vec![Vec::new(); p.n()];
    for (&(i, j), &a) in &age {
        met[i as usize].push((j, a));
        met[j as usize].push((i, a));
    }
    met.iter_mut().for_each(|m| m.sort_unstable());
    let mut q = p.clone();
    q.repeats_mut().age = age;
    q.repeats_mut().met = met;
    q
}

/// Whether the plan is a social golfer problem: single members, no pins, and per-group
/// terms that depend on sizes only; then [`freedom_start`] gives the first assignment.
pub(super) fn golfers(p: &Problem, st: &Joint) -> bool {
    st.sizes_only
        && p.n() <= 128
        && st.units.members.len() == p.n()
        && st.units.pinned.iter().all(Option::is_none)
        && p.members.iter().all(|m| m.counts)
}

/// Members as a bit set.
pub(super) type Set = u128;

/// A first assignment of every cycle, one after the other, by Triska and Musliu's greedy
/// heuristic for the social golfer problem: each group is filled two members at a time,
/// with members who have not met each other or the group, choosing the two that leave the
/// group the most *freedom* (members still free to join it without meeting anyone again).
/// Returns `ug` as in [`Joint::ug`] (a member is its own unit).
pub(super) fn freedom_start(p: &Problem, cycles: usize, rng: &mut ChaCha8Rng) -> Vec<usize> {
    let n = p.n();
    let mut ug = vec![0; cycles * n];
    let gcount = p.groups.count;
    let mut met: Vec<Set> = vec![0; n];
    for &(i, j) in p.repeats().age.keys() {
        met[i as usize] |= 1 << j;
        met[j as usize] |= 1 << i;
    }
    // Even sizes: the first n mod G groups take one more.
    let sizes: Vec<usize> = (0..gcount)
        .map(|g| n / gcount + usize::from(g < n % gcount))
        .collect();
    let everyone: Set = if n == 128 { !0 } else { (1 << n) - 1 };
    for c in 0..cycles {
        let mut free = everyone;
        for (g, &size) in sizes.iter().enumerate() {
            let mut group: Set = 0;
            let mut filled = 0;
            while filled < size {
                let take = if size - filled >= 2 { 2 } else { 1 };
                let pick = best_addition(&met, everyone, free, group, take, rng);
                for &i in &pick {
                    group |= 1 << i;
                    free &= !(1 << i);
                    ug[c * n + i] = g;
                }
                filled += pick.len();
            }
            // Everyone in the group has now met everyone else in it.
            let mut bits = group;
            while bits != 0 {
                let i = bits.trailing_zeros() as usize;
                bits &= bits - 1;
                met[i] |= group & !(1 << i);
            }
        }
    }
    ug
}

/// The `take` (1 or 2) `free` members to add to `group`: fewest new repeats first, then
/// the most freedom (members of `everyone` neither of them has met), ties at random.
pub(super) fn best_addition(
    met: &[Set],
    everyone: Set,
    free: Set,
    group: Set,
    take: usize,
    rng: &mut ChaCha8Rng,
) -> Vec<usize> {
    let members = |mut s: Set| {
        let mut out = Vec::new();
        while s != 0 {
            out.push(s.trailing_zeros() as usize);
            s &= s - 1;
        }
        out
    };
    let pool = members(free);
    let mut best: Option<((u32, i64), Vec<usize>)> = None;
    let mut ties = 0u32;
    let mut consider = |pick: Vec<usize>, rng: &mut ChaCha8Rng| {
        let (mut g, mut joined, mut their) = (group, 0, 0);
        let mut repeats = 0;
        for &i in &pick {
            repeats += (met[i] & g).count_ones();
            g |= 1 << i;
            joined |= 1 << i;
            their |= met[i];
        }
        let freedom = i64::from((everyone & !joined & !their).count_ones());
        let key = (repeats, -freedom);
        match &best {
            Some((k, _)) if key > *k => {}
            Some((k, _)) if key == *k => {
                ties += 1;
                if rng.gen_range(0..=ties) == 0 {
                    best = Some((key, pick));
                }
            }
            _ => {
                ties = 0;
                best = Some((key, pick));
            }
        }
    };
    if take == 2 && pool.len() >= 2 {
        for (x, &i) in pool.iter().enumerate() {
            for &j in &pool[x + 1..] {
                consider(vec![i, j], rng);
            }
        }
    } else {
        for &i in &pool {
            consider(vec![i], rng);
        }
    }
    best.map(|(_, pick)| pick).unwrap_or_default()
}

/// A schedule of `cycles` cycles without a repeated meeting from affine geometry, when
/// the `n` members and the groups of `n / gcount` have prime-power sizes of one prime:
/// members are the points of the vector space GF(p)^d, each cycle takes the cosets of a
/// k-dimensional subspace (groups of p^k), and subspaces meeting only in zero give cycles
/// in which no pair meets twice (two points share a coset of S exactly when their
/// difference is in S). The subspaces are drawn at random, greedily, with restarts; the
/// points are given to the members in a random order. `None` when the sizes do not fit or
/// no such set of subspaces was found (there may be none: GF(2)^5 has at most nine
/// two-dimensional subspaces meeting only in zero). Returns `ug` as in [`Joint::ug`]
/// (a member is its own unit).
pub(super) fn affine_start(
    n: usize,
    gcount: usize,
    cycles: usize,
    rng: &mut ChaCha8Rng,
) -> Option<Vec<usize>> {
    let space = Space::new(n, gcount)?;
    const ATTEMPTS: usize = 200;
    const DRAWS: usize = 2_000;
    for _ in 0..ATTEMPTS {
        let mut chosen: Vec<Set> = Vec::with_capacity(cycles);
        for _ in 0..DRAWS {
            if chosen.len() == cycles {
                break;
            }
            if let Some(s) = space.span(rng) {
                if chosen.iter().all(|&t| t & s == 1) {
                    chosen.push(s);
                }
            }
        }
        if chosen.len() < cycles {
            continue;
        }
        let mut member_of: Vec<usize> = (0..n).collect();
        member_of.shuffle(rng);
        let mut ug = vec![0; cycles * n];
        for (c, &s) in chosen.iter().enumerate() {
            space.cosets(s, |z, g| ug[c * n + member_of[z]] = g);
        }
        return Some(ug);
    }
    None
}

/// The vector space GF(p)^d of [`affine_start`], its points the numbers below `n = p^d`
/// (their base-p digits the coordinates), and the size `p^k` of the groups.
struct Space {
    p: usize,
    d: usize,
    k: usize,
    n: usize,
    size: usize,
}

impl Space {
    /// The space for `n` members in `gcount` groups, when n = p^d and size = p^k for a
    /// prime p (and n ≤ 128, the width of a [`Set`]).
    fn new(n: usize, gcount: usize) -> Option<Self> {
        let size = n.checked_div(gcount)?;
        if n > 128 || size < 2 || gcount < 2 || size * gcount != n {
            return None;
        }
        let p = (2..=size).find(|&q| size % q == 0)?;
        let power = |mut m: usize| {
            let mut e = 0;
            while m > 1 && m.is_multiple_of(p) {
                m /= p;
                e += 1;
            }
            (m == 1).then_some(e)
        };
        let (d, k) = (power(n)?, power(size)?);
        Some(Space { p, d, k, n, size })
    }

    /// The sum of two points.
    fn add(&self, mut a: usize, mut b: usize) -> usize {
        let (mut sum, mut place) = (0, 1);
        for _ in 0..self.d {
            sum += (a % self.p + b % self.p) % self.p * place;
            a /= self.p;
            b /= self.p;
            place *= self.p;
        }
        sum
    }

    /// `c · a`.
    fn scale(&self, a: usize, c: usize) -> usize {
        (0..c).fold(0, |s, _| self.add(s, a))
    }

    /// The span of k random vectors, as a set of points (0 included), when it has p^k.
    fn span(&self, rng: &mut ChaCha8Rng) -> Option<Set> {
        let mut points: Vec<usize> = vec![0];
        for _ in 0..self.k {
            let v = rng.gen_range(1..self.n);
            let mut next = Vec::with_capacity(points.len() * self.p);
            for c in 0..self.p {
                let cv = self.scale(v, c);
                next.extend(points.iter().map(|&x| self.add(x, cv)));
            }
            points = next;
        }
        let set = points.iter().fold(0, |s: Set, &x| s | 1 << x);
        (set.count_ones() as usize == self.size).then_some(set)
    }

    /// Calls `place(point, coset)` for every point, numbering the cosets of subspace `s`.
    fn cosets(&self, s: Set, mut place: impl FnMut(usize, usize)) {
        let subspace: Vec<usize> = (0..self.n).filter(|&x| (s >> x) & 1 == 1).collect();
        let mut placed: Set = 0;
        let mut g = 0;
        for x in 0..self.n {
            if (placed >> x) & 1 == 1 {
                continue;
            }
            for &y in &subspace {
                let z = self.add(x, y);
                placed |= 1 << z;
                place(z, g);
            }
            g += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    /// Whether the groups of `ug` (`[c · n + i]`) have `size` members each and no pair meets
    /// twice.
    fn golfers_meet_once(ug: &[usize], n: usize, size: usize) -> bool {
        let cycles = ug.len() / n;
        let mut met = std::collections::HashSet::new();
        for c in 0..cycles {
            let week = &ug[c * n..(c + 1) * n];
            for g in 0..n / size {
                if week.iter().filter(|&&h| h == g).count() != size {
                    return false;
                }
            }
            for i in 0..n {
                for j in i + 1..n {
                    if week[i] == week[j] && !met.insert((i, j)) {
                        return false;
                    }
                }
            }
        }
        true
    }

    #[test]
    fn affine_geometry_gives_cycles_without_repeats() {
        let mut rng = ChaCha8Rng::seed_from_u64(5);
        // (members, groups, cycles): 8-4-9, the affine plane of order 5, 3-3-4, 16 in 4s.
        for (n, gcount, cycles) in [(32, 8, 9), (25, 5, 6), (9, 3, 4), (16, 4, 5), (27, 9, 13)] {
            let ug = affine_start(n, gcount, cycles, &mut rng).expect("a schedule");
            assert!(
                golfers_meet_once(&ug, n, n / gcount),
                "{n} {gcount} {cycles}"
            );
        }
        // Sizes that are not powers of one prime, or more cycles than subspaces allow.
        assert!(affine_start(15, 5, 7, &mut rng).is_none());
        assert!(affine_start(24, 6, 3, &mut rng).is_none());
        assert!(affine_start(9, 3, 5, &mut rng).is_none());
    }
}

//! Schedules without a repeated meeting that a group of translations leaves unchanged,
//! for social golfer problems on n = 2^d members that affine geometry alone cannot give
//! (32 members in fours for ten cycles: GF(2)^5 has at most nine two-dimensional subspaces
//! meeting only in zero).
//!
//! Members are the points of GF(2)^d (numbers below n, addition is exclusive or) and T is
//! the subspace of the points below 2^e. Only cycles that T maps onto themselves are
//! considered: adding any t ∈ T to every member of every group gives the same groups.
//! Then T also maps the pairs a cycle brings together onto themselves, so a cycle is a
//! set of *pair orbits* (a pair's images under T), and a schedule without a repeat is a
//! choice of cycles whose orbit sets are disjoint: an exact packing problem on about
//! n²/2^(e+1) orbits instead of n²/2 pairs, solved by a depth-first search that branches
//! on the orbit with the fewest cycles left that can take it (or leaves it out while the
//! pairs left out stay within what the cycle count spares). The search restarts with a
//! new order and a larger node budget each time a budget runs out, as heavy-tailed
//! searches do best; all randomness comes from the seed and budgets count nodes, so the
//! same seed gives the same schedule. e is the smallest for which the orbits fit one
//! 128-bit set and the T-invariant cycles number at most [`MAX_CYCLES`]; when the search
//! proves there is no such schedule for that e, the next e is tried.

use super::golf::members;
use super::start::Set;
use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;
use std::time::Instant;

/// Most T-invariant cycles enumerated for one choice of T.
const MAX_CYCLES: usize = 100_000;

/// Most groups tried while enumerating them (about a second).
const MAX_TRIES: u64 = 20_000_000;

/// Node budget of the first attempt; each restart has half as much again.
const FIRST_BUDGET: u64 = 20_000;

/// A schedule (`ug` as in [`super::joint::Joint::ug`]) of `cycles` cycles of `gcount`
/// groups on `n` members without a repeated meeting, fixed by a group of translations
/// (see the module); `None` when n is not a power of two up to 128, the groups are not of
/// one size, none was found before `deadline`, or none exists for any T tried.
pub(super) fn invariant_start(
    n: usize,
    gcount: usize,
    cycles: usize,
    rng: &mut ChaCha8Rng,
    deadline: Instant,
) -> Option<Vec<usize>> {
    if !(n.is_power_of_two() && (4..=128).contains(&n)) || gcount < 2 || !n.is_multiple_of(gcount) {
        return None;
    }
    let size = n / gcount;
    let spare = (n * (n - 1) / 2).checked_sub(cycles * gcount * size * (size - 1) / 2)?;
    let d = n.trailing_zeros();
    for e in 0..d {
        let Some(orbits) = PairOrbits::new(n, 1 << e) else {
            continue;
        };
        let Some(weeks) = invariant_cycles(n, size, 1 << e) else {
            continue;
        };
        let masks: Vec<Set> = weeks.iter().map(|w| orbits.of_cycle(w)).collect();
        match pack(&masks, &orbits.size, cycles, spare as u32, rng, deadline) {
            Packed::Found(chosen) => {
                let mut member_of: Vec<usize> = (0..n).collect();
                member_of.shuffle(rng);
                let mut ug = vec![0; cycles * n];
                for (c, &w) in chosen.iter().enumerate() {
                    for (g, &block) in weeks[w].iter().enumerate() {
                        for x in members(block) {
                            ug[c * n + member_of[x]] = g;
                        }
                    }
                }
                return Some(ug);
            }
            Packed::None => {}
            Packed::OutOfTime => return None,
        }
    }
    None
}

/// The orbits of pairs under translation by the points below `t`: `index[a · n + b]` and
/// each orbit's number of pairs.
struct PairOrbits {
    n: usize,
    index: Vec<u8>,
    size: Vec<u32>,
}

impl PairOrbits {
    /// `None` when there are more orbits than a [`Set`] holds.
    fn new(n: usize, t: usize) -> Option<Self> {
        let mut index = vec![u8::MAX; n * n];
        let mut size = Vec::new();
        for a in 0..n {
            for b in a + 1..n {
                if index[a * n + b] != u8::MAX {
                    continue;
                }
                if size.len() == Set::BITS as usize {
                    return None;
                }
                let k = size.len() as u8;
                let mut count = 0;
                for s in 0..t {
                    let (x, y) = (a ^ s, b ^ s);
                    if index[x * n + y] == u8::MAX {
                        index[x * n + y] = k;
                        index[y * n + x] = k;
                        count += 1;
                    }
                }
                size.push(count);
            }
        }
        Some(PairOrbits { n, index, size })
    }

    /// The orbits of the pairs that meet in a cycle's groups.
    fn of_cycle(&self, groups: &[Set]) -> Set {
        let mut set: Set = 0;
        for &g in groups {
            for a in members(g) {
                for b in members(g & !((2 << a) - 1)) {
                    set |= 1 << self.index[a * self.n + b];
                }
            }
        }
        set
    }
}

/// Every partition of the `n` points into groups of `size` that translation by the
/// points below `t` maps onto itself, each as its groups; `None` past [`MAX_CYCLES`]
/// cycles or [`MAX_TRIES`] groups tried.
fn invariant_cycles(n: usize, size: usize, t: usize) -> Option<Vec<Vec<Set>>> {
    let everyone: Set = if n == 128 { !0 } else { (1 << n) - 1 };
    let mut list = Listing {
        size,
        t,
        groups: Vec::with_capacity(n / size),
        out: Vec::new(),
        tries: 0,
    };
    list.extend(everyone).then_some(list.out)
}

/// The enumeration of [`invariant_cycles`].
struct Listing {
    size: usize,
    t: usize,
    /// The groups placed so far.
    groups: Vec<Set>,
    out: Vec<Vec<Set>>,
    tries: u64,
}

impl Listing {
    /// Adds to `out` every completion of `groups` on the points of `open`: the lowest open
    /// point's group is chosen every way, with all its translates. False past a cap.
    fn extend(&mut self, open: Set) -> bool {
        if open == 0 {
            self.out.push(self.groups.clone());
            return self.out.len() <= MAX_CYCLES;
        }
        let x = open.trailing_zeros() as usize;
        let rest: Vec<usize> = members(open & !(1 << x)).collect();
        let mut pick = Vec::with_capacity(self.size);
        pick.push(x);
        choose(&rest, self.size - 1, &mut pick, &mut |group: &[usize]| {
            self.tries += 1;
            if self.tries > MAX_TRIES {
                return false;
            }
            let block = group.iter().fold(0 as Set, |s, &p| s | 1 << p);
            let mut orbit: Vec<Set> = Vec::with_capacity(self.t);
            let mut covered: Set = 0;
            for s in 0..self.t {
                let image = members(block).fold(0 as Set, |m, p| m | 1 << (p ^ s));
                if orbit.contains(&image) {
                    continue;
                }
                if image & (covered | !open) != 0 {
                    return true;
                }
                covered |= image;
                orbit.push(image);
            }
            let before = self.groups.len();
            self.groups.extend(&orbit);
            let more = self.extend(open & !covered);
            self.groups.truncate(before);
            more
        })
    }
}

/// Calls `visit` with `pick` extended by every `k` of `from` (in order); stops when it
/// returns false, and returns false then.
fn choose(
    from: &[usize],
    k: usize,
    pick: &mut Vec<usize>,
    visit: &mut impl FnMut(&[usize]) -> bool,
) -> bool {
    if k == 0 {
        return visit(pick);
    }
    for (i, &p) in from.iter().enumerate() {
        if from.len() - i < k {
            break;
        }
        pick.push(p);
        let more = choose(&from[i + 1..], k - 1, pick, visit);
        pick.pop();
        if !more {
            return false;
        }
    }
    true
}

/// How [`pack`] ended.
enum Packed {
    /// The chosen cycles, by index.
    Found(Vec<usize>),
    /// The search proved there is no packing.
    None,
    OutOfTime,
}

/// Chooses `count` of the orbit sets `cycles` that are pairwise disjoint, leaving out
/// orbits of at most `spare` pairs in all (`size` gives each orbit's pairs).
fn pack(
    cycles: &[Set],
    size: &[u32],
    count: usize,
    spare: u32,
    rng: &mut ChaCha8Rng,
    deadline: Instant,
) -> Packed {
    let mut order: Vec<u32> = (0..cycles.len() as u32).collect();
    let mut budget = FIRST_BUDGET;
    loop {
        order.shuffle(rng);
        let mut search = Packing {
            cycles,
            size,
            count,
            nodes: 0,
            budget,
            deadline,
            chosen: Vec::with_capacity(count),
        };
        match search.node(&order, 0, spare) {
            Some(true) => {
                return Packed::Found(search.chosen.iter().map(|&c| c as usize).collect())
            }
            Some(false) => return Packed::None,
            None if Instant::now() >= deadline => return Packed::OutOfTime,
            None => budget += budget / 2,
        }
    }
}

/// One attempt of [`pack`].
struct Packing<'a> {
    cycles: &'a [Set],
    size: &'a [u32],
    count: usize,
    nodes: u64,
    budget: u64,
    deadline: Instant,
    chosen: Vec<u32>,
}

impl Packing<'_> {
    /// Whether the chosen cycles extend to a packing from the cycles of `live` (each
    /// disjoint from `used`, the orbits taken or left out); `None` when the budget or the
    /// time ran out.
    fn node(&mut self, live: &[u32], used: Set, spare: u32) -> Option<bool> {
        if self.chosen.len() == self.count {
            return Some(true);
        }
        self.nodes += 1;
        if self.nodes > self.budget
            || (self.nodes.is_multiple_of(4096) && Instant::now() >= self.deadline)
        {
            return None;
        }
        let mut takers = [0u32; Set::BITS as usize];
        for &c in live {
            for o in members(self.cycles[c as usize]) {
                takers[o] += 1;
            }
        }
        let open = !used & (Set::MAX >> (Set::BITS as usize - self.size.len()));
        let Some(orbit) = members(open).min_by_key(|&o| takers[o]) else {
            return Some(false);
        };
        let bit: Set = 1 << orbit;
        let mut next = Vec::with_capacity(live.len());
        for &c in live {
            let mask = self.cycles[c as usize];
            if mask & bit == 0 {
                continue;
            }
            next.clear();
            next.extend(
                live.iter()
                    .filter(|&&o| self.cycles[o as usize] & mask == 0),
            );
            self.chosen.push(c);
            if self.node(&next, used | mask, spare)? {
                return Some(true);
            }
            self.chosen.pop();
        }
        if self.size[orbit] <= spare {
            next.clear();
            next.extend(live.iter().filter(|&&o| self.cycles[o as usize] & bit == 0));
            return self.node(&next, used | bit, spare - self.size[orbit]);
        }
        Some(false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use std::time::Duration;

    #[test]
    fn pair_orbits_partition_the_pairs() {
        let orbits = PairOrbits::new(32, 8).expect("76 orbits fit");
        assert_eq!(orbits.size.len(), 76);
        assert_eq!(orbits.size.iter().sum::<u32>(), 32 * 31 / 2);
    }

    #[test]
    fn invariant_cycles_are_partitions_fixed_by_the_translations() {
        let weeks = invariant_cycles(16, 4, 4).expect("few");
        assert!(!weeks.is_empty());
        for w in &weeks {
            assert_eq!(w.len(), 4);
            assert_eq!(w.iter().fold(0 as Set, |s, &g| s | g), 0xFFFF);
            for &g in w {
                assert_eq!(g.count_ones(), 4);
                for s in 0..4 {
                    let image = members(g).fold(0 as Set, |m, p| m | 1 << (p ^ s));
                    assert!(w.contains(&image));
                }
            }
        }
    }

    #[test]
    fn packing_reports_none_when_it_proves_it() {
        // Two orbit sets that overlap cannot both be chosen.
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let far = Instant::now() + Duration::from_secs(60);
        assert!(matches!(
            pack(&[0b011, 0b110], &[1, 1, 1], 2, 0, &mut rng, far),
            Packed::None
        ));
        assert!(matches!(
            pack(&[0b001, 0b110], &[1, 1, 1], 2, 0, &mut rng, far),
            Packed::Found(_)
        ));
    }
}

//! A lower bound on the score found without solving the problem: each component's own
//! bound, summed (components without one here count 0, their least value).
//!
//! Balance: when every member counts toward size and the size rules leave one size multiset
//! (sizes differ by at most one, so the count of larger groups follows from N), each
//! balance column on its own is a transportation problem: its values (supply `n_v`) fill
//! groups (demand `m_g`) at a convex cost per (value, group), the deviation. Groups of one
//! size are interchangeable and the cost is convex, so one node per size suffices, and a
//! minimum-cost flow solves it exactly. A column whose together sets hold two members of
//! one value gets a small integer program instead, since such a set forces deviations
//! that sizes alone do not.
//!
//! Diversity (a reward): no member has more partners than the largest group allows, so the
//! reward is at most half the sum over members of their largest distances to that many
//! others; with the sizes fixed, it is also at most the sum of the largest distances over
//! as many pairs as the groups hold.

use super::ilp::{self, IlpOptions};
use crate::model::flow::{Cost, Flow, LEVELS};
use crate::model::problem::{Balance, Problem};

/// Most groups for which a column's together sets are modelled (by a small integer
/// program); beyond it they are left out and the bound is a little weaker.
const MAX_GROUPS_WITH_SETS: usize = 200;

/// Largest roster whose pair distances are all read for the diversity bound.
const MAX_DIVERSE_PEOPLE: usize = 3_000;

/// The bound, or `None` when a diversity reward is set but cannot be bounded (a large
/// roster, or one-way members).
pub fn lower_bound(p: &Problem, opts: &IlpOptions) -> Option<f64> {
    let classes = (p.n_counting == p.n()).then(|| size_classes(p)).flatten();
    let balance = classes.as_deref().and_then(|c| balance_bound(p, c, opts));
    let diversity = match &p.diversity {
        Some(d) if d.weight > 0.0 => -d.weight * reward_bound(p, classes.as_deref())?,
        _ => 0.0,
    };
    Some(balance.unwrap_or(0.0) + diversity)
}

/// The fewest weighted balance deviations, or `None` when a column's cap cannot hold.
fn balance_bound(p: &Problem, classes: &[(usize, usize)], opts: &IlpOptions) -> Option<f64> {
    let mut total = 0.0;
    for b in p.balance.iter().filter(|b| b.weight > 0.0) {
        // Together sets matter to a column only when they hold two members of one value.
        let sets: Vec<Vec<usize>> = p
            .together
            .iter()
            .filter(|s| {
                let mut v: Vec<u32> = s.iter().map(|&i| b.value_of[i]).collect();
                v.sort_unstable();
                v.windows(2).any(|w| w[0] == w[1])
            })
            .cloned()
            .collect();
        let flow = column_bound(b, classes, p.population)?;
        let with_sets = (!sets.is_empty() && p.groups.count <= MAX_GROUPS_WITH_SETS)
            .then(|| {
                let sizes: Vec<usize> = classes
                    .iter()
                    .flat_map(|&(m, k)| std::iter::repeat_n(m, k))
                    .collect();
                ilp::balance::column_bound(b, &sizes, &sets, p.population, opts)
            })
            .flatten();
        total += b.weight * with_sets.unwrap_or(0.0).max(flow as f64);
    }
    Some(total)
}

/// The largest unweighted diversity reward any assignment can collect, or `None` when it
/// is not computed (large rosters, one-way members).
fn reward_bound(p: &Problem, classes: Option<&[(usize, usize)]>) -> Option<f64> {
    let d = &p.diversity.as_ref()?.distances;
    let n = p.n();
    if n > MAX_DIVERSE_PEOPLE || p.n_counting != n {
        return None;
    }
    let partners = p.groups.size_hi.saturating_sub(1).min(n.saturating_sub(1));
    let mut row = Vec::with_capacity(n);
    let mut star = 0.0;
    for i in 0..n {
        row.clear();
        row.extend((0..n).filter(|&j| j != i).map(|j| d.get(i, j).max(0.0)));
        star += largest_sum(&mut row, partners);
    }
    let star = star / 2.0;
    let Some(classes) = classes else {
        return Some(star);
    };
    let pairs: usize = classes
        .iter()
        .map(|&(m, k)| k * m * m.saturating_sub(1) / 2)
        .sum();
    let mut all: Vec<f64> = (0..n)
        .flat_map(|i| (i + 1..n).map(move |j| (i, j)))
        .map(|(i, j)| d.get(i, j).max(0.0))
        .collect();
    Some(star.min(largest_sum(&mut all, pairs)))
}

/// The sum of the `k` largest values (all of them when there are fewer).
fn largest_sum(values: &mut [f64], k: usize) -> f64 {
    if k == 0 {
        return 0.0;
    }
    if k < values.len() {
        values.select_nth_unstable_by(k - 1, |a, b| b.total_cmp(a));
    }
    values.iter().take(k).sum()
}

/// `(size, number of groups)` when the size rules fix the sizes.
fn size_classes(p: &Problem) -> Option<Vec<(usize, usize)>> {
    let (n, g) = (p.n(), p.groups.count);
    let (lo, hi) = (p.groups.size_lo, p.groups.size_hi);
    if g == 0 || hi < lo || hi - lo > 1 || n < g * lo || n > g * hi {
        return None;
    }
    let larger = if hi == lo { 0 } else { n - g * lo };
    Some(
        [(lo, g - larger), (hi, larger)]
            .into_iter()
            .filter(|&(_, k)| k > 0)
            .collect(),
    )
}

fn cost(unit: i64) -> Cost {
    let mut c = [0; LEVELS];
    c[0] = unit;
    c
}

/// The fewest total deviations of one column, or `None` when its caps cannot all hold.
fn column_bound(b: &Balance, sizes: &[(usize, usize)], population: usize) -> Option<i64> {
    let values = b.cohort.len();
    let (source, sink) = (0, 1 + values + sizes.len());
    let mut flow = Flow::new(sink + 1);
    let mut constant = 0i64;
    let mut arcs = Vec::new();
    for (v, &nv) in b.cohort.iter().enumerate() {
        flow.arc(source, 1 + v, nv as i64, cost(0));
        for (s, &(m, k)) in sizes.iter().enumerate() {
            let to = 1 + values + s;
            let num = nv * m;
            let (floor, ceil) = ((num / population) as i64, num.div_ceil(population) as i64);
            let cap = b.max_per_group.map_or(m as i64, |c| c as i64);
            let k = k as i64;
            constant += k * floor;
            // Up to the floor each unit removes a deviation, up to the ceiling it is free,
            // beyond it each unit adds one (segments of k identical groups, filled evenly).
            let segments = [
                (floor.min(cap), -1),
                ((ceil.min(cap) - floor).max(0), 0),
                ((cap - ceil).max(0), 1),
            ];
            for (width, unit) in segments {
                if width > 0 {
                    arcs.push((flow.arc(1 + v, to, k * width, cost(unit)), unit));
                }
            }
        }
    }
    for (s, &(m, k)) in sizes.iter().enumerate() {
        flow.arc(1 + values + s, sink, (m * k) as i64, cost(0));
    }
    let n: i64 = b.cohort.iter().map(|&c| c as i64).sum();
    if flow.run(source, sink, n) < n {
        return None;
    }
    Some(
        constant
            + arcs
                .iter()
                .map(|&(id, unit)| unit * flow.flow_on(id))
                .sum::<i64>(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::score::score;
    use crate::model::testing::problem;

    fn bound(p: &Problem) -> Option<f64> {
        let opts = IlpOptions {
            objective: true,
            time_limit: 60.0,
            seed: 1,
            max_nodes: 1_000,
        };
        lower_bound(p, &opts)
    }

    /// The best score over every split into groups of 3 that keeps `together` whole.
    fn brute_force(p: &Problem) -> f64 {
        let (n, g) = (p.n(), p.groups.count);
        let mut best = f64::INFINITY;
        for code in 0..g.pow(n as u32) {
            let mut group_of = vec![0; n];
            let mut c = code;
            for x in &mut group_of {
                *x = c % g;
                c /= g;
            }
            let mut groups = vec![Vec::new(); g];
            for (i, &k) in group_of.iter().enumerate() {
                groups[k].push(i);
            }
            let whole = p
                .together
                .iter()
                .all(|s| s.iter().all(|&i| group_of[i] == group_of[s[0]]));
            if whole && groups.iter().all(|m| m.len() == 3) {
                best = best.min(score(p, &groups).total);
            }
        }
        best
    }

    const SIZES: &str = "[groups]\nmin_size = 3\nmax_size = 3\n";

    /// With sizes fixed and one column, the bound is the optimum; a together set of two
    /// `x` forces a deviation that sizes alone do not.
    #[test]
    fn exact_for_one_column() {
        let column = "[[balance]]\ncolumn = \"c\"\nweight = 2\n";
        let cases = [
            (
                "id,c\na,x\nb,x\nc,x\nd,x\ne,x\nf,y\ng,y\nh,y\ni,y\n",
                "",
                0.0,
            ),
            ("id,c\na,x\nb,x\nc,y\nd,y\ne,z\nf,z\n", "", 0.0),
            (
                "id,c\na,x\nb,x\nc,y\nd,y\ne,z\nf,z\n",
                "[keep]\ntogether = [[\"a\", \"b\"]]\n",
                8.0,
            ),
            (
                "id,c\na,x\nb,x\nc,y\nd,y\ne,z\nf,z\n",
                "[keep]\ntogether = [[\"a\", \"c\"]]\n",
                0.0,
            ),
        ];
        for (roster, keep, want) in cases {
            let p = problem(&format!("{SIZES}{column}{keep}"), roster, "", None);
            assert_eq!(bound(&p), Some(want), "{roster}{keep}");
            assert_eq!(brute_force(&p), want, "{roster}{keep}");
        }
    }

    /// A cap no split can meet leaves the balance part out (the bound is then 0).
    #[test]
    fn impossible_caps_leave_balance_out() {
        let roster = "id,c\na,x\nb,x\nc,x\nd,y\ne,y\nf,y\n";
        let capped = format!("{SIZES}[[balance]]\ncolumn = \"c\"\nmax_per_group = 1\n");
        assert_eq!(bound(&problem(&capped, roster, "", None)), Some(0.0));
    }

    /// Three `x` and three `y` in two groups of 3: at most 6 pairs, each member has at most
    /// 2 partners, all at distance 1 at best, so the reward is at most 6; the best split
    /// reaches 4. The bound never exceeds the optimum.
    #[test]
    fn diversity_reward_is_bounded() {
        let diverse = format!(
            "{SIZES}[[balance]]\ncolumn = \"c\"\n[diversity]\ncolumns = [\"c\"]\nweight = 1\n"
        );
        let p = problem(&diverse, "id,c\na,x\nb,x\nc,x\nd,y\ne,y\nf,y\n", "", None);
        assert_eq!(bound(&p), Some(-6.0));
        assert_eq!(brute_force(&p), -4.0);
        let numeric = format!("{SIZES}[diversity]\ncolumns = [\"h\"]\nweight = 3\n");
        let roster = "id,h\na,1\nb,7\nc,2\nd,9\ne,4\nf,4\ng,10\nh,0\ni,5\n";
        let p = problem(&numeric, roster, "", None);
        let (lower, best) = (bound(&p).expect("a bound"), brute_force(&p));
        assert!(lower <= best + 1e-9 && lower > -1e9, "{lower} vs {best}");
    }
}

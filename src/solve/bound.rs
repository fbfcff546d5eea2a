//! A lower bound on the score found without solving the problem: each term's own bound
//! ([`SoftTerm::lower_bound`]: balance by a minimum-cost flow per column, diversity by the
//! largest distances), or the tighter one of its integer program where it has one
//! (`Encode::tighter_bound`: balance columns whose together sets hold two members of one
//! value), summed. Terms without a bound count 0, their least value.

use super::ilp::{Encode, IlpOptions};
use crate::model::problem::Problem;
use crate::model::terms::SoftTerm;

/// The bound, or `None` when a term (a diversity reward) cannot be bounded (a large
/// roster, or one-way members).
pub fn lower_bound(p: &Problem, opts: &IlpOptions) -> Option<f64> {
    let classes = size_classes(p);
    let sizes: Option<Vec<usize>> = classes.as_ref().map(|c| {
        c.iter()
            .flat_map(|&(m, k)| std::iter::repeat_n(m, k))
            .collect()
    });
    let mut total = 0.0;
    for t in &p.terms {
        let own = t.lower_bound(p, classes.as_deref())?;
        let tighter = sizes.as_deref().and_then(|s| t.tighter_bound(p, s, opts));
        total += tighter.map_or(own, |b| b.max(own));
    }
    Some(total)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::score::score;
    use crate::testing::problem;

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

    /// Numeric spreads: the cohort's spread less the widest gaps, one fewer than the groups.
    /// 1, 2, 3 | 10, 11, 12 splits at the gap of 7, so the bound 3 × (11 − 7) is the
    /// optimum; on an unevenly spread column it stays at or below it.
    #[test]
    fn spreads_are_bounded_by_the_widest_gaps() {
        let similar = format!("{SIZES}[[similar]]\ncolumn = \"h\"\nweight = 3\n");
        let p = problem(
            &similar,
            "id,h\na,1\nb,12\nc,3\nd,10\ne,2\nf,11\n",
            "",
            None,
        );
        assert_eq!(bound(&p), Some(12.0));
        assert_eq!(brute_force(&p), 12.0);
        let roster = "id,h\na,1\nb,7\nc,2\nd,9\ne,4\nf,4\ng,10\nh,0\ni,5\n";
        let p = problem(&similar, roster, "", None);
        let (lower, best) = (bound(&p).expect("a bound"), brute_force(&p));
        // Spread 10, widest gaps 2 and 2: at least 3 × 6; the best split costs more.
        assert_eq!(lower, 18.0);
        assert!(lower <= best + 1e-9, "{lower} vs {best}");
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

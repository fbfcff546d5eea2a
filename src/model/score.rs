//! The score (README: Config reference): one function, used by the solver, `check` and `report`.

use super::problem::Problem;
pub use super::terms::balance::balance_deviation;
pub use super::terms::similar::{largest_share, spread};
use super::terms::{PairScope, SoftTerm};

/// A score: the total and each component, in a fixed order.
#[derive(Debug, Clone, PartialEq)]
pub struct Score {
    /// Sum of the components.
    pub total: f64,
    /// `(name, value)`: `balance:COL`, `similar:COL`, `diversity`, `repeats`.
    pub components: Vec<(String, f64)>,
}

/// Component names in output order: one per term (see [`crate::model::terms`]).
pub fn component_names(p: &Problem) -> Vec<String> {
    p.terms.iter().map(SoftTerm::name).collect()
}

/// Adds one group's contribution to each component (in [`component_names`] order).
pub fn add_group(p: &Problem, members: &[usize], out: &mut [f64]) {
    add_group_terms(p, members, out, true);
}

/// [`add_group`], leaving out the pair parts (diversity, repeats) when `pairs` is false:
/// the search keeps those pair by pair.
pub fn add_group_terms(p: &Problem, members: &[usize], out: &mut [f64], pairs: bool) {
    for (k, t) in p.terms.iter().enumerate() {
        if t.reads_groups() {
            out[k] += t.group_cost(p, members);
        }
    }
    if pairs && p.has_pair_terms() {
        // Each pair term's sum over the group's pairs, then added once, as the search adds it.
        let mut sums = vec![0.0; p.terms.len()];
        for (x, &i) in members.iter().enumerate() {
            for &j in &members[x + 1..] {
                for (k, t) in p.terms.iter().enumerate() {
                    if t.pair_scope() != PairScope::None {
                        sums[k] += t.pair_cost(i, j);
                    }
                }
            }
        }
        for (k, t) in p.terms.iter().enumerate() {
            if t.pair_scope() != PairScope::None {
                out[k] += sums[k];
            }
        }
    }
}

/// The score of a whole grouping (groups as member indices).
pub fn score(p: &Problem, groups: &[Vec<usize>]) -> Score {
    let names = component_names(p);
    let mut values = vec![0.0; names.len()];
    for g in groups {
        add_group(p, g, &mut values);
    }
    // Tidy float noise such as -0.0 so outputs read cleanly.
    let values: Vec<f64> = values.into_iter().map(tidy).collect();
    Score {
        total: tidy(values.iter().sum()),
        components: names.into_iter().zip(values).collect(),
    }
}

/// Rounds to 9 decimals and turns -0 into 0.
pub fn tidy(x: f64) -> f64 {
    let r = (x * 1e9).round() / 1e9;
    if r == 0.0 {
        0.0
    } else {
        r
    }
}

/// Pairs in one group that met before: `(i, j, age)`.
pub fn repeated_pairs(p: &Problem, members: &[usize]) -> Vec<(usize, usize, u32)> {
    p.repeats().repeated_pairs(members)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{problem, HISTORY};

    #[test]
    fn deviation_matches_hand_computation() {
        // Cohort of 12 with 6 of a value, group of 4: target 2 exactly.
        assert_eq!(balance_deviation(2, 6, 4, 12), 0);
        assert_eq!(balance_deviation(4, 6, 4, 12), 2);
        assert_eq!(balance_deviation(0, 6, 4, 12), 2);
        // 5 of 12, group of 4: target 1.67 -> 1 or 2 are fine.
        assert_eq!(balance_deviation(1, 5, 4, 12), 0);
        assert_eq!(balance_deviation(2, 5, 4, 12), 0);
        assert_eq!(balance_deviation(3, 5, 4, 12), 1);
        assert_eq!(balance_deviation(0, 5, 4, 12), 1);
    }

    #[test]
    fn spread_of_values() {
        assert_eq!(spread([3.0, 7.5, 5.0].into_iter()), 4.5);
        assert_eq!(spread(std::iter::empty()), 0.0);
    }

    /// Six members: a, b, c are `x` and `N`; d, e, f are `S`, d is `y`, e and f have a
    /// blank `prof`.
    const ROSTER: &str = "\
id,prof,region,hours,lang,slots
a,x,N,10,en,14;15
b,x,N,12,en,15;16
c,x,N,20,fr,16
d,y,S,5,de,9;10
e,,S,5,fr,10
f,,S,8.5,,
";
    const SIZES: &str = "[groups]\nmin_size = 2\nmax_size = 4\n";
    /// The grouping most tests score: {a, b, c} and {d, e, f}.
    const ABC_DEF: &[&[&str]] = &[&["a", "b", "c"], &["d", "e", "f"]];

    /// The score of groups given by id, as `name=value` per component and then the total.
    /// Also checks that the total is the sum of the components.
    fn score_of(p: &Problem, groups: &[&[&str]]) -> Vec<String> {
        let groups: Vec<Vec<usize>> = groups
            .iter()
            .map(|g| {
                g.iter()
                    .map(|id| p.index_of(id).expect("a member"))
                    .collect()
            })
            .collect();
        let s = score(p, &groups);
        let sum: f64 = s.components.iter().map(|c| c.1).sum();
        assert_eq!(s.total, tidy(sum), "the total is the sum of the components");
        s.components
            .iter()
            .map(|(name, v)| format!("{name}={v}"))
            .chain([format!("total={}", s.total)])
            .collect()
    }

    #[test]
    fn balance_deviation_by_hand() {
        let toml = format!(
            "{SIZES}[[balance]]\ncolumn = \"prof\"\nweight = 2\n[[balance]]\ncolumn = \"region\"\n"
        );
        let p = problem(&toml, ROSTER, "", None);
        // N = 6. prof: x 3, y 1, blank 2 (a value of its own). region: N 3, S 3.
        // Groups of 3: targets x 1.5 -> [1, 2], y 0.5 -> [0, 1], blank 1, N and S 1.5 -> [1, 2].
        // prof {a,b,c} = x x x: x 3 > 2 -> 1, blank 0 < 1 -> 1; {d,e,f} = y - -: x 0 < 1 -> 1,
        // blank 2 > 1 -> 1. Deviation 4, weight 2 -> 8.
        // region: each group has 3 of one value and 0 of the other: 2 + 2 = 4, weight 1 -> 4.
        assert_eq!(
            score_of(&p, ABC_DEF),
            [
                "balance:prof=8",
                "balance:region=4",
                "repeats=0",
                "total=12"
            ]
        );
        // Groups of 2 and 4. m = 2: x t = 1, y 1/3 -> [0, 1], blank 2/3 -> [0, 1], N = S = 1;
        // m = 4: x t = 2, y 2/3 -> [0, 1], blank 4/3 -> [1, 2], N = S = 2.
        // prof {a,b} = x x: x 2 > 1 -> 1; {c,d,e,f} = x y - -: x 1 < 2 -> 1. 2 * 2 = 4.
        // region {a,b} = N N: 1 + 1; {c,d,e,f} = N S S S: 1 + 1. 4 * 1 = 4.
        assert_eq!(
            score_of(&p, &[&["a", "b"], &["c", "d", "e", "f"]]),
            ["balance:prof=4", "balance:region=4", "repeats=0", "total=8"]
        );
        // {a,d,e} = x y - / N S S and {b,c,f} = x x - / N N S: every count within its target.
        assert_eq!(
            score_of(&p, &[&["a", "d", "e"], &["b", "c", "f"]]),
            ["balance:prof=0", "balance:region=0", "repeats=0", "total=0"]
        );
    }

    #[test]
    fn similar_numeric_is_max_minus_min() {
        let toml = format!("{SIZES}[[similar]]\ncolumn = \"hours\"\nweight = 3\n");
        let p = problem(&toml, ROSTER, "", None);
        // {a,b,c}: 10, 12, 20 -> 10. {d,e,f}: 5, 5, 8.5 -> 3.5. (10 + 3.5) * 3 = 40.5.
        assert_eq!(
            score_of(&p, ABC_DEF),
            ["similar:hours=40.5", "repeats=0", "total=40.5"]
        );
    }

    #[test]
    fn similar_categorical_counts_members_outside_the_majority() {
        let toml = format!("{SIZES}[[similar]]\ncolumn = \"lang\"\nweight = 2\n");
        let p = problem(&toml, ROSTER, "", None);
        // {a,b,c}: en en fr -> 3 - 2 = 1. {d,e,f}: de fr (blank) -> 3 - 1 = 2. 3 * 2 = 6.
        assert_eq!(
            score_of(&p, ABC_DEF),
            ["similar:lang=6", "repeats=0", "total=6"]
        );
        // {a,b}: en en -> 0. {c,d,e,f}: fr de fr (blank) -> 4 - 2 = 2. 2 * 2 = 4.
        assert_eq!(
            score_of(&p, &[&["a", "b"], &["c", "d", "e", "f"]]),
            ["similar:lang=4", "repeats=0", "total=4"]
        );
    }

    #[test]
    fn similar_set_counts_members_outside_the_largest_sharing() {
        let toml = format!("{SIZES}[[similar]]\ncolumn = \"slots\"\nkind = \"set\"\nweight = 2\n");
        let p = problem(&toml, ROSTER, "", None);
        // {a,b,c}: 14;15 15;16 16 -> 15 or 16 shared by 2 -> 3 - 2 = 1.
        // {d,e,f}: 9;10 10 (none) -> 10 shared by 2 -> 3 - 2 = 1. 2 * 2 = 4.
        assert_eq!(
            score_of(&p, ABC_DEF),
            ["similar:slots=4", "repeats=0", "total=4"]
        );
        // {a,b}: 15 shared by both -> 0. {c,d,e,f}: 10 shared by d, e -> 4 - 2 = 2. 2 * 2 = 4.
        assert_eq!(
            score_of(&p, &[&["a", "b"], &["c", "d", "e", "f"]]),
            ["similar:slots=4", "repeats=0", "total=4"]
        );
    }

    /// Four eligible members and z, excluded, whose age lies outside their range.
    const AGES: &str = "\
id,status,prof,age
a,,x,20
b,,x,30
c,,y,40
d,,y,60
z,inactive,y,100
";

    #[test]
    fn diversity_gower_by_hand() {
        let toml = "[groups]\nmin_size = 1\nmax_size = 3\n\
                    [diversity]\ncolumns = [\"prof\", \"age\"]\nweight = 4\n";
        let p = problem(toml, AGES, "", None);
        // age range over the cohort (z excluded): 60 - 20 = 40.
        // d(a,b) = (0 + 10/40) / 2 = 0.125; d(a,c) = (1 + 20/40) / 2 = 0.75;
        // d(b,c) = (1 + 10/40) / 2 = 0.625. {a,b,c}: 1.5, {d}: no pair. -4 * 1.5 = -6.
        assert_eq!(
            score_of(&p, &[&["a", "b", "c"], &["d"]]),
            ["diversity=-6", "repeats=0", "total=-6"]
        );
        // d(a,b) = 0.125; d(c,d) = (0 + 20/40) / 2 = 0.25. -4 * 0.375 = -1.5.
        assert_eq!(
            score_of(&p, &[&["a", "b"], &["c", "d"]]),
            ["diversity=-1.5", "repeats=0", "total=-1.5"]
        );
    }

    #[test]
    fn diversity_from_a_distances_file() {
        let toml = "[groups]\nmin_size = 1\nmax_size = 3\n\
                    [diversity]\ndistances = \"distances.csv\"\nweight = 2\n";
        // Either order of a pair counts; b-c is absent (0); z is excluded.
        let distances = "a,b,distance\na,b,3\nc,a,1.5\na,d,10\nz,a,7\n";
        let p = problem(toml, AGES, "", Some(distances));
        // {a,b,c}: 3 + 1.5 + 0 = 4.5; {d}: no pair. -2 * 4.5 = -9.
        assert_eq!(
            score_of(&p, &[&["a", "b", "c"], &["d"]]),
            ["diversity=-9", "repeats=0", "total=-9"]
        );
        // {a,d}: 10; {b,c}: 0. -2 * 10 = -20.
        assert_eq!(
            score_of(&p, &[&["a", "d"], &["b", "c"]]),
            ["diversity=-20", "repeats=0", "total=-20"]
        );
    }

    #[test]
    fn repeats_decay_with_age() {
        // {a,b,c}: a-b age 1, a-c age 2. {d,e,f}: d-f age 1, e-f age 3.
        // weight 8, decay 0.5 (the default): 8 + 4 + 8 + 2 = 22.
        let p = problem(
            &format!("{SIZES}[repeats]\nweight = 8\n"),
            ROSTER,
            HISTORY,
            None,
        );
        assert_eq!(score_of(&p, ABC_DEF), ["repeats=22", "total=22"]);
        // decay 0.25: 8 + 2 + 8 + 0.5 = 18.5.
        let toml = format!("{SIZES}[repeats]\nweight = 8\ndecay = 0.25\n");
        let p = problem(&toml, ROSTER, HISTORY, None);
        assert_eq!(score_of(&p, ABC_DEF), ["repeats=18.5", "total=18.5"]);
    }

    #[test]
    fn repeats_ignore_cycles_beyond_lookback() {
        // lookback 2 keeps c2 and c3: e-f (met only in c1) no longer counts: 8 + 4 + 8 = 20.
        let toml = format!("{SIZES}[repeats]\nweight = 8\nlookback = 2\n");
        let p = problem(&toml, ROSTER, HISTORY, None);
        assert_eq!(score_of(&p, ABC_DEF), ["repeats=20", "total=20"]);
        // lookback 1 keeps c3 only: a-b and d-f, 8 + 8 = 16.
        let toml = format!("{SIZES}[repeats]\nweight = 8\nlookback = 1\n");
        let p = problem(&toml, ROSTER, HISTORY, None);
        assert_eq!(score_of(&p, ABC_DEF), ["repeats=16", "total=16"]);
    }

    #[test]
    fn one_way_members_count_in_every_component() {
        let toml = "[groups]\nmin_size = 2\nmax_size = 2\n\
                    [roles.probation]\nmax_per_group = 1\ncounts_toward_size = false\n\
                    [[balance]]\ncolumn = \"prof\"\n\
                    [[similar]]\ncolumn = \"hours\"\n\
                    [diversity]\ncolumns = [\"prof\"]\n";
        let roster = "id,role,prof,hours\na,,x,10\nb,,y,10\nc,,x,20\nd,,y,20\np,probation,z,40\n";
        let history = "cycle,group,member_id\nc1,G1,a\nc1,G1,b\nc1,G1,p\nc1,G2,c\nc1,G2,d\n";
        let p = problem(toml, roster, history, None);
        // Groups {a,c,p} and {b,d}; p is one of the N = 5 (x 2, y 2, z 1).
        // balance, m = 3: x t = 1.2 -> [1, 2], c 2: 0; y t = 1.2, c 0: 1; z t = 0.6, c 1: 0.
        //          m = 2: x t = 0.8 -> [0, 1], c 0: 0; y c 2: 1; z t = 0.4, c 0: 0. Total 2
        //          (without p it would be 4).
        // similar: {10, 20, 40} -> 30, {10, 20} -> 10: 40.
        // diversity: a-c 0, a-p 1, c-p 1, b-d 0: -2.
        // repeats: a-p met in c1 (age 1): 1.
        assert_eq!(
            score_of(&p, &[&["a", "c", "p"], &["b", "d"]]),
            [
                "balance:prof=2",
                "similar:hours=40",
                "diversity=-2",
                "repeats=1",
                "total=41"
            ]
        );
    }

    #[test]
    fn total_is_the_sum_of_all_components() {
        let toml = format!(
            "{SIZES}[[balance]]\ncolumn = \"prof\"\nweight = 2\n\
             [[similar]]\ncolumn = \"hours\"\nweight = 3\n\
             [[similar]]\ncolumn = \"lang\"\nweight = 2\n\
             [[similar]]\ncolumn = \"slots\"\nkind = \"set\"\nweight = 2\n\
             [diversity]\ncolumns = [\"lang\"]\n\
             [repeats]\nweight = 8\n"
        );
        let p = problem(&toml, ROSTER, HISTORY, None);
        // The cases above: balance 8, hours 40.5, lang 6, slots 4, repeats 22.
        // diversity on lang: {a,b,c} en en fr -> 0 + 1 + 1; {d,e,f} de fr (blank) -> 3. -5.
        // 8 + 40.5 + 6 + 4 - 5 + 22 = 75.5.
        assert_eq!(
            score_of(&p, ABC_DEF),
            [
                "balance:prof=8",
                "similar:hours=40.5",
                "similar:lang=6",
                "similar:slots=4",
                "diversity=-5",
                "repeats=22",
                "total=75.5"
            ]
        );
    }
}

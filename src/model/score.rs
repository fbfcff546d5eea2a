//! The score (spec §4.2): one function, used by the solver, `check` and `report`.

use super::problem::{Problem, SimilarData};

/// A score: the total and each component, in a fixed order.
#[derive(Debug, Clone, PartialEq)]
pub struct Score {
    /// Sum of the components.
    pub total: f64,
    /// `(name, value)`: `balance:COL`, `similar:COL`, `diversity`, `repeats`.
    pub components: Vec<(String, f64)>,
}

/// Component names in output order.
pub fn component_names(p: &Problem) -> Vec<String> {
    let mut names: Vec<String> = p
        .balance
        .iter()
        .map(|b| format!("balance:{}", b.column))
        .collect();
    names.extend(p.similar.iter().map(|s| format!("similar:{}", s.column)));
    if p.diversity.is_some() {
        names.push("diversity".into());
    }
    names.push("repeats".into());
    names
}

/// Balance deviation of one value: count `c` against target `n_v·m/N`.
pub fn balance_deviation(c: usize, cohort: usize, m: usize, n: usize) -> usize {
    let num = cohort * m;
    let (floor, ceil) = (num / n, num.div_ceil(n));
    c.saturating_sub(ceil) + floor.saturating_sub(c)
}

/// Spread (max − min) of some numbers; 0 for none.
pub fn spread(values: impl Iterator<Item = f64>) -> f64 {
    let (lo, hi) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), x| {
        (a.min(x), b.max(x))
    });
    if hi >= lo {
        hi - lo
    } else {
        0.0
    }
}

/// Largest number of members sharing one category value or set element, and that element.
pub fn largest_share(data: &SimilarData, members: &[usize]) -> (usize, Option<u32>) {
    let mut counts: Vec<(u32, usize)> = Vec::new();
    let mut bump = |e: u32| match counts.iter_mut().find(|(k, _)| *k == e) {
        Some(c) => c.1 += 1,
        None => counts.push((e, 1)),
    };
    for &i in members {
        match data {
            SimilarData::Categorical { value_of, .. } => bump(value_of[i]),
            SimilarData::Set { sets, .. } => sets[i].iter().for_each(|&e| bump(e)),
            SimilarData::Numeric { .. } => {}
        }
    }
    // Highest count; on ties the smallest element, so the answer is deterministic.
    counts
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
        .map_or((0, None), |(e, c)| (c, Some(e)))
}

/// Adds one group's contribution to each component (in [`component_names`] order).
pub fn add_group(p: &Problem, members: &[usize], out: &mut [f64]) {
    add_group_terms(p, members, out, true);
}

/// [`add_group`], leaving out the pair components (diversity, repeats) when `pairs` is
/// false: the search keeps those pair by pair.
pub fn add_group_terms(p: &Problem, members: &[usize], out: &mut [f64], pairs: bool) {
    let n = p.n();
    let m = members.len();
    let mut k = 0;
    for b in &p.balance {
        let mut counts = vec![0usize; b.values.len()];
        for &i in members {
            counts[b.value_of[i] as usize] += 1;
        }
        let dev: usize = counts
            .iter()
            .zip(&b.cohort)
            .map(|(&c, &nv)| balance_deviation(c, nv, m, n))
            .sum();
        out[k] += b.weight * dev as f64;
        k += 1;
    }
    for s in &p.similar {
        let cost = match &s.data {
            SimilarData::Numeric { values, .. } => spread(members.iter().map(|&i| values[i])),
            data => (m - largest_share(data, members).0) as f64,
        };
        out[k] += s.weight * cost;
        k += 1;
    }
    let (mut div, mut rep) = (0.0, 0.0);
    if pairs && p.has_pair_terms() {
        for (x, &i) in members.iter().enumerate() {
            for &j in &members[x + 1..] {
                let (d, r) = p.pair_cost(i, j);
                div += d;
                rep += r;
            }
        }
    }
    if p.diversity.is_some() {
        out[k] += div;
        k += 1;
    }
    out[k] += rep;
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
    let mut out = Vec::new();
    for (x, &i) in members.iter().enumerate() {
        for &j in &members[x + 1..] {
            if let Some(a) = p.repeats.age(i, j) {
                out.push((i.min(j), i.max(j), a));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

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
}

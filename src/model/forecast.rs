//! How many more cycles can run without a repeated pair (README: The history: list, drop, forecast): a
//! proven upper bound from counting partners.
//!
//! In a cycle every member shares a group with at least `size_lo − 1` others. A cycle
//! without a repeat gives each of them partners they have not met (within lookback), and
//! partners a hard rule keeps apart never count: `[keep] apart`, `max_spread`, a role or
//! balance cap of one, `require_common` on disjoint sets. A member's partners kept
//! together by `[keep] together` meet every cycle by rule; they are not counted as repeats
//! and take up places the fresh partners then need not fill. With a lookback, a pair met
//! at age `a` may meet again without a repeat from the future cycle `lookback − a + 2` on;
//! the bound stops there (`None`) once planned meetings could themselves age out.

use super::problem::{Problem, SimilarData};
use std::collections::HashSet;

/// Pair checks done exactly; beyond this the bound counts every partner within the first
/// `max_spread` window as eligible (still an upper bound, only weaker).
const MAX_PAIR_CHECKS: usize = 5_000_000;

/// The forecast of a roster and its history.
#[derive(Debug, Clone, PartialEq)]
pub struct Forecast {
    /// At most this many more cycles without a repeated pair; `None` when no member runs
    /// out of partners before old meetings leave the lookback.
    pub rounds: Option<usize>,
    /// Each member's own bound (`None`: no bound).
    pub per_member: Vec<Option<usize>>,
    /// The members whose bound is [`Forecast::rounds`], in roster order.
    pub first_out: Vec<usize>,
    /// Group-mates each member has at least, per cycle (`size_lo − 1`).
    pub mates_per_cycle: usize,
    /// The hard rules that keep pairs apart, as `max_spread = 12 on hours`.
    pub rules: Vec<String>,
}

/// Why two members may never share a group under the hard rules.
struct Apart<'a> {
    p: &'a Problem,
    kept_apart: Vec<HashSet<u32>>,
    spreads: Vec<(&'a [f64], f64)>,
    commons: Vec<&'a [Vec<u32>]>,
}

impl<'a> Apart<'a> {
    fn new(p: &'a Problem) -> Self {
        let mut kept_apart = vec![HashSet::new(); p.n()];
        for set in &p.apart {
            for &i in set {
                kept_apart[i].extend(set.iter().filter(|&&j| j != i).map(|&j| j as u32));
            }
        }
        let spreads = (p.similar())
            .filter_map(|s| match &s.data {
                SimilarData::Numeric {
                    values,
                    max_spread: Some(cap),
                } => Some((values.as_slice(), *cap)),
                _ => None,
            })
            .collect();
        let commons = (p.similar())
            .filter_map(|s| match &s.data {
                SimilarData::Set {
                    sets,
                    require_common: true,
                    ..
                } => Some(sets.as_slice()),
                _ => None,
            })
            .collect();
        Apart {
            p,
            kept_apart,
            spreads,
            commons,
        }
    }

    /// Whether `i` and `j` may share a group.
    fn may_meet(&self, i: usize, j: usize) -> bool {
        let p = self.p;
        let role_cap = |i: usize| {
            p.members[i]
                .role_index
                .and_then(|r| p.roles[r].max_per_group)
        };
        let same_role_capped =
            p.members[i].role_index.is_some() && p.members[i].role_index == p.members[j].role_index;
        i != j
            && !self.kept_apart[i].contains(&(j as u32))
            && (!same_role_capped || role_cap(i).is_none_or(|c| c > 1))
            && !p
                .balance()
                .any(|b| b.max_per_group.is_some_and(|c| c <= 1) && b.value_of[i] == b.value_of[j])
            && self
                .spreads
                .iter()
                .all(|&(v, cap)| (v[i] - v[j]).abs() <= cap + 1e-9)
            && self
                .commons
                .iter()
                .all(|sets| sets[i].iter().any(|e| sets[j].binary_search(e).is_ok()))
    }

    /// The rules that keep some pairs apart, for the report.
    fn names(&self) -> Vec<String> {
        let p = self.p;
        let mut out = Vec::new();
        for s in p.similar() {
            match &s.data {
                SimilarData::Numeric {
                    max_spread: Some(cap),
                    ..
                } => out.push(format!("max_spread = {cap} on {}", s.column)),
                SimilarData::Set {
                    require_common: true,
                    ..
                } => out.push(format!("require_common on {}", s.column)),
                _ => {}
            }
        }
        for b in p.balance() {
            if b.max_per_group.is_some_and(|c| c <= 1) {
                out.push(format!("max_per_group = 1 on {}", b.column));
            }
        }
        for r in &p.roles {
            if r.max_per_group.is_some_and(|c| c <= 1) {
                out.push(format!("at most one {} per group", r.name));
            }
        }
        if !p.apart.is_empty() {
            out.push("[keep] apart".into());
        }
        out
    }
}

/// Each member's meetings (partner, age in cycles) after the cycle `latest`, within
/// `lookback`.
fn met_after(p: &Problem, latest: &[Vec<usize>], lookback: Option<u32>) -> Vec<Vec<(u32, u32)>> {
    let shift = u32::from(!latest.is_empty());
    let mut met: Vec<Vec<(u32, u32)>> = (0..p.n())
        .map(|i| {
            (p.repeats().met.get(i).into_iter().flatten())
                .map(|&(j, a)| (j, a.saturating_add(shift)))
                .filter(|&(_, a)| lookback.is_none_or(|l| a <= l))
                .collect()
        })
        .collect();
    for g in latest {
        for &i in g {
            for &j in g.iter().filter(|&&j| j != i) {
                met[i].retain(|&(k, _)| k != j as u32);
                met[i].push((j as u32, 1));
            }
        }
    }
    met
}

/// How many more cycles a member who needs `need` new partners per cycle can have with no
/// repeat, with `fresh` partners never met and met partners coming back at the cycles of
/// `returns` (sorted); `None` when lookback lets meetings age out before that bound binds.
fn rounds_for(need: usize, fresh: usize, returns: &[u32], lookback: Option<u32>) -> Option<usize> {
    // Planned meetings may age out after lookback + 1 cycles: no bound past that.
    let horizon = lookback.map_or(usize::MAX, |l| l as usize + 1);
    let mut r = 0usize;
    loop {
        let next = r + 1;
        if next > horizon {
            break;
        }
        let back = returns.partition_point(|&t| t as usize <= next);
        if next * need > fresh + back {
            break;
        }
        r = next;
    }
    (r < horizon).then_some(r)
}

/// The forecast for `p` (built with the history), after the cycle `latest` (its groups of
/// member indices; empty when `p`'s history already holds every cycle). `lookback` is the
/// config's `repeats.lookback`.
pub fn forecast(p: &Problem, latest: &[Vec<usize>], lookback: Option<u32>) -> Forecast {
    let n = p.n();
    let met = met_after(p, latest, lookback);
    let mut together = vec![0usize; n];
    let mut with: Vec<HashSet<u32>> = vec![HashSet::new(); n];
    for set in &p.together {
        for &i in set {
            together[i] = set.len() - 1;
            with[i].extend(set.iter().map(|&j| j as u32));
        }
    }
    let apart = Apart::new(p);
    let mates = p.groups.size_lo.saturating_sub(1);
    // Candidates: the window of the first max_spread column around each member.
    let mut order: Vec<usize> = (0..n).collect();
    let first = apart.spreads.first().copied();
    if let Some((v, _)) = first {
        order.sort_by(|&a, &b| v[a].total_cmp(&v[b]).then(a.cmp(&b)));
    }
    let window = |i: usize| -> (usize, usize) {
        match first {
            None => (0, n),
            Some((v, cap)) => (
                order.partition_point(|&k| v[k] < v[i] - cap - 1e-9),
                order.partition_point(|&k| v[k] <= v[i] + cap + 1e-9),
            ),
        }
    };
    let checks: usize = (0..n).map(|i| window(i).1 - window(i).0).sum();
    let exact = checks <= MAX_PAIR_CHECKS;
    let mut per_member = Vec::with_capacity(n);
    for i in 0..n {
        let need = mates.saturating_sub(together[i]);
        if need == 0 {
            per_member.push(None);
            continue;
        }
        let (lo, hi) = window(i);
        let seen: HashSet<u32> = met[i].iter().map(|&(j, _)| j).collect();
        let fresh = if exact {
            order[lo..hi]
                .iter()
                .filter(|&&j| {
                    !with[i].contains(&(j as u32))
                        && !seen.contains(&(j as u32))
                        && apart.may_meet(i, j)
                })
                .count()
        } else {
            let in_window =
                |j: usize| first.is_none_or(|(v, cap)| (v[i] - v[j]).abs() <= cap + 1e-9);
            let seen_in = seen.iter().filter(|&&j| in_window(j as usize)).count();
            (hi - lo).saturating_sub(1 + seen_in)
        };
        // The cycle from which each met partner may be met again without a repeat.
        let mut returns: Vec<u32> = met[i]
            .iter()
            .filter(|&&(j, _)| !with[i].contains(&j) && apart.may_meet(i, j as usize))
            .filter_map(|&(_, a)| lookback.map(|l| l.saturating_sub(a) + 2))
            .collect();
        returns.sort_unstable();
        per_member.push(rounds_for(need, fresh, &returns, lookback));
    }
    let rounds = per_member.iter().flatten().copied().min();
    let first_out = (0..n)
        .filter(|&i| rounds.is_some() && per_member[i] == rounds)
        .collect();
    Forecast {
        rounds,
        per_member,
        first_out,
        mates_per_cycle: mates,
        rules: apart.names(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::problem;

    const TOML: &str = "[groups]\nmin_size = 3\nmax_size = 3\n";

    #[test]
    fn nine_in_threes_have_four_cycles() {
        let roster = "id\n1\n2\n3\n4\n5\n6\n7\n8\n9\n";
        let p = problem(TOML, roster, "", None);
        let f = forecast(&p, &[], None);
        assert_eq!(f.rounds, Some(4));
        assert_eq!(f.first_out.len(), 9);
        // After one cycle, three more.
        let latest = vec![vec![0, 1, 2], vec![3, 4, 5], vec![6, 7, 8]];
        assert_eq!(forecast(&p, &latest, None).rounds, Some(3));
        // With a lookback of one cycle, meetings leave it at once: no bound.
        assert_eq!(forecast(&p, &latest, Some(1)).rounds, None);
    }

    #[test]
    fn a_spread_cap_narrows_partners() {
        let roster = "id,h\n1,1\n2,1\n3,1\n4,1\n5,1\n6,9\n7,9\n8,9\n9,9\n";
        let toml = format!("{TOML}[[similar]]\ncolumn = \"h\"\nmax_spread = 2\n");
        let p = problem(&toml, roster, "", None);
        let f = forecast(&p, &[], None);
        // Those at 9 have three possible partners: one cycle.
        assert_eq!(f.rounds, Some(1));
        assert_eq!(f.first_out, vec![5, 6, 7, 8]);
        assert_eq!(f.per_member[0], Some(2));
        assert_eq!(f.rules, vec!["max_spread = 2 on h".to_string()]);
    }
}

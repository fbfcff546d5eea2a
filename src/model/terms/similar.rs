//! Similarity (`[[similar]]`): group-mates alike on one column. A numeric column costs its
//! spread (max − min) in a group, with the hard cap `max_spread`; a categorical or set
//! column costs the members outside the largest sharing of one value or element, with the
//! hard rule `require_common` (every group shares an element).

use super::{largest_sum, tally, Restriction, SoftTerm};
use crate::model::problem::Problem;
use crate::model::rules::{ids, Violation};

/// The data of a similar column.
#[derive(Debug, Clone, PartialEq)]
pub enum SimilarData {
    /// Numbers per member, with the hard cap on spread.
    Numeric {
        /// Value of each member.
        values: Vec<f64>,
        /// Hard cap on max − min.
        max_spread: Option<f64>,
    },
    /// Category index per member.
    Categorical {
        /// Value index of each member.
        value_of: Vec<u32>,
        /// Value labels.
        values: Vec<String>,
    },
    /// Element indices per member (sorted, distinct).
    Set {
        /// Elements of each member.
        sets: Vec<Vec<u32>>,
        /// Element labels.
        elements: Vec<String>,
        /// Each member's elements as the bits of one word, when there are at most 64
        /// elements (else empty): the search counts shares word-wide.
        masks: Vec<u64>,
        /// Hard: every group shares an element.
        require_common: bool,
    },
}

impl SimilarData {
    /// A set column's data, with its word-wide form when it has at most 64 elements.
    pub fn set(sets: Vec<Vec<u32>>, elements: Vec<String>, require_common: bool) -> Self {
        let masks = if elements.len() <= 64 {
            (sets.iter())
                .map(|s| s.iter().fold(0, |m, &e| m | 1u64 << e))
                .collect()
        } else {
            Vec::new()
        };
        SimilarData::Set {
            sets,
            elements,
            masks,
            require_common,
        }
    }
}

/// A similar column.
#[derive(Debug, Clone, PartialEq)]
pub struct Similar {
    /// Column name.
    pub column: String,
    /// Weight.
    pub weight: f64,
    /// Data.
    pub data: SimilarData,
}

/// Alikeness of a group on one similar column.
#[derive(Debug, Clone, PartialEq)]
pub enum Alike {
    /// Numeric column: smallest and largest value.
    Range {
        /// Smallest value.
        min: f64,
        /// Largest value.
        max: f64,
    },
    /// Categorical or set column: the most shared value or element and how many share it.
    Shared {
        /// The value or element (none for an empty group).
        value: Option<String>,
        /// Members sharing it.
        count: usize,
    },
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

/// Largest number of members sharing one category value or set element, and that element
/// (on ties the smallest, so the answer is deterministic).
pub fn largest_share(data: &SimilarData, members: &[usize]) -> (usize, Option<u32>) {
    let most = |counts: &[usize], seen: &[usize]| {
        let mut best: (usize, Option<u32>) = (0, None);
        for &e in seen {
            let (c, e) = (counts[e], e as u32);
            if c > best.0 || (c == best.0 && best.1.is_some_and(|b| e < b)) {
                best = (c, Some(e));
            }
        }
        best
    };
    match data {
        SimilarData::Categorical { value_of, values } => {
            let seen = members.iter().map(|&i| value_of[i] as usize);
            tally(values.len(), seen, most)
        }
        SimilarData::Set { masks, .. } if !masks.is_empty() => {
            largest_share_of_words(members.iter().map(|&i| masks[i]))
        }
        SimilarData::Set { sets, elements, .. } => {
            let seen = members.iter().flat_map(|&i| sets[i].iter().map(|&e| e as usize));
            tally(elements.len(), seen, most)
        }
        SimilarData::Numeric { .. } => (0, None),
    }
}

/// [`largest_share`] of members whose elements are the bits of one word each. The counts
/// are added bit-sliced (word k holds bit k of every element's count, added with carries),
/// then the highest count is read from the top word down, keeping the elements that reach
/// it; the lowest of them is the smallest element.
fn largest_share_of_words(words: impl Iterator<Item = u64>) -> (usize, Option<u32>) {
    let mut planes = [0u64; usize::BITS as usize];
    let (mut used, mut any) = (0, 0u64);
    for w in words {
        any |= w;
        let (mut carry, mut k) = (w, 0);
        while carry != 0 {
            let next = planes[k] & carry;
            planes[k] ^= carry;
            carry = next;
            k += 1;
        }
        used = used.max(k);
    }
    if any == 0 {
        return (0, None);
    }
    let (mut reach, mut count) = (any, 0);
    for k in (0..used).rev() {
        let top = reach & planes[k];
        if top != 0 {
            (reach, count) = (top, count | 1 << k);
        }
    }
    (count, Some(reach.trailing_zeros()))
}

/// A break of a similar column's hard rule in one group.
enum Break {
    /// `(spread, cap, the cohort's range)`.
    Spread(f64, f64, f64),
    /// `(largest share, group size)`.
    Common(usize, usize),
}

impl Similar {
    /// The unweighted cost of one group.
    pub fn cost(&self, members: &[usize]) -> f64 {
        match &self.data {
            SimilarData::Numeric { values, .. } => spread(members.iter().map(|&i| values[i])),
            data => (members.len() - largest_share(data, members).0) as f64,
        }
    }

    /// How alike the group is (for `report`).
    pub fn alike(&self, members: &[usize]) -> Alike {
        match &self.data {
            SimilarData::Numeric { .. } if members.is_empty() => Alike::Range { min: 0.0, max: 0.0 },
            SimilarData::Numeric { values, .. } => {
                let (min, max) = (members.iter().map(|&i| values[i]))
                    .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), x| {
                        (a.min(x), b.max(x))
                    });
                Alike::Range { min, max }
            }
            data => {
                let (count, e) = largest_share(data, members);
                let label = |e: u32| match data {
                    SimilarData::Categorical { values, .. } => values[e as usize].clone(),
                    SimilarData::Set { elements, .. } => elements[e as usize].clone(),
                    SimilarData::Numeric { .. } => String::new(),
                };
                Alike::Shared {
                    value: e.map(label),
                    count,
                }
            }
        }
    }

    fn broken(&self, members: &[usize]) -> Option<Break> {
        match &self.data {
            SimilarData::Numeric {
                values,
                max_spread: Some(cap),
            } => {
                let sp = spread(members.iter().map(|&i| values[i]));
                // The cohort's range is read only for a break: this runs in the search.
                (sp > cap + 1e-9)
                    .then(|| Break::Spread(sp, *cap, spread(values.iter().copied()).max(1e-9)))
            }
            data @ SimilarData::Set {
                require_common: true,
                ..
            } => {
                let share = largest_share(data, members).0;
                (share < members.len()).then_some(Break::Common(share, members.len()))
            }
            _ => None,
        }
    }
}

impl SoftTerm for Similar {
    fn name(&self) -> String {
        format!("similar:{}", self.column)
    }

    fn reads_groups(&self) -> bool {
        true
    }

    fn group_cost(&self, _p: &Problem, members: &[usize]) -> f64 {
        self.weight * self.cost(members)
    }

    fn penalty(&self, _p: &Problem, members: &[usize]) -> f64 {
        match self.broken(members) {
            Some(Break::Spread(sp, cap, range)) => 1.0 + (sp - cap) / range,
            Some(Break::Common(share, m)) => (m - share) as f64,
            None => 0.0,
        }
    }

    fn violations(&self, p: &Problem, members: &[usize], label: &str) -> Vec<Violation> {
        let (rule, message) = match self.broken(members) {
            Some(Break::Spread(sp, cap, _)) => (
                "max_spread",
                format!("{} spreads {sp} (max − min); max_spread is {cap}", self.column),
            ),
            Some(Break::Common(share, m)) => (
                "require_common",
                format!(
                    "no {} element is shared by all {m} members (at most {share} share one)",
                    self.column
                ),
            ),
            None => return Vec::new(),
        };
        vec![Violation::in_group(rule, label, ids(p, members), message)]
    }

    /// A numeric column: the groups' ranges of values together cover every member's value,
    /// and `count` ranges leave out at most `count − 1` of the gaps between neighbouring
    /// values, so the spreads add up to at least the cohort's spread less its `count − 1`
    /// widest gaps. Other kinds: 0.
    fn lower_bound(&self, p: &Problem, _sizes: Option<&[(usize, usize)]>) -> Option<f64> {
        let SimilarData::Numeric { values, .. } = &self.data else {
            return Some(0.0);
        };
        if self.weight <= 0.0 {
            return Some(0.0);
        }
        let mut sorted = values.clone();
        sorted.sort_by(f64::total_cmp);
        let mut gaps: Vec<f64> = sorted.windows(2).map(|w| w[1] - w[0]).collect();
        let left_out = largest_sum(&mut gaps, p.groups.count.saturating_sub(1));
        Some(self.weight * (spread(sorted.into_iter()) - left_out).max(0.0))
    }

    fn ceiling(&self, p: &Problem, _pairs: f64) -> f64 {
        match &self.data {
            SimilarData::Numeric { values, .. } => {
                self.weight * p.groups.count as f64 * spread(values.iter().copied())
            }
            _ => self.weight * p.n() as f64,
        }
    }

    fn weight_mut(&mut self) -> &mut f64 {
        &mut self.weight
    }

    fn restrict(&self, r: &Restriction) -> Self {
        let data = match &self.data {
            SimilarData::Numeric { values, max_spread } => SimilarData::Numeric {
                values: r.pick(values),
                max_spread: *max_spread,
            },
            SimilarData::Categorical { value_of, values } => SimilarData::Categorical {
                value_of: r.pick(value_of),
                values: values.clone(),
            },
            SimilarData::Set {
                sets,
                elements,
                require_common,
                ..
            } => SimilarData::set(r.pick(sets), elements.clone(), *require_common),
        };
        Similar {
            column: self.column.clone(),
            weight: self.weight,
            data,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    /// The word-wide count of shares agrees with the count by element (the form used past
    /// 64 elements), count and tie-break alike, on random sets and groups.
    #[test]
    fn word_wide_shares_agree_with_counting_elements() {
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        for round in 0..200 {
            let width = [1, 5, 24, 63, 64][round % 5];
            let sets: Vec<Vec<u32>> = (0..40)
                .map(|_| {
                    let mut s: Vec<u32> = (0..rng.gen_range(0..6))
                        .map(|_| rng.gen_range(0..width))
                        .collect();
                    s.sort_unstable();
                    s.dedup();
                    s
                })
                .collect();
            let elements: Vec<String> = (0..width).map(|e| e.to_string()).collect();
            let words = SimilarData::set(sets.clone(), elements.clone(), false);
            let by_element = SimilarData::Set {
                sets,
                elements,
                masks: Vec::new(),
                require_common: false,
            };
            let members: Vec<usize> = (0..rng.gen_range(0..40)).map(|_| rng.gen_range(0..40)).collect();
            assert_eq!(
                largest_share(&words, &members),
                largest_share(&by_element, &members),
                "round {round}"
            );
        }
    }
}

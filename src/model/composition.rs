//! What one group is made of, for `report`: counts per balance value, alikeness per similar
//! column, diversity and the group's own share of the score.

use super::problem::{Problem, SimilarData};
use super::score::{add_group, component_names, largest_share, tidy};

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

/// One group's composition.
#[derive(Debug, Clone, PartialEq)]
pub struct Composition {
    /// Per balance column: `(value, count)` for each value present, in cohort value order.
    pub balance: Vec<Vec<(String, usize)>>,
    /// Per similar column.
    pub similar: Vec<Alike>,
    /// Mean distance of the group's pairs, when diversity is configured.
    pub diversity: Option<f64>,
    /// The group's share of each score component (in [`component_names`] order).
    pub score: Vec<(String, f64)>,
}

/// The composition of one group (member indices).
pub fn composition(p: &Problem, members: &[usize]) -> Composition {
    let balance = p
        .balance
        .iter()
        .map(|b| {
            let mut counts = vec![0usize; b.values.len()];
            for &i in members {
                counts[b.value_of[i] as usize] += 1;
            }
            b.values
                .iter()
                .zip(counts)
                .filter(|(_, c)| *c > 0)
                .map(|(v, c)| (v.clone(), c))
                .collect()
        })
        .collect();
    let similar = p
        .similar
        .iter()
        .map(|s| match &s.data {
            SimilarData::Numeric { values, .. } => {
                let (min, max) = members
                    .iter()
                    .map(|&i| values[i])
                    .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), x| {
                        (a.min(x), b.max(x))
                    });
                if members.is_empty() {
                    Alike::Range { min: 0.0, max: 0.0 }
                } else {
                    Alike::Range { min, max }
                }
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
        })
        .collect();
    let diversity = p.diversity.as_ref().map(|d| {
        let mut sum = 0.0;
        let mut pairs = 0usize;
        for (x, &i) in members.iter().enumerate() {
            for &j in &members[x + 1..] {
                sum += d.distances.get(i, j);
                pairs += 1;
            }
        }
        if pairs == 0 {
            0.0
        } else {
            sum / pairs as f64
        }
    });
    let names = component_names(p);
    let mut values = vec![0.0; names.len()];
    add_group(p, members, &mut values);
    Composition {
        balance,
        similar,
        diversity,
        score: names
            .into_iter()
            .zip(values.into_iter().map(tidy))
            .collect(),
    }
}

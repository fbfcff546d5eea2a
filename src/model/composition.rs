//! What one group is made of, for `report`: counts per balance value, alikeness per similar
//! column, diversity and the group's own share of the score.

use super::problem::Problem;
use super::score::{add_group, component_names, tidy};
pub use super::terms::similar::Alike;

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
    let balance = p.balance().map(|b| b.held(members)).collect();
    let similar = p.similar().map(|s| s.alike(members)).collect();
    let diversity = p.diversity().map(|d| d.mean_distance(members));
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

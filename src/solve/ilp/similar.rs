//! A similar column in the integer program. A numeric column: per group, variables for its
//! largest and smallest value, their difference priced (and capped by `max_spread`). A
//! categorical or set column: per group, a chosen value or element and the members holding
//! it; the members outside it are priced (and with `require_common`, none may be outside).

use super::{Encode, GroupingIlp, Relax};
use crate::model::problem::{Problem, Similar, SimilarData};
use good_lp::{constraint, variable, Expression, Variable};

impl Encode for Similar {
    fn rule_family(&self) -> Option<(&'static str, Relax)> {
        match &self.data {
            SimilarData::Numeric {
                max_spread: Some(_),
                ..
            } => Some((
                "similar max_spread caps",
                Relax {
                    spreads: true,
                    ..Relax::default()
                },
            )),
            SimilarData::Set {
                require_common: true,
                ..
            } => Some((
                "similar require_common",
                Relax {
                    common: true,
                    ..Relax::default()
                },
            )),
            _ => None,
        }
    }

    fn rows_per_group(&self, p: &Problem) -> usize {
        2 * p.n()
    }

    fn encode(&self, ilp: &mut GroupingIlp, p: &Problem, relax: &Relax) {
        let n = p.n();
        let (_, m_hi) = GroupingIlp::total_bounds(p, relax);
        for g in 0..p.groups.count {
            match &self.data {
                SimilarData::Numeric { values, max_spread } => {
                    let cap = max_spread.filter(|_| !relax.spreads);
                    if self.weight <= 0.0 && cap.is_none() {
                        continue;
                    }
                    let vmin = values.iter().copied().fold(f64::INFINITY, f64::min);
                    let vmax = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                    let hi = ilp.var(variable().min(vmin).max(vmax));
                    let lo = ilp.var(variable().min(vmin).max(vmax));
                    for (i, &v) in values.iter().enumerate() {
                        let x = ilp.x[i][g];
                        ilp.add(constraint!(hi >= vmin + (v - vmin) * x));
                        ilp.add(constraint!(lo <= vmax - (vmax - v) * x));
                    }
                    ilp.add(constraint!(hi >= lo));
                    if let Some(cap) = cap {
                        ilp.add(constraint!(hi - lo <= cap));
                    }
                    ilp.objective += self.weight * (hi - lo);
                }
                SimilarData::Categorical { value_of, values } => {
                    let sets: Vec<Vec<u32>> = value_of.iter().map(|&v| vec![v]).collect();
                    let share = Share { sets: &sets, elements: values.len(), weight: self.weight };
                    share.add(ilp, g, false, m_hi, n);
                }
                SimilarData::Set {
                    sets,
                    elements,
                    require_common,
                    ..
                } => {
                    let hard = *require_common && !relax.common;
                    let share = Share { sets, elements: elements.len(), weight: self.weight };
                    share.add(ilp, g, hard, m_hi, n);
                }
            }
        }
    }
}

/// A categorical or set column's data, as the elements each member holds.
struct Share<'a> {
    sets: &'a [Vec<u32>],
    elements: usize,
    weight: f64,
}

impl Share<'_> {
    /// `share` = members of group `g` holding the group's chosen element; cost = weight ×
    /// (size − share); with `hard`, share = size.
    fn add(&self, ilp: &mut GroupingIlp, g: usize, hard: bool, big: usize, n: usize) {
        if self.weight <= 0.0 && !hard {
            return;
        }
        let share = ilp.var(variable().min(0).max(big as f64));
        let choose: Vec<Variable> = (0..self.elements)
            .map(|_| ilp.var(variable().binary()))
            .collect();
        let one: Expression = choose.iter().copied().sum();
        ilp.add(constraint!(one == 1));
        for (e, &y) in choose.iter().enumerate() {
            let holders = ilp.size_of((0..n).filter(|&i| self.sets[i].contains(&(e as u32))), g);
            ilp.add(constraint!(share <= holders + big as f64 * (1.0 - y)));
        }
        let size = ilp.size_of(0..n, g);
        ilp.add(constraint!(share <= size.clone()));
        if hard {
            ilp.add(constraint!(share >= size.clone()));
        }
        ilp.objective += self.weight * (size - share);
    }
}

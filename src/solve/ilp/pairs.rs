//! Every pair term at once: for each pair with a cost, one variable that is 1 when the two
//! share a group (bounded from the side its cost's sign needs), priced by the sum of the
//! pair terms' costs; a pair a hard rule forbids gets `x[i][g] + x[j][g] ≤ 1` instead.

use super::{Encode, GroupingIlp, Relax};
use crate::model::problem::Problem;
use good_lp::{constraint, variable};

impl GroupingIlp {
    pub(super) fn add_pairs(&mut self, p: &Problem, relax: &Relax) {
        let n = p.n();
        let gcount = p.groups.count;
        let forbidden = |i: usize, j: usize| p.terms.iter().any(|t| t.forbids_under(relax, i, j));
        let pairs: Vec<(usize, usize)> = if p.prices_every_pair() {
            (0..n)
                .flat_map(|i| (i + 1..n).map(move |j| (i, j)))
                .collect()
        } else {
            (p.listed_pairs().into_iter())
                .map(|(i, j)| (i as usize, j as usize))
                .collect()
        };
        for (i, j) in pairs {
            if forbidden(i, j) {
                for g in 0..gcount {
                    let (a, b) = (self.x[i][g], self.x[j][g]);
                    self.add(constraint!(a + b <= 1));
                }
                continue;
            }
            let cost = p.pair_cost(i, j);
            if cost == 0.0 {
                continue;
            }
            let together = self.var(variable().min(0).max(1));
            self.objective += cost * together;
            for g in 0..gcount {
                let (a, b) = (self.x[i][g], self.x[j][g]);
                if cost > 0.0 {
                    self.add(constraint!(together >= a + b - 1));
                } else {
                    self.add(constraint!(together <= 1 - a + b));
                }
            }
        }
    }
}

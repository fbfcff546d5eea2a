//! Keep sets in the integer program: the members of a together set are in the same group
//! (`x[a][g] = x[b][g]`), at most one member of an apart set is in each group (see
//! [`crate::model::rules::keep`]).

use super::{GroupingIlp, Relax};
use crate::model::problem::Problem;
use good_lp::constraint;

impl GroupingIlp {
    pub(super) fn add_keep(&mut self, p: &Problem, relax: &Relax) {
        let gcount = p.groups.count;
        if !relax.together {
            for set in &p.together {
                for w in set.windows(2) {
                    for g in 0..gcount {
                        let (a, b) = (self.x[w[0]][g], self.x[w[1]][g]);
                        self.add(constraint!(a == b));
                    }
                }
            }
        }
        if !relax.apart {
            for set in &p.apart {
                for g in 0..gcount {
                    let e = self.size_of(set.iter().copied(), g);
                    self.add(constraint!(e <= 1));
                }
            }
        }
    }
}

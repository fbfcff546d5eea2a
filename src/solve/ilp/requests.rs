//! Member requests in the integer program: per request, a variable that is 1 when the two
//! people share a group, bounded from the side its cost needs: a `with` request pays
//! `weight × (1 − together)`, a `not_with` request `weight × together`.

use super::{Encode, GroupingIlp, Relax};
use crate::model::problem::Problem;
use crate::model::terms::requests::{Kind, Requests};
use good_lp::{constraint, variable};

impl Encode for Requests {
    fn encode(&self, ilp: &mut GroupingIlp, p: &Problem, _relax: &Relax) {
        if self.weight == 0.0 {
            return;
        }
        let w = self.weight;
        for r in &self.list {
            let together = ilp.var(variable().min(0).max(1));
            for g in 0..p.groups.count {
                let (a, b) = (ilp.x[r.from][g], ilp.x[r.to][g]);
                match r.kind {
                    Kind::With => ilp.add(constraint!(together <= 1 - a + b)),
                    Kind::NotWith => ilp.add(constraint!(together >= a + b - 1)),
                }
            }
            ilp.objective += match r.kind {
                Kind::With => w - w * together,
                Kind::NotWith => w * together,
            };
        }
    }

    fn rows_per_group(&self, _p: &Problem) -> usize {
        self.list.len()
    }
}

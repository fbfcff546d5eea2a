//! Pins in the integer program: a pinned member's variable for its group is fixed to 1
//! (see [`crate::model::rules::pins`]).

use super::GroupingIlp;
use crate::model::problem::Problem;
use good_lp::constraint;

impl GroupingIlp {
    pub(super) fn add_pins(&mut self, p: &Problem) {
        for i in 0..p.n() {
            if let Some(k) = p.pins[i] {
                let x = self.x[i][k];
                self.add(constraint!(x == 1));
            }
        }
    }
}

//! Repeats in the integer program: the repeat costs are priced pair by pair by the
//! linearisation in `solve::ilp::pairs`; the hard rule `forbid_within` keeps a pair apart,
//! with the limit that explaining infeasibility may change ([`Relax::forbid_within`]).

use super::{Encode, Relax};
use crate::model::problem::Repeats;

impl Encode for Repeats {
    fn forbids_under(&self, relax: &Relax, i: usize, j: usize) -> bool {
        let forbid = relax.forbid_within.unwrap_or(self.forbid_within);
        forbid > 0 && self.age(i, j).is_some_and(|a| a <= forbid)
    }
}

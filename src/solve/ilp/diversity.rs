//! The diversity reward in the integer program: a pair term, priced pair by pair by the
//! linearisation in `solve::ilp::pairs`; nothing of its own.

use super::Encode;
use crate::model::problem::Diversity;

impl Encode for Diversity {}

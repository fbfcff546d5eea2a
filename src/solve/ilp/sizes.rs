//! Group sizes in the integer program: every group holds `size_lo..size_hi` members who
//! count toward size (the bounds for the chosen count; see [`crate::model::rules::sizes`]).

use super::{GroupingIlp, Relax};
use crate::model::problem::Problem;
use good_lp::constraint;

impl GroupingIlp {
    /// The size bounds for the chosen group count.
    pub(super) fn add_sizes(&mut self, p: &Problem) {
        self.add_size_range(p, p.groups.size_lo, p.groups.size_hi);
    }

    /// With the size rules switched off (to explain infeasibility): any group of one or more.
    pub(super) fn add_any_size(&mut self, p: &Problem) {
        self.add_size_range(p, 1, p.n_counting);
    }

    fn add_size_range(&mut self, p: &Problem, lo: usize, hi: usize) {
        let counting: Vec<usize> = (0..p.n()).filter(|&i| p.members[i].counts).collect();
        for g in 0..p.groups.count {
            let s = self.size_of(counting.iter().copied(), g);
            self.add(constraint!(s.clone() >= lo as f64));
            self.add(constraint!(s <= hi as f64));
        }
    }

    /// Bounds of the total size (all members) of a group.
    pub(super) fn total_bounds(p: &Problem, relax: &Relax) -> (usize, usize) {
        let (lo, hi) = if relax.sizes {
            (1, p.n_counting)
        } else {
            (p.groups.size_lo, p.groups.size_hi)
        };
        let mut extra_lo = 0;
        let mut extra_hi = 0;
        for (r, role) in p
            .roles
            .iter()
            .enumerate()
            .filter(|(_, r)| !r.counts_toward_size)
        {
            let have = p.members.iter().filter(|m| m.role_index == Some(r)).count();
            if !relax.roles {
                extra_lo += role.min_per_group.min(have);
            }
            extra_hi += if relax.roles {
                have
            } else {
                role.max_per_group.unwrap_or(have).min(have)
            };
        }
        (lo + extra_lo, (hi + extra_hi).min(p.n()))
    }
}

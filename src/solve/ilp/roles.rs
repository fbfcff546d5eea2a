//! Role limits in the integer program: per group and role, `min_per_group ≤ count ≤
//! max_per_group` (see [`crate::model::rules::roles`]).

use super::GroupingIlp;
use crate::model::problem::Problem;
use good_lp::constraint;

impl GroupingIlp {
    pub(super) fn add_roles(&mut self, p: &Problem) {
        for g in 0..p.groups.count {
            for (r, role) in p.roles.iter().enumerate() {
                let who = (0..p.n()).filter(|&i| p.members[i].role_index == Some(r));
                let c = self.size_of(who, g);
                if role.min_per_group > 0 {
                    self.add(constraint!(c.clone() >= role.min_per_group as f64));
                }
                if let Some(m) = role.max_per_group {
                    self.add(constraint!(c <= m as f64));
                }
            }
        }
    }
}

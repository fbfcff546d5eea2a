//! A neighbourhood of a problem: some of its groups with their members, everyone else
//! fixed where they are. Its score differs from the whole problem's by a constant (the
//! fixed groups), so re-solving it exactly re-solves those groups exactly.

use super::problem::Problem;
use super::terms::{Restriction, SoftTerm};
use std::collections::HashMap;

/// A problem restricted to some groups, and how to map its answer back.
#[derive(Debug, Clone)]
pub struct SubProblem {
    /// The restricted problem (member `k` is `members[k]` of the whole one).
    pub problem: Problem,
    /// Whole-problem index of each member.
    pub members: Vec<usize>,
    /// Whole-problem group number of each group.
    pub groups: Vec<usize>,
    /// Group (in the restricted problem) of each member now.
    pub start: Vec<usize>,
}

impl SubProblem {
    /// The members of `groups` (whole-problem numbers) under `group_of`.
    pub fn new(p: &Problem, group_of: &[usize], groups: &[usize]) -> Self {
        let local: HashMap<usize, usize> =
            groups.iter().enumerate().map(|(k, &g)| (g, k)).collect();
        let members: Vec<usize> = (0..p.n())
            .filter(|&i| local.contains_key(&group_of[i]))
            .collect();
        let start = members.iter().map(|&i| local[&group_of[i]]).collect();
        SubProblem {
            problem: restrict(p, &members, &local),
            members,
            groups: groups.to_vec(),
            start,
        }
    }

    /// Writes an answer of the restricted problem into a whole-problem assignment.
    pub fn apply(&self, sub_group_of: &[usize], group_of: &mut [usize]) {
        for (k, &i) in self.members.iter().enumerate() {
            group_of[i] = self.groups[sub_group_of[k]];
        }
    }
}

/// `p` with only `keep` (sorted member indices) and the groups in `local` (whole-problem
/// group → restricted group). Balance targets keep the whole cohort and population.
fn restrict(p: &Problem, keep: &[usize], local: &HashMap<usize, usize>) -> Problem {
    let pos: HashMap<usize, usize> = keep.iter().enumerate().map(|(k, &i)| (i, k)).collect();
    let sets = |all: &[Vec<usize>]| -> Vec<Vec<usize>> {
        all.iter()
            .map(|s| {
                s.iter()
                    .filter_map(|i| pos.get(i).copied())
                    .collect::<Vec<_>>()
            })
            .filter(|s: &Vec<usize>| s.len() > 1)
            .collect()
    };
    let mut q = p.clone();
    q.members = keep.iter().map(|&i| p.members[i].clone()).collect();
    q.excluded.clear();
    q.notes.clear();
    q.n_counting = q.members.iter().filter(|m| m.counts).count();
    q.groups.count = local.len();
    q.groups.fixed_count = None;
    let r = Restriction { keep, pos: &pos };
    q.terms = p.terms.iter().map(|t| t.restrict(&r)).collect();
    q.apart = sets(&p.apart);
    q.together = sets(&p.together);
    q.pins = keep
        .iter()
        .map(|&i| p.pins[i].and_then(|g| local.get(&g).copied()))
        .collect();
    q
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::grouping::groups_of;
    use crate::model::score::score;
    use crate::testing::problem;

    const TOML: &str = r#"
[groups]
min_size = 2
max_size = 3
[[balance]]
column = "team"
weight = 1.0
[[similar]]
column = "age"
weight = 0.5
[diversity]
weight = 1.0
columns = ["team", "age"]
[repeats]
weight = 2.0
decay = 0.5
"#;

    const ROSTER: &str = "id,team,age
a,x,20
b,x,30
c,y,40
d,y,25
e,z,35
f,z,50
g,x,45
h,y,60
i,z,22
";

    const HISTORY: &str = "cycle,group,member_id
c1,G1,a
c1,G1,c
c1,G1,e
c1,G2,b
c1,G2,d
c1,G3,f
c1,G3,g
c1,G3,h
c1,G3,i
";

    /// Moving members between the freed groups changes the restricted score exactly as
    /// much as the whole score.
    #[test]
    fn score_changes_match_the_whole_problem() {
        let p = problem(TOML, ROSTER, HISTORY, None);
        let before = vec![0, 0, 0, 1, 1, 1, 2, 2, 2];
        let sub = SubProblem::new(&p, &before, &[2, 0]);
        assert_eq!(sub.members, vec![0, 1, 2, 6, 7, 8]);
        assert_eq!(sub.start, vec![1, 1, 1, 0, 0, 0]);
        let q = &sub.problem;
        let whole = |g: &[usize]| score(&p, &groups_of(g, 3)).total;
        let part = |g: &[usize]| score(q, &groups_of(g, 2)).total;
        for changed in [
            vec![1, 0, 1, 0, 0, 1],
            vec![0, 1, 1, 0, 1, 0],
            vec![1, 1, 0, 1, 0, 0],
        ] {
            let mut after = before.clone();
            sub.apply(&changed, &mut after);
            let d_whole = whole(&after) - whole(&before);
            let d_part = part(&changed) - part(&sub.start);
            assert!((d_whole - d_part).abs() < 1e-9, "{d_whole} vs {d_part}");
        }
    }
}

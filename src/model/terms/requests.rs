//! Member requests (`[requests]`, README: Requests): people ask to be with someone, or not. Each
//! `with` request whose two people are in different groups, and each `not_with` request
//! whose two people share a group, costs `weight`. Requests are one-directional: a mutual
//! request counts twice.
//!
//! A request is priced in the group of the person who made it: that group pays for each of
//! its members' `with` partners outside it and each `not_with` partner inside it. So the
//! cost of a group depends on its members alone (a group term), and the sum over the groups
//! counts every request once.

use super::{Restriction, SoftTerm};
use crate::model::problem::Problem;

/// Whether a request asks for a partner or against one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Asks to be in the same group.
    With,
    /// Asks not to be in the same group.
    NotWith,
}

/// One request: `from` asks to be (or not to be) with `to` (member indices).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Request {
    /// Who asks.
    pub from: usize,
    /// Whom they name.
    pub to: usize,
    /// With or not with.
    pub kind: Kind,
}

impl Request {
    /// Whether the request is met when `from` and `to` share a group or not (`together`).
    pub fn honoured(&self, together: bool) -> bool {
        together == (self.kind == Kind::With)
    }
}

/// The requests term.
#[derive(Debug, Clone, PartialEq)]
pub struct Requests {
    /// Cost of each request not met.
    pub weight: f64,
    /// Every soft request, in roster order of the askers.
    pub list: Vec<Request>,
    /// For each member, the indices into `list` of the requests they made.
    pub by_member: Vec<Vec<u32>>,
}

impl Requests {
    /// The term over `n` members with these requests.
    pub fn new(weight: f64, n: usize, list: Vec<Request>) -> Requests {
        let mut by_member = vec![Vec::new(); n];
        for (k, r) in list.iter().enumerate() {
            by_member[r.from].push(k as u32);
        }
        Requests {
            weight,
            list,
            by_member,
        }
    }

    /// How many of the requests made by the members of one group are not met.
    pub fn unmet(&self, members: &[usize]) -> usize {
        let mut unmet = 0;
        for &i in members {
            for &k in &self.by_member[i] {
                let r = &self.list[k as usize];
                if !r.honoured(members.contains(&r.to)) {
                    unmet += 1;
                }
            }
        }
        unmet
    }
}

impl SoftTerm for Requests {
    fn name(&self) -> String {
        "requests".into()
    }

    fn reads_groups(&self) -> bool {
        !self.list.is_empty()
    }

    #[inline]
    fn group_cost(&self, _p: &Problem, members: &[usize]) -> f64 {
        if self.weight == 0.0 || self.list.is_empty() {
            return 0.0;
        }
        self.weight * self.unmet(members) as f64
    }

    fn ceiling(&self, _p: &Problem, _pairs: f64) -> f64 {
        self.weight * self.list.len() as f64
    }

    fn restrict(&self, r: &Restriction) -> Self {
        // A request with someone outside the kept members costs the same whatever the
        // kept members do, so the smaller problem leaves it out.
        let list = (self.list.iter())
            .filter_map(|q| {
                Some(Request {
                    from: *r.pos.get(&q.from)?,
                    to: *r.pos.get(&q.to)?,
                    kind: q.kind,
                })
            })
            .collect();
        Requests::new(self.weight, r.keep.len(), list)
    }

    fn weight_mut(&mut self) -> &mut f64 {
        &mut self.weight
    }
}

//! What became of the members' requests (README: Requests): each request, honoured or not, for
//! `report` and the rotation report.

use super::rotation::PersonRef;
use crate::model::problem::Problem;
use crate::model::terms::requests::Kind;
use serde::Serialize;

/// One request and whether the groups honour it.
#[derive(Debug, Clone, Serialize)]
pub struct RequestView {
    /// Who asked.
    pub asked_by: PersonRef,
    /// `with` or `not_with`.
    pub kind: &'static str,
    /// Whom they named.
    pub whom: PersonRef,
    /// Whether the groups do as asked.
    pub honoured: bool,
}

/// Every request of the cycle.
#[derive(Debug, Clone, Serialize)]
pub struct RequestsView {
    /// How many requests the groups honour.
    pub honoured_count: usize,
    /// How many requests there are (those the hard `not_with` rule keeps are not counted).
    pub requests_count: usize,
    /// Each request, in roster order of who asked, those not honoured first.
    pub entries: Vec<RequestView>,
}

impl RequestsView {
    /// The requests of `p` under `groups` (member indices per group), when `p` has any.
    pub fn new(p: &Problem, groups: &[Vec<usize>]) -> Option<RequestsView> {
        let term = p.requests().filter(|r| !r.list.is_empty())?;
        let mut group_of = vec![usize::MAX; p.n()];
        for (g, members) in groups.iter().enumerate() {
            members.iter().for_each(|&i| group_of[i] = g);
        }
        let mut requests: Vec<RequestView> = (term.list.iter())
            .map(|r| RequestView {
                asked_by: PersonRef::new(p, r.from),
                kind: match r.kind {
                    Kind::With => "with",
                    Kind::NotWith => "not_with",
                },
                whom: PersonRef::new(p, r.to),
                honoured: r.honoured(group_of[r.from] == group_of[r.to]),
            })
            .collect();
        requests.sort_by_key(|r| r.honoured);
        Some(RequestsView {
            honoured_count: requests.iter().filter(|r| r.honoured).count(),
            requests_count: requests.len(),
            entries: requests,
        })
    }

    /// One line: how many are honoured.
    pub fn line(&self) -> String {
        format!(
            "{} of {} honoured",
            self.honoured_count,
            crate::text::plural(self.requests_count, "request", "requests")
        )
    }

    /// Table rows: who asked, the request, whom, honoured or not.
    pub fn rows(&self) -> impl Iterator<Item = Vec<String>> + '_ {
        self.entries.iter().map(|r| {
            vec![
                r.asked_by.name.clone(),
                r.kind.replace('_', " "),
                r.whom.name.clone(),
                if r.honoured { "yes" } else { "no" }.to_string(),
            ]
        })
    }
}

/// The header of [`RequestsView::rows`].
pub const HEADER: [&str; 4] = ["Asked by", "Request", "Whom", "Honoured"];

//! The rotation report of `rotate`: a summary, then one row per person.

use super::requests::RequestsView;
use super::AssignView;
use crate::model::coverage::Coverage;
use crate::model::forecast::Forecast;
use crate::model::grouping::Grouping;
use crate::model::problem::Problem;
use crate::model::rotation::{by_age, Rotation};
use serde::Serialize;

/// A person named in a report. `one_way` marks a one-way role (e.g. probation): they
/// receive peers but are nobody's only peer.
#[derive(Debug, Clone, Serialize)]
pub struct PersonRef {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Member of a one-way role.
    pub one_way: bool,
}

impl PersonRef {
    /// Member `i`.
    pub fn new(p: &Problem, i: usize) -> Self {
        PersonRef {
            id: p.members[i].id.clone(),
            name: p.members[i].name.clone(),
            one_way: !p.members[i].counts,
        }
    }

    /// The name, with `(one-way)` after a one-way member.
    pub fn label(&self) -> String {
        if self.one_way {
            format!("{} (one-way)", self.name)
        } else {
            self.name.clone()
        }
    }
}

/// A group-mate met before.
#[derive(Debug, Clone, Serialize)]
pub struct RepeatRef {
    /// The group-mate.
    #[serde(flatten)]
    pub person: PersonRef,
    /// Cycles since they last shared a group (1 = the last cycle).
    pub age: u32,
}

/// A pair that met before.
#[derive(Debug, Clone, Serialize)]
pub struct PairView {
    /// The two people.
    pub members: [PersonRef; 2],
    /// Cycles since they last shared a group.
    pub age: u32,
}

/// Repeated pairs of one age.
#[derive(Debug, Clone, Serialize)]
pub struct AgeCount {
    /// Age (1 = the last cycle).
    pub age: u32,
    /// Pairs.
    pub pairs: usize,
}

/// Coverage for output.
#[derive(Debug, Clone, Serialize)]
pub struct CoverageView {
    /// Pairs of today's members that have ever shared a group.
    pub pairs_met: usize,
    /// All pairs of today's members.
    pub pairs_possible: usize,
    /// `pairs_met / pairs_possible`.
    pub share: f64,
}

impl CoverageView {
    /// `X → Y of Z pairs have met (x% → y%)`, from this coverage to `after`.
    pub fn change_to(&self, after: &CoverageView) -> String {
        format!(
            "{} → {} of {} pairs have met ({} → {})",
            self.pairs_met,
            after.pairs_met,
            after.pairs_possible,
            super::percent(self.share),
            super::percent(after.share)
        )
    }

    /// From a coverage.
    pub fn new(c: &Coverage) -> Self {
        CoverageView {
            pairs_met: c.pairs_met,
            pairs_possible: c.pairs_possible,
            share: crate::model::score::tidy(c.share()),
        }
    }
}

/// One person's rotation.
#[derive(Debug, Clone, Serialize)]
pub struct PersonRotation {
    /// The person.
    #[serde(flatten)]
    pub person: PersonRef,
    /// Group in the previous cycle (none for joiners).
    pub previous_group: Option<String>,
    /// New group.
    pub group: String,
    /// Group-mates never met before.
    pub new_mates: Vec<PersonRef>,
    /// Group-mates met before (`repeated_mates` in JSON: `repeats` is the score
    /// component's number).
    #[serde(rename = "repeated_mates")]
    pub repeats: Vec<RepeatRef>,
    /// At most this many more cycles without a repeat for this person (`null`: no bound).
    pub rounds_left_count: Option<usize>,
}

/// How many more cycles can run without a repeated pair (a proven upper bound, see
/// [`crate::model::forecast`]).
#[derive(Debug, Clone, Serialize)]
pub struct ForecastView {
    /// At most this many more cycles without a repeat (`null`: no bound within lookback).
    pub rounds_count: Option<usize>,
    /// Group-mates everyone has at least, per cycle.
    pub mates_per_cycle_count: usize,
    /// The hard rules that keep some pairs apart.
    pub rules: Vec<String>,
    /// The people who run out of new partners first.
    pub first_out: Vec<PersonRef>,
    /// The forecast in words.
    pub message: String,
}

/// Most people named in the forecast's sentence.
const FIRST_OUT_NAMED: usize = 5;

impl ForecastView {
    /// From a forecast.
    pub fn new(p: &Problem, f: &Forecast) -> Self {
        let first_out: Vec<PersonRef> = f.first_out.iter().map(|&i| PersonRef::new(p, i)).collect();
        let message = match f.rounds {
            None => "no limit in sight: old meetings leave the lookback before anyone runs out of new partners".to_string(),
            Some(r) => {
                let under = if f.rules.is_empty() {
                    format!("in groups of at least {}", f.mates_per_cycle + 1)
                } else {
                    format!("under {}", f.rules.join(", "))
                };
                let mut names: Vec<String> = first_out
                    .iter()
                    .take(FIRST_OUT_NAMED)
                    .map(PersonRef::label)
                    .collect();
                if first_out.len() > FIRST_OUT_NAMED {
                    names.push(format!("{} more", first_out.len() - FIRST_OUT_NAMED));
                }
                format!(
                    "at most {} without a repeat {under}; first to run out of new partners: {}",
                    crate::text::plural(r, "more round", "more rounds"),
                    names.join(", ")
                )
            }
        };
        ForecastView {
            rounds_count: f.rounds,
            mates_per_cycle_count: f.mates_per_cycle,
            rules: f.rules.clone(),
            first_out,
            message,
        }
    }
}

/// The rotation part of `rotate`'s output.
#[derive(Debug, Clone, Serialize)]
pub struct RotationView {
    /// Label of the last cycle in the history before this one.
    pub previous_cycle: Option<String>,
    /// People placed in the new cycle.
    pub people_rotated: usize,
    /// People whose group-mates are all new to them.
    pub all_new: usize,
    /// `all_new / people_rotated`.
    pub all_new_share: f64,
    /// Repeated pairs per age.
    pub repeats_by_age: Vec<AgeCount>,
    /// Every repeated pair.
    pub repeated_pairs: Vec<PairView>,
    /// Coverage of the history before the new cycle.
    pub coverage_before: CoverageView,
    /// Coverage with the new cycle.
    pub coverage_after: CoverageView,
    /// Members who were not in the previous cycle.
    pub joiners: Vec<PersonRef>,
    /// Ids of the previous cycle who take no part now.
    pub leavers: Vec<String>,
    /// One row per person, in roster order.
    pub people: Vec<PersonRotation>,
    /// How many more cycles the rules allow without a repeat.
    pub forecast: ForecastView,
    /// The members' requests, honoured or not, when `[requests]` is set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub requests: Option<RequestsView>,
}

/// Output of `rotate`: the shape of `assign`, plus whether it was a dry run and the rotation.
#[derive(Debug, Clone, Serialize)]
pub struct RotateView {
    /// Cycle, groups, score, solver (and facilitation).
    #[serde(flatten)]
    pub assign: AssignView,
    /// True when nothing was written.
    pub dry_run: bool,
    /// The rotation report.
    pub rotation: RotationView,
}

/// Pairs for output.
pub fn pair_views(p: &Problem, pairs: &[(usize, usize, u32)]) -> Vec<PairView> {
    pairs
        .iter()
        .map(|&(i, j, age)| PairView {
            members: [PersonRef::new(p, i), PersonRef::new(p, j)],
            age,
        })
        .collect()
}

/// Counts per age for output.
pub fn age_counts(pairs: &[(usize, usize, u32)]) -> Vec<AgeCount> {
    by_age(pairs)
        .into_iter()
        .map(|(age, pairs)| AgeCount { age, pairs })
        .collect()
}

/// The rotation for output.
pub fn view(p: &Problem, g: &Grouping, r: &Rotation, f: &Forecast) -> RotationView {
    let rotated = r.moves.len();
    RotationView {
        previous_cycle: r.previous_cycle.clone(),
        people_rotated: rotated,
        all_new: r.all_new,
        all_new_share: if rotated == 0 {
            0.0
        } else {
            crate::model::score::tidy(r.all_new as f64 / rotated as f64)
        },
        repeats_by_age: age_counts(&r.repeated_pairs),
        repeated_pairs: pair_views(p, &r.repeated_pairs),
        coverage_before: CoverageView::new(&r.before),
        coverage_after: CoverageView::new(&r.after),
        joiners: r.joiners.iter().map(|&i| PersonRef::new(p, i)).collect(),
        leavers: r.leavers.clone(),
        people: r
            .moves
            .iter()
            .map(|m| PersonRotation {
                person: PersonRef::new(p, m.member),
                previous_group: m.previous.clone(),
                group: g.labels[m.group].clone(),
                new_mates: m.new_mates.iter().map(|&j| PersonRef::new(p, j)).collect(),
                repeats: m
                    .repeats
                    .iter()
                    .map(|&(j, age)| RepeatRef {
                        person: PersonRef::new(p, j),
                        age,
                    })
                    .collect(),
                rounds_left_count: f.per_member[m.member],
            })
            .collect(),
        forecast: ForecastView::new(p, f),
        requests: RequestsView::new(p, &g.groups),
    }
}

/// The summary lines shared by the table and Markdown renderers (without list markup).
pub fn summary_lines(v: &RotateView) -> Vec<String> {
    let r = &v.rotation;
    let mut lines = vec![
        v.assign.summary.clone(),
        super::score_and_solver_line(&v.assign.score, &v.assign.solver),
        format!("People rotated: {}", r.people_rotated),
        format!(
            "With entirely new group-mates: {} of {} ({})",
            r.all_new,
            r.people_rotated,
            super::percent(r.all_new_share)
        ),
        format!("Repeated pairs: {}", repeats_line(&r.repeats_by_age)),
        format!(
            "History coverage: {}",
            r.coverage_before.change_to(&r.coverage_after)
        ),
        format!("Forecast: {}", r.forecast.message),
    ];
    match r.previous_cycle.as_deref() {
        Some(since) => {
            let joiners: Vec<String> = r.joiners.iter().map(PersonRef::label).collect();
            lines.push(format!("Joiners since {since}: {}", list_or_none(&joiners)));
            lines.push(format!(
                "Leavers since {since}: {}",
                list_or_none(&r.leavers)
            ));
        }
        None => lines.push("First cycle: the history is empty, so everyone is new".into()),
    }
    let one_way: Vec<String> = r
        .people
        .iter()
        .filter(|x| x.person.one_way)
        .map(|x| x.person.name.clone())
        .collect();
    if !one_way.is_empty() {
        lines.push(format!(
            "One-way (receive peers, are nobody's only peer): {}",
            one_way.join(", ")
        ));
    }
    if let Some(f) = &v.assign.facilitation {
        lines.push(format!("Facilitators: {}", super::facilitation::line(f)));
    }
    lines
}

/// `0`, or `3 (age 1: 1, age 2: 2)`.
pub fn repeats_line(by_age: &[AgeCount]) -> String {
    let total: usize = by_age.iter().map(|a| a.pairs).sum();
    if total == 0 {
        return "0".into();
    }
    let parts: Vec<String> = by_age
        .iter()
        .map(|a| format!("age {}: {}", a.age, a.pairs))
        .collect();
    format!("{total} ({})", parts.join(", "))
}

/// The items joined with ", ", or `none`.
pub fn list_or_none(items: &[String]) -> String {
    if items.is_empty() {
        "none".into()
    } else {
        items.join(", ")
    }
}

/// Column headers of [`person_cells`].
pub const PERSON_HEADER: [&str; 5] = ["Person", "Previous", "New", "New group-mates", "Repeats"];

/// The cells of one person's row: person, previous group, new group, new group-mates, repeats.
pub fn person_cells(x: &PersonRotation) -> [String; 5] {
    let mates: Vec<String> = x.new_mates.iter().map(PersonRef::label).collect();
    let repeats: Vec<String> = x
        .repeats
        .iter()
        .map(|r| format!("{} (age {})", r.person.label(), r.age))
        .collect();
    [
        x.person.label(),
        x.previous_group.clone().unwrap_or_else(|| "—".into()),
        x.group.clone(),
        if mates.is_empty() {
            "—".into()
        } else {
            mates.join(", ")
        },
        if repeats.is_empty() {
            "—".into()
        } else {
            repeats.join(", ")
        },
    ]
}

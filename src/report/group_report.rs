//! The output of `report --groups FILE`: per-group composition, score by component,
//! repeats, facilitator placements and coverage over the whole history. This is the one
//! output that shows attributes (balance and similar columns); it is meant for the team.

use super::requests::RequestsView;
use super::rotation::{age_counts, pair_views, repeats_line, AgeCount, CoverageView, PairView};
use super::{
    facilitation, num, percent, score_line, FacilitationView, GroupView, ScoreView, ViolationView,
};
use crate::model::composition::{composition, Alike};
use crate::model::coverage::{Coverage, PairAges};
use crate::model::history::Cycle;
use crate::model::problem::Problem;
use crate::model::rotation::pairs_met_before;
use crate::model::score::Score;
use crate::text::plural;
use serde::Serialize;
use serde_json::{json, Map, Value};

/// One group's composition.
#[derive(Debug, Clone, Serialize)]
pub struct CompositionView {
    /// Balance column → value → count (values present only).
    pub balance: Map<String, Value>,
    /// Similar column → `{min, max, spread}` (numeric) or `{value, count, of}`.
    pub similar: Map<String, Value>,
    /// Mean distance of the group's pairs (when diversity is configured).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub diversity: Option<f64>,
    /// The same, one readable line per column.
    #[serde(skip)]
    pub lines: Vec<String>,
}

/// One group in the report.
#[derive(Debug, Clone, Serialize)]
pub struct GroupReport {
    /// Label, members, facilitators.
    #[serde(flatten)]
    pub group: GroupView,
    /// Composition.
    pub composition: CompositionView,
    /// The group's share of the score.
    pub score: ScoreView,
    /// Pairs in the group that met in earlier cycles (`repeated_pairs` in JSON, as in
    /// `rotate`: `repeats` is the score component's number).
    #[serde(rename = "repeated_pairs")]
    pub repeats: Vec<PairView>,
}

/// How many of the others one person has met.
#[derive(Debug, Clone, Serialize)]
pub struct PersonCoverage {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Group in the reported cycle.
    pub group: String,
    /// Others met over the whole history (this cycle included).
    pub met: usize,
    /// Others on the roster.
    pub others: usize,
}

/// Coverage over the whole history, with each person.
#[derive(Debug, Clone, Serialize)]
pub struct HistoryCoverage {
    /// Pairs.
    #[serde(flatten)]
    pub pairs: CoverageView,
    /// Cycles counted (the reported one and every earlier one; a count: `plan`'s `cycles`
    /// lists them).
    #[serde(rename = "cycles_count")]
    pub cycles: usize,
    /// Per person, in group order.
    pub people: Vec<PersonCoverage>,
}

/// Output of `report`.
#[derive(Debug, Clone, Serialize)]
pub struct ReportView {
    /// Cycle label.
    pub cycle: String,
    /// Groups.
    pub groups: Vec<GroupReport>,
    /// Score of the whole cycle.
    pub score: ScoreView,
    /// Repeated pairs per age.
    pub repeats_by_age: Vec<AgeCount>,
    /// Facilitator placements, when a pool is configured.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub facilitation: Option<FacilitationView>,
    /// Coverage over the whole history.
    pub coverage: HistoryCoverage,
    /// Broken hard rules (as `check` lists them).
    pub violations: Vec<ViolationView>,
    /// The members' requests, honoured or not, when `[requests]` is set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub requests: Option<RequestsView>,
    /// What only the HTML page draws, left empty for the other formats (JSON readers have
    /// `history list` for the coverage per cycle, and `coverage.people` for who has met how
    /// many).
    #[serde(skip)]
    pub pictures: Pictures,
}

/// The data of the HTML page's charts.
#[derive(Debug, Clone, Default)]
pub struct Pictures {
    /// Per balance column: its name, each value with its cohort count, and the population
    /// the fair shares are taken of.
    pub cohort: Vec<CohortColumn>,
    /// Pairs that have met over the history through the reported cycle, as positions in
    /// the report's member order (group by group): `(a, b, age)`, `a < b`, age 1 = the
    /// reported cycle.
    pub met: Vec<(usize, usize, u32)>,
    /// Cycle labels through the reported one, oldest first (age k is the k-th from the end).
    pub cycles: Vec<String>,
    /// Coverage of today's members after each of those cycles.
    pub coverage_by_cycle: Vec<super::history::CycleLine>,
}

/// One balance column of the cohort.
#[derive(Debug, Clone)]
pub struct CohortColumn {
    /// Column name.
    pub column: String,
    /// `(value, cohort count)` in cohort value order.
    pub values: Vec<(String, usize)>,
    /// Members the fair shares are taken of (N).
    pub population: usize,
}

/// What a report is built from.
pub struct ReportParts<'a> {
    /// The problem at the reported cycle.
    pub problem: &'a Problem,
    /// Cycle label.
    pub cycle: String,
    /// Groups (labels, members and facilitators).
    pub groups: Vec<GroupView>,
    /// Member indices of each group, parallel to `groups`.
    pub members: &'a [Vec<usize>],
    /// Score of the cycle.
    pub score: &'a Score,
    /// Meetings before the reported cycle (whole history).
    pub met_before: &'a PairAges,
    /// Coverage with the reported cycle.
    pub coverage: &'a Coverage,
    /// Cycles counted in the coverage.
    pub cycles: usize,
    /// Facilitator placements.
    pub facilitation: Option<FacilitationView>,
    /// Violations.
    pub violations: Vec<ViolationView>,
    /// The charts' data ([`pictures`]), or nothing when no chart is drawn.
    pub pictures: Pictures,
}

/// Builds the report.
pub fn build(r: ReportParts) -> ReportView {
    let p = r.problem;
    let mut all_repeats = Vec::new();
    let mut people = Vec::new();
    let groups = r
        .groups
        .into_iter()
        .zip(r.members)
        .map(|(group, members)| {
            let repeats = pairs_met_before(r.met_before, members);
            all_repeats.extend(repeats.iter().copied());
            people.extend(members.iter().map(|&i| PersonCoverage {
                id: p.members[i].id.clone(),
                name: p.members[i].name.clone(),
                group: group.name.clone(),
                met: r.coverage.met[i],
                others: p.n().saturating_sub(1),
            }));
            let c = composition(p, members);
            let score = Score {
                total: crate::model::score::tidy(c.score.iter().map(|x| x.1).sum()),
                components: c.score.clone(),
            };
            GroupReport {
                composition: composition_view(p, &c, members.len()),
                score: ScoreView::new(&score),
                repeats: pair_views(p, &repeats),
                group,
            }
        })
        .collect();
    ReportView {
        cycle: r.cycle,
        groups,
        score: ScoreView::new(r.score),
        repeats_by_age: age_counts(&all_repeats),
        facilitation: r.facilitation,
        coverage: HistoryCoverage {
            pairs: CoverageView::new(r.coverage),
            cycles: r.cycles,
            people,
        },
        violations: r.violations,
        requests: RequestsView::new(p, r.members),
        pictures: r.pictures,
    }
}

/// The charts' data: the cohort per balance column, who has met whom (`met`, through the
/// reported cycle) in the order of `members` (group by group), and the coverage after each
/// of the cycles `through` the reported one.
pub fn pictures(
    p: &Problem,
    members: &[Vec<usize>],
    through: &[Cycle],
    met: &PairAges,
) -> Pictures {
    let mut position = vec![usize::MAX; p.n()];
    for (k, &i) in members.iter().flatten().enumerate() {
        position[i] = k;
    }
    let mut pairs: Vec<(usize, usize, u32)> = (met.age.iter())
        .map(|(&(i, j), &age)| (position[i as usize], position[j as usize], age))
        .filter(|&(a, b, _)| a != usize::MAX && b != usize::MAX)
        .map(|(a, b, age)| (a.min(b), a.max(b), age))
        .collect();
    pairs.sort_unstable();
    Pictures {
        cohort: (p.balance())
            .map(|b| CohortColumn {
                column: b.column.clone(),
                values: b
                    .values
                    .iter()
                    .cloned()
                    .zip(b.cohort.iter().copied())
                    .collect(),
                population: p.population,
            })
            .collect(),
        met: pairs,
        cycles: through.iter().map(|c| c.label.clone()).collect(),
        coverage_by_cycle: super::history::HistoryView::new(p, String::new(), through).cycles,
    }
}

/// The composition for output; `size` is the group's member count.
fn composition_view(
    p: &Problem,
    c: &crate::model::composition::Composition,
    size: usize,
) -> CompositionView {
    let mut v = CompositionView {
        balance: Map::new(),
        similar: Map::new(),
        diversity: c.diversity.map(crate::model::score::tidy),
        lines: Vec::new(),
    };
    for (b, counts) in p.balance().zip(&c.balance) {
        let parts: Vec<String> = counts
            .iter()
            .map(|(value, n)| format!("{} {n}", crate::text::shown(value)))
            .collect();
        v.lines.push(format!("{}: {}", b.column, parts.join(", ")));
        v.balance.insert(
            b.column.clone(),
            Value::Object(counts.iter().map(|(k, n)| (k.clone(), json!(n))).collect()),
        );
    }
    for (s, alike) in p.similar().zip(&c.similar) {
        let (line, value) = match alike {
            Alike::Range { min, max } => (
                format!(
                    "{}: {}–{} (spread {})",
                    s.column,
                    num(*min),
                    num(*max),
                    num(max - min)
                ),
                json!({"min": min, "max": max, "spread": crate::model::score::tidy(max - min)}),
            ),
            Alike::Shared { value, count } => (
                format!(
                    "{}: {} shared by {count} of {size}",
                    s.column,
                    value.as_deref().unwrap_or("nothing")
                ),
                json!({"value": value, "count": count, "of": size}),
            ),
        };
        v.lines.push(line);
        v.similar.insert(s.column.clone(), value);
    }
    if let Some(d) = c.diversity {
        v.lines
            .push(format!("diversity: mean pair distance {}", num(d)));
    }
    v
}

/// The summary lines of a report (without list markup), shared by the table and Markdown.
pub fn summary_lines(v: &ReportView) -> Vec<String> {
    let c = &v.coverage;
    let mut lines = vec![
        format!("Score: {}", score_line(&v.score)),
        format!("Repeated pairs: {}", repeats_line(&v.repeats_by_age)),
        match v.violations.len() {
            0 => "Hard rules: every hard rule holds".to_string(),
            n => format!(
                "Hard rules: {}; run `check` for the list",
                plural(n, "violation", "violations")
            ),
        },
    ];
    if let Some(f) = &v.facilitation {
        lines.push(format!("Facilitators: {}", facilitation::line(f)));
        if let Some(w) = &f.warning {
            lines.push(format!("Warning: {w}"));
        }
    }
    lines.push(format!(
        "Coverage over {}: {} of {} pairs have met ({})",
        plural(c.cycles, "cycle", "cycles"),
        c.pairs.pairs_met,
        c.pairs.pairs_possible,
        percent(c.pairs.share)
    ));
    lines
}

/// The per-group table: header and one row per group (multi-line cells joined with `\n`).
/// The facilitators column is left out when no group has one.
pub fn group_rows(v: &ReportView) -> (Vec<&'static str>, Vec<Vec<String>>) {
    let with_facilitators = v.groups.iter().any(|g| !g.group.facilitators.is_empty());
    let mut header = vec!["Group", "Size", "Composition", "Score", "Repeats"];
    if with_facilitators {
        header.push("Facilitators");
    }
    let rows = v
        .groups
        .iter()
        .map(|g| {
            let repeats: Vec<String> = g
                .repeats
                .iter()
                .map(|x| {
                    format!(
                        "{} – {} (age {})",
                        x.members[0].label(),
                        x.members[1].label(),
                        x.age
                    )
                })
                .collect();
            let mut row = vec![
                g.group.name.clone(),
                g.group.members.len().to_string(),
                g.composition.lines.join("\n"),
                num(g.score.total),
                repeats.join("\n"),
            ];
            if with_facilitators {
                row.push(super::names(&g.group.facilitators));
            }
            row
        })
        .collect();
    (header, rows)
}

/// Column headers of [`person_cells`].
pub const PERSON_HEADER: [&str; 4] = ["Person", "Group", "Met", "Of"];

/// The cells of one person's coverage row.
pub fn person_cells(x: &PersonCoverage) -> [String; 4] {
    [
        x.name.clone(),
        x.group.clone(),
        x.met.to_string(),
        x.others.to_string(),
    ]
}

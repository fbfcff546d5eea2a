//! What commands print. Each format lives in its own file; renderers return `String`.

pub mod adjust;
pub mod csv;
pub mod errors;
pub mod explain;
pub mod facilitation;
pub mod group_report;
pub mod history;
pub mod html;
pub mod json;
pub mod markdown;
pub mod plan;
pub mod requests;
pub mod rotation;
pub mod share;
pub mod summary;
pub mod table;
pub mod text;

pub use adjust::AdjustView;
pub use explain::ExplainView;
pub use facilitation::FacilitationView;
pub use group_report::ReportView;
pub use history::{HistoryForecastView, HistoryView};
pub use plan::PlanView;
pub use rotation::RotateView;

use crate::model::grouping::Grouping;
use crate::model::outcome::{Solution, Status, Stopped};
use crate::model::problem::Problem;
use crate::model::rules::Violation;
use crate::model::score::Score;
use serde::Serialize;

/// Output formats for stdout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A readable table (default).
    Table,
    /// The long groups CSV.
    Csv,
    /// JSON with a stable shape.
    Json,
    /// Markdown, ready to paste into an e-mail or wiki.
    Markdown,
    /// One self-contained HTML page with charts (`report` only).
    Html,
}

/// A person in an output group.
#[derive(Debug, Clone, Serialize)]
pub struct PersonView {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Role (empty for ordinary members).
    pub role: String,
}

/// A group in output.
#[derive(Debug, Clone, Serialize)]
pub struct GroupView {
    /// Label.
    pub name: String,
    /// Members in roster order.
    pub members: Vec<PersonView>,
    /// Facilitators.
    pub facilitators: Vec<PersonView>,
}

/// Score for output.
#[derive(Debug, Clone, Serialize)]
pub struct ScoreView {
    /// Total.
    pub total: f64,
    /// Components by name, in a fixed order.
    pub components: serde_json::Map<String, serde_json::Value>,
}

/// Solver facts for output.
#[derive(Debug, Clone, Serialize)]
pub struct SolverView {
    /// `optimal` (proven) or `feasible`.
    pub status: &'static str,
    /// `proof`, `work_limit` or `time_limit`.
    pub stopped: &'static str,
    /// Objective (= score total).
    pub objective: f64,
    /// Best lower bound, when known.
    pub bound: Option<f64>,
    /// Relative gap, when a bound is known.
    pub gap: Option<f64>,
    /// Seconds.
    pub seconds: f64,
}

/// Output of `assign`.
#[derive(Debug, Clone, Serialize)]
pub struct AssignView {
    /// Cycle label.
    pub cycle: String,
    /// Groups.
    pub groups: Vec<GroupView>,
    /// Score.
    pub score: ScoreView,
    /// Solver.
    pub solver: SolverView,
    /// What the score means, in plain words (the first line of the summary).
    pub summary: String,
    /// Facilitator placements, when a pool is configured (reported apart from the score).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub facilitation: Option<FacilitationView>,
}

/// A violation for output.
#[derive(Debug, Clone, Serialize)]
pub struct ViolationView {
    /// Rule name.
    pub rule: String,
    /// Group label.
    pub group: Option<String>,
    /// Member ids.
    pub members: Vec<String>,
    /// Message.
    pub message: String,
}

/// Output of `check`.
#[derive(Debug, Clone, Serialize)]
pub struct CheckView {
    /// Whether every hard rule holds.
    pub ok: bool,
    /// Violations.
    pub violations: Vec<ViolationView>,
    /// Score.
    pub score: ScoreView,
}

impl ScoreView {
    /// From a score.
    pub fn new(s: &Score) -> Self {
        ScoreView {
            total: s.total,
            components: s
                .components
                .iter()
                .map(|(k, v)| (k.clone(), serde_json::json!(v)))
                .collect(),
        }
    }
}

impl SolverView {
    /// From a solution.
    pub fn new(s: &Solution) -> Self {
        SolverView {
            status: match s.status {
                Status::Optimal => "optimal",
                Status::Feasible => "feasible",
            },
            stopped: match s.stopped {
                Stopped::Proof => "proof",
                Stopped::WorkLimit => "work_limit",
                Stopped::TimeLimit => "time_limit",
            },
            objective: s.objective,
            bound: s.bound,
            gap: s.gap,
            seconds: (s.seconds * 1000.0).round() / 1000.0,
        }
    }
}

impl PersonView {
    /// A member.
    pub fn member(p: &Problem, i: usize) -> Self {
        PersonView {
            id: p.members[i].id.clone(),
            name: p.members[i].name.clone(),
            role: p.members[i].role.clone(),
        }
    }

    /// A facilitator.
    pub fn facilitator(id: &str, name: &str) -> Self {
        PersonView {
            id: id.to_string(),
            name: name.to_string(),
            role: "facilitator".into(),
        }
    }
}

/// Groups for output: members in roster order, and each group's facilitators (`facilitators`
/// is parallel to the groups, or empty when there are none).
pub fn group_views(
    p: &Problem,
    g: &Grouping,
    mut facilitators: Vec<Vec<PersonView>>,
) -> Vec<GroupView> {
    facilitators.resize(g.groups.len(), Vec::new());
    g.labels
        .iter()
        .zip(&g.groups)
        .zip(facilitators)
        .map(|((label, members), facilitators)| GroupView {
            name: label.clone(),
            members: members.iter().map(|&i| PersonView::member(p, i)).collect(),
            facilitators,
        })
        .collect()
}

/// Names of people, joined with ", ".
pub fn names(people: &[PersonView]) -> String {
    people
        .iter()
        .map(|x| x.name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// A share as a percentage with one decimal, e.g. `12.5%`.
pub fn percent(share: f64) -> String {
    format!("{:.1}%", share * 100.0)
}

/// Violations for output.
pub fn violation_views(v: &[Violation]) -> Vec<ViolationView> {
    v.iter()
        .map(|v| ViolationView {
            rule: v.rule.to_string(),
            group: v.group.clone(),
            members: v.members.clone(),
            message: v.message.clone(),
        })
        .collect()
}

/// One output format: every command's view as text. Each format is one file implementing
/// this ([`table`], [`csv`], [`json`], [`markdown`]) and one arm of [`Format::renderer`].
pub trait Renderer {
    /// `assign` output.
    fn assign(&self, v: &AssignView) -> anyhow::Result<String>;
    /// `check` output.
    fn check(&self, v: &CheckView) -> anyhow::Result<String>;
    /// `rotate` output.
    fn rotate(&self, v: &RotateView) -> anyhow::Result<String>;
    /// `report` output.
    fn report(&self, v: &ReportView) -> anyhow::Result<String>;
    /// `plan` output.
    fn plan(&self, v: &PlanView) -> anyhow::Result<String>;
    /// `adjust` output.
    fn adjust(&self, v: &AdjustView) -> anyhow::Result<String>;
    /// `history list` output.
    fn history(&self, v: &HistoryView) -> anyhow::Result<String>;
    /// `history forecast` output.
    fn forecast(&self, v: &HistoryForecastView) -> anyhow::Result<String>;
    /// `explain` output.
    fn explain(&self, v: &ExplainView) -> anyhow::Result<String>;
}

impl Format {
    /// The renderer of this format.
    pub fn renderer(self) -> &'static dyn Renderer {
        match self {
            Format::Table => &table::TableRenderer,
            Format::Csv => &csv::CsvRenderer,
            Format::Json => &json::JsonRenderer,
            Format::Markdown => &markdown::MarkdownRenderer,
            Format::Html => &html::HtmlRenderer,
        }
    }
}

/// A number as people read it: up to 3 decimals, no trailing zeros.
pub fn num(x: f64) -> String {
    let s = format!("{x:.3}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".into()
    } else {
        s.into()
    }
}

/// One line describing the solver result.
pub fn solver_line(s: &SolverView) -> String {
    let mut line = format!(
        "{} (stopped by {}) in {} s",
        s.status,
        s.stopped.replace('_', " "),
        num(s.seconds)
    );
    if let (Some(b), Some(g)) = (s.bound, s.gap) {
        line.push_str(&format!("; bound {}, gap {}%", num(b), num(g * 100.0)));
    } else if s.status != "optimal" {
        line.push_str("; no bound known");
    }
    line
}

/// The second line of the summary: the score with its components, and the solver's status,
/// bound and gap.
pub fn score_and_solver_line(score: &ScoreView, solver: &SolverView) -> String {
    format!(
        "Score: {} · solver: {}",
        score_line(score),
        solver_line(solver)
    )
}

/// One line with the score and its components.
pub fn score_line(s: &ScoreView) -> String {
    let parts: Vec<String> = s
        .components
        .iter()
        .map(|(k, v)| format!("{k} {}", num(v.as_f64().unwrap_or(0.0))))
        .collect();
    format!("{} ({})", num(s.total), parts.join(", "))
}

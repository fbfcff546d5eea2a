//! Facilitator placements for output, reported apart from the member score (README: Config reference).

use super::PersonView;
use crate::model::facilitators::{meetings, shortfall, Pool};
use crate::text::plural;
use serde::Serialize;
use std::collections::HashSet;

/// One placement of a facilitator.
#[derive(Debug, Clone, Serialize)]
pub struct PlacementView {
    /// Group label.
    pub group: String,
    /// Members of the group this facilitator facilitated before.
    pub met_before: usize,
    /// With `expertise` set: members of the group who share at least one of the
    /// facilitator's topics.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub matched_count: Option<usize>,
    /// With `expertise` set: the facilitator's topics that some member of the group shares,
    /// in the facilitator's order.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub matched_topics: Option<Vec<String>>,
}

/// One facilitator's load.
#[derive(Debug, Clone, Serialize)]
pub struct LoadView {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Most groups per cycle.
    pub capacity: usize,
    /// Groups facilitated this cycle.
    pub groups: Vec<PlacementView>,
}

/// Facilitator placements of one cycle.
#[derive(Debug, Clone, Serialize)]
pub struct FacilitationView {
    /// Facilitators wanted per group.
    pub per_group: usize,
    /// Groups with no facilitator.
    pub groups_without: usize,
    /// Groups with fewer than `per_group` (including those without).
    pub groups_below: usize,
    /// Placements where the facilitator met some of the group's members before.
    pub met_before: usize,
    /// With `expertise` set: placements where some member shares one of the facilitator's
    /// topics.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub matched_placements: Option<usize>,
    /// The too-few-facilitators warning, if any.
    pub warning: Option<String>,
    /// Every facilitator of the pool, in file order.
    pub facilitators: Vec<LoadView>,
}

/// The facilitators of each group (`placed`, pool indices) as people.
pub fn people(pool: &Pool, placed: &[Vec<usize>]) -> Vec<Vec<PersonView>> {
    placed
        .iter()
        .map(|fs| {
            fs.iter()
                .map(|&f| {
                    let fac = &pool.facilitators[f];
                    PersonView::facilitator(&fac.id, &fac.name)
                })
                .collect()
        })
        .collect()
}

/// The view of a placement: `labels` and `groups` (member indices) of the cycle,
/// `placed` (pool indices per group), `met` (members each facilitator met before).
pub fn view(
    pool: &Pool,
    labels: &[String],
    groups: &[Vec<usize>],
    placed: &[Vec<usize>],
    met: &[HashSet<usize>],
) -> FacilitationView {
    let mut loads: Vec<LoadView> = pool
        .facilitators
        .iter()
        .map(|f| LoadView {
            id: f.id.clone(),
            name: f.name.clone(),
            capacity: f.capacity,
            groups: Vec::new(),
        })
        .collect();
    for (g, fs) in placed.iter().enumerate() {
        for &f in fs {
            let shared = (pool.expertise.as_ref()).map(|e| (e, e.shared(f, &groups[g])));
            loads[f].groups.push(PlacementView {
                group: labels[g].clone(),
                met_before: meetings(met, f, &groups[g]),
                matched_count: shared.as_ref().map(|(_, m)| m.members),
                matched_topics: shared.map(|(e, m)| {
                    (m.topics.iter())
                        .map(|&t| e.topics[t as usize].clone())
                        .collect()
                }),
            });
        }
    }
    let short = shortfall(pool, placed);
    let placements = || loads.iter().flat_map(|l| &l.groups);
    FacilitationView {
        per_group: pool.per_group,
        groups_without: short.as_ref().map_or(0, |s| s.without),
        groups_below: short.as_ref().map_or(0, |s| s.below),
        met_before: placements().filter(|x| x.met_before > 0).count(),
        matched_placements: (pool.expertise.as_ref())
            .map(|_| placements().filter(|x| x.matched_count > Some(0)).count()),
        warning: short.map(|s| s.message(pool)),
        facilitators: loads,
    }
}

/// One line: placements, groups left short, and facilitators who met members before.
pub fn line(v: &FacilitationView) -> String {
    let placed: usize = v.facilitators.iter().map(|f| f.groups.len()).sum();
    let used = v
        .facilitators
        .iter()
        .filter(|f| !f.groups.is_empty())
        .count();
    let mut out = format!(
        "{} by {used} of {} ({} per group)",
        plural(placed, "placement", "placements"),
        plural(v.facilitators.len(), "facilitator", "facilitators"),
        v.per_group
    );
    if v.groups_below > 0 {
        out.push_str(&format!(
            "; {} without one, {} below per_group",
            plural(v.groups_without, "group", "groups"),
            v.groups_below
        ));
    }
    out.push_str(&format!(
        "; {} with members met before",
        plural(v.met_before, "placement", "placements")
    ));
    if let Some(matched) = v.matched_placements {
        out.push_str(&format!(
            "; {} with a topic members share",
            plural(matched, "placement", "placements")
        ));
    }
    out
}

/// `Name: G01, G03 (met 2 before)` for each facilitator with a placement; with expertise,
/// `G01 (7 share finance, law; met 2 before)`.
pub fn loads(v: &FacilitationView) -> Vec<(String, String)> {
    v.facilitators
        .iter()
        .map(|f| {
            let groups: Vec<String> = f.groups.iter().map(placement).collect();
            let groups = if groups.is_empty() {
                "—".to_string()
            } else {
                groups.join(", ")
            };
            (
                f.name.clone(),
                format!("{groups} [{} of {}]", f.groups.len(), f.capacity),
            )
        })
        .collect()
}

/// One placement: the group, then what its members share with the facilitator (with
/// expertise) and how many they met before, when any.
fn placement(g: &PlacementView) -> String {
    let mut notes = Vec::new();
    match (g.matched_count, &g.matched_topics) {
        (Some(n), Some(topics)) if n > 0 => {
            notes.push(format!("{n} share {}", topics.join(", ")));
        }
        (Some(_), _) => notes.push("no topic shared".to_string()),
        _ => {}
    }
    if g.met_before > 0 {
        notes.push(format!("met {} before", g.met_before));
    }
    match notes.is_empty() {
        true => g.group.clone(),
        false => format!("{} ({})", g.group, notes.join("; ")),
    }
}

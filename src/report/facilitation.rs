//! Facilitator placements for output, reported apart from the member score (spec §4.4).

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
            loads[f].groups.push(PlacementView {
                group: labels[g].clone(),
                met_before: meetings(met, f, &groups[g]),
            });
        }
    }
    let short = shortfall(pool, placed);
    FacilitationView {
        per_group: pool.per_group,
        groups_without: short.as_ref().map_or(0, |s| s.without),
        groups_below: short.as_ref().map_or(0, |s| s.below),
        met_before: loads
            .iter()
            .flat_map(|l| &l.groups)
            .filter(|x| x.met_before > 0)
            .count(),
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
    out
}

/// `Name: G01, G03 (met 2 before)` for each facilitator with a placement.
pub fn loads(v: &FacilitationView) -> Vec<(String, String)> {
    v.facilitators
        .iter()
        .map(|f| {
            let groups: Vec<String> = f
                .groups
                .iter()
                .map(|g| match g.met_before {
                    0 => g.group.clone(),
                    n => format!("{} (met {n} before)", g.group),
                })
                .collect();
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

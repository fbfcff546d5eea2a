//! The default, human-readable output. Group lists show group labels, names and
//! facilitators only, so they can be shared; `report` shows attributes and is for the team.

use super::rotation::{self, person_cells, summary_lines};
use super::{
    facilitation, group_report, names, score_line, solver_line, AssignView, CheckView,
    FacilitationView, GroupView, PlanView, ReportView, RotateView,
};
use comfy_table::{presets::UTF8_FULL_CONDENSED, ContentArrangement, Table};

pub(super) fn new_table(header: &[&str]) -> Table {
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(100)
        .set_header(header.to_vec());
    t
}

/// The groups: label, size, member names and (when any group has one) facilitators.
pub(super) fn groups_table(groups: &[GroupView]) -> Table {
    let with_facilitators = groups.iter().any(|g| !g.facilitators.is_empty());
    let mut header = vec!["Group", "Size", "Members"];
    if with_facilitators {
        header.push("Facilitators");
    }
    let mut t = new_table(&header);
    for g in groups {
        let mut row = vec![
            g.name.clone(),
            g.members.len().to_string(),
            names(&g.members),
        ];
        if with_facilitators {
            row.push(names(&g.facilitators));
        }
        t.add_row(row);
    }
    t
}

/// Each facilitator's groups and load.
fn loads_table(f: &FacilitationView) -> Table {
    let mut t = new_table(&["Facilitator", "Groups [load of capacity]"]);
    for (name, groups) in facilitation::loads(f) {
        t.add_row(vec![name, groups]);
    }
    t
}

/// Groups, then score and solver lines.
pub fn assign(v: &AssignView) -> String {
    let mut out = format!(
        "Cycle {}: {} groups\n{}\nScore: {}\nSolver: {}\n",
        v.cycle,
        v.groups.len(),
        groups_table(&v.groups),
        score_line(&v.score),
        solver_line(&v.solver)
    );
    if let Some(f) = &v.facilitation {
        out.push_str(&format!("Facilitators: {}\n", facilitation::line(f)));
    }
    out
}

/// Violations (if any), then the score.
pub fn check(v: &CheckView) -> String {
    let mut out = String::new();
    if v.ok {
        out.push_str("OK: every hard rule holds\n");
    } else {
        let mut t = new_table(&["Rule", "Group", "Members", "Message"]);
        for x in &v.violations {
            t.add_row(vec![
                x.rule.clone(),
                x.group.clone().unwrap_or_default(),
                x.members.join(", "),
                x.message.clone(),
            ]);
        }
        out.push_str(&format!("{} violation(s)\n{t}\n", v.violations.len()));
    }
    out.push_str(&format!("Score: {}\n", score_line(&v.score)));
    out
}

/// The rotation: summary, one row per person, facilitators, then the new groups.
pub fn rotate(v: &RotateView) -> String {
    let r = &v.rotation;
    let mut out = format!(
        "Rotation to cycle {}{}{}\n",
        v.assign.cycle,
        r.previous_cycle
            .as_deref()
            .map_or(String::new(), |c| format!(" (after {c})")),
        if v.dry_run {
            " (dry run: nothing written)"
        } else {
            ""
        }
    );
    for line in summary_lines(v) {
        out.push_str(&line);
        out.push('\n');
    }
    let mut t = new_table(&rotation::PERSON_HEADER);
    for x in &r.people {
        t.add_row(person_cells(x).to_vec());
    }
    out.push_str(&format!("{t}\n"));
    if let Some(f) = &v.assign.facilitation {
        out.push_str(&format!("{}\n", loads_table(f)));
    }
    out.push_str(&format!(
        "Groups of {}\n{}\n",
        v.assign.cycle,
        groups_table(&v.assign.groups)
    ));
    out
}

/// The report: per-group composition, score, repeats, hard rules, facilitators, coverage.
pub fn report(v: &ReportView) -> String {
    let members: usize = v.groups.iter().map(|g| g.group.members.len()).sum();
    let mut out = format!(
        "Report for cycle {}: {} groups, {members} members\n",
        v.cycle,
        v.groups.len()
    );
    let (header, rows) = group_report::group_rows(v);
    let mut t = new_table(&header);
    for row in rows {
        t.add_row(row);
    }
    out.push_str(&format!("{t}\n"));
    for line in group_report::summary_lines(v) {
        out.push_str(&line);
        out.push('\n');
    }
    if let Some(f) = &v.facilitation {
        out.push_str(&format!("{}\n", loads_table(f)));
    }
    let mut t = new_table(&group_report::PERSON_HEADER);
    for x in &v.coverage.people {
        t.add_row(group_report::person_cells(x).to_vec());
    }
    out.push_str(&format!("{t}\n"));
    out
}

/// The plan: summary, one row per cycle, then each cycle's groups.
pub fn plan(v: &PlanView) -> String {
    let mut out = String::new();
    for line in super::plan::summary_lines(v) {
        out.push_str(&line);
        out.push('\n');
    }
    let mut t = new_table(&super::plan::CYCLE_HEADER);
    for row in super::plan::cycle_rows(v) {
        t.add_row(row);
    }
    out.push_str(&format!("{t}\n"));
    for c in &v.cycles {
        out.push_str(&format!(
            "Groups of {}\n{}\n",
            c.cycle,
            groups_table(&c.groups)
        ));
        if let Some(f) = &c.facilitation {
            out.push_str(&format!("Facilitators: {}\n", facilitation::line(f)));
        }
    }
    out
}

//! The default, human-readable output. Group lists show names only, so they can be shared.

use super::{score_line, solver_line, AssignView, CheckView};
use comfy_table::{presets::UTF8_FULL_CONDENSED, ContentArrangement, Table};

fn new_table(header: &[&str]) -> Table {
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(100)
        .set_header(header.to_vec());
    t
}

/// Groups, then score and solver lines.
pub fn assign(v: &AssignView) -> String {
    let mut t = new_table(&["Group", "Size", "Members"]);
    for g in &v.groups {
        let names: Vec<&str> = g.members.iter().map(|m| m.name.as_str()).collect();
        t.add_row(vec![
            g.name.clone(),
            g.members.len().to_string(),
            names.join(", "),
        ]);
    }
    format!(
        "Cycle {}: {} groups\n{t}\nScore: {}\nSolver: {}\n",
        v.cycle,
        v.groups.len(),
        score_line(&v.score),
        solver_line(&v.solver)
    )
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

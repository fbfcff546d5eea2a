//! Markdown output, ready to paste into an e-mail or a wiki. Names only.

use super::{score_line, solver_line, AssignView, CheckView};

fn cell(s: &str) -> String {
    s.replace('|', "\\|")
}

/// A heading and a table of groups.
pub fn assign(v: &AssignView) -> String {
    let mut out = format!(
        "## Groups for {}\n\n| Group | Members |\n|---|---|\n",
        cell(&v.cycle)
    );
    for g in &v.groups {
        let names: Vec<String> = g.members.iter().map(|m| cell(&m.name)).collect();
        out.push_str(&format!("| {} | {} |\n", cell(&g.name), names.join(", ")));
    }
    out.push_str(&format!(
        "\nScore: {}  \nSolver: {}\n",
        score_line(&v.score),
        solver_line(&v.solver)
    ));
    out
}

/// Violations as a table, then the score.
pub fn check(v: &CheckView) -> String {
    let mut out = String::from("## Check\n\n");
    if v.ok {
        out.push_str("Every hard rule holds.\n");
    } else {
        out.push_str("| Rule | Group | Members | Message |\n|---|---|---|---|\n");
        for x in &v.violations {
            out.push_str(&format!(
                "| {} | {} | {} | {} |\n",
                x.rule,
                cell(x.group.as_deref().unwrap_or("")),
                cell(&x.members.join(", ")),
                cell(&x.message)
            ));
        }
    }
    out.push_str(&format!("\nScore: {}\n", score_line(&v.score)));
    out
}

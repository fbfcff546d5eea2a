//! Markdown output, ready to paste into an e-mail or a wiki. Group lists show group labels,
//! names and facilitators only; `report` shows attributes and is for the team.

use super::adjust::{move_cells, scores, summary, AdjustView, MOVE_HEADER};
use super::explain::{self, ExplainView};
use super::history::{self, HistoryForecastView, HistoryView};
use super::requests::{self, RequestsView};
use super::rotation::{self, person_cells, summary_lines};
use super::share::{self, ShareView};
use super::{
    facilitation, group_report, names, score_and_solver_line, score_line, AssignView, CheckView,
    FacilitationView, GroupView, PlanView, ReportView, RotateView,
};
use super::{solver_line, Renderer};

/// User text (a name, id, label or message) as Markdown that shows exactly that text:
/// inline markup (`*`, `_`, backticks, links, `|`, `~`, `$`) is backslash-escaped, `<`, `>`
/// and `&` become entities (no raw HTML), a leading block marker (`#`, `-`, `+`, `=`,
/// `1.`) is escaped, line breaks become `<br>` and control characters are dropped.
pub fn escape(s: &str) -> String {
    let s = super::table::clean(s);
    let mut out = String::with_capacity(s.len() + 8);
    let digits = s.chars().take_while(char::is_ascii_digit).count();
    for (k, c) in s.chars().enumerate() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' | '$' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\n' => out.push_str("<br>"),
            '#' | '-' | '+' | '=' if k == 0 => {
                out.push('\\');
                out.push(c);
            }
            '.' | ')' if k == digits && k > 0 => {
                out.push('\\');
                out.push(c);
            }
            ' ' | '\t' if k == 0 => out.push_str("&#32;"),
            _ => out.push(c),
        }
    }
    out
}

/// A Markdown table.
pub(super) fn table(header: &[&str], rows: impl IntoIterator<Item = Vec<String>>) -> String {
    let mut out = format!(
        "| {} |\n|{}\n",
        header.join(" | "),
        "---|".repeat(header.len())
    );
    for row in rows {
        let cells: Vec<String> = row.iter().map(|c| escape(c)).collect();
        out.push_str(&format!("| {} |\n", cells.join(" | ")));
    }
    out
}

/// The groups: label, member names and (when any group has one) facilitators.
pub(super) fn groups_table(groups: &[GroupView]) -> String {
    let with_facilitators = groups.iter().any(|g| !g.facilitators.is_empty());
    let mut header = vec!["Group", "Members"];
    if with_facilitators {
        header.push("Facilitators");
    }
    table(
        &header,
        groups.iter().map(|g| {
            let mut row = vec![g.name.clone(), names(&g.members)];
            if with_facilitators {
                row.push(names(&g.facilitators));
            }
            row
        }),
    )
}

/// Each facilitator's groups and load.
fn loads_table(f: &FacilitationView) -> String {
    table(
        &["Facilitator", "Groups [load of capacity]"],
        facilitation::loads(f).into_iter().map(|(a, b)| vec![a, b]),
    )
}

/// A heading and a table of groups.
pub fn assign(v: &AssignView) -> String {
    let mut out = format!(
        "## Groups for {}\n\n{}  \n{}\n\n{}",
        escape(&v.cycle),
        escape(&v.summary),
        escape(&score_and_solver_line(&v.score, &v.solver)),
        groups_table(&v.groups),
    );
    if let Some(f) = &v.facilitation {
        out.push_str(&format!("\nFacilitators: {}\n", facilitation::line(f)));
    }
    out
}

/// Violations as a table, then the score.
pub fn check(v: &CheckView) -> String {
    let mut out = String::from("## Check\n\n");
    if v.ok {
        out.push_str("Every hard rule holds.\n");
    } else {
        out.push_str(&table(
            &["Rule", "Group", "Members", "Message"],
            v.violations.iter().map(|x| {
                vec![
                    x.rule.clone(),
                    x.group.clone().unwrap_or_default(),
                    x.members.join(", "),
                    x.message.clone(),
                ]
            }),
        ));
    }
    out.push_str(&format!("\nScore: {}\n", score_line(&v.score)));
    out
}

/// The rotation report (also what `rotate --report FILE` writes).
pub fn rotate(v: &RotateView) -> String {
    let r = &v.rotation;
    let mut out = format!("# Rotation to cycle {}\n\n", escape(&v.assign.cycle));
    if v.dry_run {
        out.push_str("Dry run: nothing was written.\n\n");
    }
    out.push_str("## Summary\n\n");
    for line in summary_lines(v) {
        out.push_str(&format!("- {}\n", escape(&line)));
    }
    out.push_str("\n## Per person\n\n");
    out.push_str(&table(
        &rotation::PERSON_HEADER,
        r.people.iter().map(|x| person_cells(x).to_vec()),
    ));
    if let Some(f) = &v.assign.facilitation {
        out.push_str(&format!("\n## Facilitators\n\n{}", loads_table(f)));
    }
    if let Some(q) = &r.requests {
        out.push_str(&requests_section(q));
    }
    out.push_str(&format!(
        "\n## Groups of {}\n\n{}",
        escape(&v.assign.cycle),
        groups_table(&v.assign.groups)
    ));
    out
}

/// The report: composition per group, summary, facilitators, coverage per person.
pub fn report(v: &ReportView) -> String {
    let mut out = format!("# Report for cycle {}\n\n## Groups\n\n", escape(&v.cycle));
    let (header, rows) = group_report::group_rows(v);
    out.push_str(&table(&header, rows));
    out.push_str("\n## Summary\n\n");
    for line in group_report::summary_lines(v) {
        out.push_str(&format!("- {}\n", escape(&line)));
    }
    if let Some(f) = &v.facilitation {
        out.push_str(&format!("\n## Facilitators\n\n{}", loads_table(f)));
    }
    if let Some(q) = &v.requests {
        out.push_str(&requests_section(q));
    }
    out.push_str("\n## Coverage per person\n\n");
    out.push_str(&table(
        &group_report::PERSON_HEADER,
        v.coverage
            .people
            .iter()
            .map(|x| group_report::person_cells(x).to_vec()),
    ));
    out
}

/// The requests section: how many are honoured, then one row per request.
fn requests_section(r: &RequestsView) -> String {
    format!(
        "\n## Requests\n\n{}.\n\n{}",
        r.line(),
        table(&requests::HEADER, r.rows())
    )
}

/// Each person: a heading, the sentences as a list, then a table of the other groups.
fn explain(v: &ExplainView) -> String {
    let mut out = format!(
        "# Why people are where they are in cycle {}\n\nScore: {}\n",
        escape(&v.cycle),
        escape(&super::score_line(&v.score))
    );
    for x in &v.people {
        out.push_str(&format!("\n## {} ({})\n\n", escape(&x.name), escape(&x.id)));
        for s in &x.sentences {
            out.push_str(&format!("- {}\n", escape(s)));
        }
        if !x.other_groups.is_empty() {
            let rows = explain::move_rows(x).map(Vec::from);
            out.push_str(&format!("\n{}", table(&explain::MOVE_HEADER, rows)));
        }
    }
    out
}

/// The plan: summary, one row per cycle, then each cycle's groups.
pub fn plan(v: &PlanView) -> String {
    let mut out = String::from("## Plan\n\n");
    for line in super::plan::summary_lines(v) {
        out.push_str(&format!("- {}\n", escape(&line)));
    }
    out.push_str(&format!(
        "\n{}",
        table(&super::plan::CYCLE_HEADER, super::plan::cycle_rows(v))
    ));
    for c in &v.cycles {
        out.push_str(&format!(
            "\n### Groups of {}\n\n{}",
            escape(&c.cycle),
            groups_table(&c.groups)
        ));
        if let Some(f) = &c.facilitation {
            out.push_str(&format!("\nFacilitators: {}\n", facilitation::line(f)));
        }
    }
    out
}

/// The list meant for members: a heading per group, the shared elements and facilitators,
/// then a table of names and the shared columns.
pub fn share(v: &ShareView) -> String {
    let mut out = format!("# {}\n", escape(&share::title(v)));
    let mut header = vec!["Name"];
    header.extend(v.columns.iter().map(String::as_str));
    let header: Vec<String> = header.into_iter().map(escape).collect();
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    for g in &v.groups {
        out.push_str(&format!("\n## {}\n\n", escape(&g.name)));
        for fact in share::group_facts(g) {
            out.push_str(&format!("{}  \n", escape(&fact)));
        }
        if !share::group_facts(g).is_empty() {
            out.push('\n');
        }
        out.push_str(&table(
            &header,
            g.members.iter().map(|m| {
                let mut row = vec![m.name.clone()];
                row.extend(m.details.iter().cloned());
                row
            }),
        ));
    }
    out
}

/// A heading, the moves, the scores and the groups.
fn adjust(v: &AdjustView) -> String {
    let mut out = format!(
        "## Adjusted groups for {}\n\n{}.\n\n",
        escape(&v.cycle),
        summary(v)
    );
    if !v.moves.is_empty() {
        out.push_str(&table(&MOVE_HEADER, v.moves.iter().map(move_cells)));
        out.push('\n');
    }
    let [moves, before, after] = scores(v);
    out.push_str(&format!(
        "{moves}  \n{before}  \n{after}  \nSolver: {}\n\n{}",
        solver_line(&v.solver),
        groups_table(&v.groups)
    ));
    if let Some(f) = &v.facilitation {
        out.push_str(&format!("\nFacilitators: {}\n", facilitation::line(f)));
    }
    out
}

/// The Markdown format.
pub struct MarkdownRenderer;

impl Renderer for MarkdownRenderer {
    fn assign(&self, v: &AssignView) -> anyhow::Result<String> {
        Ok(assign(v))
    }
    fn check(&self, v: &CheckView) -> anyhow::Result<String> {
        Ok(check(v))
    }
    fn rotate(&self, v: &RotateView) -> anyhow::Result<String> {
        Ok(rotate(v))
    }
    fn report(&self, v: &ReportView) -> anyhow::Result<String> {
        Ok(report(v))
    }
    fn plan(&self, v: &PlanView) -> anyhow::Result<String> {
        Ok(plan(v))
    }
    fn adjust(&self, v: &AdjustView) -> anyhow::Result<String> {
        Ok(adjust(v))
    }
    fn history(&self, v: &HistoryView) -> anyhow::Result<String> {
        Ok(format!(
            "## {}\n\n{}",
            escape(&v.title()),
            table(&history::HEADER, v.rows())
        ))
    }
    fn forecast(&self, v: &HistoryForecastView) -> anyhow::Result<String> {
        let [title, proven, reached] = v.lines();
        Ok(format!(
            "## {}\n\n- {}\n- {}\n",
            escape(&title),
            escape(&proven),
            escape(&reached)
        ))
    }
    fn explain(&self, v: &ExplainView) -> anyhow::Result<String> {
        Ok(explain(v))
    }
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn markup_in_names_is_shown_as_text() {
        assert_eq!(
            escape("<script>alert(1)</script>"),
            "&lt;script&gt;alert(1)&lt;/script&gt;"
        );
        assert_eq!(escape("**bold**"), "\\*\\*bold\\*\\*");
        assert_eq!(escape("[x](http://y)"), "\\[x\\](http://y)");
        assert_eq!(escape("a|b"), "a\\|b");
        assert_eq!(escape("`code`"), "\\`code\\`");
        assert_eq!(escape("# Title"), "\\# Title");
        assert_eq!(escape("- item"), "\\- item");
        assert_eq!(escape("12. x"), "12\\. x");
        assert_eq!(escape("a-b #1"), "a-b #1");
        assert_eq!(escape("&amp;"), "&amp;amp;");
        assert_eq!(escape("one\ntwo"), "one<br>two");
        assert_eq!(escape("\x1b[2Jx"), "x");
        assert_eq!(escape("Ann Lee"), "Ann Lee");
    }
}

//! The default, human-readable output. Group lists show group labels, names and
//! facilitators only, so they can be shared; `report` shows attributes and is for the team.
//! Everything printed goes through [`clean`] (no control characters reach the terminal) and
//! every table cell through [`fit`].

use super::adjust::{move_cells, scores, summary, AdjustView, MOVE_HEADER};
use super::explain::{self, ExplainView};
use super::history::{self, HistoryForecastView, HistoryView};
use super::requests::{self, RequestsView};
use super::rotation::{self, person_cells, summary_lines};
use super::PersonView;
use super::{
    facilitation, group_report, names, score_and_solver_line, score_line, AssignView, CheckView,
    FacilitationView, GroupView, PlanView, ReportView, RotateView,
};
use super::{solver_line, Renderer};
use crate::text::plural;
use comfy_table::{presets::UTF8_FULL_CONDENSED, ContentArrangement, Table};
use std::borrow::Cow;
use std::io::IsTerminal;
use std::sync::OnceLock;

/// Longest cell the terminal table shows in full, in characters; a longer one is cut with
/// a note (the other formats keep the whole text). This keeps rendering linear in the input.
pub const MAX_CELL: usize = 1000;

/// `s` without control characters, for the terminal: whole ESC (and 8-bit CSI/OSC/DCS)
/// sequences, other C0 controls, DEL and C1 controls are dropped and TAB becomes a space;
/// only the newline is kept.
pub fn clean(s: &str) -> Cow<'_, str> {
    let is_control = |c: char| c != '\n' && (c.is_control());
    if !s.chars().any(is_control) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' => out.push('\n'),
            '\t' => out.push(' '),
            '\u{1b}' => match chars.next() {
                Some('[') => skip_csi(&mut chars),
                Some(']' | 'P' | 'X' | '^' | '_') => skip_string(&mut chars),
                Some('\u{20}'..='\u{2f}') => {
                    while chars
                        .next_if(|c| ('\u{20}'..='\u{2f}').contains(c))
                        .is_some()
                    {}
                    chars.next();
                }
                _ => {}
            },
            '\u{9b}' => skip_csi(&mut chars),
            '\u{90}' | '\u{98}' | '\u{9d}' | '\u{9e}' | '\u{9f}' => skip_string(&mut chars),
            c if is_control(c) => {}
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Skips the rest of a CSI sequence: parameters, intermediates and the final byte.
fn skip_csi(chars: &mut std::iter::Peekable<std::str::Chars>) {
    while chars
        .next_if(|c| ('\u{20}'..='\u{3f}').contains(c))
        .is_some()
    {}
    chars.next_if(|c| ('\u{40}'..='\u{7e}').contains(c));
}

/// Skips an OSC/DCS-like string up to its terminator (BEL, ESC \\ or ST), or a newline.
fn skip_string(chars: &mut std::iter::Peekable<std::str::Chars>) {
    while let Some(c) = chars.next_if(|&c| c != '\n') {
        match c {
            '\u{7}' | '\u{9c}' => return,
            '\u{1b}' => {
                chars.next_if_eq(&'\\');
                return;
            }
            _ => {}
        }
    }
}

/// A cell for the terminal table: [`clean`], and cut to [`MAX_CELL`] characters.
pub fn fit(s: &str) -> String {
    let s = clean(s);
    let len = s.chars().count();
    if len <= MAX_CELL {
        return s.into_owned();
    }
    let head: String = s.chars().take(MAX_CELL).collect();
    format!(
        "{head}… ({} more characters; --format csv or json shows all)",
        len - MAX_CELL
    )
}

/// A row of cells for the terminal table, each [`fit`].
pub(super) fn cells<S: AsRef<str>>(cells: impl IntoIterator<Item = S>) -> Vec<String> {
    cells.into_iter().map(|c| fit(c.as_ref())).collect()
}

/// Width of the table when stdout is not a terminal and `COLUMNS` is not set.
pub const DEFAULT_WIDTH: u16 = 100;

/// Narrowest width the output is laid out for: a smaller `COLUMNS` counts as this.
pub const MIN_WIDTH: u16 = 40;

/// The width the terminal output is laid out for: `COLUMNS` when it is set to a number, else
/// the terminal's width when stdout is one, else [`DEFAULT_WIDTH`]; at least [`MIN_WIDTH`].
pub fn width() -> u16 {
    static WIDTH: OnceLock<u16> = OnceLock::new();
    *WIDTH.get_or_init(|| {
        let columns = std::env::var("COLUMNS")
            .ok()
            .and_then(|c| c.trim().parse::<u16>().ok())
            .filter(|&w| w > 0);
        let terminal = || {
            std::io::stdout()
                .is_terminal()
                .then(|| Table::new().width())
                .flatten()
                .filter(|&w| w > 0)
        };
        columns
            .or_else(terminal)
            .unwrap_or(DEFAULT_WIDTH)
            .max(MIN_WIDTH)
    })
}

/// A name that the table never breaks inside: its spaces become non-breaking ones, which
/// [`finish`] turns back into spaces once the table is laid out.
pub(super) fn whole(name: &str) -> String {
    name.replace(' ', "\u{a0}")
}

/// A list of names joined with ", ", each kept [`whole`].
pub(super) fn whole_names(people: &[PersonView]) -> String {
    whole_list(&names(people))
}

/// A ", "-separated list with each item kept [`whole`].
fn whole_list(list: &str) -> String {
    list.split(", ").map(whole).collect::<Vec<_>>().join(", ")
}

/// The terminal output as printed: [`clean`], non-breaking spaces back to spaces, and every
/// line that is not part of a table wrapped at [`width`] between words.
pub fn finish(text: &str) -> String {
    let text = clean(text).replace('\u{a0}', " ");
    let width = usize::from(width());
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches('\n');
        if body.chars().count() <= width || body.starts_with(TABLE_EDGES) {
            out.push_str(line);
            continue;
        }
        out.push_str(&wrap(body, width));
        if line.ends_with('\n') {
            out.push('\n');
        }
    }
    out
}

/// The first characters of a table's lines (comfy-table's UTF-8 borders).
const TABLE_EDGES: [char; 5] = ['┌', '│', '├', '╞', '└'];

/// `line` broken between words into lines of at most `width` characters (a single longer
/// word keeps a line of its own); continuation lines are indented by two spaces.
fn wrap(line: &str, width: usize) -> String {
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in line.split(' ') {
        let len = current.chars().count();
        if len > 0 && len + 1 + word.chars().count() > width {
            lines.push(std::mem::replace(&mut current, "  ".into()));
        } else if len > 0 && current != "  " {
            current.push(' ');
        }
        current.push_str(word);
    }
    lines.push(current);
    lines.join("\n")
}

pub(super) fn new_table(header: &[&str]) -> Table {
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(width())
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
            whole_names(&g.members),
        ];
        if with_facilitators {
            row.push(whole_names(&g.facilitators));
        }
        t.add_row(cells(row));
    }
    t
}

/// Each facilitator's groups and load.
fn loads_table(f: &FacilitationView) -> Table {
    let mut t = new_table(&["Facilitator", "Groups [load of capacity]"]);
    for (name, groups) in facilitation::loads(f) {
        t.add_row(cells(vec![name, groups]));
    }
    t
}

/// Each person: the sentences, then a table of the other groups.
fn explain(v: &ExplainView) -> String {
    let mut out = format!("Cycle {}: score {}\n", v.cycle, super::score_line(&v.score));
    for x in &v.people {
        out.push_str(&format!("\n{} ({})\n", x.name, x.id));
        for s in &x.sentences {
            out.push_str(&format!("- {s}\n"));
        }
        if !x.other_groups.is_empty() {
            let mut t = new_table(&explain::MOVE_HEADER);
            for row in explain::move_rows(x) {
                t.add_row(cells(row));
            }
            out.push_str(&format!("{t}\n"));
        }
    }
    out
}

/// Groups, then score and solver lines.
pub fn assign(v: &AssignView) -> String {
    let mut out = format!(
        "Cycle {}: {}\n{}\n{}\n{}\n",
        v.cycle,
        plural(v.groups.len(), "group", "groups"),
        v.summary,
        score_and_solver_line(&v.score, &v.solver),
        groups_table(&v.groups),
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
            t.add_row(cells(vec![
                x.rule.clone(),
                x.group.clone().unwrap_or_default(),
                x.members.join(", "),
                x.message.clone(),
            ]));
        }
        out.push_str(&format!(
            "{}\n{t}\n",
            plural(v.violations.len(), "violation", "violations")
        ));
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
        let [person, previous, group, mates, repeats] = person_cells(x);
        t.add_row(cells([
            whole(&person),
            previous,
            group,
            whole_list(&mates),
            whole_list(&repeats),
        ]));
    }
    out.push_str(&format!("{t}\n"));
    if let Some(f) = &v.assign.facilitation {
        out.push_str(&format!("{}\n", loads_table(f)));
    }
    if let Some(q) = &r.requests {
        out.push_str(&requests_table(q));
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
        "Report for cycle {}: {}, {}\n",
        v.cycle,
        plural(v.groups.len(), "group", "groups"),
        plural(members, "member", "members")
    );
    let (header, rows) = group_report::group_rows(v);
    let mut t = new_table(&header);
    for row in rows {
        t.add_row(cells(row));
    }
    out.push_str(&format!("{t}\n"));
    for line in group_report::summary_lines(v) {
        out.push_str(&line);
        out.push('\n');
    }
    if let Some(f) = &v.facilitation {
        out.push_str(&format!("{}\n", loads_table(f)));
    }
    if let Some(q) = &v.requests {
        out.push_str(&requests_table(q));
    }
    let mut t = new_table(&group_report::PERSON_HEADER);
    for x in &v.coverage.people {
        t.add_row(cells(group_report::person_cells(x).to_vec()));
    }
    out.push_str(&format!("{t}\n"));
    out
}

/// The requests section: how many are honoured, then one row per request.
fn requests_table(r: &RequestsView) -> String {
    let mut t = new_table(&requests::HEADER);
    for row in r.rows() {
        t.add_row(cells(row));
    }
    format!("Requests: {}\n{t}\n", r.line())
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
        t.add_row(cells(row));
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

/// Summary, the moves, the scores, the solver, then the groups.
fn adjust(v: &AdjustView) -> String {
    let mut out = format!("Adjusted cycle {}: {}\n", v.cycle, summary(v));
    if !v.moves.is_empty() {
        let mut t = new_table(&MOVE_HEADER);
        for m in &v.moves {
            t.add_row(cells(move_cells(m)));
        }
        out.push_str(&format!("{t}\n"));
    }
    for line in scores(v) {
        out.push_str(&format!("{line}\n"));
    }
    out.push_str(&format!(
        "Solver: {}\n{}\n",
        solver_line(&v.solver),
        groups_table(&v.groups)
    ));
    if let Some(f) = &v.facilitation {
        out.push_str(&format!("Facilitators: {}\n", facilitation::line(f)));
    }
    out
}

/// The readable table format.
pub struct TableRenderer;

impl Renderer for TableRenderer {
    fn assign(&self, v: &AssignView) -> anyhow::Result<String> {
        Ok(finish(&assign(v)))
    }
    fn check(&self, v: &CheckView) -> anyhow::Result<String> {
        Ok(finish(&check(v)))
    }
    fn rotate(&self, v: &RotateView) -> anyhow::Result<String> {
        Ok(finish(&rotate(v)))
    }
    fn report(&self, v: &ReportView) -> anyhow::Result<String> {
        Ok(finish(&report(v)))
    }
    fn plan(&self, v: &PlanView) -> anyhow::Result<String> {
        Ok(finish(&plan(v)))
    }
    fn adjust(&self, v: &AdjustView) -> anyhow::Result<String> {
        Ok(finish(&adjust(v)))
    }
    fn history(&self, v: &HistoryView) -> anyhow::Result<String> {
        let mut t = new_table(&history::HEADER);
        for row in v.rows() {
            t.add_row(cells(row));
        }
        Ok(finish(&format!("{}\n{t}\n", v.title())))
    }
    fn forecast(&self, v: &HistoryForecastView) -> anyhow::Result<String> {
        Ok(finish(&(v.lines().join("\n") + "\n")))
    }
    fn explain(&self, v: &ExplainView) -> anyhow::Result<String> {
        Ok(finish(&explain(v)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_and_escape_sequences_are_dropped() {
        assert_eq!(clean("Ann"), "Ann");
        assert_eq!(clean("\x1b[2J\x1b[1;31mAnn\x1b[0m"), "Ann");
        assert_eq!(clean("\x1b]0;pwned\x07Bo"), "Bo");
        assert_eq!(clean("\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\"), "link");
        assert_eq!(
            clean("a\u{9b}31mb\u{85}c\x7fd\x00e\rf\tg\nh"),
            "abcdef g\nh"
        );
        assert_eq!(clean("\x1b(Bx\x1bcy"), "xy");
    }

    #[test]
    fn long_cells_are_cut() {
        let long = "x".repeat(MAX_CELL + 5);
        let cut = fit(&long);
        assert!(cut.starts_with(&"x".repeat(MAX_CELL)));
        assert!(cut.contains("5 more characters"), "{cut}");
        assert_eq!(fit("short"), "short");
    }
}

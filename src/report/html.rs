//! HTML pages: the members' list that pastes into an e-mail client (one `<table>` with
//! inline styles), and `report --format html`, one page with its charts drawn as inline SVG.
//! Neither has a script, a font or any other address to fetch, and every piece of user text
//! is escaped.

use super::group_report::{self, CohortColumn};
use super::share::{self, ShareView};
use super::table::clean;
use super::{facilitation, num, percent, requests, Renderer};
use super::{
    AdjustView, AssignView, CheckView, ExplainView, HistoryForecastView, HistoryView, PlanView,
    ReportView, RotateView,
};
use crate::model::terms::balance::fair_share;
use crate::text::shown;

/// `s` as HTML text: `&`, `<`, `>`, `"` and `'` become entities, control characters are
/// dropped and line breaks become `<br>`.
pub fn escape(s: &str) -> String {
    let s = clean(s);
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' => out.push_str("<br>"),
            c => out.push(c),
        }
    }
    out
}

const PAGE: &str = "font-family:Arial,Helvetica,sans-serif;font-size:14px;color:#222222";
const TABLE: &str = "border-collapse:collapse;border:1px solid #bbbbbb";
const GROUP: &str =
    "background:#e8eef6;text-align:left;padding:6px 8px;border:1px solid #bbbbbb;font-size:15px";
const FACTS: &str = "font-weight:normal;color:#444444";
const HEAD: &str = "background:#f4f4f4;text-align:left;padding:4px 8px;border:1px solid #bbbbbb";
const CELL: &str = "padding:4px 8px;border:1px solid #bbbbbb";

/// The list meant for members: one table, a heading row per group (label, shared elements,
/// facilitators) over a row per member with the shared columns.
pub fn share(v: &ShareView) -> String {
    let title = escape(&share::title(v));
    let span = 1 + v.columns.len();
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n</head>\n<body style=\"{PAGE}\">\n<h2 style=\"font-size:18px\">{title}</h2>\n<table style=\"{TABLE}\">\n"
    );
    let header: String = std::iter::once("Name")
        .chain(v.columns.iter().map(String::as_str))
        .map(|h| format!("<th style=\"{HEAD}\">{}</th>", escape(h)))
        .collect();
    for g in &v.groups {
        let facts: Vec<String> = share::group_facts(g).iter().map(|f| escape(f)).collect();
        let facts = if facts.is_empty() {
            String::new()
        } else {
            format!("<br><span style=\"{FACTS}\">{}</span>", facts.join("<br>"))
        };
        out.push_str(&format!(
            "<tr><th colspan=\"{span}\" style=\"{GROUP}\">{}{facts}</th></tr>\n<tr>{header}</tr>\n",
            escape(&g.name)
        ));
        for m in &g.members {
            let cells: String = std::iter::once(&m.name)
                .chain(&m.details)
                .map(|c| format!("<td style=\"{CELL}\">{}</td>", escape(c)))
                .collect();
            out.push_str(&format!("<tr>{cells}</tr>\n"));
        }
    }
    out.push_str("</table>\n</body>\n</html>\n");
    out
}

/// The report page's style sheet.
const REPORT_STYLE: &str = "body{font-family:Arial,Helvetica,sans-serif;font-size:14px;color:#222;margin:24px;max-width:1200px}
h1{font-size:22px}h2{font-size:18px;margin-top:28px;border-bottom:1px solid #ccc}
table{border-collapse:collapse;margin:8px 0}th,td{border:1px solid #bbb;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f4f4f4}td.num{text-align:right}.chart{overflow-x:auto}.note{color:#555}
svg text{font-family:Arial,Helvetica,sans-serif}";

/// Colours of the met matrix by age: the reported cycle, the one before, older.
const AGE_COLOURS: [&str; 3] = ["#1f4e79", "#4a7fb5", "#a9c4e2"];
/// Bars within the fair share, and outside it.
const FAIR: &str = "#4a90d9";
const UNFAIR: &str = "#e07b39";
/// The most people the met matrix draws.
pub const MATRIX_LIMIT: usize = 600;

/// `report --format html`: groups, score by component, a composition chart per balance
/// column, the who-has-met-whom matrix, coverage per cycle, facilitators and requests.
pub fn report(v: &ReportView) -> String {
    let title = escape(&format!("Report for cycle {}", v.cycle));
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n<style>{REPORT_STYLE}</style>\n</head>\n<body>\n<h1>{title}</h1>\n<ul class=\"summary\">\n"
    );
    for line in group_report::summary_lines(v) {
        out.push_str(&format!("<li>{}</li>\n", escape(&line)));
    }
    out.push_str("</ul>\n");
    out.push_str(&groups_section(v));
    out.push_str(&score_section(v));
    for c in &v.pictures.cohort {
        out.push_str(&composition_chart(v, c));
    }
    out.push_str(&met_matrix(v));
    out.push_str(&coverage_chart(v));
    if let Some(f) = &v.facilitation {
        let rows = facilitation::loads(f).into_iter().map(|(a, b)| vec![a, b]);
        out.push_str(&section(
            "Facilitators",
            &table(&["Facilitator", "Groups [load of capacity]"], rows),
        ));
    }
    if let Some(q) = &v.requests {
        let body = format!(
            "<p>{}.</p>\n{}",
            escape(&q.line()),
            table(&requests::HEADER, q.rows())
        );
        out.push_str(&section("Requests", &body));
    }
    if !v.violations.is_empty() {
        let rows = v.violations.iter().map(|x| {
            vec![
                x.rule.clone(),
                x.group.clone().unwrap_or_default(),
                x.members.join(", "),
                x.message.clone(),
            ]
        });
        out.push_str(&section(
            "Broken hard rules",
            &table(&["Rule", "Group", "Members", "Message"], rows),
        ));
    }
    out.push_str("</body>\n</html>\n");
    out
}

/// A titled section.
fn section(title: &str, body: &str) -> String {
    format!("<section>\n<h2>{}</h2>\n{body}</section>\n", escape(title))
}

/// A table of text cells (escaped; line breaks kept).
fn table<S: AsRef<str>>(header: &[&str], rows: impl IntoIterator<Item = Vec<S>>) -> String {
    let mut out = String::from("<table>\n<tr>");
    for h in header {
        out.push_str(&format!("<th>{}</th>", escape(h)));
    }
    out.push_str("</tr>\n");
    for row in rows {
        out.push_str("<tr>");
        for c in row {
            out.push_str(&format!("<td>{}</td>", escape(c.as_ref())));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</table>\n");
    out
}

/// The groups: label, size, members, score, repeats and facilitators (the composition is
/// drawn in the charts below).
fn groups_section(v: &ReportView) -> String {
    let (mut header, rows) = group_report::group_rows(v);
    let composition = header.iter().position(|h| *h == "Composition");
    let rows = (v.groups.iter().zip(rows)).map(|(g, mut row)| {
        match composition {
            Some(k) => row[k] = super::names(&g.group.members),
            None => row.insert(2, super::names(&g.group.members)),
        }
        row
    });
    match composition {
        Some(k) => header[k] = "Members",
        None => header.insert(2, "Members"),
    }
    section(
        "Groups",
        &format!("<div class=\"groups\">{}</div>", table(&header, rows)),
    )
}

fn score_section(v: &ReportView) -> String {
    let mut rows: Vec<Vec<String>> = (v.score.components.iter())
        .map(|(k, x)| vec![k.clone(), num(x.as_f64().unwrap_or(0.0))])
        .collect();
    rows.push(vec!["total".into(), num(v.score.total)]);
    let body = format!(
        "<p class=\"note\">Lower is better; a negative component is a reward.</p>\n{}",
        table(&["Component", "Score"], rows)
    );
    section("Score by component", &body)
}

/// Layout of a composition chart: group labels, the value header, a cell per value and a
/// row per group.
mod layout {
    pub const LABEL: f64 = 70.0;
    pub const HEAD: f64 = 90.0;
    pub const CELL: f64 = 70.0;
    pub const ROW: f64 = 22.0;
}

/// Each group's count of each value of column `c`.
fn value_counts(v: &ReportView, c: &CohortColumn) -> Vec<Vec<usize>> {
    (v.groups.iter())
        .map(|g| {
            let held = g.composition.balance.get(&c.column);
            (c.values.iter())
                .map(|(value, _)| {
                    let n = held
                        .and_then(|h| h.get(value))
                        .and_then(serde_json::Value::as_u64);
                    n.unwrap_or(0) as usize
                })
                .collect()
        })
        .collect()
}

/// One balance column: a row per group and a cell per value, the bar the group's count and
/// the dark line the cohort's target n_v·m/N; orange bars lie outside the fair share.
fn composition_chart(v: &ReportView, c: &CohortColumn) -> String {
    use layout::{CELL, HEAD, LABEL, ROW};
    let counts = value_counts(v, c);
    let population = c.population.max(1) as f64;
    let most = (v.groups.iter().zip(&counts))
        .flat_map(|(g, row)| {
            let m = g.group.members.len() as f64;
            (row.iter().zip(&c.values))
                .map(move |(&n, (_, nv))| (n as f64).max(*nv as f64 * m / population))
        })
        .fold(1.0, f64::max);
    let unit = (CELL - 12.0) / most;
    let (w, h) = (
        LABEL + CELL * c.values.len() as f64,
        HEAD + ROW * v.groups.len() as f64,
    );
    let mut svg = format!(
        "<svg class=\"composition\" data-column=\"{}\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"{}\">\n",
        escape(&c.column),
        escape(&format!("Composition by {}", c.column))
    );
    for (x, (value, _)) in c.values.iter().enumerate() {
        let cx = LABEL + CELL * x as f64 + 4.0;
        let cut: String = shown(value).chars().take(14).collect();
        svg.push_str(&format!(
            "<text x=\"{cx}\" y=\"{y}\" font-size=\"11\" transform=\"rotate(-35 {cx} {y})\"><title>{}</title>{}</text>\n",
            escape(value),
            escape(&cut),
            y = HEAD - 6.0,
        ));
    }
    for (row, (g, counts)) in v.groups.iter().zip(&counts).enumerate() {
        let y = HEAD + ROW * row as f64;
        svg.push_str(&format!(
            "<text x=\"4\" y=\"{}\" font-size=\"12\">{}</text>\n",
            y + 15.0,
            escape(&g.group.name)
        ));
        for (x, (&n, value)) in counts.iter().zip(&c.values).enumerate() {
            let cell = Cell {
                column: c,
                group: &g.group.name,
                size: g.group.members.len(),
                value,
                count: n,
            };
            svg.push_str(&cell.svg(LABEL + CELL * x as f64, y, unit));
        }
    }
    svg.push_str("</svg>\n");
    let body = format!(
        "<p class=\"note\">Per group and value: the bar is the members holding it, the dark line the cohort's target (its share of the cohort times the group's size); orange bars lie outside the fair share.</p>\n<div class=\"chart\">{svg}</div>\n"
    );
    section(&format!("Composition by {}", c.column), &body)
}

/// One cell of a composition chart: a group's count of one value.
struct Cell<'a> {
    column: &'a CohortColumn,
    group: &'a str,
    size: usize,
    /// The value and its cohort count.
    value: &'a (String, usize),
    count: usize,
}

impl Cell<'_> {
    /// The bar, the target line and the count, at `(x, y)` with `unit` pixels per member.
    fn svg(&self, x: f64, y: f64, unit: f64) -> String {
        let (value, nv) = (&self.value.0, self.value.1);
        let (n, population) = (self.count, self.column.population.max(1));
        let target = (nv * self.size) as f64 / population as f64;
        let fair = fair_share(nv, self.size, population);
        let colour = if n < fair.0 || n > fair.1 {
            UNFAIR
        } else {
            FAIR
        };
        let title = format!(
            "{}, {} {}: {n} (target {}, fair share {}–{})",
            self.group,
            self.column.column,
            shown(value),
            num(target),
            fair.0,
            fair.1
        );
        format!(
            "<g class=\"cell\"><title>{}</title><rect x=\"{x}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{colour}\"/><line x1=\"{tx}\" x2=\"{tx}\" y1=\"{}\" y2=\"{}\" stroke=\"#222\" stroke-width=\"2\"/><text x=\"{}\" y=\"{}\" font-size=\"10\">{n}</text></g>\n",
            escape(&title),
            y + 4.0,
            unit * n as f64,
            layout::ROW - 8.0,
            y + 2.0,
            y + layout::ROW - 2.0,
            x + unit * n as f64 + 2.0,
            y + 14.0,
            tx = x + unit * target,
        )
    }
}

/// Who has met whom over the history: a square per pair that has shared a group, darker
/// the more recent, in the report's member order, the reported groups outlined.
fn met_matrix(v: &ReportView) -> String {
    let people: Vec<&str> = (v.groups.iter())
        .flat_map(|g| g.group.members.iter().map(|m| m.name.as_str()))
        .collect();
    let n = people.len();
    if n > MATRIX_LIMIT {
        let body = format!(
            "<p class=\"note\">{n} people are too many to draw (at most {MATRIX_LIMIT}); the coverage per person is in the JSON report.</p>\n"
        );
        return section("Who has met whom", &body);
    }
    let m = Matrix {
        cell: (720.0 / n.max(1) as f64).clamp(3.0, 14.0),
        label: if n <= 80 { 130.0 } else { 0.0 },
    };
    let side = m.cell * n as f64;
    let size = m.label + side;
    let mut svg = format!(
        "<svg class=\"met-matrix\" width=\"{size}\" height=\"{size}\" viewBox=\"0 0 {size} {size}\" role=\"img\" aria-label=\"Who has met whom\">\n<rect x=\"{l}\" y=\"{l}\" width=\"{side}\" height=\"{side}\" fill=\"#f7f7f7\"/>\n",
        l = m.label
    );
    if m.label > 0.0 {
        svg.push_str(&m.names(&people));
    }
    svg.push_str(&m.meetings(&people, &v.pictures.met, &v.pictures.cycles));
    svg.push_str(&m.groups(v));
    svg.push_str("</svg>\n");
    let legend: Vec<String> = ["in this cycle", "the cycle before", "earlier"]
        .iter()
        .zip(AGE_COLOURS)
        .map(|(what, colour)| format!("<span style=\"color:{colour}\">&#9632;</span> {what}"))
        .collect();
    let body = format!(
        "<p class=\"note\">A square for each pair that has shared a group, people in group order; the outlined squares are this cycle's groups. {}</p>\n<div class=\"chart\">{svg}</div>\n",
        legend.join(" &#183; ")
    );
    section("Who has met whom", &body)
}

/// The met matrix's layout: the side of a square and the room for names.
struct Matrix {
    cell: f64,
    label: f64,
}

impl Matrix {
    /// Where the `k`-th person's row (and column) starts.
    fn at(&self, k: usize) -> f64 {
        self.label + self.cell * k as f64
    }

    /// Each person's name to the left of their row and above their column.
    fn names(&self, people: &[&str]) -> String {
        let (edge, font) = (self.label - 4.0, self.cell * 0.8);
        let mut out = String::new();
        for (k, name) in people.iter().enumerate() {
            let at = self.at(k) + font;
            let cut: String = name.chars().take(18).collect();
            let cut = escape(&cut);
            out.push_str(&format!(
                "<text x=\"{edge}\" y=\"{at}\" font-size=\"{font}\" text-anchor=\"end\">{cut}</text>\n<text x=\"{at}\" y=\"{edge}\" font-size=\"{font}\" transform=\"rotate(-90 {at} {edge})\">{cut}</text>\n"
            ));
        }
        out
    }

    /// Two squares per pair that has met (one each side of the diagonal), coloured by age.
    fn meetings(&self, people: &[&str], met: &[(usize, usize, u32)], cycles: &[String]) -> String {
        let mut out = String::new();
        for &(a, b, age) in met {
            let colour = AGE_COLOURS[(age as usize).clamp(1, 3) - 1];
            let when = cycles
                .len()
                .checked_sub(age as usize)
                .and_then(|k| cycles.get(k));
            let title = escape(&format!(
                "{} and {}: last met in {}",
                people[a],
                people[b],
                when.map_or("an earlier cycle", String::as_str)
            ));
            for (x, y) in [(a, b), (b, a)] {
                out.push_str(&format!(
                    "<rect class=\"met\" x=\"{}\" y=\"{}\" width=\"{c}\" height=\"{c}\" fill=\"{colour}\"><title>{title}</title></rect>\n",
                    self.at(x),
                    self.at(y),
                    c = self.cell
                ));
            }
        }
        out
    }

    /// This cycle's groups outlined on the diagonal.
    fn groups(&self, v: &ReportView) -> String {
        let mut out = String::new();
        let mut start = 0;
        for g in &v.groups {
            let m = g.group.members.len();
            out.push_str(&format!(
                "<rect class=\"group-block\" x=\"{at}\" y=\"{at}\" width=\"{side}\" height=\"{side}\" fill=\"none\" stroke=\"{UNFAIR}\" stroke-width=\"1\"><title>{}</title></rect>\n",
                escape(&g.group.name),
                at = self.at(start),
                side = self.cell * m as f64
            ));
            start += m;
        }
        out
    }
}

/// The share of all pairs of today's members that have met, after each cycle.
fn coverage_chart(v: &ReportView) -> String {
    const BAR: f64 = 56.0;
    const HIGH: f64 = 160.0;
    let lines = &v.pictures.coverage_by_cycle;
    let (w, h) = (40.0 + BAR * lines.len().max(1) as f64, HIGH + 70.0);
    let mut svg = format!(
        "<svg class=\"coverage\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"Coverage per cycle\">\n<line x1=\"36\" x2=\"{w}\" y1=\"{}\" y2=\"{}\" stroke=\"#888\"/>\n<text x=\"0\" y=\"24\" font-size=\"10\">100%</text>\n",
        HIGH + 20.0,
        HIGH + 20.0
    );
    for (k, c) in lines.iter().enumerate() {
        let share = c.coverage.share;
        let x = 40.0 + BAR * k as f64;
        let top = 20.0 + HIGH * (1.0 - share);
        svg.push_str(&format!(
            "<g class=\"cycle\"><title>{}</title><rect x=\"{x}\" y=\"{top}\" width=\"{}\" height=\"{}\" fill=\"{FAIR}\"/><text x=\"{x}\" y=\"{}\" font-size=\"10\">{}</text><text x=\"{x}\" y=\"{}\" font-size=\"10\" transform=\"rotate(30 {x} {})\">{}</text></g>\n",
            escape(&format!("{}: {} of {} pairs have met", c.cycle, c.coverage.pairs_met, c.coverage.pairs_possible)),
            BAR - 10.0,
            HIGH * share,
            top - 3.0,
            percent(share),
            HIGH + 34.0,
            HIGH + 34.0,
            escape(&c.cycle)
        ));
    }
    svg.push_str("</svg>\n");
    let body = format!(
        "<p class=\"note\">The share of all pairs of today's members that have shared a group, after each cycle.</p>\n<div class=\"chart\">{svg}</div>\n"
    );
    section("Coverage per cycle", &body)
}

/// The HTML format: `report` only (the members' list is `--share FILE.html`).
pub struct HtmlRenderer;

/// The message for a command that has no HTML output.
pub const ONLY_REPORT: &str =
    "--format html is for `report`; for the list meant for members use --share FILE.html";

impl Renderer for HtmlRenderer {
    fn assign(&self, _: &AssignView) -> anyhow::Result<String> {
        anyhow::bail!(ONLY_REPORT)
    }
    fn check(&self, _: &CheckView) -> anyhow::Result<String> {
        anyhow::bail!(ONLY_REPORT)
    }
    fn rotate(&self, _: &RotateView) -> anyhow::Result<String> {
        anyhow::bail!(ONLY_REPORT)
    }
    fn report(&self, v: &ReportView) -> anyhow::Result<String> {
        Ok(report(v))
    }
    fn plan(&self, _: &PlanView) -> anyhow::Result<String> {
        anyhow::bail!(ONLY_REPORT)
    }
    fn adjust(&self, _: &AdjustView) -> anyhow::Result<String> {
        anyhow::bail!(ONLY_REPORT)
    }
    fn history(&self, _: &HistoryView) -> anyhow::Result<String> {
        anyhow::bail!(ONLY_REPORT)
    }
    fn forecast(&self, _: &HistoryForecastView) -> anyhow::Result<String> {
        anyhow::bail!(ONLY_REPORT)
    }
    fn explain(&self, _: &ExplainView) -> anyhow::Result<String> {
        anyhow::bail!(ONLY_REPORT)
    }
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn markup_is_text() {
        assert_eq!(
            escape("<script>alert('x')</script> & \"y\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;y&quot;"
        );
        assert_eq!(escape("a\nb\x1b[2J"), "a<br>b");
    }
}

//! HTML that pastes into an e-mail client: one self-contained page holding a `<table>`, with
//! inline styles only, no script, no external address, and every piece of user text escaped.

use super::share::{self, ShareView};
use super::table::clean;

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

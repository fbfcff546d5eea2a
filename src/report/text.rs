//! Plain text, for an e-mail body or a printout: no markup, columns lined up with spaces,
//! control characters dropped.

use super::share::{self, ShareView};
use super::table::clean;

/// The list meant for members: a title, then per group its label, the shared elements and
/// facilitators, and one line per member with the shared columns lined up.
pub fn share(v: &ShareView) -> String {
    let title = clean(&share::title(v)).into_owned();
    let mut out = format!("{title}\n{}\n", "=".repeat(title.chars().count()));
    for g in &v.groups {
        out.push_str(&format!("\n{}\n", clean(&g.name)));
        for fact in share::group_facts(g) {
            out.push_str(&format!("{}\n", clean(&fact)));
        }
        let rows: Vec<Vec<String>> = g
            .members
            .iter()
            .map(|m| {
                std::iter::once(&m.name)
                    .chain(&m.details)
                    .map(|c| clean(c).replace('\n', " "))
                    .collect()
            })
            .collect();
        out.push_str(&lined_up(&rows, "  "));
    }
    out
}

/// Rows with each column padded to its widest cell (in characters), each line starting with
/// `indent`; no trailing spaces.
fn lined_up(rows: &[Vec<String>], indent: &str) -> String {
    let mut widths: Vec<usize> = Vec::new();
    for row in rows {
        for (k, cell) in row.iter().enumerate() {
            let w = cell.chars().count();
            match widths.get_mut(k) {
                Some(x) => *x = (*x).max(w),
                None => widths.push(w),
            }
        }
    }
    let mut out = String::new();
    for row in rows {
        let mut line = indent.to_string();
        for (k, cell) in row.iter().enumerate() {
            line.push_str(cell);
            if k + 1 < row.len() {
                let pad = widths[k] - cell.chars().count() + 2;
                line.push_str(&" ".repeat(pad));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::lined_up;

    #[test]
    fn columns_line_up_by_characters() {
        let rows = vec![
            vec!["Zoë".to_string(), "z@x".to_string()],
            vec!["Bartholomew".to_string(), "".to_string()],
        ];
        assert_eq!(lined_up(&rows, "  "), "  Zoë          z@x\n  Bartholomew\n");
    }
}

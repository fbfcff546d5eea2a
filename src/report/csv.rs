//! CSV output: groups in the long format; violations as a table.

use super::{AssignView, CheckView};
use crate::io::groups::{render_rows, OutRow};

/// The groups in the long format (the same bytes `--out` writes).
pub fn assign(v: &AssignView) -> anyhow::Result<String> {
    let rows = v.groups.iter().flat_map(|g| {
        g.members.iter().map(move |m| OutRow {
            cycle: &v.cycle,
            group: &g.name,
            id: &m.id,
            name: &m.name,
            role: &m.role,
        })
    });
    Ok(String::from_utf8(render_rows(rows)?)?)
}

/// One row per violation.
pub fn check(v: &CheckView) -> anyhow::Result<String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["rule", "group", "members", "message"])?;
    for x in &v.violations {
        w.write_record([
            x.rule.as_str(),
            x.group.as_deref().unwrap_or(""),
            &x.members.join(";"),
            &x.message,
        ])?;
    }
    Ok(String::from_utf8(
        w.into_inner()
            .map_err(|e| anyhow::anyhow!("{}", e.error()))?,
    )?)
}

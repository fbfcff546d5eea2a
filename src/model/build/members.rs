//! Who takes part: the roster's rows less those excluded by status, with their ids, names
//! and roles.

use super::Roster;
use crate::config::{Columns, Settings};
use crate::model::problem::{Member, Role};
use crate::model::records::{Records, Row};
use anyhow::{bail, Result};
use std::collections::{BTreeSet, HashMap};

/// Reads the members from the roster, with the notes worth showing (roles without a table).
pub(super) fn read<'a>(s: &'a Settings, t: &'a Records) -> Result<(Roster<'a>, Vec<String>)> {
    let cols = &s.columns;
    let id_col = t.require(
        &cols.id,
        "add an id column or name it with roster_columns.id in the config",
    )?;
    if t.rows.is_empty() {
        bail!(
            "{}: the roster has a header but no members; add one row per person",
            t.path.display()
        );
    }
    let name_col = t.column(&cols.name);
    let role_col = t.column(&cols.role);
    let status_col = t.column(&cols.status);
    let exclude = excluded_statuses(cols);
    let roles = roles(s);

    let mut members = Vec::new();
    let mut rows = Vec::new();
    let mut excluded = Vec::new();
    let mut seen: HashMap<String, u64> = HashMap::new();
    let mut unknown_roles = BTreeSet::new();
    for row in &t.rows {
        let id = unique_id(t, row, id_col, &mut seen)?;
        if is_excluded(row, status_col, &exclude) {
            excluded.push(id);
            continue;
        }
        let role = role_col.map(|c| row.cells[c].clone()).unwrap_or_default();
        let lrole = role.to_lowercase();
        let role_index = roles.iter().position(|r| r.name == lrole);
        if role_index.is_none() && !lrole.is_empty() && lrole != "member" {
            unknown_roles.insert(role.clone());
        }
        let counts = role_index.is_none_or(|r| roles[r].counts_toward_size);
        let name = display_name(row, name_col, &id);
        members.push(Member {
            id,
            name,
            role: if lrole == "member" {
                String::new()
            } else {
                role
            },
            role_index,
            counts,
        });
        rows.push(row);
    }
    let n_counting = members.iter().filter(|m| m.counts).count();
    enough_members(s, t, n_counting)?;
    let mut notes = Vec::new();
    if !unknown_roles.is_empty() {
        notes.push(format!(
            "{}: roles without a [roles.NAME] table are treated as ordinary members: {}",
            t.path.display(),
            unknown_roles.into_iter().collect::<Vec<_>>().join(", ")
        ));
    }
    let roster = Roster {
        settings: s,
        table: t,
        rows,
        members,
        excluded,
        roles,
        n_counting,
    };
    Ok((roster, notes))
}

/// The roles the config defines.
fn roles(s: &Settings) -> Vec<Role> {
    s.roles
        .iter()
        .map(|(name, r)| Role {
            name: name.clone(),
            min_per_group: r.min_per_group,
            max_per_group: r.max_per_group,
            counts_toward_size: r.counts_toward_size,
        })
        .collect()
}

/// At least one group's worth of ordinary members takes part.
fn enough_members(s: &Settings, t: &Records, n_counting: usize) -> Result<()> {
    let g = &s.groups;
    if n_counting == 0 {
        bail!(
            "{}: no eligible ordinary members (all {} rows are excluded by status or have one-way roles)",
            t.path.display(),
            t.rows.len()
        );
    }
    if n_counting < g.min_size {
        bail!(
            "{}: {} eligible ordinary members, fewer than groups.min_size = {}; add members or lower min_size in {}",
            t.path.display(),
            n_counting,
            g.min_size,
            s.path.display()
        );
    }
    Ok(())
}

/// The statuses that take no part, trimmed and in lower case.
pub(crate) fn excluded_statuses(cols: &Columns) -> Vec<String> {
    cols.exclude
        .iter()
        .map(|e| e.trim().to_lowercase())
        .collect()
}

/// Whether a row's status (if the table has a status column) is one that takes no part.
pub(crate) fn is_excluded(row: &Row, status_col: Option<usize>, exclude: &[String]) -> bool {
    status_col.is_some_and(|c| exclude.contains(&row.cells[c].to_lowercase()))
}

/// The id in column `col` of a person's row: non-empty and not seen before.
pub(crate) fn unique_id(
    t: &Records,
    row: &Row,
    col: usize,
    seen: &mut HashMap<String, u64>,
) -> Result<String> {
    let id = row.cells[col].clone();
    if id.is_empty() {
        return Err(t.cell_error(row, col, "empty id; every person needs a unique id"));
    }
    if let Some(first) = seen.insert(id.clone(), row.line) {
        return Err(t.cell_error(
            row,
            col,
            format!("duplicate id '{id}' (first on line {first}); ids must be unique"),
        ));
    }
    Ok(id)
}

/// The name in the name column, or the id when there is none.
pub(crate) fn display_name(row: &Row, name_col: Option<usize>, id: &str) -> String {
    name_col
        .map(|c| row.cells[c].clone())
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| id.to_string())
}

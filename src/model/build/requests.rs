//! The `[requests]` term (README: Requests): the roster's `with` and `not_with` cells, ids or
//! names, resolved to members. A name that matches nobody on the roster is a note naming
//! the cell (people leave); a name that matches several people is bad input listing them;
//! people on the roster who do not take part (excluded by status) are passed over.

use super::columns::set_elements;
use super::Roster;
use crate::model::terms::requests::{Kind, Request, Requests};
use anyhow::Result;
use std::collections::{HashMap, HashSet};

/// The soft requests term and, with `hard_not_with`, the `not_with` pairs as apart sets.
pub(super) fn term(
    r: &Roster,
    index: &HashMap<&str, usize>,
    notes: &mut Vec<String>,
) -> Result<(Option<Requests>, Vec<Vec<usize>>)> {
    let Some(s) = &r.settings.requests else {
        return Ok((None, Vec::new()));
    };
    let people = People::new(r, index);
    let mut list = Vec::new();
    let mut apart = Vec::new();
    for (column, kind) in [(&s.with, Kind::With), (&s.not_with, Kind::NotWith)] {
        let Some(name) = column else { continue };
        let c = r.column(name, "[requests]")?;
        for (from, row) in r.rows.iter().enumerate() {
            for token in set_elements(&row.cells[c], &s.separator) {
                let to = match people.find(token) {
                    Found::Member(to) => to,
                    Found::NotTakingPart => continue,
                    Found::Nobody => {
                        notes.push(format!(
                            "{} (column '{}'): '{token}' is not on the roster; the request is ignored",
                            r.table.at(Some(row.line), Some(c)),
                            r.table.headers[c]
                        ));
                        continue;
                    }
                    Found::Several(ids) => {
                        return Err(r.table.cell_error(
                            row,
                            c,
                            format!(
                                "'{token}' is the name of {} people ({}); write the id of the one meant",
                                ids.len(),
                                ids.join(", ")
                            ),
                        ))
                    }
                };
                if to == from {
                    continue;
                }
                if kind == Kind::NotWith && s.hard_not_with {
                    apart.push(vec![from.min(to), from.max(to)]);
                } else {
                    list.push(Request { from, to, kind });
                }
            }
        }
    }
    apart.sort();
    apart.dedup();
    Ok((Some(Requests::new(s.weight, r.members.len(), list)), apart))
}

/// Whom a name or id in a request cell is.
enum Found {
    /// A member taking part.
    Member(usize),
    /// Someone on the roster who does not take part.
    NotTakingPart,
    /// Nobody on the roster.
    Nobody,
    /// Several people of that name: their ids.
    Several(Vec<String>),
}

/// Everyone on the roster by id and by name (case and surrounding spaces ignored).
struct People<'a> {
    index: &'a HashMap<&'a str, usize>,
    ids: HashSet<&'a str>,
    by_name: HashMap<String, Vec<&'a str>>,
}

impl<'a> People<'a> {
    fn new(r: &'a Roster, index: &'a HashMap<&'a str, usize>) -> Self {
        let cols = &r.settings.columns;
        let id_col = r.table.column(&cols.id);
        let name_col = r.table.column(&cols.name);
        let mut ids = HashSet::new();
        let mut by_name: HashMap<String, Vec<&str>> = HashMap::new();
        for row in &r.table.rows {
            let Some(id) = id_col.map(|c| row.cells[c].as_str()) else {
                continue;
            };
            ids.insert(id);
            if let Some(name) = name_col.map(|c| row.cells[c].trim()) {
                by_name.entry(name.to_lowercase()).or_default().push(id);
            }
        }
        People {
            index,
            ids,
            by_name,
        }
    }

    fn find(&self, token: &str) -> Found {
        let by_id = |id: &str| match self.index.get(id) {
            Some(&i) => Found::Member(i),
            None => Found::NotTakingPart,
        };
        if self.ids.contains(token) {
            return by_id(token);
        }
        match self.by_name.get(&token.to_lowercase()).map(Vec::as_slice) {
            None | Some([]) => Found::Nobody,
            Some([id]) => by_id(id),
            Some(ids) => Found::Several(ids.iter().map(ToString::to_string).collect()),
        }
    }
}

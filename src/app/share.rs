//! `--share FILE` of `assign` and `rotate`: the list meant for members, checked before any
//! work is done and written atomically like every output.

use super::Loaded;
use crate::io::atomic::write_atomic;
use crate::io::table::Table;
use crate::model::grouping::Grouping;
use crate::model::problem::{Problem, SimilarData};
use crate::model::score::largest_share;
use crate::report::share::{ShareFormat, ShareGroup, SharePerson, ShareView, SharedElement};
use crate::report::{AssignView, PersonView};
use anyhow::{bail, Result};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Where the list goes and how it is written.
pub(super) struct Share {
    path: PathBuf,
    format: ShareFormat,
    /// Column of each `share_columns` entry in the roster.
    columns: Vec<usize>,
}

/// The format of `--share` (refusing an extension it has none for), before anything is read.
pub(super) fn format(path: Option<&Path>) -> Result<Option<ShareFormat>> {
    path.map(ShareFormat::of).transpose()
}

impl Share {
    /// The list to write to `path`, once the roster is read: every `share_columns` entry
    /// must be a roster column.
    pub(super) fn new(l: &Loaded, path: &Path, format: ShareFormat) -> Result<Self> {
        let columns = l
            .settings
            .share_columns
            .iter()
            .map(|c| match l.roster.column(c) {
                Some(k) => Ok(k),
                None => bail!(
                    "{}: share_columns names '{c}', which is not a column of the roster {} (columns: {}); use one of those names or remove it",
                    l.settings.path.display(),
                    l.roster.path.display(),
                    l.roster.headers.join(", ")
                ),
            })
            .collect::<Result<_>>()?;
        Ok(Share {
            path: path.to_path_buf(),
            format,
            columns,
        })
    }

    /// Writes the list of the formed groups.
    pub(super) fn write(
        &self,
        l: &Loaded,
        p: &Problem,
        grouping: &Grouping,
        v: &AssignView,
    ) -> Result<()> {
        let view = self.view(l, p, grouping, v);
        write_atomic(&self.path, self.format.render(&view).as_bytes())
    }

    fn view(&self, l: &Loaded, p: &Problem, grouping: &Grouping, v: &AssignView) -> ShareView {
        let id_column = &l.settings.columns.id;
        let members = Details::new(&l.roster, id_column, &self.columns);
        let pool_columns: Vec<Option<usize>> = l.pool.as_ref().map_or_else(Vec::new, |t| {
            self.columns
                .iter()
                .map(|&k| t.column(&l.roster.headers[k]))
                .collect()
        });
        let facilitators = l
            .pool
            .as_ref()
            .map(|t| Details::pool(t, id_column, &pool_columns));
        let groups = v
            .groups
            .iter()
            .zip(&grouping.groups)
            .map(|(g, indices)| ShareGroup {
                name: g.name.clone(),
                members: g.members.iter().map(|m| members.person(m)).collect(),
                facilitators: g
                    .facilitators
                    .iter()
                    .map(|f| match &facilitators {
                        Some(d) => d.person(f),
                        None => SharePerson {
                            name: f.name.clone(),
                            details: Vec::new(),
                        },
                    })
                    .collect(),
                shared: shared_elements(p, indices),
            })
            .collect();
        ShareView {
            cycle: v.cycle.clone(),
            columns: self
                .columns
                .iter()
                .map(|&k| l.roster.headers[k].clone())
                .collect(),
            groups,
        }
    }
}

/// The shared columns' values of each person of a table, by id.
struct Details<'a> {
    rows: HashMap<&'a str, Vec<&'a str>>,
    width: usize,
}

impl<'a> Details<'a> {
    /// From the roster: `columns` all exist.
    fn new(t: &'a Table, id_column: &str, columns: &[usize]) -> Self {
        Self::pool(
            t,
            id_column,
            &columns.iter().map(|&k| Some(k)).collect::<Vec<_>>(),
        )
    }

    /// From a table that may lack some of the columns (a facilitator pool).
    fn pool(t: &'a Table, id_column: &str, columns: &[Option<usize>]) -> Self {
        let rows = match t.column(id_column) {
            Some(id) => t
                .rows
                .iter()
                .map(|r| {
                    let cells = columns
                        .iter()
                        .map(|k| k.map_or("", |k| r.cells[k].as_str()))
                        .collect();
                    (r.cells[id].as_str(), cells)
                })
                .collect(),
            None => HashMap::new(),
        };
        Details {
            rows,
            width: columns.len(),
        }
    }

    fn person(&self, x: &PersonView) -> SharePerson {
        let details = match self.rows.get(x.id.as_str()) {
            Some(cells) => cells.iter().map(std::string::ToString::to_string).collect(),
            None => vec![String::new(); self.width],
        };
        SharePerson {
            name: x.name.clone(),
            details,
        }
    }
}

/// For each set `[[similar]]` column, the element most of the group's members share.
fn shared_elements(p: &Problem, members: &[usize]) -> Vec<SharedElement> {
    p.similar()
        .filter_map(|s| match &s.data {
            SimilarData::Set { elements, .. } => {
                let (count, element) = largest_share(&s.data, members);
                Some(SharedElement {
                    column: s.column.clone(),
                    element: element.map(|e| elements[e as usize].clone()),
                    count,
                    of: members.len(),
                })
            }
            _ => None,
        })
        .collect()
}

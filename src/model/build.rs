//! Builds a [`Problem`] from the validated settings, the roster table, past cycles and an
//! optional distances table. Every message names the file, line and column it is about.

use super::coverage::{pair_ages, PairAges};
use super::history::Cycle;
use super::limits;
use super::problem::*;
use super::sizes;
use crate::config::{Columns, DistanceSource, Settings, SimilarKind};
use crate::error::infeasible;
use crate::io::table::{Row, Table};
use crate::text::plural;
use anyhow::{anyhow, bail, Result};
use std::collections::{BTreeSet, HashMap};

/// What a problem is built from.
pub struct Inputs<'a> {
    /// Validated config.
    pub settings: &'a Settings,
    /// The roster file.
    pub roster: &'a Table,
    /// Past cycles, oldest first.
    pub history: &'a [Cycle],
    /// The distances file, when `[diversity] distances` is set.
    pub distances: Option<&'a Table>,
}

/// Builds the problem.
pub fn build(inputs: &Inputs) -> Result<Problem> {
    let s = inputs.settings;
    let t = inputs.roster;
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

    let roles: Vec<Role> = s
        .roles
        .iter()
        .map(|(name, r)| Role {
            name: name.clone(),
            min_per_group: r.min_per_group,
            max_per_group: r.max_per_group,
            counts_toward_size: r.counts_toward_size,
        })
        .collect();

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
    let n = members.len();
    let n_counting = members.iter().filter(|m| m.counts).count();
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
    let mut notes = Vec::new();
    if !unknown_roles.is_empty() {
        notes.push(format!(
            "{}: roles without a [roles.NAME] table are treated as ordinary members: {}",
            t.path.display(),
            unknown_roles.into_iter().collect::<Vec<_>>().join(", ")
        ));
    }

    let count = match g.count {
        Some(c) => {
            if !sizes::fits(n_counting, c, g.min_size, g.max_size) {
                return Err(infeasible(
                    format!(
                        "{} cannot form exactly {} of {}..{}",
                        plural(n_counting, "ordinary member", "ordinary members"),
                        plural(c, "group", "groups"),
                        g.min_size,
                        g.max_size
                    ),
                    count_suggestions(n_counting, g.min_size, g.max_size),
                ));
            }
            c
        }
        None => sizes::choose_count(n_counting, g.min_size, g.max_size, g.target_size).ok_or_else(
            || {
                infeasible(
                    format!(
                        "{} ordinary members cannot be split into groups of {}..{}",
                        n_counting, g.min_size, g.max_size
                    ),
                    size_suggestions(n_counting, g.min_size, g.max_size),
                )
            },
        )?,
    };
    let (size_lo, size_hi) = sizes::bounds(n_counting, count, g.min_size, g.max_size, g.even_sizes);
    let groups = GroupRules {
        count,
        min_size: g.min_size,
        max_size: g.max_size,
        even_sizes: g.even_sizes,
        fixed_count: g.count,
        size_lo,
        size_hi,
        prefix: g.label_prefix.clone(),
    };

    // Attribute columns.
    let column = |name: &str, what: &str| -> Result<usize> {
        t.require(
            name,
            &format!("it is named in {} of {}", what, s.path.display()),
        )
    };
    let cells = |c: usize| rows.iter().map(move |r| r.cells[c].as_str());

    let mut balance = Vec::new();
    for b in &s.balance {
        let c = column(&b.column, "[[balance]]")?;
        let (value_of, values) = categorize(cells(c));
        let mut cohort = vec![0; values.len()];
        for &v in &value_of {
            cohort[v as usize] += 1;
        }
        let population = value_of.len();
        // Tabulated up to sizes × values of 50 million steps (a fraction of a second).
        let floor_sums = if (population + 1) * cohort.len() <= 50_000_000 {
            (0..=population)
                .map(|m| sum_of_floors(&cohort, m, population.max(1)))
                .collect()
        } else {
            Vec::new()
        };
        balance.push(Balance {
            column: t.headers[c].clone(),
            weight: b.weight,
            max_per_group: b.max_per_group,
            value_of,
            values,
            cohort,
            floor_sums,
        });
    }

    let mut similar = Vec::new();
    for sim in &s.similar {
        let c = column(&sim.column, "[[similar]]")?;
        let why = match (sim.kind, sim.max_spread) {
            (Some(SimilarKind::Numeric), _) => Some("it has kind = \"numeric\""),
            (None, Some(_)) => Some("max_spread is a rule on numbers"),
            _ => None,
        };
        let kind = match (sim.kind, why) {
            (Some(k), _) => k,
            (None, Some(_)) => SimilarKind::Numeric,
            (None, None) => {
                if is_numeric_column(t, &rows, c, "[[similar]]")? {
                    SimilarKind::Numeric
                } else {
                    SimilarKind::Categorical
                }
            }
        };
        let data = match kind {
            SimilarKind::Numeric => SimilarData::Numeric {
                values: numbers(
                    t,
                    &rows,
                    c,
                    &format!(
                        "[[similar]] column '{}' is numeric because {}",
                        sim.column,
                        why.unwrap_or("all its other values are numbers")
                    ),
                )?,
                max_spread: sim.max_spread,
            },
            SimilarKind::Categorical => {
                let (value_of, values) = categorize(cells(c));
                SimilarData::Categorical { value_of, values }
            }
            SimilarKind::Set => {
                let mut elements: Vec<String> = Vec::new();
                let mut index: HashMap<String, u32> = HashMap::new();
                let mut sets = Vec::with_capacity(n);
                for cell in cells(c) {
                    let mut set: Vec<u32> = cell
                        .split(sim.separator.as_str())
                        .map(str::trim)
                        .filter(|e| !e.is_empty())
                        .map(|e| {
                            *index.entry(e.to_string()).or_insert_with(|| {
                                elements.push(e.to_string());
                                (elements.len() - 1) as u32
                            })
                        })
                        .collect();
                    set.sort_unstable();
                    set.dedup();
                    sets.push(set);
                }
                SimilarData::Set {
                    sets,
                    elements,
                    require_common: sim.require_common,
                }
            }
        };
        similar.push(Similar {
            column: t.headers[c].clone(),
            weight: sim.weight,
            data,
        });
    }

    let diversity = match &s.diversity {
        None => None,
        Some(d) => {
            let distances = match &d.source {
                DistanceSource::Columns(names) => {
                    let mut gower = Vec::new();
                    for name in names {
                        let c = column(name, "[diversity] columns")?;
                        if is_numeric_column(t, &rows, c, "[diversity] columns")? {
                            let v = numbers(
                                t,
                                &rows,
                                c,
                                &format!(
                                    "[diversity] column '{name}' is numeric because its other values are numbers"
                                ),
                            )?;
                            let (lo, hi) = v
                                .iter()
                                .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &x| {
                                    (a.min(x), b.max(x))
                                });
                            let range = if hi > lo { hi - lo } else { 1.0 };
                            gower.push(GowerColumn::Numeric(
                                v.iter().map(|x| (x - lo) / range).collect(),
                            ));
                        } else {
                            gower.push(GowerColumn::Categorical(categorize(cells(c)).0));
                        }
                    }
                    Distances::Gower(gower)
                }
                DistanceSource::File(_) => {
                    let table = inputs
                        .distances
                        .ok_or_else(|| anyhow!("the distances file was not read"))?;
                    dense_distances(table, &members, &excluded)?
                }
            };
            Some(Diversity {
                weight: d.weight,
                distances,
            })
        }
    };

    let index: HashMap<&str, usize> = members
        .iter()
        .enumerate()
        .map(|(i, m)| (m.id.as_str(), i))
        .collect();
    let lookup = |id: &str, what: &str| -> Result<Option<usize>> {
        match index.get(id) {
            Some(&i) => Ok(Some(i)),
            None if excluded.iter().any(|e| e == id) => Ok(None),
            None => bail!(
                "{}: {} names '{}', who is not in the roster {}; fix the id or add the person",
                s.path.display(),
                what,
                id,
                t.path.display()
            ),
        }
    };
    let mut apart = Vec::new();
    for set in &s.apart {
        no_one_twice(s, set, "apart")?;
        let mut ids = Vec::new();
        for id in set {
            if let Some(i) = lookup(id.trim(), "[keep] apart")? {
                ids.push(i);
            }
        }
        ids.sort_unstable();
        ids.dedup();
        if ids.len() > 1 {
            apart.push(ids);
        }
    }
    let mut together = Vec::new();
    for set in &s.together {
        no_one_twice(s, set, "together")?;
        let mut ids = Vec::new();
        for id in set {
            if let Some(i) = lookup(id.trim(), "[keep] together")? {
                ids.push(i);
            }
        }
        ids.sort_unstable();
        ids.dedup();
        let counting = ids.iter().filter(|&&i| members[i].counts).count();
        if counting > g.max_size {
            bail!(
                "{}: a [keep] together set ({}) has {} ordinary members but groups.max_size is {}; split the set or raise groups.max_size",
                s.path.display(),
                set.join(", "),
                counting,
                g.max_size
            );
        }
        if counting > size_hi {
            return Err(infeasible(
                format!(
                    "[keep] together conflicts with the group sizes: the set ({}) has {}, but {} in {} of even sizes leave room for at most {} per group",
                    set.join(", "),
                    plural(counting, "ordinary member", "ordinary members"),
                    plural(n_counting, "member", "members"),
                    plural(count, "group", "groups"),
                    size_hi
                ),
                together_suggestions(n_counting, counting, count, g),
            ));
        }
        if ids.len() > 1 {
            together.push(ids);
        }
    }

    let mut pins = vec![None; n];
    for (id, label) in &s.pin {
        let i = match index.get(id.trim()) {
            Some(&i) => i,
            None if excluded.iter().any(|e| e == id.trim()) => bail!(
                "{}: [pin] {} = \"{}\": '{}' is excluded by status in {}; remove the pin or the status",
                s.path.display(),
                id,
                label,
                id,
                t.path.display()
            ),
            None => bail!(
                "{}: [pin] names '{}', who is not in the roster {}; fix the id",
                s.path.display(),
                id,
                t.path.display()
            ),
        };
        let k = (0..count)
            .find(|&k| groups.label(k) == label.trim())
            .ok_or_else(|| {
                anyhow!(
                    "{}: [pin] {} = \"{}\": there is no group '{}'; this cycle has {}, {} to {}",
                    s.path.display(),
                    id,
                    label,
                    label,
                    plural(count, "group", "groups"),
                    groups.label(0),
                    groups.label(count - 1)
                )
            })?;
        pins[i] = Some(k);
    }

    let repeats = past_pairs(s, inputs.history, &index, &excluded, &mut notes);

    let problem = Problem {
        population: members.len(),
        members,
        excluded,
        n_counting,
        groups,
        roles,
        balance,
        similar,
        diversity,
        repeats,
        apart,
        together,
        pins,
        notes,
    };
    limits::check_magnitude(&problem, &s.path.display().to_string())?;
    Ok(problem)
}

/// A `[keep]` set that names one person twice is a slip in the config: which set was meant?
fn no_one_twice(s: &Settings, set: &[String], what: &str) -> Result<()> {
    for (k, id) in set.iter().enumerate() {
        if set[..k].iter().any(|o| o.trim() == id.trim()) {
            bail!(
                "{}: [keep] {what} set [{}] names '{}' twice; list each person once in a set",
                s.path.display(),
                set.join(", "),
                id.trim()
            );
        }
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
    t: &Table,
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

fn size_suggestions(n: usize, min: usize, max: usize) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(g) = (1..=n).find(|&g| g * max >= n) {
        out.push(format!(
            "with {}, min_size would need to be at most {} (it is {min})",
            plural(g, "group", "groups"),
            n / g
        ));
    }
    if let Some(g) = (1..=n).rev().find(|&g| g * min <= n) {
        out.push(format!(
            "with {}, max_size would need to be at least {} (it is {max})",
            plural(g, "group", "groups"),
            n.div_ceil(g)
        ));
    }
    out
}

/// What would let `n` members form the fixed number of groups: the counts that fit.
fn count_suggestions(n: usize, min: usize, max: usize) -> Vec<String> {
    let counts: Vec<usize> = (1..=n).filter(|&c| sizes::fits(n, c, min, max)).collect();
    match (counts.first(), counts.last()) {
        (Some(lo), Some(hi)) if lo == hi => vec![format!(
            "feasible with groups.count = {lo} (or without groups.count)"
        )],
        (Some(lo), Some(hi)) => vec![format!(
            "feasible with groups.count between {lo} and {hi} (or without groups.count)"
        )],
        _ => size_suggestions(n, min, max),
    }
}

/// What would make room for a together set of `set` ordinary members among `n` in `count`
/// groups with even sizes.
fn together_suggestions(
    n: usize,
    set: usize,
    count: usize,
    g: &crate::config::GroupSettings,
) -> Vec<String> {
    let (min, max) = (g.min_size, g.max_size);
    let mut out = Vec::new();
    let roomy = (1..=n)
        .filter(|&c| sizes::fits(n, c, min, max) && sizes::bounds(n, c, min, max, true).1 >= set)
        .min_by_key(|&c| (c.abs_diff(count), c));
    if let Some(c) = roomy {
        out.push(format!(
            "feasible for the sizes with {}: set groups.count = {c}",
            plural(c, "group", "groups")
        ));
    }
    let uneven = count > 1
        && (set.max(min)..=max)
            .any(|s| n >= s && (count - 1) * min <= n - s && n - s <= (count - 1) * max);
    if uneven {
        out.push("feasible for the sizes with groups.even_sizes = false".into());
    }
    out.push("or split the together set".into());
    out
}

/// Value index per cell and the distinct values in order of first appearance.
fn categorize<'a>(cells: impl Iterator<Item = &'a str>) -> (Vec<u32>, Vec<String>) {
    let mut values: Vec<String> = Vec::new();
    let mut index: HashMap<&'a str, u32> = HashMap::new();
    let value_of = cells
        .map(|c| {
            *index.entry(c).or_insert_with(|| {
                values.push(c.to_string());
                (values.len() - 1) as u32
            })
        })
        .collect();
    (value_of, values)
}

/// A finite decimal number, the only kind of cell a numeric rule or column accepts (spec §5):
/// `NaN`, `inf` and numbers too large for a double (`1e400`) are not.
fn finite_number(cell: &str) -> Option<f64> {
    cell.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// Whether a column without a `kind` is numeric: every non-blank cell is a finite number.
/// A column that is meant as numbers but holds a broken one is bad input rather than a
/// silent switch to categories (which would drop the column's numeric meaning): a cell
/// that reads as NaN, an infinity or a number out of range, or a text cell in a column
/// whose other cells are mostly numbers.
fn is_numeric_column(t: &Table, rows: &[&Row], c: usize, what: &str) -> Result<bool> {
    let mut numbers = 0usize;
    let mut first_text = None;
    for r in rows {
        let cell = r.cells[c].as_str();
        if cell.is_empty() {
            continue;
        }
        match cell.parse::<f64>() {
            Ok(v) if v.is_finite() => numbers += 1,
            Ok(_) => {
                return Err(t.cell_error(
                    r,
                    c,
                    format!(
                        "'{cell}' is not a finite number; {what} column '{}' holds numbers, so write a decimal number here",
                        t.headers[c]
                    ),
                ))
            }
            Err(_) => {
                first_text.get_or_insert(*r);
            }
        }
    }
    let texts = rows
        .iter()
        .filter(|r| !r.cells[c].is_empty() && finite_number(&r.cells[c]).is_none())
        .count();
    match first_text {
        None => Ok(numbers > 0),
        Some(r) if numbers > texts => Err(t.cell_error(
            r,
            c,
            format!(
                "'{}' is not a number, but {numbers} of the {} filled cells of {what} column '{}' are; write a number here{}",
                r.cells[c],
                numbers + texts,
                t.headers[c],
                if what == "[[similar]]" {
                    ", or set kind = \"categorical\" if the column holds labels"
                } else {
                    ""
                }
            ),
        )),
        Some(_) => Ok(false),
    }
}

/// The numbers of a numeric column; `why` says why it is numeric (for messages).
fn numbers(t: &Table, rows: &[&Row], c: usize, why: &str) -> Result<Vec<f64>> {
    rows.iter()
        .map(|r| {
            let cell = &r.cells[c];
            match finite_number(cell) {
                Some(v) => Ok(v),
                None if cell.is_empty() => Err(t.cell_error(
                    r,
                    c,
                    format!("blank value in a numeric column ({why}); fill it in, or exclude the person"),
                )),
                None => Err(t.cell_error(
                    r,
                    c,
                    format!(
                        "'{cell}' is not a finite decimal number; {why}, so every row needs one (use digits and '.')"
                    ),
                )),
            }
        })
        .collect()
}

fn dense_distances(table: &Table, members: &[Member], excluded: &[String]) -> Result<Distances> {
    let n = members.len();
    let index: HashMap<&str, usize> = members
        .iter()
        .enumerate()
        .map(|(i, m)| (m.id.as_str(), i))
        .collect();
    let hint = "a distances file has columns a,b,distance";
    let (ca, cb, cd) = (
        table.require("a", hint)?,
        table.require("b", hint)?,
        table.require("distance", hint)?,
    );
    let mut d = vec![0.0; n * n];
    for row in &table.rows {
        let mut ends = [0usize; 2];
        let mut skip = false;
        for (k, &c) in [ca, cb].iter().enumerate() {
            let id = row.cells[c].as_str();
            match index.get(id) {
                Some(&i) => ends[k] = i,
                None if excluded.iter().any(|e| e == id) => skip = true,
                None => {
                    return Err(table.cell_error(row, c, format!("'{id}' is not in the roster")))
                }
            }
        }
        let v: f64 = row.cells[cd]
            .parse()
            .ok()
            .filter(|v: &f64| v.is_finite() && *v >= 0.0)
            .ok_or_else(|| {
                table.cell_error(
                    row,
                    cd,
                    format!("'{}' is not a non-negative number", row.cells[cd]),
                )
            })?;
        if skip || ends[0] == ends[1] {
            continue;
        }
        d[ends[0] * n + ends[1]] = v;
        d[ends[1] * n + ends[0]] = v;
    }
    Ok(Distances::Dense { n, d })
}

fn past_pairs(
    s: &Settings,
    history: &[Cycle],
    index: &HashMap<&str, usize>,
    excluded: &[String],
    notes: &mut Vec<String>,
) -> Repeats {
    let n = index.len();
    let lookback = s.repeats.lookback.map_or(history.len(), |l| l as usize);
    let start = history.len().saturating_sub(lookback);
    let PairAges { age, left } = pair_ages(&history[start..], index, excluded);
    if !left.is_empty() {
        notes.push(format!(
            "{} in the history {} no longer in the roster; their past pairs are ignored",
            plural(left.len(), "person", "people"),
            if left.len() == 1 { "is" } else { "are" }
        ));
    }
    let mut met = vec![Vec::new(); n];
    for (&(i, j), &a) in &age {
        met[i as usize].push((j, a));
        met[j as usize].push((i, a));
    }
    for m in &mut met {
        m.sort_unstable();
    }
    Repeats {
        weight: s.repeats.weight,
        decay: s.repeats.decay,
        forbid_within: s.repeats.forbid_within,
        age,
        met,
    }
}

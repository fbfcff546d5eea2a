//! Builds a [`Problem`] from the validated settings, the roster table, past cycles and an
//! optional distances table. Every message names the file, line and column it is about.
//!
//! One file per idea: `members` reads who takes part, `groups` fixes the count and
//! sizes, `balance`, `similar` and `diversity` turn their columns into the facts the
//! score reads, `keep` resolves the `[keep]` sets and pins, and `repeats` the past pairs.
//! `columns` holds what they share about cells (categories, finite numbers).

mod balance;
mod columns;
mod diversity;
mod groups;
mod keep;
mod members;
mod repeats;
mod requests;
mod similar;

pub(crate) use columns::set_elements;
pub(crate) use members::{display_name, excluded_statuses, is_excluded, unique_id};

use super::history::Cycle;
use super::limits;
use super::problem::*;
use super::terms::{Requests, Term};
use crate::config::Settings;
use crate::model::records::{Records, Row};
use anyhow::{bail, Result};
use std::collections::HashMap;

/// What a problem is built from.
pub struct Inputs<'a> {
    /// Validated config.
    pub settings: &'a Settings,
    /// The roster file.
    pub roster: &'a Records,
    /// Past cycles, oldest first.
    pub history: &'a [Cycle],
    /// The distances file, when `[diversity] distances` is set.
    pub distances: Option<&'a Records>,
}

/// The roster rows that take part, with what every part of the build reads of them.
struct Roster<'a> {
    settings: &'a Settings,
    table: &'a Records,
    /// The rows of the members, in roster order.
    rows: Vec<&'a Row>,
    members: Vec<Member>,
    /// Ids of the rows excluded by status.
    excluded: Vec<String>,
    roles: Vec<Role>,
    /// Members that count toward group sizes.
    n_counting: usize,
}

impl<'a> Roster<'a> {
    /// The column a part of the config names, or an error saying where it is named.
    fn column(&self, name: &str, what: &str) -> Result<usize> {
        self.table.require(
            name,
            &format!(
                "it is named in {} of {}",
                what,
                self.settings.path.display()
            ),
        )
    }

    /// The members' cells of column `c`, in member order.
    fn cells(&self, c: usize) -> impl Iterator<Item = &'a str> + '_ {
        self.rows.iter().map(move |r| r.cells[c].as_str())
    }

    /// Member index by id.
    fn index(&self) -> HashMap<&str, usize> {
        self.members
            .iter()
            .enumerate()
            .map(|(i, m)| (m.id.as_str(), i))
            .collect()
    }

    /// Whether `id` is a roster row excluded by status.
    fn is_excluded(&self, id: &str) -> bool {
        self.excluded.iter().any(|e| e == id)
    }

    /// The member a config entry names: `None` for someone excluded by status, an error for
    /// someone not on the roster.
    fn lookup(&self, index: &HashMap<&str, usize>, id: &str, what: &str) -> Result<Option<usize>> {
        match index.get(id) {
            Some(&i) => Ok(Some(i)),
            None if self.is_excluded(id) => Ok(None),
            None => bail!(
                "{}: {} names '{}', who is not in the roster {}; fix the id or add the person",
                self.settings.path.display(),
                what,
                id,
                self.table.path.display()
            ),
        }
    }
}

/// The score terms in score order, the repeats last (see [`Problem::repeats`]).
fn terms(
    balance: Vec<Balance>,
    similar: Vec<Similar>,
    diversity: Option<Diversity>,
    requests: Option<Requests>,
    repeats: Repeats,
) -> Vec<Term> {
    let mut terms: Vec<Term> = balance.into_iter().map(Term::from).collect();
    terms.extend(similar.into_iter().map(Term::from));
    terms.extend(diversity.map(Term::from));
    terms.extend(requests.map(Term::from));
    terms.push(repeats.into());
    terms
}

/// Builds the problem.
pub fn build(inputs: &Inputs) -> Result<Problem> {
    let s = inputs.settings;
    let (roster, mut notes) = members::read(s, inputs.roster)?;
    let groups = groups::rules(s, roster.n_counting)?;
    let balance = balance::columns(&roster)?;
    let similar = similar::columns(&roster)?;
    let diversity = diversity::term(&roster, inputs.distances)?;
    let index = roster.index();
    let mut apart = keep::apart(&roster, &index)?;
    let (requests, kept_apart) = requests::term(&roster, &index, &mut notes)?;
    apart.extend(kept_apart);
    let together = keep::together(&roster, &index, &groups)?;
    let pins = keep::pins(&roster, &index, &groups)?;
    let repeats = repeats::past_pairs(s, inputs.history, &index, &roster.excluded, &mut notes);
    drop(index);
    let Roster {
        members,
        excluded,
        roles,
        n_counting,
        ..
    } = roster;
    let problem = Problem {
        population: members.len(),
        members,
        excluded,
        n_counting,
        groups,
        roles,
        terms: terms(balance, similar, diversity, requests, repeats),
        apart,
        together,
        pins,
        notes,
    };
    limits::check_magnitude(&problem, &s.path.display().to_string())?;
    Ok(problem)
}

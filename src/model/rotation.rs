//! What a new cycle changes for each person compared with the history: previous group, new
//! group-mates, repeats, joiners and leavers, and the history's coverage before and after.

use super::coverage::{coverage, met_in, Coverage, PairAges};
use super::grouping::Grouping;
use super::history::Cycle;
use super::problem::Problem;

/// One person's move.
#[derive(Debug, Clone, PartialEq)]
pub struct Move {
    /// Member index.
    pub member: usize,
    /// Group label in the last cycle of the history, if the person was in it.
    pub previous: Option<String>,
    /// Index of the new group in the grouping.
    pub group: usize,
    /// Group-mates never met before.
    pub new_mates: Vec<usize>,
    /// Group-mates met before, with the age of the last meeting (1 = last cycle).
    pub repeats: Vec<(usize, u32)>,
}

/// The rotation from the history to a new grouping.
#[derive(Debug, Clone, PartialEq)]
pub struct Rotation {
    /// Label of the last cycle of the history.
    pub previous_cycle: Option<String>,
    /// Every placed member, in roster order.
    pub moves: Vec<Move>,
    /// People with at least one group-mate, all of them new.
    pub all_new: usize,
    /// Pairs in the new groups that met before: `(i, j, age)`, by age then roster order.
    pub repeated_pairs: Vec<(usize, usize, u32)>,
    /// Coverage of the history before the new cycle.
    pub before: Coverage,
    /// Coverage with the new cycle.
    pub after: Coverage,
    /// Members who were not in the last cycle.
    pub joiners: Vec<usize>,
    /// Ids in the last cycle who take no part now (left the roster or excluded by status).
    pub leavers: Vec<String>,
}

/// Pairs of `members` that met before: `(i, j, age)` with `i < j`.
pub fn pairs_met_before(met: &PairAges, members: &[usize]) -> Vec<(usize, usize, u32)> {
    let mut out = Vec::new();
    for (x, &i) in members.iter().enumerate() {
        for &j in &members[x + 1..] {
            if let Some(a) = met.get(i, j) {
                out.push((i.min(j), i.max(j), a));
            }
        }
    }
    out
}

/// Repeated pairs counted per age, ascending.
pub fn by_age(pairs: &[(usize, usize, u32)]) -> Vec<(u32, usize)> {
    let mut out: Vec<(u32, usize)> = Vec::new();
    let mut ages: Vec<u32> = pairs.iter().map(|x| x.2).collect();
    ages.sort_unstable();
    for a in ages {
        match out.last_mut() {
            Some((age, n)) if *age == a => *n += 1,
            _ => out.push((a, 1)),
        }
    }
    out
}

/// Compares `grouping` (the new cycle) with `history` (every earlier cycle, oldest first).
pub fn rotation(p: &Problem, history: &[Cycle], grouping: &Grouping) -> Rotation {
    let met = met_in(p, history);
    let last = history.last();
    let mut previous: Vec<Option<String>> = vec![None; p.n()];
    let mut leavers = Vec::new();
    let index = p.index();
    for g in last.iter().flat_map(|c| &c.groups) {
        for (id, _) in &g.members {
            match index.get(id.as_str()) {
                Some(&i) => previous[i] = Some(g.label.clone()),
                None => leavers.push(id.clone()),
            }
        }
    }
    leavers.sort();
    leavers.dedup();
    let mut moves = Vec::new();
    let mut repeated = Vec::new();
    let mut after = met.clone();
    for (g, members) in grouping.groups.iter().enumerate() {
        for &i in members {
            let mates = members.iter().copied().filter(|&j| j != i);
            let (repeats, new_mates): (Vec<usize>, Vec<usize>) =
                mates.partition(|&j| met.get(i, j).is_some());
            moves.push(Move {
                member: i,
                previous: previous[i].clone(),
                group: g,
                new_mates,
                repeats: repeats
                    .into_iter()
                    .map(|j| (j, met.get(i, j).unwrap_or(0)))
                    .collect(),
            });
        }
        repeated.extend(pairs_met_before(&met, members));
        for (x, &i) in members.iter().enumerate() {
            for &j in &members[x + 1..] {
                after
                    .age
                    .entry((i.min(j) as u32, i.max(j) as u32))
                    .or_insert(0);
            }
        }
    }
    moves.sort_by_key(|m| m.member);
    repeated.sort_by_key(|&(i, j, a)| (a, i, j));
    let all_new = moves
        .iter()
        .filter(|m| m.repeats.is_empty() && !m.new_mates.is_empty())
        .count();
    let joiners = match last {
        Some(_) => moves
            .iter()
            .filter(|m| m.previous.is_none())
            .map(|m| m.member)
            .collect(),
        None => Vec::new(),
    };
    Rotation {
        previous_cycle: last.map(|c| c.label.clone()),
        moves,
        all_new,
        repeated_pairs: repeated,
        before: coverage(p.n(), &met),
        after: coverage(p.n(), &after),
        joiners,
        leavers,
    }
}

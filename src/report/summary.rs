//! The first line of `assign` and `rotate`: what the score means, in plain words a programme
//! executive reads ("Every group mirrors the cohort within one person on profession and
//! gender; 2 groups have two people with the same organisation; no one meets a past
//! group-mate."). One clause per score component, built from the problem and the groups, so
//! the words always match the numbers on the line below them.

use super::num;
use crate::model::problem::{Balance, Distances, Problem, Similar, SimilarData};
use crate::model::score::{largest_share, repeated_pairs, spread};
use crate::text::{and_list, plural};

/// The plain-words line for `groups` (member indices, facilitators excluded) of problem `p`.
/// `gower_columns` are the `[diversity] columns` (empty when the distances come from a file).
pub fn plain_words(p: &Problem, groups: &[Vec<usize>], gower_columns: &[String]) -> String {
    let mut clauses = balance_clauses(p, groups);
    clauses.extend(p.similar().map(|s| similar_clause(s, groups)));
    if let Some(d) = p.diversity() {
        clauses.push(diversity_clause(&d.distances, groups, gower_columns));
    }
    clauses.extend(requests_clause(p, groups));
    clauses.push(repeats_clause(p, groups));
    let line = clauses.join("; ");
    let mut chars = line.chars();
    match chars.next() {
        Some(first) => format!("{}{}.", first.to_uppercase(), chars.as_str()),
        None => line,
    }
}

/// A column name as words: `meeting_slots` → `meeting slots`.
fn words(column: &str) -> String {
    column.replace('_', " ")
}

/// `1 group has` / `3 groups have`.
fn groups_have(k: usize) -> String {
    format!(
        "{} {}",
        plural(k, "group", "groups"),
        if k == 1 { "has" } else { "have" }
    )
}

/// One value of a balance column that a group holds too many or too few of.
struct Off {
    /// How many of the group have it.
    count: usize,
    /// The most the group may have and still mirror the cohort (⌈share⌉).
    ceil: usize,
}

/// The values group `members` holds off the cohort's mix on column `b`, and by how many
/// people in all (the column's deviation, README: Config reference).
fn off_values(b: &Balance, members: &[usize], population: usize) -> (Vec<Off>, usize) {
    let m = members.len();
    let mut counts = vec![0usize; b.values.len()];
    for &i in members {
        counts[b.value_of[i] as usize] += 1;
    }
    let mut off = Vec::new();
    let mut deviation = 0;
    for (&count, &cohort) in counts.iter().zip(&b.cohort) {
        let share = cohort * m;
        let (floor, ceil) = (share / population, share.div_ceil(population));
        let d = count.saturating_sub(ceil) + floor.saturating_sub(count);
        if d > 0 {
            off.push(Off { count, ceil });
            deviation += d;
        }
    }
    (off, deviation)
}

/// "every group mirrors the cohort within one person on A and B", then one clause per column
/// some group is off on.
fn balance_clauses(p: &Problem, groups: &[Vec<usize>]) -> Vec<String> {
    let mut mirrored = Vec::new();
    let mut clauses = Vec::new();
    for b in p.balance() {
        let mut off_groups = Vec::new();
        let mut people = 0;
        for g in groups {
            let (off, deviation) = off_values(b, g, p.population);
            if deviation > 0 {
                off_groups.push(off);
                people += deviation;
            }
        }
        let column = words(&b.column);
        if off_groups.is_empty() {
            mirrored.push(column);
            continue;
        }
        let k = off_groups.len();
        let only_pairs_of_rare_values = off_groups
            .iter()
            .flatten()
            .all(|o| o.ceil <= 1 && o.count > o.ceil);
        let most = off_groups.iter().flatten().map(|o| o.count).max();
        clauses.push(match (only_pairs_of_rare_values, most) {
            (true, Some(2)) => format!("{} two people with the same {column}", groups_have(k)),
            (true, Some(most)) => format!(
                "{} two to {most} people with the same {column}",
                groups_have(k)
            ),
            _ => format!(
                "{} {} off the cohort's mix on {column} by {}{}",
                plural(k, "group", "groups"),
                if k == 1 { "is" } else { "are" },
                plural(people, "person", "people"),
                if k == 1 { "" } else { " in all" }
            ),
        });
    }
    if !mirrored.is_empty() {
        clauses.insert(
            0,
            format!(
                "{} the cohort within one person on {}",
                if clauses.is_empty() {
                    "every group mirrors"
                } else {
                    "the groups mirror"
                },
                and_list(&mirrored)
            ),
        );
    }
    clauses
}

/// How alike the groups are on one similar column.
fn similar_clause(s: &Similar, groups: &[Vec<usize>]) -> String {
    let column = words(&s.column);
    let total = groups.len();
    match &s.data {
        SimilarData::Numeric { values, .. } => {
            let spreads: Vec<f64> = groups
                .iter()
                .map(|g| spread(g.iter().map(|&i| values[i])))
                .collect();
            let most = spreads.iter().copied().fold(0.0, f64::max);
            let mean = spreads.iter().sum::<f64>() / total.max(1) as f64;
            if most == 0.0 {
                format!("everyone in a group has the same {column}")
            } else {
                format!(
                    "the widest spread of {column} in a group is {} ({} on average)",
                    num(most),
                    num((mean * 10.0).round() / 10.0)
                )
            }
        }
        data => {
            let (same, others): (usize, usize) = groups.iter().fold((0, 0), |(same, others), g| {
                let shared = largest_share(data, g).0;
                (
                    same + usize::from(shared == g.len()),
                    others + g.len() - shared,
                )
            });
            let (everyone, others_miss) = match data {
                SimilarData::Set { .. } => (
                    format!("shares one of their {column}"),
                    "their group's most common one",
                ),
                _ => (
                    format!("has the same {column}"),
                    "their group's most common value",
                ),
            };
            if same == total {
                format!("everyone in a group {everyone}")
            } else {
                format!(
                    "in {same} of {total} groups everyone {everyone}, and {} {others_miss}",
                    plural(others, "person misses", "people miss"),
                )
            }
        }
    }
}

/// How many of the members' requests the groups honour, when there are any.
fn requests_clause(p: &Problem, groups: &[Vec<usize>]) -> Option<String> {
    let r = p.requests().filter(|r| !r.list.is_empty())?;
    let unmet: usize = groups.iter().map(|g| r.unmet(g)).sum();
    let total = r.list.len();
    Some(match unmet {
        0 if total == 1 => "the one request is honoured".to_string(),
        0 => format!("all {total} requests are honoured"),
        _ => format!(
            "{} of {} honoured",
            total - unmet,
            plural(total, "request", "requests")
        ),
    })
}

/// How different group-mates are on average (the diversity reward).
fn diversity_clause(d: &Distances, groups: &[Vec<usize>], gower_columns: &[String]) -> String {
    let (mut sum, mut pairs) = (0.0, 0usize);
    for g in groups {
        for (x, &i) in g.iter().enumerate() {
            for &j in &g[x + 1..] {
                sum += d.get(i, j);
                pairs += 1;
            }
        }
    }
    let mean = if pairs == 0 { 0.0 } else { sum / pairs as f64 };
    match d {
        Distances::Gower(_) => {
            let columns: Vec<String> = gower_columns.iter().map(|c| words(c)).collect();
            format!(
                "group-mates differ by {}% on average in {}",
                num((mean * 100.0).round()),
                and_list(&columns)
            )
        }
        Distances::Dense { .. } => format!(
            "group-mates are {} apart on average by the distances file",
            num((mean * 100.0).round() / 100.0)
        ),
    }
}

/// Who meets a past group-mate again.
fn repeats_clause(p: &Problem, groups: &[Vec<usize>]) -> String {
    if p.repeats().age.is_empty() {
        return "no one has met before".into();
    }
    let repeated: Vec<u32> = groups
        .iter()
        .flat_map(|g| repeated_pairs(p, g))
        .map(|(_, _, age)| age)
        .collect();
    if repeated.is_empty() {
        return "no one meets a past group-mate".into();
    }
    let last = repeated.iter().filter(|&&a| a == 1).count();
    let k = repeated.len();
    let when = if last == k {
        " from the last cycle".to_string()
    } else if last > 0 {
        format!(" ({last} from the last cycle)")
    } else {
        String::new()
    };
    format!(
        "{} of past group-mates {} again{when}",
        plural(k, "pair", "pairs"),
        if k == 1 { "meets" } else { "meet" }
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::problem;

    const ROSTER: &str = "id,name,gender,hours\na,A,f,10\nb,B,f,12\nc,C,m,20\nd,D,m,22\n";
    const CONFIG: &str = "[groups]\nmin_size = 2\nmax_size = 2\n\n[[balance]]\ncolumn = \"gender\"\n\n[[similar]]\ncolumn = \"hours\"\n";

    #[test]
    fn lists_read_as_words() {
        assert_eq!(and_list(&["a"]), "a");
        assert_eq!(and_list(&["a", "b", "c"]), "a, b and c");
        assert_eq!(words("meeting_slots"), "meeting slots");
    }

    #[test]
    fn mirrored_groups_and_spreads() {
        let p = problem(CONFIG, ROSTER, "", None);
        // a+c and b+d: one of each gender per pair.
        assert_eq!(
            plain_words(&p, &[vec![0, 2], vec![1, 3]], &[]),
            "Every group mirrors the cohort within one person on gender; the widest spread of hours in a group is 10 (10 on average); no one has met before."
        );
        // a+b and c+d: both pairs off the mix.
        assert_eq!(
            plain_words(&p, &[vec![0, 1], vec![2, 3]], &[]),
            "2 groups are off the cohort's mix on gender by 4 people in all; the widest spread of hours in a group is 2 (2 on average); no one has met before."
        );
    }

    #[test]
    fn repeats_are_counted() {
        let history = "cycle,group,member_id\nc1,G1,a\nc1,G1,b\nc1,G2,c\nc1,G2,d\n";
        let p = problem(CONFIG, ROSTER, history, None);
        assert!(plain_words(&p, &[vec![0, 1], vec![2, 3]], &[])
            .ends_with("2 pairs of past group-mates meet again from the last cycle."));
        assert!(plain_words(&p, &[vec![0, 2], vec![1, 3]], &[])
            .ends_with("no one meets a past group-mate."));
    }
}

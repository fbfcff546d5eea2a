//! The hard rules (spec §4.1): a detailed checker for `check`, and a numeric penalty that
//! the search drives to zero. Both read the same per-group facts.

use super::history::GroupRecord;
use super::problem::{Problem, SimilarData};
use super::score::{largest_share, spread};
use crate::text::plural;
use std::collections::HashMap;

/// One broken hard rule.
#[derive(Debug, Clone, PartialEq)]
pub struct Violation {
    /// Rule name: `membership`, `size`, `even_sizes`, `count`, `role`, `balance_cap`,
    /// `max_spread`, `require_common`, `forbid_within`, `apart`, `together`, `pin`.
    pub rule: &'static str,
    /// Group label, where the rule is about one group.
    pub group: Option<String>,
    /// Member ids involved.
    pub members: Vec<String>,
    /// What is wrong and what would fix it.
    pub message: String,
}

/// What one group breaks; shared by the checker and the penalty.
#[derive(Debug, Default)]
struct Facts {
    counting: usize,
    /// (role, count, min, max)
    roles: Vec<(usize, usize, usize, Option<usize>)>,
    /// (balance, value, count, cap)
    caps: Vec<(usize, usize, usize, usize)>,
    /// (similar, spread, cap, range)
    spreads: Vec<(usize, f64, f64, f64)>,
    /// (similar, largest share, group size)
    common: Vec<(usize, usize, usize)>,
    /// (i, j, age)
    forbidden: Vec<(usize, usize, u32)>,
    /// (apart set, members of it in the group)
    apart: Vec<(usize, Vec<usize>)>,
}

/// Facts of one group; `pairs = false` leaves out the forbidden pairs (the search keeps
/// those incrementally).
fn facts(p: &Problem, members: &[usize], pairs: bool) -> Facts {
    let mut f = Facts {
        counting: members.iter().filter(|&&i| p.members[i].counts).count(),
        ..Facts::default()
    };
    for (r, role) in p.roles.iter().enumerate() {
        let c = members
            .iter()
            .filter(|&&i| p.members[i].role_index == Some(r))
            .count();
        if c < role.min_per_group || role.max_per_group.is_some_and(|m| c > m) {
            f.roles.push((r, c, role.min_per_group, role.max_per_group));
        }
    }
    for (b, bal) in p.balance.iter().enumerate() {
        if let Some(cap) = bal.max_per_group {
            let mut counts = vec![0usize; bal.values.len()];
            for &i in members {
                counts[bal.value_of[i] as usize] += 1;
            }
            for (v, &c) in counts.iter().enumerate() {
                if c > cap {
                    f.caps.push((b, v, c, cap));
                }
            }
        }
    }
    for (s, sim) in p.similar.iter().enumerate() {
        match &sim.data {
            SimilarData::Numeric {
                values,
                max_spread: Some(cap),
            } => {
                let sp = spread(members.iter().map(|&i| values[i]));
                if sp > cap + 1e-9 {
                    let range = spread(values.iter().copied()).max(1e-9);
                    f.spreads.push((s, sp, *cap, range));
                }
            }
            data @ SimilarData::Set {
                require_common: true,
                ..
            } => {
                let share = largest_share(data, members).0;
                if share < members.len() {
                    f.common.push((s, share, members.len()));
                }
            }
            _ => {}
        }
    }
    if pairs && p.repeats.forbid_within > 0 && !p.repeats.age.is_empty() {
        for (x, &i) in members.iter().enumerate() {
            for &j in &members[x + 1..] {
                if p.repeats.forbidden(i, j) {
                    f.forbidden.push((i, j, p.repeats.age(i, j).unwrap_or(0)));
                }
            }
        }
    }
    for (a, set) in p.apart.iter().enumerate() {
        let inside: Vec<usize> = members
            .iter()
            .copied()
            .filter(|i| set.contains(i))
            .collect();
        if inside.len() > 1 {
            f.apart.push((a, inside));
        }
    }
    f
}

/// How far one group is from meeting the per-group hard rules (0 = all hold). Size bounds
/// are those for the chosen group count. Together sets and pins are kept by the search itself.
pub fn group_penalty(p: &Problem, members: &[usize]) -> f64 {
    penalty_of(p, members, true)
}

/// [`group_penalty`] without forbidden pairs, which the search counts pair by pair.
pub fn group_penalty_without_pairs(p: &Problem, members: &[usize]) -> f64 {
    penalty_of(p, members, false)
}

fn penalty_of(p: &Problem, members: &[usize], pairs: bool) -> f64 {
    let f = facts(p, members, pairs);
    let g = &p.groups;
    let mut pen =
        f.counting.saturating_sub(g.size_hi) as f64 + g.size_lo.saturating_sub(f.counting) as f64;
    for &(_, c, min, max) in &f.roles {
        pen += min.saturating_sub(c) as f64 + max.map_or(0, |m| c.saturating_sub(m)) as f64;
    }
    for &(_, _, c, cap) in &f.caps {
        pen += (c - cap) as f64;
    }
    for &(_, sp, cap, range) in &f.spreads {
        pen += 1.0 + (sp - cap) / range;
    }
    for &(_, share, m) in &f.common {
        pen += (m - share) as f64;
    }
    pen += f.forbidden.len() as f64;
    for (_, inside) in &f.apart {
        pen += (inside.len() - 1) as f64;
    }
    pen
}

/// Checks groups read from a file (one cycle) against every hard rule. Returns the
/// violations and the groups as member indices (unknown, excluded and repeated ids dropped).
pub fn check(p: &Problem, records: &[GroupRecord]) -> (Vec<Violation>, Vec<Vec<usize>>) {
    let mut v = Vec::new();
    let index: HashMap<&str, usize> = p
        .members
        .iter()
        .enumerate()
        .map(|(i, m)| (m.id.as_str(), i))
        .collect();
    let mut placed: Vec<Option<usize>> = vec![None; p.n()];
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for (gi, rec) in records.iter().enumerate() {
        let mut members = Vec::new();
        for (id, line) in &rec.members {
            let Some(&i) = index.get(id.as_str()) else {
                let why = if p.excluded.contains(id) {
                    "is excluded by status in the roster and may not be in a group"
                } else {
                    "is not in the roster"
                };
                v.push(Violation {
                    rule: "membership",
                    group: Some(rec.label.clone()),
                    members: vec![id.clone()],
                    message: format!("'{id}' (line {line}) {why}"),
                });
                continue;
            };
            if let Some(first) = placed[i] {
                v.push(Violation {
                    rule: "membership",
                    group: Some(rec.label.clone()),
                    members: vec![id.clone()],
                    message: format!(
                        "'{id}' (line {line}) is already in group {}; each member belongs to exactly one group",
                        records[first].label
                    ),
                });
                continue;
            }
            placed[i] = Some(gi);
            members.push(i);
        }
        members.sort_unstable();
        groups.push(members);
    }
    let missing: Vec<String> = (0..p.n())
        .filter(|&i| placed[i].is_none())
        .map(|i| p.members[i].id.clone())
        .collect();
    if !missing.is_empty() {
        v.push(Violation {
            rule: "membership",
            group: None,
            members: missing.clone(),
            message: format!("{} eligible members are in no group", missing.len()),
        });
    }

    let g = &p.groups;
    let ids = |is: &[usize]| {
        is.iter()
            .map(|&i| p.members[i].id.clone())
            .collect::<Vec<_>>()
    };
    if let Some(c) = g.fixed_count {
        if records.len() != c {
            v.push(Violation {
                rule: "count",
                group: None,
                members: vec![],
                message: format!(
                    "{}, but groups.count = {c}",
                    plural(records.len(), "group", "groups")
                ),
            });
        }
    }
    let counting: Vec<usize> = groups
        .iter()
        .map(|m| m.iter().filter(|&&i| p.members[i].counts).count())
        .collect();
    if g.even_sizes && !counting.is_empty() {
        let (lo, hi) = (
            counting.iter().min().copied().unwrap_or(0),
            counting.iter().max().copied().unwrap_or(0),
        );
        if hi > lo + 1 {
            v.push(Violation {
                rule: "even_sizes",
                group: None,
                members: vec![],
                message: format!("group sizes range from {lo} to {hi}; with even_sizes they differ by at most one"),
            });
        }
    }
    for (rec, members) in records.iter().zip(&groups) {
        let label = Some(rec.label.clone());
        let f = facts(p, members, true);
        if f.counting < g.min_size || f.counting > g.max_size {
            v.push(Violation {
                rule: "size",
                group: label.clone(),
                members: vec![],
                message: format!(
                    "{} ordinary members; groups need {}..{}",
                    f.counting, g.min_size, g.max_size
                ),
            });
        }
        for &(r, c, min, max) in &f.roles {
            let role = &p.roles[r];
            let who: Vec<usize> = members
                .iter()
                .copied()
                .filter(|&i| p.members[i].role_index == Some(r))
                .collect();
            v.push(Violation {
                rule: "role",
                group: label.clone(),
                members: ids(&who),
                message: format!(
                    "{} with role '{}'; allowed {}..{}",
                    plural(c, "member", "members"),
                    role.name,
                    min,
                    max.map_or("any".into(), |m| m.to_string())
                ),
            });
        }
        for &(b, val, c, cap) in &f.caps {
            let bal = &p.balance[b];
            let who: Vec<usize> = members
                .iter()
                .copied()
                .filter(|&i| bal.value_of[i] as usize == val)
                .collect();
            v.push(Violation {
                rule: "balance_cap",
                group: label.clone(),
                members: ids(&who),
                message: format!(
                    "{} with {} = '{}'; max_per_group is {cap}",
                    plural(c, "member", "members"),
                    bal.column,
                    bal.values[val]
                ),
            });
        }
        for &(s, sp, cap, _) in &f.spreads {
            v.push(Violation {
                rule: "max_spread",
                group: label.clone(),
                members: ids(members),
                message: format!(
                    "{} spreads {} (max − min); max_spread is {}",
                    p.similar[s].column, sp, cap
                ),
            });
        }
        for &(s, share, m) in &f.common {
            v.push(Violation {
                rule: "require_common",
                group: label.clone(),
                members: ids(members),
                message: format!(
                    "no {} element is shared by all {m} members (at most {share} share one)",
                    p.similar[s].column
                ),
            });
        }
        for &(i, j, age) in &f.forbidden {
            v.push(Violation {
                rule: "forbid_within",
                group: label.clone(),
                members: ids(&[i, j]),
                message: format!(
                    "{} and {} met {} ago; forbid_within forbids it",
                    p.members[i].id,
                    p.members[j].id,
                    plural(age as usize, "cycle", "cycles")
                ),
            });
        }
        for (_, inside) in &f.apart {
            v.push(Violation {
                rule: "apart",
                group: label.clone(),
                members: ids(inside),
                message: format!(
                    "{} share a group but must be kept apart",
                    ids(inside).join(", ")
                ),
            });
        }
        for &i in members {
            if let Some(k) = p.pins[i] {
                let want = g.label(k);
                if want != rec.label {
                    v.push(Violation {
                        rule: "pin",
                        group: label.clone(),
                        members: ids(&[i]),
                        message: format!("{} is pinned to {want}", p.members[i].id),
                    });
                }
            }
        }
    }
    for set in &p.together {
        let homes: Vec<Option<usize>> = set.iter().map(|&i| placed[i]).collect();
        if homes.windows(2).any(|w| w[0] != w[1]) {
            v.push(Violation {
                rule: "together",
                group: None,
                members: ids(set),
                message: format!("{} must share one group", ids(set).join(", ")),
            });
        }
    }
    (v, groups)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::testing::{problem, HISTORY};

    /// Six eligible members (a and d lead) and z, excluded by status.
    const ROSTER: &str = "\
id,role,status,prof,hours,slots
a,lead,,x,10,1;2
b,,,x,12,2;3
c,,,x,14,2
d,lead,,y,20,5
e,,,y,21,5;6
f,,,y,24,5;6
z,,inactive,x,30,9
";
    /// p, on probation: one-way with [`ONE_WAY`].
    const P: &str = "p,probation,,y,40,7\n";
    const ONE_WAY: &str = "[roles.probation]\ncounts_toward_size = false\n";
    const SIZES: &str = "[groups]\nmin_size = 2\nmax_size = 3\neven_sizes = false\n";
    const NONE: [&str; 0] = [];

    /// Checks groups written as `"LABEL id id …"` and returns each violation as
    /// `"rule group members"` (`-` for no group).
    fn violations(p: &Problem, groups: &[&str]) -> Vec<String> {
        let records: Vec<GroupRecord> = groups
            .iter()
            .map(|g| {
                let mut words = g.split_whitespace();
                GroupRecord {
                    label: words.next().expect("a label").to_string(),
                    members: words.map(|id| (id.to_string(), 2)).collect(),
                    facilitators: Vec::new(),
                }
            })
            .collect();
        check(p, &records)
            .0
            .iter()
            .map(|v| {
                let group = v.group.as_deref().unwrap_or("-");
                let line = format!("{} {group} {}", v.rule, v.members.join(","));
                line.trim_end().to_string()
            })
            .collect()
    }

    #[test]
    fn membership() {
        let p = problem(SIZES, ROSTER, "", None);
        assert_eq!(violations(&p, &["G01 a b", "G02 c d", "G03 e f"]), NONE);
        // f is in no group.
        assert_eq!(
            violations(&p, &["G01 a b c", "G02 d e"]),
            ["membership - f"]
        );
        // zz is not on the roster.
        assert_eq!(
            violations(&p, &["G01 a b c", "G02 d e f zz"]),
            ["membership G02 zz"]
        );
        // z is on the roster but inactive.
        assert_eq!(
            violations(&p, &["G01 a b c z", "G02 d e f"]),
            ["membership G01 z"]
        );
        // a is in two groups: the second placement is the violation.
        assert_eq!(
            violations(&p, &["G01 a b c", "G02 d e f a"]),
            ["membership G02 a"]
        );
    }

    #[test]
    fn size_counts_ordinary_members_only() {
        let p = problem(SIZES, ROSTER, "", None);
        assert_eq!(violations(&p, &["G01 a b c", "G02 d e f"]), NONE);
        assert_eq!(violations(&p, &["G01 a b", "G02 c d e f"]), ["size G02"]);
        assert_eq!(
            violations(&p, &["G01 a", "G02 b c d", "G03 e f"]),
            ["size G01"]
        );
        // p is one-way: a, b, c, p are 3 ordinary members (max 3); a, p are 1 (min 2).
        let p = problem(
            &format!("{SIZES}{ONE_WAY}"),
            &format!("{ROSTER}{P}"),
            "",
            None,
        );
        assert_eq!(violations(&p, &["G01 a b c p", "G02 d e f"]), NONE);
        assert_eq!(
            violations(&p, &["G01 a p", "G02 b c d", "G03 e f"]),
            ["size G01"]
        );
    }

    #[test]
    fn even_sizes_counts_ordinary_members_only() {
        let toml = format!("[groups]\nmin_size = 1\nmax_size = 4\n{ONE_WAY}");
        let p = problem(&toml, &format!("{ROSTER}{P}"), "", None);
        // 3 and 3 ordinary members (p sits on top of G01).
        assert_eq!(violations(&p, &["G01 a b c p", "G02 d e f"]), NONE);
        // 2 and 4.
        assert_eq!(
            violations(&p, &["G01 a b p", "G02 c d e f"]),
            ["even_sizes -"]
        );
    }

    #[test]
    fn fixed_count() {
        let toml = "[groups]\nmin_size = 2\nmax_size = 4\ncount = 2\n";
        let p = problem(toml, ROSTER, "", None);
        assert_eq!(violations(&p, &["G01 a b c", "G02 d e f"]), NONE);
        assert_eq!(
            violations(&p, &["G01 a b", "G02 c d", "G03 e f"]),
            ["count -"]
        );
    }

    #[test]
    fn role_limits() {
        let toml = format!("{SIZES}[roles.lead]\nmin_per_group = 1\nmax_per_group = 1\n");
        let p = problem(&toml, ROSTER, "", None);
        assert_eq!(violations(&p, &["G01 a b c", "G02 d e f"]), NONE);
        // Leads a and d together: 2 > max in G01, 0 < min in G02.
        assert_eq!(
            violations(&p, &["G01 a b d", "G02 c e f"]),
            ["role G01 a,d", "role G02"]
        );
    }

    #[test]
    fn balance_max_per_group() {
        let toml = format!("{SIZES}[[balance]]\ncolumn = \"prof\"\nmax_per_group = 2\n");
        let p = problem(&toml, ROSTER, "", None);
        assert_eq!(violations(&p, &["G01 a b d", "G02 c e f"]), NONE);
        // Three x in G01, three y in G02.
        assert_eq!(
            violations(&p, &["G01 a b c", "G02 d e f"]),
            ["balance_cap G01 a,b,c", "balance_cap G02 d,e,f"]
        );
    }

    #[test]
    fn similar_max_spread() {
        let toml = "[groups]\nmin_size = 2\nmax_size = 4\neven_sizes = false\n\
                    [[similar]]\ncolumn = \"hours\"\nmax_spread = 4\n";
        let p = problem(toml, ROSTER, "", None);
        // 10..14 and 20..24: both exactly 4.
        assert_eq!(violations(&p, &["G01 a b c", "G02 d e f"]), NONE);
        // 10..12 is 2; 14..24 is 10.
        assert_eq!(
            violations(&p, &["G01 a b", "G02 c d e f"]),
            ["max_spread G02 c,d,e,f"]
        );
    }

    #[test]
    fn similar_require_common() {
        let toml = format!(
            "{SIZES}[[similar]]\ncolumn = \"slots\"\nkind = \"set\"\nrequire_common = true\n"
        );
        let p = problem(&toml, ROSTER, "", None);
        // a, b, c all have 2; d, e, f all have 5.
        assert_eq!(violations(&p, &["G01 a b c", "G02 d e f"]), NONE);
        // d (5) shares nothing with a and b (2); c (2) shares nothing with e and f (5, 6).
        assert_eq!(
            violations(&p, &["G01 a b d", "G02 c e f"]),
            ["require_common G01 a,b,d", "require_common G02 c,e,f"]
        );
    }

    #[test]
    fn forbid_within_k_cycles_and_all() {
        // HISTORY ages: a-b 1, d-f 1, c-e 1, a-c 2, b-e 2, c-d 3, e-f 3.
        let with = |repeats: &str| {
            problem(
                &format!("{SIZES}[repeats]\n{repeats}\n"),
                ROSTER,
                HISTORY,
                None,
            )
        };

        let p = with("forbid_within = 1");
        assert_eq!(
            violations(&p, &["G01 a b c", "G02 d e f"]),
            ["forbid_within G01 a,b", "forbid_within G02 d,f"]
        );
        // a-c and b-e met 2 cycles ago, c-d and e-f 3: allowed.
        assert_eq!(violations(&p, &["G01 a c d", "G02 b e f"]), NONE);

        let p = with("forbid_within = 2");
        assert_eq!(
            violations(&p, &["G01 a c d", "G02 b e f"]),
            ["forbid_within G01 a,c", "forbid_within G02 b,e"]
        );
        // c-d met 3 cycles ago: allowed.
        assert_eq!(violations(&p, &["G01 a e", "G02 c d", "G03 b f"]), NONE);

        let p = with("forbid_within = \"all\"");
        assert_eq!(
            violations(&p, &["G01 a e", "G02 c d", "G03 b f"]),
            ["forbid_within G02 c,d"]
        );
        // None of these pairs ever met.
        assert_eq!(violations(&p, &["G01 a d e", "G02 b c f"]), NONE);

        // lookback 2 forgets c1, the only cycle where c and d met.
        let p = with("forbid_within = \"all\"\nlookback = 2");
        assert_eq!(violations(&p, &["G01 a e", "G02 c d", "G03 b f"]), NONE);
        assert_eq!(
            violations(&p, &["G01 a c d", "G02 b e f"]),
            ["forbid_within G01 a,c", "forbid_within G02 b,e"]
        );
    }

    #[test]
    fn keep_apart() {
        let toml = format!("{SIZES}[keep]\napart = [[\"a\", \"b\", \"d\"]]\n");
        let p = problem(&toml, ROSTER, "", None);
        assert_eq!(violations(&p, &["G01 a c", "G02 b e", "G03 d f"]), NONE);
        assert_eq!(
            violations(&p, &["G01 a b c", "G02 d e f"]),
            ["apart G01 a,b"]
        );
    }

    #[test]
    fn keep_together() {
        let toml = format!("{SIZES}[keep]\ntogether = [[\"a\", \"e\"]]\n");
        let p = problem(&toml, ROSTER, "", None);
        assert_eq!(violations(&p, &["G01 a b e", "G02 c d f"]), NONE);
        assert_eq!(
            violations(&p, &["G01 a b c", "G02 d e f"]),
            ["together - a,e"]
        );
    }

    #[test]
    fn pin_holds() {
        // 6 members, min_size 2: three groups, G01 to G03.
        let p = problem(&format!("{SIZES}[pin]\na = \"G02\"\n"), ROSTER, "", None);
        assert_eq!(violations(&p, &["G01 b c", "G02 a d", "G03 e f"]), NONE);
        assert_eq!(
            violations(&p, &["G01 a b", "G02 c d", "G03 e f"]),
            ["pin G01 a"]
        );
    }
}

//! The hard rules (README: Config reference): a detailed checker for `check`, and a numeric penalty that
//! the search drives to zero. Both read the same per-group facts.
//!
//! Each rule family has one file here, its integer-program encoding one of the same name
//! under `solve/ilp/`: [`membership`] (each eligible member in exactly one group),
//! [`sizes`] (group count, size bounds, even sizes), [`roles`] (per-group role limits),
//! [`keep`] (apart and together sets) and [`pins`]. The rules that come with a score term
//! (balance caps, spreads, common elements, repeats forbidden within some cycles) live in
//! that term's file under [`crate::model::terms`], and are reached through
//! [`SoftTerm::penalty`], [`SoftTerm::violations`] and [`SoftTerm::forbids`].

use super::history::GroupRecord;
use super::problem::Problem;
use super::terms::SoftTerm;

pub mod keep;
pub mod membership;
pub mod pins;
pub mod roles;
pub mod sizes;

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

impl Violation {
    /// A break in the group labelled `label`.
    pub fn in_group(
        rule: &'static str,
        label: &str,
        members: Vec<String>,
        message: String,
    ) -> Self {
        Violation {
            rule,
            group: Some(label.to_string()),
            members,
            message,
        }
    }

    /// A break of the grouping as a whole.
    pub fn overall(rule: &'static str, members: Vec<String>, message: String) -> Self {
        Violation {
            rule,
            group: None,
            members,
            message,
        }
    }
}

/// The ids of some members.
pub(crate) fn ids(p: &Problem, members: &[usize]) -> Vec<String> {
    members.iter().map(|&i| p.members[i].id.clone()).collect()
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
    let mut pen = sizes::penalty(p, members) + roles::penalty(p, members);
    for t in &p.terms {
        pen += t.penalty(p, members);
    }
    if pairs && p.has_pair_terms() {
        pen += forbidden_pairs(p, members) as f64;
    }
    pen + keep::apart_penalty(p, members)
}

/// How many pairs of the group a hard rule forbids.
fn forbidden_pairs(p: &Problem, members: &[usize]) -> usize {
    let mut count = 0;
    for (x, &i) in members.iter().enumerate() {
        count += members[x + 1..]
            .iter()
            .filter(|&&j| p.forbids(i, j))
            .count();
    }
    count
}

/// The rules about one group (`members`, labelled `label`): size, roles, each term's own
/// rule, apart sets and pins.
pub fn one_group(p: &Problem, label: &str, members: &[usize]) -> Vec<Violation> {
    let mut v = sizes::group_violations(p, label, members);
    v.extend(roles::violations(p, label, members));
    for t in &p.terms {
        v.extend(t.violations(p, members, label));
    }
    v.extend(keep::apart_violations(p, label, members));
    v.extend(pins::violations(p, label, members));
    v
}

/// Checks groups read from a file (one cycle) against every hard rule. Returns the
/// violations and the groups as member indices (unknown, excluded and repeated ids dropped).
pub fn check(p: &Problem, records: &[GroupRecord]) -> (Vec<Violation>, Vec<Vec<usize>>) {
    let (mut v, groups, placed) = membership::place(p, records);
    let labels: Vec<&str> = records.iter().map(|r| r.label.as_str()).collect();
    v.extend(grouping_violations(p, &labels, &groups, &placed));
    (v, groups)
}

/// Every hard rule an assignment (each member's group number) breaks, its groups labelled
/// in number order.
pub fn assignment_violations(p: &Problem, group_of: &[usize]) -> Vec<Violation> {
    let groups = crate::model::grouping::groups_of(group_of, p.groups.count);
    let labels: Vec<String> = (0..groups.len()).map(|g| p.groups.label(g)).collect();
    let labels: Vec<&str> = labels.iter().map(String::as_str).collect();
    let placed: Vec<Option<usize>> = group_of.iter().map(|&g| Some(g)).collect();
    grouping_violations(p, &labels, &groups, &placed)
}

/// The rules about a whole grouping: the group count and even sizes, each group's own
/// rules (`groups[k]` labelled `labels[k]`) and the together sets (`placed`: each
/// member's group, if any).
fn grouping_violations(
    p: &Problem,
    labels: &[&str],
    groups: &[Vec<usize>],
    placed: &[Option<usize>],
) -> Vec<Violation> {
    let mut v = sizes::grouping_violations(p, groups.len(), groups);
    for (label, members) in labels.iter().zip(groups) {
        v.extend(one_group(p, label, members));
    }
    v.extend(keep::together_violations(p, placed));
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{problem, HISTORY};

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

//! Why someone is in their group (`explain`): what their placement adds to the score, what
//! about the group fits them, and what moving them to each other group would cost or break.
//! Every number is the one score function's on the grouping as it is or as moved, and every
//! broken rule is what `check` finds in the moved grouping.

use super::history::GroupRecord;
use super::problem::Problem;
use super::rules::{self, Violation};
use super::score::{add_group, score, tidy, Score};
use super::terms::balance::fair_share;
use super::terms::requests::Request;
use super::terms::similar::Alike;

/// One balance column as the person's group holds it.
#[derive(Debug, Clone, PartialEq)]
pub struct BalanceFit {
    /// Column name.
    pub column: String,
    /// The person's value.
    pub value: String,
    /// Members of the group holding it, the person included.
    pub count: usize,
    /// The group's fair share of the value, ⌊n_v·m/N⌋ to ⌈n_v·m/N⌉.
    pub fair: (usize, usize),
}

impl BalanceFit {
    /// Whether the group would fall short of its share without the person.
    pub fn needed(&self) -> bool {
        self.count <= self.fair.0
    }

    /// Whether the group holds more than its share, the person included.
    pub fn over(&self) -> bool {
        self.count > self.fair.1
    }
}

/// One similar column as the person's group holds it.
#[derive(Debug, Clone, PartialEq)]
pub struct SimilarFit {
    /// Column name.
    pub column: String,
    /// The group's range or most shared value.
    pub alike: Alike,
    /// The person's value.
    pub value: Held,
    /// Whether the person holds the group's most shared value or element (for a numeric
    /// column: always, the range includes them).
    pub holds_shared: bool,
}

/// What one person holds in a similar column.
#[derive(Debug, Clone, PartialEq)]
pub enum Held {
    /// A number.
    Number(f64),
    /// A category (one label) or the elements of a set.
    Labels(Vec<String>),
}

/// Moving the person to another group.
#[derive(Debug, Clone, PartialEq)]
pub struct Move {
    /// The group's index in the cycle.
    pub group: usize,
    /// The score of the moved grouping.
    pub score: Score,
    /// Hard rules the moved grouping breaks that the grouping as it is keeps.
    pub broken: Vec<Violation>,
    /// The best exchange with a member of that group, when the move alone breaks a rule.
    pub swap: Option<Swap>,
}

/// Exchanging the person with a member of another group.
#[derive(Debug, Clone, PartialEq)]
pub struct Swap {
    /// The member they change places with.
    pub with: usize,
    /// The score of the grouping after the exchange.
    pub score: Score,
    /// Hard rules it breaks that the grouping as it is keeps.
    pub broken: Vec<Violation>,
}

impl Move {
    /// The way into the group with the fewest broken rules: the move, else the exchange
    /// when it breaks fewer. Returns its score, broken rules and the member exchanged with.
    pub fn way_in(&self) -> (&Score, &[Violation], Option<usize>) {
        match &self.swap {
            Some(s) if s.broken.len() < self.broken.len() => (&s.score, &s.broken, Some(s.with)),
            _ => (&self.score, &self.broken, None),
        }
    }
}

/// Why one person is where they are.
#[derive(Debug, Clone, PartialEq)]
pub struct Explanation {
    /// Member index.
    pub person: usize,
    /// Their group's index in the cycle.
    pub group: usize,
    /// Their group-mates (member indices, the person left out).
    pub mates: Vec<usize>,
    /// Score of the cycle as it is.
    pub score: Score,
    /// What their placement adds to each component: the score as it is less the score with
    /// them in no group (negative: their placement saves that much).
    pub placement: Score,
    /// Balance columns.
    pub balance: Vec<BalanceFit>,
    /// Similar columns.
    pub similar: Vec<SimilarFit>,
    /// Requests they made or that name them: whether the groups honour each, and the
    /// other person's group (none when they are in no group).
    pub requests: Vec<(Request, bool, Option<usize>)>,
    /// Group-mates they met before, with the age of the meeting (1 = the last cycle).
    pub met_before: Vec<(usize, u32)>,
    /// Every other group, in cycle order.
    pub moves: Vec<Move>,
}

impl Explanation {
    /// The best other group: by the [`Move::way_in`] breaking the fewest rules, then by its
    /// score; the earliest group on ties.
    pub fn best(&self) -> Option<&Move> {
        self.moves.iter().min_by(|a, b| {
            let ((sa, ba, _), (sb, bb, _)) = (a.way_in(), b.way_in());
            (ba.len().cmp(&bb.len())).then(sa.total.total_cmp(&sb.total))
        })
    }
}

/// Explains where `person` is in one cycle: `records`, with what [`rules::check`] made of
/// them (the rules the cycle breaks as it is, and its groups as member indices). `None`
/// when the person is in no group.
pub fn explain(
    p: &Problem,
    records: &[GroupRecord],
    (kept, groups): (&[Violation], &[Vec<usize>]),
    person: usize,
) -> Option<Explanation> {
    let group = groups.iter().position(|g| g.contains(&person))?;
    let members = &groups[group];
    let now = score(p, groups);
    let without: Vec<Vec<usize>> = (groups.iter())
        .map(|g| g.iter().copied().filter(|&i| i != person).collect())
        .collect();
    let placement = difference(&now, &score(p, &without));
    let moves = (0..groups.len())
        .filter(|&h| h != group)
        .map(|h| {
            let moved = moved_records(p, records, person, None, h);
            let (score, broken) = judged(p, &moved, kept);
            let swap = (!broken.is_empty())
                .then(|| best_swap(p, records, groups, kept, (person, group), h))
                .flatten();
            Move {
                group: h,
                score,
                broken,
                swap,
            }
        })
        .collect();
    Some(Explanation {
        person,
        group,
        mates: members.iter().copied().filter(|&i| i != person).collect(),
        placement,
        score: now,
        balance: balance_fits(p, members, person),
        similar: similar_fits(p, members, person),
        requests: requests_of(p, groups, person),
        met_before: met_before(p, members, person),
        moves,
    })
}

/// `a − b`, component by component.
pub fn difference(a: &Score, b: &Score) -> Score {
    Score {
        total: tidy(a.total - b.total),
        components: (a.components.iter().zip(&b.components))
            .map(|((k, x), (_, y))| (k.clone(), tidy(x - y)))
            .collect(),
    }
}

/// The score of a cycle and the hard rules it breaks that are not among `kept`.
fn judged(p: &Problem, records: &[GroupRecord], kept: &[Violation]) -> (Score, Vec<Violation>) {
    let (violations, groups) = rules::check(p, records);
    let broken = violations
        .into_iter()
        .filter(|v| !kept.contains(v))
        .collect();
    (score(p, &groups), broken)
}

/// The exchange of `person` (in group `from`) with a member of group `to` that breaks the
/// fewest of the two groups' own rules, then costs least; judged on the whole cycle.
fn best_swap(
    p: &Problem,
    records: &[GroupRecord],
    groups: &[Vec<usize>],
    kept: &[Violation],
    (person, from): (usize, usize),
    to: usize,
) -> Option<Swap> {
    let local = |a: &[usize], b: &[usize]| {
        let broken = [(from, a), (to, b)].iter().fold(0, |n, &(g, m)| {
            let v = rules::one_group(p, &records[g].label, m);
            n + v.iter().filter(|v| !kept.contains(v)).count()
        });
        let mut cost = vec![0.0; p.terms.len()];
        add_group(p, a, &mut cost);
        add_group(p, b, &mut cost);
        (broken, cost.iter().sum::<f64>())
    };
    let exchanged = |k: usize| {
        let swap = |g: &[usize], out: usize, inn: usize| -> Vec<usize> {
            g.iter().map(|&i| if i == out { inn } else { i }).collect()
        };
        (swap(&groups[from], person, k), swap(&groups[to], k, person))
    };
    let with = (groups[to].iter().copied())
        .map(|k| {
            let (a, b) = exchanged(k);
            (local(&a, &b), k)
        })
        .min_by(|((ba, ca), _), ((bb, cb), _)| ba.cmp(bb).then(ca.total_cmp(cb)))?
        .1;
    let swapped = moved_records(p, records, person, Some(with), to);
    let (score, broken) = judged(p, &swapped, kept);
    Some(Swap {
        with,
        score,
        broken,
    })
}

/// The cycle with `person` moved from their group to group `to`, and `with` (a member of
/// `to`) moved to the person's place when given.
fn moved_records(
    p: &Problem,
    records: &[GroupRecord],
    person: usize,
    with: Option<usize>,
    to: usize,
) -> Vec<GroupRecord> {
    let id = &p.members[person].id;
    let mut moved = records.to_vec();
    let mut place = (0, 0);
    for (g, r) in moved.iter_mut().enumerate() {
        if let Some(k) = r.members.iter().position(|(m, _)| m == id) {
            place = (g, r.members.remove(k).1);
            break;
        }
    }
    if let Some(w) = with {
        let wid = &p.members[w].id;
        let r = &mut moved[to];
        if let Some(k) = r.members.iter().position(|(m, _)| m == wid) {
            let line = r.members.remove(k).1;
            moved[place.0].members.push((wid.clone(), line));
        }
    }
    moved[to].members.push((id.clone(), place.1));
    moved
}

fn balance_fits(p: &Problem, members: &[usize], person: usize) -> Vec<BalanceFit> {
    let (n, m) = (p.population, members.len());
    (p.balance())
        .map(|b| {
            let v = b.value_of[person] as usize;
            BalanceFit {
                column: b.column.clone(),
                value: b.values[v].clone(),
                count: b.counts(members)[v],
                fair: fair_share(b.cohort[v], m, n),
            }
        })
        .collect()
}

fn similar_fits(p: &Problem, members: &[usize], person: usize) -> Vec<SimilarFit> {
    use super::terms::similar::SimilarData;
    (p.similar())
        .map(|s| {
            let alike = s.alike(members);
            let (value, holds_shared) = match (&s.data, &alike) {
                (SimilarData::Numeric { values, .. }, _) => (Held::Number(values[person]), true),
                (SimilarData::Categorical { value_of, values }, Alike::Shared { value, .. }) => {
                    let own = &values[value_of[person] as usize];
                    (Held::Labels(vec![own.clone()]), value.as_ref() == Some(own))
                }
                (SimilarData::Set { sets, elements, .. }, Alike::Shared { value, .. }) => {
                    let own: Vec<String> = (sets[person].iter())
                        .map(|&e| elements[e as usize].clone())
                        .collect();
                    let holds = value.as_ref().is_some_and(|v| own.contains(v));
                    (Held::Labels(own), holds)
                }
                (_, Alike::Range { .. }) => (Held::Labels(Vec::new()), true),
            };
            SimilarFit {
                column: s.column.clone(),
                alike,
                value,
                holds_shared,
            }
        })
        .collect()
}

fn requests_of(
    p: &Problem,
    groups: &[Vec<usize>],
    person: usize,
) -> Vec<(Request, bool, Option<usize>)> {
    let Some(term) = p.requests() else {
        return Vec::new();
    };
    let group_of = |i: usize| groups.iter().position(|g| g.contains(&i));
    let own = group_of(person);
    (term.list.iter())
        .filter(|r| r.from == person || r.to == person)
        .map(|r| {
            let other = group_of(if r.from == person { r.to } else { r.from });
            (*r, r.honoured(other.is_some() && own == other), other)
        })
        .collect()
}

fn met_before(p: &Problem, members: &[usize], person: usize) -> Vec<(usize, u32)> {
    let repeats = p.repeats();
    (members.iter())
        .filter(|&&j| j != person)
        .filter_map(|&j| repeats.age(person, j).map(|a| (j, a)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::problem;

    const ROSTER: &str = "\
id,prof
a,x
b,x
c,y
d,y
";
    const CONFIG: &str = "[groups]\nmin_size = 1\nmax_size = 3\neven_sizes = false\n\
        [[balance]]\ncolumn = \"prof\"\nweight = 2\n";

    fn record(label: &str, ids: &[&str]) -> GroupRecord {
        GroupRecord {
            label: label.into(),
            members: ids.iter().map(|id| (id.to_string(), 2)).collect(),
            facilitators: Vec::new(),
        }
    }

    #[test]
    fn a_move_is_priced_by_the_score_of_the_moved_grouping() {
        let p = problem(CONFIG, ROSTER, "", None);
        let records = [record("G1", &["a", "b"]), record("G2", &["c", "d"])];
        let (kept, groups) = rules::check(&p, &records);
        let e = explain(&p, &records, (&kept, &groups), 0).expect("a is placed");
        // Each group of two should hold one x and one y: both are off by two.
        assert_eq!(e.score.total, 8.0);
        assert_eq!(e.balance[0].count, 2);
        assert!(e.balance[0].over());
        let best = e.best().expect("one other group");
        assert_eq!(best.group, 1);
        assert!(best.broken.is_empty(), "{:?}", best.broken);
        let moved = [record("G1", &["b"]), record("G2", &["c", "d", "a"])];
        let (_, moved_groups) = rules::check(&p, &moved);
        assert_eq!(best.score, score(&p, &moved_groups));
        // Without a, G1 (size 1) should hold half an x: one x is within its share.
        assert_eq!(e.placement.total, 4.0);
    }

    #[test]
    fn a_move_that_breaks_a_rule_names_it() {
        let p = problem(CONFIG, "id,prof\na,x\nb,x\nc,y\nd,y\ne,y\n", "", None);
        let records = [record("G1", &["a", "b"]), record("G2", &["c", "d", "e"])];
        let (kept, groups) = rules::check(&p, &records);
        let e = explain(&p, &records, (&kept, &groups), 0).expect("a is placed");
        let rules: Vec<&str> = e.moves[0].broken.iter().map(|v| v.rule).collect();
        assert!(rules.contains(&"size"), "{rules:?}");
    }
}

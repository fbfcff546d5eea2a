//! What `explain` shows: for each person, plain sentences a programme team can forward
//! (their group, what about it fits them, what their placement adds to the score, the best
//! other group), and each other group with the score after the move and the rules it breaks.

use super::rotation::PersonRef;
use super::{num, violation_views, ScoreView, ViolationView};
use crate::model::explain::{difference, BalanceFit, Explanation, Held, SimilarFit};
use crate::model::history::GroupRecord;
use crate::model::problem::Problem;
use crate::model::score::Score;
use crate::model::terms::requests::{Kind, Request};
use crate::model::terms::similar::Alike;
use crate::text::{and_list, plural, shown};
use serde::Serialize;

/// Output of `explain`.
#[derive(Debug, Clone, Serialize)]
pub struct ExplainView {
    /// Cycle label.
    pub cycle: String,
    /// Score of the cycle as it is.
    pub score: ScoreView,
    /// One entry per person asked about, in the order asked.
    pub people: Vec<PersonExplained>,
}

/// Why one person is where they are.
#[derive(Debug, Clone, Serialize)]
pub struct PersonExplained {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// `member` or `facilitator`.
    pub role: &'static str,
    /// Their group's label.
    pub group: String,
    /// The explanation in plain sentences.
    pub sentences: Vec<String>,
    /// What their placement adds to each score component (negative: saves), when a member.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub placement: Option<ScoreView>,
    /// The best other group: the lowest score among moves that break no rule, else the move
    /// breaking the fewest rules.
    pub best_other_group: Option<String>,
    /// Each other group, in cycle order (empty for a facilitator).
    pub other_groups: Vec<MoveView>,
}

/// Moving the person to one other group.
#[derive(Debug, Clone, Serialize)]
pub struct MoveView {
    /// The group's label.
    pub group: String,
    /// The score of the cycle with the person moved there.
    pub score: ScoreView,
    /// That score less the score as it is, by component.
    pub score_change: ScoreView,
    /// Hard rules the move would break.
    pub broken: Vec<ViolationView>,
    /// The best exchange with a member of the group, when the move alone breaks a rule.
    pub swap: Option<SwapView>,
}

/// Exchanging the person with a member of another group.
#[derive(Debug, Clone, Serialize)]
pub struct SwapView {
    /// The member they would change places with.
    pub with: PersonRef,
    /// The score of the cycle after the exchange.
    pub score: ScoreView,
    /// That score less the score as it is, by component.
    pub score_change: ScoreView,
    /// Hard rules the exchange would break.
    pub broken: Vec<ViolationView>,
}

impl PersonExplained {
    /// A member's explanation.
    pub fn member(p: &Problem, records: &[GroupRecord], e: &Explanation) -> PersonExplained {
        let label = |g: usize| records[g].label.clone();
        let me = PersonRef::new(p, e.person);
        let moves: Vec<MoveView> = (e.moves.iter())
            .map(|m| MoveView {
                group: label(m.group),
                score: ScoreView::new(&m.score),
                score_change: ScoreView::new(&difference(&m.score, &e.score)),
                broken: violation_views(&m.broken),
                swap: m.swap.as_ref().map(|s| SwapView {
                    with: PersonRef::new(p, s.with),
                    score: ScoreView::new(&s.score),
                    score_change: ScoreView::new(&difference(&s.score, &e.score)),
                    broken: violation_views(&s.broken),
                }),
            })
            .collect();
        let words = Words {
            p,
            e,
            group: label(e.group),
            name: me.name.clone(),
        };
        PersonExplained {
            id: me.id,
            name: me.name,
            role: "member",
            group: label(e.group),
            sentences: words.sentences(records),
            placement: Some(ScoreView::new(&e.placement)),
            best_other_group: e.best().map(|m| label(m.group)),
            other_groups: moves,
        }
    }

    /// A facilitator's: they are placed after the members and take no part in the score.
    pub fn facilitator(id: &str, name: &str, group: &str) -> PersonExplained {
        PersonExplained {
            id: id.into(),
            name: name.into(),
            role: "facilitator",
            group: group.into(),
            sentences: vec![format!(
                "{name} facilitates {group}. Facilitators are placed after the members are \
                 grouped (enough per group within capacity, the load spread evenly, then \
                 with `expertise` set the most members sharing one of their topics, then \
                 the fewest of the group met before) and take no part in the score."
            )],
            placement: None,
            best_other_group: None,
            other_groups: Vec::new(),
        }
    }
}

/// The sentences about one member.
struct Words<'a> {
    p: &'a Problem,
    e: &'a Explanation,
    group: String,
    name: String,
}

impl Words<'_> {
    fn sentences(&self, records: &[GroupRecord]) -> Vec<String> {
        let mut out = vec![self.placed()];
        out.extend(self.e.balance.iter().map(|b| self.balance(b)));
        out.extend(self.e.similar.iter().filter_map(|s| self.similar(s)));
        out.extend((self.e.requests.iter()).map(|&(r, ok, there)| {
            let there = there.map_or("no group", |g| records[g].label.as_str());
            self.request(r, ok, there)
        }));
        out.extend(self.met_before());
        out.push(self.placement());
        out.push(self.best(records));
        out
    }

    fn who(&self, i: usize) -> &str {
        &self.p.members[i].name
    }

    fn placed(&self) -> String {
        let mates = &self.e.mates;
        let others = match mates.len() {
            0 => "on their own".to_string(),
            k if k <= 12 => format!(
                "with {}",
                and_list(&mates.iter().map(|&i| self.who(i)).collect::<Vec<_>>())
            ),
            k => format!("with {}", plural(k, "other", "others")),
        };
        format!("{} is in {} {others}.", self.name, self.group)
    }

    fn balance(&self, b: &BalanceFit) -> String {
        let fair = if b.fair.0 == b.fair.1 {
            b.fair.0.to_string()
        } else {
            format!("{}–{}", b.fair.0, b.fair.1)
        };
        let (g, col, v) = (&self.group, &b.column, shown(&b.value));
        if b.needed() {
            format!(
                "{g} needed their {col} ({v}): without them it would hold {}, below its fair share of {fair}.",
                b.count - 1
            )
        } else {
            let how = if b.over() { "more than" } else { "within" };
            match b.count {
                1 => format!(
                    "They are {g}'s only member with {col} {v}, {how} its fair share of {fair}."
                ),
                n => format!(
                    "They are one of {n} in {g} with {col} {v}, {how} its fair share of {fair}."
                ),
            }
        }
    }

    fn similar(&self, s: &SimilarFit) -> Option<String> {
        let (g, col) = (&self.group, &s.column);
        Some(match (&s.alike, &s.value) {
            (Alike::Range { min, max }, Held::Number(x)) if min == max => {
                format!(
                    "On {col} they have {}, the same as everyone in {g}.",
                    num(*x)
                )
            }
            (Alike::Range { min, max }, Held::Number(x)) => format!(
                "On {col} they have {}; {g} spans {} to {}.",
                num(*x),
                num(*min),
                num(*max)
            ),
            (
                Alike::Shared {
                    value: Some(v),
                    count,
                },
                _,
            ) if s.holds_shared => format!(
                "{g} shares {col} {v} ({count} of {}), which they have.",
                self.e.mates.len() + 1
            ),
            (
                Alike::Shared {
                    value: Some(v),
                    count,
                },
                Held::Labels(own),
            ) => format!(
                "They do not have {g}'s most shared {col}, {v} ({count} of {}); theirs: {}.",
                self.e.mates.len() + 1,
                shown(&own.join(", "))
            ),
            _ => return None,
        })
    }

    /// One request and whether it is honoured; `there` is the other person's group.
    fn request(&self, r: Request, honoured: bool, there: &str) -> String {
        let asked = match r.kind {
            Kind::With => "to be with",
            Kind::NotWith => "not to be with",
        };
        let mine = r.from == self.e.person;
        let line = if mine {
            format!("Their request {asked} {}", self.who(r.to))
        } else {
            format!("{}'s request {asked} them", self.who(r.from))
        };
        let other = if mine { r.to } else { r.from };
        match (honoured, r.kind) {
            (true, _) => format!("{line} is honoured."),
            (false, Kind::With) => {
                format!("{line} is not honoured: {} is in {there}.", self.who(other))
            }
            (false, Kind::NotWith) => {
                format!("{line} is not honoured: both are in {}.", self.group)
            }
        }
    }

    fn met_before(&self) -> Option<String> {
        let met = &self.e.met_before;
        if met.is_empty() {
            let history = !self.p.repeats().age.is_empty();
            return (history && !self.e.mates.is_empty())
                .then(|| format!("They have met nobody in {} before.", self.group));
        }
        let each: Vec<String> = (met.iter())
            .map(|&(j, age)| match age {
                1 => format!("{} (last cycle)", self.who(j)),
                a => format!("{} ({a} cycles ago)", self.who(j)),
            })
            .collect();
        Some(format!("They met {} before.", and_list(&each)))
    }

    fn placement(&self) -> String {
        let s = &self.e.placement;
        if s.total == 0.0 && s.components.iter().all(|(_, x)| *x == 0.0) {
            return "Their placement adds nothing to the score.".into();
        }
        let verb = if s.total < 0.0 { "saves" } else { "adds" };
        format!(
            "Their placement {verb} {} {} the score ({}).",
            num(s.total.abs()),
            if s.total < 0.0 { "in" } else { "to" },
            changes(parts(s), false)
        )
    }

    fn best(&self, records: &[GroupRecord]) -> String {
        let Some(m) = self.e.best() else {
            return "There is no other group in this cycle.".into();
        };
        let h = &records[m.group].label;
        let (score, broken, with) = m.way_in();
        let how = match with {
            None => "moving them there".to_string(),
            Some(k) => format!("changing places with {}", self.who(k)),
        };
        let cost = cost(&difference(score, &self.e.score), score);
        if broken.is_empty() {
            return format!("The best other group for them is {h}: {how} would {cost}.");
        }
        format!(
            "No other group can take them without breaking a rule; the nearest is {h}, where \
             {how} would break {} (and {cost}). `adjust --move {}={h}` finds the fewest other \
             moves that keep every rule.",
            and_list(&rule_names(broken)),
            self.p.members[self.e.person].id
        )
    }
}

/// What a change `d` to the score does, ending at `after`: `raise the score by 2 to 43
/// (repeats +2)`.
fn cost(d: &Score, after: &Score) -> String {
    let after = num(after.total);
    match d.total {
        x if x > 0.0 => format!(
            "raise the score by {} to {after} ({})",
            num(x),
            changes(parts(d), true)
        ),
        x if x < 0.0 => format!(
            "lower the score by {} to {after} ({})",
            num(-x),
            changes(parts(d), true)
        ),
        _ => format!("leave the score at {after}"),
    }
}

/// The non-zero components, e.g. `balance:prof 2, repeats 1` (with signs when `signed`:
/// `+2`), or `no component changes`.
fn changes<'a>(components: impl Iterator<Item = (&'a str, f64)>, signed: bool) -> String {
    let parts: Vec<String> = components
        .filter(|(_, x)| *x != 0.0)
        .map(|(k, x)| match signed {
            true => format!("{k} {}", with_sign(x)),
            false => format!("{k} {}", num(x)),
        })
        .collect();
    if parts.is_empty() {
        "no component changes".into()
    } else {
        parts.join(", ")
    }
}

/// The components of a score.
fn parts(s: &Score) -> impl Iterator<Item = (&str, f64)> {
    s.components.iter().map(|(k, x)| (k.as_str(), *x))
}

/// `+2`, `-1.5`, `0`.
fn with_sign(x: f64) -> String {
    if x > 0.0 {
        format!("+{}", num(x))
    } else {
        num(x)
    }
}

/// The rules broken, each named once.
pub fn rule_names<V: Broken>(broken: &[V]) -> Vec<&str> {
    let mut names: Vec<&str> = Vec::new();
    for v in broken {
        if !names.contains(&v.rule()) {
            names.push(v.rule());
        }
    }
    names
}

/// A broken rule, as the model or a view holds it.
pub trait Broken {
    /// The rule's name.
    fn rule(&self) -> &str;
}

impl Broken for crate::model::rules::Violation {
    fn rule(&self) -> &str {
        self.rule
    }
}

impl Broken for ViolationView {
    fn rule(&self) -> &str {
        &self.rule
    }
}

/// The header of [`move_rows`].
pub const MOVE_HEADER: [&str; 5] = [
    "Other group",
    "Score after the move",
    "Change",
    "Would break",
    "Best exchange instead",
];

/// One row per other group: label, score after the move, change, rules broken, and the best
/// exchange when the move breaks a rule.
pub fn move_rows(x: &PersonExplained) -> impl Iterator<Item = [String; 5]> + '_ {
    x.other_groups.iter().map(|m| {
        let swap = m.swap.as_ref().map_or(String::new(), |s| {
            let broken = rule_names(&s.broken);
            let broken = match broken.is_empty() {
                true => String::new(),
                false => format!(", would break {}", broken.join(", ")),
            };
            format!(
                "with {}: {} ({}){broken}",
                s.with.name,
                num(s.score.total),
                change_cell(&s.score_change)
            )
        });
        [
            m.group.clone(),
            num(m.score.total),
            change_cell(&m.score_change),
            rule_names(&m.broken).join(", "),
            swap,
        ]
    })
}

/// A change as a cell: `+2 (repeats +2)`, or `0`.
fn change_cell(change: &ScoreView) -> String {
    let parts = (change.components.iter()).map(|(k, v)| (k.as_str(), v.as_f64().unwrap_or(0.0)));
    if change.total == 0.0 {
        "0".into()
    } else {
        format!("{} ({})", with_sign(change.total), changes(parts, true))
    }
}

//! CSV output: groups in the long format; violations, rotations and reports as tables.
//! Every cell is written through [`write_record`], so none starts a spreadsheet formula.

use super::adjust::AdjustView;
use super::history::{HistoryForecastView, HistoryView};
use super::rotation::PersonRef;
use super::{num, ExplainView, Renderer};
use super::{AssignView, CheckView, GroupView, PlanView, ReportView, RotateView};
use crate::io::cell::write_record;
use crate::io::groups::{render_rows, OutRow};

/// The rows of the long format: each group's members, then its facilitators (role
/// `facilitator`).
pub fn rows<'a>(cycle: &'a str, groups: &'a [GroupView]) -> impl Iterator<Item = OutRow<'a>> {
    groups.iter().flat_map(move |g| {
        g.members
            .iter()
            .chain(&g.facilitators)
            .map(move |m| OutRow {
                cycle,
                group: &g.name,
                id: &m.id,
                name: &m.name,
                role: &m.role,
            })
    })
}

/// The groups in the long format (the same bytes `--out` writes).
pub fn assign(v: &AssignView) -> anyhow::Result<String> {
    Ok(String::from_utf8(render_rows(rows(&v.cycle, &v.groups))?)?)
}

/// Every planned cycle's groups in the long format (the same bytes `plan --out` writes).
pub fn plan(v: &PlanView) -> anyhow::Result<String> {
    let rows = v.cycles.iter().flat_map(|c| rows(&c.cycle, &c.groups));
    Ok(String::from_utf8(render_rows(rows)?)?)
}

/// A CSV table from a header and rows.
pub(super) fn table<const N: usize>(
    header: [&str; N],
    rows: impl IntoIterator<Item = [String; N]>,
) -> anyhow::Result<String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    write_record(&mut w, header)?;
    for r in rows {
        write_record(&mut w, &r)?;
    }
    Ok(String::from_utf8(
        w.into_inner()
            .map_err(|e| anyhow::anyhow!("{}", e.error()))?,
    )?)
}

/// One row per violation.
pub fn check(v: &CheckView) -> anyhow::Result<String> {
    table(
        ["rule", "group", "members", "message"],
        v.violations.iter().map(|x| {
            [
                x.rule.clone(),
                x.group.clone().unwrap_or_default(),
                x.members.join(";"),
                x.message.clone(),
            ]
        }),
    )
}

fn ids(people: impl IntoIterator<Item = String>) -> String {
    people.into_iter().collect::<Vec<_>>().join(";")
}

/// One row per person: previous and new group, new group-mates and repeats (ids, `;`-separated;
/// a repeat as `id:age`).
pub fn rotate(v: &RotateView) -> anyhow::Result<String> {
    table(
        [
            "cycle",
            "member_id",
            "name",
            "one_way",
            "previous_group",
            "group",
            "new_mates",
            "repeats",
            "rounds_left",
        ],
        v.rotation.people.iter().map(|x| {
            [
                v.assign.cycle.clone(),
                x.person.id.clone(),
                x.person.name.clone(),
                x.person.one_way.to_string(),
                x.previous_group.clone().unwrap_or_default(),
                x.group.clone(),
                ids(x.new_mates.iter().map(|m: &PersonRef| m.id.clone())),
                ids(x
                    .repeats
                    .iter()
                    .map(|r| format!("{}:{}", r.person.id, r.age))),
                x.rounds_left_count.map_or(String::new(), |r| r.to_string()),
            ]
        }),
    )
}

/// One row per person: group and how many of the others they have met over the history.
pub fn report(v: &ReportView) -> anyhow::Result<String> {
    table(
        ["cycle", "group", "member_id", "name", "met", "others"],
        v.coverage.people.iter().map(|x| {
            [
                v.cycle.clone(),
                x.group.clone(),
                x.id.clone(),
                x.name.clone(),
                x.met.to_string(),
                x.others.to_string(),
            ]
        }),
    )
}

/// A row `score` with the totals before (`from`) and after (`to`), then one row per move.
fn adjust(v: &AdjustView) -> anyhow::Result<String> {
    let score = [
        v.cycle.clone(),
        "score".into(),
        String::new(),
        String::new(),
        num(v.score.before.total),
        num(v.score.after.total),
    ];
    table(
        ["cycle", "change", "member_id", "name", "from", "to"],
        std::iter::once(score).chain(v.moves.iter().map(|m| {
            [
                v.cycle.clone(),
                m.change.into(),
                m.id.clone(),
                m.name.clone(),
                m.from.clone().unwrap_or_default(),
                m.to.clone().unwrap_or_default(),
            ]
        })),
    )
}

/// The CSV format.
pub struct CsvRenderer;

impl Renderer for CsvRenderer {
    fn assign(&self, v: &AssignView) -> anyhow::Result<String> {
        assign(v)
    }
    fn check(&self, v: &CheckView) -> anyhow::Result<String> {
        check(v)
    }
    fn rotate(&self, v: &RotateView) -> anyhow::Result<String> {
        rotate(v)
    }
    fn report(&self, v: &ReportView) -> anyhow::Result<String> {
        report(v)
    }
    fn plan(&self, v: &PlanView) -> anyhow::Result<String> {
        plan(v)
    }
    fn adjust(&self, v: &AdjustView) -> anyhow::Result<String> {
        adjust(v)
    }
    fn history(&self, v: &HistoryView) -> anyhow::Result<String> {
        table(
            [
                "cycle",
                "groups",
                "people",
                "new_pairs",
                "pairs_met",
                "pairs_possible",
            ],
            v.cycles.iter().map(|c| {
                [
                    c.cycle.clone(),
                    c.groups_count.to_string(),
                    c.people_count.to_string(),
                    c.new_pairs_count.to_string(),
                    c.coverage.pairs_met.to_string(),
                    c.coverage.pairs_possible.to_string(),
                ]
            }),
        )
    }
    fn forecast(&self, v: &HistoryForecastView) -> anyhow::Result<String> {
        table(
            ["cycles", "at_most", "reached"],
            std::iter::once([
                v.cycles_count.to_string(),
                v.forecast
                    .rounds_count
                    .map_or(String::new(), |r| r.to_string()),
                v.reached_count.to_string(),
            ]),
        )
    }
    fn explain(&self, v: &ExplainView) -> anyhow::Result<String> {
        table(
            [
                "id",
                "name",
                "group",
                "other_group",
                "score_after",
                "change",
                "would_break",
                "exchange_with",
                "score_after_exchange",
                "exchange_would_break",
            ],
            v.people.iter().flat_map(|x| {
                x.other_groups.iter().map(|m| {
                    [
                        x.id.clone(),
                        x.name.clone(),
                        x.group.clone(),
                        m.group.clone(),
                        num(m.score.total),
                        num(m.score_change.total),
                        super::explain::rule_names(&m.broken).join(";"),
                        m.swap.as_ref().map_or(String::new(), |s| s.with.id.clone()),
                        m.swap
                            .as_ref()
                            .map_or(String::new(), |s| num(s.score.total)),
                        m.swap.as_ref().map_or(String::new(), |s| {
                            super::explain::rule_names(&s.broken).join(";")
                        }),
                    ]
                })
            }),
        )
    }
}

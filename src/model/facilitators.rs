//! Facilitators (README: Config reference): a separate pool, placed after the members are grouped, and
//! hard rule 7 that `check` verifies. Facilitators never enter the member score.
//!
//! Placement is a small minimum-cost flow whose costs are compared level by level:
//! 1. groups get `per_group` facilitators while the pool's capacity allows; when it does
//!    not, every facilitator is used to capacity and the groups' counts differ by at most one;
//! 2. when a cycle is re-planned (`adjust`), facilitators stay with the groups they had;
//! 3. the load is spread evenly: nobody facilitates a second group while someone with
//!    capacity left has none, and so on;
//! 4. with `expertise` and `match` set (README: Config reference), facilitators whose topics the
//!    group shares are preferred: the gain is the number of the group's members who share
//!    at least one of the facilitator's topics (see [`Expertise`]);
//! 5. facilitators who have not met a group's members before (history rows with role
//!    `facilitator`) are preferred: the cost is the number of members met;
//! 6. ties go by file order: the earliest facilitators of the file are used, the first of
//!    them in the first group, and so on.
//!
//! Expertise is a preference, never a hard rule: `check` does not look at it.

use super::build::{display_name, excluded_statuses, is_excluded, set_elements, unique_id};
use super::flow::Flow;
use super::history::{Cycle, GroupRecord};
use super::problem::Problem;
use super::rules::Violation;
use crate::config::{Columns, ExpertiseSettings, FacilitatorSettings};
use crate::model::records::Records;
use crate::text::plural;
use anyhow::Result;
use std::collections::{HashMap, HashSet};

/// One facilitator of the pool.
#[derive(Debug, Clone, PartialEq)]
pub struct Facilitator {
    /// Id (unique in the pool, not an eligible member).
    pub id: String,
    /// Display name (the id when the file has none).
    pub name: String,
    /// Most groups this facilitator takes in one cycle.
    pub capacity: usize,
}

/// The pool and the per-group rule.
#[derive(Debug, Clone, PartialEq)]
pub struct Pool {
    /// Where the pool came from, for messages.
    pub source: String,
    /// Facilitators in file order (people excluded by status left out).
    pub facilitators: Vec<Facilitator>,
    /// Facilitators wanted per group.
    pub per_group: usize,
    /// The facilitators' topics and the members' interests, when `expertise` is set.
    pub expertise: Option<Expertise>,
}

/// Subject expertise (README: Config reference): each facilitator's topics (a set column of the
/// pool) and each member's interests (a set column of the roster), as topic ids. Cells are
/// split like every set column; elements are trimmed and compared case-insensitively
/// (`Law` is `law`), and a topic is shown as the pool first spells it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Expertise {
    /// Topics by id, in order of first appearance in the pool.
    pub topics: Vec<String>,
    /// Each facilitator's topics (ids, in the order of their cell), as [`Pool::facilitators`].
    pub of_facilitator: Vec<Vec<u32>>,
    /// Each member's interests that are some facilitator's topic (ids, sorted), by member
    /// index.
    pub of_member: Vec<Vec<u32>>,
}

/// What a facilitator shares with a group's members.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Match {
    /// Members who share at least one of the facilitator's topics.
    pub members: usize,
    /// The facilitator's topics that some member shares (ids, in the facilitator's order).
    pub topics: Vec<u32>,
}

impl Expertise {
    /// What facilitator `f` shares with `members` (member indices).
    pub fn shared(&self, f: usize, members: &[usize]) -> Match {
        let own = &self.of_facilitator[f];
        let mut shared = vec![false; own.len()];
        let mut matched = 0;
        for &i in members {
            let mut hit = false;
            for (k, t) in own.iter().enumerate() {
                if self.of_member[i].binary_search(t).is_ok() {
                    shared[k] = true;
                    hit = true;
                }
            }
            matched += usize::from(hit);
        }
        Match {
            members: matched,
            topics: (own.iter().zip(shared))
                .filter_map(|(&t, s)| s.then_some(t))
                .collect(),
        }
    }
}

impl Pool {
    /// Index of a facilitator by id.
    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.facilitators.iter().position(|f| f.id == id)
    }

    /// Placements the pool can fill in `groups` groups: nobody twice in one group, nobody
    /// over capacity, at most `per_group` per group.
    pub fn slots(&self, groups: usize) -> usize {
        let capacity: usize = self
            .facilitators
            .iter()
            .map(|f| f.capacity.min(groups))
            .sum();
        capacity.min(self.per_group * groups)
    }
}

/// Reads the pool from its table: the roster's id and name columns, an optional `capacity`
/// column (a whole number, default 1) and the roster's status column (excluded statuses
/// take no part); with `expertise` set, the topics from the pool and the members' interests
/// from `roster`.
pub fn build_pool(
    table: &Records,
    roster: &Records,
    settings: &FacilitatorSettings,
    columns: &Columns,
    p: &Problem,
) -> Result<Pool> {
    let id_col = table.require(
        &columns.id,
        "the facilitator pool uses the roster's id column (roster_columns.id)",
    )?;
    let name_col = table.column(&columns.name);
    let status_col = table.column(&columns.status);
    let cap_col = table.column("capacity");
    let topics_col = (settings.expertise.as_ref())
        .map(|e| {
            table.require(
                &e.topics,
                "[facilitators] expertise names it; add a column of each facilitator's topics or correct the name in the config",
            )
        })
        .transpose()?;
    let exclude = excluded_statuses(columns);
    let mut seen: HashMap<String, u64> = HashMap::new();
    let mut facilitators = Vec::new();
    let mut topic_cells = Vec::new();
    for row in &table.rows {
        let id = unique_id(table, row, id_col, &mut seen)?;
        if p.index_of(&id).is_some() {
            return Err(table.cell_error(
                row,
                id_col,
                format!("'{id}' is also an eligible member in the roster; a person is either a member or a facilitator"),
            ));
        }
        if is_excluded(row, status_col, &exclude) {
            continue;
        }
        let capacity = match cap_col.map(|c| (c, row.cells[c].as_str())) {
            None | Some((_, "")) => 1,
            Some((c, cell)) => cell.parse::<usize>().map_err(|_| {
                table.cell_error(
                    row,
                    c,
                    format!("capacity '{cell}' is not a whole number; use 0, 1, 2, … (blank = 1)"),
                )
            })?,
        };
        let name = display_name(row, name_col, &id);
        facilitators.push(Facilitator { id, name, capacity });
        topic_cells.extend(topics_col.map(|c| row.cells[c].as_str()));
    }
    let expertise = match &settings.expertise {
        Some(e) => Some(expertise(e, &topic_cells, roster, columns, p)?),
        None => None,
    };
    Ok(Pool {
        source: table.path.display().to_string(),
        facilitators,
        per_group: settings.per_group,
        expertise,
    })
}

/// The facilitators' topics (`topic_cells`, one per facilitator) and the members' interests
/// read from the roster's `match` column.
fn expertise(
    e: &ExpertiseSettings,
    topic_cells: &[&str],
    roster: &Records,
    columns: &Columns,
    p: &Problem,
) -> Result<Expertise> {
    let interests_col = roster.require(
        &e.interests,
        "[facilitators] match names it; add a column of each member's interests or correct the name in the config",
    )?;
    let id_col = roster.require(&columns.id, "name it with roster_columns.id")?;
    let mut topics: Vec<String> = Vec::new();
    let mut id_of: HashMap<String, u32> = HashMap::new();
    let of_facilitator = (topic_cells.iter())
        .map(|cell| {
            let mut own: Vec<u32> = Vec::new();
            for t in set_elements(cell, &e.separator) {
                let id = *id_of.entry(t.to_lowercase()).or_insert_with(|| {
                    topics.push(t.to_string());
                    (topics.len() - 1) as u32
                });
                if !own.contains(&id) {
                    own.push(id);
                }
            }
            own
        })
        .collect();
    let mut of_member = vec![Vec::new(); p.n()];
    let index = p.index();
    for row in &roster.rows {
        if let Some(&i) = index.get(row.cells[id_col].as_str()) {
            let mut own: Vec<u32> = set_elements(&row.cells[interests_col], &e.separator)
                .filter_map(|t| id_of.get(&t.to_lowercase()).copied())
                .collect();
            own.sort_unstable();
            own.dedup();
            of_member[i] = own;
        }
    }
    Ok(Expertise {
        topics,
        of_facilitator,
        of_member,
    })
}

/// For each facilitator of the pool, the members (indices) of the groups they facilitated
/// in `history`.
pub fn past_meetings(pool: &Pool, p: &Problem, history: &[Cycle]) -> Vec<HashSet<usize>> {
    let mut met = vec![HashSet::new(); pool.facilitators.len()];
    let index = p.index();
    for group in history.iter().flat_map(|c| &c.groups) {
        for (fid, _) in &group.facilitators {
            if let Some(f) = pool.index_of(fid) {
                met[f].extend(
                    group
                        .members
                        .iter()
                        .filter_map(|(id, _)| index.get(id.as_str()).copied()),
                );
            }
        }
    }
    met
}

/// How many of `members` facilitator `f` has met.
pub fn meetings(met: &[HashSet<usize>], f: usize, members: &[usize]) -> usize {
    members.iter().filter(|i| met[f].contains(i)).count()
}

/// Places facilitators in `groups` (member indices): for each group, the facilitators
/// (pool indices, in file order). See the module docs for the order of preferences.
pub fn place(pool: &Pool, groups: &[Vec<usize>], met: &[HashSet<usize>]) -> Vec<Vec<usize>> {
    place_keeping(pool, groups, met, &[])
}

/// [`place`], keeping as many facilitators as possible in the groups they had (`kept`,
/// pool indices per group; missing groups had none).
pub fn place_keeping(
    pool: &Pool,
    groups: &[Vec<usize>],
    met: &[HashSet<usize>],
    kept: &[Vec<usize>],
) -> Vec<Vec<usize>> {
    let (nf, ng) = (pool.facilitators.len(), groups.len());
    let (s, t) = (0, nf + ng + 1);
    let fnode = |f: usize| 1 + f;
    let gnode = |g: usize| 1 + nf + g;
    let mut flow = Flow::new(nf + ng + 2);
    for (f, fac) in pool.facilitators.iter().enumerate() {
        for k in 0..fac.capacity.min(ng) {
            flow.arc(s, fnode(f), 1, [0, 0, k as i64, 0, 0, 0, 0]);
        }
    }
    let mut arcs = Vec::new();
    for (g, members) in groups.iter().enumerate() {
        for f in 0..nf {
            let met = meetings(met, f, members) as i64;
            let shared = (pool.expertise.as_ref()).map_or(0, |e| e.shared(f, members).members);
            // Σ f is least for the earliest facilitators; −Σ f·(g+1) is least when they
            // are in file order across the groups (the rearrangement inequality).
            let (f_, g_) = (f as i64, g as i64 + 1);
            let stays = kept.get(g).is_some_and(|k| k.contains(&f));
            let cost = [0, i64::from(!stays), 0, -(shared as i64), met, f_, -f_ * g_];
            arcs.push((g, f, flow.arc(fnode(f), gnode(g), 1, cost)));
        }
        for k in 0..pool.per_group {
            flow.arc(gnode(g), t, 1, [k as i64, 0, 0, 0, 0, 0, 0]);
        }
    }
    flow.run(s, t, pool.slots(ng) as i64);
    let mut placed = vec![Vec::new(); ng];
    for (g, f, arc) in arcs {
        if flow.flow_on(arc) > 0 {
            placed[g].push(f);
        }
    }
    placed
}

/// Groups left short of facilitators because the pool's capacity ran out.
#[derive(Debug, Clone, PartialEq)]
pub struct Shortfall {
    /// Groups with no facilitator.
    pub without: usize,
    /// Groups with fewer than `per_group` (including those without).
    pub below: usize,
    /// Placements the pool can fill.
    pub capacity: usize,
    /// Placements wanted: `per_group` × groups.
    pub wanted: usize,
}

impl Shortfall {
    /// The warning shown to the user.
    pub fn message(&self, pool: &Pool) -> String {
        let mut msg = format!(
            "too few facilitators: {} left without one",
            plural(self.without, "group", "groups")
        );
        if self.below > self.without {
            msg.push_str(&format!(
                " and {} with fewer than per_group = {}",
                self.below - self.without,
                pool.per_group
            ));
        }
        msg.push_str(&format!(
            "; the pool ({}) can fill {} of the {} places; add facilitators or raise their capacity",
            pool.source, self.capacity, self.wanted
        ));
        msg
    }
}

/// The shortfall of a placement, if any group has fewer than `per_group` facilitators.
pub fn shortfall(pool: &Pool, placed: &[Vec<usize>]) -> Option<Shortfall> {
    let below = placed.iter().filter(|f| f.len() < pool.per_group).count();
    (below > 0).then(|| Shortfall {
        without: placed.iter().filter(|f| f.is_empty()).count(),
        below,
        capacity: pool.slots(placed.len()),
        wanted: pool.per_group * placed.len(),
    })
}

/// The name rule 7's violations go by.
const RULE: &str = "facilitators";

/// Hard rule 7 on the facilitator rows of one cycle: known facilitators, nobody twice in
/// a group or over capacity, at most `per_group` per group, and `per_group` per group while
/// the pool's capacity allows (when it does not, counts differ by at most one).
pub fn check(pool: &Pool, records: &[GroupRecord]) -> Vec<Violation> {
    let mut v = Vec::new();
    let mut load = vec![0usize; pool.facilitators.len()];
    let counts: Vec<usize> = (records.iter())
        .map(|rec| group_rows(pool, rec, &mut load, &mut v))
        .collect();
    for (f, fac) in pool.facilitators.iter().enumerate() {
        if load[f] > fac.capacity {
            v.push(Violation::overall(
                RULE,
                vec![fac.id.clone()],
                format!(
                    "{} facilitates {}; capacity is {}",
                    fac.id,
                    plural(load[f], "group", "groups"),
                    fac.capacity
                ),
            ));
        }
    }
    v.extend(short_groups(pool, records, &counts));
    v
}

/// One group's facilitator rows: unknown and repeated facilitators and more than
/// `per_group` go to `v`; each known one adds to its `load`. Returns how many it has.
fn group_rows(pool: &Pool, rec: &GroupRecord, load: &mut [usize], v: &mut Vec<Violation>) -> usize {
    let mut inside: Vec<usize> = Vec::new();
    for (id, line) in &rec.facilitators {
        let problem = match pool.index_of(id) {
            None => format!(
                "'{id}' (line {line}) is not in the facilitator pool {}",
                pool.source
            ),
            Some(f) if inside.contains(&f) => {
                format!("'{id}' (line {line}) facilitates this group twice")
            }
            Some(f) => {
                inside.push(f);
                load[f] += 1;
                continue;
            }
        };
        v.push(Violation::in_group(
            RULE,
            &rec.label,
            vec![id.clone()],
            problem,
        ));
    }
    if inside.len() > pool.per_group {
        v.push(Violation::in_group(
            RULE,
            &rec.label,
            (inside.iter())
                .map(|&f| pool.facilitators[f].id.clone())
                .collect(),
            format!(
                "{} facilitators; per_group is {}",
                inside.len(),
                pool.per_group
            ),
        ));
    }
    inside.len()
}

/// Groups left below `per_group` although the pool's capacity would fill them, and, when
/// it would not, counts (`counts`, per group) that differ by more than one.
fn short_groups(pool: &Pool, records: &[GroupRecord], counts: &[usize]) -> Vec<Violation> {
    let mut v = Vec::new();
    let placed: usize = counts.iter().map(|&c| c.min(pool.per_group)).sum();
    let slots = pool.slots(records.len());
    if placed < slots {
        for (rec, &c) in records.iter().zip(counts) {
            if c < pool.per_group {
                v.push(Violation::in_group(
                    RULE,
                    &rec.label,
                    vec![],
                    format!(
                        "{}, per_group is {}: the pool's capacity allows {} in {}, the file has {placed}",
                        plural(c, "facilitator", "facilitators"),
                        pool.per_group,
                        plural(slots, "placement", "placements"),
                        plural(records.len(), "group", "groups")
                    ),
                ));
            }
        }
    }
    let (lo, hi) = (
        counts.iter().min().copied().unwrap_or(0),
        counts.iter().max().copied().unwrap_or(0),
    );
    if lo < pool.per_group && hi > lo + 1 {
        v.push(Violation::overall(
            RULE,
            vec![],
            format!(
                "facilitators per group range from {lo} to {hi}; when the pool is short they differ by at most one"
            ),
        ));
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pool(caps: &[usize], per_group: usize) -> Pool {
        Pool {
            source: "f.csv".into(),
            facilitators: caps
                .iter()
                .enumerate()
                .map(|(k, &capacity)| Facilitator {
                    id: format!("f{k}"),
                    name: format!("F{k}"),
                    capacity,
                })
                .collect(),
            per_group,
            expertise: None,
        }
    }

    fn records(placed: &[Vec<usize>]) -> Vec<GroupRecord> {
        placed
            .iter()
            .enumerate()
            .map(|(g, fs)| GroupRecord {
                label: format!("G{g}"),
                members: Vec::new(),
                facilitators: fs.iter().map(|f| (format!("f{f}"), 0)).collect(),
            })
            .collect()
    }

    #[test]
    fn file_order_without_history() {
        let pool = pool(&[1, 1, 1, 1], 1);
        let groups = vec![vec![0, 1], vec![2, 3], vec![4, 5]];
        let met = vec![HashSet::new(); 4];
        assert_eq!(place(&pool, &groups, &met), vec![vec![0], vec![1], vec![2]]);
    }

    #[test]
    fn prefers_facilitators_who_have_not_met_the_members() {
        let pool = pool(&[1, 1], 1);
        let groups = vec![vec![0, 1], vec![2, 3]];
        let met = vec![HashSet::from([0]), HashSet::new()];
        assert_eq!(place(&pool, &groups, &met), vec![vec![1], vec![0]]);
    }

    #[test]
    fn spreads_load_before_meetings() {
        // f0 (capacity 2) met nobody; f1 met group 1. Even load wins: one group each.
        let pool = pool(&[2, 1], 1);
        let groups = vec![vec![0, 1], vec![2, 3]];
        let met = vec![HashSet::new(), HashSet::from([2])];
        let placed = place(&pool, &groups, &met);
        assert_eq!(placed, vec![vec![1], vec![0]]);
    }

    /// `pool` with topics per facilitator and interests per member (topic ids).
    fn expert(mut pool: Pool, topics: &[&[u32]], interests: &[&[u32]]) -> Pool {
        pool.expertise = Some(Expertise {
            topics: vec!["law".into(), "finance".into(), "health".into()],
            of_facilitator: topics.iter().map(|t| t.to_vec()).collect(),
            of_member: interests.iter().map(|t| t.to_vec()).collect(),
        });
        pool
    }

    #[test]
    fn shared_counts_members_and_lists_topics_in_the_facilitators_order() {
        let p = expert(pool(&[1], 1), &[&[2, 0, 1]], &[&[0], &[0, 1], &[], &[1, 2]]);
        let e = p.expertise.as_ref().unwrap();
        let m = e.shared(0, &[0, 1, 2]);
        assert_eq!((m.members, m.topics), (2, vec![0, 1]));
        let m = e.shared(0, &[2, 3]);
        assert_eq!((m.members, m.topics), (1, vec![2, 1]));
        assert_eq!(e.shared(0, &[2]), Match::default());
    }

    #[test]
    fn expertise_beats_met_before() {
        // Group 0 (members 0, 1) is into finance, group 1 (2, 3) into law. f1 knows
        // finance but met member 0; f0 knows law. Without expertise, f1 would avoid the
        // member it met; with it, each goes where its topic is shared.
        let groups = vec![vec![0, 1], vec![2, 3]];
        let met = vec![HashSet::new(), HashSet::from([0])];
        let plain = pool(&[1, 1], 1);
        assert_eq!(place(&plain, &groups, &met), vec![vec![0], vec![1]]);
        let p = expert(plain, &[&[0], &[1]], &[&[1], &[1], &[0], &[0]]);
        assert_eq!(place(&p, &groups, &met), vec![vec![1], vec![0]]);
    }

    #[test]
    fn expertise_breaks_ties_only_among_equal_loads() {
        // f0 (capacity 2) shares a topic with everyone, f1 with nobody: even load still
        // gives each one group.
        let groups = vec![vec![0, 1], vec![2, 3]];
        let p = expert(pool(&[2, 1], 1), &[&[0], &[2]], &[&[0], &[0], &[0], &[0]]);
        let placed = place(&p, &groups, &[HashSet::new(), HashSet::new()]);
        assert_eq!(placed, vec![vec![0], vec![1]]);
        // With the topic shared by group 1 only, f0 goes there.
        let p = expert(pool(&[2, 1], 1), &[&[0], &[2]], &[&[], &[], &[0], &[]]);
        let placed = place(&p, &groups, &[HashSet::new(), HashSet::new()]);
        assert_eq!(placed, vec![vec![1], vec![0]]);
    }

    #[test]
    fn capacity_and_per_group_come_before_expertise() {
        // Every facilitator shares a topic with group 0 only, but per_group = 2 caps it and
        // the short pool is spread so that counts differ by at most one.
        let groups = vec![vec![0, 1], vec![2, 3]];
        let interests: &[&[u32]] = &[&[0], &[0], &[], &[]];
        let p = expert(pool(&[1, 1, 1], 2), &[&[0], &[0], &[0]], interests);
        let placed = place(&p, &groups, &vec![HashSet::new(); 3]);
        assert_eq!(placed.iter().map(Vec::len).collect::<Vec<_>>(), [2, 1]);
        assert!(check(&p, &records(&placed)).is_empty());
        // A facilitator without capacity is never placed, however well matched.
        let p = expert(pool(&[0, 1], 1), &[&[0], &[]], interests);
        let placed = place(&p, &groups, &[HashSet::new(), HashSet::new()]);
        assert_eq!(placed.concat(), [1], "{placed:?}");
    }

    #[test]
    fn short_pool_is_used_to_capacity_and_evenly() {
        // Two groups want two each; capacities 1, 1, 2 fill all four places even though
        // a greedy first pick could strand the capacity-2 facilitator.
        let p2 = pool(&[1, 1, 2], 2);
        let groups = vec![vec![0], vec![1]];
        let met = vec![HashSet::from([1]), HashSet::from([1]), HashSet::from([0])];
        let placed = place(&p2, &groups, &met);
        assert_eq!(placed.iter().map(Vec::len).sum::<usize>(), 4, "{placed:?}");
        assert!(check(&p2, &records(&placed)).is_empty());
        // Three groups, capacity for two: one group left without, reported.
        let p1 = pool(&[1, 1], 1);
        let placed = place(
            &p1,
            &[vec![0], vec![1], vec![2]],
            &[HashSet::new(), HashSet::new()],
        );
        let short = shortfall(&p1, &placed).expect("a shortfall");
        assert_eq!((short.without, short.capacity, short.wanted), (1, 2, 3));
        assert!(check(&p1, &records(&placed)).is_empty());
    }

    #[test]
    fn check_finds_each_breach() {
        let p = pool(&[1, 1, 1], 1);
        // G0: f0 and f0 again; G1: nobody although f1 and f2 are free; G2: f9 unknown.
        let mut recs = records(&[vec![0, 0], vec![], vec![]]);
        recs[2].facilitators.push(("f9".into(), 7));
        let v = check(&p, &recs);
        let messages: Vec<&str> = v.iter().map(|x| x.message.as_str()).collect();
        assert!(messages.iter().any(|m| m.contains("twice")), "{messages:?}");
        assert!(
            messages
                .iter()
                .any(|m| m.contains("'f9' (line 7) is not in the facilitator pool")),
            "{messages:?}"
        );
        assert_eq!(
            v.iter()
                .filter(|x| x.message.contains("capacity allows 3 placements"))
                .count(),
            2,
            "{messages:?}"
        );
        let over = check(&pool(&[1], 1), &records(&[vec![0], vec![0]]));
        assert!(
            over.iter()
                .any(|x| x.message.contains("facilitates 2 groups; capacity is 1")),
            "{over:?}"
        );
    }
}

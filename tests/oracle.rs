//! Brute-force oracle: on rosters of up to 9 people with random configs, the solver's answer
//! must meet every hard rule and score exactly the best score over all assignments, and it
//! must be called `optimal`. When no assignment meets the rules, the solver must say so.

use peergroups::config::parse_config;
use peergroups::io::table::parse_table;
use peergroups::model::build::{build, Inputs};
use peergroups::model::history::{Cycle, GroupRecord};
use peergroups::model::outcome::Infeasible;
use peergroups::model::problem::Problem;
use peergroups::model::rules::check;
use peergroups::model::score::score;
use peergroups::solve::ilp::{self, IlpOptions, Relax};
use peergroups::solve::lns::{self, LnsBudget};
use peergroups::solve::search::{search, Budget, Escape};
use peergroups::solve::{solve, SolveOptions, Status};
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::fmt::Write as _;
use std::path::Path;
use std::time::{Duration, Instant};

/// A random small programme: roster CSV, config TOML and history.
struct Case {
    roster: String,
    config: String,
    history: Vec<Cycle>,
}

fn random_case(rng: &mut ChaCha8Rng) -> Case {
    let n = rng.gen_range(4..=9);
    let ids: Vec<String> = (1..=n).map(|i| format!("p{i}")).collect();
    let probation = rng.gen_bool(0.3);
    let mut roster = String::from("id,name,role,gender,prof,hours,slots\n");
    for (i, id) in ids.iter().enumerate() {
        let role = if probation && i % 4 == 3 {
            "probation"
        } else {
            ""
        };
        let gender = ["f", "m"][rng.gen_range(0..2)];
        let prof = ["eng", "law", "art"][rng.gen_range(0..3)];
        let hours = rng.gen_range(2..9) * 5;
        let slots = ["mon", "tue", "mon;tue", "wed;mon", "tue;wed"][rng.gen_range(0..5)];
        writeln!(
            roster,
            "{id},Person {i},{role},{gender},{prof},{hours},{slots}"
        )
        .unwrap();
    }
    let min = rng.gen_range(2..=3);
    let max = min + rng.gen_range(0..=2);
    let mut config = format!("[groups]\nmin_size = {min}\nmax_size = {max}\n");
    if rng.gen_bool(0.5) {
        config.push_str("even_sizes = false\n");
    }
    if rng.gen_bool(0.7) {
        let w = rng.gen_range(1..=5);
        config.push_str(&format!("[[balance]]\ncolumn = \"gender\"\nweight = {w}\n"));
        if rng.gen_bool(0.3) {
            config.push_str("max_per_group = 2\n");
        }
    }
    if rng.gen_bool(0.5) {
        config.push_str("[[balance]]\ncolumn = \"prof\"\n");
    }
    if rng.gen_bool(0.5) {
        let w = rng.gen_range(1..=3);
        config.push_str(&format!("[[similar]]\ncolumn = \"hours\"\nweight = {w}\n"));
        if rng.gen_bool(0.3) {
            config.push_str("max_spread = 20\n");
        }
    }
    if rng.gen_bool(0.3) {
        config.push_str("[[similar]]\ncolumn = \"prof\"\nweight = 0.5\n");
    }
    if rng.gen_bool(0.3) {
        config.push_str("[[similar]]\ncolumn = \"slots\"\nkind = \"set\"\n");
        if rng.gen_bool(0.3) {
            config.push_str("require_common = true\n");
        }
    }
    if rng.gen_bool(0.5) {
        let w = rng.gen_range(1..=4);
        config.push_str(&format!(
            "[diversity]\ncolumns = [\"prof\", \"gender\", \"hours\"]\nweight = {w}\n"
        ));
    }
    let mut history = Vec::new();
    if rng.gen_bool(0.6) {
        for c in 0..rng.gen_range(1..=2) {
            let mut shuffled = ids.clone();
            shuffled.shuffle(rng);
            let groups = shuffled
                .chunks(3)
                .enumerate()
                .map(|(k, chunk)| GroupRecord {
                    label: format!("H{k}"),
                    members: chunk.iter().map(|id| (id.clone(), 0)).collect(),
                    facilitators: Vec::new(),
                })
                .collect();
            history.push(Cycle {
                label: format!("c{c}"),
                groups,
            });
        }
        let forbid = ["0", "1", "\"all\""][rng.gen_range(0..3)];
        let decay = [0.5, 1.0, 0.25][rng.gen_range(0..3)];
        config.push_str(&format!(
            "[repeats]\nforbid_within = {forbid}\nweight = 3\ndecay = {decay}\n"
        ));
    }
    let a = ids[rng.gen_range(0..n)].clone();
    let b = ids[rng.gen_range(0..n)].clone();
    if a != b && rng.gen_bool(0.4) {
        config.push_str(&format!("[keep]\napart = [[\"{a}\", \"{b}\"]]\n"));
    } else if a != b && rng.gen_bool(0.4) {
        config.push_str(&format!("[keep]\ntogether = [[\"{a}\", \"{b}\"]]\n"));
    }
    if rng.gen_bool(0.2) {
        config.push_str(&format!("[pin]\n{a} = \"G02\"\n"));
    }
    if probation {
        config.push_str("[roles.probation]\nmax_per_group = 1\ncounts_toward_size = false\n");
    }
    if rng.gen_bool(0.5) {
        add_requests(rng, &mut roster, &mut config, n);
    }
    Case {
        roster,
        config,
        history,
    }
}

/// Request columns for the roster (a person by id or by name, now and then two) and their
/// `[requests]` table, `not_with` sometimes hard.
fn add_requests(rng: &mut ChaCha8Rng, roster: &mut String, config: &mut String, n: usize) {
    let mut lines: Vec<String> = roster.lines().map(String::from).collect();
    lines[0].push_str(",wants,avoid");
    let someone = |rng: &mut ChaCha8Rng, p: f64| -> String {
        let mut names = Vec::new();
        while names.len() < 2 && rng.gen_bool(p) {
            let i = rng.gen_range(1..=n);
            names.push(if rng.gen_bool(0.5) {
                format!("p{i}")
            } else {
                format!("Person {}", i - 1)
            });
        }
        names.join(";")
    };
    for line in lines.iter_mut().skip(1) {
        let (want, avoid) = (someone(rng, 0.4), someone(rng, 0.25));
        line.push_str(&format!(",{want},{avoid}"));
    }
    *roster = lines.join("\n") + "\n";
    let w = rng.gen_range(1..=4);
    config.push_str(&format!(
        "[requests]\nwith = \"wants\"\nnot_with = \"avoid\"\nweight = {w}\n"
    ));
    if rng.gen_bool(0.3) {
        config.push_str("hard_not_with = true\n");
    }
}

fn problem(case: &Case) -> anyhow::Result<Problem> {
    let settings = parse_config(Path::new("oracle.toml"), &case.config)?;
    let roster = parse_table(Path::new("members.csv"), case.roster.as_bytes())?;
    build(&Inputs {
        settings: &settings,
        roster: &roster,
        history: &case.history,
        distances: None,
    })
}

/// The best score over every assignment that meets the hard rules, or `None`.
fn brute_force(p: &Problem) -> Option<f64> {
    let n = p.n();
    let g = p.groups.count;
    let mut group_of = vec![0usize; n];
    let mut best: Option<f64> = None;
    let (min, max) = (p.groups.min_size, p.groups.max_size);
    loop {
        let mut groups = vec![Vec::new(); g];
        for (i, &k) in group_of.iter().enumerate() {
            groups[k].push(i);
        }
        // A necessary condition of hard rule 2, checked first because it is cheap: the
        // ordinary members of every group number between min_size and max_size.
        let sizes_fit = groups.iter().all(|m| {
            let counting = m.iter().filter(|&&i| p.members[i].counts).count();
            (min..=max).contains(&counting)
        });
        if sizes_fit {
            // The solver uses exactly `count` groups; empty groups are not assignments of it.
            if groups.iter().all(|m| !m.is_empty()) && check(p, &records(p, &group_of)).0.is_empty()
            {
                let s = score(p, &groups).total;
                if best.is_none_or(|b| s < b) {
                    best = Some(s);
                }
            }
        }
        // Next assignment in [0, g)^n.
        let mut i = 0;
        loop {
            if i == n {
                return best;
            }
            group_of[i] += 1;
            if group_of[i] < g {
                break;
            }
            group_of[i] = 0;
            i += 1;
        }
    }
}

fn total(p: &Problem, group_of: &[usize]) -> f64 {
    let mut groups = vec![Vec::new(); p.groups.count];
    for (i, &k) in group_of.iter().enumerate() {
        groups[k].push(i);
    }
    score(p, &groups).total
}

/// The assignment integer program (used for larger groups) on its own, without a start.
fn assert_assignment_model_agrees(p: &Problem, best: f64, what: &str) {
    let opts = IlpOptions {
        objective: true,
        time_limit: 60.0,
        seed: 1,
        max_nodes: u64::MAX,
    };
    let out = ilp::solve(p, &Relax::default(), None, &opts);
    assert!(out.proven, "assignment model not proven\n{what}");
    let got = total(p, out.group_of.as_deref().expect("a solution"));
    assert!(
        (got - best).abs() < 1e-6,
        "assignment model {got} vs brute force {best}\n{what}"
    );
}

/// The set partition priced from a poor start, as it runs on rosters with millions of
/// candidate groups: proven optimal at the brute-force score, its bound never above it.
fn assert_priced_partition_agrees(p: &Problem, best: f64, fallback: &[usize], what: &str) {
    let poor = search(p, 11, &budget(30, 0, Escape::Kick), None);
    let start = if poor.penalty == 0.0 && check(p, &records(p, &poor.group_of)).0.is_empty() {
        poor.group_of
    } else {
        fallback.to_vec()
    };
    let opts = IlpOptions {
        objective: true,
        time_limit: 60.0,
        seed: 1,
        max_nodes: u64::MAX,
    };
    let out = ilp::partition::solve_pricing_beyond(p, Some(&start), &opts, 0)
        .expect("the priced set partition applies");
    assert!(out.proven, "priced set partition not proven\n{what}");
    let got = total(p, out.group_of.as_deref().expect("a solution"));
    assert!(
        (got - best).abs() < 1e-6,
        "priced set partition {got} vs brute force {best}\n{what}"
    );
    let bound = out.bound.expect("a bound");
    assert!(
        bound <= best + 1e-6,
        "priced bound {bound} above the optimum {best}\n{what}"
    );
}

/// A search budget of `max_evals` evaluations and `max_stale_rounds` rounds without
/// progress, leaving local optima the given way.
fn budget(max_evals: u64, max_stale_rounds: u32, escape: Escape) -> Budget {
    Budget {
        max_evals,
        max_stale_rounds,
        min_stale_evals: 0,
        deadline: Instant::now() + Duration::from_secs(60),
        floor: None,
        persist: false,
        escape,
    }
}

/// The local search on its own reaches the optimum on rosters this small, leaving local
/// optima by random swaps, by the tabu walk or by the annealing walk.
fn assert_search_finds(p: &Problem, best: f64, what: &str) {
    for escape in [Escape::Kick, Escape::Tabu, Escape::Anneal] {
        let found = search(p, 3, &budget(200_000, 200, escape), None);
        assert_eq!(found.penalty, 0.0, "search broke a hard rule\n{what}");
        let got = total(p, &found.group_of);
        assert!(
            (got - best).abs() < 1e-6,
            "search ({escape:?}) {got} vs brute force {best}\n{what}"
        );
    }
}

/// Large-neighbourhood steps from a barely searched start keep every rule, never make the
/// score worse, and never beat the optimum.
fn assert_neighbourhoods_keep_rules(p: &Problem, best: f64, what: &str) {
    if !lns::applies(p) {
        return;
    }
    let start = search(p, 11, &budget(30, 0, Escape::Kick), None);
    if start.penalty > 0.0 || !check(p, &records(p, &start.group_of)).0.is_empty() {
        return;
    }
    let before = total(p, &start.group_of);
    let lns_budget = LnsBudget {
        max_steps: 1_000,
        deadline: Instant::now() + Duration::from_secs(60),
        seed: 2,
    };
    let out = lns::improve(p, start.group_of, &lns_budget, &|_| {});
    let (violations, _) = check(p, &records(p, &out.group_of));
    assert!(
        violations.is_empty(),
        "neighbourhoods broke a rule: {violations:?}\n{what}"
    );
    let after = total(p, &out.group_of);
    assert!(
        after <= before + 1e-9,
        "neighbourhoods {before} -> {after}\n{what}"
    );
    assert!(
        after >= best - 1e-6,
        "neighbourhoods {after} below the optimum {best}\n{what}"
    );
}

/// An assignment as group records, for `check`.
fn records(p: &Problem, group_of: &[usize]) -> Vec<GroupRecord> {
    (0..p.groups.count)
        .map(|k| GroupRecord {
            label: p.groups.label(k),
            members: (0..p.n())
                .filter(|&i| group_of[i] == k)
                .map(|i| (p.members[i].id.clone(), 0))
                .collect(),
            facilitators: Vec::new(),
        })
        .collect()
}

#[test]
fn solver_matches_brute_force_on_small_rosters() {
    let mut rng = ChaCha8Rng::seed_from_u64(20261123);
    let (mut solved, mut infeasible, mut rejected) = (0, 0, 0);
    for case_no in 0..100 {
        let case = random_case(&mut rng);
        let p = match problem(&case) {
            Ok(p) => p,
            Err(e) => {
                eprintln!("case {case_no} rejected: {e:#}");
                rejected += 1;
                continue;
            }
        };
        if p.groups.count.pow(p.n() as u32) > 300_000 {
            continue;
        }
        let oracle = brute_force(&p);
        let opts = SolveOptions {
            seed: 7,
            time_limit: 60.0,
            effort: 200_000,
        };
        let what = format!("case {case_no}\n{}\n{}", case.config, case.roster);
        match (solve(&p, &opts), oracle) {
            (Ok(sol), Some(best)) => {
                assert_eq!(sol.status, Status::Optimal, "{what}");
                assert!(
                    (sol.objective - best).abs() < 1e-6,
                    "solver {} vs brute force {best}\n{what}",
                    sol.objective
                );
                let mut groups = vec![Vec::new(); p.groups.count];
                for (i, &k) in sol.group_of.iter().enumerate() {
                    groups[k].push(i);
                }
                assert!((score(&p, &groups).total - best).abs() < 1e-6, "{what}");
                assert_assignment_model_agrees(&p, best, &what);
                assert_priced_partition_agrees(&p, best, &sol.group_of, &what);
                assert_search_finds(&p, best, &what);
                assert_neighbourhoods_keep_rules(&p, best, &what);
                solved += 1;
            }
            (Err(e), None) => {
                assert!(e.downcast_ref::<Infeasible>().is_some(), "{e}\n{what}");
                infeasible += 1;
            }
            (Ok(sol), None) => panic!(
                "solver found {:?} but no assignment is valid\n{what}",
                sol.group_of
            ),
            (Err(e), Some(best)) => panic!("solver failed ({e}) but {best} is reachable\n{what}"),
        }
    }
    eprintln!("{solved} solved, {infeasible} infeasible, {rejected} rejected");
    assert!(
        solved >= 45,
        "only {solved} cases solved ({infeasible} infeasible, {rejected} rejected)"
    );
}

//! `adjust` through the real binary (README: How `adjust` re-plans a cycle): a cycle re-planned after a change keeps every
//! hard rule, moves as few members as possible (checked against brute force on small
//! rosters), keeps every label, and writes nothing when it fails.

mod common;

use common::{json, stdout, Programme};
use serde_json::Value;
use std::collections::HashMap;

const QUICK: &[&str] = &["--effort", "300000"];

/// [`common::ROSTER`] in four groups of two (sizes 2..3, even).
const GROUPS: &str = "\
cycle,group,member_id,name,role
c1,G01,a1,Ann,
c1,G01,a7,Gus,
c1,G02,a2,Ben,
c1,G02,a3,Cat,
c1,G03,a4,Dan,
c1,G03,a8,Hal,
c1,G04,a5,Eve,
c1,G04,a6,Fay,
";

fn adjust(p: &Programme, extra: &[&str]) -> Value {
    let args = [
        &["adjust", "--groups", "g.csv", "--format", "json"],
        QUICK,
        extra,
    ]
    .concat();
    json(p.run(&args).code(0))
}

/// Group label of each member id in a JSON output.
fn placement(v: &Value) -> HashMap<String, String> {
    let mut out = HashMap::new();
    for g in v["groups"].as_array().expect("groups") {
        for m in g["members"].as_array().expect("members") {
            out.insert(
                m["id"].as_str().expect("id").to_string(),
                g["name"].as_str().expect("name").to_string(),
            );
        }
    }
    out
}

fn labels(v: &Value) -> Vec<String> {
    v["groups"]
        .as_array()
        .expect("groups")
        .iter()
        .map(|g| g["name"].as_str().expect("name").to_string())
        .collect()
}

/// `(id, from, to, change)` of each move.
fn moves(v: &Value) -> Vec<(String, String, String, String)> {
    let s = |x: &Value| x.as_str().unwrap_or("—").to_string();
    v["moves"]
        .as_array()
        .expect("moves")
        .iter()
        .map(|m| (s(&m["id"]), s(&m["from"]), s(&m["to"]), s(&m["change"])))
        .collect()
}

/// Checks `file` and returns the JSON verdict; it must hold every rule.
fn passes_check(p: &Programme, file: &str) -> Value {
    let v = json(
        p.run(&["check", "--groups", file, "--format", "json"])
            .code(0),
    );
    assert_eq!(v["ok"], true, "{v}");
    v
}

#[test]
fn no_change_moves_nobody_and_keeps_the_score() {
    let p = Programme::new("").file("g.csv", GROUPS);
    let v = adjust(&p, &["--out", "out.csv"]);
    assert_eq!(v["moved"], 0);
    assert_eq!(v["moves"], Value::Array(vec![]));
    assert_eq!(v["score"]["before"], v["score"]["after"]);
    let check = passes_check(&p, "g.csv");
    assert_eq!(check["score"], v["score"]["before"]);
    assert_eq!(p.read("out.csv"), GROUPS.as_bytes(), "the same file back");
}

#[test]
fn every_format_prints_the_moves_and_both_scores() {
    let p = Programme::new("").file("g.csv", GROUPS);
    let run = |format: &str| {
        stdout(
            p.run(
                &[
                    &["adjust", "--groups", "g.csv", "--move", "a1=G03"],
                    QUICK,
                    &["--format", format],
                ]
                .concat(),
            )
            .code(0),
        )
    };
    let v: Value = serde_json::from_str(&run("json")).expect("JSON");
    for key in [
        "cycle", "moved", "joined", "left", "moves", "score", "groups", "solver",
    ] {
        assert!(v.get(key).is_some(), "no {key} in {v}");
    }
    let (before, after) = (
        v["score"]["before"]["total"].as_f64().expect("before"),
        v["score"]["after"]["total"].as_f64().expect("after"),
    );
    let table = run("table");
    assert!(
        table.contains("Score before") && table.contains("Score after"),
        "{table}"
    );
    assert!(
        table.contains("requested") && table.contains("Ann"),
        "{table}"
    );
    let markdown = run("markdown");
    assert!(
        markdown.contains("| Ann | a1 | G01 | G03 | requested |"),
        "{markdown}"
    );
    assert!(markdown.contains("Score after"), "{markdown}");
    let csv = run("csv");
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some("cycle,change,member_id,name,from,to"));
    assert_eq!(
        lines.next().map(String::from),
        Some(format!("c1,score,,,{before},{after}"))
    );
    assert!(csv.contains("c1,requested,a1,Ann,G01,G03\n"), "{csv}");
}

#[test]
fn a_move_request_is_a_pin_and_the_group_left_short_is_repaired() {
    let p = Programme::new("").file("g.csv", GROUPS);
    let v = adjust(&p, &["--move", "a1=G03", "--out", "out.csv"]);
    let at = placement(&v);
    assert_eq!(at["a1"], "G03");
    // G01 kept only Gus: one member of G03 (now three) moves to G01, nobody else.
    assert_eq!(v["moved"], 2, "{v}");
    let m = moves(&v);
    assert!(m.contains(&("a1".into(), "G01".into(), "G03".into(), "requested".into())));
    let other = m.iter().find(|x| x.0 != "a1").expect("a second move");
    assert!(other.0 == "a4" || other.0 == "a8", "{m:?}");
    assert_eq!((other.1.as_str(), other.2.as_str()), ("G03", "G01"));
    assert_eq!(labels(&v), ["G01", "G02", "G03", "G04"]);
    passes_check(&p, "out.csv");
}

#[test]
fn merge_keeps_the_first_label_and_split_takes_the_next_free_one() {
    // Eight members in groups of 2..4.
    let p = Programme::with_config(
        &common::CONFIG.replace("max_size = 3", "max_size = 4\neven_sizes = false"),
    )
    .file("g.csv", GROUPS);
    let v = adjust(&p, &["--merge", "G01,G02", "--out", "merged.csv"]);
    assert_eq!(labels(&v), ["G01", "G03", "G04"]);
    let at = placement(&v);
    for id in ["a1", "a7", "a2", "a3"] {
        assert_eq!(at[id], "G01", "{v}");
    }
    let merged: Vec<_> = moves(&v).into_iter().filter(|m| m.3 == "merged").collect();
    assert_eq!(merged.len(), 2, "{v}");
    assert_eq!(v["moved"], 2, "only the merged group's members move");
    passes_check(&p, "merged.csv");

    // Split the merged group of four: G02 is free again, and is the next free label.
    let merged = p.read("merged.csv");
    let p = p.file("g.csv", merged);
    let v = adjust(&p, &["--split", "G01", "--out", "split.csv"]);
    assert_eq!(labels(&v), ["G01", "G03", "G04", "G02"]);
    let sizes: Vec<usize> = v["groups"]
        .as_array()
        .expect("groups")
        .iter()
        .map(|g| g["members"].as_array().expect("members").len())
        .collect();
    assert!(sizes.iter().all(|&s| (2..=4).contains(&s)), "{sizes:?}");
    assert_eq!(v["moved"], 2, "two of G01 form G02: {v}");
    assert!(moves(&v)
        .iter()
        .all(|m| m.1 == "G01" && m.2 == "G02" && m.3 == "split"));
    passes_check(&p, "split.csv");

    // With G01..G04 in use, a split takes G05.
    let p = Programme::with_config(&common::CONFIG.replace("min_size = 2", "min_size = 1"))
        .file("g.csv", GROUPS);
    let v = adjust(&p, &["--split", "G01"]);
    assert!(labels(&v).contains(&"G05".to_string()), "{v}");
}

#[test]
fn joiners_are_placed_and_leavers_listed() {
    // a9 is on the roster but not in the file; a2 is removed.
    let roster = format!("{}a9,Ida,,f,13\n", common::ROSTER);
    let p = Programme::new("")
        .file("members.csv", &roster)
        .file("g.csv", GROUPS);
    let v = adjust(&p, &["--add", "a9", "--remove", "a2", "--out", "out.csv"]);
    assert_eq!(
        (v["joined"].as_u64(), v["left"].as_u64()),
        (Some(1), Some(1))
    );
    let m = moves(&v);
    assert!(
        m.contains(&("a2".into(), "G02".into(), "—".into(), "left".into())),
        "{m:?}"
    );
    let joined = m.iter().find(|x| x.0 == "a9").expect("a9 joins");
    assert_eq!((joined.1.as_str(), joined.3.as_str()), ("—", "joined"));
    assert!(!placement(&v).contains_key("a2"));
    // Once a2 is off the roster, the written file keeps every rule.
    let p = p.file("members.csv", roster.replace("a2,Ben,,m,12\n", ""));
    passes_check(&p, "out.csv");
}

#[test]
fn facilitators_stay_with_their_groups() {
    let groups = format!("{GROUPS}c1,G01,f2,Vic,facilitator\nc1,G02,f1,Uma,facilitator\nc1,G03,f4,Xia,facilitator\nc1,G04,f3,Wes,facilitator\n");
    let p = Programme::new("[facilitators]\nfile = \"pool.csv\"\nper_group = 1\n")
        .file("pool.csv", "id,name\nf1,Uma\nf2,Vic\nf3,Wes\nf4,Xia\n")
        .file("g.csv", groups);
    let v = adjust(&p, &["--move", "a1=G02", "--out", "out.csv"]);
    let fac: Vec<&str> = v["groups"]
        .as_array()
        .expect("groups")
        .iter()
        .map(|g| g["facilitators"][0]["id"].as_str().expect("a facilitator"))
        .collect();
    assert_eq!(fac, ["f2", "f1", "f4", "f3"]);
    passes_check(&p, "out.csv");
}

#[test]
fn earlier_cycles_of_the_file_are_history_and_kept_as_written() {
    let earlier = "c0,G01,a1,Ann,\nc0,G01,a2,Ben,\nc0,G02,a3,Cat,\nc0,G02,a4,Dan,\nc0,G03,a5,Eve,\nc0,G03,a7,Gus,\nc0,G04,a6,Fay,\nc0,G04,a8,Hal,\n";
    let file = GROUPS.replacen("role\n", &format!("role\n{earlier}"), 1);
    let p =
        Programme::new("[repeats]\nforbid_within = 1\n[pin]\na2 = \"G02\"\n").file("g.csv", &file);
    // a1 to G02 would meet Ben (pinned there) again after c0: forbidden, so infeasible...
    let err = p.fails(
        &[
            &[
                "adjust", "--groups", "g.csv", "--move", "a1=G02", "--out", "o.csv",
            ],
            QUICK,
        ]
        .concat(),
        3,
        &[],
    );
    assert!(!p.path("o.csv").exists(), "nothing written: {err}");
    // ...while G04 is fine, and the earlier cycle is written back unchanged.
    let v = adjust(&p, &["--move", "a1=G04", "--out", "o.csv"]);
    assert_eq!(placement(&v)["a1"], "G04");
    let out = String::from_utf8(p.read("o.csv")).expect("UTF-8");
    assert!(
        out.starts_with(&format!("cycle,group,member_id,name,role\n{earlier}")),
        "{out}"
    );
    passes_check(&p, "o.csv");
}

#[test]
fn unknown_ids_and_groups_exit_2_and_write_nothing() {
    let p = Programme::new("")
        .file("g.csv", GROUPS)
        .file("out.csv", "keep me");
    let cases: [(&[&str], &str); 7] = [
        (&["--add", "zz"], "'zz' is not in the roster"),
        (&["--add", "a1"], "already in group G01"),
        (&["--remove", "zz"], "--remove zz"),
        (&["--move", "zz=G01"], "'zz' is not in the roster"),
        (&["--move", "a1=G09"], "no group 'G09'"),
        (&["--split", "G09"], "no group 'G09'"),
        (&["--merge", "G01,G09"], "no group 'G09'"),
    ];
    for (flags, needle) in cases {
        let args = [&["adjust", "--groups", "g.csv", "--out", "out.csv"], flags].concat();
        p.fails(&args, 2, &[needle]);
        assert_eq!(p.read("out.csv"), b"keep me", "{flags:?}");
    }
    p.fails(
        &["adjust", "--groups", "g.csv", "--move", "a1"],
        2,
        &["ID=GROUP"],
    );
}

#[test]
fn too_few_members_for_the_groups_exit_3_and_write_nothing() {
    let p = Programme::new("").file("g.csv", GROUPS);
    p.fails(
        &[
            "adjust", "--groups", "g.csv", "--remove", "a1", "a2", "a3", "--out", "out.csv",
        ],
        3,
        &["cannot form 4 groups", "--merge"],
    );
    assert!(!p.path("out.csv").exists());
}

/// A tiny generator so the brute-force cases differ but stay reproducible.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

/// Fewest members moved, over every assignment of `ids` to `groups` labelled groups that
/// keeps sizes `min..=max` and the `apart` pairs; `None` when there is none.
fn brute_force(
    ids: &[&str],
    home: &HashMap<&str, usize>,
    groups: usize,
    (min, max): (usize, usize),
    apart: &[(usize, usize)],
) -> Option<usize> {
    let n = ids.len();
    let mut best = None;
    let mut code = vec![0usize; n];
    for _ in 0..groups.pow(n as u32) {
        let mut sizes = vec![0; groups];
        code.iter().for_each(|&g| sizes[g] += 1);
        let ok = sizes.iter().all(|&s| (min..=max).contains(&s))
            && apart.iter().all(|&(a, b)| code[a] != code[b]);
        if ok {
            let moved = (0..n).filter(|&i| home[ids[i]] != code[i]).count();
            best = Some(best.map_or(moved, |b: usize| b.min(moved)));
        }
        for c in &mut code {
            *c += 1;
            if *c < groups {
                break;
            }
            *c = 0;
        }
    }
    best
}

#[test]
fn a_leaver_is_repaired_with_the_fewest_moves_brute_force_agrees() {
    // Ten people in groups of 3 and 4 (3, 3, 4); the leaver takes a group of three below
    // min_size. Random `apart` pairs make the cheapest repair a chain now and then.
    let ids = ["p0", "p1", "p2", "p3", "p4", "p5", "p6", "p7", "p8", "p9"];
    let mut roster = String::from("id,name,status,gender,hours\n");
    for (k, id) in ids.iter().enumerate() {
        roster.push_str(&format!(
            "{id},N{k},,{},{}\n",
            ["f", "m"][k % 2],
            10 + 3 * k
        ));
    }
    let start = [0, 0, 0, 1, 1, 1, 2, 2, 2, 2];
    let group_labels = ["G01", "G02", "G03"];
    let mut file = String::from("cycle,group,member_id\n");
    for (id, &g) in ids.iter().zip(&start) {
        file.push_str(&format!("c1,{},{id}\n", group_labels[g]));
    }
    let mut rng = Lcg(7);
    let mut chains = 0;
    for case in 0..8 {
        // Apart pairs among people of different groups (so the file itself is valid):
        // most members of G03, the group with one to spare, are kept apart from someone
        // who stays in the leaver's group, plus two pairs anywhere.
        let leaver = rng.below(6) as usize; // in G01 or G02 (groups of three)
        let group = 3 * (leaver / 3);
        let stays: Vec<usize> = (group..group + 3).filter(|&i| i != leaver).collect();
        let mut apart = Vec::new();
        for y in 6..10 {
            if rng.below(5) < 4 {
                apart.push((stays[rng.below(2) as usize], y));
            }
        }
        while apart.len() < 6 {
            let (a, b) = (rng.below(10) as usize, rng.below(10) as usize);
            if start[a] != start[b] && !apart.contains(&(a.min(b), a.max(b))) {
                apart.push((a.min(b), a.max(b)));
            }
        }
        let sets: Vec<String> = apart
            .iter()
            .map(|&(a, b)| format!("[\"{}\", \"{}\"]", ids[a], ids[b]))
            .collect();
        let config = format!(
            "roster = \"members.csv\"\n[groups]\nmin_size = 3\nmax_size = 4\neven_sizes = false\n[[balance]]\ncolumn = \"gender\"\n[[similar]]\ncolumn = \"hours\"\n[keep]\napart = [{}]\n",
            sets.join(", ")
        );
        let p = Programme::empty()
            .file("members.csv", &roster)
            .file("peergroups.toml", &config)
            .file("g.csv", &file);
        let stay: Vec<&str> = ids
            .iter()
            .copied()
            .filter(|&id| id != ids[leaver])
            .collect();
        let home: HashMap<&str, usize> = ids.iter().copied().zip(start).collect();
        let index = |i: usize| stay.iter().position(|&x| x == ids[i]);
        let kept: Vec<(usize, usize)> = apart
            .iter()
            .filter_map(|&(a, b)| Some((index(a)?, index(b)?)))
            .collect();
        let fewest = brute_force(&stay, &home, 3, (3, 4), &kept);
        let args = [
            &[
                "adjust",
                "--groups",
                "g.csv",
                "--format",
                "json",
                "--remove",
                ids[leaver],
                "--out",
                "out.csv",
            ],
            QUICK,
        ]
        .concat();
        match fewest {
            None => {
                p.fails(&args, 3, &[]);
                assert!(!p.path("out.csv").exists());
            }
            Some(fewest) => {
                let v = json(p.run(&args).code(0));
                assert_eq!(v["moved"].as_u64(), Some(fewest as u64), "case {case}: {v}");
                // The integer program proves it.
                assert_eq!(v["fewest_moves"]["proven"], true, "case {case}: {v}");
                assert_eq!(
                    v["fewest_moves"]["bound_count"].as_u64(),
                    Some(fewest as u64),
                    "case {case}: {v}"
                );
                chains += usize::from(fewest > 1);
                eprintln!("case {case}: {fewest} moved");
                // The roster records the leaver; then the written file keeps every rule.
                let p = p.file(
                    "members.csv",
                    roster.replace(
                        &format!("{},N{leaver},,", ids[leaver]),
                        &format!("{},N{leaver},inactive,", ids[leaver]),
                    ),
                );
                passes_check(&p, "out.csv");
            }
        }
    }
    assert!(
        chains > 0,
        "no case needed more than one move; the test would prove little"
    );
}

#[test]
fn the_fewest_moves_are_proven_and_said_in_every_format() {
    let p = Programme::new("").file("g.csv", GROUPS);
    // Ann asks to join Ben and Cat: Gus, left alone, needs a partner.
    let v = adjust(&p, &["--move", "a1=G02"]);
    assert_eq!(v["fewest_moves"]["proven"], true, "{v}");
    let moves = v["fewest_moves"]["moves_count"].as_u64().expect("moves");
    assert_eq!(moves, 2, "{v}");
    assert_eq!(
        v["fewest_moves"]["bound_count"].as_u64(),
        Some(moves),
        "{v}"
    );
    // Optimal only with the score proven too, and then the bound is the score.
    if v["solver"]["status"] == "optimal" {
        assert_eq!(v["solver"]["bound"], v["score"]["after"]["total"], "{v}");
    }
    for (format, needle) in [
        (
            "table",
            "Moves: 2 members away from their group, proven fewest under the hard rules",
        ),
        (
            "markdown",
            "Moves: 2 members away from their group, proven fewest",
        ),
    ] {
        let args = [
            "adjust", "--groups", "g.csv", "--move", "a1=G02", "--format", format,
        ];
        let text = stdout(p.run(&[&args, QUICK].concat()).code(0));
        assert!(text.contains(needle), "{text}");
    }
}

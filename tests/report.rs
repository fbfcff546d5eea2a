//! `report --groups FILE` through the real binary, checked against numbers computed by hand,
//! and the promise that shareable lists carry no attributes.

mod common;

use common::{json, stdout, Programme};
use serde_json::json;

/// The config's history: one earlier cycle.
const HISTORY: &str = "\
cycle,group,member_id
c1,G01,a1
c1,G01,a2
c1,G01,a3
c1,G02,a4
c1,G02,a5
c1,G02,a6
c1,G03,a7
c1,G03,a8
";

/// The reported cycle: a7 and a8 meet again.
const GROUPS: &str = "\
cycle,group,member_id
c2,G01,a1
c2,G01,a4
c2,G02,a2
c2,G02,a5
c2,G03,a3
c2,G03,a6
c2,G04,a7
c2,G04,a8
";

fn programme() -> Programme {
    Programme::new("")
        .file("history.csv", HISTORY)
        .file("groups.csv", GROUPS)
}

#[test]
fn coverage_matches_the_hand_computation() {
    // c1 meets 3 + 3 + 1 = 7 pairs; c2 adds a1–a4, a2–a5, a3–a6 (a7–a8 again): 10 of the
    // 8·7/2 = 28 possible pairs. a1..a6 have met 3 others each, a7 and a8 one.
    let v = json(
        programme()
            .run(&["report", "--groups", "groups.csv", "--format", "json"])
            .code(0),
    );
    let c = &v["coverage"];
    assert_eq!(c["pairs_met"], 10);
    assert_eq!(c["pairs_possible"], 28);
    assert_eq!(c["share"], json!(0.357142857));
    assert_eq!(c["cycles_count"], 2);
    let met: Vec<(String, u64)> = c["people"]
        .as_array()
        .expect("people")
        .iter()
        .map(|x| {
            (
                x["id"].as_str().expect("id").to_string(),
                x["met"].as_u64().expect("met"),
            )
        })
        .collect();
    let want: Vec<(String, u64)> = [
        ("a1", 3),
        ("a4", 3),
        ("a2", 3),
        ("a5", 3),
        ("a3", 3),
        ("a6", 3),
        ("a7", 1),
        ("a8", 1),
    ]
    .iter()
    .map(|&(id, n)| (id.to_string(), n))
    .collect();
    assert_eq!(met, want);
    assert!(c["people"]
        .as_array()
        .expect("people")
        .iter()
        .all(|x| x["others"] == 7));
    assert_eq!(v["repeats_by_age"], json!([{"age": 1, "pairs": 1}]));
    let g4 = &v["groups"][3];
    assert_eq!(g4["name"], "G04");
    assert_eq!(g4["repeated_pairs"][0]["age"], 1);
    assert_eq!(g4["repeated_pairs"][0]["members"][0]["id"], "a7");
    assert_eq!(g4["repeated_pairs"][0]["members"][1]["id"], "a8");
}

#[test]
fn composition_and_score_by_component() {
    let p = programme();
    let v = json(
        p.run(&["report", "--groups", "groups.csv", "--format", "json"])
            .code(0),
    );
    // G01 = Ann (f, 10 h) and Dan (m, 22 h).
    let g1 = &v["groups"][0];
    assert_eq!(
        g1["composition"]["balance"]["gender"],
        json!({"f": 1, "m": 1})
    );
    assert_eq!(
        g1["composition"]["similar"]["hours"],
        json!({"min": 10.0, "max": 22.0, "spread": 12.0})
    );
    // Hours weigh 1: the group's share of the score is its spread.
    assert_eq!(g1["score"]["components"]["similar:hours"], json!(12.0));
    // The whole score is the one `check` prints.
    let checked = json(
        p.run(&["check", "--groups", "groups.csv", "--format", "json"])
            .code(0),
    );
    assert_eq!(v["score"], checked["score"]);
    let sum: f64 = v["groups"]
        .as_array()
        .expect("groups")
        .iter()
        .map(|g| g["score"]["total"].as_f64().expect("total"))
        .sum();
    assert!((sum - v["score"]["total"].as_f64().expect("total")).abs() < 1e-9);
    assert_eq!(v["violations"], json!([]));
}

#[test]
fn the_report_reads_like_a_report_in_every_format() {
    let p = programme();
    let table = stdout(p.run(&["report", "--groups", "groups.csv"]).code(0));
    for needle in [
        "Report for cycle c2: 4 groups, 8 members",
        "gender: f 1, m 1",
        "hours: 10–22 (spread 12)",
        "Gus – Hal (age 1)",
        "Repeated pairs: 1 (age 1: 1)",
        "Hard rules: every hard rule holds",
        "Coverage over 2 cycles: 10 of 28 pairs have met (35.7%)",
    ] {
        assert!(table.contains(needle), "no {needle:?} in:\n{table}");
    }
    let md = stdout(
        p.run(&["report", "--groups", "groups.csv", "--format", "markdown"])
            .code(0),
    );
    assert!(md.contains("# Report for cycle c2"), "{md}");
    assert!(
        md.contains("| G01 | 2 | gender: f 1, m 1<br>hours: 10–22 (spread 12) |"),
        "{md}"
    );
    let csv = stdout(
        p.run(&["report", "--groups", "groups.csv", "--format", "csv"])
            .code(0),
    );
    assert!(
        csv.starts_with("cycle,group,member_id,name,met,others\nc2,G01,a1,Ann,3,7\n"),
        "{csv}"
    );
}

#[test]
fn report_lists_violations_but_exits_0() {
    // a7 and a8 may not meet again within one cycle.
    let p = Programme::new("[repeats]\nforbid_within = 1\n")
        .file("history.csv", HISTORY)
        .file("groups.csv", GROUPS);
    let v = json(
        p.run(&["report", "--groups", "groups.csv", "--format", "json"])
            .code(0),
    );
    assert_eq!(v["violations"][0]["rule"], "forbid_within");
    p.run(&["check", "--groups", "groups.csv"]).code(1);
}

/// [`common::ROSTER`] with gender values as words, to search for in the outputs.
fn wordy_roster() -> String {
    common::ROSTER
        .replace(",f,", ",female,")
        .replace(",m,", ",male,")
}

#[test]
fn shareable_lists_show_names_only_and_the_report_shows_attributes() {
    let p = Programme::new("").file("members.csv", wordy_roster());
    for format in ["table", "markdown"] {
        let out = stdout(
            p.run(&[
                "assign", "--cycle", "c1", "--effort", "200000", "--format", format,
            ])
            .code(0),
        );
        assert!(out.contains("Ann"), "{out}");
        // "male" also finds "female"; column names may appear in the score line.
        assert!(
            !out.contains("male"),
            "{format} output shows a gender:\n{out}"
        );
    }
    p.run(&[
        "assign",
        "--cycle",
        "c1",
        "--effort",
        "200000",
        "--out",
        "groups.csv",
        "-q",
    ])
    .code(0);
    let report = stdout(p.run(&["report", "--groups", "groups.csv"]).code(0));
    assert!(report.contains("gender: female"), "{report}");
}

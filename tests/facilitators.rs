//! Facilitators (spec §4.4, hard rule 7) through the real binary: placed after the members,
//! written as `role = facilitator` rows, checked by `check`, reported apart from the score.

mod common;

use common::{json, stderr, stdout, Programme};
use serde_json::Value;

const QUICK: &[&str] = &["--effort", "200000"];

/// The standard programme (8 members in 4 groups) with a pool file.
fn with_pool(pool: &str, per_group: usize) -> Programme {
    Programme::new(&format!(
        "[facilitators]\nfile = \"pool.csv\"\nper_group = {per_group}\n"
    ))
    .file("pool.csv", pool)
}

const FOUR: &str = "id,name\nf1,Uma\nf2,Vic\nf3,Wes\nf4,Xia\n";

fn facilitator_ids(v: &Value) -> Vec<Vec<String>> {
    v["groups"]
        .as_array()
        .expect("groups")
        .iter()
        .map(|g| {
            g["facilitators"]
                .as_array()
                .expect("facilitators")
                .iter()
                .map(|f| {
                    assert_eq!(f["role"], "facilitator", "{f}");
                    f["id"].as_str().expect("id").to_string()
                })
                .collect()
        })
        .collect()
}

#[test]
fn assign_places_one_per_group_and_check_accepts_the_rows() {
    let p = with_pool(FOUR, 1);
    let args = [
        &[
            "assign", "--cycle", "c1", "--out", "g.csv", "--format", "json",
        ],
        QUICK,
    ]
    .concat();
    let v = json(p.run(&args).code(0));
    // No history: file order, the first facilitator to the first group.
    assert_eq!(facilitator_ids(&v), [["f1"], ["f2"], ["f3"], ["f4"]]);
    assert_eq!(v["facilitation"]["groups_without"], 0);
    // The score is the members' only.
    assert_eq!(v["score"]["total"], v["solver"]["objective"]);
    let csv = String::from_utf8(p.read("g.csv")).expect("UTF-8");
    assert!(csv.contains("c1,G01,f1,Uma,facilitator\n"), "{csv}");
    p.run(&["check", "--groups", "g.csv"]).code(0);
    let table = stdout(
        p.run(&[&["assign", "--cycle", "c1"], QUICK].concat())
            .code(0),
    );
    assert!(table.contains("Facilitators"), "{table}");
    assert!(table.contains("Uma"), "{table}");
}

#[test]
fn too_few_facilitators_is_a_warning_with_the_count() {
    let p = with_pool("id,name,capacity\nf1,Uma,1\nf2,Vic,1\n", 1);
    let a = p
        .run(
            &[
                &[
                    "assign", "--cycle", "c1", "--out", "g.csv", "--format", "json",
                ],
                QUICK,
            ]
            .concat(),
        )
        .code(0);
    let err = stderr(&a);
    assert!(
        err.contains("warning: too few facilitators: 2 groups left without one"),
        "{err}"
    );
    let v = json(a);
    assert_eq!(v["facilitation"]["groups_without"], 2);
    // Every facilitator is used to capacity, so the file keeps rule 7.
    p.run(&["check", "--groups", "g.csv"]).code(0);
}

#[test]
fn capacity_and_per_group_are_kept() {
    // Two per group in 4 groups = 8 places; capacities 3 + 3 + 1 + 1 = 8.
    let p = with_pool(
        "id,name,capacity\nf1,Uma,3\nf2,Vic,3\nf3,Wes,1\nf4,Xia,1\n",
        2,
    );
    let v = json(
        p.run(
            &[
                &[
                    "assign", "--cycle", "c1", "--out", "g.csv", "--format", "json",
                ],
                QUICK,
            ]
            .concat(),
        )
        .code(0),
    );
    let placed = facilitator_ids(&v);
    assert!(placed.iter().all(|g| g.len() == 2), "{placed:?}");
    for (id, cap) in [("f1", 3), ("f2", 3), ("f3", 1), ("f4", 1)] {
        let load = placed.iter().filter(|g| g.iter().any(|f| f == id)).count();
        assert_eq!(load, cap, "{id} in {placed:?}");
    }
    p.run(&["check", "--groups", "g.csv"]).code(0);
}

#[test]
fn check_rule_7_lists_each_breach() {
    let groups = "\
cycle,group,member_id,name,role
c1,G01,a1,Ann,
c1,G01,a2,Ben,
c1,G01,f1,Uma,facilitator
c1,G02,a3,Cat,
c1,G02,a4,Dan,
c1,G02,f1,Uma,facilitator
c1,G03,a5,Eve,
c1,G03,a6,Fay,
c1,G03,zz,Zed,facilitator
c1,G04,a7,Gus,
c1,G04,a8,Hal,
";
    let p = with_pool(FOUR, 1).file("g.csv", groups);
    let v = json(
        p.run(&["check", "--groups", "g.csv", "--format", "json"])
            .code(1),
    );
    let messages: Vec<String> = v["violations"]
        .as_array()
        .expect("violations")
        .iter()
        .filter(|x| x["rule"] == "facilitators")
        .map(|x| format!("{} {}", x["group"], x["message"]))
        .collect();
    let has = |s: &str| messages.iter().any(|m| m.contains(s));
    assert!(
        has("f1 facilitates 2 groups; capacity is 1"),
        "{messages:?}"
    );
    assert!(
        has("'zz' (line 10) is not in the facilitator pool"),
        "{messages:?}"
    );
    assert!(
        has("\"G04\" \"0 facilitators, per_group is 1"),
        "{messages:?}"
    );
}

#[test]
fn rotate_prefers_facilitators_who_have_not_met_the_members() {
    // Uma facilitated everyone last cycle; four others have met nobody.
    let mut history = String::from("cycle,group,member_id,name,role\n");
    for i in 1..=8u32 {
        history += &format!("c0,G0{},a{i},,\n", i.div_ceil(2));
    }
    for g in 1..=4 {
        history += &format!("c0,G0{g},f1,Uma,facilitator\n");
    }
    let pool = "id,name,capacity\nf1,Uma,4\nf2,Vic,1\nf3,Wes,1\nf4,Xia,1\nf5,Yan,1\n";
    let p = with_pool(pool, 1).file("history.csv", &history);
    let v = json(
        p.run(&[&["rotate", "--cycle", "c1", "--format", "json"], QUICK].concat())
            .code(0),
    );
    let placed = facilitator_ids(&v);
    assert_eq!(placed, [["f2"], ["f3"], ["f4"], ["f5"]]);
    assert_eq!(v["facilitation"]["met_before"], 0);
    // The history now holds the new facilitator rows, and they keep rule 7.
    let text = String::from_utf8(p.read("history.csv")).expect("UTF-8");
    assert!(text.contains("c1,G01,f2,Vic,facilitator\n"), "{text}");
    p.run(&["check", "--groups", "history.csv"]).code(0);
    let report = json(
        p.run(&["report", "--groups", "history.csv", "--format", "json"])
            .code(0),
    );
    assert_eq!(
        report["facilitation"]["facilitators"][1]["groups"][0]["group"],
        "G01"
    );
}

#[test]
fn rotate_needs_a_role_column_for_facilitator_rows() {
    let p = with_pool(FOUR, 1).file("history.csv", "cycle,group,member_id\nc0,G01,a1\n");
    let before = p.read("history.csv");
    p.fails(
        &["rotate", "--cycle", "c1"],
        2,
        &["history.csv:1", "`role` column"],
    );
    assert_eq!(p.read("history.csv"), before);
}

#[test]
fn bad_pools_name_file_line_and_column() {
    with_pool("id,name,capacity\nf1,Uma,1\nf2,Vic,two\n", 1).fails(
        &["assign", "--cycle", "c1"],
        2,
        &["pool.csv:3:3", "capacity 'two' is not a whole number"],
    );
    with_pool("id,name\nf1,Uma\na3,Cat\n", 1).fails(
        &["assign", "--cycle", "c1"],
        2,
        &["pool.csv:3:1", "'a3' is also an eligible member"],
    );
    Programme::new("[facilitators]\nfile = \"missing.csv\"\n").fails(
        &["assign", "--cycle", "c1"],
        2,
        &["missing.csv", "[facilitators] file"],
    );
}

//! Facilitators (README: Config reference, hard rule 7) through the real binary: placed after the members,
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

/// `assign --cycle c1 --out g.csv --format json`, which must succeed, as JSON.
fn assign_json(p: &Programme) -> Value {
    let args = [
        &[
            "assign", "--cycle", "c1", "--out", "g.csv", "--format", "json",
        ],
        QUICK,
    ]
    .concat();
    json(p.run(&args).code(0))
}

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
    let v = assign_json(&p);
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
    let v = assign_json(&p);
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

/// [`common::ROSTER`] with an `interests` column: the pairs a1–a2, a3–a4, a5–a6 and a7–a8
/// (pinned to G01…G04) are into law, finance, health and tax.
fn with_interests() -> String {
    let interests = [
        "law", "Law; art", " finance", "finance", "health", "", "tax", "tax",
    ];
    let mut lines = common::ROSTER.lines();
    let mut roster = format!("{},interests\n", lines.next().expect("a header"));
    for (line, cell) in lines.zip(interests) {
        roster += &format!("{line},{cell}\n");
    }
    roster
}

/// The experts' pool: each knows the topic of one pair, in the reverse of group order.
const EXPERTS: &str =
    "id,name,topics\nf1,Uma,Tax\nf2,Vic,health;art\nf3,Wes,FINANCE\nf4,Xia,law;Art\n";

/// A programme whose four groups are pinned, with facilitators matched by expertise.
fn experts(expertise: &str) -> Programme {
    let pins: String = (1..=8u32)
        .map(|i| format!("a{i} = \"G0{}\"\n", i.div_ceil(2)))
        .collect();
    Programme::new(&format!(
        "[pin]\n{pins}[facilitators]\nfile = \"pool.csv\"\n{expertise}"
    ))
    .file("members.csv", with_interests())
    .file("pool.csv", EXPERTS)
}

const MATCHED: &str = "expertise = \"topics\"\nmatch = \"interests\"\n";

#[test]
fn facilitators_go_where_their_topics_are_shared_and_report_shows_the_match() {
    let p = experts(MATCHED);
    let v = assign_json(&p);
    // File order would give f1 to G01; the topics (compared case-insensitively) win.
    assert_eq!(facilitator_ids(&v), [["f4"], ["f3"], ["f2"], ["f1"]]);
    assert_eq!(v["facilitation"]["matched_placements"], 4);
    p.run(&["check", "--groups", "g.csv"]).code(0);
    let report = json(
        p.run(&["report", "--groups", "g.csv", "--format", "json"])
            .code(0),
    );
    let f = &report["facilitation"];
    assert_eq!(f["matched_placements"], 4, "{f}");
    // Xia (law; Art) in G01: both members share law, one shares art too; a topic is shown
    // as the pool first spells it (Vic's "art").
    let xia = &f["facilitators"][3]["groups"][0];
    assert_eq!(xia["group"], "G01", "{f}");
    assert_eq!(xia["matched_count"], 2, "{f}");
    assert_eq!(
        xia["matched_topics"],
        serde_json::json!(["law", "art"]),
        "{f}"
    );
    // Vic (health; art) in G03: one member into health, the other into nothing.
    let vic = &f["facilitators"][1]["groups"][0];
    assert_eq!(
        (&vic["group"], &vic["matched_count"], &vic["matched_topics"]),
        (
            &Value::from("G03"),
            &Value::from(1),
            &serde_json::json!(["health"])
        ),
        "{f}"
    );
    let table = stdout(p.run(&["report", "--groups", "g.csv"]).code(0));
    assert!(table.contains("G01 (2 share law, art)"), "{table}");
    assert!(
        table.contains("4 placements with a topic members share"),
        "{table}"
    );
    let markdown = stdout(
        p.run(&["report", "--groups", "g.csv", "--format", "markdown"])
            .code(0),
    );
    assert!(markdown.contains("G03 (1 share health)"), "{markdown}");
}

#[test]
fn without_expertise_the_match_is_not_shown() {
    let p = experts("");
    let v = json(
        p.run(&[&["assign", "--cycle", "c1", "--format", "json"], QUICK].concat())
            .code(0),
    );
    assert_eq!(facilitator_ids(&v), [["f1"], ["f2"], ["f3"], ["f4"]]);
    let f = &v["facilitation"];
    assert!(f.get("matched_placements").is_none(), "{f}");
    assert!(f["facilitators"][0]["groups"][0]
        .get("matched_count")
        .is_none());
    let table = stdout(
        p.run(&[&["assign", "--cycle", "c1"], QUICK].concat())
            .code(0),
    );
    assert!(!table.contains("topic"), "{table}");
}

#[test]
fn expertise_and_match_come_together_and_name_columns_that_exist() {
    experts("expertise = \"topics\"\n").fails(
        &["assign", "--cycle", "c1"],
        2,
        &["peergroups.toml", "no `match`; add `match = \"interests\"`"],
    );
    experts("match = \"interests\"\n").fails(
        &["assign", "--cycle", "c1"],
        2,
        &[
            "peergroups.toml",
            "no `expertise`; add `expertise = \"topics\"`",
        ],
    );
    experts("expertise = \"subjects\"\nmatch = \"interests\"\n").fails(
        &["assign", "--cycle", "c1"],
        2,
        &[
            "pool.csv:1",
            "no column 'subjects'",
            "[facilitators] expertise",
        ],
    );
    experts("expertise = \"topics\"\nmatch = \"hobbies\"\n").fails(
        &["assign", "--cycle", "c1"],
        2,
        &[
            "members.csv:1",
            "no column 'hobbies'",
            "[facilitators] match",
        ],
    );
}

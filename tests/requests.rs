//! Member requests (README: Requests) through the real binary: `with` and `not_with` columns of ids
//! or names, a soft term in the one score, `hard_not_with` as an apart rule, unknown names a
//! note and ambiguous ones bad input, and `report` and the rotation report listing them.

mod common;

use common::{errors, json, stderr, validator, Programme};
use serde_json::Value;

/// Nine people, three departments, groups of three. Ann asks for Ben and for Cat (by id),
/// Ben for Ann but not Cat, Eve not to be with Ann, Gus and Hal for each other, Dan for
/// someone who has left.
const ROSTER: &str = "\
id,name,dept,wants_with,avoid
m1,Ann,x,Ben;m3,
m2,Ben,y,ann,Cat
m3,Cat,z,,
m4,Dan,x,Zed,
m5,Eve,y,,Ann
m6,Fay,z,,
m7,Gus,x,Hal,
m8,Hal,y,Gus,
m9,Ivy,z,,
";

/// Groups that put Ann with Eve, Ben with Cat, and Ann apart from Ben and Cat.
const IGNORING: &str =
    "cycle,group,member_id\nc,G1,m1\nc,G1,m5\nc,G1,m9\nc,G2,m2\nc,G2,m3\nc,G2,m4\nc,G3,m6\nc,G3,m7\nc,G3,m8\n";

fn config(extra: &str) -> String {
    format!(
        "roster = \"members.csv\"\nhistory = \"history.csv\"\n[groups]\nmin_size = 3\nmax_size = 3\n\
         [[balance]]\ncolumn = \"dept\"\n[requests]\nwith = \"wants_with\"\nnot_with = \"avoid\"\nweight = 5\n{extra}"
    )
}

fn programme(extra: &str) -> Programme {
    Programme::empty()
        .file("members.csv", ROSTER)
        .file("peergroups.toml", config(extra))
}

fn group_of(v: &Value, id: &str) -> String {
    for g in v["groups"].as_array().expect("groups") {
        if g["members"]
            .as_array()
            .expect("members")
            .iter()
            .any(|m| m["id"] == id)
        {
            return g["name"].as_str().expect("label").to_string();
        }
    }
    panic!("{id} is in no group: {v}");
}

#[test]
fn requests_are_a_soft_term_of_the_one_score() {
    let p = programme("");
    let assert = p
        .run(&["assign", "--format", "json", "--out", "g.csv"])
        .success();
    let note = stderr(&assert);
    let v = json(assert);
    // Ann, Ben and Cat cannot all be together while Ben avoids Cat: one request fails at
    // best, so the score is 5, proven.
    assert_eq!(v["score"]["components"]["requests"], 5.0, "{v}");
    assert_eq!(v["score"]["total"], 5.0, "{v}");
    assert_eq!(v["solver"]["status"], "optimal", "{v}");
    assert_eq!(
        group_of(&v, "m7"),
        group_of(&v, "m8"),
        "Gus and Hal asked for each other"
    );
    assert_ne!(
        group_of(&v, "m5"),
        group_of(&v, "m1"),
        "Eve asked not to be with Ann"
    );
    // Dan's request names someone no longer on the roster: a note naming the cell.
    assert!(
        note.contains("members.csv:5:4 (column 'wants_with'): 'Zed' is not on the roster"),
        "{note}"
    );
    // check and report price the same groups the same way.
    let checked = json(
        p.run(&["check", "--groups", "g.csv", "--format", "json"])
            .success(),
    );
    assert_eq!(checked["score"], v["score"]);
    let report = json(
        p.run(&["report", "--groups", "g.csv", "--format", "json"])
            .success(),
    );
    let r = &report["requests"];
    assert_eq!(r["requests_count"], 7, "{r}");
    assert_eq!(r["honoured_count"], 6, "{r}");
    let failed: Vec<&Value> = (r["entries"].as_array().unwrap().iter())
        .filter(|q| q["honoured"] == false)
        .collect();
    assert_eq!(failed.len(), 1, "{r}");
}

#[test]
fn a_groups_file_that_ignores_requests_scores_each_one() {
    let p = programme("").file("g.csv", IGNORING);
    let v = json(
        p.run(&["check", "--groups", "g.csv", "--format", "json"])
            .success(),
    );
    // Unmet: Ann-Ben, Ann-Cat, Ben-Ann (with), Ben not Cat, Eve not Ann (not_with): 5 × 5.
    assert_eq!(v["score"]["components"]["requests"], 25.0, "{v}");
    let text = String::from_utf8(
        p.run(&["report", "--groups", "g.csv", "--format", "markdown"])
            .success()
            .get_output()
            .stdout
            .clone(),
    )
    .unwrap();
    assert!(text.contains("## Requests"), "{text}");
    assert!(text.contains("2 of 7 requests honoured"), "{text}");
}

#[test]
fn hard_not_with_is_an_apart_rule() {
    let p = programme("hard_not_with = true\n").file("g.csv", IGNORING);
    let v = json(
        p.run(&["check", "--groups", "g.csv", "--format", "json"])
            .code(1),
    );
    let rules: Vec<&str> = (v["violations"].as_array().unwrap().iter())
        .map(|x| x["rule"].as_str().unwrap())
        .collect();
    assert_eq!(
        rules.len(),
        2,
        "Ben with Cat and Eve with Ann break the rule: {v}"
    );
    // Only the with requests are soft now: Ann-Ben, Ann-Cat and Ben-Ann are unmet.
    assert_eq!(v["score"]["components"]["requests"], 15.0, "{v}");
    let v = json(p.run(&["assign", "--format", "json"]).success());
    assert_ne!(group_of(&v, "m2"), group_of(&v, "m3"));
    assert_ne!(group_of(&v, "m5"), group_of(&v, "m1"));
}

#[test]
fn an_ambiguous_name_is_bad_input_listing_the_people() {
    let roster = ROSTER.replace("m9,Ivy,z,,", "m9,Ann,z,,");
    let p = programme("").file("members.csv", roster);
    p.fails(
        &["assign"],
        2,
        &[
            "members.csv:3:4 (column 'wants_with')",
            "'ann' is the name of 2 people (m1, m9)",
        ],
    );
}

#[test]
fn the_rotation_report_lists_the_requests() {
    let p = programme("");
    p.run(&["rotate", "--cycle", "c1", "--report", "r.md", "-q"])
        .success();
    let report = String::from_utf8(p.read("r.md")).unwrap();
    assert!(report.contains("## Requests"), "{report}");
    assert!(report.contains("6 of 7 requests honoured"), "{report}");
    let v = json(
        p.run(&["rotate", "--cycle", "c2", "--dry-run", "--format", "json"])
            .success(),
    );
    assert_eq!(v["rotation"]["requests"]["requests_count"], 7, "{v}");
    assert_eq!(errors(&validator("rotate"), &v), Vec::<String>::new());
    let v = json(
        p.run(&["report", "--groups", "history.csv", "--format", "json"])
            .success(),
    );
    assert_eq!(errors(&validator("report"), &v), Vec::<String>::new());
}

#[test]
fn a_requests_table_without_columns_is_bad_input() {
    let p = Programme::empty().file("members.csv", ROSTER).file(
        "peergroups.toml",
        "roster = \"members.csv\"\n[groups]\nmin_size = 3\nmax_size = 3\n[requests]\nweight = 2\n",
    );
    p.fails(&["assign"], 2, &["[requests] names no column"]);
}

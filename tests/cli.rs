//! The commands, formats and exit codes of the real binary (README: Commands, Exit codes), on rosters small
//! enough for the exact solver.

mod common;

use common::{json, stdout, Programme};
use serde_json::Value;

/// `assign` in one format, exit 0; returns stdout.
fn assign(format: &str) -> String {
    stdout(
        Programme::new("")
            .run(&["assign", "--cycle", "c1", "--format", format])
            .code(0),
    )
}

#[test]
fn assign_table_lists_groups_score_and_solver() {
    let out = assign("table");
    for needle in ["G01", "G04", "Ann", "Hal", "Score", "optimal"] {
        assert!(out.contains(needle), "no {needle:?} in:\n{out}");
    }
}

#[test]
fn assign_csv_is_the_long_groups_format() {
    let out = assign("csv");
    let mut lines = out.lines();
    assert_eq!(lines.next(), Some("cycle,group,member_id,name,role"));
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), 8, "{out}");
    assert!(rows.iter().all(|r| r.starts_with("c1,G0")), "{out}");
}

#[test]
fn assign_markdown_is_a_table() {
    let out = assign("markdown");
    assert!(out.contains("| Group | Members |"), "{out}");
    assert!(out.contains("| G01 |"), "{out}");
}

#[test]
fn assign_json_has_the_documented_shape() {
    let v: Value = serde_json::from_str(&assign("json")).expect("JSON");
    assert_eq!(v["cycle"], "c1");
    let groups = v["groups"].as_array().expect("groups");
    assert_eq!(groups.len(), 4);
    let mut ids = Vec::new();
    for g in groups {
        assert!(g["name"].is_string(), "{g}");
        assert!(g["facilitators"].is_array(), "{g}");
        for m in g["members"].as_array().expect("members") {
            assert!(m["name"].is_string() && m["role"].is_string(), "{m}");
            ids.push(m["id"].as_str().expect("id").to_string());
        }
    }
    ids.sort();
    assert_eq!(ids, ["a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8"]);
    assert!(v["score"]["total"].is_number());
    assert!(v["score"]["components"].is_object());
    let s = &v["solver"];
    assert_eq!(s["status"], "optimal");
    assert_eq!(s["stopped"], "proof");
    assert_eq!(s["objective"], v["score"]["total"]);
    for key in ["bound", "gap", "seconds"] {
        assert!(s.get(key).is_some(), "no solver.{key} in {s}");
    }
}

#[test]
fn assign_out_then_check_passes_with_the_same_score() {
    let p = Programme::new("");
    let assign = ["assign", "--cycle", "c1", "--out", "groups.csv"];
    let assigned = json(
        p.run(&[&assign[..], &["--format", "json"]].concat())
            .code(0),
    );
    let checked = json(
        p.run(&["check", "--groups", "groups.csv", "--format", "json"])
            .code(0),
    );
    assert_eq!(checked["ok"], true);
    assert_eq!(checked["violations"], Value::Array(vec![]));
    assert_eq!(checked["score"]["total"], assigned["score"]["total"]);
    assert_eq!(
        checked["score"]["components"],
        assigned["score"]["components"]
    );
    let table = stdout(p.run(&["check", "--groups", "groups.csv"]).code(0));
    assert!(!table.contains("violation"), "{table}");
}

#[test]
fn same_inputs_and_seed_give_identical_files() {
    let p = Programme::new("");
    for out in ["a.csv", "b.csv"] {
        p.run(&["assign", "--cycle", "c1", "--seed", "3", "--out", out, "-q"])
            .code(0);
    }
    let a = std::fs::read(p.path("a.csv")).expect("a.csv");
    assert!(!a.is_empty());
    assert_eq!(a, std::fs::read(p.path("b.csv")).expect("b.csv"));
}

#[test]
fn coop_example_is_deterministic() {
    let config = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/coop/peergroups.toml");
    let p = Programme::empty();
    for out in ["a.csv", "b.csv"] {
        p.run(&[
            "assign",
            "--config",
            config,
            "--cycle",
            "2026-11-01",
            "--out",
            out,
            "-q",
        ])
        .code(0);
    }
    let a = std::fs::read(p.path("a.csv")).expect("a.csv");
    assert!(String::from_utf8_lossy(&a).contains("2026-11-01,P01,"));
    assert_eq!(a, std::fs::read(p.path("b.csv")).expect("b.csv"));
}

#[test]
fn check_lists_each_violation_and_exits_1() {
    let groups = "\
cycle,group,member_id,name,role
c1,G01,a1,Ann,
c1,G02,a2,Ben,
c1,G02,a3,Cat,
c1,G03,a4,Dan,
c1,G03,a5,Eve,
c1,G03,a6,Fay,
c1,G03,zz,Zed,
c1,G04,a7,Gus,
c1,G04,a8,Hal,
";
    let p = Programme::new("[keep]\napart = [[\"a7\", \"a8\"]]\n").file("groups.csv", groups);
    let v = json(
        p.run(&["check", "--groups", "groups.csv", "--format", "json"])
            .code(1),
    );
    assert_eq!(v["ok"], false);
    assert!(v["score"]["total"].is_number());
    let violations = v["violations"].as_array().expect("violations");
    let find = |rule: &str, group: &str| {
        violations
            .iter()
            .find(|x| x["rule"] == rule && x["group"] == group)
            .unwrap_or_else(|| panic!("no {rule} violation in {group}: {v}"))
    };
    assert!(find("size", "G01")["message"]
        .as_str()
        .expect("message")
        .contains("2..3"));
    assert_eq!(
        find("apart", "G04")["members"],
        serde_json::json!(["a7", "a8"])
    );
    let unknown = find("membership", "G03");
    assert_eq!(unknown["members"], serde_json::json!(["zz"]));
    assert!(unknown["message"]
        .as_str()
        .expect("message")
        .contains("line 8"));
    for x in violations {
        for key in ["rule", "group", "members", "message"] {
            assert!(x.get(key).is_some(), "no {key} in {x}");
        }
    }
}

/// Two cycles: in the second, a1 and a2 meet again.
const TWO_CYCLES: &str = "\
cycle,group,member_id
c1,G01,a1
c1,G01,a2
c1,G02,a3
c1,G02,a4
c1,G03,a5
c1,G03,a6
c1,G04,a7
c1,G04,a8
c2,G01,a1
c2,G01,a2
c2,G02,a3
c2,G02,a5
c2,G03,a4
c2,G03,a7
c2,G04,a6
c2,G04,a8
";

#[test]
fn check_of_a_history_checks_its_last_cycle() {
    let p = Programme::new("[repeats]\nforbid_within = 1\n").file("groups.csv", TWO_CYCLES);
    let v = json(
        p.run(&["check", "--groups", "groups.csv", "--format", "json"])
            .code(1),
    );
    assert_eq!(
        v["violations"],
        serde_json::json!([{
            "rule": "forbid_within",
            "group": "G01",
            "members": ["a1", "a2"],
            "message": "a1 and a2 met 1 cycle ago; forbid_within forbids it",
        }])
    );
    // The first cycle has no history before it.
    p.run(&["check", "--groups", "groups.csv", "--cycle", "c1"])
        .code(0);
}

#[test]
fn together_and_apart_conflict_exits_3() {
    // Two groups of four; a1, a2, a3 must share one, but a2 and a3 may not.
    let p = Programme::with_config(
        r#"roster = "members.csv"
[groups]
min_size = 3
max_size = 4
[keep]
together = [["a1", "a2", "a3"]]
apart = [["a2", "a3"]]
"#,
    );
    p.fails(
        &["assign", "--cycle", "c1"],
        3,
        &[
            "no assignment satisfies the hard rules",
            "apart",
            "together",
        ],
    );
}

#[test]
fn together_set_too_large_for_the_group_count_exits_3() {
    // Eight members in four even groups hold two each; the set needs three.
    Programme::new("[keep]\ntogether = [[\"a1\", \"a2\", \"a3\"]]\n").fails(
        &["assign", "--cycle", "c1"],
        3,
        &["together", "groups.count = 3"],
    );
}

#[test]
fn fixed_count_that_cannot_fit_exits_3() {
    let p = Programme::with_config(
        "roster = \"members.csv\"\n[groups]\nmin_size = 2\nmax_size = 3\ncount = 5\n",
    );
    p.fails(
        &["assign"],
        3,
        &["exactly 5 groups", "groups.count between 3 and 4"],
    );
}

#[test]
fn forbid_all_when_everyone_met_exits_3() {
    // Everyone met everyone in one group of eight.
    let history: String = (1..=8).fold("cycle,group,member_id\n".into(), |h, i| {
        h + &format!("c0,G01,a{i}\n")
    });
    Programme::new("[repeats]\nforbid_within = \"all\"\n")
        .file("history.csv", history)
        .fails(&["assign", "--cycle", "c1"], 3, &["forbid_within"]);
}

#[test]
fn quiet_keeps_the_result_on_stdout() {
    let p = Programme::new("");
    let out = stdout(
        p.run(&["assign", "--cycle", "c1", "-q", "--out", "g.csv"])
            .code(0)
            .stderr(""),
    );
    assert!(out.starts_with("Cycle c1: "), "{out}");
    let out = stdout(
        p.run(&["check", "--groups", "g.csv", "--quiet"])
            .code(0)
            .stderr(""),
    );
    assert!(out.starts_with("OK"), "{out}");
}

#[test]
fn help_lists_the_exit_codes() {
    let out = stdout(Programme::empty().run(&["--help"]).code(0));
    assert!(out.contains("Exit codes:"), "{out}");
    for code in ["0  success", "1  check", "2  bad input", "3  no assignment"] {
        assert!(out.contains(code), "no {code:?} in:\n{out}");
    }
}

#[test]
fn cycle_label_goes_into_the_out_file() {
    let p = Programme::new("");
    p.run(&["assign", "--cycle", "2027-spring", "--out", "g.csv", "-q"])
        .code(0);
    let text = std::fs::read_to_string(p.path("g.csv")).expect("g.csv");
    let rows: Vec<&str> = text.lines().skip(1).collect();
    assert_eq!(rows.len(), 8, "{text}");
    assert!(
        rows.iter()
            .all(|r| r.split(',').next() == Some("2027-spring")),
        "{text}"
    );
}

/// A roster too large for the integer program, so the search's tabu walk decides: the
/// same seed and work limit write the same bytes.
#[test]
fn the_tabu_walk_is_deterministic() {
    let mut roster = String::from("id,name,dept,band\n");
    for i in 0..120 {
        roster.push_str(&format!("m{i},P{i},d{},b{}\n", i % 7, i * 5 % 11));
    }
    let config = "roster = \"members.csv\"\n\n[groups]\nmin_size = 4\nmax_size = 5\n\n\
                  [diversity]\ncolumns = [\"dept\", \"band\"]\n";
    let p = Programme::with_config(config).file("members.csv", roster);
    let run = |seed: &str, out: &str| {
        p.run(&[
            "assign", "--cycle", "c1", "--seed", seed, "--effort", "3000000", "--out", out, "-q",
        ])
        .code(0);
        std::fs::read(p.path(out)).expect("groups file")
    };
    let a = run("4", "a.csv");
    assert_eq!(a, run("4", "b.csv"));
    assert!(String::from_utf8_lossy(&a).lines().count() == 121);
}

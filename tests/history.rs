//! `history list` and `history drop LABEL` through the real binary: the cycles with their
//! new pairs and coverage, and undoing a `rotate` to the byte.

mod common;

use common::{json, stdout, Programme};

const QUICK: &[&str] = &["--effort", "200000"];

#[test]
fn list_counts_each_cycle_and_its_new_pairs() {
    let p = Programme::example("coop");
    let v = json(p.run(&["history", "list", "--format", "json"]).success());
    let cycles = v["cycles"].as_array().expect("cycles");
    let labels: Vec<&str> = cycles
        .iter()
        .map(|c| c["cycle"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["2025-05-01", "2025-11-01", "2026-05-01"]);
    let mut met = 0;
    for c in cycles {
        assert_eq!(c["people_count"], 40, "{c}");
        met += c["new_pairs_count"].as_u64().unwrap();
        assert_eq!(c["coverage"]["pairs_met"].as_u64().unwrap(), met, "{c}");
    }
    let table = stdout(p.run(&["history", "list"]).success());
    assert!(table.contains("3 cycles"), "{table}");
    assert!(table.contains("2026-05-01"), "{table}");
}

#[test]
fn drop_undoes_a_rotate_to_the_byte() {
    for (name, history) in [
        (
            "comma, LF",
            "cycle,group,member_id\nc0,G1,a1\nc0,G1,a2\nc0,G2,a3\nc0,G2,a4\n".to_string(),
        ),
        (
            "semicolon, CRLF, BOM",
            "\u{feff}cycle;group;member_id\r\nc0;G1;a1\r\nc0;G1;a2\r\nc0;G2;a3\r\n".to_string(),
        ),
    ] {
        let p = Programme::new("").file("history.csv", &history);
        p.run(&[&["rotate", "--cycle", "c1", "-q"], QUICK].concat())
            .success();
        assert_ne!(p.read("history.csv"), history.as_bytes(), "{name}");
        let out = stdout(p.run(&["history", "drop", "c1"]).success());
        assert!(out.contains("Dropped cycle c1"), "{name}: {out}");
        assert_eq!(p.read("history.csv"), history.as_bytes(), "{name}");
    }
}

#[test]
fn only_the_last_cycle_can_be_dropped() {
    let p = Programme::example("coop");
    let before = p.read("history.csv");
    p.fails(
        &["history", "drop", "2025-11-01"],
        2,
        &[
            "'2025-11-01' is not the last cycle",
            "the last cycle is '2026-05-01'",
            "nothing was written",
        ],
    );
    p.fails(
        &["history", "drop", "2030-01"],
        2,
        &["there is no cycle '2030-01'"],
    );
    assert_eq!(p.read("history.csv"), before);
    // A history whose cycles are mixed is refused before anything is dropped.
    let mixed = "cycle,group,member_id\nc0,G1,a1\nc1,G1,a2\nc0,G2,a3\nc1,G2,a4\n";
    let p = Programme::new("").file("history.csv", mixed);
    p.fails(
        &["history", "drop", "c1"],
        2,
        &["history.csv:4", "keep each cycle's rows together"],
    );
    assert_eq!(p.read("history.csv"), mixed.as_bytes());
}

#[test]
fn drop_on_a_workbook_history_gives_the_workbook_before() {
    let p = Programme::new("");
    let args = |label: &'static str| {
        [
            &["rotate", "--history", "h.xlsx", "--cycle", label, "-q"],
            QUICK,
        ]
        .concat()
    };
    p.run(&args("c1")).success();
    let after_one = p.read("h.xlsx");
    p.run(&args("c2")).success();
    assert_ne!(p.read("h.xlsx"), after_one);
    p.run(&["history", "drop", "c2", "--history", "h.xlsx"])
        .success();
    assert_eq!(p.read("h.xlsx"), after_one);
    p.run(&["history", "drop", "c1", "--history", "h.xlsx"])
        .success();
    let v = json(
        p.run(&["history", "list", "--history", "h.xlsx", "--format", "json"])
            .success(),
    );
    assert_eq!(v["cycles"].as_array().unwrap().len(), 0, "{v}");
}

#[test]
fn forecast_gives_a_proven_bound_and_what_plan_reaches() {
    let p = Programme::example("coop");
    let v = json(
        p.run(&[
            "history",
            "forecast",
            "--time-limit",
            "8",
            "--format",
            "json",
        ])
        .success(),
    );
    let bound = v["forecast"]["rounds_count"].as_u64().expect("a bound");
    let reached = v["reached_count"].as_u64().unwrap();
    // After three cycles, the co-op's 40 people in pairs under max_spread = 12 have at
    // most 12 more repeat-free rounds (Ethan Roberts runs out first); a plan reaches fewer.
    assert_eq!(bound, 12, "{v}");
    assert!(reached >= 1 && reached <= bound, "{v}");
    assert_eq!(
        v["forecast"]["first_out"][0]["name"], "Ethan Roberts",
        "{v}"
    );
    assert_eq!(v["cycles_count"], 3);
}

#[test]
fn forecast_bounds_are_never_below_what_plan_reaches() {
    // Kirkman's schoolgirls: 15 people in threes meet everyone once in 7 cycles at most.
    let roster: String = std::iter::once("id,name\n".to_string())
        .chain((1..=15).map(|i| format!("k{i:02},Girl {i}\n")))
        .collect();
    let kirkman = Programme::empty().file("members.csv", roster).file("history.csv", "").file(
        "peergroups.toml",
        "roster = \"members.csv\"\nhistory = \"history.csv\"\n[groups]\nmin_size = 3\nmax_size = 3\n",
    );
    let mentoring = Programme::example("mentoring").file("history.csv", "");
    for (name, p, bound) in [
        ("kirkman", kirkman, Some(7)),
        ("mentoring", mentoring, None),
    ] {
        let v = json(
            p.run(&[
                "history",
                "forecast",
                "--history",
                "history.csv",
                "--time-limit",
                "6",
                "--format",
                "json",
            ])
            .success(),
        );
        let at_most = v["forecast"]["rounds_count"].as_u64().expect("a bound");
        if let Some(b) = bound {
            assert_eq!(at_most, b, "{name}: {v}");
        }
        let reached = v["reached_count"].as_u64().unwrap();
        assert!(reached <= at_most, "{name}: {v}");
        assert_eq!(v["cycles_count"], 0, "{name}: {v}");
    }
}

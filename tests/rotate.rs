//! `rotate` through the real binary (README: Commands, issue #3): the next cycle is appended to the
//! history atomically, never over an existing label, never half-written.

mod common;

use common::{json, stderr, stdout, Programme};
use serde_json::Value;

/// A small effort keeps the debug binary quick; the co-op pairs are still solved exactly.
const QUICK: &[&str] = &["--effort", "200000"];

fn rotate(p: &Programme, label: &str, extra: &[&str]) -> assert_cmd::assert::Assert {
    p.run(&[&["rotate", "--cycle", label], QUICK, extra].concat())
}

/// Labels of the cycles in a history file, in order of first appearance.
fn labels(history: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(history);
    let mut out: Vec<String> = Vec::new();
    for line in text.lines().skip(1) {
        let label = line.split([',', ';']).next().unwrap_or("").to_string();
        if out.last() != Some(&label) {
            out.push(label);
        }
    }
    out
}

#[test]
fn coop_rotates_four_cycles_without_a_repeated_pair() {
    let p = Programme::example("coop");
    let mut rows = String::from_utf8(p.read("history.csv"))
        .expect("UTF-8")
        .lines()
        .count();
    for label in ["2026-11-01", "2027-05-01", "2027-11-01", "2028-05-01"] {
        let v = json(rotate(&p, label, &["--format", "json"]).code(0));
        assert_eq!(v["cycle"], label);
        assert_eq!(v["dry_run"], false);
        let r = &v["rotation"];
        assert_eq!(r["repeated_pairs"], Value::Array(vec![]), "{label}: {r}");
        assert_eq!(r["people_rotated"], 40);
        assert_eq!(r["all_new"], 40);
        assert!(
            r["coverage_after"]["pairs_met"].as_u64() > r["coverage_before"]["pairs_met"].as_u64()
        );
        // The history still parses, holds the new cycle last, and keeps every rule.
        let history = p.read("history.csv");
        let now = String::from_utf8(history.clone())
            .expect("UTF-8")
            .lines()
            .count();
        assert_eq!(now, rows + 40, "{label}: one row per person appended");
        rows = now;
        assert_eq!(labels(&history).last().map(String::as_str), Some(label));
        p.run(&["check", "--groups", "history.csv"]).code(0);
        let report = json(
            p.run(&["report", "--groups", "history.csv", "--format", "json"])
                .code(0),
        );
        assert_eq!(report["cycle"], label);
        assert_eq!(report["repeats_by_age"], Value::Array(vec![]));
    }
    assert_eq!(labels(&p.read("history.csv")).len(), 7);
}

#[test]
fn an_existing_label_is_refused_and_the_history_stays_byte_identical() {
    let p = Programme::example("coop");
    let before = p.read("history.csv");
    let err = p.fails(
        &[&["rotate", "--cycle", "2026-05-01"], QUICK].concat(),
        2,
        &[
            "history.csv",
            "cycle '2026-05-01' is already in the history",
            "--cycle",
        ],
    );
    assert!(err.contains("nothing was written"), "{err}");
    assert_eq!(p.read("history.csv"), before);
}

#[test]
fn dry_run_writes_nothing() {
    let p = Programme::example("coop");
    let before = p.read("history.csv");
    let a = rotate(&p, "2026-11-01", &["--dry-run", "--report", "r.md"]).code(0);
    assert!(stderr(&a).contains("--dry-run writes nothing"));
    assert!(stdout(a).contains("dry run: nothing written"));
    assert_eq!(p.read("history.csv"), before);
    assert!(!p.path("r.md").exists());
}

#[test]
fn a_missing_history_file_is_created() {
    let p = Programme::new("");
    assert!(!p.path("history.csv").exists());
    rotate(&p, "c1", &["-q"]).code(0);
    let text = String::from_utf8(p.read("history.csv")).expect("UTF-8");
    assert!(
        text.starts_with("cycle,group,member_id,name,role\nc1,G01,"),
        "{text}"
    );
    assert_eq!(text.lines().count(), 9);
    rotate(&p, "c2", &["-q"]).code(0);
    assert_eq!(labels(&p.read("history.csv")), ["c1", "c2"]);
    p.run(&["check", "--groups", "history.csv"]).code(0);
}

#[test]
fn rotate_needs_a_history_file_to_append_to() {
    let p =
        Programme::with_config("roster = \"members.csv\"\n[groups]\nmin_size = 2\nmax_size = 3\n");
    p.fails(
        &["rotate", "--cycle", "c1"],
        2,
        &["history = \"history.csv\"", "--history"],
    );
    // --history names one.
    rotate(&p, "c1", &["--history", "h.csv", "-q"]).code(0);
    assert!(p.path("h.csv").exists());
}

#[test]
fn the_history_keeps_its_own_layout() {
    // Semicolons, CRLF line ends, no trailing newline, no name or role column.
    let old = "cycle;group;member_id\r\nc0;G01;a1\r\nc0;G01;a2\r\nc0;G02;a3\r\nc0;G02;a4\r\nc0;G03;a5\r\nc0;G03;a6\r\nc0;G04;a7\r\nc0;G04;a8";
    let p = Programme::new("").file("history.csv", old);
    rotate(&p, "c1", &["-q"]).code(0);
    let text = String::from_utf8(p.read("history.csv")).expect("UTF-8");
    let added = text
        .strip_prefix(old)
        .expect("the old bytes stay as they were");
    assert!(added.starts_with("\r\nc1;G01;"), "{added:?}");
    assert_eq!(added.matches("\r\n").count(), 9, "{added:?}");
    assert_eq!(labels(text.as_bytes()), ["c0", "c1"]);
    p.run(&["check", "--groups", "history.csv"]).code(0);
}

#[test]
fn an_infeasible_rotation_leaves_the_history_untouched() {
    // Everyone met everyone in one group of eight, and no pair may meet again.
    let history: String = (1..=8).fold("cycle,group,member_id\n".into(), |h, i| {
        h + &format!("c0,G01,a{i}\n")
    });
    let p = Programme::new("[repeats]\nforbid_within = \"all\"\n").file("history.csv", &history);
    p.fails(
        &["rotate", "--cycle", "c1", "--report", "r.md"],
        3,
        &["forbid_within"],
    );
    assert_eq!(p.read("history.csv"), history.as_bytes());
    assert!(!p.path("r.md").exists());
}

#[test]
fn a_rotate_killed_mid_write_leaves_the_old_history_intact() {
    // The file-size limit kills the process (SIGXFSZ) while it writes the new history,
    // which is larger than the limit; the old history is never written to.
    let p = Programme::example("coop");
    let before = p.read("history.csv");
    assert!(
        before.len() > 2048,
        "the history must be larger than the limit"
    );
    let bin = assert_cmd::cargo::cargo_bin("peergroups");
    let out = std::process::Command::new("bash")
        .current_dir(p.path(""))
        .args(["-c", "ulimit -f 2; exec \"$0\" \"$@\""])
        .arg(bin)
        .args([
            "rotate",
            "--cycle",
            "2026-11-01",
            "--effort",
            "200000",
            "-q",
        ])
        .output()
        .expect("bash runs");
    use std::os::unix::process::ExitStatusExt;
    assert_eq!(out.status.signal(), Some(25), "killed by SIGXFSZ: {out:?}");
    assert_eq!(p.read("history.csv"), before);
    // Once the limit is gone the same rotation goes through.
    rotate(&p, "2026-11-01", &["-q"]).code(0);
    assert!(p.read("history.csv").starts_with(&before));
}

#[test]
fn a_rotate_that_cannot_write_leaves_the_old_history_intact() {
    use std::os::unix::fs::PermissionsExt;
    let p = Programme::example("coop");
    let before = p.read("history.csv");
    let dir = p.path("");
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o555)).expect("chmod");
    if std::fs::write(dir.join("probe"), b"").is_ok() {
        // Running as root: permissions do not stop writes, and the test above covers it.
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).expect("chmod");
        return;
    }
    let a = rotate(&p, "2026-11-01", &[]);
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let err = stderr(&a.code(2));
    assert!(err.contains("cannot write"), "{err}");
    assert_eq!(p.read("history.csv"), before);
}

#[test]
fn the_report_file_is_markdown() {
    let p = Programme::example("coop");
    rotate(&p, "2026-11-01", &["--report", "rotation.md", "-q"]).code(0);
    let md = String::from_utf8(p.read("rotation.md")).expect("UTF-8");
    for needle in [
        "# Rotation to cycle 2026-11-01",
        "## Summary",
        "- People rotated: 40",
        "- History coverage: 78 → 104 of 780 pairs",
        "## Per person",
        "| Person | Previous | New | New group-mates | Repeats |",
        "(one-way)",
        "## Groups of 2026-11-01",
    ] {
        assert!(md.contains(needle), "no {needle:?} in:\n{md}");
    }
}

#[test]
fn the_rotation_report_lists_one_way_members_joiners_leavers_and_repeats() {
    let history = "\
cycle,group,member_id
c1,G01,a1
c1,G01,a2
c1,G01,a7
c1,G02,a3
c1,G02,a4
c1,G03,a5
c1,G03,a6
c1,G03,a9
";
    let config = format!(
        "{}[roles.probation]\nmax_per_group = 1\ncounts_toward_size = false\n",
        common::CONFIG
    );
    // Gus is on probation; a9 left since c1 and Hal (a8) joined.
    let roster = common::ROSTER.replacen("a7,Gus,,", "a7,Gus,probation,", 1);
    let p = Programme::with_config(&config)
        .file("members.csv", roster)
        .file("history.csv", history);
    let v = json(rotate(&p, "c2", &["--format", "json", "--dry-run"]).code(0));
    let r = &v["rotation"];
    assert_eq!(r["previous_cycle"], "c1");
    assert_eq!(r["joiners"][0]["id"], "a8");
    assert_eq!(r["leavers"], serde_json::json!(["a9"]));
    let people = r["people"].as_array().expect("people");
    let gus = people.iter().find(|x| x["id"] == "a7").expect("a7");
    assert_eq!(gus["one_way"], true);
    assert_eq!(gus["previous_group"], "G01");
    let hal = people.iter().find(|x| x["id"] == "a8").expect("a8");
    assert_eq!(hal["previous_group"], Value::Null);
    // Repeats, if any, are the pairs of c1 (age 1), listed for both people.
    let repeats: usize = people
        .iter()
        .map(|x| x["repeated_mates"].as_array().map_or(0, Vec::len))
        .sum();
    let pairs: u64 = r["repeats_by_age"]
        .as_array()
        .expect("by age")
        .iter()
        .map(|a| a["pairs"].as_u64().unwrap_or(0))
        .sum();
    assert_eq!(repeats as u64, 2 * pairs);
    let table = stdout(rotate(&p, "c2", &["--dry-run"]).code(0));
    for needle in [
        "Gus (one-way)",
        "Joiners since c1: Hal",
        "Leavers since c1: a9",
        "One-way (receive peers, are nobody's only peer): Gus",
    ] {
        assert!(table.contains(needle), "no {needle:?} in:\n{table}");
    }
    let csv = stdout(rotate(&p, "c2", &["--dry-run", "--format", "csv"]).code(0));
    assert!(csv.starts_with(
        "cycle,member_id,name,one_way,previous_group,group,new_mates,repeats,rounds_left\n"
    ));
    assert!(csv.contains("c2,a7,Gus,true,G01,"), "{csv}");
}

//! Names in outputs are data, never code (the README section of that name): no CSV cell starts a spreadsheet
//! formula and the history reads back to the same names, Markdown shows markup in names as
//! text, and the terminal table carries no control characters and stays fast on huge names.

mod common;

use common::{json, stdout, Programme};
use serde_json::Value;

/// Ids and names starting with each formula character (`=`, `+`, `-`, `@`, TAB), plus the
/// markup and control characters the other formats must neutralise. A leading TAB in a
/// roster cell is trimmed on reading, so TAB is inside the quotes of a name that starts
/// with `'` (which reading removes).
const ROSTER: &str = "id,name
=a1,=HYPERLINK(\"http://x\";\"click\")
+a2,+1+1
-a3,-2+3
@a4,@SUM(A1:A9)
a5,\"'\tTabbed\"
a6,<script>alert(1)</script>
a7,**bold** [x](http://y) `code`
a8,\"\x1b[2J\x1b]0;title\x07Esc\x7f\u{9b}31m\"
";

const CONFIG: &str = r#"roster = "members.csv"
history = "history.csv"

[groups]
min_size = 2
max_size = 3
label_prefix = "="
"#;

const QUICK: &[&str] = &["--effort", "50000"];

fn programme() -> Programme {
    Programme::empty()
        .file("members.csv", ROSTER)
        .file("peergroups.toml", CONFIG)
}

fn run(p: &Programme, args: &[&str]) -> String {
    stdout(p.run(&[args, QUICK].concat()).code(0))
}

/// Every cell of a CSV text; fails when one starts a formula.
fn assert_safe_csv(what: &str, text: &[u8]) {
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text);
    let mut cells = 0;
    for record in r.records() {
        for cell in &record.expect("a CSV record") {
            cells += 1;
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "{what}: cell {cell:?} starts a formula in:\n{}",
                String::from_utf8_lossy(text)
            );
        }
    }
    assert!(
        cells > 5,
        "{what}: no cells in {}",
        String::from_utf8_lossy(text)
    );
}

/// The roster's ids and names as `(id, name)`, as the tool reads them.
fn roster() -> Vec<(String, String)> {
    vec![
        ("=a1", "=HYPERLINK(\"http://x\";\"click\")"),
        ("+a2", "+1+1"),
        ("-a3", "-2+3"),
        ("@a4", "@SUM(A1:A9)"),
        ("a5", "\tTabbed"),
        ("a6", "<script>alert(1)</script>"),
        ("a7", "**bold** [x](http://y) `code`"),
        ("a8", "\x1b[2J\x1b]0;title\x07Esc\x7f\u{9b}31m"),
    ]
    .into_iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect()
}

/// `(id, name)` of every member of the groups in a JSON output, sorted by id.
fn people(groups: &Value) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = groups
        .as_array()
        .expect("groups")
        .iter()
        .flat_map(|g| g["members"].as_array().expect("members").iter())
        .map(|m| {
            (
                m["id"].as_str().unwrap().to_string(),
                m["name"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    out.sort();
    out
}

fn sorted(mut v: Vec<(String, String)>) -> Vec<(String, String)> {
    v.sort();
    v
}

#[test]
fn no_csv_output_starts_a_formula() {
    let p = programme();
    run(&p, &["assign", "--cycle", "=c1", "--out", "groups.csv"]);
    assert_safe_csv("assign --out", &p.read("groups.csv"));
    let out = run(&p, &["assign", "--cycle", "=c1", "--format", "csv"]);
    assert_safe_csv("assign --format csv", out.as_bytes());
    let out = run(&p, &["rotate", "--cycle", "=c1", "--format", "csv"]);
    assert_safe_csv("rotate --format csv", out.as_bytes());
    assert_safe_csv("rotate history", &p.read("history.csv"));
    let out = run(&p, &["rotate", "--cycle=-c2", "--format", "csv"]);
    assert_safe_csv("second rotate --format csv", out.as_bytes());
    assert_safe_csv("history after two rotations", &p.read("history.csv"));
    let out = run(
        &p,
        &["report", "--groups", "history.csv", "--format", "csv"],
    );
    assert_safe_csv("report --format csv", out.as_bytes());
    run(
        &p,
        &[
            "plan", "--cycles", "2", "--cycle", "@p", "--out", "plan.csv",
        ],
    );
    assert_safe_csv("plan --out", &p.read("plan.csv"));
}

#[test]
fn check_csv_of_violations_starts_no_formula() {
    // A groups file that breaks a rule (a group of one), with formula-like ids.
    let p = programme().file(
        "bad.csv",
        "cycle,group,member_id\nc,'=G1,'=a1\nc,'=G1,'+a2\nc,'=G1,'-a3\nc,'+G2,'@a4\nc,G3,a5\nc,G3,a6\nc,G3,a7\nc,G3,a8\n",
    );
    let assert = p
        .run(&["check", "--groups", "bad.csv", "--format", "csv"])
        .code(1);
    let out = stdout(assert);
    assert!(out.contains("'+G2"), "the violation names group +G2: {out}");
    assert_safe_csv("check --format csv", out.as_bytes());
}

#[test]
fn the_history_reads_back_to_the_same_ids_and_names() {
    let p = programme();
    let first = json(
        p.run(&[&["rotate", "--cycle", "=c1", "--format", "json"], QUICK].concat())
            .code(0),
    );
    assert_eq!(people(&first["groups"]), sorted(roster()));
    let labels: Vec<String> = first["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["name"].as_str().unwrap().to_string())
        .collect();
    assert!(labels.iter().all(|l| l.starts_with('=')), "{labels:?}");
    // The history names the cycle, groups and ids as they were.
    let report = json(
        p.run(&["report", "--groups", "history.csv", "--format", "json"])
            .code(0),
    );
    assert_eq!(report["cycle"], "=c1");
    assert_eq!(people(&report["groups"]), sorted(roster()));
    let report_labels: Vec<String> = report["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["name"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(report_labels, labels);
    assert_eq!(report["violations"], serde_json::json!([]));
    let check = json(
        p.run(&["check", "--groups", "history.csv", "--format", "json"])
            .code(0),
    );
    assert_eq!(check["ok"], true);
    // A second rotation sees the first cycle's groups as history.
    let second = json(
        p.run(&[&["rotate", "--cycle", "=c2", "--format", "json"], QUICK].concat())
            .code(0),
    );
    assert_eq!(second["rotation"]["previous_cycle"], "=c1");
    assert_eq!(second["rotation"]["joiners"], serde_json::json!([]));
    assert_eq!(second["rotation"]["leavers"], serde_json::json!([]));
    assert_eq!(
        second["rotation"]["coverage_before"]["pairs_met"]
            .as_u64()
            .map(|n| n > 0),
        Some(true)
    );
}

/// Fails when Markdown shows a name's markup as markup.
fn assert_safe_markdown(what: &str, text: &str) {
    for raw in ["<script>", "**bold**", "[x](http://y)", "`code`", "\x1b"] {
        assert!(!text.contains(raw), "{what}: raw {raw:?} in:\n{text}");
    }
    assert!(
        text.contains("&lt;script&gt;"),
        "{what}: the name is shown: {text}"
    );
}

#[test]
fn markdown_shows_markup_in_names_as_text() {
    let p = programme();
    let out = run(&p, &["assign", "--cycle", "c1", "--format", "markdown"]);
    assert_safe_markdown("assign --format markdown", &out);
    let out = run(
        &p,
        &[
            "rotate",
            "--cycle",
            "c1",
            "--report",
            "rotation.md",
            "--format",
            "markdown",
        ],
    );
    assert_safe_markdown("rotate --format markdown", &out);
    let file = String::from_utf8(p.read("rotation.md")).unwrap();
    assert_safe_markdown("rotate --report", &file);
    let out = run(
        &p,
        &["report", "--groups", "history.csv", "--format", "markdown"],
    );
    assert_safe_markdown("report --format markdown", &out);
    let out = run(
        &p,
        &[
            "plan", "--cycles", "2", "--cycle", "p", "--format", "markdown",
        ],
    );
    assert_safe_markdown("plan --format markdown", &out);
}

/// Fails on any control byte but the newline.
fn assert_no_controls(what: &str, text: &str) {
    for c in text.chars() {
        assert!(
            c == '\n' || !c.is_control(),
            "{what}: control character {c:?} in:\n{}",
            text.escape_debug()
        );
    }
    assert!(text.contains("Esc"), "{what}: the name is shown: {text}");
}

#[test]
fn the_terminal_table_has_no_control_characters() {
    let p = programme();
    let out = run(&p, &["assign", "--cycle", "c1"]);
    assert_no_controls("assign", &out);
    let out = run(&p, &["rotate", "--cycle", "c1"]);
    assert_no_controls("rotate", &out);
    let out = run(&p, &["report", "--groups", "history.csv"]);
    assert_no_controls("report", &out);
    let out = run(&p, &["plan", "--cycles", "2", "--cycle", "p"]);
    assert_no_controls("plan", &out);
}

#[test]
fn a_huge_name_still_renders_the_table() {
    let mut roster = String::from("id,name\n");
    for k in 0..7 {
        roster.push_str(&format!("m{k},Person {k}\n"));
    }
    roster.push_str(&format!("big,{}\n", "x".repeat(200_000)));
    let p = Programme::empty()
        .file("members.csv", roster)
        .file("peergroups.toml", CONFIG);
    let out = run(&p, &["assign", "--cycle", "c1"]);
    assert!(out.contains("Person 0"), "{out}");
    assert!(
        out.contains("more characters"),
        "the long name is cut: {out}"
    );
    assert!(out.len() < 20_000, "the table is {} bytes", out.len());
    // The other formats keep the whole name.
    let csv = run(&p, &["assign", "--cycle", "c1", "--format", "csv"]);
    assert!(csv.contains(&"x".repeat(200_000)));
}

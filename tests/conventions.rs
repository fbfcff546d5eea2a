//! Conventions of the command line: every JSON document has `"version": 1`, keeps one type
//! per key and validates against its schema in `schema/`; completions and the man page; `-q`
//! silences notes only; the terminal table fits the terminal's width.

mod common;

use common::{errors, read_json, schema_dir, stdout, validator, Programme};
use serde_json::Value;
use std::collections::BTreeMap;

/// The commands with a schema file, each run on the examples with `--format json`.
fn json_runs() -> Vec<(&'static str, &'static str, Vec<&'static str>)> {
    vec![
        ("assign", "mentoring", vec!["assign", "--cycle", "c1"]),
        ("assign", "coop", vec!["assign", "--cycle", "2026-11-01"]),
        (
            "assign",
            "business",
            vec!["assign", "--cycle", "2026-10", "--effort", "20000"],
        ),
        (
            "rotate",
            "coop",
            vec!["rotate", "--cycle", "2026-11-01", "--dry-run"],
        ),
        (
            "rotate",
            "business",
            vec!["rotate", "--cycle", "2026-10", "--effort", "20000"],
        ),
        ("check", "coop", vec!["check", "--groups", "history.csv"]),
        (
            "check",
            "business",
            vec!["check", "--groups", "history.csv"],
        ),
        ("report", "coop", vec!["report", "--groups", "history.csv"]),
        ("history", "coop", vec!["history", "list"]),
        ("explain", "coop", vec!["explain", "s01", "s02"]),
        (
            "explain",
            "business",
            vec!["explain", "--groups", "history.csv", "b03"],
        ),
        ("history", "business", vec!["history", "list"]),
        (
            "history-forecast",
            "coop",
            vec!["history", "forecast", "--time-limit", "4"],
        ),
        (
            "report",
            "business",
            vec!["report", "--groups", "history.csv"],
        ),
        (
            "plan",
            "coop",
            vec!["plan", "--cycles", "2", "--effort", "20000"],
        ),
        (
            "adjust",
            "coop",
            vec!["adjust", "--groups", "history.csv", "--move", "s01=P02"],
        ),
        (
            "adjust",
            "business",
            vec!["adjust", "--groups", "history.csv", "--split", "B01"],
        ),
    ]
}

/// Records the JSON type of every key in `v` (keys of data maps, e.g. score components and
/// composition counts, are names from the inputs and are left out).
fn key_types(
    v: &Value,
    source: &str,
    types: &mut BTreeMap<String, BTreeMap<&'static str, String>>,
) {
    match v {
        Value::Object(map) => {
            for (k, x) in map {
                let kind = match x {
                    Value::Null => None,
                    Value::Bool(_) => Some("boolean"),
                    Value::Number(_) => Some("number"),
                    Value::String(_) => Some("string"),
                    Value::Array(_) => Some("array"),
                    Value::Object(_) => Some("object"),
                };
                if let Some(kind) = kind {
                    types
                        .entry(k.clone())
                        .or_default()
                        .entry(kind)
                        .or_insert_with(|| source.to_string());
                }
                if !matches!(k.as_str(), "components" | "balance" | "similar") {
                    key_types(x, source, types);
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|x| key_types(x, source, types)),
        _ => {}
    }
}

#[test]
fn every_json_output_has_a_version_validates_and_keeps_one_type_per_key() {
    let mut types = BTreeMap::new();
    for (command, example, args) in json_runs() {
        let p = Programme::example(example);
        let mut args = args.clone();
        args.extend(["--format", "json"]);
        let out = stdout(p.run(&args).code(0));
        let doc: Value = serde_json::from_str(&out).expect("stdout is JSON");
        let source = format!("{example}: {}", args.join(" "));
        assert_eq!(
            doc.as_object()
                .and_then(|o| o.keys().next())
                .map(String::as_str),
            Some("version"),
            "{source}: version is not the first key"
        );
        assert_eq!(doc["version"], 1, "{source}");
        let found = errors(&validator(command), &doc);
        assert!(
            found.is_empty(),
            "{source} breaks schema/{command}.json:\n{}",
            found.join("\n")
        );
        key_types(&doc, &source, &mut types);
    }
    let mixed: Vec<String> = types
        .iter()
        .filter(|(_, kinds)| kinds.len() > 1)
        .map(|(key, kinds)| format!("{key}: {kinds:?}"))
        .collect();
    assert!(
        mixed.is_empty(),
        "keys with more than one type:\n{}",
        mixed.join("\n")
    );
}

#[test]
fn the_schemas_reject_what_they_should() {
    let assign = validator("assign");
    let p = Programme::example("coop");
    let out = stdout(
        p.run(&["assign", "--cycle", "c1", "--format", "json"])
            .code(0),
    );
    let doc: Value = serde_json::from_str(&out).unwrap();
    assert!(errors(&assign, &doc).is_empty());
    let mut no_version = doc.clone();
    no_version.as_object_mut().unwrap().remove("version");
    assert!(
        !errors(&assign, &no_version).is_empty(),
        "a document without version passes"
    );
    let mut count_as_list = doc.clone();
    count_as_list["groups"] = Value::from(3);
    assert!(
        !errors(&assign, &count_as_list).is_empty(),
        "groups as a number passes"
    );
    let plan = validator("plan");
    let out = stdout(
        p.run(&[
            "plan", "--cycles", "1", "--effort", "2000", "--format", "json",
        ])
        .code(0),
    );
    let mut doc: Value = serde_json::from_str(&out).unwrap();
    assert!(errors(&plan, &doc).is_empty());
    let cycle = doc["cycles"][0].as_object_mut().unwrap();
    let count = cycle.remove("repeated_pairs_count").unwrap();
    cycle.insert("repeated_pairs".into(), count);
    assert!(!errors(&plan, &doc).is_empty(), "plan's old key passes");
}

#[test]
fn every_schema_is_draft_2020_12_and_documents_a_command() {
    let mut names: Vec<String> = std::fs::read_dir(schema_dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "adjust.json",
            "assign.json",
            "check.json",
            "defs.json",
            "explain.json",
            "history-forecast.json",
            "history.json",
            "plan.json",
            "report.json",
            "rotate.json"
        ]
    );
    for name in names {
        let schema = read_json(&schema_dir().join(&name));
        assert_eq!(
            schema["$schema"], "https://json-schema.org/draft/2020-12/schema",
            "{name}"
        );
        jsonschema::meta::validate(&schema).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
}

#[test]
fn bash_completions_parse() {
    let p = Programme::empty();
    let script = stdout(p.run(&["completions", "bash"]).code(0));
    assert!(script.contains("peergroups"), "{script}");
    assert!(script.contains("assign"), "{script}");
    let file = p.path("peergroups.bash");
    std::fs::write(&file, &script).unwrap();
    let status = std::process::Command::new("bash")
        .arg("-n")
        .arg(&file)
        .status()
        .expect("bash runs");
    assert!(status.success(), "bash -n rejects the completions");
    for shell in ["zsh", "fish", "powershell", "elvish"] {
        let script = stdout(p.run(&["completions", shell]).code(0));
        assert!(script.contains("rotate"), "{shell}: {script}");
    }
    p.fails(&["completions", "tcsh"], 2, &["tcsh", "bash"]);
}

#[test]
fn man_page_is_roff() {
    let p = Programme::empty();
    let page = stdout(p.run(&["man"]).code(0));
    assert!(page.starts_with('.'), "{page}");
    assert!(page.contains(".TH peergroups 1"), "{page}");
    assert!(page.contains("assign"), "{page}");
    p.run(&["man", "--out", "peergroups.1"]).code(0).stdout("");
    assert_eq!(p.read("peergroups.1"), page.as_bytes());
}

#[test]
fn quiet_keeps_the_result_and_silences_notes() {
    // A role without a [roles.NAME] table gives a note.
    let p = Programme::new("").file(
        "members.csv",
        common::ROSTER.replace("a1,Ann,,", "a1,Ann,guest,"),
    );
    // CSV: the groups without the solver's seconds, which differ between runs.
    let args = ["assign", "--cycle", "c1", "--format", "csv"];
    let loud = p.run(&args).code(0);
    let loud_err = common::stderr(&loud);
    assert!(loud_err.contains("note: "), "{loud_err}");
    let loud_out = stdout(loud);
    let quiet = p
        .run(&["assign", "--cycle", "c1", "--format", "csv", "-q"])
        .code(0);
    assert_eq!(common::stderr(&quiet), "");
    assert_eq!(stdout(quiet), loud_out, "-q keeps stdout as it is");
    let help = stdout(p.run(&["--help"]).code(0));
    assert!(help.contains("the result still goes to stdout"), "{help}");
}

/// Characters (not bytes) of the longest line.
fn widest(text: &str) -> usize {
    text.lines()
        .map(|l| l.trim_end_matches('\r').chars().count())
        .max()
        .unwrap_or(0)
}

#[test]
fn table_fits_columns() {
    let p = Programme::example("mentoring");
    let run = |columns: &str| {
        let assert = assert_cmd::Command::cargo_bin("peergroups")
            .unwrap()
            .current_dir(p.path(""))
            .env("COLUMNS", columns)
            .args(["assign", "--cycle", "c1"])
            .assert()
            .code(0);
        stdout(assert)
    };
    let narrow = run("80");
    assert!(widest(&narrow) <= 80, "a line is longer than 80:\n{narrow}");
    assert!(widest(&narrow) >= 70, "the table uses the width:\n{narrow}");
    let wide = run("160");
    assert!(widest(&wide) > 100, "COLUMNS=160 is not used:\n{wide}");
    // Names are never broken inside: each member's full name is on one line.
    let roster = String::from_utf8(p.read("members.csv")).unwrap();
    let name_col = 1;
    for line in roster.lines().skip(1) {
        let cells: Vec<&str> = line.split(',').collect();
        let status = cells.last().unwrap();
        if status.is_empty() {
            let name = cells[name_col];
            assert!(
                narrow.contains(name),
                "{name:?} is broken across lines:\n{narrow}"
            );
        }
    }
}

#[test]
fn table_fits_a_pseudo_terminal() {
    let has_script = std::process::Command::new("script")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_script {
        eprintln!("`script` is not installed; the pseudo-terminal case is left out");
        return;
    }
    let p = Programme::example("mentoring");
    let bin = assert_cmd::cargo::cargo_bin("peergroups");
    let run = |cols: u16| {
        let command = format!(
            "stty cols {cols} rows 50; {} assign --cycle c1 -q",
            bin.display()
        );
        let out = std::process::Command::new("script")
            .args(["-qec", &command, "/dev/null"])
            .current_dir(p.path(""))
            .env_remove("COLUMNS")
            .output()
            .expect("script runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("UTF-8")
    };
    let narrow = run(80);
    assert!(narrow.contains("Cycle c1"), "{narrow}");
    assert!(
        widest(&narrow) <= 80,
        "a line is longer than 80 on an 80-column terminal:\n{narrow}"
    );
    let wide = run(150);
    assert!(
        widest(&wide) > 100,
        "the terminal's width is not used:\n{wide}"
    );
}

#[test]
fn init_shows_how_to_install_the_command() {
    let p = Programme::empty();
    let out = stdout(p.run(&["init", "prog"]).code(0));
    assert!(out.contains("cargo install --path ."), "{out}");
    assert!(out.contains("peergroups assign --config"), "{out}");
}

//! `explain ID…` through the real binary: every number it gives for a move or an exchange
//! is the score `check` gives the moved groups file, every rule it says a move breaks is one
//! `check` finds, and what a placement adds is the score less the score without the person.

mod common;

use common::{json, stdout, Programme};
use serde_json::Value;

/// The rows of a groups file, header first.
fn rows(bytes: &[u8]) -> Vec<Vec<String>> {
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(bytes);
    r.records()
        .map(|x| x.expect("a CSV row").iter().map(String::from).collect())
        .collect()
}

/// The groups file with the last cycle's rows changed: each `(id, group)` puts `id` in
/// `group`, and an id in `drop` leaves the file.
fn changed(rows: &[Vec<String>], to: &[(&str, &str)], drop: Option<&str>) -> String {
    let col = |name: &str| rows[0].iter().position(|h| h == name).expect("a column");
    let (cycle, group, id) = (col("cycle"), col("group"), col("member_id"));
    let last = rows.last().expect("a row")[cycle].clone();
    let mut w = csv::Writer::from_writer(Vec::new());
    for (k, row) in rows.iter().enumerate() {
        let mut row = row.clone();
        if k > 0 && row[cycle] == last {
            if drop == Some(row[id].as_str()) {
                continue;
            }
            if let Some((_, g)) = to.iter().find(|(who, _)| *who == row[id]) {
                row[group] = (*g).to_string();
            }
        }
        w.write_record(&row).expect("writing a row");
    }
    String::from_utf8(w.into_inner().expect("the CSV")).expect("UTF-8")
}

fn scores_match(explained: &Value, checked: &Value, what: &str) {
    assert_eq!(explained["total"], checked["total"], "{what}");
    assert_eq!(explained["components"], checked["components"], "{what}");
}

/// For `id` in the example `name`: each move and exchange priced as `check` prices it.
fn every_number_is_the_score_of_the_moved_file(name: &str, id: &str) {
    let p = Programme::example(name);
    let history = p.read("history.csv");
    let rows = rows(&history);
    let doc = json(p.run(&["explain", id, "--format", "json"]).success());
    let person = &doc["people"][0];
    assert_eq!(person["id"], id);
    let check = |contents: String| {
        let p = Programme::example(name).file("moved.csv", contents);
        let out = p.run(&["check", "--groups", "moved.csv", "--format", "json"]);
        let code = out.get_output().status.code();
        let doc: Value = serde_json::from_str(&stdout(out)).expect("check's JSON");
        (doc, code == Some(0))
    };
    // The cycle as it is.
    let (now, ok) = check(String::from_utf8(history.clone()).expect("UTF-8"));
    assert!(ok, "the example's last cycle keeps every rule");
    scores_match(&doc["score"], &now["score"], "the score as it is");
    // What the placement adds: the score less the score of the file without the person.
    let (without, _) = check(changed(&rows, &[], Some(id)));
    let added =
        now["score"]["total"].as_f64().unwrap() - without["score"]["total"].as_f64().unwrap();
    let placement = person["placement"]["total"].as_f64().unwrap();
    assert!(
        (added - placement).abs() < 1e-6,
        "placement {placement} vs {added}"
    );
    let others = person["other_groups"].as_array().expect("other groups");
    assert!(!others.is_empty());
    for m in others {
        let g = m["group"].as_str().unwrap();
        let (moved, ok) = check(changed(&rows, &[(id, g)], None));
        scores_match(&m["score"], &moved["score"], &format!("{id} moved to {g}"));
        assert_eq!(
            ok,
            m["broken"].as_array().unwrap().is_empty(),
            "{id} to {g}: {m}"
        );
        let change = m["score_change"]["total"].as_f64().unwrap();
        let after = m["score"]["total"].as_f64().unwrap();
        let before = doc["score"]["total"].as_f64().unwrap();
        assert!((after - before - change).abs() < 1e-6, "{m}");
        if let Some(s) = m["swap"].as_object() {
            let with = s["with"]["id"].as_str().unwrap();
            let own = person["group"].as_str().unwrap();
            let (swapped, ok) = check(changed(&rows, &[(id, g), (with, own)], None));
            scores_match(
                &s["score"],
                &swapped["score"],
                &format!("{id} and {with} exchanged"),
            );
            assert_eq!(ok, s["broken"].as_array().unwrap().is_empty(), "{s:?}");
        }
    }
    let best = person["best_other_group"].as_str().expect("a best group");
    assert!(others.iter().any(|m| m["group"] == best));
}

#[test]
fn a_pair_is_explained_with_exchanges_priced_by_check() {
    every_number_is_the_score_of_the_moved_file("coop", "s01");
}

#[test]
fn requests_and_balance_are_priced_by_check() {
    every_number_is_the_score_of_the_moved_file("business", "b03");
}

#[test]
fn the_sentences_say_where_and_why() {
    let p = Programme::example("business");
    let out = stdout(p.run(&["explain", "b03", "--format", "markdown"]).success());
    for needle in [
        "## Femi Obi (b03)",
        "Femi Obi is in ",
        "Their request to be with Sofia Conti",
        "Their placement ",
        "| Other group |",
    ] {
        assert!(out.contains(needle), "{needle:?} missing:\n{out}");
    }
    let table = stdout(p.run(&["explain", "Femi Obi"]).success());
    assert!(table.contains("Femi Obi (b03)"), "{table}");
}

#[test]
fn a_facilitator_is_explained_apart_from_the_score() {
    let p = Programme::example("mentoring");
    let assign = [
        "assign", "--cycle", "c1", "--effort", "200000", "--out", "g.csv", "-q",
    ];
    p.run(&assign).success();
    let doc = json(
        p.run(&[
            "explain", "f01", "m001", "--groups", "g.csv", "--format", "json",
        ])
        .success(),
    );
    let f = &doc["people"][0];
    assert_eq!(f["role"], "facilitator");
    assert!(
        f["sentences"][0].as_str().unwrap().contains("facilitates"),
        "{f}"
    );
    assert!(f["other_groups"].as_array().unwrap().is_empty());
    assert!(f.get("placement").is_none());
    assert_eq!(doc["people"][1]["role"], "member");
}

#[test]
fn unknown_and_ambiguous_people_are_bad_input() {
    let p = Programme::example("coop");
    p.fails(
        &["explain", "nobody"],
        2,
        &["'nobody' is in no group", "give the id"],
    );
    let p = Programme::empty()
        .file("members.csv", "id,name\na,Sam\nb,Sam\nc,Kim\nd,Lee\n")
        .file(
            "peergroups.toml",
            "roster = \"members.csv\"\n[groups]\nmin_size = 2\nmax_size = 2\n",
        )
        .file(
            "g.csv",
            "cycle,group,member_id\nc,G1,a\nc,G1,c\nc,G2,b\nc,G2,d\n",
        );
    p.fails(
        &["explain", "sam", "--groups", "g.csv"],
        2,
        &["names 2 people", "a, b"],
    );
    p.fails(&["explain", "a"], 2, &["--groups FILE"]);
}

//! Bad input ends with exit 2 (README: Exit codes), never a panic, and a message that names the file,
//! and the line and column where there is one.

mod common;

use common::{Programme, CONFIG, ROSTER};

const ASSIGN: &[&str] = &["assign", "--cycle", "c1"];

/// The standard programme with `members.csv` edited: `from` replaced by `to` (bytes).
fn roster_with(from: &str, to: &[u8]) -> Programme {
    let at = ROSTER.find(from).expect("text to replace is in the roster");
    let mut bytes = ROSTER.as_bytes()[..at].to_vec();
    bytes.extend_from_slice(to);
    bytes.extend_from_slice(&ROSTER.as_bytes()[at + from.len()..]);
    Programme::new("").file("members.csv", bytes)
}

/// The standard programme with `peergroups.toml` edited: `from` replaced by `to`.
fn config_with(from: &str, to: &str) -> Programme {
    assert!(CONFIG.contains(from), "text to replace is in the config");
    Programme::with_config(&CONFIG.replacen(from, to, 1))
}

/// Expects exit 2 from `assign` with each of `needles` in stderr.
fn bad(p: &Programme, needles: &[&str]) {
    p.fails(ASSIGN, 2, needles);
}

// --- roster ---------------------------------------------------------------------------

#[test]
fn duplicate_id() {
    bad(
        &roster_with("a3,Cat", b"a1,Cat"),
        &["members.csv:4:1", "duplicate id 'a1'", "line 2"],
    );
}

#[test]
fn missing_id_column() {
    bad(
        &roster_with("id,name", b"ident,name"),
        &["members.csv:1", "no column 'id'", "roster_columns.id"],
    );
}

#[test]
fn empty_id() {
    bad(
        &roster_with("a3,Cat", b",Cat"),
        &["members.csv:4:1", "empty id"],
    );
}

#[test]
fn empty_roster_file() {
    bad(
        &Programme::new("").file("members.csv", ""),
        &["members.csv", "empty"],
    );
}

#[test]
fn header_only_roster() {
    bad(
        &Programme::new("").file("members.csv", "id,name,role,gender,hours\n"),
        &["members.csv", "no members"],
    );
}

#[test]
fn roster_smaller_than_min_size() {
    bad(
        &Programme::new("").file("members.csv", "id,name,role,gender,hours\na1,Ann,,f,10\n"),
        &["members.csv", "fewer than groups.min_size = 2"],
    );
}

#[test]
fn invalid_utf8_in_roster() {
    bad(
        &roster_with("a2,Ben", b"a2,B\xffn"),
        &["members.csv:3:5", "not valid UTF-8"],
    );
}

#[test]
fn row_with_too_many_fields() {
    bad(
        &roster_with("a2,Ben,,m,12", b"a2,Ben,,m,12,extra"),
        &["members.csv:3", "6 fields but the header has 5"],
    );
}

#[test]
fn row_with_too_few_fields() {
    bad(
        &roster_with("a2,Ben,,m,12", b"a2,Ben,,m"),
        &["members.csv:3", "4 fields but the header has 5"],
    );
}

#[test]
fn word_in_a_numeric_column() {
    let p = roster_with("a3,Cat,,f,20", b"a3,Cat,,f,ten")
        .file("peergroups.toml", format!("{CONFIG}kind = \"numeric\"\n"));
    bad(
        &p,
        &[
            "members.csv:4:5",
            "'hours'",
            "'ten' is not a finite decimal number",
        ],
    );
}

#[test]
fn blank_in_a_numeric_column() {
    bad(
        &roster_with("a3,Cat,,f,20", b"a3,Cat,,f,"),
        &["members.csv:4:5", "blank value in a numeric column"],
    );
}

#[test]
fn roster_file_missing() {
    bad(&config_with("members.csv", "nobody.csv"), &["nobody.csv"]);
}

#[test]
fn bom_semicolons_and_untidy_headers_are_valid() {
    let roster =
        "\u{feff} ID ;NAME; Gender ;Hours \na1;Ann;f;10\na2;Ben;m;12\na3;Cat;f;20\na4;Dan;m;22\n";
    let p = Programme::new("").file("members.csv", roster);
    let out = p
        .run(&["assign", "--cycle", "c1", "--format", "csv"])
        .code(0)
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).expect("UTF-8");
    assert!(
        out.starts_with("cycle,group,member_id,name,role\n"),
        "{out}"
    );
    assert!(out.contains(",a1,Ann,"), "{out}");
    assert_eq!(out.lines().count(), 5, "{out}");
}

// --- config ---------------------------------------------------------------------------

#[test]
fn unknown_config_key_suggests_the_right_one() {
    bad(
        &config_with("min_size", "min_sise"),
        &[
            "peergroups.toml:5:1",
            "min_sise",
            "did you mean `min_size`?",
        ],
    );
}

#[test]
fn negative_weight() {
    bad(
        &config_with("weight = 2", "weight = -2"),
        &["peergroups.toml", "balance[1].weight = -2"],
    );
}

#[test]
fn min_size_above_max_size() {
    bad(
        &config_with("min_size = 2", "min_size = 4"),
        &[
            "peergroups.toml",
            "min_size (4) is larger than groups.max_size (3)",
        ],
    );
}

#[test]
fn pin_to_an_unknown_member() {
    bad(
        &Programme::new("[pin]\nzz = \"G01\"\n"),
        &["peergroups.toml", "[pin]", "'zz'", "members.csv"],
    );
}

#[test]
fn pin_to_an_unknown_group() {
    bad(
        &Programme::new("[pin]\na1 = \"G09\"\n"),
        &["peergroups.toml", "no group 'G09'", "G01 to G04"],
    );
}

#[test]
fn apart_with_an_unknown_id() {
    bad(
        &Programme::new("[keep]\napart = [[\"a1\", \"zz\"]]\n"),
        &["peergroups.toml", "[keep] apart", "'zz'"],
    );
}

#[test]
fn together_with_an_unknown_id() {
    bad(
        &Programme::new("[keep]\ntogether = [[\"a1\", \"zz\"]]\n"),
        &["peergroups.toml", "[keep] together", "'zz'"],
    );
}

#[test]
fn together_set_larger_than_max_size() {
    bad(
        &Programme::new("[keep]\ntogether = [[\"a1\", \"a2\", \"a3\", \"a4\"]]\n"),
        &["peergroups.toml", "together", "groups.max_size is 3"],
    );
}

#[test]
fn config_file_missing() {
    let p = Programme::empty().file("members.csv", ROSTER);
    p.fails(ASSIGN, 2, &["peergroups.toml", "not found", "--config"]);
    p.fails(
        &["assign", "--config", "other.toml"],
        2,
        &["other.toml", "not found"],
    );
}

// --- history and groups files -----------------------------------------------------------

/// Cycle c1 stands in two blocks (lines 2–3 and 6).
const SPLIT_CYCLE: &str = "\
cycle,group,member_id
c1,G01,a1
c1,G01,a2
c2,G01,a1
c2,G01,a3
c1,G02,a4
";

#[test]
fn cycle_in_two_blocks_of_the_history() {
    bad(
        &Programme::new("").file("history.csv", SPLIT_CYCLE),
        &["history.csv:6:1", "cycle 'c1'", "earlier block", "line 2"],
    );
}

#[test]
fn cycle_in_two_blocks_of_a_groups_file() {
    Programme::new("").file("groups.csv", SPLIT_CYCLE).fails(
        &["check", "--groups", "groups.csv"],
        2,
        &["groups.csv:6:1", "cycle 'c1'"],
    );
}

#[test]
fn history_without_member_id_column() {
    bad(
        &Programme::new("").file("history.csv", "cycle,group,id\nc0,G01,a1\n"),
        &["history.csv:1", "no column 'member_id'"],
    );
}

#[test]
fn groups_file_missing() {
    Programme::new("").fails(&["check", "--groups", "groups.csv"], 2, &["groups.csv"]);
}

#[test]
fn check_of_an_unknown_cycle() {
    Programme::new("")
        .file("groups.csv", "cycle,group,member_id\nc1,G01,a1\n")
        .fails(
            &["check", "--groups", "groups.csv", "--cycle", "c9"],
            2,
            &["groups.csv", "no cycle 'c9'", "c1"],
        );
}

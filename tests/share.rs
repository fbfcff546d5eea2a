//! `assign`/`rotate --share FILE`: the list meant for members holds every name, the
//! config's `share_columns`, facilitators and the shared meeting slot, and nothing else.

mod common;

use common::{stdout, Programme};

/// Nine people with an e-mail, a profession (a balance column the list must not show) and
/// meeting slots (a set column: the list shows the slot each group shares). One name holds
/// markup, which every format must show as text.
const ROSTER: &str = "\
id,name,email,profession,slots
a1,Ann Lee,ann@example.org,Pharmacist,Mon;Tue
a2,Ben Kim,ben@example.org,Surveyor,Mon
a3,<b>Cat</b> & *Co*,cat@example.org,Pharmacist,Mon;Wed
a4,Dan Roe,dan@example.org,Surveyor,Tue
a5,Eve Ng,eve@example.org,Pharmacist,Tue;Wed
a6,Fay Oz,fay@example.org,Surveyor,Tue
a7,Gus Poe,gus@example.org,Pharmacist,Wed
a8,Hal Yu,hal@example.org,Surveyor,Wed;Mon
a9,Ivy Wu,ivy@example.org,Pharmacist,Wed
";

const CONFIG: &str = r#"roster = "members.csv"
history = "history.csv"
share_columns = ["email"]

[groups]
min_size = 3
max_size = 3

[[balance]]
column = "profession"

[[similar]]
column = "slots"
kind = "set"
weight = 3
"#;

fn programme() -> Programme {
    Programme::empty()
        .file("members.csv", ROSTER)
        .file("peergroups.toml", CONFIG)
}

/// What no list may hold: the score, the solver's words, the balance column's values.
fn assert_only_for_members(list: &str) {
    for word in [
        "Score",
        "score",
        "optimal",
        "feasible",
        "Pharmacist",
        "Surveyor",
        "profession",
        "gap",
        "bound",
    ] {
        assert!(!list.contains(word), "the list shows {word:?}:\n{list}");
    }
}

/// Every plain name and e-mail of the roster.
fn assert_everyone(list: &str) {
    for line in ROSTER.lines().skip(1) {
        let cells: Vec<&str> = line.split(',').collect();
        if !cells[1].contains('<') {
            assert!(list.contains(cells[1]), "no {:?} in:\n{list}", cells[1]);
        }
        assert!(list.contains(cells[2]), "no {:?} in:\n{list}", cells[2]);
    }
}

#[test]
fn markdown_list_has_names_emails_and_slots_only() {
    let p = programme();
    p.run(&["assign", "--cycle", "c1", "--share", "list.md", "-q"])
        .code(0);
    let list = String::from_utf8(p.read("list.md")).unwrap();
    assert!(list.starts_with("# Groups for c1\n"), "{list}");
    assert_everyone(&list);
    assert_only_for_members(&list);
    assert!(list.contains("| Name | email |"), "{list}");
    assert!(list.contains("Slots: "), "{list}");
    assert!(
        list.contains("&lt;b&gt;Cat&lt;/b&gt; &amp; \\*Co\\*"),
        "{list}"
    );
    assert!(!list.contains("<b>"), "{list}");
}

#[test]
fn text_list_lines_up_names_and_emails() {
    let p = programme();
    p.run(&["assign", "--cycle", "c1", "--share", "list.txt"])
        .code(0);
    let list = String::from_utf8(p.read("list.txt")).unwrap();
    assert!(list.starts_with("Groups for c1\n=============\n"), "{list}");
    assert_everyone(&list);
    assert_only_for_members(&list);
    assert!(
        list.contains("<b>Cat</b> & *Co*"),
        "plain text keeps the name as it is:\n{list}"
    );
}

#[test]
fn html_list_is_one_self_contained_table() {
    let p = programme();
    p.run(&["assign", "--cycle", "c1", "--share", "list.html"])
        .code(0);
    let list = String::from_utf8(p.read("list.html")).unwrap();
    assert_everyone(&list);
    assert_only_for_members(&list);
    assert_eq!(list.matches("<table").count(), 1, "{list}");
    for banned in ["http", "<script", "<link", "<style", "src=", "<b>"] {
        assert!(!list.contains(banned), "the page holds {banned:?}:\n{list}");
    }
    assert!(list.contains("&lt;b&gt;Cat&lt;/b&gt; &amp; *Co*"), "{list}");
    assert!(list.contains("style=\""), "inline styles: {list}");
}

#[test]
fn share_dash_prints_the_markdown_list_instead_of_the_groups() {
    let p = programme();
    let out = stdout(p.run(&["assign", "--cycle", "c1", "--share", "-"]).code(0));
    assert!(out.starts_with("# Groups for c1\n"), "{out}");
    assert_everyone(&out);
    assert_only_for_members(&out);
}

#[test]
fn facilitators_are_on_the_list_with_their_email() {
    let p = programme()
        .file(
            "pool.csv",
            "id,name,email\nf1,Fred Fox,fred@example.org\nf2,Gina Gale,gina@example.org\nf3,Hugo Hart,hugo@example.org\n",
        )
        .file(
            "peergroups.toml",
            format!("{CONFIG}\n[facilitators]\nfile = \"pool.csv\"\n"),
        );
    p.run(&["assign", "--cycle", "c1", "--share", "list.md"])
        .code(0);
    let list = String::from_utf8(p.read("list.md")).unwrap();
    for f in ["Fred Fox (fred@example.org)", "Gina Gale", "Hugo Hart"] {
        assert!(list.contains(f), "no {f:?} in:\n{list}");
    }
    assert!(list.contains("Facilitator: "), "{list}");
}

#[test]
fn another_extension_is_refused_before_any_work() {
    let p = programme();
    p.fails(
        &[
            "assign", "--cycle", "c1", "--out", "g.csv", "--share", "list.pdf",
        ],
        2,
        &["list.pdf", ".md, .txt or .html"],
    );
    assert!(!p.path("g.csv").exists(), "nothing is written");
    assert!(!p.path("list.pdf").exists());
}

#[test]
fn unknown_share_column_names_it_and_the_roster_columns() {
    let p = programme().file(
        "peergroups.toml",
        CONFIG.replace("[\"email\"]", "[\"e-mail\"]"),
    );
    p.fails(
        &["assign", "--cycle", "c1", "--share", "list.md"],
        2,
        &[
            "share_columns",
            "'e-mail'",
            "id, name, email, profession, slots",
        ],
    );
    assert!(!p.path("list.md").exists());
}

#[test]
fn rotate_writes_the_list_and_leaves_the_history_alone_when_it_cannot() {
    let p = programme();
    p.run(&["rotate", "--cycle", "c1", "--share", "c1.html", "-q"])
        .code(0);
    let list = String::from_utf8(p.read("c1.html")).unwrap();
    assert_everyone(&list);
    assert_only_for_members(&list);
    let history = p.read("history.csv");
    p.fails(
        &["rotate", "--cycle", "c2", "--share", "no-such-folder/c2.md"],
        2,
        &["no-such-folder"],
    );
    assert_eq!(p.read("history.csv"), history, "the history is unchanged");
    p.fails(
        &["rotate", "--cycle", "c2", "--share", "c2.docx"],
        2,
        &[".md, .txt or .html"],
    );
    assert_eq!(p.read("history.csv"), history, "the history is unchanged");
}

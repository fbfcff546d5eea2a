//! Spreadsheets in and out through the real binary (README: Spreadsheets, issue #11): workbook inputs
//! (`.xlsx`, `.ods`, `path#Sheet`), groups and histories written as `.xlsx`, CSV written
//! in the roster's dialect or the one `--csv-dialect` names, and line numbers that match
//! a text editor's whatever the line endings.

mod common;

use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};
use common::{stdout, Programme, CONFIG, ROSTER};
use rust_xlsxwriter::Workbook;
use std::io::Cursor;

/// A small effort keeps the debug binary quick; the test roster is solved exactly anyway.
const QUICK: &[&str] = &["--effort", "200000"];

fn run_ok(p: &Programme, args: &[&str]) -> String {
    stdout(p.run(&[args, QUICK].concat()).code(0))
}

/// [`ROSTER`] as a workbook with the roster on sheet `Roster` after a sheet `Read me`:
/// hours as numbers, ids and names as text. `edit` may change the sheet before it is saved.
fn roster_workbook(edit: impl FnOnce(&mut rust_xlsxwriter::Worksheet)) -> Vec<u8> {
    let mut book = Workbook::new();
    let notes = book.add_worksheet();
    notes.set_name("Read me").unwrap();
    notes
        .write_string(0, 0, "The roster is on the next sheet")
        .unwrap();
    let sheet = book.add_worksheet();
    sheet.set_name("Roster").unwrap();
    for (r, line) in ROSTER.lines().enumerate() {
        for (c, cell) in line.split(',').enumerate() {
            let (r, c) = (r as u32, c as u16);
            match cell.parse::<f64>() {
                Ok(v) if r > 0 => sheet.write_number(r, c, v).unwrap(),
                _ if cell.is_empty() => sheet,
                _ => sheet.write_string(r, c, cell).unwrap(),
            };
        }
    }
    edit(sheet);
    book.save_to_buffer().unwrap()
}

/// The cells of a sheet of a workbook, as text.
fn sheet(bytes: &[u8], name: &str) -> Vec<Vec<String>> {
    let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes.to_vec())).unwrap();
    let range = book.worksheet_range(name).unwrap();
    range
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::Empty => String::new(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

fn sheet_names(bytes: &[u8]) -> Vec<String> {
    let book: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes.to_vec())).unwrap();
    book.sheet_names()
}

/// The cycle labels of the rows of a `groups` sheet, each once, in order.
fn cycles(rows: &[Vec<String>]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for r in &rows[1..] {
        if out.last() != Some(&r[0]) {
            out.push(r[0].clone());
        }
    }
    out
}

fn workbook_programme() -> Programme {
    Programme::with_config(&CONFIG.replace("members.csv", "members.xlsx#Roster"))
        .file("members.xlsx", roster_workbook(|_| {}))
}

#[test]
fn workbook_roster_through_assign_check_and_three_rotations() {
    let p = workbook_programme();
    run_ok(&p, &["assign", "--cycle", "c0", "--out", "g.xlsx"]);
    let g = p.read("g.xlsx");
    assert_eq!(sheet_names(&g), vec!["groups", "by group"]);
    let rows = sheet(&g, "groups");
    assert_eq!(rows[0], vec!["cycle", "group", "member_id", "name", "role"]);
    assert_eq!(rows.len(), 9, "{rows:?}");
    let people = sheet(&g, "by group");
    assert_eq!(people[0][0], "Cycle c0");
    assert!(people[1].iter().all(|h| h.starts_with('G')), "{people:?}");
    assert!(people.iter().flatten().any(|n| n == "Ann"), "{people:?}");
    run_ok(&p, &["check", "--groups", "g.xlsx"]);
    // The same inputs give the same bytes.
    run_ok(&p, &["assign", "--cycle", "c0", "--out", "g2.xlsx"]);
    assert_eq!(p.read("g2.xlsx"), g);

    let mut labels = Vec::new();
    for label in ["c1", "c2", "c3"] {
        run_ok(&p, &["rotate", "--cycle", label, "--history", "h.xlsx"]);
        labels.push(label.to_string());
        let h = p.read("h.xlsx");
        assert_eq!(cycles(&sheet(&h, "groups")), labels);
        assert_eq!(sheet(&h, "by group")[0][0], format!("Cycle {label}"));
        run_ok(&p, &["check", "--groups", "h.xlsx", "--history", "h.xlsx"]);
    }
    // A label already in the workbook history is refused and the file is unchanged.
    let before = p.read("h.xlsx");
    p.fails(
        &["rotate", "--cycle", "c2", "--history", "h.xlsx"],
        2,
        &["already in the history"],
    );
    assert_eq!(p.read("h.xlsx"), before);
}

#[test]
fn ods_roster_fixture_through_assign() {
    let fixture =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/roster.ods");
    let p = Programme::with_config(&CONFIG.replace("members.csv", "roster.ods"))
        .file("roster.ods", std::fs::read(fixture).unwrap());
    let out = run_ok(&p, &["assign", "--cycle", "c1", "--out", "g.csv"]);
    assert!(out.contains("Ann"), "{out}");
    let g = String::from_utf8(p.read("g.csv")).unwrap();
    assert_eq!(g.lines().count(), 9, "{g}");
    // Dates read as YYYY-MM-DD: `joined` is a category here.
    let extra = "\n[[balance]]\ncolumn = \"joined\"\n";
    let p = p.file(
        "peergroups.toml",
        format!("{}{extra}", CONFIG.replace("members.csv", "roster.ods")),
    );
    let v: serde_json::Value = serde_json::from_str(&run_ok(
        &p,
        &["report", "--groups", "g.csv", "--format", "json"],
    ))
    .unwrap();
    let text = v.to_string();
    assert!(text.contains("2026-01-05"), "{text}");
    // The second sheet is there to be chosen, and has no id column.
    p.fails(
        &["assign", "--roster", "roster.ods#Notes"],
        2,
        &["roster.ods#Notes", "no column 'id'"],
    );
}

#[test]
fn sheet_selection_and_cell_messages() {
    let p = workbook_programme();
    // Without `#Roster` the first sheet (`Read me`) is read: it has no roster columns.
    p.fails(
        &["assign", "--roster", "members.xlsx"],
        2,
        &["members.xlsx#Read me", "no column 'id'"],
    );
    p.fails(
        &["assign", "--roster", "members.xlsx#Members"],
        2,
        &["no sheet 'Members'", "Read me, Roster"],
    );
    // A word where hours are numbers, in row 5 (Dan) of column E.
    let p = p.file(
        "members.xlsx",
        roster_workbook(|s| {
            s.write_string(4, 4, "lots").unwrap();
        }),
    );
    p.fails(&["assign"], 2, &["members.xlsx#Roster!E5", "'lots'"]);
    // A corrupt workbook is a message, not a crash.
    let p = p.file("members.xlsx", b"PK\x03\x04 not really a workbook");
    p.fails(
        &["assign"],
        2,
        &["members.xlsx", "cannot read the workbook"],
    );
    // Only .xlsx is written.
    let p = workbook_programme();
    p.fails(
        &["assign", "--out", "g.ods"],
        2,
        &["g.ods", "ending in .csv or .xlsx"],
    );
}

/// An Excel export in a `;` locale: BOM, `;`, CRLF, a quoted field holding `;`, accented
/// names, two trailing unnamed empty columns and a row of delimiters only.
const EXCEL_ROSTER: &str = "\u{feff}id;name;role;gender;hours;;\r\n\
a1;Zoë;;f;10;;\r\n\
a2;\"Ben; Jr.\";;m;12;;\r\n\
a3;Çetin;;f;20;;\r\n\
;;;;;;\r\n\
a4;Dan;;m;22;;\r\n\
a5;Eve;;f;30;;\r\n\
a6;Fay;;f;32;;\r\n\
a7;Gus;;m;11;;\r\n\
a8;Hal;;m;21;;\r\n";

#[test]
fn excel_csv_export_round_trips_through_rotate() {
    let p = Programme::new("").file("members.csv", EXCEL_ROSTER);
    run_ok(&p, &["rotate", "--cycle", "c1"]);
    let first = p.read("history.csv");
    assert!(first.starts_with("\u{feff}cycle;group;member_id;name;role\r\n".as_bytes()));
    let text = String::from_utf8(first.clone()).unwrap();
    assert!(text.contains("\"Ben; Jr.\""), "{text}");
    assert!(text.contains(";Zoë;") && text.contains(";Çetin;"), "{text}");
    assert_eq!(text.matches("\r\n").count(), text.matches('\n').count());
    run_ok(&p, &["rotate", "--cycle", "c2"]);
    let second = p.read("history.csv");
    assert!(
        second.starts_with(&first),
        "the first cycle is kept byte for byte"
    );
    let added = String::from_utf8(second[first.len()..].to_vec()).unwrap();
    assert_eq!(added.lines().count(), 8, "{added}");
    assert!(!added.contains('\u{feff}'));
    assert_eq!(added.matches("\r\n").count(), 8, "{added:?}");
    run_ok(&p, &["check", "--groups", "history.csv"]);
}

#[test]
fn ragged_line_three_is_line_three_in_every_line_ending() {
    for (ending, name) in [("\n", "LF"), ("\r\n", "CRLF"), ("\r", "CR")] {
        let roster = ROSTER
            .replace('\n', ending)
            .replace("a2,Ben,,m,12", "a2,Ben,m,12");
        let p = Programme::new("").file("members.csv", roster);
        p.fails(
            &["assign"],
            2,
            &["members.csv:3:", "4 fields but the header has 5"],
        );
        // An empty id on line 4 is named with its line and column.
        let roster = ROSTER.replace('\n', ending).replace("a3,Cat", ",Cat");
        let p = p.file("members.csv", roster);
        let e = p.fails(&["assign"], 2, &["empty id"]);
        assert!(e.contains("members.csv:4:1"), "{name}: {e}");
    }
    // A CR-only file parses as rows.
    let p = Programme::new("").file("members.csv", ROSTER.replace('\n', "\r"));
    run_ok(&p, &["assign", "--out", "g.csv"]);
    let g = String::from_utf8(p.read("g.csv")).unwrap();
    assert_eq!(g.matches('\r').count(), 9, "{g:?}");
}

#[test]
fn csv_dialect_choices_change_the_bytes() {
    let p = Programme::new("").file("members.csv", EXCEL_ROSTER);
    let out = |dialect: Option<&str>| {
        let mut args = vec!["assign", "--cycle", "c1", "--out", "g.csv"];
        if let Some(d) = dialect {
            args.extend(["--csv-dialect", d]);
        }
        run_ok(&p, &args);
        String::from_utf8(p.read("g.csv")).unwrap()
    };
    let header = |text: &str| text.split(['\r', '\n']).next().unwrap().to_string();
    // Without a choice: the roster's own dialect (BOM, `;`, CRLF).
    let own = out(None);
    assert_eq!(header(&own), "\u{feff}cycle;group;member_id;name;role");
    assert!(own.contains("\r\n"));
    let comma = out(Some("comma"));
    assert_eq!(header(&comma), "cycle,group,member_id,name,role");
    assert!(!comma.contains('\r'));
    assert!(comma.contains(",Ben; Jr.,"), "{comma}");
    let semicolon = out(Some("semicolon"));
    assert_eq!(header(&semicolon), "cycle;group;member_id;name;role");
    assert!(!semicolon.contains('\r'));
    let tab = out(Some("tab"));
    assert_eq!(header(&tab), "cycle\tgroup\tmember_id\tname\trole");
    let excel = out(Some("excel"));
    assert_eq!(excel, own);
    // A comma roster with `excel`: its comma, a BOM and CRLF.
    let p = Programme::new("");
    run_ok(&p, &["assign", "--out", "g.csv", "--csv-dialect", "excel"]);
    let g = String::from_utf8(p.read("g.csv")).unwrap();
    assert!(
        g.starts_with("\u{feff}cycle,group,member_id,name,role\r\n"),
        "{g:?}"
    );
    // Every choice reads back.
    for d in ["comma", "semicolon", "tab", "excel"] {
        run_ok(&p, &["assign", "--out", "g.csv", "--csv-dialect", d]);
        run_ok(&p, &["check", "--groups", "g.csv"]);
    }
    // An existing history keeps its own dialect whatever the choice.
    let p = Programme::new("").file("history.csv", "cycle;group;member_id\r\n");
    run_ok(&p, &["rotate", "--cycle", "c1", "--csv-dialect", "tab"]);
    let h = String::from_utf8(p.read("history.csv")).unwrap();
    assert!(h.starts_with("cycle;group;member_id\r\nc1;G"), "{h:?}");
}

#[test]
fn roster_from_standard_input() {
    let p = Programme::new("");
    let assert = assert_cmd::Command::cargo_bin("peergroups")
        .unwrap()
        .current_dir(p.path(""))
        .args([
            "assign", "--roster", "-", "--out", "g.csv", "--effort", "200000",
        ])
        .write_stdin(ROSTER.replace("a2,Ben", "a2,Benedikt"))
        .assert()
        .code(0);
    assert!(stdout(assert).contains("Benedikt"));
}

#[test]
fn history_workbook_with_sheets_of_its_own_is_not_rewritten() {
    let p = workbook_programme();
    let mut book = Workbook::new();
    let s = book.add_worksheet();
    s.set_name("groups").unwrap();
    for (c, h) in ["cycle", "group", "member_id"].iter().enumerate() {
        s.write_string(0, c as u16, *h).unwrap();
    }
    book.add_worksheet().set_name("Notes").unwrap();
    let bytes = book.save_to_buffer().unwrap();
    let p = p.file("h.xlsx", &bytes);
    p.fails(
        &["rotate", "--cycle", "c1", "--history", "h.xlsx"],
        2,
        &["h.xlsx", "other sheets (Notes)", "nothing was written"],
    );
    assert_eq!(p.read("h.xlsx"), bytes);
}

//! Arbitrary roster, history and config text never makes peergroups panic: through the
//! binary (exit code 0 to 3 only), and in-process over the readers. `bench/fuzz.sh` runs the
//! in-process one for as long as it is asked (`FUZZ_SECONDS`).

mod common;

use common::Programme;
use peergroups::config::parse_config;
use peergroups::io::groups::parse_cycles;
use peergroups::io::table::parse_table;
use peergroups::model::build::{build, Inputs};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use std::path::Path;

/// Config lines that mean something, to be mixed with noise.
const CONFIG_LINES: &[&str] = &[
    "roster = \"members.csv\"",
    "history = \"history.csv\"",
    "[groups]",
    "min_size = 2",
    "max_size = 3",
    "target_size = 2",
    "count = 3",
    "even_sizes = false",
    "label_prefix = \"=G\"",
    "[[balance]]",
    "column = \"gender\"",
    "weight = 2",
    "max_per_group = 1",
    "[[similar]]",
    "column = \"hours\"",
    "kind = \"set\"",
    "max_spread = 5",
    "require_common = true",
    "[diversity]",
    "columns = [\"gender\", \"hours\"]",
    "[repeats]",
    "forbid_within = \"all\"",
    "decay = 0.5",
    "lookback = 2",
    "[keep]",
    "apart = [[\"a1\", \"a2\"]]",
    "together = [[\"a3\", \"a4\", \"a5\"]]",
    "[pin]",
    "a1 = \"G01\"",
    "[roles.probation]",
    "counts_toward_size = false",
    "weight = 1e308",
    "min_size = 0",
    "max_size = -1",
];

/// Cells that exercise the readers: numbers, broken numbers, formulas, quotes, separators.
const CELLS: &[&str] = &[
    "a1",
    "a2",
    "a3",
    "a4",
    "a5",
    "a6",
    "f",
    "m",
    "10",
    "12.5",
    "-3",
    "NaN",
    "inf",
    "1e400",
    "n/a",
    "",
    " ",
    "\"",
    "\"a,b\"",
    "=SUM(A1)",
    "'=x",
    "+1",
    "@x",
    "probation",
    "leave",
    "member",
    "é",
    "\u{feff}",
    "1;2",
    "G01",
    "\t",
];

fn roster() -> impl Strategy<Value = String> {
    let header = prop::sample::select(vec![
        "id,name,role,gender,hours,status",
        "id;name;gender;hours",
        "ID\tName\tgender\thours",
        "name,gender",
        "id,id",
        "",
    ]);
    let row = prop::collection::vec(prop::sample::select(CELLS.to_vec()), 0..7);
    let sep = prop::sample::select(vec![",", ";", "\t"]);
    let eol = prop::sample::select(vec!["\n", "\r\n", "\r"]);
    (
        header,
        prop::collection::vec((row, sep), 0..12),
        eol,
        any::<bool>(),
    )
        .prop_map(|(h, rows, eol, bom)| {
            let mut text = String::new();
            if bom {
                text.push('\u{feff}');
            }
            text.push_str(h);
            for (cells, sep) in rows {
                text.push_str(eol);
                text.push_str(&cells.join(sep));
            }
            text.push_str(eol);
            text
        })
}

fn config() -> impl Strategy<Value = String> {
    let line = prop_oneof![
        8 => prop::sample::select(CONFIG_LINES.to_vec()).prop_map(str::to_string),
        1 => "[a-z_\\[\\]=\" .0-9-]{0,24}",
    ];
    prop::collection::vec(line, 0..24).prop_map(|lines| {
        // Mostly start from a config that parses, so the run gets past the config.
        let mut text =
            String::from("roster = \"members.csv\"\n[groups]\nmin_size = 2\nmax_size = 3\n");
        for l in lines {
            text.push_str(&l);
            text.push('\n');
        }
        text
    })
}

fn history() -> impl Strategy<Value = String> {
    let row = (
        prop::sample::select(vec!["c1", "c2", "=c", ""]),
        prop::sample::select(vec!["G1", "G2", "+G"]),
        prop::sample::select(CELLS.to_vec()),
        prop::sample::select(vec!["", "facilitator", "x"]),
    );
    prop::collection::vec(row, 0..10).prop_map(|rows| {
        let mut text = String::from("cycle,group,member_id,role\n");
        for (c, g, m, r) in rows {
            text.push_str(&format!("{c},{g},{m},{r}\n"));
        }
        text
    })
}

/// Every reader and the problem builder on one set of texts; returns nothing, must not panic.
fn read_all(roster: &str, config: &str, history: &str) {
    let Ok(settings) = parse_config(Path::new("p.toml"), config) else {
        return;
    };
    let roster = parse_table(Path::new("members.csv"), roster.as_bytes());
    let cycles = parse_table(Path::new("history.csv"), history.as_bytes())
        .and_then(|t| parse_cycles(&t))
        .unwrap_or_default();
    if let Ok(roster) = roster {
        let _ = build(&Inputs {
            settings: &settings,
            roster: &roster,
            history: &cycles,
            distances: None,
        });
    }
}

#[test]
fn arbitrary_inputs_through_the_binary_end_with_a_documented_exit_code() {
    let mut runner = TestRunner::new(Config {
        cases: 40,
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(&(roster(), config(), history()), |(roster, config, history)| {
            let p = Programme::empty()
                .file("members.csv", &roster)
                .file("peergroups.toml", &config)
                .file("history.csv", &history);
            for args in [
                &["assign", "--time-limit", "1", "--effort", "20000"][..],
                &["check", "--groups", "history.csv"][..],
            ] {
                // `run` fails the test on a panic.
                let out = p.run(args).get_output().clone();
                let code = out.status.code();
                prop_assert!(
                    matches!(code, Some(0..=3)),
                    "exit {code:?} for {args:?}\n--- config\n{config}\n--- roster\n{roster}\n--- stderr\n{}",
                    String::from_utf8_lossy(&out.stderr)
                );
            }
            Ok(())
        })
        .unwrap();
}

/// Runs the in-process readers on `cases` random inputs, or for `FUZZ_SECONDS` seconds.
fn fuzz_readers(cases: u32) {
    let seconds: u64 = std::env::var("FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let started = std::time::Instant::now();
    let mut rounds = 0u64;
    loop {
        let mut runner = TestRunner::new(Config {
            cases,
            failure_persistence: None,
            rng_seed: proptest::test_runner::RngSeed::Fixed(rounds),
            ..Config::default()
        });
        runner
            .run(&(roster(), config(), history()), |(r, c, h)| {
                read_all(&r, &c, &h);
                Ok(())
            })
            .unwrap();
        rounds += 1;
        if started.elapsed().as_secs() >= seconds {
            break;
        }
    }
    if seconds > 0 {
        println!(
            "fuzz: {} inputs in {:.0} s, no panic",
            rounds * u64::from(cases),
            started.elapsed().as_secs_f64()
        );
    }
}

#[test]
fn arbitrary_inputs_to_the_readers_never_panic() {
    fuzz_readers(300);
}

/// The long run of `bench/fuzz.sh` (ignored in the test suite).
#[test]
#[ignore = "run by bench/fuzz.sh with FUZZ_SECONDS"]
fn fuzz_the_readers_for_a_while() {
    fuzz_readers(2_000);
}

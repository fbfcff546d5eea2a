//! The forecast in `rotate`'s report (README: The forecast in `rotate`'s report): how many more cycles the
//! rules allow without a repeated pair, a proven upper bound, in every format.

mod common;

use common::{json, stdout, Programme};
use serde_json::Value;

const QUICK: &[&str] = &["--effort", "300000"];

/// `n` people in groups of `size`, repeats a hard rule.
fn golfers(n: usize, size: usize) -> Programme {
    let roster: String = std::iter::once("id,name".to_string())
        .chain((1..=n).map(|i| format!("g{i:02},Golfer {i}")))
        .collect::<Vec<_>>()
        .join("\n");
    Programme::empty().file("members.csv", roster).file(
        "peergroups.toml",
        format!(
            "roster = \"members.csv\"\nhistory = \"history.csv\"\n[groups]\nmin_size = {size}\nmax_size = {size}\n[repeats]\nforbid_within = \"all\"\nweight = 1\n"
        ),
    )
}

fn rotate_json(p: &Programme, extra: &[&str]) -> Value {
    let args = [&["rotate", "--format", "json"], QUICK, extra].concat();
    json(p.run(&args).code(0))
}

fn rounds(v: &Value) -> Option<u64> {
    v["rotation"]["forecast"]["rounds_count"].as_u64()
}

#[test]
fn kirkman_schoolgirls_have_six_more_rounds_after_the_first_and_plan_reaches_them() {
    let p = golfers(15, 3);
    let v = rotate_json(&p, &["--dry-run", "--cycle", "d1"]);
    // Fourteen others, two new ones a cycle: seven cycles in all, six after this one.
    assert_eq!(rounds(&v), Some(6), "{v}");
    assert_eq!(
        v["rotation"]["forecast"]["first_out"]
            .as_array()
            .map(Vec::len),
        Some(15)
    );
    // The bound is reached: plan finds seven cycles without a repeat, and eight are
    // proven impossible.
    p.run(&[&["plan", "--cycles", "7", "-q"], QUICK].concat())
        .code(0);
    p.fails(
        &[&["plan", "--cycles", "8"], QUICK].concat(),
        3,
        &["no plan of 8 cycles can keep every hard rule"],
    );
}

#[test]
fn each_rotation_lowers_the_bound_and_it_never_falls_below_what_rotations_reach() {
    let p = golfers(9, 3);
    let mut bounds = Vec::new();
    for k in 1..=5 {
        let label = format!("r{k}");
        let args = [&["rotate", "--format", "json", "--cycle", &label], QUICK].concat();
        let out = p.run(&args);
        if out.get_output().status.code() != Some(0) {
            break;
        }
        let v: Value = serde_json::from_slice(&out.get_output().stdout).expect("json");
        bounds.push(rounds(&v).expect("a bound"));
    }
    // Four rounds exist (the affine plane of order 3); the bound said so after the first,
    // and went down by one each time.
    let reached = bounds.len();
    assert!((3..=4).contains(&reached), "{bounds:?}");
    for (k, &r) in bounds.iter().enumerate() {
        assert_eq!(r, 3 - k as u64, "{bounds:?}");
        // Never below the rotations that followed.
        assert!(r as usize >= reached - k - 1, "{bounds:?}");
    }
}

#[test]
fn coop_names_its_spread_cap_and_allows_at_least_what_plan_reaches() {
    let p = Programme::example("coop");
    let v = rotate_json(&p, &["--dry-run", "--cycle", "next"]);
    let r = rounds(&v).expect("a bound");
    let message = v["rotation"]["forecast"]["message"]
        .as_str()
        .expect("message");
    assert!(message.contains("max_spread = 12 on hours"), "{message}");
    assert!(message.contains("first to run out"), "{message}");
    // plan reaches seven cycles under the same rules: this cycle and r more allow it.
    let planned = json(
        p.run(
            &[
                &[
                    "plan",
                    "--cycles",
                    "7",
                    "--time-limit",
                    "120",
                    "--format",
                    "json",
                ],
                QUICK,
            ]
            .concat(),
        )
        .code(0),
    );
    assert_eq!(planned["cycles"].as_array().map(Vec::len), Some(7));
    assert!(r + 1 >= 7, "{r}");
    // Each person's own bound is in the rows, and none is below the forecast.
    for x in v["rotation"]["people"].as_array().expect("people") {
        assert!(
            x["rounds_left_count"].as_u64().expect("a bound") >= r,
            "{x}"
        );
    }
}

#[test]
fn every_format_shows_the_forecast() {
    let p = golfers(9, 3);
    let text = |format: &str| {
        let args = ["rotate", "--dry-run", "--cycle", "d1", "--format", format];
        stdout(p.run(&[&args, QUICK].concat()).code(0))
    };
    let table = text("table");
    assert!(
        table.contains("Forecast: at most 3 more rounds without a repeat in groups of at least 3"),
        "{table}"
    );
    let md = text("markdown");
    assert!(md.contains("- Forecast: at most 3 more rounds"), "{md}");
    let csv = text("csv");
    let mut lines = csv.lines();
    assert!(
        lines.next().is_some_and(|h| h.ends_with(",rounds_left")),
        "{csv}"
    );
    assert!(lines.all(|l| l.ends_with(",3")), "{csv}");
}

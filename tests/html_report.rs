//! `report --format html` rendered by a real browser: headless Chromium (Debian package
//! `chromium`, which `.ci/run` installs) loads each example's page and the rendered DOM holds
//! every group label, one chart per balance column, a square per pair that has met (both
//! halves of the matrix) and a bar per cycle. The page fetches nothing: it has no address.

mod common;

use common::{json, stdout, Programme};
use std::path::Path;
use std::process::Command;

/// The browser: `CHROMIUM` when set, else the first of the usual names on the path.
fn browser() -> String {
    if let Ok(b) = std::env::var("CHROMIUM") {
        return b;
    }
    for name in ["chromium", "chromium-browser", "google-chrome"] {
        let found = Command::new("sh")
            .args(["-c", &format!("command -v {name}")])
            .output()
            .is_ok_and(|o| o.status.success());
        if found {
            return name.to_string();
        }
    }
    panic!(
        "the HTML report test needs headless Chromium: install it (Debian: apt-get install \
         chromium) or set CHROMIUM to the browser's path"
    );
}

/// The DOM of `page` after Chromium has loaded and rendered it.
fn rendered(page: &Path, profile: &Path) -> String {
    let out = Command::new(browser())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            &format!("--user-data-dir={}", profile.display()),
            "--dump-dom",
            &format!("file://{}", page.display()),
        ])
        .output()
        .expect("running Chromium");
    assert!(
        out.status.success(),
        "Chromium failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("the DOM as UTF-8")
}

/// Renders the report of `groups` in the example `name` and checks what the browser built
/// against the JSON report of the same groups.
fn renders(name: &str, setup: &[&[&str]], groups: &str) {
    let p = Programme::example(name);
    for args in setup {
        p.run(args).success();
    }
    let page = stdout(
        p.run(&["report", "--groups", groups, "--format", "html"])
            .success(),
    );
    for address in [
        "http:", "https:", "//", "url(", "@import", "<script", "<link",
    ] {
        assert!(
            !page.contains(address),
            "{name}: the page holds {address:?}"
        );
    }
    std::fs::write(p.path("report.html"), &page).expect("writing the page");
    let report = json(
        p.run(&["report", "--groups", groups, "--format", "json"])
            .success(),
    );
    let dom = rendered(&p.path("report.html"), &p.path("profile"));
    assert!(
        dom.contains("<h1>Report for cycle "),
        "{name}: no title in the DOM"
    );
    for g in report["groups"].as_array().expect("groups") {
        let label = g["name"].as_str().expect("a label");
        assert!(
            dom.contains(&format!("<td>{label}</td>")),
            "{name}: group {label} missing"
        );
    }
    let balance = report["groups"][0]["composition"]["balance"]
        .as_object()
        .expect("balance")
        .len();
    assert_eq!(
        dom.matches("<svg class=\"composition\"").count(),
        balance,
        "{name}"
    );
    assert_eq!(
        dom.matches("<svg class=\"met-matrix\"").count(),
        1,
        "{name}"
    );
    assert_eq!(dom.matches("<svg class=\"coverage\"").count(), 1, "{name}");
    let met = report["coverage"]["pairs_met"].as_u64().expect("pairs met") as usize;
    assert_eq!(
        dom.matches("<rect class=\"met\"").count(),
        2 * met,
        "{name}"
    );
    let cycles = report["coverage"]["cycles_count"].as_u64().expect("cycles") as usize;
    assert_eq!(dom.matches("<g class=\"cycle\">").count(), cycles, "{name}");
    if report.get("requests").is_some() {
        assert!(
            dom.contains("<h2>Requests</h2>"),
            "{name}: no requests section"
        );
    }
}

#[test]
fn the_coop_page_renders_its_history() {
    renders("coop", &[], "history.csv");
}

#[test]
fn the_business_page_renders_composition_and_requests() {
    renders("business", &[], "history.csv");
}

#[test]
fn the_mentoring_page_renders_a_chart_per_balance_column() {
    let assign: &[&str] = &[
        "assign", "--cycle", "c1", "--effort", "200000", "--out", "g.csv",
    ];
    renders("mentoring", &[assign], "g.csv");
}

#[test]
fn other_commands_refuse_html() {
    let p = Programme::example("coop");
    p.fails(
        &["assign", "--format", "html"],
        2,
        &["--format html is for `report`", "--share"],
    );
}

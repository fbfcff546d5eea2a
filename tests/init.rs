//! `init` through the real binary: every template is ready for `assign` at once, and
//! existing files are never overwritten without `--force`.

mod common;

use common::{stdout, Programme};

const QUICK: &[&str] = &["--effort", "200000"];

#[test]
fn every_template_is_ready_for_assign_and_rotate() {
    for template in ["equilibrium", "pairs", "business"] {
        let p = Programme::empty();
        let out = stdout(p.run(&["init", "prog", "--template", template]).code(0));
        assert!(out.contains("prog/peergroups.toml"), "{out}");
        let config = p.path("prog/peergroups.toml");
        let config = config.to_str().expect("a UTF-8 path");
        let assign = [&["assign", "--config", config, "--cycle", "c1"], QUICK].concat();
        let table = stdout(p.run(&assign).code(0));
        assert!(table.contains("Score:"), "{template}: {table}");
        let rotate = [
            &["rotate", "--config", config, "--cycle", "c1", "-q"],
            QUICK,
        ]
        .concat();
        p.run(&rotate).code(0);
        let history = p.path("prog/history.csv");
        let history = history.to_str().expect("a UTF-8 path");
        p.run(&["check", "--config", config, "--groups", history])
            .code(0);
    }
}

#[test]
fn the_default_template_writes_into_the_current_folder() {
    let p = Programme::empty();
    p.run(&["init", "-q"]).code(0);
    for file in ["peergroups.toml", "members.csv", "facilitators.csv"] {
        assert!(p.path(file).exists(), "no {file}");
    }
    let table = stdout(
        p.run(&[&["assign", "--cycle", "c1"], QUICK].concat())
            .code(0),
    );
    assert!(table.contains("Facilitators"), "{table}");
}

#[test]
fn init_refuses_to_overwrite_unless_forced() {
    let p = Programme::empty().file("members.csv", "id\nmine\n");
    let err = p.fails(
        &["init", "--template", "pairs"],
        2,
        &["members.csv", "--force"],
    );
    assert!(err.contains("nothing was written"), "{err}");
    assert_eq!(p.read("members.csv"), b"id\nmine\n");
    assert!(!p.path("peergroups.toml").exists());
    p.run(&["init", "--template", "pairs", "--force", "-q"])
        .code(0);
    assert_ne!(p.read("members.csv"), b"id\nmine\n");
    assert!(p.path("peergroups.toml").exists());
}

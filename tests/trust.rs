//! Trust outside the happy path, through the real binary: concurrent writers never lose a
//! cycle, only regular files are replaced, broken numbers and odd configs are bad input
//! with a message that says what to do, and no input makes the binary panic.

mod common;

use common::{Programme, CONFIG};
use std::os::unix::fs::{FileTypeExt, PermissionsExt};
use std::process::{Command, Stdio};

fn binary() -> std::path::PathBuf {
    assert_cmd::cargo::cargo_bin("peergroups")
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

fn cycles_in(history: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(history);
    let mut labels: Vec<String> = Vec::new();
    for line in text.lines().skip(1) {
        let label = line.split(',').next().unwrap_or("").to_string();
        if labels.last() != Some(&label) {
            labels.push(label);
        }
    }
    labels
}

#[test]
fn concurrent_rotations_never_lose_a_cycle() {
    for rep in 0..10 {
        let p = Programme::new("");
        let spawn = |label: &str| {
            Command::new(binary())
                .current_dir(p.path(""))
                .args(["-q", "rotate", "--cycle", label])
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .expect("spawning peergroups")
        };
        let a = spawn("first");
        if rep % 2 == 1 {
            std::thread::sleep(std::time::Duration::from_millis(20 * rep));
        }
        let b = spawn("second");
        let (a, b) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
        let cycles = cycles_in(&p.read("history.csv"));
        let codes = (a.status.code(), b.status.code());
        match codes {
            (Some(0), Some(0)) => {
                let mut sorted = cycles.clone();
                sorted.sort();
                assert_eq!(sorted, ["first", "second"], "rep {rep}: {cycles:?}");
            }
            (Some(0), Some(2)) | (Some(2), Some(0)) => {
                let loser = if codes.0 == Some(2) { &a } else { &b };
                let msg = String::from_utf8_lossy(&loser.stderr);
                assert!(msg.contains("another peergroups process"), "{msg}");
                assert_eq!(cycles.len(), 1, "rep {rep}: {cycles:?}");
            }
            other => panic!("rep {rep}: exit codes {other:?}, cycles {cycles:?}"),
        }
    }
}

#[test]
fn a_held_lock_makes_rotate_wait_then_exit_2_without_writing() {
    let p = Programme::new("").file("history.csv", "cycle,group,member_id\n");
    let lock = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(p.path(".history.csv.lock"))
        .unwrap();
    lock.lock().unwrap();
    p.fails(
        &["rotate", "--cycle", "c1"],
        2,
        &["another peergroups process", "is writing the history"],
    );
    assert_eq!(p.read("history.csv"), b"cycle,group,member_id\n");
}

#[test]
fn outputs_refuse_fifos_devices_and_read_only_files() {
    let p = Programme::new("");
    let fifo = p.path("pipe");
    assert!(Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    p.fails(
        &["assign", "--out", "pipe"],
        2,
        &["'pipe'", "a FIFO", "not a regular file"],
    );
    assert!(std::fs::symlink_metadata(&fifo)
        .unwrap()
        .file_type()
        .is_fifo());

    if is_root() {
        let node = p.path("null");
        assert!(Command::new("mknod")
            .args([node.to_str().unwrap(), "c", "1", "3"])
            .status()
            .unwrap()
            .success());
        p.fails(&["assign", "--out", "null"], 2, &["a character device"]);
        p.fails(&["rotate", "--history", "null"], 2, &["a character device"]);
        assert!(std::fs::symlink_metadata(&node)
            .unwrap()
            .file_type()
            .is_char_device());
    }

    std::os::unix::fs::symlink(p.path("gone.csv"), p.path("dangling.csv")).unwrap();
    p.fails(
        &["assign", "--out", "dangling.csv"],
        2,
        &["symbolic link", "does not exist"],
    );

    let history = b"cycle,group,member_id\nc0,G1,a1\nc0,G1,a2\n";
    let p = p.file("history.csv", history);
    std::fs::set_permissions(p.path("history.csv"), PermissionsExt::from_mode(0o444)).unwrap();
    p.fails(&["rotate", "--cycle", "c1"], 2, &["read-only"]);
    assert_eq!(p.read("history.csv"), history);
}

#[test]
fn new_files_get_0666_less_the_umask_and_dash_is_stdout() {
    let p = Programme::new("");
    let run = |umask: &str, out: &str| {
        let status = Command::new("sh")
            .current_dir(p.path(""))
            .arg("-c")
            .arg(format!(
                "umask {umask}; exec '{}' -q assign --cycle c1 --out {out}",
                binary().display()
            ))
            .status()
            .unwrap();
        assert!(status.success());
        std::fs::metadata(p.path(out)).unwrap().permissions().mode() & 0o777
    };
    assert_eq!(run("022", "a.csv"), 0o644);
    assert_eq!(run("077", "b.csv"), 0o600);
    // An existing file keeps its mode.
    std::fs::set_permissions(p.path("a.csv"), PermissionsExt::from_mode(0o640)).unwrap();
    assert_eq!(run("022", "a.csv"), 0o640);

    let out = common::stdout(p.run(&["assign", "--cycle", "c1", "--out", "-"]).success());
    assert!(out.starts_with("cycle,group,member_id"), "{out}");
    assert!(!p.path("-").exists());
}

/// A roster whose `hours` cell in row 3 (line 4) is `cell`.
fn with_hours(cell: &str) -> String {
    common::ROSTER.replace("a3,Cat,,f,20", &format!("a3,Cat,,f,{cell}"))
}

#[test]
fn a_broken_number_under_max_spread_is_bad_input_naming_the_cell() {
    for cell in ["n/a", "NaN", "inf", "1e400", "twenty", "-inf"] {
        let p = Programme::new("max_spread = 15\n")
            .file("members.csv", with_hours(cell))
            .file("g.csv", "cycle,group,member_id\nc,G1,a1\n");
        for cmd in [&["assign"][..], &["check", "--groups", "g.csv"][..]] {
            p.fails(cmd, 2, &["members.csv:4:5", &format!("'{cell}'")]);
        }
    }
}

#[test]
fn a_broken_number_in_a_numeric_column_is_never_a_silent_category() {
    // No max_spread: a column of numbers with one NaN or one text cell is still bad input.
    for cell in ["NaN", "1e400", "n/a"] {
        let p = Programme::new("").file("members.csv", with_hours(cell));
        p.fails(&["assign"], 2, &["members.csv:4:5", &format!("'{cell}'")]);
    }
    // Gower columns follow the same rule.
    let p = Programme::new("[diversity]\ncolumns = [\"hours\"]\n")
        .file("members.csv", with_hours("inf"));
    p.fails(&["assign"], 2, &["members.csv:4:5", "'inf'"]);
    // A column of labels stays categorical.
    let p = Programme::with_config(&CONFIG.replace("\"hours\"", "\"gender\""));
    p.run(&["assign"]).success();
}

#[test]
fn max_spread_on_a_column_of_labels_is_bad_input() {
    let p = Programme::with_config(&format!(
        "{}max_spread = 1\n",
        CONFIG.replace("\"hours\"", "\"gender\"")
    ));
    p.fails(&["assign"], 2, &["members.csv:2:4", "'f'", "max_spread"]);
    let p = Programme::new("kind = \"categorical\"\nmax_spread = 1\n");
    p.fails(
        &["assign"],
        2,
        &["max_spread applies to numeric columns only"],
    );
}

#[test]
fn scores_too_large_to_count_exactly_are_bad_input() {
    let p = Programme::with_config(&CONFIG.replace("weight = 2", "weight = 1e308"));
    p.fails(&["assign"], 2, &["so large", "smaller weights"]);
    let p = Programme::new("").file("members.csv", with_hours("1e300"));
    p.fails(&["assign"], 2, &["so large"]);
}

#[test]
fn a_keep_set_naming_one_person_twice_is_bad_input() {
    for table in ["apart", "together"] {
        let p = Programme::new(&format!("[keep]\n{table} = [[\"a1\", \"a2\", \"a1\"]]\n"));
        p.fails(&["assign"], 2, &[&format!("[keep] {table}"), "'a1' twice"]);
    }
}

#[test]
fn messages_say_what_to_do() {
    let p = Programme::new("");
    for bad in ["-5", "0", "abc", "inf", "NaN"] {
        p.fails(
            &["assign", "--time-limit", bad],
            2,
            &[
                &format!("'{bad}' is not a time limit"),
                "positive number of seconds",
            ],
        );
    }
    p.fails(&["assign", "--effort", "-3"], 2, &["is not a work limit"]);
    p.fails(&["assign", "--seed", "-1"], 2, &["is not a seed"]);

    let p = Programme::with_config(&CONFIG.replace("roster = \"members.csv\"", "roster = \"\""));
    p.fails(
        &["assign"],
        2,
        &["peergroups.toml", "roster = \"\" names no file"],
    );

    let p = Programme::new("[repeats]\nweight = 3\napart = [[\"a1\", \"a2\"]]\n");
    p.fails(
        &["assign"],
        2,
        &["peergroups.toml:", "`apart` belongs in [keep]"],
    );
    let p = Programme::new("[repeats]\nweigth = 3\n");
    p.fails(&["assign"], 2, &["did you mean `weight`"]);
}

#[test]
fn a_per_group_limit_the_cohort_breaks_is_infeasible_at_once() {
    let config = CONFIG.replace("weight = 2\n", "weight = 2\nmax_per_group = 0\n");
    let p = Programme::with_config(&config);
    let err = p.fails(
        &["assign", "--time-limit", "600"],
        3,
        &[
            "max_per_group = 0",
            "4 people have 'f'",
            "max_per_group = 1",
        ],
    );
    assert!(!err.contains("in time"), "{err}");
}

#[test]
fn counts_are_in_the_right_number() {
    let p = Programme::with_config(&CONFIG.replace("max_size = 3", "max_size = 3\ncount = 1"));
    p.fails(
        &["assign"],
        3,
        &["8 ordinary members cannot form exactly 1 group of 2..3"],
    );
}

#[test]
fn a_full_disk_leaves_the_history_as_it_was_and_says_so() {
    if !is_root() {
        return;
    }
    let p = Programme::new("");
    let disk = p.path("disk");
    std::fs::create_dir(&disk).unwrap();
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=16k", "tmpfs"])
        .arg(&disk)
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        return; // no tmpfs here: nothing to test against
    }
    let history = b"cycle,group,member_id\nc0,G1,a1\nc0,G1,a2\n";
    std::fs::write(disk.join("history.csv"), history).unwrap();
    let fill = std::fs::File::create(disk.join("fill")).unwrap();
    let mut fill = std::io::BufWriter::new(fill);
    let _ = std::io::Write::write_all(&mut fill, &[0u8; 32 * 1024]);
    let _ = std::io::Write::flush(&mut fill);
    drop(fill);
    let err = p.fails(
        &["rotate", "--history", "disk/history.csv", "--cycle", "c1"],
        2,
        &[
            "No space left on device",
            "free some space",
            "was left as it was",
        ],
    );
    let after = std::fs::read(disk.join("history.csv")).unwrap();
    let _ = Command::new("umount").arg(&disk).status();
    assert!(!err.contains(".peergroups-"), "{err}");
    assert_eq!(after, history);
}

/// Three hundred members, five of whom work 10 hours and the rest 40: with groups of 3–4
/// alike within 5 hours, the five can never be grouped, which no quick proof sees.
fn five_who_fit_no_group() -> Programme {
    let mut roster = String::from("id,name,hours\n");
    for i in 0..300 {
        let hours = if i < 5 { 10 } else { 40 };
        roster.push_str(&format!("m{i:03},P{i},{hours}\n"));
    }
    let config = "roster = \"members.csv\"\nhistory = \"history.csv\"\n\n[groups]\nmin_size = 3\n\
                  max_size = 4\n\n[[similar]]\ncolumn = \"hours\"\nmax_spread = 5\n";
    Programme::with_config(config).file("members.csv", roster)
}

#[test]
fn without_a_valid_answer_the_work_limit_never_ends_the_search() {
    let p = five_who_fit_no_group();
    for cmd in ["assign", "rotate"] {
        let started = std::time::Instant::now();
        p.fails(
            &[cmd, "--time-limit", "2", "--effort", "1000"],
            3,
            &[
                "within the time limit",
                "max_spread violation",
                "raise --time-limit",
            ],
        );
        let seconds = started.elapsed().as_secs_f64();
        assert!(seconds >= 1.9, "{cmd} gave up after {seconds:.2} s");
    }
    assert!(!p.path("history.csv").exists());
}

//! Shared by the integration tests: a programme folder in a temporary directory, and the
//! real `peergroups` binary run inside it (so `./peergroups.toml` is the default config).
//! Each test crate uses a part of it.

#![allow(dead_code)]

use assert_cmd::assert::Assert;
use assert_cmd::Command;
use serde_json::Value;
use std::path::PathBuf;
use tempfile::TempDir;

/// Eight members in two genders and three bands of weekly hours: small enough for the
/// exact solver to prove optimality at once.
pub const ROSTER: &str = "\
id,name,role,gender,hours
a1,Ann,,f,10
a2,Ben,,m,12
a3,Cat,,f,20
a4,Dan,,m,22
a5,Eve,,f,30
a6,Fay,,f,32
a7,Gus,,m,11
a8,Hal,,m,21
";

/// Groups of 2–3 over [`ROSTER`], balanced on gender and alike on hours.
pub const CONFIG: &str = r#"roster = "members.csv"
history = "history.csv"

[groups]
min_size = 2
max_size = 3

[[balance]]
column = "gender"
weight = 2

[[similar]]
column = "hours"
"#;

/// A temporary folder holding a programme's files.
pub struct Programme {
    dir: TempDir,
}

impl Programme {
    /// An empty folder.
    pub fn empty() -> Self {
        Programme {
            dir: tempfile::tempdir().expect("a temporary directory"),
        }
    }

    /// A folder with [`ROSTER`] as `members.csv` and [`CONFIG`] (plus `extra_config`, e.g.
    /// a `[keep]` table) as `peergroups.toml`.
    pub fn new(extra_config: &str) -> Self {
        Self::with_config(&format!("{CONFIG}{extra_config}"))
    }

    /// A folder with [`ROSTER`] as `members.csv` and `config` as `peergroups.toml`.
    pub fn with_config(config: &str) -> Self {
        Self::empty()
            .file("members.csv", ROSTER)
            .file("peergroups.toml", config)
    }

    /// Writes (or replaces) a file in the folder.
    pub fn file(self, name: &str, contents: impl AsRef<[u8]>) -> Self {
        std::fs::write(self.path(name), contents).expect("writing a test file");
        self
    }

    /// A folder holding a copy of `examples/NAME` (config, roster, history).
    pub fn example(name: &str) -> Self {
        let from = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("examples")
            .join(name);
        let p = Self::empty();
        for entry in std::fs::read_dir(&from).expect("the example folder") {
            let entry = entry.expect("an example file");
            std::fs::copy(entry.path(), p.path(&entry.file_name().to_string_lossy()))
                .expect("copying an example file");
        }
        p
    }

    /// The bytes of a file in the folder.
    pub fn read(&self, name: &str) -> Vec<u8> {
        std::fs::read(self.path(name)).unwrap_or_else(|e| panic!("reading {name}: {e}"))
    }

    /// The path of a file in the folder.
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Runs the binary in the folder. The outcome must never be a panic.
    pub fn run(&self, args: &[&str]) -> Assert {
        let assert = Command::cargo_bin("peergroups")
            .expect("the peergroups binary")
            .current_dir(self.dir.path())
            .args(args)
            .assert();
        let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
        assert!(
            !stderr.contains("panicked"),
            "the binary panicked: {stderr}"
        );
        assert
    }

    /// Runs the binary, expects exit `code` and every one of `needles` in stderr; returns stderr.
    pub fn fails(&self, args: &[&str], code: i32, needles: &[&str]) -> String {
        let assert = self.run(args).code(code);
        let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
        for needle in needles {
            assert!(
                stderr.contains(needle),
                "stderr lacks {needle:?}:\n{stderr}"
            );
        }
        stderr
    }
}

/// Stdout of a run, as UTF-8.
#[allow(
    clippy::needless_pass_by_value,
    reason = "called at the end of an assertion chain, which yields the value"
)]
pub fn stdout(assert: Assert) -> String {
    String::from_utf8(assert.get_output().stdout.clone()).expect("stdout is UTF-8")
}

/// Stderr of a run, as UTF-8.
pub fn stderr(assert: &Assert) -> String {
    String::from_utf8(assert.get_output().stderr.clone()).expect("stderr is UTF-8")
}

/// Stdout parsed as JSON.
pub fn json(assert: Assert) -> serde_json::Value {
    serde_json::from_str(&stdout(assert)).expect("stdout is JSON")
}

/// The folder of the JSON Schemas.
pub fn schema_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("schema")
}

/// A JSON file, parsed.
pub fn read_json(path: &std::path::Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A validator for `schema/COMMAND.json`, with `defs.json` (and the other schemas) registered
/// under their `$id`, so nothing is fetched.
pub fn validator(command: &str) -> jsonschema::Validator {
    let mut registry = jsonschema::Registry::new();
    for entry in std::fs::read_dir(schema_dir()).unwrap() {
        let schema = read_json(&entry.unwrap().path());
        let id = schema["$id"]
            .as_str()
            .expect("every schema has an $id")
            .to_string();
        registry = registry.add(id, schema).expect("a valid resource");
    }
    let registry = registry.prepare().expect("the schemas resolve");
    let schema = read_json(&schema_dir().join(format!("{command}.json")));
    jsonschema::options()
        .with_registry(&registry)
        .build(&schema)
        .unwrap_or_else(|e| panic!("schema/{command}.json: {e}"))
}

/// Where `doc` breaks the schema of `v`, one line each.
pub fn errors(v: &jsonschema::Validator, doc: &Value) -> Vec<String> {
    v.iter_errors(doc)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

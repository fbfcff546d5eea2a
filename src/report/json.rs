//! JSON output: the shapes documented in the README (spec §3).

/// Pretty JSON with a trailing newline.
pub fn render<T: serde::Serialize>(v: &T) -> anyhow::Result<String> {
    Ok(serde_json::to_string_pretty(v)? + "\n")
}

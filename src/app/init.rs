//! `init`: write a commented config and a small roster to start from.

use super::print;
use crate::exit_code;
use crate::io::atomic::write_atomic;
use crate::templates::Template;
use anyhow::{bail, Context, Result};
use std::path::Path;

/// Writes the template's files into `dir`; refuses to overwrite any unless `force`.
pub fn run(dir: &Path, template: Template, force: bool) -> Result<i32> {
    let files = template.files();
    let existing: Vec<String> = files
        .iter()
        .map(|(name, _)| dir.join(name))
        .filter(|p| p.exists())
        .map(|p| p.display().to_string())
        .collect();
    if !existing.is_empty() && !force {
        bail!(
            "{} already {}; nothing was written. Pass --force to overwrite, or choose another folder: peergroups init DIR",
            existing.join(", "),
            if existing.len() == 1 { "exists" } else { "exist" }
        );
    }
    std::fs::create_dir_all(dir)
        .with_context(|| format!("cannot create the folder '{}'", dir.display()))?;
    let mut written = Vec::new();
    for (name, text) in files {
        let path = dir.join(name);
        write_atomic(&path, text.as_bytes())?;
        written.push(path.display().to_string());
    }
    let config = dir.join("peergroups.toml");
    let hint = if dir == Path::new(".") {
        String::new()
    } else {
        format!(" --config {}", config.display())
    };
    print(&format!(
        "Wrote {}\nNext: edit them, then run `peergroups assign{hint}` (or `peergroups rotate{hint}`)\n\
         (if `peergroups` is not on your PATH yet, run `cargo install --path .` in its source folder)\n",
        written.join(", ")
    ))?;
    Ok(exit_code::SUCCESS)
}

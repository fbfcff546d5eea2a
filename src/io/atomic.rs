//! Atomic file writes: a temporary file beside the target, flushed, then renamed over it.

use anyhow::{Context, Result};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes `bytes` to `path` so that the file is either the old one or the whole new one.
/// An existing file keeps its permissions; a symbolic link is followed, so the file it
/// points to is replaced and the link stays.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let target = resolve_link(path);
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".peergroups-")
        .tempfile_in(dir)
        .with_context(|| {
            format!(
                "cannot write '{}': cannot create a file in '{}'",
                path.display(),
                dir.display()
            )
        })?;
    if let Ok(meta) = std::fs::metadata(&target) {
        // Best effort: a file we may replace but not chmod keeps the default permissions.
        let _ = tmp.as_file().set_permissions(meta.permissions());
    }
    tmp.write_all(bytes)
        .and_then(|_| tmp.as_file().sync_all())
        .with_context(|| format!("cannot write '{}'", path.display()))?;
    tmp.persist(&target)
        .map_err(|e| e.error)
        .with_context(|| format!("cannot write '{}'", path.display()))?;
    Ok(())
}

/// The file a symbolic link points to (the path itself when it is no link).
fn resolve_link(path: &Path) -> PathBuf {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => {
            std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
        }
        _ => path.to_path_buf(),
    }
}

//! Writing output files safely (README: Writing files safely): only regular files are ever replaced, through a
//! temporary file beside the target that is flushed and then renamed over it; `-` is stdout.

use anyhow::{bail, Context, Result};
use std::fs::{Metadata, Permissions};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Where an output goes, once the path has been checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Destination {
    /// `-`: standard output.
    Stdout,
    /// A regular file (the target of a symbolic link, when the path was one).
    File {
        /// The file that is replaced or created.
        target: PathBuf,
        /// Whether it exists already (it then keeps its permissions).
        exists: bool,
    },
}

/// Whether `path` is `-`, which means standard output for every output file.
pub fn is_stdout(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// Checks that `path` may be written, before any work is done: it is `-`, a regular file the
/// user may write, or a new file in an existing folder. A symbolic link is followed; a link
/// whose target does not exist, and anything that is not a regular file (a device, a FIFO, a
/// socket, a folder), is refused, so that nothing but a regular file is ever replaced.
pub fn destination(path: &Path) -> Result<Destination> {
    if is_stdout(path) {
        return Ok(Destination::Stdout);
    }
    let shown = path.display();
    let link = std::fs::symlink_metadata(path);
    let target = match &link {
        Ok(m) if m.file_type().is_symlink() => match std::fs::canonicalize(path) {
            Ok(t) => t,
            Err(_) => bail!(
                "cannot write '{shown}': it is a symbolic link to '{}', which does not exist; point the link at a file or give another path",
                std::fs::read_link(path).unwrap_or_default().display()
            ),
        },
        _ => path.to_path_buf(),
    };
    match std::fs::metadata(&target) {
        Ok(meta) => {
            refuse_unless_writable_file(path, &meta)?;
            Ok(Destination::File {
                target,
                exists: true,
            })
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let dir = folder_of(&target);
            match std::fs::metadata(dir) {
                Ok(m) if m.is_dir() => Ok(Destination::File {
                    target,
                    exists: false,
                }),
                _ => bail!(
                    "cannot write '{shown}': the folder '{}' does not exist; create it first or give another path",
                    dir.display()
                ),
            }
        }
        Err(e) => bail!("cannot write '{shown}': {}", plain(&e)),
    }
}

fn refuse_unless_writable_file(path: &Path, meta: &Metadata) -> Result<()> {
    let shown = path.display();
    if !meta.is_file() {
        bail!(
            "cannot write '{shown}': it is {}, not a regular file; peergroups replaces only regular files, so give a file path (or `-` for standard output)",
            kind_of(meta)
        );
    }
    // No write bit at all is refused even for root, who could open it anyway; otherwise the
    // system says whether this user may write it (opening for writing changes nothing).
    let denied = meta.permissions().readonly()
        || std::fs::OpenOptions::new()
            .write(true)
            .open(path)
            .is_err_and(|e| e.kind() == std::io::ErrorKind::PermissionDenied);
    if denied {
        bail!(
            "cannot write '{shown}': the file is read-only; make it writable (chmod u+w) or give another path (nothing was written)"
        );
    }
    Ok(())
}

/// "a folder", "a FIFO", … for a message.
fn kind_of(meta: &Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_char_device() {
            return "a character device";
        }
        if t.is_block_device() {
            return "a block device";
        }
        if t.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    if meta.is_dir() {
        "a folder"
    } else {
        "a special file"
    }
}

fn folder_of(target: &Path) -> &Path {
    match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

/// An I/O error without the temporary file's name (which no longer exists when it is shown),
/// with what to do about a full disk.
fn plain(e: &std::io::Error) -> String {
    // The temporary-file crate wraps the system's error with the temporary path.
    let inner = e
        .get_ref()
        .and_then(|i| i.source())
        .and_then(|s| s.downcast_ref::<std::io::Error>())
        .unwrap_or(e);
    let text = match inner.raw_os_error() {
        Some(code) => std::io::Error::from_raw_os_error(code).to_string(),
        None => inner.kind().to_string(),
    };
    if inner.kind() == std::io::ErrorKind::StorageFull {
        format!("{text}; free some space and run again")
    } else {
        text
    }
}

/// Writes `bytes` to `path` (see [`destination`]) so that the file is either the old one or
/// the whole new one. An existing file keeps its permissions; a new one gets what an
/// ordinary `open()` gives (0666 less the umask). `-` writes to standard output.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let (target, exists) = match destination(path)? {
        Destination::Stdout => return write_stdout(bytes),
        Destination::File { target, exists } => (target, exists),
    };
    let shown = path.display();
    let kept = if exists {
        format!("'{shown}' was left as it was")
    } else {
        "nothing was written".to_string()
    };
    let dir = folder_of(&target);
    let mut builder = tempfile::Builder::new();
    builder.prefix(".peergroups-");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // `open()` applies the umask to this mode, as for any new file.
        builder.permissions(Permissions::from_mode(0o666));
    }
    let mut tmp = builder.tempfile_in(dir).map_err(|e| {
        anyhow::anyhow!(
            "cannot write '{shown}': cannot create a file in '{}': {}",
            dir.display(),
            plain(&e)
        )
    })?;
    if exists {
        if let Ok(meta) = std::fs::metadata(&target) {
            // Best effort: a file we may replace but not chmod keeps the new file's mode.
            let _ = tmp.as_file().set_permissions(meta.permissions());
        }
    }
    tmp.as_file_mut()
        .write_all(bytes)
        .and_then(|()| tmp.as_file().sync_all())
        .map_err(|e| anyhow::anyhow!("cannot write '{shown}': {}; {kept}", plain(&e)))?;
    tmp.persist(&target)
        .map_err(|e| anyhow::anyhow!("cannot write '{shown}': {}; {kept}", plain(&e.error)))?;
    Ok(())
}

fn write_stdout(bytes: &[u8]) -> Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(e).context("cannot write to standard output")
        }
        _ => Ok(()),
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn refuses_folders_dangling_links_and_read_only_files() {
        let dir = tempfile::tempdir().unwrap();
        let e = destination(dir.path()).unwrap_err().to_string();
        assert!(e.contains("a folder, not a regular file"), "{e}");

        let link = dir.path().join("link.csv");
        std::os::unix::fs::symlink(dir.path().join("gone.csv"), &link).unwrap();
        let e = destination(&link).unwrap_err().to_string();
        assert!(e.contains("which does not exist"), "{e}");

        let ro = dir.path().join("ro.csv");
        std::fs::write(&ro, "old").unwrap();
        std::fs::set_permissions(&ro, Permissions::from_mode(0o444)).unwrap();
        let e = write_atomic(&ro, b"new").unwrap_err().to_string();
        assert!(e.contains("read-only"), "{e}");
        assert_eq!(std::fs::read(&ro).unwrap(), b"old");

        let missing = dir.path().join("no/such/folder/x.csv");
        let e = destination(&missing).unwrap_err().to_string();
        assert!(e.contains("does not exist"), "{e}");
        assert_eq!(destination(Path::new("-")).unwrap(), Destination::Stdout);
    }

    #[test]
    fn a_link_to_a_file_replaces_the_file_and_keeps_the_link() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.csv");
        std::fs::write(&real, "old").unwrap();
        std::fs::set_permissions(&real, Permissions::from_mode(0o640)).unwrap();
        let link = dir.path().join("link.csv");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        write_atomic(&link, b"new").unwrap();
        assert!(std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(std::fs::read(&real).unwrap(), b"new");
        let mode = std::fs::metadata(&real).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o640);
    }
}

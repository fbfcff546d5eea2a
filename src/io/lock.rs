//! The history lock (README: How `rotate` writes the history): an exclusive advisory lock on a lock file beside the history,
//! held by every command that changes the history from reading it to the rename.

use anyhow::{bail, Result};
use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// How long a second writer waits for the first one before it gives up.
pub const WAIT: Duration = Duration::from_secs(10);

/// A held lock; dropping it releases the lock (the lock file stays, empty of meaning).
#[derive(Debug)]
pub struct HistoryLock {
    _file: File,
}

/// The lock file of a history file: `.NAME.lock` beside the file (beside the target of a
/// symbolic link, so that every path to one history shares one lock).
pub fn lock_path(history: &Path) -> PathBuf {
    let target = std::fs::canonicalize(history).unwrap_or_else(|_| history.to_path_buf());
    let name = target
        .file_name()
        .map_or_else(|| "history".into(), |n| n.to_string_lossy().into_owned());
    target.with_file_name(format!(".{name}.lock"))
}

impl HistoryLock {
    /// Takes the lock of `history`, waiting up to [`WAIT`] for another process to finish.
    pub fn acquire(history: &Path) -> Result<Self> {
        Self::acquire_within(history, WAIT)
    }

    /// Takes the lock of `history`, waiting up to `wait`.
    pub fn acquire_within(history: &Path, wait: Duration) -> Result<Self> {
        let path = lock_path(history);
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(|e| {
                anyhow::anyhow!(
                    "cannot lock the history '{}': cannot open the lock file '{}': {e}; the history's folder must be writable",
                    history.display(),
                    path.display()
                )
            })?;
        let started = Instant::now();
        loop {
            match file.try_lock() {
                Ok(()) => break,
                Err(TryLockError::WouldBlock) if started.elapsed() < wait => {
                    std::thread::sleep(Duration::from_millis(50));
                }
                Err(TryLockError::WouldBlock) => bail!(
                    "another peergroups process{} is writing the history '{}' (it holds the lock file '{}'); waited {} s; wait for it to finish and run again (nothing was written)",
                    holder(&mut file),
                    history.display(),
                    path.display(),
                    wait.as_secs()
                ),
                Err(TryLockError::Error(e)) => bail!(
                    "cannot lock the history '{}' with '{}': {e}",
                    history.display(),
                    path.display()
                ),
            }
        }
        // Name this process in the lock file, for a writer that has to wait.
        let _ = file
            .set_len(0)
            .and_then(|()| file.rewind())
            .and_then(|()| write!(file, "{}", std::process::id()))
            .and_then(|()| file.flush());
        Ok(HistoryLock { _file: file })
    }
}

/// " (pid N)" from the lock file, when it names one.
fn holder(file: &mut File) -> String {
    let mut text = String::new();
    let _ = file.rewind().and_then(|()| file.read_to_string(&mut text));
    match text.trim().parse::<u32>() {
        Ok(pid) => format!(" (pid {pid})"),
        Err(_) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_writer_waits_then_names_the_first() {
        let dir = tempfile::tempdir().unwrap();
        let history = dir.path().join("history.csv");
        let first = HistoryLock::acquire(&history).unwrap();
        let e = HistoryLock::acquire_within(&history, Duration::from_millis(120))
            .unwrap_err()
            .to_string();
        assert!(e.contains("another peergroups process"), "{e}");
        assert!(e.contains(&format!("pid {}", std::process::id())), "{e}");
        drop(first);
        HistoryLock::acquire_within(&history, Duration::from_millis(120)).unwrap();
        assert!(dir.path().join(".history.csv.lock").exists());
    }
}

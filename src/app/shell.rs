//! `completions SHELL` and `man`: the shell completion script and the man page, both made
//! from the command-line definition so they never fall behind it.

use super::{check_outputs, print};
use crate::cli::Cli;
use crate::exit_code;
use crate::io::atomic::write_atomic;
use anyhow::Result;
use clap::CommandFactory;
use std::path::Path;

/// Prints the completion script for `shell` on stdout.
pub fn completions(shell: clap_complete::Shell) -> Result<i32> {
    let mut command = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "peergroups", &mut script);
    print(&String::from_utf8_lossy(&script))?;
    Ok(exit_code::SUCCESS)
}

/// Writes the man page (roff) to `out`, or prints it when there is none or it is `-`.
pub fn man(out: Option<&Path>) -> Result<i32> {
    check_outputs(&[out])?;
    let mut page = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut page)?;
    match out {
        Some(path) => write_atomic(path, &page)?,
        None => print(&String::from_utf8_lossy(&page))?,
    }
    Ok(exit_code::SUCCESS)
}

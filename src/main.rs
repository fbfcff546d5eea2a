//! The `peergroups` binary: parse, run, map errors to exit codes.

use clap::Parser;

fn main() {
    let cli = peergroups::cli::Cli::parse();
    let code = match peergroups::app::run(&cli) {
        Ok(code) => code,
        Err(err) => {
            eprintln!(
                "error: {}",
                peergroups::report::table::clean(&format!("{err:#}"))
            );
            peergroups::error::exit_code_of(&err)
        }
    };
    std::process::exit(code);
}

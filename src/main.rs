//! The `peergroups` binary: parse, run, map errors to exit codes.

use clap::Parser;
use peergroups::exit_code;
use peergroups::model::outcome::Infeasible;

fn main() {
    let cli = peergroups::cli::Cli::parse();
    let code = match peergroups::app::run(&cli) {
        Ok(code) => code,
        Err(err) => {
            eprintln!(
                "error: {}",
                peergroups::report::table::clean(&format!("{err:#}"))
            );
            exit_code_of(&err)
        }
    };
    std::process::exit(code);
}

/// The documented exit code of an error: infeasible problems are 3, everything else is bad
/// input (2).
fn exit_code_of(err: &anyhow::Error) -> i32 {
    if err
        .chain()
        .any(|e| e.downcast_ref::<Infeasible>().is_some())
    {
        exit_code::INFEASIBLE
    } else {
        exit_code::BAD_INPUT
    }
}

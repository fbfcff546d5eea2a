//! The command-line definition is consistent: clap's own checks (duplicate flags, conflicting
//! short options, bad defaults) run over every subcommand.

use clap::CommandFactory;

#[test]
fn command_line_definition_is_consistent() {
    peergroups::cli::Cli::command().debug_assert();
}

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    biolint::cli::run(biolint::cli::Cli::parse())
}

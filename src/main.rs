//! The gridbook binary: parse the command line, pick the subcommand, nothing else.

fn main() {
    std::process::exit(gridbook::cli::main());
}

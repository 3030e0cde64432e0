//! The gridbook binary: parse the command line, pick the subcommand, nothing else.

fn main() {
    // Everything gridbook writes (the store, its journal and index, logs, drafts, backups,
    // exports) is its user's alone, whatever the umask it was started with.
    nix::sys::stat::umask(nix::sys::stat::Mode::from_bits_truncate(0o077));
    std::process::exit(gridbook::cli::main());
}

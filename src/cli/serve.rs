//! `gridbook serve [--idle MINUTES]`: the process that owns the store for every client.

use std::path::Path;
use std::time::Duration;

#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// Stop after this many minutes with no clients; 0 runs until stopped.
    #[arg(long, default_value_t = 10, value_name = "MINUTES")]
    pub idle: u64,
}

pub fn run(dir: &Path, args: &ServeArgs) -> anyhow::Result<()> {
    let idle = (args.idle > 0).then(|| Duration::from_secs(args.idle * 60));
    crate::server::serve(dir, idle)
}

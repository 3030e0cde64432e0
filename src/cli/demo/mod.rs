//! `gridbook demo`: a realistic demo street modelled on 东区街道, deterministic for a seed.

use std::path::Path;

use chrono::NaiveDate;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Scale {
    Small,
    Street,
    City,
}

#[derive(Debug, clap::Args)]
pub struct DemoArgs {
    /// How big: small (one community), street (东区街道), city (a whole city).
    #[arg(long, value_enum, default_value = "small")]
    pub scale: Scale,
    /// The same seed (and day) always gives the same demo.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// The day the demo's year of visits ends (default: today).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub today: Option<NaiveDate>,
}

pub fn run(_dir: &Path, _args: &DemoArgs) -> anyhow::Result<()> {
    anyhow::bail!("the demo generator is being written")
}

pub fn ensure(_dir: &Path) -> anyhow::Result<()> {
    Ok(())
}

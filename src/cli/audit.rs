//! `gridbook audit verify`: walks the hash-chained audit trail and says where it was tampered with.

use std::path::Path;

#[derive(Debug, clap::Subcommand)]
pub enum AuditCommand {
    /// Check that no audit entry was changed or removed.
    Verify,
}

pub fn run(dir: &Path, cmd: &AuditCommand) -> anyhow::Result<()> {
    let backend = crate::client::open(dir)?;
    match cmd {
        AuditCommand::Verify => {
            let report = backend.verify_audit()?;
            if report.problems.is_empty() {
                println!(
                    "the audit trail is intact: {} entries, each chained to the one before",
                    report.entries
                );
                return Ok(());
            }
            for p in &report.problems {
                println!("{p}");
            }
            anyhow::bail!("the audit trail has been tampered with, as above; restore a backup and find out who had access")
        }
    }
}

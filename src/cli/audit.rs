//! `gridbook audit verify|log`: walks the hash-chained audit trail and says where it was
//! tampered with, or lists its latest entries.

use std::path::Path;

use crate::model::time::format_local;
use crate::store::audit::Change;

#[derive(Debug, clap::Subcommand)]
pub enum AuditCommand {
    /// Check that no audit entry was changed or removed.
    Verify,
    /// List the latest entries of the audit trail, oldest first.
    Log {
        /// How many entries, at most.
        #[arg(long, default_value_t = 50)]
        limit: usize,
        /// Print a JSON array instead of lines.
        #[arg(long)]
        json: bool,
    },
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
        AuditCommand::Log { limit, json } => {
            let lines = backend.audit_log(*limit)?;
            if *json {
                println!("{}", serde_json::to_string(&lines)?);
                return Ok(());
            }
            for l in &lines {
                let change = match l.change {
                    Change::Created => "created",
                    Change::Changed => "changed",
                    Change::Removed => "removed",
                };
                let line = format!(
                    "{:>6}  {}  {}  {} {} {change}  {}",
                    l.seq,
                    format_local(l.at),
                    l.by,
                    l.tree,
                    l.record,
                    l.detail
                );
                println!("{}", line.trim_end());
            }
        }
    }
    Ok(())
}

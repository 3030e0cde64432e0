//! `gridbook audit verify|log`: walks the hash-chained audit trail and says where it was
//! tampered with, or lists its latest entries.

use crate::cli::out::outln;

use std::path::Path;

use crate::i18n::{localize, Lang};
use crate::model::time::format_local;
use crate::store::audit::Change;
use crate::tr;

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

pub fn run(dir: &Path, cmd: &AuditCommand, lang: Lang) -> anyhow::Result<()> {
    let backend = crate::client::open(dir)?;
    match cmd {
        AuditCommand::Verify => {
            let report = backend.verify_audit()?;
            if report.problems.is_empty() {
                let n = report.entries;
                outln!(
                    "{}",
                    tr!(
                        lang,
                        "审计记录完整：共 {n} 条，每条都与前一条相连",
                        "the audit trail is intact: {n} entries, each chained to the one before"
                    )
                );
                return Ok(());
            }
            for p in &report.problems {
                outln!("{}", localize(p, lang));
            }
            anyhow::bail!(tr!(
                lang,
                "审计记录被篡改过，见上；请恢复备份，并查清谁接触过数据",
                "the audit trail has been tampered with, as above; restore a backup and find out who had access"
            ))
        }
        AuditCommand::Log { limit, json } => {
            let lines = backend.audit_log(*limit)?;
            if *json {
                crate::cli::out::json(&lines)?;
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
                outln!("{}", line.trim_end());
            }
        }
    }
    Ok(())
}

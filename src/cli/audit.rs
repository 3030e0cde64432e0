//! `gridbook audit verify`: walks the hash-chained audit trail and says where it was tampered with.

use std::path::Path;

use crate::i18n::{localize, Lang};
use crate::tr;

#[derive(Debug, clap::Subcommand)]
pub enum AuditCommand {
    /// Check that no audit entry was changed or removed.
    Verify,
}

pub fn run(dir: &Path, cmd: &AuditCommand, lang: Lang) -> anyhow::Result<()> {
    let backend = crate::client::open(dir)?;
    match cmd {
        AuditCommand::Verify => {
            let report = backend.verify_audit()?;
            if report.problems.is_empty() {
                let n = report.entries;
                println!(
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
                println!("{}", localize(p, lang));
            }
            anyhow::bail!(tr!(
                lang,
                "审计记录被篡改过，见上；请恢复备份，并查清谁接触过数据",
                "the audit trail has been tampered with, as above; restore a backup and find out who had access"
            ))
        }
    }
}

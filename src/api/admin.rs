//! Operations for the street admin (and the data's owner): the store's check, visit rules,
//! staff, the audit trail and backups. Visit rules may be read by anyone.

use serde::{Deserialize, Serialize};

use super::{BackendError, Cx, Request, Result};
use crate::model::rules::VisitRules;
use crate::model::Staff;
use crate::store::StoreError;

/// Entries of the audit trail one call may list at most.
const AUDIT_LINES_MAX: usize = 10_000;

/// Every record decodes and every index agrees.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Check;

impl Request for Check {
    type Reply = crate::store::check::CheckReport;
    const ADMIN: bool = true;
    fn handle(self, cx: &Cx) -> Result<Self::Reply> {
        Ok(crate::store::check::check(&cx.store)?)
    }
}

/// The visit intervals.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Rules;

impl Request for Rules {
    type Reply = VisitRules;
    const RESEND: bool = true;
    fn handle(self, cx: &Cx) -> Result<VisitRules> {
        Ok(cx.store.visit_rules()?)
    }
}

/// Sets the visit intervals.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SetRules(pub VisitRules);

impl Request for SetRules {
    type Reply = ();
    fn handle(self, cx: &Cx) -> Result<()> {
        if !cx.scope.all {
            return Err(BackendError::OutOfScope(
                "only a street admin (or the owner of the data) may change the visit rules".into(),
            ));
        }
        Ok(cx.store.set_visit_rules(&cx.user, &self.0)?)
    }
}

/// The members of staff.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StaffList;

impl Request for StaffList {
    type Reply = Vec<Staff>;
    const ADMIN: bool = true;
    const RESEND: bool = true;
    fn handle(self, cx: &Cx) -> Result<Vec<Staff>> {
        Ok(cx
            .store
            .all::<Staff>()
            .collect::<std::result::Result<_, _>>()?)
    }
}

/// Adds or changes a member of staff.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PutStaff(pub Staff);

impl Request for PutStaff {
    type Reply = ();
    const ADMIN: bool = true;
    fn handle(self, cx: &Cx) -> Result<()> {
        self.0.validate().map_err(StoreError::from)?;
        let staff = self.0;
        Ok(cx.store.write(&cx.user, |t| t.put(&staff))?)
    }
}

/// Removes a member of staff; false when there was none.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RemoveStaff(pub String);

impl Request for RemoveStaff {
    type Reply = bool;
    const ADMIN: bool = true;
    fn handle(self, cx: &Cx) -> Result<bool> {
        let user = self.0;
        Ok(cx
            .store
            .write(&cx.user, |t| t.remove::<Staff>(user.as_bytes()))?)
    }
}

/// Walks the audit trail's hash chain.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct VerifyAudit;

impl Request for VerifyAudit {
    type Reply = crate::store::audit::AuditReport;
    const ADMIN: bool = true;
    fn handle(self, cx: &Cx) -> Result<Self::Reply> {
        Ok(cx.store.verify_audit()?)
    }
}

/// The last entries of the audit trail, oldest first.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AuditLog(pub usize);

impl Request for AuditLog {
    type Reply = Vec<crate::store::audit::AuditLine>;
    const ADMIN: bool = true;
    const RESEND: bool = true;
    fn handle(self, cx: &Cx) -> Result<Self::Reply> {
        Ok(cx.store.audit_lines(self.0.min(AUDIT_LINES_MAX))?)
    }
}

/// A sealed point-in-time copy of the whole store, handed to the caller in parts
/// (`Part::Backup`) for the caller to write: the server never writes where a client names.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Backup;

impl Request for Backup {
    type Reply = crate::store::backup::BackupSummary;
    const ADMIN: bool = true;
    fn handle(self, cx: &Cx) -> Result<Self::Reply> {
        Ok(cx
            .store
            .backup_parts(&mut |bytes| cx.part(super::tables::Part::Backup(bytes)))?)
    }
}

//! Tables as the client gathers them: the parts of an export, a ledger or the overdue list
//! (built by `api::tables`) put back into one sheet.

pub use crate::api::tables::*;

use super::{Ask, Result};
use crate::io::sheet::Sheet;

/// An export or a ledger through `backend`, gathered into the sheet the caller writes
/// itself (as its own user): what `gridbook export`, `gridbook ledger` and the 台账 screen
/// all call.
pub fn fetch(backend: &dyn super::Backend, req: &TableRequest) -> Result<Sheet> {
    let mut got = Gathered::default();
    backend.call_parts(crate::api::reports::Table(req.clone()), &mut |part| {
        got.take(part)
    })?;
    Ok(got.sheet)
}

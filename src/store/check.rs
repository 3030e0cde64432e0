//! `gridbook check`: every record decodes, every index agrees with its records, counts add up.
//! An index entry's value must be what its record implies, or empty (written by an older
//! gridbook, whose readers then read the record).

use std::collections::BTreeMap;

use super::{codec, Entity, Result, Store, Stored, TreeId};
use crate::model::{
    Building, BuildingCaptain, Community, Dispute, FollowUp, Grid, Household, MediationNote,
    Resident, Staff, Street, Visit, Wish,
};

/// What `check` found. No problems means the store is sound.
#[derive(Debug, Default, Clone, serde::Serialize, serde::Deserialize)]
pub struct CheckReport {
    pub records: u64,
    pub index_entries: u64,
    pub problems: Vec<String>,
    /// What was found wrong and mended as it was found (derived records written again from
    /// the records they come from): said, but nothing is left to do.
    pub mended: Vec<String>,
}

const SHOWN: usize = 5;

/// The entries each index should hold (by the index's number): key and value.
type Expected = BTreeMap<usize, Vec<(Vec<u8>, Vec<u8>)>>;

pub fn check(store: &Store) -> Result<CheckReport> {
    let mut report = CheckReport::default();
    // A damaged write journal found when the store opened, until its note is removed.
    report
        .problems
        .extend(super::journal::damage_notes(store.dir()));
    let mut expected: Expected = BTreeMap::new();
    scan::<Street>(store, &mut report, &mut expected)?;
    scan::<Community>(store, &mut report, &mut expected)?;
    scan::<Grid>(store, &mut report, &mut expected)?;
    scan::<Building>(store, &mut report, &mut expected)?;
    scan::<Household>(store, &mut report, &mut expected)?;
    scan::<Resident>(store, &mut report, &mut expected)?;
    scan::<BuildingCaptain>(store, &mut report, &mut expected)?;
    scan::<Staff>(store, &mut report, &mut expected)?;
    scan::<Visit>(store, &mut report, &mut expected)?;
    scan::<Dispute>(store, &mut report, &mut expected)?;
    scan::<MediationNote>(store, &mut report, &mut expected)?;
    scan::<FollowUp>(store, &mut report, &mut expected)?;
    scan::<crate::model::party::PartyMember>(store, &mut report, &mut expected)?;
    scan::<crate::model::party::PartyGroup>(store, &mut report, &mut expected)?;
    scan::<crate::model::party::CentralHousehold>(store, &mut report, &mut expected)?;
    scan::<Wish>(store, &mut report, &mut expected)?;
    scan::<crate::model::AgendaItem>(store, &mut report, &mut expected)?;
    scan::<crate::model::Meeting>(store, &mut report, &mut expected)?;
    scan::<crate::model::registrant::Registrant>(store, &mut report, &mut expected)?;
    scan::<crate::model::registrant::Post>(store, &mut report, &mut expected)?;
    scan::<crate::model::registrant::PostClaim>(store, &mut report, &mut expected)?;
    scan::<crate::model::registrant::ServiceRecord>(store, &mut report, &mut expected)?;
    scan::<crate::model::DoorCheck>(store, &mut report, &mut expected)?;
    for index in TreeId::INDEXES {
        let mut want = expected.remove(&(index as usize)).unwrap_or_default();
        want.sort_unstable();
        compare_index(store, index, &want, &mut report)?;
    }
    super::digest::check(store, &mut report.mended)?;
    super::tally::check(store, &mut report.mended)?;
    super::rollup::check(store, &mut report.mended)?;
    super::visit_lines::check(store, &mut report.mended)?;
    Ok(report)
}

fn scan<E: Entity>(store: &Store, report: &mut CheckReport, expected: &mut Expected) -> Result<()> {
    let tree = E::TREE;
    let mut n = 0u64;
    let mut bad = 0usize;
    for kv in store.tree(tree).iter() {
        let (k, v) = kv?;
        n += 1;
        match codec::decode::<Stored<E>>(&v) {
            Ok(stored) => {
                if stored.value.key() != k.as_ref() {
                    report.problems.push(format!(
                        "{}: the record under key {} says its key is {}",
                        tree.name(),
                        hex(&k),
                        hex(&stored.value.key())
                    ));
                }
                for (index, key) in stored.value.index_keys() {
                    let value = stored.value.index_value(index);
                    expected
                        .entry(index as usize)
                        .or_default()
                        .push((key, value));
                }
            }
            Err(e) => {
                bad += 1;
                if bad <= SHOWN {
                    report.problems.push(format!(
                        "{}: the record under key {} does not decode: {e}",
                        tree.name(),
                        hex(&k)
                    ));
                }
            }
        }
    }
    if bad > SHOWN {
        report.problems.push(format!(
            "{}: {} more records do not decode",
            tree.name(),
            bad - SHOWN
        ));
    }
    let counted = store.count(tree)?;
    if counted != n {
        report.problems.push(format!(
            "{}: the counter says {counted} records but there are {n}",
            tree.name()
        ));
    }
    report.records += n;
    Ok(())
}

fn compare_index(
    store: &Store,
    index: TreeId,
    want: &[(Vec<u8>, Vec<u8>)],
    report: &mut CheckReport,
) -> Result<()> {
    let mut missing = Vec::new();
    let mut extra = Vec::new();
    let mut wrong = Vec::new();
    let mut i = 0;
    let mut missing_n = 0usize;
    let mut extra_n = 0usize;
    let mut wrong_n = 0usize;
    for kv in store.tree(index).iter() {
        let (k, v) = kv?;
        report.index_entries += 1;
        while i < want.len() && want[i].0.as_slice() < k.as_ref() {
            missing_n += 1;
            if missing.len() < SHOWN {
                missing.push(hex(&want[i].0));
            }
            i += 1;
        }
        if i < want.len() && want[i].0.as_slice() == k.as_ref() {
            if !v.is_empty() && v.as_ref() != want[i].1.as_slice() {
                wrong_n += 1;
                if wrong.len() < SHOWN {
                    wrong.push(hex(&k));
                }
            }
            i += 1;
        } else {
            extra_n += 1;
            if extra.len() < SHOWN {
                extra.push(hex(&k));
            }
        }
    }
    for (key, _) in &want[i..] {
        missing_n += 1;
        if missing.len() < SHOWN {
            missing.push(hex(key));
        }
    }
    if wrong_n > 0 {
        report.problems.push(format!(
            "{}: {wrong_n} entries hold a value their record does not say (first: {})",
            index.name(),
            wrong.join(", ")
        ));
    }
    if missing_n > 0 {
        report.problems.push(format!(
            "{}: {missing_n} entries are missing for records that exist (first: {})",
            index.name(),
            missing.join(", ")
        ));
    }
    if extra_n > 0 {
        report.problems.push(format!(
            "{}: {extra_n} entries point at records that do not exist or have changed (first: {})",
            index.name(),
            extra.join(", ")
        ));
    }
    Ok(())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

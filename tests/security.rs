//! Issue 12, tried as an attacker with an ordinary account would: each module takes one kind of
//! attack. Run as root (CI is), the tests create OS users and a group and set the deployment up
//! as `deploy/` says; without root they run what they can and print what they skipped.

mod common;

#[path = "security/access.rs"]
mod access;
#[path = "security/backups.rs"]
mod backups;
#[path = "security/damaged.rs"]
mod damaged;
#[path = "security/files.rs"]
mod files;
#[path = "security/output.rs"]
mod output;
#[path = "security/party_attack.rs"]
mod party_attack;
#[path = "security/scope.rs"]
mod scope;

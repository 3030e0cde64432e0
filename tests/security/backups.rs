//! Security, sealed backups: where they are written, the keyed MAC, an edited backup and an edited history.

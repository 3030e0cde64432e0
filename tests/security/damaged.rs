//! Security, damaged files: a flipped journal byte, a damaged snapshot, a full disk, no partial backup.

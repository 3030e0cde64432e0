//! Fields added to stored records after stores were made: a value stored before the field
//! existed ends where the field would begin, and reads with the field at its default.

use serde::{Deserialize, Deserializer};

/// Reads a field added at the end of a stored record (mark it `#[serde(default,
/// deserialize_with = "crate::model::compat::added")]`). With the store's codec, a value
/// written before the field existed runs out of bytes exactly there: that reads as the
/// default. Any other failure (a bad byte) stays an error. Self-describing formats (JSON)
/// leave the field out instead, which `default` covers.
pub fn added<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    added_or(d, T::default)
}

/// The same, for a field whose default is not its type's (a wrapper names it for serde).
pub fn added_or<'de, D, T>(d: D, default: impl FnOnce() -> T) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    match T::deserialize(d) {
        Ok(v) => Ok(v),
        // bincode names the end of the input `UnexpectedEnd` (its Display is its Debug).
        Err(e) if e.to_string().starts_with("UnexpectedEnd") => Ok(default()),
        Err(e) => Err(e),
    }
}

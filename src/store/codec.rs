//! The one codec: every stored value is a format-version byte followed by bincode 2.

use serde::{de::DeserializeOwned, Serialize};

/// The format of values written by this build. A change of codec or a new field bumps it.
/// Version 2 added a household's house facts, a resident's leaving, a visit's roster check and
/// the visit rules' months between roster checks: values of version 1
/// still decode (those fields take their defaults, see `since_v2`), so older stores, their
/// audit trails and backups open as they are, and each record is written anew as version 2
/// the next time it changes.
pub const FORMAT_VERSION: u8 = 2;

/// The oldest format this build still reads.
pub const OLDEST_VERSION: u8 = 1;

thread_local! {
    /// The format version of the value being decoded on this thread (the current one
    /// outside a decode, and for values that are not stored bytes, such as JSON).
    static DECODING: std::cell::Cell<u8> = const { std::cell::Cell::new(FORMAT_VERSION) };
}

/// Sets the version being decoded for the life of the guard.
struct Decoding(u8);

impl Decoding {
    fn start(version: u8) -> Decoding {
        Decoding(DECODING.with(|d| d.replace(version)))
    }
}

impl Drop for Decoding {
    fn drop(&mut self) {
        DECODING.with(|d| d.set(self.0));
    }
}

/// For a field added in format 2: read from values of version 2 (and from JSON), and its
/// default in values of version 1, which do not hold it. Use with `#[serde(default,
/// deserialize_with = "crate::store::codec::since_v2")]` on fields at the end of a struct.
pub fn since_v2<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::Deserialize<'de> + Default,
{
    if DECODING.with(|v| v.get()) < 2 {
        return Ok(T::default());
    }
    T::deserialize(d)
}

/// The same, for a field whose default in version 1 values is not its type's.
pub fn since_v2_or<'de, D, T>(d: D, default: impl FnOnce() -> T) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::Deserialize<'de>,
{
    if DECODING.with(|v| v.get()) < 2 {
        return Ok(default());
    }
    T::deserialize(d)
}

/// No stored value is larger than this; anything claiming more is refused before allocating.
pub const MAX_VALUE_BYTES: usize = 1 << 20;

/// No frame between client and server is larger than this; a longer claim closes the link.
pub const MAX_FRAME_BYTES: usize = 16 << 20;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CodecError {
    #[error("an empty value was found where a record should be")]
    Empty,
    #[error("a value has format version {0}, which this build of gridbook does not know; upgrade gridbook")]
    UnknownVersion(u8),
    #[error("a value is larger than {MAX_VALUE_BYTES} bytes")]
    TooLarge,
    #[error("a value could not be decoded: {0}")]
    Malformed(String),
    #[error("a value has {0} bytes left over after the record")]
    TrailingBytes(usize),
}

/// Encodes a value behind the format-version byte, refusing one longer than `LIMIT`.
fn encode_limited<const LIMIT: usize, T: Serialize + ?Sized>(
    value: &T,
) -> Result<Vec<u8>, CodecError> {
    let mut out = vec![FORMAT_VERSION];
    bincode::serde::encode_into_std_write(
        value,
        &mut out,
        bincode::config::standard().with_limit::<LIMIT>(),
    )
    .map_err(|e| CodecError::Malformed(e.to_string()))?;
    if out.len() > LIMIT {
        return Err(CodecError::TooLarge);
    }
    Ok(out)
}

/// Decodes a value, refusing unknown versions, claims beyond `LIMIT` and trailing bytes.
fn decode_limited<const LIMIT: usize, T: DeserializeOwned>(bytes: &[u8]) -> Result<T, CodecError> {
    let (&version, body) = bytes.split_first().ok_or(CodecError::Empty)?;
    if !(OLDEST_VERSION..=FORMAT_VERSION).contains(&version) {
        return Err(CodecError::UnknownVersion(version));
    }
    if bytes.len() > LIMIT {
        return Err(CodecError::TooLarge);
    }
    let _layout = Decoding::start(version);
    let (value, used) =
        bincode::serde::decode_from_slice(body, bincode::config::standard().with_limit::<LIMIT>())
            .map_err(|e| match e {
                bincode::error::DecodeError::LimitExceeded => CodecError::TooLarge,
                other => CodecError::Malformed(other.to_string()),
            })?;
    if used != body.len() {
        return Err(CodecError::TrailingBytes(body.len() - used));
    }
    Ok(value)
}

/// Encodes a stored value behind the format-version byte.
pub fn encode<T: Serialize + ?Sized>(value: &T) -> Result<Vec<u8>, CodecError> {
    encode_limited::<MAX_VALUE_BYTES, T>(value)
}

/// Decodes a stored value, refusing unknown versions, oversized claims and trailing bytes.
pub fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, CodecError> {
    decode_limited::<MAX_VALUE_BYTES, T>(bytes)
}

/// Encodes one batch of the write journal (a batch holds many records: up to a frame's size).
pub fn encode_journal<T: Serialize>(value: &T) -> Result<Vec<u8>, CodecError> {
    encode_limited::<MAX_FRAME_BYTES, T>(value)
}

/// Decodes one batch of the write journal.
pub fn decode_journal<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, CodecError> {
    decode_limited::<MAX_FRAME_BYTES, T>(bytes)
}

/// No saved search index is larger than this (a city's is about 20 MB).
pub const MAX_SNAPSHOT_BYTES: usize = 1 << 30;

/// Encodes the search index as saved between starts.
pub fn encode_snapshot<T: Serialize>(value: &T) -> Result<Vec<u8>, CodecError> {
    encode_limited::<MAX_SNAPSHOT_BYTES, T>(value)
}

/// Decodes a saved search index.
pub fn decode_snapshot<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, CodecError> {
    decode_limited::<MAX_SNAPSHOT_BYTES, T>(bytes)
}

fn frame_config() -> impl bincode::config::Config {
    bincode::config::standard().with_limit::<MAX_FRAME_BYTES>()
}

/// Encodes a protocol message (the frame's body; the length prefix is the caller's).
pub fn encode_frame<T: Serialize>(value: &T) -> Result<Vec<u8>, CodecError> {
    let out = bincode::serde::encode_to_vec(value, frame_config())
        .map_err(|e| CodecError::Malformed(e.to_string()))?;
    if out.len() > MAX_FRAME_BYTES {
        return Err(CodecError::TooLarge);
    }
    Ok(out)
}

/// Decodes a protocol message, refusing oversized claims and trailing bytes.
pub fn decode_frame<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, CodecError> {
    if bytes.len() > MAX_FRAME_BYTES {
        return Err(CodecError::TooLarge);
    }
    let (value, used) =
        bincode::serde::decode_from_slice(bytes, frame_config()).map_err(|e| match e {
            bincode::error::DecodeError::LimitExceeded => CodecError::TooLarge,
            other => CodecError::Malformed(other.to_string()),
        })?;
    if used != bytes.len() {
        return Err(CodecError::TrailingBytes(bytes.len() - used));
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Address, CareTag, Household};

    fn household() -> Household {
        Household {
            id: 42,
            community: 1,
            grid: 2,
            building: 3,
            address: Address::parse("5-2-301").unwrap(),
            head: Some(7),
            phone: "13812345678".into(),
            care_tags: vec![CareTag::ElderlyAlone, CareTag::LowIncome],
            captain: None,
            status: Some(crate::model::HouseStatus::Rented),
            landlord: None,
            tenancy: None,
            note: "房东住隔壁".into(),
        }
    }

    #[test]
    fn a_record_survives_a_round_trip() {
        let h = household();
        let bytes = encode(&h).unwrap();
        assert_eq!(bytes[0], FORMAT_VERSION);
        assert_eq!(decode::<Household>(&bytes).unwrap(), h);
    }

    /// A household as format 1 wrote it: the fields before the house facts.
    #[derive(serde::Serialize)]
    struct HouseholdV1 {
        id: u64,
        community: u64,
        grid: u64,
        building: u64,
        address: Address,
        head: Option<u64>,
        phone: String,
        care_tags: Vec<CareTag>,
        captain: Option<u64>,
    }

    #[test]
    fn a_household_written_by_format_1_still_reads_with_no_house_facts() {
        let h = household();
        let old = HouseholdV1 {
            id: h.id,
            community: h.community,
            grid: h.grid,
            building: h.building,
            address: h.address,
            head: h.head,
            phone: h.phone.clone(),
            care_tags: h.care_tags.clone(),
            captain: h.captain,
        };
        let mut bytes = encode(&old).unwrap();
        bytes[0] = 1;
        let back = decode::<Household>(&bytes).unwrap();
        assert_eq!(back.status, None);
        assert_eq!(back.note, "");
        assert_eq!(back.care_tags, h.care_tags);
        // Read as format 2, the same bytes lack the new fields: refused, not misread.
        bytes[0] = 2;
        assert!(decode::<Household>(&bytes).is_err());
    }

    #[test]
    fn truncated_trailing_and_foreign_values_are_refused() {
        let bytes = encode(&household()).unwrap();
        for cut in 1..bytes.len() {
            assert!(decode::<Household>(&bytes[..cut]).is_err(), "cut at {cut}");
        }
        let mut longer = bytes.clone();
        longer.extend_from_slice(&[0, 0]);
        assert_eq!(
            decode::<Household>(&longer),
            Err(CodecError::TrailingBytes(2))
        );
        let mut foreign = bytes.clone();
        foreign[0] = 99;
        assert_eq!(
            decode::<Household>(&foreign),
            Err(CodecError::UnknownVersion(99))
        );
        assert_eq!(decode::<Household>(&[]), Err(CodecError::Empty));
    }

    #[test]
    fn a_length_claiming_gigabytes_is_refused_without_allocating() {
        // A string whose varint length says 2^32 bytes.
        let bytes = [FORMAT_VERSION, 252, 0, 0, 0, 0x01];
        let got = decode::<String>(&bytes);
        assert!(
            matches!(
                got,
                Err(CodecError::TooLarge) | Err(CodecError::Malformed(_))
            ),
            "{got:?}"
        );
        let big = vec![FORMAT_VERSION; MAX_VALUE_BYTES + 10];
        assert_eq!(decode::<Vec<u8>>(&big), Err(CodecError::TooLarge));
    }
}

//! Problems found while ingesting: a code, the offending key, and what was done about it.

use serde::Serialize;
use serde_json::Value;
use std::fmt;

/// What went wrong with one part of a `ct-evt` / `ct-up` block. Stable snake_case names
/// (`as_str`); where CleverTap's upload API has a per-record error code for the same fault,
/// [`ProblemCode::clevertap_code`] gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ProblemCode {
    /// `ct-evt` / `ct-up` (or `evtData`) given as a string that is not JSON.
    InvalidJson,
    /// `ct-evt` / `ct-up` / `evtData` has the wrong JSON type (e.g. an array or a number).
    InvalidStructure,
    /// `ct-evt` has no non-empty string `evtName` (CleverTap 509).
    EventNameMissing,
    /// `evtName` is a restricted system event (CleverTap 513).
    EventNameRestricted,
    /// `evtName` contains one of `. : $ ' " \`.
    EventNameInvalidChars,
    /// `evtName` is longer than 512 characters.
    EventNameTooLong,
    /// `ct-evt` has a key other than `evtName` / `evtData`.
    UnknownKey,
    /// A property key is empty (after trimming).
    KeyEmpty,
    /// A property key is longer than 120 characters (events) / 120 bytes (profiles).
    KeyTooLong,
    /// A property key contains one of `: $ ' " \`.
    KeyInvalidChars,
    /// A string value is longer than 512 UTF-8 bytes.
    ValueTooLong,
    /// A value is `null`.
    ValueNull,
    /// A value's shape is not accepted (nested deeper than 3, array over 100 items, an object in
    /// a profile, a non-string multi-value item).
    ValueUnsupported,
    /// More than 100 properties in `evtData` (CleverTap 522).
    TooManyProperties,
    /// More than 256 keys in one `ct-up`.
    TooManyProfileKeys,
    /// A reserved profile key (`Name`, `Email`, `Phone`, …) holds an object or an array.
    ReservedKeyNotScalar,
    /// `Phone` is not E.164 with a leading `+` (CleverTap 516).
    InvalidPhone,
    /// `Gender` is not `M` or `F` (CleverTap 514).
    InvalidGender,
    /// `Email` is not an e-mail address (CleverTap 515).
    InvalidEmail,
    /// No identity is known for the user, so no record can be built (CleverTap 523).
    MissingIdentity,
    /// A webhook message is not usable (no `response_json`, or it is not a JSON object).
    InvalidMessage,
}

impl ProblemCode {
    /// Every code, in declaration order (the catalogue).
    pub const ALL: &'static [ProblemCode] = &[
        ProblemCode::InvalidJson,
        ProblemCode::InvalidStructure,
        ProblemCode::EventNameMissing,
        ProblemCode::EventNameRestricted,
        ProblemCode::EventNameInvalidChars,
        ProblemCode::EventNameTooLong,
        ProblemCode::UnknownKey,
        ProblemCode::KeyEmpty,
        ProblemCode::KeyTooLong,
        ProblemCode::KeyInvalidChars,
        ProblemCode::ValueTooLong,
        ProblemCode::ValueNull,
        ProblemCode::ValueUnsupported,
        ProblemCode::TooManyProperties,
        ProblemCode::TooManyProfileKeys,
        ProblemCode::ReservedKeyNotScalar,
        ProblemCode::InvalidPhone,
        ProblemCode::InvalidGender,
        ProblemCode::InvalidEmail,
        ProblemCode::MissingIdentity,
        ProblemCode::InvalidMessage,
    ];

    /// The stable snake_case name, e.g. `"invalid_phone"`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            ProblemCode::InvalidJson => "invalid_json",
            ProblemCode::InvalidStructure => "invalid_structure",
            ProblemCode::EventNameMissing => "event_name_missing",
            ProblemCode::EventNameRestricted => "event_name_restricted",
            ProblemCode::EventNameInvalidChars => "event_name_invalid_chars",
            ProblemCode::EventNameTooLong => "event_name_too_long",
            ProblemCode::UnknownKey => "unknown_key",
            ProblemCode::KeyEmpty => "key_empty",
            ProblemCode::KeyTooLong => "key_too_long",
            ProblemCode::KeyInvalidChars => "key_invalid_chars",
            ProblemCode::ValueTooLong => "value_too_long",
            ProblemCode::ValueNull => "value_null",
            ProblemCode::ValueUnsupported => "value_unsupported",
            ProblemCode::TooManyProperties => "too_many_properties",
            ProblemCode::TooManyProfileKeys => "too_many_profile_keys",
            ProblemCode::ReservedKeyNotScalar => "reserved_key_not_scalar",
            ProblemCode::InvalidPhone => "invalid_phone",
            ProblemCode::InvalidGender => "invalid_gender",
            ProblemCode::InvalidEmail => "invalid_email",
            ProblemCode::MissingIdentity => "missing_identity",
            ProblemCode::InvalidMessage => "invalid_message",
        }
    }

    /// CleverTap's per-record error code for the same fault, when it has one.
    #[must_use]
    pub const fn clevertap_code(self) -> Option<u16> {
        match self {
            ProblemCode::EventNameMissing => Some(509),
            ProblemCode::InvalidStructure => Some(512),
            ProblemCode::EventNameRestricted => Some(513),
            ProblemCode::InvalidGender => Some(514),
            ProblemCode::InvalidEmail => Some(515),
            ProblemCode::InvalidPhone => Some(516),
            ProblemCode::TooManyProperties => Some(522),
            ProblemCode::MissingIdentity => Some(523),
            _ => None,
        }
    }
}

impl fmt::Display for ProblemCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What waflows did with the data a problem concerns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// The whole record was not built; its content is in [`Problem::value`].
    RecordDropped,
    /// The field was left out of the record; its value is in [`Problem::value`].
    FieldDropped,
    /// The data is in the record as it was (CleverTap may still reject it).
    Kept,
}

impl Outcome {
    /// The stable snake_case name.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Outcome::RecordDropped => "record_dropped",
            Outcome::FieldDropped => "field_dropped",
            Outcome::Kept => "kept",
        }
    }
}

/// One problem found while ingesting.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Problem {
    /// What is wrong.
    pub code: ProblemCode,
    /// The offending key (`"Phone"`, `"evtName"`, `"ct-evt"`), as written in the payload.
    pub key: String,
    /// RFC 6901 pointer to the offending place, relative to the payload
    /// (`"/ct-up/Phone"`, `"/ct-evt/evtData/rating"`).
    pub pointer: String,
    /// A human-readable explanation.
    pub message: String,
    /// What was done.
    pub outcome: Outcome,
    /// The data that did not reach a record (for `RecordDropped` / `FieldDropped`), so nothing
    /// is lost silently. `None` when the data was kept.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<Value>,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {} [{}, {}]",
            self.pointer,
            self.message,
            self.code,
            self.outcome.as_str()
        )
    }
}

/// Escapes one JSON-pointer segment (RFC 6901: `~` → `~0`, `/` → `~1`).
pub(crate) fn escape_segment(s: &str) -> String {
    s.replace('~', "~0").replace('/', "~1")
}

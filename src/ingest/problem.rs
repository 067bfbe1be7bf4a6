//! Problems found while ingesting: a code, the offending key, and what was done about it.

use serde::Serialize;
use serde_json::Value;
use std::fmt;

crate::catalogue! {
    /// What went wrong with one part of a `ct-evt` / `ct-up` block. Stable snake_case names
    /// (`as_str`); where CleverTap's upload API has a per-record error code for the same fault,
    /// [`ProblemCode::clevertap_code`] gives it.
    #[non_exhaustive]
    pub enum ProblemCode as "ingest problem code", unknown = InvalidArgument {
        /// `ct-evt` / `ct-up` (or `evtData`) given as a string that is not JSON.
        InvalidJson = 0 => "invalid_json",
        /// `ct-evt` / `ct-up` / `evtData` has the wrong JSON type (e.g. an array or a number).
        InvalidStructure = 1 => "invalid_structure",
        /// `ct-evt` has no non-empty string `evtName` (CleverTap 509).
        EventNameMissing = 2 => "event_name_missing",
        /// `evtName` is a restricted system event (CleverTap 513).
        EventNameRestricted = 3 => "event_name_restricted",
        /// `evtName` contains one of `. : $ ' " \`.
        EventNameInvalidChars = 4 => "event_name_invalid_chars",
        /// `evtName` is longer than 512 characters.
        EventNameTooLong = 5 => "event_name_too_long",
        /// `ct-evt` has a key other than `evtName` / `evtData`.
        UnknownKey = 6 => "unknown_key",
        /// A property key is empty (after trimming).
        KeyEmpty = 7 => "key_empty",
        /// A property key is longer than 120 characters (events) / 120 bytes (profiles).
        KeyTooLong = 8 => "key_too_long",
        /// A property key contains one of `: $ ' " \`.
        KeyInvalidChars = 9 => "key_invalid_chars",
        /// A string value is longer than 512 UTF-8 bytes.
        ValueTooLong = 10 => "value_too_long",
        /// A value is `null`.
        ValueNull = 11 => "value_null",
        /// A value's shape is not accepted (nested deeper than 3, array over 100 items, an object in
        /// a profile, a non-string multi-value item).
        ValueUnsupported = 12 => "value_unsupported",
        /// More than 100 properties in `evtData` (CleverTap 522).
        TooManyProperties = 13 => "too_many_properties",
        /// More than 256 keys in one `ct-up`.
        TooManyProfileKeys = 14 => "too_many_profile_keys",
        /// A reserved profile key (`Name`, `Email`, `Phone`, …) holds an object or an array.
        ReservedKeyNotScalar = 15 => "reserved_key_not_scalar",
        /// `Phone` is not E.164 with a leading `+` (CleverTap 516).
        InvalidPhone = 16 => "invalid_phone",
        /// `Gender` is not `M` or `F` (CleverTap 514).
        InvalidGender = 17 => "invalid_gender",
        /// `Email` is not an e-mail address (CleverTap 515).
        InvalidEmail = 18 => "invalid_email",
        /// No identity is known for the user, so no record can be built (CleverTap 523).
        MissingIdentity = 19 => "missing_identity",
        /// A webhook message is not usable (no `response_json`, or it is not a JSON object).
        InvalidMessage = 20 => "invalid_message",
    }
}

impl ProblemCode {
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

crate::catalogue! {
    /// What waflows did with the data a problem concerns.
    #[non_exhaustive]
    pub enum Outcome as "ingest outcome", unknown = InvalidArgument {
        /// The whole record was not built; its content is in [`Problem::value`].
        RecordDropped = 0 => "record_dropped",
        /// The field was left out of the record; its value is in [`Problem::value`].
        FieldDropped = 1 => "field_dropped",
        /// The data is in the record as it was (CleverTap may still reject it).
        Kept = 2 => "kept",
    }
}

/// One problem found while ingesting.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
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

//! CleverTap upload records and upload bodies.

use crate::{Error, ErrorCode, Result};
use serde_json::{Map, Value};

/// Most records in one upload body (CleverTap's limit per call).
pub const MAX_RECORDS_PER_UPLOAD: usize = 1000;

/// Largest JSON array accepted by [`upload_bodies_from_json`], in bytes.
const MAX_RECORDS_JSON_BYTES: usize = 64 << 20;

/// One record of CleverTap's upload API (`POST /1/upload`, body `{"d":[…]}`).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Record {
    /// `{"type":"event","identity",…,"ts",…,"evtName",…,"evtData":{…}}`.
    Event {
        /// The user's identity.
        identity: String,
        /// Epoch seconds; omitted when `None` (CleverTap then uses the upload time).
        ts: Option<crate::UnixTime>,
        /// Event name.
        evt_name: String,
        /// Event properties.
        evt_data: Map<String, Value>,
    },
    /// `{"type":"profile","identity",…,"ts",…,"profileData":{…}}`.
    Profile {
        /// The user's identity.
        identity: String,
        /// Epoch seconds; omitted when `None`.
        ts: Option<crate::UnixTime>,
        /// Profile properties.
        profile_data: Map<String, Value>,
    },
}

impl Record {
    /// The record as CleverTap expects it.
    #[must_use]
    pub fn to_json(&self) -> Value {
        let mut m = Map::new();
        match self {
            Record::Event {
                identity,
                ts,
                evt_name,
                evt_data,
            } => {
                m.insert("type".into(), "event".into());
                m.insert("identity".into(), identity.as_str().into());
                if let Some(ts) = ts {
                    m.insert("ts".into(), (*ts).into());
                }
                m.insert("evtName".into(), evt_name.as_str().into());
                m.insert("evtData".into(), Value::Object(evt_data.clone()));
            }
            Record::Profile {
                identity,
                ts,
                profile_data,
            } => {
                m.insert("type".into(), "profile".into());
                m.insert("identity".into(), identity.as_str().into());
                if let Some(ts) = ts {
                    m.insert("ts".into(), (*ts).into());
                }
                m.insert("profileData".into(), Value::Object(profile_data.clone()));
            }
        }
        Value::Object(m)
    }

    /// The identity the record is for.
    #[must_use]
    pub fn identity(&self) -> &str {
        match self {
            Record::Event { identity, .. } | Record::Profile { identity, .. } => identity,
        }
    }
}

/// Splits `records` into upload bodies `{"d":[…]}` of at most 1000 records each, in order.
/// No records give no bodies.
#[must_use]
pub fn upload_bodies(records: &[Record]) -> Vec<String> {
    records
        .chunks(MAX_RECORDS_PER_UPLOAD)
        .map(|chunk| body_of(chunk.iter().map(Record::to_json)))
        .collect()
}

fn body_of(records: impl Iterator<Item = Value>) -> String {
    let mut d = Map::new();
    d.insert("d".into(), Value::Array(records.collect()));
    Value::Object(d).to_string()
}

/// Like [`upload_bodies`] for records given as a JSON array of objects (as the C and Python
/// surfaces hold them). Each must have `"type"` `"event"` or `"profile"` and a non-empty string
/// identifier (`identity`, `objectId`, `FBID` or `GPID`); events need a string `evtName`,
/// profiles an object `profileData`.
///
/// # Errors
/// `InvalidRecord` naming the first bad record's index; `LimitExceeded` over 64 MiB.
pub fn upload_bodies_from_json(json: &[u8]) -> Result<Vec<String>> {
    if json.len() > MAX_RECORDS_JSON_BYTES {
        return Err(Error::new(
            ErrorCode::LimitExceeded,
            format!(
                "records are {} bytes; the limit is {MAX_RECORDS_JSON_BYTES}",
                json.len()
            ),
        ));
    }
    crate::limits::check_json_depth(json, "records")?;
    let v: Value = serde_json::from_slice(json).map_err(|e| {
        Error::new(
            ErrorCode::InvalidRecord,
            format!("records are not JSON: {e}"),
        )
    })?;
    let Value::Array(items) = v else {
        return Err(Error::new(
            ErrorCode::InvalidRecord,
            "records must be a JSON array",
        ));
    };
    for (i, item) in items.iter().enumerate() {
        check_record(item).map_err(|why| {
            Error::new(
                ErrorCode::InvalidRecord,
                format!("record {i} is not an upload record: {why}"),
            )
        })?;
    }
    Ok(items
        .chunks(MAX_RECORDS_PER_UPLOAD)
        .map(|c| body_of(c.iter().cloned()))
        .collect())
}

fn check_record(v: &Value) -> std::result::Result<(), &'static str> {
    let Value::Object(m) = v else {
        return Err("not an object");
    };
    let has_id = ["identity", "objectId", "FBID", "GPID"]
        .iter()
        .any(|k| matches!(m.get(*k), Some(Value::String(s)) if !s.trim().is_empty()));
    if !has_id {
        return Err("no identity, objectId, FBID or GPID");
    }
    match m.get("type").and_then(Value::as_str) {
        Some("event") => match m.get("evtName") {
            Some(Value::String(s)) if !s.is_empty() => Ok(()),
            _ => Err("event without a string evtName"),
        },
        Some("profile") => match m.get("profileData") {
            Some(Value::Object(_)) => Ok(()),
            _ => Err("profile without an object profileData"),
        },
        _ => Err("type must be \"event\" or \"profile\""),
    }
}

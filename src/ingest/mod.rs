//! Ingestion of CleverTap analytics keys (`ct-evt`, `ct-up`) from WhatsApp Flows payloads.
//!
//! A Flow's `on-click-action` payload may carry two helper keys:
//! `"ct-evt": {"evtName": …, "evtData": {…}}` (one CleverTap event) and `"ct-up": {…}`
//! (profile properties). They arrive either in a decrypted endpoint request's `data`
//! (`data_exchange`) or, for `complete`, in the messages webhook's
//! `interactive.nfm_reply.response_json`. This module turns them into records of CleverTap's
//! upload API and into upload bodies of at most 1000 records.
//!
//! Pure functions over `serde_json` values: no I/O, no clock (`ts` is an argument or comes from
//! the webhook).
//!
//! # Rules
//! - `ct-evt` / `ct-up` / `evtData` may be JSON objects or JSON *strings* holding an object
//!   (Flow payload values are often strings). Anything else is an `invalid_structure` problem.
//! - Non-string values: numbers and booleans are kept as they are; `null` is a `value_null`
//!   problem; in `evtData`, arrays and objects are kept when nested at most 3 levels deep with at
//!   most 100 items per array; in `ct-up`, arrays are multi-value properties (strings only, at
//!   most 100 items) and objects are `value_unsupported`. For `MSG-*` subscription keys, the
//!   strings `"true"` / `"false"` (any case) become booleans (turn off with
//!   [`Options::coerce_subscription_booleans`]).
//! - Limits (CleverTap upload API and SDK rules): event name ≤ 512 characters, without
//!   `. : $ ' " \`, not a restricted system event; keys non-empty, ≤ 120 characters (events) /
//!   120 bytes (profiles), without `: $ ' " \`; string values ≤ 512 UTF-8 bytes; ≤ 100 event
//!   properties; ≤ 256 keys per profile update; `Phone` E.164 with `+`; `Gender` `M` or `F`;
//!   `Email` an address; reserved profile keys scalar only.
//! - Every problem has a [`ProblemCode`], the offending key and pointer, and an [`Outcome`].
//!   The caller picks a [`Policy`]; the default is [`Policy::DropField`]. Nothing is lost
//!   silently: every input field ends up in a record, in [`Extraction::rest`], or in a
//!   problem's `value`.
//!
//! ```
//! use serde_json::json;
//! use waflows::ingest::{self, Outcome, ProblemCode};
//!
//! let payload = json!({"next_screen": "B",
//!     "ct-evt": {"evtName": "Stay Feedback", "evtData": {"rating": "5"}},
//!     "ct-up": {"Name": "Jay", "Phone": "12345"}});
//! let x = ingest::extract(&payload)?;
//! assert_eq!(x.event.as_ref().unwrap().name, "Stay Feedback");
//! // A bad phone is dropped (the default policy) and reported with its value.
//! assert_eq!(x.problems[0].code, ProblemCode::InvalidPhone);
//! assert_eq!(x.problems[0].outcome, Outcome::FieldDropped);
//! assert_eq!(x.rest["next_screen"], "B");
//!
//! let (records, _) = x.records(Some("919876543210"), Some(1_764_000_000));
//! assert_eq!(records.len(), 2); // the event and the profile update
//! let bodies = ingest::upload_bodies(&records); // POST each to CleverTap's /1/upload
//! assert!(bodies[0].starts_with(r#"{"d":[{"#) && bodies[0].contains(r#""type":"event""#));
//! # Ok::<(), waflows::Error>(())
//! ```

mod problem;
mod record;
mod webhook;

pub use problem::{Outcome, Problem, ProblemCode};
pub use record::{MAX_RECORDS_PER_UPLOAD, Record, upload_bodies, upload_bodies_from_json};
pub use webhook::{
    Completion, IdentityStyle, MAX_WEBHOOK_BYTES, WebhookIngest, WebhookOptions, ingest_webhook,
    ingest_webhook_with, records_from_webhook,
};

use crate::{Error, ErrorCode, Result};
use problem::escape_segment;
use serde_json::{Map, Value};

/// The payload key of a CleverTap event block.
pub const EVENT_KEY: &str = "ct-evt";
/// The payload key of a CleverTap profile block.
pub const PROFILE_KEY: &str = "ct-up";
/// Longest event name accepted (characters; Android SDK limit).
pub const MAX_EVENT_NAME_CHARS: usize = 512;
/// Longest property key (characters for events, bytes for profiles).
pub const MAX_KEY_LEN: usize = 120;
/// Longest string value, in UTF-8 bytes.
pub const MAX_VALUE_BYTES: usize = 512;
/// Most properties in one event's `evtData` (CleverTap default).
pub const MAX_EVENT_PROPERTIES: usize = 100;
/// Most keys in one profile update.
pub const MAX_PROFILE_KEYS: usize = 256;
/// Most items in one array value.
pub const MAX_ARRAY_ITEMS: usize = 100;
/// Deepest nesting of arrays/objects inside an event property value.
pub const MAX_NESTING_DEPTH: usize = 3;
/// Largest `ct-evt` / `ct-up` given as a JSON string, in bytes.
pub const MAX_BLOCK_JSON_BYTES: usize = 256 * 1024;

/// Event names CleverTap reserves for its own system events (union of its SDK lists and docs).
pub const RESTRICTED_EVENT_NAMES: &[&str] = &[
    "Stayed",
    "Notification Clicked",
    "Notification Viewed",
    "UTM Visited",
    "Notification Sent",
    "App Launched",
    "App Uninstalled",
    "Notification Bounced",
    "wzrk_d",
    "Geocluster Entered",
    "Geocluster Exited",
    "SCOutgoing",
    "SCIncoming",
    "SCEnd",
    "SCCampaignOptOut",
    "App Installed",
    "App Version Changed",
    "Notification Replied",
    "Reply Sent",
    "State Transitioned",
    "Session Concluded",
    "Channel Unsubscribed",
];

/// Profile keys that must hold a scalar (no object, no array).
pub const RESERVED_PROFILE_KEYS: &[&str] = &[
    "Name",
    "Email",
    "Education",
    "Married",
    "DOB",
    "Gender",
    "Phone",
    "Age",
    "FBID",
    "GPID",
    "Birthday",
    "Identity",
];

crate::catalogue! {
    /// What to do with data that has a problem.
    #[non_exhaustive]
    pub enum Policy as "ingest policy", unknown = InvalidArgument {
        /// Any problem in a block drops the whole record.
        DropRecord = 1 => "drop_record",
        /// The default: a field problem drops that field; a record problem (no usable event name,
        /// bad structure) drops the record.
        DropField = 0 => "drop_field",
        /// Keep everything that can still form a record and report the problems as warnings
        /// (CleverTap may then reject the record itself). Data that cannot be placed in a record
        /// (a bad structure, an unknown key inside `ct-evt`) is still dropped and reported.
        KeepAndWarn = 2 => "keep_and_warn",
    }
}

impl Default for Policy {
    /// [`Policy::DropField`].
    fn default() -> Self {
        Policy::DropField
    }
}

impl Policy {
    /// Parses [`Policy::as_str`] names.
    ///
    /// # Errors
    /// `InvalidArgument` for an unknown name.
    pub fn parse(s: &str) -> Result<Policy> {
        match s {
            "drop_record" => Ok(Policy::DropRecord),
            "drop_field" => Ok(Policy::DropField),
            "keep_and_warn" => Ok(Policy::KeepAndWarn),
            _ => Err(Error::invalid_argument(format!(
                "unknown ingest policy {s:?} (expected drop_record, drop_field or keep_and_warn)"
            ))),
        }
    }
}

/// Extraction options: [`Options::default`] and the `with_*` methods (the struct may gain
/// fields, so it is not built literally outside the crate).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Options {
    /// What to do with problematic data (default [`Policy::DropField`]).
    pub policy: Policy,
    /// Turn `"true"` / `"false"` strings of `MSG-*` profile keys into booleans (default on).
    pub coerce_subscription_booleans: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            policy: Policy::default(),
            coerce_subscription_booleans: true,
        }
    }
}

impl Options {
    /// Sets what happens to problematic data.
    #[must_use]
    pub fn with_policy(mut self, policy: Policy) -> Self {
        self.policy = policy;
        self
    }

    /// Sets whether `"true"` / `"false"` strings of `MSG-*` profile keys become booleans.
    #[must_use]
    pub fn with_coerce_subscription_booleans(mut self, yes: bool) -> Self {
        self.coerce_subscription_booleans = yes;
        self
    }
}

/// A CleverTap event taken from `ct-evt`.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Event {
    /// `evtName`.
    pub name: String,
    /// `evtData` after the policy was applied.
    pub data: Map<String, Value>,
}

impl Event {
    /// `{"evtName": …, "evtData": {…}}`.
    #[must_use]
    pub fn to_json(&self) -> Value {
        let mut m = Map::new();
        m.insert("evtName".into(), Value::String(self.name.clone()));
        m.insert("evtData".into(), Value::Object(self.data.clone()));
        Value::Object(m)
    }
}

/// What [`extract`] found in one payload.
#[derive(Debug, Clone, PartialEq, Default)]
#[non_exhaustive]
pub struct Extraction {
    /// The event, if `ct-evt` gave one that survived the policy.
    pub event: Option<Event>,
    /// The profile properties, if `ct-up` gave a non-empty set that survived the policy.
    pub profile: Option<Map<String, Value>>,
    /// Every problem, in payload order (event first, then profile).
    pub problems: Vec<Problem>,
    /// The payload without `ct-evt` and `ct-up`, in its original order.
    pub rest: Map<String, Value>,
}

impl Extraction {
    /// Whether the payload had nothing to ingest and no problem.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.event.is_none() && self.profile.is_none() && self.problems.is_empty()
    }

    /// Builds the upload records for `identity` at `ts` (epoch seconds; `None` lets CleverTap
    /// use the upload time). Without a usable identity (absent or blank) no record is built and
    /// each block becomes a `missing_identity` problem carrying the block.
    #[must_use]
    pub fn records(
        &self,
        identity: Option<&str>,
        ts: Option<crate::UnixTime>,
    ) -> (Vec<Record>, Vec<Problem>) {
        let mut records = Vec::new();
        let mut problems = Vec::new();
        let identity = identity.map(str::trim).filter(|s| !s.is_empty());
        if let Some(ev) = &self.event {
            match identity {
                Some(id) => records.push(Record::Event {
                    identity: id.to_owned(),
                    ts,
                    evt_name: ev.name.clone(),
                    evt_data: ev.data.clone(),
                }),
                None => problems.push(missing_identity(EVENT_KEY, ev.to_json())),
            }
        }
        if let Some(p) = &self.profile {
            match identity {
                Some(id) => records.push(Record::Profile {
                    identity: id.to_owned(),
                    ts,
                    profile_data: p.clone(),
                }),
                None => problems.push(missing_identity(PROFILE_KEY, Value::Object(p.clone()))),
            }
        }
        (records, problems)
    }
}

fn missing_identity(key: &str, value: Value) -> Problem {
    Problem {
        code: ProblemCode::MissingIdentity,
        key: key.to_owned(),
        pointer: format!("/{key}"),
        message: "no identity is known for this user; the record was not built".into(),
        outcome: Outcome::RecordDropped,
        value: Some(value),
    }
}

/// Extracts `ct-evt` / `ct-up` from a payload object with the default [`Options`].
///
/// # Errors
/// `InvalidPayload` when `payload` is not a JSON object.
pub fn extract(payload: &Value) -> Result<Extraction> {
    extract_with(payload, &Options::default())
}

/// Parses `json` and extracts from it (see [`extract_with`]).
///
/// # Errors
/// `InvalidPayload` when `json` is not a JSON object; `LimitExceeded` over 4 MiB.
pub fn extract_json(json: &[u8], options: &Options) -> Result<Extraction> {
    if json.len() > MAX_WEBHOOK_BYTES {
        return Err(Error::new(
            ErrorCode::LimitExceeded,
            format!(
                "payload is {} bytes; the limit is {MAX_WEBHOOK_BYTES}",
                json.len()
            ),
        ));
    }
    crate::limits::check_json_depth(json, "payload")?;
    let v: Value = serde_json::from_slice(json).map_err(|e| {
        Error::new(
            ErrorCode::InvalidPayload,
            format!("payload is not JSON: {e}"),
        )
    })?;
    extract_with(&v, options)
}

/// Extracts `ct-evt` / `ct-up` from a payload object (a decrypted request's `data`, or a parsed
/// `response_json`). Extraction itself never fails on bad blocks: they become problems.
///
/// # Errors
/// `InvalidPayload` when `payload` is not a JSON object.
pub fn extract_with(payload: &Value, options: &Options) -> Result<Extraction> {
    let Value::Object(map) = payload else {
        return Err(Error::new(
            ErrorCode::InvalidPayload,
            format!("payload must be a JSON object, got {}", type_name(payload)),
        ));
    };
    Ok(extract_map(map, options))
}

/// [`extract_with`] over an object that is already a map.
#[must_use]
pub fn extract_map(map: &Map<String, Value>, options: &Options) -> Extraction {
    let mut out = Extraction::default();
    for (k, v) in map {
        if k != EVENT_KEY && k != PROFILE_KEY {
            out.rest.insert(k.clone(), v.clone());
        }
    }
    if let Some(raw) = map.get(EVENT_KEY) {
        out.event = extract_event(raw, options, &mut out.problems);
    }
    if let Some(raw) = map.get(PROFILE_KEY) {
        out.profile = extract_profile(raw, options, &mut out.problems);
    }
    out
}

pub(crate) fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Collects the problems of one block (one future record) before the policy decides.
struct Block<'a> {
    raw: &'a Value,
    policy: Policy,
    /// Problems with the field they concern (`None` = record level).
    found: Vec<(Problem, Option<String>)>,
    /// A record-level problem that makes a record impossible whatever the policy.
    fatal: bool,
}

impl<'a> Block<'a> {
    fn new(raw: &'a Value, policy: Policy) -> Self {
        Block {
            raw,
            policy,
            found: Vec::new(),
            fatal: false,
        }
    }

    /// Records a problem. `field` is the data key it concerns (for field-level problems),
    /// `value` the offending value.
    fn report(
        &mut self,
        code: ProblemCode,
        key: &str,
        pointer: String,
        message: String,
        field: Option<&str>,
        value: Option<&Value>,
    ) {
        let p = Problem {
            code,
            key: key.to_owned(),
            pointer,
            message,
            outcome: Outcome::Kept,
            value: value.cloned(),
        };
        self.found.push((p, field.map(str::to_owned)));
    }

    fn fatal(&mut self, code: ProblemCode, key: &str, pointer: String, message: String) {
        self.fatal = true;
        self.report(code, key, pointer, message, None, None);
    }

    /// Whether the record survives: not when fatal, and not under `DropRecord` with any
    /// problem, nor under `DropField` with a record-level problem.
    fn record_survives(&self) -> bool {
        if self.fatal {
            return false;
        }
        match self.policy {
            Policy::DropRecord => self.found.is_empty(),
            Policy::DropField => self.found.iter().all(|(_, f)| f.is_some()),
            Policy::KeepAndWarn => true,
        }
    }

    /// Applies the outcome to every problem and moves them to `sink`. Returns whether the record
    /// survives; `drop_field(name)` is called for each field to remove.
    fn finish(
        self,
        sink: &mut Vec<Problem>,
        always_drop: &[String],
        mut drop_field: impl FnMut(&str),
    ) -> bool {
        let survives = self.record_survives();
        for (mut p, field) in self.found {
            if !survives {
                p.outcome = Outcome::RecordDropped;
                p.value = Some(self.raw.clone());
            } else if let Some(f) = field {
                let must_drop = always_drop.contains(&f);
                if self.policy == Policy::KeepAndWarn && !must_drop {
                    p.outcome = Outcome::Kept;
                    p.value = None;
                } else {
                    p.outcome = Outcome::FieldDropped;
                    drop_field(&f);
                }
            } else {
                p.outcome = Outcome::Kept;
                p.value = None;
            }
            sink.push(p);
        }
        survives
    }
}

/// Accepts an object, or a string holding a JSON object. Reports and returns `None` otherwise.
fn as_object<'v>(
    raw: &'v Value,
    key: &str,
    pointer: &str,
    block: &mut Block<'_>,
    parsed: &'v mut Option<Value>,
) -> Option<&'v Map<String, Value>> {
    match raw {
        Value::Object(m) => Some(m),
        Value::String(s) => {
            if s.len() > MAX_BLOCK_JSON_BYTES {
                block.fatal(
                    ProblemCode::InvalidJson,
                    key,
                    pointer.to_owned(),
                    format!(
                        "{key} string is {} bytes; the limit is {MAX_BLOCK_JSON_BYTES}",
                        s.len()
                    ),
                );
                return None;
            }
            if crate::limits::exceeds_depth(s.as_bytes(), crate::limits::MAX_JSON_DEPTH) {
                block.fatal(
                    ProblemCode::InvalidJson,
                    key,
                    pointer.to_owned(),
                    format!(
                        "{key} string nests deeper than {} levels",
                        crate::limits::MAX_JSON_DEPTH
                    ),
                );
                return None;
            }
            match serde_json::from_str::<Value>(s) {
                Ok(v @ Value::Object(_)) => {
                    *parsed = Some(v);
                    match parsed {
                        Some(Value::Object(m)) => Some(m),
                        _ => None,
                    }
                }
                Ok(other) => {
                    block.fatal(
                        ProblemCode::InvalidStructure,
                        key,
                        pointer.to_owned(),
                        format!(
                            "{key} string holds {}, expected a JSON object",
                            type_name(&other)
                        ),
                    );
                    None
                }
                Err(e) => {
                    block.fatal(
                        ProblemCode::InvalidJson,
                        key,
                        pointer.to_owned(),
                        format!("{key} is a string but not JSON: {e}"),
                    );
                    None
                }
            }
        }
        other => {
            block.fatal(
                ProblemCode::InvalidStructure,
                key,
                pointer.to_owned(),
                format!(
                    "{key} must be an object or a JSON string, got {}",
                    type_name(other)
                ),
            );
            None
        }
    }
}

fn extract_event(raw: &Value, options: &Options, sink: &mut Vec<Problem>) -> Option<Event> {
    let mut block = Block::new(raw, options.policy);
    let root_ptr = format!("/{EVENT_KEY}");
    let mut parsed = None;
    let Some(obj) = as_object(raw, EVENT_KEY, &root_ptr, &mut block, &mut parsed) else {
        block.finish(sink, &[], |_| {});
        return None;
    };

    // evtName
    let name = match obj.get("evtName") {
        Some(Value::String(s)) if !s.trim().is_empty() => Some(s.clone()),
        Some(Value::String(_)) | None => {
            block.fatal(
                ProblemCode::EventNameMissing,
                "evtName",
                format!("{root_ptr}/evtName"),
                "ct-evt needs a non-empty evtName".into(),
            );
            None
        }
        Some(other) => {
            block.fatal(
                ProblemCode::EventNameMissing,
                "evtName",
                format!("{root_ptr}/evtName"),
                format!("evtName must be a string, got {}", type_name(other)),
            );
            None
        }
    };
    if let Some(n) = &name {
        check_event_name(n, &root_ptr, &mut block);
    }

    // Keys other than evtName / evtData cannot go into an event record.
    let mut unknown = Vec::new();
    for (k, v) in obj {
        if k != "evtName" && k != "evtData" {
            block.report(
                ProblemCode::UnknownKey,
                k,
                format!("{root_ptr}/{}", escape_segment(k)),
                format!(
                    "ct-evt key {} is not evtName or evtData; it cannot be sent",
                    crate::limits::quote(k)
                ),
                Some(k),
                Some(v),
            );
            unknown.push(k.clone());
        }
    }

    // evtData
    let data_ptr = format!("{root_ptr}/evtData");
    let mut data_parsed = None;
    let mut data = Map::new();
    let mut bad_data = false;
    match obj.get("evtData") {
        None | Some(Value::Null) => {}
        Some(raw_data) => {
            let mut sub = Block::new(raw_data, options.policy);
            match as_object(raw_data, "evtData", &data_ptr, &mut sub, &mut data_parsed) {
                Some(m) => data = m.clone(),
                None => {
                    // A bad evtData is a field-level problem of the event: the event can still
                    // be sent without properties (unless the policy drops the record).
                    bad_data = true;
                    for (p, _) in sub.found {
                        block.found.push((p, Some("evtData".into())));
                    }
                    if let Some(last) = block.found.last_mut() {
                        last.0.value = Some(raw_data.clone());
                    }
                }
            }
        }
    }
    let mut dropped_fields = Vec::new();
    for (i, (k, v)) in data.iter().enumerate() {
        let ptr = format!("{data_ptr}/{}", escape_segment(k));
        if i >= MAX_EVENT_PROPERTIES {
            block.report(
                ProblemCode::TooManyProperties,
                k,
                ptr,
                format!("evtData has more than {MAX_EVENT_PROPERTIES} properties"),
                Some(k),
                Some(v),
            );
            continue;
        }
        if let Some((code, msg)) = check_key(k, false).or_else(|| check_event_value(v)) {
            block.report(code, k, ptr, msg, Some(k), Some(v));
        }
    }
    let always_drop: Vec<String> = if bad_data {
        unknown
            .iter()
            .cloned()
            .chain(std::iter::once("evtData".to_owned()))
            .collect()
    } else {
        unknown.clone()
    };
    let survives = block.finish(sink, &always_drop, |f| dropped_fields.push(f.to_owned()));
    let name = name?;
    if !survives {
        return None;
    }
    for f in &dropped_fields {
        data.remove(f);
    }
    Some(Event { name, data })
}

fn check_event_name(name: &str, root_ptr: &str, block: &mut Block<'_>) {
    let ptr = format!("{root_ptr}/evtName");
    let (code, msg) = if RESTRICTED_EVENT_NAMES.contains(&name) {
        (
            ProblemCode::EventNameRestricted,
            format!("{name:?} is a restricted CleverTap system event"),
        )
    } else if name.chars().count() > MAX_EVENT_NAME_CHARS {
        (
            ProblemCode::EventNameTooLong,
            format!("evtName is longer than {MAX_EVENT_NAME_CHARS} characters"),
        )
    } else if let Some(c) = name
        .chars()
        .find(|c| matches!(c, '.' | ':' | '$' | '\'' | '"' | '\\'))
    {
        (
            ProblemCode::EventNameInvalidChars,
            format!("evtName contains the forbidden character {c:?}"),
        )
    } else {
        return;
    };
    block.report(code, "evtName", ptr, msg, None, None);
}

/// Key checks shared by events (`bytes == false`: length in characters) and profiles (bytes).
fn check_key(k: &str, bytes: bool) -> Option<(ProblemCode, String)> {
    if k.trim().is_empty() {
        return Some((ProblemCode::KeyEmpty, "property key is empty".into()));
    }
    let len = if bytes { k.len() } else { k.chars().count() };
    if len > MAX_KEY_LEN {
        let unit = if bytes { "bytes" } else { "characters" };
        return Some((
            ProblemCode::KeyTooLong,
            format!("key is {len} {unit}; the limit is {MAX_KEY_LEN}"),
        ));
    }
    if let Some(c) = k
        .chars()
        .find(|c| matches!(c, ':' | '$' | '\'' | '"' | '\\'))
    {
        return Some((
            ProblemCode::KeyInvalidChars,
            format!("key contains the forbidden character {c:?}"),
        ));
    }
    None
}

fn check_string(s: &str) -> Option<(ProblemCode, String)> {
    (s.len() > MAX_VALUE_BYTES).then(|| {
        (
            ProblemCode::ValueTooLong,
            format!("value is {} bytes; the limit is {MAX_VALUE_BYTES}", s.len()),
        )
    })
}

fn check_event_value(v: &Value) -> Option<(ProblemCode, String)> {
    match v {
        Value::Null => Some((ProblemCode::ValueNull, "value is null".into())),
        Value::Bool(_) | Value::Number(_) => None,
        Value::String(s) => check_string(s),
        Value::Array(_) | Value::Object(_) => check_nested(v, 1),
    }
}

/// Checks a container value at nesting `depth` (1 = the property's own value). Iterative over
/// siblings, recursive over depth, which is capped at `MAX_NESTING_DEPTH + 1`.
fn check_nested(v: &Value, depth: usize) -> Option<(ProblemCode, String)> {
    let children: Box<dyn Iterator<Item = &Value>> = match v {
        Value::Array(a) => {
            if a.len() > MAX_ARRAY_ITEMS {
                return Some((
                    ProblemCode::ValueUnsupported,
                    format!(
                        "array has {} items; the limit is {MAX_ARRAY_ITEMS}",
                        a.len()
                    ),
                ));
            }
            Box::new(a.iter())
        }
        Value::Object(m) => Box::new(m.values()),
        Value::String(s) => return check_string(s),
        _ => return None,
    };
    if depth > MAX_NESTING_DEPTH {
        return Some((
            ProblemCode::ValueUnsupported,
            format!("value is nested more than {MAX_NESTING_DEPTH} levels deep"),
        ));
    }
    for c in children {
        if let Some(p) = check_nested(c, depth + 1) {
            return Some(p);
        }
    }
    None
}

fn extract_profile(
    raw: &Value,
    options: &Options,
    sink: &mut Vec<Problem>,
) -> Option<Map<String, Value>> {
    let mut block = Block::new(raw, options.policy);
    let root_ptr = format!("/{PROFILE_KEY}");
    let mut parsed = None;
    let Some(obj) = as_object(raw, PROFILE_KEY, &root_ptr, &mut block, &mut parsed) else {
        block.finish(sink, &[], |_| {});
        return None;
    };
    let mut data = Map::new();
    for (i, (k, v)) in obj.iter().enumerate() {
        let ptr = format!("{root_ptr}/{}", escape_segment(k));
        let mut v = v.clone();
        if options.coerce_subscription_booleans && k.starts_with("MSG-") {
            if let Value::String(s) = &v {
                if s.eq_ignore_ascii_case("true") {
                    v = Value::Bool(true);
                } else if s.eq_ignore_ascii_case("false") {
                    v = Value::Bool(false);
                }
            }
        }
        let problem = if i >= MAX_PROFILE_KEYS {
            Some((
                ProblemCode::TooManyProfileKeys,
                format!("ct-up has more than {MAX_PROFILE_KEYS} keys"),
            ))
        } else {
            check_key(k, true).or_else(|| check_profile_value(k, &v))
        };
        if let Some((code, msg)) = problem {
            block.report(code, k, ptr, msg, Some(k), Some(&v));
        }
        data.insert(k.clone(), v);
    }
    let mut dropped = Vec::new();
    let survives = block.finish(sink, &[], |f| dropped.push(f.to_owned()));
    if !survives {
        return None;
    }
    for f in &dropped {
        data.remove(f);
    }
    (!data.is_empty()).then_some(data)
}

fn check_profile_value(key: &str, v: &Value) -> Option<(ProblemCode, String)> {
    if v.is_null() {
        return Some((ProblemCode::ValueNull, "value is null".into()));
    }
    let reserved = RESERVED_PROFILE_KEYS.contains(&key);
    if reserved && (v.is_array() || v.is_object()) {
        return Some((
            ProblemCode::ReservedKeyNotScalar,
            format!("{key} is a reserved profile key and must hold a single value"),
        ));
    }
    match key {
        "Phone" => {
            return match v {
                Value::String(s) if is_e164(s) => None,
                _ => Some((
                    ProblemCode::InvalidPhone,
                    "Phone must be E.164 with a leading + (e.g. +14155551234)".into(),
                )),
            };
        }
        "Gender" => {
            return match v {
                Value::String(s) if s == "M" || s == "F" => None,
                _ => Some((
                    ProblemCode::InvalidGender,
                    "Gender must be \"M\" or \"F\"".into(),
                )),
            };
        }
        "Email" => {
            return match v {
                Value::String(s) if is_email(s) => None,
                _ => Some((
                    ProblemCode::InvalidEmail,
                    "Email is not an e-mail address".into(),
                )),
            };
        }
        _ => {}
    }
    match v {
        Value::String(s) => check_string(s),
        Value::Array(items) => {
            if items.len() > MAX_ARRAY_ITEMS {
                return Some((
                    ProblemCode::ValueUnsupported,
                    format!(
                        "multi-value property has {} items; the limit is {MAX_ARRAY_ITEMS}",
                        items.len()
                    ),
                ));
            }
            for item in items {
                match item {
                    Value::String(s) => {
                        if let Some(p) = check_string(s) {
                            return Some(p);
                        }
                    }
                    other => {
                        return Some((
                            ProblemCode::ValueUnsupported,
                            format!(
                                "multi-value items must be strings, found {}",
                                type_name(other)
                            ),
                        ));
                    }
                }
            }
            None
        }
        Value::Object(_) => Some((
            ProblemCode::ValueUnsupported,
            "profile properties cannot hold objects".into(),
        )),
        _ => None,
    }
}

/// `+` then 7 to 15 digits, the first not 0 (E.164).
fn is_e164(s: &str) -> bool {
    let Some(digits) = s.strip_prefix('+') else {
        return false;
    };
    (7..=15).contains(&digits.len())
        && digits.bytes().all(|b| b.is_ascii_digit())
        && !digits.starts_with('0')
}

/// A pragmatic address check: one `@`, a non-empty local part, a dotted domain, no spaces,
/// at most 254 bytes.
fn is_email(s: &str) -> bool {
    if s.len() > 254 || s.chars().any(char::is_whitespace) {
        return false;
    }
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
}

#[cfg(test)]
mod tests;

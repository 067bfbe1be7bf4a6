//! Ingestion from the Cloud API messages webhook (flow completions, `nfm_reply`).

use super::{Extraction, Options, Outcome, Problem, ProblemCode, Record, extract_map, type_name};
use crate::{Error, ErrorCode, Result};
use serde_json::{Map, Value};

/// Largest webhook body accepted, in bytes (Meta's webhooks are a few KiB).
pub const MAX_WEBHOOK_BYTES: usize = 4 << 20;

crate::catalogue! {
    /// How the WhatsApp id becomes the CleverTap `identity`.
    #[non_exhaustive]
    pub enum IdentityStyle as "identity style", unknown = InvalidArgument {
        /// As sent by WhatsApp: digits without `+` (`"972987654321"`), or the BSUID. The default.
        AsSent = 0 => "as_sent",
        /// Phone-based ids get a leading `+` (`"+972987654321"`); BSUIDs are unchanged.
        PlusPrefixed = 1 => "plus_prefixed",
    }
}

impl Default for IdentityStyle {
    /// [`IdentityStyle::AsSent`].
    fn default() -> Self {
        IdentityStyle::AsSent
    }
}

/// Options for [`ingest_webhook_with`]: [`WebhookOptions::default`] and the `with_*` methods
/// (the struct may gain fields, so it is not built literally outside the crate).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct WebhookOptions {
    /// Extraction options (policy, coercions).
    pub extract: Options,
    /// Identity formatting.
    pub identity: IdentityStyle,
    /// When set, a completion without `ct-evt` still yields an event with this name whose
    /// properties are the submitted fields (`flow_token` excluded). Off by default.
    pub fallback_event: Option<String>,
}

impl WebhookOptions {
    /// Sets the extraction options (policy, coercions).
    #[must_use]
    pub fn with_extract(mut self, extract: Options) -> Self {
        self.extract = extract;
        self
    }

    /// Sets the identity formatting.
    #[must_use]
    pub fn with_identity(mut self, identity: IdentityStyle) -> Self {
        self.identity = identity;
        self
    }

    /// Sets the event name used for a completion without `ct-evt` (`None`: no event).
    #[must_use]
    pub fn with_fallback_event(mut self, name: Option<String>) -> Self {
        self.fallback_event = name;
        self
    }
}

/// One flow completion found in a webhook.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Completion {
    /// The message's `id` (wamid).
    pub message_id: Option<String>,
    /// The identity used for the records (see [`IdentityStyle`]).
    pub identity: Option<String>,
    /// `messages[].from` / `contacts[].wa_id`, when present.
    pub wa_id: Option<String>,
    /// `contacts[].user_id` (business-scoped user id), when present.
    pub user_id: Option<String>,
    /// `flow_token` from `response_json` (may be missing on some iOS clients).
    pub flow_token: Option<String>,
    /// The message timestamp (epoch seconds).
    pub ts: Option<crate::UnixTime>,
    /// RFC 6901 pointer of the message inside the webhook body.
    pub pointer: String,
    /// What `response_json` carried.
    pub extraction: Extraction,
}

/// Everything taken from one webhook body.
#[derive(Debug, Clone, PartialEq, Default)]
#[non_exhaustive]
pub struct WebhookIngest {
    /// The flow completions, in body order.
    pub completions: Vec<Completion>,
    /// The upload records of every completion, in order.
    pub records: Vec<Record>,
    /// Every problem of every completion; pointers are prefixed with the message's pointer
    /// (`/entry/0/changes/0/value/messages/0/interactive/nfm_reply/response_json/ct-up/Phone`).
    pub problems: Vec<Problem>,
}

/// [`ingest_webhook_with`] with default options.
///
/// # Errors
/// As [`ingest_webhook_with`].
pub fn ingest_webhook(body: &[u8]) -> Result<WebhookIngest> {
    ingest_webhook_with(body, &WebhookOptions::default())
}

/// Only the upload records of a webhook body (default options).
///
/// # Errors
/// As [`ingest_webhook_with`].
pub fn records_from_webhook(body: &[u8]) -> Result<Vec<Record>> {
    Ok(ingest_webhook(body)?.records)
}

/// Parses a whole messages-webhook body and ingests every flow completion in it: every entry,
/// every change, every message of type `interactive` / `nfm_reply`. Other messages and changes
/// (statuses, text messages, `flows` alerts) are ignored.
///
/// # Errors
/// `InvalidWebhook` when the body is not JSON, not an object, or has no `entry` list;
/// `LimitExceeded` over [`MAX_WEBHOOK_BYTES`].
pub fn ingest_webhook_with(body: &[u8], options: &WebhookOptions) -> Result<WebhookIngest> {
    if body.len() > MAX_WEBHOOK_BYTES {
        return Err(Error::new(
            ErrorCode::LimitExceeded,
            format!(
                "webhook body is {} bytes; the limit is {MAX_WEBHOOK_BYTES}",
                body.len()
            ),
        ));
    }
    crate::limits::check_json_depth(body, "webhook body")?;
    let v: Value = serde_json::from_slice(body).map_err(|e| {
        Error::new(
            ErrorCode::InvalidWebhook,
            format!("webhook body is not JSON: {e}"),
        )
    })?;
    let Value::Object(root) = &v else {
        return Err(Error::new(
            ErrorCode::InvalidWebhook,
            format!("webhook body must be a JSON object, got {}", type_name(&v)),
        ));
    };
    let Some(Value::Array(entries)) = root.get("entry") else {
        return Err(Error::new(
            ErrorCode::InvalidWebhook,
            "webhook body has no \"entry\" list",
        ));
    };
    let mut out = WebhookIngest::default();
    for (ei, entry) in entries.iter().enumerate() {
        let Some(Value::Array(changes)) = entry.get("changes") else {
            continue;
        };
        for (ci, change) in changes.iter().enumerate() {
            let Some(value) = change.get("value").and_then(Value::as_object) else {
                continue;
            };
            let Some(Value::Array(messages)) = value.get("messages") else {
                continue;
            };
            let contacts = match value.get("contacts") {
                Some(Value::Array(c)) => c.as_slice(),
                _ => &[],
            };
            for (mi, msg) in messages.iter().enumerate() {
                let Some(msg) = msg.as_object() else { continue };
                if !is_flow_reply(msg) {
                    continue;
                }
                let pointer = format!("/entry/{ei}/changes/{ci}/value/messages/{mi}");
                completion(msg, contacts, pointer, options, &mut out);
            }
        }
    }
    Ok(out)
}

fn is_flow_reply(msg: &Map<String, Value>) -> bool {
    msg.get("type").and_then(Value::as_str) == Some("interactive")
        && msg
            .get("interactive")
            .and_then(|i| i.get("type"))
            .and_then(Value::as_str)
            == Some("nfm_reply")
}

fn non_empty(v: Option<&Value>) -> Option<String> {
    v.and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

fn completion(
    msg: &Map<String, Value>,
    contacts: &[Value],
    pointer: String,
    options: &WebhookOptions,
    out: &mut WebhookIngest,
) {
    let from = non_empty(msg.get("from"));
    // The contact for this message: the one whose wa_id is `from`; otherwise, when the phone is
    // withheld, the only contact (a webhook change carries one user).
    let contact = contacts
        .iter()
        .find(|c| from.is_some() && non_empty(c.get("wa_id")) == from)
        .or_else(|| {
            if contacts.len() == 1 {
                contacts.first()
            } else {
                None
            }
        });
    let wa_id = from.or_else(|| contact.and_then(|c| non_empty(c.get("wa_id"))));
    let user_id = contact.and_then(|c| non_empty(c.get("user_id")));
    let identity = match (&wa_id, &user_id) {
        (Some(w), _) => Some(match options.identity {
            IdentityStyle::PlusPrefixed if !w.starts_with('+') => format!("+{w}"),
            _ => w.clone(),
        }),
        (None, Some(u)) => Some(u.clone()),
        (None, None) => None,
    };
    let ts = match msg.get("timestamp") {
        Some(Value::String(s)) => s.trim().parse::<crate::UnixTime>().ok(),
        Some(Value::Number(n)) => n.as_u64(),
        _ => None,
    };
    let rj_ptr = format!("{pointer}/interactive/nfm_reply/response_json");
    let raw = msg
        .get("interactive")
        .and_then(|i| i.get("nfm_reply"))
        .and_then(|n| n.get("response_json"));
    let parsed = match raw {
        Some(Value::String(s))
            if crate::limits::exceeds_depth(s.as_bytes(), crate::limits::MAX_JSON_DEPTH) =>
        {
            Err(format!(
                "response_json nests deeper than {} levels",
                crate::limits::MAX_JSON_DEPTH
            ))
        }
        Some(Value::String(s)) => match serde_json::from_str::<Value>(s) {
            Ok(Value::Object(m)) => Ok(m),
            Ok(other) => Err(format!(
                "response_json holds {}, expected an object",
                type_name(&other)
            )),
            Err(e) => Err(format!("response_json is not JSON: {e}")),
        },
        // Tolerate an already-parsed object.
        Some(Value::Object(m)) => Ok(m.clone()),
        Some(other) => Err(format!(
            "response_json must be a string, got {}",
            type_name(other)
        )),
        None => Err("nfm_reply has no response_json".to_owned()),
    };
    let map = match parsed {
        Ok(m) => m,
        Err(message) => {
            out.problems.push(Problem {
                code: ProblemCode::InvalidMessage,
                key: "response_json".into(),
                pointer: rj_ptr,
                message,
                outcome: Outcome::RecordDropped,
                value: raw.cloned(),
            });
            return;
        }
    };
    let flow_token = non_empty(map.get("flow_token"));
    let mut extraction = extract_map(&map, &options.extract);
    if extraction.event.is_none() && !map.contains_key(super::EVENT_KEY) {
        if let Some(name) = &options.fallback_event {
            let mut data = extraction.rest.clone();
            data.remove("flow_token");
            extraction.event = Some(super::Event {
                name: name.clone(),
                data,
            });
        }
    }
    let (records, missing) = extraction.records(identity.as_deref(), ts);
    for p in extraction.problems.iter().chain(missing.iter()) {
        let mut p = p.clone();
        p.pointer = format!("{rj_ptr}{}", p.pointer);
        out.problems.push(p);
    }
    extraction.problems.extend(missing);
    out.records.extend(records);
    out.completions.push(Completion {
        message_id: non_empty(msg.get("id")),
        identity,
        wa_id,
        user_id,
        flow_token,
        ts,
        pointer,
        extraction,
    });
}

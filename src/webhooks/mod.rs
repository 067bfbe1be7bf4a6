//! The `flows` webhook: flow status changes and endpoint health alerts.
//!
//! Meta posts these on the WhatsApp Business Account webhook, as changes with
//! `"field": "flows"`:
//!
//! | `event` | fields (besides `event`, `message`, `flow_id`) |
//! | --- | --- |
//! | `FLOW_STATUS_CHANGE` | `old_status` (absent on creation), `new_status` |
//! | `CLIENT_ERROR_RATE`, `ENDPOINT_ERROR_RATE` | `alert_state`, `threshold`, `error_rate`, `errors[]` (`error_type`, `error_rate`, `error_count`) |
//! | `ENDPOINT_LATENCY` | `alert_state`, `threshold`, `p50_latency`, `p90_latency` (ms), `requests_count` |
//! | `ENDPOINT_AVAILABILITY` | `alert_state`, `threshold`, `availability` |
//! | `FLOW_VERSION_EXPIRY_WARNING` | `warning` |
//!
//! [`flows_events`] turns a webhook body into [`FlowsNotification`]s. A status change carries the
//! lifecycle [`Action`] it stands for (`throttle`, `block`, `recover`), computed by
//! [`crate::lifecycle::action_for_status_change`]; feed it to [`crate::lifecycle::apply`].
//!
//! Nothing is dropped silently: a change whose `event` is unknown, that carries a field its
//! event does not define, or whose field has the wrong type becomes a
//! [`FlowsEvent::Unknown`] holding the whole raw `value`, the reason and the error code it would
//! raise. [`flows_events_strict`] raises that error instead. Changes of other fields
//! (`messages`, …) are not `flows` events and are skipped; the ingest module reads those.
//!
//! ```
//! use waflows::webhooks::{flows_events, FlowsEvent};
//! use waflows::lifecycle::Action;
//!
//! let body = br#"{"object":"whatsapp_business_account","entry":[{"id":"1","time":1700000000,
//!   "changes":[{"field":"flows","value":{"event":"FLOW_STATUS_CHANGE",
//!   "message":"Flow X changed status from PUBLISHED to THROTTLED","flow_id":"42",
//!   "old_status":"PUBLISHED","new_status":"THROTTLED"}}]}]}"#;
//! let events = flows_events(body).unwrap();
//! let FlowsEvent::FlowStatusChange(change) = &events[0].event else { panic!() };
//! assert_eq!(change.lifecycle_action, Some(Action::Throttle));
//! ```

use serde::{Deserialize, Serialize, Serializer};
use serde_json::{Map, Value};

use crate::lifecycle::{Action, FlowStatus, action_for_status_change};
use crate::{Error, ErrorCode, Result};

/// Largest webhook body accepted, in bytes.
pub const MAX_FLOWS_WEBHOOK_BYTES: usize = 4 << 20;

crate::catalogue! {
    /// The kind of a `flows` webhook event (its `event` field).
    #[non_exhaustive]
    pub enum FlowsEventKind as "flows event", unknown = FlowsWebhookUnknownEvent {
        /// `FLOW_STATUS_CHANGE`.
        FlowStatusChange = 0 => "FLOW_STATUS_CHANGE",
        /// `CLIENT_ERROR_RATE` (5 %, 10 %, 50 % over 60 min).
        ClientErrorRate = 1 => "CLIENT_ERROR_RATE",
        /// `ENDPOINT_ERROR_RATE` (5 %, 10 %, 50 % over 30 min).
        EndpointErrorRate = 2 => "ENDPOINT_ERROR_RATE",
        /// `ENDPOINT_LATENCY` (p90 1 s, 5 s, 7 s over 30 min).
        EndpointLatency = 3 => "ENDPOINT_LATENCY",
        /// `ENDPOINT_AVAILABILITY` (below 90 % over 10 min).
        EndpointAvailability = 4 => "ENDPOINT_AVAILABILITY",
        /// `FLOW_VERSION_EXPIRY_WARNING`.
        FlowVersionExpiryWarning = 5 => "FLOW_VERSION_EXPIRY_WARNING",
    }
}

crate::catalogue! {
    /// Whether an alert fired (a threshold was crossed) or cleared.
    #[non_exhaustive]
    pub enum AlertState as "alert_state", unknown = FlowsWebhookInvalidField {
        /// `ACTIVATED`: the metric crossed the threshold.
        Activated = 0 => "ACTIVATED",
        /// `DEACTIVATED`: the metric recovered.
        Deactivated = 1 => "DEACTIVATED",
    }
}

/// `FLOW_STATUS_CHANGE`. On creation Meta sends only `new_status: "DRAFT"`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct StatusChange {
    /// The flow's id.
    pub flow_id: String,
    /// Meta's human-readable text.
    #[serde(default)]
    pub message: Option<String>,
    /// The status before (`None` when the flow was just created).
    #[serde(default)]
    pub old_status: Option<FlowStatus>,
    /// The status now.
    pub new_status: FlowStatus,
    /// The Meta lifecycle action this change stands for (`throttle`, `block`, `recover`), from
    /// [`action_for_status_change`]; `None` for the business's own changes (publish,
    /// deprecate, …) and for creation. Computed, never read from input.
    #[serde(skip_deserializing)]
    pub lifecycle_action: Option<Action>,
}

/// One error type's share in an error-rate alert.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct ErrorShare {
    /// The error type as Meta names it (`INVALID_SCREEN_TRANSITION`, `TIMEOUT`, …; kept as sent).
    pub error_type: String,
    /// Its share of the errors, in percent.
    #[serde(default)]
    pub error_rate: Option<f64>,
    /// How many errors of this type.
    #[serde(default)]
    pub error_count: Option<u64>,
}

/// `CLIENT_ERROR_RATE` and `ENDPOINT_ERROR_RATE`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct ErrorRateAlert {
    /// The flow's id.
    pub flow_id: String,
    /// Meta's human-readable text.
    #[serde(default)]
    pub message: Option<String>,
    /// Fired or cleared.
    pub alert_state: AlertState,
    /// The threshold crossed, in percent (5, 10, 50).
    #[serde(default)]
    pub threshold: Option<f64>,
    /// The error rate over the window, in percent.
    #[serde(default)]
    pub error_rate: Option<f64>,
    /// The breakdown by error type.
    #[serde(default)]
    pub errors: Option<Vec<ErrorShare>>,
}

/// `ENDPOINT_LATENCY`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct LatencyAlert {
    /// The flow's id.
    pub flow_id: String,
    /// Meta's human-readable text.
    #[serde(default)]
    pub message: Option<String>,
    /// Fired or cleared.
    pub alert_state: AlertState,
    /// The p90 threshold crossed, in milliseconds (1000, 5000, 7000).
    #[serde(default)]
    pub threshold: Option<f64>,
    /// Median latency over the window, in milliseconds.
    #[serde(default)]
    pub p50_latency: Option<f64>,
    /// p90 latency over the window, in milliseconds.
    #[serde(default)]
    pub p90_latency: Option<f64>,
    /// Requests in the window.
    #[serde(default)]
    pub requests_count: Option<u64>,
}

/// `ENDPOINT_AVAILABILITY`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct AvailabilityAlert {
    /// The flow's id.
    pub flow_id: String,
    /// Meta's human-readable text.
    #[serde(default)]
    pub message: Option<String>,
    /// Fired or cleared.
    pub alert_state: AlertState,
    /// The threshold, in percent (90).
    #[serde(default)]
    pub threshold: Option<f64>,
    /// Availability over the window, in percent.
    #[serde(default)]
    pub availability: Option<f64>,
}

/// `FLOW_VERSION_EXPIRY_WARNING`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct VersionExpiryWarning {
    /// The flow's id.
    pub flow_id: String,
    /// Meta's human-readable text.
    #[serde(default)]
    pub message: Option<String>,
    /// The warning text.
    #[serde(default)]
    pub warning: Option<String>,
}

/// A `flows` change waflows could not type. Nothing is lost: `raw` is the whole `value` object.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct UnknownFlowsEvent {
    /// The error strict parsing raises for it (`flows_webhook_unknown_event`,
    /// `flows_webhook_unknown_field`, `flows_webhook_invalid_field`,
    /// `flows_webhook_malformed`).
    #[serde(serialize_with = "code_name")]
    pub code: ErrorCode,
    /// Why it could not be typed.
    pub reason: String,
    /// The change's `value`, exactly as received.
    pub raw: Value,
}

fn code_name<S: Serializer>(c: &ErrorCode, s: S) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_str(c.as_str())
}

/// One typed `flows` event. The JSON form (C, Python `to_dict`) is the `value` object's fields
/// plus `"event"`; an unknown one is `{"event": "UNKNOWN", "code", "reason", "raw"}`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "event")]
#[non_exhaustive]
pub enum FlowsEvent {
    /// `FLOW_STATUS_CHANGE`.
    #[serde(rename = "FLOW_STATUS_CHANGE")]
    FlowStatusChange(StatusChange),
    /// `CLIENT_ERROR_RATE`.
    #[serde(rename = "CLIENT_ERROR_RATE")]
    ClientErrorRate(ErrorRateAlert),
    /// `ENDPOINT_ERROR_RATE`.
    #[serde(rename = "ENDPOINT_ERROR_RATE")]
    EndpointErrorRate(ErrorRateAlert),
    /// `ENDPOINT_LATENCY`.
    #[serde(rename = "ENDPOINT_LATENCY")]
    EndpointLatency(LatencyAlert),
    /// `ENDPOINT_AVAILABILITY`.
    #[serde(rename = "ENDPOINT_AVAILABILITY")]
    EndpointAvailability(AvailabilityAlert),
    /// `FLOW_VERSION_EXPIRY_WARNING`.
    #[serde(rename = "FLOW_VERSION_EXPIRY_WARNING")]
    FlowVersionExpiryWarning(VersionExpiryWarning),
    /// A change that could not be typed (see [`UnknownFlowsEvent`]).
    #[serde(rename = "UNKNOWN")]
    Unknown(UnknownFlowsEvent),
}

impl FlowsEvent {
    /// Types one change `value`. Never fails: what cannot be typed is [`FlowsEvent::Unknown`].
    #[must_use]
    pub fn from_value(value: &Value) -> FlowsEvent {
        FlowsEvent::try_from_value(value).unwrap_or_else(|e| {
            FlowsEvent::Unknown(UnknownFlowsEvent {
                code: e.code(),
                reason: e.message().to_owned(),
                raw: value.clone(),
            })
        })
    }

    /// Types one change `value`, strictly.
    ///
    /// # Errors
    /// `FlowsWebhookMalformed` (not an object), `FlowsWebhookUnknownEvent`,
    /// `FlowsWebhookUnknownField`, `FlowsWebhookInvalidField` (missing `event`/`flow_id`, a
    /// mistyped field, an unknown status or alert state).
    pub fn try_from_value(value: &Value) -> Result<FlowsEvent> {
        let Value::Object(m) = value else {
            return Err(Error::new(
                ErrorCode::FlowsWebhookMalformed,
                "a flows change's value must be a JSON object",
            ));
        };
        let kind = match m.get("event") {
            Some(Value::String(s)) => s.parse::<FlowsEventKind>().map_err(Error::from)?,
            Some(_) => return Err(invalid("\"event\" must be a string")),
            None => return Err(invalid("the change has no \"event\"")),
        };
        let mut rest: Map<String, Value> = m.clone();
        rest.remove("event");
        let rest = Value::Object(rest);
        Ok(match kind {
            FlowsEventKind::FlowStatusChange => {
                let mut c: StatusChange = typed(kind, &rest)?;
                c.lifecycle_action = c
                    .old_status
                    .and_then(|old| action_for_status_change(old, c.new_status));
                FlowsEvent::FlowStatusChange(c)
            }
            FlowsEventKind::ClientErrorRate => FlowsEvent::ClientErrorRate(typed(kind, &rest)?),
            FlowsEventKind::EndpointErrorRate => FlowsEvent::EndpointErrorRate(typed(kind, &rest)?),
            FlowsEventKind::EndpointLatency => FlowsEvent::EndpointLatency(typed(kind, &rest)?),
            FlowsEventKind::EndpointAvailability => {
                FlowsEvent::EndpointAvailability(typed(kind, &rest)?)
            }
            FlowsEventKind::FlowVersionExpiryWarning => {
                FlowsEvent::FlowVersionExpiryWarning(typed(kind, &rest)?)
            }
        })
    }

    /// The event kind; `None` for [`FlowsEvent::Unknown`].
    #[must_use]
    pub fn kind(&self) -> Option<FlowsEventKind> {
        Some(match self {
            FlowsEvent::FlowStatusChange(_) => FlowsEventKind::FlowStatusChange,
            FlowsEvent::ClientErrorRate(_) => FlowsEventKind::ClientErrorRate,
            FlowsEvent::EndpointErrorRate(_) => FlowsEventKind::EndpointErrorRate,
            FlowsEvent::EndpointLatency(_) => FlowsEventKind::EndpointLatency,
            FlowsEvent::EndpointAvailability(_) => FlowsEventKind::EndpointAvailability,
            FlowsEvent::FlowVersionExpiryWarning(_) => FlowsEventKind::FlowVersionExpiryWarning,
            FlowsEvent::Unknown(_) => return None,
        })
    }

    /// The flow id (for an unknown event: `raw.flow_id` when it is a string).
    #[must_use]
    pub fn flow_id(&self) -> Option<&str> {
        match self {
            FlowsEvent::FlowStatusChange(e) => Some(&e.flow_id),
            FlowsEvent::ClientErrorRate(e) | FlowsEvent::EndpointErrorRate(e) => Some(&e.flow_id),
            FlowsEvent::EndpointLatency(e) => Some(&e.flow_id),
            FlowsEvent::EndpointAvailability(e) => Some(&e.flow_id),
            FlowsEvent::FlowVersionExpiryWarning(e) => Some(&e.flow_id),
            FlowsEvent::Unknown(u) => u.raw.get("flow_id").and_then(Value::as_str),
        }
    }

    /// The alert state of an alert event.
    #[must_use]
    pub fn alert_state(&self) -> Option<AlertState> {
        match self {
            FlowsEvent::ClientErrorRate(e) | FlowsEvent::EndpointErrorRate(e) => {
                Some(e.alert_state)
            }
            FlowsEvent::EndpointLatency(e) => Some(e.alert_state),
            FlowsEvent::EndpointAvailability(e) => Some(e.alert_state),
            _ => None,
        }
    }

    /// The lifecycle action of a status change (see [`StatusChange::lifecycle_action`]).
    #[must_use]
    pub fn lifecycle_action(&self) -> Option<Action> {
        match self {
            FlowsEvent::FlowStatusChange(c) => c.lifecycle_action,
            _ => None,
        }
    }
}

fn invalid(msg: impl Into<String>) -> Error {
    Error::new(ErrorCode::FlowsWebhookInvalidField, msg)
}

fn typed<T: serde::de::DeserializeOwned>(kind: FlowsEventKind, rest: &Value) -> Result<T> {
    T::deserialize(rest).map_err(|e| {
        let msg = e.to_string();
        let code = if msg.starts_with("unknown field") {
            ErrorCode::FlowsWebhookUnknownField
        } else {
            ErrorCode::FlowsWebhookInvalidField
        };
        Error::new(code, format!("{}: {msg}", kind.as_str()))
    })
}

/// One `flows` event found in a webhook body, with where it came from.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct FlowsNotification {
    /// `entry[].id` (the WhatsApp Business Account id), when a string.
    pub waba_id: Option<String>,
    /// `entry[].time` (epoch seconds), when an integer.
    pub time: Option<crate::UnixTime>,
    /// RFC 6901 pointer of the change's `value` (`/entry/0/changes/1/value`).
    pub pointer: String,
    /// The event.
    #[serde(flatten)]
    pub event: FlowsEvent,
}

/// Every `flows` event in a webhook body, in body order; what cannot be typed is a
/// [`FlowsEvent::Unknown`] (nothing is dropped). Changes of other fields are skipped.
///
/// # Errors
/// `FlowsWebhookMalformed` when the body is not JSON, not an object, has no `entry` list, or an
/// entry is not an object with a `changes` list; `LimitExceeded` over
/// [`MAX_FLOWS_WEBHOOK_BYTES`].
pub fn flows_events(body: &[u8]) -> Result<Vec<FlowsNotification>> {
    parse(body, false)
}

/// As [`flows_events`], but the first change that cannot be typed is an error.
///
/// # Errors
/// As [`flows_events`], plus those of [`FlowsEvent::try_from_value`] (the message carries the
/// change's pointer).
pub fn flows_events_strict(body: &[u8]) -> Result<Vec<FlowsNotification>> {
    parse(body, true)
}

fn malformed(msg: impl Into<String>) -> Error {
    Error::new(ErrorCode::FlowsWebhookMalformed, msg)
}

fn parse(body: &[u8], strict: bool) -> Result<Vec<FlowsNotification>> {
    if body.len() > MAX_FLOWS_WEBHOOK_BYTES {
        return Err(Error::new(
            ErrorCode::LimitExceeded,
            format!(
                "webhook body is {} bytes; the limit is {MAX_FLOWS_WEBHOOK_BYTES}",
                body.len()
            ),
        ));
    }
    let root: Value = serde_json::from_slice(body)
        .map_err(|e| malformed(format!("webhook body is not JSON: {e}")))?;
    flows_events_from_value(&root, strict)
}

/// [`flows_events`] (`strict` false) or [`flows_events_strict`] over an already parsed body.
///
/// # Errors
/// As [`flows_events_strict`] / [`flows_events`], without the size limit.
pub fn flows_events_from_value(root: &Value, strict: bool) -> Result<Vec<FlowsNotification>> {
    let Some(Value::Array(entries)) = root.get("entry") else {
        return Err(malformed(if root.is_object() {
            "webhook body has no \"entry\" list"
        } else {
            "webhook body must be a JSON object"
        }));
    };
    let mut out = Vec::new();
    for (ei, entry) in entries.iter().enumerate() {
        let Some(Value::Array(changes)) = entry.get("changes") else {
            return Err(malformed(format!(
                "/entry/{ei} is not an object with a \"changes\" list"
            )));
        };
        let waba_id = entry.get("id").and_then(Value::as_str).map(str::to_owned);
        let time = entry.get("time").and_then(Value::as_u64);
        for (ci, change) in changes.iter().enumerate() {
            if change.get("field").and_then(Value::as_str) != Some("flows") {
                continue;
            }
            let pointer = format!("/entry/{ei}/changes/{ci}/value");
            let value = change.get("value").unwrap_or(&Value::Null);
            let event = if strict {
                FlowsEvent::try_from_value(value)
                    .map_err(|e| Error::new(e.code(), format!("{pointer}: {}", e.message())))?
            } else {
                FlowsEvent::from_value(value)
            };
            out.push(FlowsNotification {
                waba_id: waba_id.clone(),
                time,
                pointer,
                event,
            });
        }
    }
    Ok(out)
}

/// The Rust examples of docs/webhooks.md run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../../docs/webhooks.md")]
struct Docs;

#[cfg(test)]
mod tests;

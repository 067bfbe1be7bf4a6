//! How configuration types are read (serde `Deserialize`) and written (`Serialize`), once for
//! every surface: the C ABI parses the JSON these impls accept, the Python module converts its
//! keyword arguments into a dict and reads it through the same impls (`pythonize`).
//!
//! Unknown keys are refused (`deny_unknown_fields`); a key left out takes the default written
//! next to it, and nothing else is defaulted. Enum values (setup, policy, identity style) are
//! read by their catalogue's own `Deserialize` (the stable names).
//!
//! [`field_names`] lists the keys a configuration type accepts; the parity tests use it to check
//! that every option reaches C and Python.
//!
//! ```
//! use waflows::config::field_names;
//! use waflows::relay::{RelayConfig, Setup};
//!
//! // The C `config_json` and Python's `Relay(...)` keywords are this one reader.
//! let c: RelayConfig = serde_json::from_str(r#"{"setup": "platform+customer",
//!     "token_secrets": [{"id": "k2026", "secret": "token-secret-0123456789"}],
//!     "policy": "keep_and_warn"}"#)?;
//! assert_eq!(c.setup, Setup::PlatformCustomer);
//! assert_eq!(c.token_secrets[0].id(), "k2026");
//! // Unknown keys are refused, not ignored.
//! assert!(serde_json::from_str::<RelayConfig>(r#"{"setup": "static", "polcy": "x"}"#).is_err());
//! assert_eq!(field_names::<RelayConfig>()[0], "setup");
//! # Ok::<(), serde_json::Error>(())
//! ```
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{SerializeStruct, Serializer};
use serde::{Deserialize, Serialize};

use crate::Error;
use crate::flow_json;
use crate::ingest::{
    self, Completion, Event, Extraction, IdentityStyle, Policy, Problem, Record, WebhookIngest,
    WebhookOptions,
};
#[cfg(any(feature = "ffi", feature = "python"))]
use crate::relay::HeldDecision;
use crate::relay::{
    DEFAULT_ERROR_MESSAGE, DEFAULT_TOKEN_ERROR_MESSAGE, Decision, DecisionKind, ErrorNotification,
    RelayConfig, Reply, ReplyKind, Setup,
};
use crate::tokens::TokenSecret;

// ---------------------------------------------------------------------------------------------
// Field-name introspection

/// The keys a configuration type reads, in declaration order (empty when the type is not read
/// as a struct). Works by asking the type's `Deserialize` which fields it would read.
#[must_use]
pub fn field_names<'de, T: Deserialize<'de>>() -> &'static [&'static str] {
    let mut probe = FieldProbe(&[]);
    let _ = T::deserialize(&mut probe);
    probe.0
}

struct FieldProbe(&'static [&'static str]);

#[derive(Debug)]
struct Stop;

impl std::fmt::Display for Stop {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("field probe")
    }
}
impl std::error::Error for Stop {}
impl de::Error for Stop {
    fn custom<T: std::fmt::Display>(_: T) -> Self {
        Stop
    }
}

impl<'de> Deserializer<'de> for &mut FieldProbe {
    type Error = Stop;
    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Stop> {
        Err(Stop)
    }
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        fields: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, Stop> {
        self.0 = fields;
        Err(Stop)
    }
    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
        ignored_any
    }
}

// ---------------------------------------------------------------------------------------------
// Shared readers

pub(crate) fn yes() -> bool {
    true
}

/// One secret (text or bytes) or a list of them. Text is used as its UTF-8 bytes.
struct OneOrMany<T>(Vec<T>);

trait Item: Sized {
    const WHAT: &'static str;
    fn from_bytes<E: de::Error>(b: &[u8]) -> Result<Self, E>;
    fn from_map<'de, A: MapAccess<'de>>(_: A) -> Result<Self, A::Error> {
        Err(de::Error::custom(format!(
            "{} must be text or bytes",
            Self::WHAT
        )))
    }
}

struct AppSecret(Vec<u8>);

impl Item for AppSecret {
    const WHAT: &'static str = "an app secret";
    fn from_bytes<E: de::Error>(b: &[u8]) -> Result<Self, E> {
        Ok(AppSecret(b.to_vec()))
    }
}

impl Item for TokenSecret {
    const WHAT: &'static str = "a token secret";
    fn from_bytes<E: de::Error>(b: &[u8]) -> Result<Self, E> {
        TokenSecret::new(b).map_err(|e| E::custom(e.message()))
    }
    /// `{"id": "k2026", "secret": "..."}`: a secret with an explicit key id (rotation).
    fn from_map<'de, A: MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
        let mut id: Option<String> = None;
        let mut secret: Option<Vec<u8>> = None;
        while let Some(k) = map.next_key::<String>()? {
            match k.as_str() {
                "id" => id = Some(map.next_value()?),
                "secret" => secret = Some(map.next_value::<Raw>()?.0),
                other => return Err(de::Error::unknown_field(other, &["id", "secret"])),
            }
        }
        let id = id.ok_or_else(|| de::Error::missing_field("id"))?;
        let secret = secret.ok_or_else(|| de::Error::missing_field("secret"))?;
        TokenSecret::with_id(&id, &secret).map_err(|e| de::Error::custom(e.message()))
    }
}

/// Text or bytes, as bytes.
struct Raw(Vec<u8>);

impl<'de> Deserialize<'de> for Raw {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Raw;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("text or bytes")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Raw, E> {
                Ok(Raw(s.as_bytes().to_vec()))
            }
            fn visit_bytes<E: de::Error>(self, b: &[u8]) -> Result<Raw, E> {
                Ok(Raw(b.to_vec()))
            }
        }
        d.deserialize_any(V)
    }
}

struct ItemOf<T>(T);

impl<'de, T: Item> Deserialize<'de> for ItemOf<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut v = d.deserialize_any(ItemVisitor::<T>::one())?.0;
        match v.pop() {
            Some(x) if v.is_empty() => Ok(ItemOf(x)),
            _ => Err(de::Error::custom(format!(
                "{} must be text or bytes",
                T::WHAT
            ))),
        }
    }
}

/// Reads one item (`many == false`) or one item or a list of them.
struct ItemVisitor<T> {
    many: bool,
    item: std::marker::PhantomData<T>,
}

impl<T> ItemVisitor<T> {
    fn one() -> Self {
        ItemVisitor {
            many: false,
            item: std::marker::PhantomData,
        }
    }
    fn many() -> Self {
        ItemVisitor {
            many: true,
            item: std::marker::PhantomData,
        }
    }
}

impl<'de, T: Item> Visitor<'de> for ItemVisitor<T> {
    type Value = OneOrMany<T>;
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.many {
            write!(f, "{} (text or bytes) or a list of them", T::WHAT)
        } else {
            write!(f, "{} (text or bytes)", T::WHAT)
        }
    }
    fn visit_str<E: de::Error>(self, s: &str) -> Result<Self::Value, E> {
        T::from_bytes(s.as_bytes()).map(|x| OneOrMany(vec![x]))
    }
    fn visit_bytes<E: de::Error>(self, b: &[u8]) -> Result<Self::Value, E> {
        T::from_bytes(b).map(|x| OneOrMany(vec![x]))
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        T::from_map(map).map(|x| OneOrMany(vec![x]))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        if !self.many {
            return Err(de::Error::invalid_type(de::Unexpected::Seq, &self));
        }
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64));
        while let Some(ItemOf(x)) = seq.next_element::<ItemOf<T>>()? {
            out.push(x);
        }
        Ok(OneOrMany(out))
    }
}

pub(crate) fn app_secrets<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Vec<u8>>, D::Error> {
    let v = d.deserialize_any(ItemVisitor::<AppSecret>::many())?;
    Ok(v.0.into_iter().map(|s| s.0).collect())
}

pub(crate) fn token_secrets<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<TokenSecret>, D::Error> {
    Ok(d.deserialize_any(ItemVisitor::<TokenSecret>::many())?.0)
}

/// One token secret or a list of them, as the `token_secrets` key reads them (the Python
/// module reads its `secrets` arguments with it).
pub struct TokenSecretList(pub Vec<TokenSecret>);

impl<'de> Deserialize<'de> for TokenSecretList {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        token_secrets(d).map(TokenSecretList)
    }
}

/// Reads one token secret: text or bytes (key id derived from the secret), or
/// `{"id": "...", "secret": ...}` (explicit key id).
impl<'de> Deserialize<'de> for TokenSecret {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        ItemOf::<TokenSecret>::deserialize(d).map(|x| x.0)
    }
}

// ---------------------------------------------------------------------------------------------
// RelayConfig

/// The keys of a relay configuration (see [`RelayConfig`]).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RelayConfigSpec {
    /// `"static"`, `"platform"`, `"platform+customer"`, `"customer"` (required).
    setup: Setup,
    /// One app secret or a list (rotation). Default: none (signatures not checked).
    #[serde(default, deserialize_with = "app_secrets")]
    app_secrets: Vec<Vec<u8>>,
    /// One token secret or a list; each is text/bytes or `{"id", "secret"}`. Default: none.
    #[serde(default, deserialize_with = "token_secrets")]
    token_secrets: Vec<TokenSecret>,
    /// Default: none.
    #[serde(default)]
    flow_id: Option<String>,
    /// Default `"drop_field"`.
    #[serde(default)]
    policy: Policy,
    /// Default true.
    #[serde(default = "yes")]
    coerce_subscription_booleans: bool,
    /// Default [`DEFAULT_ERROR_MESSAGE`].
    #[serde(default)]
    error_message: Option<String>,
    /// Default [`DEFAULT_TOKEN_ERROR_MESSAGE`].
    #[serde(default)]
    token_error_message: Option<String>,
}

/// Reads a relay configuration: `{"setup": ..., "app_secrets": ..., "token_secrets": ...,
/// "flow_id": ..., "policy": ..., "coerce_subscription_booleans": ..., "error_message": ...,
/// "token_error_message": ...}`; only `setup` is required.
impl<'de> Deserialize<'de> for RelayConfig {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = RelayConfigSpec::deserialize(d)?;
        let mut c = RelayConfig::new(s.setup);
        c.app_secrets = s.app_secrets;
        c.token_secrets = s.token_secrets;
        c.flow_id = s.flow_id;
        c.ingest = ingest::Options {
            policy: s.policy,
            coerce_subscription_booleans: s.coerce_subscription_booleans,
        };
        c.error_message = s
            .error_message
            .unwrap_or_else(|| DEFAULT_ERROR_MESSAGE.to_owned());
        c.token_error_message = s
            .token_error_message
            .unwrap_or_else(|| DEFAULT_TOKEN_ERROR_MESSAGE.to_owned());
        Ok(c)
    }
}

// ---------------------------------------------------------------------------------------------
// Ingestion options

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OptionsSpec {
    /// Default `"drop_field"`.
    #[serde(default)]
    policy: Policy,
    /// Default true.
    #[serde(default = "yes")]
    coerce_subscription_booleans: bool,
}

/// Reads `{"policy": ..., "coerce_subscription_booleans": ...}` (both optional).
impl<'de> Deserialize<'de> for ingest::Options {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = OptionsSpec::deserialize(d)?;
        Ok(ingest::Options {
            policy: s.policy,
            coerce_subscription_booleans: s.coerce_subscription_booleans,
        })
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WebhookOptionsSpec {
    /// Default `"drop_field"`.
    #[serde(default)]
    policy: Policy,
    /// Default true.
    #[serde(default = "yes")]
    coerce_subscription_booleans: bool,
    /// `"as_sent"` (default) or `"plus_prefixed"`.
    #[serde(default)]
    identity_style: IdentityStyle,
    /// Default: none.
    #[serde(default)]
    fallback_event: Option<String>,
}

/// Reads `{"policy", "coerce_subscription_booleans", "identity_style", "fallback_event"}`
/// (all optional).
impl<'de> Deserialize<'de> for WebhookOptions {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = WebhookOptionsSpec::deserialize(d)?;
        Ok(WebhookOptions {
            extract: ingest::Options {
                policy: s.policy,
                coerce_subscription_booleans: s.coerce_subscription_booleans,
            },
            identity: s.identity_style,
            fallback_event: s.fallback_event,
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Flow JSON validation options

/// Reads `"builder"` / `"everything"`.
impl<'de> Deserialize<'de> for flow_json::Mode {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        flow_json::Mode::from_name(&s).ok_or_else(|| {
            de::Error::custom(format!(
                "mode must be \"builder\" or \"everything\", not {}",
                crate::limits::quote(&s)
            ))
        })
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ValidateOptionsSpec {
    /// `"builder"` (default) or `"everything"`.
    #[serde(default)]
    mode: flow_json::Mode,
    /// Default false.
    #[serde(default)]
    for_publish: bool,
    /// Default false.
    #[serde(default)]
    strict: bool,
    /// Default 1000.
    #[serde(default)]
    max_issues: Option<usize>,
}

/// Reads `{"mode", "for_publish", "strict", "max_issues"}` (all optional; defaults
/// `"builder"`, false, false, 1000 as [`flow_json::Options::default`]).
impl<'de> Deserialize<'de> for flow_json::Options {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = ValidateOptionsSpec::deserialize(d)?;
        let mut o = flow_json::Options::default()
            .with_mode(s.mode)
            .with_for_publish(s.for_publish)
            .with_strict(s.strict);
        if let Some(m) = s.max_issues {
            o = o.with_max_issues(m);
        }
        Ok(o)
    }
}

// ---------------------------------------------------------------------------------------------
// Outputs

/// `{"message_id", "identity", "wa_id", "user_id", "flow_token", "ts", "pointer", "response"}`;
/// `response` is the submitted `response_json` without the ingestion keys.
impl Serialize for Completion {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Completion", 8)?;
        st.serialize_field("message_id", &self.message_id)?;
        st.serialize_field("identity", &self.identity)?;
        st.serialize_field("wa_id", &self.wa_id)?;
        st.serialize_field("user_id", &self.user_id)?;
        st.serialize_field("flow_token", &self.flow_token)?;
        st.serialize_field("ts", &self.ts)?;
        st.serialize_field("pointer", &self.pointer)?;
        st.serialize_field("response", &self.extraction.rest)?;
        st.end()
    }
}

/// `{"code", "message"}`: the stable code name and the message.
impl Serialize for Error {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Error", 2)?;
        st.serialize_field("code", &self.code())?;
        st.serialize_field("message", self.message())?;
        st.end()
    }
}

/// The record exactly as CleverTap's upload API takes it (see [`Record::to_json`]).
impl Serialize for Record {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.to_json().serialize(s)
    }
}

/// `{"evtName", "evtData"}`.
impl Serialize for Event {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Event", 2)?;
        st.serialize_field("evtName", &self.name)?;
        st.serialize_field("evtData", &self.data)?;
        st.end()
    }
}

/// `{"event": {..} | null, "profile": {..} | null, "problems": [..], "rest": {..}}`.
impl Serialize for Extraction {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Extraction", 4)?;
        st.serialize_field("event", &self.event)?;
        st.serialize_field("profile", &self.profile)?;
        st.serialize_field("problems", &self.problems)?;
        st.serialize_field("rest", &self.rest)?;
        st.end()
    }
}

/// `{"records": [..], "problems": [..], "completions": [..]}`.
impl Serialize for WebhookIngest {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("WebhookIngest", 3)?;
        st.serialize_field("records", &self.records)?;
        st.serialize_field("problems", &self.problems)?;
        st.serialize_field("completions", &self.completions)?;
        st.end()
    }
}

/// The report's stable JSON form, [`flow_json::Report::to_json_value`] (what C's
/// `waflows_report_to_json` and Python's `Report.to_json()` give).
impl Serialize for flow_json::Report {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.to_json_value().serialize(s)
    }
}

/// What a decision says, for logs and ingestion: no key, no ciphertext, no forwarded
/// plaintext. One shape for [`Decision`] and the bindings' held decisions.
#[derive(Serialize)]
struct DecisionView<'a> {
    kind: DecisionKind,
    status: Option<u16>,
    reply_kind: Option<ReplyKind>,
    screen: Option<&'a str>,
    records: &'a [Record],
    problems: &'a [Problem],
    identity: Option<&'a str>,
    error: Option<&'a Error>,
    notification: Option<&'a ErrorNotification>,
    dropped_keys: &'a [String],
}

impl<'a> DecisionView<'a> {
    fn new(
        reply: Option<&'a Reply>,
        records: &'a [Record],
        problems: &'a [Problem],
        identity: Option<&'a str>,
    ) -> Self {
        DecisionView {
            kind: if reply.is_some() {
                DecisionKind::Reply
            } else {
                DecisionKind::Forward
            },
            status: reply.map(|r| r.status),
            reply_kind: reply.map(|r| r.kind),
            screen: reply.and_then(|r| r.screen.as_deref()),
            records,
            problems,
            identity,
            error: reply.and_then(|r| r.error.as_ref()),
            notification: reply.and_then(|r| r.notification.as_ref()),
            dropped_keys: reply.map_or(&[][..], |r| &r.dropped_keys[..]),
        }
    }
}

/// `{"kind": "reply" | "forward", "status", "reply_kind", "screen", "records": [..],
/// "problems": [..], "identity", "error": {"code", "message"} | null, "notification":
/// {"error_key", "error_message", "screen"} | null, "dropped_keys": [..]}`. `status`,
/// `reply_kind`, `screen` and `error` are null for a forward. Carries no key, no ciphertext
/// and no forwarded plaintext, so it may be logged.
impl Serialize for Decision {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Decision::Reply(r) => {
                DecisionView::new(Some(r), &r.records, &r.problems, r.identity.as_deref())
            }
            Decision::Forward(f) => {
                DecisionView::new(None, &f.records, &f.problems, f.identity.as_deref())
            }
        }
        .serialize(s)
    }
}

#[cfg(any(feature = "ffi", feature = "python"))]
impl Serialize for HeldDecision {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        DecisionView::new(
            self.reply(),
            self.records(),
            self.problems(),
            self.identity(),
        )
        .serialize(s)
    }
}

/// Reads a configuration type from JSON text, as the C ABI takes it: the crate-wide depth
/// limit first, then the type's `Deserialize`; `what` names the argument in messages.
///
/// # Errors
/// `LimitExceeded` when the text nests too deeply, `InvalidArgument` otherwise.
#[cfg(feature = "ffi")]
pub(crate) fn from_json<T: serde::de::DeserializeOwned>(
    bytes: &[u8],
    what: &str,
) -> crate::Result<T> {
    crate::limits::check_json_depth(bytes, what)?;
    serde_json::from_slice(bytes).map_err(|e| Error::invalid_argument(format!("{what}: {e}")))
}

/// As [`from_json`] for a configuration object: anything but a JSON object is refused (serde's
/// derived readers would otherwise take an array as the fields in order, and `[]` as all
/// defaults).
///
/// # Errors
/// As [`from_json`]; `InvalidArgument` when the text is not an object.
#[cfg(feature = "ffi")]
pub(crate) fn object_from_json<T: serde::de::DeserializeOwned>(
    bytes: &[u8],
    what: &str,
) -> crate::Result<T> {
    let v: serde_json::Value = from_json(bytes, what)?;
    if !v.is_object() {
        return Err(Error::invalid_argument(format!(
            "{what} must be a JSON object"
        )));
    }
    T::deserialize(v).map_err(|e| Error::invalid_argument(format!("{what}: {e}")))
}

/// `{"error_key", "error_message", "screen"}`.
impl Serialize for ErrorNotification {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("ErrorNotification", 3)?;
        st.serialize_field("error_key", &self.error_key)?;
        st.serialize_field("error_message", &self.error_message)?;
        st.serialize_field("screen", &self.screen)?;
        st.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_names_come_from_the_deserialize_impls() {
        assert_eq!(
            field_names::<RelayConfig>(),
            [
                "setup",
                "app_secrets",
                "token_secrets",
                "flow_id",
                "policy",
                "coerce_subscription_booleans",
                "error_message",
                "token_error_message"
            ]
        );
        assert_eq!(
            field_names::<WebhookOptions>(),
            [
                "policy",
                "coerce_subscription_booleans",
                "identity_style",
                "fallback_event"
            ]
        );
    }

    #[test]
    fn relay_config_reads_every_key_and_refuses_unknown_ones() {
        let c: RelayConfig = serde_json::from_str(
            r#"{"setup":"platform+customer","app_secrets":"a","token_secrets":[
                "0123456789abcdef0123",{"id":"k2","secret":"fedcba9876543210fedc"}],
                "flow_id":"f","policy":"keep_and_warn","coerce_subscription_booleans":false,
                "error_message":"E","token_error_message":"T"}"#,
        )
        .unwrap();
        assert_eq!(c.setup, Setup::PlatformCustomer);
        assert_eq!(c.app_secrets, vec![b"a".to_vec()]);
        assert_eq!(c.token_secrets.len(), 2);
        assert_eq!(c.token_secrets[1].id(), "k2");
        assert_eq!(c.ingest.policy, Policy::KeepAndWarn);
        assert!(!c.ingest.coerce_subscription_booleans);
        assert_eq!(
            (c.error_message.as_str(), c.token_error_message.as_str()),
            ("E", "T")
        );
        let e = serde_json::from_str::<RelayConfig>(r#"{"setup":"static","policy_code":1}"#)
            .unwrap_err();
        assert!(e.to_string().contains("policy_code"), "{e}");
        let e = serde_json::from_str::<RelayConfig>(r#"{"setup":"nope"}"#).unwrap_err();
        assert!(e.to_string().contains("unknown relay setup"), "{e}");
        let d: RelayConfig = serde_json::from_str(r#"{"setup":"static"}"#).unwrap();
        assert_eq!(d.error_message, DEFAULT_ERROR_MESSAGE);
        assert!(d.ingest.coerce_subscription_booleans);
    }

    #[test]
    fn token_secret_with_a_bad_id_or_short_secret_is_refused() {
        assert!(
            serde_json::from_str::<TokenSecret>(r#"{"id":"a b","secret":"0123456789abcdef"}"#)
                .is_err()
        );
        assert!(serde_json::from_str::<TokenSecret>(r#""short""#).is_err());
        assert!(serde_json::from_str::<TokenSecret>(r#"["0123456789abcdef"]"#).is_err());
    }
}

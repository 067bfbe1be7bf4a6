//! [`EndpointConfig`]: the relay's configuration keys (the same names, types, readers and
//! defaults — one contract for both), without `setup`, plus `max_body_bytes`.

use serde::{Deserialize, Deserializer, de};
use serde_json::Value;

use crate::codec::MAX_BODY_BYTES;
use crate::ingest::{self, Policy};
use crate::relay::{DEFAULT_ERROR_MESSAGE, DEFAULT_TOKEN_ERROR_MESSAGE};
use crate::tokens::TokenSecret;
use crate::{Error, ErrorCode, Result};

/// The endpoint's configuration (besides the private key and the optional Flow JSON).
///
/// The fields, their JSON keys, types and defaults are those of
/// [`crate::relay::RelayConfig`] (read by the same readers), without `setup` (an endpoint is
/// always the platform's) and with `max_body_bytes`. Read from JSON (C and Python) with unknown
/// keys refused; every key is optional, so `{}` is a valid configuration:
///
/// | key | type | default |
/// |---|---|---|
/// | `app_secrets` | one secret (text) or a list (rotation) | none: signatures not checked |
/// | `token_secrets` | one or a list; each text or `{"id": .., "secret": ..}` | none: tokens not checked |
/// | `flow_id` | text | none |
/// | `policy` | `"drop_field"`, `"drop_record"`, `"keep_and_warn"` | `"drop_field"` |
/// | `coerce_subscription_booleans` | bool | `true` |
/// | `error_message` | text | [`DEFAULT_ERROR_MESSAGE`] |
/// | `token_error_message` | text | [`DEFAULT_TOKEN_ERROR_MESSAGE`] |
/// | `max_body_bytes` | 1 ..= 1 MiB | 1 MiB (the codec's limit) |
///
/// ```
/// use waflows::endpoint::EndpointConfig;
/// use waflows::ingest::Policy;
///
/// let c: EndpointConfig = serde_json::from_str(r#"{"app_secrets": "s", "policy": "keep_and_warn",
///     "token_secrets": [{"id": "k2026", "secret": "token-secret-0123456789"}]}"#)?;
/// assert_eq!((c.ingest.policy, c.token_secrets[0].id()), (Policy::KeepAndWarn, "k2026"));
/// assert!(c.ingest.coerce_subscription_booleans);
/// // The endpoint's old key name is refused, and the message names the new one.
/// let e = serde_json::from_str::<EndpointConfig>(r#"{"ingest_policy": "drop_field"}"#).unwrap_err();
/// assert!(e.to_string().contains("renamed `policy`"));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone)]
#[non_exhaustive]
pub struct EndpointConfig {
    /// Meta app secrets (several during rotation). Empty: signatures are not checked —
    /// configure them in production: without one, anybody who can reach the endpoint can make
    /// it do RSA work.
    pub app_secrets: Vec<Vec<u8>>,
    /// Flow-token secrets (several during rotation). Empty: tokens are not checked and the
    /// identity is [`crate::relay::Inbound::identity`].
    pub token_secrets: Vec<TokenSecret>,
    /// When set, a verified flow token must name this flow id.
    pub flow_id: Option<String>,
    /// Ingestion options (keys `policy` and `coerce_subscription_booleans`).
    pub ingest: ingest::Options,
    /// Text shown on the current screen when an answer had to be replaced.
    pub error_message: String,
    /// `error_msg` of 427 answers when none is given.
    pub token_error_message: String,
    /// Largest request body accepted, in bytes (at most the codec's 1 MiB).
    pub max_body_bytes: usize,
}

impl Default for EndpointConfig {
    fn default() -> Self {
        EndpointConfig {
            app_secrets: Vec::new(),
            token_secrets: Vec::new(),
            flow_id: None,
            ingest: ingest::Options::default(),
            error_message: DEFAULT_ERROR_MESSAGE.to_owned(),
            token_error_message: DEFAULT_TOKEN_ERROR_MESSAGE.to_owned(),
            max_body_bytes: MAX_BODY_BYTES,
        }
    }
}

impl std::fmt::Debug for EndpointConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EndpointConfig")
            .field("app_secrets", &self.app_secrets.len())
            .field("token_secrets", &self.token_secrets)
            .field("flow_id", &self.flow_id)
            .field("ingest", &self.ingest)
            .field("max_body_bytes", &self.max_body_bytes)
            .finish_non_exhaustive()
    }
}

/// The keys, in the relay's order (`crate::config`'s `RelayConfigSpec` without `setup`).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EndpointConfigSpec {
    #[serde(default, deserialize_with = "crate::config::app_secrets")]
    app_secrets: Vec<Vec<u8>>,
    #[serde(default, deserialize_with = "crate::config::token_secrets")]
    token_secrets: Vec<TokenSecret>,
    #[serde(default)]
    flow_id: Option<String>,
    #[serde(default)]
    policy: Policy,
    #[serde(default = "crate::config::yes")]
    coerce_subscription_booleans: bool,
    #[serde(default)]
    error_message: Option<String>,
    #[serde(default)]
    token_error_message: Option<String>,
    #[serde(default = "default_max_body")]
    max_body_bytes: usize,
}

const fn default_max_body() -> usize {
    MAX_BODY_BYTES
}

/// Keys the endpoint used to read, and what they are called now (pre-1.0: refused, no alias).
const RENAMED: &[(&str, &str)] = &[("ingest_policy", "policy")];

impl<'de> Deserialize<'de> for EndpointConfig {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let s = EndpointConfigSpec::deserialize(d).map_err(|e| {
            let m = e.to_string();
            match RENAMED
                .iter()
                .find(|(old, _)| m.contains(&format!("unknown field `{old}`")))
            {
                Some((old, new)) => de::Error::custom(format!(
                    "`{old}` was renamed `{new}` (the relay's name for it); {m}"
                )),
                None => e,
            }
        })?;
        Ok(EndpointConfig {
            app_secrets: s.app_secrets,
            token_secrets: s.token_secrets,
            flow_id: s.flow_id,
            ingest: ingest::Options {
                policy: s.policy,
                coerce_subscription_booleans: s.coerce_subscription_booleans,
            },
            error_message: s
                .error_message
                .unwrap_or_else(|| DEFAULT_ERROR_MESSAGE.to_owned()),
            token_error_message: s
                .token_error_message
                .unwrap_or_else(|| DEFAULT_TOKEN_ERROR_MESSAGE.to_owned()),
            max_body_bytes: s.max_body_bytes,
        })
    }
}

impl EndpointConfig {
    /// Reads a configuration from JSON (unknown keys refused).
    ///
    /// # Errors
    /// `EndpointConfigInvalid` when the JSON is not a configuration.
    pub fn from_json(json: &[u8]) -> Result<EndpointConfig> {
        let bad = |m: String| Error::new(ErrorCode::EndpointConfigInvalid, m);
        let v: Value = serde_json::from_slice(json)
            .map_err(|e| bad(format!("endpoint configuration is not JSON: {e}")))?;
        if !v.is_object() {
            // serde would read a JSON array as a struct's fields in order.
            return Err(bad("endpoint configuration must be a JSON object".into()));
        }
        serde_json::from_value(v).map_err(|e| bad(format!("endpoint configuration: {e}")))
    }
}

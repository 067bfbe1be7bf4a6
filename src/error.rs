//! The error type shared by every part of waflows, and the stable code catalogue.
//!
//! An [`Error`] means "the operation failed". Problems found *inside a document* (a Flow JSON
//! file, a template) are not errors: they are issues in a report (see `flow_json`).
//!
//! Every error has an [`ErrorCode`]: a stable snake_case name (`as_str`), a stable number (the
//! C `waflows_result` value) and, where Meta's endpoint contract defines one, the HTTP status the
//! endpoint must answer with (`http_status`). Numbers are grouped by hundreds per area and are
//! never reused; a retired code stays in the list as a comment.
//!
//! ```
//! use waflows::tokens::{self, TokenSecret};
//! use waflows::{Error, ErrorCode};
//!
//! let secret = TokenSecret::new(b"a-token-secret-of-16+-bytes")?;
//! let e: Error = tokens::verify("not-a-token", &[secret], 1_764_000_000).unwrap_err();
//! assert_eq!(e.code(), ErrorCode::InvalidFlowToken);
//! assert_eq!(e.code().as_str(), "invalid_flow_token"); // stable name (C: WAFLOWS_RESULT_…)
//! assert_eq!(e.http_status(), Some(427));              // what Meta expects from the endpoint
//! # Ok::<(), Error>(())
//! ```

use std::fmt;

/// The result type of every fallible waflows operation.
pub type Result<T, E = Error> = std::result::Result<T, E>;

crate::catalogue! {
    /// Stable, machine-readable error codes. The numeric value is the C ABI's `waflows_result`,
    /// which also has three results no Rust call returns (0 ok, 2 null parameter, 3 panic).
    ///
    /// Grouped by hundreds: 0–99 general, 100–199 endpoint codec, 200–299 keys, 300–399 Flow JSON,
    /// 400–499 ingestion, 500–599 flow tokens, 600–699 relay, 700–799 lifecycle, 800–899 templates
    /// and messages.
    #[non_exhaustive]
    pub enum ErrorCode as "error code", unknown = InvalidArgument {
        /// An argument is wrong because of the caller's code (misuse, not bad network input).
        InvalidArgument = 1 => "invalid_argument",
        // 0, 2 and 3 are C-only results (ok, null_parameter, panic): see `ffi::waflows_result`.
        /// An input exceeds a documented size or depth limit.
        LimitExceeded = 4 => "limit_exceeded",

        /// The request body is not the JSON envelope Meta sends (missing field, bad base64, wrong
        /// IV length). HTTP 400.
        MalformedRequest = 100 => "malformed_request",
        /// Anything failed once private-key work started. Deliberately undetailed (no oracle). HTTP 421.
        DecryptionFailed = 101 => "decryption_failed",
        /// `X-Hub-Signature-256` missing, malformed or not matching any app secret. HTTP 432.
        InvalidSignature = 102 => "invalid_signature",
        /// The flow token was rejected. HTTP 427.
        InvalidFlowToken = 103 => "invalid_flow_token",
        /// A response could not be encrypted or decrypted (client side: bad base64, failed tag,
        /// non-JSON plaintext).
        InvalidResponse = 104 => "invalid_response",

        /// The PEM/DER data is not a parseable key.
        KeyMalformed = 200 => "key_malformed",
        /// The key is encrypted and no passphrase was given.
        KeyPasswordRequired = 201 => "key_password_required",
        /// The passphrase does not decrypt the key.
        KeyPasswordWrong = 202 => "key_password_wrong",
        /// A public key was given where a private key is required.
        KeyIsPublic = 203 => "key_is_public",
        /// The RSA modulus is under 2048 bits (or over the supported maximum).
        KeySizeUnsupported = 204 => "key_size_unsupported",
        /// The key is not RSA, or uses an encryption scheme waflows does not support.
        KeyUnsupported = 205 => "key_unsupported",
        /// Key generation failed (the system random source failed).
        KeyGenerationFailed = 206 => "key_generation_failed",

        /// A Flow JSON document is larger than the validator accepts (10 MiB, Meta's limit).
        FlowJsonTooLarge = 300 => "flow_json_too_large",
        /// Flow JSON could not be read into the typed model (not JSON, not an object, no screens).
        FlowJsonMalformed = 301 => "flow_json_malformed",

        /// The payload to ingest is not a JSON object (or not JSON at all).
        InvalidPayload = 400 => "invalid_payload",
        /// The webhook body is not a WhatsApp Cloud API webhook (not JSON, or `entry` is not a list).
        InvalidWebhook = 401 => "invalid_webhook",
        /// An upload record is not a CleverTap record (`type` event/profile with an `identity`).
        InvalidRecord = 402 => "invalid_record",

        /// The flow token is well formed and authentic but its expiry has passed. HTTP 427.
        FlowTokenExpired = 500 => "flow_token_expired",
        /// Data API 4.0 `flow_token_signature` is malformed, not signed by any app secret, or does
        /// not name the request's flow token. HTTP 427.
        FlowTokenSignatureInvalid = 501 => "flow_token_signature_invalid",

        /// The relay's flow configuration is unusable (Flow JSON without screens, unknown setup).
        RelayConfigInvalid = 600 => "relay_config_invalid",
        /// The flow's setup has no platform endpoint, yet an endpoint request arrived.
        RelayNoEndpoint = 601 => "relay_no_endpoint",
        /// Platform-only setup: `next_screen` is missing, unknown or not reachable from the screen.
        RelayStaticRouteInvalid = 602 => "relay_static_route_invalid",
        /// The customer endpoint's answer was rejected (status, JSON, screen, routing or data).
        RelayCustomerAnswerInvalid = 603 => "relay_customer_answer_invalid",
        /// The customer endpoint did not answer in time.
        RelayCustomerTimeout = 604 => "relay_customer_timeout",
        /// A relay continuation was resumed twice.
        RelayContinuationUsed = 605 => "relay_continuation_used",
        /// The action is not allowed in the flow's current status (e.g. deleting a published flow).
        LifecycleActionNotAllowed = 700 => "lifecycle_action_not_allowed",
        /// Publishing was refused: the flow's validation report has errors.
        LifecycleValidationErrors = 701 => "lifecycle_validation_errors",
        /// Publishing was refused: the flow uses a data-exchange endpoint and none is configured.
        LifecycleEndpointMissing = 702 => "lifecycle_endpoint_missing",
        /// The customer data-exchange URL exists only when the platform's URL is the Meta endpoint.
        LifecyclePlatformEndpointRequired = 703 => "lifecycle_platform_endpoint_required",
        /// Deprecating a flow that is already deprecated (Meta 139003; safe to ignore).
        LifecycleAlreadyDeprecated = 704 => "lifecycle_already_deprecated",
        /// A flow status name was not recognised.
        LifecycleUnknownStatus = 705 => "lifecycle_unknown_status",
        /// A lifecycle action name was not recognised.
        LifecycleUnknownAction = 706 => "lifecycle_unknown_action",

        /// The template's flow is no longer Published, so the template cannot be sent.
        TemplateFlowNotPublished = 800 => "template_flow_not_published",
        /// No Published flow exists to attach to a template: publish one first.
        TemplateNoPublishedFlow = 801 => "template_no_published_flow",
        /// The template definition has problems (see `templates::validate_template`).
        TemplateInvalid = 802 => "template_invalid",
        /// A `{{namespace.key}}` personalization variable is malformed.
        TemplateVariableSyntax = 803 => "template_variable_syntax",
        /// A personalization variable has no value in the profile (missing-value rule `error`).
        TemplateVariableMissing = 804 => "template_variable_missing",
        /// A message field exceeds a documented WhatsApp limit (length, count).
        MessageLimitExceeded = 820 => "message_limit_exceeded",
        /// A message field is missing, empty, conflicting or has a value WhatsApp does not accept.
        MessageInvalidField = 821 => "message_invalid_field",

        // --- media (900–949) ---
        /// PhotoPicker/DocumentPicker `encryption_metadata` is unusable: a field is missing or
        /// unknown, not base64, or decodes to the wrong length.
        MediaMetadataInvalid = 900 => "media_metadata_invalid",
        /// The CDN file is larger than `media::MAX_CDN_FILE_BYTES`.
        MediaTooLarge = 901 => "media_too_large",
        /// The CDN file is too short, or its ciphertext is not a whole number of AES blocks.
        MediaTruncated = 902 => "media_truncated",
        /// SHA-256 of the CDN file does not match `encrypted_hash` (corrupted or wrong file).
        MediaEncryptedHashMismatch = 903 => "media_encrypted_hash_mismatch",
        /// The HMAC-SHA256 tag (first 10 bytes) over `iv || ciphertext` does not match (tampered
        /// file or wrong `hmac_key`).
        MediaHmacMismatch = 904 => "media_hmac_mismatch",
        /// The decrypted data does not end in valid PKCS#7 padding (wrong `encryption_key`/`iv`).
        MediaPaddingInvalid = 905 => "media_padding_invalid",
        /// SHA-256 of the decrypted file does not match `plaintext_hash`.
        MediaPlaintextHashMismatch = 906 => "media_plaintext_hash_mismatch",
        /// A PhotoPicker/DocumentPicker value in a request or completion does not have the
        /// documented shape (`media_id`, `cdn_url`, `file_name`, `encryption_metadata`).
        MediaReferenceInvalid = 907 => "media_reference_invalid",

        // --- flows webhook (950–999) ---
        /// The body is not a `flows` webhook (not JSON, not an object, no `entry` list, an entry
        /// without `changes`; in strict parsing also a change whose `value` is not an object).
        FlowsWebhookMalformed = 950 => "flows_webhook_malformed",
        /// A `flows` change names an `event` waflows does not know (strict parsing only).
        FlowsWebhookUnknownEvent = 951 => "flows_webhook_unknown_event",
        /// A `flows` change carries a field its event does not define (strict parsing only).
        FlowsWebhookUnknownField = 952 => "flows_webhook_unknown_field",
        /// A `flows` change has a missing or mistyped field (strict parsing only).
        FlowsWebhookInvalidField = 953 => "flows_webhook_invalid_field",
        // --- endpoint (1000–1099) ---
        /// Endpoint: the request body is over the endpoint's size limit. HTTP 413.
        EndpointBodyTooLarge = 1000 => "endpoint_body_too_large",
        /// Endpoint: the host's answer was replaced (unknown screen, route the `routing_model`
        /// forbids, data not fitting the screen's model, close without a flow token, malformed).
        EndpointAnswerInvalid = 1001 => "endpoint_answer_invalid",
        /// Endpoint: the host's handler failed (raised, or gave no answer). HTTP 500.
        EndpointHandlerFailed = 1002 => "endpoint_handler_failed",
        /// Endpoint: a pending request was answered twice.
        EndpointAlreadyAnswered = 1003 => "endpoint_already_answered",
        /// Endpoint: the endpoint's configuration is unusable (bad secret, bad Flow JSON, unknown
        /// field).
        EndpointConfigInvalid = 1004 => "endpoint_config_invalid",
        /// Relay: the customer endpoint could not be reached (connection refused or reset,
        /// name resolution, TLS); the reply is the fallback. Numbered in the endpoint range:
        /// it came with the relay's HTTP driver.
        RelayCustomerUnreachable = 1010 => "relay_customer_unreachable",

        /// A binding or nested expression cannot be evaluated (bad syntax, wrong operand type,
        /// division by zero).
        SimulatorExpressionInvalid = 1100 => "simulator_expression_invalid",
        /// A simulator script is not in the script format, or a step names something the screen
        /// does not have.
        SimulatorScriptInvalid = 1101 => "simulator_script_invalid",
        /// A simulation exceeded a documented cap (steps, expression size or depth, output size).
        SimulatorLimitExceeded = 1102 => "simulator_limit_exceeded",
        /// The endpoint's answer to a simulated request is missing or is not a usable answer.
        SimulatorAnswerInvalid = 1103 => "simulator_answer_invalid",
        /// The flow cannot be run (unknown version, no screens, unknown start screen).
        SimulatorFlowUnsupported = 1104 => "simulator_flow_unsupported",

        /// Preview: the screen asked for is not a screen of the flow.
        PreviewScreenUnknown = 1200 => "preview_screen_unknown",
        /// Preview: the data given is not `{"SCREEN": {…}}` for screens of the flow.
        PreviewDataInvalid = 1201 => "preview_data_invalid",
        /// Preview: the page would exceed its size cap (`preview::MAX_OUTPUT_BYTES`, arrows).
        PreviewTooLarge = 1202 => "preview_too_large",
        /// Preview: components nest deeper than `preview::MAX_COMPONENT_DEPTH`.
        PreviewTooDeep = 1203 => "preview_too_deep",
    }
}

impl ErrorCode {
    /// The HTTP status Meta's endpoint contract expects for this failure, if it defines one.
    #[must_use]
    pub const fn http_status(self) -> Option<u16> {
        match self {
            ErrorCode::MalformedRequest => Some(400),
            ErrorCode::DecryptionFailed => Some(421),
            ErrorCode::InvalidFlowToken => Some(427),
            ErrorCode::InvalidSignature => Some(432),
            ErrorCode::FlowTokenExpired | ErrorCode::FlowTokenSignatureInvalid => Some(427),
            ErrorCode::EndpointBodyTooLarge => Some(413),
            ErrorCode::EndpointHandlerFailed => Some(500),
            _ => None,
        }
    }

    /// One line describing the code (for catalogues and docs).
    #[must_use]
    pub const fn description(self) -> &'static str {
        match self {
            ErrorCode::InvalidArgument => "an argument is invalid (caller misuse)",
            ErrorCode::LimitExceeded => "input exceeds a size or depth limit",
            ErrorCode::MalformedRequest => "request body is not Meta's encrypted envelope",
            ErrorCode::DecryptionFailed => "request could not be decrypted",
            ErrorCode::InvalidSignature => "X-Hub-Signature-256 does not match",
            ErrorCode::InvalidFlowToken => "flow token rejected",
            ErrorCode::InvalidResponse => "encrypted response could not be decrypted",
            ErrorCode::KeyMalformed => "not a parseable private key",
            ErrorCode::KeyPasswordRequired => "key is encrypted and needs a passphrase",
            ErrorCode::KeyPasswordWrong => "passphrase does not decrypt the key",
            ErrorCode::KeyIsPublic => "a public key was given where a private key is needed",
            ErrorCode::KeySizeUnsupported => "RSA key size is not supported (minimum 2048 bits)",
            ErrorCode::KeyUnsupported => "key type or key encryption scheme is not supported",
            ErrorCode::KeyGenerationFailed => "key generation failed",
            ErrorCode::FlowJsonTooLarge => "Flow JSON document exceeds the 10 MiB limit",
            ErrorCode::FlowJsonMalformed => "Flow JSON cannot be read into the flow model",
            ErrorCode::InvalidPayload => "payload to ingest is not a JSON object",
            ErrorCode::InvalidWebhook => "body is not a WhatsApp webhook",
            ErrorCode::InvalidRecord => "not a CleverTap upload record",
            ErrorCode::FlowTokenExpired => "flow token has expired",
            ErrorCode::FlowTokenSignatureInvalid => "flow_token_signature (Data API 4.0) rejected",
            ErrorCode::RelayConfigInvalid => "relay flow configuration is unusable",
            ErrorCode::RelayNoEndpoint => "flow setup has no platform endpoint",
            ErrorCode::RelayStaticRouteInvalid => "next_screen missing, unknown or not routable",
            ErrorCode::RelayCustomerAnswerInvalid => "customer endpoint answer rejected",
            ErrorCode::RelayCustomerTimeout => "customer endpoint timed out",
            ErrorCode::RelayContinuationUsed => "relay continuation already resumed",
            ErrorCode::LifecycleActionNotAllowed => "action not allowed in the flow's status",
            ErrorCode::LifecycleValidationErrors => {
                "cannot publish: the flow has validation errors"
            }
            ErrorCode::LifecycleEndpointMissing => {
                "cannot publish: the flow's endpoint is not configured"
            }
            ErrorCode::LifecyclePlatformEndpointRequired => {
                "customer data-exchange URL needs the platform's Meta endpoint"
            }
            ErrorCode::LifecycleAlreadyDeprecated => "the flow is already deprecated",
            ErrorCode::LifecycleUnknownStatus => "unknown flow status name",
            ErrorCode::LifecycleUnknownAction => "unknown lifecycle action name",
            ErrorCode::TemplateFlowNotPublished => "the template's flow is not published",
            ErrorCode::TemplateNoPublishedFlow => "no published flow exists: publish one first",
            ErrorCode::TemplateInvalid => "the template definition has problems",
            ErrorCode::TemplateVariableSyntax => "malformed personalization variable",
            ErrorCode::TemplateVariableMissing => "personalization variable has no value",
            ErrorCode::MessageLimitExceeded => "a message field exceeds a WhatsApp limit",
            ErrorCode::MessageInvalidField => "a message field is missing or invalid",
            ErrorCode::MediaMetadataInvalid => {
                "media encryption_metadata is missing, not base64 or wrong length"
            }
            ErrorCode::MediaTooLarge => "media file exceeds the size cap",
            ErrorCode::MediaTruncated => "media file is too short or not whole AES blocks",
            ErrorCode::MediaEncryptedHashMismatch => {
                "SHA-256 of the media file does not match encrypted_hash"
            }
            ErrorCode::MediaHmacMismatch => {
                "media file HMAC does not match (tampered or wrong key)"
            }
            ErrorCode::MediaPaddingInvalid => "decrypted media has invalid PKCS#7 padding",
            ErrorCode::MediaPlaintextHashMismatch => {
                "SHA-256 of the decrypted media does not match plaintext_hash"
            }
            ErrorCode::MediaReferenceInvalid => {
                "a PhotoPicker/DocumentPicker value has the wrong shape"
            }
            ErrorCode::FlowsWebhookMalformed => "body is not a flows webhook",
            ErrorCode::FlowsWebhookUnknownEvent => "flows webhook event is not known",
            ErrorCode::FlowsWebhookUnknownField => "flows webhook change has an unknown field",
            ErrorCode::FlowsWebhookInvalidField => {
                "flows webhook change has a missing or mistyped field"
            }
            ErrorCode::SimulatorExpressionInvalid => "a binding or expression cannot be evaluated",
            ErrorCode::SimulatorScriptInvalid => "the simulator script is invalid",
            ErrorCode::SimulatorLimitExceeded => "a simulation exceeded a documented cap",
            ErrorCode::SimulatorAnswerInvalid => "the endpoint answer is missing or unusable",
            ErrorCode::SimulatorFlowUnsupported => "the flow cannot be simulated",
            ErrorCode::PreviewScreenUnknown => "preview: no such screen in the flow",
            ErrorCode::PreviewDataInvalid => "preview: the given screen data is unusable",
            ErrorCode::PreviewTooLarge => "preview: the page would exceed its size cap",
            ErrorCode::PreviewTooDeep => "preview: components nest too deeply",
            ErrorCode::EndpointBodyTooLarge => "endpoint request body is over the size limit",
            ErrorCode::EndpointAnswerInvalid => "endpoint handler's answer was replaced",
            ErrorCode::EndpointHandlerFailed => "endpoint handler failed",
            ErrorCode::EndpointAlreadyAnswered => "endpoint request already answered",
            ErrorCode::EndpointConfigInvalid => "endpoint configuration is unusable",
            ErrorCode::RelayCustomerUnreachable => "customer endpoint could not be reached",
        }
    }
}

/// The error of every fallible waflows operation: a code plus a human-readable message.
///
/// The message never contains key material or decrypted plaintext. `DecryptionFailed` always has
/// the same message, whatever failed, so that an attacker learns nothing (no padding oracle).
#[derive(Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message} [{code}]")]
pub struct Error {
    code: ErrorCode,
    message: Box<str>,
}

impl Error {
    /// Builds an error from a code and a message. A message longer than
    /// [`crate::limits::MAX_ERROR_MESSAGE_CHARS`] characters is cut there (ending with `…`):
    /// messages may quote input (a parser's error names the value it refused), and no input
    /// may make an error message, a log line or an HTTP answer large.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        let mut message: String = message.into();
        let cap = crate::limits::MAX_ERROR_MESSAGE_CHARS;
        if let Some((cut, _)) = message.char_indices().nth(cap - 1) {
            if message[cut..].chars().nth(1).is_some() {
                message.truncate(cut);
                message.push('…');
            }
        }
        Error {
            code,
            message: message.into_boxed_str(),
        }
    }

    /// The single, undetailed decryption failure (HTTP 421).
    #[must_use]
    pub fn decryption_failed() -> Self {
        Error::new(
            ErrorCode::DecryptionFailed,
            "the request could not be decrypted",
        )
    }

    /// A caller-misuse error.
    pub fn invalid_argument(message: impl Into<String>) -> Self {
        Error::new(ErrorCode::InvalidArgument, message)
    }

    /// The stable code.
    #[must_use]
    pub fn code(&self) -> ErrorCode {
        self.code
    }

    /// The message (no secrets, no plaintext).
    #[must_use]
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The HTTP status the endpoint should answer with, if Meta defines one for this error.
    #[must_use]
    pub fn http_status(&self) -> Option<u16> {
        self.code.http_status()
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Error({}: {})", self.code.as_str(), self.message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_is_sorted_unique_and_round_trips() {
        crate::catalogue::assert_well_formed::<ErrorCode>();
        let mut prev = None;
        for c in ErrorCode::ALL {
            if let Some(p) = prev {
                assert!((p as u32) < (*c as u32), "{c:?} out of order");
            }
            prev = Some(*c);
            assert!(!c.description().is_empty());
        }
        assert_eq!(ErrorCode::from_number(9999), None);
        assert_eq!("DECRYPTION_FAILED".parse(), Ok(ErrorCode::DecryptionFailed));
    }

    #[test]
    fn http_statuses_follow_meta() {
        assert_eq!(ErrorCode::MalformedRequest.http_status(), Some(400));
        assert_eq!(ErrorCode::DecryptionFailed.http_status(), Some(421));
        assert_eq!(ErrorCode::InvalidFlowToken.http_status(), Some(427));
        assert_eq!(ErrorCode::InvalidSignature.http_status(), Some(432));
        assert_eq!(ErrorCode::KeyMalformed.http_status(), None);
    }
}

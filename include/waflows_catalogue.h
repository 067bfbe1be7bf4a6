/*
 * waflows catalogues (result codes, statuses, actions, …) as C enums.
 * Generated from the Rust catalogues by `make header`: do not edit.
 * Included by waflows.h; include that instead.
 */

#ifndef WAFLOWS_CATALOGUE_H
#define WAFLOWS_CATALOGUE_H

#include <stdint.h>

// The catalogues the C ABI exports (`waflows_catalogue_*` take one of these).
enum waflows_catalogue
#if defined(__cplusplus) || __STDC_VERSION__ >= 202311L
  : uint32_t
#endif // defined(__cplusplus) || __STDC_VERSION__ >= 202311L
 {
  // Result codes of every fallible function (`waflows_result`).
  WAFLOWS_CATALOGUE_RESULT = 0,
  // Flow statuses (`waflows_flow_status`), Meta's names (`"PUBLISHED"`).
  WAFLOWS_CATALOGUE_FLOW_STATUS = 1,
  // Lifecycle actions (`waflows_lifecycle_action`); also bit positions in an allowed-actions
  // mask.
  WAFLOWS_CATALOGUE_LIFECYCLE_ACTION = 2,
  // Lifecycle effects (`waflows_lifecycle_effect`): bit positions in an effects mask.
  WAFLOWS_CATALOGUE_LIFECYCLE_EFFECT = 3,
  // Which URL Meta calls for the flow's data exchange (`waflows_endpoint`).
  WAFLOWS_CATALOGUE_ENDPOINT = 4,
  // Ingestion policies (`waflows_ingest_policy`).
  WAFLOWS_CATALOGUE_INGEST_POLICY = 5,
  // Ingestion problem codes (`waflows_ingest_problem`), the `code` of each problem.
  WAFLOWS_CATALOGUE_INGEST_PROBLEM = 6,
  // What ingestion did with problematic data (`waflows_ingest_outcome`).
  WAFLOWS_CATALOGUE_INGEST_OUTCOME = 7,
  // How the WhatsApp id becomes the CleverTap identity (`waflows_identity_style`).
  WAFLOWS_CATALOGUE_IDENTITY_STYLE = 8,
  // Relay setups (`waflows_relay_setup`).
  WAFLOWS_CATALOGUE_RELAY_SETUP = 9,
  // Relay reply kinds (`waflows_reply_kind`).
  WAFLOWS_CATALOGUE_REPLY_KIND = 10,
  // Relay decision kinds (`waflows_decision_type`, what `waflows_decision_kind` returns; the
  // type is not named after the function, which C would take for a redeclaration).
  WAFLOWS_CATALOGUE_DECISION_KIND = 11,
  // Template problem codes (`waflows_template_problem`).
  WAFLOWS_CATALOGUE_TEMPLATE_PROBLEM = 12,
  // Template problem severities (`waflows_template_severity`).
  WAFLOWS_CATALOGUE_TEMPLATE_SEVERITY = 13,
  // Missing-value rules of `waflows_template_render` (`waflows_missing_value`).
  WAFLOWS_CATALOGUE_MISSING_VALUE = 14,
  // `mode` of an interactive flow message (`waflows_message_mode`).
  WAFLOWS_CATALOGUE_MESSAGE_MODE = 15,
  // `flow_action` of an interactive flow message (`waflows_message_flow_action`).
  WAFLOWS_CATALOGUE_MESSAGE_FLOW_ACTION = 16,
  // How `flow_action_payload.data` is written (`waflows_message_data_encoding`).
  WAFLOWS_CATALOGUE_MESSAGE_DATA_ENCODING = 17,
};
#ifndef __cplusplus
#if __STDC_VERSION__ >= 202311L
typedef enum waflows_catalogue waflows_catalogue;
#else
typedef uint32_t waflows_catalogue;
#endif // __STDC_VERSION__ >= 202311L
#endif // __cplusplus

// Result codes of every fallible function (`waflows_result`).
enum waflows_result
#if defined(__cplusplus) || __STDC_VERSION__ >= 202311L
  : uint32_t
#endif // defined(__cplusplus) || __STDC_VERSION__ >= 202311L
 {
  // Success.
  WAFLOWS_RESULT_OK = 0,
  // An argument is wrong because of the caller's code (misuse, not bad network input).
  WAFLOWS_RESULT_INVALID_ARGUMENT = 1,
  // A required pointer argument was NULL.
  WAFLOWS_RESULT_NULL_PARAMETER = 2,
  // A bug inside waflows was caught at the C boundary instead of unwinding into the host.
  WAFLOWS_RESULT_PANIC = 3,
  // An input exceeds a documented size or depth limit.
  WAFLOWS_RESULT_LIMIT_EXCEEDED = 4,
  // The request body is not the JSON envelope Meta sends (missing field, bad base64, wrong
  // IV length). HTTP 400.
  WAFLOWS_RESULT_MALFORMED_REQUEST = 100,
  // Anything failed once private-key work started. Deliberately undetailed (no oracle). HTTP 421.
  WAFLOWS_RESULT_DECRYPTION_FAILED = 101,
  // `X-Hub-Signature-256` missing, malformed or not matching any app secret. HTTP 432.
  WAFLOWS_RESULT_INVALID_SIGNATURE = 102,
  // The flow token was rejected. HTTP 427.
  WAFLOWS_RESULT_INVALID_FLOW_TOKEN = 103,
  // A response could not be encrypted or decrypted (client side: bad base64, failed tag,
  // non-JSON plaintext).
  WAFLOWS_RESULT_INVALID_RESPONSE = 104,
  // The PEM/DER data is not a parseable key.
  WAFLOWS_RESULT_KEY_MALFORMED = 200,
  // The key is encrypted and no passphrase was given.
  WAFLOWS_RESULT_KEY_PASSWORD_REQUIRED = 201,
  // The passphrase does not decrypt the key.
  WAFLOWS_RESULT_KEY_PASSWORD_WRONG = 202,
  // A public key was given where a private key is required.
  WAFLOWS_RESULT_KEY_IS_PUBLIC = 203,
  // The RSA modulus is under 2048 bits (or over the supported maximum).
  WAFLOWS_RESULT_KEY_SIZE_UNSUPPORTED = 204,
  // The key is not RSA, or uses an encryption scheme waflows does not support.
  WAFLOWS_RESULT_KEY_UNSUPPORTED = 205,
  // Key generation failed (the system random source failed).
  WAFLOWS_RESULT_KEY_GENERATION_FAILED = 206,
  // A Flow JSON document is larger than the validator accepts (10 MiB, Meta's limit).
  WAFLOWS_RESULT_FLOW_JSON_TOO_LARGE = 300,
  // Flow JSON could not be read into the typed model (not JSON, not an object, no screens).
  WAFLOWS_RESULT_FLOW_JSON_MALFORMED = 301,
  // The payload to ingest is not a JSON object (or not JSON at all).
  WAFLOWS_RESULT_INVALID_PAYLOAD = 400,
  // The webhook body is not a WhatsApp Cloud API webhook (not JSON, or `entry` is not a list).
  WAFLOWS_RESULT_INVALID_WEBHOOK = 401,
  // An upload record is not a CleverTap record (`type` event/profile with an `identity`).
  WAFLOWS_RESULT_INVALID_RECORD = 402,
  // The flow token is well formed and authentic but its expiry has passed. HTTP 427.
  WAFLOWS_RESULT_FLOW_TOKEN_EXPIRED = 500,
  // Data API 4.0 `flow_token_signature` is malformed, not signed by any app secret, or does
  // not name the request's flow token. HTTP 427.
  WAFLOWS_RESULT_FLOW_TOKEN_SIGNATURE_INVALID = 501,
  // The relay's flow configuration is unusable (Flow JSON without screens, unknown setup).
  WAFLOWS_RESULT_RELAY_CONFIG_INVALID = 600,
  // The flow's setup has no platform endpoint, yet an endpoint request arrived.
  WAFLOWS_RESULT_RELAY_NO_ENDPOINT = 601,
  // Platform-only setup: `next_screen` is missing, unknown or not reachable from the screen.
  WAFLOWS_RESULT_RELAY_STATIC_ROUTE_INVALID = 602,
  // The customer endpoint's answer was rejected (status, JSON, screen, routing or data).
  WAFLOWS_RESULT_RELAY_CUSTOMER_ANSWER_INVALID = 603,
  // The customer endpoint did not answer in time.
  WAFLOWS_RESULT_RELAY_CUSTOMER_TIMEOUT = 604,
  // A relay continuation was resumed twice.
  WAFLOWS_RESULT_RELAY_CONTINUATION_USED = 605,
  // The action is not allowed in the flow's current status (e.g. deleting a published flow).
  WAFLOWS_RESULT_LIFECYCLE_ACTION_NOT_ALLOWED = 700,
  // Publishing was refused: the flow's validation report has errors.
  WAFLOWS_RESULT_LIFECYCLE_VALIDATION_ERRORS = 701,
  // Publishing was refused: the flow uses a data-exchange endpoint and none is configured.
  WAFLOWS_RESULT_LIFECYCLE_ENDPOINT_MISSING = 702,
  // The customer data-exchange URL exists only when the platform's URL is the Meta endpoint.
  WAFLOWS_RESULT_LIFECYCLE_PLATFORM_ENDPOINT_REQUIRED = 703,
  // Deprecating a flow that is already deprecated (Meta 139003; safe to ignore).
  WAFLOWS_RESULT_LIFECYCLE_ALREADY_DEPRECATED = 704,
  // A flow status name was not recognised.
  WAFLOWS_RESULT_LIFECYCLE_UNKNOWN_STATUS = 705,
  // A lifecycle action name was not recognised.
  WAFLOWS_RESULT_LIFECYCLE_UNKNOWN_ACTION = 706,
  // The template's flow is no longer Published, so the template cannot be sent.
  WAFLOWS_RESULT_TEMPLATE_FLOW_NOT_PUBLISHED = 800,
  // No Published flow exists to attach to a template: publish one first.
  WAFLOWS_RESULT_TEMPLATE_NO_PUBLISHED_FLOW = 801,
  // The template definition has problems (see `templates::validate_template`).
  WAFLOWS_RESULT_TEMPLATE_INVALID = 802,
  // A `{{namespace.key}}` personalization variable is malformed.
  WAFLOWS_RESULT_TEMPLATE_VARIABLE_SYNTAX = 803,
  // A personalization variable has no value in the profile (missing-value rule `error`).
  WAFLOWS_RESULT_TEMPLATE_VARIABLE_MISSING = 804,
  // A message field exceeds a documented WhatsApp limit (length, count).
  WAFLOWS_RESULT_MESSAGE_LIMIT_EXCEEDED = 820,
  // A message field is missing, empty, conflicting or has a value WhatsApp does not accept.
  WAFLOWS_RESULT_MESSAGE_INVALID_FIELD = 821,
  // PhotoPicker/DocumentPicker `encryption_metadata` is unusable: a field is missing or
  // unknown, not base64, or decodes to the wrong length.
  WAFLOWS_RESULT_MEDIA_METADATA_INVALID = 900,
  // The CDN file is larger than `media::MAX_CDN_FILE_BYTES`.
  WAFLOWS_RESULT_MEDIA_TOO_LARGE = 901,
  // The CDN file is too short, or its ciphertext is not a whole number of AES blocks.
  WAFLOWS_RESULT_MEDIA_TRUNCATED = 902,
  // SHA-256 of the CDN file does not match `encrypted_hash` (corrupted or wrong file).
  WAFLOWS_RESULT_MEDIA_ENCRYPTED_HASH_MISMATCH = 903,
  // The HMAC-SHA256 tag (first 10 bytes) over `iv || ciphertext` does not match (tampered
  // file or wrong `hmac_key`).
  WAFLOWS_RESULT_MEDIA_HMAC_MISMATCH = 904,
  // The decrypted data does not end in valid PKCS#7 padding (wrong `encryption_key`/`iv`).
  WAFLOWS_RESULT_MEDIA_PADDING_INVALID = 905,
  // SHA-256 of the decrypted file does not match `plaintext_hash`.
  WAFLOWS_RESULT_MEDIA_PLAINTEXT_HASH_MISMATCH = 906,
  // A PhotoPicker/DocumentPicker value in a request or completion does not have the
  // documented shape (`media_id`, `cdn_url`, `file_name`, `encryption_metadata`).
  WAFLOWS_RESULT_MEDIA_REFERENCE_INVALID = 907,
  // The body is not a `flows` webhook (not JSON, not an object, no `entry` list, an entry
  // without `changes`; in strict parsing also a change whose `value` is not an object).
  WAFLOWS_RESULT_FLOWS_WEBHOOK_MALFORMED = 950,
  // A `flows` change names an `event` waflows does not know (strict parsing only).
  WAFLOWS_RESULT_FLOWS_WEBHOOK_UNKNOWN_EVENT = 951,
  // A `flows` change carries a field its event does not define (strict parsing only).
  WAFLOWS_RESULT_FLOWS_WEBHOOK_UNKNOWN_FIELD = 952,
  // A `flows` change has a missing or mistyped field (strict parsing only).
  WAFLOWS_RESULT_FLOWS_WEBHOOK_INVALID_FIELD = 953,
  // Endpoint: the request body is over the endpoint's size limit. HTTP 413.
  WAFLOWS_RESULT_ENDPOINT_BODY_TOO_LARGE = 1000,
  // Endpoint: the host's answer was replaced (unknown screen, route the `routing_model`
  // forbids, data not fitting the screen's model, close without a flow token, malformed).
  WAFLOWS_RESULT_ENDPOINT_ANSWER_INVALID = 1001,
  // Endpoint: the host's handler failed (raised, or gave no answer). HTTP 500.
  WAFLOWS_RESULT_ENDPOINT_HANDLER_FAILED = 1002,
  // Endpoint: a pending request was answered twice.
  WAFLOWS_RESULT_ENDPOINT_ALREADY_ANSWERED = 1003,
  // Endpoint: the endpoint's configuration is unusable (bad secret, bad Flow JSON, unknown
  // field).
  WAFLOWS_RESULT_ENDPOINT_CONFIG_INVALID = 1004,
  // Relay: the customer endpoint could not be reached (connection refused or reset,
  // name resolution, TLS); the reply is the fallback. Numbered in the endpoint range:
  // it came with the relay's HTTP driver.
  WAFLOWS_RESULT_RELAY_CUSTOMER_UNREACHABLE = 1010,
  // A binding or nested expression cannot be evaluated (bad syntax, wrong operand type,
  // division by zero).
  WAFLOWS_RESULT_SIMULATOR_EXPRESSION_INVALID = 1100,
  // A simulator script is not in the script format, or a step names something the screen
  // does not have.
  WAFLOWS_RESULT_SIMULATOR_SCRIPT_INVALID = 1101,
  // A simulation exceeded a documented cap (steps, expression size or depth, output size).
  WAFLOWS_RESULT_SIMULATOR_LIMIT_EXCEEDED = 1102,
  // The endpoint's answer to a simulated request is missing or is not a usable answer.
  WAFLOWS_RESULT_SIMULATOR_ANSWER_INVALID = 1103,
  // The flow cannot be run (unknown version, no screens, unknown start screen).
  WAFLOWS_RESULT_SIMULATOR_FLOW_UNSUPPORTED = 1104,
  // Preview: the screen asked for is not a screen of the flow.
  WAFLOWS_RESULT_PREVIEW_SCREEN_UNKNOWN = 1200,
  // Preview: the data given is not `{"SCREEN": {…}}` for screens of the flow.
  WAFLOWS_RESULT_PREVIEW_DATA_INVALID = 1201,
  // Preview: the page would exceed its size cap (`preview::MAX_OUTPUT_BYTES`, arrows).
  WAFLOWS_RESULT_PREVIEW_TOO_LARGE = 1202,
  // Preview: components nest deeper than `preview::MAX_COMPONENT_DEPTH`.
  WAFLOWS_RESULT_PREVIEW_TOO_DEEP = 1203,
};
#ifndef __cplusplus
#if __STDC_VERSION__ >= 202311L
typedef enum waflows_result waflows_result;
#else
typedef uint32_t waflows_result;
#endif // __STDC_VERSION__ >= 202311L
#endif // __cplusplus

// Flow statuses (`waflows_flow_status`), Meta's names (`"PUBLISHED"`).
enum waflows_flow_status
#if defined(__cplusplus) || __STDC_VERSION__ >= 202311L
  : uint32_t
#endif // defined(__cplusplus) || __STDC_VERSION__ >= 202311L
 {
  // Editable; not yet sendable (except with `mode: "draft"` for tests).
  WAFLOWS_FLOW_STATUS_DRAFT = 0,
  // Live: usable in templates and campaigns.
  WAFLOWS_FLOW_STATUS_PUBLISHED = 1,
  // Retired (irreversible); read-only; cannot be used in templates or campaigns.
  WAFLOWS_FLOW_STATUS_DEPRECATED = 2,
  // Restricted by Meta's monitoring: at most 10 new flow messages per hour.
  WAFLOWS_FLOW_STATUS_THROTTLED = 3,
  // Restricted by Meta: cannot be sent, and users cannot open received messages.
  WAFLOWS_FLOW_STATUS_BLOCKED = 4,
  // The flow was deleted (only a Draft can be). Nothing is allowed any more.
  WAFLOWS_FLOW_STATUS_DELETED = 5,
};
#ifndef __cplusplus
#if __STDC_VERSION__ >= 202311L
typedef enum waflows_flow_status waflows_flow_status;
#else
typedef uint32_t waflows_flow_status;
#endif // __STDC_VERSION__ >= 202311L
#endif // __cplusplus

// Lifecycle actions (`waflows_lifecycle_action`); also bit positions in an allowed-actions
// mask.
enum waflows_lifecycle_action
#if defined(__cplusplus) || __STDC_VERSION__ >= 202311L
  : uint32_t
#endif // defined(__cplusplus) || __STDC_VERSION__ >= 202311L
 {
  // Open the preview (web preview URL).
  WAFLOWS_LIFECYCLE_ACTION_PREVIEW = 0,
  // Replace the Flow JSON.
  WAFLOWS_LIFECYCLE_ACTION_UPDATE_JSON = 1,
  // Change the customer data-exchange URL the platform relays to.
  WAFLOWS_LIFECYCLE_ACTION_UPDATE_CUSTOMER_URL = 2,
  // Delete the flow (Draft only).
  WAFLOWS_LIFECYCLE_ACTION_DELETE = 3,
  // Fetch status, validation results and error details again from Meta.
  WAFLOWS_LIFECYCLE_ACTION_REFRESH = 4,
  // Publish the flow.
  WAFLOWS_LIFECYCLE_ACTION_PUBLISH = 5,
  // Deprecate the flow (irreversible).
  WAFLOWS_LIFECYCLE_ACTION_DEPRECATE = 6,
  // Meta throttled the flow (monitoring).
  WAFLOWS_LIFECYCLE_ACTION_THROTTLE = 7,
  // Meta blocked the flow (monitoring or integrity).
  WAFLOWS_LIFECYCLE_ACTION_BLOCK = 8,
  // Meta's monitoring lifted one step of restriction (Blocked → Throttled → Published).
  WAFLOWS_LIFECYCLE_ACTION_RECOVER = 9,
};
#ifndef __cplusplus
#if __STDC_VERSION__ >= 202311L
typedef enum waflows_lifecycle_action waflows_lifecycle_action;
#else
typedef uint32_t waflows_lifecycle_action;
#endif // __STDC_VERSION__ >= 202311L
#endif // __cplusplus

// Lifecycle effects (`waflows_lifecycle_effect`): bit positions in an effects mask.
enum waflows_lifecycle_effect
#if defined(__cplusplus) || __STDC_VERSION__ >= 202311L
  : uint32_t
#endif // defined(__cplusplus) || __STDC_VERSION__ >= 202311L
 {
  // Fetch (or invalidate and fetch) the preview URL from Meta.
  WAFLOWS_LIFECYCLE_EFFECT_FETCH_PREVIEW = 0,
  // Upload the new Flow JSON to Meta (`POST /{flow-id}/assets`).
  WAFLOWS_LIFECYCLE_EFFECT_UPLOAD_FLOW_JSON = 1,
  // The stored validation result is stale: fetch `validation_errors` again.
  WAFLOWS_LIFECYCLE_EFFECT_REVALIDATE_REQUIRED = 2,
  // Store the new customer data-exchange URL in the relay configuration (no Meta call).
  WAFLOWS_LIFECYCLE_EFFECT_STORE_CUSTOMER_URL = 3,
  // Fetch the flow's details (status, validation errors, health) from Meta.
  WAFLOWS_LIFECYCLE_EFFECT_FETCH_DETAILS = 4,
  // Call Meta's publish API (`POST /{flow-id}/publish`).
  WAFLOWS_LIFECYCLE_EFFECT_PUBLISH_FLOW = 5,
  // Call Meta's deprecate API (`POST /{flow-id}/deprecate`).
  WAFLOWS_LIFECYCLE_EFFECT_DEPRECATE_FLOW = 6,
  // Remove the flow from every template that uses it.
  WAFLOWS_LIFECYCLE_EFFECT_REMOVE_FROM_TEMPLATES = 7,
  // Call Meta's delete API (`DELETE /{flow-id}`) and drop the flow from the listing.
  WAFLOWS_LIFECYCLE_EFFECT_DELETE_FLOW = 8,
  // Sending is rate-limited by Meta: at most 10 new flow messages per hour.
  WAFLOWS_LIFECYCLE_EFFECT_LIMIT_SENDS = 9,
  // Sending is refused by Meta: pause campaigns using the flow.
  WAFLOWS_LIFECYCLE_EFFECT_SUSPEND_SENDS = 10,
  // Sending is unrestricted again.
  WAFLOWS_LIFECYCLE_EFFECT_RESUME_SENDS = 11,
};
#ifndef __cplusplus
#if __STDC_VERSION__ >= 202311L
typedef enum waflows_lifecycle_effect waflows_lifecycle_effect;
#else
typedef uint32_t waflows_lifecycle_effect;
#endif // __STDC_VERSION__ >= 202311L
#endif // __cplusplus

// Which URL Meta calls for the flow's data exchange (`waflows_endpoint`).
enum waflows_endpoint
#if defined(__cplusplus) || __STDC_VERSION__ >= 202311L
  : uint32_t
#endif // defined(__cplusplus) || __STDC_VERSION__ >= 202311L
 {
  // The platform's own URL is the Meta endpoint: it decrypts, ingests and relays to the
  // customer data-exchange URL (so that URL exists and can be edited).
  WAFLOWS_ENDPOINT_PLATFORM = 0,
  // The business registered its own URL with Meta; there is no customer data-exchange URL.
  WAFLOWS_ENDPOINT_CUSTOM = 1,
};
#ifndef __cplusplus
#if __STDC_VERSION__ >= 202311L
typedef enum waflows_endpoint waflows_endpoint;
#else
typedef uint32_t waflows_endpoint;
#endif // __STDC_VERSION__ >= 202311L
#endif // __cplusplus

// Ingestion policies (`waflows_ingest_policy`).
enum waflows_ingest_policy
#if defined(__cplusplus) || __STDC_VERSION__ >= 202311L
  : uint32_t
#endif // defined(__cplusplus) || __STDC_VERSION__ >= 202311L
 {
  // Any problem in a block drops the whole record.
  WAFLOWS_INGEST_POLICY_DROP_RECORD = 1,
  // The default: a field problem drops that field; a record problem (no usable event name,
  // bad structure) drops the record.
  WAFLOWS_INGEST_POLICY_DROP_FIELD = 0,
  // Keep everything that can still form a record and report the problems as warnings
  // (CleverTap may then reject the record itself). Data that cannot be placed in a record
  // (a bad structure, an unknown key inside `ct-evt`) is still dropped and reported.
  WAFLOWS_INGEST_POLICY_KEEP_AND_WARN = 2,
};
#ifndef __cplusplus
#if __STDC_VERSION__ >= 202311L
typedef enum waflows_ingest_policy waflows_ingest_policy;
#else
typedef uint32_t waflows_ingest_policy;
#endif // __STDC_VERSION__ >= 202311L
#endif // __cplusplus

// Ingestion problem codes (`waflows_ingest_problem`), the `code` of each problem.
enum waflows_ingest_problem
#if defined(__cplusplus) || __STDC_VERSION__ >= 202311L
  : uint32_t
#endif // defined(__cplusplus) || __STDC_VERSION__ >= 202311L
 {
  // `ct-evt` / `ct-up` (or `evtData`) given as a string that is not JSON.
  WAFLOWS_INGEST_PROBLEM_INVALID_JSON = 0,
  // `ct-evt` / `ct-up` / `evtData` has the wrong JSON type (e.g. an array or a number).
  WAFLOWS_INGEST_PROBLEM_INVALID_STRUCTURE = 1,
  // `ct-evt` has no non-empty string `evtName` (CleverTap 509).
  WAFLOWS_INGEST_PROBLEM_EVENT_NAME_MISSING = 2,
  // `evtName` is a restricted system event (CleverTap 513).
  WAFLOWS_INGEST_PROBLEM_EVENT_NAME_RESTRICTED = 3,
  // `evtName` contains one of `. : $ ' " \`.
  WAFLOWS_INGEST_PROBLEM_EVENT_NAME_INVALID_CHARS = 4,
  // `evtName` is longer than 512 characters.
  WAFLOWS_INGEST_PROBLEM_EVENT_NAME_TOO_LONG = 5,
  // `ct-evt` has a key other than `evtName` / `evtData`.
  WAFLOWS_INGEST_PROBLEM_UNKNOWN_KEY = 6,
  // A property key is empty (after trimming).
  WAFLOWS_INGEST_PROBLEM_KEY_EMPTY = 7,
  // A property key is longer than 120 characters (events) / 120 bytes (profiles).
  WAFLOWS_INGEST_PROBLEM_KEY_TOO_LONG = 8,
  // A property key contains one of `: $ ' " \`.
  WAFLOWS_INGEST_PROBLEM_KEY_INVALID_CHARS = 9,
  // A string value is longer than 512 UTF-8 bytes.
  WAFLOWS_INGEST_PROBLEM_VALUE_TOO_LONG = 10,
  // A value is `null`.
  WAFLOWS_INGEST_PROBLEM_VALUE_NULL = 11,
  // A value's shape is not accepted (nested deeper than 3, array over 100 items, an object in
  // a profile, a non-string multi-value item).
  WAFLOWS_INGEST_PROBLEM_VALUE_UNSUPPORTED = 12,
  // More than 100 properties in `evtData` (CleverTap 522).
  WAFLOWS_INGEST_PROBLEM_TOO_MANY_PROPERTIES = 13,
  // More than 256 keys in one `ct-up`.
  WAFLOWS_INGEST_PROBLEM_TOO_MANY_PROFILE_KEYS = 14,
  // A reserved profile key (`Name`, `Email`, `Phone`, …) holds an object or an array.
  WAFLOWS_INGEST_PROBLEM_RESERVED_KEY_NOT_SCALAR = 15,
  // `Phone` is not E.164 with a leading `+` (CleverTap 516).
  WAFLOWS_INGEST_PROBLEM_INVALID_PHONE = 16,
  // `Gender` is not `M` or `F` (CleverTap 514).
  WAFLOWS_INGEST_PROBLEM_INVALID_GENDER = 17,
  // `Email` is not an e-mail address (CleverTap 515).
  WAFLOWS_INGEST_PROBLEM_INVALID_EMAIL = 18,
  // No identity is known for the user, so no record can be built (CleverTap 523).
  WAFLOWS_INGEST_PROBLEM_MISSING_IDENTITY = 19,
  // A webhook message is not usable (no `response_json`, or it is not a JSON object).
  WAFLOWS_INGEST_PROBLEM_INVALID_MESSAGE = 20,
};
#ifndef __cplusplus
#if __STDC_VERSION__ >= 202311L
typedef enum waflows_ingest_problem waflows_ingest_problem;
#else
typedef uint32_t waflows_ingest_problem;
#endif // __STDC_VERSION__ >= 202311L
#endif // __cplusplus

// What ingestion did with problematic data (`waflows_ingest_outcome`).
enum waflows_ingest_outcome
#if defined(__cplusplus) || __STDC_VERSION__ >= 202311L
  : uint32_t
#endif // defined(__cplusplus) || __STDC_VERSION__ >= 202311L
 {
  // The whole record was not built; its content is in [`Problem::value`].
  WAFLOWS_INGEST_OUTCOME_RECORD_DROPPED = 0,
  // The field was left out of the record; its value is in [`Problem::value`].
  WAFLOWS_INGEST_OUTCOME_FIELD_DROPPED = 1,
  // The data is in the record as it was (CleverTap may still reject it).
  WAFLOWS_INGEST_OUTCOME_KEPT = 2,
};
#ifndef __cplusplus
#if __STDC_VERSION__ >= 202311L
typedef enum waflows_ingest_outcome waflows_ingest_outcome;
#else
typedef uint32_t waflows_ingest_outcome;
#endif // __STDC_VERSION__ >= 202311L
#endif // __cplusplus

// How the WhatsApp id becomes the CleverTap identity (`waflows_identity_style`).
enum waflows_identity_style
#if defined(__cplusplus) || __STDC_VERSION__ >= 202311L
  : uint32_t
#endif // defined(__cplusplus) || __STDC_VERSION__ >= 202311L
 {
  // As sent by WhatsApp: digits without `+` (`"972987654321"`), or the BSUID. The default.
  WAFLOWS_IDENTITY_STYLE_AS_SENT = 0,
  // Phone-based ids get a leading `+` (`"+972987654321"`); BSUIDs are unchanged.
  WAFLOWS_IDENTITY_STYLE_PLUS_PREFIXED = 1,
};
#ifndef __cplusplus
#if __STDC_VERSION__ >= 202311L
typedef enum waflows_identity_style waflows_identity_style;
#else
typedef uint32_t waflows_identity_style;
#endif // __STDC_VERSION__ >= 202311L
#endif // __cplusplus

// Relay setups (`waflows_relay_setup`).
enum waflows_relay_setup
#if defined(__cplusplus) || __STDC_VERSION__ >= 202311L
  : uint32_t
#endif // defined(__cplusplus) || __STDC_VERSION__ >= 202311L
 {
  // No endpoint: screens change with `navigate`, the flow ends with `complete`; ingestion
  // comes from the completion webhook.
  WAFLOWS_RELAY_SETUP_STATIC = 0,
  // The platform is the endpoint and there is no customer endpoint: the next screen is the
  // payload's `next_screen`, the other payload fields are its data.
  WAFLOWS_RELAY_SETUP_PLATFORM = 1,
  // The platform is the endpoint and relays each request to the customer endpoint.
  WAFLOWS_RELAY_SETUP_PLATFORM_CUSTOMER = 2,
  // The customer registered its own endpoint with Meta; the platform only sees what the
  // customer forwards (typically the completion webhook).
  WAFLOWS_RELAY_SETUP_CUSTOMER = 3,
};
#ifndef __cplusplus
#if __STDC_VERSION__ >= 202311L
typedef enum waflows_relay_setup waflows_relay_setup;
#else
typedef uint32_t waflows_relay_setup;
#endif // __STDC_VERSION__ >= 202311L
#endif // __cplusplus

// Relay reply kinds (`waflows_reply_kind`).
enum waflows_reply_kind
#if defined(__cplusplus) || __STDC_VERSION__ >= 202311L
  : uint32_t
#endif // defined(__cplusplus) || __STDC_VERSION__ >= 202311L
 {
  // 432: the signature is missing or wrong.
  WAFLOWS_REPLY_KIND_SIGNATURE_REJECTED = 0,
  // 400 / 421: the body is not the envelope, or does not decrypt.
  WAFLOWS_REPLY_KIND_UNDECRYPTABLE = 1,
  // 200: health check answered.
  WAFLOWS_REPLY_KIND_HEALTH = 2,
  // 200: error notification acknowledged (see [`Reply::notification`]).
  WAFLOWS_REPLY_KIND_ERROR_ACKNOWLEDGED = 3,
  // 500: the flow's setup has no platform endpoint.
  WAFLOWS_REPLY_KIND_NO_ENDPOINT = 4,
  // 427: the flow token (or its Data API 4.0 signature) was rejected.
  WAFLOWS_REPLY_KIND_TOKEN_REJECTED = 5,
  // 200: the next screen, from the payload (`platform` setup).
  WAFLOWS_REPLY_KIND_SCREEN = 6,
  // 200: the flow closes (`SUCCESS`), from the payload (`platform` setup).
  WAFLOWS_REPLY_KIND_CLOSE = 7,
  // 200: the customer's next screen, checked.
  WAFLOWS_REPLY_KIND_CUSTOMER_SCREEN = 8,
  // 200: the customer closed the flow (`SUCCESS`), checked.
  WAFLOWS_REPLY_KIND_CUSTOMER_CLOSE = 9,
  // 427: the customer rejected the flow token.
  WAFLOWS_REPLY_KIND_CUSTOMER_TOKEN_REJECTED = 10,
  // The answer had to be replaced (bad route, bad customer answer, timeout): 200 with
  // `error_message` on the current screen, or 500.
  WAFLOWS_REPLY_KIND_FALLBACK = 11,
};
#ifndef __cplusplus
#if __STDC_VERSION__ >= 202311L
typedef enum waflows_reply_kind waflows_reply_kind;
#else
typedef uint32_t waflows_reply_kind;
#endif // __STDC_VERSION__ >= 202311L
#endif // __cplusplus

// Relay decision kinds (`waflows_decision_type`, what `waflows_decision_kind` returns; the
// type is not named after the function, which C would take for a redeclaration).
enum waflows_decision_type
#if defined(__cplusplus) || __STDC_VERSION__ >= 202311L
  : uint32_t
#endif // defined(__cplusplus) || __STDC_VERSION__ >= 202311L
 {
  // Answer now ([`Decision::Reply`]).
  WAFLOWS_DECISION_REPLY = 1,
  // Ask the customer endpoint first, then resume ([`Decision::Forward`]).
  WAFLOWS_DECISION_FORWARD = 2,
};
#ifndef __cplusplus
#if __STDC_VERSION__ >= 202311L
typedef enum waflows_decision_type waflows_decision_type;
#else
typedef uint32_t waflows_decision_type;
#endif // __STDC_VERSION__ >= 202311L
#endif // __cplusplus

// Template problem codes (`waflows_template_problem`).
enum waflows_template_problem
#if defined(__cplusplus) || __STDC_VERSION__ >= 202311L
  : uint32_t
#endif // defined(__cplusplus) || __STDC_VERSION__ >= 202311L
 {
  // `name` is empty.
  WAFLOWS_TEMPLATE_PROBLEM_NAME_MISSING = 0,
  // `name` is longer than 512 characters.
  WAFLOWS_TEMPLATE_PROBLEM_NAME_TOO_LONG = 1,
  // `name` has characters other than lower-case letters, digits and `_`.
  WAFLOWS_TEMPLATE_PROBLEM_NAME_INVALID = 2,
  // `language` is not `ll` / `ll_CC`.
  WAFLOWS_TEMPLATE_PROBLEM_LANGUAGE_INVALID = 3,
  // `category` is not Marketing or Utility.
  WAFLOWS_TEMPLATE_PROBLEM_CATEGORY_INVALID = 4,
  // The header `type` is unknown.
  WAFLOWS_TEMPLATE_PROBLEM_HEADER_TYPE_INVALID = 5,
  // A text header has no text.
  WAFLOWS_TEMPLATE_PROBLEM_HEADER_TEXT_MISSING = 6,
  // A text header is longer than 60 characters.
  WAFLOWS_TEMPLATE_PROBLEM_HEADER_TEXT_TOO_LONG = 7,
  // A media header has no MIME type, or one its kind does not accept.
  WAFLOWS_TEMPLATE_PROBLEM_MEDIA_TYPE_UNSUPPORTED = 8,
  // A media header has no size, or size 0.
  WAFLOWS_TEMPLATE_PROBLEM_MEDIA_SIZE_MISSING = 9,
  // A media file is over its size limit.
  WAFLOWS_TEMPLATE_PROBLEM_MEDIA_TOO_LARGE = 10,
  // A media header has no sample file for Meta's review.
  WAFLOWS_TEMPLATE_PROBLEM_SAMPLE_MISSING = 11,
  // A field that only media headers take was given to another header.
  WAFLOWS_TEMPLATE_PROBLEM_HEADER_FIELD_UNEXPECTED = 12,
  // The body is empty.
  WAFLOWS_TEMPLATE_PROBLEM_BODY_MISSING = 13,
  // The body is longer than 1024 characters.
  WAFLOWS_TEMPLATE_PROBLEM_BODY_TOO_LONG = 14,
  // The footer is present but empty.
  WAFLOWS_TEMPLATE_PROBLEM_FOOTER_EMPTY = 15,
  // The footer is longer than 60 characters.
  WAFLOWS_TEMPLATE_PROBLEM_FOOTER_TOO_LONG = 16,
  // The button text is empty.
  WAFLOWS_TEMPLATE_PROBLEM_BUTTON_TEXT_MISSING = 17,
  // The button text is longer than 25 characters.
  WAFLOWS_TEMPLATE_PROBLEM_BUTTON_TEXT_TOO_LONG = 18,
  // `flow_id` is empty or not a Meta id (digits).
  WAFLOWS_TEMPLATE_PROBLEM_FLOW_ID_INVALID = 19,
  // `flow_action` is not `navigate` or `data_exchange`.
  WAFLOWS_TEMPLATE_PROBLEM_FLOW_ACTION_INVALID = 20,
  // The icon is not DOCUMENT, PROMOTION or REVIEW.
  WAFLOWS_TEMPLATE_PROBLEM_ICON_INVALID = 21,
  // A Navigation button has no landing screen.
  WAFLOWS_TEMPLATE_PROBLEM_LANDING_SCREEN_MISSING = 22,
  // The landing screen is not a screen of the flow.
  WAFLOWS_TEMPLATE_PROBLEM_LANDING_SCREEN_UNKNOWN = 23,
  // The landing screen exists but is not an entry screen of the flow's routing.
  WAFLOWS_TEMPLATE_PROBLEM_LANDING_SCREEN_NOT_ENTRY = 24,
  // A Data Exchange button has a landing screen (the endpoint chooses the first screen).
  WAFLOWS_TEMPLATE_PROBLEM_LANDING_SCREEN_NOT_ALLOWED = 25,
  // Warning: no Flow JSON was given, so the landing screen could not be checked.
  WAFLOWS_TEMPLATE_PROBLEM_LANDING_SCREEN_UNCHECKED = 26,
  // The Flow JSON given for the landing-screen check cannot be read.
  WAFLOWS_TEMPLATE_PROBLEM_FLOW_JSON_UNREADABLE = 27,
  // The flow is not Published, so it cannot be attached.
  WAFLOWS_TEMPLATE_PROBLEM_FLOW_NOT_PUBLISHED = 28,
  // A `{{…}}` variable is malformed.
  WAFLOWS_TEMPLATE_PROBLEM_VARIABLE_SYNTAX = 29,
  // A body variable has no entry in `examples`.
  WAFLOWS_TEMPLATE_PROBLEM_VARIABLE_EXAMPLE_MISSING = 30,
  // Warning: a variable in the header text, footer or button text cannot be filled per
  // recipient (Meta takes no parameters in the footer or button text; waflows fills only
  // body parameters).
  WAFLOWS_TEMPLATE_PROBLEM_VARIABLE_NOT_PARAMETERIZABLE = 31,
};
#ifndef __cplusplus
#if __STDC_VERSION__ >= 202311L
typedef enum waflows_template_problem waflows_template_problem;
#else
typedef uint32_t waflows_template_problem;
#endif // __STDC_VERSION__ >= 202311L
#endif // __cplusplus

// Template problem severities (`waflows_template_severity`).
enum waflows_template_severity
#if defined(__cplusplus) || __STDC_VERSION__ >= 202311L
  : uint32_t
#endif // defined(__cplusplus) || __STDC_VERSION__ >= 202311L
 {
  // Meta would reject the template (or the flow cannot be attached).
  WAFLOWS_TEMPLATE_SEVERITY_ERROR = 0,
  // Worth a look; does not make the report fail.
  WAFLOWS_TEMPLATE_SEVERITY_WARNING = 1,
};
#ifndef __cplusplus
#if __STDC_VERSION__ >= 202311L
typedef enum waflows_template_severity waflows_template_severity;
#else
typedef uint32_t waflows_template_severity;
#endif // __STDC_VERSION__ >= 202311L
#endif // __cplusplus

// Missing-value rules of `waflows_template_render` (`waflows_missing_value`).
enum waflows_missing_value
#if defined(__cplusplus) || __STDC_VERSION__ >= 202311L
  : uint32_t
#endif // defined(__cplusplus) || __STDC_VERSION__ >= 202311L
 {
  // Fail with `template_variable_missing`, naming the variable.
  WAFLOWS_MISSING_ERROR = 0,
  // Render the variable as the empty string.
  WAFLOWS_MISSING_EMPTY = 1,
  // Leave the variable's text (`{{user.name}}`) in place.
  WAFLOWS_MISSING_KEEP = 2,
};
#ifndef __cplusplus
#if __STDC_VERSION__ >= 202311L
typedef enum waflows_missing_value waflows_missing_value;
#else
typedef uint32_t waflows_missing_value;
#endif // __STDC_VERSION__ >= 202311L
#endif // __cplusplus

// `mode` of an interactive flow message (`waflows_message_mode`).
enum waflows_message_mode
#if defined(__cplusplus) || __STDC_VERSION__ >= 202311L
  : uint32_t
#endif // defined(__cplusplus) || __STDC_VERSION__ >= 202311L
 {
  // The last published version (default).
  WAFLOWS_MESSAGE_MODE_PUBLISHED = 0,
  // The draft version (testing).
  WAFLOWS_MESSAGE_MODE_DRAFT = 1,
};
#ifndef __cplusplus
#if __STDC_VERSION__ >= 202311L
typedef enum waflows_message_mode waflows_message_mode;
#else
typedef uint32_t waflows_message_mode;
#endif // __STDC_VERSION__ >= 202311L
#endif // __cplusplus

// `flow_action` of an interactive flow message (`waflows_message_flow_action`).
enum waflows_message_flow_action
#if defined(__cplusplus) || __STDC_VERSION__ >= 202311L
  : uint32_t
#endif // defined(__cplusplus) || __STDC_VERSION__ >= 202311L
 {
  // Open `screen` directly (default).
  WAFLOWS_MESSAGE_FLOW_ACTION_NAVIGATE = 0,
  // Ask the endpoint for the first screen (`INIT`).
  WAFLOWS_MESSAGE_FLOW_ACTION_DATA_EXCHANGE = 1,
};
#ifndef __cplusplus
#if __STDC_VERSION__ >= 202311L
typedef enum waflows_message_flow_action waflows_message_flow_action;
#else
typedef uint32_t waflows_message_flow_action;
#endif // __STDC_VERSION__ >= 202311L
#endif // __cplusplus

// How `flow_action_payload.data` is written (`waflows_message_data_encoding`).
enum waflows_message_data_encoding
#if defined(__cplusplus) || __STDC_VERSION__ >= 202311L
  : uint32_t
#endif // defined(__cplusplus) || __STDC_VERSION__ >= 202311L
 {
  // A JSON object (default).
  WAFLOWS_MESSAGE_DATA_ENCODING_OBJECT = 0,
  // The object serialised into a JSON string.
  WAFLOWS_MESSAGE_DATA_ENCODING_STRING = 1,
};
#ifndef __cplusplus
#if __STDC_VERSION__ >= 202311L
typedef enum waflows_message_data_encoding waflows_message_data_encoding;
#else
typedef uint32_t waflows_message_data_encoding;
#endif // __STDC_VERSION__ >= 202311L
#endif // __cplusplus

#endif /* WAFLOWS_CATALOGUE_H */

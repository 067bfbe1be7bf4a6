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
  // Success (only meaningful across the C ABI).
  WAFLOWS_RESULT_OK = 0,
  // An argument is wrong because of the caller's code (misuse, not bad network input).
  WAFLOWS_RESULT_INVALID_ARGUMENT = 1,
  // A required pointer argument was NULL (C ABI only).
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

#endif /* WAFLOWS_CATALOGUE_H */

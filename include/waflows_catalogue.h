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

#endif /* WAFLOWS_CATALOGUE_H */

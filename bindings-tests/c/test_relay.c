/* C binding tests for the relay. Run from the repository root. */
#include "waflows.h"
#include "harness.h"

#define FIX "tests/fixtures/"

static unsigned char *pem, *public_pem;
static size_t pem_len, public_pem_len;

static int contains(const waflows_bytes *b, const char *needle) {
  return b != NULL && strstr((const char *)waflows_bytes_data(b), needle) != NULL;
}

static waflows_relay *make_relay(const char *flow_file, const char *config) {
  size_t n;
  unsigned char *flow = harness_read_file(flow_file, &n);
  waflows_relay *relay = NULL;
  CHECK_RC(waflows_relay_new(flow, n, pem, pem_len, NULL, 0, (const uint8_t *)config, strlen(config), &relay),
           WAFLOWS_RESULT_OK);
  free(flow);
  return relay;
}

/* Encrypts `payload` as the phone would and runs it through the relay. */
static waflows_decision *send(const waflows_relay *relay, const char *payload, const char *signature,
                              waflows_client_request **phone_out) {
  waflows_client_request *phone = NULL;
  waflows_decision *d = NULL;
  const char *body;
  CHECK_RC(waflows_client_encrypt_request(public_pem, public_pem_len, (const uint8_t *)payload, strlen(payload),
                                          &phone),
           WAFLOWS_RESULT_OK);
  body = waflows_client_request_body(phone);
  CHECK_RC(waflows_relay_handle(relay, (const uint8_t *)body, strlen(body), (const uint8_t *)signature,
                                signature ? strlen(signature) : 0, 1764000000, (const uint8_t *)"crm-7", 5, &d),
           WAFLOWS_RESULT_OK);
  *phone_out = phone;
  return d;
}

/* Decrypts a reply's body on the phone and checks it equals `expected`. */
static void expect_plaintext(const waflows_client_request *phone, const waflows_decision *d, const char *expected) {
  waflows_bytes *body = NULL;
  CHECK_RC(waflows_decision_body(d, &body), WAFLOWS_RESULT_OK);
  harness_expect_decrypted(phone, body, expected);
}

static void test_platform_bus_booking(void) {
  waflows_relay *relay = make_relay(FIX "relay/bus_booking.flow.json", "{\"setup\":\"platform\"}");
  waflows_client_request *phone = NULL;
  waflows_bytes *info = NULL, *none = NULL;
  waflows_decision *d = send(relay,
                             "{\"version\":\"3.0\",\"action\":\"data_exchange\",\"screen\":\"welcome_screen\","
                             "\"flow_token\":\"T\",\"data\":{\"next_screen\":\"seat_selection\",\"depart_from\":\"Pune\","
                             "\"ct-evt\":{\"evtName\":\"Date Selected\",\"evtData\":{\"depart_from\":\"Pune\"}}}}",
                             NULL, &phone);
  CHECK(waflows_decision_kind(d) == WAFLOWS_DECISION_REPLY);
  CHECK(waflows_decision_status(d) == 200);
  expect_plaintext(phone, d, "{\"screen\":\"seat_selection\",\"data\":{\"depart_from\":\"Pune\"}}");
  CHECK_RC(waflows_decision_to_json(d, &info), WAFLOWS_RESULT_OK);
  CHECK(contains(info, "\"reply_kind\":\"screen\""));
  CHECK(contains(info, "\"identity\":\"crm-7\""));
  CHECK(contains(info, "\"evtName\":\"Date Selected\""));
  CHECK_RC(waflows_decision_forward_json(d, &none), WAFLOWS_RESULT_INVALID_ARGUMENT);
  CHECK_RC(waflows_decision_resume(d, 200, (const uint8_t *)"{}", 2, (waflows_decision **)&none),
           WAFLOWS_RESULT_INVALID_ARGUMENT);
  CHECK(none == NULL);
  waflows_bytes_free(info);
  waflows_decision_free(d);
  waflows_client_request_free(phone);
  waflows_relay_free(relay);
}

static void test_platform_customer_weather(void) {
  waflows_relay *relay = make_relay(FIX "relay/weather_age.flow.json", "{\"setup\":\"platform+customer\"}");
  waflows_client_request *phone = NULL;
  waflows_bytes *fwd = NULL, *info = NULL;
  waflows_decision *reply = NULL, *again = NULL;
  const char *answer = "{\"screen\":\"YOUR_AGE\",\"data\":{\"name\":\"Jay\",\"age\":\"20\",\"toDisplay\":\"20\"}}";
  waflows_decision *d = send(relay,
                             "{\"data\":{\"option\":\"1_Check_my_age\",\"next_screen\":\"WEATHER\"},\"flow_token\":\"T\","
                             "\"screen\":\"WELCOME\",\"action\":\"data_exchange\",\"version\":\"3.0\"}",
                             NULL, &phone);
  CHECK(waflows_decision_kind(d) == WAFLOWS_DECISION_FORWARD);
  CHECK(waflows_decision_status(d) == 0);
  CHECK_RC(waflows_decision_forward_json(d, &fwd), WAFLOWS_RESULT_OK);
  CHECK(fwd != NULL && strcmp((const char *)waflows_bytes_data(fwd),
                              "{\"data\":{\"option\":\"1_Check_my_age\"},\"flow_token\":\"T\",\"screen\":\"WELCOME\","
                              "\"action\":\"data_exchange\",\"version\":\"3.0\"}") == 0);
  CHECK_RC(waflows_decision_resume(d, 200, (const uint8_t *)answer, strlen(answer), &reply), WAFLOWS_RESULT_OK);
  CHECK(waflows_decision_status(reply) == 200);
  expect_plaintext(phone, reply, "{\"screen\":\"YOUR_AGE\",\"data\":{\"name\":\"Jay\",\"age\":\"20\",\"toDisplay\":\"20\"}}");
  CHECK_RC(waflows_decision_resume(d, 200, (const uint8_t *)answer, strlen(answer), &again),
           WAFLOWS_RESULT_RELAY_CONTINUATION_USED);
  CHECK(again == NULL);
  waflows_decision_free(reply);
  waflows_decision_free(d);
  waflows_client_request_free(phone);
  waflows_bytes_free(fwd);

  /* A bad answer (transition the routing model forbids) never reaches the phone. */
  d = send(relay,
           "{\"data\":{},\"flow_token\":\"T\",\"screen\":\"WELCOME\",\"action\":\"data_exchange\",\"version\":\"3.0\"}",
           NULL, &phone);
  CHECK_RC(waflows_decision_resume(d, 200, (const uint8_t *)"{\"screen\":\"TODAYS_WEATHER\"}", 27, &reply),
           WAFLOWS_RESULT_OK);
  expect_plaintext(phone, reply,
                   "{\"screen\":\"WELCOME\",\"data\":{\"error_message\":\"Something went wrong. Please try again.\"}}");
  CHECK_RC(waflows_decision_to_json(reply, &info), WAFLOWS_RESULT_OK);
  CHECK(contains(info, "\"reply_kind\":\"fallback\""));
  CHECK(contains(info, "\"code\":\"relay_customer_answer_invalid\""));
  waflows_bytes_free(info);
  waflows_decision_free(reply);
  waflows_decision_free(d);
  waflows_client_request_free(phone);

  /* Timeout. */
  d = send(relay,
           "{\"data\":{},\"flow_token\":\"T\",\"screen\":\"WELCOME\",\"action\":\"data_exchange\",\"version\":\"3.0\"}",
           NULL, &phone);
  CHECK_RC(waflows_decision_timeout(d, &reply), WAFLOWS_RESULT_OK);
  CHECK_RC(waflows_decision_to_json(reply, &info), WAFLOWS_RESULT_OK);
  CHECK(contains(info, "\"code\":\"relay_customer_timeout\""));
  waflows_bytes_free(info);
  waflows_decision_free(reply);
  waflows_decision_free(d);
  waflows_client_request_free(phone);

  /* Unreachable (connection refused, reset): the same fallback, told apart (endpoint branch). */
  d = send(relay,
           "{\"data\":{},\"flow_token\":\"T\",\"screen\":\"WELCOME\",\"action\":\"data_exchange\",\"version\":\"3.0\"}",
           NULL, &phone);
  CHECK_RC(waflows_decision_unreachable(d, &reply), WAFLOWS_RESULT_OK);
  expect_plaintext(phone, reply,
                   "{\"screen\":\"WELCOME\",\"data\":{\"error_message\":\"Something went wrong. Please try again.\"}}");
  CHECK_RC(waflows_decision_to_json(reply, &info), WAFLOWS_RESULT_OK);
  CHECK(contains(info, "\"code\":\"relay_customer_unreachable\""));
  CHECK_RC(waflows_decision_unreachable(d, &again), WAFLOWS_RESULT_RELAY_CONTINUATION_USED);
  CHECK(again == NULL);
  waflows_bytes_free(info);
  waflows_decision_free(reply);
  waflows_decision_free(d);
  waflows_client_request_free(phone);
  waflows_relay_free(relay);
}

static void test_failures(void) {
  waflows_relay *relay = make_relay(
      FIX "relay/weather_age.flow.json",
      "{\"setup\":\"platform+customer\",\"app_secrets\":[\"c-app\"],\"token_secrets\":[\"c-token-secret-0123456789\"]}");
  waflows_client_request *phone = NULL;
  waflows_decision *d;
  waflows_relay *bad = NULL;
  waflows_bytes *token = NULL;
  char payload[512];
  size_t n;
  unsigned char *flow;

  /* 432: a wrong signature, and none at all. */
  d = send(relay, "{\"action\":\"ping\",\"version\":\"3.0\"}", "sha256=00", &phone);
  CHECK(waflows_decision_status(d) == 432);
  waflows_decision_free(d);
  waflows_client_request_free(phone);

  /* 400 before any key work (needs a signature first, so use a relay without app secrets). */
  waflows_relay_free(relay);
  relay = make_relay(FIX "relay/weather_age.flow.json",
                     "{\"setup\":\"platform+customer\",\"token_secrets\":[\"c-token-secret-0123456789\"]}");
  d = NULL;
  CHECK_RC(waflows_relay_handle(relay, (const uint8_t *)"{}", 2, NULL, 0, 1, NULL, 0, &d), WAFLOWS_RESULT_OK);
  CHECK(waflows_decision_status(d) == 400);
  waflows_decision_free(d);

  /* 427: an expired token. */
  CHECK_RC(waflows_token_issue((const uint8_t *)"c-token-secret-0123456789", 25, (const uint8_t *)"u", 1,
                               (const uint8_t *)"weather_age", 11, NULL, 0, 1764000000, &token),
           WAFLOWS_RESULT_OK);
  snprintf(payload, sizeof payload,
           "{\"action\":\"data_exchange\",\"screen\":\"WELCOME\",\"flow_token\":\"%s\",\"data\":{}}",
           (const char *)waflows_bytes_data(token));
  d = send(relay, payload, NULL, &phone);
  CHECK(waflows_decision_status(d) == 427);
  expect_plaintext(phone, d, "{\"error_msg\":\"This link has expired. Please request a new one.\"}");
  waflows_decision_free(d);
  waflows_client_request_free(phone);
  waflows_bytes_free(token);
  waflows_relay_free(relay);

  /* Configuration and argument errors. */
  flow = harness_read_file(FIX "relay/weather_age.flow.json", &n);
  CHECK_RC(waflows_relay_new(flow, n, pem, pem_len, NULL, 0, (const uint8_t *)"{\"setup\":\"x\"}", 13, &bad),
           WAFLOWS_RESULT_INVALID_ARGUMENT);
  CHECK_RC(waflows_relay_new(flow, n, pem, pem_len, NULL, 0, (const uint8_t *)"[]", 2, &bad),
           WAFLOWS_RESULT_INVALID_ARGUMENT);
  CHECK_RC(waflows_relay_new((const uint8_t *)"{\"screens\":[]}", 14, pem, pem_len, NULL, 0,
                             (const uint8_t *)"{\"setup\":\"platform\"}", 20, &bad),
           WAFLOWS_RESULT_RELAY_CONFIG_INVALID);
  CHECK_RC(waflows_relay_new(flow, n, (const uint8_t *)"nope", 4, NULL, 0, (const uint8_t *)"{\"setup\":\"platform\"}",
                             20, &bad),
           WAFLOWS_RESULT_KEY_MALFORMED);
  CHECK(bad == NULL);
  free(flow);
  CHECK_RC(waflows_relay_handle(NULL, (const uint8_t *)"{}", 2, NULL, 0, 1, NULL, 0, &d), WAFLOWS_RESULT_NULL_PARAMETER);
  CHECK(waflows_decision_kind(NULL) == 0);
  CHECK(waflows_decision_status(NULL) == 0);
  waflows_relay_free(NULL);
  waflows_decision_free(NULL);
}

/* A relay built on a loaded key shares it: freeing the key handle first is fine. */
static void test_shared_key(void) {
  size_t n;
  unsigned char *flow = harness_read_file(FIX "relay/bus_booking.flow.json", &n);
  static const char config[] = "{\"setup\":\"platform\"}";
  waflows_key *key = NULL;
  waflows_relay *relay = NULL;
  waflows_client_request *phone = NULL;
  waflows_decision *d;
  CHECK_RC(waflows_key_from_pem(pem, pem_len, NULL, 0, &key), WAFLOWS_RESULT_OK);
  CHECK_RC(waflows_relay_new_with_key(flow, n, key, (const uint8_t *)config, strlen(config), &relay),
           WAFLOWS_RESULT_OK);
  CHECK_RC(waflows_relay_new_with_key(flow, n, NULL, (const uint8_t *)config, strlen(config), &relay),
           WAFLOWS_RESULT_NULL_PARAMETER);
  waflows_key_free(key);
  d = send(relay, "{\"version\":\"3.0\",\"action\":\"ping\"}", NULL, &phone);
  CHECK(d != NULL && waflows_decision_status(d) == 200);
  waflows_decision_free(d);
  waflows_client_request_free(phone);
  waflows_relay_free(relay);
  free(flow);
}

/* Every key of the core's relay configuration from C, with a key-id token secret (rotation). */
static void test_every_config_key(void) {
  const char *config =
      "{\"setup\":\"platform\",\"app_secrets\":[],\"token_secrets\":[\"relay-old-secret-0123456789\","
      "{\"id\":\"k2026\",\"secret\":\"relay-new-secret-0123456789\"}],\"flow_id\":\"F1\","
      "\"policy\":\"keep_and_warn\",\"coerce_subscription_booleans\":false,\"error_message\":\"E\","
      "\"token_error_message\":\"T\"}";
  const char *secret = "{\"id\":\"k2026\",\"secret\":\"relay-new-secret-0123456789\"}";
  waflows_relay *relay = make_relay(FIX "relay/bus_booking.flow.json", config);
  waflows_bytes *token = NULL, *info = NULL;
  waflows_client_request *phone = NULL;
  waflows_decision *d;
  char payload[1024];
  CHECK_RC(waflows_token_issue_json((const uint8_t *)secret, strlen(secret), (const uint8_t *)"u-42", 4,
                                    (const uint8_t *)"F1", 2, NULL, 0, 1764000100, &token),
           WAFLOWS_RESULT_OK);
  snprintf(payload, sizeof payload,
           "{\"version\":\"3.0\",\"action\":\"data_exchange\",\"screen\":\"welcome_screen\",\"flow_token\":\"%s\","
           "\"data\":{\"next_screen\":\"seat_selection\",\"depart_from\":\"Pune\",\"ct-up\":{\"MSG-sms\":\"false\"}}}",
           (const char *)waflows_bytes_data(token));
  d = send(relay, payload, NULL, &phone);
  CHECK(waflows_decision_status(d) == 200);
  CHECK_RC(waflows_decision_to_json(d, &info), WAFLOWS_RESULT_OK);
  /* The token's identity (signed under key id k2026) wins over the host's "crm-7". */
  CHECK(contains(info, "\"identity\":\"u-42\""));
  /* coerce_subscription_booleans=false keeps the text. */
  CHECK(contains(info, "\"profileData\":{\"MSG-sms\":\"false\"}"));
  /* The decision JSON is the core's serialisation: every field, in order. */
  CHECK(contains(info, "{\"kind\":\"reply\",\"status\":200,\"reply_kind\":\"screen\",\"screen\":\"seat_selection\","));
  CHECK(contains(info, "\"error\":null,\"notification\":null,\"dropped_keys\":[]}"));
  waflows_bytes_free(info);
  waflows_decision_free(d);
  waflows_client_request_free(phone);
  waflows_bytes_free(token);
  waflows_relay_free(relay);
}

static void test_bad_config(void) {
  static const char *bad_configs[] = {
      "{\"setup\":\"platform\",\"policy_code\":1}",             /* the old key: refused, not ignored */
      "{\"setup\":\"platform\",\"policy\":2}",                  /* names only */
      "{\"setup\":\"platform\",\"token_secrets\":[{\"id\":\"k1\"}]}", /* no secret */
      "{\"setup\":\"platform\",\"token_secrets\":\"short\"}",     /* under 16 bytes */
      "{\"setup\":\"platform\",\"coerce_subscription_booleans\":\"no\"}",
      "{\"app_secrets\":[\"a\"]}",                            /* setup is required */
  };
  size_t n, i;
  unsigned char *flow = harness_read_file(FIX "relay/bus_booking.flow.json", &n);
  waflows_relay *bad = NULL;
  for (i = 0; i < sizeof bad_configs / sizeof bad_configs[0]; i++) {
    CHECK_RC(waflows_relay_new(flow, n, pem, pem_len, NULL, 0, (const uint8_t *)bad_configs[i], strlen(bad_configs[i]),
                               &bad),
             WAFLOWS_RESULT_INVALID_ARGUMENT);
    CHECK(bad == NULL);
  }
  free(flow);
}

int main(void) {
  pem = harness_read_file(FIX "keys/private_pkcs8.pem", &pem_len);
  public_pem = harness_read_file(FIX "keys/public_spki.pem", &public_pem_len);
  test_platform_bus_booking();
  test_platform_customer_weather();
  test_failures();
  test_shared_key();
  test_every_config_key();
  test_bad_config();
  free(pem);
  free(public_pem);
  return harness_finish("test_relay");
}

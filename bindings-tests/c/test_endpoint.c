/* C binding tests for the endpoint (two calls: handle, then answer). Run from the repository root. */
#include "waflows.h"
#include "harness.h"

#define FIX "tests/fixtures/"

static const char *FLOW =
    "{\"version\":\"7.2\",\"routing_model\":{\"A\":[\"B\"],\"B\":[]},\"screens\":["
    "{\"id\":\"A\",\"data\":{}},{\"id\":\"B\",\"terminal\":true,\"data\":{\"x\":{\"type\":\"string\"}}}]}";

static unsigned char *pem, *public_pem;
static size_t pem_len, public_pem_len;

static int contains(const waflows_bytes *b, const char *needle) {
  return b != NULL && strstr((const char *)waflows_bytes_data(b), needle) != NULL;
}

static waflows_exchange *send(const waflows_flow_endpoint *e, const char *payload, waflows_client_request **phone_out) {
  waflows_client_request *phone = NULL;
  waflows_exchange *x = NULL;
  const char *body;
  CHECK_RC(waflows_client_encrypt_request(public_pem, public_pem_len, (const uint8_t *)payload, strlen(payload),
                                          &phone),
           WAFLOWS_RESULT_OK);
  body = waflows_client_request_body(phone);
  CHECK_RC(waflows_flow_endpoint_handle(e, (const uint8_t *)body, strlen(body), NULL, 0, 1764000000,
                                   (const uint8_t *)"crm-7", 5, &x),
           WAFLOWS_RESULT_OK);
  *phone_out = phone;
  return x;
}

static void expect_plaintext(const waflows_client_request *phone, const waflows_exchange *x, const char *expected) {
  waflows_bytes *body = NULL;
  CHECK_RC(waflows_exchange_body(x, &body), WAFLOWS_RESULT_OK);
  harness_expect_decrypted(phone, body, expected);
}

static waflows_flow_endpoint *make(const waflows_key *key, const char *flow, const char *config) {
  waflows_flow_endpoint *e = NULL;
  CHECK_RC(waflows_flow_endpoint_new((const uint8_t *)flow, flow ? strlen(flow) : 0, key, (const uint8_t *)config,
                                config ? strlen(config) : 0, &e),
           WAFLOWS_RESULT_OK);
  return e;
}

static void test_two_calls(const waflows_key *key) {
  waflows_flow_endpoint *e = make(key, FLOW, "{}");
  waflows_client_request *phone = NULL;
  waflows_bytes *req = NULL, *info = NULL, *none = NULL;
  const char *answer = "{\"type\":\"next_screen\",\"screen\":\"B\",\"data\":{\"x\":\"hi\",\"zz\":1}}";
  waflows_exchange *x = send(e,
                             "{\"version\":\"3.0\",\"action\":\"data_exchange\",\"screen\":\"A\",\"flow_token\":\"T\","
                             "\"data\":{\"q\":1,\"ct-evt\":{\"evtName\":\"Tapped\"}}}",
                             &phone);
  CHECK(waflows_exchange_state(x) == WAFLOWS_EXCHANGE_ASK);
  CHECK(waflows_exchange_status(x) == 0);
  CHECK_RC(waflows_exchange_body(x, &none), WAFLOWS_RESULT_INVALID_ARGUMENT);
  CHECK(none == NULL);
  CHECK_RC(waflows_exchange_request_json(x, &req), WAFLOWS_RESULT_OK);
  CHECK(contains(req, "\"action\":\"data_exchange\""));
  CHECK(contains(req, "\"data\":{\"q\":1}"));
  CHECK(contains(req, "\"identity\":\"crm-7\""));
  CHECK(contains(req, "\"evtName\":\"Tapped\""));
  /* Not an answer: rejected, the exchange still waits. */
  CHECK_RC(waflows_exchange_answer(x, (const uint8_t *)"{\"type\":\"nope\"}", 15),
           WAFLOWS_RESULT_ENDPOINT_ANSWER_INVALID);
  CHECK(waflows_exchange_state(x) == WAFLOWS_EXCHANGE_ASK);
  CHECK_RC(waflows_exchange_answer(x, (const uint8_t *)answer, strlen(answer)), WAFLOWS_RESULT_OK);
  CHECK(waflows_exchange_state(x) == WAFLOWS_EXCHANGE_RESPONSE);
  CHECK(waflows_exchange_status(x) == 200);
  expect_plaintext(phone, x, "{\"screen\":\"B\",\"data\":{\"x\":\"hi\"}}");
  CHECK_RC(waflows_exchange_response_json(x, &info), WAFLOWS_RESULT_OK);
  CHECK(contains(info, "\"kind\":\"next_screen\""));
  CHECK(contains(info, "\"dropped_keys\":[\"zz\"]"));
  CHECK(contains(info, "\"evtName\":\"Tapped\""));
  CHECK_RC(waflows_exchange_answer(x, (const uint8_t *)answer, strlen(answer)), WAFLOWS_RESULT_ENDPOINT_ALREADY_ANSWERED);
  CHECK_RC(waflows_exchange_request_json(x, &none), WAFLOWS_RESULT_INVALID_ARGUMENT);
  waflows_bytes_free(info);
  info = NULL;
  waflows_bytes_free(req);
  waflows_exchange_free(x);
  waflows_client_request_free(phone);

  /* A route the routing model forbids never reaches the phone. */
  x = send(e, "{\"version\":\"3.0\",\"action\":\"data_exchange\",\"screen\":\"B\",\"flow_token\":\"T\",\"data\":{}}",
           &phone);
  CHECK_RC(waflows_exchange_answer(x, (const uint8_t *)"{\"type\":\"next_screen\",\"screen\":\"A\"}",
                                   strlen("{\"type\":\"next_screen\",\"screen\":\"A\"}")),
           WAFLOWS_RESULT_OK);
  expect_plaintext(phone, x, "{\"screen\":\"B\",\"data\":{\"error_message\":\"Something went wrong. Please try again.\"}}");
  CHECK_RC(waflows_exchange_response_json(x, &info), WAFLOWS_RESULT_OK);
  CHECK(contains(info, "\"kind\":\"answer_replaced\""));
  CHECK(contains(info, "\"code\":\"endpoint_answer_invalid\""));
  waflows_bytes_free(info);
  info = NULL;
  waflows_exchange_free(x);
  waflows_client_request_free(phone);

  /* Close adds the flow token. */
  x = send(e, "{\"version\":\"3.0\",\"action\":\"data_exchange\",\"screen\":\"B\",\"flow_token\":\"T\",\"data\":{}}",
           &phone);
  CHECK_RC(waflows_exchange_answer(x, (const uint8_t *)"{\"type\":\"close\",\"params\":{\"n\":1}}", 33), WAFLOWS_RESULT_OK);
  expect_plaintext(phone, x,
                   "{\"screen\":\"SUCCESS\",\"data\":{\"extension_message_response\":{\"params\":{\"n\":1,\"flow_token\":\"T\"}}}}");
  waflows_exchange_free(x);
  waflows_client_request_free(phone);

  /* Ping is answered at once. */
  x = send(e, "{\"version\":\"3.0\",\"action\":\"ping\"}", &phone);
  CHECK(waflows_exchange_state(x) == WAFLOWS_EXCHANGE_RESPONSE);
  expect_plaintext(phone, x, "{\"data\":{\"status\":\"active\"}}");
  waflows_exchange_free(x);
  waflows_client_request_free(phone);
  waflows_flow_endpoint_free(e);
}

static void test_failures(const waflows_key *key) {
  waflows_flow_endpoint *e = make(key, NULL, "{\"app_secrets\":[\"s\"],\"max_body_bytes\":64}");
  waflows_flow_endpoint *bad = NULL;
  waflows_exchange *x = NULL;
  waflows_bytes *info = NULL;
  char big[100];
  memset(big, 'x', sizeof big);
  CHECK_RC(waflows_flow_endpoint_handle(e, (const uint8_t *)big, sizeof big, NULL, 0, 1, NULL, 0, &x), WAFLOWS_RESULT_OK);
  CHECK(waflows_exchange_status(x) == 413);
  waflows_exchange_free(x);
  CHECK_RC(waflows_flow_endpoint_handle(e, (const uint8_t *)"{}", 2, NULL, 0, 1, NULL, 0, &x), WAFLOWS_RESULT_OK);
  CHECK(waflows_exchange_status(x) == 432);
  CHECK_RC(waflows_exchange_response_json(x, &info), WAFLOWS_RESULT_OK);
  CHECK(contains(info, "\"code\":\"invalid_signature\""));
  waflows_bytes_free(info);
  waflows_exchange_free(x);
  CHECK_RC(waflows_flow_endpoint_handle(NULL, (const uint8_t *)"{}", 2, NULL, 0, 1, NULL, 0, &x),
           WAFLOWS_RESULT_NULL_PARAMETER);
  CHECK_RC(waflows_flow_endpoint_handle(e, (const uint8_t *)"{}", 2, NULL, 0, 1, NULL, 0, NULL),
           WAFLOWS_RESULT_NULL_PARAMETER);
  CHECK_RC(waflows_flow_endpoint_new(NULL, 0, key, (const uint8_t *)"{\"nope\":1}", 10, &bad),
           WAFLOWS_RESULT_ENDPOINT_CONFIG_INVALID);
  CHECK(bad == NULL);
  CHECK_RC(waflows_flow_endpoint_new(NULL, 0, NULL, NULL, 0, &bad), WAFLOWS_RESULT_NULL_PARAMETER);
  CHECK(waflows_exchange_state(NULL) == 0);
  CHECK(waflows_exchange_status(NULL) == 0);
  CHECK_RC(waflows_exchange_answer(NULL, (const uint8_t *)"{}", 2), WAFLOWS_RESULT_NULL_PARAMETER);
  waflows_exchange_free(NULL);
  waflows_flow_endpoint_free(NULL);
  waflows_flow_endpoint_free(e);
}

/* The callback form: the business logic answers through the exchange it is given. */
struct answer_ctx {
  int calls;
  int mode; /* 0: answer; 1: return an error; 2: return 0 without answering */
};

static int32_t answer_cb(void *user_data, const uint8_t *request_json, size_t request_json_len,
                         const waflows_exchange *x) {
  struct answer_ctx *ctx = (struct answer_ctx *)user_data;
  const char *answer = "{\"type\":\"next_screen\",\"screen\":\"B\",\"data\":{\"x\":\"from the callback\"}}";
  ctx->calls++;
  if (request_json_len == 0 || strstr((const char *)request_json, "\"screen\":\"A\"") == NULL) {
    return 7;
  }
  if (ctx->mode == 1) {
    return 3;
  }
  if (ctx->mode == 2) {
    return 0;
  }
  return waflows_exchange_answer(x, (const uint8_t *)answer, strlen(answer)) == WAFLOWS_RESULT_OK ? 0 : 9;
}

static void serve(const waflows_flow_endpoint *e, struct answer_ctx *ctx, const char *payload,
                  waflows_client_request **phone_out, waflows_exchange **x_out) {
  const char *body;
  CHECK_RC(waflows_client_encrypt_request(public_pem, public_pem_len, (const uint8_t *)payload, strlen(payload),
                                          phone_out),
           WAFLOWS_RESULT_OK);
  body = waflows_client_request_body(*phone_out);
  CHECK_RC(waflows_flow_endpoint_serve(e, (const uint8_t *)body, strlen(body), NULL, 0, 1764000000, NULL, 0,
                                       answer_cb, ctx, x_out),
           WAFLOWS_RESULT_OK);
}

static void test_callback(const waflows_key *key) {
  waflows_flow_endpoint *e = make(key, FLOW, NULL);
  struct answer_ctx ctx = {0, 0};
  waflows_client_request *phone = NULL;
  waflows_exchange *x = NULL;
  waflows_bytes *info = NULL;
  const char *at_a = "{\"version\":\"3.0\",\"action\":\"data_exchange\",\"screen\":\"A\",\"flow_token\":\"T\",\"data\":{}}";

  serve(e, &ctx, at_a, &phone, &x);
  CHECK(ctx.calls == 1);
  CHECK(waflows_exchange_state(x) == WAFLOWS_EXCHANGE_RESPONSE);
  CHECK(waflows_exchange_status(x) == 200);
  expect_plaintext(phone, x, "{\"screen\":\"B\",\"data\":{\"x\":\"from the callback\"}}");
  waflows_exchange_free(x);
  waflows_client_request_free(phone);

  /* A failing callback, or one that does not answer: HTTP 500, never a stuck exchange. */
  for (ctx.mode = 1; ctx.mode <= 2; ctx.mode++) {
    serve(e, &ctx, at_a, &phone, &x);
    CHECK(waflows_exchange_state(x) == WAFLOWS_EXCHANGE_RESPONSE);
    CHECK(waflows_exchange_status(x) == 500);
    CHECK_RC(waflows_exchange_response_json(x, &info), WAFLOWS_RESULT_OK);
    CHECK(contains(info, "\"code\":\"endpoint_handler_failed\""));
    waflows_bytes_free(info);
    info = NULL;
    waflows_exchange_free(x);
    waflows_client_request_free(phone);
  }

  /* Ping never reaches the callback. */
  ctx.calls = 0;
  serve(e, &ctx, "{\"version\":\"3.0\",\"action\":\"ping\"}", &phone, &x);
  CHECK(ctx.calls == 0);
  expect_plaintext(phone, x, "{\"data\":{\"status\":\"active\"}}");
  waflows_exchange_free(x);
  waflows_client_request_free(phone);

  x = NULL;
  CHECK_RC(waflows_flow_endpoint_serve(e, (const uint8_t *)"{}", 2, NULL, 0, 1, NULL, 0, NULL, NULL, &x),
           WAFLOWS_RESULT_NULL_PARAMETER);
  CHECK(x == NULL);
  waflows_flow_endpoint_free(e);
}

/* Whether the request the endpoint configured by `config` hands over for `payload` contains `needle`. */
static int request_with(const waflows_key *key, const char *config, const char *payload, const char *needle) {
  waflows_flow_endpoint *e = make(key, FLOW, config);
  waflows_client_request *phone = NULL;
  waflows_exchange *x = send(e, payload, &phone);
  waflows_bytes *req = NULL;
  int found;
  CHECK_RC(waflows_exchange_request_json(x, &req), WAFLOWS_RESULT_OK);
  found = contains(req, needle);
  waflows_bytes_free(req);
  waflows_exchange_free(x);
  waflows_client_request_free(phone);
  waflows_flow_endpoint_free(e);
  return found;
}

/* The configuration keys are the relay's: `policy`, `coerce_subscription_booleans`, token secrets with
   key ids; the endpoint's old `ingest_policy` is refused. */
static void test_relay_config_keys(const waflows_key *key) {
  const char *payload = "{\"version\":\"3.0\",\"action\":\"data_exchange\",\"screen\":\"A\",\"flow_token\":\"T\","
                        "\"data\":{\"ct-up\":{\"MSG-email\":\"false\",\"Name\":\"N\"}}}";
  waflows_flow_endpoint *bad = NULL;
  const char *old = "{\"ingest_policy\":\"drop_field\"}";
  CHECK_RC(waflows_flow_endpoint_new(NULL, 0, key, (const uint8_t *)old, strlen(old), &bad),
           WAFLOWS_RESULT_ENDPOINT_CONFIG_INVALID);
  CHECK(bad == NULL);
  /* Every relay key is read (token secret with a key id, one app secret without a list). */
  waflows_flow_endpoint_free(make(key, FLOW,
                                  "{\"coerce_subscription_booleans\":false,\"policy\":\"drop_record\",\"token_secrets\":"
                                  "[{\"id\":\"k1\",\"secret\":\"token-secret-0123456789\"}],\"app_secrets\":\"one\"}"));
  /* Default: the subscription flag becomes a boolean; coercion off: kept as sent. */
  CHECK(request_with(key, "{\"policy\":\"keep_and_warn\"}", payload, "\"MSG-email\":false"));
  CHECK(request_with(key, "{\"coerce_subscription_booleans\":false}", payload, "\"MSG-email\":\"false\""));
  CHECK(!request_with(key, "{\"coerce_subscription_booleans\":false}", payload, "\"MSG-email\":false"));
}

int main(void) {
  waflows_key *key = NULL;
  pem = harness_read_file(FIX "keys/private_pkcs8.pem", &pem_len);
  public_pem = harness_read_file(FIX "keys/public_spki.pem", &public_pem_len);
  CHECK_RC(waflows_key_from_pem(pem, pem_len, NULL, 0, &key), WAFLOWS_RESULT_OK);
  test_two_calls(key);
  test_failures(key);
  test_callback(key);
  test_relay_config_keys(key);
  waflows_key_free(key);
  free(pem);
  free(public_pem);
  return harness_finish("test_endpoint");
}

/* C binding tests for ingestion and flow tokens. Run from the repository root. */
#include "waflows.h"
#include "harness.h"

#define FIX "tests/fixtures/"
#define S(lit) (const uint8_t *)(lit), strlen(lit)

static int contains(const waflows_bytes *b, const char *needle) {
  return b != NULL && strstr((const char *)waflows_bytes_data(b), needle) != NULL;
}

static void test_extract(void) {
  const char *payload =
      "{\"next_screen\":\"B\",\"ct-evt\":{\"evtName\":\"Stay Feedback\",\"evtData\":{\"rating\":\"5\"}},"
      "\"ct-up\":{\"Name\":\"Jay\",\"Phone\":\"12345\"}}";
  waflows_bytes *out = NULL;
  CHECK_RC(waflows_ingest_extract((const uint8_t *)payload, strlen(payload), NULL, 0, &out),
           WAFLOWS_RESULT_OK);
  CHECK(contains(out, "\"event\":{\"evtName\":\"Stay Feedback\",\"evtData\":{\"rating\":\"5\"}}"));
  CHECK(contains(out, "\"profile\":{\"Name\":\"Jay\"}"));
  CHECK(contains(out, "\"code\":\"invalid_phone\""));
  CHECK(contains(out, "\"outcome\":\"field_dropped\""));
  CHECK(contains(out, "\"rest\":{\"next_screen\":\"B\"}"));
  waflows_bytes_free(out);

  out = NULL;
  CHECK_RC(waflows_ingest_extract((const uint8_t *)payload, strlen(payload), S("{\"policy\":\"drop_record\"}"), &out),
           WAFLOWS_RESULT_OK);
  CHECK(contains(out, "\"profile\":null"));
  CHECK(contains(out, "\"outcome\":\"record_dropped\""));
  waflows_bytes_free(out);

  /* The options are the core's extraction options, the keys Python takes as keywords. */
  out = NULL;
  CHECK_RC(waflows_ingest_extract(S("{\"ct-up\":{\"MSG-sms\":\"false\"}}"),
                                  S("{\"policy\":\"keep_and_warn\",\"coerce_subscription_booleans\":false}"), &out),
           WAFLOWS_RESULT_OK);
  CHECK(contains(out, "\"profile\":{\"MSG-sms\":\"false\"}"));
  waflows_bytes_free(out);
  out = NULL;
  CHECK_RC(waflows_ingest_extract(S("{\"ct-up\":{\"MSG-sms\":\"false\"}}"), S("{}"), &out), WAFLOWS_RESULT_OK);
  CHECK(contains(out, "\"profile\":{\"MSG-sms\":false}"));
  waflows_bytes_free(out);

  /* Errors; the out-parameter is left untouched. */
  out = NULL;
  CHECK_RC(waflows_ingest_extract((const uint8_t *)"[1]", 3, NULL, 0, &out), WAFLOWS_RESULT_INVALID_PAYLOAD);
  CHECK(out == NULL);
  /* Unknown keys (the old `policy_code`) and unknown names are refused, never ignored. */
  CHECK_RC(waflows_ingest_extract(S("{}"), S("{\"policy_code\":1}"), &out), WAFLOWS_RESULT_INVALID_ARGUMENT);
  CHECK_RC(waflows_ingest_extract(S("{}"), S("{\"policy\":\"drop_everything\"}"), &out),
           WAFLOWS_RESULT_INVALID_ARGUMENT);
  CHECK_RC(waflows_ingest_extract(S("{}"), S("{\"coerce_subscription_booleans\":\"no\"}"), &out),
           WAFLOWS_RESULT_INVALID_ARGUMENT);
  CHECK_RC(waflows_ingest_extract(S("{}"), S("[]"), &out), WAFLOWS_RESULT_INVALID_ARGUMENT);
  CHECK_RC(waflows_ingest_extract(S("{}"), S("[\"drop_record\"]"), &out), WAFLOWS_RESULT_INVALID_ARGUMENT);
  CHECK_RC(waflows_ingest_extract(S("{}"), NULL, 3, &out), WAFLOWS_RESULT_NULL_PARAMETER);
  CHECK_RC(waflows_ingest_extract((const uint8_t *)"{}", 2, NULL, 0, NULL), WAFLOWS_RESULT_NULL_PARAMETER);
  CHECK_RC(waflows_ingest_extract(NULL, 5, NULL, 0, &out), WAFLOWS_RESULT_NULL_PARAMETER);
  CHECK(out == NULL);
}

static void test_webhook_and_upload_bodies(void) {
  size_t n;
  unsigned char *body = harness_read_file(FIX "ingest/mixed_webhook.json", &n);
  waflows_bytes *out = NULL, *bodies = NULL;
  const char *records, *end;
  char *list;
  CHECK_RC(waflows_ingest_webhook(body, n, NULL, 0, &out), WAFLOWS_RESULT_OK);
  CHECK(contains(out, "\"evtName\":\"Stay Feedback\""));
  /* Completions are the core's serialisation: `response` is there, as in Python. */
  CHECK(contains(out, "\"response\":{"));
  CHECK(contains(out, "\"identity\":\"US.13491208655302741918\""));
  CHECK(contains(out, "\"code\":\"missing_identity\""));
  CHECK(contains(out, "\"message_id\":\"wamid.hotel\""));
  /* Cut out the "records" array and turn it into upload bodies. */
  records = strstr((const char *)waflows_bytes_data(out), "\"records\":");
  CHECK(records != NULL);
  if (records != NULL) {
    records += strlen("\"records\":");
    end = strstr(records, "],\"problems\"");
    CHECK(end != NULL);
    if (end != NULL) {
      list = (char *)malloc((size_t)(end - records) + 2);
      memcpy(list, records, (size_t)(end - records) + 1);
      list[end - records + 1] = 0;
      CHECK_RC(waflows_ingest_upload_bodies((const uint8_t *)list, strlen(list), &bodies), WAFLOWS_RESULT_OK);
      CHECK(strncmp((const char *)waflows_bytes_data(bodies), "{\"d\":[{\"type\":\"event\"", 21) == 0);
      CHECK(strchr((const char *)waflows_bytes_data(bodies), '\n') == NULL); /* 3 records: one body */
      waflows_bytes_free(bodies);
      free(list);
    }
  }
  waflows_bytes_free(out);

  /* identity_style and fallback_event reach C. */
  out = NULL;
  CHECK_RC(waflows_ingest_webhook(body, n, S("{\"identity_style\":\"plus_prefixed\",\"fallback_event\":\"Flow Done\"}"),
                                  &out),
           WAFLOWS_RESULT_OK);
  CHECK(contains(out, "\"identity\":\"+"));
  CHECK(contains(out, "\"evtName\":\"Flow Done\""));
  waflows_bytes_free(out);
  out = NULL;
  CHECK_RC(waflows_ingest_webhook(body, n, S("{\"identity_style\":\"e164\"}"), &out), WAFLOWS_RESULT_INVALID_ARGUMENT);
  CHECK(out == NULL);
  free(body);

  CHECK_RC(waflows_ingest_webhook((const uint8_t *)"{}", 2, NULL, 0, &out), WAFLOWS_RESULT_INVALID_WEBHOOK);
  CHECK_RC(waflows_ingest_webhook((const uint8_t *)"{{{{", 4, NULL, 0, &out), WAFLOWS_RESULT_INVALID_WEBHOOK);
  CHECK_RC(waflows_ingest_upload_bodies((const uint8_t *)"[{\"type\":\"event\"}]", 18, &out),
           WAFLOWS_RESULT_INVALID_RECORD);
  CHECK(out == NULL);
  CHECK_RC(waflows_ingest_upload_bodies((const uint8_t *)"[]", 2, &out), WAFLOWS_RESULT_OK);
  CHECK(waflows_bytes_len(out) == 0);
  waflows_bytes_free(out);
}

static void test_tokens(void) {
  const char *secret = "c-test-secret-0123456789";
  const char *old_secret = "c-old-secret-0123456789";
  const uint8_t *secrets[2];
  size_t lens[2];
  waflows_bytes *token = NULL, *claims = NULL;
  CHECK_RC(waflows_token_issue((const uint8_t *)secret, strlen(secret), (const uint8_t *)"919876543210", 12,
                               (const uint8_t *)"1234", 4, (const uint8_t *)"camp", 4, 2000, &token),
           WAFLOWS_RESULT_OK);
  CHECK(waflows_bytes_len(token) < 200);
  secrets[0] = (const uint8_t *)old_secret;
  lens[0] = strlen(old_secret);
  secrets[1] = (const uint8_t *)secret;
  lens[1] = strlen(secret);
  CHECK_RC(waflows_token_verify(waflows_bytes_data(token), waflows_bytes_len(token), secrets, lens, 2, 1000, &claims),
           WAFLOWS_RESULT_OK);
  CHECK(contains(claims, "\"identity\":\"919876543210\""));
  CHECK(contains(claims, "\"campaign_id\":\"camp\""));
  waflows_bytes_free(claims);
  claims = NULL;
  CHECK_RC(waflows_token_verify(waflows_bytes_data(token), waflows_bytes_len(token), secrets, lens, 2, 2000, &claims),
           WAFLOWS_RESULT_FLOW_TOKEN_EXPIRED);
  CHECK(waflows_result_http_status(WAFLOWS_RESULT_FLOW_TOKEN_EXPIRED) == 427);
  CHECK_RC(waflows_token_verify(waflows_bytes_data(token), waflows_bytes_len(token), secrets, lens, 1, 1000, &claims),
           WAFLOWS_RESULT_INVALID_FLOW_TOKEN);
  CHECK_RC(waflows_token_verify((const uint8_t *)"garbage", 7, secrets, lens, 2, 1000, &claims),
           WAFLOWS_RESULT_INVALID_FLOW_TOKEN);
  CHECK_RC(waflows_token_verify(waflows_bytes_data(token), waflows_bytes_len(token), NULL, NULL, 2, 1000, &claims),
           WAFLOWS_RESULT_NULL_PARAMETER);
  CHECK(claims == NULL);
  waflows_bytes_free(token);
  token = NULL;
  CHECK_RC(waflows_token_issue((const uint8_t *)"short", 5, (const uint8_t *)"u", 1, (const uint8_t *)"f", 1, NULL, 0,
                               1, &token),
           WAFLOWS_RESULT_INVALID_ARGUMENT);
  CHECK(token == NULL);
}

/* Key-id rotation (`TokenSecret::with_id`) from C: the secret as the core's JSON form. */
static void test_token_key_ids(void) {
  waflows_bytes *token = NULL, *claims = NULL;
  const char *k2 = "{\"id\":\"k2026\",\"secret\":\"c-rotated-secret-0123456789\"}";
  CHECK_RC(waflows_token_issue_json(S(k2), S("919876543210"), S("1234"), NULL, 0, 2000, &token), WAFLOWS_RESULT_OK);
  CHECK_RC(waflows_token_verify_json(waflows_bytes_data(token), waflows_bytes_len(token),
                                     S("[\"c-old-secret-0123456789\",{\"id\":\"k2026\",\"secret\":\"c-rotated-secret-0123456789\"}]"),
                                     1000, &claims),
           WAFLOWS_RESULT_OK);
  CHECK(contains(claims, "\"key_id\":\"k2026\""));
  CHECK(contains(claims, "\"campaign_id\":null"));
  waflows_bytes_free(claims);
  claims = NULL;
  /* The same secret under another id does not verify it. */
  CHECK_RC(waflows_token_verify_json(waflows_bytes_data(token), waflows_bytes_len(token),
                                     S("{\"id\":\"k2025\",\"secret\":\"c-rotated-secret-0123456789\"}"), 1000, &claims),
           WAFLOWS_RESULT_INVALID_FLOW_TOKEN);
  CHECK(claims == NULL);
  waflows_bytes_free(token);
  token = NULL;
  CHECK_RC(waflows_token_issue_json(S("{\"id\":\"a b\",\"secret\":\"c-rotated-secret-0123456789\"}"), S("u"), S("f"),
                                    NULL, 0, 1, &token),
           WAFLOWS_RESULT_INVALID_ARGUMENT);
  CHECK_RC(waflows_token_issue_json(S("{\"secret\":\"c-rotated-secret-0123456789\",\"kid\":\"x\"}"), S("u"), S("f"),
                                    NULL, 0, 1, &token),
           WAFLOWS_RESULT_INVALID_ARGUMENT);
  CHECK_RC(waflows_token_issue_json(S("[\"c-rotated-secret-0123456789\"]"), S("u"), S("f"), NULL, 0, 1, &token),
           WAFLOWS_RESULT_INVALID_ARGUMENT);
  CHECK(token == NULL);
}

int main(void) {
  test_extract();
  test_webhook_and_upload_bodies();
  test_tokens();
  test_token_key_ids();
  return harness_finish("test_ingest");
}

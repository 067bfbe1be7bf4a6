/* C binding tests for media decryption (PhotoPicker/DocumentPicker) and the flows webhook:
 * the pywa media KAT byte-exact, each failure's result code, media extraction as JSON, every
 * flows event kind, unknown events kept raw or refused in strict mode, NULL handling. */
#include "harness.h"
#include "waflows.h"

#define FIX "tests/fixtures/"

static int contains(const waflows_bytes *b, const char *needle) {
  return b != NULL && strstr((const char *)waflows_bytes_data(b), needle) != NULL;
}

static size_t count(const waflows_bytes *b, const char *needle) {
  size_t n = 0;
  const char *p = (const char *)waflows_bytes_data(b);
  while (p != NULL && (p = strstr(p, needle)) != NULL) {
    n++;
    p += strlen(needle);
  }
  return n;
}

static void test_kat(void) {
  size_t file_len, meta_len, plain_len;
  unsigned char *file = harness_read_file(FIX "media/kat.enc", &file_len);
  unsigned char *meta = harness_read_file(FIX "media/kat_metadata.json", &meta_len);
  unsigned char *plain = harness_read_file(FIX "media/kat.jpg", &plain_len);
  waflows_bytes *out = NULL;

  CHECK_RC(waflows_media_decrypt(file, file_len, meta, meta_len, &out), WAFLOWS_RESULT_OK);
  CHECK(out != NULL);
  CHECK(waflows_bytes_len(out) == plain_len);
  CHECK(memcmp(waflows_bytes_data(out), plain, plain_len) == 0);
  waflows_bytes_free(out);

  /* Each check has its own code; the out-parameter stays untouched on failure. */
  out = NULL;
  CHECK_RC(waflows_media_decrypt(file, file_len - 1, meta, meta_len, &out),
           WAFLOWS_RESULT_MEDIA_TRUNCATED);
  CHECK(out == NULL);
  CHECK_RC(waflows_media_decrypt(file, 0, meta, meta_len, &out), WAFLOWS_RESULT_MEDIA_TRUNCATED);
  file[3] ^= 1;
  CHECK_RC(waflows_media_decrypt(file, file_len, meta, meta_len, &out),
           WAFLOWS_RESULT_MEDIA_ENCRYPTED_HASH_MISMATCH);
  file[3] ^= 1;
  CHECK(out == NULL);

  {
    const char *bad_iv = "{\"encryption_key\":\"202pQMDtZoAMwJwZJFVPqQOgdJRBahBmGywwSXz5tAY=\","
                         "\"hmac_key\":\"A/72TYylRAHTg/CdXpBtC6T6qcJ2C7Cf2qzZ/hqVASM=\","
                         "\"iv\":\"AAAA\","
                         "\"plaintext_hash\":\"ZvSgxwXg5fWL7v7ggGHXtMCZYTf/nVFasOdX0p6kiP4=\","
                         "\"encrypted_hash\":\"pDhRHkyevzgkdg5ObY+MfzW5J6/ObZj/OrmAvyUeYA8=\"}";
    const char *bad_hmac = "{\"encryption_key\":\"202pQMDtZoAMwJwZJFVPqQOgdJRBahBmGywwSXz5tAY=\","
                           "\"hmac_key\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\","
                           "\"iv\":\"t1MOy02KXLbsH+NYkqkRXQ==\","
                           "\"plaintext_hash\":\"ZvSgxwXg5fWL7v7ggGHXtMCZYTf/nVFasOdX0p6kiP4=\","
                           "\"encrypted_hash\":\"pDhRHkyevzgkdg5ObY+MfzW5J6/ObZj/OrmAvyUeYA8=\"}";
    const char *bad_plain = "{\"encryption_key\":\"202pQMDtZoAMwJwZJFVPqQOgdJRBahBmGywwSXz5tAY=\","
                            "\"hmac_key\":\"A/72TYylRAHTg/CdXpBtC6T6qcJ2C7Cf2qzZ/hqVASM=\","
                            "\"iv\":\"t1MOy02KXLbsH+NYkqkRXQ==\","
                            "\"plaintext_hash\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\","
                            "\"encrypted_hash\":\"pDhRHkyevzgkdg5ObY+MfzW5J6/ObZj/OrmAvyUeYA8=\"}";
    CHECK_RC(waflows_media_decrypt(file, file_len, (const uint8_t *)bad_iv, strlen(bad_iv), &out),
             WAFLOWS_RESULT_MEDIA_METADATA_INVALID);
    CHECK_RC(waflows_media_decrypt(file, file_len, (const uint8_t *)bad_hmac, strlen(bad_hmac), &out),
             WAFLOWS_RESULT_MEDIA_HMAC_MISMATCH);
    CHECK_RC(waflows_media_decrypt(file, file_len, (const uint8_t *)bad_plain, strlen(bad_plain), &out),
             WAFLOWS_RESULT_MEDIA_PLAINTEXT_HASH_MISMATCH);
    CHECK_RC(waflows_media_decrypt(file, file_len, (const uint8_t *)"{}", 2, &out),
             WAFLOWS_RESULT_MEDIA_METADATA_INVALID);
    CHECK(out == NULL);
  }

  /* NULLs. */
  CHECK_RC(waflows_media_decrypt(file, file_len, meta, meta_len, NULL), WAFLOWS_RESULT_NULL_PARAMETER);
  CHECK_RC(waflows_media_decrypt(NULL, 5, meta, meta_len, &out), WAFLOWS_RESULT_NULL_PARAMETER);
  CHECK_RC(waflows_media_decrypt(file, file_len, NULL, 3, &out), WAFLOWS_RESULT_NULL_PARAMETER);
  CHECK(out == NULL);
  CHECK(strcmp(waflows_result_name(WAFLOWS_RESULT_MEDIA_HMAC_MISMATCH), "media_hmac_mismatch") == 0);

  free(file);
  free(meta);
  free(plain);
}

static void test_uploads(void) {
  const char *payload =
      "{\"version\":\"3.0\",\"action\":\"data_exchange\",\"screen\":\"S\",\"flow_token\":\"t\","
      "\"data\":{\"photos\":[{\"file_name\":\"a.jpg\",\"media_id\":\"m1\",\"cdn_url\":\"https://cdn/x\","
      "\"encryption_metadata\":{\"encryption_key\":\"202pQMDtZoAMwJwZJFVPqQOgdJRBahBmGywwSXz5tAY=\","
      "\"hmac_key\":\"A/72TYylRAHTg/CdXpBtC6T6qcJ2C7Cf2qzZ/hqVASM=\",\"iv\":\"t1MOy02KXLbsH+NYkqkRXQ==\","
      "\"plaintext_hash\":\"ZvSgxwXg5fWL7v7ggGHXtMCZYTf/nVFasOdX0p6kiP4=\","
      "\"encrypted_hash\":\"pDhRHkyevzgkdg5ObY+MfzW5J6/ObZj/OrmAvyUeYA8=\"}}],\"name\":\"x\"}}";
  const char *bad = "{\"data\":{\"p\":[{\"media_id\":\"m\",\"cdn_url\":\"u\"}]}}";
  waflows_bytes *out = NULL;
  CHECK_RC(waflows_media_uploads((const uint8_t *)payload, strlen(payload), &out), WAFLOWS_RESULT_OK);
  CHECK(contains(out, "\"pointer\":\"/data/photos/0\""));
  CHECK(contains(out, "\"media_id\":\"m1\""));
  CHECK(contains(out, "\"file_name\":\"a.jpg\""));
  CHECK(contains(out, "\"iv\":\"t1MOy02KXLbsH+NYkqkRXQ==\""));
  CHECK(count(out, "\"media_id\"") == 1);
  waflows_bytes_free(out);
  out = NULL;
  CHECK_RC(waflows_media_uploads((const uint8_t *)"{}", 2, &out), WAFLOWS_RESULT_OK);
  CHECK(out != NULL && strcmp((const char *)waflows_bytes_data(out), "[]") == 0);
  waflows_bytes_free(out);
  out = NULL;
  CHECK_RC(waflows_media_uploads((const uint8_t *)bad, strlen(bad), &out), WAFLOWS_RESULT_MEDIA_REFERENCE_INVALID);
  CHECK_RC(waflows_media_uploads((const uint8_t *)"[1]", 3, &out), WAFLOWS_RESULT_INVALID_PAYLOAD);
  CHECK_RC(waflows_media_uploads((const uint8_t *)"{}", 2, NULL), WAFLOWS_RESULT_NULL_PARAMETER);
  CHECK(out == NULL);
}

static void test_flows_events(void) {
  size_t n;
  unsigned char *body = harness_read_file(FIX "webhooks/flows_events.json", &n);
  const char *unknown = "{\"entry\":[{\"changes\":[{\"field\":\"flows\",\"value\":"
                        "{\"event\":\"FLOW_QUALITY\",\"flow_id\":\"7\"}}]}]}";
  waflows_bytes *out = NULL;

  CHECK_RC(waflows_flows_events(body, n, true, &out), WAFLOWS_RESULT_OK);
  CHECK(contains(out, "\"event\":\"FLOW_STATUS_CHANGE\""));
  CHECK(contains(out, "\"lifecycle_action\":\"throttle\""));
  CHECK(contains(out, "\"event\":\"CLIENT_ERROR_RATE\""));
  CHECK(contains(out, "\"error_type\":\"INVALID_SCREEN_TRANSITION\""));
  CHECK(contains(out, "\"event\":\"ENDPOINT_ERROR_RATE\""));
  CHECK(contains(out, "\"event\":\"ENDPOINT_LATENCY\""));
  CHECK(contains(out, "\"p90_latency\":1300.0"));
  CHECK(contains(out, "\"requests_count\":2100"));
  CHECK(contains(out, "\"event\":\"ENDPOINT_AVAILABILITY\""));
  CHECK(contains(out, "\"alert_state\":\"DEACTIVATED\""));
  CHECK(contains(out, "\"event\":\"FLOW_VERSION_EXPIRY_WARNING\""));
  CHECK(count(out, "\"pointer\"") == 8);
  waflows_bytes_free(out);

  out = NULL;
  CHECK_RC(waflows_flows_events((const uint8_t *)unknown, strlen(unknown), false, &out), WAFLOWS_RESULT_OK);
  CHECK(contains(out, "\"event\":\"UNKNOWN\""));
  CHECK(contains(out, "\"code\":\"flows_webhook_unknown_event\""));
  CHECK(contains(out, "\"raw\":{\"event\":\"FLOW_QUALITY\",\"flow_id\":\"7\"}"));
  waflows_bytes_free(out);
  out = NULL;
  CHECK_RC(waflows_flows_events((const uint8_t *)unknown, strlen(unknown), true, &out),
           WAFLOWS_RESULT_FLOWS_WEBHOOK_UNKNOWN_EVENT);
  CHECK_RC(waflows_flows_events((const uint8_t *)"nope", 4, false, &out), WAFLOWS_RESULT_FLOWS_WEBHOOK_MALFORMED);
  CHECK_RC(waflows_flows_events(body, n, false, NULL), WAFLOWS_RESULT_NULL_PARAMETER);
  CHECK_RC(waflows_flows_events(NULL, 1, false, &out), WAFLOWS_RESULT_NULL_PARAMETER);
  CHECK(out == NULL);
  free(body);
}

int main(void) {
  test_kat();
  test_uploads();
  test_flows_events();
  return harness_finish("test_media");
}

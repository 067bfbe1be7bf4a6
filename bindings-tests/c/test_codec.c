/* C binding tests for the endpoint codec. Run from the repository root. */
#include "waflows.h"
#include "harness.h"

#define FIX "tests/fixtures/"

/* Copies the JSON string value of "key" (first occurrence) into a malloc'd buffer,
 * unescaping \" and \\ (enough for the vector files). */
static char *json_string(const char *doc, const char *key) {
  char pat[128];
  const char *p;
  char *out;
  size_t n = 0;
  snprintf(pat, sizeof pat, "\"%s\": \"", key);
  p = strstr(doc, pat);
  if (p == NULL) return NULL;
  p += strlen(pat);
  out = (char *)malloc(strlen(p) + 1);
  while (*p && *p != '"') {
    if (*p == '\\' && (p[1] == '"' || p[1] == '\\')) p++;
    out[n++] = *p++;
  }
  out[n] = 0;
  return out;
}

/* Copies the JSON object value of "key" (balanced braces; no braces inside strings). */
static char *json_object(const char *doc, const char *key) {
  char pat[128];
  const char *p, *q;
  int depth = 0;
  char *out;
  snprintf(pat, sizeof pat, "\"%s\": {", key);
  p = strstr(doc, pat);
  if (p == NULL) return NULL;
  p += strlen(pat) - 1;
  for (q = p; *q; q++) {
    if (*q == '{') depth++;
    if (*q == '}' && --depth == 0) break;
  }
  out = (char *)malloc((size_t)(q - p) + 2);
  memcpy(out, p, (size_t)(q - p) + 1);
  out[q - p + 1] = 0;
  return out;
}

static waflows_key *load(const char *file, const char *password) {
  size_t n;
  unsigned char *pem = harness_read_file(file, &n);
  waflows_key *key = NULL;
  waflows_result rc = waflows_key_from_pem(pem, n, (const uint8_t *)password,
                                           password ? strlen(password) : 0, &key);
  free(pem);
  CHECK_RC(rc, WAFLOWS_RESULT_OK);
  return key;
}

static void test_published_vector(void) {
  size_t n;
  char *doc = (char *)harness_read_file(FIX "vectors/pywa_flow_endpoint_kat.json", &n);
  char *pem = json_string(doc, "private_key_pem");
  char *body = json_object(doc, "request_body");
  char *pt = json_string(doc, "alt_compact_response_plaintext_utf8");
  char *expected = json_string(doc, "alt_compact_expected_response_body_base64");
  char *expected_req = json_string(doc, "expected_request_plaintext_utf8");
  /* The PEM in the vector file has escaped newlines: unescape \n. */
  char *r = pem, *w = pem;
  waflows_key *key = NULL;
  waflows_request *req = NULL;
  waflows_bytes *out = NULL;
  const uint8_t *field;
  size_t field_len;
  while (*r) {
    if (r[0] == '\\' && r[1] == 'n') { *w++ = '\n'; r += 2; } else { *w++ = *r++; }
  }
  *w = 0;

  CHECK_RC(waflows_key_from_pem((const uint8_t *)pem, strlen(pem), (const uint8_t *)"pywa", 4, &key),
           WAFLOWS_RESULT_OK);
  CHECK(waflows_key_bits(key) == 2048);
  CHECK_RC(waflows_key_decrypt_request(key, (const uint8_t *)body, strlen(body), &req), WAFLOWS_RESULT_OK);
  CHECK(waflows_request_action(req) == WAFLOWS_ACTION_INIT);
  CHECK_RC(waflows_request_payload(req, &field, &field_len), WAFLOWS_RESULT_OK);
  CHECK(field_len == strlen(expected_req) && memcmp(field, expected_req, field_len) == 0);
  CHECK_RC(waflows_request_field(req, WAFLOWS_FIELD_FLOW_TOKEN, &field, &field_len), WAFLOWS_RESULT_OK);
  CHECK(field_len == 13 && memcmp(field, "my_flow_token", 13) == 0);
  CHECK_RC(waflows_request_field(req, WAFLOWS_FIELD_FLOW_TOKEN_SIGNATURE, &field, &field_len), WAFLOWS_RESULT_OK);
  CHECK(field == NULL && field_len == 0);
  CHECK_RC(waflows_request_field(req, 99, &field, &field_len), WAFLOWS_RESULT_INVALID_ARGUMENT);
  CHECK_RC(waflows_request_encrypt_response(req, (const uint8_t *)pt, strlen(pt), &out), WAFLOWS_RESULT_OK);
  CHECK(waflows_bytes_len(out) == strlen(expected));
  CHECK(strcmp((const char *)waflows_bytes_data(out), expected) == 0);
  waflows_bytes_free(out);

  waflows_request_free(req);
  waflows_key_free(key);
  free(doc); free(pem); free(body); free(pt); free(expected); free(expected_req);
}

static void test_every_key_form(void) {
  static const char *plain[] = {FIX "keys/private_pkcs1.pem", FIX "keys/private_pkcs8.pem"};
  static const char *encrypted[] = {FIX "keys/private_pkcs1_des3.pem", FIX "keys/private_pkcs1_aes128.pem",
                                    FIX "keys/private_pkcs1_aes256.pem", FIX "keys/private_pkcs8_aes256.pem",
                                    FIX "keys/private_pkcs8_des3.pem"};
  size_t i, n;
  unsigned char *spki = harness_read_file(FIX "keys/public_spki.pem", &n);
  for (i = 0; i < sizeof plain / sizeof *plain; i++) {
    waflows_key *k = load(plain[i], NULL);
    waflows_bytes *pub = NULL;
    CHECK_RC(waflows_key_public_pem(k, &pub), WAFLOWS_RESULT_OK);
    CHECK(waflows_bytes_len(pub) == n && memcmp(waflows_bytes_data(pub), spki, n) == 0);
    waflows_bytes_free(pub);
    waflows_key_free(k);
  }
  for (i = 0; i < sizeof encrypted / sizeof *encrypted; i++) {
    size_t len;
    unsigned char *pem = harness_read_file(encrypted[i], &len);
    waflows_key *k = NULL;
    CHECK_RC(waflows_key_from_pem(pem, len, NULL, 0, &k), WAFLOWS_RESULT_KEY_PASSWORD_REQUIRED);
    CHECK(k == NULL);
    CHECK_RC(waflows_key_from_pem(pem, len, (const uint8_t *)"nope", 4, &k), WAFLOWS_RESULT_KEY_PASSWORD_WRONG);
    CHECK(k == NULL);
    free(pem);
    waflows_key_free(load(encrypted[i], "waflows-test"));
  }
  free(spki);
}

static void expect_key_error(const char *file, waflows_result expected) {
  size_t len;
  unsigned char *pem = harness_read_file(file, &len);
  waflows_key *k = NULL;
  CHECK_RC(waflows_key_from_pem(pem, len, NULL, 0, &k), expected);
  CHECK(k == NULL);
  free(pem);
}

static void test_key_errors(void) {
  waflows_key *k = NULL;
  expect_key_error(FIX "keys/public_spki.pem", WAFLOWS_RESULT_KEY_IS_PUBLIC);
  expect_key_error(FIX "keys/rsa1024_pkcs8.pem", WAFLOWS_RESULT_KEY_SIZE_UNSUPPORTED);
  expect_key_error(FIX "keys/ec_p256_pkcs8.pem", WAFLOWS_RESULT_KEY_UNSUPPORTED);
  CHECK_RC(waflows_key_from_pem((const uint8_t *)"garbage", 7, NULL, 0, &k), WAFLOWS_RESULT_KEY_MALFORMED);
  CHECK_RC(waflows_key_from_pem(NULL, 5, NULL, 0, &k), WAFLOWS_RESULT_NULL_PARAMETER);
  CHECK_RC(waflows_key_from_pem((const uint8_t *)"x", 1, NULL, 0, NULL), WAFLOWS_RESULT_NULL_PARAMETER);
  CHECK(k == NULL);
}

static void test_round_trip_and_errors(void) {
  size_t n;
  unsigned char *spki = harness_read_file(FIX "keys/public_spki.pem", &n);
  waflows_key *key = load(FIX "keys/private_pkcs8.pem", NULL);
  static const char payload[] =
      "{\"version\":\"3.0\",\"action\":\"data_exchange\",\"screen\":\"A\",\"flow_token\":\"tok\","
      "\"data\":{\"error\":\"payload-schema-error\"}}";
  waflows_client_request *phone = NULL;
  waflows_request *req = NULL;
  waflows_bytes *body = NULL, *plain = NULL;
  const char *post;
  const uint8_t *field;
  size_t field_len;

  CHECK_RC(waflows_client_encrypt_request(spki, n, (const uint8_t *)payload, strlen(payload), &phone),
           WAFLOWS_RESULT_OK);
  post = waflows_client_request_body(phone);
  CHECK(post != NULL);
  CHECK_RC(waflows_key_decrypt_request(key, (const uint8_t *)post, strlen(post), &req), WAFLOWS_RESULT_OK);
  CHECK(waflows_request_action(req) == WAFLOWS_ACTION_DATA_EXCHANGE);
  CHECK(waflows_request_is_error_notification(req));
  CHECK_RC(waflows_request_field(req, WAFLOWS_FIELD_ERROR_KEY, &field, &field_len), WAFLOWS_RESULT_OK);
  CHECK(field_len == 20 && memcmp(field, "payload-schema-error", 20) == 0);
  CHECK_RC(waflows_request_field(req, WAFLOWS_FIELD_SCREEN, &field, &field_len), WAFLOWS_RESULT_OK);
  CHECK(field_len == 1 && field[0] == 'A');

  CHECK_RC(waflows_request_respond_error_ack(req, &body), WAFLOWS_RESULT_OK);
  CHECK_RC(waflows_client_request_decrypt_response(phone, waflows_bytes_data(body), waflows_bytes_len(body), &plain),
           WAFLOWS_RESULT_OK);
  CHECK(strcmp((const char *)waflows_bytes_data(plain), "{\"data\":{\"acknowledged\":true}}") == 0);
  waflows_bytes_free(body);
  waflows_bytes_free(plain);

  CHECK_RC(waflows_request_respond_next_screen(req, (const uint8_t *)"B", 1, (const uint8_t *)"{\"k\":\"v\"}", 9,
                                               (const uint8_t *)"try again", 9, &body),
           WAFLOWS_RESULT_OK);
  CHECK_RC(waflows_client_request_decrypt_response(phone, waflows_bytes_data(body), waflows_bytes_len(body), &plain),
           WAFLOWS_RESULT_OK);
  CHECK(strcmp((const char *)waflows_bytes_data(plain),
               "{\"screen\":\"B\",\"data\":{\"k\":\"v\",\"error_message\":\"try again\"}}") == 0);
  waflows_bytes_free(body);
  waflows_bytes_free(plain);

  CHECK_RC(waflows_request_respond_close(req, (const uint8_t *)"{\"order\":\"42\"}", 14, &body), WAFLOWS_RESULT_OK);
  CHECK_RC(waflows_client_request_decrypt_response(phone, waflows_bytes_data(body), waflows_bytes_len(body), &plain),
           WAFLOWS_RESULT_OK);
  CHECK(strcmp((const char *)waflows_bytes_data(plain),
               "{\"screen\":\"SUCCESS\",\"data\":{\"extension_message_response\":{\"params\":"
               "{\"flow_token\":\"tok\",\"order\":\"42\"}}}}") == 0);
  waflows_bytes_free(body);
  waflows_bytes_free(plain);

  CHECK_RC(waflows_request_respond_token_error(req, (const uint8_t *)"expired", 7, &body), WAFLOWS_RESULT_OK);
  CHECK_RC(waflows_client_request_decrypt_response(phone, waflows_bytes_data(body), waflows_bytes_len(body), &plain),
           WAFLOWS_RESULT_OK);
  CHECK(strcmp((const char *)waflows_bytes_data(plain), "{\"error_msg\":\"expired\"}") == 0);
  waflows_bytes_free(body);
  waflows_bytes_free(plain);

  body = NULL;
  CHECK_RC(waflows_request_encrypt_response(req, (const uint8_t *)"[1]", 3, &body), WAFLOWS_RESULT_INVALID_ARGUMENT);
  CHECK(body == NULL);
  CHECK_RC(waflows_request_respond_next_screen(req, (const uint8_t *)"SUCCESS", 7, NULL, 0, NULL, 0, &body),
           WAFLOWS_RESULT_INVALID_ARGUMENT);
  CHECK_RC(waflows_client_request_decrypt_response(phone, (const uint8_t *)"AAAA", 4, &plain),
           WAFLOWS_RESULT_INVALID_RESPONSE);
  waflows_request_free(req);

  /* Tampering: flip a character of the ciphertext -> 421; garbage -> 400. */
  {
    char *copy = (char *)malloc(strlen(post) + 1);
    char *p;
    strcpy(copy, post);
    p = strstr(copy, "\"encrypted_flow_data\":\"") + strlen("\"encrypted_flow_data\":\"");
    *p = (char)(*p == 'A' ? 'B' : 'A');
    req = NULL;
    CHECK_RC(waflows_key_decrypt_request(key, (const uint8_t *)copy, strlen(copy), &req), WAFLOWS_RESULT_DECRYPTION_FAILED);
    CHECK(req == NULL);
    CHECK(waflows_result_http_status(WAFLOWS_RESULT_DECRYPTION_FAILED) == 421);
    free(copy);
  }
  CHECK_RC(waflows_key_decrypt_request(key, (const uint8_t *)"{}", 2, &req), WAFLOWS_RESULT_MALFORMED_REQUEST);
  CHECK(waflows_result_http_status(WAFLOWS_RESULT_MALFORMED_REQUEST) == 400);
  CHECK_RC(waflows_key_decrypt_request(NULL, (const uint8_t *)"{}", 2, &req), WAFLOWS_RESULT_NULL_PARAMETER);
  CHECK_RC(waflows_key_decrypt_request(key, NULL, 0, &req), WAFLOWS_RESULT_MALFORMED_REQUEST);

  waflows_client_request_free(phone);
  waflows_key_free(key);
  free(spki);
}

static void test_signature(void) {
  static const char body[] = "{\"a\":1}";
  static const char wrong[] = "sha256=1b1f1a4b8b6b3a0e2b1b0a0b0c0d0e0f00112233445566778899aabbccddeeff";
  const uint8_t *secrets[2];
  size_t lens[2];
  static const char kat_body[] = "hello";
  /* HMAC-SHA256(key="key", "hello"), as computed by `openssl dgst -sha256 -hmac key`. */
  static const char kat_header[] = "sha256=9307b3b915efb5171ff14d8cb55fbcc798c6c0ef1456d66ded1a6aa723a58b7b";
  secrets[0] = (const uint8_t *)"old";
  lens[0] = 3;
  secrets[1] = (const uint8_t *)"key";
  lens[1] = 3;
  CHECK_RC(waflows_verify_signature((const uint8_t *)kat_body, 5, (const uint8_t *)kat_header, strlen(kat_header),
                                    secrets, lens, 2),
           WAFLOWS_RESULT_OK);
  CHECK_RC(waflows_verify_signature((const uint8_t *)kat_body, 5, (const uint8_t *)kat_header, strlen(kat_header),
                                    secrets, lens, 1),
           WAFLOWS_RESULT_INVALID_SIGNATURE);
  CHECK_RC(waflows_verify_signature((const uint8_t *)body, strlen(body), (const uint8_t *)wrong, strlen(wrong), secrets,
                                    lens, 2),
           WAFLOWS_RESULT_INVALID_SIGNATURE);
  CHECK_RC(waflows_verify_signature((const uint8_t *)body, strlen(body), (const uint8_t *)"md5=00", 6, secrets, lens, 2),
           WAFLOWS_RESULT_INVALID_SIGNATURE);
  CHECK_RC(waflows_verify_signature((const uint8_t *)body, strlen(body), (const uint8_t *)wrong, strlen(wrong), NULL,
                                    NULL, 0),
           WAFLOWS_RESULT_INVALID_ARGUMENT);
  CHECK_RC(waflows_verify_signature((const uint8_t *)body, strlen(body), (const uint8_t *)wrong, strlen(wrong), NULL,
                                    NULL, 2),
           WAFLOWS_RESULT_NULL_PARAMETER);
  CHECK(waflows_result_http_status(WAFLOWS_RESULT_INVALID_SIGNATURE) == 432);
}

static void test_generate_and_misc(void) {
  waflows_bytes *priv = NULL, *pub = NULL;
  waflows_key *key = NULL;
  CHECK_RC(waflows_generate_key_pair(2048, (const uint8_t *)"pw", 2, &priv, &pub), WAFLOWS_RESULT_OK);
  CHECK(strncmp((const char *)waflows_bytes_data(priv), "-----BEGIN ENCRYPTED PRIVATE KEY-----", 37) == 0);
  CHECK_RC(waflows_key_from_pem(waflows_bytes_data(priv), waflows_bytes_len(priv), (const uint8_t *)"pw", 2, &key),
           WAFLOWS_RESULT_OK);
  {
    waflows_bytes *again = NULL;
    CHECK_RC(waflows_key_public_pem(key, &again), WAFLOWS_RESULT_OK);
    CHECK(strcmp((const char *)waflows_bytes_data(again), (const char *)waflows_bytes_data(pub)) == 0);
    waflows_bytes_free(again);
  }
  waflows_key_free(key);
  waflows_bytes_free(priv);
  waflows_bytes_free(pub);
  priv = NULL;
  CHECK_RC(waflows_generate_key_pair(1000, NULL, 0, &priv, &pub), WAFLOWS_RESULT_INVALID_ARGUMENT);
  CHECK(priv == NULL);

  CHECK(strcmp(waflows_result_name(WAFLOWS_RESULT_DECRYPTION_FAILED), "decryption_failed") == 0);
  CHECK(strcmp(waflows_result_name(123456), "unknown") == 0);
  CHECK(waflows_result_http_status(WAFLOWS_RESULT_INVALID_FLOW_TOKEN) == 427);
  CHECK(waflows_result_http_status(WAFLOWS_RESULT_KEY_MALFORMED) == 0);
  CHECK(waflows_version() != NULL && strlen(waflows_version()) > 0);
#ifdef WAFLOWS_FFI_TEST
  CHECK(waflows_test_panic() == WAFLOWS_RESULT_PANIC);
#endif
  /* NULL-tolerant frees and accessors. */
  waflows_key_free(NULL);
  waflows_request_free(NULL);
  waflows_bytes_free(NULL);
  waflows_client_request_free(NULL);
  CHECK(waflows_bytes_len(NULL) == 0 && waflows_bytes_data(NULL) == NULL);
  CHECK(waflows_request_action(NULL) == 0);
  CHECK(waflows_key_bits(NULL) == 0);
}

int main(void) {
  test_published_vector();
  test_every_key_form();
  test_key_errors();
  test_round_trip_and_errors();
  test_signature();
  test_generate_and_misc();
  return harness_finish("test_codec");
}

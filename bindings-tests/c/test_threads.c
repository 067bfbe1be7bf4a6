/* Several threads sharing one key and one relay (issue 13): run under ThreadSanitizer by
 * `make test-c-tsan`, and under valgrind like every C test. Run from the repository root. */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>

#include "waflows.h"
#include "harness.h"

#define FIX "tests/fixtures/"
#define THREADS 4
#define ROUNDS 12

static waflows_key *key;
static waflows_relay *relay;
static waflows_bytes *public_pem;

struct worker {
  int id;
  int ok;
  int failed;
};

#define W_CHECK(w, cond)                                                        \
  do {                                                                          \
    if (cond) {                                                                 \
      (w)->ok++;                                                                \
    } else {                                                                    \
      (w)->failed++;                                                            \
      fprintf(stderr, "thread %d: %s:%d: %s\n", (w)->id, __FILE__, __LINE__, #cond); \
    }                                                                           \
  } while (0)

static const char *REQUEST =
    "{\"data\":{\"option\":\"1_Check_my_age\",\"ct-evt\":{\"evtName\":\"Tapped\"}},\"flow_token\":\"T\","
    "\"screen\":\"WELCOME\",\"action\":\"data_exchange\",\"version\":\"3.0\"}";
static const char *ANSWER = "{\"screen\":\"YOUR_AGE\",\"data\":{\"name\":\"Jay\",\"age\":\"20\",\"toDisplay\":\"20\"}}";

static void *work(void *arg) {
  struct worker *w = (struct worker *)arg;
  int i;
  for (i = 0; i < ROUNDS; i++) {
    waflows_client_request *phone = NULL;
    waflows_request *req = NULL;
    waflows_decision *d = NULL, *reply = NULL;
    waflows_bytes *body = NULL, *plain = NULL, *info = NULL;
    const char *b;
    W_CHECK(w, waflows_client_encrypt_request(waflows_bytes_data(public_pem), waflows_bytes_len(public_pem),
                                              (const uint8_t *)REQUEST, strlen(REQUEST),
                                              &phone) == WAFLOWS_RESULT_OK);
    if (phone == NULL) {
      continue;
    }
    b = waflows_client_request_body(phone);
    /* The shared key directly... */
    W_CHECK(w, waflows_key_decrypt_request(key, (const uint8_t *)b, strlen(b), &req) == WAFLOWS_RESULT_OK);
    W_CHECK(w, waflows_request_action(req) != 0);
    waflows_request_free(req);
    /* ...and the shared relay: forward, then the customer's answer (alternating with a
     * timeout, which falls back to the current screen). */
    W_CHECK(w, waflows_relay_handle(relay, (const uint8_t *)b, strlen(b), NULL, 0, 1764000000,
                                    (const uint8_t *)"crm-7", 5, &d) == WAFLOWS_RESULT_OK);
    W_CHECK(w, waflows_decision_kind(d) == WAFLOWS_DECISION_FORWARD);
    W_CHECK(w, waflows_decision_to_json(d, &info) == WAFLOWS_RESULT_OK);
    W_CHECK(w, info != NULL && strstr((const char *)waflows_bytes_data(info), "\"Tapped\"") != NULL);
    if ((i + w->id) % 3 == 0) {
      W_CHECK(w, waflows_decision_timeout(d, &reply) == WAFLOWS_RESULT_OK);
    } else {
      W_CHECK(w, waflows_decision_resume(d, 200, (const uint8_t *)ANSWER, strlen(ANSWER), &reply) ==
                     WAFLOWS_RESULT_OK);
    }
    W_CHECK(w, waflows_decision_status(reply) == 200);
    W_CHECK(w, waflows_decision_body(reply, &body) == WAFLOWS_RESULT_OK);
    if (body != NULL) {
      W_CHECK(w, waflows_client_request_decrypt_response(phone, waflows_bytes_data(body), waflows_bytes_len(body),
                                                         &plain) == WAFLOWS_RESULT_OK);
      W_CHECK(w, plain != NULL && strstr((const char *)waflows_bytes_data(plain), "\"screen\":") != NULL);
    }
    waflows_bytes_free(plain);
    waflows_bytes_free(body);
    waflows_bytes_free(info);
    waflows_decision_free(reply);
    waflows_decision_free(d);
    waflows_client_request_free(phone);
  }
  return NULL;
}

int main(void) {
  size_t pem_len, flow_len;
  unsigned char *pem = harness_read_file(FIX "keys/private_pkcs8.pem", &pem_len);
  unsigned char *flow = harness_read_file(FIX "relay/weather_age.flow.json", &flow_len);
  const char *config = "{\"setup\":\"platform+customer\"}";
  pthread_t threads[THREADS];
  struct worker workers[THREADS];
  int i;

  CHECK_RC(waflows_key_from_pem(pem, pem_len, NULL, 0, &key), WAFLOWS_RESULT_OK);
  CHECK_RC(waflows_key_public_pem(key, &public_pem), WAFLOWS_RESULT_OK);
  CHECK_RC(waflows_relay_new_with_key(flow, flow_len, key, (const uint8_t *)config, strlen(config), &relay),
           WAFLOWS_RESULT_OK);
  if (key == NULL || relay == NULL || public_pem == NULL) {
    return harness_finish("test_threads");
  }
  for (i = 0; i < THREADS; i++) {
    workers[i].id = i;
    workers[i].ok = 0;
    workers[i].failed = 0;
    CHECK(pthread_create(&threads[i], NULL, work, &workers[i]) == 0);
  }
  for (i = 0; i < THREADS; i++) {
    CHECK(pthread_join(threads[i], NULL) == 0);
    CHECK(workers[i].failed == 0);
    CHECK(workers[i].ok > 0);
  }
  /* The relay holds its own reference: freeing the key first is fine. */
  waflows_key_free(key);
  waflows_relay_free(relay);
  waflows_bytes_free(public_pem);
  free(pem);
  free(flow);
  return harness_finish("test_threads");
}

/* waflows from C: load the key, play the phone, decrypt, answer, read the answer back.
 * Built and run by `make demo` (from the repository root). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "waflows.h"

static unsigned char *read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  unsigned char *buf;
  long n;
  if (f == NULL) return NULL;
  fseek(f, 0, SEEK_END);
  n = ftell(f);
  fseek(f, 0, SEEK_SET);
  buf = malloc((size_t)n);
  if (buf == NULL || fread(buf, 1, (size_t)n, f) != (size_t)n) { fclose(f); free(buf); return NULL; }
  fclose(f);
  *len = (size_t)n;
  return buf;
}

int main(void) {
  size_t pem_len = 0, pub_len = 0;
  unsigned char *pem = read_file("tests/fixtures/keys/private_pkcs1_des3.pem", &pem_len);
  unsigned char *pub = read_file("tests/fixtures/keys/public_spki.pem", &pub_len);
  static const char payload[] = "{\"version\":\"3.0\",\"action\":\"INIT\",\"flow_token\":\"tok\",\"data\":{}}";
  waflows_key *key = NULL;
  waflows_client_request *phone = NULL;
  waflows_request *req = NULL;
  waflows_bytes *body = NULL, *answer = NULL;
  waflows_result rc;
  int status = 1;

  if (pem == NULL || pub == NULL) { fprintf(stderr, "run from the repository root\n"); return 1; }
  rc = waflows_key_from_pem(pem, pem_len, (const uint8_t *)"waflows-test", 12, &key);
  if (rc != WAFLOWS_RESULT_OK) { fprintf(stderr, "key: %s\n", waflows_result_name(rc)); goto done; }

  /* What WhatsApp would POST. */
  rc = waflows_client_encrypt_request(pub, pub_len, (const uint8_t *)payload, strlen(payload), &phone);
  if (rc != WAFLOWS_RESULT_OK) goto done;

  /* The endpoint: decrypt; on failure answer the HTTP status the code maps to. */
  rc = waflows_key_decrypt_request(key, (const uint8_t *)waflows_client_request_body(phone),
                                   strlen(waflows_client_request_body(phone)), &req);
  if (rc != WAFLOWS_RESULT_OK) {
    printf("HTTP %u (%s)\n", (unsigned)waflows_result_http_status(rc), waflows_result_name(rc));
    goto done;
  }
  rc = waflows_request_respond_next_screen(req, (const uint8_t *)"WELCOME", 7, NULL, 0, NULL, 0, &body);
  if (rc != WAFLOWS_RESULT_OK) goto done;
  printf("C endpoint: action=%u, HTTP 200 body of %zu base64 bytes\n", (unsigned)waflows_request_action(req),
         waflows_bytes_len(body));

  /* Back on the phone. */
  rc = waflows_client_request_decrypt_response(phone, waflows_bytes_data(body), waflows_bytes_len(body), &answer);
  if (rc != WAFLOWS_RESULT_OK) goto done;
  printf("C phone:    %s\n", (const char *)waflows_bytes_data(answer));
  status = 0;

done:
  if (rc != WAFLOWS_RESULT_OK) fprintf(stderr, "error: %s\n", waflows_result_name(rc));
  waflows_bytes_free(answer);
  waflows_bytes_free(body);
  waflows_request_free(req);
  waflows_client_request_free(phone);
  waflows_key_free(key);
  free(pem);
  free(pub);
  return status;
}

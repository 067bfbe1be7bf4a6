/* A tiny test harness for the C binding tests: CHECK macros and a closing
 * "N passed, N failed" line. */
#ifndef WAFLOWS_TEST_HARNESS_H
#define WAFLOWS_TEST_HARNESS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "waflows.h"

static int harness_passed = 0;
static int harness_failed = 0;

#define CHECK(cond)                                                              \
  do {                                                                           \
    if (cond) {                                                                  \
      harness_passed++;                                                          \
    } else {                                                                     \
      harness_failed++;                                                          \
      fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond);  \
    }                                                                            \
  } while (0)

#define CHECK_RC(expr, expected)                                                 \
  do {                                                                           \
    unsigned harness_rc = (unsigned)(expr);                                      \
    if (harness_rc == (unsigned)(expected)) {                                    \
      harness_passed++;                                                          \
    } else {                                                                     \
      harness_failed++;                                                          \
      fprintf(stderr, "%s:%d: %s returned %u (%s), expected %s\n", __FILE__,     \
              __LINE__, #expr, harness_rc, waflows_result_name(harness_rc),      \
              #expected);                                                        \
    }                                                                            \
  } while (0)

/* Reads a whole file into a malloc'd buffer (NUL-terminated); exits on failure. */
static inline unsigned char *harness_read_file(const char *path, size_t *len_out) {
  FILE *f = fopen(path, "rb");
  long n;
  unsigned char *buf;
  if (f == NULL) {
    fprintf(stderr, "cannot open %s\n", path);
    exit(2);
  }
  fseek(f, 0, SEEK_END);
  n = ftell(f);
  fseek(f, 0, SEEK_SET);
  buf = (unsigned char *)malloc((size_t)n + 1);
  if (buf == NULL || fread(buf, 1, (size_t)n, f) != (size_t)n) {
    fprintf(stderr, "cannot read %s\n", path);
    exit(2);
  }
  buf[n] = 0;
  fclose(f);
  *len_out = (size_t)n;
  return buf;
}

/* Decrypts an encrypted response `body` on the phone that sent `phone` and checks that the
 * plaintext equals `expected` (printing both when it does not). Takes ownership of `body`. */
static inline void harness_expect_decrypted(const waflows_client_request *phone, waflows_bytes *body,
                                            const char *expected) {
  waflows_bytes *plain = NULL;
  CHECK_RC(waflows_client_request_decrypt_response(phone, waflows_bytes_data(body), waflows_bytes_len(body), &plain),
           WAFLOWS_RESULT_OK);
  if (plain != NULL && strcmp((const char *)waflows_bytes_data(plain), expected) != 0) {
    fprintf(stderr, "got      %s\nexpected %s\n", (const char *)waflows_bytes_data(plain), expected);
  }
  CHECK(plain != NULL && strcmp((const char *)waflows_bytes_data(plain), expected) == 0);
  waflows_bytes_free(plain);
  waflows_bytes_free(body);
}

/* Prints the closing line and returns the process exit status. */
static int harness_finish(const char *name) {
  printf("%s: %d passed, %d failed\n", name, harness_passed, harness_failed);
  return harness_failed == 0 ? 0 : 1;
}

#endif

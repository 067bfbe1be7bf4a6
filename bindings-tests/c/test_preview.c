/* C binding tests for the offline preview (waflows_preview). Run from the repository root. */
#include "waflows.h"
#include "harness.h"

#define HOTEL "tests/fixtures/relay/hotel_feedback.flow.json"

static const char *text_of(const waflows_bytes *b) { return (const char *)waflows_bytes_data(b); }

static void test_renders_the_hotel_flow(void) {
  size_t n;
  unsigned char *flow = harness_read_file(HOTEL, &n);
  waflows_bytes *html = NULL;

  CHECK_RC(waflows_preview(flow, n, NULL, 0, &html), WAFLOWS_RESULT_OK);
  CHECK(html != NULL);
  if (html != NULL) {
    const char *t = text_of(html);
    CHECK(strncmp(t, "<!DOCTYPE html>", 15) == 0);
    CHECK(strlen(t) == waflows_bytes_len(html));
    CHECK(strstr(t, "Content-Security-Policy") != NULL);
    CHECK(strstr(t, "default-src 'none'") != NULL);
    CHECK(strstr(t, ">Feedback 1 of 2<") != NULL);
    CHECK(strstr(t, ">Feedback 2 of 2<") != NULL);
    CHECK(strstr(t, ">Stay Experience<") != NULL);
    CHECK(strstr(t, "marker-end=") != NULL); /* the RECOMMEND -> RATE arrow */
    CHECK(strstr(t, "<script") == NULL);
  }
  waflows_bytes_free(html);

  /* One screen, with data. */
  {
    const char *opts = "{\"screen\":\"RATE\",\"data\":{\"RATE\":{\"comment\":\"<b>hi</b>\"}},\"storyboard\":false}";
    html = NULL;
    CHECK_RC(waflows_preview(flow, n, (const uint8_t *)opts, strlen(opts), &html), WAFLOWS_RESULT_OK);
    if (html != NULL) {
      CHECK(strstr(text_of(html), "data-screen=\"RATE\"") != NULL);
      CHECK(strstr(text_of(html), "data-screen=\"RECOMMEND\"") == NULL);
      CHECK(strstr(text_of(html), "marker-end=") == NULL);
    }
    waflows_bytes_free(html);
  }
  free(flow);
}

static void test_errors(void) {
  size_t n;
  unsigned char *flow = harness_read_file(HOTEL, &n);
  waflows_bytes *html = NULL;
  const char *unknown = "{\"screen\":\"NOPE\"}";
  const char *bad_key = "{\"colour\":\"red\"}";
  const char *bad_data = "{\"data\":{\"NOPE\":{}}}";
  const char *not_json = "{\"screen\":";

  CHECK_RC(waflows_preview(flow, n, (const uint8_t *)unknown, strlen(unknown), &html),
           WAFLOWS_RESULT_PREVIEW_SCREEN_UNKNOWN);
  CHECK(html == NULL);
  CHECK_RC(waflows_preview(flow, n, (const uint8_t *)bad_key, strlen(bad_key), &html),
           WAFLOWS_RESULT_INVALID_ARGUMENT);
  CHECK_RC(waflows_preview(flow, n, (const uint8_t *)bad_data, strlen(bad_data), &html),
           WAFLOWS_RESULT_PREVIEW_DATA_INVALID);
  CHECK_RC(waflows_preview(flow, n, (const uint8_t *)not_json, strlen(not_json), &html),
           WAFLOWS_RESULT_INVALID_ARGUMENT);
  CHECK_RC(waflows_preview((const uint8_t *)"[]", 2, NULL, 0, &html), WAFLOWS_RESULT_FLOW_JSON_MALFORMED);
  CHECK_RC(waflows_preview(NULL, 5, NULL, 0, &html), WAFLOWS_RESULT_NULL_PARAMETER);
  CHECK_RC(waflows_preview(flow, n, NULL, 0, NULL), WAFLOWS_RESULT_NULL_PARAMETER);
  CHECK(html == NULL);
  free(flow);
}

int main(void) {
  test_renders_the_hotel_flow();
  test_errors();
  return harness_finish("test_preview");
}

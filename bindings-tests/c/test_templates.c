/* C binding tests for template checks, personalization and the payload builders.
 * Run from the repository root. */
#include "waflows.h"
#include "harness.h"

#define FIX "tests/fixtures/templates/"

static const char *text_of(const waflows_bytes *b) { return (const char *)waflows_bytes_data(b); }

/* Removes all whitespace outside JSON strings, so a pretty fixture compares with compact output. */
static void compact(char *s) {
  char *w = s;
  int in_str = 0;
  for (; *s; s++) {
    if (*s == '"' && (w == s || s[-1] != '\\')) in_str = !in_str;
    if (!in_str && (*s == ' ' || *s == '\n' || *s == '\r' || *s == '\t')) continue;
    *w++ = *s;
  }
  *w = 0;
}

static void test_validate_fixtures(void) {
  size_t tn, fn, bn;
  unsigned char *tpl = harness_read_file(FIX "stay_feedback.json", &tn);
  unsigned char *flow = harness_read_file(FIX "flow.json", &fn);
  unsigned char *broken = harness_read_file(FIX "broken.json", &bn);
  waflows_bytes *report = NULL;

  CHECK_RC(waflows_template_validate(tpl, tn, WAFLOWS_FLOW_STATUS_PUBLISHED, flow, fn, &report), WAFLOWS_RESULT_OK);
  CHECK(report != NULL && strcmp(text_of(report), "{\"ok\":true,\"problems\":[]}") == 0);
  waflows_bytes_free(report);

  report = NULL;
  CHECK_RC(waflows_template_validate(tpl, tn, WAFLOWS_FLOW_STATUS_PUBLISHED, NULL, 0, &report), WAFLOWS_RESULT_OK);
  CHECK(report != NULL && strstr(text_of(report), "\"landing_screen_unchecked\"") != NULL);
  CHECK(report != NULL && strstr(text_of(report), "\"ok\":true") != NULL);
  waflows_bytes_free(report);

  report = NULL;
  CHECK_RC(waflows_template_validate(tpl, tn, WAFLOWS_FLOW_STATUS_DEPRECATED, flow, fn, &report), WAFLOWS_RESULT_OK);
  CHECK(report != NULL && strstr(text_of(report), "\"flow_not_published\"") != NULL);
  waflows_bytes_free(report);

  report = NULL;
  CHECK_RC(waflows_template_validate(broken, bn, WAFLOWS_FLOW_STATUS_DRAFT, flow, fn, &report), WAFLOWS_RESULT_OK);
  if (report != NULL) {
    const char *codes[] = {"name_invalid", "language_invalid", "category_invalid", "media_type_unsupported",
                           "media_too_large", "sample_missing", "variable_syntax", "footer_empty",
                           "button_text_too_long", "flow_id_invalid", "landing_screen_not_entry",
                           "flow_not_published"};
    const char *at = text_of(report);
    size_t i;
    CHECK(strstr(at, "\"ok\":false") != NULL);
    for (i = 0; i < sizeof codes / sizeof codes[0]; i++) { /* in this order */
      char pat[64];
      snprintf(pat, sizeof pat, "\"code\":\"%s\"", codes[i]);
      at = strstr(at, pat);
      CHECK(at != NULL);
      if (at == NULL) break;
    }
  }
  waflows_bytes_free(report);

  /* Hostile or wrong inputs: typed errors, nothing written. */
  report = NULL;
  CHECK_RC(waflows_template_validate((const uint8_t *)"{", 1, 1, NULL, 0, &report), WAFLOWS_RESULT_INVALID_ARGUMENT);
  CHECK_RC(waflows_template_validate(tpl, tn, 99, NULL, 0, &report), WAFLOWS_RESULT_INVALID_ARGUMENT);
  CHECK_RC(waflows_template_validate(NULL, 5, 1, NULL, 0, &report), WAFLOWS_RESULT_NULL_PARAMETER);
  CHECK_RC(waflows_template_validate(tpl, tn, 1, NULL, 0, NULL), WAFLOWS_RESULT_NULL_PARAMETER);
  CHECK(report == NULL);
  /* A Flow JSON that is not JSON is a report problem. */
  CHECK_RC(waflows_template_validate(tpl, tn, 1, (const uint8_t *)"\xff\xfe", 2, &report), WAFLOWS_RESULT_OK);
  CHECK(report != NULL && strstr(text_of(report), "flow_json_unreadable") != NULL);
  waflows_bytes_free(report);
  waflows_bytes_free(NULL);

  free(tpl);
  free(flow);
  free(broken);
}

static void test_personalization_and_campaign(void) {
  const char *text = "Hi {{user.name}}, {{ user.city }}{{user.name}}";
  const char *profile = "{\"user.name\": \"Ana\"}";
  waflows_bytes *out = NULL;
  CHECK_RC(waflows_template_variables((const uint8_t *)text, strlen(text), &out), WAFLOWS_RESULT_OK);
  CHECK(out != NULL && strcmp(text_of(out), "[\"user.name\",\"user.city\"]") == 0);
  waflows_bytes_free(out);
  out = NULL;
  CHECK_RC(waflows_template_render((const uint8_t *)text, strlen(text), (const uint8_t *)profile, strlen(profile),
                                   WAFLOWS_MISSING_KEEP, &out),
           WAFLOWS_RESULT_OK);
  CHECK(out != NULL && strcmp(text_of(out), "Hi Ana, {{ user.city }}Ana") == 0);
  waflows_bytes_free(out);
  out = NULL;
  CHECK_RC(waflows_template_render((const uint8_t *)text, strlen(text), (const uint8_t *)profile, strlen(profile),
                                   WAFLOWS_MISSING_EMPTY, &out),
           WAFLOWS_RESULT_OK);
  CHECK(out != NULL && strcmp(text_of(out), "Hi Ana, Ana") == 0);
  waflows_bytes_free(out);
  out = NULL;
  CHECK_RC(waflows_template_render((const uint8_t *)text, strlen(text), (const uint8_t *)profile, strlen(profile),
                                   WAFLOWS_MISSING_ERROR, &out),
           WAFLOWS_RESULT_TEMPLATE_VARIABLE_MISSING);
  CHECK_RC(waflows_template_render((const uint8_t *)text, strlen(text), (const uint8_t *)"[]", 2, 0, &out),
           WAFLOWS_RESULT_INVALID_ARGUMENT);
  CHECK_RC(waflows_template_render((const uint8_t *)text, strlen(text), (const uint8_t *)profile, strlen(profile), 7,
                                   &out),
           WAFLOWS_RESULT_INVALID_ARGUMENT);
  CHECK_RC(waflows_template_variables((const uint8_t *)"{{1}}", 5, &out), WAFLOWS_RESULT_TEMPLATE_VARIABLE_SYNTAX);
  CHECK(out == NULL);

  CHECK_RC(waflows_template_check_sendable(WAFLOWS_FLOW_STATUS_PUBLISHED), WAFLOWS_RESULT_OK);
  CHECK_RC(waflows_template_check_sendable(WAFLOWS_FLOW_STATUS_DEPRECATED), WAFLOWS_RESULT_TEMPLATE_FLOW_NOT_PUBLISHED);
  CHECK_RC(waflows_template_check_sendable(WAFLOWS_FLOW_STATUS_THROTTLED), WAFLOWS_RESULT_TEMPLATE_FLOW_NOT_PUBLISHED);
  CHECK_RC(waflows_template_check_sendable(6), WAFLOWS_RESULT_INVALID_ARGUMENT);
}

static void test_builders(void) {
  size_t tn, cn, sn;
  unsigned char *tpl = harness_read_file(FIX "stay_feedback.json", &tn);
  char *creation = (char *)harness_read_file(FIX "stay_feedback.creation.json", &cn);
  char *send = (char *)harness_read_file(FIX "stay_feedback.send.json", &sn);
  const char *send_in =
      "{\"to\": \"15551234567\", \"template_name\": \"stay_feedback\", \"language\": \"en_US\","
      " \"flow_token\": \"stay-42\", \"flow_action_data\": {\"booking_id\": \"B-1001\"},"
      " \"body_parameters\": [\"Rui\", \"Solar do Mar\"]}";
  const char *msg_in = "{\"to\": \"1\", \"body\": \"b\", \"flow_id\": \"2\", \"flow_cta\": \"Go\", \"screen\": \"A\"}";
  const char *cta_21 = "{\"to\": \"1\", \"body\": \"b\", \"flow_id\": \"2\", \"flow_cta\": \"123456789012345678901\"}";
  const char *both = "{\"to\": \"1\", \"body\": \"b\", \"flow_id\": \"2\", \"flow_name\": \"n\", \"flow_cta\": \"Go\"}";
  waflows_bytes *out = NULL;

  compact(creation);
  compact(send);
  CHECK_RC(waflows_messages_template_creation(tpl, tn, &out), WAFLOWS_RESULT_OK);
  CHECK(out != NULL && strcmp(text_of(out), creation) == 0);
  waflows_bytes_free(out);
  out = NULL;
  CHECK_RC(waflows_messages_template_send((const uint8_t *)send_in, strlen(send_in), &out), WAFLOWS_RESULT_OK);
  CHECK(out != NULL && strcmp(text_of(out), send) == 0);
  waflows_bytes_free(out);
  out = NULL;
  CHECK_RC(waflows_messages_flow_message((const uint8_t *)msg_in, strlen(msg_in), &out), WAFLOWS_RESULT_OK);
  CHECK(out != NULL && strstr(text_of(out), "\"flow_message_version\":\"3\"") != NULL);
  CHECK(out != NULL && strstr(text_of(out), "\"flow_action_payload\":{\"screen\":\"A\"}") != NULL);
  waflows_bytes_free(out);
  out = NULL;
  CHECK_RC(waflows_messages_flow_message((const uint8_t *)cta_21, strlen(cta_21), &out),
           WAFLOWS_RESULT_MESSAGE_LIMIT_EXCEEDED);
  CHECK_RC(waflows_messages_flow_message((const uint8_t *)both, strlen(both), &out), WAFLOWS_RESULT_MESSAGE_INVALID_FIELD);
  CHECK_RC(waflows_messages_flow_message((const uint8_t *)"", 0, &out), WAFLOWS_RESULT_MESSAGE_INVALID_FIELD);
  CHECK_RC(waflows_messages_template_send(NULL, 3, &out), WAFLOWS_RESULT_NULL_PARAMETER);
  CHECK_RC(waflows_messages_template_creation(tpl, tn, NULL), WAFLOWS_RESULT_NULL_PARAMETER);
  CHECK(out == NULL);
  free(tpl);
  free(creation);
  free(send);
}

int main(void) {
  test_validate_fixtures();
  test_personalization_and_campaign();
  test_builders();
  return harness_finish("test_templates");
}

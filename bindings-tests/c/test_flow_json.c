/* C binding tests for the Flow JSON validator. Run from the repository root. */
#include "waflows.h"
#include "harness.h"

#define CASES "tests/fixtures/flow_json/cases/"

static waflows_report *validate_file(const char *path, uint32_t mode, bool for_publish) {
  size_t len;
  unsigned char *text = harness_read_file(path, &len);
  waflows_report *r = NULL;
  CHECK_RC(waflows_flow_json_validate(text, len, mode, for_publish, &r), WAFLOWS_RESULT_OK);
  free(text);
  return r;
}

static void test_failing_fixture(void) {
  waflows_report *r = validate_file(CASES "DUPLICATE_FORM_COMPONENT_NAMES--two-inputs--fail/flow.json",
                                    WAFLOWS_FLOW_JSON_MODE_BUILDER, false);
  CHECK(r != NULL);
  CHECK(!waflows_report_ok(r));
  CHECK(waflows_report_len(r) == 1);
  CHECK(waflows_report_error_count(r) == 1);
  CHECK(strcmp(waflows_report_issue_code(r, 0), "DUPLICATE_FORM_COMPONENT_NAMES") == 0);
  CHECK(strcmp(waflows_report_issue_severity(r, 0), "error") == 0);
  CHECK(strcmp(waflows_report_issue_pointer(r, 0), "/screens/0/layout/children/0/children/1/name") == 0);
  CHECK(strcmp(waflows_report_issue_path(r, 0), "screens[0].layout.children[0].children[1].name") == 0);
  CHECK(strstr(waflows_report_issue_message(r, 0), "first_name") != NULL);
  CHECK(waflows_report_issue_line(r, 0) == 21);
  CHECK(waflows_report_issue_column(r, 0) == 25);
  CHECK(waflows_report_issue_end_line(r, 0) == 21);
  CHECK(waflows_report_issue_end_column(r, 0) == 36);
  /* Out of range: NULL / 0, never a crash. */
  CHECK(waflows_report_issue_code(r, 1) == NULL);
  CHECK(waflows_report_issue_message(r, 99) == NULL);
  CHECK(waflows_report_issue_severity(r, 1) == NULL);
  CHECK(waflows_report_issue_line(r, 1) == 0);
  {
    waflows_bytes *json = NULL;
    CHECK_RC(waflows_report_to_json(r, &json), WAFLOWS_RESULT_OK);
    CHECK(json != NULL);
    CHECK(strstr((const char *)waflows_bytes_data(json), "\"code\":\"DUPLICATE_FORM_COMPONENT_NAMES\"") != NULL);
    CHECK(strstr((const char *)waflows_bytes_data(json), "\"ok\":false") != NULL);
    waflows_bytes_free(json);
  }
  {
    waflows_bytes *meta = NULL;
    CHECK_RC(waflows_report_to_meta_json(r, &meta), WAFLOWS_RESULT_OK);
    CHECK(strstr((const char *)waflows_bytes_data(meta), "\"error_type\":\"FLOW_JSON_ERROR\"") != NULL);
    CHECK(strstr((const char *)waflows_bytes_data(meta), "\"path\":\"screens[0].layout.children[0].children[1].name\"") != NULL);
    waflows_bytes_free(meta);
  }
  waflows_report_free(r);
}

static void test_passing_and_publish(void) {
  waflows_report *r = validate_file(CASES "DUPLICATE_FORM_COMPONENT_NAMES--two-inputs--pass/flow.json",
                                    WAFLOWS_FLOW_JSON_MODE_EVERYTHING, false);
  CHECK(waflows_report_ok(r));
  CHECK(waflows_report_len(r) == 0);
  waflows_report_free(r);

  r = validate_file(CASES "WAFLOWS_FROZEN_VERSION--v5-0--fail/flow.json", WAFLOWS_FLOW_JSON_MODE_BUILDER, false);
  CHECK(waflows_report_ok(r));
  CHECK(waflows_report_len(r) == 1);
  CHECK(strcmp(waflows_report_issue_severity(r, 0), "warning") == 0);
  waflows_report_free(r);

  r = validate_file(CASES "WAFLOWS_FROZEN_VERSION--v5-0--fail/flow.json", WAFLOWS_FLOW_JSON_MODE_BUILDER, true);
  CHECK(!waflows_report_ok(r));
  CHECK(strcmp(waflows_report_issue_code(r, 0), "WAFLOWS_FROZEN_VERSION") == 0);
  waflows_report_free(r);
}

static void test_garbage_and_misuse(void) {
  static const unsigned char garbage[] = {0xff, 0xfe, 0x00, 0x7b};
  waflows_report *r = NULL;
  waflows_bytes *json = NULL;
  CHECK_RC(waflows_flow_json_validate(garbage, sizeof garbage, WAFLOWS_FLOW_JSON_MODE_BUILDER, false, &r),
           WAFLOWS_RESULT_OK);
  CHECK(!waflows_report_ok(r));
  CHECK(strcmp(waflows_report_issue_code(r, 0), "INVALID_FLOW_JSON") == 0);
  CHECK(waflows_report_issue_line(r, 0) == 1);
  waflows_report_free(r);

  r = NULL;
  CHECK_RC(waflows_flow_json_validate(garbage, sizeof garbage, 7, false, &r), WAFLOWS_RESULT_INVALID_ARGUMENT);
  CHECK(r == NULL);
  CHECK_RC(waflows_flow_json_validate(garbage, sizeof garbage, 0, false, NULL), WAFLOWS_RESULT_NULL_PARAMETER);
  CHECK_RC(waflows_flow_json_validate(NULL, 4, 0, false, &r), WAFLOWS_RESULT_NULL_PARAMETER);
  CHECK_RC(waflows_report_to_json(NULL, &json), WAFLOWS_RESULT_NULL_PARAMETER);
  CHECK(json == NULL);
  CHECK(!waflows_report_ok(NULL));
  CHECK(waflows_report_len(NULL) == 0);
  CHECK(waflows_report_issue_code(NULL, 0) == NULL);
  waflows_report_free(NULL);

  {
    /* Over 10 MiB is a typed error, not a report. */
    size_t big = (size_t)10 * 1024 * 1024 + 1;
    unsigned char *text = (unsigned char *)calloc(big, 1);
    CHECK(text != NULL);
    if (text != NULL) {
      CHECK_RC(waflows_flow_json_validate(text, big, 0, false, &r), WAFLOWS_RESULT_FLOW_JSON_TOO_LARGE);
      free(text);
    }
  }
}

/* The options JSON is the core's validation options: the keywords of Python's validate_flow_json. */
static size_t count_code(const waflows_report *r, const char *code) {
  size_t i, k = 0;
  for (i = 0; i < waflows_report_len(r); i++)
    if (strcmp(waflows_report_issue_code(r, i), code) == 0) k++;
  return k;
}

static waflows_report *validate_with(const unsigned char *text, size_t len, const char *options, waflows_result want) {
  waflows_report *r = NULL;
  CHECK_RC(waflows_flow_json_validate_with(text, len, (const uint8_t *)options, options ? strlen(options) : 0, &r), want);
  CHECK((want == WAFLOWS_RESULT_OK) == (r != NULL));
  return r;
}

static void test_options_json(void) {
  size_t len;
  unsigned char *text =
      harness_read_file(CASES "INVALID_SCREEN_DYNAMIC_DATA--number-expression-in-string-strict--fail/flow.json", &len);
  waflows_report *lax = validate_with(text, len, NULL, WAFLOWS_RESULT_OK);
  waflows_report *strict = validate_with(text, len, "{\"strict\": true}", WAFLOWS_RESULT_OK);
  static const unsigned char many[] = "{\"version\": \"7.3\", \"screens\": [], \"x\": 1}";
  waflows_report *one, *every;
  waflows_bytes *json = NULL;
  CHECK(count_code(lax, "INVALID_SCREEN_DYNAMIC_DATA") == 0);
  CHECK(count_code(strict, "INVALID_SCREEN_DYNAMIC_DATA") == 1);
  CHECK(!waflows_report_ok(strict));
  waflows_report_free(lax);
  waflows_report_free(strict);

  /* max_issues caps the report and says so. */
  every = validate_with(many, sizeof many - 1, "{\"mode\": \"everything\"}", WAFLOWS_RESULT_OK);
  CHECK(waflows_report_len(every) >= 2);
  one = validate_with(many, sizeof many - 1, "{\"mode\": \"everything\", \"max_issues\": 1}", WAFLOWS_RESULT_OK);
  CHECK(waflows_report_len(one) == 1);
  CHECK_RC(waflows_report_to_json(one, &json), WAFLOWS_RESULT_OK);
  CHECK(strstr((const char *)waflows_bytes_data(json), "\"truncated\":true") != NULL);
  waflows_bytes_free(json);
  waflows_report_free(one);
  waflows_report_free(every);

  /* Unknown keys and values are refused, never ignored. */
  validate_with(text, len, "{\"mode\": \"fast\"}", WAFLOWS_RESULT_INVALID_ARGUMENT);
  validate_with(text, len, "{\"strict\": 1}", WAFLOWS_RESULT_INVALID_ARGUMENT);
  validate_with(text, len, "{\"max_issues\": -1}", WAFLOWS_RESULT_INVALID_ARGUMENT);
  validate_with(text, len, "{\"maxIssues\": 1}", WAFLOWS_RESULT_INVALID_ARGUMENT);
  validate_with(text, len, "not json", WAFLOWS_RESULT_INVALID_ARGUMENT);
  validate_with(text, len, "[\"everything\", true]", WAFLOWS_RESULT_INVALID_ARGUMENT);
  CHECK_RC(waflows_flow_json_validate_with(text, len, NULL, 2, &one), WAFLOWS_RESULT_NULL_PARAMETER);
  CHECK_RC(waflows_flow_json_validate_with(text, len, NULL, 0, NULL), WAFLOWS_RESULT_NULL_PARAMETER);
  free(text);
}

static void test_catalogue(void) {
  size_t n = waflows_issue_code_count(), i;
  int found = 0;
  CHECK(n > 50);
  for (i = 0; i < n; i++) {
    CHECK(waflows_issue_code_name(i) != NULL);
    CHECK(waflows_issue_code_description(i) != NULL && waflows_issue_code_description(i)[0] != 0);
    if (strcmp(waflows_issue_code_name(i), "INVALID_ROUTING_MODEL") == 0) found = 1;
  }
  CHECK(found);
  CHECK(waflows_issue_code_name(n) == NULL);
  CHECK(waflows_issue_code_description(n) == NULL);
}

int main(void) {
  test_options_json();
  test_catalogue();
  test_failing_fixture();
  test_passing_and_publish();
  test_garbage_and_misuse();
  return harness_finish("test_flow_json");
}

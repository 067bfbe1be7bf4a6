/* C binding tests for the flow lifecycle: every case of tests/fixtures/lifecycle.json (one
 * case per line in that file) and its allowed-actions table. Run from the repository root. */
#include "waflows.h"
#include "harness.h"

#define FIX "tests/fixtures/"

/* Copies the string value of "key" in `line` into out (at most cap-1 bytes); 0 if absent. */
static int field(const char *line, const char *key, char *out, size_t cap) {
  char pat[64];
  const char *p;
  size_t n = 0;
  snprintf(pat, sizeof pat, "\"%s\": \"", key);
  p = strstr(line, pat);
  if (p == NULL) return 0;
  p += strlen(pat);
  while (*p && *p != '"' && n + 1 < cap) out[n++] = *p++;
  out[n] = 0;
  return 1;
}

static int flag(const char *line, const char *key) {
  char pat[64];
  snprintf(pat, sizeof pat, "\"%s\": true", key);
  return strstr(line, pat) != NULL;
}

/* Copies the JSON array text after "key": (up to the closing bracket) into out. */
static int array(const char *line, const char *key, char *out, size_t cap) {
  char pat[64];
  const char *p, *q;
  snprintf(pat, sizeof pat, "\"%s\": [", key);
  p = strstr(line, pat);
  if (p == NULL) return 0;
  p += strlen(pat) - 1;
  q = strchr(p, ']');
  if (q == NULL || (size_t)(q - p + 2) > cap) return 0;
  memcpy(out, p, (size_t)(q - p + 1));
  out[q - p + 1] = 0;
  return 1;
}

/* Formats a mask as a JSON array of names, in ascending bit order. */
static void mask_names(uint32_t mask, const char *(*name)(uint32_t), char *out, size_t cap) {
  uint32_t bit;
  size_t n = 0;
  out[n++] = '[';
  for (bit = 0; bit < 32; bit++) {
    if (mask & (1u << bit)) {
      const char *s = name(bit);
      n += (size_t)snprintf(out + n, cap - n, "%s\"%s\"", n > 1 ? ", " : "", s ? s : "?");
    }
  }
  snprintf(out + n, cap - n, "]");
}

static uint32_t status_of(const char *name) {
  uint32_t v = 0xFFFFFFFFu;
  CHECK_RC(waflows_lifecycle_status_from_name((const uint8_t *)name, strlen(name), &v), WAFLOWS_RESULT_OK);
  return v;
}

static uint32_t action_of(const char *name) {
  uint32_t v = 0xFFFFFFFFu;
  CHECK_RC(waflows_lifecycle_action_from_name((const uint8_t *)name, strlen(name), &v), WAFLOWS_RESULT_OK);
  return v;
}

static void test_matrix(void) {
  size_t n;
  char *doc = (char *)harness_read_file(FIX "lifecycle.json", &n);
  char *line = strtok(doc, "\n");
  int cases = 0, allowed_rows = 0;
  const char *section = NULL;
  while (line != NULL) {
    char status[32], action[32], want[256], got[256], endpoint[32];
    if (strstr(line, "\"platform\": {")) section = "platform";
    if (strstr(line, "\"custom\": {")) section = "custom";
    if (strstr(line, "\"cases\": [")) section = NULL;
    if (strncmp(line, "  {\"status\": ", 13) == 0) {
      waflows_lifecycle_context ctx;
      uint32_t st_out = 0xFFFFFFFFu, eff_out = 0xFFFFFFFFu;
      waflows_result rc;
      memset(&ctx, 0, sizeof ctx);
      CHECK(field(line, "status", status, sizeof status));
      CHECK(field(line, "action", action, sizeof action));
      ctx.endpoint = (field(line, "endpoint", endpoint, sizeof endpoint) && strcmp(endpoint, "custom") == 0)
                         ? WAFLOWS_ENDPOINT_CUSTOM
                         : WAFLOWS_ENDPOINT_PLATFORM;
      ctx.has_validation_errors = flag(line, "has_validation_errors");
      ctx.uses_endpoint = flag(line, "uses_endpoint");
      ctx.endpoint_configured = flag(line, "endpoint_configured");
      ctx.published_edits = flag(line, "published_edits");
      rc = waflows_lifecycle_apply(status_of(status), action_of(action), &ctx, &st_out, &eff_out);
      if (field(line, "error", want, sizeof want)) {
        CHECK(strcmp(waflows_result_name(rc), want) == 0);
        CHECK(st_out == 0xFFFFFFFFu && eff_out == 0xFFFFFFFFu); /* untouched on failure */
        if (strcmp(waflows_result_name(rc), want) != 0) fprintf(stderr, "  case: %s\n", line);
      } else {
        const char *result = strstr(line, "\"result\"");
        CHECK_RC(rc, WAFLOWS_RESULT_OK);
        CHECK(result != NULL && field(result, "status", want, sizeof want));
        CHECK(strcmp(waflows_lifecycle_status_name(st_out), want) == 0);
        CHECK(array(line, "effects", want, sizeof want));
        mask_names(eff_out, waflows_lifecycle_effect_name, got, sizeof got);
        CHECK(strcmp(got, want) == 0);
        if (strcmp(got, want) != 0) fprintf(stderr, "  case: %s\n  got effects %s\n", line, got);
      }
      cases++;
    } else if (section != NULL && strncmp(line, "   \"", 4) == 0) {
      uint32_t mask = 0xFFFFFFFFu;
      uint32_t ep = strcmp(section, "custom") == 0 ? WAFLOWS_ENDPOINT_CUSTOM : WAFLOWS_ENDPOINT_PLATFORM;
      CHECK(sscanf(line, "   \"%31[A-Z]\"", status) == 1);
      CHECK_RC(waflows_lifecycle_allowed_actions(status_of(status), ep, &mask), WAFLOWS_RESULT_OK);
      mask_names(mask, waflows_lifecycle_action_name, got, sizeof got);
      CHECK(array(line, status, want, sizeof want));
      CHECK(strcmp(got, want) == 0);
      if (strcmp(got, want) != 0) fprintf(stderr, "  %s %s: got %s want %s\n", section, status, got, want);
      allowed_rows++;
    }
    line = strtok(NULL, "\n");
  }
  CHECK(cases >= 60); /* 6 statuses x 10 actions, plus context variations */
  CHECK(allowed_rows == 12);
  free(doc);
}

static void test_bad_values_and_nulls(void) {
  uint32_t s = 7, e = 7, mask = 7;
  waflows_lifecycle_context ctx;
  memset(&ctx, 0, sizeof ctx);
  CHECK_RC(waflows_lifecycle_apply(6, 0, NULL, &s, &e), WAFLOWS_RESULT_INVALID_ARGUMENT);
  CHECK_RC(waflows_lifecycle_apply(0, 10, NULL, &s, &e), WAFLOWS_RESULT_INVALID_ARGUMENT);
  ctx.endpoint = 2;
  CHECK_RC(waflows_lifecycle_apply(0, 0, &ctx, &s, &e), WAFLOWS_RESULT_INVALID_ARGUMENT);
  CHECK_RC(waflows_lifecycle_apply(0, 0, NULL, NULL, &e), WAFLOWS_RESULT_NULL_PARAMETER);
  CHECK_RC(waflows_lifecycle_apply(0, 0, NULL, &s, NULL), WAFLOWS_RESULT_NULL_PARAMETER);
  CHECK(s == 7 && e == 7);
  CHECK_RC(waflows_lifecycle_allowed_actions(0, 9, &mask), WAFLOWS_RESULT_INVALID_ARGUMENT);
  CHECK_RC(waflows_lifecycle_allowed_actions(0, 0, NULL), WAFLOWS_RESULT_NULL_PARAMETER);
  CHECK(mask == 7);
  CHECK_RC(waflows_lifecycle_status_from_name((const uint8_t *)"LIVE", 4, &s), WAFLOWS_RESULT_LIFECYCLE_UNKNOWN_STATUS);
  CHECK_RC(waflows_lifecycle_status_from_name(NULL, 4, &s), WAFLOWS_RESULT_NULL_PARAMETER);
  CHECK_RC(waflows_lifecycle_action_from_name((const uint8_t *)"\xff", 1, &s), WAFLOWS_RESULT_INVALID_ARGUMENT);
  CHECK(waflows_lifecycle_status_name(6) == NULL);
  CHECK(waflows_lifecycle_action_name(10) == NULL);
  CHECK(waflows_lifecycle_effect_name(12) == NULL);
  /* NULL context = defaults: a draft with no errors publishes. */
  CHECK_RC(waflows_lifecycle_apply(WAFLOWS_FLOW_STATUS_DRAFT, WAFLOWS_LIFECYCLE_ACTION_PUBLISH, NULL, &s, &e),
           WAFLOWS_RESULT_OK);
  CHECK(s == WAFLOWS_FLOW_STATUS_PUBLISHED && e == (1u << WAFLOWS_LIFECYCLE_EFFECT_PUBLISH_FLOW));
}

int main(void) {
  test_matrix();
  test_bad_values_and_nulls();
  return harness_finish("test_lifecycle");
}

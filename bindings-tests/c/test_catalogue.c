/* C binding tests for the catalogues: every exported catalogue lists its values, and each
 * value's name and number round-trip through waflows_catalogue_name / _from_name; the C enum
 * constants agree with the library. Run from the repository root. */
#include "waflows.h"
#include "harness.h"

static void every_catalogue_round_trips(void) {
  uint32_t cat = 0;
  size_t ncat = waflows_catalogue_len(WAFLOWS_CATALOGUE_RESULT);
  CHECK(ncat > 40);
  for (cat = 0; waflows_catalogue_len(cat) > 0; cat++) {
    size_t i, n = waflows_catalogue_len(cat);
    for (i = 0; i < n; i++) {
      uint32_t number = 0xFFFFFFFFu, back = 0xFFFFFFFFu;
      const char *name;
      CHECK_RC(waflows_catalogue_number_at(cat, i, &number), WAFLOWS_RESULT_OK);
      name = waflows_catalogue_name(cat, number);
      CHECK(name != NULL && strlen(name) > 0);
      if (name == NULL) continue;
      CHECK_RC(waflows_catalogue_from_name(cat, (const uint8_t *)name, strlen(name), &back),
               WAFLOWS_RESULT_OK);
      CHECK(back == number);
    }
    {
      uint32_t untouched = 7;
      CHECK_RC(waflows_catalogue_number_at(cat, n, &untouched), WAFLOWS_RESULT_INVALID_ARGUMENT);
      CHECK(untouched == 7);
    }
  }
  /* Ids are dense from 0: the loop stopped after the last one. */
  CHECK(cat > WAFLOWS_CATALOGUE_MESSAGE_DATA_ENCODING);
  CHECK(waflows_catalogue_name(cat, 0) == NULL);
}

static void constants_agree_with_names(void) {
  uint32_t n = 0;
  CHECK(strcmp(waflows_catalogue_name(WAFLOWS_CATALOGUE_RESULT, WAFLOWS_RESULT_DECRYPTION_FAILED),
               "decryption_failed") == 0);
  CHECK(strcmp(waflows_catalogue_name(WAFLOWS_CATALOGUE_FLOW_STATUS, WAFLOWS_FLOW_STATUS_PUBLISHED),
               "PUBLISHED") == 0);
  CHECK(strcmp(waflows_catalogue_name(WAFLOWS_CATALOGUE_RELAY_SETUP,
                                      WAFLOWS_RELAY_SETUP_PLATFORM_CUSTOMER),
               "platform+customer") == 0);
  CHECK(strcmp(waflows_catalogue_name(WAFLOWS_CATALOGUE_INGEST_POLICY,
                                      WAFLOWS_INGEST_POLICY_KEEP_AND_WARN),
               "keep_and_warn") == 0);
  CHECK(strcmp(waflows_catalogue_name(WAFLOWS_CATALOGUE_DECISION_KIND, WAFLOWS_DECISION_FORWARD),
               "forward") == 0);
  /* One parsing convention: the stable name, ASCII case-insensitive. */
  CHECK_RC(waflows_catalogue_from_name(WAFLOWS_CATALOGUE_FLOW_STATUS, (const uint8_t *)"published",
                                       9, &n),
           WAFLOWS_RESULT_OK);
  CHECK(n == WAFLOWS_FLOW_STATUS_PUBLISHED);
  CHECK_RC(waflows_catalogue_from_name(WAFLOWS_CATALOGUE_MISSING_VALUE, (const uint8_t *)"KEEP", 4,
                                       &n),
           WAFLOWS_RESULT_OK);
  CHECK(n == WAFLOWS_MISSING_KEEP);
  /* Unknown names keep their catalogue's error code; the out-parameter is untouched. */
  n = 99;
  CHECK_RC(waflows_catalogue_from_name(WAFLOWS_CATALOGUE_FLOW_STATUS, (const uint8_t *)"LIVE", 4,
                                       &n),
           WAFLOWS_RESULT_LIFECYCLE_UNKNOWN_STATUS);
  CHECK_RC(waflows_catalogue_from_name(WAFLOWS_CATALOGUE_RELAY_SETUP, (const uint8_t *)"cloud", 5,
                                       &n),
           WAFLOWS_RESULT_INVALID_ARGUMENT);
  CHECK(n == 99);
  CHECK_RC(waflows_catalogue_from_name(WAFLOWS_CATALOGUE_RESULT, NULL, 3, &n),
           WAFLOWS_RESULT_NULL_PARAMETER);
  CHECK_RC(waflows_catalogue_from_name(WAFLOWS_CATALOGUE_RESULT, (const uint8_t *)"ok", 2, NULL),
           WAFLOWS_RESULT_NULL_PARAMETER);
  CHECK(waflows_catalogue_name(WAFLOWS_CATALOGUE_RESULT, 123456) == NULL);
  /* Names are static: the same pointer every time (nothing allocated per call). */
  CHECK(waflows_result_name(WAFLOWS_RESULT_PANIC) == waflows_result_name(WAFLOWS_RESULT_PANIC));
  CHECK(waflows_result_name(WAFLOWS_RESULT_PANIC) ==
        waflows_catalogue_name(WAFLOWS_CATALOGUE_RESULT, WAFLOWS_RESULT_PANIC));
}

int main(void) {
  every_catalogue_round_trips();
  constants_agree_with_names();
  return harness_finish("test_catalogue");
}

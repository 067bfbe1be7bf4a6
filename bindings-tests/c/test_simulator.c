/* C binding tests for the headless flow simulator (waflows_simulate,
 * waflows_simulate_with_callback). Run from the repository root.
 *
 * The product document's three flows run to completion from scripts; the trace JSON is
 * checked for the exact `complete` payloads and CleverTap records the document describes
 * (serde_json keeps key order, so the fragments below are exact). */
#include "waflows.h"
#include "harness.h"

#define HOTEL "tests/fixtures/relay/hotel_feedback.flow.json"
#define BUS "tests/fixtures/relay/bus_booking.flow.json"
#define WEATHER "tests/fixtures/relay/weather_age.flow.json"

static const char *text_of(const waflows_bytes *b) { return (const char *)waflows_bytes_data(b); }

static const char HOTEL_SCRIPT[] =
    "{\"wa_id\":\"919876543210\",\"now\":1764000000,\"steps\":["
    "{\"fill\":{\"recommend\":\"0_Yes\",\"comment\":\"Room was spotless\"}},"
    "{\"tap\":\"footer\"},"
    "{\"select\":{\"Stay_Experience_f2b4e8\":\"0_\xe2\x98\x85\xe2\x98\x85\xe2\x98\x85\xe2\x98\x85\xe2\x98\x85_\xe2\x80\xa2_Excellent_(5/5)\","
    "\"Food_Experience_bf1842\":\"1_\xe2\x98\x85\xe2\x98\x85\xe2\x98\x85\xe2\x98\x85\xe2\x98\x86_\xe2\x80\xa2_Good_(4/5)\","
    "\"Customer_service\":\"0_Excellent\"}},"
    "{\"tap\":\"footer\"}]}";

#define HOTEL_EVT_DATA                                                                               \
  "{\"stay_experience\":\"0_\xe2\x98\x85\xe2\x98\x85\xe2\x98\x85\xe2\x98\x85\xe2\x98\x85_\xe2\x80\xa2_Excellent_(5/5)\"," \
  "\"food_experience\":\"1_\xe2\x98\x85\xe2\x98\x85\xe2\x98\x85\xe2\x98\x85\xe2\x98\x86_\xe2\x80\xa2_Good_(4/5)\","     \
  "\"customer_service_experience\":\"0_Excellent\",\"recommend\":\"0_Yes\",\"comment\":\"Room was spotless\"}"

static void test_hotel_feedback(void) {
  size_t n;
  unsigned char *flow = harness_read_file(HOTEL, &n);
  waflows_bytes *trace = NULL;

  CHECK_RC(waflows_simulate(flow, n, (const uint8_t *)HOTEL_SCRIPT, strlen(HOTEL_SCRIPT), NULL, 0, &trace),
           WAFLOWS_RESULT_OK);
  CHECK(trace != NULL);
  if (trace != NULL) {
    const char *t = text_of(trace);
    CHECK(strlen(t) == waflows_bytes_len(trace));
    CHECK(strstr(t, "\"screens\":[\"RECOMMEND\",\"RATE\"]") != NULL);
    CHECK(strstr(t, "\"requests\":[]") != NULL);
    CHECK(strstr(t, "\"complete\":{\"flow_token\":\"simulated-flow-token\",\"ct-evt\":{\"evtName\":\"Stay "
                    "Feedback\",\"evtData\":" HOTEL_EVT_DATA "}}") != NULL);
    CHECK(strstr(t, "\"records\":[{\"source\":\"complete\",\"screen\":\"RATE\",\"record\":{\"type\":\"event\","
                    "\"identity\":\"919876543210\",\"ts\":1764000000,\"evtName\":\"Stay Feedback\",\"evtData\":"
                    HOTEL_EVT_DATA "}}]") != NULL);
    CHECK(strstr(t, "\"refused\":null") != NULL);
    CHECK(strstr(t, "\"closed\":true") != NULL);
  }
  waflows_bytes_free(trace);

  /* A refused step is a success with `refused` set. */
  {
    const char *s = "{\"steps\":[{\"tap\":\"footer\"},{\"back\":true}]}";
    trace = NULL;
    CHECK_RC(waflows_simulate(flow, n, (const uint8_t *)s, strlen(s), NULL, 0, &trace), WAFLOWS_RESULT_OK);
    if (trace != NULL) {
      CHECK(strstr(text_of(trace), "\"refused\":\"Choose one is required\"") != NULL);
      CHECK(strstr(text_of(trace), "\"steps_run\":1") != NULL);
      CHECK(strstr(text_of(trace), "\"complete\":null") != NULL);
    }
    waflows_bytes_free(trace);
  }
  free(flow);
}

static void test_bus_booking_through_the_relay(void) {
  size_t n;
  unsigned char *flow = harness_read_file(BUS, &n);
  waflows_bytes *trace = NULL;
  const char *script =
      "{\"wa_id\":\"919000000001\",\"now\":1764000000,\"flow_token\":\"bus-token-1\",\"steps\":["
      "{\"fill\":{\"depart_from\":\"Pune\",\"arrive_in\":\"Mumbai\",\"depart_date\":\"2025-06-01\"}},"
      "{\"tap\":\"footer\"},{\"select\":{\"left_seats\":\"2A\",\"right_seats\":\"4C\"}},"
      "{\"tap\":\"footer\"},{\"tap\":\"footer\"}]}";
  const char *answers = "{\"relay\":{\"setup\":\"platform\"}}";

  CHECK_RC(waflows_simulate(flow, n, (const uint8_t *)script, strlen(script), (const uint8_t *)answers,
                            strlen(answers), &trace),
           WAFLOWS_RESULT_OK);
  if (trace != NULL) {
    const char *t = text_of(trace);
    CHECK(strstr(t, "\"screens\":[\"welcome_screen\",\"seat_selection\",\"booking_confirmation\"]") != NULL);
    /* The first decrypted request, exactly as the phone sent it. */
    CHECK(strstr(t, "\"requests\":[{\"data\":{\"next_screen\":\"seat_selection\",\"depart_from\":\"Pune\","
                    "\"arrive_in\":\"Mumbai\",\"depart_date\":\"2025-06-01\",\"ct-evt\":{\"evtName\":\"Date "
                    "Selected\",\"evtData\":{\"depart_from\":\"Pune\",\"arrive_in\":\"Mumbai\",\"depart_date\":"
                    "\"2025-06-01\"}}},\"flow_token\":\"bus-token-1\",\"screen\":\"welcome_screen\",\"action\":"
                    "\"data_exchange\",\"version\":\"3.0\"}") != NULL);
    /* Two events ingested by the relay, one from the completion. */
    CHECK(strstr(t, "{\"source\":\"data_exchange\",\"screen\":\"welcome_screen\",\"record\":{\"type\":\"event\","
                    "\"identity\":\"919000000001\",\"ts\":1764000000,\"evtName\":\"Date Selected\"") != NULL);
    CHECK(strstr(t, "\"evtName\":\"Seat Selected\"") != NULL);
    CHECK(strstr(t, "{\"source\":\"complete\",\"screen\":\"booking_confirmation\",\"record\":{\"type\":\"event\","
                    "\"identity\":\"919000000001\",\"ts\":1764000000,\"evtName\":\"Bus booking Done\",\"evtData\":"
                    "{\"depart_from\":\"Pune\",\"arrive_in\":\"Mumbai\",\"depart_date\":\"2025-06-01\","
                    "\"selected_left_seat\":\"2A\",\"selected_right_seat\":\"4C\"}}}") != NULL);
    CHECK(strstr(t, "\"refused\":null") != NULL);
  }
  waflows_bytes_free(trace);
  free(flow);
}

/* The customer endpoint of the weather/age flow, as a C callback: answers in order, and keeps
 * what the relay forwarded. */
struct customer {
  int calls;
  char forwarded[2][1024];
};

static int32_t customer_answer(void *user_data, const uint8_t *request, size_t request_len, uint8_t *answer,
                               size_t answer_cap, size_t *answer_len) {
  static const char *answers[] = {
      "{\"screen\":\"WELCOME\",\"data\":{\"name\":\"Jay\",\"city\":\"Pune\",\"age\":\"30\"}}",
      "{\"screen\":\"YOUR_AGE\",\"data\":{\"name\":\"Jay\",\"age\":\"30\",\"toDisplay\":\"You are 30\"}}",
  };
  struct customer *c = (struct customer *)user_data;
  size_t len;
  if (c->calls >= 2) {
    return 7;
  }
  if (request_len < sizeof c->forwarded[0]) {
    memcpy(c->forwarded[c->calls], request, request_len);
    c->forwarded[c->calls][request_len] = 0;
  }
  len = strlen(answers[c->calls]);
  if (len > answer_cap) {
    return 8;
  }
  memcpy(answer, answers[c->calls], len);
  *answer_len = len;
  c->calls++;
  return 0;
}

static const char WEATHER_SCRIPT[] =
    "{\"start\":{\"action\":\"data_exchange\"},\"wa_id\":\"919000000002\","
    "\"flow_token\":\"1_2388541_2388541_1655455488_4393817507571773_1761636502\",\"steps\":["
    "{\"select\":{\"What_would_you_like_24dfd1\":\"1_Check_my_age\"}},{\"tap\":\"footer\"},{\"tap\":\"footer\"}]}";

static void test_weather_age_with_a_c_customer_endpoint(void) {
  size_t n;
  unsigned char *flow = harness_read_file(WEATHER, &n);
  waflows_bytes *trace = NULL;
  struct customer c;
  const char *setup = "platform+customer";
  memset(&c, 0, sizeof c);

  CHECK_RC(waflows_simulate_with_callback(flow, n, (const uint8_t *)WEATHER_SCRIPT, strlen(WEATHER_SCRIPT),
                                          customer_answer, &c, (const uint8_t *)setup, strlen(setup), &trace),
           WAFLOWS_RESULT_OK);
  CHECK(c.calls == 2);
  /* The product document's forwarded payload (next_screen removed by the relay). */
  CHECK(strstr(c.forwarded[0], "\"action\":\"INIT\"") != NULL);
  CHECK(strcmp(c.forwarded[1],
               "{\"data\":{\"option\":\"1_Check_my_age\",\"name\":\"Jay\"},\"flow_token\":"
               "\"1_2388541_2388541_1655455488_4393817507571773_1761636502\",\"screen\":\"WELCOME\","
               "\"action\":\"data_exchange\",\"version\":\"3.0\"}") == 0);
  if (trace != NULL) {
    const char *t = text_of(trace);
    CHECK(strstr(t, "\"screens\":[\"WELCOME\",\"YOUR_AGE\"]") != NULL);
    CHECK(strstr(t, "\"complete\":{\"flow_token\":\"1_2388541_2388541_1655455488_4393817507571773_1761636502\","
                    "\"age\":\"30\",\"name\":\"Jay\"}") != NULL);
    CHECK(strstr(t, "\"records\":[]") != NULL);
  }
  waflows_bytes_free(trace);

  /* Without a relay the callback is the endpoint itself; a callback failure is typed. */
  memset(&c, 0, sizeof c);
  c.calls = 2;
  trace = NULL;
  CHECK_RC(waflows_simulate_with_callback(flow, n, (const uint8_t *)WEATHER_SCRIPT, strlen(WEATHER_SCRIPT),
                                          customer_answer, &c, NULL, 0, &trace),
           WAFLOWS_RESULT_SIMULATOR_ANSWER_INVALID);
  CHECK(trace == NULL);
  free(flow);
}

/* Reports more bytes than the buffer holds (the 1 MiB answer cap). */
static int32_t too_long(void *user_data, const uint8_t *request, size_t request_len, uint8_t *answer,
                        size_t answer_cap, size_t *answer_len) {
  (void)user_data;
  (void)request;
  (void)request_len;
  (void)answer;
  *answer_len = answer_cap + 1;
  return 0;
}

/* Fills the buffer exactly: a 1 MiB answer (padded with spaces) is accepted. */
static int32_t exactly_full(void *user_data, const uint8_t *request, size_t request_len, uint8_t *answer,
                            size_t answer_cap, size_t *answer_len) {
  const char *a = "{\"screen\":\"WELCOME\",\"data\":{\"name\":\"Jay\"}}";
  size_t len = strlen(a);
  (void)request;
  (void)request_len;
  (*(int *)user_data)++;
  memset(answer, ' ', answer_cap);
  memcpy(answer, a, len);
  *answer_len = answer_cap;
  return 0;
}

static void test_answer_buffer_cap(void) {
  size_t n;
  unsigned char *flow = harness_read_file(WEATHER, &n);
  waflows_bytes *trace = NULL;
  const char *script = "{\"start\":{\"action\":\"data_exchange\"},\"steps\":[]}";
  int calls = 0;
  CHECK(WAFLOWS_SIMULATE_ANSWER_CAPACITY == 1024 * 1024);
  CHECK_RC(waflows_simulate_with_callback(flow, n, (const uint8_t *)script, strlen(script), exactly_full, &calls,
                                          NULL, 0, &trace),
           WAFLOWS_RESULT_OK);
  CHECK(calls == 1);
  if (trace != NULL) {
    CHECK(strstr(text_of(trace), "\"screens\":[\"WELCOME\"]") != NULL);
  }
  waflows_bytes_free(trace);
  trace = NULL;
  CHECK_RC(waflows_simulate_with_callback(flow, n, (const uint8_t *)script, strlen(script), too_long, NULL, NULL,
                                          0, &trace),
           WAFLOWS_RESULT_SIMULATOR_ANSWER_INVALID);
  CHECK(trace == NULL);
  free(flow);
}

static void test_errors(void) {
  size_t n;
  unsigned char *flow = harness_read_file(HOTEL, &n);
  waflows_bytes *trace = NULL;
  const char *ok = "{\"steps\":[]}";
  const char *bad_script = "{\"steps\":[{\"jump\":1}]}";
  const char *bad_value = "{\"steps\":[{\"fill\":{\"recommend\":3}}]}";
  const char *bad_answers = "{\"x\":1}";
  const char *old_version = "{\"version\":\"1.0\",\"screens\":[{\"id\":\"A\"}]}";
  const char *weather_no_answers = WEATHER_SCRIPT;
  size_t wn;
  unsigned char *weather = harness_read_file(WEATHER, &wn);

  CHECK_RC(waflows_simulate(flow, n, (const uint8_t *)bad_script, strlen(bad_script), NULL, 0, &trace),
           WAFLOWS_RESULT_SIMULATOR_SCRIPT_INVALID);
  CHECK_RC(waflows_simulate(flow, n, (const uint8_t *)bad_value, strlen(bad_value), NULL, 0, &trace),
           WAFLOWS_RESULT_SIMULATOR_SCRIPT_INVALID);
  CHECK_RC(waflows_simulate(flow, n, (const uint8_t *)ok, strlen(ok), (const uint8_t *)bad_answers,
                            strlen(bad_answers), &trace),
           WAFLOWS_RESULT_SIMULATOR_ANSWER_INVALID);
  CHECK_RC(waflows_simulate(flow, n, (const uint8_t *)ok, strlen(ok), (const uint8_t *)"[", 1, &trace),
           WAFLOWS_RESULT_SIMULATOR_ANSWER_INVALID);
  CHECK_RC(waflows_simulate(weather, wn, (const uint8_t *)weather_no_answers, strlen(weather_no_answers), NULL, 0,
                            &trace),
           WAFLOWS_RESULT_SIMULATOR_ANSWER_INVALID);
  CHECK_RC(waflows_simulate((const uint8_t *)old_version, strlen(old_version),
                            (const uint8_t *)ok, strlen(ok), NULL, 0, &trace),
           WAFLOWS_RESULT_SIMULATOR_FLOW_UNSUPPORTED);
  CHECK_RC(waflows_simulate((const uint8_t *)"[", 1, (const uint8_t *)ok, strlen(ok), NULL, 0, &trace),
           WAFLOWS_RESULT_FLOW_JSON_MALFORMED);
  CHECK_RC(waflows_simulate(NULL, 5, (const uint8_t *)ok, strlen(ok), NULL, 0, &trace),
           WAFLOWS_RESULT_NULL_PARAMETER);
  CHECK_RC(waflows_simulate(flow, n, (const uint8_t *)ok, strlen(ok), NULL, 0, NULL), WAFLOWS_RESULT_NULL_PARAMETER);
  CHECK_RC(waflows_simulate_with_callback(flow, n, (const uint8_t *)ok, strlen(ok), NULL, NULL, NULL, 0, &trace),
           WAFLOWS_RESULT_NULL_PARAMETER);
  CHECK_RC(waflows_simulate_with_callback(flow, n, (const uint8_t *)ok, strlen(ok), customer_answer, NULL,
                                          (const uint8_t *)"nope", 4, &trace),
           WAFLOWS_RESULT_INVALID_ARGUMENT);
  CHECK(trace == NULL);
  free(weather);
  free(flow);
}

static void test_trace_page(void) {
  size_t n;
  unsigned char *flow = harness_read_file(HOTEL, &n);
  waflows_bytes *trace = NULL;
  waflows_bytes *html = NULL;
  const char *other = "{\"views\":[{\"id\":\"NOPE\",\"title\":\"\",\"reason\":\"open\",\"step\":null,"
                      "\"components\":[]}]}";

  CHECK_RC(waflows_simulate(flow, n, (const uint8_t *)HOTEL_SCRIPT, strlen(HOTEL_SCRIPT), NULL, 0, &trace),
           WAFLOWS_RESULT_OK);
  if (trace != NULL) {
    CHECK_RC(waflows_preview_trace(flow, n, waflows_bytes_data(trace), waflows_bytes_len(trace), &html),
             WAFLOWS_RESULT_OK);
    if (html != NULL) {
      const char *t = text_of(html);
      CHECK(strncmp(t, "<!DOCTYPE html>", 15) == 0);
      CHECK(strstr(t, "default-src 'none'") != NULL);
      CHECK(strstr(t, "data-screen=\"RECOMMEND\"") < strstr(t, "data-screen=\"RATE\""));
      CHECK(strstr(t, "Room was spotless") != NULL);
      CHECK(strstr(t, "<script") == NULL);
    }
    waflows_bytes_free(html);
  }
  html = NULL;
  CHECK_RC(waflows_preview_trace(flow, n, (const uint8_t *)other, strlen(other), &html),
           WAFLOWS_RESULT_PREVIEW_SCREEN_UNKNOWN);
  CHECK_RC(waflows_preview_trace(flow, n, (const uint8_t *)"{\"views\":3}", 11, &html),
           WAFLOWS_RESULT_INVALID_ARGUMENT);
  CHECK_RC(waflows_preview_trace(flow, n, NULL, 4, &html), WAFLOWS_RESULT_NULL_PARAMETER);
  CHECK(html == NULL);
  waflows_bytes_free(trace);
  free(flow);
}

int main(void) {
  test_trace_page();
  test_answer_buffer_cap();
  test_hotel_feedback();
  test_bus_booking_through_the_relay();
  test_weather_age_with_a_c_customer_endpoint();
  test_errors();
  return harness_finish("test_simulator");
}

"""The `flows` webhook: every event kind typed, status changes mapped to lifecycle actions,
unknown events/fields kept raw (or raised in strict mode), bad bodies typed errors."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import waflows
from conftest import fixture_bytes

BODY = fixture_bytes("webhooks/flows_events.json")


def wrap(value: object) -> dict[str, object]:
    return {"object": "whatsapp_business_account",
            "entry": [{"id": "9", "time": 7, "changes": [{"field": "flows", "value": value}]}]}


@pytest.mark.parametrize("body", [BODY, BODY.decode(), json.loads(BODY), bytearray(BODY), memoryview(BODY)])
def test_every_kind_parses_from_any_body_form(body: object) -> None:
    events = waflows.flows_events(body)  # type: ignore[arg-type]
    assert [e.event for e in events] == [
        "FLOW_STATUS_CHANGE", "FLOW_STATUS_CHANGE", "FLOW_STATUS_CHANGE", "CLIENT_ERROR_RATE",
        "ENDPOINT_ERROR_RATE", "ENDPOINT_LATENCY", "ENDPOINT_AVAILABILITY", "FLOW_VERSION_EXPIRY_WARNING"]
    assert set(waflows._waflows.FLOWS_EVENT_KINDS) == {e.event for e in events}
    assert not any(e.is_unknown for e in events)


def test_fields() -> None:
    ev = waflows.flows_events(BODY, strict=True)
    raw = json.loads(BODY)
    values = [c["value"] for entry in raw["entry"] for c in entry["changes"] if c["field"] == "flows"]
    for e, v in zip(ev, values, strict=True):
        # Every field Meta sent is on the typed event, with the same value.
        for k, x in v.items():
            assert getattr(e, k) == x, (e.event, k)
        assert e.to_dict()["event"] == v["event"]
    publish, throttle, created, client, endpoint, latency, avail, warning = ev
    assert (publish.old_status, publish.new_status, publish.lifecycle_action) == ("DRAFT", "PUBLISHED", None)
    assert throttle.lifecycle_action == "throttle"
    assert (created.old_status, created.new_status, created.lifecycle_action) == (None, "DRAFT", None)
    assert client.alert_state == "ACTIVATED" and client.threshold == 10 and client.error_rate == 12.5
    assert client.errors == [
        {"error_type": "INVALID_SCREEN_TRANSITION", "error_rate": 75.0, "error_count": 750},
        {"error_type": "PUBLIC_KEY_MISSING", "error_rate": 25.0, "error_count": 250},
    ]
    assert endpoint.errors is not None and endpoint.errors[0]["error_type"] == "TIMEOUT"
    assert (latency.p50_latency, latency.p90_latency, latency.requests_count) == (450, 1300, 2100)
    assert latency.availability is None and latency.lifecycle_action is None
    assert (avail.alert_state, avail.availability, avail.threshold) == ("DEACTIVATED", 97.5, 90)
    assert warning.warning is not None and "2.1" in warning.warning
    assert (publish.waba_id, publish.time, client.pointer) == ("104996122399160", 1700000100, "/entry/1/changes/0/value")
    assert "ENDPOINT_LATENCY" in repr(latency)


@pytest.mark.parametrize(
    "old,new",
    [("PUBLISHED", "THROTTLED"), ("THROTTLED", "BLOCKED"), ("BLOCKED", "THROTTLED"),
     ("THROTTLED", "PUBLISHED"), ("PUBLISHED", "DEPRECATED"), ("DRAFT", "PUBLISHED")],
)
def test_status_change_matches_lifecycle(old: str, new: str) -> None:
    (e,) = waflows.flows_events(wrap({"event": "FLOW_STATUS_CHANGE", "flow_id": "1",
                                      "old_status": old, "new_status": new}))
    assert e.lifecycle_action == waflows.lifecycle.action_for_status_change(old, new)
    if e.lifecycle_action is not None:
        t = waflows.lifecycle.apply(old, e.lifecycle_action)
        assert t.status == new


@pytest.mark.parametrize(
    "value,code",
    [
        ({"event": "FLOW_QUALITY", "flow_id": "1"}, "flows_webhook_unknown_event"),
        ({"event": "ENDPOINT_LATENCY", "flow_id": "1", "alert_state": "ACTIVATED", "p99_latency": 1},
         "flows_webhook_unknown_field"),
        ({"event": "ENDPOINT_LATENCY", "flow_id": "1", "alert_state": "ACTIVATED", "p90_latency": "x"},
         "flows_webhook_invalid_field"),
        ({"event": "FLOW_STATUS_CHANGE", "flow_id": "1", "new_status": "GONE"}, "flows_webhook_invalid_field"),
        ({"flow_id": "1"}, "flows_webhook_invalid_field"),
        ([1, 2], "flows_webhook_malformed"),
    ],
)
def test_unknown_kept_raw_or_raised(value: object, code: str) -> None:
    (e,) = waflows.flows_events(wrap(value))
    assert e.is_unknown and e.event == "UNKNOWN"
    assert e.error_code == code
    assert e.raw == value
    assert e.reason
    assert e.flow_id == (value.get("flow_id") if isinstance(value, dict) else None)
    with pytest.raises(waflows.FlowsWebhookError) as err:
        waflows.flows_events(wrap(value), strict=True)
    assert err.value.code == code


@pytest.mark.parametrize("body", [b"", b"nope", b"[]", b"{}", {"entry": 3}, {"entry": [{}]}, 5, None, 1.5])
def test_bad_bodies(body: object) -> None:
    with pytest.raises(waflows.WaflowsError) as e:
        waflows.flows_events(body)  # type: ignore[arg-type]
    assert e.value.code == "flows_webhook_malformed"


def test_strict_must_be_bool() -> None:
    with pytest.raises(waflows.InvalidArgument):
        waflows.flows_events(BODY, strict="yes")  # type: ignore[arg-type]


@settings(max_examples=150, deadline=None)
@given(value=st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-(2**63), max_value=2**64 - 1)
    | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=8),
    lambda c: st.lists(c, max_size=3) | st.dictionaries(
        st.sampled_from(["event", "flow_id", "alert_state", "threshold", "errors", "new_status", "x"]), c, max_size=5),
    max_leaves=12))
def test_junk_values_never_crash_and_keep_raw(value: object) -> None:
    # (Values JSON cannot carry are refused: see test_values_json_cannot_carry_are_refused.)
    (e,) = waflows.flows_events(wrap(value))
    if e.is_unknown:
        assert e.raw == value


@pytest.mark.parametrize("value", [float("inf"), float("-inf"), float("nan"), 2**64, -(2**63) - 1, {1, 2}])
def test_values_json_cannot_carry_are_refused(value: object) -> None:
    # A dict body is converted strictly: never a silent null, never a plain TypeError.
    with pytest.raises(waflows.InvalidArgument) as e:
        waflows.flows_events(wrap(value))
    assert "webhook body" in str(e.value)


@pytest.mark.parametrize("value", [float("inf"), float("-inf"), float("nan"), 2**64, -(2**63) - 1, {1, 2}])
def test_values_json_cannot_carry_are_refused(value: object) -> None:
    # A dict body is converted strictly: never a silent null, never a plain TypeError.
    with pytest.raises(waflows.InvalidArgument) as e:
        waflows.flows_events(wrap(value))
    assert "webhook body" in str(e.value)

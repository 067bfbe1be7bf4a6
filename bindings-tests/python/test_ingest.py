"""waflows.ingest: extraction, problems and policies, webhooks, upload bodies."""

from __future__ import annotations

import json

import pytest

import waflows
from waflows import ingest

from conftest import fixture_bytes, fixture_json


def test_extract_returns_event_profile_problems_and_rest():
    x = ingest.extract(
        {
            "next_screen": "RATE",
            "ct-evt": {"evtName": "Stay Feedback", "evtData": {"rating": "5"}},
            "ct-up": {"Name": "Jay", "Phone": "12345", "MSG-whatsapp": "true"},
            "comment": "ok",
        }
    )
    assert x.event == {"evtName": "Stay Feedback", "evtData": {"rating": "5"}}
    assert x.profile == {"Name": "Jay", "MSG-whatsapp": True}
    assert [(p.code, p.key, p.outcome, p.value) for p in x.problems] == [
        ("invalid_phone", "Phone", "field_dropped", "12345")
    ]
    assert x.problems[0].pointer == "/ct-up/Phone"
    assert x.problems[0].clevertap_code == 516
    assert x.rest == {"next_screen": "RATE", "comment": "ok"}


def test_blocks_as_json_strings_and_json_text_payloads():
    payload = json.dumps({"ct-evt": json.dumps({"evtName": "E", "evtData": {"a": 1}})})
    for p in (payload, payload.encode()):
        assert ingest.extract(p).event == {"evtName": "E", "evtData": {"a": 1}}


@pytest.mark.parametrize(
    ("policy", "event", "outcome"),
    [
        ("drop_field", {"evtName": "E", "evtData": {"ok": "1"}}, "field_dropped"),
        ("drop_record", None, "record_dropped"),
        ("keep_and_warn", {"evtName": "E", "evtData": {"ok": "1", "bad": None}}, "kept"),
    ],
)
def test_policies(policy, event, outcome):
    x = ingest.extract({"ct-evt": {"evtName": "E", "evtData": {"ok": "1", "bad": None}}}, policy=policy)
    assert x.event == event
    assert [p.outcome for p in x.problems] == [outcome]


def test_records_need_an_identity():
    x = ingest.extract({"ct-evt": {"evtName": "E"}})
    records, problems = x.records("u1", 1700000000)
    assert records == [{"type": "event", "identity": "u1", "ts": 1700000000, "evtName": "E", "evtData": {}}]
    assert problems == []
    records, problems = x.records(None)
    assert records == [] and [p.code for p in problems] == ["missing_identity"]


def test_bad_inputs_raise_payload_error():
    for bad in ([1, 2], "not json", b"[]"):
        with pytest.raises(waflows.PayloadError) as e:
            ingest.extract(bad)
        assert e.value.code == "invalid_payload"
    with pytest.raises(waflows.InvalidArgument):
        ingest.extract({}, policy="drop_everything")
    with pytest.raises(TypeError):
        ingest.extract(42)


def test_records_from_webhook_and_upload_bodies():
    body = fixture_bytes("ingest/mixed_webhook.json")
    records = ingest.records_from_webhook(body)
    assert [r["type"] for r in records] == ["event", "profile", "profile"]
    assert records[0]["evtName"] == "Stay Feedback"
    assert records[2]["identity"] == "US.13491208655302741918"
    # The parsed dict works too.
    assert ingest.records_from_webhook(json.loads(body)) == records
    bodies = ingest.upload_bodies(records * 700)
    assert [len(json.loads(b)["d"]) for b in bodies] == [1000, 1000, 100]
    assert ingest.upload_bodies([]) == []


def test_ingest_webhook_reports_everything():
    got = ingest.ingest_webhook(fixture_bytes("ingest/mixed_webhook.json"), identity_style="plus_prefixed")
    assert got.records[0]["identity"] == "+919876543210"
    assert [p.code for p in got.problems] == ["invalid_phone", "invalid_message", "missing_identity"]
    assert got.problems[1].value == "{not json"
    c = got.completions[0]
    assert c["message_id"] == "wamid.hotel" and c["flow_token"] == "tok-1" and c["ts"] == 1764000000


def test_pywa_sample_with_fallback_event():
    sample = fixture_json("vectors/pywa_flow_completion_webhooks.json")["completion"]
    assert ingest.records_from_webhook(sample) == []
    got = ingest.ingest_webhook(sample, fallback_event="WAF_Submitted")
    assert got.records[0]["evtName"] == "WAF_Submitted"
    assert "flow_token" not in got.records[0]["evtData"]


def test_upload_bodies_rejects_non_records():
    for bad in ([{"type": "event"}], [{"type": "x", "identity": "u"}], [1], "nope"):
        with pytest.raises(waflows.PayloadError) as e:
            ingest.upload_bodies(bad)
        assert e.value.code == "invalid_record"


def test_hostile_webhooks():
    # Nesting over the crate-wide JSON depth limit (64) is refused before parsing.
    with pytest.raises(waflows.LimitExceeded):
        ingest.records_from_webhook(b"{" * 100_000)
    with pytest.raises(waflows.LimitExceeded):
        ingest.records_from_webhook(b" " * (4 * 1024 * 1024 + 1))
    deep = {"ct-evt": "[" * 300 + "]" * 300}
    assert [p.code for p in ingest.extract(deep).problems] == ["invalid_json"]


def test_problem_catalogue():
    codes = dict(ingest.problem_codes())
    assert codes["event_name_missing"] == 509
    assert codes["key_too_long"] is None

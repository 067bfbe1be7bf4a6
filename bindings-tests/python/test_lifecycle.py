"""The flow lifecycle through Python: every case of tests/fixtures/lifecycle.json, the
allowed-actions table, errors and invariants."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import waflows
from waflows import lifecycle
from conftest import fixture_json

MATRIX = fixture_json("lifecycle.json")


def _id(case):
    ctx = ",".join(f"{k}={v}" for k, v in sorted(case["context"].items()))
    return f"{case['status']}-{case['action']}" + (f"[{ctx}]" if ctx else "")


@pytest.mark.parametrize("case", MATRIX["cases"], ids=_id)
def test_matrix_case(case):
    if "error" in case:
        with pytest.raises(waflows.LifecycleError) as info:
            lifecycle.apply(case["status"], case["action"], **case["context"])
        assert info.value.code == case["error"]
        assert str(info.value)
    else:
        t = lifecycle.apply(case["status"], case["action"], **case["context"])
        assert t.status == case["result"]["status"]
        assert t.effects == case["result"]["effects"]


def test_matrix_covers_every_pair():
    pairs = {(c["status"], c["action"]) for c in MATRIX["cases"] if not c["context"]}
    assert pairs == {(s, a) for s in MATRIX["statuses"] for a in MATRIX["actions"]}
    assert lifecycle.STATUSES == MATRIX["statuses"]
    assert lifecycle.ACTIONS == MATRIX["actions"]
    assert lifecycle.EFFECTS == MATRIX["effects"]


@pytest.mark.parametrize("endpoint", ["platform", "custom"])
@pytest.mark.parametrize("status", MATRIX["statuses"])
def test_allowed_actions(endpoint, status):
    got = lifecycle.allowed_actions(status, endpoint=endpoint)
    assert isinstance(got, set)
    assert got == set(MATRIX["allowed"][endpoint][status])


def test_issue_examples():
    assert lifecycle.allowed_actions("DRAFT") == {
        "preview", "update_json", "update_customer_url", "delete", "refresh", "publish",
    }
    assert lifecycle.allowed_actions("Deprecated") == {"preview", "refresh"}
    t = lifecycle.apply("DRAFT", "publish")
    assert (t.status, t.effects) == ("PUBLISHED", ["publish_flow"])
    t = lifecycle.apply(t.status, "deprecate")
    assert "remove_from_templates" in t.effects
    assert repr(t) == "Transition(status='DEPRECATED', effects=['deprecate_flow', 'remove_from_templates'])"
    assert t == lifecycle.apply("PUBLISHED", "deprecate")


def test_display_names_and_unknown_names():
    assert lifecycle.apply("Published", "refresh").status == "PUBLISHED"
    with pytest.raises(waflows.LifecycleError) as info:
        lifecycle.apply("LIVE", "refresh")
    assert info.value.code == "lifecycle_unknown_status"
    with pytest.raises(waflows.LifecycleError) as info:
        lifecycle.apply("DRAFT", "launch")
    assert info.value.code == "lifecycle_unknown_action"
    with pytest.raises(waflows.InvalidArgument):
        lifecycle.allowed_actions("DRAFT", endpoint="meta")
    with pytest.raises(TypeError):
        lifecycle.apply("DRAFT", "publish", bogus=True)
    with pytest.raises(TypeError):
        lifecycle.apply("DRAFT", "publish", True)


def test_status_changes_from_webhooks():
    assert lifecycle.action_for_status_change("PUBLISHED", "THROTTLED") == "throttle"
    assert lifecycle.action_for_status_change("THROTTLED", "BLOCKED") == "block"
    assert lifecycle.action_for_status_change("BLOCKED", "THROTTLED") == "recover"
    assert lifecycle.action_for_status_change("DRAFT", "PUBLISHED") is None


def test_listing_row():
    row = {
        "name": "Stay feedback", "flow_id": "123", "status": "Throttled",
        "has_validation_errors": False, "meta_data_exchange_url": "https://relay.example/f",
        "customer_data_exchange_url": None, "last_updated": 1700000000, "created_by": "ana",
    }
    out = lifecycle.parse_listing_row(row)
    assert out["status"] == "THROTTLED" and out["flow_id"] == "123"
    with pytest.raises(waflows.InvalidArgument):
        lifecycle.parse_listing_row({**row, "status": "LIVE"})
    with pytest.raises(waflows.InvalidArgument):
        lifecycle.parse_listing_row({**row, "extra": 1})


@settings(max_examples=200, deadline=None)
@given(
    start=st.sampled_from(MATRIX["statuses"]),
    steps=st.lists(
        st.tuples(st.sampled_from(MATRIX["actions"]),
                  st.fixed_dictionaries({"has_validation_errors": st.booleans(),
                                         "published_edits": st.booleans(),
                                         "endpoint": st.sampled_from(["platform", "custom"])})),
        max_size=30,
    ),
)
def test_random_sequences_keep_invariants(start, steps):
    status = start
    for action, ctx in steps:
        before = status
        try:
            t = lifecycle.apply(status, action, **ctx)
        except waflows.LifecycleError:
            continue
        status = t.status
        assert ("remove_from_templates" in t.effects) == (before != "DEPRECATED" and status == "DEPRECATED")
        if before in ("DEPRECATED", "DELETED"):
            assert status == before


def test_demo_runs_and_is_deterministic(capsys):
    import importlib.util
    import pathlib

    path = pathlib.Path(__file__).resolve().parents[2] / "examples" / "lifecycle_demo.py"
    spec = importlib.util.spec_from_file_location("lifecycle_demo", path)
    demo = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(demo)
    demo.main()
    first = capsys.readouterr().out
    demo.main()
    assert capsys.readouterr().out == first
    assert "DRAFT      --publish--> PUBLISHED" in first
    assert "PUBLISHED  --deprecate--> DEPRECATED effects: deprecate_flow, remove_from_templates" in first
    assert "stay_feedback: template ok" in first
    assert '"flow_token": "stay-42"' in first

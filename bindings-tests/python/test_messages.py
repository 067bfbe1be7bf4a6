"""Payload builders through Python: exact shapes against the fixtures, limits, errors."""

from __future__ import annotations

import pytest

import waflows
from waflows import messages, templates
from conftest import fixture_json


def test_creation_and_send_bodies_match_fixtures():
    t = fixture_json("templates/stay_feedback.json")
    assert messages.template_creation_body(t) == fixture_json("templates/stay_feedback.creation.json")
    params = templates.variables(t["body"])
    profile = {"user.name": "Rui", "stay.hotel": "Solar do Mar"}
    body = messages.template_send_body(
        to="15551234567", template_name="stay_feedback", language="en_US",
        flow_token="stay-42", flow_action_data={"booking_id": "B-1001"},
        body_parameters=[templates.render("{{%s}}" % p, profile) for p in params],
    )
    assert body == fixture_json("templates/stay_feedback.send.json")


def test_flow_message_shape_and_variants():
    m = messages.flow_message(to="15551234567", body="Rate your stay", flow_cta="Rate", flow_id="1234567890",
                              flow_token="tok", screen="WELCOME", data={"hotel": "Casa Azul"})
    p = m["interactive"]["action"]["parameters"]
    assert p == {
        "flow_message_version": "3", "flow_token": "tok", "flow_id": "1234567890", "flow_cta": "Rate",
        "mode": "published", "flow_action": "navigate",
        "flow_action_payload": {"screen": "WELCOME", "data": {"hotel": "Casa Azul"}},
    }
    s = messages.flow_message(to="1", body="b", flow_cta="Go", flow_id="2", screen="A", data={"k": "v"},
                              data_encoding="string")
    assert s["interactive"]["action"]["parameters"]["flow_action_payload"]["data"] == '{"k":"v"}'
    d = messages.flow_message(to="1", body="b", flow_cta="Go", flow_name="stay", mode="draft",
                              flow_action="data_exchange")
    assert d["interactive"]["action"]["parameters"]["flow_action"] == "data_exchange"
    assert "flow_action_payload" not in d["interactive"]["action"]["parameters"]


@pytest.mark.parametrize(
    "kwargs,code",
    [
        ({"flow_cta": "x" * 20}, None),
        ({"flow_cta": "x" * 21}, "message_limit_exceeded"),
        ({"flow_cta": "Book 📅"}, "message_invalid_field"),
        ({"header": "h" * 60}, None),
        ({"header": "h" * 61}, "message_limit_exceeded"),
        ({"body": "b" * 1024}, None),
        ({"body": "b" * 1025}, "message_limit_exceeded"),
        ({"footer": "f" * 60}, None),
        ({"footer": "f" * 61}, "message_limit_exceeded"),
        ({"flow_name": "n"}, "message_invalid_field"),
        ({"flow_id": None}, "message_invalid_field"),
        ({"mode": "live"}, "message_invalid_field"),
        ({"flow_action": "complete"}, "message_invalid_field"),
        ({"data_encoding": "yaml"}, "message_invalid_field"),
        ({"data": {}}, "message_invalid_field"),
        ({"data": [1]}, "message_invalid_field"),
        ({"screen": "SUCCESS"}, "message_invalid_field"),
        ({"flow_action": "data_exchange", "screen": "A"}, "message_invalid_field"),
    ],
)
def test_flow_message_limits(kwargs, code):
    args = {"to": "1", "body": "b", "flow_cta": "Go", "flow_id": "2", **kwargs}
    if code is None:
        messages.flow_message(**args)
    else:
        with pytest.raises(waflows.MessageError) as info:
            messages.flow_message(**args)
        assert info.value.code == code
        assert isinstance(info.value, ValueError)


@pytest.mark.parametrize(
    "kwargs,code",
    [
        ({"button_index": 9}, None),
        ({"button_index": 10}, "message_limit_exceeded"),
        ({"button_index": -1}, "message_limit_exceeded"),
        ({"button_index": 2**70}, "message_limit_exceeded"),  # was an OverflowError
        ({"flow_token": ""}, "message_invalid_field"),
        ({"flow_action_data": {}}, "message_invalid_field"),
        ({"body_parameters": ["a\nb"]}, "message_invalid_field"),
        ({"body_parameters": ["x" * 1025]}, "message_limit_exceeded"),
        ({"template_name": "Bad Name"}, "message_invalid_field"),
        ({"language": "english"}, "message_invalid_field"),
    ],
)
def test_send_body_limits(kwargs, code):
    args = {"to": "1", "template_name": "t", "language": "en", **kwargs}
    if code is None:
        messages.template_send_body(**args)
    else:
        with pytest.raises(waflows.MessageError) as info:
            messages.template_send_body(**args)
        assert info.value.code == code


def test_creation_refuses_bad_templates():
    t = fixture_json("templates/broken.json")
    with pytest.raises(waflows.TemplateError) as info:
        messages.template_creation_body(t)
    assert info.value.code == "template_invalid"
    assert "category_invalid" in str(info.value)

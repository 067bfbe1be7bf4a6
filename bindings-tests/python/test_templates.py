"""Templates through Python: the fixtures, limits on both sides, personalization, campaign
checks and hostile input."""

from __future__ import annotations

import json

import pytest

import waflows
from waflows import templates
from conftest import fixture_bytes, fixture_json

FLOW = fixture_json("templates/flow.json")


def good():
    return fixture_json("templates/stay_feedback.json")


def test_sample_template_is_valid():
    r = templates.validate_template(good(), flow_status="PUBLISHED", flow_json=FLOW)
    assert r.ok and len(r) == 0 and r.problems == []
    # JSON text and bytes work too.
    r2 = templates.validate_template(fixture_bytes("templates/stay_feedback.json"), flow_status="Published",
                                     flow_json=fixture_bytes("templates/flow.json"))
    assert r2.ok and r2.to_json() == r.to_json()


def test_broken_template_report_matches_fixture():
    r = templates.validate_template(fixture_json("templates/broken.json"), flow_status="DRAFT", flow_json=FLOW)
    want = fixture_json("templates/broken.expected.json")
    assert not r.ok
    assert [(p.code, p.severity, p.field) for p in r.problems] == [
        (p["code"], p["severity"], p["field"]) for p in want["problems"]
    ]
    assert all(p.message for p in r.problems)
    assert json.loads(r.to_json())["ok"] is False
    assert "[flow_not_published]" in str(r)
    with pytest.raises(waflows.TemplateError) as info:
        r.raise_for_problems()
    assert info.value.code == "template_invalid" and "name_invalid" in str(info.value)
    templates.validate_template(good(), flow_status="PUBLISHED").raise_for_problems()  # warnings only


@pytest.mark.parametrize(
    "path,limit,code",
    [
        (("name",), 512, "name_too_long"),
        (("body",), 1024, "body_too_long"),
        (("footer",), 60, "footer_too_long"),
        (("button", "text"), 25, "button_text_too_long"),
    ],
)
def test_text_limits_both_sides(path, limit, code):
    for size, ok in [(limit, True), (limit + 1, False)]:
        t = good()
        t["examples"] = {"user.name": "Ana", "stay.hotel": "X"}
        target = t
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = ("a" if path == ("name",) else "é") * size
        r = templates.validate_template(t, flow_status="PUBLISHED", flow_json=FLOW)
        assert r.ok is ok, (size, r.codes)
        assert (code in r.codes) is (not ok)


@pytest.mark.parametrize(
    "kind,mime,limit",
    [("image", "image/png", 5 * 1024 * 1024), ("image", "image/jpeg", 5 * 1024 * 1024),
     ("video", "video/mp4", 16 * 1024 * 1024), ("document", "application/pdf", 16 * 1024 * 1024)],
)
def test_media_limits_both_sides(kind, mime, limit):
    for size, ok in [(1, True), (limit, True), (limit + 1, False), (0, False)]:
        t = good()
        t["header"] = {"type": kind, "mime_type": mime, "size_bytes": size, "sample_handle": "h"}
        r = templates.validate_template(t, flow_status="PUBLISHED", flow_json=FLOW)
        assert r.ok is ok, (size, r.codes)


def test_media_type_and_sample():
    t = good()
    t["header"] = {"type": "image", "mime_type": "image/gif", "size_bytes": 10}
    r = templates.validate_template(t, flow_status="PUBLISHED", flow_json=FLOW)
    assert r.codes == ["media_type_unsupported", "sample_missing"]


def test_landing_screen_and_actions():
    t = good()
    t["button"]["navigate_screen"] = "RATING"
    assert templates.validate_template(t, flow_status="PUBLISHED", flow_json=FLOW).codes == ["landing_screen_not_entry"]
    t["button"]["navigate_screen"] = "NOPE"
    assert templates.validate_template(t, flow_status="PUBLISHED", flow_json=FLOW).codes == ["landing_screen_unknown"]
    t["button"]["flow_action"] = "data_exchange"
    assert templates.validate_template(t, flow_status="PUBLISHED", flow_json=FLOW).codes == ["landing_screen_not_allowed"]
    del t["button"]["navigate_screen"]
    assert templates.validate_template(t, flow_status="PUBLISHED", flow_json=FLOW).ok
    r = templates.validate_template(good(), flow_status="PUBLISHED")
    assert r.ok and [(p.code, p.severity) for p in r.problems] == [("landing_screen_unchecked", "warning")]


@pytest.mark.parametrize("status", ["DRAFT", "DEPRECATED", "THROTTLED", "BLOCKED", "DELETED"])
def test_only_published_flows_attach(status):
    r = templates.validate_template(good(), flow_status=status, flow_json=FLOW)
    assert r.codes == ["flow_not_published"]


def test_bad_inputs_raise_typed_errors():
    with pytest.raises(waflows.InvalidArgument):
        templates.validate_template({"name": "x"}, flow_status="PUBLISHED")
    with pytest.raises(waflows.InvalidArgument):
        templates.validate_template("not json", flow_status="PUBLISHED")
    with pytest.raises(waflows.LifecycleError):
        templates.validate_template(good(), flow_status="LIVE")
    with pytest.raises(TypeError):
        templates.validate_template(good(), flow_status="PUBLISHED", flow_json=object())
    # A hostile Flow JSON is a problem in the report, never a crash.
    deep = "[" * 100000 + "]" * 100000
    r = templates.validate_template(good(), flow_status="PUBLISHED", flow_json=deep)
    assert r.codes == ["flow_json_unreadable"]


def test_personalization():
    assert templates.variables("Hi {{user.name}} {{ stay.hotel }} {{user.name}}") == ["user.name", "stay.hotel"]
    profile = {"user.name": "Ana"}
    assert templates.render("Hi {{user.name}}!", profile) == "Hi Ana!"
    with pytest.raises(waflows.TemplateError) as info:
        templates.render("Hi {{user.city}}", profile)
    assert info.value.code == "template_variable_missing" and "user.city" in str(info.value)
    assert templates.render("Hi {{user.city}}", profile, missing="empty") == "Hi "
    assert templates.render("Hi {{user.city}}", profile, missing="keep") == "Hi {{user.city}}"
    with pytest.raises(waflows.InvalidArgument):
        templates.render("x", profile, missing="skip")
    for bad in ["{{", "}}", "{{1}}", "{{user name}}", "{{}}"]:
        with pytest.raises(waflows.TemplateError) as info:
            templates.variables(bad)
        assert info.value.code == "template_variable_syntax"
    with pytest.raises(TypeError):
        templates.render("{{a.b}}", {"a.b": 3})


def test_campaign_checks():
    templates.check_sendable("PUBLISHED")
    with pytest.raises(waflows.TemplateError) as info:
        templates.check_sendable("DEPRECATED")
    assert info.value.code == "template_flow_not_published"
    assert "no longer Published" in str(info.value)
    templates.require_published_flow(["DRAFT", "PUBLISHED"])
    with pytest.raises(waflows.TemplateError) as info:
        templates.require_published_flow(["DRAFT"])
    assert info.value.code == "template_no_published_flow"
    assert "publish a flow first" in str(info.value)


from hypothesis import given, settings
from hypothesis import strategies as st

# Lone surrogates cannot be UTF-8 and are rejected at the boundary (see the test below).
_TEXT = st.text(alphabet=st.sampled_from(list("{}ab._ 1é\n")) | st.characters(exclude_categories=("Cs",)),
                max_size=40)


def test_lone_surrogates_are_a_value_error():
    with pytest.raises(ValueError):
        templates.variables("\ud800")
    with pytest.raises(ValueError):
        templates.render("{{a.b}}", {"a.b": "\udfff"})


@settings(max_examples=300, deadline=None)
@given(text=_TEXT)
def test_variables_and_render_never_crash(text):
    try:
        names = templates.variables(text)
    except waflows.TemplateError as e:
        assert e.code == "template_variable_syntax"
        return
    # With "keep" and an empty profile rendering is the identity; with a full profile no
    # variable text is left behind for the names found.
    assert templates.render(text, {}, missing="keep") == text
    rendered = templates.render(text, {n: "X" for n in names})
    assert all("{{%s}}" % n not in rendered for n in names)


@settings(max_examples=100, deadline=None)
@given(body=_TEXT, button=_TEXT, status=st.sampled_from(["DRAFT", "PUBLISHED", "DEPRECATED", "Throttled"]))
def test_validation_never_crashes(body, button, status):
    t = good()
    t["body"], t["button"]["text"] = body, button
    r = templates.validate_template(t, flow_status=status, flow_json=FLOW)
    assert r.ok == all(p.severity == "warning" for p in r.problems)
    assert json.loads(r.to_json())["ok"] == r.ok

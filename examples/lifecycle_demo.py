"""Lifecycle demo: a flow goes Draft -> Published -> Deprecated, a template with a Flow button is
validated, and its creation and send bodies are printed. Deterministic output (run from the
repository root: `python examples/lifecycle_demo.py`)."""

from __future__ import annotations

import json
import pathlib

import waflows
from waflows import lifecycle, messages, templates

FIXTURES = pathlib.Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "templates"


def step(status: str, action: str, **context) -> str:
    try:
        t = lifecycle.apply(status, action, **context)
    except waflows.LifecycleError as e:
        print(f"  {status:<10} --{action}--> refused [{e.code}]: {e}")
        return status
    print(f"  {status:<10} --{action}--> {t.status:<10} effects: {', '.join(t.effects)}")
    return t.status


def main() -> None:
    print("== lifecycle")
    status = "DRAFT"
    print(f"  allowed in {status}: {sorted(lifecycle.allowed_actions(status))}")
    status = step(status, "update_json")
    status = step(status, "publish", has_validation_errors=True)  # refused: fix the errors first
    status = step(status, "publish", uses_endpoint=True, endpoint_configured=True)
    print(f"  allowed in {status}: {sorted(lifecycle.allowed_actions(status))}")
    status = step(status, "delete")  # refused: only a draft can be deleted
    status = step(status, "throttle")  # Meta's monitoring
    status = step(status, "recover")
    status = step(status, "deprecate")
    status = step(status, "deprecate")  # already deprecated: safe to ignore
    print(f"  allowed in {status}: {sorted(lifecycle.allowed_actions(status))}")

    print("== template")
    template = json.loads((FIXTURES / "stay_feedback.json").read_text())
    flow_json = (FIXTURES / "flow.json").read_bytes()
    report = templates.validate_template(template, flow_status="PUBLISHED", flow_json=flow_json)
    print(f"  {template['name']}: {report}")
    broken = dict(template, category="AUTHENTICATION", button=dict(template["button"], navigate_screen="RATING"))
    broken_report = templates.validate_template(broken, flow_status="PUBLISHED", flow_json=flow_json)
    print("  broken variant:")
    for line in str(broken_report).splitlines():
        print(f"    {line}")
    try:
        templates.check_sendable(status)
    except waflows.TemplateError as e:
        print(f"  campaign with the {status} flow: [{e.code}] {e}")

    print("== creation body")
    print(json.dumps(messages.template_creation_body(template)))
    print("== send body")
    profile = {"user.name": "Rui", "stay.hotel": "Solar do Mar"}
    params = [templates.render("{{%s}}" % name, profile) for name in templates.variables(template["body"])]
    body = messages.template_send_body(
        to="15551234567",
        template_name=template["name"],
        language=template["language"],
        flow_token="stay-42",
        flow_action_data={"booking_id": "B-1001"},
        body_parameters=params,
    )
    print(json.dumps(body, indent=2))


if __name__ == "__main__":
    main()

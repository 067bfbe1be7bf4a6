"""Templates with a Flow button: validation before submission, personalization variables,
and the campaign checks.

A template is a dict (or JSON text) with ``name``, ``language`` (default ``"en_US"``),
``category`` (Marketing or Utility), optional ``header`` (``{"type": "image", "mime_type":
"image/png", "size_bytes": 1234, "sample_handle": "..."}``, or ``video``, ``document``,
``location``, ``text``), ``body``, optional ``footer``, ``button`` (``{"text", "flow_id",
"flow_action": "navigate" | "data_exchange", "navigate_screen", "icon"}``) and ``examples``
(sample values of the body's variables).

Missing personalization values (:func:`render`): ``missing="error"`` raises
:class:`TemplateError` (``template_variable_missing``), ``"empty"`` renders nothing, ``"keep"``
leaves ``{{user.name}}`` as written. A value present but empty renders as empty.
"""

from __future__ import annotations

from typing import Any, Iterable, Mapping

from ._waflows import (
    TemplateProblem,
    TemplateReport,
    template_check_sendable as check_sendable,
    template_render as _render,
    template_require_published_flow as _require_published_flow,
    template_validate as _validate,
    template_variables as variables,
)
from .errors import InvalidArgument, TemplateError


def validate_template(
    template: Mapping[str, Any] | str | bytes,
    *,
    flow_status: str,
    flow_json: Mapping[str, Any] | str | bytes | None = None,
) -> TemplateReport:
    """Checks a template before it is submitted: every limit, the media header, the landing
    screen against the flow's entry screens (when ``flow_json`` is given) and that the flow is
    Published. Never raises for a bad template: read ``report.ok`` and ``report.problems``."""
    return _validate(dict(template) if isinstance(template, Mapping) else template,
                     flow_status=flow_status,
                     flow_json=dict(flow_json) if isinstance(flow_json, Mapping) else flow_json)


def render(text: str, profile: Mapping[str, str], *, missing: str = "error") -> str:
    """Replaces each ``{{name}}`` with ``profile[name]`` (see the module doc for ``missing``)."""
    if not isinstance(profile, Mapping):
        raise InvalidArgument(f"render: profile must be a mapping of str to str, not {type(profile).__name__}")
    return _render(text, dict(profile), missing=missing)


def require_published_flow(statuses: Iterable[str]) -> None:
    """Raises :class:`TemplateError` (``template_no_published_flow``) when no status is
    Published: publish a flow first."""
    if isinstance(statuses, (str, bytes)) or not isinstance(statuses, Iterable):
        raise InvalidArgument(
            f"require_published_flow: statuses must be an iterable of str, not {type(statuses).__name__}"
        )
    _require_published_flow(list(statuses))


__all__ = [
    "TemplateError",
    "TemplateProblem",
    "TemplateReport",
    "check_sendable",
    "render",
    "require_published_flow",
    "validate_template",
    "variables",
]

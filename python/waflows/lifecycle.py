"""The flow lifecycle: which actions each status allows, and what applying one does.

Statuses are Meta's upper-case names (``"DRAFT"``, ``"PUBLISHED"``, ``"DEPRECATED"``,
``"THROTTLED"``, ``"BLOCKED"``, plus ``"DELETED"``); the display names (``"Draft"``) are accepted
too. Actions: ``"preview"``, ``"update_json"``, ``"update_customer_url"``, ``"delete"``,
``"refresh"``, ``"publish"``, ``"deprecate"``, and Meta's own ``"throttle"``, ``"block"``,
``"recover"``. ``endpoint`` is ``"platform"`` when the platform's URL is the Meta endpoint and
``"custom"`` otherwise.

    >>> t = apply("DRAFT", "publish")
    >>> t.status
    'PUBLISHED'
    >>> apply(t.status, "deprecate").effects
    ['deprecate_flow', 'remove_from_templates']
"""

from __future__ import annotations

from ._waflows import (
    LIFECYCLE_ACTIONS as ACTIONS,
    LIFECYCLE_EFFECTS as EFFECTS,
    LIFECYCLE_STATUSES as STATUSES,
    Transition,
    lifecycle_action_for_status_change as action_for_status_change,
    lifecycle_allowed_actions as _allowed_actions,
    lifecycle_apply as _apply,
    lifecycle_parse_listing_row as parse_listing_row,
)
from .errors import LifecycleError


def allowed_actions(status: str, *, endpoint: str = "platform") -> set[str]:
    """The business actions ``status`` allows (the product's status table). ``publish`` may
    still be refused by its preconditions (see :func:`apply`)."""
    return set(_allowed_actions(status, endpoint=endpoint))


def apply(
    status: str,
    action: str,
    *,
    endpoint: str = "platform",
    has_validation_errors: bool = False,
    uses_endpoint: bool = False,
    endpoint_configured: bool = False,
    published_edits: bool = False,
) -> Transition:
    """Applies ``action`` to a flow in ``status``; returns the new ``status`` and the
    ``effects`` the host must carry out. Raises :class:`LifecycleError` whose ``.code`` names
    why the action is refused.

    Context: ``has_validation_errors`` (publishing needs none), ``uses_endpoint`` and
    ``endpoint_configured`` (an endpoint flow needs its URL to publish), ``published_edits``
    (Meta lets this published flow be edited; the edit moves it back to Draft)."""
    return _apply(
        status,
        action,
        endpoint=endpoint,
        has_validation_errors=has_validation_errors,
        uses_endpoint=uses_endpoint,
        endpoint_configured=endpoint_configured,
        published_edits=published_edits,
    )


__all__ = [
    "ACTIONS",
    "EFFECTS",
    "LifecycleError",
    "STATUSES",
    "Transition",
    "action_for_status_change",
    "allowed_actions",
    "apply",
    "parse_listing_row",
]

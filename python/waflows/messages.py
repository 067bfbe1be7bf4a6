"""Builders for the WhatsApp Cloud API bodies that carry a flow. Each returns a dict ready to
``json.dumps`` and POST; a broken rule raises :class:`MessageError` (``message_limit_exceeded``
or ``message_invalid_field``) or :class:`TemplateError`.

- :func:`template_creation_body`: ``POST /{WABA_ID}/message_templates`` with the FLOW button;
  body variables become ``{{1}}``, ``{{2}}``… in the order ``templates.variables(body)`` gives.
- :func:`template_send_body`: ``type: template`` with the flow button parameter
  (``flow_token``, ``flow_action_data``); ``body_parameters`` in that same order.
- :func:`flow_message`: the interactive flow message (``flow_message_version`` ``"3"``).
"""

from __future__ import annotations

from ._waflows import (
    messages_flow_message as flow_message,
    messages_template_creation_body as template_creation_body,
    messages_template_send_body as template_send_body,
)
from .errors import MessageError

__all__ = ["MessageError", "flow_message", "template_creation_body", "template_send_body"]

"""waflows: WhatsApp Flows for a messaging platform's backend, on a Rust core.

Quick start (the endpoint)::

    import waflows

    key = waflows.PrivateKey.from_pem(pem_bytes, password=b"...")   # once, share it
    req = key.decrypt_request(request_body)                         # DecryptionError -> 421
    if req.is_ping:
        return 200, req.respond_health()
    return 200, req.encrypt_response({"screen": "DONE", "data": {}})

Every failure raises a subclass of :class:`WaflowsError` with ``.code`` and ``.http_status``.
"""

from __future__ import annotations

from . import _waflows
from ._waflows import (
    Decision,
    FlowRequest,
    Forward,
    Reply,
    PrivateKey,
    Relay,
    __version__,
    error_codes,
    generate_key_pair,
    sign,
    verify_signature,
)
# media and the flows webhook
from ._waflows import FlowsEvent, flows_events
from .errors import (
    DecryptionError,
    FlowJsonInvalid,
    FlowJsonMalformed,
    FlowJsonTooLarge,
    FlowTokenExpired,
    FlowTokenSignatureInvalid,
    InternalError,
    InvalidArgument,
    InvalidFlowToken,
    InvalidKey,
    InvalidResponse,
    InvalidSignature,
    KeyGenerationError,
    LifecycleError,
    LimitExceeded,
    MalformedRequest,
    MessageError,
    PayloadError,
    RelayError,
    TemplateError,
    WaflowsError,
)
# media and the flows webhook
from .errors import FlowsWebhookError, MediaDownloadError, MediaError
from . import clevertap, media
from . import flow_json, ingest, lifecycle, messages, templates, testing, tokens
from .flow_json import Issue, Report, issue_codes, validate_flow_json
# endpoint
from .endpoint import Close, EndpointRequest, ErrorMessage, FlowEndpoint, FlowTokenNoLongerValid, NextScreen, WebhookEvent
from .errors import EndpointError
from .relay_http import RelayDriver, RelayResult, verify_forward_signature

RSA_BACKEND: str = _waflows.RSA_BACKEND

# preview
from ._waflows import preview
from .errors import PreviewError, SimulatorError

# simulator (branch sim)
from ._waflows import preview_trace, simulate

__all__ = [
    "Decision",
    "DecryptionError",
    "FlowJsonInvalid",
    "FlowJsonMalformed",
    "FlowJsonTooLarge",
    "FlowRequest",
    "FlowTokenExpired",
    "FlowTokenSignatureInvalid",
    "InternalError",
    "InvalidArgument",
    "InvalidFlowToken",
    "InvalidKey",
    "InvalidResponse",
    "InvalidSignature",
    "Issue",
    "KeyGenerationError",
    "LifecycleError",
    "LimitExceeded",
    "MalformedRequest",
    "MessageError",
    "PayloadError",
    "PrivateKey",
    "RSA_BACKEND",
    "Relay",
    "RelayError",
    "Report",
    "TemplateError",
    "WaflowsError",
    "__version__",
    "error_codes",
    "flow_json",
    "generate_key_pair",
    "ingest",
    "issue_codes",
    "lifecycle",
    "messages",
    "sign",
    "templates",
    "testing",
    "tokens",
    "validate_flow_json",
    "verify_signature",
    # endpoint
    "Close",
    "EndpointError",
    "EndpointRequest",
    "ErrorMessage",
    "FlowEndpoint",
    "FlowTokenNoLongerValid",
    "NextScreen",
    "WebhookEvent",
    "RelayDriver",
    "RelayResult",
    "verify_forward_signature",
    # shells-py: the two kinds of relay decision
    "Reply",
    "Forward",
    # media and the flows webhook
    "FlowsEvent",
    "FlowsWebhookError",
    "MediaDownloadError",
    "MediaError",
    "clevertap",
    "flows_events",
    "media",
    # preview
    "PreviewError",
    "SimulatorError",
    "preview",
    # simulator (branch sim)
    "preview_trace",
    "simulate",
]

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
    FlowRequest,
    PrivateKey,
    __version__,
    error_codes,
    generate_key_pair,
    sign,
    verify_signature,
)
from .errors import (
    DecryptionError,
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
    TemplateError,
    WaflowsError,
)
from . import testing
from ._waflows import Decision, Relay
from .errors import FlowTokenExpired, FlowTokenSignatureInvalid, PayloadError, RelayError
from . import ingest, tokens
from . import lifecycle, messages, templates

RSA_BACKEND: str = _waflows.RSA_BACKEND

__all__ = [
    "DecryptionError",
    "FlowRequest",
    "InternalError",
    "InvalidArgument",
    "InvalidFlowToken",
    "InvalidKey",
    "InvalidResponse",
    "InvalidSignature",
    "KeyGenerationError",
    "LifecycleError",
    "LimitExceeded",
    "MalformedRequest",
    "MessageError",
    "PrivateKey",
    "RSA_BACKEND",
    "TemplateError",
    "WaflowsError",
    "__version__",
    "error_codes",
    "generate_key_pair",
    "lifecycle",
    "messages",
    "sign",
    "templates",
    "testing",
    "verify_signature",
    "Decision",
    "FlowTokenExpired",
    "FlowTokenSignatureInvalid",
    "PayloadError",
    "Relay",
    "RelayError",
    "ingest",
    "tokens",
]

# Flow JSON validation (`waflows.flow_json`, `waflows validate FILE...`).
from .flow_json import Issue, Report, issue_codes, validate_flow_json  # noqa: E402
from . import flow_json  # noqa: E402

__all__ += ["Issue", "Report", "flow_json", "issue_codes", "validate_flow_json"]

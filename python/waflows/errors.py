"""The waflows exception tree.

Every exception carries ``.code`` (a stable snake_case string, the same name the C ABI's
``waflows_result_name`` returns) and ``.http_status`` (the status Meta's endpoint contract
expects, or ``None``). The classes are defined here, in Python, so that they can also derive
from the standard ``ValueError`` where that is what the failure is.
"""

from __future__ import annotations


class WaflowsError(Exception):
    """Base class of every waflows error."""

    code: str = "waflows_error"
    http_status: int | None = None

    def __init__(self, message: str = "", code: str | None = None) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code
        self.message = message


class InvalidArgument(WaflowsError, ValueError):
    """An argument is wrong because of the caller's code."""

    code = "invalid_argument"


class LimitExceeded(WaflowsError, ValueError):
    """An input exceeds a documented size or depth limit."""

    code = "limit_exceeded"


class MalformedRequest(WaflowsError, ValueError):
    """The request body is not Meta's encrypted envelope. Answer HTTP 400."""

    code = "malformed_request"
    http_status = 400


class DecryptionError(WaflowsError):
    """The request could not be decrypted. Never carries detail. Answer HTTP 421."""

    code = "decryption_failed"
    http_status = 421


class InvalidSignature(WaflowsError):
    """``X-Hub-Signature-256`` does not match any app secret. Answer HTTP 432."""

    code = "invalid_signature"
    http_status = 432


class InvalidFlowToken(WaflowsError):
    """The flow token was rejected. Answer HTTP 427."""

    code = "invalid_flow_token"
    http_status = 427


class InvalidResponse(WaflowsError, ValueError):
    """An encrypted response could not be decrypted (client side)."""

    code = "invalid_response"


class InvalidKey(WaflowsError, ValueError):
    """A key could not be loaded. ``.code`` says why: ``key_malformed``,
    ``key_password_required``, ``key_password_wrong``, ``key_is_public``,
    ``key_size_unsupported``, ``key_unsupported``."""

    code = "key_malformed"


class KeyGenerationError(WaflowsError):
    """Key generation failed."""

    code = "key_generation_failed"


class InternalError(WaflowsError):
    """A bug inside waflows (please report it)."""

    code = "panic"


class FlowJsonTooLarge(LimitExceeded):
    """A Flow JSON document is over Meta's 10 MiB limit (a bad document is otherwise a
    report, never an exception)."""

    code = "flow_json_too_large"


class FlowJsonMalformed(WaflowsError, ValueError):
    """Flow JSON could not be read into the flow model (not JSON, not an object, no screens)."""

    code = "flow_json_malformed"


_BY_CODE: dict[str, type[WaflowsError]] = {
    "invalid_argument": InvalidArgument,
    "null_parameter": InvalidArgument,
    "panic": InternalError,
    "limit_exceeded": LimitExceeded,
    "malformed_request": MalformedRequest,
    "decryption_failed": DecryptionError,
    "invalid_signature": InvalidSignature,
    "invalid_flow_token": InvalidFlowToken,
    "invalid_response": InvalidResponse,
    "key_malformed": InvalidKey,
    "key_password_required": InvalidKey,
    "key_password_wrong": InvalidKey,
    "key_is_public": InvalidKey,
    "key_size_unsupported": InvalidKey,
    "key_unsupported": InvalidKey,
    "key_generation_failed": KeyGenerationError,
    "flow_json_too_large": FlowJsonTooLarge,
    "flow_json_malformed": FlowJsonMalformed,
}


def _from_code(code: str, message: str) -> WaflowsError:
    """Called by the native module: builds the exception for an error code."""
    cls = _BY_CODE.get(code, WaflowsError)
    return cls(message, code)

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


class InvalidArgument(WaflowsError, ValueError, TypeError):
    """An argument is wrong because of the caller's code: a wrong value *or* a wrong type
    (so ``except ValueError`` and ``except TypeError`` both still catch it). The message names
    the argument and, inside a dict or list, the path (``response['data']['when']``)."""

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
    """A bug inside waflows (please report it): a result that could not be converted to
    Python. Not a code of ``error_codes()``: its ``code`` is ``"panic"``, the name the C
    library gives a caught bug."""

    code = "panic"


class FlowJsonTooLarge(LimitExceeded):
    """A Flow JSON document is over Meta's 10 MiB limit (a bad document is otherwise a
    report, never an exception)."""

    code = "flow_json_too_large"


class FlowJsonInvalid(WaflowsError, ValueError):
    """Raised only by ``Report.raise_for_issues()`` when a validated Flow JSON document has
    errors; ``.report`` is the report (validation itself never raises for a bad document)."""

    code = "flow_json_invalid"
    report = None


class FlowJsonMalformed(WaflowsError, ValueError):
    """Flow JSON could not be read into the flow model (not JSON, not an object, no screens)."""

    code = "flow_json_malformed"


class PayloadError(WaflowsError, ValueError):
    """Input to ingest is unusable: ``.code`` is ``invalid_payload`` (not a JSON object),
    ``invalid_webhook`` (not a messages webhook) or ``invalid_record`` (not an upload record)."""

    code = "invalid_payload"


class FlowTokenExpired(InvalidFlowToken):
    """The flow token is authentic but expired. Answer HTTP 427."""

    code = "flow_token_expired"


class FlowTokenSignatureInvalid(InvalidFlowToken):
    """Data API 4.0 ``flow_token_signature`` rejected. Answer HTTP 427."""

    code = "flow_token_signature_invalid"


class RelayError(WaflowsError):
    """A relay failure: ``relay_config_invalid`` (unusable Flow JSON), ``relay_continuation_used``
    (a decision resumed twice), or one of the codes reported in ``Decision.error_code``."""

    code = "relay_config_invalid"


class LifecycleError(WaflowsError):
    """A lifecycle action was refused, or a status/action name is unknown. ``.code`` says why:
    ``lifecycle_action_not_allowed``, ``lifecycle_validation_errors``,
    ``lifecycle_endpoint_missing``, ``lifecycle_platform_endpoint_required``,
    ``lifecycle_already_deprecated`` (safe to ignore), ``lifecycle_unknown_status``,
    ``lifecycle_unknown_action``."""

    code = "lifecycle_action_not_allowed"


class TemplateError(WaflowsError, ValueError):
    """A template cannot be used as asked. ``.code``: ``template_flow_not_published``,
    ``template_no_published_flow``, ``template_invalid``, ``template_variable_syntax``,
    ``template_variable_missing``."""

    code = "template_invalid"


class MessageError(WaflowsError, ValueError):
    """A message payload breaks a WhatsApp rule. ``.code``: ``message_limit_exceeded``,
    ``message_invalid_field``."""

    code = "message_invalid_field"


# endpoint
class EndpointError(WaflowsError):
    """An endpoint failure: ``endpoint_config_invalid`` (unusable configuration),
    ``endpoint_answer_invalid`` (an answer that is not of the documented form),
    ``endpoint_already_answered`` (a request answered twice), ``endpoint_handler_failed``,
    ``endpoint_body_too_large``."""

    code = "endpoint_config_invalid"
    _STATUS = {"endpoint_body_too_large": 413, "endpoint_handler_failed": 500}

    def __init__(self, message: str = "", code: str | None = None) -> None:
        super().__init__(message, code)
        self.http_status = self._STATUS.get(self.code)


_BY_CODE: dict[str, type[WaflowsError]] = {
    "invalid_argument": InvalidArgument,
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
    "invalid_payload": PayloadError,
    "invalid_webhook": PayloadError,
    "invalid_record": PayloadError,
    "flow_token_expired": FlowTokenExpired,
    "flow_token_signature_invalid": FlowTokenSignatureInvalid,
    "relay_config_invalid": RelayError,
    "relay_no_endpoint": RelayError,
    "relay_static_route_invalid": RelayError,
    "relay_customer_answer_invalid": RelayError,
    "relay_customer_timeout": RelayError,
    "relay_continuation_used": RelayError,
    "lifecycle_action_not_allowed": LifecycleError,
    "lifecycle_validation_errors": LifecycleError,
    "lifecycle_endpoint_missing": LifecycleError,
    "lifecycle_platform_endpoint_required": LifecycleError,
    "lifecycle_already_deprecated": LifecycleError,
    "lifecycle_unknown_status": LifecycleError,
    "lifecycle_unknown_action": LifecycleError,
    "template_flow_not_published": TemplateError,
    "template_no_published_flow": TemplateError,
    "template_invalid": TemplateError,
    "template_variable_syntax": TemplateError,
    "template_variable_missing": TemplateError,
    "message_limit_exceeded": MessageError,
    "message_invalid_field": MessageError,
    # endpoint
    "endpoint_body_too_large": EndpointError,
    "endpoint_answer_invalid": EndpointError,
    "endpoint_handler_failed": EndpointError,
    "endpoint_already_answered": EndpointError,
    "endpoint_config_invalid": EndpointError,
    "relay_customer_unreachable": RelayError,
}


class SimulatorError(WaflowsError, ValueError):
    """A flow could not be simulated as scripted. ``.code``: ``simulator_expression_invalid``,
    ``simulator_script_invalid``, ``simulator_limit_exceeded``, ``simulator_answer_invalid``,
    ``simulator_flow_unsupported``."""

    code = "simulator_script_invalid"


_BY_CODE.update(
    {
        "simulator_expression_invalid": SimulatorError,
        "simulator_script_invalid": SimulatorError,
        "simulator_limit_exceeded": SimulatorError,
        "simulator_answer_invalid": SimulatorError,
        "simulator_flow_unsupported": SimulatorError,
    }
)


class PreviewError(WaflowsError, ValueError):
    """The preview page cannot be rendered as asked. ``.code``: ``preview_screen_unknown``,
    ``preview_data_invalid``, ``preview_too_large``, ``preview_too_deep``."""

    code = "preview_screen_unknown"


_BY_CODE.update(
    {
        "preview_screen_unknown": PreviewError,
        "preview_data_invalid": PreviewError,
        "preview_too_large": PreviewError,
        "preview_too_deep": PreviewError,
    }
)


def _from_code(code: str, message: str) -> WaflowsError:
    """Called by the native module: builds the exception for an error code."""
    cls = _BY_CODE.get(code, WaflowsError)
    return cls(message, code)


# --- media decryption and the flows webhook ---


class MediaError(WaflowsError, ValueError):
    """A PhotoPicker/DocumentPicker file or its metadata is unusable. ``.code``:
    ``media_metadata_invalid``, ``media_too_large``, ``media_truncated``,
    ``media_encrypted_hash_mismatch``, ``media_hmac_mismatch``, ``media_padding_invalid``,
    ``media_plaintext_hash_mismatch``, ``media_reference_invalid``."""

    code = "media_metadata_invalid"


class MediaDownloadError(WaflowsError):
    """Downloading a media file failed (Python helper only): ``.status_code`` is the HTTP
    status, or ``None`` for a network error."""

    code = "media_download_failed"
    status_code: int | None = None


class FlowsWebhookError(WaflowsError, ValueError):
    """A ``flows`` webhook body is unusable. ``.code``: ``flows_webhook_malformed``, and in
    strict mode ``flows_webhook_unknown_event``, ``flows_webhook_unknown_field``,
    ``flows_webhook_invalid_field``."""

    code = "flows_webhook_malformed"


_BY_CODE.update(
    {
        "media_metadata_invalid": MediaError,
        "media_too_large": MediaError,
        "media_truncated": MediaError,
        "media_encrypted_hash_mismatch": MediaError,
        "media_hmac_mismatch": MediaError,
        "media_padding_invalid": MediaError,
        "media_plaintext_hash_mismatch": MediaError,
        "media_reference_invalid": MediaError,
        "flows_webhook_malformed": FlowsWebhookError,
        "flows_webhook_unknown_event": FlowsWebhookError,
        "flows_webhook_unknown_field": FlowsWebhookError,
        "flows_webhook_invalid_field": FlowsWebhookError,
    }
)

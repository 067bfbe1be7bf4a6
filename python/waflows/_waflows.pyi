# Type stubs for the native module waflows._waflows (hand-written; keep in step with src/python).
# Checked against the built module by `make lint` (mypy.stubtest). Every class is @final: a
# pyo3 class cannot be subclassed from Python.
from collections.abc import Callable
from typing import Any, ClassVar, Literal, final

from typing_extensions import disjoint_base

__all__ = [
    "__version__",
    "error_codes",
    "PrivateKey",
    "FlowRequest",
    "EncryptedRequest",
    "generate_key_pair",
    "verify_signature",
    "sign",
    "encrypt_request",
    "RSA_BACKEND",
    "Issue",
    "Report",
    "validate_flow_json",
    "issue_codes",
    "Problem",
    "Extraction",
    "WebhookIngest",
    "extract",
    "ingest_webhook",
    "records_from_webhook",
    "upload_bodies",
    "problem_codes",
    "FlowTokenClaims",
    "tokens_issue",
    "tokens_verify",
    "verify_flow_token_signature",
    "sign_flow_token_signature",
    "Relay",
    "Decision",
    "Reply",
    "Forward",
    "Transition",
    "lifecycle_apply",
    "lifecycle_allowed_actions",
    "lifecycle_action_for_status_change",
    "lifecycle_parse_listing_row",
    "LIFECYCLE_STATUSES",
    "LIFECYCLE_ACTIONS",
    "LIFECYCLE_EFFECTS",
    "TemplateProblem",
    "TemplateReport",
    "template_validate",
    "template_variables",
    "template_render",
    "template_check_sendable",
    "template_require_published_flow",
    "messages_template_creation_body",
    "messages_template_send_body",
    "messages_flow_message",
    "_config_fields",
]

__version__: str
RSA_BACKEND: str

# What `bytes_like` accepts.
_Bytes = bytes | bytearray | memoryview | str
# What `json_bytes` accepts: a dict or list (converted), or JSON text.
_Json = dict[str, Any] | list[Any] | bytes | bytearray | memoryview | str
# One secret, or a list/tuple of them (rotation). Only list and tuple are taken as "several":
# any other sequence is read as one secret and refused. The list[bytes] / list[str] members
# are there because list is invariant.
_Secrets = _Bytes | list[bytes] | list[str] | list[_Bytes] | tuple[_Bytes, ...]
# A token secret: its bytes (key id derived from them) or {"id": ..., "secret": ...} (explicit
# key id, for rotation).
_TokenSecret = _Bytes | dict[str, str | bytes]
_TokenSecrets = _TokenSecret | list[bytes] | list[str] | list[dict[str, str | bytes]] | list[_TokenSecret] | tuple[_TokenSecret, ...]
# The `default=` hook of the JSON conversions (as json.dumps takes).
_Default = Callable[[Any], Any]

def error_codes() -> list[tuple[str, int, int | None, str]]: ...

@final
class PrivateKey:
    @staticmethod
    def from_pem(pem: _Bytes, password: _Bytes | None = None) -> PrivateKey: ...
    @staticmethod
    def from_der(der: _Bytes) -> PrivateKey: ...
    def public_key_pem(self) -> str: ...
    @property
    def bits(self) -> int: ...
    def decrypt_request(self, body: _Bytes) -> FlowRequest: ...

@final
class FlowRequest:
    @property
    def action(self) -> str: ...
    @property
    def screen(self) -> str | None: ...
    @property
    def version(self) -> str | None: ...
    @property
    def flow_token(self) -> str | None: ...
    @property
    def flow_token_signature(self) -> str | None: ...
    @property
    def data(self) -> dict[str, Any] | None: ...
    @property
    def payload(self) -> dict[str, Any]: ...
    @property
    def raw(self) -> bytes: ...
    @property
    def is_ping(self) -> bool: ...
    @property
    def is_error_notification(self) -> bool: ...
    @property
    def error_key(self) -> str | None: ...
    @property
    def error_message(self) -> str | None: ...
    def encrypt_response(self, response: dict[str, Any] | _Bytes, *, default: _Default | None = None) -> str: ...
    def respond_health(self) -> str: ...
    def respond_error_ack(self) -> str: ...
    def respond_next_screen(
        self,
        screen: str,
        data: dict[str, Any] | None = None,
        error_message: str | None = None,
        *,
        default: _Default | None = None,
    ) -> str: ...
    def respond_close(self, params: dict[str, Any] | None = None, *, default: _Default | None = None) -> str: ...
    def respond_token_error(self, message: str) -> str: ...

def generate_key_pair(bits: int | None = None, password: _Bytes | None = None) -> tuple[str, str]: ...
def verify_signature(body: _Bytes, header: _Bytes | None, app_secret: _Secrets) -> None: ...
def sign(body: _Bytes, app_secret: _Bytes) -> str: ...

@final
class EncryptedRequest:
    @property
    def body(self) -> str: ...
    def decrypt_response(self, text: _Bytes) -> Any: ...

def encrypt_request(public_key_pem: _Bytes, payload: _Json) -> EncryptedRequest: ...

# --- ingestion (waflows.ingest) ---

@final
class Problem:
    @property
    def code(self) -> str: ...
    @property
    def clevertap_code(self) -> int | None: ...
    @property
    def key(self) -> str: ...
    @property
    def pointer(self) -> str: ...
    @property
    def message(self) -> str: ...
    @property
    def outcome(self) -> str: ...
    @property
    def value(self) -> Any: ...

@final
class Extraction:
    @property
    def event(self) -> dict[str, Any] | None: ...
    @property
    def profile(self) -> dict[str, Any] | None: ...
    @property
    def problems(self) -> list[Problem]: ...
    @property
    def rest(self) -> dict[str, Any]: ...
    def records(self, identity: str | None, ts: float | None = None) -> tuple[list[dict[str, Any]], list[Problem]]: ...

@final
class WebhookIngest:
    @property
    def records(self) -> list[dict[str, Any]]: ...
    @property
    def problems(self) -> list[Problem]: ...
    @property
    def completions(self) -> list[dict[str, Any]]: ...

def extract(payload: _Json, *, policy: str | None = None, coerce_subscription_booleans: bool | None = None) -> Extraction: ...
def ingest_webhook(
    body: _Json,
    *,
    policy: str | None = None,
    coerce_subscription_booleans: bool | None = None,
    identity_style: str | None = None,
    fallback_event: str | None = None,
) -> WebhookIngest: ...
def records_from_webhook(body: _Json) -> list[dict[str, Any]]: ...
def upload_bodies(records: list[dict[str, Any]] | tuple[dict[str, Any], ...] | _Bytes) -> list[str]: ...
def problem_codes() -> list[tuple[str, int | None]]: ...

# --- flow tokens (waflows.tokens) ---

@final
class FlowTokenClaims:
    @property
    def identity(self) -> str: ...
    @property
    def flow_id(self) -> str: ...
    @property
    def campaign_id(self) -> str | None: ...
    @property
    def expires_at(self) -> int: ...
    @property
    def key_id(self) -> str: ...

def tokens_issue(
    secret: _TokenSecret, *, identity: str, flow_id: str, expires_at: float, campaign_id: str | None = None
) -> str: ...
def tokens_verify(token: str, secrets: _TokenSecrets, *, now: float) -> FlowTokenClaims: ...
def verify_flow_token_signature(jwt: str, flow_token: str, app_secrets: _Secrets, *, now: float) -> None: ...
def sign_flow_token_signature(claims: dict[str, Any], app_secret: _Bytes) -> str: ...

# --- relay ---

@final
class Relay:
    # pyo3's #[new] is __new__ (there is no __init__ of its own). The keywords after
    # `password` are the keys of the core's relay configuration (None = default).
    def __new__(
        cls,
        flow_json: _Json,
        *,
        setup: str,
        private_key: PrivateKey | _Bytes,
        password: _Bytes | None = None,
        app_secrets: _Secrets | None = None,
        token_secrets: _TokenSecrets | None = None,
        flow_id: str | None = None,
        policy: str | None = None,
        coerce_subscription_booleans: bool | None = None,
        error_message: str | None = None,
        token_error_message: str | None = None,
    ) -> Relay: ...
    def handle(
        self, body: _Bytes, signature_header: _Bytes | None = None, *, now: float, identity: str | None = None
    ) -> Reply | Forward: ...
    @property
    def setup(self) -> str: ...

# A decision is a Reply (answer now) or a Forward (ask the customer endpoint, then resume).
# The base class holds every accessor; the subclasses narrow their types.
@disjoint_base
class Decision:
    @property
    def kind(self) -> Literal["reply", "forward"]: ...
    @property
    def status(self) -> int | None: ...
    @property
    def body(self) -> str: ...
    @property
    def reply_kind(self) -> str | None: ...
    @property
    def screen(self) -> str | None: ...
    @property
    def forward_json(self) -> str | None: ...
    @property
    def records(self) -> list[dict[str, Any]]: ...
    @property
    def problems(self) -> list[Problem]: ...
    @property
    def identity(self) -> str | None: ...
    @property
    def error_code(self) -> str | None: ...
    @property
    def error_message(self) -> str | None: ...
    @property
    def notification(self) -> dict[str, Any] | None: ...
    @property
    def dropped_keys(self) -> list[str]: ...
    def resume(self, customer_status: int | None, customer_body: _Json | None = None) -> Reply: ...
    def timeout(self) -> Reply: ...

@final
class Reply(Decision):
    @property
    def kind(self) -> Literal["reply"]: ...
    @property
    def status(self) -> int: ...
    @property
    def reply_kind(self) -> str: ...
    @property
    def forward_json(self) -> None: ...

@final
class Forward(Decision):
    @property
    def kind(self) -> Literal["forward"]: ...
    @property
    def status(self) -> None: ...
    @property
    def reply_kind(self) -> None: ...
    @property
    def forward_json(self) -> str: ...

# --- lifecycle -------------------------------------------------------------------------------
LIFECYCLE_STATUSES: list[str]
LIFECYCLE_ACTIONS: list[str]
LIFECYCLE_EFFECTS: list[str]

@final
class Transition:
    # pyclass(eq): compared by value, and therefore not hashable.
    def __eq__(self, value: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]
    @property
    def status(self) -> str: ...
    @property
    def effects(self) -> list[str]: ...

def lifecycle_apply(
    status: str,
    action: str,
    *,
    endpoint: str = "platform",
    has_validation_errors: bool = False,
    uses_endpoint: bool = False,
    endpoint_configured: bool = False,
    published_edits: bool = False,
) -> Transition: ...
def lifecycle_allowed_actions(status: str, *, endpoint: str = "platform") -> set[str]: ...
def lifecycle_action_for_status_change(old: str, new: str) -> str | None: ...
def lifecycle_parse_listing_row(data: _Json) -> dict[str, Any]: ...

# --- templates -------------------------------------------------------------------------------
@final
class TemplateProblem:
    @property
    def code(self) -> str: ...
    @property
    def severity(self) -> str: ...
    @property
    def field(self) -> str: ...
    @property
    def message(self) -> str: ...

@final
class TemplateReport:
    @property
    def ok(self) -> bool: ...
    @property
    def problems(self) -> list[TemplateProblem]: ...
    @property
    def codes(self) -> list[str]: ...
    def to_json(self) -> str: ...
    def raise_for_problems(self) -> None: ...
    def __len__(self) -> int: ...

def template_validate(template: _Json, *, flow_status: str, flow_json: _Json | None = None) -> TemplateReport: ...
def template_variables(text: str) -> list[str]: ...
def template_render(text: str, profile: dict[str, str], *, missing: str = "error") -> str: ...
def template_check_sendable(flow_status: str) -> None: ...
def template_require_published_flow(statuses: list[str]) -> None: ...

# --- messages --------------------------------------------------------------------------------
def messages_template_creation_body(template: _Json) -> dict[str, Any]: ...
def messages_template_send_body(
    *,
    to: str,
    template_name: str,
    language: str,
    button_index: int | None = None,
    flow_token: str | None = None,
    flow_action_data: dict[str, Any] | None = None,
    body_parameters: list[str] | None = None,
) -> dict[str, Any]: ...
def messages_flow_message(
    *,
    to: str,
    body: str,
    flow_cta: str,
    flow_id: str | None = None,
    flow_name: str | None = None,
    header: str | None = None,
    footer: str | None = None,
    flow_token: str | None = None,
    mode: str = "published",
    flow_action: str = "navigate",
    screen: str | None = None,
    data: dict[str, Any] | None = None,
    data_encoding: str = "object",
) -> dict[str, Any]: ...

# --- Flow JSON validation -----------------------------------------------------------------

@final
class Issue:
    @property
    def code(self) -> str: ...
    @property
    def severity(self) -> str: ...
    @property
    def message(self) -> str: ...
    @property
    def pointer(self) -> str: ...
    @property
    def path(self) -> tuple[str | int, ...]: ...
    @property
    def meta_path(self) -> str: ...
    @property
    def line(self) -> int: ...
    @property
    def column(self) -> int: ...
    @property
    def end_line(self) -> int: ...
    @property
    def end_column(self) -> int: ...
    @property
    def also(self) -> list[str]: ...

@final
class Report:
    @property
    def ok(self) -> bool: ...
    @property
    def issues(self) -> list[Issue]: ...
    @property
    def errors(self) -> list[Issue]: ...
    @property
    def warnings(self) -> list[Issue]: ...
    @property
    def version(self) -> str | None: ...
    @property
    def truncated(self) -> bool: ...
    def to_json(self) -> str: ...
    def to_meta_validation_errors(self) -> list[dict[str, Any]]: ...
    def raise_for_issues(self) -> None: ...
    def __len__(self) -> int: ...
    def __bool__(self) -> bool: ...

def validate_flow_json(
    text: _Json,
    *,
    mode: str = "builder",
    for_publish: bool = False,
    strict: bool = False,
    max_issues: int | None = None,
) -> Report: ...
def issue_codes() -> list[dict[str, str | None]]: ...

# --- parity (tests) -----------------------------------------------------------------------
def _config_fields(name: str) -> list[str]: ...

# --- preview ------------------------------------------------------------------------------
def preview(
    flow_json: _Json,
    screen: str | None = None,
    data: dict[str, dict[str, Any]] | None = None,
    storyboard: bool | None = None,
) -> str: ...

"""Parity (issue 8, item 2): every option of the core's configuration types, and every field of
its structured outputs, reaches Python and C.

The option lists come from the core itself (`_config_fields`, which asks each type's serde
`Deserialize` for the keys it reads), so a key added to the core fails this test until both
surfaces carry it: Python as a keyword argument of the function that takes the configuration,
C as a key named in the header comment of the export that reads the configuration JSON.
"""

from __future__ import annotations

import inspect
import json
import pathlib
import re

import pytest

import waflows
from waflows import _waflows, ingest

ROOT = pathlib.Path(__file__).resolve().parents[2]
HEADER = (ROOT / "include" / "waflows.h").read_text()

# configuration type -> (the Python callable taking its keys as keywords, the C export reading
# its JSON)
SURFACES = {
    "relay": (waflows.Relay, "waflows_relay_new"),
    "extract": (ingest.extract, "waflows_ingest_extract"),
    "ingest_webhook": (ingest.ingest_webhook, "waflows_ingest_webhook"),
    # endpoint (issue 9): FlowEndpoint takes each key as a keyword; the core binding
    # (_waflows.Endpoint) takes the same keys as its `config` dict (test below).
    "endpoint": (waflows.FlowEndpoint, "waflows_flow_endpoint_new"),
    "validate": (waflows.validate_flow_json, "waflows_flow_json_validate_with"),
}


def c_doc(function: str) -> str:
    """The `//` comment block right above a C declaration in include/waflows.h, followed by
    the declaration itself (a key may also be a parameter of its own, as `policy` is)."""
    m = re.search(rf"((?://[^\n]*\n)+)([^\n;]*\b{function}\([^;]*;)", HEADER)
    assert m, f"{function} is not declared in include/waflows.h"
    return m.group(1) + m.group(2)


def c_has(function: str, key: str) -> bool:
    doc = c_doc(function)
    return f'"{key}"' in doc or re.search(rf"\b{key}\s*[,)]", doc) is not None


def python_keywords(fn) -> set[str]:
    return set(inspect.signature(fn).parameters)


def cases():
    for name in SURFACES:
        for field in _waflows._config_fields(name):
            yield name, field


def test_the_core_lists_its_configuration_keys():
    assert _waflows._config_fields("relay")[0] == "setup"
    assert "identity_style" in _waflows._config_fields("ingest_webhook")
    assert _waflows._config_fields("validate") == ["mode", "for_publish", "strict", "max_issues"]
    with pytest.raises(waflows.InvalidArgument):
        _waflows._config_fields("nope")


@pytest.mark.parametrize(("config", "field"), list(cases()))
def test_every_option_reaches_python(config, field):
    fn, _ = SURFACES[config]
    assert field in python_keywords(fn), f"{fn.__qualname__} has no keyword {field!r}"


def c_case(config: str, field: str):
    return pytest.param(config, field, id=f"{config}-{field}")


@pytest.mark.parametrize(("config", "field"), [c_case(c, f) for c, f in cases()])
def test_every_option_reaches_c(config, field):
    _, export = SURFACES[config]
    assert c_has(export, field), f"{export} takes no key or parameter {field!r}"


COMPLETION_WEBHOOK = {
    "object": "whatsapp_business_account",
    "entry": [
        {
            "changes": [
                {
                    "field": "messages",
                    "value": {
                        "messages": [
                            {
                                "from": "1",
                                "id": "w",
                                "timestamp": "1",
                                "type": "interactive",
                                "interactive": {
                                    "type": "nfm_reply",
                                    "nfm_reply": {"response_json": json.dumps({"flow_token": "T"})},
                                },
                            }
                        ]
                    },
                }
            ]
        }
    ],
}


def completion_fields() -> list[str]:
    (c,) = ingest.ingest_webhook(COMPLETION_WEBHOOK).completions
    return list(c)


@pytest.mark.parametrize(("config", "field"), [c_case("completion", f) for f in completion_fields()])
def test_completion_output_fields_reach_c(config, field):
    assert c_has("waflows_ingest_webhook", field)


def test_completion_output_is_the_core_serialisation():
    # Python's completions come from the core's Serialize, so the key set is the core's.
    assert completion_fields() == [
        "message_id",
        "identity",
        "wa_id",
        "user_id",
        "flow_token",
        "ts",
        "pointer",
        "response",
    ]


@pytest.mark.parametrize("field", _waflows._config_fields("endpoint"))
def test_every_endpoint_option_is_read_by_the_core_binding(field):
    # The key is accepted (an unknown one raises endpoint_config_invalid) and reaches the core:
    # a wrongly typed value is refused by the core's own serde reader.
    pem = (ROOT / "tests" / "fixtures" / "keys" / "private_pkcs8.pem").read_bytes()
    with pytest.raises(waflows.EndpointError) as e:
        _waflows.Endpoint(pem, config={field: {"not": "a valid value"}})
    assert e.value.code == "endpoint_config_invalid"
    assert field in str(e.value) or "invalid type" in str(e.value)
    with pytest.raises(waflows.EndpointError):
        _waflows.Endpoint(pem, config={field + "_typo": None})


# The decision, as C's `waflows_decision_to_json` and Python's `Decision.to_dict()` give it: both
# are the core's serialisation, so the keys are listed once, here, and checked on both sides.
DECISION_FIELDS = [
    "kind",
    "status",
    "reply_kind",
    "screen",
    "records",
    "problems",
    "identity",
    "error",
    "notification",
    "dropped_keys",
]


def health_decision():
    fixtures = ROOT / "tests" / "fixtures"
    relay = waflows.Relay(
        (fixtures / "relay" / "bus_booking.flow.json").read_bytes(),
        setup="platform",
        private_key=(fixtures / "keys" / "private_pkcs8.pem").read_bytes(),
    )
    # Not the envelope: a 400 reply with its error.
    return relay.handle(b"{}", now=1)


def test_decision_to_dict_is_the_core_serialisation():
    d = health_decision()
    got = d.to_dict()
    assert list(got) == DECISION_FIELDS
    # The same values as the typed accessors.
    assert (got["kind"], got["status"], got["reply_kind"]) == (d.kind, d.status, d.reply_kind)
    assert got["status"] == 400
    assert got["error"] == {"code": d.error_code, "message": d.error_message}
    assert got["records"] == d.records and got["dropped_keys"] == d.dropped_keys


@pytest.mark.parametrize("field", DECISION_FIELDS)
def test_decision_fields_reach_c(field):
    assert f'"{field}"' in c_doc("waflows_decision_to_json")


# --- The same inputs through the C library and through Python give the same outputs ----------
#
# The header comments above say which keys C reads; these tests call the C library itself
# (target/release/libwaflows.so, built by `make lib`, which `make test` runs before the Python
# tests) through ctypes with the same configuration and compare the outputs field by field.

import ctypes  # noqa: E402

LIB = ROOT / "target" / "release" / "libwaflows.so"
FIXTURES = ROOT / "tests" / "fixtures"
_P = ctypes.c_void_p


@pytest.fixture(scope="module")
def clib():
    if not LIB.exists():
        pytest.skip("the C library is not built (make lib)")
    lib = ctypes.CDLL(str(LIB))
    buf = [ctypes.c_char_p, ctypes.c_size_t]
    for name, args in {
        "waflows_ingest_extract": buf + buf + [ctypes.POINTER(_P)],
        "waflows_ingest_webhook": buf + buf + [ctypes.POINTER(_P)],
        "waflows_flow_json_validate_with": buf + buf + [ctypes.POINTER(_P)],
        "waflows_report_to_json": [_P, ctypes.POINTER(_P)],
        "waflows_relay_new": buf + buf + buf + buf + [ctypes.POINTER(_P)],
        "waflows_relay_handle": [_P] + buf + buf + [ctypes.c_uint64] + buf + [ctypes.POINTER(_P)],
        "waflows_decision_to_json": [_P, ctypes.POINTER(_P)],
    }.items():
        fn = getattr(lib, name)
        fn.argtypes, fn.restype = args, ctypes.c_uint32
    lib.waflows_bytes_data.argtypes, lib.waflows_bytes_data.restype = [_P], ctypes.c_void_p
    lib.waflows_bytes_len.argtypes, lib.waflows_bytes_len.restype = [_P], ctypes.c_size_t
    for name in ("waflows_bytes_free", "waflows_report_free", "waflows_relay_free", "waflows_decision_free"):
        getattr(lib, name).argtypes, getattr(lib, name).restype = [_P], None
    return lib


def c_text(lib, handle: _P) -> str:
    try:
        return ctypes.string_at(lib.waflows_bytes_data(handle), lib.waflows_bytes_len(handle)).decode()
    finally:
        lib.waflows_bytes_free(handle)


def c_json_call(lib, fn: str, data: bytes, options: dict | None):
    opts = None if options is None else json.dumps(options).encode()
    out = _P()
    rc = getattr(lib, fn)(data, len(data), opts, 0 if opts is None else len(opts), ctypes.byref(out))
    assert rc == 0, f"{fn} returned {rc}"
    return json.loads(c_text(lib, out))


WEBHOOK_OPTIONS = [
    None,
    {"identity_style": "plus_prefixed", "fallback_event": "Flow Done"},
    {"policy": "keep_and_warn", "coerce_subscription_booleans": False},
    {"policy": "drop_record"},
]


@pytest.mark.parametrize("options", WEBHOOK_OPTIONS)
def test_webhook_ingestion_is_the_same_in_c_and_python(clib, options):
    body = (FIXTURES / "ingest" / "mixed_webhook.json").read_bytes()
    c = c_json_call(clib, "waflows_ingest_webhook", body, options)
    py = ingest.ingest_webhook(body, **(options or {}))
    assert c["completions"] == py.completions
    assert c["records"] == py.records
    assert [(p["code"], p["pointer"], p["outcome"]) for p in c["problems"]] == [
        (p.code, p.pointer, p.outcome) for p in py.problems
    ]


@pytest.mark.parametrize("options", [None, {"policy": "drop_record"}, {"policy": "keep_and_warn", "coerce_subscription_booleans": False}])
def test_extraction_is_the_same_in_c_and_python(clib, options):
    payload = {"next_screen": "B", "ct-evt": {"evtName": "Stay Feedback", "evtData": {"rating": "5"}},
               "ct-up": {"Name": "Jay", "Phone": "12345", "MSG-sms": "false"}}
    c = c_json_call(clib, "waflows_ingest_extract", json.dumps(payload).encode(), options)
    py = ingest.extract(payload, **(options or {}))
    assert (c["event"], c["profile"], c["rest"]) == (py.event, py.profile, py.rest)
    assert [p["code"] for p in c["problems"]] == [p.code for p in py.problems]


@pytest.mark.parametrize(
    "options", [None, {"mode": "everything"}, {"strict": True, "for_publish": True}, {"mode": "everything", "max_issues": 1}]
)
def test_validation_is_the_same_in_c_and_python(clib, options):
    text = (FIXTURES / "flow_json" / "cases" / "INVALID_SCREEN_DYNAMIC_DATA--number-expression-in-string-strict--fail" / "flow.json").read_bytes()
    report = _P()
    opts = None if options is None else json.dumps(options).encode()
    assert clib.waflows_flow_json_validate_with(text, len(text), opts, 0 if opts is None else len(opts), ctypes.byref(report)) == 0
    out = _P()
    try:
        assert clib.waflows_report_to_json(report, ctypes.byref(out)) == 0
    finally:
        clib.waflows_report_free(report)
    assert json.loads(c_text(clib, out)) == json.loads(waflows.validate_flow_json(text, **(options or {})).to_json())


@pytest.mark.parametrize("body", [b"{}", b"not json", json.dumps({"encrypted_flow_data": "", "encrypted_aes_key": "", "initial_vector": ""}).encode()])
def test_decision_is_the_same_in_c_and_python(clib, body):
    flow = (FIXTURES / "relay" / "bus_booking.flow.json").read_bytes()
    pem = (FIXTURES / "keys" / "private_pkcs8.pem").read_bytes()
    config = {"setup": "platform", "token_secrets": [{"id": "k2026", "secret": "parity-secret-0123456789"}], "policy": "keep_and_warn"}
    cfg = json.dumps(config).encode()
    relay, decision, out = _P(), _P(), _P()
    assert clib.waflows_relay_new(flow, len(flow), pem, len(pem), None, 0, cfg, len(cfg), ctypes.byref(relay)) == 0
    try:
        assert clib.waflows_relay_handle(relay, body, len(body), None, 0, 1_764_000_000, None, 0, ctypes.byref(decision)) == 0
        assert clib.waflows_decision_to_json(decision, ctypes.byref(out)) == 0
        clib.waflows_decision_free(decision)
    finally:
        clib.waflows_relay_free(relay)
    c = json.loads(c_text(clib, out))
    py = waflows.Relay(flow, private_key=pem, **config).handle(body, now=1_764_000_000).to_dict()
    assert c == py
    assert c["status"] == 400 and c["error"]["code"] == py["error"]["code"]

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
}

# Gaps of the C surface that the C side (branch shells-a) is closing. Not strict: once closed,
# the case passes and its entry should be deleted here.
C_PENDING = {
    ("relay", "coerce_subscription_booleans"),
    ("extract", "coerce_subscription_booleans"),
    ("ingest_webhook", "coerce_subscription_booleans"),
    ("ingest_webhook", "identity_style"),
    ("ingest_webhook", "fallback_event"),
    ("completion", "response"),
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
    with pytest.raises(waflows.InvalidArgument):
        _waflows._config_fields("nope")


@pytest.mark.parametrize(("config", "field"), list(cases()))
def test_every_option_reaches_python(config, field):
    fn, _ = SURFACES[config]
    assert field in python_keywords(fn), f"{fn.__qualname__} has no keyword {field!r}"


def c_case(config: str, field: str):
    marks = [pytest.mark.xfail(strict=False, reason="C gap being closed on shells-a")] if (config, field) in C_PENDING else []
    return pytest.param(config, field, marks=marks, id=f"{config}-{field}")


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

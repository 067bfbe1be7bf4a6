#!/usr/bin/env python3
"""Writes the small seed corpus of every fuzz target into fuzz/corpus/<target>/.

Sources: the test fixtures (keys, vectors, webhooks, templates, relay flows), a size-capped
selection of Flow JSON cases, and an optional folder of real published flows given with
--flows DIR. Each seed's file name is the SHA-1 of its bytes (libFuzzer's convention), so
re-running is idempotent. Run from the repository root: python3 fuzz/make_seeds.py [--flows DIR]
"""
import argparse
import base64
import hashlib
import json
import pathlib
import random

ROOT = pathlib.Path(__file__).resolve().parent.parent
FIX = ROOT / "tests" / "fixtures"
OUT = ROOT / "fuzz" / "corpus"
MAX_SEED = 16 * 1024  # keep the corpus lean


def put(target: str, data: bytes) -> None:
    if len(data) > MAX_SEED:
        return
    d = OUT / target
    d.mkdir(parents=True, exist_ok=True)
    (d / hashlib.sha1(data).hexdigest()).write_bytes(data)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--flows", type=pathlib.Path, help="folder of real Flow JSON files")
    args = ap.parse_args()
    rng = random.Random(13)

    vec = json.loads((FIX / "vectors" / "waflows_generated_vectors.json").read_text())
    for c in vec["cases"]:
        put("request_decrypt", json.dumps(c["request_body"]).encode()
            if not isinstance(c["request_body"], str) else c["request_body"].encode())
        put("request_plaintext", c["expected_request_plaintext_utf8"].encode())
    for c in vec["negative_cases"]:
        body = c["request_body"]
        put("request_decrypt", (body if isinstance(body, str) else json.dumps(body)).encode())
    for c in vec["signature_cases"]:
        put("signature", c["app_secret"].encode() + c["x_hub_signature_256"].encode()
            + c["raw_body_utf8"].encode())
    for p in [
        b'{"version":"3.0","action":"ping"}',
        b'{"version":"3.0","action":"INIT","screen":"","flow_token":"t","data":{}}',
        b'{"version":"3.0","action":"data_exchange","screen":"A","flow_token":"t",'
        b'"data":{"error":"invalid-screen-transition","error_message":"x"}}',
        b'{"version":"3.0","action":"data_exchange","screen":"A","flow_token":"t",'
        b'"data":{"next_screen":"B","ct-evt":{"evtName":"Tapped","evtData":{"a":1}},'
        b'"ct-up":{"Email":"a@b.c"}}}',
    ]:
        put("request_plaintext", p)

    for pem in sorted((FIX / "keys").glob("*.pem")):
        data = pem.read_bytes()
        put("key_load", b"\x00" + data)
        put("key_load", b"\x01waflows-test\x00" + data)
        put("key_load", b"\x03" + data)
        if (b"BEGIN PRIVATE KEY" in data or b"BEGIN RSA PRIVATE KEY" in data) and b"ENCRYPTED" not in data:
            body = b"".join(l for l in data.splitlines() if not l.startswith(b"-----"))
            put("key_load", b"\x02" + base64.b64decode(body))

    for name in ["mixed_webhook.json"]:
        put("ingest", b"\x01" + (FIX / "ingest" / name).read_bytes())
    hooks = json.loads((FIX / "vectors" / "pywa_flow_completion_webhooks.json").read_text())
    for body in hooks.values():
        put("ingest", b"\x01" + json.dumps(body).encode())
    put("ingest", b'\x00{"ct-evt":{"evtName":"Booked","evtData":{"seats":2,"when":"$D_1764000000"}},'
        b'"ct-up":{"Name":"Ana","MSG-whatsapp":true,"tags":["a","b"]}}')
    put("ingest", b'\x00{"ct-evt":"{\\"evtName\\":\\"X\\"}","ct-up":"{\\"Phone\\":\\"+1555\\"}"}')
    put("ingest", b'\x02[{"type":"event","identity":"1","ts":1764000000,"evtName":"X","evtData":{}}]')

    for t in ["signature", "tokens", "relay", "relay_rsa", "lifecycle"]:
        for n in (8, 64, 256, 1024):
            put(t, bytes(rng.randrange(256) for _ in range(n)))
    put("tokens", b"w1.abc.def" + b'{"flow_token":"t"}' + b"\x00" * 16)

    flows = [p for p in sorted((FIX / "relay").glob("*.flow.json"))]
    cases = sorted((FIX / "flow_json" / "cases").glob("*/flow.json"))
    flows += cases[:: max(1, len(cases) // 40)]  # every n-th case: about 40 of them
    if args.flows:
        real = sorted(args.flows.glob("*.json"), key=lambda p: p.stat().st_size)
        flows += real[:15]
    for i, f in enumerate(flows):
        data = f.read_bytes()
        put("flow_json", bytes([i % 32]) + data)
        if f.parent.name == "relay":
            put("flow_json", b"\x10" + data)
        if i % 4 == 0:
            put("json_tree", data)
    for t in [b'{"a": 1, "b": [true, false, null], "a": -0}', b'[1e400, 0.1, 18446744073709551616]',
              b'"\\ud83d\\ude00 \\u00e9 \\t"', b'{"a": 1,}', b'[01]', b'  {"k" : "v\\"" }  x']:
        put("json_tree", t)

    for t in sorted((FIX / "templates").glob("*.json")):
        put("templates", b"\x00" + t.read_bytes())
        put("templates", b"\x81" + t.read_bytes())
    put("messages", b'\x00{"to": "15551234567", "template_name": "stay_feedback", "language": "en_US",'
        b' "flow_token": "stay-42", "flow_action_data": {"booking_id": "B-1001"}}')
    put("messages", b'\x01{"to": "15551234567", "body": "Rate your stay", "flow_id": "1234567890",'
        b' "flow_cta": "Rate", "flow_token": "stay-42", "screen": "WELCOME", "data": {"hotel": "Casa Azul"}}')
    put("lifecycle", b"\x00\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00\x07PUBLISHED\x07publish"
        b'{"id":"1","name":"n","status":"DRAFT"}')

    # media: mode, flip_at (LE u16), flip_with, then text NUL file.
    photo = (FIX / "media" / "kat.jpg").read_bytes()
    put("media", b"\x00\x00\x00\x00" + b"\x00" + photo)
    put("media", b"\x00\x05\x00\x01" + b"\x00" + photo)
    put("media", b"\x02\x30\x00\x80" + b"\x00" + b"a short document")
    meta = (FIX / "media" / "kat_metadata.json").read_bytes()
    put("media", b"\x01\x00\x00\x00" + meta + b"\x00" + (FIX / "media" / "kat.enc").read_bytes())
    upload = {"media_id": "1", "cdn_url": "https://cdn.example/f", "file_name": "p.jpg",
              "encryption_metadata": json.loads(meta)}
    put("media", b"\x03\x00\x00\x00" + json.dumps({"data": {"photos": [upload]}}).encode()
        + b"\x00" + (FIX / "media" / "kat.enc").read_bytes())

    for hook in sorted((FIX / "webhooks").glob("*.json")):
        put("flows_webhook", hook.read_bytes())

    # preview: mode (bit 0 storyboard, bit 1 a screen), flow, optional NUL + data.
    for i, f in enumerate(flows[:30]):
        put("preview", bytes([i % 4]) + f.read_bytes())
    put("preview", b"\x00" + (FIX / "relay" / "hotel_feedback.flow.json").read_bytes()
        + b'\x00{"recommend": "<script>alert(1)</script>", "comment": "javascript:alert(1)"}')

    # simulator: pick (even: a relay fixture, index pick >> 1), script NUL answers NUL flow.
    scripts = [
        {"steps": [{"fill": {"recommend": "0_Yes", "comment": "great"}}, {"tap": "footer"},
                   {"back": True}, {"tap": "footer"}], "now": 1764000000},
        {"steps": [{"tap": "footer"}]},
        {"start": {"action": "data_exchange"}, "steps": [{"tap": "footer"}]},
    ]
    answers = [{"screen": "RATE", "data": {"recommend": "Yes", "comment": "ok"}},
               {"screen": "SUCCESS", "data": {"extension_message_response": {"params": {"a": 1}}}}]
    for pick in range(0, 8, 2):
        for sc in scripts:
            put("simulator", bytes([pick]) + json.dumps(sc).encode() + b"\x00"
                + json.dumps(answers).encode())
    for f in flows[:10]:
        put("simulator", b"\x01" + json.dumps(scripts[0]).encode() + b"\x00[]\x00" + f.read_bytes())


if __name__ == "__main__":
    main()

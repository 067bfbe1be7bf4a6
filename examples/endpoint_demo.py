"""waflows.FlowEndpoint end to end: a FastAPI app with the endpoint mounted at /flows/, served
by uvicorn on 127.0.0.1, answering an independent client, and its webhook receiving the
flow's completion.

The client plays WhatsApp with nothing but `cryptography`: it encrypts each request with the
endpoint's public key (RSA-OAEP-SHA256 + AES-128-GCM) and decrypts the answer with the flipped
IV. It opens the flow, answers the first screen, closes the flow, then Meta's webhook verifies
the subscription and delivers the completion (``nfm_reply``), signed with the app secret.
Everything stops by itself.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import http.client
import json
import os
import socket
import threading
import time

import uvicorn
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from fastapi import FastAPI

import waflows

APP_SECRET = "demo-app-secret"
VERIFY_TOKEN = "demo-verify-token"
FLOW = {
    "version": "7.0",
    "routing_model": {"ASK_NAME": ["THANKS"], "THANKS": []},
    "screens": [
        {"id": "ASK_NAME", "data": {}},
        {"id": "THANKS", "terminal": True, "data": {"greeting": {"type": "string"}}},
    ],
}

# --- the app (what a user writes) ----------------------------------------------------------------

private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
PRIVATE_PEM = private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
COMPLETIONS: list[dict] = []

endpoint = waflows.FlowEndpoint(
    private_key=PRIVATE_PEM,
    app_secrets=[APP_SECRET],
    flow_json=FLOW,
    verify_token=VERIFY_TOKEN,
    on_completion=COMPLETIONS.append,
)


@endpoint.on("INIT")
async def start(request: waflows.EndpointRequest) -> waflows.NextScreen:
    return waflows.NextScreen("ASK_NAME", {})


@endpoint.on("data_exchange", screen="ASK_NAME")
def ask_name(request: waflows.EndpointRequest) -> waflows.NextScreen:
    return waflows.NextScreen("THANKS", {"greeting": f"Thanks, {request.data.get('name', 'friend')}!"})


@endpoint.on("data_exchange", screen="THANKS")
def thanks(request: waflows.EndpointRequest) -> waflows.Close:
    return waflows.Close({"status": "done"})


app = FastAPI()
app.mount("/flows", endpoint.asgi())

# --- the independent client (WhatsApp and Meta's webhook) --------------------------------------

OAEP = padding.OAEP(mgf=padding.MGF1(algorithm=hashes.SHA256()), algorithm=hashes.SHA256(), label=None)
PUBLIC = private.public_key()


def sign(body: bytes) -> str:
    return "sha256=" + hmac.new(APP_SECRET.encode(), body, hashlib.sha256).hexdigest()


def call(port: int, method: str, path: str, body: bytes | None = None, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        r = conn.getresponse()
        return r.status, r.read()
    finally:
        conn.close()


def phone(port: int, payload: dict) -> dict:
    key, iv = os.urandom(16), os.urandom(16)
    body = json.dumps(
        {
            "encrypted_flow_data": base64.b64encode(AESGCM(key).encrypt(iv, json.dumps(payload).encode(), None)).decode(),
            "encrypted_aes_key": base64.b64encode(PUBLIC.encrypt(key, OAEP)).decode(),
            "initial_vector": base64.b64encode(iv).decode(),
        }
    ).encode()
    status, text = call(port, "POST", "/flows/", body, {"Content-Type": "application/json", "X-Hub-Signature-256": sign(body)})
    assert status == 200, status
    flipped = bytes(b ^ 0xFF for b in iv)
    answer = json.loads(AESGCM(key).decrypt(flipped, base64.b64decode(text), None))
    print(f"  phone → {payload['action']:<13} {payload.get('screen', ''):<9} ← {json.dumps(answer)}")
    return answer


def completion_webhook(flow_token: str, response: dict) -> bytes:
    message = {
        "from": "919876543210",
        "id": "wamid.demo",
        "timestamp": str(int(time.time())),
        "type": "interactive",
        "interactive": {"type": "nfm_reply", "nfm_reply": {"name": "flow", "body": "Sent", "response_json": json.dumps({"flow_token": flow_token, **response})}},
    }
    value = {"messaging_product": "whatsapp", "contacts": [{"wa_id": "919876543210", "profile": {"name": "Asha"}}], "messages": [message]}
    return json.dumps({"object": "whatsapp_business_account", "entry": [{"id": "WABA", "changes": [{"field": "messages", "value": value}]}]}).encode()


def main() -> None:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    thread = threading.Thread(target=lambda: asyncio.run(server.serve(sockets=[sock])), daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.02)
    try:
        print(f"FastAPI + uvicorn on 127.0.0.1:{port}, waflows.FlowEndpoint mounted at /flows/")
        assert phone(port, {"version": "3.0", "action": "ping"}) == {"data": {"status": "active"}}
        assert phone(port, {"version": "3.0", "action": "INIT", "flow_token": "demo-token"})["screen"] == "ASK_NAME"
        answer = phone(port, {"version": "3.0", "action": "data_exchange", "screen": "ASK_NAME", "flow_token": "demo-token", "data": {"name": "Asha"}})
        assert answer == {"screen": "THANKS", "data": {"greeting": "Thanks, Asha!"}}
        closed = phone(port, {"version": "3.0", "action": "data_exchange", "screen": "THANKS", "flow_token": "demo-token", "data": {}})
        assert closed["data"]["extension_message_response"]["params"] == {"status": "done", "flow_token": "demo-token"}
        status, _ = call(port, "POST", "/flows/", b'{"encrypted_flow_data": 1}', {"Content-Type": "application/json"})
        print(f"  unsigned junk                   ← HTTP {status}")
        assert status == 432
        status, challenge = call(port, "GET", f"/flows/?hub.mode=subscribe&hub.verify_token={VERIFY_TOKEN}&hub.challenge=31337")
        print(f"  webhook verification            ← HTTP {status} {challenge.decode()}")
        assert (status, challenge) == (200, b"31337")
        body = completion_webhook("demo-token", {"status": "done"})
        status, _ = call(port, "POST", "/flows/", body, {"Content-Type": "application/json", "X-Hub-Signature-256": sign(body)})
        print(f"  webhook completion              ← HTTP {status}; on_completion got {len(COMPLETIONS)}:")
        assert status == 200 and len(COMPLETIONS) == 1 and COMPLETIONS[0]["flow_token"] == "demo-token"
        print("   ", json.dumps(COMPLETIONS[0]))
    finally:
        server.should_exit = True
        thread.join(30)
    print("endpoint demo: OK")


if __name__ == "__main__":
    main()

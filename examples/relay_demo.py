"""waflows relay end to end: the platform endpoint relays a flow to a customer endpoint.

Two standard-library HTTP servers run on 127.0.0.1: the platform endpoint (what Meta calls; it
uses ``waflows.Relay`` for every decision and only moves bytes) and a small customer endpoint
(the business logic of the product document's weather/age flow). A "phone" plays WhatsApp:
it opens the flow, picks "Check my age" with a ``ct-evt`` and a ``ct-up`` in the payload, then
tries a token that has expired. The completion arrives by webhook. The CleverTap records
collected on the way are printed as the upload bodies. Everything stops by itself.
"""

from __future__ import annotations

import http.client
import json
import pathlib
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import waflows

ROOT = pathlib.Path(__file__).resolve().parents[1]
FLOW_JSON = (ROOT / "tests/fixtures/relay/weather_age.flow.json").read_bytes()
APP_SECRET = b"demo-app-secret"
TOKEN_SECRET = b"demo-token-secret-0123456789"
NOW = 1_764_000_000  # a fixed clock keeps the output deterministic
USER = "919876543210"

PRIVATE_PEM, PUBLIC_PEM = waflows.generate_key_pair(2048)
RELAY = waflows.Relay(
    FLOW_JSON,
    setup="platform+customer",
    private_key=PRIVATE_PEM,
    app_secrets=[APP_SECRET],
    token_secrets=[TOKEN_SECRET],
    flow_id="weather_age",
)
RECORDS: list[dict] = []
CUSTOMER_URL: tuple[str, int] = ("127.0.0.1", 0)


def post(addr: tuple[str, int], body: str | bytes, headers: dict[str, str], timeout: float = 2.0) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection(addr[0], addr[1], timeout=timeout)
    conn.request("POST", "/", body=body, headers=headers)
    resp = conn.getresponse()
    data = resp.read()
    conn.close()
    return resp.status, data


class Customer(BaseHTTPRequestHandler):
    """The business's own endpoint: plain JSON in, plain JSON out."""

    def do_POST(self) -> None:  # noqa: N802
        req = json.loads(self.rfile.read(int(self.headers.get("Content-Length", "0"))))
        data = req.get("data") or {}
        if req.get("action") == "INIT":
            answer = {"screen": "WELCOME", "data": {"name": "Jay", "toDisplay": "Hi Jay! What would you like?"}}
        elif data.get("option") == "1_Check_my_age":
            answer = {"screen": "YOUR_AGE", "data": {"name": "Jay", "age": "20", "toDisplay": "You look 20, Jay"}}
        else:
            answer = {"screen": "WEATHER", "data": {"name": "Jay", "toDisplay": "Which city?"}}
        out = json.dumps(answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(out)))
        self.end_headers()
        self.wfile.write(out)

    def log_message(self, *args) -> None:
        pass


class Platform(BaseHTTPRequestHandler):
    """The platform endpoint Meta calls: every decision is waflows'."""

    def do_POST(self) -> None:  # noqa: N802
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        decision = RELAY.handle(body, self.headers.get("X-Hub-Signature-256"), now=NOW)
        RECORDS.extend(decision.records)
        if decision.kind == "forward":
            try:
                status, answer = post(CUSTOMER_URL, decision.forward_json, {"Content-Type": "application/json"})
                decision = decision.resume(status, answer)
            except OSError:
                decision = decision.timeout()
        if decision.error_code:
            print(f"   platform log: {decision.reply_kind} ({decision.error_code}: {decision.error_message})")
        out = decision.body.encode()
        self.send_response(decision.status)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(out)))
        self.end_headers()
        self.wfile.write(out)

    def log_message(self, *args) -> None:
        pass


def serve(handler) -> ThreadingHTTPServer:
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main() -> None:
    global CUSTOMER_URL
    customer, platform = serve(Customer), serve(Platform)
    CUSTOMER_URL = customer.server_address
    print(f"waflows {waflows.__version__}: platform endpoint and customer endpoint on 127.0.0.1\n")
    token = waflows.tokens.issue(TOKEN_SECRET, identity=USER, flow_id="weather_age", expires_at=NOW + 7 * 86400)
    expired = waflows.tokens.issue(TOKEN_SECRET, identity=USER, flow_id="weather_age", expires_at=NOW - 60)
    steps = [
        ("INIT", {"version": "3.0", "action": "INIT", "flow_token": token, "data": {}}),
        ("Check my age", {"version": "3.0", "action": "data_exchange", "screen": "WELCOME", "flow_token": token,
                          "data": {"option": "1_Check_my_age", "next_screen": "WEATHER",
                                   "ct-evt": {"evtName": "Option Chosen", "evtData": {"option": "1_Check_my_age"}},
                                   "ct-up": {"Name": "Jay", "Email": "jay@example.com", "Phone": "+919876543210"}}}),
        ("expired token", {"version": "3.0", "action": "data_exchange", "screen": "WELCOME", "flow_token": expired,
                           "data": {"option": "0_Check_weather_of_the_city"}}),
    ]
    try:
        for name, payload in steps:
            phone = waflows.testing.encrypt_request(PUBLIC_PEM, payload)
            status, text = post(platform.server_address, phone.body,
                                {"Content-Type": "application/json",
                                 "X-Hub-Signature-256": waflows.sign(phone.body, APP_SECRET)})
            shown = json.dumps(phone.decrypt_response(text)) if text else "(empty body)"
            print(f"phone -> {name:<14} HTTP {status}  {shown}")
    finally:
        platform.shutdown()
        customer.shutdown()
        platform.server_close()
        customer.server_close()

    # The user taps "Continue" on YOUR_AGE: `complete` reaches the platform by webhook.
    completion = {"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [{"field": "messages", "value": {
        "contacts": [{"profile": {"name": "Jay"}, "wa_id": USER}],
        "messages": [{"from": USER, "id": "wamid.demo", "timestamp": str(NOW + 30), "type": "interactive",
                      "interactive": {"type": "nfm_reply", "nfm_reply": {"name": "flow", "body": "Sent",
                          "response_json": json.dumps({"flow_token": token, "age": "20", "name": "Jay",
                              "ct-evt": {"evtName": "Age Predicted", "evtData": {"age": "20"}}})}}}]}}]}]}
    RECORDS.extend(waflows.ingest.records_from_webhook(json.dumps(completion)))

    print("\nCleverTap upload bodies (POST https://<region>.api.clevertap.com/1/upload):")
    for body in waflows.ingest.upload_bodies(RECORDS):
        print(json.dumps(json.loads(body), indent=2, ensure_ascii=False))
    print("\nrelay demo finished: both endpoints have stopped.")


if __name__ == "__main__":
    main()

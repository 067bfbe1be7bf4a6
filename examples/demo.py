"""waflows end to end: a WhatsApp Flows endpoint on 127.0.0.1 and a client that plays WhatsApp.

The endpoint is a standard-library HTTP server that uses waflows to check the signature,
decrypt, answer and encrypt. The "phone" encrypts ping, INIT, data_exchange and a tampered
request with the endpoint's public key, posts them, and prints what came back. It stops by
itself.
"""

from __future__ import annotations

import http.client
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import waflows

APP_SECRET = b"demo-app-secret"

# The business's key pair (a real deployment loads its PEM once at start-up).
PRIVATE_PEM, PUBLIC_PEM = waflows.generate_key_pair(2048, password=b"demo-passphrase")
KEY = waflows.PrivateKey.from_pem(PRIVATE_PEM, password=b"demo-passphrase")


def answer(req: waflows.FlowRequest) -> str:
    """The business logic: pick the next screen."""
    if req.is_ping:
        return req.respond_health()
    if req.is_error_notification:
        return req.respond_error_ack()
    if req.action == "INIT":
        return req.respond_next_screen("WELCOME", {"greeting": "Hello from waflows"})
    if req.action == "data_exchange" and req.screen == "WELCOME":
        city = (req.data or {}).get("city", "")
        return req.respond_close({"city": city, "weather": "Rain expected this morning"})
    return req.respond_next_screen(req.screen or "WELCOME", {}, error_message="Unknown step")


class Endpoint(BaseHTTPRequestHandler):
    def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        try:
            waflows.verify_signature(body, self.headers.get("X-Hub-Signature-256"), APP_SECRET)
            req = KEY.decrypt_request(body)
            status, text = 200, answer(req)
        except waflows.WaflowsError as e:
            status, text = e.http_status or 500, ""
        payload = text.encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args) -> None:  # keep the demo output readable
        pass


def post(port: int, body: str, signature: str) -> tuple[int, str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("POST", "/", body=body, headers={"Content-Type": "application/json", "X-Hub-Signature-256": signature})
    resp = conn.getresponse()
    text = resp.read().decode()
    conn.close()
    return resp.status, text


def main() -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Endpoint)
    port = server.server_address[1]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"waflows {waflows.__version__} ({waflows.RSA_BACKEND}) endpoint on 127.0.0.1:{port}\n")

    requests = [
        ("ping", {"version": "3.0", "action": "ping"}),
        ("INIT", {"version": "3.0", "action": "INIT", "flow_token": "tok-42", "screen": "", "data": {}}),
        ("data_exchange", {"version": "3.0", "action": "data_exchange", "flow_token": "tok-42",
                           "screen": "WELCOME", "data": {"city": "London"}}),
    ]
    try:
        for name, payload in requests:
            phone = waflows.testing.encrypt_request(PUBLIC_PEM, payload)
            status, text = post(port, phone.body, waflows.sign(phone.body, APP_SECRET))
            print(f"phone -> {name:<14} HTTP {status}  {json.dumps(phone.decrypt_response(text))}")

        phone = waflows.testing.encrypt_request(PUBLIC_PEM, requests[1][1])
        tampered = json.loads(phone.body)
        flow_data = tampered["encrypted_flow_data"]
        tampered["encrypted_flow_data"] = ("B" if flow_data[0] == "A" else "A") + flow_data[1:]
        body = json.dumps(tampered)
        status, text = post(port, body, waflows.sign(body, APP_SECRET))
        print(f"phone -> {'tampered':<14} HTTP {status}  (body {text!r}: WhatsApp refreshes the key and retries)")

        status, text = post(port, phone.body, waflows.sign(phone.body, b"someone-else"))
        print(f"phone -> {'bad signature':<14} HTTP {status}  (body {text!r})")
    finally:
        server.shutdown()
        server.server_close()
    print("\ndemo finished: the endpoint answered every request and has stopped.")


if __name__ == "__main__":
    main()

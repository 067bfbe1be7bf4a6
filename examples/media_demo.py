"""Media + flows webhook + CleverTap demo (issue 10), deterministic, everything on 127.0.0.1:

1. a PhotoPicker upload arrives in a data_exchange payload; its encrypted file (pywa's known-answer
   vector) is served by a local "CDN", downloaded with httpx and decrypted;
2. a `flows` webhook with a latency alert and a throttling status change is parsed into typed
   events, and the status change is applied to the flow's lifecycle;
3. the completion's records go to a local fake CleverTap upload API that first answers 429, then
   rejects one record: the uploader retries and returns the rejected record with its reason.

Run from the repository root: `python examples/media_demo.py`."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import http.server
import json
import pathlib
import threading

import waflows

ROOT = pathlib.Path(__file__).resolve().parents[1]
KAT = json.loads((ROOT / "tests/fixtures/vectors/pywa_media_upload_decrypt_kat.json").read_text())
CDN_FILE = base64.b64decode(KAT["cdn_file_base64"])


class Local(http.server.BaseHTTPRequestHandler):
    uploads = 0

    def do_GET(self) -> None:  # noqa: N802  (the CDN)
        self._send(200, CDN_FILE)

    def do_POST(self) -> None:  # noqa: N802  (CleverTap's /1/upload)
        batch = json.loads(self.rfile.read(int(self.headers["Content-Length"])))["d"]
        Local.uploads += 1
        if Local.uploads == 1:
            return self._send(429, b"")
        reply = {"status": "partial", "processed": len(batch) - 1, "unprocessed": [
            {"status": "fail", "code": 515, "error": "Email value is invalid", "record": batch[-1]}]}
        self._send(200, json.dumps(reply).encode())

    def _send(self, status: int, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def main() -> None:
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Local)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{srv.server_address[1]}"
    try:
        print("== media (PhotoPicker)")
        payload = {"version": "3.0", "action": "data_exchange", "screen": "RECEIPT", "flow_token": "tok",
                   "data": {"receipt": [{"file_name": "receipt.jpg", "media_id": "790012",
                                         "cdn_url": f"{base}/m/790012.enc",
                                         "encryption_metadata": KAT["encryption_metadata"]}]}}
        (upload,) = waflows.media.media_uploads(payload)
        image = asyncio.run(waflows.media.download_and_decrypt(upload))
        is_jpeg = image[:3] == b"\xff\xd8\xff"
        print(f"  {upload.pointer}: {upload.file_name} ({len(CDN_FILE)} encrypted bytes)"
              f" -> {len(image)} bytes, JPEG={is_jpeg},"
              f" sha256={hashlib.sha256(image).hexdigest()[:16]}…")
        try:
            upload.decrypt(CDN_FILE[:-1] + b"\x00")
        except waflows.MediaError as e:
            print(f"  tampered file refused: [{e.code}]")

        print("== flows webhook")
        body = json.dumps({"object": "whatsapp_business_account", "entry": [{"id": "104996122399160",
            "time": 1700000200, "changes": [
                {"field": "flows", "value": {"event": "ENDPOINT_LATENCY", "flow_id": "2015925505495025",
                    "message": "The Flow endpoint latency has reached the 1s threshold in the last 30 minutes.",
                    "alert_state": "ACTIVATED", "threshold": 1000, "p50_latency": 450,
                    "p90_latency": 1300, "requests_count": 2100}},
                {"field": "flows", "value": {"event": "FLOW_STATUS_CHANGE", "flow_id": "2015925505495025",
                    "message": "Flow Booking changed status from PUBLISHED to THROTTLED",
                    "old_status": "PUBLISHED", "new_status": "THROTTLED"}}]}]})
        for ev in waflows.flows_events(body):
            if ev.alert_state is not None:
                print(f"  {ev.event} {ev.alert_state} flow={ev.flow_id} p90={ev.p90_latency:.0f} ms"
                      f" (threshold {ev.threshold:.0f} ms, {ev.requests_count} requests)")
            if ev.lifecycle_action is not None:
                t = waflows.lifecycle.apply(ev.old_status, ev.lifecycle_action)
                print(f"  {ev.event} {ev.old_status} -> {ev.new_status}: lifecycle '{ev.lifecycle_action}'"
                      f" -> {t.status}, effects: {', '.join(t.effects)}")

        print("== CleverTap upload")
        records = [
            {"type": "event", "identity": "972987654321", "ts": 1700000000, "evtName": "Receipt Uploaded",
             "evtData": {"file_name": upload.file_name, "media_id": upload.media_id}},
            {"type": "profile", "identity": "972987654321", "profileData": {"Email": "not-an-email"}},
        ]
        slept: list[float] = []
        up = waflows.clevertap.Uploader("W9R-486-4W5Z", "passcode", "in1", base_url=base, sleep=slept.append)
        result = up.upload(records)
        print(f"  {result.bodies} body, {result.attempts} attempts (backoff {slept}), processed={result.processed}")
        for f in result.failed:
            print(f"  not accepted: {f.record['type']} for {f.record['identity']}: [{f.outcome} {f.code}] {f.reason}")
    finally:
        srv.shutdown()
        srv.server_close()


if __name__ == "__main__":
    main()

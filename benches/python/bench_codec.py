"""waflows vs the `cryptography`-based way peers run Meta's endpoint crypto, measured side by
side in one run (interleaved rounds, best-of), single-threaded and with two threads.

    make bench-python        (or: .venv/bin/python benches/python/bench_codec.py)
"""

from __future__ import annotations

import json
import pathlib
import statistics
import sys
import threading
import time

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bindings-tests" / "python"))

import reference  # noqa: E402  (the independent cryptography implementation)
import waflows  # noqa: E402

PEM = (ROOT / "tests/fixtures/keys/private_pkcs8.pem").read_bytes()
PEM_ENC = (ROOT / "tests/fixtures/keys/private_pkcs8_aes256.pem").read_bytes()
PUBLIC = (ROOT / "tests/fixtures/keys/public_spki.pem").read_bytes()
PAYLOAD = {"version": "3.0", "action": "data_exchange", "screen": "WELCOME", "flow_token": "tok",
           "data": {"city": "London", "ct-evt": {"evtName": "City", "evtData": {"city": "London"}}}}
RESPONSE = {"screen": "RESULT", "data": {"weather": "Rain expected this morning"}}
BODY = waflows.testing.encrypt_request(PUBLIC, PAYLOAD).body
BODY_DICT = json.loads(BODY)

OURS = waflows.PrivateKey.from_pem(PEM)
THEIRS = reference.load_private_key(PEM)


def ours_round_trip() -> str:
    req = OURS.decrypt_request(BODY)
    return req.encrypt_response(RESPONSE)


def reference_round_trip() -> str:
    # What peers do: parse the JSON body, decrypt, handle, encrypt.
    payload, key, iv = reference.decrypt_request(THEIRS, json.loads(BODY))
    return reference.encrypt_response(RESPONSE, key, iv)


def per_call(fn, n: int) -> float:
    t = time.perf_counter()
    for _ in range(n):
        fn()
    return (time.perf_counter() - t) / n


def throughput(fn, threads: int, n_each: int) -> float:
    barrier = threading.Barrier(threads + 1)

    def work():
        barrier.wait()
        for _ in range(n_each):
            fn()

    ts = [threading.Thread(target=work) for _ in range(threads)]
    for t in ts:
        t.start()
    barrier.wait()
    start = time.perf_counter()
    for t in ts:
        t.join()
    return threads * n_each / (time.perf_counter() - start)


def main() -> None:
    rounds, n = 7, 300
    ours, theirs = [], []
    for _ in range(rounds):  # interleaved, so drift hits both equally
        ours.append(per_call(ours_round_trip, n))
        theirs.append(per_call(reference_round_trip, n))
    o, t = min(ours), min(theirs)
    print(f"round trip, 1 thread   waflows {o * 1e6:8.1f} µs   cryptography {t * 1e6:8.1f} µs   ratio {o / t:.3f}")
    print(f"  (medians: {statistics.median(ours) * 1e6:.1f} µs vs {statistics.median(theirs) * 1e6:.1f} µs)")

    one = max(throughput(ours_round_trip, 1, 400) for _ in range(3))
    two = max(throughput(ours_round_trip, 2, 400) for _ in range(3))
    ref_two = max(throughput(reference_round_trip, 2, 400) for _ in range(3))
    print(f"throughput             waflows 1 thread {one:7.0f}/s, 2 threads {two:7.0f}/s (x{two / one:.2f});"
          f" cryptography 2 threads {ref_two:7.0f}/s")

    for name, pem, pw in [("pkcs8", PEM, None), ("pkcs8 PBES2 AES-256", PEM_ENC, b"waflows-test")]:
        ol = min(per_call(lambda: waflows.PrivateKey.from_pem(pem, pw), 50) for _ in range(3))
        tl = min(per_call(lambda: reference.load_private_key(pem, pw), 5) for _ in range(3))
        print(f"key load {name:<20} waflows {ol * 1e3:6.2f} ms   cryptography {tl * 1e3:6.2f} ms")


if __name__ == "__main__":
    main()

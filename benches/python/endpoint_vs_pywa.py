"""waflows' ASGI endpoint vs pywa's flow handler, side by side under uvicorn + FastAPI, driven by
a light asyncio client (raw HTTP/1.1 keep-alive; every answer decrypted and checked).

    python benches/python/endpoint_vs_pywa.py [--seconds 10] [--connections 32] [--rounds 2]

Needs fastapi, uvicorn, pywa and cryptography next to waflows. Prints requests/s, p50/p99
latency, server CPU per request (utime+stime of the uvicorn processes over the load window),
and the RSA-OAEP unwrap alone measured in the same run. Bounded: every load window stops by
itself; servers are stopped at the end. Binds 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import os
import pathlib
import socket
import statistics
import subprocess
import sys
import tempfile
import time

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

HERE = pathlib.Path(__file__).resolve().parent
OAEP = padding.OAEP(mgf=padding.MGF1(algorithm=hashes.SHA256()), algorithm=hashes.SHA256(), label=None)
EXPECTED = {"screen": "DONE", "data": {"greeting": "Hello"}}
TICK = os.sysconf("SC_CLK_TCK")
APPS_ASGI = ("waflows_app", "waflows_bare", "pywa_app")  # pywa last: the ratios are against it
APPS_WSGI = ("waflows_wsgi", "pywa_wsgi")


def proc_cpu(pid: int) -> float:
    """utime+stime of `pid` and its children still alive, in seconds."""
    total = 0.0
    for p in pathlib.Path("/proc").iterdir():
        if not p.name.isdigit():
            continue
        try:
            stat = (p / "stat").read_text()
        except OSError:
            continue
        f = stat.rsplit(")", 1)[1].split()
        ppid, ut, st = int(f[1]), int(f[11]), int(f[12])
        if int(p.name) == pid or ppid == pid:
            total += (ut + st) / TICK
    return total


def make_requests(public, n: int) -> list[tuple[bytes, bytes, bytes]]:
    out = []
    payload = json.dumps({"version": "3.0", "action": "data_exchange", "screen": "START", "flow_token": "T", "data": {"n": 1}}).encode()
    for _ in range(n):
        key, iv = os.urandom(16), os.urandom(16)
        body = json.dumps(
            {
                "encrypted_flow_data": base64.b64encode(AESGCM(key).encrypt(iv, payload, None)).decode(),
                "encrypted_aes_key": base64.b64encode(public.encrypt(key, OAEP)).decode(),
                "initial_vector": base64.b64encode(iv).decode(),
            }
        ).encode()
        head = f"POST /flow/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n".encode()
        out.append((head + body, key, bytes(b ^ 0xFF for b in iv)))
    return out


async def connection(port: int, reqs, deadline: float, lat: list[float], errors: list[str], offset: int) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    i = offset
    try:
        while time.monotonic() < deadline:
            raw, key, flipped = reqs[i % len(reqs)]
            i += 1
            t0 = time.perf_counter()
            writer.write(raw)
            head = await reader.readuntil(b"\r\n\r\n")
            length = 0
            for line in head.split(b"\r\n"):
                if line[:15].lower() == b"content-length:":
                    length = int(line[15:])
            body = await reader.readexactly(length)
            lat.append(time.perf_counter() - t0)
            status = int(head.split(b" ", 2)[1])
            answer = json.loads(AESGCM(key).decrypt(flipped, base64.b64decode(body), None)) if status == 200 else {}
            # pywa adds the request's "version" to its answers; the screen and data must match.
            if status != 200 or {k: answer.get(k) for k in EXPECTED} != EXPECTED:
                errors.append(f"{status} {body[:80]!r}")
    finally:
        writer.close()


async def load(port: int, reqs, seconds: float, conns: int) -> tuple[list[float], list[str]]:
    lat: list[float] = []
    errors: list[str] = []
    deadline = time.monotonic() + seconds
    await asyncio.gather(*(connection(port, reqs, deadline, lat, errors, k * 7) for k in range(conns)))
    return lat, errors


def free_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def start(app: str, workers: int, key_path: str) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    if app.endswith("_wsgi"):
        cmd = [sys.executable, "-m", "waitress", "--host=127.0.0.1", f"--port={port}", f"--threads={4 * workers}",
               "--call", f"endpoint_apps:{app}"]
    else:
        cmd = [sys.executable, "-m", "uvicorn", f"endpoint_apps:{app}", "--factory", "--host", "127.0.0.1", "--port",
               str(port), "--workers", str(workers), "--log-level", "warning", "--no-access-log"]
    proc = subprocess.Popen(cmd, cwd=HERE, env={**os.environ, "WAFLOWS_BENCH_KEY": key_path})
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return proc, port
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError(f"{app} did not start")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=10)
    ap.add_argument("--connections", type=int, default=32)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--workers", default="1,2")
    ap.add_argument("--wsgi", action="store_true", help="waitress + Flask instead of uvicorn + FastAPI (threads = 4 x workers)")
    args = ap.parse_args()

    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    reqs = make_requests(private.public_key(), 512)
    wrapped = [base64.b64decode(json.loads(r[0].split(b"\r\n\r\n", 1)[1])["encrypted_aes_key"]) for r in reqs[:300]]
    c0 = time.process_time()
    for w in wrapped:
        private.decrypt(w, OAEP)
    rsa_us = (time.process_time() - c0) / len(wrapped) * 1e6

    import cryptography
    import fastapi
    import pywa
    import uvicorn
    import waflows

    print(f"python {sys.version.split()[0]}, waflows {waflows.__version__} ({waflows.RSA_BACKEND}), pywa {pywa.__version__}, "
          f"fastapi {fastapi.__version__}, uvicorn {uvicorn.__version__}, cryptography {cryptography.__version__}")
    print(f"RSA-OAEP-SHA256 unwrap alone (cryptography, 2048-bit): {rsa_us:.0f} µs CPU")
    print(f"client: asyncio raw HTTP/1.1 keep-alive, {args.connections} connections, {args.seconds:.0f} s per run, every answer decrypted and checked")
    results: dict[tuple[str, int], list[tuple[float, float, float, float]]] = {}
    with tempfile.NamedTemporaryFile(suffix=".pem") as kf:
        kf.write(pem)
        kf.flush()
        for rnd in range(args.rounds):
            for workers in [int(w) for w in args.workers.split(",")]:
                for app in APPS_WSGI if args.wsgi else APPS_ASGI:
                    proc, port = start(app, workers, kf.name)
                    try:
                        asyncio.run(load(port, reqs, 1.0, 4))  # warm up
                        cpu0 = proc_cpu(proc.pid)
                        lat, errors = asyncio.run(load(port, reqs, args.seconds, args.connections))
                        cpu = proc_cpu(proc.pid) - cpu0
                    finally:
                        proc.terminate()
                        proc.wait(30)
                    if errors:
                        raise SystemExit(f"{app}: {len(errors)} bad answers, first: {errors[0]}")
                    n = len(lat)
                    lat.sort()
                    row = (n / args.seconds, statistics.median(lat) * 1e3, lat[int(n * 0.99)] * 1e3, cpu / n * 1e6)
                    results.setdefault((app, workers), []).append(row)
                    print(f"round {rnd} {app:<12} workers={workers}: {row[0]:7.0f} req/s  p50 {row[1]:6.1f} ms  p99 {row[2]:6.1f} ms  "
                          f"server CPU {row[3]:5.0f} µs/req", flush=True)
    print("\nratios (waflows / pywa, same round):")
    for workers in [int(w) for w in args.workers.split(",")]:
        apps = APPS_WSGI if args.wsgi else APPS_ASGI
        for ours in apps[:-1]:
            for k, (a, b) in enumerate(zip(results[(ours, workers)], results[(apps[-1], workers)])):
                print(f"  {ours:<12} workers={workers} round {k}: req/s {a[0] / b[0]:.2f}x, p99 {a[2] / b[2]:.2f}x, "
                      f"CPU/req {a[3] / b[3]:.2f}x; CPU/req = {a[3] / rsa_us:.2f}x the RSA unwrap")
    for app in APPS_WSGI if args.wsgi else APPS_ASGI:
        if len([int(w) for w in args.workers.split(",")]) > 1 and (app, 1) in results and (app, 2) in results:
            one = statistics.mean(r[0] for r in results[(app, 1)])
            two = statistics.mean(r[0] for r in results[(app, 2)])
            print(f"  {app:<12} 2 workers / 1 worker: {two / one:.2f}x")


if __name__ == "__main__":
    main()

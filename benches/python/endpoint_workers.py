"""Does a second uvicorn worker double the endpoint's throughput? waflows' ASGI app (bare, as in
endpoint_vs_pywa.py) under uvicorn with 1 and 2 workers, with uvicorn's fast stack (httptools +
uvloop, what ``uvicorn[standard]`` installs) and its plain one (h11 + asyncio, plain
``uvicorn``), side by side in each round, driven by a light Rust client.

    cargo build --release --example load_client
    python benches/python/endpoint_workers.py [--seconds 8] [--connections 32] [--rounds 3]
    (or: make bench-endpoint-workers)

The client (examples/load_client.rs) costs ~30–50 µs of CPU per request (thread switches
included) where a Python client costs 100 µs – 1 ms, so on a 2-core machine the second worker
gets most of the CPU it needs. Every
answer is decrypted with the request's own key and checked. Prints requests/s, p50/p99, server
CPU per request (utime+stime of the uvicorn processes, from /proc, over the load window), the
time those processes waited for a CPU (runnable, but other jobs ran; schedstat), the client's
own CPU per request, the load average, and the RSA-OAEP unwrap alone measured in the
same run. Bounded: each load window stops by itself, servers are stopped. 127.0.0.1 only.
Needs uvicorn, httptools, uvloop, fastapi and cryptography next to waflows.
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import statistics
import subprocess
import sys
import tempfile
import time

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from endpoint_vs_pywa import OAEP, free_port, proc_cpu

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parents[1]
CLIENT = ROOT / "target" / "release" / "examples" / "load_client"
STACKS = {
    "httptools+uvloop": ("httptools", "uvloop"),
    "h11+asyncio": ("h11", "asyncio"),
    # Diagnostics (--stacks): which half of the plain stack costs what.
    "h11+uvloop": ("h11", "uvloop"),
    "httptools+asyncio": ("httptools", "asyncio"),
}
DEFAULT_STACKS = "httptools+uvloop,h11+asyncio"


def proc_wait(pid: int) -> float:
    """Seconds the threads of `pid` and its children spent runnable but waiting for a CPU
    (/proc/<pid>/task/<tid>/schedstat, second field): how much the machine's other jobs took."""
    total = 0
    for p in pathlib.Path("/proc").iterdir():
        if not p.name.isdigit():
            continue
        try:
            ppid = int((p / "stat").read_text().rsplit(")", 1)[1].split()[1])
            if int(p.name) != pid and ppid != pid:
                continue
            for t in (p / "task").iterdir():
                total += int((t / "schedstat").read_text().split()[1])
        except (OSError, ValueError, IndexError):
            continue
    return total / 1e9


def start(stack: str, workers: int, key_path: str, app: str) -> tuple[subprocess.Popen[bytes], int]:
    import socket

    http, loop = STACKS[stack]
    port = free_port()
    cmd = [sys.executable, "-m", "uvicorn", f"endpoint_apps:{app}", "--factory", "--host", "127.0.0.1", "--port",
           str(port), "--workers", str(workers), "--http", http, "--loop", loop, "--log-level", "warning",
           "--no-access-log"]
    proc = subprocess.Popen(cmd, cwd=HERE, env={**os.environ, "WAFLOWS_BENCH_KEY": key_path})
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            time.sleep(0.5 if workers > 1 else 0.1)  # let every worker come up
            return proc, port
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError(f"uvicorn ({stack}, {workers} workers) did not start")


def client(port: int, public_path: str, seconds: float, connections: int) -> dict[str, float]:
    out = subprocess.run(
        [str(CLIENT), "--port", str(port), "--public-key", public_path, "--seconds", str(seconds),
         "--connections", str(connections)],
        capture_output=True, text=True, timeout=seconds + 60, check=True,
    )
    return json.loads(out.stdout)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=8)
    ap.add_argument("--connections", type=int, default=32)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--app", default="waflows_bare", help="a factory of endpoint_apps.py")
    ap.add_argument("--stacks", default=DEFAULT_STACKS)
    args = ap.parse_args()
    if not CLIENT.exists():
        raise SystemExit(f"build the client first: cargo build --release --example load_client ({CLIENT} missing)")

    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    public_pem = private.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)

    def rsa_alone() -> float:
        wrapped = [private.public_key().encrypt(os.urandom(16), OAEP) for _ in range(300)]
        c0 = time.process_time()
        for w in wrapped:
            private.decrypt(w, OAEP)
        return (time.process_time() - c0) / len(wrapped) * 1e6

    import cryptography
    import httptools  # noqa: F401
    import uvicorn
    import uvloop
    import waflows

    rsa_runs = [rsa_alone()]
    print(f"python {sys.version.split()[0]}, waflows {waflows.__version__} ({waflows.RSA_BACKEND}), uvicorn {uvicorn.__version__}, "
          f"uvloop {uvloop.__version__}, httptools {__import__('httptools').__version__}, cryptography {cryptography.__version__}; "
          f"{os.cpu_count()} CPUs")
    print(f"client: {CLIENT.name} (Rust, threads, HTTP/1.1 keep-alive), {args.connections} connections, {args.seconds:.0f} s per run, "
          f"every answer decrypted and checked; app: {args.app}")
    stacks = args.stacks.split(",")
    results: dict[tuple[str, int], list[dict[str, float]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        key_path, public_path = os.path.join(tmp, "key.pem"), os.path.join(tmp, "public.pem")
        pathlib.Path(key_path).write_bytes(pem)
        pathlib.Path(public_path).write_bytes(public_pem)
        for rnd in range(args.rounds):
            for stack in stacks:
                for workers in (1, 2):
                    proc, port = start(stack, workers, key_path, args.app)
                    try:
                        client(port, public_path, 1.0, 8)  # warm up every worker
                        load0 = os.getloadavg()[0]
                        cpu0, wait0 = proc_cpu(proc.pid), proc_wait(proc.pid)
                        r = client(port, public_path, args.seconds, args.connections)
                        cpu, wait = proc_cpu(proc.pid) - cpu0, proc_wait(proc.pid) - wait0
                    finally:
                        proc.terminate()
                        proc.wait(30)
                    if r["errors"]:
                        raise SystemExit(f"{stack} workers={workers}: {r['errors']} bad answers, first: {r['first_error']}")
                    r["server_cpu_us"] = cpu / r["requests"] * 1e6
                    r["server_wait_us"] = wait / r["requests"] * 1e6
                    r["load"] = load0
                    results.setdefault((stack, workers), []).append(r)
                    print(f"round {rnd} {stack:<17} workers={workers}: {r['rps']:6.0f} req/s  p50 {r['p50_ms']:6.1f} ms  "
                          f"p99 {r['p99_ms']:6.1f} ms  server CPU {r['server_cpu_us']:4.0f} µs/req  waited for a CPU {r['server_wait_us']:4.0f} µs/req  "
                          f"client CPU {r['client_cpu_us_per_req']:3.0f} µs/req  load {load0:.1f}", flush=True)
            rsa_runs.append(rsa_alone())
    rsa_us = statistics.median(rsa_runs)
    print(f"\nRSA-OAEP-SHA256 unwrap alone (cryptography, 2048-bit), {len(rsa_runs)} measurements between rounds: "
          f"{min(rsa_runs):.0f}–{max(rsa_runs):.0f} µs CPU (median {rsa_us:.0f})")
    for stack in stacks:
        ones, twos = results[(stack, 1)], results[(stack, 2)]
        scale = [b["rps"] / a["rps"] for a, b in zip(ones, twos)]
        print(f"{stack:<17} 2 workers / 1 worker, per round: " + ", ".join(f"{s:.2f}x" for s in scale)
              + f"; p99 2w/1w: " + ", ".join(f"{b['p99_ms'] / a['p99_ms']:.2f}x" for a, b in zip(ones, twos)))
        for w in (1, 2):
            cpu = [r["server_cpu_us"] / rsa_us for r in results[(stack, w)]]
            print(f"{stack:<17} workers={w}: server CPU/req = {min(cpu):.2f}–{max(cpu):.2f}x the RSA unwrap")


if __name__ == "__main__":
    main()

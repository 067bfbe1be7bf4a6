"""Flow JSON validation from Python next to ``json.loads`` of the same text, measured side by
side in one run (interleaved rounds, best-of): generated flows of 1, 10, 100 and 1,000 screens,
valid and with one issue per screen, plus the largest file of the shared corpus when present.

    make bench-python        (or: .venv/bin/python benches/python/bench_flow_json.py [--quick])
    .venv/bin/python benches/python/bench_flow_json.py --rounds N   (more rounds on a busy machine;
        CORPUS=DIR names the folder of published flows)
    .venv/bin/python benches/python/bench_flow_json.py --write DIR   (only writes the flows, as
        g1.json, g1i.json, ... g1000i.json, for the instruction counts of benches/README.md)

The generator is the same shape as the criterion bench's (benches/flow_json.rs): every screen
has a heading, a bound TextBody, a Form with a TextInput, a Dropdown, an OptIn and a Footer that
navigates to the next screen (the last one completes). "With issues" binds each screen's
TextBody to an undeclared field, so every screen reports INVALID_SCREEN_DYNAMIC_DATA.
"""

from __future__ import annotations

import json
import os
import pathlib
import sys
import time
from typing import Any, Callable

import waflows

ROOT = pathlib.Path(__file__).resolve().parents[2]
CORPUS = pathlib.Path(os.environ.get("CORPUS", ROOT.parent / "shared" / "corpus" / "valid"))
TARGET = 1.5


def screen_id(i: int) -> str:
    return "S" + chr(65 + i // 26 // 26 % 26) + chr(65 + i // 26 % 26) + chr(65 + i % 26)


def generated(n: int, issues: bool) -> str:
    screens: list[dict[str, Any]] = []
    for i in range(n):
        last = i + 1 == n
        if last:
            action: dict[str, Any] = {"name": "complete", "payload": {"who": "${form.name}", "from": "${data.prev}"}}
        else:
            action = {"name": "navigate", "next": {"type": "screen", "name": screen_id(i + 1)},
                      "payload": {"prev": "${form.name}"}}
        s: dict[str, Any] = {
            "id": screen_id(i),
            "title": f"Step {i}",
            "data": {"prev": {"type": "string", "__example__": "x"}},
            "layout": {"type": "SingleColumnLayout", "children": [
                {"type": "TextHeading", "text": "Tell us more"},
                {"type": "TextBody", "text": "${data.missing}" if issues else "${data.prev}"},
                {"type": "Form", "name": "form", "children": [
                    {"type": "TextInput", "name": "name", "label": "Name", "required": True},
                    {"type": "Dropdown", "name": "pick", "label": "Pick", "data-source": [
                        {"id": "a", "title": "Alpha"}, {"id": "b", "title": "Beta"}]},
                    {"type": "OptIn", "name": "ok", "label": "I agree"},
                    {"type": "Footer", "label": "Next", "on-click-action": action}]}]},
        }
        if last:
            s["terminal"] = True
        screens.append(s)
    return json.dumps({"version": "7.3", "screens": screens}, indent=2)


def best(fn: Callable[[], object], rounds: int, number: int) -> float:
    """Best-of `rounds` mean seconds per call over `number` calls."""
    times = []
    for _ in range(rounds):
        t = time.perf_counter()
        for _ in range(number):
            fn()
        times.append((time.perf_counter() - t) / number)
    return min(times)


def measure(text: str, rounds: int) -> tuple[float, float, int]:
    data = text.encode()
    number = max(1, int(2_000_000 / max(len(data), 1)))
    report = waflows.validate_flow_json(data)
    # Interleave the two sides so that a noisy neighbour hits both alike.
    ours, theirs = [], []
    for _ in range(rounds):
        theirs.append(best(lambda: json.loads(data), 1, number))
        ours.append(best(lambda: waflows.validate_flow_json(data), 1, number))
    return min(ours), min(theirs), len(report.issues)


def write(folder: pathlib.Path) -> int:
    folder.mkdir(parents=True, exist_ok=True)
    for n in (1, 10, 100, 1000):
        for issues in (False, True):
            (folder / f"g{n}{'i' if issues else ''}.json").write_text(generated(n, issues), encoding="utf-8")
    return 0


def main() -> int:
    if "--write" in sys.argv:
        return write(pathlib.Path(sys.argv[sys.argv.index("--write") + 1]))
    quick = "--quick" in sys.argv
    rounds = 3 if quick else 7
    if "--rounds" in sys.argv:
        rounds = int(sys.argv[sys.argv.index("--rounds") + 1])
    cases: list[tuple[str, str]] = []
    for n in (1, 10, 100, 1000):
        for issues in (False, True):
            cases.append((f"{n} screen{'s' if n != 1 else ''}{', one issue each' if issues else ''}",
                          generated(n, issues)))
    if CORPUS.is_dir():
        largest = max(CORPUS.glob("*.json"), key=lambda p: p.stat().st_size, default=None)
        if largest is not None:
            cases.append((f"corpus largest ({largest.name})", largest.read_text(encoding="utf-8")))
    print(f"waflows.validate_flow_json (builder mode) vs json.loads, best of {rounds} interleaved rounds")
    print(f"| flow | size | issues | json.loads | validate | ratio (target <= {TARGET}) |")
    print("| --- | --- | --- | --- | --- | --- |")
    worst = 0.0
    for name, text in cases:
        ours, theirs, n_issues = measure(text, rounds)
        ratio = ours / theirs
        worst = max(worst, ratio)
        size = len(text.encode())
        size_s = f"{size / 1024:.0f} KB" if size >= 10_240 else f"{size} B"
        print(f"| {name} | {size_s} | {n_issues} | {theirs * 1e3:.3f} ms | {ours * 1e3:.3f} ms | **{ratio:.2f}** |")
    print(f"worst ratio: {worst:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The product document's hotel-feedback flow, run headlessly end to end.

A guest opens the "Share Feedback" flow, answers both screens and submits; the simulator plays
the WhatsApp client (the same checks, bindings and `complete` payload), the completion webhook
goes through the real ingestion, and this prints the events CleverTap would receive. It also
writes the trace as an offline page (build/hotel_feedback_trace.html).

Run from the repository root: `python examples/simulate_demo.py` (part of `make demo`).
"""

from __future__ import annotations

import json
import pathlib

import waflows

ROOT = pathlib.Path(__file__).resolve().parents[1]
FLOW = ROOT / "tests" / "fixtures" / "relay" / "hotel_feedback.flow.json"

SCRIPT = {
    "wa_id": "919876543210",
    "now": 1764000000,
    "flow_token": "stay-4711",
    "steps": [
        # Screen 1: "Would you recommend us?" left empty first: the phone refuses to go on.
        {"fill": {"comment": "Room was spotless, breakfast a bit late"}},
        {"tap": "footer"},
    ],
}


def main() -> None:
    flow = FLOW.read_bytes()

    refused = waflows.simulate(flow, SCRIPT)
    print(f"step {refused['refused_step']} refused, the phone shows: {refused['refused']!r}")

    SCRIPT["steps"] = [
        {"fill": {"recommend": "0_Yes", "comment": "Room was spotless, breakfast a bit late"}},
        {"tap": "footer"},
        {"select": {
            "Stay_Experience_f2b4e8": "0_★★★★★_•_Excellent_(5/5)",
            "Food_Experience_bf1842": "2_★★★☆☆_•_Average_(3/5)",
            "Customer_service": "1_Good",
        }},
        {"tap": "footer"},
    ]
    trace = waflows.simulate(flow, SCRIPT)
    assert trace["refused"] is None, trace["refused"]
    for view in trace["views"]:
        print(f"screen {view['id']}: {view['title']}")
        for c in view["components"]:
            if "value" in c:
                print(f"    {c['name']} = {c['value']}")
    print("response_json (nfm_reply):", json.dumps(trace["complete"], ensure_ascii=False))
    print("CleverTap receives:")
    for r in trace["records"]:
        print("   ", json.dumps(r["record"], ensure_ascii=False))

    out = ROOT / "build" / "hotel_feedback_trace.html"
    out.parent.mkdir(exist_ok=True)
    out.write_text(waflows.preview_trace(flow, trace), encoding="utf-8")
    print(f"trace page written: {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()

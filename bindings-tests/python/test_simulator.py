"""Python surface of the headless flow simulator: waflows.simulate and `waflows simulate`.

The product document's three flows run to completion from scripts; their `complete` payloads
and the CleverTap records are asserted against what the document describes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import waflows

ROOT = Path(__file__).resolve().parents[2]
RELAY = ROOT / "tests" / "fixtures" / "relay"
HOTEL = (RELAY / "hotel_feedback.flow.json").read_bytes()
BUS = (RELAY / "bus_booking.flow.json").read_bytes()
WEATHER = (RELAY / "weather_age.flow.json").read_bytes()

HOTEL_SCRIPT: dict[str, Any] = {
    "wa_id": "919876543210",
    "now": 1_764_000_000,
    "steps": [
        {"fill": {"recommend": "0_Yes", "comment": "Room was spotless"}},
        {"tap": "footer"},
        {"select": {
            "Stay_Experience_f2b4e8": "0_★★★★★_•_Excellent_(5/5)",
            "Food_Experience_bf1842": "1_★★★★☆_•_Good_(4/5)",
            "Customer_service": "0_Excellent",
        }},
        {"tap": "footer"},
    ],
}

BUS_SCRIPT: dict[str, Any] = {
    "wa_id": "919000000001",
    "now": 1_764_000_000,
    "flow_token": "bus-token-1",
    "steps": [
        {"fill": {"depart_from": "Pune", "arrive_in": "Mumbai", "depart_date": "2025-06-01"}},
        {"tap": "footer"},
        {"select": {"left_seats": "2A", "right_seats": "4C"}},
        {"tap": "footer"},
        {"tap": "footer"},
    ],
}

WEATHER_TOKEN = "1_2388541_2388541_1655455488_4393817507571773_1761636502"
WEATHER_SCRIPT: dict[str, Any] = {
    "start": {"action": "data_exchange"},
    "wa_id": "919000000002",
    "flow_token": WEATHER_TOKEN,
    "steps": [
        {"select": {"What_would_you_like_24dfd1": "1_Check_my_age"}},
        {"tap": "footer"},
        {"tap": "footer"},
    ],
}

HOTEL_EVT_DATA = {
    "stay_experience": "0_★★★★★_•_Excellent_(5/5)",
    "food_experience": "1_★★★★☆_•_Good_(4/5)",
    "customer_service_experience": "0_Excellent",
    "recommend": "0_Yes",
    "comment": "Room was spotless",
}


def test_hotel_feedback_completes_with_the_stay_feedback_event() -> None:
    for flow in (HOTEL, HOTEL.decode(), json.loads(HOTEL)):
        for script in (HOTEL_SCRIPT, json.dumps(HOTEL_SCRIPT)):
            t = waflows.simulate(flow, script)
            assert t["refused"] is None
            assert t["screens"] == ["RECOMMEND", "RATE"]
            assert t["requests"] == []
            assert t["complete"] == {
                "flow_token": "simulated-flow-token",
                "ct-evt": {"evtName": "Stay Feedback", "evtData": HOTEL_EVT_DATA},
            }
            assert t["records"] == [{
                "source": "complete",
                "screen": "RATE",
                "record": {"type": "event", "identity": "919876543210", "ts": 1_764_000_000,
                           "evtName": "Stay Feedback", "evtData": HOTEL_EVT_DATA},
            }]
            assert t["closed"] is True
            assert t["views"][1]["title"] == "Feedback 2 of 2"


def test_bus_booking_crosses_the_codec_through_the_relay_in_process() -> None:
    t = waflows.simulate(BUS, BUS_SCRIPT, {"relay": {"setup": "platform"}})
    assert t["refused"] is None, t["messages"]
    assert t["screens"] == ["welcome_screen", "seat_selection", "booking_confirmation"]
    # The exact decrypted first request, next_screen included (the relay routes on it).
    assert t["requests"][0] == {
        "data": {"next_screen": "seat_selection", "depart_from": "Pune", "arrive_in": "Mumbai",
                 "depart_date": "2025-06-01",
                 "ct-evt": {"evtName": "Date Selected", "evtData": {
                     "depart_from": "Pune", "arrive_in": "Mumbai", "depart_date": "2025-06-01"}}},
        "flow_token": "bus-token-1", "screen": "welcome_screen",
        "action": "data_exchange", "version": "3.0",
    }
    assert [(r["source"], r["record"]["evtName"]) for r in t["records"]] == [
        ("data_exchange", "Date Selected"),
        ("data_exchange", "Seat Selected"),
        ("complete", "Bus booking Done"),
    ]
    # The product document's "Bus booking Done" evtData; return_date is never set, so it is
    # left out rather than sent empty.
    assert t["records"][2]["record"]["evtData"] == {
        "depart_from": "Pune", "arrive_in": "Mumbai", "depart_date": "2025-06-01",
        "selected_left_seat": "2A", "selected_right_seat": "4C",
    }
    assert all(r["record"]["identity"] == "919000000001" for r in t["records"])
    assert t["complete"]["flow_token"] == "bus-token-1"
    # The relay's statically routed answer, decrypted.
    assert t["exchanges"][0]["response"]["screen"] == "seat_selection"


def test_weather_age_with_a_python_callable_as_the_customer_endpoint() -> None:
    seen: list[dict[str, Any]] = []
    answers = [
        {"screen": "WELCOME", "data": {"name": "Jay", "city": "Pune", "age": "30",
                                        "next_screen": "WELCOME", "toDisplay": "What would you like to know?"}},
        {"screen": "YOUR_AGE", "data": {"name": "Jay", "age": "30", "toDisplay": "You are 30"}},
    ]

    def customer(forwarded: dict[str, Any]) -> dict[str, Any]:
        seen.append(forwarded)
        return answers.pop(0)

    t = waflows.simulate(WEATHER, WEATHER_SCRIPT, customer, relay_setup="platform+customer")
    assert t["refused"] is None, t["messages"]
    assert t["screens"] == ["WELCOME", "YOUR_AGE"]
    # The product document's "Forwarded decrypted payload to customer endpoint" (plus the name
    # the flow's payload carries; next_screen is removed by the relay).
    assert seen[0]["action"] == "INIT"
    assert seen[1] == {"data": {"option": "1_Check_my_age", "name": "Jay"}, "flow_token": WEATHER_TOKEN,
                       "screen": "WELCOME", "action": "data_exchange", "version": "3.0"}
    assert t["complete"] == {"flow_token": WEATHER_TOKEN, "age": "30", "name": "Jay"}
    assert t["records"] == []


def test_scripted_answers_list_behind_the_relay_and_directly() -> None:
    customer = [
        {"screen": "WELCOME", "data": {"name": "Jay", "toDisplay": "Hi"}},
        {"screen": "YOUR_AGE", "data": {"name": "Jay", "age": "41", "toDisplay": "You are 41"}},
    ]
    behind = waflows.simulate(WEATHER, WEATHER_SCRIPT, {"relay": {"setup": "platform+customer", "customer": customer}})
    direct = waflows.simulate(WEATHER, WEATHER_SCRIPT, customer)
    for t in (behind, direct):
        assert t["refused"] is None
        assert t["complete"] == {"flow_token": WEATHER_TOKEN, "age": "41", "name": "Jay"}
    # Directly, the phone's own request is what the endpoint sees (next_screen kept).
    assert direct["requests"][1]["data"] == {"option": "1_Check_my_age", "name": "Jay", "next_screen": "WEATHER"}


def test_a_refused_step_carries_the_phones_message() -> None:
    t = waflows.simulate(HOTEL, {"steps": [{"fill": {"comment": "meh"}}, {"tap": "footer"}, {"back": True}]})
    assert t["refused"] == "Choose one is required"
    assert t["refused_step"] == 1
    assert t["steps_run"] == 2
    assert t["messages"][0]["field"] == "recommend"
    assert t["complete"] is None and t["records"] == []


def test_errors_are_simulator_errors() -> None:
    cases: list[tuple[Any, Any, Any, str]] = [
        (HOTEL, {"steps": [{"jump": 1}]}, None, "simulator_script_invalid"),
        (HOTEL, {"steps": [{"fill": {"recommend": 3}}]}, None, "simulator_script_invalid"),
        (HOTEL, {"steps": [{"back": False}] * 10_001}, None, "simulator_limit_exceeded"),
        (b'{"version": "1.0", "screens": [{"id": "A"}]}', {"steps": []}, None, "simulator_flow_unsupported"),
        (WEATHER, WEATHER_SCRIPT, [], "simulator_answer_invalid"),
        (WEATHER, WEATHER_SCRIPT, {"nope": 1}, "simulator_answer_invalid"),
        (WEATHER, WEATHER_SCRIPT, [{"screen": "TODAYS_WEATHER", "data": {}}], "simulator_answer_invalid"),
    ]
    for flow, script, answers, code in cases:
        with pytest.raises(waflows.SimulatorError) as e:
            waflows.simulate(flow, script, answers)
        assert e.value.code == code, (script, answers)
        assert isinstance(e.value, waflows.WaflowsError)
    with pytest.raises(waflows.FlowJsonMalformed):
        waflows.simulate(b"[", {"steps": []})
    with pytest.raises(waflows.WaflowsError):
        waflows.simulate(HOTEL, 42)  # type: ignore[arg-type]
    with pytest.raises(waflows.WaflowsError):
        waflows.simulate(HOTEL, {"steps": []}, relay_setup="nope")
    # Arguments of the wrong type are typed errors too, never a plain TypeError.
    for bad in ({"relay_setup": 3}, {"answers": {1, 2}}):
        with pytest.raises(waflows.WaflowsError):
            waflows.simulate(HOTEL, {"steps": []}, **bad)  # type: ignore[arg-type]
    with pytest.raises(waflows.WaflowsError):
        waflows.simulate(HOTEL, [1, 2])  # type: ignore[arg-type]


def test_an_exception_in_the_callable_comes_back_unchanged() -> None:
    class Boom(Exception):
        pass

    def endpoint(_req: dict[str, Any]) -> dict[str, Any]:
        raise Boom("endpoint down")

    with pytest.raises(Boom, match="endpoint down"):
        waflows.simulate(WEATHER, WEATHER_SCRIPT, endpoint)
    # A callable returning something that is not an answer is a typed error.
    with pytest.raises(waflows.SimulatorError):
        waflows.simulate(WEATHER, WEATHER_SCRIPT, lambda _r: 42)


# --- the CLI ------------------------------------------------------------------------------


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "waflows", "simulate", *args],
                          capture_output=True, text=True, cwd=cwd, timeout=120)


def test_cli_runs_a_script_to_its_end(tmp_path: Path) -> None:
    (tmp_path / "steps.json").write_text(json.dumps(HOTEL_SCRIPT), encoding="utf-8")
    flow = str(RELAY / "hotel_feedback.flow.json")
    p = _cli(flow, "--script", "steps.json", "--format", "json", cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    out = json.loads(p.stdout)
    assert out["screens"] == ["RECOMMEND", "RATE"]
    assert out["requests"] == []
    assert out["refused"] is None
    assert out["complete"]["ct-evt"]["evtName"] == "Stay Feedback"
    assert out["records"][0]["record"]["evtData"] == HOTEL_EVT_DATA
    text = _cli(flow, "--script", "steps.json", cwd=tmp_path)
    assert text.returncode == 0
    assert "screen RATE (navigate): Feedback 2 of 2" in text.stdout
    assert "record (complete):" in text.stdout


def test_cli_with_relay_answers(tmp_path: Path) -> None:
    (tmp_path / "steps.json").write_text(json.dumps(WEATHER_SCRIPT), encoding="utf-8")
    answers = {"relay": {"setup": "platform+customer", "customer": [
        {"screen": "WELCOME", "data": {"name": "Jay"}},
        {"screen": "YOUR_AGE", "data": {"name": "Jay", "age": "30", "toDisplay": "You are 30"}}]}}
    (tmp_path / "answers.json").write_text(json.dumps(answers), encoding="utf-8")
    p = _cli(str(RELAY / "weather_age.flow.json"), "--script", "steps.json", "--answers", "answers.json",
             "--format", "json", cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    out = json.loads(p.stdout)
    assert [r["action"] for r in out["requests"]] == ["INIT", "data_exchange"]
    assert out["complete"] == {"flow_token": WEATHER_TOKEN, "age": "30", "name": "Jay"}


def test_cli_exit_1_prints_the_refusal(tmp_path: Path) -> None:
    (tmp_path / "steps.json").write_text(json.dumps({"steps": [{"tap": "footer"}]}), encoding="utf-8")
    flow = str(RELAY / "hotel_feedback.flow.json")
    p = _cli(flow, "--script", "steps.json", "--format", "json", cwd=tmp_path)
    assert p.returncode == 1
    assert json.loads(p.stdout)["refused"] == "Choose one is required"
    assert "refused: Choose one is required" in p.stderr
    # An endpoint flow without answers stops with a typed error: exit 1, not 2.
    (tmp_path / "w.json").write_text(json.dumps(WEATHER_SCRIPT), encoding="utf-8")
    p = _cli(str(RELAY / "weather_age.flow.json"), "--script", "w.json", cwd=tmp_path)
    assert p.returncode == 1
    assert "simulator_answer_invalid" in p.stderr


def test_cli_exit_2_for_unreadable_input(tmp_path: Path) -> None:
    flow = str(RELAY / "hotel_feedback.flow.json")
    (tmp_path / "ok.json").write_text('{"steps": []}', encoding="utf-8")
    (tmp_path / "bad.json").write_text('{"steps": [', encoding="utf-8")
    (tmp_path / "shape.json").write_text('{"steps": [{"jump": 1}]}', encoding="utf-8")
    (tmp_path / "list.json").write_text('[]', encoding="utf-8")
    (tmp_path / "answers.json").write_text('{"x": 1}', encoding="utf-8")
    (tmp_path / "flow.json").write_text('{"version": ', encoding="utf-8")
    for args in (
        [flow, "--script", "missing.json"],
        [flow, "--script", "bad.json"],
        [flow, "--script", "shape.json"],
        [flow, "--script", "list.json"],
        [flow, "--script", "ok.json", "--answers", "answers.json"],
        [flow, "--script", "ok.json", "--answers", "bad.json"],
        ["flow.json", "--script", "ok.json"],
        ["nope.flow.json", "--script", "ok.json"],
    ):
        p = _cli(*args, cwd=tmp_path)
        assert p.returncode == 2, (args, p.stdout, p.stderr)
        assert p.stderr.strip(), args


# --- the trace as a page --------------------------------------------------------------------


def test_preview_trace_renders_the_screens_the_user_saw() -> None:
    t = waflows.simulate(HOTEL, HOTEL_SCRIPT)
    for trace in (t, json.dumps(t), json.dumps(t).encode()):
        html = waflows.preview_trace(HOTEL, trace)
        assert html.startswith("<!DOCTYPE html>")
        assert "default-src 'none'" in html
        assert html.index('data-screen="RECOMMEND"') < html.index('data-screen="RATE"')
        assert "Room was spotless" in html and "Stay Feedback" in html
        assert "<script" not in html
    hostile = waflows.simulate(HOTEL, {"steps": [{"fill": {"comment": "<script>alert(1)</script>"}}]})
    html = waflows.preview_trace(HOTEL, hostile)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script" not in html
    with pytest.raises(waflows.PreviewError) as e:
        waflows.preview_trace(BUS, t)
    assert e.value.code == "preview_screen_unknown"
    with pytest.raises(waflows.InvalidArgument):
        waflows.preview_trace(HOTEL, {"views": 3})
    with pytest.raises(waflows.InvalidArgument):
        waflows.preview_trace(HOTEL, {**t, "extra": 1})
    with pytest.raises(waflows.InvalidArgument):
        waflows.preview_trace(HOTEL, 3)  # type: ignore[arg-type]


def test_cli_writes_the_trace_page(tmp_path: Path) -> None:
    (tmp_path / "steps.json").write_text(json.dumps(HOTEL_SCRIPT), encoding="utf-8")
    p = _cli(str(RELAY / "hotel_feedback.flow.json"), "--script", "steps.json", "--html", "trace.html", cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    html = (tmp_path / "trace.html").read_text(encoding="utf-8")
    assert 'data-screen="RATE"' in html and "Room was spotless" in html
    p = _cli(str(RELAY / "hotel_feedback.flow.json"), "--script", "steps.json", "--html",
             str(tmp_path / "no" / "such" / "dir.html"), cwd=tmp_path)
    assert p.returncode == 2


def test_caps_end_with_typed_errors_on_both_sides() -> None:
    looping = {"version": "7.2", "data_api_version": "3.0", "routing_model": {"A": []}, "screens": [{
        "id": "A", "layout": {"type": "SingleColumnLayout", "children": [
            {"type": "Footer", "label": "x", "on-click-action": {"name": "data_exchange", "payload": {}}}]}}]}

    def same(_req: dict[str, Any]) -> dict[str, Any]:
        return {"screen": "A", "data": {}}

    t = waflows.simulate(looping, {"steps": [{"tap": "footer"}] * 1000}, same)
    assert len(t["requests"]) == 1000
    with pytest.raises(waflows.SimulatorError) as e:
        waflows.simulate(looping, {"steps": [{"tap": "footer"}] * 1001}, same)
    assert e.value.code == "simulator_limit_exceeded"
    assert waflows.simulate(HOTEL, {"steps": [{"back": False}] * 10_000})["steps_run"] == 10_000

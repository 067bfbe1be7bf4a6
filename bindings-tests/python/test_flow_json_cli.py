"""`waflows validate`: skipped semantic checks, escaped source lines, trailing commas."""

from __future__ import annotations

import json
import pathlib
import subprocess
import sys

import waflows

CASES = pathlib.Path(__file__).resolve().parents[2] / "tests/fixtures/flow_json/cases"


def case(name: str) -> bytes:
    return (CASES / name / "flow.json").read_bytes()


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "waflows", *args], capture_output=True, text=True, check=False)


def both_kinds_of_errors() -> bytes:
    """A schema error (unknown key) and a semantic error (undeclared binding) in one flow."""
    doc = json.loads(case("INVALID_SCREEN_DYNAMIC_DATA--undeclared--fail"))
    doc["screens"][1]["layout"]["children"][0]["bogus"] = 1
    return json.dumps(doc, indent=2).encode()


def test_builder_mode_says_how_many_semantic_checks_it_skipped(tmp_path: pathlib.Path) -> None:
    f = tmp_path / "flow.json"
    f.write_bytes(both_kinds_of_errors())
    builder = run_cli("validate", str(f))
    assert builder.returncode == 1
    assert "INVALID_PROPERTY_KEY" in builder.stdout
    assert "INVALID_SCREEN_DYNAMIC_DATA" not in builder.stdout
    assert f"{f}: 1 semantic check skipped" in builder.stdout
    assert builder.stdout.rstrip().endswith("run with --mode everything")
    everything = run_cli("validate", "--mode", "everything", str(f))
    assert "INVALID_SCREEN_DYNAMIC_DATA" in everything.stdout
    assert "skipped" not in everything.stdout
    # The count comes from the report itself.
    r = waflows.validate_flow_json(both_kinds_of_errors())
    assert json.loads(r.to_json())["semantic_skipped"] == 1
    assert json.loads(waflows.validate_flow_json(both_kinds_of_errors(), mode="everything").to_json())[
        "semantic_skipped"] == 0


def test_nothing_said_when_nothing_was_skipped(tmp_path: pathlib.Path) -> None:
    f = tmp_path / "flow.json"
    f.write_bytes(case("INVALID_SCREEN_DYNAMIC_DATA--undeclared--fail"))
    r = run_cli("validate", str(f))
    assert r.returncode == 1 and "skipped" not in r.stdout


def test_echoed_lines_escape_control_characters_and_invalid_utf8(tmp_path: pathlib.Path) -> None:
    f = tmp_path / "flow.json"
    # A raw ESC inside a string is the syntax error; it must not reach the terminal.
    f.write_bytes(b'{"a": "\x1b[31m red"}')
    r = run_cli("validate", str(f))
    assert r.returncode == 1
    lines = r.stdout.splitlines()
    assert lines[0].startswith(f"{f}:1:8: error[INVALID_FLOW_JSON]")
    assert "\x1b" not in r.stdout
    assert lines[1] == '    {"a": "\\x1b[31m red"}'
    assert lines[2] == "    " + " " * 7 + "^~~~"
    # Invalid UTF-8 is shown byte by byte, never as U+FFFD.
    f.write_bytes(b'{"a": "ok", "b": "\xff\xfe"}')
    r = run_cli("validate", str(f))
    assert r.returncode == 1
    lines = r.stdout.splitlines()
    assert "\ufffd" not in r.stdout
    assert lines[1] == '    {"a": "ok", "b": "\\xff\\xfe"}'


def test_trailing_comma_points_at_the_comma(tmp_path: pathlib.Path) -> None:
    f = tmp_path / "flow.json"
    f.write_bytes(b'{\n  "version": "7.3",\n  "screens": [],\n}\n')
    r = run_cli("validate", str(f))
    lines = r.stdout.splitlines()
    assert lines[0].startswith(f"{f}:3:16: error[INVALID_FLOW_JSON]")
    assert lines[1] == '      "screens": [],'
    assert lines[2] == "    " + " " * 15 + "^"

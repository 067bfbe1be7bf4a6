"""Flow JSON validation from Python: the report API, the catalogue, and the command line."""

from __future__ import annotations

import json
import pathlib
import subprocess
import sys

import pytest

import waflows
from conftest import FIXTURES

CASES = FIXTURES / "flow_json" / "cases"
SHARED_CORPUS = FIXTURES.parents[2] / "shared" / "corpus" / "valid"


def case(name: str) -> bytes:
    return (CASES / name / "flow.json").read_bytes()


def expected(name: str) -> dict:
    return json.loads((CASES / name / "expected.json").read_text())


ALL_CASES = sorted(p.name for p in CASES.iterdir() if p.is_dir())


@pytest.mark.parametrize("name", ALL_CASES)
def test_fixture_suite_agrees_with_rust(name: str) -> None:
    exp = expected(name)
    opts = exp.get("options", {})
    report = waflows.validate_flow_json(
        case(name),
        mode=opts.get("mode", "everything"),
        for_publish=opts.get("for_publish", False),
        strict=opts.get("strict", False),
    )
    for e in exp.get("expect", []):
        assert any(
            i.code == e["code"] and i.severity == e["severity"] and e["pointer"] in [i.pointer, *i.also]
            for i in report.issues
        ), (e, str(report))
    for code in exp.get("absent", []):
        assert all(i.code != code for i in report.issues), str(report)
        assert report.ok, str(report)


def test_issue_fields() -> None:
    report = waflows.validate_flow_json(case("DUPLICATE_FORM_COMPONENT_NAMES--two-inputs--fail"))
    assert not report.ok and not bool(report)
    [issue] = report.errors
    assert issue.code == "DUPLICATE_FORM_COMPONENT_NAMES"
    assert issue.severity == "error"
    assert issue.pointer == "/screens/0/layout/children/0/children/1/name"
    assert issue.path == ("screens", 0, "layout", "children", 0, "children", 1, "name")
    assert issue.meta_path == "screens[0].layout.children[0].children[1].name"
    assert (issue.line, issue.column, issue.end_line, issue.end_column) == (21, 25, 21, 36)
    assert "first_name" in issue.message
    assert report.warnings == []
    assert len(report) == 1
    assert "DUPLICATE_FORM_COMPONENT_NAMES" in repr(issue)


def test_exports() -> None:
    report = waflows.validate_flow_json(case("INVALID_SCREEN_DATA--no-example--fail"))
    doc = json.loads(report.to_json())
    assert doc["ok"] is False and doc["error_count"] == len(report.errors)
    first = doc["issues"][0]
    assert set(first) >= {"code", "severity", "message", "pointer", "path", "meta_path", "line", "column",
                          "end_line", "end_column", "also"}
    meta = report.to_meta_validation_errors()
    assert meta[0]["error"] == "INVALID_SCREEN_DATA"
    assert meta[0]["error_type"] == "FLOW_JSON_ERROR"
    assert meta[0]["pointers"][0]["path"] == "screens[1].data.name"
    assert meta[0]["line_start"] == meta[0]["pointers"][0]["line_start"] >= 1


@pytest.mark.parametrize("text", [b"", b"\xff\xfe\x00", "{", "[]", bytearray(b"{}"), memoryview(b"null")])
def test_bad_documents_are_reports(text) -> None:
    report = waflows.validate_flow_json(text)
    assert not report.ok
    assert report.issues[0].code in {"INVALID_FLOW_JSON", "MISSING_FLOW_JSON_VERSION"}


def test_modes_and_publish() -> None:
    frozen = case("WAFLOWS_FROZEN_VERSION--v5-0--fail")
    assert waflows.validate_flow_json(frozen).ok
    assert not waflows.validate_flow_json(frozen, for_publish=True).ok
    both = b'{"version": "7.3", "bogus": 1, "screens": [{"id": "A", "layout": {"type": "SingleColumnLayout", "children": []}}]}'
    builder = {i.code for i in waflows.validate_flow_json(both).issues}
    everything = {i.code for i in waflows.validate_flow_json(both, mode="everything").issues}
    assert "INVALID_PROPERTY_KEY" in builder and "MISSING_TERMINAL_SCREEN" not in builder
    assert "MISSING_TERMINAL_SCREEN" in everything
    with pytest.raises(ValueError):
        waflows.validate_flow_json(both, mode="fast")


def test_options_are_the_core_validation_options() -> None:
    # The keywords are read by the core's Deserialize, the reader of the C options_json.
    strict_case = case("INVALID_SCREEN_DYNAMIC_DATA--number-expression-in-string-strict--fail")
    assert "INVALID_SCREEN_DYNAMIC_DATA" not in {i.code for i in waflows.validate_flow_json(strict_case).issues}
    assert "INVALID_SCREEN_DYNAMIC_DATA" in {i.code for i in waflows.validate_flow_json(strict_case, strict=True).issues}
    many = b'{"version": "7.3", "screens": [], "x": 1}'
    assert len(waflows.validate_flow_json(many, mode="everything").issues) >= 2
    capped = waflows.validate_flow_json(many, mode="everything", max_issues=1)
    assert len(capped.issues) == 1 and capped.truncated
    # A non-bool flag or a bad count is InvalidArgument naming the API, never a TypeError.
    for bad in ({"for_publish": 1}, {"strict": "yes"}, {"max_issues": -1}, {"max_issues": True}, {"mode": 3}):
        with pytest.raises(waflows.InvalidArgument, match="validate_flow_json"):
            waflows.validate_flow_json(many, **bad)


def test_too_large_raises() -> None:
    with pytest.raises(waflows.errors.FlowJsonTooLarge) as e:
        waflows.validate_flow_json(b" " * (10 * 1024 * 1024 + 1))
    assert e.value.code == "flow_json_too_large"
    assert isinstance(e.value, waflows.errors.LimitExceeded)


def test_issue_codes_catalogue() -> None:
    rows = waflows.issue_codes()
    codes = [r["code"] for r in rows]
    assert len(codes) == len(set(codes))
    assert "INVALID_PROPERTY_KEY" in codes and "WAFLOWS_UNKNOWN_NEXT_SCREEN" in codes
    assert all(r["description"] and r["severity"] in {"error", "warning"} for r in rows)
    one_of = rows[codes.index("KEYWORD_ONE_OF")]
    assert (one_of["since"], one_of["until"]) == (None, "3.1")
    assert rows[codes.index("WAFLOWS_FROZEN_VERSION")]["severity"] == "warning"
    snapshot = (FIXTURES / "flow_json" / "issue_codes.txt").read_text().split()[::3]
    assert codes == snapshot


@pytest.mark.skipif(not SHARED_CORPUS.is_dir(), reason="shared corpus not beside the checkout")
def test_shared_corpus_is_valid() -> None:
    for p in sorted(SHARED_CORPUS.glob("*.json")):
        report = waflows.validate_flow_json(p.read_bytes(), mode="everything")
        assert report.ok, f"{p.name}:\n{report}"


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "waflows", *args], capture_output=True, text=True, check=False)


def test_cli_text_output_and_exit_status(tmp_path: pathlib.Path) -> None:
    bad = tmp_path / "flow.json"
    bad.write_bytes(case("DUPLICATE_FORM_COMPONENT_NAMES--two-inputs--fail"))
    r = run_cli("validate", str(bad))
    assert r.returncode == 1
    lines = r.stdout.splitlines()
    assert lines[0] == f'{bad}:21:25: error[DUPLICATE_FORM_COMPONENT_NAMES] duplicate component name "first_name" on screen FIRST'
    assert lines[1].strip() == '"name": "first_name",'
    assert lines[2].index("^") == 4 + 24
    good = tmp_path / "good.json"
    good.write_bytes(case("DUPLICATE_FORM_COMPONENT_NAMES--two-inputs--pass"))
    ok = run_cli("validate", str(good))
    assert ok.returncode == 0, ok.stdout
    assert ok.stdout.strip().endswith("0 errors, 0 warnings")


def test_cli_json_and_unreadable(tmp_path: pathlib.Path) -> None:
    f = tmp_path / "f.json"
    f.write_bytes(case("WAFLOWS_FROZEN_VERSION--v5-0--fail"))
    r = run_cli("validate", "--format", "json", str(f))
    assert r.returncode == 0
    doc = json.loads(r.stdout)
    assert doc["files"][0]["file"] == str(f)
    assert doc["files"][0]["warning_count"] == 1
    r = run_cli("validate", "--for-publish", "--format", "json", str(f))
    assert r.returncode == 1
    missing = run_cli("validate", str(tmp_path / "nope.json"))
    assert missing.returncode == 2 and "cannot read" in missing.stderr


def test_raise_for_issues() -> None:
    good = waflows.validate_flow_json(case("WAFLOWS_FROZEN_VERSION--v5-0--fail"))
    assert good.raise_for_issues() is None
    bad = waflows.validate_flow_json(case("INVALID_SCREEN_DATA--no-example--fail"))
    with pytest.raises(waflows.errors.FlowJsonInvalid) as e:
        bad.raise_for_issues()
    assert isinstance(e.value, ValueError) and isinstance(e.value, waflows.WaflowsError)
    assert e.value.code == "flow_json_invalid"
    assert e.value.report is bad
    assert "INVALID_SCREEN_DATA" in str(e.value)
